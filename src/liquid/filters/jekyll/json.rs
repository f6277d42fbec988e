//! `jsonify` (Ruby's `to_json` of the value's Liquid form) and `inspect` (Ruby's `inspect`,
//! where Jekyll's drops show as pretty-printed JSON, HTML-escaped).

use super::text::xml_escape;
use crate::liquid::Engine;
use crate::liquid::context::Context;
use crate::liquid::error::{Error, Result};
use crate::value::write_json_string;
use crate::value::{Hash, Value, format_float};
use std::fmt::Write as _;

pub(super) fn register(e: &mut Engine) {
    e.register_filter("jsonify", jsonify, 0, Some(0));
    e.register_filter("inspect", inspect, 0, Some(0));
}

fn jsonify(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    let mut out = String::new();
    write_json(&input, None, 0, &mut out)?;
    Ok(Value::from(out))
}

/// Ruby's JSON generator (json 2.6): compact when `indent` is `None`, else
/// `JSON.pretty_generate`'s layout at nesting `depth`.
fn write_json(v: &Value, indent: Option<&str>, depth: usize, out: &mut String) -> Result<()> {
    match v {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) if f.is_nan() => {
            // Jekyll's `as_liquid` recurses until NaN equals itself, which it never does.
            return Err(Error::render("stack level too deep"));
        }
        Value::Float(f) if f.is_infinite() => {
            return Err(Error::render(format!(
                "1000: {} not allowed in JSON",
                format_float(*f)
            )));
        }
        Value::Float(f) => out.push_str(&format_float(*f)),
        Value::Str(s) => write_json_string(s, out),
        Value::Empty | Value::Blank => out.push_str("\"\""),
        // Times, dates and ranges have no JSON form of their own: `to_s`, quoted.
        Value::Date(_) | Value::Range(..) => write_json_string(&v.render(), out),
        Value::Array(a) => {
            out.push('[');
            let nl = indent.is_some();
            if nl {
                out.push('\n');
            }
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                    if nl {
                        out.push('\n');
                    }
                }
                push_indent(indent, depth + 1, out);
                write_json(item, indent, depth + 1, out)?;
            }
            if nl {
                out.push('\n');
            }
            push_indent(indent, depth, out);
            out.push(']');
        }
        Value::Hash(h) => write_json_object(h, indent, depth, out)?,
        Value::Drop(d) => match d.to_json_value(depth) {
            Value::Hash(h) => write_json_object(&h, indent, depth, out)?,
            other => write_json(&other, indent, depth, out)?,
        },
    }
    Ok(())
}

fn write_json_object(h: &Hash, indent: Option<&str>, depth: usize, out: &mut String) -> Result<()> {
    out.push('{');
    for (i, (k, v)) in h.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if indent.is_some() {
            out.push('\n');
        }
        push_indent(indent, depth + 1, out);
        write_json_string(k, out);
        out.push(':');
        if indent.is_some() {
            out.push(' ');
        }
        write_json(v, indent, depth + 1, out)?;
    }
    if indent.is_some() {
        out.push('\n');
    }
    push_indent(indent, depth, out);
    out.push('}');
    Ok(())
}

fn push_indent(indent: Option<&str>, depth: usize, out: &mut String) {
    if let Some(ind) = indent {
        for _ in 0..depth {
            out.push_str(ind);
        }
    }
}

/// Ruby's `inspect`, with Jekyll drops as `JSON.pretty_generate` of their hash.
fn ruby_inspect(v: &Value, out: &mut String) -> Result<()> {
    match v {
        Value::Array(a) => {
            out.push('[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                ruby_inspect(item, out)?;
            }
            out.push(']');
        }
        Value::Hash(h) => {
            out.push('{');
            for (i, (k, item)) in h.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&Value::str(k).inspect());
                out.push_str("=>");
                ruby_inspect(item, out)?;
            }
            out.push('}');
        }
        Value::Drop(_) => write_json(v, Some("  "), 0, out)?,
        other => out.push_str(&other.inspect()),
    }
    Ok(())
}

fn inspect(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    let mut s = String::new();
    ruby_inspect(&input, &mut s)?;
    Ok(Value::from(xml_escape(&s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pretty(v: &Value) -> String {
        let mut s = String::new();
        write_json(v, Some("  "), 0, &mut s).unwrap();
        s
    }

    #[test]
    fn pretty_json_matches_ruby_layout() {
        let mut h = Hash::default();
        h.insert("a".into(), Value::from(vec![Value::Int(1)]));
        h.insert("b".into(), Value::from(Vec::new()));
        h.insert("c".into(), Value::from(Hash::default()));
        assert_eq!(
            pretty(&Value::from(h)),
            "{\n  \"a\": [\n    1\n  ],\n  \"b\": [\n\n  ],\n  \"c\": {\n  }\n}"
        );
        assert_eq!(pretty(&Value::from(Hash::default())), "{\n}");
    }
}
