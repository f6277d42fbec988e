//! libsass's output stage (`Emitter`, `Inspect` and `Output` in libsass 3.6.5), ported for
//! the tree `css::parse` reads: the same scheduled spaces, line feeds and delimiters, so the
//! nested, expanded, compact and compressed styles come out byte for byte as sassc writes
//! them, with the source-map mappings libsass records on the way.

use super::Style;
use super::css::Node;
use super::mark::{Origin, Pos};
use super::selector::{
    components, compress_selector_args, expand, simple_selectors, split_simple, split_top,
};

/// One source-map mapping: a generated position and the source position it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mapping {
    /// 0-based generated line.
    pub line: usize,
    /// 0-based generated column (characters).
    pub col: usize,
    /// The source position.
    pub src: Pos,
}

/// What the emitter needs besides the tree.
pub struct Context<'a> {
    /// The output style.
    pub style: Style,
    /// Origins of marked rules and declarations.
    pub origins: &'a [Origin],
    /// `line_comments`: each source file's path as the comment shows it.
    pub line_comments: Option<&'a [String]>,
}

/// Lays out `nodes` as libsass does; returns the CSS and its mappings.
pub fn emit(nodes: &[Node], cx: &Context) -> (String, Vec<Mapping>) {
    let mut main = Emitter::new(cx);
    if cx.style == Style::Nested {
        collect_props(nodes, cx.origins, &mut main.with_props);
    }
    let mut top = Vec::new();
    for n in nodes {
        match n {
            // libsass hoists imports, and comments that come before any output, to the top.
            Node::Import(..) => top.push(n),
            Node::Comment(t)
                if main.buf.is_empty()
                    && (cx.style != Style::Compressed || t.starts_with("/*!")) =>
            {
                top.push(n)
            }
            _ => main.node(n),
        }
    }
    main.finalize(true);
    let mut head = Emitter::new(cx);
    for n in top {
        match n {
            Node::Import(url, origin) => {
                let (keyword, value) = match origin.and_then(|o| cx.origins.get(o)) {
                    Some(Origin::Import { keyword, value }) => (Some(*keyword), Some(*value)),
                    _ => (None, None),
                };
                head.token("@import", keyword);
                head.mandatory_space();
                head.token(url, value);
                head.delimiter();
            }
            Node::Comment(text) => head.comment_text(text),
            _ => {}
        }
        head.mandatory_linefeed();
    }
    head.finalize(main.buf.is_empty());
    // Prepend the hoisted part, moving the main part's mappings down.
    let (hl, hc) = (head.line, head.col);
    let mut mappings = head.mappings;
    mappings.extend(main.mappings.into_iter().map(|mut m| {
        if m.line == 0 {
            m.col += hc;
        }
        m.line += hl;
        m
    }));
    let mut css = head.buf + &main.buf;
    if !css.ends_with('\n') && !css.is_empty() {
        css.push('\n');
    }
    if !css.is_ascii() {
        if cx.style == Style::Compressed {
            // A byte order mark, which Jekyll replaces (by `@charset` with `add_charset`).
            css.insert(0, '\u{feff}');
        } else {
            css.insert_str(0, "@charset \"UTF-8\";\n");
            for m in &mut mappings {
                m.line += 1;
            }
        }
    }
    (css, mappings)
}

struct Emitter<'a> {
    cx: &'a Context<'a>,
    style: Style,
    buf: String,
    line: usize,
    col: usize,
    indentation: usize,
    scheduled_space: usize,
    scheduled_linefeed: usize,
    scheduled_delimiter: bool,
    crutch: Option<Pos>,
    in_comment: bool,
    mappings: Vec<Mapping>,
    /// Origins of rules that have declarations in the output (the nested style's tabs).
    with_props: std::collections::HashSet<usize>,
    /// The rule an `@media` being written was nested in (the nested style's tabs).
    media_origin: Option<usize>,
    /// Where the search for the next comment's origin starts.
    comment_cursor: usize,
    /// Writing a selector inside a pseudo selector's brackets (no indentation).
    in_wrapped: bool,
    /// The `@media` being written came from hyde's evaluator (see `tabs`).
    media_evaluated: bool,
    /// It holds a copy of the rule it was written in, with that rule's declarations.
    media_copy: bool,
}

impl<'a> Emitter<'a> {
    fn new(cx: &'a Context<'a>) -> Self {
        Emitter {
            cx,
            style: cx.style,
            buf: String::new(),
            line: 0,
            col: 0,
            indentation: 0,
            scheduled_space: 0,
            scheduled_linefeed: 0,
            scheduled_delimiter: false,
            crutch: None,
            in_comment: false,
            mappings: Vec::new(),
            with_props: std::collections::HashSet::new(),
            media_origin: None,
            comment_cursor: 0,
            in_wrapped: false,
            media_evaluated: false,
            media_copy: false,
        }
    }

