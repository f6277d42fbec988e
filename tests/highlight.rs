//! hyde's highlighter against Rouge 3.30: every sample under `tests/fixtures/highlight/`
//! must come out byte for byte as `tests/goldens/rouge.json` records Rouge's output
//! (regenerate it with `ruby tests/goldens/gen_rouge_goldens.rb`), except the cases listed
//! in `tests/goldens/rouge_known_failures.txt`. Samples of languages hyde does not lex yet
//! are skipped; once a lexer lands, all its samples count.

use hyde::highlight::{Lexer, TableOptions, Token, format_html, format_table};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

fn goldens() -> Value {
    let text = std::fs::read_to_string("tests/goldens/rouge.json").expect("rouge.json");
    serde_json::from_str(&text).expect("valid JSON")
}

/// `file format` → reason, from the known-failures list (`file format | reason` lines).
fn known_failures() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string("tests/goldens/rouge_known_failures.txt").unwrap();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (case, reason) = l.split_once('|').expect("`case | reason`");
            (case.trim().to_string(), reason.trim().to_string())
        })
        .collect()
}

/// Jekyll's highlight tag strips line terminators around the code.
fn jekyll_strip(s: &str) -> &str {
    s.trim_matches(|c| c == '\n' || c == '\r')
}

#[test]
fn samples_match_rouge() {
    let goldens = goldens();
    let known = known_failures();
    let mut failed = Vec::new();
    let mut fixed = Vec::new();
    let mut per_lang: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut skipped = 0;
    for case in goldens["cases"].as_array().unwrap() {
        let file = case["file"].as_str().unwrap();
        let lang = case["lang"].as_str().unwrap();
        let format = case["format"].as_str().unwrap();
        let expected = case["output"].as_str().unwrap();
        let code = std::fs::read_to_string(Path::new("tests/fixtures/highlight").join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let lexer = Lexer::find_fancy(lang).unwrap_or_else(Lexer::plaintext);
        if !lexer.is_native() {
            skipped += 1;
            continue;
        }
        let actual = match format {
            "html" => format_html(&lexer.lex(&code)),
            _ => format_table(&lexer.lex(jekyll_strip(&code)), &TableOptions::jekyll()),
        };
        let name = format!("{file} {format}");
        let entry = per_lang.entry(lexer.tag().to_string()).or_default();
        entry.1 += 1;
        match (actual == expected, known.contains_key(&name)) {
            (true, false) => entry.0 += 1,
            (true, true) => fixed.push(name),
            (false, true) => {}
            (false, false) => failed.push(format!(
                "--- {name} (lang {lang})\nexpected:\n{expected}\nactual:\n{actual}"
            )),
        }
    }
    for (tag, (ok, total)) in &per_lang {
        eprintln!("{tag}: {ok}/{total} samples match Rouge");
    }
    eprintln!("{skipped} samples skipped (no lexer of hyde's own: see fallback_agrees_with_rouge)");
    assert!(
        fixed.is_empty(),
        "now passing, remove from the known failures: {fixed:?}"
    );
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn names_resolve_as_in_rouge() {
    let goldens = goldens();
    for (name, tag) in goldens["registry"].as_object().unwrap() {
        let found = Lexer::find(name).map(|l| l.tag());
        assert_eq!(found, tag.as_str(), "Lexer.find({name:?})");
    }
    for (name, tag) in goldens["lookups"].as_object().unwrap() {
        let found = Lexer::find_fancy(name).map(|l| l.tag());
        assert_eq!(found, tag.as_str(), "Lexer.find_fancy({name:?})");
    }
}

/// `guess` picks the one lexer Rouge's guessers leave, plain text when none is left, and
/// (where Rouge raises `Ambiguous`, failing a Jekyll build) plain text when several are.
#[test]
fn guess_as_rouge() {
    let goldens = goldens();
    for (code, candidates) in goldens["guesses"].as_object().unwrap() {
        let candidates: Vec<&str> = candidates
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let expected = match candidates.as_slice() {
            [one] => *one,
            _ => "plaintext",
        };
        let found = Lexer::find_fancy_in("guess", code).map(|l| l.tag());
        assert_eq!(found, Some(expected), "guess for {code:?} ({candidates:?})");
    }
}

/// A small deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Text made of the pieces lexers care about: quotes, brackets, sigils, escapes, keywords,
/// newlines and non-ASCII letters.
fn random_code(rng: &mut Rng, len: usize) -> String {
    const PIECES: &[&str] = &[
        "'",
        "\"",
        "'''",
        "\"\"\"",
        "`",
        "$",
        "$(",
        "$((",
        "${",
        "}",
        "{",
        "(",
        ")",
        "[",
        "]",
        "\\",
        "\\\n",
        "\n",
        " ",
        "\t",
        "#",
        "<<",
        "<<EOF\n",
        "EOF\n",
        "-",
        "--x",
        "=",
        ";",
        ";;",
        "|",
        "&",
        ">",
        "<",
        ":",
        "!",
        "@",
        ".",
        ",",
        "*",
        "f\"",
        "rb'",
        "{x!r:>3}",
        "0x1F",
        "1.5e3",
        "1_0",
        "07",
        "if ",
        "do\n",
        "case ",
        "esac",
        "def ",
        "class ",
        "import ",
        "from a import",
        "echo ",
        "é",
        "日本",
        "\u{a0}",
        "\r\n",
        "...",
        "<...>",
        "$ ",
        ">>> ",
        "N{BULLET}",
        "\\u00e9",
        "abc",
        "x_1",
        "\0",
    ];
    let mut s = String::new();
    for _ in 0..len {
        s.push_str(PIECES[(rng.next() % PIECES.len() as u64) as usize]);
    }
    s
}

const LANGS: &[&str] = &[
    "json",
    "javascript",
    "c",
    "cpp",
    "r",
    "tex",
    "shell",
    "console",
    "python",
    "plaintext",
    "yaml",
    "css",
    "html",
    "xml",
    "scss",
    "ruby",
    "rust",
    "matlab",
    "markdown",
    "apache",
    "erb",
    "diff",
    "sql",
    "java",
    "go",
    "toml",
    "ini",
    "make",
    "docker",
    "liquid",
    "typescript",
    "julia",
    "lua",
    "bibtex",
    "csharp",
    "kotlin",
    "haskell",
    "fortran",
    "scala",
    "php",
    "powershell",
    "perl",
    "console?lang=python&prompt=>>>",
    "console?comments=true&error=error:",
    "console?output=shell",
];

#[test]
fn random_input_never_panics_and_keeps_every_byte() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let fallback = fallback_langs();
    for round in 0..400 {
        let code = random_code(&mut rng, 1 + round % 60);
        // The syntect fallback is slower: every fourth round.
        let extra = fallback
            .iter()
            .map(String::as_str)
            .filter(|_| round % 4 == 0);
        for lang in LANGS.iter().copied().chain(extra) {
            let tokens = Lexer::find_fancy(lang).unwrap().lex(&code);
            let joined: String = tokens.as_slice().iter().map(|(_, v)| v.as_str()).collect();
            assert_eq!(joined, code, "{lang} lost text of {code:?}");
            for pair in tokens.as_slice().windows(2) {
                assert_ne!(pair[0].0, pair[1].0, "{lang}: unmerged tokens in {code:?}");
            }
        }
    }
}

/// Twenty to forty kilobytes of hostile input each: unclosed strings, deep nesting, one
/// endless line.
fn hostile_inputs() -> Vec<String> {
    vec![
        "$(".repeat(10_000),
        "${".repeat(10_000),
        "\"$(\"".repeat(6_000),
        "f'{".repeat(6_000),
        "'".repeat(20_000),
        "\"\"\"".repeat(6_000),
        "<<EOF\n".repeat(4_000),
        "a > b ".repeat(6_000),
        ":\"\"\"\n".repeat(400),
        "x".repeat(40_000),
        "&x".repeat(10_000),
        "/*".repeat(10_000),
        "<?".repeat(10_000),
        "<![CDATA[".repeat(2_000),
        "<!DOCTYPE ".repeat(2_000),
        "url(".repeat(6_000),
        "<a b=\"".repeat(4_000),
        "=begin\n".repeat(4_000),
        "a ? b :c".repeat(4_000),
        "%w(".repeat(6_000),
        "r#\"r\"".repeat(4_000),
        "`a``".repeat(6_000),
        "<a![x](*a_".repeat(4_000),
        "---\n```\n".repeat(4_000),
        "a@b.c <".repeat(4_000),
        "a b.c ".repeat(4_800),
        "[x=".repeat(8_000),
        "{% x {{ y".repeat(3_200),
        "\"a\\\"".repeat(6_000),
    ]
}

/// Lexing is linear: the hostile inputs lex in a small fraction of a second each even in a
/// debug build, where a quadratic lexer takes seconds. (Sizes are kept down so that the test,
/// which runs every lexer on every input, stays quick.)
#[test]
fn lexing_is_linear_on_hostile_input() {
    for code in &hostile_inputs() {
        for lang in LANGS {
            let lexer = Lexer::find_fancy(lang).unwrap();
            assert!(!lexer.lex(code).as_slice().is_empty());
            assert_linear(lang, |c| lexer.lex(c).as_slice().len(), code);
        }
    }
}

/// Fails when lexing `code` costs much more than four times lexing its first quarter: linear
/// lexing takes about 4 times as long, quadratic 16. A ratio of the thread's CPU time, not of
/// wall-clock time, so that other work on the machine (CI, parallel builds) does not fail it;
/// a slow measurement is taken again, keeping the best.
fn assert_linear(lang: &str, lex: impl Fn(&str) -> usize, code: &str) {
    let time = |c: &str| {
        let start = thread_cpu_time();
        std::hint::black_box(lex(c));
        thread_cpu_time().saturating_sub(start)
    };
    let mut cut = code.len() / 4;
    while !code.is_char_boundary(cut) {
        cut -= 1;
    }
    let (mut quarter, mut whole) = (time(&code[..cut]), time(code));
    // Below a few milliseconds everything is noise.
    let bound = |q: Duration| q * 8 + Duration::from_millis(25);
    for _ in 0..2 {
        if whole < bound(quarter) {
            break;
        }
        quarter = quarter.min(time(&code[..cut]));
        whole = whole.min(time(code));
    }
    assert!(
        whole < bound(quarter),
        "{lang}: {whole:?} on {} bytes but {quarter:?} on a quarter of them, starting {:?}",
        code.len(),
        &code[..20.min(code.len())]
    );
}

/// CPU time this thread has used (the clock other processes' load does not move).
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// The languages hyde highlights through the syntect fallback.
fn fallback_langs() -> Vec<String> {
    let goldens = goldens();
    let mut tags: Vec<String> = goldens["registry"]
        .as_object()
        .unwrap()
        .values()
        .map(|t| t.as_str().unwrap().to_string())
        .filter(|t| Lexer::find(t).unwrap().is_fallback())
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

/// The syntect fallback stays bounded on the hostile inputs: syntect matches every pattern of
/// a context along a line, which is quadratic in the line's length, and its regexes can
/// backtrack, so code with a line over `MAX_LINE` bytes or over `MAX_TOTAL` bytes in all
/// stays plain text; below that, lexing takes time in proportion to the lines. The text is
/// kept whatever happens. (A test of its own, so it runs beside the native lexers' one.)
#[test]
fn fallback_is_bounded_on_hostile_input() {
    let langs = fallback_langs();
    assert!(langs.len() >= 10, "fallback languages: {langs:?}");
    let mut inputs = hostile_inputs();
    // Lines of a thousand bytes (the longest highlighted), one a byte longer, and code a
    // little over the total limit.
    inputs.push(format!("{}\n", "a(\"".repeat(333)).repeat(32));
    inputs.push("x".repeat(1_001));
    inputs.push(format!("{}\n", "(x ".repeat(30)).repeat(800));
    for lang in &langs {
        let lexer = Lexer::find(lang).unwrap();
        for code in &inputs {
            let tokens = lexer.lex(code);
            let text: String = tokens.as_slice().iter().map(|(_, v)| v.as_str()).collect();
            assert_eq!(&text, code, "{lang} lost text");
            let plain = tokens.as_slice().len() == 1;
            if code.len() > 64 * 1024 || code.lines().any(|l| l.len() > 1_000) {
                assert!(plain, "{lang}: over the limits, but highlighted");
            }
            assert_linear(lang, |c| lexer.lex(c).as_slice().len(), code);
        }
    }
}

#[test]
fn table_counts_lines_as_rouge() {
    let tokens = Lexer::find("plaintext").unwrap().lex("a\nb");
    assert_eq!(
        format_table(&tokens, &TableOptions::jekyll()),
        "<table class=\"rouge-table\"><tbody><tr><td class=\"gutter gl\"><pre class=\"lineno\">1\n2\n</pre></td><td class=\"code\"><pre>a\nb\n</pre></td></tr></tbody></table>"
    );
    assert_eq!(
        Token::from_qualname("Generic.Output"),
        Some(Token::GenericOutput)
    );
}

/// Differential fuzzing against Rouge, run by hand: see `tests/goldens/rouge_fuzz.rb`.
#[test]
#[ignore = "needs a file written by tests/goldens/rouge_fuzz.rb"]
fn rouge_fuzz() {
    let path = std::env::var("ROUGE_FUZZ").unwrap_or_else(|_| "/tmp/rouge_fuzz.json".into());
    let cases: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut failures = Vec::new();
    let cases = cases.as_array().unwrap();
    for case in cases {
        let lang = case["lang"].as_str().unwrap();
        let code = case["code"].as_str().unwrap();
        let expected = case["html"].as_str().unwrap();
        let actual = format_html(&Lexer::find_fancy(lang).unwrap().lex(code));
        if actual != expected {
            failures.push(format!(
                "--- {lang} {code:?}\nexpected: {expected:?}\nactual:   {actual:?}"
            ));
        }
    }
    // The shortest inputs first: they show a difference most plainly.
    failures.sort_by_key(String::len);
    let shown: Vec<_> = failures.iter().take(15).cloned().collect();
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        cases.len(),
        shown.join("\n")
    );
}

/// Rouge's HTML formatter output as text and one class per character (`""` outside spans).
fn html_classes(html: &str) -> (String, Vec<String>) {
    hyde::highlight::classes_per_char(html)
}

/// Markup with the token spans taken out: the wrapper and the (escaped) text.
fn strip_spans(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<span class=\"") {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        rest = &rest[rest.find("\">").unwrap() + 2..];
    }
    out.push_str(rest);
    out.replace("</span>", "")
}

