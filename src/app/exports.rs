//! Saving from the window: a screenshot of the whole window, a figure of the
//! network (the same code as `detente export`), and an animation over a
//! span. Files are written on a background thread with progress and
//! cancellation; the window stays responsive. Where a file goes is a path
//! field in the dialog (prefilled with the pictures folder and a name for
//! the date; "Browse…" asks the system), so exporting works where no file
//! chooser can be shown; a screenshot goes straight to the pictures folder.
//! Every outcome — saved, failed, cancelled — is told in a notice of its
//! own, never in the load-error banner.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};

use eframe::egui::{self, ColorImage, RichText};
use resvg::tiny_skia;

use super::DetenteApp;
use crate::date::{DAYS_PER_YEAR, Time};
use crate::export::{self, Animation, ExportError, Figure, FigureOptions, Step};
use crate::layout::{Pins, TimelineLayout};
use crate::model::Dataset;
use crate::scene::Presence;
use crate::theme::{Theme, ThemeKind};

/// Figure formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
}

/// Figure backgrounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Background {
    Light,
    Dark,
    Transparent,
}

/// Where an export goes: a path the user can type, and what went wrong
/// with the last try (shown in the dialog).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Target {
    pub path: String,
    pub message: Option<String>,
    /// A file that exists and that the user was told about: exporting
    /// again replaces it.
    pub replace: Option<PathBuf>,
}

/// The Export Figure dialog's choices.
#[derive(Clone, Debug, PartialEq)]
pub struct FigureDialog {
    pub format: Format,
    /// `None`: the canvas's size.
    pub size: Option<(u32, u32)>,
    pub scale: u32,
    pub background: Background,
    pub options: FigureOptions,
    pub target: Target,
}

/// The Export Animation dialog's choices.
#[derive(Clone, Debug, PartialEq)]
pub struct AnimationDialog {
    pub from_year: i32,
    pub to_year: i32,
    pub step_months: u32,
    pub width: u32,
    pub height: u32,
    pub fps: u32,
    pub frames_too: bool,
    pub target: Target,
}

/// What the export machinery needs from the app for one job.
pub struct Inputs {
    pub ds: Arc<Dataset>,
    pub layout: Arc<TimelineLayout>,
    pub presence: Presence,
    pub pins: Pins,
    pub theme: ThemeKind,
}

impl Inputs {
    fn figure(&self) -> Figure<'_> {
        Figure {
            ds: &self.ds,
            layout: &self.layout,
            presence: &self.presence,
            pins: &self.pins,
        }
    }
}

/// A finished job's message for the user.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Saved(PathBuf),
    Failed(String),
    Cancelled,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Saved(p) => write!(f, "Saved {}", p.display()),
            Outcome::Failed(message) => write!(f, "{message}"),
            Outcome::Cancelled => write!(f, "Export cancelled; nothing was written."),
        }
    }
}

impl From<Result<PathBuf, ExportError>> for Outcome {
    fn from(result: Result<PathBuf, ExportError>) -> Outcome {
        match result {
            Ok(path) => Outcome::Saved(path),
            Err(ExportError::Cancelled) => Outcome::Cancelled,
            Err(e) => Outcome::Failed(format!("Export failed: {e}")),
        }
    }
}

/// An export running on another thread.
pub struct Job {
    pub label: String,
    pub progress: Arc<Mutex<(usize, usize)>>,
    cancel: Arc<AtomicBool>,
    rx: Receiver<Outcome>,
}

impl Job {
    fn spawn(
        label: &str,
        work: impl FnOnce(&AtomicBool, &Mutex<(usize, usize)>) -> Outcome + Send + 'static,
    ) -> Job {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let progress = Arc::new(Mutex::new((0, 1)));
        let (c, p) = (Arc::clone(&cancel), Arc::clone(&progress));
        std::thread::spawn(move || {
            let _ = tx.send(work(&c, &p));
        });
        Job {
            label: label.to_owned(),
            progress,
            cancel,
            rx,
        }
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// The outcome, once the job has ended (a job that panicked ends in
    /// an internal error).
    pub fn finished(&self) -> Option<Outcome> {
        match self.rx.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Outcome::Failed(
                "Export failed: internal error (nothing was written)".to_owned(),
            )),
        }
    }

    pub fn fraction(&self) -> f32 {
        let (done, total) = self.progress.lock().map_or((0, 1), |g| *g);
        done as f32 / total.max(1) as f32
    }
}

