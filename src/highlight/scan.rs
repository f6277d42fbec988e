//! The machinery every lexer shares: the token stream, the state-machine driver that mirrors
//! Rouge's `RegexLexer#stream_tokens`, and character classes with Ruby's regex meanings.
//!
//! Lexers are hand-written matchers rather than regexes: each rule of a Rouge state becomes a
//! few lines that look at the rest of the input, so every lexer runs in time linear in its
//! input and we need no regex engine with Onigmo's backtracking semantics.

use super::token::Token;

/// A lexed text: `(token, text)` pairs in order, consecutive pairs of one type merged, empty
/// texts dropped — as Rouge's `Lexer#continue_lex` yields them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tokens {
    items: Vec<(Token, String)>,
}

impl Tokens {
    /// An empty stream.
    pub fn new() -> Tokens {
        Tokens::default()
    }

    /// Appends `text` as `tok`, merging it into the last pair when that has the same type.
    pub fn push(&mut self, tok: Token, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.items.last_mut() {
            Some((last, val)) if *last == tok => val.push_str(text),
            _ => self.items.push((tok, text.to_string())),
        }
    }

    /// The pairs, in order.
    pub fn as_slice(&self) -> &[(Token, String)] {
        &self.items
    }
}

/// A lexer instance: Rouge's `Lexer` protocol of `reset!` and `continue_lex`, which lets
/// the console lexer carry a shell lexer's state from one prompt line to the next.
pub(crate) trait Lex {
    /// Forgets the state a previous lex left (Rouge's `reset!`).
    fn reset(&mut self);

    /// Lexes `src` from the current state, appending to `out` (Rouge's `continue_lex`).
    fn continue_lex(&mut self, src: &str, out: &mut Tokens);

    /// Lexes `src` from a fresh state (Rouge's `lex`).
    fn lex(&mut self, src: &str, out: &mut Tokens) {
        self.reset();
        self.continue_lex(src, out);
    }
}

/// Where a lexer is in its input.
#[derive(Clone, Copy)]
pub(crate) struct Cursor<'a> {
    /// The whole text being lexed (a delegated piece, for nested lexers).
    pub src: &'a str,
    /// Byte offset of the next character.
    pub pos: usize,
}

impl<'a> Cursor<'a> {
    /// The unconsumed text.
    pub fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    /// StringScanner's `beginning_of_line?`, which Rouge checks before rules starting with `^`.
    pub fn bol(&self) -> bool {
        self.pos == 0 || self.src.as_bytes()[self.pos - 1] == b'\n'
    }

    /// Whether `\b` holds where a rule starts matching. Rouge matches with Ruby's
    /// StringScanner, which hides the text before the position from the regex: `\b` there
    /// holds exactly when the next character is a word character, and lookbehinds see
    /// nothing (so `(?<!\.)name` matches after a dot too).
    pub fn word_boundary(&self) -> bool {
        self.rest().chars().next().is_some_and(is_uword)
    }
}

/// The rules of a Rouge `RegexLexer`: one step tries the current state's rules at the cursor
/// and, on a match, emits its tokens, updates the state stack and returns how many bytes it
/// consumed (possibly zero, like Rouge's empty-matching rules).
/// A lexer's state stack as Rouge keeps it: `pop!` never takes the root state away, and
/// `goto` replaces the top.
pub(crate) trait StateStack<S> {
    /// Pops `n` states, keeping the root.
    fn pop_states(&mut self, n: usize);
    /// Replaces the current state.
    fn goto(&mut self, s: S);
}

impl<S> StateStack<S> for Vec<S> {
    fn pop_states(&mut self, n: usize) {
        // Rouge raises on an empty stack; keeping the root never changes output where Rouge
        // succeeds.
        let keep = self.len().saturating_sub(n).max(1);
        self.truncate(keep);
    }

    fn goto(&mut self, s: S) {
        if let Some(top) = self.last_mut() {
            *top = s;
        }
    }
}

pub(crate) trait Rules {
    /// Tries the current state's rules in order at `c`.
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize>;
}

/// Rouge's limit on successive rules that consume nothing before it gives up on a character.
const MAX_NULL_SCANS: u32 = 5;

