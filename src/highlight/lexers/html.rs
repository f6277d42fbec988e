//! Rouge's `html` lexer: tags, attributes, entities and comments, with `<script>` and
//! `<style>` bodies handed piece by piece to a JavaScript and a CSS lexer that keep their
//! state from one piece to the next (a `<` inside a script is a piece of its own).

use super::{Css, Javascript};
use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, StateStack, Tokens, drive, emit, is_alpha, is_space, is_word_cf,
    span, span1, starts_with_ci,
};
use crate::highlight::token::Token::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    TagEnd,
    TagEndEnd,
    TagStart,
    Comment,
    Tag,
    Attr,
    Dq,
    Sq,
    ScriptContent,
    StyleContent,
}

/// The HTML lexer: its state stack, the embedded lexers, and memos of searches ahead.
pub(crate) struct Html {
    stack: Vec<State>,
    javascript: Javascript,
    css: Css,
    entity_end: Ahead,
    doctype_end: Ahead,
    cdata_end: Ahead,
    pi_end: Ahead,
}

impl Html {
    /// An HTML lexer at the start of its input.
    pub(crate) fn new() -> Html {
        Html {
            stack: vec![State::Root],
            javascript: Javascript::new(),
            css: Css::new(),
            entity_end: Ahead::default(),
            doctype_end: Ahead::default(),
            cdata_end: Ahead::default(),
            pi_end: Ahead::default(),
        }
    }
}

impl Lex for Html {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
        self.javascript = Javascript::new();
        self.css = Css::new();
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        self.entity_end = Ahead::default();
        self.doctype_end = Ahead::default();
        self.cdata_end = Ahead::default();
        self.pi_end = Ahead::default();
        drive(self, src, out);
    }
}

/// A tag name: `[\p{L}:_-][\p{Word}\p{Cf}:.·-]*`.
pub(crate) fn tag_name(r: &str) -> Option<usize> {
    name_with(
        r,
        |c| is_alpha(c) || ":_-".contains(c),
        |c| ":.·-".contains(c),
    )
}

/// A name whose first character satisfies `first` and whose others are word or format
/// characters or satisfy `more`.
fn name_with(r: &str, first: impl Fn(char) -> bool, more: impl Fn(char) -> bool) -> Option<usize> {
    let c = r.chars().next().filter(|&c| first(c))?;
    let n = c.len_utf8();
    Some(n + span(&r[n..], |c| is_word_cf(c) || more(c)))
}

