//! Rouge's `diff` lexer (`patch`, `udiff`): each line is classified by its first
//! character — added, deleted, context, hunk header, file header.

use crate::highlight::scan::{
    Cursor, Lex, Rules, Tokens, drive, emit, is_space, is_word, line_len,
};
use crate::highlight::token::Token::*;

/// The diff lexer, which has no state beyond the line it is on.
pub(crate) struct Diff;

impl Lex for Diff {
    fn reset(&mut self) {}

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

/// `.*$\n?`: the rest of the line from `at`, with its line break.
fn to_eol(r: &str, at: usize) -> usize {
    let end = at + line_len(&r[at..]);
    end + usize::from(r[end..].starts_with('\n'))
}

impl Rules for Diff {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if c.bol() {
            let first = r.chars().next()?;
            if first == ' ' {
                return emit(out, Text, r, to_eol(r, 1));
            }
            if r.starts_with("---") && (r.len() == 3 || r[3..].starts_with('\n')) {
                return emit(out, Punctuation, r, to_eol(r, 3));
            }
            if first == '+' || first == '>' {
                return emit(out, GenericInserted, r, to_eol(r, 1));
            }
            if first == '-' || first == '<' {
                return emit(out, GenericDeleted, r, to_eol(r, 1));
            }
            if first == '!' {
                return emit(out, GenericStrong, r, to_eol(r, 1));
            }
            if r.starts_with("Index") || r.starts_with("index") || r.starts_with("diff") {
                return emit(out, GenericHeading, r, to_eol(r, 0));
            }
            // `(@@[^@]*@@)([^\n]*\n)`: a hunk header.
            if let Some(rest) = r.strip_prefix("@@")
                && let Some(at) = rest.find('@')
                && rest[at..].starts_with("@@")
            {
                let head = 2 + at + 2;
                let nl = r[head..].find('\n');
                if let Some(nl) = nl {
                    out.push(Punctuation, &r[..head]);
                    out.push(Text, &r[head..head + nl + 1]);
                    return Some(head + nl + 1);
                }
            }
            if is_word(first) {
                return emit(out, Punctuation, r, to_eol(r, 0));
            }
            if first == '=' {
                return emit(out, GenericHeading, r, to_eol(r, 0));
            }
        }
        let ws = r.chars().next().filter(|&ch| is_space(ch))?;
        emit(out, Text, r, to_eol(r, ws.len_utf8()))
    }
}
