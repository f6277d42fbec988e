//! Splitting template source into text, tag and output tokens, and markup into expression
//! tokens, the way Ruby Liquid's regular expressions do.

use super::error::{Error, Result};

/// What a template token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Plain text.
    Text,
    /// Starts with `{%`.
    Tag,
    /// Starts with `{{`.
    Output,
    /// One line of a `{% liquid %}` tag.
    LiquidLine,
}

/// One token of a template, borrowing the source.
#[derive(Clone, Copy, Debug)]
pub struct Token<'s> {
    /// What it is.
    pub kind: TokenKind,
    /// The exact source text.
    pub raw: &'s str,
    /// 1-based line where it starts.
    pub line: usize,
}

/// Splits `source` as Ruby Liquid's `source.split(TemplateParser)` does:
/// `{%.*?%}`, `{{.*?}}?`, or a lone `{%`/`{{`, with the text between.
pub fn tokenize(source: &str) -> Vec<Token<'_>> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut text_start = 0;
    let mut i = 0;
    fn push<'s>(tokens: &mut Vec<Token<'s>>, kind: TokenKind, raw: &'s str, line: &mut usize) {
        if !raw.is_empty() {
            tokens.push(Token {
                kind,
                raw,
                line: *line,
            });
            *line += raw.bytes().filter(|&b| b == b'\n').count();
        }
    }
    while i + 1 < bytes.len() {
        if bytes[i] != b'{' || (bytes[i + 1] != b'%' && bytes[i + 1] != b'{') {
            i += 1;
            continue;
        }
        let end = if bytes[i + 1] == b'%' {
            find(bytes, i + 2, b"%}").map(|e| e + 2)
        } else {
            // `{{.*?}}?`: up to the first `}`, and one more `}` if it follows.
            find(bytes, i + 2, b"}").map(|e| {
                if bytes.get(e + 1) == Some(&b'}') {
                    e + 2
                } else {
                    e + 1
                }
            })
        };
        let end = end.unwrap_or(i + 2);
        push(
            &mut tokens,
            TokenKind::Text,
            &source[text_start..i],
            &mut line,
        );
        let kind = if bytes[i + 1] == b'%' {
            TokenKind::Tag
        } else {
            TokenKind::Output
        };
        push(&mut tokens, kind, &source[i..end], &mut line);
        i = end;
        text_start = end;
    }
    push(
        &mut tokens,
        TokenKind::Text,
        &source[text_start..],
        &mut line,
    );
    tokens
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Ruby's `\s`: space, tab, newline, vertical tab, form feed, carriage return.
pub fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Ruby's (ASCII) `\w`.
pub fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Ruby's `String#strip` (which also removes NUL at the end).
pub fn rstrip(s: &str) -> &str {
    s.trim_end_matches(|c: char| c.is_ascii() && (is_space(c as u8) || c == '\0'))
}

/// Ruby's `String#lstrip`.
pub fn lstrip(s: &str) -> &str {
    s.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8))
}

/// Ruby's `String#strip`.
pub fn strip(s: &str) -> &str {
    lstrip(rstrip(s))
}

/// Length of a Liquid `QuotedString` (`"[^"]*"|'[^']*'`) at the start of `s`.
pub fn quoted_string(s: &[u8]) -> Option<usize> {
    let q = *s.first()?;
    if q != b'"' && q != b'\'' {
        return None;
    }
    s[1..].iter().position(|&c| c == q).map(|p| p + 2)
}

/// Length of a Liquid `QuotedFragment` at the start of `s`:
/// `QuotedString | (?:[^\s,|'"] | QuotedString)+`.
pub fn quoted_fragment(s: &[u8]) -> Option<usize> {
    if let Some(n) = quoted_string(s) {
        return Some(n);
    }
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c == b'"' || c == b'\'' {
            match quoted_string(&s[i..]) {
                Some(n) => i += n,
                None => break,
            }
        } else if is_space(c) || c == b',' || c == b'|' {
            break;
        } else {
            i += 1;
        }
    }
    (i > 0).then_some(i)
}

/// Finds the leftmost `QuotedFragment` in `s`: `(start, end)`.
pub fn find_quoted_fragment(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    (0..b.len()).find_map(|i| quoted_fragment(&b[i..]).map(|n| (i, i + n)))
}

