//! Rouge's `php` lexer (`php3`, `php4`, `php5`): a template lexer over HTML (or the
//! `parent` option's language). By default it guesses where PHP starts: text opening with
//! `<` or leading to `<?php` goes to the parent first, anything else is PHP from the start.
//! Function, parameter, `use` and `new` forms each get a small state; `?>` resets them all.

use super::php_words::{BUILTINS, KEYWORDS};
use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, StateStack, Tokens, drive, emit, is_space, is_uword, line_len, span,
    span1, starts_with_ci,
};
use crate::highlight::token::Token::*;
use unicode_general_category::{GeneralCategory as G, get_general_category};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Start,
    Php,
    String,
    InterpDouble,
    InterpSingle,
    InAssign,
    InAssignFunction,
    InCatch,
    InConst,
    InFunctionBody,
    InFunctionName,
    InFunctionParams,
    InFunctionReturn,
    InFunctionUse,
    InNew,
    InNewClass,
    InUse,
    InVisibility,
}

/// How the lexer starts (`start_inline`): in PHP, in the parent, or guessing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StartInline {
    Yes,
    No,
    Guess,
}

/// The PHP lexer: its state stack, the parent lexer, and what it found ahead.
pub(crate) struct Php {
    stack: Vec<State>,
    start: StartInline,
    parent: Box<dyn Lex>,
    next_open: Ahead,
    comment_end: Ahead,
    /// The last heredoc search: its lowercased label, where it started and what it found.
    heredoc: (String, usize, Option<usize>),
    /// The last run of non-space characters searched for a closing bracket (`{…}`, `[…]`
    /// in strings): the text, the bracket, where the run started and ended, the last one.
    run: ((usize, usize, char), usize, usize, Option<usize>),
}

impl Php {
    /// A PHP lexer templating `parent`.
    pub(crate) fn new(parent: Box<dyn Lex>, start: StartInline) -> Php {
        let mut php = Php {
            stack: Vec::new(),
            start,
            parent,
            next_open: Ahead::default(),
            comment_end: Ahead::default(),
            heredoc: (String::new(), usize::MAX, None),
            run: ((0, 0, ' '), 0, 0, None),
        };
        php.reset();
        php
    }

    fn reset_stack(&mut self) {
        self.stack = vec![State::Root];
    }
}

impl Lex for Php {
    fn reset(&mut self) {
        self.reset_stack();
        match self.start {
            StartInline::Yes => self.stack.push(State::Php),
            StartInline::Guess => self.stack.push(State::Start),
            StartInline::No => {}
        }
        self.parent.reset();
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

fn id_start(c: char) -> bool {
    c == '_' || is_letter(c)
}

fn is_letter(c: char) -> bool {
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
    )
}

fn id_char(c: char) -> bool {
    id_start(c)
        || matches!(
            get_general_category(c),
            G::DecimalNumber | G::LetterNumber | G::OtherNumber
        )
}

/// `[\p{L}_][\p{L}\p{N}_]*`.
fn id(r: &str) -> Option<usize> {
    let first = r.chars().next().filter(|&c| id_start(c))?;
    Some(first.len_utf8() + span(&r[first.len_utf8()..], id_char))
}

/// `(?:(?:id\\)+)?id`: a name with its namespace, and where its last part starts.
fn id_with_ns(r: &str) -> Option<(usize, usize)> {
    let mut n = id(r)?;
    let mut last = 0;
    while let Some(rest) = r[n..].strip_prefix('\\') {
        match id(rest) {
            Some(k) => {
                last = n + 1;
                n += 1 + k;
            }
            None => break,
        }
    }
    Some((n, last))
}

/// `\??id`.
fn opt_type(r: &str) -> Option<usize> {
    let q = usize::from(r.starts_with('?'));
    id(&r[q..]).map(|n| q + n)
}

/// `word\b`, any case.
fn word_ci(r: &str, word: &str) -> bool {
    starts_with_ci(r, word) && !r[word.len()..].starts_with(is_uword)
}

/// A quoted run without line-crossing escapes: `q([^q\\]*(?:\\.[^q\\]*)*)q`.
fn quoted(r: &str, q: char) -> Option<usize> {
    let mut chars = r.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if c == q {
            return Some(i + 1);
        }
        if c == '\\' {
            match chars.next() {
                Some((_, '\n')) | None => return None,
                Some(_) => {}
            }
        }
    }
    None
}

