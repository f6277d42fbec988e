//! Gem-based themes (`theme: name`), found in installed gem folders without running Ruby.

use std::path::{Path, PathBuf};

/// Folders where RubyGems installs gems, in the order RubyGems searches them: `GEM_HOME`,
/// `GEM_PATH`, the user's `~/.gem`, Bundler's `vendor/bundle` in the site, and the system's.
fn gem_dirs(source: &Path) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = Vec::new();
    if let Ok(h) = std::env::var("GEM_HOME") {
        roots.push(PathBuf::from(h));
    }
    if let Ok(p) = std::env::var("GEM_PATH") {
        roots.extend(std::env::split_paths(&p));
    }
    let globbed = |dir: PathBuf| -> Vec<PathBuf> {
        std::fs::read_dir(&dir)
            .map(|rd| rd.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    };
    if let Ok(home) = std::env::var("HOME") {
        roots.extend(globbed(PathBuf::from(home).join(".gem/ruby")));
    }
    roots.extend(globbed(source.join("vendor/bundle/ruby")));
    roots.push(PathBuf::from("/usr/share/rubygems-integration/all"));
    roots.extend(globbed(PathBuf::from("/var/lib/gems")));
    roots.extend(globbed(PathBuf::from("/usr/lib/ruby/gems")));
    roots.extend(globbed(PathBuf::from("/usr/local/lib/ruby/gems")));
    roots
        .into_iter()
        .map(|r| r.join("gems"))
        .filter(|g| g.is_dir())
        .collect()
}

/// Numeric parts of a gem version, for picking the newest.
fn version_key(v: &str) -> Vec<u64> {
    v.split('.')
        .map(|p| {
            p.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(0)
        })
        .collect()
}

/// The installed folder of the theme gem `name` (its newest version), if any.
pub fn find(name: &str, source: &Path) -> Option<PathBuf> {
    let name = name.trim().to_lowercase();
    for dir in gem_dirs(source) {
        let mut best: Option<(Vec<u64>, PathBuf)> = None;
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            let Some(version) = file.strip_prefix(&format!("{name}-")) else {
                continue;
            };
            if !version.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            let key = version_key(version);
            if best.as_ref().is_none_or(|(k, _)| key > *k) {
                best = Some((key, entry.path()));
            }
        }
        if let Some((_, path)) = best {
            return std::fs::canonicalize(&path).ok().or(Some(path));
        }
    }
    None
}

/// The runtime dependencies (but `jekyll`) of the theme gem installed at `root`, read from
/// its installed gemspec (`<gems dir>/../specifications/<folder>.gemspec`) without Ruby:
/// `add_runtime_dependency` calls, or, in a spec that has none, `add_dependency` calls
/// (which RubyGems also counts as runtime).
pub fn runtime_dependencies(root: &Path) -> Vec<String> {
    let (Some(folder), Some(gems)) = (root.file_name(), root.parent()) else {
        return Vec::new();
    };
    let spec = gems
        .with_file_name("specifications")
        .join(format!("{}.gemspec", folder.to_string_lossy()));
    let Ok(text) = std::fs::read_to_string(spec) else {
        return Vec::new();
    };
    let deps = |call: &str| -> Vec<String> {
        text.lines()
            .filter_map(|line| {
                let rest = line.split_once(call)?.1;
                let rest = rest.trim_start_matches(['(', ' ']);
                let name = if let Some(r) = rest.strip_prefix("%q<") {
                    r.split('>').next()
                } else {
                    let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
                    rest[1..].split(q).next()
                }?;
                Some(name.to_string())
            })
            .filter(|n| n != "jekyll")
            .collect()
    };
    let runtime = deps(".add_runtime_dependency");
    let mut out = if runtime.is_empty() {
        deps(".add_dependency")
    } else {
        runtime
    };
    out.dedup();
    out
}