    fn map(&mut self, src: Option<Pos>) {
        if let Some(src) = src {
            self.mappings.push(Mapping {
                line: self.line,
                col: self.col,
                src,
            });
        }
    }

    fn raw(&mut self, text: &str) {
        for c in text.chars() {
            if c == '\n' {
                self.line += 1;
                self.col = 0;
            } else {
                self.col += 1;
            }
        }
        self.buf.push_str(text);
    }

    fn finalize(&mut self, last: bool) {
        self.scheduled_space = 0;
        if self.style == Style::Compressed && last {
            self.scheduled_delimiter = false;
        }
        if self.scheduled_linefeed > 0 {
            self.scheduled_linefeed = 1;
        }
        self.flush();
    }

    /// `flush_schedules`. In libsass the spaces go through `append_string`, which flushes
    /// again first, so a scheduled `;` always comes before the scheduled whitespace.
    fn flush(&mut self) {
        let linefeeds = std::mem::take(&mut self.scheduled_linefeed);
        let spaces = std::mem::take(&mut self.scheduled_space);
        if std::mem::take(&mut self.scheduled_delimiter) {
            self.raw(";");
        }
        if linefeeds > 0 {
            self.raw(&"\n".repeat(linefeeds));
        } else if spaces > 0 {
            self.raw(&" ".repeat(spaces));
        }
    }

    fn string(&mut self, text: &str) {
        self.flush();
        if self.in_comment && self.style == Style::Compact {
            let t = comment_to_compact(text);
            self.raw(&t);
        } else {
            self.raw(text);
        }
    }

    /// `append_token`: text with open and close mappings.
    fn token(&mut self, text: &str, span: Option<(Pos, Pos)>) {
        self.flush();
        self.map(span.map(|s| s.0));
        if let Some(c) = self.crutch.take() {
            self.map(Some(c));
        }
        self.string(text);
        self.map(span.map(|s| s.1));
    }

    fn indent(&mut self) {
        if matches!(self.style, Style::Compressed | Style::Compact) {
            return;
        }
        if self.scheduled_linefeed > 0 && self.indentation > 0 {
            self.scheduled_linefeed = 1;
        }
        let s = "  ".repeat(self.indentation);
        self.string(&s);
    }

    fn delimiter(&mut self) {
        self.scheduled_delimiter = true;
        match self.style {
            Style::Compact if self.indentation == 0 => self.mandatory_linefeed(),
            Style::Compact => self.mandatory_space(),
            Style::Compressed => {}
            _ => self.optional_linefeed(),
        }
    }

    fn comma_separator(&mut self) {
        self.string(",");
        self.optional_space();
    }

    fn mandatory_space(&mut self) {
        self.scheduled_space = 1;
    }

    fn optional_space(&mut self) {
        if self.style != Style::Compressed
            && let Some(last) = self.buf.bytes().last()
            && (!last.is_ascii_whitespace() || self.scheduled_delimiter)
            && last != b'('
        {
            self.mandatory_space();
        }
    }

    fn special_linefeed(&mut self) {
        if self.style == Style::Compact {
            self.mandatory_linefeed();
            let s = "  ".repeat(self.indentation);
            self.string(&s);
        }
    }

    fn optional_linefeed(&mut self) {
        if self.style == Style::Compact {
            self.mandatory_space();
        } else {
            self.mandatory_linefeed();
        }
    }

    fn mandatory_linefeed(&mut self) {
        if self.style != Style::Compressed {
            self.scheduled_linefeed = 1;
            self.scheduled_space = 0;
        }
    }

    fn scope_opener(&mut self, at: Option<Pos>) {
        self.scheduled_linefeed = 0;
        self.optional_space();
        self.flush();
        self.map(at);
        self.string("{");
        self.optional_linefeed();
        self.indentation += 1;
    }

    fn scope_closer(&mut self, at: Option<Pos>) {
        self.indentation = self.indentation.saturating_sub(1);
        self.scheduled_linefeed = 0;
        if self.style == Style::Compressed {
            self.scheduled_delimiter = false;
        }
        if self.style == Style::Expanded {
            self.optional_linefeed();
            self.indent();
        } else {
            self.optional_space();
        }
        self.string("}");
        self.map(at);
        self.optional_linefeed();
        if self.indentation == 0 && self.style != Style::Compressed {
            self.scheduled_linefeed = 2;
        }
    }

