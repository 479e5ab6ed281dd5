//! The progress bar of `index` on a terminal.

use hrsearch::{Progress, Stage};

/// An indicatif progress bar on stderr (hidden when not wanted): bytes
/// processed with rate and ETA, and files done.
pub struct BarProgress {
    pub bar: indicatif::ProgressBar,
    files_done: std::sync::atomic::AtomicUsize,
    files: std::sync::atomic::AtomicUsize,
}

impl BarProgress {
    pub fn new(visible: bool) -> BarProgress {
        let bar = if visible {
            indicatif::ProgressBar::new(0)
        } else {
            indicatif::ProgressBar::hidden()
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {prefix} [{bar:30}] {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} ETA {eta} {msg}",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        BarProgress {
            bar,
            files_done: Default::default(),
            files: Default::default(),
        }
    }
}

impl Progress for BarProgress {
    fn begin(&self, stage: Stage, files: usize, bytes: u64) {
        self.files
            .store(files, std::sync::atomic::Ordering::Relaxed);
        self.files_done
            .store(0, std::sync::atomic::Ordering::Relaxed);
        self.bar.reset();
        self.bar.set_length(bytes);
        self.bar.set_prefix(match stage {
            Stage::Reading => "reading",
            Stage::Indexing => "indexing",
        });
        self.bar.set_message(format!("0/{files} files"));
    }

    fn file_done(&self, bytes: u64) {
        let done = self
            .files_done
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        let files = self.files.load(std::sync::atomic::Ordering::Relaxed);
        self.bar.inc(bytes);
        self.bar.set_message(format!("{done}/{files} files"));
    }

    fn committing(&self) {
        self.bar.set_message("committing");
    }
}
