//! Source positions through grass: grass keeps no positions in its output, so before it reads
//! an SCSS file we insert a marker declaration (`--hyde-r:N;`, `--hyde-d:N;`) at the start of
//! each style rule and after each declaration. grass carries markers through nesting, mixins,
//! loops and imports like any custom property; `css::parse` takes them out again, and
//! [`Origin`] `N` says where the rule or declaration was written.
//!
//! What libsass does with that knowledge: it maps every selector, property, value and brace of
//! the output to the source (the `.css.map`), and it prints a "static" declaration value (one
//! made only of words, numbers, strings and colours) exactly as written, where grass normalises
//! it (`.5` → `0.5`, `'a'` → `"a"`, `a  ,  b` → `a, b`).

/// A position in a source file: the file's index in the source list, 0-based line and
/// column (in characters, as libsass counts them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// Index of the file in the compilation's source list.
    pub file: usize,
    /// 0-based line.
    pub line: usize,
    /// 0-based column, in characters.
    pub col: usize,
}

/// A span of source: start and end.
pub type Range = (Pos, Pos);

/// Complex selectors a rule resolved to, each with its simple selectors' spans.
pub type Resolved = Vec<(String, Vec<Range>)>;

/// Tokens of a declaration's value: byte range in its text, and where it was made.
pub type Marks = Vec<(usize, usize, Range)>;

/// A simple selector as written, with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Simple {
    /// The text, e.g. `.a`, `:hover`, `div`.
    pub text: String,
    /// Where it starts.
    pub start: Pos,
    /// Just after it.
    pub end: Pos,
}

/// Where a marked rule or declaration was written.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// A style rule.
    Rule {
        /// The enclosing style rule, for nested selectors.
        parent: Option<usize>,
        /// The rule's own selector list: each complex selector as simple selectors (a
        /// parent reference as `&`), when it has no interpolation or placeholders.
        complexes: Option<Vec<Vec<Simple>>>,
        /// Where the selector starts.
        start: Pos,
        /// The `{`.
        open: Pos,
        /// Where libsass's block span ends (one past the `}`, two on a one-line block).
        close: Pos,
        /// Each complex selector the rule resolved to, with its simple selectors' spans
        /// (hyde's evaluator knows them; marked rules leave `None`).
        resolved: Option<Resolved>,
    },
    /// A declaration.
    Decl {
        /// The property's span.
        prop: (Pos, Pos),
        /// The value's span, up to the `;` or `}`.
        value: (Pos, Pos),
        /// The value as written, when libsass would print it as written.
        static_text: Option<String>,
        /// The variable the value is, when it is one (`color: $c`).
        variable: Option<String>,
        /// The style rule the declaration is written in.
        rule: Option<usize>,
        /// Where each token of the value was made: byte ranges of the value's text and
        /// their spans (hyde's evaluator knows them; marked declarations leave `None`).
        marks: Option<Marks>,
    },
    /// A `/* … */` comment.
    Comment {
        /// Its text, delimiters included.
        text: String,
        /// Where it starts.
        start: Pos,
        /// Just after it.
        end: Pos,
    },
    /// An `@media` block: from its `@` to just after its `}`.
    Media {
        /// Where `@media` starts.
        start: Pos,
        /// Just after the block.
        close: Pos,
    },
    /// An at-rule's block as hyde's evaluator knows it: the keyword's span, and where
    /// libsass's block span starts and ends.
    Block {
        /// `@media`.
        keyword: (Pos, Pos),
        /// Where the block's span starts.
        open: Option<Pos>,
        /// Where it ends.
        close: Option<Pos>,
        /// The rule it is written in as it runs (the nested style indents it as that).
        rule: Option<usize>,
        /// Where its prelude (an `@supports` condition) was written, when it is written as
        /// the output has it.
        params: Option<Pos>,
    },
    /// A plain CSS `@import` as hyde's evaluator knows it: the keyword's span, and the
    /// span libsass gives its URL (`url(` alone for a `url()`).
    Import {
        /// `@import`.
        keyword: (Pos, Pos),
        /// The URL.
        value: (Pos, Pos),
    },
    /// A variable assignment, which a declaration's value may point at.
    Variable {
        /// The name without `$`.
        name: String,
        /// The value's span.
        value: (Pos, Pos),
    },
}

