//! Jekyll's array filters: `where`, `where_exp`, `find`, `find_exp`, `group_by`,
//! `group_by_exp`, `sort`, `pop`, `push`, `shift`, `unshift`, `sample`.

use super::{comparison_failed, no_method, ruby_eql, ruby_split, spaceship};
use crate::liquid::context::Context;
use crate::liquid::error::{Error, Result};
use crate::liquid::expr::Expr;
use crate::liquid::lexer::{Tok, TokenStream};
use crate::liquid::tags::condition::Condition;
use crate::liquid::tags::iteration::to_integer;
use crate::liquid::variable::FilteredExpr;
use crate::liquid::{Engine, ErrorMode};
use crate::value::{Drop, Hash, Value};
use std::cmp::Ordering;
use std::sync::Arc;

pub(super) fn register(e: &mut Engine) {
    e.register_filter("where", where_filter, 2, Some(2));
    e.register_filter("where_exp", where_exp, 2, Some(2));
    e.register_filter("find", find, 2, Some(2));
    e.register_filter("find_exp", find_exp, 2, Some(2));
    e.register_filter("group_by", group_by, 1, Some(1));
    e.register_filter("group_by_exp", group_by_exp, 2, Some(2));
    e.register_filter("sort", sort, 0, Some(2));
    e.register_filter("pop", pop, 0, Some(1));
    e.register_filter("push", push, 1, Some(1));
    e.register_filter("shift", shift, 0, Some(1));
    e.register_filter("unshift", unshift, 1, Some(1));
    e.register_filter("sample", sample, 0, Some(1));
}

/// What Ruby's `Enumerable` methods iterate: arrays, ranges, and hashes and Jekyll drops as
/// `[key, value]` pairs. `None` for values without them (strings, numbers, nil); an error for
/// a range too large to expand.
fn enumerable(input: &Value) -> Result<Option<Vec<Value>>> {
    match input {
        Value::Array(_) | Value::Hash(_) | Value::Range(..) | Value::Drop(_) => {
            input.to_list().map(Some).map_err(Error::render)
        }
        _ => Ok(None),
    }
}

/// The items `where`/`find` and their `_exp` forms search: like [`enumerable`], but a hash
/// gives its values (`input = input.values if input.is_a?(Hash)`).
fn searchable(input: &Value) -> Result<Option<Vec<Value>>> {
    match input {
        Value::Hash(h) => Ok(Some(h.values().cloned().collect())),
        other => enumerable(other),
    }
}

/// Ruby's `obj[key]` with a string key, as Jekyll's `item_property` calls it: hashes and
/// drops look the key up, a string gives the key back if it contains it, and other objects
/// fail as in Ruby.
fn index(obj: &Value, key: &str) -> Result<Value> {
    match obj {
        Value::Hash(h) => Ok(h.get(key).cloned().unwrap_or_default()),
        Value::Drop(d) => Ok(d.get(key).unwrap_or_default()),
        Value::Str(_) | Value::Empty | Value::Blank => Ok(if obj.render().contains(key) {
            Value::str(key)
        } else {
            Value::Nil
        }),
        Value::Array(_) | Value::Int(_) => Err(Error::render(
            "no implicit conversion of String into Integer",
        )),
        other => Err(no_method("[]", other)),
    }
}

/// `read_liquid_attribute`: `a.b.c` walks down, stopping at `false` once a step has no `[]`.
fn read_attribute(item: &Value, property: &str) -> Result<Value> {
    if !property.contains('.') {
        return index(item, property);
    }
    let mut data = item.clone();
    for key in ruby_split(property, '.') {
        data = match data {
            Value::Nil | Value::Bool(_) | Value::Float(_) | Value::Date(_) | Value::Range(..) => {
                Value::Bool(false)
            }
            other => index(&other, key)?,
        };
    }
    Ok(data)
}

/// `item_property`: the property's value, numbers-as-strings turned into numbers
/// (`parse_sort_input`).
fn item_property(item: &Value, property: &str) -> Result<Value> {
    Ok(parse_sort_input(read_attribute(item, property)?))
}

/// Integer-like and float-like strings (and numbers) become numbers, for numeric sorting.
fn parse_sort_input(v: Value) -> Value {
    let s = v.to_ruby_s();
    let t = s.trim_matches(super::is_ruby_space);
    let digits = t.strip_prefix('-').unwrap_or(t);
    let all_digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
    if all_digits(digits) {
        return match v {
            Value::Int(_) => v,
            _ => Value::Int(crate::liquid::expr::ruby_str_to_i(t)),
        };
    }
    // `\d+\.?\d*|\.\d+`
    let float_like = match digits.split_once('.') {
        Some((a, b)) => {
            (all_digits(a) && (b.is_empty() || all_digits(b))) || (a.is_empty() && all_digits(b))
        }
        None => false,
    };
    if float_like {
        return match v {
            Value::Float(_) => v,
            _ => Value::Float(t.parse().unwrap_or(0.0)),
        };
    }
    v
}

