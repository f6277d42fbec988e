//! The digit-run matchers of `Date._parse`: ISO 8601 week and ordinal dates, `'24`,
//! `5th`, and bare runs like `20240305T102030` read by their length.

use super::{Parsed, Span, Text, nanos, num};

/// Exactly `n` digits at `i`.
pub(super) fn exact(t: &Text, i: usize, n: usize) -> bool {
    (0..n).all(|k| t.is(i + k, |c| c.is_ascii_digit()))
}

/// ISO 8601 week dates, `--MM-DD`, ordinal dates (`2024-065`, `-065`).
pub(super) fn parse_iso2(t: &mut Text, p: &mut Parsed) -> bool {
    if let Some(span) = iso_week(t) {
        // Time.parse ignores week dates, but finding one ends the search for a date.
        t.blank(span);
        return true;
    }
    if let Some((span, mon, mday)) = iso_month_day(t) {
        p.mon = mon.map(|s| num(&t.str(s))).or(p.mon);
        p.mday = mday.map(|s| num(&t.str(s))).or(p.mday);
        t.blank(span);
        return true;
    }
    iso_ordinal(t, p)
}

/// `2024-W10-2`, `24W10`, `W10`, `-W-2`.
fn iso_week(t: &Text) -> Option<Span> {
    let week = t.search(|t, i| {
        if !t.boundary(i) {
            return None;
        }
        let years = [2, 4].into_iter().filter(|&n| exact(t, i, n)).chain([0]);
        years.into_iter().find_map(|n| {
            let j = i + n;
            let dashes = if t.at(j) == Some('-') {
                vec![1, 0]
            } else {
                vec![0]
            };
            dashes.into_iter().find_map(|dash| {
                let w = j + dash;
                if !t.lit(w, "w") || !exact(t, w + 1, 2) {
                    return None;
                }
                let e = w + 3;
                let mut ends = Vec::new();
                if t.at(e) == Some('-') && exact(t, e + 1, 1) {
                    ends.push(e + 2);
                }
                if exact(t, e, 1) {
                    ends.push(e + 1);
                }
                ends.push(e);
                ends.into_iter().find(|&x| t.boundary(x)).map(|x| (i, x))
            })
        })
    });
    week.or_else(|| {
        t.search(|t, i| {
            (t.lit(i, "-w-") && exact(t, i + 3, 1) && t.boundary(i + 4)).then_some((i, i + 4))
        })
    })
}

/// `--MM-DD`, `---DD`, then `--MMDD`, `--MM`: the span, month and day.
fn iso_month_day(t: &Text) -> Option<(Span, Option<Span>, Option<Span>)> {
    let md = t.search(|t, i| {
        if !t.lit(i, "--") {
            return None;
        }
        let j = i + 2;
        if exact(t, j, 2) && t.at(j + 2) == Some('-') && exact(t, j + 3, 2) && t.boundary(j + 5) {
            return Some(((i, j + 5), Some((j, j + 2)), Some((j + 3, j + 5))));
        }
        (t.at(j) == Some('-') && exact(t, j + 1, 2) && t.boundary(j + 3)).then_some((
            (i, j + 3),
            None,
            Some((j + 1, j + 3)),
        ))
    });
    md.or_else(|| {
        t.search(|t, i| {
            let j = i + 2;
            if !t.lit(i, "--") || !exact(t, j, 2) {
                return None;
            }
            if exact(t, j + 2, 2) && t.boundary(j + 4) {
                return Some(((i, j + 4), Some((j, j + 2)), Some((j + 2, j + 4))));
            }
            t.boundary(j + 2)
                .then_some(((i, j + 2), Some((j, j + 2)), None))
        })
    })
}

