//! The site's Gemfile, read the way it matters to Jekyll: before building, Jekyll runs
//! `Bundler.require(:jekyll_plugins)`, which loads every gem of the `jekyll_plugins` group
//! (whatever `plugins:` and safe mode say), and a Gemfile naming `github-pages` means the
//! site is built as GitHub Pages builds it.
//!
//! This is not a Ruby interpreter: it understands `gem` lines, `group ... do`/`end` and
//! `platforms ... do` blocks, `group:`/`groups:`/`require:` options and `if`/`unless`
//! modifiers naming Windows, which is what Gemfiles of Jekyll sites are made of.

use std::path::{Path, PathBuf};

/// One `gem` declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GemEntry {
    /// The gem's name.
    pub name: String,
    /// Its groups (from enclosing `group` blocks and `group:` options); empty is `:default`.
    pub groups: Vec<String>,
    /// False for `require: false`: Bundler installs it but does not load it.
    pub require: bool,
}

/// The gems a Gemfile declares for this platform, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gemfile {
    /// Declarations, first to last.
    pub gems: Vec<GemEntry>,
}

/// Where Jekyll would find the Gemfile: `BUNDLE_GEMFILE`, else `Gemfile` in the working
/// directory (Jekyll's `gemfile_exists?`); none when `JEKYLL_NO_BUNDLER_REQUIRE` is set,
/// because then Jekyll skips Bundler altogether.
pub fn locate(cwd: &Path) -> Option<PathBuf> {
    if std::env::var_os("JEKYLL_NO_BUNDLER_REQUIRE").is_some() {
        return None;
    }
    let path = match std::env::var_os("BUNDLE_GEMFILE").filter(|v| !v.is_empty()) {
        Some(p) => cwd.join(p),
        None => cwd.join("Gemfile"),
    };
    path.is_file().then_some(path)
}

/// Platforms that are never this machine: their gems are skipped, as Bundler skips them.
const FOREIGN_PLATFORMS: &[&str] = &["mingw", "x64_mingw", "mswin", "mswin64", "windows", "jruby"];

#[derive(Debug)]
enum Block {
    Group(Vec<String>),
    /// A block whose gems don't apply here (Windows platforms, Windows-only `if`).
    Skipped,
    Other,
}

impl Gemfile {
    /// Reads the Gemfile at `path`; an unreadable file is an empty Gemfile.
    pub fn read(path: &Path) -> Gemfile {
        std::fs::read_to_string(path)
            .map(|t| Gemfile::parse(&t))
            .unwrap_or_default()
    }

    /// Parses Gemfile text.
    pub fn parse(text: &str) -> Gemfile {
        let mut gems = Vec::new();
        let mut stack: Vec<Block> = Vec::new();
        for line in logical_lines(text) {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let (word, rest) = split_word(line);
            match word {
                "end" => {
                    stack.pop();
                }
                "group" | "platforms" | "platform" | "install_if" | "source" | "git" | "path"
                | "github"
                    if opens_block(line) =>
                {
                    // The arguments are what comes before the block's `do`.
                    let args = rest.rfind("do").map_or(rest, |i| &rest[..i]);
                    let names = symbols(args);
                    stack.push(match word {
                        "group" => Block::Group(names),
                        "platforms" | "platform"
                            if names
                                .iter()
                                .all(|n| FOREIGN_PLATFORMS.contains(&n.as_str())) =>
                        {
                            Block::Skipped
                        }
                        _ => Block::Other,
                    });
                }
                "if" | "unless" | "case" | "begin" | "while" | "until" => {
                    stack.push(if foreign_condition(rest) {
                        Block::Skipped
                    } else {
                        Block::Other
                    });
                }
                "gem" => {
                    if stack.iter().any(|b| matches!(b, Block::Skipped)) {
                        continue;
                    }
                    if let Some(entry) = parse_gem(rest, &stack) {
                        gems.push(entry);
                    }
                }
                _ if opens_block(line) => stack.push(Block::Other),
                _ => {}
            }
        }
        Gemfile { gems }
    }

    /// The gems `Bundler.require(:jekyll_plugins)` loads, in order.
    pub fn jekyll_plugins(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for g in &self.gems {
            if g.require && g.groups.iter().any(|x| x == "jekyll_plugins") && !out.contains(&g.name)
            {
                out.push(g.name.clone());
            }
        }
        out
    }

    /// Whether the Gemfile declares `name` at all (any group).
    pub fn declares(&self, name: &str) -> bool {
        self.gems.iter().any(|g| g.name == name)
    }
}

/// Lines with comments removed and continuations (a trailing `,` or `\`) joined.
fn logical_lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut pending = String::new();
    for raw in text.lines() {
        let line = strip_comment(raw);
        let t = line.trim_end();
        pending.push_str(t.trim_end_matches('\\'));
        pending.push(' ');
        if t.ends_with(',') || t.ends_with('\\') {
            continue;
        }
        out.push(std::mem::take(&mut pending));
    }
    if !pending.trim().is_empty() {
        out.push(pending);
    }
    out
}

/// The line without a `#` comment (a `#` inside a string literal is kept).
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return &line[..i],
            None => {}
        }
    }
    line
}

fn split_word(line: &str) -> (&str, &str) {
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(line.len());
    (&line[..end], &line[end..])
}

/// A line ending in `do` or `do |args|` opens a block that an `end` closes.
fn opens_block(line: &str) -> bool {
    let t = line.trim_end();
    let t = match t.strip_suffix('|') {
        Some(x) => x.rfind('|').map_or(t, |i| x[..i].trim_end()),
        None => t,
    };
    t == "do" || t.ends_with(" do") || t.ends_with(")do") || t.ends_with(") do")
}

