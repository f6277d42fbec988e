//! `hyde serve` end to end in real headless Chromium (Debian's `chromium` and
//! `chromium-driver`), driven over WebDriver: the fixture academic site
//! (tests/fixtures/serve_site) loads with its CSS applied; saving a post, an SCSS partial
//! (in place or by renaming a temporary file over it: the stylesheet is swapped without a
//! reload), a new post, a layout, an include, `_config.yml` or a data file updates the open page by itself;
//! a broken layout or partial shows the error overlay while the server stays up, and the fix
//! clears it and shows what was saved meanwhile. Also, over raw sockets, no spelling of `..`
//! reaches a file outside the site.
//!
//! Without chromium/chromedriver the browser tests print why and pass, unless
//! `HYDE_REQUIRE_BROWSER=1` (set by .ci/run), which makes them fail.

mod webdriver;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use webdriver::{Browser, Group, free_port};

/// How long any one change may take to show up; generous for a loaded 2-core CI machine.
const WAIT: Duration = Duration::from_secs(20);

/// The browser, or `None` (test skipped) when it is not installed and not required.
fn browser(test: &str) -> Option<Browser> {
    let required = std::env::var_os("HYDE_REQUIRE_BROWSER").is_some_and(|v| v != "0");
    match webdriver::find() {
        Ok((driver, chromium)) => {
            Some(Browser::start(&driver, &chromium).unwrap_or_else(|e| panic!("{test}: {e}")))
        }
        Err(why) if required => {
            panic!(
                "{test}: HYDE_REQUIRE_BROWSER is set but {why} (apt-get install chromium chromium-driver)"
            )
        }
        Err(why) => {
            // Straight to stderr: the test harness would hide a println! of a passing test.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {test}: {why}; install Debian's chromium and chromium-driver to run it"
            );
            None
        }
    }
}

/// A copy of the fixture site in its own temporary folder, removed on drop.
struct Site {
    root: PathBuf,
    source: PathBuf,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

impl Site {
    fn new(test: &str) -> Site {
        let root = std::env::temp_dir().join(format!("hyde-e2e-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let source = root.join("site");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve_site"),
            &source,
        );
        Site { root, source }
    }

    /// Saves a file, as an editor does: the whole content at once.
    fn save(&self, rel: &str, text: &str) {
        std::fs::write(self.source.join(rel), text).expect("save");
    }

    /// Replaces `from` (which must be there) with `to` in a source file and saves it.
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.source.join(rel)).expect("read");
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.save(rel, &text.replacen(from, to, 1));
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// `hyde serve` on the site, on a free port; killed on drop, its log printed if the test
/// failed.
struct Hyde {
    port: u16,
    log: PathBuf,
    _process: Group,
}

impl Hyde {
    fn start(site: &Site) -> Hyde {
        let port = free_port();
        let log = site.root.join("hyde.log");
        let out = std::fs::File::create(&log).expect("log");
        let process = Group::spawn(
            Command::new(env!("CARGO_BIN_EXE_hyde"))
                .current_dir(&site.source)
                .args(["serve", "-P", &port.to_string(), "-s"])
                .arg(&site.source)
                .arg("-d")
                .arg(site.source.join("_site"))
                .stdout(out.try_clone().expect("log"))
                .stderr(out),
        )
        .expect("hyde serve starts");
        let hyde = Hyde {
            port,
            log,
            _process: process,
        };
        let started = Instant::now();
        while get(port, "/").0 != 200 {
            assert!(started.elapsed() < WAIT, "hyde serve did not come up");
            std::thread::sleep(Duration::from_millis(20));
        }
        hyde
    }

