//! The part of html-pipeline 2.14 (Nokogiri over libxml2 2.9) that jemoji and
//! jekyll-mentions rely on: parse an HTML fragment, let a filter replace text nodes with new
//! markup, and write the fragment back as libxml2's HTML serializer does.
//!
//! Writing back is not the identity: Nokogiri decodes character references in text
//! (`&ldquo;` becomes `“`), lowercases tag and attribute names, quotes every attribute
//! (single quotes when the value holds `"` but no `'`), percent-encodes spaces and non-ASCII
//! bytes in `href`/`src`/`action` (and `name` on `<a>`), drops the slash of `<br />`, writes
//! boolean attributes bare, closes what was left open, and adds line breaks around block
//! elements whose neighbours are elements. This module reproduces those rules for the HTML
//! Jekyll sites produce; libxml2's full error recovery for broken markup is out of scope.

use crate::markdown::entity_table;

/// A node of the parsed fragment.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An element: lowercase name, attributes in order (`None`: no value), children.
    Element {
        /// Tag name, lowercased.
        name: String,
        /// `(name, value)` pairs; names lowercased.
        attrs: Vec<(String, Option<String>)>,
        /// Child nodes.
        children: Vec<Node>,
    },
    /// Text, with character references decoded.
    Text(String),
    /// The content of `<script>` or `<style>`, kept verbatim.
    Raw(String),
    /// A comment's content.
    Comment(String),
}

/// Elements with no content, written without an end tag.
const VOID: &[&str] = &[
    "area", "base", "basefont", "br", "col", "frame", "hr", "img", "input", "isindex", "link",
    "meta", "param",
];

/// libxml2's known inline elements (no line breaks added around them).
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "applet", "b", "basefont", "bdo", "big", "br", "button", "cite",
    "code", "del", "dfn", "em", "embed", "font", "i", "iframe", "img", "input", "ins", "kbd",
    "label", "map", "object", "q", "s", "samp", "script", "select", "small", "span", "strike",
    "strong", "sub", "sup", "textarea", "tt", "u", "var",
];

/// libxml2's known block elements (line breaks may be added around them).
const BLOCK: &[&str] = &[
    "address",
    "area",
    "base",
    "blockquote",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "isindex",
    "legend",
    "li",
    "link",
    "menu",
    "meta",
    "noframes",
    "noscript",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "pre",
    "style",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Block starts that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "blockquote",
    "center",
    "dir",
    "div",
    "dl",
    "fieldset",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "menu",
    "ol",
    "p",
    "pre",
    "table",
    "ul",
];

/// Attributes written without a value.
const BOOLEAN_ATTRS: &[&str] = &[
    "checked", "compact", "declare", "defer", "disabled", "ismap", "multiple", "nohref",
    "noresize", "noshade", "nowrap", "readonly", "selected",
];

fn decode_entity(name: &str) -> Option<char> {
    if name == "vellip" {
        return None; // kramdown knows it; libxml2's HTML 4 table doesn't.
    }
    entity_table::by_name(name).and_then(|e| char::from_u32(e.code_point))
}

