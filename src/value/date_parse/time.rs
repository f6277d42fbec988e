//! The time matcher of `Date._parse`: `10:20:30.5`, `10h20m`, `10 p.m.`, and the zone
//! that may follow a time.

use super::{Parsed, Text, is_space, nanos, num};

/// `10:20`, `10:20:30.5`, `10h20m`, `10am`, `10 p.m.`, with an optional zone after it.
/// `false` where Ruby raises (an hour with `am`/`pm` that overflows a C `int`).
pub(super) fn parse_time(t: &mut Text, p: &mut Parsed) -> bool {
    let Some((span, time_end, zone)) = t.search(|t, i| {
        let end = time_part(t, i)?;
        let zone = (0..=t.spaces(end))
            .rev()
            .find_map(|sp| zone_part(t, end + sp).map(|z| (end + sp, z)));
        Some(match zone {
            Some((z0, z1)) => ((i, z1), end, Some((z0, z1))),
            None => ((i, end), end, None),
        })
    }) else {
        return true;
    };
    let time = t.str((span.0, time_end));
    if let Some(z) = zone {
        p.zone = Some(t.str(z));
    }
    t.blank(span);
    read_time(&time.chars().collect::<Vec<_>>(), p)
}

/// Where the time itself (without zone) ends, if one starts at `i`.
fn time_part(t: &Text, i: usize) -> Option<usize> {
    let d = t.digits(i);
    if d == 0 {
        return None;
    }
    let k = i + d;
    let body = colon_time(t, k).or_else(|| hour_time(t, k));
    match body {
        Some(end) => Some(meridian(t, end + t.spaces(end)).unwrap_or(end)),
        None => meridian(t, k + t.spaces(k)),
    }
}

/// `:MM` and optionally `:SS[.frac]` after the hour digits.
fn colon_time(t: &Text, k: usize) -> Option<usize> {
    let mut j = k + t.spaces(k);
    if t.at(j) != Some(':') {
        return None;
    }
    j += 1;
    j += t.spaces(j);
    let d = t.digits(j);
    if d == 0 {
        return None;
    }
    let end = j + d;
    let mut s = end + t.spaces(end);
    if t.at(s) == Some(':') {
        s += 1;
        s += t.spaces(s);
        let d = t.digits(s);
        if d > 0 {
            let mut e = s + d;
            if t.is(e, |c| c == ',' || c == '.') {
                e += 1 + t.digits(e + 1);
            }
            return Some(e);
        }
    }
    Some(end)
}

/// `h`, then optionally minutes (`m`) and seconds (`s`).
fn hour_time(t: &Text, k: usize) -> Option<usize> {
    let j = k + t.spaces(k);
    if !t.lit(j, "h") {
        return None;
    }
    let mut end = j + 1;
    let m = end + t.spaces(end);
    let d = t.digits(m);
    if d > 0 {
        end = m + d + usize::from(t.lit(m + d, "m"));
        let s = end + t.spaces(end);
        let d = t.digits(s);
        if d > 0 {
            end = s + d + usize::from(t.lit(s + d, "s"));
        }
    }
    Some(end)
}

/// `am`/`pm` (followed by a word boundary) or `a.m.`/`p.m.` at `j`.
pub(super) fn meridian(t: &Text, j: usize) -> Option<usize> {
    if !t.is(j, |c| matches!(c, 'a' | 'A' | 'p' | 'P')) {
        return None;
    }
    if t.lit(j + 1, "m") && t.boundary(j + 2) {
        Some(j + 2)
    } else if t.lit(j + 1, ".m.") {
        Some(j + 4)
    } else {
        None
    }
}

/// A zone right after a time: `+09:00`, `gmt-5`, `eastern standard time`, `est dst`, `z`...
fn zone_part(t: &Text, z: usize) -> Option<usize> {
    // An offset, optionally behind `gmt`, `utc` or `ut`.
    for prefix in ["gmt", "utc", "ut", ""] {
        if !t.lit(z, prefix) {
            continue;
        }
        let s = z + prefix.len();
        if !t.is(s, |c| c == '+' || c == '-') || t.digits(s + 1) == 0 {
            continue;
        }
        let mut end = s + 1 + t.digits(s + 1);
        if t.is(end, |c| ",.:".contains(c)) && t.digits(end + 1) > 0 {
            end += 1 + t.digits(end + 1);
            if t.at(end) == Some(':') && t.digits(end + 1) > 0 {
                end += 1 + t.digits(end + 1);
            }
        }
        return Some(end);
    }
    // `... standard time` / `... daylight time`: the longest such run.
    let run = t.count(z, |c| c.is_alphabetic() || c == '.' || is_space(c));
    for k in (z + 1..z + run).rev() {
        if (t.lit(k, "standard") || t.lit(k, "daylight"))
            && t.is(k + 8, is_space)
            && t.lit(k + 9, "time")
            && t.boundary(k + 13)
        {
            return Some(k + 13);
        }
    }
    // A word, optionally followed by ` dst`.
    let w = t.count(z, char::is_alphabetic);
    if w == 0 {
        return None;
    }
    let e = z + w;
    if t.is(e, is_space) && t.lit(e + 1, "dst") && t.boundary(e + 4) {
        return Some(e + 4);
    }
    t.boundary(e).then_some(e)
}

/// Reads hour, minutes, seconds, fraction and meridian out of a matched time.
fn read_time(c: &[char], p: &mut Parsed) -> bool {
    let t = Text { c: c.to_vec() };
    let d = t.digits(0);
    let mut hour = num(&t.str((0, d)));
    let mut j = d + usize::from(t.lit(d, "h"));
    // `\s*:?\s*` before minutes and seconds.
    let sep = |j: usize| {
        let mut k = j + t.spaces(j);
        k += usize::from(t.at(k) == Some(':'));
        k + t.spaces(k)
    };
    let m = sep(j);
    let dm = t.digits(m);
    if dm > 0 {
        p.min = Some(num(&t.str((m, m + dm))));
        j = m + dm + usize::from(t.lit(m + dm, "m"));
        let s = sep(j);
        let ds = t.digits(s);
        if ds > 0 {
            p.sec = Some(num(&t.str((s, s + ds))));
            j = s + ds;
            if t.is(j, |c| c == ',' || c == '.') && t.digits(j + 1) > 0 {
                let df = t.digits(j + 1);
                p.frac = Some(nanos(&t.str((j + 1, j + 1 + df))));
                j += 1 + df;
            }
            j += usize::from(t.lit(j, "s"));
        }
    }
    let k = j + t.spaces(j);
    if meridian(&t, k).is_some() {
        if hour > i64::from(i32::MAX) {
            return false;
        }
        hour %= 12;
        if t.lit(k, "p") {
            hour += 12;
        }
    }
    p.hour = Some(hour);
    true
}
