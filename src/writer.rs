//! Writing the output tree: files rendered or copied into the destination, and what an
//! earlier build left there removed, except `keep_files` (Jekyll's `Site#write` and
//! `Cleaner`).

use crate::fast_hash::FastSet;
use crate::render::Output;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A write failure, naming the file.
#[derive(Debug, Clone)]
pub struct WriteError(pub String);

fn io(path: &Path, e: std::io::Error) -> WriteError {
    WriteError(format!("could not write {}: {e}", path.display()))
}

/// Removes obsolete files, then writes `outputs` (paths relative to `dest`). Returns the
/// number of files written.
pub fn write(
    dest: &Path,
    outputs: &[(PathBuf, Output)],
    keep_files: &[String],
) -> Result<usize, WriteError> {
    cleanup(dest, outputs, keep_files, None)?;
    write_outputs(dest, outputs, None)
}

/// Jekyll's `Site#cleanup`: removes what an earlier build left in `dest` that this one does
/// not write, except `keep_files`; from `listing` when `dest` was listed already.
pub fn cleanup(
    dest: &Path,
    outputs: &[(PathBuf, Output)],
    keep_files: &[String],
    listing: Option<Listing>,
) -> Result<(), WriteError> {
    let targets: FastSet<PathBuf> = outputs.iter().map(|(p, _)| dest.join(p)).collect();
    let listing = listing.unwrap_or_else(|| list(dest, keep_files));
    clean(dest, &targets, listing)
}

/// Jekyll's `Site#write`: writes `outputs` (paths relative to `dest`); returns how many.
///
/// `changed`: when a file watcher knows, every destination path that changed since the last
/// build (see `Regenerator::expect_changes`); an output the last build wrote unchanged and
/// not on that list is taken as still there.
pub fn write_outputs(
    dest: &Path,
    outputs: &[(PathBuf, Output)],
    changed: Option<&HashSet<PathBuf>>,
) -> Result<usize, WriteError> {
    let write = |i: usize| {
        let (rel, out) = &outputs[i];
        write_one(dest, rel, out, changed)
    };
    // Creating files is mostly the kernel's work (new inodes, folders, page cache), which
    // spreads over the render threads. Not for a few files (waking the threads costs more),
    // nor when two outputs share a path: there the last one in order must win.
    let parallel = outputs.len() >= PARALLEL_FROM && !shared_paths(outputs);
    let failed = match crate::render::pool() {
        Ok(pool) if parallel => {
            use rayon::prelude::*;
            // Once a file fails, later ones are not started, and every earlier one is written
            // (it comes before the failure, so it is never skipped): the report below holds.
            let stop = std::sync::atomic::AtomicUsize::new(usize::MAX);
            let errors: std::sync::Mutex<Vec<(usize, WriteError)>> = Default::default();
            pool.install(|| {
                // A task each: a stylesheet or its map costs a hundred pages.
                (0..outputs.len())
                    .into_par_iter()
                    .with_max_len(1)
                    .for_each(|i| {
                        use std::sync::atomic::Ordering::Relaxed;
                        if i > stop.load(Relaxed) {
                            return;
                        }
                        if let Err(e) = write(i) {
                            stop.fetch_min(i, Relaxed);
                            if let Ok(mut errors) = errors.lock() {
                                errors.push((i, e));
                            }
                        }
                    })
            });
            let errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
            errors.into_iter().min_by_key(|(i, _)| *i)
        }
        _ => (0..outputs.len()).find_map(|i| write(i).err().map(|e| (i, e))),
    };
    if let Some((done, e)) = failed {
        // Each file is replaced whole, but the set is not: say what the folder holds now.
        return Err(WriteError(format!(
            "{}\n  Writing stopped after {done} of {} files: {} holds this build's files up to there; of the rest, those written alongside are this build's, the others the last build's (or none). Fix the problem and build again.",
            e.0,
            outputs.len(),
            dest.display()
        )));
    }
    Ok(outputs.len())
}

/// From how many outputs [`write_outputs`] writes in parallel.
const PARALLEL_FROM: usize = 64;

/// Whether two outputs go to one path (Jekyll's conflict, which it warns about).
fn shared_paths(outputs: &[(PathBuf, Output)]) -> bool {
    let mut seen = FastSet::default();
    !outputs.iter().all(|(p, _)| seen.insert(p.as_path()))
}

fn write_one(
    dest: &Path,
    rel: &Path,
    out: &Output,
    changed: Option<&HashSet<PathBuf>>,
) -> Result<(), WriteError> {
    let path = dest.join(rel);
    // Every path was built under `dest`; check once more before touching the disk.
    if !path.starts_with(dest) {
        return Err(WriteError(format!(
            "refusing to write outside the destination: {}",
            path.display()
        )));
    }
    match out {
        Output::Rendered {
            unchanged: true, ..
        } if changed.is_some_and(|c| !crate::reader::cache::listed(c, &path)) => Ok(()),
        Output::Text(s) => write_if_changed(&path, s.as_bytes()),
        // The last build wrote this very text here: only its presence is checked.
        Output::Rendered {
            text,
            unchanged: true,
        } if std::fs::symlink_metadata(&path)
            .is_ok_and(|m| m.is_file() && m.len() == text.as_str().len() as u64) =>
        {
            Ok(())
        }
        Output::Rendered { text, .. } => write_if_changed(&path, text.as_str().as_bytes()),
        Output::Bytes(b) => write_if_changed(&path, b),
        Output::Copy(src) => copy_if_changed(src, &path),
    }
}

