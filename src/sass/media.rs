//! Nested `@media` merged as libsass 3.6.5 merges it (`CssMediaQuery::merge`, then
//! `Cssize::debubble`), not as grass (dart-sass) does. libsass computes the merged type as
//! dart-sass does but then writes the outer query's type whenever it has one, so
//! `all and (min-width: 1px)` around `(orientation: landscape)` keeps its `all and`, and
//! `not screen` around `print` gives `screen`; pairs dart-sass calls unrepresentable are
//! dropped instead of left nested.
//!
//! grass must not merge, then: `mark` starts every marked `@media` query list with
//! [`PREFIX`], two queries no pair of which grass can merge, so grass leaves inner `@media`
//! nested in outer ones; [`merge_nested`] takes the prefix out again and merges.

use super::css::Node;

/// What `mark` puts after `@media`: both `not`, of different types, so grass finds every
/// nested pair unrepresentable. Every `@media` gets the same prefix, so grass still sees two
/// equal queries as equal (as `@extend` within `@media` needs).
pub const PREFIX: &str = " not hyde-media-a, not hyde-media-b,";

/// [`PREFIX`] after each `@media` of an indented-syntax (`.sass`) file, which `mark` does not
/// read; comment blocks (a `//` or `/*` line and the lines indented under it) left alone.
pub fn prefix_indented(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut comment: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - body.len();
        let blank = body.trim().is_empty();
        if let Some(depth) = comment {
            if blank || indent > depth {
                out.push_str(line);
                continue;
            }
            comment = None;
        }
        if body.starts_with("//") || body.starts_with("/*") {
            comment = Some(indent);
        } else if let Some(rest) = body.strip_prefix("@media")
            && rest.starts_with([' ', '\t', '('])
        {
            out.push_str(&line[..indent]);
            out.push_str("@media");
            out.push_str(PREFIX);
            out.push(' ');
            out.push_str(rest);
            continue;
        }
        out.push_str(line);
    }
    out
}

/// One media query as libsass holds it.
#[derive(Debug, Clone, PartialEq)]
struct Query {
    modifier: String,
    kind: String,
    features: Vec<String>,
}

impl Query {
    fn is_empty(&self) -> bool {
        self.modifier.is_empty() && self.kind.is_empty() && self.features.is_empty()
    }

    /// libsass's `matchesAllTypes`: no type, or one `equalsLiteral("all", …)` accepts (a
    /// case-insensitive prefix test).
    fn matches_all_types(&self) -> bool {
        self.kind.is_empty()
            || self
                .kind
                .get(..3)
                .is_some_and(|p| p.eq_ignore_ascii_case("all"))
    }

    /// libsass's `Inspect` of a query.
    fn render(&self) -> String {
        let mut out = String::new();
        if !self.modifier.is_empty() {
            out.push_str(&self.modifier);
            out.push(' ');
        }
        out.push_str(&self.kind);
        for (i, f) in self.features.iter().enumerate() {
            if i > 0 || !self.kind.is_empty() {
                out.push_str(" and ");
            }
            out.push_str(f);
        }
        out
    }

    /// `CssMediaQuery::merge` of libsass 3.6.5; `None` for what it returns null for
    /// (unrepresentable), an empty query for an empty intersection.
    fn merge(&self, other: &Query) -> Option<Query> {
        let (our_type, their_type) = (
            self.kind.to_ascii_lowercase(),
            other.kind.to_ascii_lowercase(),
        );
        let (our_mod, their_mod) = (
            self.modifier.to_ascii_lowercase(),
            other.modifier.to_ascii_lowercase(),
        );
        let both = || [self.features.clone(), other.features.clone()].concat();
        let subset = |a: &[String], b: &[String]| a.iter().all(|f| b.contains(f));
        let empty = Query {
            modifier: String::new(),
            kind: String::new(),
            features: Vec::new(),
        };
        if our_type.is_empty() && their_type.is_empty() {
            return Some(Query {
                features: both(),
                ..empty
            });
        }
        let (modifier, features);
        if (our_mod == "not") != (their_mod == "not") {
            if our_type == their_type {
                let (neg, pos) = if our_mod == "not" {
                    (&self.features, &other.features)
                } else {
                    (&other.features, &self.features)
                };
                return subset(neg, pos).then_some(empty);
            } else if self.matches_all_types() || other.matches_all_types() {
                return None;
            }
            if our_mod == "not" {
                (modifier, features) = (their_mod, other.features.clone());
            } else {
                (modifier, features) = (our_mod.clone(), self.features.clone());
            }
        } else if our_mod == "not" {
            if our_type != their_type {
                return None;
            }
            let (more, fewer) = if self.features.len() > other.features.len() {
                (&self.features, &other.features)
            } else {
                (&other.features, &self.features)
            };
            if !subset(fewer, more) {
                return None;
            }
            (modifier, features) = (our_mod.clone(), more.clone());
        } else if self.matches_all_types() {
            (modifier, features) = (their_mod, both());
        } else if other.matches_all_types() {
            (modifier, features) = (our_mod.clone(), both());
        } else if our_type != their_type {
            return Some(empty);
        } else {
            let m = if our_mod.is_empty() {
                their_mod
            } else {
                our_mod.clone()
            };
            (modifier, features) = (m, both());
        }
        // libsass computes a type above but writes this one: the outer query's, if any.
        Some(Query {
            modifier: if modifier == our_mod {
                self.modifier.clone()
            } else {
                other.modifier.clone()
            },
            kind: if our_type.is_empty() {
                other.kind.clone()
            } else {
                self.kind.clone()
            },
            features,
        })
    }
}

