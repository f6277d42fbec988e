//! Jekyll's `URLFilters`: `relative_url`, `absolute_url`, `strip_index`.

use super::addressable::Uri;
use super::site_config;
use crate::fast_hash::FastMap;
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
    memo(Kind::Absolute, config, input, absolute_uncached)
}

fn absolute_uncached(config: &Value, input: &str) -> Result<String> {
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
    memo(Kind::Relative, config, input, relative_uncached)
}

fn relative_uncached(config: &Value, input: &str) -> Result<String> {
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

#[derive(Clone, Copy)]
enum Kind {
    Relative,
    Absolute,
}

/// The URLs made so far on this thread, for one `baseurl` and `url`.
#[derive(Default)]
struct Made {
    baseurl: String,
    url: String,
    relative: FastMap<Box<str>, Box<str>>,
    absolute: FastMap<Box<str>, Box<str>>,
}

/// Entries kept per kind before starting over (a long `serve` session stays bounded).
const MEMO_LIMIT: usize = 1 << 16;

/// A URL as `compute` makes it, which depends on `input` and the site's `baseurl` and `url`
/// alone. Addressable's normalization costs tens of microseconds, and every page asks for the
/// same few URLs (the home, the stylesheet, the latest posts): each is made once per thread.
/// Errors are not kept.
fn memo(
    kind: Kind,
    config: &Value,
    input: &str,
    compute: fn(&Value, &str) -> Result<String>,
) -> Result<String> {
    thread_local! {
        static MADE: std::cell::RefCell<Made> = std::cell::RefCell::default();
    }
    // What `compute` reads of the configuration, as it reads it.
    let setting = |key: &str| match config.get(key) {
        None | Some(Value::Nil) => String::new(),
        Some(v) => v.to_ruby_s(),
    };
    let (baseurl, url) = (setting("baseurl"), setting("url"));
    let known = MADE.with_borrow_mut(|m| {
        if m.baseurl != baseurl || m.url != url {
            *m = Made {
                baseurl,
                url,
                ..Made::default()
            };
        }
        let map = match kind {
            Kind::Relative => &m.relative,
            Kind::Absolute => &m.absolute,
        };
        map.get(input).map(|s| s.to_string())
    });
    if let Some(s) = known {
        return Ok(s);
    }
    let made = compute(config, input)?;
    MADE.with_borrow_mut(|m| {
        let map = match kind {
            Kind::Relative => &mut m.relative,
            Kind::Absolute => &mut m.absolute,
        };
        if map.len() >= MEMO_LIMIT {
            map.clear();
        }
        map.insert(input.into(), made.as_str().into());
    });
    Ok(made)
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

#[cfg(test)]
mod tests {
    use super::{compute_absolute_url, compute_relative_url};
    use crate::value::{Hash, Value};

    fn config(baseurl: &str, url: &str) -> Value {
        let mut h = Hash::default();
        h.insert("baseurl".into(), Value::from(baseurl));
        h.insert("url".into(), Value::from(url));
        Value::from(h)
    }

    #[test]
    fn urls_made_before_follow_a_changed_configuration() {
        let a = config("/a", "https://a.example");
        let b = config("/b/", "https://b.example");
        for _ in 0..2 {
            assert_eq!(compute_relative_url(&a, "x/").unwrap(), "/a/x/");
            assert_eq!(compute_relative_url(&b, "x/").unwrap(), "/b/x/");
            assert_eq!(
                compute_absolute_url(&a, "x/").unwrap(),
                "https://a.example/a/x/"
            );
            assert_eq!(
                compute_absolute_url(&b, "x/").unwrap(),
                "https://b.example/b/x/"
            );
        }
        let none = Value::from(Hash::default());
        assert_eq!(compute_absolute_url(&none, "/x/").unwrap(), "/x/");
    }
}