    /// A comment as written (libsass keeps its lines' indentation; grass's are re-indented).
    fn comment_text(&mut self, text: &str) {
        let (span, written) = match self.comment_origin(text) {
            Some((span, written)) => (Some(span), written),
            None => (None, text),
        };
        self.in_comment = true;
        self.token(written, span);
        self.in_comment = false;
    }

    /// The next written comment that grass wrote as this text: comments come out in the order
    /// they are written, unless a mixin repeats them.
    fn comment_origin(&mut self, text: &str) -> Option<((Pos, Pos), &'a str)> {
        let origins = self.cx.origins;
        let found = (self.comment_cursor..origins.len())
            .chain(0..self.comment_cursor)
            .find(|&i| match &origins[i] {
                Origin::Comment { text: t, start, .. } => {
                    t == text || (t.contains('\n') && reindented(t, start.col) == text)
                }
                _ => false,
            })?;
        self.comment_cursor = found + 1;
        match &origins[found] {
            Origin::Comment { text, start, end } => Some(((*start, *end), text.as_str())),
            _ => None,
        }
    }

    fn node(&mut self, n: &Node) {
        match n {
            Node::Rule {
                selector,
                children,
                origin,
            } => self.rule(selector, children, *origin),
            Node::Decl {
                prop,
                value,
                origin,
            } => self.decl(prop, value, *origin),
            Node::Comment(text) => {
                let important = text.starts_with("/*!");
                if self.style == Style::Compressed && !important {
                    return;
                }
                self.indent();
                self.comment_text(text);
                if self.indentation == 0 {
                    self.mandatory_linefeed();
                } else {
                    self.optional_linefeed();
                }
            }
            Node::Import(url, _) => {
                self.indent();
                self.token("@import", None);
                self.mandatory_space();
                self.token(url, None);
                self.delimiter();
            }
            Node::AtRule {
                name,
                params,
                children,
                origin,
            } => self.at_rule(name, params, children.as_deref(), *origin),
        }
    }

    fn rule(&mut self, selector: &str, children: &[Node], origin: Option<usize>) {
        if !printable(children, self.style) {
            return;
        }
        // A rule bubbled out of `@media` has no marker of its own: its declarations say
        // which rule they were written in.
        let origin = origin.or_else(|| {
            children.iter().find_map(|c| match c {
                Node::Decl {
                    origin: Some(d), ..
                } => match self.cx.origins.get(*d) {
                    Some(Origin::Decl { rule, .. }) => *rule,
                    _ => None,
                },
                _ => None,
            })
        });
        let tabs = if self.style == Style::Nested {
            origin.map_or(0, |o| self.tabs(o))
        } else {
            0
        };
        self.indentation += tabs;
        let o = origin.and_then(|i| self.cx.origins.get(i));
        if let Some(files) = self.cx.line_comments
            && let Some(Origin::Rule { start, .. }) = o
        {
            self.indent();
            let path = files.get(start.file).map(String::as_str).unwrap_or("");
            let s = format!("/* line {}, {path} */", start.line + 1);
            self.string(&s);
            self.optional_linefeed();
        }
        let (spans, crutch, open, close) = match o {
            Some(Origin::Rule {
                start, open, close, ..
            }) => (
                self.selector_spans(origin.unwrap_or(0), selector),
                Some(*start),
                Some(*open),
                Some(*close),
            ),
            _ => (Vec::new(), None, None, None),
        };
        self.crutch = crutch;
        self.selector(selector, &spans, crutch);
        self.crutch = None;
        self.scope_opener(open);
        for c in children {
            if let Node::Decl { value, .. } = c
                && value.is_empty()
            {
                continue;
            }
            self.node(c);
        }
        self.indentation -= tabs;
        self.scope_closer(close);
    }

    /// For a rule written inside an `@media`: the rule that `@media` was written in, if any
    /// (the innermost `@media` around the rule, and the innermost of the rule's ancestors
    /// around that). A rule not inside one as written (from a mixin) counts as its parent.
    fn written_in(&self, rule: usize) -> Option<usize> {
        let origins = self.cx.origins;
        let key = |p: Pos| (p.line, p.col);
        let Some(Origin::Rule { start, parent, .. }) = origins.get(rule) else {
            return None;
        };
        let media = origins
            .iter()
            .filter_map(|o| match o {
                Origin::Media { start: a, close: b }
                    if a.file == start.file && key(*a) <= key(*start) && key(*start) < key(*b) =>
                {
                    Some(*a)
                }
                _ => None,
            })
            .max_by_key(|a| key(*a));
        let Some(media) = media else {
            return *parent;
        };
        let mut cur = *parent;
        while let Some(Origin::Rule { start, parent, .. }) = cur.and_then(|i| origins.get(i)) {
            if key(*start) < key(media) {
                return cur;
            }
            cur = *parent;
        }
        None
    }

