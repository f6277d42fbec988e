//! Rouge's `yaml` lexer (`yml`): an indentation-tracking state machine. Its quirks are kept —
//! a dedent to a level never indented to is an error, `true`/`false`/`null` are constants
//! even inside a longer word, and a number is only a number when a line break follows it.

use crate::highlight::scan::{
    Cursor, Lex, Rules, StateStack, Tokens, at_eol, drive, emit, is_alnum, is_space, is_word,
    line_len, spaces1, span, span1,
};
use crate::highlight::token::Token::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Indentation,
    BlockLine,
    FlowSequence,
    FlowMapping,
    BlockScalarContent,
    BlockScalarHeader,
    IgnoredLine,
    SingleQuoted,
    DoubleQuoted,
    PlainBlockNewLine,
    PlainBlock,
    PlainFlow,
    YamlDirective,
    TagDirective,
}

/// The YAML lexer: its state stack and Rouge's indentation bookkeeping.
pub(crate) struct Yaml {
    stack: Vec<State>,
    indents: Vec<usize>,
    next_indent: usize,
    /// Signed: Rouge adds a `-2` indicator's `to_i` to the indent.
    block_scalar_indent: Option<isize>,
}

impl Yaml {
    /// A YAML lexer at the start of its input.
    pub(crate) fn new() -> Yaml {
        Yaml {
            stack: vec![State::Root],
            indents: vec![0],
            next_indent: 0,
            block_scalar_indent: None,
        }
    }

    fn reset_indent(&mut self) {
        self.indents = vec![0];
        self.next_indent = 0;
        self.block_scalar_indent = None;
    }

    fn indent(&self) -> usize {
        *self.indents.last().unwrap_or(&0)
    }

    /// Rouge's `save_indent`: records a line's indentation, popping deeper levels; the part
    /// beyond the level it lands on is returned as an error (a dedent to a new level).
    fn save_indent(&mut self, size: usize) -> (usize, usize) {
        self.next_indent = size;
        if size < self.indent() {
            while size < self.indent() {
                self.indents.pop();
            }
            (self.indent(), size - self.indent())
        } else {
            (size, 0)
        }
    }

    fn set_indent(&mut self, size: usize, implicit: bool) {
        if self.indent() < self.next_indent {
            self.indents.push(self.next_indent);
        }
        if !implicit {
            self.next_indent += size;
        }
    }
}

impl Lex for Yaml {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
        self.reset_indent();
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        drive(self, src, out);
    }
}

/// Characters that may start a plain scalar: not space, not an indicator.
fn plain_start(c: char) -> bool {
    !matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c' | '\x0b') && !"?:,[]{}#&*!|>'\"%@`".contains(c)
}

/// Characters of a tag's suffix (URI characters).
fn tag_char(c: char) -> bool {
    is_word(c) || ";/?:@&=+$,.!~*'()[]%-".contains(c)
}

/// Characters of an anchor or alias name (`[\p{L}\p{Nl}\p{Nd}_-]`).
fn anchor_char(c: char) -> bool {
    is_alnum(c) || c == '_' || c == '-'
}

/// `\s*?\n`: whitespace up to and including the first line break.
fn blank_to_newline(r: &str) -> Option<usize> {
    let ws = span(r, is_space);
    r[..ws].find('\n').map(|nl| nl + 1)
}

/// `#.*$`: a comment to the end of the line.
fn comment(r: &str, out: &mut Tokens) -> Option<usize> {
    r.starts_with('#')
        .then(|| emit(out, CommentSingle, r, line_len(r)))?
}

/// `\d+\.\d+`.
fn version(r: &str) -> Option<usize> {
    let d = span1(r, |c| c.is_ascii_digit())?;
    let f = span1(r[d..].strip_prefix('.')?, |c| c.is_ascii_digit())?;
    Some(d + 1 + f)
}

/// A word (`true`, `%YAML`) that ends at `\b`.
fn word_then_boundary(r: &str, w: &str) -> bool {
    r.starts_with(w) && !r[w.len()..].chars().next().is_some_and(is_word)
}

