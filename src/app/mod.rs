//! The window: an app shell that owns the loaded dataset, the date, the
//! selection and the settings, lays out the panels (menu, banner, timeline,
//! side panel, canvas) by calling one `*_ui` function each, and applies the
//! [`Command`]s those functions collect at the end of the frame.

mod canvas;
mod exports;
mod panel;
mod timeline;
mod watch;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers, RichText};
use serde::{Deserialize, Serialize};

pub use canvas::Camera;

use crate::date::{DAYS_PER_YEAR, Time};
use crate::eval::{self, PairHistory};
use crate::layout::{LayoutJob, LayoutRequest, Pins, TimelineLayout, TimelineParams};
use crate::load;
use crate::model::{Dataset, StateIx};
use crate::scene::{self, Presence, SceneOptions};
use crate::theme::{Theme, ThemeKind};

/// Something the user asked for during a frame, applied at its end.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Open(PathBuf),
    OpenDialog,
    OpenBundled,
    Reload,
    Quit,
    Fit,
    ToggleTheme,
    ToggleLabels,
    SelectState(StateIx),
    SelectPair(StateIx, StateIx),
    ClearSelection,
    /// Esc: close the topmost window, else clear the selection.
    Dismiss,
    SetTime(Time),
    StepMonths(i32),
    TogglePlay,
    Pin(StateIx, [f32; 2]),
    Unpin(StateIx),
    UnpinAll,
    CenterOn(StateIx),
    SaveScreenshot,
    ExportFigure,
    ExportAnimation,
}

/// What is selected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Selection {
    #[default]
    None,
    State(StateIx),
    /// A pair, `a < b`.
    Pair(StateIx, StateIx),
}

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
    /// Pinned positions by state id, for `last_file` (or the bundled data).
    pub pins: BTreeMap<String, [f32; 2]>,
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
            pins: BTreeMap::new(),
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
}

/// Where the data on screen came from.
#[derive(Clone, Debug, PartialEq)]
enum Source {
    Bundled,
    File(PathBuf),
}

impl Source {
    fn name(&self) -> String {
        match self {
            // Not its path in the source tree: an installed app has none.
            Source::Bundled => "bundled dataset".to_owned(),
            Source::File(p) => p.display().to_string(),
        }
    }

    /// Whether both name the same data (a file named two ways is one file).
    fn is(&self, other: &Source) -> bool {
        match (self, other) {
            (Source::Bundled, Source::Bundled) => true,
            (Source::File(a), Source::File(b)) => {
                let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.into());
                a == b || canonical(a) == canonical(b)
            }
            _ => false,
        }
    }
}

struct Loaded {
    ds: Arc<Dataset>,
    presence: Presence,
    source: Source,
    generation: u64,
}

/// Which of the small windows are open.
#[derive(Default)]
struct Windows {
    help: bool,
    about: bool,
}

struct Toast {
    text: String,
    until_secs: f64,
}

/// How long the outcome of a save or an export stays on screen, in seconds.
const NOTICE_SECS: f64 = 8.0;

/// How quickly a file dialog that returns nothing must return to be taken
/// for one that could not be shown (no portal): a person takes longer.
const DIALOG_FAILED_SECS: f64 = 0.3;

/// Whether a file chooser asked at `asked` that returned nothing could not
/// be shown (it returned faster than a person cancels).
fn chooser_failed(asked: std::time::Instant) -> bool {
    asked.elapsed().as_secs_f64() < DIALOG_FAILED_SECS
}

/// How long a toast stays, in seconds.
const TOAST_SECS: f64 = 4.0;

/// How many of the events just passed show beside the date.
const PASSED_EVENTS_SHOWN: usize = 2;

/// How long positions take to move from an old layout to its replacement.
const BLEND_SECS: f64 = 0.6;

/// The time constant of the camera gliding to each date's picture.
const CAMERA_GLIDE_SECS: f64 = 0.25;

/// The application.
pub struct DetenteApp {
    settings: Settings,
    data: Option<Loaded>,
    /// The data the user asked for last, loaded or not: reloads and the
    /// watcher follow it.
    wanted: Option<Source>,
    problems: Vec<String>,
    time: Time,
    playing: bool,
    selection: Selection,
    history: Option<PairHistory>,
    layout: Option<Arc<TimelineLayout>>,
    /// The layout shown before the current one and when it was replaced:
    /// positions blend from it for [`BLEND_SECS`].
    blend_from: Option<(Arc<TimelineLayout>, f64)>,
    job: Option<LayoutJob>,
    positions: Vec<[f32; 2]>,
    /// Scratch for the blended-from positions.
    old_positions: Vec<[f32; 2]>,
    camera: Camera,
    camera_touched: bool,
    /// The canvas size and data generation the camera was last fitted to at
    /// once (see [`DetenteApp::follow_camera`]).
    auto_fitted: Option<(egui::Vec2, u64)>,
    canvas: canvas::CanvasState,
    pins: Pins,
    search: Option<String>,
    windows: Windows,
    toasts: Vec<Toast>,
    watch: Option<watch::FileWatch>,
    commands: Vec<Command>,
    generation: u64,
    now_secs: f64,
    title_sent: String,
    /// A fixed frame time for tests; `None` uses egui's.
    fixed_dt: Option<f64>,
    /// Where the next screenshot goes (tests, scripting); else a new file
    /// in the pictures folder.
    save_to: Option<PathBuf>,
    /// Woken from the file watcher's thread.
    repaint: Option<egui::Context>,
    /// Which renderer draws the window (shown in About).
    renderer: &'static str,
    screenshot: Arc<std::sync::Mutex<Option<Arc<egui::ColorImage>>>>,
    figure_dialog: Option<exports::FigureDialog>,
    animation_dialog: Option<exports::AnimationDialog>,
    export_job: Option<exports::Job>,
    /// The outcome of the last save or export, and until when it shows.
    notice: Option<(exports::Outcome, f64)>,
    /// The in-app "Open" field, shown when the system's file chooser could
    /// not be.
    open_field: Option<String>,
}