/// The byte ranges of the simple selectors of one complex selector as written (`&` alone
/// is one; combinators and whitespace are between them).
pub fn simple_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() || matches!(c, b'>' | b'+' | b'~') {
            i += 1;
            continue;
        }
        // Comments between selectors are no selectors.
        if text[i..].starts_with("/*") {
            i = text[i + 2..].find("*/").map_or(b.len(), |k| i + 2 + k + 2);
            continue;
        }
        if text[i..].starts_with("//") {
            i = text[i..].find('\n').map_or(b.len(), |k| i + k);
            continue;
        }
        let s = i;
        i += 1;
        if c == b':' && b.get(i) == Some(&b':') {
            i += 1;
        }
        let mut depth = i32::from(c == b'[');
        // `&` alone, or with a suffix (`&-item`, `&__title`).
        if c == b'&' {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'-' | b'_')) {
                i += 1;
            }
        }
        while i < b.len() && c != b'&' {
            let d = b[i];
            match d {
                b'[' if depth == 0 => break,
                b'(' | b'[' => depth += 1,
                b')' | b']' => {
                    depth -= 1;
                    if depth == 0 && d == b']' {
                        i += 1;
                        break;
                    }
                }
                b'\\' => i += 1,
                _ if depth > 0 => {}
                b'.' | b'#' | b':' | b'&' => break,
                _ if d.is_ascii_whitespace() || matches!(d, b'>' | b'+' | b'~') => break,
                _ => {}
            }
            i += 1;
        }
        let end = i.min(b.len());
        // Never inside a character (odd input).
        if text.is_char_boundary(s) && text.is_char_boundary(end) {
            out.push((s, end));
        }
        i = end;
    }
    out
}

/// Inserts markers into `src` (file number `file`), appending origins to `table`.
pub fn mark(src: &str, file: usize, table: &mut Vec<Origin>) -> String {
    let mut m = Marker {
        s: src.as_bytes(),
        src,
        i: 0,
        file,
        table,
        inserts: Vec::new(),
        lines: line_starts(src),
    };
    m.block(true, None);
    let mut out = String::with_capacity(src.len() + m.inserts.len() * 16);
    let mut last = 0;
    for (at, text) in &m.inserts {
        out.push_str(&src[last..*at]);
        out.push_str(text);
        last = *at;
    }
    out.push_str(&src[last..]);
    out
}

fn line_starts(src: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(src.match_indices('\n').map(|(i, _)| i + 1));
    v
}

struct Marker<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
    file: usize,
    table: &'a mut Vec<Origin>,
    inserts: Vec<(usize, String)>,
    lines: Vec<usize>,
}

/// `src[a..b]`, clamped to the text and to character boundaries, so odd input (an
/// unterminated string at the end of a file) can never make the marker panic.
fn clamp_slice(src: &str, a: usize, b: usize) -> &str {
    let len = src.len();
    let (mut a, mut b) = (a.min(len), b.min(len));
    while !src.is_char_boundary(a) {
        a -= 1;
    }
    while !src.is_char_boundary(b) {
        b -= 1;
    }
    src.get(a.min(b)..b).unwrap_or("")
}

