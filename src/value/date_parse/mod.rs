//! Ruby's `Date._parse`: the heuristic that pulls date and time fields out of free text.
//!
//! Written from Ruby 3.1's measured behaviour (date 3.2). Ruby runs a fixed sequence of
//! pattern matchers over the text; each one blanks out what it consumed so later ones
//! do not see it again. The time matcher always runs; of the date matchers only the
//! first that succeeds counts. Every matcher here reproduces the leftmost, greedy match
//! Ruby's regular expression would find, including the backtracking that changes results.

mod digits;
mod time;

use digits::{parse_ddd, parse_iso2, parse_mday, parse_year};
use time::parse_time;

/// The fields `Time.parse` reads from `Date._parse`'s hash.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Parsed {
    pub year: Option<i64>,
    pub mon: Option<i64>,
    pub mday: Option<i64>,
    pub yday: Option<i64>,
    pub hour: Option<i64>,
    pub min: Option<i64>,
    pub sec: Option<i64>,
    /// `sec_fraction` in nanoseconds (Ruby keeps an exact rational; we truncate).
    pub frac: Option<u32>,
    pub zone: Option<String>,
    /// Two-digit years are completed to 19xx/20xx unless a matcher said otherwise.
    comp: bool,
    /// A `BC` marker was seen.
    bc: bool,
}

/// Ruby refuses longer strings (`Date._parse`'s `limit: 128`).
const LIMIT: usize = 128;

/// `Date._parse(s)` for the fields `Time.parse` uses; `None` where Ruby raises.
pub(super) fn date_parse(s: &str) -> Option<Parsed> {
    if s.chars().count() > LIMIT {
        return None;
    }
    let mut t = Text::new(s);
    let mut p = Parsed {
        comp: true,
        ..Parsed::default()
    };
    let has = |f: fn(char) -> bool| t.c.iter().any(|&c| f(c));
    let alpha = has(|c| c.is_ascii_alphabetic());
    let digit = has(|c| c.is_ascii_digit());
    let dash = has(|c| c == '-');
    let dot = has(|c| c == '.');
    let slash = has(|c| c == '/');
    if alpha {
        parse_day(&mut t);
    }
    if digit && !parse_time(&mut t, &mut p) {
        return None;
    }
    let _ = (alpha && digit && (parse_eu(&mut t, &mut p) || parse_us(&mut t, &mut p)))
        || (digit && dash && parse_iso(&mut t, &mut p))
        || (digit && dot && parse_jis(&mut t, &mut p))
        || (alpha && digit && dash && parse_vms(&mut t, &mut p))
        || (digit && slash && parse_sla(&mut t, &mut p))
        || (digit && dot && parse_dot(&mut t, &mut p))
        || (digit && parse_iso2(&mut t, &mut p))
        || (digit && parse_year(&mut t, &mut p))
        || (alpha && parse_mon(&mut t, &mut p))
        || (digit && parse_mday(&mut t, &mut p))
        || (digit && parse_ddd(&mut t, &mut p));
    if alpha {
        parse_bc(&mut t, &mut p);
    }
    if digit {
        parse_frag(&t, &mut p);
    }
    if p.bc {
        p.year = p.year.map(|y| 1i64.saturating_sub(y));
    }
    if p.comp {
        p.year = p.year.map(|y| {
            if (0..=99).contains(&y) {
                y + if y >= 69 { 1900 } else { 2000 }
            } else {
                y
            }
        });
    }
    Some(p)
}

/// The text being parsed, as characters so that indices are positions.
struct Text {
    c: Vec<char>,
}

type Span = (usize, usize);

