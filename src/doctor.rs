//! `hyde doctor`: Jekyll's checks on a site that has been read and generated (nothing is
//! rendered or written) — destinations shared by several files, URLs that differ only by case,
//! the `url` setting, `_posts` outside `collections_dir`, relative permalinks — plus what only
//! hyde needs to say: Ruby plugins in `_plugins/` and listed plugins it does not ship, which a
//! build skips.

use crate::build::BuildError;
use crate::config::Config;
use crate::options::BuildOptions;
use crate::site::SiteFile;
use crate::value::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What the checks found: log lines `(topic, message)` as Jekyll prints them, and whether the
/// site is healthy (Jekyll then says so; otherwise it exits with status 1).
#[derive(Debug, Default)]
pub struct DoctorReport {
    /// The configuration files read.
    pub config_files: Vec<PathBuf>,
    /// Warnings, in Jekyll's order.
    pub lines: Vec<(String, String)>,
    /// No check failed.
    pub healthy: bool,
}

/// Every file a build writes, with the source it comes from (redirect pages may reuse a
/// URL on purpose): (destination, source, rendered rather than copied).
fn written_files(site: &crate::site::Site, dest: &std::path::Path) -> Vec<(PathBuf, String, bool)> {
    let mut written = Vec::new();
    for (path, file) in site.files_to_write() {
        let (source, rendered) = match file {
            SiteFile::Page(p) if p.data.get("redirect").is_some_and(|r| !r.is_nil()) => continue,
            SiteFile::Page(p) => (p.relative_path(), true),
            SiteFile::Static(f) => (f.path.display().to_string(), false),
            SiteFile::Document(d) => (d.path.display().to_string(), true),
        };
        written.push((dest.join(path), source, rendered));
    }
    written
}

/// Destinations more than one file writes, with those files, in the order first written.
fn conflicts(written: &[(PathBuf, String, bool)]) -> Vec<(&PathBuf, Vec<&str>)> {
    let mut by_dest: BTreeMap<&PathBuf, Vec<&str>> = BTreeMap::new();
    let mut order: Vec<&PathBuf> = Vec::new();
    for (path, source, _) in written {
        let e = by_dest.entry(path).or_default();
        if e.is_empty() {
            order.push(path);
        }
        e.push(source);
    }
    order
        .into_iter()
        .filter_map(|p| by_dest.remove(p).filter(|s| s.len() > 1).map(|s| (p, s)))
        .collect()
}

/// Jekyll's warning, on every build, for destinations shared by several files (one warning
/// each, its lines as Jekyll prints them).
pub fn conflict_warnings(site: &crate::site::Site, dest: &std::path::Path) -> Vec<String> {
    let written = written_files(site, dest);
    conflicts(&written)
        .into_iter()
        .map(|(path, sources)| {
            let mut w = format!(
                "Conflict: The following destination is shared by multiple files.\nThe written file may end up with unexpected contents.\n{}",
                path.display()
            );
            for s in sources {
                w.push_str(&format!("\n - {s}"));
            }
            w
        })
        .collect()
}

/// Reads the site `opts` describes and runs the checks.
pub fn doctor(opts: &BuildOptions) -> Result<DoctorReport, BuildError> {
    let fail = |m: String| BuildError {
        message: m,
        warnings: Vec::new(),
    };
    let cwd = std::env::current_dir().map_err(|e| fail(e.to_string()))?;
    let config = Config::load(opts, &cwd).map_err(|e| fail(e.0))?;
    let mut report = DoctorReport {
        config_files: config.files.clone(),
        ..Default::default()
    };
    let url = config.get("url").cloned().unwrap_or_default();
    let dest = config.destination.clone();
    let mut site = crate::site::Site::read(config).map_err(|e| fail(e.0))?;
    crate::plugins::generate(&mut site).map_err(|e| fail(e.0))?;
    let mut lines: Vec<(String, String)> = Vec::new();
    let mut warn = |topic: &str, message: String| lines.push((topic.to_string(), message));
    let mut healthy = true;

    if site.config.flag("relative_permalinks") {
        warn(
            "Deprecation:",
            "Your site still uses relative permalinks, which was removed in Jekyll v3.0.0.".into(),
        );
        healthy = false;
    }

    let written = written_files(&site, &dest);
    for (path, sources) in conflicts(&written) {
        healthy = false;
        warn(
            "Conflict:",
            "The following destination is shared by multiple files.".into(),
        );
        warn(
            "",
            "The written file may end up with unexpected contents.".into(),
        );
        warn("", path.display().to_string());
        for s in sources {
            warn("", format!(" - {s}"));
        }
        warn("", String::new());
    }

    // Pages and documents whose destinations differ only by case.
    let mut by_lower: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut lower_order = Vec::new();
    for (path, _, rendered) in &written {
        if !rendered {
            continue;
        }
        let p = path.display().to_string();
        let key = p.to_lowercase();
        if !by_lower.contains_key(&key) {
            lower_order.push(key.clone());
        }
        by_lower.entry(key).or_default().push(p);
    }
    for key in lower_order {
        let mut real = by_lower[&key].clone();
        real.dedup();
        let distinct: std::collections::BTreeSet<&String> = real.iter().collect();
        if distinct.len() > 1 {
            healthy = false;
            warn(
                "Warning:",
                format!(
                    "The following URLs only differ by case. On a case-insensitive file system one of the URLs will be overwritten by the other: {}",
                    real.join(", ")
                ),
            );
        }
    }

    // `url`: set, and absolute.
    let url_text = match &url {
        Value::Nil => String::new(),
        v => v.to_ruby_s(),
    };
    if url_text.is_empty() {
        warn(
            "Warning:",
            "You didn't set an URL in the config file, you may encounter problems with some plugins."
                .into(),
        );
        healthy = false;
    }
    let absolute = url_text.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if !absolute {
        warn(
            "Warning:",
            "Your site URL does not seem to be absolute, check the value of `url` in your config file."
                .into(),
        );
        healthy = false;
    }

    // `_posts` at the root while collections live in `collections_dir`.
    let collections_dir = site.config.string("collections_dir");
    let posts_at_root = site.config.source.join("_posts");
    if !collections_dir.is_empty() && posts_at_root.is_dir() {
        warn(
            "Warning:",
            "Detected '_posts' directory outside custom `collections_dir`!".into(),
        );
        warn(
            "",
            format!(
                "Please move '{}' into the custom directory at '{}'",
                posts_at_root.display(),
                site.config.source.join(&collections_dir).display()
            ),
        );
        healthy = false;
    }

    // hyde's own: Ruby it cannot run, and plugins it does not ship.
    let plugins_dir = site.config.in_source("plugins_dir");
    let mut ruby: Vec<String> = std::fs::read_dir(&plugins_dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rb"))
        .map(|p| p.display().to_string())
        .collect();
    ruby.sort();
    if !ruby.is_empty() && !site.config.flag("safe") {
        warn(
            "Warning:",
            format!(
                "hyde cannot run Ruby plugins; a build skips {}. Whatever they generate, and the tags and filters they define, are missing from the site.",
                ruby.join(", ")
            ),
        );
        healthy = false;
    }
    let missing = crate::plugins::unshipped(&site);
    if !missing.is_empty() {
        warn(
            "Warning:",
            format!(
                "hyde does not ship {}; a build goes on without them (their tags render as nothing).",
                missing.join(", ")
            ),
        );
        healthy = false;
    }

    report.lines = lines;
    report.healthy = healthy;
    Ok(report)
}
