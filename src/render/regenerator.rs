//! Incremental rebuilds: what a change touches. Jekyll's `Regenerator` re-renders a file
//! when it or a file it depends on changed; hyde keeps, per rendered item, what it read
//! (`site::deps`: other items' fields, `site` keys, layouts, includes, URL tags) and after an
//! edit re-renders only the items whose own source changed or whose reads now give
//! something else — then, in waves, the items that read what those re-renders changed.
//! Everything else keeps its previous rendering. The result equals a clean build (tested by
//! random edits in tests/incremental.rs), with one exception Jekyll's regenerator shares:
//! `site.time` is not a dependency, so a page that prints it keeps its old value until it
//! re-renders for another reason.

use crate::site::deps::{Deps, IncludePath};
use crate::site::document::Rendered;
use crate::value::{Drop, Hash as ValueHash, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

/// The state kept between builds by `serve`, `build --watch` and library users: pass the
/// same one to every build of a site.
#[derive(Default)]
pub struct Regenerator {
    pub(super) state: Option<State>,
    /// Items rendered by the last build, and how many there were (for reports and tests).
    pub(super) last: (usize, usize),
    /// The last build wrote all its files (set by the build once its write succeeds).
    pub(crate) written: bool,
    /// The destination paths the last build wrote, and `keep_files`, hashed: when a build
    /// writes the same set, nothing in the destination needs cleaning up.
    pub(crate) paths: Option<u64>,
    /// The destination paths a watcher saw change since the last build (see
    /// [`Regenerator::expect_changes`]); `None`: unknown.
    pub(crate) output_changes: Option<HashSet<PathBuf>>,
    /// Source files and front matter as the last build read them.
    pub(crate) sources: Arc<crate::reader::cache::SourceCache>,
    /// The checksum of the saved state this one was loaded from (`--incremental` in a new
    /// process): saving the same state again writes nothing.
    pub(super) loaded: Option<u64>,
}

impl Regenerator {
    /// The state `hyde build --incremental` saved at `path` (a fresh one when there is
    /// none, or another version of hyde wrote it).
    pub fn load(path: &std::path::Path) -> Regenerator {
        super::persist::load(path).unwrap_or_default()
    }

    /// Saves the state for the next `hyde build --incremental`.
    pub fn save(&self, path: &std::path::Path) -> std::io::Result<()> {
        super::persist::save(self, path)
    }

    /// (items rendered, items in the site) in the last build.
    pub fn last_rendered(&self) -> (usize, usize) {
        self.last
    }

    /// What a file watcher saw change since the last build, in the source and in the
    /// destination: `Some` with every path its events named (complete: no event was lost),
    /// or `None` when that is not known. With a list, the next build takes the other sources
    /// it read before as they were, and the other files it wrote before as still there,
    /// without a `stat` each (`serve` and `build --watch` pass their watcher's lists).
    pub fn expect_changes(
        &mut self,
        sources: Option<HashSet<PathBuf>>,
        outputs: Option<HashSet<PathBuf>>,
    ) {
        self.sources.expect_changes(sources);
        self.output_changes = outputs;
    }

    /// Forgets everything: the next build renders every item.
    pub fn reset(&mut self) {
        self.state = None;
    }
}

/// A previous rendering kept for reuse.
#[derive(Clone)]
pub(super) enum Saved {
    /// A document's rendering and its excerpt's.
    Doc(Arc<Rendered>, Option<Result<String, String>>),
    /// A page's converted content and output.
    Page(Arc<(String, String)>),
}

/// What one item read, with other items named by key (render-order places change).
#[derive(Clone, Default)]
pub(super) struct ItemDeps {
    pub(super) site_keys: BTreeSet<String>,
    pub(super) fields: BTreeMap<String, BTreeSet<String>>,
    pub(super) includes: BTreeSet<(String, IncludePath)>,
    pub(super) layouts: BTreeSet<String>,
    pub(super) links: bool,
}

#[derive(Clone)]
pub(super) struct ItemState {
    pub(super) source: u64,
    pub(super) fields: Arc<HashMap<String, u64>>,
    pub(super) saved: Saved,
    pub(super) deps: ItemDeps,
}

/// The last good build.
pub(super) struct State {
    pub(super) config: u64,
    pub(super) items: FastMap<String, ItemState>,
    pub(super) layouts: HashMap<String, u64>,
    pub(super) includes: HashMap<PathBuf, u64>,
    pub(super) site: HashMap<String, u64>,
    pub(super) links: u64,
    pub(super) orders: HashMap<String, u64>,
    /// Sass pages' source maps, by the page's relative path.
    pub(super) sass_maps: Vec<(String, String)>,
}

/// Which fields of an item changed since the last build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Changed {
    All,
    Fields(BTreeSet<String>),
}

