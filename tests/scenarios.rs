//! Jekyll's acceptance scenarios as fixture sites: builds each `tests/scenarios/<feature>/
//! <scenario>/site` with `hyde::build` and compares the result with what real Jekyll 4.3.1
//! wrote (`expected/`, `expected.empty`, or `expected.error`; see tests/scenarios/README.md).
//!
//! All scenarios run in one test function, one after another, because a scenario's `env`
//! file is applied with `std::env::set_var`, which is process-wide.

mod common;

use common::{compare_trees, files};
use hyde::options::BuildOptions;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios")
}

/// `feature/scenario` directories that hold a `site/`, sorted.
fn scenario_names() -> Vec<String> {
    let root = scenarios_dir();
    let mut names = Vec::new();
    for feature in sorted_entries(&root) {
        let fname = file_name(&feature);
        // `_gems` and other `_`-prefixed folders are shared support, not features.
        if !feature.is_dir() || fname.starts_with('_') {
            continue;
        }
        for scenario in sorted_entries(&feature) {
            if scenario.join("site").is_dir() {
                names.push(format!("{fname}/{}", file_name(&scenario)));
            }
        }
    }
    names
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// `known_failures.txt`: `feature/scenario | reason` lines; `#` starts a comment.
fn known_failures() -> BTreeMap<String, String> {
    common::known_failures(&scenarios_dir().join("known_failures.txt"))
}

/// Turns the `args` file (Jekyll command-line words) into build options. Only the flags
/// the scenarios use are known; anything else is a fixture error, reported loudly so a
/// new flag gets added here rather than silently ignored.
fn parse_args(words: &[&str], site: &Path) -> Result<BuildOptions, String> {
    let mut opts = BuildOptions::default();
    let mut it = words.iter();
    while let Some(&word) = it.next() {
        // Jekyll accepts both `--flag value` and `--flag=value`.
        let (flag, inline) = match word.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (word, None),
        };
        let mut value = || -> Result<String, String> {
            inline
                .clone()
                .or_else(|| it.next().map(|s| s.to_string()))
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.replace('-', "_").as_str() {
            "__future" => opts.future = true,
            "__drafts" | "_D" => opts.show_drafts = true,
            "__unpublished" => opts.unpublished = true,
            "__safe" => opts.safe = true,
            "__strict_front_matter" => opts.strict_front_matter = true,
            "__incremental" | "_I" => opts.incremental = true,
            "__trace" | "_t" => opts.trace = true,
            "__verbose" | "_V" => opts.verbose = true,
            "__quiet" | "_q" => opts.quiet = true,
            "__limit_posts" => {
                let v = value()?;
                opts.limit_posts = Some(v.parse().map_err(|_| format!("bad --limit_posts {v}"))?);
            }
            "__github_pages" => opts.github_pages = true,
            "__baseurl" | "_b" => opts.baseurl = Some(value()?),
            "__layouts" => opts.layouts_dir = Some(value()?),
            "__plugins" | "_p" => {
                opts.plugins_dir = value()?.split(',').map(String::from).collect()
            }
            // Jekyll reads `--config` files relative to the working directory, which the
            // generator sets to the site; hyde gets them as absolute paths.
            "__config" => {
                opts.config = value()?
                    .split(',')
                    .map(|f| site.join(f).to_string_lossy().into_owned())
                    .collect()
            }
            _ => return Err(format!("unknown argument {word:?} in args")),
        }
    }
    Ok(opts)
}

/// `env` lines as (key, value), with `$SCENARIOS` expanded to tests/scenarios.
fn parse_env(text: &str) -> Vec<(String, String)> {
    let root = scenarios_dir().to_string_lossy().into_owned();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.replace("$SCENARIOS", &root)))
        .collect()
}

