//! Jekyll's `DateFilters`: `date_to_xmlschema`, `date_to_rfc822`, `date_to_string`,
//! `date_to_long_string`.
//!
//! Inputs go through Liquid's `Utils.to_date` (times as they are, epoch seconds, `now`,
//! anything else through Ruby's `Time.parse`) and are then shown in the process's local
//! time zone (`Time#localtime`), which Jekyll's `timezone` option sets through `TZ`.

use self::compat::{parse_time, strftime};
use crate::liquid::Engine;
use crate::liquid::context::Context;
use crate::liquid::error::{Error, Result};
use crate::value::{DateKind, DateValue, Value};
use chrono::{DateTime, Datelike, Local, NaiveDate, NaiveDateTime, TimeZone};

pub(super) fn register(e: &mut Engine) {
    e.register_filter("date_to_xmlschema", date_to_xmlschema, 0, Some(0));
    e.register_filter("date_to_rfc822", date_to_rfc822, 0, Some(0));
    e.register_filter("date_to_string", date_to_string, 0, Some(2));
    e.register_filter("date_to_long_string", date_to_long_string, 0, Some(2));
}

fn date_to_xmlschema(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    if input.to_ruby_s().is_empty() {
        return Ok(input);
    }
    Ok(Value::from(strftime(
        &local_time(&input)?,
        "%Y-%m-%dT%H:%M:%S%:z",
    )))
}

fn date_to_rfc822(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    if input.to_ruby_s().is_empty() {
        return Ok(input);
    }
    Ok(Value::from(strftime(
        &local_time(&input)?,
        "%a, %d %b %Y %H:%M:%S %z",
    )))
}

fn date_to_string(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    stringify_date(input, "%b", args)
}

fn date_to_long_string(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    stringify_date(input, "%B", args)
}

/// "05 Mar 2024", or with `ordinal` "5th Mar 2024", and with `US` too "Mar 5th, 2024".
fn stringify_date(input: Value, month: &str, args: &[Value]) -> Result<Value> {
    if input.to_ruby_s().is_empty() {
        return Ok(input);
    }
    let time = local_time(&input)?;
    let is = |i: usize, word: &str| args.get(i).and_then(Value::as_str) == Some(word);
    let format = if is(0, "ordinal") {
        let day = time.dt.day();
        let ordinal_day = format!("{day}{}", ordinal_suffix(day));
        if is(1, "US") {
            format!("{month} {ordinal_day}, %Y")
        } else {
            format!("{ordinal_day} {month} %Y")
        }
    } else {
        format!("%d {month} %Y")
    };
    Ok(Value::from(strftime(&time, &format)))
}

fn ordinal_suffix(day: u32) -> &'static str {
    if (11..=13).contains(&day) {
        return "th";
    }
    match day % 10 {
        1 => "st",
        2 => "nd",
        3 => "rd",
        _ => "th",
    }
}

/// Jekyll's `time(input)`: the input as a time in the local zone, or `InvalidDateError`.
fn local_time(input: &Value) -> Result<DateValue> {
    let date = to_date(input).ok_or_else(|| {
        Error::render(format!(
            "Invalid Date: '{}' is not a valid datetime.",
            input.inspect()
        ))
    })?;
    Ok(localtime(&date))
}

/// Liquid's `Utils.to_date`.
fn to_date(input: &Value) -> Option<DateValue> {
    match input {
        Value::Date(d) => Some(*d),
        Value::Int(i) => epoch(*i),
        Value::Str(s) => {
            if s.is_empty() {
                return None;
            }
            let s = super::ruby_downcase(s);
            match s.as_str() {
                "now" | "today" => Some(DateValue::time(Local::now().fixed_offset())),
                digits if digits.bytes().all(|b| b.is_ascii_digit()) => {
                    epoch(digits.parse().unwrap_or(i64::MAX))
                }
                other => parse_time(other),
            }
        }
        _ => None,
    }
}

/// `Time.at(seconds)`.
fn epoch(seconds: i64) -> Option<DateValue> {
    let utc = DateTime::from_timestamp(seconds, 0)?;
    Some(DateValue::time(utc.with_timezone(&Local).fixed_offset()))
}

/// A naive date and time read as local time, as Ruby's `Time.local` (the earlier reading
/// where a clock change makes it ambiguous).
fn local_from_naive(naive: NaiveDateTime) -> DateValue {
    let dt = match Local.from_local_datetime(&naive).earliest() {
        Some(dt) => dt.fixed_offset(),
        // In a spring-forward gap: count the time as UTC and move to local time.
        None => naive.and_utc().with_timezone(&Local).fixed_offset(),
    };
    DateValue::time(dt)
}

/// `to_time.localtime`: a `Date` becomes local midnight; a `Time` moves to the local zone.
fn localtime(d: &DateValue) -> DateValue {
    match d.kind {
        DateKind::Date => {
            let day: NaiveDate = d.dt.date_naive();
            local_from_naive(day.and_hms_opt(0, 0, 0).unwrap_or_default())
        }
        DateKind::Time => DateValue::time(d.dt.with_timezone(&Local).fixed_offset()),
    }
}

/// Stand-ins for the shared `crate::value::strftime` (Ruby-exact `strftime`) and
/// `crate::value::time_parse` (Ruby's `Time.parse`), which are being written on another
/// branch. Switch these two functions to them when they land.
mod compat {
    use super::local_from_naive;
    use crate::value::DateValue;
    use chrono::{FixedOffset, NaiveDate, NaiveTime};

