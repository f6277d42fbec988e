//! Rouge's `perl` lexer (`pl`). Its quote-like operators (`s/…/…/`, `m{…}`, `qw(…)`) are
//! regexes whose bodies backtrack — greedy or lazy, escapes preferred — so they are matched
//! by a small search over (part, position) states that remembers the states that failed,
//! which finds Onigmo's first match in linear time.

use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, StateStack, Tokens, drive, emit, first_of, is_space, is_uword,
    is_word, line_len, span, span1,
};
use crate::highlight::token::Token::{self, *};
use std::collections::{HashMap, HashSet};

const KEYWORDS: &[&str] = &[
    "case", "continue", "do", "else", "elsif", "for", "foreach", "if", "last", "my", "next", "our",
    "redo", "reset", "then", "unless", "until", "while", "use", "print", "new", "BEGIN", "CHECK",
    "INIT", "END", "return",
];

const BUILTINS: &[&str] = &[
    "abs",
    "accept",
    "alarm",
    "atan2",
    "bind",
    "binmode",
    "bless",
    "caller",
    "chdir",
    "chmod",
    "chomp",
    "chop",
    "chown",
    "chr",
    "chroot",
    "close",
    "closedir",
    "connect",
    "continue",
    "cos",
    "crypt",
    "dbmclose",
    "dbmopen",
    "defined",
    "delete",
    "die",
    "dump",
    "each",
    "endgrent",
    "endhostent",
    "endnetent",
    "endprotoent",
    "endpwent",
    "endservent",
    "eof",
    "eval",
    "exec",
    "exists",
    "exit",
    "exp",
    "fcntl",
    "fileno",
    "flock",
    "fork",
    "format",
    "formline",
    "getc",
    "getgrent",
    "getgrgid",
    "getgrnam",
    "gethostbyaddr",
    "gethostbyname",
    "gethostent",
    "getlogin",
    "getnetbyaddr",
    "getnetbyname",
    "getnetent",
    "getpeername",
    "getpgrp",
    "getppid",
    "getpriority",
    "getprotobyname",
    "getprotobynumber",
    "getprotoent",
    "getpwent",
    "getpwnam",
    "getpwuid",
    "getservbyname",
    "getservbyport",
    "getservent",
    "getsockname",
    "getsockopt",
    "glob",
    "gmtime",
    "goto",
    "grep",
    "hex",
    "import",
    "index",
    "int",
    "ioctl",
    "join",
    "keys",
    "kill",
    "last",
    "lc",
    "lcfirst",
    "length",
    "link",
    "listen",
    "local",
    "localtime",
    "log",
    "lstat",
    "map",
    "mkdir",
    "msgctl",
    "msgget",
    "msgrcv",
    "msgsnd",
    "my",
    "next",
    "no",
    "oct",
    "open",
    "opendir",
    "ord",
    "our",
    "pack",
    "package",
    "pipe",
    "pop",
    "pos",
    "printf",
    "prototype",
    "push",
    "quotemeta",
    "rand",
    "read",
    "readdir",
    "readline",
    "readlink",
    "readpipe",
    "recv",
    "redo",
    "ref",
    "rename",
    "require",
    "reverse",
    "rewinddir",
    "rindex",
    "rmdir",
    "scalar",
    "seek",
    "seekdir",
    "select",
    "semctl",
    "semget",
    "semop",
    "send",
    "setgrent",
    "sethostent",
    "setnetent",
    "setpgrp",
    "setpriority",
    "setprotoent",
    "setpwent",
    "setservent",
    "setsockopt",
    "shift",
    "shmctl",
    "shmget",
    "shmread",
    "shmwrite",
    "shutdown",
    "sin",
    "sleep",
    "socket",
    "socketpair",
    "sort",
    "splice",
    "split",
    "sprintf",
    "sqrt",
    "srand",
    "stat",
    "study",
    "substr",
    "symlink",
    "syscall",
    "sysopen",
    "sysread",
    "sysseek",
    "system",
    "syswrite",
    "tell",
    "telldir",
    "tie",
    "tied",
    "time",
    "times",
    "tr",
    "truncate",
    "uc",
    "ucfirst",
    "umask",
    "undef",
    "unlink",
    "unpack",
    "unshift",
    "untie",
    "utime",
    "values",
    "vec",
    "wait",
    "waitpid",
    "wantarray",
    "warn",
    "write",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    BalancedRegex,
    Format,
    FatComma,
    VarName,
    Name,
    ModuleName,
    FuncName,
    Sq,
    Dq,
    Bq,
    /// `q{…}` and its kin, by closing bracket.
    Bracketed(char),
    InInterp,
    EndPart,
}

