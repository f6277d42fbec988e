//! Rouge's `liquid` lexer: text with `{% tag %}` and `{{ output }}` markup, each tag read by
//! a state of its own. `-%}` and `}}` reset the whole stack, not just the tag's state.

use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, StateStack, Tokens, drive, emit, is_space, is_uword, is_word, span,
    span1,
};
use crate::highlight::token::Token::{self, *};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    TagOrBlock,
    Output,
    Filters,
    Condition,
    When,
    TagMarkup,
    VariableTagMarkup,
    Comment,
    Raw,
    Assign,
    Include,
    OutputEmbed,
}

/// The Liquid lexer: its state stack and what the attribute rule found ahead.
pub(crate) struct Liquid {
    stack: Vec<State>,
    /// The end of a run of `[^\s=:]` (an attribute name and whatever follows it).
    attr_end: Ahead,
    /// The last attribute run looked at: its end and where `\s*[=:]` after it ends.
    attr_after: (usize, usize, Option<usize>),
}

impl Liquid {
    /// A Liquid lexer at the start of its input.
    pub(crate) fn new() -> Liquid {
        Liquid {
            stack: vec![State::Root],
            attr_end: Ahead::default(),
            attr_after: (0, usize::MAX, None),
        }
    }

    fn push(&mut self, s: State) {
        self.stack.push(s);
    }

    fn reset_stack(&mut self) {
        self.stack = vec![State::Root];
    }
}