/// `compare_property_vs_target`: nil finds nil, `empty`/`blank` find empty values, anything
/// else is compared by `to_s` (against each element of an array property).
fn property_matches(property: &Value, target: &Value) -> bool {
    match target {
        Value::Nil => property.is_nil(),
        // `property == "" || Array(property).join == ""`.
        Value::Empty | Value::Blank => match property {
            Value::Nil => true,
            Value::Array(_) | Value::Str(_) | Value::Empty | Value::Blank => {
                property.render().is_empty()
            }
            Value::Range(a, b) => b < a,
            Value::Hash(_) | Value::Drop(_) => Value::from(property.to_list().unwrap_or_default())
                .render()
                .is_empty(),
            other => other.to_ruby_s().is_empty(),
        },
        _ => {
            let target = target.to_ruby_s();
            match property {
                Value::Str(s) => **s == *target,
                // `Array(property)`: nil is empty, hashes give pairs, ranges their numbers.
                Value::Nil => false,
                // Without expanding it: an integer of the range spelt as Ruby prints it.
                Value::Range(a, b) => target
                    .parse::<i64>()
                    .is_ok_and(|n| (*a..=*b).contains(&n) && n.to_string() == target),
                Value::Array(_) | Value::Hash(_) | Value::Drop(_) => property
                    .to_list()
                    .unwrap_or_default()
                    .iter()
                    .any(|p| p.to_ruby_s() == target),
                other => other.to_ruby_s() == target,
            }
        }
    }
}

/// The items of `input` whose `property` matches `value`, as Jekyll's `where` and `find`
/// select them; `None` when the filter returns its input unchanged.
fn matching(input: &Value, args: &[Value], first_only: bool) -> Result<Option<Vec<Value>>> {
    let (property, value) = (&args[0], &args[1]);
    if !property.truthy() || matches!(value, Value::Array(_) | Value::Hash(_)) {
        return Ok(None);
    }
    let Some(items) = searchable(input)? else {
        return Ok(None);
    };
    let property = property.to_ruby_s();
    let mut out = Vec::new();
    for item in items {
        if property_matches(&item_property(&item, &property)?, value) {
            out.push(item);
            if first_only {
                break;
            }
        }
    }
    Ok(Some(out))
}

fn where_filter(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    Ok(match matching(&input, args, false)? {
        Some(items) => Value::from(items),
        None => input,
    })
}

fn find(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    Ok(match matching(&input, args, true)? {
        Some(items) => items.into_iter().next().unwrap_or_default(),
        None => input,
    })
}

/// Jekyll's patched `empty`/`blank` literal (`Liquid::Expression::MethodLiteral`) as it
/// appears in `where_exp` expressions: equal to nothing, printing as "" (so a string
/// `contains` it).
#[derive(Debug)]
struct MethodLiteral;

impl Drop for MethodLiteral {
    fn get(&self, _: &str) -> Option<Value> {
        None
    }
    fn keys(&self) -> Vec<String> {
        Vec::new()
    }
    fn to_liquid_string(&self) -> String {
        String::new()
    }
    fn class_name(&self) -> &'static str {
        "Liquid::Expression::MethodLiteral"
    }
}

/// An operand as `Liquid::Expression.parse` reads it with Jekyll loaded.
fn operand(markup: &str) -> Expr {
    match markup.trim() {
        "empty" | "blank" => Expr::Literal(Value::Drop(Arc::new(MethodLiteral))),
        m => Expr::parse(m),
    }
}

/// Jekyll's `parse_condition`: `a op b` joined by `and`/`or`, always parsed strictly.
fn parse_condition(expression: &str) -> Result<Condition> {
    let mut p = TokenStream::new(expression)?;
    let mut chain = Vec::new();
    let mut joined_by_and = false;
    loop {
        let left = operand(&p.expression()?);
        let cond = match p.consume_if(&Tok::Comparison(String::new())) {
            Some(Tok::Comparison(op)) => {
                Condition::new(left, Some(op), Some(operand(&p.expression()?)))
            }
            _ => Condition::new(left, None, None),
        };
        chain.push((joined_by_and, cond));
        joined_by_and = if p.consume_id("and") {
            true
        } else if p.consume_id("or") {
            false
        } else {
            break;
        };
    }
    p.expect(&Tok::End)?;
    Ok(Condition::link(chain))
}