/// The Perl lexer: its state stack and what it found ahead.
pub(crate) struct Perl {
    stack: Vec<State>,
    pod_end: Ahead,
    brace_or_eol: Ahead,
    close_brace: Ahead,
    /// The last heredoc search: its label, where it started and what it found.
    heredoc: (String, usize, Option<usize>),
    /// The next occurrence of each closing delimiter tried, so that a delimiter that never
    /// closes is not searched for again at every opening.
    next_char: HashMap<char, Ahead>,
}

impl Perl {
    /// A Perl lexer at the start of its input.
    pub(crate) fn new() -> Perl {
        Perl {
            stack: vec![State::Root],
            pod_end: Ahead::default(),
            brace_or_eol: Ahead::default(),
            close_brace: Ahead::default(),
            heredoc: (String::new(), usize::MAX, None),
            next_char: HashMap::new(),
        }
    }

    /// Whether `ch` occurs at or after byte `from` of the text (a necessary condition for
    /// a delimited body closed by `ch`).
    fn occurs(&mut self, c: Cursor<'_>, from: usize, ch: char) -> bool {
        let at = Cursor {
            src: c.src,
            pos: c.pos + from,
        };
        self.next_char
            .entry(ch)
            .or_default()
            .find(at, |s| s.find(ch))
            .is_some()
    }
}

