//! The window. `mod.rs` is the conductor: it owns one part per job — the
//! document (`document`), time and playback (`clock`), selection and
//! camera (`view`), the layout and pins (`arrangement`), the settings
//! (`settings`), the chrome (`shell`: menus, status line, small windows),
//! the key map (`keys`) and the exports (`exports`) — lays out the panels,
//! and applies the [`Command`]s they collect at the end of the frame.
//! The parts hold no reference to the app or to each other's state: they
//! get what they need as arguments (the shared vocabulary — commands, the
//! key map, settings, the document they display — by reference) and answer
//! with commands.

mod access;
mod arrangement;
mod balance;
mod camera;
mod canvas;
mod canvas_nodes;
mod charts;
mod chooser;
mod clock;
mod command;
mod document;
mod exports;
mod keys;
mod paint;
mod panel;
mod panes;
mod search;
mod settings;
mod shell;
mod timeline;
mod view;
mod watch;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui;

pub use camera::Camera;
pub use command::{Chart, Command, Selection};
pub use search::{Found, search};
pub use settings::Settings;
pub use shell::icon;

use arrangement::Arrangement;
use clock::Clock;
use document::{Document, Opened};
use exports::{Exports, Outcome};
use panes::{Pane, Panes};
use shell::Shell;
use view::View;

use crate::date::Time;
use crate::eval;
use crate::layout::Pins;
use crate::scene::{self, SceneOptions};
use crate::theme::{Theme, ThemeKind};

/// A frame's snapshot of the network, and of the date compared with.
type Snapshots<'a> = (
    Option<&'a eval::Snapshot<'a>>,
    Option<&'a eval::Snapshot<'a>>,
);

/// The application.
pub struct DetenteApp {
    settings: Settings,
    doc: Document,
    clock: Clock,
    view: View,
    arrangement: Arrangement,
    shell: Shell,
    exports: Exports,
    commands: Vec<Command>,
    panes: Panes,
    balance: balance::BalanceState,
    /// egui's time at the start of this frame, in seconds.
    now_secs: f64,
}

