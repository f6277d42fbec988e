//! Sass as hyde compiles a site's stylesheets: the site's converter (hyde's own evaluator,
//! an indented page converted to SCSS first as libsass does, and where it gives up grass, then
//! hyde's libsass-style re-layout and source maps) on an SCSS (or indented Sass) page in an empty
//! site. The first byte chooses the output style, the syntax and whether the page gets a
//! source map; the rest is the stylesheet. Any input gives CSS or a Sass error.

#![no_main]

use hyde::sass::{Sass, SassPage, Syntax};
use hyde::value::Value;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

/// One converter per output style (libsass's four, then dart-sass's through
/// `implementation: sass-embedded`), and `line_comments` on the first.
static CONVERTERS: LazyLock<Vec<Sass>> = LazyLock::new(|| {
    hyde_fuzz::tolerate_grass_panics();
    let base = hyde_fuzz::empty_site_config();
    let mut out: Vec<Sass> = ["nested", "expanded", "compact", "compressed"]
        .iter()
        .map(|style| {
            let mut settings = vec![("style", Value::str(style))];
            if *style == "nested" {
                settings.push(("line_comments", Value::Bool(true)));
            }
            Sass::new(&hyde_fuzz::with_setting(&base, "sass", &settings))
        })
        .collect();
    out.push(Sass::new(&hyde_fuzz::with_setting(
        &base,
        "sass",
        &[("implementation", Value::str("sass-embedded"))],
    )));
    out
});

/// Whether mixins or functions of `src` may call themselves (directly or through others):
/// grass has no recursion limit (libsass stops at 500 mixin calls), so endless recursion
/// overflows the stack and aborts; that is a known limitation (docs/fuzzing.md), not fuzzed.
/// Conservative: a definition "calls" every defined name that appears in its body, names
/// compared as Sass compares them (`-` and `_` alike).
fn may_recurse(src: &str, indented: bool) -> bool {
    let norm = |w: &str| w.replace('_', "-");
    let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    // (name, body) of each definition.
    let mut defs: Vec<(String, &str)> = Vec::new();
    // Lines with their ends, so offsets add up exactly.
    let lines: Vec<&str> = src.split_inclusive('\n').collect();
    let mut offset = 0;
    for (n, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let header = trimmed
            .strip_prefix("@mixin")
            .or_else(|| trimmed.strip_prefix("@function"))
            .or_else(|| indented.then(|| trimmed.strip_prefix('=')).flatten());
        // Definitions may also follow other text on the line (`a { @mixin m {...} }`).
        let headers: Vec<usize> = if indented {
            header
                .map(|_| vec![offset + line.len() - trimmed.len()])
                .unwrap_or_default()
        } else {
            line.match_indices("@mixin")
                .chain(line.match_indices("@function"))
                .map(|(i, _)| offset + i)
                .collect()
        };
        for at in headers {
            let rest = &src[at..];
            let rest = rest
                .strip_prefix("@mixin")
                .or_else(|| rest.strip_prefix("@function"))
                .or_else(|| rest.strip_prefix('='))
                .unwrap_or(rest)
                .trim_start();
            let name: String = rest.chars().take_while(|&c| word(c)).collect();
            let body = if indented {
                let indent = line.len() - trimmed.len();
                let end = lines[n + 1..]
                    .iter()
                    .position(|l| !l.trim().is_empty() && l.len() - l.trim_start().len() <= indent)
                    .map_or(lines.len(), |k| n + 1 + k);
                let start = offset + line.len();
                let stop = lines[..end].iter().map(|l| l.len()).sum::<usize>();
                src.get(start..stop.max(start)).unwrap_or("")
            } else {
                match rest.find('{') {
                    Some(open) => {
                        let mut depth = 0usize;
                        let mut close = rest.len();
                        for (k, c) in rest[open..].char_indices() {
                            match c {
                                '{' => depth += 1,
                                '}' => {
                                    depth -= 1;
                                    if depth == 0 {
                                        close = open + k;
                                        break;
                                    }
                                }
                                _ => {}
                            }
                        }
                        &rest[open..close]
                    }
                    None => "",
                }
            };
            defs.push((norm(&name), body));
        }
        offset += line.len();
    }
    if defs.is_empty() {
        return false;
    }
    let names: Vec<&String> = defs.iter().map(|(n, _)| n).collect();
    let calls: Vec<Vec<usize>> = defs
        .iter()
        .map(|(_, body)| {
            let words: Vec<String> = body.split(|c: char| !word(c)).map(norm).collect();
            (0..names.len())
                .filter(|&j| words.iter().any(|w| w == names[j]))
                .collect()
        })
        .collect();
    // A cycle in the call graph (depth-first search with colours).
    fn cyclic(v: usize, calls: &[Vec<usize>], state: &mut [u8]) -> bool {
        state[v] = 1;
        for &w in &calls[v] {
            if state[w] == 1 || (state[w] == 0 && cyclic(w, calls, state)) {
                return true;
            }
        }
        state[v] = 2;
        false
    }
    let mut state = vec![0u8; defs.len()];
    (0..defs.len()).any(|v| state[v] == 0 && cyclic(v, &calls, &mut state))
}

/// Whether `src` may loop for long by design, in grass as in dart-sass and libsass: any
/// `@while` (`@while true {}` never ends), nested `@for`s, or a `@for` beside a number of four
/// digits or more (or with an exponent). Not fuzzed: their time is the stylesheet's, not hyde's.
fn may_loop_long(src: &str) -> bool {
    if src.contains("@while") {
        return true;
    }
    let fors = src.matches("@for").count();
    if fors == 0 {
        return false;
    }
    let big_number = src
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .any(|w| {
            let digits = w.chars().take_while(|c| c.is_ascii_digit()).count();
            digits >= 4 || (digits > 0 && w[digits..].starts_with(['e', 'E']))
        });
    fors > 1 || big_number
}

fuzz_target!(|data: &[u8]| {
    let Some((flags, src)) = hyde_fuzz::flags_and_text(data) else {
        return;
    };
    if may_recurse(src, flags & 0x80 != 0) || may_loop_long(src) {
        return;
    }
    let sass = &CONVERTERS[(flags & 0x0f) as usize % CONVERTERS.len()];
    let syntax = if flags & 0x80 != 0 {
        Syntax::Sass
    } else {
        Syntax::Scss
    };
    let page = (flags & 0x40 != 0).then_some(SassPage {
        name: "main.scss",
        basename: "main",
    });
    let _ = sass.compile(src, syntax, page);
});