/// Runs `rules` over `src` as `RegexLexer#stream_tokens` does: a character no rule matches
/// becomes an `Error` token, and so does one after too many empty matches in a row.
pub(crate) fn drive<R: Rules>(rules: &mut R, src: &str, out: &mut Tokens) {
    let mut pos = 0;
    // Like Rouge, not reset by an error: only a rule that consumes something resets it.
    let mut null_steps = 0;
    while pos < src.len() {
        let step = rules.step(Cursor { src, pos }, out);
        let ok = match step {
            Some(0) => {
                null_steps += 1;
                null_steps <= MAX_NULL_SCANS
            }
            Some(n) => {
                null_steps = 0;
                pos += n;
                true
            }
            None => false,
        };
        if !ok {
            let n = src[pos..].chars().next().map_or(1, char::len_utf8);
            out.push(Token::Error, &src[pos..pos + n]);
            pos += n;
        }
    }
}

/// Ruby's `\s`: ASCII whitespace only.
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// Ruby's `\w`: ASCII letters, digits and underscore.
pub(crate) fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// A word character as `\b` sees it: Unicode letters, marks and numbers, and `_`.
pub(crate) fn is_uword(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Ruby's `[[:alpha:]]` on UTF-8 text.
pub(crate) fn is_alpha(c: char) -> bool {
    c.is_alphabetic()
}

/// Ruby's `[[:alnum:]]` on UTF-8 text.
pub(crate) fn is_alnum(c: char) -> bool {
    c.is_alphanumeric()
}

/// Length in bytes of the longest prefix of `s` whose characters satisfy `f`.
pub(crate) fn span(s: &str, f: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .find(|&(_, c)| !f(c))
        .map_or(s.len(), |(i, _)| i)
}

/// Like [`span`], but `None` when the prefix is empty (a regex `+`).
pub(crate) fn span1(s: &str, f: impl Fn(char) -> bool) -> Option<usize> {
    Some(span(s, f)).filter(|&n| n > 0)
}

/// Length of the rest of the line: what `.*` matches (everything up to a newline).
pub(crate) fn line_len(s: &str) -> usize {
    s.find('\n').unwrap_or(s.len())
}

/// The length of the first of `words` that `s` starts with (a regex alternation of literals).
pub(crate) fn first_of(s: &str, words: &[&str]) -> Option<usize> {
    words.iter().find(|w| s.starts_with(*w)).map(|w| w.len())
}

/// The first character of `s`, if it is one of `set`, with its length.
pub(crate) fn one_of(s: &str, set: &str) -> Option<usize> {
    s.chars()
        .next()
        .filter(|&c| set.contains(c))
        .map(char::len_utf8)
}

/// Whether `s` starts with `lit` ignoring ASCII case (a literal under `/i`).
pub(crate) fn starts_with_ci(s: &str, lit: &str) -> bool {
    s.len() >= lit.len()
        && s.is_char_boundary(lit.len())
        && s[..lit.len()].eq_ignore_ascii_case(lit)
}

/// The length of `(\\.|.)*?q` (with `.` matching newlines) at the start of `s`: text up to
/// and including a closing `q`, backslashes escaping — with Onigmo's backtracking, which,
/// when no unescaped `q` follows, undoes the last escape so that an escaped `q` closes.
pub(crate) fn lazy_quoted(s: &str, q: char) -> Option<usize> {
    // Past the last `q`, no path can close, so it fails there at once.
    let last = s.rfind(q)?;
    let mut choices = Vec::new();
    let mut p = 0;
    loop {
        let mut chars = s[p..].chars();
        match chars.next() {
            Some(c) if c == q => return Some(p + c.len_utf8()),
            Some('\\') if p < last => {
                if let Some(next) = chars.next() {
                    // `\\.` first; `.` (the backslash alone) is the alternative.
                    choices.push(p);
                    p += 1 + next.len_utf8();
                    continue;
                }
                p += 1;
            }
            Some(c) if p < last => p += c.len_utf8(),
            _ => p = choices.pop()? + 1,
        }
    }
}

/// Whether Ruby's `$` holds before `s`: at the end of the text or before a newline.
pub(crate) fn at_eol(s: &str) -> bool {
    s.is_empty() || s.starts_with('\n')
}

/// Emits `r[..n]` as `tok` and reports `n` consumed: the body of most simple rules.
pub(crate) fn emit(out: &mut Tokens, tok: Token, r: &str, n: usize) -> Option<usize> {
    out.push(tok, &r[..n]);
    Some(n)
}

/// The length of `[ ]+` at the start of `s`, if any (YAML and others' space-only runs).
pub(crate) fn spaces1(s: &str) -> Option<usize> {
    span1(s, |c| c == ' ')
}

/// Onigmo's `\p{Cf}` (format characters such as the soft hyphen and zero-width joiners),
/// which Rouge allows inside names.
pub(crate) fn is_cf(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}'
        | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}')
}

