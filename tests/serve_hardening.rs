//! `hyde serve` under hostile or heavy use, over real sockets: very long URLs, clients that
//! stall (half a request, or a response never read), many clients at once during a rebuild,
//! and running out of file descriptors. The server must answer as WEBrick (Jekyll's server)
//! does where it has a rule, keep serving everyone else, and serve only the destination.
//! Path traversal and symlinks are covered by `tests/serve.rs` and `src/serve/http.rs`.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

/// A site in a temporary folder with `hyde serve` running on it; both go away on drop.
struct Served {
    site: PathBuf,
    port: u16,
    child: Child,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.site);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

fn write(site: &Path, rel: &str, text: &[u8]) {
    let p = site.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("dir");
    std::fs::write(p, text).expect("write");
}

/// The layout every page uses: `marker` shows which version of it a page was built with.
fn layout(marker: &str) -> String {
    format!(
        "<!doctype html><html><head><title>{{{{ page.title }}}}</title></head><body><p class=\"version\">{marker}</p>{{{{ content }}}}<p>{}</p></body></html>\n",
        "padding ".repeat(500)
    )
}

impl Served {
    /// Writes a small site (a layout, an index, `pages` more pages, a stylesheet) plus
    /// `extra` files, and serves it. `max_files` lowers the server's descriptor limit.
    fn start(name: &str, pages: usize, extra: &[(&str, &[u8])], max_files: Option<u64>) -> Served {
        let site = std::env::temp_dir().join(format!("hyde-harden-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&site);
        write(&site, "_config.yml", b"title: Hardened\n");
        write(&site, "_layouts/default.html", layout("v0").as_bytes());
        write(
            &site,
            "index.md",
            b"---\nlayout: default\ntitle: Home\n---\nHello *world*.\n",
        );
        for i in 0..pages {
            write(
                &site,
                &format!("p{i}.md"),
                format!("---\nlayout: default\ntitle: Page {i}\n---\nPage **{i}**.\n").as_bytes(),
            );
        }
        write(&site, "assets/style.css", b"body { color: red }\n");
        for (rel, bytes) in extra {
            write(&site, rel, bytes);
        }
        let port = free_port();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_hyde"));
        cmd.args(["serve", "-P", &port.to_string(), "-s"])
            .arg(&site)
            .arg("-d")
            .arg(site.join("_site"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(n) = max_files {
            use std::os::unix::process::CommandExt;
            // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
            unsafe {
                cmd.pre_exec(move || {
                    let lim = libc::rlimit {
                        rlim_cur: n,
                        rlim_max: n,
                    };
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
        }
        let child = cmd.spawn().expect("hyde serve starts");
        let served = Served { site, port, child };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        served
    }

    fn get(&self, path: &str) -> Response {
        request(
            self.port,
            format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
    }
}

/// A response, checked for completeness: `complete` is whether the body is as long as its
/// `Content-Length` says.
#[derive(Debug)]
struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
    complete: bool,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn parse(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| p + 4)
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw[split..].to_vec();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let length = head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case("content-length")
            .then(|| v.trim().parse::<usize>().ok())?
    });
    let complete = length.is_some_and(|n| n == body.len());
    Response {
        status,
        head,
        body,
        complete,
    }
}

/// Sends `raw` on a new connection and reads the answer until the server closes it.
fn request(port: u16, raw: &[u8]) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    // The server may answer and close before reading all of a huge request.
    let _ = s.write_all(raw);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    parse(&out)
}

#[test]
fn very_long_urls_are_refused_and_the_server_stays_up() {
    let s = Served::start("long-urls", 0, &[], None);
    // WEBrick reads at most 2083 bytes of request line (`MAX_URI_LENGTH`) and answers 414.
    let at_limit = {
        let pad = 2083 - "GET /? HTTP/1.1\r\n".len();
        format!("/?{}", "q".repeat(pad))
    };
    let r = s.get(&at_limit);
    assert_eq!(
        r.status, 200,
        "a request line of exactly 2083 bytes is served"
    );
    for url in [
        format!("{at_limit}q"),
        format!("/{}", "a".repeat(100_000)),
        "/a".repeat(50_000),
        format!("/{}", "%2e%2e/".repeat(20_000)),
        format!("/?q={}", "x".repeat(100_000)),
    ] {
        let r = s.get(&url);
        assert_eq!(r.status, 414, "{}...: {}", &url[..40], r.head);
        assert!(!r.text().contains("Hello"), "{}", r.text());
    }
    // A request line that never ends is answered at the limit, not buffered: the client is
    // still sending when the answer comes.
    let mut c = TcpStream::connect(("127.0.0.1", s.port)).expect("connect");
    c.set_read_timeout(Some(Duration::from_secs(10))).ok();
    c.set_write_timeout(Some(Duration::from_secs(10))).ok();
    c.write_all(b"GET /").expect("send");
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0usize;
    while sent < 256 << 20 {
        match c.write(&chunk) {
            Ok(n) => sent += n,
            Err(_) => break,
        }
    }
    assert!(
        sent < 256 << 20,
        "the server read 256 MB of request line without answering"
    );
    let mut raw = Vec::new();
    let _ = c.read_to_end(&mut raw);
    // The answer may be lost to the reset of a connection closed with unread data; what
    // matters is that the server stopped reading and is still up.
    if !raw.is_empty() {
        assert_eq!(parse(&raw).status, 414);
    }
    // Headers are bounded too (WEBrick: 112 KB in all).
    let huge_header = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(200_000)
    );
    let r = request(s.port, huge_header.as_bytes());
    assert!((400..500).contains(&r.status), "{}", r.head);

    let r = s.get("/");
    assert_eq!(r.status, 200);
    assert!(r.complete && r.text().contains("<em>world</em>"));
}

#[test]
fn stalled_clients_do_not_hold_up_others() {
    // Larger than what the kernel buffers for a client that does not read (under 3 MB on
    // Linux's default settings).
    let big = vec![b'x'; 8 << 20];
    let s = Served::start("stalled", 0, &[("big.bin", &big)], None);
    let connect = || {
        let c = TcpStream::connect(("127.0.0.1", s.port)).expect("connect");
        c.set_write_timeout(Some(Duration::from_secs(5))).ok();
        c.set_read_timeout(Some(Duration::from_secs(20))).ok();
        c
    };
    // Whole requests whose large answers are never read, more of them than tiny_http (which
    // hyde used before) had threads answering requests: each must still be answered.
    let mut unread = Vec::new();
    for _ in 0..6 {
        let mut c = connect();
        c.write_all(b"GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .expect("send");
        unread.push(c);
    }
    for (i, c) in unread.iter().enumerate() {
        let mut first = [0u8; 12];
        let n = c.peek(&mut first).unwrap_or(0);
        assert!(
            n > 0 && first.starts_with(b"HTTP/1.1 200"),
            "request {i} for a large file got no answer while earlier ones were not read"
        );
    }
    // Connections that stall before their request is whole: silent, half a request line,
    // half the headers.
    let mut stalled = Vec::new();
    for i in 0..60 {
        let mut c = connect();
        match i % 3 {
            0 => {}
            1 => c.write_all(b"GET /ind").expect("send"),
            _ => c
                .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nAccept: te")
                .expect("send"),
        }
        stalled.push(c);
    }
    let start = Instant::now();
    for i in 0..20 {
        let r = s.get(if i % 2 == 0 { "/" } else { "/assets/style.css" });
        assert_eq!(r.status, 200, "{}", r.head);
        assert!(r.complete, "{}", r.head);
    }
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "20 requests took {:?} beside stalled clients",
        start.elapsed()
    );
    drop(stalled);
    drop(unread);
    let r = s.get("/big.bin");
    assert!(r.status == 200 && r.body.len() == big.len(), "{}", r.head);
}

#[test]
fn many_clients_during_a_rebuild_get_whole_pages() {
    const PAGES: usize = 20;
    const CLIENTS: usize = 200;
    let s = Served::start("many", PAGES, &[], None);
    assert!(s.get("/").text().contains(">v0<"));
    let done = Arc::new(AtomicBool::new(false));
    let barrier = Arc::new(Barrier::new(CLIENTS + 1));
    let served = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let port = s.port;
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (done, barrier, served, failures) = (
                done.clone(),
                barrier.clone(),
                served.clone(),
                failures.clone(),
            );
            std::thread::spawn(move || {
                barrier.wait();
                let mut n = 0;
                // At least a few requests each, and on until the last rebuild is served.
                while n < 3 || !done.load(Ordering::SeqCst) {
                    let path = match (c + n) % (PAGES + 2) {
                        0 => "/".to_string(),
                        1 => "/assets/style.css".to_string(),
                        k => format!("/p{}.html", k - 2),
                    };
                    let r = request(
                        port,
                        format!(
                            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        )
                        .as_bytes(),
                    );
                    let text = r.text();
                    let whole = if path.ends_with(".css") {
                        text.contains("color")
                    } else {
                        text.contains("class=\"version\">v") && text.trim_end().ends_with("</html>")
                    };
                    if r.status != 200 || !r.complete || !whole {
                        failures.lock().expect("lock").push(format!(
                            "{path}: {} {} bytes",
                            r.head,
                            r.body.len()
                        ));
                    }
                    served.fetch_add(1, Ordering::SeqCst);
                    n += 1;
                }
            })
        })
        .collect();
    barrier.wait();
    // Rebuilds while the clients fetch: the layout changes every page.
    for v in 1..=3 {
        std::thread::sleep(Duration::from_millis(150));
        write(
            &s.site,
            "_layouts/default.html",
            layout(&format!("v{v}")).as_bytes(),
        );
    }
    let start = Instant::now();
    while !s.get("/p0.html").text().contains(">v3<") {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the last rebuild was never served"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    done.store(true, Ordering::SeqCst);
    for c in clients {
        c.join().expect("client thread");
    }
    let failures = failures.lock().expect("lock");
    assert!(
        failures.is_empty(),
        "{} of {} responses bad, e.g. {:?}",
        failures.len(),
        served.load(Ordering::SeqCst),
        &failures[..failures.len().min(3)]
    );
    assert!(served.load(Ordering::SeqCst) >= CLIENTS * 3);
    let r = s.get("/");
    assert!(r.status == 200 && r.complete && r.text().contains(">v3<"));
}

#[test]
fn running_out_of_file_descriptors_does_not_stop_the_server() {
    // A low descriptor limit, then more connections than it allows: accepting fails
    // (EMFILE) while they are open, and must work again once they are gone.
    let s = Served::start("fds", 0, &[], Some(128));
    assert_eq!(s.get("/").status, 200);
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], s.port));
    let mut held = Vec::new();
    // Once the server cannot accept, its backlog fills and connecting waits: stop there.
    while held.len() < 300 {
        match TcpStream::connect_timeout(&addr, Duration::from_millis(300)) {
            Ok(c) => held.push(c),
            Err(e) if e.kind() == ErrorKind::TimedOut => break,
            Err(e) => panic!("{e}"),
        }
    }
    assert!(held.len() > 128, "only {} connections", held.len());
    std::thread::sleep(Duration::from_millis(300));
    drop(held);
    let start = Instant::now();
    loop {
        let ok = TcpStream::connect(("127.0.0.1", s.port)).is_ok() && {
            let r = s.get("/");
            r.status == 200 && r.complete
        };
        if ok {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the server stopped serving after running out of descriptors"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
