//! Rouge's `make` lexer (`makefile`, `mf`, `gnumake`, `bsdmake`): assignments, rules and
//! conditionals, with recipe lines and assignment values handed to one shell lexer whose
//! state runs on from piece to piece (Rouge's `delegate` continues it).

use super::Shell;
use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, StateStack, Tokens, drive, emit, is_space, is_word, line_len, span,
    span1,
};
use crate::highlight::token::Token::*;

const FUNCTIONS: &[&str] = &[
    "abspath",
    "addprefix",
    "addsuffix",
    "and",
    "basename",
    "call",
    "dir",
    "error",
    "eval",
    "file",
    "filter",
    "filter-out",
    "findstring",
    "firstword",
    "flavor",
    "foreach",
    "if",
    "join",
    "lastword",
    "notdir",
    "or",
    "origin",
    "patsubst",
    "realpath",
    "shell",
    "sort",
    "strip",
    "subst",
    "suffix",
    "value",
    "warning",
    "wildcard",
    "word",
    "wordlist",
    "words",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Export,
    BlockHeader,
    BlockBody,
    ShellExpr,
    ShellLine,
}

/// The Make lexer: its state stack, the shell lexer it delegates to, and what it found ahead.
pub(crate) struct Make {
    stack: Vec<State>,
    shell: Shell,
    /// The end of a run of variable-name characters.
    name_end: Ahead,
    /// The next `:` or line break (a rule's target list).
    colon: Ahead,
    /// The end of a run of names after `export`.
    export_names: Ahead,
}

impl Make {
    /// A Make lexer at the start of its input.
    pub(crate) fn new() -> Make {
        Make {
            stack: vec![State::Root],
            shell: Shell::new(),
            name_end: Ahead::default(),
            colon: Ahead::default(),
            export_names: Ahead::default(),
        }
    }
}

impl Lex for Make {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
        self.shell.reset();
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

fn blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// `ifdef`, `ifndef`, `ifeq`, `ifneq`.
fn conditional(r: &str) -> Option<usize> {
    let rest = r.strip_prefix("if")?;
    let n = usize::from(rest.starts_with('n'));
    ["def", "eq"]
        .into_iter()
        .find(|w| rest[n..].starts_with(w))
        .map(|w| 2 + n + w.len())
}

/// `([\t ]+)([^#\n]+)` after a conditional: the blanks' and the value's lengths. The blanks
/// give one back when nothing else follows them, so the value is that blank.
fn blanks_value(r: &str) -> Option<(usize, usize)> {
    let ws = span1(r, blank)?;
    match span(&r[ws..], |c| c != '#' && c != '\n') {
        0 if ws >= 2 => Some((ws - 1, 1)),
        0 => None,
        v => Some((ws, v)),
    }
}

/// `else` or `endif`.
fn else_endif(r: &str) -> Option<usize> {
    ["else", "endif"]
        .into_iter()
        .find(|w| r.starts_with(w))
        .map(str::len)
}

/// What may follow `export` on a line of names: `[\w\${}()\t -]`.
fn export_char(c: char) -> bool {
    is_word(c) || "${}()\t -".contains(c)
}

fn name_char(c: char) -> bool {
    is_word(c) || "${}().-".contains(c)
}

/// `"(\\\\|\\.|[^"\\])*"` (and the single-quoted form): a backslash escapes anything but
/// a line break.
fn quoted(r: &str, q: char) -> Option<usize> {
    let b = r.as_bytes();
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            c if c == q as u8 => return Some(i + 1),
            b'\\' if b.get(i + 1).is_some_and(|&c| c != b'\n') => {
                i += 1 + r[i + 1..].chars().next().map_or(1, char::len_utf8);
            }
            b'\\' => return None,
            _ => i += 1,
        }
    }
    None
}

