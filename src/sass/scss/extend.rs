//! `@extend` applied to the expanded CSS tree, for the forms themes use: a simple selector
//! (`.btn`, `%placeholder`) extended by selectors of one or more compounds. Each complex
//! selector that holds the target is followed by its extensions, the latest `@extend`
//! first (as libsass 3.6 orders them); placeholders are dropped afterwards, and rules left
//! with no selector with them.

use crate::sass::css::Node;
use crate::sass::selector::{components, split_simple};

/// One `@extend`: the simple selector extended, the selectors extending it, and the
/// `@media` query it was written under.
#[derive(Debug, Clone)]
pub struct Extension {
    /// The target: one simple selector.
    pub target: String,
    /// The extending complex selectors.
    pub extenders: Vec<String>,
    /// The enclosing `@media` query, if any.
    pub media: Option<String>,
    /// `!optional`.
    pub optional: bool,
}

/// Applies `extensions` to `nodes`; an error for a non-optional target found nowhere.
pub fn apply(nodes: &mut Vec<Node>, extensions: &[Extension]) -> Result<(), String> {
    let mut found = vec![false; extensions.len()];
    rewrite(nodes, extensions, None, &mut found);
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

fn rewrite(
    nodes: &mut Vec<Node>,
    extensions: &[Extension],
    media: Option<&str>,
    found: &mut [bool],
) {
    for node in nodes.iter_mut() {
        match node {
            Node::Rule { selector, .. } => {
                *selector = extend_list(selector, extensions, media, found);
            }
            // Keyframe selectors (`0%`, `from`) are not selectors to extend.
            Node::AtRule { name, .. } if name.ends_with("keyframes") => {}
            Node::AtRule {
                name,
                params,
                children: Some(children),
            } => {
                let inner = if name == "@media" {
                    Some(params.as_str())
                } else {
                    media
                };
                rewrite(children, extensions, inner, found);
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

/// A selector list with the extensions added and placeholders taken out.
fn extend_list(
    list: &str,
    extensions: &[Extension],
    media: Option<&str>,
    found: &mut [bool],
) -> String {
    let mut out: Vec<String> = Vec::new();
    for complex in list.split(", ") {
        let mut todo = vec![complex.to_string()];
        let mut seen: Vec<String> = Vec::new();
        while let Some(c) = todo.pop() {
            if seen.contains(&c) {
                continue;
            }
            seen.push(c.clone());
            // The latest `@extend` first.
            let mut made = Vec::new();
            for (k, e) in extensions.iter().enumerate().rev() {
                // An `@extend` outside any `@media` reaches into them; one inside reaches
                // its own block's rules.
                if e.media.is_some() && e.media.as_deref() != media {
                    continue;
                }
                for ext in &e.extenders {
                    for v in substitute(&c, &e.target, ext) {
                        found[k] = true;
                        if !seen.contains(&v) && !made.contains(&v) {
                            made.push(v);
                        }
                    }
                }
            }
            // Extensions of extensions follow, in order.
            todo.extend(made.into_iter().rev());
        }
        // The selector as written stays, repeated or not; an extension once.
        let mut made = seen.into_iter();
        out.extend(made.next());
        for e in made {
            if !out.contains(&e) {
                out.push(e);
            }
        }
    }
    out.retain(|c| !is_placeholder(c));
    out.join(", ")
}

/// `complex` with `target` (in one of its compounds) replaced by `extender`: none when it
/// does not hold the target; the extender's leading compounds woven with the selector's
/// (both orders) when both have some.
fn substitute(complex: &str, target: &str, extender: &str) -> Vec<String> {
    let parts = components(complex);
    let ext = components(extender);
    let Some((ext_last, ext_prefix)) = ext.split_last() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let simples = split_simple(part);
        if !simples.iter().any(|s| s == target) {
            continue;
        }
        let rest: Vec<String> = simples.into_iter().filter(|s| s != target).collect();
        let Some(unified) = unify(ext_last, &rest) else {
            continue;
        };
        let before = &parts[..i];
        let after = &parts[i + 1..];
        let mut prefixes: Vec<Vec<String>> = vec![];
        if ext_prefix.is_empty() || before.is_empty() {
            prefixes.push(before.iter().chain(ext_prefix).cloned().collect());
        } else {
            prefixes.push(before.iter().chain(ext_prefix).cloned().collect());
            prefixes.push(ext_prefix.iter().chain(before).cloned().collect());
        }
        for prefix in prefixes {
            let mut words = prefix;
            words.push(unified.clone());
            words.extend(after.iter().cloned());
            out.push(words.join(" "));
        }
    }
    out
}

/// The extender's compound joined with what is left of the target's compound: a type
/// selector first, pseudo-elements last; `None` when two type selectors clash.
fn unify(extender: &str, rest: &[String]) -> Option<String> {
    let mut simples = split_simple(extender);
    for s in rest {
        if !simples.contains(s) {
            simples.push(s.clone());
        }
    }
    let is_type = |s: &String| {
        s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '*')
    };
    let types: Vec<&String> = simples.iter().filter(|s| is_type(s)).collect();
    if types.len() > 1 && types.iter().any(|t| *t != types[0] && t.as_str() != "*") {
        return None;
    }
    let mut ordered: Vec<String> = simples
        .iter()
        .filter(|s| is_type(s))
        .take(1)
        .cloned()
        .collect();
    ordered.extend(
        simples
            .iter()
            .filter(|s| !is_type(s) && !s.starts_with("::"))
            .cloned(),
    );
    ordered.extend(simples.iter().filter(|s| s.starts_with("::")).cloned());
    Some(ordered.concat())
}

/// Whether a complex selector holds a placeholder (`%name`).
fn is_placeholder(complex: &str) -> bool {
    components(complex)
        .iter()
        .any(|part| split_simple(part).iter().any(|s| s.starts_with('%')))
}
