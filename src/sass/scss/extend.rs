//! `@extend` applied to the expanded CSS tree, for the forms themes use: a simple selector
//! (`.btn`, `%placeholder`) extended by selectors of one or more compounds. Each complex
//! selector that holds the target is followed by its extensions, the latest `@extend`
//! first (as libsass 3.6 orders them); placeholders are dropped afterwards, and rules left
//! with no selector with them.

use crate::sass::css::Node;
use crate::sass::mark::{Origin, Pos};
use crate::sass::selector::{components, split_simple};

/// Where each simple selector of a complex selector was written.
type Spans = Vec<(Pos, Pos)>;

/// A simple selector (or combinator), and where it was written when known.
type Simple = (String, Option<(Pos, Pos)>);

/// One `@extend`: the simple selector extended, the selectors extending it, and the
/// `@media` query it was written under.
#[derive(Debug, Clone)]
pub struct Extension {
    /// The target: one simple selector.
    pub target: String,
    /// The extending complex selectors.
    pub extenders: Vec<String>,
    /// Where their simple selectors were written, when known (source maps).
    pub extender_spans: Vec<Option<Spans>>,
    /// The enclosing `@media` query, if any.
    pub media: Option<String>,
    /// `!optional`.
    pub optional: bool,
}

/// Applies `extensions` to `nodes`; an error for a non-optional target found nowhere. The
/// rules' `origins`, when kept, learn where the selectors made here were written.
pub fn apply(
    nodes: &mut Vec<Node>,
    extensions: &[Extension],
    origins: &mut [Origin],
) -> Result<(), String> {
    let mut found = vec![false; extensions.len()];
    let mut cx = Rewrite {
        extensions,
        found: &mut found,
        origins,
    };
    cx.rewrite(nodes, None);
    for (e, f) in extensions.iter().zip(&found) {
        if !f && !e.optional {
            return Err(format!(
                "\"{}\" failed to @extend \"{}\".\nThe selector \"{}\" was not found.\nUse \"@extend {} !optional\" if the extend should be able to fail.",
                e.extenders.join(", "),
                e.target,
                e.target,
                e.target
            ));
        }
    }
    Ok(())
}

struct Rewrite<'a> {
    extensions: &'a [Extension],
    found: &'a mut [bool],
    origins: &'a mut [Origin],
}

