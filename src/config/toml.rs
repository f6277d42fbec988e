//! TOML configuration files (Jekyll reads them with `tomlrb`).

use crate::value::{DateKind, DateValue, Hash, Value};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

/// Parses TOML into a value (a hash at the top).
pub fn load(text: &str) -> Result<Value, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    Ok(convert(&toml::Value::Table(table)))
}

fn convert(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::str(s),
        toml::Value::Integer(i) => Value::Int(*i),
        toml::Value::Float(f) => Value::Float(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Array(a) => Value::from(a.iter().map(convert).collect::<Vec<_>>()),
        toml::Value::Table(t) => Value::from(
            t.iter()
                .map(|(k, v)| (k.clone(), convert(v)))
                .collect::<Hash>(),
        ),
        toml::Value::Datetime(d) => datetime(d),
    }
}

/// Offset date-times become times and plain dates become dates; local times stay text.
fn datetime(d: &toml::value::Datetime) -> Value {
    let text = d.to_string();
    if d.offset.is_some()
        && let Ok(dt) = DateTime::parse_from_rfc3339(&text)
    {
        return Value::Date(DateValue::time(dt));
    }
    if d.time.is_none()
        && let Some(date) = d.date.and_then(|x| {
            NaiveDate::from_ymd_opt(i32::from(x.year), u32::from(x.month), u32::from(x.day))
        })
    {
        let dt = Utc
            .from_utc_datetime(&date.and_time(NaiveTime::MIN))
            .fixed_offset();
        return Value::Date(DateValue {
            dt,
            kind: DateKind::Date,
            utc: false,
        });
    }
    Value::str(text)
}
