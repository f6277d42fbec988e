//! Escaping and encoding filters: `escape`/`h`, `escape_once`, `url_encode`, `url_decode`
//! and the four base64 filters.

use crate::liquid::context::Context;
use crate::liquid::error::{Error, Result};
use crate::value::Value;

fn html_entity(c: char) -> Option<&'static str> {
    Some(match c {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        '\'' => "&#39;",
        _ => return None,
    })
}

/// Ruby's `CGI.escapeHTML`.
/// Ruby's `CGI.escapeHTML`: `& < > " '`.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match html_entity(c) {
            Some(e) => out.push_str(e),
            None => out.push(c),
        }
    }
    out
}

/// `escape` (and `h`): `CGI.escapeHTML`; nil stays nil.
pub(super) fn escape(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    if input.is_nil() {
        return Ok(Value::Nil);
    }
    Ok(Value::from(escape_html(&input.to_ruby_s())))
}

/// Whether `rest` (just after a `&`) starts an entity that `escape_once` leaves alone:
/// `[a-zA-Z]+;` or `#\d+;`.
fn is_entity(rest: &str) -> bool {
    let b = rest.as_bytes();
    let (body, skip) = if b.first() == Some(&b'#') {
        (&b[1..], 1)
    } else {
        (b, 0)
    };
    let n = body
        .iter()
        .take_while(|c| {
            if skip == 1 {
                c.is_ascii_digit()
            } else {
                c.is_ascii_alphabetic()
            }
        })
        .count();
    n > 0 && body.get(n) == Some(&b';')
}

/// `escape_once`: like `escape`, but leaves existing entities (`&amp;`, `&#39;`) alone.
pub(super) fn escape_once(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    // gsub(/["><']|&(?!([a-zA-Z]+|(#\d+));)/, HTML_ESCAPE)
    let s = input.to_ruby_s();
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c == '&' && is_entity(&s[i + 1..]) {
            out.push('&');
            continue;
        }
        match html_entity(c) {
            Some(e) => out.push_str(e),
            None => out.push(c),
        }
    }
    Ok(Value::from(out))
}

/// Ruby's `CGI.escape`: bytes other than `a-zA-Z0-9_.-~` as `%XX`, space as `+`.
fn cgi_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `url_encode`: `CGI.escape`; nil stays nil.
pub(super) fn url_encode(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    if input.is_nil() {
        return Ok(Value::Nil);
    }
    Ok(Value::from(cgi_escape(&input.to_ruby_s())))
}

/// `url_decode`: `CGI.unescape`, an error when the bytes are not UTF-8.
pub(super) fn url_decode(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    if input.is_nil() {
        return Ok(Value::Nil);
    }
    // CGI.unescape: `+` is a space, `%XX` a byte; a `%` without two hex digits stays.
    let s = input.to_ruby_s();
    let b = s.as_bytes();
    let mut bytes = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => bytes.push(b' '),
            b'%' if i + 2 < b.len() && hex(b[i + 1]).is_some() && hex(b[i + 2]).is_some() => {
                bytes.push(hex(b[i + 1]).unwrap_or(0) * 16 + hex(b[i + 2]).unwrap_or(0));
                i += 3;
                continue;
            }
            c => bytes.push(c),
        }
        i += 1;
    }
    String::from_utf8(bytes)
        .map(Value::from)
        .map_err(|_| Error::argument("invalid byte sequence in UTF-8"))
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

const STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64 with padding in the given alphabet (`strict_encode64`, `urlsafe_encode64`).
fn b64_encode(data: &[u8], alphabet: &[u8; 64]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(alphabet[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Ruby's `strict_decode64` (`unpack1("m0")`): length a multiple of 4, only the standard
/// alphabet, padding only at the end, and unused bits of the last group zero.
fn b64_strict_decode(s: &[u8]) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    for (ci, chunk) in s.chunks(4).enumerate() {
        let last = ci == s.len() / 4 - 1;
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &c in &chunk[..4 - pad] {
            let v = STD.iter().position(|&a| a == c)? as u32;
            n = n << 6 | v;
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let keep = 3 - pad;
        if bytes[keep..].iter().any(|&b| b != 0) {
            return None;
        }
        out.extend_from_slice(&bytes[..keep]);
    }
    Some(out)
}

/// A decoded byte string: Ruby returns it as binary; we keep valid UTF-8 and replace the rest.
fn bytes_value(b: Vec<u8>) -> Value {
    match String::from_utf8(b) {
        Ok(s) => Value::from(s),
        Err(e) => Value::from(String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

/// `base64_encode`: standard alphabet, padded.
pub(super) fn base64_encode(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    Ok(Value::from(b64_encode(input.to_ruby_s().as_bytes(), STD)))
}

/// `base64_decode`: strict decoding; anything malformed is an error.
pub(super) fn base64_decode(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    b64_strict_decode(input.to_ruby_s().as_bytes())
        .map(bytes_value)
        .ok_or_else(|| Error::argument("invalid base64 provided to base64_decode"))
}

/// `base64_url_safe_encode`: URL-safe alphabet, padded.
pub(super) fn base64_url_safe_encode(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    Ok(Value::from(b64_encode(input.to_ruby_s().as_bytes(), URL)))
}

/// `base64_url_safe_decode`: padding optional.
pub(super) fn base64_url_safe_decode(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    // `urlsafe_decode64`: pad when unpadded, map `-_` to `+/`, then decode strictly (so the
    // standard alphabet's `+/` are accepted too).
    let s = input.to_ruby_s();
    let mut b: Vec<u8> = s
        .bytes()
        .map(|c| match c {
            b'-' => b'+',
            b'_' => b'/',
            c => c,
        })
        .collect();
    if !s.ends_with('=') && !b.len().is_multiple_of(4) {
        b.resize(b.len() + 4 - b.len() % 4, b'=');
    }
    b64_strict_decode(&b)
        .map(bytes_value)
        .ok_or_else(|| Error::argument("invalid base64 provided to base64_url_safe_decode"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values from Ruby 3.1's Base64 and CGI modules.
    #[test]
    fn matches_ruby() {
        assert_eq!(b64_encode(b"_#/.", STD), "XyMvLg==");
        assert_eq!(b64_encode(b"\xfb\xff", URL), "-_8=");
        assert_eq!(b64_strict_decode(b"XyMvLg==").unwrap(), b"_#/.");
        assert!(b64_strict_decode(b"QR==").is_none());
        assert!(b64_strict_decode(b"QQ").is_none());
        assert!(b64_strict_decode(b"Q Q==").is_none());
        assert!(b64_strict_decode(b"QQ==QQ==").is_none());
        assert_eq!(b64_strict_decode(b"").unwrap(), b"");
        assert_eq!(cgi_escape("é~-_.*+ "), "%C3%A9~-_.%2A%2B+");
        assert_eq!(
            escape_html("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert!(is_entity("amp; x"));
        assert!(is_entity("#20;"));
        assert!(!is_entity("#x20;"));
        assert!(!is_entity("amp"));
        assert_eq!(
            bytes_value(b64_strict_decode(b"/w==").unwrap()).render(),
            "\u{FFFD}"
        );
    }
}
