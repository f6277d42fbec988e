//! YAML read as Ruby's Psych reads it for Jekyll (`Psych.safe_load` with `Date` and `Time`
//! permitted and aliases allowed): YAML 1.1 scalars (`yes`/`on` are true, `010` is octal,
//! `12:30` is sexagesimal), dates and times, anchors, aliases and `<<` merge keys.
//!
//! Parsing is done by `saphyr-parser`, a maintained pure-Rust YAML event parser with line and
//! column information (serde_yaml is deprecated upstream); turning scalars into values follows
//! Psych's `ScalarScanner` in [`scalar`].

mod scalar;

use crate::diag::Diagnostic;
use crate::value::{Hash, Value};
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// A YAML error with its position, worded like Psych's where it can be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// What is wrong.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for YamlError {}

impl YamlError {
    /// A rustc-style report for this error in `path`, whose text is `source` (the lines
    /// count in the same text the YAML was read from).
    pub fn diagnostic(&self, path: &std::path::Path, source: Option<&str>) -> Diagnostic {
        let mut d = Diagnostic::new(&self.message).at(
            crate::diag::shown_path(path),
            self.line,
            Some(self.column),
            source,
        );
        // libyaml (and saphyr) report where the scalar before the tab starts.
        if self.message.contains("tab")
            && let Some(n) = source.and_then(|src| {
                src.lines()
                    .enumerate()
                    .skip(self.line.saturating_sub(1))
                    .take(50)
                    .find(|(_, l)| {
                        l.starts_with([' ', '\t'])
                            && l.chars()
                                .take_while(|c| c.is_whitespace())
                                .any(|c| c == '\t')
                    })
                    .map(|(i, _)| i + 1)
            })
        {
            d = d.note(format!("line {n} is indented with a tab"));
        }
        if let Some((l, c)) = source
            .and_then(|src| unclosed_bracket(src, self.line, self.column))
            .filter(|&at| at != (self.line, self.column))
        {
            d = d
                .note(format!(
                    "a bracket opened at line {l} column {c} is not closed"
                ))
                .hint("close the bracket (or quote a value that starts with `[` or `{`)");
        } else if let Some(h) = self.hint() {
            d = d.hint(h);
        }
        d
    }

    /// [`YamlError::diagnostic`] reading the file itself.
    pub fn report(&self, path: &std::path::Path) -> String {
        let text = std::fs::read(path)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned());
        self.diagnostic(path, text.as_deref()).render()
    }

    /// What usually fixes this error.
    pub fn hint(&self) -> Option<&'static str> {
        let m = self.message.as_str();
        Some(if m.contains("tab") {
            "YAML does not allow tabs for indentation: indent with spaces"
        } else if m.contains("flow sequence") {
            "close the list with `]` (or quote a value that starts with `[`)"
        } else if m.contains("flow mapping") {
            "close the mapping with `}` (or quote a value that starts with `{`)"
        } else if m.contains("quoted scalar") {
            "close the quote, or escape the quote inside the value"
        } else if m.contains("mapping values are not allowed") || m.contains("':'") {
            "quote a value that contains `: `, or check the indentation of the key"
        } else if m.contains("did not find expected key") || m.contains("indentation") {
            "check the indentation: keys of one mapping line up"
        } else if m.contains("duplicate key") || m.contains("duplicated") {
            "each key may appear once in a mapping"
        } else {
            return None;
        })
    }

    fn at(message: impl Into<String>, span: Span) -> Self {
        YamlError {
            message: message.into(),
            line: span.start.line(),
            column: span.start.col() + 1,
        }
    }

    fn scan(e: &ScanError) -> Self {
        YamlError {
            message: libyaml_order(e.info()),
            line: e.marker().line(),
            column: e.marker().col() + 1,
        }
    }
}

/// libyaml (which Psych wraps, and Jekyll's messages show) puts the problem first: saphyr's
/// "while parsing a block mapping, did not find expected key" reads there as "did not find
/// expected key while parsing a block mapping".
fn libyaml_order(info: &str) -> String {
    match info.strip_prefix("while ").and_then(|r| r.split_once(", ")) {
        Some((context, problem)) => format!("{problem} while {context}"),
        None => info.to_string(),
    }
}

