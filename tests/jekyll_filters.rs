//! Jekyll's filters against real Jekyll 4.3.1: every case in `tests/goldens/jekyll_filters.json`
//! (written by `tests/goldens/gen_jekyll_filters.rb`) is rendered through `Engine::jekyll()`
//! and must print exactly what Jekyll printed, or fail where Jekyll raised (with the same
//! message for Liquid's and Jekyll's own errors).
//!
//! Cases that need Jekyll's Markdown, SmartyPants or Sass converters keep Jekyll's output in
//! the goldens for when hyde has converters; for now they check that the filter fails clearly
//! without a site. Cases we do not pass yet are listed with the reason in
//! `tests/goldens/jekyll_filters_known_failures.txt`; the test fails on any other failure and
//! on a listed case that now passes.

mod common;

use hyde::liquid::site::{SITE_REGISTER, SassSyntax, Site, SiteRegister};
use hyde::liquid::{Context, Engine, Error, ErrorKind};
use hyde::value::{DateKind, DateValue, Drop, Hash, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// A site with a config and no converters.
struct TestSite {
    config: Value,
}

impl Site for TestSite {
    fn config(&self) -> &Value {
        &self.config
    }
    fn markdownify(&self, _: &str) -> Result<String, Error> {
        Err(Error::render("no Markdown converter in tests"))
    }
    fn smartify(&self, _: &str) -> Result<String, Error> {
        Err(Error::render("no SmartyPants converter in tests"))
    }
    fn sassify(&self, _: &str, _: SassSyntax) -> Result<String, Error> {
        Err(Error::render("no Sass converter in tests"))
    }
}

/// A drop over a hash, as the generator's `TestDrop` (a Jekyll drop with only data).
#[derive(Debug)]
struct TestDrop(Hash);

impl Drop for TestDrop {
    fn get(&self, key: &str) -> Option<Value> {
        self.0.get(key).cloned()
    }
    fn keys(&self) -> Vec<String> {
        self.0.keys().cloned().collect()
    }
    fn class_name(&self) -> &'static str {
        "TestDrop"
    }
    /// Liquid's `Drop#to_s` is the class name.
    fn to_liquid_string(&self) -> String {
        "TestDrop".to_string()
    }
}

