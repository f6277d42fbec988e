//! Jekyll's string filters: `slugify`, the escapes, `normalize_whitespace`,
//! `number_of_words`, `array_to_sentence_string`, `to_integer` and the converter filters.

use super::addressable::{Class, normalize_component};
use super::{SassSyntax, as_ruby_str, is_ruby_space, no_method, ruby_downcase, site};
use crate::liquid::Engine;
use crate::liquid::context::Context;
use crate::liquid::error::{Error, Result};
use crate::liquid::expr::ruby_str_to_i;
use crate::value::{DateKind, Value};
use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_script::{Script, UnicodeScript};

pub(super) fn register(e: &mut Engine) {
    e.register_filter("markdownify", markdownify, 0, Some(0));
    e.register_filter("smartify", smartify, 0, Some(0));
    e.register_filter("sassify", sassify, 0, Some(0));
    e.register_filter("scssify", scssify, 0, Some(0));
    e.register_filter("slugify", slugify_filter, 0, Some(1));
    e.register_filter("xml_escape", xml_escape_filter, 0, Some(0));
    e.register_filter("cgi_escape", cgi_escape, 0, Some(0));
    e.register_filter("uri_escape", uri_escape, 0, Some(0));
    e.register_filter("normalize_whitespace", normalize_whitespace, 0, Some(0));
    e.register_filter("number_of_words", number_of_words, 0, Some(1));
    e.register_filter(
        "array_to_sentence_string",
        array_to_sentence_string,
        0,
        Some(1),
    );
    e.register_filter("to_integer", to_integer, 0, Some(0));
}

fn no_site(filter: &str, what: &str) -> Error {
    Error::render(format!(
        "{filter} needs a site with {what}; none is registered in this render context"
    ))
}

fn markdownify(ctx: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    let site = site(ctx).ok_or_else(|| no_site("markdownify", "a Markdown converter"))?;
    Ok(Value::from(site.markdownify(&input.to_ruby_s())?))
}

fn smartify(ctx: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    let site = site(ctx).ok_or_else(|| no_site("smartify", "a SmartyPants converter"))?;
    Ok(Value::from(site.smartify(&input.to_ruby_s())?))
}

fn sassify(ctx: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    let site = site(ctx).ok_or_else(|| no_site("sassify", "a Sass converter"))?;
    Ok(Value::from(
        site.sassify(&input.to_ruby_s(), SassSyntax::Sass)?,
    ))
}

fn scssify(ctx: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    let site = site(ctx).ok_or_else(|| no_site("scssify", "a Sass converter"))?;
    Ok(Value::from(
        site.sassify(&input.to_ruby_s(), SassSyntax::Scss)?,
    ))
}

/// Jekyll's slug modes (`Utils::SLUGIFY_MODES`); any other mode only lowercases.
const SLUGIFY_MODES: [&str; 5] = ["raw", "default", "pretty", "ascii", "latin"];

/// `Utils.slugify(string, mode:, cased:)`, which the build also uses for permalinks.
/// `None` for nil input; an error where Ruby would call a string method on a non-string.
pub fn slugify(input: &Value, mode: Option<&str>, cased: bool) -> Result<Option<String>> {
    if input.is_nil() {
        return Ok(None);
    }
    let mode = mode.unwrap_or("default");
    if !SLUGIFY_MODES.contains(&mode) {
        let s = as_ruby_str(input).ok_or_else(|| no_method("downcase", input))?;
        return Ok(Some(if cased {
            s.to_string()
        } else {
            ruby_downcase(s)
        }));
    }
    let s = as_ruby_str(input).ok_or_else(|| no_method("gsub", input))?;
    let transliterated;
    let s = if mode == "latin" {
        transliterated = super::latin::transliterate(s);
        &transliterated
    } else {
        s
    };
    let keep: fn(char) -> bool = match mode {
        "raw" => |c| !is_ruby_space(c),
        "pretty" => |c| is_slug_letter(c) || "._~!$&'()+,;=@".contains(c),
        "ascii" => |c| c.is_ascii_alphanumeric(),
        _ => is_slug_letter,
    };
    // Each run of characters not kept becomes one hyphen.
    let mut slug = String::with_capacity(s.len());
    let mut in_run = false;
    for c in s.chars() {
        if keep(c) {
            slug.push(c);
            in_run = false;
        } else if !in_run {
            slug.push('-');
            in_run = true;
        }
    }
    // `gsub!(/^-|-$/, "")`: one hyphen off each end (the slug has no newlines left).
    let slug = slug.strip_prefix('-').unwrap_or(&slug);
    let slug = slug.strip_suffix('-').unwrap_or(slug);
    Ok(Some(if cased {
        slug.to_string()
    } else {
        ruby_downcase(slug)
    }))
}

/// `[\p{M}\p{L}\p{Nd}]`: marks, letters and decimal digits.
fn is_slug_letter(c: char) -> bool {
    use GeneralCategory::*;
    matches!(
        get_general_category(c),
        NonspacingMark
            | SpacingMark
            | EnclosingMark
            | UppercaseLetter
            | LowercaseLetter
            | TitlecaseLetter
            | ModifierLetter
            | OtherLetter
            | DecimalNumber
    )
}

fn slugify_filter(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    // `mode ||= "default"`: nil and false pick the default; a non-string mode is no mode.
    let mode = match args.first() {
        None | Some(Value::Nil | Value::Bool(false)) => None,
        Some(Value::Str(s)) => Some(&**s),
        Some(_) => Some(""),
    };
    Ok(slugify(&input, mode, false)?.map_or(Value::Nil, Value::from))
}

/// `input.to_s.encode(xml: :attr)` without the surrounding quotes.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn xml_escape_filter(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    Ok(Value::from(xml_escape(&input.to_ruby_s())))
}

