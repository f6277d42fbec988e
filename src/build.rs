//! The whole build, as `jekyll build` does it: configuration → read → render → write.

use crate::config::Config;
use crate::options::BuildOptions;
use crate::profile::Profiler;
pub use crate::render::Regenerator;
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A build failure: a message for people (file, line and what to do, where known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// The full report, ready to print.
    pub message: String,
    /// The warnings shown before it.
    pub warnings: Vec<String>,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BuildError {}

fn err(message: impl Into<String>) -> BuildError {
    BuildError {
        message: message.into(),
        warnings: Vec::new(),
    }
}

/// What a successful build did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BuildReport {
    /// Files written to the destination.
    pub written: usize,
    /// The configuration files read.
    pub config_files: Vec<PathBuf>,
    /// The source folder.
    pub source: PathBuf,
    /// The destination folder.
    pub destination: PathBuf,
    /// Warnings, as Jekyll prints them.
    pub warnings: Vec<String>,
    /// Seconds the build took.
    pub seconds: f64,
    /// `--profile`'s tables, as Jekyll prints them after "Generating...".
    pub profile: Option<String>,
    /// Incremental builds: (items rendered, items in the site).
    pub rendered: Option<(usize, usize)>,
}

/// A build's progress as it runs, for an indication on long builds: the phase, and during
/// rendering how many documents and pages are rendered out of how many. Shared with the
/// thread that draws it, so everything is atomic.
#[derive(Debug, Default)]
pub struct BuildProgress {
    phase: Mutex<&'static str>,
    done: std::sync::atomic::AtomicUsize,
    total: std::sync::atomic::AtomicUsize,
}

impl BuildProgress {
    /// The current phase (`reading`, `generating`, `rendering`, `writing`; empty before).
    pub fn phase(&self) -> &'static str {
        self.phase.lock().map(|p| *p).unwrap_or("")
    }

    /// (items rendered, items to render) so far in this build's rendering.
    pub fn counts(&self) -> (usize, usize) {
        use std::sync::atomic::Ordering::Relaxed;
        (self.done.load(Relaxed), self.total.load(Relaxed))
    }

    pub(crate) fn enter(&self, phase: &'static str) {
        if let Ok(mut p) = self.phase.lock() {
            *p = phase;
        }
    }

    /// More items to render (a later wave, a re-render in order).
    pub(crate) fn add_total(&self, n: usize) {
        self.total
            .fetch_add(n, std::sync::atomic::Ordering::Relaxed);
    }

    pub(crate) fn item_done(&self) {
        self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// A render started over (a partial render met counters).
    pub(crate) fn restart(&self) {
        use std::sync::atomic::Ordering::Relaxed;
        self.done.store(0, Relaxed);
        self.total.store(0, Relaxed);
    }
}

/// Builds the site described by `opts` into its destination.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_observed(opts, &mut |_| {})
}

/// [`build`], calling `on_config` once the configuration is read and before the site is,
/// so a command can print Jekyll's header (configuration files, source, destination) before
/// the build's warnings and errors.
pub fn build_observed(
    opts: &BuildOptions,
    on_config: &mut dyn FnMut(&Config),
) -> Result<BuildReport, BuildError> {
    build_incremental(opts, on_config, None)
}

/// [`build_observed`] that re-renders only what changed since the last build `regen` saw
/// (`serve`, `build --watch`): pass the same [`Regenerator`] to each build of one site.
pub fn build_incremental(
    opts: &BuildOptions,
    on_config: &mut dyn FnMut(&Config),
    regen: Option<&mut Regenerator>,
) -> Result<BuildReport, BuildError> {
    build_with_progress(opts, on_config, regen, &BuildProgress::default())
}