impl Changed {
    fn add(&mut self, f: &str) {
        if let Changed::Fields(s) = self {
            s.insert(f.to_string());
        }
    }

    fn hits(&self, read: &BTreeSet<String>) -> bool {
        match self {
            Changed::All => true,
            Changed::Fields(s) => read.contains("*") || read.iter().any(|f| s.contains(f)),
        }
    }
}

/// One item of this build as the regenerator sees it.
pub(super) struct Item<'a> {
    pub key: String,
    pub source: u64,
    /// Its collection's label (documents).
    pub collection: Option<&'a str>,
    /// The drop whose fields readers see.
    pub drop: Arc<dyn Drop>,
    /// Rendered every build (Sass pages: their compiler has its own cache).
    pub always: bool,
}

/// What this build must render, decided from the last one.
pub(super) struct Plan {
    /// Per item (render order): render it.
    pub render: Vec<bool>,
    /// Fields changed so far, by item key.
    pub changed: FastMap<String, Changed>,
}

pub(super) use crate::fast_hash::{FastHasher, FastMap, FastSet};

pub(super) fn hash_of(f: impl FnOnce(&mut FastHasher)) -> u64 {
    let mut h = FastHasher::default();
    f(&mut h);
    h.finish()
}

/// A value's identity for change detection: plain values in full, drops by what names
/// them (class, URL, path, modification time; a collection by its documents and files).
pub(super) fn signature(v: &Value, h: &mut FastHasher) {
    match v {
        Value::Drop(d) => {
            d.class_name().hash(h);
            // Documents (thousands in `site.posts` and its groupings) by their names directly.
            if d.identify(&mut |s: &str| s.hash(h)) {
                return;
            }
            for k in ["url", "path", "modified_time", "label"] {
                if let Some(x) = d.get(k).filter(|x| !matches!(x, Value::Drop(_))) {
                    signature(&x, h);
                }
            }
            if d.class_name() == "Jekyll::Drops::CollectionDrop" {
                for k in ["docs", "files"] {
                    if let Some(x) = d.get(k) {
                        signature(&x, h);
                    }
                }
            }
        }
        Value::Array(a) => {
            a.len().hash(h);
            for x in a.iter() {
                signature(x, h);
            }
        }
        Value::Hash(m) => hash_map_sig(m, h),
        Value::Nil => 0u8.hash(h),
        Value::Bool(b) => (1u8, b).hash(h),
        Value::Int(i) => (2u8, i).hash(h),
        Value::Float(f) => (3u8, f.to_bits()).hash(h),
        Value::Str(s) => (4u8, &**s).hash(h),
        Value::Date(d) => date_sig(d, h),
        Value::Range(a, b) => (6u8, a, b).hash(h),
        Value::Empty => 7u8.hash(h),
        Value::Blank => 8u8.hash(h),
    }
}

pub(super) fn date_sig(d: &crate::value::DateValue, h: &mut FastHasher) {
    (5u8, d.dt.timestamp(), d.dt.timestamp_subsec_nanos()).hash(h);
    (
        d.dt.offset().local_minus_utc(),
        d.utc,
        matches!(d.kind, crate::value::DateKind::Time),
    )
        .hash(h);
}

fn hash_map_sig(m: &ValueHash, h: &mut FastHasher) {
    m.len().hash(h);
    for (k, x) in m {
        k.hash(h);
        signature(x, h);
    }
}

