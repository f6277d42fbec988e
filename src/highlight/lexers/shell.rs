//! Rouge's `shell` lexer (`sh`, `bash`, `zsh`, `ksh`): its states and rule order, so the
//! quirks come out the same (a builtin swallows the space after it, `2>&1` is plain text,
//! keywords are only whole words).

use crate::highlight::scan::Words;
use crate::highlight::scan::{
    Cursor, Lex, Rules, Tokens, drive, is_space, is_uword, is_word, line_len, one_of, span, span1,
};
use crate::highlight::token::Token::{self, *};

static BUILTINS_SET: Words = Words::new(BUILTINS);
static KEYWORDS_SET: Words = Words::new(KEYWORDS);

const KEYWORDS: &[&str] = &[
    "if", "fi", "else", "while", "do", "done", "for", "then", "return", "function", "select",
    "continue", "until", "esac", "elif", "in",
];

const BUILTINS: &[&str] = &[
    "alias",
    "bg",
    "bind",
    "break",
    "builtin",
    "caller",
    "cd",
    "command",
    "compgen",
    "complete",
    "declare",
    "dirs",
    "disown",
    "enable",
    "eval",
    "exec",
    "exit",
    "export",
    "false",
    "fc",
    "fg",
    "getopts",
    "hash",
    "help",
    "history",
    "jobs",
    "let",
    "local",
    "logout",
    "mapfile",
    "popd",
    "pushd",
    "pwd",
    "read",
    "readonly",
    "set",
    "shift",
    "shopt",
    "source",
    "suspend",
    "test",
    "time",
    "times",
    "trap",
    "true",
    "type",
    "typeset",
    "ulimit",
    "umask",
    "unalias",
    "unset",
    "wait",
    "cat",
    "tac",
    "nl",
    "od",
    "base32",
    "base64",
    "fmt",
    "pr",
    "fold",
    "head",
    "tail",
    "split",
    "csplit",
    "wc",
    "sum",
    "cksum",
    "b2sum",
    "md5sum",
    "sha1sum",
    "sha224sum",
    "sha256sum",
    "sha384sum",
    "sha512sum",
    "sort",
    "shuf",
    "uniq",
    "comm",
    "ptx",
    "tsort",
    "cut",
    "paste",
    "join",
    "tr",
    "expand",
    "unexpand",
    "ls",
    "dir",
    "vdir",
    "dircolors",
    "cp",
    "dd",
    "install",
    "mv",
    "rm",
    "shred",
    "link",
    "ln",
    "mkdir",
    "mkfifo",
    "mknod",
    "readlink",
    "rmdir",
    "unlink",
    "chown",
    "chgrp",
    "chmod",
    "touch",
    "df",
    "du",
    "stat",
    "sync",
    "truncate",
    "echo",
    "printf",
    "yes",
    "expr",
    "tee",
    "basename",
    "dirname",
    "pathchk",
    "mktemp",
    "realpath",
    "stty",
    "printenv",
    "tty",
    "id",
    "logname",
    "whoami",
    "groups",
    "users",
    "who",
    "date",
    "arch",
    "nproc",
    "uname",
    "hostname",
    "hostid",
    "uptime",
    "chcon",
    "runcon",
    "chroot",
    "env",
    "nice",
    "nohup",
    "stdbuf",
    "timeout",
    "kill",
    "sleep",
    "factor",
    "numfmt",
    "seq",
    "tar",
    "grep",
    "sudo",
    "awk",
    "sed",
    "gzip",
    "gunzip",
];

/// The states of Rouge's shell lexer; `root` is its `basic` then `data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Heredoc,
    HeredocNl,
    DoubleQuotes,
    AnsiString,
    SingleQuotes,
    Curly,
    ParenInterp,
    ParenInner,
    Math,
    Case,
    CaseStanza,
    Backticks,
}

/// The shell lexer: a state stack and the delimiter of the heredoc being read.
pub(crate) struct Shell {
    stack: Vec<State>,
    heredoc: String,
}

