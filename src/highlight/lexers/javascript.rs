//! Rouge's `javascript` lexer (`js`): after an operator or an opening bracket it expects
//! an expression (`expr_start`), where `/` starts a regex literal and `{` an object literal;
//! elsewhere `/` is division. Rouge's `typescript` (`ts`) is the same lexer with more
//! words, `?.`/`??` rules first in `root` and a label rule (`name?:`) first in `statement`.

use crate::highlight::scan::Words;
use crate::highlight::scan::{
    Cursor, Lex, Rules, StateStack, Tokens, drive, first_of, is_alpha, is_space, is_uword, is_word,
    line_len, one_of, span, span1, starts_with_ci,
};
use crate::highlight::token::Token::{self, *};

static CONSTANTS_SET: Words = Words::new(CONSTANTS);

const KEYWORDS: &[&str] = &[
    "as",
    "async",
    "await",
    "break",
    "case",
    "catch",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "export",
    "finally",
    "from",
    "for",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "of",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "try",
    "typeof",
    "void",
    "while",
    "yield",
];

const DECLARATIONS: &[&str] = &[
    "var",
    "let",
    "const",
    "with",
    "function",
    "class",
    "extends",
    "constructor",
    "get",
    "set",
    "static",
];

const RESERVED: &[&str] = &[
    "enum",
    "implements",
    "interface",
    "package",
    "private",
    "protected",
    "public",
];

const CONSTANTS: &[&str] = &["true", "false", "null", "NaN", "Infinity", "undefined"];

const BUILTINS: &[&str] = &[
    "Array",
    "Boolean",
    "Date",
    "Error",
    "Function",
    "Math",
    "netscape",
    "Number",
    "Object",
    "Packages",
    "RegExp",
    "String",
    "sun",
    "decodeURI",
    "decodeURIComponent",
    "encodeURI",
    "encodeURIComponent",
    "eval",
    "isFinite",
    "isNaN",
    "parseFloat",
    "parseInt",
    "document",
    "window",
    "navigator",
    "self",
    "global",
    "Promise",
    "Set",
    "Map",
    "WeakSet",
    "WeakMap",
    "Symbol",
    "Proxy",
    "Reflect",
    "Int8Array",
    "Uint8Array",
    "Uint8ClampedArray",
    "Int16Array",
    "Uint16Array",
    "Uint16ClampedArray",
    "Int32Array",
    "Uint32Array",
    "Uint32ClampedArray",
    "Float32Array",
    "Float64Array",
    "DataView",
    "ArrayBuffer",
];

/// TypeScript's additions to the word lists.
const TS_KEYWORDS: &[&str] = &[
    "is",
    "namespace",
    "static",
    "private",
    "protected",
    "public",
    "implements",
    "readonly",
];
const TS_DECLARATIONS: &[&str] = &["type", "abstract"];
const TS_RESERVED: &[&str] = &[
    "string",
    "any",
    "void",
    "number",
    "namespace",
    "module",
    "declare",
    "default",
    "interface",
    "keyof",
];
const TS_BUILTINS: &[&str] = &["Pick", "Partial", "Readonly", "Record"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    MultilineComment,
    ExprStart,
    Regex,
    RegexEnd,
    RegexGroup,
    Dq,
    Sq,
    Statement,
    Object,
    Ternary,
    TemplateString,
    TemplateStringExpr,
}

/// The JavaScript lexer's state stack, and whether it lexes TypeScript.
pub(crate) struct Javascript {
    stack: Vec<State>,
    ts: bool,
}

impl Javascript {
    /// A JavaScript lexer at the start of its input.
    pub(crate) fn new() -> Javascript {
        Javascript {
            stack: vec![State::Root],
            ts: false,
        }
    }

    /// A TypeScript lexer at the start of its input.
    pub(crate) fn typescript() -> Javascript {
        Javascript {
            stack: vec![State::Root],
            ts: true,
        }
    }

    /// Whether `word` is in a JavaScript list or, for TypeScript, in its additions.
    fn listed(&self, word: &str, js: &[&str], ts: &[&str]) -> bool {
        js.contains(&word) || (self.ts && ts.contains(&word))
    }
}

