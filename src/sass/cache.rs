//! Compiled stylesheets kept across the builds of one process (`hyde serve`, `build
//! --watch`) and, on disk in the cache folder, across processes (a repeat `hyde build`, as
//! Jekyll's disk cache): a stylesheet is compiled again only when its input, the converter's
//! settings or anything grass looked at on disk (files read, paths probed while resolving
//! imports) changed, so saving a post does not recompile the theme's SCSS.

use super::{Compiled, Sass, SassError, Syntax};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// One look grass took at the disk, and what it saw.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Probe {
    IsDir(PathBuf, bool),
    IsFile(PathBuf, bool),
    Read(PathBuf, Option<String>),
}

impl Probe {
    fn path(&self) -> &PathBuf {
        match self {
            Probe::IsDir(p, _) | Probe::IsFile(p, _) | Probe::Read(p, _) => p,
        }
    }

    /// Whether grass found nothing there (an import candidate that does not exist).
    fn is_absence(&self) -> bool {
        matches!(
            self,
            Probe::IsDir(_, false) | Probe::IsFile(_, false) | Probe::Read(_, None)
        )
    }

    /// Whether the disk still answers the same.
    fn holds(&self) -> bool {
        match self {
            Probe::IsDir(p, was) => p.is_dir() == *was,
            Probe::IsFile(p, was) => p.is_file() == *was,
            Probe::Read(p, was) => std::fs::read_to_string(p).ok() == *was,
        }
    }
}

/// Whether the disk still answers every probe as it did. Most probes are of import
/// candidates that were absent (a theme's imports try a thousand names): those are checked
/// against one listing of their folder each instead of a `stat` per name.
fn all_hold<'a>(probes: impl IntoIterator<Item = &'a Probe>) -> bool {
    let listings = crate::site::deps::Listings::default();
    probes
        .into_iter()
        .all(|p| (p.is_absence() && listings.not_listed(p.path())) || p.holds())
}

/// Tells the incremental build what a compilation looked at: the files it read (by the
/// content it compiled) and the paths whose presence or absence decided an import.
fn note(probes: &[Probe]) {
    use crate::site::deps::{
        FILE_ABSENT, FILE_PRESENT, FILE_READ, content_hash, include, include_read,
    };
    for p in probes {
        match p {
            _ if p.is_absence() => include(FILE_ABSENT, p.path()),
            Probe::Read(path, Some(text)) => {
                include_read(FILE_READ, path, content_hash(text.as_bytes()))
            }
            _ => include(FILE_PRESENT, p.path()),
        }
    }
}

/// The probes of one compilation (shared by its grass runs).
pub(super) type Recorder = Arc<Mutex<Vec<Probe>>>;

/// Everything a compilation depends on besides the disk.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Key {
    pub sass: Sass,
    pub content: String,
    pub syntax: Syntax,
    /// The page's name and basename (`None`: the `sassify` filter).
    pub page: Option<(String, String)>,
}

struct Entry {
    key: Key,
    probes: Vec<Probe>,
    result: Result<Compiled, SassError>,
}

static CACHE: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

/// Enough for every stylesheet and `sassify` call of a large site.
const CAPACITY: usize = 64;

/// The cached result for `key`, if the disk still looks as it did.
pub(super) fn get(key: &Key) -> Option<Result<Compiled, SassError>> {
    let (probes, result) = {
        let cache = CACHE.lock().ok()?;
        let e = cache.iter().find(|e| e.key == *key)?;
        (e.probes.clone(), e.result.clone())
    };
    // Checked outside the lock: pages compile in parallel.
    let holds = all_hold(&probes);
    if holds {
        note(&probes);
    }
    holds.then_some(result)
}

/// Keeps a result with what grass saw on disk to produce it; returns those looks.
pub(super) fn put(
    key: Key,
    recorder: &Recorder,
    result: &Result<Compiled, SassError>,
) -> Vec<Probe> {
    let mut probes: Vec<Probe> = Vec::new();
    if let Ok(seen) = recorder.lock() {
        // The first answer is the one grass acted on; the same look again adds nothing.
        let mut looked: crate::fast_hash::FastSet<(u8, &[u8])> = Default::default();
        for p in seen.iter() {
            let kind = match p {
                Probe::IsDir(..) => 0,
                Probe::IsFile(..) => 1,
                Probe::Read(..) => 2,
            };
            if looked.insert((kind, p.path().as_os_str().as_encoded_bytes())) {
                probes.push(p.clone());
            }
        }
    }
    note(&probes);
    keep(key, probes.clone(), result.clone());
    probes
}

