//! jekyll-relative-links 0.7: Markdown links to other files of the site (`[x](other.md)`,
//! `[x]: ../docs/b.md`) are rewritten to those files' URLs before conversion, as GitHub
//! links them.
//!
//! Options (`relative_links:`): `enabled: false` turns it off, `collections: true` also
//! rewrites links in the documents of written collections, `exclude: [globs]` leaves
//! matching files alone.
//!
//! The gem finds links with one regular expression (`LINK_REGEX`), an inline form and a
//! reference form; the matcher below follows Ruby's backtracking over it step by step,
//! because the exact span it matches is what gets replaced.

use super::{doc_mut, docs_to_write, markdown_ext, option, page_mut};
use crate::liquid::filters::jekyll::url::compute_relative_url;
use crate::reader::filter::EntryFilter;
use crate::site::{ReadError, Site};
use crate::value::Value;
use std::path::Path;

/// One link found by `LINK_REGEX`.
#[derive(Debug, PartialEq, Eq)]
struct Link<'a> {
    inline: bool,
    start: usize,
    end: usize,
    text: &'a str,
    path: &'a str,
    fragment: &'a str,
    title: &'a str,
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn eol(b: &[u8], at: usize) -> bool {
    at >= b.len() || b[at] == b'\n'
}

/// `TITLE_REGEX`'s alternatives at `x`: whitespace, `"`, a body where `closer` only
/// appears escaped, then `closer` (the second alternative's `'` closer is the gem's).
fn title_end(b: &[u8], x: usize, closer: u8) -> Option<usize> {
    let ws = b[x.min(b.len())..]
        .iter()
        .take_while(|c| is_ws(**c))
        .count();
    let u = x + ws;
    if ws == 0 || b.get(u) != Some(&b'"') {
        return None;
    }
    let mut i = u + 1;
    while i < b.len() {
        if b[i] == b'\\' && b.get(i + 1) == Some(&closer) {
            i += 2;
        } else if b[i] == closer {
            // `(?<!\\)`: the greedy body never leaves an escaped closer here.
            return (b[i - 1] != b'\\').then_some(i + 1);
        } else {
            i += 1;
        }
    }
    None
}

/// Where a title may end after `x`, in the order the regex tries.
fn titles(b: &[u8], x: usize) -> impl Iterator<Item = usize> + '_ {
    [title_end(b, x, b'"'), title_end(b, x, b'\'')]
        .into_iter()
        .flatten()
}

/// The fragment ends `(#.+?)` allows from `k` (shortest first).
fn fragment_ends(b: &[u8], k: usize) -> Vec<usize> {
    if b.get(k) != Some(&b'#') {
        return Vec::new();
    }
    (k + 2..=b.len())
        .take_while(|&fe| b[fe - 1] != b'\n')
        .collect()
}

/// After the path (or fragment) of an inline link: an optional title, then `)`. Returns
/// where the title ends and where the match ends.
fn inline_tail(b: &[u8], x: usize) -> Option<(usize, usize)> {
    titles(b, x)
        .find(|&y| b.get(y) == Some(&b')'))
        .or((b.get(x) == Some(&b')')).then_some(x))
        .map(|y| (y, y + 1))
}

/// After the path (or fragment) of a reference: an optional title, then `\s*?$`.
fn reference_tail(b: &[u8], x: usize) -> Option<(usize, usize)> {
    let to_eol = |mut j: usize| loop {
        if eol(b, j) {
            return Some(j.min(b.len()));
        }
        if is_ws(b[j]) {
            j += 1;
        } else {
            return None;
        }
    };
    titles(b, x)
        .find_map(|y| to_eol(y).map(|z| (y, z)))
        .or_else(|| to_eol(x).map(|z| (x, z)))
}

