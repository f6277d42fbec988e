//! Strings to times, as Liquid's `date` filter converts them (`Liquid::Utils.to_date`).
//!
//! `now`/`today` are the current time, digit strings are Unix seconds (`Time.at`), and
//! anything else goes through Ruby's `Time.parse`: `Date._parse` extracts the fields,
//! then missing ones are taken from "now" and the result is placed in the local zone
//! (`TZ`, which Jekyll sets from the site's `timezone`) unless the text names an offset.
//! The zone is a parameter (any chrono [`TimeZone`]) so callers and tests can pin it;
//! the plain functions use the site's zone ([`super::site_zone`]).

use super::DateValue;
use super::date_parse::{Parsed, date_parse};
use chrono::{
    DateTime, Datelike, Duration, FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, Offset,
    TimeZone, Timelike, Utc,
};

/// Ruby's `Time.now`, in the local zone.
pub fn now() -> DateValue {
    now_in(&super::zone::site_zone(), Utc::now())
}

/// `now` as seen in `zone`.
pub fn now_in<Z: TimeZone>(zone: &Z, now: DateTime<Utc>) -> DateValue {
    DateValue::time(now.with_timezone(zone).fixed_offset())
}

/// Ruby's `Time.at(secs)` in the local zone; `None` beyond chrono's ±262,000 years.
pub fn time_at(secs: i64) -> Option<DateValue> {
    time_at_in(&super::zone::site_zone(), secs)
}

/// `Time.at(secs)` in `zone`.
pub fn time_at_in<Z: TimeZone>(zone: &Z, secs: i64) -> Option<DateValue> {
    let utc = DateTime::from_timestamp(secs, 0)?;
    Some(DateValue::time(utc.with_timezone(zone).fixed_offset()))
}

/// Ruby's `Time.parse(s)` in the local zone; `None` where Ruby raises `ArgumentError`.
pub fn parse_time(s: &str) -> Option<DateValue> {
    parse_time_in(s, &super::zone::site_zone(), Utc::now())
}

/// `Time.parse(s, now)` with `zone` as the local zone.
pub fn parse_time_in<Z: TimeZone>(s: &str, zone: &Z, now: DateTime<Utc>) -> Option<DateValue> {
    make_time(&date_parse(s)?, zone, now)
}

/// Liquid's `Utils.to_date` for a string: what `{{ s | date: ... }}` formats, or `None`
/// when Liquid would return the input unchanged.
pub fn to_date(s: &str) -> Option<DateValue> {
    to_date_in(s, &super::zone::site_zone(), Utc::now())
}

/// [`to_date`] with an explicit zone and current time.
pub fn to_date_in<Z: TimeZone>(s: &str, zone: &Z, now: DateTime<Utc>) -> Option<DateValue> {
    if s.is_empty() {
        return None;
    }
    // Liquid downcases before matching, so the parser also sees "z", "est", "pm"...
    let s = s.to_lowercase();
    match s.as_str() {
        "now" | "today" => Some(now_in(zone, now)),
        _ if s.bytes().all(|b| b.is_ascii_digit()) => time_at_in(zone, s.parse().ok()?),
        _ => parse_time_in(&s, zone, now),
    }
}

/// Calendar fields on their way to a time; `None` means "not given".
#[derive(Clone, Copy)]
struct Fields {
    year: Option<i64>,
    mon: Option<i64>,
    day: Option<i64>,
    hour: Option<i64>,
    min: Option<i64>,
    sec: Option<i64>,
    frac: Option<u32>,
}

/// Ruby's `Time.make_time`.
fn make_time<Z: TimeZone>(p: &Parsed, zone: &Z, now: DateTime<Utc>) -> Option<DateValue> {
    let f = Fields {
        year: p.year,
        mon: p.mon,
        day: p.mday,
        hour: p.hour,
        min: p.min,
        sec: p.sec,
        frac: p.frac,
    };
    let given = [f.year, p.yday, f.mon, f.day, f.hour, f.min, f.sec];
    if given.iter().all(Option::is_none) && f.frac.is_none() {
        return None; // "no time information"
    }
    let name = p.zone.as_deref();
    let off = name.and_then(zone_offset);
    let Some(yday) = p.yday else {
        return build(f, name, off, zone, now);
    };
    // An ordinal date: guess month and day, then correct by how far the guess was off.
    if !(1..=366).contains(&yday) {
        return None;
    }
    let off_year = match f.year {
        Some(y) => y,
        None => i64::from(local_of(&now.with_timezone(zone))?.year()),
    };
    let mut mon = (yday - 1) / 31 + 1;
    let mut day = (yday - 1) % 31 + 1;
    let guess = Fields {
        mon: Some(mon),
        day: Some(day),
        ..f
    };
    let t = build(guess, name, off, zone, now)?;
    let diff = yday - i64::from(t.dt.ordinal());
    if diff == 0 {
        return Some(t);
    }
    day += diff;
    if day > 28 {
        let mdays = month_days(off_year, mon)?;
        if day > mdays {
            mon += 1;
            if mon > 12 {
                return None;
            }
            day -= mdays;
        }
    }
    let fixed = Fields {
        mon: Some(mon),
        day: Some(day),
        ..f
    };
    build(fixed, name, off, zone, now)
}