impl Rules for Make {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(c, out),
            State::Export => {
                if r.starts_with(|c: char| is_word(c) || "${}()-".contains(c)) {
                    return emit(out, NameVariable, r, 1);
                }
                if r.starts_with('\n') {
                    self.stack.pop_states(1);
                    return emit(out, Text, r, 1);
                }
                span1(r, blank).and_then(|n| emit(out, Text, r, n))
            }
            State::BlockHeader => {
                if let Some(n) = span1(r, |c| !",\\\n#".contains(c)) {
                    return emit(out, NameFunction, r, n);
                }
                if r.starts_with(',') {
                    return emit(out, Punctuation, r, 1);
                }
                // `#.*?` matches the `#` alone.
                if r.starts_with('#') {
                    return emit(out, Comment, r, 1);
                }
                if let Some(rest) = r.strip_prefix('\\')
                    && let Some(ch) = rest.chars().next()
                {
                    return emit(out, Text, r, 1 + ch.len_utf8());
                }
                r.starts_with('\n').then_some(())?;
                self.stack.goto(State::BlockBody);
                emit(out, Text, r, 1)
            }
            State::BlockBody => self.block_body(r, out),
            State::ShellLine => {
                if r.starts_with('\n') {
                    self.stack.pop_states(1);
                    return emit(out, Text, r, 1);
                }
                self.shell_rules(r, out)
            }
            State::ShellExpr => {
                if r.starts_with(['(', '{']) {
                    self.shell.continue_lex(&r[..1], out);
                    self.stack.push(State::ShellExpr);
                    return Some(1);
                }
                if r.starts_with([')', '}']) {
                    self.stack.pop_states(1);
                    return emit(out, NameFunction, r, 1);
                }
                self.shell_rules(r, out)
            }
        }
    }
}

impl Make {
    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        if r.starts_with('#') {
            let n = line_len(r);
            if r[n..].starts_with('\n') {
                return emit(out, Comment, r, n + 1);
            }
        }
        if let Some(n) = include(r, out) {
            return Some(n);
        }
        if let Some(k) = conditional(r)
            && let Some((ws, v)) = blanks_value(&r[k..])
        {
            out.push(Keyword, &r[..k]);
            out.push(Text, &r[k..k + ws]);
            return emit(out, NameVariable, &r[k + ws..], v).map(|v| k + ws + v);
        }
        if let Some(k) = else_endif(r) {
            let n = k + span(&r[k..], blank);
            if r[n..].starts_with(['#', '\n']) {
                return emit(out, Keyword, r, n);
            }
        }
        if let Some(rest) = r.strip_prefix("export")
            && let Some(ws) = span1(rest, blank)
        {
            // `(export)([\t ]+)(?=[\w\${}()\t -]+\n)`: the names may include blanks, so the
            // blanks give back what the look-ahead needs.
            let at = Cursor {
                src: c.src,
                pos: c.pos + 7,
            };
            let run = self
                .export_names
                .find(at, |s| Some(span(s, export_char)))
                .unwrap_or(0);
            out.push(Keyword, "export");
            if run >= 1 && rest[1 + run..].starts_with('\n') {
                let k = ws.min(run);
                out.push(Text, &rest[..k]);
                self.stack.push(State::Export);
                return Some(6 + k);
            }
            out.push(Keyword, &rest[..ws]);
            return Some(6 + ws);
        }
        if r.starts_with(name_char) {
            let name = self.name_end.find(c, |s| Some(span(s, name_char)))?;
            let ws = span(&r[name..], blank);
            let op = name + ws;
            let bang = usize::from(r[op..].starts_with(['!', '?', ':', '+']));
            if r[op + bang..].starts_with('=') {
                out.push(NameVariable, &r[..name]);
                out.push(Text, &r[name..op]);
                out.push(Operator, &r[op..op + bang + 1]);
                self.stack.push(State::ShellLine);
                return Some(op + bang + 1);
            }
        }
        for (q, tok) in [('"', StrDouble), ('\'', StrSingle)] {
            if r.starts_with(q)
                && let Some(n) = quoted(r, q)
            {
                return emit(out, tok, r, n);
            }
        }
        if !r.starts_with([':', '\n'])
            && let Some(label) = self.colon.find(c, |s| s.find([':', '\n']))
            && r[label..].starts_with(':')
        {
            let colons = span(&r[label..], |c| c == ':');
            let ws = span(&r[label + colons..], blank);
            out.push(NameLabel, &r[..label]);
            out.push(Operator, &r[label..label + colons]);
            out.push(Text, &r[label + colons..label + colons + ws]);
            self.stack.push(State::BlockHeader);
            return Some(label + colons + ws);
        }
        None
    }

    fn block_body(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(k) = conditional(r)
            && let Some((ws, v)) = blanks_value(&r[k..])
        {
            let at = k + ws + v;
            let comment = if r[at..].starts_with('#') {
                line_len(&r[at..])
            } else {
                0
            };
            if r[at + comment..].starts_with('\n') {
                out.push(Keyword, &r[..k]);
                out.push(Text, &r[k..k + ws]);
                out.push(NameVariable, &r[k + ws..at]);
                out.push(Comment, &r[at..at + comment]);
                out.push(Text, "\n");
                return Some(at + comment + 1);
            }
        }
        if let Some(k) = else_endif(r) {
            let ws = span(&r[k..], blank);
            let at = k + ws;
            let comment = if r[at..].starts_with('#') {
                line_len(&r[at..])
            } else {
                0
            };
            if r[at + comment..].starts_with('\n') {
                out.push(Keyword, &r[..k]);
                out.push(Text, &r[k..at]);
                out.push(Comment, &r[at..at + comment]);
                out.push(Text, "\n");
                return Some(at + comment + 1);
            }
        }
        if let Some(tail) = r.strip_prefix('\t') {
            let ws = 1 + span(tail, blank);
            let p = usize::from(r[ws..].starts_with(['@', '-']));
            out.push(Text, &r[..ws]);
            out.push(Punctuation, &r[ws..ws + p]);
            self.stack.push(State::ShellLine);
            return Some(ws + p);
        }
        self.shell.reset();
        self.stack.pop_states(1);
        Some(0)
    }

    /// The `shell` rules: variables, function calls, and the rest handed to the shell lexer.
    fn shell_rules(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = variable(r) {
            return emit(out, NameVariable, r, n);
        }
        if r.starts_with("$(") || r.starts_with("${") {
            let ws = span(&r[2..], blank);
            let f = 2 + ws;
            let name = FUNCTIONS
                .iter()
                .filter(|w| r[f..].starts_with(*w))
                .map(|w| w.len())
                .find(|&n| r[f + n..].starts_with(blank));
            if let Some(n) = name {
                let ws2 = span(&r[f + n..], blank);
                out.push(NameFunction, &r[..2]);
                out.push(Text, &r[2..f]);
                out.push(NameBuiltin, &r[f..f + n]);
                out.push(Text, &r[f + n..f + n + ws2]);
                self.stack.push(State::ShellExpr);
                return Some(f + n + ws2);
            }
        }
        let n = if let Some(ch) = r.strip_prefix('\\').and_then(|s| s.chars().next()) {
            1 + ch.len_utf8()
        } else {
            // `.+?` up to the next stop (the `stop` rule after it never gets a turn: the end
            // of the text is a stop too).
            let first = r.chars().next()?.len_utf8();
            first
                + r[first..]
                    .char_indices()
                    .find(|&(i, _)| stop(&r[first + i..]))
                    .map_or(r.len() - first, |(i, _)| i)
        };
        self.shell.continue_lex(&r[..n], out);
        Some(n)
    }
}