impl Lex for Liquid {
    fn reset(&mut self) {
        self.reset_stack();
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

/// The first of `words` that `r` starts with, a word boundary after it.
fn word_b(r: &str, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .find(|w| r.starts_with(*w) && !r[w.len()..].starts_with(is_uword))
        .map(|w| w.len())
}

/// `-?%\}`.
fn block_end(r: &str) -> Option<usize> {
    let d = usize::from(r.starts_with('-'));
    r[d..].starts_with("%}").then_some(d + 2)
}

/// `-?\}\}`.
fn tag_end(r: &str) -> Option<usize> {
    let d = usize::from(r.starts_with('-'));
    r[d..].starts_with("}}").then_some(d + 2)
}

/// `(\s*)(-?%\})` after a tag word: the whitespace's length and the whole length.
fn close_after(r: &str) -> Option<(usize, usize)> {
    let ws = span(r, is_space);
    block_end(&r[ws..]).map(|e| (ws, ws + e))
}

/// Emits `word`, whitespace and the tag's close: `(word)(\s*)(-?%\})`.
fn word_close(out: &mut Tokens, r: &str, word: usize, tok: Token) -> Option<usize> {
    let (ws, end) = close_after(&r[word..])?;
    out.push(tok, &r[..word]);
    out.push(TextWhitespace, &r[word..word + ws]);
    out.push(Punctuation, &r[word + ws..word + end]);
    Some(word + end)
}

/// `(\|)(\s*)([a-zA-Z_][^<stop>]*)`: a filter, its name ending at whitespace or a `stop`.
fn filter(r: &str, out: &mut Tokens, stop: &str) -> Option<usize> {
    let rest = r.strip_prefix('|')?;
    let ws = span(rest, is_space);
    let name = &rest[ws..];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return None;
    }
    let n = 1 + span(&name[1..], |c| !is_space(c) && !stop.contains(c));
    out.push(Punctuation, "|");
    out.push(TextWhitespace, &rest[..ws]);
    out.push(NameFunction, &name[..n]);
    Some(1 + ws + n)
}

/// `(\{%-?)(\s*)` or `(\{\{-?)(\s*)`.
fn open(r: &str, out: &mut Tokens, second: char) -> Option<usize> {
    let rest = r.strip_prefix('{')?.strip_prefix(second)?;
    let d = usize::from(rest.starts_with('-'));
    let ws = span(&rest[d..], is_space);
    out.push(Punctuation, &r[..2 + d]);
    out.push(TextWhitespace, &rest[d..d + ws]);
    Some(2 + d + ws)
}

/// Rouge picks a token for quoted markup by searching it for a quoted run anywhere.
fn quoted_class(s: &str, other: Token) -> Token {
    if s.matches('\'').count() >= 2 {
        StrSingle
    } else if s.matches('"').count() >= 2 {
        StrDouble
    } else {
        other
    }
}

/// `'[^']*'` and `"[^"]*"`.
fn string(r: &str, out: &mut Tokens) -> Option<usize> {
    let (q, tok) = match r.as_bytes().first()? {
        b'\'' => ('\'', StrSingle),
        b'"' => ('"', StrDouble),
        _ => return None,
    };
    let close = r[1..].find(q)?;
    emit(out, tok, r, close + 2)
}

/// The `whitespace`, `keyword`, `string` and `number` mixins.
fn values(r: &str, out: &mut Tokens) -> Option<usize> {
    if let Some(n) = span1(r, |c| c == ' ' || c == '\t') {
        return emit(out, TextWhitespace, r, n);
    }
    if let Some(n) = word_b(r, &["false", "true", "nil"]) {
        return emit(out, KeywordConstant, r, n);
    }
    if let Some(n) = string(r, out) {
        return Some(n);
    }
    if r.starts_with('-') {
        return emit(out, Operator, r, 1);
    }
    let d = span1(r, |c| c.is_ascii_digit())?;
    if r[d..].starts_with('.')
        && let Some(f) = span1(&r[d + 1..], |c| c.is_ascii_digit())
    {
        return emit(out, NumFloat, r, d + 1 + f);
    }
    emit(out, NumInteger, r, d)
}

/// The `variable` mixin.
fn variable(r: &str, out: &mut Tokens) -> Option<usize> {
    if let Some(n) = word_b(r, &["empty", "blank"]) {
        return emit(out, NameBuiltin, r, n);
    }
    if let Some(rest) = r.strip_prefix("forloop.") {
        // `[^\s%}\|:]+` then `\b`, backing off until a boundary holds.
        let run = span(rest, |c| !is_space(c) && !"%}|:".contains(c));
        let boundary = |k: usize| {
            let before = rest[..k].chars().next_back().is_some_and(is_uword);
            let after = rest[k..].chars().next().is_some_and(is_uword);
            before != after
        };
        if let Some(k) = (1..=run)
            .rev()
            .find(|&k| rest.is_char_boundary(k) && boundary(k))
        {
            return emit(out, NameBuiltin, r, 8 + k);
        }
    }
    if (r.starts_with('.') && r[1..].starts_with(is_word)) || r.starts_with(['[', ']']) {
        return emit(out, Punctuation, r, 1);
    }
    if let Some(n) = word_b(r, &["first", "last", "size"]) {
        return emit(out, NameFunction, r, n);
    }
    if r.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        let n = 1 + span(&r[1..], |c| is_word(c) || c == '-');
        return emit(
            out,
            NameVariable,
            r,
            n + usize::from(r[n..].starts_with('?')),
        );
    }
    None
}

/// The `generic` mixin.
fn generic(r: &str, out: &mut Tokens) -> Option<usize> {
    values(r, out).or_else(|| variable(r, out))
}

