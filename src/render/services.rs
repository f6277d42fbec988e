//! What Liquid's tags and filters see of the site while rendering: includes (parsed once
//! and cached), `{% link %}` and `{% post_url %}` targets, the converters for `markdownify`
//! and `sassify`, the highlighter — Jekyll's `site` object as the `Site` trait asks for it.

use crate::convert::Converters;
use crate::liquid::filters::jekyll::url::compute_relative_url;
use crate::liquid::site::{SassSyntax, Site as LiquidSite};
use crate::liquid::{Engine, Error as LiquidError, Template};
use crate::profile::Profiler;
use crate::value::Value;
use chrono::Datelike;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// A post as `{% post_url %}` matches it.
pub(super) struct PostRef {
    pub(super) relative_path: String,
    pub(super) url: String,
    pub(super) slug: String,
    pub(super) ymd: (i32, u32, u32),
}

/// What the Liquid tags and filters see of the site.
pub(super) struct Services {
    pub(super) config: Value,
    pub(super) includes_dirs: Vec<PathBuf>,
    /// Parsed includes by file, with the content hash of the source they were parsed from.
    pub(super) includes: Mutex<HashMap<PathBuf, (Arc<Template>, u64)>>,
    /// Where each include name was found (or not) in this build: a site's pages include
    /// the same few files hundreds of times, each a `stat` per folder otherwise.
    pub(super) include_paths: Mutex<HashMap<String, Option<PathBuf>>>,
    /// Include sources by the name their errors show, for error reports.
    pub(super) include_sources: Mutex<HashMap<String, String>>,
    pub(super) converters: Converters,
    /// Relative path → URL, for `{% link %}`.
    pub(super) links: HashMap<String, String>,
    /// Posts: relative path and URL, for `{% post_url %}`.
    pub(super) posts: Vec<PostRef>,
    pub(super) highlighter: String,
    /// `--profile`'s collector, and each include's name in its table by template name.
    pub(super) profiler: Option<Arc<Profiler>>,
    pub(super) profile_names: Mutex<HashMap<String, String>>,
    pub(super) source: PathBuf,
    pub(super) theme_root: Option<PathBuf>,
}

impl Services {
    /// Remembers the stats name of an include parsed from `path` (only when profiling).
    fn name_for_profile(&self, template: &Template, path: &std::path::Path) {
        if self.profiler.is_some() {
            let key = crate::profile::file_key(
                &path.to_string_lossy(),
                &self.source,
                self.theme_root.as_deref(),
            );
            if let Ok(mut names) = self.profile_names.lock() {
                names.insert(template.name().to_string(), key);
            }
        }
    }
}

impl Services {
    /// Parses the include at `path`, keeping its source for error reports (under `shown`,
    /// the name its errors carry); returns it with its source's content hash.
    fn parse_file(
        &self,
        engine: &Engine,
        path: &std::path::Path,
        shown: &str,
    ) -> crate::liquid::Result<(Arc<Template>, u64)> {
        let src = std::fs::read_to_string(path)
            .map_err(|e| LiquidError::render(format!("could not read {}: {e}", path.display())))?;
        let hash = crate::site::deps::content_hash(src.as_bytes());
        if let Ok(mut srcs) = self.include_sources.lock() {
            srcs.insert(shown.to_string(), src.clone());
        }
        Ok((engine.parse(&src, shown).map(Arc::new)?, hash))
    }
}

impl LiquidSite for Services {
    fn config(&self) -> &Value {
        &self.config
    }

    fn markdownify(&self, input: &str) -> crate::liquid::Result<String> {
        Ok(self.converters.markdownify(input))
    }

    fn smartify(&self, input: &str) -> crate::liquid::Result<String> {
        Ok(self.converters.smartify(input))
    }

    fn sassify(&self, input: &str, syntax: SassSyntax) -> crate::liquid::Result<String> {
        let syntax = match syntax {
            SassSyntax::Sass => crate::sass::Syntax::Sass,
            SassSyntax::Scss => crate::sass::Syntax::Scss,
        };
        self.converters
            .sass()
            .compile(input, syntax, None)
            .map(|c| c.css)
            .map_err(|e| LiquidError::render(e.0))
    }

