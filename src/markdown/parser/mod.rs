//! The kramdown parser with the GFM parser's changes on top.
//!
//! Parsing runs in kramdown's stages: block parsing builds the tree with the text of each
//! block kept raw, then `update_tree` span-parses that text and applies inline attribute
//! lists, abbreviations are marked, and the GFM layer assigns header ids and turns escaped
//! newlines into line breaks. Each construct lives in its own file.

mod blocks;
mod defs;
mod emphasis;
mod extensions;
mod gfm;
mod html;
mod link;
mod list;
mod smart_quotes;
mod span_html;
mod spans;
mod table;

use super::element::{Attrs, Element, EobKind, Ial, Kind};
use super::options::Options;
use super::scan;
use indexmap::IndexMap;
use std::borrow::Cow;
use std::collections::HashMap;

/// A parsed document: the element tree plus what the converter needs from the parser.
pub(crate) struct Doc<'o> {
    pub root: Element,
    /// Footnote definitions by name, in definition order.
    pub footnotes: IndexMap<String, Footnote>,
    /// Abbreviation texts by abbreviation.
    pub abbrev_defs: IndexMap<String, String>,
    /// Attributes given to each abbreviation through an IAL after its definition.
    pub abbrev_attrs: HashMap<String, Attrs>,
    /// The options in force at the end of parsing (`{::options}` can change them).
    pub options: Cow<'o, Options>,
    /// Whether any attribute list referred to `toc`.
    pub toc_referenced: bool,
}

/// One footnote definition.
pub(crate) struct Footnote {
    pub content: Element,
}

/// A link definition: url, title and the end-of-block marker an IAL can attach to.
struct LinkDef {
    url: String,
    title: Option<String>,
    eob: Option<usize>,
}

/// The block-level source being parsed: a string and a scan position.
pub(crate) struct Src {
    pub s: String,
    pub pos: usize,
    /// Per code fence, the earliest position from which no closing fence was found: a later
    /// fence of the same kind cannot close either (keeps unclosed fences linear).
    pub fence_fail: HashMap<String, usize>,
}

impl Src {
    fn new(s: String) -> Src {
        Src {
            s,
            pos: 0,
            fence_fail: HashMap::new(),
        }
    }
}

/// What a block parser did.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Res {
    /// It did not apply here; try the next parser.
    No,
    /// It consumed input.
    Yes,
    /// The end tag of the enclosing HTML element was found: stop this block run.
    Stop,
}

/// Nesting depth past which constructs are no longer recursed into, so that pathological
/// input cannot exhaust the stack (real kramdown would fail with `SystemStackError`).
const MAX_DEPTH: usize = 128;

/// The parser state (kramdown's `Kramdown::Parser::Kramdown` instance variables).
pub(crate) struct Parser<'o> {
    /// Borrowed until an `{::options}` extension changes one (copying them cost a page ~30
    /// allocations).
    opts: Cow<'o, Options>,
    gfm: bool,
    /// `input: SmartyPants` (Jekyll's `smartify`): only HTML blocks and lines of text, and
    /// only the typographic span parsers.
    smarty: bool,
    quirk_paragraph_end: bool,
    alds: HashMap<String, Ial>,
    link_defs: HashMap<String, LinkDef>,
    footnotes: IndexMap<String, Footnote>,
    /// Footnote name → the end-of-block marker its definition left.
    footnote_used: HashMap<String, bool>,
    abbrev_defs: IndexMap<String, String>,
    abbrev_eob: HashMap<String, usize>,
    abbrev_attrs: HashMap<String, Attrs>,
    /// IALs attached to end-of-block markers, by the marker's key.
    eob_ials: Vec<Option<Ial>>,
    /// Resolved attributes of end-of-block markers (after `update_tree`).
    eob_attrs: HashMap<usize, Attrs>,
    block_ial: Option<Ial>,
    /// GFM's header id counter.
    id_counter: HashMap<String, i64>,
    depth: usize,
    span: spans::SpanState,
    /// An attribute list referred to `toc` (only then can a list ask for a table of contents).
    toc_referenced: bool,
}

