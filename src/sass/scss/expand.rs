//! Statements run as libsass 3.6's `Expand` runs them: variables in libsass's scopes (a
//! block's own, control-flow blocks seeing through to the global one), nested rules flattened
//! after their parent, `@media` bubbled out of rules, mixins with content blocks, functions,
//! `@import` of partials; the result is the CSS tree `emit` writes.
//!
//! Not yet: `@extend` of compound targets, `@at-root`'s queries, `@supports` bubbling, the built-in functions
//! beyond `functions`' first set, and positions for source maps.

use super::ast::*;
use super::eval::{self, Context, EvalResult};
use super::value::Value;
use crate::fast_hash::FastMap;
use crate::sass::Style;
use crate::sass::css::Node;
use crate::sass::mark::{Origin, Pos, Range};
use std::borrow::Cow;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// How the compiler sees files: whether one exists, and its text. The build's loader
/// records each look for its cache (`super::super::cache`).
pub trait Load: Send {
    /// Whether `path` is a file.
    fn is_file(&self, path: &Path) -> bool;
    /// The text of `path`.
    fn read(&self, path: &Path) -> Option<String>;
}

/// Files straight from disk.
pub struct Disk;

impl Load for Disk {
    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn read(&self, path: &Path) -> Option<String> {
        std::fs::read_to_string(path).ok()
    }
}

/// A scope: its variables, mixins and functions, and the scope it sits in.
struct Frame {
    vars: RefCell<FastMap<String, Value>>,
    mixins: RefCell<FastMap<String, Closure>>,
    functions: RefCell<FastMap<String, Closure>>,
    parent: Option<Rc<Frame>>,
    /// A control-flow block's scope: assignments see through it to outer scopes, the
    /// global one included (libsass's shadow environments).
    shadow: bool,
}

impl Frame {
    fn new(parent: Option<Rc<Frame>>, shadow: bool) -> Rc<Frame> {
        Rc::new(Frame {
            vars: RefCell::default(),
            mixins: RefCell::default(),
            functions: RefCell::default(),
            parent,
            shadow,
        })
    }

    /// libsass's `is_lexical`: neither the global scope nor the one above it.
    fn lexical(&self) -> bool {
        self.parent.as_ref().is_some_and(|p| p.parent.is_some())
    }
}

/// A mixin or function with the scope it was defined in.
#[derive(Clone)]
struct Closure {
    def: Rc<Callable>,
    frame: Rc<Frame>,
}

/// Sass treats `-` and `_` in names as one.
fn key(name: &str) -> Cow<'_, str> {
    if name.contains('_') {
        Cow::Owned(name.replace('_', "-"))
    } else {
        Cow::Borrowed(name)
    }
}

/// A compilation: the output style, where imports are looked for, and the state of the run.
pub struct Compiler {
    style: Style,
    load_paths: Vec<PathBuf>,
    /// Every file read, by index (spans point here); the stylesheet itself first.
    pub files: Vec<(PathBuf, String)>,
    frame: Rc<Frame>,
    global: Rc<Frame>,
    /// The selector list of each enclosing rule, resolved; innermost last.
    selectors: Vec<Vec<String>>,
    /// The content block of each mixin call being expanded, with its caller's scope.
    content: Vec<Option<(Rc<Callable>, Rc<Frame>)>>,
    /// The queries of enclosing `@media` blocks.
    media: Vec<String>,
    /// A function's `@return` value, once reached.
    returned: Option<Value>,
    /// Plain CSS imports, which libsass puts first.
    imports: Vec<Node>,
    /// The folder of each file being run, innermost last (relative imports start there).
    dirs: Vec<PathBuf>,
    /// What `@warn` and `@debug` said.
    pub messages: Vec<String>,
    /// The `@extend`s met, applied once the tree is complete.
    extensions: Vec<super::extend::Extension>,
    /// Mixin and function calls in progress.
    depth: usize,
    loader: Box<dyn Load>,
    /// Where each rule, declaration and comment of the output comes from (source maps,
    /// line comments); kept only when `positions` is on.
    pub origins: Vec<Origin>,
    positions: bool,
    /// Each file's line starts, for positions.
    lines: Vec<Vec<usize>>,
    /// Whether each file is ASCII (its columns are byte offsets).
    ascii: Vec<bool>,
    /// The origin of each enclosing rule, innermost last (alongside `selectors`).
    rule_origins: Vec<Option<usize>>,
    /// Where libsass's positions go astray, per file.
    skews: Vec<Vec<Skew>>,
}

/// Whether builds leave hyde's evaluator out (tests compare it with the grass path).
#[cfg(test)]
pub fn off() -> bool {
    OFF.with(|o| o.get())
}

#[cfg(not(test))]
pub fn off() -> bool {
    false
}

#[cfg(test)]
thread_local! {
    /// Set by tests to compile with grass.
    pub static OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// How deep calls may nest (libsass's limit).
const MAX_DEPTH: usize = 512;

/// libsass's error past `MAX_DEPTH`.
pub const TOO_DEEP: &str = "Stack depth exceeded max of 512";

/// Runs `f` (a compilation) on a thread with a stack deep enough for `MAX_DEPTH` nested
/// calls in any build profile (only the pages it touches are committed); `None` if the
/// thread could not start or `f` panicked.
pub fn with_deep_stack<T: Send>(f: impl FnOnce() -> T + Send) -> Option<T> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("sass".into())
            .stack_size(512 << 20)
            .spawn_scoped(scope, f)
            .ok()
            .and_then(|h| h.join().ok())
    })
}

/// A compile error: libsass's message.
pub type Error = String;

impl Compiler {
    /// A compiler for `style`, looking for imports in `load_paths` after the importing
    /// file's folder.
    pub fn new(style: Style, load_paths: Vec<PathBuf>) -> Compiler {
        let root = Frame::new(None, false);
        let global = Frame::new(Some(root), false);
        Compiler {
            style,
            load_paths,
            files: Vec::new(),
            frame: global.clone(),
            global,
            selectors: Vec::new(),
            content: Vec::new(),
            media: Vec::new(),
            returned: None,
            imports: Vec::new(),
            dirs: Vec::new(),
            messages: Vec::new(),
            extensions: Vec::new(),
            depth: 0,
            loader: Box::new(Disk),
            origins: Vec::new(),
            positions: false,
            lines: Vec::new(),
            ascii: Vec::new(),
            rule_origins: Vec::new(),
            skews: Vec::new(),
        }
    }

    /// The compiler keeping where output comes from (`origins`).
    pub fn with_positions(mut self) -> Compiler {
        self.positions = true;
        self
    }

    fn add_file(&mut self, path: PathBuf, text: String, skews: Vec<Skew>) {
        if self.positions {
            self.skews.push(skews);
            let mut starts = vec![0];
            starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
            self.lines.push(starts);
            self.ascii.push(text.is_ascii());
        }
        self.files.push((path, text));
    }

    /// A byte offset of a file as a source-map position (0-based line, column in
    /// characters).
    fn pos(&self, file: u32, byte: u32) -> Pos {
        let p = self.true_pos(file, byte);
        match self.skews.get(file as usize) {
            Some(skews) if !skews.is_empty() => {
                let (line, col) = skewed(skews, byte, (p.line, p.col));
                Pos { line, col, ..p }
            }
            _ => p,
        }
    }

