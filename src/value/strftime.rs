//! Ruby's `Time#strftime` and `Date#strftime`, reproduced from measured Ruby 3.1 behaviour.
//!
//! A conversion is `%`, then flags (`-` no padding, `_` spaces, `0` zeros, `^` upcase,
//! `#` change case), an optional width, `E`/`O` locale modifiers or `:` colons (only
//! before `z`), and a conversion letter. Anything Ruby does not recognise is copied
//! literally. `Time` and `Date` differ in a few corners (`%+`, `%Q`, `%-z`, and `Time`
//! raising on a dangling `%`), so the kind of the value selects the dialect.

use super::{DateKind, DateValue};
use chrono::{Datelike, Timelike};
use std::fmt::Write as _;

/// Widths beyond this are clamped, so a hostile format cannot allocate gigabytes (and
/// Rust's formatter, which caps widths at 65535, cannot panic).
const MAX_WIDTH: i64 = 1 << 13;

/// Ruby raised `ArgumentError` for this format (only `Time#strftime` does, on a `%`
/// sequence cut off by the end of the string).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrftimeError {
    /// Ruby's message: `invalid format: <format>`.
    pub message: String,
}

impl std::fmt::Display for StrftimeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StrftimeError {}

/// Formats `d` as Ruby's `strftime(fmt)` does. Where Ruby would raise (a `Time` format
/// ending inside a `%` sequence), the dangling sequence is copied literally, as
/// `Date#strftime` does; use [`try_strftime`] to get Ruby's error instead.
pub fn strftime(d: &DateValue, fmt: &str) -> String {
    Formatter::new(d).run(fmt).0
}

/// Like [`strftime`], but fails where Ruby's `Time#strftime` raises `ArgumentError`.
pub fn try_strftime(d: &DateValue, fmt: &str) -> Result<String, StrftimeError> {
    match Formatter::new(d).run(fmt) {
        (out, false) => Ok(out),
        (_, true) => Err(StrftimeError {
            message: format!("invalid format: {fmt}"),
        }),
    }
}

impl DateValue {
    /// Ruby's `strftime`; see [`strftime`].
    pub fn strftime(&self, fmt: &str) -> String {
        strftime(self, fmt)
    }
}

/// The broken-down value, computed once per call.
struct Fields {
    /// `Date` dialect rather than `Time`.
    date: bool,
    utc: bool,
    year: i64,
    month: u32,
    day: u32,
    /// Day of the year, 1-based.
    yday: u32,
    /// Day of the week, Sunday = 0.
    wday: u32,
    hour: u32,
    min: u32,
    sec: u32,
    nanos: u32,
    /// Seconds east of UTC.
    offset: i64,
    /// Seconds since the Unix epoch.
    epoch: i64,
    iso_year: i64,
    iso_week: u32,
}

impl Fields {
    fn new(d: &DateValue) -> Fields {
        // A Ruby Date is a calendar day: midnight, offset zero, whatever `dt` carries.
        let date = d.kind == DateKind::Date;
        // `naive_local` panics at the edges of chrono's range; fall back to UTC there.
        let utc = d.dt.naive_utc();
        let local = utc.checked_add_offset(*d.dt.offset()).unwrap_or(utc);
        let day = local.date();
        let iso = day.iso_week();
        let (time, offset, epoch) = if date {
            let midnight = day.and_hms_opt(0, 0, 0).unwrap_or(local);
            (midnight, 0, midnight.and_utc().timestamp())
        } else {
            (
                local,
                i64::from(d.dt.offset().local_minus_utc()),
                d.dt.timestamp(),
            )
        };
        Fields {
            date,
            utc: d.utc && !date,
            year: i64::from(day.year()),
            month: day.month(),
            day: day.day(),
            yday: day.ordinal(),
            wday: day.weekday().num_days_from_sunday(),
            hour: time.hour(),
            min: time.minute(),
            sec: time.second(),
            // chrono folds a leap second into the nanoseconds; Ruby never sees one here.
            nanos: if date {
                0
            } else {
                time.nanosecond() % 1_000_000_000
            },
            offset,
            epoch,
            iso_year: i64::from(iso.year()),
            iso_week: iso.week(),
        }
    }
}

/// The flags and width of one `%` sequence.
#[derive(Clone, Copy)]
struct Spec {
    /// `-`: no padding at all.
    left: bool,
    /// `^`: upcase.
    upper: bool,
    /// `#`: change case.
    chcase: bool,
    /// `_` or `0`, whichever came last.
    pad: Option<u8>,
    /// Ruby's "precision": -1 when absent, 0 after `-`.
    width: i64,
    /// Number of `:` before `z`.
    colons: usize,
}