/// Path, fragment and title from `q` on, the path lazily: `(path)(#.+?|)?(title)?` then
/// what `tail` requires. Returns (path end, fragment end, title end, match end).
fn rest(
    b: &[u8],
    q: usize,
    path_ends: std::ops::RangeInclusive<usize>,
    tail: impl Fn(&[u8], usize) -> Option<(usize, usize)>,
) -> Option<(usize, usize, usize, usize)> {
    for k in path_ends {
        if k <= q {
            continue;
        }
        for fe in fragment_ends(b, k) {
            if let Some((te, end)) = tail(b, fe) {
                return Some((k, fe, te, end));
            }
        }
        if let Some((te, end)) = tail(b, k) {
            return Some((k, k, te, end));
        }
    }
    None
}

/// `\[(.*?)\]\(([^)]+?)(#.+?|)?(title)?\)` at `p`.
fn inline_at(s: &str, p: usize) -> Option<Link<'_>> {
    let b = s.as_bytes();
    if b[p] != b'[' {
        return None;
    }
    let mut e = p + 1;
    while e < b.len() && b[e] != b'\n' {
        if b[e] == b']' && b.get(e + 1) == Some(&b'(') {
            let q = e + 2;
            // The path stops at the first `)`; it may run over lines.
            if let Some(c) = b[q.min(b.len())..].iter().position(|&x| x == b')')
                && let Some((k, fe, te, end)) = rest(b, q, q + 1..=q + c, inline_tail)
            {
                return Some(Link {
                    inline: true,
                    start: p,
                    end,
                    text: &s[p + 1..e],
                    path: &s[q..k],
                    fragment: &s[k..fe],
                    title: &s[fe..te],
                });
            }
        }
        e += 1;
    }
    None
}

/// `^\s*?\[(.*?)\]: (.+?)(#.+?|)?(title)?\s*?$` at `p`.
fn reference_at(s: &str, p: usize) -> Option<Link<'_>> {
    let b = s.as_bytes();
    if p > 0 && b[p - 1] != b'\n' {
        return None;
    }
    let mut w = p;
    while w < b.len() {
        if b[w] == b'[' {
            let mut e = w + 1;
            while e < b.len() && b[e] != b'\n' {
                if b[e..].starts_with(b"]: ") {
                    let q = e + 3;
                    let line_end = q + b[q.min(b.len())..]
                        .iter()
                        .take_while(|&&x| x != b'\n')
                        .count();
                    if let Some((k, fe, te, end)) = rest(b, q, q + 1..=line_end, reference_tail) {
                        return Some(Link {
                            inline: false,
                            start: p,
                            end,
                            text: &s[w + 1..e],
                            path: &s[q..k],
                            fragment: &s[k..fe],
                            title: &s[fe..te],
                        });
                    }
                }
                e += 1;
            }
        }
        if !is_ws(b[w]) {
            return None;
        }
        w += 1;
    }
    None
}

/// Every match of `LINK_REGEX`, left to right, as `gsub` finds them.
fn links(s: &str) -> Vec<Link<'_>> {
    let mut out = Vec::new();
    let mut p = 0;
    while p < s.len() {
        match inline_at(s, p).or_else(|| reference_at(s, p)) {
            Some(l) => {
                p = l.end.max(p + 1);
                out.push(l);
            }
            None => p += 1,
        }
    }
    out
}

/// Addressable's `absolute?`: a valid scheme before the first `:` (an invalid one makes
/// Addressable fail, which the gem takes as "not absolute").
fn absolute_url(s: &str) -> bool {
    let Some(i) = s.find(':') else { return false };
    let scheme = &s[..i];
    if scheme.is_empty() || scheme.contains(['/', '?', '#']) {
        return false;
    }
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-'))
}