/// Fills missing fields from `now`, then makes the time in the named offset or locally.
fn build<Z: TimeZone>(
    f: Fields,
    name: Option<&str>,
    off: Option<i32>,
    zone: &Z,
    now: DateTime<Utc>,
) -> Option<DateValue> {
    // "Now" is read in the offset the text names, else in the local zone.
    let now = match off {
        Some(o) => local_of(&now.with_timezone(&FixedOffset::east_opt(o)?))?,
        None => local_of(&now.with_timezone(zone))?,
    };
    // Fields above the first one given come from now; those below default to zero.
    let mut f = f;
    let mut frac = f.frac;
    let from_now: [i64; 6] = [
        now.year().into(),
        now.month().into(),
        now.day().into(),
        now.hour().into(),
        now.minute().into(),
        now.second().into(),
    ];
    let slots = [
        &mut f.year,
        &mut f.mon,
        &mut f.day,
        &mut f.hour,
        &mut f.min,
        &mut f.sec,
    ];
    let mut all_missing = true;
    for (slot, v) in slots.into_iter().zip(from_now) {
        if slot.is_some() {
            all_missing = false;
            break;
        }
        *slot = Some(v);
    }
    if all_missing && frac.is_none() {
        // Ruby copies only the microseconds.
        frac = Some(now.nanosecond() / 1000 * 1000);
    }
    let (year, mon, day) = (f.year?, f.mon.unwrap_or(1), f.day.unwrap_or(1));
    let (hour, min, sec) = (f.hour.unwrap_or(0), f.min.unwrap_or(0), f.sec.unwrap_or(0));
    let nanos = frac.unwrap_or(0);
    let Some(off) = off else {
        return resolve_local(zone, civil(year, mon, day, hour, min, sec, nanos)?);
    };
    let (y, mo, d, h, mi, s) = apply_offset(year, mon, day, hour, min, sec, off)?;
    let utc = civil(y, mo, d, h, mi, s, nanos)?.and_utc();
    if name.is_some_and(zone_utc) {
        return Some(DateValue {
            dt: utc.fixed_offset(),
            kind: super::DateKind::Time,
            utc: true,
        });
    }
    Some(DateValue::time(
        utc.with_timezone(&FixedOffset::east_opt(off)?),
    ))
}

/// The wall-clock time of `dt`; `None` at the edges of chrono's range, where
/// `naive_local` would panic.
fn local_of<Z: TimeZone>(dt: &DateTime<Z>) -> Option<NaiveDateTime> {
    dt.naive_utc().checked_add_offset(dt.offset().fix())
}

/// Ruby's `Time.utc`/`Time.local` argument checks and normalisation: day 31 of a short
/// month rolls over, `24:00:00` is the next midnight, second 60 the next minute.
fn civil(
    year: i64,
    mon: i64,
    day: i64,
    hour: i64,
    min: i64,
    sec: i64,
    nanos: u32,
) -> Option<NaiveDateTime> {
    let ok = (1..=12).contains(&mon)
        && (1..=31).contains(&day)
        && (0..=24).contains(&hour)
        && (0..=59).contains(&min)
        && (0..=60).contains(&sec)
        && (hour < 24 || (min == 0 && sec == 0));
    if !ok {
        return None;
    }
    let first = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, mon as u32, 1)?;
    let date = first.checked_add_signed(Duration::days(day - 1))?;
    let secs = hour * 3600 + min * 60 + sec;
    date.and_hms_nano_opt(0, 0, 0, nanos)?
        .checked_add_signed(Duration::seconds(secs))
}

/// A wall-clock time in `zone`, resolved as Ruby's `Time.local` does at DST changes:
/// a repeated hour takes the later instant, a skipped hour moves forward by the gap.
fn resolve_local<Z: TimeZone>(zone: &Z, local: NaiveDateTime) -> Option<DateValue> {
    let off = match zone.offset_from_local_datetime(&local) {
        MappedLocalTime::Single(o) => o.fix(),
        MappedLocalTime::Ambiguous(a, b) => {
            let (a, b) = (a.fix(), b.fix());
            // The later instant has the smaller offset.
            if a.local_minus_utc() < b.local_minus_utc() {
                a
            } else {
                b
            }
        }
        MappedLocalTime::None => {
            // In a gap: read the wall time with the offset in force before it.
            let before = local.checked_sub_signed(Duration::days(1))?;
            zone.offset_from_utc_datetime(&before).fix()
        }
    };
    let utc = local.checked_sub_offset(off)?;
    Some(DateValue::time(zone.from_utc_datetime(&utc).fixed_offset()))
}

