//! Tables: `| a | b |` rows, `|---|:-:|` header separators, `|===|` footer separators.

use super::spans::Parsers;
use super::{Parser, Res, Src};
use crate::markdown::element::{Align, Element, Kind};
use crate::markdown::scan;

/// `TABLE_PIPE_CHECK` = `(?:\||.*?[^\\\n]\|)` at the start of `line` (a single line).
fn pipe_check(s: &str, i: usize) -> bool {
    let b = s.as_bytes();
    if b.get(i) == Some(&b'|') {
        return true;
    }
    // Every paragraph line is asked: one search for the pipes and the line's end together.
    let rest = &b[i..];
    for k in memchr::memchr2_iter(b'|', b'\n', rest) {
        if rest[k] == b'\n' {
            return false;
        }
        if k > 0 && rest[k - 1] != b'\\' && rest[k - 1] != b'\n' {
            return true;
        }
    }
    false
}

/// `TABLE_LINE` = `TABLE_PIPE_CHECK.*?\n` at `i`.
fn table_line(s: &str, i: usize) -> bool {
    pipe_check(s, i) && scan::line_end(s, i) < s.len()
}

/// A separator line of `chars` with at least one `needed`: `^[chars]*?needed[chars]*?[ \t]*\n`.
/// Returns (content end without trailing blanks, line end).
fn sep_line(s: &str, i: usize, chars: &[u8], needed: u8) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let e = scan::line_end(s, i);
    if e >= b.len() {
        return None;
    }
    let line = &b[i..e];
    if !line.iter().all(|c| chars.contains(c)) || !line.contains(&needed) {
        return None;
    }
    let mut ce = e;
    while ce > i && matches!(b[ce - 1], b' ' | b'\t') {
        ce -= 1;
    }
    Some((ce, e + 1))
}

fn hsep_line(s: &str, i: usize) -> Option<(usize, usize)> {
    sep_line(s, i, b"+|: \t-", b'-')
}

fn fsep_line(s: &str, i: usize) -> Option<(usize, usize)> {
    sep_line(s, i, b"+|: \t=", b'=')
}

/// The alignments of a header separator (`TABLE_HSEP_ALIGN` scanned over it).
fn alignments(sep: &str) -> Vec<Align> {
    let b = sep.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // [ \t]?(:?)-+(:?)[ \t]?
        let mut j = i;
        if matches!(b[j], b' ' | b'\t') {
            j += 1;
        }
        let left = b.get(j) == Some(&b':');
        if left {
            j += 1;
        }
        let d0 = j;
        while j < b.len() && b[j] == b'-' {
            j += 1;
        }
        if j == d0 {
            i += 1;
            continue;
        }
        let right = b.get(j) == Some(&b':');
        if right {
            j += 1;
        }
        if j < b.len() && matches!(b[j], b' ' | b'\t') {
            j += 1;
        }
        out.push(match (left, right) {
            (false, false) => Align::Default,
            (true, false) => Align::Left,
            (false, true) => Align::Right,
            (true, true) => Align::Center,
        });
        i = j;
    }
    out
}

