//! `{{ expression | filter: args }}`: parsing (strict, with Ruby's lax fallback) and rendering.

use super::context::Context;
use super::error::{Error, ErrorKind, Result};
use super::expr::Expr;
use super::lexer::{Tok, TokenStream, find_quoted_fragment, is_space, is_word, quoted_fragment};
use super::parser::Parser;
use crate::value::{Hash, Value};

/// One filter call: name, positional argument expressions, keyword arguments.
#[derive(Clone, Debug)]
pub struct FilterCall {
    /// The filter's name.
    pub name: String,
    /// Positional arguments.
    pub args: Vec<Expr>,
    /// `key: value` arguments, passed to the filter as a trailing hash (as Ruby does).
    pub kwargs: Vec<(String, Expr)>,
}

/// An expression with a filter chain.
#[derive(Clone, Debug)]
pub struct FilteredExpr {
    /// The value before filters; `None` for empty markup.
    pub expr: Option<Expr>,
    /// The filters, applied in order.
    pub filters: Vec<FilterCall>,
}

impl FilteredExpr {
    /// Ruby `Variable#strict_parse`.
    pub fn parse_strict(markup: &str) -> Result<Self> {
        let mut p = TokenStream::new(markup)?;
        if matches!(p.peek(), Tok::End) {
            return Ok(FilteredExpr {
                expr: None,
                filters: Vec::new(),
            });
        }
        let expr = Some(Expr::parse(&p.expression()?));
        let mut filters = Vec::new();
        while p.consume_if(&Tok::Pipe).is_some() {
            let Tok::Id(name) = p.expect(&Tok::Id(String::new()))? else {
                unreachable!()
            };
            let mut args = Vec::new();
            if p.consume_if(&Tok::Colon).is_some() {
                args.push(p.argument()?);
                while p.consume_if(&Tok::Comma).is_some() {
                    args.push(p.argument()?);
                }
            }
            filters.push(filter_call(name, &args));
        }
        p.expect(&Tok::End)?;
        Ok(FilteredExpr { expr, filters })
    }

    /// Ruby `Variable#lax_parse`: regular-expression based, accepts almost anything.
    pub fn parse_lax(markup: &str) -> Result<Self> {
        let Some((s, e)) = find_quoted_fragment(markup) else {
            return Ok(FilteredExpr {
                expr: None,
                filters: Vec::new(),
            });
        };
        let expr = Some(Expr::parse(&markup[s..e]));
        let mut filters = Vec::new();
        let rest = &markup[e..];
        if let Some(p) = rest.find('|') {
            let chain =
                rest[p + 1..].trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
            for piece in scan_filter_pieces(chain) {
                let b = piece.as_bytes();
                let Some(start) = b.iter().position(|&c| is_word(c)) else {
                    continue;
                };
                let len = b[start..].iter().take_while(|&&c| is_word(c)).count();
                let name = piece[start..start + len].to_string();
                let args = scan_filter_args(piece);
                filters.push(filter_call(name, &args));
            }
        }
        Ok(FilteredExpr { expr, filters })
    }

    /// Parses with the engine's error mode (strict, lax, or strict falling back to lax).
    pub fn parse(parser: &mut Parser, markup: &str) -> Result<Self> {
        parser.strict_or_lax(markup, Self::parse_strict, Self::parse_lax)
    }

    /// Evaluates the expression and applies the filters.
    pub fn eval(&self, ctx: &mut Context) -> Result<Value> {
        let mut v = match &self.expr {
            Some(e) => e.eval(ctx)?,
            None => Value::Nil,
        };
        for f in &self.filters {
            let mut args = Vec::with_capacity(f.args.len() + 1);
            for a in &f.args {
                args.push(a.eval(ctx)?);
            }
            if !f.kwargs.is_empty() {
                let mut h = Hash::default();
                for (k, e) in &f.kwargs {
                    h.insert(k.clone(), e.eval(ctx)?);
                }
                args.push(Value::from(h));
            }
            v = apply_filter(ctx, &f.name, v, &args)?;
        }
        Ok(v)
    }
}

/// Calls a filter by name, as Ruby's strainer: unknown filters pass the input through
/// (or fail with `strict_filters`), argument counts are checked as Ruby checks arity.
pub fn apply_filter(ctx: &mut Context, name: &str, input: Value, args: &[Value]) -> Result<Value> {
    let Some(filter) = ctx.engine().filter(name) else {
        if ctx.strict_filters() {
            return Err(Error::new(
                ErrorKind::UndefinedFilter,
                format!("undefined filter {name}"),
            ));
        }
        return Ok(input);
    };
    let given = args.len();
    if given < filter.min_args || filter.max_args.is_some_and(|m| given > m) {
        let expected = match filter.max_args {
            Some(m) if m == filter.min_args => format!("{}", m + 1),
            Some(m) => format!("{}..{}", filter.min_args + 1, m + 1),
            None => format!("{}+", filter.min_args + 1),
        };
        return Err(Error::argument(format!(
            "wrong number of arguments (given {}, expected {expected})",
            given + 1
        )));
    }
    ctx.spend(1)?;
    let out = (filter.func)(ctx, input, args)?;
    ctx.check_value(&out)?;
    Ok(out)
}