    fn true_pos(&self, file: u32, byte: u32) -> Pos {
        let (file, byte) = (file as usize, byte as usize);
        let Some((starts, (_, text))) = self.lines.get(file).zip(self.files.get(file)) else {
            return Pos::default();
        };
        let line = starts.partition_point(|&s| s <= byte).saturating_sub(1);
        let from = starts[line].min(text.len());
        let to = byte.clamp(from, text.len());
        // Columns count characters; in an ASCII file (most) bytes are characters, which
        // keeps a long one-line file from costing its length for every position.
        let col = if self.ascii.get(file).copied().unwrap_or(false) {
            to - from
        } else {
            text.get(from..to).map_or(to - from, |t| t.chars().count())
        };
        Pos { file, line, col }
    }

    fn span_pos(&self, span: Span) -> (Pos, Pos) {
        (
            self.pos(span.file, span.start),
            self.pos(span.file, span.end),
        )
    }

    /// The next byte at or after `from` in `file` that is `b` (a block's `{`).
    fn find_byte(&self, file: u32, from: u32, b: u8) -> u32 {
        let text = self.files.get(file as usize).map_or("", |f| f.1.as_str());
        let from = (from as usize).min(text.len());
        text.as_bytes()[from..]
            .iter()
            .position(|&c| c == b)
            .map_or(from, |k| from + k) as u32
    }

    /// The compiler reading files through `loader`.
    pub fn with_loader(mut self, loader: Box<dyn Load>) -> Compiler {
        self.loader = loader;
        self
    }

    /// Compiles `text` (the file `path`) into the CSS tree.
    pub fn compile(&mut self, text: &str, path: &Path) -> Result<Vec<Node>, Error> {
        let (body, skews) = super::parse::parse_file(text, 0).map_err(|e| e.message)?;
        self.add_file(path.to_path_buf(), text.to_string(), skews);
        self.dirs
            .push(path.parent().map(Path::to_path_buf).unwrap_or_default());
        let mut out = Vec::new();
        let mut children = Vec::new();
        self.block(&body, &mut children, &mut out)?;
        out.splice(0..0, children);
        super::extend::apply(&mut out, &self.extensions, &mut self.origins)?;
        let mut all = std::mem::take(&mut self.imports);
        all.extend(out);
        Ok(all)
    }

    // ----- statements -------------------------------------------------------------------

    /// Runs `body`: declarations and comments go to `children` (the enclosing rule's, or
    /// the root), rules and bubbled blocks to `after`.
    fn block(
        &mut self,
        body: &[Stmt],
        children: &mut Vec<Node>,
        after: &mut Vec<Node>,
    ) -> Result<(), Error> {
        for stmt in body {
            if self.returned.is_some() {
                return Ok(());
            }
            self.stmt(stmt, children, after)?;
        }
        Ok(())
    }

