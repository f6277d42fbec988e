//! Rouge's `ruby` lexer (`rb`). Ruby's grammar depends on what came before — `/` divides
//! after a value and starts a regex after an operator, `?x` is a character where an
//! expression starts — and Rouge tracks that with `expr_start` and `method_call` states,
//! which this follows rule for rule. Heredocs are queued when their `<<ID` is seen and read
//! from the next line on, each ending at a line that is exactly its name.

use super::css::quoted;
use super::ruby_words::{
    BUILTINS_B, BUILTINS_G, BUILTINS_Q, KEYWORDS, KEYWORDS_PSEUDO, SPECIAL_SYMBOLS,
};
use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, StateStack, Tokens, at_eol, drive, emit, is_space, is_uword,
    is_word, line_len, one_of, span, span1,
};
use crate::highlight::token::Token::{self, *};
use std::collections::VecDeque;

/// A `%`-delimited literal being read: its delimiters, whether `#{}` interpolates, and
/// whether it is a regex (`%r`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Sigil {
    open: char,
    close: char,
    interp: bool,
    regex: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    ExprStart,
    MethodCall,
    MethodCallSpaced,
    Funcname,
    Classname,
    Ternary,
    Defexpr,
    InInterp,
    SimpleString,
    SimpleSym,
    SimpleBacktick,
    RegexFlags,
    SlashRegex,
    HeredocQueue,
    ResolveHeredocs,
    TestHeredoc,
    EndPart,
    Sigil(Sigil),
}

/// The Ruby lexer: its state stack, the heredocs waiting for their bodies (whether each may
/// be indented, and its name), and a memo of the search for `=end`.
pub(crate) struct Ruby {
    stack: Vec<State>,
    heredocs: VecDeque<(bool, String)>,
    doc_end: Ahead,
}

impl Ruby {
    /// A Ruby lexer at the start of its input.
    pub(crate) fn new() -> Ruby {
        Ruby {
            stack: vec![State::Root, State::ExprStart],
            heredocs: VecDeque::new(),
            doc_end: Ahead::default(),
        }
    }
}

impl Lex for Ruby {
    fn reset(&mut self) {
        self.stack = vec![State::Root, State::ExprStart];
        self.heredocs.clear();
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        self.doc_end = Ahead::default();
        drive(self, src, out);
    }
}

/// `[a-z_]\w*` ignoring case.
fn ident(r: &str) -> Option<usize> {
    r.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        .then(|| span(r, is_word))
}

/// `[d]+(?:_[d]+)*` for a digit class `d`.
fn digits_sep(s: &str, d: impl Fn(char) -> bool + Copy) -> Option<usize> {
    let mut n = span1(s, d)?;
    while let Some(k) = s[n..].strip_prefix('_').and_then(|t| span1(t, d)) {
        n += 1 + k;
    }
    Some(n)
}

/// A number literal, in Rouge's order: octal, hex, binary, float, integer.
fn number(r: &str) -> Option<(Token, usize)> {
    let dec = |c: char| c.is_ascii_digit();
    if let Some(rest) = r.strip_prefix('0') {
        let u = usize::from(rest.starts_with('_'));
        if let Some(n) = digits_sep(&rest[u..], |c| ('0'..='7').contains(&c)) {
            return Some((NumOct, 1 + u + n));
        }
    }
    if let Some(n) = r
        .strip_prefix("0x")
        .and_then(|s| digits_sep(s, |c| c.is_ascii_hexdigit()))
    {
        return Some((NumHex, 2 + n));
    }
    if let Some(n) = r
        .strip_prefix("0b")
        .and_then(|s| digits_sep(s, |c| c == '0' || c == '1'))
    {
        return Some((NumBin, 2 + n));
    }
    let d = digits_sep(r, dec)?;
    let exp = |s: &str| {
        let rest = s.strip_prefix(['e', 'E'])?;
        let sign = usize::from(rest.starts_with(['+', '-']));
        span1(&rest[sign..], dec).map(|n| 1 + sign + n)
    };
    if let Some(f) = r[d..].strip_prefix('.').and_then(|s| digits_sep(s, dec)) {
        let end = d + 1 + f;
        return Some((NumFloat, end + exp(&r[end..]).unwrap_or(0)));
    }
    if let Some(e) = exp(&r[d..]) {
        return Some((NumFloat, d + e));
    }
    Some((NumInteger, d))
}

