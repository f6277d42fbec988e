//! Scalars to values, as Psych's `ScalarScanner#tokenize` (YAML 1.1 types) and its tags.

use crate::value::{DateKind, DateValue, Value};
use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// Resolves one scalar: quoted and block scalars are strings; plain ones are typed by content;
/// a tag (`!!str`, `!!int`, `!!float`, `!!binary`) overrides. Errors are Psych's words.
pub fn resolve(text: &str, quoted: bool, tag: Option<&str>) -> Result<Value, String> {
    let suffix = tag.map(|t| t.rsplit([':', '!']).next().unwrap_or(t));
    if let Some(t) = tag
        && (t.contains("ruby/") || t.contains("!ruby"))
    {
        return Err(format!(
            "Tried to load unspecified class: {}",
            t.rsplit('/').next().unwrap_or(t)
        ));
    }
    match suffix {
        Some("str") => return Ok(Value::str(text)),
        Some("int") => {
            return match tokenize(text)? {
                v @ Value::Int(_) => Ok(v),
                _ => crate::value::parse_ruby_integer(&text.replace(['_', ','], ""))
                    .map(Value::Int)
                    .ok_or_else(|| format!("invalid value for Integer(): {text:?}")),
            };
        }
        Some("float") => {
            return match tokenize(text)? {
                Value::Int(i) => Ok(Value::Float(i as f64)),
                v @ Value::Float(_) => Ok(v),
                _ => text
                    .trim()
                    .parse::<f64>()
                    .map(Value::Float)
                    .map_err(|_| format!("invalid value for Float(): {text:?}")),
            };
        }
        Some("binary") => return Ok(Value::str(base64_decode(text))),
        _ => {}
    }
    if quoted {
        return Ok(Value::str(text));
    }
    tokenize(text)
}

/// Ruby's `\s`.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// `[[:alpha:]_\s!@#$%\^&*(){}<>|/\\~;=]`
fn in_word_set(c: char) -> bool {
    c.is_alphabetic() || is_space(c) || "_!@#$%^&*(){}<>|/\\~;=".contains(c)
}

/// Psych's "looks like a string" test: `^[^\d.:-]?[[:alpha:]_\s!@#$%\^&*(){}<>|/\\~;=]+`.
fn looks_like_word(s: &str) -> bool {
    let mut it = s.chars();
    let (Some(c0), c1) = (it.next(), it.next()) else {
        return false;
    };
    in_word_set(c0) || (!(c0.is_ascii_digit() || ".:-".contains(c0)) && c1.is_some_and(in_word_set))
}

/// Psych's `tokenize` for a plain scalar.
pub fn tokenize(s: &str) -> Result<Value, String> {
    if s.is_empty() {
        return Ok(Value::Nil);
    }
    if looks_like_word(s) || s.contains('\n') {
        if s.chars().count() > 5 {
            return Ok(Value::str(s));
        }
        let lower = s.to_ascii_lowercase();
        return Ok(match lower.as_str() {
            _ if !lower.starts_with(['y', 't', 'o', 'n', 'f', '~']) => Value::str(s),
            "~" | "null" => Value::Nil,
            "yes" | "true" | "on" => Value::Bool(true),
            "no" | "false" | "off" => Value::Bool(false),
            _ => Value::str(s),
        });
    }
    if is_time(s) {
        return Ok(parse_time(s)
            .map(Value::Date)
            .unwrap_or_else(|| Value::str(s)));
    }
    if let Some(d) = parse_date(s) {
        return Ok(d);
    }
    let lower = s.to_ascii_lowercase();
    match lower.as_str() {
        ".inf" | "+.inf" => return Ok(Value::Float(f64::INFINITY)),
        "-.inf" => return Ok(Value::Float(f64::NEG_INFINITY)),
        ".nan" => return Ok(Value::Float(f64::NAN)),
        _ => {}
    }
    if s.starts_with(':') && s.len() > 1 {
        // Psych makes a Symbol, which `safe_load` refuses.
        return Err("Tried to load unspecified class: Symbol".into());
    }
    if let Some(v) = sexagesimal(s) {
        return Ok(v);
    }
    if is_float(s) {
        if matches!(s, "." | "+." | "-.") {
            return Ok(Value::str(s));
        }
        let cleaned = float_text(s);
        return Ok(cleaned
            .parse::<f64>()
            .map(Value::Float)
            .unwrap_or_else(|_| Value::str(s)));
    }
    if is_integer(s) {
        let digits = s.replace(['_', ','], "");
        return Ok(match crate::value::parse_ruby_integer(&digits) {
            Some(i) => Value::Int(i),
            // Ruby keeps big integers exact; we keep their size as a float.
            None => digits
                .parse::<f64>()
                .map(Value::Float)
                .unwrap_or_else(|_| Value::str(s)),
        });
    }
    Ok(Value::str(s))
}

