//! Rouge's `haskell` lexer (`hs`): words, operators made of symbol characters, nestable
//! `{- -}` comments, and the import, module and export-list states.

use crate::highlight::scan::Words;
use crate::highlight::scan::{
    Cursor, Lex, Rules, StateStack, Tokens, drive, emit, first_of, is_space, is_uword, is_word,
    line_len, span, span1,
};
use crate::highlight::token::Token::*;

static RESERVED_SET: Words = Words::new(RESERVED);

const RESERVED: &[&str] = &[
    "_", "case", "class", "data", "default", "deriving", "do", "else", "if", "in", "infix",
    "infixl", "infixr", "instance", "let", "newtype", "of", "then", "type", "where",
];

/// The ASCII control names of `\NAME` escapes, in Rouge's order.
const ASCII: &[&str] = &[
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR",
    "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC",
    "FS", "GS", "RS", "US", "SP", "DEL",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Comment,
    CommentPreproc,
    Import,
    Module,
    FuncList,
    Character,
    CharacterEnd,
    Quasiquotation,
    String,
    Escape,
}

/// The Haskell lexer's state stack.
pub(crate) struct Haskell {
    stack: Vec<State>,
}

impl Haskell {
    /// A Haskell lexer at the start of its input.
    pub(crate) fn new() -> Haskell {
        Haskell {
            stack: vec![State::Root],
        }
    }
}