/// Whether `\b` holds after `r[..n]` (its last character is a word character).
fn boundary_after(r: &str, n: usize) -> bool {
    !r[n..].chars().next().is_some_and(is_uword)
}

/// The escapes of `string_intp_escaped`: `\\` then a named escape, `x` and one or two hex
/// digits, one to three octal digits, or any other character but a line break.
fn escape(r: &str) -> Option<usize> {
    let rest = r.strip_prefix('\\')?;
    let c = rest.chars().next()?;
    if c == 'x' {
        let h = rest[1..]
            .bytes()
            .take(2)
            .take_while(u8::is_ascii_hexdigit)
            .count();
        if h > 0 {
            return Some(2 + h);
        }
    }
    if ('0'..='7').contains(&c) {
        return Some(
            1 + rest
                .bytes()
                .take(3)
                .take_while(|b| (b'0'..=b'7').contains(b))
                .count(),
        );
    }
    (c != '\n').then(|| 1 + c.len_utf8())
}

/// `[?](\\[MC]-)*(escape|\S)(?!\w)`: a character literal, backtracking as Onigmo does.
fn char_literal(r: &str) -> Option<usize> {
    let rest = r.strip_prefix('?')?;
    let mut mods = vec![0];
    while rest[*mods.last()?..].starts_with("\\M-") || rest[*mods.last()?..].starts_with("\\C-") {
        mods.push(mods.last()? + 3);
    }
    for &m in mods.iter().rev() {
        let s = &rest[m..];
        let mut candidates = Vec::new();
        if let Some(e) = s.strip_prefix('\\') {
            match e.chars().next() {
                Some(c) if "\\abefnrstv#\"'".contains(c) => candidates.push(2),
                Some('x') => {
                    let h = e[1..]
                        .bytes()
                        .take(2)
                        .take_while(u8::is_ascii_hexdigit)
                        .count();
                    candidates.extend((1..=h).rev().map(|k| 2 + k));
                }
                Some('0'..='7') => {
                    let o = e
                        .bytes()
                        .take(3)
                        .take_while(|b| (b'0'..=b'7').contains(b))
                        .count();
                    candidates.extend((1..=o).rev().map(|k| 1 + k));
                }
                _ => {}
            }
        }
        if let Some(c) = s.chars().next().filter(|&c| !is_space(c)) {
            candidates.push(c.len_utf8());
        }
        if let Some(n) = candidates
            .into_iter()
            .find(|&n| !s[n..].starts_with(|c: char| is_word(c)))
        {
            return Some(1 + m + n);
        }
    }
    None
}

/// `%([rqswQWxiI])?([^\w\s])`: the start of a `%` literal: its letter, delimiter and length.
fn sigil_start(r: &str) -> Option<(Option<char>, char, usize)> {
    let rest = r.strip_prefix('%')?;
    let mut chars = rest.chars();
    let first = chars.next()?;
    let delim = |c: char| !is_word(c) && !is_space(c);
    if "rqswQWxiI".contains(first)
        && let Some(d) = chars.next().filter(|&d| delim(d))
    {
        return Some((Some(first), d, 2 + d.len_utf8()));
    }
    delim(first).then(|| (None, first, 1 + first.len_utf8()))
}