/// A token of Liquid's strict expression lexer.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// `==`, `!=`, `<>`, `<`, `>`, `<=`, `>=`, `contains`.
    Comparison(String),
    /// A quoted string, quotes included.
    Str(String),
    /// `-?\d+(\.\d+)?`.
    Number(String),
    /// `[a-zA-Z_][\w-]*\??`.
    Id(String),
    /// `..`.
    DotDot,
    /// `|`.
    Pipe,
    /// `.`.
    Dot,
    /// `:`.
    Colon,
    /// `,`.
    Comma,
    /// `[`.
    OpenSquare,
    /// `]`.
    CloseSquare,
    /// `(`.
    OpenRound,
    /// `)`.
    CloseRound,
    /// `?`.
    Question,
    /// `-`.
    Dash,
    /// End of input.
    End,
}

impl Tok {
    /// The name Ruby Liquid uses for the token type in messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Tok::Comparison(_) => "comparison",
            Tok::Str(_) => "string",
            Tok::Number(_) => "number",
            Tok::Id(_) => "id",
            Tok::DotDot => "dotdot",
            Tok::Pipe => "pipe",
            Tok::Dot => "dot",
            Tok::Colon => "colon",
            Tok::Comma => "comma",
            Tok::OpenSquare => "open_square",
            Tok::CloseSquare => "close_square",
            Tok::OpenRound => "open_round",
            Tok::CloseRound => "close_round",
            Tok::Question => "question",
            Tok::Dash => "dash",
            Tok::End => "end_of_string",
        }
    }

    /// The token's text.
    pub fn text(&self) -> &str {
        match self {
            Tok::Comparison(s) | Tok::Str(s) | Tok::Number(s) | Tok::Id(s) => s,
            Tok::DotDot => "..",
            Tok::Pipe => "|",
            Tok::Dot => ".",
            Tok::Colon => ":",
            Tok::Comma => ",",
            Tok::OpenSquare => "[",
            Tok::CloseSquare => "]",
            Tok::OpenRound => "(",
            Tok::CloseRound => ")",
            Tok::Question => "?",
            Tok::Dash => "-",
            Tok::End => "",
        }
    }
}

/// Ruby Liquid's strict `Lexer#tokenize`.
pub fn lex(input: &str) -> Result<Vec<Tok>> {
    let b = input.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let rest = &b[i..];
        let text = |n: usize| input[i..i + n].to_string();
        let (tok, n) = if let Some(n) = comparison(rest) {
            (Tok::Comparison(text(n)), n)
        } else if let Some(n) = quoted_string(rest) {
            (Tok::Str(text(n)), n)
        } else if let Some(n) = number(rest) {
            (Tok::Number(text(n)), n)
        } else if let Some(n) = identifier(rest) {
            (Tok::Id(text(n)), n)
        } else if rest.starts_with(b"..") {
            (Tok::DotDot, 2)
        } else {
            let tok = match rest[0] {
                b'|' => Tok::Pipe,
                b'.' => Tok::Dot,
                b':' => Tok::Colon,
                b',' => Tok::Comma,
                b'[' => Tok::OpenSquare,
                b']' => Tok::CloseSquare,
                b'(' => Tok::OpenRound,
                b')' => Tok::CloseRound,
                b'?' => Tok::Question,
                b'-' => Tok::Dash,
                _ => {
                    let c = input[i..].chars().next().unwrap_or('?');
                    return Err(Error::syntax(format!("Unexpected character {c}")));
                }
            };
            (tok, 1)
        };
        out.push(tok);
        i += n;
    }
    out.push(Tok::End);
    Ok(out)
}

fn comparison(s: &[u8]) -> Option<usize> {
    for op in [&b"=="[..], b"!=", b"<>", b"<=", b">=", b"<", b">"] {
        if s.starts_with(op) {
            return Some(op.len());
        }
    }
    // `contains(?=\s)`
    if s.starts_with(b"contains") && s.get(8).is_some_and(|&c| is_space(c)) {
        return Some(8);
    }
    None
}

fn number(s: &[u8]) -> Option<usize> {
    let mut i = usize::from(s.first() == Some(&b'-'));
    let start = i;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
    }
    if i == start {
        return None;
    }
    if s.get(i) == Some(&b'.') && s.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
    }
    Some(i)
}

/// Length of `[a-zA-Z_][\w-]*\??` at the start of `s`.
pub fn identifier(s: &[u8]) -> Option<usize> {
    let first = *s.first()?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    let mut i = 1;
    while i < s.len() && (is_word(s[i]) || s[i] == b'-') {
        i += 1;
    }
    if s.get(i) == Some(&b'?') {
        i += 1;
    }
    Some(i)
}

/// A cursor over strict tokens, as Ruby Liquid's `Parser`.
#[derive(Debug)]
pub struct TokenStream {
    toks: Vec<Tok>,
    pos: usize,
}

