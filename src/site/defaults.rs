//! Front matter `defaults`: which sets apply to a path and type, and their precedence
//! (Jekyll's `FrontmatterDefaults`).

use crate::config::deep_merge;
use crate::value::{Hash, Value};
use globset::{GlobBuilder, GlobMatcher};

#[derive(Debug, Clone)]
struct Set {
    path: String,
    /// Compiled when the scope path has a `*` (Jekyll globs it).
    glob: Option<GlobMatcher>,
    kind: Option<String>,
    values: Hash,
}

/// The site's `defaults`, ready to answer "what applies to this file".
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    sets: Vec<Set>,
    collections_dir: String,
}

/// `sanitize_path`: a leading `/` and a trailing `/` removed.
fn sanitize(path: &str) -> String {
    let p = path.strip_prefix('/').unwrap_or(path);
    if path.starts_with('/') {
        p.strip_suffix('/').unwrap_or(p).to_string()
    } else {
        path.to_string()
    }
}

impl Defaults {
    /// Reads the `defaults` setting; invalid sets are skipped, as Jekyll skips them (with a
    /// warning, returned here).
    pub fn new(config: Option<&Value>, collections_dir: &str) -> (Defaults, Vec<String>) {
        let mut sets = Vec::new();
        let mut warnings = Vec::new();
        if let Some(Value::Array(items)) = config {
            for item in items.iter() {
                let Some(Value::Hash(values)) = item.get("values") else {
                    warnings.push(format!(
                        "An invalid front-matter default set was found: {}",
                        item.inspect()
                    ));
                    continue;
                };
                let scope = item.get("scope").unwrap_or_default();
                let path = match scope.get("path") {
                    Some(Value::Str(p)) => p.to_string(),
                    _ => String::new(),
                };
                let kind = scope.get("type").filter(|t| !t.is_nil()).map(|t| {
                    match t.to_ruby_s().as_str() {
                        "page" => "pages".to_string(),
                        "post" => "posts".to_string(),
                        "draft" => "drafts".to_string(),
                        other => other.to_string(),
                    }
                });
                let glob = path.contains('*').then(|| {
                    GlobBuilder::new(&strip_collections_dir(&path, collections_dir))
                        .literal_separator(true)
                        .build()
                        .ok()
                        .map(|g| g.compile_matcher())
                });
                sets.push(Set {
                    path,
                    glob: glob.flatten(),
                    kind,
                    values: values.as_ref().clone(),
                });
            }
        }
        (
            Defaults {
                sets,
                collections_dir: collections_dir.to_string(),
            },
            warnings,
        )
    }

    fn applies(&self, set: &Set, path: &str, kind: Option<&str>) -> bool {
        if let Some(k) = &set.kind
            && kind != Some(k.as_str())
        {
            return false;
        }
        if set.path.is_empty() {
            return true;
        }
        let path = sanitize(path);
        if set.path.contains('*') {
            // Jekyll globs the scope on disk and checks for a prefix: any leading part of the
            // path (by folder) that the glob matches.
            let Some(g) = &set.glob else { return false };
            let mut prefix = String::new();
            for (i, part) in path.split('/').enumerate() {
                if i > 0 {
                    prefix.push('/');
                }
                prefix.push_str(part);
                if g.is_match(&prefix) {
                    return true;
                }
            }
            false
        } else {
            path.starts_with(&strip_collections_dir(&set.path, &self.collections_dir))
        }
    }

    /// Jekyll's `has_precedence?`: a longer scope path wins; at equal length a scope with a
    /// type wins over one without.
    fn precedes(old: Option<&Set>, new: &Set) -> bool {
        let Some(old) = old else { return true };
        let (n, o) = (sanitize(&new.path).len(), sanitize(&old.path).len());
        if n != o {
            n >= o
        } else if new.kind.is_some() {
            true
        } else {
            old.kind.is_none()
        }
    }

    /// All defaults for a file at `path` (relative to the source) of `kind` (collection
    /// label, `pages`, or none for static files outside collections).
    pub fn all(&self, path: &str, kind: Option<&str>) -> Hash {
        let mut out = Hash::default();
        let mut old: Option<&Set> = None;
        for set in self.sets.iter().filter(|s| self.applies(s, path, kind)) {
            if Self::precedes(old, set) {
                deep_merge(&mut out, &set.values);
                old = Some(set);
            } else {
                let mut merged = set.values.clone();
                deep_merge(&mut merged, &out);
                out = merged;
            }
        }
        out
    }

    /// One setting's default (`find`), for lookups of keys a file did not set.
    pub fn find(&self, path: &str, kind: Option<&str>, key: &str) -> Option<Value> {
        let mut value = None;
        let mut old: Option<&Set> = None;
        for set in self.sets.iter().filter(|s| self.applies(s, path, kind)) {
            if let Some(v) = set.values.get(key)
                && Self::precedes(old, set)
            {
                value = Some(v.clone());
                old = Some(set);
            }
        }
        value
    }
}

/// A scope path under `collections_dir` is matched without that prefix.
fn strip_collections_dir(path: &str, collections_dir: &str) -> String {
    if collections_dir.is_empty() {
        return path.to_string();
    }
    let slashed = format!("{collections_dir}/");
    path.strip_prefix(&slashed)
        .map(str::to_string)
        .unwrap_or_else(|| path.to_string())
}
