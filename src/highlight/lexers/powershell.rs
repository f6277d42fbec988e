//! Rouge's `powershell` lexer (`posh`, `microsoftshell`, `msshell`): commands (a name
//! followed by a `parameters` state), variables, `-operators`, strings with `$(…)`
//! interpolation and here-strings, hash tables and arrays.

use crate::highlight::scan::Words;
use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, StateStack, Tokens, drive, emit, first_of, is_space, is_uword,
    is_word, line_len, span, span1, starts_with_ci,
};
use crate::highlight::token::Token::*;

static ATTRIBUTES_SET: Words = Words::new(ATTRIBUTES);

const ATTRIBUTES: &[&str] = &[
    "ConfirmImpact",
    "DefaultParameterSetName",
    "HelpURI",
    "PositionalBinding",
    "SupportsPaging",
    "SupportsShouldProcess",
];

/// Automatic variables, in Rouge's order (the first that is a prefix wins).
const AUTO_VARS: &[&str] = &[
    "$$",
    "$?",
    "$^",
    "$_",
    "$args",
    "$ConsoleFileName",
    "$Error",
    "$Event",
    "$EventArgs",
    "$EventSubscriber",
    "$ExecutionContext",
    "$false",
    "$foreach",
    "$HOME",
    "$Host",
    "$input",
    "$IsCoreCLR",
    "$IsLinux",
    "$IsMacOS",
    "$IsWindows",
    "$LastExitCode",
    "$Matches",
    "$MyInvocation",
    "$NestedPromptLevel",
    "$null",
    "$PID",
    "$PROFILE",
    "$PSBoundParameters",
    "$PSCmdlet",
    "$PSCommandPath",
    "$PSCulture",
    "$PSDebugContext",
    "$PSHOME",
    "$PSItem",
    "$PSScriptRoot",
    "$PSSenderInfo",
    "$PSUICulture",
    "$PSVersionTable",
    "$PWD",
    "$REPORTERRORSHOWEXCEPTIONCLASS",
    "$REPORTERRORSHOWINNEREXCEPTION",
    "$REPORTERRORSHOWSOURCE",
    "$REPORTERRORSHOWSTACKTRACE",
    "$SENDER",
    "$ShellId",
    "$StackTrace",
    "$switch",
    "$this",
    "$true",
];

const KEYWORDS: &[&str] = &[
    "assembly",
    "exit",
    "process",
    "base",
    "filter",
    "public",
    "begin",
    "finally",
    "return",
    "break",
    "for",
    "sequence",
    "catch",
    "foreach",
    "static",
    "class",
    "from",
    "switch",
    "command",
    "function",
    "throw",
    "configuration",
    "hidden",
    "trap",
    "continue",
    "if",
    "try",
    "data",
    "in",
    "type",
    "define",
    "inlinescript",
    "until",
    "do",
    "interface",
    "using",
    "dynamicparam",
    "module",
    "var",
    "else",
    "namespace",
    "while",
    "elseif",
    "parallel",
    "workflow",
    "end",
    "param",
    "enum",
    "private",
];

const OPERATORS: &[&str] = &[
    "-split",
    "-isplit",
    "-csplit",
    "-join",
    "-is",
    "-isnot",
    "-as",
    "-eq",
    "-ieq",
    "-ceq",
    "-ne",
    "-ine",
    "-cne",
    "-gt",
    "-igt",
    "-cgt",
    "-ge",
    "-ige",
    "-cge",
    "-lt",
    "-ilt",
    "-clt",
    "-le",
    "-ile",
    "-cle",
    "-like",
    "-ilike",
    "-clike",
    "-notlike",
    "-inotlike",
    "-cnotlike",
    "-match",
    "-imatch",
    "-cmatch",
    "-notmatch",
    "-inotmatch",
    "-cnotmatch",
    "-contains",
    "-icontains",
    "-ccontains",
    "-notcontains",
    "-inotcontains",
    "-cnotcontains",
    "-replace",
    "-ireplace",
    "-creplace",
    "-shl",
    "-shr",
    "-band",
    "-bor",
    "-bxor",
    "-and",
    "-or",
    "-xor",
    "-not",
    "+=",
    "-=",
    "*=",
    "/=",
    "%=",
];

