//! Units of Sass numbers as libsass 3.6 computes with them: numerator and denominator units,
//! cancelled and converted within their class (length, angle, time, frequency, resolution),
//! with libsass's conversion factors and its rules for which side's unit is kept.

use std::collections::BTreeMap;
use std::f64::consts::PI;

/// A number's units: `px*em/s` is numerators `[px, em]` over denominators `[s]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Units {
    /// Units multiplied.
    pub numer: Vec<String>,
    /// Units divided by.
    pub denom: Vec<String>,
}

/// Units that convert into each other, and the factors between them (row unit → column
/// unit: 1 row = factor columns), in libsass's order.
const CLASSES: &[(&[&str], &[&[f64]])] = &[
    (
        &["in", "cm", "pc", "mm", "pt", "px"],
        &[
            &[1.0, 2.54, 6.0, 25.4, 72.0, 96.0],
            &[1.0 / 2.54, 1.0, 6.0 / 2.54, 10.0, 72.0 / 2.54, 96.0 / 2.54],
            &[
                1.0 / 6.0,
                2.54 / 6.0,
                1.0,
                25.4 / 6.0,
                72.0 / 6.0,
                96.0 / 6.0,
            ],
            &[
                1.0 / 25.4,
                1.0 / 10.0,
                6.0 / 25.4,
                1.0,
                72.0 / 25.4,
                96.0 / 25.4,
            ],
            &[
                1.0 / 72.0,
                2.54 / 72.0,
                6.0 / 72.0,
                25.4 / 72.0,
                1.0,
                96.0 / 72.0,
            ],
            &[
                1.0 / 96.0,
                2.54 / 96.0,
                6.0 / 96.0,
                25.4 / 96.0,
                72.0 / 96.0,
                1.0,
            ],
        ],
    ),
    (
        &["deg", "grad", "rad", "turn"],
        &[
            &[1.0, 40.0 / 36.0, PI / 180.0, 1.0 / 360.0],
            &[36.0 / 40.0, 1.0, PI / 200.0, 1.0 / 400.0],
            &[180.0 / PI, 200.0 / PI, 1.0, 0.5 / PI],
            &[360.0, 400.0, 2.0 * PI, 1.0],
        ],
    ),
    (&["s", "ms"], &[&[1.0, 1000.0], &[1.0 / 1000.0, 1.0]]),
    (&["Hz", "kHz"], &[&[1.0, 1.0 / 1000.0], &[1000.0, 1.0]]),
    (
        &["dpi", "dpcm", "dppx"],
        &[
            &[1.0, 1.0 / 2.54, 1.0 / 96.0],
            &[2.54, 1.0, 2.54 / 96.0],
            &[96.0, 96.0 / 2.54, 1.0],
        ],
    ),
];

/// The main unit of each class (what `normalize` converts to).
const MAIN: [&str; 5] = ["px", "deg", "s", "Hz", "dpi"];

/// (class, index) of a known unit.
fn known(unit: &str) -> Option<(usize, usize)> {
    CLASSES
        .iter()
        .enumerate()
        .find_map(|(c, (names, _))| names.iter().position(|n| *n == unit).map(|i| (c, i)))
}

/// How many `to` one `from` is; 0 when they do not convert (libsass's `conversion_factor`).
pub fn factor(from: &str, to: &str) -> f64 {
    if from == to {
        return 1.0;
    }
    match (known(from), known(to)) {
        (Some((c1, i1)), Some((c2, i2))) if c1 == c2 => CLASSES[c1].1[i1][i2],
        _ => 0.0,
    }
}

impl Units {
    /// No units.
    pub fn none() -> Units {
        Units::default()
    }

