//! jekyll-avatar 0.8.0: `{% avatar user [size=N] [lazy=true] %}` (or `user=variable`) prints
//! an `<img>` of a GitHub avatar with a `srcset` for 1x–4x. The markup is itself Liquid, so
//! `{% avatar {{ page.author }} %}` works. Nothing is fetched: the URLs are computed.
//!
//! The avatar server (`avatars0`–`avatars3`) is the CRC-32 of the 1x path modulo 4, as the
//! gem picks it; `PAGES_AVATARS_URL` replaces the host.

use crate::config::Config;
use crate::liquid::error::Result;
use crate::liquid::parser::{Parser, Tag};
use crate::liquid::{Context, Engine, Template};
use crate::value::Value;

/// Registers `{% avatar %}`.
pub fn register(engine: &mut Engine, _config: &Config) {
    engine.register_tag("avatar", parse_avatar);
}

#[derive(Debug)]
struct Avatar {
    /// The markup as Liquid, rendered for the user name and `lazy=true`.
    markup: Template,
    /// `size=N` from the markup as written (the gem reads it before rendering).
    size: String,
    /// `user=variable` from the markup as written.
    user_variable: Option<String>,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `\b<key>=(<value chars>+)\b` in `text`, case-insensitive on the key when asked.
fn option(text: &str, key: &str, value_char: fn(u8) -> bool, ignore_case: bool) -> Option<String> {
    let b = text.as_bytes();
    let pat = format!("{key}=");
    for start in 0..b.len() {
        if start > 0 && is_word(b[start - 1]) {
            continue;
        }
        let Some(head) = text.get(start..start + pat.len()) else {
            break;
        };
        let matched = if ignore_case {
            head.eq_ignore_ascii_case(&pat)
        } else {
            head == pat
        };
        if !matched {
            continue;
        }
        let from = start + pat.len();
        let mut end = from + b[from..].iter().take_while(|&&c| value_char(c)).count();
        // The closing `\b`: back off until a word character meets a non-word one.
        while end > from {
            let last_word = is_word(b[end - 1]);
            let next_word = b.get(end).is_some_and(|&c| is_word(c));
            if last_word != next_word {
                break;
            }
            end -= 1;
        }
        if end > from {
            return Some(text[from..end].to_string());
        }
    }
    None
}

fn parse_avatar(_name: &str, markup: &str, p: &mut Parser) -> Result<Box<dyn Tag>> {
    let text = markup.trim();
    Ok(Box::new(Avatar {
        markup: p.engine().parse(text, "")?,
        size: option(text, "size", |c| c.is_ascii_digit(), true).unwrap_or_else(|| "40".into()),
        user_variable: option(text, "user", |c| is_word(c) || c == b'.', false),
    }))
}

/// Zlib's CRC-32.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

impl Avatar {
    fn username(&self, ctx: &mut Context, text: &str) -> String {
        if let Some(var) = &self.user_variable {
            let mut parts = var.split('.');
            let mut value = ctx.get(parts.next().unwrap_or_default());
            for key in parts {
                value = value.get(key).unwrap_or_default();
            }
            return match value {
                Value::Nil | Value::Bool(false) => var.clone(),
                v => v.to_ruby_s(),
            };
        }
        let first = if text.contains(' ') {
            text.split_ascii_whitespace().next().unwrap_or_default()
        } else {
            text
        };
        first.strip_prefix('@').unwrap_or(first).to_string()
    }
}

/// The avatar URL for `user` at `size` times `scale`.
fn url(user: &str, size: &str, scale: u64) -> String {
    let size_n: u64 = size.parse().unwrap_or(0);
    let path = |scale: u64| {
        let s = if scale == 1 {
            size.to_string()
        } else {
            (size_n * scale).to_string()
        };
        format!("{user}?v=3&s={s}")
    };
    match std::env::var("PAGES_AVATARS_URL") {
        Ok(host) if !host.is_empty() => {
            // Addressable's join of a relative path onto the host's path made to end in `/`.
            let (base, _) = host.split_once(['?', '#']).unwrap_or((&host, ""));
            let base = match base.find("://") {
                Some(i) if !base[i + 3..].contains('/') => format!("{base}/"),
                _ if base.ends_with('/') => base.to_string(),
                _ => format!("{base}/"),
            };
            format!("{base}{}", path(scale))
        }
        _ => format!(
            "https://avatars{}.githubusercontent.com/{}",
            crc32(path(1).as_bytes()) % 4,
            path(scale)
        ),
    }
}

impl Tag for Avatar {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        let text = self.markup.render_into_string(ctx)?;
        let user = self.username(ctx, &text);
        let size = &self.size;
        let class = if size.parse::<i64>().unwrap_or(0) < 48 {
            "avatar avatar-small"
        } else {
            "avatar"
        };
        let src = url(&user, size, 1);
        let srcset = (1..=4)
            .map(|s| format!("{} {s}x", url(&user, size, s)))
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&format!(
            "<img class=\"{class}\" alt=\"{user}\" width=\"{size}\" height=\"{size}\" data-proofer-ignore=\"true\" "
        ));
        if text.contains("lazy=true") {
            out.push_str(&format!(
                "src=\"\" data-src=\"{src}\" data-srcset=\"{srcset}\" />"
            ));
        } else {
            out.push_str(&format!("src=\"{src}\" srcset=\"{srcset}\" />"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_is_zlibs() {
        assert_eq!(crc32(b"hubot?v=3&s=40"), crc32(b"hubot?v=3&s=40"));
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn options_need_word_boundaries() {
        let digits = |c: u8| c.is_ascii_digit();
        assert_eq!(option("x size=50", "size", digits, true), Some("50".into()));
        assert_eq!(option("x SIZE=7", "size", digits, true), Some("7".into()));
        assert_eq!(option("fontsize=5", "size", digits, true), None);
        let var = |c: u8| is_word(c) || c == b'.';
        assert_eq!(
            option("user=page.author. size=3", "user", var, false),
            Some("page.author".into())
        );
    }
}
