//! The HTTP/1.1 server under `hyde serve`: one thread per connection, keep-alive, and
//! WebSocket upgrades handed to the caller. It is small on purpose, and hardened where a
//! development server meets real clients:
//!
//! - a request line longer than WEBrick's `MAX_URI_LENGTH` (2083 bytes) is answered 414 and a
//!   request head over its `MAX_HEADER_LENGTH` (112 KB) 413, without reading further;
//! - a client that stalls (half a request, or a response it never reads) holds only its own
//!   thread, and is dropped after WEBrick's `RequestTimeout` (30 s) without progress;
//! - a failure to accept (out of file descriptors) is waited out, never fatal.

use super::livereload::ReadWriteSend;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// WEBrick's `MAX_URI_LENGTH`: the longest request line, its line end included.
pub const MAX_REQUEST_LINE: usize = 2083;
/// WEBrick's `MAX_HEADER_LENGTH`: the longest request head (request line and headers).
pub const MAX_HEAD: usize = 112 * 1024;
/// Request bodies are read and dropped (a static site takes none); larger ones are refused.
const MAX_BODY: u64 = 1 << 20;
/// WEBrick's `RequestTimeout`: how long a request (or the next one, on a kept-alive
/// connection) may take to arrive, and a response to make progress.
const TIMEOUT: Duration = Duration::from_secs(30);
/// A WebSocket that does not take a message for this long is dropped by its writer.
const UPGRADED_WRITE_TIMEOUT: Duration = Duration::from_secs(5);

/// A request's head.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `HEAD`, ...
    pub method: String,
    /// The request target as sent (path and query).
    pub url: String,
    /// `(1, 1)` for HTTP/1.1.
    pub version: (u32, u32),
    /// Headers in order, names as sent.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the connection stays open after the response (HTTP/1.1 unless `close`,
    /// HTTP/1.0 only with `keep-alive`).
    fn keep_alive(&self) -> bool {
        let connection = self.header("Connection").unwrap_or("").to_ascii_lowercase();
        if self.version >= (1, 1) {
            !connection.contains("close")
        } else {
            connection.contains("keep-alive")
        }
    }
}

/// A response: the server adds `Content-Length`, `Date` and `Connection`.
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// Body (not sent for `HEAD`, 101 and 304).
    pub body: Vec<u8>,
}

impl Response {
    /// A response with a status and body.
    pub fn new(status: u16, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body,
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

/// What the handler does with a request.
pub enum Outcome {
    /// Send this response.
    Respond(Response),
    /// Send this response (a 101) and give the connection to the function.
    Upgrade(Response, Box<dyn FnOnce(Box<dyn ReadWriteSend>) + Send>),
}

/// The function answering requests.
pub type Handler = dyn Fn(&Request) -> Outcome + Send + Sync;

/// Binds `addr` (`host:port`).
pub fn bind(addr: &str) -> std::io::Result<TcpListener> {
    TcpListener::bind(addr)
}

/// Serves connections on `listener` with `handler` from a new thread, for the life of the
/// process.
pub fn serve(listener: TcpListener, handler: Arc<Handler>) {
    let spawned = std::thread::Builder::new()
        .name("hyde-accept".into())
        .spawn(move || accept_loop(&listener, &handler));
    if let Err(e) = spawned {
        eprintln!("hyde serve: could not start the server thread: {e}");
    }
}

fn accept_loop(listener: &TcpListener, handler: &Arc<Handler>) {
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                let handler = handler.clone();
                // Out of threads: the connection is closed, the server goes on.
                let _ = std::thread::Builder::new()
                    .name("hyde-http".into())
                    .spawn(move || connection(stream, &*handler));
            }
            // Out of descriptors (EMFILE, ENFILE) or memory, or a connection reset before it
            // was accepted: wait a little (other connections close meanwhile) and go on.
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// Why no request could be read.
enum ReadError {
    /// The client closed, timed out or broke the connection: close it without a word.
    Gone,
    /// The request is refused with this status; the connection closes after it.
    Refuse(u16),
}

/// The stream a connection reads from, with a deadline for the whole request head.
struct Reader {
    inner: BufReader<TcpStream>,
    deadline: Instant,
}

impl Reader {
    /// Sets the read timeout to what is left before the deadline (none left: `Gone`).
    fn arm(&mut self) -> Result<(), ReadError> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ReadError::Gone);
        }
        self.inner
            .get_ref()
            .set_read_timeout(Some(left))
            .map_err(|_| ReadError::Gone)
    }

    /// One line of at most `max` bytes (its `\n` included): `Ok(None)` when the line is
    /// longer than that.
    fn line(&mut self, max: usize) -> Result<Option<Vec<u8>>, ReadError> {
        let mut line = Vec::new();
        loop {
            self.arm()?;
            let left = max - line.len();
            let n = match (&mut self.inner)
                .take(left as u64)
                .read_until(b'\n', &mut line)
            {
                Ok(n) => n,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => return Err(ReadError::Gone),
            };
            if line.ends_with(b"\n") {
                return Ok(Some(line));
            }
            if line.len() >= max {
                return Ok(None);
            }
            if n == 0 {
                return Err(ReadError::Gone);
            }
        }
    }
}

