//! Ruby Liquid 5.4's standard filters, with Ruby's semantics.

use crate::liquid::Engine;
use crate::liquid::context::Context;
use crate::liquid::error::Result;
use crate::value::Value;

/// Registers the standard filters.
pub fn register(e: &mut Engine) {
    e.register_filter("upcase", upcase, 0, Some(0));
    e.register_filter("append", append, 1, Some(1));
}

fn upcase(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    Ok(Value::from(input.to_ruby_s().to_uppercase()))
}

fn append(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    Ok(Value::from(input.to_ruby_s() + &args[0].to_ruby_s()))
}
