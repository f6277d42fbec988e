//! The HTML converter (kramdown's `Kramdown::Converter::Html`): block elements indented by two
//! spaces per level, span elements inline, footnotes and the table of contents placed at the
//! end.

use super::escape::{Escape, entity_into, entity_to_str, escape_html, escape_html_into, named};
use super::toc;
use crate::markdown::Highlighter;
use crate::markdown::element::{Align, Attrs, Category, Element, Kind};
use crate::markdown::entity_table;
use crate::markdown::options::{Options, SmartQuote};
use crate::markdown::parser::Doc;
use crate::markdown::scan;
use std::collections::HashMap;

/// What an element's conversion needs to know about its ancestors (kramdown's `@stack`).
#[derive(Clone, Copy, Default)]
pub(super) struct Ctx<'a> {
    /// The parent is an HTML element with a raw body.
    parent_raw_html: bool,
    /// The parent is a definition list: its IAL references (for `auto_ids`).
    dl_refs: Option<&'a [String]>,
    /// Inside a table head (cells are `th`).
    in_thead: bool,
    /// The table's column alignments.
    alignment: &'a [Align],
    /// The position of a cell in its row.
    index: usize,
}

/// One footnote as numbered in the output.
pub(super) struct FootnoteRef {
    pub(super) name: String,
    pub(super) key: usize,
    /// Ruby counts on past 64 bits (`footnote_nr` may start anywhere), so this is wider.
    pub(super) number: i128,
    pub(super) repeat: usize,
}

pub(super) struct Html<'d> {
    pub(super) doc: &'d Doc<'d>,
    pub(super) opts: &'d Options,
    highlighter: Option<&'d dyn Highlighter>,
    pub(super) footnote_counter: i128,
    pub(super) footnote_start: i64,
    pub(super) footnotes: Vec<FootnoteRef>,
    pub(super) footnotes_by_name: HashMap<String, usize>,
    footnote_location: Option<String>,
    pub(super) toc: Vec<(u8, String, Vec<Element>)>,
    /// Whether a list asks for the table of contents (`{:toc}`); headers are collected for
    /// it only then (each entry copies the header's content).
    wants_toc: bool,
    toc_code: Option<(Kind, Attrs, String)>,
    used_ids: HashMap<String, usize>,
    placeholder_counter: usize,
}

/// Converts a parsed document to HTML.
/// `source_len` sizes the output buffer (HTML is usually a little longer than its Markdown),
/// so it is not regrown and copied as it fills.
pub(crate) fn convert(
    doc: &Doc,
    highlighter: Option<&dyn Highlighter>,
    source_len: usize,
) -> String {
    let mut h = Html {
        doc,
        opts: &doc.options,
        highlighter,
        footnote_counter: i128::from(doc.options.footnote_nr),
        footnote_start: doc.options.footnote_nr,
        footnotes: Vec::new(),
        footnotes_by_name: HashMap::new(),
        footnote_location: None,
        toc: Vec::new(),
        wants_toc: doc.toc_referenced && asks_for_toc(&doc.root),
        toc_code: None,
        used_ids: HashMap::new(),
        placeholder_counter: 0,
    };
    h.convert_root(&doc.root, source_len + source_len / 2 + 64)
}

/// Whether a list in `el` carries the `toc` reference.
fn asks_for_toc(el: &Element) -> bool {
    (matches!(el.kind, Kind::Ul | Kind::Ol)
        && el
            .opts
            .ial
            .as_ref()
            .is_some_and(|i| i.refs.iter().any(|r| r == "toc")))
        || el.children.iter().any(asks_for_toc)
}

/// `html_attributes`.
pub(super) fn html_attributes(attr: &Attrs) -> String {
    let mut out = String::new();
    html_attributes_into(attr, &mut out);
    out
}

/// [`html_attributes`], appending to `out`.
fn html_attributes_into(attr: &Attrs, out: &mut String) {
    for (k, v) in &attr.0 {
        if k == "id" && scan::strip(v).is_empty() {
            continue;
        }
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        escape_html_into(v, Escape::Attribute, out);
        out.push('"');
    }
}

