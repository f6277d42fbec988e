//! Expressions: literals, variable lookups (`a.b[0].size`) and ranges, parsed from markup
//! exactly as Ruby Liquid's `Expression.parse` does, and evaluated against a context.

use super::context::Context;
use super::error::{Error, ErrorKind, Result};
use super::lexer::{is_space, is_word, strip};
use crate::value::Value;
use std::sync::Arc;

/// A parsed expression.
#[derive(Clone, Debug)]
pub enum Expr {
    /// A literal value (string, number, nil, boolean, or a constant range).
    Literal(Value),
    /// A variable lookup.
    Lookup(Box<Lookup>),
    /// `(a..b)` with non-literal ends.
    Range(Box<Expr>, Box<Expr>),
    /// The `empty` literal in a condition: compares with Ruby's `empty?`.
    Empty,
    /// The `blank` literal in a condition: compares with `blank?`.
    Blank,
    /// `empty`/`blank` outside a condition: the empty string in Liquid 5.4, but an object of
    /// its own once Jekyll is loaded (Jekyll patches Liquid's literals so that `where:
    /// "tags", empty` can recognise it).
    Word(Word),
}

/// Which of the two literal words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    /// `empty`.
    Empty,
    /// `blank`.
    Blank,
}

/// A variable lookup: a name and a chain of keys.
#[derive(Clone, Debug)]
pub struct Lookup {
    name: LookupKey,
    keys: Vec<LookupKey>,
}

#[derive(Clone, Debug)]
enum LookupKey {
    /// `.name` (or the leading name); `command` marks `size`/`first`/`last`.
    Name { name: Arc<str>, command: bool },
    /// `[expr]`.
    Index(Expr),
}

impl Expr {
    /// Ruby Liquid's `Expression.parse(markup)`.
    pub fn parse(markup: &str) -> Expr {
        let m = strip(markup);
        let b = m.as_bytes();
        if b.len() >= 2
            && ((b[0] == b'"' && b[b.len() - 1] == b'"')
                || (b[0] == b'\'' && b[b.len() - 1] == b'\''))
        {
            return Expr::Literal(Value::str(&m[1..m.len() - 1]));
        }
        if is_integer(m) {
            return Expr::Literal(parse_int(m));
        }
        if let Some((a, z)) = range_parts(m) {
            let (a, z) = (Expr::parse(a), Expr::parse(z));
            return match (&a, &z) {
                (Expr::Literal(x), Expr::Literal(y)) => {
                    Expr::Literal(Value::Range(literal_to_i(x), literal_to_i(y)))
                }
                _ => Expr::Range(Box::new(a), Box::new(z)),
            };
        }
        if is_float(m) {
            return Expr::Literal(Value::Float(ruby_str_to_f(m)));
        }
        match m {
            "" | "nil" | "null" => Expr::Literal(Value::Nil),
            "true" => Expr::Literal(Value::Bool(true)),
            "false" => Expr::Literal(Value::Bool(false)),
            // Outside conditions `blank` and `empty` are the empty string in Liquid 5.
            "empty" => Expr::Word(Word::Empty),
            "blank" => Expr::Word(Word::Blank),
            _ => Expr::Lookup(Box::new(Lookup::parse(m))),
        }
    }

    /// `Condition.parse_expression`: like [`Expr::parse`] but `empty`/`blank` stay special.
    pub fn parse_condition_operand(markup: &str) -> Expr {
        match markup {
            "empty" => Expr::Empty,
            "blank" => Expr::Blank,
            _ => Expr::parse(markup),
        }
    }

    /// Evaluates the expression.
    pub fn eval(&self, ctx: &mut Context) -> Result<Value> {
        match self {
            Expr::Literal(v) => Ok(v.clone()),
            Expr::Lookup(l) => l.eval(ctx),
            Expr::Range(a, z) => {
                let a = range_end(a.eval(ctx)?)?;
                let z = range_end(z.eval(ctx)?)?;
                Ok(Value::Range(a, z))
            }
            Expr::Empty => Ok(Value::Empty),
            Expr::Blank => Ok(Value::Blank),
            Expr::Word(w) => Ok(match (ctx.engine().options.jekyll_literals, w) {
                (false, _) => Value::str(""),
                (true, Word::Empty) => Value::Empty,
                (true, Word::Blank) => Value::Blank,
            }),
        }
    }

    /// The variable name if this is a plain lookup with no keys (`{% cycle name: ... %}`).
    pub fn simple_name(&self) -> Option<&str> {
        match self {
            Expr::Lookup(l) if l.keys.is_empty() => match &l.name {
                LookupKey::Name { name, .. } => Some(name),
                LookupKey::Index(_) => None,
            },
            _ => None,
        }
    }
}

