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