impl Shell {
    /// A shell lexer at the start of its input.
    pub(crate) fn new() -> Shell {
        Shell {
            stack: vec![State::Root],
            heredoc: String::new(),
        }
    }

    fn push(&mut self, s: State) {
        self.stack.push(s);
    }

    fn pop(&mut self, n: usize) {
        // Rouge raises on an empty stack; keeping the root instead never changes output
        // for inputs where Rouge succeeds.
        let keep = self.stack.len().saturating_sub(n).max(1);
        self.stack.truncate(keep);
    }
}

impl Lex for Shell {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

/// Emits `r[..n]` as `tok` and reports `n` consumed.
fn emit(out: &mut Tokens, tok: Token, r: &str, n: usize) -> Option<usize> {
    out.push(tok, &r[..n]);
    Some(n)
}

/// The length of `\s*` when a word follows it (so `\s*\b` can end after the spaces), else 0.
fn spaces_before_word(s: &str) -> usize {
    let n = span(s, is_space);
    if n > 0 && s[n..].chars().next().is_some_and(is_uword) {
        n
    } else {
        0
    }
}

impl Rules for Shell {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(c, out),
            State::Heredoc => {
                if r.starts_with('\n') {
                    self.push(State::HeredocNl);
                    return emit(out, StrHeredoc, r, 1);
                }
                if let Some(n) = span1(r, |ch| !matches!(ch, '$' | '\n' | '\\')) {
                    return emit(out, StrHeredoc, r, n);
                }
                self.interp(c, out)
                    .or_else(|| one_of(r, "$").and_then(|n| emit(out, StrHeredoc, r, n)))
            }
            State::HeredocNl => {
                if let Some(n) = self.heredoc_end(r, out) {
                    return Some(n);
                }
                self.pop(1);
                Some(0)
            }
            State::DoubleQuotes => {
                let close = ["\"", "$\"", "$#\""]
                    .iter()
                    .rev()
                    .find(|q| r.starts_with(*q));
                if let Some(q) = close {
                    self.pop(1);
                    return emit(out, StrDouble, r, q.len());
                }
                self.interp(c, out).or_else(|| {
                    span1(r, |ch| !matches!(ch, '"' | '`' | '\\' | '$'))
                        .and_then(|n| emit(out, StrDouble, r, n))
                })
            }
            State::AnsiString => {
                if let Some(n) = escaped_char(r) {
                    return emit(out, StrEscape, r, n);
                }
                if let Some(n) = span1(r, |ch| ch != '\\' && ch != '\'') {
                    return emit(out, StrSingle, r, n);
                }
                self.single_quotes(r, out)
            }
            State::SingleQuotes => self.single_quotes(r, out),
            State::Curly => {
                if r.starts_with('}') {
                    self.pop(1);
                    return emit(out, Keyword, r, 1);
                }
                if r.starts_with(":-") {
                    return emit(out, Keyword, r, 2);
                }
                if let Some(n) = span1(r, is_word) {
                    return emit(out, NameVariable, r, n);
                }
                if let Some(n) = span1(r, |ch| !matches!(ch, '}' | ':' | '"' | '`' | '\'' | '$')) {
                    return emit(out, Punctuation, r, n);
                }
                self.root(c, out)
            }
            State::ParenInterp => {
                if r.starts_with(')') {
                    self.pop(1);
                    return emit(out, StrInterpol, r, 1);
                }
                if r.starts_with('(') {
                    self.push(State::ParenInner);
                    return emit(out, Operator, r, 1);
                }
                self.root(c, out)
            }
            State::ParenInner => {
                if r.starts_with('(') {
                    self.push(State::ParenInner);
                    return emit(out, Operator, r, 1);
                }
                if r.starts_with(')') {
                    self.pop(1);
                    return emit(out, Operator, r, 1);
                }
                self.root(c, out)
            }
            State::Math => {
                if r.starts_with("))") {
                    self.pop(1);
                    return emit(out, Keyword, r, 2);
                }
                if let Some(n) = one_of(r, "-+*/%^|&!") {
                    return emit(out, Operator, r, n);
                }
                if let Some(d) = span1(r, |ch| ch.is_ascii_digit()) {
                    // `\d+(#\w+)?`: a base prefix such as `16#ff`.
                    let tail = &r[d..];
                    let n = match tail.strip_prefix('#').map(|t| span(t, is_word)) {
                        Some(w) if w > 0 => d + 1 + w,
                        _ => d,
                    };
                    return emit(out, Num, r, n);
                }
                self.root(c, out)
            }
            State::Case => {
                if c.word_boundary()
                    && r.starts_with("esac")
                    && !r[4..].chars().next().is_some_and(is_uword)
                {
                    self.pop(1);
                    return emit(out, Keyword, r, 4);
                }
                if r.starts_with('|') {
                    return emit(out, Punctuation, r, 1);
                }
                if r.starts_with(')') {
                    self.push(State::CaseStanza);
                    return emit(out, Punctuation, r, 1);
                }
                self.root(c, out)
            }
            State::CaseStanza => {
                if r.starts_with(";;") {
                    self.pop(1);
                    return emit(out, Punctuation, r, 2);
                }
                self.root(c, out)
            }
            State::Backticks => {
                if r.starts_with('`') {
                    self.pop(1);
                    return emit(out, StrBacktick, r, 1);
                }
                self.root(c, out)
            }
        }
    }
}

