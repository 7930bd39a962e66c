//! The document: which data the user asked for, what loaded, what went
//! wrong, and the watch on its file. Loading never replaces good data with
//! bad: a file that fails keeps the last good data on screen and its
//! problems in the banner.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui;

use super::command::Command;
use super::watch::{self, FileWatch};
use crate::load;
use crate::model::Dataset;
use crate::scene::Presence;

/// Where the data on screen came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A dataset shipped inside detente.
    Example(&'static crate::Example),
    File(PathBuf),
}

impl Source {
    pub fn name(&self) -> String {
        match self {
            // Not its path in the source tree: an installed app has none.
            Source::Example(e) => format!("{} (bundled)", e.name),
            Source::File(p) => p.display().to_string(),
        }
    }

    /// Whether both name the same data (a file named two ways is one file).
    pub fn is(&self, other: &Source) -> bool {
        match (self, other) {
            (Source::Example(a), Source::Example(b)) => a == b,
            (Source::File(a), Source::File(b)) => {
                let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.into());
                a == b || canonical(a) == canonical(b)
            }
            _ => false,
        }
    }
}

/// A fingerprint of a file's bytes, to tell whether a reload reads
/// anything new.
fn fingerprint(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// The first `.ron` file dropped on the window this frame, if any.
pub fn dropped_ron(ui: &egui::Ui) -> Option<PathBuf> {
    ui.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .find(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")))
    })
}

/// Data that loaded.
pub struct Loaded {
    pub ds: Arc<Dataset>,
    pub presence: Presence,
    pub source: Source,
    /// Bumped on every load: a layout is for one generation.
    pub generation: u64,
}

/// What an attempt to open gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opened {
    /// It did not load: the problems are in the banner, the data on screen
    /// (if any) stays.
    Failed,
    /// The data on screen loaded again (a save, Ctrl+R).
    Reloaded,
    /// The file holds the same bytes as at the last attempt: nothing
    /// changes (no new layout, the same problems if it did not load).
    Unchanged,
    /// Other data: `first` when nothing was on screen before.
    New { first: bool },
}

/// The data asked for, loaded or not.
#[derive(Default)]
pub struct Document {
    pub data: Option<Loaded>,
    /// The data the user asked for last, loaded or not: reloads and the
    /// watcher follow it.
    pub wanted: Option<Source>,
    /// The problems of the last attempt that failed, one per line.
    pub problems: Vec<String>,
    pub watch: Option<FileWatch>,
    generation: u64,
    /// The file read last and a fingerprint of its bytes: a reload that
    /// reads the same bytes changes nothing.
    read: Option<(PathBuf, u64)>,
    /// How many times a file or bundled dataset was read (tests count
    /// reloads with it).
    reads: u64,
    /// Woken from the file watcher's thread.
    repaint: Option<egui::Context>,
}

impl Document {
    /// The context to wake when a watched file changes (without it, a change
    /// shows at the next input).
    pub fn set_repaint(&mut self, ctx: &egui::Context) {
        self.repaint = Some(ctx.clone());
    }

    pub fn dataset(&self) -> Option<&Arc<Dataset>> {
        self.data.as_ref().map(|d| &d.ds)
    }

    pub fn open_example(&mut self, example: &'static crate::Example) -> Opened {
        self.reads += 1;
        self.read = None;
        let result = load::load_str(example.name, example.text);
        self.accept(Source::Example(example), result)
    }

    /// Opens the file at `path` (asked for: loaded even if unchanged, so
    /// that its problems show again).
    pub fn open_path(&mut self, path: &Path) -> Opened {
        self.open_file(path, false)
    }

    /// Opens the file at `path`; with `skip_same` (a reload), if it is the
    /// file read last and holds the same bytes, nothing changes.
    fn open_file(&mut self, path: &Path, skip_same: bool) -> Opened {
        let bytes = load::read_path(path);
        let print = bytes.as_ref().ok().map(|b| fingerprint(b));
        let read = print.map(|print| (path.to_path_buf(), print));
        let same_file =
            |(p, _): &(PathBuf, u64)| Source::File(p.clone()).is(&Source::File(path.to_path_buf()));
        let same = match (&self.read, &read) {
            (Some(old), Some(new)) => same_file(old) && old.1 == new.1,
            _ => false,
        };
        if same && skip_same {
            return Opened::Unchanged;
        }
        self.reads += 1;
        self.read = read;
        let name = path.display().to_string();
        let result = bytes.and_then(|bytes| load::load_bytes(&name, &bytes));
        self.accept(Source::File(path.to_path_buf()), result)
    }

    /// How many times data was taken in since the start: every open and
    /// reload that read new bytes, whether they loaded or not (a reload
    /// that reads the same bytes again does not count: it changed nothing).
    pub fn reads(&self) -> u64 {
        self.reads
    }

    /// Opens a dataset given as text (as if from a file named `name`).
    pub fn open_text(&mut self, name: &str, text: &str) -> Opened {
        self.reads += 1;
        self.read = None;
        let result = load::load_str(name, text);
        self.accept(Source::File(PathBuf::from(name)), result)
    }

    /// Loads what was asked for last again, if anything was.
    pub fn reload(&mut self) -> Option<Opened> {
        match self.wanted.clone()? {
            Source::File(p) => Some(self.open_file(&p, true)),
            Source::Example(e) => Some(self.open_example(e)),
        }
    }

