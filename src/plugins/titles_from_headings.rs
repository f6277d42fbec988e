//! jekyll-titles-from-headings 0.5: a Markdown page without a `title` takes the text of its
//! first heading (when the content starts with one).
//!
//! Options (`titles_from_headings:`): `enabled: false` turns it off, `strip_title: true`
//! removes that heading from the content (a page's own `strip_title` wins), `collections:
//! true` also titles the documents of written collections. A document's title from its file
//! name counts as no title, so a document's heading beats even its front matter `title`, as
//! in the gem.

use super::{doc_mut, docs_to_write, markdown_ext, option, page_mut};
use crate::convert::Converters;
use crate::liquid::{Context, Engine};
use crate::site::{ReadError, Site};
use crate::value::{Hash, Value};

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Ruby's `String#strip`: whitespace and NULs off both ends.
pub fn ruby_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c == '\0' || (c.is_ascii() && is_ws(c as u8)))
}

/// `TITLE_REGEX` matched at the start of `content`, as Ruby's backtracking matcher does:
/// `\A\s*(?:\#{1,3}\s+(.*)(?:\s+\#{1,3})?|(.*)\r?\n[-=]+\s*)$`. Returns the heading text
/// and where the match ends.
pub fn title_match(content: &str) -> Option<(&str, usize)> {
    let b = content.as_bytes();
    let lead = b.iter().take_while(|c| is_ws(**c)).count();
    // `\s*` gives back whitespace one character at a time until an alternative matches.
    (0..=lead)
        .rev()
        .find_map(|w| atx_at(content, w).or_else(|| setext_at(content, w)))
}

fn run(b: &[u8], from: usize, pred: impl Fn(u8) -> bool) -> usize {
    b[from.min(b.len())..]
        .iter()
        .take_while(|c| pred(**c))
        .count()
}

fn line_end(b: &[u8], from: usize) -> usize {
    from + run(b, from, |c| c != b'\n')
}

fn eol(b: &[u8], at: usize) -> bool {
    at == b.len() || b[at] == b'\n'
}

/// `\#{1,3}\s+(.*)(?:\s+\#{1,3})?$` at `w`.
fn atx_at(s: &str, w: usize) -> Option<(&str, usize)> {
    let b = s.as_bytes();
    let hashes = run(b, w, |c| c == b'#');
    // More than three hashes leave a `#` where `\s+` needs whitespace.
    if hashes == 0 || hashes > 3 {
        return None;
    }
    let after = w + hashes;
    let spaces = run(b, after, is_ws);
    if spaces == 0 {
        return None;
    }
    let start = after + spaces;
    let end = line_end(b, start);
    // The optional closing hashes may reach past this line, through whitespace.
    let p = end + run(b, end, is_ws);
    let closing = run(b, p, |c| c == b'#');
    let match_end = if p > end && (1..=3).contains(&closing) && eol(b, p + closing) {
        p + closing
    } else {
        end
    };
    Some((&s[start..end], match_end))
}

/// `(.*)\r?\n[-=]+\s*$` at `w`.
fn setext_at(s: &str, w: usize) -> Option<(&str, usize)> {
    let b = s.as_bytes();
    let end = line_end(b, w);
    if end == b.len() {
        return None;
    }
    let rule = run(b, end + 1, |c| c == b'-' || c == b'=');
    if rule == 0 {
        return None;
    }
    let q = end + 1 + rule;
    let spaces = run(b, q, is_ws);
    // `\s*` gives back whitespace until `$` holds: the end, or before a newline.
    let match_end = (q..=q + spaces).rev().find(|&j| eol(b, j))?;
    Some((&s[w..end], match_end))
}

/// `strip_markup`: `markdownify`, `strip_html`, `normalize_whitespace`, then footnote
/// markers (`[^1]`) out.
fn strip_markup(converters: &Converters, engine: &Engine, text: &str) -> String {
    let mut ctx = Context::new(engine, Value::Nil);
    let mut v = Value::from(converters.markdownify(text));
    for name in ["strip_html", "normalize_whitespace"] {
        if let Some(f) = engine.filter(name) {
            v = (f.func)(&mut ctx, v.clone(), &[]).unwrap_or(v);
        }
    }
    remove_footnote_markers(&v.to_ruby_s())
}