    fn include(&self, engine: &Engine, file: &str) -> crate::liquid::Result<Arc<Template>> {
        let known = self
            .include_paths
            .lock()
            .ok()
            .and_then(|m| m.get(file).cloned());
        let found = known.unwrap_or_else(|| {
            // `File.join(dir, "/x")` is `dir/x`, not `/x`.
            let found = self
                .includes_dirs
                .iter()
                .map(|dir| dir.join(file.trim_start_matches('/')))
                .find(|path| path.is_file());
            if let Ok(mut m) = self.include_paths.lock() {
                m.insert(file.to_string(), found.clone());
            }
            found
        });
        if let Some(path) = found {
            if let Some((t, hash)) = self
                .includes
                .lock()
                .ok()
                .and_then(|c| c.get(&path).cloned())
            {
                crate::site::deps::include_read(file, &path, hash);
                return Ok(t);
            }
            let shown = format!("_includes/{}", file.trim_start_matches('/'));
            let (t, hash) = self.parse_file(engine, &path, &shown)?;
            crate::site::deps::include_read(file, &path, hash);
            self.name_for_profile(&t, &path);
            if let Ok(mut c) = self.includes.lock() {
                c.insert(path, (t.clone(), hash));
            }
            return Ok(t);
        }
        let dirs: Vec<String> = self
            .includes_dirs
            .iter()
            .map(|d| format!("{:?}", d.to_string_lossy()))
            .collect();
        Err(LiquidError::render(format!(
            "Could not locate the included file '{file}' in any of [{}]. Ensure it exists in one of those directories and, if it is a symlink, does not point outside your site source.",
            dirs.join(", ")
        )))
    }

    fn include_relative(
        &self,
        engine: &Engine,
        page: &Value,
        file: &str,
    ) -> crate::liquid::Result<Arc<Template>> {
        let mut page_path = page.get("path").map(|p| p.render()).unwrap_or_default();
        // A document's path is relative to `collections_dir`.
        if page.get("collection").is_some_and(|c| c.truthy()) {
            let dir = self
                .config
                .get("collections_dir")
                .map(|d| d.render())
                .unwrap_or_default();
            if !dir.is_empty() {
                page_path = format!("{dir}/{page_path}");
            }
        }
        let source = PathBuf::from(
            self.config
                .get("source")
                .map(|s| s.render())
                .unwrap_or_default(),
        );
        let dir = std::path::Path::new(page_path.trim_end_matches("/#excerpt"))
            .parent()
            .map(|p| source.join(p))
            .unwrap_or(source);
        let path = dir.join(file);
        if !path.is_file() {
            return Err(LiquidError::render(format!(
                "Could not locate the included file '{file}' in any of [{:?}]. Ensure it exists in one of those directories and, if it is a symlink, does not point outside your site source.",
                dir.to_string_lossy()
            )));
        }
        let (t, hash) = self.parse_file(engine, &path, file)?;
        crate::site::deps::include_read(crate::site::deps::FILE_READ, &path, hash);
        self.name_for_profile(&t, &path);
        Ok(t)
    }

    fn link(&self, relative_path: &str) -> crate::liquid::Result<String> {
        crate::site::deps::links();
        let key = relative_path.trim_start_matches('/');
        match self.links.get(key) {
            Some(url) => compute_relative_url(&self.config, url),
            None => Err(LiquidError::argument(format!(
                "Could not find document '{relative_path}' in tag 'link'.\n\nMake sure the document exists and the path is correct.\n"
            ))),
        }
    }

    fn post_url(
        &self,
        path: &str,
        date: &str,
        slug: &str,
        name: &str,
    ) -> crate::liquid::Result<String> {
        crate::site::deps::links();
        // `^_posts/#{path}#{date}-#{slug}\.[^.]+|^#{path}_posts/?#{date}-#{slug}\.[^.]+`
        let base = format!("{date}-{slug}.");
        let tail_ok = |rest: &str| {
            rest.strip_prefix(&base)
                .is_some_and(|ext| !ext.is_empty() && !ext.contains('.'))
        };
        for p in &self.posts {
            let rel = p.relative_path.as_str();
            let a = rel
                .strip_prefix("_posts/")
                .and_then(|r| r.strip_prefix(path))
                .is_some_and(tail_ok);
            let b = rel
                .strip_prefix(path)
                .and_then(|r| r.strip_prefix("_posts"))
                .map(|r| r.strip_prefix('/').unwrap_or(r))
                .is_some_and(tail_ok);
            if a || b {
                return compute_relative_url(&self.config, &p.url);
            }
        }
        // Jekyll's deprecated fallback: the same slug and day, whatever the folder.
        let ymd = crate::value::parse_time(date).map(|d| (d.dt.year(), d.dt.month(), d.dt.day()));
        for p in &self.posts {
            if p.slug == slug && Some(p.ymd) == ymd {
                return compute_relative_url(&self.config, &p.url);
            }
        }
        Err(LiquidError::render(format!(
            "Could not find post \"{name}\" in tag 'post_url'.\nMake sure the post exists and the name is correct.\n"
        )))
    }

    fn profiling(&self) -> bool {
        self.profiler.is_some()
    }

    fn record_render(&self, template: &Template, bytes: usize, time: std::time::Duration) {
        if let Some(p) = &self.profiler {
            let name = self
                .profile_names
                .lock()
                .ok()
                .and_then(|n| n.get(template.name()).cloned())
                .unwrap_or_else(|| template.name().to_string());
            p.record(&name, bytes, time);
        }
    }

    fn highlighter(&self) -> &str {
        &self.highlighter
    }

    fn highlight(&self, code: &str, lang: &str, linenos: bool) -> crate::liquid::Result<String> {
        Ok(crate::highlight::jekyll_highlight(code, lang, linenos))
    }
}