    fn stmt(
        &mut self,
        stmt: &Stmt,
        children: &mut Vec<Node>,
        after: &mut Vec<Node>,
    ) -> Result<(), Error> {
        match stmt {
            Stmt::Rule {
                selector,
                body,
                span,
            } => {
                let text = self.interpolate(selector)?;
                let resolved = resolve(self.selectors.last(), &text);
                let origin = self.rule_origin(selector, *span, &text, &resolved, true);
                self.rule(resolved, origin, body, after)?;
            }
            Stmt::Decl {
                name,
                value,
                body,
                custom,
                ..
            } => {
                let prop = self.interpolate(name)?;
                self.declaration(&prop, name.span, value.as_ref(), *custom, children)?;
                if !body.is_empty() {
                    self.properties(&prop, body, children)?;
                }
            }
            Stmt::Var {
                name,
                value,
                default,
                global,
                ..
            } => self.assign(name, value, *default, *global)?,
            Stmt::Import { imports, span } => {
                for imp in imports {
                    match imp {
                        Import::Sass(url, _) => self.import(url, children, after)?,
                        Import::Css(text, _) => {
                            let mut t = self.interpolate(text)?;
                            // A lone quoted URL is libsass's own import node: a local
                            // `.css` one written as `url(...)`, and either mapped to the
                            // `@import` keyword.
                            let lone = (!text.interpolated())
                                .then(|| lone_quoted(&t))
                                .flatten()
                                .map(str::to_string);
                            if let Some(url) = &lone
                                && !["http://", "https://", "//"]
                                    .iter()
                                    .any(|p| url.starts_with(p))
                            {
                                t = format!("url({url})");
                            }
                            let origin = self.positions.then(|| {
                                let (f, v) = (span.file, text.span.start);
                                let keyword =
                                    (self.pos(f, span.start), self.pos(f, span.start + 7));
                                let len = if t.starts_with("url(") {
                                    4
                                } else {
                                    t.len() as u32
                                };
                                let value = if lone.is_some() {
                                    keyword
                                } else {
                                    (self.pos(f, v), self.pos(f, v + len))
                                };
                                self.origins.push(Origin::Import { keyword, value });
                                self.origins.len() - 1
                            });
                            self.imports.push(Node::Import(t, origin));
                        }
                    }
                }
            }
            Stmt::Mixin(def) => {
                self.frame.mixins.borrow_mut().insert(
                    key(&def.name).into_owned(),
                    Closure {
                        def: def.clone(),
                        frame: self.frame.clone(),
                    },
                );
            }
            Stmt::Function(def) => {
                self.frame.functions.borrow_mut().insert(
                    key(&def.name).into_owned(),
                    Closure {
                        def: def.clone(),
                        frame: self.frame.clone(),
                    },
                );
            }
            Stmt::Return(value, _) => {
                let v = eval::eval(value, self, true)?;
                self.returned = Some(v);
            }
            Stmt::Include {
                name,
                args,
                content,
                ..
            } => {
                if content
                    .as_ref()
                    .is_some_and(|c| !c.params.params.is_empty() || c.params.rest.is_some())
                {
                    return Err("@include … using is not in hyde's Sass evaluator yet".into());
                }
                self.enter()?;
                let mixin = self
                    .lookup(|f| f.mixins.borrow().get(&*key(name)).cloned())
                    .ok_or_else(|| format!("no mixin named {name}"))?;
                let frame = self.bind(&mixin, args, "Mixin")?;
                let caller = self.frame.clone();
                let saved = std::mem::replace(&mut self.frame, frame);
                self.content
                    .push(content.as_ref().map(|c| (c.clone(), caller.clone())));
                let r = self.block(&mixin.def.body, children, after);
                self.content.pop();
                self.frame = saved;
                self.depth -= 1;
                r.map_err(|e| format!("{e}\n  in @include {name}"))?;
            }
            Stmt::Content(args, _) if !args.positional.is_empty() || !args.named.is_empty() => {
                return Err("@content with arguments is not in hyde's Sass evaluator yet".into());
            }
            Stmt::Content(_, _) => {
                if let Some(Some((body, frame))) = self.content.last().cloned() {
                    let inner = Frame::new(Some(frame), false);
                    let saved = std::mem::replace(&mut self.frame, inner);
                    // The content's own `@content` is the caller's.
                    let mine = self.content.pop();
                    let r = self.block(&body.body, children, after);
                    self.content.extend(mine);
                    self.frame = saved;
                    r?;
                }
            }
            Stmt::If {
                clauses, otherwise, ..
            } => {
                let mut chosen = otherwise.as_deref();
                for (cond, body) in clauses {
                    if eval::eval(cond, self, true)?.truthy() {
                        chosen = Some(body);
                        break;
                    }
                }
                if let Some(body) = chosen {
                    self.shadowed(|c| c.block(body, children, after))?;
                }
            }
            Stmt::Each {
                vars, list, body, ..
            } => {
                let list = eval::eval(list, self, true)?;
                for item in items_of(&list) {
                    self.shadowed(|c| {
                        match (&item, vars.len()) {
                            (Value::List { items, .. }, n) if n > 1 => {
                                for (k, v) in vars.iter().enumerate() {
                                    c.set_local(v, items.get(k).cloned().unwrap_or(Value::Null));
                                }
                            }
                            _ => {
                                c.set_local(&vars[0], item.clone());
                                for v in &vars[1..] {
                                    c.set_local(v, Value::Null);
                                }
                            }
                        }
                        c.block(body, children, after)
                    })?;
                    if self.returned.is_some() {
                        break;
                    }
                }
            }
            Stmt::For {
                var,
                from,
                to,
                inclusive,
                body,
                ..
            } => {
                let (Value::Number(a), Value::Number(b)) =
                    (eval::eval(from, self, true)?, eval::eval(to, self, true)?)
                else {
                    return Err("@for bounds must be numbers".into());
                };
                let (start, end) = (a.value as i64, b.value as i64);
                let step = if start <= end { 1 } else { -1 };
                let stop = if *inclusive { end + step } else { end };
                let mut i = start;
                while i != stop {
                    let mut n = a.clone();
                    n.value = i as f64;
                    self.shadowed(|c| {
                        c.set_local(var, Value::Number(n));
                        c.block(body, children, after)
                    })?;
                    if self.returned.is_some() {
                        break;
                    }
                    i += step;
                }
            }
            Stmt::While { cond, body, .. } => {
                while eval::eval(cond, self, true)?.truthy() {
                    self.shadowed(|c| c.block(body, children, after))?;
                    if self.returned.is_some() {
                        break;
                    }
                }
            }
            Stmt::Media { query, body, span } => {
                let q = self.interpolate(query)?;
                let merged = match self.media.last() {
                    Some(outer) => crate::sass::media::merge_lists(outer, &q),
                    None => q,
                };
                // Queries that cannot hold together leave nothing to write.
                let dropped = merged.is_empty();
                self.media.push(merged.clone());
                let mut inner = Vec::new();
                let mut nested = Vec::new();
                let r = self.block(body, &mut inner, &mut nested);
                self.media.pop();
                r?;
                let origin = self.media_origin(*span, body, &inner, &nested);
                let mut content = Vec::new();
                if let Some(sel) = self.selectors.last() {
                    // In a rule, its declarations stay together, first.
                    if !inner.is_empty() {
                        content.push(Node::Rule {
                            selector: join_list(sel),
                            children: inner,
                            origin: self.rule_origins.last().copied().flatten(),
                        });
                    }
                } else {
                    content.extend(inner);
                }
                // A media block nested in this one splits it: what came before, the inner
                // block (merged), then the rest in a block of its own.
                let flush = |content: &mut Vec<Node>, after: &mut Vec<Node>| {
                    if !content.is_empty() && !dropped {
                        after.push(Node::AtRule {
                            name: "@media".into(),
                            params: merged.clone(),
                            children: Some(std::mem::take(content)),
                            origin,
                        });
                    }
                    content.clear();
                };
                for n in nested {
                    if matches!(&n, Node::AtRule { name, .. } if name == "@media") {
                        flush(&mut content, after);
                        after.push(n);
                    } else {
                        content.push(n);
                    }
                }
                flush(&mut content, after);
            }
            Stmt::AtRoot {
                query: None, body, ..
            } if matches!(body.as_slice(), [Stmt::Rule { .. }]) => {
                // `@at-root .a #{&} .b { … }`: the selector sees the enclosing rule's `&`.
                let [
                    Stmt::Rule {
                        selector,
                        body,
                        span,
                    },
                ] = body.as_slice()
                else {
                    return Ok(());
                };
                let text = self.interpolate(selector)?;
                // Only an explicit `&` brings the enclosing rule's selector in.
                let resolved = resolve_explicit(self.selectors.last(), &text);
                let origin = self.rule_origin(selector, *span, &text, &resolved, false);
                let saved = std::mem::take(&mut self.selectors);
                let saved_origins = std::mem::take(&mut self.rule_origins);
                let r = self.rule(resolved, origin, body, after);
                self.selectors = saved;
                self.rule_origins = saved_origins;
                r?;
            }
            Stmt::AtRoot { query: Some(_), .. } => {
                return Err("@at-root with a query is not in hyde's Sass evaluator yet".into());
            }
            Stmt::AtRoot { body, .. } => {
                let saved = std::mem::take(&mut self.selectors);
                let mut inner = Vec::new();
                let r = self.block(body, &mut inner, after);
                self.selectors = saved;
                r?;
                after.extend(inner);
            }
            Stmt::Extend {
                selector, optional, ..
            } => {
                let target = self.interpolate(selector)?;
                let target = target.trim().to_string();
                if crate::sass::selector::split_simple(&target).len() != 1 || target.contains(' ') {
                    return Err(format!(
                        "hyde's Sass evaluator extends simple selectors only, not \"{target}\""
                    ));
                }
                // Kept with their line-break marks, which their extensions take.
                let extenders = self
                    .selectors
                    .last()
                    .cloned()
                    .ok_or("Extend directives may only be used within rules.")?;
                let known = self.resolved_of(self.rule_origins.last().copied().flatten());
                let extender_spans = extenders
                    .iter()
                    .map(|e| {
                        known
                            .iter()
                            .find(|(t, _)| t == bare(e))
                            .map(|(_, s)| s.clone())
                    })
                    .collect();
                self.extensions.push(super::extend::Extension {
                    target,
                    extenders,
                    extender_spans,
                    media: self.media.last().cloned(),
                    optional: *optional,
                });
            }
            Stmt::Message { kind, value, .. } => {
                let v = eval::eval(value, self, true)?;
                let text = match &v {
                    Value::Str { text, .. } => text.clone(),
                    other => other.inspect(),
                };
                match kind {
                    MessageKind::Error => return Err(text),
                    MessageKind::Warn => self.messages.push(format!("WARNING: {text}")),
                    MessageKind::Debug => self.messages.push(format!("DEBUG: {text}")),
                }
            }
            Stmt::AtRule {
                name,
                params,
                body,
                span,
            } => {
                if name.eq_ignore_ascii_case("charset") {
                    return Ok(());
                }
                if matches!(name.as_str(), "use" | "forward") {
                    // The module system is dart-sass's (libsass fails on it); grass has it.
                    return Err(format!("@{name} is not in hyde's Sass evaluator"));
                }
                let written = params.span;
                let params = self.interpolate(params)?;
                let origin = self.positions.then(|| {
                    let f = span.file;
                    let mut keyword = (
                        self.pos(f, span.start),
                        self.pos(f, span.start + 1 + name.len() as u32),
                    );
                    let mut at = None;
                    if name == "supports" && body.is_some() {
                        // libsass's `@supports` is made where the space before its `{` is,
                        // and its condition's parts where they were written.
                        let open = self.find_byte(f, written.end, b'{');
                        let source = self
                            .files
                            .get(f as usize)
                            .and_then(|(_, t)| t.get(written.start as usize..written.end as usize));
                        let end = written.start + source.map_or(0, |s| s.trim_end().len()) as u32;
                        keyword = (self.pos(f, end.min(open)), self.pos(f, open));
                        if source.map(str::trim_end) == Some(params.as_str()) {
                            at = Some(self.pos(f, written.start));
                        }
                    }
                    self.origins.push(Origin::Block {
                        keyword,
                        open: None,
                        close: None,
                        rule: self.rule_origins.last().copied().flatten(),
                        params: at,
                    });
                    self.origins.len() - 1
                });
                let Some(body) = body else {
                    after.push(Node::AtRule {
                        name: format!("@{name}"),
                        params,
                        children: None,
                        origin,
                    });
                    return Ok(());
                };
                let keyframes = name.ends_with("keyframes");
                let saved = if keyframes {
                    std::mem::take(&mut self.selectors)
                } else {
                    Vec::new()
                };
                let mut inner = Vec::new();
                let mut nested = Vec::new();
                let r = self.block(body, &mut inner, &mut nested);
                if keyframes {
                    self.selectors = saved;
                }
                r?;
                let mut content = Vec::new();
                match self.selectors.last() {
                    Some(sel) if !keyframes && !inner.is_empty() && name != "font-face" => content
                        .push(Node::Rule {
                            selector: join_list(sel),
                            children: inner,
                            origin: self.rule_origins.last().copied().flatten(),
                        }),
                    _ => content.extend(inner),
                }
                content.extend(nested);
                after.push(Node::AtRule {
                    name: format!("@{name}"),
                    params,
                    children: Some(content),
                    origin,
                });
            }
            Stmt::Comment(text) => {
                let t = self.interpolate(text)?;
                if self.style != Style::Compressed || t.starts_with("/*!") {
                    if self.positions {
                        let (start, end) = self.span_pos(text.span);
                        self.origins.push(Origin::Comment {
                            text: t.clone(),
                            start,
                            end,
                        });
                    }
                    // Outside rules a comment keeps its place among them.
                    if self.selectors.is_empty() {
                        after.push(Node::Comment(t));
                    } else {
                        children.push(Node::Comment(t));
                    }
                }
            }
        }
        Ok(())
    }