impl Marker<'_> {
    fn pos(&self, byte: usize) -> Pos {
        let line = self.lines.partition_point(|&s| s <= byte) - 1;
        let start = self.lines[line];
        let col = clamp_slice(self.src, start, byte).chars().count();
        Pos {
            file: self.file,
            line,
            col,
        }
    }

    fn at(&self, lit: &str) -> bool {
        self.s
            .get(self.i..)
            .is_some_and(|rest| rest.starts_with(lit.as_bytes()))
    }

    fn skip_ws_and_comments(&mut self) {
        while self.i < self.s.len() {
            if self.s[self.i].is_ascii_whitespace() {
                self.i += 1;
            } else if self.at("//") {
                self.i = clamp_slice(self.src, self.i, self.s.len())
                    .find('\n')
                    .map_or(self.s.len(), |e| self.i + e);
            } else if self.at("/*") {
                let start = self.i;
                self.skip_block_comment();
                self.table.push(Origin::Comment {
                    text: clamp_slice(self.src, start, self.i).to_string(),
                    start: self.pos(start),
                    end: self.pos(self.i),
                });
            } else {
                break;
            }
        }
    }

    fn skip_block_comment(&mut self) {
        self.i = clamp_slice(self.src, self.i + 2, self.s.len())
            .find("*/")
            .map_or(self.s.len(), |e| self.i + 2 + e + 2);
    }

    fn skip_string(&mut self, q: u8) {
        self.i += 1;
        while self.i < self.s.len() && self.s[self.i] != q {
            if self.s[self.i] == b'\\' {
                self.i += 1;
            } else if self.at("#{") {
                self.skip_interpolation();
                continue;
            }
            self.i += 1;
        }
        self.i += 1;
    }

    fn skip_interpolation(&mut self) {
        self.i += 2;
        let mut depth = 1;
        while self.i < self.s.len() && depth > 0 {
            match self.s[self.i] {
                b'{' => depth += 1,
                b'}' => depth -= 1,
                q @ (b'"' | b'\'') => {
                    self.skip_string(q);
                    continue;
                }
                _ => {}
            }
            self.i += 1;
        }
    }

    /// Scans a statement's text up to its `{`, `;` or `}` (returned, with its offset).
    fn statement(&mut self) -> Option<u8> {
        let mut depth = 0usize;
        while self.i < self.s.len() {
            let c = self.s[self.i];
            match c {
                b'"' | b'\'' => {
                    self.skip_string(c);
                    continue;
                }
                b'#' if self.at("#{") => {
                    self.skip_interpolation();
                    continue;
                }
                b'/' if self.at("/*") => {
                    self.skip_block_comment();
                    continue;
                }
                // `//` is a comment, except inside `url(…)`, where it is part of the URL.
                b'/' if self.at("//") && depth == 0 => {
                    self.i = clamp_slice(self.src, self.i, self.s.len())
                        .find('\n')
                        .map_or(self.s.len(), |e| self.i + e);
                    continue;
                }
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth = depth.saturating_sub(1),
                b'{' | b';' | b'}' if depth == 0 => return Some(c),
                _ => {}
            }
            self.i += 1;
        }
        None
    }

    /// Marks the statements of a block up to its `}`; `decls` says whether declarations may
    /// appear (not in `@function`s or nested property blocks).
    fn block(&mut self, decls: bool, parent: Option<usize>) {
        loop {
            self.skip_ws_and_comments();
            if self.i >= self.s.len() {
                return;
            }
            if self.s[self.i] == b'}' {
                self.i += 1;
                return;
            }
            let start = self.i;
            let end = self.statement();
            let text = clamp_slice(self.src, start, self.i).trim_end();
            match end {
                Some(b'{') => {
                    let open = self.i;
                    self.i += 1;
                    if let Some(at) = text.strip_prefix('@') {
                        let name: String = at
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                            .collect();
                        // grass must leave nested `@media` for `media` to merge as libsass.
                        if name == "media" {
                            self.inserts
                                .push((start + 6, format!("{} ", super::media::PREFIX)));
                        }
                        let inner = decls && name != "function";
                        self.block(inner, parent);
                        if name == "media" {
                            let (start, close) = (self.pos(start), self.pos(self.i));
                            self.table.push(Origin::Media { start, close });
                        }
                    } else if text.ends_with(':') || !decls && parent.is_some() {
                        // A nested property (`font: { family: x; }`): its declarations get
                        // the property's prefix, so a marker would become a real property.
                        self.block(false, parent);
                    } else {
                        self.rule(start, text, open, parent);
                    }
                }
                Some(delim) => {
                    let stop = self.i;
                    if delim == b';' {
                        self.i += 1;
                    }
                    self.simple_statement(start, text, stop, delim, decls, parent);
                }
                None => return,
            }
        }
    }

    fn rule(&mut self, start: usize, text: &str, open: usize, parent: Option<usize>) {
        let id = self.table.len();
        self.table.push(Origin::Rule {
            parent,
            complexes: self.complexes(start, text),
            start: self.pos(start),
            open: self.pos(open),
            close: Pos::default(),
            resolved: None,
        });
        self.inserts.push((open + 1, format!("--hyde-r:{id};")));
        self.block(true, Some(id));
        // `self.i` is just past the `}`.
        let close_at = self.i.saturating_sub(1);
        let mut close = self.pos(close_at);
        let one_line = self.pos(open).line == close.line;
        close.col += if one_line { 2 } else { 1 };
        if let Some(Origin::Rule { close: c, .. }) = self.table.get_mut(id) {
            *c = close;
        }
    }

    /// The simple selectors of each complex selector of a selector list, with spans.
    fn complexes(&self, start: usize, text: &str) -> Option<Vec<Vec<Simple>>> {
        if text.contains(['%', '(']) || text.contains("#{") || text.contains("/*") {
            return None;
        }
        let mut out = Vec::new();
        let mut offset = 0;
        for part in text.split(',') {
            let lead = part.len() - part.trim_start().len();
            out.push(self.simples(start + offset + lead, part.trim()));
            offset += part.len() + 1;
        }
        Some(out)
    }

    /// The simple selectors of one complex selector, with spans.
    fn simples(&self, start: usize, text: &str) -> Vec<Simple> {
        simple_ranges(text)
            .into_iter()
            .map(|(s, e)| Simple {
                text: text[s..e].to_string(),
                start: self.pos(start + s),
                end: self.pos(start + e),
            })
            .collect()
    }

    fn simple_statement(
        &mut self,
        start: usize,
        text: &str,
        stop: usize,
        delim: u8,
        decls: bool,
        rule: Option<usize>,
    ) {
        if let Some(var) = text.strip_prefix('$') {
            if let Some((name, _)) = var.split_once(':') {
                let vstart = value_start(self.src, start + 1 + name.len() + 1);
                self.table.push(Origin::Variable {
                    name: name.trim().replace('_', "-"),
                    value: (self.pos(vstart), self.pos(stop)),
                });
            }
            return;
        }
        if !decls || text.starts_with('@') {
            return;
        }
        let Some(colon) = property_colon(text) else {
            return;
        };
        let prop = text[..colon].trim_end();
        if prop.is_empty() || prop.contains(char::is_whitespace) {
            return;
        }
        let custom = prop.starts_with("--");
        let vstart = value_start(self.src, start + colon + 1);
        let value_text = clamp_slice(self.src, vstart.min(stop), stop).trim_end();
        // libsass prints a custom property's value as written, spaces and all (only its
        // interpolations evaluated); grass trims and collapses them.
        let static_text = if custom {
            Some(clamp_slice(self.src, (start + colon + 1).min(stop), stop).to_string())
        } else {
            is_static(value_text).then(|| value_text.to_string())
        };
        // libsass maps a custom property's value to the colon (and its end just past it).
        let value = if custom {
            let c = start + colon;
            (self.pos(c), self.pos(c + 1))
        } else {
            (self.pos(vstart), self.pos(stop))
        };
        let id = self.table.len();
        self.table.push(Origin::Decl {
            prop: (self.pos(start), self.pos(start + prop.len())),
            value,
            static_text,
            variable: value_text
                .strip_prefix('$')
                .filter(|v| {
                    v.bytes()
                        .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
                })
                .map(|v| v.replace('_', "-")),
            rule,
            marks: None,
        });
        if delim == b';' {
            self.inserts.push((stop + 1, format!("--hyde-d:{id};")));
        } else {
            self.inserts.push((stop, format!(";--hyde-d:{id};")));
        }
    }
}

