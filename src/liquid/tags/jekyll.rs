//! Jekyll's tags: `include` (Jekyll's syntax with `key=value` parameters and `{{ }}` in the
//! file name), `include_relative`, `highlight`, `link` and `post_url`.
//!
//! What needs the site (finding include files, documents and posts; syntax highlighting) goes
//! through [`crate::liquid::site::Site`] in the `"site"` register.

use crate::liquid::context::Context;
use crate::liquid::error::{Error, Result};
use crate::liquid::expr::Expr;
use crate::liquid::filters::standard::encoding::escape_html;
use crate::liquid::lexer::{is_space, is_word};
use crate::liquid::parser::{Block, Parser, Tag};
use crate::liquid::site::{Site, require_site};
use crate::liquid::{Engine, Template};
use crate::value::{Hash, Value};
use std::sync::Arc;

fn host(ctx: &Context, tag: &str) -> Result<Arc<dyn Site>> {
    require_site(ctx, tag)
}

/// Registers Jekyll's tags (replacing Liquid's `include`).
pub fn register(e: &mut Engine) {
    e.register_tag("include", parse_include);
    e.register_tag("include_relative", parse_include);
    e.register_tag("highlight", parse_highlight);
    e.register_tag("link", parse_link);
    e.register_tag("post_url", parse_post_url);
}

/// A parameter value of Jekyll's include: a literal string or a variable to look up.
#[derive(Debug)]
enum Param {
    Literal(String),
    Variable(Expr),
}

/// Jekyll's `include` (and `include_relative`) as parsed, for tags built on it
/// (jekyll-include-cache's `include_cached`).
#[derive(Debug)]
pub(crate) struct Include {
    relative: bool,
    /// The file markup; rendered as Liquid when it contains `{{ }}`.
    file: FileName,
    params: Option<Vec<(String, Param)>>,
}

#[derive(Debug)]
enum FileName {
    Static(String),
    Dynamic(Template),
}

fn include_syntax_example(tag: &str) -> String {
    format!("{{% {tag} file.ext param='value' param2='value' %}}")
}

/// Jekyll's `VARIABLE_SYNTAX`: `[^{]*(\{\{\s*[\w\-.]+\s*(\|.*)?\}\}[^\s{}]*)+` then the rest.
fn variable_syntax(m: &str) -> Option<(&str, &str)> {
    let b = m.as_bytes();
    let group = |i: usize| -> Option<usize> {
        if !b[i..].starts_with(b"{{") {
            return None;
        }
        let mut j = i + 2;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        let n = b[j..]
            .iter()
            .take_while(|&&c| is_word(c) || c == b'-' || c == b'.')
            .count();
        if n == 0 {
            return None;
        }
        j += n;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        // `(\|.*)?\}\}`: with a filter, the greedy `.*` reaches the last `}}`.
        let close = if b.get(j) == Some(&b'|') {
            m[j..]
                .rfind("}}")
                .map(|k| j + k)
                .or_else(|| b[j..].starts_with(b"}}").then_some(j))
        } else {
            b[j..].starts_with(b"}}").then_some(j)
        }?;
        let mut k = close + 2;
        while k < b.len() && !is_space(b[k]) && b[k] != b'{' && b[k] != b'}' {
            k += 1;
        }
        Some(k)
    };
    for start in 0..b.len() {
        let p = start + b[start..].iter().take_while(|&&c| c != b'{').count();
        if p >= b.len() {
            return None;
        }
        if let Some(mut end) = group(p) {
            while end < b.len() {
                match group(end) {
                    Some(e) => end = e,
                    None => break,
                }
            }
            return Some((&m[start..end], &m[end..]));
        }
    }
    None
}

/// One `key=value` of `VALID_SYNTAX` at the start of `s`: `(key, value, length)`.
fn valid_param(s: &str) -> Option<(&str, Param, usize)> {
    let b = s.as_bytes();
    let n = b.iter().take_while(|&&c| is_word(c) || c == b'-').count();
    if n == 0 {
        return None;
    }
    let mut i = n;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    if b.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    let q = *b.get(i)?;
    if q == b'"' || q == b'\'' {
        // `"([^"\\]*(?:\\.[^"\\]*)*)"`: backslash escapes anything; the quote ends it.
        let mut j = i + 1;
        while j < b.len() && b[j] != q {
            j += if b[j] == b'\\' { 2 } else { 1 };
        }
        if j >= b.len() {
            return None;
        }
        let raw = &s[i + 1..j];
        let escaped = if q == b'"' { "\\\"" } else { "\\'" };
        let value = raw.replace(escaped, if q == b'"' { "\"" } else { "'" });
        return Some((&s[..n], Param::Literal(value), j + 1));
    }
    let m = b[i..]
        .iter()
        .take_while(|&&c| is_word(c) || c == b'.' || c == b'-')
        .count();
    if m == 0 {
        return None;
    }
    Some((&s[..n], Param::Variable(Expr::parse(&s[i..i + m])), i + m))
}