impl Yaml {
    fn descriptors(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(body) = r.strip_prefix("!<") {
            let set = |c: char| c.is_ascii_alphanumeric() || ";/?:@&=+$,_.!~*'()[]%-".contains(c);
            if let Some(n) = span1(body, set)
                && body[n..].starts_with('>')
            {
                return emit(out, KeywordType, r, 2 + n + 1);
            }
        }
        if let Some(rest) = r.strip_prefix('!') {
            // `(?:![\w-]+)?!suffix*`: the handle's characters are all suffix characters, so
            // the match is the `!` and every suffix character after it.
            return emit(out, KeywordType, r, 1 + span(rest, tag_char));
        }
        for (sigil, tok) in [('&', NameLabel), ('*', NameVariable)] {
            if let Some(rest) = r.strip_prefix(sigil)
                && let Some(n) = span1(rest, anchor_char)
            {
                return emit(out, tok, r, 1 + n);
            }
        }
        None
    }

    fn flow_nodes(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let (state, tok) = match r.as_bytes().first()? {
            b'[' => (State::FlowSequence, PunctuationIndicator),
            b'{' => (State::FlowMapping, PunctuationIndicator),
            b'\'' => (State::SingleQuoted, StrSingle),
            b'"' => (State::DoubleQuoted, StrDouble),
            _ => return None,
        };
        self.stack.push(state);
        emit(out, tok, r, 1)
    }

    fn flow_collection(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        if let Some(n) = comment(r, out) {
            return Some(n);
        }
        if r.starts_with(['?', ':', ',']) {
            return emit(out, PunctuationIndicator, r, 1);
        }
        if let Some(n) = self.descriptors(r, out).or_else(|| self.flow_nodes(r, out)) {
            return Some(n);
        }
        if r.chars().next().is_some_and(plain_start) {
            self.stack.push(State::PlainFlow);
            return Some(0);
        }
        None
    }

