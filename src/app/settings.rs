//! What is remembered between runs, and where egui keeps it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::camera::Camera;
use crate::model::Dataset;
use crate::theme::ThemeKind;

/// What is remembered between runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub last_file: Option<PathBuf>,
    pub recent: Vec<PathBuf>,
    pub theme: ThemeKind,
    pub labels: bool,
    pub min_strength: f32,
    pub hidden_kinds: Vec<String>,
    pub speed_years_per_sec: f64,
    pub year: Option<f64>,
    pub camera: Option<Camera>,
    /// The least |score| that makes a tie in the balance section.
    pub balance_threshold: f64,
    /// Pinned positions by state id, for `last_file` (or the bundled data).
    pub pins: BTreeMap<String, [f32; 2]>,
    /// Whether the side panel shows.
    pub side_panel: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            last_file: None,
            recent: Vec::new(),
            theme: ThemeKind::Light,
            labels: true,
            min_strength: 0.0,
            hidden_kinds: Vec::new(),
            speed_years_per_sec: 2.0,
            year: None,
            camera: None,
            balance_threshold: crate::analysis::DEFAULT_THRESHOLD,
            pins: BTreeMap::new(),
            side_panel: true,
        }
    }
}

impl Settings {
    /// The remembered settings; defaults when there are none or they cannot
    /// be read (a corrupted or older settings file never stops the app).
    pub fn from_storage(storage: Option<&dyn eframe::Storage>) -> Settings {
        storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default()
    }

    /// Per kind of `ds`: shown or not.
    pub fn kinds_enabled(&self, ds: &Dataset) -> Vec<bool> {
        ds.kinds
            .iter()
            .map(|k| !self.hidden_kinds.contains(&k.id))
            .collect()
    }

    /// Remembers `path` as the last file opened, first of the recent ones.
    pub fn remember_file(&mut self, path: &Path) {
        /// How many recent files the menu lists.
        const RECENT: usize = 8;
        self.last_file = Some(path.to_path_buf());
        self.recent.retain(|r| r != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(RECENT);
    }

    pub fn toggle_theme(&mut self) {
        self.theme = match self.theme {
            ThemeKind::Light => ThemeKind::Dark,
            ThemeKind::Dark => ThemeKind::Light,
        };
    }
}
