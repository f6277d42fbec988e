//! The part of Ruby's Addressable gem (2.8) that Jekyll's URL filters and `uri_escape` use:
//! parsing a URI, `absolute?`, `normalize` and `normalize_component`.
//!
//! Jekyll's URLs go through `Addressable::URI.parse(url).normalize.to_s`, which re-encodes
//! every component, lowercases scheme and host, drops default ports, resolves dot segments
//! and converts international host names to punycode. Sites' permalinks and feeds depend
//! on that exact output, so the quirks are kept (the dot-segment rules, empty queries and
//! fragments vanishing, NFKC before re-encoding).

use crate::liquid::error::{Error, Result};
use unicode_normalization::UnicodeNormalization;

/// Characters each component leaves unencoded (Addressable's `CharacterClasses`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    /// `RESERVED + UNRESERVED`: the default, and what `uri_escape` uses.
    Default,
    Scheme,
    Unreserved,
    Pchar,
    Host,
    Fragment,
    /// Query pairs: as Addressable's `QUERY` regexp, which also encodes a `%` not starting
    /// `%2B`.
    Query,
}

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn sub_delim(b: u8) -> bool {
    matches!(
        b,
        b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
    )
}

impl Class {
    fn keeps(self, b: u8) -> bool {
        match self {
            Class::Default => unreserved(b) || sub_delim(b) || b":/?#[]@".contains(&b),
            Class::Scheme => b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.'),
            Class::Unreserved => unreserved(b),
            Class::Pchar => unreserved(b) || sub_delim(b) || matches!(b, b':' | b'@'),
            Class::Host => unreserved(b) || sub_delim(b) || matches!(b, b'[' | b':' | b']'),
            Class::Fragment => {
                unreserved(b) || sub_delim(b) || matches!(b, b':' | b'@' | b'/' | b'?')
            }
            Class::Query => {
                unreserved(b)
                    || matches!(
                        b,
                        b'!' | b'$'
                            | b'\''
                            | b'('
                            | b')'
                            | b'*'
                            | b'+'
                            | b','
                            | b'='
                            | b':'
                            | b'@'
                            | b'/'
                            | b'?'
                    )
            }
        }
    }
}

/// `InvalidURIError`.
fn invalid(msg: String) -> Error {
    Error::render(msg)
}

/// Percent-decodes every `%XX` except those that decode to a byte in `leave_encoded`.
fn unencode(s: &[u8], leave_encoded: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%'
            && i + 2 < s.len()
            && let (Some(h), Some(l)) = (hex(s[i + 1]), hex(s[i + 2]))
        {
            let c = h * 16 + l;
            if leave_encoded.contains(&c) {
                out.extend_from_slice(&s[i..i + 3]);
            } else {
                out.push(c);
            }
            i += 3;
            continue;
        }
        out.push(s[i]);
        i += 1;
    }
    out
}

/// `encode_component`: every byte the class does not keep becomes `%XX`; then the
/// percent-encodings of `upcase_encoded` characters are upcased.
fn encode(s: &[u8], class: Class, upcase_encoded: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, &b) in s.iter().enumerate() {
        let keep = if class == Class::Query && b == b'%' {
            // `%(?!2B|2b)`: a percent sign survives only as the start of an encoded `+`.
            s[i + 1..].starts_with(b"2B") || s[i + 1..].starts_with(b"2b")
        } else {
            class.keeps(b)
        };
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    for c in upcase_encoded {
        let lower = format!("%{c:02x}");
        out = out.replace(&lower, &lower.to_uppercase());
    }
    out
}

/// `Addressable::URI.normalize_component`: decode, NFKC-normalize, re-encode. Bytes that
/// are not UTF-8 once decoded skip normalization and are encoded with the default class.
pub(super) fn normalize_component(component: &str, class: Class, leave_encoded: &str) -> String {
    normalize_bytes(component.as_bytes(), class, leave_encoded)
}

