//! Rouge's `erb` lexer (`eruby`, `rhtml`): `<% … %>` tags lexed as Ruby by one Ruby lexer
//! that keeps its state from tag to tag, and everything between them handed to the parent
//! lexer (HTML unless the `parent` option names another).

use super::Ruby;
use crate::highlight::scan::{Cursor, Lex, Rules, Tokens, drive, emit, first_of};
use crate::highlight::token::Token::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Comment,
    Ruby,
}

/// The ERB lexer: its state stack, the parent lexer and the Ruby lexer.
pub(crate) struct Erb {
    stack: Vec<State>,
    parent: Box<dyn Lex>,
    ruby: Ruby,
}

impl Erb {
    /// An ERB lexer over `parent`.
    pub(crate) fn new(parent: Box<dyn Lex>) -> Erb {
        Erb {
            stack: vec![State::Root],
            parent,
            ruby: Ruby::new(),
        }
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }
}

impl Lex for Erb {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
        self.parent.reset();
        self.ruby.reset();
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

const OPEN: &[&str] = &["<%%", "<%=", "<%#", "<%-", "<%"];
const CLOSE: &[&str] = &["%%>", "-%>", "%>"];

/// `.+?(?=delim)|.+`: text up to the next position (after the first character) where one
/// of `delims` starts, or all of it.
fn until(r: &str, delims: &[&str]) -> usize {
    let first = r.chars().next().map_or(0, char::len_utf8);
    let mut from = first;
    // Every delimiter contains `%`; only positions near one can start a delimiter.
    while let Some(i) = r[from..].find('%') {
        let pct = from + i;
        for start in [pct.saturating_sub(1), pct] {
            if start >= first
                && r.is_char_boundary(start)
                && first_of(&r[start..], delims).is_some()
            {
                return start;
            }
        }
        from = pct + 1;
    }
    r.len()
}

impl Rules for Erb {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => {
                if r.starts_with("<%#") {
                    self.stack.push(State::Comment);
                    return emit(out, Comment, r, 3);
                }
                if let Some(n) = first_of(r, OPEN) {
                    self.stack.push(State::Ruby);
                    return emit(out, CommentPreproc, r, n);
                }
                let n = until(r, OPEN);
                self.parent.continue_lex(&r[..n], out);
                Some(n)
            }
            State::Comment | State::Ruby => {
                let comment = self.stack.last() == Some(&State::Comment);
                if let Some(n) = first_of(r, CLOSE) {
                    self.pop();
                    return emit(out, if comment { Comment } else { CommentPreproc }, r, n);
                }
                let n = until(r, CLOSE);
                if comment {
                    emit(out, Comment, r, n)
                } else {
                    self.ruby.continue_lex(&r[..n], out);
                    Some(n)
                }
            }
        }
    }
}