/// Whether the shell rules' stop is at `r`: `$(`, `${`, a bracket, a backslash, or the end
/// of a line.
fn stop(r: &str) -> bool {
    r.starts_with("$(")
        || r.starts_with("${")
        || r.starts_with(['(', ')', '}', '\\', '\n'])
        || r.is_empty()
}

/// `\$[({][\t ]*\w[\w:=%.]*[\t ]*[)}]`.
fn variable(r: &str) -> Option<usize> {
    let rest = r.strip_prefix('$')?;
    if !rest.starts_with(['(', '{']) {
        return None;
    }
    let mut i = 2 + span(&rest[1..], blank);
    if !r[i..].starts_with(is_word) {
        return None;
    }
    i += 1 + span(&r[i + 1..], |c| is_word(c) || ":=%.".contains(c));
    i += span(&r[i..], blank);
    r[i..].starts_with([')', '}']).then_some(i + 1)
}

/// `([-s]?include)((?:[\t ]+[^\t\n #]+)+)`.
fn include(r: &str, out: &mut Tokens) -> Option<usize> {
    let k = usize::from(r.starts_with(['-', 's']));
    if !r[k..].starts_with("include") {
        return None;
    }
    let k = k + 7;
    let mut i = k;
    loop {
        let ws = span(&r[i..], blank);
        let word = span(&r[i + ws..], |c| !"\t\n #".contains(c));
        if ws == 0 || word == 0 {
            break;
        }
        i += ws + word;
    }
    if i == k {
        return None;
    }
    out.push(Keyword, &r[..k]);
    out.push(StrOther, &r[k..i]);
    Some(i)
}
