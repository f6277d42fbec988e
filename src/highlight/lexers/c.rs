//! Rouge's `c` lexer and its `cpp` subclass (`c++`): the C++ one adds rules in front of C's
//! (`prepend`), so both live here with a flag. The notable quirk is Rouge's one-regex
//! function-definition rule, reproduced in [`C::function_definition`].

use crate::highlight::scan::{
    Cursor, Lex, Rules, Tokens, drive, is_space, is_uword, is_word, line_len, one_of, span, span1,
    starts_with_ci,
};
use crate::highlight::token::Token::{self, *};

use super::c_words::{is_keyword, is_keyword_type, is_reserved};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Bol,
    ExprBol,
    Function,
    Str,
    Macro,
    If0,
    Case,
    ClassName,
    Template,
}

/// The C or C++ lexer: a state stack, plus memos that keep the function-definition rule
/// linear (Rouge's regex can rescan the same text from every word of a run).
pub(crate) struct C {
    cpp: bool,
    stack: Vec<State>,
    /// The function-definition rule is known to fail at every position before this.
    no_definition_before: usize,
    /// The last search for a signature's `)`: from, searched up to, the `)` found.
    close_memo: Option<(usize, usize, Option<usize>)>,
}

impl C {
    /// A C lexer (`cpp` for C++) at the start of its input; Rouge's `start { push :bol }`.
    pub(crate) fn new(cpp: bool) -> C {
        C {
            cpp,
            stack: vec![State::Root, State::Bol],
            no_definition_before: 0,
            close_memo: None,
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

    /// Rouge's `recurse`: a fresh lexer of the same language over `text`.
    fn recurse(&self, text: &str, out: &mut Tokens) {
        C::new(self.cpp).lex(text, out);
    }
}

impl Lex for C {
    fn reset(&mut self) {
        self.stack = vec![State::Root, State::Bol];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        self.no_definition_before = 0;
        self.close_memo = None;
        drive(self, src, out);
    }
}

fn emit(out: &mut Tokens, tok: Token, r: &str, n: usize) -> Option<usize> {
    out.push(tok, &r[..n]);
    Some(n)
}

/// `[a-zA-Z_][a-zA-Z0-9_]*`
fn ident(r: &str) -> Option<usize> {
    let first = r.chars().next()?;
    (first.is_ascii_alphabetic() || first == '_').then(|| span(r, is_word))
}

fn digits(r: &str) -> usize {
    span(r, |c| c.is_ascii_digit())
}

/// `[lu]*`, case-insensitively.
fn int_suffix(r: &str) -> usize {
    span(r, |c| matches!(c, 'l' | 'u' | 'L' | 'U'))
}

/// `\d('?\d)*`: digits with single quotes between them (C++14 separators).
fn dq(r: &str) -> usize {
    quoted_digits(r, |b| b.is_ascii_digit())
}

/// One digit of a class, then more, optionally after single `'` separators.
fn quoted_digits(r: &str, is_digit: impl Fn(u8) -> bool) -> usize {
    let b = r.as_bytes();
    if b.first().is_none_or(|&c| !is_digit(c)) {
        return 0;
    }
    let mut i = 1;
    loop {
        if i < b.len() && is_digit(b[i]) {
            i += 1;
        } else if i + 1 < b.len() && b[i] == b'\'' && is_digit(b[i + 1]) {
            i += 2;
        } else {
            return i;
        }
    }
}

/// `e[+-]?` then digits measured by `digits_of`, case-insensitively.
fn exponent(r: &str, digits_of: fn(&str) -> usize) -> usize {
    if !r.starts_with(['e', 'E']) {
        return 0;
    }
    let sign = usize::from(r[1..].starts_with(['+', '-']));
    match digits_of(&r[1 + sign..]) {
        0 => 0,
        d => 1 + sign + d,
    }
}

/// C's number rules, in order.
fn c_number(r: &str) -> Option<(Token, usize)> {
    // `(\d+[.]\d*|[.]?\d+)e[+-]?\d+[lu]*`, then `\d+e[+-]?\d+[lu]*` (the same shapes).
    let d = digits(r);
    let mut mantissas = Vec::with_capacity(2);
    if d > 0 && r[d..].starts_with('.') {
        mantissas.push(d + 1 + digits(&r[d + 1..]));
    }
    let dot = usize::from(r.starts_with('.'));
    if digits(&r[dot..]) > 0 {
        mantissas.push(dot + digits(&r[dot..]));
    }
    for m in mantissas {
        let e = exponent(&r[m..], digits);
        if e > 0 {
            return Some((NumFloat, m + e + int_suffix(&r[m + e..])));
        }
    }
    if starts_with_ci(r, "0x")
        && let Some(h) = span1(&r[2..], |c| c.is_ascii_hexdigit())
    {
        return Some((NumHex, 2 + h + int_suffix(&r[2 + h..])));
    }
    if let Some(octal) = r.strip_prefix('0')
        && let Some(o) = span1(octal, |c| matches!(c, '0'..='7'))
    {
        return Some((NumOct, 1 + o + int_suffix(&octal[o..])));
    }
    (d > 0).then(|| (NumInteger, d + int_suffix(&r[d..])))
}

/// The number rules C++ puts before C's.
fn cpp_number(r: &str) -> Option<(Token, usize)> {
    let d = dq(r);
    if d > 0 {
        // User-defined-literal-like suffixes: `10ms`, `2.5h`, `1if`.
        let mut m = d;
        if r[d..].starts_with('.') && dq(&r[d + 1..]) > 0 {
            m = d + 1 + dq(&r[d + 1..]);
        }
        let suffix = span(&r[m..], is_uword);
        let word = &r[m..m + suffix];
        if ["y", "d", "h", "min", "s", "ms", "us", "ns", "i", "if", "il"].contains(&word) {
            return Some((NumOther, m + suffix));
        }
    }
    // `(dq[.]dq?|[.]dq)(e[+-]?dq[lu]*)?`
    let mantissa = if d > 0 && r[d..].starts_with('.') {
        Some(d + 1 + dq(&r[d + 1..]))
    } else if r.starts_with('.') && dq(&r[1..]) > 0 {
        Some(1 + dq(&r[1..]))
    } else {
        None
    };
    if let Some(m) = mantissa {
        let e = exponent(&r[m..], dq);
        let n = if e > 0 {
            m + e + int_suffix(&r[m + e..])
        } else {
            m
        };
        return Some((NumFloat, n));
    }
    if d > 0 {
        let e = exponent(&r[d..], dq);
        if e > 0 {
            return Some((NumFloat, d + e + int_suffix(&r[d + e..])));
        }
    }
    if starts_with_ci(r, "0x") {
        let h = quoted_digits(&r[2..], |b| b.is_ascii_hexdigit());
        if h > 0 {
            return Some((NumHex, 2 + h + int_suffix(&r[2 + h..])));
        }
    }
    if let Some(bits) = r.strip_prefix("0b") {
        // `0b[01]+('[01]+)*`
        let b = quoted_digits(bits, |b| matches!(b, b'0' | b'1'));
        if b > 0 {
            return Some((NumBin, 2 + b));
        }
    }
    // `0[0-7]('?[0-7])*[lu]*`
    if let Some(octal) = r.strip_prefix('0') {
        let o = quoted_digits(octal, |b| matches!(b, b'0'..=b'7'));
        if o > 0 {
            return Some((NumOct, 1 + o + int_suffix(&octal[o..])));
        }
    }
    (d > 0).then(|| (NumInteger, d + int_suffix(&r[d..])))
}

/// `(u8|u|U|L)?'(\\.|\\[0-7]{1,3}|\\x[a-f0-9]{1,2}|[^\\'\n])'` (case-insensitive).
fn char_literal(r: &str) -> Option<usize> {
    let prefixes = [2, 1, 0].into_iter().filter(|&n| match n {
        2 => starts_with_ci(r, "u8"),
        1 => r.starts_with(['u', 'U', 'l', 'L']),
        _ => true,
    });
    for p in prefixes {
        let Some(body) = r[p..].strip_prefix('\'') else {
            continue;
        };
        let closes = |n: usize| body[n..].starts_with('\'').then_some(p + 1 + n + 1);
        let found = if let Some(esc) = body.strip_prefix('\\') {
            let any = esc
                .chars()
                .next()
                .filter(|&c| c != '\n')
                .map(char::len_utf8);
            let oct = esc
                .bytes()
                .take(3)
                .take_while(|b| matches!(b, b'0'..=b'7'))
                .count();
            let hex = if esc.starts_with(['x', 'X']) {
                esc.bytes()
                    .skip(1)
                    .take(2)
                    .take_while(u8::is_ascii_hexdigit)
                    .count()
            } else {
                0
            };
            any.and_then(|n| closes(1 + n))
                .or_else(|| (1..=oct).rev().find_map(|n| closes(1 + n)))
                .or_else(|| (1..=hex).rev().find_map(|n| closes(2 + n)))
        } else {
            body.chars()
                .next()
                .filter(|&c| c != '\'' && c != '\n')
                .and_then(|c| closes(c.len_utf8()))
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// `/(\\\n)?[*].*?[*](\\\n)?/` (across lines).
fn block_comment(r: &str) -> Option<usize> {
    let rest = r.strip_prefix('/')?;
    let open = 1 + if rest.starts_with("\\\n") { 2 } else { 0 };
    if !r[open..].starts_with('*') {
        return None;
    }
    let body = open + 1;
    let b = r.as_bytes();
    let mut k = body;
    while let Some(i) = r[k..].find('*') {
        let star = k + i;
        if b.get(star + 1) == Some(&b'/') {
            return Some(star + 2);
        }
        if r[star + 1..].starts_with("\\\n/") {
            return Some(star + 4);
        }
        k = star + 1;
    }
    None
}

/// The `ws` of the function-definition rule: `(?:\s|//.*?\n|/[*].*?[*]/)+`, where the
/// comments stay on one line.
fn definition_ws(r: &str) -> usize {
    let mut i = 0;
    loop {
        let rest = &r[i..];
        if rest.starts_with(is_space) {
            i += 1;
        } else if let Some(body) = rest.strip_prefix("//")
            && let Some(nl) = body.find('\n')
        {
            i += 2 + nl + 1;
        } else if let Some(body) = rest.strip_prefix("/*")
            && let Some(end) = body[..line_len(body)].find("*/")
        {
            i += 2 + end + 2;
        } else {
            return i;
        }
    }
}

impl C {
    /// Rouge's `([\w*\s]+?[\s*])(id)(\s*\([^;]*?\))(ws?)({|;)`: a function's return type,
    /// name, signature and opening brace (or semicolon), as byte offsets of the group ends.
    fn function_definition(&mut self, c: Cursor<'_>) -> Option<[usize; 5]> {
        if c.pos < self.no_definition_before {
            return None;
        }
        let r = c.rest();
        let run = span(r, |ch| is_word(ch) || ch == '*' || is_space(ch));
        // Failing here means failing at every later start in the same run.
        self.no_definition_before = c.pos + run;
        if !r[run..].starts_with('(') {
            return None;
        }
        let id_end = r[..run].trim_end_matches(is_space).len();
        let id_start = id_end
            - r[..id_end]
                .bytes()
                .rev()
                .take_while(|&b| is_word(b as char))
                .count();
        if id_start < 2
            || id_start == id_end
            || r.as_bytes()[id_start].is_ascii_digit()
            || !matches!(
                r.as_bytes()[id_start - 1],
                b'*' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c'
            )
        {
            return None;
        }
        let close = self.signature_close(c.src, c.pos + run)? - c.pos;
        let ws_end = close + definition_ws(&r[close..]);
        self.no_definition_before = 0;
        Some([id_start, id_end, close, ws_end, ws_end + 1])
    }

    /// The first `)` after the `(` at `open` that precedes no `;` and is followed by
    /// optional whitespace and `{` or `;` (absolute offset just past it).
    fn signature_close(&mut self, src: &str, open: usize) -> Option<usize> {
        if let Some((from, to, found)) = self.close_memo
            && (from..to).contains(&open)
        {
            return found;
        }
        let b = src.as_bytes();
        let mut k = open + 1;
        let found = loop {
            match b.get(k) {
                None | Some(b';') => break None,
                Some(b')') => {
                    let after = k + 1 + definition_ws(&src[k + 1..]);
                    if matches!(b.get(after), Some(b'{' | b';')) {
                        break Some(k + 1);
                    }
                }
                _ => {}
            }
            k += 1;
        };
        self.close_memo = Some((open, found.unwrap_or(k), found));
        found
    }
}

/// The `inline_whitespace` rules.
fn inline_whitespace(r: &str) -> Option<(Token, usize)> {
    if let Some(n) = span1(r, |c| matches!(c, ' ' | '\t' | '\r')) {
        return Some((Text, n));
    }
    if r.starts_with("\\\n") {
        return Some((Text, 2));
    }
    block_comment(r).map(|n| (CommentMultiline, n))
}

impl Rules for C {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => {
                if self.cpp {
                    let n = ["__offload", "__blockingoffload", "__outer"]
                        .iter()
                        .find(|w| r.starts_with(*w) && !r[w.len()..].starts_with(is_uword))
                        .map(|w| w.len());
                    if let Some(n) = n {
                        return emit(out, KeywordPseudo, r, n);
                    }
                }
                if let Some(n) = self.expr_whitespace(r, out) {
                    return Some(n);
                }
                if let Some([g1, id, sig, ws, end]) = self.function_definition(c) {
                    self.recurse(&r[..g1], out);
                    out.push(NameFunction, &r[g1..id]);
                    self.recurse(&r[id..sig], out);
                    self.recurse(&r[sig..ws], out);
                    out.push(Punctuation, &r[ws..end]);
                    if r[ws..].starts_with('{') {
                        self.push(State::Function);
                    }
                    return Some(end);
                }
                if r.starts_with('{') {
                    self.push(State::Function);
                    return emit(out, Punctuation, r, 1);
                }
                self.statements(c, out)
            }
            State::Bol => {
                if let Some(id) = ident(r)
                    && r[id..].starts_with(':')
                    && !r[id + 1..].starts_with(':')
                {
                    return emit(out, NameLabel, r, id + 1);
                }
                self.expr_bol(r, out)
            }
            State::ExprBol => self.expr_bol(r, out),
            State::Function => {
                if let Some(n) = self.whitespace(r, out).or_else(|| self.statements(c, out)) {
                    return Some(n);
                }
                match r.as_bytes().first()? {
                    b';' => emit(out, Punctuation, r, 1),
                    b'{' => {
                        self.push(State::Function);
                        emit(out, Punctuation, r, 1)
                    }
                    b'}' => {
                        self.pop();
                        emit(out, Punctuation, r, 1)
                    }
                    _ => None,
                }
            }
            State::Str => self.string(r, out),
            State::Macro => self.macro_line(r, out),
            State::If0 => self.if0(c, out),
            State::Case => {
                // C++ redefines the state so that `::` does not end the label.
                if r.starts_with(':') && !(self.cpp && r[1..].starts_with(':')) {
                    self.pop();
                    return emit(out, Punctuation, r, 1);
                }
                self.statements(c, out)
            }
            State::ClassName => {
                if let Some(n) = ident(r) {
                    self.pop();
                    return emit(out, NameClass, r, n);
                }
                if let Some(n) = self.whitespace(r, out) {
                    return Some(n);
                }
                if r.starts_with("...") {
                    return emit(out, Operator, r, 3);
                }
                if r.starts_with(',') {
                    self.pop();
                    return emit(out, Punctuation, r, 1);
                }
                self.pop();
                Some(0)
            }
            State::Template => {
                if r.starts_with(['>', ';']) {
                    self.pop();
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with("typename") && !r[8..].starts_with(is_uword) {
                    self.push(State::ClassName);
                    return emit(out, Keyword, r, 8);
                }
                self.statements(c, out)
            }
        }
    }
}

impl C {
    fn expr_bol(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some((tok, n)) = inline_whitespace(r) {
            return emit(out, tok, r, n);
        }
        if r.starts_with("#if") && r[3..].starts_with(is_space) && r[4..].starts_with('0') {
            self.push(State::If0);
            return emit(out, Comment, r, 5);
        }
        if r.starts_with('#') {
            self.push(State::Macro);
            return emit(out, CommentPreproc, r, 1);
        }
        self.pop();
        Some(0)
    }

    fn whitespace(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = span1(r, |c| c == '\n') {
            self.push(State::Bol);
            return emit(out, Text, r, n);
        }
        if r.starts_with("//") {
            // `//(\\.|.)*?$`: the rest of the line.
            self.push(State::Bol);
            return emit(out, CommentSingle, r, line_len(r));
        }
        let (tok, n) = inline_whitespace(r)?;
        emit(out, tok, r, n)
    }

    fn expr_whitespace(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = span1(r, |c| c == '\n') {
            self.push(State::ExprBol);
            return emit(out, Text, r, n);
        }
        self.whitespace(r, out)
    }

    fn statements(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if self.cpp
            && let Some(n) = self.cpp_statements(r, out)
        {
            return Some(n);
        }
        if let Some(n) = self.whitespace(r, out) {
            return Some(n);
        }
        // `(u8|u|U|L)?"`
        let quote = if r.starts_with("u8\"") {
            Some(3)
        } else if r.starts_with(['u', 'U', 'L']) && r[1..].starts_with('"') {
            Some(2)
        } else {
            r.starts_with('"').then_some(1)
        };
        if let Some(n) = quote {
            self.push(State::Str);
            return emit(out, Str, r, n);
        }
        if let Some(n) = char_literal(r) {
            return emit(out, StrChar, r, n);
        }
        if let Some((tok, n)) = c_number(r) {
            return emit(out, tok, r, n);
        }
        if r.starts_with("*/") {
            return emit(out, Error, r, 2);
        }
        if let Some(n) = one_of(r, "~!%^&*+=|?:<>/-") {
            return emit(out, Operator, r, n);
        }
        if let Some(n) = one_of(r, "()[],.;") {
            return emit(out, Punctuation, r, n);
        }
        if r.starts_with("case") && !r[4..].starts_with(is_uword) {
            self.push(State::Case);
            return emit(out, Keyword, r, 4);
        }
        if let Some(w) = ["true", "false", "NULL"]
            .iter()
            .find(|w| r.starts_with(*w) && !r[w.len()..].starts_with(is_uword))
        {
            return emit(out, NameBuiltin, r, w.len());
        }
        let n = ident(r)?;
        let word = &r[..n];
        let tok = if is_keyword(word, self.cpp) {
            Keyword
        } else if is_keyword_type(word, self.cpp) {
            KeywordType
        } else if is_reserved(word, self.cpp) {
            KeywordReserved
        } else {
            Name
        };
        emit(out, tok, r, n)
    }

    /// The rules C++ prepends to `statements`.
    fn cpp_statements(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let word_at = |w: &str| r.starts_with(w) && !r[w.len()..].starts_with(is_uword);
        if let Some(w) = ["class", "struct"].into_iter().find(|w| word_at(w)) {
            self.push(State::ClassName);
            return emit(out, Keyword, r, w.len());
        }
        if word_at("template") {
            self.push(State::Template);
            return emit(out, Keyword, r, 8);
        }
        if let Some((tok, n)) = cpp_number(r) {
            return emit(out, tok, r, n);
        }
        if word_at("nullptr") {
            return emit(out, NameBuiltin, r, 7);
        }
        if let Some(n) = raw_string(r) {
            return emit(out, Str, r, n);
        }
        if r.starts_with("::") {
            return emit(out, Operator, r, 2);
        }
        if r.starts_with("<=>") {
            return emit(out, Operator, r, 3);
        }
        one_of(r, "{}").and_then(|n| emit(out, Punctuation, r, n))
    }

    fn string(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if r.starts_with('"') {
            self.pop();
            return emit(out, Str, r, 1);
        }
        if let Some(esc) = r.strip_prefix('\\') {
            let b = esc.as_bytes();
            let n = match b.first() {
                Some(b'\\' | b'a' | b'b' | b'f' | b'n' | b'r' | b't' | b'v' | b'"' | b'\'') => 1,
                Some(b'x') => match b[1..]
                    .iter()
                    .take(4)
                    .take_while(|c| c.is_ascii_hexdigit())
                    .count()
                {
                    0 | 1 => 0,
                    h => 1 + h,
                },
                Some(b'0'..=b'7') => b
                    .iter()
                    .take(3)
                    .take_while(|c| matches!(c, b'0'..=b'7'))
                    .count(),
                _ => 0,
            };
            if n > 0 {
                return emit(out, StrEscape, r, 1 + n);
            }
        }
        if let Some(n) = span1(r, |c| !matches!(c, '\\' | '"' | '\n')) {
            return emit(out, Str, r, n);
        }
        if r.starts_with("\\\n") {
            return emit(out, Str, r, 2);
        }
        r.starts_with('\\').then(|| emit(out, Str, r, 1))?
    }

    fn macro_line(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = include(r, out) {
            return Some(n);
        }
        if let Some(n) = span1(r, |c| !matches!(c, '/' | '\n' | '\\')) {
            return emit(out, CommentPreproc, r, n);
        }
        if let Some(ch) = r.strip_prefix('\\').and_then(|s| s.chars().next()) {
            return emit(out, CommentPreproc, r, 1 + ch.len_utf8());
        }
        if let Some((tok, n)) = inline_whitespace(r) {
            return emit(out, tok, r, n);
        }
        if r.starts_with('/') {
            return emit(out, CommentPreproc, r, 1);
        }
        if r.starts_with('\n') {
            self.pop();
            return emit(out, CommentPreproc, r, 1);
        }
        None
    }

    fn if0(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if c.bol() {
            let sp = span(r, is_space);
            if r[sp..].starts_with("#if") {
                self.push(State::If0);
                return emit(out, Comment, r, sp + 3);
            }
            if let Some(after) = r[sp..].strip_prefix('#') {
                let sp2 = span(after, is_space);
                let directive = &after[sp2..];
                if directive.starts_with("else") || directive.starts_with("elif") {
                    self.pop();
                    return emit(out, Comment, r, sp + 1 + sp2 + 4);
                }
                // `endif\b.*?(?<!\\)\n`: through the first newline not escaped.
                if directive.starts_with("endif") && !directive[5..].starts_with(is_uword) {
                    let from = sp + 1 + sp2 + 5;
                    let b = r.as_bytes();
                    if let Some(nl) = (from..b.len()).find(|&k| b[k] == b'\n' && b[k - 1] != b'\\')
                    {
                        self.pop();
                        return emit(out, Comment, r, nl + 1);
                    }
                }
            }
        }
        let nl = r.find('\n')?;
        emit(out, Comment, r, nl + 1)
    }
}

/// `(include)(\s*)(<[^>]+>)([^\n]*)` and the same with `"…"`.
fn include(r: &str, out: &mut Tokens) -> Option<usize> {
    let rest = r.strip_prefix("include")?;
    let sp = span(rest, is_space);
    let file = &rest[sp..];
    let close = match file.chars().next()? {
        '<' => '>',
        '"' => '"',
        _ => return None,
    };
    let end = file[1..].find(close).filter(|&e| e > 0)? + 2;
    let tail = line_len(&file[end..]);
    out.push(CommentPreproc, "include");
    out.push(Text, &rest[..sp]);
    out.push(CommentPreprocFile, &file[..end]);
    out.push(CommentSingle, &file[end..end + tail]);
    Some(7 + sp + end + tail)
}

/// `(?:u8|u|U|L)?R"(delim{,16})\(.*?\)\1"`: a C++ raw string.
fn raw_string(r: &str) -> Option<usize> {
    let p = [2, 1, 0].into_iter().find(|&p| {
        let prefix_ok = match p {
            2 => r.starts_with("u8"),
            1 => r.starts_with(['u', 'U', 'L']),
            _ => true,
        };
        prefix_ok && r[p..].starts_with("R\"")
    })?;
    let body = &r[p + 2..];
    let delim_len = span(body, |c| {
        c.is_ascii_alphanumeric() || "_{}[]#<>%:;.?*+-/^&|~!=,\"'".contains(c)
    });
    if delim_len > 16 || !body[delim_len..].starts_with('(') {
        return None;
    }
    let closing = format!("){}\"", &body[..delim_len]);
    let end = body[delim_len + 1..].find(&closing)?;
    Some(p + 2 + delim_len + 1 + end + closing.len())
}