/// Parses `src` into a document.
pub(crate) fn parse<'o>(src: &str, opts: &'o Options) -> Doc<'o> {
    let gfm = opts.is_gfm();
    let mut p = Parser {
        opts: Cow::Borrowed(opts),
        gfm,
        smarty: opts.input.eq_ignore_ascii_case("smartypants"),
        quirk_paragraph_end: gfm && opts.gfm_quirks.iter().any(|q| q == "paragraph_end"),
        alds: HashMap::new(),
        link_defs: HashMap::new(),
        footnotes: IndexMap::new(),
        footnote_used: HashMap::new(),
        abbrev_defs: IndexMap::new(),
        abbrev_eob: HashMap::new(),
        abbrev_attrs: HashMap::new(),
        eob_ials: Vec::new(),
        eob_attrs: HashMap::new(),
        block_ial: None,
        id_counter: HashMap::new(),
        depth: 0,
        span: spans::SpanState::default(),
        toc_referenced: false,
    };
    for (id, url, title) in &opts.link_defs {
        p.link_defs.insert(
            normalize_link_id(id),
            LinkDef {
                url: url.clone(),
                title: title.clone(),
                eob: None,
            },
        );
    }
    let mut root = Element::new(Kind::Root);
    let mut source = Src::new(adapt_source(src));
    p.parse_blocks(&mut root, &mut source);
    p.update_tree(&mut root);
    p.correct_abbreviation_attributes();
    p.replace_abbreviations(&mut root);
    let names: Vec<String> = p.footnotes.keys().cloned().collect();
    for name in &names {
        let mut content = std::mem::replace(
            &mut p.footnotes[name.as_str()].content,
            Element::new(Kind::FootnoteDef),
        );
        p.update_tree(&mut content);
        p.replace_abbreviations(&mut content);
        p.footnotes[name.as_str()].content = content;
    }
    if p.gfm {
        p.update_elements(&mut root);
    }
    Doc {
        root,
        footnotes: p.footnotes,
        abbrev_defs: p.abbrev_defs,
        abbrev_attrs: p.abbrev_attrs,
        options: p.opts,
        toc_referenced: p.toc_referenced,
    }
}

/// kramdown's `adapt_source`: `\r\n` and `\r` become `\n`, and the text ends with one newline.
fn adapt_source(src: &str) -> String {
    let mut s = String::with_capacity(src.len() + 1);
    // Copied in runs between carriage returns (most sources have none).
    let mut rest = src;
    while let Some(i) = memchr::memchr(b'\r', rest.as_bytes()) {
        s.push_str(&rest[..i]);
        s.push('\n');
        let skip = if rest[i + 1..].starts_with('\n') {
            2
        } else {
            1
        };
        rest = &rest[i + skip..];
    }
    s.push_str(rest);
    // `chomp!` removes one trailing newline, then one is added.
    if s.ends_with('\n') {
        s.pop();
    }
    s.push('\n');
    s
}

/// kramdown's `normalize_link_id`: whitespace runs become one space, then lowercase.
pub(crate) fn normalize_link_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    let mut in_ws = false;
    for c in id.chars() {
        if c.is_ascii() && scan::is_space(c as u8) {
            if !in_ws {
                out.push(' ');
            }
            in_ws = true;
        } else {
            out.push(c);
            in_ws = false;
        }
    }
    out.to_lowercase()
}

