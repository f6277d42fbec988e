//! The site configuration as Jekyll 4.3 builds it: its defaults, `_config.yml` (or the
//! `--config` files, YAML or TOML, merged in order), then the command-line overrides.

pub mod gemfile;
pub mod github_pages;
mod toml;

use crate::options::BuildOptions;
use crate::value::{Hash, Value};
use std::path::{Path, PathBuf};

/// A configuration error, for people: which file and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The merged configuration and where it came from.
#[derive(Debug, Clone)]
pub struct Config {
    /// Every key, as `site.config` and `site` show them.
    pub data: Hash,
    /// The source directory, absolute.
    pub source: PathBuf,
    /// The destination directory, absolute.
    pub destination: PathBuf,
    /// The configuration files read, in order (for the build's report).
    pub files: Vec<PathBuf>,
    /// The folder of the gem-based theme (`theme:`), when the site uses one.
    pub theme_root: Option<PathBuf>,
    /// Plugins the Gemfile's `jekyll_plugins` group loads through Bundler, before and
    /// regardless of `plugins:` (and of safe mode's `whitelist`).
    pub gemfile_plugins: Vec<String>,
    /// The theme gem's runtime dependencies (but `jekyll`): Jekyll requires them with the
    /// theme (`require_theme_deps`), so those that are plugins are enabled.
    pub theme_plugins: Vec<String>,
    /// Whether the GitHub Pages profile was applied (`--github-pages`, or `github-pages`
    /// in the Gemfile).
    pub github_pages: bool,
    /// Warnings about the configuration, shown with the build's.
    pub warnings: Vec<String>,
    /// `--trace`: errors show every step that led to them.
    pub trace: bool,
}

fn s(v: &str) -> Value {
    Value::str(v)
}

fn list(items: &[&str]) -> Value {
    Value::from(items.iter().map(|i| s(i)).collect::<Vec<_>>())
}

fn hash(items: Vec<(&str, Value)>) -> Value {
    Value::from(
        items
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<Hash>(),
    )
}

/// Jekyll 4.3's `Configuration::DEFAULTS`, with `source` and `destination` from `cwd`.
pub fn defaults(cwd: &Path) -> Hash {
    let mut h = Hash::default();
    let mut put = |k: &str, v: Value| {
        h.insert(k.to_string(), v);
    };
    put("source", s(&cwd.to_string_lossy()));
    put("destination", s(&cwd.join("_site").to_string_lossy()));
    put("collections_dir", s(""));
    put("cache_dir", s(".jekyll-cache"));
    put("plugins_dir", s("_plugins"));
    put("layouts_dir", s("_layouts"));
    put("data_dir", s("_data"));
    put("includes_dir", s("_includes"));
    put("collections", Value::from(Hash::default()));
    put("safe", Value::Bool(false));
    put("include", list(&[".htaccess"]));
    put("exclude", list(&[]));
    put("keep_files", list(&[".git", ".svn"]));
    put("encoding", s("utf-8"));
    put("markdown_ext", s("markdown,mkdown,mkdn,mkd,md"));
    put("strict_front_matter", Value::Bool(false));
    put("show_drafts", Value::Nil);
    put("limit_posts", Value::Int(0));
    put("future", Value::Bool(false));
    put("unpublished", Value::Bool(false));
    put("whitelist", list(&[]));
    put("plugins", list(&[]));
    put("markdown", s("kramdown"));
    put("highlighter", s("rouge"));
    put("lsi", Value::Bool(false));
    put("excerpt_separator", s("\n\n"));
    put("incremental", Value::Bool(false));
    put("detach", Value::Bool(false));
    put("port", s("4000"));
    put("host", s("127.0.0.1"));
    put("baseurl", Value::Nil);
    put("show_dir_listing", Value::Bool(false));
    put("permalink", s("date"));
    put("paginate_path", s("/page:num"));
    put("timezone", Value::Nil);
    put("quiet", Value::Bool(false));
    put("verbose", Value::Bool(false));
    put("defaults", list(&[]));
    put(
        "liquid",
        hash(vec![
            ("error_mode", s("warn")),
            ("strict_filters", Value::Bool(false)),
            ("strict_variables", Value::Bool(false)),
        ]),
    );
    put(
        "kramdown",
        hash(vec![
            ("auto_ids", Value::Bool(true)),
            (
                "toc_levels",
                Value::from((1..=6).map(Value::Int).collect::<Vec<_>>()),
            ),
            ("entity_output", s("as_char")),
            ("smart_quotes", s("lsquo,rsquo,ldquo,rdquo")),
            ("input", s("GFM")),
            ("hard_wrap", Value::Bool(false)),
            ("guess_lang", Value::Bool(true)),
            ("footnote_nr", Value::Int(1)),
            ("show_warnings", Value::Bool(false)),
        ]),
    );
    h
}

