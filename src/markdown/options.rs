//! kramdown's options, with the defaults Jekyll 4.3 passes (its `kramdown:` configuration).

use crate::value::{Hash, Value};

/// How entities are written out (kramdown's `entity_output`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityOutput {
    /// As the character where possible (Jekyll's default).
    AsChar,
    /// As written in the input where possible.
    AsInput,
    /// As numeric references.
    Numeric,
    /// As named references where a name exists.
    Symbolic,
}

/// One of the four smart-quote entities (`smart_quotes`): a name (`lsquo`) or a code point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SmartQuote {
    /// A named entity such as `rsquo`.
    Name(String),
    /// A code point.
    CodePoint(u32),
}

/// The `kramdown:` options Jekyll hands to kramdown. `Default` gives Jekyll's defaults (GFM
/// input, auto ids, as-char entities, curly smart quotes, no hard wrap, Rouge as highlighter).
#[derive(Clone, Debug)]
pub struct Options {
    /// `input`: `GFM` (Jekyll's default) or `kramdown`.
    pub input: String,
    /// `auto_ids`: give headers an id derived from their text.
    pub auto_ids: bool,
    /// `auto_id_prefix`: prepended to generated header ids.
    pub auto_id_prefix: String,
    /// `transliterated_header_ids`: transliterate to ASCII before generating an id.
    pub transliterated_header_ids: bool,
    /// `parse_block_html`: parse Markdown inside block HTML elements.
    pub parse_block_html: bool,
    /// `parse_span_html`: parse Markdown inside span HTML elements.
    pub parse_span_html: bool,
    /// `html_to_native`: convert HTML elements to native elements (not supported; kept for
    /// configuration fidelity).
    pub html_to_native: bool,
    /// `link_defs`: predefined link definitions (id, url, title).
    pub link_defs: Vec<(String, String, Option<String>)>,
    /// `footnote_nr`: number of the first footnote.
    pub footnote_nr: i64,
    /// `entity_output`.
    pub entity_output: EntityOutput,
    /// `toc_levels`: header levels that go into a `{:toc}`.
    pub toc_levels: Vec<u8>,
    /// `smart_quotes`: left single, right single, left double, right double.
    pub smart_quotes: [SmartQuote; 4],
    /// `typographic_symbols`: replacement text per symbol (`mdash`, `hellip`, ...).
    pub typographic_symbols: Vec<(String, String)>,
    /// `header_offset`: added to every header level.
    pub header_offset: i32,
    /// `syntax_highlighter`: `None` disables highlighting altogether.
    pub syntax_highlighter: Option<String>,
    /// `syntax_highlighter_opts.default_lang` (Jekyll: `plaintext`).
    pub default_lang: Option<String>,
    /// `syntax_highlighter_opts.disable`.
    pub highlighter_disable: bool,
    /// `guess_lang`.
    pub guess_lang: bool,
    /// `math_engine`: `mathjax` or `None` (math kept as written).
    pub math_engine: Option<String>,
    /// `footnote_backlink`: the backlink text (HTML).
    pub footnote_backlink: String,
    /// `footnote_backlink_inline`.
    pub footnote_backlink_inline: bool,
    /// `footnote_prefix`: prepended to footnote ids.
    pub footnote_prefix: String,
    /// `remove_line_breaks_for_cjk`.
    pub remove_line_breaks_for_cjk: bool,
    /// `hard_wrap` (GFM parser): every newline is a line break.
    pub hard_wrap: bool,
    /// `gfm_quirks` (GFM parser): `paragraph_end`, `no_auto_typographic`.
    pub gfm_quirks: Vec<String>,
}

