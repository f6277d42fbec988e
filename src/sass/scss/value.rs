//! Sass values as libsass 3.6 holds and writes them (`Inspect` in libsass): numbers with
//! units and the flag that says whether the compressed style may drop a leading zero,
//! colours that remember the text they were written as, strings, lists and maps; and the
//! arithmetic and comparisons between them (libsass's `Operators`).

use super::ast::{Sep, Span};
use super::units::Units;
use crate::sass::Style;

/// Where a value was made, for the source map (libsass's `pstate`): a literal where it is
/// written, a computed value where it was computed, a copied one where the original was.
/// Never part of a value's equality.
#[derive(Debug, Clone, Copy, Default)]
pub struct At(pub Option<Span>);

impl PartialEq for At {
    fn eq(&self, _: &At) -> bool {
        true
    }
}

/// A token of a value's CSS text and where it was made: byte range in the text, span.
pub type Mark = (usize, usize, Span);

/// libsass's precision (sassc's default, which jekyll-sass-converter keeps).
pub const PRECISION: usize = 10;

/// A number.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// The value.
    pub value: f64,
    /// Its units.
    pub units: Units,
    /// Whether the compressed style drops its leading zero: not for a literal written with
    /// one (`0.5`), yes once it went through a variable (libsass's `zero` flag).
    pub zero: bool,
    /// Where it was made.
    pub at: At,
}

impl Number {
    /// A number with one unit (or none), as a computed value.
    pub fn new(value: f64, unit: &str) -> Number {
        Number {
            value,
            units: Units::single(unit),
            zero: true,
            at: At::default(),
        }
    }

    /// Units cancelled and converted (libsass's `Number::reduce`).
    pub fn reduced(&self) -> Number {
        let mut n = self.clone();
        n.value *= n.units.reduce();
        n
    }

    fn normalized(&self) -> Number {
        let mut n = self.reduced();
        n.value *= n.units.normalize();
        n
    }

    /// libsass's `==` on numbers: a unitless side compares by value alone.
    pub fn equals(&self, other: &Number) -> bool {
        let (l, r) = (self.reduced(), other.reduced());
        if l.units.is_empty() || r.units.is_empty() {
            return near(l.value, r.value);
        }
        let (l, r) = (l.normalized(), r.normalized());
        l.units == r.units && near(l.value, r.value)
    }

    /// libsass's `<` on numbers; incompatible units are an error.
    pub fn less(&self, other: &Number) -> Result<bool, String> {
        let (l, r) = (self.reduced(), other.reduced());
        if l.units.is_empty() || r.units.is_empty() {
            return Ok(l.value < r.value);
        }
        let (l, r) = (l.normalized(), r.normalized());
        if l.units != r.units {
            return Err(incompatible(&self.units, &other.units));
        }
        Ok(l.value < r.value)
    }
}

fn near(a: f64, b: f64) -> bool {
    // libsass's NUMBER_EPSILON.
    (a - b).abs() < 1e-12
}

fn incompatible(a: &Units, b: &Units) -> String {
    format!("Incompatible units: '{}' and '{}'.", a.text(), b.text())
}

/// A colour: channels 0–255 (not rounded), alpha 0–1, and the text it was written as
/// (`disp`, empty once computed), which libsass writes back unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct Color {
    /// Red, green, blue, alpha.
    pub rgba: [f64; 4],
    /// As written (`white`, `#FFF`), or empty.
    pub disp: String,
    /// libsass's `delayed`: a literal in a declaration's list, which even the compressed
    /// style writes as written.
    pub delayed: bool,
    /// Hue (degrees), saturation and lightness (percent) as given, for a colour libsass
    /// holds as HSL (made by an HSL function): its query functions answer these, unclamped,
    /// and it equals only another HSL colour. `rgba` is then their conversion.
    pub hsl: Option<[f64; 3]>,
    /// Where it was made.
    pub at: At,
}

/// A value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true`, `false`, and where it was made.
    Bool(bool, At),
    /// A number.
    Number(Number),
    /// A colour.
    Color(Color),
    /// A string: `quote` is the quote it is written with, `None` unquoted; the text keeps
    /// escapes as written.
    Str {
        /// The content.
        text: String,
        /// `"` or `'`, or `None`.
        quote: Option<char>,
        /// Where it was made.
        at: At,
    },
    /// A list.
    List {
        /// The elements (shared: lists are copied often and changed rarely).
        items: std::rc::Rc<Vec<Value>>,
        /// The separator.
        sep: Sep,
        /// In square brackets.
        bracketed: bool,
    },
    /// A map, in order.
    Map(std::rc::Rc<Vec<(Value, Value)>>),
}

