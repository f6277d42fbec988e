//! SCSS text into the syntax tree (`ast`). Follows the grammar libsass 3.6 accepts: a
//! statement starting with a name is a style rule when what runs up to its `{` reads as a
//! selector with no `:` followed by a space (libsass's `lookahead_for_selector`), else a
//! declaration; `a -b` is a list of two and `a - b` a subtraction; `/` is kept as an
//! operation for the evaluator to decide between division and a slash.

use super::ast::*;

/// A syntax error: what was expected, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    /// The message, worded as libsass words it where it matters.
    pub message: String,
    /// Where.
    pub span: Span,
}

type Result<T> = std::result::Result<T, ParseError>;

/// Parses `text` (file number `file`) into its statements.
pub fn parse(text: &str, file: u32) -> Result<Vec<Stmt>> {
    parse_file(text, file).map(|(body, _)| body)
}

/// [`parse`], with where libsass's positions go astray in the file ([`Skew`]).
pub fn parse_file(text: &str, file: u32) -> Result<(Vec<Stmt>, Vec<Skew>)> {
    let mut p = Parser {
        s: text.as_bytes(),
        src: text,
        i: 0,
        file,
        stop_words: &[],
        skews: Vec::new(),
        lines: std::cell::OnceCell::new(),
        whole_value: false,
    };
    if p.src.starts_with('\u{feff}') {
        p.i = 3;
    }
    let body = p.statements(true)?;
    p.skip_silent();
    if p.i < p.s.len() {
        return Err(p.error("Invalid CSS: expected 1 selector or at-rule"));
    }
    Ok((body, p.skews))
}

struct Parser<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
    file: u32,
    /// Words that end a space-separated list here (`through` and `to` in `@for`).
    stop_words: &'static [&'static str],
    /// Where libsass's positions go astray, in order.
    skews: Vec<Skew>,
    /// Line starts, made when a skew needs them.
    lines: std::cell::OnceCell<Vec<usize>>,
    /// Parsing a declaration value libsass reads as a whole (`parse_value_schema`), whose
    /// parts it lexes once.
    whole_value: bool,
}

/// `pos` moved over `text` as libsass's `Offset::add` moves it.
fn advance(mut pos: (usize, usize), text: &str) -> (usize, usize) {
    for c in text.chars() {
        if c == '\n' {
            pos = (pos.0 + 1, 0);
        } else {
            pos.1 += 1;
        }
    }
    pos
}

/// The index of the `}` closing an interpolation whose content starts `text`.
fn matching_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The length of the last token of an expression's text: a bracket, a quoted string, or
/// a run of name characters.
fn last_token_len(text: &str) -> usize {
    match text.as_bytes().last() {
        None => 0,
        Some(b')' | b']' | b',') => 1,
        Some(&q @ (b'"' | b'\'')) => text[..text.len() - 1]
            .rfind(q as char)
            .map_or(1, |k| text.len() - k),
        Some(_) => {
            let n = text
                .bytes()
                .rev()
                .take_while(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'$' | b'.' | b'%')
                })
                .count();
            // Else the last character, whole.
            if n > 0 {
                n
            } else {
                text.chars().next_back().map_or(0, char::len_utf8)
            }
        }
    }
}

/// The interpolations of a text as written: each one's content (between `#{` and `}`),
/// and the text before it.
fn interpolations(mut rest: &str) -> (Vec<(&str, &str)>, &str) {
    let mut out = Vec::new();
    while let Some(open) = rest.find("#{") {
        let inner = &rest[open + 2..];
        let close = matching_brace(inner).unwrap_or(inner.len());
        out.push((&rest[..open], &inner[..close]));
        rest = inner.get(close + 1..).unwrap_or("");
    }
    (out, rest)
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80 || b == b'\\'
}

fn is_name(b: u8) -> bool {
    is_name_start(b) || b.is_ascii_digit() || b == b'-'
}

impl<'a> Parser<'a> {
    // ----- characters -------------------------------------------------------------------

    fn at(&self, k: usize) -> u8 {
        self.s.get(self.i + k).copied().unwrap_or(0)
    }

    fn done(&self) -> bool {
        self.i >= self.s.len()
    }

    fn looking_at(&self, text: &str) -> bool {
        self.s[self.i.min(self.s.len())..].starts_with(text.as_bytes())
    }

    /// Whether the input continues with the word `w` (ASCII case-insensitive), not followed
    /// by a name character.
    fn looking_at_word(&self, w: &str) -> bool {
        let end = self.i + w.len();
        end <= self.s.len()
            && self.s[self.i..end].eq_ignore_ascii_case(w.as_bytes())
            && !is_name(self.s.get(end).copied().unwrap_or(0))
    }

    /// The real (line, column in characters) of a byte.
    fn real_pos(&self, byte: usize) -> (usize, usize) {
        let lines = self.lines.get_or_init(|| {
            let mut v = vec![0];
            v.extend(self.src.match_indices('\n').map(|(i, _)| i + 1));
            v
        });
        let byte = byte.min(self.src.len());
        let line = lines.partition_point(|&s| s <= byte).saturating_sub(1);
        let from = lines[line].min(byte);
        let col = self.src.get(from..byte).map_or(0, |t| t.chars().count());
        (line, col)
    }

    /// A byte's (line, column) as libsass counts it.
    fn lib_pos(&self, byte: usize) -> (usize, usize) {
        skewed(&self.skews, byte as u32, self.real_pos(byte))
    }

    /// Notes that from `byte` on libsass has the position `lib`.
    fn skew(&mut self, byte: usize, lib: (usize, usize)) {
        let real = self.real_pos(byte);
        if self.lib_pos(byte) != lib {
            self.skews.push(Skew {
                at: byte as u32,
                real,
                lib,
            });
        }
    }

    /// After an interpolated selector, libsass's parser resumes from where it last lexed a
    /// token inside an interpolation, moved over the rest as text (`parse_selector_schema`).
    fn selector_skew(&mut self, selector: &Interp) {
        if !selector.interpolated() {
            return;
        }
        let (a, b) = (selector.span.start as usize, selector.span.end as usize);
        let Some(source) = self.src.get(a..b) else {
            return;
        };
        let (parts, rest) = interpolations(source);
        let mut lexed = self.lib_pos(a);
        let mut at = lexed;
        for (_, content) in parts {
            let body = content.trim_end();
            let last = last_token_len(body);
            at = advance(lexed, &body[..body.len() - last]);
            lexed = advance(at, &body[body.len() - last..]);
            at = advance(at, content);
            at.1 += 1;
        }
        let at = advance(at, rest);
        self.skew(b, at);
    }

    /// After an interpolated identifier (`relex_all`: its text is lexed again, but for
    /// `#{` and `}`) or quoted string (its interpolations' insides are), libsass's lexer has
    /// counted those characters twice.
    fn relex_skew(&mut self, start: usize, relex_all: bool) {
        if self.whole_value {
            return;
        }
        let Some(source) = self.src.get(start..self.i) else {
            return;
        };
        if source.contains('\n') {
            return;
        }
        let (parts, rest) = interpolations(source);
        if parts.is_empty() {
            return;
        }
        let extra: usize = if relex_all {
            parts
                .iter()
                .map(|(before, content)| before.chars().count() + content.chars().count())
                .sum::<usize>()
                + rest.chars().count()
        } else {
            parts
                .iter()
                .map(|(_, content)| content.trim_end().chars().count())
                .sum()
        };
        let (line, col) = self.lib_pos(self.i);
        self.skew(self.i, (line, col + extra));
    }

    /// libsass lexes a `calc()`'s argument as an expression (an interpolated word lexed
    /// again, as an identifier is), then its interpolations once more
    /// (`parse_calc_function`).
    fn calc_skew(&mut self, start: usize) {
        let Some(source) = self.src.get(start..self.i) else {
            return;
        };
        let args = source
            .find('(')
            .and_then(|k| source.get(k + 1..source.len().saturating_sub(1)))
            .unwrap_or("");
        if source.contains('\n') || !args.contains("#{") {
            return;
        }
        let words: usize = args
            .split_whitespace()
            // Brackets around a word are tokens of their own.
            .map(|w| {
                w.trim_start_matches(['(', '['])
                    .trim_end_matches([')', ']', ','])
            })
            .filter(|w| w.contains("#{"))
            .map(|w| {
                let (parts, rest) = interpolations(w);
                parts
                    .iter()
                    .map(|(before, content)| before.chars().count() + content.chars().count())
                    .sum::<usize>()
                    + rest.chars().count()
            })
            .sum();
        let chunks: usize = interpolations(args)
            .0
            .iter()
            .map(|(_, content)| content.trim_end().chars().count())
            .sum();
        let (line, col) = self.lib_pos(self.i);
        self.skew(self.i, (line, col + words + chunks));
    }

    fn span_from(&self, start: usize) -> Span {
        Span {
            file: self.file,
            start: start as u32,
            end: self.i as u32,
        }
    }

    fn error(&self, message: &str) -> ParseError {
        ParseError {
            message: message.to_string(),
            span: Span {
                file: self.file,
                start: self.i as u32,
                end: (self.i + 1).min(self.s.len()) as u32,
            },
        }
    }