fn literal_to_i(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        Value::Float(f) => *f as i64,
        Value::Str(s) => ruby_str_to_i(s),
        _ => 0,
    }
}

/// RangeLookup's `to_integer`.
fn range_end(v: Value) -> Result<i64> {
    match v {
        Value::Int(i) => Ok(i),
        Value::Nil => Ok(0),
        Value::Str(s) => Ok(ruby_str_to_i(&s)),
        Value::Float(f) => Ok(f as i64),
        other => Err(Error::argument(format!(
            "invalid integer: {}",
            other.render()
        ))),
    }
}

fn is_integer(m: &str) -> bool {
    let d = m.strip_prefix('-').unwrap_or(m);
    !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit())
}

fn parse_int(m: &str) -> Value {
    match m.parse::<i64>() {
        Ok(i) => Value::Int(i),
        Err(_) => Value::Float(m.parse::<f64>().unwrap_or(0.0)),
    }
}

/// `-?\d[\d\.]+`
fn is_float(m: &str) -> bool {
    let d = m.strip_prefix('-').unwrap_or(m).as_bytes();
    d.len() >= 2 && d[0].is_ascii_digit() && d[1..].iter().all(|c| c.is_ascii_digit() || *c == b'.')
}

/// `\A\(\s*(?>(\S+)\s*\.\.)\s*(\S+)\s*\)\z`
fn range_parts(m: &str) -> Option<(&str, &str)> {
    let sp = |c: char| c.is_ascii() && is_space(c as u8);
    let s = m.strip_prefix('(')?.trim_start_matches(sp);
    let run = s.find(sp).unwrap_or(s.len());
    // The atomic group takes the longest `\S+` that `\s*..` can follow, and never gives it back.
    let (a, rest) = (1..=run)
        .rev()
        .filter(|&l| s.is_char_boundary(l))
        .find_map(|l| {
            let after = s[l..].trim_start_matches(sp);
            after.strip_prefix("..").map(|rest| (&s[..l], rest))
        })?;
    let z = rest
        .trim_start_matches(sp)
        .strip_suffix(')')?
        .trim_end_matches(sp);
    (!z.is_empty() && !z.contains(sp)).then_some((a, z))
}

/// Ruby's `String#to_i`: leading whitespace, sign, digits (underscores allowed between digits).
pub fn ruby_str_to_i(s: &str) -> i64 {
    let s = s.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
    let (neg, d) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mut n: i64 = 0;
    let mut prev_digit = false;
    for c in d.bytes() {
        if c.is_ascii_digit() {
            n = n.saturating_mul(10).saturating_add(i64::from(c - b'0'));
            prev_digit = true;
        } else if c == b'_' && prev_digit {
            prev_digit = false;
        } else {
            break;
        }
    }
    if neg { -n } else { n }
}

/// Ruby's `String#to_f`: the longest numeric prefix, 0.0 when there is none.
pub fn ruby_str_to_f(s: &str) -> f64 {
    let s = s.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'+')) {
        i = 1;
    }
    let digits_start = i;
    while i < b.len() && (b[i].is_ascii_digit() || (b[i] == b'_' && i > digits_start)) {
        i += 1;
    }
    if i == digits_start {
        return 0.0;
    }
    let mut end = i;
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        end = i;
    }
    if matches!(b.get(end), Some(b'e' | b'E')) {
        let mut j = end + 1;
        if matches!(b.get(j), Some(b'-' | b'+')) {
            j += 1;
        }
        if b.get(j).is_some_and(u8::is_ascii_digit) {
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            end = j;
        }
    }
    s[..end].replace('_', "").parse().unwrap_or(0.0)
}

/// Ruby's `VariableParser` scan: `\[[^\]]+\]|[\w-]+\??`.
fn scan_variable_parts(m: &str) -> Vec<&str> {
    let b = m.as_bytes();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'['
            && let Some(close) = b[i + 1..].iter().position(|&c| c == b']')
            && close > 0
        {
            parts.push(&m[i..i + close + 2]);
            i += close + 2;
            continue;
        }
        if is_word(b[i]) || b[i] == b'-' {
            let start = i;
            while i < b.len() && (is_word(b[i]) || b[i] == b'-') {
                i += 1;
            }
            if b.get(i) == Some(&b'?') {
                i += 1;
            }
            parts.push(&m[start..i]);
            continue;
        }
        i += 1;
    }
    parts
}

impl Lookup {
    fn parse(m: &str) -> Lookup {
        let mut parts = scan_variable_parts(m).into_iter();
        let key = |p: &str| {
            if p.starts_with('[') && p.ends_with(']') {
                LookupKey::Index(Expr::parse(&p[1..p.len() - 1]))
            } else {
                LookupKey::Name {
                    name: Arc::from(p),
                    command: matches!(p, "size" | "first" | "last"),
                }
            }
        };
        let name = match parts.next() {
            Some(p) => match key(p) {
                LookupKey::Name { name, .. } => LookupKey::Name {
                    name,
                    command: false,
                },
                k => k,
            },
            None => LookupKey::Index(Expr::Literal(Value::Nil)),
        };
        Lookup {
            name,
            keys: parts.map(key).collect(),
        }
    }

