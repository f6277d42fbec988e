//! Sass's built-in functions as libsass 3.6 computes them (its `fn_*.cpp`). A first set:
//! numbers, strings, lists, maps, introspection, and the colour functions most themes use.
//! `call` answers `None` for a name that is not a built-in function, which the caller then
//! writes as a plain CSS function.

use super::ast::Sep;
use super::value::{self, At, Color, Number, Value, sass_round};

type Out = Result<Option<Value>, String>;

/// The arguments of one call, positional then by name (names normalised to `-`).
struct Args<'a> {
    name: &'a str,
    positional: &'a [Value],
    named: &'a [(String, Value)],
}

impl Args<'_> {
    /// The argument at `index` or named `param`.
    fn get(&self, index: usize, param: &str) -> Result<&Value, String> {
        self.positional
            .get(index)
            .or_else(|| self.named.iter().find(|(n, _)| n == param).map(|(_, v)| v))
            .ok_or_else(|| format!("Function {} is missing argument ${param}.", self.name))
    }

    fn opt(&self, index: usize, param: &str) -> Option<&Value> {
        self.get(index, param).ok()
    }

    fn number(&self, index: usize, param: &str) -> Result<Number, String> {
        match self.get(index, param)? {
            Value::Number(n) => Ok(n.clone()),
            other => Err(format!(
                "argument `${param}` of `{}(${param})` must be a number",
                self.name
            ))
            .map_err(|e: String| format!("{e}: {}", other.inspect())),
        }
    }

    fn color(&self, index: usize, param: &str) -> Result<Color, String> {
        match self.get(index, param)? {
            Value::Color(c) => Ok(c.clone()),
            other => Err(format!(
                "argument `${param}` of `{}` must be a color: {}",
                self.name,
                other.inspect()
            )),
        }
    }
}

fn number(value: f64, unit: &str) -> Value {
    Value::Number(Number::new(value, unit))
}

/// libsass built-ins not written here yet: calling one is an error (the build then
/// compiles the stylesheet the other way), never a plain CSS function.
const NOT_YET: &[&str] = &[
    "content-exists",
    "is-superselector",
    "keywords",
    "random",
    "selector-append",
    "selector-extend",
    "selector-nest",
    "selector-parse",
    "selector-replace",
    "selector-unify",
    "simple-selectors",
    "unique-id",
];

