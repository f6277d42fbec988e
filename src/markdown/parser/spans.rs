//! The span-level parser driver (kramdown's `parse_spans`) and the small span parsers:
//! code spans, autolinks, footnote markers, math, entities, typographic symbols, line breaks,
//! escaped characters and GFM strikethrough.

use super::{Parser, add_text};
use crate::markdown::element::{Category, ContentModel, Element, Kind};
use crate::markdown::entity_table;
use crate::markdown::scan::{self, char_at, is_space};

/// A set of span parsers (kramdown passes a subset for table cells and raw HTML).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Parsers(u16);

impl Parsers {
    pub const EMPHASIS: u16 = 1;
    pub const CODESPAN: u16 = 1 << 1;
    pub const AUTOLINK: u16 = 1 << 2;
    pub const SPAN_HTML: u16 = 1 << 3;
    pub const FOOTNOTE_MARKER: u16 = 1 << 4;
    pub const LINK: u16 = 1 << 5;
    pub const SMART_QUOTES: u16 = 1 << 6;
    pub const INLINE_MATH: u16 = 1 << 7;
    pub const SPAN_EXTENSIONS: u16 = 1 << 8;
    pub const HTML_ENTITY: u16 = 1 << 9;
    pub const TYPOGRAPHIC_SYMS: u16 = 1 << 10;
    pub const LINE_BREAK: u16 = 1 << 11;
    pub const ESCAPED_CHARS: u16 = 1 << 12;
    pub const STRIKETHROUGH: u16 = 1 << 13;

    pub fn has(self, p: u16) -> bool {
        self.0 & p != 0
    }

    pub fn only(p: u16) -> Parsers {
        Parsers(p)
    }
}

/// An ancestor in the span parse (kramdown's `@tree`/`@stack` entries): its kind and whether
/// it is an HTML element with a raw body.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frame {
    pub kind: Kind,
    pub raw: bool,
}

/// The span parser's environment (kramdown's `@src`, `@tree`, `@stack`, `@text_type`).
pub(crate) struct SpanState {
    pub src: String,
    pub pos: usize,
    pub tree: Option<Frame>,
    pub stack: Vec<Frame>,
    pub text_type: Kind,
    /// Nesting depth of `parse_spans`, bounded against pathological input.
    pub depth: usize,
    /// Link attempts known to fail here: (position, image?, enclosing emphasis/link kinds).
    /// Failing again would give the same text, so pathological nesting stays polynomial.
    pub failed: std::collections::HashSet<(usize, u8, u8)>,
    /// Work left for this text. kramdown backtracks without bound (nested brackets or
    /// emphasis take it minutes); once the budget is spent, constructs that would need a
    /// nested parse or an unbounded search stay text, which keeps the work linear. Ordinary
    /// documents never come near it.
    pub budget: u64,
    pub exhausted: bool,
    /// How many of the current tree and its ancestors are em, strong, a, img (the nesting
    /// rules ask this at every delimiter).
    pub kind_counts: [u32; 4],
}

impl SpanState {
    /// A fresh environment for span-parsing `src`.
    pub fn for_text(src: String, text_type: Kind) -> SpanState {
        // Real documents use under ten steps per byte.
        let budget = 32 * src.len() as u64 + 20_000;
        SpanState {
            src,
            text_type,
            budget,
            ..SpanState::default()
        }
    }

    /// Accounts for `n` steps of work.
    pub fn spend(&mut self, n: usize) {
        let n = n as u64;
        if self.budget < n {
            self.budget = 0;
            self.exhausted = true;
        } else {
            self.budget -= n;
        }
    }
}

impl Default for SpanState {
    fn default() -> SpanState {
        SpanState {
            src: String::new(),
            pos: 0,
            tree: None,
            stack: Vec::new(),
            text_type: Kind::Text,
            depth: 0,
            failed: std::collections::HashSet::new(),
            budget: 0,
            exhausted: false,
            kind_counts: [0; 4],
        }
    }
}

/// What ends a nested span parse (kramdown's `stop_re` with the block deciding whether a match
/// counts).
pub(super) enum Stop {
    /// The closing emphasis delimiter.
    Emphasis {
        delim: String,
        em: bool,
        underscore: bool,
    },
    /// `(\])|!?\[` inside link text, with the bracket count.
    LinkBracket { count: i64 },
    /// `</name\s*>`.
    HtmlClose { name: String, ignore_case: bool },
}