/// [`normalize_component`] over bytes that need not be UTF-8.
fn normalize_bytes(component: &[u8], class: Class, leave_encoded: &str) -> String {
    let unencoded = unencode(component, leave_encoded.as_bytes());
    match String::from_utf8(unencoded) {
        Ok(s) => {
            let nfkc: String = s.nfkc().collect();
            encode(nfkc.as_bytes(), class, leave_encoded.as_bytes())
        }
        Err(e) => encode(e.as_bytes(), Class::Default, b""),
    }
}

/// A parsed URI (the components Addressable keeps).
#[derive(Clone, Debug, Default)]
pub(super) struct Uri {
    scheme: Option<String>,
    user: Option<String>,
    password: Option<String>,
    host: Option<String>,
    port: Option<u64>,
    path: String,
    query: Option<String>,
    fragment: Option<String>,
}

const PORT_MAPPING: [(&str, u64); 13] = [
    ("http", 80),
    ("https", 443),
    ("ftp", 21),
    ("tftp", 69),
    ("sftp", 22),
    ("ssh", 22),
    ("svn+ssh", 22),
    ("telnet", 23),
    ("nntp", 119),
    ("gopher", 70),
    ("wais", 210),
    ("ldap", 389),
    ("prospero", 1525),
];

fn default_port(scheme: &str) -> Option<u64> {
    PORT_MAPPING
        .iter()
        .find(|(s, _)| *s == scheme)
        .map(|&(_, p)| p)
}

/// Ruby's `strip`: ASCII whitespace and NUL.
fn strip(s: &str) -> &str {
    s.trim_matches(|c: char| super::is_ruby_space(c) || c == '\0')
}

/// `authority[/^([^\[\]]*)@/, 1]`: everything up to the last `@` before any bracket.
fn split_userinfo(authority: &str) -> (Option<&str>, &str) {
    let limit = authority.find(['[', ']']).unwrap_or(authority.len());
    match authority[..limit].rfind('@') {
        Some(at) => (Some(&authority[..at]), &authority[at + 1..]),
        None => (None, authority),
    }
}

/// `/:([^:@\[\]]*?)$/`: the last `:` whose remainder has no `:`, `@` or brackets.
fn split_port(hostport: &str) -> (&str, Option<&str>) {
    match hostport.rfind(':') {
        Some(c) if !hostport[c + 1..].contains(['@', '[', ']']) => {
            (&hostport[..c], Some(&hostport[c + 1..]))
        }
        _ => (hostport, None),
    }
}

impl Uri {
    /// `Addressable::URI.parse`, with its validation.
    pub(super) fn parse(s: &str) -> Result<Uri> {
        // RFC 3986's regexp: ^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?$
        let mut rest = s;
        let mut scheme = None;
        let run = rest.find([':', '/', '?', '#']).unwrap_or(rest.len());
        if run > 0 && rest[run..].starts_with(':') {
            scheme = Some(&rest[..run]);
            rest = &rest[run + 1..];
        }
        let mut authority = None;
        if let Some(after) = rest.strip_prefix("//") {
            let end = after.find(['/', '?', '#']).unwrap_or(after.len());
            authority = Some(&after[..end]);
            rest = &after[end..];
        }
        let end = rest.find(['?', '#']).unwrap_or(rest.len());
        let path = &rest[..end];
        rest = &rest[end..];
        let mut query = None;
        if let Some(q) = rest.strip_prefix('?') {
            let end = q.find('#').unwrap_or(q.len());
            query = Some(&q[..end]);
            rest = &q[end..];
        }
        // `.` stops at a newline and `$` matches before it: the fragment ends at the line.
        let fragment = rest
            .strip_prefix('#')
            .map(|f| &f[..f.find('\n').unwrap_or(f.len())]);
        let mut uri = Uri::default();
        if let Some(scheme) = scheme {
            uri.set_scheme(scheme)?;
        }
        if let Some(authority) = authority {
            uri.set_authority(authority)?;
        }
        uri.set_path(path);
        uri.query = query.map(str::to_string);
        uri.fragment = fragment.map(str::to_string);
        uri.validate()?;
        uri.to_string()?;
        Ok(uri)
    }