impl DetenteApp {
    /// Opens `file`, or the last file, or the bundled dataset.
    pub fn new(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> DetenteApp {
        let mut app = DetenteApp::with_settings(Settings::from_storage(cc.storage));
        app.renderer = if cc.wgpu_render_state.is_some() {
            "wgpu"
        } else if cc.gl.is_some() {
            "OpenGL (glow)"
        } else {
            "unknown"
        };
        app.set_repaint(&cc.egui_ctx);
        app.start(file);
        app
    }

    /// Opens `file`, or else the last file if it still exists, or else the
    /// bundled dataset. A file that cannot be loaded is not replaced by the
    /// bundled data: the window opens on its problems (and watches it, so
    /// that fixing it loads it), with the bundled data one click away.
    pub fn start(&mut self, file: Option<PathBuf>) {
        let file = file.or_else(|| self.settings.last_file.clone().filter(|p| p.exists()));
        match file {
            Some(path) => self.open_path(&path),
            None => self.open_bundled(),
        }
    }

    /// The context to wake when a watched file changes (without it, a change
    /// shows at the next input).
    pub fn set_repaint(&mut self, ctx: &egui::Context) {
        self.repaint = Some(ctx.clone());
    }

    /// An app with these settings and no data yet.
    pub fn with_settings(settings: Settings) -> DetenteApp {
        DetenteApp {
            camera: settings.camera.unwrap_or_default(),
            camera_touched: settings.camera.is_some(),
            settings,
            data: None,
            wanted: None,
            problems: Vec::new(),
            time: Time(0.0),
            playing: false,
            selection: Selection::None,
            history: None,
            layout: None,
            blend_from: None,
            job: None,
            positions: Vec::new(),
            old_positions: Vec::new(),
            auto_fitted: None,
            canvas: canvas::CanvasState::default(),
            pins: Pins::new(),
            search: None,
            windows: Windows::default(),
            toasts: Vec::new(),
            watch: None,
            commands: Vec::new(),
            generation: 0,
            now_secs: 0.0,
            title_sent: String::new(),
            fixed_dt: None,
            save_to: None,
            screenshot: Arc::default(),
            figure_dialog: None,
            animation_dialog: None,
            export_job: None,
            notice: None,
            open_field: None,
            repaint: None,
            renderer: "none",
        }
    }

    /// Opens the bundled dataset.
    pub fn open_bundled(&mut self) {
        let result = load::load_str(crate::DEFAULT_DATASET_NAME, crate::DEFAULT_DATASET);
        self.accept(Source::Bundled, result);
    }

    /// Opens a dataset file; on failure keeps the current data and shows why.
    pub fn open_path(&mut self, path: &Path) {
        let result = load::load_path(path);
        self.accept(Source::File(path.to_path_buf()), result);
    }

    /// Opens a dataset given as text (as if from a file named `name`).
    pub fn open_text(&mut self, name: &str, text: &str) {
        let result = load::load_str(name, text);
        self.accept(Source::File(PathBuf::from(name)), result);
    }

    fn accept(&mut self, source: Source, result: Result<Dataset, load::LoadError>) {
        self.wanted = Some(source.clone());
        let ds = match result {
            Ok(ds) => ds,
            Err(e) => {
                self.problems = e.lines();
                // Keep watching a broken (or missing) file, so that fixing
                // (or creating) it loads it.
                match &source {
                    Source::File(p) => self.watch_file(p),
                    Source::Bundled => self.watch = None,
                }
                return;
            }
        };
        let same_source = self.data.as_ref().is_some_and(|d| d.source.is(&source));
        self.problems.clear();
        self.generation += 1;
        let (lo, hi) = (ds.start, ds.end);
        if same_source {
            // A reload: keep what still makes sense.
            let n = ds.states.len();
            self.pins.retain(|&i, _| i < n);
            let gone = match self.selection {
                Selection::State(s) => s >= n,
                Selection::Pair(a, b) => a >= n || b >= n,
                Selection::None => false,
            };
            if gone {
                self.selection = Selection::None;
            }
        } else {
            // A new file: its own date, pins and selection. The first file
            // of a session gets back the remembered date and pins.
            let first = self.data.is_none();
            let remembered = self.settings.year.map(Time::from_year_frac);
            self.time = remembered
                .filter(|t| first && *t >= lo && *t <= hi)
                .unwrap_or(lo);
            self.selection = Selection::None;
            self.pins = if first {
                self.settings
                    .pins
                    .iter()
                    .filter_map(|(id, p)| ds.state_index(id).map(|i| (i, *p)))
                    .collect()
            } else {
                Pins::new()
            };
            self.layout = None;
            self.blend_from = None;
            if !first {
                self.camera_touched = false;
            }
        }
        self.time = Time(self.time.0.clamp(lo.0, hi.0));
        if let Source::File(p) = &source {
            self.settings.last_file = Some(p.clone());
            self.settings.recent.retain(|r| r != p);
            self.settings.recent.insert(0, p.clone());
            self.settings.recent.truncate(8);
            self.watch_file(p);
        } else {
            self.settings.last_file = None;
            self.watch = None;
        }
        let presence = Presence::new(&ds);
        self.data = Some(Loaded {
            ds: Arc::new(ds),
            presence,
            source,
            generation: self.generation,
        });
        self.job = None;
        self.history = None;
        self.refresh_history();
    }

    fn watch_file(&mut self, path: &Path) {
        let same = |w: &watch::FileWatch| {
            Source::File(w.path().to_path_buf()).is(&Source::File(path.to_path_buf()))
        };
        if self.watch.as_ref().is_some_and(same) {
            return;
        }
        let ctx = self.repaint.clone();
        self.watch = watch::FileWatch::new(path, move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        });
    }

    /// Acts on what the watcher saw: a written file reloads; a deleted or
    /// renamed one is reported and its last good data stays.
    fn poll_watch(&mut self) {
        let Some(watch) = &self.watch else { return };
        match watch.poll() {
            Some(watch::Change::Written) => self.commands.push(Command::Reload),
            Some(watch::Change::Gone) => {
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
            }
            None => {}
        }
    }

    /// The dataset on screen, if any has loaded.
    pub fn dataset(&self) -> Option<&Dataset> {
        self.data.as_ref().map(|d| d.ds.as_ref())
    }

    /// The problems of the last file that failed to load.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The current date.
    pub fn time(&self) -> Time {
        self.time
    }

    pub fn selection(&self) -> Selection {
        self.selection
    }

    pub fn is_playing(&self) -> bool {
        self.playing
    }

    /// Moves to a date, as dragging the timeline does.
    pub fn go_to(&mut self, t: Time) {
        self.set_time(t);
    }