impl Stop {
    /// Whether the stop pattern matches at `i`; for links also whether it was `]`.
    fn matches(&self, s: &str, i: usize) -> Option<bool> {
        let b = s.as_bytes();
        match self {
            Stop::Emphasis { delim, .. } => s[i..].starts_with(delim.as_str()).then_some(false),
            Stop::LinkBracket { .. } => match b.get(i) {
                Some(b']') => Some(true),
                Some(b'[') => Some(false),
                Some(b'!') if b.get(i + 1) == Some(&b'[') => Some(false),
                _ => None,
            },
            Stop::HtmlClose { name, ignore_case } => {
                html_close_at(s, i, name, *ignore_case).map(|_| false)
            }
        }
    }
}

/// `</name\s*>` at `i`: the position after it.
pub(super) fn html_close_at(s: &str, i: usize, name: &str, ignore_case: bool) -> Option<usize> {
    let b = s.as_bytes();
    if !b[i..].starts_with(b"</") {
        return None;
    }
    let n = i + 2;
    let cand = s.get(n..n + name.len())?;
    let same = if ignore_case {
        cand.eq_ignore_ascii_case(name)
    } else {
        cand == name
    };
    if !same {
        return None;
    }
    let mut j = n + name.len();
    while j < b.len() && is_space(b[j]) {
        j += 1;
    }
    (b.get(j) == Some(&b'>')).then_some(j + 1)
}

