//! Selectors as libsass writes and maps them: a list's complex selectors, their compound
//! selectors and combinators, and the simple selectors each token of the map belongs to.

use super::mark::{Origin, Simple};

/// The written selectors of rule `id` nested in its ancestors': each complex selector as
/// its simple selectors, with `&` replaced by the parent's.
pub fn expand(origins: &[Origin], id: usize, depth: usize) -> Option<Vec<Vec<&Simple>>> {
    let Some(Origin::Rule {
        parent, complexes, ..
    }) = origins.get(id)
    else {
        return None;
    };
    let own = complexes.as_ref()?;
    let parents = match parent {
        Some(p) if depth < 64 => expand(origins, *p, depth + 1)?,
        Some(_) => return None,
        None => vec![Vec::new()],
    };
    let mut out = Vec::new();
    for p in &parents {
        for c in own {
            let amp = c.iter().position(|s| s.text == "&");
            let mut v = p.clone();
            match amp {
                Some(0) => v.extend(c[1..].iter()),
                Some(_) => return None,
                None => v.extend(c.iter()),
            }
            out.push(v);
        }
    }
    Some(out)
}

/// Splits `s` at `sep` outside brackets and strings.
pub fn split_top(s: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut cur = String::new();
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            escaped = false;
            cur.push(c);
            continue;
        }
        match (quote, c) {
            (_, '\\') => escaped = true,
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, _) if c == sep && depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out
}

/// A complex selector's compound selectors and combinators.
pub fn components(complex: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in split_top(complex, ' ') {
        if word.is_empty() {
            continue;
        }
        out.push(word);
    }
    out
}

