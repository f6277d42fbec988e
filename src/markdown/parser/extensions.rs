//! kramdown's extensions: attribute lists (IAL/ALD, block and span) and the generic
//! `{::name}` extensions (`comment`, `nomarkdown`, `options`).

use super::{Parser, Res, Src, add_text};
use crate::markdown::element::{Category, Element, EobKind, Ial, Kind, join_class};
use crate::markdown::scan::{self, is_space, is_word_byte};

/// A generic extension tag: `{::name attrs}`, `{::name attrs /}` or the stop form `{:/name}`.
struct ExtTag {
    name: String,
    attrs: String,
    self_closed: bool,
    /// The stop form (`{:/name}`), which is an error where a start tag is expected.
    stop: bool,
    end: usize,
}

/// `EXT_START_STR` / `EXT_STOP_STR` at `i`, followed by what `tail` accepts (`\s*?\n` for block
/// tags, nothing for span tags).
fn ext_tag_at(s: &str, i: usize, tail: impl Fn(&str, usize) -> Option<usize>) -> Option<ExtTag> {
    let b = s.as_bytes();
    if s[i..].starts_with("{::") {
        let n0 = i + 3;
        let mut n = n0;
        while n < b.len() && is_word_byte(b[n]) {
            n += 1;
        }
        if n == n0 {
            return None;
        }
        let name = s[n0..n].to_string();
        // (?:\s(ALD_ANY_CHARS*?)|)(\/)?\}
        let close = |x: usize| -> Option<(bool, usize)> {
            let (sc, y) = if b.get(x) == Some(&b'/') {
                (true, x + 1)
            } else {
                (false, x)
            };
            if b.get(y) == Some(&b'}')
                && let Some(end) = tail(s, y + 1)
            {
                return Some((sc, end));
            }
            if sc && b.get(x) == Some(&b'}') {
                return tail(s, x + 1).map(|e| (false, e));
            }
            None
        };
        if b.get(n).is_some_and(|&c| is_space(c)) {
            let a0 = n + 1;
            let mut x = a0;
            loop {
                if let Some((sc, end)) = close(x) {
                    return Some(ExtTag {
                        name,
                        attrs: s[a0..x].to_string(),
                        self_closed: sc,
                        stop: false,
                        end,
                    });
                }
                if x >= b.len() || (b[x] == b'}' && !(x > a0 && b[x - 1] == b'\\')) {
                    break;
                }
                x += scan::char_len_at(s, x);
            }
        }
        if let Some((sc, end)) = close(n) {
            return Some(ExtTag {
                name,
                attrs: String::new(),
                self_closed: sc,
                stop: false,
                end,
            });
        }
        return None;
    }
    if s[i..].starts_with("{:/") {
        let n0 = i + 3;
        let n = scan::ald_id_name(s, n0).unwrap_or(n0);
        if b.get(n) == Some(&b'}') {
            let end = tail(s, n + 1)?;
            return Some(ExtTag {
                name: s[n0..n].to_string(),
                attrs: String::new(),
                self_closed: false,
                stop: true,
                end,
            });
        }
    }
    None
}

/// The stop tag `{:/name}` or `{:/}` at `i`: its end.
fn ext_stop_at(s: &str, i: usize, name: &str) -> Option<usize> {
    let r = &s[i..];
    if !r.starts_with("{:/") {
        return None;
    }
    let r2 = &r[3..];
    if r2.starts_with('}') {
        return Some(i + 4);
    }
    if r2.starts_with(name) && r2[name.len()..].starts_with('}') {
        return Some(i + 3 + name.len() + 1);
    }
    None
}