    /// Saves the next screenshot at `path` instead of asking where.
    pub fn save_screenshots_to(&mut self, path: Option<PathBuf>) {
        self.save_to = path;
    }

    /// The last file written by a save or an export, while its notice shows.
    pub fn last_saved(&self) -> Option<&Path> {
        match &self.notice {
            Some((exports::Outcome::Saved(p), _)) => Some(p.as_path()),
            _ => None,
        }
    }

    /// The notice of the last save or export, while it shows.
    pub fn notice(&self) -> Option<String> {
        self.notice.as_ref().map(|(o, _)| o.to_string())
    }

    /// Shows the outcome of a save or an export.
    fn tell(&mut self, outcome: exports::Outcome) {
        self.notice = Some((outcome, self.now_secs + NOTICE_SECS));
    }

    /// Makes every frame advance playback by `dt` seconds (for tests).
    pub fn set_fixed_dt(&mut self, dt: Option<f64>) {
        self.fixed_dt = dt;
    }

    /// Where a state's disc was drawn last frame, in points.
    pub fn node_screen_pos(&self, state: StateIx) -> Option<egui::Pos2> {
        self.canvas
            .node_screen
            .iter()
            .find(|(s, _)| *s == state)
            .map(|(_, p)| *p)
    }

    /// The states the user pinned, and where.
    pub fn pins(&self) -> &Pins {
        &self.pins
    }

    /// Whether the layout on screen is the final one for the current data
    /// and pins (no job running, no blend in progress).
    pub fn layout_settled(&self) -> bool {
        self.job.as_ref().is_none_or(LayoutJob::is_finished) && self.blend_from.is_none()
    }

    /// The layout in use, once one has arrived.
    pub fn layout(&self) -> Option<&TimelineLayout> {
        self.layout.as_deref()
    }

    fn theme(&self) -> Theme {
        Theme::new(self.settings.theme)
    }

    fn refresh_history(&mut self) {
        let Some(d) = &self.data else { return };
        self.history = match self.selection {
            Selection::Pair(a, b) => {
                d.ds.pair_index(a, b)
                    .filter(|&p| self.history.as_ref().is_none_or(|h| h.pair != p))
                    .map(|p| eval::pair_history(&d.ds, p, 480))
                    .or_else(|| self.history.take())
            }
            _ => None,
        };
    }

    fn set_time(&mut self, t: Time) {
        let Some(d) = &self.data else { return };
        let t = Time(t.0.clamp(d.ds.start.0, d.ds.end.0));
        let before = self.time;
        self.time = t;
        // Events passed going forwards (not on long jumps) are announced.
        if t > before && t.0 - before.0 < 5.0 * DAYS_PER_YEAR {
            let passed: Vec<String> =
                d.ds.events
                    .iter()
                    .filter(|e| e.time > before && e.time <= t)
                    .map(|e| format!("{}: {}", e.date, e.title))
                    .collect();
            for text in passed.into_iter().rev().take(3).rev() {
                self.toasts.push(Toast {
                    text,
                    until_secs: self.now_secs + TOAST_SECS,
                });
            }
            let excess = self.toasts.len().saturating_sub(PASSED_EVENTS_SHOWN);
            self.toasts.drain(..excess);
        }
    }

    /// Starts a layout job when the data, parameters or pins changed, and
    /// takes what a running job has published.
    fn poll_layout(&mut self, ctx: &egui::Context) {
        let Some(d) = &self.data else { return };
        let request = LayoutRequest {
            data_generation: d.generation,
            params: TimelineParams::for_states(d.ds.states.len()),
            pins: self.pins.clone(),
        };
        if self.job.as_ref().is_none_or(|j| j.request != request) {
            self.job = Some(LayoutJob::spawn(Arc::clone(&d.ds), request));
        }
        let Some(job) = &mut self.job else { return };
        let published = job.poll();
        if !job.is_finished() {
            ctx.request_repaint();
        }
        if job.take_failure() {
            self.tell(exports::Outcome::Failed(
                "The layout stopped on an internal error; the picture may not follow the data. Reload (Ctrl+R) to try again."
                    .to_owned(),
            ));
        }
        let Some(layout) = published else { return };
        let Some(old) = self.layout.clone() else {
            // Nothing on screen yet: any part of a layout is better.
            self.layout = Some(layout);
            return;
        };
        if Arc::ptr_eq(&old, &layout) {
            return;
        }
        // A re-layout of the same states (a pin, a reload): the old picture
        // stays until the new one is whole, then blends into it.
        let same_states = old.n_states == layout.n_states;
        if same_states && !layout.is_complete() {
            return;
        }
        if same_states && old.is_complete() {
            self.blend_from = Some((old, self.now_secs));
        }
        self.layout = Some(layout);
    }

    /// Fits the camera to what is drawn now.
    fn fit_camera(&mut self) {
        let (Some(rect), Some(bounds)) = (self.canvas.rect, self.canvas.scene_bounds) else {
            return;
        };
        self.camera = Camera::fit(bounds, rect);
    }