impl Rules for Liquid {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => {
                if let Some(n) = span1(r, |c| c != '{') {
                    return emit(out, Text, r, n);
                }
                if let Some(n) = open(r, out, '%') {
                    self.push(State::TagOrBlock);
                    return Some(n);
                }
                if let Some(n) = open(r, out, '{') {
                    self.push(State::Output);
                    return Some(n);
                }
                emit(out, Text, r, 1)
            }
            State::TagOrBlock => self.tag_or_block(r, out),
            State::Output => {
                if let Some(n) = filter(r, out, "}|:") {
                    self.push(State::Filters);
                    return Some(n);
                }
                if let Some(n) = self.end_of_tag(r, out) {
                    return Some(n);
                }
                generic(r, out)
            }
            State::Filters => {
                if let Some(n) = filter(r, out, "%}|:") {
                    return Some(n);
                }
                if let Some(n) = self.end_of_tag(r, out) {
                    return Some(n);
                }
                if let Some(n) = self.end_of_block(r, out) {
                    return Some(n);
                }
                self.variable_params(c, out)
            }
            State::Condition => {
                if r.starts_with(['=', '!']) && r[1..].starts_with('=') {
                    return emit(out, Operator, r, 2);
                }
                if r.starts_with(['<', '>']) {
                    return emit(out, Operator, r, 1 + usize::from(r[1..].starts_with('=')));
                }
                if let Some(n) = word_b(r, &["and", "or", "contains"]) {
                    return emit(out, OperatorWord, r, n);
                }
                self.end_of_block(r, out).or_else(|| generic(r, out))
            }
            State::When => self.end_of_block(r, out).or_else(|| generic(r, out)),
            State::TagMarkup => {
                if let Some(n) = word_b(r, &["reversed"]) {
                    return emit(out, NameAttribute, r, n);
                }
                if let Some(n) = self.end_of_block(r, out) {
                    return Some(n);
                }
                if let Some(n) = self.params(c, out) {
                    return Some(n);
                }
                span1(r, |c| !is_space(c)).and_then(|n| emit(out, Text, r, n))
            }
            State::VariableTagMarkup => self
                .end_of_block(r, out)
                .or_else(|| self.variable_params(c, out)),
            State::Comment | State::Raw => {
                let (body, end) = if self.stack.last() == Some(&State::Comment) {
                    (Comment, "endcomment")
                } else {
                    (Text, "endraw")
                };
                if let Some(n) = span1(r, |c| c != '{') {
                    return emit(out, body, r, n);
                }
                if let Some(rest) = r.strip_prefix("{%") {
                    let d = usize::from(rest.starts_with('-'));
                    let ws = span(&rest[d..], is_space);
                    let at = 2 + d + ws;
                    if r[at..].starts_with(end) {
                        let mut tail = Tokens::new();
                        if let Some(n) = word_close(&mut tail, &r[at..], end.len(), NameTag) {
                            out.push(Punctuation, &r[..2 + d]);
                            out.push(TextWhitespace, &r[2 + d..at]);
                            for (tok, text) in tail.as_slice() {
                                out.push(*tok, text);
                            }
                            self.reset_stack();
                            return Some(at + n);
                        }
                    }
                }
                emit(out, body, r, 1)
            }
            State::Assign => {
                if r.starts_with('=') {
                    return emit(out, Operator, r, 1);
                }
                if let Some(n) = filter(r, out, "%|:") {
                    self.push(State::Filters);
                    return Some(n);
                }
                self.end_of_block(r, out).or_else(|| generic(r, out))
            }
            State::Include => {
                if let Some(n) = open(r, out, '{') {
                    self.push(State::OutputEmbed);
                    return Some(n);
                }
                if let Some(n) = word_b(r, &["with", "for"]) {
                    return emit(out, NameTag, r, n);
                }
                if let Some(n) = file_name(r) {
                    return emit(out, Text, r, n);
                }
                self.end_of_block(r, out)
                    .or_else(|| self.variable_params(c, out))
            }
            State::OutputEmbed => {
                if let Some(n) = filter(r, out, "}|:") {
                    return Some(n);
                }
                if let Some(n) = tag_end(r) {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, n);
                }
                self.variable_params(c, out)
            }
        }
    }
}

