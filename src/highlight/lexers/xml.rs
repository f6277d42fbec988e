//! Rouge's `xml` lexer: tags, attributes, entities, comments, CDATA sections and processing
//! instructions. Unlike the HTML lexer, a `<` that starts no tag is an error, and CDATA and
//! `<?…?>` must close on the line they open.

use crate::highlight::scan::{
    Ahead, Cursor, Lex, Rules, Tokens, drive, emit, is_alpha, is_space, is_word_cf, line_len, span,
    span1,
};
use crate::highlight::token::Token::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Comment,
    Tag,
    Attr,
}

/// The XML lexer: its state stack and memos of searches ahead.
pub(crate) struct Xml {
    stack: Vec<State>,
    /// One memo per thing searched for.
    ahead: [Ahead; 6],
}

const ENTITY: usize = 0;
const CDATA: usize = 1;
const PI: usize = 2;
const DECL: usize = 3;
const DQ: usize = 4;
const SQ: usize = 5;

impl Xml {
    /// An XML lexer at the start of its input.
    pub(crate) fn new() -> Xml {
        Xml {
            stack: vec![State::Root],
            ahead: Default::default(),
        }
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    /// The offset of `pat` searched from `n` bytes past the cursor, memoised in `slot`.
    fn find_from(&mut self, slot: usize, c: Cursor<'_>, n: usize, pat: &str) -> Option<usize> {
        let from = Cursor {
            src: c.src,
            pos: c.pos + n,
        };
        self.ahead[slot].find(from, |s| s.find(pat))
    }

    /// Like [`Xml::find_from`], but the text must not cross a line break (`.` without `/m`).
    fn find_in_line(&mut self, slot: usize, c: Cursor<'_>, n: usize, pat: &str) -> Option<usize> {
        let from = Cursor {
            src: c.src,
            pos: c.pos + n,
        };
        // The first occurrence or line break, whichever comes first.
        let at = self.ahead[slot].find(from, |s| {
            let line = line_len(s);
            s[..line].find(pat).or((line < s.len()).then_some(line))
        })?;
        from.rest()[at..].starts_with(pat).then_some(at)
    }
}

impl Lex for Xml {
    fn reset(&mut self) {
        self.stack = vec![State::Root];
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        self.ahead = Default::default();
        drive(self, src, out);
    }
}

/// `[\p{L}:_][\p{Word}\p{Cf}:.·-]*`: a tag or attribute name.
fn name(r: &str) -> Option<usize> {
    let c = r
        .chars()
        .next()
        .filter(|&c| is_alpha(c) || c == ':' || c == '_')?;
    let n = c.len_utf8();
    Some(n + span(&r[n..], |c| is_word_cf(c) || ":.·-".contains(c)))
}

impl Xml {
    fn root(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        if let Some(n) = span1(r, |ch| ch != '<' && ch != '&') {
            return emit(out, Text, r, n);
        }
        if r.starts_with('&') {
            // `&\S*?;`: the first `;` before any whitespace.
            let from = Cursor {
                src: c.src,
                pos: c.pos + 1,
            };
            let end =
                self.ahead[ENTITY].find(from, |s| s.find(|ch: char| ch == ';' || is_space(ch)));
            return match end {
                Some(e) if r[1 + e..].starts_with(';') => emit(out, NameEntity, r, 1 + e + 1),
                _ => None,
            };
        }
        if r.starts_with("<![CDATA[")
            && let Some(e) = self.find_in_line(CDATA, c, 9, "]]>")
        {
            return emit(out, CommentPreproc, r, 9 + e + 3);
        }
        if r.starts_with("<!--") {
            self.stack.push(State::Comment);
            return emit(out, Comment, r, 4);
        }
        if r.starts_with("<?")
            && let Some(e) = self.find_in_line(PI, c, 2, "?>")
        {
            return emit(out, CommentPreproc, r, 2 + e + 2);
        }
        if r.starts_with("<!")
            && let Some(e) = self.find_from(DECL, c, 2, ">")
        {
            return emit(out, CommentPreproc, r, 2 + e + 1);
        }
        let body = r.strip_prefix('<')?;
        let sp = 1 + span(body, is_space);
        if let Some(n) = name(&r[sp..]) {
            self.stack.push(State::Tag);
            return emit(out, NameTag, r, sp + n);
        }
        // `<\s*/\s*name\s*>`: a closing tag.
        let slash = sp + 1 + span(r[sp..].strip_prefix('/')?, is_space);
        let n = slash + name(&r[slash..])?;
        let end = n + span(&r[n..], is_space);
        r[end..]
            .starts_with('>')
            .then(|| emit(out, NameTag, r, end + 1))?
    }
}

impl Rules for Xml {
    fn step(&mut self, c: Cursor<'_>, out: &mut Tokens) -> Option<usize> {
        let r = c.rest();
        match *self.stack.last()? {
            State::Root => self.root(c, out),
            State::Comment => {
                if let Some(n) = span1(r, |ch| ch != '-') {
                    return emit(out, Comment, r, n);
                }
                if r.starts_with("-->") {
                    self.pop();
                    return emit(out, Comment, r, 3);
                }
                r.starts_with('-').then(|| emit(out, Comment, r, 1))?
            }
            State::Tag => {
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                if let Some(n) = name(r) {
                    let sp = n + span(&r[n..], is_space);
                    if r[sp..].starts_with('=') {
                        self.stack.push(State::Attr);
                        return emit(out, NameAttribute, r, sp + 1);
                    }
                }
                let slash = usize::from(r.starts_with('/'));
                let sp = slash + span(&r[slash..], is_space);
                if r[sp..].starts_with('>') {
                    self.pop();
                    return emit(out, NameTag, r, sp + 1);
                }
                None
            }
            State::Attr => {
                if let Some(n) = span1(r, is_space) {
                    return emit(out, Text, r, n);
                }
                // `".*?"|'.*?'|[^\s>]+`, newlines allowed inside the quotes.
                let quoted = match r.as_bytes().first() {
                    Some(b'"') => self.find_from(DQ, c, 1, "\""),
                    Some(b'\'') => self.find_from(SQ, c, 1, "'"),
                    _ => None,
                };
                let n = match quoted {
                    Some(e) => 1 + e + 1,
                    None => span1(r, |ch| !is_space(ch) && ch != '>')?,
                };
                self.pop();
                emit(out, Str, r, n)
            }
        }
    }
}