fn read_request(r: &mut Reader) -> Result<Request, ReadError> {
    r.deadline = Instant::now() + TIMEOUT;
    // Empty lines before a request are ignored (RFC 9112, section 2.2).
    let line = loop {
        let Some(line) = r.line(MAX_REQUEST_LINE)? else {
            return Err(ReadError::Refuse(414));
        };
        if line != b"\r\n" && line != b"\n" {
            break line;
        }
    };
    let mut used = line.len();
    let text = String::from_utf8_lossy(&line);
    let mut parts = text.split_ascii_whitespace();
    let (Some(method), Some(url), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Refuse(400));
    };
    let version = version
        .strip_prefix("HTTP/")
        .and_then(|v| v.split_once('.'))
        .and_then(|(a, b)| Some((a.parse::<u32>().ok()?, b.parse::<u32>().ok()?)))
        .ok_or(ReadError::Refuse(400))?;
    if version.0 != 1 {
        return Err(ReadError::Refuse(505));
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        let Some(line) = r.line(MAX_HEAD.saturating_sub(used) + 1)? else {
            return Err(ReadError::Refuse(413));
        };
        used += line.len();
        if used > MAX_HEAD {
            return Err(ReadError::Refuse(413));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        if text.starts_with([' ', '\t']) {
            // A folded continuation of the previous header.
            match headers.last_mut() {
                Some((_, v)) => {
                    v.push(' ');
                    v.push_str(text.trim());
                }
                None => return Err(ReadError::Refuse(400)),
            }
            continue;
        }
        let Some((name, value)) = text.split_once(':') else {
            return Err(ReadError::Refuse(400));
        };
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(ReadError::Refuse(400));
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    let request = Request {
        method: method.to_string(),
        url: url.to_string(),
        version,
        headers,
    };
    skip_body(r, &request)?;
    Ok(request)
}

/// Reads and drops a request body, so the next request on the connection can be read.
fn skip_body(r: &mut Reader, request: &Request) -> Result<(), ReadError> {
    if request.header("Transfer-Encoding").is_some() {
        // Chunked bodies are not taken; there is no telling where the next request starts.
        return Err(ReadError::Refuse(411));
    }
    let Some(length) = request.header("Content-Length") else {
        return Ok(());
    };
    let length: u64 = length.trim().parse().map_err(|_| ReadError::Refuse(400))?;
    if length > MAX_BODY {
        return Err(ReadError::Refuse(413));
    }
    let mut left = length;
    let mut buf = [0u8; 8192];
    while left > 0 {
        r.arm()?;
        let want = buf.len().min(left as usize);
        match r.inner.read(&mut buf[..want]) {
            Ok(0) | Err(_) => return Err(ReadError::Gone),
            Ok(n) => left -= n as u64,
        }
    }
    Ok(())
}

fn reason(status: u16) -> &'static str {
    match status {
        101 => "Switching Protocols",
        200 => "OK",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        411 => "Length Required",
        413 => "Request Entity Too Large",
        414 => "Request-URI Too Large",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Writes `response`; `head_only` for `HEAD`, `close` to announce the connection's end.
fn write_response(
    w: &mut TcpStream,
    response: &Response,
    head_only: bool,
    close: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nDate: {}\r\n",
        response.status,
        reason(response.status),
        chrono::Utc::now().format("%a, %d %b %Y %H:%M:%S GMT")
    );
    for (k, v) in &response.headers {
        head.push_str(k);
        head.push_str(": ");
        head.push_str(v);
        head.push_str("\r\n");
    }
    let bodiless = matches!(response.status, 101 | 304);
    if !bodiless {
        head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    }
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    if !bodiless && !head_only {
        // One write for small responses; large bodies go straight from their buffer.
        if response.body.len() <= 64 * 1024 {
            out.extend_from_slice(&response.body);
        } else {
            w.write_all(&out)?;
            return w.write_all(&response.body);
        }
    }
    w.write_all(&out)
}

/// Refuses a request (its status and a short page), then reads and drops what the client is
/// still sending for a moment before closing, so the answer is not lost to a reset.
fn refuse(r: &mut Reader, w: &mut TcpStream, status: u16) {
    let page = format!(
        "<!doctype html><title>{status} {0}</title><h1>{0}</h1>\n",
        reason(status)
    );
    let response = Response::new(status, page.into_bytes())
        .with_header("Content-Type", "text/html; charset=utf-8");
    if write_response(w, &response, false, true).is_err() {
        return;
    }
    let _ = w.shutdown(Shutdown::Write);
    r.deadline = Instant::now() + Duration::from_secs(2);
    let mut drained = 0usize;
    let mut buf = [0u8; 8192];
    while drained < 4 << 20 && r.arm().is_ok() {
        match r.inner.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

/// An upgraded connection: what was read past the request head, then the socket.
struct Upgraded {
    buffered: Vec<u8>,
    at: usize,
    stream: TcpStream,
}

impl Read for Upgraded {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at < self.buffered.len() {
            let n = buf.len().min(self.buffered.len() - self.at);
            buf[..n].copy_from_slice(&self.buffered[self.at..self.at + n]);
            self.at += n;
            return Ok(n);
        }
        self.stream.read(buf)
    }
}

impl Write for Upgraded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.stream.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.stream.flush()
    }
}

