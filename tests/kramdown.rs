//! hyde's kramdown engine against real kramdown as Jekyll 4.3.1 calls it.
//!
//! Inputs are kramdown's and kramdown-parser-gfm's test inputs (`../shared/conformance/`) and
//! the seed Academic Pages page; expectations come from `tests/goldens/gen_kramdown_goldens.rb`
//! (`tests/goldens/kramdown/plain.json`: Jekyll's defaults with Rouge disabled).
//!
//! Each case must match byte for byte, unless `tests/goldens/kramdown_known_failures.txt` lists
//! it as `case | dom | reason` (equal after normalising the HTML) or `case | fail | reason`.
//! The test fails when a case does worse than listed, and when a listed case now does better
//! (so the list shrinks as the engine improves). `KRAMDOWN_BLESS=1` rewrites the list.

mod common;

use common::html_dom_equal;
use hyde::markdown::{Options, to_html};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the checkout (a worktree under `wt/` finds it one level further up).
fn shared() -> PathBuf {
    for p in ["../shared", "../../shared"] {
        let d = root().join(p);
        if d.is_dir() {
            return d;
        }
    }
    panic!("../shared not found beside {}", root().display());
}

/// The Markdown input of a golden case.
fn input(case: &str) -> String {
    let sh = shared();
    let path: PathBuf = if let Some(rest) = case.strip_prefix("kramdown/") {
        sh.join("conformance/kramdown/test/testcases")
            .join(format!("{rest}.text"))
    } else if let Some(rest) = case.strip_prefix("gfm/") {
        sh.join("conformance/kramdown-parser-gfm/test/testcases")
            .join(format!("{rest}.text"))
    } else if let Some(rest) = case.strip_prefix("seed/") {
        sh.join("seed").join(format!("{rest}.md"))
    } else {
        panic!("unknown case {case}");
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    if case.starts_with("seed/") {
        strip_front_matter(&text)
    } else {
        text
    }
}

/// The content after Jekyll's front matter, as its reader splits it:
/// `\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)` (blank lines after the closing line go too).
fn strip_front_matter(text: &str) -> String {
    if !text.starts_with("---") {
        return text.to_string();
    }
    let b = text.as_bytes();
    let mut offset = text.find('\n').map_or(text.len(), |k| k + 1);
    while offset < text.len() {
        let line_end = text[offset..].find('\n').map_or(text.len(), |k| offset + k);
        if text[offset..].starts_with("---") || text[offset..].starts_with("...") {
            // \s*$\n? : the whitespace run after the marker, cut at its last line end.
            let mut j = offset + 3;
            let mut last_nl = None;
            while j < b.len() && b[j].is_ascii_whitespace() {
                if b[j] == b'\n' {
                    last_nl = Some(j);
                }
                j += 1;
            }
            if j == b.len() {
                return String::new();
            }
            if let Some(nl) = last_nl {
                return text[nl + 1..].to_string();
            }
        }
        offset = line_end + 1;
    }
    text.to_string()
}

fn load_known(path: &Path) -> BTreeMap<String, (String, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.splitn(3, '|').map(str::trim);
            let case = parts.next().unwrap_or("").to_string();
            let level = parts.next().unwrap_or("fail").to_string();
            let reason = parts.next().unwrap_or("").to_string();
            (case, (level, reason))
        })
        .collect()
}

