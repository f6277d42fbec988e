//! Rouge's `java` lexer. Its method rule (`(\s*(?:word\s+)+?)name\s*\(`) reads any run of
//! whitespace-separated words before `name(` as a signature and lexes those words again
//! with a fresh Java lexer; we follow the word chain once and remember where each chain
//! ends, so a long line of words without a parenthesis stays linear.

use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, StateStack, Tokens, drive, emit, is_alpha, is_space, is_uword,
    line_len, one_of, span, span1,
};
use crate::highlight::token::Token::*;
use std::collections::HashMap;

const KEYWORDS: &[&str] = &[
    "assert",
    "break",
    "case",
    "catch",
    "continue",
    "default",
    "do",
    "else",
    "finally",
    "for",
    "if",
    "goto",
    "instanceof",
    "new",
    "return",
    "switch",
    "this",
    "throw",
    "try",
    "while",
];

const DECLARATIONS: &[&str] = &[
    "abstract",
    "const",
    "enum",
    "extends",
    "final",
    "implements",
    "native",
    "private",
    "protected",
    "public",
    "static",
    "strictfp",
    "super",
    "synchronized",
    "throws",
    "transient",
    "volatile",
];

const TYPES: &[&str] = &[
    "boolean", "byte", "char", "double", "float", "int", "long", "short", "var", "void",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Class,
    Import,
}

/// The Java lexer: its state stack and what the method rule has learnt about the text.
pub(crate) struct Java {
    stack: Vec<State>,
    comment_end: Ahead,
    /// The next non-space character (the rule's leading `\s*`).
    non_space: Ahead,
    /// The end of a run of signature-word characters.
    word_end: Ahead,
    /// The text the chain memo is about (address, length).
    key: (usize, usize),
    /// Word end → where the signature after that word's chain starts, if one does.
    chains: HashMap<usize, Option<usize>>,
}

impl Java {
    /// A Java lexer at the start of its input.
    pub(crate) fn new() -> Java {
        Java {
            stack: vec![State::Root],
            comment_end: Ahead::default(),
            non_space: Ahead::default(),
            word_end: Ahead::default(),
            key: (0, 0),
            chains: HashMap::new(),
        }
    }
}

impl Lex for Java {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

/// `[[:alpha:]_][[:word:]]*`.
fn ident(r: &str) -> Option<usize> {
    let first = r.chars().next().filter(|&c| is_alpha(c) || c == '_')?;
    let n = first.len_utf8();
    Some(n + span(&r[n..], is_uword))
}

/// Whether `\b` holds after `r[..n]`, a word.
fn ends_word(r: &str, n: usize) -> bool {
    !r[n..].chars().next().is_some_and(is_uword)
}

/// The first of `words` followed by a word boundary.
fn word_of(r: &str, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .find(|w| r.starts_with(*w) && ends_word(r, w.len()))
        .map(|w| w.len())
}

/// A character of a signature word: `[a-zA-Z0-9_.\[\]<>]`.
fn sig_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_.[]<>".contains(c)
}

fn sig_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

/// `name\s*\(` at `r`: the name's length and the whole length.
fn signature(r: &str) -> Option<(usize, usize)> {
    if !r.starts_with(sig_start) {
        return None;
    }
    let name = span(r, |c| c.is_ascii_alphanumeric() || c == '_');
    let ws = span(&r[name..], is_space);
    r[name + ws..]
        .starts_with('(')
        .then_some((name, name + ws + 1))
}

/// Java's digit classes: a digit, or two with underscores between (`[d]_+[d]|[d]`), repeated.
fn digits(r: &str, is_digit: impl Fn(u8) -> bool) -> usize {
    let b = r.as_bytes();
    let mut i = 0;
    while i < b.len() && is_digit(b[i]) {
        let us = b[i + 1..].iter().take_while(|&&c| c == b'_').count();
        if us > 0 && b.get(i + 1 + us).is_some_and(|&c| is_digit(c)) {
            i += us + 2;
        } else {
            i += 1;
        }
    }
    i
}