/// `[\/\w-]+(\.[\w-]+)+\b`: the longest such name a word boundary follows.
fn file_name(r: &str) -> Option<usize> {
    let part = |c: char| is_word(c) || c == '-';
    let stem = span1(r, |c| part(c) || c == '/')?;
    let mut end = stem;
    while r[end..].starts_with('.') {
        match span(&r[end + 1..], part) {
            0 => break,
            n => end += 1 + n,
        }
    }
    let boundary = |k: usize| {
        let before = r[..k].chars().next_back().is_some_and(is_uword);
        let after = r[k..].chars().next().is_some_and(is_uword);
        before != after
    };
    // Any end inside the dotted part that is not right after a dot.
    (stem + 2..=end)
        .rev()
        .find(|&k| r.as_bytes()[k - 1] != b'.' && boundary(k))
}

impl Liquid {
    fn end_of_tag(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let n = tag_end(r)?;
        self.reset_stack();
        emit(out, Punctuation, r, n)
    }

    fn end_of_block(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let n = block_end(r)?;
        self.reset_stack();
        emit(out, Punctuation, r, n)
    }

    /// The `param_markup` mixin.
    fn params(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = values(r, out) {
            return Some(n);
        }
        // `([^\s=:]+)(\s*)(=|:)`.
        if r.starts_with(|c: char| !is_space(c) && c != '=' && c != ':') {
            let attr = |c: char| !is_space(c) && c != '=' && c != ':';
            let run = self.attr_end.find(c, |s| Some(span(s, attr)))?;
            let end = c.pos + run;
            let key = c.src.as_ptr() as usize ^ c.src.len();
            if self.attr_after.0 != key || self.attr_after.1 != end {
                let ws = span(&c.src[end..], is_space);
                let op = c.src[end + ws..].starts_with(['=', ':']);
                self.attr_after = (key, end, op.then_some(end + ws + 1));
            }
            if let Some(stop) = self.attr_after.2 {
                out.push(NameAttribute, &r[..run]);
                out.push(TextWhitespace, &c.src[end..stop - 1]);
                out.push(Operator, &c.src[stop - 1..stop]);
                return Some(stop - c.pos);
            }
        }
        r.starts_with([',', ':'])
            .then(|| emit(out, Punctuation, r, 1))?
    }

    /// The `variable_param_markup` mixin.
    fn variable_params(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = self.params(c, out) {
            return Some(n);
        }
        if let Some(n) = variable(r, out) {
            return Some(n);
        }
        span1(r, |c| !is_space(c)).and_then(|n| emit(out, Text, r, n))
    }

    fn tag_or_block(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = word_b(r, &["if", "elsif", "unless", "case"]) {
            self.push(State::Condition);
            return emit(out, KeywordReserved, r, n);
        }
        if let Some(n) = word_b(r, &["when"]) {
            self.push(State::When);
            return emit(out, KeywordReserved, r, n);
        }
        if r.starts_with("else")
            && let Some(n) = word_close(out, r, 4, KeywordReserved)
        {
            self.stack.pop_states(1);
            return Some(n);
        }
        for word in ["capture", "increment", "decrement"] {
            if let Some(rest) = r.strip_prefix(word)
                && let Some(ws) = span1(rest, is_space)
                && let Some(var) = span1(&rest[ws..], |c| !is_space(c) && c != '%')
                && let Some((ws2, end)) = close_after(&rest[ws + var..])
            {
                let v = ws + var;
                out.push(NameTag, word);
                out.push(TextWhitespace, &rest[..ws]);
                out.push(NameVariable, &rest[ws..v]);
                out.push(TextWhitespace, &rest[v..v + ws2]);
                out.push(Punctuation, &rest[v + ws2..v + end]);
                self.stack.pop_states(1);
                return Some(word.len() + v + end);
            }
        }
        for (word, state) in [("comment", State::Comment), ("raw", State::Raw)] {
            if r.starts_with(word)
                && let Some(n) = word_close(out, r, word.len(), NameTag)
            {
                self.push(state);
                return Some(n);
            }
        }
        if let Some(rest) = r.strip_prefix("end") {
            if let Some(w) = ["if", "unless", "case"]
                .into_iter()
                .find(|w| rest.starts_with(w))
                && let Some(n) = word_close(out, r, 3 + w.len(), KeywordReserved)
            {
                self.stack.pop_states(1);
                return Some(n);
            }
            if let Some(w) = span1(rest, |c| !is_space(c) && c != '%')
                && let Some(n) = word_close(out, r, 3 + w, NameTag)
            {
                self.stack.pop_states(1);
                return Some(n);
            }
        }
        if let Some(n) = word_b(r, &["assign", "echo"]) {
            self.push(State::Assign);
            return emit(out, NameTag, r, n);
        }
        if let Some(n) = word_b(r, &["include", "render"]) {
            self.push(State::Include);
            return emit(out, NameTag, r, n);
        }
        if let Some(n) = self.cycle(r, out) {
            return Some(n);
        }
        if let Some(n) = self.for_loop(r, out) {
            return Some(n);
        }
        let n = span1(r, |c| !is_space(c) && c != '%')?;
        let ws = span(&r[n..], is_space);
        out.push(NameTag, &r[..n]);
        out.push(TextWhitespace, &r[n..n + ws]);
        self.push(State::TagMarkup);
        Some(n + ws)
    }

