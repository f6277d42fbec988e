//! Jekyll's `EntryFilter`: which directory entries the site reads.

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use std::path::Path;

/// Ruby `File.fnmatch` patterns without flags (`*` also matches `/`, no `{a,b}`), already
/// joined to the source directory as Jekyll joins them.
#[derive(Debug, Clone)]
struct Patterns {
    /// Each pattern as it is joined to the source, without the source (for the prefix and
    /// folder rules: the joined entry starts with the joined pattern exactly when the entry
    /// starts with the pattern).
    rel: Vec<String>,
    /// The patterns with wildcards as one matcher of joined paths; `None` when all are
    /// literal (Jekyll's default `exclude` and `include`), as the prefix rule then decides.
    globs: Option<GlobSet>,
}

impl Patterns {
    fn new<'a>(source: &str, texts: impl IntoIterator<Item = &'a String>) -> Self {
        let mut rel = Vec::new();
        let mut globs = GlobSetBuilder::new();
        let mut any = false;
        for text in texts {
            let text = text.trim_start_matches('/');
            if text.contains(['*', '?', '[', '\\'])
                && let Some(g) = glob(&join(source, text))
            {
                globs.add(g);
                any = true;
            }
            rel.push(text.to_string());
        }
        Patterns {
            rel,
            globs: any.then(|| globs.build().unwrap_or_else(|_| GlobSet::empty())),
        }
    }
}

fn glob(full: &str) -> Option<Glob> {
    // Ruby's fnmatch has no brace expansion without FNM_EXTGLOB: escape braces.
    let escaped = full.replace('{', "\\{").replace('}', "\\}");
    GlobBuilder::new(&escaped)
        .literal_separator(false)
        .backslash_escape(true)
        .build()
        .ok()
}

/// Filters entries by `exclude`/`include` and Jekyll's special-name rules.
#[derive(Debug, Clone)]
pub struct EntryFilter {
    source: String,
    include: Patterns,
    /// `exclude - include`, as Jekyll computes it.
    exclude: Patterns,
    safe: bool,
}

/// `File.join(source, entry)` as Jekyll's `PathManager.join` does (no doubled slash).
fn join(source: &str, entry: &str) -> String {
    let e = entry.trim_start_matches('/');
    if source.ends_with('/') {
        format!("{source}{e}")
    } else {
        format!("{source}/{e}")
    }
}

impl EntryFilter {
    /// A filter for a site at `source` with its `include`, `exclude` and `safe` settings.
    pub fn new(source: &Path, include: &[String], exclude: &[String], safe: bool) -> Self {
        let source = source.to_string_lossy().into_owned();
        EntryFilter {
            include: Patterns::new(&source, include),
            exclude: Patterns::new(&source, exclude.iter().filter(|e| !include.contains(e))),
            source,
            safe,
        }
    }

    /// Jekyll's `glob_include?`: an fnmatch, a prefix match, or a directory given with a slash.
    /// Every entry of the site is asked, so only a pattern with wildcards costs a joined path.
    fn glob_include(&self, patterns: &Patterns, entry: &str) -> bool {
        let entry = entry.trim_start_matches('/');
        patterns
            .globs
            .as_ref()
            .is_some_and(|g| g.is_match(join(&self.source, entry)))
            || patterns.rel.iter().any(|p| {
                entry.starts_with(p.as_str())
                    // Asked of the disk only when the pattern names this entry as a folder.
                    || (p.len() == entry.len() + 1
                        && p.starts_with(entry)
                        && p.ends_with('/')
                        && Path::new(&join(&self.source, entry)).is_dir())
            })
    }

    /// Whether `entry` (a name or a path relative to `base`, which is relative to the source
    /// and starts with `/` or is empty) is read, as `EntryFilter#filter` decides.
    pub fn keep(&self, base: &str, entry: &str) -> bool {
        if entry.ends_with('.') {
            return false;
        }
        let name = entry.rsplit('/').next().unwrap_or(entry);
        let included =
            self.glob_include(&self.include, entry) || self.glob_include(&self.include, name);
        let rel = if base.is_empty() {
            format!("/{entry}")
        } else {
            format!("{base}/{entry}")
        };
        if self.glob_include(&self.exclude, &rel) && !included {
            return false;
        }
        if self.safe && self.symlink_outside(&join(&join(&self.source, base), entry)) {
            return false;
        }
        if included {
            return true;
        }
        let special = |s: &str| s.starts_with(['.', '_', '#', '~']);
        !(special(entry) || special(name) || entry.ends_with('~'))
    }

    /// Jekyll's `included?`: whether `entry` (relative to the source) or its file name
    /// matches `include`.
    pub fn included(&self, entry: &str) -> bool {
        let name = entry.rsplit('/').next().unwrap_or(entry);
        self.glob_include(&self.include, entry) || self.glob_include(&self.include, name)
    }

    /// `glob_include?` with other patterns than the site's (a plugin's own `exclude`).
    pub fn matches_any(&self, patterns: &[String], entry: &str) -> bool {
        self.glob_include(&Patterns::new(&self.source, patterns), entry)
    }

    /// In safe mode, a symlink pointing outside the source is not read.
    pub fn symlink_outside(&self, path: &str) -> bool {
        let p = Path::new(path);
        if !p
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            return false;
        }
        match std::fs::canonicalize(p) {
            Ok(real) => !real.to_string_lossy().starts_with(&self.source),
            Err(_) => true,
        }
    }
}
