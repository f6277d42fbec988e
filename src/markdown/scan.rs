//! Hand-written matchers for the regular expressions kramdown's parsers are built from.
//!
//! kramdown drives a Ruby `StringScanner` with Onigmo regexps; here each pattern is a small
//! function over bytes that answers what the regexp would, so that parsing stays linear and no
//! regex engine is needed. The names say which kramdown constant a function stands for.
//!
//! Ruby semantics kept: `\s` is `[ \t\n\v\f\r]`, `\w` is ASCII, `.` stops at `\n`, `[[:alpha:]]`
//! and `\p{Word}` are Unicode, and a scanner's `^` matches at its current position.

use super::unicode_tables as tables;

/// Ruby's `\s`.
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// What Ruby's `strip`/`lstrip`/`rstrip` remove.
pub(crate) fn is_rb_strip(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r' | '\0')
}

/// Ruby's `\w` (ASCII in Onigmo's Ruby syntax).
pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `[[:alpha:]]`.
pub(crate) fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        tables::contains(tables::ALPHA, c)
    }
}

/// `[[:alnum:]]`.
pub(crate) fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        tables::contains(tables::ALNUM, c)
    }
}

/// `\p{Word}` (also what `\b` looks at).
pub(crate) fn is_uword(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        tables::contains(tables::WORD, c)
    }
}

/// `[\p{Han}\p{Hiragana}\p{Katakana}]`.
pub(crate) fn is_cjk(c: char) -> bool {
    !c.is_ascii() && tables::contains(tables::CJK, c)
}

/// The char starting at byte `i` (which must be a char boundary), if any.
pub(crate) fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|t| t.chars().next())
}

/// The char ending at byte `i`, if any.
pub(crate) fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i).and_then(|t| t.chars().next_back())
}

/// Byte length of the char at `i` (1 past the end).
pub(crate) fn char_len_at(s: &str, i: usize) -> usize {
    char_at(s, i).map_or(1, char::len_utf8)
}

/// Index of the `\n` ending the line at `i`, or the string's length.
pub(crate) fn line_end(s: &str, i: usize) -> usize {
    memchr(b'\n', &s.as_bytes()[i.min(s.len())..]).map_or(s.len(), |k| i + k)
}

/// Position after the line at `i` (after its `\n`).
pub(crate) fn next_line(s: &str, i: usize) -> usize {
    let e = line_end(s, i);
    if e < s.len() { e + 1 } else { e }
}

pub(crate) fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    // Every block parser asks where the line ends: the vectorised search pays even on short
    // lines.
    memchr::memchr(needle, hay)
}

/// `\s*?\n`: whitespace up to and including a newline; returns the position after it.
pub(crate) fn ws_newline(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() {
        match b[j] {
            b'\n' => return Some(j + 1),
            c if is_space(c) => j += 1,
            _ => return None,
        }
    }
    None
}

/// `[ \t]*\n` (kramdown's `TRAILING_WHITESPACE`, also the end of many line patterns).
pub(crate) fn blank_rest(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() && matches!(b[j], b' ' | b'\t') {
        j += 1;
    }
    (j < b.len() && b[j] == b'\n').then_some(j + 1)
}

/// `BLANK_LINE` = `(?>^\s*\n)+`: the longest run of whitespace from `i` cut after its last
/// newline.
pub(crate) fn blank_line(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut j = i;
    let mut last_nl = None;
    while j < b.len() && is_space(b[j]) {
        if b[j] == b'\n' {
            last_nl = Some(j + 1);
        }
        j += 1;
    }
    last_nl
}

/// Up to `max` spaces from `i` (`OPT_SPACE` is `max` = 3); the position after them.
pub(crate) fn opt_spaces(s: &str, i: usize, max: usize) -> usize {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() && j - i < max && b[j] == b' ' {
        j += 1;
    }
    j
}

/// `\Z`: at the end, or before a final newline.
pub(crate) fn at_end_z(s: &str, i: usize) -> bool {
    i >= s.len() || (i + 1 == s.len() && s.as_bytes()[i] == b'\n')
}

