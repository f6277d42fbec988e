//! Rouge's `toml` lexer. Its keys are `\S+` backtracked until `=` (and `{`, for inline
//! tables) follows, so `a=b=c` is the key `a=b`: the longest key that works wins. We find
//! that from one look at each run of non-space characters, remembered while the lexer is
//! inside the run, so a long run that never reaches `=` stays linear.

use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, StateStack, Tokens, drive, emit, is_space, line_len, span, span1,
};
use crate::highlight::token::Token::{self, *};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Value,
    Array,
    Inline,
    /// `"`, `"""`, `'`, `'''` strings.
    Dq,
    Mdq,
    Sq,
    Msq,
}

/// What a run of non-space characters offers a key rule.
#[derive(Debug, Default, Clone, Copy)]
struct Run {
    key: (usize, usize),
    start: usize,
    end: usize,
    /// The end of `\s*=` after the run, and of `\s*=\s*\{`.
    after: [Option<usize>; 2],
    /// The last `=` in the run, and the last one followed by `\s*\{`.
    last_eq: [Option<usize>; 2],
    /// The last `]` in the run.
    last_bracket: Option<usize>,
}

/// The TOML lexer: its state stack and what it learnt about the text ahead.
pub(crate) struct Toml {
    stack: Vec<State>,
    run: Run,
    dquote: Ahead,
    squote: Ahead,
}

impl Toml {
    /// A TOML lexer at the start of its input.
    pub(crate) fn new() -> Toml {
        Toml {
            stack: vec![State::Root],
            run: Run::default(),
            dquote: Ahead::default(),
            squote: Ahead::default(),
        }
    }

    /// The run of non-space characters around `c`, which must be on one.
    fn run(&mut self, c: Cursor<'_>) -> Run {
        let key = (c.src.as_ptr() as usize, c.src.len());
        let r = self.run;
        if r.key == key && r.start <= c.pos && c.pos < r.end {
            return r;
        }
        let src = c.src;
        let end = c.pos + span(c.rest(), |ch| !is_space(ch));
        let mut run = Run {
            key,
            start: c.pos,
            end,
            after: [after(src, end, false), after(src, end, true)],
            ..Run::default()
        };
        for (i, b) in src[c.pos..end].bytes().enumerate().rev() {
            let at = c.pos + i;
            if b == b'=' {
                run.last_eq[0].get_or_insert(at);
                if run.last_eq[1].is_none() && after(src, at, true).is_some() {
                    run.last_eq[1] = Some(at);
                }
            }
            if b == b']' {
                run.last_bracket.get_or_insert(at);
            }
        }
        self.run = run;
        run
    }

    /// `(identifier)(\s*)(=)` and, with `brace`, `(\s*)(\{)`: the key's end and the match's.
    fn key(&mut self, c: Cursor<'_>, brace: bool) -> Option<(usize, usize)> {
        let b = usize::from(brace);
        let run = self.run(c);
        if let Some(end) = run.after[b] {
            return Some((run.end, end));
        }
        if let Some(q) = run.last_eq[b].filter(|&q| q > c.pos) {
            return Some((q, after(c.src, q, brace)?));
        }
        // `"[^"]+"` and `'[^']+'`.
        let quote = c.rest().chars().next().filter(|&q| q == '"' || q == '\'')?;
        let ahead = if quote == '"' {
            &mut self.dquote
        } else {
            &mut self.squote
        };
        let inner = Cursor {
            src: c.src,
            pos: c.pos + 1,
        };
        let close = c.pos + 1 + ahead.find(inner, |s| s.find(quote))?;
        if close == c.pos + 1 {
            return None;
        }
        Some((close + 1, after(c.src, close + 1, brace)?))
    }
}

/// `\s*=` (and `\s*\{` with `brace`) at `i`: where it ends.
fn after(src: &str, i: usize, brace: bool) -> Option<usize> {
    let mut i = i + span(&src[i..], is_space);
    if !src[i..].starts_with('=') {
        return None;
    }
    i += 1;
    if brace {
        i += span(&src[i..], is_space);
        if !src[i..].starts_with('{') {
            return None;
        }
        i += 1;
    }
    Some(i)
}

