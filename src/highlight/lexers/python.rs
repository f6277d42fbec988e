//! Rouge's `python` lexer (`py`): its rule order decides the quirks we must keep — `@` is an
//! operator before a decorator can match, `.5` starts with punctuation, f-string fields are
//! lexed by a fresh Python lexer.

use crate::highlight::scan::Words;
use crate::highlight::scan::{
    Cursor, Lex, Rules, Tokens, drive, first_of, is_alnum, is_alpha, is_space, is_uword, line_len,
    one_of, span, span1, starts_with_ci,
};
use crate::highlight::token::Token::{self, *};

static BUILTINS_SET: Words = Words::new(BUILTINS);
static BUILTINS_PSEUDO_SET: Words = Words::new(BUILTINS_PSEUDO);
static EXCEPTIONS_SET: Words = Words::new(EXCEPTIONS);
static KEYWORDS_SET: Words = Words::new(KEYWORDS);

const KEYWORDS: &[&str] = &[
    "assert", "break", "continue", "del", "elif", "else", "except", "exec", "finally", "for",
    "global", "if", "lambda", "pass", "print", "raise", "return", "try", "while", "yield", "as",
    "with", "from", "import", "async", "await", "nonlocal",
];

const BUILTINS: &[&str] = &[
    "__import__",
    "abs",
    "all",
    "any",
    "apply",
    "ascii",
    "basestring",
    "bin",
    "bool",
    "buffer",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "cmp",
    "coerce",
    "compile",
    "complex",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "execfile",
    "exit",
    "file",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "hex",
    "id",
    "input",
    "int",
    "intern",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "list",
    "locals",
    "long",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "property",
    "range",
    "raw_input",
    "reduce",
    "reload",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "unichr",
    "unicode",
    "vars",
    "xrange",
    "zip",
];

const BUILTINS_PSEUDO: &[&str] = &[
    "self",
    "None",
    "Ellipsis",
    "NotImplemented",
    "False",
    "True",
];

const EXCEPTIONS: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "EnvironmentError",
    "Exception",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "OverflowWarning",
    "PendingDeprecationWarning",
    "ProcessLookupError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StandardError",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "VMSError",
    "Warning",
    "WindowsError",
    "ZeroDivisionError",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    FuncName,
    ClassName,
    GenericString,
    GenericEscape,
    GenericInterpol,
}

/// A string being read: its prefix letters (lowercased) and its delimiter.
struct OpenString {
    affix: String,
    delim: &'static str,
}

/// The Python lexer: a state stack and Rouge's `StringRegister` of open strings.
pub(crate) struct Python {
    stack: Vec<State>,
    // Like Rouge's register, not cleared by `reset`.
    strings: Vec<OpenString>,
}