/// Ordinal dates `2024-065`, `-065`, unless the text looks like something else
/// (`,24-065`, `1-065`).
fn iso_ordinal(t: &mut Text, p: &mut Parsed) -> bool {
    let yd = |t: &Text, i: usize, lead: bool| {
        if lead && !t.boundary(i) {
            return None;
        }
        [2, 4].into_iter().find_map(|n| {
            let ok = exact(t, i, n) && t.at(i + n) == Some('-') && exact(t, i + n + 1, 3);
            (ok && t.boundary(i + n + 4)).then_some((i, i + n, i + n + 4))
        })
    };
    let guarded = t
        .search(|t, i| {
            t.is(i, |c| c == ',' || c == '.')
                .then(|| yd(t, i + 1, false))
                .flatten()
        })
        .is_some();
    let found = if guarded {
        None
    } else {
        t.search(|t, i| yd(t, i, true))
    };
    if let Some((i, y, e)) = found {
        p.year = Some(num(&t.str((i, y))));
        p.yday = Some(num(&t.str((y + 1, e))));
        t.blank((i, e));
        return true;
    }
    let guarded = t
        .search(|t, i| {
            (exact(t, i, 1) && t.at(i + 1) == Some('-') && exact(t, i + 2, 3) && t.boundary(i + 5))
                .then_some(())
        })
        .is_some();
    if !guarded {
        let m = t.search(|t, i| {
            let ok = t.boundary(i) && t.at(i) == Some('-') && exact(t, i + 1, 3);
            (ok && t.boundary(i + 4)).then_some(i)
        });
        if let Some(i) = m {
            p.yday = Some(num(&t.str((i + 1, i + 4))));
            t.blank((i, i + 4));
            return true;
        }
    }
    false
}

/// `'24`.
pub(super) fn parse_year(t: &mut Text, p: &mut Parsed) -> bool {
    let m = t.search(|t, i| {
        let d = t.digits(i + 1);
        (t.at(i) == Some('\'') && d > 0 && t.boundary(i + 1 + d)).then_some((i, i + 1 + d))
    });
    let Some((i, e)) = m else { return false };
    p.year = Some(num(&t.str((i + 1, e))));
    t.blank((i, e));
    true
}

/// `5th`, `21st`.
pub(super) fn parse_mday(t: &mut Text, p: &mut Parsed) -> bool {
    let m = t.search(|t, i| {
        let d = t.digits(i);
        let ok = d > 0
            && ["st", "nd", "rd", "th"].iter().any(|s| t.lit(i + d, s))
            && t.boundary(i + d + 2);
        ok.then_some((i, i + d))
    });
    let Some((i, e)) = m else { return false };
    p.mday = Some(num(&t.str((i, e))));
    t.blank((i, e + 2));
    true
}

/// Runs of digits read by their length: `20240305`, `240305T102030`, `1030`, `065`...
pub(super) fn parse_ddd(t: &mut Text, p: &mut Parsed) -> bool {
    let m = t.search(|t, i| {
        let s1 = t.opt(i, "+-");
        let run = t.digits(i + s1);
        if run < 2 {
            return None;
        }
        let d = (i + s1, i + s1 + run.min(14));
        let mut j = d.1 + t.spaces(d.1);
        j += usize::from(t.lit(j, "t"));
        j += t.spaces(j);
        let n = t.digits(j);
        let time = (n >= 2).then(|| (j, j + n.min(6)));
        let mut end = time.map_or(j, |s| s.1);
        let frac = t.is(end, |c| c == ',' || c == '.').then(|| {
            let f = (end + 1, end + 1 + t.digits(end + 1));
            end = f.1;
            f
        });
        // Whatever the optional group consumed (spaces, `t`) ends the match even if empty.
        let z0 = end + t.spaces(end);
        let zone = ddd_zone(t, z0).map(|e| (z0, e));
        let end = zone.map_or(end, |z| z.1);
        Some((
            (i, end),
            s1 == 1 && t.at(i) == Some('-'),
            d,
            time,
            frac,
            zone,
        ))
    });
    let Some((span, neg, d, time, frac, zone)) = m else {
        return false;
    };
    let s2 = t.str(d);
    let s3 = time.map(|s| t.str(s));
    let s4 = frac.map(|s| t.str(s));
    let s5 = zone.map(|s| t.str(s));
    t.blank(span);
    ddd_fields(p, neg, &s2, s3.as_deref(), s4.as_deref());
    if let Some(z) = s5 {
        p.zone = Some(match z.strip_prefix('[') {
            Some(inner) => {
                let inner = inner.strip_suffix(']').unwrap_or(inner);
                inner
                    .split_once(':')
                    .map_or(inner, |(_, name)| name)
                    .to_string()
            }
            None => z,
        });
    }
    true
}

/// `z`, `+09`, `[-5:EST]` after a digit run.
fn ddd_zone(t: &Text, z: usize) -> Option<usize> {
    if t.lit(z, "z") && t.boundary(z + 1) {
        return Some(z + 1);
    }
    if t.is(z, |c| c == '+' || c == '-') {
        let d = t.digits(z + 1);
        return ((1..=4).contains(&d) && t.boundary(z + 1 + d)).then_some(z + 1 + d);
    }
    if t.at(z) == Some('[') {
        let s = z + 1 + t.opt(z + 1, "+-");
        if t.is(s, |c| c.is_ascii_digit()) {
            let close = s + t.count(s, |c| c != ']');
            return (t.at(close) == Some(']')).then_some(close + 1);
        }
    }
    None
}