/// Compares each case's output with Jekyll's, byte for byte or after normalising, against the
/// known-failures list (keys prefixed with `prefix`).
fn check_cases(prefix: &str, cases: Vec<(String, String, Options, String)>) {
    let known_path = root().join("tests/goldens/kramdown_known_failures.txt");
    let all_known = load_known(&known_path);
    let known: BTreeMap<String, (String, String)> = all_known
        .iter()
        .filter_map(|(k, v)| k.strip_prefix(prefix).map(|c| (c.to_string(), v.clone())))
        .filter(|(k, _)| !prefix.is_empty() || !k.contains(':'))
        .collect();

    let mut results: BTreeMap<String, &str> = BTreeMap::new();
    let mut problems = Vec::new();
    let (mut byte, mut dom, mut fail) = (0, 0, 0);
    let mut suite_stats: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for (case, src, opts, expected) in &cases {
        let got =
            std::panic::catch_unwind(|| to_html(src, opts)).unwrap_or_else(|_| "<PANIC>".into());
        let level = if &got == expected {
            byte += 1;
            "byte"
        } else if html_dom_equal(&got, expected) {
            dom += 1;
            "dom"
        } else {
            fail += 1;
            "fail"
        };
        let suite = case.split('/').take(2).collect::<Vec<_>>().join("/");
        let st = suite_stats.entry(suite).or_default();
        match level {
            "byte" => st.0 += 1,
            "dom" => st.1 += 1,
            _ => st.2 += 1,
        }
        results.insert(case.clone(), level);
        let listed = known.get(case).map(|(l, _)| l.as_str()).unwrap_or("byte");
        let rank = |l: &str| match l {
            "byte" => 2,
            "dom" => 1,
            _ => 0,
        };
        if rank(level) < rank(listed) {
            problems.push(format!(
                "REGRESSION {prefix}{case}: {level} (listed as {listed})"
            ));
            if std::env::var_os("KRAMDOWN_SHOW").is_some() {
                eprintln!("--- {case} expected\n{expected}\n--- got\n{got}");
            }
        } else if rank(level) > rank(listed) {
            problems.push(format!(
                "NOW BETTER {prefix}{case}: {level} (listed as {listed}); update the list"
            ));
        }
    }
    eprintln!(
        "kramdown goldens {prefix}: {byte} byte-exact, {dom} DOM-equal, {fail} different, of {}",
        cases.len()
    );
    for (suite, (b, d, f)) in &suite_stats {
        eprintln!("  {suite}: {b} byte, {d} dom, {f} fail");
    }
    if std::env::var_os("KRAMDOWN_BLESS").is_some() {
        // Rewrite this prefix's entries, keep the others.
        let mut out = String::from(
            "# Cases hyde does not yet render byte for byte as Jekyll: case | dom (equal after\n\
             # normalising the HTML) or fail | why. tests/kramdown.rs keeps this list exact.\n",
        );
        let mut lines: Vec<String> = all_known
            .iter()
            .filter(|(k, _)| {
                if prefix.is_empty() {
                    k.contains(':')
                } else {
                    !k.starts_with(prefix)
                }
            })
            .map(|(k, (l, r))| format!("{k} | {l} | {r}"))
            .collect();
        for (case, level) in &results {
            if *level != "byte" {
                let reason = known
                    .get(case)
                    .map(|(_, r)| r.as_str())
                    .filter(|r| !r.is_empty())
                    .unwrap_or("not yet investigated");
                lines.push(format!("{prefix}{case} | {level} | {reason}"));
            }
        }
        lines.sort();
        for l in lines {
            out.push_str(&l);
            out.push('\n');
        }
        std::fs::write(&known_path, out).expect("write known failures");
        return;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn kramdown_goldens_match_jekyll() {
    let goldens: BTreeMap<String, String> = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/goldens/kramdown/plain.json"))
            .expect("plain.json"),
    )
    .expect("plain.json parses");
    let cases = goldens
        .into_iter()
        .map(|(case, html)| {
            let src = input(&case);
            (case, src, Options::default(), html)
        })
        .collect();
    check_cases("", cases);
}

/// kramdown's cases that come with options, run with those options as a site's `kramdown:`
/// configuration (through `Options::from_site_config`).
#[test]
fn kramdown_goldens_with_options_match_jekyll() {
    let goldens: BTreeMap<String, serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/goldens/kramdown/options.json"))
            .expect("options.json"),
    )
    .expect("options.json parses");
    let cases = goldens
        .into_iter()
        .map(|(case, v)| {
            let config = hyde::value::Value::from(&serde_json::json!({ "kramdown": v["options"] }));
            let opts = Options::from_site_config(&config);
            let src = input(&case);
            (
                case,
                src,
                opts,
                v["html"].as_str().expect("html").to_string(),
            )
        })
        .collect();
    check_cases("options:", cases);
}

/// Each case's kramdown expectation from the plain set also renders without panicking when
/// compared through the DOM normaliser (sanity of the normaliser itself).
#[test]
fn dom_normaliser_ignores_formatting_only() {
    assert!(html_dom_equal(
        "<p a=\"1\" b=\"2\">x &amp; y</p>\n",
        "<p b='2' a=\"1\">x &#38; y</p>"
    ));
    assert!(!html_dom_equal("<p>x</p>", "<p>y</p>"));
    assert!(html_dom_equal(
        "<ul>\n  <li>a</li>\n</ul>",
        "<ul><li>a</li></ul>"
    ));
}

