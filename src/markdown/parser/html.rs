//! kramdown's HTML parser as the kramdown parser uses it: tag and attribute matching, raw
//! HTML bodies, and block-level HTML.

use super::{Parser, Res, Src, add_text};
use crate::markdown::element::{Attrs, Category, ContentModel, Element, Kind};
use crate::markdown::scan::{self, is_space};

/// Span-level HTML elements (`HTML_SPAN_ELEMENTS`).
pub(super) const SPAN_ELEMENTS: &[&str] = &[
    "a", "abbr", "acronym", "b", "big", "bdo", "br", "button", "cite", "code", "del", "dfn", "em",
    "i", "img", "input", "ins", "kbd", "label", "mark", "option", "q", "rb", "rbc", "rp", "rt",
    "rtc", "ruby", "samp", "select", "small", "span", "strong", "sub", "sup", "tt", "u", "var",
];

/// Block-level HTML elements (`HTML_BLOCK_ELEMENTS`).
pub(super) const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "applet",
    "body",
    "blockquote",
    "caption",
    "col",
    "colgroup",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "head",
    "iframe",
    "legend",
    "menu",
    "li",
    "main",
    "map",
    "nav",
    "ol",
    "optgroup",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tfoot",
    "tr",
    "ul",
];

/// Elements without a body (`HTML_ELEMENTS_WITHOUT_BODY`).
pub(crate) const WITHOUT_BODY: &[&str] = &[
    "area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr",
];

const CONTENT_MODEL_BLOCK: &[&str] = &[
    "address",
    "applet",
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "details",
    "div",
    "dl",
    "fieldset",
    "figure",
    "figcaption",
    "footer",
    "form",
    "header",
    "hgroup",
    "iframe",
    "li",
    "main",
    "map",
    "menu",
    "nav",
    "noscript",
    "object",
    "section",
    "summary",
    "td",
];
const CONTENT_MODEL_SPAN: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "button", "cite", "caption", "del", "dfn", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "i", "ins", "label", "legend", "optgroup", "p", "q",
    "rb", "rbc", "rp", "rt", "rtc", "ruby", "select", "small", "span", "strong", "sub", "sup",
    "th", "tt",
];
const CONTENT_MODEL_RAW: &[&str] = &[
    "script", "style", "math", "option", "textarea", "pre", "code", "kbd", "samp", "var",
];

/// `HTML_CONTENT_MODEL[name]`: how the body of an element is parsed (raw for unknown ones).
pub(super) fn content_model(name: &str) -> ContentModel {
    if CONTENT_MODEL_BLOCK.contains(&name) {
        ContentModel::Block
    } else if CONTENT_MODEL_SPAN.contains(&name) {
        ContentModel::Span
    } else {
        ContentModel::Raw
    }
}

/// `HTML_ELEMENT[name]`: whether kramdown knows the element (then names are lowercased).
pub(super) fn is_known_element(name: &str) -> bool {
    // One hash lookup instead of scanning six lists: every tag of raw HTML asks.
    static KNOWN: std::sync::LazyLock<crate::fast_hash::FastSet<&'static str>> =
        std::sync::LazyLock::new(|| {
            [
                SPAN_ELEMENTS,
                BLOCK_ELEMENTS,
                WITHOUT_BODY,
                CONTENT_MODEL_BLOCK,
                CONTENT_MODEL_SPAN,
                CONTENT_MODEL_RAW,
            ]
            .iter()
            .flat_map(|list| list.iter().copied())
            .collect()
        });
    KNOWN.contains(name)
}

/// A matched start tag (`HTML_TAG_RE`).
pub(super) struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// Written self-closed (`<x />`).
    pub closed: bool,
    pub end: usize,
}

fn skip_ws(s: &str, mut j: usize) -> usize {
    let b = s.as_bytes();
    while j < b.len() && is_space(b[j]) {
        j += 1;
    }
    j
}