    /// A style rule with the selector list `resolved`: its declarations and comments in a
    /// rule (left out when it has none), then what is nested in it, into `after`.
    fn rule(
        &mut self,
        resolved: Vec<String>,
        origin: Option<usize>,
        body: &[Stmt],
        after: &mut Vec<Node>,
    ) -> Result<(), Error> {
        let selector = join_list(&resolved);
        self.selectors.push(resolved);
        self.rule_origins.push(origin);
        let frame = Frame::new(Some(self.frame.clone()), false);
        let saved = std::mem::replace(&mut self.frame, frame);
        let mut inner = Vec::new();
        let mut nested = Vec::new();
        let r = self.block(body, &mut inner, &mut nested);
        self.frame = saved;
        self.selectors.pop();
        self.rule_origins.pop();
        r?;
        if inner
            .iter()
            .any(|n| matches!(n, Node::Decl { .. } | Node::Comment(_)))
        {
            after.push(Node::Rule {
                selector,
                children: inner,
                origin,
            });
        }
        after.extend(nested);
        Ok(())
    }

    /// The selectors a rule resolved to, with their simple selectors' spans (when known).
    fn resolved_of(&self, origin: Option<usize>) -> Vec<(String, Vec<(Pos, Pos)>)> {
        match origin.and_then(|id| self.origins.get(id)) {
            Some(Origin::Rule {
                resolved: Some(r), ..
            }) => r.clone(),
            _ => Vec::new(),
        }
    }

    /// Where an `@media` block comes from, when positions are kept: its keyword, and its
    /// block's span as libsass gives it (declarations in a rule: the rule's; else its first
    /// statement's, as expanded).
    fn media_origin(
        &mut self,
        span: Span,
        body: &[Stmt],
        inner: &[Node],
        nested: &[Node],
    ) -> Option<usize> {
        if !self.positions {
            return None;
        }
        let keyword = (
            self.pos(span.file, span.start),
            self.pos(span.file, span.start + "@media".len() as u32),
        );
        let enclosing = self.rule_origins.last().copied().flatten();
        // A rule's own span: from its selector to one past its `}` (its block's span goes
        // one further on one line).
        let rule_span = |o: Option<usize>, origins: &[Origin]| match o.and_then(|o| origins.get(o))
        {
            Some(Origin::Rule {
                start, open, close, ..
            }) => {
                let mut end = *close;
                if open.line == close.line {
                    end.col = end.col.saturating_sub(1);
                }
                Some((*start, end, *close))
            }
            _ => None,
        };
        let (open, close) = if !inner.is_empty() && enclosing.is_some() {
            match rule_span(enclosing, &self.origins) {
                Some((start, _, block_end)) => (Some(start), Some(block_end)),
                None => (None, None),
            }
        } else {
            let children: Vec<&Node> = if enclosing.is_some() {
                nested.iter().collect()
            } else {
                inner.iter().chain(nested).collect()
            };
            let origin_of = |n: &Node| match n {
                Node::Rule { origin, .. } => *origin,
                _ => None,
            };
            let first = children
                .first()
                .and_then(|n| rule_span(origin_of(n), &self.origins));
            match first {
                Some((start, end, _)) => (Some(start), Some(end)),
                None => match body.iter().find_map(stmt_span) {
                    Some(a) => (
                        Some(self.pos(a.file, a.start)),
                        Some(self.pos(a.file, a.end)),
                    ),
                    None => (None, None),
                },
            }
        };
        self.origins.push(Origin::Block {
            keyword,
            open,
            close,
            rule: enclosing,
            params: None,
        });
        Some(self.origins.len() - 1)
    }

    /// Where a rule comes from, when positions are kept: its selector, braces, and the span
    /// of each simple selector of each complex selector it resolved to (a parent's from
    /// the parent's rule, as libsass keeps them).
    fn rule_origin(
        &mut self,
        selector: &Interp,
        span: Span,
        text: &str,
        resolved: &[String],
        implicit: bool,
    ) -> Option<usize> {
        if !self.positions {
            return None;
        }
        let file = selector.span.file;
        // The simple selectors written, per complex selector, `&` as `None`.
        type Written = Vec<Option<(Pos, Pos)>>;
        // The selector's source text (its parsed text has no comments); an interpolated
        // one libsass parses again from its text, whose positions are then offsets into
        // that text on a first line.
        let interpolated = selector.interpolated();
        let written = if interpolated {
            Some(text.to_string())
        } else {
            self.files
                .get(file as usize)
                .and_then(|(_, t)| t.get(selector.span.start as usize..selector.span.end as usize))
                .map(str::to_string)
        };
        let at = |c: &Compiler, written: &str, offset: usize| -> Pos {
            if interpolated {
                let before = &written[..offset];
                let line_start = before.rfind('\n').map_or(0, |k| k + 1);
                Pos {
                    file: file as usize,
                    line: before.matches('\n').count(),
                    col: before[line_start..].chars().count(),
                }
            } else {
                c.pos(file, selector.span.start + offset as u32)
            }
        };
        let own: Option<Vec<Written>> = written.map(|written| {
            let mut out = Vec::new();
            let mut offset = 0;
            for part in split_top_commas(&written) {
                // An empty complex (`a, {`) is dropped, as `split_list` drops it.
                if normalize(part).is_empty() {
                    offset += part.len() + 1;
                    continue;
                }
                out.push(
                    crate::sass::mark::simple_ranges(part)
                        .into_iter()
                        .map(|(a, b)| {
                            (!part[a..b].starts_with('&')).then(|| {
                                (
                                    at(self, &written, offset + a),
                                    at(self, &written, offset + b),
                                )
                            })
                        })
                        .collect(),
                );
                offset += part.len() + 1;
            }
            out
        });
        let own_texts = split_list(text);
        let own = own.filter(|o| o.len() == own_texts.len());
        let known = self.resolved_of(self.rule_origins.last().copied().flatten());
        let parents: Option<Vec<(String, Option<Vec<Range>>)>> =
            self.selectors.last().map(|texts| {
                texts
                    .iter()
                    .map(|t| {
                        let spans = known
                            .iter()
                            .find(|(k, _)| k == bare(t))
                            .map(|(_, s)| s.clone());
                        (t.clone(), spans)
                    })
                    .collect()
            });
        let mut list = Vec::new();
        if let Some(own) = &own {
            let parents = parents.unwrap_or_else(|| vec![(String::new(), Some(Vec::new()))]);
            for (ptext, pspans) in &parents {
                for (c, written) in own_texts.iter().zip(own) {
                    let explicit = c.contains('&');
                    // As `resolve` makes it.
                    let (c, ptext) = (bare(c), bare(ptext));
                    let name = if explicit {
                        c.replace('&', ptext)
                    } else if implicit && !ptext.is_empty() {
                        format!("{ptext} {c}")
                    } else {
                        c.to_string()
                    };
                    let Some(pspans) = pspans else { continue };
                    let mut spans = Vec::new();
                    if !explicit && implicit {
                        spans.extend(pspans.iter().copied());
                    }
                    for w in written {
                        match w {
                            Some(s) => spans.push(*s),
                            None => spans.extend(pspans.iter().copied()),
                        }
                    }
                    // A selector written twice has two entries, taken in order.
                    if resolved.iter().any(|r| bare(r) == name)
                        && simple_count(&name) == spans.len()
                    {
                        list.push((name, spans));
                    }
                }
            }
        }
        // libsass's span of a selector after `@at-root ` starts with the space before it
        // (which its parser lexes as part of the selector).
        let mut start = self.pos(file, selector.span.start);
        if !implicit {
            let text = self.files.get(file as usize).map_or("", |f| f.1.as_str());
            let before = &text[..(selector.span.start as usize).min(text.len())];
            let spaces = before.len() - before.trim_end_matches([' ', '\t']).len();
            start.col = start.col.saturating_sub(spaces);
        }
        let open_at = self.find_byte(file, selector.span.end, b'{');
        let open = self.pos(file, open_at);
        // libsass's block span ends one past the `}`, two on a one-line block.
        let mut close = self.pos(span.file, span.end.saturating_sub(1));
        close.col += if open.line == close.line { 2 } else { 1 };
        self.origins.push(Origin::Rule {
            // The rule it is nested in as it runs (a mixin's rules in the including
            // rule; `@at-root`'s too), which the nested style's indentation follows.
            parent: self.rule_origins.last().copied().flatten(),
            complexes: None,
            start,
            open,
            close,
            resolved: Some(list),
        });
        Some(self.origins.len() - 1)
    }

