//! The progress bar of long runs (`review`, and `check` and `import` of
//! many files): on standard error, only when it is a terminal.

use crate::review::Progress;
use std::io::IsTerminal;
use std::path::Path;

/// The progress bar on standard error; hidden when it is not a terminal,
/// and until its first phase starts (no empty `0/0` frame).
pub struct Bar {
    bar: indicatif::ProgressBar,
    shown: bool,
}

impl Bar {
    /// A bar on a terminal, or a hidden one.
    pub fn new(quiet: bool) -> Bar {
        let shown = !quiet && std::io::stderr().is_terminal();
        let bar = indicatif::ProgressBar::hidden();
        if shown {
            let style =
                indicatif::ProgressStyle::with_template("{prefix} {bar:30} {pos}/{len} {wide_msg}")
                    .expect("a valid template")
                    .progress_chars("█▉ ");
            bar.set_style(style);
        }
        Bar { bar, shown }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn start(&self, phase: &str, total: usize) {
        self.bar.set_prefix(phase.to_string());
        self.bar.set_position(0);
        self.bar.set_length(total as u64);
        self.bar.set_message("");
        if self.shown && self.bar.is_hidden() {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
    fn done(&self, path: &Path) {
        self.bar.inc(1);
        self.bar.set_message(path.display().to_string());
    }
}