/// `[\p{Word}\p{Cf}]`: a name character in the markup and style lexers.
pub(crate) fn is_word_cf(c: char) -> bool {
    is_uword(c) || is_cf(c)
}

/// Where the next occurrence of something is, remembered so that a rule which searches
/// ahead (`<!--.*?-->`, `/\*.*?\*/`) and fails at many positions in a row does not search
/// the same text again each time, which would make lexing quadratic.
#[derive(Debug, Default, Clone)]
pub(crate) struct Ahead {
    /// The text searched (its address and length), so a delegated piece never reuses it.
    key: (usize, usize),
    /// The search started here…
    from: usize,
    /// …and found this offset, or nothing up to the end.
    at: Option<usize>,
}

impl Ahead {
    /// The offset (from the cursor) of the next occurrence at or after the cursor, where
    /// `find` finds the first occurrence in a text. `find` must look for the same thing on
    /// every call with this `Ahead`.
    pub(crate) fn find(
        &mut self,
        c: Cursor<'_>,
        find: impl FnOnce(&str) -> Option<usize>,
    ) -> Option<usize> {
        let key = (c.src.as_ptr() as usize, c.src.len());
        let known = key == self.key && c.pos >= self.from && self.at.is_none_or(|a| c.pos <= a);
        if !known {
            self.key = key;
            self.from = c.pos;
            self.at = find(c.rest()).map(|i| c.pos + i);
        }
        self.at.map(|a| a - c.pos)
    }
}

/// `@"(""|[^"])*"`: doubled quotes stay inside; with no lone quote, the last pair closes.
pub(crate) fn verbatim_string(r: &str) -> Option<usize> {
    let b = r.as_bytes();
    let mut last_pair = None;
    let mut i = 2;
    while i < b.len() {
        if b[i] == b'"' {
            if b.get(i + 1) == Some(&b'"') {
                last_pair = Some(i + 1);
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    last_pair
}

/// `"(\\\\|\\"|[^"])*"` with Onigmo's backtracking: up to the first unescaped quote, or,
/// when there is none, the last escaped one (the backslash then taken as a character).
pub(crate) fn escaped_string(r: &str) -> Option<usize> {
    let b = r.as_bytes();
    let mut last_escaped = None;
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'"' => return Some(i + 1),
            b'\\' if b.get(i + 1) == Some(&b'\\') => i += 2,
            b'\\' if b.get(i + 1) == Some(&b'"') => {
                last_escaped = Some(i + 2);
                i += 2;
            }
            _ => i += 1,
        }
    }
    last_escaped
}

/// `(?:\.|part)*`: a dotted name (`System.Collections`), as long as it goes.
pub(crate) fn dotted(r: &str, part: impl Fn(&str) -> Option<usize>) -> usize {
    let mut n = 0;
    loop {
        if r[n..].starts_with('.') {
            n += 1;
        } else if let Some(k) = part(&r[n..]) {
            n += k;
        } else {
            return n;
        }
    }
}

/// A lexer's word list (keywords, builtins) as a set, built on first use: every identifier
/// is looked up, and a list of a few hundred words searched in turn cost more than the rest
/// of the lexing.
pub(crate) struct Words {
    list: &'static [&'static str],
    set: std::sync::OnceLock<crate::fast_hash::FastSet<&'static str>>,
}

impl Words {
    pub(crate) const fn new(list: &'static [&'static str]) -> Words {
        Words {
            list,
            set: std::sync::OnceLock::new(),
        }
    }

    pub(crate) fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| self.list.iter().copied().collect())
            .contains(word)
    }
}
