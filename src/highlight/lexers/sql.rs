//! Rouge's `sql` lexer: one keyword table matched case-insensitively, `"…"` and `` `…` ``
//! as names (SQL's quoted identifiers), nestable `/* */` comments.

use super::sql_words::{KEYWORDS, TYPES};
use crate::highlight::scan::{
    Cursor, Lex, Rules, StateStack, Tokens, drive, emit, is_space, is_word, line_len, one_of, span1,
};
use crate::highlight::token::Token::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Comment,
    /// A quoted run closed by this character: `'` string, `"` or `` ` `` name.
    Quoted(char),
}

/// The SQL lexer's state stack.
pub(crate) struct Sql {
    stack: Vec<State>,
}

impl Sql {
    /// An SQL lexer at the start of its input.
    pub(crate) fn new() -> Sql {
        Sql {
            stack: vec![State::Root],
        }
    }
}

impl Lex for Sql {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

impl Rules for Sql {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(r, out),
            State::Comment => {
                if r.starts_with("/*") {
                    self.stack.push(State::Comment);
                    return emit(out, CommentMultiline, r, 2);
                }
                if r.starts_with("*/") {
                    self.stack.pop_states(1);
                    return emit(out, CommentMultiline, r, 2);
                }
                let n = span1(r, |c| c != '/' && c != '*').unwrap_or(1);
                emit(out, CommentMultiline, r, n)
            }
            State::Quoted(q) => {
                let body = if q == '\'' { StrSingle } else { NameVariable };
                if let Some(rest) = r.strip_prefix('\\')
                    && let Some(ch) = rest.chars().next().filter(|&c| c != '\n')
                {
                    return emit(out, StrEscape, r, 1 + ch.len_utf8());
                }
                if r.starts_with(q) && r[1..].starts_with(q) {
                    return emit(out, StrEscape, r, 2);
                }
                if r.starts_with(q) {
                    self.stack.pop_states(1);
                    return emit(out, body, r, 1);
                }
                let n = span1(r, |c| c != '\\' && c != q)?;
                emit(out, body, r, n)
            }
        }
    }
}

impl Sql {
    fn root(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        if r.starts_with("--") {
            return emit(out, CommentSingle, r, line_len(r));
        }
        if r.starts_with("/*") {
            self.stack.push(State::Comment);
            return emit(out, CommentMultiline, r, 2);
        }
        if let Some(n) = span1(r, |c| c.is_ascii_digit()) {
            return emit(out, NumInteger, r, n);
        }
        match r.as_bytes()[0] {
            b'\'' => {
                self.stack.push(State::Quoted('\''));
                return emit(out, StrSingle, r, 1);
            }
            q @ (b'"' | b'`') => {
                self.stack.push(State::Quoted(q as char));
                return emit(out, NameVariable, r, 1);
            }
            _ => {}
        }
        if let Some(n) = span1(r, is_word) {
            let upper = r[..n].to_ascii_uppercase();
            let tok = if TYPES.binary_search(&upper.as_str()).is_ok() {
                NameBuiltin
            } else if KEYWORDS.binary_search(&upper.as_str()).is_ok() {
                Keyword
            } else {
                Name
            };
            return emit(out, tok, r, n);
        }
        if let Some(n) = one_of(r, "+*/<>=~!@#%&|?^-") {
            return emit(out, Operator, r, n);
        }
        one_of(r, ";:()[]{},.").and_then(|n| emit(out, Punctuation, r, n))
    }
}