/// `if`/`unless` conditions that only hold on Windows (`Gem.win_platform?`, `RUBY_PLATFORM
/// =~ /mingw/`): their gems don't apply on this machine.
fn foreign_condition(cond: &str) -> bool {
    let c = cond.to_ascii_lowercase();
    let windows = ["win_platform", "mingw", "mswin", "windows", "cygwin"]
        .iter()
        .any(|w| c.contains(w));
    windows && !c.contains('!') && !c.trim_start().starts_with("not")
}

/// The symbols and strings in `args` (`:jekyll_plugins, :test`, `[:a, "b"]`).
fn symbols(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = args.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            ':' => {
                let rest = &args[i + 1..];
                let (w, _) = split_word(rest);
                if !w.is_empty() {
                    out.push(w.to_string());
                }
            }
            '"' | '\'' => {
                let rest = &args[i + 1..];
                if let Some(end) = rest.find(c) {
                    out.push(rest[..end].to_string());
                    for _ in 0..=rest[..end].chars().count() {
                        chars.next();
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// `gem "name", "~> 1.0", group: :x, require: false if cond`.
fn parse_gem(rest: &str, stack: &[Block]) -> Option<GemEntry> {
    let rest = rest.trim().trim_start_matches('(').trim();
    let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = &rest[1..];
    let end = body.find(q)?;
    let name = body[..end].to_string();
    let mut options = &body[end + 1..];
    for modifier in [" if ", " unless "] {
        if let Some(i) = options.find(modifier) {
            if modifier == " if " && foreign_condition(&options[i + modifier.len()..]) {
                return None;
            }
            options = &options[..i];
        }
    }
    let mut groups: Vec<String> = stack
        .iter()
        .filter_map(|b| match b {
            Block::Group(g) => Some(g.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    let mut require = true;
    for (key, value) in options_of(options) {
        match key.as_str() {
            "group" | "groups" => groups.extend(symbols(&value)),
            "require" => require = value.trim() != "false",
            "platforms" | "platform" => {
                let names = symbols(&value);
                if !names.is_empty()
                    && names
                        .iter()
                        .all(|n| FOREIGN_PLATFORMS.contains(&n.as_str()))
                {
                    return None;
                }
            }
            _ => {}
        }
    }
    Some(GemEntry {
        name,
        groups,
        require,
    })
}

/// `key: value` and `:key => value` pairs of a `gem` call's options, values as text up to
/// the next top-level comma.
fn options_of(text: &str) -> Vec<(String, String)> {
    let mut parts: Vec<String> = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut cur = String::new();
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '[' | '(' | '{' => depth += 1,
                ']' | ')' | '}' => depth -= 1,
                ',' if depth <= 0 => {
                    parts.push(std::mem::take(&mut cur));
                    continue;
                }
                _ => {}
            },
        }
        cur.push(c);
    }
    parts.push(cur);
    parts
        .into_iter()
        .filter_map(|p| {
            let p = p.trim();
            if let Some(rest) = p.strip_prefix(':')
                && let Some((k, v)) = rest.split_once("=>")
            {
                return Some((k.trim().to_string(), v.trim().to_string()));
            }
            let (k, v) = p.split_once(':')?;
            let k = k.trim();
            (!k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .then(|| (k.to_string(), v.trim().to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_blocks_and_options() {
        let g = Gemfile::parse(
            r#"
source "https://rubygems.org"
gem "jekyll", "~> 4.3" # the engine
group :jekyll_plugins do
  gem "jekyll-feed", "~> 0.12"
  gem 'jekyll-paginate'
  gem "jekyll-nope", require: false
end
gem "jekyll-sitemap", group: :jekyll_plugins
gem "jekyll-seo-tag", :group => [:jekyll_plugins, :test]
gem "github-pages", group: :jekyll_plugins
platforms :mingw, :x64_mingw, :mswin, :jruby do
  gem "tzinfo-data"
end
gem "wdm", "~> 0.1", :platforms => [:mingw, :x64_mingw, :mswin]
gem "webrick", "~> 1.7"
gem "jekyll-avatar", group: :jekyll_plugins if Gem.win_platform?
"#,
        );
        assert_eq!(
            g.jekyll_plugins(),
            [
                "jekyll-feed",
                "jekyll-paginate",
                "jekyll-sitemap",
                "jekyll-seo-tag",
                "github-pages"
            ]
        );
        assert!(g.declares("webrick"));
        assert!(!g.declares("tzinfo-data"));
        assert!(!g.declares("wdm"));
        assert!(!g.declares("jekyll-avatar"));
    }

    #[test]
    fn github_pages_outside_the_group_is_declared_but_not_required() {
        let g = Gemfile::parse(
            "source 'https://rubygems.org'\ngem 'github-pages'\ngroup :jekyll_plugins do\n  gem 'jekyll-gist'\nend\n",
        );
        assert!(g.declares("github-pages"));
        assert_eq!(g.jekyll_plugins(), ["jekyll-gist"]);
    }

    #[test]
    fn multi_line_gem_calls_and_nested_blocks() {
        let g = Gemfile::parse(
            "group :jekyll_plugins, :development do\n  if ENV['X']\n    gem 'jekyll-a'\n  end\n  gem 'jekyll-b',\n    '1.0'\nend\ngem 'jekyll-c'\n",
        );
        assert_eq!(g.jekyll_plugins(), ["jekyll-a", "jekyll-b"]);
        assert!(g.declares("jekyll-c"));
    }
}
