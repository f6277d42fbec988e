//! Rouge's `docker` lexer (`dockerfile`, `Dockerfile`): instructions at line starts, with
//! `RUN` commands handed to a shell lexer that carries its state from line to line.

use super::Shell;
use crate::highlight::scan::{
    Cursor, Lex, Rules, StateStack, Tokens, drive, emit, is_space, is_uword, is_word, line_len,
    span, span1, starts_with_ci,
};
use crate::highlight::token::Token::*;

/// Instructions in Rouge's order, which matters where no word boundary follows (`ONBUILD`).
const KEYWORDS: &[&str] = &[
    "FROM",
    "MAINTAINER",
    "CMD",
    "LABEL",
    "EXPOSE",
    "ENV",
    "ADD",
    "COPY",
    "ENTRYPOINT",
    "VOLUME",
    "USER",
    "WORKDIR",
    "ARG",
    "STOPSIGNAL",
    "HEALTHCHECK",
    "SHELL",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Run,
}

/// The Dockerfile lexer: its state stack and the shell lexer `RUN` lines go to.
pub(crate) struct Docker {
    stack: Vec<State>,
    shell: Shell,
}

impl Docker {
    /// A Dockerfile lexer at the start of its input.
    pub(crate) fn new() -> Docker {
        Docker {
            stack: vec![State::Root],
            shell: Shell::new(),
        }
    }
}

impl Lex for Docker {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
        self.shell = Shell::new();
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

/// The first instruction (any case) `r` starts with.
fn keyword(r: &str) -> Option<usize> {
    KEYWORDS
        .iter()
        .find(|k| starts_with_ci(r, k))
        .map(|k| k.len())
}

/// `AS\s+` (any case) at `r`: the length of its whitespace.
fn as_word(r: &str) -> Option<usize> {
    if !starts_with_ci(r, "as") {
        return None;
    }
    span1(&r[2..], is_space)
}

/// `^(FROM)(\s+)(.*)(\s+)(AS)(\s+)(.*)`: greedy `.*`, so the last `AS` of the line wins;
/// failing that, the first `\s+` gives back a character so that an `AS` right after it
/// matches.
fn from_as(r: &str, out: &mut Tokens) -> Option<usize> {
    if !starts_with_ci(r, "from") {
        return None;
    }
    let ws1 = span1(&r[4..], is_space)?;
    let start = 4 + ws1;
    let line = start + line_len(&r[start..]);
    // The last whitespace run starting on the line that `AS` follows: `.*` ends at its
    // last character on the line.
    let mut found = None;
    let mut i = start;
    while i <= line {
        let w = span(&r[i..], is_space);
        if w == 0 {
            i += r[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        if let Some(ws3) = as_word(&r[i + w..]) {
            found = Some((i + w - 1).min(line).max(i)).map(|at| (at, i + w, ws3));
        }
        i += w;
    }
    let (image, kw, ws3) = match found {
        Some(f) => f,
        None if ws1 >= 2 => (start - 1, start, as_word(&r[start..])?),
        None => return None,
    };
    let name = kw + 2 + ws3;
    let end = name + line_len(&r[name..]);
    out.push(Keyword, &r[..4]);
    out.push(TextWhitespace, &r[4..start.min(image)]);
    out.push(Str, &r[start.min(image)..image]);
    out.push(TextWhitespace, &r[image..kw]);
    out.push(Keyword, &r[kw..kw + 2]);
    out.push(TextWhitespace, &r[kw + 2..name]);
    out.push(Str, &r[name..end]);
    Some(end)
}

impl Rules for Docker {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(c, out),
            State::Run => {
                if r.starts_with('\n') {
                    self.stack.pop_states(1);
                    return emit(out, Text, r, 1);
                }
                if let Some(ch) = r.strip_prefix('\\').and_then(|s| s.chars().next()) {
                    return emit(out, StrEscape, r, 1 + ch.len_utf8());
                }
                // `(\\.|[^\n\\])+`
                let b = r.as_bytes();
                let mut i = 0;
                while i < b.len() {
                    match b[i] {
                        b'\n' => break,
                        b'\\' if b.get(i + 1).is_some_and(|&c| c != b'\n') => {
                            i += 1 + r[i + 1..].chars().next().map_or(1, char::len_utf8);
                        }
                        b'\\' => break,
                        _ => i += 1,
                    }
                }
                if i == 0 {
                    return None;
                }
                self.shell.continue_lex(&r[..i], out);
                Some(i)
            }
        }
    }
}

impl Docker {
    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        if c.bol() {
            if let Some(n) = from_as(r, out) {
                return Some(n);
            }
            if starts_with_ci(r, "onbuild")
                && let Some(ws) = span1(&r[7..], is_space)
                && let Some(k) = keyword(&r[7 + ws..])
            {
                let at = 7 + ws + k;
                out.push(Keyword, &r[..7]);
                out.push(TextWhitespace, &r[7..7 + ws]);
                out.push(Keyword, &r[7 + ws..at]);
                return emit(out, Str, &r[at..], line_len(&r[at..])).map(|n| at + n);
            }
            if let Some(k) = KEYWORDS
                .iter()
                .find(|k| starts_with_ci(r, k) && !r[k.len()..].starts_with(is_uword))
                .map(|k| k.len())
            {
                out.push(Keyword, &r[..k]);
                return emit(out, Str, &r[k..], line_len(&r[k..])).map(|n| k + n);
            }
        }
        if r.starts_with('#') {
            return emit(out, Comment, r, line_len(r));
        }
        if c.bol() {
            let mut k = 0;
            if starts_with_ci(r, "onbuild")
                && let Some(ws) = span1(&r[7..], is_space)
            {
                k = 7 + ws;
            }
            if !starts_with_ci(&r[k..], "run") && k > 0 {
                k = 0;
            }
            if starts_with_ci(&r[k..], "run")
                && let Some(ws) = span1(&r[k + 3..], is_space)
            {
                self.stack.push(State::Run);
                self.shell.reset();
                return emit(out, Keyword, r, k + 3 + ws);
            }
        }
        let n = span1(r, is_word).or_else(|| span1(r, |c| !is_word(c)))?;
        emit(out, Text, r, n)
    }
}
