//! The indented syntax (`.sass`) turned into SCSS as libsass 3.6.5 turns it before parsing:
//! its `sass2scss` converter (version 1.1.1) with the options libsass passes
//! (`SASS2SCSS_PRETTIFY_1 | SASS2SCSS_KEEP_COMMENT`). libsass's source map positions refer
//! to this text, and Jekyll's `.css.map` lists it in `sourcesContent`, so it has to match
//! byte for byte — quirks included.
//!
//! The converter works a line at a time: a deeper indented line after a line with content
//! opens a block (` {`), a shallower one closes blocks (` }` each) and ends the previous
//! statement with `;` (or ` {}` for a selector nothing was nested under). `//` comments at
//! the end of a line are held back with the line break and written after the next line's
//! closers, so the `;` lands before them. It works on bytes, as libsass does.

/// libsass's whitespace (`SASS2SCSS_FIND_WHITESPACE`).
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// The comment a line continues.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Comment {
    None,
    /// `//`: continuation lines get `//` written over their indentation.
    Src,
    /// `/*`: closed with ` */` when the indentation drops.
    Css,
}

struct Converter {
    /// The last line's code ended with `,`: the next line continues a list.
    comma: bool,
    /// The last line with content may open a block.
    property: bool,
    /// The last line looked like a selector (no `: `), so gets ` {}` if nothing nests.
    selector: bool,
    /// The last line's code ended with `;` already.
    semicolon: bool,
    comment: Comment,
    end_of_file: bool,
    /// Line breaks and trailing comments waiting for the next line's closers.
    whitespace: Vec<u8>,
    /// The indentation of each open block; the first is the file's (empty).
    indents: Vec<Vec<u8>>,
}

