//! `for` (with `else`, `limit`, `offset`, `offset: continue`, `reversed`), `tablerow`,
//! `cycle`, `break`, `continue`, and the `forloop`/`tablerowloop` drops.

use crate::liquid::context::{Context, Interrupt};
use crate::liquid::error::{Error, Result};
use crate::liquid::expr::{Expr, ruby_str_to_i};
use crate::liquid::lexer::{
    Tok, TokenStream, find_quoted_fragment, is_space, is_word, quoted_fragment,
};
use crate::liquid::parser::{Block, Parser, Tag};
use crate::value::{Drop, Value, parse_ruby_integer};
use std::sync::Arc;

/// `(\w[\w-]*)\s*:\s*(QuotedFragment)` scanned over a markup: tag attributes.
pub fn tag_attributes(markup: &str) -> Vec<(&str, &str)> {
    let b = markup.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if is_word(b[i]) {
            let start = i;
            let mut j = i + 1;
            while j < b.len() && (is_word(b[j]) || b[j] == b'-') {
                j += 1;
            }
            let mut k = j;
            while k < b.len() && is_space(b[k]) {
                k += 1;
            }
            if b.get(k) == Some(&b':') {
                k += 1;
                while k < b.len() && is_space(b[k]) {
                    k += 1;
                }
                if let Some(n) = quoted_fragment(&b[k..]) {
                    out.push((&markup[start..j], &markup[k..k + n]));
                    i = k + n;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

#[derive(Debug)]
enum Offset {
    None,
    Continue,
    Expr(Expr),
}

/// `{% for item in collection %}`.
#[derive(Debug)]
struct For {
    var: String,
    /// `var-collection_markup`: the key `offset: continue` remembers positions under.
    name: Arc<str>,
    collection: Expr,
    reversed: bool,
    limit: Option<Expr>,
    offset: Offset,
    body: Block,
    else_body: Option<Block>,
}

struct ForHead {
    var: String,
    collection: String,
    reversed: bool,
    attrs: Vec<(String, String)>,
}

fn for_strict(markup: &str) -> Result<ForHead> {
    let mut p = TokenStream::new(markup)?;
    let Tok::Id(var) = p.expect(&Tok::Id(String::new()))? else {
        unreachable!()
    };
    if !p.consume_id("in") {
        return Err(Error::syntax("For loops require an 'in' clause"));
    }
    let collection = p.expression()?;
    let reversed = p.consume_id("reversed");
    let mut attrs = Vec::new();
    while matches!(p.peek(), Tok::Id(_)) && matches!(p.peek_at(1), Tok::Colon) {
        let attr = if p.consume_id("limit") {
            "limit"
        } else if p.consume_id("offset") {
            "offset"
        } else {
            return Err(Error::syntax(
                "Invalid attribute in for loop. Valid attributes are limit and offset",
            ));
        };
        p.advance();
        attrs.push((attr.to_string(), p.expression()?));
    }
    p.expect(&Tok::End)?;
    Ok(ForHead {
        var,
        collection,
        reversed,
        attrs,
    })
}

/// `\A(\w|-)+\s+in\s+(QuotedFragment+)\s*(reversed)?`, then tag attributes.
fn for_lax(markup: &str) -> Result<ForHead> {
    let err =
        || Error::syntax("Syntax Error in 'for loop' - Valid syntax: for [item] in [collection]");
    let b = markup.as_bytes();
    let n = b.iter().take_while(|&&c| is_word(c) || c == b'-').count();
    if n == 0 {
        return Err(err());
    }
    let mut i = n;
    let sp = b[i..].iter().take_while(|&&c| is_space(c)).count();
    if sp == 0 || !b[i + sp..].starts_with(b"in") {
        return Err(err());
    }
    i += sp + 2;
    let sp = b[i..].iter().take_while(|&&c| is_space(c)).count();
    if sp == 0 {
        return Err(err());
    }
    i += sp;
    let start = i;
    while let Some(len) = quoted_fragment(&b[i..]) {
        i += len;
    }
    if i == start {
        return Err(err());
    }
    let collection = markup[start..i].to_string();
    let rest = markup[i..].trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
    Ok(ForHead {
        var: markup[..n].to_string(),
        collection,
        reversed: rest.starts_with("reversed"),
        attrs: tag_attributes(markup)
            .into_iter()
            .filter(|(k, _)| *k == "limit" || *k == "offset")
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    })
}

/// Parses `for`.
pub fn parse_for(_name: &str, markup: &str, p: &mut Parser) -> Result<Box<dyn Tag>> {
    let head = p.strict_or_lax(markup, for_strict, for_lax)?;
    let mut limit = None;
    let mut offset = Offset::None;
    for (k, v) in &head.attrs {
        if k == "limit" {
            limit = Some(Expr::parse(v));
        } else if v == "continue" {
            offset = Offset::Continue;
        } else {
            offset = Offset::Expr(Expr::parse(v));
        }
    }
    let (mut body, next) = p.parse_block("for", &["else", "endfor"])?;
    let mut else_body = None;
    if next.name == "else" {
        let (mut e, _) = p.parse_block("for", &["endfor"])?;
        if body.blank() && e.blank() {
            e.remove_blank_strings();
        }
        else_body = Some(e);
    }
    let blank = body.blank() && else_body.as_ref().is_none_or(Block::blank);
    if blank {
        body.remove_blank_strings();
    }
    Ok(Box::new(For {
        name: Arc::from(format!("{}-{}", head.var, head.collection)),
        var: head.var,
        collection: Expr::parse(&head.collection),
        reversed: head.reversed,
        limit,
        offset,
        body,
        else_body,
    }))
}

/// Liquid's `Utils.to_integer`: integers as they are, anything else through `Integer(to_s)`.
pub fn to_integer(v: &Value) -> Result<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        other => {
            parse_ruby_integer(&other.to_ruby_s()).ok_or_else(|| Error::argument("invalid integer"))
        }
    }
}

/// Liquid's `slice_collection`: the items from index `from` up to (not including) `to`.
/// Arrays are sliced in place, so a loop with `limit` over many posts copies only its items;
/// a range gives only the integers in the slice (`(1..999999999999) limit: 3` is three), and
/// an error when they are too many to expand ([`crate::value::MAX_RANGE_ITEMS`]).
fn slice_items(v: &Value, from: i64, to: Option<i64>) -> Result<Vec<Value>> {
    let bounds = |len: usize| {
        let start = from.clamp(0, len as i64) as usize;
        let end = to.map_or(len, |t| t.clamp(0, len as i64) as usize);
        (start, end.max(start))
    };
    Ok(match v {
        Value::Array(a) => {
            let (s, e) = bounds(a.len());
            a[s..e].to_vec()
        }
        Value::Str(s) if s.is_empty() => Vec::new(),
        Value::Str(_) => slice_items(&Value::from(vec![v.clone()]), from, to)?,
        Value::Range(a, b) => {
            // Indexes into `a..=b`, in i128 so that no range or index overflows.
            let len = (i128::from(*b) - i128::from(*a) + 1).max(0);
            let start = i128::from(from).clamp(0, len);
            let end = to.map_or(len, |t| i128::from(t).clamp(0, len)).max(start);
            if start == end {
                Vec::new()
            } else {
                // Both ends are within `a..=b`, so they fit in i64.
                let first = (i128::from(*a) + start) as i64;
                let last = (i128::from(*a) + end - 1) as i64;
                crate::value::range_items(first, last).map_err(Error::render)?
            }
        }
        Value::Hash(_) | Value::Drop(_) => {
            let all = v.to_list().map_err(Error::render)?;
            let (s, e) = bounds(all.len());
            all[s..e].to_vec()
        }
        _ => Vec::new(),
    })
}

impl For {
    fn segment(&self, ctx: &mut Context) -> Result<Vec<Value>> {
        let from = match &self.offset {
            Offset::Continue => ctx.for_offsets.get(&*self.name).copied().unwrap_or(0),
            Offset::Expr(e) => match e.eval(ctx)? {
                Value::Nil => 0,
                v => to_integer(&v)?,
            },
            Offset::None => 0,
        };
        let collection = self.collection.eval(ctx)?;
        let to = match &self.limit {
            Some(e) => match e.eval(ctx)? {
                Value::Nil => None,
                v => Some(to_integer(&v)?.saturating_add(from)),
            },
            None => None,
        };
        let mut seg = slice_items(&collection, from, to)?;
        if self.reversed {
            seg.reverse();
        }
        ctx.for_offsets
            .insert(self.name.to_string(), from.saturating_add(seg.len() as i64));
        Ok(seg)
    }
}

impl Tag for For {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        let seg = self.segment(ctx)?;
        if seg.is_empty() {
            return match &self.else_body {
                Some(b) => b.render(ctx, out),
                None => Ok(()),
            };
        }
        let parent = ctx
            .for_stack
            .last()
            .cloned()
            .map(|d| Value::Drop(d as Arc<dyn Drop>))
            .unwrap_or_default();
        let len = seg.len();
        ctx.with_scope(|ctx| {
            for (i, item) in seg.into_iter().enumerate() {
                // An iteration is work even when the body is empty.
                ctx.spend(1)?;
                let fl: Arc<ForLoop> = Arc::new(ForLoop {
                    name: self.name.clone(),
                    index: i,
                    length: len,
                    parent: parent.clone(),
                });
                ctx.for_stack.push(fl.clone());
                ctx.set_local("forloop", Value::Drop(fl));
                ctx.set_local(&self.var, item);
                let r = self.body.render(ctx, out);
                ctx.for_stack.pop();
                r?;
                if let Some(int) = ctx.interrupts.pop()
                    && int == Interrupt::Break
                {
                    break;
                }
            }
            Ok(())
        })
    }
}

/// The `forloop` object.
#[derive(Debug)]
pub struct ForLoop {
    /// Ruby's loop name (`item-collection`).
    pub name: Arc<str>,
    /// 0-based index.
    pub index: usize,
    /// Items in the loop.
    pub length: usize,
    /// The enclosing loop's `forloop`, or nil.
    pub parent: Value,
}

impl Drop for ForLoop {
    fn get(&self, key: &str) -> Option<Value> {
        let (i, n) = (self.index as i64, self.length as i64);
        Some(match key {
            "name" => Value::Str(self.name.clone()),
            "length" => Value::Int(n),
            "index" => Value::Int(i + 1),
            "index0" => Value::Int(i),
            "rindex" => Value::Int(n - i),
            "rindex0" => Value::Int(n - i - 1),
            "first" => Value::Bool(i == 0),
            "last" => Value::Bool(i == n - 1),
            "parentloop" => self.parent.clone(),
            _ => return None,
        })
    }

    fn keys(&self) -> Vec<String> {
        [
            "name",
            "length",
            "index",
            "index0",
            "rindex",
            "rindex0",
            "first",
            "last",
            "parentloop",
        ]
        .map(String::from)
        .to_vec()
    }

    fn to_liquid_string(&self) -> String {
        "Liquid::ForloopDrop".into()
    }

    fn class_name(&self) -> &'static str {
        "Liquid::ForloopDrop"
    }
}