    /// A declaration's CSS: a custom property's value as written, others evaluated.
    fn declaration(
        &mut self,
        prop: &str,
        prop_span: Span,
        value: Option<&Expr>,
        custom: bool,
        children: &mut Vec<Node>,
    ) -> Result<(), Error> {
        let Some(value) = value else {
            return Ok(());
        };
        let v = eval::eval(value, self, false)?;
        let mut marks = Vec::new();
        let text = if custom {
            match v {
                Value::Str { text, .. } => text,
                other => other.to_css(self.style)?,
            }
        } else if self.positions {
            let (text, m) = v
                .to_css_marked(self.style)
                .map_err(|e| format!("{e}\n  in the value of {prop}"))?;
            marks = m;
            text
        } else {
            v.to_css(self.style)
                .map_err(|e| format!("{e}\n  in the value of {prop}"))?
        };
        // An empty value (null, an empty list of nulls) leaves the declaration out.
        if text.is_empty() && !custom {
            return Ok(());
        }
        let origin = self.positions.then(|| {
            let marks = if custom {
                // libsass maps a custom property's value to the colon.
                let colon = self.find_byte(prop_span.file, prop_span.end, b':');
                let at = (
                    self.pos(prop_span.file, colon),
                    self.pos(prop_span.file, colon + 1),
                );
                vec![(0, text.len(), at)]
            } else {
                marks
                    .iter()
                    .map(|&(a, b, span)| (a, b, self.span_pos(span)))
                    .collect()
            };
            self.origins.push(Origin::Decl {
                prop: self.span_pos(prop_span),
                value: Default::default(),
                static_text: None,
                variable: None,
                rule: self.rule_origins.last().copied().flatten(),
                marks: Some(marks),
            });
            self.origins.len() - 1
        });
        children.push(Node::Decl {
            prop: prop.to_string(),
            value: text,
            origin,
        });
        Ok(())
    }

    /// `font: { family: x; size: y }`: `font-family`, `font-size`.
    fn properties(
        &mut self,
        prefix: &str,
        body: &[Stmt],
        children: &mut Vec<Node>,
    ) -> Result<(), Error> {
        for stmt in body {
            match stmt {
                Stmt::Decl {
                    name, value, body, ..
                } => {
                    let prop = format!("{prefix}-{}", self.interpolate(name)?);
                    self.declaration(&prop, name.span, value.as_ref(), false, children)?;
                    if !body.is_empty() {
                        self.properties(&prop, body, children)?;
                    }
                }
                other => {
                    let mut after = Vec::new();
                    self.stmt(other, children, &mut after)?;
                }
            }
        }
        Ok(())
    }

    /// libsass's assignment rules (`Expand::operator()(Assignment*)`).
    fn assign(
        &mut self,
        name: &str,
        value: &Expr,
        default: bool,
        global: bool,
    ) -> Result<(), Error> {
        let k = key(name);
        let unset = |v: Option<&Value>| v.is_none_or(|v| matches!(v, Value::Null));
        if global {
            if default && !unset(self.global.vars.borrow().get(&*k)) {
                return Ok(());
            }
            let v = eval::eval(value, self, true)?;
            self.global.vars.borrow_mut().insert(k.to_string(), v);
            return Ok(());
        }
        if default {
            // The innermost scope that has it (lexical ones, then the global one).
            let mut cur = Some(self.frame.clone());
            while let Some(f) = cur {
                if !(f.lexical() || Rc::ptr_eq(&f, &self.global)) {
                    break;
                }
                if f.vars.borrow().contains_key(&*k) {
                    if unset(f.vars.borrow().get(&*k)) {
                        let v = eval::eval(value, self, true)?;
                        f.vars.borrow_mut().insert(k.to_string(), v);
                    }
                    return Ok(());
                }
                cur = f.parent.clone();
            }
            let v = eval::eval(value, self, true)?;
            self.frame.vars.borrow_mut().insert(k.to_string(), v);
            return Ok(());
        }
        let v = eval::eval(value, self, true)?;
        // libsass's `set_lexical`: the innermost lexical scope that has it (through shadow
        // scopes to the global one), else this scope.
        let mut cur = Some(self.frame.clone());
        let mut shadow = false;
        while let Some(f) = cur {
            if !(f.lexical() || shadow) {
                break;
            }
            if f.vars.borrow().contains_key(&*k) {
                f.vars.borrow_mut().insert(k.to_string(), v);
                return Ok(());
            }
            shadow = f.shadow;
            cur = f.parent.clone();
        }
        self.frame.vars.borrow_mut().insert(k.to_string(), v);
        Ok(())
    }

    fn set_local(&mut self, name: &str, v: Value) {
        self.frame
            .vars
            .borrow_mut()
            .insert(key(name).into_owned(), v);
    }

    /// Runs `f` in a new control-flow scope.
    fn shadowed<T>(&mut self, f: impl FnOnce(&mut Compiler) -> T) -> T {
        let frame = Frame::new(Some(self.frame.clone()), true);
        let saved = std::mem::replace(&mut self.frame, frame);
        let r = f(self);
        self.frame = saved;
        r
    }

