//! The front-matter splitter against the regular expression Jekyll 4.3 splits with
//! (`Document::YAML_FRONT_MATTER_REGEXP`, Ruby's multi-line mode), and the header test
//! against `Utils.has_yaml_header?`; the front matter found is then loaded as YAML, as the
//! reader does.

#![no_main]

use hyde::reader::front_matter::{has_yaml_header, split};
use libfuzzer_sys::fuzz_target;
use regex::bytes::Regex;
use std::sync::LazyLock;

/// `%r!\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)!m`, with Ruby's `\s` (`[ \t\r\n\f\v]`) and its
/// `m` (a dot matches a newline; `^` and `$` are always line anchors).
static FRONT_MATTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?s-u)\A(---[ \t\r\n\x0B\x0C]*\n.*?\n?)(?m:^)((---|\.\.\.)[ \t\r\n\x0B\x0C]*(?m:$)\n?)",
    )
    .expect("regex")
});

/// `File.open(file, "rb", &:readline).match? %r!\A---\s*\r?\n!`.
static HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)\A---[ \t\r\n\x0B\x0C]*\r?\n").expect("regex"));

fuzz_target!(|data: &[u8]| {
    let first_line = match data.iter().position(|&c| c == b'\n') {
        Some(n) => &data[..=n],
        None => data,
    };
    assert_eq!(
        has_yaml_header(data),
        HEADER.is_match(first_line),
        "has_yaml_header({data:?})"
    );
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let want = FRONT_MATTER.captures(data).map(|c| {
        let whole = c.get(0).expect("match");
        let yaml = c.get(1).expect("group 1");
        (&text[..yaml.end()], &text[whole.end()..])
    });
    let got = split(text);
    assert_eq!(got, want, "split({text:?})");
    if let Some((yaml, _)) = got {
        let _ = hyde::yaml::load(yaml);
    }
});