impl Lex for Haskell {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

fn symbol(c: char) -> bool {
    ":!#$%&*+.\\/<=>?@^|~-".contains(c)
}

/// `[A-Z][\w.]*`.
fn module_name(r: &str) -> Option<usize> {
    r.starts_with(|c: char| c.is_ascii_uppercase())
        .then(|| span(r, |c| is_word(c) || c == '.'))
}

impl Rules for Haskell {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        let state = *self.stack.last()?;
        match state {
            State::Root => self.root(c, out),
            State::Comment | State::CommentPreproc => {
                let tok = if state == State::Comment {
                    CommentMultiline
                } else {
                    CommentPreproc
                };
                if r.starts_with("-}") {
                    self.stack.pop_states(1);
                    return emit(out, tok, r, 2);
                }
                if r.starts_with("{-") {
                    self.stack.push(State::Comment);
                    return emit(out, tok, r, 2);
                }
                let n = span1(r, |c| !"-{}".contains(c)).unwrap_or(1);
                emit(out, tok, r, n)
            }
            State::Import => self.import(r, out),
            State::Module => {
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                if let Some(m) = module_name(r)
                    && let Some(ws) = span1(&r[m..], is_space)
                    && r[m + ws..].starts_with('(')
                {
                    out.push(NameNamespace, &r[..m]);
                    out.push(Text, &r[m..m + ws]);
                    out.push(Punctuation, "(");
                    self.stack.push(State::FuncList);
                    return Some(m + ws + 1);
                }
                if r.starts_with("where") && !r[5..].starts_with(is_uword) {
                    self.stack.pop_states(1);
                    return emit(out, KeywordReserved, r, 5);
                }
                r.starts_with(|c: char| c.is_ascii_uppercase())
                    .then_some(())?;
                let n = span(r, |c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
                self.stack.pop_states(1);
                emit(out, NameNamespace, r, n)
            }
            State::FuncList => {
                if let Some(n) = basic(c, out, &mut self.stack) {
                    return Some(n);
                }
                if r.starts_with(|c: char| c.is_ascii_uppercase()) {
                    return emit(out, KeywordType, r, span(r, is_word));
                }
                if r.starts_with('_') && r[1..].starts_with(|c: char| is_word(c) || c == '\'') {
                    return emit(out, NameFunction, r, span(r, |c| is_word(c) || c == '\''));
                }
                if r.starts_with(|c: char| c.is_ascii_lowercase()) {
                    return emit(out, NameFunction, r, span(r, |c| is_word(c) || c == '\''));
                }
                if r.starts_with(',') {
                    return emit(out, Punctuation, r, 1);
                }
                if let Some(n) = span1(r, symbol) {
                    return emit(out, Operator, r, n);
                }
                if r.starts_with('(') {
                    self.stack.push(State::FuncList);
                    return emit(out, Punctuation, r, 1);
                }
                r.starts_with(')').then_some(())?;
                self.stack.pop_states(1);
                emit(out, Punctuation, r, 1)
            }
            State::Character => {
                if r.starts_with('\\') {
                    self.stack.goto(State::CharacterEnd);
                    self.stack.push(State::Escape);
                    return emit(out, StrEscape, r, 1);
                }
                let ch = r.chars().next().filter(|&c| c != '\n')?;
                self.stack.goto(State::CharacterEnd);
                emit(out, StrChar, r, ch.len_utf8())
            }
            State::CharacterEnd => {
                if r.starts_with('\'') {
                    self.stack.pop_states(1);
                    return emit(out, StrChar, r, 1);
                }
                let ch = r.chars().next().filter(|&c| c != '\n')?;
                self.stack.pop_states(1);
                emit(out, Error, r, ch.len_utf8())
            }
            State::Quasiquotation => {
                if r.starts_with("|]") {
                    self.stack.pop_states(1);
                    return emit(out, Operator, r, 2);
                }
                let n = span1(r, |c| c != '|').unwrap_or(1);
                emit(out, Text, r, n)
            }
            State::String => {
                if r.starts_with('"') {
                    self.stack.pop_states(1);
                    return emit(out, Str, r, 1);
                }
                if r.starts_with('\\') {
                    self.stack.push(State::Escape);
                    return emit(out, StrEscape, r, 1);
                }
                span1(r, |c| c != '\\' && c != '"').and_then(|n| emit(out, Str, r, n))
            }
            State::Escape => {
                let n = escape(r)?;
                self.stack.pop_states(1);
                emit(out, StrEscape, r, n)
            }
        }
    }
}

/// The escape state's rules: what follows a backslash.
fn escape(r: &str) -> Option<usize> {
    if r.starts_with(|c| "abfnrtv\"'&\\".contains(c)) {
        return Some(1);
    }
    if r.starts_with('^')
        && r[1..].starts_with(|c: char| c.is_ascii_uppercase() || "][@^_".contains(c))
    {
        return Some(2);
    }
    if let Some(n) = first_of(r, ASCII) {
        return Some(n);
    }
    for (prefix, is_digit) in [
        ('o', (|c: char| matches!(c, '0'..='7')) as fn(char) -> bool),
        ('x', |c: char| c.is_ascii_hexdigit()),
    ] {
        if r.starts_with([prefix, prefix.to_ascii_uppercase()])
            && let Some(d) = span1(&r[1..], is_digit)
        {
            return Some(1 + d);
        }
    }
    if let Some(d) = span1(r, |c| c.is_ascii_digit()) {
        return Some(d);
    }
    let ws = span1(r, is_space)?;
    r[ws..].starts_with('\\').then_some(ws + 1)
}

/// The `basic` rules: whitespace and comments.
fn basic(c: Cursor<'_>, out: &mut Tokens, stack: &mut Vec<State>) -> Option<usize> {
    let r = c.rest();
    if let Some(n) = span1(r, is_space) {
        return emit(out, Text, r, n);
    }
    if r.starts_with("{-#") {
        stack.push(State::CommentPreproc);
        return emit(out, CommentPreproc, r, 3);
    }
    if r.starts_with("{-") {
        stack.push(State::Comment);
        return emit(out, CommentMultiline, r, 2);
    }
    if c.bol()
        && let Some(rest) = r.strip_prefix("--")
        && let Some(ws) = span1(rest, is_space)
        && rest[ws..].starts_with('|')
    {
        let at = 2 + ws;
        return emit(out, CommentDoc, r, at + line_len(&r[at..]));
    }
    if let Some(rest) = r.strip_prefix("--")
        && !rest.starts_with(|c: char| "!#$%&*+./<=>?@^|_~".contains(c))
    {
        return emit(out, CommentSingle, r, line_len(r));
    }
    None
}

impl Haskell {
    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = basic(c, out, &mut self.stack) {
            return Some(n);
        }
        if r.starts_with('\'') && char_ahead(&r[1..]) {
            self.stack.push(State::Character);
            return emit(out, StrChar, r, 1);
        }
        if r.starts_with('"') {
            self.stack.push(State::String);
            return emit(out, Str, r, 1);
        }
        if let Some((tok, n)) = number(r) {
            return emit(out, tok, r, n);
        }
        if let Some(n) = span1(r, |c| is_word(c) || c == '\'') {
            let word = &r[..n];
            let tok = match word {
                "import" => {
                    self.stack.push(State::Import);
                    KeywordReserved
                }
                "module" => {
                    self.stack.push(State::Module);
                    KeywordReserved
                }
                _ if RESERVED_SET.contains(word) => KeywordReserved,
                _ if word
                    .strip_prefix('\'')
                    .unwrap_or(word)
                    .starts_with(|c: char| c.is_ascii_uppercase()) =>
                {
                    KeywordType
                }
                _ => Name,
            };
            return emit(out, tok, r, n);
        }
        if r.starts_with('\\') && !r[1..].starts_with(symbol) {
            return emit(out, NameFunction, r, 1);
        }
        if let Some(n) = ["<-", "::", "->", "=>", "="]
            .iter()
            .find(|op| r.starts_with(*op) && !r[op.len()..].starts_with(symbol))
            .map(|op| op.len())
        {
            return emit(out, Operator, r, n);
        }
        if let Some(rest) = r.strip_prefix(':') {
            return emit(out, Operator, r, 1 + span(rest, symbol));
        }
        if let Some(n) = span1(r, symbol) {
            return emit(out, Operator, r, n);
        }
        for (open, close, tok) in [('[', ']', KeywordType), ('(', ')', NameBuiltin)] {
            if let Some(rest) = r.strip_prefix(open) {
                let ws = span(rest, is_space);
                if rest[ws..].starts_with(close) {
                    return emit(out, tok, r, ws + 2);
                }
            }
        }
        if let Some(rest) = r.strip_prefix('[')
            && rest.starts_with(|c: char| c == '_' || c.is_ascii_lowercase())
        {
            let n = span(rest, |c| is_word(c) || c == '\'');
            if rest[n..].starts_with('|') {
                out.push(Operator, "[");
                out.push(Name, &rest[..n]);
                out.push(Operator, "|");
                self.stack.push(State::Quasiquotation);
                return Some(n + 2);
            }
        }
        r.starts_with(|c| "[](),;`{}".contains(c))
            .then(|| emit(out, Punctuation, r, 1))?
    }

