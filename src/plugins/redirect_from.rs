//! jekyll-redirect-from 0.16: `redirect_from` in a page's or document's front matter makes
//! a redirect page at each old path; `redirect_to` turns the page itself into a redirect;
//! `redirects.json` lists every redirect (unless `redirect_from: {json: false}` or the site
//! has its own `redirects.json`).
//!
//! A redirect page is rendered through the `redirect` layout: the site's (or its theme's)
//! when it has one, else the built-in `templates/redirect.html`.

use super::pages::{config_value, page_without_a_file};
use crate::liquid::filters::jekyll::url::compute_absolute_url;
use crate::site::page::{Layout, Page};
use crate::site::{ReadError, Site};
use crate::value::{Hash, Value};
use std::sync::Arc;

/// The built-in `redirect` layout.
const REDIRECT_LAYOUT: &str = include_str!("templates/redirect.html");

/// A page or document of the site, by position (documents: collection, index).
#[derive(Clone, Copy)]
enum Target {
    Doc(usize, usize),
    Page(usize),
}

/// The redirect a page or document asks for with `redirect_to`, found before the site is
/// changed.
struct RedirectTo {
    target: Target,
    data: Hash,
}

/// Adds the redirect layout, the redirect pages, the `redirect_to` changes and
/// `redirects.json`.
pub fn generate(site: &mut Site) -> Result<(), ReadError> {
    if !site.layouts.contains_key("redirect") {
        let layout = Layout {
            name: "redirect".into(),
            path: site.config.source.join("_layouts/redirect.html"),
            relative_path: "_layouts/redirect.html".into(),
            data: Hash::default(),
            content: REDIRECT_LAYOUT.to_string(),
        };
        site.layouts.insert("redirect".into(), Arc::new(layout));
    }
    let config = config_value(site);
    // Documents that are written come first (in collection order), then pages, as the
    // gem walks `site.docs_to_write + site.pages`.
    let mut targets = Vec::new();
    let future = site.config.flag("future");
    let now = site.time.dt.timestamp();
    for (ci, c) in site.collections.iter().enumerate() {
        if !c.write() {
            continue;
        }
        for (di, d) in c.docs.iter().enumerate() {
            if future || d.date.dt.timestamp() <= now {
                let shown = d.relative_path.clone();
                targets.push((Target::Doc(ci, di), shown, d.url.clone(), d.data.clone()));
            }
        }
    }
    for (pi, p) in site.pages.iter().enumerate() {
        let shown = p.relative_path();
        targets.push((Target::Page(pi), shown, p.url.clone(), p.data.clone()));
    }

    let mut redirects = serde_json::Map::new();
    let mut new_pages = Vec::new();
    let mut changes = Vec::new();
    for (target, shown, url, data) in targets {
        for from in redirect_from(&data, &shown)? {
            let (page, from, to) = redirect_page(site, &config, &from, &url)?;
            redirects.insert(from, serde_json::Value::String(to));
            new_pages.push(page);
        }
        if let Some(to) = redirect_to(&data, &shown)? {
            let (page, from, to) = redirect_page(site, &config, &url, &to)?;
            redirects.insert(from, serde_json::Value::String(to));
            changes.push(RedirectTo {
                target,
                data: page.data,
            });
        }
    }
    for change in changes {
        apply_redirect_to(site, change)?;
    }
    site.pages.extend(new_pages.into_iter().map(Arc::new));

    let json_off = matches!(
        site.config.get("redirect_from").and_then(|r| r.get("json")),
        Some(Value::Bool(false))
    );
    if !json_off && !site.config.source.join("redirects.json").exists() {
        let content = serde_json::Value::Object(redirects).to_string();
        let mut data = Hash::default();
        data.insert("layout".into(), Value::Nil);
        let page = page_without_a_file(site, "redirects.json", data, content)?;
        site.pages.push(Arc::new(page));
    }
    Ok(())
}

/// `redirect_from`: a list (nils dropped) or one path. Paths must be strings: the gem fails
/// on anything else (Ruby's `NoMethodError`), and so does hyde, saying where.
fn redirect_from(data: &Hash, shown: &str) -> Result<Vec<String>, ReadError> {
    let values = match data.get("redirect_from") {
        Some(Value::Array(a)) => a.iter().filter(|v| !v.is_nil()).cloned().collect(),
        Some(v) if !v.is_nil() => vec![v.clone()],
        _ => Vec::new(),
    };
    values
        .iter()
        .map(|v| path_string(v, "redirect_from", shown))
        .collect()
}

