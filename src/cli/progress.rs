//! The progress bar of long folder checks: on stderr, only when stderr is a terminal and the
//! output is for people (`pretty`, `html`), and only once a run is long — more than
//! [`MANY_FILES`] files, or still going after [`DELAY`]. Short runs never flicker a bar.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

pub const MANY_FILES: usize = 200;
pub const DELAY: Duration = Duration::from_secs(1);

pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    visible: AtomicBool,
}

impl Progress {
    /// `enabled` is false for machine formats; the terminal check is done here.
    pub fn new(files: usize, enabled: bool) -> Progress {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::hidden());
            let style = ProgressStyle::with_template("{spinner} 检查中 [{bar:30}] {pos}/{len} 个文件 {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            bar.set_style(style);
            bar
        });
        let progress = Progress { bar, started: Instant::now(), visible: AtomicBool::new(false) };
        if files > MANY_FILES {
            progress.show();
        }
        progress
    }

    /// One more file done; called from the worker threads.
    pub fn inc(&self) {
        let Some(bar) = &self.bar else { return };
        if !self.visible.load(Ordering::Relaxed) && self.started.elapsed() >= DELAY {
            self.show();
        }
        bar.inc(1);
    }

    fn show(&self) {
        if let Some(bar) = &self.bar {
            if !self.visible.swap(true, Ordering::Relaxed) {
                bar.set_draw_target(ProgressDrawTarget::stderr());
                bar.enable_steady_tick(Duration::from_millis(120));
            }
        }
    }

    /// Runs `f` (which writes results) with the bar hidden, then draws it again.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Removes the bar before the last results are printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
