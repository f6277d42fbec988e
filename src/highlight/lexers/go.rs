//! Rouge's `go` lexer (`golang`): one flat state of literal, operator and name rules plus
//! the two string states; operators are an ordered alternation, so `/=` lexes as `/`, `=`.

use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, StateStack, Tokens, drive, emit, first_of, is_alpha, is_space,
    is_uword, line_len, span, span1,
};
use crate::highlight::token::Token::*;

const KEYWORDS: &[&str] = &[
    "break",
    "default",
    "func",
    "interface",
    "select",
    "case",
    "defer",
    "go",
    "map",
    "struct",
    "chan",
    "else",
    "goto",
    "package",
    "switch",
    "const",
    "fallthrough",
    "if",
    "range",
    "type",
    "continue",
    "for",
    "import",
    "return",
    "var",
];

const TYPES: &[&str] = &[
    "bool",
    "byte",
    "complex64",
    "complex128",
    "error",
    "float32",
    "float64",
    "int8",
    "int16",
    "int32",
    "int64",
    "int",
    "rune",
    "string",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintptr",
    "uint",
];

const FUNCTIONS: &[&str] = &[
    "append", "cap", "close", "complex", "copy", "delete", "imag", "len", "make", "new", "panic",
    "print", "println", "real", "recover",
];

const CONSTANTS: &[&str] = &["true", "false", "iota", "nil"];

/// In the order Rouge tries them.
const OPERATORS: &[&str] = &[
    "+=", "++", "+", "&^=", "&^", "&=", "&&", "&", "==", "=", "!=", "!", "-=", "--", "-", "|=",
    "||", "|", "<=", "<-", "<<=", "<<", "<", "*=", "*", "^=", "^", ">>=", ">>", ">=", ">", "/",
    ":=", "%", "...", ".", ":",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    RawString,
    String,
}

/// The Go lexer's state stack.
pub(crate) struct Go {
    stack: Vec<State>,
    comment_end: Ahead,
}

impl Go {
    /// A Go lexer at the start of its input.
    pub(crate) fn new() -> Go {
        Go {
            stack: vec![State::Root],
            comment_end: Ahead::default(),
        }
    }
}