/// Parses Jekyll's parameters, which must all be valid (`FULL_VALID_SYNTAX`).
fn parse_params(tag: &str, params: &str) -> Result<Vec<(String, Param)>> {
    let err = || {
        Error::argument(format!(
            "Invalid syntax for include tag:\n\n{params}\n\nValid syntax:\n\n{}\n\n",
            include_syntax_example(tag)
        ))
    };
    let mut out = Vec::new();
    let mut rest = params.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
    while !rest.is_empty() {
        let (k, v, n) = valid_param(rest).ok_or_else(err)?;
        let after = &rest[n..];
        // `(?=\s|\z)`
        if !(after.is_empty() || after.as_bytes()[0].is_ascii() && is_space(after.as_bytes()[0])) {
            return Err(err());
        }
        out.push((k.to_string(), v));
        rest = after.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
    }
    Ok(out)
}

fn parse_include(name: &str, markup: &str, p: &mut Parser) -> Result<Box<dyn Tag>> {
    Ok(Box::new(parse_include_markup(name, markup, p)?))
}

/// Parses the markup of Jekyll's `include` (`name` is the tag's name, for messages).
pub(crate) fn parse_include_markup(name: &str, markup: &str, p: &mut Parser) -> Result<Include> {
    let markup = crate::liquid::lexer::strip(markup);
    let (file, params) = match variable_syntax(markup) {
        Some((v, rest)) => (
            crate::liquid::lexer::strip(v),
            Some(crate::liquid::lexer::strip(rest)),
        ),
        None => match markup.split_once(|c: char| c.is_ascii() && is_space(c as u8)) {
            Some((f, rest)) => (
                f,
                Some(rest.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8))),
            ),
            None => (markup, None),
        },
    };
    let params = match params {
        Some(ps) => Some(parse_params(name, ps)?),
        None => None,
    };
    let file = if variable_syntax(file).is_some() {
        FileName::Dynamic(p.engine().parse(file, "")?)
    } else {
        FileName::Static(file.to_string())
    };
    Ok(Include {
        relative: name == "include_relative",
        file,
        params,
    })
}

/// Jekyll's `validate_file_name`: no `..`, `//`, `./`, and only `[\w/.\-()+~#@]`.
fn validate_file_name(tag: &str, file: &str) -> Result<()> {
    let b = file.as_bytes();
    let bad_seq = b
        .windows(2)
        .any(|w| matches!(w[0], b'.' | b'/') && matches!(w[1], b'.' | b'/'));
    let bad_char = file.is_empty()
        || !b.iter().all(|&c| {
            is_word(c)
                || matches!(
                    c,
                    b'/' | b'.' | b'-' | b'(' | b')' | b'+' | b'~' | b'#' | b'@'
                )
        });
    if bad_seq || bad_char {
        return Err(Error::argument(format!(
            "Invalid syntax for include tag. File contains invalid characters or sequences:\n\n  {file}\n\nValid syntax:\n\n  {}\n\n",
            include_syntax_example(tag)
        )));
    }
    Ok(())
}

impl Include {
    /// The file to include, its `{{ }}` rendered and its name checked.
    pub(crate) fn file_name(&self, ctx: &mut Context) -> Result<String> {
        let file = match &self.file {
            FileName::Static(f) => f.clone(),
            FileName::Dynamic(t) => t.render_into_string(ctx)?,
        };
        validate_file_name(self.tag_name(), &file)?;
        Ok(file)
    }