/// `\\.`: a backslash and the character after it, unless that is a newline.
fn escaped_char(r: &str) -> Option<usize> {
    let next = r.strip_prefix('\\')?.chars().next()?;
    (next != '\n').then(|| 1 + next.len_utf8())
}

impl Shell {
    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        self.basic(c, out).or_else(|| self.data(c, out))
    }

    fn basic(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        let first = r.chars().next()?;
        if first == '#' {
            return emit(out, Comment, r, line_len(r));
        }
        if is_uword(first) && c.word_boundary() {
            // Keywords and builtins end at `\b`, so they are whole words.
            let w = span(r, is_uword);
            let word = &r[..w];
            if KEYWORDS_SET.contains(word) {
                return emit(out, Keyword, r, w + spaces_before_word(&r[w..]));
            }
            if word == "case" {
                self.push(State::Case);
                return emit(out, Keyword, r, w);
            }
            if BUILTINS_SET.contains(word) {
                let ext = spaces_before_word(&r[w..]);
                // `(?!(\.|-))`: `ls.txt` and `cat-x` are not builtins.
                if ext > 0 || !r[w..].starts_with(['.', '-']) {
                    return emit(out, NameBuiltin, r, w + ext);
                }
            }
        }
        if first == '.' && r[1..].chars().next().is_some_and(is_space) {
            return emit(out, NameBuiltin, r, 1);
        }
        if is_word(first) && c.word_boundary() {
            let n = span(r, is_word);
            if r[n..].starts_with('=') {
                out.push(NameVariable, &r[..n]);
                out.push(Operator, "=");
                return Some(n + 1);
            }
        }
        if let Some(n) = one_of(r, "[]{}()!=>") {
            return emit(out, Operator, r, n);
        }
        if r.starts_with("&&") || r.starts_with("||") {
            return emit(out, Operator, r, 2);
        }
        if r.starts_with("<<<") {
            return emit(out, Operator, r, 3);
        }
        self.heredoc_start(r, out)
    }

    /// `(<<-?)(\s*)(['"]?)(\\?)(\w+)(\3)`: the start of a heredoc.
    fn heredoc_start(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let op = if r.starts_with("<<-") {
            3
        } else if r.starts_with("<<") {
            2
        } else {
            return None;
        };
        let sp = op + span(&r[op..], is_space);
        let quote = match r[sp..].chars().next() {
            Some(q @ ('\'' | '"')) => q.len_utf8(),
            _ => 0,
        };
        let bs = sp + quote + usize::from(r[sp + quote..].starts_with('\\'));
        let word_end = bs + span1(&r[bs..], is_word)?;
        if !r[word_end..].starts_with(&r[sp..sp + quote]) {
            return None;
        }
        out.push(Operator, &r[..op]);
        out.push(Text, &r[op..sp]);
        out.push(StrHeredoc, &r[sp..bs]);
        out.push(NameConstant, &r[bs..word_end]);
        out.push(StrHeredoc, &r[word_end..word_end + quote]);
        self.heredoc = r[bs..word_end].to_string();
        self.push(State::Heredoc);
        Some(word_end + quote)
    }

    /// `\s*(\w+)\s*\n` at the start of a heredoc line: the closing word ends the heredoc.
    fn heredoc_end(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let a = span(r, is_space);
        let w = span1(&r[a..], is_word)?;
        let after = &r[a + w..];
        let nl = after[..span(after, is_space)].rfind('\n')?;
        let n = a + w + nl + 1;
        if r[a..a + w] == self.heredoc {
            self.pop(2);
            emit(out, NameConstant, r, n)
        } else {
            emit(out, StrHeredoc, r, n)
        }
    }

    fn data(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        if let Some(n) = escaped_char(r) {
            return emit(out, StrEscape, r, n);
        }
        if let Some(n) = ["$\"", "\""]
            .iter()
            .find(|q| r.starts_with(*q))
            .map(|q| q.len())
        {
            self.push(State::DoubleQuotes);
            return emit(out, StrDouble, r, n);
        }
        if r.starts_with("$'") {
            self.push(State::AnsiString);
            return emit(out, StrSingle, r, 2);
        }
        if r.starts_with('\'') {
            self.push(State::SingleQuotes);
            return emit(out, StrSingle, r, 1);
        }
        if r.starts_with('*') {
            return emit(out, Keyword, r, 1);
        }
        if r.starts_with(';') {
            return emit(out, Punctuation, r, 1);
        }
        if let Some(rest) = r.strip_prefix('-') {
            // `--?[\w-]+`: one dash, then dashes and word characters.
            let n = span(rest, |ch| is_word(ch) || ch == '-');
            if n > 0 {
                return emit(out, NameTag, r, 1 + n);
            }
        }
        let plain = |ch: char| !is_space(ch) && !"=*{}()$\"'`;\\<".contains(ch);
        if let Some(n) = span1(r, plain) {
            return emit(out, Text, r, n);
        }
        if r.starts_with('<') {
            return emit(out, Text, r, 1);
        }
        self.interp(c, out)
    }

    fn interp(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if r == "\\" || r.starts_with("\\\n") {
            // A line continuation: `\\$` takes the backslash alone.
            return emit(out, StrEscape, r, 1);
        }
        if let Some(n) = escaped_char(r) {
            return emit(out, StrEscape, r, n);
        }
        if r.starts_with("$((") {
            self.push(State::Math);
            return emit(out, Keyword, r, 3);
        }
        if r.starts_with("$(") {
            self.push(State::ParenInterp);
            return emit(out, StrInterpol, r, 2);
        }
        if let Some(after) = r.strip_prefix("${") {
            self.push(State::Curly);
            return emit(out, Keyword, r, if after.starts_with('#') { 3 } else { 2 });
        }
        if r.starts_with('`') {
            self.push(State::Backticks);
            return emit(out, StrBacktick, r, 1);
        }
        let rest = r.strip_prefix('$')?;
        // `\$#?(\w+|.)`, backtracking to `$` + `#` when `#` is followed by nothing usable.
        let word_or_char = |s: &str| {
            span1(s, is_word).or_else(|| {
                s.chars()
                    .next()
                    .filter(|&ch| ch != '\n')
                    .map(char::len_utf8)
            })
        };
        let n = match rest.strip_prefix('#') {
            Some(after) => 2 + word_or_char(after).unwrap_or(0),
            None => 1 + word_or_char(rest)?,
        };
        emit(out, NameVariable, r, n)
    }

    fn single_quotes(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if r.starts_with('\'') {
            self.pop(1);
            return emit(out, StrSingle, r, 1);
        }
        span1(r, |ch| ch != '\'').and_then(|n| emit(out, StrSingle, r, n))
    }
}