/// Stands in for U+FEFF inside a document while saphyr parses it (a noncharacter, which no
/// real text contains).
const BOM_STAND_IN: &str = "\u{fdd0}";

/// Loads the first document of `src` (an empty document is `nil`, as in Psych).
pub fn load(src: &str) -> Result<Value, YamlError> {
    match load_strict(src) {
        // libyaml (under Psych) accepts quoted scalars whose continuation lines are less
        // indented than their key, which the YAML spec and saphyr do not; real sites have
        // them. Indenting those lines does not change the value (folding drops leading
        // spaces), so retry once with them indented.
        Err(e) if e.message.contains("indentation in quoted scalar") => {
            load_strict(&indent_quoted_continuations(src)).map_err(|_| e)
        }
        Err(e) if e.message.contains("while parsing a flow") => Err(at_open_bracket(src, e)),
        r => r,
    }
}

/// An unclosed `[` or `{` is noticed where the text ends; libyaml, and so Jekyll, reports
/// where it was opened, which is where the fix is.
fn at_open_bracket(src: &str, mut e: YamlError) -> YamlError {
    if let Some((line, column)) = unclosed_bracket(src, e.line, e.column) {
        (e.line, e.column) = (line, column);
    }
    e
}

/// The `[` or `{` still open at `line`:`column` of `src`, if any.
fn unclosed_bracket(src: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let e = YamlError {
        message: String::new(),
        line,
        column,
    };
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut quote: Option<char> = None;
    'lines: for (i, text) in src.lines().enumerate().take(e.line) {
        let mut prev = ' ';
        for (col, c) in text.chars().enumerate() {
            if i + 1 == e.line && col + 1 >= e.column {
                break 'lines;
            }
            match (quote, c) {
                (Some(q), _) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if !open.is_empty() || prev == ' ' => quote = Some(c),
                (None, '#') if prev == ' ' || prev == '\t' => break,
                (None, '[' | '{') => open.push((i + 1, col + 1)),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
            prev = c;
        }
    }
    open.last().copied()
}

/// Indents the continuation lines of multi-line quoted scalars by two spaces.
fn indent_quoted_continuations(src: &str) -> String {
    let mut out = String::with_capacity(src.len() + 64);
    let mut quote: Option<char> = None;
    for line in src.split_inclusive('\n') {
        if quote.is_some() {
            out.push_str("  ");
        }
        let mut prev = ' ';
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match quote {
                Some('"') if c == '\\' => {
                    chars.next();
                }
                Some(q) if c == q => {
                    if q == '\'' && chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
                Some(_) => {}
                // A quote opens a scalar only where a value starts.
                None if (c == '"' || c == '\'')
                    && matches!(prev, ' ' | ':' | '-' | '[' | '{' | ',') =>
                {
                    quote = Some(c)
                }
                None if c == '#' && prev == ' ' => break,
                None => {}
            }
            if !c.is_whitespace() || quote.is_none() {
                prev = c;
            }
        }
        out.push_str(line);
    }
    out
}

fn load_strict(src: &str) -> Result<Value, YamlError> {
    // Psych ignores a leading byte-order mark, and keeps one inside a scalar as a character;
    // saphyr refuses the latter, so it is swapped for a noncharacter while parsing.
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let swapped;
    let src = if src.contains('\u{feff}') {
        swapped = src.replace('\u{feff}', BOM_STAND_IN);
        swapped.as_str()
    } else {
        src
    };
    let mut b = Builder {
        src,
        line_starts: Default::default(),
        parser: Parser::new_from_str(src),
        anchors: HashMap::new(),
        depth: 0,
        collection_keys: HashSet::new(),
    };
    loop {
        match b.next()? {
            (Event::StreamEnd, _) => return Ok(Value::Nil),
            (Event::DocumentStart(_), _) => break,
            _ => {}
        }
    }
    let (ev, span) = b.next()?;
    if matches!(ev, Event::DocumentEnd) {
        return Ok(Value::Nil);
    }
    b.node(ev, span)
}

/// Deepest nesting of sequences and mappings: libyaml's default limit (`max_nest_level`);
/// the builder recurses once per level, so without one a deeply indented document overflowed
/// the stack.
pub const MAX_DEPTH: usize = 1000;

