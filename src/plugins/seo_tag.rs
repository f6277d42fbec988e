//! jekyll-seo-tag 2.8.0: `{% seo %}` prints the page's title, description, canonical URL,
//! Open Graph and Twitter tags and a JSON-LD block.
//!
//! What the gem computes in its drops (titles, author, image, JSON-LD) is computed here into
//! a plain hash `seo`; `templates/seo.html` lays it out as the gem's minified template does.
//! Text values go through the gem's chain `markdownify | strip_html | normalize_whitespace |
//! escape_once`, using the site's own filters, so they match byte for byte.

use crate::config::Config;
use crate::liquid::error::{Error, Result};
use crate::liquid::parser::{Parser, Tag};
use crate::liquid::site::{SITE_REGISTER, SiteRegister};
use crate::liquid::{Context, Engine, Template};
use crate::value::{Hash, Value};
use std::sync::{Arc, OnceLock};

/// The gem's version, printed in the opening comment.
const VERSION: &str = "2.8.0";

/// Registers `{% seo %}`.
pub fn register(engine: &mut Engine, _config: &Config) {
    engine.register_tag("seo", parse_seo);
}

#[derive(Debug)]
struct SeoTag {
    /// `title=false` anywhere in the markup drops the `<title>` element.
    show_title: bool,
}

fn parse_seo(_name: &str, markup: &str, _p: &mut Parser) -> Result<Box<dyn Tag>> {
    Ok(Box::new(SeoTag {
        show_title: !markup.to_ascii_lowercase().contains("title=false"),
    }))
}

/// The layout, parsed once: it uses only Liquid's and Jekyll's own tags and filters.
fn template() -> Result<&'static Template> {
    static TEMPLATE: OnceLock<std::result::Result<Template, Error>> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| Engine::jekyll().parse(include_str!("templates/seo.html"), "seo.html"))
        .as_ref()
        .map_err(Clone::clone)
}

impl Tag for SeoTag {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        let page = ctx
            .register::<Value>("page")
            .map(|p| (*p).clone())
            .unwrap_or_default();
        let site = ctx.get("site");
        let paginator = ctx.get("paginator");
        let seo = Seo {
            ctx: &mut *ctx,
            site: site.clone(),
            page: page.clone(),
            paginator: paginator.clone(),
        }
        .compute(self.show_title)?;
        // The gem renders its template with the site payload, not the caller's scopes.
        let mut payload = Hash::default();
        payload.insert("site".into(), site);
        payload.insert("page".into(), page.clone());
        payload.insert("paginator".into(), paginator);
        payload.insert("jekyll".into(), ctx.get("jekyll"));
        payload.insert("seo".into(), Value::from(seo));
        let mut inner = Context::new(ctx.engine(), Value::from(payload));
        if let Some(site) = ctx.register::<SiteRegister>(SITE_REGISTER) {
            inner.set_register(SITE_REGISTER, site);
        }
        inner.set_register("page", Arc::new(page));
        template()?.render_into(&mut inner, out)
    }
}

/// Looks `key` up in a hash or drop; nil for anything else.
fn get(v: &Value, key: &str) -> Value {
    match v {
        Value::Hash(_) | Value::Drop(_) => v.get(key).unwrap_or_default(),
        _ => Value::Nil,
    }
}

/// Ruby's `a || b`.
fn or(a: Value, b: impl FnOnce() -> Value) -> Value {
    if a.truthy() { a } else { b() }
}

fn opt(v: Option<String>) -> Value {
    v.map(Value::from).unwrap_or_default()
}

/// Addressable's `absolute?` for the gem's `absolute_url?`: `Some(true)` when the string has
/// a valid scheme, `Some(false)` when it has none, `None` when Addressable would reject it.
fn absolute_url(s: &str) -> Option<bool> {
    let Some(colon) = s.find(':') else {
        return Some(false);
    };
    let scheme = &s[..colon];
    if scheme.is_empty() || scheme.contains(['/', '?', '#']) {
        return Some(false);
    }
    let valid = scheme.as_bytes()[0].is_ascii_alphabetic()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    valid.then_some(true)
}

/// The page's `seo` (or the site's `social`) hash, or an empty one.
fn sub_hash(v: &Value, key: &str) -> Value {
    match get(v, key) {
        h @ Value::Hash(_) => h,
        _ => Value::from(Hash::default()),
    }
}

