//! `--profile`: Jekyll's "Build Process Summary" (time per phase) and "Site Render Stats"
//! (Liquid renders per template file: count, bytes out, seconds), laid out as Jekyll's
//! terminal-table prints them.

use std::cell::Cell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

/// One Liquid render: the item being rendered (its render-order index, when there is one),
/// the template's name as Jekyll shows it, the bytes it produced and the time it took.
struct Entry {
    item: Option<usize>,
    /// The document whose excerpt was being rendered (see [`for_excerpt`]).
    excerpt_of: Option<usize>,
    file: String,
    bytes: usize,
    time: Duration,
}

/// Collects Liquid render stats across the render threads.
#[derive(Default)]
pub struct Profiler {
    entries: Mutex<Vec<Entry>>,
}

impl Profiler {
    /// Records a render of `file` that produced `bytes` in `time`.
    pub fn record(&self, file: &str, bytes: usize, time: Duration) {
        let item = crate::site::order::current_item();
        if let Ok(mut e) = self.entries.lock() {
            e.push(Entry {
                item,
                excerpt_of: EXCERPT_OF.with(Cell::get),
                file: file.to_string(),
                bytes,
                time,
            });
        }
    }

    /// Drops what item `item` recorded: it is about to be rendered again (see `site::order`),
    /// and Jekyll renders every item once.
    pub fn forget(&self, item: usize) {
        if let Ok(mut e) = self.entries.lock() {
            e.retain(|x| x.item != Some(item));
        }
    }

    /// Keeps the renders of excerpts only for the documents whose excerpt `read` says was
    /// read: Jekyll renders an excerpt on first use.
    pub fn keep_excerpts(&self, read: impl Fn(usize) -> bool) {
        if let Ok(mut e) = self.entries.lock() {
            e.retain(|x| x.excerpt_of.is_none_or(&read));
        }
    }

    /// Jekyll's `LiquidRenderer::Table`: the 50 slowest files, then their totals.
    pub fn stats_table(&self) -> String {
        let mut by_file: Vec<(String, usize, usize, f64)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        if let Ok(entries) = self.entries.lock() {
            for e in entries.iter() {
                let i = *index.entry(e.file.clone()).or_insert_with(|| {
                    by_file.push((e.file.clone(), 0, 0, 0.0));
                    by_file.len() - 1
                });
                let row = &mut by_file[i];
                row.1 += 1;
                row.2 += e.bytes;
                row.3 += e.time.as_secs_f64();
            }
        }
        by_file.sort_by(|a, b| b.3.total_cmp(&a.3));
        by_file.truncate(50);
        let kb = |b: usize| format!("{:.2}K", b as f64 / 1024.0);
        let mut rows = vec![vec![
            "Filename".to_string(),
            "Count".into(),
            "Bytes".into(),
            "Time".into(),
        ]];
        let (mut count, mut bytes, mut time) = (0, 0, 0.0);
        for (file, c, b, t) in &by_file {
            rows.push(vec![file.clone(), c.to_string(), kb(*b), format!("{t:.3}")]);
            count += c;
            bytes += b;
            time += t;
        }
        rows.push(vec![
            format!("TOTAL (for {} files)", by_file.len()),
            count.to_string(),
            kb(bytes),
            format!("{time:.3}"),
        ]);
        tabulate(&rows)
    }
}

thread_local! {
    static EXCERPT_OF: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Runs `f` (the render of document `doc`'s excerpt) with its renders marked as the excerpt's.
pub fn for_excerpt<T>(doc: usize, f: impl FnOnce() -> T) -> T {
    let before = EXCERPT_OF.with(|c| c.replace(Some(doc)));
    let out = f();
    EXCERPT_OF.with(|c| c.set(before));
    out
}

/// Jekyll's `Profiler#profile_process` table: each phase's seconds and their total.
pub fn phase_table(phases: &[(&str, Duration)]) -> String {
    let mut rows = vec![vec!["PHASE".to_string(), "TIME".into()]];
    let mut total = 0.0;
    for (name, d) in phases {
        // Jekyll rounds each phase to 4 places before adding it to the total.
        let t = (d.as_secs_f64() * 1e4).round() / 1e4;
        total += t;
        rows.push(vec![name.to_string(), format!("{t:.4}")]);
    }
    rows.push(vec!["TOTAL TIME".into(), format!("{total:.4}")]);
    tabulate(&rows)
}

/// `Jekyll::Profiler.tabulate`: a terminal-table with no top or bottom border, the header
/// row then a separator, the first column left-aligned and the rest right-aligned; with the
/// leading newline Jekyll adds.
fn tabulate(rows: &[Vec<String>]) -> String {
    let ncols = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..ncols)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let line = |r: &Vec<String>| {
        let mut s = String::from("|");
        for (c, cell) in r.iter().enumerate() {
            let pad = " ".repeat(widths[c] - cell.chars().count());
            if c == 0 {
                s.push_str(&format!(" {cell}{pad} |"));
            } else {
                s.push_str(&format!(" {pad}{cell} |"));
            }
        }
        s
    };
    let mut out = String::from("\n");
    for (i, r) in rows.iter().enumerate() {
        out.push_str(&line(r));
        out.push('\n');
        if i == 0 {
            out.push('+');
            for w in &widths {
                out.push_str(&"-".repeat(w + 2));
                out.push('+');
            }
            out.push('\n');
        }
    }
    out
}

/// The profile as Jekyll logs it after "Generating...": both tables with their headings.
pub fn report(phases: &[(&str, Duration)], profiler: &Profiler) -> String {
    format!(
        "\nBuild Process Summary: \n{} \n\nSite Render Stats: \n{} ",
        phase_table(phases),
        profiler.stats_table()
    )
}

/// A template's name in the stats, as Jekyll's `LiquidRenderer#normalize_path` gives it:
/// relative to the source; inside an installed gem, `<gem-dir>/<rest>`; inside the theme,
/// `<theme-folder-name>/<rest>`; otherwise without a leading `/`.
pub fn file_key(path: &str, source: &Path, theme: Option<&Path>) -> String {
    let source = source.to_string_lossy();
    if let Some(rest) = path.strip_prefix(&format!("{source}/")) {
        return rest.to_string();
    }
    // `(/gems/.*)*/gems/(?<dirname>[^/]+)(?<rest>.*)`: the folder after the last `/gems/`.
    if let Some(i) = path.rfind("/gems/") {
        let after = &path[i + "/gems/".len()..];
        if !after.is_empty() && !after.starts_with('/') {
            return after.to_string();
        }
    }
    // `(?<dirname>[^/]+/lib)(?<rest>.*)`: from the folder holding the first `lib`.
    let mut from = 0;
    while let Some(i) = path[from..].find("/lib").map(|i| i + from) {
        let start = path[..i].rfind('/').map_or(0, |s| s + 1);
        if start < i {
            return path[start..].to_string();
        }
        from = i + 1;
    }
    if let Some(theme) = theme {
        let root = theme.to_string_lossy();
        if let Some(rest) = path.strip_prefix(&format!("{root}/")) {
            let name = theme
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            return format!("{name}/{rest}");
        }
    }
    path.strip_prefix('/').unwrap_or(path).to_string()
}
