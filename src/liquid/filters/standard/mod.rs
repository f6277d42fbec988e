//! Ruby Liquid 5.4's standard filters (`Liquid::StandardFilters`), with Ruby's semantics.
//!
//! Each filter is registered with the arity of its Ruby method, so the engine raises Ruby's
//! "wrong number of arguments" before the function runs; functions may therefore index
//! their required arguments directly.

mod arrays;
pub mod date;
mod decimal;
pub mod encoding;
mod math;
mod strings;

use crate::liquid::Engine;
use crate::liquid::error::{Error, Result};
use crate::liquid::expr::array_at;
use crate::value::parse_ruby_integer;
use crate::value::{DateKind, Value};
use std::cmp::Ordering;
use std::fmt::Write as _;

/// Registers the standard filters.
pub fn register(e: &mut Engine) {
    // (name, function, required arguments, optional arguments), after the input.
    let filters: &[(&str, crate::liquid::FilterFn, usize, usize)] = &[
        ("size", arrays::size, 0, 0),
        ("downcase", strings::downcase, 0, 0),
        ("upcase", strings::upcase, 0, 0),
        ("capitalize", strings::capitalize, 0, 0),
        ("escape", encoding::escape, 0, 0),
        ("h", encoding::escape, 0, 0),
        ("escape_once", encoding::escape_once, 0, 0),
        ("url_encode", encoding::url_encode, 0, 0),
        ("url_decode", encoding::url_decode, 0, 0),
        ("base64_encode", encoding::base64_encode, 0, 0),
        ("base64_decode", encoding::base64_decode, 0, 0),
        (
            "base64_url_safe_encode",
            encoding::base64_url_safe_encode,
            0,
            0,
        ),
        (
            "base64_url_safe_decode",
            encoding::base64_url_safe_decode,
            0,
            0,
        ),
        ("slice", strings::slice, 1, 1),
        ("truncate", strings::truncate, 0, 2),
        ("truncatewords", strings::truncatewords, 0, 2),
        ("split", strings::split, 1, 0),
        ("strip", strings::strip, 0, 0),
        ("lstrip", strings::lstrip, 0, 0),
        ("rstrip", strings::rstrip, 0, 0),
        ("strip_html", strings::strip_html, 0, 0),
        ("strip_newlines", strings::strip_newlines, 0, 0),
        ("join", arrays::join, 0, 1),
        ("sort", arrays::sort, 0, 1),
        ("sort_natural", arrays::sort_natural, 0, 1),
        ("where", arrays::r#where, 1, 1),
        ("uniq", arrays::uniq, 0, 1),
        ("reverse", arrays::reverse, 0, 0),
        ("map", arrays::map, 1, 0),
        ("compact", arrays::compact, 0, 1),
        ("replace", strings::replace, 1, 1),
        ("replace_first", strings::replace_first, 1, 1),
        ("replace_last", strings::replace_last, 2, 0),
        ("remove", strings::remove, 1, 0),
        ("remove_first", strings::remove_first, 1, 0),
        ("remove_last", strings::remove_last, 1, 0),
        ("append", strings::append, 1, 0),
        ("concat", arrays::concat, 1, 0),
        ("prepend", strings::prepend, 1, 0),
        ("newline_to_br", strings::newline_to_br, 0, 0),
        ("first", arrays::first, 0, 0),
        ("last", arrays::last, 0, 0),
        ("abs", math::abs, 0, 0),
        ("plus", math::plus, 1, 0),
        ("minus", math::minus, 1, 0),
        ("times", math::times, 1, 0),
        ("divided_by", math::divided_by, 1, 0),
        ("modulo", math::modulo, 1, 0),
        ("round", math::round, 0, 1),
        ("ceil", math::ceil, 0, 0),
        ("floor", math::floor, 0, 0),
        ("at_least", math::at_least, 1, 0),
        ("at_most", math::at_most, 1, 0),
        ("default", arrays::default, 0, 2),
        ("date", date::date, 1, 0),
    ];
    for &(name, func, required, optional) in filters {
        e.register_filter(name, func, required, Some(required + optional));
    }
}

/// A string argument: Ruby's `to_s` (nil is "", arrays print as `inspect`).
fn str_arg(v: &Value) -> String {
    v.to_ruby_s()
}

/// Liquid's `Utils.to_integer`: integers as they are, anything else through Ruby's strict
/// `Integer(to_s)`, else "invalid integer". Integers too long for 64 bits (Bignums in Ruby)
/// saturate, which keeps comparisons such as `truncate`'s right.
fn int_arg(v: &Value) -> Result<i64> {
    if let Value::Int(i) = v {
        return Ok(*i);
    }
    let s = v.to_ruby_s();
    if let Some(i) = parse_ruby_integer(&s) {
        return Ok(i);
    }
    let t = s.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b');
    let (neg, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let well_formed = !digits.is_empty()
        && digits.bytes().all(|c| c.is_ascii_digit() || c == b'_')
        && !digits.starts_with('_')
        && !digits.ends_with('_')
        && !digits.contains("__");
    if well_formed {
        return Ok(if neg { i64::MIN } else { i64::MAX });
    }
    Err(Error::argument("invalid integer"))
}

/// Liquid's `InputIterator`: the items an array filter works on. Arrays are flattened, a
/// hash is a single item, ranges are expanded, a drop (an Enumerable in Jekyll, whose
/// `each` yields keys to a one-argument block) gives its keys, nil gives nothing and
/// anything else is one item (`Array(input)`).
fn input_list(v: &Value) -> Result<Vec<Value>> {
    Ok(match v {
        Value::Array(a) => {
            let mut out = Vec::with_capacity(a.len());
            flatten_into(a, &mut out);
            out
        }
        Value::Range(a, b) => crate::value::range_items(*a, *b).map_err(Error::render)?,
        Value::Drop(d) => d.keys().into_iter().map(Value::from).collect(),
        Value::Nil => Vec::new(),
        Value::Empty | Value::Blank => vec![Value::str("")],
        other => vec![other.clone()],
    })
}

fn flatten_into(a: &[Value], out: &mut Vec<Value>) {
    for v in a {
        match v {
            Value::Array(inner) => flatten_into(inner, out),
            v => out.push(v.clone()),
        }
    }
}

/// Why `item[property]` failed in Ruby.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lookup {
    /// `TypeError`: the item has `[]`, but not for this kind of key (`[1]["a"]`).
    Type,
    /// `NoMethodError`: the item has no `[]` at all (nil, floats, booleans, times).
    NoMethod,
}

/// Liquid's "cannot select the property" error.
fn property_error(property: &Value) -> Error {
    Error::argument(format!(
        "cannot select the property '{}'",
        property.to_ruby_s()
    ))
}

/// Ruby's `item[property]` for the item kinds Liquid sees.
fn item_index(item: &Value, prop: &Value) -> std::result::Result<Value, Lookup> {
    match item {
        Value::Hash(h) => Ok(match prop {
            Value::Str(k) => h.get(&**k).cloned().unwrap_or_default(),
            Value::Empty | Value::Blank => h.get("").cloned().unwrap_or_default(),
            _ => Value::Nil,
        }),
        Value::Drop(d) => Ok(match prop {
            Value::Str(k) => d.get(k).unwrap_or_default(),
            _ => Value::Nil,
        }),
        Value::Array(a) => match prop {
            Value::Int(i) => Ok(array_at(a, *i).unwrap_or_default()),
            Value::Float(f) if f.is_finite() => Ok(array_at(a, *f as i64).unwrap_or_default()),
            Value::Range(x, y) => Ok(range_slice(a.len(), *x, *y)
                .map(|(s, e)| Value::from(a[s..e].to_vec()))
                .unwrap_or_default()),
            _ => Err(Lookup::Type),
        },
        Value::Str(_) | Value::Empty | Value::Blank => {
            let s = item.to_ruby_s();
            match prop {
                Value::Str(p) => Ok(if s.contains(&**p) {
                    Value::Str(p.clone())
                } else {
                    Value::Nil
                }),
                Value::Int(_) | Value::Float(_) => {
                    let i = match prop {
                        Value::Int(i) => *i,
                        Value::Float(f) if f.is_finite() => *f as i64,
                        _ => return Err(Lookup::Type),
                    };
                    let n = s.chars().count() as i64;
                    let i = if i < 0 { i + n } else { i };
                    Ok(if (0..n).contains(&i) {
                        Value::from(
                            s.chars()
                                .nth(i as usize)
                                .map(String::from)
                                .unwrap_or_default(),
                        )
                    } else {
                        Value::Nil
                    })
                }
                Value::Range(x, y) => {
                    let chars: Vec<char> = s.chars().collect();
                    Ok(range_slice(chars.len(), *x, *y)
                        .map(|(a, e)| Value::from(chars[a..e].iter().collect::<String>()))
                        .unwrap_or_default())
                }
                _ => Err(Lookup::Type),
            }
        }
        // Integer#[] reads a bit.
        Value::Int(n) => {
            let i = match prop {
                Value::Int(i) => *i,
                Value::Float(f) if f.is_finite() => *f as i64,
                _ => return Err(Lookup::Type),
            };
            Ok(Value::Int(if i < 0 {
                0
            } else if i >= 64 {
                i64::from(*n < 0)
            } else {
                (n >> i) & 1
            }))
        }
        _ => Err(Lookup::NoMethod),
    }
}

/// `obj[a..b]` bounds over `len` items; `None` where Ruby returns nil.
fn range_slice(len: usize, a: i64, b: i64) -> Option<(usize, usize)> {
    let n = len as i128;
    let (mut s, mut e) = (i128::from(a), i128::from(b));
    if s < 0 {
        s += n;
    }
    if e < 0 {
        e += n;
    }
    if s < 0 || s > n {
        return None;
    }
    let e = (e + 1).clamp(s, n);
    Some((s as usize, e as usize))
}

/// Ruby's `a <=> b`, falling back to `Object#<=>` (0 when `==`, else nil).
fn ruby_cmp_or_eq(a: &Value, b: &Value) -> Option<Ordering> {
    a.ruby_cmp(b)
        .or_else(|| a.ruby_eq(b).then_some(Ordering::Equal))
}

/// A key equal for two values exactly when Ruby's `eql?` holds (what `uniq` and hashes
/// use): no Integer/Float crossover, hashes equal whatever their order.
fn eql_key(v: &Value) -> String {
    let mut s = String::new();
    push_eql_key(v, &mut s);
    s
}

fn push_eql_key(v: &Value, out: &mut String) {
    match v {
        Value::Nil => out.push('n'),
        Value::Bool(b) => out.push(if *b { 't' } else { 'f' }),
        Value::Int(i) => {
            let _ = write!(out, "i{i};");
        }
        Value::Float(f) => {
            // -0.0 eql? 0.0, as Ruby's Float#hash normalizes it.
            let f = if *f == 0.0 { 0.0 } else { *f };
            let _ = write!(out, "f{};", f.to_bits());
        }
        Value::Str(_) | Value::Empty | Value::Blank => {
            let s = v.to_ruby_s();
            let _ = write!(out, "s{}:{s}", s.len());
        }
        Value::Array(a) => {
            out.push('[');
            for x in a.iter() {
                push_eql_key(x, out);
            }
            out.push(']');
        }
        Value::Hash(h) => {
            let mut entries: Vec<String> = h
                .iter()
                .map(|(k, x)| {
                    let mut e = format!("{}:{k}", k.len());
                    push_eql_key(x, &mut e);
                    e
                })
                .collect();
            entries.sort();
            out.push('{');
            for e in entries {
                let _ = write!(out, "{}:{e}", e.len());
            }
            out.push('}');
        }
        Value::Date(d) => {
            let kind = match d.kind {
                DateKind::Time => 'T',
                DateKind::Date => 'D',
            };
            let _ = write!(
                out,
                "{kind}{}.{};",
                d.dt.timestamp(),
                d.dt.timestamp_subsec_nanos()
            );
        }
        Value::Range(a, b) => {
            let _ = write!(out, "r{a}..{b};");
        }
        // Drops are equal only to themselves.
        Value::Drop(d) => {
            let _ = write!(out, "p{:p};", std::sync::Arc::as_ptr(d));
        }
    }
}

/// A stable top-down merge sort, the algorithm glibc's `qsort_r` uses for Ruby's
/// `Array#sort`; following it step by step means ties keep Ruby's order and a comparison
/// error is raised for the same pair Ruby raises it for. Never panics, whatever `cmp` does.
fn merge_sort<T: Clone>(
    v: &mut [T],
    cmp: &mut dyn FnMut(&T, &T) -> Result<Ordering>,
) -> Result<()> {
    let mut tmp = Vec::with_capacity(v.len());
    msort(v, &mut tmp, cmp)
}

fn msort<T: Clone>(
    v: &mut [T],
    tmp: &mut Vec<T>,
    cmp: &mut dyn FnMut(&T, &T) -> Result<Ordering>,
) -> Result<()> {
    let n = v.len();
    if n <= 1 {
        return Ok(());
    }
    let n1 = n / 2;
    msort(&mut v[..n1], tmp, cmp)?;
    msort(&mut v[n1..], tmp, cmp)?;
    tmp.clear();
    let (mut i, mut j) = (0, n1);
    while i < n1 && j < n {
        if cmp(&v[i], &v[j])? != Ordering::Greater {
            tmp.push(v[i].clone());
            i += 1;
        } else {
            tmp.push(v[j].clone());
            j += 1;
        }
    }
    // What is left of the right half is already in place.
    tmp.extend_from_slice(&v[i..n1]);
    v[..tmp.len()].clone_from_slice(tmp);
    Ok(())
}

#[cfg(test)]
mod tests;
