//! Parsing token streams into block bodies (text, outputs, tags), with Ruby Liquid's
//! whitespace control, blank-block detection and `error_mode` fallback.

use super::context::Context;
use super::error::{Error, ErrorKind, Result};
use super::lexer::{self, Token, TokenKind, is_space, is_word};
use super::variable::Output;
use super::{Engine, ErrorMode};
use std::fmt::Debug;
use std::sync::Arc;

/// A tag node's behaviour at render time.
pub trait Tag: Send + Sync + Debug {
    /// Renders the tag, appending to `out`.
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()>;

    /// Ruby's `blank?`: a blank tag produces no output, so a block of only blank tags and
    /// whitespace renders as nothing.
    fn blank(&self) -> bool {
        false
    }
}

/// Parses one tag: `name`, its markup, and the parser (for block tags to read their bodies).
pub type TagFactory = fn(name: &str, markup: &str, parser: &mut Parser) -> Result<Box<dyn Tag>>;

/// One node of a block body.
#[derive(Debug)]
pub enum Node {
    /// Literal text.
    Text(Box<str>),
    /// `{{ ... }}`.
    Output(Output),
    /// A tag, with its line for errors.
    Tag {
        /// The tag.
        tag: Box<dyn Tag>,
        /// 1-based line.
        line: usize,
        /// The tag's name and markup, for error context.
        markup: Box<str>,
    },
}

/// A sequence of nodes: a template's body or a block tag's body.
#[derive(Debug, Default)]
pub struct Block {
    nodes: Vec<Node>,
    blank: bool,
}

impl Block {
    /// Whether the body holds only whitespace and blank tags.
    pub fn blank(&self) -> bool {
        self.blank
    }

    /// Liquid 5's `remove_blank_strings`: a blank `if`/`for`/`case` body drops its whitespace.
    pub fn remove_blank_strings(&mut self) {
        if self.blank {
            self.nodes.retain(|n| !matches!(n, Node::Text(_)));
        }
    }

    /// Renders the nodes, stopping at a `break`/`continue`.
    pub fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        for node in &self.nodes {
            ctx.spend(1)?;
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Output(o) => o.render(ctx, out)?,
                Node::Tag { tag, line, markup } => {
                    tag.render(ctx, out)
                        .map_err(|e| locate(e, ctx, *line, markup))?;
                    if !ctx.interrupts.is_empty() {
                        break;
                    }
                }
            }
            ctx.check_length(out.len())?;
        }
        Ok(())
    }
}

/// Adds the line, template name and markup to an error that has none yet.
pub(crate) fn locate(e: Error, ctx: &Context, line: usize, markup: &str) -> Error {
    let e = if e.line.is_none() {
        e.at_line(line).with_markup(markup)
    } else {
        e
    };
    match ctx.current_template() {
        Some(name) if !name.is_empty() => {
            let mut e = e.in_file(name);
            // An error from a template this tag included: remember where it was included.
            let innermost = e.chain.last().map(|(f, _)| f).or(e.file.as_ref());
            if innermost.is_some_and(|f| f != name) {
                e.chain.push((name.to_string(), line));
            }
            e
        }
        _ => e,
    }
}

/// The tag that ended a body: an end tag, `else`, or a tag the body does not know.
#[derive(Debug, Clone)]
pub struct EndTag {
    /// Tag name.
    pub name: String,
    /// Markup after the name.
    pub markup: String,
    /// The whole tag as written, for error messages.
    pub raw: String,
    /// Its line.
    pub line: usize,
}

/// Nesting of block tags allowed (Ruby's `Block::MAX_DEPTH`).
const MAX_BLOCK_DEPTH: usize = 100;

/// Turns tokens into block bodies.
pub struct Parser<'s> {
    engine: &'s Engine,
    tokens: Vec<Token<'s>>,
    pos: usize,
    trim_next: bool,
    depth: usize,
    line: usize,
    /// Syntax errors recovered from in `warn` mode.
    pub warnings: Vec<Error>,
}