impl Lex for Perl {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

/// A delimited body as Onigmo matches it: `parts` runs of `(alternatives)*` (greedy or
/// lazy), each closed by `close`. `alts(s)` lists the lengths the alternatives can take at
/// the start of `s`, in order. Returns the end of the last close. Failed (part, position)
/// states are remembered, so the search is linear.
fn delimited(
    s: &str,
    from: usize,
    parts: usize,
    greedy: bool,
    alts: &dyn Fn(&str) -> Vec<usize>,
    close: &dyn Fn(&str) -> Option<usize>,
) -> Option<usize> {
    // Options at a state: continue with an alternative, or stop and match the close.
    let options = |part: usize, i: usize| -> Vec<Option<usize>> {
        let _ = part;
        let mut o: Vec<Option<usize>> = alts(&s[i..]).into_iter().map(Some).collect();
        if greedy {
            o.push(None);
        } else {
            o.insert(0, None);
        }
        o
    };
    let mut failed: HashSet<(usize, usize)> = HashSet::new();
    let mut stack: Vec<(usize, usize, Vec<Option<usize>>, usize)> =
        vec![(0, from, options(0, from), 0)];
    while let Some(top) = stack.last_mut() {
        let (part, i) = (top.0, top.1);
        if top.3 == top.2.len() {
            failed.insert((part, i));
            stack.pop();
            continue;
        }
        let option = top.2[top.3];
        top.3 += 1;
        let next = match option {
            Some(n) => (part, i + n),
            None => match close(&s[i..]) {
                Some(c) if part + 1 == parts => return Some(i + c),
                Some(c) => (part + 1, i + c),
                None => continue,
            },
        };
        if !failed.contains(&next) {
            let opts = options(next.0, next.1);
            stack.push((next.0, next.1, opts, 0));
        }
    }
    None
}

/// The first character of `s` as a length, if it is not `\x01` (`[^\1]` in Rouge's
/// patterns is an octal escape, not a back-reference).
fn any_but_soh(s: &str) -> Option<usize> {
    s.chars()
        .next()
        .filter(|&c| c != '\u{1}')
        .map(char::len_utf8)
}

/// `((\\\\|\\D)|[^\1])*?D` bodies: the alternatives at `s`.
fn lazy_alts(d: char) -> impl Fn(&str) -> Vec<usize> {
    move |s: &str| {
        let mut v = Vec::new();
        if s.starts_with("\\\\") {
            v.push(2);
        }
        if let Some(rest) = s.strip_prefix('\\')
            && rest.starts_with(d)
        {
            v.push(1 + d.len_utf8());
        }
        v.extend(any_but_soh(s));
        v
    }
}

/// `X(\\[\\X]|[^X])*X` bodies (the balanced-regex state): the alternatives at `s`.
fn greedy_alts(x: char) -> impl Fn(&str) -> Vec<usize> {
    move |s: &str| {
        let mut v = Vec::new();
        if let Some(rest) = s.strip_prefix('\\')
            && (rest.starts_with('\\') || rest.starts_with(x))
        {
            v.push(2);
        }
        if let Some(c) = s.chars().next().filter(|&c| c != x) {
            v.push(c.len_utf8());
        }
        v
    }
}

fn close_with(d: char) -> impl Fn(&str) -> Option<usize> {
    move |s: &str| s.starts_with(d).then(|| d.len_utf8())
}

/// Regex flags: `[chars]*`.
fn flags(s: &str, set: &str) -> usize {
    span(s, |c| set.contains(c))
}

impl Rules for Perl {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        let state = *self.stack.last()?;
        match state {
            State::Root => self.root(c, out),
            State::BalancedRegex => {
                for (open, close, multi) in [
                    ('/', '/', true),
                    ('!', '!', true),
                    ('\\', '\\', true),
                    ('{', '}', false),
                    ('<', '>', false),
                    ('[', ']', false),
                    ('(', ')', false),
                    ('@', '@', false),
                    ('%', '%', false),
                    ('$', '$', false),
                ] {
                    let _ = multi;
                    if !r.starts_with(open) || !self.occurs(c, 1, close) {
                        continue;
                    }
                    let end = if open == '\\' {
                        // `\\(\\\\|[^\\])*\\`
                        let alts = |s: &str| {
                            let mut v = Vec::new();
                            if s.starts_with("\\\\") {
                                v.push(2);
                            }
                            if let Some(ch) = s.chars().next().filter(|&c| c != '\\') {
                                v.push(ch.len_utf8());
                            }
                            v
                        };
                        delimited(r, 1, 1, true, &alts, &close_with('\\'))
                    } else {
                        delimited(r, 1, 1, true, &greedy_alts(close), &close_with(close))
                    };
                    if let Some(e) = end {
                        self.stack.pop_states(1);
                        let n = e + flags(&r[e..], "egimosx");
                        return emit(out, StrRegex, r, n);
                    }
                }
                None
            }
            State::Format => {
                if r.starts_with(".\n") {
                    self.stack.pop_states(1);
                    return emit(out, StrInterpol, r, 2);
                }
                let n = line_len(r);
                r[n..].starts_with('\n').then_some(())?;
                emit(out, StrInterpol, r, n + 1)
            }
            State::FatComma => {
                if r.starts_with('#') {
                    return emit(out, CommentSingle, r, line_len(r));
                }
                if let Some(n) = span1(r, is_word) {
                    return emit(out, Str, r, n);
                }
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                r.starts_with("=>").then_some(())?;
                self.stack.pop_states(1);
                emit(out, Operator, r, 2)
            }
            State::VarName => {
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                if r.starts_with(|c| "{[),;".contains(c)) {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                self.name_common(r, out)
            }
            State::Name => {
                if let Some(n) = self.name_common(r, out) {
                    return Some(n);
                }
                // `(?=\W)`
                (!r.is_empty() && !r.starts_with(is_word)).then_some(())?;
                self.stack.pop_states(1);
                Some(0)
            }
            State::ModuleName => {
                let n = r
                    .starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                    .then(|| span(r, is_word))?;
                self.stack.pop_states(1);
                emit(out, NameNamespace, r, n)
            }
            State::FuncName => {
                if r.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
                    let n = span(r, is_word);
                    let q = usize::from(r[n..].starts_with(['!', '?']));
                    return emit(out, NameFunction, r, n + q);
                }
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                if let Some(inner) = r.strip_prefix('(') {
                    let k = span(inner, |c| "$@%".contains(c));
                    if inner[k..].starts_with(')') {
                        let ws = span(&inner[k + 1..], is_space);
                        out.push(Punctuation, &r[..k + 2]);
                        out.push(Text, &inner[k + 1..k + 1 + ws]);
                        return Some(k + 2 + ws);
                    }
                }
                if let Some(at) = self.brace_or_eol.find(c, |s| s.find(['{', '\n']))
                    && r[at..].starts_with('{')
                {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, at + 1);
                }
                r.starts_with(';').then_some(())?;
                self.stack.pop_states(1);
                emit(out, Punctuation, r, 1)
            }
            State::Sq => {
                if r.starts_with("\\\\") || r.starts_with("\\'") {
                    return emit(out, StrEscape, r, 2);
                }
                if let Some(n) = span1(r, |c| c != '\\' && c != '\'') {
                    return emit(out, StrSingle, r, n);
                }
                if r.starts_with('\'') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                emit(out, StrSingle, r, 1)
            }
            State::Dq => {
                if let Some(n) = self.interpolation(r, out) {
                    return Some(n);
                }
                if let Some(n) = self.dq_escape(c) {
                    return emit(out, StrEscape, r, n);
                }
                if let Some(ch) = r.chars().next().filter(|&c| c != '\\' && c != '"') {
                    return emit(out, StrDouble, r, ch.len_utf8());
                }
                if r.starts_with('"') {
                    self.stack.pop_states(1);
                    return emit(out, Punctuation, r, 1);
                }
                emit(out, StrEscape, r, 1)
            }
            State::Bq => {
                if let Some(n) = self.interpolation(r, out) {
                    return Some(n);
                }
                if let Some(rest) = r.strip_prefix('\\')
                    && rest.starts_with(|c| "\\tnr`".contains(c))
                {
                    return emit(out, StrEscape, r, 2);
                }
                if let Some(ch) = r.chars().next().filter(|&c| c != '\\' && c != '`') {
                    return emit(out, StrBacktick, r, ch.len_utf8());
                }
                r.starts_with('`').then_some(())?;
                self.stack.pop_states(1);
                emit(out, Punctuation, r, 1)
            }
            State::Bracketed(close) => {
                let open = match close {
                    '}' => '{',
                    ')' => '(',
                    ']' => '[',
                    _ => '<',
                };
                if let Some(rest) = r.strip_prefix('\\')
                    && rest.starts_with([open, close, '\\'])
                {
                    return emit(out, StrOther, r, 2);
                }
                if r.starts_with('\\') {
                    return emit(out, StrOther, r, 1);
                }
                if r.starts_with(open) {
                    self.stack.push(State::Bracketed(close));
                    return emit(out, StrOther, r, 1);
                }
                if r.starts_with(close) {
                    self.stack.pop_states(1);
                    return emit(out, StrOther, r, 1);
                }
                span1(r, |c| c != open && c != close && c != '\\')
                    .and_then(|n| emit(out, StrOther, r, n))
            }
            State::InInterp => {
                if r.starts_with('}') {
                    self.stack.pop_states(1);
                    return emit(out, StrInterpol, r, 1);
                }
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                r.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                    .then(|| emit(out, StrInterpol, r, span(r, is_word)))?
            }
            State::EndPart => {
                self.stack.pop_states(1);
                emit(out, CommentPreproc, r, r.len())
            }
        }
    }
}