    fn set_scheme(&mut self, scheme: &str) -> Result<()> {
        let b = scheme.as_bytes();
        let valid = b.first().is_some_and(u8::is_ascii_alphabetic)
            && b[1..]
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'+' | b'-'));
        if !valid {
            return Err(invalid(format!("Invalid scheme format: '{scheme}'")));
        }
        self.scheme = Some(scheme.to_string());
        Ok(())
    }

    fn set_authority(&mut self, authority: &str) -> Result<()> {
        let (userinfo, hostport) = split_userinfo(authority);
        if let Some(ui) = userinfo {
            let ui = strip(ui);
            let (user, password) = match ui.find(':') {
                Some(c) => (&ui[..c], Some(&ui[c + 1..])),
                None => (ui, None),
            };
            self.user = Some(user.to_string());
            self.password = password.map(str::to_string);
        }
        // The port is looked for in the whole authority, the host after the userinfo.
        let (_, port) = split_port(authority);
        let (host, _) = split_port(hostport);
        self.host = Some(host.to_string());
        self.port = match port {
            None | Some("") => None,
            Some(p) => {
                let p = String::from_utf8_lossy(&unencode(p.as_bytes(), b"")).into_owned();
                if p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()) {
                    return Err(invalid(format!(
                        "Invalid port number: {}",
                        crate::value::Value::str(&p).inspect()
                    )));
                }
                p.parse::<u64>().ok().filter(|&n| n != 0)
            }
        };
        Ok(())
    }

    fn set_path(&mut self, path: &str) {
        self.path = if !path.is_empty() && !path.starts_with('/') && self.host.is_some() {
            format!("/{path}")
        } else {
            path.to_string()
        };
    }

    fn userinfo(&self) -> Option<String> {
        match (&self.user, &self.password) {
            (Some(u), Some(p)) => Some(format!("{u}:{p}")),
            (Some(u), None) => Some(u.clone()),
            // Addressable builds no userinfo from a password alone.
            (None, _) => None,
        }
    }

    fn authority(&self) -> Option<String> {
        let host = self.host.as_ref()?;
        let mut a = String::new();
        if let Some(ui) = self.userinfo() {
            a.push_str(&ui);
            a.push('@');
        }
        a.push_str(host);
        if let Some(p) = self.port {
            a.push_str(&format!(":{p}"));
        }
        Some(a)
    }

    fn validate(&self) -> Result<()> {
        if let Some(scheme) = &self.scheme {
            let ip_based = default_port(&scheme.trim().to_ascii_lowercase()).is_some();
            if ip_based && self.host.as_deref().is_none_or(str::is_empty) && self.path.is_empty() {
                return Err(invalid(format!(
                    "Absolute URI missing hierarchical segment: '{}:'",
                    scheme
                )));
            }
        }
        if self.host.is_none()
            && (self.port.is_some() || self.user.is_some() || self.password.is_some())
        {
            return Err(invalid("Hostname not supplied".to_string()));
        }
        if self.path.starts_with("//") && self.host.is_none() {
            return Err(invalid(format!(
                "Cannot have a path with two leading slashes without an authority set: '{}'",
                self.path
            )));
        }
        if let Some(host) = &self.host {
            let bad = host
                .chars()
                .any(|c| "<>{}/\\?#@\"".contains(c) || c.is_whitespace());
            let bad_literal = host
                .strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
                .is_some_and(|inner| {
                    !inner
                        .bytes()
                        .all(|b| unreserved(b) || sub_delim(b) || b == b':')
                });
            if bad || bad_literal {
                return Err(invalid(format!("Invalid character in host: '{host}'")));
            }
        }
        Ok(())
    }

    /// `absolute?`: the URI has a scheme.
    pub(super) fn is_absolute(&self) -> bool {
        self.scheme.is_some()
    }

    /// `to_s`, which refuses a relative URI whose path looks like it starts with a scheme.
    pub(super) fn to_string(&self) -> Result<String> {
        if self.scheme.is_none() && ambiguous_path(&self.path) {
            return Err(invalid(format!(
                "Cannot assemble URI string with ambiguous path: '{}'",
                self.path
            )));
        }
        let mut s = String::new();
        if let Some(scheme) = &self.scheme {
            s.push_str(scheme);
            s.push(':');
        }
        if let Some(a) = self.authority() {
            s.push_str("//");
            s.push_str(&a);
        }
        s.push_str(&self.path);
        if let Some(q) = &self.query {
            s.push('?');
            s.push_str(q);
        }
        if let Some(f) = &self.fragment {
            s.push('#');
            s.push_str(f);
        }
        Ok(s)
    }

    /// `normalize`: a new URI from the normalized components.
    pub(super) fn normalize(&self) -> Result<Uri> {
        let scheme = self.scheme.as_ref().map(|s| {
            let s = strip(s);
            if s.eq_ignore_ascii_case("ssh+svn") {
                "svn+ssh".to_string()
            } else {
                normalize_component(&s.to_ascii_lowercase(), Class::Scheme, "")
            }
        });
        let web = scheme.as_deref().is_some_and(|s| s.contains("http"));
        let user = self.user.as_ref().and_then(|u| {
            let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| strip(s).is_empty());
            if web && strip(u).is_empty() && blank(&self.password) {
                None
            } else {
                Some(normalize_component(strip(u), Class::Unreserved, ""))
            }
        });
        let password = self.password.as_ref().and_then(|p| {
            let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| strip(s).is_empty());
            if web && strip(p).is_empty() && blank(&self.user) {
                None
            } else {
                Some(normalize_component(strip(p), Class::Unreserved, ""))
            }
        });
        let host = self.host.as_ref().map(|h| normalized_host(h));
        let port = match (self.port, scheme.as_deref()) {
            (Some(p), Some(s)) if default_port(s) == Some(p) => None,
            (p, _) => p,
        };
        let mut uri = Uri {
            scheme,
            user,
            password,
            host,
            port,
            path: String::new(),
            query: self.query.as_ref().and_then(|q| {
                let q = q
                    .split('&')
                    .map(|pair| normalize_component(pair, Class::Query, "+"))
                    .collect::<Vec<_>>()
                    .join("&");
                (!q.is_empty()).then_some(q)
            }),
            fragment: self.fragment.as_ref().and_then(|f| {
                let f = normalize_component(f, Class::Fragment, "");
                (!f.is_empty()).then_some(f)
            }),
        };
        let path = self.normalized_path(uri.scheme.as_deref());
        // The new URI goes through the setters again, as `self.class.new(...)` does.
        if let Some(a) = uri.authority() {
            uri.user = None;
            uri.password = None;
            uri.set_authority(&a)?;
        }
        uri.set_path(&path);
        uri.validate()?;
        uri.to_string()?;
        Ok(uri)
    }

    fn normalized_path(&self, scheme: Option<&str>) -> String {
        let mut path = self.path.clone();
        if self.scheme.is_none() && ambiguous_path(&path) {
            path = path.replacen(':', "%2F", 1);
        }
        let segments: Vec<String> = strip(&path)
            .split('/')
            .map(|seg| normalize_component(seg, Class::Pchar, ""))
            .collect();
        let mut result = remove_dot_segments(&segments.join("/"));
        if result.is_empty() && matches!(scheme, Some("http" | "https" | "ftp" | "tftp")) {
            result.push('/');
        }
        result
    }
}