/// `{% tablerow item in collection cols: n limit: n offset: n %}`.
#[derive(Debug)]
struct TableRow {
    var: String,
    collection: Expr,
    attrs: Vec<(String, Expr)>,
    body: Block,
}

/// Parses `tablerow`: `(\w+)\s+in\s+(QuotedFragment+)`.
pub fn parse_tablerow(name: &str, markup: &str, p: &mut Parser) -> Result<Box<dyn Tag>> {
    let err = || {
        Error::syntax(
            "Syntax Error in 'table_row loop' - Valid syntax: table_row [item] in [collection] cols=3",
        )
    };
    let b = markup.as_bytes();
    let (var, coll) = (0..b.len())
        .find_map(|s| {
            let n = b[s..].iter().take_while(|&&c| is_word(c)).count();
            if n == 0 || (s > 0 && is_word(b[s - 1])) {
                return None;
            }
            let mut i = s + n;
            let sp = b[i..].iter().take_while(|&&c| is_space(c)).count();
            if sp == 0 || !b[i + sp..].starts_with(b"in") {
                return None;
            }
            i += sp + 2;
            let sp = b[i..].iter().take_while(|&&c| is_space(c)).count();
            if sp == 0 {
                return None;
            }
            i += sp;
            let start = i;
            while let Some(len) = quoted_fragment(&b[i..]) {
                i += len;
            }
            (i > start).then(|| (&markup[s..s + n], &markup[start..i]))
        })
        .ok_or_else(err)?;
    let attrs = tag_attributes(markup)
        .into_iter()
        .map(|(k, v)| (k.to_string(), Expr::parse(v)))
        .collect();
    let (body, _) = p.parse_block(name, &["endtablerow"])?;
    Ok(Box::new(TableRow {
        var: var.to_string(),
        collection: Expr::parse(coll),
        attrs,
        body,
    }))
}