/// `(\d[_\d]*)?\.(\d[_\d]*)?(e[+-]?\d[_\d]*)?` (any case): a lone `.` included.
fn float(r: &str) -> Option<usize> {
    let digits = |s: &str| {
        if s.starts_with(|c: char| c.is_ascii_digit()) {
            span(s, |c| c.is_ascii_digit() || c == '_')
        } else {
            0
        }
    };
    let d = digits(r);
    if !r[d..].starts_with('.') {
        return None;
    }
    let mut n = d + 1 + digits(&r[d + 1..]);
    if r[n..].starts_with(['e', 'E']) {
        let sign = usize::from(r[n + 1..].starts_with(['+', '-']));
        let e = digits(&r[n + 1 + sign..]);
        if e > 0 {
            n += 1 + sign + e;
        }
    }
    Some(n)
}

impl Rules for Php {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        let state = *self.stack.last()?;
        match state {
            State::Root => {
                if let Some(tag) = r.strip_prefix("<?") {
                    let n = if starts_with_ci(tag, "php") {
                        5
                    } else if tag.starts_with('=') {
                        3
                    } else {
                        2
                    };
                    self.stack.push(State::Php);
                    return emit(out, CommentPreproc, r, n);
                }
                let n = self.next_open.find(c, |s| s.find("<?")).unwrap_or(r.len());
                self.parent.continue_lex(&r[..n], out);
                Some(n)
            }
            State::Start => {
                let ws = span(r, is_space);
                if r[ws..].starts_with('<') {
                    self.parent.continue_lex(&r[..ws], out);
                    self.stack.pop_states(1);
                    return Some(ws);
                }
                // `[^$]+(?=<\?(php|=))`: the last opening tag before any `$`.
                let run = span(r, |c| c != '$');
                let open = (1..run)
                    .rev()
                    .filter(|&i| r.is_char_boundary(i))
                    .find(|&i| {
                        r[i..].starts_with("<?")
                            && (starts_with_ci(&r[i + 2..], "php") || r[i + 2..].starts_with('='))
                    });
                if let Some(i) = open {
                    self.parent.continue_lex(&r[..i], out);
                    self.stack.pop_states(1);
                    return Some(i);
                }
                self.stack.goto(State::Php);
                Some(0)
            }
            State::Php => self.php(c, out),
            State::String => self.string(c, out),
            State::InterpDouble | State::InterpSingle => {
                let close = if state == State::InterpDouble {
                    "}}"
                } else {
                    "}"
                };
                if r.starts_with(close) {
                    self.stack.pop_states(1);
                    return emit(out, StrInterpol, r, close.len());
                }
                self.php(c, out)
            }
            State::InAssign => self.in_assign(c, out),
            State::InAssignFunction => {
                if r.starts_with(')') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with(',') {
                    return emit(out, Punctuation, r, 1);
                }
                self.in_assign(c, out)
            }
            State::InCatch => {
                if r.starts_with('(') {
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with('|') {
                    return emit(out, Operator, r, 1);
                }
                if let Some(n) = id(r) {
                    return emit(out, NameClass, r, n);
                }
                self.tail(c, out)
            }
            State::InConst => {
                if let Some(n) = id(r) {
                    return emit(out, NameConstant, r, n);
                }
                if r.starts_with('=') {
                    self.stack.push(State::InAssign);
                    return emit(out, Operator, r, 1);
                }
                self.tail(c, out)
            }
            State::InFunctionBody => {
                if r.starts_with('{') {
                    self.stack.push(State::InFunctionBody);
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with('}') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                self.php(c, out)
            }
            State::InFunctionName => {
                if r.starts_with('&') {
                    return emit(out, Operator, r, 1);
                }
                if let Some(n) = id(r) {
                    return emit(out, Name, r, n);
                }
                if r.starts_with('(') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                self.tail(c, out)
            }
            State::InFunctionParams => {
                if r.starts_with(')') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with(',') {
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with("...") {
                    return emit(out, Punctuation, r, 3);
                }
                if r.starts_with('=') {
                    self.stack.push(State::InAssign);
                    return emit(out, Operator, r, 1);
                }
                if let Some(w) = ["public", "protected", "private", "readonly"]
                    .into_iter()
                    .find(|w| word_ci(r, w))
                {
                    return emit(out, Keyword, r, w.len());
                }
                if let Some(n) = opt_type(r) {
                    self.stack.push(State::InAssign);
                    return emit(out, KeywordType, r, n);
                }
                if let Some(n) = self.escape(r, out) {
                    return Some(n);
                }
                if let Some(n) = self.whitespace(c, out) {
                    return Some(n);
                }
                if let Some(n) = variables(r, out) {
                    return Some(n);
                }
                self.stack.pop_states(1);
                Some(0)
            }
            State::InFunctionReturn => {
                if r.starts_with(':') {
                    return emit(out, Punctuation, r, 1);
                }
                if word_ci(r, "use") {
                    self.stack.push(State::InFunctionUse);
                    return emit(out, Keyword, r, 3);
                }
                if let Some(n) = opt_type(r) {
                    self.stack.push(State::InAssign);
                    return emit(out, KeywordType, r, n);
                }
                if r.starts_with('{') {
                    self.stack.goto(State::InFunctionBody);
                    return emit(out, Punctuation, r, 1);
                }
                self.tail(c, out)
            }
            State::InFunctionUse => {
                if r.starts_with([',', '(']) {
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with('&') {
                    return emit(out, Operator, r, 1);
                }
                if r.starts_with(')') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                if let Some(n) = self.escape(r, out) {
                    return Some(n);
                }
                if let Some(n) = self.whitespace(c, out) {
                    return Some(n);
                }
                if let Some(n) = variables(r, out) {
                    return Some(n);
                }
                self.stack.pop_states(1);
                Some(0)
            }
            State::InNew => {
                if word_ci(r, "class") {
                    self.stack.goto(State::InNewClass);
                    return emit(out, KeywordDeclaration, r, 5);
                }
                if let Some((n, _)) = id_with_ns(r) {
                    self.stack.pop_states(1);
                    return emit(out, NameClass, r, n);
                }
                self.tail(c, out)
            }
            State::InNewClass => {
                if r.starts_with('}') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with('{') {
                    return emit(out, Punctuation, r, 1);
                }
                self.php(c, out)
            }
            State::InUse => {
                if r.starts_with([',', '}']) {
                    return emit(out, Punctuation, r, 1);
                }
                if let Some(w) = ["function", "const"].into_iter().find(|w| word_ci(r, w)) {
                    return emit(out, Keyword, r, w.len());
                }
                // `(ns)(\{)`: namespace parts (`(id\\)+`), then a brace.
                let mut ns = 0;
                while let Some(k) = id(&r[ns..]) {
                    if !r[ns + k..].starts_with('\\') {
                        break;
                    }
                    ns += k + 1;
                }
                if ns > 0 && r[ns..].starts_with('{') {
                    out.push(NameNamespace, &r[..ns]);
                    out.push(Punctuation, "{");
                    return Some(ns + 1);
                }
                if let Some((n, last)) = id_with_ns(r) {
                    // `id_with_ns(_id)+`: the last part has `_` then a name start inside.
                    let part = &r[last..n];
                    let split = part
                        .char_indices()
                        .skip(1)
                        .any(|(i, ch)| ch == '_' && part[i + 1..].starts_with(id_start));
                    if split {
                        return emit(out, NameFunction, r, n);
                    }
                }
                if let Some(n) = self.escape(r, out) {
                    return Some(n);
                }
                if let Some(n) = self.whitespace(c, out) {
                    return Some(n);
                }
                if let Some(n) = self.names(r, out) {
                    return Some(n);
                }
                self.stack.pop_states(1);
                Some(0)
            }
            State::InVisibility => {
                if let Some(w) = ["readonly", "static"].into_iter().find(|w| word_ci(r, w)) {
                    return emit(out, Keyword, r, w.len());
                }
                if ["abstract", "const", "function"]
                    .iter()
                    .any(|w| word_ci(r, w))
                {
                    self.stack.pop_states(1);
                    return Some(0);
                }
                if let Some(n) = opt_type(r) {
                    self.stack.pop_states(1);
                    return emit(out, KeywordType, r, n);
                }
                self.tail(c, out)
            }
        }
    }
}

/// The `variables` rules: `\$\{\$+id\}` and `\$+id`.
fn variables(r: &str, out: &mut crate::highlight::scan::Tokens) -> Option<usize> {
    if let Some(inner) = r.strip_prefix("${") {
        let d = span1(inner, |c| c == '$')?;
        if let Some(n) = id(&inner[d..])
            && inner[d + n..].starts_with('}')
        {
            return emit(out, NameVariable, r, 2 + d + n + 1);
        }
        return None;
    }
    let d = span1(r, |c| c == '$')?;
    let n = id(&r[d..])?;
    emit(out, NameVariable, r, d + n)
}

impl Php {
    /// `\S+` then `close`, backtracking: the last `close` in the run of non-space characters
    /// starting at `from`, at least one character in; remembered for the whole run.
    fn last_in_run(&mut self, src: &str, from: usize, close: char) -> Option<usize> {
        let key = (src.as_ptr() as usize, src.len(), close);
        let (k, start, end, last) = self.run;
        let last = if k == key && start <= from && from < end {
            last
        } else {
            let end = from + span(&src[from..], |c| !is_space(c));
            let last = src[from..end].rfind(close).map(|i| from + i);
            self.run = (key, from, end, last);
            last
        };
        last.filter(|&l| l > from)
    }

    /// `escape`, `whitespace` and `return`: what ends most small states.
    fn tail(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = self.escape(r, out) {
            return Some(n);
        }
        if let Some(n) = self.whitespace(c, out) {
            return Some(n);
        }
        self.stack.pop_states(1);
        Some(0)
    }

    fn escape(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if r.starts_with("?>") {
            self.reset_stack();
            return emit(out, CommentPreproc, r, 2);
        }
        None
    }

    fn whitespace(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        if r.starts_with('#') || r.starts_with("//") {
            return emit(out, CommentSingle, r, line_len(r));
        }
        if let Some(body) = r.strip_prefix("/*") {
            let after = Cursor {
                src: c.src,
                pos: c.pos + 2,
            };
            if let Some(end) = self.comment_end.find(after, |s| s.find("*/")) {
                // `/\*\*(?!/)`: a doc comment (its `*/` is never the second star's).
                if body.starts_with('*') && !body[1..].starts_with('/') {
                    return emit(out, CommentDoc, r, 2 + end + 2);
                }
                return emit(out, CommentMultiline, r, 2 + end + 2);
            }
        }
        None
    }

    fn php(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = self.escape(r, out) {
            return Some(n);
        }
        if let Some(n) = self.whitespace(c, out) {
            return Some(n);
        }
        if let Some(n) = variables(r, out) {
            return Some(n);
        }
        if let Some(n) = self.values(c, out) {
            return Some(n);
        }
        for (words, tok, name) in [
            (&["namespace"][..], KeywordNamespace, NameNamespace),
            (
                &["class", "interface", "trait", "extends", "implements"][..],
                KeywordDeclaration,
                NameClass,
            ),
        ] {
            if let Some(w) = words.iter().find(|w| starts_with_ci(r, w))
                && let Some(ws) = span1(&r[w.len()..], is_space)
                && let Some((n, _)) = id_with_ns(&r[w.len() + ws..])
            {
                let at = w.len() + ws;
                out.push(tok, &r[..w.len()]);
                out.push(Text, &r[w.len()..at]);
                return emit(out, name, &r[at..], n).map(|n| at + n);
            }
        }
        if let Some(n) = self.names(r, out) {
            return Some(n);
        }
        if r.starts_with(|c| ";,(){}[]".contains(c)) {
            return emit(out, Punctuation, r, 1);
        }
        if let Some(n) = span1(r, |c| "~!%^&*+|:.<>/@-".contains(c)) {
            return emit(out, Operator, r, n);
        }
        r.starts_with(['=', '?'])
            .then(|| emit(out, Operator, r, 1))?
    }

    fn in_assign(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if r.starts_with(',') {
            self.stack.pop_states(1);
            return emit(out, Punctuation, r, 1);
        }
        if r.starts_with(['[', ']']) {
            return emit(out, Punctuation, r, 1);
        }
        if r.starts_with('(') {
            self.stack.push(State::InAssignFunction);
            return emit(out, Punctuation, r, 1);
        }
        if let Some(n) = self.escape(r, out) {
            return Some(n);
        }
        if let Some(n) = self.whitespace(c, out) {
            return Some(n);
        }
        if let Some(n) = self.values(c, out) {
            return Some(n);
        }
        if let Some(n) = variables(r, out) {
            return Some(n);
        }
        if let Some(n) = self.names(r, out) {
            return Some(n);
        }
        if let Some(n) = span1(r, |c| "~!%^&*+|:.<>/@-".contains(c)) {
            return emit(out, Operator, r, n);
        }
        self.stack.pop_states(1);
        Some(0)
    }

    /// The `names` rules.
    fn names(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let (n, last) = id_with_ns(r)?;
        let name = r[..n].to_lowercase();
        let ws = span(&r[n..], is_space);
        if r[n + ws..].starts_with('(') {
            let tok = if KEYWORDS.binary_search(&name.as_str()).is_ok() {
                Keyword
            } else if BUILTINS.binary_search(&name.as_str()).is_ok() {
                NameBuiltin
            } else {
                NameFunction
            };
            return emit(out, tok, r, n);
        }
        let word = &r[..n];
        let tail = &r[last..n];
        let push = |s: &mut Php, st: State| s.stack.push(st);
        let tok = match name.as_str() {
            "use" => {
                push(self, State::InUse);
                KeywordNamespace
            }
            "const" => {
                push(self, State::InConst);
                Keyword
            }
            "catch" => {
                push(self, State::InCatch);
                Keyword
            }
            "public" | "protected" | "private" => {
                push(self, State::InVisibility);
                Keyword
            }
            _ if KEYWORDS.binary_search(&name.as_str()).is_ok() => Keyword,
            _ if word.len() >= 4 && word.starts_with("__") && word.ends_with("__") => NameBuiltin,
            _ if error_constant(word) => KeywordConstant,
            _ if tail.chars().next().is_some_and(char::is_uppercase)
                && tail.chars().count() >= 2
                && tail
                    .chars()
                    .skip(1)
                    .all(|c| c.is_uppercase() || c.is_numeric() || c == '_') =>
            {
                NameConstant
            }
            _ if tail.chars().next().is_some_and(char::is_uppercase)
                && tail.chars().skip(1).all(char::is_alphanumeric) =>
            {
                NameClass
            }
            _ => Name,
        };
        emit(out, tok, r, n)
    }

    /// The `values` rules.
    fn values(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = self.heredoc(c) {
            return emit(out, StrHeredoc, r, n);
        }
        if let Some(n) = float(r) {
            return emit(out, NumFloat, r, n);
        }
        let digits_us = |s: &str, f: fn(char) -> bool| {
            if s.starts_with(f) {
                span(s, |c| f(c) || c == '_')
            } else {
                0
            }
        };
        if let Some(rest) = r.strip_prefix('0') {
            let o = digits_us(rest, |c| matches!(c, '0'..='7'));
            if o > 0 {
                return emit(out, NumOct, r, 1 + o);
            }
            for (x, tok, f) in [
                ('b', NumBin, (|c| c == '0' || c == '1') as fn(char) -> bool),
                ('x', NumHex, |c: char| c.is_ascii_hexdigit()),
            ] {
                if rest.starts_with([x, x.to_ascii_uppercase()]) {
                    let d = digits_us(&rest[1..], f);
                    if d > 0 {
                        return emit(out, tok, r, 2 + d);
                    }
                }
            }
        }
        let d = digits_us(r, |c| c.is_ascii_digit());
        if d > 0 {
            return emit(out, NumInteger, r, d);
        }
        if r.starts_with('\'')
            && let Some(n) = quoted(r, '\'')
        {
            return emit(out, StrSingle, r, n);
        }
        if r.starts_with('`')
            && let Some(n) = quoted(r, '`')
        {
            return emit(out, StrBacktick, r, n);
        }
        if r.starts_with('"') {
            self.stack.push(State::String);
            return emit(out, StrDouble, r, 1);
        }
        if let Some(w) = ["function", "fn"].into_iter().find(|w| word_ci(r, w)) {
            self.stack.extend([
                State::InFunctionReturn,
                State::InFunctionParams,
                State::InFunctionName,
            ]);
            return emit(out, Keyword, r, w.len());
        }
        if let Some(w) = ["true", "false", "null"]
            .into_iter()
            .find(|w| word_ci(r, w))
        {
            return emit(out, KeywordConstant, r, w.len());
        }
        if word_ci(r, "new") {
            self.stack.push(State::InNew);
            return emit(out, Keyword, r, 3);
        }
        None
    }

    /// `<<<(["']?)(id)\1\n.*?\n\s*\2;?` (any case).
    fn heredoc(&mut self, c: Cursor<'_>) -> Option<usize> {
        let r = c.rest();
        let rest = r.strip_prefix("<<<")?;
        let q = usize::from(rest.starts_with(['"', '\'']));
        let label_len = id(&rest[q..])?;
        let label = &rest[q..q + label_len];
        let mut n = 3 + q + label_len;
        if q == 1 {
            if !r[n..].starts_with(&rest[..1]) {
                return None;
            }
            n += 1;
        }
        if !r[n..].starts_with('\n') {
            return None;
        }
        // The body starts after that line break; the closing line needs one before it.
        let body = c.pos + n + 1;
        let lower = label.to_lowercase();
        let (key, from, found) = &self.heredoc;
        let known = *key == lower && *from <= body && found.is_none_or(|f| body <= f);
        let at = if known {
            *found
        } else {
            let found = find_close(&c.src[body..], &lower).map(|i| body + i);
            self.heredoc = (lower, body, found);
            found
        }?;
        // `at` is the closing line's `\n`; then spaces, the label and `;?`.
        let s = &c.src[at + 1..];
        let ws = span(s, is_space);
        let end = at + 1 + ws + label.len();
        let semi = usize::from(c.src[end..].starts_with(';'));
        Some(end + semi - c.pos)
    }

    fn string(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if r.starts_with('"') {
            self.stack.pop_states(1);
            return emit(out, StrDouble, r, 1);
        }
        if let Some(n) = span1(r, |c| !"\\{$\"".contains(c)) {
            return emit(out, StrDouble, r, n);
        }
        if let Some(hex) = r.strip_prefix("\\u{")
            && let Some(h) = span1(hex, |c| c.is_ascii_hexdigit())
            && hex[h..].starts_with('}')
        {
            return emit(out, StrEscape, r, 3 + h + 1);
        }
        if let Some(esc) = r.strip_prefix('\\') {
            let n = if esc.starts_with(|c| "efrntv\"$\\".contains(c)) {
                1
            } else if let Some(o) = span1(esc, |c| matches!(c, '0'..='7')) {
                o.min(3)
            } else if esc.starts_with(['x', 'X']) {
                match span(&esc[1..], |c| c.is_ascii_hexdigit()).min(2) {
                    0 => 0,
                    h => 1 + h,
                }
            } else {
                0
            };
            if n > 0 {
                return emit(out, StrEscape, r, 1 + n);
            }
        }
        if let Some(name) = r.strip_prefix('$')
            && let Some(k) = id(name)
        {
            let mut n = 1 + k;
            let after = &r[n..];
            if after.starts_with('[') {
                if let Some(close) = self.last_in_run(c.src, c.pos + n + 1, ']') {
                    n = close + 1 - c.pos;
                }
            } else if let Some(prop) = after.strip_prefix("->")
                && let Some(p) = id(prop)
            {
                n += 2 + p;
            }
            return emit(out, NameVariable, r, n);
        }
        if r.starts_with("{${") {
            self.stack.push(State::InterpDouble);
            return emit(out, StrInterpol, r, 3);
        }
        if r.starts_with("{$") {
            self.stack.push(State::InterpSingle);
            return emit(out, StrInterpol, r, 1);
        }
        if r.starts_with('{')
            && let Some(close) = self.last_in_run(c.src, c.pos + 1, '}')
        {
            let close = close - c.pos;
            out.push(StrInterpol, "{");
            out.push(NameVariable, &r[1..close]);
            out.push(StrInterpol, "}");
            return Some(close + 1);
        }
        span1(r, |c| "${\\".contains(c)).and_then(|n| emit(out, StrDouble, r, n))
    }
}

/// The first `\n\s*label` (any case) in `s`, as the offset of that `\n`.
fn find_close(s: &str, label: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find('\n') {
        let at = from + i;
        let rest = &s[at + 1..];
        let ws = span(rest, is_space);
        if starts_with_ci(&rest[ws..], label) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// `^(E|PHP)(_[[:upper:]]+)+$`.
fn error_constant(word: &str) -> bool {
    let rest = word.strip_prefix("PHP").or_else(|| word.strip_prefix('E'));
    let Some(rest) = rest else {
        return false;
    };
    !rest.is_empty()
        && rest
            .split('_')
            .skip(1)
            .all(|p| !p.is_empty() && p.chars().all(char::is_uppercase))
        && rest.starts_with('_')
}