fn dec(b: u8) -> bool {
    b.is_ascii_digit()
}

fn number(r: &str) -> Option<(crate::highlight::token::Token, usize)> {
    let d = digits(r, dec);
    if d > 0 && r[d..].starts_with('.') {
        let f = digits(&r[d + 1..], dec);
        if f > 0 {
            let mut n = d + 1 + f;
            if r[n..].starts_with(['e', 'E']) {
                let e = digits(&r[n + 1..], dec);
                if e > 0 {
                    n += 1 + e;
                }
            }
            n += usize::from(r[n..].starts_with(['f', 'd']));
            return Some((NumFloat, n));
        }
    }
    type IsDigit = fn(u8) -> bool;
    let radix: [(char, _, IsDigit); 2] = [
        ('b', NumBin, |b| matches!(b, b'0' | b'1')),
        ('x', NumHex, |b| b.is_ascii_hexdigit()),
    ];
    for (letter, tok, is_digit) in radix {
        if r.starts_with('0') && r[1..].starts_with([letter, letter.to_ascii_uppercase()]) {
            let n = digits(&r[2..], is_digit);
            if n > 0 {
                return Some((tok, 2 + n));
            }
        }
    }
    if let Some(oct) = r.strip_prefix('0') {
        let n = digits(oct, |b| matches!(b, b'0'..=b'7'));
        if n > 0 {
            return Some((NumOct, 1 + n));
        }
    }
    (d > 0).then(|| (NumInteger, d + usize::from(r[d..].starts_with('L'))))
}

/// `'(?:\\.|[^\\]|\\u[0-9a-f]{4})'`.
fn char_literal(r: &str) -> Option<usize> {
    let rest = r.strip_prefix('\'')?;
    let mut tries = Vec::with_capacity(2);
    if let Some(esc) = rest.strip_prefix('\\') {
        if let Some(ch) = esc.chars().next().filter(|&c| c != '\n') {
            tries.push(1 + ch.len_utf8());
        }
        let hex = esc.as_bytes().get(1..5);
        if esc.starts_with('u')
            && hex.is_some_and(|h| h.iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')))
        {
            tries.push(6);
        }
    } else if let Some(ch) = rest.chars().next() {
        tries.push(ch.len_utf8());
    }
    tries
        .into_iter()
        .find(|&n| rest[n..].starts_with('\''))
        .map(|n| n + 2)
}

impl Rules for Java {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(c, out),
            State::Class => {
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                let n = ident(r)?;
                self.stack.pop_states(1);
                emit(out, NameClass, r, n)
            }
            State::Import => {
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                let n = span1(r, |c| c.is_ascii_alphanumeric() || c == '_' || c == '.')?;
                self.stack.pop_states(1);
                emit(
                    out,
                    NameNamespace,
                    r,
                    n + usize::from(r[n..].starts_with('*')),
                )
            }
        }
    }
}