    /// Waits until hyde has logged `needle` `times` times.
    fn wait_for_log(&self, needle: &str, times: usize) {
        let started = Instant::now();
        while std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .matches(needle)
            .count()
            < times
        {
            assert!(
                started.elapsed() < WAIT,
                "hyde did not log {needle:?} {times} times"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Hyde {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            eprintln!("--- hyde serve log ---\n{log}--- end of log ---");
        }
    }
}

/// A raw GET, the path sent exactly as given: `(status, body)`; status 0 when the server
/// closed the connection without answering.
fn get(port: u16, path: &str) -> (u16, String) {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new());
    };
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    if s.write_all(req.as_bytes()).is_err() {
        return (0, String::new());
    }
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Opens the home page and waits until its live reload socket is open, so that every later
/// change reaches it.
fn open(browser: &Browser, hyde: &Hyde) {
    browser.goto(&hyde.url("/"));
    browser.wait_for(
        "window.__hydeLiveReload && window.__hydeLiveReload.open",
        WAIT,
        "the live reload socket to open",
    );
}

fn text_of(id: &str) -> String {
    // (Parenthesized: `a || '' === b` would be `a || ('' === b)`, true for any text.)
    format!("((document.getElementById('{id}') || {{}}).textContent || '')")
}

#[test]
fn edits_show_up_in_the_open_page() {
    let Some(browser) = browser("edits_show_up_in_the_open_page") else {
        return;
    };
    let site = Site::new("edits");
    let hyde = Hyde::start(&site);
    open(&browser, &hyde);

    // First load: main.scss compiled with its partial, and applied.
    assert_eq!(
        browser.eval("return getComputedStyle(document.body).color"),
        "rgb(10, 20, 30)"
    );
    assert_eq!(
        browser.eval("return getComputedStyle(document.getElementById('masthead')).fontSize"),
        "20px"
    );
    assert_eq!(
        browser.eval(&format!("return {}", text_of("site-title"))),
        "Ada Lab"
    );

    // An SCSS partial: the stylesheet is swapped in place, without reloading the page (a
    // marker set on the window survives).
    browser.eval("window.__hydeTestMarker = 1; return null");
    site.edit("_sass/_variables.scss", "rgb(10, 20, 30)", "rgb(200, 0, 0)");
    browser.wait_for(
        "getComputedStyle(document.body).color === 'rgb(200, 0, 0)'",
        WAIT,
        "the SCSS partial's new colour",
    );
    assert_eq!(
        browser.eval("return window.__hydeTestMarker === 1"),
        true,
        "a CSS-only change reloads the stylesheet, not the page"
    );
    // Saved as sed and gedit save: a temporary file renamed over the partial.
    let partial = site.source.join("_sass/_variables.scss");
    let text = std::fs::read_to_string(&partial).expect("partial");
    let temp = site.source.join("_sass/.goutputstream-E2E");
    std::fs::write(&temp, text.replace("rgb(200, 0, 0)", "rgb(0, 0, 200)")).expect("temp");
    std::fs::rename(&temp, &partial).expect("rename");
    browser.wait_for(
        "getComputedStyle(document.body).color === 'rgb(0, 0, 200)'",
        WAIT,
        "the partial saved by rename",
    );
    assert_eq!(
        browser.eval("return window.__hydeTestMarker === 1"),
        true,
        "a partial saved by rename is still a CSS-only change"
    );

    // A post: its content is on the home page.
    site.edit(
        "_posts/2024-03-01-first-paper.md",
        "Notes on the engine.",
        "Notes on the *difference* engine.",
    );
    browser.wait_for(
        "[...document.querySelectorAll('.post-body em')].some(e => e.textContent === 'difference')",
        WAIT,
        "the edited post",
    );

    // A new post.
    site.save(
        "_posts/2024-04-02-second-paper.md",
        "---\ntitle: \"Our second paper\"\nlayout: default\n---\nOn Bernoulli numbers.\n",
    );
    browser.wait_for(
        "[...document.querySelectorAll('.post-title')].map(e => e.textContent).join('|') === 'Our second paper|Our first paper'",
        WAIT,
        "the new post",
    );

    // A layout.
    site.edit(
        "_layouts/default.html",
        "Layout version 1",
        "Layout version 2",
    );
    browser.wait_for(
        &format!("{} === 'Layout version 2'", text_of("footer")),
        WAIT,
        "the edited layout",
    );

    // An include.
    site.edit(
        "_includes/masthead.html",
        "</header>",
        "<span id=\"tagline\">Computing since 1843</span></header>",
    );
    browser.wait_for(
        &format!("{} === 'Computing since 1843'", text_of("tagline")),
        WAIT,
        "the edited include",
    );

    // `_config.yml`: site.title is re-read.
    site.edit(
        "_config.yml",
        "title: \"Ada Lab\"",
        "title: \"Ada Research Lab\"",
    );
    browser.wait_for(
        &format!("{} === 'Ada Research Lab'", text_of("site-title")),
        WAIT,
        "the new site title from _config.yml",
    );

    // A data file used by the page.
    let data = std::fs::read_to_string(site.source.join("_data/publications.yml")).unwrap();
    site.save(
        "_data/publications.yml",
        &format!(
            "{data}- title: \"Notes on the Difference Engine\"\n  venue: \"Taylor's Memoirs\"\n  year: 1843\n"
        ),
    );
    browser.wait_for(
        "[...document.querySelectorAll('.pub')].map(e => e.textContent).join('|') === \
         'Sketch of the Analytical Engine, Scientific Memoirs (1843)|\
         Notes on the Difference Engine, Taylor\\'s Memoirs (1843)'",
        WAIT,
        "the new publication from _data",
    );
    // Everything still styled after all the full reloads.
    assert_eq!(
        browser.eval("return getComputedStyle(document.body).color"),
        "rgb(0, 0, 200)"
    );
}

#[test]
fn broken_layout_shows_the_error_overlay_until_fixed() {
    let Some(browser) = browser("broken_layout_shows_the_error_overlay_until_fixed") else {
        return;
    };
    let site = Site::new("overlay");
    let hyde = Hyde::start(&site);
    open(&browser, &hyde);
    let overlay = "document.getElementById('hyde-error-overlay')";
    assert_eq!(browser.eval(&format!("return {overlay} === null")), true);

    // An unclosed `if`: the build fails, the page shows why.
    site.edit(
        "_layouts/default.html",
        "<main id=\"content\">",
        "{% if site.title %}<main id=\"content\">",
    );
    let shown = browser.wait_for(
        &format!("{overlay} && {overlay}.textContent"),
        WAIT,
        "the error overlay",
    );
    let shown = shown.as_str().unwrap_or_default().to_string();
    assert!(shown.contains("could not be built"), "{shown}");
    assert!(
        shown.contains("'if' tag was never closed") && shown.contains("_layouts/default.html"),
        "the overlay says what is wrong and where: {shown}"
    );
    // The overlay covers the page.
    assert_eq!(
        browser.eval(&format!(
            "const r = {overlay}.getBoundingClientRect(); return r.width >= innerWidth && r.height >= innerHeight"
        )),
        true
    );

    // The server is still up and serves the last good build.
    let (status, body) = get(hyde.port, "/");
    assert_eq!(status, 200);
    assert!(body.contains("Layout version 1"), "{body}");

    // A page opened while the build is broken shows the overlay too.
    open(&browser, &hyde);
    browser.wait_for(
        &format!("{overlay} !== null"),
        WAIT,
        "the overlay on a page opened while broken",
    );

    // The fix clears the overlay and shows the new layout.
    site.edit(
        "_layouts/default.html",
        "{% if site.title %}<main id=\"content\">",
        "<main id=\"content\">",
    );
    site.edit("_layouts/default.html", "Layout version 1", "Layout fixed");
    browser.wait_for(
        &format!(
            "{overlay} === null && {} === 'Layout fixed'",
            text_of("footer")
        ),
        WAIT,
        "the overlay to clear and the fixed layout to show",
    );
    assert_eq!(
        browser.eval("return getComputedStyle(document.body).color"),
        "rgb(10, 20, 30)"
    );

    // A broken SCSS partial fails the build too.
    site.edit(
        "_sass/_variables.scss",
        "rgb(10, 20, 30);",
        "rgb(10, 20, 30;",
    );
    let shown = browser.wait_for(
        &format!("{overlay} && {overlay}.textContent"),
        WAIT,
        "the overlay for broken SCSS",
    );
    assert!(
        shown
            .as_str()
            .unwrap_or_default()
            .contains("_variables.scss"),
        "{shown}"
    );
    // A post saved while it is broken: that build fails as well...
    site.edit(
        "_posts/2024-03-01-first-paper.md",
        "Notes on the engine.",
        "Notes written while the stylesheet was broken.",
    );
    hyde.wait_for_log("error while converting 'assets/css/main.scss'", 2);
    // ...so fixing the stylesheet, a CSS-only save, must still bring the post's new text.
    site.edit(
        "_sass/_variables.scss",
        "rgb(10, 20, 30;",
        "rgb(0, 128, 0);",
    );
    browser.wait_for(
        "getComputedStyle(document.body).color === 'rgb(0, 128, 0)'",
        WAIT,
        "the fixed stylesheet",
    );
    browser.wait_for(
        &format!(
            "{overlay} === null && document.querySelector('.post-body').textContent.includes('while the stylesheet was broken')"
        ),
        WAIT,
        "the post saved while the build was broken",
    );
}

#[test]
fn paths_outside_the_site_are_never_served() {
    let site = Site::new("traversal");
    // A file beside the source, one level above the destination's parent.
    let secret = "hyde-e2e-secret-6b1f";
    std::fs::write(site.root.join("secret.txt"), secret).expect("secret");
    let hyde = Hyde::start(&site);
    assert_eq!(get(hyde.port, "/assets/css/main.css").0, 200);

    let ups = [
        "../",
        "..%2f",
        "..%2F",
        "%2e%2e/",
        "%2E%2E/",
        "%2e%2e%2f",
        ".%2e/",
        "%2e./",
        "%252e%252e%252f",
        "%252e%252e/",
        "..%252f",
        "..\\",
        "..%5c",
        "%2e%2e%5c",
        "%252e%252e%255c",
        "..%c0%af",
        "%c0%ae%c0%ae/",
        "....//",
        "..;/",
    ];
    let targets = [
        "secret.txt",
        "site/_config.yml",
        "_config.yml",
        "etc/passwd",
        "hyde.log",
    ];
    let mut tried = 0;
    for prefix in ["/", "/assets/", "/assets/css/", "//", "/./"] {
        for up in ups {
            for depth in 1..=8 {
                for target in targets {
                    let path = format!("{prefix}{}{target}", up.repeat(depth));
                    let (status, body) = get(hyde.port, &path);
                    assert!(
                        !body.contains(secret)
                            && !body.contains("root:x:0:0")
                            && !body.contains("title: \"Ada Lab\"")
                            && !body.contains("Server address"),
                        "{path} served a file outside the site (status {status})"
                    );
                    assert_ne!(status, 200, "{path}");
                    tried += 1;
                }
            }
        }
    }
    // Absolute paths, as some clients send them.
    for path in [
        "/etc/passwd",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/\\etc\\passwd",
    ] {
        let (status, body) = get(hyde.port, path);
        assert!(!body.contains("root:x:0:0"), "{path}");
        assert_ne!(status, 200, "{path}");
    }
    assert!(tried > 3000);
    // The server is still up and well after all that.
    assert_eq!(get(hyde.port, "/").0, 200);
}
