//! Rouge's `apache` lexer: directives and their arguments, `<Section …>` tags, comments. A
//! word is highlighted only when it is one of Apache's known directive, section or value
//! names (in any case); anything else is plain text.

use super::apache_words::WORDS;
use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, Tokens, drive, emit, is_space, is_word, line_len, span, span1,
};
use crate::highlight::token::Token::{self, *};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Section,
    Directive,
}

/// The Apache lexer: its state stack and a memo of the search for a section's `>`.
pub(crate) struct Apache {
    stack: Vec<State>,
    section_end: Ahead,
}

impl Apache {
    /// An Apache lexer at the start of its input.
    pub(crate) fn new() -> Apache {
        Apache {
            stack: vec![State::Root],
            section_end: Ahead::default(),
        }
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }
}

impl Lex for Apache {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        self.section_end = Ahead::default();
        drive(self, src, out);
    }
}

/// Rouge's `name_for_token`: `tok` for a known word (compared lowercased), else text.
fn known(word: &str, tok: Token) -> Token {
    if WORDS.binary_search(&word.to_lowercase().as_str()).is_ok() {
        tok
    } else {
        Text
    }
}

/// `whitespace`: a comment to the line's end, or whitespace.
fn whitespace(r: &str, out: &mut Tokens) -> Option<usize> {
    if r.starts_with('#') {
        return emit(out, Comment, r, line_len(r));
    }
    span1(r, is_space).and_then(|n| emit(out, Text, r, n))
}

impl Rules for Apache {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => {
                if let Some(n) = whitespace(r, out) {
                    return Some(n);
                }
                if let Some(rest) = r.strip_prefix('<') {
                    let open = 1 + usize::from(rest.starts_with('/'));
                    if let Some(n) = span1(&r[open..], is_word) {
                        let name = &r[open..open + n];
                        out.push(Punctuation, &r[..open]);
                        out.push(known(name, NameLabel), name);
                        self.stack.push(State::Section);
                        return Some(open + n);
                    }
                }
                let n = span1(r, is_word)?;
                self.stack.push(State::Directive);
                emit(out, known(&r[..n], NameClass), r, n)
            }
            State::Section => {
                // `([^>]+)?(>(?:\r\n?|\n)?)`: the arguments up to the `>` and its line break.
                if let Some(gt) = self.section_end.find(c, |s| s.find('>')) {
                    let after = &r[gt + 1..];
                    let nl = if after.starts_with("\r\n") {
                        2
                    } else {
                        usize::from(after.starts_with(['\r', '\n']))
                    };
                    out.push(StrRegex, &r[..gt]);
                    out.push(Punctuation, &r[gt..gt + 1 + nl]);
                    self.pop();
                    return Some(gt + 1 + nl);
                }
                whitespace(r, out)
            }
            State::Directive => {
                if r.starts_with('\n') || r.starts_with('\r') {
                    self.pop();
                    return emit(out, Text, r, if r.starts_with("\r\n") { 2 } else { 1 });
                }
                if let Some(n) = whitespace(r, out) {
                    return Some(n);
                }
                let n = span(r, |ch| !is_space(ch));
                (n > 0).then(|| emit(out, known(&r[..n], StrSymbol), r, n))?
            }
        }
    }
}
