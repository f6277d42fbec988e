//! `hyde serve` end to end, over real sockets: pages served with the live reload client, an
//! edit reloads connected browsers, a broken template shows the error overlay while the last
//! good build stays served, the fix clears it, and paths outside the site are never served.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `hyde serve`, and where its stderr goes when the test keeps it.
struct Server(Child, Option<std::path::PathBuf>);

impl Drop for Server {
    fn drop(&mut self) {
        // Whether the server was still running tells a crash from a failing assertion.
        let running = matches!(self.0.try_wait(), Ok(None));
        let _ = self.0.kill();
        let _ = self.0.wait();
        if let Some(err) = &self.1 {
            if std::thread::panicking() {
                let text = std::fs::read_to_string(err).unwrap_or_default();
                eprintln!("hyde serve (running until the end: {running}) said on stderr:\n{text}");
            }
            let _ = std::fs::remove_file(err);
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// A GET request: `(status, body)`.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
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

/// The raw response to a GET of `path` with an `If-None-Match`.
fn get_if_none_match(port: u16, path: &str, etag: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw).into_owned()
}

/// The value of the response header `name` (any case).
fn header(response: &str, name: &str) -> Option<String> {
    response.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
    })
}

/// A LiveReload WebSocket client.
struct Socket(TcpStream);

impl Socket {
    /// The socket and the server's hello.
    fn open(port: u16) -> (Socket, String) {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(20))).ok();
        write!(
            s,
            "GET /livereload HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        .expect("handshake");
        let mut reader = BufReader::new(s.try_clone().expect("clone"));
        let mut line = String::new();
        reader.read_line(&mut line).expect("status line");
        assert!(line.contains("101"), "{line}");
        loop {
            line.clear();
            reader.read_line(&mut line).expect("header");
            if line == "\r\n" {
                break;
            }
        }
        let mut sock = Socket(s);
        sock.send(
            r#"{"command":"hello","protocols":["http://livereload.com/protocols/official-7"]}"#,
        );
        let hello = sock.recv();
        assert!(hello.contains("\"hello\""), "{hello}");
        (sock, hello)
    }

    fn send(&mut self, text: &str) {
        let p = text.as_bytes();
        let mask = [7u8, 1, 9, 3];
        let mut f = vec![0x81, 0x80 | 126];
        f.extend_from_slice(&(p.len() as u16).to_be_bytes());
        f.extend_from_slice(&mask);
        f.extend(p.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.0.write_all(&f).expect("send frame");
    }

    fn recv(&mut self) -> String {
        let mut head = [0u8; 2];
        self.0.read_exact(&mut head).expect("frame head");
        let mut len = usize::from(head[1] & 0x7f);
        if len == 126 {
            let mut b = [0u8; 2];
            self.0.read_exact(&mut b).expect("len");
            len = usize::from(u16::from_be_bytes(b));
        } else if len == 127 {
            let mut b = [0u8; 8];
            self.0.read_exact(&mut b).expect("len");
            len = u64::from_be_bytes(b) as usize;
        }
        let mut payload = vec![0u8; len];
        self.0.read_exact(&mut payload).expect("payload");
        String::from_utf8_lossy(&payload).into_owned()
    }

    /// The next message containing `needle`.
    fn wait_for(&mut self, needle: &str) -> String {
        loop {
            let m = self.recv();
            if m.contains(needle) {
                return m;
            }
        }
    }
}

/// The number after `key` in `text`.
fn build_number(text: &str, key: &str) -> u64 {
    let at = text
        .find(key)
        .unwrap_or_else(|| panic!("no {key} in {text}"))
        + key.len();
    let digits: String = text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no number after {key} in {text}"))
}

fn write(site: &Path, rel: &str, text: &str) {
    let p = site.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("dir");
    std::fs::write(p, text).expect("write");
}

/// `hyde serve` of `site` into `site/_site` on a free port, once it accepts connections.
fn serve_quietly(site: &Path) -> (Server, u16) {
    let port = free_port();
    let err = site.with_extension("stderr");
    let child = Command::new(env!("CARGO_BIN_EXE_hyde"))
        .args(["serve", "-P", &port.to_string(), "-s"])
        .arg(site)
        .arg("-d")
        .arg(site.join("_site"))
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&err).expect("log"))
        .spawn()
        .expect("hyde serve starts");
    let server = Server(child, Some(err));
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (server, port)
}

