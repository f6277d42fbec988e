//! Rouge's `scss` lexer (its `SassCommon` states with the SCSS root). A statement is told
//! apart by looking ahead — `name: value` is a declaration, anything else a selector — and
//! every `;`, `{` or `}` drops back to the top level. Rouge's quirks stay: in a value `/*`
//! is an operator and `1.5` is two numbers, and inside `@for` every `to` is a keyword.

use super::css_words::{ATTRIBUTES, BUILTINS, CONSTANTS};
use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, Tokens, drive, emit, is_space, is_uword, is_word, line_len, one_of,
    span, span1,
};
use crate::highlight::token::Token::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Value,
    Interpolation,
    Selector,
    Dq,
    Sq,
    StringUrl,
    PseudoClass,
    Class,
    Id,
    Placeholder,
    For,
    Attribute,
}

/// The SCSS lexer's state stack.
pub(crate) struct Scss {
    stack: Vec<State>,
    comment_end: Ahead,
}

impl Scss {
    /// An SCSS lexer at the start of its input.
    pub(crate) fn new() -> Scss {
        Scss {
            stack: vec![State::Root],
            comment_end: Ahead::default(),
        }
    }

    fn push(&mut self, s: State) {
        self.stack.push(s);
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }
}

impl Lex for Scss {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        self.comment_end = Ahead::default();
        drive(self, src, out);
    }
}

/// `[\w-]+`: a Sass identifier.
fn id(r: &str) -> Option<usize> {
    span1(r, |c| is_word(c) || c == '-')
}

/// A literal word followed by `\b`.
fn word(r: &str, w: &str) -> bool {
    r.starts_with(w) && !r[w.len()..].chars().next().is_some_and(is_uword)
}

/// `(\\.|#(?![{])|[^\n#<close>])+`: the text of a string or `url(…)`.
fn string_text(r: &str, close: char) -> Option<usize> {
    let b = r.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if b.get(i + 1).is_some_and(|&c| c != b'\n') => {
                i += 1 + r[i + 1..].chars().next().map_or(1, char::len_utf8);
            }
            b'#' if b.get(i + 1) == Some(&b'{') => break,
            b'\n' => break,
            c if c == close as u8 => break,
            _ => i += 1,
        }
    }
    (i > 0).then_some(i)
}

/// `-?\d+(%|[a-z]+)?` or `-?\d*\.\d+(%|[a-z]+)?`, with the token each gives.
fn number(r: &str) -> Option<(crate::highlight::token::Token, usize)> {
    let sign = usize::from(r.starts_with('-'));
    let d = span(&r[sign..], |c| c.is_ascii_digit());
    let (tok, n) = if d > 0 {
        (Num, sign + d)
    } else {
        let f = span1(r[sign..].strip_prefix('.')?, |c| c.is_ascii_digit())?;
        (NumInteger, sign + 1 + f)
    };
    let unit = if r[n..].starts_with('%') {
        1
    } else {
        span(&r[n..], |c| c.is_ascii_lowercase())
    };
    Some((tok, n + unit))
}

impl Scss {
    /// `end_section`: a line break, or a `;`, `{` or `}` that returns to the top level.
    fn end_section(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if r.starts_with('\n') {
            return emit(out, Text, r, 1);
        }
        if r.starts_with([';', '{', '}']) {
            self.stack = vec![State::Root];
            return emit(out, Punctuation, r, 1);
        }
        None
    }

    /// `has_strings` then `has_interp`.
    fn strings_interp(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let (state, tok, n) = if r.starts_with('"') {
            (State::Dq, StrDouble, 1)
        } else if r.starts_with('\'') {
            (State::Sq, StrSingle, 1)
        } else {
            return self.interp(r, out);
        };
        self.push(state);
        emit(out, tok, r, n)
    }

    fn interp(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if r.starts_with("#{") {
            self.push(State::Interpolation);
            return emit(out, StrInterpol, r, 2);
        }
        None
    }

