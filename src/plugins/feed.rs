//! jekyll-feed 0.17: an Atom feed of the posts (`/feed.xml`), with the `feed:` settings
//! `path`, `posts_limit`, `excerpt_only`, `categories` (a feed per category), `collections`
//! (feeds of other collections), `tags` (a feed per tag) and `disable_in_development`; and
//! the `{% feed_meta %}` tag, the `<link>` that announces the feed.

use super::pages::page_without_a_file;
use crate::config::Config;
use crate::liquid::Engine;
use crate::liquid::context::Context;
use crate::liquid::error::Result;
use crate::liquid::filters::jekyll::url::compute_absolute_url;
use crate::liquid::parser::{Parser, Tag};
use crate::liquid::site::require_site;
use crate::site::{ReadError, Site};
use crate::value::{Hash, Value};
use std::sync::Arc;

/// The built-in feed template, before [`minify`].
const FEED: &str = include_str!("templates/feed.xml");

/// A feed to make: which documents it holds and where it goes.
struct Feed {
    path: String,
    collection: String,
    category: Value,
    tag: Value,
}

/// Adds the feeds the settings ask for, except where the site has a file of its own.
pub fn generate(site: &mut Site) -> std::result::Result<(), ReadError> {
    let settings = site.config.get("feed").cloned().unwrap_or_default();
    if disabled(&settings) {
        return Ok(());
    }
    let mut feeds = Vec::new();
    for (name, meta) in collections(&settings) {
        // Category feeds first, then the collection's own, as the gem adds them.
        let categories = list(meta.get("categories"));
        for category in categories.into_iter().chain([Value::Nil]) {
            feeds.push(Feed {
                path: feed_path(&settings, &name, &category),
                collection: name.clone(),
                category,
                tag: Value::Nil,
            });
        }
    }
    if settings.get("tags").is_some_and(|t| t.truthy()) {
        feeds.extend(tag_feeds(site, &settings));
    }
    let xsl = in_source(site, "feed.xslt.xml");
    let template = minify(FEED);
    for feed in feeds {
        if in_source(site, &feed.path) {
            continue;
        }
        let mut data = Hash::default();
        data.insert("layout".into(), Value::Nil);
        data.insert("sitemap".into(), Value::Bool(false));
        data.insert("xsl".into(), Value::Bool(xsl));
        data.insert("collection".into(), Value::from(feed.collection));
        data.insert("category".into(), feed.category);
        data.insert("tags".into(), feed.tag);
        let page = page_without_a_file(site, &feed.path, data, template.clone())?;
        site.pages.push(Arc::new(page));
    }
    Ok(())
}

/// `disable_in_development` while `JEKYLL_ENV` is `development`.
fn disabled(settings: &Value) -> bool {
    settings
        .get("disable_in_development")
        .is_some_and(|d| d.truthy())
        && crate::render::environment() == "development"
}

/// Whether the source has a file at `path` (the gem checks the disk, not the site).
fn in_source(site: &Site, path: &str) -> bool {
    site.config
        .source
        .join(path.trim_start_matches('/'))
        .exists()
}

