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
pub fn restore_attributes(nodes: &mut [super::css::Node], sources: &[String]) {
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
    if written.is_empty() {
        return;
    }
    restore_in(nodes, &written);
}

fn restore_in(
    nodes: &mut [super::css::Node],
    written: &std::collections::HashMap<(String, String, String), String>,
) {
    use super::css::Node;
    for node in nodes {
        match node {
            Node::Rule {
                selector, children, ..
            } => {
                if selector.contains('[') {
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
                }
                restore_in(children, written);
            }
            Node::AtRule {
                children: Some(c), ..
            } => restore_in(c, written),
            _ => {}
        }
    }
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
        restore_attributes(&mut nodes, &[src]);
        let Node::Rule { selector, .. } = &nodes[0] else {
            unreachable!()
        };
        assert_eq!(selector, "input[type=\"button\"], a[href='x'], b[c='d e']");
    }
}