/// `HTML_TAG_RE` at `i`.
pub(super) fn tag_at(s: &str, i: usize) -> Option<Tag> {
    let b = s.as_bytes();
    if b.get(i) != Some(&b'<') {
        return None;
    }
    let name_end = scan::uname(s, i + 1)?;
    let mut attrs = Vec::new();
    let mut j = name_end;
    loop {
        let ws_end = skip_ws(s, j);
        if ws_end == j {
            break;
        }
        let Some(ne) = scan::uname(s, ws_end) else {
            break;
        };
        let name = s[ws_end..ne].to_string();
        let mut end = ne;
        let mut value = String::new();
        let k = skip_ws(s, ne);
        if b.get(k) == Some(&b'=') {
            let v0 = skip_ws(s, k + 1);
            let mut v = v0;
            while let Some(c) = scan::char_at(s, v).filter(|&c| scan::is_uword(c)) {
                v += c.len_utf8();
            }
            if v > v0 {
                value = s[v0..v].to_string();
                end = v;
            } else if let Some(&q @ (b'"' | b'\'')) = b.get(v0)
                && let Some(close) = scan::memchr(q, &b[v0 + 1..])
            {
                value = s[v0 + 1..v0 + 1 + close].to_string();
                end = v0 + 1 + close + 1;
            }
        }
        attrs.push((name, value));
        j = end;
    }
    let mut k = skip_ws(s, j);
    let closed = b.get(k) == Some(&b'/');
    if closed {
        k += 1;
    }
    (b.get(k) == Some(&b'>')).then(|| Tag {
        name: s[i + 1..name_end].to_string(),
        attrs,
        closed,
        end: k + 1,
    })
}

/// `HTML_TAG_CLOSE_RE` = `<\/(UNAME)\s*>` at `i`: (name, end).
pub(super) fn close_tag_at(s: &str, i: usize) -> Option<(String, usize)> {
    if !s[i..].starts_with("</") {
        return None;
    }
    let ne = scan::uname(s, i + 2)?;
    let k = skip_ws(s, ne);
    (s.as_bytes().get(k) == Some(&b'>')).then(|| (s[i + 2..ne].to_string(), k + 1))
}

/// `HTML_COMMENT_RE` = `<!--(.*?)-->` at `i`: the end.
pub(super) fn comment_at(s: &str, i: usize) -> Option<usize> {
    if !s[i..].starts_with("<!--") {
        return None;
    }
    s[i + 4..].find("-->").map(|k| i + 4 + k + 3)
}

/// `HTML_INSTRUCTION_RE` = `<\?(.*?)\?>` at `i`: the end.
fn instruction_at(s: &str, i: usize) -> Option<usize> {
    if !s[i..].starts_with("<?") {
        return None;
    }
    s[i + 2..].find("?>").map(|k| i + 2 + k + 2)
}

/// `parse_html_attributes`: names lowercased for known elements, later duplicates winning.
pub(super) fn html_attributes(raw: Vec<(String, String)>, lowercase: bool) -> Attrs {
    let mut attrs = Attrs(Vec::with_capacity(raw.len()));
    for (k, v) in raw {
        let k = if lowercase { lowercased(k) } else { k };
        if let Some(slot) = attrs.0.iter_mut().find(|(name, _)| *name == k) {
            slot.1 = v;
        } else {
            attrs.0.push((k, v));
        }
    }
    attrs
}

/// Ruby's `downcase`, without a copy when there is nothing to change (tag and attribute names
/// are nearly always written in lowercase).
fn lowercased(s: String) -> String {
    if needs_lowercase(&s) {
        s.to_lowercase()
    } else {
        s
    }
}

fn lowercase_str(s: &str) -> std::borrow::Cow<'_, str> {
    if needs_lowercase(s) {
        s.to_lowercase().into()
    } else {
        s.into()
    }
}

fn needs_lowercase(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii())
}

/// The element name as kramdown keeps it: lowercased when it is a known element.
pub(super) fn element_name(name: String) -> String {
    if !needs_lowercase(&name) {
        return name;
    }
    let lower = name.to_lowercase();
    if is_known_element(&lower) {
        lower
    } else {
        name
    }
}