/// Splits `text` at `sep` bytes outside brackets and strings.
fn split_top(text: &str, sep: impl Fn(u8) -> bool) -> Vec<&str> {
    let b = text.as_bytes();
    let (mut depth, mut quote, mut start) = (0usize, None, 0);
    let mut parts = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(_) if c == b'\\' => i += 1,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'"' | b'\'' => quote = Some(c),
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth = depth.saturating_sub(1),
                _ if depth == 0 && sep(c) => {
                    parts.push(&text[start..i]);
                    start = i + 1;
                }
                _ => {}
            },
        }
        i += 1;
    }
    parts.push(&text[start.min(text.len())..]);
    parts
}

/// Reads a query list as grass writes it (`[not|only ]type[ and feature…]` or features).
fn parse(list: &str) -> Vec<Query> {
    split_top(list, |c| c == b',')
        .into_iter()
        .map(|q| {
            let words: Vec<&str> = split_top(q.trim(), |c| c.is_ascii_whitespace())
                .into_iter()
                .filter(|w| !w.is_empty())
                .collect();
            let mut query = Query {
                modifier: String::new(),
                kind: String::new(),
                features: Vec::new(),
            };
            let mut rest = &words[..];
            if let Some(first) = rest.first().filter(|w| !w.starts_with('(')) {
                if (first.eq_ignore_ascii_case("not") || first.eq_ignore_ascii_case("only"))
                    && rest.len() > 1
                {
                    query.modifier = first.to_string();
                    rest = &rest[1..];
                }
                query.kind = rest[0].to_string();
                rest = &rest[1..];
            }
            // Features between the `and`s, each as grass wrote it.
            let mut feature = Vec::new();
            for w in rest {
                if w.eq_ignore_ascii_case("and") {
                    if !feature.is_empty() {
                        query.features.push(feature.join(" "));
                        feature.clear();
                    }
                } else {
                    feature.push(*w);
                }
            }
            if !feature.is_empty() {
                query.features.push(feature.join(" "));
            }
            query
        })
        .collect()
}