/// `indent` spaces; borrowed for the usual depths (no allocation per line).
pub(super) fn pad(indent: i32) -> std::borrow::Cow<'static, str> {
    const SPACES: &str = "                                                                ";
    let n = indent.max(0) as usize;
    match SPACES.get(..n) {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(" ".repeat(n)),
    }
}

// The tag writers below append piece by piece: `format!` was a twentieth of a page's
// conversion.

/// `<name attrs>`, appended to `out`.
fn open_tag_into(out: &mut String, name: &str, attr: &Attrs) {
    out.push('<');
    out.push_str(name);
    html_attributes_into(attr, out);
    out.push('>');
}

/// `</name>`, appended to `out`.
fn close_tag_into(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// An output buffer sized for `body` wrapped in a tag.
fn tag_buffer(name: &str, body: &str, indent: i32) -> String {
    String::with_capacity(body.len() + 2 * name.len() + indent.max(0) as usize * 2 + 32)
}

fn block_html(name: &str, attr: &Attrs, body: &str, indent: i32) -> String {
    let mut out = tag_buffer(name, body, indent);
    out.push_str(&pad(indent));
    open_tag_into(&mut out, name, attr);
    out.push_str(body);
    close_tag_into(&mut out, name);
    out.push('\n');
    out
}

pub(super) fn indented_block_html(name: &str, attr: &Attrs, body: &str, indent: i32) -> String {
    let mut out = tag_buffer(name, body, indent);
    out.push_str(&pad(indent));
    open_tag_into(&mut out, name, attr);
    out.push('\n');
    out.push_str(body);
    out.push_str(&pad(indent));
    close_tag_into(&mut out, name);
    out.push('\n');
    out
}

fn span_html(name: &str, attr: &Attrs, body: &str) -> String {
    let mut out = tag_buffer(name, body, 0);
    span_html_into(&mut out, name, attr, body);
    out
}

fn span_html_into(out: &mut String, name: &str, attr: &Attrs, body: &str) {
    open_tag_into(out, name, attr);
    out.push_str(body);
    close_tag_into(out, name);
}

/// `extract_code_language`: the `xxx` of a `language-xxx` class.
fn code_language(attr: &Attrs) -> Option<String> {
    class_language(attr.get("class")?)
}

/// The `xxx` of the first `language-xxx` in a class attribute.
fn class_language(class: &str) -> Option<String> {
    let b = class.as_bytes();
    let mut from = 0;
    while let Some(k) = class[from..].find("language-") {
        let i = from + k;
        // \b before `language`
        if i == 0 || !scan::is_uword(scan::char_before(class, i).unwrap_or(' ')) {
            let start = i + 9;
            let end = start
                + b[start..]
                    .iter()
                    .take_while(|&&c| !scan::is_space(c))
                    .count();
            if end > start {
                return Some(class[start..end].to_string());
            }
        }
        from = i + 1;
    }
    None
}

/// `extract_code_language!`: also removes the class.
fn take_code_language(attr: &mut Attrs) -> Option<String> {
    let lang = code_language(attr)?;
    let class = attr.get("class").unwrap_or("").to_string();
    let needle = format!("language-{lang}");
    let cleaned = match class.find(&needle) {
        Some(k) => format!("{}{}", &class[..k], &class[k + needle.len()..]),
        None => class,
    };
    let cleaned = scan::strip(&cleaned).to_string();
    if cleaned.is_empty() {
        attr.remove("class");
    } else {
        attr.set("class", cleaned);
    }
    Some(lang)
}

impl Html<'_> {
    fn placeholder(&mut self) -> String {
        // kramdown uses 128 random base-36 characters; a fixed unique marker does the same job.
        self.placeholder_counter += 1;
        format!(
            "\u{0}kramdown-placeholder-{}\u{0}",
            self.placeholder_counter
        )
    }

    fn convert_root(&mut self, root: &Element, capacity: usize) -> String {
        let mut result = String::with_capacity(capacity);
        self.inner_into(root, -2, Ctx::default(), &mut result);
        let footnotes = self.footnote_content();
        match self.footnote_location.take() {
            Some(loc) => result = result.replacen(&loc, &footnotes, 1),
            None => result.push_str(&footnotes),
        }
        if let Some((kind, attr, code)) = self.toc_code.take() {
            let tree = toc::generate_toc_tree(&self.toc, kind, &attr);
            let text = if tree.children.is_empty() {
                String::new()
            } else {
                self.convert(&tree, 0, Ctx::default())
            };
            result = result.replacen(&code, &text, 1);
        }
        result
    }

    /// kramdown's `inner`: the children converted one indentation level deeper, appended to
    /// `out`.
    fn inner_into(&mut self, el: &Element, indent: i32, ctx: Ctx<'_>, out: &mut String) {
        let indent = indent + 2;
        let mut child_ctx = Ctx {
            parent_raw_html: el.is_raw_html(),
            ..Ctx::default()
        };
        match el.kind {
            Kind::Dl => child_ctx.dl_refs = el.opts.ial.as_ref().map(|i| i.refs.as_slice()),
            Kind::Table => child_ctx.alignment = &el.opts.rare().alignment,
            Kind::Thead | Kind::Tbody | Kind::Tfoot => {
                child_ctx.alignment = ctx.alignment;
                child_ctx.in_thead = el.kind == Kind::Thead;
            }
            Kind::Tr => {
                child_ctx.alignment = ctx.alignment;
                child_ctx.in_thead = ctx.in_thead;
            }
            _ => {}
        }
        for (i, child) in el.children.iter().enumerate() {
            child_ctx.index = i;
            self.convert_into(child, indent, child_ctx, out);
        }
    }

    /// kramdown's `convert`: `el` as HTML.
    pub(super) fn convert(&mut self, el: &Element, indent: i32, ctx: Ctx<'_>) -> String {
        let mut out = String::new();
        self.convert_into(el, indent, ctx, &mut out);
        out
    }

    /// [`Html::convert`], appending to `out`: the whole document goes into one buffer, with
    /// no string per element (the element-by-element strings cost more than the parsing).
    fn convert_into(&mut self, el: &Element, indent: i32, ctx: Ctx<'_>, out: &mut String) {
        match el.kind {
            Kind::Root | Kind::Eob | Kind::FootnoteDef | Kind::Temp => {
                self.inner_into(el, indent, ctx, out)
            }
            Kind::Blank => out.push('\n'),
            Kind::Text | Kind::RawText => {
                if self.opts.remove_line_breaks_for_cjk {
                    let text = escape_html(&el.value, Escape::Text);
                    out.push_str(&remove_cjk_line_breaks(&text));
                } else {
                    escape_html_into(&el.value, Escape::Text, out);
                }
            }
            Kind::P => self.p_into(el, indent, ctx, out),
            Kind::Codeblock => self.codeblock_into(el, indent, out),
            Kind::Blockquote
            | Kind::Dl
            | Kind::Table
            | Kind::Thead
            | Kind::Tbody
            | Kind::Tfoot
            | Kind::Tr => {
                let name = match el.kind {
                    Kind::Blockquote => "blockquote",
                    Kind::Dl => "dl",
                    Kind::Table => "table",
                    Kind::Thead => "thead",
                    Kind::Tbody => "tbody",
                    Kind::Tfoot => "tfoot",
                    _ => "tr",
                };
                self.indented_block_into(out, name, el, indent, ctx);
            }
            Kind::Header => self.header_into(el, indent, ctx, out),
            Kind::Hr => {
                out.push_str(&pad(indent));
                out.push_str("<hr");
                html_attributes_into(&el.attr, out);
                out.push_str(" />\n");
            }
            Kind::Ul | Kind::Ol => self.list_into(el, indent, ctx, out),
            Kind::Li | Kind::Dd => {
                let name = if el.kind == Kind::Li { "li" } else { "dd" };
                self.block_open(out, name, &el.attr, indent);
                let compact = el.children.is_empty()
                    || (el.children[0].kind == Kind::P && el.children[0].opts.transparent);
                if !compact {
                    out.push('\n');
                }
                let start = out.len();
                self.inner_into(el, indent, ctx, out);
                if !compact || out[start..].ends_with('\n') {
                    out.push_str(&pad(indent));
                }
                out.push_str("</");
                out.push_str(name);
                out.push_str(">\n");
            }
            Kind::Dt => self.dt_into(el, indent, ctx, out),
            Kind::HtmlElement => self.html_element_into(el, indent, ctx, out),
            Kind::XmlComment | Kind::XmlPi => {
                if el.opts.category == Some(Category::Block) && !ctx.parent_raw_html {
                    out.push_str(&pad(indent));
                    out.push_str(&el.value);
                    out.push('\n');
                } else {
                    out.push_str(&el.value);
                }
            }
            Kind::Td => self.td_into(el, indent, ctx, out),
            Kind::Comment => {
                let block = el.opts.category == Some(Category::Block);
                if block {
                    out.push_str(&pad(indent));
                }
                out.push_str("<!-- ");
                out.push_str(&el.value);
                out.push_str(" -->");
                if block {
                    out.push('\n');
                }
            }
            Kind::Br => out.push_str("<br />"),
            Kind::Em | Kind::Strong | Kind::A => {
                let name = match el.kind {
                    Kind::Em => "em",
                    Kind::Strong => "strong",
                    _ => "a",
                };
                out.push('<');
                out.push_str(name);
                html_attributes_into(&el.attr, out);
                out.push('>');
                self.inner_into(el, indent, ctx, out);
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
            Kind::Img => {
                out.push_str("<img");
                html_attributes_into(&el.attr, out);
                out.push_str(" />");
            }
            Kind::Codespan => out.push_str(&self.convert_codespan(el)),
            Kind::Footnote => out.push_str(&self.convert_footnote(el)),
            Kind::Raw => {
                let types = &el.opts.rare().raw_types;
                if types.is_empty() || types.iter().any(|t| t == "html") {
                    out.push_str(&el.value);
                    if el.opts.category == Some(Category::Block) {
                        out.push('\n');
                    }
                }
            }
            Kind::Entity => {
                let e = entity_table::Entity {
                    code_point: el.opts.code_point,
                    name: entity_table::by_code_point(el.opts.code_point).name,
                };
                entity_into(
                    e,
                    el.opts.rare().original.as_deref(),
                    self.opts.entity_output,
                    out,
                );
            }
            Kind::SmartQuote => {
                let e = self.smart_quote_entity(el);
                entity_into(e, None, self.opts.entity_output, out);
            }
            Kind::TypographicSym => out.push_str(&self.convert_typographic_sym(el)),
            Kind::Math => out.push_str(&self.convert_math(el, indent)),
            Kind::Abbreviation => {
                let title = self
                    .doc
                    .abbrev_defs
                    .get(&el.value)
                    .cloned()
                    .unwrap_or_default();
                let mut attr = self
                    .doc
                    .abbrev_attrs
                    .get(&el.value)
                    .cloned()
                    .unwrap_or_default();
                if !title.is_empty() {
                    attr.set("title", title);
                }
                span_html_into(out, "abbr", &attr, &el.value);
            }
        }
    }

    /// `<name attrs>` at `indent`.
    fn block_open(&self, out: &mut String, name: &str, attr: &Attrs, indent: i32) {
        out.push_str(&pad(indent));
        open_tag_into(out, name, attr);
    }

    /// [`indented_block_html`] of `el`'s children, appended to `out`.
    fn indented_block_into(
        &mut self,
        out: &mut String,
        name: &str,
        el: &Element,
        indent: i32,
        ctx: Ctx<'_>,
    ) {
        self.block_open(out, name, &el.attr, indent);
        out.push('\n');
        self.inner_into(el, indent, ctx, out);
        out.push_str(&pad(indent));
        out.push_str("</");
        out.push_str(name);
        out.push_str(">\n");
    }

    /// A paragraph: its content alone when transparent, a figure for a standalone image.
    fn p_into(&mut self, el: &Element, indent: i32, ctx: Ctx<'_>, out: &mut String) {
        if el.opts.transparent {
            return self.inner_into(el, indent, ctx, out);
        }
        if el.children.len() == 1 && el.children[0].kind == Kind::Img {
            let img = &el.children[0];
            let standalone = img
                .opts
                .ial
                .as_ref()
                .is_some_and(|i| i.refs.iter().any(|r| r == "standalone"));
            if standalone {
                let mut figure_attr = el.attr.clone();
                let mut image_attr = img.attr.clone();
                for key in ["class", "id"] {
                    if image_attr.contains(key) && !figure_attr.contains(key) {
                        let v = image_attr.remove(key).unwrap_or_default();
                        figure_attr.set(key, v);
                    }
                }
                let p2 = pad(indent + 2);
                let body = format!(
                    "{p2}<img{} />\n{p2}<figcaption>{}</figcaption>\n",
                    html_attributes(&image_attr),
                    image_attr.get("alt").unwrap_or("")
                );
                out.push_str(&indented_block_html("figure", &figure_attr, &body, indent));
                return;
            }
        }
        self.block_open(out, "p", &el.attr, indent);
        self.inner_into(el, indent, ctx, out);
        out.push_str("</p>\n");
    }

    /// The highlighter in force: kramdown's built-in minted, or the plugged-in one when the
    /// configuration names it (Jekyll: rouge) and does not disable it.
    fn highlighting(&self) -> Option<&dyn Highlighter> {
        if self.opts.syntax_highlighter.as_deref() == Some("minted") {
            return Some(&Minted);
        }
        if self.opts.highlighter_disable {
            return None;
        }
        // kramdown only calls the highlighter the configuration names (Jekyll: rouge).
        self.highlighter
            .filter(|h| self.opts.syntax_highlighter.as_deref() == Some(h.name()))
    }

    /// The language class of highlighted code without a language: Rouge reports its
    /// `default_lang` back to kramdown, minted does not.
    fn class_default_lang(&self, hl: &dyn Highlighter) -> Option<String> {
        if hl.name() == "minted" {
            None
        } else {
            self.opts.default_lang.clone()
        }
    }

    /// `add_syntax_highlighter_to_class_attr`.
    fn add_highlighter_class(&self, attr: &mut Attrs, lang: Option<&str>, hl: &dyn Highlighter) {
        let old = attr.get("class").unwrap_or("");
        let mut class = String::with_capacity(old.len() + 40);
        class.push_str(old);
        class.push_str(" highlighter-");
        class.push_str(hl.name());
        let start = class.len() - scan::lstrip(&class).len();
        class.drain(..start);
        if let Some(lang) = lang {
            // sub(/\blanguage-\S+|(^)/): replace an existing language class, else prepend one.
            match class_language(&class) {
                Some(old) => {
                    let at = class.find(&format!("language-{old}")).unwrap_or(0);
                    class.replace_range(at + 9..at + 9 + old.len(), lang);
                }
                None => {
                    class.insert(0, ' ');
                    class.insert_str(0, lang);
                    class.insert_str(0, "language-");
                }
            }
        }
        attr.set("class", class);
    }

    fn codeblock_into(&mut self, el: &Element, indent: i32, out: &mut String) {
        let mut attr = el.attr.clone();
        let lang = take_code_language(&mut attr);
        if let Some(hl) = self.highlighting() {
            let req = el.opts.rare().lang.clone().or_else(|| lang.clone());
            let effective = req.clone().or_else(|| self.opts.default_lang.clone());
            if let Some(code) = hl.block(&el.value, effective.as_deref()) {
                let class_lang = lang.clone().or_else(|| self.class_default_lang(hl));
                self.add_highlighter_class(&mut attr, class_lang.as_deref(), hl);
                out.push_str(&pad(indent));
                open_tag_into(out, "div", &attr);
                out.push_str(&code);
                out.push_str(&pad(indent));
                out.push_str("</div>\n");
                return;
            }
        }
        let mut result = escape_html(&el.value, Escape::All);
        if result.ends_with('\n') {
            result.pop();
            if result.ends_with('\r') {
                result.pop();
            }
        } else if result.ends_with('\r') {
            result.pop();
        }
        if el
            .attr
            .get("class")
            .is_some_and(|c| has_word(c, "show-whitespaces"))
        {
            result = show_whitespaces(&result);
        }
        let mut code_attr = Attrs::default();
        if let Some(l) = &lang {
            code_attr.set("class", format!("language-{l}"));
        }
        out.push_str(&pad(indent));
        open_tag_into(out, "pre", &attr);
        open_tag_into(out, "code", &code_attr);
        out.push_str(&result);
        out.push_str("\n</code></pre>\n");
    }

    /// A header (with its id, and noted for the table of contents), appended to `out`.
    fn header_into(&mut self, el: &Element, indent: i32, ctx: Ctx<'_>, out: &mut String) {
        // Copied only when kramdown gives the header its own id (GFM has set them already).
        let mut attr = std::borrow::Cow::Borrowed(&el.attr);
        if self.opts.auto_ids && !attr.contains("id") {
            let id = self.generate_id(el.opts.rare().raw_text.as_deref().unwrap_or(""));
            attr.to_mut().set("id", id);
        }
        let level = el.opts.level;
        if let Some(id) = attr.get("id") {
            let no_toc = attr.get("class").is_some_and(|c| has_word(c, "no_toc"));
            if self.wants_toc && self.opts.toc_levels.contains(&level) && !no_toc {
                self.toc.push((level, id.to_string(), el.children.clone()));
            }
        }
        let out_level = (level as i32 + self.opts.header_offset).clamp(1, 6) as usize;
        let name = ["h1", "h2", "h3", "h4", "h5", "h6"][out_level - 1];
        self.block_open(out, name, &attr, indent);
        self.inner_into(el, indent, ctx, out);
        out.push_str("</");
        out.push_str(name);
        out.push_str(">\n");
    }

    /// `generate_id`: kramdown's own header ids (used where GFM did not assign one).
    fn generate_id(&mut self, text: &str) -> String {
        let mut id = basic_generate_id(text);
        if id.is_empty() {
            id = "section".into();
        }
        match self.used_ids.get_mut(&id) {
            Some(n) => {
                *n += 1;
                id = format!("{id}-{n}");
            }
            None => {
                self.used_ids.insert(id.clone(), 0);
            }
        }
        format!("{}{}", self.opts.auto_id_prefix, id)
    }

    /// A list, or the placeholder of the table of contents or footnotes it stands for.
    fn list_into(&mut self, el: &Element, indent: i32, ctx: Ctx<'_>, out: &mut String) {
        let refs = el
            .opts
            .ial
            .as_ref()
            .map(|i| i.refs.as_slice())
            .unwrap_or(&[]);
        if self.toc_code.is_none() && refs.iter().any(|r| r == "toc") {
            let code = self.placeholder();
            out.push_str(&code);
            self.toc_code = Some((el.kind, el.attr.clone(), code));
            return;
        }
        if self.footnote_location.is_none() && refs.iter().any(|r| r == "footnotes") {
            let code = self.placeholder();
            out.push_str(&code);
            self.footnote_location = Some(code);
            return;
        }
        let name = if el.kind == Kind::Ul { "ul" } else { "ol" };
        self.indented_block_into(out, name, el, indent, ctx);
    }

    fn dt_into(&mut self, el: &Element, indent: i32, ctx: Ctx<'_>, out: &mut String) {
        let mut attr = el.attr.clone();
        if !attr.contains("id")
            && let Some(refs) = ctx.dl_refs
        {
            for r in refs {
                if let Some(rest) = r.strip_prefix("auto_ids") {
                    let prefix = rest.strip_prefix('-').filter(|p| {
                        !p.is_empty() && p.bytes().all(|c| scan::is_word_byte(c) || c == b'-')
                    });
                    if rest.is_empty() || prefix.is_some() || rest.starts_with('-') {
                        let raw = el.opts.rare().raw_text.clone().unwrap_or_default();
                        let id = format!("{}{}", prefix.unwrap_or(""), basic_generate_id(&raw));
                        attr.set("id", scan::lstrip(&id).to_string());
                        break;
                    }
                }
            }
        }
        self.block_open(out, "dt", &attr, indent);
        self.inner_into(el, indent, ctx, out);
        out.push_str("</dt>\n");
    }

    /// A raw HTML element, appended to `out`. The body is converted straight after the start
    /// tag; how the tag ends (`>`, `>\n`, ` />`) depends on whether the body came out empty,
    /// so the end is written first and replaced when the body is empty.
    fn html_element_into(&mut self, el: &Element, indent: i32, ctx: Ctx<'_>, out: &mut String) {
        use crate::markdown::element::ContentModel;
        let name = el.value.as_str();
        let no_body = crate::markdown::parser::html_without_body(name);
        let close = |out: &mut String| {
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        };
        let span = el.opts.category == Some(Category::Span);
        if !span && !ctx.parent_raw_html {
            out.push_str(&pad(indent));
        }
        out.push('<');
        out.push_str(name);
        html_attributes_into(&el.attr, out);
        let model = el.opts.content_model;
        if !span && el.opts.is_closed && model == Some(ContentModel::Raw) {
            out.push_str(" />");
        } else {
            let block_body = !span && model == Some(ContentModel::Block);
            let tag_end = if block_body { ">\n" } else { ">" };
            let tag_at = out.len();
            out.push_str(tag_end);
            let body_at = out.len();
            self.inner_into(el, indent, ctx, out);
            if out.len() == body_at {
                out.truncate(tag_at);
                if no_body {
                    out.push_str(" />");
                } else {
                    out.push('>');
                    close(out);
                }
            } else if block_body {
                if out.ends_with('\n') {
                    out.pop();
                }
                out.push('\n');
                out.push_str(&pad(indent));
                close(out);
            } else {
                close(out);
            }
        }
        if !span && !ctx.parent_raw_html {
            out.push('\n');
        }
    }

    /// A table cell (its column's alignment as a style; `&nbsp;` when empty), appended.
    fn td_into(&mut self, el: &Element, indent: i32, ctx: Ctx<'_>, out: &mut String) {
        let name = if ctx.in_thead { "th" } else { "td" };
        let align = ctx
            .alignment
            .get(ctx.index)
            .copied()
            .unwrap_or(Align::Default);
        if align == Align::Default {
            self.block_open(out, name, &el.attr, indent);
        } else {
            let a = match align {
                Align::Left => "left",
                Align::Right => "right",
                _ => "center",
            };
            let mut attr = el.attr.clone();
            let style = match attr.get("style") {
                Some(s) => format!("{s}; text-align: {a}"),
                None => format!("text-align: {a}"),
            };
            attr.set("style", style);
            self.block_open(out, name, &attr, indent);
        }
        let start = out.len();
        self.inner_into(el, indent, ctx, out);
        if out.len() == start {
            entity_into(named("nbsp"), None, self.opts.entity_output, out);
        }
        out.push_str("</");
        out.push_str(name);
        out.push_str(">\n");
    }

    fn convert_codespan(&mut self, el: &Element) -> String {
        let mut attr = el.attr.clone();
        let lang = code_language(&attr);
        if let Some(hl) = self.highlighting() {
            let effective = lang.clone().or_else(|| self.opts.default_lang.clone());
            if let Some(code) = hl.span(&el.value, effective.as_deref()) {
                let class_lang = lang.or_else(|| self.class_default_lang(hl));
                self.add_highlighter_class(&mut attr, class_lang.as_deref(), hl);
                return span_html("code", &attr, &code);
            }
        }
        span_html("code", &attr, &escape_html(&el.value, Escape::All))
    }

    fn convert_typographic_sym(&self, el: &Element) -> String {
        if let Some((_, v)) = self
            .opts
            .typographic_symbols
            .iter()
            .find(|(k, _)| *k == el.value)
        {
            return escape_html(v, Escape::Text);
        }
        let mode = self.opts.entity_output;
        let e = |n: &str| entity_to_str(named(n), None, mode);
        match el.value.as_str() {
            "laquo_space" => format!("{}{}", e("laquo"), e("nbsp")),
            "raquo_space" => format!("{}{}", e("nbsp"), e("raquo")),
            other => e(other),
        }
    }

    /// The entity the configured `smart_quotes` give for this quote.
    fn smart_quote_entity(&self, el: &Element) -> entity_table::Entity {
        let idx = match el.value.as_str() {
            "lsquo" => 0,
            "rsquo" => 1,
            "ldquo" => 2,
            _ => 3,
        };
        match &self.opts.smart_quotes[idx] {
            SmartQuote::Name(n) => entity_table::by_name(n).unwrap_or_else(|| named(&el.value)),
            SmartQuote::CodePoint(cp) => entity_table::by_code_point(*cp),
        }
    }

    fn convert_math(&mut self, el: &Element, indent: i32) -> String {
        let block = el.opts.category == Some(Category::Block);
        if self.opts.math_engine.as_deref() == Some("mathjax") {
            let value = escape_html(&el.value, Escape::All);
            let result = if block {
                format!("\\[{value}\\]\n")
            } else {
                format!("\\({value}\\)")
            };
            return if el.attr.is_empty() {
                result
            } else if block {
                block_html("div", &el.attr, &result, indent)
            } else {
                span_html("span", &el.attr, &format!("${}$", el.value))
            };
        }
        let mut attr = el.attr.clone();
        let class = format!("{} kdmath", attr.get("class").unwrap_or(""));
        attr.set("class", scan::lstrip(&class).to_string());
        if block {
            block_html("div", &attr, &format!("$$\n{}\n$$", el.value), indent)
        } else {
            span_html("span", &attr, &format!("${}$", el.value))
        }
    }
}

/// kramdown's minted "highlighter": LaTeX for the minted package, for LaTeX post-processing.
struct Minted;

impl Highlighter for Minted {
    fn name(&self) -> &str {
        "minted"
    }

    fn block(&self, code: &str, lang: Option<&str>) -> Option<String> {
        lang.map(|l| format!("\\begin{{minted}}[]{{{l}}}\n{code}\n\\end{{minted}}"))
    }

    fn span(&self, code: &str, lang: Option<&str>) -> Option<String> {
        lang.map(|l| format!("\\mintinline{{{l}}}{{{code}}}"))
    }
}

/// `basic_generate_id`: letters, digits, spaces and dashes of the text, from its first letter.
pub(super) fn basic_generate_id(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        // gsub(/^[^a-zA-Z]+/, ''): each line loses what precedes its first ASCII letter.
        let start = line
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(line.len());
        out.push_str(&line[start..]);
    }
    out.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-')
        .map(|c| {
            if c == ' ' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// `fix_cjk_line_break`: a newline between two Han, Hiragana or Katakana characters goes.
fn remove_cjk_line_breaks(text: &str) -> String {
    let is_cjk = |c: Option<char>| c.is_some_and(scan::is_cjk);
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c == '\n' && is_cjk(out.chars().next_back()) && is_cjk(text[i + 1..].chars().next()) {
            continue;
        }
        out.push(c);
    }
    out
}

/// `/\bword\b/` on a class list.
fn has_word(s: &str, word: &str) -> bool {
    let mut from = 0;
    while let Some(k) = s[from..].find(word) {
        let i = from + k;
        if scan::word_boundary(s, i) && scan::word_boundary(s, i + word.len()) {
            return true;
        }
        from = i + 1;
    }
    false
}

/// The `show-whitespaces` class: spaces and tabs marked up.
fn show_whitespaces(code: &str) -> String {
    let mut out = String::new();
    for line in code.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let lead = body.len() - body.trim_start_matches([' ', '\t']).len();
        let trail_start = body.trim_end_matches([' ', '\t']).len().max(lead);
        for (i, c) in body.char_indices() {
            let suffix = if i < lead {
                "-l"
            } else if i >= trail_start {
                "-r"
            } else {
                ""
            };
            match c {
                '\t' => out.push_str(&format!("<span class=\"ws-tab{suffix}\">\t</span>")),
                ' ' => out.push_str(&format!("<span class=\"ws-space{suffix}\">&#8901;</span>")),
                c => out.push(c),
            }
        }
        out.push_str(nl);
    }
    out
}
