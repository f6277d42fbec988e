//! Rouge's `css` lexer: selectors at the top level, `name: value` pairs inside braces, and
//! at-rules whose braces hold either declarations or nested rules. Its oddities stay: a
//! double-quoted string is `Str.Single` and a single-quoted one `Str.Double`, and an
//! unclosed comment is an operator.

use super::css_words::{ATTRIBUTES, BUILTINS, CONSTANTS, VENDOR_PREFIXES};
use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, Tokens, drive, emit, is_alpha, is_space, is_uword, is_word_cf,
    line_len, one_of, span, span1,
};
use crate::highlight::token::Token::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    AtRule,
    AtBody,
    AtStanza,
    Stanza,
    StanzaValue,
}

/// The CSS lexer's state stack.
pub(crate) struct Css {
    stack: Vec<State>,
    comment_end: Ahead,
    url_end: Ahead,
}

impl Css {
    /// A CSS lexer at the start of its input.
    pub(crate) fn new() -> Css {
        Css {
            stack: vec![State::Root],
            comment_end: Ahead::default(),
            url_end: Ahead::default(),
        }
    }

    fn push(&mut self, s: State) {
        self.stack.push(s);
    }

    fn pop(&mut self, n: usize) {
        let keep = self.stack.len().saturating_sub(n).max(1);
        self.stack.truncate(keep);
    }
}

impl Lex for Css {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        self.comment_end = Ahead::default();
        self.url_end = Ahead::default();
        drive(self, src, out);
    }
}

/// `[\p{L}_-][\p{Word}\p{Cf}-]*`: a CSS identifier.
pub(crate) fn ident(r: &str) -> Option<usize> {
    let first = r.chars().next()?;
    if !(is_alpha(first) || first == '_' || first == '-') {
        return None;
    }
    let n = first.len_utf8();
    Some(n + span(&r[n..], |c| is_word_cf(c) || c == '-'))
}

/// `"(\\\\|\\"|[^"])*"` (or with `'`): a quoted string. The star stops at the first quote
/// not taken by an escape; when none closes, Onigmo backtracks into the escapes and the
/// string ends at the last quote there is.
pub(crate) fn quoted(r: &str, q: char) -> Option<usize> {
    let body = r.strip_prefix(q)?;
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            c if c == q as u8 => return Some(1 + i + 1),
            b'\\' if matches!(b.get(i + 1), Some(&c) if c == b'\\' || c == q as u8) => i += 2,
            _ => i += 1,
        }
    }
    body.rfind(q).map(|i| 1 + i + 1)
}

/// `-?(?:[0-9]+(\.[0-9]+)?|\.[0-9]+)`: a number's length.
pub(crate) fn number(r: &str) -> Option<usize> {
    let sign = usize::from(r.starts_with('-'));
    let digits = |s: &str| span(s, |c| c.is_ascii_digit());
    let s = &r[sign..];
    let d = digits(s);
    let n = if d > 0 {
        match s[d..].strip_prefix('.').map(digits) {
            Some(f) if f > 0 => d + 1 + f,
            _ => d,
        }
    } else {
        let f = digits(s.strip_prefix('.')?);
        if f == 0 {
            return None;
        }
        1 + f
    };
    Some(sign + n)
}

const UNITS: &[&str] = &[
    "em", "px", "pt", "pc", "in", "mm", "cm", "ex", "rem", "ch", "vw", "vh", "vmin", "vmax", "dpi",
    "dpcm", "dppx", "deg", "grad", "rad", "turn", "s", "ms", "Hz", "kHz",
];

/// A number with its unit: `%`, or the first unit in Rouge's order followed by `\b`.
pub(crate) fn dimension(r: &str) -> Option<usize> {
    let n = number(r)?;
    let rest = &r[n..];
    if rest.starts_with('%') {
        return Some(n + 1);
    }
    let unit = UNITS
        .iter()
        .find(|u| rest.starts_with(*u) && !rest[u.len()..].chars().next().is_some_and(is_uword));
    Some(n + unit.map_or(0, |u| u.len()))
}

/// `#[0-9a-f]{1,6}` (any case): a colour.
pub(crate) fn hex_color(r: &str) -> Option<usize> {
    let rest = r.strip_prefix('#')?;
    let n = rest
        .bytes()
        .take(6)
        .take_while(u8::is_ascii_hexdigit)
        .count();
    (n > 0).then_some(1 + n)
}

/// The token of a property name: a label when Rouge knows it or it has a vendor prefix.
pub(crate) fn property_token(name: &str) -> crate::highlight::token::Token {
    if ATTRIBUTES.binary_search(&name).is_ok()
        || VENDOR_PREFIXES.iter().any(|p| name.starts_with(p))
    {
        NameLabel
    } else {
        NameProperty
    }
}