impl Text {
    /// Ruby first turns every run of characters it never looks at into one space.
    fn new(s: &str) -> Text {
        let keep = |c: char| c.is_alphanumeric() || "-+',./:@[]".contains(c);
        let mut c = Vec::with_capacity(s.len());
        for ch in s.chars() {
            if keep(ch) {
                c.push(ch);
            } else if c.last() != Some(&' ') {
                c.push(' ');
            }
        }
        Text { c }
    }
    fn at(&self, i: usize) -> Option<char> {
        self.c.get(i).copied()
    }
    fn is(&self, i: usize, f: impl Fn(char) -> bool) -> bool {
        self.at(i).is_some_and(f)
    }
    fn count(&self, i: usize, f: impl Fn(char) -> bool) -> usize {
        self.c
            .get(i..)
            .map_or(0, |s| s.iter().take_while(|&&c| f(c)).count())
    }
    fn digits(&self, i: usize) -> usize {
        self.count(i, |c| c.is_ascii_digit())
    }
    fn spaces(&self, i: usize) -> usize {
        self.count(i, is_space)
    }
    /// `\b`: a word character on exactly one side.
    fn boundary(&self, i: usize) -> bool {
        let before = i > 0 && self.is(i - 1, is_word);
        before != self.is(i, is_word)
    }
    /// ASCII case-insensitive literal at `i`.
    fn lit(&self, i: usize, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(k, ch)| self.at(i + k).is_some_and(|c| c.eq_ignore_ascii_case(&ch)))
    }
    /// `'?`, `-?` style optional single characters.
    fn opt(&self, i: usize, set: &str) -> usize {
        usize::from(self.is(i, |c| set.contains(c)))
    }
    /// A three-letter month abbreviation at `i`.
    fn month(&self, i: usize) -> Option<i64> {
        MONTHS
            .iter()
            .position(|m| self.lit(i, m))
            .map(|n| n as i64 + 1)
    }
    fn str(&self, (a, b): Span) -> String {
        self.c[a..b].iter().collect()
    }
    /// Blanks out a consumed match so later matchers skip it.
    fn blank(&mut self, (a, b): Span) {
        self.c.splice(a..b, [' ']);
    }
    /// The leftmost position where `f` matches.
    fn search<T>(&self, f: impl Fn(&Text, usize) -> Option<T>) -> Option<T> {
        (0..=self.c.len()).find_map(|i| f(self, i))
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/// Digits (after an optional sign) as a number, saturating: out-of-range values fail later.
fn num(s: &str) -> i64 {
    let (neg, rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let mut n: i64 = 0;
    for d in rest.bytes().take_while(u8::is_ascii_digit) {
        n = n.saturating_mul(10).saturating_add(i64::from(d - b'0'));
    }
    if neg { -n } else { n }
}

/// The digits of a day or month capture, skipping an apostrophe or sign in front.
fn day_num(s: &str) -> i64 {
    num(s.trim_start_matches(|c: char| !c.is_ascii_digit()))
}

/// Fraction digits as nanoseconds, truncated.
fn nanos(digits: &str) -> u32 {
    let mut n = 0u32;
    for k in 0..9 {
        let d = digits.as_bytes().get(k).map_or(0, |b| u32::from(b - b'0'));
        n = n * 10 + d;
    }
    n
}

/// Weekday names (`tue`, `tuesday`, also `month`, as Ruby does): only blanked out,
/// `Time.parse` ignores the weekday.
fn parse_day(t: &mut Text) {
    let m = t.search(|t, i| {
        if !t.boundary(i) || !DAYS.iter().any(|d| t.lit(i, d)) {
            return None;
        }
        let end = i
            + 3
            + t.count(i + 3, |c| {
                !(c == '-' || c == '/' || c.is_ascii_digit() || is_space(c))
            });
        Some((i, end))
    });
    if let Some(span) = m {
        t.blank(span);
    }
}

/// Ruby's `s3e`: decides which of three captured numbers is the year, month and day.
fn s3e(
    p: &mut Parsed,
    mut y: Option<String>,
    mut m: Option<String>,
    mut d: Option<String>,
    bc: bool,
) {
    if y.is_some() && m.is_some() && d.is_none() {
        (y, m, d) = (None, y, m);
    }
    let long_or_quoted = |s: &Option<String>| {
        s.as_ref()
            .is_some_and(|s| s.starts_with('\'') || s.len() > 2)
    };
    if y.is_none() && long_or_quoted(&d) {
        y = d.take();
    }
    if let Some(ys) = y.clone() {
        // A "year" with a suffix ("5th") is really the day.
        let body = ys.trim_start_matches(|c: char| !c.is_ascii_digit() && c != '+' && c != '-');
        let unsigned = body.strip_prefix(['+', '-']).unwrap_or(body);
        let digits = unsigned.bytes().take_while(u8::is_ascii_digit).count();
        if digits < unsigned.len() {
            let number = &body[..body.len() - unsigned.len() + digits];
            y = d.take();
            d = Some(number.to_string());
        }
    }
    if long_or_quoted(&m) {
        (y, m, d) = (m, d, y);
    }
    if long_or_quoted(&d) {
        std::mem::swap(&mut y, &mut d);
    }
    if let Some(ys) = y {
        let body = ys.trim_start_matches(|c: char| !c.is_ascii_digit() && c != '+' && c != '-');
        let unsigned = body.strip_prefix(['+', '-']).unwrap_or(body);
        let digits = unsigned.bytes().take_while(u8::is_ascii_digit).count();
        if body.len() != unsigned.len() || digits > 2 {
            p.comp = false;
        }
        p.year = Some(num(body));
        p.bc |= bc;
    }
    if let Some(m) = m {
        p.mon = Some(day_num(&m));
    }
    if let Some(d) = d {
        p.mday = Some(day_num(&d));
    }
}

/// `'?-?\d+` at `i`: the end of the number.
fn signed_num(t: &Text, i: usize, signs: &str) -> Option<usize> {
    let j = i + t.opt(i, "'");
    let j = j + t.opt(j, signs);
    let d = t.digits(j);
    (d > 0).then_some(j + d)
}

/// An era marker (`ad`, `a.d.`, `ce`, `c.e.`, `bc`, `b.c.`, `bce`, `b.c.e.`) at `i`.
fn eras(t: &Text, i: usize) -> Vec<(usize, bool)> {
    ["ce", "c.e.", "bce", "b.c.e.", "ad", "a.d.", "bc", "b.c."]
        .iter()
        .filter(|e| t.lit(i, e))
        .map(|e| (i + e.len(), e.starts_with('b')))
        .collect()
}

/// After a month or day: `\s*[era]\s*year`, trying each era reading as Ruby backtracks.
fn era_year(t: &Text, i: usize, suffix: bool) -> Option<(Span, bool)> {
    let j = i + t.spaces(i);
    let mut tries = eras(t, j);
    tries.push((j, false));
    tries.into_iter().find_map(|(e, bc)| {
        let y0 = e + t.spaces(e);
        let mut y1 = signed_num(t, y0, "-")?;
        if suffix && ["st", "nd", "rd", "th"].iter().any(|s| t.lit(y1, s)) && t.boundary(y1 + 2) {
            y1 += 2;
        }
        Some(((y0, y1), bc))
    })
}

/// `5 March 2024`, `5th Mar`, `05 Mar '24`.
fn parse_eu(t: &mut Text, p: &mut Parsed) -> bool {
    let not_dds = |c: char| !(c == '-' || c.is_ascii_digit() || is_space(c));
    let m = t.search(|t, i| {
        let d1 = signed_num(t, i, "")?;
        let run = t.count(d1, not_dds);
        let (mpos, mon) = (0..=run).rev().find_map(|l| {
            let k = d1 + l;
            let k = k + t.spaces(k);
            t.month(k).map(|m| (k, m))
        })?;
        let after = mpos + 3 + t.count(mpos + 3, |c| not_dds(c) && c != '\'');
        let year = era_year(t, after, true);
        let end = year.map_or(after, |((_, e), _)| e);
        Some(((i, end), (i, d1), mon, year))
    });
    let Some((span, d, mon, year)) = m else {
        return false;
    };
    let (d, y) = (t.str(d), year.map(|(s, _)| t.str(s)));
    t.blank(span);
    s3e(
        p,
        y,
        Some(mon.to_string()),
        Some(d),
        year.is_some_and(|(_, bc)| bc),
    );
    true
}

/// `March 5, 2024`, `Mar 5th`, `Aug 2000`.
fn parse_us(t: &mut Text, p: &mut Parsed) -> bool {
    let rest = |c: char| !(c == '-' || c == '\'' || c.is_ascii_digit() || is_space(c));
    let m = t.search(|t, i| {
        if !t.boundary(i) {
            return None;
        }
        let mon = t.month(i)?;
        let k = i + 3 + t.count(i + 3, rest);
        let d0 = k + t.spaces(k);
        let d1 = signed_num(t, d0, "")?;
        let after = d1 + t.count(d1, rest);
        let g = after + t.spaces(after);
        let g = g + t.opt(g, ",");
        let year = era_year(t, g, false);
        let end = year.map_or(after, |((_, e), _)| e);
        Some(((i, end), mon, (d0, d1), year))
    });
    let Some((span, mon, d, year)) = m else {
        return false;
    };
    let (d, y) = (t.str(d), year.map(|(s, _)| t.str(s)));
    t.blank(span);
    s3e(
        p,
        y,
        Some(mon.to_string()),
        Some(d),
        year.is_some_and(|(_, bc)| bc),
    );
    true
}

/// Three numbers separated by `sep` (ISO `2024-03-05`, `05.03.2024`, `2024/03/05`).
fn three(t: &mut Text, p: &mut Parsed, m: Option<(Span, [Option<Span>; 3])>) -> bool {
    let Some((span, [y, mo, d])) = m else {
        return false;
    };
    let [y, mo, d] = [y, mo, d].map(|s| s.map(|s| t.str(s)));
    t.blank(span);
    s3e(p, y, mo, d, false);
    true
}

fn parse_iso(t: &mut Text, p: &mut Parsed) -> bool {
    let m = t.search(|t, i| {
        let y = signed_num(t, i, "+-")?;
        (t.at(y) == Some('-')).then_some(())?;
        let m1 = y + 1 + t.digits(y + 1);
        (m1 > y + 1 && t.at(m1) == Some('-')).then_some(())?;
        let d = signed_num(t, m1 + 1, "-")?;
        Some(((i, d), [Some((i, y)), Some((y + 1, m1)), Some((m1 + 1, d))]))
    });
    three(t, p, m)
}

/// Japanese era dates: `H31.04.30`.
fn parse_jis(t: &mut Text, p: &mut Parsed) -> bool {
    let m = t.search(|t, i| {
        let base = match t.at(i)?.to_ascii_lowercase() {
            'm' => 1867,
            't' => 1911,
            's' => 1925,
            'h' => 1988,
            'r' => 2018,
            _ => return None,
        };
        if !t.boundary(i) {
            return None;
        }
        let mut spans = [(0, 0); 3];
        let mut j = i + 1;
        for (k, s) in spans.iter_mut().enumerate() {
            if k > 0 {
                (t.at(j) == Some('.')).then_some(())?;
                j += 1;
            }
            let d = t.digits(j);
            (d > 0).then_some(())?;
            *s = (j, j + d);
            j += d;
        }
        Some(((i, j), base, spans))
    });
    let Some((span, base, [y, mo, d])) = m else {
        return false;
    };
    p.year = Some(num(&t.str(y)).saturating_add(base));
    p.mon = Some(num(&t.str(mo)));
    p.mday = Some(num(&t.str(d)));
    t.blank(span);
    true
}

/// VMS style: `5-Mar-2024`, `Mar-5-2024`.
fn parse_vms(t: &mut Text, p: &mut Parsed) -> bool {
    let rest = |c: char| !matches!(c, '-' | '/' | '.');
    let m = t.search(|t, i| {
        let d = signed_num(t, i, "-")?;
        (t.at(d) == Some('-')).then_some(())?;
        let mon = t.month(d + 1)?;
        let k = d + 4 + t.count(d + 4, rest);
        (t.at(k) == Some('-')).then_some(())?;
        let y = signed_num(t, k + 1, "-")?;
        Some(((i, y), mon, Some((k + 1, y)), (i, d)))
    });
    let m = m.or_else(|| {
        t.search(|t, i| {
            if !t.boundary(i) {
                return None;
            }
            let mon = t.month(i)?;
            let k = i + 3 + t.count(i + 3, rest);
            (t.at(k) == Some('-')).then_some(())?;
            let d = signed_num(t, k + 1, "-")?;
            let y = (t.at(d) == Some('-'))
                .then(|| signed_num(t, d + 1, "-"))
                .flatten();
            Some(((i, y.unwrap_or(d)), mon, y.map(|y| (d + 1, y)), (k + 1, d)))
        })
    });
    let Some((span, mon, y, d)) = m else {
        return false;
    };
    let (y, d) = (y.map(|s| t.str(s)), t.str(d));
    t.blank(span);
    s3e(p, y, Some(mon.to_string()), Some(d), false);
    true
}

/// `2024/03/05`, `3/5`, `03/05/2024`.
fn parse_sla(t: &mut Text, p: &mut Parsed) -> bool {
    let m = t.search(|t, i| {
        let y = signed_num(t, i, "-")?;
        (t.at(y) == Some('/')).then_some(())?;
        let m0 = y + 1 + t.spaces(y + 1);
        let m1 = signed_num(t, m0, "")?;
        let d = t.at(m1).filter(|c| !c.is_ascii_digit()).and_then(|_| {
            let d0 = m1 + 1 + t.spaces(m1 + 1);
            signed_num(t, d0, "-").map(|d1| (d0, d1))
        });
        let end = d.map_or(m1, |d| d.1);
        Some(((i, end), [Some((i, y)), Some((m0, m1)), d]))
    });
    three(t, p, m)
}

/// `05.03.2024`.
fn parse_dot(t: &mut Text, p: &mut Parsed) -> bool {
    let m = t.search(|t, i| {
        let y = signed_num(t, i, "-")?;
        (t.at(y) == Some('.')).then_some(())?;
        let m0 = y + 1 + t.spaces(y + 1);
        let m1 = signed_num(t, m0, "")?;
        (t.at(m1) == Some('.')).then_some(())?;
        let d0 = m1 + 1 + t.spaces(m1 + 1);
        let d1 = signed_num(t, d0, "-")?;
        Some(((i, d1), [Some((i, y)), Some((m0, m1)), Some((d0, d1))]))
    });
    three(t, p, m)
}

/// A month name on its own.
fn parse_mon(t: &mut Text, p: &mut Parsed) -> bool {
    let m = t.search(|t, i| {
        let mon = t.month(i).filter(|_| t.boundary(i))?;
        Some(((i, i + 3 + t.count(i + 3, |c| !is_space(c))), mon))
    });
    let Some((span, mon)) = m else { return false };
    p.mon = Some(mon);
    t.blank(span);
    true
}

/// `BC` markers make the year negative (1 BC is year 0).
fn parse_bc(t: &mut Text, p: &mut Parsed) {
    let m = t.search(|t, i| {
        if !t.boundary(i) {
            return None;
        }
        [
            ("bc", true),
            ("bce", true),
            ("b.c.", false),
            ("b.c.e.", false),
        ]
        .iter()
        .find(|(s, b)| t.lit(i, s) && (!b || t.boundary(i + s.len())))
        .map(|(s, _)| (i, i + s.len()))
    });
    if let Some(span) = m {
        p.bc = true;
        t.blank(span);
    }
}

/// A lone leftover number is the day (when only a time was found) or the hour (when only
/// a day was found).
fn parse_frag(t: &Text, p: &mut Parsed) {
    let lead = t.spaces(0);
    let d = t.digits(lead);
    if d == 0 || d > 2 || lead + d + t.spaces(lead + d) != t.c.len() {
        return;
    }
    let n = num(&t.str((lead, lead + d)));
    if p.hour.is_some() && p.mday.is_none() && (1..=31).contains(&n) {
        p.mday = Some(n);
    }
    if p.mday.is_some() && p.hour.is_none() && (0..=24).contains(&n) {
        p.hour = Some(n);
    }
}