/// `sass` (the indented syntax) as SCSS, as libsass converts it.
pub fn convert(sass: &str) -> String {
    // libsass reads a C string: a NUL ends the text.
    let text = sass.as_bytes();
    let text = &text[..text.iter().position(|&b| b == 0).unwrap_or(text.len())];
    let mut c = Converter {
        comma: false,
        property: false,
        selector: false,
        semicolon: false,
        comment: Comment::None,
        end_of_file: false,
        whitespace: Vec::new(),
        indents: vec![Vec::new()],
    };
    let mut scss = Vec::new();
    for line in lines(text) {
        c.process(line.to_vec(), &mut scss);
    }
    c.end_of_file = true;
    c.process(Vec::new(), &mut scss);
    // Only a `//` written over the first byte of a multi-byte character (a comment's
    // continuation line indented by one) makes this invalid.
    match String::from_utf8(scss) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// The lines as libsass reads them: ended by `\n`, `\r\n` or `\r`; a last line without a
/// break counts unless empty.
fn lines(text: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'\n' => {
                out.push(&text[start..i]);
                i += 1;
                start = i;
            }
            b'\r' => {
                out.push(&text[start..i]);
                i += if text.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The byte at `i`, or NUL past the end (as C++'s `string[size()]` reads).
fn at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

fn first_non_ws(s: &[u8], from: usize) -> Option<usize> {
    s.get(from..)?
        .iter()
        .position(|&b| !is_ws(b))
        .map(|p| p + from)
}

fn first_ws(s: &[u8], from: usize) -> Option<usize> {
    s.get(from..)?
        .iter()
        .position(|&b| is_ws(b))
        .map(|p| p + from)
}

/// The last non-whitespace byte at or before `upto`.
fn last_non_ws(s: &[u8], upto: usize) -> Option<usize> {
    let end = upto.saturating_add(1).min(s.len());
    s[..end].iter().rposition(|&b| !is_ws(b))
}

fn find(s: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    s.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn concat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

impl Converter {
    fn indent(&self) -> &[u8] {
        self.indents.last().map_or(&[][..], Vec::as_slice)
    }

    fn process(&mut self, mut sass: Vec<u8>, scss: &mut Vec<u8>) {
        let trimmed = sass.iter().rposition(|&b| !is_ws(b)).map_or(0, |p| p + 1);
        sass.truncate(trimmed);
        // The final call (empty) still closes what is open.
        let pos_left = if self.end_of_file {
            Some(0)
        } else {
            first_non_ws(&sass, 0)
        };
        let Some(pos_left) = pos_left else {
            self.whitespace.extend_from_slice(&sass);
            self.whitespace.push(b'\n');
            return;
        };
        let indent = sass[..pos_left].to_vec();
        let open = sass[pos_left..(pos_left + 2).min(sass.len())].to_vec();

        // Same or less indentation: the previous statement ends.
        if indent.len() <= self.indent().len() {
            match self.comment {
                Comment::Css => scss.extend_from_slice(b" */"),
                Comment::Src => {}
                Comment::None => {
                    if self.property && !self.comma {
                        if self.selector {
                            scss.extend_from_slice(b" {}");
                        } else if !self.semicolon {
                            scss.push(b';');
                        }
                    }
                }
            }
            self.comment = Comment::None;
        }
        while indent.len() < self.indent().len() {
            self.indents.pop();
            scss.extend_from_slice(if self.comment == Comment::None {
                b" }"
            } else {
                b" */"
            });
            self.comment = Comment::None;
        }

        self.selector = false;
        // A leading backslash escapes a selector that would read as something else.
        if at(&sass, pos_left) == b'\\' {
            self.selector = true;
            sass[pos_left] = b' ';
        }
        let rest = &sass[pos_left..];
        if rest.first() == Some(&b':') && !rest.starts_with(b"::") {
            sass = self.old_property(sass, &indent, pos_left);
        } else if [
            &b"@warn"[..],
            b"@debug",
            b"@error",
            b"@value",
            b"@charset",
            b"@namespace",
        ]
        .iter()
        .any(|d| rest.starts_with(d))
        {
            // Statements kept as they are, and never taken for selectors.
        } else if rest.first() == Some(&b'=') {
            sass = concat(&[&indent, b"@mixin ", &sass[pos_left + 1..]]);
        } else if rest.first() == Some(&b'+') {
            if !matches!(at(&sass, pos_left + 1), 0 | b' ' | b'\t') {
                sass = concat(&[&indent, b"@include ", &sass[pos_left + 1..]]);
            }
        } else if rest.starts_with(b"@import") {
            quote_imports(&mut sass, pos_left);
        } else if ![&b"@return"[..], b"@extend", b"@include", b"@content"]
            .iter()
            .any(|d| rest.starts_with(d))
        {
            // A selector unless a colon is followed by a space (a property).
            self.selector = true;
            if let Some(colon) = sass[pos_left..].iter().position(|&b| b == b':')
                && matches!(at(&sass, pos_left + colon + 1), b' ' | b'\t')
            {
                self.selector = false;
            }
        }

        let deeper_or_same = indent.len() >= self.indent().len();
        let deeper = indent.len() > self.indent().len();
        if deeper_or_same && self.comment == Comment::None && has_char_data(&sass) {
            self.property = true;
        }
        if deeper {
            if self.comment == Comment::None {
                if self.property {
                    scss.extend_from_slice(b" {");
                    self.indents.push(indent.clone());
                }
            } else if self.comment == Comment::Src {
                // SCSS has no multi-line `//` comments: each continuation line becomes
                // one, written over the indentation (or its first character).
                let at_indent = self.indent().len();
                for i in [at_indent, at_indent + 1] {
                    if let Some(b) = sass.get_mut(i) {
                        *b = b'/';
                    }
                }
            }
        }

        if open == b"/*" || open == b"//" {
            self.property = false;
            if self.comment == Comment::Css {
                scss.extend_from_slice(b" */");
            }
            self.comment = if open == b"/*" {
                Comment::Css
            } else {
                Comment::Src
            };
        }

        let code = self.flush(sass, scss);
        if let Some(right) = code.iter().rposition(|&b| !is_ws(b)) {
            let parsing = self.comment == Comment::None;
            self.comma = parsing && code[right] == b',';
            self.semicolon = parsing && code[right] == b';';
            if right > 0 && &code[right - 1..=right] == b"*/" {
                self.comment = Comment::None;
            }
        }
    }

    /// A line starting with one `:`: the old property syntax `:name value` (made
    /// `name: value`), else a selector (a pseudo-class). Returns the line.
    fn old_property(&mut self, mut sass: Vec<u8>, indent: &[u8], pos_left: usize) -> Vec<u8> {
        self.selector = true;
        if let Some(pos_wspace) = first_ws(&sass, pos_left) {
            let pseudo = &sass[pos_left..pos_wspace];
            if let Some(pos_value) = first_non_ws(&sass, pos_wspace)
                && !(sass[pos_value] == b':' || is_pseudo_selector(pseudo))
            {
                sass = concat(&[
                    indent,
                    &sass[pos_left + 1..pos_wspace],
                    b":",
                    &sass[pos_wspace..],
                ]);
                if let Some(name) = sass[pos_left..].iter().position(|&b| b != b':') {
                    let from = pos_left + name;
                    self.selector = !sass[from..].contains(&b':');
                }
            }
        }
        // libsass's "BEM property": a lone `:word` becomes `word:`. (libsass takes as many
        // bytes as the first space's offset, which may run past the space.)
        if at(&sass, pos_left) == b':' && self.selector {
            let count = first_ws(&sass, pos_left).unwrap_or(usize::MAX);
            let from = pos_left + 1;
            let to = from.saturating_add(count).min(sass.len());
            sass = concat(&[indent, &sass[from..to], b":"]);
        }
        sass
    }

    /// Writes the waiting whitespace and the line's code; a `//` comment (with the spaces
    /// before it) and the line break wait for the next line. Returns the code.
    fn flush(&mut self, mut sass: Vec<u8>, scss: &mut Vec<u8>) -> Vec<u8> {
        scss.append(&mut self.whitespace);
        let Some(right) = sass.iter().rposition(|&b| b != b'\n' && b != b'\r') else {
            return sass;
        };
        let breaks = sass.split_off(right + 1);
        if let Some(mut comment_pos) = find_comment_opener(&sass) {
            if comment_pos > 0 {
                comment_pos = last_non_ws(&sass, comment_pos - 1).map_or(0, |p| p + 1);
            }
            let comment = sass.split_off(comment_pos);
            self.whitespace.extend_from_slice(&comment);
        }
        self.whitespace.extend_from_slice(&breaks);
        self.whitespace.push(b'\n');
        scss.extend_from_slice(&sass);
        sass
    }
}

/// Quotes the unquoted URLs of an `@import` line (`@import a, b` → `@import "a", "b"`);
/// `url(...)` and quoted ones stay. libsass fails on a line it cannot split (no space after
/// `@import`, a trailing comma); such a line is left as it is.
fn quote_imports(sass: &mut Vec<u8>, pos_left: usize) {
    let Some(mut pos) = first_ws(sass, pos_left + 7).and_then(|p| first_non_ws(sass, p)) else {
        return;
    };
    let mut start = Some(pos);
    let (mut in_dq, mut in_sq, mut escaped) = (false, false, false);
    loop {
        let b = at(sass, pos);
        if escaped {
            escaped = false;
        } else if b == b'\\' {
            escaped = true;
        } else if b == b'"' {
            in_dq ^= !in_sq;
        } else if b == b'\'' {
            in_sq ^= !in_dq;
        } else if in_dq || in_sq {
        } else if b == b',' || b == 0 {
            let Some(s) = start else { return };
            if !matches!(at(sass, s), b'"' | b'\'') && !sass[s..].starts_with(b"url(") {
                let end = pos
                    .checked_sub(1)
                    .and_then(|p| last_non_ws(sass, p))
                    .map_or(0, |p| p + 1);
                sass.insert(end, b'"');
                sass.insert(s, b'"');
                pos += 2;
            }
            start = first_non_ws(sass, pos + 1);
        }
        // The byte now at `pos` (after any quotes went in) decides whether to go on.
        let more = at(sass, pos) != 0;
        pos += 1;
        if !more {
            return;
        }
    }
}

/// Where a `//` comment starts, outside strings, brackets and `/* */` comments.
fn find_comment_opener(s: &[u8]) -> Option<usize> {
    let (mut apoed, mut quoted, mut comment) = (false, false, false);
    // Unsigned in libsass: a stray `)` wraps it round.
    let mut brackets = 0usize;
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'(' if !quoted && !apoed => brackets = brackets.wrapping_add(1),
            b')' if !quoted && !apoed => brackets = brackets.wrapping_sub(1),
            b'"' if !apoed && !comment => quoted = !quoted,
            b'\'' if !quoted && !comment => apoed = !apoed,
            b'/' if i > 0 => {
                if s[i - 1] == b'*' {
                    comment = false;
                } else if s[i - 1] == b'/' && !quoted && !apoed && !comment && brackets == 0 {
                    return Some(i - 1);
                }
            }
            b'\\' if quoted || apoed => i += 1,
            b'*' if i > 0 && s[i - 1] == b'/' && !quoted && !apoed => comment = true,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether the line has anything but whitespace and `/* */` comments.
fn has_char_data(s: &[u8]) -> bool {
    let mut pos = 0;
    loop {
        let Some(p) = first_non_ws(s, pos) else {
            return false;
        };
        if !s[p..].starts_with(b"/*") {
            return true;
        }
        // Searched from the opener itself, so `/*/` counts as closed.
        match find(s, b"*/", p) {
            Some(close) => pos = close + 2,
            None => return false,
        }
    }
}

/// The pseudo-classes sass2scss knows, which keep a line starting with `:` a selector.
fn is_pseudo_selector(sel: &[u8]) -> bool {
    const PSEUDO: &[&str] = &[
        ":link",
        ":visited",
        ":active",
        ":lang",
        ":first-child",
        ":hover",
        ":focus",
        ":first",
        ":target",
        ":root",
        ":nth-child",
        ":nth-last-of-child",
        ":nth-of-type",
        ":nth-last-of-type",
        ":last-child",
        ":first-of-type",
        ":last-of-type",
        ":only-child",
        ":only-of-type",
        ":empty",
        ":not",
        ":default",
        ":valid",
        ":invalid",
        ":in-range",
        ":out-of-range",
        ":required",
        ":optional",
        ":read-only",
        ":read-write",
        ":dir",
        ":enabled",
        ":disabled",
        ":checked",
        ":indeterminate",
        ":nth-last-child",
        ":any-link",
        ":local-link",
        ":scope",
        ":active-drop-target",
        ":valid-drop-target",
        ":invalid-drop-target",
        ":current",
        ":past",
        ":future",
        ":placeholder-shown",
        ":user-error",
        ":blank",
        ":nth-match",
        ":nth-last-match",
        ":nth-column",
        ":nth-last-column",
        ":matches",
        ":fullscreen",
    ];
    if sel.is_empty() {
        return false;
    }
    // The name: the first byte (whatever it is), then letters and `-`.
    let len = sel[1..]
        .iter()
        .position(|&b| !(b.is_ascii_alphabetic() || b == b'-'))
        .map_or(sel.len(), |p| p + 1);
    let name = sel[..len].to_ascii_lowercase();
    PSEUDO.iter().any(|p| p.as_bytes() == name.as_slice())
}

#[cfg(test)]
mod tests {
    use super::convert;
    use std::path::Path;

    /// Each fixture of tests/fixtures/sass/indented (and each `.sass` partial a page
    /// imports) converted as libsass converted it for Jekyll (tests/goldens/sass2scss.json,
    /// from gen_sass2scss.rb).
    #[test]
    fn converts_as_libsass() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = root.join("tests/fixtures/sass/indented");
        let golden = std::fs::read_to_string(root.join("tests/goldens/sass2scss.json")).unwrap();
        let golden: serde_json::Value = serde_json::from_str(&golden).unwrap();
        let pages = golden.as_object().unwrap();
        let mut fixtures: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "sass"))
            .collect();
        fixtures.sort();
        assert_eq!(fixtures.len(), pages.len(), "every fixture has its golden");
        let mut checked = 0;
        let mut failures = Vec::new();
        for (page, golden) in pages {
            for (source, want) in golden["sources"].as_object().unwrap() {
                if !source.ends_with(".sass") {
                    continue;
                }
                let text = std::fs::read_to_string(dir.join(source)).unwrap();
                let got = convert(&text);
                let want = want.as_str().unwrap();
                if got != want {
                    failures.push(format!(
                        "{page}: {source}\n--- hyde\n{got}\n--- libsass\n{want}"
                    ));
                }
                checked += 1;
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert!(checked > pages.len());
    }

    /// Whatever the input, `convert` ends without panicking.
    #[test]
    fn odd_input() {
        let inputs = [
            "",
            " ",
            "\n\n\n",
            " \t \n\t\n",
            "\r\r\n\r",
            "a\n\tb: c\n        d: e\n  \tf\n",
            "/* never closed\n  still\n    going",
            "// silent\n x\n  y\n",
            "/*/\n  a\n",
            "a\n b\n  c\n   d\n    e\n     f\n      g\n       h\n        i\n",
            "é\n  ü: ñ\n // ç\n  ☃\n 日本\n",
            "a\n  //\n   é\n",
            "a\n //x\n  é\n",
            "@import",
            "@import a,",
            "@import a,,b",
            "@import 'a\\",
            "@import \"a, b\", url(c), d",
            "+",
            "=",
            ":",
            ": x",
            ":a",
            "::",
            "\\",
            "\\\n  a: b",
            "a: (b)) // c",
            "a: \"b // c",
            "x\0y\n  z: 1",
            "\u{feff}a\n  b: c",
        ];
        for input in inputs {
            let _ = convert(input);
        }
        assert_eq!(convert(""), "");
        assert_eq!(convert("x\0y\n  z: 1"), convert("x"));
        // A `//` written over a one-byte indentation's first character.
        assert_eq!(convert("a\n //x\n  é\n"), "a {\n //x\n } //\u{fffd}\n");
    }
}

#[cfg(test)]
mod evaluated {
    use crate::sass::Style;
    use crate::sass::scss::expand::Compiler;
    use std::path::Path;

    /// Fixtures whose mappings the evaluator does not give as libsass does yet (their
    /// SCSS neither): `supports` (`@supports` has no positions in the emitter).
    /// A listed fixture that passes fails the test, to be taken off the list.
    const MAPPINGS_DIFFER: &[&str] = &["supports"];

    /// The fixtures compiled by hyde's evaluator (expanded style, as the goldens were
    /// made) give libsass's CSS and mappings. (A stylesheet the evaluator fails on would
    /// go to grass in a build, without libsass's positions.)
    #[test]
    fn fixtures_compile_as_libsass() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = root.join("tests/fixtures/sass/indented");
        let golden = std::fs::read_to_string(root.join("tests/goldens/sass2scss.json")).unwrap();
        let golden: serde_json::Value = serde_json::from_str(&golden).unwrap();
        let mut failures = Vec::new();
        for (page, want) in golden.as_object().unwrap() {
            let path = dir.join(format!("{page}.sass"));
            let text = super::convert(&std::fs::read_to_string(&path).unwrap());
            let mut c = Compiler::new(Style::Expanded, vec![dir.join("_sass")]).with_positions();
            let nodes = match c.compile(&text, &path) {
                Ok(nodes) => nodes,
                Err(e) => {
                    failures.push(format!("{page}: the evaluator fails: {e}"));
                    continue;
                }
            };
            let cx = crate::sass::emit::Context {
                style: Style::Expanded,
                origins: &c.origins,
                line_comments: None,
            };
            let (css, mappings) = crate::sass::emit::emit(&nodes, &cx);
            // Jekyll drops libsass's byte order mark.
            let css = css.trim_start_matches('\u{feff}');
            let mappings = crate::sass::map::serialize(&mappings);
            if css != want["css"].as_str().unwrap() {
                failures.push(format!(
                    "{page}: css\n--- hyde\n{css}\n--- libsass\n{}",
                    want["css"]
                ));
            } else if (mappings == want["mappings"].as_str().unwrap())
                == MAPPINGS_DIFFER.contains(&page.as_str())
            {
                failures.push(format!(
                    "{page}: mappings\n--- hyde\n{mappings}\n--- libsass\n{}",
                    want["mappings"]
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
