//! URLs and permalinks: Jekyll's `URL` class (templates with `:placeholders`, sanitizing,
//! escaping) and destination paths.

use std::path::{Path, PathBuf};

/// Ruby's `File.extname`: leading dots are part of the name (`.htaccess` has none), a
/// trailing dot is an extension of its own (`foo.` → `.`).
pub fn ruby_extname(name: &str) -> &str {
    let start = name.len() - name.trim_start_matches('.').len();
    match name[start..].rfind('.') {
        Some(i) => &name[start + i..],
        None => "",
    }
}

/// Jekyll's `URL.escape_path`: values made only of `[a-zA-Z0-9./-]` stay as they are; others
/// are percent-encoded as `Addressable::URI.encode` does, with the first `#` encoded too.
pub fn escape_path(path: &str) -> String {
    if path.is_empty()
        || path
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'/' | b'-'))
    {
        return path.to_string();
    }
    let mut out = String::with_capacity(path.len());
    for &c in path.as_bytes() {
        let keep = c.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?#".contains(&c);
        if keep {
            out.push(c as char);
        } else {
            out.push_str(&format!("%{c:02X}"));
        }
    }
    out.replacen('#', "%23", 1)
}

/// Jekyll's `URL.unescape_path`: percent-decoding for the file name on disk.
pub fn unescape_path(path: &str) -> String {
    if !path.contains('%') {
        return path.to_string();
    }
    let b = path.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `URL#sanitize_url`: a leading `/`, `..` and `./` removed, repeated slashes squeezed.
pub fn sanitize_url(s: &str) -> String {
    let s = format!("/{s}").replace("..", "/").replace("./", "");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '/' && out.ends_with('/') {
            continue;
        }
        out.push(c);
    }
    out
}

/// `URL#generate_url_from_hash`: each placeholder in order; a nil value removes `/:name`.
pub fn fill_from_pairs(template: &str, pairs: &[(&str, Option<&str>)]) -> String {
    let mut result = template.to_string();
    for (name, value) in pairs {
        if !result.contains(':') {
            break;
        }
        result = match value {
            None => result.replace(&format!("/:{name}"), ""),
            Some(v) => result.replace(&format!(":{name}"), &escape_path(v)),
        };
    }
    result
}

/// `URL#generate_url_from_drop`: every `:name` (lowercase letters and `_`) looked up with
/// `lookup`; a name ending in `_` may also match without it. Unknown names are an error, as
/// in Jekyll.
pub fn fill_from_lookup(
    template: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, String> {
    let b = template.as_bytes();
    let mut out = String::with_capacity(template.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b':' {
            let n = b[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_lowercase() || **c == b'_')
                .count();
            if n > 0 {
                let name = &template[i + 1..i + 1 + n];
                let pool: Vec<&str> = if let Some(short) = name.strip_suffix('_') {
                    vec![name, short]
                } else {
                    vec![name]
                };
                let Some((winner, value)) = pool.iter().find_map(|k| lookup(k).map(|v| (*k, v)))
                else {
                    return Err(format!(
                        "The URL template doesn't have {} keys. Check your permalink template!",
                        pool.join(" or ")
                    ));
                };
                out.push_str(&escape_path(&value));
                // A name that matched without its trailing `_` keeps the `_`.
                out.push_str(&name[winner.len()..]);
                i += 1 + n;
                continue;
            }
        }
        let ch = template[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    Ok(out)
}

/// Jekyll's `Utils.add_permalink_suffix`.
pub fn add_permalink_suffix(template: &str, style: &str) -> String {
    let mut t = template.to_string();
    match style {
        "pretty" => t.push('/'),
        "date" | "ordinal" | "none" => t.push_str(":output_ext"),
        other => {
            if other.ends_with('/') {
                t.push('/');
            }
            if other.ends_with(":output_ext") {
                t.push_str(":output_ext");
            }
        }
    }
    t
}

/// `Jekyll.sanitized_path(dest, path)`: `path` under `dest`, never outside it.
pub fn in_dest(dest: &Path, url_path: &str) -> PathBuf {
    let mut out = dest.to_path_buf();
    for part in url_path.split('/') {
        match part {
            "" | "." | ".." => {}
            p => out.push(p),
        }
    }
    out
}

/// Where a document or page with `url` and `output_ext` is written: `index.html` (documents)
/// or `index` + extension (pages) for URLs ending in `/`, else the URL plus the extension
/// unless it already ends with it.
pub fn destination(dest: &Path, url: &str, output_ext: &str, page_style: bool) -> PathBuf {
    let mut path = unescape_path(url);
    if path.ends_with('/') {
        if page_style {
            path.push_str("index");
            if !path.ends_with(output_ext) {
                path.push_str(output_ext);
            }
        } else {
            path.push_str("index.html");
        }
    } else if !path.ends_with(output_ext) {
        path.push_str(output_ext);
    }
    in_dest(dest, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extname_like_ruby() {
        assert_eq!(ruby_extname(".htaccess"), "");
        assert_eq!(ruby_extname("foo."), ".");
        assert_eq!(ruby_extname("a.b.c"), ".c");
        assert_eq!(ruby_extname("..foo"), "");
        assert_eq!(ruby_extname(".a.b"), ".b");
    }

    #[test]
    fn sanitizes_like_jekyll() {
        assert_eq!(sanitize_url("//a/../b/./c"), "/a/b/c");
        assert_eq!(sanitize_url("a/b/"), "/a/b/");
    }

    #[test]
    fn escapes_like_jekyll() {
        assert_eq!(escape_path("foo-bar.html"), "foo-bar.html");
        assert_eq!(escape_path("foo bar"), "foo%20bar");
        assert_eq!(escape_path("café"), "caf%C3%A9");
        assert_eq!(escape_path("a#b#c"), "a%23b#c");
    }

    #[test]
    fn fills_templates() {
        let t = fill_from_pairs(
            "/:path/:basename:output_ext",
            &[
                ("path", Some("/sub")),
                ("basename", Some("a")),
                ("output_ext", Some(".html")),
            ],
        );
        assert_eq!(sanitize_url(&t), "/sub/a.html");
        let lookup = |k: &str| match k {
            "year" => Some("2024".to_string()),
            "title" => Some("hello".to_string()),
            _ => None,
        };
        assert_eq!(
            fill_from_lookup("/:year/:title_/", &lookup).unwrap(),
            "/2024/hello_/"
        );
        assert!(fill_from_lookup("/:nope/", &lookup).is_err());
    }
}