const HELP_KEYWORDS: &[&str] = &[
    "synopsis",
    "description",
    "parameter",
    "example",
    "inputs",
    "outputs",
    "notes",
    "link",
    "component",
    "role",
    "functionality",
    "forwardhelptargetname",
    "forwardhelpcategory",
    "remotehelprunspace",
    "externalhelp",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Multiline,
    Interpol,
    Dq,
    Sq,
    Heredoc,
    Class,
    Hasht,
    Array,
    Brace,
    Bracket,
    Parameters,
}

/// The PowerShell lexer: its state stack and what it found ahead.
pub(crate) struct Powershell {
    stack: Vec<State>,
    close_brace: Ahead,
    backtick: Ahead,
    here_end: Ahead,
}

impl Powershell {
    /// A PowerShell lexer at the start of its input.
    pub(crate) fn new() -> Powershell {
        Powershell {
            stack: vec![State::Root],
            close_brace: Ahead::default(),
            backtick: Ahead::default(),
            here_end: Ahead::default(),
        }
    }

    /// `\{(?:[^`]|`.)+?\}` at `c` (on the `{`): its length. Without backticks it ends at
    /// the first `}` after the first character; the next `}` and backtick are remembered, so
    /// a run of unclosed `${` stays linear.
    fn braced_name(&mut self, c: Cursor<'_>) -> Option<usize> {
        let r = c.rest();
        let first = r.strip_prefix('{')?.chars().next()?.len_utf8();
        let at = |pos: usize| Cursor { src: c.src, pos };
        let from = c.pos + 1 + first;
        let close = from + self.close_brace.find(at(from), |s| s.find('}'))?;
        let tick = self
            .backtick
            .find(at(c.pos + 1), |s| s.find('`'))
            .map(|t| c.pos + 1 + t);
        if tick.is_none_or(|t| t > close) {
            return Some(close + 1 - c.pos);
        }
        slow_braced(r)
    }
}

/// `\{(?:[^`]|`.)+?\}` by scanning, for bodies with backticks.
fn slow_braced(r: &str) -> Option<usize> {
    let mut chars = r.char_indices().skip(1);
    let mut first = true;
    while let Some((i, ch)) = chars.next() {
        if ch == '}' && !first {
            return Some(i + 1);
        }
        first = false;
        if ch == '`' {
            match chars.next() {
                Some((_, '\n')) | None => return None,
                Some(_) => {}
            }
        }
    }
    None
}