impl Python {
    /// A Python lexer at the start of its input.
    pub(crate) fn new() -> Python {
        Python {
            stack: vec![State::Root],
            strings: Vec::new(),
        }
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    fn string_has(&self, letter: char) -> bool {
        self.strings
            .last()
            .is_some_and(|s| s.affix.contains(letter))
    }
}

impl Lex for Python {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

fn emit(out: &mut Tokens, tok: Token, r: &str, n: usize) -> Option<usize> {
    out.push(tok, &r[..n]);
    Some(n)
}

/// `[[:alpha:]_][[:alnum:]_]*`.
fn identifier(r: &str) -> Option<usize> {
    let first = r.chars().next()?;
    if !(is_alpha(first) || first == '_') {
        return None;
    }
    let n = first.len_utf8();
    Some(n + span(&r[n..], |c| is_alnum(c) || c == '_'))
}

/// `[[:alpha:]_.][[:alnum:]_.]*`.
fn dotted_identifier(r: &str) -> Option<usize> {
    let first = r.chars().next()?;
    if !(is_alpha(first) || first == '_' || first == '.') {
        return None;
    }
    let n = first.len_utf8();
    Some(n + span(&r[n..], |c| is_alnum(c) || c == '_' || c == '.'))
}

/// `(?:\\\s|\s)+`: whitespace, possibly escaped.
fn escaped_spaces(r: &str) -> usize {
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

/// `[0-9](_?[0-9])*`.
fn digits(r: &str) -> usize {
    digits_in(r, |b| b.is_ascii_digit())
}

/// One digit of a class, then more with single underscores between them: `[d](_?[d])*`.
fn digits_in(r: &str, is_digit: impl Fn(u8) -> bool) -> usize {
    let b = r.as_bytes();
    if b.first().is_none_or(|&c| !is_digit(c)) {
        return 0;
    }
    let mut i = 1;
    loop {
        if i < b.len() && is_digit(b[i]) {
            i += 1;
        } else if i + 1 < b.len() && b[i] == b'_' && is_digit(b[i + 1]) {
            i += 2;
        } else {
            return i;
        }
    }
}

/// `e[+-]?digits`, case-insensitively.
fn exponent(r: &str) -> usize {
    if !r.starts_with(['e', 'E']) {
        return 0;
    }
    let sign = usize::from(r[1..].starts_with(['+', '-']));
    match digits(&r[1 + sign..]) {
        0 => 0,
        d => 1 + sign + d,
    }
}

/// `j?` after a number.
fn imaginary(r: &str) -> usize {
    usize::from(r.starts_with(['j', 'J']))
}

/// Python's number rules in Rouge's order, with their token.
fn number(r: &str) -> Option<(Token, usize)> {
    // `((digits)?\.digits|digits\.)(exponent)?j?`
    let d = digits(r);
    if r[d..].starts_with('.') {
        let frac = digits(&r[d + 1..]);
        let n = if frac > 0 {
            Some(d + 1 + frac)
        } else {
            (d > 0).then_some(d + 1)
        };
        if let Some(n) = n {
            let n = n + exponent(&r[n..]);
            return Some((NumFloat, n + imaginary(&r[n..])));
        }
    }
    if d > 0 {
        let e = exponent(&r[d..]);
        if e > 0 {
            return Some((NumFloat, d + e + imaginary(&r[d + e..])));
        }
        if imaginary(&r[d..]) == 1 {
            return Some((NumFloat, d + 1));
        }
    }
    type IsDigit = fn(u8) -> bool;
    let radix: [(&str, Token, IsDigit); 3] = [
        ("0b", NumBin, |b| matches!(b, b'0' | b'1')),
        ("0o", NumOct, |b| matches!(b, b'0'..=b'7')),
        ("0x", NumHex, |b| b.is_ascii_hexdigit()),
    ];
    for (prefix, tok, is_digit) in radix {
        if starts_with_ci(r, prefix) {
            // `(_?[d])+` after the prefix.
            let rest = &r[2..];
            let n = if let Some(after) = rest.strip_prefix('_') {
                match digits_in(after, is_digit) {
                    0 => 0,
                    k => 1 + k,
                }
            } else {
                digits_in(rest, is_digit)
            };
            if n > 0 {
                return Some((tok, 2 + n));
            }
        }
    }
    let all_digits = span(r, |c| c.is_ascii_digit());
    if all_digits > 0 && r[all_digits..].starts_with('L') {
        return Some((NumIntegerLong, all_digits + 1));
    }
    // `([1-9](_?[0-9])*|0(_?0)*)`
    if r.starts_with('0') {
        return Some((NumInteger, digits_in(r, |b| b == b'0')));
    }
    (d > 0).then_some((NumInteger, d))
}

impl Rules for Python {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(c, out),
            State::FuncName => {
                let n = identifier(r)?;
                self.pop();
                emit(out, NameFunction, r, n)
            }
            State::ClassName => {
                let n = identifier(r)?;
                self.pop();
                emit(out, NameClass, r, n)
            }
            State::GenericString => self.string(r, out),
            State::GenericEscape => {
                if let Some(n) = escape(r) {
                    // Raw strings keep their escapes as plain string text.
                    let tok = if self.string_has('r') { Str } else { StrEscape };
                    self.pop();
                    return emit(out, tok, r, n);
                }
                let ch = r
                    .strip_prefix('\\')?
                    .chars()
                    .next()
                    .filter(|&c| c != '\n')?;
                self.pop();
                emit(out, Str, r, 1 + ch.len_utf8())
            }
            State::GenericInterpol => {
                if let Some(n) = span1(r, |c| !matches!(c, '{' | '}' | '!' | ':')) {
                    // Rouge's `recurse`: a fresh Python lexer reads the field's code.
                    Python::new().lex(&r[..n], out);
                    return Some(n);
                }
                if r.starts_with('!') && one_of(&r[1..], "asr").is_some() {
                    return emit(out, StrInterpol, r, 2);
                }
                if r.starts_with(':') {
                    return emit(out, StrInterpol, r, 1);
                }
                if r.starts_with('{') {
                    self.stack.push(State::GenericInterpol);
                    return emit(out, StrInterpol, r, 1);
                }
                if r.starts_with('}') {
                    self.pop();
                    return emit(out, StrInterpol, r, 1);
                }
                None
            }
        }
    }
}

/// The escapes Rouge highlights in Python strings: `\\` then one of the listed forms.
fn escape(r: &str) -> Option<usize> {
    let s = r.strip_prefix('\\')?;
    let b = s.as_bytes();
    let first = *b.first()?;
    if b"\\abfnrtv\"'\n".contains(&first) {
        return Some(2);
    }
    if let Some(name) = s.strip_prefix("N{") {
        // `N{[a-zA-Z][a-zA-Z ]+[a-zA-Z]}`
        let n = span(name, |c| c.is_ascii_alphabetic() || c == ' ');
        let body = &name.as_bytes()[..n];
        if n >= 3
            && name[n..].starts_with('}')
            && body[0].is_ascii_alphabetic()
            && body[n - 1].is_ascii_alphabetic()
        {
            return Some(1 + 2 + n + 1);
        }
    }
    let hex = |len: usize| {
        (b.len() > len && b[1..=len].iter().all(u8::is_ascii_hexdigit)).then_some(2 + len)
    };
    match first {
        b'u' => hex(4),
        b'U' => hex(8),
        b'x' => hex(2),
        b'0'..=b'7' => Some(
            1 + b
                .iter()
                .take(3)
                .take_while(|c| matches!(c, b'0'..=b'7'))
                .count(),
        ),
        _ => None,
    }
}

impl Python {
    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        let first = r.chars().next()?;
        if let Some(n) = span1(r, |c| c == '\n') {
            return emit(out, Text, r, n);
        }
        if c.bol()
            && first == ':'
            && let Some(n) = self.docstring_after_colon(r, out)
        {
            return Some(n);
        }
        if let Some(n) = span1(r, |c| is_space(c) && c != '\n') {
            return emit(out, Text, r, n);
        }
        if first == '#' {
            let n = line_len(r);
            return emit(
                out,
                CommentSingle,
                r,
                n + usize::from(r[n..].starts_with('\n')),
            );
        }
        if let Some(n) = one_of(r, "[]{}:(),;.") {
            return emit(out, Punctuation, r, n);
        }
        if r.starts_with("\\\n") {
            return emit(out, Text, r, 2);
        }
        if first == '\\' {
            return emit(out, Text, r, 1);
        }
        if let Some(n) = first_of(r, &["in", "is", "and", "or", "not"])
            && !r[n..].chars().next().is_some_and(is_uword)
        {
            return emit(out, OperatorWord, r, n);
        }
        if let Some(n) = first_of(r, &["<<", ">>", "//", "**"]) {
            return emit(out, Operator, r, n + usize::from(r[n..].starts_with('=')));
        }
        if let Some(n) = one_of(r, "-~+/*%=<>&^|@") {
            return emit(out, Operator, r, n + usize::from(r[n..].starts_with('=')));
        }
        if r.starts_with("!=") {
            return emit(out, Operator, r, 2);
        }
        if let Some(n) = self.keyword_rules(r, out) {
            return Some(n);
        }
        if first == '`'
            && let Some(end) = r[1..line_len(r)].find('`')
        {
            return emit(out, StrBacktick, r, end + 2);
        }
        if let Some(n) = self.string_start(r, out) {
            return Some(n);
        }
        if let Some(n) = identifier(r) {
            let word = &r[..n];
            // Rouge's `(?<!\.)` never sees the dot (StringScanner hides what precedes the
            // position), so `obj.print` highlights `print` as a keyword too.
            let tok = if KEYWORDS_SET.contains(word) {
                Keyword
            } else if EXCEPTIONS_SET.contains(word) || BUILTINS_SET.contains(word) {
                NameBuiltin
            } else if BUILTINS_PSEUDO_SET.contains(word) {
                NameBuiltinPseudo
            } else {
                Name
            };
            return emit(out, tok, r, n);
        }
        let (tok, n) = number(r)?;
        emit(out, tok, r, n)
    }

