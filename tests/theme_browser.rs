//! The bundled academic theme (the site at the repository root) in real headless Chromium, at
//! phone, tablet and desktop widths: every page loads without console errors, its images
//! load, nothing is wider than the screen, every internal link and asset reference resolves
//! to a built file; the masthead navigation and the author sidebar are on screen; the
//! dark palette applies when the system prefers it and the toggle switches it.
//!
//! `HYDE_SCREENSHOTS=docs/screenshots cargo test --test theme_browser` also writes the
//! screenshots the README shows. Skips without chromium/chromedriver unless
//! `HYDE_REQUIRE_BROWSER=1` (set by .ci/run).

mod webdriver;

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;
use webdriver::Browser;

const WAIT: Duration = Duration::from_secs(20);

/// (name, width, height, mobile) of the emulated screens.
const SCREENS: &[(&str, u32, u32, bool)] = &[
    ("phone", 375, 812, true),
    ("tablet", 768, 1024, true),
    ("desktop", 1280, 900, false),
];

fn browser() -> Option<Browser> {
    let required = std::env::var_os("HYDE_REQUIRE_BROWSER").is_some_and(|v| v != "0");
    match webdriver::find() {
        Ok((driver, chromium)) => Some(Browser::start(&driver, &chromium).expect("browser")),
        Err(why) if required => panic!("HYDE_REQUIRE_BROWSER is set but {why}"),
        Err(why) => {
            let _ = writeln!(std::io::stderr(), "SKIPPED theme_browser: {why}");
            None
        }
    }
}

/// The file a URL path is served from, as a static host (and `hyde serve`) finds it.
fn file_for(root: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path);
    let rel = decoded.trim_start_matches('/');
    if rel.split('/').any(|c| c == "..") {
        return None;
    }
    let p = root.join(rel);
    if p.is_dir() {
        let index = p.join("index.html");
        return index.is_file().then_some(index);
    }
    if p.is_file() {
        return Some(p);
    }
    let html = root.join(format!("{rel}.html"));
    html.is_file().then_some(html)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A static file server for the built site, on a thread; returns its port.
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut buf = [0u8; 8192];
                let n = stream.read(&mut buf).unwrap_or(0);
                let req = String::from_utf8_lossy(&buf[..n]);
                let path = req.split_whitespace().nth(1).unwrap_or("/").to_string();
                let reply = match file_for(&root, &path) {
                    Some(f) => {
                        let body = std::fs::read(&f).unwrap_or_default();
                        let kind = match f.extension().and_then(|e| e.to_str()) {
                            Some("html") => "text/html; charset=utf-8",
                            Some("css") => "text/css",
                            Some("js") => "text/javascript",
                            Some("svg") => "image/svg+xml",
                            Some("png") => "image/png",
                            Some("xml") => "application/xml",
                            _ => "application/octet-stream",
                        };
                        let mut r = format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        )
                        .into_bytes();
                        r.extend(body);
                        r
                    }
                    None => {
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .to_vec()
                    }
                };
                let _ = stream.write_all(&reply);
            });
        }
    });
    port
}

/// The HTML pages of the built site, as URL paths.
fn pages(root: &Path) -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, root, out);
            } else if p.extension().is_some_and(|x| x == "html")
                && let Ok(rel) = p.strip_prefix(root)
            {
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.push(match rel.strip_suffix("index.html") {
                    Some(dir) => format!("/{dir}"),
                    None => format!("/{rel}"),
                });
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

fn emulate(b: &Browser, width: u32, height: u32, mobile: bool, dark: bool) {
    b.command(
        "POST",
        "goog/cdp/execute",
        json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}}),
    );
    b.command(
        "POST",
        "goog/cdp/execute",
        json!({"cmd": "Emulation.setEmulatedMedia", "params": {"features": [
            {"name": "prefers-color-scheme", "value": if dark { "dark" } else { "light" }}]}}),
    );
}

fn console_errors(b: &Browser) -> Vec<String> {
    match b.command("POST", "se/log", json!({"type": "browser"})) {
        Value::Array(entries) => entries
            .iter()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or("").to_string())
            .collect(),
        _ => Vec::new(),
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn screenshot(b: &Browser, dir: &Path, name: &str) {
    let data = b.command("GET", "screenshot", json!({}));
    let png = base64_decode(data.as_str().unwrap_or(""));
    std::fs::create_dir_all(dir).expect("screenshot folder");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("screenshot");
}

/// Luminance (0–1) of a CSS `rgb(...)` colour.
fn luminance(css: &str) -> f64 {
    let nums: Vec<f64> = css
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|n| n.parse().ok())
        .collect();
    match nums.as_slice() {
        [r, g, b, ..] => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255.0,
        _ => f64::NAN,
    }
}