/// [`build_incremental`], keeping `progress` up to date as it goes (Jekyll's phases, and
/// the items rendered), for a progress indication on long builds.
pub fn build_with_progress(
    opts: &BuildOptions,
    on_config: &mut dyn FnMut(&Config),
    regen: Option<&mut Regenerator>,
    progress: &BuildProgress,
) -> Result<BuildReport, BuildError> {
    let on_phase = |name| progress.enter(name);
    let start = Instant::now();
    let cwd = std::env::current_dir()
        .map_err(|e| err(format!("cannot read the working directory: {e}")))?;
    let config = Config::load(opts, &cwd).map_err(|e| err(e.0))?;
    on_config(&config);
    // Jekyll sets TZ for the whole process; dates in front matter and file names are read
    // in that zone.
    let tz = config
        .get("timezone")
        .filter(|t| !t.is_nil())
        .map(|t| t.to_ruby_s());
    if !crate::value::set_site_zone(tz.as_deref()) {
        return Err(err(format!(
            "Invalid timezone '{}': not a time zone name such as America/New_York",
            tz.unwrap_or_default()
        )));
    }
    let (source, dest) = (config.source.clone(), config.destination.clone());
    if source.ancestors().any(|a| a == dest) {
        return Err(err(
            "Destination directory cannot be or contain the Source directory.",
        ));
    }
    let keep_files = config.strings("keep_files");
    // `--incremental` in a one-off build: the state the last such build saved in the cache
    // folder (`serve` and `--watch` keep theirs in memory).
    let state_file = (regen.is_none()
        && config.flag("incremental")
        && !config.flag("disable_disk_cache"))
    .then(|| {
        config
            .source
            .join(config.string("cache_dir"))
            .join("hyde-regenerator.bin")
    });
    let mut own = state_file.as_deref().map(Regenerator::load);
    let regen = match (regen, own.as_mut()) {
        (Some(r), _) => Some(r),
        (None, o) => o,
    };
    let config_files = config.files.clone();
    let profiler = config
        .flag("profile")
        .then(|| Arc::new(Profiler::default()));
    // Jekyll's phases, timed for `--profile` (reset is the moment between configuration
    // and reading).
    let mut phases = vec![("RESET", Duration::ZERO)];
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, phases: &mut Vec<(&'static str, Duration)>| {
        phases.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let log: Arc<Mutex<Vec<String>>> = Arc::default();
    // A failure still shows the warnings that came before it, as Jekyll has printed them.
    let failed = |message: String, more: Vec<String>| {
        let mut warnings = log.lock().map(|w| w.clone()).unwrap_or_default();
        warnings.extend(more);
        BuildError { message, warnings }
    };
    let sources = regen.as_ref().map(|r| r.sources.clone());
    // A watcher's list of changes is for this build only, however it ends.
    let _forget = sources.clone().map(crate::reader::cache::ForgetChanges);
    on_phase("reading");
    // A one-off build lists the destination for the cleanup while it reads (a session's
    // rebuilds mostly skip the cleanup).
    let read = || crate::site::Site::read_cached(config, log.clone(), sources);
    let (site, listing) = match crate::render::pool() {
        Ok(pool) if regen.is_none() => {
            pool.install(|| rayon::join(read, || Some(crate::writer::list(&dest, &keep_files))))
        }
        _ => (read(), None),
    };
    let mut site = site.map_err(|e| failed(e.0, Vec::new()))?;
    lap("READ", &mut phases);
    on_phase("generating");
    crate::plugins::generate(&mut site).map_err(|e| failed(e.0, Vec::new()))?;
    lap("GENERATE", &mut phases);
    on_phase("rendering");
    let mut regen = regen;
    let (outputs, mut warnings) = crate::render::render_tracked(
        &site,
        profiler.clone(),
        regen.as_deref_mut(),
        Some(progress),
    )
    .map_err(|e| failed(e.message, e.warnings))?;
    lap("RENDER", &mut phases);
    on_phase("writing");
    let mut all_warnings = site.warnings();
    all_warnings.append(&mut warnings);
    // Jekyll's conflict warning; asked on every (re)build, and conflicts are rare: the full
    // check runs only when two outputs share a path.
    let mut seen = std::collections::HashSet::with_capacity(outputs.len());
    if !outputs.iter().all(|(path, _)| seen.insert(path)) {
        all_warnings.extend(crate::doctor::conflict_warnings(&site, &dest));
    }
    // The same files as the last build of this session: nothing to clean up.
    let paths = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        outputs.iter().for_each(|(p, _)| p.hash(&mut h));
        keep_files.hash(&mut h);
        dest.hash(&mut h);
        h.finish()
    };
    if regen.as_ref().is_none_or(|r| r.paths != Some(paths)) {
        crate::writer::cleanup(&dest, &outputs, &keep_files, listing)
            .map_err(|e| failed(e.0, warnings.clone()))?;
    }
    lap("CLEANUP", &mut phases);
    let changed = regen.as_mut().and_then(|r| r.output_changes.take());
    let written = crate::writer::write_outputs(&dest, &outputs, changed.as_ref())
        .map_err(|e| failed(e.0, warnings.clone()))?;
    let mut rendered = None;
    if let Some(r) = regen {
        r.written = true;
        r.paths = Some(paths);
        rendered = Some(r.last_rendered());
    }
    if let (Some(file), Some(r)) = (&state_file, &own)
        && let Err(e) = r.save(file)
    {
        all_warnings.push(format!(
            "Incremental build: could not save its state in {}: {e}",
            file.display()
        ));
    }
    lap("WRITE", &mut phases);
    // Freeing a large site takes milliseconds that a rebuild's caller waits for (the browser
    // reloads when this returns): do it on the side.
    std::thread::spawn(move || drop((site, outputs)));
    Ok(BuildReport {
        profile: profiler.map(|p| crate::profile::report(&phases, &p)),
        written,
        config_files,
        source,
        destination: dest,
        warnings: all_warnings,
        seconds: start.elapsed().as_secs_f64(),
        rendered,
    })
}

