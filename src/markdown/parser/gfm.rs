//! The GFM parser's pass over the finished tree: header ids in GitHub's style and escaped
//! newlines (or all newlines with `hard_wrap`) turned into line breaks.

use super::Parser;
use crate::markdown::element::{Element, Kind};

impl Parser<'_> {
    /// kramdown-parser-gfm's `update_elements`.
    pub(super) fn update_elements(&mut self, el: &mut Element) {
        let hard_wrap = self.opts.hard_wrap;
        let hard_break = if hard_wrap { "\n" } else { "\\\n" };
        let splits = |c: &Element| c.kind == Kind::Text && has_break(&c.value, hard_wrap);
        if !el.children.iter().any(splits) {
            // Nothing to split: update in place rather than move every element.
            for child in &mut el.children {
                self.gfm_update_child(child);
            }
            return;
        }
        let block = el.is_block();
        let children = std::mem::take(&mut el.children);
        let n = children.len();
        let mut out = Vec::with_capacity(n);
        for (i, mut child) in children.into_iter().enumerate() {
            if splits(&child) {
                let is_last = i + 1 == n;
                split_hard_breaks(&child.value, hard_break, block && is_last, &mut out);
            } else {
                self.gfm_update_child(&mut child);
                out.push(child);
            }
        }
        el.children = out;
    }

    /// A child that is not split: a header gets its id, other elements (but raw HTML) are
    /// updated inside.
    fn gfm_update_child(&mut self, child: &mut Element) {
        match child.kind {
            Kind::HtmlElement => {}
            Kind::Header if self.opts.auto_ids && !child.attr.contains("id") => {
                let id = self.gfm_header_id(child.opts.rare().raw_text.as_deref().unwrap_or(""));
                child.attr.set("id", id);
            }
            _ => self.update_elements(child),
        }
    }

    /// `generate_gfm_header_id`: lowercased, punctuation dropped, spaces to dashes, and a
    /// counter suffix for repeats.
    fn gfm_header_id(&mut self, text: &str) -> String {
        let mut result: String = text
            .to_lowercase()
            .chars()
            .filter(|&c| crate::markdown::scan::is_uword(c) || matches!(c, '-' | ' ' | '\t'))
            .map(|c| if c == ' ' || c == '\t' { '-' } else { c })
            .collect();
        let counter = self.id_counter.entry(result.clone()).or_insert(-1);
        *counter += 1;
        if *counter > 0 {
            use std::fmt::Write;
            let _ = write!(result, "-{counter}");
        }
        result.insert_str(0, &self.opts.auto_id_prefix);
        result
    }
}

/// Whether `text` has a line break to turn into `<br />`: any newline with `hard_wrap`,
/// else a backslash-newline. (Every text of the tree is asked: a byte search for the newline
/// is much cheaper than a substring search.)
fn has_break(text: &str, hard_wrap: bool) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'\n', b).any(|i| hard_wrap || (i > 0 && b[i - 1] == b'\\'))
}

/// `update_text_type`: text around each break, a `<br />` between; a break at the very end of
/// a block's last text is dropped.
fn split_hard_breaks(value: &str, hard_break: &str, omit_candidate: bool, out: &mut Vec<Element>) {
    let lines: Vec<&str> = value.split(hard_break).collect();
    let omit_trailing_br = lines.last().is_some_and(|l| l.is_empty()) && omit_candidate;
    let n = lines.len();
    for (index, line) in lines.iter().enumerate() {
        let mut text = String::with_capacity(line.len() + 1);
        if index > 0 {
            text.push('\n');
        }
        text.push_str(line);
        out.push(Element::with_value(Kind::Text, text));
        if index + 2 < n || (index + 2 == n && !omit_trailing_br) {
            out.push(Element::new(Kind::Br));
        }
    }
}