impl Rewrite<'_> {
    fn rewrite(&mut self, nodes: &mut Vec<Node>, media: Option<&str>) {
        for node in nodes.iter_mut() {
            match node {
                Node::Rule {
                    selector, origin, ..
                } => {
                    let known = match origin.and_then(|o| self.origins.get(o)) {
                        Some(Origin::Rule {
                            resolved: Some(r), ..
                        }) => Some(r.clone()),
                        _ => None,
                    };
                    let (list, made) = self.extend_list(selector, known.as_deref(), media);
                    *selector = list;
                    if let Some(Origin::Rule {
                        resolved: Some(r), ..
                    }) = origin.and_then(|o| self.origins.get_mut(o))
                    {
                        for (text, spans) in made {
                            if !r.iter().any(|(t, _)| *t == text) {
                                r.push((text, spans));
                            }
                        }
                    }
                }
                // Keyframe selectors (`0%`, `from`) are not selectors to extend.
                Node::AtRule { name, .. } if name.ends_with("keyframes") => {}
                Node::AtRule {
                    name,
                    params,
                    children: Some(children),
                    ..
                } => {
                    let inner = if name == "@media" {
                        Some(params.as_str())
                    } else {
                        media
                    };
                    self.rewrite(children, inner);
                }
                _ => {}
            }
        }
        nodes.retain(|n| match n {
            Node::Rule { selector, .. } => !selector.is_empty(),
            Node::AtRule {
                name,
                children: Some(c),
                ..
            } if name == "@media" => !c.is_empty(),
            _ => true,
        });
    }

    /// A selector list with the extensions added and placeholders taken out; and the
    /// selectors made, with where their simple selectors were written (when known).
    fn extend_list(
        &mut self,
        list: &str,
        known: Option<&[(String, Spans)]>,
        media: Option<&str>,
    ) -> (String, Vec<(String, Spans)>) {
        let spans_of =
            |c: &str| known.and_then(|k| k.iter().find(|(t, _)| t == c).map(|s| s.1.clone()));
        let mut out: Vec<String> = Vec::new();
        let mut made_spans = Vec::new();
        for written in crate::sass::selector::split_top(list, ',') {
            // A line break written before a selector stays; an extension has one when its
            // extender had.
            let lf = written.trim_start_matches(' ').starts_with('\n');
            let complex = written.trim();
            let mut todo = vec![(complex.to_string(), spans_of(complex), lf)];
            // Each selector once, as text, with its line break.
            let mut seen: Vec<(String, bool)> = Vec::new();
            while let Some((c, cspans, c_lf)) = todo.pop() {
                if seen.iter().any(|s| s.0 == c) {
                    continue;
                }
                seen.push((c.clone(), c_lf));
                if let Some(sp) = &cspans {
                    made_spans.push((c.clone(), sp.clone()));
                }
                // The latest `@extend` first.
                let mut made: Vec<(String, Option<Spans>, bool)> = Vec::new();
                for (k, e) in self.extensions.iter().enumerate().rev() {
                    // An `@extend` outside any `@media` reaches into them; one inside
                    // reaches its own block's rules.
                    if e.media.is_some() && e.media.as_deref() != media {
                        continue;
                    }
                    for (j, ext) in e.extenders.iter().enumerate() {
                        let espans = e.extender_spans.get(j).cloned().flatten();
                        let ext_lf = ext.starts_with('\n');
                        let ext = super::expand::bare(ext);
                        for v in
                            substitute(&c, cspans.as_deref(), &e.target, ext, espans.as_deref())
                        {
                            self.found[k] = true;
                            if seen.iter().any(|s| s.0 == v.0) {
                                continue;
                            }
                            // Made again by an earlier `@extend`: libsass keeps where that
                            // one's selector was written.
                            match made.iter_mut().find(|m| m.0 == v.0) {
                                Some(m) => {
                                    m.1 = v.1;
                                    m.2 = ext_lf;
                                }
                                None => made.push((v.0, v.1, ext_lf)),
                            }
                        }
                    }
                }
                // Extensions of extensions follow, in order.
                todo.extend(made.into_iter().rev());
            }
            // The selector as written stays, repeated or not; an extension once.
            let mark = |(c, lf): (String, bool)| if lf { format!("\n{c}") } else { c };
            let mut made = seen.into_iter();
            out.extend(made.next().map(mark));
            for e in made {
                if !out.iter().any(|o| super::expand::bare(o) == e.0) {
                    out.push(mark(e));
                }
            }
        }
        out.retain(|c| !is_placeholder(super::expand::bare(c)));
        (super::expand::join_list(&out), made_spans)
    }
}

/// A complex selector's components (compounds and combinators), each compound's simple
/// selectors with their spans when `spans` (one per simple selector) says them.
fn parts_with_spans(complex: &str, spans: Option<&[(Pos, Pos)]>) -> Vec<Vec<Simple>> {
    let mut k = 0;
    let total: usize = components(complex)
        .iter()
        .filter(|p| !is_combinator(p))
        .map(|p| split_simple(p).len())
        .sum();
    let spans = spans.filter(|s| s.len() == total);
    components(complex)
        .into_iter()
        .map(|part| {
            if is_combinator(&part) {
                return vec![(part, None)];
            }
            split_simple(&part)
                .into_iter()
                .map(|simple| {
                    let span = spans.and_then(|s| s.get(k)).copied();
                    k += 1;
                    (simple, span)
                })
                .collect()
        })
        .collect()
}