impl Lex for Powershell {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

/// Whether `\b` holds between `r[..k]` and `r[k..]`.
fn boundary(r: &str, k: usize) -> bool {
    let before = r[..k].chars().next_back().is_some_and(is_uword);
    let after = r[k..].chars().next().is_some_and(is_uword);
    before != after
}

impl Rules for Powershell {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        let state = *self.stack.last()?;
        match state {
            State::Root => self.root(c, out),
            State::Multiline => {
                if let Some(rest) = r.strip_prefix('.')
                    && let Some(w) = HELP_KEYWORDS.iter().find(|w| starts_with_ci(rest, w))
                {
                    return emit(out, CommentSpecial, r, 1 + w.len());
                }
                if r.starts_with("#>") {
                    self.stack.pop_states(1);
                    return emit(out, CommentMultiline, r, 2);
                }
                if let Some(ch) = r.chars().next().filter(|&c| c != '#' && c != '.') {
                    return emit(out, CommentMultiline, r, ch.len_utf8());
                }
                emit(out, CommentMultiline, r, span(r, |c| c == '#' || c == '.'))
            }
            State::Interpol => {
                if r.starts_with(')') {
                    self.stack.pop_states(1);
                    return emit(out, StrInterpol, r, 1);
                }
                self.root(c, out)
            }
            State::Dq | State::Heredoc => {
                let close = if state == State::Dq { "\"" } else { "\"@" };
                let d = usize::from(r.starts_with('$'));
                let h = usize::from(d == 1 && r[1..].starts_with('#'));
                if r[d + h..].starts_with(close) {
                    self.stack.pop_states(1);
                    let tok = if state == State::Dq {
                        StrDouble
                    } else {
                        StrHeredoc
                    };
                    return emit(out, tok, r, d + h + close.len());
                }
                if r.starts_with("$(") {
                    self.stack.push(State::Interpol);
                    return emit(out, StrInterpol, r, 2);
                }
                if let Some(rest) = r.strip_prefix('`') {
                    match rest.chars().next() {
                        None | Some('\n') => return emit(out, StrEscape, r, 1),
                        Some(ch) => return emit(out, StrEscape, r, 1 + ch.len_utf8()),
                    }
                }
                if state == State::Dq {
                    if let Some(n) = span1(r, |c| !"\"`$".contains(c)) {
                        return emit(out, StrDouble, r, n);
                    }
                } else {
                    if let Some(ch) = r.chars().next().filter(|&c| !"\"`$".contains(c)) {
                        return emit(out, StrHeredoc, r, ch.len_utf8());
                    }
                    if let Some(n) = span1(r, |c| c == '"') {
                        return emit(out, StrHeredoc, r, n);
                    }
                }
                self.variable(c, out)
            }
            State::Sq => {
                if r.starts_with('\'') {
                    self.stack.pop_states(1);
                    return emit(out, StrSingle, r, 1);
                }
                span1(r, |c| c != '\'').and_then(|n| emit(out, StrSingle, r, n))
            }
            State::Class => {
                if r.starts_with('{') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                if let Some(n) = span1(r, is_space) {
                    return emit(out, TextWhitespace, r, n);
                }
                if let Some(n) = span1(r, is_word) {
                    return emit(out, NameClass, r, n);
                }
                r.starts_with([':', ','])
                    .then(|| emit(out, Punctuation, r, 1))?
            }
            State::Hasht => {
                if r.starts_with('}') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with('=') {
                    return emit(out, Operator, r, 1);
                }
                if r.starts_with([',', ';']) {
                    return emit(out, Punctuation, r, 1);
                }
                if let Some(n) = self.expr(c, out) {
                    return Some(n);
                }
                if let Some(n) = span1(r, is_word) {
                    return emit(out, NameOther, r, n);
                }
                self.variable(c, out)
            }
            State::Array => {
                if let Some(n) = span1(r, is_space) {
                    return emit(out, TextWhitespace, r, n);
                }
                if r.starts_with(')') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with([',', ';']) {
                    return emit(out, Punctuation, r, 1);
                }
                if let Some(n) = self.expr(c, out) {
                    return Some(n);
                }
                self.variable(c, out)
            }
            State::Brace => {
                if r.starts_with('}') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                self.root(c, out)
            }
            State::Bracket => {
                if r.starts_with(']') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    let n = span(r, is_word);
                    if n >= 2 {
                        if r[n..].starts_with('.') {
                            return emit(out, Name, r, n + 1);
                        }
                        let tok = if ATTRIBUTES_SET.contains(&r[..n]) {
                            NameBuiltinPseudo
                        } else {
                            Name
                        };
                        return emit(out, tok, r, n);
                    }
                }
                self.root(c, out)
            }
            State::Parameters => {
                if let Some(ch) = r.strip_prefix('`').and_then(|s| s.chars().next()) {
                    return emit(out, StrEscape, r, 1 + ch.len_utf8());
                }
                let ws = span(r, |c| is_space(c) && c != '\n');
                if r[ws..].starts_with('\n') {
                    self.stack.pop_states(1);
                    return emit(out, TextWhitespace, r, ws + 1);
                }
                if r.starts_with(|c| ";(){}]".contains(c)) {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with(['|', '=']) {
                    self.stack.pop_states(1);
                    return emit(out, Operator, r, 1);
                }
                if r.starts_with(|c: char| is_word(c) || "/\\~".contains(c)) {
                    let n = 1 + span(&r[1..], |c| is_word(c) || "-.:/\\~".contains(c));
                    return emit(out, NameOther, r, n);
                }
                self.root(c, out)
            }
        }
    }
}

