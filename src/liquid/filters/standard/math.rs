//! Math filters: `plus`, `minus`, `times`, `divided_by`, `modulo`, `abs`, `round`, `ceil`,
//! `floor`, `at_least`, `at_most`.
//!
//! Ruby Liquid converts operands with `Utils.to_number`: integers stay integers (and
//! integer arithmetic stays integral, flooring), floats and decimal strings become
//! BigDecimal, anything else is `to_i` or 0. A BigDecimal result goes back to a Float.

use super::decimal::{Dec, MAX_DIGITS};
use crate::liquid::context::Context;
use crate::liquid::error::{Error, ErrorKind, Result};
use crate::liquid::expr::ruby_str_to_i;
use crate::value::Value;
use std::cmp::Ordering;

/// A number as Liquid's `Utils.to_number` returns it.
#[derive(Clone, Debug)]
enum Num {
    /// Ruby `Integer` (64-bit here).
    Int(i64),
    /// A finite BigDecimal.
    Dec(Dec),
    /// BigDecimal `Infinity`, `-Infinity` or `NaN` (from a float that was one).
    Special(f64),
}

impl Num {
    fn from_value(v: &Value) -> Num {
        match v {
            Value::Int(i) => Num::Int(*i),
            Value::Float(f) => Dec::from_f64(*f).map_or(Num::Special(*f), Num::Dec),
            Value::Str(s) => {
                // `/\A-?\d+\.\d+\z/` on the stripped string decides between BigDecimal and to_i.
                let t =
                    s.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\0' || c == '\x0b');
                if is_decimal_string(t)
                    && let Some(d) = Dec::parse(t)
                {
                    return Num::Dec(d);
                }
                Num::Int(ruby_str_to_i(s))
            }
            // Nothing else responds to `to_number`: nil, booleans, arrays, hashes, times…
            _ => Num::Int(0),
        }
    }

    fn to_dec(&self) -> Option<Dec> {
        match self {
            Num::Int(i) => Some(Dec::from_i64(*i)),
            Num::Dec(d) => Some(d.clone()),
            Num::Special(_) => None,
        }
    }

    fn to_f64(&self) -> f64 {
        match self {
            Num::Int(i) => *i as f64,
            Num::Dec(d) => d.to_f64(),
            Num::Special(f) => *f,
        }
    }

    /// The filter's result: BigDecimal goes back to Float (`result.to_f`).
    fn into_value(self) -> Value {
        match self {
            Num::Int(i) => Value::Int(i),
            Num::Dec(d) => Value::Float(d.to_f64()),
            Num::Special(f) => Value::Float(f),
        }
    }
}

/// `-?\d+\.\d+`, ASCII digits only (Ruby's `\d`).
fn is_decimal_string(s: &str) -> bool {
    let t = s.strip_prefix('-').unwrap_or(s);
    let Some((a, b)) = t.split_once('.') else {
        return false;
    };
    !a.is_empty()
        && !b.is_empty()
        && a.bytes().all(|c| c.is_ascii_digit())
        && b.bytes().all(|c| c.is_ascii_digit())
}

