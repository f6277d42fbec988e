//! Definitions: links (`[id]: url "title"`), footnotes (`[^name]: text`) and abbreviations
//! (`*[HTML]: text`), and the marking of abbreviations in text.

use super::blocks::codeblock_match;
use super::{Footnote, LinkDef, Parser, Res, Src, normalize_link_id};
use crate::markdown::element::{Element, EobKind, Kind};
use crate::markdown::scan::{self, is_space};

/// A matched link definition.
struct LinkDefMatch {
    id: String,
    url: String,
    title: Option<String>,
    end: usize,
}

/// `LINK_DEFINITION_START` at `i` (and kramdown's rejection of a URL with a space before a
/// quote).
fn link_def_at(s: &str, i: usize) -> Option<LinkDefMatch> {
    let b = s.as_bytes();
    let j = scan::opt_spaces(s, i, 3);
    if b.get(j) != Some(&b'[') {
        return None;
    }
    let id_end = j + 1 + b[j + 1..].iter().position(|&c| c == b']' || c == b'\n')?;
    if b[id_end] != b']' || id_end == j + 1 || b.get(id_end + 1) != Some(&b':') {
        return None;
    }
    let id = s[j + 1..id_end].to_string();
    let mut u0 = id_end + 2;
    while u0 < b.len() && matches!(b[u0], b' ' | b'\t') {
        u0 += 1;
    }
    let eol = scan::line_end(s, u0);
    if eol >= b.len() {
        return None;
    }
    // <(.*?)>
    if b[u0] == b'<' {
        let mut g = u0 + 1;
        while let Some(k) = s[g..eol].find('>') {
            let gt = g + k;
            if let Some((title, end)) = title_or_end(s, gt + 1) {
                return Some(LinkDefMatch {
                    id,
                    url: s[u0 + 1..gt].to_string(),
                    title,
                    end,
                });
            }
            g = gt + 1;
        }
    }
    // ([^\n]*?\S[^\n]*?): the shortest URL with a non-space that lets the rest match.
    let mut e = u0;
    let mut has_nonspace = false;
    while e < eol {
        let c = scan::char_at(s, e).expect("in bounds");
        if !(c.is_ascii() && is_space(c as u8)) {
            has_nonspace = true;
        }
        e += c.len_utf8();
        if !has_nonspace {
            continue;
        }
        if e < eol && !matches!(b[e], b' ' | b'\t') {
            continue;
        }
        if let Some((title, end)) = title_or_end(s, e) {
            let url = &s[u0..e];
            // kramdown rejects the whole definition when the URL has a space before a quote.
            let ub = url.as_bytes();
            if (1..ub.len())
                .any(|k| matches!(ub[k], b'"' | b'\'') && matches!(ub[k - 1], b' ' | b'\t'))
            {
                return None;
            }
            return Some(LinkDefMatch {
                id,
                url: url.to_string(),
                title,
                end,
            });
        }
    }
    None
}

/// After a definition's URL: an optional title (same line, or alone on the next line) and the
/// end of the line. Returns (title, end of the match).
fn title_or_end(s: &str, e: usize) -> Option<(Option<String>, usize)> {
    let b = s.as_bytes();
    let blank_to_eol = scan::blank_rest(s, e);
    // The title, on the next line when the rest of this one is blank, else after spaces.
    let title_start = match blank_to_eol {
        Some(nl) => Some(nl),
        None if matches!(b.get(e), Some(b' ' | b'\t')) => Some(e),
        None => None,
    };
    if let Some(t0) = title_start {
        let mut q = t0;
        while q < b.len() && matches!(b[q], b' ' | b'\t') {
            q += 1;
        }
        if let Some(&quote @ (b'"' | b'\'')) = b.get(q) {
            let eol = scan::line_end(s, q);
            if eol < b.len() {
                let mut last = eol;
                while last > q && matches!(b[last - 1], b' ' | b'\t') {
                    last -= 1;
                }
                // The closing quote is the last non-blank character, after a non-empty title.
                if last >= q + 3 && b[last - 1] == quote {
                    return Some((Some(s[q + 1..last - 1].to_string()), eol + 1));
                }
            }
        }
    }
    blank_to_eol.map(|end| (None, end))
}