/// Calls the built-in `name`; `None` when there is none of that name.
pub fn call(name: &str, positional: &[Value], named: &[(String, Value)]) -> Out {
    if NOT_YET.contains(&name.replace('_', "-").as_str()) {
        return Err(format!("{name}() is not in hyde's Sass evaluator yet"));
    }
    let a = Args {
        name,
        positional,
        named,
    };
    let v = match name.replace('_', "-").as_str() {
        // numbers
        "percentage" => {
            let n = a.number(0, "number")?;
            if !n.units.is_empty() {
                return Err(
                    "argument `$number` of `percentage($number)` must be unitless".to_string(),
                );
            }
            number(n.value * 100.0, "%")
        }
        "round" => with_value(a.number(0, "number")?, sass_round),
        "ceil" => with_value(a.number(0, "number")?, f64::ceil),
        "floor" => with_value(a.number(0, "number")?, f64::floor),
        "abs" => with_value(a.number(0, "number")?, f64::abs),
        "min" | "max" => {
            let mut best: Option<Number> = None;
            for v in positional {
                let Value::Number(n) = v else {
                    return Err(format!("\"{}\" is not a number for `{name}'", v.inspect()));
                };
                best = Some(match best {
                    None => n.clone(),
                    Some(b) => {
                        let less = n.less(&b)?;
                        if less == (name == "min") {
                            n.clone()
                        } else {
                            b
                        }
                    }
                });
            }
            Value::Number(best.ok_or("At least one argument must be passed.")?)
        }
        "unit" => {
            let n = a.number(0, "number")?;
            Value::Str {
                text: n.units.text(),
                quote: Some('"'),
                at: At::default(),
            }
        }
        "unitless" => Value::bool(a.number(0, "number")?.units.is_empty()),
        "comparable" => {
            let (x, y) = (a.number(0, "number1")?, a.number(1, "number2")?);
            let (x, y) = (x.reduced(), y.reduced());
            Value::bool(
                x.units.is_empty()
                    || y.units.is_empty()
                    || y.units.convert_factor(&x.units).is_some(),
            )
        }
        // strings
        "unquote" => match a.get(0, "string")? {
            Value::Str { quote: None, .. } => a.get(0, "string")?.clone(),
            Value::Str { text, .. } => Value::ident(text.clone()),
            other => other.clone(),
        },
        "quote" => match a.get(0, "string")? {
            Value::Str { text, .. } => Value::Str {
                text: text.clone(),
                quote: Some('"'),
                at: At::default(),
            },
            other => Value::Str {
                text: other.to_css(crate::sass::Style::Nested)?,
                quote: Some('"'),
                at: At::default(),
            },
        },
        "str-length" => match a.get(0, "string")? {
            Value::Str { text, .. } => number(text.chars().count() as f64, ""),
            other => return Err(format!("{} is not a string", other.inspect())),
        },
        "to-upper-case" | "to-lower-case" => match a.get(0, "string")? {
            Value::Str { text, quote, .. } => Value::Str {
                text: if name.contains("upper") {
                    text.to_ascii_uppercase()
                } else {
                    text.to_ascii_lowercase()
                },
                quote: *quote,
                at: At::default(),
            },
            other => other.clone(),
        },
        "str-insert" => {
            let (Value::Str { text, quote, .. }, Value::Str { text: ins, .. }) =
                (a.get(0, "string")?, a.get(1, "insert")?)
            else {
                return Err("str-insert() takes two strings".into());
            };
            let index = a.number(2, "index")?.value;
            if index != index.trunc() {
                return Err(format!("$index: {index} is not an int"));
            }
            // libsass's positions: 1-based, negative from the end, past either end the
            // start or the end.
            let len = text.chars().count() as f64;
            let at = if index > 0.0 && index <= len {
                index - 1.0
            } else if index > len {
                len
            } else if index == 0.0 || index.abs() > len {
                0.0
            } else {
                index + len + 1.0
            } as usize;
            let byte = text.char_indices().nth(at).map_or(text.len(), |(b, _)| b);
            let mut out = text.clone();
            out.insert_str(byte, ins);
            Value::Str {
                text: out,
                quote: quote.map(|_| '"'),
                at: At::default(),
            }
        }
        "is-bracketed" => Value::bool(matches!(
            a.get(0, "list")?,
            Value::List {
                bracketed: true,
                ..
            }
        )),
        "str-index" => {
            let (Value::Str { text: hay, .. }, Value::Str { text: needle, .. }) =
                (a.get(0, "string")?, a.get(1, "substring")?)
            else {
                return Err("str-index() takes two strings".into());
            };
            match hay.find(needle.as_str()) {
                Some(byte) => number(hay[..byte].chars().count() as f64 + 1.0, ""),
                None => Value::Null,
            }
        }
        "str-slice" => {
            let Value::Str { text, quote, .. } = a.get(0, "string")? else {
                return Err("str-slice() takes a string".into());
            };
            let len = text.chars().count() as i64;
            let at = |v: f64| -> i64 {
                let v = v as i64;
                if v < 0 { len + v + 1 } else { v }
            };
            let start = at(a.number(1, "start-at")?.value).max(1);
            let end = match a.opt(2, "end-at") {
                Some(Value::Number(n)) => at(n.value).min(len),
                _ => len,
            };
            let piece: String = if end < start {
                String::new()
            } else {
                text.chars()
                    .skip(start as usize - 1)
                    .take((end - start + 1) as usize)
                    .collect()
            };
            Value::Str {
                text: piece,
                quote: *quote,
                at: At::default(),
            }
        }
        "set-nth" => {
            let l = a.get(0, "list")?;
            let mut items = super::expand::items_of(l);
            let i = list_index(
                a.number(1, "n")?.value,
                items.len(),
                "set-nth($list, $n, $value)",
            )?;
            items[i] = a.get(2, "value")?.clone();
            Value::List {
                items: std::rc::Rc::new(items),
                sep: separator_of(l).unwrap_or(Sep::Space),
                bracketed: false,
            }
        }
        "zip" => {
            let lists: Vec<Vec<Value>> = positional.iter().map(super::expand::items_of).collect();
            let n = lists.iter().map(Vec::len).min().unwrap_or(0);
            Value::List {
                items: (0..n)
                    .map(|i| Value::List {
                        items: lists
                            .iter()
                            .map(|l| l[i].clone())
                            .collect::<Vec<_>>()
                            .into(),
                        sep: Sep::Space,
                        bracketed: false,
                    })
                    .collect::<Vec<_>>()
                    .into(),
                sep: Sep::Comma,
                bracketed: false,
            }
        }
        "inspect" => Value::ident(a.get(0, "value")?.inspect()),
        "type-of" => Value::ident(a.get(0, "value")?.type_name()),
        // lists
        "length" => number(super::expand::items_of(a.get(0, "list")?).len() as f64, ""),
        "nth" => {
            let items = super::expand::items_of(a.get(0, "list")?);
            let i = list_index(a.number(1, "n")?.value, items.len(), "nth($list, $n)")?;
            items[i].clone()
        }
        "join" => {
            let (l1, l2) = (a.get(0, "list1")?, a.get(1, "list2")?);
            let mut items = super::expand::items_of(l1);
            items.extend(super::expand::items_of(l2));
            let sep = separator_arg(&a)
                .or_else(|| separator_of(l1))
                .or_else(|| separator_of(l2))
                .unwrap_or(Sep::Space);
            Value::List {
                items: std::rc::Rc::new(items),
                sep,
                bracketed: false,
            }
        }
        "append" => {
            let l = a.get(0, "list")?;
            let mut items = super::expand::items_of(l);
            items.push(a.get(1, "val")?.clone());
            let sep = separator_arg(&a)
                .or_else(|| separator_of(l))
                .unwrap_or(Sep::Space);
            Value::List {
                items: std::rc::Rc::new(items),
                sep,
                bracketed: false,
            }
        }
        "index" => {
            let items = super::expand::items_of(a.get(0, "list")?);
            let v = a.get(1, "value")?;
            match items.iter().position(|x| value::equals(x, v)) {
                Some(i) => number(i as f64 + 1.0, ""),
                None => Value::Null,
            }
        }
        "list-separator" => Value::ident(match separator_of(a.get(0, "list")?) {
            Some(Sep::Comma) => "comma",
            _ => "space",
        }),
        // maps
        "map-get" => {
            let (m, k) = (a.get(0, "map")?, a.get(1, "key")?);
            map_entries(m, name)?
                .iter()
                .find(|(k2, _)| value::equals(k, k2))
                .map_or(Value::Null, |(_, v)| v.clone())
        }
        "map-has-key" => {
            let (m, k) = (a.get(0, "map")?, a.get(1, "key")?);
            Value::bool(
                map_entries(m, name)?
                    .iter()
                    .any(|(k2, _)| value::equals(k, k2)),
            )
        }
        "map-keys" | "map-values" => {
            let entries = map_entries(a.get(0, "map")?, name)?;
            Value::List {
                items: std::rc::Rc::new(
                    entries
                        .into_iter()
                        .map(|(k, v)| if name.ends_with("keys") { k } else { v })
                        .collect(),
                ),
                sep: Sep::Comma,
                bracketed: false,
            }
        }
        "map-merge" => {
            let mut out = map_entries(a.get(0, "map1")?, name)?;
            for (k, v) in map_entries(a.get(1, "map2")?, name)? {
                match out.iter_mut().find(|(k2, _)| value::equals(&k, k2)) {
                    Some(slot) => slot.1 = v,
                    None => out.push((k, v)),
                }
            }
            Value::Map(std::rc::Rc::new(out))
        }
        "map-remove" => {
            let mut out = map_entries(a.get(0, "map")?, name)?;
            let keys = &positional[1.min(positional.len())..];
            out.retain(|(k, _)| !keys.iter().any(|x| value::equals(x, k)));
            Value::Map(std::rc::Rc::new(out))
        }
        // colours
        "rgba" | "rgb" => return rgb(&a).map(Some),
        "red" | "green" | "blue" => {
            let c = a.color(0, "color")?;
            let i = ["red", "green", "blue"]
                .iter()
                .position(|n| *n == name)
                .unwrap_or(0);
            // Unrounded, as an HSL colour's conversion gives it.
            number(c.rgba[i], "")
        }
        "alpha" | "opacity" => number(a.color(0, "color")?.rgba[3], ""),
        "lighten" | "darken" => {
            let c = a.color(0, "color")?;
            let amount = a.number(1, "amount")?.value;
            let [h, s, l] = hsl(&c);
            let l = if name == "lighten" {
                l + amount
            } else {
                l - amount
            };
            from_hsl(h, s, l.clamp(0.0, 100.0), c.rgba[3])
        }
        "transparentize" | "fade-out" | "opacify" | "fade-in" => {
            let mut c = a.color(0, "color")?;
            let amount = a.number(1, "amount")?.value;
            let sign = if matches!(name, "opacify" | "fade-in") {
                1.0
            } else {
                -1.0
            };
            c.rgba[3] = (c.rgba[3] + sign * amount).clamp(0.0, 1.0);
            c.disp.clear();
            c.delayed = false;
            Value::Color(c)
        }
        "mix" => {
            let (c1, c2) = (a.color(0, "color1")?, a.color(1, "color2")?);
            let w = a.opt(2, "weight").and_then(|v| match v {
                Value::Number(n) => Some(n.value),
                _ => None,
            });
            colormix(&c1, &c2, w.unwrap_or(50.0))
        }
        "adjust-color" | "scale-color" | "change-color" => return adjust(name, &a).map(Some),
        "hue" => number(hsl(&a.color(0, "color")?)[0], "deg"),
        "saturation" => number(hsl(&a.color(0, "color")?)[1], "%"),
        "lightness" => number(hsl(&a.color(0, "color")?)[2], "%"),
        "adjust-hue" => {
            let c = a.color(0, "color")?;
            let degrees = a.number(1, "degrees")?.value;
            with_hsl(&c, |[h, s, l]| [absmod(h + degrees, 360.0), s, l])
        }
        "complement" => with_hsl(&a.color(0, "color")?, |[h, s, l]| {
            [absmod(h - 180.0, 360.0), s, l]
        }),
        // A number: the CSS filter function of that name.
        "saturate" if !matches!(a.opt(1, "amount"), Some(Value::Number(_))) => {
            let arg = a.get(0, "color")?.to_css(crate::sass::Style::Nested)?;
            Value::ident(format!("saturate({arg})"))
        }
        "grayscale" if matches!(a.opt(0, "color"), Some(Value::Number(_))) => {
            let arg = a.get(0, "color")?.to_css(crate::sass::Style::Nested)?;
            Value::ident(format!("grayscale({arg})"))
        }
        "saturate" | "desaturate" => {
            let c = a.color(0, "color")?;
            let amount = a.number(1, "amount")?.value;
            let sign = if name == "saturate" { 1.0 } else { -1.0 };
            with_hsl(&c, |[h, s, l]| {
                [h, (s + sign * amount).clamp(0.0, 100.0), l]
            })
        }
        "grayscale" => with_hsl(&a.color(0, "color")?, |[h, _, l]| [h, 0.0, l]),
        "invert" => {
            let weight = match a.opt(1, "weight") {
                Some(Value::Number(n)) => n.value,
                _ => 100.0,
            };
            if let Some(Value::Number(n)) = a.opt(0, "color") {
                if weight < 100.0 {
                    return Err(
                        "Only one argument may be passed to the plain-CSS invert() function."
                            .into(),
                    );
                }
                let arg = Value::Number(n.clone()).to_css(crate::sass::Style::Nested)?;
                Value::ident(format!("invert({arg})"))
            } else {
                let c = a.color(0, "color")?;
                let mut inverse = c.clone();
                for k in 0..3 {
                    inverse.rgba[k] = (255.0 - c.rgba[k]).clamp(0.0, 255.0);
                }
                colormix(&inverse, &c, weight)
            }
        }
        "ie-hex-str" => {
            let c = a.color(0, "color")?;
            let byte = |v: f64, max: f64| sass_round(v.clamp(0.0, max)) as u64;
            // libsass's `String_Quoted` of text without quotes is unquoted.
            Value::ident(format!(
                "#{:02X}{:02X}{:02X}{:02X}",
                byte(c.rgba[3] * 255.0, 255.0),
                byte(c.rgba[0], 255.0),
                byte(c.rgba[1], 255.0),
                byte(c.rgba[2], 255.0)
            ))
        }
        "hsl" | "hsla" => {
            let params: &[&str] = if name == "hsl" {
                &["hue", "saturation", "lightness"]
            } else {
                &["hue", "saturation", "lightness", "alpha"]
            };
            let args: Vec<&Value> = params
                .iter()
                .enumerate()
                .map(|(i, p)| a.get(i, p))
                .collect::<Result<_, _>>()?;
            // A string among them (`var(--h)`): the CSS function, written out.
            if args.iter().any(|v| matches!(v, Value::Str { .. })) {
                let parts: Vec<String> = args
                    .iter()
                    .map(|v| v.to_css(crate::sass::Style::Nested))
                    .collect::<Result<_, _>>()?;
                Value::ident(format!("{name}({})", parts.join(", ")))
            } else {
                let n = |i: usize| a.number(i, params[i]).map(|n| n.value);
                let alpha = if name == "hsla" { n(3)? } else { 1.0 };
                // libsass's HSL colour keeps the hue within a turn and the percentages
                // within 0–100 as it is made (its setters, used by the other functions, do
                // not).
                let pct = |v: f64| v.clamp(0.0, 100.0);
                from_hsl(absmod(n(0)?, 360.0), pct(n(1)?), pct(n(2)?), alpha)
            }
        }
        _ => return Ok(None),
    };
    // Where libsass's value was made: a colour function's value is a copy of its colour
    // (`copyAsHSLA`), some functions give an argument back, the others make a new value at
    // the call (the caller puts it there).
    Ok(Some(match name {
        "lighten" | "darken" | "transparentize" | "fade-out" | "opacify" | "fade-in"
        | "adjust-hue" | "complement" | "desaturate" | "grayscale" | "adjust-color"
        | "scale-color" | "change-color"
            if matches!(v, Value::Color(_)) =>
        {
            let at = a.opt(0, "color").and_then(Value::span);
            v.at(at)
        }
        "saturate" if matches!(v, Value::Color(_)) => {
            let at = a.opt(0, "color").and_then(Value::span);
            v.at(at)
        }
        "min" | "max" | "map-get" | "nth" | "unquote" => v,
        _ => v.at(None),
    }))
}

