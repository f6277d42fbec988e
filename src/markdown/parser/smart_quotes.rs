//! Smart quotes: kramdown's RubyPants-derived rules (`SQ_RULES`), tried in order at the
//! current position, which may be the character before the quote.

use super::{Parser, add_text};
use crate::markdown::element::{Element, Kind};
use crate::markdown::scan::{self, char_at, is_space};

/// SmartyPants' punctuation class `SQ_PUNCT`.
fn is_sq_punct(c: char) -> bool {
    "!\"#$%'()*+,-./:;<=>?@[\\]^_`{|}~".contains(c)
}

/// `SQ_CLOSE` = `[^\ \\\t\r\n\[{(-]`.
fn is_sq_close(c: char) -> bool {
    !matches!(c, ' ' | '\\' | '\t' | '\r' | '\n' | '[' | '{' | '(' | '-')
}

fn is_ws_char(c: char) -> bool {
    c.is_ascii() && is_space(c as u8)
}

fn is_quote(c: char) -> bool {
    c == '"' || c == '\''
}

/// `\w` (ASCII).
fn is_w(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Parser<'_> {
    pub(super) fn parse_smart_quotes(&mut self, el: &mut Element) {
        let s = self.span.src.clone();
        let p = self.span.pos;
        let (prefix_len, quotes, end) = match_rules(&s, p);
        self.span.pos = end;
        let tt = self.span.text_type;
        if prefix_len > 0 {
            add_text(el, &s[p..p + prefix_len], tt);
        }
        for q in quotes {
            el.children.push(Element::with_value(Kind::SmartQuote, q));
        }
    }
}

/// Finds the first rule that matches at `p`: (length of the text before the quotes, the quote
/// entity names, end of the match).
fn match_rules(s: &str, p: usize) -> (usize, Vec<&'static str>, usize) {
    let c0 = char_at(s, p).expect("a character at the start position");
    let l0 = c0.len_utf8();
    let c1 = char_at(s, p + l0);
    let q_name = |q: char, left: bool| match (q, left) {
        ('"', true) => "ldquo",
        ('"', false) => "rdquo",
        (_, true) => "lsquo",
        (_, false) => "rsquo",
    };

    if is_quote(c0) {
        // 1: ("|')(?=[_*]{1,2}\S)
        if let Some(x) = c1
            && (x == '_' || x == '*')
            && let Some(y) = char_at(s, p + 2)
            && !is_ws_char(y)
        {
            return (0, vec![q_name(c0, true)], p + 1);
        }
        // 2: ("|')(?=SQ_PUNCT(?!\.\.)\B)
        if let Some(x) = c1.filter(|&x| is_sq_punct(x)) {
            let after = p + 1 + x.len_utf8();
            if !s[after..].starts_with("..") && !scan::word_boundary(s, after) {
                return (0, vec![q_name(c0, false)], p + 1);
            }
        }
    }
    // 3, 4: (\s?)"'(?=\w) and (\s?)'"(?=\w)
    let ws_len = if is_ws_char(c0) { 1 } else { 0 };
    for (a, b, names) in [
        ('"', '\'', ["ldquo", "lsquo"]),
        ('\'', '"', ["lsquo", "ldquo"]),
    ] {
        for lead in [ws_len, 0] {
            let q = p + lead;
            if char_at(s, q) == Some(a) && char_at(s, q + 1) == Some(b) && is_w(char_at(s, q + 2)) {
                return (lead, names.to_vec(), q + 2);
            }
            if ws_len == 0 {
                break;
            }
        }
    }
    // 5: (\s?)'(?=\d\ds)
    for lead in [ws_len, 0] {
        let q = p + lead;
        let bytes = s.as_bytes();
        if bytes.get(q) == Some(&b'\'')
            && bytes.get(q + 1).is_some_and(u8::is_ascii_digit)
            && bytes.get(q + 2).is_some_and(u8::is_ascii_digit)
            && bytes.get(q + 3) == Some(&b's')
        {
            return (lead, vec!["rsquo"], q + 1);
        }
        if ws_len == 0 {
            break;
        }
    }
    // 6: (\s)('|")(?=\w)
    if ws_len == 1
        && let Some(q) = c1.filter(|&q| is_quote(q))
        && is_w(char_at(s, p + 2))
    {
        return (1, vec![q_name(q, true)], p + 2);
    }
    // 7: (SQ_CLOSE)('|")
    if is_sq_close(c0)
        && let Some(q) = c1.filter(|&q| is_quote(q))
    {
        return (l0, vec![q_name(q, false)], p + l0 + 1);
    }
    // 8: ("|')(?=\s|s\b|$)
    if is_quote(c0) {
        let after = p + 1;
        let next = char_at(s, after);
        let s_b = next == Some('s') && scan::word_boundary(s, after + 1);
        if next.is_none_or(is_ws_char) || s_b {
            return (0, vec![q_name(c0, false)], p + 1);
        }
    }
    // 9, 10: (.?)' and (.?)"  (the dot also matches a newline)
    for (q, name) in [('\'', "lsquo"), ('"', "ldquo")] {
        // `.?` is greedy: it takes the character at `p` when the quote follows it.
        if c1 == Some(q) {
            return (l0, vec![name], p + l0 + 1);
        }
        if c0 == q {
            return (0, vec![name], p + 1);
        }
    }
    // SMART_QUOTES_RE guarantees a quote at p or p+1; the last rules always match then.
    (l0, vec!["ldquo"], p + l0 + 1)
}
