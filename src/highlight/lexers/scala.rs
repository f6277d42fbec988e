//! Rouge's `scala` lexer. Identifiers (`idrest`) are letters and digits, and after a final
//! `_` operator characters too (`op_+`); where a rule needs something after one (a word
//! boundary, no quote), Onigmo backs off through shorter identifiers, so we try each end.

use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, StateStack, Tokens, drive, emit, is_space, is_uword, line_len, span,
    span1,
};
use crate::highlight::token::Token::{self, *};
use unicode_general_category::{GeneralCategory as G, get_general_category};

const KEYWORDS: &[&str] = &[
    "abstract",
    "case",
    "catch",
    "def",
    "do",
    "else",
    "extends",
    "final",
    "finally",
    "for",
    "forSome",
    "if",
    "implicit",
    "lazy",
    "match",
    "new",
    "override",
    "private",
    "protected",
    "requires",
    "return",
    "sealed",
    "super",
    "this",
    "throw",
    "try",
    "val",
    "var",
    "while",
    "with",
    "yield",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Class,
    Type,
    TypeParam,
    Comment,
    Import,
}

/// The Scala lexer: its state stack and where the next `"""` is.
pub(crate) struct Scala {
    stack: Vec<State>,
    triple: Ahead,
}

impl Scala {
    /// A Scala lexer at the start of its input.
    pub(crate) fn new() -> Scala {
        Scala {
            stack: vec![State::Root],
            triple: Ahead::default(),
        }
    }
}

impl Lex for Scala {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

fn is_letter_cat(c: char) -> bool {
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
    )
}

/// `[\p{L}$_]`.
fn letter(c: char) -> bool {
    c == '$' || c == '_' || is_letter_cat(c)
}

/// `[\p{Lu}$_]`.
fn upper(c: char) -> bool {
    c == '$' || c == '_' || get_general_category(c) == G::UppercaseLetter
}

/// An operator character: `[\u0020-\u007F\p{Sm}\p{So}]` that is not a space, letter,
/// digit, bracket or delimiter.
fn op(c: char) -> bool {
    let base = ('\u{20}'..='\u{7f}').contains(&c)
        || matches!(get_general_category(c), G::MathSymbol | G::OtherSymbol);
    base && !c.is_whitespace() && !letter(c) && !c.is_ascii_digit() && !"(){}[]‘’\".;,".contains(c)
}

/// Every end of `idrest` at `r`, in Onigmo's order (longest first).
fn idrest_ends(r: &str) -> Vec<usize> {
    let Some(first) = r.chars().next().filter(|&c| letter(c)) else {
        return Vec::new();
    };
    let k_max =
        first.len_utf8() + span(&r[first.len_utf8()..], |c| letter(c) || c.is_ascii_digit());
    let mut ends = Vec::new();
    if r[..k_max].ends_with('_') {
        let ops: Vec<usize> = r[k_max..]
            .char_indices()
            .take_while(|&(_, c)| op(c))
            .map(|(i, c)| k_max + i + c.len_utf8())
            .collect();
        ends.extend(ops.into_iter().rev());
    }
    for (i, c) in r[..k_max].char_indices().rev() {
        ends.push(i + c.len_utf8());
    }
    ends
}

/// The longest `idrest` at `r`.
fn idrest(r: &str) -> Option<usize> {
    let first = r.chars().next().filter(|&c| letter(c))?;
    let k = first.len_utf8() + span(&r[first.len_utf8()..], |c| letter(c) || c.is_ascii_digit());
    Some(if r[..k].ends_with('_') {
        k + span(&r[k..], op)
    } else {
        k
    })
}

/// `idrest|op+|`[^`]+``: a name of any kind.
fn any_name(r: &str) -> Option<usize> {
    idrest(r).or_else(|| span1(r, op)).or_else(|| backquoted(r))
}

/// `` `[^`]+` ``.
fn backquoted(r: &str) -> Option<usize> {
    let body = r.strip_prefix('`')?;
    let n = span1(body, |c| c != '`')?;
    body[n..].starts_with('`').then_some(n + 2)
}

/// Whether `\b` holds between `r[..k]` and `r[k..]`.
fn boundary(r: &str, k: usize) -> bool {
    let before = r[..k].chars().next_back().is_some_and(is_uword);
    let after = r[k..].chars().next().is_some_and(is_uword);
    before != after
}