/// JSON to a value, with the generator's tagged forms for times, dates and drops.
fn to_value(j: &serde_json::Value) -> Value {
    match j {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Value::str(s),
        serde_json::Value::Array(a) => Value::from(a.iter().map(to_value).collect::<Vec<_>>()),
        serde_json::Value::Object(o) => {
            if o.len() == 1 {
                if let Some(t) = o.get("$time").and_then(|t| t.as_str()) {
                    let dt = chrono::DateTime::parse_from_rfc3339(t).expect("$time is RFC 3339");
                    return Value::Date(DateValue {
                        dt,
                        kind: DateKind::Time,
                        utc: t.ends_with('Z'),
                    });
                }
                if let Some(d) = o.get("$date").and_then(|d| d.as_str()) {
                    let dt = chrono::DateTime::parse_from_rfc3339(&format!("{d}T00:00:00+00:00"))
                        .expect("$date is YYYY-MM-DD");
                    return Value::Date(DateValue {
                        dt,
                        kind: DateKind::Date,
                        utc: false,
                    });
                }
                if let Some(serde_json::Value::Object(h)) = o.get("$drop") {
                    let hash = h.iter().map(|(k, v)| (k.clone(), to_value(v))).collect();
                    return Value::Drop(Arc::new(TestDrop(hash)));
                }
            }
            Value::from(
                o.iter()
                    .map(|(k, v)| (k.clone(), to_value(v)))
                    .collect::<Hash>(),
            )
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Renders one case as the generator did: the case's data, a site with its config (none
/// for converter cases, which must fail without one).
fn render(engine: &Engine, case: &serde_json::Value) -> Result<String, Error> {
    let template = engine.parse(case["template"].as_str().unwrap_or(""), "")?;
    let mut ctx = Context::new(engine, to_value(&case["data"]));
    if case.get("converter").is_none() {
        let config = case.get("config").map(to_value).unwrap_or_default();
        let site = TestSite { config };
        ctx.set_register(SITE_REGISTER, Arc::new(SiteRegister(Arc::new(site))));
    }
    template.render(&mut ctx)
}

/// Ruby's error message with Liquid's `Liquid error (line 1): ` prefix removed.
fn ruby_error_message(error: &str) -> (&str, &str) {
    let (class, msg) = error.split_once(": ").unwrap_or((error, ""));
    let msg = msg
        .split_once("): ")
        .filter(|(prefix, _)| prefix.starts_with("Liquid"))
        .map_or(msg, |(_, m)| m);
    (class, msg)
}

/// `None` when the case passes, else what went wrong.
fn check(engine: &Engine, case: &serde_json::Value) -> Option<String> {
    let got = std::panic::catch_unwind(|| render(engine, case));
    let got = match got {
        Ok(r) => r,
        Err(_) => return Some("PANIC".to_string()),
    };
    if case.get("converter").is_some() {
        return match got {
            Err(e) if e.message.contains("needs a site") => None,
            other => Some(format!("want a missing-site error, got {other:?}")),
        };
    }
    match (&got, case.get("output"), case["error"].as_str()) {
        (Ok(out), Some(want), _) if want.as_str() == Some(out.as_str()) => None,
        (Err(e), None, Some(error)) => {
            let (class, msg) = ruby_error_message(error);
            // Liquid's and Jekyll's own errors must say the same; Ruby's internal ones
            // (NoMethodError, TypeError) only need to be errors.
            let same_kind = match class {
                "Liquid::ArgumentError" => e.kind == ErrorKind::Argument,
                "Liquid::SyntaxError" => e.kind == ErrorKind::Syntax,
                _ => true,
            };
            let checked = class.starts_with("Liquid::") || class.starts_with("Jekyll::");
            if same_kind && (!checked || msg == e.message) {
                None
            } else {
                Some(format!(
                    "want error {error:?}, got {:?} {:?}",
                    e.kind, e.message
                ))
            }
        }
        (Ok(out), _, _) => Some(format!(
            "want {}, got output {out:?}",
            case.get("output")
                .map_or_else(|| format!("error {}", case["error"]), |o| format!("{o}"))
        )),
        (Err(e), _, _) => Some(format!(
            "want output {}, got error {:?}",
            case["output"], e.message
        )),
    }
}

#[test]
fn jekyll_filters_match_jekyll_4_3_1() {
    let goldens: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/goldens/jekyll_filters.json"))
            .expect("goldens file"),
    )
    .expect("jekyll_filters.json parses");
    let known =
        common::known_failures(&root().join("tests/goldens/jekyll_filters_known_failures.txt"));
    let cases = goldens["cases"].as_array().expect("cases array");

    // Local time is the process's `TZ`, as in Jekyll. chrono caches the zone per thread, so
    // each zone's cases run on a fresh thread, one at a time (no other thread reads the
    // environment while it changes).
    let mut by_tz: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for case in cases {
        let tz = case["tz"].as_str().unwrap_or("UTC").to_string();
        by_tz.entry(tz).or_default().push(case.clone());
    }
    let mut results = Vec::new();
    for (tz, group) in by_tz {
        // Zones come from the system's tz database; without it they cannot be checked.
        if tz != "UTC"
            && !std::path::Path::new("/usr/share/zoneinfo")
                .join(&tz)
                .exists()
        {
            println!(
                "skipping {} cases in {tz}: no tz database entry",
                group.len()
            );
            continue;
        }
        // SAFETY: no other thread of this test binary runs while the variable changes.
        unsafe { std::env::set_var("TZ", &tz) };
        let handle = std::thread::spawn(move || {
            let engine = Engine::jekyll();
            group
                .iter()
                .map(|case| {
                    (
                        case["name"].as_str().unwrap_or("").to_string(),
                        case["template"].clone(),
                        check(&engine, case),
                    )
                })
                .collect::<Vec<_>>()
        });
        results.extend(handle.join().expect("case thread"));
    }

    let mut failures = Vec::new();
    let mut fixed = Vec::new();
    let mut passed = 0;
    for (name, template, problem) in &results {
        match problem {
            None => {
                passed += 1;
                if known.contains_key(name) {
                    fixed.push(name.clone());
                }
            }
            Some(p) if !known.contains_key(name) => {
                failures.push(format!("{name}\n    template: {template}\n    {p}"));
            }
            Some(_) => {}
        }
    }
    println!(
        "jekyll filters: {passed} of {} cases pass ({} known failures)",
        results.len(),
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
        "now passing, remove from jekyll_filters_known_failures.txt:\n{}",
        fixed.join("\n")
    );
}
