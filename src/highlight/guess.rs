//! Rouge's `Lexer.guess` for the language name `guess` (```` ```guess ````, `{% highlight
//! guess %}`), as `find_fancy(name, code)` runs it: the modeline guesser, then each lexer's
//! `detect?` over the code. One lexer left is the answer; none is plain text; several is
//! Rouge's `Ambiguous` error, which fails a Jekyll build — hyde answers plain text there.
//! Not reproduced: the `mimetype` option's guesser; Emacs modelines are read in their
//! common forms only.

use super::names::NAMES;
use super::scan::{is_space, is_uword, is_word, line_len, span};

/// The lexers Rouge's guess leaves for `code`, in Rouge's order: none means plain text,
/// several are ambiguous.
pub(crate) fn guesses(code: &str) -> Vec<&'static str> {
    let modeline = modeline_tags(code);
    if modeline.len() == 1 {
        return modeline;
    }
    let text = Text::new(code);
    let detected: Vec<&'static str> = DETECTORS
        .iter()
        .filter(|(tag, detect)| (modeline.is_empty() || modeline.contains(tag)) && detect(&text))
        .map(|(tag, _)| *tag)
        .collect();
    // A guesser that finds nothing keeps what the previous one left (the modeline's lexers,
    // or all of them, which is no guess at all).
    if detected.is_empty() {
        modeline
    } else {
        detected
    }
}

/// The code as Rouge's `TextAnalyzer` sees it.
struct Text<'a> {
    code: &'a str,
    /// What follows `#!` on the first non-blank line, if it starts with one.
    shebang: Option<&'a str>,
}

impl<'a> Text<'a> {
    fn new(code: &'a str) -> Text<'a> {
        let start = span(code, is_space);
        let shebang = code[start..]
            .strip_prefix("#!")
            .map(|rest| &rest[..line_len(rest)]);
        Text { code, shebang }
    }

    /// `shebang?(name)`: `\bname(\s|$)` in the shebang line, `names` being the forms the
    /// pattern allows.
    fn shebang(&self, names: &[&str]) -> bool {
        let Some(line) = self.shebang else {
            return false;
        };
        line.char_indices().any(|(i, _)| {
            let boundary = !line[..i].chars().next_back().is_some_and(is_uword);
            boundary
                && names.iter().any(|n| {
                    line[i..].starts_with(n) && {
                        let after = &line[i + n.len()..];
                        after.is_empty() || after.starts_with(is_space)
                    }
                })
        })
    }

    /// The doctype's contents: `\A\s*(?:<\?.*?\?>\s*)?<!DOCTYPE\s+(.+?)>`, across lines.
    fn doctype(&self) -> Option<&'a str> {
        let code = self.code;
        let start = span(code, is_space);
        let at = |i: usize| -> Option<&'a str> {
            let rest = code[i..].strip_prefix("<!DOCTYPE")?;
            let ws = span(rest, is_space);
            if ws == 0 {
                return None;
            }
            let body = &rest[ws..];
            let first = body.chars().next()?.len_utf8();
            body[first..].find('>').map(|e| &body[..first + e])
        };
        if let Some(d) = at(start) {
            return Some(d);
        }
        if !code[start..].starts_with("<?") {
            return None;
        }
        // The lazy `.*?` tries each `?>` in turn.
        let mut from = start + 2;
        while let Some(i) = code[from..].find("?>") {
            let after = from + i + 2;
            if let Some(d) = at(after + span(&code[after..], is_space)) {
                return Some(d);
            }
            from = from + i + 1;
        }
        None
    }

    fn contains(&self, s: &str) -> bool {
        self.code.contains(s)
    }

    /// `^\s*(words)\s+`: a word, then a space, first on a line after spaces (which may
    /// span lines): the first non-space character after a line start.
    fn line_starting(&self, words: &[&str]) -> bool {
        let code = self.code;
        let mut line_start = true;
        for (i, ch) in code.char_indices() {
            if is_space(ch) {
                line_start |= ch == '\n';
                continue;
            }
            if line_start {
                let s = &code[i..];
                if words
                    .iter()
                    .any(|w| s.starts_with(w) && s[w.len()..].starts_with(is_space))
                {
                    return true;
                }
            }
            line_start = false;
        }
        false
    }
}