/// `typechunk(?:\.typechunk)*`, where a chunk is an identifier or operators then a
/// back-quoted name.
fn type_chain(r: &str) -> Option<usize> {
    let chunk = |s: &str| {
        idrest(s).or_else(|| {
            let o = span1(s, op)?;
            backquoted(&s[o..]).map(|b| o + b)
        })
    };
    let mut n = chunk(r)?;
    while let Some(rest) = r[n..].strip_prefix('.') {
        match chunk(rest) {
            Some(k) => n += 1 + k,
            None => break,
        }
    }
    Some(n)
}

/// `'\\.'|'[^\\]'|'\\u[0-9a-fA-F]{4}'`.
fn char_literal(r: &str) -> Option<usize> {
    let rest = r.strip_prefix('\'')?;
    if let Some(esc) = rest.strip_prefix('\\') {
        if let Some(ch) = esc.chars().next().filter(|&c| c != '\n')
            && esc[ch.len_utf8()..].starts_with('\'')
        {
            return Some(3 + ch.len_utf8());
        }
        let hex = esc.strip_prefix('u')?;
        let ok = hex.len() >= 4 && hex.as_bytes()[..4].iter().all(u8::is_ascii_hexdigit);
        return (ok && hex[4..].starts_with('\'')).then_some(8);
    }
    let ch = rest.chars().next()?;
    rest[ch.len_utf8()..]
        .starts_with('\'')
        .then_some(2 + ch.len_utf8())
}

/// The keyword-like operators of `type` (`<[%:]|>:|[#_⇒]|forSome|type`) and, with `=>`,
/// of `typeparam`.
fn type_keyword(r: &str, arrow: bool) -> Option<usize> {
    if r.starts_with('<') && r[1..].starts_with(['%', ':']) {
        return Some(2);
    }
    if (arrow && r.starts_with("=>")) || r.starts_with(">:") {
        return Some(2);
    }
    if let Some(c) = r.chars().next().filter(|&c| "#_⇒".contains(c)) {
        return Some(c.len_utf8());
    }
    ["forSome", "type"]
        .into_iter()
        .find(|w| r.starts_with(w))
        .map(str::len)
}

fn number(r: &str) -> Option<(Token, usize)> {
    let d = span(r, |c| c.is_ascii_digit());
    if d > 0 && r[d..].starts_with('.') {
        let mut n = d + 1 + span(&r[d + 1..], |c| c.is_ascii_digit());
        if r[n..].starts_with(['e', 'E']) {
            let sign = usize::from(r[n + 1..].starts_with(['+', '-']));
            if let Some(e) = span1(&r[n + 1 + sign..], |c| c.is_ascii_digit()) {
                n += 1 + sign + e;
            }
        }
        return Some((
            NumFloat,
            n + usize::from(r[n..].starts_with(['f', 'F', 'd', 'D'])),
        ));
    }
    if d > 0 && r[d..].starts_with(['f', 'F', 'd', 'D']) {
        return Some((NumFloat, d + 1));
    }
    if r.starts_with("0x")
        && let Some(h) = span1(&r[2..], |c| c.is_ascii_hexdigit())
    {
        return Some((NumHex, 2 + h));
    }
    (d > 0).then(|| (NumInteger, d + usize::from(r[d..].starts_with('L'))))
}

/// `(word)(\s+)`: the spaces after `word`.
fn word_space(r: &str, word: &str) -> Option<usize> {
    r.strip_prefix(word).and_then(|rest| span1(rest, is_space))
}

impl Rules for Scala {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(c, out),
            State::Class => {
                if let Some(n) = any_name(r) {
                    let ws = span(&r[n..], is_space);
                    if r[n + ws..].starts_with('[') {
                        out.push(NameClass, &r[..n]);
                        out.push(Text, &r[n..n + ws]);
                        out.push(Operator, "[");
                        self.stack.push(State::TypeParam);
                        return Some(n + ws + 1);
                    }
                }
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                if r.starts_with(['{', '(']) {
                    self.stack.pop_states(1);
                    return emit(out, Operator, r, 1);
                }
                if r.starts_with("//") {
                    self.stack.pop_states(1);
                    return emit(out, CommentSingle, r, line_len(r));
                }
                let n = any_name(r)?;
                self.stack.pop_states(1);
                emit(out, NameClass, r, n)
            }
            State::Type => self.type_state(r, out),
            State::TypeParam => {
                if let Some(n) = span1(r, |c| is_space(c) || c == ',') {
                    return emit(out, Text, r, n);
                }
                if let Some(n) = type_keyword(r, true) {
                    return emit(out, Keyword, r, n);
                }
                if r.starts_with([']', ')', '}']) {
                    self.stack.pop_states(1);
                    return emit(out, Operator, r, 1);
                }
                if r.starts_with(['(', '[', '{']) {
                    self.stack.push(State::TypeParam);
                    return emit(out, Operator, r, 1);
                }
                let n = if r.starts_with('.') {
                    Some(1)
                } else {
                    any_name(r)
                }?;
                emit(out, KeywordType, r, n)
            }
            State::Comment => {
                if let Some(n) = span1(r, |c| c != '/' && c != '*') {
                    return emit(out, CommentMultiline, r, n);
                }
                if r.starts_with("/*") {
                    self.stack.push(State::Comment);
                    return emit(out, CommentMultiline, r, 2);
                }
                if r.starts_with("*/") {
                    self.stack.pop_states(1);
                    return emit(out, CommentMultiline, r, 2);
                }
                emit(out, CommentMultiline, r, 1)
            }
            State::Import => {
                let n = crate::highlight::scan::dotted(r, idrest);
                if n == 0 {
                    return None;
                }
                self.stack.pop_states(1);
                emit(out, NameNamespace, r, n)
            }
        }
    }
}

