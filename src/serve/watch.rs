//! Watching the source for changes: OS events (or polling), debounced, with the destination,
//! version control, caches and editor scratch files ignored.

use notify::{Event, RecursiveMode, Watcher};
use std::cell::Cell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

/// A running watcher; dropping it stops watching.
pub struct Watch {
    _watcher: Box<dyn Watcher + Send>,
    events: Receiver<notify::Result<Event>>,
    source: PathBuf,
    ignored: Vec<PathBuf>,
    excluded: Vec<String>,
    /// No batch returned yet: what changed between the build before watching started and
    /// the watch is unknown.
    first: Cell<bool>,
    /// The destination, when it is watched (inside the source, as `_site` is).
    dest: Option<PathBuf>,
    /// Why the OS's events could not be had, when polling stands in for them.
    fallback: Option<String>,
}

/// One batch of changes.
pub struct Change {
    /// The changed paths that call for a rebuild.
    pub paths: Vec<PathBuf>,
    /// Every path the events named outside the destination and version control (excluded
    /// and scratch files too), or `None` when events may have been lost (the OS queue
    /// overflowed, a watch error) or the batch is the first: for
    /// [`Regenerator::expect_changes`](crate::build::Regenerator::expect_changes).
    pub seen: Option<HashSet<PathBuf>>,
    /// The same for the destination: every path in it the events named (the last build's
    /// writes, and whatever else removed or changed files there), or `None` when that is
    /// not known (a destination outside the source is not watched).
    pub dest_seen: Option<HashSet<PathBuf>>,
}

/// Editor scratch files: vim swap and backup files, emacs locks, JetBrains temp files.
fn scratch(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
        || name == "4913"
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

impl Watch {
    /// Watches `source`, ignoring `dest` and the `exclude`d names; polls when `poll` is set
    /// (or when OS events are unavailable).
    pub fn start(
        source: &Path,
        dest: &Path,
        excluded: Vec<String>,
        poll: bool,
    ) -> notify::Result<Watch> {
        let (tx, rx) = channel();
        let poller = |tx| -> notify::Result<Box<dyn Watcher + Send>> {
            let config = notify::Config::default().with_poll_interval(Duration::from_millis(300));
            let mut w = notify::PollWatcher::new(tx, config)?;
            w.watch(source, RecursiveMode::Recursive)?;
            Ok(Box::new(w))
        };
        let mut fallback = None;
        let watcher = if poll {
            poller(tx)?
        } else {
            // inotify runs out (its per-user limits on instances and watches, shared by every
            // editor and tool of the user): polling is slower but sees every change, where
            // giving up would end `serve` after the server started.
            let os = notify::recommended_watcher(tx.clone()).and_then(|mut w| {
                w.watch(source, RecursiveMode::Recursive)?;
                Ok(w)
            });
            match os {
                Ok(w) => Box::new(w),
                Err(e) => {
                    fallback = Some(e.to_string());
                    poller(tx)?
                }
            }
        };
        let ignored = vec![
            dest.to_path_buf(),
            source.join(".git"),
            source.join(".jekyll-cache"),
            source.join(".sass-cache"),
            source.join(".jekyll-metadata"),
        ];
        Ok(Watch {
            _watcher: watcher,
            fallback,
            events: rx,
            source: source.to_path_buf(),
            ignored,
            excluded,
            first: Cell::new(true),
            dest: dest.starts_with(source).then(|| dest.to_path_buf()),
        })
    }

    /// Why this watch polls though OS events were asked for (for a warning).
    pub fn polling_because(&self) -> Option<&str> {
        self.fallback.as_deref()
    }

    fn relevant(&self, path: &Path) -> bool {
        if self.ignored.iter().any(|i| path.starts_with(i)) {
            return false;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if scratch(name) {
            return false;
        }
        let rel = path.strip_prefix(&self.source).unwrap_or(path);
        let first = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or("");
        !self
            .excluded
            .iter()
            .any(|e| e.trim_end_matches('/') == first || rel.to_string_lossy() == e.as_str())
    }

    /// Waits for the next change and returns the changed paths, after `quiet` without further
    /// events (so a save that touches several files rebuilds once).
    pub fn next_change(&self, quiet: Duration) -> Option<Change> {
        let mut changed: Vec<PathBuf> = Vec::new();
        let first = self.first.replace(false);
        let mut seen: Option<HashSet<PathBuf>> = (!first).then(HashSet::new);
        let mut dest_seen: Option<HashSet<PathBuf>> = self
            .dest
            .as_ref()
            .filter(|_| !first)
            .map(|_| HashSet::new());
        // Paths created in this batch: one gone again by its end was an editor's temporary
        // file (sed, gedit and others save by writing a temporary file and renaming it).
        let mut created: Vec<PathBuf> = Vec::new();
        loop {
            let timeout = if changed.is_empty() {
                Duration::from_secs(3600)
            } else {
                quiet
            };
            match self.events.recv_timeout(timeout) {
                Ok(Ok(ev)) if ev.need_rescan() => (seen, dest_seen) = (None, None),
                // Reads (the build's own included) are not changes.
                Ok(Ok(ev))
                    if matches!(
                        ev.kind,
                        notify::EventKind::Access(_) | notify::EventKind::Other
                    ) => {}
                Ok(Ok(ev)) => {
                    let create = matches!(ev.kind, notify::EventKind::Create(_));
                    for p in ev.paths {
                        if let Some(seen) = &mut seen
                            && !self.ignored.iter().any(|i| p.starts_with(i))
                        {
                            seen.insert(p.clone());
                        }
                        if let (Some(d), Some(dest_seen)) = (&self.dest, &mut dest_seen)
                            && p.starts_with(d)
                        {
                            dest_seen.insert(p.clone());
                        }
                        if create && !created.contains(&p) {
                            created.push(p.clone());
                        }
                        if self.relevant(&p) && !changed.contains(&p) {
                            changed.push(p);
                        }
                    }
                }
                // A lost event, or the watch failed somewhere: anything may have changed.
                Ok(Err(_)) => (seen, dest_seen) = (None, None),
                Err(RecvTimeoutError::Timeout) if !changed.is_empty() => {
                    changed.retain(|p| !created.contains(p) || p.exists());
                    created.clear();
                    if !changed.is_empty() {
                        return Some(Change {
                            paths: changed,
                            seen,
                            dest_seen,
                        });
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }
}
