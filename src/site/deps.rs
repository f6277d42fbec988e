//! What an item read while it rendered: the dependency graph behind incremental rebuilds
//! (Jekyll's `Regenerator` keeps one too, per file). Drops, the `site` drop, includes,
//! layouts and the URL tags report each read here; the renderer collects one set per item
//! (`render::regenerator` decides from them what a change touches).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Everything one item's render read besides its own source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deps {
    /// Top-level keys of `site` (`posts`, `data`, `title`, …).
    pub site_keys: BTreeSet<String>,
    /// Fields of other items, by the item's place in the render order (`*` for the whole
    /// item, as `jsonify` or `inspect` read it).
    pub fields: BTreeMap<usize, BTreeSet<String>>,
    /// Includes: (the name asked for, the file it resolved to).
    pub includes: BTreeSet<(String, IncludePath)>,
    /// Layouts by name.
    pub layouts: BTreeSet<String>,
    /// `{% link %}`/`{% post_url %}`: the site's map of paths to URLs.
    pub links: bool,
    /// `{% increment %}`/`{% decrement %}`: state shared by the whole build in render order.
    pub counters: bool,
    /// The content hash of each file as the render read it ([`content_hash`]; [`CONFLICT`]
    /// when two reads saw different contents). What the next build compares against must be
    /// what was used: the file may be saved again while the build runs.
    pub contents: BTreeMap<IncludePath, u64>,
}

/// The content hash recorded for a file the build saw with two different contents (saved
/// mid-build): it matches no content, so every reader renders again next time.
pub const CONFLICT: u64 = 0x5eed_c0f1_1c7e_d000;

/// The hash by which a file's content is compared from build to build.
pub fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::fast_hash::FastHasher::default();
    bytes.hash(&mut h);
    h.finish()
}

/// Notes that `path` had content hash `hash` when read; a different earlier one makes it
/// [`CONFLICT`].
pub fn note_content(contents: &mut BTreeMap<IncludePath, u64>, path: IncludePath, hash: u64) {
    match contents.entry(path) {
        std::collections::btree_map::Entry::Vacant(e) => {
            e.insert(hash);
        }
        std::collections::btree_map::Entry::Occupied(mut e) => {
            if *e.get() != hash {
                e.insert(CONFLICT);
            }
        }
    }
}

/// A file an item read, ordered, compared and hashed by its bytes: `Path`'s own comparison
/// and hash go through the components one by one, and a stylesheet's imports note a
/// thousand paths.
#[derive(Debug, Clone)]
pub struct IncludePath(pub PathBuf);

impl PartialEq for IncludePath {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_os_str() == other.0.as_os_str()
    }
}

impl Eq for IncludePath {}

impl std::hash::Hash for IncludePath {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        h.write(self.0.as_os_str().as_encoded_bytes());
    }
}

impl PartialOrd for IncludePath {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for IncludePath {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.as_os_str().cmp(other.0.as_os_str())
    }
}

impl std::ops::Deref for IncludePath {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

/// `into`'s entries plus `from`'s: `from` itself when `into` is empty (an item's first
/// recording, often the only one), instead of inserting its entries one by one.
fn union<T: Ord>(into: &mut BTreeSet<T>, from: BTreeSet<T>) {
    if into.is_empty() {
        *into = from;
    } else {
        into.extend(from);
    }
}

impl Deps {
    /// Adds what `other` read.
    pub fn merge(&mut self, other: Deps) {
        union(&mut self.site_keys, other.site_keys);
        for (i, f) in other.fields {
            union(self.fields.entry(i).or_default(), f);
        }
        union(&mut self.includes, other.includes);
        union(&mut self.layouts, other.layouts);
        self.links |= other.links;
        self.counters |= other.counters;
        if self.contents.is_empty() {
            self.contents = other.contents;
        } else {
            for (p, h) in other.contents {
                note_content(&mut self.contents, p, h);
            }
        }
    }
}

thread_local! {
    static RECORDING: RefCell<Option<Deps>> = const { RefCell::new(None) };
    /// The include names the current recording has noted. A name resolves to one file for
    /// the whole build, so a repeat (an include inside a loop: tens of thousands on an
    /// Academic Pages site) is found here by its name, without making a key and searching
    /// the `BTreeSet` for it.
    static INCLUDE_NAMES: RefCell<crate::fast_hash::FastSet<String>> =
        RefCell::new(Default::default());
}

fn with(f: impl FnOnce(&mut Deps)) {
    RECORDING.with(|r| {
        if let Some(deps) = r.borrow_mut().as_mut() {
            f(deps);
        }
    });
}

/// Notes a read of `site.<key>` by the item rendering on this thread (if any).
pub fn site_key(key: &str) {
    with(|d| {
        if !d.site_keys.contains(key) {
            d.site_keys.insert(key.to_string());
        }
    });
}

/// Notes a read of field `key` of the item at render-order place `item`.
pub fn field(item: usize, key: &str) {
    with(|d| {
        let set = d.fields.entry(item).or_default();
        if !set.contains(key) {
            set.insert(key.to_string());
        }
    });
}

/// The include name that says the item needs `path` to be absent (Sass imports probe for
/// partials: one that appears changes the stylesheet).
pub const FILE_ABSENT: &str = "\u{0}absent";
/// The include name that says the item needs `path` to exist (a folder Sass looked in).
pub const FILE_PRESENT: &str = "\u{0}present";

/// The include name that says the item read `path` itself, found by its path rather than by
/// an include name (`include_relative`, a Sass import): only its content matters.
pub const FILE_READ: &str = "\u{0}read";

/// Folder listings, each read once: whether a path is absent is answered for many names of
/// few folders (a theme's Sass imports try a thousand candidates) with one listing per
/// folder instead of a `stat` per name.
#[derive(Default)]
pub struct Listings(
    RefCell<
        crate::fast_hash::FastMap<
            std::ffi::OsString,
            Option<crate::fast_hash::FastSet<std::ffi::OsString>>,
        >,
    >,
);

impl Listings {
    /// Whether nothing at all is at `path` by the listing of its folder (no folder: nothing).
    /// `false` when it is listed or the folder can't be read: then ask the path itself.
    pub fn not_listed(&self, path: &std::path::Path) -> bool {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            return false;
        };
        // (A bare name is in the working folder.)
        let dir = if dir.as_os_str().is_empty() {
            std::path::Path::new(".")
        } else {
            dir
        };
        let mut cache = self.0.borrow_mut();
        // Folders by their bytes: most calls ask about a folder already listed.
        if !cache.contains_key(dir.as_os_str()) {
            let listing = match std::fs::read_dir(dir) {
                Ok(entries) => Some(
                    entries
                        .filter_map(|e| e.ok().map(|e| e.file_name()))
                        .collect(),
                ),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                    ) =>
                {
                    Some(Default::default())
                }
                Err(_) => None,
            };
            cache.insert(dir.as_os_str().to_owned(), listing);
        }
        cache
            .get(dir.as_os_str())
            .and_then(Option::as_ref)
            .is_some_and(|names| !names.contains(name))
    }
}