/// `hyde clean`: removes the destination, `.jekyll-metadata`, the cache folder and
/// `.sass-cache`, and says what it did for each, as `jekyll clean` does.
pub fn clean(opts: &BuildOptions) -> Result<Vec<String>, BuildError> {
    let cwd = std::env::current_dir()
        .map_err(|e| err(format!("cannot read the working directory: {e}")))?;
    let config = Config::load(opts, &cwd).map_err(|e| err(e.0))?;
    let targets = [
        (config.destination.clone(), true),
        (config.source.join(".jekyll-metadata"), false),
        (config.source.join(config.string("cache_dir")), true),
        (cwd.join(".sass-cache"), true),
    ];
    let mut lines = Vec::new();
    for (path, dir) in targets {
        let exists = if dir { path.is_dir() } else { path.is_file() };
        if exists {
            lines.push(format!("Removing {}...", path.display()));
            let r = if dir {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            r.map_err(|e| err(format!("could not remove {}: {e}", path.display())))?;
        } else {
            lines.push(format!("Nothing to do for {}.", path.display()));
        }
    }
    Ok(lines)
}

/// What a warning is about, for the count at the end of a build: (one, many).
pub fn warning_kind(warning: &str) -> (&'static str, &'static str) {
    let w = warning.trim_start();
    let starts = |p: &str| w.starts_with(p);
    if starts("Skipping:") && w.contains("future date") {
        ("future-dated post skipped", "future-dated posts skipped")
    } else if starts("Skipping:") {
        ("file skipped", "files skipped")
    } else if starts("Conflict:") {
        ("output path written twice", "output paths written twice")
    } else if starts("Error: YAML Exception") {
        ("bad front matter", "bad front matters")
    } else if starts("Build Warning: Layout") {
        ("missing layout", "missing layouts")
    } else if starts("Liquid Warning:") {
        ("Liquid warning", "Liquid warnings")
    } else if starts("Deprecation:") || starts("Defaults:") {
        ("deprecated setting", "deprecated settings")
    } else if starts("Plugins:") || w.contains("does not ship") {
        ("plugin not shipped", "plugins not shipped")
    } else {
        ("other", "other")
    }
}

/// The line that ends a build with warnings: how many, of which kinds (most first), e.g.
/// `3 warnings (see above): 2 future-dated posts skipped, 1 output path written twice`.
pub fn warning_summary(warnings: &[String]) -> Option<String> {
    if warnings.is_empty() {
        return None;
    }
    let mut kinds: Vec<((&str, &str), usize)> = Vec::new();
    for w in warnings {
        let k = warning_kind(w);
        match kinds.iter_mut().find(|(name, _)| *name == k) {
            Some((_, n)) => *n += 1,
            None => kinds.push((k, 1)),
        }
    }
    // Stable: equal counts keep the order they were first seen in.
    kinds.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    let parts: Vec<String> = kinds
        .iter()
        .map(|&((one, many), n)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect();
    let n = warnings.len();
    Some(format!(
        "{n} warning{} (see above): {}",
        if n == 1 { "" } else { "s" },
        parts.join(", ")
    ))
}

/// Jekyll's header, printed once the configuration is read (`build`, `serve`): the
/// configuration files, source, destination, incremental mode, then `Generating...`; each as
/// (topic, message).
pub fn header_lines(config: &Config) -> Vec<(&'static str, String)> {
    let mut lines: Vec<(&'static str, String)> = config
        .files
        .iter()
        .map(|f| ("Configuration file:", f.display().to_string()))
        .collect();
    if lines.is_empty() {
        lines.push(("Configuration file:", "none".into()));
    }
    lines.push(("Source:", config.source.display().to_string()));
    lines.push(("Destination:", config.destination.display().to_string()));
    let incremental = if config.flag("incremental") {
        "enabled"
    } else {
        "disabled. Enable with --incremental"
    };
    lines.push(("Incremental build:", incremental.into()));
    lines.push(("Generating...", String::new()));
    lines
}

/// What jekyll-watch prints when files change (`build --watch`, `serve`): the count and the
/// time, then each file relative to the source; each as (topic, message).
pub fn regenerating_lines(
    changed: &[PathBuf],
    source: &std::path::Path,
) -> Vec<(&'static str, String)> {
    let at = crate::value::now().dt.format("%Y-%m-%d %H:%M:%S");
    let mut lines = vec![(
        "Regenerating:",
        format!("{} file(s) changed at {at}", changed.len()),
    )];
    for p in changed {
        let rel = p.strip_prefix(source).unwrap_or(p);
        lines.push(("", rel.display().to_string()));
    }
    lines
}

/// A log line as Jekyll prints it: the topic right-aligned in 20 columns, then the message.
pub fn log_line(topic: &str, message: &str) -> String {
    format!(
        "{:>20}{message}",
        if topic.is_empty() {
            String::new()
        } else {
            format!("{topic} ")
        }
    )
}

#[cfg(test)]
mod tests {
    use super::warning_summary;

    #[test]
    fn the_summary_counts_warnings_by_kind_most_first() {
        let w = |s: &str| s.to_string();
        assert_eq!(warning_summary(&[]), None);
        assert_eq!(
            warning_summary(&[
                w("Conflict: The following destination is shared by multiple files.\n..."),
                w("Skipping: _posts/2099-01-01-a.md has a future date"),
                w("Skipping: _posts/2099-01-02-b.md has a future date"),
            ])
            .as_deref(),
            Some(
                "3 warnings (see above): 2 future-dated posts skipped, 1 output path written twice"
            )
        );
        assert_eq!(
            warning_summary(&[w(
                "Build Warning: Layout 'x' requested in a.md does not exist."
            )])
            .as_deref(),
            Some("1 warning (see above): 1 missing layout")
        );
    }
}
