//! Jekyll's `DateFilters`: `date_to_xmlschema`, `date_to_rfc822`, `date_to_string`,
//! `date_to_long_string`.
//!
//! Inputs go through Liquid's `Utils.to_date` (times as they are, epoch seconds, `now`,
//! anything else through Ruby's `Time.parse`) and are then shown in the process's local
//! time zone (`Time#localtime`), which Jekyll's `timezone` option sets through `TZ`.

use crate::liquid::Engine;
use crate::liquid::context::Context;
use crate::liquid::error::{Error, Result};
use crate::liquid::filters::standard::date::as_date;
use crate::value::{DateKind, DateValue, Value, strftime};
use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeZone};

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
    let date = as_date(input).ok_or_else(|| {
        Error::render(format!(
            "Invalid Date: '{}' is not a valid datetime.",
            input.inspect()
        ))
    })?;
    Ok(localtime(&date))
}

/// A naive date and time read as local time, as Ruby's `Time.local` (the earlier reading
/// where a clock change makes it ambiguous).
fn local_from_naive(naive: NaiveDateTime) -> DateValue {
    let dt = match crate::value::site_zone()
        .from_local_datetime(&naive)
        .earliest()
    {
        Some(dt) => dt.fixed_offset(),
        // In a spring-forward gap: count the time as UTC and move to local time.
        None => naive
            .and_utc()
            .with_timezone(&crate::value::site_zone())
            .fixed_offset(),
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
        DateKind::Time => DateValue::time(
            d.dt.with_timezone(&crate::value::site_zone())
                .fixed_offset(),
        ),
    }
}
