//! Compiled stylesheets kept across the builds of one process (`hyde serve`, `build
//! --watch`): a stylesheet is compiled again only when its input, the converter's settings or
//! anything grass looked at on disk (files read, paths probed while resolving imports)
//! changed, so saving a post does not recompile the theme's SCSS.

use super::{Compiled, Sass, SassError, Syntax};
use std::path::PathBuf;
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

    /// Whether the disk still answers the same.
    fn holds(&self) -> bool {
        match self {
            Probe::IsDir(p, was) => p.is_dir() == *was,
            Probe::IsFile(p, was) => p.is_file() == *was,
            Probe::Read(p, was) => std::fs::read_to_string(p).ok() == *was,
        }
    }
}

/// Tells the incremental build what a compilation looked at: the files it read (by content)
/// and the paths whose presence or absence decided an import.
fn note(probes: &[Probe]) {
    use crate::site::deps::{FILE_ABSENT, FILE_PRESENT, include};
    for p in probes {
        match p {
            Probe::Read(path, Some(_)) => include(&path.to_string_lossy(), path),
            Probe::Read(path, None) | Probe::IsFile(path, false) | Probe::IsDir(path, false) => {
                include(FILE_ABSENT, path)
            }
            Probe::IsFile(path, true) | Probe::IsDir(path, true) => include(FILE_PRESENT, path),
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
    let holds = probes.iter().all(Probe::holds);
    if holds {
        note(&probes);
    }
    holds.then_some(result)
}

/// Keeps a result with what grass saw on disk to produce it.
pub(super) fn put(key: Key, recorder: &Recorder, result: &Result<Compiled, SassError>) {
    let mut probes: Vec<Probe> = Vec::new();
    if let Ok(seen) = recorder.lock() {
        for p in seen.iter() {
            // The first answer is the one grass acted on; the same look again adds nothing.
            let same = |q: &Probe| {
                std::mem::discriminant(q) == std::mem::discriminant(p) && q.path() == p.path()
            };
            if !probes.iter().any(same) {
                probes.push(p.clone());
            }
        }
    }
    note(&probes);
    if let Ok(mut cache) = CACHE.lock() {
        cache.retain(|e| e.key != key);
        if cache.len() >= CAPACITY {
            cache.remove(0);
        }
        cache.push(Entry {
            key,
            probes,
            result: result.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::Style;
    use super::*;

    #[test]
    fn recompiles_when_an_import_changes_appears_or_goes() {
        let dir = std::env::temp_dir().join(format!("hyde-sass-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("_sass")).unwrap();
        std::fs::write(dir.join("_sass/_v.scss"), "$c: red;\n").unwrap();
        let sass = Sass {
            style: Style::Compact,
            load_paths: vec![dir.join("_sass")],
            sourcemap: false,
            line_comments: false,
            add_charset: false,
            dart: false,
            source: dir.clone(),
        };
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
}