impl Parser<'_> {
    /// kramdown's `parse_blocks`: runs the block parsers over `src` into `el`. Returns true
    /// when an HTML end tag for `el` stopped the run.
    fn parse_blocks(&mut self, el: &mut Element, src: &mut Src) -> bool {
        let saved_ial = self.block_ial.take();
        self.depth += 1;
        let mut stopped = false;
        while src.pos < src.s.len() {
            match self.parse_one_block(el, src) {
                Res::Stop => {
                    stopped = true;
                    break;
                }
                Res::Yes => {}
                Res::No => {
                    // No parser took the line (kramdown warns): keep it as text.
                    let e = scan::next_line(&src.s, src.pos);
                    let line = src.s[src.pos..e].to_string();
                    src.pos = e;
                    add_text(el, &line, Kind::RawText);
                }
            }
        }
        self.depth -= 1;
        self.block_ial = saved_ial;
        stopped
    }

    /// Tries each block parser, in kramdown's (GFM's) order, at the current position.
    fn parse_one_block(&mut self, el: &mut Element, src: &mut Src) -> Res {
        let parsers: [fn(&mut Self, &mut Element, &mut Src) -> Res; 18] = [
            Parser::parse_blank_line,
            Parser::parse_codeblock,
            Parser::parse_codeblock_fenced,
            Parser::parse_blockquote,
            Parser::parse_atx_header,
            Parser::parse_horizontal_rule,
            Parser::parse_list,
            Parser::parse_definition_list,
            Parser::parse_block_html,
            Parser::parse_setext_header,
            Parser::parse_block_math,
            Parser::parse_table,
            Parser::parse_footnote_definition,
            Parser::parse_link_definition,
            Parser::parse_abbrev_definition,
            Parser::parse_block_extensions,
            Parser::parse_eob_marker,
            Parser::parse_paragraph,
        ];
        // SmartyPants knows HTML blocks; any other line is text (the `Res::No` fallback).
        let parsers: &[fn(&mut Self, &mut Element, &mut Src) -> Res] = if self.smarty {
            &[Parser::parse_block_html]
        } else {
            &parsers
        };
        for parser in parsers {
            if src.pos >= src.s.len() {
                return Res::Yes;
            }
            match parser(self, el, src) {
                Res::No => continue,
                r => return r,
            }
        }
        Res::No
    }

    /// kramdown's `new_block_el`: a block element that takes a pending block IAL.
    fn new_block_el(&mut self, kind: Kind) -> Element {
        let mut el = Element::new(kind);
        if let Some(ial) = self.block_ial.take() {
            el.opts.ial = Some(Box::new(ial));
        }
        el
    }

    /// A new end-of-block marker, with a key for IALs that attach to it.
    fn new_eob(&mut self, kind: Option<EobKind>) -> Element {
        let mut el = self.new_block_el(Kind::Eob);
        el.opts.eob = kind;
        el.opts.key = self.eob_ials.len();
        self.eob_ials.push(el.opts.ial.take().map(|b| *b));
        el
    }

    /// kramdown's `update_attr_with_ial`: applies `ial` (and the ALDs it references) to
    /// `attr`.
    fn apply_ial(&self, attr: &mut Attrs, ial: &Ial) {
        self.apply_ial_depth(attr, ial, 0);
    }

    fn apply_ial_depth(&self, attr: &mut Attrs, ial: &Ial, depth: usize) {
        if depth > 32 {
            return; // self-referencing ALDs loop in kramdown; stop somewhere
        }
        for r in &ial.refs {
            if let Some(ald) = self.alds.get(r) {
                self.apply_ial_depth(attr, ald, depth + 1);
            }
        }
        for (k, v) in &ial.attrs.0 {
            if k == "class" {
                let joined = super::element::join_class(attr.get("class"), v);
                attr.set("class", joined);
            } else {
                attr.set(k, v.clone());
            }
        }
    }

    /// kramdown's `update_tree`: span-parses raw text, applies IALs, drops end-of-block
    /// markers and merges blank runs.
    fn update_tree(&mut self, el: &mut Element) {
        let rebuild = el
            .children
            .iter()
            .any(|c| matches!(c.kind, Kind::RawText | Kind::Eob))
            || el
                .children
                .windows(2)
                .any(|w| w[0].kind == Kind::Blank && w[1].kind == Kind::Blank);
        if !rebuild {
            // Nothing replaced, dropped or merged: update in place rather than move each.
            for child in &mut el.children {
                if child.kind != Kind::Blank {
                    self.update_child(child);
                }
            }
            return;
        }
        let children = std::mem::take(&mut el.children);
        let mut out: Vec<Element> = Vec::with_capacity(children.len());
        let mut last_blank: Option<usize> = None;
        for mut child in children {
            match child.kind {
                Kind::RawText => {
                    last_blank = None;
                    let parsed = self.parse_raw_text(std::mem::take(&mut child.value));
                    out.extend(parsed);
                }
                Kind::Eob => {
                    let key = child.opts.key;
                    if let Some(Some(ial)) = self.eob_ials.get(key).cloned() {
                        let mut attr = Attrs::default();
                        self.apply_ial(&mut attr, &ial);
                        self.eob_attrs.insert(key, attr);
                    }
                }
                Kind::Blank => {
                    if let Some(i) = last_blank {
                        let v = child.value;
                        out[i].value.push_str(&v);
                    } else {
                        last_blank = Some(out.len());
                        out.push(child);
                    }
                }
                _ => {
                    last_blank = None;
                    self.update_child(&mut child);
                    out.push(child);
                }
            }
        }
        el.children = out;
    }

    /// One element kept in the tree: its children updated, its IAL applied, and a term's or
    /// (GFM) header's raw text kept for its id.
    fn update_child(&mut self, child: &mut Element) {
        self.depth += 1;
        if self.depth < MAX_DEPTH * 4 {
            self.update_tree(child);
        }
        self.depth -= 1;
        // Taken out and put back (the converter reads it too) rather than cloned.
        if let Some(ial) = child.opts.ial.take() {
            let mut attr = std::mem::take(&mut child.attr);
            self.apply_ial(&mut attr, &ial);
            child.attr = attr;
            child.opts.ial = Some(ial);
        }
        if child.kind == Kind::Dt || (child.kind == Kind::Header && self.gfm) {
            child.opts.rare_mut().raw_text = Some(self.raw_text_of(child));
        }
    }

    /// The text a header's or term's id is generated from (kramdown's `update_raw_text`,
    /// GFM's version for GFM input).
    fn raw_text_of(&self, el: &Element) -> String {
        let mut out = String::new();
        collect_raw_text(el, self.gfm, &mut out);
        out
    }
}