    fn lookup<T>(&self, get: impl Fn(&Frame) -> Option<T>) -> Option<T> {
        let mut cur = Some(self.frame.clone());
        while let Some(f) = cur {
            if let Some(v) = get(&f) {
                return Some(v);
            }
            cur = f.parent.clone();
        }
        None
    }

    /// A scope for calling `c` with `args` (evaluated here): parameters bound, defaults
    /// evaluated in the new scope.
    fn bind(&mut self, c: &Closure, args: &Args, what: &str) -> Result<Rc<Frame>, Error> {
        let (positional, named) = self.arguments(args)?;
        self.bind_values(c, positional, named, what)
    }

    /// The arguments evaluated: positional ones (a `$list...` spread), and named ones.
    #[allow(clippy::type_complexity)]
    fn arguments(&mut self, args: &Args) -> Result<(Vec<Value>, Vec<(String, Value)>), Error> {
        let mut positional = Vec::new();
        for a in &args.positional {
            positional.push(eval::eval(a, self, true)?);
        }
        let mut named: Vec<(String, Value)> = Vec::new();
        for (n, a) in &args.named {
            named.push((key(n).into_owned(), eval::eval(a, self, true)?));
        }
        if let Some(rest) = &args.rest {
            match eval::eval(rest, self, true)? {
                Value::Map(entries) => {
                    for (k, v) in entries.iter().cloned() {
                        named.push((key(&eval::interpolated(&k, self.style)?).into_owned(), v));
                    }
                }
                other => positional.extend(items_of(&other)),
            }
        }
        if let Some(rest) = &args.keyword_rest
            && let Value::Map(entries) = eval::eval(rest, self, true)?
        {
            for (k, v) in entries.iter().cloned() {
                named.push((key(&eval::interpolated(&k, self.style)?).into_owned(), v));
            }
        }
        Ok((positional, named))
    }

    /// A scope for calling `c` with evaluated arguments.
    fn bind_values(
        &mut self,
        c: &Closure,
        positional: Vec<Value>,
        mut named: Vec<(String, Value)>,
        what: &str,
    ) -> Result<Rc<Frame>, Error> {
        let frame = Frame::new(Some(c.frame.clone()), false);
        let saved = std::mem::replace(&mut self.frame, frame.clone());
        let mut extra = positional.into_iter();
        let mut result = Ok(());
        for (name, default) in &c.def.params.params {
            let k = key(name);
            let v = if let Some(v) = extra.next() {
                v
            } else if let Some(pos) = named.iter().position(|(n, _)| *n == k) {
                named.remove(pos).1
            } else if let Some(d) = default {
                match eval::eval(d, self, true) {
                    Ok(v) => v,
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                }
            } else {
                result = Err(format!(
                    "{what} {} is missing argument ${name}.",
                    c.def.name
                ));
                break;
            };
            frame.vars.borrow_mut().insert(k.to_string(), v);
        }
        if result.is_ok()
            && let Some(rest) = &c.def.params.rest
        {
            let items: Vec<Value> = extra.collect();
            frame.vars.borrow_mut().insert(
                key(rest).into_owned(),
                Value::List {
                    items: std::rc::Rc::new(items),
                    sep: Sep::Comma,
                    bracketed: false,
                },
            );
        }
        self.frame = saved;
        result.map(|_| frame)
    }

    /// `@import "name"`: the partial or file, parsed and run here.
    fn import(
        &mut self,
        url: &str,
        children: &mut Vec<Node>,
        after: &mut Vec<Node>,
    ) -> Result<(), Error> {
        let base = self.dirs.last().cloned().unwrap_or_default();
        let mut dirs = vec![base];
        dirs.extend(self.load_paths.iter().cloned());
        let (dir, name) = match url.rsplit_once('/') {
            Some((d, n)) => (format!("{d}/"), n.to_string()),
            None => (String::new(), url.to_string()),
        };
        let candidates = [
            format!("{dir}_{name}.scss"),
            format!("{dir}{name}.scss"),
            format!("{dir}_{name}.sass"),
            format!("{dir}{name}.sass"),
            format!("{dir}{name}.css"),
            format!("{dir}_{name}"),
            format!("{dir}{name}"),
        ];
        let found = dirs.iter().find_map(|d| {
            candidates
                .iter()
                .map(|c| d.join(c))
                .find(|p| self.loader.is_file(p))
        });
        let Some(path) = found else {
            return Err(format!("File to import not found or unreadable: {url}."));
        };
        if path.extension().is_some_and(|e| e == "css") {
            return Err(format!(
                "hyde's Sass evaluator does not import {} yet",
                path.display()
            ));
        }
        let text = self
            .loader
            .read(&path)
            .ok_or_else(|| format!("File to import not found or unreadable: {url}."))?;
        // libsass parses an indented-syntax file as its SCSS conversion, and keeps that
        // text: the source map's positions and sourcesContent refer to it.
        let text = if path.extension().is_some_and(|e| e == "sass") {
            crate::sass::sass2scss::convert(&text)
        } else {
            text
        };
        if crate::sass::nesting::too_deep(&text, false).is_some() {
            return Err("Code too deeply nested".into());
        }
        // A file imported again keeps its first number (libsass lists it once).
        let known = self.files.iter().position(|(p, _)| *p == path);
        let index = known.unwrap_or(self.files.len()) as u32;
        let (body, skews) = super::parse::parse_file(&text, index).map_err(|e| e.message)?;
        self.dirs
            .push(path.parent().map(Path::to_path_buf).unwrap_or_default());
        if known.is_none() {
            self.add_file(path, text, skews);
        }
        let r = self.block(&body, children, after);
        self.dirs.pop();
        r
    }

    fn interpolate(&mut self, text: &Interp) -> Result<String, Error> {
        eval::text_of(text, self, false)
    }

    /// Calls a user-defined function.
    fn call_function(
        &mut self,
        c: &Closure,
        positional: Vec<Value>,
        named: Vec<(String, Value)>,
    ) -> EvalResult {
        self.enter()?;
        let r = self.run_function(c, positional, named);
        self.depth -= 1;
        r
    }

    /// One call deeper; libsass stops runaway recursion (a mixin or function calling
    /// itself forever) with an error, and so does this, before the stack runs out.
    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Err(TOO_DEEP.into());
        }
        Ok(())
    }

    fn run_function(
        &mut self,
        c: &Closure,
        positional: Vec<Value>,
        named: Vec<(String, Value)>,
    ) -> EvalResult {
        let frame = self.bind_values(c, positional, named, "Function")?;
        let saved = std::mem::replace(&mut self.frame, frame);
        let saved_content = std::mem::take(&mut self.content);
        let mut children = Vec::new();
        let mut after = Vec::new();
        let r = self.block(&c.def.body, &mut children, &mut after);
        self.content = saved_content;
        self.frame = saved;
        r?;
        self.returned
            .take()
            .ok_or_else(|| format!("Function {} finished without @return", c.def.name))
    }
}

