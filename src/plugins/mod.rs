//! The Jekyll plugins hyde ships, enabled as Jekyll enables gem plugins: listed in
//! `plugins:`, and in safe mode only when also in `whitelist:`.
//!
//! A plugin adds pages before rendering (a [`Generator`], like jekyll-feed's `feed.xml`) or
//! Liquid tags and filters (like jekyll-seo-tag's `{% seo %}`), or both. Each plugin lives in
//! a file of its own here and is registered in [`PLUGINS`].

mod feed;
mod include_cache;
pub mod pages;
mod redirect_from;
mod sitemap;

use crate::config::Config;
use crate::liquid::Engine;
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

/// The plugins hyde ships. Generators run in this order: jekyll-redirect-from (the gem's
/// normal priority; it also changes `redirect_to` pages and documents in place, so it comes
/// before any generator that keeps references to them), then the `:lowest` ones (feed,
/// sitemap).
pub const PLUGINS: &[Plugin] = &[
    Plugin {
        name: "jekyll-redirect-from",
        generate: Some(redirect_from::generate),
        liquid: None,
    },
    Plugin {
        name: "jekyll-feed",
        generate: Some(feed::generate),
        liquid: Some(feed::register),
    },
    Plugin {
        name: "jekyll-sitemap",
        generate: Some(sitemap::generate),
        liquid: None,
    },
    Plugin {
        name: "jekyll-include-cache",
        generate: None,
        liquid: Some(include_cache::register),
    },
];

/// The names of the plugins the site enables (`plugins`; in safe mode only those also in
/// `whitelist`), in the order given. Jekyll 4 no longer reads the older `gems:` key (Jekyll
/// 3 did): a site that lists its plugins there builds without them
/// (tests/scenarios/plugins_redirect_from/gems-key-is-ignored).
pub fn enabled(config: &Config) -> Vec<String> {
    let mut names = config.strings("plugins");
    if config.flag("safe") {
        let whitelist = config.strings("whitelist");
        names.retain(|n| whitelist.contains(n));
    }
    names
}

fn active(config: &Config) -> impl Iterator<Item = &'static Plugin> {
    let names = enabled(config);
    PLUGINS
        .iter()
        .filter(move |p| names.iter().any(|n| n == p.name))
}

/// Runs the enabled plugins' generators on the site.
pub fn generate(site: &mut Site) -> Result<(), ReadError> {
    let plugins: Vec<&Plugin> = active(&site.config).collect();
    for p in plugins {
        if let Some(g) = p.generate {
            g(site)?;
        }
    }
    Ok(())
}

/// Registers the enabled plugins' tags and filters.
pub fn register_liquid(engine: &mut Engine, config: &Config) {
    for p in active(config) {
        if let Some(l) = p.liquid {
            l(engine, config);
        }
    }
}

/// A plugin's own settings (`feed:`, `sitemap:` ...) as a hash value, or nil.
pub fn settings(config: &Config, key: &str) -> Value {
    config.get(key).cloned().unwrap_or_default()
}