/// The cursor `n` bytes further on.
fn skip(c: Cursor<'_>, n: usize) -> Cursor<'_> {
    Cursor {
        src: c.src,
        pos: c.pos + n,
    }
}

/// `<\s*word\s*`: an opening `<script` or `<style` (with no word boundary after it).
fn open_special(r: &str, word: &str) -> Option<usize> {
    let a = 1 + span(r.strip_prefix('<')?, is_space);
    r[a..].starts_with(word).then(|| {
        let b = a + word.len();
        b + span(&r[b..], is_space)
    })
}

/// `<\s*/\s*word\s*>`: a closing `</script>` or `</style>`.
fn close_special(r: &str, word: &str) -> Option<usize> {
    let a = 1 + span(r.strip_prefix('<')?, is_space);
    let b = a + 1 + span(r[a..].strip_prefix('/')?, is_space);
    let c = b + word.len();
    if !r[b..].starts_with(word) {
        return None;
    }
    let d = c + span(&r[c..], is_space);
    r[d..].starts_with('>').then_some(d + 1)
}

impl Html {
    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = span1(r, |ch| ch != '<' && ch != '&') {
            return emit(out, Text, r, n);
        }
        if r.starts_with('&') {
            // `&\S*?;`: the first `;` before any whitespace.
            let end = self
                .entity_end
                .find(skip(c, 1), |s| s.find(|ch: char| ch == ';' || is_space(ch)));
            if let Some(e) = end
                && r[1 + e..].starts_with(';')
            {
                return emit(out, NameEntity, r, 1 + e + 1);
            }
            return None;
        }
        if starts_with_ci(r, "<!DOCTYPE ")
            && let Some(e) = self.doctype_end.find(skip(c, 10), |s| s.find('>'))
        {
            return emit(out, CommentPreproc, r, 10 + e + 1);
        }
        if r.starts_with("<![CDATA[")
            && let Some(e) = self.cdata_end.find(skip(c, 9), |s| s.find("]]>"))
        {
            return emit(out, CommentPreproc, r, 9 + e + 3);
        }
        if r.starts_with("<!--") {
            self.stack.push(State::Comment);
            return emit(out, Comment, r, 4);
        }
        if r.starts_with("<?")
            && let Some(e) = self.pi_end.find(skip(c, 2), |s| s.find("?>"))
        {
            return emit(out, CommentPreproc, r, 2 + e + 2);
        }
        if let Some(n) = open_special(r, "script") {
            self.javascript.reset();
            self.stack.push(State::ScriptContent);
            self.stack.push(State::Tag);
            return emit(out, NameTag, r, n);
        }
        if let Some(n) = open_special(r, "style") {
            self.css.reset();
            self.stack.push(State::StyleContent);
            self.stack.push(State::Tag);
            return emit(out, NameTag, r, n);
        }
        if r.starts_with("</") {
            self.stack.push(State::TagEnd);
            return emit(out, NameTag, r, 2);
        }
        // Every other `<` starts a tag, so Rouge's later rules for whole tags never match.
        if r.starts_with('<') {
            self.stack.push(State::TagStart);
            return emit(out, NameTag, r, 1);
        }
        None
    }

    fn tag_end_end(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        if r.starts_with('>') {
            self.stack.pop_states(1);
            return emit(out, NameTag, r, 1);
        }
        None
    }

    fn tag(&mut self, r: &str, out: &mut Tokens) -> Option<usize> {
        if let Some(n) = span1(r, is_space) {
            return emit(out, Text, r, n);
        }
        // `name\s*=\s*`: an attribute with a value.
        let with_value = name_with(
            r,
            |ch| is_alpha(ch) || ":_[]()*.-".contains(ch),
            |ch| ":.·[]()*-".contains(ch),
        );
        if let Some(n) = with_value {
            let sp = n + span(&r[n..], is_space);
            if r[sp..].starts_with('=') {
                let end = sp + 1 + span(&r[sp + 1..], is_space);
                self.stack.push(State::Attr);
                return emit(out, NameAttribute, r, end);
            }
        }
        let bare = name_with(
            r,
            |ch| is_alpha(ch) || ":_*#-".contains(ch),
            |ch| ":.·*#-".contains(ch),
        );
        if let Some(n) = bare {
            return emit(out, NameAttribute, r, n);
        }
        let slash = usize::from(r.starts_with('/'));
        let sp = slash + span(&r[slash..], is_space);
        if r[sp..].starts_with('>') {
            self.stack.pop_states(1);
            return emit(out, NameTag, r, sp + 1);
        }
        None
    }

    /// A piece of a `<script>` or `<style>` body, up to the closing tag.
    fn embedded(&mut self, r: &str, out: &mut Tokens, script: bool) -> Option<usize> {
        let word = if script { "script" } else { "style" };
        let n = match span1(r, |ch| ch != '<') {
            Some(n) => n,
            None => {
                if let Some(n) = close_special(r, word) {
                    self.stack.pop_states(1);
                    return emit(out, NameTag, r, n);
                }
                1
            }
        };
        if script {
            self.javascript.continue_lex(&r[..n], out);
        } else {
            self.css.continue_lex(&r[..n], out);
        }
        Some(n)
    }
}

impl Rules for Html {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(c, out),
            State::TagEnd => {
                if let Some(n) = self.tag_end_end(r, out) {
                    return Some(n);
                }
                let n = tag_name(r)?;
                self.stack.goto(State::TagEndEnd);
                emit(out, NameTag, r, n)
            }
            State::TagEndEnd => self.tag_end_end(r, out),
            State::TagStart => {
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                self.stack.goto(State::Tag);
                match tag_name(r) {
                    Some(n) => emit(out, NameTag, r, n),
                    None => Some(0),
                }
            }
            State::Comment => {
                if let Some(n) = span1(r, |ch| ch != '-') {
                    return emit(out, Comment, r, n);
                }
                if r.starts_with("-->") {
                    self.stack.pop_states(1);
                    return emit(out, Comment, r, 3);
                }
                r.starts_with('-').then(|| emit(out, Comment, r, 1))?
            }
            State::Tag => self.tag(r, out),
            State::Attr => match r.as_bytes().first()? {
                b'"' => {
                    self.stack.goto(State::Dq);
                    emit(out, Str, r, 1)
                }
                b'\'' => {
                    self.stack.goto(State::Sq);
                    emit(out, Str, r, 1)
                }
                _ => {
                    let n = span1(r, |ch| !is_space(ch) && ch != '>')?;
                    self.stack.pop_states(1);
                    emit(out, Str, r, n)
                }
            },
            State::Dq | State::Sq => {
                let q = if self.stack.last() == Some(&State::Dq) {
                    '"'
                } else {
                    '\''
                };
                if r.starts_with(q) {
                    self.stack.pop_states(1);
                    return emit(out, Str, r, 1);
                }
                span1(r, |ch| ch != q).and_then(|n| emit(out, Str, r, n))
            }
            State::ScriptContent => self.embedded(r, out, true),
            State::StyleContent => self.embedded(r, out, false),
        }
    }
}
