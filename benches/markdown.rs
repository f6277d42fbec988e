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

    // `HYDE_BENCH_MB` shrinks the run (e.g. to count instructions under valgrind).
    let mb: usize = std::env::var("HYDE_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let reps = ((mb << 20) / bytes.max(1)).max(1);
    let configs: Vec<(&str, Converters)> = [
        ("with Rouge highlighting", "rouge"),
        ("no highlighter", "none"),
    ]
    .into_iter()
    .map(|(label, highlighter)| {
        let opts = BuildOptions {
            source: Some(site.clone()),
            ..Default::default()
        };
        let mut config = Config::load(&opts, root).expect("config");
        config
            .data
            .insert("highlighter".into(), hyde::value::Value::str(highlighter));
        (label, Converters::new(&config))
    })
    .collect();
    let run = |converters: &Converters| {
        let start = Instant::now();
        let mut out = 0;
        for _ in 0..reps {
            for p in &pages {
                out += converters.convert(".md", p).expect("convert").len();
            }
        }
        let secs = start.elapsed().as_secs_f64();
        assert!(out > 0);
        (reps * bytes) as f64 / secs / 1e6
    };
    // An untimed round first (lexer tables, the allocator's heap), then the configurations
    // take turns, so that neither is measured on a colder or busier machine than the other.
    for (_, c) in &configs {
        run(c);
    }
    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); configs.len()];
    for _ in 0..5 {
        for (i, (_, c)) in configs.iter().enumerate() {
            rates[i].push(run(c));
        }
    }
    for ((label, _), r) in configs.iter().zip(rates) {
        println!(
            "markdown ({label}): {:.1} MB/s on {} pages",
            median(r),
            pages.len()
        );
    }
}
