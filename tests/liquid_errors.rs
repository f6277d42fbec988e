//! Error messages: the same words and line numbers as Ruby Liquid 5.4 (what Jekyll prints
//! after "Liquid Exception:"), recorded by `tests/goldens/liquid_errors.rb`; plus hyde's own
//! report with file, line, the source line and a caret.

use hyde::liquid::{Context, Engine, Error};
use hyde::value::Value;
use std::collections::BTreeMap;

/// Where hyde deliberately differs: an unclosed block is reported at its opening tag (Ruby
/// reports the last line of the file, which does not help find it).
const OPENING_LINE_INSTEAD_OF_LAST: &[&str] = &["{% if x %}\nno end"];

fn run(engine: &Engine, src: &str) -> Result<String, Error> {
    let t = engine.parse(src, "")?;
    let mut ctx = Context::new(engine, Value::Nil);
    t.render(&mut ctx)
}

#[test]
fn messages_match_ruby_liquid() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/goldens/liquid_errors.json"
    );
    let cases: BTreeMap<String, Option<String>> =
        serde_json::from_str(&std::fs::read_to_string(path).expect("goldens")).expect("json");
    let engine = Engine::liquid();
    let mut bad = Vec::new();
    for (src, want) in &cases {
        let got = run(&engine, src).err().map(|e| e.ruby_message());
        let want = if OPENING_LINE_INSTEAD_OF_LAST.contains(&src.as_str()) {
            want.as_ref().map(|w| w.replace("(line 2)", "(line 1)"))
        } else {
            want.clone()
        };
        if got != want {
            bad.push(format!("{src:?}\n   want {want:?}\n   got  {got:?}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn report_points_at_the_source() {
    let engine = Engine::liquid();
    let src = "<h1>{{ page.title }}</h1>\n<p>{% iff page.x %}</p>\n";
    let err = engine
        .parse(src, "_layouts/default.html")
        .expect_err("unknown tag");
    let report = err.report(Some(src));
    assert!(report.contains("Unknown tag 'iff'"), "{report}");
    assert!(report.contains("--> _layouts/default.html:2:4"), "{report}");
    assert!(report.contains("2 | <p>{% iff page.x %}</p>"), "{report}");
    assert!(report.contains("  |    ^^^^^^^^^^^^^^^^\n"), "{report}");
}