/// The `:` that ends a declaration's property (not one inside `#{…}`).
fn property_colon(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' if b.get(i + 1) == Some(&b'{') => {
                let close = text[i..].find('}')?;
                i += close;
            }
            b':' => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Skips spaces and comments after a `:`.
fn value_start(src: &str, mut i: usize) -> usize {
    let b = src.as_bytes();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if src[i.min(src.len())..].starts_with("/*") {
            i = src[i + 2..].find("*/").map_or(src.len(), |e| i + 2 + e + 2);
        } else {
            return i;
        }
    }
}

/// libsass's `static_value`: words, numbers (with units), percentages, hex colours, quoted
/// strings without interpolation, `|` and `!important`, separated by spaces, `,` or `/`.
/// Such a value is printed as written.
fn is_static(v: &str) -> bool {
    let b = v.as_bytes();
    if b.is_empty() {
        return false;
    }
    let mut i = 0;
    let mut first = true;
    while i < b.len() {
        if !first {
            // A separator: spaces, or `/` or `,` with optional spaces around.
            let s = i;
            while i < b.len() && b[i] == b' ' {
                i += 1;
            }
            if i < b.len() && matches!(b[i], b'/' | b',') {
                i += 1;
                while i < b.len() && b[i] == b' ' {
                    i += 1;
                }
            }
            if i == s || i >= b.len() {
                return false;
            }
        }
        let n = static_component(&b[i..]);
        if n == 0 {
            return false;
        }
        i += n;
        first = false;
    }
    true
}

