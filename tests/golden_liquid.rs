//! The golden-liquid conformance suite, judged against Ruby Liquid 5.4 as Jekyll 4.3.1 runs it.
//!
//! Inputs come from `../shared/conformance/golden-liquid/golden_liquid.json` (Ruby Liquid 5.12's
//! behaviour; `$HYDE_SHARED` names another `shared/`, as a git worktree needs). Jekyll runs Liquid 5.4, so the expected result of each case is what Ruby Liquid
//! 5.4 with Jekyll loaded printed, recorded by `tests/goldens/liquid_oracle.rb` into
//! `tests/goldens/liquid_ruby.json` (`warn` mode, `render!`). A case whose Ruby run raised must
//! raise here too. Cases we do not pass yet are listed in `tests/goldens/liquid_known_failures.txt`
//! with the reason; the test fails on any other failure and on a listed case that now passes.

mod common;

use hyde::liquid::{Context, Engine, Error, ErrorKind, ErrorMode, FileSystem, Template};
use hyde::value::{Hash, Value};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

struct MapFs(HashMap<String, String>);

impl FileSystem for MapFs {
    fn read_template(&self, engine: &Engine, name: &str) -> Result<Arc<Template>, Error> {
        let src = self.0.get(name).ok_or_else(|| {
            Error::new(ErrorKind::FileSystem, format!("No such template '{name}'"))
        })?;
        engine.parse(src, name).map(Arc::new)
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Renders one case the way Jekyll does: warn mode, errors raise.
fn run(engine: &Engine, case: &serde_json::Value) -> Result<String, Error> {
    let template = engine.parse(case["template"].as_str().unwrap_or(""), "")?;
    let data = case
        .get("data")
        .map(Value::from)
        .unwrap_or_else(|| Value::from(Hash::default()));
    let mut ctx = Context::new(engine, data);
    let partials = case
        .get("templates")
        .and_then(|t| t.as_object())
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                .collect()
        })
        .unwrap_or_default();
    ctx.set_file_system(Arc::new(MapFs(partials)));
    template.render(&mut ctx)
}

#[test]
fn golden_liquid_warn_mode_matches_ruby_liquid_5_4() {
    check_mode(
        Flavor::Liquid,
        ErrorMode::Warn,
        "warn",
        "liquid_known_failures.txt",
    );
}

/// The same cases parsed with `error_mode: strict` (Jekyll's `liquid.error_mode: strict`).
#[test]
fn golden_liquid_strict_mode_matches_ruby_liquid_5_4() {
    check_mode(
        Flavor::Liquid,
        ErrorMode::Strict,
        "strict",
        "liquid_known_failures_strict.txt",
    );
}

/// The same cases with Jekyll's tags and filters (its `include`, `where`, `sort`, ...), against
/// Ruby Liquid with Jekyll loaded (`liquid_ruby_jekyll.json`): what a template on a site gets.
#[test]
fn golden_liquid_with_jekyll_matches_jekyll_4_3() {
    check_mode(
        Flavor::Jekyll,
        ErrorMode::Warn,
        "warn",
        "liquid_known_failures_jekyll.txt",
    );
}

#[derive(Clone, Copy)]
enum Flavor {
    Liquid,
    Jekyll,
}

fn check_mode(flavor: Flavor, mode: ErrorMode, key: &str, known_file: &str) {
    // The oracle ran with TZ=UTC; zone-less dates are local times.
    // SAFETY: every test in this binary sets the same value before reading the clock.
    unsafe { std::env::set_var("TZ", "UTC") };
    // A git worktree sits elsewhere than the main checkout: `HYDE_SHARED` points at `shared/`.
    let shared = std::env::var_os("HYDE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"));
    let suite_path = shared.join("conformance/golden-liquid/golden_liquid.json");
    let suite: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&suite_path)
            .unwrap_or_else(|e| panic!("{}: {e}", suite_path.display())),
    )
    .expect("golden_liquid.json parses");
    let oracle: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/goldens").join(match flavor {
            Flavor::Liquid => "liquid_ruby.json",
            Flavor::Jekyll => "liquid_ruby_jekyll.json",
        }))
        .expect("oracle file"),
    )
    .expect("oracle parses");
    let known = common::known_failures(&root().join("tests/goldens").join(known_file));

    let mut engine = match flavor {
        Flavor::Liquid => Engine::liquid(),
        Flavor::Jekyll => Engine::jekyll(),
    };
    engine.options.error_mode = mode;
    let cases = suite["tests"].as_array().expect("tests array");
    let mut failures = Vec::new();
    let mut fixed = Vec::new();
    let mut passed = 0;
    for case in cases {
        let name = case["name"].as_str().unwrap_or("");
        let expected = &oracle[name][key];
        let got = std::panic::catch_unwind(|| run(&engine, case));
        let ok = match (&got, expected.get("output")) {
            (Ok(Ok(out)), Some(want)) => want.as_str() == Some(out.as_str()),
            (Ok(Err(_)), None) => expected.get("error").is_some(),
            _ => false,
        };
        if ok {
            passed += 1;
            if known.contains_key(name) {
                fixed.push(name.to_string());
            }
        } else if !known.contains_key(name) {
            let got = match got {
                Ok(Ok(s)) => format!("output {s:?}"),
                Ok(Err(e)) => format!("error {e}"),
                Err(_) => "PANIC".to_string(),
            };
            failures.push(format!(
                "{name}\n    template: {:?}\n    want: {expected}\n    got:  {got}",
                case["template"]
            ));
        }
    }
    println!(
        "golden-liquid ({key}): {passed} of {} cases pass ({} known failures)",
        cases.len(),
        known.len()
    );
    assert!(
        failures.is_empty(),
        "{} unexpected failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "now passing, remove from the known-failures file:\n{}",
        fixed.join("\n")
    );
}