/// `^/(about/)?(index.html?)?$`: the home page or the about page.
fn homepage_or_about(url: &Value) -> bool {
    let Some(url) = url.as_str() else {
        return false;
    };
    let Some(rest) = url.strip_prefix('/') else {
        return false;
    };
    let rest = rest.strip_prefix("about/").unwrap_or(rest);
    matches!(rest, "" | "index.htm" | "index.html")
}

/// What the gem's `Drop` computes for one render.
struct Seo<'c, 'e> {
    ctx: &'c mut Context<'e>,
    site: Value,
    page: Value,
    paginator: Value,
}

impl Seo<'_, '_> {
    /// Runs one of the site's filters, as the gem's `Filters` object does.
    fn filter(&mut self, name: &str, input: Value, args: &[Value]) -> Result<Value> {
        let f = self
            .ctx
            .engine()
            .filter(name)
            .ok_or_else(|| Error::render(format!("jekyll-seo-tag needs the {name} filter")))?;
        (f.func)(self.ctx, input, args)
    }

    /// The gem's `format_string`: Markdown to HTML, tags stripped, whitespace collapsed,
    /// HTML escaped once; nil when nothing is left.
    fn format_string(&mut self, v: Value) -> Result<Option<String>> {
        let mut s = Value::from(v.to_ruby_s());
        for f in [
            "markdownify",
            "strip_html",
            "normalize_whitespace",
            "escape_once",
        ] {
            s = self.filter(f, s, &[])?;
        }
        let s = s.to_ruby_s();
        Ok((!s.is_empty()).then_some(s))
    }

    fn absolute(&mut self, v: Value) -> Result<Value> {
        self.filter("absolute_url", v, &[])
    }

    /// The author as a hash (`page.author`, the first of `page.authors`, `site.author`; a
    /// name is completed from `site.data.authors`).
    fn author_hash(&self) -> Hash {
        let mut sources = vec![get(&self.page, "author")];
        if let Value::Array(a) = get(&self.page, "authors") {
            sources.push(a.first().cloned().unwrap_or_default());
        }
        sources.push(get(&self.site, "author"));
        let resolved = sources
            .into_iter()
            .find(|s| !s.is_nil() && !s.to_ruby_s().is_empty());
        match resolved {
            Some(Value::Hash(h)) => (*h).clone(),
            Some(Value::Str(name)) => {
                let mut h = Hash::default();
                h.insert("name".into(), Value::Str(name.clone()));
                let data = get(&get(&self.site, "data"), "authors");
                if let (Value::Hash(_), Value::Hash(extra)) = (&data, get(&data, &name)) {
                    for (k, v) in extra.iter() {
                        h.insert(k.clone(), v.clone());
                    }
                }
                h
            }
            _ => Hash::default(),
        }
    }

    /// The image hash (`path` first) and its escaped absolute URL.
    fn image(&mut self) -> Result<Option<Hash>> {
        let mut hash = Hash::default();
        hash.insert("path".into(), Value::Nil);
        match get(&self.page, "image") {
            Value::Hash(h) => {
                for (k, v) in h.iter() {
                    hash.insert(k.clone(), v.clone());
                }
            }
            s @ Value::Str(_) => {
                hash.insert("path".into(), s);
            }
            _ => {}
        }
        let Some(raw) = ["path", "facebook", "twitter"]
            .iter()
            .filter_map(|k| hash.get(*k))
            .find(|v| v.truthy())
            .cloned()
        else {
            return Ok(None);
        };
        let url = match raw.as_str().map(absolute_url) {
            Some(Some(false)) => self.absolute(raw)?,
            _ => raw,
        };
        if !url.truthy() {
            return Ok(None);
        }
        let path = self.filter("uri_escape", url, &[])?;
        hash.insert("path".into(), path);
        Ok(Some(hash))
    }

