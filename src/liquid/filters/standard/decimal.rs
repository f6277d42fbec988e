//! Exact decimal arithmetic, standing in for Ruby's `BigDecimal` in the math filters.
//!
//! Liquid turns every float operand into `BigDecimal(float.to_s)` before doing arithmetic,
//! so `0.1 | plus: 0.2` is exactly `0.3`, and converts the result back with `to_f`. We do the
//! same with a small decimal type of our own rather than a crate: the filters need only
//! add, subtract, multiply, divide, floored modulo, rounding and comparison, operands are at
//! most a few hundred digits (a float's shortest form, scaled), and speed hardly matters.
//! Magnitudes are base-10 digit vectors, least significant digit first.

use std::cmp::Ordering;

/// Significant digits kept in a quotient. Ruby's BigDecimal keeps at least 2 × 16 + a few
/// (it printed 37–38 digits in our measurements); we keep more and add a sticky digit, so
/// the quotient converts to the same `f64` as the exact one.
const DIV_DIGITS: usize = 52;

/// Past this many digits an operation would be slow (quadratic); such operands only come
/// from pathological numeric strings, and then we settle for `f64` arithmetic.
pub const MAX_DIGITS: usize = 4000;

/// A finite decimal number: `(-1)^neg × mag × 10^exp`. Zero keeps its sign, as
/// BigDecimal's does (`-1 | times: 0.0` is `-0.0`).
#[derive(Clone, Debug)]
pub struct Dec {
    neg: bool,
    /// Digits, least significant first, with no zero at either end (empty for zero).
    mag: Vec<u8>,
    exp: i64,
}

impl Dec {
    /// Zero with the given sign.
    pub fn zero(neg: bool) -> Dec {
        Dec {
            neg,
            mag: Vec::new(),
            exp: 0,
        }
    }

    fn new(neg: bool, mut mag: Vec<u8>, mut exp: i64) -> Dec {
        while mag.last() == Some(&0) {
            mag.pop();
        }
        let low = mag.iter().take_while(|&&d| d == 0).count();
        if low > 0 {
            mag.drain(..low);
            exp += low as i64;
        }
        if mag.is_empty() {
            exp = 0;
        }
        Dec { neg, mag, exp }
    }

    /// An integer.
    pub fn from_i64(i: i64) -> Dec {
        let mut mag = Vec::new();
        let mut u = i.unsigned_abs();
        while u > 0 {
            mag.push((u % 10) as u8);
            u /= 10;
        }
        Dec::new(i < 0, mag, 0)
    }

    /// Parses `[+-]digits[.digits][e[+-]digits]` (also what Ruby's `Float#to_s` prints for
    /// finite floats, such as `1.0e+300`). `None` for anything else.
    pub fn parse(s: &str) -> Option<Dec> {
        let b = s.as_bytes();
        let mut i = 0;
        let neg = match b.first() {
            Some(b'-') => {
                i = 1;
                true
            }
            Some(b'+') => {
                i = 1;
                false
            }
            _ => false,
        };
        let mut digits = Vec::new();
        let mut frac = 0i64;
        let mut seen_dot = false;
        while i < b.len() {
            match b[i] {
                c @ b'0'..=b'9' => {
                    digits.push(c - b'0');
                    if seen_dot {
                        frac += 1;
                    }
                }
                b'.' if !seen_dot => seen_dot = true,
                _ => break,
            }
            i += 1;
        }
        if digits.is_empty() {
            return None;
        }
        let mut exp = 0i64;
        if i < b.len() {
            if !matches!(b[i], b'e' | b'E') {
                return None;
            }
            exp = s[i + 1..].parse::<i64>().ok()?;
            if exp.unsigned_abs() > 1_000_000 {
                return None;
            }
        }
        digits.reverse();
        Some(Dec::new(neg, digits, exp - frac))
    }

    /// BigDecimal's `float.to_s` round trip for a finite float; `None` for Infinity/NaN.
    pub fn from_f64(f: f64) -> Option<Dec> {
        if !f.is_finite() {
            return None;
        }
        Dec::parse(&crate::value::format_float(f))
    }

    /// Whether this is zero (of either sign).
    pub fn is_zero(&self) -> bool {
        self.mag.is_empty()
    }

