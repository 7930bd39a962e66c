//! Saving from the window: a screenshot of the whole window, a figure of the
//! network (the same code as `detente export`), and an animation over a
//! span. Files are written on a background thread with progress and
//! cancellation; the window stays responsive. Where a file goes is a path
//! field in the dialog (prefilled with the pictures folder and a name for
//! the date; "Browse…" asks the system), so exporting works where no file
//! chooser can be shown; a screenshot goes straight to the pictures folder.
//! Every outcome — saved, failed, cancelled — is told in a notice of its
//! own, never in the load-error banner.

mod dialogs;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use eframe::egui::{self, ColorImage};
use resvg::tiny_skia;

pub use dialogs::{AnimationDialog, FigureDialog, Format};
use dialogs::{
    animation_dialog_ui, checked_path, default_folder, default_name, dialog_window,
    figure_dialog_ui, unused_path,
};

use super::arrangement::Arrangement;
use super::document::Document;
use crate::date::Time;
use crate::export::{self, ExportError, Figure, FigureOptions};
use crate::job::{End, Job, Reporter};
use crate::layout::{Pins, TimelineLayout};
use crate::model::Dataset;
use crate::scene::Presence;
use crate::theme::{Theme, ThemeKind};

/// How long the outcome of a save or an export stays on screen, in seconds.
const NOTICE_SECS: f64 = 8.0;

/// How long a screenshot may take to arrive before it is reported as not
/// saved, in seconds.
const SCREENSHOT_SECS: f64 = 3.0;

/// What the export machinery needs from the app for one job.
pub struct Inputs {
    pub ds: Arc<Dataset>,
    pub layout: Arc<TimelineLayout>,
    pub presence: Presence,
    pub pins: Pins,
    pub theme: ThemeKind,
    /// The view's filters: kinds shown, the weakest relation shown.
    pub filters: (Vec<bool>, f32),
}

impl Inputs {
    /// `opts` with the view's filters.
    fn filtered(&self, mut opts: FigureOptions) -> FigureOptions {
        opts.kinds_enabled.clone_from(&self.filters.0);
        opts.min_strength = self.filters.1;
        opts
    }

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
    /// The system was asked to show the folder of a saved file.
    AskedToShow(PathBuf),
    /// Something else the user should hear of (a reload).
    Info(String),
    Failed(String),
    Cancelled,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Saved(p) => write!(f, "Saved {}", p.display()),
            Outcome::AskedToShow(p) => write!(
                f,
                "Opening the folder in the file manager. If none appears, there is no file manager here; the file's path is on the clipboard: {}",
                p.display()
            ),
            Outcome::Failed(message) | Outcome::Info(message) => write!(f, "{message}"),
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

/// What an export job says: how far it is, and how it ended.
enum Report {
    Progress(usize, usize),
    Finished(Outcome),
}

/// An export running on another thread.
pub struct ExportJob {
    label: &'static str,
    job: Job<Report>,
    done: (usize, usize),
    outcome: Option<Outcome>,
    /// The dialog it was started from: shown again, with the reason, if
    /// the export fails (as for a folder that does not exist).
    dialog: Dialog,
}

/// The dialog an export was started from.
enum Dialog {
    Figure(FigureDialog),
    Animation(AnimationDialog),
}

impl ExportJob {
    fn spawn(
        (label, dialog): (&'static str, Dialog),
        work: impl FnOnce(&Reporter<Report>) + Send + 'static,
    ) -> Self {
        ExportJob {
            label,
            job: Job::spawn("detente-export", work),
            done: (0, 1),
            outcome: None,
            dialog,
        }
    }

    /// The outcome, once the job has ended: what it said, else cancelled,
    /// else (it panicked) an internal error.
    fn finished(&mut self) -> Option<Outcome> {
        for report in self.job.poll() {
            match report {
                Report::Progress(done, total) => self.done = (done, total),
                Report::Finished(outcome) => self.outcome = Some(outcome),
            }
        }
        let end = self.job.end()?;
        Some(self.outcome.take().unwrap_or(match end {
            End::Cancelled => Outcome::Cancelled,
            End::Completed | End::Failed => {
                Outcome::Failed("Export failed: internal error (nothing was written)".to_owned())
            }
        }))
    }

    fn fraction(&self) -> f32 {
        self.done.0 as f32 / self.done.1.max(1) as f32
    }
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
fn start_figure(
    inputs: Inputs,
    t: Time,
    dialog: &FigureDialog,
    canvas: (u32, u32),
    path: PathBuf,
) -> ExportJob {
    let mut opts = inputs.filtered(dialog.options.clone());
    (opts.width, opts.height) = dialog.size.unwrap_or(canvas);
    opts.transparent = dialog.background.is_transparent();
    let kind = dialog.background.theme();
    let (format, scale) = (dialog.format, dialog.scale as f32);
    let started = ("Exporting the figure", Dialog::Figure(dialog.clone()));
    ExportJob::spawn(started, move |report| {
        let svg = inputs.figure().svg(&Theme::new(kind), t, &opts);
        let written = match format {
            Format::Svg => export::write_atomic(&path, svg.as_bytes()),
            Format::Png => {
                export::png_bytes(&svg, scale).and_then(|b| export::write_atomic(&path, &b))
            }
        };
        report.send(Report::Finished(Outcome::from(written.map(|()| path))));
    })
}

/// Starts writing an animation (GIF, and PNG frames beside it if asked).
fn start_animation(inputs: Inputs, dialog: &AnimationDialog, path: PathBuf) -> ExportJob {
    let anim = dialog.animation(Some((inputs.ds.start, inputs.ds.end)));
    let opts = inputs.filtered(FigureOptions {
        width: dialog.width,
        height: dialog.height,
        ..FigureOptions::default()
    });
    let frames = dialog.frames_too.then(|| path.with_extension("frames"));
    let started = ("Exporting the animation", Dialog::Animation(dialog.clone()));
    ExportJob::spawn(started, move |report| {
        let theme = Theme::new(inputs.theme);
        let figure = inputs.figure();
        let frame = figure.animation_frames(&theme, &anim, &opts);
        let result = export::write_animation(
            &anim,
            frame,
            Some(&path),
            frames.as_deref(),
            |done, total| report.send(Report::Progress(done, total)),
        );
        report.send(Report::Finished(Outcome::from(result.map(|_| path))));
    })
}

/// The exports' state: the dialogs, a running job, the notice of the last
/// outcome, and the slot a requested screenshot arrives in.
#[derive(Default)]
pub struct Exports {
    pub figure: Option<FigureDialog>,
    pub animation: Option<AnimationDialog>,
    job: Option<ExportJob>,
    /// The outcome of the last save or export, and until when it shows.
    notice: Option<(Outcome, f64)>,
    /// Where a requested screenshot arrives (from egui's callback).
    screenshot: Arc<Mutex<Option<Arc<ColorImage>>>>,
    /// Where the next screenshot goes (tests, scripting); else a new file
    /// in the pictures folder.
    pub save_to: Option<PathBuf>,
    /// A screenshot was asked for: it is taken in the next frame, drawn
    /// without the notice (the last save's notice is not in the picture).
    shoot_next: bool,
    /// A screenshot was taken (at this time) and has not arrived: the
    /// notice stays hidden meanwhile.
    shooting: Option<f64>,
}

/// What the exports need from the window each frame.
pub struct Frame<'a> {
    /// The date on screen.
    pub time: Time,
    /// The canvas, for "as the canvas" figures and where the notice shows.
    pub canvas: Option<egui::Rect>,
    pub now: f64,
    pub doc: &'a Document,
    pub arrangement: &'a Arrangement,
    pub theme: ThemeKind,
    /// The view's filters (kinds shown, the weakest relation shown):
    /// figures and animations show what the canvas shows.
    pub filters: (Vec<bool>, f32),
}

impl Frame<'_> {
    /// What a job needs, when it can start (a whole layout is there).
    fn inputs(&self) -> Option<Inputs> {
        let d = self.doc.data.as_ref()?;
        Some(Inputs {
            ds: Arc::clone(&d.ds),
            layout: self.arrangement.complete()?,
            presence: d.presence.clone(),
            pins: self.arrangement.pins.clone(),
            theme: self.theme,
            filters: self.filters.clone(),
        })
    }