    fn keyboard(&mut self, ui: &egui::Ui) {
        let typing = ui.ctx().egui_wants_keyboard_input();
        let popup_open = egui::Popup::is_any_open(ui.ctx());
        let mut push = |c| self.commands.push(c);
        ui.input_mut(|i| {
            let cmd = |k| KeyboardShortcut::new(Modifiers::COMMAND, k);
            if i.consume_shortcut(&cmd(Key::O)) {
                push(Command::OpenDialog);
            }
            if i.consume_shortcut(&cmd(Key::R)) {
                push(Command::Reload);
            }
            if i.consume_shortcut(&cmd(Key::Q)) {
                push(Command::Quit);
            }
            if i.consume_shortcut(&cmd(Key::T)) {
                push(Command::ToggleTheme);
            }
            let shot = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
            if i.consume_shortcut(&shot) || i.consume_key(Modifiers::NONE, Key::F12) {
                push(Command::SaveScreenshot);
            }
            if i.consume_shortcut(&cmd(Key::E)) {
                push(Command::ExportFigure);
            }
            // An open menu or list closes itself on Esc: leave it the key.
            if !popup_open && i.consume_key(Modifiers::NONE, Key::Escape) {
                push(Command::Dismiss);
            }
            if typing {
                return;
            }
            // Every press counts, however many arrive in one frame (Shift
            // first: a plain arrow also matches a shifted one).
            let mut presses = |m, k| i.count_and_consume_key(m, k) as i32;
            let years = presses(Modifiers::SHIFT, Key::ArrowRight)
                - presses(Modifiers::SHIFT, Key::ArrowLeft);
            let months = presses(Modifiers::NONE, Key::ArrowRight)
                - presses(Modifiers::NONE, Key::ArrowLeft);
            if years != 0 || months != 0 {
                push(Command::StepMonths(12 * years + months));
            }
            for (key, c) in [
                (Key::Space, Command::TogglePlay),
                (Key::F, Command::Fit),
                (Key::L, Command::ToggleLabels),
            ] {
                if i.consume_key(Modifiers::NONE, key) {
                    push(c);
                }
            }
        });
        let (home, end, help, find) = ui.input_mut(|i| {
            (
                !typing && i.consume_key(Modifiers::NONE, Key::Home),
                !typing && i.consume_key(Modifiers::NONE, Key::End),
                i.consume_key(Modifiers::NONE, Key::F1)
                    || (!typing && i.consume_key(Modifiers::SHIFT, Key::Questionmark))
                    || (!typing && i.consume_key(Modifiers::NONE, Key::Questionmark)),
                i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::F)),
            )
        });
        if let Some(d) = &self.data {
            if home {
                self.commands.push(Command::SetTime(d.ds.start));
            }
            if end {
                self.commands.push(Command::SetTime(d.ds.end));
            }
        }
        if help {
            self.windows.help = !self.windows.help;
        }
        if find {
            self.search = Some(String::new());
        }
    }

    fn advance_playback(&mut self, ui: &egui::Ui) {
        if !self.playing {
            return;
        }
        let Some(d) = &self.data else { return };
        let end = d.ds.end;
        let dt = self
            .fixed_dt
            .unwrap_or_else(|| f64::from(ui.input(|i| i.stable_dt)).min(0.1));
        let t = Time(self.time.0 + self.settings.speed_years_per_sec * dt * DAYS_PER_YEAR);
        self.set_time(t);
        if self.time >= end {
            self.playing = false;
        }
        ui.ctx().request_repaint();
    }

    fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Open(p) => {
                self.open_field = None;
                self.open_path(&p);
            }
            Command::OpenDialog => self.open_dialog(),
            Command::OpenBundled => self.open_bundled(),
            Command::Reload => match self.wanted.clone() {
                Some(Source::File(p)) => self.open_path(&p),
                Some(Source::Bundled) => self.open_bundled(),
                None => {}
            },
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Fit => {
                self.camera_touched = false;
                self.fit_camera();
            }
            Command::ToggleTheme => {
                self.settings.theme = match self.settings.theme {
                    ThemeKind::Light => ThemeKind::Dark,
                    ThemeKind::Dark => ThemeKind::Light,
                };
            }
            Command::ToggleLabels => self.settings.labels = !self.settings.labels,
            Command::SelectState(s) => self.selection = Selection::State(s),
            Command::SelectPair(a, b) => {
                self.selection = Selection::Pair(a.min(b), a.max(b));
                self.refresh_history();
            }
            Command::ClearSelection => {
                self.selection = Selection::None;
                self.search = None;
            }
            Command::Dismiss => self.dismiss(),
            Command::SetTime(t) => self.set_time(t),
            Command::StepMonths(m) => self.set_time(self.time.add_months(m)),
            Command::TogglePlay => {
                if let Some(d) = &self.data
                    && !self.playing
                    && self.time >= d.ds.end
                {
                    self.time = d.ds.start;
                }
                self.playing = !self.playing;
            }
            Command::Pin(i, at) => {
                self.pins.insert(i, at);
                // The user arranges by hand: the view stays where it is (F
                // resumes following the network).
                self.camera_touched = true;
            }
            Command::Unpin(i) => {
                self.pins.remove(&i);
            }
            Command::UnpinAll => self.pins.clear(),
            Command::SaveScreenshot => {
                let slot = Arc::clone(&self.screenshot);
                let repaint = ctx.clone();
                ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(
                    egui::ScreenshotCallback::new(move |image| {
                        if let Ok(mut s) = slot.lock() {
                            *s = Some(image);
                        }
                        repaint.request_repaint();
                    }),
                ));
            }
            Command::ExportFigure => {
                let t = self.time;
                self.figure_dialog
                    .get_or_insert_with(|| exports::FigureDialog::for_date(t));
            }
            Command::ExportAnimation => {
                if let Some(d) = &self.data {
                    self.animation_dialog =
                        Some(exports::AnimationDialog::for_span(d.ds.start, d.ds.end));
                }
            }
            Command::CenterOn(i) => {
                if let Some(p) = self.positions.get(i) {
                    self.camera.center = *p;
                    self.camera_touched = true;
                }
            }
        }
    }

    /// Esc: closes one of the app's windows — search, the open field, an
    /// export dialog, help, about, in that order — or else clears the
    /// selection.
    fn dismiss(&mut self) {
        if self.search.take().is_some()
            || self.open_field.take().is_some()
            || self.figure_dialog.take().is_some()
            || self.animation_dialog.take().is_some()
        {
            return;
        }
        if self.windows.help {
            self.windows.help = false;
        } else if self.windows.about {
            self.windows.about = false;
        } else {
            self.selection = Selection::None;
        }
    }

    /// Asks the system for a file to open; when its chooser cannot be shown,
    /// opens the in-app path field instead.
    fn open_dialog(&mut self) {
        let asked = std::time::Instant::now();
        let mut dialog = rfd::FileDialog::new()
            .set_title("Open a detente dataset")
            .add_filter("detente data (RON)", &["ron"]);
        if let Some(folder) = self.folder_of_wanted() {
            dialog = dialog.set_directory(folder);
        }
        match dialog.pick_file() {
            Some(p) => self.open_path(&p),
            // Nothing, at once: the chooser could not be shown.
            None if chooser_failed(asked) => {
                self.open_field = Some(self.folder_of_wanted().map_or_else(String::new, |f| {
                    format!("{}{}", f.display(), std::path::MAIN_SEPARATOR)
                }));
            }
            None => {}
        }
    }

    /// The folder of the file asked for last, if any.
    fn folder_of_wanted(&self) -> Option<PathBuf> {
        match &self.wanted {
            Some(Source::File(p)) => std::path::absolute(p)
                .ok()
                .and_then(|p| p.parent().map(Path::to_path_buf)),
            _ => dirs::home_dir(),
        }
    }

    /// Everything inside the window, without the eframe frame (the frame
    /// benchmark and tests call this directly).
    pub fn draw(&mut self, ui: &mut egui::Ui) {
        self.now_secs = ui.input(|i| i.time);
        ui.ctx().set_theme(match self.settings.theme {
            ThemeKind::Light => egui::Theme::Light,
            ThemeKind::Dark => egui::Theme::Dark,
        });
        self.take_dropped_files(ui);
        self.poll_watch();
        self.poll_layout(ui.ctx());
        self.keyboard(ui);
        self.advance_playback(ui);
        // One snapshot of the network per frame, for the panel and the canvas.
        let ds = self.data.as_ref().map(|d| Arc::clone(&d.ds));
        let snap = ds
            .as_deref()
            .map(|ds| eval::snapshot(ds, self.time, eval::DEFAULT_EVENT_WINDOW_DAYS));

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        if !self.problems.is_empty() {
            egui::Panel::top("banner").show(ui, |ui| self.banner_ui(ui));
        }
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        egui::Panel::bottom("timeline").show(ui, |ui| self.timeline_ui(ui));
        egui::Panel::right("side")
            .default_size(340.0)
            .show(ui, |ui| self.side_ui(ui, snap.as_ref()));
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| self.canvas_ui(ui, snap.as_ref()));
        self.windows_ui(ui.ctx());
        self.exports_ui(ui.ctx());
        self.expire_toasts(ui.ctx());

        let ctx = ui.ctx().clone();
        for command in std::mem::take(&mut self.commands) {
            self.apply(&ctx, command);
        }
        let title = self.data.as_ref().map_or_else(
            || "detente".to_owned(),
            |d| format!("{} — detente", d.ds.title),
        );
        if title != self.title_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
    }

    fn take_dropped_files(&mut self, ui: &egui::Ui) {
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if let Some(p) = dropped
            .into_iter()
            .find(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")))
        {
            self.commands.push(Command::Open(p));
        }
    }

    fn file_menu_ui(&mut self, ui: &mut egui::Ui) {
        let short = |ui: &egui::Ui, k: Key| {
            ui.ctx()
                .format_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, k))
        };
        if ui
            .add(egui::Button::new("Open…").shortcut_text(short(ui, Key::O)))
            .clicked()
        {
            self.commands.push(Command::OpenDialog);
        }
        ui.menu_button("Open Recent", |ui| {
            if self.settings.recent.is_empty() {
                ui.weak("No recent files");
            }
            for p in &self.settings.recent {
                if ui.button(p.display().to_string()).clicked() {
                    self.commands.push(Command::Open(p.clone()));
                }
            }
            ui.separator();
            if ui.button("Bundled dataset").clicked() {
                self.commands.push(Command::OpenBundled);
            }
        });
        if ui
            .add(egui::Button::new("Reload").shortcut_text(short(ui, Key::R)))
            .clicked()
        {
            self.commands.push(Command::Reload);
        }
        ui.separator();
        let shot = ui.ctx().format_shortcut(&KeyboardShortcut::new(
            Modifiers::COMMAND | Modifiers::SHIFT,
            Key::S,
        ));
        if ui
            .add(egui::Button::new("Save Screenshot…").shortcut_text(shot))
            .clicked()
        {
            self.commands.push(Command::SaveScreenshot);
        }
        if ui
            .add(egui::Button::new("Export Figure…").shortcut_text(short(ui, Key::E)))
            .clicked()
        {
            self.commands.push(Command::ExportFigure);
        }
        if ui.button("Export Animation…").clicked() {
            self.commands.push(Command::ExportAnimation);
        }
        ui.separator();
        if ui
            .add(egui::Button::new("Quit").shortcut_text(short(ui, Key::Q)))
            .clicked()
        {
            self.commands.push(Command::Quit);
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        let short = |ui: &egui::Ui, k: Key| {
            ui.ctx()
                .format_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, k))
        };
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| self.file_menu_ui(ui));
            ui.menu_button("View", |ui| {
                if ui
                    .add(egui::Button::new("Fit to view").shortcut_text("F"))
                    .clicked()
                {
                    self.commands.push(Command::Fit);
                }
                let dark = self.settings.theme == ThemeKind::Dark;
                if ui
                    .add(
                        egui::Button::selectable(dark, "Dark theme")
                            .shortcut_text(short(ui, Key::T)),
                    )
                    .clicked()
                {
                    self.commands.push(Command::ToggleTheme);
                }
                if ui
                    .add(
                        egui::Button::selectable(self.settings.labels, "Labels").shortcut_text("L"),
                    )
                    .clicked()
                {
                    self.commands.push(Command::ToggleLabels);
                }
                if ui.button("Unpin all").clicked() {
                    self.commands.push(Command::UnpinAll);
                }
                if ui
                    .add(egui::Button::new("Find a state…").shortcut_text(short(ui, Key::F)))
                    .clicked()
                {
                    self.search = Some(String::new());
                }
            });
            ui.menu_button("Help", |ui| {
                if ui
                    .add(egui::Button::new("Keyboard shortcuts").shortcut_text("F1"))
                    .clicked()
                {
                    self.windows.help = true;
                }
                if ui.button("About detente").clicked() {
                    self.windows.about = true;
                }
            });
        });
    }

    fn banner_ui(&mut self, ui: &mut egui::Ui) {
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
                            self.commands.push(Command::OpenBundled);
                        }
                    }
                    dismiss = ui.button("Dismiss").clicked();
                });
                for line in self.problems.iter().take(12) {
                    ui.monospace(line);
                }
                if self.problems.len() > 12 {
                    ui.weak(format!("… and {} more", self.problems.len() - 12));
                }
            });
        if dismiss {
            self.problems.clear();
        }
    }

    fn status_ui(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let Some(d) = &self.data else {
                ui.weak("No data");
                return;
            };
            ui.weak(format!(
                "{} · {} states · {} relations · {} events",
                d.source.name(),
                d.ds.states.len(),
                d.ds.relations.len(),
                d.ds.events.len()
            ));
            if let Some(job) = self.job.as_ref().filter(|j| !j.is_finished()) {
                ui.add(
                    egui::ProgressBar::new(job.progress())
                        .desired_width(120.0)
                        .text("laying out"),
                );
            }
            if !self.pins.is_empty() {
                ui.weak(format!("· {} pinned", self.pins.len()));
            }
            // The platform could not watch the file (e.g. out of inotify
            // watches): say so, or saving would seem to do nothing.
            if self.watch.is_none() && matches!(self.wanted, Some(Source::File(_))) {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "· not watching the file for changes (Ctrl+R reloads)",
                );
            }
        });
    }

    fn timeline_ui(&mut self, ui: &mut egui::Ui) {
        let Some(d) = &self.data else { return };
        let ds = Arc::clone(&d.ds);
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            if play_button(ui, self.playing).clicked() {
                self.commands.push(Command::TogglePlay);
            }
            ui.label(
                RichText::new(crate::date::month_year(self.time))
                    .size(24.0)
                    .strong(),
            )
            .on_hover_text(self.time.date().to_string());
            ui.add_space(12.0);
            egui::ComboBox::from_id_salt("speed")
                .selected_text(format!("{} years/s", self.settings.speed_years_per_sec))
                .show_ui(ui, |ui| {
                    for s in [0.5, 1.0, 2.0, 5.0, 10.0] {
                        ui.selectable_value(
                            &mut self.settings.speed_years_per_sec,
                            s,
                            format!("{s} years/s"),
                        );
                    }
                })
                .response
                .on_hover_text("Playback speed");
            self.passed_events_ui(ui);
        });
        timeline::timeline_ui(ui, &ds, self.time, &self.theme(), &mut self.commands);
        ui.add_space(2.0);
    }

    fn side_ui(&mut self, ui: &mut egui::Ui, snap: Option<&eval::Snapshot>) {
        let (Some(d), Some(snap)) = (&self.data, snap) else {
            ui.label("Open a dataset with File > Open… or drop a .ron file here.");
            if ui.button("Show the bundled dataset").clicked() {
                self.commands.push(Command::OpenBundled);
            }
            return;
        };
        let ds = Arc::clone(&d.ds);
        let theme = self.theme();
        panel::panel_ui(
            ui,
            &ds,
            snap,
            &theme,
            &mut self.settings,
            self.selection,
            self.history.as_ref(),
            &mut self.commands,
        );
    }

    fn canvas_ui(&mut self, ui: &mut egui::Ui, snap: Option<&eval::Snapshot>) {
        let Some(n_states) = self.data.as_ref().map(|d| d.ds.states.len()) else {
            self.empty_canvas_ui(ui);
            return;
        };
        match &self.layout {
            Some(layout) => layout.positions_at(self.time, &mut self.positions),
            None => self.positions = crate::layout::phyllotaxis(n_states),
        }
        self.blend_positions(ui.ctx());
        let (Some(d), Some(snap)) = (&self.data, snap) else {
            return;
        };
        let ds = Arc::clone(&d.ds);
        for (&i, &p) in &self.pins {
            if let Some(slot) = self.positions.get_mut(i) {
                *slot = p;
            }
        }
        let enabled = self.settings.kinds_enabled(&ds);
        let (selected_state, selected_pair) = match self.selection {
            Selection::State(s) => (Some(s), None),
            Selection::Pair(a, b) => (None, Some((a, b))),
            Selection::None => (None, None),
        };
        let opts = SceneOptions {
            selected_state,
            selected_pair,
            kinds_enabled: &enabled,
            min_strength: self.settings.min_strength,
            pins: &self.pins,
            shift_from: None,
        };
        let theme = self.theme();
        let scene = scene::build(&ds, snap, &self.positions, &d.presence, &theme, &opts);
        let before = self.camera;
        canvas::canvas_ui(
            ui,
            &ds,
            &scene,
            &theme,
            &mut self.camera,
            &mut self.canvas,
            self.settings.labels,
            &mut self.commands,
            |ui, hit| hover_ui(ui, &ds, snap, &scene, hit),
        );
        if self.camera != before {
            self.camera_touched = true;
        }
        self.follow_camera(ui.ctx());
    }

    /// The canvas with nothing loaded: what to do next.
    fn empty_canvas_ui(&mut self, ui: &mut egui::Ui) {
        let rect = ui.max_rect();
        ui.painter()
            .rect_filled(rect, 0.0, canvas::color(self.theme().background));
        let mut content = ui.new_child(
            egui::UiBuilder::new()
                .max_rect(rect.shrink(24.0))
                .layout(egui::Layout::top_down(egui::Align::Center)),
        );
        content.add_space(rect.height() * 0.35);
        content.heading("Nothing to show yet");
        content.label(if self.problems.is_empty() {
            "Open a dataset (Ctrl+O) or drop a .ron file here."
        } else {
            "The file could not be loaded (see above): fix or create it and save, and it loads by itself."
        });
        content.add_space(8.0);
        if content.button("Show the bundled dataset").clicked() {
            self.commands.push(Command::OpenBundled);
        }
    }

    /// Unless the user has moved it, the camera follows what is drawn: it
    /// fits at once on first show, on new data and when the canvas changes
    /// size, and glides to the picture of each new date (so the network
    /// fills the canvas at every date without jumping while it plays).
    // The camera's glide may use the platform's maths: it never reaches a
    // figure (the layout and the scene use libm).
    #[allow(clippy::disallowed_methods)]
    fn follow_camera(&mut self, ctx: &egui::Context) {
        let (Some(rect), Some(bounds), Some(d)) =
            (self.canvas.rect, self.canvas.scene_bounds, &self.data)
        else {
            return;
        };
        if self.camera_touched {
            return;
        }
        let target = Camera::fit(bounds, rect);
        let key = (rect.size(), d.generation);
        if self.auto_fitted != Some(key) {
            self.auto_fitted = Some(key);
            self.camera = target;
            ctx.request_repaint();
            return;
        }
        let dt = self
            .fixed_dt
            .unwrap_or_else(|| f64::from(ctx.input(|i| i.stable_dt)));
        let k = (1.0 - (-dt.clamp(0.0, 0.1) / CAMERA_GLIDE_SECS).exp()) as f32;
        let (z0, z1) = (self.camera.zoom.ln(), target.zoom.ln());
        let moved = Camera {
            center: [
                self.camera.center[0] + (target.center[0] - self.camera.center[0]) * k,
                self.camera.center[1] + (target.center[1] - self.camera.center[1]) * k,
            ],
            zoom: (z0 + (z1 - z0) * k).exp(),
        };
        // Still visibly away (half a point at the canvas edge)?
        let off = (target.center[0] - moved.center[0]).hypot(target.center[1] - moved.center[1])
            * moved.zoom
            + (z1 - moved.zoom.ln()).abs() * rect.width();
        self.camera = if off > 0.5 { moved } else { target };
        if off > 0.5 {
            ctx.request_repaint();
        }
    }

    /// While a new layout replaces an old one, positions move smoothly from
    /// the old to the new.
    fn blend_positions(&mut self, ctx: &egui::Context) {
        let Some((old, since)) = &self.blend_from else {
            return;
        };
        let f = ((self.now_secs - since) / BLEND_SECS).clamp(0.0, 1.0) as f32;
        if f >= 1.0 {
            self.blend_from = None;
            return;
        }
        old.positions_at(self.time, &mut self.old_positions);
        let ease = f * f * (3.0 - 2.0 * f);
        for (p, q) in self.positions.iter_mut().zip(&self.old_positions) {
            p[0] = q[0] + (p[0] - q[0]) * ease;
            p[1] = q[1] + (p[1] - q[1]) * ease;
        }
        ctx.request_repaint();
    }

    fn windows_ui(&mut self, ctx: &egui::Context) {
        if let Some(query) = &mut self.search {
            let mut open = true;
            let mut chosen = None;
            egui::Window::new("Find a state")
                .open(&mut open)
                .collapsible(false)
                .resizable(false)
                .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
                .show(ctx, |ui| {
                    let edit = ui.add(
                        egui::TextEdit::singleline(query)
                            .hint_text("name or id")
                            .desired_width(240.0),
                    );
                    edit.request_focus();
                    let matches = self
                        .data
                        .as_ref()
                        .map(|d| search(&d.ds, self.time, query))
                        .unwrap_or_default();
                    let enter = ui.input(|i| i.key_pressed(Key::Enter));
                    if enter && let Some(found) = matches.first() {
                        chosen = Some(found.clone());
                    }
                    for found in matches.iter().take(10) {
                        let label = ui.selectable_label(false, &found.label);
                        let label = match found.jump {
                            Some(t) => label.on_hover_text(format!(
                                "Not there on this date: goes to {}",
                                crate::date::month_year(t)
                            )),
                            None => label,
                        };
                        if label.clicked() {
                            chosen = Some(found.clone());
                        }
                    }
                    if matches.is_empty() && !query.is_empty() {
                        ui.weak("No state matches.");
                    }
                });
            if let Some(found) = chosen {
                self.commands.push(Command::SelectState(found.state));
                if let Some(t) = found.jump {
                    // Another date, another picture: show all of it.
                    self.commands.push(Command::SetTime(t));
                    self.commands.push(Command::Fit);
                } else {
                    self.commands.push(Command::CenterOn(found.state));
                }
                open = false;
            }
            if !open {
                self.search = None;
            }
        }
        self.open_field_ui(ctx);
        egui::Window::new("Keyboard shortcuts")
            .open(&mut self.windows.help)
            .collapsible(false)
            .show(ctx, |ui| {
                egui::Grid::new("keys")
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        for (k, what) in SHORTCUTS {
                            ui.monospace(*k);
                            ui.label(*what);
                            ui.end_row();
                        }
                    });
            });
        egui::Window::new("About detente")
            .open(&mut self.windows.about)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.heading(format!("detente {}", env!("CARGO_PKG_VERSION")));
                ui.weak(format!("Drawn with {}", self.renderer));
                ui.label("How states relate to each other over time, as a living network.");
                ui.label("The bundled dataset tells the story of Pakistan and the Soviet Union/Russia, from 1947 to today; every value carries its source.");
            });
    }

    /// The in-app "Open" field, for when the system's file chooser cannot
    /// be shown (e.g. a Linux desktop without a file-chooser portal).
    fn open_field_ui(&mut self, ctx: &egui::Context) {
        let Some(text) = &mut self.open_field else {
            return;
        };
        let mut open = true;
        let mut go = None;
        egui::Window::new("Open a dataset")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
            .show(ctx, |ui| {
                ui.label(
                    "The system's file chooser could not be shown. Type the path of a .ron file:",
                );
                let edit = ui.add(egui::TextEdit::singleline(text).desired_width(420.0));
                // Keys go to the field, not to the shortcuts (as in search).
                edit.request_focus();
                let enter = ui.input(|i| i.key_pressed(Key::Enter));
                // Opening says in the banner if nothing is there (no file
                // system check per frame here).
                let typed = !text.trim().is_empty();
                if (ui.add_enabled(typed, egui::Button::new("Open")).clicked() || enter) && typed {
                    go = Some(PathBuf::from(text.trim()));
                }
            });
        if let Some(p) = go {
            self.commands.push(Command::Open(p));
        } else if !open {
            self.open_field = None;
        }
    }

    /// Forgets the events passed more than [`TOAST_SECS`] ago (they are
    /// drawn by `passed_events_ui`), and wakes the window until then.
    fn expire_toasts(&mut self, ctx: &egui::Context) {
        let now = self.now_secs;
        self.toasts.retain(|t| t.until_secs > now);
        if self.toasts.is_empty() {
            return;
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(250));
    }

    /// The events just passed, newest first, one line each, beside the
    /// date; the keyboard hint when there are none.
    fn passed_events_ui(&self, ui: &mut egui::Ui) {
        if self.toasts.is_empty() {
            ui.weak("Arrow keys: a month · with Shift: a year · Home / End");
            return;
        }
        ui.vertical(|ui| {
            ui.spacing_mut().item_spacing.y = 0.0;
            for t in self.toasts.iter().rev().take(PASSED_EVENTS_SHOWN) {
                ui.add(egui::Label::new(RichText::new(&t.text).strong()).truncate());
            }
        });
    }
}

