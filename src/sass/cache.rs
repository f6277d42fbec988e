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
    /// A file read (`None`: it could not be).
    Read(PathBuf, Option<Seen>),
}

/// What a file read gave: its content's hash, and the file's stamp when it may stand for
/// the content (see [`Stamp`]).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Seen {
    hash: u64,
    stamp: Option<Stamp>,
}

/// A file's size, modification and change times and inode, taken before it was read. A
/// theme's partials are a hundred files: checking them by this (one `stat` each, as Jekyll's
/// regenerator and git's index do) instead of reading and hashing them is most of what a
/// repeat build's stylesheet costs. The change time cannot be set back by tools that keep
/// modification times (`cp -p`, `rsync -t`, `touch -d`). A stamp is kept only for a file
/// that had not changed for [`SETTLED`] when it was taken, as git treats "racily clean"
/// entries: a later edit in the same clock tick, of the same size, would leave the same stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: i128,
    changed: i128,
    inode: u64,
}

/// How long a file must have been left alone for its stamp to stand for its content.
const SETTLED: std::time::Duration = std::time::Duration::from_secs(2);

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        let nanos = |t: std::io::Result<std::time::SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(-1, |d| d.as_nanos() as i128)
        };
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
                meta.ino(),
            )
        };
        #[cfg(not(unix))]
        let (changed, inode) = (nanos(meta.created()), 0);
        Stamp {
            len: meta.len(),
            modified: nanos(meta.modified()),
            changed,
            inode,
        }
    }

    /// The stamp of `meta` when the file had been left alone for [`SETTLED`] by `now`.
    fn settled(meta: &std::fs::Metadata, now: std::time::SystemTime) -> Option<Stamp> {
        let stamp = Stamp::of(meta);
        let settled = now
            .checked_sub(SETTLED)
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos() as i128)?;
        (stamp.modified >= 0 && stamp.modified < settled && stamp.changed < settled)
            .then_some(stamp)
    }

    /// Whether the file at `path` still has this stamp.
    fn holds(&self, path: &Path) -> bool {
        std::fs::metadata(path).is_ok_and(|m| Stamp::of(&m) == *self)
    }
}

/// Reads a file for a compilation: its text, and the probe that records the read.
pub(super) fn read(path: &Path) -> (std::io::Result<String>, Probe) {
    read_at(path, std::time::SystemTime::now())
}

fn read_at(path: &Path, now: std::time::SystemTime) -> (std::io::Result<String>, Probe) {
    // The stamp is taken first: an edit while the file is read then changes it.
    let stamp = std::fs::metadata(path)
        .ok()
        .and_then(|m| Stamp::settled(&m, now));
    let text = std::fs::read_to_string(path);
    let seen = text.as_ref().ok().map(|t| Seen {
        hash: crate::site::deps::content_hash(t.as_bytes()),
        stamp,
    });
    (text, Probe::Read(path.to_path_buf(), seen))
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

    /// Whether the disk still answers the same: a file read by its stamp when it has one,
    /// else by its content.
    fn holds(&self) -> bool {
        match self {
            Probe::IsDir(p, was) => p.is_dir() == *was,
            Probe::IsFile(p, was) => p.is_file() == *was,
            Probe::Read(p, None) => std::fs::read_to_string(p).is_err(),
            Probe::Read(p, Some(seen)) => {
                seen.stamp.is_some_and(|s| s.holds(p))
                    || std::fs::read_to_string(p)
                        .is_ok_and(|t| crate::site::deps::content_hash(t.as_bytes()) == seen.hash)
            }
        }
    }
}

/// Whether the disk still answers every probe as it did. Most probes are of import
/// candidates that were absent (a theme's imports try a thousand names): those are checked
/// against one listing of their folder each instead of a `stat` per name.
/// A file that still reads the same is still a file: its `IsFile` probe is not asked again.
fn all_hold(probes: &[Probe]) -> bool {
    let listings = crate::site::deps::Listings::default();
    let read: crate::fast_hash::FastSet<&Path> = probes
        .iter()
        .filter_map(|p| match p {
            Probe::Read(path, Some(_)) => Some(path.as_path()),
            _ => None,
        })
        .collect();
    probes.iter().all(|p| match p {
        _ if p.is_absence() => listings.not_listed(p.path()) || p.holds(),
        Probe::IsFile(path, true) if read.contains(path.as_path()) => true,
        _ => p.holds(),
    })
}