/// `gsub(/\[\^[^\]]*\]/, "")`.
fn remove_footnote_markers(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("[^") {
        match rest[i + 2..].find(']') {
            Some(j) => {
                out.push_str(&rest[..i]);
                rest = &rest[i + 2 + j + 1..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// What the gem does to one page or document: the title to set, and the content without
/// its heading when it strips titles.
fn retitle(
    data: &Hash,
    content: &str,
    strip_default: bool,
    tools: &(Converters, Engine),
) -> (Value, Option<String>) {
    let m = title_match(content);
    let title = match m {
        Some((text, _)) => Value::from(strip_markup(&tools.0, &tools.1, text)),
        None => data.get("title").cloned().unwrap_or_default(),
    };
    let strip = match data.get("strip_title") {
        Some(v) => matches!(v, Value::Bool(true)),
        None => strip_default,
    };
    let stripped = strip.then(|| {
        let rest = m.map_or(content, |(_, end)| &content[end..]);
        ruby_strip(rest).to_string()
    });
    (title, stripped)
}

/// `JekyllTitlesFromHeadings::Generator#generate`.
pub fn generate(site: &mut Site) -> Result<(), ReadError> {
    let key = "titles_from_headings";
    if matches!(option(&site.config, key, "enabled"), Value::Bool(false)) {
        return Ok(());
    }
    let strip_default = matches!(option(&site.config, key, "strip_title"), Value::Bool(true));
    let collections = matches!(option(&site.config, key, "collections"), Value::Bool(true));
    let tools = (Converters::new(&site.config), Engine::jekyll());
    for i in 0..site.pages.len() {
        let p = &site.pages[i];
        if !markdown_ext(site, &p.ext) || !p.data.get("title").is_none_or(Value::is_nil) {
            continue;
        }
        let (title, stripped) = retitle(&p.data, &p.content, strip_default, &tools);
        let page = page_mut(site, i)?;
        page.data.insert("title".into(), title);
        if let Some(c) = stripped {
            page.content = c;
        }
    }
    if !collections {
        return Ok(());
    }
    let separator = site.config.string("excerpt_separator");
    for (ci, i) in docs_to_write(site) {
        let d = &site.collections[ci].docs[i];
        if !markdown_ext(site, &d.extname) {
            continue;
        }
        let (title, stripped) = retitle(&d.data, &d.content, strip_default, &tools);
        let post = d.collection == "posts";
        let doc = doc_mut(site, ci, i)?;
        doc.data.insert("title".into(), title);
        if let Some(c) = stripped {
            doc.content = c;
            // A post's excerpt is made again from the content without its heading.
            let sep = doc
                .data
                .get("excerpt_separator")
                .map(Value::to_ruby_s)
                .unwrap_or_else(|| separator.clone());
            if post && !sep.is_empty() {
                doc.custom_excerpt = None;
                doc.excerpt = Some(crate::site::excerpt::extract(&doc.content, &sep));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_as_ruby_matches_them() {
        assert_eq!(title_match("# Hello\nbody"), Some(("Hello", 7)));
        assert_eq!(title_match("\n\n## Two ##\n"), Some(("Two ##", 11)));
        assert_eq!(title_match("#### Four"), None);
        assert_eq!(title_match("#NoSpace"), None);
        assert_eq!(title_match("Title\n=====\n\nText"), Some(("Title", 12)));
        assert_eq!(title_match("Para\n---"), Some(("Para", 8)));
        assert_eq!(title_match("Just text\n\nMore"), None);
        // The closing-hashes group may swallow a lone `#` line below.
        assert_eq!(title_match("# A\n#"), Some(("A", 5)));
        // `\s+` after the hashes crosses newlines.
        assert_eq!(title_match("#\nNext"), Some(("Next", 6)));
        // A blank first line under an underline: `\s*` gives back to make it a heading.
        assert_eq!(title_match("  \n---"), Some(("", 6)));
    }

    #[test]
    fn footnote_markers_and_strip() {
        assert_eq!(remove_footnote_markers("A[^1] b[^x]"), "A b");
        assert_eq!(ruby_strip("\n\0 x \t"), "x");
    }
}