/// Decodes character references as libxml2 does (named ones need their `;`).
pub fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let after = &rest[1..];
        let decoded = if let Some(num) = after.strip_prefix('#') {
            let (digits, radix) = match num.strip_prefix(['x', 'X']) {
                Some(h) => (h, 16),
                None => (num, 10),
            };
            let n = digits
                .find(|c: char| !c.is_digit(radix))
                .unwrap_or(digits.len());
            let consumed = 2 + (num.len() - digits.len()) + n;
            u32::from_str_radix(&digits[..n], radix)
                .ok()
                .and_then(char::from_u32)
                .filter(|_| n > 0)
                .map(|c| (c, consumed + usize::from(digits[n..].starts_with(';'))))
        } else {
            let n = after
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(after.len());
            after[n..]
                .starts_with(';')
                .then(|| decode_entity(&after[..n]))
                .flatten()
                .map(|c| (c, n + 2))
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escapes text as libxml2 writes it.
pub fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// An element's attributes: `(name, value)`, `None` for a bare attribute.
type Attrs = Vec<(String, Option<String>)>;

struct Builder {
    /// Open elements: (name, attrs, children); index 0 is the fragment root.
    stack: Vec<(String, Attrs, Vec<Node>)>,
}

impl Builder {
    fn push_node(&mut self, n: Node) {
        if let Some(top) = self.stack.last_mut() {
            top.2.push(n);
        }
    }

    fn close_top(&mut self) {
        if self.stack.len() > 1
            && let Some((name, attrs, children)) = self.stack.pop()
        {
            self.push_node(Node::Element {
                name,
                attrs,
                children,
            });
        }
    }

    fn open(&self, name: &str) -> Option<usize> {
        (1..self.stack.len())
            .rev()
            .find(|&i| self.stack[i].0 == name)
    }

    fn close_to(&mut self, idx: usize) {
        while self.stack.len() > idx {
            self.close_top();
        }
    }

    /// The implied end tags of libxml2's `htmlAutoClose` that Jekyll output meets.
    fn auto_close(&mut self, name: &str) {
        if CLOSES_P.contains(&name)
            && let Some(i) = self.open("p")
        {
            self.close_to(i);
        }
        let (same, scope): (&[&str], &[&str]) = match name {
            "li" => (&["li"], &["ul", "ol", "menu", "dir"]),
            "dt" | "dd" => (&["dt", "dd"], &["dl"]),
            "tr" => (&["tr"], &["table", "thead", "tbody", "tfoot"]),
            "td" | "th" => (&["td", "th"], &["tr", "table"]),
            "option" => (&["option"], &["select", "optgroup", "datalist"]),
            _ => return,
        };
        for i in (1..self.stack.len()).rev() {
            let n = self.stack[i].0.as_str();
            if scope.contains(&n) {
                break;
            }
            if same.contains(&n) {
                self.close_to(i);
                break;
            }
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Parses one start tag at `s` (which begins with `<` and a letter): name, attributes,
/// self-closing, and the length consumed.
type StartTag = (String, Attrs, bool, usize);

fn parse_start_tag(s: &str) -> Option<StartTag> {
    let b = s.as_bytes();
    let mut i = 1;
    while i < b.len() && !is_space(b[i]) && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = s[1..i].to_ascii_lowercase();
    let mut attrs: Attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        match b.get(i) {
            None => return None,
            Some(b'>') => return Some((name, attrs, self_closing, i + 1)),
            Some(b'/') => {
                self_closing = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        self_closing = false;
        let start = i;
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'>' | b'=') {
            if b[i] == b'/' && b.get(i + 1) == Some(&b'>') {
                break;
            }
            i += 1;
        }
        let key = s[start..i].to_ascii_lowercase();
        let mut j = i;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        let value = if b.get(j) == Some(&b'=') {
            j += 1;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            let v = match b.get(j) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = s[j + 1..].find(q as char)? + j + 1;
                    let v = &s[j + 1..end];
                    j = end + 1;
                    v
                }
                _ => {
                    let st = j;
                    while j < b.len() && !is_space(b[j]) && b[j] != b'>' {
                        j += 1;
                    }
                    &s[st..j]
                }
            };
            i = j;
            Some(decode(v))
        } else {
            None
        };
        if !key.is_empty() && !attrs.iter().any(|(k, _)| *k == key) {
            attrs.push((key, value));
        }
    }
}

/// Parses an HTML fragment as Nokogiri's `DocumentFragment.parse` does for well-formed
/// markup (`<html>`, `<head>`, `<body>` and doctypes are dropped).
pub fn parse(html: &str) -> Vec<Node> {
    let mut bld = Builder {
        stack: vec![(String::new(), Vec::new(), Vec::new())],
    };
    let mut text = String::new();
    let flush = |bld: &mut Builder, text: &mut String| {
        if !text.is_empty() {
            bld.push_node(Node::Text(decode(text)));
            text.clear();
        }
    };
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            text.push_str(rest);
            break;
        };
        text.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let next = rest.as_bytes().get(1).copied().unwrap_or(0);
        if rest.starts_with("<!--") {
            flush(&mut bld, &mut text);
            let end = rest[4..].find("-->").map_or(rest.len(), |e| e + 4);
            bld.push_node(Node::Comment(rest[4..end].to_string()));
            rest = &rest[(end + 3).min(rest.len())..];
        } else if next == b'!' || next == b'?' {
            // A doctype or processing instruction: not part of a body fragment. (CDATA
            // sections are text in HTML, so they stay.)
            if rest.starts_with("<![CDATA[") {
                text.push('<');
                rest = &rest[1..];
                continue;
            }
            flush(&mut bld, &mut text);
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            rest = &rest[end..];
        } else if next == b'/' {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let name = rest[2..end.saturating_sub(1).max(2)]
                .trim()
                .to_ascii_lowercase();
            if rest.as_bytes().get(2).is_some_and(u8::is_ascii_alphabetic) {
                flush(&mut bld, &mut text);
                if let Some(i) = bld.open(&name) {
                    bld.close_to(i);
                }
                rest = &rest[end..];
            } else {
                text.push('<');
                rest = &rest[1..];
            }
        } else if next.is_ascii_alphabetic() {
            let Some((name, attrs, self_closing, len)) = parse_start_tag(rest) else {
                text.push('<');
                rest = &rest[1..];
                continue;
            };
            flush(&mut bld, &mut text);
            rest = &rest[len..];
            if matches!(name.as_str(), "html" | "head" | "body") {
                continue;
            }
            bld.auto_close(&name);
            if name == "script" || name == "style" {
                let close = format!("</{name}");
                let end = rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
                let mut children = Vec::new();
                if end > 0 {
                    children.push(Node::Raw(rest[..end].to_string()));
                }
                bld.push_node(Node::Element {
                    name,
                    attrs,
                    children,
                });
                rest = &rest[end..];
                let gt = rest.find('>').map_or(rest.len(), |e| e + 1);
                rest = &rest[gt..];
            } else if VOID.contains(&name.as_str()) || self_closing {
                bld.push_node(Node::Element {
                    name,
                    attrs,
                    children: Vec::new(),
                });
            } else {
                bld.stack.push((name, attrs, Vec::new()));
            }
        } else {
            text.push('<');
            rest = &rest[1..];
        }
    }
    flush(&mut bld, &mut text);
    bld.close_to(1);
    bld.stack.pop().map(|r| r.2).unwrap_or_default()
}

