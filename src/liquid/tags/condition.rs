//! Conditions of `if`, `unless`, `elsif` and `case/when`, with Ruby Liquid's operators,
//! right-associative `and`/`or`, and its strict and lax parsers.

use crate::liquid::context::Context;
use crate::liquid::error::{Error, Result};
use crate::liquid::expr::Expr;
use crate::liquid::lexer::{Tok, TokenStream, is_space, is_word, quoted_fragment};
use crate::value::Value;
use std::cmp::Ordering;

/// `left op right`, chained to the next condition by `and`/`or`.
#[derive(Clone, Debug)]
pub struct Condition {
    left: Expr,
    op: Option<String>,
    right: Option<Expr>,
    child: Option<(bool, Box<Condition>)>,
}

impl Condition {
    /// A single comparison.
    pub fn new(left: Expr, op: Option<String>, right: Option<Expr>) -> Self {
        Condition {
            left,
            op,
            right,
            child: None,
        }
    }

    /// Ruby Liquid's `If#strict_parse`.
    pub fn parse_strict(markup: &str) -> Result<Self> {
        let mut p = TokenStream::new(markup)?;
        let mut chain = vec![(false, Self::strict_comparison(&mut p)?)];
        loop {
            let is_and = if p.consume_id("and") {
                true
            } else if p.consume_id("or") {
                false
            } else {
                break;
            };
            chain.push((is_and, Self::strict_comparison(&mut p)?));
        }
        p.expect(&Tok::End)?;
        Ok(Self::link(chain))
    }

    fn strict_comparison(p: &mut TokenStream) -> Result<Condition> {
        let left = Expr::parse_condition_operand(&p.expression()?);
        if let Some(Tok::Comparison(op)) = p.consume_if(&Tok::Comparison(String::new())) {
            let right = Expr::parse_condition_operand(&p.expression()?);
            Ok(Condition::new(left, Some(op), Some(right)))
        } else {
            Ok(Condition::new(left, None, None))
        }
    }

    /// Links `[(_, c1), (op2, c2), ...]` so that `c1 op2 (c2 op3 (...))`: Liquid evaluates
    /// left to right and stops early, which makes `and`/`or` right-associative.
    pub fn link(chain: Vec<(bool, Condition)>) -> Condition {
        let mut iter = chain.into_iter().rev();
        let (mut op, mut cond) = iter.next().expect("a chain has at least one condition");
        for (prev_op, mut prev) in iter {
            prev.child = Some((op, Box::new(cond)));
            cond = prev;
            op = prev_op;
        }
        cond
    }

    /// Ruby Liquid's `If#lax_parse` (regular-expression based).
    pub fn parse_lax(markup: &str) -> Result<Self> {
        let err = || Error::syntax("Syntax Error in tag 'if' - Valid syntax: if [expression]");
        let mut chunks = scan_expressions_and_operators(markup);
        let last = chunks.pop().ok_or_else(err)?;
        let mut cond = lax_comparison(last).ok_or_else(err)?;
        while let Some(op) = chunks.pop() {
            let op = op.trim();
            let expr = chunks.pop().unwrap_or("");
            let mut new = lax_comparison(expr).ok_or_else(err)?;
            let is_and = match op {
                "and" => true,
                "or" => false,
                _ => return Err(err()),
            };
            new.child = Some((is_and, Box::new(cond)));
            cond = new;
        }
        Ok(cond)
    }

    /// Evaluates to a Ruby value (its truthiness decides `if`).
    pub fn eval(&self, ctx: &mut Context) -> Result<Value> {
        let mut cond = self;
        loop {
            let result = cond.interpret(ctx)?;
            match &cond.child {
                Some((true, next)) if result.truthy() => cond = next,
                Some((false, next)) if !result.truthy() => cond = next,
                _ => return Ok(result),
            }
        }
    }

    fn interpret(&self, ctx: &mut Context) -> Result<Value> {
        let left = self.left.eval(ctx)?;
        let Some(op) = &self.op else { return Ok(left) };
        let right = match &self.right {
            Some(r) => r.eval(ctx)?,
            None => Value::Nil,
        };
        compare(&left, op, &right)
    }
}

/// Applies a Liquid comparison operator with Ruby semantics.
pub fn compare(left: &Value, op: &str, right: &Value) -> Result<Value> {
    Ok(match op {
        "==" => equal_variables(left, right),
        "!=" | "<>" => Value::Bool(!equal_variables(left, right).truthy()),
        "<" | ">" | "<=" | ">=" => {
            let comparable = |v: &Value| {
                matches!(
                    v,
                    Value::Int(_) | Value::Float(_) | Value::Str(_) | Value::Date(_)
                )
            };
            if !(comparable(left) && comparable(right)) {
                return Ok(Value::Nil);
            }
            let Some(ord) = left.ruby_cmp(right) else {
                let what = match left {
                    Value::Int(_) | Value::Float(_) => right.class_name().to_string(),
                    _ => right.inspect(),
                };
                return Err(Error::argument(format!(
                    "comparison of {} with {what} failed",
                    left.class_name()
                )));
            };
            Value::Bool(match op {
                "<" => ord == Ordering::Less,
                ">" => ord == Ordering::Greater,
                "<=" => ord != Ordering::Greater,
                _ => ord != Ordering::Less,
            })
        }
        "contains" => Value::Bool(contains(left, right)),
        _ => return Err(Error::argument(format!("Unknown operator {op}"))),
    })
}