/// Two query lists nested, merged pair by pair as libsass merges them; pairs that cannot
/// hold together are left out (an empty result: nothing to write).
pub fn merge_lists(outer: &str, inner: &str) -> String {
    let (a, b) = (parse(outer), parse(inner));
    a.iter()
        .flat_map(|x| b.iter().filter_map(|y| x.merge(y)))
        .filter(|q| !q.is_empty())
        .map(|q| q.render())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Takes [`PREFIX`] out of every `@media` and merges nested ones into their ancestors',
/// outer blocks split around inner ones, as libsass bubbles them.
pub fn merge_nested(nodes: Vec<Node>) -> Vec<Node> {
    let mut out = Vec::new();
    for node in nodes {
        fix(node, None, &mut out);
    }
    out
}

/// Appends what `node` becomes inside the `@media` whose merged queries are `outer`.
fn fix(node: Node, outer: Option<&[Query]>, out: &mut Vec<Node>) {
    match node {
        Node::AtRule {
            name,
            params,
            children: Some(children),
            origin,
        } if name.eq_ignore_ascii_case("@media") => {
            let own = params
                .strip_prefix(PREFIX.trim_start())
                .map(str::trim_start)
                .unwrap_or(&params);
            let (queries, params) = match outer {
                // At the top, grass's text stays as it is.
                None => (parse(own), own.to_string()),
                Some(outer) => {
                    let own = parse(own);
                    let merged: Vec<Query> = outer
                        .iter()
                        .flat_map(|o| own.iter().filter_map(|q| o.merge(q)))
                        .filter(|q| !q.is_empty())
                        .collect();
                    let text = merged
                        .iter()
                        .map(Query::render)
                        .collect::<Vec<_>>()
                        .join(", ");
                    (merged, text)
                }
            };
            // libsass writes nothing of a block whose queries cancel out.
            if queries.is_empty() {
                return;
            }
            // Runs of other statements stay in a copy of this block; an inner `@media`
            // follows it at this level, as libsass's `debubble` slices the block.
            let mut run = Vec::new();
            let flush = |run: &mut Vec<Node>, out: &mut Vec<Node>| {
                if !run.is_empty() {
                    out.push(Node::AtRule {
                        name: name.clone(),
                        params: params.clone(),
                        children: Some(std::mem::take(run)),
                        origin,
                    });
                }
            };
            for child in children {
                let is_media = matches!(&child, Node::AtRule { name: n, children: Some(_), .. }
                    if n.eq_ignore_ascii_case("@media"));
                if is_media {
                    flush(&mut run, out);
                    fix(child, Some(&queries), out);
                } else {
                    fix(child, Some(&queries), &mut run);
                }
            }
            flush(&mut run, out);
        }
        Node::AtRule {
            name,
            params,
            children: Some(children),
            origin,
        } => {
            // `@media` in `@supports` in `@media` merges, but stays where it is.
            let mut inner = Vec::new();
            for child in children {
                fix(child, outer, &mut inner);
            }
            out.push(Node::AtRule {
                name,
                params,
                children: Some(inner),
                origin,
            });
        }
        other => out.push(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merge(a: &str, b: &str) -> String {
        super::merge_lists(a, b)
    }

    #[test]
    fn merges_as_jekyll_4_3_1_does() {
        // Each pair measured with Jekyll 4.3.1 (sassc 2.4, libsass 3.6.5).
        let cases = [
            (
                "all and (min-width: 10px)",
                "(orientation: landscape)",
                "all and (min-width: 10px) and (orientation: landscape)",
            ),
            ("screen", "print", ""),
            ("screen", "screen and (color)", "screen and (color)"),
            ("not screen", "print", "screen"),
            ("not screen", "screen", ""),
            (
                "only screen",
                "(min-width: 1px)",
                "only screen and (min-width: 1px)",
            ),
            (
                "(min-width: 1px)",
                "all and (max-width: 2px)",
                "all and (min-width: 1px) and (max-width: 2px)",
            ),
            (
                "screen, print",
                "(color)",
                "screen and (color), print and (color)",
            ),
            (
                "(a: 1), (b: 2)",
                "(c: 3), (d: 4)",
                "(a: 1) and (c: 3), (a: 1) and (d: 4), (b: 2) and (c: 3), (b: 2) and (d: 4)",
            ),
            ("all", "screen", "all"),
            ("screen", "all", "screen"),
            ("not screen", "not print", ""),
            (
                "not screen and (a: 1)",
                "not screen",
                "not screen and (a: 1)",
            ),
            ("only screen", "only print", ""),
            ("print", "not screen", "print"),
            ("not all", "screen", ""),
            ("SCREEN and (COLOR)", "ALL", "SCREEN and (COLOR)"),
            ("allx", "screen", "allx"),
            ("Not Screen", "print", "Screen"),
            (
                "screen and (a: 1)",
                "screen and (a: 1)",
                "screen and (a: 1) and (a: 1)",
            ),
        ];
        for (outer, inner, want) in cases {
            assert_eq!(merge(outer, inner), want, "{outer} / {inner}");
        }
    }

    #[test]
    fn indented_files_get_the_prefix_outside_comments() {
        let src = "@media screen\n  a\n    b: c\n/* note\n  @media print\n@media(color)\n";
        let want = format!(
            "@media{PREFIX}  screen\n  a\n    b: c\n/* note\n  @media print\n@media{PREFIX} (color)\n"
        );
        assert_eq!(prefix_indented(src), want);
    }

    #[test]
    fn odd_lists_do_not_panic() {
        for q in ["", ",", "not", "and", "(", ")) and ((", "only and", "a,,b"] {
            let _ = merge(q, q);
        }
    }
}