/// The lowest per-character agreement with Rouge each language the syntect fallback
/// highlights may fall to, in percent: a little under what was measured
/// (docs/highlighting.md), so a change that makes the fallback worse fails here.
const FALLBACK_FLOORS: &[(&str, f64)] = &[
    ("actionscript", 84.8),
    ("applescript", 82.6),
    ("batchfile", 61.7),
    ("clojure", 83.4),
    ("common_lisp", 78.4),
    ("d", 91.4),
    ("dot", 86.6),
    ("erlang", 89.1),
    ("gradle", 93.9),
    ("groovy", 92.7),
    ("haml", 66.7),
    ("hylang", 86.9),
    ("objective_c", 88.9),
    ("objective_cpp", 86.0),
    ("ocaml", 93.8),
    ("pascal", 91.0),
    ("properties", 89.5),
    ("racket", 82.4),
    ("scheme", 88.7),
];

/// One sample's per-character agreement with Rouge.
struct Agreement {
    file: String,
    chars: usize,
    /// Characters the syntect fallback classes as Rouge does.
    syntect: usize,
    /// Characters Rouge leaves unclassed (what plain text gets right).
    plain: usize,
}

/// The agreement of every sample of a language the fallback knows (enabled or not), by tag.
fn fallback_agreement() -> BTreeMap<String, Vec<Agreement>> {
    let goldens = goldens();
    let mut per_lang: BTreeMap<String, Vec<Agreement>> = BTreeMap::new();
    for case in goldens["cases"].as_array().unwrap() {
        if case["format"] != "html" {
            continue;
        }
        let file = case["file"].as_str().unwrap();
        let lang = case["lang"].as_str().unwrap();
        let code = std::fs::read_to_string(Path::new("tests/fixtures/highlight").join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let Some(lexer) = Lexer::find_fancy(lang).filter(|l| !l.is_native()) else {
            continue;
        };
        let Some(tokens) = hyde::highlight::syntect_tokens(lexer.tag(), &code) else {
            continue;
        };
        let (rouge_text, rouge) = html_classes(case["output"].as_str().unwrap());
        assert_eq!(rouge_text, code, "{file}: reading Rouge's HTML");
        let ours: Vec<&str> = tokens
            .as_slice()
            .iter()
            .flat_map(|(tok, val)| val.chars().map(|_| tok.shortname()))
            .collect();
        assert_eq!(
            ours.len(),
            rouge.len(),
            "{file}: the fallback changed the text"
        );
        per_lang
            .entry(lexer.tag().to_string())
            .or_default()
            .push(Agreement {
                file: file.to_string(),
                chars: rouge.len(),
                syntect: rouge.iter().zip(&ours).filter(|(a, b)| a == *b).count(),
                plain: rouge.iter().filter(|c| c.is_empty()).count(),
            });
    }
    per_lang
}

/// The syntect fallback against Rouge. For every language it highlights, its output has
/// Rouge's text and markup around the tokens (span classes aside), and agrees with Rouge's
/// classes on at least the language's floor of characters. Prints the agreement of every
/// language it knows, against plain text's: the table in docs/highlighting.md, reproduced
/// with `cargo test --test highlight fallback_agrees_with_rouge -- --nocapture`.
#[test]
fn fallback_agrees_with_rouge() {
    let goldens = goldens();
    for case in goldens["cases"].as_array().unwrap() {
        let file = case["file"].as_str().unwrap();
        let lang = case["lang"].as_str().unwrap();
        let lexer = Lexer::find_fancy(lang).unwrap_or_else(Lexer::plaintext);
        if !lexer.is_fallback() {
            continue;
        }
        let code = std::fs::read_to_string(Path::new("tests/fixtures/highlight").join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let actual = match case["format"].as_str().unwrap() {
            "html" => format_html(&lexer.lex(&code)),
            _ => format_table(&lexer.lex(jekyll_strip(&code)), &TableOptions::jekyll()),
        };
        assert_eq!(
            strip_spans(&actual),
            strip_spans(case["output"].as_str().unwrap()),
            "{file} {}: text or markup differs from Rouge's",
            case["format"]
        );
    }

    let per_lang = fallback_agreement();
    let pct = |n: usize, of: usize| 100.0 * n as f64 / of as f64;
    eprintln!("| language | characters | syntect | plain text | fallback |");
    eprintln!("| --- | ---: | ---: | ---: | --- |");
    let mut below = Vec::new();
    for (tag, samples) in &per_lang {
        let chars: usize = samples.iter().map(|s| s.chars).sum();
        let syntect = pct(samples.iter().map(|s| s.syntect).sum(), chars);
        let plain = pct(samples.iter().map(|s| s.plain).sum(), chars);
        let enabled = Lexer::find(tag).unwrap().is_fallback();
        eprintln!(
            "| {tag} | {chars} | {syntect:.1}% | {plain:.1}% | {} |",
            if enabled { "yes" } else { "no" }
        );
        let floor = FALLBACK_FLOORS.iter().find(|(t, _)| t == tag).map(|f| f.1);
        match (enabled, floor) {
            (true, Some(floor)) if syntect < floor => {
                below.push(format!("{tag}: {syntect:.1}% < {floor}%"))
            }
            (true, None) => below.push(format!("{tag}: enabled without a floor")),
            (false, Some(_)) => below.push(format!("{tag}: a floor but not enabled")),
            _ => {}
        }
    }
    eprintln!("\nper sample (syntect / plain text):");
    for samples in per_lang.values() {
        for s in samples {
            eprintln!(
                "{}: {:.1}% / {:.1}%",
                s.file,
                pct(s.syntect, s.chars),
                pct(s.plain, s.chars)
            );
        }
    }
    for (tag, _) in FALLBACK_FLOORS {
        if !per_lang.contains_key(*tag) {
            below.push(format!("{tag}: no samples"));
        }
    }
    assert!(below.is_empty(), "{below:?}");
}