    /// Number of digits, for the [`MAX_DIGITS`] guard; includes the zeros an alignment with
    /// `other` would add.
    pub fn aligned_len(&self, other: &Dec) -> usize {
        let lo = self.exp.min(other.exp);
        let hi = (self.exp + self.mag.len() as i64).max(other.exp + other.mag.len() as i64);
        (hi - lo).max(0) as usize
    }

    /// The nearest `f64` (Ruby's `BigDecimal#to_f`), correctly rounded.
    pub fn to_f64(&self) -> f64 {
        if self.is_zero() {
            return if self.neg { -0.0 } else { 0.0 };
        }
        let mut s = String::with_capacity(self.mag.len() + 24);
        if self.neg {
            s.push('-');
        }
        s.extend(self.mag.iter().rev().map(|&d| char::from(b'0' + d)));
        s.push('e');
        s.push_str(&self.exp.to_string());
        // Rust's float parser rounds correctly for any number of digits; overflow gives ±inf.
        s.parse().unwrap_or(f64::NAN)
    }

    /// The value as an `i64` if it is an integer that fits.
    pub fn to_i64(&self) -> Option<i64> {
        if self.exp < 0 {
            return None;
        }
        let mut n: i128 = 0;
        for &d in self.mag.iter().rev() {
            n = n.checked_mul(10)?.checked_add(i128::from(d))?;
        }
        for _ in 0..self.exp {
            n = n.checked_mul(10)?;
        }
        let n = if self.neg { -n } else { n };
        i64::try_from(n).ok()
    }

    /// The integer part (truncated toward zero), saturating at the `i64` range: what Ruby's
    /// `NUM2INT` makes of a BigDecimal argument.
    pub fn trunc_i64(&self) -> i64 {
        let t = self.round_with(0, |_, _| false);
        t.to_i64()
            .unwrap_or(if self.neg { i64::MIN } else { i64::MAX })
    }

    /// `self + other`, exactly.
    pub fn add(&self, other: &Dec) -> Dec {
        let e = self.exp.min(other.exp);
        let a = shifted(&self.mag, (self.exp - e) as usize);
        let b = shifted(&other.mag, (other.exp - e) as usize);
        if self.is_zero() && other.is_zero() {
            // IEEE and BigDecimal agree: only -0 + -0 is -0.
            return Dec::zero(self.neg && other.neg);
        }
        if self.neg == other.neg {
            return Dec::new(self.neg, add_mag(&a, &b), e);
        }
        match cmp_mag(&a, &b) {
            Ordering::Equal => Dec::zero(false),
            Ordering::Greater => Dec::new(self.neg, sub_mag(&a, &b), e),
            Ordering::Less => Dec::new(other.neg, sub_mag(&b, &a), e),
        }
    }

    /// `-self`.
    pub fn neg(&self) -> Dec {
        Dec {
            neg: !self.neg,
            ..self.clone()
        }
    }

    /// `|self|`.
    pub fn abs(&self) -> Dec {
        Dec {
            neg: false,
            ..self.clone()
        }
    }

    /// `self - other`, exactly.
    pub fn sub(&self, other: &Dec) -> Dec {
        self.add(&other.neg())
    }

    /// `self × other`, exactly.
    pub fn mul(&self, other: &Dec) -> Dec {
        Dec::new(
            self.neg != other.neg,
            mul_mag(&self.mag, &other.mag),
            self.exp + other.exp,
        )
    }

    /// `self / other` to [`DIV_DIGITS`] significant digits; `other` must not be zero.
    pub fn div(&self, other: &Dec) -> Dec {
        let neg = self.neg != other.neg;
        if self.is_zero() {
            return Dec::zero(neg);
        }
        let k = (DIV_DIGITS + other.mag.len()).saturating_sub(self.mag.len());
        let (mut q, r) = divmod_mag(&shifted(&self.mag, k), &other.mag);
        let mut k = k as i64;
        if !r.is_empty() {
            // A sticky digit: the quotient is inexact, so it must not look like a tie.
            q.insert(0, 1);
            k += 1;
        }
        Dec::new(neg, q, self.exp - other.exp - k)
    }