    /// The data's span, for the animation dialog.
    fn span(&self) -> Option<(Time, Time)> {
        self.doc.dataset().map(|ds| (ds.start, ds.end))
    }
}

impl Exports {
    /// Opens the Export Figure dialog (for the date on screen, comparing
    /// while the window does) or the Export Animation dialog (over the
    /// data's span), as `command` asks; the window opened, if any. With no
    /// data, says there is nothing to export.
    pub fn open(
        &mut self,
        command: &super::Command,
        ds: Option<&Dataset>,
        (t, compare): (Time, Option<Time>),
        now: f64,
    ) -> Option<super::panes::Pane> {
        let Some(ds) = ds else {
            let nothing = "Nothing to export yet: no data is loaded.".to_owned();
            self.tell(Outcome::Failed(nothing), now);
            return None;
        };
        if *command == super::Command::ExportAnimation {
            self.animation = Some(AnimationDialog::for_span(ds.start, ds.end));
            return Some(super::panes::Pane::ExportAnimation);
        }
        let figure = self.figure.get_or_insert_with(|| FigureDialog::for_date(t));
        figure.options.compare = compare;
        Some(super::panes::Pane::ExportFigure)
    }

    /// Shows the outcome of a save or an export until `now` + a while.
    pub fn tell(&mut self, outcome: Outcome, now: f64) {
        self.notice = Some((outcome, now + NOTICE_SECS));
    }

    /// The notice of the last save or export, while it shows.
    pub fn notice(&self) -> Option<&Outcome> {
        self.notice.as_ref().map(|(o, _)| o)
    }

    /// Closes the notice of the last save or export; false when none
    /// shows.
    pub fn close_notice(&mut self) -> bool {
        self.notice.take().is_some()
    }

    /// Asks for a screenshot of the window: taken in the next frame
    /// (without the notice), saved when it arrives (see [`Exports::ui`]).
    pub fn request_screenshot(&mut self, ctx: &egui::Context) {
        self.shoot_next = true;
        ctx.request_repaint();
    }

