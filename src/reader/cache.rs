//! Sources kept between the builds of one session (`serve`, `build --watch`): each file's
//! bytes by path with the size and modification time they were read at, and parsed front
//! matter by its text, so a rebuild reads from disk and parses only what changed. Like
//! Jekyll's regenerator, a change is seen through the file's size and modification time.
//! What the site reader made of a file (a document) is kept too, with the bytes and settings
//! it was made from, so an unchanged file is not made again.

use crate::fast_hash::FastMap;
use crate::value::Value;
use crate::yaml::YamlError;
use std::any::Any;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

struct Cached {
    len: u64,
    modified: Option<SystemTime>,
    bytes: Arc<[u8]>,
    /// Read from a path that is not a symlink, so a watcher of the folder sees its changes.
    watchable: bool,
}

/// The cache; share one between the builds of a session.
#[derive(Default)]
pub struct SourceCache {
    // (Hashed with the fast hash: a rebuild of a large site looks up every file here.)
    files: Mutex<FastMap<PathBuf, Cached>>,
    /// Front matter text → its data; emptied when it grows past `YAML_LIMIT` entries
    /// (every edit adds one).
    yaml: Mutex<FastMap<Arc<str>, Value>>,
    made: Mutex<FastMap<PathBuf, Made>>,
    /// Every path that may have changed since the last build, when a file watcher knows
    /// (`serve`): other files read before are taken as they were, without asking the disk.
    changes: RwLock<Option<HashSet<PathBuf>>>,
}

/// Something made from a file's bytes under some settings (of a kind, e.g. a collection).
struct Made {
    kind: String,
    bytes: Arc<[u8]>,
    settings: u64,
    value: Arc<dyn Any + Send + Sync>,
}

const YAML_LIMIT: usize = 50_000;

/// Whether `path` or a folder above it (renamed, or moved away and back: its files are not
/// named) is in `changes`. A rebuild asks this of every source, and a list of changes is
/// usually a file or two: comparing bytes beats hashing each ancestor then.
pub fn listed(changes: &HashSet<PathBuf>, path: &Path) -> bool {
    if changes.len() > 16 {
        return path.ancestors().any(|a| changes.contains(a));
    }
    let p = path.as_os_str().as_encoded_bytes();
    changes.iter().any(|c| {
        let c = c.as_os_str().as_encoded_bytes();
        p.starts_with(c) && (p.len() == c.len() || p[c.len()] == b'/')
    })
}

impl SourceCache {
    /// Tells the cache which paths may have changed since the last build (`Some`: a file
    /// watcher's complete list; `None`: unknown, so every file's size and time is checked).
    /// A rebuild of a large site otherwise spends much of its time in one `stat` per source.
    pub fn expect_changes(&self, changed: Option<HashSet<PathBuf>>) {
        if let Ok(mut c) = self.changes.write() {
            *c = changed;
        }
    }

    /// The file's bytes: kept ones while its size and modification time are unchanged, or,
    /// with a watcher's list of changes, while it is not on the list.
    pub fn read(&self, path: &Path) -> std::io::Result<Arc<[u8]>> {
        let unchanged = self
            .changes
            .read()
            .is_ok_and(|c| c.as_ref().is_some_and(|c| !listed(c, path)));
        if unchanged
            && let Ok(files) = self.files.lock()
            && let Some(c) = files.get(path)
            && c.watchable
        {
            return Ok(c.bytes.clone());
        }
        // `lstat` first: the same answer for a plain file, and it tells a symlink (whose
        // target's changes a watcher of this folder does not see).
        let link = std::fs::symlink_metadata(path)?;
        let watchable = !link.file_type().is_symlink();
        let meta = if watchable {
            link
        } else {
            std::fs::metadata(path)?
        };
        let modified = meta.modified().ok();
        if let Ok(files) = self.files.lock()
            && let Some(c) = files.get(path)
            && c.len == meta.len()
            && c.modified == modified
            && modified.is_some()
        {
            return Ok(c.bytes.clone());
        }
        let bytes: Arc<[u8]> = Arc::from(std::fs::read(path)?);
        if let Ok(mut files) = self.files.lock() {
            files.insert(
                path.to_path_buf(),
                Cached {
                    len: bytes.len() as u64,
                    modified,
                    bytes: bytes.clone(),
                    watchable,
                },
            );
        }
        Ok(bytes)
    }

    /// What [`SourceCache::remember_made`] kept for `path`, if it was made as `kind` from
    /// these same bytes under the same `settings`.
    pub fn made<T: Any + Send + Sync>(
        &self,
        path: &Path,
        kind: &str,
        bytes: &Arc<[u8]>,
        settings: u64,
    ) -> Option<Arc<T>> {
        let made = self.made.lock().ok()?;
        let m = made.get(path)?;
        let same = m.kind == kind
            && m.settings == settings
            && (Arc::ptr_eq(&m.bytes, bytes) || m.bytes == *bytes);
        if !same {
            return None;
        }
        m.value.clone().downcast::<T>().ok()
    }