#[test]
fn the_bundled_theme_works_in_a_browser() {
    let Some(b) = browser() else { return };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dest = Path::new(env!("CARGO_TARGET_TMPDIR")).join("theme-browser-site");
    let _ = std::fs::remove_dir_all(&dest);
    let opts = hyde::options::BuildOptions {
        source: Some(root.clone()),
        destination: Some(dest.clone()),
        quiet: true,
        ..Default::default()
    };
    hyde::build(&opts).unwrap_or_else(|e| panic!("{e}"));
    let port = serve(dest.clone());
    let base = format!("http://127.0.0.1:{port}");
    let shots = std::env::var_os("HYDE_SCREENSHOTS").map(|d| root.join(d));
    let pages = pages(&dest);
    assert!(pages.len() > 20, "the theme builds its pages: {pages:?}");

    let mut problems = Vec::new();
    for &(screen, width, height, mobile) in SCREENS {
        emulate(&b, width, height, mobile, false);
        for page in &pages {
            b.goto(&format!("{base}{page}"));
            b.wait_for(
                "document.readyState === 'complete'",
                WAIT,
                "the page to load",
            );
            // A resource from another host (MathJax's CDN) fails without a network, as the
            // test machine may have none; every other error counts.
            for e in console_errors(&b) {
                let external = e.starts_with("http") && !e.starts_with(&base);
                if !external {
                    problems.push(format!("{screen} {page}: console error: {e}"));
                }
            }
            let report = b.eval(
                "const broken = [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src);
                 const wide = document.documentElement.scrollWidth > window.innerWidth + 1;
                 const refs = [...document.querySelectorAll('a[href], link[href], script[src], img[src]')]
                   .map(e => e.href || e.src)
                   .filter(u => u.startsWith(location.origin))
                   .map(u => new URL(u).pathname);
                 return {broken, wide, refs, scrollWidth: document.documentElement.scrollWidth};",
            );
            for img in report["broken"].as_array().into_iter().flatten() {
                problems.push(format!("{screen} {page}: image did not load: {img}"));
            }
            if report["wide"] == true {
                problems.push(format!(
                    "{screen} {page}: wider than the screen ({} px > {width} px)",
                    report["scrollWidth"]
                ));
            }
            if screen == "desktop" {
                for r in report["refs"].as_array().into_iter().flatten() {
                    let r = r.as_str().unwrap_or("");
                    if file_for(&dest, r).is_none() {
                        problems.push(format!("{page}: broken internal link or asset: {r}"));
                    }
                }
            }
        }
        // The home page: navigation and the author sidebar on screen.
        b.goto(&format!("{base}/"));
        b.wait_for("document.readyState === 'complete'", WAIT, "the home page");
        let shown = b.eval(
            "const on = sel => { const e = document.querySelector(sel); if (!e) return false;
                const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
                return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
             return {nav: on('.masthead__nav a'), author: on('.author__name'), toggle: on('#theme-toggle')};",
        );
        for part in ["nav", "author", "toggle"] {
            if shown[part] != true {
                problems.push(format!("{screen}: the home page's {part} is not on screen"));
            }
        }
        if let Some(dir) = &shots {
            screenshot(&b, dir, &format!("home-{screen}"));
        }
    }

    // Dark mode: the system preference, then the toggle back to light.
    emulate(&b, 1280, 900, false, true);
    b.goto(&format!("{base}/"));
    b.wait_for("document.readyState === 'complete'", WAIT, "the home page");
    b.eval("localStorage.removeItem('theme'); return true;");
    b.goto(&format!("{base}/"));
    b.wait_for("document.readyState === 'complete'", WAIT, "the home page");
    let background = || {
        b.eval("return getComputedStyle(document.body).backgroundColor;")
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let dark = background();
    if luminance(&dark) >= 0.5 {
        problems.push(format!(
            "dark system preference: background {dark} is not dark"
        ));
    }
    if let Some(dir) = &shots {
        screenshot(&b, dir, "home-desktop-dark");
    }
    b.eval("document.getElementById('theme-toggle').click(); return true;");
    let light = background();
    if luminance(&light) < 0.5 {
        problems.push(format!(
            "the toggle did not switch to light: background {light}"
        ));
    }
    b.eval("localStorage.removeItem('theme'); return true;");

    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
