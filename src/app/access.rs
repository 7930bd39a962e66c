//! What the window tells about itself: the data, the date, the selection,
//! the layout and the last notice, read by tests, the frame benchmark and
//! the soak; and the few ways they drive it (a date, a fixed frame time,
//! where screenshots go).

use std::path::{Path, PathBuf};

use eframe::egui;

use super::exports::Outcome;
use super::{Command, DetenteApp, Selection};
use crate::date::Time;
use crate::layout::{Pins, TimelineLayout};
use crate::model::Dataset;

impl DetenteApp {
    /// The dataset on screen, if any has loaded.
    pub fn dataset(&self) -> Option<&Dataset> {
        self.doc.dataset().map(AsRef::as_ref)
    }

    /// How many times data was taken in: opens, and reloads that read new
    /// bytes (a save that changes nothing adds nothing).
    pub fn reads(&self) -> u64 {
        self.doc.reads()
    }

    /// The problems of the last file that failed to load.
    pub fn problems(&self) -> &[String] {
        &self.doc.problems
    }

    /// The current date.
    pub fn time(&self) -> Time {
        self.clock.time
    }

    pub fn selection(&self) -> Selection {
        self.view.selection
    }

    pub fn is_playing(&self) -> bool {
        self.clock.playing
    }

    /// Moves to a date, as dragging the timeline does.
    pub fn go_to(&mut self, t: Time) {
        self.apply(None, Command::SetTime(t));
    }

    /// Saves the next screenshot at `path` instead of asking where.
    pub fn save_screenshots_to(&mut self, path: Option<PathBuf>) {
        self.exports.save_to = path;
    }

    /// The last file written by a save or an export, while its notice shows.
    pub fn last_saved(&self) -> Option<&Path> {
        match self.exports.notice() {
            Some(Outcome::Saved(p)) => Some(p.as_path()),
            _ => None,
        }
    }

    /// The notice of the last save or export, while it shows.
    pub fn notice(&self) -> Option<String> {
        self.exports.notice().map(Outcome::to_string)
    }

    /// Makes every frame advance playback by `dt` seconds (for tests).
    pub fn set_fixed_dt(&mut self, dt: Option<f64>) {
        self.clock.fixed_dt = dt;
    }

    /// The states the user pinned, and where.
    pub fn pins(&self) -> &Pins {
        &self.arrangement.pins
    }

    /// Whether the layout on screen is the final one for the current data
    /// and pins (no job running, no blend in progress).
    pub fn layout_settled(&self) -> bool {
        self.arrangement.settled()
    }

    /// Where the network is drawn, once it has been.
    pub fn canvas_rect(&self) -> Option<egui::Rect> {
        self.view.canvas.rect
    }

    /// The layout in use, once one has arrived.
    pub fn layout(&self) -> Option<&TimelineLayout> {
        self.arrangement.state.shown().map(AsRef::as_ref)
    }
}
