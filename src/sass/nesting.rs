//! libsass's nesting limit (`MAX_NESTING`, 512): deeper blocks, parentheses or brackets are
//! refused with "Code too deeply nested" before grass sees them. grass has no limit of its
//! own and recurses once per level, so without this a deeply nested stylesheet overflows the
//! stack and aborts the build, where Jekyll reports the error.

/// libsass's `MAX_NESTING`.
pub const MAX_NESTING: usize = 512;

/// Where `src` first nests deeper than [`MAX_NESTING`] (1-based line and column), counting
/// `{`, `(` and `[` outside strings, comments and `url(...)`, and for the indented syntax
/// (`indented`) each deeper indentation as a level too.
pub fn too_deep(src: &str, indented: bool) -> Option<(usize, usize)> {
    let b = src.as_bytes();
    let mut depth = 0usize;
    // Indentation widths of the enclosing lines (indented syntax).
    let mut indents: Vec<usize> = Vec::new();
    let (mut line, mut line_start) = (1usize, 0usize);
    let mut at_line_start = true;
    let mut i = 0;
    let at = |i: usize, line: usize, line_start: usize| {
        let col = src[line_start..i].chars().count() + 1;
        Some((line, col))
    };
    while i < b.len() {
        if at_line_start && indented {
            at_line_start = false;
            let width = b[i..]
                .iter()
                .take_while(|&&c| c == b' ' || c == b'\t')
                .count();
            let blank = matches!(b.get(i + width), None | Some(b'\n' | b'\r'));
            if !blank {
                while indents.last().is_some_and(|&w| w >= width) {
                    indents.pop();
                }
                indents.push(width);
                if indents.len() + depth > MAX_NESTING {
                    return at(i + width, line, line_start);
                }
            }
        }
        match b[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
                at_line_start = true;
            }
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < b.len() && b[i] != q && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                // An unclosed string ends at the line's end, which is counted above.
                if i < b.len() && b[i] == b'\n' {
                    continue;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = src[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
                for (k, &c) in b[i..end].iter().enumerate() {
                    if c == b'\n' {
                        line += 1;
                        line_start = i + k + 1;
                    }
                }
                i = end;
                continue;
            }
            // A line comment (`http://` in a value is not one).
            b'/' if b.get(i + 1) == Some(&b'/') && (i == 0 || b[i - 1] != b':') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'u' | b'U'
                if b[i..].len() >= 4
                    && b[i..i + 4].eq_ignore_ascii_case(b"url(")
                    && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'-')) =>
            {
                // An unquoted URL holds no nesting; a quoted one is a string.
                let rest = &b[i + 4..];
                let unquoted = rest
                    .iter()
                    .find(|c| !c.is_ascii_whitespace())
                    .is_some_and(|&c| c != b'"' && c != b'\'');
                if unquoted
                    && let Some(close) = rest.iter().position(|&c| c == b')')
                    && !rest[..close].contains(&b'\n')
                {
                    i += 4 + close + 1;
                    continue;
                }
            }
            b'{' | b'(' | b'[' => {
                depth += 1;
                if depth + indents.len() > MAX_NESTING {
                    return at(i, line, line_start);
                }
            }
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_blocks_parentheses_and_indentation() {
        let ok = format!(
            "{}b: c;{}",
            "a{".repeat(MAX_NESTING),
            "}".repeat(MAX_NESTING)
        );
        assert_eq!(too_deep(&ok, false), None);
        let deep = format!("x {{\n{}", "a{".repeat(MAX_NESTING));
        assert_eq!(too_deep(&deep, false), Some((2, 2 * MAX_NESTING)));
        let parens = format!("a {{ b: {}1 }}", "(".repeat(MAX_NESTING + 10));
        assert!(too_deep(&parens, false).is_some());
        let indented: String = (0..=MAX_NESTING)
            .map(|n| format!("{}a\n", " ".repeat(n)))
            .collect();
        assert!(too_deep(&indented, true).is_some());
        assert_eq!(too_deep("a\n  b: c\nd\n  e: f\n", true), None);
    }

    #[test]
    fn skips_strings_comments_and_urls() {
        let many = "a { b: url(http://x.org/a(b); c: \"((\"; /* ((( */ d: e; } // (((\n";
        assert_eq!(too_deep(&many.repeat(MAX_NESTING + 1), false), None);
        let protocol = "a { b: url( //x.org/a ); }\n".repeat(MAX_NESTING + 1);
        assert_eq!(too_deep(&protocol, false), None);
    }
}
