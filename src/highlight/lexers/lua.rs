//! Rouge's `lua` lexer. Its float rule wants a `'` after the number (a typo in Rouge), so
//! `1.5` is an integer, a dot and an integer; `gsub` starts a pattern state in which only
//! strings, commas and brackets are expected.

use super::lua_words::BUILTINS;
use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, StateStack, Tokens, drive, emit, first_of, is_space, is_uword,
    is_word, line_len, one_of, span, span1,
};
use crate::highlight::token::Token::{self, *};

const KEYWORDS: &[&str] = &[
    "break", "do", "else", "elseif", "end", "for", "if", "in", "repeat", "return", "then", "until",
    "while",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Base,
    FunctionName,
    Gsub,
    Regex,
    RegexEnd,
    RegexGroup,
    Sqs,
    Dqs,
}

/// The Lua lexer: its state stack and, per level of `=`, where a long bracket closes.
pub(crate) struct Lua {
    stack: Vec<State>,
    closers: Vec<Ahead>,
}

impl Lua {
    /// A Lua lexer at the start of its input.
    pub(crate) fn new() -> Lua {
        Lua {
            stack: vec![State::Root],
            closers: Vec::new(),
        }
    }

    /// `\[(=*)\[.*?\]\1\]` at `c`: the length of the long bracket.
    fn long_bracket(&mut self, c: Cursor<'_>) -> Option<usize> {
        let r = c.rest();
        let rest = r.strip_prefix('[')?;
        let level = span(rest, |c| c == '=');
        if !rest[level..].starts_with('[') {
            return None;
        }
        let open = level + 2;
        if self.closers.len() <= level {
            self.closers.resize_with(level + 1, Ahead::default);
        }
        let close = format!("]{}]", "=".repeat(level));
        let at = Cursor {
            src: c.src,
            pos: c.pos + open,
        };
        let end = self.closers[level].find(at, |s| s.find(&close))?;
        Some(open + end + close.len())
    }
}

impl Lex for Lua {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

/// `[A-Za-z_][A-Za-z0-9_]*`.
fn ident(r: &str) -> Option<usize> {
    if !r.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return None;
    }
    Some(span(r, is_word))
}

/// The first of `words` with a word boundary after it.
fn word_b(r: &str, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .find(|w| r.starts_with(*w) && !r[w.len()..].starts_with(is_uword))
        .map(|w| w.len())
}

fn digits(r: &str) -> usize {
    span(r, |c| c.is_ascii_digit())
}

/// `e[+-]?\d+`, any case.
fn exponent(r: &str) -> usize {
    if !r.starts_with(['e', 'E']) {
        return 0;
    }
    let sign = usize::from(r[1..].starts_with(['+', '-']));
    match digits(&r[1 + sign..]) {
        0 => 0,
        d => 1 + sign + d,
    }
}

fn number(r: &str) -> Option<(Token, usize)> {
    let d = digits(r);
    // `(\d*\.\d+|\d+\.\d*)(e[+-]?\d+)?'`
    if r[d..].starts_with('.') {
        let f = digits(&r[d + 1..]);
        if d + f > 0 {
            let n = d + 1 + f;
            let e = exponent(&r[n..]);
            if r[n + e..].starts_with('\'') {
                return Some((NumFloat, n + e + 1));
            }
        }
    }
    if d > 0 && exponent(&r[d..]) > 0 {
        return Some((NumFloat, d + exponent(&r[d..])));
    }
    if r.starts_with('0') && r[1..].starts_with(['x', 'X']) {
        return Some((NumHex, 2 + span(&r[2..], |c| c.is_ascii_hexdigit())));
    }
    (d > 0).then_some((NumInteger, d))
}

/// `\\([abfnrtv\\"']|\d{1,3})`.
fn escape(r: &str) -> Option<usize> {
    let esc = r.strip_prefix('\\')?;
    if esc.starts_with(|c| "abfnrtv\\\"'".contains(c)) {
        return Some(2);
    }
    span1(esc, |c| c.is_ascii_digit()).map(|d| 1 + d.min(3))
}