impl Value {
    /// An unquoted string.
    pub fn ident(text: impl Into<String>) -> Value {
        Value::Str {
            text: text.into(),
            quote: None,
            at: At::default(),
        }
    }

    /// A boolean, made nowhere yet.
    pub fn bool(b: bool) -> Value {
        Value::Bool(b, At::default())
    }

    /// Where the value was made (lists and maps: nowhere of their own).
    pub fn span(&self) -> Option<Span> {
        match self {
            Value::Number(n) => n.at.0,
            Value::Color(c) => c.at.0,
            Value::Str { at, .. } | Value::Bool(_, at) => at.0,
            _ => None,
        }
    }

    /// The value made at `span`.
    pub fn at(mut self, span: Option<Span>) -> Value {
        match &mut self {
            Value::Number(n) => n.at = At(span),
            Value::Color(c) => c.at = At(span),
            Value::Str { at, .. } | Value::Bool(_, at) => *at = At(span),
            _ => {}
        }
        self
    }

    /// Sass truthiness: all but `false` and `null`.
    pub fn truthy(&self) -> bool {
        !matches!(self, Value::Null | Value::Bool(false, _))
    }

    /// libsass's `type-of`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(..) => "bool",
            Value::Number(_) => "number",
            Value::Color(_) => "color",
            Value::Str { .. } => "string",
            Value::List { .. } => "list",
            Value::Map(_) => "map",
        }
    }

    /// The CSS text of the value in `style`, or the error libsass gives for a value CSS
    /// cannot hold (`(a: 1) isn't a valid CSS value.`).
    pub fn to_css(&self, style: Style) -> Result<String, String> {
        let mut out = String::new();
        self.write(&mut out, style, &mut None)?;
        Ok(out)
    }

    /// As [`Value::to_css`], with where each token of the text was made.
    pub fn to_css_marked(&self, style: Style) -> Result<(String, Vec<Mark>), String> {
        let mut out = String::new();
        let mut marks = Some(Vec::new());
        self.write(&mut out, style, &mut marks)?;
        Ok((out, marks.unwrap_or_default()))
    }

    fn write(
        &self,
        out: &mut String,
        style: Style,
        marks: &mut Option<Vec<Mark>>,
    ) -> Result<(), String> {
        let start = out.len();
        self.write_token(out, style, marks)?;
        if let (Some(marks), Some(span)) = (marks.as_mut(), self.span()) {
            marks.push((start, out.len(), span));
        }
        Ok(())
    }

    fn write_token(
        &self,
        out: &mut String,
        style: Style,
        marks: &mut Option<Vec<Mark>>,
    ) -> Result<(), String> {
        match self {
            Value::Null => {}
            Value::Bool(b, _) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => {
                let n = n.reduced();
                if !n.units.is_css() {
                    return Err(format!(
                        "{}{} isn't a valid CSS value.",
                        format_number(n.value, false),
                        n.units.text()
                    ));
                }
                out.push_str(&format_number(
                    n.value,
                    style == Style::Compressed && n.zero,
                ));
                out.push_str(&n.units.text());
            }
            Value::Color(c) => out.push_str(&color_text(c, style)),
            Value::Str { text, quote, .. } => match quote {
                Some(_) => out.push_str(&quoted(text)),
                None => out.push_str(text),
            },
            Value::List {
                items,
                sep,
                bracketed,
            } => {
                if items.is_empty() && !bracketed {
                    return Err("() isn't a valid CSS value.".into());
                }
                if *bracketed {
                    out.push('[');
                }
                let glue = match (sep, style) {
                    (Sep::Space, _) => " ",
                    (Sep::Comma, Style::Compressed) => ",",
                    (Sep::Comma, _) => ", ",
                };
                let mut first = true;
                for item in items.iter() {
                    if matches!(item, Value::Null) {
                        continue;
                    }
                    if !first {
                        out.push_str(glue);
                    }
                    first = false;
                    item.write(out, style, marks)?;
                }
                if *bracketed {
                    out.push(']');
                }
            }
            Value::Map(_) => {
                return Err(format!("{} isn't a valid CSS value.", self.inspect()));
            }
        }
        Ok(())
    }

    /// The value as `inspect()` and error messages show it.
    pub fn inspect(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Map(entries) => {
                let inner: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", k.inspect(), v.inspect()))
                    .collect();
                format!("({})", inner.join(", "))
            }
            Value::List {
                items,
                sep,
                bracketed,
            } => {
                let glue = if *sep == Sep::Comma { ", " } else { " " };
                let inner: Vec<String> = items.iter().map(Value::inspect).collect();
                let body = inner.join(glue);
                if *bracketed {
                    format!("[{body}]")
                } else if items.is_empty() {
                    "()".into()
                } else {
                    body
                }
            }
            Value::Number(n) => format!("{}{}", format_number(n.value, false), n.units.text()),
            other => other.to_css(Style::Expanded).unwrap_or_default(),
        }
    }
}

