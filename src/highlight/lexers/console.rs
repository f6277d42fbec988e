//! Rouge's `console` lexer (`terminal`, `shell_session`): splits each line into a prompt,
//! which is everything up to the first `$`, `#`, `>` or `;`, and the command after it, lexed
//! as shell; lines without a prompt are output.

use crate::highlight::scan::{Lex, Tokens, is_space, span};
use crate::highlight::token::Token;

/// The console lexer with its options resolved.
pub(crate) struct Console {
    /// Strings that end a prompt, tried in order at each position of a line.
    pub(crate) end_chars: Vec<String>,
    /// Whether a prompt may not run past `<` or `#` (the `comments` option).
    pub(crate) allow_comments: bool,
    /// Line starts that mark an error message (`error` option).
    pub(crate) error: Vec<String>,
    /// The lexer for commands after a prompt; keeps its state from one prompt line to the
    /// next, so a multi-line command lexes as one.
    pub(crate) lang: Box<dyn Lex>,
    /// The lexer for output lines.
    pub(crate) output: Box<dyn Lex>,
}

impl Console {
    /// The prompt at the start of `line`: the shortest prefix ending in an end string
    /// (`^.*?(?:\$|#|>|;)`), not crossing `<` or `#` when comments are allowed.
    fn prompt_len(&self, line: &str) -> Option<usize> {
        for (i, ch) in line.char_indices() {
            if let Some(end) = self
                .end_chars
                .iter()
                .find(|e| line[i..].starts_with(e.as_str()))
            {
                return Some(i + end.len());
            }
            if self.allow_comments && (ch == '<' || ch == '#') {
                return None;
            }
        }
        // An empty alternative (no end strings) matches at the end too.
        self.end_chars.is_empty().then_some(0)
    }

    fn process_line(&mut self, line: &str, out: &mut Tokens) {
        if is_snip(line) {
            // `<...>` or a row of dots stands for elided output.
            self.output.reset();
            self.lang.reset();
            out.push(Token::Comment, line);
        } else if let Some(p) = self.prompt_len(line) {
            self.output.reset();
            out.push(Token::GenericPrompt, &line[..p]);
            let ws = p + span(&line[p..], is_space);
            out.push(Token::TextWhitespace, &line[p..ws]);
            self.lang.continue_lex(&line[ws..], out);
        } else if ruby_strip(line).starts_with('#') {
            self.output.reset();
            self.lang.reset();
            out.push(Token::Comment, line);
        } else if !self.error.is_empty() && self.error.iter().any(|e| line.starts_with(e.as_str()))
        {
            self.output.reset();
            self.lang.reset();
            out.push(Token::GenericError, line);
        } else {
            self.lang.reset();
            self.output.continue_lex(line, out);
        }
    }
}

/// `\A\s*(?:<[.]+>|[.]+)\s*\z`.
fn is_snip(line: &str) -> bool {
    let body = line.trim_matches(is_space);
    let dots = body
        .strip_prefix('<')
        .and_then(|b| b.strip_suffix('>'))
        .unwrap_or(body);
    !dots.is_empty() && dots.bytes().all(|b| b == b'.')
}

/// Ruby's `String#strip`: ASCII whitespace and NUL off both ends.
fn ruby_strip(s: &str) -> &str {
    s.trim_matches(|c| is_space(c) || c == '\0')
}

impl Lex for Console {
    fn reset(&mut self) {}

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        self.lang.reset();
        self.output.reset();
        let mut rest = src;
        while !rest.is_empty() {
            let n = rest.find('\n').map_or(rest.len(), |i| i + 1);
            self.process_line(&rest[..n], out);
            rest = &rest[n..];
        }
    }
}