/// `CGI.unescape`: `+` is a space, `%XX` a byte.
fn cgi_unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len()
                && b[i + 1].is_ascii_hexdigit()
                && b[i + 2].is_ascii_hexdigit() =>
            {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("00");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(0));
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `path_from_root`: the link resolved against the file's folder (`url_base`, `.` at the
/// root) with `File.expand_path` from the site's folder, relative to it again; a path that
/// climbs out of the site stays absolute (and so matches no file).
fn path_from_root(link: &str, url_base: &str, source: &Path) -> String {
    let absolute = link.starts_with('/');
    let link = link.strip_prefix('/').unwrap_or(link);
    let mut parts: Vec<String> = source
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let root_len = parts.len();
    let base = if absolute { "" } else { url_base };
    for seg in base.split('/').chain(link.split('/')) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s.to_string()),
        }
    }
    let inside = parts.len() >= root_len
        && source
            .components()
            .filter(|c| matches!(c, std::path::Component::Normal(_)))
            .zip(parts.iter())
            .all(|(c, p)| c.as_os_str().to_string_lossy() == p.as_str());
    if inside && parts.len() > root_len {
        parts[root_len..].join("/")
    } else {
        format!("/{}", parts.join("/"))
    }
}

/// A site file's relative path and URL, for links to find.
type Target = (String, String);

/// `potential_targets`: pages, static files, then documents to write.
fn targets(site: &Site) -> Vec<Target> {
    let mut t: Vec<Target> = site
        .pages
        .iter()
        .map(|p| (p.relative_path(), p.url.clone()))
        .collect();
    for f in &site.static_files {
        t.push((
            f.relative_path.trim_start_matches('/').to_string(),
            f.url.clone(),
        ));
    }
    for (ci, i) in docs_to_write(site) {
        let d = &site.collections[ci].docs[i];
        t.push((d.relative_path.clone(), d.url.clone()));
    }
    t
}

/// `replace_relative_links!` on one file's content.
fn rewrite(
    content: &str,
    relative_path: &str,
    site: &Site,
    targets: &[Target],
    config: &Value,
) -> String {
    let url_base = super::readme_index::ruby_dirname(relative_path);
    let mut out = String::new();
    let mut last = 0;
    for l in links(content) {
        let replacement = (!l.path.starts_with('#') && !absolute_url(l.path))
            .then(|| {
                let path = cgi_unescape(&path_from_root(l.path, &url_base, &site.config.source));
                let (_, url) = targets.iter().find(|(rel, _)| *rel == path)?;
                compute_relative_url(config, url).ok()
            })
            .flatten();
        out.push_str(&content[last..l.start]);
        match replacement {
            Some(url) if l.inline => {
                out.push_str(&format!("[{}]({url}{}{})", l.text, l.fragment, l.title))
            }
            Some(url) => out.push_str(&format!("\n[{}]: {url}{}{}", l.text, l.fragment, l.title)),
            None => out.push_str(&content[l.start..l.end]),
        }
        last = l.end;
    }
    out.push_str(&content[last..]);
    out
}