    fn eval(&self, ctx: &mut Context) -> Result<Value> {
        let name = match &self.name {
            LookupKey::Name { name, .. } => Value::Str(name.clone()),
            LookupKey::Index(e) => e.eval(ctx)?,
        };
        let mut obj = ctx.find_variable(&name)?;
        for key in &self.keys {
            let (k, command) = match key {
                LookupKey::Name { name, command } => (Value::Str(name.clone()), *command),
                LookupKey::Index(e) => (e.eval(ctx)?, false),
            };
            match index(&obj, &k, command) {
                Some(v) => obj = v,
                None => {
                    if ctx.strict_variables() {
                        return Err(Error::new(
                            ErrorKind::UndefinedVariable,
                            format!("undefined variable {}", k.render()),
                        ));
                    }
                    return Ok(Value::Nil);
                }
            }
        }
        Ok(obj)
    }
}

/// One step of a lookup: `obj[key]`, or `size`/`first`/`last` when `command` is set.
/// `None` means "not found" (Ruby returns nil, or raises with strict_variables).
pub fn index(obj: &Value, key: &Value, command: bool) -> Option<Value> {
    match (obj, key) {
        (Value::Hash(h), Value::Str(k)) if h.contains_key(&**k) => return h.get(&**k).cloned(),
        (Value::Drop(d), Value::Str(k)) => {
            if let Some(v) = d.get(k) {
                return Some(v);
            }
        }
        (Value::Array(a), Value::Int(i)) => return Some(array_at(a, *i).unwrap_or_default()),
        _ => {}
    }
    if !command {
        return None;
    }
    let Value::Str(k) = key else { return None };
    match (&**k, obj) {
        ("size", v) => v.size().map(Value::Int),
        ("first", Value::Array(a)) => Some(a.first().cloned().unwrap_or_default()),
        ("last", Value::Array(a)) => Some(a.last().cloned().unwrap_or_default()),
        ("first", Value::Hash(h)) => Some(
            h.first()
                .map(|(k, v)| Value::from(vec![Value::str(k), v.clone()]))
                .unwrap_or_default(),
        ),
        ("first", Value::Range(a, b)) => Some(if a <= b { Value::Int(*a) } else { Value::Nil }),
        ("last", Value::Range(_, b)) => Some(Value::Int(*b)),
        ("first" | "last", Value::Drop(d)) => {
            // A drop's hash form: never a range, so never too large.
            let list = d.to_value().to_list().unwrap_or_default();
            Some(
                if &**k == "first" {
                    list.first()
                } else {
                    list.last()
                }
                .cloned()
                .unwrap_or_default(),
            )
        }
        _ => None,
    }
}

/// Ruby's `Array#[]` with an integer index (negative counts from the end).
pub fn array_at(a: &[Value], i: i64) -> Option<Value> {
    let len = a.len() as i64;
    let i = if i < 0 { i + len } else { i };
    (0..len).contains(&i).then(|| a[i as usize].clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_literals_as_ruby() {
        assert!(matches!(Expr::parse("'a'"), Expr::Literal(Value::Str(s)) if &*s == "a"));
        assert!(matches!(Expr::parse(" 12 "), Expr::Literal(Value::Int(12))));
        assert!(matches!(Expr::parse("1.2.3"), Expr::Literal(Value::Float(f)) if f == 1.2));
        assert!(matches!(
            Expr::parse("(1..3)"),
            Expr::Literal(Value::Range(1, 3))
        ));
        assert!(matches!(Expr::parse("(1..x)"), Expr::Range(..)));
        assert!(matches!(Expr::parse("nil"), Expr::Literal(Value::Nil)));
    }

    #[test]
    fn ruby_number_conversions() {
        assert_eq!(ruby_str_to_i("  12abc"), 12);
        assert_eq!(ruby_str_to_i("-1_000"), -1000);
        assert_eq!(ruby_str_to_i("abc"), 0);
        assert_eq!(ruby_str_to_f("1.5e3x"), 1500.0);
        assert_eq!(ruby_str_to_f("1."), 1.0);
    }

    #[test]
    fn splits_ranges() {
        assert_eq!(range_parts("(1..5)"), Some(("1", "5")));
        assert_eq!(range_parts("( a .. b )"), Some(("a", "b")));
        assert_eq!(range_parts("(a.b..c)"), Some(("a.b", "c")));
        assert_eq!(range_parts("(1..)"), None);
    }
}
