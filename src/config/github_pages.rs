//! The GitHub Pages profile: the configuration the `github-pages` gem forces on a site
//! (`GitHubPages::Configuration.effective_config`, run by its `:site, :after_reset` hook),
//! applied when the Gemfile names `github-pages` or `--github-pages` is given.
//!
//! The constants are the gem's own (lib/github-pages/configuration.rb and plugins.rb of
//! github/pages-gem, release 232). The gem merges its defaults *under the whole loaded
//! configuration*, Jekyll's defaults included, so a default of its own only survives for keys
//! Jekyll has no default for: `theme`, `jailed`, `kramdown.gfm_quirks`,
//! `kramdown.syntax_highlighter_opts` and (in production) `sass.style`. Its `future: true`
//! and `plugins` defaults are dead that way; hyde keeps that, since it is what the gem does.
//! See docs/github-pages.md.

use super::deep_merge;
use crate::value::{Hash, Value};

/// Plugins GitHub Pages always enables (`GitHubPages::Plugins::DEFAULT_PLUGINS`).
pub const DEFAULT_PLUGINS: &[&str] = &[
    "jekyll-coffeescript",
    "jekyll-commonmark-ghpages",
    "jekyll-gist",
    "jekyll-github-metadata",
    "jekyll-paginate",
    "jekyll-relative-links",
    "jekyll-optional-front-matter",
    "jekyll-readme-index",
    "jekyll-default-layout",
    "jekyll-titles-from-headings",
];

/// Plugins GitHub Pages allows (`PLUGIN_WHITELIST`), the `whitelist` it forces.
pub const PLUGIN_WHITELIST: &[&str] = &[
    "jekyll-coffeescript",
    "jekyll-commonmark-ghpages",
    "jekyll-feed",
    "jekyll-gist",
    "jekyll-github-metadata",
    "jekyll-paginate",
    "jekyll-redirect-from",
    "jekyll-seo-tag",
    "jekyll-sitemap",
    "jekyll-avatar",
    "jemoji",
    "jekyll-mentions",
    "jekyll-relative-links",
    "jekyll-optional-front-matter",
    "jekyll-readme-index",
    "jekyll-default-layout",
    "jekyll-titles-from-headings",
    "jekyll-include-cache",
    "jekyll-octicons",
    "jekyll-remote-theme",
];

/// Plugins also allowed in development (`DEVELOPMENT_PLUGINS`).
pub const DEVELOPMENT_PLUGINS: &[&str] = &["jekyll-admin"];

/// The theme a site gets when it names none (`DEFAULTS["theme"]`).
pub const DEFAULT_THEME: &str = "jekyll-theme-primer";

/// Jekyll 3.10's default `exclude`: GitHub Pages adds `CNAME` only when the site's
/// `exclude` is still exactly this (its `exclude_cname`).
const JEKYLL_3_EXCLUDES: &[&str] = &[
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
];

fn s(v: &str) -> Value {
    Value::str(v)
}

fn list(items: &[&str]) -> Value {
    Value::from(items.iter().map(|i| s(i)).collect::<Vec<_>>())
}

fn hash(items: Vec<(&str, Value)>) -> Hash {
    items.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// `DEFAULTS` (and, in production, `PRODUCTION_DEFAULTS`): the user may change these.
pub fn defaults(production: bool) -> Hash {
    let mut h = hash(vec![
        ("jailed", Value::Bool(false)),
        ("plugins", list(DEFAULT_PLUGINS)),
        ("future", Value::Bool(true)),
        ("theme", s(DEFAULT_THEME)),
        ("markdown", s("kramdown")),
        (
            "kramdown",
            Value::from(hash(vec![
                ("input", s("GFM")),
                ("hard_wrap", Value::Bool(false)),
                ("gfm_quirks", s("paragraph_end")),
                (
                    "syntax_highlighter_opts",
                    Value::from(hash(vec![("default_lang", s("plaintext"))])),
                ),
            ])),
        ),
        ("exclude", list(&["CNAME"])),
    ]);
    if production {
        h.insert(
            "sass".into(),
            Value::from(hash(vec![("style", s("compressed"))])),
        );
    }
    h
}

/// `OVERRIDES`: what GitHub Pages sets whatever the site says. `plugins_dir` is a fresh
/// random name (the gem's `SecureRandom.hex`), so no site plugin folder is ever loaded.
pub fn overrides() -> Hash {
    hash(vec![
        ("lsi", Value::Bool(false)),
        ("safe", Value::Bool(true)),
        ("plugins_dir", Value::from(random_hex())),
        ("whitelist", list(PLUGIN_WHITELIST)),
        ("highlighter", s("rouge")),
        (
            "kramdown",
            Value::from(hash(vec![
                ("template", s("")),
                ("math_engine", s("mathjax")),
                ("syntax_highlighter", s("rouge")),
            ])),
        ),
        (
            "gist",
            Value::from(hash(vec![("noscript", Value::Bool(false))])),
        ),
    ])
}

/// 32 hexadecimal digits that differ from run to run, as `SecureRandom.hex` gives.
fn random_hex() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut out = String::new();
    for i in 0..2u64 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(i);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

/// Ruby's `Array(x)` over a config value, as strings.
fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a.iter().map(Value::to_ruby_s).collect(),
        Some(Value::Nil) | None => Vec::new(),
        Some(v) => vec![v.to_ruby_s()],
    }
}