/// Jekyll's `Utils.deep_merge_hashes`: hashes merge recursively; a nil value keeps the old one.
pub fn deep_merge(target: &mut Hash, overwrite: &Hash) {
    for (k, new) in overwrite {
        match (target.get_mut(k), new) {
            (Some(_), Value::Nil) => {}
            (Some(Value::Hash(old)), Value::Hash(new)) => {
                let mut merged = (**old).clone();
                deep_merge(&mut merged, new);
                *old = std::sync::Arc::new(merged);
            }
            _ => {
                target.insert(k.clone(), new.clone());
            }
        }
    }
}

/// The configuration-file overrides the command line asked for (only options given).
fn overrides(opts: &BuildOptions) -> Hash {
    let mut h = Hash::default();
    let mut put = |k: &str, v: Value| {
        h.insert(k.to_string(), v);
    };
    if let Some(src) = &opts.source {
        put("source", s(&src.to_string_lossy()));
    }
    if let Some(dest) = &opts.destination {
        put("destination", s(&dest.to_string_lossy()));
    }
    let flags = [
        ("future", opts.future),
        ("lsi", opts.lsi),
        ("show_drafts", opts.show_drafts),
        ("unpublished", opts.unpublished),
        ("disable_disk_cache", opts.disable_disk_cache),
        ("quiet", opts.quiet),
        ("verbose", opts.verbose),
        ("incremental", opts.incremental),
        ("strict_front_matter", opts.strict_front_matter),
        ("safe", opts.safe),
        ("profile", opts.profile),
        ("force_polling", opts.force_polling),
    ];
    for (k, on) in flags {
        if on {
            put(k, Value::Bool(true));
        }
    }
    if let Some(n) = opts.limit_posts {
        put("limit_posts", Value::Int(n));
    }
    if let Some(w) = opts.watch {
        put("watch", Value::Bool(w));
    }
    if let Some(u) = &opts.url {
        put("url", s(u));
    }
    if let Some(b) = &opts.baseurl {
        put("baseurl", s(b));
    }
    if !opts.plugins_dir.is_empty() {
        put(
            "plugins_dir",
            list(
                &opts
                    .plugins_dir
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>(),
            ),
        );
    }
    if let Some(l) = &opts.layouts_dir {
        put("layouts_dir", s(l));
    }
    h
}

/// Reads one configuration file (YAML or TOML by extension).
fn read_file(path: &Path) -> Result<Hash, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigError(format!(
            "The configuration file '{}' could not be read: {e}",
            path.display()
        ))
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let value = match ext.as_str() {
        "yml" | "yaml" => crate::yaml::load(&text).map_err(|e| {
            ConfigError(format!(
                "Error reading configuration file {}: {e}\n{}",
                path.display(),
                e.diagnostic(path, Some(&text)).render()
            ))
        })?,
        "toml" => toml::load(&text).map_err(|e| {
            ConfigError(format!(
                "Error reading configuration file {}: {e}",
                path.display()
            ))
        })?,
        _ => {
            return Err(ConfigError(format!(
                "No parser for '{}' is available. Use a .y(a)ml or .toml file instead.",
                path.display()
            )));
        }
    };
    match value {
        Value::Hash(h) => Ok((*h).clone()),
        // An empty file is an empty configuration.
        Value::Nil => Ok(Hash::default()),
        _ => Err(ConfigError(format!(
            "Configuration file: (INVALID) {}",
            path.display()
        ))),
    }
}

/// Jekyll's `STYLE_TO_PERMALINK`: the built-in permalink styles.
pub fn style_to_permalink(style: &str) -> String {
    match style {
        "none" => "/:categories/:title:output_ext".into(),
        "date" => "/:categories/:year/:month/:day/:title:output_ext".into(),
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext".into(),
        "pretty" => "/:categories/:year/:month/:day/:title/".into(),
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext".into(),
        other => other.into(),
    }
}

const DEFAULT_EXCLUDES: &[&str] = &[
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
];