    fn compute(mut self, show_title: bool) -> Result<Hash> {
        let site = self.site.clone();
        let page = self.page.clone();
        let site_title = self.format_string(or(get(&site, "title"), || get(&site, "name")))?;
        let site_tagline = self.format_string(get(&site, "tagline"))?;
        let site_description = self.format_string(get(&site, "description"))?;
        let page_title = self
            .format_string(get(&page, "title"))?
            .or_else(|| site_title.clone());
        let mut title = match (&site_title, &page_title) {
            (Some(st), Some(pt)) if pt != st => Some(format!("{pt} | {st}")),
            (Some(st), _) if site_description.is_some() => Some(format!(
                "{st} | {}",
                site_tagline.clone().or(site_description.clone()).unwrap()
            )),
            _ => page_title.clone().or(site_title.clone()),
        };
        if let (Some(t), Some(prefix)) = (&title, self.page_number()) {
            title = Some(format!("{prefix}{t}"));
        }

        let description = self
            .format_string(or(get(&page, "description"), || get(&page, "excerpt")))?
            .or(site_description);
        let author = self.author_hash();
        let author_name = author.get("name").cloned().unwrap_or_default();
        let twitter = or(author.get("twitter").cloned().unwrap_or_default(), || {
            author_name.clone()
        });
        let twitter = match twitter.as_str() {
            Some(t) => Value::from(t.strip_prefix('@').unwrap_or(t)),
            None => Value::Nil,
        };
        let image = self.image()?;

        let lang = or(get(&page, "lang"), || {
            or(get(&site, "lang"), || Value::str("en_US"))
        });
        let locale = or(get(&page, "locale"), || or(get(&site, "locale"), || lang))
            .to_ruby_s()
            .replace('-', "_");

        let canonical_url = match get(&page, "canonical_url") {
            c if !c.is_nil() && !c.to_ruby_s().is_empty() => c,
            _ => {
                let url = self.absolute(get(&page, "url"))?.to_ruby_s();
                Value::from(match url.strip_suffix("/index.html") {
                    Some(base) => format!("{base}/"),
                    None => url,
                })
            }
        };

        let mut seo = Hash::default();
        seo.insert("version".into(), Value::str(VERSION));
        seo.insert("title".into(), opt(title.filter(|_| show_title)));
        seo.insert("page_title".into(), opt(page_title.clone()));
        seo.insert("site_title".into(), opt(site_title.clone()));
        let mut author_drop = Hash::default();
        author_drop.insert("name".into(), author_name.clone());
        author_drop.insert("twitter".into(), twitter);
        seo.insert("author".into(), Value::from(author_drop));
        seo.insert("locale".into(), Value::from(locale));
        seo.insert("description".into(), opt(description.clone()));
        seo.insert("canonical_url".into(), canonical_url.clone());
        seo.insert(
            "image".into(),
            image.clone().map(Value::from).unwrap_or_default(),
        );
        let json = JsonLd {
            site_title,
            page_title,
            description,
            canonical_url,
            author,
            image,
        }
        .build(&mut self)?;
        let json = self.filter("jsonify", Value::from(json), &[])?;
        seo.insert("json_ld".into(), json);
        Ok(seo)
    }

    /// `Page N of M for ` (or `seo_paginator_message`) past the first paginated page.
    fn page_number(&self) -> Option<String> {
        let current = get(&self.paginator, "page");
        let total = get(&self.paginator, "total_pages");
        let later = match current {
            Value::Int(n) => n > 1,
            Value::Float(f) => f > 1.0,
            _ => false,
        };
        if !later {
            return None;
        }
        let message = or(get(&self.site, "seo_paginator_message"), || {
            Value::str("Page %<current>s of %<total>s for ")
        })
        .to_ruby_s();
        Some(
            message
                .replace("%<current>s", &current.to_ruby_s())
                .replace("%<total>s", &total.to_ruby_s())
                .replace("%%", "%"),
        )
    }
}

/// The gem's `JSONLDDrop`: its keys sorted, nil values left out.
struct JsonLd {
    site_title: Option<String>,
    page_title: Option<String>,
    description: Option<String>,
    canonical_url: Value,
    author: Hash,
    image: Option<Hash>,
}