    /// Takes the screenshot asked for in the last frame: of this frame,
    /// which hides the notice. One that has not arrived after a while is
    /// reported as not saved.
    fn shoot(&mut self, ctx: &egui::Context, now: f64) {
        if self
            .shooting
            .is_some_and(|since| now - since > SCREENSHOT_SECS)
        {
            self.shooting = None;
            let failed = "Screenshot not saved: the window could not be captured.".to_owned();
            self.tell(Outcome::Failed(failed), now);
        }
        if !std::mem::take(&mut self.shoot_next) {
            return;
        }
        self.shooting = Some(now);
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

    /// The export dialogs, a screenshot that has arrived, and the progress
    /// and outcome of a running export.
    pub fn ui(&mut self, ctx: &egui::Context, frame: &Frame<'_>) {
        self.take_screenshot(frame);
        self.shoot(ctx, frame.now);
        let ready = frame.inputs().is_some() && self.job.is_none();
        let go_figure = dialog_window(ctx, "Export Figure", &mut self.figure, ready, |ui, d| {
            figure_dialog_ui(ui, d, frame.time)
        });
        if go_figure
            && let Some(inputs) = frame.inputs()
            && let Some(dialog) = &mut self.figure
            && let Some(path) = {
                dialog.follow_extension();
                checked_path(&mut dialog.target, dialog.format.extension())
            }
        {
            let canvas = frame.canvas.map_or(export::FIGURE_SIZE, |r| {
                (r.width() as u32, r.height() as u32)
            });
            self.job = Some(start_figure(inputs, frame.time, dialog, canvas, path));
            self.figure = None;
        }
        let go_animation = dialog_window(
            ctx,
            "Export Animation",
            &mut self.animation,
            ready,
            |ui, d| animation_dialog_ui(ui, d, frame.span()),
        );
        if go_animation
            && let Some(inputs) = frame.inputs()
            && let Some(dialog) = &mut self.animation
            && let Some(path) = checked_path(&mut dialog.target, "gif")
        {
            self.job = Some(start_animation(inputs, dialog, path));
            self.animation = None;
        }
        self.job_ui(ctx, frame.now);
        self.notice_ui(ctx, frame);
    }

    /// The outcome of the last save or export, at the canvas's lower right;
    /// a saved file gets a button that opens its folder.
    fn notice_ui(&mut self, ctx: &egui::Context, frame: &Frame<'_>) {
        let Some((outcome, until)) = &self.notice else {
            return;
        };
        if self.shooting.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
            return;
        }
        if *until < frame.now {
            self.notice = None;
            return;
        }
        let Some(rect) = frame.canvas else { return };
        let mut close = false;
        let mut open_failed = None;
        let mut asked_to_show = None;
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
                            // the desktop's), not a web browser. Whether
                            // one appears cannot be known (the desktop's
                            // opener does not say), so the path goes to
                            // the clipboard too and the notice says so.
                            open_failed = opener::open(folder).err().map(|e| e.to_string());
                            ui.ctx().copy_text(path.display().to_string());
                            asked_to_show = Some(path.clone());
                        }
                        close = ui.button("Close").clicked();
                    });
                });
            });
        if close {
            self.notice = None;
        }
        if let Some(path) = asked_to_show {
            self.tell(Outcome::AskedToShow(path), frame.now);
        }
        if let Some(e) = open_failed {
            self.tell(
                Outcome::Failed(format!("The folder could not be opened: {e}")),
                frame.now,
            );
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(500));
    }

    /// Saves a screenshot that has arrived since the last frame: where
    /// asked (tests, scripting), else as a new file in the pictures folder.
    fn take_screenshot(&mut self, frame: &Frame<'_>) {
        let arrived = self.screenshot.lock().ok().and_then(|mut s| s.take());
        let Some(image) = arrived else { return };
        self.shooting = None;
        let path = self.save_to.clone().or_else(|| {
            let folder = default_folder()?;
            Some(unused_path(&folder, &default_name(frame.time, "png")))
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
        self.tell(outcome, frame.now);
    }

    /// The progress of a running export, and its outcome when it ends.
    fn job_ui(&mut self, ctx: &egui::Context, now: f64) {
        let Some(job) = &mut self.job else { return };
        if let Some(outcome) = job.finished() {
            if let (Outcome::Failed(why), Some(job)) = (&outcome, self.job.take()) {
                // The dialog again, saying why, to choose another place.
                match job.dialog {
                    Dialog::Figure(mut d) => {
                        d.target.message = Some(why.clone());
                        self.figure = Some(d);
                    }
                    Dialog::Animation(mut d) => {
                        d.target.message = Some(why.clone());
                        self.animation = Some(d);
                    }
                }
            }
            self.job = None;
            self.tell(outcome, now);
            return;
        }
        let mut cancel = false;
        egui::Window::new(job.label)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.add(egui::ProgressBar::new(job.fraction()).show_percentage());
                cancel = ui.button("Cancel").clicked();
            });
        if cancel {
            job.job.cancel();
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }
}

#[cfg(test)]
mod tests;
