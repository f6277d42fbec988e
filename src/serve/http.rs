//! Answering HTTP requests from the built site: files under `baseurl`, folder indexes, the
//! extensionless fallback (`/about` → `about.html`), `404.html`, MIME types, and the live
//! reload client injected into HTML. Nothing outside the destination is ever read.

use std::path::{Component, Path, PathBuf};

/// A response ready to send.
#[derive(Debug)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: String,
    /// Body.
    pub body: Vec<u8>,
    /// `Location` for redirects.
    pub location: Option<String>,
}

/// The MIME type for a file name, with `charset=utf-8` for text, as WEBrick serves them.
pub fn mime_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" | "xhtml" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "application/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "xml" | "rss" | "atom" => "application/xml; charset=utf-8",
        "txt" | "md" | "markdown" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "eot" => "application/vnd.ms-fontobject",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        "bib" | "tex" | "py" | "r" | "m" | "sh" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Percent-decodes a URL path; `None` if the result is not UTF-8 or has a NUL.
fn decode(path: &str) -> Option<String> {
    let b = path.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    let s = String::from_utf8(out).ok()?;
    (!s.contains('\0')).then_some(s)
}

/// The file under `root` a URL path names, refusing anything that would leave `root` (`..`,
/// encoded dots, backslashes, absolute paths, symlinks pointing out).
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = decode(url_path)?;
    if decoded.contains('\\') {
        return None;
    }
    let mut rel = PathBuf::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => rel.push(p),
        }
    }
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let path = root.join(rel);
    // Symlinks may point anywhere; the real path must still be inside the destination.
    let real = std::fs::canonicalize(&path).ok()?;
    let real_root = std::fs::canonicalize(root).ok()?;
    real.starts_with(&real_root).then_some(real)
}

/// Puts `script` into an HTML page: right after `<head ...>`, else at the start.
pub fn inject(html: &[u8], script: &str) -> Vec<u8> {
    let lower: Vec<u8> = html.iter().take(8192).map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(5).position(|w| w == b"<head").and_then(|p| {
        lower[p..]
            .iter()
            .position(|&c| c == b'>')
            .map(|q| p + q + 1)
    });
    let mut out = Vec::with_capacity(html.len() + script.len());
    match at {
        Some(i) => {
            out.extend_from_slice(&html[..i]);
            out.extend_from_slice(script.as_bytes());
            out.extend_from_slice(&html[i..]);
        }
        None => {
            out.extend_from_slice(script.as_bytes());
            out.extend_from_slice(html);
        }
    }
    out
}

/// Answers a GET for `url` (path and query) from the site at `root` served under `baseurl`.
/// `script` is injected into HTML pages (empty: nothing).
pub fn respond(root: &Path, baseurl: &str, url: &str, script: &str) -> Reply {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let base = baseurl.trim_end_matches('/');
    let rest = if base.is_empty() {
        Some(path)
    } else if path == base {
        // `/base` → `/base/`, as WEBrick redirects a folder without its slash.
        return redirect(&format!("{base}/"));
    } else {
        path.strip_prefix(base).filter(|r| r.starts_with('/'))
    };
    let Some(rest) = rest else {
        return not_found(root, script);
    };
    let file = match resolve(root, rest) {
        Some(f) if f.is_dir() => {
            if !rest.ends_with('/') {
                return redirect(&format!("{path}/"));
            }
            f.join("index.html")
        }
        Some(f) => f,
        // Jekyll's extensionless URLs: `/about` is served from `about.html`.
        None => match resolve(root, &format!("{}.html", rest.trim_end_matches('/'))) {
            Some(f) => f,
            None => return not_found(root, script),
        },
    };
    if !file.is_file() {
        return not_found(root, script);
    }
    match std::fs::read(&file) {
        Ok(body) => page(200, &file, body, script),
        Err(_) => not_found(root, script),
    }
}

fn page(status: u16, file: &Path, body: Vec<u8>, script: &str) -> Reply {
    let content_type = mime_type(file).to_string();
    let body = if content_type.starts_with("text/html") && !script.is_empty() {
        inject(&body, script)
    } else {
        body
    };
    Reply {
        status,
        content_type,
        body,
        location: None,
    }
}

fn redirect(to: &str) -> Reply {
    Reply {
        status: 301,
        content_type: "text/html; charset=utf-8".into(),
        body: format!("<a href=\"{to}\">Moved</a>").into_bytes(),
        location: Some(to.to_string()),
    }
}

fn not_found(root: &Path, script: &str) -> Reply {
    let custom = root.join("404.html");
    match std::fs::read(&custom) {
        Ok(body) => page(404, &custom, body, script),
        Err(_) => Reply {
            status: 404,
            content_type: "text/html; charset=utf-8".into(),
            body: inject(
                b"<!doctype html><title>Not Found</title><h1>Not Found</h1>",
                script,
            ),
            location: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("hyde-http-{name}-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(
            dir.join("index.html"),
            "<html><head><title>t</title></head></html>",
        )
        .unwrap();
        std::fs::write(dir.join("about.html"), "about").unwrap();
        std::fs::write(dir.join("sub/index.html"), "sub").unwrap();
        std::fs::write(dir.join("style.css"), "body{}").unwrap();
        dir
    }

    #[test]
    fn serves_files_indexes_and_extensionless_urls() {
        let root = site("serves");
        assert_eq!(respond(&root, "", "/", "").status, 200);
        assert_eq!(respond(&root, "", "/about", "").body, b"about");
        assert_eq!(respond(&root, "", "/sub", "").status, 301);
        assert_eq!(respond(&root, "", "/sub/", "").body, b"sub");
        assert_eq!(
            respond(&root, "", "/style.css", "").content_type,
            "text/css; charset=utf-8"
        );
        assert_eq!(respond(&root, "/base", "/base/about", "").body, b"about");
        assert_eq!(respond(&root, "/base", "/about", "").status, 404);
        let injected = respond(&root, "", "/index.html", "<script>x</script>").body;
        assert!(
            String::from_utf8(injected)
                .unwrap()
                .starts_with("<html><head><script>x</script><title>")
        );
    }

    #[test]
    fn never_leaves_the_destination() {
        let root = site("safe");
        for url in [
            "/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/..%2f..%2fetc/passwd",
            "/%2e%2e%5c..%5cetc",
            "//etc/passwd",
            "/sub/../../x",
        ] {
            let r = respond(&root, "", url, "");
            assert_eq!(r.status, 404, "{url}");
        }
    }
}
