//! Rouge's `json` lexer: keys (a string followed by `:`) are labels, values are strings,
//! numbers and constants; it does not check the structure.

use crate::highlight::scan::{Cursor, Lex, Rules, Tokens, drive, is_space, span, span1};
use crate::highlight::token::Token::{self, *};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Object,
    Array,
    Str,
}

/// The JSON lexer's state stack.
pub(crate) struct Json {
    stack: Vec<State>,
}

impl Json {
    /// A JSON lexer at the start of its input.
    pub(crate) fn new() -> Json {
        Json {
            stack: vec![State::Root],
        }
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }
}

impl Lex for Json {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

fn emit(out: &mut Tokens, tok: Token, r: &str, n: usize) -> Option<usize> {
    out.push(tok, &r[..n]);
    Some(n)
}

/// `("(?:\\.|[^"\\\n])*?")(\s*)(:)`: an object key.
fn name(r: &str, out: &mut Tokens) -> Option<usize> {
    let body = r.strip_prefix('"')?;
    let mut chars = body.char_indices();
    let close = loop {
        match chars.next()? {
            (i, '"') => break 1 + i + 1,
            (_, '\\') => {
                chars.next().filter(|&(_, c)| c != '\n')?;
            }
            (_, '\n') => return None,
            _ => {}
        }
    };
    let ws = span(&r[close..], is_space);
    if !r[close + ws..].starts_with(':') {
        return None;
    }
    out.push(NameLabel, &r[..close]);
    out.push(TextWhitespace, &r[close..close + ws]);
    out.push(Punctuation, ":");
    Some(close + ws + 1)
}

/// `-?(?:0|[1-9]\d*)`, then a fraction and exponent: a float, an integer, or nothing.
fn number(r: &str) -> Option<(Token, usize)> {
    let b = r.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i += 1 + span(&r[i + 1..], |c| c.is_ascii_digit()),
        _ => return None,
    }
    let exponent = |at: usize| {
        if !matches!(b.get(at), Some(b'e' | b'E')) {
            return 0;
        }
        let sign = usize::from(matches!(b.get(at + 1), Some(b'+' | b'-')));
        match span(&r[at + 1 + sign..], |c| c.is_ascii_digit()) {
            0 => 0,
            d => 1 + sign + d,
        }
    };
    if b.get(i) == Some(&b'.') {
        let frac = span(&r[i + 1..], |c| c.is_ascii_digit());
        if frac > 0 {
            let end = i + 1 + frac;
            return Some((NumFloat, end + exponent(end)));
        }
    }
    Some((NumInteger, i + exponent(i)))
}

impl Json {
    /// The `value` state: whitespace, constants, numbers, and openers.
    fn value(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = span1(r, is_space) {
            return emit(out, TextWhitespace, r, n);
        }
        if let Some(w) = ["true", "false", "null"].iter().find(|w| r.starts_with(*w)) {
            return emit(out, KeywordConstant, r, w.len());
        }
        if let Some((tok, n)) = number(r) {
            return emit(out, tok, r, n);
        }
        let next = match r.as_bytes().first()? {
            b'"' => State::Str,
            b'[' => State::Array,
            b'{' => State::Object,
            _ => return None,
        };
        self.stack.push(next);
        emit(
            out,
            if next == State::Str {
                StrDouble
            } else {
                Punctuation
            },
            r,
            1,
        )
    }
}

impl Rules for Json {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => {
                if let Some(n) = span1(r, is_space) {
                    return emit(out, TextWhitespace, r, n);
                }
                if r.starts_with('{') {
                    self.stack.push(State::Object);
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with('[') {
                    self.stack.push(State::Array);
                    return emit(out, Punctuation, r, 1);
                }
                if let Some(n) = name(r, out) {
                    return Some(n);
                }
                if let Some(n) = self.value(r, out) {
                    return Some(n);
                }
                // Stray closers, which Rouge lets through.
                r.starts_with([']', '}'])
                    .then(|| emit(out, Punctuation, r, 1))?
            }
            State::Object => {
                if let Some(n) = span1(r, is_space) {
                    return emit(out, TextWhitespace, r, n);
                }
                if let Some(n) = name(r, out).or_else(|| self.value(r, out)) {
                    return Some(n);
                }
                if r.starts_with('}') {
                    self.pop();
                    return emit(out, Punctuation, r, 1);
                }
                r.starts_with(',').then(|| emit(out, Punctuation, r, 1))?
            }
            State::Array => {
                if let Some(n) = self.value(r, out) {
                    return Some(n);
                }
                if r.starts_with(']') {
                    self.pop();
                    return emit(out, Punctuation, r, 1);
                }
                r.starts_with(',').then(|| emit(out, Punctuation, r, 1))?
            }
            State::Str => {
                if let Some(n) = span1(r, |c| c != '\\' && c != '"') {
                    return emit(out, StrDouble, r, n);
                }
                if let Some(ch) = r.strip_prefix('\\').and_then(|s| s.chars().next())
                    && ch != '\n'
                {
                    return emit(out, StrEscape, r, 1 + ch.len_utf8());
                }
                if r.starts_with('"') {
                    self.pop();
                    return emit(out, StrDouble, r, 1);
                }
                None
            }
        }
    }
}
