//! The timeline: a custom widget across the bottom of the window with era
//! bands, event ticks, a year axis and a draggable playhead. It reports
//! itself as a slider named "Date" (value: the fractional year) so that
//! screen readers and tests find it, and accepts accessibility "set value"
//! requests. While comparing with another date, that date has a marker of
//! its own (a slider named "Compare with"), dragged like the playhead.

use eframe::egui::{self, Align2, Color32, FontId, Rect, Sense, Stroke, accesskit, pos2, vec2};

use super::command::Command;
use super::keys;
use super::paint::{color, from_color};
use crate::date::Time;
use crate::model::Dataset;
use crate::theme::Theme;

/// The timeline's height: the era row, the event row, the year axis and,
/// under its labels, room for the compared date's handle.
const HEIGHT: f32 = 70.0;
const ERA_ROW: f32 = 17.0;
const EVENT_ROW: f32 = 14.0;

/// Maps times to x positions along the track.
struct Track<'a> {
    rect: Rect,
    start: f64,
    end: f64,
    ds: &'a Dataset,
}

impl Track<'_> {
    fn x(&self, t: f64) -> f32 {
        let f = ((t - self.start) / (self.end - self.start)).clamp(0.0, 1.0) as f32;
        self.rect.left() + f * self.rect.width()
    }

    /// The date under `x` (see [`Dataset::date_near`]).
    fn time(&self, x: f32) -> Time {
        let f = f64::from(((x - self.rect.left()) / self.rect.width()).clamp(0.0, 1.0));
        self.ds
            .date_near(Time(self.start + f * (self.end - self.start)))
    }
}