    /// `^(:)(\s*)([ru]{,2}""".*?""")`: a docstring after a colon opening a line.
    fn docstring_after_colon(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let sp = 1 + span(&r[1..], is_space);
        let affix = span(&r[sp..], |c| matches!(c, 'r' | 'u' | 'R' | 'U')).min(2);
        let open = sp + affix;
        if !r[open..].starts_with("\"\"\"") {
            return None;
        }
        let end = open + 3 + r[open + 3..].find("\"\"\"")? + 3;
        out.push(Punctuation, ":");
        out.push(Text, &r[1..sp]);
        out.push(StrDoc, &r[sp..end]);
        Some(end)
    }

    /// The `from … import`, `import …`, `def` and `class` rules.
    fn keyword_rules(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(rest) = r.strip_prefix("from")
            && let s1 = escaped_spaces(rest)
            && s1 > 0
            && let Some(m) = dotted_identifier(&rest[s1..])
            && let s2 = escaped_spaces(&rest[s1 + m..])
            && s2 > 0
            && rest[s1 + m + s2..].starts_with("import")
        {
            out.push(KeywordNamespace, "from");
            out.push(Text, &rest[..s1]);
            out.push(NameNamespace, &rest[s1..s1 + m]);
            out.push(Text, &rest[s1 + m..s1 + m + s2]);
            out.push(KeywordNamespace, "import");
            return Some(4 + s1 + m + s2 + 6);
        }
        if let Some(rest) = r.strip_prefix("import")
            && let s = span(rest, is_space)
            && s > 0
            && let Some(m) = dotted_identifier(&rest[s..])
        {
            out.push(KeywordNamespace, "import");
            out.push(Text, &rest[..s]);
            out.push(NameNamespace, &rest[s..s + m]);
            return Some(6 + s + m);
        }
        for (word, next) in [("def", State::FuncName), ("class", State::ClassName)] {
            if let Some(rest) = r.strip_prefix(word) {
                let s = escaped_spaces(rest);
                if s > 0 {
                    out.push(Keyword, word);
                    out.push(Text, &rest[..s]);
                    self.stack.push(next);
                    return Some(word.len() + s);
                }
            }
        }
        None
    }