    fn tag_name(&self) -> &'static str {
        if self.relative {
            "include_relative"
        } else {
            "include"
        }
    }

    /// The parameters as `include` sees them, evaluated now; `None` without any.
    pub(crate) fn params(&self, ctx: &mut Context) -> Result<Option<Value>> {
        let Some(ps) = &self.params else {
            return Ok(None);
        };
        let mut h = Hash::default();
        for (k, v) in ps {
            let v = match v {
                Param::Literal(s) => Value::str(s),
                Param::Variable(e) => e.eval(ctx)?,
            };
            h.insert(k.clone(), v);
        }
        Ok(Some(Value::from(h)))
    }

    /// Renders `file` (from [`Include::file_name`]) as `include` does.
    pub(crate) fn render_file(
        &self,
        ctx: &mut Context,
        file: &str,
        out: &mut String,
    ) -> Result<()> {
        let tag = self.tag_name();
        let host = host(ctx, tag)?;
        let engine = ctx.engine();
        let partial = if self.relative {
            let page = ctx
                .register::<Value>("page")
                .map(|p| (*p).clone())
                .unwrap_or_default();
            host.include_relative(engine, &page, file)?
        } else {
            host.include(engine, file)?
        };
        let params = self.params(ctx)?;
        let (start, before) = (host.profiling().then(std::time::Instant::now), out.len());
        ctx.nested(|ctx| {
            ctx.with_scope(|ctx| {
                if let Some(p) = params {
                    ctx.set_local("include", p);
                }
                partial.render_into(ctx, out)
            })
        })?;
        if let Some(start) = start {
            host.record_render(&partial, out.len().saturating_sub(before), start.elapsed());
        }
        Ok(())
    }
}

impl Tag for Include {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        let file = self.file_name(ctx)?;
        self.render_file(ctx, &file, out)
    }
}

impl Template {
    /// Renders into a new string without resetting the caller's loop state (for templates
    /// that are parts of a tag, like a dynamic include name).
    pub fn render_into_string(&self, ctx: &mut Context) -> Result<String> {
        let mut s = String::new();
        self.render_into(ctx, &mut s)?;
        Ok(s)
    }
}

/// `{% highlight lang [linenos] %}...{% endhighlight %}`.
#[derive(Debug)]
struct Highlight {
    lang: String,
    linenos: bool,
    body: Block,
}

/// A `key` or `key=value` option of `highlight`.
type HighlightOption<'a> = (&'a str, Option<&'a str>);

/// Jekyll's `SYNTAX`: `^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|"([0-9]+\s)*[0-9]+"))?)*)$`.
fn highlight_syntax(markup: &str) -> Option<(&str, Vec<HighlightOption<'_>>)> {
    let b = markup.as_bytes();
    let n = b
        .iter()
        .take_while(|&&c| {
            c.is_ascii_alphanumeric() || matches!(c, b'.' | b'+' | b'#' | b'_' | b'-')
        })
        .count();
    if n == 0 {
        return None;
    }
    let mut opts = Vec::new();
    let mut i = n;
    while i < b.len() {
        let sp = b[i..].iter().take_while(|&&c| is_space(c)).count();
        if sp == 0 {
            return None;
        }
        i += sp;
        let k = b[i..].iter().take_while(|&&c| is_word(c)).count();
        if k == 0 {
            return None;
        }
        let key = &markup[i..i + k];
        i += k;
        let mut value = None;
        if b.get(i) == Some(&b'=') {
            i += 1;
            if b.get(i) == Some(&b'"') {
                let close = markup[i + 1..].find('"')? + i + 1;
                let inner = &markup[i + 1..close];
                // `([0-9]+\s)*[0-9]+`
                let ok = !inner.is_empty()
                    && inner
                        .split(|c: char| c.is_ascii() && is_space(c as u8))
                        .all(|d| !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit()));
                if !ok {
                    return None;
                }
                value = Some(inner);
                i = close + 1;
            } else {
                let w = b[i..].iter().take_while(|&&c| is_word(c)).count();
                if w == 0 {
                    return None;
                }
                value = Some(&markup[i..i + w]);
                i += w;
            }
        }
        opts.push((key, value));
    }
    Some((&markup[..n], opts))
}

fn parse_highlight(name: &str, markup: &str, p: &mut Parser) -> Result<Box<dyn Tag>> {
    let stripped = crate::liquid::lexer::strip(markup);
    let (lang, opts) = highlight_syntax(stripped).ok_or_else(|| {
        Error::syntax(format!(
            "Syntax Error in tag 'highlight' while parsing the following markup:\n\n{markup}\n\nValid syntax: highlight <lang> [linenos]"
        ))
    })?;
    let linenos = opts.iter().any(|(k, _)| *k == "linenos");
    let lang = lang.to_ascii_lowercase();
    let (body, _) = p.parse_block(name, &["endhighlight"])?;
    Ok(Box::new(Highlight {
        lang,
        linenos,
        body,
    }))
}

