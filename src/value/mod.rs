//! The one value model shared by configuration, front matter, data files and Liquid.
//!
//! Values mirror the Ruby objects Jekyll hands to Liquid: `nil`, booleans, integers, floats,
//! strings, arrays, insertion-ordered hashes, `Time`/`Date`, ranges and drops. Containers are
//! behind `Arc`, so looking up `site.posts` or `site.data` clones a pointer, never the data.

mod date;
mod date_parse;
mod drop;
mod json;
mod number;
mod strftime;
mod time_parse;
mod zone;

pub use date::{DateKind, DateValue};
pub use drop::Drop;
pub use json::{json_string, write_json_string};
pub use number::{format_float, parse_ruby_integer};
pub use strftime::{StrftimeError, strftime, try_strftime};
pub use time_parse::{
    now, now_in, parse_time, parse_time_in, time_at, time_at_in, to_date, to_date_in,
};
pub use zone::{SiteZone, set_site_zone, site_zone};

use indexmap::IndexMap;
use std::cmp::Ordering;
use std::fmt::Write as _;
use std::sync::Arc;

/// An insertion-ordered hash, as Ruby's `Hash`.
/// Hashed with [`crate::fast_hash::FastHasher`]: every variable lookup of a render hashes its
/// key, and SipHash was a tenth of an Academic Pages build.
pub type Hash =
    IndexMap<String, Value, std::hash::BuildHasherDefault<crate::fast_hash::FastHasher>>;

/// A Liquid/Ruby value.
#[derive(Clone, Debug, Default)]
pub enum Value {
    /// Ruby `nil`; also what an undefined variable evaluates to.
    #[default]
    Nil,
    /// `true` / `false`.
    Bool(bool),
    /// Ruby `Integer` (we keep 64 bits; overflow falls back to float).
    Int(i64),
    /// Ruby `Float`.
    Float(f64),
    /// Ruby `String`.
    Str(Arc<str>),
    /// Ruby `Array`.
    Array(Arc<Vec<Value>>),
    /// Ruby `Hash` with string keys.
    Hash(Arc<Hash>),
    /// Ruby `Time` or `Date`.
    Date(DateValue),
    /// An integer range `(a..b)`, inclusive.
    Range(i64, i64),
    /// A lazily evaluated object (Jekyll's drops).
    Drop(Arc<dyn Drop>),
    /// Liquid's `empty` literal: compares with `empty?`, renders as "".
    Empty,
    /// Liquid's `blank` literal: compares with `blank?`, renders as "".
    Blank,
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(Arc::from(s))
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(Arc::from(s))
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<Vec<Value>> for Value {
    fn from(v: Vec<Value>) -> Self {
        Value::Array(Arc::new(v))
    }
}
impl From<Hash> for Value {
    fn from(h: Hash) -> Self {
        Value::Hash(Arc::new(h))
    }
}

impl Value {
    /// A string value.
    pub fn str(s: impl AsRef<str>) -> Value {
        Value::Str(Arc::from(s.as_ref()))
    }

    /// Ruby truthiness: only `nil` and `false` are falsy.
    pub fn truthy(&self) -> bool {
        !matches!(self, Value::Nil | Value::Bool(false))
    }

    /// `true` for `nil`.
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// The string slice if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The array if this is an array.
    pub fn as_array(&self) -> Option<&Arc<Vec<Value>>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The hash if this is a hash.
    pub fn as_hash(&self) -> Option<&Arc<Hash>> {
        match self {
            Value::Hash(h) => Some(h),
            _ => None,
        }
    }

    /// Ruby's class name, for error messages ("comparison of String with Integer failed").
    pub fn class_name(&self) -> &'static str {
        match self {
            Value::Nil => "NilClass",
            Value::Bool(true) => "TrueClass",
            Value::Bool(false) => "FalseClass",
            Value::Int(_) => "Integer",
            Value::Float(_) => "Float",
            Value::Str(_) | Value::Empty | Value::Blank => "String",
            Value::Array(_) => "Array",
            Value::Hash(_) => "Hash",
            Value::Date(d) => d.class_name(),
            Value::Range(..) => "Range",
            Value::Drop(d) => d.class_name(),
        }
    }

    /// Ruby's `to_s`, which is what `{{ value }}` prints (arrays are joined, as Liquid does).
    pub fn render(&self) -> String {
        let mut s = String::new();
        self.render_into(&mut s);
        s
    }

    /// Appends what `{{ value }}` prints to `out`.
    pub fn render_into(&self, out: &mut String) {
        match self {
            Value::Nil | Value::Empty | Value::Blank => {}
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Float(f) => out.push_str(&format_float(*f)),
            Value::Str(s) => out.push_str(s),
            // Array#join flattens nested arrays and prints nil as "".
            Value::Array(a) => a.iter().for_each(|v| v.render_into(out)),
            Value::Hash(_) => self.inspect_into(out, &|_| false, usize::MAX),
            Value::Date(d) => out.push_str(&d.to_ruby_string()),
            Value::Range(a, b) => {
                let _ = write!(out, "{a}..{b}");
            }
            Value::Drop(d) => out.push_str(&d.to_liquid_string()),
        }
    }

