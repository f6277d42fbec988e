//! Footnote markers and the footnotes list kramdown appends to the document.

use super::escape::{Escape, entity_to_str, escape_html, named};
use super::html::{Ctx, FootnoteRef, Html, indented_block_html};
use crate::markdown::element::{Attrs, Element, Kind};

impl Html<'_> {
    pub(super) fn convert_footnote(&mut self, el: &Element) -> String {
        let name = format!("{}{}", self.opts.footnote_prefix, el.value);
        let (number, repeat) = match self.footnotes_by_name.get(&name) {
            Some(&i) => {
                let f = &mut self.footnotes[i];
                f.repeat += 1;
                (f.number, format!(":{}", f.repeat))
            }
            None => {
                let number = self.footnote_counter;
                self.footnote_counter += 1;
                self.footnotes.push(FootnoteRef {
                    name: name.clone(),
                    key: el.opts.key,
                    number,
                    repeat: 0,
                });
                self.footnotes_by_name
                    .insert(name.clone(), self.footnotes.len() - 1);
                (number, String::new())
            }
        };
        format!(
            "<sup id=\"fnref:{name}{repeat}\" role=\"doc-noteref\"><a href=\"#fn:{name}\" class=\"footnote\" rel=\"footnote\">{number}</a></sup>"
        )
    }

    /// `footnote_content`: the footnotes' `<div class="footnotes">` list.
    pub(super) fn footnote_content(&mut self) -> String {
        let mut items = String::new();
        let nbsp = entity_to_str(named("nbsp"), None, self.opts.entity_output);
        let backlink_text = escape_html(&self.opts.footnote_backlink, Escape::Text);
        let mut i = 0;
        while i < self.footnotes.len() {
            let name = self.footnotes[i].name.clone();
            let key = self.footnotes[i].key;
            let content = self
                .doc
                .footnotes
                .get_index(key)
                .map(|(_, f)| f.content.children.clone())
                .unwrap_or_default();
            let mut li = Element::new(Kind::Li);
            li.attr.set("id", format!("fn:{name}"));
            li.attr.set("role", "doc-endnote");
            li.children = content;
            let last_is_p = li.children.last().is_some_and(|c| c.kind == Kind::P);
            // Find the paragraph (or header) the backlink goes into.
            let mut path: Vec<usize> = Vec::new();
            let mut insert_space = false;
            let mut has_para = false;
            if last_is_p || self.opts.footnote_backlink_inline {
                let mut parent = &li;
                while let Some(last) = parent.children.last() {
                    if matches!(last.kind, Kind::P | Kind::Header) {
                        break;
                    }
                    path.push(parent.children.len() - 1);
                    parent = last;
                }
                if !parent.children.is_empty() {
                    path.push(parent.children.len() - 1);
                    has_para = true;
                    insert_space = true;
                }
            }
            if !has_para {
                li.children.push(Element::new(Kind::P));
                path = vec![li.children.len() - 1];
            }
            if !self.opts.footnote_backlink.is_empty() {
                let mut para = &mut li;
                for &k in &path {
                    para = &mut para.children[k];
                }
                let space = if insert_space { nbsp.as_str() } else { "" };
                para.children.push(Element::with_value(
                    Kind::Raw,
                    format!("{space}<a href=\"#fnref:{name}\" class=\"reversefootnote\" role=\"doc-backlink\">{backlink_text}</a>"),
                ));
                for index in 1..=self.footnotes[i].repeat {
                    para.children.push(Element::with_value(
                        Kind::Raw,
                        format!(
                            "{nbsp}<a href=\"#fnref:{name}:{index}\" class=\"reversefootnote\" role=\"doc-backlink\">{backlink_text}<sup>{}</sup></a>",
                            index + 1
                        ),
                    ));
                }
            }
            items.push_str(&self.convert(&li, 4, Ctx::default()));
            i += 1;
        }
        if self.footnotes.is_empty() {
            return String::new();
        }
        let mut ol_attr = Attrs::default();
        if self.footnote_start != 1 {
            ol_attr.set("start", self.footnote_start.to_string());
        }
        let ol = indented_block_html("ol", &ol_attr, &items, 2);
        let div_attr = Attrs(vec![
            ("class".into(), "footnotes".into()),
            ("role".into(), "doc-endnotes".into()),
        ]);
        indented_block_html("div", &div_attr, &ol, 0)
    }
}