    /// The whitespace rules shared by quoted scalars.
    fn quoted_whitespace(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = spaces1(r) {
            let tok = if c.bol() || at_eol(&r[n..]) {
                Text
            } else {
                NameVariable
            };
            return emit(out, tok, r, n);
        }
        span1(r, |ch| ch == '\n').and_then(|n| emit(out, Text, r, n))
    }

    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = comment(r, out) {
            return Some(n);
        }
        if let Some(n) = span1(r, |ch| ch == '\n') {
            return emit(out, Text, r, n);
        }
        if let Some(n) = spaces1(r)
            && (r[n..].starts_with('#') || at_eol(&r[n..]))
        {
            return emit(out, Text, r, n);
        }
        if c.bol() {
            for (w, state) in [
                ("%YAML", State::YamlDirective),
                ("%TAG", State::TagDirective),
            ] {
                if word_then_boundary(r, w) {
                    self.reset_indent();
                    self.stack.push(state);
                    return emit(out, NameTag, r, w.len());
                }
            }
            if (r.starts_with("---") || r.starts_with("..."))
                && (r[3..].starts_with(' ') || at_eol(&r[3..]))
            {
                self.reset_indent();
                self.stack.push(State::BlockLine);
                return emit(out, NameNamespace, r, 3);
            }
        }
        // `[ ]*(?!\s|$)`: the indentation of a line with content.
        let n = span(r, |ch| ch == ' ');
        if r[n..].chars().next().is_none_or(is_space) {
            return None;
        }
        let (text, err) = self.save_indent(n);
        out.push(Text, &r[..text]);
        out.push(Error, &r[text..text + err]);
        self.stack.push(State::BlockLine);
        self.stack.push(State::Indentation);
        Some(n)
    }

    fn indentation(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = blank_to_newline(r) {
            self.stack.pop_states(2);
            return emit(out, Text, r, n);
        }
        let indicator = |s: &str| {
            s.starts_with(['-', ':', '?']) && (s[1..].starts_with(' ') || at_eol(&s[1..]))
        };
        if let Some(n) = spaces1(r)
            && indicator(&r[n..])
        {
            self.next_indent += n;
            return emit(out, Text, r, n);
        }
        if indicator(r) {
            self.set_indent(1, false);
            return emit(out, PunctuationIndicator, r, 1);
        }
        let n = span(r, |ch| ch == ' ');
        self.next_indent += n;
        self.stack.pop_states(1);
        emit(out, Text, r, n)
    }

    fn block_line(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let n = span(r, |ch| ch == ' ');
        if r[n..].starts_with('#') || at_eol(&r[n..]) {
            self.stack.pop_states(1);
            return emit(out, Text, r, n);
        }
        if n > 0 {
            return emit(out, Text, r, n);
        }
        if let Some(n) = self.descriptors(r, out) {
            return Some(n);
        }
        // An implicit key: `([^#,:?\[\]{}"'\n]+)(:)(?=\s|$)`.
        if let Some(k) = span1(r, |ch| !"#,:?[]{}\"'\n".contains(ch))
            && r[k..].starts_with(':')
            && r[k + 1..].chars().next().is_none_or(is_space)
        {
            out.push(NameAttribute, &r[..k]);
            out.push(PunctuationIndicator, ":");
            self.set_indent(k + 1, true);
            return Some(k + 1);
        }
        if r.starts_with(['|', '>']) {
            let n = 1 + usize::from(r[1..].starts_with(['+', '-']));
            self.stack.push(State::BlockScalarContent);
            self.stack.push(State::BlockScalarHeader);
            return emit(out, PunctuationIndicator, r, n);
        }
        if let Some(n) = self.flow_nodes(r, out) {
            return Some(n);
        }
        let mut chars = r.chars();
        let first = chars.next()?;
        let indicator_then_text = "?:-".contains(first)
            && chars
                .next()
                .is_some_and(|ch| !matches!(ch, ' ' | '\t' | '\n' | '\r' | '\x0c' | '\x0b'));
        if plain_start(first) || indicator_then_text {
            self.stack.push(State::PlainBlock);
            return Some(0);
        }
        None
    }

    fn block_scalar_content(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = span1(r, |ch| ch == '\n') {
            return emit(out, Text, r, n);
        }
        if c.bol() {
            let n = span(r, |ch| ch == ' ');
            if n > 0 && at_eol(&r[n..]) {
                // An empty line never dedents; spaces beyond the scalar's indent are content.
                // Ruby's `text[0...mark]` and `text[mark..-1]`, negative marks counting from
                // the end (Rouge loses the text when the mark is before its start).
                let mark = self.block_scalar_indent.unwrap_or(n as isize);
                let at = if mark < 0 { n as isize + mark } else { mark };
                if at >= 0 {
                    let at = (at as usize).min(n);
                    out.push(Text, &r[..at]);
                    out.push(NameConstant, &r[at..n]);
                }
                return Some(n);
            }
            out.push(Text, &r[..n]);
            let dedent_level = self.block_scalar_indent.unwrap_or(self.indent() as isize);
            self.block_scalar_indent.get_or_insert(n as isize);
            if (n as isize) < dedent_level {
                self.save_indent(n);
                self.stack.pop_states(1);
                self.stack.push(State::Indentation);
            }
            return Some(n);
        }
        span1(r, |ch| !matches!(ch, '\n' | '\r' | '\x0c' | '\x0b'))
            .and_then(|n| emit(out, Str, r, n))
    }

    /// The optional indentation indicator and chomping flag after `|` or `>`.
    fn block_scalar_header(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let ends = |at: usize| r[at..].starts_with(' ') || at_eol(&r[at..]);
        let digit = |at: usize| r[at..].starts_with(|ch: char| ('1'..='9').contains(&ch));
        let sign = |at: usize| usize::from(r[at..].starts_with(['+', '-']));
        // `([1-9])[+-]?` first, then `[+-]?([1-9])?`, each backtracking before `(?=[ ]|$)`.
        let n = if digit(0) {
            if sign(1) > 0 && ends(2) {
                2
            } else if ends(1) {
                1
            } else {
                return None;
            }
        } else {
            let s = sign(0);
            if s > 0 && digit(1) && ends(2) {
                2
            } else if s > 0 && ends(1) {
                1
            } else if ends(0) {
                0
            } else {
                return None;
            }
        };
        self.block_scalar_indent = None;
        self.stack.goto(State::IgnoredLine);
        if n > 0 {
            // Rouge takes the whole match as the increment (its first group): `"2-".to_i` is
            // 2, `"-".to_i` 0 and `"-2".to_i` -2.
            self.block_scalar_indent = Some(self.indent() as isize + ruby_to_i(&r[..n]));
            out.push(PunctuationIndicator, &r[..n]);
        }
        Some(n)
    }

    fn plain_block_new_line(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if c.bol()
            && let Some(n) = spaces1(r)
            && r[n..].starts_with('\n')
        {
            return emit(out, Text, r, n + 1);
        }
        if let Some(n) = span1(r, |ch| ch == '\n') {
            return emit(out, Text, r, n);
        }
        if !c.bol() {
            return None;
        }
        if r.starts_with("---") || r.starts_with("...") {
            self.stack.pop_states(3);
            return Some(0);
        }
        let n = span(r, |ch| ch == ' ');
        out.push(Text, &r[..n]);
        self.stack.pop_states(1);
        // A line indented no deeper than the block ends the scalar.
        if n <= self.indent() {
            self.stack.pop_states(1);
            self.save_indent(n);
            self.stack.push(State::Indentation);
        }
        Some(n)
    }

    fn plain_block(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let sp = span(r, |ch| ch == ' ');
        let after = &r[sp..];
        if let Some(colon) = after.strip_prefix(':') {
            if colon.starts_with([' ', '\n']) || at_eol(colon) {
                self.stack.pop_states(1);
                return emit(out, Text, r, sp);
            }
            if let Some(n) = span1(colon, |ch| !is_space(ch)) {
                return emit(out, Str, r, sp + 1 + n);
            }
        }
        if sp > 0 {
            if after.starts_with('#') {
                self.stack.pop_states(1);
                return emit(out, Text, r, sp);
            }
            let tok = if at_eol(after) { Text } else { Str };
            return emit(out, tok, r, sp);
        }
        if let Some(n) = span1(r, |ch| ch == '\n') {
            self.stack.push(State::PlainBlockNewLine);
            return emit(out, Text, r, n);
        }
        if let Some(w) = ["true", "false", "null"].iter().find(|w| r.starts_with(*w)) {
            return emit(out, NameConstant, r, w.len());
        }
        if let Some(n) = number(r) {
            self.stack.pop_states(1);
            return emit(out, Num, r, n);
        }
        span1(r, |ch| !is_space(ch) && ch != ':').and_then(|n| emit(out, Str, r, n))
    }

    fn plain_flow(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        let sp = span(r, |ch| ch == ' ');
        if r[sp..].starts_with([',', ':', '?', '[', ']', '{', '}']) {
            self.stack.pop_states(1);
            return emit(out, Text, r, sp);
        }
        if sp > 0 {
            if r[sp..].starts_with('#') {
                self.stack.pop_states(1);
                return emit(out, Text, r, sp);
            }
            let tok = if c.bol() || at_eol(&r[sp..]) {
                Text
            } else {
                NameVariable
            };
            return emit(out, tok, r, sp);
        }
        if let Some(n) = span1(r, |ch| ch == '\n') {
            return emit(out, Text, r, n);
        }
        span1(r, |ch| !is_space(ch) && !",:?[]{}".contains(ch))
            .and_then(|n| emit(out, NameVariable, r, n))
    }
}

