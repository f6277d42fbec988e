//! `{% increment %}` and `{% decrement %}` counters as Jekyll has them: they live in the
//! payload, and Jekyll renders every document and page with one payload, so a counter
//! carries on from one item (content, then layouts) to the next in render order, and a later
//! item can print it as a variable. hyde renders items in parallel, each starting from no
//! counters; items that used counters, or looked up a name that is a counter somewhere, are
//! rendered again in order with the counters threaded through (with `site::order`'s redo).

use crate::liquid::Context;
use crate::value::Hash;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::Mutex;

/// What one item's render did with counters.
#[derive(Default)]
struct ItemState {
    counters: Hash,
    used: bool,
    missed: Vec<String>,
}

thread_local! {
    static ITEM: RefCell<Option<ItemState>> = const { RefCell::new(None) };
}

/// Gives a new render context the counters the item has so far.
pub(super) fn seed(ctx: &mut Context) {
    ITEM.with(|s| {
        if let Some(state) = s.borrow().as_ref() {
            ctx.set_counters(state.counters.clone());
        }
    });
}

/// Takes back the counters (and the names it missed) from a finished render context.
pub(super) fn collect(ctx: &mut Context) {
    let missed = ctx.missed_names().to_vec();
    let (counters, used) = ctx.take_counters();
    ITEM.with(|s| {
        if let Some(state) = s.borrow_mut().as_mut() {
            state.counters = counters;
            state.used |= used;
            for m in missed {
                if !state.missed.contains(&m) {
                    state.missed.push(m);
                }
            }
        }
    });
}

/// Runs `f` as one item's render starting from `start`; returns its result and what it did.
fn with_item<T>(start: Hash, f: impl FnOnce() -> T) -> (T, ItemState) {
    let prev = ITEM.with(|s| {
        s.replace(Some(ItemState {
            counters: start,
            ..ItemState::default()
        }))
    });
    let r = f();
    let state = ITEM.with(|s| s.replace(prev)).unwrap_or_default();
    (r, state)
}

/// What an item of a parallel pass did: whether it used counters, the counter names it
/// ended with, the names it looked up and missed.
type Seen = (bool, Vec<String>, Vec<String>);

/// The counters of one build.
#[derive(Default)]
pub(super) struct Counters {
    /// The counters as the in-order pass has left them so far.
    running: Mutex<Hash>,
    /// Items of the parallel passes that used counters or missed names.
    seen: Mutex<crate::fast_hash::FastMap<usize, Seen>>,
}

impl Counters {
    /// Renders item `i` with `f`: from no counters in the parallel pass, from the running
    /// counters in the in-order (`exact`) pass, which then carries on from where it ended.
    pub(super) fn render<T, E>(
        &self,
        i: usize,
        exact: bool,
        f: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        let start = if exact {
            self.running.lock().map(|c| c.clone()).unwrap_or_default()
        } else {
            Hash::default()
        };
        let (r, state) = with_item(start, f);
        if state.used {
            crate::site::deps::counters();
        }
        if exact {
            if let (true, Ok(mut running)) = (r.is_ok(), self.running.lock()) {
                *running = state.counters;
            }
        } else if (state.used || !state.missed.is_empty())
            && let Ok(mut seen) = self.seen.lock()
        {
            let names = state.counters.keys().cloned().collect();
            seen.insert(i, (state.used, names, state.missed));
        }
        r
    }

    /// Renders an excerpt: Jekyll gives each its own payload, so its counters start afresh.
    pub(super) fn fresh<T>(f: impl FnOnce() -> T) -> T {
        with_item(Hash::default(), f).0
    }

    /// The items in `from..to` to render again in order: those that used counters, and those
    /// that looked up a name some item used as a counter.
    pub(super) fn to_redo(&self, from: usize, to: usize) -> BTreeSet<usize> {
        let Ok(seen) = self.seen.lock() else {
            return BTreeSet::new();
        };
        let names: BTreeSet<&String> = seen
            .values()
            .filter(|(used, _, _)| *used)
            .flat_map(|(_, names, _)| names)
            .collect();
        seen.iter()
            .filter(|(i, (used, _, missed))| {
                (from..to).contains(*i) && (*used || missed.iter().any(|m| names.contains(m)))
            })
            .map(|(i, _)| *i)
            .collect()
    }
}
