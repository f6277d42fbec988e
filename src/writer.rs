//! Writing the output tree: files rendered or copied into the destination, and what an
//! earlier build left there removed, except `keep_files` (Jekyll's `Site#write` and
//! `Cleaner`).

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
    cleanup(dest, outputs, keep_files)?;
    write_outputs(dest, outputs)
}

/// Jekyll's `Site#cleanup`: removes what an earlier build left in `dest` that this one does
/// not write, except `keep_files`.
pub fn cleanup(
    dest: &Path,
    outputs: &[(PathBuf, Output)],
    keep_files: &[String],
) -> Result<(), WriteError> {
    let targets: HashSet<PathBuf> = outputs.iter().map(|(p, _)| dest.join(p)).collect();
    clean(dest, &targets, keep_files)
}

/// Jekyll's `Site#write`: writes `outputs` (paths relative to `dest`); returns how many.
pub fn write_outputs(dest: &Path, outputs: &[(PathBuf, Output)]) -> Result<usize, WriteError> {
    for (rel, out) in outputs {
        let path = dest.join(rel);
        // Every path was built under `dest`; check once more before touching the disk.
        if !path.starts_with(dest) {
            return Err(WriteError(format!(
                "refusing to write outside the destination: {}",
                path.display()
            )));
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        match out {
            Output::Text(s) => std::fs::write(&path, s).map_err(|e| io(&path, e))?,
            Output::Bytes(b) => std::fs::write(&path, b).map_err(|e| io(&path, e))?,
            Output::Copy(src) => {
                if path.exists() {
                    std::fs::remove_file(&path).map_err(|e| io(&path, e))?;
                }
                std::fs::copy(src, &path).map_err(|e| io(&path, e))?;
                // Jekyll gives the copy the source's modification time.
                if let Ok(mtime) = std::fs::metadata(src).and_then(|m| m.modified()) {
                    let _ = std::fs::File::options()
                        .write(true)
                        .open(&path)
                        .and_then(|f| f.set_modified(mtime));
                }
            }
        }
    }
    Ok(outputs.len())
}

fn kept(dest: &Path, path: &Path, keep_files: &[String]) -> bool {
    let rel = path
        .strip_prefix(dest)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    keep_files.iter().any(|k| rel.starts_with(k.as_str()))
}

/// Removes files under `dest` that this build does not produce, and folders left empty.
fn clean(dest: &Path, targets: &HashSet<PathBuf>, keep_files: &[String]) -> Result<(), WriteError> {
    if !dest.is_dir() {
        return Ok(());
    }
    let mut needed_dirs: HashSet<PathBuf> = HashSet::new();
    for t in targets {
        let mut p = t.parent();
        while let Some(d) = p {
            if !needed_dirs.insert(d.to_path_buf()) || d == dest {
                break;
            }
            p = d.parent();
        }
    }
    let mut stack = vec![dest.to_path_buf()];
    let mut dirs = Vec::new();
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in rd.flatten() {
            let path = entry.path();
            if kept(dest, &path, keep_files) {
                continue;
            }
            let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
            if is_dir {
                dirs.push(path.clone());
                stack.push(path);
            } else if !targets.contains(&path) {
                std::fs::remove_file(&path).map_err(|e| io(&path, e))?;
            }
        }
    }
    // Deepest first, so a folder emptied by its children goes too.
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