impl Parser<'_> {
    pub(super) fn parse_table(&mut self, el: &mut Element, src: &mut Src) -> Res {
        // TABLE_START = ^ {0,3}(?=\S)TABLE_LINE
        let s0 = &src.s;
        let j = scan::opt_spaces(s0, src.pos, 3);
        if j >= s0.len() || scan::is_space(s0.as_bytes()[j]) || !table_line(s0, j) {
            return Res::No;
        }
        if !self.after_block_boundary(el) {
            return Res::No;
        }
        // kramdown creates the table element (taking a pending block IAL) before it knows
        // whether this is a table: when it is not, the IAL is lost.
        let ial = self.block_ial.take();
        let saved = src.pos;
        let orig_pos = src.pos;
        let leading_pipe = {
            let t = &s0[src.pos..];
            t.trim_start_matches(|c: char| c.is_ascii() && scan::is_space(c as u8))
                .starts_with('|')
        };
        if let Some((_, end)) = hsep_line(s0, src.pos) {
            src.pos = end;
        }

        let mut containers: Vec<Element> = Vec::new();
        let mut rows: Vec<Element> = Vec::new();
        let mut alignment: Vec<Align> = Vec::new();
        let mut has_footer = false;
        let mut columns = 0;
        let add_container = |containers: &mut Vec<Element>,
                             rows: &mut Vec<Element>,
                             kind: Kind,
                             force: bool,
                             has_footer: bool| {
            if !has_footer || kind != Kind::Tbody || force {
                let mut c = Element::new(kind);
                c.children = std::mem::take(rows);
                containers.push(c);
            }
        };

        while src.pos < src.s.len() {
            if !table_line(&src.s, src.pos) {
                break;
            }
            if let Some((ce, end)) = hsep_line(&src.s, src.pos) {
                let sep = src.s[src.pos..ce].to_string();
                src.pos = end;
                if rows.is_empty() {
                    // consecutive separator lines are ignored
                } else if alignment.is_empty() && !has_footer {
                    add_container(&mut containers, &mut rows, Kind::Thead, false, has_footer);
                    alignment = alignments(&sep);
                } else {
                    add_container(&mut containers, &mut rows, Kind::Tbody, false, has_footer);
                }
            } else if let Some((_, end)) = fsep_line(&src.s, src.pos) {
                src.pos = end;
                if !rows.is_empty() {
                    add_container(&mut containers, &mut rows, Kind::Tbody, true, has_footer);
                }
                has_footer = true;
            } else {
                // TABLE_ROW_LINE = ^(.*?)[ \t]*\n
                let e = scan::line_end(&src.s, src.pos);
                let mut ce = e;
                while ce > src.pos && matches!(src.s.as_bytes()[ce - 1], b' ' | b'\t') {
                    ce -= 1;
                }
                let line = src.s[src.pos..ce].to_string();
                src.pos = e + 1;
                let mut cells = self.split_row(&line);
                if leading_pipe && cells.first().is_some_and(|c| scan::strip(c).is_empty()) {
                    cells.remove(0);
                }
                if cells.last().is_some_and(|c| scan::strip(c).is_empty()) {
                    cells.pop();
                }
                let mut tr = Element::new(Kind::Tr);
                for cell in &cells {
                    let mut td = Element::new(Kind::Td);
                    td.children
                        .push(Element::with_value(Kind::RawText, scan::strip(cell)));
                    tr.children.push(td);
                }
                columns = columns.max(cells.len());
                rows.push(tr);
            }
        }

        if !Self::before_block_boundary(&src.s, src.pos) {
            src.pos = saved;
            return Res::No;
        }

        // Every line needs an unescaped pipe outside code spans and HTML.
        let text = src.s[orig_pos..src.pos - 1].to_string();
        let root = self.parse_spans_subset(
            &text,
            Parsers::only(Parsers::CODESPAN | Parsers::SPAN_HTML),
            Kind::RawText,
        );
        if !pipes_on_lines(&root) {
            src.pos = saved;
            return Res::No;
        }

        if !rows.is_empty() {
            let kind = if has_footer { Kind::Tfoot } else { Kind::Tbody };
            add_container(&mut containers, &mut rows, kind, false, has_footer);
        }
        if !containers.iter().any(|c| c.kind == Kind::Tbody) {
            src.pos = saved;
            return Res::No;
        }
        for c in &mut containers {
            for row in &mut c.children {
                while row.children.len() < columns {
                    row.children.push(Element::new(Kind::Td));
                }
            }
        }
        alignment.truncate(columns);
        while alignment.len() < columns {
            alignment.push(Align::Default);
        }
        let mut table = Element::new(Kind::Table);
        table.opts.ial = ial.map(Box::new);
        table.opts.rare_mut().alignment = alignment;
        table.children = containers;
        el.children.push(table);
        Res::Yes
    }

    /// Splits a row into cell texts: pipes inside code spans and `<code>` elements do not
    /// split, `\|` is a literal pipe.
    fn split_row(&mut self, line: &str) -> Vec<String> {
        let mut cells: Vec<String> = Vec::new();
        let push = |cells: &mut Vec<String>, t: &str| match cells.last_mut() {
            Some(last) => last.push_str(t),
            None => cells.push(t.to_string()),
        };
        for (i, part) in split_code_elements(line).into_iter().enumerate() {
            if i % 2 == 1 {
                push(&mut cells, &part);
                continue;
            }
            let root =
                self.parse_spans_subset(&part, Parsers::only(Parsers::CODESPAN), Kind::RawText);
            for c in &root.children {
                if c.kind == Kind::RawText {
                    let pieces = split_unescaped_pipes(&c.value);
                    let mut it = pieces.into_iter();
                    if let Some(first) = it.next() {
                        push(&mut cells, &first);
                    }
                    cells.extend(it);
                } else {
                    let longest = longest_backtick_run(&c.value);
                    let delim = "`".repeat(longest + 1);
                    let pad = if delim.len() > 1 { " " } else { "" };
                    let tmp = format!("{delim}{pad}{}{pad}{delim}", c.value);
                    push(&mut cells, &tmp);
                }
            }
        }
        cells
    }
}