/// A compound selector's simple selectors: `a.b:hover` → `a`, `.b`, `:hover`.
pub fn split_simple(compound: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0;
    let mut quote: Option<char> = None;
    let mut prev = '\0';
    let mut escaped = false;
    for c in compound.chars() {
        if escaped {
            escaped = false;
        } else if let Some(q) = quote {
            if c == q {
                quote = None;
            }
        } else {
            match c {
                '\\' => escaped = true,
                '"' | '\'' => quote = Some(c),
                '(' => depth += 1,
                ')' => depth -= 1,
                '[' if depth == 0 => {
                    if !cur.is_empty() {
                        out.push(std::mem::take(&mut cur));
                    }
                    depth += 1;
                }
                ']' => depth -= 1,
                '.' | '#' | ':' if depth == 0 && !(c == ':' && prev == ':') && !cur.is_empty() => {
                    out.push(std::mem::take(&mut cur));
                }
                _ => {}
            }
        }
        cur.push(c);
        prev = c;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The simple selectors of a selector list, in order.
pub fn simple_selectors(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    for complex in split_top(list, ',') {
        for part in components(complex.trim()) {
            if !matches!(part.as_str(), ">" | "+" | "~") {
                out.extend(split_simple(&part));
            }
        }
    }
    out
}

/// `:not(.a, .b)` → `:not(.a,.b)` in the compressed style.
pub fn compress_selector_args(simple: &str) -> String {
    if simple.starts_with(':') && simple.contains('(') {
        simple.replace(", ", ",")
    } else {
        simple.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_selectors_split_where_libsass_maps() {
        assert_eq!(
            simple_selectors("a.b:hover > .c::before, [x=\"1\"]"),
            ["a", ".b", ":hover", ".c", "::before", "[x=\"1\"]"]
        );
    }
}

/// libsass prints an attribute selector's value as written (`[type="button"]`,
/// `[href='x']`); grass unquotes identifiers and requotes strings with `"`. Each attribute
/// selector of the sources, keyed by name, operator and unquoted value, gives back its
/// written form.
pub fn restore_attributes(nodes: &mut [super::css::Node], sources: &[String], origins: &[Origin]) {
    let mut written = std::collections::HashMap::new();
    for src in sources {
        for text in brackets(src) {
            if let Some(key) = attribute_key(text)
                && text.contains(['"', '\''])
            {
                written.entry(key).or_insert_with(|| text.to_string());
            }
        }
    }
    if !written.is_empty() {
        restore_in(nodes, &written);
    }
    let patterns = nth_patterns(sources);
    if !patterns.is_empty() {
        // A rule's own selector as written says best how it was spaced; the patterns of all
        // the sources stand in when it came through interpolation or a parent reference.
        let own = |origin: Option<usize>| -> Vec<String> {
            let mut found = Vec::new();
            let mut id = origin;
            while let Some(Origin::Rule {
                start,
                open,
                parent,
                ..
            }) = id.and_then(|i| origins.get(i))
            {
                if let Some(text) = sources
                    .get(start.file)
                    .and_then(|src| super::compress::span_text(src, *start, *open))
                {
                    // An argument that is all interpolation (`#{$nth}`) says nothing.
                    found.extend(nth_args(&text).into_iter().filter(|a| {
                        let mut rest = a.as_str();
                        while let Some(at) = rest.find("#{") {
                            match rest[at..].find('}') {
                                Some(end) if at == 0 => rest = &rest[end + 1..],
                                _ => return true,
                            }
                        }
                        !rest.is_empty()
                    }));
                }
                id = *parent;
            }
            found
        };
        respace_nth(nodes, &patterns, &own);
    }
}

const NTH: [&str; 4] = [
    ":nth-child(",
    ":nth-last-child(",
    ":nth-of-type(",
    ":nth-last-of-type(",
];

/// The arguments of the `:nth-*()` selectors of the sources, whitespace collapsed as libsass
/// does (`2n + 1` stays spaced, `2n+1` doesn't, `( 2n+1 )` loses the outer spaces), with
/// `#{…}` interpolations as holes.
fn nth_patterns(sources: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for arg in sources
        .iter()
        .flat_map(|s| nth_args(s).into_iter().chain(nth_strings(s)))
    {
        if arg.contains(' ') && !out.contains(&arg) {
            out.push(arg);
        }
    }
    out
}

/// Quoted strings shaped like a spaced `An + B` (`'#{$line}n + #{$item}'`, as Susy builds
/// its `:nth-child()` arguments), whitespace collapsed.
fn nth_strings(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for quote in ['\'', '"'] {
        for (i, part) in text.split(quote).enumerate() {
            let spaced = part.contains("n + ") || part.contains("n - ");
            if i % 2 == 1 && spaced && !part.contains('\n') && part.len() < 80 {
                out.push(part.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
    }
    out
}

/// Every `:nth-*()` argument of `text`, whitespace collapsed.
fn nth_args(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for pseudo in NTH {
        let mut rest = text;
        while let Some(at) = rest.find(pseudo) {
            rest = &rest[at + pseudo.len()..];
            let Some(close) = nth_close(rest) else {
                break;
            };
            out.push(
                rest[..close]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
    }
    out
}

/// The `)` closing an argument, past any `#{…}`.
fn nth_close(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ')' if depth == 0 => return Some(i),
            '\n' | ';' if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

/// `arg` (as grass wrote it, unspaced) spaced as `pattern` is, if the pattern matches it
/// with its holes filled.
fn respace(arg: &str, pattern: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = arg;
    let mut pat = pattern;
    while !pat.is_empty() {
        if let Some(after) = pat.strip_prefix("#{") {
            let end = after.find('}')?;
            pat = &after[end + 1..];
            // The hole takes what comes before the pattern's next literal character.
            let next = pat.chars().find(|c| !c.is_whitespace());
            let take = match next {
                Some(n) => rest.find(n)?,
                None => rest.len(),
            };
            if take == 0 {
                return None;
            }
            out.push_str(&rest[..take]);
            rest = &rest[take..];
            continue;
        }
        let c = pat.chars().next()?;
        pat = &pat[c.len_utf8()..];
        if c == ' ' {
            out.push(' ');
            continue;
        }
        rest = rest.strip_prefix(c)?;
        out.push(c);
    }
    rest.is_empty().then_some(out)
}

fn respace_nth(
    nodes: &mut [super::css::Node],
    patterns: &[String],
    own: &dyn Fn(Option<usize>) -> Vec<String>,
) {
    super::css::walk_mut(nodes, &mut |node| {
        let super::css::Node::Rule {
            selector, origin, ..
        } = node
        else {
            return;
        };
        if !selector.contains(":nth-") {
            return;
        }
        let written = own(*origin);
        for pseudo in NTH {
            let mut out = String::new();
            let mut rest = selector.as_str();
            while let Some(at) = rest.find(pseudo) {
                let open = at + pseudo.len();
                out.push_str(&rest[..open]);
                rest = &rest[open..];
                let Some(close) = rest.find(')') else { break };
                let arg = &rest[..close];
                let spaced = (!arg.contains(' '))
                    .then(|| written.iter().chain(patterns).find_map(|p| respace(arg, p)))
                    .flatten();
                out.push_str(spaced.as_deref().unwrap_or(arg));
                rest = &rest[close..];
            }
            out.push_str(rest);
            *selector = out;
        }
    });
}

fn restore_in(
    nodes: &mut [super::css::Node],
    written: &std::collections::HashMap<(String, String, String), String>,
) {
    super::css::walk_mut(nodes, &mut |node| {
        let super::css::Node::Rule { selector, .. } = node else {
            return;
        };
        if !selector.contains('[') {
            return;
        }
        let mut out = String::with_capacity(selector.len());
        let mut rest = selector.as_str();
        for text in brackets(selector) {
            let at = rest.find(text).unwrap_or(0);
            out.push_str(&rest[..at]);
            let key = attribute_key(text);
            out.push_str(key.and_then(|k| written.get(&k)).map_or(text, |w| w));
            rest = &rest[at + text.len()..];
        }
        out.push_str(rest);
        *selector = out;
    });
}

/// The `[…]` spans of `text`, brackets included, skipping quoted strings inside them.
fn brackets(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'[' {
            i += 1;
            continue;
        }
        let start = i;
        let mut quote = None;
        i += 1;
        while i < b.len() {
            match (quote, b[i]) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), b'\\') => i += 1,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(b[i]),
                (None, b']') => break,
                (None, b'\n' | b'{' | b';') => break,
                _ => {}
            }
            i += 1;
        }
        if i < b.len() && b[i] == b']' {
            out.push(&text[start..=i]);
        }
        i += 1;
    }
    out
}

/// `[name op value]` as (name, op, value without quotes); `None` for anything else,
/// including spaced forms, which are left as grass writes them.
fn attribute_key(text: &str) -> Option<(String, String, String)> {
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    let op_at = inner.find(['=', '~', '|', '^', '$', '*'])?;
    let name = &inner[..op_at];
    let rest = &inner[op_at..];
    let op_len = if rest.starts_with('=') { 1 } else { 2 };
    let op = rest.get(..op_len)?;
    if !op.ends_with('=') || name.is_empty() || name.contains(char::is_whitespace) {
        return None;
    }
    let value = &rest[op_len..];
    let unquoted = match value.as_bytes().first() {
        Some(&q @ (b'"' | b'\'')) if value.len() >= 2 && value.as_bytes()[value.len() - 1] == q => {
            &value[1..value.len() - 1]
        }
        _ if value.contains(char::is_whitespace) => return None,
        _ => value,
    };
    Some((name.to_string(), op.to_string(), unquoted.to_string()))
}

#[cfg(test)]
mod nth_tests {
    // Spacing as Jekyll 4.3.1 (libsass) printed these selectors.
    #[test]
    fn spaced_as_written() {
        let src = "a:nth-child(2n + 1){} b:nth-child( 2n+1 ){} d:nth-child(#{$n}n + 1){} g:nth-child(-n  +  3){}".to_string();
        let pats = super::nth_patterns(&[src]);
        assert_eq!(pats, ["2n + 1", "#{$n}n + 1", "-n + 3"]);
        assert_eq!(super::respace("2n+1", &pats[0]).as_deref(), Some("2n + 1"));
        assert_eq!(super::respace("4n+1", &pats[1]).as_deref(), Some("4n + 1"));
        assert_eq!(super::respace("-n+3", &pats[2]).as_deref(), Some("-n + 3"));
        assert_eq!(super::respace("2n+2", &pats[0]), None);
        let susy = super::nth_patterns(&["$nth: '#{$line}n + #{$item}';".to_string()]);
        assert_eq!(super::respace("3n+2", &susy[0]).as_deref(), Some("3n + 2"));
    }
}

#[cfg(test)]
mod attribute_tests {
    use super::*;
    use crate::sass::css::Node;

    #[test]
    fn written_quotes_come_back() {
        let mut nodes = vec![Node::Rule {
            selector: "input[type=button], a[href=x], b[c=\"d e\"]".into(),
            children: vec![],
            origin: None,
        }];
        let src = "input[type=\"button\"], a[href='x'] {}\nb[c='d e'] {}".to_string();
        restore_attributes(&mut nodes, &[src], &[]);
        let Node::Rule { selector, .. } = &nodes[0] else {
            unreachable!()
        };
        assert_eq!(selector, "input[type=\"button\"], a[href='x'], b[c='d e']");
    }
}