    /// The nested style's extra indentation: libsass indents a rule once for each enclosing
    /// rule that has declarations of its own, relative to the `@media` it sits in.
    fn tabs(&self, origin: usize) -> usize {
        let count = |mut cur: Option<usize>| {
            let mut n = 0;
            while let Some(Origin::Rule { parent, .. }) = cur.and_then(|i| self.cx.origins.get(i)) {
                if let Some(p) = parent
                    && self.with_props.contains(p)
                {
                    n += 1;
                }
                cur = *parent;
            }
            n
        };
        let own: usize = count(Some(origin));
        match self.media_origin {
            // hyde's evaluator says which rule the block ran in, and whether the block
            // holds a copy of it with its declarations (which what follows nests in).
            Some(m) if self.media_evaluated && m == origin => 0,
            Some(m) if self.media_evaluated => (own + usize::from(self.media_copy))
                .saturating_sub(count(Some(m)) + usize::from(self.with_props.contains(&m))),
            Some(m) => {
                own.saturating_sub(count(Some(m)) + usize::from(self.with_props.contains(&m)))
            }
            None => own,
        }
    }

    /// The source span of each simple selector of `selector`, for the complex selectors that
    /// the written selectors (the rule's, nested in its ancestors') expand to exactly.
    fn selector_spans(&self, id: usize, selector: &str) -> Vec<Option<Vec<(Pos, Pos)>>> {
        if let Some(Origin::Rule {
            resolved: Some(resolved),
            ..
        }) = self.cx.origins.get(id)
        {
            // A selector written twice in a list is looked up twice, in order.
            let mut used = vec![false; resolved.len()];
            return split_top(selector, ',')
                .iter()
                .map(|complex| {
                    let complex = complex.trim();
                    let k = (0..resolved.len())
                        .find(|&k| !used[k] && resolved[k].0 == complex)
                        .or_else(|| resolved.iter().position(|(text, _)| text == complex))?;
                    used[k] = true;
                    Some(resolved[k].1.clone())
                })
                .collect();
        }
        let expanded = expand(self.cx.origins, id, 0).unwrap_or_default();
        split_top(selector, ',')
            .iter()
            .map(|complex| {
                let out = simple_selectors(complex);
                expanded
                    .iter()
                    .find(|w| w.len() == out.len() && w.iter().zip(&out).all(|(w, o)| w.text == *o))
                    .map(|w| w.iter().map(|w| (w.start, w.end)).collect())
            })
            .collect()
    }

    fn selector(&mut self, list: &str, spans: &[Option<Vec<(Pos, Pos)>>], crutch: Option<Pos>) {
        let complexes = split_top(list, ',');
        for (i, complex) in complexes.iter().enumerate() {
            if i == 0 && !self.in_wrapped {
                self.indent();
            }
            let spans = spans.get(i).and_then(Option::as_ref);
            let mut k = 0;
            let mut prev_comb = true;
            for (j, part) in components(complex.trim()).into_iter().enumerate() {
                let is_comb = matches!(part.as_str(), ">" | "+" | "~");
                if j > 0 {
                    if is_comb || prev_comb {
                        self.optional_space();
                    } else {
                        self.mandatory_space();
                    }
                }
                if is_comb {
                    self.string(&part);
                } else {
                    for simple in split_simple(&part) {
                        let text = if self.style == Style::Compressed {
                            compress_selector_args(&simple)
                        } else {
                            simple
                        };
                        let span = spans.and_then(|s| s.get(k)).copied();
                        let span = span.or(crutch.map(|c| (c, c)));
                        self.simple(&text, span);
                        k += 1;
                    }
                }
                prev_comb = is_comb;
            }
            if i + 1 < complexes.len() {
                self.scheduled_space = 0;
                self.comma_separator();
                // A complex selector written on a new line starts one (`hasPreLineFeed`).
                if complexes[i + 1].trim_start_matches(' ').starts_with('\n') {
                    self.optional_linefeed();
                    if self.style == Style::Nested && !self.in_wrapped {
                        self.indent();
                    }
                }
            }
        }
    }