impl Rules for Lua {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => {
                if r.starts_with("#!") {
                    return emit(out, CommentPreproc, r, line_len(r));
                }
                self.stack.push(State::Base);
                Some(0)
            }
            State::Base => self.base(c, out),
            State::FunctionName => {
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                if let Some(a) = ident(r) {
                    if r[a..].starts_with('.')
                        && let Some(b) = ident(&r[a + 1..])
                    {
                        out.push(NameClass, &r[..a]);
                        out.push(Punctuation, ".");
                        out.push(NameFunction, &r[a + 1..a + 1 + b]);
                        self.stack.pop_states(1);
                        return Some(a + 1 + b);
                    }
                    self.stack.pop_states(1);
                    return emit(out, NameFunction, r, a);
                }
                r.starts_with('(').then_some(())?;
                self.stack.pop_states(1);
                emit(out, Punctuation, r, 1)
            }
            State::Gsub => {
                if r.starts_with(')') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                if let Some(n) = one_of(r, "(,") {
                    return emit(out, Punctuation, r, n);
                }
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                r.starts_with('"').then_some(())?;
                self.stack.push(State::Regex);
                emit(out, StrRegex, r, 1)
            }
            State::Regex => {
                if r.starts_with('"') {
                    self.stack.goto(State::RegexEnd);
                    return emit(out, StrRegex, r, 1);
                }
                if let Some(class) = r.strip_prefix('[') {
                    self.stack.push(State::RegexGroup);
                    return emit(out, StrEscape, r, 1 + usize::from(class.starts_with('^')));
                }
                if let Some(ch) = r.strip_prefix('\\').and_then(|s| s.chars().next())
                    && ch != '\n'
                {
                    return emit(out, StrEscape, r, 1 + ch.len_utf8());
                }
                if r.starts_with("(?") && one_of(&r[2..], ":=<!").is_some() {
                    return emit(out, StrEscape, r, 3);
                }
                if let Some(body) = r.strip_prefix('{')
                    && let Some(n) = span1(body, |c| c.is_ascii_digit() || c == ',')
                    && body[n..].starts_with('}')
                {
                    return emit(out, StrEscape, r, n + 2);
                }
                if let Some(n) = one_of(r, "()?") {
                    return emit(out, StrEscape, r, n);
                }
                let ch = r.chars().next().filter(|&c| c != '\n')?;
                emit(out, StrRegex, r, ch.len_utf8())
            }
            State::RegexEnd => {
                self.stack.pop_states(1);
                match span1(r, |c| c == '$') {
                    Some(n) => emit(out, StrRegex, r, n),
                    None => Some(0),
                }
            }
            State::RegexGroup => {
                if r.starts_with('/') {
                    return emit(out, StrEscape, r, 1);
                }
                if r.starts_with(']') {
                    self.stack.pop_states(1);
                    return emit(out, StrEscape, r, 1);
                }
                if let Some(ch) = r.strip_prefix('\\').and_then(|s| s.chars().next())
                    && ch != '\n'
                {
                    out.push(StrEscape, "\\");
                    return emit(out, StrRegex, &r[1..], ch.len_utf8()).map(|n| n + 1);
                }
                let ch = r.chars().next().filter(|&c| c != '\n')?;
                emit(out, StrRegex, r, ch.len_utf8())
            }
            State::Sqs | State::Dqs => {
                let (q, tok) = if self.stack.last() == Some(&State::Sqs) {
                    ('\'', StrSingle)
                } else {
                    ('"', StrDouble)
                };
                if let Some(n) = escape(r) {
                    return emit(out, StrEscape, r, n);
                }
                if r.starts_with(q) {
                    self.stack.pop_states(1);
                    return emit(out, tok, r, 1);
                }
                span1(r, |c| c != q).and_then(|n| emit(out, tok, r, n))
            }
        }
    }
}

impl Lua {
    fn base(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if r.starts_with("--") {
            let long = Cursor {
                src: c.src,
                pos: c.pos + 2,
            };
            if let Some(n) = self.long_bracket(long) {
                return emit(out, CommentMultiline, r, 2 + n);
            }
            return emit(out, CommentSingle, r, line_len(r));
        }
        if let Some((tok, n)) = number(r) {
            return emit(out, tok, r, n);
        }
        if r.starts_with('\n') {
            return emit(out, Text, r, 1);
        }
        if let Some(ch) = r.chars().next().filter(|&c| is_space(c)) {
            return emit(out, Text, r, ch.len_utf8());
        }
        if let Some(n) = self.long_bracket(c) {
            return emit(out, Str, r, n);
        }
        if let Some(n) =
            first_of(r, &["==", "~=", "<=", ">=", "...", ".."]).or_else(|| one_of(r, "=+-*/%^<>#"))
        {
            return emit(out, Operator, r, n);
        }
        if let Some(n) = one_of(r, "[]{}().,:;") {
            return emit(out, Punctuation, r, n);
        }
        if let Some(n) = word_b(r, &["and", "or", "not"]) {
            return emit(out, OperatorWord, r, n);
        }
        if let Some(n) = word_b(r, KEYWORDS) {
            return emit(out, Keyword, r, n);
        }
        if let Some(n) = word_b(r, &["local"]) {
            return emit(out, KeywordDeclaration, r, n);
        }
        if let Some(n) = word_b(r, &["true", "false", "nil"]) {
            return emit(out, KeywordConstant, r, n);
        }
        if let Some(n) = word_b(r, &["function"]) {
            self.stack.push(State::FunctionName);
            return emit(out, Keyword, r, n);
        }
        if let Some(a) = ident(r) {
            let n = match r[a..].strip_prefix('.').and_then(ident) {
                Some(b) => a + 1 + b,
                None => a,
            };
            let name = &r[..n];
            if name == "gsub" {
                self.stack.push(State::Gsub);
                return emit(out, NameBuiltin, r, n);
            }
            if BUILTINS.binary_search(&name).is_ok() {
                return emit(out, NameBuiltin, r, n);
            }
            if n > a {
                out.push(Name, &r[..a]);
                out.push(Punctuation, ".");
                return emit(out, Name, &r[a + 1..], n - a - 1).map(|_| n);
            }
            return emit(out, Name, r, n);
        }
        let (q, state) = match r.as_bytes().first()? {
            b'\'' => ('\'', State::Sqs),
            b'"' => ('"', State::Dqs),
            _ => return None,
        };
        self.stack.push(state);
        let tok = if q == '\'' { StrSingle } else { StrDouble };
        emit(out, tok, r, 1)
    }
}
