//! Rouge's `rust` lexer (`rs`, and rustdoc's `rust,no_run` and the like): nested block
//! comments, doc comments, attributes, raw strings, and macro invocations, whose brackets
//! Rouge counts (three counters shared by all macros) to know where the call ends.

use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, Tokens, drive, emit, is_alpha, is_space, is_uword, line_len, one_of,
    span, span1,
};
use crate::highlight::token::Token::*;

/// Keywords, whole words.
#[rustfmt::skip]
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "if", "impl",
    "in", "let", "log", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Builtin types, traits and functions.
#[rustfmt::skip]
const BUILTINS: &[&str] = &[
    "Add", "Arc", "AsMut", "AsRef", "BitAnd", "BitOr", "BitXor", "Box", "Clone", "Cons", "Const",
    "Copy", "DIR", "Default", "Div", "DoubleEndedIterator", "Drop", "Either", "Eq", "Err",
    "ExactSizeIterator", "Extend", "FILE", "Failure", "Fn", "FnMut", "FnOnce", "From", "Gc",
    "Index", "Into", "IntoIterator", "Iterator", "Left", "Modulo", "Mul", "Neg", "Nil", "None",
    "Num", "Ok", "Option", "Ord", "Owned", "PartialEq", "PartialOrd", "Pin", "Ptr", "Rc",
    "Result", "Right", "Send", "Shl", "Shr", "Sized", "Some", "String", "Sub", "Success", "Sync",
    "Unpin", "Vec", "bool", "c_char", "c_double", "c_float", "c_int", "c_long", "c_longlong",
    "c_schar", "c_short", "c_uchar", "c_uint", "c_ulong", "c_ulonglong", "c_ushort", "c_void",
    "char", "clock_t", "dev_t", "dirent", "drop", "f32", "f64", "float", "fpos_t", "i128", "i16",
    "i32", "i64", "i8", "ino_t", "int", "intptr_t", "isize", "mode_t", "off_t", "pid_t",
    "ptrdiff_t", "size_t", "ssize_t", "str", "time_t", "u128", "u16", "u32", "u64", "u8", "uint",
    "uintptr_t", "usize",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Bol,
    Attribute,
    NestedPlain,
    NestedDoc,
    Macro,
    MacroRules,
    Str,
}

/// The Rust lexer: its state stack, the macro bracket counters (`]`, `)`, `}`), and a memo
/// of the search for a raw string's end.
pub(crate) struct Rust {
    stack: Vec<State>,
    macro_delims: [i64; 3],
    raw_end: Ahead,
    raw_hashes: usize,
}