/// The fields of an item readers can see, each hashed (the rendered ones are compared
/// after rendering instead).
pub(super) fn field_hashes(drop: &dyn Drop) -> HashMap<String, u64> {
    drop.keys()
        .into_iter()
        .filter(|k| {
            !matches!(
                k.as_str(),
                "content" | "output" | "excerpt" | "next" | "previous"
            )
        })
        .map(|k| {
            let v = drop.get(&k).unwrap_or_default();
            let sig = hash_of(|h| signature(&v, h));
            (k, sig)
        })
        .collect()
}

/// What the build-wide inputs look like now, to compare with the last build's.
pub(super) struct Inputs<'a> {
    pub config: u64,
    pub layouts: HashMap<String, u64>,
    pub site: &'a ValueHash,
    pub links: u64,
    /// Collection label → its documents' keys in order.
    pub orders: HashMap<String, u64>,
    pub includes_dirs: &'a [PathBuf],
    /// Computed once per build, for the plan and for remembering.
    pub sigs: std::sync::Mutex<FastMap<String, u64>>,
    pub file_hashes: std::sync::Mutex<FastMap<PathBuf, Option<u64>>>,
}

impl Inputs<'_> {
    fn site_sig(&self, key: &str) -> u64 {
        let mut cache = self.sigs.lock().unwrap_or_else(|e| e.into_inner());
        site_sig(self.site, key, &mut cache)
    }

    fn file_hash(&self, path: &std::path::Path) -> Option<u64> {
        let mut cache = self.file_hashes.lock().unwrap_or_else(|e| e.into_inner());
        *cache
            .entry(path.to_path_buf())
            .or_insert_with(|| file_hash(path))
    }

    /// The hash to keep for a file the items read: as the render read it (`read`), checked
    /// against what planning saw before the render; read now only when neither looked.
    /// Reading it now alone could take in a save made while the build ran, and the pages
    /// made from the older text would never render again.
    fn kept_hash(&self, path: &std::path::Path, read: Option<u64>) -> Option<u64> {
        let planned = self
            .file_hashes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .copied();
        match (planned, read) {
            (Some(Some(p)), Some(r)) if p != r => Some(crate::site::deps::CONFLICT),
            (_, Some(r)) => Some(r),
            (Some(p), None) => p,
            (None, None) => self.file_hash(path),
        }
    }
}

fn file_hash(path: &std::path::Path) -> Option<u64> {
    std::fs::read(path)
        .ok()
        .map(|b| crate::site::deps::content_hash(&b))
}

fn site_sig(site: &ValueHash, key: &str, cache: &mut FastMap<String, u64>) -> u64 {
    if let Some(&s) = cache.get(key) {
        return s;
    }
    let s = match key {
        // Anything at all: `site | jsonify`.
        "*" => hash_of(|h| hash_map_sig(site, h)),
        // The build's start, new every time: as in Jekyll's regenerator, not a dependency (a
        // page printing it keeps the value of its last render until it renders for another
        // reason) — else every page of a site whose footer prints the year would render again
        // on every edit.
        "time" => 0,
        // The ten most recent posts.
        "related_posts" => hash_of(|h| {
            if let Some(v) = site.get("posts") {
                signature(v, h);
            }
        }),
        _ => hash_of(|h| {
            if let Some(v) = site.get(key) {
                signature(v, h);
            }
        }),
    };
    cache.insert(key.to_string(), s);
    s
}

/// Which include name resolves to which file now (`include` searches its folders in order).
fn resolve_include(name: &str, dirs: &[PathBuf]) -> Option<PathBuf> {
    // (An include named `/x` is `_includes/x`, as `File.join` makes it.)
    dirs.iter()
        .map(|d| d.join(name.trim_start_matches('/')))
        .find(|p| p.is_file())
}