/// Notes an include `name` that resolved to `path`.
pub fn include(name: &str, path: &std::path::Path) {
    note_include(name, path, None);
}

/// Notes an include `name` that resolved to `path`, read with content hash `hash`.
pub fn include_read(name: &str, path: &std::path::Path, hash: u64) {
    note_include(name, path, Some(hash));
}

fn note_include(name: &str, path: &std::path::Path, hash: Option<u64>) {
    with(|d| {
        // (The names starting with NUL stand for many files each.)
        let seen = !name.starts_with('\u{0}')
            && INCLUDE_NAMES.with(|n| {
                let mut n = n.borrow_mut();
                let seen = n.contains(name);
                if !seen {
                    n.insert(name.to_string());
                }
                seen
            });
        if seen {
            return;
        }
        if let Some(h) = hash {
            note_content(&mut d.contents, IncludePath(path.to_path_buf()), h);
        }
        d.includes
            .insert((name.to_string(), IncludePath(path.to_path_buf())));
    });
}

/// Notes a layout read by name.
pub fn layout(name: &str) {
    with(|d| {
        if !d.layouts.contains(name) {
            d.layouts.insert(name.to_string());
        }
    });
}

/// Notes a use of the site's path → URL map.
pub fn links() {
    with(|d| d.links = true);
}

/// Notes a counter tag.
pub fn counters() {
    with(|d| d.counters = true);
}

/// [`recording`] when `on`; else runs `f` alone (nothing read is noted).
pub fn recording_if<T>(on: bool, f: impl FnOnce() -> T) -> (T, Deps) {
    if on {
        recording(f)
    } else {
        (f(), Deps::default())
    }
}

/// Runs `f`, returning what it read along with its result. Nested calls each see their own
/// reads and hand them to the enclosing recording too.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Deps) {
    let outer = RECORDING.with(|r| r.replace(Some(Deps::default())));
    let outer_names = INCLUDE_NAMES.with(|n| n.take());
    let out = f();
    INCLUDE_NAMES.with(|n| n.replace(outer_names));
    let deps = RECORDING.with(|r| r.replace(outer)).unwrap_or_default();
    with(|o| o.merge(deps.clone()));
    (out, deps)
}

#[cfg(test)]
mod tests {
    use super::Listings;

    #[test]
    fn a_listing_answers_for_every_name_of_its_folder() {
        let dir = std::env::temp_dir().join(format!("hyde-listings-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("_a.scss"), "").unwrap();
        let l = Listings::default();
        assert!(l.not_listed(&dir.join("_b.scss")));
        assert!(!l.not_listed(&dir.join("_a.scss")));
        assert!(!l.not_listed(&dir.join("sub")), "a folder is listed too");
        assert!(
            l.not_listed(&dir.join("missing/_a.scss")),
            "no folder: nothing in it"
        );
        assert!(l.not_listed(&dir.join("_a.scss/x")), "a file is no folder");
        // A bare name is looked up in the working folder, not taken as absent.
        assert!(!l.not_listed(std::path::Path::new("Cargo.toml")));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