fn filter_call(name: String, args: &[String]) -> FilterCall {
    let mut call = FilterCall {
        name,
        args: Vec::new(),
        kwargs: Vec::new(),
    };
    for a in args {
        match just_tag_attribute(a) {
            Some((k, v)) => call.kwargs.push((k.to_string(), Expr::parse(v))),
            None => call.args.push(Expr::parse(a)),
        }
    }
    call
}

/// `\A(\w[\w-]*)\s*:\s*(QuotedFragment)\z`.
fn just_tag_attribute(a: &str) -> Option<(&str, &str)> {
    let b = a.as_bytes();
    if !b.first().is_some_and(|&c| is_word(c)) {
        return None;
    }
    let n = b.iter().take_while(|&&c| is_word(c) || c == b'-').count();
    let rest = a[n..].trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
    let rest = rest.strip_prefix(':')?;
    let v = rest.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
    (quoted_fragment(v.as_bytes()) == Some(v.len()) && !v.is_empty()).then_some((&a[..n], v))
}

/// `scan(/(?:\s+|QuotedFragment|,)+/)`: the filter chain split into one piece per filter.
fn scan_filter_pieces(s: &str) -> Vec<&str> {
    let b = s.as_bytes();
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        loop {
            if i < b.len() && (is_space(b[i]) || b[i] == b',') {
                i += 1;
            } else if let Some(n) = (i < b.len()).then(|| quoted_fragment(&b[i..])).flatten() {
                i += n;
            } else {
                break;
            }
        }
        if i > start {
            pieces.push(&s[start..i]);
        } else {
            i += 1;
        }
    }
    pieces
}

/// `scan(/(?:[:,])\s*((?:\w+\s*\:\s*)?QuotedFragment)/)`: a filter's argument markups.
fn scan_filter_args(piece: &str) -> Vec<String> {
    let b = piece.as_bytes();
    let mut args = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b':' && b[i] != b',' {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        // Optional `\w+\s*:\s*` keyword prefix, given back if no fragment follows it.
        let mut k = j;
        while k < b.len() && is_word(b[k]) {
            k += 1;
        }
        let mut with_kw = None;
        if k > j {
            let mut m = k;
            while m < b.len() && is_space(b[m]) {
                m += 1;
            }
            if b.get(m) == Some(&b':') {
                m += 1;
                while m < b.len() && is_space(b[m]) {
                    m += 1;
                }
                if let Some(n) = quoted_fragment(&b[m..]) {
                    with_kw = Some(m + n);
                }
            }
        }
        let end = with_kw.or_else(|| quoted_fragment(&b[j..]).map(|n| j + n));
        match end {
            Some(end) => {
                args.push(piece[j..end].to_string());
                i = end;
            }
            None => i += 1,
        }
    }
    args
}

/// A `{{ ... }}` node.
#[derive(Debug)]
pub struct Output {
    expr: FilteredExpr,
    line: usize,
    markup: Box<str>,
}

impl Output {
    /// Parses the markup between `{{` and `}}`.
    pub fn parse(parser: &mut Parser, markup: &str) -> Result<Self> {
        let line = parser.line();
        let expr = FilteredExpr::parse(parser, markup)?;
        Ok(Output {
            expr,
            line,
            markup: format!("{{{{{markup}}}}}").into(),
        })
    }

    /// Renders: arrays are joined, nil prints nothing.
    pub fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        let v = self
            .expr
            .eval(ctx)
            .map_err(|e| super::parser::locate(e, ctx, self.line, &self.markup))?;
        v.render_into(out);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lax_splits_filters_like_ruby() {
        let f = FilteredExpr::parse_lax("x | append: 'a', 'b' | upcase").unwrap();
        assert_eq!(f.filters.len(), 2);
        assert_eq!(f.filters[0].args.len(), 2);
        let f = FilteredExpr::parse_lax("x | default: 'a', allow_false: true").unwrap();
        assert_eq!(f.filters[0].kwargs.len(), 1);
    }

    #[test]
    fn strict_rejects_garbage() {
        assert!(FilteredExpr::parse_strict("x | | y").is_err());
        assert!(FilteredExpr::parse_strict("x | f: a, b: 'c'").is_ok());
    }
}