impl Parser<'_> {
    /// The span parsers in force: all of GFM's, less those options turn off.
    pub(super) fn all_span_parsers(&self) -> Parsers {
        if self.smarty {
            return Parsers(
                Parsers::SMART_QUOTES
                    | Parsers::HTML_ENTITY
                    | Parsers::TYPOGRAPHIC_SYMS
                    | Parsers::SPAN_HTML,
            );
        }
        let mut p = (1u16 << 14) - 1;
        if !self.gfm {
            p &= !Parsers::STRIKETHROUGH;
        }
        if self.gfm && self.opts.hard_wrap {
            p &= !Parsers::LINE_BREAK;
        }
        if self.gfm
            && self
                .opts
                .gfm_quirks
                .iter()
                .any(|q| q == "no_auto_typographic")
        {
            p &= !Parsers::TYPOGRAPHIC_SYMS;
        }
        Parsers(p)
    }

    /// Span-parses one block's raw text (kramdown's `update_tree` step for `:raw_text`).
    pub(super) fn parse_raw_text(&mut self, text: String) -> Vec<Element> {
        let saved = std::mem::replace(&mut self.span, SpanState::for_text(text, Kind::Text));
        let mut holder = Element::new(Kind::RawText);
        let parsers = self.all_span_parsers();
        self.parse_spans(&mut holder, None, parsers);
        self.span = saved;
        holder.children
    }

    /// kramdown's `parse_spans`: parses from the current position into `el` until the end or
    /// until `stop` matches and is accepted. Returns whether it stopped at `stop`.
    pub(super) fn parse_spans(
        &mut self,
        el: &mut Element,
        mut stop: Option<&mut Stop>,
        parsers: Parsers,
    ) -> bool {
        if let Some(t) = self.span.tree.take() {
            self.span.stack.push(t);
        }
        let pushed = !self.span.stack.is_empty();
        let prev_tree_was_some = pushed;
        self.span.tree = Some(Frame {
            kind: el.kind,
            raw: el.opts.content_model == Some(ContentModel::Raw),
        });
        let counted = kind_slot(el.kind);
        if let Some(k) = counted {
            self.span.kind_counts[k] += 1;
        }
        self.span.depth += 1;
        let text_type = self.span.text_type;
        let mut stop_found = false;
        while self.span.pos < self.span.src.len() && !stop_found {
            if self.span.exhausted && stop.is_some() {
                // Out of budget: a nested construct is given up as not closed.
                break;
            }
            let Some(p) = self.next_span_start(stop.as_deref(), parsers) else {
                if stop.is_none() {
                    add_text(el, &self.span.src[self.span.pos..], text_type);
                    self.span.pos = self.span.src.len();
                }
                break;
            };
            if p > self.span.pos {
                add_text(el, &self.span.src[self.span.pos..p], text_type);
                self.span.pos = p;
            }
            if let Some(st) = stop.as_deref_mut()
                && let Some(closing) = st.matches(&self.span.src, p)
            {
                stop_found = self.accept_stop(st, closing, el);
            }
            if !stop_found {
                let processed = self.try_span_parsers(el, parsers);
                if !processed {
                    let n = scan::char_len_at(&self.span.src, self.span.pos);
                    add_text(
                        el,
                        &self.span.src[self.span.pos..self.span.pos + n],
                        text_type,
                    );
                    self.span.pos += n;
                }
            }
        }
        self.span.depth -= 1;
        if let Some(k) = counted {
            self.span.kind_counts[k] -= 1;
        }
        self.span.tree = if prev_tree_was_some {
            self.span.stack.pop()
        } else {
            None
        };
        stop_found
    }

    /// The block kramdown passes with a stop pattern: whether this match ends the parse.
    fn accept_stop(&mut self, stop: &mut Stop, closing: bool, el: &Element) -> bool {
        let s = &self.span.src;
        let pos = self.span.pos;
        match stop {
            Stop::Emphasis {
                delim,
                em,
                underscore,
            } => {
                let prev_ok =
                    scan::char_before(s, pos).is_none_or(|c| !(c.is_ascii() && is_space(c as u8)));
                let d = delim.as_str();
                let double = {
                    let rest = &s[pos..];
                    rest.starts_with(d)
                        && rest[d.len()..].starts_with(d)
                        && !rest[2 * d.len()..].starts_with(d)
                };
                let alnum_after = char_at(s, pos + d.len()).is_some_and(scan::is_alnum);
                prev_ok
                    && (!*em || !double)
                    && (!*underscore || !alnum_after)
                    && !el.children.is_empty()
            }
            Stop::LinkBracket { count } => {
                *count += if closing { -1 } else { 1 };
                let imgs = el.children.iter().filter(|c| c.kind == Kind::Img).count() as i64;
                *count - imgs == 0
            }
            Stop::HtmlClose { .. } => true,
        }
    }

    /// The next position from the current one where a stop pattern or a span parser's start
    /// pattern matches (kramdown's `scan_until(span_start_re)`).
    fn next_span_start(&mut self, stop: Option<&Stop>, parsers: Parsers) -> Option<usize> {
        let s = &self.span.src;
        let b = s.as_bytes();
        let start = self.span.pos;
        let starts_here = |i: usize| {
            stop.is_some_and(|st| st.matches(s, i).is_some()) || span_start_at(s, i, parsers)
        };
        // Most characters start nothing: skip bytes that can start no span (all of them ASCII,
        // so every stop is at a character boundary) and look closer at the rest.
        let mut p = start;
        let mut found = None;
        while p < b.len() {
            let Some(k) = b[p..].iter().position(|&c| MAY_START[c as usize]) else {
                p = b.len();
                break;
            };
            let q = p + k;
            let c = b[q];
            if matches!(c, b'"' | b'\'') && q > start {
                // Any character before a quote may start a smart quote; if it is one of the
                // bytes looked at before, it was tried then.
                let mut before = q - 1;
                while before > start && b[before] & 0xC0 == 0x80 {
                    before -= 1;
                }
                if before >= p && starts_here(before) {
                    p = before;
                    found = Some(p);
                    break;
                }
            }
            let candidate = c != b' '
                // A space starts only ` <<`, ` >>` and the `  \n` line break.
                || matches!(b.get(q + 1), Some(b'<' | b'>' | b' ' | b'"' | b'\''));
            if candidate && starts_here(q) {
                p = q;
                found = Some(p);
                break;
            }
            p = q + 1;
        }
        self.span.spend(p - start + 1);
        found
    }

    /// Tries the span parsers in kramdown's order at the current position.
    fn try_span_parsers(&mut self, el: &mut Element, parsers: Parsers) -> bool {
        // Out of budget, only the parsers that look at a bounded stretch of text run.
        let parsers = if self.span.exhausted {
            Parsers(
                parsers.0
                    & !(Parsers::EMPHASIS
                        | Parsers::CODESPAN
                        | Parsers::SPAN_HTML
                        | Parsers::LINK
                        | Parsers::INLINE_MATH
                        | Parsers::SPAN_EXTENSIONS
                        | Parsers::STRIKETHROUGH),
            )
        } else {
            parsers
        };
        let s = &self.span.src;
        let p = self.span.pos;
        let b = s.as_bytes();
        let c = b[p];
        if parsers.has(Parsers::EMPHASIS) && (c == b'*' || c == b'_') {
            self.parse_emphasis(el);
            return true;
        }
        if parsers.has(Parsers::CODESPAN) && c == b'`' {
            self.parse_codespan(el);
            return true;
        }
        if parsers.has(Parsers::AUTOLINK)
            && let Some(m) = autolink_at(s, p)
        {
            self.parse_autolink(el, m);
            return true;
        }
        if parsers.has(Parsers::SPAN_HTML) && span_html_start(s, p) {
            self.parse_span_html(el);
            return true;
        }
        if parsers.has(Parsers::FOOTNOTE_MARKER)
            && c == b'['
            && b.get(p + 1) == Some(&b'^')
            && let Some(e) = scan::ald_id_name(s, p + 2).filter(|&e| b.get(e) == Some(&b']'))
        {
            self.parse_footnote_marker(el, p + 2, e);
            return true;
        }
        if parsers.has(Parsers::LINK) {
            let q = if c == b'!' { p + 1 } else { p };
            if b.get(q) == Some(&b'[') && b.get(q + 1).is_some_and(|&n| n != b'^') {
                self.parse_link(el);
                return true;
            }
        }
        if parsers.has(Parsers::SMART_QUOTES) && smart_quote_start(s, p) {
            self.parse_smart_quotes(el);
            return true;
        }
        if parsers.has(Parsers::INLINE_MATH)
            && s[p..].starts_with("$$")
            && let Some(k) = s[p + 2..].find("$$")
        {
            let body = scan::strip(&s[p + 2..p + 2 + k]).to_string();
            self.span.pos = p + 2 + k + 2;
            let mut m = Element::with_value(Kind::Math, body);
            m.opts.category = Some(Category::Span);
            el.children.push(m);
            return true;
        }
        if parsers.has(Parsers::SPAN_EXTENSIONS) && s[p..].starts_with("{:") {
            self.parse_span_extensions(el);
            return true;
        }
        if parsers.has(Parsers::HTML_ENTITY)
            && let Some((end, ent)) = html_entity_at(s, p)
        {
            self.parse_html_entity(el, end, ent);
            return true;
        }
        if parsers.has(Parsers::TYPOGRAPHIC_SYMS)
            && let Some((len, sym)) = typographic_at(s, p)
        {
            self.span.pos = p + len;
            match sym {
                "lt" | "gt" => {
                    for _ in 0..2 {
                        el.children
                            .push(entity_el(entity_table::by_name(sym).expect("known"), None));
                    }
                }
                _ => el
                    .children
                    .push(Element::with_value(Kind::TypographicSym, sym)),
            }
            return true;
        }
        if parsers.has(Parsers::LINE_BREAK)
            && (s[p..].starts_with("  \n") || s[p..].starts_with("\\\\\n"))
        {
            self.span.pos = p + 2;
            el.children.push(Element::new(Kind::Br));
            return true;
        }
        if parsers.has(Parsers::ESCAPED_CHARS) && c == b'\\' {
            let esc: &[u8] = if self.gfm {
                b"\\.*_+`<>()[]{}#!:|\"'$=-~"
            } else {
                b"\\.*_+`<>()[]{}#!:|\"'$=-"
            };
            if let Some(&n) = b.get(p + 1).filter(|n| esc.contains(n)) {
                self.span.pos = p + 2;
                let tt = self.span.text_type;
                add_text(el, &(n as char).to_string(), tt);
                return true;
            }
        }
        if parsers.has(Parsers::STRIKETHROUGH)
            && let Some(end) = strikethrough_at(s, p)
        {
            self.parse_strikethrough(el, p, end);
            return true;
        }
        false
    }

    fn parse_codespan(&mut self, el: &mut Element) {
        let s = &self.span.src;
        let start = self.span.pos;
        let run = s[start..].bytes().take_while(|&c| c == b'`').count();
        let delim = s[start..start + run].to_string();
        let after = start + run;
        self.span.pos = after;
        let tt = self.span.text_type;
        let simple = run == 1;
        let pre_ws = start == 0
            || scan::char_before(s, start).is_some_and(|c| c.is_ascii() && is_space(c as u8));
        let next_ws = s.as_bytes().get(after).is_some_and(|&c| is_space(c));
        if simple && pre_ws && next_ws {
            add_text(el, &delim, tt);
            return;
        }
        let found = s[after..].find(&delim);
        self.span.spend(found.unwrap_or(s.len() - after));
        let s = &self.span.src;
        match found {
            Some(k) => {
                let mut text = &s[after..after + k];
                if !simple {
                    text = text.strip_prefix(' ').unwrap_or(text);
                    text = text.strip_suffix(' ').unwrap_or(text);
                }
                let code = Element::with_value(Kind::Codespan, text);
                self.span.pos = after + k + run;
                el.children.push(code);
            }
            None => add_text(el, &delim, tt),
        }
    }

    fn parse_autolink(&mut self, el: &mut Element, m: Autolink) {
        let s = &self.span.src;
        let body = s[m.body.0..m.body.1].to_string();
        self.span.pos = m.end;
        let mut a = Element::new(Kind::A);
        let href = if m.scheme {
            body.clone()
        } else {
            format!("mailto:{body}")
        };
        a.attr.set("href", href);
        let text = body.strip_prefix("mailto:").unwrap_or(&body);
        let tt = self.span.text_type;
        add_text(&mut a, text, tt);
        el.children.push(a);
    }

    fn parse_footnote_marker(&mut self, el: &mut Element, name_start: usize, name_end: usize) {
        let name = self.span.src[name_start..name_end].to_string();
        self.span.pos = name_end + 1;
        if let Some(idx) = self.footnotes.get_index_of(&name) {
            self.footnote_used.insert(name.clone(), true);
            let mut f = Element::with_value(Kind::Footnote, name);
            f.opts.key = idx;
            el.children.push(f);
        } else {
            let text = format!("[^{name}]");
            let tt = self.span.text_type;
            add_text(el, &text, tt);
        }
    }

    fn parse_html_entity(&mut self, el: &mut Element, end: usize, ent: EntityRef) {
        let original = self.span.src[self.span.pos..end].to_string();
        self.span.pos = end;
        match ent {
            EntityRef::Known(e) => el.children.push(entity_el(e, Some(original))),
            EntityRef::UnknownName => {
                el.children
                    .push(entity_el(entity_table::by_name("amp").expect("amp"), None));
                let tt = self.span.text_type;
                add_text(el, &original[1..], tt);
            }
        }
    }

    fn parse_strikethrough(&mut self, el: &mut Element, start: usize, end: usize) {
        let inner = self.span.src[start + 2..end - 2].to_string();
        self.span.pos = end;
        let mut del = Element::with_value(Kind::HtmlElement, "del");
        del.opts.category = Some(Category::Span);
        // GFM parses the inside with a fresh environment: no enclosing elements are seen.
        let mut fresh = SpanState::for_text(inner, Kind::Text);
        fresh.depth = self.span.depth;
        fresh.budget = self.span.budget;
        fresh.exhausted = self.span.exhausted;
        let mut saved = std::mem::replace(&mut self.span, fresh);
        let parsers = self.all_span_parsers();
        if self.span.depth < super::MAX_DEPTH {
            self.parse_spans(&mut del, None, parsers);
        } else {
            let text = std::mem::take(&mut self.span.src);
            add_text(&mut del, &text, Kind::Text);
        }
        saved.budget = self.span.budget;
        saved.exhausted = self.span.exhausted;
        self.span = saved;
        el.children.push(del);
    }
}