impl Default for Options {
    fn default() -> Options {
        let q = |s: &str| SmartQuote::Name(s.to_string());
        Options {
            input: "GFM".into(),
            auto_ids: true,
            auto_id_prefix: String::new(),
            transliterated_header_ids: false,
            parse_block_html: false,
            parse_span_html: true,
            html_to_native: false,
            link_defs: Vec::new(),
            footnote_nr: 1,
            entity_output: EntityOutput::AsChar,
            toc_levels: (1..=6).collect(),
            smart_quotes: [q("lsquo"), q("rsquo"), q("ldquo"), q("rdquo")],
            typographic_symbols: Vec::new(),
            header_offset: 0,
            syntax_highlighter: Some("rouge".into()),
            default_lang: Some("plaintext".into()),
            highlighter_disable: false,
            guess_lang: true,
            math_engine: Some("mathjax".into()),
            footnote_backlink: "&#8617;".into(),
            footnote_backlink_inline: false,
            footnote_prefix: String::new(),
            remove_line_breaks_for_cjk: false,
            hard_wrap: false,
            gfm_quirks: vec!["paragraph_end".into()],
        }
    }
}

impl Options {
    /// Whether the GFM parser is used (`input: GFM`).
    pub fn is_gfm(&self) -> bool {
        self.input.eq_ignore_ascii_case("gfm")
    }

    /// Applies one `{::options key="value" /}` setting as kramdown's `Options.parse` would.
    /// Returns false for an unknown option or a value kramdown would reject (then nothing
    /// changes).
    pub(crate) fn set_inline(&mut self, key: &str, value: &str) -> bool {
        let boolean = |v: &str| {
            let v = v.trim().to_ascii_lowercase();
            v != "false" && !v.is_empty()
        };
        let symbol = |v: &str| -> Option<String> {
            let v = v.trim();
            let v = v.strip_prefix(':').unwrap_or(v);
            (!v.is_empty() && v != "nil").then(|| v.to_string())
        };
        match key {
            "auto_ids" => self.auto_ids = boolean(value),
            "auto_id_prefix" => self.auto_id_prefix = value.to_string(),
            "transliterated_header_ids" => self.transliterated_header_ids = boolean(value),
            "parse_block_html" => self.parse_block_html = boolean(value),
            "parse_span_html" => self.parse_span_html = boolean(value),
            "html_to_native" => self.html_to_native = boolean(value),
            "footnote_nr" => match value.trim().parse() {
                Ok(n) => self.footnote_nr = n,
                Err(_) => return false,
            },
            "entity_output" => {
                self.entity_output = match symbol(value).as_deref() {
                    Some("as_input") => EntityOutput::AsInput,
                    Some("numeric") => EntityOutput::Numeric,
                    Some("symbolic") => EntityOutput::Symbolic,
                    _ => EntityOutput::AsChar,
                }
            }
            "header_offset" => match value.trim().parse() {
                Ok(n) => self.header_offset = n,
                Err(_) => return false,
            },
            "syntax_highlighter" => self.syntax_highlighter = symbol(value),
            "math_engine" => self.math_engine = symbol(value),
            "footnote_backlink" => self.footnote_backlink = value.to_string(),
            "footnote_backlink_inline" => self.footnote_backlink_inline = boolean(value),
            "footnote_prefix" => self.footnote_prefix = value.to_string(),
            "remove_line_breaks_for_cjk" => self.remove_line_breaks_for_cjk = boolean(value),
            "hard_wrap" => self.hard_wrap = boolean(value),
            "toc_levels" => {
                let v = value.trim();
                let b = v.as_bytes();
                let levels: Vec<u8> = if b.len() == 4
                    && b[0].is_ascii_digit()
                    && &v[1..3] == ".."
                    && b[3].is_ascii_digit()
                {
                    (b[0] - b'0'..=b[3] - b'0').collect()
                } else if !v.is_empty()
                    && v.split(',')
                        .all(|p| p.len() == 1 && p.as_bytes()[0].is_ascii_digit())
                {
                    let mut out: Vec<u8> = Vec::new();
                    for p in v.split(',') {
                        let n = p.as_bytes()[0] - b'0';
                        if !out.contains(&n) {
                            out.push(n);
                        }
                    }
                    out
                } else {
                    return false;
                };
                if levels.iter().any(|l| !(1..=6).contains(l)) {
                    return false;
                }
                self.toc_levels = levels;
            }
            "smart_quotes" => {
                let parts: Vec<&str> = value.split(',').collect();
                if parts.len() != 4 {
                    return false;
                }
                let conv = |p: &str| match p.parse::<u32>() {
                    Ok(n) => SmartQuote::CodePoint(n),
                    Err(_) => SmartQuote::Name(p.to_string()),
                };
                self.smart_quotes = [
                    conv(parts[0]),
                    conv(parts[1]),
                    conv(parts[2]),
                    conv(parts[3]),
                ];
            }
            // Options kramdown knows but that do not change HTML output.
            "template"
            | "line_width"
            | "latex_headers"
            | "remove_block_html_tags"
            | "remove_span_html_tags"
            | "list_indent"
            | "auto_id_stripping"
            | "forbidden_inline_options"
            | "gfm_quirks"
            | "syntax_highlighter_opts"
            | "math_engine_opts"
            | "typographic_symbols"
            | "link_defs"
            | "input" => {}
            _ => return false,
        }
        true
    }
}