/// Whether `name` is a built-in function (`function-exists`).
pub fn exists(name: &str) -> bool {
    let probe = [Value::Null, Value::Null, Value::Null, Value::Null];
    // Unknown names answer `Ok(None)`; known ones an error or a value.
    !matches!(call(name, &probe, &[]), Ok(None))
}

fn with_value(mut n: Number, f: impl Fn(f64) -> f64) -> Value {
    n.value = f(n.value);
    n.zero = true;
    Value::Number(n)
}

/// `$separator` of `join` and `append`: `comma` or `space` (else the lists decide).
fn separator_arg(a: &Args) -> Option<Sep> {
    match a.opt(2, "separator") {
        Some(Value::Str { text, .. }) if text == "comma" => Some(Sep::Comma),
        Some(Value::Str { text, .. }) if text == "space" => Some(Sep::Space),
        _ => None,
    }
}

/// The 0-based index of Sass's `$n` (1-based, negative from the end) in a list of `len`.
fn list_index(n: f64, len: usize, call: &str) -> Result<usize, String> {
    let len = len as f64;
    if n == 0.0 || n.is_nan() || n.abs() > len {
        return Err(format!(
            "index {} out of bounds for `{call}`",
            value::format_number(n, false)
        ));
    }
    Ok(if n < 0.0 { len + n } else { n - 1.0 } as usize)
}