/// A file name for a date, e.g. `detente-1985-06.png`.
pub fn default_name(t: Time, ext: &str) -> String {
    format!("detente-{}.{ext}", t.month())
}

/// The folder dialogs open in: the pictures folder if there is one.
pub fn default_folder() -> Option<PathBuf> {
    dirs::picture_dir().or_else(dirs::home_dir)
}

/// `name` in the default folder, as text for a path field.
/// A new file named after `name` in the default folder (never one that
/// exists: an export does not replace an earlier file unless asked), as
/// text for a path field.
pub fn default_path(name: &str) -> String {
    default_folder()
        .map_or_else(|| PathBuf::from(name), |f| unused_path(&f, name))
        .display()
        .to_string()
}

/// A path in `folder` named after `name` that does not exist yet:
/// `name`, else `stem-2.ext`, `stem-3.ext` ….
pub fn unused_path(folder: &Path, name: &str) -> PathBuf {
    let first = folder.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..100_000)
        .map(|k| folder.join(format!("{stem}-{k}.{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// `path` with its extension replaced by `ext` (for a format switch).
fn with_extension(path: &str, ext: &str) -> String {
    if path.trim().is_empty() {
        return path.to_owned();
    }
    PathBuf::from(path)
        .with_extension(ext)
        .display()
        .to_string()
}

/// Asks the system where to save, starting from the target's path; a
/// chooser that cannot be shown (no portal) is said in the dialog.
fn browse(target: &mut Target, title: &str, filter: (&str, &[&str])) {
    let current = PathBuf::from(target.path.trim());
    let mut dialog = rfd::FileDialog::new()
        .set_title(title)
        .add_filter(filter.0, filter.1);
    if let Some(name) = current.file_name() {
        dialog = dialog.set_file_name(name.to_string_lossy());
    }
    if let Some(folder) = current
        .parent()
        .filter(|f| f.is_dir())
        .map(Path::to_path_buf)
        .or_else(default_folder)
    {
        dialog = dialog.set_directory(folder);
    }
    let asked = std::time::Instant::now();
    match dialog.save_file() {
        Some(p) => {
            target.path = p.display().to_string();
            target.message = None;
        }
        None if super::chooser_failed(asked) => {
            target.message = Some(
                "The system's file chooser could not be shown: type the path above.".to_owned(),
            );
        }
        None => {}
    }
}

/// The path to write, made absolute, if it can be: its folder must exist
/// and its name end in `.ext`.
fn checked_path(target: &mut Target, ext: &str) -> Option<PathBuf> {
    let text = target.path.trim();
    if text.is_empty() {
        target.message = Some("Say where to save the file.".to_owned());
        return None;
    }
    let path = std::path::absolute(text).unwrap_or_else(|_| PathBuf::from(text));
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
    {
        target.message = Some(format!("The file's name must end in .{ext}."));
        return None;
    }
    let folder = match path.parent() {
        Some(f) if !f.as_os_str().is_empty() => f.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        target.message = Some(format!("There is no folder {}.", folder.display()));
        return None;
    }
    if path.is_dir() {
        target.message = Some(format!("{} is a folder: add a file name.", path.display()));
        return None;
    }
    if path.exists() && target.replace.as_ref() != Some(&path) {
        target.message = Some(format!(
            "{} exists: Export again to replace it.",
            path.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ));
        target.replace = Some(path);
        return None;
    }
    target.message = None;
    Some(path)
}

/// The "Save to" row of a dialog: the path field and "Browse…".
fn target_ui(ui: &mut egui::Ui, target: &mut Target, title: &str, filter: (&str, &[&str])) {
    ui.label("Save to");
    ui.horizontal(|ui| {
        let edit = ui
            .add(egui::TextEdit::singleline(&mut target.path).desired_width(300.0))
            .on_hover_text("The file to write");
        if edit.changed() {
            target.message = None;
            target.replace = None;
        }
        if ui.button("Browse…").clicked() {
            browse(target, title, filter);
        }
    });
    ui.end_row();
}

/// The Export button, and under it (so that it never moves) what stops
/// the export, if anything; true when clicked.
fn export_button_ui(ui: &mut egui::Ui, target: &Target) -> bool {
    ui.add_space(6.0);
    let go = ui.button(RichText::new("Export").strong()).clicked();
    if let Some(message) = &target.message {
        ui.colored_label(ui.visuals().warn_fg_color, message);
    }
    go
}

/// Writes a window screenshot as PNG, atomically.
pub fn save_screenshot(image: &ColorImage, path: &Path) -> Result<(), ExportError> {
    let [w, h] = image.size;
    // egui's colours are premultiplied, as tiny-skia expects.
    let bytes: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(egui::Color32::to_array)
        .collect();
    let size = tiny_skia::IntSize::from_wh(w as u32, h as u32)
        .ok_or_else(|| ExportError::Render("the screenshot is empty".to_owned()))?;
    let pixmap = tiny_skia::Pixmap::from_vec(bytes, size)
        .ok_or_else(|| ExportError::Render("the screenshot has the wrong size".to_owned()))?;
    let png = pixmap
        .encode_png()
        .map_err(|e| ExportError::Render(e.to_string()))?;
    export::write_atomic(path, &png)
}

/// Starts writing a figure.
pub fn start_figure(
    inputs: Inputs,
    t: Time,
    dialog: &FigureDialog,
    canvas: (u32, u32),
    path: PathBuf,
) -> Job {
    let mut opts = dialog.options.clone();
    (opts.width, opts.height) = dialog.size.unwrap_or(canvas);
    opts.transparent = dialog.background == Background::Transparent;
    let kind = if dialog.background == Background::Dark {
        ThemeKind::Dark
    } else {
        ThemeKind::Light
    };
    let (format, scale) = (dialog.format, dialog.scale as f32);
    Job::spawn("Exporting the figure", move |_, _| {
        let svg = inputs.figure().svg(&Theme::new(kind), t, &opts);
        let written = match format {
            Format::Svg => export::write_atomic(&path, svg.as_bytes()),
            Format::Png => {
                export::png_bytes(&svg, scale).and_then(|b| export::write_atomic(&path, &b))
            }
        };
        Outcome::from(written.map(|()| path))
    })
}

/// Starts writing an animation (GIF, and PNG frames beside it if asked).
pub fn start_animation(inputs: Inputs, dialog: &AnimationDialog, path: PathBuf) -> Job {
    let anim = Animation {
        from: Time::from_ymd(dialog.from_year, 1, 1),
        to: Time::from_ymd(dialog.to_year.max(dialog.from_year), 1, 1),
        step: Step::Months(dialog.step_months.max(1)),
        fps: dialog.fps.clamp(1, 50),
    };
    let opts = FigureOptions {
        width: dialog.width,
        height: dialog.height,
        fit_bounds: inputs.layout.bounds(),
        ..FigureOptions::default()
    };
    let frames = dialog.frames_too.then(|| path.with_extension("frames"));
    Job::spawn("Exporting the animation", move |cancel, progress| {
        let theme = Theme::new(inputs.theme);
        let figure = inputs.figure();
        let frame = |t| figure.svg(&theme, t, &opts);
        let result = export::write_animation(
            &anim,
            frame,
            Some(&path),
            frames.as_deref(),
            |done, total| {
                if let Ok(mut p) = progress.lock() {
                    *p = (done, total);
                }
                !cancel.load(Ordering::Relaxed)
            },
        );
        Outcome::from(result.map(|_| path))
    })
}

/// The Export Figure dialog; returns true when the user asks to export.
pub fn figure_dialog_ui(ui: &mut egui::Ui, d: &mut FigureDialog) -> bool {
    egui::Grid::new("figure").num_columns(2).show(ui, |ui| {
        ui.label("Format");
        ui.horizontal(|ui| {
            let before = d.format;
            ui.radio_value(&mut d.format, Format::Png, "PNG");
            ui.radio_value(&mut d.format, Format::Svg, "SVG");
            if d.format != before {
                d.target.path = with_extension(&d.target.path, d.format.extension());
            }
        });
        ui.end_row();
        ui.label("Size");
        ui.horizontal(|ui| {
            ui.radio_value(&mut d.size, None, "as the canvas");
            ui.radio_value(&mut d.size, Some((1920, 1080)), "1920 × 1080");
            let custom = d.size.is_some_and(|s| s != (1920, 1080));
            if ui.radio(custom, "custom").clicked() && !custom {
                d.size = Some((1600, 900));
            }
        });
        ui.end_row();
        if let Some((w, h)) = &mut d.size
            && (*w, *h) != (1920, 1080)
        {
            ui.label("");
            ui.horizontal(|ui| {
                ui.add(egui::DragValue::new(w).range(16..=8192).suffix(" wide"));
                ui.add(egui::DragValue::new(h).range(16..=8192).suffix(" high"));
            });
            ui.end_row();
        }
        ui.label("Scale");
        ui.add_enabled_ui(d.format == Format::Png, |ui| {
            ui.horizontal(|ui| {
                for s in [1, 2, 4] {
                    ui.radio_value(&mut d.scale, s, format!("{s}×"));
                }
            });
        });
        ui.end_row();
        ui.label("Background");
        ui.horizontal(|ui| {
            ui.radio_value(&mut d.background, Background::Light, "light");
            ui.radio_value(&mut d.background, Background::Dark, "dark");
            ui.radio_value(&mut d.background, Background::Transparent, "transparent");
        });
        ui.end_row();
        ui.label("Include");
        ui.horizontal(|ui| {
            ui.checkbox(&mut d.options.title, "title");
            ui.checkbox(&mut d.options.legend, "legend");
            ui.checkbox(&mut d.options.date, "date");
            ui.checkbox(&mut d.options.labels, "labels");
        });
        ui.end_row();
        let ext = d.format.extension();
        target_ui(ui, &mut d.target, "Export Figure", ("Figure", &[ext]));
    });
    export_button_ui(ui, &d.target)
}

/// The Export Animation dialog; returns true when the user asks to export.
pub fn animation_dialog_ui(ui: &mut egui::Ui, d: &mut AnimationDialog, span: (i32, i32)) -> bool {
    egui::Grid::new("animation").num_columns(2).show(ui, |ui| {
        ui.label("From");
        ui.add(egui::DragValue::new(&mut d.from_year).range(span.0..=span.1));
        ui.end_row();
        ui.label("To");
        ui.add(egui::DragValue::new(&mut d.to_year).range(d.from_year..=span.1));
        ui.end_row();
        ui.label("Step");
        ui.horizontal(|ui| {
            ui.radio_value(&mut d.step_months, 1, "month");
            ui.radio_value(&mut d.step_months, 3, "quarter");
            ui.radio_value(&mut d.step_months, 12, "year");
        });
        ui.end_row();
        ui.label("Frame size");
        ui.horizontal(|ui| {
            ui.add(egui::DragValue::new(&mut d.width).range(64..=3840));
            ui.label("×");
            ui.add(egui::DragValue::new(&mut d.height).range(64..=2160));
        });
        ui.end_row();
        ui.label("Frames per second");
        ui.add(egui::DragValue::new(&mut d.fps).range(1..=50));
        ui.end_row();
        ui.label("");
        ui.checkbox(&mut d.frames_too, "also numbered PNG frames")
            .on_hover_text("In a folder beside the GIF, named after it with .frames");
        ui.end_row();
        target_ui(
            ui,
            &mut d.target,
            "Export Animation",
            ("Animated GIF", &["gif"]),
        );
    });
    let months = (f64::from((d.to_year - d.from_year).max(0)) * 12.0
        / f64::from(d.step_months.max(1)))
    .floor() as u32
        + 1;
    ui.weak(format!(
        "{months} frames, {:.1} s",
        f64::from(months) / f64::from(d.fps.max(1))
    ));
    export_button_ui(ui, &d.target)
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }
}

impl FigureDialog {
    /// A dialog for a figure of the date `t`, saved in the pictures folder.
    pub fn for_date(t: Time) -> FigureDialog {
        FigureDialog {
            format: Format::Png,
            size: Some((1920, 1080)),
            scale: 1,
            background: Background::Light,
            options: FigureOptions::default(),
            target: Target {
                path: default_path(&default_name(t, "png")),
                ..Target::default()
            },
        }
    }
}

impl AnimationDialog {
    /// A dialog covering the dataset's span, a frame a year.
    pub fn for_span(start: Time, end: Time) -> AnimationDialog {
        let years = ((end.0 - start.0) / DAYS_PER_YEAR).round() as i32;
        let from_year = start.ymd().0;
        let to_year = from_year + years.max(0);
        AnimationDialog {
            from_year,
            to_year,
            step_months: 12,
            width: 960,
            height: 540,
            fps: 4,
            frames_too: false,
            target: Target {
                path: default_path(&format!("detente-{from_year}-{to_year}.gif")),
                ..Target::default()
            },
        }
    }
}

/// A dialog in a small window, closed by its × (which drops its state);
/// returns what `body` returns (true: the user asked to export). While
/// `ready` is false the dialog is disabled and says why.
fn dialog_window<D>(
    ctx: &egui::Context,
    title: &str,
    dialog: &mut Option<D>,
    ready: bool,
    body: impl FnOnce(&mut egui::Ui, &mut D) -> bool,
) -> bool {
    let Some(d) = dialog else { return false };
    let mut open = true;
    let mut go = false;
    egui::Window::new(title)
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.add_enabled_ui(ready, |ui| go = body(ui, d));
            if !ready {
                ui.weak("Waiting for the layout (or another export) to finish…");
            }
        });
    if !open {
        *dialog = None;
    }
    go
}