impl Perl {
    /// `name_common`: `\w+::` then `[\w:]+`.
    fn name_common(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = span1(r, is_word)
            && r[n..].starts_with("::")
        {
            return emit(out, NameNamespace, r, n + 2);
        }
        let n = span1(r, |c| is_word(c) || c == ':')?;
        self.stack.pop_states(1);
        emit(out, NameVariable, r, n)
    }

    /// `string_intp`: `[$@]{` and `[$@]name`.
    fn interpolation(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let rest = r.strip_prefix(['$', '@'])?;
        if rest.starts_with('{') {
            self.stack.push(State::InInterp);
            return emit(out, StrInterpol, r, 2);
        }
        rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            .then(|| emit(out, StrInterpol, r, 1 + span(rest, is_word)))?
    }

    /// The escapes of a double-quoted string.
    fn dq_escape(&mut self, c: Cursor<'_>) -> Option<usize> {
        let r = c.rest();
        let esc = r.strip_prefix('\\')?;
        if esc.starts_with(|c| "\\tnrabefluLUE\"$@".contains(c)) {
            return Some(2);
        }
        let b = esc.as_bytes();
        if esc.starts_with('0') && b.len() >= 3 && b[1..3].iter().all(u8::is_ascii_digit) {
            return Some(4);
        }
        if let Some(body) = esc.strip_prefix("o{")
            && let Some(d) = span1(body, |c| c.is_ascii_digit())
            && body[d..].starts_with('}')
        {
            return Some(3 + d + 1);
        }
        if let Some(hex) = esc.strip_prefix('x') {
            let h = hex.as_bytes();
            if h.len() >= 2 && h[..2].iter().all(u8::is_ascii_hexdigit) {
                return Some(4);
            }
            if let Some(body) = hex.strip_prefix('{')
                && let Some(d) = span1(body, |c| c.is_ascii_hexdigit())
                && body[d..].starts_with('}')
            {
                return Some(3 + d + 1);
            }
        }
        if let Some(ch) = esc.strip_prefix('c').and_then(|s| s.chars().next())
            && ch != '\n'
        {
            return Some(2 + ch.len_utf8());
        }
        if esc.starts_with("N{") && esc.len() > 2 && !esc[2..].starts_with('}') {
            let from = Cursor {
                src: c.src,
                pos: c.pos + 3,
            };
            let close = self.close_brace.find(from, |s| s.find('}'))?;
            return Some(3 + close + 1);
        }
        None
    }

    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if r.starts_with('#') {
            return emit(out, CommentSingle, r, line_len(r));
        }
        if c.bol()
            && let Some(n) = self.pod(c)
        {
            return emit(out, CommentMultiline, r, n);
        }
        if let Some(k) = KEYWORDS
            .iter()
            .find(|k| r.starts_with(*k) && !r[k.len()..].starts_with(is_uword))
        {
            return emit(out, Keyword, r, k.len());
        }
        if let Some(n) = format(r, out) {
            self.stack.push(State::Format);
            return Some(n);
        }
        if let Some(w) = [
            "eq", "lt", "gt", "le", "ge", "ne", "not", "and", "or", "cmp",
        ]
        .iter()
        .find(|w| r.starts_with(*w) && !r[w.len()..].starts_with(is_uword))
        {
            return emit(out, OperatorWord, r, w.len());
        }
        if let Some(n) = self.quote_like(c, out) {
            return Some(n);
        }
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        if fat_comma_ahead(r) {
            self.stack.push(State::FatComma);
            return Some(0);
        }
        if let Some(b) = BUILTINS
            .iter()
            .find(|b| r.starts_with(*b) && !r[b.len()..].starts_with(is_uword))
        {
            return emit(out, NameBuiltin, r, b.len());
        }
        if let Some(w) = ["__DIE__", "__WARN__", "DATA", "STDIN", "STDOUT", "STDERR"]
            .iter()
            .find(|w| r.starts_with(*w) && !r[w.len()..].starts_with(is_uword))
        {
            return emit(out, NameBuiltinPseudo, r, w.len());
        }
        if let Some(n) = self.heredoc(c) {
            return emit(out, Str, r, n);
        }
        if let Some(w) = ["__END__", "__DATA__"]
            .iter()
            .find(|w| r.starts_with(*w) && !r[w.len()..].starts_with(is_uword))
        {
            self.stack.push(State::EndPart);
            return emit(out, CommentPreproc, r, w.len());
        }
        if r.starts_with("$^") && r[2..].starts_with(|c| "ADEFHILMOPSTWX".contains(c)) {
            return emit(out, NameVariableGlobal, r, 3);
        }
        if let Some(rest) = r.strip_prefix('$')
            && let Some(ch) = rest
                .chars()
                .next()
                .filter(|&c| "\\\"'[]&`+*.,;=%~?@$!<>(^|/_-".contains(c))
            && !rest[ch.len_utf8()..].starts_with(is_word)
        {
            return emit(out, NameVariableGlobal, r, 1 + ch.len_utf8());
        }
        if r.starts_with(|c| "$@%&*".contains(c)) {
            let n = 1 + span(&r[1..], |c| "$@%&*#_".contains(c));
            if r[n..].starts_with(|c: char| c.is_ascii_alphabetic() || "{[;".contains(c)) {
                self.stack.push(State::VarName);
                return emit(out, NameVariable, r, n);
            }
        }
        if let Some(n) = r
            .starts_with(|c| "-+/*%=<>&^|!\\~".contains(c))
            .then_some(1)
        {
            return emit(out, Operator, r, n + usize::from(r[1..].starts_with('=')));
        }
        if let Some((tok, n)) = number(r) {
            return emit(out, tok, r, n);
        }
        for (q, state) in [('\'', State::Sq), ('"', State::Dq), ('`', State::Bq)] {
            if r.starts_with(q) {
                self.stack.push(state);
                return emit(out, Punctuation, r, 1);
            }
        }
        if let Some(n) = q_string(r) {
            if let Some(close) = n.1 {
                self.stack.push(State::Bracketed(close));
            }
            return emit(out, StrOther, r, n.0);
        }
        for (w, state) in [("package", State::ModuleName), ("sub", State::FuncName)] {
            if let Some(ws) = r.strip_prefix(w).and_then(|rest| span1(rest, is_space)) {
                self.stack.push(state);
                return emit(out, Keyword, r, w.len() + ws);
            }
        }
        if let Some(n) = first_of(
            r,
            &[
                "[]", "**", "::", "<<", ">>", ">=", "<=", "<=>", "===", "!=", "=~", "!~", "&&",
                "&", "||", "...",
            ],
        )
        .or_else(|| first_of(r, &["..", "."]))
        {
            return emit(out, Operator, r, n);
        }
        if r.starts_with(|c| "()[]:;,<>/?{}".contains(c)) {
            return emit(out, Punctuation, r, 1);
        }
        r.starts_with(is_word).then_some(())?;
        self.stack.push(State::Name);
        Some(0)
    }

    /// `^=[a-zA-Z0-9]+\s+.*?\n=cut`: POD up to the first `=cut` line after its spaces.
    fn pod(&mut self, c: Cursor<'_>) -> Option<usize> {
        let r = c.rest();
        let word = span1(r.strip_prefix('=')?, |c| c.is_ascii_alphanumeric())?;
        let ws_at = 1 + word;
        let ws = span1(&r[ws_at..], is_space)?;
        let after = Cursor {
            src: c.src,
            pos: c.pos + ws_at + ws,
        };
        if let Some(at) = self.pod_end.find(after, |s| s.find("\n=cut")) {
            return Some(ws_at + ws + at + 5);
        }
        // `\s+` gives back its last line break to the `\n=cut`.
        (ws >= 2 && r[..ws_at + ws].ends_with('\n') && r[ws_at + ws..].starts_with("=cut"))
            .then_some(ws_at + ws + 4)
    }

    /// The substitution, transliteration and match operators.
    fn quote_like(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        let op = if r.starts_with("tr") {
            Some(2)
        } else if r.starts_with(['s', 'y']) {
            Some(1)
        } else {
            None
        };
        if let Some(k) = op {
            // Balanced delimiters: `s{…}` etc., then spaces, then the balanced-regex state.
            for (open, close) in [('{', '}'), ('<', '>'), ('[', ']'), ('(', ')')] {
                if r[k..].starts_with(open) {
                    let alts = |s: &str| {
                        let mut v = Vec::new();
                        if s.starts_with("\\\\") {
                            v.push(2);
                        }
                        if let Some(rest) = s.strip_prefix('\\')
                            && rest.starts_with(close)
                        {
                            v.push(2);
                        }
                        if let Some(ch) = s.chars().next().filter(|&c| c != close) {
                            v.push(ch.len_utf8());
                        }
                        v
                    };
                    if self.occurs(c, k + 1, close)
                        && let Some(e) = delimited(r, k + 1, 1, true, &alts, &close_with(close))
                    {
                        let n = e + span(&r[e..], is_space);
                        self.stack.push(State::BalancedRegex);
                        return emit(out, StrRegex, r, n);
                    }
                }
            }
            let sp = span(&r[k..], is_space);
            let at = k + sp;
            if let Some(d) = r[at..].chars().next() {
                let word_delim = is_word(d);
                if (!word_delim && !is_space(d)) || (word_delim && sp > 0) {
                    let body = at + d.len_utf8();
                    if self.occurs(c, body, d)
                        && let Some(e) = delimited(r, body, 2, false, &lazy_alts(d), &close_with(d))
                    {
                        return emit(out, StrRegex, r, e + flags(&r[e..], "msixpodualngcr"));
                    }
                }
            }
        }
        // `m?/(\\\\|\\/|[^/\n])*/[flags]*`
        let m = usize::from(r.starts_with('m'));
        if r[m..].starts_with('/') {
            let alts = |s: &str| {
                let mut v = Vec::new();
                if s.starts_with("\\\\") || s.starts_with("\\/") {
                    v.push(2);
                }
                if let Some(ch) = s.chars().next().filter(|&c| c != '/' && c != '\n') {
                    v.push(ch.len_utf8());
                }
                v
            };
            if self.occurs(c, m + 1, '/')
                && let Some(e) = delimited(r, m + 1, 1, true, &alts, &close_with('/'))
            {
                return emit(out, StrRegex, r, e + flags(&r[e..], "msixpodualngc"));
            }
        }
        if let Some(rest) = r.strip_prefix('m') {
            if rest.starts_with(|c| "/!\\{<[(@%$".contains(c)) {
                self.stack.push(State::BalancedRegex);
                return emit(out, StrRegex, r, 1);
            }
            let sp = span(rest, is_space);
            if let Some(d) = rest[sp..].chars().next() {
                let word_delim = is_word(d);
                if (!word_delim && !is_space(d)) || (word_delim && sp > 0) {
                    let body = 1 + sp + d.len_utf8();
                    if self.occurs(c, body, d)
                        && let Some(e) = delimited(r, body, 1, false, &lazy_alts(d), &close_with(d))
                    {
                        return emit(out, StrRegex, r, e + flags(&r[e..], "msixpodualngc"));
                    }
                }
            }
        }
        None
    }

    /// `<<(['"]?)(name)\1;?\n.*?\nname\n`.
    fn heredoc(&mut self, c: Cursor<'_>) -> Option<usize> {
        let r = c.rest();
        let rest = r.strip_prefix("<<")?;
        let q = rest.chars().next().filter(|&c| c == '\'' || c == '"');
        let ql = q.map_or(0, char::len_utf8);
        let name = &rest[ql..];
        if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            return None;
        }
        let n = span(name, |c| c.is_ascii_alphanumeric() || c == '_');
        let mut i = 2 + ql + n;
        if let Some(q) = q {
            r[i..].starts_with(q).then_some(())?;
            i += 1;
        }
        i += usize::from(r[i..].starts_with(';'));
        r[i..].starts_with('\n').then_some(())?;
        let label = &name[..n];
        let body = c.pos + i + 1;
        let close = format!("\n{label}\n");
        let (key, from, found) = &self.heredoc;
        let start = body;
        let known = *key == close && *from <= start && found.is_none_or(|f| start <= f);
        let at = if known {
            *found
        } else {
            let found = c.src[start..].find(&close).map(|k| start + k);
            self.heredoc = (close.clone(), start, found);
            found
        }?;
        Some(at + close.len() - c.pos)
    }
}