impl Java {
    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = span1(r, |c| is_space(c) && c != '\n') {
            return emit(out, Text, r, n);
        }
        if r.starts_with("//") {
            return emit(out, CommentSingle, r, line_len(r));
        }
        if r.starts_with("/*") {
            let after = Cursor {
                src: c.src,
                pos: c.pos + 2,
            };
            if let Some(end) = self.comment_end.find(after, |s| s.find("*/")) {
                return emit(out, CommentMultiline, r, 2 + end + 2);
            }
        }
        if let Some(n) = word_of(r, KEYWORDS) {
            return emit(out, Keyword, r, n);
        }
        if let Some(n) = self.method(c, out) {
            return Some(n);
        }
        if let Some(rest) = r.strip_prefix('@')
            && let Some(n) = ident(rest)
        {
            return emit(out, NameDecorator, r, 1 + n);
        }
        if let Some(n) = word_of(r, DECLARATIONS) {
            return emit(out, KeywordDeclaration, r, n);
        }
        if let Some(n) = word_of(r, TYPES) {
            return emit(out, KeywordType, r, n);
        }
        if let Some(n) = word_of(r, &["true", "false", "null"]) {
            return emit(out, KeywordConstant, r, n);
        }
        if let Some(n) = word_of(r, &["class", "interface"]) {
            self.stack.push(State::Class);
            return emit(out, KeywordDeclaration, r, n);
        }
        if let Some(n) = word_of(r, &["import", "package"]) {
            self.stack.push(State::Import);
            return emit(out, KeywordNamespace, r, n);
        }
        if r.starts_with('"')
            && let Some(n) = crate::highlight::scan::escaped_string(r)
        {
            return emit(out, Str, r, n);
        }
        if let Some(n) = char_literal(r) {
            return emit(out, StrChar, r, n);
        }
        if let Some(rest) = r.strip_prefix('.')
            && let Some(n) = ident(rest)
        {
            out.push(Operator, ".");
            return emit(out, NameAttribute, rest, n).map(|n| n + 1);
        }
        if let Some(n) = ident(r) {
            if r[n..].starts_with(':') {
                return emit(out, NameLabel, r, n + 1);
            }
            let first = r.chars().next()?;
            if first.is_uppercase() {
                let k = first.len_utf8();
                let consts = k + span(&r[k..], |c| c.is_uppercase() || c.is_numeric() || c == '_');
                if ends_word(r, consts) {
                    return emit(out, NameConstant, r, consts);
                }
                let class = k + span(&r[k..], |c| c.is_alphanumeric());
                if ends_word(r, class) {
                    return emit(out, NameClass, r, class);
                }
            }
            return emit(out, Name, r, n);
        }
        if let Some(rest) = r.strip_prefix('$')
            && let Some(n) = ident(rest)
        {
            return emit(out, Name, r, 1 + n);
        }
        if let Some(n) = one_of(r, "~^*!%&[](){}<>|+=:;,./?-") {
            return emit(out, Operator, r, n);
        }
        if let Some((tok, n)) = number(r) {
            return emit(out, tok, r, n);
        }
        r.starts_with('\n').then(|| emit(out, Text, r, 1))?
    }

    /// The method-signature rule: words, then `name`, spaces and `(`.
    fn method(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let key = (c.src.as_ptr() as usize, c.src.len());
        if key != self.key {
            self.key = key;
            self.chains.clear();
        }
        let skip = self.non_space.find(c, |s| s.find(|ch| !is_space(ch)))?;
        let s = c.pos + skip;
        if !c.src[s..].starts_with(sig_start) {
            return None;
        }
        let at = Cursor { src: c.src, pos: s };
        let word = self
            .word_end
            .find(at, |t| Some(span(t, sig_word_char)))
            .unwrap_or(0);
        let sig = self.chain(c.src, s + word)?;
        let (name, len) = signature(&c.src[sig..])?;
        Java::new().lex(&c.src[c.pos..sig], out);
        let rest = &c.src[sig..];
        out.push(NameFunction, &rest[..name]);
        out.push(Text, &rest[name..len - 1]);
        out.push(Operator, "(");
        Some(sig + len - c.pos)
    }

    /// Where the signature starts after a chain of words whose first ends at `end`: the
    /// words must be followed by whitespace, the signature tried before each next word.
    fn chain(&mut self, src: &str, end: usize) -> Option<usize> {
        let mut visited = Vec::new();
        let mut e = end;
        let found = loop {
            if let Some(&known) = self.chains.get(&e) {
                break known;
            }
            visited.push(e);
            let ws = span(&src[e..], is_space);
            if ws == 0 {
                break None;
            }
            let p = e + ws;
            if signature(&src[p..]).is_some() {
                break Some(p);
            }
            if !src[p..].starts_with(sig_start) {
                break None;
            }
            e = p + span(&src[p..], sig_word_char);
        };
        for v in visited {
            self.chains.insert(v, found);
        }
        found
    }
}