    /// Ruby's `to_s` without Liquid's array joining: arrays print as `inspect` does.
    pub fn to_ruby_s(&self) -> String {
        match self {
            Value::Array(_) => self.inspect(),
            _ => self.render(),
        }
    }

    /// Ruby's `inspect` (Ruby 3.1 style: `{"a"=>1}`, `[1, nil, "x"]`).
    pub fn inspect(&self) -> String {
        let mut s = String::new();
        self.inspect_into(&mut s, &|_| false, usize::MAX);
        s
    }

    /// `inspect` for a value whose hash keys may stand for Ruby objects rather than strings:
    /// keys for which `raw_key` holds are written as they are, not quoted (a YAML mapping key
    /// that was itself a mapping already holds its `inspect`). `None` when the text would pass
    /// `limit` bytes, which stops early: aliases can nest a value exponentially.
    pub fn inspect_within(&self, raw_key: &dyn Fn(&str) -> bool, limit: usize) -> Option<String> {
        let mut s = String::new();
        self.inspect_into(&mut s, raw_key, limit);
        (s.len() <= limit).then_some(s)
    }

    fn inspect_into(&self, out: &mut String, raw_key: &dyn Fn(&str) -> bool, limit: usize) {
        if out.len() > limit {
            return;
        }
        match self {
            Value::Nil => out.push_str("nil"),
            Value::Str(s) => inspect_str(s, out),
            Value::Empty | Value::Blank => out.push_str("\"\""),
            Value::Array(a) => {
                out.push('[');
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    v.inspect_into(out, raw_key, limit);
                }
                out.push(']');
            }
            Value::Hash(h) => {
                out.push('{');
                for (i, (k, v)) in h.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if raw_key(k) {
                        out.push_str(k);
                    } else {
                        inspect_str(k, out);
                    }
                    out.push_str("=>");
                    v.inspect_into(out, raw_key, limit);
                }
                out.push('}');
            }
            Value::Date(d) => out.push_str(&d.inspect()),
            // A drop shows itself as it chooses: expanding it could loop (`page.next.previous`).
            Value::Drop(d) => out.push_str(&d.to_liquid_string()),
            _ => self.render_into(out),
        }
    }

    /// Ruby `==`.
    pub fn ruby_eq(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (Nil, Nil) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (Int(a), Float(b)) | (Float(b), Int(a)) => (*a as f64) == *b,
            (Float(a), Float(b)) => a == b,
            (Str(a), Str(b)) => a == b,
            (Str(a), Empty | Blank) | (Empty | Blank, Str(a)) => a.is_empty(),
            (Empty, Empty) | (Blank, Blank) => true,
            (Array(a), Array(b)) => {
                Arc::ptr_eq(a, b)
                    || (a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.ruby_eq(y)))
            }
            (Hash(a), Hash(b)) => {
                Arc::ptr_eq(a, b)
                    || (a.len() == b.len()
                        && a.iter()
                            .all(|(k, v)| b.get(k).is_some_and(|w| v.ruby_eq(w))))
            }
            (Date(a), Date(b)) => a == b,
            (Range(a, b), Range(c, d)) => a == c && b == d,
            (Drop(a), Drop(b)) => Arc::ptr_eq(a, b) || a.equals(&**b),
            _ => false,
        }
    }

    /// Ruby `<=>`: `None` where Ruby returns nil (incomparable types).
    pub fn ruby_cmp(&self, other: &Value) -> Option<Ordering> {
        use Value::*;
        match (self, other) {
            (Int(a), Int(b)) => Some(a.cmp(b)),
            (Int(a), Float(b)) => (*a as f64).partial_cmp(b),
            (Float(a), Int(b)) => a.partial_cmp(&(*b as f64)),
            (Float(a), Float(b)) => a.partial_cmp(b),
            (Str(a), Str(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
            (Array(a), Array(b)) => {
                for (x, y) in a.iter().zip(b.iter()) {
                    match x.ruby_cmp(y)? {
                        Ordering::Equal => continue,
                        o => return Some(o),
                    }
                }
                Some(a.len().cmp(&b.len()))
            }
            (Date(a), Date(b)) => Some(a.cmp(b)),
            (Nil, Nil) => Some(Ordering::Equal),
            (Bool(a), Bool(b)) if a == b => Some(Ordering::Equal),
            _ => None,
        }
    }

    /// Ruby's `empty?`, where the value has it.
    pub fn is_empty_ruby(&self) -> Option<bool> {
        match self {
            Value::Str(s) => Some(s.is_empty()),
            Value::Array(a) => Some(a.is_empty()),
            Value::Hash(h) => Some(h.is_empty()),
            Value::Empty | Value::Blank => Some(true),
            _ => None,
        }
    }

    /// ActiveSupport-style `blank?`, as Liquid emulates it for the `blank` literal.
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Nil | Value::Bool(false) => true,
            Value::Str(s) => s.chars().all(char::is_whitespace),
            Value::Array(a) => a.is_empty(),
            Value::Hash(h) => h.is_empty(),
            Value::Empty | Value::Blank => true,
            _ => false,
        }
    }

    /// Ruby's `size` where the object has one (`String#size` counts characters).
    pub fn size(&self) -> Option<i64> {
        match self {
            Value::Str(s) => Some(s.chars().count() as i64),
            Value::Array(a) => Some(a.len() as i64),
            Value::Hash(h) => Some(h.len() as i64),
            // Integer#size is its width in bytes.
            Value::Int(_) => Some(8),
            // Ruby's is a Bignum past 64 bits.
            Value::Range(a, b) => {
                Some((i128::from(*b) - i128::from(*a) + 1).clamp(0, i128::from(i64::MAX)) as i64)
            }
            Value::Empty | Value::Blank => Some(0),
            Value::Drop(d) => d.size(),
            _ => None,
        }
    }

    /// Looks up `key` as Liquid's `obj[key]` does for hashes and drops.
    pub fn get(&self, key: &str) -> Option<Value> {
        match self {
            Value::Hash(h) => h.get(key).cloned(),
            Value::Drop(d) => d.get(key),
            _ => None,
        }
    }

    /// Turns a drop into its hash form; other values are returned unchanged.
    pub fn to_plain(&self) -> Value {
        match self {
            Value::Drop(d) => d.to_value(),
            v => v.clone(),
        }
    }

    /// The items `{% for %}` and array filters see: arrays as they are, hashes as
    /// `[key, value]` pairs, ranges expanded ([`range_items`]: an error past
    /// [`MAX_RANGE_ITEMS`]), anything else as a one-item list.
    pub fn to_list(&self) -> Result<Vec<Value>, String> {
        Ok(match self {
            Value::Array(a) => a.as_ref().clone(),
            Value::Hash(h) => h
                .iter()
                .map(|(k, v)| Value::from(vec![Value::str(k), v.clone()]))
                .collect(),
            Value::Range(a, b) => range_items(*a, *b)?,
            Value::Nil => Vec::new(),
            Value::Drop(d) => d.to_value().to_list()?,
            v => vec![v.clone()],
        })
    }
}