impl Powershell {
    fn comments(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = span1(r, is_space) {
            return emit(out, TextWhitespace, r, n);
        }
        if r.starts_with('#') {
            return emit(out, Comment, r, line_len(r));
        }
        if r.starts_with("<#") {
            self.stack.push(State::Multiline);
            return emit(out, CommentMultiline, r, 2);
        }
        None
    }

    fn expr(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = self.comments(r, out) {
            return Some(n);
        }
        if r.starts_with('"') {
            self.stack.push(State::Dq);
            return emit(out, StrDouble, r, 1);
        }
        if r.starts_with('\'') {
            self.stack.push(State::Sq);
            return emit(out, StrSingle, r, 1);
        }
        if r.starts_with("@\"") {
            self.stack.push(State::Heredoc);
            return emit(out, StrHeredoc, r, 2);
        }
        if r.starts_with("@'") {
            let after = Cursor {
                src: c.src,
                pos: c.pos + 2,
            };
            if let Some(e) = self.here_end.find(after, |s| s.find("'@")) {
                return emit(out, StrHeredoc, r, 2 + e + 2);
            }
        }
        let d = span(r, |c| c.is_ascii_digit());
        if r[d..].starts_with('.')
            && let Some(f) = span1(&r[d + 1..], |c| c.is_ascii_digit())
        {
            return emit(out, NumFloat, r, d + 1 + f);
        }
        if d > 0 {
            return emit(out, NumInteger, r, d);
        }
        for (open, state) in [("@{", State::Hasht), ("@(", State::Array)] {
            if r.starts_with(open) {
                self.stack.push(state);
                return emit(out, Punctuation, r, 2);
            }
        }
        if r.starts_with('{') {
            self.stack.push(State::Brace);
            return emit(out, Punctuation, r, 1);
        }
        if r.starts_with('[') {
            self.stack.push(State::Bracket);
            return emit(out, Punctuation, r, 1);
        }
        None
    }