/// `CGI.escape`: everything but `A-Za-z0-9_.-~` percent-encoded, spaces as `+`.
fn cgi_escape(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    let s = as_ruby_str(&input).ok_or_else(|| super::no_string_conversion(&input))?;
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'~') {
            out.push(b as char);
        } else if b == b' ' {
            out.push('+');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Ok(Value::from(out))
}

/// `Addressable::URI.normalize_component(input)`.
fn uri_escape(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    if input.is_nil() {
        return Ok(Value::Nil);
    }
    let s = as_ruby_str(&input).ok_or_else(|| {
        Error::render(format!("Can't convert {} into String.", input.class_name()))
    })?;
    Ok(Value::from(normalize_component(s, Class::Default, "")))
}

/// `input.to_s.gsub(/\s+/, " ").strip`.
fn normalize_whitespace(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    let s = input.to_ruby_s();
    let mut out = String::with_capacity(s.len());
    let mut in_space = false;
    for c in s.chars() {
        if is_ruby_space(c) {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    Ok(Value::from(out.trim_matches([' ', '\0']).to_string()))
}

/// `\p{Han}\p{Katakana}\p{Hiragana}\p{Hangul}` (scripts, as Ruby's regexps use them).
fn is_cjk(c: char) -> bool {
    matches!(
        c.script(),
        Script::Han | Script::Katakana | Script::Hiragana | Script::Hangul
    )
}

/// `number_of_words`: whitespace-separated words; `cjk` counts each CJK character as a word,
/// `auto` does so only when there are CJK characters.
fn number_of_words(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let mode = args.first().and_then(Value::as_str);
    let needs = if matches!(mode, Some("cjk" | "auto")) {
        "scan"
    } else {
        "split"
    };
    let s = as_ruby_str(&input).ok_or_else(|| no_method(needs, &input))?;
    let split_count = || s.split(is_ruby_space).filter(|w| !w.is_empty()).count();
    let cjk_count = || s.chars().filter(|&c| is_cjk(c)).count();
    // `[^cjk\s]+` runs.
    let word_count = || {
        s.split(|c| is_cjk(c) || is_ruby_space(c))
            .filter(|w| !w.is_empty())
            .count()
    };
    let n = match mode {
        Some("cjk") => cjk_count() + word_count(),
        Some("auto") => match cjk_count() {
            0 => split_count(),
            n => n + word_count(),
        },
        _ => split_count(),
    };
    Ok(Value::Int(n as i64))
}

/// Ruby's `Array#join(sep)`: nested arrays joined recursively, nil as "".
fn ruby_join(items: &[Value], sep: &str, out: &mut String) {
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        match v {
            Value::Array(a) => ruby_join(a, sep, out),
            v => out.push_str(&v.to_ruby_s()),
        }
    }
}

/// "a, b, and c": the last two joined by the connector.
fn array_to_sentence_string(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let connector = args
        .first()
        .map_or_else(|| "and".to_string(), Value::to_ruby_s);
    let out = match &input {
        Value::Array(a) => match a.len() {
            0 => String::new(),
            1 => a[0].to_ruby_s(),
            2 => format!("{} {connector} {}", a[0].to_ruby_s(), a[1].to_ruby_s()),
            n => {
                let mut s = String::new();
                ruby_join(&a[..n - 1], ", ", &mut s);
                format!("{s}, {connector} {}", a[n - 1].to_ruby_s())
            }
        },
        // Strings have `length` and `[]` too: up to two characters work, more fail on
        // `String#join`.
        Value::Str(_) | Value::Empty | Value::Blank => {
            let chars: Vec<char> = input.render().chars().collect();
            match chars.len() {
                0 => String::new(),
                1 => chars[0].to_string(),
                2 => format!("{} {connector} {}", chars[0], chars[1]),
                _ => {
                    let head: String = chars[..chars.len() - 1].iter().collect();
                    return Err(no_method("join", &Value::from(head)));
                }
            }
        }
        // A hash's `[0]` is a key lookup that finds nothing.
        Value::Hash(h) => match h.len() {
            0 | 1 => String::new(),
            2 => format!(" {connector} "),
            _ => return Err(no_method("join", &Value::Nil)),
        },
        other => return Err(no_method("length", other)),
    };
    Ok(Value::from(out))
}

/// `to_integer`: booleans to 1/0, everything else through Ruby's `to_i`.
fn to_integer(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    Ok(Value::Int(match &input {
        Value::Bool(b) => i64::from(*b),
        Value::Int(i) => *i,
        Value::Float(f) if f.is_finite() => *f as i64,
        Value::Float(f) => {
            return Err(Error::render(crate::value::format_float(*f)));
        }
        Value::Str(s) => ruby_str_to_i(s),
        Value::Nil | Value::Empty | Value::Blank => 0,
        Value::Date(d) if d.kind == DateKind::Time => d.dt.timestamp(),
        other => return Err(no_method("to_i", other)),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(s: &str, mode: Option<&str>) -> String {
        slugify(&Value::str(s), mode, false).unwrap().unwrap()
    }

    #[test]
    fn slugifies_like_jekyll() {
        assert_eq!(slug("The _config.yml file", None), "the-config-yml-file");
        assert_eq!(
            slug("The _config.yml file", Some("pretty")),
            "the-_config.yml-file"
        );
        assert_eq!(
            slug("The _config.yml file", Some("none")),
            "the _config.yml file"
        );
        assert_eq!(slug("Crème Brûlée", Some("latin")), "creme-brulee");
        assert_eq!(slug("  a  ", Some("raw")), "a");
        assert_eq!(
            slugify(&Value::str("A B"), Some("pretty"), true).unwrap(),
            Some("A-B".to_string())
        );
    }
}
