//! Array filters (`join`, `sort`, `sort_natural`, `where`, `uniq`, `reverse`, `map`,
//! `compact`, `concat`, `first`, `last`, `size`) and `default`.
//!
//! Most go through Liquid's `InputIterator` ([`input_list`]): arrays are flattened, a hash
//! is one item, nil is no items, anything else one item.

use super::{
    Lookup, eql_key, input_list, item_index, merge_sort, property_error, ruby_cmp_or_eq, str_arg,
};
use crate::liquid::context::Context;
use crate::liquid::error::{Error, Result};
use crate::value::Value;
use std::cmp::Ordering;
use std::collections::HashSet;

/// `size`: the size of what has one (characters of a string), else 0.
pub(super) fn size(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    // `respond_to?(:size) ? size : 0`. A range is counted here without overflow, however
    // wide.
    Ok(Value::Int(match input {
        Value::Range(a, b) => (i128::from(b) - i128::from(a) + 1).clamp(0, i64::MAX as i128) as i64,
        v => v.size().unwrap_or(0),
    }))
}

/// `join: glue = " "`.
pub(super) fn join(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let glue = args.first().map_or_else(|| " ".to_string(), str_arg);
    let items = input_list(&input)?;
    let mut out = String::new();
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&glue);
        }
        v.render_into(&mut out);
    }
    Ok(Value::from(out))
}

/// `a <=> b` with nils last; other incomparable pairs are an error (`nil_safe_compare`).
fn nil_safe_compare(a: &Value, b: &Value) -> Result<Ordering> {
    match ruby_cmp_or_eq(a, b) {
        Some(o) => Ok(o),
        None if a.is_nil() => Ok(Ordering::Greater),
        None if b.is_nil() => Ok(Ordering::Less),
        None => Err(Error::argument("cannot sort values of incompatible types")),
    }
}

/// `a.to_s.casecmp(b.to_s)`, nils last (`nil_safe_casecmp`; two nils also compare as 1).
fn nil_safe_casecmp(a: &Value, b: &Value) -> Ordering {
    if a.is_nil() || b.is_nil() {
        return if a.is_nil() {
            Ordering::Greater
        } else {
            Ordering::Less
        };
    }
    // Ruby's casecmp folds ASCII letters to lower case only and compares bytes.
    let (x, y) = (a.to_ruby_s(), b.to_ruby_s());
    x.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(y.bytes().map(|c| c.to_ascii_lowercase()))
}

/// Whether Ruby's `respond_to?(:[])` holds.
fn has_index(v: &Value) -> bool {
    matches!(
        v,
        Value::Hash(_)
            | Value::Array(_)
            | Value::Str(_)
            | Value::Int(_)
            | Value::Drop(_)
            | Value::Empty
            | Value::Blank
    )
}

/// Shared body of `sort` and `sort_natural`.
fn sort_with(
    input: &Value,
    property: Option<&Value>,
    cmp: impl Fn(&Value, &Value) -> Result<Ordering>,
) -> Result<Value> {
    let items = input_list(input)?;
    if items.is_empty() {
        return Ok(Value::from(Vec::new()));
    }
    let keys: Vec<std::result::Result<Value, Lookup>> = match property {
        None | Some(Value::Nil) => items.iter().cloned().map(Ok).collect(),
        Some(p) => {
            // Without `[]` on every item, Ruby's `elsif` falls through and returns nil.
            if !items.iter().all(has_index) {
                return Ok(Value::Nil);
            }
            items.iter().map(|it| item_index(it, p)).collect()
        }
    };
    let mut order: Vec<usize> = (0..items.len()).collect();
    merge_sort(&mut order, &mut |&i, &j| match (&keys[i], &keys[j]) {
        (Ok(a), Ok(b)) => cmp(a, b),
        // A failing `item[property]` only raises when the sort compares that item.
        _ => Err(property_error(property.unwrap_or(&Value::Nil))),
    })?;
    Ok(Value::from(
        order
            .into_iter()
            .map(|i| items[i].clone())
            .collect::<Vec<_>>(),
    ))
}

/// `sort: property = nil`: Ruby's `<=>`, nils last.
pub(super) fn sort(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    sort_with(&input, args.first(), nil_safe_compare)
}

/// `sort_natural: property = nil`: case-insensitive (ASCII) string order, nils last.
pub(super) fn sort_natural(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    sort_with(&input, args.first(), |a, b| Ok(nil_safe_casecmp(a, b)))
}