/// Sets the modification time of every file under `site` to `stamp` (seconds since the
/// epoch), as generate.sh does before running Jekyll: git keeps no modification times, and
/// some output shows them (jekyll-sitemap's `lastmod` of static files).
fn pin_mtimes(site: &Path, stamp: &str) -> Result<(), String> {
    let secs: u64 = stamp.parse().map_err(|_| format!("bad mtime {stamp:?}"))?;
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
    for rel in files(site) {
        let path = site.join(rel);
        fs::File::options()
            .append(true)
            .open(&path)
            .and_then(|f| f.set_modified(time))
            .map_err(|e| format!("cannot set the mtime of {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Builds one scenario and checks it against its golden.
fn run_scenario(name: &str, tmp: &Path) -> Result<(), String> {
    let dir = scenarios_dir().join(name);
    let site = dir.join("site");
    let mut args = fs::read_to_string(dir.join("args")).unwrap_or_default();
    // `hyde_args`: hyde-only flags (`--github-pages`) that Jekyll would reject.
    args.push(' ');
    args.push_str(&fs::read_to_string(dir.join("hyde_args")).unwrap_or_default());
    let words: Vec<&str> = args.split_whitespace().collect();
    let mut opts = parse_args(&words, &site)?;
    let dest = tmp.join(name.replace('/', "__"));
    let _ = fs::remove_dir_all(&dest);
    if let Ok(stamp) = fs::read_to_string(dir.join("mtime")) {
        pin_mtimes(&site, stamp.trim())?;
    }
    opts.source = Some(site.clone());
    opts.destination = Some(dest.clone());
    opts.disable_disk_cache = true;
    opts.quiet = true;

    // Jekyll's goldens were made with TZ=UTC unless the scenario's env says otherwise.
    let mut env = vec![("TZ".to_string(), "UTC".to_string())];
    // Jekyll ran in the site folder, with Bundler only where `bundler` says so; hyde runs
    // here, so it is pointed at the site's Gemfile instead.
    if dir.join("bundler").exists() {
        let gemfile = site.join("Gemfile").to_string_lossy().into_owned();
        env.push(("BUNDLE_GEMFILE".to_string(), gemfile));
    } else {
        env.push(("JEKYLL_NO_BUNDLER_REQUIRE".to_string(), "true".to_string()));
    }
    env.extend(parse_env(
        &fs::read_to_string(dir.join("env")).unwrap_or_default(),
    ));
    let saved: Vec<(String, Option<String>)> = env
        .iter()
        .map(|(k, _)| (k.clone(), std::env::var(k).ok()))
        .collect();
    for (k, v) in &env {
        // SAFETY: the scenarios run sequentially in this single test function, and no
        // other thread of this test binary reads the environment meanwhile.
        unsafe { std::env::set_var(k, v) };
    }
    let result = std::panic::catch_unwind(|| hyde::build(&opts));
    for (k, v) in saved.into_iter().rev() {
        // SAFETY: as above.
        unsafe {
            match v {
                Some(v) => std::env::set_var(&k, v),
                None => std::env::remove_var(&k),
            }
        }
    }
    let result = result.map_err(|_| "hyde::build panicked".to_string())?;

    let error_file = dir.join("expected.error");
    if error_file.exists() {
        let want = fs::read_to_string(&error_file).unwrap();
        let jekyll_says = want.lines().skip(1).collect::<Vec<_>>().join("\n    ");
        return match result {
            // hyde's message names every file of the site that Jekyll's names.
            Err(e) => {
                let named = site_files(&site)
                    .into_iter()
                    .filter(|f| want.contains(f.as_str()))
                    .find(|f| {
                        !e.message.contains(f.as_str())
                            && !e.message.contains(&format!("{}", site.join(f).display()))
                    });
                match named {
                    Some(f) => Err(format!(
                        "  hyde's error does not name {f}, which Jekyll's does:\n    hyde: {}\n    Jekyll: {jekyll_says}",
                        e.message.replace('\n', "\n    ")
                    )),
                    None => Ok(()),
                }
            }
            Ok(_) => Err(format!(
                "  Jekyll failed but hyde succeeded; Jekyll said:\n    {jekyll_says}"
            )),
        };
    }
    if let Err(e) = result {
        return Err(format!("  hyde::build failed: {e}"));
    }
    let expected = dir.join("expected");
    if !expected.is_dir() && !dir.join("expected.empty").exists() {
        return Err("  no golden: run tests/scenarios/generate.sh".into());
    }
    compare_trees(&expected, &dest)
}

/// The site's files, relative to it (`_posts/x.md`), longest first so a path is tried before
/// any shorter path inside it.
fn site_files(site: &Path) -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for e in fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, root, out);
            } else if let Ok(rel) = p.strip_prefix(root) {
                out.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(site, site, &mut out);
    out.sort_by_key(|f| std::cmp::Reverse(f.len()));
    out
}

#[test]
fn jekyll_scenarios() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scenarios");
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp).unwrap();
    let known = known_failures();
    let names = scenario_names();
    assert!(!names.is_empty(), "no scenarios found");

    let mut passed = 0;
    let mut unexpected_failures = Vec::new();
    let mut now_passing = Vec::new();
    for name in &names {
        let outcome = run_scenario(name, &tmp);
        match (&outcome, known.contains_key(name)) {
            (Ok(()), false) => passed += 1,
            (Ok(()), true) => {
                passed += 1;
                now_passing.push(name.clone());
            }
            (Err(why), false) => unexpected_failures.push(format!("{name}:\n{why}")),
            (Err(_), true) => {}
        }
    }
    let stale: Vec<&String> = known.keys().filter(|k| !names.contains(k)).collect();

    println!("scenarios: {passed} of {} pass", names.len());
    let mut report = String::new();
    if !unexpected_failures.is_empty() {
        report.push_str(&format!(
            "{} scenario(s) fail that known_failures.txt doesn't list:\n{}\n",
            unexpected_failures.len(),
            unexpected_failures.join("\n")
        ));
    }
    if !now_passing.is_empty() {
        report.push_str(&format!(
            "these pass now; remove them from tests/scenarios/known_failures.txt:\n  {}\n",
            now_passing.join("\n  ")
        ));
    }
    if !stale.is_empty() {
        report.push_str(&format!(
            "known_failures.txt names scenarios that don't exist:\n  {}\n",
            stale
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n  ")
        ));
    }
    assert!(report.is_empty(), "{report}");
}

