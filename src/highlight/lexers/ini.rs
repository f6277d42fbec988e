//! Rouge's `ini` lexer: `key = value` lines, `[section]` headers and `;`/`#` comments (which
//! need a line break after them).

use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, StateStack, Tokens, drive, emit, is_space, is_word, line_len, span,
    span1,
};
use crate::highlight::token::Token::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Value,
    Dq,
}

/// The INI lexer: its state stack and what it found ahead.
pub(crate) struct Ini {
    stack: Vec<State>,
    /// The end of a run of key characters.
    key_end: Ahead,
    /// The next `]` or line break after a `[`.
    bracket: Ahead,
}

impl Ini {
    /// An INI lexer at the start of its input.
    pub(crate) fn new() -> Ini {
        Ini {
            stack: vec![State::Root],
            key_end: Ahead::default(),
            bracket: Ahead::default(),
        }
    }
}

impl Lex for Ini {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

fn key_char(c: char) -> bool {
    is_word(c) || c == '-' || c == '.'
}

/// The `basic` rules: comments up to a line break, whitespace, an escaped line break.
fn basic(r: &str, out: &mut Tokens) -> Option<usize> {
    if r.starts_with([';', '#']) {
        let n = line_len(r);
        if r[n..].starts_with('\n') {
            return emit(out, Comment, r, n + 1);
        }
    }
    if let Some(n) = span1(r, is_space) {
        return emit(out, Text, r, n);
    }
    r.starts_with("\\\n").then(|| emit(out, StrEscape, r, 2))?
}

/// `\\.` across lines.
fn escape(r: &str, out: &mut Tokens) -> Option<usize> {
    let ch = r.strip_prefix('\\')?.chars().next()?;
    emit(out, StrEscape, r, 1 + ch.len_utf8())
}

impl Rules for Ini {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => {
                if let Some(n) = basic(r, out) {
                    return Some(n);
                }
                if r.starts_with(key_char) {
                    // The run ends where it ends wherever in it the lexer stands.
                    let end = self.key_end.find(c, |s| Some(span(s, key_char)))?;
                    let ws = span(&r[end..], is_space);
                    if r[end + ws..].starts_with('=') {
                        out.push(NameProperty, &r[..end]);
                        out.push(Text, &r[end..end + ws]);
                        out.push(Punctuation, "=");
                        self.stack.push(State::Value);
                        return Some(end + ws + 1);
                    }
                }
                if r.starts_with('[') {
                    let after = Cursor {
                        src: c.src,
                        pos: c.pos + 1,
                    };
                    let stop = self.bracket.find(after, |s| s.find([']', '\n']))?;
                    if r[1 + stop..].starts_with(']') {
                        return emit(out, NameNamespace, r, stop + 2);
                    }
                }
                None
            }
            State::Value => {
                if r.starts_with('\n') {
                    self.stack.pop_states(1);
                    return emit(out, Text, r, 1);
                }
                if let Some(n) = basic(r, out) {
                    return Some(n);
                }
                if r.starts_with('"') {
                    self.stack.push(State::Dq);
                    return emit(out, Str, r, 1);
                }
                if r.starts_with('\'')
                    && let Some(close) = r[1..line_len(r)].find('\'')
                {
                    return emit(out, Str, r, close + 2);
                }
                if let Some(n) = escape(r, out) {
                    return Some(n);
                }
                span1(r, |c| c != '\\' && c != '\n').and_then(|n| emit(out, Str, r, n))
            }
            State::Dq => {
                if r.starts_with('"') {
                    self.stack.pop_states(1);
                    return emit(out, Str, r, 1);
                }
                if let Some(n) = escape(r, out) {
                    return Some(n);
                }
                span1(r, |c| c != '\\' && c != '"').and_then(|n| emit(out, Str, r, n))
            }
        }
    }
}
