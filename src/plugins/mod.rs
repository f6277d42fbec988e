//! The Jekyll plugins hyde ships, enabled as Jekyll enables gem plugins: listed in
//! `plugins:` (or the older `gems:`), and in safe mode only when also in `whitelist:`.
//!
//! A plugin adds pages before rendering (a [`Generator`], like jekyll-feed's `feed.xml`) or
//! Liquid tags and filters (like jekyll-seo-tag's `{% seo %}`), or both. Each plugin lives in
//! a file of its own here and is registered in [`PLUGINS`].

mod default_layout;
mod optional_front_matter;
mod paginate;
mod readme_index;
mod relative_links;
mod titles_from_headings;
mod unshipped;

use crate::config::Config;
use crate::liquid::Engine;
use crate::site::document::Document;
use crate::site::page::Page;
use crate::site::{ReadError, Site};
use crate::value::Value;

/// A plugin that changes the site after it is read (adds pages or files).
pub type GenerateFn = fn(&mut Site) -> Result<(), ReadError>;

/// A plugin that registers Liquid tags or filters.
pub type LiquidFn = fn(&mut Engine, &Config);

/// One shipped plugin: its gem name and what it does.
pub struct Plugin {
    /// The gem's name, as sites list it in `plugins:`.
    pub name: &'static str,
    /// Runs after reading, in the order of [`PLUGINS`].
    pub generate: Option<GenerateFn>,
    /// Registers tags and filters.
    pub liquid: Option<LiquidFn>,
}

/// The plugins hyde ships.
pub const PLUGINS: &[Plugin] = &[
    Plugin {
        name: "jekyll-paginate",
        generate: Some(paginate::generate),
        liquid: None,
    },
    Plugin {
        name: "jekyll-optional-front-matter",
        generate: Some(optional_front_matter::generate),
        liquid: None,
    },
    Plugin {
        name: "jekyll-readme-index",
        generate: Some(readme_index::generate),
        liquid: None,
    },
    Plugin {
        name: "jekyll-titles-from-headings",
        generate: Some(titles_from_headings::generate),
        liquid: None,
    },
    Plugin {
        name: "jekyll-relative-links",
        generate: Some(relative_links::generate),
        liquid: None,
    },
    Plugin {
        name: "jekyll-default-layout",
        generate: Some(default_layout::generate),
        liquid: None,
    },
];

/// The `priority` a gem's generator declares (Jekyll's `:highest` 100 ... `:lowest` -100).
/// Jekyll runs generators by priority, highest first, and in load order among equals; a
/// gem not listed here has the default, `:normal`.
pub fn priority(name: &str) -> i32 {
    match name {
        "jekyll-readme-index" => -10,
        "jekyll-paginate"
        | "jekyll-titles-from-headings"
        | "jekyll-relative-links"
        | "jekyll-default-layout"
        | "jekyll-feed"
        | "jekyll-sitemap" => -100,
        _ => 0,
    }
}

/// The names of the plugins the site loads, in Jekyll's load order: the Gemfile's
/// `jekyll_plugins` group first (Bundler requires it before the site is even read, safe
/// mode or not), then `plugins` (or the older `gems`), in safe mode only those also in
/// `whitelist`.
pub fn enabled(config: &Config) -> Vec<String> {
    let mut names = config.strings("plugins");
    for g in config.strings("gems") {
        if !names.contains(&g) {
            names.push(g);
        }
    }
    if config.flag("safe") {
        let whitelist = config.strings("whitelist");
        names.retain(|n| whitelist.contains(n));
    }
    let mut all = config.gemfile_plugins.clone();
    for n in names {
        if !all.contains(&n) {
            all.push(n);
        }
    }
    all
}

/// The shipped plugins the site enables, in the order Jekyll runs their generators.
fn active(config: &Config) -> Vec<&'static Plugin> {
    let mut plugins: Vec<&'static Plugin> = enabled(config)
        .iter()
        .filter_map(|n| PLUGINS.iter().find(|p| p.name == n))
        .collect();
    // Stable, as the sort Ruby does on glibc: load order stays among equal priorities.
    plugins.sort_by_key(|p| -priority(p.name));
    plugins
}

/// Runs the enabled plugins' generators on the site, in Jekyll's order.
pub fn generate(site: &mut Site) -> Result<(), ReadError> {
    for p in active(&site.config) {
        if let Some(g) = p.generate {
            g(site)?;
        }
    }
    Ok(())
}

/// Registers the enabled plugins' tags and filters; tags of plugins hyde does not ship
/// render as nothing, with a warning naming the plugins and the files using such tags.
pub fn register_liquid(engine: &mut Engine, site: &Site) {
    for p in active(&site.config) {
        if let Some(l) = p.liquid {
            l(engine, &site.config);
        }
    }
    unshipped::register(engine, site);
}

/// A plugin's own settings (`feed:`, `sitemap:` ...) as a hash value, or nil.
pub fn settings(config: &Config, key: &str) -> Value {
    config.get(key).cloned().unwrap_or_default()
}

/// `site.config[key][option]` for a plugin's `key:` hash (nil when either is missing).
pub fn option(config: &Config, key: &str, option: &str) -> Value {
    settings(config, key).get(option).unwrap_or_default()
}

/// Jekyll's `Converters::Markdown#matches`: whether `ext` is one of `markdown_ext`.
pub fn markdown_ext(site: &Site, ext: &str) -> bool {
    site.read_ctx
        .markdown_exts
        .contains(&ext.to_ascii_lowercase())
}

/// A page of the site for a plugin to change: pages are shared only once rendering starts.
pub fn page_mut(site: &mut Site, i: usize) -> Result<&mut Page, ReadError> {
    std::sync::Arc::get_mut(&mut site.pages[i])
        .ok_or_else(|| ReadError::msg("a plugin changed a page while it was shared"))
}

/// A document of the site for a plugin to change (collection `ci`, document `i`).
pub fn doc_mut(site: &mut Site, ci: usize, i: usize) -> Result<&mut Document, ReadError> {
    std::sync::Arc::get_mut(&mut site.collections[ci].docs[i])
        .ok_or_else(|| ReadError::msg("a plugin changed a document while it was shared"))
}

/// `site.docs_to_write` (documents only): the documents of collections that are written,
/// without those dated in the future (unless `future`), as (collection, document) indexes.
pub fn docs_to_write(site: &Site) -> Vec<(usize, usize)> {
    let future = site.config.flag("future");
    let now = site.time.dt.timestamp();
    let mut out = Vec::new();
    for (ci, c) in site.collections.iter().enumerate() {
        if !c.write() {
            continue;
        }
        for (i, d) in c.docs.iter().enumerate() {
            if future || d.date.dt.timestamp() <= now {
                out.push((ci, i));
            }
        }
    }
    out
}