impl JsonLd {
    fn build(self, seo: &mut Seo) -> Result<Hash> {
        let site = seo.site.clone();
        let page = seo.page.clone();
        let page_seo = sub_hash(&page, "seo");
        let social = sub_hash(&site, "social");
        let home = homepage_or_about(&get(&page, "url"));
        let date = get(&page, "date");

        let kind = {
            let t = get(&page_seo, "type");
            if t.truthy() {
                t
            } else if home {
                Value::str("WebSite")
            } else if date.truthy() {
                Value::str("BlogPosting")
            } else {
                Value::str("WebPage")
            }
        };
        let name = if get(&page_seo, "name").truthy() {
            opt(seo.format_string(get(&page_seo, "name"))?)
        } else if !home {
            Value::Nil
        } else if get(&social, "name").truthy() {
            opt(seo.format_string(get(&social, "name"))?)
        } else {
            opt(self.site_title.clone())
        };
        let links = if get(&page_seo, "links").truthy() {
            get(&page_seo, "links")
        } else if home {
            get(&social, "links")
        } else {
            Value::Nil
        };
        let modified = or(get(&page_seo, "date_modified"), || {
            or(get(&page, "last_modified_at"), || date.clone())
        });
        let modified = if modified.truthy() {
            seo.filter("date_to_xmlschema", modified, &[])?
        } else {
            Value::Nil
        };
        let published = if date.truthy() {
            seo.filter("date_to_xmlschema", date, &[])?
        } else {
            Value::Nil
        };
        let logo = match get(&site, "logo") {
            l if l.truthy() => {
                let absolute = l.as_str().and_then(absolute_url).unwrap_or(false);
                let l = if absolute { l } else { seo.absolute(l)? };
                seo.filter("uri_escape", l, &[])?
            }
            _ => Value::Nil,
        };

        let author_name = self.author.get("name").cloned().unwrap_or_default();
        let author = if author_name.truthy() {
            let kind = self.author.get("type").cloned().unwrap_or_default();
            let valid =
                !kind.truthy() || matches!(kind.as_str(), Some("Organization") | Some("Person"));
            if valid {
                let mut h = Hash::default();
                h.insert("@type".into(), or(kind, || Value::str("Person")));
                h.insert("name".into(), author_name.clone());
                if let Some(url) = self.author.get("url").filter(|u| u.truthy()) {
                    h.insert("url".into(), url.clone());
                }
                Value::from(h)
            } else {
                Value::Nil
            }
        } else {
            Value::Nil
        };
        let image = match self.image {
            None => Value::Nil,
            Some(h) if h.len() == 1 => h["path"].clone(),
            Some(mut h) => {
                let path = h.shift_remove("path").unwrap_or_default();
                h.insert("url".into(), path);
                h.insert("@type".into(), Value::str("imageObject"));
                Value::from(h)
            }
        };
        let publisher = if logo.truthy() {
            let mut inner = Hash::default();
            inner.insert("@type".into(), Value::str("ImageObject"));
            inner.insert("url".into(), logo);
            let mut h = Hash::default();
            h.insert("@type".into(), Value::str("Organization"));
            h.insert("logo".into(), Value::from(inner));
            if author_name.truthy() {
                h.insert("name".into(), author_name);
            }
            Value::from(h)
        } else {
            Value::Nil
        };
        let main_entity = if matches!(kind.as_str(), Some("BlogPosting") | Some("CreativeWork")) {
            let mut h = Hash::default();
            h.insert("@type".into(), Value::str("WebPage"));
            h.insert("@id".into(), self.canonical_url.clone());
            Value::from(h)
        } else {
            Value::Nil
        };

        // Already in the sorted order the gem's `to_json` gives its keys.
        let entries = [
            ("@context", Value::str("https://schema.org")),
            ("@type", kind),
            ("author", author),
            ("dateModified", modified),
            ("datePublished", published),
            ("description", opt(self.description)),
            ("headline", opt(self.page_title)),
            ("image", image),
            ("mainEntityOfPage", main_entity),
            ("name", name),
            ("publisher", publisher),
            ("sameAs", links),
            ("url", self.canonical_url),
        ];
        Ok(entries
            .into_iter()
            .filter(|(_, v)| !v.is_nil())
            .map(|(k, v)| (k.to_string(), v))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_and_about_urls() {
        for url in [
            "/",
            "/index.html",
            "/index.htm",
            "/about/",
            "/about/index.html",
        ] {
            assert!(homepage_or_about(&Value::str(url)), "{url}");
        }
        for url in ["/about.html", "/blog/", "", "/about"] {
            assert!(!homepage_or_about(&Value::str(url)), "{url}");
        }
    }

    #[test]
    fn absolute_urls_as_addressable_sees_them() {
        assert_eq!(absolute_url("https://x.org/a.png"), Some(true));
        assert_eq!(absolute_url("/a.png"), Some(false));
        assert_eq!(absolute_url("a/b:c"), Some(false));
        assert_eq!(absolute_url("a b:c"), None);
    }

    #[test]
    fn the_template_parses() {
        assert!(template().is_ok());
    }
}