/// The comparison itself, checked on a golden: equal to itself, and a changed, missing or
/// extra file is reported. Guards the runner while the engine can't exercise it yet.
#[test]
fn tree_comparison_reports_differences() {
    let golden = scenarios_dir().join("create_sites/layouts-pages-posts-and-files/expected");
    let copy = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scenario-compare");
    let _ = fs::remove_dir_all(&copy);
    for rel in files(&golden) {
        let to = copy.join(&rel);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(golden.join(&rel), to).unwrap();
    }
    assert_eq!(compare_trees(&golden, &copy), Ok(()));

    // Insignificant HTML whitespace is tolerated...
    let index = copy.join("index.html");
    let text = fs::read_to_string(&index).unwrap();
    fs::write(&index, format!("  {text}\n\n")).unwrap();
    assert_eq!(compare_trees(&golden, &copy), Ok(()));

    // ...but changed text, a missing file and an extra file are not.
    fs::write(&index, text.replace("4 posts", "5 posts")).unwrap();
    fs::remove_file(copy.join("about.html")).unwrap();
    fs::write(copy.join("extra.txt"), "x").unwrap();
    let report = compare_trees(&golden, &copy).unwrap_err();
    assert!(report.contains("differs: index.html"), "{report}");
    assert!(report.contains("missing: about.html"), "{report}");
    assert!(report.contains("unexpected: extra.txt"), "{report}");
    // Non-HTML files are compared byte for byte.
    fs::write(copy.join("another_file"), "\n").unwrap();
    let report = compare_trees(&golden, &copy).unwrap_err();
    assert!(report.contains("differs: another_file"), "{report}");
}
