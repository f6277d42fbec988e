//! Helpers shared by integration tests.

#![allow(dead_code)]

/// One piece of normalised HTML.
#[derive(Debug, PartialEq, Eq)]
pub enum Token {
    Open(String, Vec<(String, String)>),
    Close(String),
    Text(String),
    Comment(String),
}

/// Decodes the entities kramdown and browsers commonly write (named basics and numeric).
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        rest = &rest[k..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
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

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn parse_attrs(s: &str) -> Vec<(String, String)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let n0 = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        if n0 == i {
            break;
        }
        let name = s[n0..i].to_ascii_lowercase();
        let mut value = String::new();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let v0 = i + 1;
                let e = b[v0..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(b.len(), |k| v0 + k);
                value = decode_entities(&s[v0..e]);
                i = (e + 1).min(b.len());
            } else {
                let v0 = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = decode_entities(&s[v0..i]);
            }
        }
        out.push((name, value));
    }
    out.sort();
    out
}

/// Tokenises HTML, ignoring whitespace between tags, attribute order and quoting, and entity
/// forms.
pub fn normalise_html(html: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut rest = html;
    let push_text = |out: &mut Vec<Token>, t: &str| {
        let t = collapse(&decode_entities(t).replace('\u{a0}', " "));
        if !t.is_empty() {
            out.push(Token::Text(t));
        }
    };
    while let Some(k) = rest.find('<') {
        push_text(&mut out, &rest[..k]);
        rest = &rest[k..];
        if let Some(body) = rest.strip_prefix("<!--") {
            let e = body.find("-->").unwrap_or(body.len());
            out.push(Token::Comment(collapse(&body[..e])));
            rest = body.get(e + 3..).unwrap_or("");
            continue;
        }
        let Some(e) = rest.find('>') else {
            break;
        };
        let tag = &rest[1..e];
        rest = &rest[e + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            out.push(Token::Close(name.trim().to_ascii_lowercase()));
        } else {
            let name_end = tag
                .find(|c: char| c.is_ascii_whitespace() || c == '/')
                .unwrap_or(tag.len());
            out.push(Token::Open(
                tag[..name_end].to_ascii_lowercase(),
                parse_attrs(&tag[name_end..]),
            ));
        }
    }
    push_text(&mut out, rest);
    out
}

/// Whether two HTML strings are the same after [`normalise_html`].
pub fn html_dom_equal(a: &str, b: &str) -> bool {
    normalise_html(a) == normalise_html(b)
}