/// Tells the incremental build what a compilation looked at: the files it read (by the
/// content it compiled) and the paths whose presence or absence decided an import.
fn note(probes: &[Probe]) {
    use crate::site::deps::{FILE_ABSENT, FILE_PRESENT, FILE_READ, include, include_read};
    for p in probes {
        match p {
            _ if p.is_absence() => include(FILE_ABSENT, p.path()),
            Probe::Read(path, Some(seen)) => include_read(FILE_READ, path, seen.hash),
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
const DISK_MAGIC: &str = "hyde sass cache 3\n";

/// A compilation's file in `dir`: named by a hash of everything it depends on besides the
/// disk (what the disk looked like is inside, checked on reading).
fn disk_file(dir: &Path, key: &Key) -> PathBuf {
    let id = sha1_smol::Sha1::from(format!("{}\0{key:?}", env!("HYDE_SOURCE_ID")))
        .digest()
        .to_string();
    dir.join(format!("{id}.css-cache"))
}

/// A file read as the disk cache writes it: the content's hash, then the stamp if any.
fn seen_field(seen: &Seen) -> String {
    match seen.stamp {
        None => format!("{:016x}", seen.hash),
        Some(s) => format!(
            "{:016x} {} {} {} {}",
            seen.hash, s.len, s.modified, s.changed, s.inode
        ),
    }
}

fn parse_seen(field: &str) -> Option<Seen> {
    let mut parts = field.split(' ');
    let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
    let stamp = match parts.next() {
        None => None,
        Some(len) => Some(Stamp {
            len: len.parse().ok()?,
            modified: parts.next()?.parse().ok()?,
            changed: parts.next()?.parse().ok()?,
            inode: parts.next()?.parse().ok()?,
        }),
    };
    Some(Seen { hash, stamp })
}

/// A compilation an earlier process kept in `dir`, if the files it read still read the
/// same (by their stamps, or their content) and the paths it probed still answer the same.
/// It is kept in memory too.
pub(super) fn disk_get(dir: &Path, key: &Key) -> Option<Compiled> {
    let mut bytes = std::fs::read(disk_file(dir, key)).ok()?;
    let mut r = crate::disk_cache::Reader(&bytes);
    r.expect(DISK_MAGIC.as_bytes())?;
    let n: usize = r.field()?.parse().ok()?;
    let mut probes = Vec::with_capacity(n.min(4096));
    for _ in 0..n {
        let kind = r.field()?;
        let what = r.field()?;
        let path = PathBuf::from(r.field()?);
        let probe = match (kind, what) {
            ("D", was) => Probe::IsDir(path, was == "1"),
            ("F", was) => Probe::IsFile(path, was == "1"),
            ("R", "-") => Probe::Read(path, None),
            ("R", seen) => Probe::Read(path, Some(parse_seen(seen)?)),
            _ => return None,
        };
        probes.push(probe);
    }
    let css = r.field()?.to_string();
    // The map, the last field, is cut out of the buffer in place rather than copied.
    let map = match r.field()? {
        "-" => None,
        _ => {
            let map = r.field()?;
            let start = map.as_ptr() as usize - bytes.as_ptr() as usize;
            Some(start..start + map.len())
        }
    };
    if !all_hold(&probes) {
        return None;
    }
    let map = match map {
        Some(range) => {
            bytes.truncate(range.end);
            bytes.drain(..range.start);
            Some(Arc::new(String::from_utf8(bytes).ok()?))
        }
        None => None,
    };
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
            Probe::Read(_, Some(seen)) => ("R", seen_field(seen)),
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
            field(m.as_str());
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

    /// A read stands for the file by its stamp only once the file has been left alone a
    /// while; a stamp taken then is broken by an edit that keeps the size.
    #[test]
    fn a_file_read_is_checked_by_its_stamp_once_settled() {
        let (dir, _) = site("sass-stamp", false, false);
        let file = dir.join("_sass/_v.scss");
        let (_, fresh) = read(&file);
        assert!(
            matches!(&fresh, Probe::Read(_, Some(Seen { stamp: None, .. }))),
            "a file written just now is checked by content: {fresh:?}"
        );
        assert!(fresh.holds());
        let later = std::time::SystemTime::now() + 2 * SETTLED;
        let (text, settled) = read_at(&file, later);
        assert_eq!(text.unwrap(), "$c: red;\n");
        assert!(matches!(
            &settled,
            Probe::Read(_, Some(Seen { stamp: Some(_), .. }))
        ));
        assert!(settled.holds());
        // Past the file system's clock tick, so the edit's times differ from the stamp's.
        std::thread::sleep(std::time::Duration::from_millis(30));
        std::fs::write(&file, "$c: tan;\n").unwrap();
        assert!(!settled.holds(), "a same-size edit breaks the stamp");
        assert!(!fresh.holds());
        std::fs::write(&file, "$c: red;\n").unwrap();
        assert!(fresh.holds(), "the same content again holds by content");
        assert!(settled.holds(), "also where the stamp no longer matches");
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