/// `str.split(/(<code.*?>.*?<\/code>)/)`: text and (odd indices) the `<code>` elements.
fn split_code_elements(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest_start = 0;
    let mut p = 0;
    while let Some(k) = line[p..].find("<code") {
        let start = p + k;
        let Some(gt) = line[start + 5..].find('>').map(|g| start + 5 + g) else {
            break;
        };
        // `<code.*?>.*?</code>`: the shortest match from this start.
        let mut found = None;
        let mut g = gt;
        loop {
            if let Some(c) = line[g + 1..].find("</code>") {
                found = Some(g + 1 + c + 7);
                break;
            }
            match line[g + 1..].find('>') {
                Some(n) => g = g + 1 + n,
                None => break,
            }
        }
        match found {
            Some(end) => {
                out.push(line[rest_start..start].to_string());
                out.push(line[start..end].to_string());
                rest_start = end;
                p = end;
            }
            None => p = start + 1,
        }
    }
    out.push(line[rest_start..].to_string());
    // Ruby's split drops trailing empty strings.
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// `split(/(?<!\\)\|/, -1)` then `\|` → `|` in each piece.
fn split_unescaped_pipes(v: &str) -> Vec<String> {
    let b = v.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..b.len() {
        if b[i] == b'|' && (i == 0 || b[i - 1] != b'\\') {
            out.push(v[start..i].replace("\\|", "|"));
            start = i + 1;
        }
    }
    out.push(v[start..].replace("\\|", "|"));
    out
}

fn longest_backtick_run(v: &str) -> usize {
    let mut best = 0;
    let mut cur = 0;
    for c in v.bytes() {
        if c == b'`' {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

/// kramdown's check that each table line has a pipe outside code spans and span HTML.
fn pipes_on_lines(root: &Element) -> bool {
    let mut pipe_on_line = false;
    for c in &root.children {
        let value = &c.value;
        // Ruby's split("\n") drops trailing empty strings.
        let mut lines: Vec<&str> = value.split('\n').collect();
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        let check = |l: &str| pipe_check(l, 0);
        if c.kind == Kind::Codespan {
            if lines.len() > 2 || (lines.len() == 2 && !pipe_on_line) {
                break;
            } else if lines.len() == 2 && pipe_on_line {
                pipe_on_line = false;
            }
        } else {
            if lines.len() > 1 && !pipe_on_line && !lines.first().is_some_and(|l| check(l)) {
                break;
            }
            let keep = if lines.len() > 1 { false } else { pipe_on_line };
            pipe_on_line = keep || lines.last().is_some_and(|l| check(l));
        }
    }
    pipe_on_line
}