/// `NORMPATH = /^(?!\/)[^\/:]*:.*$/`: some line does not start with `/` and has a `:`
/// before any `/`.
fn ambiguous_path(path: &str) -> bool {
    path.split('\n').any(|line| {
        !line.starts_with('/') && line.find(':').is_some_and(|c| !line[..c].contains('/'))
    })
}

/// `normalized_host`: unescaped, lowercased, international names to punycode, a trailing
/// dot dropped, then re-encoded.
fn normalized_host(host: &str) -> String {
    let h = strip(host);
    if h.is_empty() {
        return String::new();
    }
    let lowered = super::ruby_downcase(h);
    let unencoded = unencode(lowered.as_bytes(), b"");
    let mut result = match String::from_utf8(unencoded) {
        Ok(s) => to_ascii(&s).into_bytes(),
        Err(e) => e.into_bytes(),
    };
    if result.len() >= 2 && result[result.len() - 1] == b'.' && result[result.len() - 2] != b'.' {
        result.pop();
    }
    normalize_bytes(&result, Class::Host, "")
}

/// Addressable's pure-Ruby `IDNA.to_ascii`: only names with non-ASCII characters (and no
/// ASCII control characters) change; each non-ASCII label becomes `xn--` + punycode.
fn to_ascii(input: &str) -> String {
    let plain_ascii_ok = |c: char| matches!(c, '\t' | '\n' | '\r' | ' '..='~');
    if input.is_ascii() || !input.chars().all(|c| !c.is_ascii() || plain_ascii_ok(c)) {
        return input.to_string();
    }
    // Addressable's own simple lowercase mapping (one character to one).
    let lowered: String = input
        .chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect();
    super::ruby_split(&lowered, '.')
        .into_iter()
        .map(|label| {
            if label.is_ascii() {
                label.to_string()
            } else {
                let nfkc: String = label.nfkc().collect();
                format!("xn--{}", punycode(&nfkc))
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// RFC 3492 punycode encoding of one label.
fn punycode(label: &str) -> String {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    let adapt = |mut delta: u32, points: u32, first: bool| {
        delta = if first { delta / 700 } else { delta / 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + 38)
    };
    let digit = |d: u32| char::from_u32(if d < 26 { d + 97 } else { d + 22 }).unwrap_or('?');
    let input: Vec<u32> = label.chars().map(|c| c as u32).collect();
    let mut out: String = label.chars().filter(char::is_ascii).collect();
    let basic = out.len() as u32;
    let mut handled = basic;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias) = (128u32, 0u32, 72u32);
    while (handled as usize) < input.len() {
        let m = input.iter().copied().filter(|&c| c >= n).min().unwrap_or(n);
        delta = delta.saturating_add((m - n).saturating_mul(handled + 1));
        n = m;
        for &c in &input {
            if c < n {
                delta = delta.saturating_add(1);
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    out
}

/// Addressable's `normalize_path`: its own dot-segment rules, applied until nothing changes.
fn remove_dot_segments(path: &str) -> String {
    let mut p = path.to_string();
    loop {
        // Rule 2A: `/./` and a final `/.` become `/`.
        if let Some(s) = gsub_rule_2a(&p) {
            p = s;
            continue;
        }
        // Rules 2B/2C: the first `/seg/../` (or final `/seg/..`) found, with every other
        // occurrence of that same text, becomes `/`.
        if let Some((parent, current)) = first_parent_ref(&p) {
            let a = format!("/{parent}/../");
            let b = format!("/{current}/..");
            if let Some(s) = gsub_two(&p, &a, &b) {
                p = s;
                continue;
            }
        }
        // Rule 2D: a leading `.`, `..`, `./` or `../` goes.
        let lead = if p.starts_with("..") {
            2
        } else {
            usize::from(p.starts_with('.'))
        };
        if lead > 0 {
            let lead = lead + usize::from(p[lead..].starts_with('/'));
            p.drain(..lead);
            continue;
        }
        // A leading `/./` or `/../`, or a path of only `/..` and `/.` segments, becomes `/`.
        if p.starts_with("/./") || p.starts_with("/../") {
            let n = if p.starts_with("/./") { 3 } else { 4 };
            p.replace_range(..n, "/");
            continue;
        }
        if only_parent_segments(&p) {
            p = "/".to_string();
            continue;
        }
        return p;
    }
}

/// `gsub!(%r{/\./|/\.$}, "/")`, `None` when nothing matched.
fn gsub_rule_2a(p: &str) -> Option<String> {
    let b = p.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    let mut changed = false;
    let mut last = 0;
    while i < b.len() {
        if b[i..].starts_with(b"/./") {
            out.push_str(&p[last..i]);
            out.push('/');
            i += 3;
            last = i;
            changed = true;
        } else if &b[i..] == b"/." {
            out.push_str(&p[last..i]);
            out.push('/');
            i += 2;
            last = i;
            changed = true;
        } else {
            i += 1;
        }
    }
    out.push_str(&p[last..]);
    changed.then_some(out)
}

/// The first match of `/([^/]*)/\.\./|/([^/]*)/\.\.$`: (parent, current), one of them empty
/// as Ruby's nil `to_s`.
fn first_parent_ref(p: &str) -> Option<(String, String)> {
    let b = p.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c != b'/' {
            continue;
        }
        let seg_end = b[i + 1..]
            .iter()
            .position(|&c| c == b'/')
            .map(|n| i + 1 + n)?;
        let seg = &p[i + 1..seg_end];
        let after = &p[seg_end..];
        if after.starts_with("/../") {
            return Some((seg.to_string(), String::new()));
        }
        if after == "/.." {
            return Some((String::new(), seg.to_string()));
        }
    }
    None
}

/// Replaces every `a`, and `b` where it ends the string, with `/`, scanning left to right.
fn gsub_two(p: &str, a: &str, b: &str) -> Option<String> {
    let mut out = String::new();
    let mut i = 0;
    let mut last = 0;
    let mut changed = false;
    while i < p.len() {
        if p[i..].starts_with(a) {
            out.push_str(&p[last..i]);
            out.push('/');
            i += a.len();
            last = i;
            changed = true;
        } else if &p[i..] == b {
            out.push_str(&p[last..i]);
            out.push('/');
            i = p.len();
            last = i;
            changed = true;
        } else {
            i += p[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push_str(&p[last..]);
    changed.then_some(out)
}

/// `^(\/\.\.?)+\/?$`.
fn only_parent_segments(p: &str) -> bool {
    let mut rest = p;
    let mut any = false;
    loop {
        if let Some(r) = rest.strip_prefix("/..") {
            rest = r;
        } else if let Some(r) = rest.strip_prefix("/.") {
            rest = r;
        } else {
            break;
        }
        any = true;
    }
    any && (rest.is_empty() || rest == "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        Uri::parse(s)
            .unwrap()
            .normalize()
            .unwrap()
            .to_string()
            .unwrap()
    }

    #[test]
    fn normalizes_like_addressable() {
        assert_eq!(
            norm("HTTP://Example.COM:80/a/../b/./c"),
            "http://example.com/b/c"
        );
        assert_eq!(norm("/a b/ü"), "/a%20b/%C3%BC");
        assert_eq!(norm("/x?a=%2b+c#f g"), "/x?a=%2B+c#f%20g");
        assert_eq!(norm("/a/b/.."), "/a/");
        assert_eq!(
            norm("https://bücher.example/x"),
            "https://xn--bcher-kva.example/x"
        );
        assert_eq!(norm("/x?"), "/x");
    }

    #[test]
    fn punycode_matches_rfc_3492() {
        assert_eq!(punycode("bücher"), "bcher-kva");
        assert_eq!(punycode("例え"), "r8jz45g");
    }

    #[test]
    fn rejects_bad_schemes() {
        assert!(Uri::parse("my file: x").is_err());
        assert!(Uri::parse("http:").is_err());
    }
}
