//! Watches the open data file so that saving it in an editor reloads it.
//!
//! Editors often replace a file instead of writing it in place (vim and VS
//! Code, among others, write a temporary file and rename it over the old
//! one), so the folder is watched, events are filtered by file name and
//! debounced: the app hears of a change once the file has been quiet for a
//! moment, and is woken at once (the `wake` callback requests a repaint), so
//! the window updates without the mouse moving.
//!
//! Only what can change the file's content counts: a creation, a write, a
//! rename onto it or away from it, a removal. Reading the file (which the
//! app itself does on every load, and inotify reports as "opened" and
//! "closed") or touching its metadata is not a change; were it one, every
//! reload would announce the next.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

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
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

/// Whether `event` can have changed the content of the file named `name`
/// (in the watched folder): a change of content on a path of that name
/// (a rename onto it or away from it names both paths).
fn concerns(event: &notify::Event, name: &std::ffi::OsStr) -> bool {
    changes_content(event.kind) && event.paths.iter().any(|p| p.file_name() == Some(name))
}

/// Whether an event of this kind can change what the file holds.
fn changes_content(kind: EventKind) -> bool {
    match kind {
        EventKind::Modify(m) => !matches!(m, ModifyKind::Metadata(_)),
        // A file closed after writing is inotify's CLOSE_WRITE.
        EventKind::Create(_)
        | EventKind::Remove(_)
        | EventKind::Any
        | EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
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
        let mut debouncer = new_debouncer(SETTLE, None, move |events: DebounceEventResult| {
            let Ok(events) = events else { return };
            let ours = events.iter().any(|e| concerns(e, &name));
            if ours {
                let change = if target.exists() {
                    Change::Written
                } else {
                    Change::Gone
                };
                if tx.send(change).is_ok() {
                    wake();
                }
            }
        })
        .ok()?;
        debouncer.watch(&folder, RecursiveMode::NonRecursive).ok()?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, MetadataKind, RemoveKind, RenameMode};

    #[test]
    fn reading_the_file_is_not_a_change_writing_it_is() {
        let reads = [
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            EventKind::Access(AccessKind::Any),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)),
        ];
        for kind in reads {
            assert!(!changes_content(kind), "{kind:?}");
        }
        let writes = [
            EventKind::Create(CreateKind::File),
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Remove(RemoveKind::File),
        ];
        for kind in writes {
            assert!(changes_content(kind), "{kind:?}");
        }
    }

    #[test]
    fn only_the_watched_files_name_counts() {
        let name = std::ffi::OsStr::new("mine.ron");
        let event = |kind, paths: &[&str]| notify::Event {
            kind,
            paths: paths.iter().map(PathBuf::from).collect(),
            attrs: notify::event::EventAttributes::default(),
        };
        let written = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        assert!(concerns(&event(written, &["/d/mine.ron"]), name));
        assert!(!concerns(&event(written, &["/d/other.ron"]), name));
        // An editor's rename of its temporary file over the file.
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        assert!(concerns(
            &event(renamed, &["/d/.mine.ron.swp", "/d/mine.ron"]),
            name
        ));
        // Read by the app itself: no change.
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        assert!(!concerns(&event(read, &["/d/mine.ron"]), name));
    }
}
