//! The simple block parsers: blank lines, end-of-block markers, paragraphs, headers,
//! horizontal rules, blockquotes, code blocks and math blocks.

use super::{Parser, Res, Src, add_text};
use crate::markdown::element::{Category, Element, Kind};
use crate::markdown::scan::{self, is_space};

impl Parser<'_> {
    pub(super) fn parse_blank_line(&mut self, el: &mut Element, src: &mut Src) -> Res {
        let Some(end) = scan::blank_line(&src.s, src.pos) else {
            return Res::No;
        };
        let text = &src.s[src.pos..end];
        if let Some(last) = el.children.last_mut().filter(|c| c.kind == Kind::Blank) {
            last.value.push_str(text);
        } else {
            let mut b = self.new_block_el(Kind::Blank);
            b.value = text.to_string();
            el.children.push(b);
        }
        src.pos = end;
        Res::Yes
    }

    pub(super) fn parse_eob_marker(&mut self, el: &mut Element, src: &mut Src) -> Res {
        let Some(end) = scan::eob_marker(&src.s, src.pos) else {
            return Res::No;
        };
        src.pos = end;
        let eob = self.new_eob(None);
        el.children.push(eob);
        Res::Yes
    }

    /// Whether the paragraph that is being collected ends before the line at `i`.
    fn paragraph_end(&self, s: &str, i: usize) -> bool {
        if scan::lazy_end(s, i) {
            return true;
        }
        if self.quirk_paragraph_end {
            scan::list_start(s, i)
                || scan::atx_start_gfm(s, i).is_some()
                || scan::deflist_start(s, i, 3).is_some()
                || scan::blockquote_start(s, i).is_some()
                || scan::fenced_start_gfm(s, i)
        } else {
            scan::deflist_start(s, i, 3).is_some()
        }
    }

    pub(super) fn parse_paragraph(&mut self, el: &mut Element, src: &mut Src) -> Res {
        // PARAGRAPH_START = ^ {0,3}[^ \t].*?\n
        let s = &src.s;
        let j = scan::opt_spaces(s, src.pos, 3);
        if j >= s.len() || matches!(s.as_bytes()[j], b' ' | b'\t') {
            return Res::No;
        }
        let start = src.pos;
        let mut end = scan::next_line(s, start);
        while end < s.len() && !self.paragraph_end(s, end) {
            end = scan::next_line(s, end);
        }
        let result = scan::rstrip(&s[start..end]);
        src.pos = end;
        if let Some(last) = el.children.last_mut().filter(|c| c.kind == Kind::P) {
            let joins_text = last
                .children
                .last()
                .is_some_and(|c| c.kind == Kind::RawText);
            if joins_text {
                // The previous paragraph lost its trailing spaces to rstrip; a hard break
                // ("  \n") before this line is restored from the source.
                let joiner = if start >= 3 && src.s.get(start - 3..start) == Some("  \n") {
                    "  \n"
                } else {
                    "\n"
                };
                let t = last.children.last_mut().expect("checked");
                t.value.push_str(joiner);
                t.value.push_str(result);
            } else {
                add_text(last, result, Kind::RawText);
            }
        } else {
            let mut p = self.new_block_el(Kind::P);
            add_text(&mut p, scan::lstrip(result), Kind::RawText);
            el.children.push(p);
        }
        Res::Yes
    }

    /// kramdown's `after_block_boundary?`.
    pub(super) fn after_block_boundary(&self, el: &Element) -> bool {
        match el.children.last() {
            None => true,
            Some(last) => {
                last.kind == Kind::Blank
                    || (last.kind == Kind::Eob && last.opts.eob.is_none())
                    || self.block_ial.is_some()
            }
        }
    }

    /// kramdown's `before_block_boundary?` at `i`.
    pub(super) fn before_block_boundary(s: &str, i: usize) -> bool {
        scan::blank_line(s, i).is_some()
            || scan::eob_marker(s, i).is_some()
            || scan::ial_block_start(s, i).is_some()
            || scan::at_end_z(s, i)
    }

    pub(super) fn parse_atx_header(&mut self, el: &mut Element, src: &mut Src) -> Res {
        let s = &src.s;
        let b = s.as_bytes();
        let (level, cs, ce) = if self.gfm {
            // ^\#{1,6}[\t ]+(.*)\n
            match scan::atx_start_gfm(s, src.pos) {
                Some(m) => m,
                None => return Res::No,
            }
        } else {
            // ^\#{1,6}[\t ]*([^ \t].*)\n
            let mut j = src.pos;
            while j < b.len() && b[j] == b'#' && j - src.pos < 6 {
                j += 1;
            }
            let level = j - src.pos;
            while j < b.len() && matches!(b[j], b' ' | b'\t') {
                j += 1;
            }
            let e = scan::line_end(s, j);
            if level == 0 || e >= b.len() || j == e {
                return Res::No;
            }
            (level, j, e)
        };
        // GFM's paragraph_end quirk also drops the blank-line requirement before headers.
        if !self.quirk_paragraph_end && !self.after_block_boundary(el) {
            return Res::No;
        }
        let (mut text, id) = header_contents(&s[cs..ce]);
        let k = text.trim_end_matches('#').len();
        if k < text.len() {
            let before = if k > 0 {
                Some(text.as_bytes()[k - 1])
            } else {
                None
            };
            let strip = if self.quirk_paragraph_end {
                // [\t ]#+\z
                matches!(before, Some(b' ' | b'\t'))
            } else {
                // (?<!\\)#+\z
                before != Some(b'\\')
            };
            if strip {
                text.truncate(k);
                let t = scan::rstrip(&text).len();
                text.truncate(t);
            }
        }
        if text.is_empty() {
            return Res::No;
        }
        src.pos = scan::next_line(&src.s, src.pos);
        self.add_header(el, level, text, id);
        Res::Yes
    }

    pub(super) fn parse_setext_header(&mut self, el: &mut Element, src: &mut Src) -> Res {
        // ^ {0,3}([^ \t].*)\n([-=])[-=]*[ \t\r\f\v]*\n
        let s = &src.s;
        let b = s.as_bytes();
        let j = scan::opt_spaces(s, src.pos, 3);
        if j >= b.len() || matches!(b[j], b' ' | b'\t') {
            return Res::No;
        }
        // `[^ \t]` also matches a newline, which then starts the contents.
        let e = if b[j] == b'\n' {
            scan::line_end(s, j + 1)
        } else {
            scan::line_end(s, j)
        };
        if e >= b.len() {
            return Res::No;
        }
        let u = e + 1;
        let level_char = match b.get(u) {
            Some(&c @ (b'-' | b'=')) => c,
            _ => return Res::No,
        };
        let mut k = u + 1;
        while k < b.len() && matches!(b[k], b'-' | b'=') {
            k += 1;
        }
        while k < b.len() && matches!(b[k], b' ' | b'\t' | b'\r' | 0x0c | 0x0b) {
            k += 1;
        }
        if b.get(k) != Some(&b'\n') {
            return Res::No;
        }
        if !self.after_block_boundary(el) {
            return Res::No;
        }
        let (text, id) = header_contents(&s[j..e]);
        if text.is_empty() {
            return Res::No;
        }
        src.pos = k + 1;
        self.add_header(el, if level_char == b'-' { 2 } else { 1 }, text, id);
        Res::Yes
    }

    fn add_header(&mut self, el: &mut Element, level: usize, text: String, id: Option<String>) {
        let mut h = self.new_block_el(Kind::Header);
        h.opts.level = level as u8;
        h.opts.rare_mut().raw_text = Some(text.clone());
        add_text(&mut h, &text, Kind::RawText);
        if let Some(id) = id {
            h.attr.set("id", id);
        }
        el.children.push(h);
    }

    pub(super) fn parse_horizontal_rule(&mut self, el: &mut Element, src: &mut Src) -> Res {
        let Some(end) = scan::hr_start(&src.s, src.pos) else {
            return Res::No;
        };
        src.pos = end;
        let hr = self.new_block_el(Kind::Hr);
        el.children.push(hr);
        Res::Yes
    }

    pub(super) fn parse_blockquote(&mut self, el: &mut Element, src: &mut Src) -> Res {
        if scan::blockquote_start(&src.s, src.pos).is_none() {
            return Res::No;
        }
        let start = src.pos;
        let mut end = scan::next_line(&src.s, start);
        while end < src.s.len() && !scan::lazy_end(&src.s, end) {
            end = scan::next_line(&src.s, end);
        }
        let text = scan::gsub_line_starts(&src.s[start..end], |line| {
            scan::blockquote_start(line, 0).unwrap_or(0)
        });
        src.pos = end;
        let mut bq = self.new_block_el(Kind::Blockquote);
        if self.depth < super::MAX_DEPTH {
            self.parse_blocks(&mut bq, &mut Src::new(text));
        } else {
            add_text(&mut bq, &text, Kind::RawText);
        }
        el.children.push(bq);
        Res::Yes
    }

    pub(super) fn parse_codeblock(&mut self, el: &mut Element, src: &mut Src) -> Res {
        let s = &src.s;
        if scan::indent_len(&s[src.pos..]) == 0 {
            return Res::No;
        }
        let end = codeblock_match(s, src.pos);
        if end == src.pos {
            return Res::No;
        }
        let data = &s[src.pos..end];
        // A lazy line (less than 4 spaces of indent) joins the line before it.
        let mut joined = String::with_capacity(data.len());
        let db = data.as_bytes();
        let mut i = 0;
        while i < db.len() {
            if db[i] == b'\n' {
                let j = scan::opt_spaces(data, i + 1, 3);
                if j < db.len() && !is_space(db[j]) {
                    joined.push(' ');
                    joined.push_str(&data[i + 1..j]);
                    i = j;
                    continue;
                }
            }
            let l = scan::char_len_at(data, i);
            joined.push_str(&data[i..i + l]);
            i += l;
        }
        let data = scan::gsub_line_starts(&joined, scan::indent_len);
        src.pos = end;
        let mut cb = self.new_block_el(Kind::Codeblock);
        cb.value = data;
        el.children.push(cb);
        Res::Yes
    }

    pub(super) fn parse_codeblock_fenced(&mut self, el: &mut Element, src: &mut Src) -> Res {
        let Some(m) = fenced_match(&src.s, src.pos, self.gfm, &mut src.fence_fail) else {
            return Res::No;
        };
        let mut cb = self.new_block_el(Kind::Codeblock);
        cb.value = src.s[m.body.0..m.body.1].to_string();
        let lang = scan::strip(&src.s[m.info.0..m.info.1]);
        if !lang.is_empty() {
            cb.opts.rare_mut().lang = Some(lang.to_string());
            cb.attr
                .set("class", format!("language-{}", &src.s[m.lang.0..m.lang.1]));
        }
        src.pos = m.end;
        el.children.push(cb);
        Res::Yes
    }

    pub(super) fn parse_block_math(&mut self, el: &mut Element, src: &mut Src) -> Res {
        // ^ {0,3}(\\)?\$\$(.*?)\$\$(\s*?\n)?  (multi-line)
        let s = &src.s;
        let j = scan::opt_spaces(s, src.pos, 3);
        let escaped = s.as_bytes().get(j) == Some(&b'\\');
        let d = if escaped { j + 1 } else { j };
        if !s[d..].starts_with("$$") {
            return Res::No;
        }
        let Some(close) = s[d + 2..].find("$$").map(|k| d + 2 + k) else {
            return Res::No;
        };
        let after = close + 2;
        let nl_end = scan::ws_newline(s, after);
        if !self.after_block_boundary(el) {
            return Res::No;
        }
        if escaped {
            if nl_end.is_some() {
                src.pos = j + 1;
            }
            return Res::No;
        }
        let end = nl_end.unwrap_or(after);
        if !Self::before_block_boundary(s, end) {
            return Res::No;
        }
        let mut m = self.new_block_el(Kind::Math);
        m.value = scan::strip(&s[d + 2..close]).to_string();
        m.opts.category = Some(Category::Block);
        src.pos = end;
        el.children.push(m);
        Res::Yes
    }
}