fn separator_of(v: &Value) -> Option<Sep> {
    match v {
        Value::List { items, sep, .. } if items.len() > 1 || *sep == Sep::Comma => Some(*sep),
        Value::Map(_) => Some(Sep::Comma),
        _ => None,
    }
}

fn map_entries(v: &Value, f: &str) -> Result<Vec<(Value, Value)>, String> {
    match v {
        Value::Map(e) => Ok(e.to_vec()),
        Value::List { items, .. } if items.is_empty() => Ok(Vec::new()),
        other => Err(format!(
            "argument `$map` of `{f}($map)` must be a map: {}",
            other.inspect()
        )),
    }
}

/// `rgb($r, $g, $b)`, `rgba($r, $g, $b, $a)`, `rgba($color, $alpha)`.
fn rgb(a: &Args) -> Result<Value, String> {
    if let (Ok(Value::Color(c)), Ok(Value::Number(alpha))) = (a.get(0, "color"), a.get(1, "alpha"))
        && a.positional.len() + a.named.len() == 2
    {
        // libsass's `toRGBA` copy: an HSL colour becomes RGB.
        let mut c = c.clone();
        c.rgba[3] = alpha.value.clamp(0.0, 1.0);
        c.disp.clear();
        c.delayed = false;
        c.hsl = None;
        return Ok(Value::Color(c));
    }
    let channel = |i: usize, p: &str| -> Result<f64, String> {
        let n = a.number(i, p)?;
        Ok(if n.units.text() == "%" {
            (n.value * 255.0 / 100.0).clamp(0.0, 255.0)
        } else {
            n.value.clamp(0.0, 255.0)
        })
    };
    let alpha = match a.opt(3, "alpha") {
        Some(Value::Number(n)) => n.value.clamp(0.0, 1.0),
        _ => 1.0,
    };
    Ok(Value::Color(Color {
        rgba: [
            channel(0, "red")?,
            channel(1, "green")?,
            channel(2, "blue")?,
            alpha,
        ],
        disp: String::new(),
        delayed: false,
        hsl: None,
        at: At::default(),
    }))
}

