//! Rouge's `markdown` lexer (`md`, `mkd`): headings, lists, emphasis, links, code spans and
//! indented code, YAML front matter (lexed as YAML), inline HTML (handed to one HTML lexer
//! that keeps its state), and fenced code lexed by the lexer its info string names.
//!
//! Many rules scan ahead lazily over `\\.|[^\\\n]` units ("edot") to a closing character;
//! those scans are memoised (see [`Edot`]) so that a line full of unclosed openers stays
//! linear.

use super::{Html, PlainText, Yaml};
use crate::highlight::registry::instance;
use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, Tokens, drive, emit, is_space, line_len, span, span1,
};
use crate::highlight::token::Token::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Link,
    Url,
    Title,
    InlineTitle,
    InlineUrl,
    Fence,
}

/// The closing characters the lazy `edot*?` scans look for, one memo each.
#[derive(Debug, Clone, Copy)]
enum Edot {
    /// `>` (inline HTML, autolinks, `<url>`).
    Gt,
    /// `]` followed by `[` or `(`: a link's text.
    LinkEnd,
    /// `]`.
    Bracket,
    /// `**`.
    Stars,
    /// `__`.
    Unders,
    /// `*`.
    Star,
    /// `_`.
    Under,
    /// `"`.
    Dq,
    /// `'`.
    Sq,
    /// `)`.
    Paren,
}

impl Edot {
    fn at(self, t: &str) -> bool {
        match self {
            Edot::Gt => t.starts_with('>'),
            Edot::LinkEnd => t.starts_with("](") || t.starts_with("]["),
            Edot::Bracket => t.starts_with(']'),
            Edot::Stars => t.starts_with("**"),
            Edot::Unders => t.starts_with("__"),
            Edot::Star => t.starts_with('*'),
            Edot::Under => t.starts_with('_'),
            Edot::Dq => t.starts_with('"'),
            Edot::Sq => t.starts_with('\''),
            Edot::Paren => t.starts_with(')'),
        }
    }
}

/// The Markdown lexer: its state stack, the HTML lexer for inline HTML, the lexer of an
/// unclosed fenced block with its fence, and memos of searches ahead.
pub(crate) struct Markdown {
    stack: Vec<State>,
    html: Html,
    fence_lexer: Box<dyn Lex>,
    fence: String,
    edot: [Ahead; 10],
    front_matter_end: Ahead,
    bracket: Ahead,
    newline: Ahead,
    at_sign: Ahead,
    fence_close: (String, Ahead),
    /// The line a `<…@…>` autolink was last looked for in: its end, its last `>`, and the
    /// last `.` at least two characters before that `>`.
    mail_line: Option<(usize, Option<usize>, Option<usize>)>,
    /// The non-space run an entity was last looked for in: its end and its last `;`.
    entity_run: Option<(usize, usize, Option<usize>)>,
}

impl Markdown {
    /// A Markdown lexer at the start of its input.
    pub(crate) fn new() -> Markdown {
        Markdown {
            stack: vec![State::Root],
            html: Html::new(),
            fence_lexer: Box::new(PlainText { token: Text }),
            fence: String::new(),
            edot: Default::default(),
            front_matter_end: Ahead::default(),
            bracket: Ahead::default(),
            newline: Ahead::default(),
            at_sign: Ahead::default(),
            fence_close: (String::new(), Ahead::default()),
            mail_line: None,
            entity_run: None,
        }
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    /// `edot*?` then the closer: the offset from `c` of the first closer at a unit boundary
    /// on `c`'s line. Callers start right after an opening character, never a backslash, so
    /// a closer is at a boundary exactly when an even run of backslashes precedes it.
    fn edot(&mut self, c: Cursor<'_>, kind: Edot) -> Option<usize> {
        let x = self.edot[kind as usize].find(c, |s| {
            let mut run = 0;
            for (x, ch) in s.char_indices() {
                if ch == '\n' || (run % 2 == 0 && kind.at(&s[x..])) {
                    return Some(x);
                }
                run = if ch == '\\' { run + 1 } else { 0 };
            }
            None
        })?;
        (!c.rest()[x..].starts_with('\n')).then_some(x)
    }
}

impl Lex for Markdown {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
        self.html.reset();
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        self.edot = Default::default();
        self.front_matter_end = Ahead::default();
        self.bracket = Ahead::default();
        self.newline = Ahead::default();
        self.at_sign = Ahead::default();
        self.fence_close = (String::new(), Ahead::default());
        self.mail_line = None;
        self.entity_run = None;
        drive(self, src, out);
    }
}