    /// `(cycle)(\s+)(?:([^\s:]*)(\s*)(:))?(\s*)`.
    fn cycle(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let rest = r.strip_prefix("cycle")?;
        let ws = span1(rest, is_space)?;
        out.push(NameTag, "cycle");
        out.push(TextWhitespace, &rest[..ws]);
        let g = &rest[ws..];
        let name = span(g, |c| !is_space(c) && c != ':');
        let ws2 = span(&g[name..], is_space);
        let mut n = 5 + ws;
        if g[name + ws2..].starts_with(':') {
            out.push(quoted_class(&g[..name], NameAttribute), &g[..name]);
            out.push(TextWhitespace, &g[name..name + ws2]);
            out.push(Punctuation, ":");
            let ws3 = span(&g[name + ws2 + 1..], is_space);
            out.push(TextWhitespace, &g[name + ws2 + 1..name + ws2 + 1 + ws3]);
            n += name + ws2 + 1 + ws3;
        }
        self.push(State::VariableTagMarkup);
        Some(n)
    }

    /// `(for|tablerow)(\s+)([\w-]+)(\s+)(in)(\s+)(items)(\s*)`.
    fn for_loop(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let word = ["for", "tablerow"]
            .into_iter()
            .find(|w| r.starts_with(w))?
            .len();
        let ws1 = span1(&r[word..], is_space)?;
        let v = word + ws1;
        let var = span1(&r[v..], |c| is_word(c) || c == '-')?;
        let ws2 = span1(&r[v + var..], is_space)?;
        let kw = v + var + ws2;
        if !r[kw..].starts_with("in") {
            return None;
        }
        let ws3 = span1(&r[kw + 2..], is_space)?;
        let items = kw + 2 + ws3;
        // `(?:[^\s%,\|'"]|"[^"]*"|'[^']*')+`
        let mut end = items;
        loop {
            let s = &r[end..];
            match s.chars().next() {
                Some(q @ ('"' | '\'')) => match s[1..].find(q) {
                    Some(close) => end += close + 2,
                    None => break,
                },
                Some(ch) if !is_space(ch) && !"%,|".contains(ch) => end += ch.len_utf8(),
                _ => break,
            }
        }
        if end == items {
            return None;
        }
        let ws4 = span(&r[end..], is_space);
        out.push(NameTag, &r[..word]);
        out.push(TextWhitespace, &r[word..v]);
        out.push(NameVariable, &r[v..v + var]);
        out.push(TextWhitespace, &r[v + var..kw]);
        out.push(NameTag, "in");
        out.push(TextWhitespace, &r[kw + 2..items]);
        out.push(quoted_class(&r[items..end], NameVariable), &r[items..end]);
        out.push(TextWhitespace, &r[end..end + ws4]);
        self.push(State::TagMarkup);
        Some(end + ws4)
    }
}
