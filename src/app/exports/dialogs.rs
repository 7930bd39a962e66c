//! The Export Figure and Export Animation dialogs: their choices, the
//! "Save to" path field (prefilled with a new name in the pictures folder;
//! "Browse…" asks the system), and checking a path before anything is
//! written.

use std::path::{Path, PathBuf};

use eframe::egui::{self, RichText};

use super::super::chooser::{Chosen, choose};
use super::super::paint::small_window;
use crate::date::{DAYS_PER_YEAR, Time};
use crate::export::{self, Animation, Background, FigureOptions, Step};

/// Figure formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
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

impl AnimationDialog {
    /// The animation these choices make, its frames kept `within` the
    /// data's span: what the export writes and the dialog counts.
    pub fn animation(&self, within: Option<(Time, Time)>) -> Animation {
        Animation {
            from: Time::from_ymd(self.from_year, 1, 1),
            to: Time::from_ymd(self.to_year.max(self.from_year), 1, 1),
            step: Step::Months(self.step_months.max(1)),
            fps: export::playable_fps(self.fps),
            within,
        }
    }
}

/// A file name for a date, e.g. `detente-1985-06.png`.
pub fn default_name(t: Time, ext: &str) -> String {
    format!("detente-{}.{ext}", crate::date::command_line(t))
}

/// The folder dialogs open in: the pictures folder if there is one.
pub fn default_folder() -> Option<PathBuf> {
    dirs::picture_dir().or_else(dirs::home_dir)
}

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
pub(super) fn with_extension(path: &str, ext: &str) -> String {
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
    match choose(dialog, rfd::FileDialog::save_file) {
        Chosen::Path(p) => {
            target.path = p.display().to_string();
            target.message = None;
        }
        Chosen::Unavailable => {
            target.message = Some(
                "The system's file chooser could not be shown: type the path above.".to_owned(),
            );
        }
        Chosen::Cancelled => {}
    }
}

/// The path to write, made absolute, if it can be: its folder must exist
/// and its name end in `.ext`.
pub fn checked_path(target: &mut Target, ext: &str) -> Option<PathBuf> {
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
    if let Err(why) = export::check_writable(&folder) {
        target.message = Some(format!("Cannot write in {}: {why}.", folder.display()));
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

/// The Export Figure dialog; returns true when the user asks to export.
pub fn figure_dialog_ui(ui: &mut egui::Ui, d: &mut FigureDialog, t: Time) -> bool {
    egui::Grid::new("figure").num_columns(2).show(ui, |ui| {
        ui.label("Date");
        ui.label(crate::date::spoken(t)).on_hover_text(format!(
            "The date on screen; on the command line, --at {}",
            crate::date::command_line(t)
        ));
        ui.end_row();
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
            let hd = export::HD_SIZE;
            ui.radio_value(&mut d.size, Some(hd), format!("{} × {}", hd.0, hd.1));
            let custom = d.size.is_some_and(|s| s != hd);
            if ui.radio(custom, "custom").clicked() && !custom {
                d.size = Some(export::FIGURE_SIZE);
            }
        });
        ui.end_row();
        if let Some((w, h)) = &mut d.size
            && (*w, *h) != export::HD_SIZE
        {
            ui.label("");
            ui.horizontal(|ui| {
                ui.add(egui::DragValue::new(w).range(export::SIDES).suffix(" wide"));
                ui.add(egui::DragValue::new(h).range(export::SIDES).suffix(" high"));
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
pub fn animation_dialog_ui(
    ui: &mut egui::Ui,
    d: &mut AnimationDialog,
    within: Option<(Time, Time)>,
) -> bool {
    let span = within.map_or((1900, 2100), |(a, b)| (a.ymd().0, b.ymd().0));
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
            ui.add(egui::DragValue::new(&mut d.width).range(export::SIDES));
            ui.label("×");
            ui.add(egui::DragValue::new(&mut d.height).range(export::SIDES));
        });
        ui.end_row();
        ui.label("Frames per second");
        ui.add(egui::DragValue::new(&mut d.fps).range(export::FPS));
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
    let anim = d.animation(within);
    let frames = anim.times().len();
    ui.weak(format!(
        "{frames} frames, {:.1} s",
        frames as f64 / f64::from(anim.fps)
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
    /// A path typed with the other format's extension chooses that format
    /// (`fig.svg` with PNG selected exports SVG).
    pub fn follow_extension(&mut self) {
        let typed = Path::new(self.target.path.trim())
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase());
        match typed.as_deref() {
            Some("png") => self.format = Format::Png,
            Some("svg") => self.format = Format::Svg,
            _ => {}
        }
    }

    /// A dialog for a figure of the date `t`, saved in the pictures folder.
    pub fn for_date(t: Time) -> FigureDialog {
        FigureDialog {
            format: Format::Png,
            size: Some(export::HD_SIZE),
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
            width: export::ANIMATION_SIZE.0,
            height: export::ANIMATION_SIZE.1,
            fps: export::DEFAULT_FPS,
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
pub fn dialog_window<D>(
    ctx: &egui::Context,
    title: &str,
    dialog: &mut Option<D>,
    ready: bool,
    body: impl FnOnce(&mut egui::Ui, &mut D) -> bool,
) -> bool {
    let Some(d) = dialog else { return false };
    let mut open = true;
    let mut go = false;
    small_window(title, &mut open)
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