/// Ruby's `strip` (whitespace and NULs at both ends) or `rstrip` (at the end).
fn strip(s: &str, both: bool) -> &str {
    let ws = |c: char| matches!(c, '\0' | ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r');
    let s = s.trim_end_matches(ws);
    if both { s.trim_start_matches(ws) } else { s }
}

/// The name after `def` (maybe `recv.name`): `[a-zA-Z_]\w*[!?]?` or an operator.
fn method_name(s: &str) -> Option<usize> {
    if let Some(n) = ident(s) {
        return Some(n + usize::from(s[n..].starts_with(['!', '?'])));
    }
    const OPS: &[&str] = &[
        "**", "*", "+@", "+", "-@", "-", "/", "%", "&", "|", "^", "`", "~", "[]=", "[]", "<<", "<",
        ">>", ">", "===", "==",
    ];
    OPS.iter().find(|o| s.starts_with(*o)).map(|o| o.len())
}

impl Ruby {
    /// `string_intp`: `#{` opens an interpolation; `#@var`, `#@@var`, `#$var` interpolate.
    fn intp(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if r.starts_with("#{") {
            self.stack.push(State::InInterp);
            return emit(out, StrInterpol, r, 2);
        }
        let rest = r.strip_prefix('#')?;
        let sigil = if rest.starts_with("@@") {
            2
        } else if rest.starts_with(['@', '$']) {
            1
        } else {
            return None;
        };
        let n = ident(&rest[sigil..])?;
        emit(out, StrInterpol, r, 1 + sigil + n)
    }

    /// `string_intp_escaped`: interpolation, then escapes.
    fn intp_escaped(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        self.intp(r, out)
            .or_else(|| escape(r).and_then(|n| emit(out, StrEscape, r, n)))
    }

    fn whitespace(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = span1(r, |ch| matches!(ch, ' ' | '\t' | '\r')) {
            return emit(out, Text, r, n);
        }
        if let Some(rest) = r.strip_prefix('\n') {
            self.stack.push(State::ExprStart);
            return emit(out, Text, r, 1 + span(rest, is_space));
        }
        if r.starts_with('#') {
            return emit(out, CommentSingle, r, line_len(r));
        }
        if r.starts_with("=begin") && boundary_after(r, 6) {
            let from = Cursor {
                src: c.src,
                pos: c.pos + 6,
            };
            let end = self.doc_end.find(from, |s| {
                s.match_indices("\n=end")
                    .map(|(i, _)| i)
                    .find(|&i| boundary_after(s, i + 5))
            });
            if let Some(e) = end {
                return emit(out, CommentMultiline, r, 6 + e + 5);
            }
        }
        None
    }

    /// `symbols`, then the rest of `strings`.
    fn strings(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(rest) = r.strip_prefix(':') {
            let at = span(rest, |ch| ch == '@').min(2);
            if at < 3
                && let Some(n) = ident(&rest[at..])
            {
                let bang = usize::from(rest[at + n..].starts_with(['!', '?']));
                return emit(out, StrSymbol, r, 1 + at + n + bang);
            }
            if let Some(s) = SPECIAL_SYMBOLS.iter().find(|s| rest.starts_with(*s)) {
                return emit(out, StrSymbol, r, 1 + s.len());
            }
            if let Some(n) = quoted(rest, '\'') {
                return emit(out, StrSymbol, r, 1 + n);
            }
            if rest.starts_with('"') {
                self.stack.push(State::SimpleSym);
                return emit(out, StrSymbol, r, 2);
            }
        }
        // `\b[a-z_]\w*?[?!]?:\s+`: a keyword argument or hash key.
        if r.starts_with(|ch: char| ch.is_ascii_lowercase() || ch == '_') {
            let w = span(r, is_word);
            let w = w + usize::from(r[w..].starts_with(['?', '!']));
            if let Some(sp) = r[w..].strip_prefix(':').and_then(|s| span1(s, is_space)) {
                self.stack.push(State::ExprStart);
                return emit(out, StrSymbol, r, w + 1 + sp);
            }
        }
        if let Some(n) = quoted(r, '\'') {
            return emit(out, StrSingle, r, n);
        }
        if r.starts_with('"') {
            self.stack.push(State::SimpleString);
            return emit(out, StrDouble, r, 1);
        }
        if r.starts_with('`') {
            self.stack.push(State::SimpleBacktick);
            return emit(out, StrBacktick, r, 1);
        }
        None
    }

    /// `sigil_strings`: `%(…)`, `%w[…]`, `%r{…}` and the like.
    fn sigil_strings(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let (letter, open, n) = sigil_start(r)?;
        let close = match open {
            '{' => '}',
            '[' => ']',
            '(' => ')',
            '<' => '>',
            c => c,
        };
        let regex = letter == Some('r');
        if regex {
            self.stack.push(State::RegexFlags);
        }
        self.stack.push(State::Sigil(Sigil {
            open,
            close,
            interp: letter.is_some_and(|l| "rQWxI".contains(l)),
            regex,
        }));
        emit(out, if regex { StrRegex } else { StrOther }, r, n)
    }

    /// The words: keywords, `module`, `def`, `class`, builtins.
    fn words(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let w = span(r, is_word);
        if w == 0 {
            return None;
        }
        let word = &r[..w];
        // Keywords end at `(?=\W|$)`, an ASCII non-word character.
        let kw = if word == "defined" && r[w..].starts_with('?') {
            w + 1
        } else {
            w
        };
        if KEYWORDS.binary_search(&&r[..kw]).is_ok() && !r[kw..].starts_with(is_word) {
            self.stack.push(State::ExprStart);
            return emit(out, Keyword, r, kw);
        }
        if KEYWORDS_PSEUDO.binary_search(&word).is_ok() && boundary_after(r, w) {
            self.stack.push(State::ExprStart);
            return emit(out, KeywordPseudo, r, w);
        }
        if word == "module" {
            let sp = span(&r[w..], is_space);
            let name = |s: &str| {
                s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                    .then(|| span(s, is_word))
            };
            if sp > 0
                && let Some(mut n) = name(&r[w + sp..])
            {
                let start = w + sp;
                while let Some(k) = r[start + n..].strip_prefix("::").and_then(name) {
                    n += 2 + k;
                }
                out.push(Keyword, word);
                out.push(Text, &r[w..start]);
                out.push(NameNamespace, &r[start..start + n]);
                return Some(start + n);
            }
        }
        for (kw, next) in [("def", State::Funcname), ("class", State::Classname)] {
            if r.starts_with(kw) && boundary_after(r, kw.len()) {
                let sp = span(&r[kw.len()..], is_space);
                out.push(Keyword, kw);
                out.push(Text, &r[kw.len()..kw.len() + sp]);
                self.stack.push(next);
                return Some(kw.len() + sp);
            }
        }
        for (list, suffix) in [(BUILTINS_Q, '?'), (BUILTINS_B, '!')] {
            // Any listed word followed by the suffix; the listed words end where `word` does
            // or earlier, and only a whole word can be followed by `?` or `!`.
            if r[w..].starts_with(suffix) && list.binary_search(&word).is_ok() {
                self.stack.push(State::ExprStart);
                return emit(out, NameBuiltin, r, w + 1);
            }
        }
        if BUILTINS_G.binary_search(&word).is_ok() && boundary_after(r, w) {
            self.stack.push(State::MethodCall);
            return emit(out, NameBuiltin, r, w);
        }
        None
    }

    /// `has_heredocs`: `<<ID`, `<<-"ID"`, `<<~'ID'`, or an empty `<<""`.
    fn heredoc(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let op = if r.starts_with("<<-") || r.starts_with("<<~") {
            3
        } else if r.starts_with("<<") {
            2
        } else {
            return None;
        };
        let s = &r[op..];
        let q = one_of(s, "\"`'").unwrap_or(0);
        let (name, len) = match ident(&s[q..]) {
            Some(n) if s[q + n..].starts_with(&s[..q]) => (&s[q..q + n], q + n + q),
            _ if q > 0 && !s.starts_with('`') && s[1..].starts_with(&s[..1]) => ("", 2),
            _ => return None,
        };
        out.push(Operator, &r[..op]);
        out.push(NameConstant, &s[..len]);
        self.heredocs.push_back((op == 3, name.to_string()));
        if self.stack.last() != Some(&State::HeredocQueue) {
            self.stack.push(State::HeredocQueue);
        }
        Some(op + len)
    }

    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = self.whitespace(c, out) {
            return Some(n);
        }
        if r.starts_with("__END__") {
            self.stack.push(State::EndPart);
            return emit(out, CommentPreproc, r, 7);
        }
        if let Some((tok, n)) = number(r) {
            return emit(out, tok, r, n);
        }
        if let Some(n) = r.strip_prefix("@@").and_then(ident) {
            return emit(out, NameVariableClass, r, 2 + n);
        }
        if let Some(n) = r.strip_prefix('@').and_then(ident) {
            return emit(out, NameVariableInstance, r, 1 + n);
        }
        if let Some(rest) = r.strip_prefix('$') {
            let n = span1(rest, is_word)
                .or_else(|| one_of(rest, "!@&`'+~=/\\,;.<>_*$?:\""))
                .or_else(|| {
                    let flag = rest.strip_prefix('-')?;
                    one_of(flag, "0adFiIlpvw").map(|k| 1 + k)
                });
            if let Some(n) = n {
                return emit(out, NameVariableGlobal, r, 1 + n);
            }
        }
        if r.starts_with("::") {
            return emit(out, Operator, r, 2);
        }
        if let Some(n) = self.strings(r, out) {
            return Some(n);
        }
        if let Some(n) = self.words(r, out) {
            return Some(n);
        }
        if let Some(n) = self.heredoc(r, out) {
            return Some(n);
        }
        if r.starts_with("..") {
            self.stack.push(State::ExprStart);
            return emit(out, Operator, r, if r.starts_with("...") { 3 } else { 2 });
        }
        if r.starts_with(|ch: char| ch.is_ascii_uppercase()) {
            self.stack.push(State::MethodCall);
            return emit(out, NameConstant, r, span(r, is_word));
        }
        if let Some(rest) = r.strip_prefix('.') {
            let sp = span(rest, is_space);
            let name = &rest[sp..];
            let n = if name.starts_with(|ch: char| ch.is_ascii_lowercase() || ch == '_') {
                let w = span(name, is_word);
                Some(w + usize::from(name[w..].starts_with(['!', '?'])))
            } else {
                one_of(name, "*%&^`~+,-./[<>=")
            };
            if let Some(n) = n {
                out.push(Punctuation, ".");
                out.push(Text, &rest[..sp]);
                out.push(NameFunction, &name[..n]);
                self.stack.push(State::MethodCall);
                return Some(1 + sp + n);
            }
        }
        if r.starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '_') {
            let w = span(r, is_word);
            if r[w..].starts_with(['?', '!']) {
                self.stack.push(State::ExprStart);
                return emit(out, Name, r, w + 1);
            }
            self.stack.push(State::MethodCall);
            return emit(out, Name, r, w);
        }
        const OPS: &[&str] = &[
            "**", "<<", "<", ">>", ">", "=~", "===", "!~", "&&", "&", "||", ".",
        ];
        if let Some(op) = OPS.iter().find(|o| r.starts_with(*o)) {
            self.stack.push(State::ExprStart);
            return emit(out, Operator, r, op.len());
        }
        if let Some(n) = one_of(r, "-+/*%=<>&!^|~") {
            self.stack.push(State::ExprStart);
            return emit(out, Operator, r, n + usize::from(r[n..].starts_with('=')));
        }
        if r.starts_with('?') {
            self.stack.push(State::Ternary);
            self.stack.push(State::ExprStart);
            return emit(out, Punctuation, r, 1);
        }
        if let Some(n) = one_of(r, "[({,:\\;/") {
            self.stack.push(State::ExprStart);
            return emit(out, Punctuation, r, n);
        }
        one_of(r, "])}").and_then(|n| emit(out, Punctuation, r, n))
    }

    /// The body of a `%` literal: escapes of its delimiters, nesting when they differ, and
    /// interpolation for the letters that allow it.
    fn sigil_body(&mut self, s: Sigil, r: &str, out: &mut Tokens) -> Option<usize> {
        let tok = if s.regex { StrRegex } else { StrOther };
        if let Some(c) = r.strip_prefix('\\').and_then(|t| t.chars().next())
            && (c == '#' || c == s.open || c == s.close || c == '\\')
        {
            return emit(out, StrEscape, r, 1 + c.len_utf8());
        }
        if s.open != s.close && r.starts_with(s.open) {
            self.stack.push(State::Sigil(s));
            return emit(out, tok, r, s.open.len_utf8());
        }
        if r.starts_with(s.close) {
            self.stack.pop_states(1);
            return emit(out, tok, r, s.close.len_utf8());
        }
        if s.interp {
            if let Some(n) = self.intp_escaped(r, out) {
                return Some(n);
            }
            if r.starts_with('#') {
                return emit(out, tok, r, 1);
            }
        } else if r.starts_with(['\\', '#']) {
            return emit(out, tok, r, 1);
        }
        span1(r, |c| c != '#' && c != s.open && c != s.close && c != '\\')
            .and_then(|n| emit(out, tok, r, n))
    }

    /// A double-quoted string or symbol, or a backtick command, up to `"` or `` ` ``.
    fn simple(&mut self, r: &str, out: &mut Tokens, tok: Token, fin: char) -> Option<usize> {
        if let Some(n) = self.intp_escaped(r, out) {
            return Some(n);
        }
        if let Some(n) = span1(r, |c| c != '\\' && c != fin && c != '#') {
            return emit(out, tok, r, n);
        }
        if r.starts_with(['\\', '#']) {
            return emit(out, tok, r, 1);
        }
        if r.starts_with(fin) {
            self.stack.pop_states(1);
            return emit(out, tok, r, 1);
        }
        None
    }

    /// A line of a heredoc body: the end when it is the heredoc's name.
    fn test_heredoc(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let n = span(r, |c| c != '#' && c != '\\' && c != '\n');
        if !at_eol(&r[n..]) {
            self.stack.pop_states(1);
            return Some(0);
        }
        let ends = self
            .heredocs
            .front()
            .is_some_and(|(tolerant, name)| strip(&r[..n], *tolerant) == name);
        if ends {
            self.heredocs.pop_front();
            if self.heredocs.is_empty() {
                self.stack.pop_states(1);
            }
            out.push(NameConstant, &r[..n]);
        } else {
            out.push(StrHeredoc, &r[..n]);
        }
        self.stack.pop_states(1);
        Some(n)
    }

    fn method_call_spaced(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = self.whitespace(c, out) {
            return Some(n);
        }
        if r.starts_with("%=") || r.starts_with("/=") {
            self.stack.goto(State::ExprStart);
            return emit(out, Operator, r, 2);
        }
        let slash_after_spaces = |s: &str| s[span(s, is_space)..].starts_with('/');
        if let Some(rest) = r.strip_prefix('/')
            && (rest.starts_with(|ch: char| !is_space(ch)) || slash_after_spaces(rest))
        {
            self.stack.goto(State::SlashRegex);
            return emit(out, StrRegex, r, 1);
        }
        if let Some(n) = self.sigil_strings(r, out) {
            return Some(n);
        }
        if slash_after_spaces(r) {
            self.stack.pop_states(1);
            return Some(0);
        }
        if let Some(n) = span1(r, is_space) {
            self.stack.goto(State::ExprStart);
            return emit(out, Text, r, n);
        }
        self.stack.pop_states(1);
        Some(0)
    }

    fn expr_start(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = span1(r, |ch| matches!(ch, ' ' | '\t' | '\r')) {
            return emit(out, Text, r, n);
        }
        if r.starts_with('/') {
            self.stack.goto(State::SlashRegex);
            return emit(out, StrRegex, r, 1);
        }
        if let Some(n) = char_literal(r) {
            self.stack.pop_states(1);
            return emit(out, StrChar, r, n);
        }
        // `(\s*)(%[rqswQWxiI]? \S* )`: a literal delimited by spaces.
        let sp = span(r, is_space);
        if let Some(rest) = r[sp..].strip_prefix('%') {
            let letter = one_of(rest, "rqswQWxiI").filter(|&l| rest[l..].starts_with(' '));
            let body = letter.unwrap_or(0) + 1;
            if rest.starts_with(' ') || letter.is_some() {
                let word = span(&rest[body..], |ch| !is_space(ch));
                if rest[body + word..].starts_with(' ') {
                    let end = sp + 1 + body + word + 1;
                    out.push(Text, &r[..sp]);
                    out.push(StrOther, &r[sp..end]);
                    self.stack.pop_states(1);
                    return Some(end);
                }
            }
        }
        if let Some(n) = self.sigil_strings(r, out) {
            return Some(n);
        }
        self.stack.pop_states(1);
        Some(0)
    }
}

