//! Rouge's `r` lexer (`R`, `s`, `S`): a flat list of rules; primitives count as functions
//! only right before `(`, and a sign sticks to the number after it (`x-1` is `x`, `-1`).

use crate::highlight::scan::Words;
use crate::highlight::scan::{
    Cursor, Lex, Rules, Tokens, drive, is_alnum, is_alpha, is_space, is_uword, lazy_quoted,
    line_len, one_of, span, span1,
};
use crate::highlight::token::Token::{self, *};

static BUILTIN_CONSTANTS_SET: Words = Words::new(BUILTIN_CONSTANTS);
static KEYWORDS_SET: Words = Words::new(KEYWORDS);
static KEYWORD_CONSTANTS_SET: Words = Words::new(KEYWORD_CONSTANTS);
static PRIMITIVE_FUNCTIONS_SET: Words = Words::new(PRIMITIVE_FUNCTIONS);

const KEYWORDS: &[&str] = &[
    "if", "else", "for", "while", "repeat", "in", "next", "break", "function",
];

const KEYWORD_CONSTANTS: &[&str] = &[
    "NULL",
    "Inf",
    "TRUE",
    "FALSE",
    "NaN",
    "NA",
    "NA_integer_",
    "NA_real_",
    "NA_complex_",
    "NA_character_",
];

const BUILTIN_CONSTANTS: &[&str] = &[
    "LETTERS",
    "letters",
    "month.abb",
    "month.name",
    "pi",
    "T",
    "F",
];

const PRIMITIVE_FUNCTIONS: &[&str] = &[
    "abs",
    "acos",
    "acosh",
    "all",
    "any",
    "anyNA",
    "Arg",
    "as.call",
    "as.character",
    "as.complex",
    "as.double",
    "as.environment",
    "as.integer",
    "as.logical",
    "as.null.default",
    "as.numeric",
    "as.raw",
    "asin",
    "asinh",
    "atan",
    "atanh",
    "attr",
    "attributes",
    "baseenv",
    "browser",
    "c",
    "call",
    "ceiling",
    "class",
    "Conj",
    "cos",
    "cosh",
    "cospi",
    "cummax",
    "cummin",
    "cumprod",
    "cumsum",
    "digamma",
    "dim",
    "dimnames",
    "emptyenv",
    "exp",
    "expression",
    "floor",
    "forceAndCall",
    "gamma",
    "gc.time",
    "globalenv",
    "Im",
    "interactive",
    "invisible",
    "is.array",
    "is.atomic",
    "is.call",
    "is.character",
    "is.complex",
    "is.double",
    "is.environment",
    "is.expression",
    "is.finite",
    "is.function",
    "is.infinite",
    "is.integer",
    "is.language",
    "is.list",
    "is.logical",
    "is.matrix",
    "is.na",
    "is.name",
    "is.nan",
    "is.null",
    "is.numeric",
    "is.object",
    "is.pairlist",
    "is.raw",
    "is.recursive",
    "is.single",
    "is.symbol",
    "lazyLoadDBfetch",
    "length",
    "lgamma",
    "list",
    "log",
    "max",
    "min",
    "missing",
    "Mod",
    "names",
    "nargs",
    "nzchar",
    "oldClass",
    "on.exit",
    "pos.to.env",
    "proc.time",
    "prod",
    "quote",
    "range",
    "Re",
    "rep",
    "retracemem",
    "return",
    "round",
    "seq_along",
    "seq_len",
    "seq.int",
    "sign",
    "signif",
    "sin",
    "sinh",
    "sinpi",
    "sqrt",
    "standardGeneric",
    "substitute",
    "sum",
    "switch",
    "tan",
    "tanh",
    "tanpi",
    "tracemem",
    "trigamma",
    "trunc",
    "unclass",
    "untracemem",
    "UseMethod",
    "xtfrm",
];

/// The R lexer, which has a single state.
pub(crate) struct R;

