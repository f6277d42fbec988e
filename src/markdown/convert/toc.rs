//! The `{:toc}` table of contents: a nested list of links to the headers.

use crate::markdown::element::{Attrs, Element, Kind};

/// kramdown's `generate_toc_tree`: one item per header, nested by level.
pub(super) fn generate_toc_tree(
    toc: &[(u8, String, Vec<Element>)],
    kind: Kind,
    attr: &Attrs,
) -> Element {
    let mut sections = Element::new(kind);
    sections.attr = attr.clone();
    if !sections.attr.contains("id") {
        sections.attr.set("id", "markdown-toc");
    }
    let list_id = sections.attr.get("id").unwrap_or("").to_string();
    // The open items, as (level, item); each item's last child is its (maybe empty) sublist.
    let mut stack: Vec<(u8, Element)> = Vec::new();
    for (level, id, children) in toc {
        let mut li = Element::new(Kind::Li);
        let mut p = Element::new(Kind::P);
        p.opts.transparent = true;
        let mut a = Element::new(Kind::A);
        a.attr.set("href", ["#", id.as_str()].concat());
        a.attr
            .set("id", [list_id.as_str(), "-", id.as_str()].concat());
        a.children = fix_for_toc_entry(children.clone());
        p.children.push(a);
        li.children.push(p);
        li.children.push(Element::new(kind));
        loop {
            match stack.last() {
                None => {
                    stack.push((*level, li));
                    break;
                }
                Some((l, _)) if *l < *level => {
                    stack.push((*level, li));
                    break;
                }
                Some(_) => close_item(&mut stack, &mut sections),
            }
        }
    }
    while !stack.is_empty() {
        close_item(&mut stack, &mut sections);
    }
    sections
}

/// Pops the innermost open item, drops its sublist if empty, and attaches it to its parent.
fn close_item(stack: &mut Vec<(u8, Element)>, sections: &mut Element) {
    let (_, mut item) = stack.pop().expect("non-empty stack");
    if item.children.last().is_some_and(|c| c.children.is_empty()) {
        item.children.pop();
    }
    match stack.last_mut() {
        Some((_, parent)) => parent
            .children
            .last_mut()
            .expect("an item has a sublist")
            .children
            .push(item),
        None => sections.children.push(item),
    }
}

/// Footnotes removed and links unwrapped, so a header's content can go inside a link.
fn fix_for_toc_entry(mut elements: Vec<Element>) -> Vec<Element> {
    remove_footnotes(&mut elements);
    unwrap_links(elements)
}

fn remove_footnotes(elements: &mut Vec<Element>) {
    elements.retain_mut(|c| {
        remove_footnotes(&mut c.children);
        c.kind != Kind::Footnote
    });
}

fn unwrap_links(elements: Vec<Element>) -> Vec<Element> {
    let mut out = Vec::with_capacity(elements.len());
    for mut c in elements {
        c.children = unwrap_links(std::mem::take(&mut c.children));
        if c.kind == Kind::A {
            out.extend(c.children);
        } else {
            out.push(c);
        }
    }
    out
}
