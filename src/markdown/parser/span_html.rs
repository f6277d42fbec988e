//! Span-level HTML: comments, tags and their bodies inside paragraphs.

use super::html::{self, BLOCK_ELEMENTS, WITHOUT_BODY};
use super::spans::{Parsers, Stop};
use super::{Parser, add_text};
use crate::markdown::element::{Category, ContentModel, Element, Kind};

impl Parser<'_> {
    pub(super) fn parse_span_html(&mut self, el: &mut Element) {
        let s = &self.span.src;
        let p = self.span.pos;
        let tt = self.span.text_type;
        let comment = html::comment_at(s, p);
        let tag = if comment.is_none() {
            html::tag_at(s, p)
        } else {
            None
        };
        // A comment or a quoted attribute may run to the end of the text.
        let reach = comment.or(tag.as_ref().map(|t| t.end)).unwrap_or(s.len());
        self.span.spend(reach - p);
        let s = &self.span.src;
        if let Some(end) = comment {
            let mut c = Element::with_value(Kind::XmlComment, &s[p..end]);
            c.opts.category = Some(Category::Span);
            self.span.pos = end;
            el.children.push(c);
            return;
        }
        if let Some((_, end)) = html::close_tag_at(s, p) {
            // A stray end tag stays text.
            let text = s[p..end].to_string();
            self.span.pos = end;
            add_text(el, &text, tt);
            return;
        }
        let Some(tag) = tag else {
            let n = crate::markdown::scan::char_len_at(s, p);
            let c = s[p..p + n].to_string();
            self.span.pos = p + n;
            add_text(el, &c, tt);
            return;
        };
        let name = html::element_name(tag.name);
        self.span.pos = tag.end;
        if BLOCK_ELEMENTS.contains(&name.as_str()) {
            let text = s[p..tag.end].to_string();
            add_text(el, &text, tt);
            return;
        }
        let known = html::is_known_element(&name);
        let mut attrs = html::html_attributes(tag.attrs, known);
        for (_, v) in attrs.0.iter_mut() {
            if v.contains('\n') {
                *v = collapse_newlines(v);
            }
        }
        let tree_raw = self.span.tree.is_some_and(|t| t.raw);
        let mut do_parsing = if html::content_model(&name) == ContentModel::Raw || tree_raw {
            false
        } else {
            self.opts.parse_span_html
        };
        if let Some(v) = attrs.remove("markdown") {
            match v.as_str() {
                "span" => do_parsing = true,
                "1" => do_parsing = html::content_model(&name) != ContentModel::Raw,
                "0" => do_parsing = false,
                _ => {} // "block" is not allowed in spans: default mode
            }
        }
        let mut h = Element::with_value(Kind::HtmlElement, name.clone());
        h.attr = attrs;
        h.opts.category = Some(Category::Span);
        h.opts.content_model = Some(if do_parsing {
            ContentModel::Span
        } else {
            ContentModel::Raw
        });
        h.opts.is_closed = tag.closed;
        if !tag.closed && !WITHOUT_BODY.contains(&name.as_str()) {
            let mut stop = Stop::HtmlClose {
                name: name.clone(),
                ignore_case: known,
            };
            let parsers = if do_parsing {
                self.all_span_parsers()
            } else {
                Parsers::only(Parsers::SPAN_HTML)
            };
            let found = if self.span.depth < super::MAX_DEPTH {
                self.parse_spans(&mut h, Some(&mut stop), parsers)
            } else {
                false
            };
            if found {
                let end = super::spans::html_close_at(&self.span.src, self.span.pos, &name, known)
                    .expect("the stop pattern matched here");
                self.span.pos = end;
            } else {
                let rest = self.span.src[self.span.pos..].to_string();
                let tt = self.span.text_type;
                add_text(&mut h, &rest, tt);
                self.span.pos = self.span.src.len();
            }
        }
        el.children.push(h);
    }
}

/// `gsub(/\n+/, ' ')`.
fn collapse_newlines(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut prev_nl = false;
    for c in v.chars() {
        if c == '\n' {
            if !prev_nl {
                out.push(' ');
            }
            prev_nl = true;
        } else {
            out.push(c);
            prev_nl = false;
        }
    }
    out
}