/// `item[property]` as the property filters rescue it: a `TypeError` becomes Liquid's
/// "cannot select the property" error; a `NoMethodError` (no `[]` at all) makes the whole
/// filter return nil, which is `Ok(None)` here.
fn select_key(item: &Value, property: &Value) -> Result<Option<Value>> {
    match item_index(item, property) {
        Ok(v) => Ok(Some(v)),
        Err(Lookup::Type) => Err(property_error(property)),
        Err(Lookup::NoMethod) => Ok(None),
    }
}

/// `where: property, value = nil`: items whose property equals `value`, or is truthy.
pub(super) fn r#where(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let items = input_list(&input)?;
    let property = &args[0];
    let target = args.get(1).filter(|v| !v.is_nil());
    let mut out = Vec::new();
    for item in items {
        let Some(v) = select_key(&item, property)? else {
            return Ok(Value::Nil);
        };
        let keep = match target {
            None => v.truthy(),
            Some(t) => v.ruby_eq(t),
        };
        if keep {
            out.push(item);
        }
    }
    Ok(Value::from(out))
}

/// `uniq: property = nil`: first of each group of `eql?` items (or property values).
pub(super) fn uniq(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let items = input_list(&input)?;
    let property = args.first().filter(|v| !v.is_nil());
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for item in items {
        // Ruby's `uniq` compares with `hash`/`eql?`: 1 and 1.0 are different.
        let key = match property {
            None => eql_key(&item),
            Some(p) => match select_key(&item, p)? {
                Some(v) => eql_key(&v),
                None => return Ok(Value::Nil),
            },
        };
        if seen.insert(key) {
            out.push(item);
        }
    }
    Ok(Value::from(out))
}

/// `reverse`.
pub(super) fn reverse(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    let mut items = input_list(&input)?;
    items.reverse();
    Ok(Value::from(items))
}

/// `map: property`: each item's property.
pub(super) fn map(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let property = &args[0];
    let items = input_list(&input)?;
    if property.as_str() == Some("to_liquid") {
        return Ok(Value::from(items));
    }
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        out.push(match item_index(item, property) {
            Ok(v) => v,
            Err(Lookup::NoMethod) => Value::Nil,
            Err(Lookup::Type) => return Err(property_error(property)),
        });
    }
    Ok(Value::from(out))
}

/// `compact: property = nil`: drops nil items (or items whose property is nil).
pub(super) fn compact(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let items = input_list(&input)?;
    let Some(property) = args.first().filter(|v| !v.is_nil()) else {
        return Ok(Value::from(
            items
                .into_iter()
                .filter(|v| !v.is_nil())
                .collect::<Vec<_>>(),
        ));
    };
    let mut out = Vec::new();
    for item in items {
        match select_key(&item, property)? {
            None => return Ok(Value::Nil),
            Some(Value::Nil) => {}
            Some(_) => out.push(item),
        }
    }
    Ok(Value::from(out))
}

/// `concat: array`: the input's items followed by the array's.
pub(super) fn concat(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    // Only arrays have `to_ary`; the argument is appended as it is (not flattened).
    let Value::Array(more) = &args[0] else {
        return Err(Error::argument("concat filter requires an array argument"));
    };
    let mut items = input_list(&input)?;
    items.extend(more.iter().cloned());
    Ok(Value::from(items))
}

/// `first`: the first item of an array, range, hash (a pair) or drop; nil otherwise.
pub(super) fn first(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    // Only what has a `first` method: arrays, ranges, and Enumerables (hashes and drops
    // yield `[key, value]`). Strings have none.
    Ok(match &input {
        Value::Array(a) => a.first().cloned().unwrap_or_default(),
        Value::Range(a, _) => Value::Int(*a),
        Value::Hash(_) | Value::Drop(_) => input
            .to_list()
            .map_err(Error::render)?
            .into_iter()
            .next()
            .unwrap_or_default(),
        _ => Value::Nil,
    })
}

/// `last`: the last item of an array or range; nil otherwise.
pub(super) fn last(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    // `last` exists on arrays and ranges only.
    Ok(match &input {
        Value::Array(a) => a.last().cloned().unwrap_or_default(),
        Value::Range(_, b) => Value::Int(*b),
        _ => Value::Nil,
    })
}

/// `default: value = "", allow_false: false`: `value` when the input is nil, false or empty.
pub(super) fn default(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let fallback = args.first().cloned().unwrap_or_else(|| Value::str(""));
    // `options = {} unless options.is_a?(Hash)`; keyword arguments arrive as that hash.
    let allow_false = args
        .get(1)
        .and_then(Value::as_hash)
        .and_then(|h| h.get("allow_false"))
        .is_some_and(Value::truthy);
    let missing = if allow_false {
        input.is_nil()
    } else {
        !input.truthy()
    };
    if missing || input.is_empty_ruby() == Some(true) {
        Ok(fallback)
    } else {
        Ok(input)
    }
}