impl Spec {
    fn new() -> Spec {
        Spec {
            left: false,
            upper: false,
            chcase: false,
            pad: None,
            width: -1,
            colons: 0,
        }
    }

    /// The width a number is printed in: `-` means none, no width means the default.
    fn num_width(&self, default: i64) -> usize {
        let w = if self.left {
            1
        } else if self.width <= 0 {
            default
        } else {
            self.width
        };
        w.clamp(0, MAX_WIDTH) as usize
    }

    /// Whether a number pads with zeros (`0` flag, or no flag and a zero default).
    fn zero_pad(&self, default: u8) -> bool {
        self.pad == Some(b'0') || (self.pad.is_none() && default == b'0')
    }
}

struct Formatter {
    f: Fields,
    out: String,
    /// Set when Ruby's `Time#strftime` would raise.
    invalid: bool,
}

/// What happened to one `%` sequence.
enum Step {
    /// Formatted; continue after this index.
    Done(usize),
    /// Not a conversion Ruby knows: copy `%`…`end` literally and continue after it.
    Unknown(usize),
    /// The format ended inside the sequence.
    Truncated,
}

impl Formatter {
    fn new(d: &DateValue) -> Formatter {
        Formatter {
            f: Fields::new(d),
            out: String::new(),
            invalid: false,
        }
    }

    fn run(mut self, fmt: &str) -> (String, bool) {
        self.format(fmt);
        (self.out, self.invalid)
    }

    /// Formats `fmt` into `self.out`; also used for the composite conversions (`%c`...).
    fn format(&mut self, fmt: &str) {
        let b = fmt.as_bytes();
        let mut i = 0;
        let mut lit = 0;
        while i < b.len() {
            if b[i] != b'%' {
                i += 1;
                continue;
            }
            self.out.push_str(&fmt[lit..i]);
            match self.sequence(fmt, i) {
                Step::Done(next) => i = next,
                Step::Unknown(end) => {
                    // Copy through the whole character that ended the sequence.
                    let mut next = end + 1;
                    while next < b.len() && !fmt.is_char_boundary(next) {
                        next += 1;
                    }
                    self.out.push_str(&fmt[i..next]);
                    i = next;
                }
                Step::Truncated => {
                    self.invalid |= !self.f.date;
                    self.out.push_str(&fmt[i..]);
                    i = b.len();
                }
            }
            lit = i;
        }
        self.out.push_str(&fmt[lit..]);
    }

    /// Reads the `%` sequence starting at `start` and formats it.
    fn sequence(&mut self, fmt: &str, start: usize) -> Step {
        let b = fmt.as_bytes();
        let mut spec = Spec::new();
        let mut j = start + 1;
        loop {
            let Some(&c) = b.get(j) else {
                return Step::Truncated;
            };
            match c {
                b'-' | b'_' | b'^' | b'#' => {
                    // A flag after a width is not a conversion.
                    if spec.width > 0 {
                        return Step::Unknown(j);
                    }
                    match c {
                        b'-' => {
                            spec.left = true;
                            spec.pad = None;
                            spec.width = 0;
                        }
                        b'_' => spec.pad = Some(b' '),
                        b'^' => spec.upper = true,
                        _ => spec.chcase = true,
                    }
                    j += 1;
                }
                b'0'..=b'9' => {
                    if c == b'0' {
                        spec.pad = Some(b'0');
                    }
                    let digits = b[j..].iter().take_while(|c| c.is_ascii_digit()).count();
                    let mut n: i64 = 0;
                    for &d in &b[j..j + digits] {
                        n = n.saturating_mul(10).saturating_add(i64::from(d - b'0'));
                    }
                    if n > i64::from(i32::MAX) {
                        return Step::Unknown(j);
                    }
                    spec.width = n;
                    j += digits;
                }
                b'E' | b'O' => {
                    let allowed: &[u8] = if c == b'E' {
                        b"cCxXyY"
                    } else {
                        b"deHkIlmMSuUVwWy"
                    };
                    match b.get(j + 1) {
                        Some(n) if allowed.contains(n) => j += 1,
                        _ => return Step::Unknown(j),
                    }
                }
                b':' => {
                    let mut colons = 1;
                    while colons <= 3 && b.get(j + colons) == Some(&b':') {
                        colons += 1;
                    }
                    // `Time` lets four colons fall through to the next conversion;
                    // otherwise colons are only valid right before `z`.
                    if (colons <= 3 || self.f.date) && b.get(j + colons) != Some(&b'z') {
                        return Step::Unknown(j);
                    }
                    spec.colons = colons;
                    j += colons;
                }
                _ => {
                    return if self.convert(c, &spec) {
                        Step::Done(j + 1)
                    } else {
                        Step::Unknown(j)
                    };
                }
            }
        }
    }