    fn value(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = self.end_section(r, out) {
            return Some(n);
        }
        if let Some(n) = span1(r, |c| c == ' ' || c == '\t') {
            return emit(out, Text, r, n);
        }
        if let Some(n) = r.strip_prefix('$').and_then(id) {
            return emit(out, NameVariable, r, 1 + n);
        }
        if r.starts_with("url(") {
            self.push(State::StringUrl);
            return emit(out, StrOther, r, 4);
        }
        if let Some(n) = id(r) {
            let after = &r[n..];
            if after[span(after, is_space)..].starts_with('(') {
                return emit(out, NameFunction, r, n);
            }
        }
        if let Some(n) = r.strip_prefix('%').and_then(id) {
            return emit(out, NameDecorator, r, 1 + n);
        }
        if let Some(w) = ["true", "false"].iter().find(|w| word(r, w)) {
            return emit(out, NameBuiltinPseudo, r, w.len());
        }
        if let Some(w) = ["and", "or", "not"].iter().find(|w| word(r, w)) {
            return emit(out, OperatorWord, r, w.len());
        }
        if let Some(rest) = r.strip_prefix('#') {
            let n = rest
                .bytes()
                .take(6)
                .take_while(u8::is_ascii_alphanumeric)
                .count();
            if n > 0 {
                return emit(out, NumHex, r, 1 + n);
            }
        }
        if let Some((tok, n)) = number(r) {
            return emit(out, tok, r, n);
        }
        if let Some(n) = self.strings_interp(r, out) {
            return Some(n);
        }
        if let Some(n) = span1(r, |c| "~^*!&%<>|+=@:,./?-".contains(c)) {
            return emit(out, Operator, r, n);
        }
        if let Some(n) = span1(r, |c| "[]()".contains(c)) {
            return emit(out, Punctuation, r, n);
        }
        // (`/*` and `//` never get here: the operator rule takes them.)
        let n = id(r)?;
        let name = &r[..n];
        let tok = if BUILTINS.binary_search(&name).is_ok() {
            NameBuiltin
        } else if CONSTANTS.binary_search(&name).is_ok() {
            NameConstant
        } else {
            Name
        };
        emit(out, tok, r, n)
    }

    fn selector(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = self
            .end_section(r, out)
            .or_else(|| self.strings_interp(r, out))
        {
            return Some(n);
        }
        if let Some(n) = span1(r, |c| c == ' ' || c == '\t') {
            return emit(out, Text, r, n);
        }
        let piece = match r.as_bytes().first()? {
            b':' => Some((State::PseudoClass, NameDecorator)),
            b'.' => Some((State::Class, NameClass)),
            b'#' => Some((State::Id, NameNamespace)),
            b'%' => Some((State::Placeholder, NameVariable)),
            _ => None,
        };
        if let Some((state, tok)) = piece {
            self.push(state);
            return emit(out, tok, r, 1);
        }
        if let Some(n) = id(r) {
            return emit(out, NameTag, r, n);
        }
        if r.starts_with('&') {
            return emit(out, Keyword, r, 1);
        }
        one_of(r, "~^*!&[]()<>|+=@:;,./?-").and_then(|n| emit(out, Operator, r, n))
    }

