//! The CSS that grass writes, read back into a tree, so that `emit` can lay it out again as
//! libsass does. grass's output is well-formed CSS (no nesting, no Sass), so a small tokenizer
//! that respects strings, comments and brackets is enough.

/// One statement of the compiled stylesheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A style rule: its selector list (as grass wrote it) and its body.
    Rule {
        /// The selector list, complex selectors separated by `,`.
        selector: String,
        /// Declarations and comments.
        children: Vec<Node>,
        /// Where the rule came from, when the source was marked (`mark`).
        origin: Option<usize>,
    },
    /// `property: value`.
    Decl {
        /// The property name.
        prop: String,
        /// The value, as grass wrote it.
        value: String,
        /// Where the declaration came from, when the source was marked.
        origin: Option<usize>,
    },
    /// A `/* … */` comment, delimiters included.
    Comment(String),
    /// An at-rule: `@media`, `@supports`, `@keyframes`, `@font-face`, `@page`, …
    AtRule {
        /// The name with its `@`.
        name: String,
        /// What follows the name (a query, a keyframes name, a page selector); may be empty.
        params: String,
        /// The block, or `None` for a statement such as `@namespace x;`.
        children: Option<Vec<Node>>,
        /// Where it came from (hyde's evaluator knows; grass's output does not say).
        origin: Option<usize>,
    },
    /// A plain-CSS `@import`, kept as written after `@import `; and where it came from
    /// (hyde's evaluator knows).
    Import(String, Option<usize>),
}

/// The prefix of the marker properties `mark` inserts: `--hyde-r` (rule) and `--hyde-d`
/// (declaration), each with the index of its origin.
pub const MARKER: &str = "--hyde-";

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

/// Calls `f` on every node, rules' and at-rules' contents after the node itself.
pub fn walk_mut(nodes: &mut [Node], f: &mut dyn FnMut(&mut Node)) {
    for node in nodes {
        f(node);
        match node {
            Node::Rule { children, .. }
            | Node::AtRule {
                children: Some(children),
                ..
            } => walk_mut(children, f),
            _ => {}
        }
    }
}

/// Calls `f` on every node, as [`walk_mut`] does, without changing them.
pub fn walk<'a>(nodes: &'a [Node], f: &mut dyn FnMut(&'a Node)) {
    for node in nodes {
        f(node);
        match node {
            Node::Rule { children, .. }
            | Node::AtRule {
                children: Some(children),
                ..
            } => walk(children, f),
            _ => {}
        }
    }
}