impl DetenteApp {
    /// The export dialogs, a screenshot that has arrived, and the progress
    /// and outcome of a running export.
    pub(super) fn exports_ui(&mut self, ctx: &egui::Context) {
        self.take_screenshot();
        let inputs = || -> Option<Inputs> {
            let d = self.data.as_ref()?;
            let layout = self.layout.clone().filter(|l| l.is_complete())?;
            Some(Inputs {
                ds: Arc::clone(&d.ds),
                layout,
                presence: d.presence.clone(),
                pins: self.pins.clone(),
                theme: self.settings.theme,
            })
        };
        let ready = inputs().is_some() && self.export_job.is_none();
        let go_figure = dialog_window(
            ctx,
            "Export Figure",
            &mut self.figure_dialog,
            ready,
            figure_dialog_ui,
        );
        if go_figure
            && let Some(inp) = inputs()
            && let Some(dialog) = &mut self.figure_dialog
            && let Some(path) = checked_path(&mut dialog.target, dialog.format.extension())
        {
            let canvas = self
                .canvas
                .rect
                .map_or((1600, 900), |r| (r.width() as u32, r.height() as u32));
            self.export_job = Some(self::start_figure(inp, self.time, dialog, canvas, path));
            self.figure_dialog = None;
        }
        let span = self
            .data
            .as_ref()
            .map_or((1900, 2100), |d| (d.ds.start.ymd().0, d.ds.end.ymd().0));
        let go_animation = dialog_window(
            ctx,
            "Export Animation",
            &mut self.animation_dialog,
            ready,
            |ui, d| animation_dialog_ui(ui, d, span),
        );
        if go_animation
            && let Some(inp) = inputs()
            && let Some(dialog) = &mut self.animation_dialog
            && let Some(path) = checked_path(&mut dialog.target, "gif")
        {
            self.export_job = Some(self::start_animation(inp, dialog, path));
            self.animation_dialog = None;
        }
        self.job_ui(ctx);
        self.notice_ui(ctx);
    }

