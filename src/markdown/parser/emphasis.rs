//! Emphasis: `*em*`, `_em_`, `**strong**`, `__strong__`.

use super::spans::Stop;
use super::{Parser, add_text};
use crate::markdown::element::{Element, Kind};
use crate::markdown::scan;

impl Parser<'_> {
    pub(super) fn parse_emphasis(&mut self, el: &mut Element) {
        let s = &self.span.src;
        let start = self.span.pos;
        let b = s.as_bytes();
        let ty = b[start];
        let len = if b.get(start + 1) == Some(&ty) { 2 } else { 1 };
        let delim = s[start..start + len].to_string();
        let kind = if len == 2 { Kind::Strong } else { Kind::Em };
        self.span.pos = start + len;
        let tt = self.span.text_type;

        // `_` inside a word (after letters, optionally with a hyphen) is not emphasis.
        let intraword = ty == b'_' && {
            let mut chars = s[..start].chars().rev();
            match chars.next() {
                Some(c) if scan::is_alpha(c) => true,
                Some('-') => chars.next().is_some_and(scan::is_alpha),
                _ => false,
            }
        };
        let space_after = b.get(start + len).is_some_and(|&c| scan::is_space(c));
        let nested = self.in_span(kind);
        if intraword || space_after || nested || self.span.depth > super::MAX_DEPTH {
            add_text(el, &delim, tt);
            return;
        }

        let (mut found, mut inner, mut stop_delim) = self.emphasis_sub_parse(&delim, kind, ty);
        let tree_is_em = self.span.tree.is_some_and(|t| t.kind == Kind::Em);
        if !found && kind == Kind::Strong && !tree_is_em {
            self.span.pos = start + 1;
            let single = (ty as char).to_string();
            (found, inner, stop_delim) = self.emphasis_sub_parse(&single, Kind::Em, ty);
        }
        if found {
            self.span.pos += stop_delim.len();
            el.children.push(inner);
        } else {
            self.span.pos = start + len;
            add_text(el, &delim, tt);
        }
    }

    /// Whether the current tree or one of its ancestors is of `kind`.
    pub(super) fn in_span(&self, kind: Kind) -> bool {
        self.span.tree.is_some_and(|t| t.kind == kind)
            || self.span.stack.iter().any(|f| f.kind == kind)
    }

    fn emphasis_sub_parse(&mut self, delim: &str, kind: Kind, ty: u8) -> (bool, Element, String) {
        let mut inner = Element::new(kind);
        let mut stop = Stop::Emphasis {
            delim: delim.to_string(),
            em: kind == Kind::Em,
            underscore: ty == b'_',
        };
        let parsers = self.all_span_parsers();
        let found = self.parse_spans(&mut inner, Some(&mut stop), parsers);
        (found, inner, delim.to_string())
    }
}