impl Lex for Toml {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

/// `\d+(?:_\d+)*`.
fn digits(r: &str) -> usize {
    let b = r.as_bytes();
    let mut i = span(r, |c| c.is_ascii_digit());
    if i == 0 {
        return 0;
    }
    while b.get(i) == Some(&b'_') {
        let d = span(&r[i + 1..], |c| c.is_ascii_digit());
        if d == 0 {
            break;
        }
        i += 1 + d;
    }
    i
}

/// `[eE][+-]?` digits.
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

/// `[d]+(?:_[d]+)*` after `prefix`, for hex, octal and binary.
fn radix(r: &str, prefix: &str, is_digit: impl Fn(char) -> bool) -> Option<usize> {
    let rest = r.strip_prefix(prefix)?;
    let mut i = span1(rest, &is_digit)?;
    while rest[i..].starts_with('_') {
        match span(&rest[i + 1..], &is_digit) {
            0 => break,
            d => i += 1 + d,
        }
    }
    Some(prefix.len() + i)
}

/// `\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z`.
fn date(r: &str) -> bool {
    let pat = b"dddd-dd-ddTdd:dd:ddZ";
    let b = r.as_bytes();
    b.len() >= pat.len()
        && pat.iter().zip(b).all(|(&p, &c)| {
            if p == b'd' {
                c.is_ascii_digit()
            } else {
                p == c
            }
        })
}

fn number(r: &str) -> Option<(Token, usize)> {
    let sign = usize::from(r.starts_with(['+', '-']));
    let s = &r[sign..];
    let d = digits(s);
    if d > 0 && s[d..].starts_with('.') {
        let f = digits(&s[d + 1..]);
        if f > 0 {
            let n = d + 1 + f;
            return Some((NumFloat, sign + n + exponent(&s[n..])));
        }
    }
    if d > 0 {
        let e = exponent(&s[d..]);
        if e > 0 {
            return Some((NumFloat, sign + d + e));
        }
    }
    if s.starts_with("nan") || s.starts_with("inf") {
        return Some((NumFloat, sign + 3));
    }
    if let Some(n) = radix(r, "0x", |c| c.is_ascii_hexdigit()) {
        return Some((NumHex, n));
    }
    if let Some(n) = radix(r, "0o", |c| matches!(c, '0'..='7')) {
        return Some((NumOct, n));
    }
    if let Some(n) = radix(r, "0b", |c| matches!(c, '0' | '1')) {
        return Some((NumBin, n));
    }
    (d > 0).then_some((NumInteger, sign + d))
}

/// `\\[0t\tn\n "\\r]`.
fn escape(r: &str) -> Option<usize> {
    let rest = r.strip_prefix('\\')?;
    rest.starts_with(|c| "0t\tn\n \"\\r".contains(c))
        .then_some(2)
}

impl Rules for Toml {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        let state = *self.stack.last()?;
        match state {
            State::Root => {
                if let Some(n) = self.basic(c, out) {
                    return Some(n);
                }
                let n = self.property(c, out)?;
                self.stack.push(State::Value);
                Some(n)
            }
            State::Value => {
                if r.starts_with('\n') {
                    self.stack.pop_states(1);
                    return emit(out, Text, r, 1);
                }
                self.content(c, out)
            }
            State::Array | State::Inline => {
                if let Some(n) = self.content(c, out) {
                    return Some(n);
                }
                let close = if state == State::Array { ']' } else { '}' };
                r.starts_with(close).then_some(())?;
                self.stack.pop_states(1);
                emit(out, Punctuation, r, 1)
            }
            State::Dq | State::Sq => {
                let q = if state == State::Dq { '"' } else { '\'' };
                if r.starts_with(q) {
                    self.stack.pop_states(1);
                    return emit(out, Str, r, 1);
                }
                if r.starts_with('\n') {
                    self.stack.pop_states(1);
                    return emit(out, Error, r, 1);
                }
                if state == State::Dq
                    && let Some(n) = escape(r)
                {
                    return emit(out, StrEscape, r, n);
                }
                let n = span1(r, |c| c != q && c != '\n' && (q == '\'' || c != '\\'))?;
                emit(out, Str, r, n)
            }
            State::Mdq | State::Msq => {
                let (q, close) = if state == State::Mdq {
                    ('"', "\"\"\"")
                } else {
                    ('\'', "'''")
                };
                if r.starts_with(close) {
                    self.stack.pop_states(1);
                    return emit(out, Str, r, 3);
                }
                if state == State::Mdq
                    && let Some(n) = escape(r)
                {
                    return emit(out, StrEscape, r, n);
                }
                let n = span1(r, |c| c != q && (q == '\'' || c != '\\'))
                    .or_else(|| span1(r, |c| c == q))?;
                emit(out, Str, r, n)
            }
        }
    }
}

impl Toml {
    fn basic(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        if r.starts_with('#') {
            return emit(out, Comment, r, line_len(r));
        }
        if r.starts_with("true") || r.starts_with("false") {
            return emit(
                out,
                KeywordConstant,
                r,
                if r.starts_with('t') { 4 } else { 5 },
            );
        }
        if let Some((key, end)) = self.key(c, true) {
            let s = &c.src[..end];
            let eq = key + span(&s[key..], is_space);
            let brace = eq + 1 + span(&s[eq + 1..], is_space);
            out.push(NameNamespace, &s[c.pos..key]);
            out.push(Text, &s[key..eq]);
            out.push(Operator, "=");
            out.push(Text, &s[eq + 1..brace]);
            out.push(Punctuation, "{");
            self.stack.push(State::Inline);
            return Some(end - c.pos);
        }
        if r.starts_with('[')
            && let Some(close) = self.run(c).last_bracket.filter(|&b| b > c.pos + 1)
        {
            return emit(out, NameNamespace, r, close + 1 - c.pos);
        }
        if date(r) {
            return emit(out, LiteralDate, r, 20);
        }
        let (tok, n) = number(r)?;
        emit(out, tok, r, n)
    }

    /// `(identifier)(\s*)(=)`.
    fn property(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let (key, end) = self.key(c, false)?;
        out.push(NameProperty, &c.src[c.pos..key]);
        out.push(Text, &c.src[key..end - 1]);
        out.push(Punctuation, "=");
        Some(end - c.pos)
    }

    fn content(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = self.basic(c, out) {
            return Some(n);
        }
        if let Some(n) = self.property(c, out) {
            return Some(n);
        }
        for (open, state) in [
            ("\"\"\"", State::Mdq),
            ("\"", State::Dq),
            ("'''", State::Msq),
            ("'", State::Sq),
        ] {
            if r.starts_with(open) {
                self.stack.push(state);
                return emit(out, Str, r, open.len());
            }
        }
        if let Some(n) = escape(r) {
            return emit(out, StrEscape, r, n);
        }
        if r.starts_with(',') {
            return emit(out, Punctuation, r, 1);
        }
        if r.starts_with('[') {
            self.stack.push(State::Array);
            return emit(out, Punctuation, r, 1);
        }
        None
    }
}