impl Tag for Highlight {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        let mut code = String::new();
        self.body.render(ctx, &mut code)?;
        let code = code.trim_matches(|c| c == '\n' || c == '\r');
        let host = host(ctx, "highlight")?;
        let html = if host.highlighter() == "rouge" || host.highlighter() == "pygments" {
            host.highlight(code, &self.lang, self.linenos)?
        } else {
            crate::liquid::lexer::strip(&escape_html(code)).to_string()
        };
        ctx.get("highlighter_prefix").render_into(out);
        out.push_str(&format!(
            "<figure class=\"highlight\"><pre><code class=\"language-{}\" data-lang=\"{}\">{}</code></pre></figure>",
            self.lang.replace('+', "-"),
            self.lang,
            html.strip_suffix("\r\n").or_else(|| html.strip_suffix('\n')).or_else(|| html.strip_suffix('\r')).unwrap_or(&html)
        ));
        ctx.get("highlighter_suffix").render_into(out);
        Ok(())
    }
}

/// `{% link path %}` (the path may contain Liquid).
#[derive(Debug)]
struct Link(Template);

fn parse_link(_: &str, markup: &str, p: &mut Parser) -> Result<Box<dyn Tag>> {
    Ok(Box::new(Link(
        p.engine().parse(crate::liquid::lexer::strip(markup), "")?,
    )))
}

impl Tag for Link {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        let path = self.0.render_into_string(ctx)?;
        out.push_str(&host(ctx, "link")?.link(&path)?);
        Ok(())
    }
}

/// `{% post_url 2024-01-02-title %}` (optionally `folder/2024-01-02-title`).
#[derive(Debug)]
struct PostUrl {
    name: String,
    path: String,
    date: String,
    slug: String,
}

/// Jekyll's `PostComparer::MATCHER`: `^(.+/)*(\d+-\d+-\d+)-(.*)$` on the name without a
/// leading slash.
fn split_post_name(name: &str) -> Option<(&str, &str, &str)> {
    let n = name.strip_prefix('/').unwrap_or(name);
    // `(.+/)*` is greedy: the date is in the last path segment that can hold it.
    let starts = std::iter::once(0)
        .chain(n.match_indices('/').map(|(i, _)| i + 1))
        .collect::<Vec<_>>();
    for &s in starts.iter().rev() {
        let seg = &n[s..];
        let b = seg.as_bytes();
        let mut i = 0;
        let mut ok = true;
        for part in 0..3 {
            let d = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if d == 0 {
                ok = false;
                break;
            }
            i += d;
            if b.get(i) != Some(&b'-') {
                ok = false;
                break;
            }
            if part < 2 {
                i += 1;
            }
        }
        if ok && !seg[i + 1..].contains('\n') {
            return Some((&n[..s], &seg[..i], &seg[i + 1..]));
        }
    }
    None
}

fn parse_post_url(_: &str, markup: &str, _: &mut Parser) -> Result<Box<dyn Tag>> {
    let name = crate::liquid::lexer::strip(markup).to_string();
    let (path, date, slug) = split_post_name(&name).ok_or_else(|| {
        Error::render(format!(
            "Could not parse name of post \"{name}\" in tag 'post_url'.\n Make sure the post exists and the name is correct.\n"
        ))
    })?;
    Ok(Box::new(PostUrl {
        path: path.to_string(),
        date: date.to_string(),
        slug: slug.to_string(),
        name,
    }))
}

impl Tag for PostUrl {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        out.push_str(
            &host(ctx, "post_url")?.post_url(&self.path, &self.date, &self.slug, &self.name)?,
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_include_markup_like_jekyll() {
        assert_eq!(
            variable_syntax("{{ page.x }}.html a=1"),
            Some(("{{ page.x }}.html", " a=1"))
        );
        assert_eq!(variable_syntax("dir/{{ x }}"), Some(("dir/{{ x }}", "")));
        assert_eq!(variable_syntax("foo.html"), None);
        assert!(parse_params("include", "a=1 b='x y' c=\"q\\\"q\" d=page.title").is_ok());
        assert!(parse_params("include", "a=1,b=2").is_err());
        assert!(validate_file_name("include", "../x.html").is_err());
        assert!(validate_file_name("include", "head/custom.html").is_ok());
    }

    #[test]
    fn splits_post_names() {
        assert_eq!(
            split_post_name("2024-01-02-hello"),
            Some(("", "2024-01-02", "hello"))
        );
        assert_eq!(
            split_post_name("/a/b/2024-1-2-x-y"),
            Some(("a/b/", "2024-1-2", "x-y"))
        );
        assert_eq!(split_post_name("hello"), None);
    }

    #[test]
    fn parses_highlight_markup() {
        assert_eq!(
            highlight_syntax("ruby linenos").map(|(l, o)| (l, o.len())),
            Some(("ruby", 1))
        );
        assert!(highlight_syntax("c++ hl_lines=\"1 2\"").is_some());
        assert!(highlight_syntax("ruby linenos=").is_none());
    }
}