    /// Keeps `value`, made from `bytes` of `path` as `kind` under `settings`.
    pub fn remember_made<T: Any + Send + Sync>(
        &self,
        path: &Path,
        kind: &str,
        bytes: Arc<[u8]>,
        settings: u64,
        value: Arc<T>,
    ) {
        if let Ok(mut made) = self.made.lock() {
            made.insert(
                path.to_path_buf(),
                Made {
                    kind: kind.to_string(),
                    bytes,
                    settings,
                    value,
                },
            );
        }
    }

    /// `yaml::load`, remembered by the text.
    pub fn yaml(&self, text: &str) -> Result<Value, YamlError> {
        if let Some(v) = self.yaml.lock().ok().and_then(|m| m.get(text).cloned()) {
            return Ok(v);
        }
        let v = crate::yaml::load(text)?;
        if let Ok(mut m) = self.yaml.lock() {
            if m.len() >= YAML_LIMIT {
                m.clear();
            }
            m.insert(Arc::from(text), v.clone());
        }
        Ok(v)
    }
}

/// Forgets the list of changes given to the cache when dropped (at the end of the build it
/// was given for).
pub struct ForgetChanges(pub Arc<SourceCache>);

impl Drop for ForgetChanges {
    fn drop(&mut self) {
        self.0.expect_changes(None);
    }
}

/// Reads through `cache` when there is one.
pub fn read(cache: Option<&SourceCache>, path: &Path) -> std::io::Result<Bytes> {
    match cache {
        Some(c) => c.read(path).map(Bytes::Shared),
        None => std::fs::read(path).map(Bytes::Owned),
    }
}

/// A source file's bytes: shared with a session's cache, or the reader's own (a one-off
/// build copies no source on its way to a page's text).
pub enum Bytes {
    /// Kept by the cache too.
    Shared(Arc<[u8]>),
    /// Read for this build only.
    Owned(Vec<u8>),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Shared(b) => b,
            Bytes::Owned(b) => b,
        }
    }
}

impl Bytes {
    /// The text, if the bytes are UTF-8 (copied only when the cache shares them).
    pub fn into_text(self) -> Result<String, std::string::FromUtf8Error> {
        match self {
            Bytes::Shared(b) => String::from_utf8(b.to_vec()),
            Bytes::Owned(b) => String::from_utf8(b),
        }
    }

    /// The bytes the cache shares, if it does.
    pub fn shared(&self) -> Option<&Arc<[u8]>> {
        match self {
            Bytes::Shared(b) => Some(b),
            Bytes::Owned(_) => None,
        }
    }
}

/// The content after the front matter ending at `body`, in `text`'s own buffer.
pub fn body_of(mut text: String, body: usize) -> String {
    text.drain(..body);
    text
}

/// Parses front matter through `cache` when there is one.
pub fn yaml(cache: Option<&SourceCache>, text: &str) -> Result<Value, YamlError> {
    match cache {
        Some(c) => c.yaml(text),
        None => crate::yaml::load(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watchers_list_of_changes_decides_what_is_read_again() {
        let dir = std::env::temp_dir().join(format!("hyde-cache-test-{}", std::process::id()));
        let sub = dir.join("_posts");
        std::fs::create_dir_all(&sub).unwrap();
        let post = sub.join("2024-01-01-a.md");
        let cache = SourceCache::default();
        let read = |c: &SourceCache| c.read(&post).map(|b| b.to_vec()).unwrap();
        // The same length, so only the watcher's word or the time tells the change.
        let mut n = 0;
        let mut edit = || {
            n += 1;
            std::fs::write(&post, format!("v{n}")).unwrap();
            // Times differ even on file systems with coarse times.
            let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000 + n);
            std::fs::File::options()
                .write(true)
                .open(&post)
                .unwrap()
                .set_modified(t)
                .unwrap();
            format!("v{n}").into_bytes()
        };
        let v1 = edit();
        assert_eq!(read(&cache), v1);
        // A watcher that saw nothing change: the kept bytes, without asking the disk.
        cache.expect_changes(Some(HashSet::new()));
        let v2 = edit();
        assert_eq!(read(&cache), v1);
        // Named, or its folder named (moved away and back), it is read again.
        cache.expect_changes(Some(HashSet::from([post.clone()])));
        assert_eq!(read(&cache), v2);
        let v3 = edit();
        cache.expect_changes(Some(HashSet::from([sub.clone()])));
        assert_eq!(read(&cache), v3);
        // A folder whose name only starts the same is another folder.
        let v4 = edit();
        cache.expect_changes(Some(HashSet::from([dir.join("_po")])));
        assert_eq!(read(&cache), v3);
        // Without a list, size and time decide.
        cache.expect_changes(None);
        assert_eq!(read(&cache), v4);

        // A symlink's target changes where the watcher does not look: always asked.
        let target = dir.join("outside.md");
        let link = sub.join("linked.md");
        std::fs::write(&target, "one").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(&*cache.read(&link).unwrap(), b"one");
        cache.expect_changes(Some(HashSet::new()));
        std::fs::write(&target, "two!").unwrap();
        assert_eq!(&*cache.read(&link).unwrap(), b"two!");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
