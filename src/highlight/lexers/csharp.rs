//! Rouge's `csharp` lexer (`c#`, `cs`): a flat state of C#'s words and literals, with
//! interpolated strings whose `{…}` holes lex as code.

use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, StateStack, Tokens, drive, emit, is_space, is_uword, is_word,
    line_len, span, span1,
};
use crate::highlight::token::Token::*;

const KEYWORDS: &[&str] = &[
    "abstract",
    "as",
    "base",
    "break",
    "case",
    "catch",
    "checked",
    "const",
    "continue",
    "default",
    "delegate",
    "do",
    "else",
    "enum",
    "event",
    "explicit",
    "extern",
    "false",
    "finally",
    "fixed",
    "for",
    "foreach",
    "goto",
    "if",
    "implicit",
    "in",
    "interface",
    "internal",
    "is",
    "lock",
    "new",
    "null",
    "operator",
    "out",
    "override",
    "params",
    "private",
    "protected",
    "public",
    "readonly",
    "ref",
    "return",
    "sealed",
    "sizeof",
    "stackalloc",
    "static",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "unchecked",
    "unsafe",
    "virtual",
    "void",
    "volatile",
    "while",
    "add",
    "alias",
    "async",
    "await",
    "get",
    "global",
    "partial",
    "remove",
    "set",
    "value",
    "where",
    "yield",
    "nameof",
    "ascending",
    "by",
    "descending",
    "equals",
    "from",
    "group",
    "into",
    "join",
    "let",
    "on",
    "orderby",
    "select",
];

const TYPES: &[&str] = &[
    "bool", "byte", "char", "decimal", "double", "dynamic", "float", "int", "long", "object",
    "sbyte", "short", "string", "uint", "ulong", "ushort", "var",
];

const PREPROCESSOR: &[&str] = &[
    "if",
    "endif",
    "else",
    "elif",
    "define",
    "undef",
    "line",
    "error",
    "warning",
    "region",
    "endregion",
    "pragma",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Nest,
    SpliceString,
    SpliceLiteral,
    Class,
    Namespace,
}

/// The C# lexer: its state stack and where the next `*/` is.
pub(crate) struct Csharp {
    stack: Vec<State>,
    comment_end: Ahead,
}

impl Csharp {
    /// A C# lexer at the start of its input.
    pub(crate) fn new() -> Csharp {
        Csharp {
            stack: vec![State::Root],
            comment_end: Ahead::default(),
        }
    }
}

impl Lex for Csharp {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

/// `@?[_a-z]\w*` (any case).
fn ident(r: &str) -> Option<usize> {
    let at = usize::from(r.starts_with('@'));
    if !r[at..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return None;
    }
    Some(at + span(&r[at..], is_word))
}

/// `\b(?:words)\b`.
fn word_b(r: &str, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .find(|w| r.starts_with(*w) && !r[w.len()..].starts_with(is_uword))
        .map(|w| w.len())
}

/// `"(\\.|.)*?["\n]`: up to the first quote or line break outside an escape; with none,
/// Onigmo backtracks so that the last escaped quote closes.
fn string(r: &str) -> Option<usize> {
    let b = r.as_bytes();
    let mut last_escaped = None;
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'"' | b'\n' => return Some(i + 1),
            b'\\' if b.get(i + 1).is_some_and(|&c| c != b'\n') => {
                if b[i + 1] == b'"' {
                    last_escaped = Some(i + 2);
                }
                i += 1 + r[i + 1..].chars().next().map_or(1, char::len_utf8);
            }
            _ => i += 1,
        }
    }
    last_escaped
}

/// `'(\\.|.)'`.
fn char_literal(r: &str) -> Option<usize> {
    let rest = r.strip_prefix('\'')?;
    let first = rest.chars().next().filter(|&c| c != '\n')?;
    if first == '\\'
        && let Some(ch) = rest[1..].chars().next().filter(|&c| c != '\n')
        && rest[1 + ch.len_utf8()..].starts_with('\'')
    {
        return Some(3 + ch.len_utf8());
    }
    rest[first.len_utf8()..]
        .starts_with('\'')
        .then_some(2 + first.len_utf8())
}

/// `[0-9]([.][0-9]*)?(e[+-][0-9]+)?[fldu]?` (any case): one digit at a time, as Rouge has it.
fn number(r: &str) -> Option<usize> {
    if !r.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut n = 1;
    if r[n..].starts_with('.') {
        n += 1 + span(&r[n + 1..], |c| c.is_ascii_digit());
    }
    if r[n..].starts_with(['e', 'E'])
        && r[n + 1..].starts_with(['+', '-'])
        && let Some(d) = span1(&r[n + 2..], |c| c.is_ascii_digit())
    {
        n += 2 + d;
    }
    Some(n + usize::from(r[n..].starts_with(['f', 'l', 'd', 'u', 'F', 'L', 'D', 'U'])))
}

