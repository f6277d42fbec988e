//! Rebuild time after editing one post, in-process as `hyde serve` and `build --watch` do it:
//! a synthetic blog of N posts (`bench/synth.py`, default N = 1,000) is built once, then one
//! post's body is edited and the site rebuilt, E times (default 20); also a no-op rebuild and
//! a full clean build for scale. Prints median and min wall time and how many items each
//! rebuild rendered.
//!
//! `cargo bench --bench rebuild` (needs python3 for the generator). `HYDE_BENCH_POSTS=N`,
//! `HYDE_BENCH_EDITS=E`.

use hyde::build::{Regenerator, build_incremental};
use hyde::options::BuildOptions;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

// The allocator the `hyde` binary uses, so the bench measures what users run.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let posts = env("HYDE_BENCH_POSTS", 1000);
    let edits = env("HYDE_BENCH_EDITS", 20);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let base = std::env::temp_dir().join(format!("hyde-bench-rebuild-{}", std::process::id()));
    let status = std::process::Command::new("python3")
        .arg(root.join("bench/synth.py"))
        .arg(posts.to_string())
        .arg(&base)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs bench/synth.py");
    assert!(status.success(), "bench/synth.py failed");
    let site = base.join("jekyll");
    let opts = BuildOptions {
        source: Some(site.clone()),
        destination: Some(base.join("out")),
        quiet: true,
        // The profile is a configuration setting: on for every build or none.
        profile: std::env::var_os("HYDE_BENCH_PROFILE").is_some(),
        ..Default::default()
    };
    let timed = |regen: Option<&mut Regenerator>| {
        // Edits come seconds apart, not back to back: let the last build's leftovers (its
        // site is freed on a thread of its own after it returns) go before timing the next.
        std::thread::sleep(std::time::Duration::from_millis(50));
        let t = Instant::now();
        build_incremental(&opts, &mut |_| {}, regen).expect("build");
        t.elapsed().as_secs_f64() * 1000.0
    };
    let full = timed(None);
    let mut regen = Regenerator::default();
    timed(Some(&mut regen));
    // As `serve` rebuilds: its file watcher tells which paths changed (none for a no-op).
    let noop: Vec<f64> = (0..5)
        .map(|_| {
            regen.expect_changes(Some(HashSet::new()), Some(HashSet::new()));
            timed(Some(&mut regen))
        })
        .collect();
    let noop_rendered = regen.last_rendered();
    let mut post_files: Vec<PathBuf> = std::fs::read_dir(site.join("_posts"))
        .expect("posts")
        .flatten()
        .map(|e| e.path())
        .collect();
    post_files.sort();
    // An older post (not in the sidebar's recent list or the feed): the common edit.
    let target: &Path = &post_files[post_files.len() / 3];
    let mut times = Vec::new();
    let mut rendered = (0, 0);
    for i in 0..edits {
        let text = std::fs::read_to_string(target).expect("read post");
        std::fs::write(target, format!("{text}\nEdited paragraph {i}.\n")).expect("write post");
        regen.expect_changes(
            Some(HashSet::from([target.to_path_buf()])),
            Some(HashSet::new()),
        );
        times.push(timed(Some(&mut regen)));
        rendered = regen.last_rendered();
    }
    println!("{posts} posts: clean build {full:.1} ms");
    println!(
        "no-op rebuild: median {:.1} ms (rendered {}/{})",
        median(noop.clone()),
        noop_rendered.0,
        noop_rendered.1
    );
    println!(
        "one post edited: median {:.1} ms, min {:.1} ms over {edits} edits (rendered {}/{})",
        median(times.clone()),
        times.iter().copied().fold(f64::INFINITY, f64::min),
        rendered.0,
        rendered.1
    );
    if std::env::var_os("HYDE_BENCH_PROFILE").is_some() {
        let text = std::fs::read_to_string(target).expect("read post");
        std::fs::write(target, format!("{text}\nOne more.\n")).expect("write post");
        regen.expect_changes(
            Some(HashSet::from([target.to_path_buf()])),
            Some(HashSet::new()),
        );
        let report = build_incremental(&opts, &mut |_| {}, Some(&mut regen)).expect("build");
        println!("{}", report.profile.unwrap_or_default());
    }
    let _ = std::fs::remove_dir_all(&base);
}