fn connection(stream: TcpStream, handler: &Handler) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(TIMEOUT));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut w = stream;
    let mut r = Reader {
        inner: BufReader::with_capacity(8192, read_half),
        deadline: Instant::now() + TIMEOUT,
    };
    loop {
        let request = match read_request(&mut r) {
            Ok(request) => request,
            Err(ReadError::Gone) => return,
            Err(ReadError::Refuse(status)) => return refuse(&mut r, &mut w, status),
        };
        let keep_alive = request.keep_alive();
        match handler(&request) {
            Outcome::Respond(response) => {
                let head_only = request.method.eq_ignore_ascii_case("HEAD");
                if write_response(&mut w, &response, head_only, !keep_alive).is_err() || !keep_alive
                {
                    return;
                }
            }
            Outcome::Upgrade(response, take) => {
                if write_response(&mut w, &response, false, false).is_err() {
                    return;
                }
                let _ = w.set_write_timeout(Some(UPGRADED_WRITE_TIMEOUT));
                let _ = w.set_read_timeout(Some(TIMEOUT));
                let buffered = r.inner.buffer().to_vec();
                take(Box::new(Upgraded {
                    buffered,
                    at: 0,
                    stream: w,
                }));
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A server answering every request with its method and URL; `/ws` upgrades and echoes
    /// what the client sends after the head.
    fn start() -> u16 {
        let listener = bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        serve(
            listener,
            Arc::new(|req: &Request| {
                if req.url == "/ws" {
                    return Outcome::Upgrade(
                        Response::new(101, Vec::new()).with_header("Upgrade", "websocket"),
                        Box::new(|mut s| {
                            let mut buf = [0u8; 5];
                            if s.read_exact(&mut buf).is_ok() {
                                let _ = s.write_all(&buf);
                            }
                        }),
                    );
                }
                Outcome::Respond(Response::new(
                    200,
                    format!("{} {}", req.method, req.url).into_bytes(),
                ))
            }),
        );
        port
    }

    /// Sends `raw` and reads until the server closes or goes quiet.
    fn exchange(port: u16, raw: &[u8]) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        s.write_all(raw).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn keeps_connections_alive_and_skips_bodies() {
        let port = start();
        let out = exchange(
            port,
            b"POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /b HTTP/1.1\r\nX-Folded: one\r\n two\r\n\r\nHEAD /c HTTP/1.1\r\nConnection: close\r\n\r\n",
        );
        let statuses = out.matches("HTTP/1.1 200 OK\r\n").count();
        assert_eq!(statuses, 3, "{out}");
        assert!(out.contains("\r\n\r\nPOST /a"), "{out}");
        assert!(out.contains("\r\n\r\nGET /b"), "{out}");
        // HEAD: the length of the body ("HEAD /c"), and no body.
        assert!(
            out.ends_with("Content-Length: 7\r\nConnection: close\r\n\r\n"),
            "{out}"
        );
    }

    #[test]
    fn http_1_0_closes_unless_kept_alive() {
        let port = start();
        let out = exchange(port, b"GET /a HTTP/1.0\r\n\r\nGET /b HTTP/1.0\r\n\r\n");
        assert_eq!(out.matches("200 OK").count(), 1, "{out}");
        assert!(out.contains("Connection: close"), "{out}");
        let out = exchange(
            port,
            b"GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.0\r\n\r\n",
        );
        assert_eq!(out.matches("200 OK").count(), 2, "{out}");
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        let port = start();
        for (raw, status) in [
            (&b"garbage\r\n\r\n"[..], "400"),
            (b"GET / HTTP/2.0\r\n\r\n", "505"),
            (b"GET / HTTP/1.1\r\nno colon\r\n\r\n", "400"),
            (
                b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
                "411",
            ),
            (
                b"POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n",
                "413",
            ),
        ] {
            let out = exchange(port, raw);
            assert!(
                out.starts_with(&format!("HTTP/1.1 {status} ")),
                "{:?}: {out}",
                String::from_utf8_lossy(raw)
            );
            assert!(out.contains("Connection: close"), "{out}");
        }
        // Empty lines before a request are skipped.
        assert!(
            exchange(
                port,
                b"\r\n\r\nGET /x HTTP/1.1\r\nConnection: close\r\n\r\n"
            )
            .ends_with("GET /x")
        );
    }

    #[test]
    fn upgrades_hand_over_the_connection_with_what_was_read_ahead() {
        let port = start();
        // The client's first bytes arrive with the head, so the server has read them already.
        let out = exchange(port, b"GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\nhello");
        assert!(
            out.starts_with("HTTP/1.1 101 Switching Protocols\r\n"),
            "{out}"
        );
        assert!(!out.contains("Content-Length"), "{out}");
        assert!(out.ends_with("\r\n\r\nhello"), "{out}");
    }
}
