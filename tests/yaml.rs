//! YAML as Jekyll 4.3.1 reads it (Psych `safe_load`, Date and Time permitted, aliases on):
//! every source in `tests/fixtures/yaml_cases.json` must load to the same value Ruby gives
//! (recorded by `tests/goldens/gen_yaml_goldens.rb` under TZ=America/New_York), or fail where
//! Ruby fails.

use hyde::value::{DateKind, Value, format_float};
use std::collections::BTreeMap;

fn canon(v: &Value) -> String {
    match v {
        Value::Nil => "nil".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => format!("i:{i}"),
        Value::Float(f) => format!("f:{}", format_float(*f)),
        Value::Str(s) => format!("s:{}", serde_json::to_string(&**s).expect("json string")),
        Value::Array(a) => format!("[{}]", a.iter().map(canon).collect::<Vec<_>>().join(",")),
        Value::Hash(h) => format!(
            "{{{}}}",
            h.iter()
                .map(|(k, v)| format!("{}=>{}", canon(&Value::str(k)), canon(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Value::Date(d) if d.kind == DateKind::Date => format!("d:{}", d.dt.format("%Y-%m-%d")),
        Value::Date(d) => {
            format!(
                "t:{}{}",
                d.dt.format("%Y-%m-%dT%H:%M:%S.%f%:z"),
                if d.utc { " UTC" } else { "" }
            )
        }
        other => format!("?{}", other.class_name()),
    }
}

/// Where saphyr's parser is stricter than libyaml: a tab right after `key:` is an error.
const KNOWN: &[&str] = &["a:\tb"];

/// The zone the goldens were recorded in, set once before any test of this binary reads a
/// clock or the environment (each test calls this first).
fn new_york() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY: every test waits here until the variable is set, before reading anything.
    ONCE.call_once(|| unsafe { std::env::set_var("TZ", "America/New_York") });
}

#[test]
fn loads_like_psych() {
    new_york();
    let dir = env!("CARGO_MANIFEST_DIR");
    let cases: Vec<String> = serde_json::from_str(
        &std::fs::read_to_string(format!("{dir}/tests/fixtures/yaml_cases.json")).expect("cases"),
    )
    .expect("json");
    let want: BTreeMap<String, String> = serde_json::from_str(
        &std::fs::read_to_string(format!("{dir}/tests/goldens/yaml.json")).expect("goldens"),
    )
    .expect("json");
    let mut bad = Vec::new();
    for src in &cases {
        let expected = &want[src];
        let got = match hyde::yaml::load(src) {
            Ok(v) => canon(&v),
            Err(e) => format!("error: {e}"),
        };
        let ok = if expected.starts_with("error:") {
            got.starts_with("error:")
        } else {
            &got == expected
        };
        if !ok && !KNOWN.contains(&src.as_str()) {
            bad.push(format!("{src:?}\n   want {expected}\n   got  {got}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} differ:\n{}",
        bad.len(),
        cases.len(),
        bad.join("\n")
    );
}

/// Inputs the fuzzer (`fuzz/`, target `yaml`) found panicking, each with the value Psych gives
/// (or, for Ruby's Bignums, their size as a float, as hyde keeps big integers).
#[test]
fn fuzz_regressions() {
    new_york();
    // A sexagesimal integer past 64 bits: 302030203020130201 * 60**2 + 1 * 60 in Ruby.
    match hyde::yaml::load("302030203020130201:1") {
        Ok(Value::Float(f)) => assert_eq!(f, 302030203020130201.0 * 3600.0 + 60.0),
        other => panic!("{other:?}"),
    }
    match hyde::yaml::load("-99999999999999999999999:59:59") {
        Ok(Value::Float(f)) => assert!(f < -3.5e26, "{f}"),
        other => panic!("{other:?}"),
    }
    // Still exact while it fits.
    assert!(matches!(hyde::yaml::load("1:30"), Ok(Value::Int(5400))));
    // Not a time (Psych's zone is `[-+]\d{1,2}:?(?:\d\d)?` to the end), so a string; hyde
    // took four digits and anything after as a zone and split it inside the U+FEFF.
    let src = "2024-03-05t05:21:30-6789x\u{feff}";
    match hyde::yaml::load(src) {
        Ok(Value::Str(s)) => assert_eq!(&*s, src),
        other => panic!("{other:?}"),
    }
    // Zones as Psych reads them: hours (one or two digits), then minutes.
    for (src, offset) in [
        ("2024-03-05 05:21:30 +0530", 5 * 3600 + 30 * 60),
        ("2024-03-05 05:21:30 +05:30", 5 * 3600 + 30 * 60),
        ("2024-03-05 05:21:30 -053", -(5 * 3600 + 3 * 60)),
        ("2024-03-05 05:21:30 +5", 5 * 3600),
    ] {
        match hyde::yaml::load(src) {
            Ok(Value::Date(d)) => assert_eq!(d.dt.offset().local_minus_utc(), offset, "{src}"),
            other => panic!("{src}: {other:?}"),
        }
    }
}

/// Deeply nested YAML (found by the fuzz target `yaml`: the loader recursed once per level
/// until the stack overflowed) is an error past libyaml's limit of 1000 levels. Run with the
/// main thread's stack (hyde reads sites there): a debug build's test threads are smaller.
#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    new_york();
    let checks = || {
        let block_seq: String = (0..3000)
            .map(|i| format!("{}- \n", "  ".repeat(i)))
            .collect();
        let block_map: String = (0..3000)
            .map(|i| format!("{}a:\n", " ".repeat(i)))
            .collect();
        let one_line = format!("{}x", "- ".repeat(20_000));
        for src in [block_seq, block_map, one_line] {
            let err = hyde::yaml::load(&src).expect_err("too deep");
            assert!(
                err.message.contains("maximum nesting depth of 1000"),
                "{err}"
            );
        }
        // Up to the limit it loads.
        let fine: String = (0..999)
            .map(|i| format!("{}- \n", "  ".repeat(i)))
            .collect();
        assert!(hyde::yaml::load(&fine).is_ok());
    };
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(checks)
        .expect("thread")
        .join()
        .expect("no panic");
}

/// A mapping used as a mapping key prints as Ruby's `inspect` of it. The fuzz target `yaml`
/// found keys nested in keys (` ? : : ? ? ...`, an error in Psych, checked with the other
/// cases) taking 17 s: each level re-quoted the one inside, doubling the backslashes. Aliases
/// can still make a key's text exponential, so past 1 MiB it is an error (Ruby hangs
/// hashing it).
#[test]
fn collection_keys_print_in_bounded_time() {
    new_york();
    // Nested keys print each level once (the golden in yaml.json has the two-level case).
    let depth = 200;
    let src = format!("{}x: 1\n", "? ".repeat(depth));
    let v = hyde::yaml::load(&src).expect("loads");
    let text = v.inspect();
    assert!(text.len() < 20 * depth * depth, "{} bytes", text.len());
    assert!(!text.contains("\\\\"), "re-quoted: {}", &text[..200]);

    let mut bomb = String::from("a0: &a0 [x, x, x, x]\n");
    for i in 1..40 {
        let p = i - 1;
        bomb += &format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}]\n");
    }
    bomb += "? *a39\n: y\n";
    let err = hyde::yaml::load(&bomb).expect_err("too large");
    assert!(err.message.contains("too large"), "{err}");
}
