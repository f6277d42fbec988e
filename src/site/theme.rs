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