impl Parser<'_> {
    /// kramdown's `parse_attribute_list`: adds the attributes in `text` to `ial`.
    pub(super) fn parse_attribute_list(&mut self, text: &str, ial: &mut Ial) {
        let t = scan::strip(text);
        if t.is_empty() || t == ":" {
            return;
        }
        let s = text;
        let b = s.as_bytes();
        // str.scan(ALD_TYPE_ANY): each token starts at the beginning or after a whitespace.
        let mut i = 0;
        while i <= b.len() {
            let mut starts = [None, None];
            if i == 0 {
                starts[0] = Some(0);
            }
            if i < b.len() && is_space(b[i]) {
                starts[1] = Some(i + 1);
            }
            let mut matched = None;
            for st in starts.into_iter().flatten() {
                if let Some(end) = attribute_token(s, st, ial) {
                    matched = Some(end);
                    break;
                }
            }
            // A token is never empty, so this always advances.
            i = matched.unwrap_or(i + 1);
        }
        // Noted so that the converter looks for a table of contents only when one may be
        // asked for.
        self.toc_referenced |= ial.refs.iter().any(|r| r == "toc");
    }

    pub(super) fn parse_block_extensions(&mut self, el: &mut Element, src: &mut Src) -> Res {
        let s = &src.s;
        let j = scan::opt_spaces(s, src.pos, 3);
        if !s[j..].starts_with("{:") {
            return Res::No;
        }
        // ALD_START = ^ {0,3}\{:(ALD_ID_NAME):(ALD_ANY_CHARS+)\}\s*?\n
        if let Some(ne) = scan::ald_id_name(s, j + 2)
            && s.as_bytes().get(ne) == Some(&b':')
            && let Some((body_end, end)) = scan::ald_body(s, ne + 1, scan::ws_newline)
        {
            let name = s[j + 2..ne].to_string();
            let body = s[ne + 1..body_end].to_string();
            src.pos = end;
            let mut ald = self.alds.remove(&name).unwrap_or_default();
            self.parse_attribute_list(&body, &mut ald);
            self.alds.insert(name, ald);
            let eob = self.new_eob(Some(EobKind::Ald));
            el.children.push(eob);
            return Res::Yes;
        }
        if let Some(tag) = ext_tag_at(s, j, scan::ws_newline) {
            return self.parse_extension_tag(el, src, tag, Category::Block);
        }
        if let Some((bs, be, end)) = scan::ial_block_start(s, src.pos) {
            let body = s[bs..be].to_string();
            src.pos = end;
            let attach = el.children.last().is_some_and(|last| {
                last.kind != Kind::Blank
                    && (last.kind != Kind::Eob
                        || matches!(
                            last.opts.eob,
                            Some(EobKind::LinkDef | EobKind::AbbrevDef | EobKind::FootnoteDef)
                        ))
            });
            if attach {
                let last = el.children.last_mut().expect("checked");
                if last.kind == Kind::Eob {
                    let key = last.opts.key;
                    let mut ial = self.eob_ials[key].take().unwrap_or_default();
                    self.parse_attribute_list(&body, &mut ial);
                    self.eob_ials[key] = Some(ial);
                } else {
                    let mut ial = last.opts.ial.take().unwrap_or_default();
                    self.parse_attribute_list(&body, &mut ial);
                    el.children.last_mut().expect("checked").opts.ial = Some(ial);
                }
                if scan::ial_block_start(&src.s, src.pos).is_none() {
                    let eob = self.new_eob(Some(EobKind::Ial));
                    el.children.push(eob);
                }
            } else {
                let mut ial = self.block_ial.take().unwrap_or_default();
                self.parse_attribute_list(&body, &mut ial);
                self.block_ial = Some(ial);
            }
            return Res::Yes;
        }
        Res::No
    }

    /// kramdown's `parse_extension_start_tag` and `handle_extension`, block or span.
    fn parse_extension_tag(
        &mut self,
        el: &mut Element,
        src: &mut Src,
        tag: ExtTag,
        cat: Category,
    ) -> Res {
        if tag.stop {
            return Res::No;
        }
        let mut opts = Ial::default();
        self.parse_attribute_list(&tag.attrs, &mut opts);
        let mut body = None;
        let mut end = tag.end;
        if !tag.self_closed {
            let s = &src.s;
            let found = if cat == Category::Block {
                // ^ {0,3}\{:/(name)?\}\s*?\n at a line start
                let mut p = tag.end;
                loop {
                    let q = scan::opt_spaces(s, p, 3);
                    if let Some(e) =
                        ext_stop_at(s, q, &tag.name).and_then(|e| scan::ws_newline(s, e))
                    {
                        break Some((p, e));
                    }
                    let n = scan::next_line(s, p);
                    if n >= s.len() || n == p {
                        break None;
                    }
                    p = n;
                }
            } else {
                let mut p = tag.end;
                loop {
                    match s[p..].find("{:/") {
                        Some(k) => {
                            if let Some(e) = ext_stop_at(s, p + k, &tag.name) {
                                break Some((p + k, e));
                            }
                            p += k + 3;
                        }
                        None => break None,
                    }
                }
            };
            let Some((b_end, e)) = found else {
                return Res::No;
            };
            let mut text = s[tag.end..b_end].to_string();
            if cat == Category::Block && text.ends_with('\n') {
                text.pop();
            }
            body = Some(text);
            end = e;
        }
        match tag.name.as_str() {
            "comment" => {
                if let Some(b) = body {
                    let mut c = Element::with_value(Kind::Comment, b);
                    c.opts.category = Some(cat);
                    el.children.push(c);
                }
            }
            "nomarkdown" => {
                if let Some(b) = body {
                    let mut r = Element::with_value(Kind::Raw, b);
                    r.opts.category = Some(cat);
                    r.opts.rare_mut().raw_types = opts
                        .attrs
                        .get("type")
                        .unwrap_or("")
                        .split_ascii_whitespace()
                        .map(str::to_string)
                        .collect();
                    el.children.push(r);
                }
            }
            "options" => {
                for (k, v) in &opts.attrs.0 {
                    if k != "template" && k != "forbidden_inline_options" {
                        self.opts.to_mut().set_inline(k, v);
                    }
                }
                if cat == Category::Block {
                    let eob = self.new_eob(Some(EobKind::Extension));
                    el.children.push(eob);
                }
            }
            _ => return Res::No,
        }
        src.pos = end;
        Res::Yes
    }

    pub(super) fn parse_span_extensions(&mut self, el: &mut Element) {
        let p = self.span.pos;
        let tt = self.span.text_type;
        if let Some(tag) = ext_tag_at(&self.span.src, p, |_: &str, k: usize| Some(k)) {
            let mut src = Src::new(std::mem::take(&mut self.span.src));
            src.pos = p;
            let res = if self.depth < super::MAX_DEPTH {
                self.parse_extension_tag(el, &mut src, tag, Category::Span)
            } else {
                Res::No
            };
            self.span.src = src.s;
            if res == Res::Yes {
                self.span.pos = src.pos;
            } else {
                self.span.pos = p + 1;
                add_text(el, "{", tt);
            }
            return;
        }
        // IAL_SPAN_START = \{:(ALD_ANY_CHARS+)\}
        let s = &self.span.src;
        if let Some((body_end, end)) = scan::ald_body(s, p + 2, |_: &str, k: usize| Some(k)) {
            let applies = el.children.last().is_some_and(|c| c.kind != Kind::Text);
            if applies {
                let body = s[p + 2..body_end].to_string();
                self.span.pos = end;
                let mut attr = Ial::default();
                self.parse_attribute_list(&body, &mut attr);
                let last = el.children.last_mut().expect("checked");
                last.opts.ial.get_or_insert_with(Box::default).merge(&attr);
                let mut a = std::mem::take(&mut last.attr);
                self.apply_ial(&mut a, &attr);
                el.children.last_mut().expect("checked").attr = a;
                return;
            }
        }
        self.span.pos = p + 1;
        add_text(el, "{", tt);
    }
}