impl Lex for Javascript {
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

/// `[\p{L}\p{Nl}$_][\p{Word}]*`
fn ident(r: &str) -> Option<usize> {
    let first = r.chars().next()?;
    if !(is_alpha(first) || first == '$' || first == '_') {
        return None;
    }
    Some(first.len_utf8() + span(&r[first.len_utf8()..], is_uword))
}

/// `(id)(\s*)(:)`: a label or an object key, as the lengths of id and spaces.
fn keyed(r: &str) -> Option<(usize, usize)> {
    let id = ident(r)?;
    let sp = span(&r[id..], is_space);
    r[id + sp..].starts_with(':').then_some((id, sp))
}

/// `[0-9][0-9]*\.[0-9]+([eE][0-9]+)?[fd]?`, then hex, octal, binary and decimal integers.
fn number(r: &str) -> Option<(Token, usize)> {
    let digits = |s: &str| span(s, |c| c.is_ascii_digit());
    let d = digits(r);
    if d > 0 && r[d..].starts_with('.') && digits(&r[d + 1..]) > 0 {
        let mut n = d + 1 + digits(&r[d + 1..]);
        if r[n..].starts_with(['e', 'E']) && digits(&r[n + 1..]) > 0 {
            n += 1 + digits(&r[n + 1..]);
        }
        return Some((NumFloat, n + usize::from(r[n..].starts_with(['f', 'd']))));
    }
    if starts_with_ci(r, "0x")
        && let Some(h) = span1(&r[2..], |c| c.is_ascii_hexdigit())
    {
        return Some((NumHex, 2 + h));
    }
    for (prefix, tok, set) in [("0o", NumOct, "01234567"), ("0b", NumBin, "01")] {
        if starts_with_ci(r, prefix) && r[2..].starts_with(|c| set.contains(c)) {
            return Some((tok, 3 + span(&r[3..], |c| c == '_' || set.contains(c))));
        }
    }
    (d > 0).then_some((NumInteger, d))
}

impl Javascript {
    /// `comments_and_whitespace`.
    fn comments_and_whitespace(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        if r.starts_with("<!--") {
            return emit(out, Comment, r, 4);
        }
        if r.starts_with("//") {
            return emit(out, CommentSingle, r, line_len(r));
        }
        if r.starts_with("/*") {
            self.stack.push(State::MultilineComment);
            return emit(out, CommentMultiline, r, 2);
        }
        None
    }

    fn expr_start(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = self.comments_and_whitespace(r, out) {
            return Some(n);
        }
        if r.starts_with('/') {
            self.stack.goto(State::Regex);
            return emit(out, StrRegex, r, 1);
        }
        if r.starts_with('{') {
            self.stack.goto(State::Object);
            return emit(out, Punctuation, r, 1);
        }
        self.stack.pop_states(1);
        Some(0)
    }

