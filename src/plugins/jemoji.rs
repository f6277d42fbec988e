//! jemoji 0.13.0: `:shortcode:` in the HTML of pages and documents becomes GitHub's emoji
//! image, `<img class="emoji" title=":x:" alt=":x:" src="…/emoji/unicode/HEX.png"
//! height="20" width="20">`. The shortcodes are gemoji 4.1's (the `emojis` crate carries that
//! table); images come from `emoji: src:` in the configuration, else `ASSET_HOST_URL` +
//! `/images/icons/`, else GitHub's asset host.
//!
//! As in the gem (html-pipeline's `EmojiFilter` over Nokogiri), text inside `pre`, `code` and
//! `tt` is left alone, the text of `<script>` and `<style>` is not, a page with an emoji is
//! written back the way Nokogiri writes HTML (see [`super::html_pipeline`]), and the text
//! around an emoji is reparsed as markup, so `&lt;b&gt;` next to an emoji becomes a `<b>`.

use super::html_pipeline;
use super::{RenderedItem, settings};
use crate::config::Config;
use crate::value::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Elements whose text keeps its shortcodes.
const IGNORED: &[&str] = &["pre", "code", "tt"];

/// Shortcode → image file (`unicode/1f604.png`), as gemoji names the files: the code points
/// in hex, joined by `-`, without variation selectors and zero-width joiners after the first.
fn images() -> &'static HashMap<&'static str, String> {
    static IMAGES: OnceLock<HashMap<&'static str, String>> = OnceLock::new();
    IMAGES.get_or_init(|| {
        let mut map = HashMap::new();
        for e in emojis::iter() {
            let hex: Vec<String> = e
                .as_str()
                .chars()
                .enumerate()
                .filter(|&(i, c)| i == 0 || !matches!(c as u32, 0xfe0f | 0x200d))
                .map(|(_, c)| format!("{:04x}", c as u32))
                .collect();
            let file = format!("unicode/{}.png", hex.join("-"));
            for code in e.shortcodes() {
                map.insert(code, file.clone());
            }
        }
        map
    })
}

/// The first `:name:` at or after `from` whose name is a shortcode: (start, end, name).
fn next_emoji(text: &str, mut from: usize) -> Option<(usize, usize, &str)> {
    let images = images();
    while let Some(i) = text[from..].find(':') {
        let start = from + i;
        let rest = &text[start + 1..];
        if let Some(j) = rest.find(':') {
            let name = &rest[..j];
            if images.contains_key(name) {
                return Some((start, start + j + 2, name));
            }
        }
        from = start + 1;
    }
    None
}

/// Ruby's `File.join(root, path)`: one slash between them.
fn join(root: &str, path: &str) -> String {
    if root.ends_with('/') {
        format!("{root}{path}")
    } else {
        format!("{root}/{path}")
    }
}

/// Replaces the shortcodes of one text; `None` when it has none.
fn emojify(text: &str, root: &str) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    while let Some((start, end, name)) = next_emoji(text, last) {
        out.push_str(&text[last..start]);
        let src = join(root, &format!("emoji/{}", images()[name]));
        out.push_str(&format!(
            "<img class=\"emoji\" title=\":{name}:\" alt=\":{name}:\" src=\"{src}\" height=\"20\" width=\"20\">"
        ));
        last = end;
    }
    if last == 0 {
        return None;
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// Where the images are: `emoji: src:`, `ASSET_HOST_URL`, or GitHub.
fn asset_root(config: &Config) -> String {
    if let Value::Hash(h) = settings(config, "emoji")
        && let Some(src) = h.get("src")
    {
        return src.to_ruby_s();
    }
    match std::env::var("ASSET_HOST_URL") {
        Ok(host) if !host.is_empty() => {
            format!("{}/images/icons/", host.strip_suffix('/').unwrap_or(&host))
        }
        _ => "https://github.githubassets.com/images/icons/".into(),
    }
}

/// The `:post_render` hook.
pub fn post_render(item: &RenderedItem, config: &Config) -> Option<String> {
    // `(page || write?) && html || permalink ends in /`, with Ruby's precedence.
    let emojiable = ((item.is_page || item.write) && item.output_ext == ".html")
        || item
            .data
            .get("permalink")
            .is_some_and(|p| p.to_ruby_s().ends_with('/'));
    if !emojiable || next_emoji(item.output, 0).is_none() {
        return None;
    }
    let root = asset_root(config);
    let mut filter = |text: &str| {
        if text.contains(':') {
            emojify(text, &root)
        } else {
            None
        }
    };
    Some(match html_pipeline::split_body(item.output) {
        Some((head, body, rest)) => {
            let body = html_pipeline::run(body, IGNORED, &mut filter);
            format!("{head}{body}{rest}")
        }
        None => html_pipeline::run(item.output, IGNORED, &mut filter),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_names_follow_gemoji() {
        let img = |n: &str| images().get(n).cloned();
        assert_eq!(img("smile").as_deref(), Some("unicode/1f604.png"));
        assert_eq!(img("+1").as_deref(), Some("unicode/1f44d.png"));
        assert_eq!(img("hash").as_deref(), Some("unicode/0023-20e3.png"));
        assert_eq!(
            img("family_man_woman_boy").as_deref(),
            Some("unicode/1f468-1f469-1f466.png")
        );
        assert_eq!(img("copyright").as_deref(), Some("unicode/00a9.png"));
    }

    #[test]
    fn finds_shortcodes_between_colons() {
        let found = |t: &str| next_emoji(t, 0).map(|(_, _, n)| n.to_string());
        assert_eq!(found(":foo:smile:").as_deref(), Some("smile"));
        assert_eq!(found("10:30 and 11:45"), None);
        assert_eq!(found("a :not_an_emoji: b"), None);
    }
}