/// One `ALD_TYPE_ANY` token at `st` (key="value", reference, or #id/.class run), added to
/// `ial`; the end of the token.
fn attribute_token(s: &str, st: usize, ial: &mut Ial) -> Option<usize> {
    let b = s.as_bytes();
    let end_or_space = |k: usize| k >= b.len() || is_space(b[k]) || scan::at_end_z(s, k);
    if let Some(ne) = scan::ald_id_name(s, st) {
        // (ALD_ID_NAME)=("|')((?:\\\}|\\\2|[^\}\2])*?)\2(?=\s|\Z)
        if b.get(ne) == Some(&b'=') && matches!(b.get(ne + 1), Some(b'"' | b'\'')) {
            let q = b[ne + 1];
            if let Some(k) = kv_value_end(s, ne + 2, q) {
                let val = unescape_value(&s[ne + 2..k], q);
                ial.attrs.set(&s[st..ne], val);
                return Some(k + 1);
            }
        }
        // (ALD_ID_NAME)(?=\s|\Z)
        if end_or_space(ne) {
            ial.refs.push(s[st..ne].to_string());
            return Some(ne);
        }
    }
    let (end, parts) = id_or_class_multi(s, st)?;
    for (is_id, v) in parts {
        if is_id {
            ial.attrs.set("id", v);
        } else {
            let joined = join_class(ial.attrs.get("class"), &v);
            ial.attrs.set("class", joined);
        }
    }
    Some(end)
}

