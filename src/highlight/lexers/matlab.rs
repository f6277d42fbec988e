//! Rouge's `matlab` lexer (`m`): names, numbers, comments, and quotes that start a string
//! only when another quote follows on the line (otherwise `'` is the transpose operator).
//! A line starting with `!` is a shell command, lexed by a fresh shell lexer.

use super::Shell;
use super::matlab_words::BUILTINS;
use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, Tokens, drive, emit, is_space, line_len, one_of, span, span1,
};
use crate::highlight::token::Token::*;

#[rustfmt::skip]
const KEYWORDS: &[&str] = &[
    "arguments", "break", "case", "catch", "classdef", "continue", "else", "elseif", "end", "for",
    "function", "global", "if", "import", "methods", "otherwise", "parfor", "persistent",
    "properties", "return", "spmd", "switch", "try", "while",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    CharArray,
    Str,
}

/// The MATLAB lexer: its state stack and memos of searches ahead.
pub(crate) struct Matlab {
    stack: Vec<State>,
    block_end: Ahead,
    single_close: Ahead,
    double_close: Ahead,
}

impl Matlab {
    /// A MATLAB lexer at the start of its input.
    pub(crate) fn new() -> Matlab {
        Matlab {
            stack: vec![State::Root],
            block_end: Ahead::default(),
            single_close: Ahead::default(),
            double_close: Ahead::default(),
        }
    }
}

impl Lex for Matlab {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        self.block_end = Ahead::default();
        self.single_close = Ahead::default();
        self.double_close = Ahead::default();
        drive(self, src, out);
    }
}

/// The cursor `n` bytes further on.
fn skip(c: Cursor<'_>, n: usize) -> Cursor<'_> {
    Cursor {
        src: c.src,
        pos: c.pos + n,
    }
}

/// `(\d+\.\d*|\d*\.\d+)(e[+-]?[0-9]+)?` then `\d+e[+-]?[0-9]+` (any case), then `\d+L`
/// and `\d+`.
fn number(r: &str) -> Option<(crate::highlight::token::Token, usize)> {
    let digits = |s: &str| span(s, |c| c.is_ascii_digit());
    let exp = |s: &str| {
        let e = s.strip_prefix(['e', 'E'])?;
        let sign = usize::from(e.starts_with(['+', '-']));
        span1(&e[sign..], |c| c.is_ascii_digit()).map(|n| 1 + sign + n)
    };
    let d = digits(r);
    let mantissa = match r[d..].strip_prefix('.') {
        Some(f) if d > 0 => Some(d + 1 + digits(f)),
        Some(f) if digits(f) > 0 => Some(1 + digits(f)),
        _ => None,
    };
    if let Some(m) = mantissa {
        return Some((NumFloat, m + exp(&r[m..]).unwrap_or(0)));
    }
    if d == 0 {
        return None;
    }
    if let Some(e) = exp(&r[d..]) {
        return Some((NumFloat, d + e));
    }
    if r[d..].starts_with('L') {
        return Some((NumIntegerLong, d + 1));
    }
    Some((NumInteger, d))
}

impl Matlab {
    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        if r.starts_with("{%")
            && let Some(e) = self.block_end.find(skip(c, 2), |s| s.find("%}"))
        {
            return emit(out, CommentMultiline, r, 2 + e + 2);
        }
        if r.starts_with('%') {
            return emit(out, CommentSingle, r, line_len(r));
        }
        if r.starts_with("...") {
            out.push(Keyword, "...");
            out.push(Comment, &r[3..line_len(r)]);
            return Some(line_len(r));
        }
        if c.bol() && r.starts_with('!') {
            // `^(!)(.*?)(?=%|$)`: a shell command up to a comment or the line's end.
            let line = &r[..line_len(r)];
            let cmd = line[1..].find('%').map_or(line.len(), |i| i + 1);
            out.push(Keyword, "!");
            Shell::new().lex(&r[1..cmd], out);
            return Some(cmd);
        }
        if r.starts_with(|ch: char| ch.is_ascii_alphabetic()) {
            let n = span(r, |ch| ch.is_ascii_alphanumeric() || ch == '_');
            let word = &r[..n];
            let tok = if KEYWORDS.binary_search(&word).is_ok() {
                Keyword
            } else if BUILTINS.binary_search(&word).is_ok() {
                NameBuiltin
            } else {
                Name
            };
            return emit(out, tok, r, n);
        }
        if let Some(n) = one_of(r, "(){};:,/\\][") {
            return emit(out, Punctuation, r, n);
        }
        if ["~=", "==", "<<", ">>"].iter().any(|o| r.starts_with(o)) {
            return emit(out, Operator, r, 2);
        }
        if let Some(n) = one_of(r, "-~+/*%=<>&^|.@") {
            return emit(out, Operator, r, n);
        }
        if let Some((tok, n)) = number(r) {
            return emit(out, tok, r, n);
        }
        // A quote opens a string only if another one follows on its line.
        for (q, state, tok) in [
            ('\'', State::CharArray, StrSingle),
            ('"', State::Str, StrDouble),
        ] {
            if !r.starts_with(q) {
                continue;
            }
            let memo = if q == '\'' {
                &mut self.single_close
            } else {
                &mut self.double_close
            };
            let close = memo.find(skip(c, 1), |s| s.find([q, '\n']));
            if close.is_some_and(|e| r[1 + e..].starts_with(q)) {
                self.stack.push(state);
                return emit(out, tok, r, 1);
            }
        }
        r.starts_with('\'').then(|| emit(out, Operator, r, 1))?
    }
}

impl Rules for Matlab {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        let (q, tok) = match *self.stack.last()? {
            State::Root => return self.root(c, out),
            State::CharArray => ('\'', StrSingle),
            State::Str => ('"', StrDouble),
        };
        if let Some(n) = span1(r, |ch| ch != q) {
            return emit(out, tok, r, n);
        }
        if r[1..].starts_with(q) {
            return emit(out, StrEscape, r, 2);
        }
        if self.stack.len() > 1 {
            self.stack.pop();
        }
        emit(out, tok, r, 1)
    }
}
