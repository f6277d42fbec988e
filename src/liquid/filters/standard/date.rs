//! The `date` filter: Liquid's `Utils.to_date` and Ruby's `strftime`.

use crate::liquid::context::Context;
use crate::liquid::error::{Error, Result};
use crate::value::{DateValue, Value, time_at, to_date, try_strftime};

/// Liquid's `Utils.to_date`: dates as they are, integers and digit strings as Unix seconds,
/// `now`/`today`, and other strings through Ruby's `Time.parse`; anything else is not a date.
pub fn as_date(v: &Value) -> Option<DateValue> {
    match v {
        Value::Date(d) => Some(*d),
        Value::Int(i) => time_at(*i),
        Value::Str(s) => to_date(s),
        _ => None,
    }
}

/// `{{ input | date: format }}`: the input unchanged when the format is empty or the input
/// is not a date.
pub fn date(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let format = args[0].to_ruby_s();
    if format.is_empty() {
        return Ok(input);
    }
    let Some(d) = as_date(&input) else {
        return Ok(input);
    };
    try_strftime(&d, &format)
        .map(Value::from)
        .map_err(|e| Error::render(e.to_string()))
}
