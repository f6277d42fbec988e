//! Sources kept between the builds of one session (`serve`, `build --watch`): each file's
//! bytes by path with the size and modification time they were read at, and parsed front
//! matter by its text, so a rebuild reads from disk and parses only what changed. Like
//! Jekyll's regenerator, a change is seen through the file's size and modification time.
//! What the site reader made of a file (a document) is kept too, with the bytes and settings
//! it was made from, so an unchanged file is not made again.

use crate::value::Value;
use crate::yaml::YamlError;
use std::any::Any;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

struct Cached {
    len: u64,
    modified: Option<SystemTime>,
    bytes: Arc<[u8]>,
}

/// The cache; share one between the builds of a session.
#[derive(Default)]
pub struct SourceCache {
    files: Mutex<HashMap<PathBuf, Cached>>,
    /// Front matter text → its data; emptied when it grows past `YAML_LIMIT` entries
    /// (every edit adds one).
    yaml: Mutex<HashMap<Arc<str>, Value>>,
    made: Mutex<HashMap<PathBuf, Made>>,
}

/// Something made from a file's bytes under some settings (of a kind, e.g. a collection).
struct Made {
    kind: String,
    bytes: Arc<[u8]>,
    settings: u64,
    value: Arc<dyn Any + Send + Sync>,
}

const YAML_LIMIT: usize = 50_000;

impl SourceCache {
    /// The file's bytes: kept ones while its size and modification time are unchanged.
    pub fn read(&self, path: &Path) -> std::io::Result<Arc<[u8]>> {
        let meta = std::fs::metadata(path)?;
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

/// Reads through `cache` when there is one.
pub fn read(cache: Option<&SourceCache>, path: &Path) -> std::io::Result<Arc<[u8]>> {
    match cache {
        Some(c) => c.read(path),
        None => std::fs::read(path).map(Arc::from),
    }
}

/// Parses front matter through `cache` when there is one.
pub fn yaml(cache: Option<&SourceCache>, text: &str) -> Result<Value, YamlError> {
    match cache {
        Some(c) => c.yaml(text),
        None => crate::yaml::load(text),
    }
}
