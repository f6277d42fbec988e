//! Front matter: Jekyll's header test and its `YAML_FRONT_MATTER_REGEXP` split.

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// `Utils.has_yaml_header?`: the first line is `---` and optional whitespace.
pub fn has_yaml_header(bytes: &[u8]) -> bool {
    let Some(rest) = bytes.strip_prefix(b"---") else {
        return false;
    };
    let line_end = rest.iter().position(|&c| c == b'\n');
    match line_end {
        Some(n) => rest[..n].iter().all(|&c| is_space(c)),
        None => false,
    }
}

/// Splits `\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)` (multi-line): the YAML (with its
/// opening `---` line) and the content after the closing line and the blank lines after it.
pub fn split(text: &str) -> Option<(&str, &str)> {
    bounds(text).map(|(yaml_end, body)| (&text[..yaml_end], &text[body..]))
}

/// [`split`] as offsets: where the YAML ends and the content starts (so a reader can keep the
/// content in the file's own buffer).
pub fn bounds(text: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    if !b.starts_with(b"---") {
        return None;
    }
    // `---\s*\n`: whitespace, then the last newline in that whitespace run ends the line.
    let ws = b[3..].iter().take_while(|&&c| is_space(c)).count();
    let open_end = b[3..3 + ws].iter().rposition(|&c| c == b'\n')? + 3 + 1;
    // The first line at or after `open_end` that is `---` or `...` plus trailing whitespace.
    let mut line_start = open_end;
    loop {
        if line_start > b.len() {
            return None;
        }
        let line = &b[line_start..];
        if (line.starts_with(b"---") || line.starts_with(b"..."))
            && let Some(content_start) = closing_end(b, line_start + 3)
        {
            return Some((line_start, content_start));
        }
        match line.iter().position(|&c| c == b'\n') {
            Some(n) => line_start += n + 1,
            None => return None,
        }
    }
}

/// After a closing delimiter at `at`: `\s*$\n?`, with `\s*` taking the longest run that still
/// ends at a line end. `None` if the line has other text.
fn closing_end(b: &[u8], at: usize) -> Option<usize> {
    let ws = b[at..].iter().take_while(|&&c| is_space(c)).count();
    // Longest prefix of the whitespace followed by end of input or a newline.
    let mut k = ws;
    loop {
        let p = at + k;
        if p == b.len() {
            return Some(p);
        }
        if b[p] == b'\n' {
            return Some(p + 1);
        }
        if k == 0 {
            return None;
        }
        k -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_jekyll() {
        assert_eq!(split("---\na: 1\n---\nbody"), Some(("---\na: 1\n", "body")));
        assert_eq!(split("---\n---\n\n\nbody\n"), Some(("---\n", "body\n")));
        assert_eq!(split("---\na: 1\n...\nbody"), Some(("---\na: 1\n", "body")));
        assert_eq!(
            split("--- \r\na: 1\r\n---\r\nbody"),
            Some(("--- \r\na: 1\r\n", "body"))
        );
        assert_eq!(split("---\na: 1\n----\nno close"), None);
        assert_eq!(split("---\na: 1\n---"), Some(("---\na: 1\n", "")));
        assert_eq!(split("no front matter"), None);
        assert!(has_yaml_header(b"---  \nx"));
        assert!(!has_yaml_header(b"--- x\n"));
        assert!(!has_yaml_header(b"---"));
    }
}