/// Days in a month as Ruby's `Time.month_days` computes them; month 0 reads the table
/// from the end (December), as Ruby's negative index does.
fn month_days(year: i64, mon: i64) -> Option<i64> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    match mon {
        1..=12 => Some(days[mon as usize - 1]),
        0 => Some(31),
        _ => None,
    }
}

/// Ruby's `Time.apply_offset`: moves local fields to UTC one unit at a time, carrying
/// into the day but only a single step into the month (so its quirks are kept).
fn apply_offset(
    mut year: i64,
    mut mon: i64,
    mut day: i64,
    mut hour: i64,
    mut min: i64,
    mut sec: i64,
    off: i32,
) -> Option<(i64, i64, i64, i64, i64, i64)> {
    // West of UTC adds to the fields, east subtracts; carries go into what is left.
    let dir: i64 = if off < 0 { 1 } else { -1 };
    let mut rest = i64::from(off).abs();
    for (unit, field) in [(60, &mut sec), (60, &mut min), (24, &mut hour)] {
        let o = rest.rem_euclid(unit);
        rest = rest.div_euclid(unit);
        if o != 0 {
            // Parsed numbers can be anything up to i64::MAX: overflow gives up, never panics.
            *field = field.checked_add(dir * o)?;
            rest += dir * field.div_euclid(unit);
            *field = field.rem_euclid(unit);
        }
    }
    if rest != 0 {
        if off < 0 {
            day = day.checked_add(rest)?;
            if month_days(year, mon).is_some_and(|d| d < day) {
                mon += 1;
                if mon > 12 {
                    mon = 1;
                    year += 1;
                }
                day = 1;
            }
        } else {
            day = day.checked_sub(rest)?;
            if day < 1 {
                mon -= 1;
                if mon < 1 {
                    year -= 1;
                    mon = 12;
                }
                day = month_days(year, mon)?;
            }
        }
    }
    Some((year, mon, day, hour, min, sec))
}

/// Ruby's `Time.zone_offset` without the local zone's own abbreviations: numeric
/// offsets and the RFC 822 / military names.
fn zone_offset(zone: &str) -> Option<i32> {
    let z = zone.to_uppercase();
    let b = z.as_bytes();
    let dd = |i: usize| -> Option<i32> {
        let (x, y) = (*b.get(i)?, *b.get(i + 1)?);
        (x.is_ascii_digit() && y.is_ascii_digit())
            .then(|| i32::from(x - b'0') * 10 + i32::from(y - b'0'))
    };
    if let Some(&s) = b.first().filter(|&&c| c == b'+' || c == b'-') {
        let sign = if s == b'-' { -1 } else { 1 };
        let h = dd(1)?;
        if b.len() == 3 {
            return Some(sign * h * 3600);
        }
        let colon = usize::from(b.get(3) == Some(&b':'));
        let m = dd(3 + colon)?;
        let secs = match b.len() - (5 + colon) {
            0 => 0,
            n if n == 2 + colon && (colon == 0 || b[5 + colon] == b':') => dd(5 + 2 * colon)?,
            _ => return None,
        };
        return Some(sign * ((h * 60 + m) * 60 + secs));
    }
    let hours = match z.as_str() {
        "UTC" | "Z" | "UT" | "GMT" => 0,
        "EST" => -5,
        "EDT" => -4,
        "CST" => -6,
        "CDT" => -5,
        "MST" => -7,
        "MDT" => -6,
        "PST" => -8,
        "PDT" => -7,
        _ if b.len() == 1 && b[0].is_ascii_uppercase() && b[0] != b'J' => match b[0] {
            c @ b'A'..=b'I' => i32::from(c - b'A') + 1,
            c @ b'K'..=b'M' => i32::from(c - b'K') + 10,
            c @ b'N'..=b'Y' => -(i32::from(c - b'N') + 1),
            _ => 0, // Z
        },
        _ => return None,
    };
    Some(hours * 3600)
}

/// Zones that make Ruby return a UTC time rather than one with a `+00:00` offset.
fn zone_utc(zone: &str) -> bool {
    ["-00:00", "-0000", "-00", "UTC", "Z", "UT"]
        .iter()
        .any(|z| zone.eq_ignore_ascii_case(z))
}