    fn variable(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = first_of(r, AUTO_VARS) {
            return emit(out, NameBuiltinPseudo, r, n);
        }
        let rest = r.strip_prefix('$')?;
        // `(\$)(?:(\w+)(:))?(\w+|\{…\})`
        let scope = span(rest, is_word);
        let mut forms: Vec<usize> = Vec::new();
        if scope > 0 && rest[scope..].starts_with(':') {
            forms.push(scope + 1);
        }
        forms.push(0);
        for at in forms {
            let name_at = Cursor {
                src: c.src,
                pos: c.pos + 1 + at,
            };
            let name = span1(&rest[at..], is_word).or_else(|| self.braced_name(name_at));
            if let Some(n) = name {
                out.push(NameVariable, "$");
                if at > 0 {
                    out.push(NameNamespace, &rest[..at - 1]);
                    out.push(Punctuation, ":");
                }
                out.push(NameVariable, &rest[at..at + n]);
                return Some(1 + at + n);
            }
        }
        None
    }

    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = self.comments(r, out) {
            return Some(n);
        }
        if let Some(range) = r.strip_prefix("..") {
            let after = range.strip_prefix('.').unwrap_or(range);
            if after.starts_with(|c: char| c.is_ascii_digit()) {
                return emit(out, Operator, r, 2);
            }
        }
        if let Some(op) = OPERATORS
            .iter()
            .find(|op| starts_with_ci(r, op) && boundary(r, op.len()))
        {
            return emit(out, Operator, r, op.len());
        }
        if starts_with_ci(r, "class")
            && let Some(ws) = span1(&r[5..], is_space)
            && let Some(n) = span1(&r[5 + ws..], is_word)
        {
            out.push(KeywordReserved, &r[..5]);
            out.push(TextWhitespace, &r[5..5 + ws]);
            out.push(NameClass, &r[5 + ws..5 + ws + n]);
            self.stack.push(State::Class);
            return Some(5 + ws + n);
        }
        if let Some(n) = function(r, out) {
            return Some(n);
        }
        if let Some(k) = KEYWORDS.iter().find(|k| {
            starts_with_ci(r, k) && boundary(r, k.len()) && !r[k.len()..].starts_with(['-', '.'])
        }) {
            return emit(out, KeywordReserved, r, k.len());
        }
        if let Some(rest) = r.strip_prefix('-') {
            let d = usize::from(rest.starts_with('-'));
            if let Some(n) = span1(&rest[d..], is_word) {
                return emit(out, NameTag, r, 1 + d + n);
            }
        }
        let dot = usize::from(r.starts_with('.'));
        if let Some(n) = span1(&r[dot..], |c| is_word(c) || c == '-')
            && r[dot + n..].starts_with('[')
        {
            out.push(Operator, &r[..dot]);
            out.push(Name, &r[dot..dot + n]);
            out.push(Punctuation, "[");
            self.stack.push(State::Bracket);
            return Some(dot + n + 1);
        }
        if r.starts_with(|c: char| c.is_ascii_alphabetic() || "/\\~".contains(c)) {
            let n = 1 + span(&r[1..], |c| is_word(c) || "-.:/\\~".contains(c));
            let nl = usize::from(r[n..].starts_with('\n'));
            out.push(Name, &r[..n]);
            out.push(TextWhitespace, &r[n..n + nl]);
            self.stack.push(State::Parameters);
            return Some(n + nl);
        }
        if let Some(rest) = r.strip_prefix('.')
            && let Some(n) = span1(rest, |c| is_word(c) || c == '-')
        {
            out.push(Operator, ".");
            out.push(NameFunction, &rest[..n]);
            if rest[n..].starts_with('(') {
                out.push(Punctuation, "(");
                self.stack.push(State::Parameters);
                return Some(1 + n + 1);
            }
            let nl = usize::from(rest[n..].starts_with('\n'));
            out.push(TextWhitespace, &rest[n..n + nl]);
            return Some(1 + n + nl);
        }
        if r.starts_with('?') {
            self.stack.push(State::Parameters);
            return emit(out, NameFunction, r, 1);
        }
        if let Some(n) = self.expr(c, out) {
            return Some(n);
        }
        if let Some(n) = self.variable(c, out) {
            return Some(n);
        }
        if r.starts_with(|c| "-+*/%=!.&|".contains(c)) {
            return emit(out, Operator, r, 1);
        }
        r.starts_with(|c| "{}(),:;".contains(c))
            .then(|| emit(out, Punctuation, r, 1))?
    }
}

/// `(function)(\s+)(?:(\w+)(:))?(\w[-\w]+)`, any case.
fn function(r: &str, out: &mut Tokens) -> Option<usize> {
    if !starts_with_ci(r, "function") {
        return None;
    }
    let ws = span1(&r[8..], is_space)?;
    let at = 8 + ws;
    let name = |s: &str| {
        let first = s.chars().next().filter(|&c| is_word(c))?;
        let n = first.len_utf8() + span(&s[first.len_utf8()..], |c| is_word(c) || c == '-');
        (n >= 2).then_some(n)
    };
    let scope = span(&r[at..], is_word);
    let scoped = (scope > 0 && r[at + scope..].starts_with(':'))
        .then(|| name(&r[at + scope + 1..]).map(|n| (scope + 1, n)))
        .flatten();
    let (s, n) = scoped.or_else(|| name(&r[at..]).map(|n| (0, n)))?;
    out.push(KeywordReserved, &r[..8]);
    out.push(TextWhitespace, &r[8..at]);
    if s > 0 {
        out.push(NameNamespace, &r[at..at + s - 1]);
        out.push(Punctuation, ":");
    }
    out.push(NameFunction, &r[at + s..at + s + n]);
    Some(at + s + n)
}