/// `redirect_to`: the first non-nil entry of a list, or the value; nothing when nil or false.
fn redirect_to(data: &Hash, shown: &str) -> Result<Option<String>, ReadError> {
    let v = match data.get("redirect_to") {
        Some(Value::Array(a)) => a.iter().find(|v| !v.is_nil()).cloned(),
        v => v.cloned(),
    };
    match v {
        Some(v) if v.truthy() => path_string(&v, "redirect_to", shown).map(Some),
        _ => Ok(None),
    }
}

fn path_string(v: &Value, key: &str, shown: &str) -> Result<String, ReadError> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        other => Err(ReadError::msg(format!(
            "{key} in {shown}: {} is not a path; jekyll-redirect-from takes strings",
            other.inspect()
        ))),
    }
}

/// A redirect page from `from` (made to start with `/`) to `to` (made absolute unless it is
/// already an http(s) URL), with the path and target as written to `redirects.json`.
fn redirect_page(
    site: &Site,
    config: &Value,
    from: &str,
    to: &str,
) -> Result<(Page, String, String), ReadError> {
    let from = if from.is_empty() || from.starts_with('/') {
        from.to_string()
    } else {
        format!("/{from}")
    };
    let to = if to.starts_with("http://") || to.starts_with("https://") {
        to.to_string()
    } else {
        compute_absolute_url(config, to)
            .map_err(|e| ReadError::msg(format!("redirect to {to}: {}", e.message)))?
    };
    let mut redirect = Hash::default();
    redirect.insert("from".into(), Value::from(from.clone()));
    redirect.insert("to".into(), Value::from(to.clone()));
    let mut data = Hash::default();
    data.insert("sitemap".into(), Value::Bool(false));
    data.insert("layout".into(), Value::str("redirect"));
    data.insert("permalink".into(), Value::from(from.clone()));
    data.insert("redirect".into(), Value::from(redirect));
    let page = page_without_a_file(site, "redirect.html", data, String::new())?;
    Ok((page, from, to))
}

/// `redirect_to`: the page or document takes the redirect page's front matter and loses its
/// content, so it renders as the redirect layout alone. It is changed in place, which needs
/// this plugin to run before any that keep references to pages or documents.
fn apply_redirect_to(site: &mut Site, change: RedirectTo) -> Result<(), ReadError> {
    let shared = || ReadError::msg("jekyll-redirect-from: a page or document is shared already");
    // The redirect page's own keys, in the order the gem merges them.
    let keys = ["sitemap", "layout", "permalink", "redirect"];
    let merge = |data: &mut Hash| {
        for k in keys {
            if let Some(v) = change.data.get(k) {
                data.insert(k.to_string(), v.clone());
            }
        }
    };
    match change.target {
        Target::Doc(ci, di) => {
            let d = site.collections[ci]
                .docs
                .get_mut(di)
                .and_then(Arc::get_mut)
                .ok_or_else(shared)?;
            merge(&mut d.data);
            d.content.clear();
        }
        Target::Page(pi) => {
            let p = site
                .pages
                .get_mut(pi)
                .and_then(Arc::get_mut)
                .ok_or_else(shared)?;
            merge(&mut p.data);
            p.content.clear();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(yaml: &str) -> Hash {
        match crate::yaml::load(yaml).unwrap() {
            Value::Hash(h) => (*h).clone(),
            _ => Hash::default(),
        }
    }

    #[test]
    fn redirect_from_takes_a_path_or_a_list_without_nils() {
        assert_eq!(
            redirect_from(&data("redirect_from: /a/"), "x").unwrap(),
            ["/a/"]
        );
        assert_eq!(
            redirect_from(&data("redirect_from: [/a/, null, b]"), "x").unwrap(),
            ["/a/", "b"]
        );
        assert!(redirect_from(&data("title: t"), "x").unwrap().is_empty());
        assert!(redirect_from(&data("redirect_from: 12"), "x").is_err());
    }

    #[test]
    fn redirect_to_takes_the_first_entry_and_ignores_false() {
        assert_eq!(
            redirect_to(&data("redirect_to: [null, /b/, /c/]"), "x").unwrap(),
            Some("/b/".into())
        );
        assert_eq!(redirect_to(&data("redirect_to: false"), "x").unwrap(), None);
        assert_eq!(redirect_to(&data("title: t"), "x").unwrap(), None);
    }
}