fn is_combinator(part: &str) -> bool {
    matches!(part, ">" | "+" | "~")
}

/// `complex` with `target` (in one of its compounds) replaced by `extender`: none when it
/// does not hold the target; the extender's leading compounds woven with the selector's
/// (both orders) when both have some. Each with its simple selectors' spans, when both
/// sides' are known.
fn substitute(
    complex: &str,
    cspans: Option<&[(Pos, Pos)]>,
    target: &str,
    extender: &str,
    espans: Option<&[(Pos, Pos)]>,
) -> Vec<(String, Option<Spans>)> {
    let parts = parts_with_spans(complex, cspans);
    let ext = parts_with_spans(extender, espans);
    let Some((ext_last, ext_prefix)) = ext.split_last() else {
        return Vec::new();
    };
    let known = cspans.is_some() && espans.is_some();
    let mut out = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if !part.iter().any(|(s, _)| s == target) {
            continue;
        }
        let rest: Vec<_> = part.iter().filter(|(s, _)| s != target).cloned().collect();
        let Some(unified) = unify(ext_last, &rest) else {
            continue;
        };
        let before = &parts[..i];
        let after = &parts[i + 1..];
        let mut prefixes: Vec<Vec<Vec<Simple>>> = vec![];
        prefixes.push(before.iter().chain(ext_prefix).cloned().collect());
        if !ext_prefix.is_empty() && !before.is_empty() {
            prefixes.push(ext_prefix.iter().chain(before).cloned().collect());
        }
        for prefix in prefixes {
            let mut words = prefix;
            words.push(unified.clone());
            words.extend(after.iter().cloned());
            let text: Vec<String> = words
                .iter()
                .map(|w| w.iter().map(|(s, _)| s.as_str()).collect::<String>())
                .collect();
            let spans: Option<Spans> = known
                .then(|| {
                    words
                        .iter()
                        .flatten()
                        .filter(|(s, _)| !is_combinator(s))
                        .map(|(_, sp)| *sp)
                        .collect()
                })
                .flatten();
            out.push((text.join(" "), spans));
        }
    }
    out
}

/// What is left of the target's compound joined with the extender's compound, as libsass
/// unifies them: the extender's simple selectors added one by one to the rest, a type
/// selector first, others before the pseudo selectors, pseudo-classes before a
/// pseudo-element; `None` when two type selectors or two pseudo-elements clash.
fn unify<T: Clone>(extender: &[(String, T)], rest: &[(String, T)]) -> Option<Vec<(String, T)>> {
    let is_type = |s: &str| {
        s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '*')
    };
    let is_element = |s: &str| {
        s.starts_with("::") || matches!(s, ":before" | ":after" | ":first-line" | ":first-letter")
    };
    let mut out: Vec<(String, T)> = rest.to_vec();
    for s in extender {
        if out.iter().any(|(x, _)| *x == s.0) {
            continue;
        }
        if is_type(&s.0) {
            match out.iter().position(|(x, _)| is_type(x)) {
                Some(k) if out[k].0 == "*" => out[k] = s.clone(),
                Some(_) if s.0 == "*" => {}
                Some(_) => return None,
                None => out.insert(0, s.clone()),
            }
        } else if is_element(&s.0) {
            if out.iter().any(|(x, _)| is_element(x)) {
                return None;
            }
            out.push(s.clone());
        } else {
            let before = |x: &str| {
                if s.0.starts_with(':') {
                    is_element(x)
                } else {
                    x.starts_with(':')
                }
            };
            let at = out.iter().position(|(x, _)| before(x)).unwrap_or(out.len());
            out.insert(at, s.clone());
        }
    }
    Some(out)
}

/// Whether a complex selector holds a placeholder (`%name`).
fn is_placeholder(complex: &str) -> bool {
    components(complex)
        .iter()
        .any(|part| split_simple(part).iter().any(|s| s.starts_with('%')))
}