#[test]
fn serves_reloads_and_shows_errors() {
    let site = std::env::temp_dir().join(format!("hyde-serve-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&site);
    write(&site, "_config.yml", "title: Served\n");
    write(
        &site,
        "_layouts/default.html",
        "<html><head><title>{{ site.title }}</title></head><body>{{ content }}</body></html>\n",
    );
    write(
        &site,
        "index.md",
        "---\nlayout: default\n---\nHello *world*.\n",
    );
    write(&site, "assets/style.css", "body { color: red }\n");
    let (_server, port) = serve_quietly(&site);

    let (status, body) = get(port, "/");
    assert_eq!(status, 200);
    assert!(body.contains("<em>world</em>"), "{body}");
    assert!(
        body.contains("/livereload"),
        "the live reload client is injected"
    );
    assert!(
        !std::fs::read_to_string(site.join("_site/index.html"))
            .expect("built")
            .contains("livereload")
    );
    for bad in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/assets/..%5c..%5cetc",
    ] {
        let (status, body) = get(port, bad);
        assert_ne!(status, 200, "{bad}");
        assert!(!body.contains("root:"), "{bad}");
    }

    // Unchanged files are revalidated, not sent again: a stylesheet on every page reload.
    let css = get_if_none_match(port, "/assets/style.css", "\"nope\"");
    assert!(css.starts_with("HTTP/1.1 200"), "{css}");
    assert_eq!(header(&css, "Cache-Control").as_deref(), Some("no-cache"));
    let etag = header(&css, "ETag").expect("an ETag");
    let again = get_if_none_match(port, "/assets/style.css", &etag);
    assert!(again.starts_with("HTTP/1.1 304"), "{again}");
    assert!(!again.contains("color: red"), "{again}");

    // A page carries the number of the build it was served from, and the hello says the
    // current one, so a page that connects after a rebuild it missed knows to reload.
    let served_build = build_number(&body, "__hydeBuild=");
    let (mut ws, hello) = Socket::open(port);
    assert_eq!(build_number(&hello, "\"build\":"), served_build, "{hello}");
    write(
        &site,
        "index.md",
        "---\nlayout: default\n---\nHello *again*.\n",
    );
    ws.wait_for("\"reload\"");
    let (_, body) = get(port, "/");
    assert!(body.contains("<em>again</em>"));
    let (_late, hello) = Socket::open(port);
    let current = build_number(&hello, "\"build\":");
    assert_ne!(current, served_build, "{hello}");
    assert_eq!(build_number(&body, "__hydeBuild="), current);

    write(&site, "assets/style.css", "body { color: blue }\n");
    ws.wait_for("\"reload\"");
    let changed = get_if_none_match(port, "/assets/style.css", &etag);
    assert!(changed.starts_with("HTTP/1.1 200"), "{changed}");
    assert!(changed.contains("color: blue"), "{changed}");

    write(
        &site,
        "_layouts/default.html",
        "<html><body>{% iff %}{{ content }}</body></html>\n",
    );
    let err = ws.wait_for("hyde-error");
    assert!(err.contains("Unknown tag"), "{err}");
    assert!(
        get(port, "/").1.contains("<em>again</em>"),
        "the last good build is still served"
    );

    write(
        &site,
        "_layouts/default.html",
        "<html><head></head><body>fixed {{ content }}</body></html>\n",
    );
    ws.wait_for("hyde-ok");
    assert!(get(port, "/").1.contains("fixed"));
    let _ = std::fs::remove_dir_all(&site);
}

/// `hyde serve` with `env`, its stdout and stderr in files beside the site; the server and
/// a reader of those files.
fn serve_logged(site: &Path, env: &[(&str, &str)]) -> (Server, impl Fn() -> (String, String)) {
    let port = free_port();
    let (out, err) = (site.with_extension("out"), site.with_extension("err"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hyde"));
    cmd.args(["serve", "-P", &port.to_string(), "-s"])
        .arg(site)
        .arg("-d")
        .arg(site.join("_site"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_ACTIONS")
        .stdout(std::fs::File::create(&out).expect("log"))
        .stderr(std::fs::File::create(&err).expect("log"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let server = Server(cmd.spawn().expect("hyde serve starts"), None);
    let read = move || {
        (
            std::fs::read_to_string(&out).unwrap_or_default(),
            std::fs::read_to_string(&err).unwrap_or_default(),
        )
    };
    (server, read)
}

/// Waits until `done` holds for what the server printed; what it printed then.
fn wait_output(
    read: &impl Fn() -> (String, String),
    done: impl Fn(&str, &str) -> bool,
) -> (String, String) {
    let start = Instant::now();
    loop {
        let (out, err) = read();
        if done(&out, &err) {
            return (out, err);
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "stdout:\n{out}\nstderr:\n{err:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_prints_builds_as_hyde_build_does() {
    let site = std::env::temp_dir().join(format!("hyde-serve-log-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&site);
    // A plugin hyde does not ship: a warning on every build.
    write(&site, "_config.yml", "plugins: [jekyll-not-shipped]\n");
    write(&site, "index.md", "---\n---\nHello.\n");
    let dest = site.join("_site");
    let built = Command::new(env!("CARGO_BIN_EXE_hyde"))
        .args(["build", "-s"])
        .arg(&site)
        .arg("-d")
        .arg(&dest)
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("hyde build runs");
    let (build_out, build_err) = (
        String::from_utf8_lossy(&built.stdout).into_owned(),
        String::from_utf8_lossy(&built.stderr).into_owned(),
    );

    let (server, read) = serve_logged(&site, &[("CLICOLOR_FORCE", "1")]);
    let (out, err) = wait_output(&read, |o, _| o.contains("Server running"));
    // The same header, warnings (yellow, on stderr) and summary as `hyde build`.
    let header = build_out.split("done in").next().unwrap();
    assert!(out.starts_with(header), "{out}\n---\n{build_out}");
    assert!(out.contains("done in "), "{out}");
    assert_eq!(err, build_err);
    assert!(
        err.contains("\x1b[33m") && err.contains("jekyll-not-shipped"),
        "{err:?}"
    );

    // A broken page: the error in red on stderr, not as an info line.
    write(&site, "index.md", "---\n---\n{% if %}\n");
    let (_, err) = wait_output(&read, |_, e| e.contains("\x1b[31m"));
    assert!(err.contains("Liquid"), "{err:?}");
    // The fix: jekyll-watch's lines, then the build's summary.
    write(&site, "index.md", "---\n---\nFixed.\n");
    let (out, _) = wait_output(&read, |o, _| o.matches("done in").count() >= 2);
    let regen = out.find("Regenerating: ").expect("regenerating");
    assert!(
        out[regen..].contains(" file(s) changed at ")
            && out[regen..].contains("\n                    index.md\n"),
        "{out}"
    );
    drop(server);

    // NO_COLOR wins, as for `build`.
    let (server, read) = serve_logged(&site, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    let (out, err) = wait_output(&read, |o, _| o.contains("Server running"));
    assert!(err.contains("jekyll-not-shipped"), "{err}");
    assert!(
        !err.contains('\x1b') && !out.contains('\x1b'),
        "{out:?} {err:?}"
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&site);
    let _ = std::fs::remove_file(site.with_extension("out"));
    let _ = std::fs::remove_file(site.with_extension("err"));
}

/// Rebuilds under `serve` trust the watcher for what did not change (no `stat` of every source
/// and output): an output deleted by hand is still written again, and every edit of a source
/// is seen, also one that keeps its size.
#[test]
fn rebuilds_see_every_change_the_watcher_reports() {
    let site = std::env::temp_dir().join(format!("hyde-serve-watch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&site);
    write(&site, "_config.yml", "title: Watched\n");
    write(&site, "a.md", "---\n---\nPage A, version 1.\n");
    write(&site, "b.md", "---\n---\nPage B, version 1.\n");
    let (_server, port) = serve_quietly(&site);
    let (mut ws, _) = Socket::open(port);
    // The first batch of changes after the watch starts is checked in full; the later ones
    // go by the watcher's list.
    for v in 2..=3 {
        write(&site, "a.md", &format!("---\n---\nPage A, version {v}.\n"));
        ws.wait_for("\"reload\"");
        assert!(get(port, "/a.html").1.contains(&format!("version {v}")));
    }
    let b_out = site.join("_site/b.html");
    std::fs::remove_file(&b_out).expect("remove an output");
    write(&site, "a.md", "---\n---\nPage A, version 4.\n");
    ws.wait_for("\"reload\"");
    assert!(
        std::fs::read_to_string(&b_out).is_ok_and(|t| t.contains("Page B, version 1")),
        "the deleted output is written again"
    );
    // Same size, written twice in quick succession.
    for v in 2..=3 {
        write(&site, "b.md", &format!("---\n---\nPage B, version {v}.\n"));
        ws.wait_for("\"reload\"");
        assert!(get(port, "/b.html").1.contains(&format!("version {v}")));
    }
    let _ = std::fs::remove_dir_all(&site);
}