    fn import(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        if r.starts_with('"') {
            self.stack.push(State::String);
            return emit(out, Str, r, 1);
        }
        if r.starts_with("qualified") && !r[9..].starts_with(is_uword) {
            return emit(out, Keyword, r, 9);
        }
        if let Some(m) = module_name(r)
            && let Some(ws) = span1(&r[m..], is_space)
        {
            let after = m + ws;
            if r[after..].starts_with("as")
                && let Some(ws2) = span1(&r[after + 2..], is_space)
                && r[after + 2 + ws2..].starts_with(|c: char| c.is_ascii_uppercase())
            {
                let y = after + 2 + ws2;
                let n = span(&r[y..], |c| {
                    c.is_ascii_alphanumeric() || c == '_' || c == '.'
                });
                out.push(NameNamespace, &r[..m]);
                out.push(Text, &r[m..after]);
                out.push(Keyword, "as");
                out.push(Text, &r[after + 2..y]);
                out.push(Name, &r[y..y + n]);
                self.stack.pop_states(1);
                return Some(y + n);
            }
            if r[after..].starts_with("hiding")
                && let Some(ws2) = span1(&r[after + 6..], is_space)
                && r[after + 6 + ws2..].starts_with('(')
            {
                out.push(NameNamespace, &r[..m]);
                out.push(Text, &r[m..after]);
                out.push(Keyword, "hiding");
                out.push(Text, &r[after + 6..after + 6 + ws2]);
                out.push(Punctuation, "(");
                self.stack.goto(State::FuncList);
                return Some(after + 6 + ws2 + 1);
            }
            if r[after..].starts_with('(') {
                out.push(NameNamespace, &r[..m]);
                out.push(Text, &r[m..after]);
                out.push(Punctuation, "(");
                self.stack.goto(State::FuncList);
                return Some(after + 1);
            }
        }
        let n = span1(r, |c| is_word(c) || c == '.')?;
        self.stack.pop_states(1);
        emit(out, NameNamespace, r, n)
    }
}

/// `(?=(?:.|\\\S+)')` after a quote: a character literal follows.
fn char_ahead(r: &str) -> bool {
    if let Some(ch) = r.chars().next().filter(|&c| c != '\n')
        && r[ch.len_utf8()..].starts_with('\'')
    {
        return true;
    }
    let Some(esc) = r.strip_prefix('\\') else {
        return false;
    };
    let run = span(esc, |c| !is_space(c));
    esc[..run].char_indices().skip(1).any(|(_, c)| c == '\'')
}

fn number(r: &str) -> Option<(crate::highlight::token::Token, usize)> {
    let d = span(r, |c| c.is_ascii_digit());
    let exponent = |s: &str| {
        if !s.starts_with(['e', 'E']) {
            return 0;
        }
        let sign = usize::from(s[1..].starts_with(['+', '-']));
        match span(&s[1 + sign..], |c| c.is_ascii_digit()) {
            0 => 0,
            k => 1 + sign + k,
        }
    };
    if d > 0 && exponent(&r[d..]) > 0 {
        return Some((NumFloat, d + exponent(&r[d..])));
    }
    if d > 0
        && r[d..].starts_with('.')
        && let Some(f) = span1(&r[d + 1..], |c| c.is_ascii_digit())
    {
        let n = d + 1 + f;
        return Some((NumFloat, n + exponent(&r[n..])));
    }
    for (prefix, tok, is_digit) in [
        (
            'o',
            NumOct,
            (|c: char| matches!(c, '0'..='7')) as fn(char) -> bool,
        ),
        ('x', NumHex, |c: char| c.is_ascii_hexdigit()),
    ] {
        if r.starts_with('0')
            && r[1..].starts_with([prefix, prefix.to_ascii_uppercase()])
            && let Some(k) = span1(&r[2..], is_digit)
        {
            return Some((tok, 2 + k));
        }
    }
    (d > 0).then_some((NumInteger, d))
}
