//! Rouge's `kotlin` lexer. Names may be wrapped in backticks (either one optional) and
//! contain `-`; where a word boundary must follow a name (`return@label`), Onigmo backs
//! off through shorter names, so we try each possible end.

use crate::highlight::scan::Words;
use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, StateStack, Tokens, drive, emit, is_space, is_uword, line_len,
    one_of, span, span1,
};
use crate::highlight::token::Token::{self, *};
use unicode_general_category::{GeneralCategory as G, get_general_category};

static KEYWORDS_SET: Words = Words::new(KEYWORDS);

const KEYWORDS: &[&str] = &[
    "abstract",
    "annotation",
    "as",
    "break",
    "by",
    "catch",
    "class",
    "companion",
    "const",
    "constructor",
    "continue",
    "crossinline",
    "do",
    "dynamic",
    "else",
    "enum",
    "external",
    "false",
    "final",
    "finally",
    "for",
    "fun",
    "get",
    "if",
    "import",
    "in",
    "infix",
    "inline",
    "inner",
    "interface",
    "internal",
    "is",
    "lateinit",
    "noinline",
    "null",
    "object",
    "open",
    "operator",
    "out",
    "override",
    "package",
    "private",
    "protected",
    "public",
    "reified",
    "return",
    "sealed",
    "set",
    "super",
    "suspend",
    "tailrec",
    "this",
    "throw",
    "true",
    "try",
    "typealias",
    "typeof",
    "val",
    "var",
    "vararg",
    "when",
    "where",
    "while",
    "yield",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Package,
    Class,
    Function,
    GenericParameters,
    Property,
    Destructure,
    Comment,
}

/// The Kotlin lexer: its state stack and the next non-space character (for `^\s*\[`).
pub(crate) struct Kotlin {
    stack: Vec<State>,
    non_space: Ahead,
    triple_end: Ahead,
}

impl Kotlin {
    /// A Kotlin lexer at the start of its input.
    pub(crate) fn new() -> Kotlin {
        Kotlin {
            stack: vec![State::Root],
            non_space: Ahead::default(),
            triple_end: Ahead::default(),
        }
    }
}