impl Compiler {
    /// Calls the function `name` (user-defined, introspection, built in, or plain CSS)
    /// with evaluated arguments.
    fn call_values(
        &mut self,
        name: &str,
        mut positional: Vec<Value>,
        named: Vec<(String, Value)>,
    ) -> EvalResult {
        if let Some(c) = self.lookup(|f| f.functions.borrow().get(&*key(name)).cloned()) {
            return self.call_function(&c, positional, named);
        }
        if name.contains('.') {
            return Err(format!(
                "{name}(): module functions are not in hyde's Sass evaluator"
            ));
        }
        let arg = |i: usize, p: &str| -> Option<String> {
            positional
                .get(i)
                .or_else(|| named.iter().find(|(n, _)| n == p).map(|(_, v)| v))
                .map(|v| match v {
                    Value::Str { text, .. } => text.clone(),
                    other => other.inspect(),
                })
        };
        match name.replace('_', "-").as_str() {
            "mixin-exists" => {
                let n = arg(0, "name").unwrap_or_default();
                return Ok(Value::bool(
                    self.lookup(|f| f.mixins.borrow().get(&*key(&n)).map(|_| ()))
                        .is_some(),
                ));
            }
            "function-exists" => {
                let n = arg(0, "name").unwrap_or_default();
                let user = self
                    .lookup(|f| f.functions.borrow().get(&*key(&n)).map(|_| ()))
                    .is_some();
                return Ok(Value::bool(user || super::functions::exists(&n)));
            }
            "variable-exists" => {
                let n = arg(0, "name").unwrap_or_default();
                return Ok(Value::bool(self.var(&n).is_some()));
            }
            "global-variable-exists" => {
                let n = arg(0, "name").unwrap_or_default();
                return Ok(Value::bool(
                    self.global.vars.borrow().contains_key(&*key(&n)),
                ));
            }
            "feature-exists" => {
                let n = arg(0, "feature").unwrap_or_default();
                return Ok(Value::bool(matches!(
                    n.as_str(),
                    "global-variable-shadowing"
                        | "extend-selector-pseudoclass"
                        | "at-error"
                        | "units-level-3"
                        | "custom-property"
                )));
            }
            // A function reference, as its name (which `call` takes too).
            "get-function" => {
                let n = arg(0, "name").unwrap_or_default();
                let user = self
                    .lookup(|f| f.functions.borrow().get(&*key(&n)).map(|_| ()))
                    .is_some();
                if !user && !super::functions::exists(&n) && !introspection(&n) {
                    return Err(format!("Function not found: {n}"));
                }
                return Ok(Value::ident(n));
            }
            "call" => {
                let target = arg(0, "name").ok_or("call() needs a function name")?;
                if !positional.is_empty() {
                    positional.remove(0);
                }
                let named = named.into_iter().filter(|(n, _)| n != "name").collect();
                return self.call_values(&target, positional, named);
            }
            _ => {}
        }
        match super::functions::call(name, &positional, &named)? {
            Some(v) => Ok(v),
            // Not a Sass function: a plain CSS call, its arguments written out.
            None => {
                let mut parts = Vec::new();
                for v in &positional {
                    parts.push(v.to_css(self.style)?);
                }
                // libsass joins them with `, ` in every style.
                Ok(Value::ident(format!("{name}({})", parts.join(", "))))
            }
        }
    }
}

impl Context for Compiler {
    fn var(&self, name: &str) -> Option<Value> {
        let k = key(name);
        self.lookup(|f| f.vars.borrow().get(&*k).cloned())
    }

    fn call(&mut self, name: &str, args: &Args) -> EvalResult {
        if name == "if" {
            let cond = args.positional.first().ok_or("if() needs a condition")?;
            let pick = if eval::eval(cond, self, true)?.truthy() {
                args.positional.get(1)
            } else {
                args.positional.get(2)
            };
            return match pick {
                Some(e) => eval::eval(e, self, true),
                None => Ok(Value::Null),
            };
        }
        let (positional, named) = self.arguments(args)?;
        self.call_values(name, positional, named)
    }

    fn style(&self) -> Style {
        self.style
    }

    fn parent(&self) -> Value {
        match self.selectors.last() {
            None => Value::Null,
            Some(list) => Value::List {
                items: std::rc::Rc::new(
                    list.iter()
                        .map(|c| Value::List {
                            items: bare(c)
                                .split(' ')
                                .map(Value::ident)
                                .collect::<Vec<_>>()
                                .into(),
                            sep: Sep::Space,
                            bracketed: false,
                        })
                        .collect(),
                ),
                sep: Sep::Comma,
                bracketed: false,
            },
        }
    }
}

/// A list's items (a map's entries as pairs; any other value alone).
pub fn items_of(v: &Value) -> Vec<Value> {
    match v {
        Value::List { items, .. } => items.to_vec(),
        Value::Map(entries) => entries
            .iter()
            .map(|(k, v)| Value::List {
                items: std::rc::Rc::new(vec![k.clone(), v.clone()]),
                sep: Sep::Space,
                bracketed: false,
            })
            .collect(),
        Value::Null => Vec::new(),
        other => vec![other.clone()],
    }
}

/// Splits a selector list at its top-level commas, whitespace collapsed.
fn split_list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in split_top_commas(text) {
        push_complex(&mut out, part);
    }
    out
}

/// Adds a complex selector as written to a list, normalized; one written on a new line
/// starts with `\n` (libsass's `hasPreLineFeed`, which the expanded and nested styles
/// keep).
fn push_complex(out: &mut Vec<String>, written: &str) {
    let n = normalize(written);
    if n.is_empty() {
        return;
    }
    let lead = &written[..written.len() - written.trim_start().len()];
    if lead.contains('\n') && !out.is_empty() {
        out.push(format!("\n{n}"));
    } else {
        out.push(n);
    }
}

/// A complex selector without its line-break mark.
pub fn bare(complex: &str) -> &str {
    complex.trim_start_matches('\n')
}

/// A selector list as one text: `, ` between complex selectors, `,` and a line break
/// before one written on a new line.
pub fn join_list(list: &[String]) -> String {
    let mut out = String::new();
    for (i, c) in list.iter().enumerate() {
        if i > 0 {
            out.push_str(if c.starts_with('\n') { "," } else { ", " });
        }
        out.push_str(if i == 0 { bare(c) } else { c });
    }
    out
}

/// Where a statement is, for those that can open an `@media` block's body.
fn stmt_span(stmt: &Stmt) -> Option<Span> {
    match stmt {
        Stmt::Rule { span, .. }
        | Stmt::Decl { span, .. }
        | Stmt::Media { span, .. }
        | Stmt::AtRule { span, .. }
        | Stmt::Include { span, .. }
        | Stmt::Extend { span, .. } => Some(*span),
        Stmt::Comment(text) => Some(text.span),
        _ => None,
    }
}

/// A selector list as written, split at its top-level commas (each part as written).
/// The text inside `text` when it is one quoted string without escapes.
fn lone_quoted(text: &str) -> Option<&str> {
    let q = text.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let inner = text.strip_prefix(q)?.strip_suffix(q)?;
    (!inner.contains(q) && !inner.contains('\\')).then_some(inner)
}

fn split_top_commas(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut quote, mut last) = (0usize, None, 0);
    let mut skip_to = 0;
    for (i, c) in text.char_indices() {
        if i < skip_to {
            continue;
        }
        // Commas in comments separate nothing.
        if quote.is_none() && text[i..].starts_with("/*") {
            skip_to = text[i..].find("*/").map_or(text.len(), |k| i + k + 2);
            continue;
        }
        if quote.is_none() && text[i..].starts_with("//") {
            skip_to = text[i..].find('\n').map_or(text.len(), |k| i + k);
            continue;
        }
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => {
                out.push(&text[last..i]);
                last = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[last..]);
    out
}

/// How many simple selectors the emitter counts in a complex selector.
fn simple_count(complex: &str) -> usize {
    crate::sass::selector::components(complex)
        .iter()
        .filter(|c| !matches!(c.as_str(), ">" | "+" | "~"))
        .map(|c| crate::sass::selector::split_simple(c).len())
        .sum()
}