/// `add_default_collections`: `posts` first, always output, with the site's permalink style.
fn add_default_collections(h: &mut Hash) -> Result<(), ConfigError> {
    let collections = match h.get("collections") {
        None | Some(Value::Nil) => return Ok(()),
        Some(Value::Array(a)) => a
            .iter()
            .map(|c| (c.to_ruby_s(), Value::from(Hash::default())))
            .collect::<Hash>(),
        Some(Value::Hash(c)) => (**c).clone(),
        Some(_) => {
            return Err(ConfigError(
                "Your `collections` key must be a hash or an array.".into(),
            ));
        }
    };
    let mut merged = Hash::default();
    merged.insert("posts".into(), Value::from(Hash::default()));
    deep_merge(&mut merged, &collections);
    let mut posts = match merged.get("posts") {
        Some(Value::Hash(p)) => (**p).clone(),
        _ => Hash::default(),
    };
    posts.insert("output".into(), Value::Bool(true));
    if let Some(p) = h.get("permalink").filter(|p| p.truthy())
        && !posts.get("permalink").is_some_and(Value::truthy)
    {
        posts.insert("permalink".into(), s(&style_to_permalink(&p.to_ruby_s())));
    }
    merged.insert("posts".into(), Value::from(posts));
    h.insert("collections".into(), Value::from(merged));
    Ok(())
}

impl Config {
    /// Builds the configuration as `Jekyll.configuration(overrides)` does, with `cwd` as the
    /// working directory relative paths are resolved from.
    pub fn load(opts: &BuildOptions, cwd: &Path) -> Result<Config, ConfigError> {
        let over = overrides(opts);
        let source = opts
            .source
            .as_ref()
            .map(|p| cwd.join(p))
            .unwrap_or_else(|| cwd.to_path_buf());
        // `--config a,b`: each path from the working directory; otherwise the first of
        // _config.yml, _config.yaml, _config.toml in the source (none is fine).
        let (files, defaulted): (Vec<PathBuf>, bool) = if opts.config.is_empty() {
            let found = ["yml", "yaml", "toml"]
                .iter()
                .map(|ext| source.join(format!("_config.{ext}")))
                .find(|p| p.exists())
                .unwrap_or_else(|| source.join("_config.yml"));
            (vec![found], true)
        } else {
            (
                opts.config
                    .iter()
                    .filter(|c| !c.is_empty())
                    .map(|c| cwd.join(c))
                    .collect(),
                false,
            )
        };
        let mut from_files = Hash::default();
        let mut read = Vec::new();
        for f in &files {
            if defaulted && !f.exists() {
                continue;
            }
            if !f.exists() {
                return Err(ConfigError(format!(
                    "The configuration file '{}' could not be found.",
                    f.display()
                )));
            }
            deep_merge(&mut from_files, &read_file(f)?);
            read.push(f.clone());
        }
        for key in ["include", "exclude"] {
            if let Some(v) = from_files.get(key)
                && !matches!(v, Value::Array(_))
            {
                return Err(ConfigError(format!(
                    "'{key}' should be set as an array, but was: {}.",
                    v.inspect()
                )));
            }
        }
        if let Some(v) = from_files.get("plugins")
            && !matches!(v, Value::Array(_))
        {
            return Err(ConfigError(format!(
                "'plugins' should be set as an array, but was: {}.",
                v.inspect()
            )));
        }
        deep_merge(&mut from_files, &over);
        let mut data = defaults(cwd);
        deep_merge(&mut data, &from_files);
        add_default_collections(&mut data)?;
        if let Some(Value::Array(ex)) = data.get("exclude") {
            let mut ex = (**ex).clone();
            for d in DEFAULT_EXCLUDES {
                if !ex.iter().any(|e| e.as_str() == Some(d)) {
                    ex.push(s(d));
                }
            }
            data.insert("exclude".into(), Value::from(ex));
        }
        let gemfile = gemfile::locate(cwd).map(|p| gemfile::Gemfile::read(&p));
        let github_pages =
            opts.github_pages || gemfile.as_ref().is_some_and(|g| g.declares("github-pages"));
        let mut warnings = Vec::new();
        // Jekyll 3 renamed these and Jekyll 4 dropped the old names without a word, so a
        // Jekyll 3 site quietly loses its plugins; say so (hyde only).
        for (old, new) in [("gems", "plugins"), ("data_source", "data_dir")] {
            if data.get(old).is_some_and(|v| !v.is_nil()) {
                warnings.push(format!(
                    "Deprecation: The '{old}' setting was renamed '{new}' in Jekyll 3; Jekyll 4 and hyde ignore it. Rename it to '{new}'."
                ));
            }
        }
        let mut default_theme = false;
        if github_pages {
            let disable_whitelist = std::env::var("DISABLE_WHITELIST").is_ok_and(|v| !v.is_empty());
            let applied = github_pages::apply(
                &mut data,
                &from_files,
                &defaults(cwd),
                &crate::render::environment(),
                disable_whitelist,
            );
            default_theme = applied.default_theme;
        }
        let source =
            normalize(&cwd.join(data.get("source").map(Value::to_ruby_s).unwrap_or_default()));
        let destination = cwd.join(
            data.get("destination")
                .map(Value::to_ruby_s)
                .unwrap_or_default(),
        );
        let theme_root = match load_theme(&mut data, &source) {
            // GitHub's servers have every supported theme; a machine without the profile's
            // default theme still builds the site, without it.
            Err(e) if default_theme => {
                warnings.push(format!(
                    "GitHub Pages: {} Building without the default theme.",
                    e.0
                ));
                data.insert("theme".into(), Value::Nil);
                None
            }
            r => r?,
        };
        Ok(Config {
            data,
            source,
            destination: normalize(&destination),
            files: read,
            theme_plugins: theme_root
                .as_deref()
                .map(crate::site::theme::runtime_dependencies)
                .unwrap_or_default(),
            theme_root,
            gemfile_plugins: gemfile.map(|g| g.jekyll_plugins()).unwrap_or_default(),
            github_pages,
            warnings,
            trace: opts.trace,
        })
    }

