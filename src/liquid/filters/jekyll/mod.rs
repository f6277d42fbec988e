//! Jekyll 4.3.1's filters: `Jekyll::Filters` with its `URLFilters`, `GroupingFilters` and
//! `DateFilters`, registered over Ruby Liquid's standard filters (Jekyll's `where` and `sort`
//! replace Liquid's).
//!
//! Each filter follows Jekyll's Ruby code branch by branch, including what Ruby does with
//! inputs Jekyll did not plan for (a filter that calls `String#split` on an integer fails as
//! Ruby's `NoMethodError` does), so sites that lean on a quirk build the same.
//!
//! Filters that need the site (its config, or its Markdown, SmartyPants and Sass converters)
//! reach it through [`crate::liquid::site::Site`].

mod addressable;
mod collections;
mod date;
mod json;
mod latin;
mod text;
pub mod url;

pub use text::{slugify, xml_escape};

use crate::liquid::Engine;
use crate::liquid::context::Context;
use crate::liquid::error::Error;
use crate::value::{Hash, Value};
use std::cmp::Ordering;
use std::sync::{Arc, LazyLock};

pub use crate::liquid::site::SassSyntax;
use crate::liquid::site::Site;

/// The site, if the caller set one.
fn site(ctx: &Context) -> Option<Arc<dyn Site>> {
    crate::liquid::site::site(ctx)
}

/// The site config, or an empty one: without a site the URL filters behave as Jekyll does
/// with no `url` and no `baseurl` configured.
fn site_config(ctx: &Context) -> Value {
    static EMPTY: LazyLock<Value> = LazyLock::new(|| Value::from(Hash::default()));
    match site(ctx) {
        Some(s) => s.config().clone(),
        None => EMPTY.clone(),
    }
}

/// Registers every filter of `Jekyll::Filters`, replacing Liquid's `where` and `sort`.
pub fn register(e: &mut Engine) {
    url::register(e);
    text::register(e);
    json::register(e);
    collections::register(e);
    date::register(e);
}

/// Ruby's `NoMethodError` for calling `method` on `v`.
fn no_method(method: &str, v: &Value) -> Error {
    Error::render(format!(
        "undefined method `{method}' for {}:{}",
        v.inspect(),
        v.class_name()
    ))
}

/// Ruby's `TypeError` for a method that wanted a string (`CGI.escape(5)`).
fn no_string_conversion(v: &Value) -> Error {
    let what = match v {
        Value::Nil => "nil".to_string(),
        Value::Bool(b) => b.to_string(),
        other => other.class_name().to_string(),
    };
    Error::render(format!("no implicit conversion of {what} into String"))
}

/// The string behind a string value; `empty`/`blank` literals are the empty string.
fn as_ruby_str(v: &Value) -> Option<&str> {
    match v {
        Value::Str(s) => Some(s),
        Value::Empty | Value::Blank => Some(""),
        _ => None,
    }
}

/// Ruby `String#downcase`: full Unicode case mapping, character by character (Ruby has no
/// final-sigma rule, unlike `str::to_lowercase`).
fn ruby_downcase(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// Ruby's `<=>` between two values: `None` where Ruby returns nil. Beyond the types that
/// define `<=>`, `Object#<=>` says 0 for equal objects (`nil <=> nil`, equal hashes).
fn spaceship(a: &Value, b: &Value) -> Option<Ordering> {
    use Value::*;
    match (a, b) {
        (Int(_) | Float(_), Int(_) | Float(_)) | (Str(_), Str(_)) | (Date(_), Date(_)) => {
            match (a, b) {
                (Date(x), Date(y)) if x.kind != y.kind => None,
                _ => a.ruby_cmp(b),
            }
        }
        (Array(x), Array(y)) => {
            for (p, q) in x.iter().zip(y.iter()) {
                match spaceship(p, q)? {
                    Ordering::Equal => {}
                    o => return Some(o),
                }
            }
            Some(x.len().cmp(&y.len()))
        }
        _ if a.ruby_eq(b) => Some(Ordering::Equal),
        _ => None,
    }
}

/// The `ArgumentError` Ruby raises when `<=>` gives nil during a sort: the right-hand side
/// is shown by `inspect` when it is an immediate value (nil, booleans, numbers), else by class.
fn comparison_failed(a: &Value, b: &Value) -> Error {
    let right = match b {
        Value::Nil | Value::Bool(_) | Value::Int(_) | Value::Float(_) => b.inspect(),
        other => other.class_name().to_string(),
    };
    Error::argument(format!(
        "comparison of {} with {right} failed",
        a.class_name()
    ))
}

/// Ruby `eql?`, which `group_by` uses for its keys: like `==` but `1` and `1.0` differ.
fn ruby_eql(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (Int(x), Int(y)) => x == y,
        (Float(x), Float(y)) => x == y,
        (Int(_), Float(_)) | (Float(_), Int(_)) => false,
        (Array(x), Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| ruby_eql(p, q))
        }
        (Hash(x), Hash(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| ruby_eql(v, w)))
        }
        (Date(x), Date(y)) => x.kind == y.kind && x == y,
        (Drop(x), Drop(y)) => Arc::ptr_eq(x, y),
        _ => a.ruby_eq(b),
    }
}

/// Splits like Ruby's `String#split(sep)`: trailing empty fields are dropped.
fn ruby_split(s: &str, sep: char) -> Vec<&str> {
    let mut parts: Vec<&str> = s.split(sep).collect();
    while parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    parts
}

/// Ruby's whitespace for `\s` in a regular expression, `strip` and `split`: ASCII only.
fn is_ruby_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaceship_follows_ruby() {
        assert_eq!(spaceship(&Value::Nil, &Value::Nil), Some(Ordering::Equal));
        assert_eq!(spaceship(&Value::Int(1), &Value::str("1")), None);
        assert_eq!(
            spaceship(&Value::Int(1), &Value::Float(1.5)),
            Some(Ordering::Less)
        );
        assert_eq!(spaceship(&Value::Bool(true), &Value::Bool(false)), None);
    }

    #[test]
    fn downcase_has_no_final_sigma() {
        assert_eq!(ruby_downcase("ΣΑΣ"), "σασ");
        assert_eq!(ruby_downcase("İ"), "i\u{307}");
    }

    #[test]
    fn split_drops_trailing_empties() {
        assert_eq!(ruby_split("a..b.", '.'), ["a", "", "b"]);
        assert!(ruby_split(".", '.').is_empty());
    }
}
