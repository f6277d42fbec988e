//! jekyll-gist 1.5.0: `{% gist user/id [file] %}` embeds a gist with GitHub's `<script>`.
//!
//! The gem also downloads the gist's raw code for a `<noscript>` fallback unless the site
//! sets `gist: noscript: false`. hyde never goes to the network, so it gives what Jekyll
//! gives when that download fails: the gem then logs a warning and its `<noscript>` part is
//! the logger's return value, printed before the script: `true`, or `false` under `--quiet`
//! (the warning is then not written). With `noscript: false` only the script is printed,
//! exactly as Jekyll does. With network access Jekyll would print
//! `<noscript><pre>CODE</pre></noscript>` there instead; hyde doesn't download gists.

use crate::config::Config;
use crate::liquid::error::{Error, Result};
use crate::liquid::expr::Expr;
use crate::liquid::parser::{Parser, Tag};
use crate::liquid::site::require_site;
use crate::liquid::{Context, Engine};
use crate::value::Value;

/// Registers `{% gist %}`.
pub fn register(engine: &mut Engine, _config: &Config) {
    engine.register_tag("gist", parse_gist);
}

#[derive(Debug)]
struct Gist {
    markup: String,
}

fn parse_gist(_name: &str, markup: &str, _p: &mut Parser) -> Result<Box<dyn Tag>> {
    Ok(Box::new(Gist {
        markup: markup.to_string(),
    }))
}

fn is_ruby_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// The gem's `\A([\S]+|.*(?=\/).+)\s?(\S*)\Z` on the stripped markup: the gist id and the
/// file name (maybe empty), or `None` when the markup doesn't match.
fn arguments(input: &str) -> Option<(String, String)> {
    let spaces = input.chars().filter(|&c| is_ruby_space(c)).count();
    // `[\S]+\s?(\S*)`: at most one whitespace character separates id and file.
    if spaces <= 1 && !input.is_empty() {
        return Some(match input.find(is_ruby_space) {
            Some(i) => {
                let sp = input[i..].chars().next().map_or(1, char::len_utf8);
                (input[..i].to_string(), input[i + sp..].to_string())
            }
            None => (input.to_string(), String::new()),
        });
    }
    // `.*(?=\/).+`: a slash on the first line, whose rest then joins the id; a following
    // line, if any, must be a single word (the file).
    let (first, rest) = match input.split_once('\n') {
        Some((f, r)) => (f, Some(r)),
        None => (input, None),
    };
    if !first.contains('/') {
        return None;
    }
    match rest {
        None => Some((first.trim().to_string(), String::new())),
        Some(r) if !r.is_empty() && !r.contains(is_ruby_space) => {
            Some((first.trim().to_string(), r.to_string()))
        }
        Some(_) => None,
    }
}

/// The gem's `context[key]` when it's set: a variable holding the id or file name.
fn resolve(ctx: &mut Context, key: &str) -> Result<String> {
    if key.is_empty() {
        return Ok(String::new());
    }
    match Expr::parse(key).eval(ctx)? {
        Value::Nil => Ok(key.to_string()),
        v => Ok(v.to_ruby_s()),
    }
}

impl Tag for Gist {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        let site = require_site(ctx, "gist")?;
        let markup = self.markup.trim_matches(is_ruby_space);
        let Some((id, file)) = arguments(markup) else {
            return Err(Error::argument(format!(
                "  Syntax error in tag 'gist' while parsing the following markup:\n\n    {}\n\n  Valid syntax:\n    {{% gist user/1234567 %}}\n    {{% gist user/1234567 foo.js %}}\n    {{% gist 28949e1d5ee2273f9fd3 %}}\n    {{% gist 28949e1d5ee2273f9fd3 best.md %}}\n",
                self.markup
            )));
        };
        let id = resolve(ctx, &id)?;
        let file = resolve(ctx, &file)?;
        let noscript = site
            .config()
            .get("gist")
            .and_then(|g| g.get("noscript"))
            .is_none_or(|n| !matches!(n, Value::Bool(false)));
        if noscript {
            // The failed download's warning returns Jekyll's logger result, which the gem
            // prints: `false` when `--quiet` kept the warning from being written.
            let quiet = site.config().get("quiet").is_some_and(|q| q.truthy());
            out.push_str(if quiet { "false" } else { "true" });
        }
        out.push_str("<script src=\"https://gist.github.com/");
        out.push_str(&id);
        out.push_str(".js");
        if !file.is_empty() {
            out.push_str("?file=");
            out.push_str(&file);
        }
        out.push_str("\"> </script>");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::arguments;

    fn args(s: &str) -> Option<(String, String)> {
        arguments(s)
    }

    #[test]
    fn splits_like_the_gems_pattern() {
        let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(args("user/123"), pair("user/123", ""));
        assert_eq!(args("user/123 foo.js"), pair("user/123", "foo.js"));
        assert_eq!(args("28949e1d best.md"), pair("28949e1d", "best.md"));
        assert_eq!(args("user/123 a b"), pair("user/123 a b", ""));
        assert_eq!(args("a b c"), None);
        assert_eq!(args(""), None);
    }
}