impl Rules for Csharp {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(c, out),
            State::Nest => {
                if r.starts_with('{') {
                    self.stack.push(State::Nest);
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with('}') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                self.root(c, out)
            }
            State::SpliceString => {
                if let Some(ch) = r.strip_prefix('\\').and_then(|s| s.chars().next())
                    && ch != '\n'
                {
                    return emit(out, Str, r, 1 + ch.len_utf8());
                }
                if r.starts_with('{') {
                    self.stack.push(State::Nest);
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with(['"', '\n']) {
                    self.stack.pop_states(1);
                    return emit(out, Str, r, 1);
                }
                emit(out, Str, r, r.chars().next()?.len_utf8())
            }
            State::SpliceLiteral => {
                if r.starts_with("\"\"") {
                    return emit(out, Str, r, 2);
                }
                if r.starts_with('{') {
                    self.stack.push(State::Nest);
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with('"') {
                    self.stack.pop_states(1);
                    return emit(out, Str, r, 1);
                }
                let ch = r.chars().next().filter(|&c| c != '\n')?;
                emit(out, Str, r, ch.len_utf8())
            }
            State::Class => {
                if let Some(n) = self.whitespace(c, out) {
                    return Some(n);
                }
                let n = ident(r)?;
                self.stack.pop_states(1);
                emit(out, NameClass, r, n)
            }
            State::Namespace => {
                if let Some(n) = self.whitespace(c, out) {
                    return Some(n);
                }
                if r.starts_with('(') {
                    self.stack.pop_states(1);
                    return Some(0);
                }
                // `(id|[.])+`
                let n = crate::highlight::scan::dotted(r, ident);
                if n == 0 {
                    return None;
                }
                self.stack.pop_states(1);
                emit(out, NameNamespace, r, n)
            }
        }
    }
}

impl Csharp {
    fn whitespace(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = span1(r, is_space) {
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
        None
    }

    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = self.whitespace(c, out) {
            return Some(n);
        }
        if let Some(rest) = r.strip_prefix('$') {
            let ws = span(rest, is_space);
            if rest[ws..].starts_with('"') {
                self.stack.push(State::SpliceString);
                return emit(out, Str, r, 2 + ws);
            }
            if let Some(lit) = rest.strip_prefix('@') {
                let ws = span(lit, is_space);
                if lit[ws..].starts_with('"') {
                    self.stack.push(State::SpliceLiteral);
                    return emit(out, Str, r, 3 + ws);
                }
            }
        }
        if let Some(rest) = r.strip_prefix("<[") {
            let ws = span(rest, is_space);
            let mut n = 2 + ws;
            if let Some(id) = ident(&r[n..])
                && r[n + id..].starts_with(':')
            {
                n += id + 1;
            }
            return emit(out, Keyword, r, n);
        }
        if r.starts_with("]>") {
            return emit(out, Keyword, r, 2);
        }
        if r.starts_with(|c| "~!%^&*()+=|[]{}:;,.<>/?-".contains(c)) {
            return emit(out, Punctuation, r, 1);
        }
        if r.starts_with("@\"")
            && let Some(n) = crate::highlight::scan::verbatim_string(r)
        {
            return emit(out, Str, r, n);
        }
        if r.starts_with('"')
            && let Some(n) = string(r)
        {
            return emit(out, Str, r, n);
        }
        if let Some(n) = char_literal(r) {
            return emit(out, StrChar, r, n);
        }
        if r.starts_with('0')
            && r[1..].starts_with(['x', 'X'])
            && let Some(h) = span1(&r[2..], |c| c.is_ascii_hexdigit())
        {
            let n = 2 + h;
            return emit(
                out,
                Num,
                r,
                n + usize::from(r[n..].starts_with(['l', 'u', 'L', 'U'])),
            );
        }
        if let Some(n) = number(r) {
            return emit(out, Num, r, n);
        }
        if let Some(n) = word_b(r, &["class", "struct", "interface"]) {
            self.stack.push(State::Class);
            return emit(out, Keyword, r, n);
        }
        if let Some(n) = word_b(r, &["namespace", "using"]) {
            self.stack.push(State::Namespace);
            return emit(out, Keyword, r, n);
        }
        if c.bol()
            && let Some(rest) = r.strip_prefix('#')
        {
            let ws = span(rest, |c| c == ' ' || c == '\t');
            let line = line_len(r);
            if word_b(&rest[ws..], PREPROCESSOR).is_some() && r[line..].starts_with('\n') {
                return emit(out, CommentPreproc, r, line + 1);
            }
        }
        if let Some(n) = word_b(r, KEYWORDS) {
            return emit(out, Keyword, r, n);
        }
        if let Some(n) = word_b(r, TYPES) {
            return emit(out, KeywordType, r, n);
        }
        let n = ident(r)?;
        let ws = span(&r[n..], is_space);
        let tok = if r[n + ws..].starts_with('(') {
            NameFunction
        } else {
            Name
        };
        emit(out, tok, r, n)
    }
}