    fn root(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if self.ts {
            if r.starts_with("?.") {
                return emit(out, Punctuation, r, 2);
            }
            if r.starts_with("??") {
                return emit(out, Operator, r, 2);
            }
        }
        // `\A\s*#!.*?\n`: StringScanner's `\A` is the current position, so a `#!` after
        // spaces starts a preprocessor comment anywhere.
        let sp = span(r, is_space);
        if r[sp..].starts_with("#!")
            && let Some(nl) = r[sp..].find('\n')
        {
            self.stack.push(State::Statement);
            return emit(out, CommentPreproc, r, sp + nl + 1);
        }
        if let Some(n) = self.comments_and_whitespace(r, out) {
            return Some(n);
        }
        let op = first_of(r, &["++", "--", "~", "??=", "??", "&&", "||"])
            .or_else(|| r.starts_with("\\\n").then_some(1))
            .or_else(|| first_of(r, &["<<", ">>>", ">>", "===", "!=="]))
            .or_else(|| {
                one_of(r, "-<>+*%&|^/!=").map(|n| n + usize::from(r[n..].starts_with('=')))
            });
        if let Some(n) = op {
            self.stack.push(State::ExprStart);
            return emit(out, Operator, r, n);
        }
        if let Some(n) = one_of(r, "([,") {
            self.stack.push(State::ExprStart);
            return emit(out, Punctuation, r, n);
        }
        if r.starts_with(';') {
            self.stack.push(State::Statement);
            return emit(out, Punctuation, r, 1);
        }
        if let Some(n) = one_of(r, ")].") {
            return emit(out, Punctuation, r, n);
        }
        if r.starts_with('`') {
            self.stack.push(State::TemplateString);
            return emit(out, StrDouble, r, 1);
        }
        if r.starts_with("?.") {
            return emit(out, Punctuation, r, 2);
        }
        if r.starts_with('?') {
            self.stack.push(State::Ternary);
            self.stack.push(State::ExprStart);
            return emit(out, Punctuation, r, 1);
        }
        if let Some(name) = r.strip_prefix('@') {
            let w = span(name, is_word);
            out.push(Punctuation, "@");
            out.push(NameDecorator, &name[..w]);
            self.stack.push(State::ExprStart);
            return Some(1 + w);
        }
        if let Some(n) = one_of(r, "{}") {
            self.stack.push(State::Statement);
            return emit(out, Punctuation, r, n);
        }
        if let Some(n) = ident(r) {
            let word = &r[..n];
            let tok = if self.listed(word, KEYWORDS, TS_KEYWORDS) {
                self.stack.push(State::ExprStart);
                Keyword
            } else if self.listed(word, DECLARATIONS, TS_DECLARATIONS) {
                self.stack.push(State::ExprStart);
                KeywordDeclaration
            } else if self.listed(word, RESERVED, TS_RESERVED) {
                KeywordReserved
            } else if CONSTANTS_SET.contains(word) {
                KeywordConstant
            } else if self.listed(word, BUILTINS, TS_BUILTINS) {
                NameBuiltin
            } else {
                NameOther
            };
            return emit(out, tok, r, n);
        }
        if let Some((tok, n)) = number(r) {
            return emit(out, tok, r, n);
        }
        match r.as_bytes().first()? {
            b'"' => {
                self.stack.push(State::Dq);
                emit(out, StrDelimiter, r, 1)
            }
            b'\'' => {
                self.stack.push(State::Sq);
                emit(out, StrDelimiter, r, 1)
            }
            b':' => emit(out, Punctuation, r, 1),
            _ => None,
        }
    }

    /// The `dq` and `sq` string states.
    fn quoted(&mut self, r: &str, q: char, body: Token, out: &mut Tokens) -> Option<usize> {
        if let Some(esc) = r.strip_prefix('\\') {
            let n = usize::from(esc.starts_with(['\\', 'n', 'r', 't']) || esc.starts_with(q));
            return emit(out, StrEscape, r, 1 + n);
        }
        if let Some(n) = span1(r, |c| c != '\\' && c != q) {
            return emit(out, body, r, n);
        }
        if r.starts_with(q) {
            self.stack.pop_states(1);
            return emit(out, StrDelimiter, r, 1);
        }
        None
    }

    fn regex(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if r.starts_with('/') {
            self.stack.goto(State::RegexEnd);
            return emit(out, StrRegex, r, 1);
        }
        // `[^/]\n`: a character then a line break ends the regex as an error.
        if let Some(first) = r.chars().next()
            && r[first.len_utf8()..].starts_with('\n')
        {
            self.stack.pop_states(1);
            return emit(out, Error, r, first.len_utf8() + 1);
        }
        if r.starts_with('\n') {
            self.stack.pop_states(1);
            return emit(out, Error, r, 1);
        }
        if let Some(class) = r.strip_prefix('[') {
            self.stack.push(State::RegexGroup);
            let n = if class.starts_with('^') { 2 } else { 1 };
            return emit(out, StrEscape, r, n);
        }
        if let Some(n) = escaped(r) {
            return emit(out, StrEscape, r, n);
        }
        if r.starts_with("(?") && one_of(&r[2..], ":=<!").is_some() {
            return emit(out, StrEscape, r, 3);
        }
        if let Some(body) = r.strip_prefix('{') {
            let n = span(body, |c| c.is_ascii_digit() || c == ',');
            if n > 0 && body[n..].starts_with('}') {
                return emit(out, StrEscape, r, n + 2);
            }
        }
        if let Some(n) = one_of(r, "()?") {
            return emit(out, StrEscape, r, n);
        }
        any_char(r).and_then(|n| emit(out, StrRegex, r, n))
    }

    fn regex_group(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if r.starts_with('/') {
            return emit(out, StrEscape, r, 1);
        }
        if let Some(first) = r.chars().next()
            && first != '/'
            && r[first.len_utf8()..].starts_with('\n')
        {
            self.stack.pop_states(2);
            return emit(out, Error, r, first.len_utf8() + 1);
        }
        if r.starts_with(']') {
            self.stack.pop_states(1);
            return emit(out, StrEscape, r, 1);
        }
        if let Some(n) = escaped(r) {
            return emit(out, StrEscape, r, n);
        }
        any_char(r).and_then(|n| emit(out, StrRegex, r, n))
    }