/// Rewrites the text nodes outside `skip` elements: `filter` gets the decoded text (the raw
/// content in `<script>` and `<style>`) and may return markup to put in its place (parsed
/// again, as Nokogiri's `replace` does).
pub fn filter_text(
    nodes: Vec<Node>,
    skip: &[&str],
    filter: &mut dyn FnMut(&str) -> Option<String>,
) -> Vec<Node> {
    let mut out = Vec::with_capacity(nodes.len());
    for n in nodes {
        match n {
            Node::Element {
                name,
                attrs,
                children,
            } => {
                let children = if skip.contains(&name.as_str()) {
                    children
                } else {
                    filter_text(children, skip, filter)
                };
                out.push(Node::Element {
                    name,
                    attrs,
                    children,
                });
            }
            Node::Text(t) => match filter(&t) {
                Some(html) => out.extend(parse(&html)),
                None => out.push(Node::Text(t)),
            },
            // Script and style text is a text node to Nokogiri too; what replaces it is
            // parsed in the script's context, so it stays raw text.
            Node::Raw(t) => out.push(Node::Raw(filter(&t).unwrap_or(t))),
            other => out.push(other),
        }
    }
    out
}

fn is_uri_attr(attr: &str, element: &str) -> bool {
    matches!(attr, "href" | "action" | "src") || (attr == "name" && element == "a")
}

/// libxml2's `xmlURIEscapeStr` with the characters its HTML writer leaves alone.
fn escape_uri(s: &str, out: &mut String) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()@\"#$%&+,/:;<=>?[\\]^`{|}".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

fn write_attr(element: &str, name: &str, value: Option<&str>, out: &mut String) {
    out.push(' ');
    out.push_str(name);
    let Some(value) = value.filter(|_| !BOOLEAN_ATTRS.contains(&name)) else {
        return;
    };
    let mut v = String::new();
    escape_text(value, &mut v);
    if is_uri_attr(name, element) {
        let mut e = String::new();
        escape_uri(v.trim_start_matches([' ', '\t', '\n', '\r']), &mut e);
        v = e;
    }
    out.push('=');
    if v.contains('"') {
        if v.contains('\'') {
            out.push('"');
            out.push_str(&v.replace('"', "&quot;"));
            out.push('"');
        } else {
            out.push('\'');
            out.push_str(&v);
            out.push('\'');
        }
    } else {
        out.push('"');
        out.push_str(&v);
        out.push('"');
    }
}

fn is_text(n: &Node) -> bool {
    matches!(n, Node::Text(_) | Node::Raw(_))
}

/// A known block element: libxml2 formats around these.
fn formats(name: &str) -> bool {
    BLOCK.contains(&name) && !INLINE.contains(&name)
}

