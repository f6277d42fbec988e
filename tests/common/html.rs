//! A small HTML/XML normaliser for comparing built pages at DOM level.
//!
//! Jekyll's goldens and hyde's output should be byte-identical in the end, but while the
//! engine grows, a page that differs only in insignificant whitespace, attribute order,
//! how a character is escaped, or `<br>` vs `<br />` is a different kind of failure from a
//! page with the wrong content. The normaliser turns a document into a list of tokens, one
//! per line, in which those differences vanish:
//!
//! - tag and attribute names are lowercased, attributes sorted, `/>` ignored;
//! - character references (`&amp;`, `&#39;`, `&#x27;`, common named ones) are decoded, in
//!   text and in attribute values;
//! - runs of whitespace in text collapse to one space, text is trimmed, and whitespace-only
//!   text between tags is dropped — except inside `pre`, `textarea`, `script` and `style`,
//!   where whitespace is content;
//! - comments, doctypes and CDATA sections are kept as tokens (trimmed).
//!
//! It is not a full HTML parser (no implied end tags, no tree building): both sides come
//! from generators that print tags explicitly, so a token stream is enough.

/// The normalised token lines of `input`.
pub fn normalize(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = input.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    // Name of the raw-text element we are inside (`script`, `style`) or the depth of
    // whitespace-preserving elements (`pre`, `textarea`).
    let mut raw_until: Option<String> = None;
    let mut preserve_depth = 0usize;

    while i < bytes.len() {
        if let Some(name) = raw_until.as_deref() {
            // Inside script/style everything up to the matching end tag is text.
            let close = format!("</{name}");
            let rest = &input[i..];
            let at = find_ci(rest, &close).unwrap_or(rest.len());
            push_text(&mut out, &rest[..at], true);
            i += at;
            text_start = i;
            raw_until = None;
            if i >= bytes.len() {
                break;
            }
            // Fall through to parse the end tag.
        }
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &input[i..];
        let (token, len) = if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
            let body = &rest[4..end.saturating_sub(3).max(4)];
            (Some(Token::Other(format!("<!--{}-->", body.trim()))), end)
        } else if rest.starts_with("<![CDATA[") {
            let end = rest.find("]]>").map_or(rest.len(), |e| e + 3);
            let body = &rest[9..end.saturating_sub(3).max(9)];
            (Some(Token::Other(format!("CDATA {}", body.trim()))), end)
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let inner = collapse(&rest[..end]);
            (Some(Token::Other(inner.to_ascii_lowercase())), end)
        } else if let Some((tag, len)) = parse_tag(rest) {
            (Some(Token::Tag(tag)), len)
        } else {
            // A lone `<` in text (e.g. `a < b`): part of the text.
            (None, 1)
        };
        match token {
            None => i += len,
            Some(token) => {
                push_text(&mut out, &input[text_start..i], preserve_depth > 0);
                i += len;
                text_start = i;
                match token {
                    Token::Other(s) => out.push(s),
                    Token::Tag(tag) => {
                        let preserves = matches!(tag.name.as_str(), "pre" | "textarea");
                        if tag.end {
                            if preserves {
                                preserve_depth = preserve_depth.saturating_sub(1);
                            }
                            out.push(format!("</{}>", tag.name));
                        } else {
                            if preserves && !tag.self_closing {
                                preserve_depth += 1;
                            }
                            if matches!(tag.name.as_str(), "script" | "style") && !tag.self_closing
                            {
                                raw_until = Some(tag.name.clone());
                            }
                            out.push(tag.render());
                        }
                    }
                }
            }
        }
    }
    push_text(
        &mut out,
        &input[text_start.min(input.len())..],
        preserve_depth > 0,
    );
    out
}

enum Token {
    Tag(Tag),
    Other(String),
}

struct Tag {
    name: String,
    end: bool,
    self_closing: bool,
    attrs: Vec<(String, Option<String>)>,
}

impl Tag {
    fn render(&self) -> String {
        let mut attrs = self.attrs.clone();
        attrs.sort();
        let mut s = format!("<{}", self.name);
        for (k, v) in attrs {
            match v {
                Some(v) => s.push_str(&format!(" {k}=\"{v}\"")),
                None => s.push_str(&format!(" {k}")),
            }
        }
        s.push('>');
        s
    }
}