/// Ruby's `String#to_i` on an indicator: an optional sign, then the digits.
fn ruby_to_i(s: &str) -> isize {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let d = span(digits, |ch| ch.is_ascii_digit());
    let v: isize = digits[..d].parse().unwrap_or(0);
    if neg { -v } else { v }
}

/// `\d+(?:\.\d+)?(?=(\r?\n)| +#)`: a number, only before a line break or a comment.
fn number(r: &str) -> Option<usize> {
    let digits = |s: &str| span1(s, |ch| ch.is_ascii_digit());
    let ends = |s: &str| {
        s.starts_with('\n')
            || s.starts_with("\r\n")
            || spaces1(s).is_some_and(|n| s[n..].starts_with('#'))
    };
    let d = digits(r)?;
    if let Some(f) = r[d..].strip_prefix('.').and_then(digits)
        && ends(&r[d + 1 + f..])
    {
        return Some(d + 1 + f);
    }
    ends(&r[d..]).then_some(d)
}

impl Rules for Yaml {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(c, out),
            State::Indentation => self.indentation(r, out),
            State::BlockLine => self.block_line(r, out),
            State::FlowSequence | State::FlowMapping => {
                let close = if self.stack.last() == Some(&State::FlowSequence) {
                    ']'
                } else {
                    '}'
                };
                if r.starts_with(close) {
                    self.stack.pop_states(1);
                    return emit(out, PunctuationIndicator, r, 1);
                }
                self.flow_collection(r, out)
            }
            State::BlockScalarContent => self.block_scalar_content(c, out),
            State::BlockScalarHeader => self.block_scalar_header(r, out),
            State::IgnoredLine => {
                if let Some(n) = comment(r, out) {
                    return Some(n);
                }
                if let Some(n) = spaces1(r) {
                    return emit(out, Text, r, n);
                }
                if r.starts_with('\n') {
                    self.stack.pop_states(1);
                    return emit(out, Text, r, 1);
                }
                None
            }
            State::SingleQuoted => {
                if let Some(n) = self.quoted_whitespace(c, out) {
                    return Some(n);
                }
                if r.starts_with("\\'") {
                    return emit(out, StrEscape, r, 2);
                }
                if r.starts_with('\'') {
                    self.stack.pop_states(1);
                    return emit(out, Str, r, 1);
                }
                span1(r, |ch| !is_space(ch) && ch != '\'').and_then(|n| emit(out, Str, r, n))
            }
            State::DoubleQuoted => {
                if r.starts_with('"') {
                    self.stack.pop_states(1);
                    return emit(out, Str, r, 1);
                }
                if let Some(n) = self.quoted_whitespace(c, out) {
                    return Some(n);
                }
                if let Some(n) = double_escape(r) {
                    return emit(out, StrEscape, r, n);
                }
                span1(r, |ch| {
                    !matches!(ch, ' ' | '\t' | '\n' | '\r' | '\x0c' | '\x0b' | '"' | '\\')
                })
                .and_then(|n| emit(out, Str, r, n))
            }
            State::PlainBlockNewLine => self.plain_block_new_line(c, out),
            State::PlainBlock => self.plain_block(r, out),
            State::PlainFlow => self.plain_flow(c, out),
            State::YamlDirective => {
                let sp = spaces1(r)?;
                let v = version(&r[sp..])?;
                out.push(Text, &r[..sp]);
                out.push(Num, &r[sp..sp + v]);
                self.stack.goto(State::IgnoredLine);
                Some(sp + v)
            }
            State::TagDirective => self.tag_directive(r, out),
        }
    }
}

