//! Rouge's `tex` lexer (`latex`, `LaTeX`, `TeX`): commands, math between `$`/`\(`/`\[`,
//! `\begin{…}`/`\end{…}` as tags, and plain text.

use crate::highlight::scan::{
    Cursor, Lex, Rules, Tokens, drive, is_space, is_uword, line_len, one_of, span1,
};
use crate::highlight::token::Token::{self, *};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    InlineMath,
    DisplayMath,
    Command,
}

/// The TeX lexer's state stack.
pub(crate) struct Tex {
    stack: Vec<State>,
}

impl Tex {
    /// A TeX lexer at the start of its input.
    pub(crate) fn new() -> Tex {
        Tex {
            stack: vec![State::Root],
        }
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }
}

impl Lex for Tex {
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

/// `\\([a-z]+|\s+|.)` (case-insensitive): a command, a control space or a control symbol.
fn command(r: &str) -> Option<usize> {
    let rest = r.strip_prefix('\\')?;
    let n = span1(rest, |c| c.is_ascii_alphabetic())
        .or_else(|| span1(rest, is_space))
        .or_else(|| {
            rest.chars()
                .next()
                .filter(|&c| c != '\n')
                .map(char::len_utf8)
        })?;
    Some(1 + n)
}

/// The `general` rules: comments and special characters.
fn general(r: &str, out: &mut Tokens) -> Option<usize> {
    if r.starts_with('%') {
        return emit(out, Comment, r, line_len(r));
    }
    one_of(r, "{}&_^").and_then(|n| emit(out, Punctuation, r, n))
}

impl Tex {
    fn root(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        for (open, state) in [
            ("\\[", State::DisplayMath),
            ("\\(", State::InlineMath),
            ("$$", State::DisplayMath),
            ("$", State::InlineMath),
        ] {
            if r.starts_with(open) {
                self.stack.push(state);
                return emit(out, Punctuation, r, open.len());
            }
        }
        // `\\(begin|end)\{.*?\}`: up to the first `}` on the line.
        if (r.starts_with("\\begin{") || r.starts_with("\\end{"))
            && let Some(close) = r[..line_len(r)].find('}')
        {
            return emit(out, NameTag, r, close + 1);
        }
        if let Some(n) = verb(r, out) {
            return Some(n);
        }
        if let Some(n) = command(r) {
            self.stack.push(State::Command);
            return emit(out, Keyword, r, n);
        }
        if let Some(n) = general(r, out) {
            return Some(n);
        }
        span1(r, |c| !"\\$%&_^{}".contains(c)).and_then(|n| emit(out, Text, r, n))
    }

    fn math(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = command(r) {
            return emit(out, NameVariable, r, n);
        }
        if let Some(n) = general(r, out) {
            return Some(n);
        }
        if let Some(n) = span1(r, |c| c.is_ascii_digit()) {
            return emit(out, Num, r, n);
        }
        if let Some(n) = one_of(r, "-=!+*/()[]") {
            return emit(out, Operator, r, n);
        }
        span1(r, |c| {
            !"=!+*/()[]\\$%&_^{}-".contains(c) && !c.is_ascii_digit()
        })
        .and_then(|n| emit(out, NameBuiltin, r, n))
    }
}

/// `(\\verb)\b(\S)(.*?)(\2)`: inline verbatim between two copies of a delimiter.
fn verb(r: &str, out: &mut Tokens) -> Option<usize> {
    let rest = r.strip_prefix("\\verb")?;
    let delim = rest
        .chars()
        .next()
        .filter(|&c| !is_uword(c) && !is_space(c))?;
    let body = &rest[delim.len_utf8()..];
    let close = body[..line_len(body)].find(delim)?;
    let d = delim.len_utf8();
    out.push(NameBuiltin, "\\verb");
    out.push(KeywordPseudo, &rest[..d]);
    out.push(StrOther, &body[..close]);
    out.push(KeywordPseudo, &body[close..close + d]);
    Some(5 + d + close + d)
}

impl Rules for Tex {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(r, out),
            State::InlineMath => {
                if r.starts_with("\\)") || r.starts_with('$') {
                    self.pop();
                    return emit(out, Punctuation, r, if r.starts_with('$') { 1 } else { 2 });
                }
                self.math(r, out)
            }
            State::DisplayMath => {
                if r.starts_with("\\]") || r.starts_with("$$") {
                    self.pop();
                    return emit(out, Punctuation, r, 2);
                }
                if r.starts_with('$') {
                    return emit(out, NameBuiltin, r, 1);
                }
                self.math(r, out)
            }
            State::Command => {
                if r.starts_with('[')
                    && let Some(close) = r[..line_len(r)].find(']')
                {
                    return emit(out, NameAttribute, r, close + 1);
                }
                if r.starts_with('*') {
                    return emit(out, Keyword, r, 1);
                }
                self.pop();
                Some(0)
            }
        }
    }
}