fn is_name_start(c: char) -> bool {
    is_alpha(c) || c == '_'
}

fn is_name_char(c: char) -> bool {
    is_alnum(c) || matches!(c, '-' | '.' | '_')
}

/// `[[:alpha:]_][-[:alnum:]._]*` at `i`; the position after it.
fn simple_name(s: &str, i: usize) -> Option<usize> {
    let c = char_at(s, i)?;
    if !is_name_start(c) {
        return None;
    }
    let mut j = i + c.len_utf8();
    while let Some(c) = char_at(s, j) {
        if !is_name_char(c) {
            break;
        }
        j += c.len_utf8();
    }
    Some(j)
}

/// REXML's `UNAME_STR`, an optionally prefixed XML name (`xml:lang`); the position after it.
pub(crate) fn uname(s: &str, i: usize) -> Option<usize> {
    let j = simple_name(s, i)?;
    if s.as_bytes().get(j) == Some(&b':')
        && let Some(k) = simple_name(s, j + 1)
    {
        return Some(k);
    }
    Some(j)
}

/// `\b` at byte `i`, with Onigmo's Unicode notion of word characters.
pub(crate) fn word_boundary(s: &str, i: usize) -> bool {
    let before = char_before(s, i).is_some_and(is_uword);
    let after = char_at(s, i).is_some_and(is_uword);
    before != after
}

/// The span-level HTML elements, plus `script` (kramdown's `LAZY_END_HTML_SPAN_ELEMENTS`).
const LAZY_END_SPAN_NAMES: &[&str] = &[
    "a", "abbr", "acronym", "b", "big", "bdo", "br", "button", "cite", "code", "del", "dfn", "em",
    "i", "img", "input", "ins", "kbd", "label", "mark", "option", "q", "rb", "rbc", "rp", "rt",
    "rtc", "ruby", "samp", "select", "small", "span", "strong", "sub", "sup", "tt", "u", "var",
    "script",
];

/// `(?!(?:span names)\b)` at `i`.
fn not_lazy_span_name(s: &str, i: usize) -> bool {
    !LAZY_END_SPAN_NAMES
        .iter()
        .any(|n| s.as_bytes()[i..].starts_with(n.as_bytes()) && word_boundary(s, i + n.len()))
}

/// `LAZY_END_HTML_START`: `<` and a name that is not a span element's.
pub(crate) fn lazy_end_html_start(s: &str, i: usize) -> bool {
    s.as_bytes().get(i) == Some(&b'<') && not_lazy_span_name(s, i + 1) && uname(s, i + 1).is_some()
}

/// `LAZY_END_HTML_STOP`: `</name\s*>` for a name that is not a span element's.
pub(crate) fn lazy_end_html_stop(s: &str, i: usize) -> bool {
    let b = s.as_bytes();
    if !b[i..].starts_with(b"</") || !not_lazy_span_name(s, i + 2) {
        return false;
    }
    let Some(mut j) = uname(s, i + 2) else {
        return false;
    };
    while j < b.len() && is_space(b[j]) {
        j += 1;
    }
    b.get(j) == Some(&b'>')
}

/// `ALD_ID_NAME` = `\w[\w-]*`; the position after it.
pub(crate) fn ald_id_name(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    if !b.get(i).is_some_and(|&c| is_word_byte(c)) {
        return None;
    }
    let mut j = i + 1;
    while j < b.len() && (is_word_byte(b[j]) || b[j] == b'-') {
        j += 1;
    }
    Some(j)
}