impl Scala {
    fn type_state(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        if let Some(n) = type_keyword(r, false) {
            return emit(out, Keyword, r, n);
        }
        let close = if r.starts_with([',', ')', ';', '}']) {
            Some(1)
        } else if r.starts_with("=>") {
            Some(2)
        } else if r.starts_with('=') {
            Some(1)
        } else {
            None
        };
        if let Some(n) = close {
            let ws = span(&r[n..], is_space);
            out.push(Operator, &r[..n]);
            out.push(Text, &r[n..n + ws]);
            self.stack.pop_states(1);
            return Some(n + ws);
        }
        if r.starts_with(['(', '{']) {
            self.stack.push(State::Type);
            return emit(out, Operator, r, 1);
        }
        if let Some(n) = type_chain(r) {
            let ws = span(&r[n..], is_space);
            if r[n + ws..].starts_with('[') {
                out.push(KeywordType, &r[..n]);
                out.push(Text, &r[n..n + ws]);
                out.push(Operator, "[");
                self.stack.goto(State::TypeParam);
                return Some(n + ws + 1);
            }
            // `(\s*)$`: the spaces up to the last line break among them, or to the end.
            let spaces = &r[n..n + ws];
            let to = if n + ws == r.len() {
                Some(ws)
            } else {
                spaces.rfind('\n')
            };
            if let Some(t) = to {
                out.push(KeywordType, &r[..n]);
                out.push(Text, &spaces[..t]);
                self.stack.pop_states(1);
                return Some(n + t);
            }
        }
        if r.starts_with("//") {
            self.stack.pop_states(1);
            return emit(out, CommentSingle, r, line_len(r));
        }
        let n = if r.starts_with('.') {
            Some(1)
        } else {
            any_name(r)
        }?;
        emit(out, KeywordType, r, n)
    }

    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        for w in ["class", "trait", "object"] {
            if let Some(ws) = word_space(r, w) {
                out.push(Keyword, w);
                out.push(Text, &r[w.len()..w.len() + ws]);
                self.stack.push(State::Class);
                return Some(w.len() + ws);
            }
        }
        if let Some(rest) = r.strip_prefix('\'')
            && let Some(e) = idrest_ends(rest)
                .into_iter()
                .find(|&e| !rest[e..].starts_with('\''))
        {
            return emit(out, StrSymbol, r, 1 + e);
        }
        if let Some(n) = span1(r, |c| is_space(c) && c != '\n') {
            return emit(out, Text, r, n);
        }
        if r.starts_with("//") {
            return emit(out, CommentSingle, r, line_len(r));
        }
        if r.starts_with("/*") {
            self.stack.push(State::Comment);
            return emit(out, CommentMultiline, r, 2);
        }
        if let Some(n) = r.strip_prefix('@').and_then(idrest) {
            return emit(out, NameDecorator, r, 1 + n);
        }
        for (w, tok) in [("def", NameFunction), ("val", NameVariable)] {
            if let Some(ws) = word_space(r, w)
                && let Some(n) = any_name(&r[3 + ws..])
            {
                let at = 3 + ws + n;
                let ws2 = span(&r[at..], is_space);
                out.push(Keyword, w);
                out.push(Text, &r[3..3 + ws]);
                out.push(tok, &r[3 + ws..at]);
                out.push(Text, &r[at..at + ws2]);
                return Some(at + ws2);
            }
        }
        let property = |s: &str| -> Option<(usize, usize)> {
            // `(\n*)(\.)(idrest)` after a name.
            let nl = span(s, |c| c == '\n');
            let p = s[nl..].strip_prefix('.').and_then(idrest)?;
            Some((nl, p))
        };
        if r.starts_with("this")
            && let Some((nl, p)) = property(&r[4..])
        {
            out.push(Keyword, "this");
            out.push(Text, &r[4..4 + nl]);
            out.push(Operator, ".");
            return emit(out, NameProperty, &r[5 + nl..], p).map(|p| 5 + nl + p);
        }
        if let Some(n) = idrest(r)
            && let Some((nl, p)) = property(&r[n..])
        {
            out.push(NameVariable, &r[..n]);
            out.push(Text, &r[n..n + nl]);
            out.push(Operator, ".");
            return emit(out, NameProperty, &r[n + 1 + nl..], p).map(|p| n + 1 + nl + p);
        }
        if let Some(first) = r.chars().next().filter(|&c| upper(c)) {
            let k = first.len_utf8();
            if let Some(e) = idrest_ends(&r[k..])
                .into_iter()
                .find(|&e| boundary(r, k + e))
            {
                return emit(out, NameClass, r, k + e);
            }
        }
        if let Some(n) = idrest(r) {
            let ws = span(&r[n..], char::is_whitespace);
            if r[n + ws..].starts_with('(') {
                out.push(NameFunction, &r[..n]);
                out.push(Text, &r[n..n + ws]);
                out.push(Operator, "(");
                return Some(n + ws + 1);
            }
        }
        if let Some(p) = r.strip_prefix('.').and_then(idrest) {
            out.push(Operator, ".");
            return emit(out, NameProperty, &r[1..], p).map(|p| 1 + p);
        }
        if let Some(n) = self.keyword(r) {
            return emit(out, Keyword, r, n);
        }
        if r.starts_with(':') && !r[1..].starts_with(op) {
            self.stack.push(State::Type);
            return emit(out, Keyword, r, 1);
        }
        if let Some(w) = ["true", "false", "null"]
            .into_iter()
            .find(|w| r.starts_with(w) && boundary(r, w.len()))
        {
            return emit(out, KeywordConstant, r, w.len());
        }
        for (w, state) in [
            ("import", State::Import),
            ("package", State::Import),
            ("type", State::Type),
        ] {
            if let Some(ws) = word_space(r, w) {
                out.push(Keyword, w);
                out.push(Text, &r[w.len()..w.len() + ws]);
                self.stack.push(state);
                return Some(w.len() + ws);
            }
        }
        if r.starts_with("\"\"\"") {
            let after = Cursor {
                src: c.src,
                pos: c.pos + 3,
            };
            if let Some(at) = self.triple.find(after, |s| s.find("\"\"\"")) {
                let end = 3 + at + span(&r[3 + at..], |c| c == '"');
                return emit(out, Str, r, end);
            }
        }
        if r.starts_with('"')
            && let Some(n) = crate::highlight::scan::escaped_string(r)
        {
            return emit(out, Str, r, n);
        }
        if let Some(n) = char_literal(r) {
            return emit(out, StrChar, r, n);
        }
        if let Some(n) = idrest(r).or_else(|| backquoted(r)) {
            return emit(out, Name, r, n);
        }
        if r.starts_with('[') {
            self.stack.push(State::TypeParam);
            return emit(out, Operator, r, 1);
        }
        if r.starts_with(|c| "(){};,.#".contains(c)) {
            return emit(out, Operator, r, 1);
        }
        if let Some(n) = span1(r, op) {
            return emit(out, Operator, r, n);
        }
        if let Some((tok, n)) = number(r) {
            return emit(out, tok, r, n);
        }
        r.starts_with('\n').then(|| emit(out, Text, r, 1))?
    }

    /// `(keywords)\b|(<[%:-]|=>|>:|[#=@_⇒←])(\b|(?=\s)|$)`.
    fn keyword(&self, r: &str) -> Option<usize> {
        if let Some(w) = KEYWORDS
            .iter()
            .find(|w| r.starts_with(*w) && boundary(r, w.len()))
        {
            return Some(w.len());
        }
        let fits = |n: usize| {
            let rest = &r[n..];
            boundary(r, n)
                || rest.starts_with(is_space)
                || rest.is_empty()
                || rest.starts_with('\n')
        };
        let mut forms: Vec<usize> = Vec::new();
        if r.starts_with('<') && r[1..].starts_with(['%', ':', '-']) {
            forms.push(2);
        }
        if r.starts_with("=>") || r.starts_with(">:") {
            forms.push(2);
        }
        if let Some(ch) = r.chars().next().filter(|&c| "#=@_⇒←".contains(c)) {
            forms.push(ch.len_utf8());
        }
        forms.into_iter().find(|&n| fits(n))
    }
}