    /// The outcome of the last save or export, at the canvas's lower right;
    /// a saved file gets a button that opens its folder.
    fn notice_ui(&mut self, ctx: &egui::Context) {
        let Some((outcome, until)) = &self.notice else {
            return;
        };
        if *until < self.now_secs {
            self.notice = None;
            return;
        }
        let Some(rect) = self.canvas.rect else { return };
        let mut close = false;
        let mut open_failed = None;
        egui::Area::new(egui::Id::unique("detente-notice"))
            .fixed_pos(rect.right_bottom() + egui::vec2(-12.0, -12.0))
            .pivot(egui::Align2::RIGHT_BOTTOM)
            .constrain_to(rect)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width((rect.width() * 0.6).max(200.0));
                    let text = outcome.to_string();
                    match outcome {
                        Outcome::Failed(_) => {
                            ui.colored_label(ui.visuals().error_fg_color, text);
                        }
                        _ => {
                            ui.label(text);
                        }
                    }
                    ui.horizontal(|ui| {
                        if let Outcome::Saved(path) = outcome
                            && let Some(folder) = path.parent()
                            && ui.button("Open folder").clicked()
                        {
                            // The system's file manager (Explorer, Finder,
                            // the desktop's), not a web browser.
                            open_failed = opener::open(folder).err().map(|e| e.to_string());
                        }
                        close = ui.button("Close").clicked();
                    });
                });
            });
        if close {
            self.notice = None;
        }
        if let Some(e) = open_failed {
            self.tell(Outcome::Failed(format!(
                "The folder could not be opened: {e}"
            )));
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(500));
    }

    /// Saves a screenshot that has arrived since the last frame: where
    /// asked (tests, scripting), else as a new file in the pictures folder.
    fn take_screenshot(&mut self) {
        let arrived = self.screenshot.lock().ok().and_then(|mut s| s.take());
        let Some(image) = arrived else { return };
        let path = self.save_to.clone().or_else(|| {
            let folder = default_folder()?;
            Some(unused_path(&folder, &default_name(self.time, "png")))
        });
        let outcome = match path {
            Some(path) => match save_screenshot(&image, &path) {
                Ok(()) => Outcome::Saved(path),
                Err(e) => Outcome::Failed(format!("Screenshot not saved: {e}")),
            },
            None => Outcome::Failed(
                "Screenshot not saved: there is no pictures or home folder.".to_owned(),
            ),
        };
        self.tell(outcome);
    }

    /// The progress of a running export, and its outcome when it ends.
    fn job_ui(&mut self, ctx: &egui::Context) {
        if let Some(job) = &self.export_job {
            if let Some(outcome) = job.finished() {
                self.tell(outcome);
                self.export_job = None;
            } else {
                let mut cancel = false;
                egui::Window::new(job.label.clone())
                    .collapsible(false)
                    .resizable(false)
                    .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
                    .show(ctx, |ui| {
                        ui.add(egui::ProgressBar::new(job.fraction()).show_percentage());
                        cancel = ui.button("Cancel").clicked();
                    });
                if cancel {
                    job.cancel();
                }
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_that_panics_ends_in_an_internal_error() {
        let job = Job::spawn("test", |_, _| panic!("a bug in an export"));
        let outcome = (0..500).find_map(|_| {
            std::thread::sleep(std::time::Duration::from_millis(10));
            job.finished()
        });
        assert_eq!(
            outcome,
            Some(Outcome::Failed(
                "Export failed: internal error (nothing was written)".to_owned()
            ))
        );
    }

    #[test]
    fn cancelling_is_not_a_failure() {
        assert_eq!(
            Outcome::from(Err(ExportError::Cancelled)),
            Outcome::Cancelled
        );
        let failed = Outcome::from(Err(ExportError::Render("x".to_owned())));
        assert!(
            matches!(&failed, Outcome::Failed(m) if m.starts_with("Export failed:")),
            "{failed:?}"
        );
    }

    #[test]
    fn a_screenshot_never_replaces_an_earlier_one() {
        let dir = tempfile::tempdir().unwrap();
        let first = unused_path(dir.path(), "detente-1985-06.png");
        assert_eq!(first, dir.path().join("detente-1985-06.png"));
        std::fs::write(&first, b"x").unwrap();
        let second = unused_path(dir.path(), "detente-1985-06.png");
        assert_eq!(second, dir.path().join("detente-1985-06-2.png"));
    }

    #[test]
    fn a_target_is_checked_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Target {
            path: "  ".to_owned(),
            ..Target::default()
        };
        assert_eq!(checked_path(&mut t, "png"), None);
        assert!(t.message.is_some());
        t.path = dir.path().join("missing/x.png").display().to_string();
        assert_eq!(checked_path(&mut t, "png"), None);
        assert!(
            t.message
                .as_deref()
                .unwrap()
                .starts_with("There is no folder")
        );
        let folder = dir.path().join("a.png");
        std::fs::create_dir(&folder).unwrap();
        t.path = folder.display().to_string();
        assert_eq!(checked_path(&mut t, "png"), None);
        assert!(t.message.as_deref().unwrap().contains("is a folder"));
        t.path = dir.path().join("x.jpg").display().to_string();
        assert_eq!(checked_path(&mut t, "png"), None);
        assert!(t.message.as_deref().unwrap().contains("must end in .png"));
        let good = dir.path().join("x.png");
        t.path = good.display().to_string();
        assert_eq!(checked_path(&mut t, "png"), Some(good.clone()));
        assert_eq!(t.message, None);
        // An existing file: said first, replaced on the second try.
        std::fs::write(&good, b"earlier").unwrap();
        assert_eq!(checked_path(&mut t, "png"), None);
        assert!(
            t.message
                .as_deref()
                .unwrap()
                .contains("Export again to replace it")
        );
        assert_eq!(checked_path(&mut t, "png"), Some(good));
    }

    #[test]
    fn switching_format_switches_the_extension() {
        assert_eq!(with_extension("/a/b/fig.png", "svg"), "/a/b/fig.svg");
        assert_eq!(with_extension("", "svg"), "");
    }
}