fn keep(key: Key, probes: Vec<Probe>, result: Result<Compiled, SassError>) {
    if let Ok(mut cache) = CACHE.lock() {
        cache.retain(|e| e.key != key);
        if cache.len() >= CAPACITY {
            cache.remove(0);
        }
        cache.push(Entry {
            key,
            probes,
            result,
        });
    }
}

/// The disk cache's format; a file of another format or of another hyde build is not read
/// (`HYDE_SOURCE_ID`, a hash of hyde's code, is part of each file's name).
const DISK_MAGIC: &str = "hyde sass cache 2\n";

/// A compilation's file in `dir`: named by a hash of everything it depends on besides the
/// disk (what the disk looked like is inside, checked on reading).
fn disk_file(dir: &Path, key: &Key) -> PathBuf {
    let id = sha1_smol::Sha1::from(format!("{}\0{key:?}", env!("HYDE_SOURCE_ID")))
        .digest()
        .to_string();
    dir.join(format!("{id}.css-cache"))
}

/// What a file read is checked by (the regenerator's content hash: a change is what it
/// detects, not tampering).
fn digest(text: &str) -> String {
    format!("{:016x}", crate::site::deps::content_hash(text.as_bytes()))
}

/// A compilation an earlier process kept in `dir`, if the files it read still read the
/// same and the paths it probed still answer the same. It is kept in memory too.
pub(super) fn disk_get(dir: &Path, key: &Key) -> Option<Compiled> {
    let bytes = std::fs::read(disk_file(dir, key)).ok()?;
    let mut r = crate::disk_cache::Reader(&bytes);
    r.expect(DISK_MAGIC.as_bytes())?;
    let n: usize = r.field()?.parse().ok()?;
    let mut probes = Vec::with_capacity(n.min(4096));
    for _ in 0..n {
        let kind = r.field()?.to_string();
        let what = r.field()?.to_string();
        let path = PathBuf::from(r.field()?);
        let probe = match (kind.as_str(), what.as_str()) {
            ("D", was) => Probe::IsDir(path, was == "1"),
            ("F", was) => Probe::IsFile(path, was == "1"),
            ("R", "-") => Probe::Read(path, None),
            ("R", hash) => {
                // Read now to compare, and kept so the memory cache can compare later.
                let text = std::fs::read_to_string(&path).ok()?;
                if digest(&text) != hash {
                    return None;
                }
                Probe::Read(path, Some(text))
            }
            _ => return None,
        };
        probes.push(probe);
    }
    let css = r.field()?.to_string();
    let map = match r.field()? {
        "-" => None,
        _ => Some(r.field()?.to_string()),
    };
    // (The files read were compared just now.)
    if !all_hold(
        probes
            .iter()
            .filter(|p| !matches!(p, Probe::Read(_, Some(_)))),
    ) {
        return None;
    }
    let compiled = Compiled { css, map };
    note(&probes);
    keep(key.clone(), probes, Ok(compiled.clone()));
    Some(compiled)
}

/// Keeps a compilation in `dir` for later processes (written whole, then renamed into
/// place); a failure to write only costs the next process a compilation.
pub(super) fn disk_put(dir: &Path, key: &Key, probes: &[Probe], compiled: &Compiled) {
    let mut out = DISK_MAGIC.as_bytes().to_vec();
    let mut field = |s: &str| crate::disk_cache::push(&mut out, s.as_bytes());
    field(&probes.len().to_string());
    for p in probes {
        let (kind, what) = match p {
            Probe::IsDir(_, was) => ("D", if *was { "1" } else { "0" }.to_string()),
            Probe::IsFile(_, was) => ("F", if *was { "1" } else { "0" }.to_string()),
            Probe::Read(_, None) => ("R", "-".to_string()),
            Probe::Read(_, Some(text)) => ("R", digest(text)),
        };
        field(kind);
        field(&what);
        field(&p.path().to_string_lossy());
    }
    field(&compiled.css);
    match &compiled.map {
        None => field("-"),
        Some(m) => {
            field("+");
            field(m);
        }
    }
    let _ = crate::disk_cache::replace(&disk_file(dir, key), &out);
    if let Some(cache_dir) = dir.parent() {
        crate::disk_cache::hide_from_git(cache_dir);
    }
}

