//! Converted Markdown, kept by its source text, as Jekyll 4's Markdown converter keeps it
//! (`Jekyll::Cache.new("Jekyll::Converters::Markdown").getset(content)`): in memory for the
//! build, so a `markdownify` of the same bio on every page converts it once, and in the cache
//! folder for the next process, so a repeat build converts only what changed. Conversion is a
//! function of the text and the converter's settings alone, which name the disk file's
//! contents: another configuration or another hyde build starts afresh.

use crate::fast_hash::FastMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// The disk file's format line.
const MAGIC: &str = "hyde markdown cache 1";

/// How much converted HTML is kept, in memory and on disk: the most recently used first.
/// Enough for every page of a large site.
const KEEP_BYTES: usize = 64 << 20;

/// A source text's key: two 64-bit hashes of differently seeded states (a collision would
/// need both to agree).
type Key = u128;

fn key_of(text: &str) -> Key {
    use std::hash::Hasher;
    let mut a = crate::fast_hash::FastHasher::default();
    a.write(text.as_bytes());
    let mut b = crate::fast_hash::FastHasher::default();
    b.write_u64(0x9e37_79b9_7f4a_7c15);
    b.write(text.as_bytes());
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

struct Entry {
    html: Arc<str>,
    /// The last build that asked for it.
    build: u64,
}

/// The conversions of one disk file (or of none) under one set of settings, shared by the
/// builds of a process (`serve` rebuilds, tests).
pub(super) struct MarkdownCache {
    entries: OnceLock<Mutex<FastMap<Key, Entry>>>,
    /// `<cache_dir>/hyde-markdown`, unless the disk cache is off.
    file: Option<PathBuf>,
    /// The settings and code the conversions were made with.
    fingerprint: String,
    /// Whether a conversion was added since the file was last written.
    added: AtomicBool,
    /// The current build's number.
    build: AtomicU64,
}

/// The cache for `file` and `settings` (one per pair in the process).
pub(super) fn shared(file: Option<PathBuf>, settings: &str) -> Arc<MarkdownCache> {
    static ALL: Mutex<Vec<Arc<MarkdownCache>>> = Mutex::new(Vec::new());
    let fingerprint = format!("{} {settings}", env!("HYDE_SOURCE_ID"));
    let mut all = ALL.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(c) = all
        .iter()
        .find(|c| c.file == file && c.fingerprint == fingerprint)
    {
        return c.clone();
    }
    let c = Arc::new(MarkdownCache {
        entries: OnceLock::new(),
        file,
        fingerprint,
        added: AtomicBool::new(false),
        build: AtomicU64::new(1),
    });
    all.push(c.clone());
    c
}

impl std::fmt::Debug for MarkdownCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MarkdownCache")
            .field("file", &self.file)
            .finish_non_exhaustive()
    }
}

impl MarkdownCache {
    fn entries(&self) -> &Mutex<FastMap<Key, Entry>> {
        self.entries.get_or_init(|| {
            Mutex::new(self.file.as_ref().map(|f| self.load(f)).unwrap_or_default())
        })
    }

    /// The conversion of `text`, made by `convert` unless it was made before.
    pub(super) fn get_or_convert(&self, text: &str, convert: impl FnOnce() -> String) -> String {
        let key = key_of(text);
        let build = self.build.load(Ordering::Relaxed);
        if let Ok(mut map) = self.entries().lock()
            && let Some(e) = map.get_mut(&key)
        {
            e.build = build;
            return e.html.to_string();
        }
        // Converted outside the lock: pages convert in parallel.
        let html = convert();
        if let Ok(mut map) = self.entries().lock() {
            map.insert(
                key,
                Entry {
                    html: Arc::from(html.as_str()),
                    build,
                },
            );
            self.added.store(true, Ordering::Relaxed);
        }
        html
    }

    /// The entries of the disk file, if it was written for these settings.
    fn load(&self, file: &PathBuf) -> FastMap<Key, Entry> {
        let mut map = FastMap::default();
        let Ok(bytes) = std::fs::read(file) else {
            return map;
        };
        let mut r = Fields(&bytes);
        if r.text() != Some(MAGIC) || r.text() != Some(self.fingerprint.as_str()) {
            return map;
        }
        while let (Some(k), Some(html)) = (r.text(), r.text()) {
            let Ok(key) = Key::from_str_radix(k, 16) else {
                return FastMap::default();
            };
            let html = Arc::from(html);
            map.insert(key, Entry { html, build: 0 });
        }
        map
    }