/// Runs `f` to create `path`, making its folder first when it is missing (folders are made
/// only then: most files of a rebuild are already there).
fn in_folder(path: &Path, f: impl Fn(&Path) -> std::io::Result<()>) -> Result<(), WriteError> {
    match f(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
            }
            f(path).map_err(|e| io(path, e))
        }
        r => r.map_err(|e| io(path, e)),
    }
}

/// A sibling of `path` to write before renaming over it, so a reader (the `serve` server
/// mid-rebuild) sees the old file or the new one, never half of one.
fn temporary(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.hyde-tmp"))
}

/// Whether the file at `path` holds `bytes`: compared a block at a time through one buffer,
/// so a rebuild that rewrites nothing allocates nothing for the site's output.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    if !file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
    {
        return false;
    }
    let mut buf = [0u8; 16 * 1024];
    let mut rest = bytes;
    loop {
        match file.read(&mut buf) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && buf[..n] == rest[..n] => rest = &rest[n..],
            Ok(_) => return false,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Writes `bytes` to `path` unless it already holds exactly them (rewriting an unchanged file
/// costs more than reading it, and keeps its time), atomically by rename.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    if holds(path, bytes) {
        return Ok(());
    }
    let tmp = temporary(path);
    in_folder(&tmp, |tmp| std::fs::write(tmp, bytes))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(path, e)
    })
}

/// Copies a static file unless the copy there has its size and modification time (Jekyll's
/// own test for an unchanged static file), atomically by rename; the copy gets the source's
/// modification time, as Jekyll gives it.
fn copy_if_changed(src: &Path, path: &Path) -> Result<(), WriteError> {
    let src_meta = std::fs::metadata(src).map_err(|e| io(src, e))?;
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && meta.is_file()
        && meta.len() == src_meta.len()
        && meta.modified().ok() == src_meta.modified().ok()
    {
        return Ok(());
    }
    let tmp = temporary(path);
    in_folder(&tmp, |tmp| std::fs::copy(src, tmp).map(|_| ()))?;
    if let Ok(mtime) = src_meta.modified() {
        let _ = std::fs::File::options()
            .write(true)
            .open(&tmp)
            .and_then(|f| f.set_modified(mtime));
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(path, e)
    })
}

fn kept(dest: &Path, path: &Path, keep_files: &[String]) -> bool {
    let rel = path
        .strip_prefix(dest)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    keep_files.iter().any(|k| rel.starts_with(k.as_str()))
}

/// What is in a destination folder: its files and folders (outside `keep_files`), listed
/// before the build's files are known (it can be, while the sources are read).
#[derive(Debug, Default)]
pub struct Listing {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
}

/// Lists `dest` for [`cleanup`].
pub fn list(dest: &Path, keep_files: &[String]) -> Listing {
    let mut listing = Listing::default();
    let mut stack = vec![dest.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in rd.flatten() {
            let path = entry.path();
            if kept(dest, &path, keep_files) {
                continue;
            }
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                listing.dirs.push(path.clone());
                stack.push(path);
            } else {
                listing.files.push(path);
            }
        }
    }
    listing
}

