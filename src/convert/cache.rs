//! Converted Markdown, kept by its source text, as Jekyll 4's Markdown converter keeps it
//! (`Jekyll::Cache.new("Jekyll::Converters::Markdown").getset(content)`): in memory for the
//! build, so a `markdownify` of the same bio on every page converts it once, and in the cache
//! folder for the next process, so a repeat build converts only what changed. Conversion is a
//! function of the text and the converter's settings alone, which name the disk file's
//! contents: another configuration or another hyde build starts afresh.

use crate::disk_cache::{Reader, push, write_field};
use crate::fast_hash::FastMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
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
    /// Conversions made since the file was last written.
    pending: Mutex<Vec<(Key, Arc<str>)>>,
    /// The disk file's size, when it holds this cache's header (new entries are then
    /// appended to it).
    on_disk: Mutex<Option<usize>>,
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
        pending: Mutex::default(),
        on_disk: Mutex::default(),
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
        self.get_or_convert_shared(text, convert).to_string()
    }

    /// [`MarkdownCache::get_or_convert`], sharing the cache's copy.
    pub(super) fn get_or_convert_shared(
        &self,
        text: &str,
        convert: impl FnOnce() -> String,
    ) -> Arc<str> {
        let key = key_of(text);
        let build = self.build.load(Ordering::Relaxed);
        if let Ok(mut map) = self.entries().lock()
            && let Some(e) = map.get_mut(&key)
        {
            e.build = build;
            return e.html.clone();
        }
        // Converted outside the lock: pages convert in parallel.
        let html: Arc<str> = Arc::from(convert());
        let shared = html.clone();
        if let Ok(mut map) = self.entries().lock() {
            map.insert(
                key,
                Entry {
                    html: shared.clone(),
                    build,
                },
            );
        }
        if self.file.is_some()
            && let Ok(mut p) = self.pending.lock()
        {
            p.push((key, shared));
        }
        html
    }

    /// The entries of the disk file, if it was written for these settings.
    fn load(&self, file: &PathBuf) -> FastMap<Key, Entry> {
        let mut map = FastMap::default();
        let Ok(bytes) = std::fs::read(file) else {
            return map;
        };
        let mut r = Reader(&bytes);
        if r.field() != Some(MAGIC) || r.field() != Some(self.fingerprint.as_str()) {
            return map;
        }
        if let Ok(mut d) = self.on_disk.lock() {
            *d = Some(bytes.len());
        }
        while let (Some(k), Some(html)) = (r.field(), r.field()) {
            let Ok(key) = Key::from_str_radix(k, 16) else {
                return FastMap::default();
            };
            let html = Arc::from(html);
            map.insert(key, Entry { html, build: 0 });
        }
        map
    }

    /// A build is over: what it converted anew is appended to the disk file (a failure only
    /// costs the next process those conversions). The file is written whole instead, with
    /// the most recently used entries up to [`KEEP_BYTES`], when it is new, another
    /// configuration's, or mostly entries no longer used.
    pub(super) fn build_done(&self) {
        let build = self.build.fetch_add(1, Ordering::Relaxed);
        let Some(entries) = self.entries.get() else {
            return;
        };
        let pending = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        let Ok(mut map) = entries.lock() else {
            return;
        };
        // Memory holds what the file would: the most recently used first.
        let live: usize = map.values().map(|e| e.html.len()).sum();
        if live > KEEP_BYTES {
            let mut recent: Vec<(u64, Key, usize)> = map
                .iter()
                .map(|(k, e)| (e.build, *k, e.html.len()))
                .collect();
            recent.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let mut kept = 0;
            for (b, k, len) in recent {
                kept += len;
                if b != build && kept > KEEP_BYTES {
                    map.remove(&k);
                }
            }
        }
        let (Some(file), false) = (&self.file, pending.is_empty()) else {
            return;
        };
        let mut on_disk = self.on_disk.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = Vec::new();
        // The file is rewritten with what this process used (`build` > 0) once it holds
        // twice that and a megabyte more: a page whose Markdown changes every build (say
        // it lists `site.time`) would otherwise add an entry to it at every build, and
        // every later build would read them all.
        let used: usize = map
            .values()
            .filter(|e| e.build > 0)
            .map(|e| e.html.len())
            .sum();
        let whole = on_disk.is_none_or(|bytes| bytes > 2 * used + (1 << 20));
        if whole {
            // Streamed to the file: on a first build this is every page's HTML, which the
            // site still holds too.
            let mut size = 0;
            let written = crate::disk_cache::replace_with(file, |w| {
                let mut field = |bytes: &[u8]| {
                    size += bytes.len().to_string().len() + bytes.len() + 2;
                    write_field(w, bytes)
                };
                for h in [MAGIC, self.fingerprint.as_str()] {
                    field(h.as_bytes())?;
                }
                for (k, e) in map.iter().filter(|(_, e)| e.build > 0) {
                    field(format!("{k:032x}").as_bytes())?;
                    field(e.html.as_bytes())?;
                }
                Ok(())
            });
            if let Some(dir) = file.parent() {
                crate::disk_cache::hide_from_git(dir);
            }
            *on_disk = written.is_ok().then_some(size);
        } else {
            for (k, html) in &pending {
                record(&mut out, *k, html);
            }
            // One write: appends of two processes do not interleave within it.
            use std::io::Write;
            let appended = std::fs::OpenOptions::new()
                .append(true)
                .open(file)
                .and_then(|mut f| f.write_all(&out));
            *on_disk = match appended {
                Ok(()) => on_disk.map(|b| b + out.len()),
                Err(_) => None,
            };
        }
    }
}

