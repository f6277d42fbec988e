//! Declaration values in libsass's compressed style. grass's compressed values are close,
//! but libsass keeps more as written: a number's leading zero where the number is a literal
//! written with it (`0 0 0.5em`, `0.25em solid $c`; through a variable it drops it: `.5em`),
//! and a hex colour's case where it cannot be shortened (`#1769FF`; `#FFFFFF` → `#fff`).
//! Measured with Jekyll 4.3.1 (sassc 2.4 / libsass 3.6.5); a computed number whose left
//! operand was written with a zero (`0.75 * $n` → `0.375em`) keeps it in libsass and loses it
//! here, which tracking values through grass would take.

/// `packed` (grass's compressed value) with zeros and colour case put back from
/// `expanded` (grass's expanded value of the same declaration) where `source` (the value
/// as written) shows libsass keeps them.
pub fn libsass_value(
    packed: &str,
    expanded: &str,
    source: Option<&str>,
    in_lists: &std::collections::HashSet<String>,
) -> String {
    let written: Vec<&str> = source.map(tokens).unwrap_or_default();
    let wide: Vec<&str> = tokens(expanded);
    let wide_numbers: Vec<&str> = wide.iter().copied().filter(|t| is_number(t)).collect();
    let wide_colors: Vec<&str> = wide.iter().copied().filter(|t| is_hex6(t)).collect();
    let mut n = 0;
    let mut c = 0;
    let numbers_align =
        tokens(packed).iter().filter(|t| is_number(t)).count() == wide_numbers.len();
    let colors_align = tokens(packed).iter().filter(|t| is_hex6(t)).count() == wide_colors.len();
    // Variables that each give one value (`$size !important`, `$a $b`) give numbers without
    // their zero, whatever is written elsewhere; more values than the source has tokens
    // means a list came through a variable, and a list keeps its literals' zeros.
    // A value with no variable in it is literals and arithmetic on them: only its own
    // literals keep their zeros (`(3em / 4)` → `.75em`).
    let has_variable = source.is_some_and(|s| s.contains('$'));
    let lone_variable = has_variable && wide.len() <= written.len();
    // grass spells `transparent` out when compressing; libsass keeps the keyword.
    let respelled;
    let packed = if wide.contains(&"transparent") && packed.contains("rgba(0,0,0,0)") {
        respelled = packed.replace("rgba(0,0,0,0)", "transparent");
        respelled.as_str()
    } else {
        packed
    };
    let mut out = String::with_capacity(packed.len() + 8);
    for (text, is_token) in pieces(packed) {
        if !is_token {
            out.push_str(text);
            continue;
        }
        if is_number(text) {
            let wide = wide_numbers.get(n).copied();
            n += 1;
            match wide {
                Some(w)
                    if numbers_align
                        && dropped_zero(text, w)
                        && (written.contains(&w)
                            || written.contains(&text)
                            || (has_variable && !lone_variable && in_lists.contains(w))) =>
                {
                    out.push_str(w)
                }
                _ => out.push_str(text),
            }
        } else if is_hex6(text) {
            let wide = wide_colors.get(c).copied();
            c += 1;
            match wide {
                Some(w) if colors_align && w.eq_ignore_ascii_case(text) => out.push_str(w),
                _ => out.push_str(text),
            }
        } else {
            out.push_str(text);
        }
    }
    out
}

/// Whether `packed` is `wide` without its leading zero (`.5em` for `0.5em`).
fn dropped_zero(packed: &str, wide: &str) -> bool {
    let (sign, p) = packed.strip_prefix('-').map_or(("", packed), |r| ("-", r));
    p.starts_with('.') && wide == format!("{sign}0{p}")
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'#' | b'%' | b'_')
}

/// `s` cut into runs of token bytes (`true`) and the rest (`false`); quoted strings are
/// kept whole as non-tokens.
fn pieces(s: &str) -> Vec<(&str, bool)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        if matches!(b[i], b'"' | b'\'') {
            let q = b[i];
            i += 1;
            while i < b.len() && b[i] != q {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(b.len());
            out.push((&s[start..i], false));
            continue;
        }
        let token = is_token_byte(b[i]);
        while i < b.len() && is_token_byte(b[i]) == token && !matches!(b[i], b'"' | b'\'') {
            i += 1;
        }
        out.push((&s[start..i], token));
    }
    out
}

