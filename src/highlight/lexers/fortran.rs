//! Rouge's `fortran` lexer (free-form Fortran 2008): words matched case-insensitively
//! against its lists, `.op.` operators, kind-suffixed literals, and `FORMAT(…)` specs.

use super::fortran_words::{INTRINSICS, KEYWORDS, TYPES};
use crate::highlight::scan::{
    Cursor, Lex, Rules, StateStack, Tokens, drive, emit, first_of, is_space, is_uword, line_len,
    span, span1, starts_with_ci,
};
use crate::highlight::token::Token::{self, *};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Single,
    Double,
    FormatSpec,
}

/// The Fortran lexer's state stack.
pub(crate) struct Fortran {
    stack: Vec<State>,
}

impl Fortran {
    /// A Fortran lexer at the start of its input.
    pub(crate) fn new() -> Fortran {
        Fortran {
            stack: vec![State::Root],
        }
    }
}

impl Lex for Fortran {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

/// `[A-Z][_A-Z0-9]*`, any case.
fn name(r: &str) -> Option<usize> {
    r.starts_with(|c: char| c.is_ascii_alphabetic())
        .then(|| span(r, |c| c.is_ascii_alphanumeric() || c == '_'))
}

/// `(\d+|name)`: a kind parameter.
fn kind(r: &str) -> Option<usize> {
    span1(r, |c| c.is_ascii_digit()).or_else(|| name(r))
}

/// `(_kind)?` after a literal.
fn kind_suffix(r: &str) -> usize {
    r.strip_prefix('_').and_then(kind).map_or(0, |k| 1 + k)
}

/// `[ED][+-]?\d+`, any case.
fn exponent(r: &str) -> usize {
    if !r.starts_with(['e', 'E', 'd', 'D']) {
        return 0;
    }
    let sign = usize::from(r[1..].starts_with(['+', '-']));
    match span(&r[1 + sign..], |c| c.is_ascii_digit()) {
        0 => 0,
        d => 1 + sign + d,
    }
}

fn number(r: &str) -> Option<(Token, usize)> {
    let sign = usize::from(r.starts_with(['+', '-']));
    let s = &r[sign..];
    let d = span(s, |c| c.is_ascii_digit());
    let mantissa = if d > 0 && s[d..].starts_with('.') {
        Some(d + 1 + span(&s[d + 1..], |c| c.is_ascii_digit()))
    } else if d == 0 && s.starts_with('.') {
        span1(&s[1..], |c| c.is_ascii_digit()).map(|f| 1 + f)
    } else {
        None
    };
    let float = match mantissa {
        Some(m) => Some(m + exponent(&s[m..])),
        None if d > 0 && exponent(&s[d..]) > 0 => Some(d + exponent(&s[d..])),
        None => None,
    };
    if let Some(n) = float {
        return Some((NumFloat, sign + n + kind_suffix(&s[n..])));
    }
    (d > 0).then(|| (NumInteger, sign + d + kind_suffix(&s[d..])))
}

/// `B'[01]+'|B"[01]+"` and the octal and hex forms.
fn boz(r: &str) -> Option<(Token, usize)> {
    let (tok, is_digit): (Token, fn(char) -> bool) = match r.chars().next()?.to_ascii_uppercase() {
        'B' => (NumBin, |c| c == '0' || c == '1'),
        'O' => (NumOct, |c| matches!(c, '0'..='7')),
        'Z' => (NumHex, |c| {
            c.is_ascii_digit() || matches!(c.to_ascii_uppercase(), 'A'..='F')
        }),
        _ => return None,
    };
    let q = r[1..].chars().next().filter(|&c| c == '\'' || c == '"')?;
    let d = span1(&r[2..], is_digit)?;
    r[2 + d..].starts_with(q).then_some((tok, 3 + d))
}

/// `(kind_)?` before a quote: a kind parameter, an underscore, then the quote.
fn string_prefix(r: &str) -> usize {
    let run = span(r, |c| c.is_ascii_alphanumeric() || c == '_');
    let quoted = r[run..].starts_with(['\'', '"']);
    let valid = run >= 2
        && r[..run].ends_with('_')
        && (r[..run - 1].chars().all(|c| c.is_ascii_digit())
            || r.starts_with(|c: char| c.is_ascii_alphabetic()));
    if quoted && valid { run } else { 0 }
}

impl Rules for Fortran {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        let state = *self.stack.last()?;
        match state {
            State::Root => self.root(c, out),
            State::Single | State::Double => {
                let (q, tok) = if state == State::Single {
                    ('\'', StrSingle)
                } else {
                    ('"', StrDouble)
                };
                if let Some(n) = span1(r, |c| c != q) {
                    return emit(out, tok, r, n);
                }
                if r[1..].starts_with(q) {
                    return emit(out, StrEscape, r, 2);
                }
                self.stack.pop_states(1);
                emit(out, tok, r, 1)
            }
            State::FormatSpec => {
                if r.starts_with('\'') {
                    self.stack.push(State::Single);
                    return emit(out, StrSingle, r, 1);
                }
                if r.starts_with('"') {
                    self.stack.push(State::Double);
                    return emit(out, StrDouble, r, 1);
                }
                if r.starts_with('(') {
                    self.stack.push(State::FormatSpec);
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with(')') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with(',') {
                    return emit(out, Punctuation, r, 1);
                }
                if let Some(n) = span1(r, is_space) {
                    return emit(out, TextWhitespace, r, n);
                }
                span1(r, |c| !is_space(c) && !"'\"(),".contains(c))
                    .and_then(|n| emit(out, Literal, r, n))
            }
        }
    }
}

impl Fortran {
    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = span1(r, is_space) {
            return emit(out, TextWhitespace, r, n);
        }
        if r.starts_with('!') {
            return emit(out, CommentSingle, r, line_len(r));
        }
        if c.bol() && r.starts_with('#') {
            return emit(out, CommentPreproc, r, line_len(r));
        }
        if let Some(n) =
            first_of(r, &["::"]).or_else(|| r.starts_with(|c| "()/;,:&[]".contains(c)).then_some(1))
        {
            return emit(out, Punctuation, r, n);
        }
        if c.bol()
            && let Some(d) = span1(r, |c| c.is_ascii_digit())
            && !r[d..].starts_with(is_uword)
        {
            return emit(out, NameLabel, r, d);
        }
        if starts_with_ci(r, "format") {
            let ws = span(&r[6..], is_space);
            if r[6 + ws..].starts_with('(') {
                out.push(Keyword, &r[..6]);
                out.push(TextWhitespace, &r[6..6 + ws]);
                out.push(Punctuation, "(");
                self.stack.push(State::FormatSpec);
                return Some(6 + ws + 1);
            }
        }
        if let Some((tok, n)) = number(r) {
            return emit(out, tok, r, n);
        }
        if let Some((tok, n)) = boz(r) {
            return emit(out, tok, r, n);
        }
        let prefix = string_prefix(r);
        for (q, tok, state) in [
            ('\'', StrSingle, State::Single),
            ('"', StrDouble, State::Double),
        ] {
            if r[prefix..].starts_with(q) {
                self.stack.push(state);
                return emit(out, tok, r, prefix + 1);
            }
        }
        if let Some(rest) = r.strip_prefix('.') {
            for word in ["true", "false"] {
                if starts_with_ci(rest, word) && rest[word.len()..].starts_with('.') {
                    let n = 1 + word.len() + 1;
                    return emit(out, KeywordConstant, r, n + kind_suffix(&r[n..]));
                }
            }
        }
        if let Some(n) = first_of(r, &["**", "//", "==", "/=", "<=", ">=", "=>"])
            .or_else(|| r.starts_with(|c| "-+*/<>=%".contains(c)).then_some(1))
        {
            return emit(out, Operator, r, n);
        }
        if let Some(rest) = r.strip_prefix('.')
            && let Some(n) = span1(rest, |c| c.is_ascii_alphabetic())
            && rest[n..].starts_with('.')
        {
            return emit(out, OperatorWord, r, n + 2);
        }
        for (first, seconds, tok) in [
            ("double", &["precision"][..], KeywordType),
            ("go", &["to"][..], Keyword),
            ("sync", &["all", "images", "memory"][..], Keyword),
            ("error", &["stop"][..], Keyword),
        ] {
            if starts_with_ci(r, first)
                && let Some(ws) = span1(&r[first.len()..], is_space)
            {
                let at = first.len() + ws;
                if let Some(w) = seconds.iter().find(|w| {
                    starts_with_ci(&r[at..], w) && !r[at + w.len()..].starts_with(is_uword)
                }) {
                    return emit(out, tok, r, at + w.len());
                }
            }
        }
        let n = name(r)?;
        let word = r[..n].to_ascii_lowercase();
        let tok = if KEYWORDS.binary_search(&word.as_str()).is_ok() {
            Keyword
        } else if TYPES.binary_search(&word.as_str()).is_ok() {
            KeywordType
        } else if INTRINSICS.binary_search(&word.as_str()).is_ok() {
            NameBuiltin
        } else {
            Name
        };
        emit(out, tok, r, n)
    }
}