/// The slot of `kind` in [`SpanState::kind_counts`].
pub(super) fn kind_slot(kind: Kind) -> Option<usize> {
    match kind {
        Kind::Em => Some(0),
        Kind::Strong => Some(1),
        Kind::A => Some(2),
        Kind::Img => Some(3),
        _ => None,
    }
}

/// An entity element.
pub(super) fn entity_el(e: entity_table::Entity, original: Option<String>) -> Element {
    let mut el = Element::with_value(Kind::Entity, e.name.unwrap_or(""));
    el.opts.code_point = e.code_point;
    if original.is_some() {
        el.opts.rare_mut().original = original;
    }
    el
}

/// The bytes a span (or a stop pattern) can start with; a character before a quote can
/// start a smart quote too, which the caller checks.
const MAY_START: [bool; 256] = {
    let mut t = [false; 256];
    let bytes = b"*_`<[]!\"'$&-.>\\~ {";
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
};

/// Whether kramdown's combined span start pattern matches at `i`.
fn span_start_at(s: &str, i: usize, parsers: Parsers) -> bool {
    let b = s.as_bytes();
    let c = b[i];
    let next = b.get(i + 1).copied();
    (parsers.has(Parsers::EMPHASIS) && (c == b'*' || c == b'_'))
        || (parsers.has(Parsers::CODESPAN) && c == b'`')
        || ((parsers.has(Parsers::AUTOLINK) || parsers.has(Parsers::SPAN_HTML)) && c == b'<')
        || ((parsers.has(Parsers::FOOTNOTE_MARKER) || parsers.has(Parsers::LINK)) && c == b'[')
        || (parsers.has(Parsers::LINK) && c == b'!' && next == Some(b'['))
        || (parsers.has(Parsers::SMART_QUOTES) && smart_quote_start(s, i))
        || (parsers.has(Parsers::INLINE_MATH) && c == b'$')
        || (parsers.has(Parsers::SPAN_EXTENSIONS) && c == b'{' && next == Some(b':'))
        || (parsers.has(Parsers::HTML_ENTITY) && c == b'&')
        || (parsers.has(Parsers::TYPOGRAPHIC_SYMS) && typographic_start(s, i))
        || (parsers.has(Parsers::LINE_BREAK)
            && (s[i..].starts_with("  \n") || s[i..].starts_with("\\\\\n")))
        || (parsers.has(Parsers::ESCAPED_CHARS) && c == b'\\')
        || (parsers.has(Parsers::STRIKETHROUGH) && c == b'~' && next == Some(b'~'))
}