    /// `content_common`: the at-rules and variable assignments.
    fn content_common(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if word(r, "@for") {
            self.push(State::For);
            return emit(out, Keyword, r, 4);
        }
        let value_words = [
            "@debug", "@warn", "@if", "@each", "@while", "@else", "@return", "@media",
        ];
        if let Some(w) = value_words.iter().find(|w| r.starts_with(*w)) {
            self.push(State::Value);
            return emit(out, Keyword, r, w.len());
        }
        for (kw, tok) in [
            ("@mixin", NameFunction),
            ("@function", NameFunction),
            ("@include", NameDecorator),
        ] {
            if let Some(rest) = r.strip_prefix(kw) {
                let sp = span(rest, is_space);
                if sp > 0
                    && let Some(n) = id(&rest[sp..])
                {
                    out.push(Keyword, kw);
                    out.push(Text, &rest[..sp]);
                    out.push(tok, &rest[sp..sp + n]);
                    self.push(State::Value);
                    return Some(kw.len() + sp + n);
                }
            }
        }
        if word(r, "@extend") {
            self.push(State::Selector);
            return emit(out, Keyword, r, 7);
        }
        if let Some(n) = r.strip_prefix('@').and_then(id) {
            self.push(State::Selector);
            return emit(out, Keyword, r, 1 + n);
        }
        if r.starts_with('&') {
            self.push(State::Selector);
            return emit(out, Keyword, r, 1);
        }
        let v = 1 + r.strip_prefix('$').and_then(id)?;
        let sp = span(&r[v..], |c| c == ' ' || c == '\t');
        if !r[v + sp..].starts_with(':') {
            return None;
        }
        out.push(NameVariable, &r[..v]);
        out.push(Text, &r[v..v + sp]);
        out.push(Punctuation, ":");
        self.push(State::Value);
        Some(v + sp + 1)
    }

    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        if r.starts_with("//") {
            return emit(out, CommentSingle, r, line_len(r));
        }
        if r.starts_with("/*") {
            let body = Cursor {
                src: c.src,
                pos: c.pos + 2,
            };
            if let Some(e) = self.comment_end.find(body, |s| s.find("*/")) {
                return emit(out, CommentMultiline, r, 2 + e + 2);
            }
        }
        if word(r, "@import") {
            self.push(State::Value);
            return emit(out, Keyword, r, 7);
        }
        if let Some(n) = self.content_common(r, out) {
            return Some(n);
        }
        let mut chars = r.chars();
        let first = chars.next()?;
        // `(?=[^;{}][;}])`, then `(?=[^;{}:\[]+:[^a-z])`: a declaration.
        let short = !";{}".contains(first) && chars.next().is_some_and(|c| c == ';' || c == '}');
        let long = || {
            let n = span(r, |c| !";{}:[".contains(c));
            n > 0
                && r[n..].starts_with(':')
                && r[n + 1..]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_ascii_lowercase())
        };
        self.push(if short || long() {
            State::Attribute
        } else {
            State::Selector
        });
        Some(0)
    }
}

impl Rules for Scss {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(c, out),
            State::Value => self.value(r, out),
            State::Interpolation => {
                if r.starts_with('}') {
                    self.pop();
                    return emit(out, StrInterpol, r, 1);
                }
                self.value(r, out)
            }
            State::Selector => self.selector(r, out),
            State::Dq | State::Sq => {
                let (q, tok) = if self.stack.last() == Some(&State::Dq) {
                    ('"', StrDouble)
                } else {
                    ('\'', StrSingle)
                };
                if r.starts_with(q) {
                    self.pop();
                    return emit(out, tok, r, 1);
                }
                if let Some(n) = self.interp(r, out) {
                    return Some(n);
                }
                string_text(r, q).and_then(|n| emit(out, tok, r, n))
            }
            State::StringUrl => {
                if r.starts_with(')') {
                    self.pop();
                    return emit(out, StrOther, r, 1);
                }
                if let Some(n) = string_text(r, ')') {
                    return emit(out, StrOther, r, n);
                }
                self.interp(r, out)
            }
            State::PseudoClass | State::Class | State::Id | State::Placeholder => {
                let tok = match self.stack.last() {
                    Some(State::PseudoClass) => NameDecorator,
                    Some(State::Class) => NameClass,
                    Some(State::Id) => NameNamespace,
                    _ => NameVariable,
                };
                if let Some(n) = id(r) {
                    return emit(out, tok, r, n);
                }
                if let Some(n) = self.interp(r, out) {
                    return Some(n);
                }
                self.pop();
                Some(0)
            }
            State::For => {
                if let Some(w) = ["from", "to", "through"].iter().find(|w| r.starts_with(*w)) {
                    return emit(out, OperatorWord, r, w.len());
                }
                self.value(r, out)
            }
            State::Attribute => {
                if let Some(n) = self.interp(r, out) {
                    return Some(n);
                }
                if let Some(n) = id(r) {
                    let tok = if ATTRIBUTES.binary_search(&&r[..n]).is_ok() {
                        NameLabel
                    } else {
                        NameAttribute
                    };
                    return emit(out, tok, r, n);
                }
                let sp = span(r, |c| c == ' ' || c == '\t');
                if !r[sp..].starts_with(':') {
                    return None;
                }
                out.push(Text, &r[..sp]);
                out.push(Punctuation, ":");
                self.push(State::Value);
                Some(sp + 1)
            }
        }
    }
}