/// Evaluates `condition` with `variable` bound to each item in a new scope, stopping at the
/// first match when `first_only`.
fn select(
    ctx: &mut Context,
    items: Vec<Value>,
    variable: &str,
    condition: &Condition,
    first_only: bool,
) -> Result<Vec<Value>> {
    ctx.with_scope(|ctx| {
        let mut out = Vec::new();
        for item in items {
            ctx.set_local(variable, item.clone());
            if condition.eval(ctx)?.truthy() {
                out.push(item);
                if first_only {
                    break;
                }
            }
        }
        Ok(out)
    })
}

fn where_exp(ctx: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let Some(items) = searchable(&input)? else {
        return Ok(input);
    };
    let condition = parse_condition(&args[1].to_ruby_s())?;
    let out = select(ctx, items, &args[0].to_ruby_s(), &condition, false)?;
    Ok(Value::from(out))
}

fn find_exp(ctx: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let Some(items) = searchable(&input)? else {
        return Ok(input);
    };
    let condition = parse_condition(&args[1].to_ruby_s())?;
    let out = select(ctx, items, &args[0].to_ruby_s(), &condition, true)?;
    Ok(out.into_iter().next().unwrap_or_default())
}

/// `grouped_array`: `{"name", "items", "size"}` per group, in first-seen order.
fn grouped(groups: Vec<(Value, Vec<Value>)>) -> Value {
    let out = groups
        .into_iter()
        .map(|(name, items)| {
            let size = Value::Int(items.len() as i64);
            let mut h = Hash::default();
            h.insert("name".into(), name);
            h.insert("items".into(), Value::from(items));
            h.insert("size".into(), size);
            Value::from(h)
        })
        .collect::<Vec<_>>();
    Value::from(out)
}

/// Ruby's `group_by`: keys compared with `eql?`.
fn add_to_group(groups: &mut Vec<(Value, Vec<Value>)>, key: Value, item: Value) {
    match groups.iter_mut().find(|(k, _)| ruby_eql(k, &key)) {
        Some((_, items)) => items.push(item),
        None => groups.push((key, vec![item])),
    }
}

fn group_by(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let Some(items) = enumerable(&input)? else {
        return Ok(input);
    };
    let property = args[0].to_ruby_s();
    let mut groups = Vec::new();
    for item in items {
        let key = item_property(&item, &property)?.to_ruby_s();
        add_to_group(&mut groups, Value::from(key), item);
    }
    Ok(grouped(groups))
}

fn group_by_exp(ctx: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let Some(items) = enumerable(&input)? else {
        return Ok(input);
    };
    // `Liquid::Variable.new(expression, ParseContext.new)`: the engine's error mode applies.
    let markup = args[1].to_ruby_s();
    let expr = match ctx.engine().options.error_mode {
        ErrorMode::Lax => FilteredExpr::parse_lax(&markup)?,
        ErrorMode::Strict => FilteredExpr::parse_strict(&markup)?,
        ErrorMode::Warn => {
            FilteredExpr::parse_strict(&markup).or_else(|_| FilteredExpr::parse_lax(&markup))?
        }
    };
    let variable = args[0].to_ruby_s();
    let groups = ctx.with_scope(|ctx| {
        let mut groups = Vec::new();
        for item in items {
            ctx.set_local(&variable, item.clone());
            let key = expr.eval(ctx)?;
            add_to_group(&mut groups, key, item);
        }
        Ok(groups)
    })?;
    Ok(grouped(groups))
}

/// glibc's `qsort_r` (a top-down merge sort, which Ruby's `sort` uses on Linux): stable, and
/// comparing in the same order, so a failing comparison names the same pair as Ruby.
fn merge_sort<T: Clone>(
    v: &mut [T],
    cmp: &mut impl FnMut(&T, &T) -> Result<Ordering>,
) -> Result<()> {
    let n = v.len();
    if n <= 1 {
        return Ok(());
    }
    let n1 = n / 2;
    merge_sort(&mut v[..n1], cmp)?;
    merge_sort(&mut v[n1..], cmp)?;
    let mut merged = Vec::with_capacity(n);
    let (mut i, mut j) = (0, n1);
    while i < n1 && j < n {
        if cmp(&v[i], &v[j])? != Ordering::Greater {
            merged.push(v[i].clone());
            i += 1;
        } else {
            merged.push(v[j].clone());
            j += 1;
        }
    }
    merged.extend_from_slice(&v[i..n1]);
    // What is left of the second half is already in place.
    v[..merged.len()].clone_from_slice(&merged);
    Ok(())
}