/// `[^\\]?["']` at `i`.
pub(super) fn smart_quote_start(s: &str, i: usize) -> bool {
    let b = s.as_bytes();
    if matches!(b[i], b'"' | b'\'') {
        return true;
    }
    b[i] != b'\\' && matches!(b.get(i + scan::char_len_at(s, i)), Some(b'"' | b'\''))
}

/// The typographic symbols' span start: `--|\.\.\.|(?:\\| )?(?:<<|>>)`.
fn typographic_start(s: &str, i: usize) -> bool {
    let r = &s[i..];
    r.starts_with("--")
        || r.starts_with("...")
        || r.starts_with("<<")
        || r.starts_with(">>")
        || ((r.starts_with('\\') || r.starts_with(' '))
            && (r[1..].starts_with("<<") || r[1..].starts_with(">>")))
}

/// `TYPOGRAPHIC_SYMS_RE` at `i`: (match length, symbol name; `lt`/`gt` for the escaped pairs).
fn typographic_at(s: &str, i: usize) -> Option<(usize, &'static str)> {
    let r = &s[i..];
    const SYMS: [(&str, &str); 9] = [
        ("---", "mdash"),
        ("--", "ndash"),
        ("...", "hellip"),
        ("\\<<", "lt"),
        ("\\>>", "gt"),
        ("<< ", "laquo_space"),
        (" >>", "raquo_space"),
        ("<<", "laquo"),
        (">>", "raquo"),
    ];
    SYMS.iter()
        .find(|(k, _)| r.starts_with(k))
        .map(|&(k, v)| (k.len(), v))
}

