//! Liquid's own `include` and `render` (Jekyll replaces `include` with its own tag).

use super::iteration::{ForLoop, tag_attributes};
use crate::liquid::context::Context;
use crate::liquid::error::{Error, ErrorKind, Result};
use crate::liquid::expr::Expr;
use crate::liquid::lexer::{is_space, is_word, quoted_fragment, quoted_string};
use crate::liquid::parser::{Parser, Tag};
use crate::value::Value;
use std::sync::Arc;

/// The parts of `name (with|for) expr as alias` with Ruby's include/render regexes.
struct PartialSyntax<'a> {
    name: &'a str,
    with_or_for: Option<(&'a str, &'a str)>,
    alias: Option<&'a str>,
}

/// `(NAME+)(\s+(with|for)\s+(QF+))?(\s+(?:as)\s+(VariableSegment+))?`, leftmost, where NAME
/// is `QuotedFragment` for include and `QuotedString` for render.
fn partial_syntax(markup: &str, quoted_only: bool) -> Option<PartialSyntax<'_>> {
    let b = markup.as_bytes();
    let unit = |s: &[u8]| {
        if quoted_only {
            quoted_string(s)
        } else {
            quoted_fragment(s)
        }
    };
    let start = (0..b.len()).find(|&i| unit(&b[i..]).is_some())?;
    let mut i = start;
    while let Some(n) = unit(&b[i..]) {
        i += n;
    }
    let name = &markup[start..i];
    let keyword = |i: usize, words: &[&'static str]| -> Option<(&'static str, usize)> {
        let sp = b[i..].iter().take_while(|&&c| is_space(c)).count();
        if sp == 0 {
            return None;
        }
        words.iter().find_map(|w| {
            let j = i + sp;
            if b[j..].starts_with(w.as_bytes()) {
                let sp2 = b[j + w.len()..]
                    .iter()
                    .take_while(|&&c| is_space(c))
                    .count();
                (sp2 > 0).then_some((*w, j + w.len() + sp2))
            } else {
                None
            }
        })
    };
    let mut with_or_for = None;
    if let Some((w, j)) = keyword(i, &["with", "for"]) {
        let mut k = j;
        while let Some(n) = quoted_fragment(&b[k..]) {
            k += n;
        }
        if k > j {
            with_or_for = Some((w, &markup[j..k]));
            i = k;
        }
    }
    let mut alias = None;
    if let Some((_, j)) = keyword(i, &["as"]) {
        let n = b[j..]
            .iter()
            .take_while(|&&c| is_word(c) || c == b'-')
            .count();
        if n > 0 {
            alias = Some(&markup[j..j + n]);
        }
    }
    Some(PartialSyntax {
        name,
        with_or_for,
        alias,
    })
}

/// `{% include 'name' with x as y key: value %}`.
#[derive(Debug)]
struct Include {
    name: Expr,
    variable: Option<Expr>,
    alias: Option<String>,
    attrs: Vec<(String, Expr)>,
}

/// Parses Liquid's `include`.
pub fn parse_include(_: &str, markup: &str, _: &mut Parser) -> Result<Box<dyn Tag>> {
    let s = partial_syntax(markup, false).ok_or_else(|| {
        Error::syntax("Error in tag 'include' - Valid syntax: include '[template]' (with|for) [object|collection]")
    })?;
    Ok(Box::new(Include {
        name: Expr::parse(s.name),
        variable: s.with_or_for.map(|(_, v)| Expr::parse(v)),
        alias: s.alias.map(str::to_string),
        attrs: attrs(markup),
    }))
}

fn attrs(markup: &str) -> Vec<(String, Expr)> {
    tag_attributes(markup)
        .into_iter()
        .map(|(k, v)| (k.to_string(), Expr::parse(v)))
        .collect()
}

fn load(ctx: &Context, name: &str) -> Result<Arc<crate::liquid::Template>> {
    let fs = ctx.file_system().ok_or_else(|| {
        Error::new(
            ErrorKind::FileSystem,
            "This liquid context does not allow includes.",
        )
    })?;
    fs.read_template(ctx.engine(), name)
}

