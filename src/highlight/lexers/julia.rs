//! Rouge's `julia` lexer (`jl`). Its operator list is an ordered alternation, so `+=` lexes
//! as `+` and `=`; its keyword regexes are in extended mode, which drops the spaces inside
//! `mutable struct`, `abstract type` and `for outer`.

use super::julia_words::TYPES;
use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, StateStack, Tokens, drive, emit, first_of, is_space, is_uword,
    is_word, line_len, span, span1,
};
use crate::highlight::token::Token::{self, *};
use unicode_general_category::{GeneralCategory as G, get_general_category};

const KEYWORDS: &[&str] = &[
    "function",
    "return",
    "module",
    "import",
    "export",
    "if",
    "else",
    "elseif",
    "end",
    "for",
    "in",
    "isa",
    "while",
    "try",
    "catch",
    "const",
    "local",
    "global",
    "using",
    "struct",
    "mutablestruct",
    "abstracttype",
    "finally",
    "begin",
    "do",
    "quote",
    "macro",
    "forouter",
    "where",
];

const BUILTINS: &[&str] = &[
    "true",
    "false",
    "missing",
    "nothing",
    "Inf",
    "Inf16",
    "Inf32",
    "Inf64",
    "NaN",
    "NaN16",
    "NaN32",
    "NaN64",
    "stdout",
    "stderr",
    "stdin",
    "devnull",
    "pi",
    "π",
    "ℯ",
    "im",
    "ARGS",
    "C_NULL",
    "ENV",
    "ENDIAN_BOM",
    "VERSION",
    "undef",
    "LOAD_PATH",
    "DEPOT_PATH",
];

/// In Rouge's order: the first that matches wins, longer or not.
const OPERATORS: &[&str] = &[
    "+", "=", "-", "*", "/", "\\", "&", "|", "$", "~", "^", "%", "!", ">>>", ">>", "<<", "÷=", "≠",
    "<=", "≤", ">=", "≥", ".", "::", "<:", "?", "<", ">", "÷", ":",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    FuncName,
    TypeName,
    BlockComment,
    String,
}

/// The Julia lexer: its state stack and where the next `}` or line break is (for `\N{…}`).
pub(crate) struct Julia {
    stack: Vec<State>,
    brace: Ahead,
}

impl Julia {
    /// A Julia lexer at the start of its input.
    pub(crate) fn new() -> Julia {
        Julia {
            stack: vec![State::Root],
            brace: Ahead::default(),
        }
    }
}

impl Lex for Julia {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

/// `\p{S}`: a symbol.
fn is_symbol(c: char) -> bool {
    matches!(
        get_general_category(c),
        G::MathSymbol | G::CurrencySymbol | G::ModifierSymbol | G::OtherSymbol
    )
}

/// `[\p{L}\p{Nl}\p{S}_][\p{Word}\p{S}\p{Po}!]*`: a function or type name.
fn def_name(r: &str) -> Option<usize> {
    let first = r.chars().next()?;
    let starts = first == '_'
        || is_symbol(first)
        || first.is_alphabetic() && get_general_category(first) != G::OtherNumber
        || get_general_category(first) == G::LetterNumber;
    if !starts {
        return None;
    }
    let n = first.len_utf8();
    Some(
        n + span(&r[n..], |c| {
            is_uword(c)
                || is_symbol(c)
                || c == '!'
                || get_general_category(c) == G::OtherPunctuation
        }),
    )
}

/// `(?:\s|\\\s)+`.
fn def_space(r: &str) -> usize {
    let b = r.as_bytes();
    let mut i = 0;
    loop {
        if i < b.len() && is_space(b[i] as char) {
            i += 1;
        } else if i + 1 < b.len() && b[i] == b'\\' && is_space(b[i + 1] as char) {
            i += 2;
        } else {
            return i;
        }
    }
}

/// A name character: `[a-zA-Z_0-9\u00A1-\uffff]`.
fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || ('\u{a1}'..='\u{ffff}').contains(&c)
}

/// `\d+(_\d+)*`: digits with single underscores, and how many underscore groups.
fn grouped(r: &str, is_digit: impl Fn(char) -> bool) -> (usize, usize) {
    let mut n = span(r, &is_digit);
    if n == 0 {
        return (0, 0);
    }
    let mut groups = 0;
    while r[n..].starts_with('_') {
        match span(&r[n + 1..], &is_digit) {
            0 => break,
            d => {
                n += 1 + d;
                groups += 1;
            }
        }
    }
    (n, groups)
}

fn dec(c: char) -> bool {
    c.is_ascii_digit()
}

/// `[eEf][+-]?[0-9]+`.
fn exponent(r: &str) -> usize {
    if !r.starts_with(['e', 'E', 'f']) {
        return 0;
    }
    let sign = usize::from(r[1..].starts_with(['+', '-']));
    match span(&r[1 + sign..], dec) {
        0 => 0,
        d => 1 + sign + d,
    }
}

