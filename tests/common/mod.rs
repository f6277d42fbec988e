//! Helpers shared by integration tests.

#![allow(dead_code)]

pub mod html;

/// Whether two HTML documents are equal at the DOM level (see [`html::normalize`]).
pub fn html_dom_equal(a: &str, b: &str) -> bool {
    html::normalize(a) == html::normalize(b)
}

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// Every file under `root`, relative to it.
pub fn files(root: &Path) -> BTreeSet<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeSet<PathBuf>) {
        for entry in sorted_entries(dir) {
            if entry.is_dir() {
                walk(root, &entry, out);
            } else {
                out.insert(entry.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut out = BTreeSet::new();
    if root.is_dir() {
        walk(root, root, &mut out);
    }
    out
}

/// Compares two built trees: the same files, byte-equal, or DOM-equal for HTML and XML;
/// `Err` lists what differs.
pub fn compare_trees(expected: &Path, actual: &Path) -> Result<(), String> {
    let want = files(expected);
    let got = files(actual);
    let mut problems = Vec::new();
    for missing in want.difference(&got) {
        problems.push(format!("  missing: {}", missing.display()));
    }
    for extra in got.difference(&want) {
        problems.push(format!("  unexpected: {}", extra.display()));
    }
    for rel in want.intersection(&got) {
        let a = fs::read(expected.join(rel)).unwrap();
        let b = fs::read(actual.join(rel)).unwrap();
        if a == b {
            continue;
        }
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        let (sa, sb) = (String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
        let report = if matches!(ext, "html" | "htm" | "xml") {
            html::diff(&sa, &sb)
        } else {
            let lines = |s: &str| s.lines().map(|l| format!("{l:?}")).collect::<Vec<_>>();
            Some(html::line_diff(&lines(&sa), &lines(&sb)))
        };
        if let Some(report) = report {
            problems.push(format!("  differs: {}\n{report}", rel.display()));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// A known-failures file: `name | reason` lines, `#` comments. A missing file is empty.
pub fn known_failures(path: &Path) -> BTreeMap<String, String> {
    fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once('|') {
            Some((name, reason)) => (name.trim().to_string(), reason.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}
