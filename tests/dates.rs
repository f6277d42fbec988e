//! Checks `strftime` and the `date` filter's string parsing against goldens from real Ruby
//! (`tests/goldens/gen_date_goldens.rb` writes `tests/goldens/dates.json`).

use chrono::{DateTime, FixedOffset, Local};
use hyde::value::{DateKind, DateValue, parse_time_in, strftime, to_date_in, try_strftime};
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

/// Set in the child processes [`parse_matches_ruby`] starts, one per zone.
const CHILD: &str = "HYDE_DATES_CHILD";

/// Parsing depends on the local zone, which chrono reads from `TZ`; changing `TZ` inside
/// a running test is racy, so each zone runs in a fresh copy of this test binary.
#[test]
fn parse_matches_ruby() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    let g = goldens();
    let zones: Vec<String> = g["parse"][0]["liquid"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert!(g["parse"].as_array().unwrap().len() >= 60);
    let exe = std::env::current_exe().unwrap();
    let mut failed = Vec::new();
    for tz in &zones {
        // Without the zone database chrono (and Ruby) would silently fall back to UTC.
        if !std::path::Path::new("/usr/share/zoneinfo")
            .join(tz)
            .exists()
        {
            eprintln!("skipping TZ={tz}: not in /usr/share/zoneinfo");
            continue;
        }
        let out = std::process::Command::new(&exe)
            .args([
                "--exact",
                "parse_in_zone",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, "1")
            .env("TZ", tz)
            .output()
            .unwrap();
        if !out.status.success() {
            eprintln!("--- TZ={tz}\n{}", String::from_utf8_lossy(&out.stderr));
            failed.push(tz.clone());
        }
    }
    assert!(
        failed.is_empty(),
        "parsing differs from Ruby under TZ={failed:?}"
    );
}

/// Compares one zone's goldens; only does anything inside a child with `TZ` set.
#[test]
fn parse_in_zone() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let tz = std::env::var("TZ").unwrap();
    let g = goldens();
    let now = DateTime::from_timestamp(g["now"].as_i64().unwrap(), 0).unwrap();
    let same = |got: Option<DateValue>, want: &Json| match (got, want) {
        // Ruby raised something other than ArgumentError (RangeError on huge numbers).
        (None, Json::Null) => true,
        (None, Json::Object(o)) if o.contains_key("error") => true,
        (Some(d), Json::Object(_)) => {
            want["secs"].as_i64() == Some(d.dt.timestamp())
                && want["nanos"].as_i64() == Some(d.dt.timestamp_subsec_nanos().into())
                && want["offset"].as_i64() == Some(d.dt.offset().local_minus_utc().into())
                && want["utc"].as_bool() == Some(d.utc)
                && d.kind == DateKind::Time
        }
        _ => false,
    };
    let show = |d: Option<DateValue>| d.map(|d| d.inspect());
    let cases = g["parse"].as_array().unwrap();
    let mut failures = Vec::new();
    for case in cases {
        let input = case["input"].as_str().unwrap();
        let liquid = to_date_in(input, &Local, now);
        let want = &case["liquid"][&tz];
        if !same(liquid, want) {
            let want = want.get("show");
            failures.push(format!(
                "to_date({input:?}): ruby {want:?}, hyde {:?}",
                show(liquid)
            ));
        }
        let parsed = parse_time_in(input, &Local, now);
        let want = &case["parse"][&tz];
        if !same(parsed, want) {
            let want = want.get("show");
            failures.push(format!(
                "Time.parse({input:?}): ruby {want:?}, hyde {:?}",
                show(parsed)
            ));
        }
    }
    eprintln!("TZ={tz}: {} parse cases", cases.len());
    report(&failures, cases.len() * 2);
}

/// A few thousand random formats and strings: nothing may panic, whatever the input.
#[test]
fn random_input_never_panics() {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let utc = FixedOffset::east_opt(0).unwrap();
    let east = FixedOffset::east_opt(86_399).unwrap();
    let west = FixedOffset::west_opt(86_399).unwrap();
    let extremes = [
        DateTime::<chrono::Utc>::MIN_UTC.with_timezone(&east),
        DateTime::<chrono::Utc>::MIN_UTC.with_timezone(&west),
        DateTime::<chrono::Utc>::MAX_UTC.with_timezone(&east),
        DateTime::<chrono::Utc>::MAX_UTC.with_timezone(&west),
        DateTime::from_timestamp(0, 999_999_999)
            .unwrap()
            .with_timezone(&utc),
    ];
    let values: Vec<DateValue> = extremes
        .iter()
        .flat_map(|&dt| {
            [
                DateValue::time(dt),
                DateValue {
                    dt,
                    kind: DateKind::Time,
                    utc: true,
                },
                DateValue {
                    dt,
                    kind: DateKind::Date,
                    utc: false,
                },
            ]
        })
        .collect();
    let fmt_pool: Vec<char> =
        "%%%%%-_0^#:::EO1234567890aAbBcCdDeFgGhHIjJkLlmMnNpPqQrRsStTuUvVwWxXyYzZ+. é日"
            .chars()
            .collect();
    let date_pool: Vec<char> =
        "0123456789000111222 -/.:,'+T Z amp bc dst utc est Mar March tue th st [] h w é日\n"
            .chars()
            .collect();
    let now = DateTime::from_timestamp(1_709_677_800, 0).unwrap();
    let pick = |pool: &[char], n: u64| pool[(n % pool.len() as u64) as usize];
    for _ in 0..3000 {
        let len = next() % 24;
        let fmt: String = (0..len).map(|_| pick(&fmt_pool, next())).collect();
        for v in &values {
            let _ = strftime(v, &fmt);
            let _ = try_strftime(v, &fmt);
        }
        let len = next() % 32;
        let text: String = (0..len).map(|_| pick(&date_pool, next())).collect();
        let _ = to_date_in(&text, &east, now);
        let _ = parse_time_in(&text, &west, now);
        let _ = parse_time_in(&text, &chrono::Utc, DateTime::<chrono::Utc>::MAX_UTC);
        let _ = parse_time_in(&text, &chrono::Utc, DateTime::<chrono::Utc>::MIN_UTC);
    }
    // Absurd widths and numbers are clamped or rejected, not allocated or overflowed.
    let v = &values[4];
    assert!(strftime(v, "%2147483647d").len() <= 1 << 17);
    assert_eq!(to_date_in("99999999999999999999", &utc, now), None);
    assert_eq!(
        parse_time_in("2024-03-05 10:00:99999999999999999999 -01:00:30", &utc, now),
        None
    );
}
