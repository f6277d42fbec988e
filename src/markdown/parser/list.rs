//! Ordered, unordered and definition lists (with GFM task lists).

use super::{Parser, Res, Src, add_text};
use crate::markdown::element::{Element, Ial, Kind};
use crate::markdown::scan;

/// The per-item line patterns kramdown derives from an item's content indentation.
struct ItemPatterns {
    indentation: usize,
}

impl ItemPatterns {
    /// `content_re`: a non-blank line indented by at least `indentation` (tabs count four).
    fn content(&self, s: &str, i: usize) -> Option<usize> {
        let b = s.as_bytes();
        let (tabs, spaces) = (self.indentation / 4, self.indentation % 4);
        // (?:\t| {4}){tabs} {spaces} | (?:\t| {4}){tabs+1}
        let mut j = i;
        let mut ok = true;
        for _ in 0..tabs {
            match indent_unit(b, j) {
                Some(n) => j += n,
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            return None;
        }
        let after_tabs = j;
        let with_spaces = (0..spaces).all(|k| b.get(after_tabs + k) == Some(&b' '));
        let start = if with_spaces {
            Some(after_tabs + spaces)
        } else {
            indent_unit(b, after_tabs).map(|n| after_tabs + n)
        };
        let start = start?;
        nonblank_rest(s, start)
    }

    /// `lazy_re`: any non-blank line that does not start an IAL or an HTML block.
    fn lazy(&self, s: &str, i: usize) -> Option<usize> {
        let j = scan::opt_spaces(s, i, self.indentation.min(3));
        // The lookahead allows any number of spaces up to the limit before the construct.
        for k in i..=j {
            if scan::ial_block(s, k).is_some()
                || scan::lazy_end_html_stop(s, k)
                || scan::lazy_end_html_start(s, k)
            {
                return None;
            }
        }
        nonblank_rest(s, i)
    }

    /// `indent_re` = `^ {indentation}`.
    fn indent(&self, line: &str) -> bool {
        line.len() >= self.indentation
            && line.as_bytes()[..self.indentation]
                .iter()
                .all(|&c| c == b' ')
    }
}

/// `\t| {4}` at `j`: its length.
fn indent_unit(b: &[u8], j: usize) -> Option<usize> {
    if b.get(j) == Some(&b'\t') {
        Some(1)
    } else if b.len() >= j + 4 && b[j..j + 4] == *b"    " {
        Some(4)
    } else {
        None
    }
}

/// `.*\S.*\n` from `i`: the end of the line when it has a non-space character.
fn nonblank_rest(s: &str, i: usize) -> Option<usize> {
    let e = scan::line_end(s, i);
    if e >= s.len() {
        return None;
    }
    s.as_bytes()[i..e]
        .iter()
        .any(|&c| !scan::is_space(c))
        .then_some(e + 1)
}

/// `LIST_ITEM_IAL` = `^\s*(?:\{:(?!(?:ALD_ID_NAME)?:|\/)(ALD_ANY_CHARS+)\})\s*` at the start of
/// `s`: (body start, body end, end of the trailing whitespace).
fn list_item_ial(s: &str) -> Option<(usize, usize, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && scan::is_space(b[i]) {
        i += 1;
    }
    if !b[i..].starts_with(b"{:") {
        return None;
    }
    let k = i + 2;
    let after_name = scan::ald_id_name(s, k).unwrap_or(k);
    if b.get(after_name) == Some(&b':') || b.get(k) == Some(&b'/') {
        return None;
    }
    let (body_end, end) = scan::ald_body(s, k, |s: &str, p: usize| {
        let mut q = p;
        while q < s.len() && scan::is_space(s.as_bytes()[q]) {
            q += 1;
        }
        Some(q)
    })?;
    Some((k, body_end, end))
}

/// kramdown's `parse_first_list_line`: the item's first line with its marker removed, and the
/// indentation of the item's content.
fn first_list_line(mut indentation: usize, content: &str) -> (String, usize) {
    let mut content = content.to_string();
    // LIST_ITEM_IAL_CHECK = ^LIST_ITEM_IAL?\s*\n
    let ial_only = match list_item_ial(&content) {
        Some((_, _, end)) => {
            content[end..].is_empty()
                || scan::ws_newline(&content, end).is_some()
                || end == content.len()
        }
        None => scan::ws_newline(&content, 0).is_some(),
    };
    if ial_only {
        indentation = 4;
    } else {
        // Expand leading tabs to the tab stops of the whole line.
        loop {
            let spaces = content.bytes().take_while(|&c| c == b' ').count();
            if content.as_bytes().get(spaces) != Some(&b'\t') {
                break;
            }
            let tabs = content[spaces..]
                .bytes()
                .take_while(|&c| c == b'\t')
                .count();
            let temp = spaces + indentation;
            let width = 4 - (temp % 4) + (tabs - 1) * 4;
            content.replace_range(spaces..spaces + tabs, &" ".repeat(width));
        }
        indentation += content.bytes().take_while(|&c| c == b' ').count();
    }
    let trimmed = content
        .trim_start_matches(|c: char| c.is_ascii() && scan::is_space(c as u8))
        .to_string();
    (trimmed, indentation)
}

/// Removes a leading item IAL from `value` into `ial`.
fn take_item_ial(p: &mut Parser, value: &mut String, ial: &mut Option<Box<Ial>>) {
    if let Some((bs, be, end)) = list_item_ial(value) {
        let body = value[bs..be].to_string();
        p.parse_attribute_list(&body, ial.get_or_insert_with(Box::default));
        value.replace_range(..end, "");
    }
}

impl Parser<'_> {
    pub(super) fn parse_list(&mut self, el: &mut Element, src: &mut Src) -> Res {
        let s0 = &src.s;
        let is_ul = scan::list_start_ul(s0, src.pos, 3).is_some();
        if !is_ul && scan::list_start_ol(s0, src.pos, 3).is_none() {
            return Res::No;
        }
        let kind = if is_ul { Kind::Ul } else { Kind::Ol };
        let mut list = self.new_block_el(kind);
        let mut max_sp = 3;
        let mut items: Vec<(Element, Vec<String>)> = Vec::new();
        let mut pats = ItemPatterns { indentation: 0 };
        let mut eob_found = false;
        let mut nested_list_found = false;
        let mut last_is_blank = false;
        while src.pos < src.s.len() {
            let s = &src.s;
            let pos = src.pos;
            let marker = if is_ul {
                scan::list_start_ul(s, pos, max_sp)
            } else {
                scan::list_start_ol(s, pos, max_sp)
            };
            if last_is_blank && scan::hr_start(s, pos).is_some() {
                break;
            } else if let Some(end) = scan::eob_marker(s, pos) {
                src.pos = end;
                eob_found = true;
                break;
            } else if let Some((mend, lend)) = marker {
                let (mut value, indentation) = first_list_line(mend - pos, &s[mend..lend]);
                src.pos = lend;
                let mut item = Element::new(Kind::Li);
                take_item_ial(self, &mut value, &mut item.opts.ial);
                pats = ItemPatterns { indentation };
                max_sp = match indentation {
                    1 => 0,
                    2 => 1,
                    3 => 2,
                    _ => 3,
                };
                nested_list_found = scan::list_start(&value, 0);
                last_is_blank = false;
                items.push((item, vec![value]));
            } else if let Some(end) = pats
                .content(s, pos)
                .or_else(|| {
                    if last_is_blank {
                        None
                    } else {
                        pats.lazy(s, pos)
                    }
                })
                .filter(|_| !items.is_empty())
            {
                // The line with leading tabs expanded and the item's indentation removed,
                // copied once, into the item's text.
                let line = &s[pos..end];
                let tabs = line.bytes().take_while(|&c| c == b'\t').count();
                let expanded: std::borrow::Cow<'_, str> = if tabs > 0 {
                    [" ".repeat(4 * tabs).as_str(), &line[tabs..]]
                        .concat()
                        .into()
                } else {
                    line.into()
                };
                let indentation_found = pats.indent(&expanded);
                let result = if indentation_found {
                    &expanded[pats.indentation..]
                } else {
                    &expanded[..]
                };
                let (_, values) = items.last_mut().expect("an item exists");
                let mut prefix = 0;
                if !nested_list_found && indentation_found && scan::list_start(result, 0) {
                    values.push(String::new());
                    nested_list_found = true;
                } else if nested_list_found && !indentation_found && scan::list_start(result, 0) {
                    prefix = pats.indentation + 4;
                }
                let value = values.last_mut().expect("one value");
                value.extend(std::iter::repeat_n(' ', prefix));
                value.push_str(result);
                src.pos = end;
                last_is_blank = false;
            } else if let Some(end) = scan::blank_line(s, pos).filter(|_| !items.is_empty()) {
                src.pos = end;
                nested_list_found = true;
                last_is_blank = true;
                let (_, values) = items.last_mut().expect("an item exists");
                values.last_mut().expect("one value").push_str(&s[pos..end]);
            } else {
                break;
            }
        }