/// Generated documents (`tests/goldens/gen_kramdown_fuzz.rb`: a block grammar of everyday
/// constructs and a soup of kramdown's special characters) render byte for byte as Jekyll.
#[test]
fn kramdown_fuzz_goldens_match_jekyll() {
    let cases: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/goldens/kramdown/fuzz.json"))
            .expect("fuzz.json"),
    )
    .expect("fuzz.json parses");
    let opts = Options::default();
    let mut failures = Vec::new();
    for case in &cases {
        let input = case["input"].as_str().expect("input");
        let expected = case["html"].as_str().expect("html");
        let got = to_html(input, &opts);
        if got != expected {
            failures.push(format!(
                "input {input:?}\nexpected {expected:?}\ngot      {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fuzz cases differ; first:\n{}",
        failures.len(),
        cases.len(),
        failures.first().map(String::as_str).unwrap_or("")
    );
}

/// A stand-in for Rouge that knows only `plaintext` (all Jekyll gives code without a
/// language): the text escaped as Rouge escapes it, in Rouge's block wrapper.
struct PlaintextRouge;

impl hyde::markdown::Highlighter for PlaintextRouge {
    fn block(&self, code: &str, lang: Option<&str>) -> Option<String> {
        (lang == Some("plaintext")).then(|| {
            format!(
                "<div class=\"highlight\"><pre class=\"highlight\"><code>{}</code></pre></div>",
                rouge_escape(code)
            )
        })
    }

    fn span(&self, code: &str, lang: Option<&str>) -> Option<String> {
        (lang == Some("plaintext")).then(|| rouge_escape(code))
    }
}

fn rouge_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The highlighter hook: with a plaintext-only Rouge stand-in, every case of Jekyll's real
/// (Rouge) output that highlights nothing but plaintext matches byte for byte, so the
/// `language-… highlighter-rouge` wrappers and classes are kramdown's.
#[test]
fn highlighter_hook_matches_jekyll_with_rouge() {
    let goldens: BTreeMap<String, String> = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/goldens/kramdown/rouge.json"))
            .expect("rouge.json"),
    )
    .expect("rouge.json parses");
    let opts = Options::default();
    let (mut checked, mut failures) = (0, Vec::new());
    for (case, expected) in &goldens {
        // Cases with real lexers (ruby, …) wait for the Rouge-compatible highlighter.
        let other_lang = expected
            .match_indices("highlighter-rouge")
            .any(|(i, _)| !expected[..i].ends_with("language-plaintext "));
        if other_lang || case.ends_with("options3") {
            continue;
        }
        checked += 1;
        let got = hyde::markdown::to_html_with(&input(case), &opts, Some(&PlaintextRouge));
        if &got != expected {
            failures.push(case.clone());
        }
    }
    assert!(checked > 150, "only {checked} cases checked");
    assert!(
        failures.is_empty(),
        "{} differ: {failures:?}",
        failures.len()
    );
}

/// Options from a site configuration follow Jekyll's converter: the `kramdown:` hash over the
/// defaults, `highlighter` as fallback highlighter, kramdown's parsing of option values.
#[test]
fn options_from_site_config() {
    use hyde::markdown::EntityOutput;
    use hyde::value::Value;
    let config = Value::from(&serde_json::json!({
        "highlighter": "none",
        "kramdown": {
            "input": "GFM", "hard_wrap": false, "auto_ids": "false", "footnote_nr": 3,
            "entity_output": "numeric", "toc_levels": "2..3", "smart_quotes": ["apos", "apos", "quot", "quot"],
            "syntax_highlighter_opts": {"disable": true}
        }
    }));
    let o = Options::from_site_config(&config);
    assert!(!o.auto_ids);
    assert_eq!(o.footnote_nr, 3);
    assert_eq!(o.entity_output, EntityOutput::Numeric);
    assert_eq!(o.toc_levels, vec![2, 3]);
    assert_eq!(o.syntax_highlighter.as_deref(), Some("none"));
    assert!(o.highlighter_disable);
    assert_eq!(o.default_lang.as_deref(), Some("plaintext"));
    assert_eq!(
        to_html("'a' \"b\"", &o),
        "<p>&#39;a&#39; &quot;b&quot;</p>\n"
    );

    let defaults = Options::from_site_config(&Value::from(&serde_json::json!({})));
    assert_eq!(defaults.syntax_highlighter.as_deref(), Some("rouge"));
    assert!(defaults.auto_ids && defaults.guess_lang && !defaults.hard_wrap);
}