    /// A simple selector. libsass writes a pseudo selector's colons as plain text and maps
    /// its name alone (its span starts after the colons), then its arguments as text; a
    /// pseudo selector with arguments maps from its colon to its `(`, then what is inside
    /// as a selector (or a token); an attribute selector maps its name to its `[` and its
    /// value to where the value was written.
    fn simple(&mut self, text: &str, span: Option<(Pos, Pos)>) {
        // Parts inside the selector can be found by offset when it was written as output.
        let at = span
            .filter(|(s, e)| s.line == e.line && e.col - s.col == text.chars().count())
            .map(|(s, _)| s);
        let shifted = |p: Pos, chars: usize| Pos {
            col: p.col + chars,
            ..p
        };
        if let (Some(start), true) = (at, text.starts_with('[')) {
            return self.attribute(text, start);
        }
        let colons = text.len() - text.trim_start_matches(':').len();
        if colons == 0 {
            return self.token(text, span);
        }
        let rest = &text[colons..];
        let name_len = rest.find('(').unwrap_or(rest.len());
        self.string(&text[..colons]);
        if let (Some(start), true) = (at, name_len < rest.len() && rest.ends_with(')')) {
            let name = &rest[..name_len];
            let args = &rest[name_len + 1..rest.len() - 1];
            let open = colons + name.chars().count() + 1;
            // libsass lexes `:not(` whole; other names after their colons.
            let from = if name == "not" {
                start
            } else {
                shifted(start, colons)
            };
            self.token(name, Some((from, shifted(start, open))));
            self.string("(");
            let inner = shifted(start, open);
            let base = name.trim_start_matches('-');
            if matches!(
                base,
                "not"
                    | "matches"
                    | "is"
                    | "where"
                    | "any"
                    | "current"
                    | "has"
                    | "host"
                    | "host-context"
                    | "slotted"
            ) {
                let spans: Vec<Option<Vec<(Pos, Pos)>>> = split_top(args, ',')
                    .iter()
                    .scan(0usize, |offset, part| {
                        let lead = part.len() - part.trim_start().len();
                        let here = *offset + lead;
                        *offset += part.len() + 1;
                        let before = args[..here.min(args.len())].chars().count();
                        Some(Some(
                            crate::sass::mark::simple_ranges(part.trim_start())
                                .into_iter()
                                .map(|(a, b)| {
                                    let t = part.trim_start();
                                    (
                                        shifted(inner, before + t[..a].chars().count()),
                                        shifted(inner, before + t[..b].chars().count()),
                                    )
                                })
                                .collect(),
                        ))
                    })
                    .collect();
                let was = std::mem::replace(&mut self.in_wrapped, true);
                self.selector(args, &spans, None);
                self.in_wrapped = was;
            } else {
                let end = shifted(inner, args.chars().count());
                self.token(args, Some((inner, end)));
            }
            self.string(")");
            return;
        }
        let span = span.map(|(start, _)| {
            let open = shifted(start, colons);
            (open, shifted(open, rest[..name_len].chars().count()))
        });
        self.token(&rest[..name_len], span);
        if name_len < rest.len() {
            self.string(&rest[name_len..]);
        }
    }

    /// `[name op value modifier]` written at `start`: libsass maps the name to the `[`
    /// and the value where it is.
    fn attribute(&mut self, text: &str, start: Pos) {
        let inner = &text[1..text.len() - usize::from(text.ends_with(']'))];
        let op = inner.find(['=', '~', '|', '^', '$', '*']).filter(|&i| {
            // `|` alone is a namespace, not `|=`.
            inner[i..].starts_with('=') || inner[i + 1..].starts_with('=')
        });
        let bracket = (
            start,
            Pos {
                col: start.col + 1,
                ..start
            },
        );
        self.string("[");
        self.map(Some(start));
        let Some(op_at) = op else {
            self.token(inner, Some(bracket));
            self.map(Some(bracket.1));
            self.string("]");
            return;
        };
        let name = &inner[..op_at];
        let op_len = if inner[op_at..].starts_with('=') {
            1
        } else {
            2
        };
        self.token(name, Some(bracket));
        self.string(&inner[op_at..op_at + op_len]);
        let value_all = &inner[op_at + op_len..];
        // A modifier (` i`) follows the value after a space.
        let (value, modifier) = match value_all.rsplit_once(' ') {
            Some((v, m)) if !v.ends_with(['"', '\'']) || m.len() == 1 => (v, Some(m)),
            _ => (value_all, None),
        };
        let from = 1 + op_at + op_len;
        let vstart = Pos {
            col: start.col + text[..from].chars().count(),
            ..start
        };
        let vend = Pos {
            col: vstart.col + value.chars().count(),
            ..start
        };
        // An unquoted value is made where the `[` is.
        let quoted = value.starts_with(['"', '\'']);
        self.token(value, Some(if quoted { (vstart, vend) } else { bracket }));
        self.map(Some(bracket.1));
        if let Some(m) = modifier {
            self.mandatory_space();
            self.string(m);
        }
        self.string("]");
    }