impl State {
    /// What to render now. `None`: everything (no usable last build).
    pub(super) fn plan(&self, items: &[Item], inputs: &Inputs) -> Option<Plan> {
        if self.config != inputs.config {
            if explaining() {
                eprintln!("hyde: re-render everything: the configuration changed");
            }
            return None;
        }
        let mut changed: FastMap<String, Changed> = FastMap::default();
        let mut render = vec![false; items.len()];
        let present: HashSet<&str> = items.iter().map(|i| i.key.as_str()).collect();
        for key in self.items.keys() {
            if !present.contains(key.as_str()) {
                changed.insert(key.clone(), Changed::All);
            }
        }
        for (n, it) in items.iter().enumerate() {
            match self.items.get(&it.key) {
                None => {
                    changed.insert(it.key.clone(), Changed::All);
                    render[n] = true;
                }
                Some(prev) if prev.source != it.source => {
                    let now = field_hashes(it.drop.as_ref());
                    let mut fields: BTreeSet<String> = now
                        .iter()
                        .filter(|(k, v)| prev.fields.get(*k) != Some(v))
                        .map(|(k, _)| k.clone())
                        .collect();
                    fields.extend(
                        prev.fields
                            .keys()
                            .filter(|k| !now.contains_key(*k))
                            .cloned(),
                    );
                    fields.extend(["content", "output", "excerpt"].map(String::from));
                    if explaining() {
                        eprintln!("hyde: re-render {}: its source changed", shown(&it.key));
                    }
                    changed.insert(it.key.clone(), Changed::Fields(fields));
                    render[n] = true;
                }
                Some(_) => render[n] = it.always,
            }
        }
        // A collection in another order: every document's neighbours may differ.
        for it in items {
            if let Some(c) = it.collection
                && self.orders.get(c) != inputs.orders.get(c)
            {
                changed
                    .entry(it.key.clone())
                    .or_insert_with(|| Changed::Fields(BTreeSet::new()))
                    .add("next");
                if let Some(ch) = changed.get_mut(&it.key) {
                    ch.add("previous");
                }
            }
        }
        let layouts: HashSet<&String> = inputs
            .layouts
            .iter()
            .filter(|(k, v)| self.layouts.get(*k) != Some(v))
            .map(|(k, _)| k)
            .chain(
                self.layouts
                    .keys()
                    .filter(|k| !inputs.layouts.contains_key(*k)),
            )
            .collect();
        // Site-wide inputs are compared once, not per item: the site keys whose value
        // changed, and whether any include an item read may now differ.
        let stale_site: Vec<&str> = self
            .site
            .iter()
            .filter(|(k, v)| inputs.site_sig(k) != **v)
            .map(|(k, _)| k.as_str())
            .collect();
        let mut include_ok: FastMap<&(String, IncludePath), bool> = FastMap::default();
        let listings = crate::site::deps::Listings::default();
        let includes_now = |inc: &(String, IncludePath)| {
            let (name, path) = inc;
            match name.as_str() {
                crate::site::deps::FILE_ABSENT => {
                    return listings.not_listed(path) || !path.exists();
                }
                crate::site::deps::FILE_PRESENT => return path.exists(),
                _ => {}
            }
            let now = inputs.file_hash(path);
            let found_same = name == crate::site::deps::FILE_READ
                || resolve_include(name, inputs.includes_dirs).as_deref() == Some(&**path);
            found_same && now.is_some() && now == self.includes.get(&path.0).copied()
        };
        let links_changed = self.links != inputs.links;
        for (n, it) in items.iter().enumerate() {
            if render[n] {
                continue;
            }
            let Some(prev) = self.items.get(&it.key) else {
                continue;
            };
            let d = &prev.deps;
            // The first read that now gives something else, if any.
            let why = if d.links && links_changed {
                Some(Stale::Links)
            } else if let Some(l) = (!layouts.is_empty())
                .then(|| d.layouts.iter().find(|l| layouts.contains(l)))
                .flatten()
            {
                Some(Stale::Layout(l))
            } else if let Some(k) = stale_site.iter().find(|k| d.site_keys.contains(**k)) {
                // (every key an item read is in `self.site`: `remember` takes them all)
                Some(Stale::Site(k))
            } else if let Some(inc) = d
                .includes
                .iter()
                .find(|&inc| !*include_ok.entry(inc).or_insert_with(|| includes_now(inc)))
            {
                Some(Stale::Include(inc))
            } else {
                reads_changed(d, &changed).then_some(Stale::Read)
            };
            render[n] = why.is_some();
            if let Some(why) = why.filter(|_| explaining()) {
                let why = match why {
                    Stale::Links => "the site's links".to_string(),
                    Stale::Layout(l) => format!("layout {l}"),
                    Stale::Site(k) => format!("site.{k}"),
                    Stale::Include((name, path)) => match name.as_str() {
                        crate::site::deps::FILE_READ => format!("{}", path.display()),
                        crate::site::deps::FILE_ABSENT => {
                            format!("that {} is absent", path.display())
                        }
                        crate::site::deps::FILE_PRESENT => {
                            format!("that {} is present", path.display())
                        }
                        _ => format!("include {name}"),
                    },
                    Stale::Read => first_changed_read(d, &changed).unwrap_or_default(),
                };
                eprintln!("hyde: re-render {}: it read {why}", shown(&it.key));
            }
        }
        Some(Plan { render, changed })
    }
}