impl<'s> Parser<'s> {
    /// A parser over a template's source.
    pub fn new(engine: &'s Engine, source: &'s str) -> Self {
        Parser {
            engine,
            tokens: lexer::tokenize(source),
            pos: 0,
            trim_next: false,
            depth: 0,
            line: 1,
            warnings: Vec::new(),
        }
    }

    /// The engine (registered tags and filters, options).
    pub fn engine(&self) -> &'s Engine {
        self.engine
    }

    /// The line of the token being parsed.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Parses with strict syntax first; in `warn` mode falls back to `lax` on a syntax error,
    /// as Ruby Liquid's `strict_parse_with_error_mode_fallback`.
    pub fn strict_or_lax<T>(
        &mut self,
        markup: &str,
        strict: impl FnOnce(&str) -> Result<T>,
        lax: impl FnOnce(&str) -> Result<T>,
    ) -> Result<T> {
        match self.engine.options.error_mode {
            ErrorMode::Lax => lax(markup),
            ErrorMode::Strict => {
                strict(markup).map_err(|e| e.at_line(self.line).with_markup(markup))
            }
            ErrorMode::Warn => match strict(markup) {
                Ok(v) => Ok(v),
                Err(e) => {
                    self.warnings.push(e.at_line(self.line).with_markup(markup));
                    lax(markup)
                }
            },
        }
    }

    /// Parses nodes until the end of input or a tag this engine does not know, which is
    /// returned for the enclosing block tag to handle.
    pub fn parse_body(&mut self) -> Result<(Block, Option<EndTag>)> {
        let mut block = Block {
            nodes: Vec::new(),
            blank: true,
        };
        while let Some(tok) = self.tokens.get(self.pos).copied() {
            self.pos += 1;
            self.line = tok.line;
            match tok.kind {
                TokenKind::Text => {
                    let text = if self.trim_next {
                        lexer::lstrip(tok.raw)
                    } else {
                        tok.raw
                    };
                    self.trim_next = false;
                    block.blank &= text.bytes().all(is_space);
                    block.nodes.push(Node::Text(text.into()));
                }
                TokenKind::Output => {
                    self.whitespace_control(&mut block, tok.raw);
                    let markup = content_of_variable(tok.raw).ok_or_else(|| {
                        Error::syntax(format!(
                            "Variable '{}' was not properly terminated with regexp: /\\}}\\}}/",
                            tok.raw
                        ))
                        .at_line(tok.line)
                    })?;
                    let out = Output::parse(self, markup)?;
                    block.nodes.push(Node::Output(out));
                    block.blank = false;
                }
                TokenKind::Tag | TokenKind::LiquidLine => {
                    let (name, markup) = if tok.kind == TokenKind::Tag {
                        self.whitespace_control(&mut block, tok.raw);
                        let Some((lead, name, markup)) = full_token(tok.raw) else {
                            return Err(Error::syntax(format!(
                                "Tag '{}' was not properly terminated with regexp: /\\%\\}}/",
                                tok.raw
                            ))
                            .at_line(tok.line));
                        };
                        self.line += lead;
                        (name, markup)
                    } else {
                        match liquid_line(tok.raw) {
                            Some(nm) => nm,
                            None if tok.raw.bytes().all(is_space) => continue,
                            None => {
                                return Err(Error::syntax(format!(
                                    "Unknown tag '{}'",
                                    tok.raw.trim()
                                ))
                                .at_line(tok.line));
                            }
                        }
                    };
                    if name == "liquid" && tok.kind == TokenKind::Tag {
                        let inner = self.parse_liquid_tag(markup)?;
                        block.blank &= inner.blank;
                        block.nodes.extend(inner.nodes);
                        continue;
                    }
                    let Some(factory) = self.engine.tag(name) else {
                        return Ok((
                            block,
                            Some(EndTag {
                                name: name.to_string(),
                                markup: markup.to_string(),
                                raw: tok.raw.to_string(),
                                line: self.line,
                            }),
                        ));
                    };
                    let line = self.line;
                    let tag = factory(name, markup, self)
                        .map_err(|e| e.at_line(line).with_markup(tok.raw))?;
                    block.blank &= tag.blank();
                    // As written, so reports can find it in its line.
                    block.nodes.push(Node::Tag {
                        tag,
                        line,
                        markup: tok.raw.into(),
                    });
                }
            }
        }
        Ok((block, None))
    }

    /// Parses a block tag's body up to one of `delimiters` (e.g. `["elsif", "else", "endif"]`),
    /// raising Ruby Liquid's errors for a missing end or a stray tag.
    pub fn parse_block(&mut self, tag_name: &str, delimiters: &[&str]) -> Result<(Block, EndTag)> {
        if self.depth >= MAX_BLOCK_DEPTH {
            return Err(Error::new(ErrorKind::StackLevel, "Nesting too deep"));
        }
        self.depth += 1;
        let r = self.parse_body();
        self.depth -= 1;
        let (body, end) = r?;
        match end {
            None => Err(Error::syntax(format!("'{tag_name}' tag was never closed"))),
            Some(end) if delimiters.contains(&end.name.as_str()) => Ok((body, end)),
            Some(end) => Err(unknown_tag(&end.name, tag_name)
                .at_line(end.line)
                .with_markup(&end.raw)),
        }
    }

    /// Raw tokens up to `{% end<name> %}`, for `raw`: returns the text between.
    pub fn take_raw(&mut self, tag_name: &str) -> Result<String> {
        let delimiter = format!("end{tag_name}");
        let mut body = String::new();
        while let Some(tok) = self.tokens.get(self.pos).copied() {
            self.pos += 1;
            // Ruby's FullTokenPossiblyInvalid, `\A(.*){%\s*(\w+)\s*(.*)?%}\z`: the last `{%`
            // followed by a word names the tag, and what precedes it is body text.
            // `{%-` does not match, so `{%- endraw %}` does not close a raw block.
            if let Some(inner) = tok.raw.strip_suffix("%}") {
                let tag = inner.rmatch_indices("{%").find_map(|(at, _)| {
                    let rest = inner[at + 2..]
                        .trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
                    let n = rest.bytes().take_while(|&c| is_word(c)).count();
                    (n > 0).then(|| (at, &rest[..n]))
                });
                if let Some((at, name)) = tag
                    && name == delimiter
                {
                    body.push_str(&inner[..at]);
                    return Ok(body);
                }
            }
            body.push_str(tok.raw);
        }
        Err(Error::syntax(format!("'{tag_name}' tag was never closed")))
    }

    fn parse_liquid_tag(&mut self, markup: &str) -> Result<Block> {
        let mut line = self.line;
        let tokens = markup
            .split('\n')
            .map(|raw| {
                let t = Token {
                    kind: TokenKind::LiquidLine,
                    raw,
                    line,
                };
                line += 1;
                t
            })
            .collect();
        // The lines are parsed by a parser of their own that borrows this markup.
        let mut sub = Parser {
            engine: self.engine,
            tokens,
            pos: 0,
            trim_next: false,
            depth: self.depth,
            line: self.line,
            warnings: Vec::new(),
        };
        let (block, end) = sub.parse_body()?;
        self.warnings.append(&mut sub.warnings);
        if let Some(end) = end {
            return Err(unknown_tag(&end.name, "liquid").at_line(end.line));
        }
        Ok(block)
    }

    /// Applies `{%-`/`-%}` trimming around a tag or output token.
    pub fn whitespace_control(&mut self, block: &mut Block, raw: &str) {
        let b = raw.as_bytes();
        if b.get(2) == Some(&b'-')
            && let Some(Node::Text(t)) = block.nodes.last_mut()
        {
            let trimmed = lexer::rstrip(t);
            if trimmed.len() != t.len() {
                *t = trimmed.into();
            }
        }
        self.trim_next = b.len() >= 3 && b[b.len() - 3] == b'-';
    }
}