    /// Ruby's `%` (floored: the result has the divisor's sign); `other` must not be zero.
    pub fn rem_floor(&self, other: &Dec) -> Dec {
        let e = self.exp.min(other.exp);
        let a = shifted(&self.mag, (self.exp - e) as usize);
        let b = shifted(&other.mag, (other.exp - e) as usize);
        let (_, r) = divmod_mag(&a, &b);
        if r.is_empty() {
            return Dec::zero(false);
        }
        if self.neg == other.neg {
            Dec::new(self.neg, r, e)
        } else {
            Dec::new(other.neg, sub_mag(&b, &r), e)
        }
    }

    /// Compares values (`-0 == 0`).
    pub fn cmp(&self, other: &Dec) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => {
                return if other.neg {
                    Ordering::Greater
                } else {
                    Ordering::Less
                };
            }
            (false, true) => {
                return if self.neg {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
            }
            _ => {}
        }
        if self.neg != other.neg {
            return if self.neg {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        let e = self.exp.min(other.exp);
        let a = shifted(&self.mag, (self.exp - e) as usize);
        let b = shifted(&other.mag, (other.exp - e) as usize);
        let o = cmp_mag(&a, &b);
        if self.neg { o.reverse() } else { o }
    }

    /// Rounds to `n` digits after the point, half away from zero (BigDecimal's default
    /// `ROUND_HALF_UP`); negative `n` rounds to tens, hundreds, …  The sign is kept, so
    /// `-0.04` rounds to `-0.0` as in Ruby.
    pub fn round(&self, n: i64) -> Dec {
        self.round_with(n, |first_dropped, _| first_dropped >= 5)
    }

    /// The largest integer not above the value.
    pub fn floor(&self) -> Dec {
        let neg = self.neg;
        self.round_with(0, |_, inexact| neg && inexact)
    }

    /// The smallest integer not below the value.
    pub fn ceil(&self) -> Dec {
        let neg = self.neg;
        self.round_with(0, |_, inexact| !neg && inexact)
    }

    /// Cuts the value to `n` fractional digits and adds one unit (away from zero) when
    /// `up(first dropped digit, anything dropped)` says so.
    fn round_with(&self, n: i64, up: impl Fn(u8, bool) -> bool) -> Dec {
        let target = n.saturating_neg();
        if self.exp >= target || self.is_zero() {
            return self.clone();
        }
        let drop = target.saturating_sub(self.exp);
        let (kept, first, inexact) = if drop > self.mag.len() as i64 {
            (Vec::new(), 0, true)
        } else {
            let d = drop as usize;
            (self.mag[d..].to_vec(), self.mag[d - 1], true)
        };
        let kept = if up(first, inexact) {
            add_mag(&kept, &[1])
        } else {
            kept
        };
        Dec::new(self.neg, kept, target)
    }
}

/// `mag × 10^k`.
fn shifted(mag: &[u8], k: usize) -> Vec<u8> {
    if mag.is_empty() {
        return Vec::new();
    }
    let mut v = vec![0; k];
    v.extend_from_slice(mag);
    v
}

fn trim(mut v: Vec<u8>) -> Vec<u8> {
    while v.last() == Some(&0) {
        v.pop();
    }
    v
}

fn cmp_mag(a: &[u8], b: &[u8]) -> Ordering {
    // Magnitudes here may carry high zeros after subtraction; compare without them.
    let la = a.len() - a.iter().rev().take_while(|&&d| d == 0).count();
    let lb = b.len() - b.iter().rev().take_while(|&&d| d == 0).count();
    la.cmp(&lb)
        .then_with(|| a[..la].iter().rev().cmp(b[..lb].iter().rev()))
}

fn add_mag(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len().max(b.len()) + 1);
    let mut carry = 0;
    for i in 0..a.len().max(b.len()) {
        let s = a.get(i).copied().unwrap_or(0) + b.get(i).copied().unwrap_or(0) + carry;
        out.push(s % 10);
        carry = s / 10;
    }
    if carry > 0 {
        out.push(carry);
    }
    out
}

/// `a - b` for `a >= b`.
fn sub_mag(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len());
    let mut borrow = 0i8;
    for (i, &ad) in a.iter().enumerate() {
        let mut d = ad as i8 - b.get(i).copied().unwrap_or(0) as i8 - borrow;
        borrow = 0;
        if d < 0 {
            d += 10;
            borrow = 1;
        }
        out.push(d as u8);
    }
    trim(out)
}