/// What made an item stale (see `State::plan`).
enum Stale<'a> {
    Links,
    Layout(&'a str),
    Site(&'a str),
    Include(&'a (String, IncludePath)),
    Read,
}

/// Whether `HYDE_EXPLAIN_REBUILD` is set: incremental builds then say on stderr why each item
/// they render again renders (for finding the read that ties pages together on a real site).
pub(super) fn explaining() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("HYDE_EXPLAIN_REBUILD").is_some())
}

/// An item key as a person reads it: the file (a page's URL after it).
fn shown(key: &str) -> String {
    let mut parts = key.split('\u{0}').skip(1);
    match (parts.next(), parts.next()) {
        (Some(file), Some(url)) => format!("{file} ({url})"),
        (Some(file), None) => file.to_string(),
        _ => key.to_string(),
    }
}

/// The first read of `d` that `changed` hits, as `item: fields`.
fn first_changed_read(d: &ItemDeps, changed: &FastMap<String, Changed>) -> Option<String> {
    d.fields.iter().find_map(|(target, read)| {
        let c = changed.get(target).filter(|c| c.hits(read))?;
        let what: Vec<&str> = match c {
            Changed::All => read.iter().map(String::as_str).collect(),
            Changed::Fields(s) => read
                .iter()
                .filter(|f| *f == "*" || s.contains(*f))
                .map(String::as_str)
                .collect(),
        };
        Some(format!("{}'s {}", shown(target), what.join(", ")))
    })
}

fn reads_changed(d: &ItemDeps, changed: &FastMap<String, Changed>) -> bool {
    // Whichever side is smaller drives the lookups (an edit changes one or two items; a
    // listing page reads hundreds).
    if changed.len() < d.fields.len() {
        changed
            .iter()
            .any(|(target, c)| d.fields.get(target).is_some_and(|read| c.hits(read)))
    } else {
        d.fields
            .iter()
            .any(|(target, read)| changed.get(target).is_some_and(|c| c.hits(read)))
    }
}

/// After a wave: which rendered fields of an item changed from what readers saw before
/// (`before`), merged into `changed`; whether any did.
pub(super) fn compare_rendered(
    before: Option<&Saved>,
    key: &str,
    now: &Saved,
    changed: &mut FastMap<String, Changed>,
) -> bool {
    let mut diff = Vec::new();
    match (before, now) {
        (Some(Saved::Doc(a, ea)), Saved::Doc(b, eb)) => {
            if a.content != b.content {
                diff.push("content");
            }
            if a.output != b.output {
                diff.push("output");
            }
            if ea != eb {
                diff.push("excerpt");
            }
        }
        (Some(Saved::Page(a)), Saved::Page(b)) => {
            if a.0 != b.0 {
                diff.push("content");
            }
            if a.1 != b.1 {
                diff.push("output");
            }
        }
        _ => diff.extend(["content", "output", "excerpt"]),
    }
    if diff.is_empty() {
        return false;
    }
    let entry = changed
        .entry(key.to_string())
        .or_insert_with(|| Changed::Fields(BTreeSet::new()));
    for f in diff {
        entry.add(f);
    }
    true
}