/// Ruby's `to_i` on a value (nil → 0, strings by their numeric prefix, floats truncated).
pub fn ruby_to_i(v: &Value) -> Result<i64> {
    Ok(match v {
        Value::Int(i) => *i,
        Value::Float(f) => *f as i64,
        Value::Nil => 0,
        Value::Str(s) => ruby_str_to_i(s),
        other => {
            return Err(Error::render(format!(
                "undefined method `to_i' for {}",
                other.inspect()
            )));
        }
    })
}

impl Tag for TableRow {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        let collection = self.collection.eval(ctx)?;
        if !collection.truthy() {
            return Ok(());
        }
        let attr = |ctx: &mut Context, key: &str| -> Result<Option<i64>> {
            match self.attrs.iter().find(|(k, _)| k == key) {
                Some((_, e)) => Ok(Some(ruby_to_i(&e.eval(ctx)?)?)),
                None => Ok(None),
            }
        };
        let from = attr(ctx, "offset")?.unwrap_or(0);
        let to = attr(ctx, "limit")?.map(|l| from.saturating_add(l));
        let cols = attr(ctx, "cols")?.unwrap_or(0);
        let items = slice_items(&collection, from, to)?;
        let len = items.len() as i64;
        out.push_str("<tr class=\"row1\">\n");
        ctx.with_scope(|ctx| {
            let (mut row, mut col) = (1i64, 1i64);
            for (i, item) in items.into_iter().enumerate() {
                ctx.spend(1)?;
                let i = i as i64;
                let drop = TableRowLoop {
                    length: len,
                    cols,
                    row,
                    col,
                    index: i,
                };
                ctx.set_local("tablerowloop", Value::Drop(Arc::new(drop)));
                ctx.set_local(&self.var, item);
                out.push_str(&format!("<td class=\"col{col}\">"));
                self.body.render(ctx, out)?;
                out.push_str("</td>");
                if col == cols && i != len - 1 {
                    out.push_str(&format!("</tr>\n<tr class=\"row{}\">", row + 1));
                }
                if col == cols {
                    col = 1;
                    row += 1;
                } else {
                    col += 1;
                }
            }
            Ok(())
        })?;
        out.push_str("</tr>\n");
        Ok(())
    }
}