fn digits(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

fn strip_sign(s: &str) -> &str {
    s.strip_prefix(['-', '+']).unwrap_or(s)
}

/// `^(?:[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?)$`
fn is_float(s: &str) -> bool {
    let t = strip_sign(s);
    let b = t.as_bytes();
    let mut i = 0;
    if b.first().is_some_and(u8::is_ascii_digit) {
        i = b
            .iter()
            .take_while(|c| c.is_ascii_digit() || **c == b'_' || **c == b',')
            .count();
    }
    if b.get(i) != Some(&b'.') {
        return false;
    }
    i += 1;
    i += digits(&t[i..]);
    if matches!(b.get(i), Some(b'e' | b'E')) {
        if !matches!(b.get(i + 1), Some(b'-' | b'+')) {
            return false;
        }
        let n = digits(&t[i + 2..]);
        if n == 0 {
            return false;
        }
        i += 2 + n;
    }
    i == b.len()
}

/// `s.gsub(/[,_]|\.([Ee]|$)/, '\1')`
fn float_text(s: &str) -> String {
    let t: String = s.chars().filter(|&c| c != ',' && c != '_').collect();
    let t = t.replace(".e", "e").replace(".E", "E");
    t.strip_suffix('.').map(str::to_string).unwrap_or(t)
}

/// Psych's INTEGER: binary, octal, decimal (with `_`/`,` between digits) or hexadecimal.
fn is_integer(s: &str) -> bool {
    let t = strip_sign(s);
    let b = t.as_bytes();
    let all = |from: usize, ok: fn(u8) -> bool| {
        b.len() > from && b[from..].iter().all(|&c| ok(c) || c == b'_' || c == b',')
    };
    if let Some(rest) = t.strip_prefix("0b") {
        return !rest.is_empty() && all(2, |c| c == b'0' || c == b'1');
    }
    if let Some(rest) = t.strip_prefix("0x") {
        return !rest.is_empty() && all(2, |c| c.is_ascii_hexdigit());
    }
    if t.len() > 1 && t.starts_with('0') {
        return all(1, |c| (b'0'..=b'7').contains(&c));
    }
    if t == "0" {
        return true;
    }
    // `[1-9](?:[0-9]|,[0-9]|_[0-9])*`
    if !b.first().is_some_and(|c| (b'1'..=b'9').contains(c)) {
        return false;
    }
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            c if c.is_ascii_digit() => i += 1,
            b',' | b'_' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => i += 2,
            _ => return false,
        }
    }
    true
}

/// `^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}(\.[0-9_]*)?$`: base 60, as Psych sums it.
fn sexagesimal(s: &str) -> Option<Value> {
    let (body, frac) = match s.split_once('.') {
        Some((b, f)) if f.bytes().all(|c| c.is_ascii_digit() || c == b'_') => (b, Some(f)),
        Some(_) => return None,
        None => (s, None),
    };
    let parts: Vec<&str> = body.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let head = strip_sign(parts[0]);
    if !head.as_bytes().first().is_some_and(u8::is_ascii_digit)
        || !head.bytes().all(|c| c.is_ascii_digit() || c == b'_')
    {
        return None;
    }
    for p in &parts[1..] {
        let ok = match p.len() {
            1 => p.as_bytes()[0].is_ascii_digit(),
            2 => (b'0'..=b'5').contains(&p.as_bytes()[0]) && p.as_bytes()[1].is_ascii_digit(),
            _ => false,
        };
        if !ok {
            return None;
        }
    }
    let weight = |e: usize| 60i64.pow((e as i64 - 2).unsigned_abs() as u32);
    match frac {
        None => {
            // Ruby's sum is a Bignum when it outgrows 64 bits; we keep its size as a float,
            // as for other big integers.
            let mut total: i128 = 0;
            for (e, p) in parts.iter().enumerate() {
                total += i128::from(crate::liquid::expr::ruby_str_to_i(p)) * i128::from(weight(e));
            }
            Some(match i64::try_from(total) {
                Ok(i) => Value::Int(i),
                Err(_) => Value::Float(
                    parts
                        .iter()
                        .enumerate()
                        .map(|(e, p)| crate::liquid::expr::ruby_str_to_f(p) * weight(e) as f64)
                        .sum(),
                ),
            })
        }
        Some(f) => {
            let mut total = 0.0;
            let last = parts.len() - 1;
            for (e, p) in parts.iter().enumerate() {
                let text = if e == last {
                    format!("{p}.{f}")
                } else {
                    p.to_string()
                };
                total += crate::liquid::expr::ruby_str_to_f(&text) * weight(e) as f64;
            }
            Some(Value::Float(total))
        }
    }
}

/// Psych's TIME: `^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$`
fn is_time(s: &str) -> bool {
    time_parts(s).is_some()
}

struct TimeParts {
    date: (i32, u32, u32),
    time: (u32, u32, u32),
    frac: String,
    zone: Option<String>,
}