/// `<\s*word\b`.
fn tag_open(code: &str, word: &str) -> bool {
    code.match_indices('<').any(|(i, _)| {
        let rest = &code[i + 1..];
        let s = &rest[span(rest, is_space)..];
        s.starts_with(word) && !s[word.len()..].starts_with(is_uword)
    })
}

/// Python's shebang names: `pythonw?(?:[23](?:\.\d+)?)?`.
fn python_shebang(t: &Text<'_>) -> bool {
    let Some(line) = t.shebang else {
        return false;
    };
    line.match_indices("python").any(|(i, _)| {
        if line[..i].chars().next_back().is_some_and(is_uword) {
            return false;
        }
        let ends = |s: &str| s.is_empty() || s.starts_with(is_space);
        // Every combination of the optional parts, so backtracking order does not matter.
        let rest = &line[i + 6..];
        let mut forms = vec![rest];
        if let Some(r) = rest.strip_prefix('w') {
            forms.push(r);
        }
        for f in forms.clone() {
            if let Some(v) = f.strip_prefix(['2', '3']) {
                forms.push(v);
                if let Some(d) = v.strip_prefix('.') {
                    let n = span(d, |c| c.is_ascii_digit());
                    if n > 0 {
                        forms.push(&d[n..]);
                    }
                }
            }
        }
        forms.into_iter().any(ends)
    })
}