/// `==` with the `empty`/`blank` literals calling `empty?`/`blank?` on the other side.
/// Plain Ruby (as Jekyll runs it) has `empty?` on strings, arrays and hashes and no `blank?`
/// anywhere, so a comparison with `blank` is always nil.
fn equal_variables(left: &Value, right: &Value) -> Value {
    let method = |lit: &Value, other: &Value| match lit {
        // The other side may itself be a literal object, which has no `empty?`.
        Value::Empty if matches!(other, Value::Empty | Value::Blank) => Some(Value::Nil),
        Value::Empty => Some(other.is_empty_ruby().map(Value::Bool).unwrap_or_default()),
        Value::Blank => Some(Value::Nil),
        _ => None,
    };
    if let Some(v) = method(left, right) {
        return v;
    }
    if let Some(v) = method(right, left) {
        return v;
    }
    Value::Bool(left.ruby_eq(right))
}

fn contains(left: &Value, right: &Value) -> bool {
    if !left.truthy() || !right.truthy() {
        return false;
    }
    match left {
        // memmem: `str::contains` sets a searcher up per call, and layouts such as
        // jekyll-compress-html ask this of every word of every page.
        Value::Str(s) => memchr::memmem::find(s.as_bytes(), right.to_ruby_s().as_bytes()).is_some(),
        Value::Array(a) => a.iter().any(|v| v.ruby_eq(right)),
        Value::Hash(h) => right.as_str().is_some_and(|k| h.contains_key(k)),
        Value::Range(a, b) => match right {
            Value::Int(i) => (a..=b).contains(&i),
            Value::Float(f) => *a as f64 <= *f && *f <= *b as f64,
            _ => false,
        },
        Value::Drop(d) => right.as_str().is_some_and(|k| d.get(k).is_some()),
        _ => false,
    }
}

/// `Syntax = /(QuotedFragment)\s*([=!<>a-z_]+)?\s*(QuotedFragment)?/` on one chunk.
fn lax_comparison(chunk: &str) -> Option<Condition> {
    let b = chunk.as_bytes();
    let (start, len) = (0..b.len()).find_map(|i| quoted_fragment(&b[i..]).map(|n| (i, n)))?;
    let left = Expr::parse_condition_operand(&chunk[start..start + len]);
    let mut i = start + len;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    let op_len = b[i..]
        .iter()
        .take_while(|&&c| matches!(c, b'=' | b'!' | b'<' | b'>' | b'a'..=b'z' | b'_'))
        .count();
    let op = (op_len > 0).then(|| chunk[i..i + op_len].to_string());
    i += op_len;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    let right = quoted_fragment(&b[i..]).map(|n| Expr::parse_condition_operand(&chunk[i..i + n]));
    Some(Condition::new(left, op, right))
}

/// `\b(?:\s?and\s?|\s?or\s?)\b` at `i`: the length matched.
fn and_or_at(b: &[u8], i: usize) -> Option<usize> {
    let boundary = |p: usize| {
        let before = p > 0 && is_word(b[p - 1]);
        let after = p < b.len() && is_word(b[p]);
        before != after
    };
    if !boundary(i) {
        return None;
    }
    for word in [&b"and"[..], b"or"] {
        for lead in [1, 0] {
            if lead == 1 && !(i < b.len() && is_space(b[i])) {
                continue;
            }
            let w = i + lead;
            if !b[w.min(b.len())..].starts_with(word) {
                continue;
            }
            let end = w + word.len();
            for trail in [1, 0] {
                if trail == 1 && !(end < b.len() && is_space(b[end])) {
                    continue;
                }
                if boundary(end + trail) {
                    return Some(end + trail - i);
                }
            }
        }
    }
    None
}

/// `markup.scan(ExpressionsAndOperators)`: expressions and the `and`/`or` between them.
fn scan_expressions_and_operators(m: &str) -> Vec<&str> {
    let b = m.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if let Some(n) = and_or_at(b, i) {
            out.push(&m[i..i + n]);
            i += n;
            continue;
        }
        let start = i;
        let mut j = i;
        loop {
            let mut k = j;
            while k < b.len() && is_space(b[k]) {
                k += 1;
            }
            if k >= b.len() || and_or_at(b, k).is_some() {
                break;
            }
            let n = quoted_fragment(&b[k..])
                .unwrap_or_else(|| b[k..].iter().take_while(|&&c| !is_space(c)).count());
            if n == 0 {
                break;
            }
            k += n;
            while k < b.len() && is_space(b[k]) {
                k += 1;
            }
            j = k;
        }
        if j > start {
            out.push(&m[start..j]);
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_and_or_like_ruby() {
        assert_eq!(
            scan_expressions_and_operators("a and b or c"),
            ["a ", "and ", "b ", "or ", "c"]
        );
        assert_eq!(
            scan_expressions_and_operators("a.and == 'x or y'"),
            ["a.and == 'x or y'"]
        );
    }
}
