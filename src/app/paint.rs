//! Drawing helpers shared by the parts of the window: the theme's colours
//! and dash styles in egui's terms, and the style of the small windows that
//! ask for one line of text.

use eframe::egui::{self, Color32, Pos2, Stroke};

use crate::theme::{Dash, Rgba};

/// A theme colour as egui's.
pub fn color(c: Rgba) -> Color32 {
    let [r, g, b, a] = c.0;
    Color32::from_rgba_unmultiplied(r, g, b, a)
}

/// An opaque egui colour as a theme colour (to reason about contrast).
pub fn from_color(c: Color32) -> Rgba {
    Rgba(c.to_srgba_unmultiplied())
}

/// A small window (help, about, an export dialog), first shown below the
/// menu bar, never over it; closed by its × (`open`).
pub fn small_window<'a>(title: &'a str, open: &'a mut bool) -> egui::Window<'a> {
    egui::Window::new(title)
        .open(open)
        .collapsible(false)
        .default_pos(egui::pos2(24.0, 48.0))
}

/// A small window that asks for one line of text (find, open), at the top
/// centre of the window, closed by its × (`open`).
pub fn field_window<'a>(title: &'a str, open: &'a mut bool) -> egui::Window<'a> {
    egui::Window::new(title)
        .open(open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
}

/// A line through `points`, `width` points wide, in the dash style of a
/// kind (the same dashes and dots as the exported SVG).
pub fn dashed_path(
    painter: &egui::Painter,
    points: Vec<Pos2>,
    dash: Dash,
    colour: Color32,
    width: f32,
) {
    let stroke = Stroke::new(width, colour);
    match dash {
        Dash::Solid => {
            painter.add(egui::Shape::line(points, stroke));
        }
        Dash::Dashed => {
            painter.extend(egui::Shape::dashed_line(
                &points,
                stroke,
                Dash::DASH[0],
                Dash::DASH[1],
            ));
        }
        Dash::Dotted => {
            painter.extend(egui::Shape::dotted_line(
                &points,
                colour,
                Dash::dot_spacing(width),
                width * 0.5,
            ));
        }
    }
}