    fn template_string(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if r.starts_with("${") {
            self.stack.push(State::TemplateStringExpr);
            return emit(out, Punctuation, r, 2);
        }
        if r.starts_with('`') {
            self.stack.pop_states(1);
            return emit(out, StrDouble, r, 1);
        }
        if r.starts_with("\\$") || r.starts_with("\\`") {
            return emit(out, StrEscape, r, 2);
        }
        if let Some(n) = span1(r, |c| !matches!(c, '$' | '`' | '\\')) {
            return emit(out, StrDouble, r, n);
        }
        one_of(r, "\\$").and_then(|n| emit(out, StrDouble, r, n))
    }
}

/// `\\.`: a backslash and any character but a newline.
fn escaped(r: &str) -> Option<usize> {
    let c = r
        .strip_prefix('\\')?
        .chars()
        .next()
        .filter(|&c| c != '\n')?;
    Some(1 + c.len_utf8())
}

/// `.`: any character but a newline.
fn any_char(r: &str) -> Option<usize> {
    r.chars().next().filter(|&c| c != '\n').map(char::len_utf8)
}

impl Rules for Javascript {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(r, out),
            State::MultilineComment => {
                if r.starts_with("*/") {
                    self.stack.pop_states(1);
                    return emit(out, CommentMultiline, r, 2);
                }
                let n = span1(r, |c| c != '*' && c != '/').or_else(|| one_of(r, "*/"))?;
                emit(out, CommentMultiline, r, n)
            }
            State::ExprStart => self.expr_start(r, out),
            State::Regex => self.regex(r, out),
            State::RegexEnd => {
                if let Some(n) = span1(r, |c| "gimuy".contains(c)) {
                    self.stack.pop_states(1);
                    return emit(out, StrRegex, r, n);
                }
                self.stack.pop_states(1);
                Some(0)
            }
            State::RegexGroup => self.regex_group(r, out),
            State::Dq => self.quoted(r, '"', StrDouble, out),
            State::Sq => self.quoted(r, '\'', StrSingle, out),
            State::Statement => {
                // TypeScript's `(id)(\??)(\s*)(:)`, an optional member's label.
                if self.ts
                    && let Some(id) = ident(r)
                    && let q = usize::from(r[id..].starts_with('?'))
                    && let sp = span(&r[id + q..], is_space)
                    && r[id + q + sp..].starts_with(':')
                {
                    out.push(NameLabel, &r[..id]);
                    out.push(Punctuation, &r[id..id + q]);
                    out.push(Text, &r[id + q..id + q + sp]);
                    out.push(Punctuation, ":");
                    self.stack.push(State::ExprStart);
                    return Some(id + q + sp + 1);
                }
                if r.starts_with("case") && !r[4..].starts_with(is_uword) {
                    self.stack.goto(State::ExprStart);
                    return emit(out, Keyword, r, 4);
                }
                if let Some((id, sp)) = keyed(r) {
                    out.push(NameLabel, &r[..id]);
                    out.push(Text, &r[id..id + sp]);
                    out.push(Punctuation, ":");
                    return Some(id + sp + 1);
                }
                self.expr_start(r, out)
            }
            State::Object => {
                if let Some(n) = self.comments_and_whitespace(r, out) {
                    return Some(n);
                }
                if r.starts_with('{') {
                    self.stack.push(State::Object);
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with('}') {
                    self.stack.goto(State::Statement);
                    return emit(out, Punctuation, r, 1);
                }
                if let Some((id, sp)) = keyed(r) {
                    out.push(NameAttribute, &r[..id]);
                    out.push(Text, &r[id..id + sp]);
                    out.push(Punctuation, ":");
                    self.stack.push(State::ExprStart);
                    return Some(id + sp + 1);
                }
                if r.starts_with(':') {
                    return emit(out, Punctuation, r, 1);
                }
                self.root(r, out)
            }
            State::Ternary => {
                if r.starts_with(':') {
                    self.stack.goto(State::ExprStart);
                    return emit(out, Punctuation, r, 1);
                }
                self.root(r, out)
            }
            State::TemplateString => self.template_string(r, out),
            State::TemplateStringExpr => {
                if r.starts_with('}') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                self.root(r, out)
            }
        }
    }
}