impl Parser<'_> {
    pub(super) fn parse_block_html(&mut self, el: &mut Element, src: &mut Src) -> Res {
        let s = &src.s;
        let j = scan::opt_spaces(s, src.pos, 3);
        // HTML_BLOCK_START
        let b = s.as_bytes();
        if b.get(j) != Some(&b'<')
            || !(s[j + 1..].starts_with("!--")
                || b.get(j + 1) == Some(&b'/')
                || scan::uname(s, j + 1).is_some())
        {
            return Res::No;
        }
        if let Some(end) = comment_at(s, src.pos) {
            let mut c = Element::with_value(Kind::XmlComment, &s[src.pos..end]);
            c.opts.category = Some(Category::Block);
            src.pos = end;
            if let Some(e) = scan::blank_rest(&src.s, src.pos) {
                src.pos = e;
            }
            el.children.push(c);
            return Res::Yes;
        }
        if let Some(tag) = tag_at(s, j) {
            if !SPAN_ELEMENTS.contains(&lowercase_str(&tag.name).as_ref()) {
                src.pos = tag.end;
                let child = self.handle_html_start_tag(tag, el.is_raw_html(), src);
                el.children.push(child);
                return Res::Yes;
            }
            return Res::No;
        }
        if let Some((name, end)) = close_tag_at(s, j) {
            let name = lowercase_str(&name);
            if !SPAN_ELEMENTS.contains(&name.as_ref())
                && el.kind == Kind::HtmlElement
                && el.value == name
            {
                src.pos = end;
                return Res::Stop;
            }
        }
        Res::No
    }

    /// kramdown's `handle_html_start_tag` with `handle_kramdown_html_tag` as the handler:
    /// builds the element for `tag` and parses its body from `src`. `parent_raw` says whether
    /// the enclosing element is an HTML element with a raw body.
    pub(super) fn handle_html_start_tag(
        &mut self,
        tag: Tag,
        parent_raw: bool,
        src: &mut Src,
    ) -> Element {
        let name = element_name(tag.name);
        let known = is_known_element(&name);
        let mut el = Element::with_value(Kind::HtmlElement, name.clone());
        el.attr = html_attributes(tag.attrs, known);
        el.opts.category = Some(Category::Block);
        let mut closed = tag.closed || WITHOUT_BODY.contains(&name.as_str());
        let mut handle_body = true;
        if name == "script" || name == "style" {
            self.raw_html_body(&mut el, src);
            closed = false;
            handle_body = false;
        }

        if let Some(ial) = self.block_ial.take() {
            el.opts.ial = Some(Box::new(ial));
        }
        let mut model = if !parent_raw && self.opts.parse_block_html {
            content_model(&name)
        } else {
            ContentModel::Raw
        };
        if let Some(v) = el.attr.remove("markdown") {
            match v.as_str() {
                "0" => model = ContentModel::Raw,
                "1" => model = content_model(&name),
                "span" => model = ContentModel::Span,
                "block" => model = ContentModel::Block,
                _ => {}
            }
        }
        if model == ContentModel::Block
            && let Some(e) = scan::blank_rest(&src.s, src.pos)
        {
            src.pos = e;
        }
        el.opts.content_model = Some(model);
        el.opts.is_closed = closed;
        if !closed && handle_body {
            match model {
                ContentModel::Block => {
                    if self.depth < super::MAX_DEPTH {
                        self.parse_blocks(&mut el, src);
                    } else {
                        self.parse_raw_html(&mut el, src);
                    }
                }
                ContentModel::Span => {
                    let start = src.pos;
                    let mut p = start;
                    let found = loop {
                        match src.s[p..].find("</") {
                            Some(k) => {
                                if let Some(end) =
                                    super::spans::html_close_at(&src.s, p + k, &name, true)
                                {
                                    break Some((p + k, end));
                                }
                                p += k + 2;
                            }
                            None => break None,
                        }
                    };
                    match found {
                        Some((close, _)) => {
                            let text = src.s[start..close].to_string();
                            add_text(&mut el, &text, Kind::RawText);
                            src.pos = close;
                            if let Some((_, e)) = close_tag_at(&src.s, close) {
                                src.pos = e;
                            }
                        }
                        None => {
                            let text = src.s[start..].to_string();
                            add_text(&mut el, &text, Kind::RawText);
                            src.pos = src.s.len();
                        }
                    }
                }
                ContentModel::Raw => self.parse_raw_html(&mut el, src),
            }
            if !parent_raw && let Some(e) = scan::blank_rest(&src.s, src.pos) {
                src.pos = e;
            }
        }
        el
    }

    /// `handle_raw_html_tag`: the body of a script or style element, kept raw.
    fn raw_html_body(&mut self, el: &mut Element, src: &mut Src) {
        let name = el.value.clone();
        let start = src.pos;
        let mut p = start;
        loop {
            match src.s[p..].find("</") {
                Some(k) => {
                    if let Some(end) = super::spans::html_close_at(&src.s, p + k, &name, true) {
                        let text = src.s[start..p + k].to_string();
                        add_text(el, &text, Kind::Raw);
                        src.pos = end;
                        return;
                    }
                    p += k + 2;
                }
                None => {
                    let text = src.s[start..].to_string();
                    add_text(el, &text, Kind::Raw);
                    src.pos = src.s.len();
                    return;
                }
            }
        }
    }

    /// kramdown's `parse_raw_html`: text, comments, processing instructions and nested
    /// elements up to the end tag of `el`.
    pub(super) fn parse_raw_html(&mut self, el: &mut Element, src: &mut Src) {
        let known = is_known_element(&el.value);
        loop {
            if src.pos >= src.s.len() {
                return;
            }
            let Some(q) = raw_start(&src.s, src.pos) else {
                let text = src.s[src.pos..].to_string();
                add_text(el, &text, Kind::Text);
                src.pos = src.s.len();
                return;
            };
            let text = src.s[src.pos..q].to_string();
            add_text(el, &text, Kind::Text);
            src.pos = q;
            let s = &src.s;
            if let Some(end) = comment_at(s, q) {
                let mut c = Element::with_value(Kind::XmlComment, &s[q..end]);
                c.opts.category = Some(Category::Block);
                el.children.push(c);
                src.pos = end;
            } else if let Some(end) = instruction_at(s, q) {
                let mut c = Element::with_value(Kind::XmlPi, &s[q..end]);
                c.opts.category = Some(Category::Block);
                el.children.push(c);
                src.pos = end;
            } else if let Some(tag) = tag_at(s, q) {
                src.pos = tag.end;
                if self.depth < super::MAX_DEPTH {
                    self.depth += 1;
                    let child = self.handle_html_start_tag(tag, true, src);
                    self.depth -= 1;
                    el.children.push(child);
                } else {
                    // Too deep to follow (kramdown would overflow its stack): keep it as text.
                    let text = src.s[q..tag.end].to_string();
                    add_text(el, &text, Kind::Text);
                }
            } else if let Some((name, end)) = close_tag_at(s, q) {
                let name = if known { name.to_lowercase() } else { name };
                if el.value == name {
                    src.pos = end;
                    return;
                }
                let text = s[q..end].to_string();
                add_text(el, &text, Kind::Text);
                src.pos = end;
            } else {
                let n = scan::char_len_at(s, q);
                let c = s[q..q + n].to_string();
                add_text(el, &c, Kind::Text);
                src.pos = q + n;
            }
        }
    }
}

/// `HTML_RAW_START` = `(?=<(UNAME|\/|!--|\?))`: the next position from `i` where it matches.
fn raw_start(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut p = i;
    while let Some(k) = scan::memchr(b'<', &b[p..]) {
        let q = p + k;
        let n = b.get(q + 1);
        if matches!(n, Some(b'/' | b'?'))
            || s[q + 1..].starts_with("!--")
            || scan::uname(s, q + 1).is_some()
        {
            return Some(q);
        }
        p = q + 1;
    }
    None
}
