//! String filters. Ruby works in characters (a UTF-8 string's `length`, `[]` and `slice`
//! count code points), so do we; nothing here indexes bytes it has not checked.

use super::{int_arg, str_arg};
use crate::liquid::context::Context;
use crate::liquid::error::{Error, Result};
use crate::value::Value;

/// What Ruby's `strip`, `lstrip` and `rstrip` remove: ASCII whitespace and NUL.
fn is_strip_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r' | '\0')
}

/// What `split(" ")` (awk mode) splits on: ASCII whitespace, not NUL.
fn is_awk_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// `downcase`: `to_s.downcase`, character by character.
pub(super) fn downcase(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    // Per character: Ruby has no final-sigma rule, which `str::to_lowercase` applies.
    let s = input.to_ruby_s();
    Ok(Value::from(
        s.chars().flat_map(char::to_lowercase).collect::<String>(),
    ))
}

/// `upcase`: `to_s.upcase` (full Unicode mapping: `ß` becomes `SS`).
pub(super) fn upcase(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    Ok(Value::from(input.to_ruby_s().to_uppercase()))
}

/// `capitalize`: the first character in titlecase, the rest in lower case.
pub(super) fn capitalize(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    let s = input.to_ruby_s();
    let mut chars = s.chars();
    let mut out = String::with_capacity(s.len());
    if let Some(first) = chars.next() {
        push_titlecase(first, &mut out);
    }
    out.extend(chars.flat_map(char::to_lowercase));
    Ok(Value::from(out))
}

/// Unicode's full titlecase mapping of `c`, which Ruby's `capitalize` uses for the first
/// character. It equals the full uppercase mapping except for the characters listed here
/// (all of them, as Ruby 3.1 reports: `c.capitalize != c.upcase`).
fn push_titlecase(c: char, out: &mut String) {
    let special: Option<&str> = match c {
        'ß' => Some("Ss"),
        '\u{1C4}'..='\u{1C6}' => Some("\u{1C5}"),
        '\u{1C7}'..='\u{1C9}' => Some("\u{1C8}"),
        '\u{1CA}'..='\u{1CC}' => Some("\u{1CB}"),
        '\u{1F1}'..='\u{1F3}' => Some("\u{1F2}"),
        '\u{587}' => Some("\u{535}\u{582}"),
        'ﬀ' => Some("Ff"),
        'ﬁ' => Some("Fi"),
        'ﬂ' => Some("Fl"),
        'ﬃ' => Some("Ffi"),
        'ﬄ' => Some("Ffl"),
        'ﬅ' | 'ﬆ' => Some("St"),
        '\u{FB13}' => Some("\u{544}\u{576}"),
        '\u{FB14}' => Some("\u{544}\u{565}"),
        '\u{FB15}' => Some("\u{544}\u{56B}"),
        '\u{FB16}' => Some("\u{54E}\u{576}"),
        '\u{FB17}' => Some("\u{544}\u{56D}"),
        '\u{1FB2}' => Some("\u{1FBA}\u{345}"),
        '\u{1FB4}' => Some("\u{386}\u{345}"),
        '\u{1FB7}' => Some("\u{391}\u{342}\u{345}"),
        '\u{1FC2}' => Some("\u{1FCA}\u{345}"),
        '\u{1FC4}' => Some("\u{389}\u{345}"),
        '\u{1FC7}' => Some("\u{397}\u{342}\u{345}"),
        '\u{1FF2}' => Some("\u{1FFA}\u{345}"),
        '\u{1FF4}' => Some("\u{38F}\u{345}"),
        '\u{1FF7}' => Some("\u{3A9}\u{342}\u{345}"),
        _ => None,
    };
    if let Some(s) = special {
        out.push_str(s);
        return;
    }
    let cp = c as u32;
    let single = match cp {
        // Georgian Mkhedruli letters are their own titlecase; Mtavruli capitals map to them.
        0x10D0..=0x10FA | 0x10FD..=0x10FF => Some(cp),
        0x1C90..=0x1CBA | 0x1CBD..=0x1CBF => Some(cp - 0x1C90 + 0x10D0),
        // Greek with ypogegrammeni: titlecase is the prosgegrammeni capital, one character.
        0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => Some(cp + 8),
        0x1F88..=0x1F8F | 0x1F98..=0x1F9F | 0x1FA8..=0x1FAF => Some(cp),
        0x1FB3 | 0x1FC3 | 0x1FF3 => Some(cp + 9),
        0x1FBC | 0x1FCC | 0x1FFC => Some(cp),
        _ => None,
    };
    match single.and_then(char::from_u32) {
        Some(t) => out.push(t),
        None => out.extend(c.to_uppercase()),
    }
}

