//! kramdown's HTML escaping and entity output (`Kramdown::Utils::Html`).

use crate::markdown::entity_table::{self, Entity};
use crate::markdown::options::EntityOutput;
use crate::markdown::scan;

/// What `escape_html` escapes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escape {
    /// `<`, `>`, `&` everywhere (code).
    All,
    /// `<`, `>`, `&`, leaving existing entity references alone.
    Text,
    /// As `Text`, and `"` too.
    Attribute,
}

/// REXML's `REFERENCE_RE` = `&(?:([\w:][\-\w\.:]*);|#\d+;|#x[0-9a-fA-F]+;)` at `i`.
fn reference_len(b: &[u8], i: usize) -> Option<usize> {
    let j = i + 1;
    let c = *b.get(j)?;
    if scan::is_word_byte(c) || c == b':' {
        let mut k = j + 1;
        while k < b.len() && (scan::is_word_byte(b[k]) || matches!(b[k], b'-' | b'.' | b':')) {
            k += 1;
        }
        return (b.get(k) == Some(&b';')).then_some(k + 1 - i);
    }
    if c == b'#' {
        if b.get(j + 1) == Some(&b'x') {
            let mut k = j + 2;
            while k < b.len() && b[k].is_ascii_hexdigit() {
                k += 1;
            }
            if k > j + 2 && b.get(k) == Some(&b';') {
                return Some(k + 1 - i);
            }
        }
        let mut k = j + 1;
        while k < b.len() && b[k].is_ascii_digit() {
            k += 1;
        }
        if k > j + 1 && b.get(k) == Some(&b';') {
            return Some(k + 1 - i);
        }
    }
    None
}

/// kramdown's `escape_html`.
pub(crate) fn escape_html(s: &str, kind: Escape) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_html_into(s, kind, &mut out);
    out
}

/// [`escape_html`], appending to `out`.
pub(crate) fn escape_html_into(s: &str, kind: Escape, out: &mut String) {
    let b = s.as_bytes();
    let mut last = 0;
    let mut i = 0;
    // Text is mostly plain: jump to the next byte that may need escaping.
    let next = |from: usize| -> usize {
        let rest = &b[from..];
        let found = if kind == Escape::Attribute {
            rest.iter()
                .position(|&c| matches!(c, b'<' | b'>' | b'&' | b'"'))
        } else {
            memchr::memchr3(b'<', b'>', b'&', rest)
        };
        found.map_or(b.len(), |k| from + k)
    };
    while i < b.len() {
        i = next(i);
        if i >= b.len() {
            break;
        }
        let rep = match b[i] {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if kind == Escape::Attribute => "&quot;",
            b'&' => {
                if kind != Escape::All
                    && let Some(n) = reference_len(b, i)
                {
                    i += n;
                    continue;
                }
                "&amp;"
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        i += 1;
        last = i;
    }
    out.push_str(&s[last..]);
}

/// kramdown's `entity_to_str`.
pub(crate) fn entity_to_str(e: Entity, original: Option<&str>, mode: EntityOutput) -> String {
    let mut out = String::new();
    entity_into(e, original, mode, &mut out);
    out
}

/// [`entity_to_str`], appending to `out`.
pub(crate) fn entity_into(e: Entity, original: Option<&str>, mode: EntityOutput, out: &mut String) {
    use std::fmt::Write as _;
    let c = char::from_u32(e.code_point);
    let escaped = |c: char| matches!(c, '<' | '>' | '&' | '"');
    if mode == EntityOutput::AsChar
        && let Some(c) = c
        && (c == '"' || !escaped(c))
    {
        out.push(c);
        return;
    }
    if matches!(mode, EntityOutput::AsInput | EntityOutput::AsChar)
        && let Some(o) = original
    {
        out.push_str(o);
        return;
    }
    if (mode == EntityOutput::Symbolic || c.is_some_and(escaped))
        && let Some(name) = e.name
    {
        out.push('&');
        out.push_str(name);
        out.push(';');
        return;
    }
    let _ = write!(out, "&#{};", e.code_point);
}

/// The entity for a name kramdown knows (used for fixed symbols).
pub(crate) fn named(name: &str) -> Entity {
    entity_table::by_name(name).unwrap_or(Entity {
        code_point: 0xFFFD,
        name: None,
    })
}