/// Ruby's `to_s` of a configuration value, as kramdown's option parser sees it.
fn value_str(v: &Value) -> String {
    match v {
        Value::Nil => String::new(),
        other => other.to_ruby_s(),
    }
}

/// kramdown's Boolean option parsing: `false` (any case) and empty are false.
fn value_bool(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        other => {
            let s = value_str(other).trim().to_ascii_lowercase();
            s != "false" && !s.is_empty()
        }
    }
}

/// A comma-separated string or an array, as kramdown's `simple_array_validator` takes it.
fn value_list(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().map(value_str).collect(),
        other => value_str(other).split(',').map(str::to_string).collect(),
    }
}

impl Options {
    /// The options Jekyll 4.3's kramdown converter builds from a site configuration: the
    /// `kramdown:` hash over Jekyll's defaults, the syntax highlighter from
    /// `kramdown.syntax_highlighter`, else `highlighter` (`rouge`), and Rouge's `default_lang`
    /// (`plaintext`) and `guess_lang` as Jekyll sets them. Values kramdown would reject keep
    /// their defaults.
    pub fn from_site_config(config: &Value) -> Options {
        let mut o = Options::default();
        let k = config.get("kramdown").unwrap_or(Value::Nil);
        let get = |key: &str| k.get(key).filter(|v| !v.is_nil());
        if let Some(Value::Hash(h)) = Some(&k) {
            for (key, v) in h.iter() {
                match (key.as_str(), v) {
                    // Jekyll replaces a nil highlighter; kramdown reads other nils as "".
                    ("syntax_highlighter", Value::Nil) => {}
                    (key, Value::Nil) => {
                        o.set_inline(key, "");
                    }
                    ("toc_levels", Value::Array(a)) => {
                        let levels: Vec<u8> = a
                            .iter()
                            .filter_map(|x| value_str(x).trim().parse::<u8>().ok())
                            .collect();
                        if !levels.is_empty() && levels.iter().all(|l| (1..=6).contains(l)) {
                            let mut uniq = Vec::new();
                            for l in levels {
                                if !uniq.contains(&l) {
                                    uniq.push(l);
                                }
                            }
                            o.toc_levels = uniq;
                        }
                    }
                    ("toc_levels", Value::Range(a, b)) => {
                        if (1..=6).contains(a) && (1..=6).contains(b) {
                            o.toc_levels = (*a as u8..=*b as u8).collect();
                        }
                    }
                    ("smart_quotes", Value::Array(_)) => {
                        let parts = value_list(v);
                        o.set_inline("smart_quotes", &parts.join(","));
                    }
                    ("gfm_quirks", _) => {
                        o.gfm_quirks = value_list(v)
                            .iter()
                            .map(|q| q.trim().trim_start_matches(':').to_string())
                            .collect();
                    }
                    ("input", _) => o.input = value_str(v),
                    ("typographic_symbols", Value::Hash(t)) => {
                        o.typographic_symbols = t
                            .iter()
                            .map(|(a, b)| (a.trim_start_matches(':').to_string(), value_str(b)))
                            .collect();
                    }
                    ("link_defs", Value::Hash(t)) => {
                        o.link_defs = t
                            .iter()
                            .filter_map(|(id, d)| {
                                // Configuration values are never ranges.
                                let parts = d.to_list().unwrap_or_default();
                                let url = value_str(parts.first()?);
                                let title = parts.get(1).filter(|t| !t.is_nil()).map(value_str);
                                Some((id.clone(), url, title))
                            })
                            .collect();
                    }
                    (key, Value::Bool(_)) => {
                        o.set_inline(key, if value_bool(v) { "true" } else { "false" });
                    }
                    (key, _) => {
                        o.set_inline(key, &value_str(v));
                    }
                }
            }
        }
        // Jekyll: kramdown.syntax_highlighter || (enable_coderay ? coderay : highlighter || rouge)
        o.syntax_highlighter = match get("syntax_highlighter") {
            Some(v) => Some(value_str(&v)),
            None if get("enable_coderay").is_some_and(|v| v.truthy()) => Some("coderay".into()),
            None => Some(
                config
                    .get("highlighter")
                    .filter(|v| !v.is_nil())
                    .map_or("rouge".into(), |v| value_str(&v)),
            ),
        };
        let hl_opts = get("syntax_highlighter_opts").unwrap_or(Value::Nil);
        o.default_lang = Some(
            hl_opts
                .get("default_lang")
                .filter(|v| !v.is_nil())
                .map_or("plaintext".into(), |v| value_str(&v)),
        );
        o.highlighter_disable = hl_opts.get("disable").is_some_and(|v| v.truthy());
        o.guess_lang = get("guess_lang").is_none_or(|v| v.truthy());
        o
    }
}

