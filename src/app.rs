//! The window (a walking skeleton until the real view lands): the dataset's
//! title, a date slider over its span, and the states and linked pairs with
//! their scores at that date as plain lists. A file that fails to load shows
//! its problems in a banner; the last good data stays on screen.

use std::path::PathBuf;

use eframe::egui;

use crate::date::Time;
use crate::eval;
use crate::load;
use crate::model::Dataset;

/// The application: the last good dataset, where it came from, and the date.
pub struct DetenteApp {
    dataset: Option<Dataset>,
    source: String,
    problems: Vec<String>,
    year_frac: f64,
}

impl DetenteApp {
    /// Opens `file`, or the bundled dataset when there is none.
    pub fn new(_cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> DetenteApp {
        let mut app = DetenteApp::empty();
        match file {
            Some(path) => app.open_path(&path),
            None => app.open_text(crate::DEFAULT_DATASET_NAME, crate::DEFAULT_DATASET),
        }
        app
    }

    fn empty() -> DetenteApp {
        DetenteApp {
            dataset: None,
            source: String::new(),
            problems: Vec::new(),
            year_frac: 1947.0,
        }
    }

    /// Opens a dataset file; on failure keeps the current data and shows why.
    pub fn open_path(&mut self, path: &std::path::Path) {
        let result = load::load_path(path);
        self.accept(path.display().to_string(), result);
    }

    /// Opens a dataset given as text; `name` is shown in messages.
    pub fn open_text(&mut self, name: &str, text: &str) {
        let result = load::load_str(name, text);
        self.accept(name.to_owned(), result);
    }

    fn accept(&mut self, source: String, result: Result<Dataset, load::LoadError>) {
        match result {
            Ok(ds) => {
                let (lo, hi) = (ds.start.year_frac(), ds.end.year_frac());
                if self.dataset.is_none() || !(lo..=hi).contains(&self.year_frac) {
                    self.year_frac = lo;
                }
                self.dataset = Some(ds);
                self.source = source;
                self.problems.clear();
            }
            Err(e) => self.problems = e.lines(),
        }
    }

    /// The dataset on screen, if any file has loaded.
    pub fn dataset(&self) -> Option<&Dataset> {
        self.dataset.as_ref()
    }

    /// The problems of the last file that failed to load.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The current date as a continuous time.
    pub fn time(&self) -> Time {
        Time::from_year_frac(self.year_frac)
    }

    fn header_ui(&mut self, ui: &mut egui::Ui) {
        let title = self
            .dataset
            .as_ref()
            .map_or("No data", |d| d.title.as_str());
        ui.heading(title);
        ui.label(egui::RichText::new(&self.source).weak());
        if !self.problems.is_empty() {
            let mut dismiss = false;
            egui::Frame::new()
                .fill(ui.visuals().error_fg_color.gamma_multiply(0.15))
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            "The file could not be loaded:",
                        );
                        dismiss = ui.button("Dismiss").clicked();
                    });
                    for line in &self.problems {
                        ui.monospace(line);
                    }
                });
            if dismiss {
                self.problems.clear();
            }
        }
    }

    fn timeline_ui(&mut self, ui: &mut egui::Ui) {
        let Some(ds) = &self.dataset else { return };
        let (lo, hi) = (ds.start.year_frac(), ds.end.year_frac());
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(self.time().month().to_string())
                    .size(24.0)
                    .strong(),
            );
            ui.spacing_mut().slider_width = (ui.available_width() - 80.0).max(100.0);
            ui.add(
                egui::Slider::new(&mut self.year_frac, lo..=hi)
                    .text("Date")
                    .show_value(false),
            );
        });
    }

    fn lists_ui(&self, ui: &mut egui::Ui) {
        let Some(ds) = &self.dataset else {
            ui.label("Open a dataset to begin.");
            return;
        };
        let snap = eval::snapshot(ds, self.time(), eval::DEFAULT_EVENT_WINDOW_DAYS);
        ui.columns(2, |cols| {
            cols[0].strong(format!("States ({})", snap.states.len()));
            egui::ScrollArea::vertical()
                .id_salt("states")
                .show(&mut cols[0], |ui| {
                    for s in &snap.states {
                        ui.label(format!("{}  {}", s.id, s.name));
                    }
                });
            cols[1].strong(format!("Relations ({})", snap.pairs.len()));
            egui::ScrollArea::vertical()
                .id_salt("pairs")
                .show(&mut cols[1], |ui| {
                    for p in &snap.pairs {
                        let (a, b) = (
                            ds.states[p.a].name_at(snap.time),
                            ds.states[p.b].name_at(snap.time),
                        );
                        ui.label(format!("{a} – {b}: {:+.2}", p.score));
                    }
                });
        });
    }
}

impl eframe::App for DetenteApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::Panel::top("header").show(ui, |ui| self.header_ui(ui));
        egui::Panel::bottom("timeline").show(ui, |ui| self.timeline_ui(ui));
        egui::CentralPanel::default().show(ui, |ui| self.lists_ui(ui));
    }
}