/// Hue (degrees), saturation and lightness (percent) of a colour, as libsass computes them.
fn hsl(c: &Color) -> [f64; 3] {
    c.hsl
        .unwrap_or_else(|| crate::sass::colour::rgb_to_hsl([c.rgba[0], c.rgba[1], c.rgba[2]]))
}

/// `adjust-color`, `scale-color` and `change-color`: RGB channels, or HSL ones (not
/// both), and the alpha, each added to, scaled towards its end by a percentage, or set.
/// The value is a copy of the colour, made where the colour was (libsass's
/// `copyAsRGBA`/`copyAsHSLA`).
fn adjust(name: &str, a: &Args) -> Result<Value, String> {
    let c = a.color(0, "color")?;
    let params = [
        "red",
        "green",
        "blue",
        "hue",
        "saturation",
        "lightness",
        "alpha",
    ];
    let mut given = [None; 7];
    for (i, p) in params.iter().enumerate() {
        if let Some(Value::Number(n)) = a.opt(i + 1, p) {
            given[i] = Some(n.value);
        }
    }
    let (rgb, hsl_given) = (
        given[..3].iter().any(Option::is_some),
        given[3..6].iter().any(Option::is_some),
    );
    if rgb && hsl_given {
        return Err(format!(
            "Cannot specify HSL and RGB values for a color at the same time for `{name}'"
        ));
    }
    if !rgb && !hsl_given && given[6].is_none() {
        return Err(format!("not enough arguments for `{name}'"));
    }
    // libsass's argument ranges: adjusting takes -max..max, scaling -100%..100%,
    // changing 0..max.
    let check = |i: usize, max: f64| -> Result<Option<f64>, String> {
        let Some(v) = given[i] else { return Ok(None) };
        let (lo, hi) = match name {
            "adjust-color" => (-max, max),
            "scale-color" => (-100.0, 100.0),
            _ => (0.0, max),
        };
        if i != 3 && !(lo..=hi).contains(&v) {
            return Err(format!(
                "argument `${}` of `{name}` must be between {lo} and {hi}",
                params[i]
            ));
        }
        Ok(Some(v))
    };
    let step = |old: f64, v: Option<f64>, end: f64| match (name, v) {
        (_, None) => old,
        ("adjust-color", Some(v)) => old + v,
        ("scale-color", Some(v)) => {
            let scale = v / 100.0;
            old + scale * if scale > 0.0 { end - old } else { old }
        }
        (_, Some(v)) => v,
    };
    let alpha = step(c.rgba[3], check(6, 1.0)?, 1.0);
    let mut out = c.clone();
    out.disp.clear();
    out.delayed = false;
    if rgb {
        for k in 0..3 {
            out.rgba[k] = step(c.rgba[k], check(k, 255.0)?, 255.0);
        }
        out.rgba[3] = alpha;
        out.hsl = None;
    } else if hsl_given {
        let [h, s, l] = hsl(&c);
        let hue = given[3].map(|v| absmod(v, 360.0));
        let h = match name {
            "adjust-color" => h + hue.unwrap_or(0.0),
            "change-color" => hue.unwrap_or(h),
            _ => step(h, check(3, 360.0)?, 360.0),
        };
        let (s, l) = (
            step(s, check(4, 100.0)?, 100.0),
            step(l, check(5, 100.0)?, 100.0),
        );
        let [r, g, b] = crate::sass::colour::hsl_to_rgb([h, s, l]);
        out.rgba = [r, g, b, alpha];
        out.hsl = Some([h, s, l]);
    } else {
        out.rgba[3] = alpha.clamp(0.0, 1.0);
    }
    Ok(Value::Color(out))
}