/// `strip`: removes leading and trailing whitespace and NULs.
pub(super) fn strip(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    Ok(Value::str(input.to_ruby_s().trim_matches(is_strip_space)))
}

/// `lstrip`: removes leading whitespace and NULs.
pub(super) fn lstrip(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    Ok(Value::str(
        input.to_ruby_s().trim_start_matches(is_strip_space),
    ))
}

/// `rstrip`: removes trailing whitespace and NULs.
pub(super) fn rstrip(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    Ok(Value::str(
        input.to_ruby_s().trim_end_matches(is_strip_space),
    ))
}

/// `strip_newlines`: removes `\n` and `\r\n`.
pub(super) fn strip_newlines(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    // `gsub(/\r?\n/, '')`: a lone "\r" stays.
    Ok(Value::from(
        input.to_ruby_s().replace("\r\n", "").replace('\n', ""),
    ))
}

/// `newline_to_br`: `<br />` before each `\n` (a `\r\n` becomes `<br />\n`).
pub(super) fn newline_to_br(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    // `gsub(/\r?\n/, "<br />\n")`.
    Ok(Value::from(
        input
            .to_ruby_s()
            .replace("\r\n", "\n")
            .replace('\n', "<br />\n"),
    ))
}

/// `strip_html`: drops script, style and comment blocks, then every tag.
pub(super) fn strip_html(_: &mut Context, input: Value, _: &[Value]) -> Result<Value> {
    let s = input.to_ruby_s();
    Ok(Value::from(strip_tags(&strip_blocks(&s))))
}

/// `gsub(Regexp.union(/<script.*?<\/script>/m, /<!--.*?-->/m, /<style.*?<\/style>/m), '')`:
/// the three openings are distinct, so at each `<` at most one alternative can apply, and it
/// ends at the first closing after it (lazy). Case-sensitive, as the regexps are.
fn strip_blocks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(off) = s[i..].find('<') {
        let at = i + off;
        let rest = &s[at..];
        let end = [
            ("<script", "</script>"),
            ("<!--", "-->"),
            ("<style", "</style>"),
        ]
        .iter()
        .find(|(open, _)| rest.starts_with(open))
        .and_then(|(open, close)| {
            rest[open.len()..]
                .find(close)
                .map(|p| at + open.len() + p + close.len())
        });
        match end {
            Some(end) => {
                out.push_str(&s[i..at]);
                i = end;
            }
            None => {
                out.push_str(&s[i..at + 1]);
                i = at + 1;
            }
        }
    }
    out.push_str(&s[i..]);
    out
}

/// `gsub(/<.*?>/m, '')`: each `<` up to the next `>`.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(off) = s[i..].find('<') {
        let at = i + off;
        match s[at..].find('>') {
            Some(p) => {
                out.push_str(&s[i..at]);
                i = at + p + 1;
            }
            // No `>` after this `<`, so none after any later one either.
            None => break,
        }
    }
    out.push_str(&s[i..]);
    out
}

/// Ruby's awk-mode `split(" ", limit)`: fields between runs of ASCII whitespace, leading
/// whitespace ignored. With a limit, the last field is the unsplit rest, and it is kept
/// even when empty (`" a  b ".split(" ", 3)` is `["a", "b", ""]`); without one, trailing
/// empty fields are dropped.
fn awk_split(s: &str, limit: Option<usize>) -> Vec<&str> {
    let mut out = Vec::new();
    if s.is_empty() {
        return out;
    }
    if limit == Some(1) {
        return vec![s];
    }
    let mut beg = 0;
    let mut in_field = false;
    let mut field_start = 0;
    let mut done_early = false;
    for (i, c) in s.char_indices() {
        if !in_field {
            if is_awk_space(c) {
                beg = i + c.len_utf8();
            } else {
                if limit.is_some_and(|l| out.len() + 1 >= l) {
                    done_early = true;
                    break;
                }
                in_field = true;
                field_start = i;
            }
        } else if is_awk_space(c) {
            out.push(&s[field_start..i]);
            in_field = false;
            beg = i + c.len_utf8();
        }
    }
    if done_early || limit.is_some() || beg < s.len() {
        out.push(&s[beg..]);
    }
    if limit.is_none() {
        while out.last().is_some_and(|f| f.is_empty()) {
            out.pop();
        }
    }
    out
}