    fn decl(&mut self, prop: &str, value: &str, origin: Option<usize>) {
        let o = origin.and_then(|i| self.cx.origins.get(i));
        let (pspan, vspan, static_text, variable, marks) = match o {
            Some(Origin::Decl {
                prop,
                value,
                static_text,
                variable,
                marks,
                ..
            }) => (
                Some(*prop),
                Some(*value),
                static_text.as_deref(),
                variable,
                marks.as_deref(),
            ),
            _ => (None, None, None, &None, None),
        };
        self.indent();
        self.token(prop, pspan);
        self.scheduled_space = 0;
        self.string(":");
        let custom = prop.starts_with("--");
        if !custom {
            self.optional_space();
        }
        if let Some(marks) = marks {
            // hyde's evaluator says where each token of the value was made.
            let mut at = 0;
            for &(start, end, span) in marks {
                if start < at || end > value.len() {
                    continue;
                }
                if start > at {
                    self.string(&value[at..start]);
                }
                self.token(&value[start..end], Some(span));
                at = end;
            }
            if at < value.len() {
                self.string(&value[at..]);
            }
            self.delimiter();
            return;
        }
        // A value that is one variable maps to where the variable was set, as in libsass.
        let vspan = variable
            .as_ref()
            .and_then(|v| self.variable_span(v, origin.unwrap_or(0)))
            .or(vspan);
        let composed;
        let value = match static_text {
            // A custom property written with interpolation: grass's value, with the spaces
            // written around it.
            Some(raw) if custom && raw.contains("#{") => {
                let lead = &raw[..raw.len() - raw.trim_start().len()];
                let trail = &raw[raw.trim_end().len()..];
                composed = format!("{lead}{value}{trail}");
                composed.as_str()
            }
            Some(raw) => raw,
            None => value,
        };
        self.token(value, vspan);
        self.delimiter();
    }

    fn variable_span(&self, name: &str, before: usize) -> Option<(Pos, Pos)> {
        self.cx.origins[..before.min(self.cx.origins.len())]
            .iter()
            .rev()
            .find_map(|o| match o {
                Origin::Variable { name: n, value } if n == name => Some(*value),
                _ => None,
            })
    }

    fn at_rule(
        &mut self,
        name: &str,
        params: &str,
        children: Option<&[Node]>,
        origin: Option<usize>,
    ) {
        match (name, children) {
            ("@media", Some(body)) => {
                if !media_printable(body, self.style) {
                    return;
                }
                let saved = (self.media_origin, self.media_evaluated, self.media_copy);
                let mut tabs = 0;
                let evaluated = match origin.and_then(|o| self.cx.origins.get(o)) {
                    Some(Origin::Block { rule, .. }) => Some(*rule),
                    _ => None,
                };
                if self.style == Style::Nested
                    && let Some(m) = evaluated
                {
                    // hyde's evaluator says which rule the block was written in.
                    tabs = m.map_or(0, |m| {
                        self.tabs(m) + usize::from(self.with_props.contains(&m))
                    });
                    self.media_origin = m;
                    self.media_evaluated = true;
                    self.media_copy = m.is_some()
                        && body
                            .iter()
                            .any(|c| matches!(c, Node::Rule { origin, .. } if *origin == m));
                } else if self.style == Style::Nested {
                    // libsass indents an `@media` as the rule it was written in.
                    let m = body
                        .iter()
                        .find_map(|c| rule_origin(c, self.cx.origins))
                        .and_then(|m| {
                            let own = body.iter().any(
                                |c| matches!(c, Node::Rule { origin: Some(o), .. } if *o == m),
                            );
                            if own { self.written_in(m) } else { Some(m) }
                        });
                    tabs = m.map_or(0, |m| {
                        self.tabs(m) + usize::from(self.with_props.contains(&m))
                    });
                    self.media_origin = m;
                }
                self.indentation += tabs;
                self.indent();
                let (keyword, open, close) = match origin.and_then(|o| self.cx.origins.get(o)) {
                    Some(Origin::Block {
                        keyword,
                        open,
                        close,
                        ..
                    }) => (Some(*keyword), *open, *close),
                    _ => (None, None, None),
                };
                self.token("@media", keyword);
                self.mandatory_space();
                let queries = split_top(params, ',');
                for (i, q) in queries.iter().enumerate() {
                    if i > 0 {
                        self.comma_separator();
                        self.optional_space();
                    }
                    self.string(q.trim());
                }
                // libsass maps the block before the space ahead of its `{`.
                self.map(open);
                self.scope_opener(None);
                for c in body {
                    self.node(c);
                }
                // Unlike a rule's, an `@media`'s tabs stay for its closing brace (libsass's
                // `Inspect` drops them after the block), so no blank line follows it.
                self.scope_closer(None);
                self.map(close);
                self.indentation -= tabs;
                (self.media_origin, self.media_evaluated, self.media_copy) = saved;
            }
            ("@supports", Some(body)) => {
                if !media_printable(body, self.style) {
                    return;
                }
                self.indent();
                let (keyword, at) = match origin.and_then(|o| self.cx.origins.get(o)) {
                    Some(Origin::Block {
                        keyword, params, ..
                    }) => (Some(*keyword), *params),
                    _ => (None, None),
                };
                self.token("@supports", keyword);
                self.mandatory_space();
                match at {
                    Some(at) => self.supports_condition(params, at, keyword),
                    None => self.string(params),
                }
                self.block_with_special_linefeeds(body, true);
            }
            (_, body) => {
                self.indent();
                // libsass maps the keyword, and the value to the keyword too.
                let keyword = match origin.and_then(|o| self.cx.origins.get(o)) {
                    Some(Origin::Block { keyword, .. }) => Some(*keyword),
                    _ => None,
                };
                self.token(name, keyword);
                if !params.is_empty() {
                    self.mandatory_space();
                    self.token(params, keyword);
                }
                let Some(body) = body else {
                    self.delimiter();
                    return;
                };
                if body.is_empty() {
                    self.optional_space();
                    self.string("{}");
                    return;
                }
                let keyframes = name.ends_with("keyframes");
                if keyframes {
                    self.scope_opener(None);
                    for (i, c) in body.iter().enumerate() {
                        if let Node::Rule {
                            selector,
                            children,
                            origin,
                        } = c
                        {
                            self.keyframe(selector, children, *origin);
                        } else {
                            self.node(c);
                        }
                        if i + 1 < body.len() {
                            self.special_linefeed();
                        }
                    }
                    self.scope_closer(None);
                } else {
                    self.block_with_special_linefeeds(body, name != "@font-face");
                }
            }
        }
    }

