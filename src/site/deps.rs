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
    pub includes: BTreeSet<(String, PathBuf)>,
    /// Layouts by name.
    pub layouts: BTreeSet<String>,
    /// `{% link %}`/`{% post_url %}`: the site's map of paths to URLs.
    pub links: bool,
    /// `{% increment %}`/`{% decrement %}`: state shared by the whole build in render order.
    pub counters: bool,
}

impl Deps {
    /// Adds what `other` read.
    pub fn merge(&mut self, other: Deps) {
        self.site_keys.extend(other.site_keys);
        for (i, f) in other.fields {
            self.fields.entry(i).or_default().extend(f);
        }
        self.includes.extend(other.includes);
        self.layouts.extend(other.layouts);
        self.links |= other.links;
        self.counters |= other.counters;
    }
}

thread_local! {
    static RECORDING: RefCell<Option<Deps>> = const { RefCell::new(None) };
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

/// Notes an include `name` that resolved to `path`.
pub fn include(name: &str, path: &std::path::Path) {
    with(|d| {
        d.includes.insert((name.to_string(), path.to_path_buf()));
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

/// Runs `f`, returning what it read along with its result. Nested calls each see their own
/// reads and hand them to the enclosing recording too.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Deps) {
    let outer = RECORDING.with(|r| r.replace(Some(Deps::default())));
    let out = f();
    let deps = RECORDING.with(|r| r.replace(outer)).unwrap_or_default();
    with(|o| o.merge(deps.clone()));
    (out, deps)
}