/// An autolink match: the text between the angle brackets and whether it had a scheme.
pub(super) struct Autolink {
    body: (usize, usize),
    scheme: bool,
    end: usize,
}

/// `AUTOLINK_START` = `<((mailto|https?|ftps?):.+?|[ACHARS]+?@[ACHARS]+?)>` at `i`.
fn autolink_at(s: &str, i: usize) -> Option<Autolink> {
    let b = s.as_bytes();
    if b.get(i) != Some(&b'<') {
        return None;
    }
    let r = &s[i + 1..];
    for scheme in ["mailto:", "https:", "http:", "ftps:", "ftp:"] {
        if r.starts_with(scheme) {
            let from = i + 1 + scheme.len();
            // .+? then > : the first > after at least one character on the line.
            let first = scan::char_len_at(s, from);
            if from < b.len() && b[from] != b'\n' {
                let e = scan::line_end(s, from);
                if let Some(k) = s[from + first..e].find('>') {
                    let close = from + first + k;
                    return Some(Autolink {
                        body: (i + 1, close),
                        scheme: true,
                        end: close + 1,
                    });
                }
            }
        }
    }
    let achar = |c: char| scan::is_alnum(c) || matches!(c, '-' | '_' | '.');
    let mut j = i + 1;
    while let Some(c) = char_at(s, j).filter(|&c| achar(c)) {
        j += c.len_utf8();
    }
    if j == i + 1 || b.get(j) != Some(&b'@') {
        return None;
    }
    let d = j + 1;
    let mut k = d;
    while let Some(c) = char_at(s, k).filter(|&c| achar(c)) {
        k += c.len_utf8();
    }
    if k == d || b.get(k) != Some(&b'>') {
        return None;
    }
    Some(Autolink {
        body: (i + 1, k),
        scheme: false,
        end: k + 1,
    })
}