type Detect = fn(&Text<'_>) -> bool;

/// The lexers that define `detect?`, in Rouge's order, with what each looks for.
const DETECTORS: &[(&str, Detect)] = &[
    ("awk", |t| t.shebang(&["awk"])),
    ("xml", |t| {
        if t.doctype().is_some_and(|d| d.contains("html")) {
            return false;
        }
        xml_decl(t.code) || t.doctype().is_some()
    }),
    ("biml", |t| tag_open(t.code, "Biml")),
    ("coffeescript", |t| t.shebang(&["coffee"])),
    ("crystal", |t| t.shebang(&["crystal"])),
    ("python", python_shebang),
    ("diff", |t| {
        let code = t.code;
        let first = &code[..line_len(code)];
        code.starts_with("Index: ")
            || (first.starts_with("diff") && diff_paths(first))
            || dashes_then_pluses(code, "---", "+++")
            || dashes_then_pluses(code, "+++", "---")
    }),
    ("yaml", |t| {
        t.code[span(t.code, is_space)..].starts_with("%YAML")
    }),
    ("factor", |t| t.shebang(&["factor"])),
    ("gherkin", |t| t.shebang(&["cucumber"])),
    ("groovy", |t| t.shebang(&["groovy"])),
    ("php", |t| {
        if t.shebang(&["php"]) {
            return true;
        }
        let at_line_start = |p: &str| {
            t.code
                .match_indices(p)
                .any(|(i, _)| i == 0 || t.code.as_bytes()[i - 1] == b'\n')
        };
        !at_line_start("<?hh") && at_line_start("<?php")
    }),
    ("hack", |t| {
        t.contains("<?hh")
            || t.shebang(&["hhvm"])
            || t.code
                .match_indices("async function ")
                .any(|(i, _)| t.code[i + 15..].starts_with(|c: char| c.is_ascii_alphabetic()))
            || t.contains("): Awaitable<")
    }),
    ("haskell", |t| t.shebang(&["runhaskell"])),
    ("haxe", |t| t.shebang(&["haxe"])),
    ("html", |t| {
        if t.doctype().is_some_and(has_html_word) {
            return true;
        }
        !xml_decl(t.code) && tag_open(t.code, "html")
    }),
    ("io", |t| t.shebang(&["io"])),
    ("ruby", |t| t.shebang(&["ruby"])),
    ("javascript", |t| {
        t.shebang(&["node"]) || t.shebang(&["jsc"])
    }),
    ("julia", |t| t.shebang(&["julia"])),
    ("lasso", |t| {
        let first = &t.code[..line_len(t.code)];
        t.shebang(&["lasso9"])
            || first.contains("<?lassoscript")
            || first.contains("<?lasso")
            || first.contains("<?=")
    }),
    ("livescript", |t| t.shebang(&["lsc"])),
    ("lua", |t| t.shebang(&["lua"])),
    ("moonscript", |t| t.shebang(&["moon"])),
    ("mosel", |t| t.line_starting(&["model", "package"])),
    ("perl", |t| t.shebang(&["perl"])),
    ("postscript", |t| {
        t.code
            .match_indices("%!")
            .any(|(i, _)| i == 0 || t.code.as_bytes()[i - 1] == b'\n')
    }),
    ("praat", |t| t.shebang(&["praat"])),
    ("puppet", |t| {
        t.shebang(&["puppet-apply"]) || t.shebang(&["puppet"])
    }),
    ("r", |t| t.shebang(&["Rscript"])),
    ("racket", |t| {
        t.code.strip_prefix("#lang").is_some_and(|rest| {
            let attr = &rest[span(rest, is_space)..];
            let attr = &attr[..line_len(attr)];
            attr.contains("racket") || attr.contains("scribble")
        })
    }),
    ("rust", |t| t.shebang(&["rustc"])),
    ("sed", |t| t.shebang(&["sed"])),
    ("shell", |t| t.shebang(&["bash", "zsh", "ksh", "sh"])),
    ("solidity", |t| t.code.starts_with("pragma solidity")),
    ("tcl", |t| {
        t.shebang(&["tclsh"]) || t.shebang(&["wish"]) || t.shebang(&["jimsh"])
    }),
    ("tex", |t| {
        let s = &t.code[span(t.code, is_space)..];
        s.strip_prefix('\\').is_some_and(|cmd| {
            [
                "documentclass",
                "input",
                "documentstyle",
                "relax",
                "ProvidesPackage",
                "ProvidesClass",
            ]
            .iter()
            .any(|w| cmd.starts_with(w))
        })
    }),
    ("tulip", |t| t.shebang(&["tulip"])),
];

/// `\A<\?xml\b`.
fn xml_decl(code: &str) -> bool {
    code.strip_prefix("<?xml")
        .is_some_and(|rest| !rest.starts_with(is_uword))
}

/// `\bhtml\b`, any case.
fn has_html_word(d: &str) -> bool {
    let lower = d.to_ascii_lowercase();
    lower.match_indices("html").any(|(i, _)| {
        !lower[..i].chars().next_back().is_some_and(is_uword)
            && !lower[i + 4..].starts_with(is_uword)
    })
}

/// `\Adiff[^\n]*?\ba/[^\n]*\bb/` on the first line: `a/` then `b/`, each opening a word.
fn diff_paths(first: &str) -> bool {
    let at_word = |i: usize| !first[..i].chars().next_back().is_some_and(is_uword);
    let Some(a) = first[4..]
        .match_indices("a/")
        .map(|(i, _)| i + 4)
        .find(|&i| at_word(i))
    else {
        return false;
    };
    first[a + 2..]
        .match_indices("b/")
        .any(|(j, _)| at_word(a + 2 + j))
}

/// `first.*?\nsecond`: a line containing `first` followed by a line opening with `second`.
fn dashes_then_pluses(code: &str, first: &str, second: &str) -> bool {
    let mut lines = code.split('\n').peekable();
    while let Some(line) = lines.next() {
        if line.contains(first) && lines.peek().is_some_and(|next| next.starts_with(second)) {
            return true;
        }
    }
    false
}

/// The tags a modeline in the first or last five lines names: Emacs' `-*- mode: x -*-`
/// (or `-*- x -*-`) and Vim's `vim: ft=x`.
fn modeline_tags(code: &str) -> Vec<&'static str> {
    let lines: Vec<&str> = code.split('\n').collect();
    let mut space: Vec<&str> = lines.iter().take(5).copied().collect();
    space.extend(lines.iter().skip(lines.len().saturating_sub(5)));
    let text = space.join("\n");
    let mut names: Vec<&str> = Vec::new();
    if let Some(n) = emacs_mode(&text) {
        names.push(n);
    }
    if let Some(n) = vim_filetype(&text) {
        names.push(n);
    }
    if let Some(n) = vim_set(&text) {
        names.push(n);
    }
    let mut tags: Vec<&'static str> = Vec::new();
    for name in names {
        if let Ok(i) = NAMES.binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes())) {
            let tag = NAMES[i].1;
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    tags
}