impl Rust {
    /// A Rust lexer at the start of its input.
    pub(crate) fn new() -> Rust {
        Rust {
            stack: vec![State::Root, State::Bol],
            macro_delims: [0; 3],
            raw_end: Ahead::default(),
            raw_hashes: 0,
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

impl Lex for Rust {
    fn reset(&mut self) {
        self.stack = vec![State::Root, State::Bol];
        self.macro_delims = [0; 3];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        self.raw_end = Ahead::default();
        drive(self, src, out);
    }
}

/// `[\p{XID_Start}_]\p{XID_Continue}*`: an identifier.
fn ident(r: &str) -> Option<usize> {
    let c = r.chars().next().filter(|&c| is_alpha(c) || c == '_')?;
    Some(c.len_utf8() + span(&r[c.len_utf8()..], is_uword))
}

/// `\\([nrt'"\\0]|x[hex]{2}|u\{([hex]_*){1,6}\})`: an escape's length.
fn escape(r: &str) -> Option<usize> {
    let rest = r.strip_prefix('\\')?;
    match rest.as_bytes().first()? {
        b'n' | b'r' | b't' | b'\'' | b'"' | b'\\' | b'0' => Some(2),
        b'x' => {
            let h = rest[1..]
                .bytes()
                .take(2)
                .take_while(u8::is_ascii_hexdigit)
                .count();
            (h == 2).then_some(4)
        }
        b'u' => {
            let body = rest.strip_prefix("u{")?;
            if !body.starts_with(|c: char| c.is_ascii_hexdigit()) {
                return None;
            }
            let n = span(body, |c| c.is_ascii_hexdigit() || c == '_');
            let digits = body[..n].bytes().filter(u8::is_ascii_hexdigit).count();
            (digits <= 6 && body[n..].starts_with('}')).then_some(3 + n + 1)
        }
        _ => None,
    }
}

/// `b?'(?:escape|[^\\])'`: a character or byte literal.
fn char_lit(r: &str) -> Option<usize> {
    let b = usize::from(r.starts_with("b'"));
    let body = r[b..].strip_prefix('\'')?;
    let n = match escape(body) {
        Some(n) => n,
        None => body.chars().next().filter(|&c| c != '\\')?.len_utf8(),
    };
    body[n..].starts_with('\'').then_some(b + 1 + n + 1)
}

/// The float and integer rules: a float needs a fraction, an exponent, an `f32`/`f64`
/// suffix, or a lone trailing dot; an integer may carry a type suffix.
fn number(r: &str) -> Option<(crate::highlight::token::Token, usize)> {
    if !r.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let digits_ = |s: &str| span(s, |c| c.is_ascii_digit() || c == '_');
    let int = digits_(r);
    let s = &r[int..];
    let dot = s
        .strip_prefix('.')
        .filter(|t| t.starts_with(|c: char| c.is_ascii_digit()))
        .map(|t| 1 + digits_(t));
    let exp = |t: &str| {
        let e = t.strip_prefix(['e', 'E'])?;
        let sign = usize::from(e.starts_with(['+', '-']));
        span1(&e[sign..], |c| c.is_ascii_digit() || c == '_').map(|n| 1 + sign + n)
    };
    let flt = |t: &str| (t.starts_with("f32") || t.starts_with("f64")).then_some(3);
    if let Some(d) = dot {
        let e = exp(&s[d..]).unwrap_or(0);
        let f = flt(&s[d + e..]).unwrap_or(0);
        return Some((NumFloat, int + d + e + f));
    }
    if let Some(e) = exp(s) {
        return Some((NumFloat, int + e + flt(&s[e..]).unwrap_or(0)));
    }
    if let Some(f) = flt(s) {
        return Some((NumFloat, int + f));
    }
    if let Some(after) = s.strip_prefix('.')
        && !after.starts_with(|c: char| c == '.' || c == '_' || is_alpha(c))
    {
        return Some((NumFloat, int + 1));
    }
    let base = |p: &str, f: fn(char) -> bool| {
        r.strip_prefix(p)
            .and_then(|t| span1(t, |c| f(c) || c == '_'))
            .map(|n| 2 + n)
    };
    let n = base("0b", |c| c == '0' || c == '1')
        .or_else(|| base("0x", |c| c.is_ascii_hexdigit()))
        .or_else(|| base("0o", |c| ('0'..='7').contains(&c)))
        .unwrap_or(int);
    const SIZES: &[&str] = &["8", "16", "32", "64", "128", "size"];
    let size = |t: &str| SIZES.iter().find(|z| t.starts_with(*z)).map(|z| z.len());
    let suffix = match r.as_bytes().get(n) {
        Some(b'u') => 1 + size(&r[n + 1..]).unwrap_or(0),
        Some(b'i') => size(&r[n + 1..]).map_or(0, |z| 1 + z),
        _ => 0,
    };
    Some((NumInteger, n + suffix))
}

impl Rust {
    /// `whitespace`: spaces and comments.
    fn whitespace(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        if !r.starts_with('/') {
            return None;
        }
        let line = line_len(r);
        if r.starts_with("////") {
            return emit(out, CommentSingle, r, line);
        }
        if r.starts_with("///") || r.starts_with("//!") {
            return emit(out, CommentDoc, r, line);
        }
        if r.starts_with("//") {
            return emit(out, CommentSingle, r, line);
        }
        if r.starts_with("/**/") {
            return emit(out, CommentMultiline, r, 4);
        }
        if r.starts_with("/***/") {
            return emit(out, CommentMultiline, r, 5);
        }
        if r.starts_with("/***") {
            self.push(State::NestedPlain);
            return emit(out, CommentMultiline, r, 3 + span(&r[3..], |c| c == '*'));
        }
        if r.starts_with("/**") || r.starts_with("/*!") {
            self.push(State::NestedDoc);
            return emit(out, CommentDoc, r, 3);
        }
        if r.starts_with("/*") {
            self.push(State::NestedPlain);
            return emit(out, CommentMultiline, r, 2);
        }
        None
    }

    /// `has_literals`: booleans, characters, strings, raw strings, numbers.
    fn literals(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        for w in ["true", "false"] {
            if c.word_boundary() && r.starts_with(w) && !r[w.len()..].starts_with(is_uword) {
                return emit(out, KeywordConstant, r, w.len());
            }
        }
        if let Some(n) = char_lit(r) {
            return emit(out, StrChar, r, n);
        }
        let b = usize::from(r.starts_with('b'));
        if r[b..].starts_with('"') {
            self.push(State::Str);
            return emit(out, Str, r, b + 1);
        }
        if let Some(n) = self.raw_string(c, b) {
            return emit(out, Str, r, n);
        }
        number(r).and_then(|(tok, n)| emit(out, tok, r, n))
    }

    /// `b?r(#*)".*?"\1`: a raw string, ending at the first `"` with as many `#`s.
    fn raw_string(&mut self, c: Cursor<'_>, b: usize) -> Option<usize> {
        let r = c.rest();
        let rest = r[b..].strip_prefix('r')?;
        let hashes = span(rest, |ch| ch == '#');
        if !rest[hashes..].starts_with('"') {
            return None;
        }
        let start = b + 1 + hashes + 1;
        let closing = format!("\"{}", &rest[..hashes]);
        if hashes != self.raw_hashes {
            self.raw_hashes = hashes;
            self.raw_end = Ahead::default();
        }
        let body = Cursor {
            src: c.src,
            pos: c.pos + start,
        };
        let end = self.raw_end.find(body, |s| s.find(&closing))?;
        Some(start + end + closing.len())
    }

    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if r.starts_with('\n') {
            self.push(State::Bol);
            return emit(out, Text, r, 1);
        }
        if let Some(n) = self.whitespace(r, out) {
            return Some(n);
        }
        if r.starts_with("#[") || r.starts_with("#![") {
            self.push(State::Attribute);
            return emit(
                out,
                NameDecorator,
                r,
                if r.starts_with("#[") { 2 } else { 3 },
            );
        }
        if c.word_boundary() {
            let w = span(r, is_uword);
            if KEYWORDS.binary_search(&&r[..w]).is_ok() {
                return emit(out, Keyword, r, w);
            }
        }
        if let Some(n) = self.literals(c, out) {
            return Some(n);
        }
        if r.starts_with("=>") || r.starts_with("->") {
            return emit(out, Keyword, r, 2);
        }
        if r.starts_with("<->") {
            return emit(out, Keyword, r, 3);
        }
        if let Some(n) = one_of(r, "()[]{}|,:;") {
            return emit(out, Punctuation, r, n);
        }
        if let Some(n) = one_of(r, "*/!@~&+%^<>=?-") {
            return emit(out, Operator, r, n);
        }
        if r.starts_with("..") {
            return emit(out, Operator, r, if r.starts_with("...") { 3 } else { 2 });
        }
        let paren_after = |s: &str| s[span(s, is_space)..].starts_with('(');
        if let Some(rest) = r.strip_prefix('.') {
            let sp = span(rest, is_space);
            let name = &rest[sp..];
            if let Some(n) = ident(name) {
                let end = 1 + sp + n;
                if paren_after(&r[end..]) {
                    return emit(out, NameFunction, r, end);
                }
                if &name[..n] == "await" {
                    return emit(out, Keyword, r, end);
                }
                return emit(out, NameProperty, r, end);
            }
            let d = span1(name, |ch| ch.is_ascii_digit())?;
            return emit(out, NameAttribute, r, 1 + sp + d);
        }
        if let Some(n) = ident(r) {
            if paren_after(&r[n..]) {
                return emit(out, NameFunction, r, n);
            }
            if r[n..].starts_with("::") {
                out.push(NameNamespace, &r[..n]);
                out.push(Punctuation, "::");
                return Some(n + 2);
            }
            if r.starts_with("macro_rules!") {
                self.push(State::MacroRules);
                return emit(out, NameDecorator, r, 12);
            }
            if r[n..].starts_with('!') {
                self.push(State::Macro);
                return emit(out, NameDecorator, r, n + 1);
            }
        }
        if let Some(rest) = r.strip_prefix('\'') {
            if rest.starts_with("static") && !rest[6..].starts_with(is_uword) {
                return emit(out, Keyword, r, 7);
            }
            if let Some(n) = ident(rest) {
                return emit(out, NameVariable, r, 1 + n);
            }
        }
        let n = ident(r)?;
        let tok = if BUILTINS.binary_search(&&r[..n]).is_ok() {
            NameBuiltin
        } else {
            Name
        };
        emit(out, tok, r, n)
    }

    /// `macro`: brackets counted, then the root rules, then anything.
    fn macro_body(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = self.literals(c, out) {
            return Some(n);
        }
        let slot = |ch: u8| match ch {
            b'[' | b']' => Some(0),
            b'(' | b')' => Some(1),
            b'{' | b'}' => Some(2),
            _ => None,
        };
        if let Some(&ch) = r.as_bytes().first()
            && let Some(i) = slot(ch)
        {
            if b"[({".contains(&ch) {
                self.macro_delims[i] += 1;
            } else {
                self.macro_delims[i] -= 1;
                if self.macro_delims.iter().all(|&d| d == 0) {
                    self.pop();
                }
            }
            return emit(out, Punctuation, r, 1);
        }
        if let Some(n) = ident(r).filter(|&n| r[n..].starts_with('!')) {
            return emit(out, NameDecorator, r, n + 1);
        }
        if let Some(n) = self.root(c, out) {
            return Some(n);
        }
        let ch = r.chars().next().filter(|&ch| ch != '\n')?;
        emit(out, Text, r, ch.len_utf8())
    }
}

impl Rules for Rust {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(c, out),
            State::Bol => {
                if let Some(n) = self.whitespace(r, out) {
                    return Some(n);
                }
                // `#\s[^\n]*`: rustdoc's hidden line (the space may be a line break).
                if let Some(rest) = r.strip_prefix('#')
                    && rest.starts_with(is_space)
                {
                    return emit(out, CommentSpecial, r, 2 + line_len(&rest[1..]));
                }
                self.pop();
                Some(0)
            }
            State::Attribute => {
                if let Some(n) = self.whitespace(r, out).or_else(|| self.literals(c, out)) {
                    return Some(n);
                }
                if let Some(n) = one_of(r, "(,)=:") {
                    return emit(out, NameDecorator, r, n);
                }
                if r.starts_with(']') {
                    self.pop();
                    return emit(out, NameDecorator, r, 1);
                }
                ident(r).and_then(|n| emit(out, NameDecorator, r, n))
            }
            State::NestedPlain | State::NestedDoc => {
                let state = *self.stack.last()?;
                let tok = if state == State::NestedDoc {
                    CommentDoc
                } else {
                    CommentMultiline
                };
                if r.starts_with("*/") {
                    self.pop();
                    return emit(out, tok, r, 2);
                }
                if r.starts_with("/*") {
                    self.push(state);
                    return emit(out, tok, r, 2);
                }
                let n = span1(r, |ch| ch != '*' && ch != '/').unwrap_or(1);
                emit(out, tok, r, n)
            }
            State::Macro => self.macro_body(c, out),
            State::MacroRules => {
                if let Some(rest) = r.strip_prefix('$') {
                    let n = ident(rest).map_or(0, |n| {
                        n + rest[n..]
                            .strip_prefix(':')
                            .and_then(ident)
                            .map_or(0, |k| 1 + k)
                    });
                    return emit(out, NameVariable, r, 1 + n);
                }
                self.macro_body(c, out)
            }
            State::Str => {
                if r.starts_with('"') {
                    self.pop();
                    return emit(out, Str, r, 1);
                }
                if let Some(n) = escape(r) {
                    return emit(out, StrEscape, r, n);
                }
                span1(r, |ch| ch != '"' && ch != '\\').and_then(|n| emit(out, Str, r, n))
            }
        }
    }
}