/// A quoted string's content as libsass reads it (`unquote`): `\` and hex digits (and one
/// space after them) a character, `\` and any other character that character.
pub fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut hex = String::new();
        while let Some(h) = chars.peek().filter(|h| h.is_ascii_hexdigit()) {
            hex.push(*h);
            chars.next();
        }
        if hex.is_empty() {
            out.extend(chars.next());
            continue;
        }
        if chars.peek() == Some(&' ') {
            chars.next();
        }
        let cp = u32::from_str_radix(&hex, 16).unwrap_or(0xfffd);
        out.push(char::from_u32(if cp == 0 { 0xfffd } else { cp }).unwrap_or('\u{fffd}'));
    }
    out
}

/// A string in quotes as libsass writes it (`quote`): double quotes unless it holds a `"`
/// and no `'`; the quote and `\` escaped, a line feed as `\a`.
pub fn quoted(s: &str) -> String {
    let q = if s.contains('\'') {
        '"'
    } else if s.contains('"') {
        '\''
    } else {
        '"'
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c == q || c == '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                out.push_str("\\a");
                if chars
                    .peek()
                    .is_some_and(|n| n.is_ascii_hexdigit() || n.is_whitespace())
                {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// A number as libsass writes it: fixed with `PRECISION` decimals, trailing zeros and a
/// trailing point dropped, `-0` as `0`; `drop_zero` takes off a leading `0` before the point.
pub fn format_number(value: f64, drop_zero: bool) -> String {
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if value.is_nan() {
        return "NaN".into();
    }
    let mut s = format!("{value:.PRECISION$}");
    while s.len() > 1 && s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s.is_empty() || s == "-0" {
        return "0".into();
    }
    if drop_zero {
        let off = usize::from(s.starts_with('-'));
        if s[off..].starts_with("0.") {
            s.remove(off);
        }
    }
    s
}

/// libsass's `round`: to an integer, up from a hair below .5 (C's `fmod` keeps the sign).
pub fn sass_round(value: f64) -> f64 {
    let frac = value % 1.0;
    if frac - 0.5 > -0.1f64.powi(PRECISION as i32 + 1) {
        value.ceil()
    } else if frac - 0.5 > 0.1f64.powi(PRECISION as i32) {
        value.floor()
    } else {
        value.round()
    }
}

/// A colour as libsass's `Inspect` writes it.
fn color_text(c: &Color, style: Style) -> String {
    let compressed = style == Style::Compressed;
    let cap = |v: f64, max: f64| v.clamp(0.0, max);
    let [mut r, mut g, mut b] =
        [c.rgba[0], c.rgba[1], c.rgba[2]].map(|v| sass_round(cap(v, 255.0)));
    let mut a = cap(c.rgba[3], 1.0);
    let mut name = c.disp.clone();
    let res_name = match (!name.is_empty())
        .then(|| crate::sass::names::keyword(&name))
        .flatten()
    {
        Some(known) => {
            [r, g, b, a] = known;
            Some(c.disp.as_str())
        }
        // Else its name if it has one, or the text it was written as.
        None => crate::sass::names::libsass_name_of((r * 65536.0 + g * 256.0 + b) as i64)
            .or((!c.disp.is_empty()).then_some(c.disp.as_str())),
    };
    let doublet = |v: f64| (0..16).any(|k| v == f64::from(k * 17));
    let hex = if compressed && doublet(r) && doublet(g) && doublet(b) && a == 1.0 {
        format!("#{:x}{:x}{:x}", r as u64 >> 4, g as u64 >> 4, b as u64 >> 4)
    } else {
        format!("#{:02x}{:02x}{:02x}", r as u64, g as u64, b as u64)
    };
    if compressed && !c.delayed {
        name.clear();
    }
    if !name.is_empty() {
        return name;
    }
    if a >= 1.0 {
        return match res_name {
            Some(n) if !(compressed && hex.len() < n.len()) => n.to_string(),
            _ => hex,
        };
    }
    let sep = if compressed { "," } else { ", " };
    format!(
        "rgba({}{sep}{}{sep}{}{sep}{})",
        r as u64,
        g as u64,
        b as u64,
        stream_double(a)
    )
}

/// A double as a C++ stream writes it by default: 6 significant digits, no trailing zeros.
pub fn stream_double(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let digits = 6;
    let magnitude = v.abs().log10().floor() as i32;
    if !(-5..digits).contains(&magnitude) {
        let s = format!("{:.*e}", (digits - 1) as usize, v);
        return s;
    }
    let decimals = (digits - 1 - magnitude).max(0) as usize;
    let mut s = format!("{v:.decimals$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    s
}

/// A binary arithmetic operation between two numbers (libsass's `op_numbers`); `op` is one
/// of `+ - * / %`. Division by zero gives libsass's `Infinity`/`NaN` strings.
pub fn number_op(op: char, l: &Number, r: &Number) -> Result<Value, String> {
    let (lv, rv) = (l.value, r.value);
    if op == '%' && rv == 0.0 {
        return Ok(Value::ident("NaN"));
    }
    if op == '/' && rv == 0.0 {
        return Ok(Value::ident(if lv != 0.0 { "Infinity" } else { "NaN" }));
    }
    let apply = |x: f64, y: f64| match op {
        '+' => x + y,
        '-' => x - y,
        '*' => x * y,
        '/' => x / y,
        _ => {
            // libsass's mod: the sign of the divisor.
            let m = x % y;
            if (x > 0.0 && y < 0.0 || x < 0.0 && y > 0.0) && m != 0.0 {
                m + y
            } else {
                m
            }
        }
    };
    // libsass's shortcut compares the left numerators' count with the right's
    // denominators'; kept, as it decides when units are reduced. Its value is a copy of
    // the left number, made where that was.
    let (ln, ld) = (l.units.numer.len(), l.units.numer.len());
    let (rn, rd) = (r.units.denom.len(), r.units.denom.len());
    if ln == rn
        && ld == rd
        && ln + ld <= 1
        && rn + rd <= 1
        && l.units.numer == r.units.numer
        && l.units.denom == r.units.denom
    {
        let mut v = l.clone();
        v.value = apply(lv, rv);
        return Ok(Value::Number(v));
    }
    // Else a new value (made where the operation is).
    let mut v = l.clone();
    v.at = At::default();
    if l.units.is_empty() && matches!(op, '+' | '-' | '%') {
        v.units = r.units.clone();
    }
    match op {
        '*' => {
            v.value = apply(lv, rv);
            v.units.numer.extend(r.units.numer.iter().cloned());
            v.units.denom.extend(r.units.denom.iter().cloned());
            v.value *= v.units.reduce();
        }
        '/' => {
            v.value = apply(lv, rv);
            v.units.numer.extend(r.units.denom.iter().cloned());
            v.units.denom.extend(r.units.numer.iter().cloned());
            v.value *= v.units.reduce();
        }
        _ => {
            let (ln, rn) = (l.reduced(), r.reduced());
            let f = rn
                .units
                .convert_factor(&ln.units)
                .ok_or_else(|| incompatible(&r.units, &l.units))?;
            v.value = apply(lv, rn.value * f);
        }
    }
    Ok(Value::Number(v))
}

/// Arithmetic between two colours, channel by channel (libsass's `op_colors`).
pub fn color_op(op: char, l: &Color, r: &Color) -> Result<Value, String> {
    if l.rgba[3] != r.rgba[3] {
        return Err(format!(
            "Alpha channels must be equal: {} {} {}",
            color_text(l, Style::Expanded),
            op_name(op),
            color_text(r, Style::Expanded)
        ));
    }
    if matches!(op, '/' | '%') && (r.rgba[0] == 0.0 || r.rgba[1] == 0.0 || r.rgba[2] == 0.0) {
        return Err("divided by 0".into());
    }
    let ch = |k: usize| channel_op(op, l.rgba[k], r.rgba[k]);
    Ok(Value::Color(Color {
        rgba: [ch(0), ch(1), ch(2), l.rgba[3]],
        disp: String::new(),
        delayed: false,
        hsl: None,
        at: At::default(),
    }))
}

fn channel_op(op: char, x: f64, y: f64) -> f64 {
    match op {
        '+' => x + y,
        '-' => x - y,
        '*' => x * y,
        '/' => x / y,
        _ => x % y,
    }
}

/// An operator's name in libsass's messages.
pub fn op_name(op: char) -> &'static str {
    match op {
        '+' => "plus",
        '-' => "minus",
        '*' => "times",
        '/' => "div",
        _ => "mod",
    }
}

/// A colour and a number (libsass's `op_color_number`): each channel with the number.
pub fn color_number_op(op: char, l: &Color, r: &Number) -> Result<Value, String> {
    if matches!(op, '/' | '%') && r.value == 0.0 {
        return Err("divided by 0".into());
    }
    let ch = |k: usize| channel_op(op, l.rgba[k], r.value);
    Ok(Value::Color(Color {
        rgba: [ch(0), ch(1), ch(2), l.rgba[3]],
        disp: String::new(),
        delayed: false,
        hsl: None,
        at: At::default(),
    }))
}

/// A number and a colour (libsass's `op_number_color`): `+` and `*` per channel, `-` and
/// `/` a string of both.
pub fn number_color_op(op: char, l: &Number, r: &Color) -> Result<Value, String> {
    match op {
        '+' | '*' => {
            let ch = |k: usize| channel_op(op, l.value, r.rgba[k]);
            Ok(Value::Color(Color {
                rgba: [ch(0), ch(1), ch(2), r.rgba[3]],
                disp: String::new(),
                delayed: false,
                hsl: None,
                at: At::default(),
            }))
        }
        '-' | '/' => Ok(Value::ident(format!(
            "{}{}{}",
            Value::Number(l.clone()).inspect(),
            op,
            color_text(r, Style::Expanded)
        ))),
        _ => Err(format!(
            "Undefined operation: \"{} {} {}\".",
            Value::Number(l.clone()).inspect(),
            op_name(op),
            color_text(r, Style::Expanded)
        )),
    }
}

/// `==` between any two values (libsass's `Expression::operator==`).
pub fn equals(l: &Value, r: &Value) -> bool {
    match (l, r) {
        (Value::Number(a), Value::Number(b)) => a.equals(b),
        // libsass compares an RGB colour with an RGB one, an HSL one with an HSL one.
        (Value::Color(a), Value::Color(b)) => match (a.hsl, b.hsl) {
            (None, None) => a.rgba == b.rgba,
            (Some(x), Some(y)) => x == y && a.rgba[3] == b.rgba[3],
            _ => false,
        },
        (Value::Str { text: a, .. }, Value::Str { text: b, .. }) => a == b,
        (
            Value::List {
                items: a,
                sep: sa,
                bracketed: ba,
            },
            Value::List {
                items: b,
                sep: sb,
                bracketed: bb,
            },
        ) => {
            sa == sb
                && ba == bb
                && a.len() == b.len()
                && a.iter().zip(b.iter()).all(|(x, y)| equals(x, y))
        }
        (Value::Map(a), Value::Map(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.iter().any(|(k2, v2)| equals(k, k2) && equals(v, v2)))
        }
        (Value::Bool(a, _), Value::Bool(b, _)) => a == b,
        (Value::Null, Value::Null) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_libsass_writes_them() {
        assert_eq!(format_number(1.0 / 3.0, false), "0.3333333333");
        assert_eq!(format_number(1.0 / 3.0, true), ".3333333333");
        assert_eq!(format_number(-0.5, true), "-.5");
        assert_eq!(format_number(0.1 + 0.2, false), "0.3");
        assert_eq!(format_number(-0.0, false), "0");
        assert_eq!(format_number(100000000.5, false), "100000000.5");
        assert_eq!(format_number(1.00000000005, false), "1.0000000001");
        assert_eq!(stream_double(0.333333333), "0.333333");
        assert_eq!(stream_double(0.5), "0.5");
    }
}
