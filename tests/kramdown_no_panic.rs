//! The kramdown engine on pathological input: no panic, and bounded time where kramdown
//! itself backtracks for minutes (10k nested brackets, images, emphasis, lists, HTML).

use hyde::markdown::{Options, to_html};
use std::time::{Duration, Instant};

/// Inputs kramdown handles in quadratic or exponential time, or with deep recursion.
fn pathological() -> Vec<(&'static str, String)> {
    let n = 10_000;
    vec![
        ("brackets", "[".repeat(n)),
        ("images", "![".repeat(n)),
        ("closing brackets", "]".repeat(n)),
        ("open link urls", "[a](".repeat(n)),
        (
            "nested link text",
            format!("{}{}", "[a".repeat(n), "]".repeat(n)),
        ),
        ("stars", "*".repeat(n)),
        ("unclosed emphasis", "*a ".repeat(n)),
        ("unclosed underscores", "_a ".repeat(n)),
        ("unclosed strong", "**a ".repeat(n)),
        ("mixed emphasis", "*a _b ".repeat(n)),
        ("strikethrough", "~~a ".repeat(n)),
        ("backtick run", "`".repeat(n)),
        ("code spans", "`a``".repeat(n)),
        ("html comments", "<!--".repeat(n)),
        ("span html", "<span>".repeat(n)),
        ("span html lines", "<span>\n".repeat(n)),
        ("block html", "<div>".repeat(n)),
        ("block html lines", "<div>\n".repeat(n)),
        ("blockquotes", format!("{} x", ">".repeat(n))),
        (
            "nested lists",
            (0..1000)
                .map(|i| format!("{}* x\n", "  ".repeat(i)))
                .collect(),
        ),
        ("list markers", format!("{}x", "* ".repeat(n))),
        (
            "deep indents",
            (0..300)
                .map(|i| format!("{}* x\n", "    ".repeat(i)))
                .collect(),
        ),
        ("ial lines", "{:\n".repeat(n)),
        ("ial run", "{:".repeat(n)),
        ("math", "$$".repeat(n)),
        ("pipes", "|".repeat(n)),
        ("table rows", "|a|b|\n".repeat(n)),
        ("fences", "```\n".repeat(n)),
        ("fences with info", "```x\n".repeat(n)),
        ("definition lists", "a\n: b\n".repeat(n)),
        (
            "footnote markers",
            format!("{}\n\n[^a]: x\n", "[^a]".repeat(n)),
        ),
        ("quotes", "\"'".repeat(n)),
        ("entities", "&".repeat(n)),
        ("lazy html in lists", "* a\n<div\n".repeat(n)),
    ]
}

#[test]
fn pathological_input_is_fast_and_does_not_panic() {
    let opts = Options::default();
    let mut slow = Vec::new();
    for (name, input) in pathological() {
        let start = Instant::now();
        let result = std::panic::catch_unwind(|| to_html(&input, &opts));
        let took = start.elapsed();
        assert!(result.is_ok(), "{name}: panicked");
        // Generous for a debug build on a loaded machine; release is ~20x faster.
        if took > Duration::from_secs(20) {
            slow.push(format!("{name}: {took:?}"));
        }
    }
    assert!(slow.is_empty(), "too slow: {slow:?}");
}

/// A deterministic soup of kramdown's special characters: nothing panics.
#[test]
fn random_soup_does_not_panic() {
    const TOKENS: &[&str] = &[
        "*",
        "_",
        "`",
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "!",
        "\"",
        "'",
        "&",
        ";",
        "#",
        "-",
        ".",
        ":",
        "|",
        "{",
        "}",
        "^",
        "~",
        "$",
        "\\",
        " ",
        "\n",
        "\t",
        "=",
        "+",
        "a",
        "é",
        "日",
        "\n\n",
        "    ",
        "1.",
        "* ",
        "> ",
        "```",
        "~~~",
        "<div>",
        "</div>",
        "<span>",
        "{:",
        "{::",
        "{:/}",
        "[^1]",
        "[^1]:",
        "|---|",
        "<!--",
        "-->",
        "$$",
        "*[",
        "]:",
        "\r",
        "\r\n",
        "\u{0}",
        "&#0;",
        "&#x110000;",
        "&#99999999999;",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let opts = Options::default();
    for _ in 0..3000 {
        let len = 1 + next() % 60;
        let doc: String = (0..len)
            .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
            .collect();
        let result = std::panic::catch_unwind(|| to_html(&doc, &opts));
        assert!(result.is_ok(), "panicked on {doc:?}");
    }
}

/// Inputs the fuzz target `markdown` (`fuzz/`) panicked on, each with kramdown's result.
#[test]
fn fuzz_regressions() {
    // Footnote numbers count on past 64 bits, as Ruby's integers do.
    let html = to_html(
        "{::options footnote_nr=\"9223372036854775807\" /}\na[^1] b[^2]\n\n[^1]: x\n[^2]: y\n",
        &Options::default(),
    );
    assert!(
        html.contains("rel=\"footnote\">9223372036854775807</a>")
            && html.contains("rel=\"footnote\">9223372036854775808</a>")
            && html.contains("<ol start=\"9223372036854775807\">"),
        "{html}"
    );
}
