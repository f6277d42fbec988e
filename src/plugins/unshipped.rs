//! Plugins a site lists that hyde does not ship. Jekyll would stop with "Dependency
//! Error"; hyde builds the site without them and says so once, naming the plugins and, when
//! templates use tags nobody defines, those tags and the files using them (the tags then
//! render as nothing instead of failing the build).

use super::{PLUGINS, enabled};
use crate::liquid::parser::{Parser, Tag};
use crate::liquid::{Context, Engine, Result as LiquidResult};
use crate::site::Site;
use std::collections::BTreeMap;

/// Gems a site may list that hyde covers without a plugin of its own: Markdown and Sass are
/// built in, watching is `serve`'s job, and `github-pages` is the GitHub Pages profile.
const BUILT_IN: &[&str] = &[
    "github-pages",
    "jekyll-commonmark-ghpages",
    "jekyll-commonmark",
    "jekyll-sass-converter",
    "jekyll-watch",
    "kramdown-parser-gfm",
];

/// Whether a gem of the Gemfile's `jekyll_plugins` group looks like a Jekyll plugin (the
/// group also holds themes and helpers such as `webrick`, which need no warning).
fn looks_like_plugin(name: &str) -> bool {
    (name.starts_with("jekyll-") || name.starts_with("jekyll_") || name == "jemoji")
        && !name.starts_with("jekyll-theme-")
}

/// The enabled plugins hyde does not ship, in load order.
pub fn unshipped(site: &Site) -> Vec<String> {
    let config = &site.config;
    let theme = config.string("theme");
    enabled(config)
        .into_iter()
        .filter(|n| !PLUGINS.iter().any(|p| p.name == n) && !BUILT_IN.contains(&n.as_str()))
        .filter(|n| *n != theme)
        // Without `.coffee` pages it changes nothing; with them the build stops with an error
        // that says what to do (`render`).
        .filter(|n| n != "jekyll-coffeescript")
        .filter(|n| !config.gemfile_plugins.contains(n) || looks_like_plugin(n))
        .collect()
}

/// A tag of a plugin hyde lacks: renders nothing.
#[derive(Debug)]
struct Missing;

impl Tag for Missing {
    fn render(&self, _ctx: &mut Context, _out: &mut String) -> LiquidResult<()> {
        Ok(())
    }
}

fn parse_missing(_name: &str, _markup: &str, _parser: &mut Parser) -> LiquidResult<Box<dyn Tag>> {
    Ok(Box::new(Missing))
}

/// Tags the parser handles inside the blocks that own them.
const SUBTAGS: &[&str] = &["else", "elsif", "when", "empty"];

/// The names of tags in `text` that `engine` does not know (`{% raw %}` and `{% comment %}`
/// bodies skipped).
fn unknown_tags(engine: &Engine, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("{%") {
        rest = &rest[i + 2..];
        let t = rest.trim_start_matches('-').trim_start();
        let len = t
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(t.len());
        let name = &t[..len];
        if name == "raw" || name == "comment" {
            let end = format!("end{name}");
            match rest.find(&end) {
                Some(j) => rest = &rest[j + end.len()..],
                None => break,
            }
            continue;
        }
        let known = name.is_empty()
            || engine.tag(name).is_some()
            || SUBTAGS.contains(&name)
            || name
                .strip_prefix("end")
                .is_some_and(|b| engine.tag(b).is_some());
        if !known && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// Every file of the includes folders, as (shown path, text).
fn includes(site: &Site) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in &site.includes_dirs {
        let mut stack = vec![dir.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if let Ok(text) = std::fs::read_to_string(&p) {
                    let rel = p.strip_prefix(dir).unwrap_or(&p).to_string_lossy();
                    out.push((format!("_includes/{rel}"), text));
                }
            }
        }
    }
    out.sort();
    out
}

/// Warns about unshipped plugins and lets their tags render as nothing.
pub fn register(engine: &mut Engine, site: &Site) {
    let missing = unshipped(site);
    if missing.is_empty() {
        return;
    }
    let mut files: Vec<(String, String)> = site
        .pages
        .iter()
        .map(|p| (p.relative_path(), p.content.clone()))
        .collect();
    for c in &site.collections {
        files.extend(
            c.docs
                .iter()
                .map(|d| (d.relative_path.clone(), d.content.clone())),
        );
    }
    let mut layouts: Vec<_> = site.layouts.values().collect();
    layouts.sort_by(|a, b| a.relative_path.cmp(&b.relative_path));
    files.extend(
        layouts
            .into_iter()
            .map(|l| (l.relative_path.clone(), l.content.clone())),
    );
    files.extend(includes(site));
    let mut used: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, text) in &files {
        for tag in unknown_tags(engine, text) {
            let paths = used.entry(tag).or_default();
            if !paths.contains(path) {
                paths.push(path.clone());
            }
        }
    }
    let mut message = format!(
        "Plugins: hyde does not ship {}; the site is built without {}.",
        missing.join(", "),
        if missing.len() == 1 { "it" } else { "them" }
    );
    let mut shown = Vec::new();
    for (tag, paths) in &used {
        engine.register_tag(tag, parse_missing);
        if !tag.starts_with("end") {
            shown.push(format!("{{% {tag} %}} in {}", paths.join(", ")));
        }
    }
    if !shown.is_empty() {
        message.push_str(&format!(
            " Tags no plugin defines render as nothing: {}.",
            shown.join("; ")
        ));
    }
    site.read_ctx.warn(message);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tags_nobody_defines() {
        let e = Engine::jekyll();
        assert_eq!(
            unknown_tags(
                &e,
                "{% if a %}{% gist 123 %}{% else %}{%- avatar x -%}{% endif %}{% raw %}{% nope %}{% endraw %}{% for x in y %}{% endfor %}"
            ),
            ["gist", "avatar"]
        );
    }

    #[test]
    fn gemfile_helpers_are_not_plugins() {
        assert!(looks_like_plugin("jekyll-feed"));
        assert!(looks_like_plugin("jemoji"));
        assert!(!looks_like_plugin("webrick"));
        assert!(!looks_like_plugin("jekyll-theme-cayman"));
    }
}