/// The most items a range is expanded into (by `{% for %}`, `{% tablerow %}`, `{% render ...
/// for %}` and the array filters): Ruby goes on through any size until time or memory runs
/// out; hyde stops with an error first.
pub const MAX_RANGE_ITEMS: i64 = 1 << 22;

/// The integers `a..=b` as values, or an error when there are more than [`MAX_RANGE_ITEMS`].
pub fn range_items(a: i64, b: i64) -> Result<Vec<Value>, String> {
    if i128::from(b) - i128::from(a) >= i128::from(MAX_RANGE_ITEMS) {
        return Err(format!("range {a}..{b} is too large to expand"));
    }
    Ok((a..=b).map(Value::Int).collect())
}

fn inspect_str(s: &str, out: &mut String) {
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{1b}' => out.push_str("\\e"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            // `#{`, `#$` and `#@` would interpolate in a Ruby literal, so inspect escapes them.
            '#' if matches!(chars.peek(), Some('{' | '$' | '@')) => out.push_str("\\#"),
            // Characters Ruby does not consider printable in a UTF-8 string: C0 and C1
            // controls (except U+0085, which Onigmo counts as a space) and the line and
            // paragraph separators.
            c if (c as u32) < 0x20
                || (0x7f..=0x9f).contains(&(c as u32)) && c != '\u{85}'
                || c == '\u{2028}'
                || c == '\u{2029}' =>
            {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_ruby_to_s() {
        let mut h = Hash::default();
        h.insert(
            "a".into(),
            Value::from(vec![Value::Int(1), Value::Nil, Value::str("x")]),
        );
        assert_eq!(Value::from(h).render(), r#"{"a"=>[1, nil, "x"]}"#);
        assert_eq!(Value::Float(5.0).render(), "5.0");
        assert_eq!(
            Value::from(vec![
                Value::Int(1),
                Value::from(vec![Value::Int(2), Value::Nil])
            ])
            .render(),
            "12"
        );
    }

    #[test]
    fn equality_follows_ruby() {
        assert!(Value::Int(1).ruby_eq(&Value::Float(1.0)));
        assert!(!Value::str("1").ruby_eq(&Value::Int(1)));
        assert!(Value::str("").ruby_eq(&Value::Empty));
    }
}
