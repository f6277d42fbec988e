//! No input may panic the Liquid engine: random templates built from Liquid's own pieces
//! (tags, outputs, filters, operators, quotes, whitespace control, broken delimiters) are
//! parsed and rendered in every error mode; each must give output or an error.

use hyde::liquid::{Context, Engine, ErrorMode};
use hyde::value::{Hash, Value};

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "{{",
    "}}",
    "{%",
    "%}",
    "{{-",
    "-}}",
    "{%-",
    "-%}",
    " ",
    "\n",
    "\t",
    "x",
    "y.z",
    "a[0]",
    "a[-1]",
    "'s'",
    "\"q\"",
    "'",
    "\"",
    "1",
    "-2",
    "3.5",
    "(1..3)",
    "(x..y)",
    "|",
    ":",
    ",",
    "==",
    "!=",
    "<",
    ">=",
    "contains",
    "and",
    "or",
    "if",
    "elsif",
    "else",
    "endif",
    "unless",
    "endunless",
    "for",
    "in",
    "endfor",
    "case",
    "when",
    "endcase",
    "assign",
    "=",
    "capture",
    "endcapture",
    "cycle",
    "tablerow",
    "endtablerow",
    "raw",
    "endraw",
    "comment",
    "endcomment",
    "increment",
    "decrement",
    "liquid",
    "echo",
    "#",
    "break",
    "continue",
    "include",
    "render",
    "with",
    "as",
    "limit:",
    "offset:",
    "reversed",
    "cols:",
    "upcase",
    "append",
    "plus",
    "divided_by",
    "slice",
    "truncate",
    "date",
    "split",
    "join",
    "sort",
    "map",
    "where",
    "default",
    "size",
    "first",
    "last",
    "nil",
    "empty",
    "blank",
    "true",
    "é",
    "日本",
    "\u{0}",
    "[",
    "]",
    "(",
    ")",
    ".",
    "..",
    "%",
    "{",
    "}",
];

fn globals() -> Value {
    let mut h = Hash::default();
    h.insert("x".into(), Value::Int(3));
    h.insert(
        "y".into(),
        Value::from(vec![Value::str("a"), Value::Int(1), Value::Nil]),
    );
    h.insert(
        "a".into(),
        Value::from(vec![Value::Float(1.5), Value::str("é")]),
    );
    Value::from(h)
}

