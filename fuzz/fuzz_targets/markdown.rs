//! kramdown Markdown as hyde converts a page: the site's converter (hyde's kramdown engine
//! with Rouge-compatible highlighting), under one of several `kramdown:` settings chosen by
//! the first byte (GFM or kramdown input, HTML parsed inside block and span elements, hard
//! wraps, math, header offsets, line numbers...). The rest is the document.

#![no_main]

use hyde::convert::Converters;
use hyde::value::Value;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static CONVERTERS: LazyLock<Vec<Converters>> = LazyLock::new(|| {
    let base = hyde_fuzz::empty_site_config();
    let variants: Vec<Vec<(&str, Value)>> = vec![
        // Jekyll's defaults.
        vec![],
        vec![("input", Value::str("kramdown"))],
        vec![
            ("parse_block_html", Value::Bool(true)),
            ("parse_span_html", Value::Bool(true)),
            ("hard_wrap", Value::Bool(true)),
            ("auto_id_prefix", Value::str("id-")),
            ("transliterated_header_ids", Value::Bool(true)),
        ],
        vec![
            ("input", Value::str("kramdown")),
            ("math_engine", Value::str("mathjax")),
            ("entity_output", Value::str("numeric")),
            ("header_offset", Value::Int(3)),
            ("footnote_nr", Value::Int(-2)),
            ("smart_quotes", Value::str("lsquo,rsquo,ldquo,rdquo")),
            ("guess_lang", Value::Bool(true)),
            ("footnote_backlink_inline", Value::Bool(true)),
        ],
        vec![
            ("auto_ids", Value::Bool(false)),
            ("syntax_highlighter_opts", {
                let mut h = hyde::value::Hash::default();
                h.insert("disable".into(), Value::Bool(true));
                Value::from(h)
            }),
            ("remove_line_breaks_for_cjk", Value::Bool(true)),
            (
                "gfm_quirks",
                Value::str("paragraph_end,no_auto_typographic"),
            ),
            ("toc_levels", Value::str("2..3")),
        ],
    ];
    variants
        .iter()
        .map(|v| Converters::new(&hyde_fuzz::with_setting(&base, "kramdown", v)))
        .collect()
});

fuzz_target!(|data: &[u8]| {
    let Some((flags, src)) = hyde_fuzz::flags_and_text(data) else {
        return;
    };
    let converters = &CONVERTERS[flags as usize % CONVERTERS.len()];
    let _ = converters.markdownify(src);
});
