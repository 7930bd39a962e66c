//! Watches the open data file so that saving it in an editor reloads it.
//!
//! Editors often replace a file instead of writing it in place (vim and VS
//! Code, among others, write a temporary file and rename it over the old
//! one), so the folder is watched, events are filtered by file name and
//! debounced: the app hears of a change once the file has been quiet for a
//! moment, and is woken at once (the `wake` callback requests a repaint), so
//! the window updates without the mouse moving.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_mini::{Debouncer, new_debouncer};

/// How long the file must be quiet before a change is reported.
const SETTLE: Duration = Duration::from_millis(150);

/// What happened to the watched file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// It was written (or replaced): reload it.
    Written,
    /// It is gone (deleted, or renamed away).
    Gone,
}

/// A watch on one file.
pub struct FileWatch {
    path: PathBuf,
    rx: Receiver<Change>,
    _debouncer: Debouncer<notify::RecommendedWatcher>,
}

impl FileWatch {
    /// Starts watching `path` (which need not exist yet); `wake` is called
    /// from the watcher's thread after each change. `None` if the platform
    /// cannot watch the folder (the app then does not reload on its own).
    pub fn new(path: &Path, wake: impl Fn() + Send + 'static) -> Option<FileWatch> {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| absolute(path));
        let folder = path.parent()?.to_path_buf();
        let name = path.file_name()?.to_os_string();
        let target = path.clone();
        let (tx, rx) = channel();
        let mut debouncer = new_debouncer(
            SETTLE,
            move |events: notify_debouncer_mini::DebounceEventResult| {
                let Ok(events) = events else { return };
                if events
                    .iter()
                    .any(|e| e.path.file_name() == Some(name.as_os_str()))
                {
                    let change = if target.exists() {
                        Change::Written
                    } else {
                        Change::Gone
                    };
                    if tx.send(change).is_ok() {
                        wake();
                    }
                }
            },
        )
        .ok()?;
        debouncer
            .watcher()
            .watch(&folder, RecursiveMode::NonRecursive)
            .ok()?;
        Some(FileWatch {
            path,
            rx,
            _debouncer: debouncer,
        })
    }

    /// The watched file, absolute.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The latest of what happened since the last call (a file deleted and
    /// written again is `Written`); `None` if nothing.
    pub fn poll(&self) -> Option<Change> {
        self.rx.try_iter().last()
    }
}

/// `path` made absolute against the current folder (a file that does not
/// exist cannot be canonicalised, but its folder can still be watched).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