impl Rules for Ruby {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(c, out),
            State::ExprStart => self.expr_start(r, out),
            State::MethodCall => {
                if r.starts_with(['/', '%']) {
                    self.stack.goto(State::ExprStart);
                    return emit(out, Operator, r, 1);
                }
                if r.starts_with('\n') {
                    self.stack.pop_states(1);
                } else {
                    self.stack.goto(State::MethodCallSpaced);
                }
                Some(0)
            }
            State::MethodCallSpaced => self.method_call_spaced(c, out),
            State::Funcname => {
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                if r.starts_with('(') {
                    self.stack.push(State::Defexpr);
                    return emit(out, Punctuation, r, 1);
                }
                self.stack.pop_states(1);
                // `(?:(recv)(\.))?(name)`: a receiver only when a name follows its dot.
                let recv = ident(r).filter(|&p| r[p..].starts_with('.'));
                if let Some(p) = recv
                    && let Some(n) = method_name(&r[p + 1..])
                {
                    out.push(NameClass, &r[..p]);
                    out.push(Operator, ".");
                    out.push(NameFunction, &r[p + 1..p + 1 + n]);
                    return Some(p + 1 + n);
                }
                match method_name(r) {
                    Some(n) => emit(out, NameFunction, r, n),
                    None => Some(0),
                }
            }
            State::Classname => {
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                if let Some(mut n) = span1(r, is_word) {
                    let first = n;
                    while let Some(k) = r[n..].strip_prefix("::").and_then(|s| span1(s, is_word)) {
                        n += 2 + k;
                    }
                    if n > first {
                        return emit(out, NameClass, r, n);
                    }
                }
                if r.starts_with('(') {
                    self.stack.push(State::Defexpr);
                    self.stack.push(State::ExprStart);
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with("<<") {
                    self.stack.goto(State::ExprStart);
                    return emit(out, Operator, r, 2);
                }
                self.stack.pop_states(1);
                if r.starts_with(|ch: char| ch.is_ascii_uppercase() || ch == '_') {
                    return emit(out, NameClass, r, span(r, is_word));
                }
                Some(0)
            }
            State::Ternary => {
                if let Some(rest) = r.strip_prefix(':') {
                    let sp = span(rest, is_space);
                    // `:(?![^#\n]*?[:\\])`: no `:` or `\` before a `#` or the line's end.
                    let blocked = rest
                        .find([':', '\\', '#', '\n'])
                        .is_some_and(|i| rest[i..].starts_with([':', '\\']));
                    if sp > 0 || !blocked {
                        out.push(Punctuation, ":");
                        out.push(Text, &rest[..sp]);
                        self.stack.goto(State::ExprStart);
                        return Some(1 + sp);
                    }
                }
                self.root(c, out)
            }
            State::Defexpr => {
                if let Some(rest) = r.strip_prefix(')') {
                    let op = if rest.starts_with("::") {
                        2
                    } else {
                        usize::from(rest.starts_with('.'))
                    };
                    out.push(Punctuation, ")");
                    out.push(Operator, &r[1..1 + op]);
                    self.stack.pop_states(1);
                    return Some(1 + op);
                }
                if r.starts_with('(') {
                    self.stack.push(State::Defexpr);
                    self.stack.push(State::ExprStart);
                    return emit(out, Punctuation, r, 1);
                }
                self.root(c, out)
            }
            State::InInterp => {
                if r.starts_with('}') {
                    self.stack.pop_states(1);
                    return emit(out, StrInterpol, r, 1);
                }
                self.root(c, out)
            }
            State::SimpleString => self.simple(r, out, StrDouble, '"'),
            State::SimpleSym => self.simple(r, out, StrSymbol, '"'),
            State::SimpleBacktick => self.simple(r, out, StrBacktick, '`'),
            State::RegexFlags => {
                self.stack.pop_states(1);
                emit(out, StrRegex, r, span(r, |ch| "mixounse".contains(ch)))
            }
            State::SlashRegex => {
                if let Some(n) = self.intp(r, out) {
                    return Some(n);
                }
                if r.starts_with("\\\\") || r.starts_with("\\/") {
                    return emit(out, StrRegex, r, 2);
                }
                if r.starts_with(['\\', '#']) {
                    return emit(out, StrRegex, r, 1);
                }
                if let Some(n) = span1(r, |ch| !matches!(ch, '\\' | '/' | '#')) {
                    return emit(out, StrRegex, r, n);
                }
                self.stack.goto(State::RegexFlags);
                emit(out, StrRegex, r, 1)
            }
            State::HeredocQueue => {
                if r.starts_with('\n') {
                    self.stack.goto(State::ResolveHeredocs);
                    return Some(0);
                }
                self.root(c, out)
            }
            State::ResolveHeredocs => {
                if let Some(n) = self.intp_escaped(r, out) {
                    return Some(n);
                }
                if r.starts_with('\n') {
                    self.stack.push(State::TestHeredoc);
                    return emit(out, StrHeredoc, r, 1);
                }
                if r.starts_with(['#', '\\']) {
                    return emit(out, StrHeredoc, r, 1);
                }
                span1(r, |ch| !matches!(ch, '#' | '\\' | '\n'))
                    .and_then(|n| emit(out, StrHeredoc, r, n))
            }
            State::TestHeredoc => self.test_heredoc(r, out),
            State::EndPart => {
                self.stack.pop_states(1);
                emit(out, CommentPreproc, r, r.len())
            }
            State::Sigil(s) => self.sigil_body(s, r, out),
        }
    }
}