/// The app's icon (`assets/icon.png`, from `assets/icon.svg`), for the
/// window.
pub fn icon() -> egui::IconData {
    let Ok(pixmap) = resvg::tiny_skia::Pixmap::decode_png(include_bytes!("../../assets/icon.png"))
    else {
        return egui::IconData::default();
    };
    let rgba = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    egui::IconData {
        rgba,
        width: pixmap.width(),
        height: pixmap.height(),
    }
}

/// A play / pause button drawn with shapes (no icon font needed).
fn play_button(ui: &mut egui::Ui, playing: bool) -> egui::Response {
    let label = if playing { "Pause" } else { "Play" };
    let response = ui
        .add(egui::Button::new("").min_size(egui::vec2(34.0, 30.0)))
        .on_hover_text(format!("{label} (Space)"));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label));
    let c = response.rect.center();
    let colour = ui.visuals().strong_text_color();
    if playing {
        for dx in [-4.0, 4.0] {
            let bar = egui::Rect::from_center_size(c + egui::vec2(dx, 0.0), egui::vec2(4.0, 14.0));
            ui.painter().rect_filled(bar, 1.0, colour);
        }
    } else {
        let points = vec![
            c + egui::vec2(-5.0, -8.0),
            c + egui::vec2(-5.0, 8.0),
            c + egui::vec2(8.0, 0.0),
        ];
        ui.painter().add(egui::Shape::convex_polygon(
            points,
            colour,
            egui::Stroke::NONE,
        ));
    }
    response
}