/// The cursor `n` bytes further on.
fn skip(c: Cursor<'_>, n: usize) -> Cursor<'_> {
    Cursor {
        src: c.src,
        pos: c.pos + n,
    }
}

/// One `\\.|[^\\\n]` unit at the start of `s`: its length.
fn unit(s: &str) -> Option<usize> {
    let mut chars = s.chars();
    match chars.next()? {
        '\n' => None,
        '\\' => chars
            .next()
            .filter(|&c| c != '\n')
            .map(|c| 1 + c.len_utf8()),
        c => Some(c.len_utf8()),
    }
}

/// `---\s*$\n?` at the start of a line: a closing front-matter line's length.
fn front_matter_close(t: &str) -> Option<usize> {
    let rest = t.strip_prefix("---")?;
    let w = span(rest, is_space);
    if w == rest.len() {
        return Some(t.len());
    }
    rest[..w].rfind('\n').map(|nl| 3 + nl + 1)
}

/// `^(\s*[c]){3,}\s*$`: a thematic break of `*` or `-`, the groups backtracking until a
/// line end follows.
fn thematic_break(r: &str, mark: char) -> Option<usize> {
    let mut ends = Vec::new();
    let mut p = 0;
    loop {
        let sp = span(&r[p..], is_space);
        if !r[p + sp..].starts_with(mark) {
            break;
        }
        p += sp + 1;
        ends.push(p);
    }
    for &e in ends.iter().skip(2).rev() {
        let w = span(&r[e..], is_space);
        if e + w == r.len() {
            return Some(r.len());
        }
        if let Some(nl) = r[e..e + w].rfind('\n') {
            return Some(e + nl);
        }
    }
    None
}

/// `` (`+)(?:edot|\n)+?\1 ``: a code span. The opening run backtracks: with `k` backticks,
/// `j` of them open and the span ends at the first later run of at least `j` (a run inside
/// the opening one when `2j + 1 <= k`); Onigmo tries `j` from `k` down.
fn code_span(r: &str) -> Option<usize> {
    let k = span(r, |c| c == '`');
    if k == 0 {
        return None;
    }
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut q = k;
    while q < r.len() {
        if r[q..].starts_with('`') {
            let m = span(&r[q..], |c| c == '`');
            runs.push((q, m));
            if m >= k {
                break;
            }
            q += m;
        } else if r[q..].starts_with('\n') {
            q += 1;
        } else {
            // A backslash before a line break ends the span's possible text.
            match unit(&r[q..]) {
                Some(n) => q += n,
                None => break,
            }
        }
    }
    let longest = runs.iter().map(|&(_, m)| m).max().unwrap_or(0);
    let j = longest.min(k);
    if j > 0 && 2 * j + 1 > k {
        let &(p, _) = runs.iter().find(|&&(_, m)| m >= j)?;
        return Some(p + j);
    }
    let j = (k - 1) / 2;
    (j >= 1).then_some(2 * j + 1)
}

/// Ruby's `strip`: whitespace and NULs off both ends.
fn strip(s: &str) -> &str {
    s.trim_matches(|c: char| matches!(c, '\0' | ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r'))
}

impl Markdown {
    /// YAML front matter: `\A(---\s*\n.*?\n?)^(---\s*$\n?)`, where `\A` is wherever the
    /// scan is (StringScanner hides what came before).
    fn front_matter(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        let rest = r.strip_prefix("---")?;
        let w = span(rest, is_space);
        let body = 3 + rest[..w].rfind('\n')? + 1;
        let close = self.front_matter_end.find(skip(c, body), |s| {
            let mut x = 0;
            loop {
                if front_matter_close(&s[x..]).is_some() {
                    return Some(x);
                }
                x += s[x..].find('\n')? + 1;
            }
        })?;
        let end = body + close + front_matter_close(&r[body + close..])?;
        Yaml::new().lex(&r[..end], out);
        Some(end)
    }

    /// A fenced code block: the opening fence line, and the code up to a closing fence with
    /// the same indentation, or else a state reading lines until any closing fence.
    fn fenced(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        let ind = span(r, |ch| ch == ' ' || ch == '\t');
        let mark = r[ind..]
            .chars()
            .next()
            .filter(|&ch| ch == '`' || ch == '~')?;
        let k = span(&r[ind..], |ch| ch == mark);
        if k < 3 {
            return None;
        }
        let fence_end = ind + k;
        let info_len = line_len(&r[fence_end..]);
        if !r[fence_end + info_len..].starts_with('\n') {
            return None;
        }
        let body = fence_end + info_len + 1;
        let info = &r[fence_end..body];
        let name = strip(info);
        let pat = format!("\n{}", &r[..fence_end]);
        if self.fence_close.0 != pat {
            self.fence_close = (pat.clone(), Ahead::default());
        }
        let close = self.fence_close.1.find(skip(c, body), |s| s.find(&pat));
        // Without a language, Rouge guesses from the code between the fences (none when
        // the block is not closed), taking the first candidate when several fit.
        let code = close.map_or("", |e| &r[body..body + e]);
        let spec = if name.is_empty() { "guess" } else { name };
        let mut sub: Box<dyn Lex> =
            instance(spec, code).unwrap_or_else(|| Box::new(PlainText { token: StrBacktick }));
        sub.reset();
        out.push(Text, &r[..ind]);
        out.push(Punctuation, &r[ind..fence_end]);
        out.push(NameLabel, info);
        match close {
            Some(e) => {
                sub.continue_lex(&r[body..body + e], out);
                out.push(Text, &r[body + e..body + e + 1 + ind]);
                out.push(Punctuation, &r[body + e + 1 + ind..body + e + pat.len()]);
                Some(body + e + pat.len())
            }
            None => {
                self.fence = r[ind..fence_end].to_string();
                self.fence_lexer = sub;
                self.stack.push(State::Fence);
                Some(body)
            }
        }
    }

    /// The rules that only apply at the start of a line.
    fn line_start(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        let line = line_len(r);
        let setext = line > 0
            && r[..line].chars().all(|ch| ch == ' ' || !is_space(ch))
            && r[line..].starts_with('\n');
        if setext {
            let next = &r[line + 1..];
            for (ch, tok) in [('-', GenericHeading), ('=', GenericSubheading)] {
                let k = span(next, |x| x == ch);
                if k >= 2 && next[k..].starts_with('\n') {
                    return emit(out, tok, r, line + 1 + k + 1);
                }
            }
        }
        if let Some(rest) = r.strip_prefix('#') {
            let tok = if rest.starts_with(|ch: char| ch != '#') {
                GenericHeading
            } else {
                GenericSubheading
            };
            return emit(out, tok, r, line);
        }
        self.fenced(c, out)
    }

    /// Thematic breaks, list markers, block quotes and link definitions (all at a line's
    /// start, after any whitespace).
    fn blocks(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = thematic_break(r, '*').or_else(|| thematic_break(r, '-')) {
            return emit(out, Punctuation, r, n);
        }
        let sp = span(r, is_space);
        let after = &r[sp..];
        if after.starts_with(['*', '+', '-']) && after[1..].starts_with(is_space) {
            return emit(out, Punctuation, r, sp + 1);
        }
        if let Some(d) = span1(after, |ch| ch.is_ascii_digit())
            && after[d..].starts_with('.')
        {
            return emit(out, Punctuation, r, sp + d + 1);
        }
        if after.starts_with('>') {
            return emit(out, GenericTraceback, r, sp + line_len(after));
        }
        // `(\[)(edot+?)(\])(\s*)(:)`: a link definition.
        let label = after.strip_prefix('[')?;
        let mut b = unit(label)?;
        loop {
            if label[b..].starts_with(']') {
                let ws = span(&label[b + 1..], is_space);
                if label[b + 1 + ws..].starts_with(':') {
                    let open = sp + 1;
                    let close = open + b;
                    out.push(Text, &r[..sp]);
                    out.push(Punctuation, "[");
                    out.push(StrSymbol, &r[open..close]);
                    out.push(Punctuation, "]");
                    out.push(Text, &r[close + 1..close + 1 + ws]);
                    out.push(Punctuation, ":");
                    self.stack.push(State::Title);
                    self.stack.push(State::Url);
                    return Some(close + 1 + ws + 1);
                }
            }
            b += unit(&label[b..])?;
        }
    }

    /// `(!?\[)(edot*?|[^\]]*?)(\])(?=[\[(])`: a link or image's text.
    fn link(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        let open = if r.starts_with("![") {
            2
        } else if r.starts_with('[') {
            1
        } else {
            return None;
        };
        let close = match self.edot(skip(c, open), Edot::LinkEnd) {
            Some(x) => open + x,
            None => {
                let x = open + self.bracket.find(skip(c, open), |s| s.find(']'))?;
                if !r[x + 1..].starts_with(['[', '(']) {
                    return None;
                }
                x
            }
        };
        out.push(Punctuation, &r[..open]);
        out.push(NameVariable, &r[open..close]);
        out.push(Punctuation, "]");
        self.stack.push(State::Link);
        Some(close + 1)
    }

    /// `<.*?@.+[.].+>`: a mail autolink, ending at the line's last `>`.
    fn mail_link(&mut self, c: Cursor<'_>) -> Option<usize> {
        let end = c.pos
            + self
                .newline
                .find(c, |s| s.find('\n'))
                .unwrap_or(c.rest().len());
        if self.mail_line.is_none_or(|(e, _, _)| e != end) {
            // Only what follows the first `<` looked at on the line can matter.
            let line = &c.src[c.pos..end];
            let gt = line.rfind('>');
            // The `.` needs a character between it and the `>`.
            let before_gt = gt.and_then(|g| line[..g].char_indices().next_back());
            let dot = before_gt.and_then(|(i, _)| line[..i].rfind('.'));
            self.mail_line = Some((end, gt.map(|g| c.pos + g), dot.map(|d| c.pos + d)));
        }
        let (_, gt, dot) = self.mail_line?;
        let at = c.pos + self.at_sign.find(skip(c, 1), |s| s.find(['@', '\n']))? + 1;
        if c.src[at..].starts_with('@') && gt? > at && dot? >= at + 2 {
            return Some(gt? + 1 - c.pos);
        }
        None
    }

    /// `&\S*;`: an entity, ending at the last `;` of its run of non-space characters.
    fn entity(&mut self, c: Cursor<'_>) -> Option<usize> {
        let known = self
            .entity_run
            .is_some_and(|(from, end, _)| c.pos >= from && c.pos < end);
        if !known {
            let end = c.pos + span(c.rest(), |ch| !is_space(ch));
            let semi = c.src[c.pos..end].rfind(';').map(|i| c.pos + i);
            self.entity_run = Some((c.pos, end, semi));
        }
        let (_, _, semi) = self.entity_run?;
        semi.filter(|&s| s > c.pos).map(|s| s + 1 - c.pos)
    }

    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = self.front_matter(c, out) {
            return Some(n);
        }
        if let Some(n) = r.strip_prefix('\\').and_then(|t| t.chars().next())
            && n != '\n'
        {
            return emit(out, StrEscape, r, 1 + n.len_utf8());
        }
        if c.bol()
            && let Some(n) = self.line_start(c, out)
        {
            return Some(n);
        }
        if let Some(rest) = r.strip_prefix("\n\n") {
            let mut n = 0;
            loop {
                let t = &rest[n..];
                if t.starts_with("    ") || t.starts_with('\t') {
                    let l = line_len(t);
                    if t[l..].starts_with('\n') {
                        n += l + 1;
                        continue;
                    }
                }
                if t.starts_with('\n') {
                    n += 1;
                    continue;
                }
                break;
            }
            if n > 0 {
                return emit(out, StrBacktick, r, 2 + n);
            }
        }
        if let Some(n) = code_span(r) {
            return emit(out, StrBacktick, r, n);
        }
        if c.bol()
            && let Some(n) = self.blocks(r, out)
        {
            return Some(n);
        }
        if let Some(n) = self.link(c, out) {
            return Some(n);
        }
        let emphasis = [
            ("**", Edot::Stars, GenericStrong),
            ("__", Edot::Unders, GenericStrong),
            ("*", Edot::Star, GenericEmph),
            ("_", Edot::Under, GenericEmph),
        ];
        for (open, kind, tok) in emphasis {
            if r.starts_with(open)
                && let Some(x) = self.edot(skip(c, open.len()), kind)
            {
                return emit(out, tok, r, open.len() + x + open.len());
            }
        }
        if r.starts_with('<') {
            if let Some(n) = self.mail_link(c) {
                return emit(out, NameVariable, r, n);
            }
            let scheme = ["<http://", "<https://", "<mailto://", "<ftp://"]
                .into_iter()
                .find(|p| r.starts_with(p));
            if let Some(p) = scheme
                && let Some(x) = self.edot(skip(c, p.len()), Edot::Gt)
            {
                return emit(out, NameVariable, r, p.len() + x + 1);
            }
        }
        if let Some(n) = span1(r, |ch| !"\\`[*\n&<".contains(ch)) {
            return emit(out, Text, r, n);
        }
        let html = if r.starts_with('&') {
            self.entity(c)
        } else if r.starts_with('<') {
            self.edot(skip(c, 1), Edot::Gt).map(|x| 1 + x + 1)
        } else {
            None
        };
        if let Some(n) = html {
            self.html.continue_lex(&r[..n], out);
            return Some(n);
        }
        if r.starts_with(['&', '<', '[', '\n']) {
            return emit(out, Text, r, 1);
        }
        None
    }

    /// `title`: a quoted or parenthesised title after a link's URL.
    fn title(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        for (open, kind) in [('"', Edot::Dq), ('\'', Edot::Sq), ('(', Edot::Paren)] {
            if r.starts_with(open)
                && let Some(x) = self.edot(skip(c, 1), kind)
            {
                return emit(out, NameNamespace, r, 1 + x + 1);
            }
        }
        let sp = span(r, is_space);
        if r[sp..].starts_with(['"', '\'', '(', ')']) {
            return emit(out, Text, r, sp);
        }
        self.pop();
        Some(0)
    }

    /// `url`: a link definition's URL, bare or in angle brackets.
    fn url(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = span1(r, |ch| ch == ' ' || ch == '\t') {
            return emit(out, Text, r, n);
        }
        if r.starts_with('<')
            && let Some(x) = self.edot(skip(c, 1), Edot::Gt)
        {
            out.push(NameTag, "<");
            out.push(StrOther, &r[1..1 + x]);
            out.push(NameTag, ">");
            self.pop();
            return Some(x + 2);
        }
        let n = span1(r, |ch| !is_space(ch))?;
        self.pop();
        emit(out, StrOther, r, n)
    }
}

impl Rules for Markdown {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(c, out),
            State::Link => {
                if r.starts_with('[')
                    && let Some(x) = self.edot(skip(c, 1), Edot::Bracket)
                {
                    out.push(Punctuation, "[");
                    out.push(StrSymbol, &r[1..1 + x]);
                    out.push(Punctuation, "]");
                    self.pop();
                    return Some(x + 2);
                }
                if r.starts_with('(') {
                    self.stack.push(State::InlineTitle);
                    self.stack.push(State::InlineUrl);
                    return emit(out, Punctuation, r, 1);
                }
                if let Some(n) = span1(r, |ch| ch == ' ' || ch == '\t') {
                    return emit(out, Text, r, n);
                }
                self.pop();
                Some(0)
            }
            State::Url => self.url(c, out),
            State::Title => self.title(c, out),
            State::InlineTitle => {
                if r.starts_with(')') {
                    self.pop();
                    return emit(out, Punctuation, r, 1);
                }
                self.title(c, out)
            }
            State::InlineUrl => {
                if let Some(n) = span1(r, |ch| ch != '<' && ch != ')' && !is_space(ch)) {
                    self.pop();
                    return emit(out, StrOther, r, n);
                }
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                self.url(c, out)
            }
            State::Fence => {
                if !c.bol() {
                    return None;
                }
                let ind = span(r, |ch| ch == ' ' || ch == '\t');
                if r[ind..].starts_with(self.fence.as_str()) {
                    out.push(Text, &r[..ind]);
                    out.push(Punctuation, &self.fence);
                    self.pop();
                    return Some(ind + self.fence.len());
                }
                let line = line_len(r);
                if !r[line..].starts_with('\n') {
                    return None;
                }
                self.fence_lexer.continue_lex(&r[..line + 1], out);
                Some(line + 1)
            }
        }
    }
}