/// The items (render-order places) whose reads hit `fresh` changes: `deps` of this build
/// where the item rendered, else the last build's.
pub(super) fn readers_of(
    prev: Option<&State>,
    items: &[Item],
    deps_now: &FastMap<usize, ItemDeps>,
    fresh: &FastMap<String, Changed>,
) -> Vec<usize> {
    items
        .iter()
        .enumerate()
        .filter(|(n, it)| {
            let d = deps_now
                .get(n)
                .or_else(|| prev.and_then(|s| s.items.get(&it.key)).map(|i| &i.deps));
            let hit = d.is_some_and(|d| reads_changed(d, fresh));
            if hit && explaining() {
                let why = d.and_then(|d| first_changed_read(d, fresh));
                eprintln!(
                    "hyde: re-render {}: it read {}",
                    shown(&it.key),
                    why.unwrap_or_default()
                );
            }
            hit
        })
        .map(|(n, _)| n)
        .collect()
}

/// Names other items by key instead of render-order place. An item's reads of itself are
/// its own source, except its neighbours.
pub(super) fn keyed(deps: Deps, own: usize, items: &[Item]) -> ItemDeps {
    ItemDeps {
        site_keys: deps.site_keys,
        fields: deps
            .fields
            .into_iter()
            .filter_map(|(i, mut f)| {
                if i == own {
                    f.retain(|k| k == "next" || k == "previous");
                }
                let it = items.get(i).filter(|_| !f.is_empty())?;
                Some((it.key.clone(), f))
            })
            .collect(),
        includes: deps.includes,
        layouts: deps.layouts,
        links: deps.links,
    }
}

/// The state after a good build: every item's source, fields, rendering and reads.
pub(super) fn remember(
    prev: Option<State>,
    items: &[Item],
    saved: Vec<Saved>,
    mut deps_now: FastMap<usize, ItemDeps>,
    read: &BTreeMap<IncludePath, u64>,
    inputs: &Inputs,
    sass_maps: Vec<(String, String)>,
) -> State {
    let mut old = prev.map(|s| s.items).unwrap_or_default();
    let mut states = FastMap::with_capacity_and_hasher(items.len(), Default::default());
    for ((n, it), saved) in items.iter().enumerate().zip(saved) {
        let before = old.remove(&it.key);
        let fields = match &before {
            Some(b) if b.source == it.source => b.fields.clone(),
            _ => Arc::new(field_hashes(it.drop.as_ref())),
        };
        let deps = match deps_now.remove(&n) {
            Some(d) => d,
            None => before.map(|b| b.deps).unwrap_or_default(),
        };
        states.insert(
            it.key.clone(),
            ItemState {
                source: it.source,
                fields,
                saved,
                deps,
            },
        );
    }
    // The union of what the items read, by reference first: most read the same few.
    let mut include_keys: FastSet<&(String, IncludePath)> = FastSet::default();
    let mut site_keys: FastSet<&str> = FastSet::default();
    for s in states.values() {
        for inc in &s.deps.includes {
            // (Presence probes need no content; files read by path do.)
            if !inc.0.starts_with('\u{0}') || inc.0 == crate::site::deps::FILE_READ {
                include_keys.insert(inc);
            }
        }
        for k in &s.deps.site_keys {
            site_keys.insert(k);
        }
    }
    let mut includes = HashMap::new();
    for (_, path) in include_keys {
        if !includes.contains_key(&path.0)
            && let Some(h) = inputs.kept_hash(path, read.get(path).copied())
        {
            includes.insert(path.0.clone(), h);
        }
    }
    let site = site_keys
        .into_iter()
        .map(|k| (k.to_string(), inputs.site_sig(k)))
        .collect();
    State {
        config: inputs.config,
        items: states,
        layouts: inputs.layouts.clone(),
        includes,
        site,
        links: inputs.links,
        orders: inputs.orders.clone(),
        sass_maps,
    }
}

impl State {
    /// The source map the last build made for the Sass page at `rel`.
    pub(super) fn sass_map(&self, rel: &str) -> Option<&str> {
        self.sass_maps
            .iter()
            .rev()
            .find(|(r, _)| r == rel)
            .map(|(_, m)| m.as_str())
    }

    /// The last build's rendering of an item.
    pub(super) fn saved(&self, key: &str) -> Option<&Saved> {
        self.items.get(key).map(|i| &i.saved)
    }
}