fn collect_raw_text(el: &Element, gfm: bool, out: &mut String) {
    use super::entity_table;
    match el.kind {
        Kind::Text => out.push_str(&el.value),
        Kind::Codespan | Kind::Math if gfm => out.push_str(&el.value),
        Kind::Entity if gfm => {
            if let Some(c) = char::from_u32(el.opts.code_point) {
                out.push(c);
            }
        }
        Kind::SmartQuote | Kind::TypographicSym if gfm => match el.value.as_str() {
            "laquo_space" => out.push_str("«\u{a0}"),
            "raquo_space" => out.push_str("\u{a0}»"),
            name => {
                if let Some(c) =
                    entity_table::by_name(name).and_then(|e| char::from_u32(e.code_point))
                {
                    out.push(c);
                }
            }
        },
        _ => {
            for c in &el.children {
                collect_raw_text(c, gfm, out);
            }
        }
    }
}

/// Whether an HTML element has no body (`HTML_ELEMENTS_WITHOUT_BODY`).
pub(crate) fn html_without_body(name: &str) -> bool {
    html::WITHOUT_BODY.contains(&name)
}

/// kramdown's `add_text`: appends to the last child when it is text of the same kind.
pub(crate) fn add_text(el: &mut Element, text: &str, kind: Kind) {
    if let Some(last) = el.children.last_mut()
        && last.kind == kind
    {
        last.value.push_str(text);
        return;
    }
    if !text.is_empty() {
        el.children.push(Element::with_value(kind, text));
    }
}

#[cfg(test)]
mod tests {
    use super::adapt_source;

    #[test]
    fn carriage_returns_become_newlines_and_one_newline_ends_the_text() {
        // Each pair checked against kramdown 2.4's own `adapt_source` (Debian's, as Jekyll calls it).
        assert_eq!(adapt_source("a\r\nb\rc\r\n\r\n"), "a\nb\nc\n\n");
        assert_eq!(adapt_source("\r\r\n"), "\n\n");
        assert_eq!(adapt_source("é\r"), "é\n");
        assert_eq!(adapt_source(""), "\n");
        assert_eq!(adapt_source("x"), "x\n");
    }
}