/// The event whose tick is nearest to `x`, if within a few points.
fn event_at(ds: &Dataset, track: &Track, x: f32) -> Option<usize> {
    ds.events
        .iter()
        .enumerate()
        .map(|(i, e)| (i, (track.x(e.time.0) - x).abs()))
        .filter(|(_, d)| *d <= 3.5)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// The timeline's id (the shell asks whether it has the keyboard).
pub fn id() -> egui::Id {
    egui::Id::unique("detente-timeline")
}

/// Draws the timeline for `time` (and the date compared with, if any);
/// dragging or clicking it pushes a [`Command::SetTime`], dragging the
/// compared date's marker a [`Command::SetReference`].
pub fn timeline_ui(
    ui: &mut egui::Ui,
    ds: &Dataset,
    (time, reference): (Time, Option<Time>),
    theme: &Theme,
    commands: &mut Vec<Command>,
) {
    let width = ui.available_width();
    let (outer, _) = ui.allocate_exact_size(vec2(width, HEIGHT), Sense::hover());
    let response = ui.interact(outer, id(), Sense::click_and_drag());
    if response.has_focus() {
        // Focused (Tab), the timeline takes the arrow keys: they move the
        // date, as everywhere but on a focused state.
        let arrows = egui::EventFilter {
            horizontal_arrows: true,
            ..Default::default()
        };
        ui.memory_mut(|m| m.set_focus_lock_filter(response.id, arrows));
    }
    let track = Track {
        rect: outer.shrink2(vec2(12.0, 0.0)),
        start: ds.start.0,
        end: ds.end.0.max(ds.start.0 + 1.0),
        ds,
    };
    let year = time.year_frac();
    let (lo, hi) = (ds.start.year_frac(), ds.end.year_frac());
    if let Some(t) = year_slider(ui, &response, ("Date", year), ds) {
        commands.push(Command::SetTime(t));
    }

    let pointer = response.hover_pos();
    let event_row = Rect::from_min_size(
        pos2(track.rect.left(), outer.top() + ERA_ROW + 2.0),
        vec2(track.rect.width(), EVENT_ROW),
    );
    let hovered_event = pointer
        .filter(|p| event_row.expand(2.0).contains(*p))
        .and_then(|p| event_at(ds, &track, p.x));
    if response.clicked()
        && let Some(e) = hovered_event
    {
        commands.push(Command::SetTime(ds.events[e].time));
    } else if (response.dragged() || response.clicked())
        && let Some(p) = response.interact_pointer_pos()
    {
        commands.push(Command::SetTime(track.time(p.x)));
    }

    let painter = ui.painter_at(outer);
    painter.rect_filled(outer, 4.0, ui.visuals().extreme_bg_color);
    paint_eras(ui, &painter, ds, &track, outer, theme);
    paint_events(ui, &painter, ds, &track, event_row, hovered_event);
    paint_axis(ui, &painter, &track, event_row.bottom() + 4.0, (lo, hi));
    if let Some(r) = reference {
        reference_ui(ui, &track, outer, r, theme, commands);
    }
    paint_playhead(&painter, &track, outer, time, theme);
    if response.has_focus() {
        let ring = Stroke::new(Theme::SELECTED_STROKE, ui.visuals().selection.bg_fill);
        painter.rect_stroke(outer.shrink(1.0), 4.0, ring, egui::StrokeKind::Inside);
    }
    if let Some(e) = hovered_event {
        let event = &ds.events[e];
        let _ = response.on_hover_ui_at_pointer(|ui| {
            ui.strong(&event.title);
            ui.label(event.date.to_string());
            ui.weak("Click to jump here");
        });
    } else if response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
}

fn paint_eras(
    ui: &egui::Ui,
    painter: &egui::Painter,
    ds: &Dataset,
    track: &Track,
    outer: Rect,
    theme: &Theme,
) {
    let visuals = ui.visuals();
    // Era bands, with names where they fit.
    let era_font = FontId::proportional(11.0);
    for (i, era) in ds.eras.iter().enumerate() {
        let band = Rect::from_x_y_ranges(
            track.x(era.from.0)..=track.x(era.until.0),
            outer.top() + 1.0..=outer.top() + ERA_ROW,
        );
        // Eras inside another era sit in the lower half of the row.
        let nested = ds.eras[..i]
            .iter()
            .any(|o| o.from <= era.from && o.until >= era.until);
        let band = if nested {
            Rect::from_x_y_ranges(band.x_range(), band.center().y..=band.bottom())
        } else {
            band
        };
        let fill = theme.era_colour(era.colour, i);
        painter.rect_filled(band, 2.0, color(fill));
        // Dark or light ink, whichever reads on the band as it shows.
        let below = from_color(visuals.extreme_bg_color);
        let ink = color(fill.over(below).ink());
        let galley = painter.layout_no_wrap(era.name.clone(), era_font.clone(), ink);
        if galley.size().x + 6.0 < band.width() {
            painter.galley(
                pos2(band.left() + 4.0, band.center().y - galley.size().y / 2.0),
                galley,
                Color32::PLACEHOLDER,
            );
        }
    }
}

fn paint_events(
    ui: &egui::Ui,
    painter: &egui::Painter,
    ds: &Dataset,
    track: &Track,
    event_row: Rect,
    hovered_event: Option<usize>,
) {
    let visuals = ui.visuals();
    // Event ticks.
    for (i, e) in ds.events.iter().enumerate() {
        let x = track.x(e.time.0);
        let hot = hovered_event == Some(i);
        let stroke = Stroke::new(
            if hot { 2.5 } else { 1.0 },
            if hot {
                visuals.strong_text_color()
            } else {
                visuals.weak_text_color()
            },
        );
        painter.line_segment(
            [pos2(x, event_row.top()), pos2(x, event_row.bottom())],
            stroke,
        );
    }
}

fn paint_axis(
    ui: &egui::Ui,
    painter: &egui::Painter,
    track: &Track,
    axis_y: f32,
    (lo, hi): (f64, f64),
) {
    let visuals = ui.visuals();
    // Year axis.
    let span_years = hi - lo;
    let step = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0]
        .into_iter()
        .find(|s| track.rect.width() / (span_years / s) as f32 >= 48.0)
        .unwrap_or(100.0);
    let mut y = (lo / step).ceil() * step;
    let axis_font = FontId::proportional(11.0);
    while y <= hi {
        let x = track.x(Time::from_year_frac(y).0);
        painter.line_segment(
            [pos2(x, axis_y), pos2(x, axis_y + 4.0)],
            Stroke::new(1.0, visuals.weak_text_color()),
        );
        painter.text(
            pos2(x, axis_y + 5.0),
            Align2::CENTER_TOP,
            format!("{y:.0}"),
            axis_font.clone(),
            visuals.weak_text_color(),
        );
        y += step;
    }
}