        let n_items = items.len();
        let mut last: Option<Element> = None;
        let mut item_els: Vec<Element> = Vec::with_capacity(n_items);
        for (idx, (mut item, values)) in items.into_iter().enumerate() {
            let mut temp = Element::new(Kind::Temp);
            if self.depth < super::MAX_DEPTH {
                for v in values {
                    self.parse_blocks(&mut temp, &mut Src::new(v));
                }
            } else {
                add_text(&mut temp, &values.concat(), Kind::RawText);
            }
            item.children = temp.children;
            if item.children.is_empty() {
                item_els.push(item);
                continue;
            }
            let ch = &mut item.children;
            // An EOB marker inserted by a block IAL after the first paragraph.
            if ch[0].kind == Kind::P
                && ch.len() >= 2
                && ch[1].kind == Kind::Eob
                && ch[0].opts.ial.is_some()
            {
                ch.remove(1);
            }
            let is_last = idx + 1 == n_items;
            let first_is_p = ch[0].kind == Kind::P;
            let compact_item = ch.len() < 2
                || ch[1].kind != Kind::Blank
                || (is_last && ch.len() == 2 && !eob_found);
            let others_not_simple = !is_last
                || n_items == 1
                || item_els.iter().any(|it| {
                    it.children
                        .first()
                        .is_none_or(|c| c.kind != Kind::P || c.opts.transparent)
                });
            if first_is_p && compact_item && others_not_simple {
                if ch.len() > 1
                    && ch[1].kind != Kind::Blank
                    && let Some(t) = ch[0].children.first_mut()
                {
                    t.value.push('\n');
                }
                ch[0].opts.transparent = true;
            }
            last = if ch.last().is_some_and(|c| c.kind == Kind::Blank) {
                ch.pop()
            } else {
                None
            };
            item_els.push(item);
        }
        list.children = item_els;
        if self.gfm {
            mark_task_list(&mut list);
        }
        el.children.push(list);
        if let Some(last) = last
            && !eob_found
        {
            el.children.push(last);
        }
        Res::Yes
    }

    pub(super) fn parse_definition_list(&mut self, el: &mut Element, src: &mut Src) -> Res {
        if scan::deflist_start(&src.s, src.pos, 3).is_none() {
            return Res::No;
        }
        let ch = &el.children;
        let n = ch.len();
        let ok = match n {
            0 => false,
            1 => ch[0].kind == Kind::P,
            _ => {
                ch[n - 1].kind == Kind::P
                    || (ch[n - 1].kind == Kind::Blank
                        && ch[n - 1].value == "\n"
                        && ch[n - 2].kind == Kind::P)
            }
        };
        if !ok {
            return Res::No;
        }
        let mut first_as_para = false;
        let mut deflist = self.new_block_el(Kind::Dl);
        let mut para = el.children.pop().expect("checked");
        if para.kind == Kind::Blank {
            para = el.children.pop().expect("checked");
            first_as_para = true;
        }
        let terms = para
            .children
            .first()
            .map(|c| c.value.clone())
            .unwrap_or_default();
        for term in terms.split('\n') {
            let mut term = term.to_string();
            let mut dt = Element::new(Kind::Dt);
            take_item_ial(self, &mut term, &mut dt.opts.ial);
            dt.opts.rare_mut().raw_text = Some(term.clone());
            dt.children.push(Element::with_value(Kind::RawText, term));
            deflist.children.push(dt);
        }
        // Ruby's split drops trailing empty strings.
        while deflist
            .children
            .last()
            .is_some_and(|d| d.opts.rare().raw_text.as_deref() == Some(""))
            && terms.ends_with('\n')
        {
            deflist.children.pop();
        }
        deflist.opts.ial = para.opts.ial.take();

        let mut max_sp = 3;
        let mut pats = ItemPatterns { indentation: 0 };
        let mut last_is_blank = false;
        let mut dds: Vec<(Element, String)> = Vec::new();
        while src.pos < src.s.len() {
            let s = &src.s;
            let pos = src.pos;
            if let Some((mend, lend)) = scan::deflist_start(s, pos, max_sp) {
                let (mut value, indentation) = first_list_line(mend - pos, &s[mend..lend]);
                src.pos = lend;
                let mut dd = Element::new(Kind::Dd);
                dd.opts.first_as_para = first_as_para;
                take_item_ial(self, &mut value, &mut dd.opts.ial);
                pats = ItemPatterns { indentation };
                max_sp = match indentation {
                    1 => 0,
                    2 => 1,
                    3 => 2,
                    _ => 3,
                };
                first_as_para = false;
                last_is_blank = false;
                dds.push((dd, value));
            } else if scan::eob_marker(s, pos).is_some() {
                break;
            } else if let Some(end) = pats
                .content(s, pos)
                .or_else(|| {
                    if last_is_blank {
                        None
                    } else {
                        pats.lazy(s, pos)
                    }
                })
                .filter(|_| !dds.is_empty())
            {
                let mut result = s[pos..end].to_string();
                src.pos = end;
                let tabs = result.bytes().take_while(|&c| c == b'\t').count();
                if tabs > 0 {
                    result.replace_range(..tabs, &" ".repeat(4 * tabs));
                }
                if pats.indent(&result) {
                    result.replace_range(..pats.indentation, "");
                }
                dds.last_mut().expect("a definition").1.push_str(&result);
                first_as_para = false;
                last_is_blank = false;
            } else if let Some(end) = scan::blank_line(s, pos).filter(|_| !dds.is_empty()) {
                let text = s[pos..end].to_string();
                src.pos = end;
                first_as_para = true;
                dds.last_mut().expect("a definition").1.push_str(&text);
                last_is_blank = true;
            } else {
                break;
            }
        }

        let mut last: Option<Element> = None;
        for (mut dd, value) in dds {
            if self.depth < super::MAX_DEPTH {
                self.parse_blocks(&mut dd, &mut Src::new(value));
            } else {
                add_text(&mut dd, &value, Kind::RawText);
            }
            if !dd.children.is_empty() {
                last = if dd.children.last().is_some_and(|c| c.kind == Kind::Blank) {
                    dd.children.pop()
                } else {
                    None
                };
                let first_as_para = std::mem::take(&mut dd.opts.first_as_para);
                let len = dd.children.len();
                if dd.children.first().is_some_and(|c| c.kind == Kind::P) && !first_as_para {
                    let p = &mut dd.children[0];
                    if len > 1
                        && let Some(t) = p.children.first_mut()
                    {
                        t.value.push('\n');
                    }
                    p.opts.transparent = true;
                }
            }
            deflist.children.push(dd);
        }

        let ch = &mut el.children;
        let n = ch.len();
        if n >= 1 && ch[n - 1].kind == Kind::Dl {
            ch[n - 1].children.extend(deflist.children);
        } else if n >= 2 && ch[n - 1].kind == Kind::Blank && ch[n - 2].kind == Kind::Dl {
            ch.pop();
            ch.last_mut()
                .expect("checked")
                .children
                .extend(deflist.children);
        } else {
            ch.push(deflist);
        }
        if let Some(last) = last {
            el.children.push(last);
        }
        Res::Yes
    }
}