/// A setting's items: an array's, or nothing.
fn list(v: Option<&Value>) -> Vec<Value> {
    match v {
        Some(Value::Array(a)) => {
            // A set: each category once.
            let mut out: Vec<Value> = Vec::new();
            for x in a.iter() {
                if !out.iter().any(|o| o.ruby_eq(x)) {
                    out.push(x.clone());
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// The collections to make feeds for with their settings: those of `collections` (a list of
/// names or a hash of settings), with `posts` always there and taking the top-level `path`
/// and `categories` when it has none of its own.
fn collections(settings: &Value) -> Vec<(String, Hash)> {
    let mut out: Vec<(String, Hash)> = match settings.get("collections") {
        Some(Value::Array(a)) => a.iter().map(|c| (c.to_ruby_s(), Hash::default())).collect(),
        Some(Value::Hash(h)) => h
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_hash().map(|m| (**m).clone()).unwrap_or_default(),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    if !out.iter().any(|(n, _)| n == "posts") {
        out.push(("posts".into(), Hash::default()));
    }
    if let Some((_, posts)) = out.iter_mut().find(|(n, _)| n == "posts") {
        for key in ["path", "categories"] {
            if !posts.get(key).is_some_and(|v| v.truthy())
                && let Some(v) = settings.get(key).filter(|v| v.truthy())
            {
                posts.insert(key.into(), v.clone());
            }
        }
    }
    out
}

/// `/feed.xml` (or the posts' `path`), `/feed/<collection>.xml` (or its `path`), and
/// `/feed/[<collection>/]<category>.xml` for category feeds.
fn feed_path(settings: &Value, collection: &str, category: &Value) -> String {
    let prefix = if collection == "posts" {
        "/feed".to_string()
    } else {
        format!("/feed/{collection}")
    };
    if !category.is_nil() {
        return format!("{prefix}/{}.xml", category.to_ruby_s());
    }
    collections(settings)
        .into_iter()
        .find(|(n, _)| n == collection)
        .and_then(|(_, meta)| meta.get("path").filter(|p| p.truthy()).cloned())
        .map(|p| p.to_ruby_s())
        .unwrap_or_else(|| format!("{prefix}.xml"))
}

/// A feed per tag of the posts (or per tag of `tags.only`, less `tags.except`), for tags
/// made only of ASCII letters, digits and underscores, under `tags.path`.
fn tag_feeds(site: &Site, settings: &Value) -> Vec<Feed> {
    let mut post_tags: Vec<Value> = Vec::new();
    for d in site.posts().map(|p| p.docs.as_slice()).unwrap_or_default() {
        if let Some(Value::Array(tags)) = d.data.get("tags") {
            for t in tags.iter() {
                if !post_tags.iter().any(|x| x.ruby_eq(t)) {
                    post_tags.push(t.clone());
                }
            }
        }
    }
    if post_tags.is_empty() {
        return Vec::new();
    }
    let tags_settings = settings
        .get("tags")
        .filter(|t| matches!(t, Value::Hash(_)))
        .unwrap_or_default();
    let except = match tags_settings.get("except") {
        Some(Value::Array(a)) => a.to_vec(),
        _ => Vec::new(),
    };
    let only = match tags_settings.get("only") {
        Some(Value::Array(a)) => a.to_vec(),
        _ => post_tags,
    };
    let base = tags_settings
        .get("path")
        .filter(|p| p.truthy())
        .map(|p| p.to_ruby_s())
        .unwrap_or_else(|| "/feed/by_tag/".into());
    let mut feeds = Vec::new();
    for tag in only {
        if except.iter().any(|e| e.ruby_eq(&tag)) {
            continue;
        }
        let name = tag.to_ruby_s();
        if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            continue;
        }
        feeds.push(Feed {
            path: format!("{base}{name}.xml"),
            collection: "posts".into(),
            category: Value::Nil,
            tag,
        });
    }
    feeds
}

/// Drops every run of whitespace that follows a `>` or a `}`, so the template's layout
/// doesn't reach the feed.
fn minify(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut after_close = false;
    for c in template.chars() {
        // Ruby's `\s`: space, tab, newline, vertical tab, form feed, carriage return.
        let space = matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r');
        if space && after_close {
            continue;
        }
        out.push(c);
        after_close = matches!(c, '>' | '}');
    }
    out
}

/// Registers `{% feed_meta %}`.
pub fn register(engine: &mut Engine, _config: &Config) {
    engine.register_tag("feed_meta", parse_feed_meta);
}

fn parse_feed_meta(_: &str, _: &str, _: &mut Parser) -> Result<Box<dyn Tag>> {
    Ok(Box::new(FeedMeta))
}

/// `{% feed_meta %}`.
#[derive(Debug)]
struct FeedMeta;

impl Tag for FeedMeta {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        let site = require_site(ctx, "feed_meta")?;
        let config = site.config();
        let settings = config.get("feed").unwrap_or_default();
        let path = meta_path(&settings);
        let href = compute_absolute_url(config, &path)?;
        let mut attrs = vec![
            ("type", "application/atom+xml".to_string()),
            ("rel", "alternate".to_string()),
            ("href", href),
        ];
        // Ruby's `||`: an empty title still counts.
        if let Some(t) = ["title", "name"].iter().find_map(|k| {
            config
                .get(k)
                .filter(|v| !matches!(v, Value::Nil | Value::Bool(false)))
        }) {
            attrs.push(("title", t.to_ruby_s()));
        }
        out.push_str("<link");
        for (k, v) in attrs {
            out.push_str(&format!(" {k}={}", xml_attr(&v)));
        }
        out.push_str(" />");
        Ok(())
    }
}

/// The feed's path as the tag sees it: `feed.path`, else (the generator having copied it
/// there, as the gem's does when it runs) the posts collection's `path`, else `feed.xml`.
fn meta_path(settings: &Value) -> String {
    if let Some(p) = settings.get("path").filter(|p| p.truthy()) {
        return p.to_ruby_s();
    }
    if !disabled(settings)
        && let Some(Value::Hash(c)) = settings.get("collections")
        && let Some(p) = c
            .get("posts")
            .and_then(|p| p.get("path"))
            .filter(|p| p.truthy())
    {
        return p.to_ruby_s();
    }
    "feed.xml".into()
}

/// Ruby's `encode(xml: :attr)`: in double quotes, with `&`, `<`, `>`, `"` and `'` escaped.
fn xml_attr(s: &str) -> String {
    format!("\"{}\"", crate::liquid::filters::jekyll::xml_escape(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(s: &str) -> Value {
        crate::yaml::load(s).unwrap()
    }

    #[test]
    fn minify_drops_whitespace_after_tags_and_braces_only() {
        assert_eq!(
            minify("<a>\n  {% if x %}\n  y {{ z }}  w\n</a>\n"),
            "<a>{% if x %}y {{ z }}w\n</a>"
        );
    }

    #[test]
    fn feed_paths_follow_the_settings() {
        let none = Value::Nil;
        assert_eq!(feed_path(&none, "posts", &Value::Nil), "/feed.xml");
        assert_eq!(
            feed_path(&none, "posts", &Value::str("news")),
            "/feed/news.xml"
        );
        assert_eq!(feed_path(&none, "docs", &Value::Nil), "/feed/docs.xml");
        assert_eq!(
            feed_path(&none, "docs", &Value::str("x")),
            "/feed/docs/x.xml"
        );
        let s = yaml("path: /atom.xml\ncollections:\n  docs:\n    path: /d.xml\n");
        assert_eq!(feed_path(&s, "posts", &Value::Nil), "/atom.xml");
        assert_eq!(feed_path(&s, "docs", &Value::Nil), "/d.xml");
    }

    #[test]
    fn posts_feed_is_always_made_and_takes_top_level_settings() {
        let s = yaml("categories: [a, a, b]\ncollections: [docs]\n");
        let cs = collections(&s);
        assert_eq!(cs.len(), 2);
        assert_eq!(cs[0].0, "docs");
        assert_eq!(cs[1].0, "posts");
        assert_eq!(list(cs[1].1.get("categories")).len(), 2);
    }

    #[test]
    fn meta_path_prefers_feed_path_then_the_posts_path() {
        assert_eq!(meta_path(&Value::Nil), "feed.xml");
        assert_eq!(meta_path(&yaml("path: /a.xml")), "/a.xml");
        assert_eq!(
            meta_path(&yaml("collections:\n  posts:\n    path: /p.xml\n")),
            "/p.xml"
        );
    }

    #[test]
    fn attributes_are_quoted_and_escaped_as_ruby_does() {
        assert_eq!(
            xml_attr(r#"a&b<c>"d'"#),
            r#""a&amp;b&lt;c&gt;&quot;d&apos;""#
        );
    }
}
