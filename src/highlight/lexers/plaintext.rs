//! Rouge's `plaintext` lexer (`text`): the whole input as one token.

use crate::highlight::scan::{Lex, Tokens};
use crate::highlight::token::Token;

/// The plain-text lexer; its `token` option (Rouge's `?token=Generic.Output`) picks the type.
pub(crate) struct PlainText {
    pub(crate) token: Token,
}

impl Lex for PlainText {
    fn reset(&mut self) {}

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        out.push(self.token, src);
    }
}