/// The token of a value identifier: a colour name, a keyword, or a plain name.
pub(crate) fn value_token(name: &str) -> crate::highlight::token::Token {
    if CONSTANTS.binary_search(&name).is_ok() {
        NameConstant
    } else if BUILTINS.binary_search(&name).is_ok() {
        NameBuiltin
    } else {
        Name
    }
}

impl Css {
    /// `basics`: whitespace and comments.
    fn basics(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        if r.starts_with("/*") {
            let body = Cursor {
                src: c.src,
                pos: c.pos + 2,
            };
            if let Some(e) = self.comment_end.find(body, |s| s.find("*/")) {
                return emit(out, Comment, r, 2 + e + 2);
            }
        }
        None
    }

    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = self.basics(c, out) {
            return Some(n);
        }
        if r.starts_with('{') {
            self.push(State::Stanza);
            return emit(out, Punctuation, r, 1);
        }
        if let Some(rest) = r.strip_prefix(':') {
            let colons = if rest.starts_with(':') { 2 } else { 1 };
            if let Some(n) = ident(&r[colons..]) {
                return emit(out, NameDecorator, r, colons + n);
            }
        }
        for (sigil, tok) in [('.', NameClass), ('#', NameFunction), ('@', Keyword)] {
            if let Some(n) = r.strip_prefix(sigil).and_then(ident) {
                if sigil == '@' {
                    self.push(State::AtRule);
                }
                return emit(out, tok, r, 1 + n);
            }
        }
        if let Some(n) = ident(r) {
            return emit(out, NameTag, r, n);
        }
        if let Some(n) = one_of(r, "~^*!%&[]()<>|+=@:;,./?-") {
            return emit(out, Operator, r, n);
        }
        self.strings(r, out)
    }

    fn strings(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = quoted(r, '"') {
            return emit(out, StrSingle, r, n);
        }
        quoted(r, '\'').and_then(|n| emit(out, StrDouble, r, n))
    }

    fn value(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = self.basics(c, out) {
            return Some(n);
        }
        if r.starts_with("url(")
            && let Some(close) = self.url_end.find(c, |s| s.find([')', '\n']))
            && r[close..].starts_with(')')
        {
            return emit(out, StrOther, r, close + 1);
        }
        if let Some(n) = hex_color(r).or_else(|| dimension(r)) {
            return emit(out, Num, r, n);
        }
        if let Some(n) = one_of(r, "[]():/.,") {
            return emit(out, Punctuation, r, n);
        }
        if let Some(n) = self.strings(r, out) {
            return Some(n);
        }
        let n = ident(r)?;
        emit(out, value_token(&r[..n]), r, n)
    }

    fn stanza(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = self.basics(c, out) {
            return Some(n);
        }
        if r.starts_with('}') {
            self.pop(1);
            return emit(out, Punctuation, r, 1);
        }
        let id = ident(r)?;
        let sp = span(&r[id..], is_space);
        if !r[id + sp..].starts_with(':') {
            return None;
        }
        out.push(property_token(&r[..id]), &r[..id]);
        out.push(Text, &r[id..id + sp]);
        out.push(Punctuation, ":");
        self.push(State::StanzaValue);
        Some(id + sp + 1)
    }

    /// `}` in an at-rule's body closes the body and the at-rule.
    fn at_content(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if r.starts_with('}') {
            self.pop(2);
            return emit(out, Punctuation, r, 1);
        }
        None
    }
}

/// `!\s*important\b`.
fn important(r: &str) -> Option<usize> {
    let sp = span(r.strip_prefix('!')?, is_space);
    let rest = &r[1 + sp..];
    (rest.starts_with("important") && !rest[9..].chars().next().is_some_and(is_uword))
        .then_some(1 + sp + 9)
}

impl Rules for Css {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(c, out),
            State::AtRule => {
                if let Some(body) = r.strip_prefix('{') {
                    // `{(?=\s*ident\s*:)`: a body of declarations rather than of rules.
                    let sp = span(body, is_space);
                    let decl = ident(&body[sp..]).is_some_and(|id| {
                        let after = &body[sp + id..];
                        after[span(after, is_space)..].starts_with(':')
                    });
                    self.push(if decl { State::AtStanza } else { State::AtBody });
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with(';') {
                    self.pop(1);
                    return emit(out, Punctuation, r, 1);
                }
                self.value(c, out)
            }
            State::AtBody => self.at_content(r, out).or_else(|| self.root(c, out)),
            State::AtStanza => self.at_content(r, out).or_else(|| self.stanza(c, out)),
            State::Stanza => self.stanza(c, out),
            State::StanzaValue => {
                if r.starts_with(';') {
                    self.pop(1);
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with('}') {
                    self.pop(1);
                    return Some(0);
                }
                if let Some(n) = important(r) {
                    return emit(out, CommentPreproc, r, n);
                }
                if c.bol() && r.starts_with('@') {
                    return emit(out, CommentPreproc, r, line_len(r));
                }
                self.value(c, out)
            }
        }
    }
}