/// `JekyllRelativeLinks::Generator#generate`.
pub fn generate(site: &mut Site) -> Result<(), ReadError> {
    let key = "relative_links";
    if matches!(option(&site.config, key, "enabled"), Value::Bool(false)) {
        return Ok(());
    }
    let collections = matches!(option(&site.config, key, "collections"), Value::Bool(true));
    let exclude: Vec<String> = match option(&site.config, key, "exclude") {
        Value::Array(a) => a.iter().map(Value::to_ruby_s).collect(),
        v if v.truthy() => vec![v.to_ruby_s()],
        _ => Vec::new(),
    };
    let config = &site.config;
    let filter = EntryFilter::new(
        &config.source,
        &config.strings("include"),
        &config.strings("exclude"),
        config.flag("safe"),
    );
    let config_value = Value::from(config.data.clone());
    let targets = targets(site);
    let excluded = |rel: &str| !exclude.is_empty() && filter.matches_any(&exclude, rel);
    for i in 0..site.pages.len() {
        let p = &site.pages[i];
        let rel = p.relative_path();
        if !markdown_ext(site, &p.ext) || excluded(&rel) {
            continue;
        }
        let content = rewrite(&p.content, &rel, site, &targets, &config_value);
        page_mut(site, i)?.content = content;
    }
    if !collections {
        return Ok(());
    }
    let separator = site.config.string("excerpt_separator");
    for (ci, i) in docs_to_write(site) {
        let d = &site.collections[ci].docs[i];
        if !markdown_ext(site, &d.extname) || excluded(&d.relative_path) {
            continue;
        }
        let content = rewrite(&d.content, &d.relative_path, site, &targets, &config_value);
        let doc = doc_mut(site, ci, i)?;
        doc.content = content;
        // `data["excerpt"]` is made again from the new content whenever there is one.
        if doc.excerpt.is_some() || doc.custom_excerpt.as_ref().is_some_and(Value::truthy) {
            let sep = doc
                .data
                .get("excerpt_separator")
                .map(Value::to_ruby_s)
                .unwrap_or_else(|| separator.clone());
            doc.custom_excerpt = None;
            doc.excerpt = Some(crate::site::excerpt::extract(&doc.content, &sep));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(s: &str) -> Vec<(bool, &str, &str, &str, &str, &str)> {
        links(s)
            .into_iter()
            .map(|l| {
                (
                    l.inline,
                    &s[l.start..l.end],
                    l.text,
                    l.path,
                    l.fragment,
                    l.title,
                )
            })
            .collect()
    }

    #[test]
    fn inline_links() {
        assert_eq!(
            spans("See [a](b.md) and [c](d.md#x \"T\")."),
            vec![
                (true, "[a](b.md)", "a", "b.md", "", ""),
                (true, "[c](d.md#x \"T\")", "c", "d.md", "#x", " \"T\"")
            ]
        );
        // Lazy text: from the first `[` to the first `](`.
        assert_eq!(spans("[a] [b](c.md)")[0].2, "a] [b");
        assert_eq!(spans("[a](b c.md)")[0].3, "b c.md");
        assert!(spans("[a]() x").is_empty());
    }

    #[test]
    fn reference_links() {
        assert_eq!(
            spans("Text\n\n[a]: b.md#f \"T\"  \nmore"),
            vec![(false, "\n[a]: b.md#f \"T\"  ", "a", "b.md", "#f", " \"T\"")]
        );
        assert_eq!(spans("[x]: y.md")[0].3, "y.md");
    }

    /// Spans Ruby's `LINK_REGEX` gives for the same texts (checked with jekyll-relative-links
    /// 0.7.0's constant).
    #[test]
    fn spans_as_ruby_finds_them() {
        assert_eq!(
            spans("[a](b.md 'x') [c](d.md \"it's\")"),
            vec![
                (true, "[a](b.md 'x')", "a", "b.md 'x'", "", ""),
                (true, "[c](d.md \"it's\")", "c", "d.md", "", " \"it's\"")
            ]
        );
        assert_eq!(
            spans("  [r]: a.md 'T'\n"),
            vec![(false, "  [r]: a.md 'T'", "r", "a.md 'T'", "", "")]
        );
        assert_eq!(spans("[a](b\nc.md)")[0].3, "b\nc.md");
        assert_eq!(
            spans("[a](b.md#x)y)"),
            vec![(true, "[a](b.md#x)", "a", "b.md", "#x", "")]
        );
        assert_eq!(spans("[l](x.md \"a \\\" b\")")[0].5, " \"a \\\" b\"");
    }

    #[test]
    fn paths_and_urls() {
        let src = Path::new("/site");
        assert_eq!(path_from_root("b.md", ".", src), "b.md");
        assert_eq!(path_from_root("../b.md", "docs", src), "b.md");
        assert_eq!(path_from_root("/docs/./c.md", "x", src), "docs/c.md");
        assert_eq!(path_from_root("../../b.md", "docs", src), "/b.md");
        assert!(absolute_url("https://x.org"));
        assert!(absolute_url("mailto:a@b"));
        assert!(!absolute_url("b.md"));
        assert!(!absolute_url("a b:c"));
        assert_eq!(cgi_unescape("a%20b+c.md"), "a b c.md");
    }
}