fn mode_char(c: char) -> bool {
    is_word(c) || c == '+' || c == '-'
}

/// The mode of the first `-*- … -*-` line: `mode: x` among its settings, or a lone word.
fn emacs_mode(text: &str) -> Option<&str> {
    let start = text.find("-*-")? + 3;
    let end = start + text[start..].find("-*-")?;
    let inner = text[start..end].trim_matches(|c| is_space(c) || c == ';');
    for setting in inner.split(';') {
        let setting = setting.trim_matches(is_space);
        match setting.split_once(':') {
            Some((k, v)) if k.trim_end_matches(is_space).eq_ignore_ascii_case("mode") => {
                let v = v.trim_start_matches(is_space);
                let n = span(v, mode_char);
                return (n > 0).then(|| &v[..n]);
            }
            None if !setting.is_empty() && setting.chars().all(mode_char) => {
                return Some(setting);
            }
            _ => {}
        }
    }
    None
}

/// Where `vim:`, `vi:` or `ex:` occur in `lower`, leftmost first: (position, length).
fn vim_prefixes(lower: &str) -> Vec<(usize, usize)> {
    let mut starts: Vec<(usize, usize)> = ["vim:", "vi:", "ex:"]
        .iter()
        .flat_map(|p| lower.match_indices(p).map(|(i, m)| (i, m.len())))
        .collect();
    starts.sort_unstable();
    starts
}

/// `(?:vim|vi|ex):\s*(?:ft|filetype|syntax)=(\w+)`, any case.
fn vim_filetype(text: &str) -> Option<&str> {
    let lower = text.to_ascii_lowercase();
    // The leftmost match of any of the three prefixes.
    let starts = vim_prefixes(&lower);
    {
        for (i, len) in starts {
            let mut j = i + len;
            j += span(&text[j..], is_space);
            for key in ["filetype=", "syntax=", "ft="] {
                if lower[j..].starts_with(key) {
                    let v = &text[j + key.len()..];
                    let n = span(v, is_word);
                    if n > 0 {
                        return Some(&v[..n]);
                    }
                }
            }
        }
    }
    None
}

/// `(?:vim|vi|Vim|ex):\s*se(?:t)?.*\s(?:ft|filetype|syntax)=(\w+)\s?.*:`, any case: the
/// last setting on the line that a `:` follows.
fn vim_set(text: &str) -> Option<&str> {
    let lower = text.to_ascii_lowercase();
    let starts = vim_prefixes(&lower);
    for (i, len) in starts {
        let mut j = i + len;
        j += span(&text[j..], is_space);
        if !lower[j..].starts_with("se") {
            continue;
        }
        let from = j + 2;
        let line = &text[from..from + line_len(&text[from..])];
        let low = &lower[from..from + line.len()];
        let mut found = None;
        for (k, ch) in line.char_indices() {
            if !is_space(ch) {
                continue;
            }
            for key in ["filetype=", "syntax=", "ft="] {
                if low[k + 1..].starts_with(key) {
                    let v = k + 1 + key.len();
                    let n = span(&line[v..], is_word);
                    if n > 0 && line[v + n..].contains(':') {
                        found = Some(&line[v..v + n]);
                    }
                }
            }
        }
        if found.is_some() {
            return found;
        }
    }
    None
}
