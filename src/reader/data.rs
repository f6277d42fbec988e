//! `_data`: YAML, JSON, CSV and TSV files into `site.data`, nested by folder.

use super::filter::EntryFilter;
use crate::value::{Hash, Value};
use std::path::Path;

/// Jekyll's `sanitize_filename`: drop characters other than word characters, spaces and
/// dashes, trim, and turn runs of spaces into `_`.
pub fn sanitize_filename(name: &str) -> String {
    let kept: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-' || c.is_ascii_whitespace())
        .collect();
    kept.split_ascii_whitespace().collect::<Vec<_>>().join("_")
}

/// A data file that could not be read: which file and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError(pub String);

/// Reads `dir` (the site's `data_dir`) into a hash, as `DataReader#read`.
pub fn read(dir: &Path, filter: &EntryFilter) -> Result<Hash, DataError> {
    let mut out = Hash::default();
    read_into(dir, filter, &mut out)?;
    Ok(out)
}

/// The names in `dir`, sorted (Ruby's `Dir` globs return sorted names).
pub fn sorted_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// [`sorted_entries`] with whether each is a folder (following symlinks, as `File.directory?`),
/// from the listing itself where it can tell, instead of one `stat` per entry.
pub fn sorted_entries_typed(dir: &Path) -> Vec<(String, bool)> {
    let mut entries: Vec<(String, bool)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| {
                    let is_dir = match e.file_type() {
                        Ok(t) if !t.is_symlink() => t.is_dir(),
                        _ => e.path().is_dir(),
                    };
                    (e.file_name().to_string_lossy().into_owned(), is_dir)
                })
                .collect()
        })
        .unwrap_or_default();
    entries.sort();
    entries
}

fn read_into(dir: &Path, filter: &EntryFilter, out: &mut Hash) -> Result<(), DataError> {
    if !dir.is_dir() || filter.symlink_outside(&dir.to_string_lossy()) {
        return Ok(());
    }
    let names = sorted_entries(dir);
    // Ruby's `Dir["*.{yaml,yml,json,csv,tsv}"]` lists one extension after another, then
    // `Dir["*"]` adds the folders; hidden entries are not listed.
    let visible = |n: &&String| !n.starts_with('.');
    let mut entries: Vec<&String> = Vec::new();
    for ext in ["yaml", "yml", "json", "csv", "tsv"] {
        entries.extend(
            names
                .iter()
                .filter(visible)
                .filter(|n| n.ends_with(&format!(".{ext}")) && !dir.join(n).is_dir()),
        );
    }
    entries.extend(
        names
            .iter()
            .filter(visible)
            .filter(|n| dir.join(n).is_dir()),
    );
    for name in entries {
        let path = dir.join(name);
        if filter.symlink_outside(&path.to_string_lossy()) {
            continue;
        }
        if path.is_dir() {
            let mut sub = Hash::default();
            read_into(&path, filter, &mut sub)?;
            out.insert(sanitize_filename(name), Value::from(sub));
        } else {
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
            out.insert(sanitize_filename(stem), read_file(&path)?);
        }
    }
    Ok(())
}

/// Reads one data file by its extension.
pub fn read_file(path: &Path) -> Result<Value, DataError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let bytes = std::fs::read(path).map_err(|e| DataError(format!("{}: {e}", path.display())))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        DataError(format!(
            "{}: not valid UTF-8; save it as UTF-8",
            path.display()
        ))
    })?;
    match ext.as_str() {
        "csv" => read_table(&text, ',', path),
        "tsv" => read_table(&text, '\t', path),
        _ => crate::yaml::load(&text).map_err(|e| {
            DataError(format!(
                "{}: {e}\n{}",
                path.display(),
                e.diagnostic(path, Some(&text)).render()
            ))
        }),
    }
}

/// Ruby's `CSV.read(path, headers: true).map(&:to_hash)`: one hash per row, keyed by the
/// header row. The first of repeated headers wins; fields past the headers go under a nil
/// header, which hyde's string-keyed hashes write as `""` (what `jsonify` shows for it).
fn read_table(text: &str, sep: char, path: &Path) -> Result<Value, DataError> {
    let rows = super::csv::parse(text, sep).map_err(|e| {
        DataError(format!(
            "{}: {e} (CSV::MalformedCSVError; quote a field that holds the separator, a quote or a line break, and double the quotes inside it)",
            path.display()
        ))
    })?;
    let mut rows = rows.into_iter();
    let headers: Vec<String> = rows
        .next()
        .unwrap_or_default()
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    Ok(Value::from(
        rows.map(|fields| {
            let mut h = Hash::default();
            let n = headers.len().max(fields.len());
            let mut fields = fields.into_iter();
            for i in 0..n {
                let key = headers.get(i).cloned().unwrap_or_default();
                let value = fields.next().flatten().map_or(Value::Nil, Value::from);
                h.entry(key).or_insert(value);
            }
            Value::from(h)
        })
        .collect::<Vec<_>>(),
    ))
}
