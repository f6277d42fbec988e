//! `--incremental` across runs: the regenerator's state saved in the cache folder after a
//! good build and read by the next `hyde build --incremental` (Jekyll keeps its
//! `.jekyll-metadata` for the same purpose). A small binary format of our own, headed by
//! hyde's version: a state written by another version, or a damaged file, is ignored and the
//! build renders everything.

use super::regenerator::{ItemDeps, ItemState, Regenerator, Saved, State};
use crate::site::deps::IncludePath;
use crate::site::document::Rendered;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const MAGIC: &str = concat!("hyde regenerator ", env!("CARGO_PKG_VERSION"), " v2\n");

#[derive(Default)]
struct Out(Vec<u8>);

impl Out {
    fn u64(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn path(&mut self, p: &Path) {
        self.str(&p.to_string_lossy());
    }
    /// Strings and maps are written in order (sets and maps in memory are hashed), so the same
    /// state encodes to the same bytes and a no-op build can leave the file alone.
    fn strs<'a>(&mut self, v: impl ExactSizeIterator<Item = &'a String>) {
        let mut v: Vec<&String> = v.collect();
        v.sort_unstable();
        self.u64(v.len() as u64);
        for s in v {
            self.str(s);
        }
    }
    fn map<K: Ord, V>(
        &mut self,
        m: impl ExactSizeIterator<Item = (K, V)>,
        mut f: impl FnMut(&mut Self, K, V),
    ) {
        let mut m: Vec<(K, V)> = m.collect();
        m.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.u64(m.len() as u64);
        for (k, v) in m {
            f(self, k, v);
        }
    }
}

struct In<'a>(&'a [u8]);

impl In<'_> {
    fn u64(&mut self) -> Option<u64> {
        let (head, rest) = self.0.split_at_checked(8)?;
        self.0 = rest;
        Some(u64::from_le_bytes(head.try_into().ok()?))
    }
    fn len(&mut self) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        // A count can't exceed the bytes left: a damaged file stops here, not in an allocation.
        (n <= self.0.len()).then_some(n)
    }
    fn str(&mut self) -> Option<String> {
        let n = self.len()?;
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        String::from_utf8(head.to_vec()).ok()
    }
    fn path(&mut self) -> Option<PathBuf> {
        self.str().map(PathBuf::from)
    }
    fn strs<C: FromIterator<String>>(&mut self) -> Option<C> {
        let n = self.len()?;
        (0..n).map(|_| self.str()).collect()
    }
    fn map<K: Eq + Hash + Ord, V, C: FromIterator<(K, V)>>(
        &mut self,
        mut f: impl FnMut(&mut Self) -> Option<(K, V)>,
    ) -> Option<C> {
        let n = self.len()?;
        (0..n).map(|_| f(self)).collect()
    }
}

fn write_deps(o: &mut Out, d: &ItemDeps) {
    o.strs(d.site_keys.iter());
    o.map(d.fields.iter(), |o, k, v| {
        o.str(k);
        o.strs(v.iter());
    });
    o.map(d.includes.iter().map(|(n, p)| (n, p)), |o, n, p| {
        o.str(n);
        o.path(p);
    });
    o.strs(d.layouts.iter());
    o.u64(d.links as u64);
}

fn read_deps(i: &mut In) -> Option<ItemDeps> {
    Some(ItemDeps {
        site_keys: i.strs()?,
        fields: i
            .map::<String, BTreeSet<String>, BTreeMap<_, _>>(|i| Some((i.str()?, i.strs()?)))?,
        includes: {
            let n = i.len()?;
            (0..n)
                .map(|_| Some((i.str()?, IncludePath(i.path()?))))
                .collect::<Option<BTreeSet<_>>>()?
        },
        layouts: i.strs()?,
        links: i.u64()? != 0,
    })
}

fn write_saved(o: &mut Out, s: &Saved) {
    match s {
        Saved::Doc(r, ex) => {
            o.u64(0);
            o.str(&r.content);
            o.str(&r.output);
            match ex {
                None => o.u64(0),
                Some(Ok(e)) => {
                    o.u64(1);
                    o.str(e);
                }
                Some(Err(e)) => {
                    o.u64(2);
                    o.str(e);
                }
            }
        }
        Saved::Page(r) => {
            o.u64(1);
            o.str(&r.0);
            o.str(&r.1);
        }
    }
}

