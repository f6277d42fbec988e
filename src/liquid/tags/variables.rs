//! `assign`, `capture`, `increment`, `decrement`, `echo`, and the text tags `raw`,
//! `comment` and `#`.

use crate::liquid::context::Context;
use crate::liquid::error::{Error, Result};
use crate::liquid::lexer::{is_space, is_word};
use crate::liquid::parser::{Block, Parser, Tag};
use crate::liquid::variable::FilteredExpr;
use crate::value::Value;

/// Ruby's `VariableSignature+` (`\(?[\w\-\.\[\]]\)?`), leftmost: the variable name of
/// `assign`/`capture`, and the byte offset after it.
fn variable_signature(markup: &str) -> Option<(usize, usize)> {
    let b = markup.as_bytes();
    let in_set = |c: u8| is_word(c) || matches!(c, b'-' | b'.' | b'[' | b']' | b'(' | b')');
    let core = |c: u8| is_word(c) || matches!(c, b'-' | b'.' | b'[' | b']');
    let start = (0..b.len())
        .find(|&i| core(b[i]) || (b[i] == b'(' && b.get(i + 1).is_some_and(|&c| core(c))))?;
    let end = start + b[start..].iter().take_while(|&&c| in_set(c)).count();
    Some((start, end))
}

/// `{% assign name = expression | filters %}`.
#[derive(Debug)]
struct Assign {
    to: String,
    from: FilteredExpr,
}

/// Parses `assign`: `(VariableSignature+)\s*=\s*(.*)\s*`.
pub fn parse_assign(_name: &str, markup: &str, p: &mut Parser) -> Result<Box<dyn Tag>> {
    let err = || Error::syntax("Syntax Error in 'assign' - Valid syntax: assign [var] = [source]");
    let b = markup.as_bytes();
    let mut from = 0;
    // Leftmost signature that `\s*=` follows.
    let (to, rhs) = loop {
        let (s, e) = variable_signature(&markup[from..]).ok_or_else(err)?;
        let (s, e) = (s + from, e + from);
        let mut i = e;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if b.get(i) == Some(&b'=') {
            let rhs =
                markup[i + 1..].trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
            break (&markup[s..e], rhs);
        }
        from = e.max(s + 1);
    };
    let from = FilteredExpr::parse(p, rhs)?;
    Ok(Box::new(Assign {
        to: to.to_string(),
        from,
    }))
}

impl Tag for Assign {
    fn render(&self, ctx: &mut Context, _out: &mut String) -> Result<()> {
        let v = self.from.eval(ctx)?;
        ctx.assign(&self.to, v);
        Ok(())
    }

    fn blank(&self) -> bool {
        true
    }
}

/// `{% capture name %}...{% endcapture %}`.
#[derive(Debug)]
struct Capture {
    to: String,
    body: Block,
}

/// Parses `capture`.
pub fn parse_capture(name: &str, markup: &str, p: &mut Parser) -> Result<Box<dyn Tag>> {
    let (s, e) = variable_signature(markup)
        .ok_or_else(|| Error::syntax("Syntax Error in 'capture' - Valid syntax: capture [var]"))?;
    let (body, _) = p.parse_block(name, &["endcapture"])?;
    Ok(Box::new(Capture {
        to: markup[s..e].to_string(),
        body,
    }))
}

impl Tag for Capture {
    fn render(&self, ctx: &mut Context, _out: &mut String) -> Result<()> {
        let mut s = String::new();
        self.body.render(ctx, &mut s)?;
        ctx.assign(&self.to, Value::from(s));
        Ok(())
    }

    fn blank(&self) -> bool {
        true
    }
}

/// `{% increment x %}` / `{% decrement x %}`: counters separate from assigned variables.
#[derive(Debug)]
struct Counter {
    name: String,
    delta: i64,
}

/// Parses `increment`.
pub fn parse_increment(_: &str, markup: &str, _: &mut Parser) -> Result<Box<dyn Tag>> {
    Ok(Box::new(Counter {
        name: crate::liquid::lexer::strip(markup).to_string(),
        delta: 1,
    }))
}

/// Parses `decrement`.
pub fn parse_decrement(_: &str, markup: &str, _: &mut Parser) -> Result<Box<dyn Tag>> {
    Ok(Box::new(Counter {
        name: crate::liquid::lexer::strip(markup).to_string(),
        delta: -1,
    }))
}

impl Tag for Counter {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        ctx.bump_counter(&self.name, self.delta)?.render_into(out);
        Ok(())
    }
}

/// `{% echo expression | filters %}`.
#[derive(Debug)]
struct Echo(FilteredExpr);

/// Parses `echo`.
pub fn parse_echo(_: &str, markup: &str, p: &mut Parser) -> Result<Box<dyn Tag>> {
    Ok(Box::new(Echo(FilteredExpr::parse(p, markup)?)))
}

impl Tag for Echo {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        self.0.eval(ctx)?.render_into(out);
        Ok(())
    }
}

/// `{% raw %}...{% endraw %}`: the text as it is.
#[derive(Debug)]
struct Raw(String);

/// Parses `raw`.
pub fn parse_raw(name: &str, markup: &str, p: &mut Parser) -> Result<Box<dyn Tag>> {
    if !markup.bytes().all(is_space) {
        return Err(Error::syntax(format!(
            "Syntax Error in '{name}' - Valid syntax: {name}"
        )));
    }
    Ok(Box::new(Raw(p.take_raw(name)?)))
}

impl Tag for Raw {
    fn render(&self, _ctx: &mut Context, out: &mut String) -> Result<()> {
        out.push_str(&self.0);
        Ok(())
    }

    fn blank(&self) -> bool {
        self.0.is_empty()
    }
}

/// `{% comment %}` and `{% # ... %}`: render nothing.
#[derive(Debug)]
struct Comment;

/// Parses `comment`: the body is parsed (tags inside must be well formed, as in Ruby) and
/// dropped; unknown tags inside are ignored.
pub fn parse_comment(name: &str, _markup: &str, p: &mut Parser) -> Result<Box<dyn Tag>> {
    let end = format!("end{name}");
    loop {
        let (_, next) = p.parse_body()?;
        match next {
            None => return Err(Error::syntax(format!("'{name}' tag was never closed"))),
            Some(n) if n.name == end => return Ok(Box::new(Comment)),
            Some(_) => {}
        }
    }
}

/// Parses `#`: every line of the comment must start with `#`.
pub fn parse_inline_comment(_: &str, markup: &str, _: &mut Parser) -> Result<Box<dyn Tag>> {
    for line in markup.split('\n').skip(1) {
        let t = line.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
        if !t.is_empty() && !t.starts_with('#') {
            return Err(Error::syntax(
                "Syntax error in tag '#' - Each line of comments must be prefixed by the '#' character",
            ));
        }
    }
    Ok(Box::new(Comment))
}

impl Tag for Comment {
    fn render(&self, _ctx: &mut Context, _out: &mut String) -> Result<()> {
        Ok(())
    }

    fn blank(&self) -> bool {
        true
    }
}