struct Builder<'a> {
    src: &'a str,
    /// Byte offsets of the source's lines, made when first needed.
    line_starts: std::cell::OnceCell<Vec<usize>>,
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    anchors: HashMap<usize, Value>,
    /// Sequences and mappings open around the current node.
    depth: usize,
    /// Keys that stand for a mapping or sequence (their `inspect`), so a key holding one is
    /// printed as Ruby prints the object, not re-quoted at each level.
    collection_keys: HashSet<String>,
}

/// Longest text a mapping or sequence used as a mapping key may print as.
const KEY_LIMIT: usize = 1 << 20;

/// `safe_load` refuses Ruby objects (`!ruby/object:Foo`, `!ruby/hash:...`).
fn refuse_ruby_class(tag: Option<&saphyr_parser::Tag>, span: Span) -> Result<(), YamlError> {
    match tag {
        Some(t) if t.suffix.starts_with("ruby/") || t.handle.contains("ruby/") => {
            let class = t.suffix.rsplit([':', '/']).next().unwrap_or(&t.suffix);
            Err(YamlError::at(
                format!("Tried to load unspecified class: {class}"),
                span,
            ))
        }
        _ => Ok(()),
    }
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span), YamlError> {
        match self.parser.next_event() {
            Some(Ok(e)) => Ok(e),
            Some(Err(e)) => Err(YamlError::scan(&e)),
            None => Ok((Event::StreamEnd, Span::default())),
        }
    }

    /// Mapping keys: Ruby keeps them as objects; our hashes have string keys, so other keys
    /// become their `to_s` (an integer key `2020` is the string `"2020"`, a mapping its
    /// `inspect`).
    fn key_string(&mut self, v: &Value, span: Span) -> Result<String, YamlError> {
        Ok(match v {
            Value::Str(s) => s.to_string(),
            Value::Nil => String::new(),
            Value::Array(_) | Value::Hash(_) => {
                let keys = &self.collection_keys;
                let text = v
                    .inspect_within(&|k| keys.contains(k), KEY_LIMIT)
                    .ok_or_else(|| {
                        YamlError::at(
                            "this mapping key is too large: aliases expand it past 1 MiB of text",
                            span,
                        )
                    })?;
                self.collection_keys.insert(text.clone());
                text
            }
            other => other.to_ruby_s(),
        })
    }

    /// libyaml, unlike the YAML spec and saphyr, wants a key before every `:` in a mapping: an
    /// empty key needs an explicit `?` (`? \n: b`); `: b`, `a: 1\n: b` and `{a: 1, : b}` are
    /// errors in Psych. saphyr gives both the same empty scalar at the `:`, so we look back
    /// for the `?` in the source.
    fn refuse_implicit_empty_key(&self, key: Span, map: Span) -> Result<(), YamlError> {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.src.as_bytes()).map(|i| i + 1))
                .collect()
        });
        let Some(colon) = starts
            .get(key.start.line().wrapping_sub(1))
            .and_then(|&line| {
                let col = self.src[line..].char_indices().nth(key.start.col())?.0;
                Some(line + col)
            })
        else {
            return Ok(());
        };
        if !self.src[colon..].starts_with(':') {
            return Ok(());
        }
        let mut rest = &self.src[..colon];
        let last = loop {
            // `rest` ends just after the last thing before the `:` once this loop ends.
            rest = rest.trim_end();
            let line_start = rest.rfind('\n').map_or(0, |i| i + 1);
            let line = &rest[line_start..];
            // A comment line, or a comment after `?`, is skipped.
            let code = match line.find('#') {
                Some(0) => "",
                Some(i) if line[..i].ends_with([' ', '\t']) => line[..i].trim_end(),
                _ => line,
            };
            if let Some(c) = code.chars().next_back() {
                break Some(c);
            }
            if line_start == 0 {
                break None;
            }
            rest = &rest[..line_start];
        };
        // In a block, `? : b` opens a mapping inside the key, whose key is missing again.
        let block = map.start.index() == map.end.index();
        match last {
            Some('?') if !block || self.src[rest.len()..colon].contains('\n') => Ok(()),
            Some(',' | '{' | '[') => Err(YamlError::at(
                "did not find expected node content while parsing a flow node",
                key,
            )),
            _ => Err(YamlError::at(
                "did not find expected key while parsing a block mapping",
                map,
            )),
        }
    }

    fn remember(&mut self, anchor: usize, v: &Value) {
        if anchor != 0 {
            self.anchors.insert(anchor, v.clone());
        }
    }

    fn node(&mut self, ev: Event<'a>, span: Span) -> Result<Value, YamlError> {
        if matches!(ev, Event::SequenceStart(..) | Event::MappingStart(..)) {
            if self.depth >= MAX_DEPTH {
                return Err(YamlError::at(
                    format!("exceeded the maximum nesting depth of {MAX_DEPTH}"),
                    span,
                ));
            }
            self.depth += 1;
            let v = self.collection(ev, span);
            self.depth -= 1;
            return v;
        }
        self.collection(ev, span)
    }

    /// A node (a sequence or a mapping one level deeper than the caller's).
    fn collection(&mut self, ev: Event<'a>, span: Span) -> Result<Value, YamlError> {
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                let restored;
                let text = if text.contains(BOM_STAND_IN) {
                    restored = text.replace(BOM_STAND_IN, "\u{feff}");
                    restored.as_str()
                } else {
                    &text
                };
                let v = scalar::resolve(text, style != ScalarStyle::Plain, tag.as_deref())
                    .map_err(|m| YamlError::at(m, span))?;
                self.remember(anchor, &v);
                Ok(v)
            }
            Event::Alias(id) => self
                .anchors
                .get(&id)
                .cloned()
                .ok_or_else(|| YamlError::at("unknown alias", span)),
            Event::SequenceStart(anchor, tag) => {
                refuse_ruby_class(tag.as_deref(), span)?;
                let mut items = Vec::new();
                loop {
                    let (ev, span) = self.next()?;
                    if matches!(ev, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(ev, span)?);
                }
                let v = Value::from(items);
                self.remember(anchor, &v);
                Ok(v)
            }
            Event::MappingStart(anchor, tag) => {
                refuse_ruby_class(tag.as_deref(), span)?;
                let mut h = Hash::default();
                loop {
                    let (ev, key_span) = self.next()?;
                    if matches!(ev, Event::MappingEnd) {
                        break;
                    }
                    // Psych merges on a `<<` key unless it is explicitly tagged `!!str`.
                    let merge_key = matches!(&ev, Event::Scalar(t, _, _, tag) if t == "<<"
                        && tag.as_ref().is_none_or(|t| t.suffix != "str"));
                    if matches!(&ev, Event::Scalar(t, ScalarStyle::Plain, 0, None) if t.is_empty())
                    {
                        self.refuse_implicit_empty_key(key_span, span)?;
                    }
                    let key = self.node(ev, key_span)?;
                    let (vev, vspan) = self.next()?;
                    let is_seq = matches!(vev, Event::SequenceStart(..));
                    let is_map = matches!(vev, Event::MappingStart(..) | Event::Alias(_));
                    let val = self.node(vev, vspan)?;
                    if merge_key
                        && is_map
                        && let Value::Hash(m) = &val
                    {
                        for (k, v) in m.iter() {
                            h.insert(k.clone(), v.clone());
                        }
                        continue;
                    }
                    if merge_key
                        && is_seq
                        && let Value::Array(items) = &val
                        && items.iter().all(|i| matches!(i, Value::Hash(_)))
                    {
                        // Later hashes in the list lose to earlier ones.
                        let mut merged = Hash::default();
                        for item in items.iter().rev() {
                            if let Value::Hash(m) = item {
                                for (k, v) in m.iter() {
                                    merged.insert(k.clone(), v.clone());
                                }
                            }
                        }
                        for (k, v) in merged {
                            h.insert(k, v);
                        }
                        continue;
                    }
                    h.insert(self.key_string(&key, key_span)?, val);
                }
                let v = Value::from(h);
                self.remember(anchor, &v);
                Ok(v)
            }
            Event::DocumentEnd | Event::StreamEnd => Ok(Value::Nil),
            _ => Err(YamlError::at("unexpected YAML event", span)),
        }
    }
}