/// An integer result that left Ruby's fixnum range. Ruby would carry on with a Bignum; we
/// have no such value, so it becomes the nearest Float.
fn big_int(d: &Dec) -> Value {
    match d.to_i64() {
        Some(i) => Value::Int(i),
        None => Value::Float(d.to_f64()),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

fn zero_division() -> Error {
    Error::render("divided by 0")
}

/// `Utils.to_number(input).send(op, Utils.to_number(operand))`, BigDecimal back to Float.
fn apply(input: &Value, operand: &Value, op: Op) -> Result<Value> {
    let (a, b) = (Num::from_value(input), Num::from_value(operand));
    if let (Num::Int(x), Num::Int(y)) = (&a, &b) {
        return int_op(*x, *y, op);
    }
    let (Some(x), Some(y)) = (a.to_dec(), b.to_dec()) else {
        return special_op(a.to_f64(), b.to_f64(), op);
    };
    if x.aligned_len(&y) > MAX_DIGITS {
        return special_op(x.to_f64(), y.to_f64(), op);
    }
    let r = match op {
        Op::Add => x.add(&y),
        Op::Sub => x.sub(&y),
        Op::Mul => x.mul(&y),
        // BigDecimal division by zero gives ±Infinity or NaN, as float division does.
        Op::Div if y.is_zero() => return Ok(Value::Float(x.to_f64() / y.to_f64())),
        Op::Div => x.div(&y),
        Op::Mod if y.is_zero() => return Err(zero_division()),
        Op::Mod => x.rem_floor(&y),
    };
    Ok(Num::Dec(r).into_value())
}

/// Integer arithmetic as Ruby's: division and modulo floor, zero divisors raise, and a
/// result past 64 bits (a Bignum in Ruby) is computed exactly and handed back as a Float.
fn int_op(x: i64, y: i64, op: Op) -> Result<Value> {
    let r = match op {
        Op::Add => x.checked_add(y),
        Op::Sub => x.checked_sub(y),
        Op::Mul => x.checked_mul(y),
        Op::Div if y == 0 => return Err(zero_division()),
        // Ruby floors: truncate, then step down when the signs differ and it was inexact.
        Op::Div => x.checked_div(y).map(|q| {
            if x % y != 0 && ((x < 0) != (y < 0)) {
                q - 1
            } else {
                q
            }
        }),
        Op::Mod if y == 0 => return Err(zero_division()),
        Op::Mod => x.checked_rem(y).map(|r| {
            if r != 0 && (r < 0) != (y < 0) {
                r + y
            } else {
                r
            }
        }),
    };
    if let Some(r) = r {
        return Ok(Value::Int(r));
    }
    let (a, b) = (Dec::from_i64(x), Dec::from_i64(y));
    Ok(big_int(&match op {
        Op::Add => a.add(&b),
        Op::Sub => a.sub(&b),
        Op::Mul => a.mul(&b),
        // Only i64::MIN / -1 overflows.
        Op::Div => a.neg(),
        Op::Mod => Dec::zero(false),
    }))
}

/// Arithmetic with a BigDecimal Infinity or NaN, which behaves as IEEE floats do.
fn special_op(x: f64, y: f64, op: Op) -> Result<Value> {
    Ok(Value::Float(match op {
        Op::Add => x + y,
        Op::Sub => x - y,
        Op::Mul => x * y,
        Op::Div => x / y,
        Op::Mod if y == 0.0 => return Err(zero_division()),
        Op::Mod => {
            let r = x % y;
            if r != 0.0 && (r < 0.0) != (y < 0.0) {
                r + y
            } else {
                r
            }
        }
    }))
}

/// `plus: number`.
pub(super) fn plus(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    apply(&input, &args[0], Op::Add)
}

/// `minus: number`.
pub(super) fn minus(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    apply(&input, &args[0], Op::Sub)
}

/// `times: number`.
pub(super) fn times(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    apply(&input, &args[0], Op::Mul)
}

/// `divided_by: number`: integer division floors; a zero integer divisor is an error.
pub(super) fn divided_by(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    apply(&input, &args[0], Op::Div)
}

/// `modulo: number`: floored, like Ruby's `%`.
pub(super) fn modulo(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    apply(&input, &args[0], Op::Mod)
}

/// `abs`.
pub(super) fn abs(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    Ok(match Num::from_value(&input) {
        Num::Int(i) => match i.checked_abs() {
            Some(a) => Value::Int(a),
            None => Value::Float(-(i as f64)),
        },
        Num::Dec(d) => Value::Float(d.abs().to_f64()),
        Num::Special(f) => Value::Float(f.abs()),
    })
}

/// Ruby's `FloatDomainError` for rounding Infinity or NaN to an integer.
fn float_domain(f: f64) -> Error {
    let what = if f.is_nan() {
        "'NaN' (Not a Number)"
    } else if f > 0.0 {
        "'Infinity'"
    } else {
        "'-Infinity'"
    };
    Error::new(ErrorKind::Render, format!("Computation results in {what}"))
}

/// The digits argument of `round`, as `Integer#round`/`BigDecimal#round` take it (`NUM2INT`:
/// fractions truncated).
fn round_digits(n: &Value) -> i64 {
    match Num::from_value(n) {
        Num::Int(i) => i,
        Num::Dec(d) => d.trunc_i64(),
        Num::Special(_) => 0,
    }
    .clamp(-(i32::MAX as i64), i32::MAX as i64)
}

/// `round: digits = 0`: half away from zero; an Integer when `digits < 1`.
pub(super) fn round(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let n = args.first().map_or(0, round_digits);
    match Num::from_value(&input) {
        Num::Int(i) => Ok(round_int(i, n)),
        // BigDecimal#round(n) returns an Integer when n < 1, a BigDecimal otherwise.
        Num::Dec(d) if n < 1 => Ok(big_int(&d.round(n))),
        Num::Dec(d) => Ok(Value::Float(d.round(n).to_f64())),
        Num::Special(f) if n < 1 => Err(float_domain(f)),
        Num::Special(f) => Ok(Value::Float(f)),
    }
}

/// `Integer#round(n)`: unchanged for `n >= 0`, else half away from zero at `10^-n`.
fn round_int(i: i64, n: i64) -> Value {
    if n >= 0 {
        return Value::Int(i);
    }
    if n < -19 {
        return Value::Int(0);
    }
    let p = 10i128.pow((-n) as u32);
    let m = i128::from(i).abs();
    let r = (m + p / 2) / p * p;
    let r = if i < 0 { -r } else { r };
    match i64::try_from(r) {
        Ok(r) => Value::Int(r),
        Err(_) => Value::Float(r as f64),
    }
}

/// `ceil`: an Integer.
pub(super) fn ceil(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    match Num::from_value(&input) {
        Num::Int(i) => Ok(Value::Int(i)),
        Num::Dec(d) => Ok(big_int(&d.ceil())),
        Num::Special(f) => Err(float_domain(f)),
    }
}

/// `floor`: an Integer.
pub(super) fn floor(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    match Num::from_value(&input) {
        Num::Int(i) => Ok(Value::Int(i)),
        Num::Dec(d) => Ok(big_int(&d.floor())),
        Num::Special(f) => Err(float_domain(f)),
    }
}

/// `a <=> b` between numbers; `None` where NaN is involved (Ruby's comparisons are false).
fn num_cmp(a: &Num, b: &Num) -> Option<Ordering> {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => Some(x.cmp(y)),
        _ => match (a.to_dec(), b.to_dec()) {
            (Some(x), Some(y)) => Some(x.cmp(&y)),
            _ => a.to_f64().partial_cmp(&b.to_f64()),
        },
    }
}

/// `at_least: minimum`.
pub(super) fn at_least(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let (min, v) = (Num::from_value(&args[0]), Num::from_value(&input));
    let pick_min = num_cmp(&min, &v) == Some(Ordering::Greater);
    Ok(if pick_min { min } else { v }.into_value())
}

/// `at_most: maximum`.
pub(super) fn at_most(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let (max, v) = (Num::from_value(&args[0]), Num::from_value(&input));
    let pick_max = num_cmp(&max, &v) == Some(Ordering::Less);
    Ok(if pick_max { max } else { v }.into_value())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::liquid::Engine;

    fn render(src: &str) -> std::result::Result<String, String> {
        Engine::liquid()
            .render_str(src, Value::Nil)
            .map_err(|e| e.message)
    }

    /// Expected values printed by Ruby Liquid 5.4 (`Liquid::Template.parse(src).render!`).
    #[test]
    fn matches_ruby_liquid() {
        let cases = [
            ("{{ 0.1 | plus: 0.2 }}", "0.3"),
            ("{{ 5.0 | divided_by: 0 }}", "Infinity"),
            ("{{ -5 | divided_by: 0.0 }}", "-Infinity"),
            ("{{ 0 | divided_by: 0.0 }}", "NaN"),
            ("{{ -7 | divided_by: 2 }}", "-4"),
            ("{{ -7 | modulo: 2 }}", "1"),
            ("{{ 7 | divided_by: -2 }}", "-4"),
            ("{{ -7 | divided_by: -2 }}", "3"),
            ("{{ 6 | divided_by: -2 }}", "-3"),
            ("{{ 7 | modulo: -2 }}", "-1"),
            ("{{ -7 | modulo: -2 }}", "-1"),
            ("{{ -7.5 | modulo: 2 }}", "0.5"),
            ("{{ 7.5 | modulo: -2 }}", "-0.5"),
            ("{{ 2.5 | round }}", "3"),
            ("{{ -2.5 | round }}", "-3"),
            ("{{ 2.675 | round: 2 }}", "2.68"),
            ("{{ 1234.5 | round: -2 }}", "1200"),
            ("{{ 1255 | round: -1 }}", "1260"),
            ("{{ -1255 | round: -1 }}", "-1260"),
            ("{{ 1234 | round: 2 }}", "1234"),
            ("{{ 1.5 | round: 1.7 }}", "1.5"),
            ("{{ 1.55 | round: \"1\" }}", "1.6"),
            ("{{ -0.04 | round: 1 }}", "-0.0"),
            ("{{ -0.4 | round: 0 }}", "0"),
            ("{{ -0.0 | plus: 0 }}", "0.0"),
            ("{{ -0.0 | minus: 0.0 }}", "-0.0"),
            ("{{ -1 | times: 0.0 }}", "-0.0"),
            ("{{ -0.0 | abs }}", "0.0"),
            ("{{ 0.0 | modulo: 2 }}", "0.0"),
            ("{{ 2.0 | modulo: -2 }}", "0.0"),
            ("{{ \"  1.5  \" | plus: 1 }}", "2.5"),
            ("{{ \"1.5x\" | plus: 1 }}", "2"),
            ("{{ \"1e3\" | plus: 1 }}", "2"),
            ("{{ true | plus: 1 }}", "1"),
            ("{{ 9223372036854775807 | plus: 0 }}", "9223372036854775807"),
            ("{{ 5.0 | divided_by: 0 | round: 2 }}", "Infinity"),
            ("{{ 5.0 | divided_by: 0 | at_least: 1 }}", "Infinity"),
            ("{{ 5 | at_least: 8.9 }}", "8.9"),
            ("{{ 5.4 | at_least: 2 }}", "5.4"),
            ("{{ 0.3 | divided_by: 0.1 }}", "3.0"),
        ];
        for (src, want) in cases {
            assert_eq!(render(src).as_deref(), Ok(want), "{src}");
        }
    }

    /// Errors Ruby raises, with its messages.
    #[test]
    fn raises_like_ruby() {
        let cases = [
            ("{{ 5.0 | modulo: 0 }}", "divided by 0"),
            ("{{ 5 | modulo: 0.0 }}", "divided by 0"),
            ("{{ 5 | divided_by: 0 }}", "divided by 0"),
            (
                "{{ 5.0 | divided_by: 0 | round }}",
                "Computation results in 'Infinity'",
            ),
            (
                "{{ 5.0 | divided_by: 0 | times: -1 | ceil }}",
                "Computation results in '-Infinity'",
            ),
            (
                "{{ 0.0 | divided_by: 0 | floor }}",
                "Computation results in 'NaN' (Not a Number)",
            ),
        ];
        for (src, want) in cases {
            assert_eq!(render(src), Err(want.to_string()), "{src}");
        }
    }

    #[test]
    fn overflow_never_panics() {
        assert_eq!(
            render("{{ -9223372036854775807 | minus: 1 | divided_by: -1 }}").unwrap(),
            "9.223372036854776e+18"
        );
        assert_eq!(
            render("{{ -9223372036854775807 | minus: 1 | modulo: -1 }}").unwrap(),
            "0"
        );
        assert_eq!(
            render("{{ -9223372036854775807 | minus: 1 | abs }}").unwrap(),
            "9.223372036854776e+18"
        );
        assert_eq!(render("{{ 5 | round: -400 }}").unwrap(), "0");
        assert_eq!(render("{{ 5.5 | round: 99999999999 }}").unwrap(), "5.5");
    }
}
