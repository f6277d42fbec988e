//! `if`, `unless`, `case`, `ifchanged`.

use super::condition::Condition;
use crate::liquid::context::Context;
use crate::liquid::error::{Error, Result};
use crate::liquid::expr::Expr;
use crate::liquid::lexer::{find_quoted_fragment, is_space, quoted_fragment};
use crate::liquid::parser::{Block, Parser, Tag, unknown_tag};

/// `{% if %}` / `{% unless %}` with `elsif` and `else` branches.
#[derive(Debug)]
struct If {
    /// `(condition, body)`; `None` is the `else` branch.
    branches: Vec<(Option<Condition>, Block)>,
    negate_first: bool,
    blank: bool,
}

fn parse_condition(p: &mut Parser, markup: &str) -> Result<Condition> {
    p.strict_or_lax(markup, Condition::parse_strict, Condition::parse_lax)
}

/// Parses `if` and `unless`.
pub fn parse_if(name: &str, markup: &str, p: &mut Parser) -> Result<Box<dyn Tag>> {
    let end = format!("end{name}");
    let mut branches = Vec::new();
    let mut cond = Some(parse_condition(p, markup)?);
    loop {
        let (body, next) = p.parse_block(name, &["elsif", "else", &end])?;
        branches.push((cond.take(), body));
        // Ruby accepts further `elsif`/`else` after `else`; the first true branch renders.
        match next.name.as_str() {
            n if n == end => break,
            "elsif" => cond = Some(parse_condition(p, &next.markup)?),
            _ => cond = None,
        }
    }
    let blank = branches.iter().all(|(_, b)| b.blank());
    if blank {
        branches
            .iter_mut()
            .for_each(|(_, b)| b.remove_blank_strings());
    }
    Ok(Box::new(If {
        branches,
        negate_first: name == "unless",
        blank,
    }))
}

impl Tag for If {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        for (i, (cond, body)) in self.branches.iter().enumerate() {
            let taken = match cond {
                None => true,
                Some(c) => {
                    let t = c.eval(ctx)?.truthy();
                    if i == 0 && self.negate_first { !t } else { t }
                }
            };
            if taken {
                return body.render(ctx, out);
            }
        }
        Ok(())
    }

    fn blank(&self) -> bool {
        self.blank
    }
}

/// `{% case %}` with `when` (values separated by `or` or commas) and `else`.
#[derive(Debug)]
struct Case {
    left: Expr,
    /// Each `when` value with the index of its body; `None` for `else`.
    branches: Vec<(Option<Expr>, usize)>,
    bodies: Vec<Block>,
    blank: bool,
}

/// Parses `case`.
pub fn parse_case(_name: &str, markup: &str, p: &mut Parser) -> Result<Box<dyn Tag>> {
    let (s, e) = find_quoted_fragment(markup)
        .ok_or_else(|| Error::syntax("Syntax Error in 'case' - Valid syntax: case [condition]"))?;
    let left = Expr::parse(&markup[s..e]);
    let mut branches = Vec::new();
    let mut bodies = Vec::new();
    // Text before the first `when` is parsed and dropped, as Ruby does.
    let (before, mut next) = p.parse_block("case", &["when", "else", "endcase"])?;
    let mut blank = before.blank();
    loop {
        match next.name.as_str() {
            "endcase" => break,
            "when" => {
                let idx = bodies.len();
                for v in when_values(&next.markup)? {
                    branches.push((Some(Expr::parse_condition_operand(v)), idx));
                }
            }
            "else" => {
                if !next.markup.trim().is_empty() {
                    return Err(Error::syntax(
                        "Syntax Error in tag 'case' - Valid else condition: {% else %} (no parameters) ",
                    ));
                }
                branches.push((None, bodies.len()));
            }
            other => return Err(unknown_tag(other, "case")),
        }
        let (body, n) = p.parse_block("case", &["when", "else", "endcase"])?;
        blank &= body.blank();
        bodies.push(body);
        next = n;
    }
    if blank {
        bodies.iter_mut().for_each(Block::remove_blank_strings);
    }
    Ok(Box::new(Case {
        left,
        branches,
        bodies,
        blank,
    }))
}

/// `WhenSyntax = /(QF)(?:(?:\s+or\s+|\s*\,\s*)(QF.*))?/m`, applied repeatedly.
fn when_values(markup: &str) -> Result<Vec<&str>> {
    let err = || {
        Error::syntax(
            "Syntax Error in tag 'case' - Valid when condition: {% when [condition] [or condition2...] %}",
        )
    };
    let mut values = Vec::new();
    let mut rest = markup;
    loop {
        let (s, e) = find_quoted_fragment(rest).ok_or_else(err)?;
        values.push(&rest[s..e]);
        let after = &rest[e..];
        let b = after.as_bytes();
        let sp = b.iter().take_while(|&&c| is_space(c)).count();
        let sep = if sp > 0
            && b[sp..].starts_with(b"or")
            && b.get(sp + 2).is_some_and(|&c| is_space(c))
        {
            let n = b[sp + 2..].iter().take_while(|&&c| is_space(c)).count();
            Some(sp + 2 + n)
        } else if b.get(sp) == Some(&b',') {
            let n = b[sp + 1..].iter().take_while(|&&c| is_space(c)).count();
            Some(sp + 1 + n)
        } else {
            None
        };
        match sep {
            Some(n) if quoted_fragment(&b[n..]).is_some() => rest = &after[n..],
            _ => return Ok(values),
        }
    }
}

impl Tag for Case {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        let left = self.left.eval(ctx)?;
        let mut matched = false;
        for (value, idx) in &self.branches {
            match value {
                None if !matched => self.bodies[*idx].render(ctx, out)?,
                None => {}
                Some(v) => {
                    let right = v.eval(ctx)?;
                    if super::condition::compare(&left, "==", &right)?.truthy() {
                        matched = true;
                        self.bodies[*idx].render(ctx, out)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn blank(&self) -> bool {
        self.blank
    }
}

/// `{% ifchanged %}`: prints its body when it differs from the last time.
#[derive(Debug)]
struct IfChanged(Block);

/// Parses `ifchanged`.
pub fn parse_ifchanged(name: &str, _markup: &str, p: &mut Parser) -> Result<Box<dyn Tag>> {
    let (body, _) = p.parse_block(name, &["endifchanged"])?;
    Ok(Box::new(IfChanged(body)))
}

impl Tag for IfChanged {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        let mut s = String::new();
        self.0.render(ctx, &mut s)?;
        if ctx.ifchanged.as_deref() != Some(s.as_str()) {
            out.push_str(&s);
            ctx.ifchanged = Some(s);
        }
        Ok(())
    }

    fn blank(&self) -> bool {
        self.0.blank()
    }
}
