//! Links and images: inline (`[text](url "title")`), reference (`[text][id]`, `[id]`) and
//! their image forms.

use super::spans::{Parsers, Stop};
use super::{Parser, add_text, normalize_link_id};
use crate::markdown::element::{Element, Ial, Kind};
use crate::markdown::scan::{self, is_space};

/// kramdown's (not GFM's) `ESCAPED_CHARS`, used to clean up the alt text.
const ALT_ESCAPES: &[u8] = b"\\.*_+`<>()[]{}#!:|\"'$=-";

impl Parser<'_> {
    pub(super) fn parse_link(&mut self, el: &mut Element) {
        let start = self.span.pos;
        let is_img = self.span.src.as_bytes()[start] == b'!';
        let result = if is_img { "![" } else { "[" };
        let cur_pos = start + result.len();
        self.span.pos = cur_pos;
        let tt = self.span.text_type;
        let kind = if is_img { Kind::Img } else { Kind::A };

        // No links inside links.
        if !is_img && (self.in_span(Kind::A) || self.in_span(Kind::Img)) {
            add_text(el, result, tt);
            return;
        }
        let memo_key = (start, is_img as u8, self.context_mask());
        if self.span.depth > super::MAX_DEPTH || self.span.failed.contains(&memo_key) {
            add_text(el, result, tt);
            return;
        }
        let fail = |p: &mut Parser, el: &mut Element| {
            p.span.failed.insert(memo_key);
            p.span.pos = cur_pos;
            add_text(el, result, tt);
        };

        let mut link = Element::new(kind);
        let mut stop = Stop::LinkBracket { count: 1 };
        let parsers = self.all_span_parsers();
        if !self.parse_spans(&mut link, Some(&mut stop), parsers) {
            fail(self, el);
            return;
        }
        let s = &self.span.src;
        let alt_text = unescape(&s[cur_pos..self.span.pos]);
        self.span.pos += 1; // the closing bracket

        // Reference style, or no URL at all.
        let after_bracket = self.span.pos;
        let id_match = inline_id(s, after_bracket);
        if id_match.is_some() || s.as_bytes().get(after_bracket) != Some(&b'(') {
            let explicit_id = match id_match {
                Some((end, id)) => {
                    self.span.pos = end;
                    id.map(|(a, b)| s[a..b].to_string())
                }
                None => None,
            };
            let link_id = normalize_link_id(explicit_id.as_deref().unwrap_or(&alt_text));
            if let Some(def) = self.link_defs.get(&link_id) {
                let (url, title) = (def.url.clone(), def.title.clone());
                let ial = def
                    .eob
                    .and_then(|k| self.eob_ials.get(k).cloned().flatten());
                self.add_link(el, link, url, title, &alt_text, ial);
            } else {
                fail(self, el);
            }
            return;
        }

        // The URL in parentheses.
        let link_url;
        if let Some((url_end, after)) = angle_url(s, after_bracket) {
            link_url = s[after_bracket + 2..url_end].to_string();
            self.span.pos = after;
            if s.as_bytes().get(after) == Some(&b')') {
                self.span.pos = after + 1;
                self.add_link(el, link, link_url, None, &alt_text, None);
                return;
            }
        } else {
            let b = s.as_bytes();
            let mut p = after_bracket;
            let mut brackets = 0i64;
            let mut matched_any = false;
            let mut url_end = p;
            while p < b.len() {
                // LINK_PAREN_STOP_RE = (\()|(\))|\s(?=['"])
                let c = b[p];
                if c == b'(' {
                    brackets += 1;
                    p += 1;
                } else if c == b')' {
                    brackets -= 1;
                    p += 1;
                    if brackets == 0 {
                        matched_any = true;
                        url_end = p;
                        break;
                    }
                } else if is_space(c) && matches!(b.get(p + 1), Some(b'\'' | b'"')) {
                    p += 1;
                    matched_any = true;
                    url_end = p;
                    break;
                } else {
                    p += scan::char_len_at(s, p);
                    continue;
                }
                matched_any = true;
                url_end = p;
            }
            let _ = matched_any;
            let scanned = p - after_bracket;
            let raw = &s[after_bracket..url_end];
            // link_url[1..-2]: without the opening parenthesis and the last character.
            let inner = if raw.len() >= 2 {
                let last = raw.chars().next_back().map_or(0, char::len_utf8);
                &raw[1..raw.len() - last]
            } else {
                ""
            };
            link_url = scan::strip(inner).to_string();
            self.span.spend(scanned);
            self.span.pos = url_end;
            if brackets == 0 {
                self.add_link(el, link, link_url, None, &alt_text, None);
                return;
            }
        }

        // LINK_INLINE_TITLE_RE = \s*?(["'])(.+?)\1\s*?\)  (multi-line)
        let title = inline_title(&self.span.src, self.span.pos);
        self.span
            .spend(title.as_ref().map_or(self.span.src.len(), |t| t.1) - self.span.pos);
        if let Some((title, end)) = title {
            self.span.pos = end;
            self.add_link(el, link, link_url, Some(title), &alt_text, None);
        } else {
            fail(self, el);
        }
    }

    /// A bit mask of the enclosing emphasis and link kinds, which decide how nested text
    /// parses (part of the key under which failed attempts are remembered).
    pub(super) fn context_mask(&self) -> u8 {
        let mut m = 0;
        for (bit, kind) in [
            (1, Kind::Em),
            (2, Kind::Strong),
            (4, Kind::A),
            (8, Kind::Img),
        ] {
            if self.in_span(kind) {
                m |= bit;
            }
        }
        m
    }

    /// kramdown's `add_link`.
    fn add_link(
        &mut self,
        el: &mut Element,
        mut link: Element,
        href: String,
        title: Option<String>,
        alt_text: &str,
        ial: Option<Ial>,
    ) {
        if let Some(ial) = &ial {
            let mut attr = std::mem::take(&mut link.attr);
            self.apply_ial(&mut attr, ial);
            link.attr = attr;
        }
        link.opts.ial = ial.map(Box::new);
        if link.kind == Kind::A {
            link.attr.set("href", href);
        } else {
            link.attr.set("src", href);
            link.attr.set("alt", alt_text);
            link.children.clear();
        }
        if let Some(t) = title {
            link.attr.set("title", t);
        }
        el.children.push(link);
    }

    /// Parses the span parsers subset given into a fresh element (table cell splitting).
    pub(super) fn parse_spans_subset(
        &mut self,
        text: &str,
        parsers: Parsers,
        text_type: Kind,
    ) -> Element {
        let saved = std::mem::replace(
            &mut self.span,
            super::spans::SpanState::for_text(text.to_string(), text_type),
        );
        let mut root = Element::new(Kind::Root);
        self.parse_spans(&mut root, None, parsers);
        self.span = saved;
        root
    }
}