/// `site.kramdown` once Jekyll's `KramdownParser` has set itself up (it writes into the
/// configuration's hash): `syntax_highlighter`, `syntax_highlighter_opts` (`default_lang`,
/// `guess_lang`) and `coderay` filled in, and legacy `coderay` options moved over. `None`
/// when the site converts Markdown with another engine or has no `kramdown` hash.
pub fn kramdown_after_setup(config: &crate::config::Config) -> Option<Value> {
    if !config.string("markdown").eq_ignore_ascii_case("kramdown") {
        return None;
    }
    let Some(Value::Hash(kd)) = config.get("kramdown") else {
        return None;
    };
    let mut kd = (**kd).clone();
    let truthy = |v: Option<&Value>| v.is_some_and(Value::truthy);
    if !truthy(kd.get("syntax_highlighter")) {
        let highlighter = if truthy(kd.get("enable_coderay")) {
            Value::str("coderay")
        } else {
            match config.get("highlighter") {
                Some(h) if h.truthy() => h.clone(),
                _ => Value::str("rouge"),
            }
        };
        kd.insert("syntax_highlighter".into(), highlighter);
    }
    let mut opts = match kd.get("syntax_highlighter_opts") {
        Some(Value::Hash(h)) => (**h).clone(),
        _ => Hash::default(),
    };
    if !truthy(opts.get("default_lang")) {
        opts.insert("default_lang".into(), Value::str("plaintext"));
    }
    opts.insert(
        "guess_lang".into(),
        kd.get("guess_lang").cloned().unwrap_or_default(),
    );
    kd.insert("syntax_highlighter_opts".into(), Value::from(opts.clone()));
    if !truthy(kd.get("coderay")) {
        kd.insert("coderay".into(), Value::from(Hash::default()));
    }
    // Legacy `coderay:` options become highlighter options, `coderay_` prefixes dropped.
    if let Some(Value::Hash(coderay)) = kd.get("coderay")
        && !coderay.is_empty()
    {
        let defaults: [(&str, Value); 6] = [
            ("css", Value::str("style")),
            ("bold_every", Value::Int(10)),
            ("line_numbers", Value::str("inline")),
            ("line_number_start", Value::Int(1)),
            ("tab_width", Value::Int(4)),
            ("wrap", Value::str("div")),
        ];
        let mut merged = opts.clone();
        for (k, v) in defaults {
            merged.insert(k.into(), v);
        }
        for (k, v) in coderay.iter() {
            merged.insert(k.clone(), v.clone());
        }
        opts = Hash::default();
        for (k, v) in merged {
            let key = k.strip_prefix("coderay_").unwrap_or(&k).to_string();
            opts.insert(key, v);
        }
        kd.insert("syntax_highlighter_opts".into(), Value::from(opts));
    }
    Some(Value::from(kd))
}