/// `(format)(\s+)([a-zA-Z0-9_]+)(\s*)(=)(\s*\n)`.
fn format(r: &str, out: &mut Tokens) -> Option<usize> {
    let rest = r.strip_prefix("format")?;
    let ws = span1(rest, is_space)?;
    let name = span1(&rest[ws..], |c| c.is_ascii_alphanumeric() || c == '_')?;
    let a = 6 + ws + name;
    let ws2 = span(&r[a..], is_space);
    r[a + ws2..].starts_with('=').then_some(())?;
    let e = a + ws2 + 1;
    let tail = span(&r[e..], is_space);
    let nl = r[e..e + tail].rfind('\n')?;
    out.push(Keyword, "format");
    out.push(Text, &rest[..ws]);
    out.push(Name, &rest[ws..ws + name]);
    out.push(Text, &r[a..a + ws2]);
    out.push(Punctuation, "=");
    out.push(Text, &r[e..e + nl + 1]);
    Some(e + nl + 1)
}

/// `(?=[a-z_]\w*(\s*#.*\n)*\s*=>)` (any case).
fn fat_comma_ahead(r: &str) -> bool {
    if !r.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return false;
    }
    let mut i = span(r, is_word);
    loop {
        i += span(&r[i..], is_space);
        if r[i..].starts_with("=>") {
            return true;
        }
        if !r[i..].starts_with('#') {
            return false;
        }
        i += line_len(&r[i..]);
        if !r[i..].starts_with('\n') {
            return false;
        }
        i += 1;
    }
}