/// The colour with its hue, saturation and lightness changed by `f` (alpha kept).
fn with_hsl(c: &Color, f: impl Fn([f64; 3]) -> [f64; 3]) -> Value {
    let [h, s, l] = f(hsl(c));
    from_hsl(h, s, l, c.rgba[3])
}

/// libsass's `absmod`: the remainder, made positive.
fn absmod(n: f64, r: f64) -> f64 {
    let m = n % r;
    if m < 0.0 { m + r } else { m }
}

/// libsass's `colormix`: `c1` and `c2` mixed, `weight` percent of the first.
fn colormix(c1: &Color, c2: &Color, weight: f64) -> Value {
    let (w1, w2, p) = crate::sass::colour::mix_weights(weight, c1.rgba[3], c2.rgba[3]);
    let ch = |k: usize| sass_round(w1 * c1.rgba[k] + w2 * c2.rgba[k]);
    Value::Color(Color {
        rgba: [ch(0), ch(1), ch(2), c1.rgba[3] * p + c2.rgba[3] * (1.0 - p)],
        disp: String::new(),
        delayed: false,
        hsl: None,
        at: At::default(),
    })
}

/// A colour from hue, saturation and lightness, as libsass converts it.
fn from_hsl(h: f64, s: f64, l: f64, alpha: f64) -> Value {
    let [r, g, b] = crate::sass::colour::hsl_to_rgb([h, s, l]);
    Value::Color(Color {
        rgba: [r, g, b, alpha],
        disp: String::new(),
        delayed: false,
        hsl: Some([h, s, l]),
        at: At::default(),
    })
}