/// The closing quote of a quoted attribute value starting at `v0`: the lazy
/// `(?:\\\}|\\\2|[^\}\2])*?\2(?=\s|\Z)` with its backtracking (positions already found
/// to fail are not tried again).
fn kv_value_end(s: &str, v0: usize, q: u8) -> Option<usize> {
    let b = s.as_bytes();
    let end_or_space = |k: usize| k >= b.len() || is_space(b[k]) || scan::at_end_z(s, k);
    let mut visited = vec![false; b.len() + 2];
    let mut stack = vec![v0];
    while let Some(k) = stack.pop() {
        if k > b.len() || visited[k] {
            continue;
        }
        visited[k] = true;
        if k < b.len() && b[k] == q && end_or_space(k + 1) {
            return Some(k);
        }
        if k >= b.len() {
            continue;
        }
        let single = (b[k] != b'}' && b[k] != 0x02).then(|| k + scan::char_len_at(s, k));
        let pair = (b[k] == b'\\' && matches!(b.get(k + 1), Some(&c) if c == b'}' || c == q))
            .then_some(k + 2);
        // Preferred alternative last on the stack, so it is tried first.
        if let Some(n) = single {
            stack.push(n);
        }
        if let Some(n) = pair {
            stack.push(n);
        }
    }
    None
}

/// `val.gsub!(/\\(\}|quote)/, "\\1")`.
fn unescape_value(v: &str, q: u8) -> String {
    let b = v.as_bytes();
    let mut out = String::with_capacity(v.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && matches!(b.get(i + 1), Some(&c) if c == b'}' || c == q) {
            out.push(b[i + 1] as char);
            i += 2;
        } else {
            let n = scan::char_len_at(v, i);
            out.push_str(&v[i..i + n]);
            i += n;
        }
    }
    out
}

/// `ALD_TYPE_ID_OR_CLASS_MULTI` followed by `(?=\s|\Z)` at `i`: the end and the ids/classes.
fn id_or_class_multi(s: &str, i: usize) -> Option<(usize, Vec<(bool, String)>)> {
    let b = s.as_bytes();
    let mut parts = Vec::new();
    let mut j = i;
    loop {
        match b.get(j) {
            Some(b'#') if b.get(j + 1).is_some_and(u8::is_ascii_alphabetic) => {
                let mut k = j + 2;
                while k < b.len() && (is_word_byte(b[k]) || b[k] == b':' || b[k] == b'-') {
                    k += 1;
                }
                parts.push((true, s[j + 1..k].to_string()));
                j = k;
            }
            Some(b'.') => {
                let mut k = j + 1;
                while k < b.len() && !is_space(b[k]) && b[k] != b'.' && b[k] != b'#' {
                    k += scan::char_len_at(s, k);
                }
                if k == j + 1 {
                    break;
                }
                parts.push((false, s[j + 1..k].to_string()));
                j = k;
            }
            _ => break,
        }
    }
    if parts.is_empty() {
        return None;
    }
    let ok = j >= b.len() || is_space(b[j]) || scan::at_end_z(s, j);
    ok.then_some((j, parts))
}