/// Ruby Liquid's error for a tag a block does not expect.
pub fn unknown_tag(tag: &str, block_name: &str) -> Error {
    if tag == "else" {
        Error::syntax(format!("{block_name} tag does not expect 'else' tag"))
    } else if tag.starts_with("end") {
        Error::syntax(format!(
            "'{tag}' is not a valid delimiter for {block_name} tags. use end{block_name}"
        ))
    } else {
        Error::syntax(format!("Unknown tag '{tag}'"))
    }
}

/// `\A{%-?(\s*)(#|\w+)(\s*)(.*?)-?%}\z`: the newlines before the name, the name, the markup.
fn full_token(raw: &str) -> Option<(usize, &str, &str)> {
    let inner = raw.strip_prefix("{%")?.strip_suffix("%}")?;
    let inner = inner.strip_prefix('-').unwrap_or(inner);
    let name_start = inner.len()
        - inner
            .trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8))
            .len();
    let lead_newlines = inner[..name_start].matches('\n').count();
    let rest = &inner[name_start..];
    let name_len = if rest.starts_with('#') {
        1
    } else {
        rest.bytes().take_while(|&c| is_word(c)).count()
    };
    if name_len == 0 {
        return None;
    }
    let name = &rest[..name_len];
    let markup = rest[name_len..].trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
    let markup = markup.strip_suffix('-').unwrap_or(markup);
    Some((lead_newlines, name, markup))
}