    /// `([rfbu]{0,2})('''|"""|['"])`: a string's prefix and opening delimiter.
    fn string_start(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let affix = span(r, |c| {
            matches!(c.to_ascii_lowercase(), 'r' | 'f' | 'b' | 'u')
        })
        .min(2);
        let delim = ["'''", "\"\"\"", "'", "\""]
            .into_iter()
            .find(|d| r[affix..].starts_with(d))?;
        out.push(StrAffix, &r[..affix]);
        out.push(Str, delim);
        self.strings.push(OpenString {
            affix: r[..affix].to_ascii_lowercase(),
            delim,
        });
        self.stack.push(State::GenericString);
        Some(affix + delim.len())
    }

    fn string(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = span1(r, |c| !matches!(c, '\'' | '"' | '\\' | '{')) {
            return emit(out, Str, r, n);
        }
        if r.starts_with("{{") {
            return emit(out, Str, r, 2);
        }
        if let Some(delim) = ["'''", "\"\"\"", "'", "\""]
            .into_iter()
            .find(|d| r.starts_with(d))
        {
            if self.strings.last().is_some_and(|s| s.delim == delim) {
                self.strings.pop();
                self.pop();
            }
            return emit(out, Str, r, delim.len());
        }
        if r.starts_with('\\') {
            // `(?=\\)`: an empty match that hands the backslash to the escape state.
            self.stack.push(State::GenericEscape);
            return Some(0);
        }
        if r.starts_with('{') {
            if self.string_has('f') {
                self.stack.push(State::GenericInterpol);
                return emit(out, StrInterpol, r, 1);
            }
            return emit(out, Str, r, 1);
        }
        None
    }
}