fn read_saved(i: &mut In) -> Option<Saved> {
    Some(match i.u64()? {
        0 => {
            let content = i.str()?;
            let output = i.str()?;
            let ex = match i.u64()? {
                0 => None,
                1 => Some(Ok(i.str()?)),
                2 => Some(Err(i.str()?)),
                _ => return None,
            };
            Saved::Doc(
                Arc::new(Rendered {
                    content: content.into(),
                    output,
                }),
                ex,
            )
        }
        1 => Saved::Page(Arc::new((i.str()?, i.str()?))),
        _ => return None,
    })
}

fn u64_map<K: AsRef<str> + Ord>(o: &mut Out, m: &HashMap<K, u64>) {
    o.map(m.iter(), |o, k, v| {
        o.str(k.as_ref());
        o.u64(*v);
    });
}

fn encode(r: &Regenerator) -> Option<Vec<u8>> {
    let s = r.state.as_ref()?;
    let mut o = Out::default();
    o.0.extend_from_slice(MAGIC.as_bytes());
    o.u64(r.written as u64);
    o.u64(r.paths.unwrap_or(0));
    o.u64(s.config);
    o.u64(s.links);
    u64_map(&mut o, &s.layouts);
    o.map(s.includes.iter(), |o, p, v| {
        o.path(p);
        o.u64(*v);
    });
    u64_map(&mut o, &s.site);
    u64_map(&mut o, &s.orders);
    // (The last map of a page is the one that counts: `State::sass_map`.)
    let maps: std::collections::BTreeMap<&String, &String> =
        s.sass_maps.iter().map(|(r, m)| (r, m)).collect();
    o.map(maps.into_iter(), |o, rel, map| {
        o.str(rel);
        o.str(map);
    });
    o.map(s.items.iter(), |o, key, it| {
        o.str(key);
        o.u64(it.source);
        u64_map(o, &it.fields);
        write_saved(o, &it.saved);
        write_deps(o, &it.deps);
    });
    // A check of the whole, last: the file is written in place, so a build interrupted while
    // writing it (or another reading it meanwhile) finds a file that does not check out.
    let sum = crate::site::deps::content_hash(&o.0);
    o.u64(sum);
    Some(o.0)
}

fn decode(bytes: &[u8]) -> Option<Regenerator> {
    let (bytes, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    let sum = u64::from_le_bytes(sum.try_into().ok()?);
    if crate::site::deps::content_hash(bytes) != sum {
        return None;
    }
    let mut i = In(bytes.strip_prefix(MAGIC.as_bytes())?);
    let written = i.u64()? != 0;
    let paths = i.u64()?;
    let config = i.u64()?;
    let links = i.u64()?;
    let strmap = |i: &mut In| i.map(|i| Some((i.str()?, i.u64()?)));
    let layouts = strmap(&mut i)?;
    let includes = i.map(|i| Some((i.path()?, i.u64()?)))?;
    let site = strmap(&mut i)?;
    let orders = strmap(&mut i)?;
    let sass_maps = i.map(|i| Some((i.str()?, i.str()?)))?;
    let items = i.map(|i| {
        let key = i.str()?;
        let source = i.u64()?;
        let fields: HashMap<String, u64> = strmap(i)?;
        let saved = read_saved(i)?;
        let deps = read_deps(i)?;
        Some((
            key,
            ItemState {
                source,
                fields: Arc::new(fields),
                saved,
                deps,
            },
        ))
    })?;
    if !i.0.is_empty() {
        return None;
    }
    Some(Regenerator {
        state: Some(State {
            config,
            items,
            layouts,
            includes,
            site,
            links,
            orders,
            sass_maps,
        }),
        written,
        paths: Some(paths),
        loaded: Some(sum),
        ..Regenerator::default()
    })
}

/// The checksum at the end of the state file at `path`, if it holds `len` bytes.
fn saved_sum(path: &Path, len: usize) -> Option<u64> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(path).ok()?;
    if f.metadata().ok()?.len() != len as u64 {
        return None;
    }
    f.seek(SeekFrom::End(-8)).ok()?;
    let mut sum = [0u8; 8];
    f.read_exact(&mut sum).ok()?;
    Some(u64::from_le_bytes(sum))
}

/// The state saved at `path`, if it is there and this version wrote it.
pub fn load(path: &Path) -> Option<Regenerator> {
    decode(&std::fs::read(path).ok()?)
}