    fn expect(&mut self, b: u8) -> Result<()> {
        if self.at(0) == b {
            self.i += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected \"{}\"", b as char)))
        }
    }

    fn text(&self, from: usize, to: usize) -> &'a str {
        self.src.get(from..to).unwrap_or("")
    }

    /// Whitespace and `//` comments.
    fn skip_silent(&mut self) {
        loop {
            match self.at(0) {
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => self.i += 1,
                b'/' if self.at(1) == b'/' => {
                    while !self.done() && self.at(0) != b'\n' {
                        self.i += 1;
                    }
                }
                _ => return,
            }
        }
    }

    /// Whitespace and comments of both kinds (inside expressions, where loud comments
    /// are dropped). Returns whether anything was skipped.
    fn skip_ws(&mut self) -> bool {
        let start = self.i;
        loop {
            self.skip_silent();
            if self.looking_at("/*") {
                self.skip_block_comment();
            } else {
                return self.i > start;
            }
        }
    }

    fn skip_block_comment(&mut self) {
        self.i += 2;
        while !self.done() && !self.looking_at("*/") {
            self.i += 1;
        }
        self.i = (self.i + 2).min(self.s.len());
    }

    /// A CSS name: letters, digits, `-`, `_`, non-ASCII and escapes, as written.
    fn name(&mut self) -> String {
        let start = self.i;
        while !self.done() && is_name(self.at(0)) {
            if self.at(0) == b'\\' {
                self.i += 1;
                // An escape takes the next character (all of it, if not ASCII).
                self.i += self.src[self.i.min(self.s.len())..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
            } else {
                self.i += 1;
            }
        }
        self.text(start, self.i).to_string()
    }

    fn looking_at_name(&self) -> bool {
        let b = self.at(0);
        is_name_start(b) || (b == b'-' && (is_name_start(self.at(1)) || self.at(1) == b'-'))
    }

    // ----- statements -------------------------------------------------------------------

    /// Statements up to a `}` (not consumed) or the end.
    fn statements(&mut self, root: bool) -> Result<Vec<Stmt>> {
        let mut out = Vec::new();
        loop {
            self.skip_silent();
            if self.done() {
                if root {
                    return Ok(out);
                }
                return Err(self.error("expected \"}\""));
            }
            match self.at(0) {
                b'}' if !root => return Ok(out),
                b'}' => return Err(self.error("Invalid CSS: unexpected \"}\"")),
                b';' => self.i += 1,
                b'/' if self.at(1) == b'*' => {
                    let start = self.i;
                    self.i += 2;
                    let text = self.raw_until_comment_end(start)?;
                    out.push(Stmt::Comment(text));
                }
                b'$' => out.push(self.variable_decl()?),
                b'@' => out.push(self.at_rule()?),
                _ => out.push(self.rule_or_decl()?),
            }
        }
    }

    /// The body of a loud comment (after `/*`), with interpolation, `/*` and `*/` kept.
    fn raw_until_comment_end(&mut self, start: usize) -> Result<Interp> {
        let mut parts = Vec::new();
        let mut text = String::from("/*");
        loop {
            if self.done() {
                return Err(self.error("expected \"*/\""));
            }
            if self.looking_at("*/") {
                self.i += 2;
                text.push_str("*/");
                break;
            }
            if self.looking_at("#{") {
                if !text.is_empty() {
                    parts.push(Piece::Text(std::mem::take(&mut text)));
                }
                parts.push(Piece::Expr(self.interpolation()?));
                continue;
            }
            let c = self.src[self.i..].chars().next().unwrap_or(' ');
            text.push(c);
            self.i += c.len_utf8();
        }
        parts.push(Piece::Text(text));
        Ok(Interp {
            parts,
            span: self.span_from(start),
        })
    }

    /// `{ statements }`.
    fn block(&mut self) -> Result<Vec<Stmt>> {
        self.skip_ws();
        self.expect(b'{')?;
        let body = self.statements(false)?;
        self.expect(b'}')?;
        Ok(body)
    }

    /// The end of a statement: `;`, or nothing before `}` or the end.
    fn end_statement(&mut self) -> Result<()> {
        self.skip_ws();
        match self.at(0) {
            b';' => {
                self.i += 1;
                Ok(())
            }
            b'}' | 0 => Ok(()),
            _ => Err(self.error("expected \";\"")),
        }
    }

    fn variable_name(&mut self) -> Result<String> {
        self.expect(b'$')?;
        let name = self.name();
        if name.is_empty() {
            return Err(self.error("expected a variable name"));
        }
        Ok(name)
    }

    fn variable_decl(&mut self) -> Result<Stmt> {
        let start = self.i;
        let name = self.variable_name()?;
        self.skip_ws();
        self.expect(b':')?;
        self.skip_ws();
        let value = self.comma_list()?;
        let (mut default, mut global) = (false, false);
        loop {
            self.skip_ws();
            if self.at(0) != b'!' {
                break;
            }
            let at = self.i;
            self.i += 1;
            self.skip_ws();
            let flag = self.name().to_ascii_lowercase();
            match flag.as_str() {
                "default" => default = true,
                "global" => global = true,
                _ => {
                    self.i = at;
                    return Err(self.error("Invalid CSS: expected \";\""));
                }
            }
        }
        let span = self.span_from(start);
        self.end_statement()?;
        Ok(Stmt::Var {
            name,
            value,
            default,
            global,
            span,
        })
    }

    fn at_rule(&mut self) -> Result<Stmt> {
        let start = self.i;
        self.i += 1;
        let name = self.name();
        let lower = name.to_ascii_lowercase();
        match lower.as_str() {
            "import" => self.import(start),
            "mixin" | "function" => {
                self.skip_ws();
                let fname = self.name();
                self.skip_ws();
                let params = if self.at(0) == b'(' {
                    self.params()?
                } else {
                    Params::default()
                };
                let body = self.block()?;
                let c = std::rc::Rc::new(Callable {
                    name: fname,
                    params,
                    body,
                    span: self.span_from(start),
                });
                Ok(if lower == "mixin" {
                    Stmt::Mixin(c)
                } else {
                    Stmt::Function(c)
                })
            }
            "return" => {
                self.skip_ws();
                let value = self.comma_list()?;
                let span = self.span_from(start);
                self.end_statement()?;
                Ok(Stmt::Return(value, span))
            }
            "include" => self.include(start),
            "content" => {
                self.skip_ws();
                let args = if self.at(0) == b'(' {
                    self.args()?
                } else {
                    Args::default()
                };
                let span = self.span_from(start);
                self.end_statement()?;
                Ok(Stmt::Content(args, span))
            }
            "if" => self.if_rule(start),
            "else" => Err(self.error("Invalid CSS: @else must come after @if")),
            "each" => {
                self.skip_ws();
                let mut vars = vec![self.variable_name()?];
                loop {
                    self.skip_ws();
                    if self.at(0) != b',' {
                        break;
                    }
                    self.i += 1;
                    self.skip_ws();
                    vars.push(self.variable_name()?);
                }
                self.skip_ws();
                if !self.looking_at_word("in") {
                    return Err(self.error("expected \"in\""));
                }
                self.i += 2;
                self.skip_ws();
                let list = self.comma_list()?;
                let body = self.block()?;
                Ok(Stmt::Each {
                    vars,
                    list,
                    body,
                    span: self.span_from(start),
                })
            }
            "for" => {
                self.skip_ws();
                let var = self.variable_name()?;
                self.skip_ws();
                if !self.looking_at_word("from") {
                    return Err(self.error("expected \"from\""));
                }
                self.i += 4;
                self.skip_ws();
                let saved = std::mem::replace(&mut self.stop_words, &["through", "to"]);
                let from = self.space_list();
                self.stop_words = saved;
                let from = from?;
                self.skip_ws();
                let inclusive = if self.looking_at_word("through") {
                    self.i += 7;
                    true
                } else if self.looking_at_word("to") {
                    self.i += 2;
                    false
                } else {
                    return Err(self.error("expected \"through\" or \"to\""));
                };
                self.skip_ws();
                let to = self.space_list()?;
                let body = self.block()?;
                Ok(Stmt::For {
                    var,
                    from,
                    to,
                    inclusive,
                    body,
                    span: self.span_from(start),
                })
            }
            "while" => {
                self.skip_ws();
                let cond = self.comma_list()?;
                let body = self.block()?;
                Ok(Stmt::While {
                    cond,
                    body,
                    span: self.span_from(start),
                })
            }
            "media" => {
                self.skip_ws();
                let query = self.media_query()?;
                let body = self.block()?;
                Ok(Stmt::Media {
                    query,
                    body,
                    span: self.span_from(start),
                })
            }
            "at-root" => {
                self.skip_ws();
                if self.at(0) == b'(' {
                    let q = self.raw_until(b"{")?;
                    let body = self.block()?;
                    return Ok(Stmt::AtRoot {
                        query: Some(q),
                        body,
                        span: self.span_from(start),
                    });
                }
                if self.at(0) == b'{' {
                    let body = self.block()?;
                    return Ok(Stmt::AtRoot {
                        query: None,
                        body,
                        span: self.span_from(start),
                    });
                }
                let rule_start = self.i;
                let selector = self.raw_until(b"{")?;
                self.selector_skew(&selector);
                let body = self.block()?;
                let rule = Stmt::Rule {
                    selector,
                    body,
                    span: self.span_from(rule_start),
                };
                Ok(Stmt::AtRoot {
                    query: None,
                    body: vec![rule],
                    span: self.span_from(start),
                })
            }
            "extend" => {
                self.skip_ws();
                let mut selector = self.raw_until(b";}")?;
                let mut optional = false;
                if let Some(Piece::Text(t)) = selector.parts.last_mut()
                    && let Some(rest) = t.trim_end().strip_suffix("!optional")
                {
                    *t = rest.trim_end().to_string();
                    optional = true;
                }
                let span = self.span_from(start);
                self.end_statement()?;
                Ok(Stmt::Extend {
                    selector,
                    optional,
                    span,
                })
            }
            "warn" | "error" | "debug" => {
                self.skip_ws();
                let value = self.comma_list()?;
                let span = self.span_from(start);
                self.end_statement()?;
                let kind = match lower.as_str() {
                    "warn" => MessageKind::Warn,
                    "error" => MessageKind::Error,
                    _ => MessageKind::Debug,
                };
                Ok(Stmt::Message { kind, value, span })
            }
            _ => {
                self.skip_ws();
                let params = self.raw_until(b"{;}")?;
                let body = if self.at(0) == b'{' {
                    Some(self.block()?)
                } else {
                    self.end_statement()?;
                    None
                };
                Ok(Stmt::AtRule {
                    name,
                    params,
                    body,
                    span: self.span_from(start),
                })
            }
        }
    }

    fn import(&mut self, start: usize) -> Result<Stmt> {
        let mut imports = Vec::new();
        loop {
            self.skip_ws();
            let at = self.i;
            if matches!(self.at(0), b'"' | b'\'') {
                let q = self.at(0);
                let s = self.quoted()?;
                let url = s.as_plain().unwrap_or_default();
                // What follows (a media query) makes it plain CSS.
                let save = self.i;
                self.skip_ws();
                // libsass takes no block after an import (the indented syntax makes one of
                // lines indented under `@import`).
                if self.at(0) == b'{' {
                    self.i = save;
                    return Err(self.error("expected 1 selector or at-rule, was \"{\""));
                }
                let has_media = !matches!(self.at(0), b',' | b';' | b'}' | 0);
                self.i = save;
                let css = url.ends_with(".css")
                    || url.starts_with("http://")
                    || url.starts_with("https://")
                    || url.starts_with("//")
                    || has_media
                    || s.interpolated();
                if css {
                    self.i = at;
                    let text = self.raw_until(b",;}")?;
                    let _ = q;
                    imports.push(Import::Css(text, self.span_from(at)));
                } else {
                    imports.push(Import::Sass(url, self.span_from(at)));
                }
            } else if self.looking_at_word("url") || self.looking_at("url(") {
                let text = self.raw_until(b",;}")?;
                imports.push(Import::Css(text, self.span_from(at)));
            } else {
                return Err(self.error("expected a file to import"));
            }
            self.skip_ws();
            if self.at(0) == b',' {
                self.i += 1;
                continue;
            }
            break;
        }
        let span = self.span_from(start);
        self.end_statement()?;
        Ok(Stmt::Import { imports, span })
    }

    fn include(&mut self, start: usize) -> Result<Stmt> {
        self.skip_ws();
        let name = self.name();
        if name.is_empty() {
            return Err(self.error("expected a mixin name"));
        }
        self.skip_ws();
        let args = if self.at(0) == b'(' {
            self.args()?
        } else {
            Args::default()
        };
        self.skip_ws();
        let mut params = Params::default();
        if self.looking_at_word("using") {
            self.i += 5;
            self.skip_ws();
            params = self.params()?;
            self.skip_ws();
        }
        let content = if self.at(0) == b'{' {
            let c_start = self.i;
            let body = self.block()?;
            Some(std::rc::Rc::new(Callable {
                name: String::new(),
                params,
                body,
                span: self.span_from(c_start),
            }))
        } else {
            None
        };
        let span = self.span_from(start);
        if content.is_none() {
            self.end_statement()?;
        }
        Ok(Stmt::Include {
            name,
            args,
            content,
            span,
        })
    }

    fn if_rule(&mut self, start: usize) -> Result<Stmt> {
        self.skip_ws();
        let cond = self.comma_list()?;
        let body = self.block()?;
        let mut clauses = vec![(cond, body)];
        let mut otherwise = None;
        loop {
            let save = self.i;
            self.skip_silent();
            if self.looking_at("/*") {
                self.skip_ws();
            }
            if !self.looking_at("@else") || is_name(self.at(5)) {
                self.i = save;
                break;
            }
            self.i += 5;
            self.skip_ws();
            if self.looking_at_word("if") {
                self.i += 2;
                self.skip_ws();
                let cond = self.comma_list()?;
                let body = self.block()?;
                clauses.push((cond, body));
            } else {
                otherwise = Some(self.block()?);
                break;
            }
        }
        Ok(Stmt::If {
            clauses,
            otherwise,
            span: self.span_from(start),
        })
    }

    /// A style rule or a declaration, told apart as libsass does: what runs to the first
    /// `{`, `;` or `}` is a selector when it ends at `{` and no `:` in it is followed by
    /// whitespace (or ends it).
    fn rule_or_decl(&mut self) -> Result<Stmt> {
        let start = self.i;
        let (stop, property_like) = self.scan_statement();
        if stop == Some(b'{') && !property_like {
            let selector = self.raw_until(b"{")?;
            self.selector_skew(&selector);
            let body = self.block()?;
            return Ok(Stmt::Rule {
                selector,
                body,
                span: self.span_from(start),
            });
        }
        self.declaration(start)
    }

    /// Looks ahead (without moving) to the statement's first top-level `{`, `;` or `}`:
    /// which it is, and whether a `:` before it is followed by whitespace or ends the text.
    fn scan_statement(&self) -> (Option<u8>, bool) {
        let mut k = self.i;
        let mut depth = 0usize;
        let mut property_like = self.s[k..].starts_with(b"--");
        while k < self.s.len() {
            let b = self.s[k];
            match b {
                b'"' | b'\'' => {
                    k += 1;
                    while k < self.s.len() && self.s[k] != b {
                        k += if self.s[k] == b'\\' { 2 } else { 1 };
                    }
                }
                b'\\' => k += 1,
                b'#' if self.s.get(k + 1) == Some(&b'{') => {
                    depth += 1;
                    k += 1;
                }
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth = depth.saturating_sub(1),
                b'}' if depth > 0 => depth -= 1,
                b'/' if self.s.get(k + 1) == Some(&b'*') => {
                    k += 2;
                    while k + 1 < self.s.len() && !(self.s[k] == b'*' && self.s[k + 1] == b'/') {
                        k += 1;
                    }
                    k += 1;
                }
                b':' if depth == 0 => {
                    let next = self.s.get(k + 1).copied().unwrap_or(b'{');
                    if matches!(next, b' ' | b'\t' | b'\n' | b'\r' | b'{') {
                        property_like = true;
                    }
                }
                b'{' | b';' | b'}' if depth == 0 => return (Some(b), property_like),
                _ => {}
            }
            k += 1;
        }
        (None, property_like)
    }

    fn declaration(&mut self, start: usize) -> Result<Stmt> {
        // The name: up to `:`, with interpolation; IE hacks (`*zoom`, `_height`) included.
        let name = self.raw_until(b":;{}")?;
        if self.at(0) != b':' {
            return Err(self.error("Invalid CSS: expected \":\""));
        }
        self.i += 1;
        let custom = name.as_plain().is_some_and(|n| n.starts_with("--"))
            || matches!(name.parts.first(), Some(Piece::Text(t)) if t.starts_with("--"));
        if custom {
            // libsass writes a custom property's value exactly as written, spaces and all.
            let from = self.i;
            let mut value = self.raw_until(b";}")?;
            if !value.interpolated() {
                value = Interp::plain(self.text(from, self.i), self.span_from(from));
            } else {
                // The spaces `raw_until` trimmed, put back.
                let all = self.text(from, self.i);
                let lead = &all[..all.len() - all.trim_start().len()];
                let trail = &all[all.trim_end().len()..];
                if !lead.is_empty() {
                    value.parts.insert(0, Piece::Text(lead.to_string()));
                }
                if !trail.is_empty() {
                    value.parts.push(Piece::Text(trail.to_string()));
                }
            }
            let span = self.span_from(start);
            self.end_statement()?;
            return Ok(Stmt::Decl {
                name,
                value: Some(Expr::Str {
                    text: value,
                    quote: None,
                }),
                body: Vec::new(),
                custom: true,
                span,
            });
        }
        let colon = self.i - 1;
        self.skip_ws();
        let value = if matches!(self.at(0), b'{' | b';' | b'}') {
            None
        } else if self.whole_value_ahead() {
            // libsass parses a one-word value with interpolation (`#{$r}rem;`) as a whole
            // (`parse_value_schema`): its string is made where the token before it was —
            // the spaces after the colon, else the colon — and its parts are lexed once.
            let before = if self.i > colon + 1 {
                (colon + 1, self.i)
            } else {
                (colon, colon + 1)
            };
            self.whole_value = true;
            let value = self.comma_list();
            self.whole_value = false;
            Some(match value? {
                Expr::Str { mut text, quote } => {
                    text.span = Span {
                        file: self.file,
                        start: before.0 as u32,
                        end: before.1 as u32,
                    };
                    Expr::Str { text, quote }
                }
                other => other,
            })
        } else if let Some(end) = self.static_value() {
            // libsass keeps a value of plain literals as written (`0.50em`, `12px/1.5`).
            let start = self.i;
            let text = self.text(start, end).trim_end().to_string();
            self.i = end;
            Some(Expr::Str {
                text: Interp::plain(&text, self.span_from(start)),
                quote: None,
            })
        } else {
            Some(self.comma_list()?)
        };
        let span = self.span_from(start);
        self.skip_ws();
        let body = if self.at(0) == b'{' {
            self.block()?
        } else {
            self.end_statement()?;
            Vec::new()
        };
        Ok(Stmt::Decl {
            name,
            value,
            body,
            custom: false,
            span,
        })
    }

    /// Whether the value here is one that libsass's `lookahead_for_value` takes whole: with
    /// no space in it, interpolations (each maybe followed by a quoted string), names,
    /// variables and comments, then `;`, `{` or `}` — and at least one interpolation.
    fn whole_value_ahead(&self) -> bool {
        let s = self.s;
        let mut k = self.i;
        let mut interpolated = false;
        loop {
            match s.get(k).copied().unwrap_or(0) {
                b';' | b'{' | b'}' => return interpolated && k > self.i,
                b'#' if s.get(k + 1) == Some(&b'{') => {
                    let inner = self.src.get(k + 2..).unwrap_or("");
                    let Some(close) = matching_brace(inner) else {
                        return false;
                    };
                    k += 2 + close + 1;
                    interpolated = true;
                    if let Some(&q @ (b'"' | b'\'')) = s.get(k) {
                        match s[k + 1..].iter().position(|&c| c == q) {
                            Some(end) => k += end + 2,
                            None => return false,
                        }
                    }
                }
                b'/' if s.get(k + 1) == Some(&b'*') => {
                    match self.src.get(k + 2..).and_then(|t| t.find("*/")) {
                        Some(end) => k += 2 + end + 2,
                        None => return false,
                    }
                }
                b'$' => {
                    k += 1;
                    while s.get(k).is_some_and(|&c| is_name(c)) {
                        k += 1;
                    }
                }
                c if is_name_start(c)
                    || (c == b'-'
                        && s.get(k + 1).is_some_and(|&n| is_name_start(n) || n == b'-')) =>
                {
                    k += 1;
                    while s.get(k).is_some_and(|&c| is_name(c) && c != b'\\') {
                        k += 1;
                    }
                }
                _ => return false,
            }
        }
    }

    /// Where a static value (libsass's `static_value`: literals separated by spaces, `,` or
    /// `/`, then `;` or `}`) starting here ends (before its `;` or `}`), if it is one.
    fn static_value(&self) -> Option<usize> {
        let s = self.s;
        let mut k = self.i;
        let spaces = |k: &mut usize| {
            while *k < s.len() && matches!(s[*k], b' ' | b'\t' | b'\n' | b'\r') {
                *k += 1;
            }
        };
        let mut first = true;
        loop {
            if !first {
                let before = k;
                spaces(&mut k);
                if k < s.len() && matches!(s[k], b'/' | b',') {
                    k += 1;
                    spaces(&mut k);
                } else if k == before {
                    break;
                }
            }
            let save = k;
            if !static_component(s, &mut k) {
                k = save;
                if first {
                    return None;
                }
                // Trailing spaces before the end are fine; anything else is not static.
                break;
            }
            if first {
                // libsass: the first component may run on into identifiers.
                while k < s.len() && is_name_start(s[k]) {
                    while k < s.len() && is_name(s[k]) {
                        k += 1;
                    }
                }
            }
            first = false;
        }
        let end = k.min(s.len());
        spaces(&mut k);
        (k < s.len() && matches!(s[k], b';' | b'}') && self.src.is_char_boundary(end))
            .then_some(end)
    }

    /// Text up to one of `stops` at bracket depth 0 (not consumed), with `#{}` read as
    /// expressions, strings and comments kept as written; trimmed.
    fn raw_until(&mut self, stops: &[u8]) -> Result<Interp> {
        let start = self.i;
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut depth = 0usize;
        while !self.done() {
            let b = self.at(0);
            if depth == 0 && stops.contains(&b) {
                break;
            }
            match b {
                b'#' if self.at(1) == b'{' => {
                    if !text.is_empty() {
                        parts.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Piece::Expr(self.interpolation()?));
                    continue;
                }
                b'"' | b'\'' => {
                    let from = self.i;
                    self.i += 1;
                    while !self.done() && self.at(0) != b {
                        if self.looking_at("#{") {
                            text.push_str(self.text(from, self.i));
                            parts.push(Piece::Text(std::mem::take(&mut text)));
                            parts.push(Piece::Expr(self.interpolation()?));
                            return self.raw_string_rest(b, parts, stops, start, depth);
                        }
                        self.i += if self.at(0) == b'\\' { 2 } else { 1 };
                    }
                    self.i = (self.i + 1).min(self.s.len());
                    text.push_str(self.text(from, self.i));
                    continue;
                }
                b'/' if self.at(1) == b'/'
                    && depth == 0
                    && !self.text(start, self.i).ends_with(':') =>
                {
                    // A line comment (not the `//` of a URL's scheme).
                    while !self.done() && self.at(0) != b'\n' {
                        self.i += 1;
                    }
                    continue;
                }
                b'/' if self.at(1) == b'*' => {
                    self.skip_block_comment();
                    continue;
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                b'\\' => {
                    let from = self.i;
                    self.i += 1;
                    self.i += self.src[self.i.min(self.s.len())..]
                        .chars()
                        .next()
                        .map_or(0, char::len_utf8);
                    text.push_str(self.text(from, self.i));
                    continue;
                }
                _ => {}
            }
            let c = self.src[self.i..].chars().next().unwrap_or(' ');
            text.push(c);
            self.i += c.len_utf8();
        }
        if !text.is_empty() {
            parts.push(Piece::Text(text));
        }
        trim_interp(&mut parts);
        Ok(Interp {
            parts,
            span: self.span_from(start),
        })
    }

    /// `raw_until` after an interpolation inside a quoted string: the string's rest, then
    /// on.
    fn raw_string_rest(
        &mut self,
        quote: u8,
        mut parts: Vec<Piece>,
        stops: &[u8],
        start: usize,
        depth: usize,
    ) -> Result<Interp> {
        let mut text = String::new();
        while !self.done() && self.at(0) != quote {
            if self.looking_at("#{") {
                parts.push(Piece::Text(std::mem::take(&mut text)));
                parts.push(Piece::Expr(self.interpolation()?));
                continue;
            }
            let from = self.i;
            self.i += if self.at(0) == b'\\' { 2 } else { 1 };
            self.i = self.i.min(self.s.len());
            text.push_str(self.text(from, self.i));
        }
        if !self.done() {
            self.i += 1;
            text.push(quote as char);
        }
        parts.push(Piece::Text(text));
        let rest = if depth == 0 {
            self.raw_until(stops)?
        } else {
            // Close the brackets still open, then go on at depth 0.
            let mut rest = Vec::new();
            let mut d = depth;
            let mut t = String::new();
            while !self.done() && d > 0 {
                match self.at(0) {
                    b'(' | b'[' => d += 1,
                    b')' | b']' => d -= 1,
                    _ => {}
                }
                let c = self.src[self.i..].chars().next().unwrap_or(' ');
                t.push(c);
                self.i += c.len_utf8();
            }
            rest.push(Piece::Text(t));
            let more = self.raw_until(stops)?;
            rest.extend(more.parts);
            Interp {
                parts: rest,
                span: self.span_from(start),
            }
        };
        parts.extend(rest.parts);
        merge_text(&mut parts);
        trim_interp(&mut parts);
        Ok(Interp {
            parts,
            span: self.span_from(start),
        })
    }

    /// `#{ expr }`.
    fn interpolation(&mut self) -> Result<Expr> {
        self.i += 2;
        self.skip_ws();
        let e = self.comma_list()?;
        self.skip_ws();
        self.expect(b'}')?;
        Ok(e)
    }

    /// A media query list: its text, whitespace normalised, with `#{}` and the SassScript
    /// of each `(feature: value)` read as expressions.
    fn media_query(&mut self) -> Result<Interp> {
        let start = self.i;
        let mut parts = Vec::new();
        let mut text = String::new();
        while !self.done() && self.at(0) != b'{' {
            match self.at(0) {
                b'#' if self.at(1) == b'{' => {
                    if !text.is_empty() {
                        parts.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Piece::Expr(self.interpolation()?));
                }
                b'(' => {
                    self.i += 1;
                    self.skip_ws();
                    text.push('(');
                    let feature = self.raw_until(b":)")?;
                    for p in feature.parts {
                        match p {
                            Piece::Text(t) => text.push_str(&t),
                            e => {
                                parts.push(Piece::Text(std::mem::take(&mut text)));
                                parts.push(e);
                            }
                        }
                    }
                    if self.at(0) == b':' {
                        self.i += 1;
                        self.skip_ws();
                        text.push_str(": ");
                        parts.push(Piece::Text(std::mem::take(&mut text)));
                        parts.push(Piece::Expr(self.comma_list()?));
                        self.skip_ws();
                    }
                    self.expect(b')')?;
                    text.push(')');
                }
                b' ' | b'\t' | b'\n' | b'\r' => {
                    self.skip_ws();
                    if !text.ends_with(' ') && !matches!(self.at(0), b'{' | b',') {
                        text.push(' ');
                    }
                }
                b',' => {
                    self.i += 1;
                    while text.ends_with(' ') {
                        text.pop();
                    }
                    text.push_str(", ");
                    self.skip_ws();
                }
                b'/' if matches!(self.at(1), b'/' | b'*') => {
                    self.skip_ws();
                }
                b'$' => {
                    parts.push(Piece::Text(std::mem::take(&mut text)));
                    parts.push(Piece::Expr(self.space_list()?));
                }
                _ => {
                    let c = self.src[self.i..].chars().next().unwrap_or(' ');
                    text.push(c);
                    self.i += c.len_utf8();
                }
            }
        }
        let trimmed = text.trim_end().len();
        text.truncate(trimmed);
        if !text.is_empty() {
            parts.push(Piece::Text(text));
        }
        merge_text(&mut parts);
        Ok(Interp {
            parts,
            span: self.span_from(start),
        })
    }

    // ----- parameters and arguments -----------------------------------------------------

    fn params(&mut self) -> Result<Params> {
        self.expect(b'(')?;
        let mut out = Params::default();
        loop {
            self.skip_ws();
            if self.at(0) == b')' {
                self.i += 1;
                return Ok(out);
            }
            let name = self.variable_name()?;
            self.skip_ws();
            if self.looking_at("...") {
                self.i += 3;
                out.rest = Some(name);
                self.skip_ws();
                self.expect(b')')?;
                return Ok(out);
            }
            let default = if self.at(0) == b':' {
                self.i += 1;
                self.skip_ws();
                Some(self.space_list()?)
            } else {
                None
            };
            out.params.push((name, default));
            self.skip_ws();
            match self.at(0) {
                b',' => self.i += 1,
                b')' => {}
                _ => return Err(self.error("expected \")\"")),
            }
        }
    }

    fn args(&mut self) -> Result<Args> {
        let start = self.i;
        self.expect(b'(')?;
        let mut out = Args::default();
        loop {
            self.skip_ws();
            if self.at(0) == b')' {
                self.i += 1;
                out.span = self.span_from(start);
                return Ok(out);
            }
            // `$name:` is a keyword argument; `$name` alone a value.
            let save = self.i;
            let mut named = None;
            if self.at(0) == b'$' {
                let n = self.variable_name()?;
                self.skip_ws();
                if self.at(0) == b':' {
                    self.i += 1;
                    self.skip_ws();
                    named = Some(n);
                } else {
                    self.i = save;
                }
            }
            let value = self.space_list()?;
            self.skip_ws();
            if let Some(n) = named {
                out.named.push((n, value));
            } else if self.looking_at("...") {
                self.i += 3;
                if out.rest.is_none() {
                    out.rest = Some(Box::new(value));
                } else {
                    out.keyword_rest = Some(Box::new(value));
                }
                self.skip_ws();
            } else {
                out.positional.push(value);
            }
            match self.at(0) {
                b',' => self.i += 1,
                b')' => {}
                _ => return Err(self.error("expected \")\"")),
            }
        }
    }

    // ----- expressions ------------------------------------------------------------------

    /// `a, b, c` (a single element is returned as itself).
    fn comma_list(&mut self) -> Result<Expr> {
        let start = self.i;
        let first = self.space_list()?;
        self.skip_ws();
        if self.at(0) != b',' {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.at(0) == b',' {
            self.i += 1;
            self.skip_ws();
            if self.ends_element() {
                break;
            }
            items.push(self.space_list()?);
            self.skip_ws();
        }
        Ok(Expr::List {
            items,
            sep: Sep::Comma,
            bracketed: false,
            span: self.span_from(start),
        })
    }

    /// Whether what follows ends a list element.
    fn ends_element(&self) -> bool {
        match self.at(0) {
            0 | b',' | b';' | b')' | b']' | b'}' | b'{' | b':' => true,
            b'!' => {
                let rest = &self.src[self.i + 1..];
                let rest = rest.trim_start();
                ["default", "global", "optional"].iter().any(|w| {
                    rest.get(..w.len())
                        .is_some_and(|p| p.eq_ignore_ascii_case(w))
                })
            }
            b'.' if self.looking_at("...") => true,
            b'=' if self.at(1) != b'=' => true,
            _ => self.stop_words.iter().any(|w| self.looking_at_word(w)),
        }
    }

    /// `a b c` (a single element is returned as itself).
    fn space_list(&mut self) -> Result<Expr> {
        let start = self.i;
        let first = self.or_expr()?;
        let mut items = vec![first];
        loop {
            let save = self.i;
            self.skip_ws();
            if self.ends_element() || self.i == save && !self.starts_new_element() {
                self.i = save;
                break;
            }
            items.push(self.or_expr()?);
        }
        if items.len() == 1 {
            return Ok(items.pop().unwrap_or(Expr::Null(self.span_from(start))));
        }
        Ok(Expr::List {
            items,
            sep: Sep::Space,
            bracketed: false,
            span: self.span_from(start),
        })
    }

    /// Without whitespace in between, what may still start another element (`1px"a"`).
    fn starts_new_element(&self) -> bool {
        matches!(self.at(0), b'"' | b'\'')
    }

    fn or_expr(&mut self) -> Result<Expr> {
        self.word_operator("or", BinOp::Or, Self::and_expr)
    }

    fn and_expr(&mut self) -> Result<Expr> {
        self.word_operator("and", BinOp::And, Self::equality)
    }

    /// Operands of `next` joined by the operator `word` (`or`, `and`).
    fn word_operator(
        &mut self,
        word: &str,
        op: BinOp,
        next: fn(&mut Self) -> Result<Expr>,
    ) -> Result<Expr> {
        let mut lhs = next(self)?;
        loop {
            let save = self.i;
            self.skip_ws();
            if !self.looking_at_word(word) {
                self.i = save;
                return Ok(lhs);
            }
            self.i += word.len();
            self.skip_ws();
            let rhs = next(self)?;
            lhs = binary(op, lhs, rhs, true);
        }
    }

    fn equality(&mut self) -> Result<Expr> {
        let mut lhs = self.relation()?;
        loop {
            let save = self.i;
            self.skip_ws();
            let op = if self.looking_at("==") {
                BinOp::Eq
            } else if self.looking_at("!=") {
                BinOp::Ne
            } else {
                self.i = save;
                return Ok(lhs);
            };
            self.i += 2;
            self.skip_ws();
            let rhs = self.relation()?;
            lhs = binary(op, lhs, rhs, true);
        }
    }

    fn relation(&mut self) -> Result<Expr> {
        let mut lhs = self.additive()?;
        loop {
            let save = self.i;
            self.skip_ws();
            let (op, len) = match (self.at(0), self.at(1)) {
                (b'<', b'=') => (BinOp::Le, 2),
                (b'>', b'=') => (BinOp::Ge, 2),
                (b'<', _) => (BinOp::Lt, 1),
                (b'>', _) => (BinOp::Gt, 1),
                _ => {
                    self.i = save;
                    return Ok(lhs);
                }
            };
            self.i += len;
            self.skip_ws();
            let rhs = self.additive()?;
            lhs = binary(op, lhs, rhs, true);
        }
    }

    fn additive(&mut self) -> Result<Expr> {
        let mut lhs = self.multiplicative()?;
        loop {
            let save = self.i;
            let before = self.skip_ws();
            let op = match self.at(0) {
                b'+' => BinOp::Add,
                b'-' => BinOp::Sub,
                _ => {
                    self.i = save;
                    return Ok(lhs);
                }
            };
            let after = matches!(self.at(1), b' ' | b'\t' | b'\n' | b'\r');
            // `a -b`, `a +b`: a new list element, signed.
            if before && !after {
                self.i = save;
                return Ok(lhs);
            }
            // `a-b` after a name was read as one name; `1-x` is `1 - x`.
            self.i += 1;
            self.skip_ws();
            let rhs = self.multiplicative()?;
            lhs = binary(op, lhs, rhs, before || after);
        }
    }

    fn multiplicative(&mut self) -> Result<Expr> {
        let mut lhs = self.unary()?;
        loop {
            let save = self.i;
            let before = self.skip_ws();
            let op = match self.at(0) {
                b'*' => BinOp::Mul,
                b'/' if !matches!(self.at(1), b'/' | b'*') => BinOp::Div,
                b'%' => BinOp::Mod,
                _ => {
                    self.i = save;
                    return Ok(lhs);
                }
            };
            self.i += 1;
            let after = self.skip_ws();
            let rhs = self.unary()?;
            lhs = binary(op, lhs, rhs, before || after);
        }
    }

    fn unary(&mut self) -> Result<Expr> {
        let start = self.i;
        let op = match self.at(0) {
            b'+' if !self.number_follows(1) => Some(UnaryOp::Plus),
            b'-' if !self.number_follows(1) && !self.looking_at_name() && self.at(1) != b'#' => {
                Some(UnaryOp::Minus)
            }
            b'/' => Some(UnaryOp::Slash),
            _ if self.looking_at_word("not") => Some(UnaryOp::Not),
            _ => None,
        };
        let Some(op) = op else {
            return self.primary();
        };
        self.i += if op == UnaryOp::Not { 3 } else { 1 };
        self.skip_ws();
        let operand = self.unary()?;
        Ok(Expr::Unary(op, Box::new(operand), self.span_from(start)))
    }

    /// Whether a number starts `k` bytes ahead.
    fn number_follows(&self, k: usize) -> bool {
        self.at(k).is_ascii_digit() || (self.at(k) == b'.' && self.at(k + 1).is_ascii_digit())
    }

    fn primary(&mut self) -> Result<Expr> {
        let start = self.i;
        match self.at(0) {
            b'(' => self.paren(),
            b'[' => {
                self.i += 1;
                self.skip_ws();
                let inner = if self.at(0) == b']' {
                    Vec::new()
                } else {
                    match self.comma_list()? {
                        Expr::List {
                            items,
                            bracketed: false,
                            ..
                        } => items,
                        one => vec![one],
                    }
                };
                self.skip_ws();
                self.expect(b']')?;
                let sep = Sep::Space;
                Ok(Expr::List {
                    items: inner,
                    sep,
                    bracketed: true,
                    span: self.span_from(start),
                })
            }
            b'"' | b'\'' => {
                let q = self.at(0) as char;
                let text = self.quoted()?;
                self.relex_skew(start, false);
                Ok(Expr::Str {
                    text,
                    quote: Some(q),
                })
            }
            b'$' => {
                let name = self.variable_name()?;
                Ok(Expr::Var(name, self.span_from(start)))
            }
            b'&' => {
                self.i += 1;
                Ok(Expr::Parent(self.span_from(start)))
            }
            b'#' if self.at(1) == b'{' => self.identifier_like(start),
            // `-#{...}`: libsass's identifier with a leading `-` (Bulma's
            // `margin-bottom: -#{$w}`), not a negation.
            b'-' if self.at(1) == b'#' && self.at(2) == b'{' => self.identifier_like(start),
            b'#' => self.hash(start),
            b'!' => {
                self.i += 1;
                self.skip_ws();
                let word = self.name();
                if !word.eq_ignore_ascii_case("important") {
                    return Err(self.error("expected \"important\""));
                }
                Ok(Expr::Str {
                    text: Interp::plain("!important", self.span_from(start)),
                    quote: None,
                })
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' if self.number_start() => self.number(start),
            _ if self.looking_at_name() => self.identifier_like(start),
            b'%' => {
                // A placeholder-ish bare `%` (as in `nth-child(2n+1)`): text.
                self.i += 1;
                Ok(Expr::Str {
                    text: Interp::plain("%", self.span_from(start)),
                    quote: None,
                })
            }
            _ => Err(self.error("Invalid CSS: expected expression")),
        }
    }

    fn number_start(&self) -> bool {
        match self.at(0) {
            b'0'..=b'9' => true,
            b'.' => self.at(1).is_ascii_digit(),
            b'+' | b'-' => self.number_follows(1),
            _ => false,
        }
    }

    fn number(&mut self, start: usize) -> Result<Expr> {
        if matches!(self.at(0), b'+' | b'-') {
            self.i += 1;
        }
        while self.at(0).is_ascii_digit() {
            self.i += 1;
        }
        if self.at(0) == b'.' && self.at(1).is_ascii_digit() {
            self.i += 1;
            while self.at(0).is_ascii_digit() {
                self.i += 1;
            }
        }
        if matches!(self.at(0), b'e' | b'E')
            && (self.at(1).is_ascii_digit()
                || (matches!(self.at(1), b'+' | b'-') && self.at(2).is_ascii_digit()))
        {
            self.i += 2;
            while self.at(0).is_ascii_digit() {
                self.i += 1;
            }
        }
        let digits = self.text(start, self.i);
        let value: f64 = digits
            .parse()
            .map_err(|_| self.error("Invalid CSS: expected a number"))?;
        let unit = if self.at(0) == b'%' {
            self.i += 1;
            "%".to_string()
        } else if is_name_start(self.at(0)) && self.at(0) != b'\\' {
            // A unit: letters; a `-` only when a letter follows (`1px-2px` is a subtraction).
            let from = self.i;
            while is_name_start(self.at(0)) && self.at(0) != b'\\'
                || (self.at(0) == b'-' && self.at(1).is_ascii_alphabetic())
            {
                self.i += 1;
            }
            self.text(from, self.i).to_string()
        } else {
            String::new()
        };
        // libsass's `number_has_zero`.
        let zero = ![".", "0.", "-.", "-0."]
            .iter()
            .any(|p| digits.starts_with(p));
        Ok(Expr::Number {
            value,
            unit,
            zero,
            signed: matches!(self.s.get(start), Some(b'+' | b'-')),
            span: self.span_from(start),
        })
    }

    /// `#…`: a hex colour, or text such as `#foo`.
    fn hash(&mut self, start: usize) -> Result<Expr> {
        self.i += 1;
        let from = self.i;
        while is_name(self.at(0)) && self.at(0) != b'\\' {
            self.i += 1;
        }
        let digits = self.text(from, self.i);
        let hex = digits.bytes().all(|b| b.is_ascii_hexdigit());
        let channel = |k: usize, n: usize| -> f64 {
            let v = u8::from_str_radix(&digits[k * n..k * n + n], 16).unwrap_or(0);
            f64::from(if n == 1 { v * 17 } else { v })
        };
        let rgba = match digits.len() {
            3 if hex => Some([channel(0, 1), channel(1, 1), channel(2, 1), 1.0]),
            4 if hex => Some([
                channel(0, 1),
                channel(1, 1),
                channel(2, 1),
                channel(3, 1) / 255.0,
            ]),
            6 if hex => Some([channel(0, 2), channel(1, 2), channel(2, 2), 1.0]),
            8 if hex => Some([
                channel(0, 2),
                channel(1, 2),
                channel(2, 2),
                channel(3, 2) / 255.0,
            ]),
            _ => None,
        };
        let span = self.span_from(start);
        let text = self.text(start, self.i).to_string();
        Ok(match rgba {
            Some(rgba) => Expr::Color { rgba, text, span },
            None => Expr::Str {
                text: Interp::plain(&text, span),
                quote: None,
            },
        })
    }

    /// A quoted string (at its quote): its content with interpolation, escapes as written.
    fn quoted(&mut self) -> Result<Interp> {
        let start = self.i;
        let q = self.at(0);
        self.i += 1;
        let mut parts = Vec::new();
        let mut text = String::new();
        loop {
            if self.done() {
                return Err(self.error("expected a closing quote"));
            }
            let b = self.at(0);
            if b == q {
                self.i += 1;
                break;
            }
            if b == b'\n' {
                return Err(self.error("expected a closing quote"));
            }
            if self.looking_at("#{") {
                if !text.is_empty() {
                    parts.push(Piece::Text(std::mem::take(&mut text)));
                }
                parts.push(Piece::Expr(self.interpolation()?));
                continue;
            }
            let from = self.i;
            if b == b'\\' {
                self.i += 1;
            }
            self.i += self.src[self.i.min(self.s.len())..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
            text.push_str(self.text(from, self.i));
        }
        if !text.is_empty() {
            parts.push(Piece::Text(text));
        }
        Ok(Interp {
            parts,
            span: self.span_from(start),
        })
    }

    /// A name, possibly with interpolation: a keyword, a colour, a function call, a special
    /// function kept as written, or an unquoted string.
    fn identifier_like(&mut self, start: usize) -> Result<Expr> {
        let mut parts = Vec::new();
        let mut text = String::new();
        loop {
            if self.looking_at("#{") {
                if !text.is_empty() {
                    parts.push(Piece::Text(std::mem::take(&mut text)));
                }
                parts.push(Piece::Expr(self.interpolation()?));
            } else if is_name(self.at(0)) {
                text.push_str(&self.name());
            } else if self.at(0) == b'.' && is_name_start(self.at(1)) && !text.is_empty() {
                // A module member (`math.div`), as the module system writes it.
                self.i += 1;
                text.push('.');
            } else {
                break;
            }
        }
        if !text.is_empty() {
            parts.push(Piece::Text(text));
        }
        let interp = Interp {
            parts,
            span: self.span_from(start),
        };
        let Some(plain) = interp.as_plain() else {
            if self.at(0) == b'(' {
                let args = self.args()?;
                return Ok(Expr::Call {
                    name: interp,
                    args,
                    span: self.span_from(start),
                });
            }
            self.relex_skew(start, true);
            return Ok(Expr::Str {
                text: interp,
                quote: None,
            });
        };
        let lower = plain.to_ascii_lowercase();
        if self.at(0) == b'(' {
            let unvendored = match lower.strip_prefix('-') {
                Some(r) => r.split_once('-').map_or(lower.as_str(), |(_, n)| n),
                None => lower.as_str(),
            };
            if matches!(unvendored, "calc" | "element" | "expression" | "url")
                || (lower == "alpha" && self.ie_keyword_argument())
            {
                if lower == "url" && self.url_is_a_call() {
                    let args = self.args()?;
                    return Ok(Expr::Call {
                        name: interp,
                        args,
                        span: self.span_from(start),
                    });
                }
                let special = self.special(start)?;
                if unvendored == "calc" {
                    self.calc_skew(start);
                }
                return Ok(special);
            }
            let args = self.args()?;
            return Ok(Expr::Call {
                name: interp,
                args,
                span: self.span_from(start),
            });
        }
        if lower == "progid" && self.at(0) == b':' {
            return self.special(start);
        }
        if lower == "u" && self.at(0) == b'+' {
            // A unicode range: `U+0025-00FF`, `u+4??`.
            self.i += 1;
            while self.at(0).is_ascii_hexdigit() || matches!(self.at(0), b'?' | b'-') {
                self.i += 1;
            }
            let span = self.span_from(start);
            return Ok(Expr::Str {
                text: Interp::plain(self.text(start, self.i), span),
                quote: None,
            });
        }
        let span = interp.span;
        match lower.as_str() {
            "true" => return Ok(Expr::Bool(true, span)),
            "false" => return Ok(Expr::Bool(false, span)),
            "null" => return Ok(Expr::Null(span)),
            _ => {}
        }
        if let Some(rgba) = crate::sass::names::keyword(&plain) {
            return Ok(Expr::Color {
                rgba,
                text: plain,
                span,
            });
        }
        Ok(Expr::Str {
            text: interp,
            quote: None,
        })
    }

    /// `alpha(opacity=50)`: IE's filter, not Sass's `alpha()`.
    fn ie_keyword_argument(&self) -> bool {
        let rest = &self.src[self.i + 1..];
        let name_end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        name_end > 0 && rest[name_end..].trim_start().starts_with('=')
    }

    /// `url("…")` with a quoted argument and nothing else is an ordinary call; anything
    /// else in `url(…)` is kept as written.
    fn url_is_a_call(&self) -> bool {
        let rest = self.src[self.i + 1..].trim_start();
        let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            return false;
        };
        let mut chars = rest[1..].char_indices();
        while let Some((k, c)) = chars.next() {
            if c == '\\' {
                chars.next();
            } else if c == q {
                return rest[k + 2..].trim_start().starts_with(')');
            }
        }
        false
    }

    /// A special function from its name's start: everything to its closing bracket as
    /// written, with interpolation.
    fn special(&mut self, start: usize) -> Result<Expr> {
        let mut parts = Vec::new();
        let mut text = self.text(start, self.i).to_string();
        let mut depth = 0usize;
        while !self.done() {
            let b = self.at(0);
            if self.looking_at("#{") {
                if !text.is_empty() {
                    parts.push(Piece::Text(std::mem::take(&mut text)));
                }
                parts.push(Piece::Expr(self.interpolation()?));
                continue;
            }
            match b {
                b'(' => depth += 1,
                b')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.i += 1;
                        text.push(')');
                        break;
                    }
                }
                b'"' | b'\'' => {
                    let from = self.i;
                    self.i += 1;
                    while !self.done() && self.at(0) != b && !self.looking_at("#{") {
                        self.i += if self.at(0) == b'\\' { 2 } else { 1 };
                    }
                    if self.looking_at("#{") {
                        text.push_str(self.text(from, self.i));
                        continue;
                    }
                    self.i = (self.i + 1).min(self.s.len());
                    text.push_str(self.text(from, self.i));
                    continue;
                }
                _ => {}
            }
            let c = self.src[self.i..].chars().next().unwrap_or(' ');
            text.push(c);
            self.i += c.len_utf8();
        }
        if depth > 0 && self.done() {
            return Err(self.error("expected \")\""));
        }
        if !text.is_empty() {
            parts.push(Piece::Text(text));
        }
        Ok(Expr::Special(Interp {
            parts,
            span: self.span_from(start),
        }))
    }

    /// `( … )`: a parenthesised expression or list, `()` (the empty list), or a map.
    fn paren(&mut self) -> Result<Expr> {
        let start = self.i;
        self.i += 1;
        self.skip_ws();
        if self.at(0) == b')' {
            self.i += 1;
            return Ok(Expr::List {
                items: Vec::new(),
                sep: Sep::Space,
                bracketed: false,
                span: self.span_from(start),
            });
        }
        let saved = std::mem::take(&mut self.stop_words);
        let result = self.paren_body(start);
        self.stop_words = saved;
        result
    }

    fn paren_body(&mut self, start: usize) -> Result<Expr> {
        let first = self.space_list()?;
        self.skip_ws();
        if self.at(0) == b':' {
            self.i += 1;
            self.skip_ws();
            let value = self.space_list()?;
            let mut entries = vec![(first, value)];
            loop {
                self.skip_ws();
                if self.at(0) == b',' {
                    self.i += 1;
                    self.skip_ws();
                }
                if self.at(0) == b')' {
                    self.i += 1;
                    break;
                }
                let key = self.space_list()?;
                self.skip_ws();
                self.expect(b':')?;
                self.skip_ws();
                let value = self.space_list()?;
                entries.push((key, value));
            }
            return Ok(Expr::Map(entries, self.span_from(start)));
        }
        let inner = if self.at(0) == b',' {
            let mut items = vec![first];
            while self.at(0) == b',' {
                self.i += 1;
                self.skip_ws();
                if self.at(0) == b')' {
                    break;
                }
                items.push(self.space_list()?);
                self.skip_ws();
            }
            Expr::List {
                items,
                sep: Sep::Comma,
                bracketed: false,
                span: self.span_from(start),
            }
        } else {
            first
        };
        self.skip_ws();
        self.expect(b')')?;
        Ok(Expr::Paren(Box::new(inner), self.span_from(start)))
    }
}

/// One of libsass's `static_component`s at `*k`: a name, a quoted string without
/// interpolation, a number with its unit or `%`, a hex colour, `|`, `!important`.
fn static_component(s: &[u8], k: &mut usize) -> bool {
    let at = |i: usize| s.get(i).copied().unwrap_or(0);
    let start = *k;
    match at(*k) {
        b'"' | b'\'' => {
            let q = at(*k);
            *k += 1;
            while *k < s.len() && s[*k] != q {
                if s[*k] == b'#' && at(*k + 1) == b'{' || s[*k] == b'\n' {
                    return false;
                }
                *k += if s[*k] == b'\\' { 2 } else { 1 };
            }
            if *k >= s.len() {
                return false;
            }
            *k += 1;
            true
        }
        b'#' => {
            *k += 1;
            while at(*k).is_ascii_hexdigit() {
                *k += 1;
            }
            let n = *k - start - 1;
            matches!(n, 3 | 4 | 6 | 8) && !is_name(at(*k))
        }
        b'|' => {
            *k += 1;
            true
        }
        b'!' => {
            let rest = &s[*k + 1..];
            if rest.len() >= 9
                && rest[..9].eq_ignore_ascii_case(b"important")
                && !is_name(at(*k + 10))
            {
                *k += 10;
                true
            } else {
                false
            }
        }
        c if c.is_ascii_digit()
            || (c == b'.' && at(*k + 1).is_ascii_digit())
            || (matches!(c, b'-' | b'+')
                && (at(*k + 1).is_ascii_digit() || at(*k + 1) == b'.')) =>
        {
            if matches!(c, b'-' | b'+') {
                *k += 1;
            }
            while at(*k).is_ascii_digit() {
                *k += 1;
            }
            if at(*k) == b'.' {
                *k += 1;
                if !at(*k).is_ascii_digit() {
                    return false;
                }
                while at(*k).is_ascii_digit() {
                    *k += 1;
                }
            }
            if at(*k) == b'%' {
                *k += 1;
            } else {
                while is_name(at(*k)) && at(*k) != b'\\' {
                    *k += 1;
                }
            }
            true
        }
        c if is_name_start(c)
            || (c == b'-' && (is_name_start(at(*k + 1)) || at(*k + 1) == b'-')) =>
        {
            while *k < s.len() && is_name(s[*k]) {
                *k += if s[*k] == b'\\' { 2 } else { 1 };
            }
            // Not a function call, and not interpolated.
            !matches!(at(*k), b'(' | b'#')
        }
        _ => false,
    }
}

fn binary(op: BinOp, lhs: Expr, rhs: Expr, spaced: bool) -> Expr {
    let span = lhs.span().to(rhs.span());
    Expr::Binary {
        op,
        lhs: Box::new(lhs),
        rhs: Box::new(rhs),
        spaced,
        span,
    }
}

fn merge_text(parts: &mut Vec<Piece>) {
    let mut out: Vec<Piece> = Vec::with_capacity(parts.len());
    for p in parts.drain(..) {
        match (out.last_mut(), p) {
            (_, Piece::Text(t)) if t.is_empty() => {}
            (Some(Piece::Text(a)), Piece::Text(b)) => a.push_str(&b),
            (_, p) => out.push(p),
        }
    }
    *parts = out;
}

fn trim_interp(parts: &mut Vec<Piece>) {
    if let Some(Piece::Text(t)) = parts.first_mut() {
        let trimmed = t.trim_start().to_string();
        *t = trimmed;
    }
    if let Some(Piece::Text(t)) = parts.last_mut() {
        let trimmed = t.trim_end().len();
        t.truncate(trimmed);
    }
    parts.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(src: &str) -> Stmt {
        let mut body = parse(src, 0).unwrap_or_else(|e| panic!("{src}: {e:?}"));
        assert_eq!(body.len(), 1, "{body:?}");
        body.remove(0)
    }

    /// The expression `src`, read in parentheses (else a value of plain literals is kept as
    /// written, unparsed).
    fn value(src: &str) -> Expr {
        match one(&format!("a: ({src});")) {
            Stmt::Decl {
                value: Some(Expr::Paren(v, _)),
                ..
            } => *v,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn plain_literal_values_are_kept_as_written() {
        for (src, kept) in [
            ("0   auto", true),
            ("12px/1.5 sans-serif", true),
            ("Georgia, \"Times New Roman\", serif", true),
            ("0.50em !important", true),
            ("#FFF", true),
            ("$x", false),
            ("1px + 2px", false),
            ("rgba(0,0,0,.5)", false),
            ("a#{$b}", false),
        ] {
            let Stmt::Decl { value, .. } = one(&format!("a: {src};")) else {
                panic!()
            };
            let as_written = matches!(&value, Some(Expr::Str { text, quote: None }) if text.as_plain().as_deref() == Some(src));
            assert_eq!(as_written, kept, "{src}: {value:?}");
        }
    }

    #[test]
    fn rules_and_declarations_are_told_apart_as_libsass_does() {
        assert!(matches!(one("a:hover { b: c }"), Stmt::Rule { .. }));
        assert!(matches!(one("&:not(.x) { b: c }"), Stmt::Rule { .. }));
        assert!(matches!(one("#{$s}:hover { b: c }"), Stmt::Rule { .. }));
        assert!(matches!(
            one("font: { family: x; }"),
            Stmt::Decl { value: None, .. }
        ));
        assert!(matches!(
            one("font: 12px { family: x; }"),
            Stmt::Decl { value: Some(_), .. }
        ));
        assert!(matches!(one("margin: 0 auto;"), Stmt::Decl { .. }));
        assert!(matches!(one("0% { top: 0 }"), Stmt::Rule { .. }));
        let Stmt::Rule { body, .. } = one(".a { .b { c: d; } e: f }") else {
            panic!()
        };
        assert!(matches!(body[0], Stmt::Rule { .. }));
        assert!(matches!(body[1], Stmt::Decl { .. }));
    }

    #[test]
    fn minus_between_spaces_subtracts_and_before_a_value_signs_it() {
        assert!(matches!(
            value("$a - $b"),
            Expr::Binary { op: BinOp::Sub, .. }
        ));
        assert!(matches!(
            value("$a -$b"),
            Expr::List {
                sep: Sep::Space,
                ..
            }
        ));
        assert!(matches!(value("1 -2"), Expr::List { .. }));
        assert!(matches!(value("1-2"), Expr::Binary { op: BinOp::Sub, .. }));
        assert!(matches!(value("a-b"), Expr::Str { .. }));
        assert!(matches!(value("-webkit-box"), Expr::Str { .. }));
    }

    #[test]
    fn precedence_is_sass_s() {
        let Expr::Binary { op, rhs, .. } = value("1 + 2 * 3") else {
            panic!()
        };
        assert_eq!(op, BinOp::Add);
        assert!(matches!(*rhs, Expr::Binary { op: BinOp::Mul, .. }));
        let Expr::Binary { op, .. } = value("$a == 1 and $b or $c") else {
            panic!()
        };
        assert_eq!(op, BinOp::Or);
        assert!(matches!(
            value("12px/1.5 $f"),
            Expr::List {
                sep: Sep::Space,
                ..
            }
        ));
    }

    #[test]
    fn literals() {
        assert!(matches!(value("#fff"), Expr::Color { .. }));
        assert!(matches!(value("White"), Expr::Color { .. }));
        assert!(matches!(value("transparent"), Expr::Color { rgba: [_, _, _, a], .. } if a == 0.0));
        assert!(matches!(value("1.5em"), Expr::Number { unit, .. } if unit == "em"));
        assert!(matches!(value(".5"), Expr::Number { value, .. } if value == 0.5));
        assert!(
            matches!(value("\"a#{$b}c\""), Expr::Str { quote: Some('"'), text } if text.parts.len() == 3)
        );
        assert!(matches!(
            value("url(data:image/png;base64,AAA=)"),
            Expr::Special(_)
        ));
        assert!(matches!(value("url(\"a.png\")"), Expr::Call { .. }));
        assert!(matches!(value("calc(100% - #{$x})"), Expr::Special(i) if i.parts.len() == 3));
        assert!(matches!(
            value("progid:DXImageTransform.Microsoft.gradient(a='1', b=2)"),
            Expr::Special(_)
        ));
        assert!(matches!(value("alpha(opacity=50)"), Expr::Special(_)));
        assert!(matches!(value("(a: 1, b: (c: 2))"), Expr::Map(e, _) if e.len() == 2));
        assert!(matches!(value("()"), Expr::List { items, .. } if items.is_empty()));
        assert!(matches!(
            value("[a b]"),
            Expr::List {
                bracketed: true,
                ..
            }
        ));
        assert!(matches!(value("red !important"), Expr::List { items, .. } if items.len() == 2));
        assert!(matches!(value("U+0025-00FF"), Expr::Str { .. }));
        assert!(matches!(value("col-#{$i}"), Expr::Str { text, .. } if text.parts.len() == 2));
    }

    #[test]
    fn directives() {
        let Stmt::Var {
            default, global, ..
        } = one("$x: 1px 2px !default !global;")
        else {
            panic!()
        };
        assert!(default && global);
        let Stmt::For { inclusive, .. } = one("@for $i from 1 through $n { a { b: $i } }") else {
            panic!()
        };
        assert!(inclusive);
        let Stmt::If {
            clauses, otherwise, ..
        } = one("@if $a { b: c } @else if $b { d: e } @else { f: g }")
        else {
            panic!()
        };
        assert_eq!(clauses.len(), 2);
        assert!(otherwise.is_some());
        let Stmt::Include { args, content, .. } = one("@include m(1, $b: 2, $rest...) { c: d }")
        else {
            panic!()
        };
        assert_eq!((args.positional.len(), args.named.len()), (1, 1));
        assert!(args.rest.is_some() && content.is_some());
        let Stmt::Import { imports, .. } = one("@import \"a\", \"b.css\", url(c), \"d\" screen;")
        else {
            panic!()
        };
        assert!(matches!(
            imports.as_slice(),
            [
                Import::Sass(..),
                Import::Css(..),
                Import::Css(..),
                Import::Css(..)
            ]
        ));
        let Stmt::Media { query, .. } =
            one("@media screen and (min-width: $bp + 1) { a { b: c } }")
        else {
            panic!()
        };
        assert!(query.interpolated());
        let Stmt::Each { vars, .. } = one("@each $k, $v in $map { .#{$k} { c: $v } }") else {
            panic!()
        };
        assert_eq!(vars, ["k", "v"]);
        let Stmt::Extend { optional, .. } = one("@extend %p !optional;") else {
            panic!()
        };
        assert!(optional);
        assert!(matches!(
            one("@font-face { font-family: x; }"),
            Stmt::AtRule { body: Some(_), .. }
        ));
        assert!(matches!(one("/* hi #{1 + 1} */"), Stmt::Comment(_)));
        assert!(matches!(
            one("--x: { a: b };"),
            Stmt::Decl { custom: true, .. }
        ));
    }

    /// Found by the `sass` fuzz target: the last token inside an interpolation was cut
    /// inside a character when it was not a name (`#{1é}`).
    #[test]
    fn an_interpolation_ending_in_a_multibyte_character_is_no_panic() {
        for src in [
            ".a#{1é} { b: c; }",
            "a { b: x#{1é}; c: \"#{1é}\"; d: calc(#{1é}); }",
        ] {
            let _ = parse_file(src, 0);
        }
    }

    /// Found by the `sass` fuzz target: a flag check sliced through a character.
    #[test]
    fn a_bang_before_multibyte_text_is_no_panic() {
        let src = "\u{1}$c: #1!3450;\n\u{5de} :margin: 10 } }\n";
        let _ = parse(src, 0);
    }

    #[test]
    fn errors_say_where() {
        let e = parse("a { b: c", 0).unwrap_err();
        assert_eq!(e.span.start as usize, 8);
        assert!(parse("a { b: (1 }", 0).is_err());
        assert!(parse("}", 0).is_err());
    }
}

#[cfg(test)]
mod corpus {
    use std::path::{Path, PathBuf};

    /// Every `.scss` under `dir` (front matter cut, Liquid skipped): the ones that fail.
    fn failures(dir: &Path) -> (usize, Vec<String>) {
        let mut files: Vec<PathBuf> = Vec::new();
        let mut todo = vec![dir.to_path_buf()];
        while let Some(d) = todo.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                let name = e.file_name().to_string_lossy().into_owned();
                if p.is_dir() && !name.starts_with('.') && name != "target" {
                    todo.push(p);
                } else if name.ends_with(".scss") {
                    files.push(p);
                }
            }
        }
        let mut bad = Vec::new();
        let mut seen = 0;
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            let body = match text.strip_prefix("---") {
                Some(rest) => rest
                    .split_once("\n---")
                    .and_then(|(_, b)| b.split_once('\n'))
                    .map_or("", |(_, b)| b),
                None => text.as_str(),
            };
            if body.contains("{{") || body.contains("{%") {
                continue;
            }
            seen += 1;
            if let Err(e) = super::parse(body, 0) {
                let line = body[..(e.span.start as usize).min(body.len())]
                    .lines()
                    .count();
                bad.push(format!("{}:{line}: {}", f.display(), e.message));
            }
        }
        (seen, bad)
    }

    /// The stylesheets of the repository's site and test scenarios (but the one written
    /// to fail) all parse.
    #[test]
    fn every_stylesheet_here_parses() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seen = 0;
        let mut bad = Vec::new();
        for dir in ["_sass", "assets", "tests/scenarios", "tests/fixtures"] {
            let (s, b) = failures(&root.join(dir));
            seen += s;
            bad.extend(b.into_iter().filter(|f| !f.contains("syntax-error")));
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
        assert!(seen > 60, "{seen}");
    }

    /// `HYDE_SCSS_DIRS=a:b cargo test scss -- --ignored`: the same on other sites and themes.
    #[test]
    #[ignore]
    fn other_stylesheets_parse() {
        let mut bad = Vec::new();
        for dir in std::env::var("HYDE_SCSS_DIRS")
            .unwrap_or_default()
            .split(':')
        {
            if dir.is_empty() {
                continue;
            }
            let (s, b) = failures(Path::new(dir));
            eprintln!("{dir}: {s} stylesheets, {} fail", b.len());
            bad.extend(b);
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }
}