fn static_component(b: &[u8]) -> usize {
    let ident_char = |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c >= 0x80;
    match b[0] {
        b'"' | b'\'' => {
            let q = b[0];
            let mut i = 1;
            while i < b.len() && b[i] != q {
                if b[i] == b'\\' {
                    i += 1;
                } else if b[i] == b'#' && b.get(i + 1) == Some(&b'{') {
                    return 0;
                }
                i += 1;
            }
            if i < b.len() { i + 1 } else { 0 }
        }
        b'#' => {
            let n = b[1..].iter().take_while(|c| c.is_ascii_hexdigit()).count();
            if matches!(n, 3 | 4 | 6 | 8) && !b.get(1 + n).is_some_and(|&c| ident_char(c)) {
                1 + n
            } else {
                0
            }
        }
        b'|' => 1,
        b'!' if b[1..].starts_with(b"important") => 10,
        b'!' => 0,
        c if c.is_ascii_digit() || c == b'.' || c == b'-' || c == b'+' => {
            let mut i = usize::from(matches!(c, b'-' | b'+'));
            let digits = b[i..]
                .iter()
                .take_while(|c| c.is_ascii_digit() || **c == b'.')
                .count();
            if digits == 0 || !b[i..i + digits].iter().any(u8::is_ascii_digit) {
                // Not a number: perhaps an identifier such as `-webkit-box` (but dashes
                // alone are not one: `2 - #010203` is an operation).
                let dashes = b.iter().take_while(|&&c| c == b'-').count();
                let named = b
                    .get(dashes)
                    .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_' || c >= 0x80);
                return if c == b'-' && named {
                    b.iter().take_while(|&&c| ident_char(c)).count()
                } else {
                    0
                };
            }
            i += digits;
            if b.get(i) == Some(&b'%') {
                return i + 1;
            }
            i + b[i..].iter().take_while(|&&c| ident_char(c)).count()
        }
        c if ident_char(c) => b.iter().take_while(|&&c| ident_char(c)).count(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_values_are_libsass_static_values() {
        for v in [
            "red",
            ".5",
            "0 auto",
            "12px/1.5 \"Helvetica Neue\", Arial, sans-serif",
            "#FFF",
            "a  ,  b",
            "red !important",
            "-webkit-box",
            "100% / 3",
        ] {
            assert!(is_static(v), "{v}");
        }
        for v in [
            "$x",
            "rgba(0,0,0,.5)",
            "url(a.png)",
            "1px + 2px",
            "#{$a}",
            "a*2",
            "2 - #010203",
        ] {
            assert!(!is_static(v), "{v}");
        }
    }

    #[test]
    fn markers_follow_declarations_and_open_rules() {
        let mut t = Vec::new();
        let out = mark(".a { color: red; .b { margin: 0 } }\n", 0, &mut t);
        assert_eq!(
            out,
            ".a {--hyde-r:0; color: red;--hyde-d:1; .b {--hyde-r:2; margin: 0 ;--hyde-d:3;} }\n"
        );
        let Origin::Rule {
            close, complexes, ..
        } = &t[2]
        else {
            panic!()
        };
        assert_eq!((close.line, close.col), (0, 34));
        assert_eq!(
            complexes.as_ref().map(|c| c[0][0].text.as_str()),
            Some(".b")
        );
    }
}