fn write_nodes(nodes: &[Node], parent: Option<&str>, out: &mut String) {
    for (i, n) in nodes.iter().enumerate() {
        write_node(n, out);
        if let Node::Element { name, .. } = n
            && formats(name)
            && let Some(next) = nodes.get(i + 1)
            && !is_text(next)
            && parent.is_some_and(|p| !p.starts_with('p'))
        {
            out.push('\n');
        }
    }
}

fn write_node(n: &Node, out: &mut String) {
    match n {
        Node::Text(t) => escape_text(t, out),
        Node::Raw(t) => out.push_str(t),
        Node::Comment(c) => {
            out.push_str("<!--");
            out.push_str(c);
            out.push_str("-->");
        }
        Node::Element {
            name,
            attrs,
            children,
        } => {
            out.push('<');
            out.push_str(name);
            for (k, v) in attrs {
                write_attr(name, k, v.as_deref(), out);
            }
            out.push('>');
            if VOID.contains(&name.as_str()) || (children.is_empty() && name == "li") {
                return;
            }
            let breaks = formats(name) && children.len() > 1 && !name.starts_with('p');
            if breaks && !is_text(&children[0]) {
                out.push('\n');
            }
            write_nodes(children, Some(name), out);
            if breaks && children.last().is_some_and(|c| !is_text(c)) {
                out.push('\n');
            }
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
    }
}

/// Writes a fragment as Nokogiri's `to_html` does.
pub fn serialize(nodes: &[Node]) -> String {
    let mut out = String::new();
    write_nodes(nodes, None, &mut out);
    out
}

/// A page split as jemoji and jekyll-mentions split it: everything up to `<body ...>` and
/// the whitespace after it, the body, and `</body>` on. `None` when there is no `<body`.
pub fn split_body(output: &str) -> Option<(&str, &str, &str)> {
    let start = output.find("<body")?;
    // `<body(.*?)>\s*`; without a `>` Ruby's `partition` leaves everything in the head.
    let Some(gt) = output[start..].find('>') else {
        return Some((output, "", ""));
    };
    let mut open_end = start + gt + 1;
    open_end += output[open_end..]
        .bytes()
        .take_while(|&b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\x0b'))
        .count();
    let tail = &output[open_end..];
    let (body, rest) = match tail.find("</body>") {
        Some(i) => (&tail[..i], &tail[i..]),
        None => (tail, ""),
    };
    Some((&output[..open_end], body, rest))
}

/// Parses `html`, runs `filter` over its text nodes outside `skip` elements and writes the
/// result back (html-pipeline's `call(...)[:output].to_s`).
pub fn run(html: &str, skip: &[&str], filter: &mut dyn FnMut(&str) -> Option<String>) -> String {
    serialize(&filter_text(parse(html), skip, filter))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(s: &str) -> String {
        serialize(&parse(s))
    }

    #[test]
    fn writes_back_as_nokogiri() {
        assert_eq!(
            roundtrip("a&nbsp;b &copy; &#8220;x&#8221; &lt;&gt;&amp; ' \" &unknown; & x"),
            "a\u{a0}b © “x” &lt;&gt;&amp; ' \" &amp;unknown; &amp; x"
        );
        assert_eq!(
            roundtrip("<a href=\"/a b/é?x=1&y=2#f g\" title=\"a&quot;b'c<d>e\" data-x>l</a>"),
            "<a href=\"/a%20b/%C3%A9?x=1&amp;y=2#f%20g\" title=\"a&quot;b'c&lt;d&gt;e\" data-x>l</a>"
        );
        assert_eq!(
            roundtrip("<p>Line<br />break</p><hr /><input checked=\"checked\" disabled=\"\">"),
            "<p>Line<br>break</p><hr><input checked disabled>"
        );
        assert_eq!(roundtrip("<p title='a\"b'>x</p>"), "<p title='a\"b'>x</p>");
        assert_eq!(
            roundtrip("<p>para <div>block</div> tail</p>"),
            "<p>para </p><div>block</div> tail"
        );
        assert_eq!(
            roundtrip("<div><p>para<table><tr><td>x</td></tr></table></div>"),
            "<div>\n<p>para</p>\n<table><tr><td>x</td></tr></table>\n</div>"
        );
        assert_eq!(
            roundtrip("<svg viewBox=\"0 0 1 1\"><path d=\"M0\"/></svg>"),
            "<svg viewbox=\"0 0 1 1\"><path d=\"M0\"></path></svg>"
        );
        assert_eq!(
            roundtrip("<script>if (a<b && \"&amp;\") {}</script>"),
            "<script>if (a<b && \"&amp;\") {}</script>"
        );
    }
}