    /// Formats one conversion; `false` if `c` is not one.
    fn convert(&mut self, c: u8, spec: &Spec) -> bool {
        let f = &self.f;
        match c {
            b'Y' => {
                let y = f.year;
                self.num(spec, b'0', if y < 0 { 5 } else { 4 }, y);
            }
            b'C' => self.num(spec, b'0', 2, f.year.div_euclid(100)),
            b'y' => self.num(spec, b'0', 2, f.year.rem_euclid(100)),
            b'm' => self.num(spec, b'0', 2, f.month.into()),
            b'd' => self.num(spec, b'0', 2, f.day.into()),
            b'e' => self.num(spec, b' ', 2, f.day.into()),
            b'j' => self.num(spec, b'0', 3, f.yday.into()),
            b'H' => self.num(spec, b'0', 2, f.hour.into()),
            b'k' => self.num(spec, b' ', 2, f.hour.into()),
            b'I' => self.num(spec, b'0', 2, hour12(f.hour)),
            b'l' => self.num(spec, b' ', 2, hour12(f.hour)),
            b'M' => self.num(spec, b'0', 2, f.min.into()),
            b'S' => self.num(spec, b'0', 2, f.sec.into()),
            b'u' => self.num(spec, b'0', 1, if f.wday == 0 { 7 } else { f.wday.into() }),
            b'w' => self.num(spec, b'0', 1, f.wday.into()),
            b'U' => self.num(spec, b'0', 2, ((f.yday + 6 - f.wday) / 7).into()),
            b'W' => self.num(spec, b'0', 2, ((f.yday + 6 - (f.wday + 6) % 7) / 7).into()),
            b'V' => self.num(spec, b'0', 2, f.iso_week.into()),
            b'G' => {
                let y = f.iso_year;
                self.num(spec, b'0', if y < 0 { 5 } else { 4 }, y);
            }
            b'g' => self.num(spec, b'0', 2, f.iso_year.rem_euclid(100)),
            b's' => self.num(spec, b'0', 1, f.epoch),
            b'Q' if f.date => self.num(spec, b'0', 1, f.epoch.saturating_mul(1000)),
            b'L' | b'N' => {
                let default = if c == b'L' { 3 } else { 9 };
                let digits = if spec.width <= 0 {
                    default
                } else {
                    spec.width.min(MAX_WIDTH) as usize
                };
                let nanos = format!("{:09}", f.nanos);
                let keep = digits.min(9);
                self.out.push_str(&nanos[..keep]);
                self.out.extend(std::iter::repeat_n('0', digits - keep));
            }
            b'A' | b'a' => {
                let name = WEEKDAYS[f.wday as usize % 7];
                let name = if c == b'a' { &name[..3] } else { name };
                self.text(spec, name, spec.upper || spec.chcase);
            }
            b'B' | b'b' | b'h' => {
                let name = MONTHS[(f.month as usize + 11) % 12];
                let name = if c == b'B' { name } else { &name[..3] };
                self.text(spec, name, spec.upper || spec.chcase);
            }
            b'p' | b'P' => {
                let pm = f.hour >= 12;
                let upper = if c == b'p' {
                    !spec.chcase
                } else {
                    spec.upper || spec.chcase
                };
                let s = match (pm, upper) {
                    (false, true) => "AM",
                    (true, true) => "PM",
                    (false, false) => "am",
                    (true, false) => "pm",
                };
                self.text(spec, s, false);
            }
            b'Z' => {
                if f.date {
                    self.text(spec, "+00:00", false);
                } else if f.utc {
                    let s = if spec.chcase { "utc" } else { "UTC" };
                    self.text(spec, s, false);
                }
                // A Time with a bare offset has no zone name; Ruby prints nothing at all.
            }
            b'z' => return self.zone(spec),
            b'n' => self.text(spec, "\n", false),
            b't' => self.text(spec, "\t", false),
            b'%' => self.text(spec, "%", false),
            b'c' => self.composite(spec, "%a %b %e %H:%M:%S %Y"),
            b'D' | b'x' => self.composite(spec, "%m/%d/%y"),
            b'F' => self.composite(spec, "%Y-%m-%d"),
            b'T' | b'X' => self.composite(spec, "%H:%M:%S"),
            b'R' => self.composite(spec, "%H:%M"),
            b'r' => self.composite(spec, "%I:%M:%S %p"),
            b'v' => self.composite(spec, "%e-%^b-%4Y"),
            b'+' if f.date => self.composite(spec, "%a %b %e %H:%M:%S %Z %Y"),
            _ => return false,
        }
        true
    }