/// `split`: Ruby's `String#split` with a string pattern (`" "` splits on whitespace runs).
pub(super) fn split(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let s = input.to_ruby_s();
    let pat = args[0].to_ruby_s();
    let mut parts: Vec<Value> = if pat == " " {
        awk_split(&s, None).into_iter().map(Value::str).collect()
    } else if pat.is_empty() {
        s.chars().map(|c| Value::from(c.to_string())).collect()
    } else {
        // memmem over the bytes (a match of valid UTF-8 in valid UTF-8 falls on character
        // boundaries): faster than `str::split` on whole pages.
        let mut parts = Vec::new();
        let mut last = 0;
        // Non-overlapping matches, left to right, as `str::split` finds them.
        for at in memchr::memmem::find_iter(s.as_bytes(), pat.as_bytes()) {
            parts.push(Value::str(&s[last..at]));
            last = at + pat.len();
        }
        parts.push(Value::str(&s[last..]));
        parts
    };
    // Ruby drops trailing empty strings (so "" splits to []).
    while parts
        .last()
        .is_some_and(|v| v.as_str().is_some_and(str::is_empty))
    {
        parts.pop();
    }
    Ok(Value::from(parts))
}

/// `truncate: length = 50, ellipsis = "..."`, counting characters, ellipsis included.
pub(super) fn truncate(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    if input.is_nil() {
        return Ok(Value::Nil);
    }
    let s = input.to_ruby_s();
    let length = match args.first() {
        Some(v) => int_arg(v)?,
        None => 50,
    };
    let ellipsis = args.get(1).map_or_else(|| "...".to_string(), str_arg);
    let len = s.chars().count() as i64;
    if len <= length {
        return Ok(Value::from(s));
    }
    let keep = length
        .saturating_sub(ellipsis.chars().count() as i64)
        .max(0);
    let mut out: String = s.chars().take(keep as usize).collect();
    out.push_str(&ellipsis);
    Ok(Value::from(out))
}

/// Ruby's `MAX_INT` in truncatewords: `split`'s limit is a C int.
const MAX_INT: i64 = (1 << 31) - 1;

/// `truncatewords: words = 15, ellipsis = "..."`.
pub(super) fn truncatewords(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    if input.is_nil() {
        return Ok(Value::Nil);
    }
    let s = input.to_ruby_s();
    let words = match args.first() {
        Some(v) => int_arg(v)?,
        None => 15,
    }
    .max(1);
    if words >= MAX_INT {
        return Err(Error::argument(format!(
            "integer {words} too big for truncatewords"
        )));
    }
    let words = words as usize;
    let mut list = awk_split(&s, Some(words + 1));
    if list.len() <= words {
        return Ok(Value::from(s));
    }
    list.pop();
    let mut out = list.join(" ");
    out.push_str(&args.get(1).map_or_else(|| "...".to_string(), str_arg));
    Ok(Value::from(out))
}

/// Ruby's `obj.slice(start, len)` bounds: `None` where Ruby returns nil.
pub(super) fn slice_bounds(size: usize, start: i64, len: i64) -> Option<(usize, usize)> {
    let size = size as i128;
    let mut start = i128::from(start);
    if len < 0 {
        return None;
    }
    if start < 0 {
        start += size;
        if start < 0 {
            return None;
        }
    }
    if start > size {
        return None;
    }
    let end = (start + i128::from(len)).min(size);
    Some((start as usize, end as usize))
}

/// `slice: offset, length = 1` on arrays, or on the string form of anything else.
pub(super) fn slice(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let offset = int_arg(&args[0])?;
    let length = match args.get(1) {
        None | Some(Value::Nil) | Some(Value::Bool(false)) => 1,
        Some(v) => int_arg(v)?,
    };
    if let Value::Array(a) = &input {
        return Ok(Value::from(match slice_bounds(a.len(), offset, length) {
            Some((s, e)) => a[s..e].to_vec(),
            None => Vec::new(),
        }));
    }
    let s = input.to_ruby_s();
    let n = s.chars().count();
    Ok(Value::from(match slice_bounds(n, offset, length) {
        Some((a, e)) => s.chars().skip(a).take(e - a).collect::<String>(),
        None => String::new(),
    }))
}

