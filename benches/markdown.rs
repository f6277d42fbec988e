//! Markdown throughput: kramdown's dialect through hyde's engine, as Jekyll's converter
//! calls it (the site's kramdown options, Rouge highlighting for fenced code), on the pages
//! of `tests/scenarios/markdown/realistic-academic-pages` and the seed about page when
//! `../shared` is there. Each page is converted on its own, many times over, and the
//! bench prints MB/s (median of the runs), with and without the highlighter's work.
//!
//! `cargo bench --bench markdown`. For scale: kramdown 2.4 converts about 1 MB/s here.
//! `HYDE_BENCH_MB=1` converts 1 MB per run instead of 8.

use hyde::config::Config;
use hyde::convert::Converters;
use hyde::options::BuildOptions;
use std::path::{Path, PathBuf};
use std::time::Instant;

// The allocator the `hyde` binary uses, so the bench measures what users run.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn body(text: &str) -> &str {
    // The front matter is not Markdown; the bench measures what the converter sees.
    text.strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|i| &rest[i + 5..]))
        .unwrap_or(text)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = root.join("tests/scenarios/markdown/realistic-academic-pages/site");
    let mut files: Vec<PathBuf> = ["_pages/cv.md", "_pages/publications.md"]
        .iter()
        .map(|f| site.join(f))
        .collect();
    files.push(site.join("_posts/2021-03-04-code-math.md"));
    let seed = root.join("../shared/seed/about.md");
    if seed.exists() {
        files.push(seed);
    }
    let pages: Vec<String> = files
        .iter()
        .map(|f| body(&std::fs::read_to_string(f).expect("page")).to_string())
        .collect();
    let bytes: usize = pages.iter().map(String::len).sum();

    for (label, highlighter) in [
        ("with Rouge highlighting", "rouge"),
        ("no highlighter", "none"),
    ] {
        let opts = BuildOptions {
            source: Some(site.clone()),
            ..Default::default()
        };
        let mut config = Config::load(&opts, root).expect("config");
        config
            .data
            .insert("highlighter".into(), hyde::value::Value::str(highlighter));
        let converters = Converters::new(&config);
        // `HYDE_BENCH_MB` shrinks the run (e.g. to count instructions under valgrind).
        let mb: usize = std::env::var("HYDE_BENCH_MB")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(8);
        let reps = ((mb << 20) / bytes.max(1)).max(1);
        // One untimed pass first: the lexers' tables, the allocator's pages and the caches
        // are then warm for whichever configuration runs first.
        for p in &pages {
            converters.convert(".md", p).expect("convert");
        }
        let mut rates = Vec::new();
        for _ in 0..5 {
            let start = Instant::now();
            let mut out = 0;
            for _ in 0..reps {
                for p in &pages {
                    out += converters.convert(".md", p).expect("convert").len();
                }
            }
            let secs = start.elapsed().as_secs_f64();
            assert!(out > 0);
            rates.push((reps * bytes) as f64 / secs / 1e6);
        }
        println!(
            "markdown ({label}): {:.1} MB/s on {} pages",
            median(rates),
            pages.len()
        );
    }
}