fn sort(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    if input.is_nil() {
        return Err(Error::argument("Cannot sort a null object."));
    }
    let property = args.first().cloned().unwrap_or_default();
    if property.is_nil() {
        let mut items = enumerable(&input)?.ok_or_else(|| no_method("sort", &input))?;
        merge_sort(&mut items, &mut |a, b| {
            spaceship(a, b).ok_or_else(|| comparison_failed(a, b))
        })?;
        return Ok(Value::from(items));
    }
    // Where nils go: `order` is what a nil compares as against a non-nil.
    let order = match args.get(1) {
        None => Ordering::Less,
        Some(Value::Str(s)) if &**s == "first" => Ordering::Less,
        Some(Value::Str(s)) if &**s == "last" => Ordering::Greater,
        Some(other) => {
            return Err(Error::argument(format!(
                "Invalid nils order: '{}' is not a valid nils order. It must be 'first' or 'last'.",
                other.to_ruby_s()
            )));
        }
    };
    let items = enumerable(&input)?.ok_or_else(|| no_method("map", &input))?;
    let property = property.to_ruby_s();
    let mut keyed = items
        .into_iter()
        .map(|item| Ok((item_property(&item, &property)?, item)))
        .collect::<Result<Vec<_>>>()?;
    merge_sort(&mut keyed, &mut |(a, _), (b, _)| {
        Ok(match (a.is_nil(), b.is_nil()) {
            (false, true) => order.reverse(),
            (true, false) => order,
            _ => spaceship(a, b).unwrap_or_else(|| a.to_ruby_s().cmp(&b.to_ruby_s())),
        })
    })?;
    Ok(Value::from(
        keyed.into_iter().map(|(_, item)| item).collect::<Vec<_>>(),
    ))
}

/// `Array#pop(n)` / `Array#shift(n)` on a copy: the array without its last/first `n` items.
fn drop_items(input: Value, args: &[Value], from_end: bool) -> Result<Value> {
    let Value::Array(a) = &input else {
        return Ok(input);
    };
    let n = match args.first() {
        Some(v) => to_integer(v)?,
        None => 1,
    };
    if n < 0 {
        return Err(Error::argument("negative array size"));
    }
    let n = (n as usize).min(a.len());
    let rest = if from_end { &a[..a.len() - n] } else { &a[n..] };
    Ok(Value::from(rest.to_vec()))
}

fn pop(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    drop_items(input, args, true)
}

fn shift(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    drop_items(input, args, false)
}

fn push(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let Value::Array(a) = &input else {
        return Ok(input);
    };
    let mut v = a.as_ref().clone();
    v.push(args[0].clone());
    Ok(Value::from(v))
}

fn unshift(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let Value::Array(a) = &input else {
        return Ok(input);
    };
    let mut v = Vec::with_capacity(a.len() + 1);
    v.push(args[0].clone());
    v.extend(a.iter().cloned());
    Ok(Value::from(v))
}

/// A random index below `n` (`n > 0`), from std's randomly keyed hasher: sampling needs no
/// reproducibility, only variety.
fn random_below(n: usize) -> usize {
    use std::hash::BuildHasher;
    let r = std::collections::hash_map::RandomState::new().hash_one(n);
    (r % n as u64) as usize
}

fn sample(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let Value::Array(a) = &input else {
        return Ok(input);
    };
    // `Liquid::Utils.to_integer(num) rescue 1`.
    let n = match args.first() {
        Some(v) => to_integer(v).unwrap_or(1),
        None => 1,
    };
    if n == 1 {
        return Ok(if a.is_empty() {
            Value::Nil
        } else {
            a[random_below(a.len())].clone()
        });
    }
    if n < 0 {
        return Err(Error::argument("negative sample number"));
    }
    // A partial Fisher-Yates shuffle: `n` distinct items in random order.
    let mut pool = a.as_ref().clone();
    let n = (n as usize).min(pool.len());
    for i in 0..n {
        let j = i + random_below(pool.len() - i);
        pool.swap(i, j);
    }
    pool.truncate(n);
    Ok(Value::from(pool))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_sort_is_stable_and_ordered() {
        let mut v: Vec<(i32, i32)> = (0..20).map(|i| (i % 3, i)).collect();
        merge_sort(&mut v, &mut |a, b| Ok(a.0.cmp(&b.0))).unwrap();
        assert!(
            v.windows(2)
                .all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1))
        );
    }

    #[test]
    fn sort_input_parses_numbers() {
        assert!(matches!(
            parse_sort_input(Value::str(" 10 ")),
            Value::Int(10)
        ));
        assert!(matches!(parse_sort_input(Value::str("-.5")), Value::Float(f) if f == -0.5));
        assert!(matches!(parse_sort_input(Value::str("1e3")), Value::Str(_)));
    }
}