/// Ruby's `a | b`: `a` without repeats, then what `b` adds.
fn union(a: Vec<String>, b: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for x in a.into_iter().chain(b.iter().cloned()) {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

fn to_list(items: Vec<String>) -> Value {
    Value::from(items.into_iter().map(Value::from).collect::<Vec<_>>())
}

/// What applying the profile decided beyond the configuration itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    /// The theme is the profile's default, not the site's choice.
    pub default_theme: bool,
}

/// `effective_config`: turns the loaded configuration `config` (Jekyll's defaults
/// `jekyll_defaults`, the files, the command line) into what GitHub Pages builds with.
/// `user` is what the files and command line set (to tell a site's own `exclude` from
/// the default one); `environment` is `JEKYLL_ENV`'s value; `disable_whitelist` is
/// `DISABLE_WHITELIST` being set and non-empty.
pub fn apply(
    config: &mut Hash,
    user: &Hash,
    jekyll_defaults: &Hash,
    environment: &str,
    disable_whitelist: bool,
) -> Applied {
    let development = environment == "development";
    let mut merged = jekyll_defaults.clone();
    deep_merge(&mut merged, &defaults(!development));
    deep_merge(&mut merged, config);
    // `theme: null` turns the theme off: a nil would not survive the deep merge.
    if let Some(t) = config.get("theme") {
        merged.insert("theme".into(), t.clone());
    }
    let user_exclude = strings(user.get("exclude"));
    if user.get("exclude").is_none() || user_exclude == JEKYLL_3_EXCLUDES {
        let mut ex = strings(merged.get("exclude"));
        if !ex.iter().any(|e| e == "CNAME") {
            ex.push("CNAME".into());
        }
        merged.insert("exclude".into(), to_list(ex));
    }
    deep_merge(&mut merged, &overrides());
    restrict_markdown(&mut merged);

    let defaults: Vec<String> = DEFAULT_PLUGINS.iter().map(|p| p.to_string()).collect();
    let mut plugins = union(strings(merged.get("plugins")), &defaults);
    if merged.contains_key("remote_theme") {
        plugins.push("jekyll-remote-theme".into());
    }
    if development {
        let mut whitelist = strings(merged.get("whitelist"));
        if disable_whitelist {
            whitelist = union(whitelist, &plugins);
        }
        let dev: Vec<String> = DEVELOPMENT_PLUGINS.iter().map(|p| p.to_string()).collect();
        merged.insert("whitelist".into(), to_list(union(whitelist, &dev)));
    }
    merged.insert("plugins".into(), to_list(plugins));
    let default_theme = !config.contains_key("theme")
        && merged.get("theme").and_then(Value::as_str) == Some(DEFAULT_THEME);
    *config = merged;
    Applied { default_theme }
}

/// `restrict_and_config_markdown_processor`: kramdown unless the site asks for GFM
/// (then GitHub's CommonMark with its extensions).
fn restrict_markdown(config: &mut Hash) {
    let m = config
        .get("markdown")
        .map(Value::to_ruby_s)
        .unwrap_or_default()
        .to_lowercase();
    if !matches!(m.as_str(), "kramdown" | "gfm" | "commonmarkghpages") {
        config.insert("markdown".into(), s("kramdown"));
    }
    if m == "gfm" {
        config.insert("markdown".into(), s("CommonMarkGhPages"));
        config.insert(
            "commonmark".into(),
            Value::from(hash(vec![
                (
                    "extensions",
                    list(&["table", "strikethrough", "autolink", "tagfilter"]),
                ),
                ("options", list(&["unsafe", "footnotes"])),
            ])),
        );
    }
}

#[cfg(test)]
mod tests {
    //! Expected values are read from the github-pages gem's source (configuration.rb and
    //! plugins.rb, release 232): Jekyll 4.3.1 here has no github-pages gem to run.
    use super::*;
    use std::path::Path;

    fn loaded(user: Hash) -> (Hash, Hash) {
        let defaults = crate::config::defaults(Path::new("/site"));
        let mut config = defaults.clone();
        deep_merge(&mut config, &user);
        (config, defaults)
    }

    fn strs(v: Option<&Value>) -> Vec<String> {
        strings(v)
    }

    fn show<V: std::borrow::Borrow<Value>>(v: Option<V>) -> String {
        v.map_or("(none)".into(), |v| v.borrow().inspect())
    }

    #[test]
    fn overrides_win_over_the_site() {
        let user = hash(vec![
            ("safe", Value::Bool(false)),
            ("lsi", Value::Bool(true)),
            ("highlighter", s("pygments")),
            ("whitelist", list(&["jekyll-foo"])),
            (
                "kramdown",
                Value::from(hash(vec![("syntax_highlighter", s("coderay"))])),
            ),
        ]);
        let (mut config, defaults) = loaded(user.clone());
        apply(&mut config, &user, &defaults, "production", false);
        assert_eq!(show(config.get("safe")), show(Some(&Value::Bool(true))));
        assert_eq!(show(config.get("lsi")), show(Some(&Value::Bool(false))));
        assert_eq!(show(config.get("highlighter")), show(Some(&s("rouge"))));
        assert_eq!(strs(config.get("whitelist")), PLUGIN_WHITELIST);
        let k = config.get("kramdown").unwrap();
        assert_eq!(show(k.get("syntax_highlighter")), show(Some(&s("rouge"))));
        assert_eq!(show(k.get("math_engine")), show(Some(&s("mathjax"))));
        assert_eq!(show(k.get("template")), show(Some(&s(""))));
        assert_eq!(
            show(config.get("gist").unwrap().get("noscript")),
            show(Some(&Value::Bool(false)))
        );
        let dir = config.get("plugins_dir").unwrap().to_ruby_s();
        assert_eq!(dir.len(), 32);
        assert!(dir.chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn defaults_only_fill_keys_jekyll_has_no_default_for() {
        let user = Hash::default();
        let (mut config, defaults) = loaded(user.clone());
        let applied = apply(&mut config, &user, &defaults, "production", false);
        assert!(applied.default_theme);
        assert_eq!(show(config.get("theme")), show(Some(&s(DEFAULT_THEME))));
        assert_eq!(show(config.get("jailed")), show(Some(&Value::Bool(false))));
        // Jekyll's own `future: false` is already in the configuration the gem merges over.
        assert_eq!(show(config.get("future")), show(Some(&Value::Bool(false))));
        let k = config.get("kramdown").unwrap();
        assert_eq!(show(k.get("gfm_quirks")), show(Some(&s("paragraph_end"))));
        assert_eq!(
            show(
                k.get("syntax_highlighter_opts")
                    .and_then(|o| o.get("default_lang"))
            ),
            show(Some(&s("plaintext")))
        );
        assert_eq!(
            show(config.get("sass").and_then(|x| x.get("style"))),
            show(Some(&s("compressed")))
        );
        assert_eq!(strs(config.get("plugins")), DEFAULT_PLUGINS);
        assert!(strs(config.get("exclude")).contains(&"CNAME".to_string()));
        // Production has no development plugins in the whitelist.
        assert!(!strs(config.get("whitelist")).contains(&"jekyll-admin".to_string()));
    }

    #[test]
    fn site_choices_that_survive() {
        let user = hash(vec![
            ("theme", Value::Nil),
            ("exclude", list(&["drafts"])),
            (
                "plugins",
                list(&["jekyll-feed", "jekyll-paginate", "jekyll-feed"]),
            ),
            ("markdown", s("GFM")),
            ("remote_theme", s("owner/repo")),
        ]);
        let (mut config, defaults) = loaded(user.clone());
        let applied = apply(&mut config, &user, &defaults, "development", false);
        assert!(!applied.default_theme);
        assert_eq!(show(config.get("theme")), show(Some(&Value::Nil)));
        assert!(!strs(config.get("exclude")).contains(&"CNAME".to_string()));
        let plugins = strs(config.get("plugins"));
        assert_eq!(plugins[..2], ["jekyll-feed", "jekyll-paginate"]);
        assert_eq!(plugins.len(), 1 + DEFAULT_PLUGINS.len() + 1);
        assert_eq!(
            plugins.last().map(String::as_str),
            Some("jekyll-remote-theme")
        );
        assert_eq!(
            show(config.get("markdown")),
            show(Some(&s("CommonMarkGhPages")))
        );
        assert_eq!(
            strs(
                config
                    .get("commonmark")
                    .and_then(|c| c.get("options"))
                    .as_ref()
            ),
            ["unsafe", "footnotes"]
        );
        assert_eq!(
            strs(config.get("whitelist")).last().map(String::as_str),
            Some("jekyll-admin")
        );
        assert!(config.get("sass").is_none());
    }

    #[test]
    fn unknown_markdown_becomes_kramdown_and_disable_whitelist_opens_it() {
        let user = hash(vec![
            ("markdown", s("redcarpet")),
            ("plugins", list(&["jekyll-foo"])),
        ]);
        let (mut config, defaults) = loaded(user.clone());
        apply(&mut config, &user, &defaults, "development", true);
        assert_eq!(show(config.get("markdown")), show(Some(&s("kramdown"))));
        assert!(strs(config.get("whitelist")).contains(&"jekyll-foo".to_string()));
    }
}