/// Appends one conversion: its key, then its HTML.
fn record(out: &mut Vec<u8>, key: Key, html: &str) {
    push(out, format!("{key:032x}").as_bytes());
    push(out, html.as_bytes());
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
        c.build_done();
        // Another process: a cache of its own, read from the file.
        let fresh = |settings: &str| super::MarkdownCache {
            entries: Default::default(),
            file: Some(file.clone()),
            fingerprint: format!("{} {settings}", env!("HYDE_SOURCE_ID")),
            pending: Default::default(),
            on_disk: Default::default(),
            build: std::sync::atomic::AtomicU64::new(1),
        };
        let c = fresh("a");
        assert_eq!(c.get_or_convert("x", || convert("x")), "<p>x</p>");
        assert_eq!(calls.get(), 1, "the next process reads it from disk");
        let before = std::fs::metadata(&file).unwrap().len();
        assert_eq!(c.get_or_convert("y", || convert("y")), "<p>y</p>");
        c.build_done();
        assert!(std::fs::metadata(&file).unwrap().len() > before, "appended");
        let c = fresh("a");
        c.get_or_convert("x", || convert("x"));
        c.get_or_convert("y", || convert("y"));
        assert_eq!(
            calls.get(),
            2,
            "both kept: the first write and the appended one"
        );
        let c = fresh("b");
        c.get_or_convert("x", || convert("x"));
        assert_eq!(calls.get(), 3, "other settings convert afresh");
        c.build_done();
        let c = fresh("a");
        c.get_or_convert("x", || convert("x"));
        assert_eq!(calls.get(), 4, "the other settings' file replaced this one");
        // Entries this process never used leave the file once they make up most of it.
        let stale = fresh("a");
        for n in 0..3000 {
            stale.get_or_convert(&format!("page {n} at {}", "x".repeat(400)), || {
                "<p>".to_string() + &"y".repeat(400)
            });
        }
        stale.build_done();
        let big = std::fs::metadata(&file).unwrap().len();
        let c = fresh("a");
        c.get_or_convert("x", || convert("x"));
        c.get_or_convert("z", || convert("z"));
        c.build_done();
        let small = std::fs::metadata(&file).unwrap().len();
        assert!(small < big / 10, "{big} -> {small}");
        let c = fresh("a");
        let before = calls.get();
        c.get_or_convert("x", || convert("x"));
        c.get_or_convert("z", || convert("z"));
        assert_eq!(calls.get(), before, "what was used stays");
        std::fs::write(&file, b"broken").unwrap();
        let c = fresh("a");
        let before = calls.get();
        c.get_or_convert("x", || convert("x"));
        assert_eq!(calls.get(), before + 1, "a damaged file is no cache");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
