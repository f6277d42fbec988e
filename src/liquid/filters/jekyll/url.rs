//! Jekyll's `URLFilters`: `relative_url`, `absolute_url`, `strip_index`.

use super::addressable::Uri;
use super::site_config;
use crate::liquid::Engine;
use crate::liquid::context::Context;
use crate::liquid::error::Result;
use crate::value::Value;

pub(super) fn register(e: &mut Engine) {
    e.register_filter("relative_url", relative_url, 0, Some(0));
    e.register_filter("absolute_url", absolute_url, 0, Some(0));
    e.register_filter("strip_index", strip_index, 0, Some(0));
}

/// The URL a filter works on: objects with a `url` (pages, documents) give theirs.
fn url_of(input: &Value) -> String {
    if let Value::Drop(d) = input
        && let Some(url) = d.get("url")
    {
        return url.to_ruby_s();
    }
    input.to_ruby_s()
}

fn relative_url(ctx: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    if input.is_nil() {
        return Ok(Value::Nil);
    }
    let config = site_config(ctx);
    Ok(Value::from(compute_relative_url(&config, &url_of(&input))?))
}

fn absolute_url(ctx: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    if input.is_nil() {
        return Ok(Value::Nil);
    }
    let config = site_config(ctx);
    Ok(Value::from(compute_absolute_url(&config, &url_of(&input))?))
}

/// `site.url`, `baseurl` and the input joined and normalized as Addressable does (without
/// `url`, the relative URL); absolute URLs are left alone. Plugins that build URLs outside
/// templates (redirect pages, `{% feed_meta %}`) use it too.
pub fn compute_absolute_url(config: &Value, input: &str) -> Result<String> {
    if Uri::parse(input)?.is_absolute() {
        return Ok(input.to_string());
    }
    let relative = compute_relative_url(config, input)?;
    let site_url = match config.get("url") {
        None | Some(Value::Nil) => return Ok(relative),
        Some(u) => u.to_ruby_s(),
    };
    if site_url.is_empty() {
        return Ok(relative);
    }
    Uri::parse(&(site_url + &relative))?
        .normalize()?
        .to_string()
}

/// `baseurl` joined to the input, each with a leading slash, normalized as Addressable does;
/// absolute URLs (with a scheme) are left alone.
pub fn compute_relative_url(config: &Value, input: &str) -> Result<String> {
    if Uri::parse(input)?.is_absolute() {
        return Ok(input.to_string());
    }
    // `chomp("/")`: one trailing slash goes, so `/` as baseurl means none.
    let baseurl = match config.get("baseurl") {
        None | Some(Value::Nil) => String::new(),
        Some(b) => {
            let b = b.to_ruby_s();
            b.strip_suffix('/').map(str::to_string).unwrap_or(b)
        }
    };
    let joined = ensure_leading_slash(&baseurl) + &ensure_leading_slash(input);
    Uri::parse(&joined)?.normalize()?.to_string()
}

fn ensure_leading_slash(s: &str) -> String {
    if s.is_empty() || s.starts_with('/') {
        s.to_string()
    } else {
        format!("/{s}")
    }
}

/// `input.sub(%r!/index\.html?$!, "/")`: the first `/index.html` (or `.htm`) that ends a
/// line (Ruby's `$`) becomes `/`.
fn strip_index(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    if input.is_nil() || input.render().is_empty() {
        return Ok(Value::Nil);
    }
    let Some(s) = super::as_ruby_str(&input) else {
        return Err(super::no_method("sub", &input));
    };
    for (start, _) in s.match_indices("/index.htm") {
        let mut end = start + "/index.htm".len();
        if s[end..].starts_with('l') {
            end += 1;
        }
        // `l?` is greedy but gives the `l` back if `$` only matches without it.
        for stop in [end, start + "/index.htm".len()] {
            if stop == s.len() || s[stop..].starts_with('\n') {
                return Ok(Value::from(format!("{}/{}", &s[..start], &s[stop..])));
            }
        }
    }
    Ok(input)
}