impl Tag for Include {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        if ctx.isolated {
            return Err(Error::render(
                "include usage is not allowed in this context",
            ));
        }
        let name = match self.name.eval(ctx)? {
            Value::Nil => {
                return Err(Error::argument(
                    "Argument error in tag 'include' - Illegal template name",
                ));
            }
            v => v.to_ruby_s(),
        };
        let partial = load(ctx, &name)?;
        let var_name = self
            .alias
            .clone()
            .unwrap_or_else(|| name.rsplit('/').next().unwrap_or("").to_string());
        let variable = match &self.variable {
            Some(e) => e.eval(ctx)?,
            None => ctx.get(&name),
        };
        ctx.nested(|ctx| {
            ctx.with_scope(|ctx| {
                for (k, e) in &self.attrs {
                    let v = e.eval(ctx)?;
                    ctx.set_local(k, v);
                }
                match &variable {
                    Value::Array(items) => {
                        for item in items.iter() {
                            ctx.set_local(&var_name, item.clone());
                            partial.render_into(ctx, out)?;
                        }
                        Ok(())
                    }
                    v => {
                        ctx.set_local(&var_name, v.clone());
                        partial.render_into(ctx, out)
                    }
                }
            })
        })
    }
}

/// `{% render 'name' with x as y, key: value %}` in an isolated context.
#[derive(Debug)]
struct Render {
    name: String,
    variable: Option<Expr>,
    is_for: bool,
    alias: Option<String>,
    attrs: Vec<(String, Expr)>,
}

/// Parses `render`.
pub fn parse_render(_: &str, markup: &str, _: &mut Parser) -> Result<Box<dyn Tag>> {
    let s = partial_syntax(markup, true).ok_or_else(|| {
        Error::syntax("Syntax error in tag 'render' - Template name must be a quoted string")
    })?;
    let name = match Expr::parse(s.name) {
        Expr::Literal(Value::Str(n)) => n.to_string(),
        _ => {
            return Err(Error::syntax(
                "Syntax error in tag 'render' - Template name must be a quoted string",
            ));
        }
    };
    Ok(Box::new(Render {
        name,
        variable: s.with_or_for.map(|(_, v)| Expr::parse(v)),
        is_for: s.with_or_for.is_some_and(|(w, _)| w == "for"),
        alias: s.alias.map(str::to_string),
        attrs: attrs(markup),
    }))
}

impl Tag for Render {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        let partial = load(ctx, &self.name)?;
        let var_name = self
            .alias
            .clone()
            .unwrap_or_else(|| self.name.rsplit('/').next().unwrap_or("").to_string());
        let variable = match &self.variable {
            Some(e) => e.eval(ctx)?,
            None => Value::Nil,
        };
        let mut attrs = Vec::with_capacity(self.attrs.len());
        for (k, e) in &self.attrs {
            attrs.push((k.as_str(), e.eval(ctx)?));
        }
        let render_one =
            |ctx: &mut Context, var: Value, forloop: Option<Value>, out: &mut String| {
                let mut inner = ctx.isolated();
                if let Some(f) = forloop {
                    inner.assign("forloop", f);
                }
                for (k, v) in &attrs {
                    inner.assign(k, v.clone());
                }
                if !var.is_nil() {
                    inner.assign(&var_name, var);
                }
                inner.nested(|inner| partial.render_into(inner, out))
            };
        let iterable = matches!(
            variable,
            Value::Array(_) | Value::Hash(_) | Value::Range(..)
        );
        if self.is_for && iterable {
            let items = variable.to_list().map_err(Error::render)?;
            let name: Arc<str> = Arc::from(self.name.as_str());
            for (i, item) in items.iter().enumerate() {
                let fl = ForLoop {
                    name: name.clone(),
                    index: i,
                    length: items.len(),
                    parent: Value::Nil,
                };
                render_one(ctx, item.clone(), Some(Value::Drop(Arc::new(fl))), out)?;
            }
            Ok(())
        } else {
            render_one(ctx, variable, None, out)
        }
    }
}