impl TokenStream {
    /// Lexes `input`.
    pub fn new(input: &str) -> Result<Self> {
        Ok(TokenStream {
            toks: lex(input)?,
            pos: 0,
        })
    }

    /// The current token.
    pub fn peek(&self) -> &Tok {
        self.peek_at(0)
    }

    /// The token `n` ahead.
    pub fn peek_at(&self, n: usize) -> &Tok {
        self.toks.get(self.pos + n).unwrap_or(&Tok::End)
    }

    /// Takes the current token.
    pub fn advance(&mut self) -> Tok {
        let t = self.peek().clone();
        if self.pos < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    /// Takes the current token if it has the type of `like`.
    pub fn consume_if(&mut self, like: &Tok) -> Option<Tok> {
        if std::mem::discriminant(self.peek()) == std::mem::discriminant(like) {
            Some(self.advance())
        } else {
            None
        }
    }

    /// Takes the current token, which must have the type of `like`.
    pub fn expect(&mut self, like: &Tok) -> Result<Tok> {
        self.consume_if(like).ok_or_else(|| {
            Error::syntax(format!(
                "Expected {} but found {}",
                like.type_name(),
                self.peek().type_name()
            ))
        })
    }

    /// Takes an identifier with exactly this text.
    pub fn consume_id(&mut self, name: &str) -> bool {
        if matches!(self.peek(), Tok::Id(s) if s == name) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Ruby's `Parser#expression`: the markup of one expression, for `Expression.parse`.
    pub fn expression(&mut self) -> Result<String> {
        match self.peek().clone() {
            Tok::Id(s) => {
                self.advance();
                Ok(s + &self.variable_lookups()?)
            }
            Tok::OpenSquare => {
                self.advance();
                let inner = self.expression()?;
                self.expect(&Tok::CloseSquare)?;
                Ok(format!("[{inner}]{}", self.variable_lookups()?))
            }
            Tok::Str(s) | Tok::Number(s) => {
                self.advance();
                Ok(s)
            }
            Tok::OpenRound => {
                self.advance();
                let first = self.expression()?;
                self.expect(&Tok::DotDot)?;
                let last = self.expression()?;
                self.expect(&Tok::CloseRound)?;
                Ok(format!("({first}..{last})"))
            }
            t => Err(Error::syntax(format!(
                "{} is not a valid expression",
                ruby_token_inspect(&t)
            ))),
        }
    }

    fn variable_lookups(&mut self) -> Result<String> {
        let mut s = String::new();
        loop {
            if self.consume_if(&Tok::OpenSquare).is_some() {
                s.push('[');
                s.push_str(&self.expression()?);
                self.expect(&Tok::CloseSquare)?;
                s.push(']');
            } else if self.consume_if(&Tok::Dot).is_some() {
                s.push('.');
                match self.expect(&Tok::Id(String::new()))? {
                    Tok::Id(id) => s.push_str(&id),
                    _ => unreachable!("expect returns the requested type"),
                }
            } else {
                return Ok(s);
            }
        }
    }

    /// Ruby's `Parser#argument`: `name: expr` or `expr`.
    pub fn argument(&mut self) -> Result<String> {
        let mut s = String::new();
        if matches!(self.peek(), Tok::Id(_)) && matches!(self.peek_at(1), Tok::Colon) {
            s.push_str(self.advance().text());
            s.push_str(": ");
            self.advance();
        }
        s.push_str(&self.expression()?);
        Ok(s)
    }
}

fn ruby_token_inspect(t: &Tok) -> String {
    match t {
        Tok::End => "[:end_of_string]".into(),
        t => format!("[:{}, \"{}\"]", t.type_name(), t.text()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raws(src: &str) -> Vec<&str> {
        tokenize(src).iter().map(|t| t.raw).collect()
    }

    #[test]
    fn splits_like_ruby_template_parser() {
        assert_eq!(
            raws("a {{ b }} c {% d %}"),
            ["a ", "{{ b }}", " c ", "{% d %}"]
        );
        assert_eq!(raws("{{ x } y"), ["{{ x }", " y"]);
        assert_eq!(raws("{% x"), ["{%", " x"]);
        assert_eq!(raws("a\n{{b}}\nc")[2], "\nc");
        assert_eq!(tokenize("a\n{{b}}\nc")[1].line, 2);
    }

    #[test]
    fn lexes_markup() {
        let t = lex("a.b[0] | f: 'x', 1.5").unwrap();
        assert_eq!(t.len(), 13);
        assert!(lex("a @ b").is_err());
    }
}