/// An escape in a double-quoted scalar: `\\[0abt\tn\nvfre "\\N_LP]` or a hex code.
fn double_escape(r: &str) -> Option<usize> {
    let rest = r.strip_prefix('\\')?;
    let c = rest.chars().next()?;
    if "0abt\tn\nvfre \"\\N_LP".contains(c) {
        return Some(2);
    }
    let len = match c {
        'x' => 2,
        'u' => 4,
        'U' => 8,
        _ => return None,
    };
    let hex = rest[1..]
        .bytes()
        .take(len)
        .filter(u8::is_ascii_hexdigit)
        .count();
    (hex == len).then_some(2 + len)
}

impl Yaml {
    /// `([ ]+)(!|![\w-]*!)([ ]+)(!|!?[uri]+)`: a `%TAG` directive's handle and prefix.
    fn tag_directive(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        let sp1 = spaces1(r)?;
        let h = &r[sp1..];
        let handle = if h.starts_with("! ") {
            1
        } else {
            let w = span(h.strip_prefix('!')?, |ch| is_word(ch) || ch == '-');
            h[1 + w..].starts_with('!').then_some(w + 2)?
        };
        let sp2 = spaces1(&h[handle..])?;
        let p = &h[handle + sp2..];
        let prefix = if p.starts_with('!') {
            1
        } else {
            span1(p, tag_char)?
        };
        let a = sp1 + handle;
        let b = a + sp2;
        out.push(Text, &r[..sp1]);
        out.push(KeywordType, &r[sp1..a]);
        out.push(Text, &r[a..b]);
        out.push(KeywordType, &r[b..b + prefix]);
        self.stack.goto(State::IgnoredLine);
        Some(b + prefix)
    }
}