/// Keys and what they do, for the help window.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Space", "play / pause"),
    ("Left / Right", "one month back / forward"),
    ("Shift + Left / Right", "one year back / forward"),
    ("Home / End", "start / end of the timeline"),
    ("F", "fit the network to the view"),
    ("L", "labels on / off"),
    (
        "Esc",
        "close the open menu or window, else clear the selection",
    ),
    ("Ctrl + F", "find a state"),
    ("Ctrl + O", "open a dataset"),
    ("Ctrl + R", "reload the dataset"),
    ("Ctrl + T", "light / dark theme"),
    ("Ctrl + Shift + S or F12", "save a screenshot"),
    ("Ctrl + E", "export a figure"),
    ("Ctrl + Q", "quit"),
    ("F1 or ?", "this help"),
    ("Drag a state", "pin it there (double-click to unpin)"),
    ("Drag the background", "pan; wheel or pinch to zoom"),
];

/// A state found by [`search`].
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub state: StateIx,
    /// Its name at the date, with the name that matched if it was another
    /// and its years if it does not exist at the date.
    pub label: String,
    /// Where to go to see it, when it does not exist at the date: the
    /// nearest date of its lifetime.
    pub jump: Option<Time>,
}

/// States with a name (at any date) or an id containing `query`
/// (case-insensitive): those present at `t` first, then names starting
/// with the query, then alphabetically.
pub fn search(ds: &Dataset, t: Time, query: &str) -> Vec<Found> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(bool, bool, String, Found)> = Vec::new();
    for (i, s) in ds.states.iter().enumerate() {
        let names = std::iter::once((None, &s.names.initial))
            .chain(s.names.changes.iter().map(|(at, n)| (Some(*at), n)));
        let matched = names
            .filter(|(_, n)| n.to_lowercase().contains(&q))
            .min_by_key(|(_, n)| !n.to_lowercase().starts_with(&q));
        let by_id = s.id.to_lowercase() == q;
        let Some((named_at, matched)) = matched
            .map(|(at, n)| (at, n.as_str()))
            .or(by_id.then(|| (None, s.name_at(t))))
        else {
            continue;
        };
        // Where it exists nearest to `t`.
        let alive = s.lifetime.contains(t);
        let jump = (!alive).then(|| {
            let (from, until) = (s.lifetime.from, s.lifetime.until);
            match from.filter(|f| t < *f) {
                Some(f) => f,
                None => until.map_or(t, |u| Time(u.0 - 1.0)),
            }
        });
        let shown_at = jump.unwrap_or(t);
        let name = s.name_at(shown_at);
        let mut label = name.to_owned();
        if matched != name {
            let when = if named_at.is_some_and(|at| at > shown_at) {
                "later"
            } else {
                "formerly"
            };
            label = format!("{label} ({when} {matched})");
        }
        if jump.is_some() {
            let years = |x: Option<Time>| x.map_or(String::new(), |x| x.ymd().0.to_string());
            label = format!(
                "{label}, {}–{}",
                years(s.lifetime.from),
                years(s.lifetime.until)
            );
        }
        found.push((
            !alive,
            !matched.to_lowercase().starts_with(&q),
            label.clone(),
            Found {
                state: i,
                label,
                jump,
            },
        ));
    }
    found.sort_by(|x, y| (x.0, x.1, &x.2).cmp(&(y.0, y.1, &y.2)));
    found.into_iter().map(|(_, _, _, f)| f).collect()
}

