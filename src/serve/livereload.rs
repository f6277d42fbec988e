//! Live reload over a WebSocket on the site's own port, speaking the LiveReload protocol (so
//! LiveReload browser extensions work too), plus hyde's commands for the error overlay.

use crate::value::json_string;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The `Sec-WebSocket-Accept` value for a client's `Sec-WebSocket-Key`.
pub fn accept_key(key: &str) -> String {
    let mut sha = sha1_smol::Sha1::new();
    sha.update(key.trim().as_bytes());
    sha.update(b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    base64(&sha.digest().bytes())
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A server-to-client text frame (servers do not mask).
pub fn text_frame(text: &str) -> Vec<u8> {
    let payload = text.as_bytes();
    let mut f = vec![0x81];
    match payload.len() {
        n if n < 126 => f.push(n as u8),
        n if n <= 0xffff => {
            f.push(126);
            f.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            f.push(127);
            f.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    f.extend_from_slice(payload);
    f
}

/// Reads one client frame: `(opcode, payload)`. Frames larger than 1 MiB are refused.
pub fn read_frame(r: &mut dyn Read) -> std::io::Result<(u8, Vec<u8>)> {
    let mut head = [0u8; 2];
    r.read_exact(&mut head)?;
    let opcode = head[0] & 0x0f;
    let masked = head[1] & 0x80 != 0;
    let mut len = u64::from(head[1] & 0x7f);
    if len == 126 {
        let mut b = [0u8; 2];
        r.read_exact(&mut b)?;
        len = u64::from(u16::from_be_bytes(b));
    } else if len == 127 {
        let mut b = [0u8; 8];
        r.read_exact(&mut b)?;
        len = u64::from_be_bytes(b);
    }
    if len > 1 << 20 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "frame too large",
        ));
    }
    let mut mask = [0u8; 4];
    if masked {
        r.read_exact(&mut mask)?;
    }
    let mut payload = vec![0u8; len as usize];
    r.read_exact(&mut payload)?;
    if masked {
        for (i, b) in payload.iter_mut().enumerate() {
            *b ^= mask[i % 4];
        }
    }
    Ok((opcode, payload))
}

/// A connected browser.
type Client = Box<dyn Write + Send>;

/// The connected browsers and the last state they should show.
#[derive(Clone)]
pub struct Hub {
    clients: Arc<Mutex<Vec<Client>>>,
    /// The error overlay's HTML while the last build failed.
    error: Arc<Mutex<Option<String>>>,
    /// Which build is being served: pages carry the number they were served with and the
    /// hello says the current one, so a page that connects after a rebuild it missed reloads.
    build: Arc<AtomicU64>,
}

impl Default for Hub {
    fn default() -> Hub {
        // Starts from the clock, so a page left open across a server restart sees a new number.
        let start = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(1);
        Hub {
            clients: Arc::default(),
            error: Arc::default(),
            build: Arc::new(AtomicU64::new(start)),
        }
    }
}

impl Hub {
    /// The number of the build being served (a JS-safe integer).
    pub fn build(&self) -> u64 {
        self.build.load(Ordering::SeqCst)
    }

    /// Greets a new connection (after the HTTP upgrade) and keeps it for broadcasts. Blocks
    /// until the client says hello, so call it on its own thread.
    pub fn connect(&self, mut stream: Box<dyn ReadWriteSend>) {
        // LiveReload clients open with `hello`; answer it, then only ever write.
        loop {
            match read_frame(&mut stream) {
                Ok((0x1, payload)) if String::from_utf8_lossy(&payload).contains("hello") => break,
                Ok((0x8, _)) | Err(_) => return,
                Ok(_) => {}
            }
        }
        // Holding the clients' lock from reading the state to joining the list: a broadcast
        // is then either reflected in the hello (build number, error) or sent to this client.
        let Ok(mut clients) = self.clients.lock() else {
            return;
        };
        let hello = format!(
            r#"{{"command":"hello","protocols":["http://livereload.com/protocols/official-7"],"serverName":"hyde","build":{}}}"#,
            self.build()
        );
        // The upgraded stream is buffered: flush every message.
        if stream
            .write_all(&text_frame(&hello))
            .and_then(|()| stream.flush())
            .is_err()
        {
            return;
        }
        // A page that opens while the last build is broken shows the error straight away.
        if let Some(html) = self.error.lock().ok().and_then(|e| e.clone()) {
            let _ = stream
                .write_all(&text_frame(&error_command(&html)))
                .and_then(|()| stream.flush());
        }
        clients.push(Box::new(WriteHalf(stream)));
    }

    fn broadcast(&self, text: &str) {
        let frame = text_frame(text);
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain_mut(|c| c.write_all(&frame).and_then(|()| c.flush()).is_ok());
        }
    }

    /// After a good build: clear any overlay and reload (CSS in place when only CSS changed).
    pub fn reload(&self, changed: &[String]) {
        if let Ok(mut e) = self.error.lock() {
            *e = None;
        }
        let build = self.build.fetch_add(1, Ordering::SeqCst) + 1;
        // The number lets a page whose CSS alone was refreshed stay current.
        self.broadcast(&format!(r#"{{"command":"hyde-ok","build":{build}}}"#));
        let only_css = !changed.is_empty() && changed.iter().all(|p| p.ends_with(".css"));
        if only_css {
            for p in changed {
                self.broadcast(&format!(
                    r#"{{"command":"reload","path":{},"liveCSS":true}}"#,
                    json_string(p)
                ));
            }
        } else {
            self.broadcast(r#"{"command":"reload","path":"/","liveCSS":false}"#);
        }
    }

    /// After a failed build: show the error in every page.
    pub fn error(&self, html: &str) {
        if let Ok(mut e) = self.error.lock() {
            *e = Some(html.to_string());
        }
        self.broadcast(&error_command(html));
    }

    /// How many browsers are connected.
    pub fn clients(&self) -> usize {
        self.clients.lock().map(|c| c.len()).unwrap_or(0)
    }
}

fn error_command(html: &str) -> String {
    format!(r#"{{"command":"hyde-error","html":{}}}"#, json_string(html))
}

/// A stream that can be read and written and sent to another thread.
pub trait ReadWriteSend: Read + Write + Send {}
impl<T: Read + Write + Send + ?Sized> ReadWriteSend for T {}

struct WriteHalf(Box<dyn ReadWriteSend>);

impl Write for WriteHalf {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handshake_key_matches_rfc_6455_example() {
        assert_eq!(
            accept_key("dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }

    #[test]
    fn frames_round_trip() {
        let f = text_frame("hello");
        assert_eq!(f, [0x81, 5, b'h', b'e', b'l', b'l', b'o']);
        // A masked client frame.
        let mask = [1u8, 2, 3, 4];
        let mut masked = vec![0x81, 0x80 | 5];
        masked.extend_from_slice(&mask);
        masked.extend(b"hello".iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        let (op, payload) = read_frame(&mut &masked[..]).unwrap();
        assert_eq!((op, payload.as_slice()), (1, &b"hello"[..]));
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn reads_extended_length_frames() {
        let mask = [7u8, 1, 9, 3];
        let p = b"{\"command\":\"hello\"}";
        let mut f = vec![0x81, 0x80 | 126];
        f.extend_from_slice(&(p.len() as u16).to_be_bytes());
        f.extend_from_slice(&mask);
        f.extend(p.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        let (op, payload) = read_frame(&mut &f[..]).unwrap();
        assert_eq!((op, payload.as_slice()), (1, &p[..]));
    }
}