/// `q{`, `qq(` and the like (the bracket's state), or `q` + a non-word delimiter through
/// its next occurrence.
fn q_string(r: &str) -> Option<(usize, Option<char>)> {
    let k =
        if r.starts_with("qq") || r.starts_with("qw") || r.starts_with("qr") || r.starts_with("qx")
        {
            2
        } else if r.starts_with('q') {
            1
        } else {
            return None;
        };
    for k in [k, 1] {
        for (open, close) in [('{', '}'), ('(', ')'), ('[', ']'), ('<', '>')] {
            if r[k..].starts_with(open) {
                return Some((k + 1, Some(close)));
            }
        }
    }
    for k in [k, 1] {
        if let Some(d) = r[k..].chars().next().filter(|&c| !is_word(c)) {
            let body = k + d.len_utf8();
            if let Some(e) = r[body..].find(d) {
                return Some((body + e + d.len_utf8(), None));
            }
        }
    }
    None
}

fn number(r: &str) -> Option<(Token, usize)> {
    let groups = |s: &str, f: fn(char) -> bool| {
        let mut n = span(s, f);
        if n == 0 {
            return 0;
        }
        while s[n..].starts_with('_') {
            match span(&s[n + 1..], f) {
                0 => break,
                d => n += 1 + d,
            }
        }
        n
    };
    let oct = |c: char| matches!(c, '0'..='7');
    if let Some(rest) = r.strip_prefix('0') {
        let u = usize::from(rest.starts_with('_'));
        let o = groups(&rest[u..], oct);
        if o > 0 {
            return Some((NumOct, 1 + u + o));
        }
        for (x, tok, f) in [
            (
                'x',
                NumHex,
                (|c: char| c.is_ascii_hexdigit()) as fn(char) -> bool,
            ),
            ('b', NumBin, |c: char| c == '0' || c == '1'),
        ] {
            if let Some(d) = rest.strip_prefix(x) {
                let n = groups(d, f);
                if n > 0 {
                    return Some((tok, 2 + n));
                }
            }
        }
    }
    let digits_us = |s: &str| span(s, |c| c.is_ascii_digit() || c == '_');
    let exponent = |s: &str| {
        if !s.starts_with(['e', 'E']) {
            return 0;
        }
        let sign = usize::from(s[1..].starts_with(['+', '-']));
        match span(&s[1 + sign..], |c| c.is_ascii_digit()) {
            0 => 0,
            d => 1 + sign + d,
        }
    };
    // `\d*(_\d*)*\.\d+(_\d*)*`: digits and underscores, a dot, a digit.
    let lead = digits_us(r);
    if r[lead..].starts_with('.') && r[lead + 1..].starts_with(|c: char| c.is_ascii_digit()) {
        let n = lead + 1 + digits_us(&r[lead + 1..]);
        return Some((NumFloat, n + exponent(&r[n..])));
    }
    if r.starts_with(|c: char| c.is_ascii_digit()) {
        let e = exponent(&r[lead..]);
        if e > 0 {
            // `\d+(_\d*)*e[+-]?\d+(_\d*)*`
            let n = lead + e;
            return Some((NumFloat, n + digits_us(&r[n..])));
        }
        return Some((NumInteger, groups(r, |c| c.is_ascii_digit())));
    }
    None
}