impl Lex for Kotlin {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

/// A name character: `[-_\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Nl}\p{Nd}\p{Pc}\p{Cf}\p{Mn}\p{Mc}]`.
fn name_char(c: char) -> bool {
    c == '-'
        || c == '_'
        || matches!(
            get_general_category(c),
            G::UppercaseLetter
                | G::LowercaseLetter
                | G::TitlecaseLetter
                | G::ModifierLetter
                | G::LetterNumber
                | G::DecimalNumber
                | G::ConnectorPunctuation
                | G::Format
                | G::NonspacingMark
                | G::SpacingMark
        )
}

/// The first character of a name: `[_\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Nl}]`.
fn name_start(c: char) -> bool {
    c == '_'
        || matches!(
            get_general_category(c),
            G::UppercaseLetter
                | G::LowercaseLetter
                | G::TitlecaseLetter
                | G::ModifierLetter
                | G::LetterNumber
        )
}

fn class_start(c: char) -> bool {
    get_general_category(c) == G::UppercaseLetter
}

/// The longest `` `?[start]name_chars`? `` at `r`.
fn longest(r: &str, start: fn(char) -> bool) -> Option<usize> {
    let tick = usize::from(r.starts_with('`'));
    let first = r[tick..].chars().next().filter(|&c| start(c))?;
    let n = tick + first.len_utf8();
    let n = n + span(&r[n..], name_char);
    Some(n + usize::from(r[n..].starts_with('`')))
}

fn name(r: &str) -> Option<usize> {
    longest(r, name_start)
}

fn class_name(r: &str) -> Option<usize> {
    longest(r, class_start)
}

/// Every end a name at `r` can have, longest first (Onigmo's backtracking order).
fn name_ends(r: &str) -> Vec<usize> {
    let Some(max) = name(r) else {
        return Vec::new();
    };
    let tick = usize::from(r.starts_with('`'));
    let first = r[tick..].chars().next().map_or(1, char::len_utf8);
    let body_end = if r[..max].ends_with('`') && max > tick + first {
        max - 1
    } else {
        max
    };
    let mut ends = Vec::new();
    for (i, _) in r[..body_end].char_indices().rev() {
        let end = body_end - (body_end - i) + r[i..].chars().next().map_or(0, char::len_utf8);
        if end < tick + first {
            break;
        }
        if r[end..].starts_with('`') {
            ends.push(end + 1);
        }
        ends.push(end);
    }
    ends
}

/// Whether `\b` holds between `r[..k]` and `r[k..]`.
fn boundary(r: &str, k: usize) -> bool {
    let before = r[..k].chars().next_back().is_some_and(is_uword);
    let after = r[k..].chars().next().is_some_and(is_uword);
    before != after
}

/// `([0-9][0-9_]*[0-9])|[0-9]` and its like: the longest run of digits and underscores
/// that ends in a digit.
fn digits(r: &str, is_digit: impl Fn(char) -> bool) -> Option<usize> {
    if !r.starts_with(&is_digit) {
        return None;
    }
    let run = span(r, |c| is_digit(c) || c == '_');
    Some(r[..run].rfind(&is_digit).map_or(1, |i| i + 1))
}

fn dec(c: char) -> bool {
    c.is_ascii_digit()
}

/// `[eE][+-]?digits`.
fn exponent(r: &str) -> Option<usize> {
    if !r.starts_with(['e', 'E']) {
        return None;
    }
    let sign = usize::from(r[1..].starts_with(['+', '-']));
    digits(&r[1 + sign..], dec).map(|d| 1 + sign + d)
}

fn number(r: &str) -> Option<(Token, usize)> {
    let int = digits(r, dec);
    let f = |n: usize| n + usize::from(r[n..].starts_with(['f', 'F']));
    // `(digits)?\.digits(exponent)?`
    let dot = int.unwrap_or(0);
    if r[dot..].starts_with('.')
        && let Some(frac) = digits(&r[dot + 1..], dec)
    {
        let n = dot + 1 + frac;
        return Some((NumFloat, f(n + exponent(&r[n..]).unwrap_or(0))));
    }
    if let Some(d) = int {
        if let Some(e) = exponent(&r[d..]) {
            return Some((NumFloat, f(d + e)));
        }
        if r[d..].starts_with(['f', 'F']) {
            return Some((NumFloat, d + 1));
        }
    }
    let suffix = |n: usize| {
        let u = usize::from(r[n..].starts_with(['u', 'U']));
        n + u + usize::from(r[n + u..].starts_with('L'))
    };
    for (prefix, tok, is_digit) in [
        ("0b", NumBin, (|c| c == '0' || c == '1') as fn(char) -> bool),
        ("0x", NumHex, |c: char| c.is_ascii_hexdigit()),
    ] {
        if r.starts_with('0')
            && r[1..].starts_with([
                prefix.as_bytes()[1] as char,
                prefix.as_bytes()[1].to_ascii_uppercase() as char,
            ])
            && let Some(d) = digits(&r[2..], is_digit)
        {
            return Some((tok, suffix(2 + d)));
        }
    }
    // `([1-9][0-9_]*[0-9])|[0-9]`
    let d = if r.starts_with('0') { Some(1) } else { int };
    d.map(|d| (NumInteger, suffix(d)))
}

/// `"(\\\\|\\"|[^"\n])*["\n]`: up to the first quote or line break outside an escape;
/// with none, the last escaped quote closes.
fn string(r: &str) -> Option<usize> {
    let b = r.as_bytes();
    let mut last_escaped = None;
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'"' | b'\n' => return Some(i + 1),
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

/// `\b(word)(\s+)`: a word starting a declaration, and the spaces after it.
fn word_space(r: &str, word: &str) -> Option<usize> {
    r.starts_with(word)
        .then(|| span1(&r[word.len()..], is_space))
        .flatten()
}

impl Rules for Kotlin {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(c, out),
            State::Package => {
                let n = span1(r, |c| !is_space(c))?;
                self.stack.pop_states(1);
                emit(out, NameNamespace, r, n)
            }
            State::Class => {
                let n = class_name(r)?;
                self.stack.pop_states(1);
                emit(out, NameClass, r, n)
            }
            State::Function => {
                if r.starts_with('<') {
                    self.stack.push(State::GenericParameters);
                    return emit(out, Punctuation, r, 1);
                }
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                if let Some(n) = class_name(r)
                    && r[n..].starts_with('.')
                {
                    out.push(NameClass, &r[..n]);
                    return emit(out, Punctuation, &r[n..], 1).map(|_| n + 1);
                }
                let n = name(r)?;
                self.stack.pop_states(1);
                emit(out, NameFunction, r, n)
            }
            State::GenericParameters => {
                if let Some(n) = class_name(r) {
                    return emit(out, NameClass, r, n);
                }
                if r.starts_with('<') {
                    self.stack.push(State::GenericParameters);
                    return emit(out, Punctuation, r, 1);
                }
                for w in ["reified", "out", "in"] {
                    if r.starts_with(w) {
                        return emit(out, Keyword, r, w.len());
                    }
                }
                if let Some(n) = one_of(r, ",:.?") {
                    return emit(out, Punctuation, r, n);
                }
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                r.starts_with('>').then_some(())?;
                self.stack.pop_states(1);
                emit(out, Punctuation, r, 1)
            }
            State::Property => {
                if r.starts_with('<') {
                    self.stack.push(State::GenericParameters);
                    return emit(out, Punctuation, r, 1);
                }
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                let n = name(r)?;
                self.stack.pop_states(1);
                emit(out, NameProperty, r, n)
            }
            State::Destructure => {
                if r.starts_with(',') {
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with(')') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                name(r).and_then(|n| emit(out, NameProperty, r, n))
            }
            State::Comment => {
                if r.starts_with("/*") {
                    self.stack.push(State::Comment);
                    return emit(out, CommentMultiline, r, 2);
                }
                if r.starts_with("*/") {
                    self.stack.pop_states(1);
                    return emit(out, CommentMultiline, r, 2);
                }
                let n = span1(r, |c| c != '/' && c != '*').unwrap_or(1);
                emit(out, CommentMultiline, r, n)
            }
        }
    }
}

impl Kotlin {
    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if r.starts_with(is_uword)
            && let Some(n) = self.declarations(r, out)
        {
            return Some(n);
        }
        if let Some(n) = jump(r, out) {
            return Some(n);
        }
        if let Some(w) = span1(r, is_uword)
            && KEYWORDS_SET.contains(&r[..w])
        {
            return emit(out, Keyword, r, w);
        }
        if c.bol() {
            let ws = self
                .non_space
                .find(c, |s| s.find(|ch| !is_space(ch)))
                .unwrap_or(r.len());
            if r[ws..].starts_with('[')
                && let Some(close) = r[ws..ws + line_len(&r[ws..])].find(']')
            {
                return emit(out, NameAttribute, r, ws + close + 1);
            }
        }
        if let Some(n) = span1(r, |c| is_space(c) && c != '\n') {
            return emit(out, Text, r, n);
        }
        if r.starts_with("\\\n") {
            return emit(out, Text, r, 2);
        }
        if r.starts_with("//") {
            return emit(out, CommentSingle, r, line_len(r));
        }
        if r.starts_with("/*") {
            let line = line_len(r);
            if let Some(close) = r[2..line].rfind("*/") {
                return emit(out, CommentMultiline, r, close + 4);
            }
            self.stack.push(State::Comment);
            return emit(out, CommentMultiline, r, line);
        }
        if r.starts_with('\n') {
            return emit(out, Text, r, 1);
        }
        if r.starts_with("::class") {
            out.push(Operator, "::");
            return emit(out, Keyword, &r[2..], 5).map(|_| 7);
        }
        if r.starts_with("::") || r.starts_with("!!") || r.starts_with("?:") || r.starts_with("?.")
        {
            return emit(out, Operator, r, 2);
        }
        if r.starts_with("..") {
            return emit(out, Operator, r, 2);
        }
        if let Some((tok, n)) = number(r) {
            return emit(out, tok, r, n);
        }
        if let Some(n) = one_of(r, "~!%^&*()+=|[]:;,.<>/?-{}") {
            return emit(out, Punctuation, r, n);
        }
        if r.starts_with("@\"")
            && let Some(n) = crate::highlight::scan::verbatim_string(r)
        {
            return emit(out, Str, r, n);
        }
        if r.starts_with("\"\"\"") {
            let after = Cursor {
                src: c.src,
                pos: c.pos + 3,
            };
            if let Some(end) = self.triple_end.find(after, |s| s.find("\"\"\"")) {
                return emit(out, Str, r, 3 + end + 3);
            }
        }
        if r.starts_with('"')
            && let Some(n) = string(r)
        {
            return emit(out, Str, r, n);
        }
        if let Some(rest) = r.strip_prefix('\'') {
            let n = if let Some(esc) = rest.strip_prefix('\\') {
                esc.chars()
                    .next()
                    .filter(|&c| c != '\n')
                    .map(|c| 1 + c.len_utf8())
            } else {
                rest.chars().next().map(char::len_utf8)
            };
            if let Some(n) = n
                && rest[n..].starts_with('\'')
            {
                return emit(out, StrChar, r, n + 2);
            }
        }
        if let Some(n) = r.strip_prefix('@').and_then(class_name) {
            return emit(out, NameDecorator, r, 1 + n);
        }
        if let Some(n) = class_name(r) {
            if r[n..].starts_with('<') {
                self.stack.push(State::GenericParameters);
                out.push(NameClass, &r[..n]);
                return emit(out, Punctuation, &r[n..], 1).map(|_| n + 1);
            }
            return emit(out, NameClass, r, n);
        }
        let n = name(r)?;
        let ws = span(&r[n..], is_space);
        if r[n + ws..].starts_with(['(', '{']) {
            return emit(out, NameFunction, r, n);
        }
        if r[n..].starts_with('@') {
            return emit(out, NameDecorator, r, n + 1);
        }
        emit(out, Name, r, n)
    }

