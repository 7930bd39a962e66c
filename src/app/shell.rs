//! The window's chrome: the menu bar, the status line, and the small
//! windows (find, help, about, and the in-app Open field for when the
//! system's file chooser cannot be shown). Menu items take their labels
//! and shortcuts from the key map.

use std::path::PathBuf;

use eframe::egui::{self, Key};

use super::chooser::{Chosen, choose};
use super::command::Command;
use super::document::Document;
use super::keys;
use super::paint::{field_window, small_window};
use super::search::search_ui;
use super::settings::Settings;
use crate::date::Time;
use crate::theme::ThemeKind;

/// Which of the small windows are open.
#[derive(Default)]
pub struct Shell {
    /// The find window's query, while it is open.
    pub search: Option<String>,
    pub help: bool,
    pub about: bool,
    /// The in-app "Open" field's text, while it is shown.
    pub open_field: Option<String>,
    /// The selected pair's chart, open larger in a window of its own.
    pub pair_chart: bool,
    /// The balance chart, open larger in a window of its own.
    pub balance_chart: bool,
    /// Which renderer draws the window (shown in About; empty: unknown,
    /// as in tests).
    pub renderer: &'static str,
    /// The window title last sent.
    title_sent: String,
}

impl Shell {
    /// Names the window after the data's title (only when it changes).
    pub fn title(&mut self, ctx: &egui::Context, data: Option<&str>) {
        let title = data.map_or_else(|| "detente".to_owned(), |t| format!("{t} — detente"));
        if title != self.title_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
    }

    /// Asks the system for a file to open; when its chooser cannot be
    /// shown, opens the in-app path field instead.
    pub fn open_dialog(&mut self, doc: &Document) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new()
            .set_title("Open a detente dataset")
            .add_filter("detente data (RON)", &["ron"]);
        if let Some(folder) = doc.folder() {
            dialog = dialog.set_directory(folder);
        }
        match choose(dialog, rfd::FileDialog::pick_file) {
            Chosen::Path(p) => Some(p),
            Chosen::Unavailable => {
                self.open_field = Some(doc.folder().map_or_else(String::new, |f| {
                    format!("{}{}", f.display(), std::path::MAIN_SEPARATOR)
                }));
                None
            }
            Chosen::Cancelled => None,
        }
    }

    /// The small windows: find, the open field, help and about.
    pub fn windows_ui(
        &mut self,
        ctx: &egui::Context,
        doc: &Document,
        t: Time,
        commands: &mut Vec<Command>,
    ) {
        search_ui(
            ctx,
            &mut self.search,
            doc.dataset().map(AsRef::as_ref),
            t,
            commands,
        );
        self.open_field_ui(ctx, commands);
        // Scrolled in a small window (the list is longer than 500 points).
        let room = (ctx.content_rect().height() - 120.0).max(120.0);
        small_window("Keyboard shortcuts", &mut self.help).show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(room)
                .show(ui, keys::help_ui);
        });
        let renderer = self.renderer;
        small_window("About detente", &mut self.about).show(ctx, |ui| {
                ui.heading(format!("detente {}", env!("CARGO_PKG_VERSION")));
                if !renderer.is_empty() {
                    ui.weak(format!("Drawn with {renderer}"));
                }
                ui.label("How states relate to each other over time, as a living network.");
                ui.label("The bundled dataset tells the story of Pakistan and the Soviet Union/Russia, from 1947 to today; every value carries its source.");
            });
    }

    /// The in-app "Open" field, for when the system's file chooser cannot
    /// be shown (e.g. a Linux desktop without a file-chooser portal).
    fn open_field_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(text) = &mut self.open_field else {
            return;
        };
        let mut open = true;
        let mut go = None;
        field_window("Open a dataset", &mut open).show(ctx, |ui| {
            ui.label("The system's file chooser could not be shown. Type the path of a .ron file:");
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
            self.open_field = None;
            commands.push(Command::Open(p));
        } else if !open {
            self.open_field = None;
        }
    }
}

/// The menu bar; `help_open` checks the help item.
pub fn menu_ui(
    ui: &mut egui::Ui,
    settings: &Settings,
    help_open: bool,
    commands: &mut Vec<Command>,
) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            item(ui, Command::OpenDialog, None, commands);
            ui.menu_button("Open Recent", |ui| {
                if settings.recent.is_empty() {
                    ui.weak("No recent files");
                }
                for p in &settings.recent {
                    if ui.button(p.display().to_string()).clicked() {
                        commands.push(Command::Open(p.clone()));
                    }
                }
            });
            ui.menu_button("Open Example", |ui| {
                for example in crate::EXAMPLES {
                    if ui
                        .button(example.title)
                        .on_hover_text(format!(
                            "bundled with detente; on the command line: {}",
                            example.name
                        ))
                        .clicked()
                    {
                        commands.push(Command::OpenExample(example));
                    }
                }
            });
            item(ui, Command::Reload, None, commands);
            ui.separator();
            item(ui, Command::SaveScreenshot, None, commands);
            item(ui, Command::ExportFigure, None, commands);
            item(ui, Command::ExportAnimation, None, commands);
            ui.separator();
            item(ui, Command::Quit, None, commands);
        });
        ui.menu_button("View", |ui| {
            item(ui, Command::Fit, None, commands);
            let dark = settings.theme == ThemeKind::Dark;
            item(ui, Command::ToggleTheme, Some(dark), commands);
            item(ui, Command::ToggleLabels, Some(settings.labels), commands);
            item(
                ui,
                Command::ToggleSidePanel,
                Some(settings.side_panel),
                commands,
            );
            item(ui, Command::FocusNetwork, None, commands);
            item(ui, Command::UnpinAll, None, commands);
            item(ui, Command::Find, None, commands);
        });
        ui.menu_button("Help", |ui| {
            item(ui, Command::ToggleHelp, Some(help_open), commands);
            item(ui, Command::ShowAbout, None, commands);
        });
    });
}

/// A menu item from the key map; pushes its command when clicked.
fn item(ui: &mut egui::Ui, c: Command, on: Option<bool>, commands: &mut Vec<Command>) {
    if keys::menu_item(ui, &c, on) {
        commands.push(c);
    }
}

/// The status line: where the data came from and its size, the layout's
/// progress, the pins, and a file that cannot be watched.
pub fn status_ui(ui: &mut egui::Ui, doc: &Document, progress: Option<f32>, pinned: usize) {
    ui.horizontal(|ui| {
        let Some(d) = &doc.data else {
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
        if let Some(done) = progress {
            ui.add(
                egui::ProgressBar::new(done)
                    .desired_width(120.0)
                    .text("laying out"),
            );
        }
        if pinned > 0 {
            ui.weak(format!("· {pinned} pinned"));
        }
        // The platform could not watch the file (e.g. out of inotify
        // watches): say so, or saving would seem to do nothing.
        if doc.unwatched() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "· not watching the file for changes ({} reloads)",
                    keys::shortcut_text(ui.ctx(), &Command::Reload).unwrap_or_default()
                ),
            );
        }
    });
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
