//! The Jekyll plugins hyde ships, enabled as Jekyll enables gem plugins: listed in
//! `plugins:`, and in safe mode only when also in `whitelist:`.
//!
//! A plugin adds pages before rendering (a [`GenerateFn`], like jekyll-feed's `feed.xml`),
//! Liquid tags and filters (like jekyll-seo-tag's `{% seo %}`), or rewrites the output of
//! pages and documents after their layouts (a [`PostRenderFn`], Jekyll's `:post_render` hook,
//! like jemoji). Each plugin lives in a file of its own here and is registered in [`PLUGINS`].

mod avatar;
mod default_layout;
mod gist;
mod github_metadata;
pub mod html_pipeline;
mod jemoji;
mod mentions;
mod optional_front_matter;
mod paginate;
mod readme_index;
mod relative_links;
mod seo_tag;
mod titles_from_headings;
mod unshipped;
pub use unshipped::unshipped;

mod feed;
mod include_cache;
pub mod pages;
mod redirect_from;
mod sitemap;

use crate::config::Config;
use crate::liquid::Engine;
use crate::site::document::Document;
use crate::site::page::Page;
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
    Plugin {
        name: "jekyll-paginate",
        generate: Some(paginate::generate),
        liquid: None,
        post_render: None,
    },
    Plugin {
        name: "jekyll-optional-front-matter",
        generate: Some(optional_front_matter::generate),
        liquid: None,
        post_render: None,
    },
    Plugin {
        name: "jekyll-readme-index",
        generate: Some(readme_index::generate),
        liquid: None,
        post_render: None,
    },
    Plugin {
        name: "jekyll-titles-from-headings",
        generate: Some(titles_from_headings::generate),
        liquid: None,
        post_render: None,
    },
    Plugin {
        name: "jekyll-relative-links",
        generate: Some(relative_links::generate),
        liquid: None,
        post_render: None,
    },
    Plugin {
        name: "jekyll-default-layout",
        generate: Some(default_layout::generate),
        liquid: None,
        post_render: None,
    },
];

/// The names of the plugins the site loads, in Jekyll's load order: the Gemfile's
/// `jekyll_plugins` group first (Bundler requires it before the site is even read, safe mode
/// or not), then the theme gem's runtime dependencies, then `plugins` (in safe mode only
/// those also in `whitelist`). Jekyll 4 no longer
/// reads the older `gems:` key (Jekyll 3 did): a site that lists its plugins there builds
/// without them (tests/scenarios/plugins_redirect_from/gems-key-is-ignored).
pub fn enabled(config: &Config) -> Vec<String> {
    // The theme's dependencies are required before the `plugins` list.
    let mut names = config.theme_plugins.clone();
    names.extend(config.strings("plugins"));
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
    // Jekyll's `PluginManager#deprecation_checks`.
    if site.config.get("paginate").is_some_and(|p| p.truthy())
        && !names.iter().any(|n| n == "jekyll-paginate")
    {
        site.read_ctx.warn(
            "Deprecation: You appear to have pagination turned on, but you haven't included the `jekyll-paginate` gem. Ensure you have `plugins: [jekyll-paginate]` in your configuration file."
                .into(),
        );
    }
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

/// Plugins the site enables that hyde does not ship: one warning naming them and the files
/// using tags nobody defines, which then render as nothing (Jekyll would stop with
/// "Dependency Error").
pub fn register_unshipped(engine: &mut Engine, site: &Site) {
    unshipped::register(engine, site);
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