/// Parses grass's output (any of its styles).
pub fn parse(css: &str) -> Vec<Node> {
    let mut p = Parser {
        s: css.as_bytes(),
        text: css,
        i: 0,
    };
    p.block()
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn at(&self, lit: &str) -> bool {
        self.s[self.i..].starts_with(lit.as_bytes())
    }

    fn comment(&mut self) -> String {
        let start = self.i;
        let end = self.text[self.i + 2..]
            .find("*/")
            .map_or(self.s.len(), |e| self.i + 2 + e + 2);
        self.i = end;
        self.text[start..end].to_string()
    }

    /// Reads up to (not including) a `{`, `;` or `}` outside strings and brackets.
    fn prelude(&mut self) -> String {
        let start = self.i;
        let mut depth = 0usize;
        while self.i < self.s.len() {
            match self.s[self.i] {
                q @ (b'"' | b'\'') => {
                    self.i += 1;
                    while self.i < self.s.len() && self.s[self.i] != q {
                        if self.s[self.i] == b'\\' {
                            self.i += 1;
                        }
                        self.i += 1;
                    }
                }
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth = depth.saturating_sub(1),
                b'/' if self.at("/*") => {
                    self.comment();
                    continue;
                }
                b'{' | b';' | b'}' if depth == 0 => break,
                _ => {}
            }
            self.i += 1;
        }
        self.text[start..self.i.min(self.s.len())]
            .trim()
            .to_string()
    }

    fn block(&mut self) -> Vec<Node> {
        let mut out = Vec::new();
        loop {
            self.skip_ws();
            if self.i >= self.s.len() {
                return out;
            }
            if self.s[self.i] == b'}' {
                self.i += 1;
                return out;
            }
            if self.at("/*") {
                out.push(Node::Comment(self.comment()));
                continue;
            }
            let prelude = self.prelude();
            let end = self.s.get(self.i).copied();
            if end == Some(b';') {
                self.i += 1;
            }
            if end == Some(b'{') {
                self.i += 1;
                let children = self.block();
                if let Some(rest) = prelude.strip_prefix('@') {
                    let (name, params) = split_at_rule(rest);
                    // `@font-face` and `@page` hold declarations, and with them markers.
                    let children = strip_markers(children).1;
                    out.push(Node::AtRule {
                        name,
                        params,
                        children: Some(children),
                        origin: None,
                    });
                } else {
                    out.push(rule(prelude, children));
                }
                continue;
            }
            if prelude.is_empty() {
                continue;
            }
            if let Some(rest) = prelude.strip_prefix('@') {
                let (name, params) = split_at_rule(rest);
                match name.as_str() {
                    // libsass works out the charset itself from the output.
                    "@charset" => {}
                    "@import" => out.push(Node::Import(params, None)),
                    _ => out.push(Node::AtRule {
                        name,
                        params,
                        children: None,
                        origin: None,
                    }),
                }
            } else if let Some((prop, value)) = prelude.split_once(':') {
                out.push(Node::Decl {
                    prop: prop.trim().to_string(),
                    value: value.trim().to_string(),
                    origin: None,
                });
            }
        }
    }
}

fn split_at_rule(rest: &str) -> (String, String) {
    let name_end = rest
        .find(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '\'')
        .unwrap_or(rest.len());
    (
        format!("@{}", &rest[..name_end]),
        rest[name_end..].trim().to_string(),
    )
}

/// A rule, with the markers `mark` put in its body taken out.
fn rule(selector: String, body: Vec<Node>) -> Node {
    let (origin, children) = strip_markers(body);
    let selector = selector
        .split(",\n")
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(", ");
    Node::Rule {
        selector,
        children,
        origin,
    }
}

/// Takes the markers out of a body: the first rule marker names the rule's origin, and a
/// declaration marker names the origin of the declaration before it. A marker that grass
/// turned into something else (a nested property prefixes it) goes too.
fn strip_markers(body: Vec<Node>) -> (Option<usize>, Vec<Node>) {
    let mut origin = None;
    let mut children: Vec<Node> = Vec::with_capacity(body.len());
    for node in body {
        if let Node::Decl { prop, value, .. } = &node
            && let Some(at) = prop.find(MARKER)
        {
            let id = value.trim().parse::<usize>().ok();
            match &prop[at + MARKER.len()..] {
                "r" if at == 0 => origin = origin.or(id),
                "d" if at == 0 => {
                    if let Some(Node::Decl { origin: o, .. }) = children.last_mut()
                        && o.is_none()
                    {
                        *o = id;
                    }
                }
                _ => {}
            }
            continue;
        }
        children.push(node);
    }
    (origin, children)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rules_media_and_markers() {
        let css = "/* a */\n.a,\n.b {\n  --hyde-r: 3;\n  color: red;\n  --hyde-d: 4;\n}\n@media (x: 1) {\n  .c {\n    top: url(a;b);\n  }\n}\n@import url(x.css);\n";
        let t = parse(css);
        assert_eq!(t[0], Node::Comment("/* a */".into()));
        assert_eq!(
            t[1],
            Node::Rule {
                selector: ".a, .b".into(),
                children: vec![Node::Decl {
                    prop: "color".into(),
                    value: "red".into(),
                    origin: Some(4)
                }],
                origin: Some(3)
            }
        );
        let Node::AtRule { name, params, .. } = &t[2] else {
            panic!()
        };
        assert_eq!((name.as_str(), params.as_str()), ("@media", "(x: 1)"));
        assert_eq!(t[3], Node::Import("url(x.css)".into(), None));
    }
}
