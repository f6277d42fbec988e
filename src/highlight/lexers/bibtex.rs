//! Rouge's `bibtex` lexer (`bib`): `@type{key, field = value, …}` entries, with states
//! pushed in reverse for what comes next (brace, body, closing brace); text between
//! entries is a comment.

use crate::highlight::scan::{
    Cursor, Lex, Rules, StateStack, Tokens, drive, emit, is_space, is_word, span, span1,
};
use crate::highlight::token::Token::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    OpeningBrace,
    ClosingBrace,
    CommandBody,
    Fields,
    Field,
    EqualSign,
    Value,
    QuotedString,
    BracedString,
}

/// The BibTeX lexer's state stack.
pub(crate) struct Bibtex {
    stack: Vec<State>,
}

impl Bibtex {
    /// A BibTeX lexer at the start of its input.
    pub(crate) fn new() -> Bibtex {
        Bibtex {
            stack: vec![State::Root],
        }
    }
}

impl Lex for Bibtex {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

const NAME_PUNCTUATION: &str = "@!$&.\\:;<>?[]^`|~*/+-";

/// `[a-z_P][\wP]*` (any case), where P is BibTeX's name punctuation.
fn name(r: &str) -> Option<usize> {
    if !r.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || NAME_PUNCTUATION.contains(c))
    {
        return None;
    }
    Some(span(r, |c| is_word(c) || NAME_PUNCTUATION.contains(c)))
}

impl Rules for Bibtex {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = span1(r, is_space)
            && !matches!(
                self.stack.last(),
                Some(State::QuotedString | State::BracedString)
            )
        {
            return emit(out, Text, r, n);
        }
        let state = *self.stack.last()?;
        match state {
            State::Root => {
                if let Some(n) = r.strip_prefix('@').and_then(name) {
                    let kind = r[1..1 + n].to_ascii_lowercase();
                    if kind == "comment" {
                        return emit(out, Comment, r, 1 + n);
                    }
                    let body = match kind.as_str() {
                        "preamble" => State::Value,
                        "string" => State::Field,
                        _ => State::CommandBody,
                    };
                    self.stack
                        .extend([State::ClosingBrace, body, State::OpeningBrace]);
                    return emit(out, NameClass, r, 1 + n);
                }
                span1(r, |c| c != '\n').and_then(|n| emit(out, Comment, r, n))
            }
            State::OpeningBrace | State::ClosingBrace => {
                let set = if state == State::OpeningBrace {
                    "{("
                } else {
                    "})"
                };
                r.starts_with(|c| set.contains(c)).then_some(())?;
                self.stack.pop_states(1);
                emit(out, Punctuation, r, 1)
            }
            State::CommandBody => {
                let n = span1(r, |c| !is_space(c) && c != ',' && c != '}')?;
                self.stack.goto(State::Fields);
                emit(out, NameLabel, r, n)
            }
            State::Fields => {
                if r.starts_with(',') {
                    self.stack.push(State::Field);
                    return emit(out, Punctuation, r, 1);
                }
                self.stack.pop_states(1);
                Some(0)
            }
            State::Field => {
                if let Some(n) = name(r) {
                    self.stack.extend([State::Value, State::EqualSign]);
                    return emit(out, NameAttribute, r, n);
                }
                self.stack.pop_states(1);
                Some(0)
            }
            State::EqualSign => {
                r.starts_with('=').then_some(())?;
                self.stack.pop_states(1);
                emit(out, Punctuation, r, 1)
            }
            State::Value => {
                if let Some(n) = name(r) {
                    return emit(out, NameVariable, r, n);
                }
                if r.starts_with('"') {
                    self.stack.push(State::QuotedString);
                    return emit(out, Str, r, 1);
                }
                if r.starts_with('{') {
                    self.stack.push(State::BracedString);
                    return emit(out, Str, r, 1);
                }
                if let Some(n) = span1(r, |c| c.is_ascii_digit()) {
                    return emit(out, Num, r, n);
                }
                if r.starts_with('#') {
                    return emit(out, Punctuation, r, 1);
                }
                self.stack.pop_states(1);
                Some(0)
            }
            State::QuotedString | State::BracedString => {
                if r.starts_with('{') {
                    self.stack.push(State::BracedString);
                    return emit(out, Str, r, 1);
                }
                let close = if state == State::QuotedString {
                    '"'
                } else {
                    '}'
                };
                if r.starts_with(close) {
                    self.stack.pop_states(1);
                    return emit(out, Str, r, 1);
                }
                span1(r, |c| c != '{' && c != close).and_then(|n| emit(out, Str, r, n))
            }
        }
    }
}