#[test]
fn random_templates_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let modes = [ErrorMode::Lax, ErrorMode::Warn, ErrorMode::Strict];
    for i in 0..6000 {
        let len = 1 + (rng.next() % 40) as usize;
        let src: String = (0..len).map(|_| rng.pick(PIECES)).collect();
        let mut engine = Engine::liquid();
        engine.options.error_mode = modes[i % 3];
        engine.options.strict_variables = i % 5 == 0;
        let result = std::panic::catch_unwind(|| {
            if let Ok(t) = engine.parse(&src, "fuzz") {
                let mut ctx = Context::new(&engine, globals());
                let _ = t.render(&mut ctx);
            }
        });
        assert!(result.is_ok(), "panic on template {src:?}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let engine = Engine::liquid();
    let src = "{% if true %}".repeat(5000);
    assert!(engine.parse(&src, "deep").is_err());
    let src = "{% for i in (1..1) %}".repeat(200) + &"{% endfor %}".repeat(200);
    assert!(engine.parse(&src, "deep").is_err());
}

/// Partials that include themselves: a clear error, never a stack overflow.
#[test]
fn include_loops_are_bounded() {
    use hyde::liquid::{Error, ErrorKind, FileSystem, Template};
    use std::sync::Arc;
    struct Loop;
    impl FileSystem for Loop {
        fn read_template(&self, engine: &Engine, name: &str) -> Result<Arc<Template>, Error> {
            let src = match name {
                "a" => {
                    "a{% for i in (1..2) %}{% if true %}{% include 'b' %}{% endif %}{% endfor %}"
                }
                "b" => "b{% include 'a' %}",
                _ => return Err(Error::new(ErrorKind::FileSystem, "missing")),
            };
            engine.parse(src, name).map(Arc::new)
        }
    }
    let engine = Engine::liquid();
    let t = engine.parse("{% include 'a' %}", "page").expect("parses");
    let mut ctx = Context::new(&engine, Value::Nil);
    ctx.set_file_system(Arc::new(Loop));
    let err = t.render(&mut ctx).expect_err("loop detected");
    assert!(err.message.contains("Nesting too deep"), "{err}");
}

/// Inputs the fuzzer (`fuzz/`, target `liquid`) found panicking: loops over ranges as large as
/// integers go. Ruby Liquid takes only the items a `limit`/`offset` slice asks for; a loop that
/// would expand billions of integers is an error in hyde (Ruby grinds on until memory runs out).
#[test]
fn fuzz_regressions_huge_ranges() {
    let engine = Engine::jekyll();
    let render = |src: &str| {
        std::panic::catch_unwind(|| engine.render_str(src, Value::Nil))
            .unwrap_or_else(|_| panic!("panic on {src:?}"))
    };
    let ok = |src: &str| render(src).unwrap_or_else(|e| panic!("{src:?}: {e}"));
    assert_eq!(
        ok("{% for i in (1..9223372036854775807) limit: 2 %}{{ i }},{% endfor %}"),
        "1,2,"
    );
    assert_eq!(
        ok(
            "{% for i in (-9223372036854775808..9223372036854775807) limit: 2 %}{{ i }},{% endfor %}"
        ),
        "-9223372036854775808,-9223372036854775807,"
    );
    assert_eq!(
        ok(
            "{% for i in (1..9223372036854775807) offset: 9223372036854775805 %}{{ i }},{% endfor %}"
        ),
        "9223372036854775806,9223372036854775807,"
    );
    assert_eq!(
        ok("{% for i in (1..3) limit: 9223372036854775807 offset: 2 %}{{ i }}{% endfor %}"),
        "3"
    );
    assert_eq!(
        ok(
            "{% tablerow i in (1..3) limit: 9223372036854775807 offset: 9223372036854775807 %}{{ i }}{% endtablerow %}"
        ),
        "<tr class=\"row1\">\n</tr>\n"
    );
    assert_eq!(
        ok("{% tablerow i in (1..9223372036854775807) limit: 2 %}{{ i }}{% endtablerow %}"),
        "<tr class=\"row1\">\n<td class=\"col1\">1</td><td class=\"col2\">2</td></tr>\n"
    );
    // Ruby's size is a Bignum here; hyde's is at least not an overflow.
    assert!(
        ok("{% assign r = (-1..9223372036854775807) %}{{ r.size }}")
            .parse::<i64>()
            .is_ok()
    );
    for src in [
        "{% for i in (1..9223372036854775807) %}{{ i }}{% endfor %}",
        "{% for i in (-9223372036854775808..9223372036854775807) reversed %}{% endfor %}",
        "{% tablerow i in (0..9223372036854775807) %}{% endtablerow %}",
        "{% assign r = (1..9223372036854775807) %}{{ r | sort | first }}",
        "{% assign r = (1..9223372036854775807) %}{{ r | group_by: 'x' }}",
        "{% assign r = (1..9223372036854775807) %}{{ r | where: 'x', 1 }}",
        "{% assign r = (1..9223372036854775807) %}{{ r | join: ',' }}",
    ] {
        let out = render(src);
        let message = match &out {
            Ok(o) => o.clone(),
            Err(e) => e.to_string(),
        };
        assert!(message.contains("too large to expand"), "{src:?}: {out:?}");
    }
}

/// Ruby Liquid's resource limits, unset in Jekyll and in hyde's build, stop templates that
/// are slow or large by design (the fuzzer sets them): loops within loops, a string doubled
/// until memory runs out, output without end.
#[test]
fn resource_limits_stop_runaway_templates() {
    use hyde::liquid::ResourceLimits;
    let engine = Engine::jekyll();
    let limited = |src: &str| {
        let t = engine.parse(src, "limited").expect("parses");
        let mut ctx = Context::new(&engine, Value::Nil);
        ctx.set_resource_limits(ResourceLimits {
            render_score_limit: Some(10_000),
            render_length_limit: Some(1 << 16),
            value_length_limit: Some(1 << 12),
            deadline: None,
        });
        t.render(&mut ctx)
    };
    for src in [
        "{% for a in (1..1000) %}{% for b in (1..1000) %}{% endfor %}{% endfor %}",
        "{% assign s = 'ab' %}{% for i in (1..64) %}{% assign s = s | append: s %}{% endfor %}",
        "{% for i in (1..5000) %}0123456789abcdefghij{% endfor %}",
        "{{ 'abc' | split: '' | join: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' | split: '' | join: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }}",
    ] {
        let err = limited(src).expect_err(src);
        assert!(
            err.message.contains("Memory limits exceeded"),
            "{src}: {err}"
        );
    }
    assert_eq!(
        limited("{% for i in (1..3) %}{{ i | plus: 1 }}{% endfor %}").expect("renders"),
        "234"
    );
    // Without limits (Jekyll's and hyde's build) the same nested loops run to the end.
    let out = engine
        .render_str(
            "{% for a in (1..200) %}{% for b in (1..200) %}x{% endfor %}{% endfor %}",
            Value::Nil,
        )
        .expect("renders");
    assert_eq!(out.len(), 40_000);
}