fn mul_mag(a: &[u8], b: &[u8]) -> Vec<u8> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let mut acc = vec![0u32; a.len() + b.len()];
    for (i, &x) in a.iter().enumerate() {
        for (j, &y) in b.iter().enumerate() {
            acc[i + j] += u32::from(x) * u32::from(y);
        }
        // Carry as we go so no cell can overflow, however long the operands.
        let mut carry = 0;
        for cell in acc.iter_mut().skip(i) {
            let v = *cell + carry;
            *cell = v % 10;
            carry = v / 10;
        }
    }
    trim(acc.into_iter().map(|d| d as u8).collect())
}

/// Long division of magnitudes: `(a / b, a % b)`, `b` non-zero.
fn divmod_mag(a: &[u8], b: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let b = trim(b.to_vec());
    let mut q = vec![0u8; a.len()];
    let mut r: Vec<u8> = Vec::with_capacity(b.len() + 1);
    for i in (0..a.len()).rev() {
        // r = r × 10 + a[i]
        r.insert(0, a[i]);
        r = trim(r);
        let mut digit = 0;
        while cmp_mag(&r, &b) != Ordering::Less {
            r = sub_mag(&r, &b);
            digit += 1;
        }
        q[i] = digit;
    }
    (trim(q), trim(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Dec {
        Dec::parse(s).unwrap()
    }

    #[test]
    fn exact_sums_and_products() {
        assert_eq!(d("0.1").add(&d("0.2")).to_f64(), 0.3);
        assert_eq!(d("10.1").sub(&d("2.2")).to_f64(), 7.9);
        assert_eq!(d("5").mul(&d("2.1")).to_f64(), 10.5);
        assert_eq!(d("1.0e+300").add(&d("1.0e-300")).to_f64(), 1e300);
        assert_eq!(
            d("-1").mul(&d("0.0")).to_f64().to_bits(),
            (-0.0f64).to_bits()
        );
    }

    #[test]
    fn division_rounds_like_bigdecimal_to_f() {
        assert_eq!(d("20").div(&d("7.0")).to_f64(), 2.857142857142857);
        assert_eq!(d("0.3").div(&d("0.1")).to_f64(), 3.0);
        assert_eq!(d("1").div(&d("3")).to_f64(), 1.0 / 3.0);
    }

    #[test]
    fn floored_modulo() {
        assert_eq!(d("-7.5").rem_floor(&d("2")).to_f64(), 0.5);
        assert_eq!(d("7.5").rem_floor(&d("-2")).to_f64(), -0.5);
        assert_eq!(d("10.1").rem_floor(&d("7.0")).to_f64(), 3.1);
        assert_eq!(
            d("-2.0").rem_floor(&d("2")).to_f64().to_bits(),
            0.0f64.to_bits()
        );
    }

    #[test]
    fn rounding() {
        assert_eq!(d("2.675").round(2).to_f64(), 2.68);
        assert_eq!(d("-2.5").round(0).to_i64(), Some(-3));
        assert_eq!(d("1234.5").round(-2).to_i64(), Some(1200));
        assert_eq!(d("5.5").round(-1).to_i64(), Some(10));
        assert_eq!(d("0.4").round(-5).to_i64(), Some(0));
        assert_eq!(d("-0.04").round(1).to_f64().to_bits(), (-0.0f64).to_bits());
        assert_eq!(d("-5.4").floor().to_i64(), Some(-6));
        assert_eq!(d("-5.4").ceil().to_i64(), Some(-5));
        assert_eq!(d("5.0001").ceil().to_i64(), Some(6));
        assert_eq!(d("-0.04").ceil().to_i64(), Some(0));
    }

    #[test]
    fn parses_float_to_s_forms() {
        assert_eq!(d("1.0e-05").to_f64(), 1e-5);
        assert_eq!(
            Dec::from_f64(-0.0).unwrap().to_f64().to_bits(),
            (-0.0f64).to_bits()
        );
        assert!(Dec::parse("1.5x").is_none());
        assert!(Dec::parse("").is_none());
    }
}