impl Lex for R {
    fn reset(&mut self) {}

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

fn digits(s: &str) -> usize {
    span(s, |c| c.is_ascii_digit())
}

/// `0[xX][a-fA-F0-9]+([pP][0-9]+)?[Li]?`
fn hex(r: &str) -> Option<usize> {
    if !(r.starts_with("0x") || r.starts_with("0X")) {
        return None;
    }
    let mut n = 2 + span1(&r[2..], |c| c.is_ascii_hexdigit())?;
    if r[n..].starts_with(['p', 'P']) && digits(&r[n + 1..]) > 0 {
        n += 1 + digits(&r[n + 1..]);
    }
    Some(n + usize::from(r[n..].starts_with(['L', 'i'])))
}

/// `[+-]?(\d+([.]\d+)?|[.]\d+)([eE][+-]?\d+)?[Li]?`
fn number(r: &str) -> Option<usize> {
    let mut n = usize::from(r.starts_with(['+', '-']));
    let int = digits(&r[n..]);
    if int > 0 {
        n += int;
        if r[n..].starts_with('.') && digits(&r[n + 1..]) > 0 {
            n += 1 + digits(&r[n + 1..]);
        }
    } else if r[n..].starts_with('.') && digits(&r[n + 1..]) > 0 {
        n += 1 + digits(&r[n + 1..]);
    } else {
        return None;
    }
    if r[n..].starts_with(['e', 'E']) {
        let sign = usize::from(r[n + 1..].starts_with(['+', '-']));
        let d = digits(&r[n + 1 + sign..]);
        if d > 0 {
            n += 1 + sign + d;
        }
    }
    Some(n + usize::from(r[n..].starts_with(['L', 'i'])))
}

/// `(?:(?:[[:alpha:]]|[.][._[:alpha:]])[._[:alnum:]]*)|[.]`
fn name(r: &str) -> Option<usize> {
    let mut chars = r.chars();
    let first = chars.next()?;
    let start = if is_alpha(first) {
        first.len_utf8()
    } else if first == '.' {
        match chars.next() {
            Some(c) if c == '.' || c == '_' || is_alpha(c) => 1 + c.len_utf8(),
            _ => return Some(1),
        }
    } else {
        return None;
    };
    Some(start + span(&r[start..], |c| c == '.' || c == '_' || is_alnum(c)))
}

impl Rules for R {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        let emit = |out: &mut Tokens, tok: Token, n: usize| {
            out.push(tok, &r[..n]);
            Some(n)
        };
        let first = r.chars().next()?;
        if first == '#' {
            let tok = if r[1..].starts_with('\'') {
                CommentDoc
            } else {
                CommentSingle
            };
            return emit(out, tok, line_len(r));
        }
        if let Some(n) = span1(r, is_space) {
            return emit(out, TextWhitespace, n);
        }
        // `` `[^`]+?` ``
        if first == '`'
            && let Some(end) = r[1..].find('`').filter(|&e| e > 0)
        {
            return emit(out, Name, end + 2);
        }
        for (q, tok) in [('\'', StrSingle), ('"', StrDouble)] {
            if first == q
                && let Some(n) = lazy_quoted(&r[1..], q)
            {
                return emit(out, tok, 1 + n);
            }
        }
        if first == '%'
            && let Some(end) = r[1..].find('%')
        {
            return emit(out, Operator, end + 2);
        }
        if let Some(n) = hex(r) {
            return emit(out, NumHex, n);
        }
        if let Some(n) = number(r) {
            return emit(out, Num, n);
        }
        if is_uword(first) {
            // `\b(PRIMITIVES)(?=\()`: the whole run before `(` must be a primitive.
            let n = span(r, |c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
            if r[n..].starts_with('(') && PRIMITIVE_FUNCTIONS_SET.contains(&r[..n]) {
                return emit(out, NameFunction, n);
            }
        }
        if let Some(n) = name(r) {
            let word = &r[..n];
            let tok = if KEYWORDS_SET.contains(word) {
                Keyword
            } else if KEYWORD_CONSTANTS_SET.contains(word) {
                KeywordConstant
            } else if BUILTIN_CONSTANTS_SET.contains(word) {
                NameBuiltin
            } else {
                Name
            };
            return emit(out, tok, n);
        }
        if let Some(n) = one_of(r, "[]{}();,") {
            return emit(out, Punctuation, n);
        }
        let n = one_of(r, "-<>?*+^/!=~$@:%&|")?;
        emit(out, Operator, n)
    }
}