/// Removes files under `dest` that this build does not produce, and folders left empty.
fn clean(dest: &Path, targets: &FastSet<PathBuf>, listing: Listing) -> Result<(), WriteError> {
    let mut needed_dirs: FastSet<PathBuf> = FastSet::default();
    for t in targets {
        let mut p = t.parent();
        while let Some(d) = p {
            if !needed_dirs.insert(d.to_path_buf()) || d == dest {
                break;
            }
            p = d.parent();
        }
    }
    for path in listing.files.iter().filter(|p| !targets.contains(*p)) {
        match std::fs::remove_file(path) {
            // Gone since it was listed: what removing it was for.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            r => r.map_err(|e| io(path, e))?,
        }
    }
    // Deepest first, so a folder emptied by its children goes too.
    let mut dirs = listing.dirs;
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        if !needed_dirs.contains(&d)
            && std::fs::read_dir(&d)
                .map(|mut r| r.next().is_none())
                .unwrap_or(false)
        {
            let _ = std::fs::remove_dir(&d);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The listing can be taken before the build's files are known (`build` takes it while
    /// reading): what it listed and the build does not write goes, with folders left empty;
    /// `keep_files` and what the build writes stay; a file gone since the listing is no error.
    #[test]
    fn cleanup_removes_what_the_listing_found_and_the_build_does_not_write() {
        let dest = std::env::temp_dir().join(format!("hyde-writer-clean-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dest);
        for f in [
            "a.html",
            "old.html",
            "old/deep/x.html",
            "kept/k.txt",
            "gone.html",
        ] {
            let path = dest.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let keep = vec!["kept".to_string()];
        let listing = list(&dest, &keep);
        std::fs::remove_file(dest.join("gone.html")).unwrap();
        let outputs = vec![(PathBuf::from("a.html"), Output::Text("a".into()))];
        cleanup(&dest, &outputs, &keep, Some(listing)).unwrap();
        assert!(dest.join("a.html").is_file());
        assert!(dest.join("kept/k.txt").is_file());
        assert!(!dest.join("old.html").exists());
        assert!(!dest.join("old").exists(), "folders left empty go");
        let _ = std::fs::remove_dir_all(&dest);
    }

    #[test]
    fn a_failed_write_says_how_far_it_got() {
        let dest = std::env::temp_dir().join(format!("hyde-writer-stop-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dest);
        std::fs::create_dir_all(&dest).unwrap();
        // A file where the second output needs a folder.
        std::fs::write(dest.join("blocked"), "a file").unwrap();
        let outputs = vec![
            (PathBuf::from("a.html"), Output::Text("one".into())),
            (PathBuf::from("blocked/b.html"), Output::Text("two".into())),
            (PathBuf::from("c.html"), Output::Text("three".into())),
        ];
        let err = write_outputs(&dest, &outputs, None).unwrap_err().0;
        assert!(err.contains("blocked"), "{err}");
        assert!(err.contains("Writing stopped after 1 of 3 files"), "{err}");
        assert_eq!(std::fs::read_to_string(dest.join("a.html")).unwrap(), "one");
        assert!(!dest.join("c.html").exists());
        let _ = std::fs::remove_dir_all(&dest);
    }

    #[test]
    fn a_failed_parallel_write_has_written_every_file_before_it() {
        let dest =
            std::env::temp_dir().join(format!("hyde-writer-par-stop-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dest);
        std::fs::create_dir_all(&dest).unwrap();
        std::fs::write(dest.join("blocked"), "a file").unwrap();
        let n = 4 * PARALLEL_FROM;
        let outputs: Vec<(PathBuf, Output)> = (0..n)
            .map(|i| {
                let rel = if i == n / 2 {
                    PathBuf::from("blocked/x.html")
                } else {
                    PathBuf::from(format!("d{}/{i}.html", i % 7))
                };
                (rel, Output::Text(format!("page {i}")))
            })
            .collect();
        let err = write_outputs(&dest, &outputs, None).unwrap_err().0;
        assert!(err.contains("blocked"), "{err}");
        assert!(
            err.contains(&format!("Writing stopped after {} of {n} files", n / 2)),
            "{err}"
        );
        for (rel, out) in &outputs[..n / 2] {
            let Output::Text(text) = out else {
                unreachable!()
            };
            assert_eq!(&std::fs::read_to_string(dest.join(rel)).unwrap(), text);
        }
        let _ = std::fs::remove_dir_all(&dest);
    }

    #[test]
    fn many_outputs_to_one_path_keep_the_last_one() {
        let dest = std::env::temp_dir().join(format!("hyde-writer-shared-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dest);
        let outputs: Vec<(PathBuf, Output)> = (0..4 * PARALLEL_FROM)
            .map(|i| {
                (
                    PathBuf::from("same.html"),
                    Output::Text(format!("page {i}")),
                )
            })
            .collect();
        write(&dest, &outputs, &[]).unwrap();
        assert_eq!(
            std::fs::read_to_string(dest.join("same.html")).unwrap(),
            format!("page {}", 4 * PARALLEL_FROM - 1)
        );
        let _ = std::fs::remove_dir_all(&dest);
    }

    #[test]
    fn unchanged_outputs_are_left_alone_and_changes_land_whole() {
        let dest = std::env::temp_dir().join(format!("hyde-writer-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dest);
        let src = dest.with_extension("src.txt");
        std::fs::write(&src, "static").unwrap();
        let outputs = |page: &str| {
            vec![
                (
                    PathBuf::from("a/index.html"),
                    Output::Text(page.to_string()),
                ),
                (PathBuf::from("s.txt"), Output::Copy(src.clone())),
            ]
        };
        write(&dest, &outputs("one"), &[]).unwrap();
        let page = dest.join("a/index.html");
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        let f = std::fs::File::options().write(true).open(&page).unwrap();
        f.set_modified(old).unwrap();
        drop(f);
        // Same content: not rewritten (its time stays).
        write(&dest, &outputs("one"), &[]).unwrap();
        assert_eq!(std::fs::metadata(&page).unwrap().modified().unwrap(), old);
        // New content: replaced, and no temporary file is left behind.
        write(&dest, &outputs("two"), &[]).unwrap();
        assert_eq!(std::fs::read_to_string(&page).unwrap(), "two");
        assert_eq!(
            std::fs::read_to_string(dest.join("s.txt")).unwrap(),
            "static"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dest.join("a"))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".hyde-tmp"))
            .collect();
        assert!(leftovers.is_empty());
        let _ = std::fs::remove_dir_all(&dest);
        let _ = std::fs::remove_file(&src);
    }
}