#[derive(Debug)]
struct TableRowLoop {
    length: i64,
    cols: i64,
    row: i64,
    col: i64,
    index: i64,
}

impl Drop for TableRowLoop {
    fn get(&self, key: &str) -> Option<Value> {
        let (i, n) = (self.index, self.length);
        Some(match key {
            "length" => Value::Int(n),
            "col" => Value::Int(self.col),
            "row" => Value::Int(self.row),
            "col0" => Value::Int(self.col - 1),
            "index" => Value::Int(i + 1),
            "index0" => Value::Int(i),
            "rindex" => Value::Int(n - i),
            "rindex0" => Value::Int(n - i - 1),
            "first" => Value::Bool(i == 0),
            "last" => Value::Bool(i == n - 1),
            "col_first" => Value::Bool(self.col == 1),
            "col_last" => Value::Bool(self.col == self.cols),
            _ => return None,
        })
    }

    fn keys(&self) -> Vec<String> {
        [
            "length",
            "col",
            "row",
            "col0",
            "index",
            "index0",
            "rindex",
            "rindex0",
            "first",
            "last",
            "col_first",
            "col_last",
        ]
        .map(String::from)
        .to_vec()
    }

    fn to_liquid_string(&self) -> String {
        "Liquid::TablerowloopDrop".into()
    }
}