    /// A number, as C's `printf("%0*ld")` or `printf("%*ld")` prints it.
    fn num(&mut self, spec: &Spec, default_pad: u8, default_width: i64, v: i64) {
        let width = spec.num_width(default_width);
        if spec.zero_pad(default_pad) {
            let digits = width.saturating_sub(usize::from(v < 0));
            if v < 0 {
                self.out.push('-');
            }
            let _ = write!(self.out, "{:0digits$}", v.unsigned_abs());
        } else {
            let _ = write!(self.out, "{v:>width$}");
        }
    }

    /// A word, padded on the left to the width (spaces unless `0` was given).
    fn text(&mut self, spec: &Spec, s: &str, upcase: bool) {
        self.fill(spec, s.len());
        if upcase {
            self.out.push_str(&s.to_ascii_uppercase());
        } else {
            self.out.push_str(s);
        }
    }

    fn fill(&mut self, spec: &Spec, len: usize) {
        if !spec.left && spec.width > len as i64 {
            let n = spec.width.min(MAX_WIDTH) as usize - len.min(MAX_WIDTH as usize);
            let pad = char::from(spec.pad.unwrap_or(b' '));
            self.out.extend(std::iter::repeat_n(pad, n));
        }
    }

    /// `%c`, `%F`...: the expansion formatted on its own, then padded and upcased whole.
    fn composite(&mut self, spec: &Spec, expansion: &str) {
        let start = self.out.len();
        self.format(expansion);
        let body = self.out.split_off(start);
        // Time#strftime pads a composite to its width even under `-`; Date#strftime does not.
        if self.f.date {
            self.fill(spec, body.len());
        } else {
            let spec = Spec {
                left: false,
                ..*spec
            };
            self.fill(&spec, body.len());
        }
        if spec.upper {
            self.out.push_str(&body.to_ascii_uppercase());
        } else {
            self.out.push_str(&body);
        }
    }

    /// `%z`, `%:z`, `%::z`, `%:::z`.
    fn zone(&mut self, spec: &Spec) -> bool {
        let f = &self.f;
        let off = if f.utc { 0 } else { f.offset };
        // Ruby marks UTC as "-0000" under `-` (RFC 3339's "offset unknown").
        let negative = off < 0 || (f.utc && spec.left);
        let aoff = off.unsigned_abs();
        let (hours, mins, secs) = (aoff / 3600, aoff / 60 % 60, aoff % 60);
        let w = spec.width;
        // How many fields follow the hours, and the characters they take.
        let (fields, tail) = match spec.colons {
            0 => (1, 2),
            1 => (1, 3),
            2 => (2, 6),
            3 if aoff % 3600 == 0 => (0, 0),
            3 if aoff % 60 == 0 => (1, 3),
            3 => (2, 6),
            _ => return false,
        };
        // Digits of the hour field: two, or whatever the width leaves after sign and tail.
        let digits = if w <= (tail + 3) as i64 {
            2
        } else {
            (w - tail as i64 - 1).min(MAX_WIDTH) as usize
        };
        let sign = if negative { '-' } else { '+' };
        if f.date && spec.left && w <= (tail + 3) as i64 {
            // Date#strftime honours `-` here (Time#strftime does not): no padding.
            let _ = write!(self.out, "{sign}{hours}");
        } else if spec.pad == Some(b' ') {
            let field = format!("{sign}{hours}");
            let _ = write!(self.out, "{field:>digits$}", digits = digits + 1);
        } else {
            let _ = write!(self.out, "{sign}{hours:0digits$}");
        }
        let colon = if spec.colons > 0 { ":" } else { "" };
        if fields >= 1 {
            let _ = write!(self.out, "{colon}{mins:02}");
        }
        if fields >= 2 {
            let _ = write!(self.out, "{colon}{secs:02}");
        }
        true
    }
}

fn hour12(h: u32) -> i64 {
    match h % 12 {
        0 => 12,
        h => h.into(),
    }
}

const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
