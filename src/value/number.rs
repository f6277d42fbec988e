//! Ruby's number formatting.

/// Formats a float as Ruby's `Float#to_s`: `5.0`, `0.1`, `1.0e+16`, `1.0e-05`, `Infinity`, `NaN`.
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    // Rust's `{:e}` gives the shortest digits that round-trip, as Ruby's does.
    let sci = format!("{:e}", f);
    let (mantissa, exp) = sci.split_once('e').expect("`{:e}` always has an exponent");
    let exp: i32 = exp.parse().expect("exponent is an integer");
    let neg = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    // Ruby prints fixed notation for decimal exponents from -4 to 15 (exclusive).
    if (-4..15).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(&digits);
        } else {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                out.push_str(&digits);
                for _ in digits.len()..int_len {
                    out.push('0');
                }
                out.push_str(".0");
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        out.push('.');
        if digits.len() > 1 {
            out.push_str(&digits[1..]);
        } else {
            out.push('0');
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    }
    out
}

/// Ruby's strict `Integer("...")`: surrounding whitespace, an optional sign, then decimal,
/// `0b` binary, `0o`/leading-`0` octal, `0d` decimal or `0x` hex digits, with single underscores between
/// digits (`1_000`, `0x1f`, `017` = 15). `None` where Ruby raises (or past 64 bits).
pub fn parse_ruby_integer(text: &str) -> Option<i64> {
    let text = text.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r'));
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = unsigned.to_ascii_lowercase();
    let (radix, digits) = if let Some(rest) = lower.strip_prefix("0x") {
        (16, rest)
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (2, rest)
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (8, rest)
    } else if let Some(rest) = lower.strip_prefix("0d") {
        (10, rest)
    } else if lower.len() > 1 && lower.starts_with('0') {
        // Ruby's `Integer("0_7")` is octal 7: the underscore may follow the leading 0.
        let rest = &lower[1..];
        (8, rest.strip_prefix('_').unwrap_or(rest))
    } else {
        (10, lower.as_str())
    };
    // Underscores only between digits, one at a time: "1__0", "_1" and "1_" are errors.
    // Checked by hand because `from_str_radix` would also take a second sign.
    let all_digits = digits.chars().all(|c| c == '_' || c.is_digit(radix));
    if !all_digits || digits.is_empty() || digits.split('_').any(str::is_empty) {
        return None;
    }
    let magnitude = i64::from_str_radix(&digits.replace('_', ""), radix).ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::{format_float, parse_ruby_integer};

    #[test]
    fn ruby_integer_parsing() {
        assert_eq!(parse_ruby_integer(" 12 "), Some(12));
        assert_eq!(parse_ruby_integer("0x1A"), Some(26));
        assert_eq!(parse_ruby_integer("017"), Some(15));
        assert_eq!(parse_ruby_integer("0o17"), Some(15));
        assert_eq!(parse_ruby_integer("0d12"), Some(12));
        assert_eq!(parse_ruby_integer("1_000"), Some(1000));
        assert_eq!(parse_ruby_integer("1__0"), None);
        assert_eq!(parse_ruby_integer("1.5"), None);
        assert_eq!(parse_ruby_integer("foo"), None);
    }

    /// Expected strings printed by `ruby -e 'p 1e14, 1e15, ...'` (Ruby 3.1).
    #[test]
    fn matches_ruby_float_to_s() {
        let cases = [
            (1e14, "100000000000000.0"),
            (1e15, "1.0e+15"),
            (123456789012345.0, "123456789012345.0"),
            (1234567890123456.0, "1.234567890123456e+15"),
            (12345678901234567.0, "1.2345678901234568e+16"),
            (100000000000000.5, "100000000000000.5"),
            (0.001, "0.001"),
            (0.0001234, "0.0001234"),
            (1.0e-4, "0.0001"),
            (1.0e-5, "1.0e-05"),
            (9999999999999998.0, "9.999999999999998e+15"),
            (1.0e100, "1.0e+100"),
            (100.0, "100.0"),
            (-0.0, "-0.0"),
            (2.5e-5, "2.5e-05"),
            (0.30000000000000004, "0.30000000000000004"),
        ];
        for (f, want) in cases {
            assert_eq!(format_float(f), want, "{f}");
        }
    }
}
