//! Embeds the academic site at the repository root (our theme with its sample content) so
//! `hyde new PATH` can write it out: every root entry except the Rust project's own files,
//! build output and dot-files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Root entries that belong to the Rust project or to builds, not to the site.
const NOT_SITE: &[&str] = &[
    "src",
    "target",
    "tests",
    "benches",
    "bench",
    "docs",
    "fuzz",
    "_site",
    "Cargo.toml",
    "Cargo.lock",
    // Written by `cargo package` beside the normalised Cargo.toml.
    "Cargo.toml.orig",
    "README.md",
    "BENCHMARKS.md",
    "build.rs",
    "action.yml",
];

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p.is_file() {
            out.push(p);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let mut files = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("the package root is readable")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || NOT_SITE.contains(&name.as_str()) {
            continue;
        }
        println!("cargo::rerun-if-changed={}", p.display());
        if p.is_dir() {
            walk(&p, &mut files);
        } else {
            files.push(p);
        }
    }
    let mut code = String::from("/// The starter site: (path relative to the site, contents).\n");
    code.push_str("pub static STARTER_SITE: &[(&str, &[u8])] = &[\n");
    for f in &files {
        let rel = f.strip_prefix(&root).expect("under the root");
        let _ = writeln!(
            code,
            "    ({:?}, include_bytes!({:?})),",
            rel.to_string_lossy().replace('\\', "/"),
            f.display().to_string()
        );
    }
    code.push_str("];\n");
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("starter_site.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
    println!("cargo::rerun-if-changed=build.rs");
    source_id(&root);
    position_dependent_on_linux();
}

/// Links the `hyde` binary at a fixed address on Linux. Its tables of strings (Rouge's lexer
/// keywords, emoji names, HTML entities: some 83,000 pointers in 2 MB) would otherwise be
/// relocated by the dynamic loader at every start, a private copy of each of their 500 pages:
/// 4 ms of a process that builds a whole site in 30 (`--version`: 6.4 → 2.7 ms, 659 → 134
/// page faults). The cost is ASLR for the executable itself (its libraries keep theirs).
/// glibc targets only: the static musl release builds link `-static-pie`, untried with this.
fn position_dependent_on_linux() {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}

/// `HYDE_SOURCE_ID`: a hash of hyde's own code and locked dependencies. The disk caches
/// (converted Markdown, compiled Sass) are kept under it, so a build of other code never
/// takes an output the old code made for the same input.
fn source_id(root: &Path) {
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    files.push(root.join("Cargo.lock"));
    files.sort();
    // FNV-1a: a change anywhere gives another id; nothing here needs more.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in &files {
        let rel = f
            .strip_prefix(root)
            .unwrap_or(f)
            .to_string_lossy()
            .into_owned();
        for b in rel
            .bytes()
            .chain([0])
            .chain(std::fs::read(f).unwrap_or_default())
            .chain([0])
        {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo::rerun-if-changed=src");
    println!("cargo::rerun-if-changed=Cargo.lock");
    println!("cargo::rustc-env=HYDE_SOURCE_ID={h:016x}");
}