/// `(ALD_ANY_CHARS+)\}` followed by `tail`, from `i`: the body is a run where every `}` is
/// escaped by a backslash; the regexp is greedy, so the last closing brace that lets `tail`
/// match wins. Returns (end of body, position after the match).
pub(crate) fn ald_body(
    s: &str,
    i: usize,
    tail: impl Fn(&str, usize) -> Option<usize>,
) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    // The greedy run stops at the first brace that is not preceded by a backslash.
    let mut j = i;
    let mut first_unescaped = None;
    while let Some(k) = s[j..].find('}') {
        let at = j + k;
        if at == i || b[at - 1] != b'\\' {
            first_unescaped = Some(at);
            break;
        }
        j = at + 1;
    }
    let mut candidates: Vec<usize> = Vec::new();
    if let Some(u) = first_unescaped {
        candidates.push(u);
    }
    // Backtracking then tries the escaped braces before it, right to left.
    let limit = first_unescaped.unwrap_or(b.len());
    let mut escaped = Vec::new();
    let mut j = i;
    while let Some(k) = s[j..limit].find('}') {
        escaped.push(j + k);
        j += k + 1;
    }
    candidates.extend(escaped.into_iter().rev());
    for c in candidates {
        if c > i
            && let Some(end) = tail(s, c + 1)
        {
            return Some((c, end));
        }
    }
    None
}

/// `IAL_BLOCK` = `\{:(?!:|\/)(ALD_ANY_CHARS+)\}\s*?\n` at `i`: (body start, body end, end).
pub(crate) fn ial_block(s: &str, i: usize) -> Option<(usize, usize, usize)> {
    let b = s.as_bytes();
    if !b[i..].starts_with(b"{:") || matches!(b.get(i + 2), Some(b':' | b'/')) {
        return None;
    }
    let (body_end, end) = ald_body(s, i + 2, ws_newline)?;
    Some((i + 2, body_end, end))
}

/// `IAL_BLOCK_START` = `^ {0,3}IAL_BLOCK`.
pub(crate) fn ial_block_start(s: &str, i: usize) -> Option<(usize, usize, usize)> {
    ial_block(s, opt_spaces(s, i, 3))
}

/// `EOB_MARKER` = `^\^\s*?\n`.
pub(crate) fn eob_marker(s: &str, i: usize) -> Option<usize> {
    if s.as_bytes().get(i) == Some(&b'^') {
        ws_newline(s, i + 1)
    } else {
        None
    }
}

/// `LAZY_END`: what ends a paragraph or blockquote line run in kramdown.
pub(crate) fn lazy_end(s: &str, i: usize) -> bool {
    if blank_line(s, i).is_some() || ial_block_start(s, i).is_some() || eob_marker(s, i).is_some() {
        return true;
    }
    let j = opt_spaces(s, i, 3);
    lazy_end_html_stop(s, j) || lazy_end_html_start(s, j) || at_end_z(s, i)
}

/// `PATTERN_TAIL` = `[\t| ].*?\n` after a list marker: the marker's rest-of-line (start, end
/// including the newline).
pub(crate) fn pattern_tail(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    if !matches!(b.get(i), Some(b'\t' | b'|' | b' ')) {
        return None;
    }
    let e = line_end(s, i);
    (e < b.len()).then_some(e + 1)
}

/// `LIST_START_UL` with at most `max_sp` leading spaces: (marker end, line end).
pub(crate) fn list_start_ul(s: &str, i: usize, max_sp: usize) -> Option<(usize, usize)> {
    let j = opt_spaces(s, i, max_sp);
    if !matches!(s.as_bytes().get(j), Some(b'+' | b'*' | b'-')) {
        return None;
    }
    Some((j + 1, pattern_tail(s, j + 1)?))
}

/// `LIST_START_OL` with at most `max_sp` leading spaces: (marker end, line end).
pub(crate) fn list_start_ol(s: &str, i: usize, max_sp: usize) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let j = opt_spaces(s, i, max_sp);
    let mut k = j;
    while k < b.len() && b[k].is_ascii_digit() {
        k += 1;
    }
    if k == j || b.get(k) != Some(&b'.') {
        return None;
    }
    Some((k + 1, pattern_tail(s, k + 1)?))
}

