//! Jekyll renders documents, then pages, one after another: an item sees the converted
//! `content` (and the `output`) of items rendered before it, and the raw content of items
//! after it. hyde renders in parallel, so this module keeps that visible order exact: while
//! an item renders, reads of other items' content are answered as Jekyll's order would answer
//! them once hyde has the values, and reads it cannot answer yet are logged so the reader is
//! rendered again, in order, afterwards.

use std::cell::RefCell;
use std::sync::{Arc, Mutex};

/// The render order of one build.
#[derive(Debug, Default)]
pub struct RenderOrder {
    /// How many documents come first (pages follow them).
    pub docs: usize,
    /// `(reader, read)` pairs the first pass answered with raw content although Jekyll's
    /// order shows the reader the converted one.
    reads: Mutex<Vec<(usize, usize)>>,
    /// Items not rendered in the current pass: their content is final (an incremental
    /// build keeps the last build's; a later wave the earlier wave's).
    settled: std::sync::RwLock<Vec<bool>>,
}

/// What an item's `content` looks like to the item being rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visible {
    /// The reader is the item itself: raw content while its own Liquid renders, then (in its
    /// layouts) the converted content given here.
    Own(Option<Arc<str>>),
    /// Rendered before the reader: converted content and output.
    Converted,
    /// Not rendered yet from the reader's point of view: raw content, no output.
    Raw,
}

struct Current {
    item: usize,
    exact: bool,
    order: Arc<RenderOrder>,
    /// The item's converted content once it is placed in its layouts.
    own: Option<Arc<str>>,
}

thread_local! {
    static CURRENT: RefCell<Option<Current>> = const { RefCell::new(None) };
}

impl RenderOrder {
    /// An order of `total` items with `docs` documents first.
    pub fn new(docs: usize, total: usize) -> Arc<RenderOrder> {
        Arc::new(RenderOrder {
            docs,
            reads: Mutex::new(Vec::new()),
            settled: std::sync::RwLock::new(vec![false; total]),
        })
    }

    /// Starts a pass that renders the items marked in `rendering`; the others are settled.
    pub fn settle(&self, rendering: &[bool]) {
        if let Ok(mut s) = self.settled.write() {
            *s = rendering.iter().map(|r| !r).collect();
        }
        if let Ok(mut r) = self.reads.lock() {
            r.clear();
        }
    }

    /// Runs `f` as the rendering of `item`; `exact` once every earlier item's final content
    /// is known (the in-order second pass).
    pub fn render_as<T>(self: &Arc<Self>, item: usize, exact: bool, f: impl FnOnce() -> T) -> T {
        let prev = CURRENT.with(|c| {
            c.replace(Some(Current {
                item,
                exact,
                order: self.clone(),
                own: None,
            }))
        });
        let r = f();
        CURRENT.with(|c| *c.borrow_mut() = prev);
        r
    }

    /// The readers the first pass served wrongly, in render order.
    pub fn readers_to_redo(&self, from: usize, to: usize) -> Vec<usize> {
        let mut items: Vec<usize> = self
            .reads
            .lock()
            .map(|r| {
                r.iter()
                    .map(|&(i, _)| i)
                    .filter(|i| (from..to).contains(i))
                    .collect()
            })
            .unwrap_or_default();
        items.sort_unstable();
        items.dedup();
        items
    }
}

/// Records the converted content of the item rendering on this thread, from the moment it is
/// placed in its layouts (Jekyll has replaced `content` by then).
pub fn set_own_content(content: Arc<str>) {
    CURRENT.with(|c| {
        if let Some(cur) = c.borrow_mut().as_mut() {
            cur.own = Some(content);
        }
    });
}

/// The item being rendered on this thread, if any.
pub fn current_item() -> Option<usize> {
    CURRENT.with(|c| c.borrow().as_ref().map(|c| c.item))
}

/// How item `j`'s content looks to the item being rendered on this thread (none: the current
/// state, `Converted` if it exists).
pub fn visible(j: usize) -> Visible {
    CURRENT.with(|c| {
        let c = c.borrow();
        let Some(cur) = c.as_ref() else {
            return Visible::Converted;
        };
        let i = cur.item;
        if i == j {
            return Visible::Own(cur.own.clone());
        }
        if j > i {
            return Visible::Raw;
        }
        // Documents are all rendered before any page renders.
        let earlier_phase = j < cur.order.docs && i >= cur.order.docs;
        let settled = || {
            cur.order
                .settled
                .read()
                .is_ok_and(|s| s.get(j).copied().unwrap_or(false))
        };
        if cur.exact || earlier_phase || settled() {
            return Visible::Converted;
        }
        if let Ok(mut r) = cur.order.reads.lock() {
            r.push((i, j));
        }
        Visible::Raw
    })
}