    /// An `@supports` condition written at `at` as the output has it: libsass maps each
    /// `(name: value)`'s name and value; `and`/`or` to where its condition ends (the rule's
    /// own span), `not` to the `)` that closes what it negates; the rest is text.
    fn supports_condition(&mut self, text: &str, at: Pos, rule: Option<(Pos, Pos)>) {
        let shifted = |chars: usize| Pos {
            col: at.col + chars,
            ..at
        };
        let chars = |b: usize| text[..b].chars().count();
        let span = |a: usize, b: usize| Some((shifted(chars(a)), shifted(chars(b))));
        let word_at = |i: usize, w: &str| {
            text[i..].starts_with(w)
                && (i == 0 || !text.as_bytes()[i - 1].is_ascii_alphanumeric())
                && !text
                    .as_bytes()
                    .get(i + w.len())
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-')
        };
        let mut rest = 0;
        let mut i = 0;
        while i < text.len() {
            if !text.is_char_boundary(i) {
                i += 1;
                continue;
            }
            if word_at(i, "and") || word_at(i, "or") {
                let w = if text[i..].starts_with("and") { 3 } else { 2 };
                self.string(&text[rest..i]);
                self.token(&text[i..i + w], rule);
                i += w;
                rest = i;
                continue;
            }
            if word_at(i, "not") {
                // The `)` closing the first declaration after it.
                let close = text[i..].find(')').map(|k| i + k);
                self.string(&text[rest..i]);
                self.token("not", close.and_then(|c| span(c, c + 1)));
                i += 3;
                rest = i;
                continue;
            }
            if text.as_bytes()[i] == b'('
                && let Some((name, value)) = text[i + 1..]
                    .split_once(": ")
                    .and_then(|(n, v)| Some((n, &v[..v.find(')')?])))
                && !name.contains(['(', ')'])
                && !value.contains('(')
            {
                let name_at = i + 1;
                let value_at = name_at + name.len() + 2;
                self.string(&text[rest..name_at]);
                self.token(name, span(name_at, name_at + name.len()));
                self.string(": ");
                self.token(value, span(value_at, value_at + value.len()));
                i = value_at + value.len();
                rest = i;
                continue;
            }
            i += 1;
        }
        self.string(&text[rest..]);
    }

    fn block_with_special_linefeeds(&mut self, body: &[Node], format: bool) {
        self.scope_opener(None);
        for (i, c) in body.iter().enumerate() {
            self.node(c);
            if format && i + 1 < body.len() {
                self.special_linefeed();
            }
        }
        self.scope_closer(None);
    }

