//! The progress indication of long builds: on an interactive terminal only, after a second,
//! a line on stderr redrawn in place and erased when the build ends. While documents and
//! pages render it is a bar (`Rendering [=====>    ] 523/1105`), otherwise Jekyll's
//! `Generating...` topic with the phase and the time so far. Never into a log, a pipe or CI,
//! and not with `--quiet`: there the build prints only its usual lines.

use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use hyde::build::BuildProgress;

/// The drawing thread and what it draws from.
pub(crate) struct Progress {
    state: Arc<BuildProgress>,
    drawer: Option<(Arc<AtomicBool>, std::thread::JoinHandle<()>)>,
}

impl Progress {
    /// Starts the indication if stderr is an interactive terminal and `quiet` is off; the
    /// build reports to [`Progress::tracker`] either way.
    pub(crate) fn start(quiet: bool) -> Progress {
        Progress::show(quiet, Arc::default())
    }

    /// [`Progress::start`] drawing from `state`, which the caller hands to the build.
    pub(crate) fn show(quiet: bool, state: Arc<BuildProgress>) -> Progress {
        if quiet || !interactive() {
            return Progress {
                state,
                drawer: None,
            };
        }
        let done = Arc::new(AtomicBool::new(false));
        let (seen, stop) = (state.clone(), done.clone());
        let thread = std::thread::spawn(move || {
            let start = Instant::now();
            let mut drawn = String::new();
            let width = width();
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                let secs = start.elapsed().as_secs_f64();
                // Short builds (most rebuilds) show nothing.
                if secs < 1.0 || stop.load(Ordering::Relaxed) {
                    continue;
                }
                let line = status_line(seen.phase(), seen.counts(), secs, width);
                // Redrawn only when it changed: a slow page can hold the bar for seconds.
                if line != drawn {
                    let mut err = std::io::stderr().lock();
                    let _ = write!(err, "\r\x1b[2K{line}");
                    let _ = err.flush();
                    drawn = line;
                }
            }
            if !drawn.is_empty() {
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r\x1b[2K");
                let _ = err.flush();
            }
        });
        Progress {
            state,
            drawer: Some((done, thread)),
        }
    }

    /// What the build keeps up to date.
    pub(crate) fn tracker(&self) -> &BuildProgress {
        &self.state
    }

    /// Erases the line, before the build's outcome is printed.
    pub(crate) fn finish(self) {
        if let Some((done, thread)) = self.drawer {
            done.store(true, Ordering::Relaxed);
            let _ = thread.join();
        }
    }
}

/// Whether stderr is a terminal a line can be redrawn on, outside CI (whose logs keep every
/// carriage return).
fn interactive() -> bool {
    use std::io::IsTerminal as _;
    std::io::stderr().is_terminal()
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        && std::env::var_os("CI").is_none_or(|v| v.is_empty() || v == "false")
}

/// The terminal's width: `COLUMNS` where the shell exports it, else the classic 80 (asking
/// the terminal needs an ioctl, so a dependency, for a line that fits 80 columns anyway).
fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&c: &usize| c >= 20)
        .unwrap_or(80)
}

/// The line shown `secs` into a build, for a terminal `width` columns wide.
pub(crate) fn status_line(
    phase: &str,
    (done, total): (usize, usize),
    secs: f64,
    width: usize,
) -> String {
    if phase == "rendering" && total > 0 {
        bar_line(done, total, width)
    } else {
        let phase = if phase.is_empty() { "starting" } else { phase };
        hyde::build::log_line("Generating...", &format!("{phase} {secs:.1}s"))
    }
}

/// `Rendering [=====>    ] 523/1105` in Jekyll's topic column, the bar as wide as fits in
/// `width` columns (one spare, so the cursor never wraps) up to 40.
pub(crate) fn bar_line(done: usize, total: usize, width: usize) -> String {
    let done = done.min(total);
    let count = format!("{done}/{total}");
    // The topic column (20), the brackets and the space before the count.
    let bar = width.saturating_sub(20 + 3 + count.len() + 1).clamp(0, 40);
    if bar < 5 {
        return hyde::build::log_line("Rendering", &count);
    }
    let filled = (bar * done).checked_div(total).unwrap_or(0);
    let body = if filled >= bar {
        "=".repeat(bar)
    } else if filled == 0 {
        " ".repeat(bar)
    } else {
        format!("{}>{}", "=".repeat(filled - 1), " ".repeat(bar - filled))
    };
    hyde::build::log_line("Rendering", &format!("[{body}] {count}"))
}

#[cfg(test)]
mod tests {
    use super::{bar_line, status_line};

    #[test]
    fn the_bar_fills_in_proportion_and_fits_the_width() {
        assert_eq!(
            bar_line(0, 10, 80),
            format!("{:>20}[{}] 0/10", "Rendering ", " ".repeat(40))
        );
        assert_eq!(
            bar_line(5, 10, 80),
            format!(
                "{:>20}[{}>{}] 5/10",
                "Rendering ",
                "=".repeat(19),
                " ".repeat(20)
            )
        );
        assert_eq!(
            bar_line(10, 10, 80),
            format!("{:>20}[{}] 10/10", "Rendering ", "=".repeat(40))
        );
        // More done than counted (a re-render in order) never overflows the bar.
        assert_eq!(bar_line(12, 10, 80), bar_line(10, 10, 80));
        for width in [40, 50, 60, 79, 80, 120, 200] {
            for (d, t) in [(0, 1105), (523, 1105), (1105, 1105), (7, 99_999)] {
                let line = bar_line(d, t, width);
                assert!(line.chars().count() < width, "{width}: {line:?}");
                assert!(line.ends_with(&format!(" {d}/{t}")), "{line:?}");
                assert!(!line.contains('\x1b'));
            }
        }
        // Narrower than a 5-column bar: the count alone.
        assert_eq!(bar_line(3, 9, 30), format!("{:>20}3/9", "Rendering "));
        let half = bar_line(523, 1105, 60);
        assert_eq!(
            half,
            format!(
                "{:>20}[{}>{}] 523/1105",
                "Rendering ",
                "=".repeat(12),
                " ".repeat(15)
            )
        );
    }

    #[test]
    fn other_phases_show_the_time() {
        assert_eq!(
            status_line("reading", (0, 0), 1.25, 80),
            format!("{:>20}reading 1.2s", "Generating... ")
        );
        assert_eq!(
            status_line("rendering", (0, 0), 2.0, 80),
            format!("{:>20}rendering 2.0s", "Generating... ")
        );
        assert!(status_line("rendering", (1, 4), 2.0, 80).contains("] 1/4"));
    }
}