/// Expands Ruby's backslash sequences in a `sub`/`gsub` replacement for a match of a plain
/// string pattern (so there are no capture groups): `\0` and `\&` are the match, `` \` `` and
/// `\'` the text before and after it, `\\` a backslash, `\1`..`\9` nothing; `\k<name>` raises
/// because no group has a name; anything else stays as written.
fn expand_replacement(
    repl: &str,
    src: &str,
    at: usize,
    len: usize,
    out: &mut String,
) -> Result<()> {
    let mut chars = repl.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(&(j, next)) = chars.peek() else {
            out.push('\\');
            break;
        };
        match next {
            '0' | '&' => out.push_str(&src[at..at + len]),
            '`' => out.push_str(&src[..at]),
            '\'' => out.push_str(&src[at + len..]),
            '\\' => out.push('\\'),
            '1'..='9' => {}
            'k' if repl[j + 1..].starts_with('<') && repl[j + 2..].contains('>') => {
                let name_end = j + 2 + repl[j + 2..].find('>').unwrap_or(0);
                return Err(Error::render(format!(
                    "undefined group name reference: {}",
                    &repl[j + 2..name_end]
                )));
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
        chars.next();
    }
    Ok(())
}

/// Ruby's `str.sub(pat, repl)` (`all = false`) or `str.gsub(pat, repl)` with a string pattern.
fn substitute(s: &str, pat: &str, repl: &str, all: bool) -> Result<String> {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut from = 0;
    // One searcher for the whole string (`str::find` sets one up per call).
    let finder = memchr::memmem::Finder::new(pat.as_bytes());
    while from <= s.len() {
        let Some(off) = finder.find(&s.as_bytes()[from..]) else {
            break;
        };
        let at = from + off;
        out.push_str(&s[last..at]);
        expand_replacement(repl, s, at, pat.len(), &mut out)?;
        last = at + pat.len();
        if !all {
            break;
        }
        if pat.is_empty() {
            // An empty match: copy one character and look again after it.
            match s[at..].chars().next() {
                Some(c) => {
                    out.push(c);
                    last = at + c.len_utf8();
                    from = last;
                }
                None => break,
            }
        } else {
            from = last;
        }
    }
    out.push_str(&s[last.min(s.len())..]);
    Ok(out)
}

/// `replace: pattern, replacement = ""`: every occurrence (`gsub`).
pub(super) fn replace(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let repl = args.get(1).map(str_arg).unwrap_or_default();
    substitute(&input.to_ruby_s(), &str_arg(&args[0]), &repl, true).map(Value::from)
}

/// `replace_first: pattern, replacement = ""` (`sub`).
pub(super) fn replace_first(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    let repl = args.get(1).map(str_arg).unwrap_or_default();
    substitute(&input.to_ruby_s(), &str_arg(&args[0]), &repl, false).map(Value::from)
}

/// `replace_last` splices the replacement in literally (no backslash sequences).
fn splice_last(s: &str, pat: &str, repl: &str) -> String {
    match s.rfind(pat) {
        Some(at) => format!("{}{}{}", &s[..at], repl, &s[at + pat.len()..]),
        None => s.to_string(),
    }
}

/// `replace_last: pattern, replacement`: the last occurrence.
pub(super) fn replace_last(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    Ok(Value::from(splice_last(
        &input.to_ruby_s(),
        &str_arg(&args[0]),
        &str_arg(&args[1]),
    )))
}

/// `remove: pattern`: deletes every occurrence.
pub(super) fn remove(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    substitute(&input.to_ruby_s(), &str_arg(&args[0]), "", true).map(Value::from)
}

/// `remove_first: pattern`.
pub(super) fn remove_first(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    substitute(&input.to_ruby_s(), &str_arg(&args[0]), "", false).map(Value::from)
}

/// `remove_last: pattern`.
pub(super) fn remove_last(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    Ok(Value::from(splice_last(
        &input.to_ruby_s(),
        &str_arg(&args[0]),
        "",
    )))
}

/// `append: string`.
pub(super) fn append(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    Ok(Value::from(input.to_ruby_s() + &str_arg(&args[0])))
}

/// `prepend: string`.
pub(super) fn prepend(_: &mut Context, input: Value, args: &[Value]) -> Result<Value> {
    Ok(Value::from(str_arg(&args[0]) + &input.to_ruby_s()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awk_split_matches_ruby() {
        // `" one  two ".split(" ", 3)` and friends, printed by Ruby 3.1.
        assert_eq!(awk_split(" one  two ", Some(3)), ["one", "two", ""]);
        assert_eq!(
            awk_split(" one  two  three", Some(3)),
            ["one", "two", "three"]
        );
        assert_eq!(awk_split("one two", Some(3)), ["one", "two"]);
        assert_eq!(awk_split("  a  b ", None), ["a", "b"]);
        assert_eq!(awk_split("a\0b", None), ["a\0b"]);
        assert!(awk_split("   ", None).is_empty());
    }

    #[test]
    fn substitution_matches_ruby() {
        // `"abcb".gsub("b", r)` / `.sub("b", r)` in Ruby 3.1.
        let g = |r: &str| substitute("abcb", "b", r, true).unwrap();
        assert_eq!(g("\\0"), "abcb");
        assert_eq!(g("\\&"), "abcb");
        assert_eq!(g("\\1"), "ac");
        assert_eq!(g("\\\\"), "a\\c\\");
        assert_eq!(g("\\`"), "aacabc");
        assert_eq!(g("\\'"), "acbc");
        assert_eq!(g("\\x"), "a\\xc\\x");
        assert_eq!(g("x\\"), "ax\\cx\\");
        assert_eq!(g("\\\\0"), "a\\0c\\0");
        assert_eq!(g("\\k"), "a\\kc\\k");
        assert!(substitute("abcb", "b", "\\k<x>", true).is_err());
        assert_eq!(substitute("abcb", "b", "\\'", false).unwrap(), "acbcb");
        assert_eq!(substitute("abc", "", "-", true).unwrap(), "-a-b-c-");
        assert_eq!(substitute("abc", "", "-", false).unwrap(), "-abc");
        assert_eq!(substitute("", "", "-", true).unwrap(), "-");
        assert_eq!(substitute("é", "", "\\`|", true).unwrap(), "|éé|");
        assert_eq!(splice_last("abc", "", "-"), "abc-");
    }

    #[test]
    fn html_stripping() {
        assert_eq!(
            strip_tags(&strip_blocks(
                "a<script>x</script>b<!-- c\n -->d<style>e</style>f<p>g</p>"
            )),
            "abdfg"
        );
        assert_eq!(strip_tags(&strip_blocks("<SCRIPT>x</SCRIPT>")), "x");
        assert_eq!(strip_tags(&strip_blocks("a < b <script> c")), "a  c");
        assert_eq!(strip_tags("a > b < c"), "a > b < c");
    }

    #[test]
    fn titlecase_matches_ruby_capitalize() {
        // `c.capitalize` for each, in Ruby 3.1.
        for (c, want) in [
            ('ß', "Ss"),
            ('ﬁ', "Fi"),
            ('ŉ', "\u{2BC}N"),
            ('ᾳ', "ᾼ"),
            ('ǳ', "ǲ"),
            ('ΐ', "\u{399}\u{308}\u{301}"),
            ('ǰ', "J\u{30C}"),
            ('a', "A"),
            ('\u{1C90}', "\u{10D0}"),
        ] {
            let mut s = String::new();
            push_titlecase(c, &mut s);
            assert_eq!(s, want, "{c}");
        }
    }

    #[test]
    fn slice_bounds_never_overflow() {
        assert_eq!(slice_bounds(3, i64::MAX, i64::MAX), None);
        assert_eq!(slice_bounds(3, i64::MIN, 1), None);
        assert_eq!(slice_bounds(3, 1, i64::MAX), Some((1, 3)));
        assert_eq!(slice_bounds(3, 3, 1), Some((3, 3)));
        assert_eq!(slice_bounds(3, -2, 5), Some((1, 3)));
        assert_eq!(slice_bounds(3, 1, -1), None);
    }
}