impl DetenteApp {
    /// Opens `file`, or the last file, or the bundled dataset.
    pub fn new(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> DetenteApp {
        let mut app = DetenteApp::with_settings(Settings::from_storage(cc.storage));
        app.shell.renderer = if cc.wgpu_render_state.is_some() {
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
        // A name that is no file but a bundled dataset's opens that.
        let example = file
            .as_ref()
            .filter(|p| !p.exists())
            .and_then(|p| p.to_str())
            .and_then(crate::example);
        match (file, example) {
            (_, Some(example)) => self.open_example(example),
            (Some(path), None) => self.open_path(&path),
            (None, None) => self.open_bundled(),
        }
    }

    /// The context to wake when a watched file changes (without it, a change
    /// shows at the next input).
    pub fn set_repaint(&mut self, ctx: &egui::Context) {
        self.doc.set_repaint(ctx);
    }

    /// An app with these settings and no data yet.
    pub fn with_settings(settings: Settings) -> DetenteApp {
        DetenteApp {
            view: View::with_camera(settings.camera),
            settings,
            doc: Document::default(),
            clock: Clock::default(),
            arrangement: Arrangement::default(),
            shell: Shell::default(),
            exports: Exports::default(),
            commands: Vec::new(),
            panes: Panes::default(),
            balance: balance::BalanceState::default(),
            now_secs: 0.0,
        }
    }

    /// Opens the bundled dataset that opens when there is nothing else.
    pub fn open_bundled(&mut self) {
        self.open_example(crate::default_example());
    }

    /// Opens a dataset shipped inside detente.
    pub fn open_example(&mut self, example: &'static crate::Example) {
        let opened = self.doc.open_example(example);
        self.opened(opened);
    }

    /// Opens a dataset file; on failure keeps the current data and shows why.
    pub fn open_path(&mut self, path: &Path) {
        let opened = self.doc.open_path(path);
        self.opened(opened);
    }

    /// Opens a dataset given as text (as if from a file named `name`).
    pub fn open_text(&mut self, name: &str, text: &str) {
        let opened = self.doc.open_text(name, text);
        self.opened(opened);
    }

    /// After an attempt to open: a reload keeps what still makes sense;
    /// other data gets its own date, pins and selection (the first of a
    /// session gets back the remembered date and pins).
    fn opened(&mut self, opened: Opened) {
        let Some(d) = &self.doc.data else { return };
        let ds = Arc::clone(&d.ds);
        let (lo, hi) = (ds.start, ds.end);
        match opened {
            Opened::Failed | Opened::Unchanged => return,
            Opened::Reloaded => {
                let n = ds.states.len();
                self.arrangement.pins.retain(|&i, _| i < n);
                self.view.reloaded(&ds);
            }
            Opened::New { first } => {
                self.clock.reference = None;
                let remembered = self.settings.year.map(Time::from_year_frac);
                self.clock.time = remembered
                    .filter(|t| first && *t >= lo && *t <= hi)
                    .unwrap_or(ds.opens_at);
                self.view.select(&ds, Selection::None);
                let pins: Pins = if first {
                    let remembered = self.settings.pins.iter();
                    remembered
                        .filter_map(|(id, p)| ds.state_index(id).map(|i| (i, *p)))
                        .collect()
                } else {
                    self.view.camera_touched = false;
                    Pins::new()
                };
                self.arrangement.reset(pins);
            }
        }
        self.clock.time = ds.clamp(self.clock.time);
        self.clock.reference = self.clock.reference.map(|r| ds.clamp(r));
        match &d.source {
            document::Source::File(p) => self.settings.remember_file(p),
            document::Source::Example(_) => self.settings.last_file = None,
        }
    }

    fn theme(&self) -> Theme {
        Theme::new(self.settings.theme)
    }

    /// Everything inside the window, without the eframe frame (the frame
    /// benchmark and tests call this directly).
    pub fn draw(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.now_secs = ui.input(|i| i.time);
        ctx.set_theme(match self.settings.theme {
            ThemeKind::Light => egui::Theme::Light,
            ThemeKind::Dark => egui::Theme::Dark,
        });
        self.commands
            .extend(document::dropped_ron(ui).map(Command::Open));
        self.commands.extend(self.doc.poll_watch());
        self.poll_layout(&ctx);
        // A focused state on the canvas takes only the arrows and Enter; a
        // focused timeline none.
        let ours =
            self.view.canvas.focused.is_some() || ctx.memory(|m| m.has_focus(timeline::id()));
        let typing = ctx.egui_wants_keyboard_input() && !ours;
        let popup_open = egui::Popup::is_any_open(&ctx);
        let arrows_free = self.view.canvas.focused.is_none();
        let keyed = ui.input_mut(|i| keys::commands(i, typing, popup_open, arrows_free));
        self.commands.extend(keyed);
        let ds = self.doc.dataset().cloned();
        if let Some(ds) = &ds {
            let speed = self.settings.speed_years_per_sec;
            self.clock.advance(&ctx, ds, speed, self.now_secs);
        }
        self.clock.expire(&ctx, self.now_secs);
        // One snapshot of the network per frame, for the panel and the canvas
        // (and one of the date compared with, while comparing).
        let snap = ds
            .as_deref()
            .map(|ds| eval::snapshot(ds, self.clock.time, eval::DEFAULT_EVENT_WINDOW_DAYS));
        let before = (ds.as_deref())
            .zip(self.clock.reference)
            .map(|(ds, r)| eval::snapshot(ds, r, 0.0));
        let snaps = (snap.as_ref(), before.as_ref());

        egui::Panel::top("menu").show(ui, |ui| {
            shell::menu_ui(ui, &self.settings, self.shell.help, &mut self.commands);
        });
        if !self.doc.problems.is_empty() {
            egui::Panel::top("banner").show(ui, |ui| {
                self.doc.banner_ui(ui, &mut self.commands);
            });
        }
        egui::Panel::bottom("status").show(ui, |ui| {
            let pinned = self.arrangement.pins.len();
            shell::status_ui(ui, &self.doc, self.arrangement.progress(), pinned);
        });
        egui::Panel::bottom("timeline").show(ui, |ui| self.timeline_ui(ui));
        let mut shown = self.settings.side_panel;
        panel::side_panel(ui.available_width())
            .show_collapsible(ui, &mut shown, |ui| self.side_ui(ui, snaps));
        self.settings.side_panel = shown;
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| self.canvas_ui(ui, snaps));
        self.shell
            .windows_ui(&ctx, &self.doc, self.clock.time, &mut self.commands);
        if let (Some(d), Some(snap)) = (&self.doc.data, snap.as_ref()) {
            let shown = charts::Shown {
                ds: &d.ds,
                generation: d.generation,
                snap,
                theme: &self.theme(),
                selection: self.view.selection,
                history: self.view.history.as_ref(),
                threshold: self.settings.balance_threshold,
            };
            charts::windows_ui(
                &ctx,
                &shown,
                (&mut self.shell, &mut self.balance),
                &mut self.commands,
            );
        }
        let frame = exports::Frame {
            time: self.clock.time,
            canvas: self.view.canvas.rect,
            now: self.now_secs,
            doc: &self.doc,
            arrangement: &self.arrangement,
            theme: self.settings.theme,
            filters: (
                self.doc
                    .dataset()
                    .map_or_else(Vec::new, |ds| self.settings.kinds_enabled(ds)),
                self.settings.min_strength,
            ),
        };
        self.exports.ui(&ctx, &frame);

        for command in std::mem::take(&mut self.commands) {
            self.apply(Some(&ctx), command);
        }
        let title = self.doc.dataset().map(|ds| ds.title.clone());
        self.shell.title(&ctx, title.as_deref());
    }

    /// Starts or follows the layout job; a job that failed is told once.
    fn poll_layout(&mut self, ctx: &egui::Context) {
        let Some(d) = &self.doc.data else { return };
        let data = (&d.ds, d.generation);
        if self
            .arrangement
            .poll(ctx, data, self.clock.time, self.now_secs)
        {
            let reload = keys::shortcut_text(ctx, &Command::Reload).unwrap_or_default();
            let failed = arrangement::failure_text(&reload);
            self.exports.tell(Outcome::Failed(failed), self.now_secs);
        }
    }

    /// Applies a command. `ctx` is `None` outside a frame (tests calling
    /// the app directly): commands that talk to the window then do nothing.
    fn apply(&mut self, ctx: Option<&egui::Context>, command: Command) {
        let ds = self.doc.dataset().cloned();
        match command {
            Command::Open(p) => {
                self.shell.open_field = None;
                self.open_path(&p);
            }
            Command::OpenDialog => {
                if let Some(p) = self.shell.open_dialog(&self.doc) {
                    self.open_path(&p);
                } else if self.shell.open_field.is_some() {
                    self.panes.opened(Pane::OpenField);
                }
            }
            Command::OpenExample(example) => self.open_example(example),
            Command::FileChanged => self.reload(false),
            Command::Reload => self.reload(true),
            Command::Quit => {
                if let Some(ctx) = ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Command::Fit => self.view.fit(),
            Command::ToggleTheme => self.settings.toggle_theme(),
            Command::ToggleLabels => self.settings.labels = !self.settings.labels,
            Command::ToggleSidePanel => self.settings.side_panel = !self.settings.side_panel,
            Command::FocusNetwork => self.view.canvas.focus_wanted = true,
            Command::SelectState(s) => self.select(Selection::State(s)),
            Command::SelectPair(a, b) => self.select(Selection::Pair(a.min(b), a.max(b))),
            Command::SelectTriad(t) => self.select(Selection::Triad(t)),
            Command::ClearSelection => {
                self.select(Selection::None);
                self.shell.search = None;
            }
            Command::Dismiss => self.dismiss(),
            Command::SetTime(t) => self.set_time(t),
            // Times are clamped to the data's span.
            Command::GoToStart => self.set_time(Time(f64::NEG_INFINITY)),
            Command::GoToEnd => self.set_time(Time(f64::INFINITY)),
            Command::ToggleCompare => {
                let now = self.clock.time;
                self.clock.reference = self.clock.reference.xor(Some(now));
            }
            Command::SetReference(t) => {
                if let Some(ds) = ds {
                    self.clock.reference = Some(ds.clamp(t));
                }
            }
            Command::StepMonths(m) => self.set_time(self.clock.time.add_months(m)),
            Command::TogglePlay => {
                if let Some(ds) = ds {
                    self.clock.toggle_play(&ds);
                }
            }
            Command::Pin(i, at) => {
                self.arrangement.pins.insert(i, at);
                // The user arranges by hand: the view stays where it is (F
                // resumes following the network).
                self.view.camera_touched = true;
            }
            Command::Unpin(i) => {
                self.arrangement.pins.remove(&i);
            }
            Command::UnpinAll => self.arrangement.pins.clear(),
            Command::CenterOn(i) => {
                if let Some(&p) = self.arrangement.positions.get(i) {
                    self.view.center_on(i, p);
                }
            }
            Command::Find => {
                self.shell.search = Some(String::new());
                self.panes.opened(Pane::Find);
            }
            Command::ToggleHelp => {
                self.shell.help = !self.shell.help;
                self.panes.opened(Pane::Help);
            }
            Command::ShowAbout => {
                self.shell.about = true;
                self.panes.opened(Pane::About);
            }
            Command::SaveScreenshot => {
                if let Some(ctx) = ctx {
                    self.exports.request_screenshot(ctx);
                }
            }
            Command::ExportFigure | Command::ExportAnimation => self.open_export(&command),
            Command::EnlargeChart(Chart::Pair) => {
                self.shell.pair_chart = true;
                self.panes.opened(Pane::PairChart);
            }
            Command::EnlargeChart(Chart::Balance) => {
                self.shell.balance_chart = true;
                self.panes.opened(Pane::BalanceChart);
            }
        }
    }

    /// Loads the data asked for last again; `say` (Ctrl+R, not a save
    /// seen by the watcher) tells how it went, so that a key press that
    /// changes nothing is seen to have been heard (a failure shows in the
    /// banner).
    fn reload(&mut self, say: bool) {
        let Some(opened) = self.doc.reload() else {
            return;
        };
        self.opened(opened);
        let name = self.doc.wanted.as_ref().map(document::Source::name);
        let said = match (opened, name) {
            (Opened::Unchanged, Some(n)) => format!("{n}: unchanged since it was loaded"),
            (Opened::Reloaded | Opened::New { .. }, Some(n)) => format!("Reloaded {n}"),
            _ => return,
        };
        if say {
            self.exports.tell(Outcome::Info(said), self.now_secs);
        }
    }

    /// Opens the Export Figure or Animation dialog (see
    /// [`Exports::open`]).
    fn open_export(&mut self, command: &Command) {
        let dates = (self.clock.time, self.clock.reference);
        let ds = self.doc.dataset().map(AsRef::as_ref);
        if let Some(pane) = self.exports.open(command, ds, dates, self.now_secs) {
            self.panes.opened(pane);
        }
    }

    /// Esc: closes the window opened last that is still open, else the
    /// notice of a save or an export, else clears the selection.
    fn dismiss(&mut self) {
        if !self.panes.close_last(&mut self.shell, &mut self.exports)
            && !self.exports.close_notice()
        {
            self.select(Selection::None);
        }
    }

    fn select(&mut self, selection: Selection) {
        if let Some(ds) = self.doc.dataset().cloned() {
            self.view.select(&ds, selection);
        }
    }

    fn set_time(&mut self, t: Time) {
        if let Some(ds) = self.doc.dataset().cloned() {
            self.clock.set(&ds, t, self.now_secs);
        }
    }

    fn timeline_ui(&mut self, ui: &mut egui::Ui) {
        let Some(ds) = self.doc.dataset().cloned() else {
            return;
        };
        ui.add_space(4.0);
        let speed = &mut self.settings.speed_years_per_sec;
        let focused = self.view.canvas.focused.is_some();
        self.clock.row_ui(ui, speed, focused, &mut self.commands);
        let theme = self.theme();
        let dates = (self.clock.time, self.clock.reference);
        timeline::timeline_ui(ui, &ds, dates, &theme, &mut self.commands);
        ui.add_space(2.0);
    }

    /// `snaps`: the frame's snapshot, and the compared date's.
    fn side_ui(&mut self, ui: &mut egui::Ui, snaps: Snapshots<'_>) {
        let (snap, before) = snaps;
        let (Some(d), Some(snap)) = (&self.doc.data, snap) else {
            // What to do is said on the canvas (and in the banner).
            ui.weak("No data.");
            return;
        };
        let theme = self.theme();
        let input = panel::PanelInput {
            ds: &d.ds,
            snap,
            theme: &theme,
            selection: self.view.selection,
            history: self.view.history.as_ref(),
            shift: self.clock.shift(&d.ds, d.generation, (before, snap)),
        };
        // Computed only while its section is open.
        let state = &mut self.balance;
        let triad = match self.view.selection {
            Selection::Triad(t) => Some(t),
            _ => None,
        };
        let mut balance = |ui: &mut egui::Ui, threshold: &mut f64, commands: &mut _| {
            let mut view = state.view(ui.ctx(), &d.ds, snap, d.generation, *threshold);
            let shown = (&*d.ds, snap, &theme);
            balance::balance_ui(ui, shown, &mut view, (threshold, triad), commands);
        };
        let (settings, commands) = (&mut self.settings, &mut self.commands);
        panel::panel_ui(ui, &input, settings, commands, &mut balance);
    }

    fn canvas_ui(&mut self, ui: &mut egui::Ui, snaps: Snapshots<'_>) {
        let (snap, before) = snaps;
        let (Some(d), Some(snap)) = (&self.doc.data, snap) else {
            canvas::empty_canvas_ui(
                ui,
                &self.theme(),
                !self.doc.problems.is_empty(),
                &mut self.commands,
            );
            return;
        };
        let ds = Arc::clone(&d.ds);
        let generation = d.generation;
        let t = self.clock.time;
        if self.arrangement.update(t, ds.states.len(), self.now_secs) {
            ui.ctx().request_repaint();
        }
        let enabled = self.settings.kinds_enabled(&ds);
        let group = self.view.selection.group();
        let opts = SceneOptions {
            selected_state: self.view.selection.state(),
            selected_group: &group,
            kinds_enabled: &enabled,
            min_strength: self.settings.min_strength,
            pins: &self.arrangement.pins,
            shift_from: before,
        };
        let theme = self.theme();
        let positions = &self.arrangement.positions;
        let scene = scene::build(&ds, snap, positions, &d.presence, &theme, &opts);
        let camera = self.view.camera;
        let picture = canvas::Picture {
            ds: &ds,
            snap,
            scene: &scene,
            theme: &theme,
            labels: self.settings.labels,
        };
        canvas::canvas_ui(
            ui,
            &picture,
            &mut self.view.camera,
            &mut self.view.canvas,
            &mut self.commands,
        );
        if self.view.camera != camera {
            self.view.camera_touched = true;
        }
        let dt = self.clock.dt(ui.ctx());
        self.view.follow(ui.ctx(), generation, dt);
    }
}

impl eframe::App for DetenteApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.draw(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.year = Some(self.clock.time.year_frac());
        self.settings.camera = self.view.camera_touched.then_some(self.view.camera);
        if let Some(ds) = self.doc.dataset() {
            self.settings.pins = self
                .arrangement
                .pins
                .iter()
                .map(|(&i, &p)| (ds.states[i].id.clone(), p))
                .collect();
        }
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}