/// One complex selector's whitespace as libsass writes it: runs collapsed, combinators
/// spaced.
fn normalize(sel: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut pending_space = false;
    for c in sel.trim().chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if depth == 0 && matches!(c, '>' | '+' | '~') {
            while out.ends_with(' ') {
                out.pop();
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push(c);
            out.push(' ');
            pending_space = false;
            continue;
        }
        if pending_space && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    // libsass trims the inside of a pseudo-class's brackets: `:nth-child( 2n+1 )`.
    let mut out = out.trim_end().to_string();
    while out.contains("( ") || out.contains(" )") {
        out = out.replace("( ", "(").replace(" )", ")");
    }
    out
}

/// The selectors of `text` nested in `parent`: `&` replaced by each parent selector, or
/// each parent followed by the selector.
fn resolve(parent: Option<&Vec<String>>, text: &str) -> Vec<String> {
    resolve_with(parent, text, true)
}

/// [`resolve`] for `@at-root`: a selector without `&` stands alone.
fn resolve_explicit(parent: Option<&Vec<String>>, text: &str) -> Vec<String> {
    resolve_with(parent, text, false)
}

fn resolve_with(parent: Option<&Vec<String>>, text: &str, implicit: bool) -> Vec<String> {
    let own = split_list(text);
    let Some(parents) = parent else {
        return own;
    };
    if !implicit && !own.iter().any(|c| c.contains('&')) {
        return own;
    }
    let mut out = Vec::new();
    for p in parents {
        for c in &own {
            let text = if c.contains('&') {
                bare(c).replace('&', bare(p))
            } else if implicit {
                format!("{} {}", bare(p), bare(c))
            } else if !out.contains(c) {
                out.push(c.clone());
                continue;
            } else {
                continue;
            };
            // A line break before either stays before the two.
            let lf = p.starts_with('\n') || c.starts_with('\n');
            out.push(if lf { format!("\n{text}") } else { text });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compiles `path` in `style` and lays it out as libsass does: the CSS, and its source
    /// map's `mappings`.
    pub(crate) fn css_and_mappings(path: &Path, style: Style) -> Result<(String, String), Error> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut c = Compiler::new(style, vec![dir]).with_positions();
        let nodes = c.compile(&text, path)?;
        let cx = crate::sass::emit::Context {
            style,
            origins: &c.origins,
            line_comments: None,
        };
        let (css, mappings) = crate::sass::emit::emit(&nodes, &cx);
        Ok((css, crate::sass::map::serialize(&mappings)))
    }

    /// Each stylesheet of tests/fixtures/sass/sheets in the four styles, against Jekyll
    /// 4.3.1's output and source map mappings (tests/goldens/sass_sheets, made by
    /// tests/goldens/gen_sass_sheets.rb).
    #[test]
    fn stylesheets_compile_as_libsass() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = root.join("tests/fixtures/sass/sheets");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".scss"))
            .collect();
        names.sort();
        assert!(names.len() >= 6);
        let mut wrong = Vec::new();
        for name in &names {
            let base = name.trim_end_matches(".scss");
            for (style, label) in [
                (Style::Nested, "nested"),
                (Style::Expanded, "expanded"),
                (Style::Compact, "compact"),
                (Style::Compressed, "compressed"),
            ] {
                let want = std::fs::read_to_string(
                    root.join(format!("tests/goldens/sass_sheets/{base}.{label}.css")),
                )
                .unwrap_or_default();
                let want_map = std::fs::read_to_string(
                    root.join(format!("tests/goldens/sass_sheets/{base}.{label}.mappings")),
                )
                .unwrap_or_default();
                let got = css_and_mappings(&dir.join(name), style);
                // For a closer look: `HYDE_SHEETS_OUT=dir` writes hyde's output there.
                if let (Ok((css, map)), Ok(out)) = (&got, std::env::var("HYDE_SHEETS_OUT")) {
                    let out = Path::new(&out);
                    let _ = std::fs::write(out.join(format!("{base}.{label}.css")), css);
                    let _ = std::fs::write(out.join(format!("{base}.{label}.mappings")), map);
                }
                // Jekyll drops libsass's byte order mark (`add_charset` off).
                match got {
                    Ok((got, _))
                        if got.trim_start_matches('\u{feff}').trim_end() != want.trim_end() =>
                    {
                        wrong.push(format!(
                            "{base} ({label}):\n--- hyde\n{got}\n--- libsass\n{want}"
                        ))
                    }
                    Ok((_, map)) if map != want_map.trim_end() => wrong.push(format!(
                        "{base} ({label}) mappings:\n--- hyde\n{map}\n--- libsass\n{want_map}"
                    )),
                    Ok(_) => {}
                    Err(e) => wrong.push(format!("{base} ({label}): error {e}")),
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}

#[cfg(test)]
mod sites {
    use super::*;

    /// `HYDE_SCSS_PAGE=site/assets/css/main.scss cargo test scss::expand::sites -- --ignored`:
    /// a site's stylesheet (front matter cut, the site's `_sass` as load path) compiled
    /// here, written to `/tmp/hyde-scss.css` in the compressed style, for comparing with
    /// libsass's.
    #[test]
    #[ignore]
    fn compile_a_site_stylesheet() {
        let Ok(page) = std::env::var("HYDE_SCSS_PAGE") else {
            return;
        };
        let path = Path::new(&page);
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let body = text
            .strip_prefix("---")
            .and_then(|t| t.split_once("\n---"))
            .and_then(|(_, b)| b.split_once('\n'))
            .map_or(text.as_str(), |(_, b)| b);
        let site = path.ancestors().nth(3).unwrap_or(Path::new("."));
        let mut c = Compiler::new(Style::Compressed, vec![site.join("_sass")]);
        let nodes = c.compile(body, path).unwrap_or_else(|e| panic!("{e}"));
        let cx = crate::sass::emit::Context {
            style: Style::Compressed,
            origins: &[],
            line_comments: None,
        };
        let css = crate::sass::emit::emit(&nodes, &cx).0;
        std::fs::write("/tmp/hyde-scss.css", css).unwrap_or_default();
    }
}

/// The functions `call_values` answers itself.
fn introspection(name: &str) -> bool {
    matches!(
        name,
        "mixin-exists"
            | "function-exists"
            | "variable-exists"
            | "global-variable-exists"
            | "feature-exists"
            | "get-function"
            | "call"
            | "if"
    )
}

#[cfg(test)]
mod limits {
    use super::*;

    /// What the evaluator does not cover is an error (the build then uses grass), never
    /// output that differs: the module system, unwritten built-ins, compound `@extend`s.
    #[test]
    fn what_is_not_covered_is_an_error() {
        for src in [
            "@use \"sass:math\"; a { b: 1; }",
            "a { b: math.div(1, 2); }",
            "a { b: selector-nest(\".a\", \"b\"); }",
            ".x.y { c: d; } a { @extend .x.y; }",
            "@mixin m { @content(1); } a { @include m using ($v) { b: $v; } }",
        ] {
            let mut c = Compiler::new(Style::Expanded, Vec::new());
            assert!(c.compile(src, Path::new("x.scss")).is_err(), "{src}");
        }
    }

    /// A mixin that calls itself forever stops with libsass's error, not a stack overflow.
    #[test]
    fn runaway_recursion_is_an_error() {
        for src in [
            "@mixin r($n) { @if $n > 0 { @include r($n + 1); } } a { @include r(1); }",
            "@function f($n) { @return f($n + 1); } a { b: f(1); }",
        ] {
            let err = with_deep_stack(|| {
                let mut c = Compiler::new(Style::Expanded, Vec::new());
                c.compile(src, Path::new("x.scss"))
                    .err()
                    .unwrap_or_default()
            })
            .unwrap_or_default();
            assert!(err.starts_with("Stack depth exceeded max of 512"), "{err}");
        }
    }
}