    fn accept(&mut self, source: Source, result: Result<Dataset, load::LoadError>) -> Opened {
        self.wanted = Some(source.clone());
        match &source {
            // Watch a broken (or missing) file too, so that fixing (or
            // creating) it loads it.
            Source::File(p) => self.watch_file(p),
            Source::Example(_) => self.watch = None,
        }
        let ds = match result {
            Ok(ds) => ds,
            Err(e) => {
                self.problems = e.lines();
                return Opened::Failed;
            }
        };
        let opened = match &self.data {
            Some(d) if d.source.is(&source) => Opened::Reloaded,
            Some(_) => Opened::New { first: false },
            None => Opened::New { first: true },
        };
        self.problems.clear();
        self.generation += 1;
        let presence = Presence::new(&ds);
        self.data = Some(Loaded {
            ds: Arc::new(ds),
            presence,
            source,
            generation: self.generation,
        });
        opened
    }

    fn watch_file(&mut self, path: &Path) {
        let same = |w: &FileWatch| {
            Source::File(w.path().to_path_buf()).is(&Source::File(path.to_path_buf()))
        };
        if self.watch.as_ref().is_some_and(same) {
            return;
        }
        let ctx = self.repaint.clone();
        self.watch = FileWatch::new(path, move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        });
    }

    /// Acts on what the watcher saw: a written file asks for a reload; a
    /// deleted or renamed one is reported and its last good data stays.
    pub fn poll_watch(&mut self) -> Option<Command> {
        let watch = self.watch.as_ref()?;
        match watch.poll()? {
            watch::Change::Written => Some(Command::FileChanged),
            watch::Change::Gone => {
                // Whatever comes back in its place is read afresh.
                self.read = None;
                let shown = self.data.is_some();
                self.problems = vec![format!(
                    "{}: the file was deleted or renamed{}; it loads again when it is back",
                    watch.path().display(),
                    if shown {
                        " (its last good data stays on screen)"
                    } else {
                        ""
                    }
                )];
                None
            }
        }
    }

    /// The folder of the file asked for last, else the home folder.
    pub fn folder(&self) -> Option<PathBuf> {
        match &self.wanted {
            Some(Source::File(p)) => std::path::absolute(p)
                .ok()
                .and_then(|p| p.parent().map(Path::to_path_buf)),
            _ => dirs::home_dir(),
        }
    }

    /// Whether a file was asked for that the platform cannot watch.
    pub fn unwatched(&self) -> bool {
        self.watch.is_none() && matches!(self.wanted, Some(Source::File(_)))
    }

    /// The banner of a file that did not load: its problems, and what the
    /// user can do.
    pub fn banner_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        /// The most problems listed (the rest are counted).
        const SHOWN: usize = 12;
        let mut dismiss = false;
        egui::Frame::new()
            .fill(ui.visuals().error_fg_color.gamma_multiply(0.15))
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(ui.visuals().error_fg_color, "The file could not be loaded:");
                    if self.data.is_some() {
                        ui.weak("(the last good data stays on screen)");
                    } else {
                        ui.weak("(fix or create it and save: it loads by itself)");
                        if ui
                            .button("Show the bundled dataset")
                            .on_hover_text(crate::DEFAULT_DATASET_NAME)
                            .clicked()
                        {
                            commands.push(Command::OpenExample(crate::default_example()));
                        }
                    }
                    dismiss = ui.button("Dismiss").clicked();
                });
                for line in self.problems.iter().take(SHOWN) {
                    ui.monospace(line);
                }
                if self.problems.len() > SHOWN {
                    ui.weak(format!("… and {} more", self.problems.len() - SHOWN));
                }
            });
        if dismiss {
            self.problems.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str =
        "Dataset(version: 1, title: \"T\", states: [State(id: \"A\", name: \"Aland\")])";

    #[test]
    fn a_reload_of_the_same_bytes_changes_nothing_new_bytes_reload() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.ron");
        std::fs::write(&path, TINY).unwrap();
        let mut doc = Document::default();
        assert_eq!(doc.open_path(&path), Opened::New { first: true });
        let generation = doc.data.as_ref().unwrap().generation;
        assert_eq!(doc.reload(), Some(Opened::Unchanged));
        assert_eq!(doc.data.as_ref().unwrap().generation, generation);
        assert_eq!(doc.reads(), 1);
        std::fs::write(&path, TINY.replace("\"T\"", "\"U\"")).unwrap();
        assert_eq!(doc.reload(), Some(Opened::Reloaded));
        assert_eq!(doc.reads(), 2);
        // A broken file read twice: the same problems, one read.
        std::fs::write(&path, "Dataset(").unwrap();
        assert_eq!(doc.reload(), Some(Opened::Failed));
        let problems = doc.problems.clone();
        assert_eq!(doc.reload(), Some(Opened::Unchanged));
        assert_eq!(doc.problems, problems);
        assert_eq!(doc.reads(), 3);
        assert_eq!(doc.dataset().unwrap().title, "U");
        // Opened again on purpose (its banner dismissed): read again, its
        // problems shown again.
        doc.problems.clear();
        assert_eq!(doc.open_path(&path), Opened::Failed);
        assert_eq!(doc.problems, problems);
    }
}