/// Julia's number rules in Rouge's order.
fn number(r: &str) -> Option<(Token, usize)> {
    let d = span(r, dec);
    let (g, groups) = grouped(r, dec);
    let float = |n: usize| Some((NumFloat, n + exponent(&r[n..])));
    // `\d+(_\d+)+\.\d*` or `\d*\.\d+(_\d+)+`
    if groups > 0 && r[g..].starts_with('.') {
        return float(g + 1 + span(&r[g + 1..], dec));
    }
    if r[d..].starts_with('.') {
        let (f, fgroups) = grouped(&r[d + 1..], dec);
        if fgroups > 0 {
            return float(d + 1 + f);
        }
        // `\d+\.\d*` or `\d*\.\d+`
        let frac = span(&r[d + 1..], dec);
        if d > 0 || frac > 0 {
            return float(d + 1 + frac);
        }
    }
    if groups > 0 && exponent(&r[g..]) > 0 {
        return Some((NumFloat, g + exponent(&r[g..])));
    }
    if d > 0 && exponent(&r[d..]) > 0 {
        return Some((NumFloat, d + exponent(&r[d..])));
    }
    type IsDigit = fn(char) -> bool;
    let radix: [(&str, Token, IsDigit); 3] = [
        ("0b", NumBin, |c| matches!(c, '0' | '1')),
        ("0o", NumOct, |c| matches!(c, '0'..='7')),
        ("0x", NumHex, |c| c.is_ascii_hexdigit()),
    ];
    for (prefix, tok, is_digit) in radix {
        if let Some(rest) = r.strip_prefix(prefix) {
            let (n, _) = grouped(rest, is_digit);
            if n > 0 {
                return Some((tok, 2 + n));
            }
        }
    }
    (g > 0).then_some((NumInteger, g))
}

/// The character-literal rule: the first escape form a closing quote follows.
fn char_literal(r: &str) -> Option<usize> {
    let rest = r.strip_prefix('\'')?;
    let mut tries: Vec<usize> = Vec::new();
    if let Some(esc) = rest.strip_prefix('\\') {
        if let Some(ch) = esc.chars().next().filter(|&c| c != '\n') {
            tries.push(1 + ch.len_utf8());
        }
        let octal = span(esc, |c| matches!(c, '0'..='7')).min(3);
        tries.extend((1..=octal).rev().map(|k| 1 + k));
        for (letter, max) in [('x', 3), ('u', 4), ('U', 6)] {
            if let Some(hex) = esc.strip_prefix(letter) {
                let h = span(hex, |c| c.is_ascii_hexdigit()).min(max);
                tries.extend((1..=h).rev().map(|k| 2 + k));
            }
        }
    } else if let Some(ch) = rest.chars().next().filter(|&c| c != '\'' && c != '\n') {
        tries.push(ch.len_utf8());
    }
    tries
        .into_iter()
        .find(|&n| rest[n..].starts_with('\''))
        .map(|n| n + 2)
}

/// The maximal word at `r` if it is one of `words` (`\b(?:words)\b`).
fn whole_word(r: &str, words: &[&str]) -> Option<usize> {
    let n = span1(r, is_uword)?;
    words.contains(&&r[..n]).then_some(n)
}

impl Rules for Julia {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(r, out),
            State::FuncName => {
                if let Some(n) = def_name(r) {
                    self.stack.pop_states(1);
                    return emit(out, NameFunction, r, n);
                }
                let op = |c: char| !is_space(c) && !is_word(c) && c != '{';
                let n = r
                    .strip_prefix('(')
                    .and_then(|inner| {
                        let k = span(inner, op).min(2);
                        // `\([^\s\w{]{1,2}\)`, trying two characters, then one.
                        (1..=k)
                            .rev()
                            .map(|k| inner.char_indices().nth(k).map_or(inner.len(), |(i, _)| i))
                            .find(|&i| inner[i..].starts_with(')'))
                            .map(|i| i + 2)
                    })
                    .or_else(|| {
                        let k = r.chars().take(2).take_while(|&c| op(c)).count();
                        (k > 0).then(|| r.char_indices().nth(k).map_or(r.len(), |(i, _)| i))
                    })?;
                self.stack.pop_states(1);
                emit(out, Operator, r, n)
            }
            State::TypeName => {
                let n = def_name(r)?;
                self.stack.pop_states(1);
                emit(out, NameClass, r, n)
            }
            State::BlockComment => {
                if r.starts_with("#=") {
                    self.stack.push(State::BlockComment);
                    return emit(out, CommentMultiline, r, 2);
                }
                if r.starts_with("=#") {
                    self.stack.pop_states(1);
                    return emit(out, CommentMultiline, r, 2);
                }
                let n = r.chars().next()?.len_utf8();
                emit(out, CommentMultiline, r, n)
            }
            State::String => self.string(c, out),
        }
    }
}

