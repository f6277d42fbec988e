//! jekyll-mentions 1.6.0: `@name` in the HTML of pages and documents becomes a link to the
//! user's GitHub profile (or `jekyll-mentions: base_url` / `jekyll-mentions: URL`, from the
//! site or the page). Text inside `pre`, `code`, `a`, `style` and `script` is left alone.
//!
//! Like the gem (through html-pipeline and Nokogiri), a page whose body mentions anyone is
//! parsed and written back, with Nokogiri's way of writing HTML; see [`super::html_pipeline`].

use super::html_pipeline;
use super::{RenderedItem, settings};
use crate::config::Config;
use crate::value::Value;

/// Elements whose text is never linked.
const IGNORE_PARENTS: &[&str] = &["pre", "code", "a", "style", "script"];

/// Logins html-pipeline links to its "info" page instead, which the gem doesn't set.
const MENTION_LOGINS: &[&str] = &["mention", "mentions", "mentioned", "mentioning"];

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// html-pipeline's `MentionPatterns[/[\w][\w-]*/]` over `text`: for each match, its start
/// (the `@`, or the character before it) and the login's range.
fn mentions(text: &str) -> Vec<(usize, usize, usize)> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut p = 0;
    let end_of_line = |i: usize| i >= b.len() || b[i] == b'\n';
    while p < b.len() {
        // `(?:^|\W)@`
        let at = if b[p] == b'@' && (p == 0 || b[p - 1] == b'\n') {
            Some(p)
        } else if !is_word(b[p]) {
            let len = text[p..].chars().next().map_or(1, char::len_utf8);
            (b.get(p + len) == Some(&b'@')).then_some(p + len)
        } else {
            None
        };
        let matched = at.and_then(|at| {
            let login_start = at + 1;
            if !b.get(login_start).copied().is_some_and(is_word) {
                return None;
            }
            let mut q = login_start + 1;
            while q < b.len() && (is_word(b[q]) || b[q] == b'-') {
                q += 1;
            }
            if b.get(q) == Some(&b'/') {
                return None;
            }
            let dots = b[q..].iter().take_while(|&&c| c == b'.').count();
            let ok = if dots > 0 {
                // `\.+[ \t\W]` or `\.+$`: a second dot is itself a non-word character.
                dots > 1 || end_of_line(q + 1) || !is_word(b[q + 1])
            } else {
                // `[^0-9a-zA-Z_.]` or `$`
                true
            };
            ok.then_some((p, login_start, q))
        });
        match matched {
            Some(m) => {
                found.push(m);
                p = m.2;
            }
            None => p += text[p..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// The link base: `jekyll-mentions` as a string, or its `base_url`, else GitHub (or the
/// enterprise host from `SSL` and `GITHUB_HOSTNAME`).
fn base_url(setting: &Value) -> String {
    let default = || {
        let ssl = std::env::var("SSL").unwrap_or_default();
        let host = std::env::var("GITHUB_HOSTNAME").unwrap_or_default();
        if !ssl.is_empty() && !host.is_empty() {
            let scheme = if ssl == "true" { "https://" } else { "http://" };
            format!("{scheme}{}", host.strip_suffix('/').unwrap_or(&host))
        } else {
            "https://github.com".to_string()
        }
    };
    match setting {
        Value::Nil => default(),
        Value::Hash(h) => match h.get("base_url") {
            Some(v) => v.to_ruby_s(),
            None => default(),
        },
        v => v.to_ruby_s(),
    }
}

/// Links the mentions in one text node's HTML; `None` when nothing changes.
fn link_mentions(html: &str, base: &str) -> Option<String> {
    let found = mentions(html);
    let mut out = String::new();
    let mut last = 0;
    let mut changed = false;
    for (_, login_start, login_end) in found {
        let login = &html[login_start..login_end];
        if MENTION_LOGINS.contains(&login.to_ascii_lowercase().as_str()) {
            continue;
        }
        let mut url = base.to_string();
        if !url.ends_with(['/', '~']) {
            url.push('/');
        }
        out.push_str(&html[last..login_start - 1]);
        out.push_str(&format!(
            "<a href='{url}{login}' class='user-mention'>@{login}</a>"
        ));
        last = login_end;
        changed = true;
    }
    if !changed {
        return None;
    }
    out.push_str(&html[last..]);
    Some(out)
}

/// The `:post_render` hook.
pub fn post_render(item: &RenderedItem, config: &Config) -> Option<String> {
    let html_output = item.output_ext == ".html"
        || item
            .data
            .get("permalink")
            .is_some_and(|p| p.to_ruby_s().ends_with('/'));
    if !(item.is_page || item.write)
        || !html_output
        || matches!(item.data.get("jekyll-mentions"), Some(Value::Bool(false)))
    {
        return None;
    }
    let output = item.output;
    if !output.contains('@') {
        return None;
    }
    let setting = match item.data.get("jekyll-mentions") {
        Some(v) => v.clone(),
        None => settings(config, "jekyll-mentions"),
    };
    let base = base_url(&setting);
    let mut filter = |text: &str| {
        let mut html = String::new();
        html_pipeline::escape_text(text, &mut html);
        link_mentions(&html, &base)
    };
    match html_pipeline::split_body(output) {
        Some((head, body, rest)) => {
            if mentions(body).is_empty() {
                return None;
            }
            let body = html_pipeline::run(body, IGNORE_PARENTS, &mut filter);
            Some(format!("{head}{body}{rest}"))
        }
        None => {
            if mentions(output).is_empty() {
                return None;
            }
            Some(html_pipeline::run(output, IGNORE_PARENTS, &mut filter))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logins(s: &str) -> Vec<&str> {
        mentions(s).into_iter().map(|(_, a, b)| &s[a..b]).collect()
    }

    #[test]
    fn finds_mentions_as_html_pipeline_does() {
        assert_eq!(logins("@bob and @alice-x."), ["bob", "alice-x"]);
        assert_eq!(logins("mail a@b.com, path @x/y"), Vec::<&str>::new());
        assert_eq!(logins("@bob.. (@carol)"), ["bob", "carol"]);
        assert_eq!(logins("@bob.x @_u"), ["_u"]);
        assert_eq!(logins("é@bob\n@eve"), ["bob", "eve"]);
    }

    #[test]
    fn links_keep_the_character_before() {
        assert_eq!(
            link_mentions("hi @bob!", "https://github.com").as_deref(),
            Some("hi <a href='https://github.com/bob' class='user-mention'>@bob</a>!")
        );
        assert_eq!(link_mentions("@mention", "https://github.com"), None);
    }
}