/// `HTML_SPAN_START` = `<(UNAME|!--|\/)` at `i`.
fn span_html_start(s: &str, i: usize) -> bool {
    let b = s.as_bytes();
    b.get(i) == Some(&b'<')
        && (b[i + 1..].starts_with(b"!--")
            || b.get(i + 1) == Some(&b'/')
            || scan::uname(s, i + 1).is_some())
}

/// A matched entity reference.
pub(super) enum EntityRef {
    Known(entity_table::Entity),
    /// `&name;` with a name kramdown does not know: output as `&amp;` and the rest as text.
    UnknownName,
}

/// `HTML_ENTITY_RE` = `&([\w:][\-\w\.:]*);|&#(\d+);|&\#x([0-9a-fA-F]+);` at `i`.
pub(super) fn html_entity_at(s: &str, i: usize) -> Option<(usize, EntityRef)> {
    let b = s.as_bytes();
    if b.get(i) != Some(&b'&') {
        return None;
    }
    let j = i + 1;
    if b.get(j)
        .is_some_and(|&c| scan::is_word_byte(c) || c == b':')
    {
        let mut k = j + 1;
        while k < b.len() && (scan::is_word_byte(b[k]) || matches!(b[k], b'-' | b'.' | b':')) {
            k += 1;
        }
        if b.get(k) == Some(&b';') {
            let name = &s[j..k];
            return Some((
                k + 1,
                entity_table::by_name(name).map_or(EntityRef::UnknownName, EntityRef::Known),
            ));
        }
        return None;
    }
    if b.get(j) == Some(&b'#') {
        if b.get(j + 1) == Some(&b'x') {
            let d = j + 2;
            let mut k = d;
            while k < b.len() && b[k].is_ascii_hexdigit() {
                k += 1;
            }
            if k > d && b.get(k) == Some(&b';') {
                let cp = u32::from_str_radix(&s[d..k], 16).unwrap_or(u32::MAX);
                return Some((k + 1, EntityRef::Known(entity_table::by_code_point(cp))));
            }
            return None;
        }
        let d = j + 1;
        let mut k = d;
        while k < b.len() && b[k].is_ascii_digit() {
            k += 1;
        }
        if k > d && b.get(k) == Some(&b';') {
            let cp = s[d..k].parse::<u32>().unwrap_or(u32::MAX);
            return Some((k + 1, EntityRef::Known(entity_table::by_code_point(cp))));
        }
    }
    None
}

/// `STRIKETHROUGH_MATCH` = `~~(?!\s|~).*?[^\s~]~~` (multi-line) at `i`: the end of the match.
fn strikethrough_at(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    if !b[i..].starts_with(b"~~") {
        return None;
    }
    let first = *b.get(i + 2)?;
    if is_space(first) || first == b'~' {
        return None;
    }
    let mut k = i + 2;
    while k + 2 < b.len() {
        if !is_space(b[k]) && b[k] != b'~' && b[k + 1] == b'~' && b.get(k + 2) == Some(&b'~') {
            return Some(k + 3);
        }
        k += 1;
    }
    None
}