    /// A build is over: what it converted anew goes to the disk file (the most recently
    /// used entries up to [`KEEP_BYTES`], written whole and renamed into place; a failure
    /// only costs the next process its conversions), on another thread when `background`
    /// (a long-lived process: the rebuild's reload need not wait for it).
    pub(super) fn build_done(&self, background: bool) {
        let build = self.build.fetch_add(1, Ordering::Relaxed);
        let Some(entries) = self.entries.get() else {
            return;
        };
        if !self.added.swap(false, Ordering::Relaxed) {
            return;
        }
        let Ok(mut map) = entries.lock() else {
            return;
        };
        let mut recent: Vec<(u64, Key, Arc<str>)> = map
            .iter()
            .map(|(k, e)| (e.build, *k, e.html.clone()))
            .collect();
        recent.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut kept = 0;
        recent.retain(|(b, _, html)| {
            kept += html.len();
            *b == build || kept <= KEEP_BYTES
        });
        if recent.len() < map.len() {
            map.retain(|_, e| e.build == build);
            for (b, k, html) in &recent {
                map.insert(
                    *k,
                    Entry {
                        html: html.clone(),
                        build: *b,
                    },
                );
            }
        }
        drop(map);
        let Some(file) = self.file.clone() else {
            return;
        };
        let head = [MAGIC.to_string(), self.fingerprint.clone()];
        let write = move || write_file(&file, &head, &recent);
        if background {
            std::thread::spawn(write);
        } else {
            write();
        }
    }
}

fn write_file(file: &std::path::Path, head: &[String], entries: &[(u64, Key, Arc<str>)]) {
    let mut out = String::new();
    let mut field = |s: &str| {
        out.push_str(&s.len().to_string());
        out.push('\n');
        out.push_str(s);
        out.push('\n');
    };
    for h in head {
        field(h);
    }
    for (_, k, html) in entries {
        field(&format!("{k:032x}"));
        field(html);
    }
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    let written = file
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&tmp, out))
        .and_then(|()| std::fs::rename(&tmp, file));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Length-prefixed fields: `<length>\n<text>\n`.
struct Fields<'a>(&'a [u8]);

impl<'a> Fields<'a> {
    fn text(&mut self) -> Option<&'a str> {
        let nl = self.0.iter().position(|&b| b == b'\n')?;
        let len: usize = std::str::from_utf8(&self.0[..nl]).ok()?.parse().ok()?;
        let rest = &self.0[nl + 1..];
        if rest.len() < len + 1 || rest[len] != b'\n' {
            return None;
        }
        let text = std::str::from_utf8(&rest[..len]).ok()?;
        self.0 = &rest[len + 1..];
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::shared;

    #[test]
    fn conversions_are_kept_for_the_next_process_under_their_settings() {
        let dir = std::env::temp_dir().join(format!("hyde-md-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let file = dir.join("hyde-markdown");
        let calls = std::cell::Cell::new(0);
        let convert = |s: &str| {
            calls.set(calls.get() + 1);
            format!("<p>{s}</p>")
        };
        let c = shared(Some(file.clone()), "a");
        assert_eq!(c.get_or_convert("x", || convert("x")), "<p>x</p>");
        assert_eq!(c.get_or_convert("x", || convert("x")), "<p>x</p>");
        assert_eq!(calls.get(), 1, "converted once");
        c.build_done(false);
        // Another process: a cache of its own, read from the file.
        let fresh = |settings: &str| super::MarkdownCache {
            entries: Default::default(),
            file: Some(file.clone()),
            fingerprint: format!("{} {settings}", env!("HYDE_SOURCE_ID")),
            added: Default::default(),
            build: std::sync::atomic::AtomicU64::new(1),
        };
        let c = fresh("a");
        assert_eq!(c.get_or_convert("x", || convert("x")), "<p>x</p>");
        assert_eq!(calls.get(), 1, "the next process reads it from disk");
        let c = fresh("b");
        c.get_or_convert("x", || convert("x"));
        assert_eq!(calls.get(), 2, "other settings convert afresh");
        std::fs::write(&file, b"broken").unwrap();
        let c = fresh("a");
        c.get_or_convert("x", || convert("x"));
        assert_eq!(calls.get(), 3, "a damaged file is no cache");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