#[cfg(test)]
mod tests {
    use super::super::Style;
    use super::*;

    /// A fresh site folder `name` with `_sass/_v.scss` setting `$c: red`, and a converter for
    /// it (compact, with or without maps and a disk cache in its `.jekyll-cache`).
    fn site(name: &str, sourcemap: bool, disk: bool) -> (PathBuf, Sass) {
        let dir = std::env::temp_dir().join(format!("hyde-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("_sass")).unwrap();
        std::fs::write(dir.join("_sass/_v.scss"), "$c: red;\n").unwrap();
        let sass = Sass {
            style: Style::Compact,
            load_paths: vec![dir.join("_sass")],
            sourcemap,
            line_comments: false,
            add_charset: false,
            dart: false,
            source: dir.clone(),
            disk_cache: disk.then(|| dir.join(".jekyll-cache/hyde-sass")),
        };
        (dir, sass)
    }

    #[test]
    fn recompiles_when_an_import_changes_appears_or_goes() {
        let (dir, sass) = site("sass-cache", false, false);
        let content = "@import \"v\";\na { color: $c; }\n";
        let key = Key {
            sass: sass.clone(),
            content: content.into(),
            syntax: Syntax::Scss,
            page: None,
        };
        let css = |want: &str| {
            let out = sass.compile(content, Syntax::Scss, None).unwrap().css;
            assert!(out.contains(want), "{want}: {out}");
            // Compiled now, so cached and still valid.
            assert!(get(&key).is_some());
        };
        css("red");
        std::fs::write(dir.join("_sass/_v.scss"), "$c: blue;\n").unwrap();
        assert!(get(&key).is_none(), "an edited import invalidates");
        css("blue");
        // A file that now shadows the load path's (imports resolve from the site first).
        std::fs::write(dir.join("_v.scss"), "$c: green;\n").unwrap();
        assert!(
            get(&key).is_none(),
            "a new file on the import's path invalidates"
        );
        css("green");
        std::fs::remove_file(dir.join("_v.scss")).unwrap();
        css("blue");
        std::fs::write(dir.join("_sass/_v.scss"), "$c: rgb(1, 2, 3;\n").unwrap();
        // Failures are kept too: a broken partial fails every build until it is fixed.
        assert!(sass.compile(content, Syntax::Scss, None).is_err());
        assert!(matches!(get(&key), Some(Err(_))));
        std::fs::write(dir.join("_sass/_v.scss"), "$c: blue;\n").unwrap();
        css("blue");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_disk_cache_serves_a_later_process_until_an_import_changes() {
        let (dir, sass) = site("sass-disk", true, true);
        let store = dir.join(".jekyll-cache/hyde-sass");
        let content = "@import \"v\";\na { color: $c; }\n";
        let key = Key {
            sass: sass.clone(),
            content: content.into(),
            syntax: Syntax::Scss,
            page: Some(("main.scss".into(), "main".into())),
        };
        let page = || {
            Some(super::super::SassPage {
                name: "main.scss",
                basename: "main",
            })
        };
        let compiled = sass.compile(content, Syntax::Scss, page()).unwrap();
        assert!(compiled.css.contains("red") && compiled.map.is_some());
        // What another process finds: the same CSS and map.
        assert_eq!(disk_get(&store, &key), Some(compiled.clone()));
        // An edited import, a new file shadowing it, or a damaged file: not served.
        std::fs::write(dir.join("_sass/_v.scss"), "$c: blue;\n").unwrap();
        assert_eq!(disk_get(&store, &key), None);
        std::fs::write(dir.join("_sass/_v.scss"), "$c: red;\n").unwrap();
        assert_eq!(disk_get(&store, &key), Some(compiled.clone()));
        std::fs::write(dir.join("_v.scss"), "$c: green;\n").unwrap();
        assert_eq!(disk_get(&store, &key), None);
        std::fs::remove_file(dir.join("_v.scss")).unwrap();
        let file = disk_file(&store, &key);
        let bytes = std::fs::read(&file).unwrap();
        std::fs::write(&file, &bytes[..bytes.len() - 3]).unwrap();
        assert_eq!(disk_get(&store, &key), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