fn tokens(s: &str) -> Vec<&str> {
    pieces(s)
        .into_iter()
        .filter(|(_, t)| *t)
        .map(|(t, _)| t)
        .collect()
}

/// A number with an optional unit: `-0.5em`, `.25`, `12px`, `50%`.
fn is_number(t: &str) -> bool {
    let t = t.strip_prefix('-').unwrap_or(t);
    let digits = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    digits.len() < t.len()
        && t.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().all(|c| c.is_ascii_alphabetic() || c == '%')
}

fn is_hex6(t: &str) -> bool {
    t.len() == 7 && t.starts_with('#') && t[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::libsass_value;

    // Expectations from Jekyll 4.3.1's compressed output for these declarations.
    #[test]
    fn zeros_and_colours_as_libsass_keeps_them() {
        let cases = [
            // (grass compressed, grass expanded, as written, libsass)
            (
                "0 0 .5em rgba(0,0,0,.25)",
                "0 0 0.5em rgba(0, 0, 0, 0.25)",
                "0 0 0.5em rgba(0,0,0,0.25)",
                "0 0 0.5em rgba(0,0,0,0.25)",
            ),
            (
                ".25em solid red",
                "0.25em solid red",
                "0.25em solid $x",
                "0.25em solid red",
            ),
            (".5em .5em", "0.5em 0.5em", "$n $n", ".5em .5em"),
            ("-.5em", "-0.5em", "-$n", "-.5em"),
            ("#1769ff", "#1769FF", "$c", "#1769FF"),
            (
                "1px solid #1769ff",
                "1px solid #1769FF",
                "1px solid $c",
                "1px solid #1769FF",
            ),
            ("#fff", "#FFFFFF", "$w", "#fff"),
            (
                "\"Helvetica Neue\",Arial",
                "\"Helvetica Neue\", Arial",
                "$f",
                "\"Helvetica Neue\",Arial",
            ),
            (
                ".75em !important",
                "0.75em !important",
                "$size !important",
                ".75em !important",
            ),
            (
                "all .2s ease",
                "all 0.2s ease",
                "$transition",
                "all 0.2s ease",
            ),
            (
                "#f2f3f3 rgba(0,0,0,0)",
                "#f2f3f3 transparent",
                "$c transparent",
                "#f2f3f3 transparent",
            ),
            (".75em", "0.75em", "(3em / 4)", ".75em"),
            (
                "solid .08em #eee",
                "solid 0.08em #eee",
                "solid .08em $c",
                "solid 0.08em #eee",
            ),
            (
                "calc(100% - .5em)",
                "calc(100% - 0.5em)",
                "calc(100% - #{$n})",
                "calc(100% - .5em)",
            ),
        ];
        for (packed, expanded, source, want) in cases {
            let seen: std::collections::HashSet<String> = ["0.2s".to_string()].into();
            assert_eq!(
                libsass_value(packed, expanded, Some(source), &seen),
                want,
                "{source}"
            );
        }
    }
}

/// Numbers written with a leading zero anywhere in `sources` except as the whole value of
/// a variable (`$n: 0.5em;`): libsass keeps the zero of such a literal wherever it ends up
/// (a mixin's argument list, a list variable), and drops it for a lone number variable.
pub fn zero_literals(sources: &[String]) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for src in sources {
        for line in src.lines() {
            let line = line.split(" //").next().unwrap_or(line);
            let t = line.trim();
            let lone_variable = t.starts_with('$')
                && t.split_once(':').is_some_and(|(_, v)| {
                    let v = v.trim().trim_end_matches(';').trim();
                    let v = v.strip_suffix("!default").unwrap_or(v).trim();
                    tokens(v).len() == 1
                });
            if lone_variable {
                continue;
            }
            for tok in tokens(line) {
                let body = tok.strip_prefix('-').unwrap_or(tok);
                if body.starts_with("0.") && is_number(tok) {
                    out.insert(tok.to_string());
                }
            }
        }
    }
    out
}