/// Removes kramdown's backslash escapes.
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && b.get(i + 1).is_some_and(|c| ALT_ESCAPES.contains(c)) {
            out.push(b[i + 1] as char);
            i += 2;
        } else {
            let n = scan::char_len_at(s, i);
            out.push_str(&s[i..i + n]);
            i += n;
        }
    }
    out
}

/// `LINK_INLINE_ID_RE` = `\s*?\[([^\]]+)?\]` at `i`: (end, id range).
#[allow(clippy::type_complexity)]
fn inline_id(s: &str, i: usize) -> Option<(usize, Option<(usize, usize)>)> {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() && is_space(b[j]) {
        j += 1;
    }
    if b.get(j) != Some(&b'[') {
        return None;
    }
    let k = j + 1 + scan::memchr(b']', &b[j + 1..])?;
    let id = (k > j + 1).then_some((j + 1, k));
    Some((k + 1, id))
}

/// `\(<(.*?)>` at `i`: (position of `>`, position after it).
fn angle_url(s: &str, i: usize) -> Option<(usize, usize)> {
    if !s[i..].starts_with("(<") {
        return None;
    }
    let e = scan::line_end(s, i + 2);
    let k = s[i + 2..e].find('>')?;
    Some((i + 2 + k, i + 2 + k + 1))
}

/// `\s*?(["'])(.+?)\1\s*?\)` (dot matches newlines) at `i`: (title, end).
fn inline_title(s: &str, i: usize) -> Option<(String, usize)> {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() && is_space(b[j]) {
        j += 1;
    }
    // \s*? is lazy but the quote must follow it, so it ends at the first non-space.
    let q = *b.get(j)?;
    if q != b'"' && q != b'\'' {
        return None;
    }
    let body = j + 1;
    let first = scan::char_len_at(s, body);
    let mut k = body + first;
    while k < b.len() {
        if b[k] == q {
            let mut m = k + 1;
            while m < b.len() && is_space(b[m]) {
                m += 1;
            }
            if b.get(m) == Some(&b')') {
                return Some((s[body..k].to_string(), m + 1));
            }
        }
        k += 1;
    }
    None
}
