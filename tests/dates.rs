//! Checks `strftime` and the `date` filter's string parsing against goldens from real Ruby
//! (`tests/goldens/gen_date_goldens.rb` writes `tests/goldens/dates.json`).

use chrono::{DateTime, FixedOffset};
use hyde::value::{DateKind, DateValue, strftime, try_strftime};
use serde_json::Value as Json;

fn goldens() -> Json {
    // DATES_JSON lets a larger, uncommitted run of the generator be checked the same way.
    let path = std::env::var("DATES_JSON").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/goldens/dates.json").into()
    });
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).expect("goldens are JSON")
}

fn value_of(v: &Json) -> DateValue {
    let offset = FixedOffset::east_opt(v["offset"].as_i64().unwrap() as i32).unwrap();
    let dt = DateTime::from_timestamp(
        v["secs"].as_i64().unwrap(),
        v["nanos"].as_u64().unwrap() as u32,
    )
    .unwrap()
    .with_timezone(&offset);
    DateValue {
        dt,
        kind: if v["kind"] == "date" {
            DateKind::Date
        } else {
            DateKind::Time
        },
        utc: v["utc"].as_bool().unwrap(),
    }
}

/// Prints every mismatch (not just the first) so a regression shows its whole shape.
fn report(failures: &[String], total: usize) {
    for f in failures
        .iter()
        .take(if std::env::var_os("DATES_JSON").is_some() {
            usize::MAX
        } else {
            60
        })
    {
        eprintln!("{f}");
    }
    assert!(
        failures.is_empty(),
        "{} of {total} cases differ from Ruby",
        failures.len()
    );
}

#[test]
fn strftime_matches_ruby() {
    let g = goldens();
    let values: Vec<(String, DateValue)> = g["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["name"].as_str().unwrap().to_string(), value_of(v)))
        .collect();
    let cases = g["strftime"].as_array().unwrap();
    assert!(cases.len() >= 150);
    let mut failures = Vec::new();
    let mut total = 0;
    for case in cases {
        let fmt = case["format"].as_str().unwrap();
        for ((name, v), want) in values.iter().zip(case["out"].as_array().unwrap()) {
            total += 1;
            match want {
                Json::String(want) => {
                    let got = try_strftime(v, fmt);
                    if got.as_deref() != Ok(want.as_str()) {
                        failures.push(format!("{name} {fmt:?}: ruby {want:?}, hyde {got:?}"));
                    }
                }
                _ => {
                    let msg = want["error"].as_str().unwrap();
                    // Ruby's ArgumentError for a dangling `%`; other errors (ERANGE for
                    // absurd widths) are out of scope.
                    if let Some(m) = msg.strip_prefix("ArgumentError: ") {
                        let got = try_strftime(v, fmt).map_err(|e| e.message);
                        if got != Err(m.to_string()) {
                            failures
                                .push(format!("{name} {fmt:?}: ruby raises {m:?}, hyde {got:?}"));
                        }
                    }
                    // Never panics, whatever Ruby did.
                    let _ = strftime(v, fmt);
                }
            }
        }
    }
    report(&failures, total);
}