fn hover_ui(
    ui: &mut egui::Ui,
    ds: &Dataset,
    snap: &eval::Snapshot,
    scene: &scene::Scene,
    hit: canvas::Hit,
) {
    let t = snap.time;
    match hit {
        canvas::Hit::Node(s) => {
            ui.strong(ds.states[s].name_at(t));
            let mut rel: Vec<(f64, StateIx)> = snap
                .pairs
                .iter()
                .filter(|p| p.a == s || p.b == s)
                .map(|p| (p.score, if p.a == s { p.b } else { p.a }))
                .collect();
            rel.sort_by(|x, y| y.0.abs().total_cmp(&x.0.abs()));
            for (score, other) in rel.into_iter().take(4) {
                ui.label(format!(
                    "{:+.2}  {} ({})",
                    score,
                    ds.states[other].name_at(t),
                    panel::describe(score)
                ));
            }
        }
        canvas::Hit::Edge(e) => {
            let edge = &scene.edges[e];
            ui.strong(format!(
                "{} – {}",
                ds.states[edge.a].name_at(t),
                ds.states[edge.b].name_at(t)
            ));
            if let Some(p) = snap.pair(edge.a, edge.b) {
                ui.label(format!("{:+.2} ({})", p.score, panel::describe(p.score)));
                for &(k, s) in snap.kinds_of(p) {
                    ui.label(format!("{}: {s:+.2}", ds.kinds[k].name));
                }
            }
            if let Some(r) = ds.relations.iter().find(|r| r.pair == edge.pair) {
                let n = r.keys.partition_point(|k| k.time <= t);
                if let Some(key) = n.checked_sub(1).map(|i| &r.keys[i])
                    && !key.note.is_empty()
                {
                    ui.weak(format!("{}: {}", key.date, key.note));
                }
            }
            ui.weak("Click for the history");
        }
    }
}

impl eframe::App for DetenteApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.draw(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.year = Some(self.time.year_frac());
        self.settings.camera = self.camera_touched.then_some(self.camera);
        if let Some(d) = &self.data {
            self.settings.pins = self
                .pins
                .iter()
                .map(|(&i, &p)| (d.ds.states[i].id.clone(), p))
                .collect();
        }
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}