/// GFM task lists: items starting with `[ ]` or `[x]` get a checkbox.
fn mark_task_list(list: &mut Element) {
    const UNCHECKED: &str =
        "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"disabled\" />";
    const CHECKED: &str = "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"disabled\" checked=\"checked\" />";
    let mut is_tasklist = false;
    for li in &mut list.children {
        let Some(p) = li.children.first_mut().filter(|c| c.kind == Kind::P) else {
            continue;
        };
        let Some(text) = p.children.first_mut() else {
            continue;
        };
        let mut changed = false;
        for (pat, box_html) in [("[ ]", UNCHECKED), ("[x]", CHECKED), ("[X]", CHECKED)] {
            let v = &text.value;
            let lead = v.len()
                - v.trim_start_matches(|c: char| c.is_ascii() && scan::is_space(c as u8))
                    .len();
            if v[lead..].starts_with(pat) {
                let after = lead + 3;
                let ws = v[after..].len()
                    - v[after..]
                        .trim_start_matches(|c: char| c.is_ascii() && scan::is_space(c as u8))
                        .len();
                if ws > 0 {
                    text.value.replace_range(..after + ws, box_html);
                    changed = true;
                }
            }
        }
        is_tasklist |= changed;
        if is_tasklist {
            li.attr.set("class", "task-list-item");
        }
    }
    if is_tasklist {
        list.attr.set("class", "task-list");
    }
}