/// Parses a start or end tag at the start of `s`; `None` when `s` doesn't start one.
fn parse_tag(s: &str) -> Option<(Tag, usize)> {
    let b = s.as_bytes();
    let mut i = 1;
    let end = b.get(1) == Some(&b'/');
    if end {
        i += 1;
    }
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'-' | b':' | b'_')) {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        match b[i] {
            b'>' => {
                i += 1;
                break;
            }
            b'/' => {
                self_closing = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        let key_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let key = s[key_start..i].to_ascii_lowercase();
        if key.is_empty() {
            // Stray character such as a quote: skip it rather than loop forever.
            i += 1;
            continue;
        }
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let value = match b.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let start = i + 1;
                    let close = s[start..].find(q as char).map_or(s.len(), |e| start + e);
                    i = (close + 1).min(s.len());
                    &s[start..close]
                }
                _ => {
                    let start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    &s[start..i]
                }
            };
            attrs.push((key, Some(decode(value))));
        } else {
            attrs.push((key, None));
        }
    }
    Some((
        Tag {
            name,
            end,
            self_closing,
            attrs,
        },
        i,
    ))
}

fn push_text(out: &mut Vec<String>, raw: &str, preserve: bool) {
    if raw.is_empty() {
        return;
    }
    let text = decode(raw);
    if preserve {
        out.push(format!("TEXT {text:?}"));
        return;
    }
    let text = collapse(&text);
    if !text.is_empty() {
        out.push(format!("TEXT {text}"));
    }
}

/// Collapses whitespace runs to one space and trims.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Case-insensitive ASCII search.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    (0..=h.len().checked_sub(n.len())?).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Decodes character references; unknown ones are left as written.
pub fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let semi = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 12);
        let decoded = semi.and_then(|e| reference(&rest[1..e]).map(|c| (c, e + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn reference(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "copy" => '©',
        "reg" => '®',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        _ => return None,
    })
}

/// A short report of where two normalised documents first differ, or `None` if equal.
pub fn diff(expected: &str, actual: &str) -> Option<String> {
    let want = normalize(expected);
    let got = normalize(actual);
    if want == got {
        return None;
    }
    Some(line_diff(&want, &got))
}

/// Shows the first differing line of two line lists with a little context.
pub fn line_diff(want: &[String], got: &[String]) -> String {
    let first = want.iter().zip(got).take_while(|(a, b)| a == b).count();
    let from = first.saturating_sub(2);
    let mut s = String::new();
    for line in &want[from..first] {
        s.push_str(&format!("      {line}\n"));
    }
    for line in want.iter().skip(first).take(4) {
        s.push_str(&format!("    - {line}\n"));
    }
    for line in got.iter().skip(first).take(4) {
        s.push_str(&format!("    + {line}\n"));
    }
    if want.len() != got.len() {
        s.push_str(&format!("    ({} vs {} lines)\n", want.len(), got.len()));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        normalize(a) == normalize(b)
    }

    #[test]
    fn insignificant_differences_vanish() {
        assert!(same("<p>a</p>\n\n<p>b</p>", "<p>a</p><p>b</p>"));
        assert!(same(
            r#"<a href="x" id=y>t</a>"#,
            r#"<a id="y" href='x'>t</a>"#
        ));
        assert!(same("<br>", "<br />"));
        assert!(same(
            "<p>it&#39;s &amp; &quot;x&quot;</p>",
            "<p>it's &amp; \"x\"</p>"
        ));
        assert!(same("<P>a\n  b</P>", "<p>a b</p>"));
    }

    #[test]
    fn significant_differences_stay() {
        assert!(!same("<p>a</p>", "<p>b</p>"));
        assert!(!same("<pre>a\n b</pre>", "<pre>a b</pre>"));
        assert!(!same(r#"<a href="x">"#, r#"<a href="y">"#));
        assert!(!same("<em>a</em>", "<strong>a</strong>"));
        assert!(!same("<script>a  b</script>", "<script>a b</script>"));
    }

    #[test]
    fn lone_angle_brackets_are_text() {
        assert_eq!(normalize("a < b"), vec!["TEXT a < b".to_string()]);
    }
}