/// Makes `response` a slider for assistive technology, named and valued
/// (a fractional year) by `(label, value)`, over the years `lo..=hi` a
/// month a step; returns the date a screen reader set, if any.
fn year_slider(
    ui: &egui::Ui,
    response: &egui::Response,
    (label, value): (&str, f64),
    ds: &Dataset,
) -> Option<Time> {
    let (lo, hi) = (ds.start.year_frac(), ds.end.year_frac());
    response.widget_info(|| egui::WidgetInfo::slider(true, value, label));
    ui.ctx().accesskit_node_builder(response.id, |builder| {
        builder.set_min_numeric_value(lo);
        builder.set_max_numeric_value(hi);
        builder.set_numeric_value_step(1.0 / 12.0);
        builder.add_action(accesskit::Action::SetValue);
    });
    ui.input(|i| {
        i.accesskit_action_requests(response.id, accesskit::Action::SetValue)
            .filter_map(|r| match r.data {
                Some(accesskit::ActionData::NumericValue(v)) => Some(v),
                _ => None,
            })
            .last()
    })
    .map(|v| ds.date_near(Time::from_year_frac(v)))
}

/// The marker of the date compared with: a dashed line with a diamond at
/// its foot, draggable, and a slider for assistive technology.
fn reference_ui(
    ui: &mut egui::Ui,
    track: &Track,
    outer: Rect,
    reference: Time,
    theme: &Theme,
    commands: &mut Vec<Command>,
) {
    let x = track.x(reference.0);
    // Only the diamond at its foot is a handle: the playhead, which may sit
    // on the same spot, keeps the rest of the line.
    // Below the year labels, never over one.
    let foot = pos2(x, outer.bottom() - 6.0);
    let grip = Rect::from_center_size(foot, vec2(14.0, 14.0));
    let response = ui.interact(grip, id().with("reference"), Sense::drag());
    let value = ("Compare with", reference.year_frac());
    if let Some(t) = year_slider(ui, &response, value, track.ds) {
        commands.push(Command::SetReference(t));
    }
    if response.dragged()
        && let Some(p) = response.interact_pointer_pos()
    {
        commands.push(Command::SetReference(track.time(p.x)));
    }
    let colour = color(theme.better);
    let painter = ui.painter_at(outer);
    painter.extend(egui::Shape::dashed_line(
        &[pos2(x, outer.top()), pos2(x, outer.bottom())],
        Stroke::new(2.0, colour),
        5.0,
        3.0,
    ));
    painter.add(egui::Shape::convex_polygon(
        vec![
            foot + vec2(0.0, -6.0),
            foot + vec2(6.0, 0.0),
            foot + vec2(0.0, 6.0),
            foot + vec2(-6.0, 0.0),
        ],
        colour,
        Stroke::NONE,
    ));
    let _ = response
        .on_hover_text(format!(
            "Compared with {}: drag the diamond to move ({} stops comparing)",
            crate::date::spoken(reference),
            keys::shortcut_text(ui.ctx(), &Command::ToggleCompare).unwrap_or_default()
        ))
        .on_hover_cursor(egui::CursorIcon::ResizeHorizontal);
}

fn paint_playhead(painter: &egui::Painter, track: &Track, outer: Rect, time: Time, theme: &Theme) {
    // The playhead.
    let x = track.x(time.0);
    let head = color(theme.playhead);
    painter.line_segment(
        [pos2(x, outer.top()), pos2(x, outer.bottom())],
        Stroke::new(2.0, head),
    );
    painter.add(egui::Shape::convex_polygon(
        vec![
            pos2(x - 6.0, outer.top()),
            pos2(x + 6.0, outer.top()),
            pos2(x, outer.top() + 8.0),
        ],
        head,
        Stroke::NONE,
    ));
}