    /// A folder setting (`layouts_dir`, `data_dir`, ...) as a path inside the source.
    pub fn in_source(&self, key: &str) -> PathBuf {
        sanitized_path(&self.source, &self.string(key))
    }

    /// A config value.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.data.get(key)
    }

    /// A config value as a string (`to_s`), empty when missing.
    pub fn string(&self, key: &str) -> String {
        self.get(key).map(Value::to_ruby_s).unwrap_or_default()
    }

    /// A config value's truthiness.
    pub fn flag(&self, key: &str) -> bool {
        self.get(key).is_some_and(Value::truthy)
    }

    /// A list-valued setting as strings (`exclude`, `include`, `keep_files`).
    pub fn strings(&self, key: &str) -> Vec<String> {
        match self.get(key) {
            Some(Value::Array(a)) => a.iter().map(Value::to_ruby_s).collect(),
            Some(Value::Nil) | None => Vec::new(),
            Some(v) => vec![v.to_ruby_s()],
        }
    }
}

/// Finds the theme gem and merges its `_config.yml` under the site's (keys Jekyll has defaults
/// for are the site's alone), as `Site#load_theme_configuration` does.
fn load_theme(data: &mut Hash, source: &Path) -> Result<Option<PathBuf>, ConfigError> {
    let name = match data.get("theme") {
        Some(Value::Str(n)) => n.to_string(),
        _ => return Ok(None),
    };
    let root = crate::site::theme::find(&name, source).ok_or_else(|| {
        ConfigError(format!(
            "The {} theme could not be found.",
            name.trim().to_lowercase()
        ))
    })?;
    if data
        .get("ignore_theme_config")
        .is_some_and(|v| matches!(v, Value::Bool(true)))
    {
        return Ok(Some(root));
    }
    let file = root.join("_config.yml");
    if file.is_file()
        && !file
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        && let Ok(mut theme) = read_file(&file)
    {
        let defaults = defaults(Path::new("/"));
        theme.retain(|k, _| !defaults.contains_key(k));
        deep_merge(&mut theme, data);
        *data = theme;
    }
    Ok(Some(root))
}

/// `Jekyll.sanitized_path(base, path)`: `path` made absolute from `/` (so `..` cannot climb
/// out), kept if it already lies in `base`, else put under `base`.
pub fn sanitized_path(base: &Path, questionable: &str) -> PathBuf {
    let q = if questionable.starts_with('~') {
        format!("/{questionable}")
    } else {
        questionable.to_string()
    };
    let clean = normalize(&Path::new("/").join(q));
    if clean.starts_with(base) {
        return clean;
    }
    let rel = clean.strip_prefix("/").unwrap_or(&clean);
    base.join(rel)
}

/// `File.expand_path`: resolves `.` and `..` without touching the disk.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}