/// Assigns a digit run to fields by its length, as Ruby's `parse_ddd` does.
fn ddd_fields(p: &mut Parsed, neg: bool, s2: &str, s3: Option<&str>, s4: Option<&str>) {
    let at = |s: &str, a: usize, n: usize| num(&s[a..a + n]);
    let sign = |v: i64| if neg { -v } else { v };
    let secs_only = s3.is_none() && s4.is_some();
    let l = s2.len();
    match l {
        2 if secs_only => p.sec = Some(at(s2, 0, 2)),
        2 => p.mday = Some(at(s2, 0, 2)),
        4 if secs_only => {
            p.sec = Some(at(s2, 2, 2));
            p.min = Some(at(s2, 0, 2));
        }
        4 => {
            p.mon = Some(at(s2, 0, 2));
            p.mday = Some(at(s2, 2, 2));
        }
        6 if secs_only => {
            p.sec = Some(at(s2, 4, 2));
            p.min = Some(at(s2, 2, 2));
            p.hour = Some(at(s2, 0, 2));
        }
        6 => {
            p.year = Some(sign(at(s2, 0, 2)));
            p.mon = Some(at(s2, 2, 2));
            p.mday = Some(at(s2, 4, 2));
        }
        8 | 10 | 12 | 14 if secs_only => {
            p.sec = Some(at(s2, l - 2, 2));
            p.min = Some(at(s2, l - 4, 2));
            p.hour = Some(at(s2, l - 6, 2));
            p.mday = Some(at(s2, l - 8, 2));
            if l >= 10 {
                p.mon = Some(at(s2, l - 10, 2));
            }
            if l == 12 {
                p.year = Some(sign(at(s2, 0, 2)));
            }
            if l == 14 {
                p.year = Some(sign(at(s2, 0, 4)));
                p.comp = false;
            }
        }
        8 | 10 | 12 | 14 => {
            p.year = Some(sign(at(s2, 0, 4)));
            p.mon = Some(at(s2, 4, 2));
            p.mday = Some(at(s2, 6, 2));
            if l >= 10 {
                p.hour = Some(at(s2, 8, 2));
            }
            if l >= 12 {
                p.min = Some(at(s2, 10, 2));
            }
            if l >= 14 {
                p.sec = Some(at(s2, 12, 2));
            }
            p.comp = false;
        }
        3 if secs_only => {
            p.sec = Some(at(s2, 1, 2));
            p.min = Some(at(s2, 0, 1));
        }
        3 => p.yday = Some(at(s2, 0, 3)),
        5 if secs_only => {
            p.sec = Some(at(s2, 3, 2));
            p.min = Some(at(s2, 1, 2));
            p.hour = Some(at(s2, 0, 1));
        }
        5 => {
            p.year = Some(sign(at(s2, 0, 2)));
            p.yday = Some(at(s2, 2, 3));
        }
        7 if secs_only => {
            p.sec = Some(at(s2, 5, 2));
            p.min = Some(at(s2, 3, 2));
            p.hour = Some(at(s2, 1, 2));
            p.mday = Some(at(s2, 0, 1));
        }
        7 => {
            p.year = Some(sign(at(s2, 0, 4)));
            p.yday = Some(at(s2, 4, 3));
        }
        _ => {}
    }
    if let Some(s3) = s3.filter(|s| matches!(s.len(), 2 | 4 | 6)) {
        let l3 = s3.len();
        if s4.is_some() {
            p.sec = Some(at(s3, l3 - 2, 2));
            if l3 >= 4 {
                p.min = Some(at(s3, l3 - 4, 2));
            }
            if l3 >= 6 {
                p.hour = Some(at(s3, l3 - 6, 2));
            }
        } else {
            p.hour = Some(at(s3, 0, 2));
            if l3 >= 4 {
                p.min = Some(at(s3, 2, 2));
            }
            if l3 >= 6 {
                p.sec = Some(at(s3, 4, 2));
            }
        }
    }
    if let Some(s4) = s4 {
        p.frac = Some(nanos(s4));
    }
}
