//! The Jekyll plugins hyde ships, enabled as Jekyll enables gem plugins: listed in
//! `plugins:`, and in safe mode only when also in `whitelist:`.
//!
//! A plugin adds pages before rendering (a [`GenerateFn`], like jekyll-feed's `feed.xml`),
//! Liquid tags and filters (like jekyll-seo-tag's `{% seo %}`), or rewrites the output of
//! pages and documents after their layouts (a [`PostRenderFn`], Jekyll's `:post_render` hook,
//! like jemoji). Each plugin lives in a file of its own here and is registered in [`PLUGINS`].

mod avatar;
mod gist;
mod github_metadata;
pub mod html_pipeline;
mod jemoji;
mod mentions;
mod seo_tag;

mod feed;
mod include_cache;
pub mod pages;
mod redirect_from;
mod sitemap;

use crate::config::Config;
use crate::liquid::Engine;
use crate::site::{ReadError, Site};
use crate::value::{Hash, Value};

/// A plugin that changes the site after it is read (adds pages or files).
pub type GenerateFn = fn(&mut Site) -> Result<(), ReadError>;

/// A plugin that registers Liquid tags or filters.
pub type LiquidFn = fn(&mut Engine, &Config);

/// A page or document after its layouts, as Jekyll's `:post_render` hooks see it.
pub struct RenderedItem<'a> {
    /// The output so far (after earlier hooks).
    pub output: &'a str,
    /// `.html` for HTML output.
    pub output_ext: &'a str,
    /// A page (Jekyll's `Page`) rather than a collection document.
    pub is_page: bool,
    /// `Document#write?`: the document's collection is written and the document published
    /// (always true for pages).
    pub write: bool,
    /// The front matter, with defaults applied.
    pub data: &'a Hash,
}

/// A `:post_render` hook: the new output, or `None` to leave it as it is.
pub type PostRenderFn = fn(&RenderedItem, &Config) -> Option<String>;

/// One shipped plugin: its gem name and what it does.
pub struct Plugin {
    /// The gem's name, as sites list it in `plugins:`.
    pub name: &'static str,
    /// Runs after reading, in the order of [`PLUGINS`].
    pub generate: Option<GenerateFn>,
    /// Registers tags and filters.
    pub liquid: Option<LiquidFn>,
    /// Rewrites each page's and document's output after its layouts.
    pub post_render: Option<PostRenderFn>,
}

/// The plugins hyde ships; [`generate`] orders their generators as Jekyll does.
pub const PLUGINS: &[Plugin] = &[
    // Fills `site.github` before any generator reads the site.
    Plugin {
        name: "jekyll-github-metadata",
        generate: Some(github_metadata::generate),
        liquid: Some(github_metadata::register),
        post_render: None,
    },
    Plugin {
        name: "jekyll-redirect-from",
        generate: Some(redirect_from::generate),
        liquid: None,
        post_render: None,
    },
    Plugin {
        name: "jekyll-feed",
        generate: Some(feed::generate),
        liquid: Some(feed::register),
        post_render: None,
    },
    Plugin {
        name: "jekyll-sitemap",
        generate: Some(sitemap::generate),
        liquid: None,
        post_render: None,
    },
    Plugin {
        name: "jekyll-include-cache",
        generate: None,
        liquid: Some(include_cache::register),
        post_render: None,
    },
    Plugin {
        name: "jekyll-seo-tag",
        generate: None,
        liquid: Some(seo_tag::register),
        post_render: None,
    },
    Plugin {
        name: "jekyll-gist",
        generate: None,
        liquid: Some(gist::register),
        post_render: None,
    },
    Plugin {
        name: "jekyll-mentions",
        generate: None,
        liquid: None,
        post_render: Some(mentions::post_render),
    },
    Plugin {
        name: "jemoji",
        generate: None,
        liquid: None,
        post_render: Some(jemoji::post_render),
    },
    Plugin {
        name: "jekyll-avatar",
        generate: None,
        liquid: Some(avatar::register),
        post_render: None,
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

/// A generator's `priority` in its gem (Jekyll's scale: highest 100, high 10, normal 0,
/// low -10, lowest -100); a gem that declares none is `:normal`.
fn generator_priority(name: &str) -> i32 {
    match name {
        // Not a generator in the gem (a site hook that runs before any generator).
        "jekyll-github-metadata" => 1000,
        "jekyll-readme-index" => -10,
        "jekyll-feed"
        | "jekyll-sitemap"
        | "jekyll-paginate"
        | "jekyll-titles-from-headings"
        | "jekyll-relative-links"
        | "jekyll-default-layout" => -100,
        _ => 0,
    }
}

/// Runs the enabled plugins' generators on the site: by priority, and among equals in the
/// order the site lists the plugins (the order Ruby loads the gems, so the order
/// `Jekyll::Generator` learns of them); measured with Jekyll 4.3.1 through the order of
/// `site.pages` (tests/scenarios/plugins_all/generator-order).
pub fn generate(site: &mut Site) -> Result<(), ReadError> {
    let names = enabled(&site.config);
    let mut plugins: Vec<&Plugin> = active(&site.config).collect();
    let listed = |p: &Plugin| names.iter().position(|n| n == p.name).unwrap_or(usize::MAX);
    plugins.sort_by_key(|p| (-generator_priority(p.name), listed(p)));
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

/// Runs the enabled plugins' `:post_render` hooks on one page or document, in the order the
/// site lists the plugins (the order Jekyll requires the gems, so registers their hooks).
/// Returns the new output, or `None` when no hook changed it.
pub fn post_render(config: &Config, item: &RenderedItem) -> Option<String> {
    let mut changed: Option<String> = None;
    for name in enabled(config) {
        let Some(hook) = PLUGINS
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.post_render)
        else {
            continue;
        };
        let current = RenderedItem {
            output: changed.as_deref().unwrap_or(item.output),
            ..*item
        };
        if let Some(out) = hook(&current, config) {
            changed = Some(out);
        }
    }
    changed
}

/// A plugin's own settings (`feed:`, `sitemap:` ...) as a hash value, or nil.
pub fn settings(config: &Config, key: &str) -> Value {
    config.get(key).cloned().unwrap_or_default()
}