/// `{% cycle 'a', 'b' %}` or `{% cycle group: 'a', 'b' %}`.
#[derive(Debug)]
struct Cycle {
    name: Option<Expr>,
    key: String,
    values: Vec<Expr>,
}

/// Parses `cycle`.
pub fn parse_cycle(_name: &str, markup: &str, _p: &mut Parser) -> Result<Box<dyn Tag>> {
    let err = || {
        Error::syntax(
            "Syntax Error in 'cycle' - Valid syntax: cycle [name :] var [, var2, var3 ...]",
        )
    };
    let b = markup.as_bytes();
    // NamedSyntax: `\A(QuotedFragment)\s*\:\s*(.*)`.
    if let Some(n) = quoted_fragment(b) {
        let mut i = n;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        // A fragment can itself contain `:`; Ruby backtracks the fragment to find the colon.
        let named = if b.get(i) == Some(&b':') {
            Some((&markup[..n], &markup[i + 1..]))
        } else {
            markup[..n]
                .find(':')
                .filter(|&c| c > 0)
                .map(|c| (&markup[..c], &markup[c + 1..]))
        };
        if let Some((name, rest)) = named {
            let name_trim = name.trim_end_matches(|c: char| c.is_ascii() && is_space(c as u8));
            if quoted_fragment(name_trim.as_bytes()) == Some(name_trim.len()) {
                return Ok(Box::new(Cycle {
                    name: Some(Expr::parse(name_trim)),
                    key: String::new(),
                    values: cycle_values(rest),
                }));
            }
        }
        let values = cycle_values(markup);
        // Unnamed cycles are grouped by their values' markup, as Ruby's `@variables.to_s`.
        let key = format!("{values:?}");
        return Ok(Box::new(Cycle {
            name: None,
            key,
            values,
        }));
    }
    Err(err())
}

fn cycle_values(markup: &str) -> Vec<Expr> {
    markup
        .split(',')
        .filter_map(|v| find_quoted_fragment(v).map(|(s, e)| Expr::parse(&v[s..e])))
        .collect()
}

impl Tag for Cycle {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        let key = match &self.name {
            Some(e) => e.eval(ctx)?.to_ruby_s(),
            None => self.key.clone(),
        };
        let n = *ctx.cycles.get(&key).unwrap_or(&0);
        if let Some(e) = self.values.get(n) {
            e.eval(ctx)?.render_into(out);
        }
        let next = if n + 1 >= self.values.len() { 0 } else { n + 1 };
        ctx.cycles.insert(key, next);
        Ok(())
    }
}

/// `{% break %}` / `{% continue %}`.
#[derive(Debug)]
struct Jump(Interrupt);

/// Parses `break`.
pub fn parse_break(_: &str, _: &str, _: &mut Parser) -> Result<Box<dyn Tag>> {
    Ok(Box::new(Jump(Interrupt::Break)))
}

/// Parses `continue`.
pub fn parse_continue(_: &str, _: &str, _: &mut Parser) -> Result<Box<dyn Tag>> {
    Ok(Box::new(Jump(Interrupt::Continue)))
}

impl Tag for Jump {
    fn render(&self, ctx: &mut Context, _out: &mut String) -> Result<()> {
        ctx.interrupts.push(self.0);
        Ok(())
    }
}
