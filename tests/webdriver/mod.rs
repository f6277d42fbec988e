//! A minimal W3C WebDriver client for headless Chromium through Debian's `chromedriver`:
//! plain HTTP/1.1 and JSON over `TcpStream`, since the handful of commands the serve tests
//! need (new session, navigate, execute script, delete session) don't justify an async
//! WebDriver crate and its dependency tree. Shared by tests/serve_browser.rs and
//! benches/serve_reload.rs.

#![allow(dead_code)]

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A port free at the time of asking.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// The first of `names` found on `PATH`.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// chromedriver and the Chromium it drives, or why they can't be used.
pub fn find() -> Result<(PathBuf, PathBuf), String> {
    let driver = on_path(&["chromedriver"]).ok_or("chromedriver is not on PATH")?;
    let chromium = on_path(&["chromium", "chromium-browser", "google-chrome"])
        .ok_or("chromium is not on PATH")?;
    Ok((driver, chromium))
}

/// A child process in its own process group, killed with the group on drop, so nothing it
/// started (Chromium's renderers) outlives a test, even one that panicked.
pub struct Group(pub Child);

impl Group {
    pub fn spawn(cmd: &mut Command) -> std::io::Result<Group> {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0).spawn().map(Group)
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        if let Ok(pgid) = libc::pid_t::try_from(self.0.id()) {
            // SAFETY: kill(2) takes plain integers; the group is the one this child leads.
            unsafe {
                libc::kill(-pgid, libc::SIGKILL);
            }
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.1 request: `(status, body)`. chromedriver keeps connections alive whatever the
/// request says, so the reply is read by its `Content-Length` (or chunks), not to the end.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(60)))?;
    let body = body.unwrap_or("");
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes())?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    // Reads until `done` says the reply is complete (or the peer closes).
    let mut fill = |raw: &mut Vec<u8>, done: &dyn Fn(&[u8]) -> bool| -> std::io::Result<()> {
        while !done(raw) {
            let n = s.read(&mut buf)?;
            if n == 0 {
                break;
            }
            raw.extend_from_slice(&buf[..n]);
        }
        Ok(())
    };
    let end_of_head = |r: &[u8]| r.windows(4).position(|w| w == b"\r\n\r\n");
    fill(&mut raw, &|r| end_of_head(r).is_some())?;
    let split = end_of_head(&raw).ok_or_else(|| std::io::Error::other("no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body_at = split + 4;
    let length = head.lines().find_map(|l| {
        l.strip_prefix("content-length:")
            .and_then(|v| v.trim().parse::<usize>().ok())
    });
    let text = if let Some(length) = length {
        fill(&mut raw, &|r| r.len() >= body_at + length)?;
        raw[body_at..(body_at + length).min(raw.len())].to_vec()
    } else if head.contains("transfer-encoding: chunked") {
        fill(&mut raw, &|r| {
            r[body_at..].windows(5).any(|w| w == b"0\r\n\r\n")
        })?;
        let mut rest = &raw[body_at..];
        let mut out = Vec::new();
        while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
            let size_text = String::from_utf8_lossy(&rest[..eol]);
            let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                .unwrap_or(0);
            if size == 0 || rest.len() < eol + 2 + size {
                break;
            }
            out.extend_from_slice(&rest[eol + 2..eol + 2 + size]);
            rest = &rest[(eol + 4 + size).min(rest.len())..];
        }
        out
    } else {
        fill(&mut raw, &|_| false)?;
        raw[body_at..].to_vec()
    };
    Ok((status, String::from_utf8_lossy(&text).into_owned()))
}

/// A headless Chromium session.
pub struct Browser {
    port: u16,
    session: String,
    // Declared last: dropped after `drop` has ended the session.
    _driver: Group,
}

impl Browser {
    /// Starts chromedriver on a free port and opens a headless Chromium session.
    pub fn start(driver: &Path, chromium: &Path) -> Result<Browser, String> {
        let port = free_port();
        let child = Group::spawn(
            Command::new(driver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )
        .map_err(|e| format!("cannot start {}: {e}", driver.display()))?;
        let started = Instant::now();
        loop {
            match http(port, "GET", "/status", None) {
                Ok((200, body)) if body.contains("\"ready\":true") => break,
                _ if started.elapsed() > Duration::from_secs(30) => {
                    return Err("chromedriver did not become ready in 30 s".into());
                }
                _ => std::thread::sleep(Duration::from_millis(50)),
            }
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            // The console's messages, for tests that require a page without errors.
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {
                "binary": chromium,
                // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--no-first-run",
                         "--disable-extensions", "--window-size=1024,768"]
            }
        }}});
        let (status, body) = http(port, "POST", "/session", Some(&caps.to_string()))
            .map_err(|e| format!("new session: {e}"))?;
        let reply: Value = serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))?;
        let session = reply["value"]["sessionId"]
            .as_str()
            .ok_or_else(|| format!("new session failed ({status}): {body}"))?
            .to_string();
        Ok(Browser {
            port,
            session,
            _driver: child,
        })
    }

    /// A WebDriver command on this session (`what` is the path after the session id).
    pub fn command(&self, method: &str, what: &str, body: Value) -> Value {
        let path = format!("/session/{}/{what}", self.session);
        let (status, text) = http(self.port, method, &path, Some(&body.to_string()))
            .unwrap_or_else(|e| panic!("WebDriver {what}: {e}"));
        let reply: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("WebDriver {what}: {e}: {text}"));
        assert_eq!(status, 200, "WebDriver {what} failed: {text}");
        reply["value"].clone()
    }

    /// Navigates and waits for the page to load.
    pub fn goto(&self, url: &str) {
        self.command("POST", "url", json!({ "url": url }));
    }

    /// Runs `body` (a function body: use `return`) in the page and returns its value.
    pub fn eval(&self, body: &str) -> Value {
        self.command(
            "POST",
            "execute/sync",
            json!({ "script": body, "args": [] }),
        )
    }

    /// Polls `expr` (a JS expression) every few milliseconds until it is truthy, returning
    /// its value; panics with `what` and the last value after `timeout`. A script error (the
    /// page navigating mid-call) counts as not yet.
    pub fn wait_for(&self, expr: &str, timeout: Duration, what: &str) -> Value {
        self.wait_for_every(expr, timeout, what, Duration::from_millis(10))
    }

    /// [`Browser::wait_for`], polling every `interval`.
    pub fn wait_for_every(
        &self,
        expr: &str,
        timeout: Duration,
        what: &str,
        interval: Duration,
    ) -> Value {
        let started = Instant::now();
        let script = json!({ "script": format!("return ({expr});"), "args": [] }).to_string();
        let path = format!("/session/{}/execute/sync", self.session);
        let mut last = String::new();
        loop {
            if let Ok((200, text)) = http(self.port, "POST", &path, Some(&script))
                && let Ok(reply) = serde_json::from_str::<Value>(&text)
            {
                let v = reply["value"].clone();
                let truthy = match &v {
                    Value::Null => false,
                    Value::Bool(b) => *b,
                    Value::String(s) => !s.is_empty(),
                    Value::Number(n) => n.as_f64() != Some(0.0),
                    _ => true,
                };
                if truthy {
                    return v;
                }
                last = v.to_string();
            }
            assert!(
                started.elapsed() < timeout,
                "timed out after {timeout:?} waiting for {what} (`{expr}` was {last})"
            );
            std::thread::sleep(interval);
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Closes Chromium cleanly; the process group kill that follows catches the rest.
        let _ = http(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
    }
}