impl Lex for Go {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

/// `\b(?:words)\b`.
fn word_of(r: &str, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .find(|w| r.starts_with(*w) && !r[w.len()..].chars().next().is_some_and(is_uword))
        .map(|w| w.len())
}

fn decimals(r: &str) -> usize {
    span(r, |c| c.is_ascii_digit())
}

/// `[eE][+-]?[0-9]+`.
fn exponent(r: &str) -> usize {
    if !r.starts_with(['e', 'E']) {
        return 0;
    }
    let sign = usize::from(r[1..].starts_with(['+', '-']));
    match decimals(&r[1 + sign..]) {
        0 => 0,
        d => 1 + sign + d,
    }
}

/// FLOAT_LIT's three forms, in order.
fn float(r: &str) -> Option<usize> {
    let d = decimals(r);
    if d > 0 && r[d..].starts_with('.') {
        let n = d + 1 + decimals(&r[d + 1..]);
        return Some(n + exponent(&r[n..]));
    }
    if d > 0 {
        let e = exponent(&r[d..]);
        if e > 0 {
            return Some(d + e);
        }
    }
    if let Some(frac) = r.strip_prefix('.') {
        let f = decimals(frac);
        if f > 0 {
            return Some(1 + f + exponent(&frac[f..]));
        }
    }
    None
}

fn number(r: &str) -> Option<usize> {
    let d = decimals(r);
    if d > 0 && r[d..].starts_with('i') {
        return Some(d + 1);
    }
    let f = float(r);
    if let Some(n) = f
        && r[n..].starts_with('i')
    {
        return Some(n + 1);
    }
    if f.is_some() {
        return f;
    }
    if r.starts_with('0') && r[1..].starts_with(['x', 'X']) {
        let h = span(&r[2..], |c| c.is_ascii_hexdigit());
        if h > 0 {
            return Some(2 + h);
        }
    }
    // `[0-9]+` covers the octal form too.
    (d > 0).then_some(d)
}

/// `\\` and `n` hex digits after `letter`.
fn hex_escape(r: &str, letter: char, n: usize) -> Option<usize> {
    let b = r.strip_prefix('\\')?.strip_prefix(letter)?.as_bytes();
    (b.len() >= n && b[..n].iter().all(u8::is_ascii_hexdigit)).then_some(2 + n)
}

/// ESCAPE_SEQUENCE: `\\[abfnrtv\\'"]`, `\\u` + 4 hex, `\\U` + 8 hex, `\\x` + 2 hex.
fn escape(r: &str) -> Option<usize> {
    let rest = r.strip_prefix('\\')?;
    if rest.starts_with(|c| "abfnrtv\\'\"".contains(c)) {
        return Some(2);
    }
    hex_escape(r, 'u', 4)
        .or_else(|| hex_escape(r, 'U', 8))
        .or_else(|| hex_escape(r, 'x', 2))
}

/// CHAR_LIT: a quoted character, the first form in Rouge's order that a quote follows.
fn char_literal(r: &str) -> Option<usize> {
    let rest = r.strip_prefix('\'')?;
    let plain = rest
        .chars()
        .next()
        .filter(|&c| c != '\n')
        .map(char::len_utf8);
    let octal = rest
        .strip_prefix('\\')
        .filter(|s| s.len() >= 3 && s.as_bytes()[..3].iter().all(|c| matches!(c, b'0'..=b'7')))
        .map(|_| 4);
    [
        plain,
        hex_escape(rest, 'u', 4),
        hex_escape(rest, 'U', 8),
        rest.strip_prefix('\\')
            .filter(|s| s.starts_with(|c| "abfnrtv\\'\"".contains(c)))
            .map(|_| 2),
        octal,
        hex_escape(rest, 'x', 2),
    ]
    .into_iter()
    .flatten()
    .find(|&n| rest[n..].starts_with('\''))
    .map(|n| n + 2)
}

impl Rules for Go {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(c, out),
            State::String => {
                if let Some(n) = escape(r) {
                    return emit(out, StrEscape, r, n);
                }
                if let Some(rest) = r.strip_prefix('\\')
                    && let Some(ch) = rest.chars().next().filter(|&c| c != '\n')
                {
                    return emit(out, Error, r, 1 + ch.len_utf8());
                }
                if r.starts_with('"') {
                    self.stack.pop_states(1);
                    return emit(out, Str, r, 1);
                }
                let n = span1(r, |c| c != '"' && c != '\\')?;
                emit(out, Str, r, n)
            }
            State::RawString => {
                if r.starts_with('`') {
                    self.stack.pop_states(1);
                    return emit(out, Str, r, 1);
                }
                emit(out, Str, r, r.find('`').unwrap_or(r.len()))
            }
        }
    }
}

impl Go {
    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if r.starts_with("//") {
            return emit(out, Comment, r, line_len(r));
        }
        if r.starts_with("/*") {
            let after = Cursor {
                src: c.src,
                pos: c.pos + 2,
            };
            if let Some(end) = self.comment_end.find(after, |s| s.find("*/")) {
                return emit(out, Comment, r, 2 + end + 2);
            }
        }
        if let Some(n) = word_of(r, KEYWORDS) {
            return emit(out, Keyword, r, n);
        }
        if let Some(n) = word_of(r, TYPES) {
            return emit(out, KeywordType, r, n);
        }
        if let Some(n) = word_of(r, FUNCTIONS) {
            return emit(out, NameBuiltin, r, n);
        }
        if let Some(n) = word_of(r, CONSTANTS) {
            return emit(out, NameConstant, r, n);
        }
        if let Some(n) = number(r) {
            return emit(out, Num, r, n);
        }
        if let Some(n) = char_literal(r) {
            return emit(out, StrChar, r, n);
        }
        if let Some(n) = first_of(r, OPERATORS) {
            return emit(out, Operator, r, n);
        }
        if r.starts_with(|c| "()[]{},;".contains(c)) {
            return emit(out, Punctuation, r, 1);
        }
        if let Some(first) = r.chars().next().filter(|&c| is_alpha(c) || c == '_') {
            let k = first.len_utf8();
            let n = k + span(&r[k..], |c| is_alpha(c) || c == '_' || c.is_numeric());
            return emit(out, Name, r, n);
        }
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        let state = match r.as_bytes()[0] {
            b'`' => State::RawString,
            b'"' => State::String,
            _ => return None,
        };
        self.stack.push(state);
        emit(out, Str, r, 1)
    }
}