/// kramdown's `parse_header_contents`: the text, and an id from a trailing `{#id}`.
fn header_contents(raw: &str) -> (String, Option<String>) {
    let text = scan::rstrip(raw);
    // [\t ]{#(NAME_START_CHAR NAME_CHAR*)}\z
    if let Some(body) = text.strip_suffix('}')
        && let Some(k) = body.rfind("{#")
    {
        let id = &body[k + 2..];
        let valid =
            id.chars().next().is_some_and(is_xml_name_start) && id.chars().all(is_xml_name_char);
        if valid && k > 0 && matches!(body.as_bytes()[k - 1], b' ' | b'\t') {
            let t = scan::rstrip(&text[..k - 1]).to_string();
            return (t, Some(id.to_string()));
        }
    }
    (text.to_string(), None)
}

/// REXML's `NAME_START_CHAR`.
fn is_xml_name_start(c: char) -> bool {
    matches!(c, ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// REXML's `NAME_CHAR`.
fn is_xml_name_char(c: char) -> bool {
    is_xml_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// `CODEBLOCK_MATCH` from `i`: indented lines, lazy continuation lines and blank lines
/// followed by more indented lines. Returns the end position (== `i` when nothing matched).
pub(super) fn codeblock_match(s: &str, i: usize) -> usize {
    let b = s.as_bytes();
    let mut end = i;
    let mut pos = i;
    loop {
        // BLANK_LINE? then at least one indented non-blank line.
        let mut p = scan::blank_line(s, pos).unwrap_or(pos);
        if !indented_line(s, p) {
            return end;
        }
        while indented_line(s, p) {
            p = scan::next_line(s, p);
        }
        // Lazy lines: non-blank, not an IAL, EOB marker or HTML start/stop.
        loop {
            if p >= b.len() || !nonblank_line(s, p) {
                break;
            }
            if scan::ial_block_start(s, p).is_some() || scan::eob_marker(s, p).is_some() {
                break;
            }
            let q = scan::opt_spaces(s, p, 3);
            if scan::lazy_end_html_stop(s, q) || scan::lazy_end_html_start(s, q) {
                break;
            }
            p = scan::next_line(s, p);
        }
        end = p;
        pos = p;
    }
}

/// `INDENT[ \t]*\S.*\n` at `i`.
fn indented_line(s: &str, i: usize) -> bool {
    let n = scan::indent_len(&s[i..]);
    n > 0 && nonblank_line(s, i + n)
}

/// `[ \t]*\S.*\n` at `i`.
fn nonblank_line(s: &str, i: usize) -> bool {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() && matches!(b[j], b' ' | b'\t') {
        j += 1;
    }
    if j >= b.len() || is_space(b[j]) {
        return false;
    }
    scan::line_end(s, j) < b.len()
}

/// The parts of a fenced code block match.
pub(super) struct Fenced {
    pub info: (usize, usize),
    pub lang: (usize, usize),
    pub body: (usize, usize),
    pub end: usize,
}

/// `FENCED_CODEBLOCK_MATCH` (GFM: ``` or ~~~ with up to 3 spaces; kramdown: ~~~ only) at `i`.
pub(super) fn fenced_match(
    s: &str,
    i: usize,
    gfm: bool,
    fail: &mut std::collections::HashMap<String, usize>,
) -> Option<Fenced> {
    let b = s.as_bytes();
    let j = if gfm { scan::opt_spaces(s, i, 3) } else { i };
    let is_fence = |c: u8| c == b'~' || (gfm && c == b'`');
    let mut run_end = j;
    while run_end < b.len() && is_fence(b[run_end]) {
        run_end += 1;
    }
    if run_end - j < 3 {
        return None;
    }
    // The fence run is greedy but gives back characters when nothing closes it. For a run
    // of one character, only lengths some later line could close are worth trying.
    let mut fence_end = run_end;
    if run_end - j > 3 && b[j..run_end].iter().all(|&c| c == b[j]) {
        let longest = longest_closing_run(s, scan::next_line(s, j), b[j], gfm);
        fence_end = j + (run_end - j).min(longest.max(2));
    }
    while fence_end - j >= 3 {
        if let Some(m) = fenced_with(s, j, fence_end, gfm, fail) {
            return Some(m);
        }
        fence_end -= 1;
    }
    None
}

/// The longest run of `c` that forms a whole line (with up to three spaces before it in GFM,
/// and blanks after it) from `from` on.
fn longest_closing_run(s: &str, from: usize, c: u8, gfm: bool) -> usize {
    let b = s.as_bytes();
    let mut best = 0;
    let mut p = from;
    while p < b.len() {
        let q = if gfm { scan::opt_spaces(s, p, 3) } else { p };
        let mut r = q;
        while r < b.len() && b[r] == c {
            r += 1;
        }
        if r > q && scan::ws_newline(s, r).is_some() {
            best = best.max(r - q);
        }
        p = scan::next_line(s, p);
    }
    best
}

fn fenced_with(
    s: &str,
    j: usize,
    fence_end: usize,
    gfm: bool,
    fail: &mut std::collections::HashMap<String, usize>,
) -> Option<Fenced> {
    let b = s.as_bytes();
    let fence = &s[j..fence_end];
    let last = b[fence_end - 1];
    // \s*?((\S+?)(?:\?\S*)?)?\s*?\n
    let mut k = fence_end;
    while k < b.len() && is_space(b[k]) && b[k] != b'\n' {
        k += 1;
    }
    let info_start = k;
    while k < b.len() && !is_space(b[k]) {
        k += 1;
    }
    let info_end = k;
    let body_start = scan::ws_newline(s, k)?;
    let info = &s[info_start..info_end];
    // (\S+?)(?:\?\S*)?: the language stops at the first `?` after its first character.
    let first = info.chars().next().map_or(0, char::len_utf8);
    let lang_len = info[first..].find('?').map_or(info.len(), |q| q + first);
    // (.*?)^ {0,3}\1\2*\s*?\n
    if fail.get(fence).is_some_and(|&f| f <= body_start) {
        return None;
    }
    let mut p = body_start;
    while p <= b.len() {
        let q = if gfm { scan::opt_spaces(s, p, 3) } else { p };
        if s[q..].starts_with(fence) {
            let mut r = q + fence.len();
            while r < b.len() && b[r] == last {
                r += 1;
            }
            if let Some(end) = scan::ws_newline(s, r) {
                return Some(Fenced {
                    info: (info_start, info_end),
                    lang: (info_start, info_start + lang_len),
                    body: (body_start, p),
                    end,
                });
            }
        }
        if p >= b.len() {
            break;
        }
        p = scan::next_line(s, p);
        if p >= b.len() {
            break;
        }
    }
    let f = fail.entry(fence.to_string()).or_insert(body_start);
    *f = (*f).min(body_start);
    None
}