/// `\A{{-?(.*?)-?}}\z`.
fn content_of_variable(raw: &str) -> Option<&str> {
    let inner = raw.strip_prefix("{{")?.strip_suffix("}}")?;
    let inner = inner.strip_prefix('-').unwrap_or(inner);
    Some(inner.strip_suffix('-').unwrap_or(inner))
}

/// `\A\s*(#|\w+)\s*(.*?)\z` for one line of a `{% liquid %}` tag.
fn liquid_line(raw: &str) -> Option<(&str, &str)> {
    let rest = raw.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
    let n = if rest.starts_with('#') {
        1
    } else {
        rest.bytes().take_while(|&c| is_word(c)).count()
    };
    if n == 0 {
        return None;
    }
    let markup = rest[n..].trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
    Some((&rest[..n], markup))
}

/// A parsed template: its body and its name (a file path, for errors).
#[derive(Debug)]
pub struct Template {
    pub(crate) body: Block,
    pub(crate) name: Arc<str>,
    /// Syntax errors recovered from in `warn` mode.
    pub warnings: Vec<Error>,
    /// The longest output [`Template::render`] has made: the next one starts that large
    /// instead of doubling its way there (a layout renders every page of a site).
    pub(crate) size_hint: std::sync::atomic::AtomicUsize,
}

impl Template {
    /// The name given at parse time.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Renders into `out` with `ctx`.
    pub fn render_into(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        ctx.template_stack.push(self.name.clone());
        let r = self.body.render(ctx, out);
        ctx.template_stack.pop();
        r.map_err(|e| {
            if self.name.is_empty() {
                e
            } else {
                e.in_file(&self.name)
            }
        })
    }

    /// Renders to a new string.
    pub fn render(&self, ctx: &mut Context) -> Result<String> {
        use std::sync::atomic::Ordering::Relaxed;
        let mut out = String::with_capacity(self.size_hint.load(Relaxed));
        let r = self.render_into(ctx, &mut out);
        ctx.interrupts.clear();
        self.size_hint.fetch_max(out.len(), Relaxed);
        r.map(|()| out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_full_tokens() {
        assert_eq!(full_token("{%- if a -%}"), Some((0, "if", "a ")));
        assert_eq!(full_token("{%\n#x%}"), Some((1, "#", "x")));
        assert_eq!(full_token("{% %}"), None);
        assert_eq!(content_of_variable("{{- a -}}"), Some(" a "));
    }
}