    fn keyframe(&mut self, selector: &str, children: &[Node], origin: Option<usize>) {
        self.indent();
        let sel = if self.style == Style::Compressed {
            selector.replace(", ", ",")
        } else {
            selector.to_string()
        };
        // A keyframe selector written alone maps to where it was written.
        let span = match origin.and_then(|o| self.cx.origins.get(o)) {
            Some(Origin::Rule {
                resolved: Some(r), ..
            }) if r.len() == 1 && r[0].1.len() == 1 => Some(r[0].1[0]),
            _ => None,
        };
        self.token(&sel, span);
        self.scope_opener(None);
        for (i, c) in children.iter().enumerate() {
            self.node(c);
            if i + 1 < children.len() {
                self.special_linefeed();
            }
        }
        self.scope_closer(None);
    }
}

/// The origin of a rule: its marker, else the rule its first declaration was written in.
fn rule_origin(node: &Node, origins: &[Origin]) -> Option<usize> {
    let Node::Rule {
        origin, children, ..
    } = node
    else {
        return None;
    };
    origin.or_else(|| {
        children.iter().find_map(|c| match c {
            Node::Decl {
                origin: Some(d), ..
            } => match origins.get(*d) {
                Some(Origin::Decl { rule, .. }) => *rule,
                _ => None,
            },
            _ => None,
        })
    })
}

/// Origins of the rules that have declarations.
fn collect_props(nodes: &[Node], origins: &[Origin], out: &mut std::collections::HashSet<usize>) {
    collect_props_in(nodes, origins, None, out);
}

/// [`collect_props`] in a block; `copy`: the rule whose declarations hyde's evaluator put
/// in that `@media` block (a copy, which says nothing of the rule itself).
fn collect_props_in(
    nodes: &[Node],
    origins: &[Origin],
    copy: Option<usize>,
    out: &mut std::collections::HashSet<usize>,
) {
    for n in nodes {
        match n {
            Node::Rule {
                origin: Some(o),
                children,
                ..
            } if Some(*o) != copy && children.iter().any(|c| matches!(c, Node::Decl { .. })) => {
                out.insert(*o);
            }
            Node::AtRule {
                children: Some(c),
                origin,
                ..
            } => {
                let copy = match origin.and_then(|o| origins.get(o)) {
                    Some(Origin::Block { rule, .. }) => *rule,
                    _ => None,
                };
                collect_props_in(c, origins, copy, out);
            }
            _ => {}
        }
    }
}

/// libsass's `isPrintable` for a style rule: decided by its first declaration, else any
/// comment (kept unless compressed, where only `/*!` ones are).
fn printable(children: &[Node], style: Style) -> bool {
    for c in children {
        match c {
            Node::Decl { value, .. } => return !value.is_empty(),
            Node::Comment(t) if style != Style::Compressed || t.starts_with("/*!") => {
                return true;
            }
            Node::AtRule { .. } => return true,
            _ => {}
        }
    }
    false
}

fn media_printable(body: &[Node], style: Style) -> bool {
    body.iter().any(|c| match c {
        Node::Rule { children, .. } => printable(children, style),
        Node::Comment(t) => style != Style::Compressed || t.starts_with("/*!"),
        Node::AtRule { children, .. } => children
            .as_deref()
            .is_none_or(|b| media_printable(b, style)),
        _ => true,
    })
}

/// A comment written at column `col` as grass writes it: each line after the first loses up
/// to `col` characters of indentation, and the rest of its indentation becomes spaces.
fn reindented(text: &str, col: usize) -> String {
    let mut lines = text.lines();
    let mut out = lines.next().unwrap_or("").trim_start().to_string();
    for line in lines {
        let body = line.trim_start();
        out.push('\n');
        out.push_str(&" ".repeat((line.len() - body.len()).saturating_sub(col)));
        out.push_str(body);
    }
    out
}

/// libsass's `comment_to_compact_string`: a multi-line comment on one line.
fn comment_to_compact(text: &str) -> String {
    let mut out = String::new();
    let mut has = 0;
    let mut prev = '\0';
    let mut clean = false;
    for c in text.chars() {
        if clean {
            match c {
                '\n' => has = 0,
                '\t' | ' ' => has += 1,
                '*' => {}
                _ => {
                    clean = false;
                    out.push(' ');
                    if prev == '*' && c == '/' {
                        out.push_str("*/");
                    } else {
                        out.push(c);
                    }
                }
            }
        } else if c == '\n' {
            clean = true;
        } else {
            out.push(c);
        }
        prev = c;
    }
    if has > 0 { out } else { text.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_reindented_as_grass_does() {
        let written = "/*\n   a : 1;\n     b : 2;\n\t\tc\n   */";
        assert_eq!(reindented(written, 3), "/*\na : 1;\n  b : 2;\nc\n*/");
    }

    #[test]
    fn compact_comments_fold() {
        assert_eq!(comment_to_compact("/* a\n   b */"), "/* a b */");
    }
}