impl Julia {
    fn root(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if r.starts_with('\n') {
            return emit(out, Text, r, 1);
        }
        if let Some(n) = span1(r, |c| is_space(c) && c != '\n') {
            return emit(out, Text, r, n);
        }
        if r.starts_with("#=") {
            self.stack.push(State::BlockComment);
            return emit(out, CommentMultiline, r, 2);
        }
        if r.starts_with('#') {
            return emit(out, Comment, r, line_len(r));
        }
        if let Some(n) = first_of(r, OPERATORS) {
            return emit(out, Operator, r, n);
        }
        for (word, tok, state) in [
            ("function", NameFunction, State::FuncName),
            ("macro", NameFunction, State::FuncName),
            ("mutable struct", NameClass, State::TypeName),
            ("struct", NameClass, State::TypeName),
            ("abstract type", NameClass, State::TypeName),
            ("primitive type", NameClass, State::TypeName),
        ] {
            if let Some(rest) = r.strip_prefix(word) {
                let ws = def_space(rest);
                if ws > 0 {
                    out.push(Keyword, word);
                    out.push(tok, &rest[..ws]);
                    self.stack.push(state);
                    return Some(word.len() + ws);
                }
            }
        }
        if let Some(n) = span1(r, is_uword) {
            let word = &r[..n];
            if TYPES.binary_search(&word).is_ok() {
                return emit(out, KeywordType, r, n);
            }
            if matches!(word, "local" | "global" | "const") {
                return emit(out, KeywordDeclaration, r, n);
            }
        }
        if let Some(n) = whole_word(r, KEYWORDS) {
            return emit(out, Keyword, r, n);
        }
        if let Some(n) = whole_word(r, BUILTINS) {
            return emit(out, NameBuiltin, r, n);
        }
        if r.starts_with('`')
            && let Some(close) = r[1..line_len(r)].find('`')
        {
            return emit(out, StrBacktick, r, close + 2);
        }
        if let Some(n) = char_literal(r) {
            return emit(out, StrChar, r, n);
        }
        let prefix = usize::from(r.starts_with(['I', 'L', 'E']));
        if r[prefix..].starts_with('"') {
            self.stack.push(State::String);
            return emit(out, Str, r, prefix + 1);
        }
        if let Some(name) = r.strip_prefix('@')
            && let Some(n) = span1(name, |c| is_word(c) || c == '.')
        {
            return emit(out, NameDecorator, r, 1 + n);
        }
        if r.starts_with(|c: char| name_char(c) && !c.is_ascii_digit()) {
            let n = span(r, name_char);
            let bangs = span(&r[n..], |c| c == '!');
            return emit(out, Name, r, n + bangs);
        }
        if r.starts_with(|c| "[]{}(),;".contains(c)) {
            return emit(out, Other, r, 1);
        }
        let (tok, n) = number(r)?;
        emit(out, tok, r, n)
    }

    fn string(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = self.escape(c) {
            return emit(out, StrEscape, r, n);
        }
        if r.starts_with('"') {
            self.stack.pop_states(1);
            return emit(out, Str, r, 1);
        }
        if let Some(rest) = r.strip_prefix('$') {
            // `\$(\(\w+\))?[-#0 +]*([0-9]+|[*])?(\.([0-9]+|[*]))?`
            let mut i = 0;
            if let Some(inner) = rest.strip_prefix('(')
                && let Some(w) = span1(inner, is_word)
                && inner[w..].starts_with(')')
            {
                i = w + 2;
            }
            i += span(&rest[i..], |c| "-#0 +".contains(c));
            let width = |s: &str| {
                if s.starts_with('*') { 1 } else { span(s, dec) }
            };
            i += width(&rest[i..]);
            if rest[i..].starts_with('.') {
                let p = width(&rest[i + 1..]);
                if p > 0 {
                    i += 1 + p;
                }
            }
            return emit(out, StrInterpol, r, 1 + i);
        }
        if let Some(n) = span1(r, |c| !matches!(c, '\\' | '"' | '$')) {
            return emit(out, Str, r, n);
        }
        emit(out, Str, r, 1)
    }

    /// The `stringescape` rule.
    fn escape(&mut self, c: Cursor<'_>) -> Option<usize> {
        let r = c.rest();
        let esc = r.strip_prefix('\\')?;
        let first = esc.chars().next()?;
        if "\\abfnrtv\"'\n".contains(first) {
            return Some(2);
        }
        if esc.starts_with("N{") {
            let at = Cursor {
                src: c.src,
                pos: c.pos + 3,
            };
            let stop = self.brace.find(at, |s| s.find(['}', '\n']))?;
            if esc[2 + stop..].starts_with('}') {
                return Some(3 + stop + 1);
            }
            return None;
        }
        let hex = |len: usize| {
            let h = &esc.as_bytes()[1..];
            (h.len() >= len && h[..len].iter().all(u8::is_ascii_hexdigit)).then_some(2 + len)
        };
        match first {
            'u' => hex(4),
            'U' => hex(8),
            'x' => hex(2),
            '0'..='7' => Some(1 + span(esc, |c| matches!(c, '0'..='7')).min(3)),
            _ => None,
        }
    }
}