/// The text of `src` between two of its positions.
pub fn span_text(src: &str, from: super::mark::Pos, to: super::mark::Pos) -> Option<String> {
    let offset = |p: super::mark::Pos| -> Option<usize> {
        let (line, col) = (p.line, p.col);
        let mut at = 0;
        for _ in 0..line {
            at += src[at..].find('\n')? + 1;
        }
        let rest = &src[at..];
        Some(at + rest.char_indices().nth(col).map_or(rest.len(), |(i, _)| i))
    };
    let (a, b) = (offset(from)?, offset(to)?);
    src.get(a..b).map(str::to_string)
}

#[cfg(test)]
mod literal_tests {
    // From Jekyll 4.3.1: `$n: 0.5em; a: $n` → `.5em`, but `transition: all 0.2s` passed
    // through a mixin's arguments → `0.2s`.
    #[test]
    fn lone_variables_do_not_count() {
        let src = "$n: 0.5em;\n$m: 0.3em !default; // note\n$s  : 0.75em;   // ~12px\n@include t(all 0.2s ease);\n$l: 0.1em 0.25em;".to_string();
        let found = super::zero_literals(&[src]);
        let mut found: Vec<_> = found.into_iter().collect();
        found.sort();
        assert_eq!(found, ["0.1em", "0.25em", "0.2s"]);
    }
}

/// libsass keeps a CSS escape as written (`content: "\\f26e"`, Font Awesome's icons, through
/// variables and `unquote`); grass writes the character itself. Each non-ASCII character of a
/// declaration value that the sources wrote as an escape gets that escape back.
pub fn restore_escapes(nodes: &mut [super::css::Node], sources: &[String]) {
    let mut escapes = std::collections::HashMap::new();
    for src in sources {
        let b = src.as_bytes();
        let mut i = 0;
        // Inside a quoted string libsass reads the escape (Font Awesome 4's `"\f000"`
        // prints the character); comments are skipped so their apostrophes don't count.
        let mut quote = None;
        while i < b.len() {
            match (quote, b[i]) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), b'\\') => i += 1,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(b[i]),
                (None, b'/') if b.get(i + 1) == Some(&b'/') => {
                    i = src[i..].find('\n').map_or(b.len(), |n| i + n);
                }
                (None, b'/') if b.get(i + 1) == Some(&b'*') => {
                    i = src[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 1);
                }
                (None, b'\\') => {
                    let hex = b[i + 1..]
                        .iter()
                        .take(6)
                        .take_while(|c| c.is_ascii_hexdigit())
                        .count();
                    let text = &src[i..i + 1 + hex];
                    if let Some(c) = u32::from_str_radix(&text[1..], 16)
                        .ok()
                        .and_then(char::from_u32)
                        && !c.is_ascii()
                    {
                        escapes.entry(c).or_insert_with(|| text.to_string());
                    }
                    i += hex;
                }
                _ => {}
            }
            i += 1;
        }
    }
    if !escapes.is_empty() {
        put_escapes(nodes, &escapes);
    }
}

fn put_escapes(nodes: &mut [super::css::Node], escapes: &std::collections::HashMap<char, String>) {
    super::css::walk_mut(nodes, &mut |node| {
        if let super::css::Node::Decl { value, .. } = node
            && !value.is_ascii()
        {
            let mut out = String::with_capacity(value.len() + 8);
            for c in value.chars() {
                match escapes.get(&c) {
                    Some(e) => out.push_str(e),
                    None => out.push(c),
                }
            }
            *value = out;
        }
    });
}

#[cfg(test)]
mod escape_tests {
    use crate::sass::css::Node;

    #[test]
    fn escapes_come_back() {
        let mut nodes = vec![Node::Rule {
            selector: ".fa-500px:before".into(),
            children: vec![Node::Decl {
                prop: "content".into(),
                value: "\"\u{f26e}\" é".into(),
                origin: None,
            }],
            origin: None,
        }];
        super::restore_escapes(
            &mut nodes,
            &["// don't\n$fa-var-500px: \\f26e;\n$fa-var-glass: \"\\e9\";".to_string()],
        );
        let Node::Rule { children, .. } = &nodes[0] else {
            unreachable!()
        };
        assert_eq!(
            children[0],
            Node::Decl {
                prop: "content".into(),
                value: "\"\\f26e\" é".into(),
                origin: None,
            }
        );
    }
}