    /// One unit (or none for an empty name).
    pub fn single(unit: &str) -> Units {
        Units {
            numer: if unit.is_empty() {
                Vec::new()
            } else {
                vec![unit.to_string()]
            },
            denom: Vec::new(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.numer.is_empty() && self.denom.is_empty()
    }

    /// Whether CSS can show it: at most one numerator, no denominator.
    pub fn is_css(&self) -> bool {
        self.numer.len() <= 1 && self.denom.is_empty()
    }

    /// As libsass writes it: `px*em/s`.
    pub fn text(&self) -> String {
        let mut u = self.numer.join("*");
        if !self.denom.is_empty() {
            u.push('/');
            u.push_str(&self.denom.join("*"));
        }
        u
    }

    /// Cancels units against each other (converting compatible ones), sorted; returns the
    /// factor the value is multiplied by (libsass's `Units::reduce`).
    pub fn reduce(&mut self) -> f64 {
        if self.numer.len() + self.denom.len() < 2 {
            return 1.0;
        }
        let mut exponents: BTreeMap<String, i32> = BTreeMap::new();
        for n in &self.numer {
            *exponents.entry(n.clone()).or_default() += 1;
        }
        for d in &self.denom {
            *exponents.entry(d.clone()).or_default() -= 1;
        }
        let mut f = 1.0;
        for n in &self.numer {
            for d in &self.denom {
                let conv = convert_units(n, d, &mut exponents);
                if conv != 0.0 {
                    f /= conv;
                }
            }
        }
        self.numer.clear();
        self.denom.clear();
        for (unit, exp) in exponents {
            for _ in 0..exp.max(0) {
                self.numer.push(unit.clone());
            }
            for _ in 0..(-exp).max(0) {
                self.denom.push(unit.clone());
            }
        }
        f
    }

    /// Converts every known unit to its class's main unit, sorted; returns the factor
    /// (libsass's `Units::normalize`).
    pub fn normalize(&mut self) -> f64 {
        let mut f = 1.0;
        // libsass divides by the factor for denominators too.
        for list in [&mut self.numer, &mut self.denom] {
            for u in list.iter_mut() {
                if let Some((c, _)) = known(u) {
                    let main = MAIN[c];
                    if u != main {
                        let conv = factor(main, u);
                        *u = main.to_string();
                        f /= conv;
                    }
                }
            }
            list.sort();
        }
        f
    }

    /// The factor that turns a number in `other`'s units into `self`'s (libsass's
    /// `convert_factor`, called on the right operand with the left's units), or `None` when
    /// they do not convert.
    pub fn convert_factor(&self, other: &Units) -> Option<f64> {
        let mut r_num = other.numer.clone();
        let mut r_den = other.denom.clone();
        let mut miss_num = 0;
        let mut miss_den = 0;
        let mut f = 1.0;
        for l in &self.numer {
            match r_num.iter().position(|r| factor(l, r) != 0.0) {
                Some(k) => {
                    f *= factor(l, &r_num[k]);
                    r_num.remove(k);
                }
                None => miss_num += 1,
            }
        }
        for l in &self.denom {
            match r_den.iter().position(|r| factor(l, r) != 0.0) {
                Some(k) => {
                    f /= factor(l, &r_den[k]);
                    r_den.remove(k);
                }
                None => miss_den += 1,
            }
        }
        let (l_none, r_none) = (self.is_empty(), other.is_empty());
        if (miss_num > 0 || miss_den > 0) && !r_none
            || (!r_num.is_empty() || !r_den.is_empty()) && !l_none
        {
            return None;
        }
        Some(f)
    }
}

/// libsass's `convert_units` within `reduce`: converts between a numerator and a
/// denominator unit of one class, moving the exponent to whichever side keeps its unit.
fn convert_units(lhs: &str, rhs: &str, exponents: &mut BTreeMap<String, i32>) -> f64 {
    if lhs == rhs {
        return 0.0;
    }
    let (le, re) = (
        exponents.get(lhs).copied().unwrap_or(0),
        exponents.get(rhs).copied().unwrap_or(0),
    );
    if le == 0 || re == 0 {
        return 0.0;
    }
    match (known(lhs), known(rhs)) {
        (Some((c1, _)), Some((c2, _))) if c1 == c2 => {}
        _ => return 0.0,
    }
    let (f, le2, re2) = if re < 0 && le > 0 && -re > le {
        (factor(rhs, lhs).powi(le), 0, re + le)
    } else {
        (factor(lhs, rhs).powi(re), le + re, 0)
    };
    exponents.insert(lhs.to_string(), le2);
    exponents.insert(rhs.to_string(), re2);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(numer: &[&str], denom: &[&str]) -> Units {
        Units {
            numer: numer.iter().map(|s| s.to_string()).collect(),
            denom: denom.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn cancelling_and_converting() {
        let mut u = units(&["px"], &["px"]);
        assert_eq!(u.reduce(), 1.0);
        assert!(u.is_empty());
        let mut u = units(&["in"], &["px"]);
        let f = u.reduce();
        assert!(u.is_empty());
        assert!((f - 96.0).abs() < 1e-9, "{f}");
        assert_eq!(units(&["px", "em"], &["s"]).text(), "px*em/s");
        // `1in + 1cm`: the right operand's units converted into the left's.
        let f = units(&["cm"], &[])
            .convert_factor(&units(&["in"], &[]))
            .unwrap_or(0.0);
        assert!((f - 1.0 / 2.54).abs() < 1e-12, "{f}");
        assert!(
            units(&["px"], &[])
                .convert_factor(&units(&["em"], &[]))
                .is_none()
        );
        assert!(
            units(&[], &[])
                .convert_factor(&units(&["em"], &[]))
                .is_some()
        );
    }
}