fn time_parts(s: &str) -> Option<TimeParts> {
    let (neg, t) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let b = t.as_bytes();
    let num = |i: &mut usize, min: usize, max: usize| -> Option<u32> {
        let n = b[*i..]
            .iter()
            .take(max)
            .take_while(|c| c.is_ascii_digit())
            .count();
        if n < min {
            return None;
        }
        let v = t[*i..*i + n].parse().ok()?;
        *i += n;
        Some(v)
    };
    let expect = |i: &mut usize, c: u8| -> Option<()> { (b.get(*i) == Some(&c)).then(|| *i += 1) };
    let mut i = 0;
    let year = num(&mut i, 4, 4)? as i32;
    if b.get(i).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    expect(&mut i, b'-')?;
    let month = num(&mut i, 1, 2)?;
    expect(&mut i, b'-')?;
    let day = num(&mut i, 1, 2)?;
    match b.get(i) {
        Some(b'T' | b't') => i += 1,
        Some(c) if is_space(*c as char) => {
            while b.get(i).is_some_and(|c| is_space(*c as char)) {
                i += 1;
            }
        }
        _ => return None,
    }
    let hour = num(&mut i, 1, 2)?;
    expect(&mut i, b':')?;
    let min = num(&mut i, 2, 2)?;
    expect(&mut i, b':')?;
    let sec = num(&mut i, 2, 2)?;
    let mut frac = String::new();
    if b.get(i) == Some(&b'.') {
        i += 1;
        let n = digits(&t[i..]);
        frac = t[i..i + n].to_string();
        i += n;
    }
    let rest = &t[i..];
    let z = rest.trim_start_matches(is_space);
    let zone = if z.is_empty() {
        if !rest.is_empty() {
            return None;
        }
        None
    } else if z == "Z" {
        Some("Z".to_string())
    } else {
        // `[-+]\d{1,2}:?(?:\d\d)?$`, backtracking as the regex does (`+053` is `+0`, `53`).
        let zb = z.as_bytes();
        if !matches!(zb[0], b'+' | b'-') {
            return None;
        }
        let zone_ok = [2, 1].iter().any(|&k| {
            zb.len() > k && zb[1..=k].iter().all(u8::is_ascii_digit) && {
                let after = &zb[1 + k..];
                let after = after.strip_prefix(b":").unwrap_or(after);
                after.is_empty() || (after.len() == 2 && after.iter().all(u8::is_ascii_digit))
            }
        });
        if !zone_ok {
            return None;
        }
        Some(z.to_string())
    };
    Some(TimeParts {
        date: (if neg { -year } else { year }, month, day),
        time: (hour, min, sec),
        frac,
        zone,
    })
}

fn parse_time(s: &str) -> Option<DateValue> {
    let p = time_parts(s)?;
    let date = NaiveDate::from_ymd_opt(p.date.0, p.date.1, p.date.2)?;
    let nanos: u32 = if p.frac.is_empty() {
        0
    } else {
        format!("{:0<9}", &p.frac[..p.frac.len().min(9)])
            .parse()
            .ok()?
    };
    let time = NaiveTime::from_hms_nano_opt(p.time.0, p.time.1, p.time.2, nanos)?;
    let naive = NaiveDateTime::new(date, time);
    match p.zone.as_deref() {
        Some("Z") => Some(DateValue {
            dt: Utc.from_utc_datetime(&naive).fixed_offset(),
            kind: DateKind::Time,
            utc: true,
        }),
        // No zone: the fields are read as UTC, then shown in the local zone (`Time.at`).
        None => Some(DateValue::time(
            Utc.from_utc_datetime(&naive)
                .with_timezone(&crate::value::site_zone())
                .fixed_offset(),
        )),
        Some(z) => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let body = &z[1..];
            // Psych: `tz.match(/^([+\-]?\d{1,2})\:?(\d{1,2})?/)`, hours then minutes.
            let hn = digits(body).min(2);
            let (h, rest) = body.split_at(hn);
            let rest = rest.strip_prefix(':').unwrap_or(rest);
            let m = &rest[..digits(rest).min(2)];
            let m = if m.is_empty() { "0" } else { m };
            let secs = sign * (h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60);
            let off = FixedOffset::east_opt(secs)?;
            off.from_local_datetime(&naive)
                .single()
                .map(DateValue::time)
        }
    }
}

/// `^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$` → a Ruby `Date`; invalid dates stay strings.
fn parse_date(s: &str) -> Option<Value> {
    let mut it = s.split('-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || y.len() != 4 || digits(y) != 4 {
        return None;
    }
    let two = |p: &str, max: u32| {
        (1..=2).contains(&p.len())
            && digits(p) == p.len()
            && p.parse::<u32>().is_ok_and(|v| v <= max)
    };
    if !two(m, 12) || !two(d, 31) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    Some(match date {
        Some(date) => Value::Date(DateValue {
            dt: Utc
                .from_utc_datetime(&date.and_time(NaiveTime::MIN))
                .fixed_offset(),
            kind: DateKind::Date,
            utc: false,
        }),
        None => Value::str(s),
    })
}

fn base64_decode(s: &str) -> String {
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        bits = (bits << 6) | u32::from(v);
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