    /// The rules that start with `\b` and a declaring word.
    fn declarations(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(ws) = word_space(r, "companion")
            && r[9 + ws..].starts_with("object")
            && !r[9 + ws + 6..].starts_with(is_uword)
        {
            out.push(Keyword, "companion");
            out.push(Text, &r[9..9 + ws]);
            out.push(Keyword, "object");
            return Some(9 + ws + 6);
        }
        // `class|data\s+class|interface|object`, then spaces.
        let data = r
            .strip_prefix("data")
            .and_then(|rest| span1(rest, is_space))
            .filter(|&ws| r[4 + ws..].starts_with("class"))
            .map(|ws| 4 + ws + 5);
        let decl = [
            r.starts_with("class").then_some(5),
            data,
            r.starts_with("interface").then_some(9),
            r.starts_with("object").then_some(6),
        ]
        .into_iter()
        .flatten()
        .find(|&n| r[n..].starts_with(is_space));
        if let Some(n) = decl {
            let ws = span(&r[n..], is_space);
            out.push(KeywordDeclaration, &r[..n]);
            out.push(Text, &r[n..n + ws]);
            self.stack.push(State::Class);
            return Some(n + ws);
        }
        for (word, state) in [
            ("fun", State::Function),
            ("package", State::Package),
            ("import", State::Package),
        ] {
            if let Some(ws) = word_space(r, word) {
                out.push(Keyword, word);
                out.push(Text, &r[word.len()..word.len() + ws]);
                self.stack.push(state);
                return Some(word.len() + ws);
            }
        }
        for word in ["val", "var"] {
            if let Some(ws) = word_space(r, word) {
                out.push(KeywordDeclaration, word);
                out.push(Text, &r[3..3 + ws]);
                if r[3 + ws..].starts_with('(') {
                    out.push(Punctuation, "(");
                    self.stack.push(State::Destructure);
                    return Some(3 + ws + 1);
                }
                self.stack.push(State::Property);
                return Some(3 + ws);
            }
        }
        None
    }
}

/// `(return|continue|break|this|super)(@name)?\b`.
fn jump(r: &str, out: &mut Tokens) -> Option<usize> {
    let word = ["return", "continue", "break", "this", "super"]
        .into_iter()
        .find(|w| r.starts_with(w))?;
    let k = word.len();
    if let Some(label) = r[k..].strip_prefix('@')
        && let Some(end) = name_ends(label)
            .into_iter()
            .find(|&e| boundary(&r[k + 1..], e))
    {
        out.push(Keyword, word);
        return emit(out, NameDecorator, &r[k..], 1 + end).map(|n| k + n);
    }
    boundary(r, k).then(|| emit(out, Keyword, r, k))?
}