    /// The conversions the date filters use (`%Y %m %d %-d %H %M %S %z %:z %a %b %B`) mean
    /// the same in chrono as in Ruby.
    pub(super) fn strftime(d: &DateValue, fmt: &str) -> String {
        d.dt.format(fmt).to_string()
    }

    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    const WEEKDAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// A month name or its abbreviation (at least three letters).
    fn month(word: &str) -> Option<u32> {
        if word.len() < 3 {
            return None;
        }
        let i = MONTHS.iter().position(|m| word.starts_with(m))?;
        let full = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ][i];
        (full.starts_with(word) || word.strip_suffix('.').is_some_and(|w| full.starts_with(w)))
            .then_some(i as u32 + 1)
    }

    /// Splits off a leading run of ASCII digits.
    fn digits(s: &str) -> (&str, &str) {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        s.split_at(n)
    }

    fn word(s: &str) -> (&str, &str) {
        let n = s
            .bytes()
            .take_while(|b| b.is_ascii_alphabetic() || *b == b'.')
            .count();
        s.split_at(n)
    }

    fn skip_spaces(s: &str) -> &str {
        s.trim_start_matches([' ', '\t', ','])
    }

    /// The date part: `2024-03-05`, `2024/03/05`, `5 Mar 2024` or `March 5th, 2024`.
    fn date_part(s: &str) -> Option<(NaiveDate, &str)> {
        let (first, rest) = digits(s);
        if first.len() == 4 {
            let sep = rest.chars().next().filter(|c| matches!(c, '-' | '/'))?;
            let (m, rest) = digits(&rest[1..]);
            let rest = rest.strip_prefix(sep)?;
            let (d, rest) = digits(rest);
            let date =
                NaiveDate::from_ymd_opt(first.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
            return Some((date, rest));
        }
        if !first.is_empty() {
            let (w, rest) = word(skip_spaces(rest));
            let m = month(w)?;
            let (y, rest) = digits(skip_spaces(rest));
            let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m, first.parse().ok()?)?;
            return Some((date, rest));
        }
        let (w, rest) = word(s);
        let m = month(w)?;
        let (d, rest) = digits(skip_spaces(rest));
        let rest = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|suffix| rest.strip_prefix(suffix))
            .unwrap_or(rest);
        let (y, rest) = digits(skip_spaces(rest));
        let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m, d.parse().ok()?)?;
        Some((date, rest))
    }

    /// `HH:MM[:SS[.frac]]`.
    fn time_part(s: &str) -> Option<(NaiveTime, &str)> {
        let (h, rest) = digits(s);
        let rest = rest.strip_prefix(':')?;
        let (m, rest) = digits(rest);
        let (sec, rest) = match rest.strip_prefix(':') {
            Some(r) => digits(r),
            None => ("0", rest),
        };
        let (nanos, rest) = match rest.strip_prefix(['.', ',']) {
            Some(r) => {
                let (frac, rest) = digits(r);
                let padded = format!("{frac:0<9}");
                (padded[..9].parse().ok()?, rest)
            }
            None => (0, rest),
        };
        let t = NaiveTime::from_hms_nano_opt(
            h.parse().ok()?,
            m.parse().ok()?,
            sec.parse().ok()?,
            nanos,
        )?;
        Some((t, rest))
    }

    /// `z`, `utc`, `gmt`, `+hh:mm`, `+hhmm` or `+hh`.
    fn zone_part(s: &str) -> Option<(FixedOffset, &str)> {
        for name in ["z", "utc", "gmt"] {
            if let Some(rest) = s.strip_prefix(name) {
                return Some((FixedOffset::east_opt(0)?, rest));
            }
        }
        let sign = match s.chars().next()? {
            '+' => 1,
            '-' => -1,
            _ => return None,
        };
        let (d, rest) = digits(&s[1..]);
        let (h, m, rest) = match (d.len(), rest.strip_prefix(':')) {
            (2, Some(r)) => {
                let (m, r) = digits(r);
                (d, m, r)
            }
            (4, _) => (&d[..2], &d[2..], rest),
            (1 | 2, None) => (d, "0", rest),
            _ => return None,
        };
        let secs = h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60;
        Some((FixedOffset::east_opt(sign * secs)?, rest))
    }

    /// A minimal `Time.parse` for the common shapes of dates in front matter and data;
    /// `None` where it cannot read the whole string.
    pub(super) fn parse_time(s: &str) -> Option<DateValue> {
        let mut s = s.trim();
        let (w, rest) = word(s);
        if w.len() >= 3 && WEEKDAYS.iter().any(|d| w.starts_with(d)) {
            s = skip_spaces(rest);
        }
        let (date, mut rest) = date_part(s)?;
        let mut time = NaiveTime::MIN;
        let trimmed = rest.trim_start_matches([' ', 't']);
        if let Some((t, r)) = time_part(trimmed) {
            time = t;
            rest = r;
        }
        let naive = date.and_time(time);
        let rest = rest.trim_start();
        let value = match zone_part(rest) {
            Some((offset, r)) if r.trim().is_empty() => {
                let dt = naive.and_local_timezone(offset).single()?;
                DateValue::time(dt)
            }
            _ if rest.is_empty() => local_from_naive(naive),
            _ => return None,
        };
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::compat::parse_time;

    #[test]
    fn parses_common_dates() {
        let p = |s: &str| parse_time(s).map(|d| d.dt.to_rfc3339());
        assert_eq!(
            p("2024-03-05t10:04:05+05:30").as_deref(),
            Some("2024-03-05T10:04:05+05:30")
        );
        assert_eq!(
            p("tue, 05 mar 2024 10:04:05 +0100").as_deref(),
            Some("2024-03-05T10:04:05+01:00")
        );
        assert!(p("march 5, 2024").is_some());
        assert!(p("not a date").is_none());
    }
}