/// `LIST_START`.
pub(crate) fn list_start(s: &str, i: usize) -> bool {
    list_start_ul(s, i, 3).is_some() || list_start_ol(s, i, 3).is_some()
}

/// `DEFINITION_LIST_START` with at most `max_sp` leading spaces: (marker end, line end).
pub(crate) fn deflist_start(s: &str, i: usize, max_sp: usize) -> Option<(usize, usize)> {
    let j = opt_spaces(s, i, max_sp);
    if s.as_bytes().get(j) != Some(&b':') {
        return None;
    }
    Some((j + 1, pattern_tail(s, j + 1)?))
}

/// `BLOCKQUOTE_START` = `^ {0,3}> ?`: the position after it.
pub(crate) fn blockquote_start(s: &str, i: usize) -> Option<usize> {
    let j = opt_spaces(s, i, 3);
    if s.as_bytes().get(j) != Some(&b'>') {
        return None;
    }
    Some(if s.as_bytes().get(j + 1) == Some(&b' ') {
        j + 2
    } else {
        j + 1
    })
}

/// The GFM `FENCED_CODEBLOCK_START` = `^[ ]{0,3}[~`]{3,}`.
pub(crate) fn fenced_start_gfm(s: &str, i: usize) -> bool {
    let b = s.as_bytes();
    let j = opt_spaces(s, i, 3);
    b.len() >= j + 3 && b[j..j + 3].iter().all(|&c| c == b'~' || c == b'`')
}

/// The GFM `ATX_HEADER_START` = `^\#{1,6}[\t ]+.*\n`: (level, contents start, contents end).
pub(crate) fn atx_start_gfm(s: &str, i: usize) -> Option<(usize, usize, usize)> {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() && b[j] == b'#' && j - i < 6 {
        j += 1;
    }
    let level = j - i;
    if level == 0 || !matches!(b.get(j), Some(b'\t' | b' ')) {
        return None;
    }
    while j < b.len() && matches!(b[j], b'\t' | b' ') {
        j += 1;
    }
    let e = line_end(s, j);
    (e < b.len()).then_some((level, j, e))
}

/// `HR_START` = `^ {0,3}(\*|-|_)[ \t]*\1[ \t]*\1(\1|[ \t])*\n`: the position after it.
pub(crate) fn hr_start(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let j = opt_spaces(s, i, 3);
    let c = *b.get(j)?;
    if !matches!(c, b'*' | b'-' | b'_') {
        return None;
    }
    let e = line_end(s, j);
    if e >= b.len() {
        return None;
    }
    let line = &b[j..e];
    if line.iter().all(|&x| x == c || x == b' ' || x == b'\t')
        && line.iter().filter(|&&x| x == c).count() >= 3
    {
        Some(e + 1)
    } else {
        None
    }
}

/// Removes a prefix matched by `f` at the start of every line of `text` (a `gsub` of a
/// `^`-anchored pattern). `f` returns the length of the prefix to drop at a line start.
pub(crate) fn gsub_line_starts(text: &str, f: impl Fn(&str) -> usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let n = f(rest);
        rest = &rest[n..];
        match rest.find('\n') {
            Some(k) => {
                out.push_str(&rest[..=k]);
                rest = &rest[k + 1..];
            }
            None => {
                out.push_str(rest);
                break;
            }
        }
    }
    out
}

/// `INDENT` = `^(?:\t| {4})`: the length of the indent at the start of `s`.
pub(crate) fn indent_len(s: &str) -> usize {
    if s.starts_with('\t') {
        1
    } else if s.starts_with("    ") {
        4
    } else {
        0
    }
}

/// Ruby's `rstrip`.
pub(crate) fn rstrip(s: &str) -> &str {
    s.trim_end_matches(is_rb_strip)
}

/// Ruby's `lstrip`.
pub(crate) fn lstrip(s: &str) -> &str {
    s.trim_start_matches(is_rb_strip)
}

/// Ruby's `strip`.
pub(crate) fn strip(s: &str) -> &str {
    rstrip(lstrip(s))
}
