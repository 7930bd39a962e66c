//! Watches the open data file so that saving it in an editor reloads it.
//! Editors often replace a file instead of writing it in place, so the
//! folder is watched and events are filtered by file name.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// A watch on one file; [`FileWatch::changed`] says whether it changed since
/// the last call.
pub struct FileWatch {
    path: PathBuf,
    rx: Receiver<()>,
    _watcher: RecommendedWatcher,
}

impl FileWatch {
    /// Starts watching `path`; `None` if the platform cannot (the app then
    /// simply does not reload on its own).
    pub fn new(path: &Path) -> Option<FileWatch> {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let folder = path.parent()?.to_path_buf();
        let name = path.file_name()?.to_os_string();
        let (tx, rx) = channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let Ok(event) = event else { return };
                let modifies = event.kind.is_modify() || event.kind.is_create();
                if modifies
                    && event
                        .paths
                        .iter()
                        .any(|p| p.file_name() == Some(name.as_os_str()))
                {
                    let _ = tx.send(());
                }
            })
            .ok()?;
        watcher.watch(&folder, RecursiveMode::NonRecursive).ok()?;
        Some(FileWatch {
            path,
            rx,
            _watcher: watcher,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file changed since the last call (drains the events).
    pub fn changed(&self) -> bool {
        self.rx.try_iter().count() > 0
    }
}