impl Parser<'_> {
    pub(super) fn parse_link_definition(&mut self, el: &mut Element, src: &mut Src) -> Res {
        let Some(m) = link_def_at(&src.s, src.pos) else {
            return Res::No;
        };
        src.pos = m.end;
        let eob = self.new_eob(Some(EobKind::LinkDef));
        let key = eob.opts.key;
        el.children.push(eob);
        self.link_defs.insert(
            normalize_link_id(&m.id),
            LinkDef {
                url: m.url,
                title: m.title,
                eob: Some(key),
            },
        );
        Res::Yes
    }

    pub(super) fn parse_footnote_definition(&mut self, el: &mut Element, src: &mut Src) -> Res {
        let s = &src.s;
        let b = s.as_bytes();
        let j = scan::opt_spaces(s, src.pos, 3);
        if !s[j..].starts_with("[^") {
            return Res::No;
        }
        let Some(ne) = scan::ald_id_name(s, j + 2) else {
            return Res::No;
        };
        if !s[ne..].starts_with("]:") {
            return Res::No;
        }
        let name = s[j + 2..ne].to_string();
        let c0 = ne + 2;
        let first_end = scan::next_line(s, c0);
        if first_end > b.len() || !s[c0..first_end].ends_with('\n') {
            return Res::No;
        }
        let end = codeblock_match(s, first_end);
        let content = scan::gsub_line_starts(&s[c0..end], scan::indent_len);
        src.pos = end;
        let mut def = Element::new(Kind::FootnoteDef);
        if self.depth < super::MAX_DEPTH {
            self.parse_blocks(&mut def, &mut Src::new(content));
        }
        let eob = self.new_eob(Some(EobKind::FootnoteDef));
        el.children.push(eob);
        self.footnotes.insert(name, Footnote { content: def });
        Res::Yes
    }

    pub(super) fn parse_abbrev_definition(&mut self, el: &mut Element, src: &mut Src) -> Res {
        // ^ {0,3}\*\[(.+?)\]:(.*?)\n
        let s = &src.s;
        let j = scan::opt_spaces(s, src.pos, 3);
        if !s[j..].starts_with("*[") {
            return Res::No;
        }
        let eol = scan::line_end(s, j);
        if eol >= s.len() {
            return Res::No;
        }
        let first = j + 2 + scan::char_len_at(s, j + 2);
        let Some(k) = s.get(first..eol).and_then(|t| t.find("]:")) else {
            return Res::No;
        };
        let id = s[j + 2..first + k].to_string();
        let text = scan::strip(&s[first + k + 2..eol]).to_string();
        src.pos = eol + 1;
        let eob = self.new_eob(Some(EobKind::AbbrevDef));
        let key = eob.opts.key;
        el.children.push(eob);
        self.abbrev_defs.insert(id.clone(), text);
        self.abbrev_eob.insert(id, key);
        Res::Yes
    }

    /// kramdown's `correct_abbreviations_attributes`: each abbreviation takes the attributes
    /// its definition's IAL gave.
    pub(super) fn correct_abbreviation_attributes(&mut self) {
        for (id, key) in &self.abbrev_eob {
            let attr = self.eob_attrs.get(key).cloned().unwrap_or_default();
            self.abbrev_attrs.insert(id.clone(), attr);
        }
    }

    /// kramdown's `replace_abbreviations`: splits text elements around abbreviations.
    pub(super) fn replace_abbreviations(&self, el: &mut Element) {
        if self.abbrev_defs.is_empty() {
            return;
        }
        let mut abbrevs: Vec<&str> = self.abbrev_defs.keys().map(String::as_str).collect();
        abbrevs.sort_by_key(|a| std::cmp::Reverse(a.len()));
        replace_in(el, &abbrevs);
    }
}

fn replace_in(el: &mut Element, abbrevs: &[&str]) {
    let raw = el.is_raw_html();
    let splits =
        |c: &Element| c.kind == Kind::Text && !raw && abbrevs.iter().any(|a| c.value.contains(a));
    if !el.children.iter().any(splits) {
        // Nothing to split here: recurse in place rather than move every child.
        for child in &mut el.children {
            if child.kind != Kind::Text || raw {
                replace_in(child, abbrevs);
            }
        }
        return;
    }
    let children = std::mem::take(&mut el.children);
    let mut out = Vec::with_capacity(children.len());
    for mut child in children {
        if child.kind == Kind::Text && !raw {
            if abbrevs.iter().any(|a| child.value.contains(a)) {
                split_text(&child.value, abbrevs, &mut out);
            } else {
                out.push(child);
            }
        } else {
            replace_in(&mut child, abbrevs);
            out.push(child);
        }
    }
    el.children = out;
}

/// The first abbreviation (in length order) that matches at `i`.
fn abbrev_at<'a>(s: &str, i: usize, abbrevs: &[&'a str]) -> Option<&'a str> {
    abbrevs.iter().copied().find(|a| s[i..].starts_with(a))
}

fn is_w(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `(?:\W|^)ABBR(?!\w)` matches at `p` (scanning from `from`).
fn abbrev_here(s: &str, p: usize, from: usize, abbrevs: &[&str]) -> bool {
    let c = scan::char_at(s, p);
    let ends_ok = |start: usize| {
        abbrevs
            .iter()
            .any(|a| s[start..].starts_with(a) && !is_w(scan::char_at(s, start + a.len())))
    };
    if let Some(c) = c.filter(|&c| !is_w(Some(c)))
        && ends_ok(p + c.len_utf8())
    {
        return true;
    }
    (p == from || s.as_bytes().get(p.wrapping_sub(1)) == Some(&b'\n')) && ends_ok(p)
}

fn split_text(text: &str, abbrevs: &[&str], out: &mut Vec<Element>) {
    let mut pos = 0;
    let mut pending = String::new();
    loop {
        let mut p = pos;
        let found = loop {
            if p > text.len() {
                break None;
            }
            if abbrev_here(text, p, pos, abbrevs) {
                break Some(p);
            }
            if p == text.len() {
                break None;
            }
            p += scan::char_len_at(text, p);
        };
        let Some(p) = found else {
            break;
        };
        pending.push_str(&text[pos..p]);
        let mut q = p;
        let mut abbr = abbrev_at(text, q, abbrevs);
        if abbr.is_none() {
            if let Some(c) = scan::char_at(text, q).filter(|&c| !is_w(Some(c))) {
                pending.push(c);
                q += c.len_utf8();
            }
            abbr = abbrev_at(text, q, abbrevs);
        }
        out.push(Element::with_value(
            Kind::Text,
            std::mem::take(&mut pending),
        ));
        match abbr {
            Some(a) => {
                out.push(Element::with_value(Kind::Abbreviation, a));
                pos = q + a.len();
            }
            None => pos = q.max(p + 1),
        }
    }
    pending.push_str(&text[pos.min(text.len())..]);
    out.push(Element::with_value(Kind::Text, pending));
}