/// Saves `r` at `path`, in place: replacing a file of megabytes by renaming a new one over it
/// cost a rebuild 1.5 ms of freeing the old one on this disk; a half-written state fails its
/// check and is ignored (the next build renders everything).
pub fn save(r: &Regenerator, path: &Path) -> std::io::Result<()> {
    let Some(bytes) = encode(r) else {
        // No state (a build that used counters): nothing to reuse next time.
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    };
    // The state it was loaded from, still there: nothing to write (a no-op rebuild of a
    // large site would write megabytes).
    let sum = bytes
        .get(bytes.len().saturating_sub(8)..)
        .and_then(|s| s.try_into().ok())
        .map(u64::from_le_bytes);
    if sum.is_some() && r.loaded == sum && saved_sum(path, bytes.len()) == sum {
        return Ok(());
    }
    crate::disk_cache::overwrite(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_or_foreign_states_are_ignored() {
        assert!(decode(b"").is_none());
        assert!(decode(b"hyde regenerator 0.0.0 v1\n").is_none());
        let mut bytes = MAGIC.as_bytes().to_vec();
        // A count far beyond the bytes that follow.
        bytes.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0]);
        bytes.extend_from_slice(&[0; 24]);
        bytes.extend_from_slice(&u64::MAX.to_le_bytes());
        let sum = crate::site::deps::content_hash(&bytes);
        bytes.extend_from_slice(&sum.to_le_bytes());
        assert!(decode(&bytes).is_none());
    }

    /// The state is written in place: a build's state reads back, and one damaged (half
    /// written over a longer one, a byte changed, cut short) does not.
    #[test]
    fn a_state_that_does_not_check_out_is_ignored() {
        let dir = std::env::temp_dir().join(format!("hyde-persist-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("_posts")).unwrap();
        std::fs::write(dir.join("index.md"), "---\n---\n{{ site.posts.size }}\n").unwrap();
        std::fs::write(
            dir.join("_posts/2020-01-01-a.md"),
            "---\nlayout: post\n---\nA\n",
        )
        .unwrap();
        // Several layouts and includes: maps whose order in memory is the hasher's.
        std::fs::create_dir_all(dir.join("_layouts")).unwrap();
        std::fs::create_dir_all(dir.join("_includes")).unwrap();
        for (name, parent) in [("default", ""), ("post", "base"), ("base", "default")] {
            let front = if parent.is_empty() {
                String::new()
            } else {
                format!("---\nlayout: {parent}\n---\n")
            };
            let body = format!("{front}{{% include {name}.html %}}{{{{ content }}}}\n");
            std::fs::write(dir.join(format!("_layouts/{name}.html")), body).unwrap();
            std::fs::write(dir.join(format!("_includes/{name}.html")), name).unwrap();
        }
        let opts = crate::options::BuildOptions {
            source: Some(dir.clone()),
            destination: Some(dir.join("_site")),
            incremental: true,
            quiet: true,
            ..Default::default()
        };
        crate::build(&opts).unwrap();
        let file = dir.join(".jekyll-cache/hyde-regenerator.bin");
        let bytes = std::fs::read(&file).unwrap();
        assert!(load(&file).is_some_and(|r| r.state.is_some()));
        let mut changed = bytes.clone();
        let mid = changed.len() / 2;
        changed[mid] ^= 1;
        std::fs::write(&file, &changed).unwrap();
        assert!(load(&file).is_none());
        std::fs::write(&file, &bytes[..bytes.len() - 1]).unwrap();
        assert!(load(&file).is_none());
        // The same state saved again is not written again (a no-op `-I` build of a large
        // site would write megabytes), and encodes to the same bytes (maps in order).
        std::fs::write(&file, &bytes).unwrap();
        let r = load(&file).unwrap();
        let before = std::fs::metadata(&file).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        save(&r, &file).unwrap();
        assert_eq!(
            std::fs::metadata(&file).unwrap().modified().unwrap(),
            before
        );
        assert_eq!(encode(&r).unwrap(), bytes);
        // A shorter state written over a longer one leaves no tail behind.
        std::fs::write(&file, [bytes.as_slice(), b"more"].concat()).unwrap();
        crate::disk_cache::overwrite(&file, &bytes).unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), bytes);
        // A build after a damaged state renders everything, as it should.
        std::fs::write(&file, &changed).unwrap();
        crate::build(&opts).unwrap();
        assert!(load(&file).is_some_and(|r| r.state.is_some()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
