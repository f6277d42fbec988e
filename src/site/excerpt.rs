//! Excerpts: the content up to `excerpt_separator`, with unclosed Liquid blocks closed and
//! the Markdown link definitions it uses appended (Jekyll's `Excerpt#extract_excerpt`).

/// Liquid tags that are blocks (need an end tag), in hyde's engine with Jekyll's tags.
const BLOCK_TAGS: &[&str] = &[
    "if",
    "unless",
    "case",
    "for",
    "tablerow",
    "capture",
    "comment",
    "raw",
    "ifchanged",
    "highlight",
];

/// The names of the tags in `{% name ... %}` occurrences, in order.
fn tag_names(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("{%") {
        let after = &rest[i + 2..];
        let after = after.strip_prefix('-').unwrap_or(after);
        let t = after.trim_start();
        let n = t
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
            .count();
        // `{%-?\s*(\w+)\s*.*?-?%}`: the tag must be closed somewhere after.
        if n > 0 && t[n..].contains("%}") {
            out.push(&t[..n]);
        }
        rest = after;
    }
    out
}

fn has_end_tag(head: &str, name: &str) -> bool {
    let end = format!("end{name}");
    let mut rest = head;
    while let Some(i) = rest.find("{%") {
        let after = &rest[i + 2..];
        let t = after.strip_prefix('-').unwrap_or(after).trim_start();
        if t.starts_with(&end) && t.contains("%}") {
            return true;
        }
        rest = after;
    }
    false
}

/// `^ {0,3}(?:(\[[^\]]+\])(:.+))$`: link reference definitions in `tail` whose label the
/// head uses.
fn link_definitions(head: &str, tail: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in tail.lines() {
        let t = line.trim_start_matches(' ');
        if line.len() - t.len() > 3 || !t.starts_with('[') {
            continue;
        }
        let Some(close) = t.find(']') else { continue };
        if close < 2 {
            continue;
        }
        let label = &t[..=close];
        let rest = &t[close + 1..];
        if rest.starts_with(':') && rest.len() > 1 && head.contains(label) {
            out.push(format!("{label}{rest}"));
        }
    }
    out
}

/// The excerpt of `content` for `separator`.
pub fn extract(content: &str, separator: &str) -> String {
    let Some(i) = content.find(separator) else {
        return content.to_string();
    };
    let mut head = content[..i].to_string();
    let tail = &content[i + separator.len()..];
    if tail.is_empty() {
        return head;
    }
    if head.contains("{%") {
        for name in tag_names(&head.clone()).into_iter().rev() {
            if BLOCK_TAGS.contains(&name) && !has_end_tag(&head, name) {
                head.push_str(&format!("\n{{% end{name} %}}"));
            }
        }
    }
    let defs = link_definitions(&head, tail);
    if defs.is_empty() {
        return head;
    }
    head.push_str("\n\n");
    head.push_str(&defs.join("\n"));
    head
}

#[cfg(test)]
mod tests {
    use super::extract;

    #[test]
    fn extracts_like_jekyll() {
        assert_eq!(extract("a\n\nb", "\n\n"), "a");
        assert_eq!(extract("only", "\n\n"), "only");
        assert_eq!(
            extract("{% if x %}a\n\nb{% endif %}", "\n\n"),
            "{% if x %}a\n{% endif %}"
        );
        assert_eq!(
            extract("see [x][1]\n\nmore\n\n[1]: http://a", "\n\n"),
            "see [x][1]\n\n[1]: http://a"
        );
    }
}
