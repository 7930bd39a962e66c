//! The selected pair's chart (in the side panel, or larger in a window of
//! its own, closed when no pair is selected), the balance chart's window,
//! and what the charts share (the years axis, the button that opens them
//! larger).

use std::fmt::Write;

use eframe::egui::{self, Color32, Stroke, vec2};
use egui_plot::{HoverPosition, Line, Plot, PlotPoints, Points, VLine};

use super::balance::{self, BalanceState};
use super::command::{Command, Selection};
use super::paint::color;
use super::shell::Shell;
use super::view::HISTORY_SAMPLES;
use crate::date::Time;
use crate::eval::{PairHistory, Snapshot};
use crate::model::{Dataset, StateIx};
use crate::theme::Theme;

/// What the chart windows show this frame.
pub struct Shown<'a> {
    pub ds: &'a std::sync::Arc<Dataset>,
    pub generation: u64,
    pub snap: &'a Snapshot<'a>,
    pub theme: &'a Theme,
    pub selection: Selection,
    pub history: Option<&'a PairHistory>,
    pub threshold: f64,
}

/// The chart windows that are open (in `shell`).
pub fn windows_ui(
    ctx: &egui::Context,
    shown: &Shown<'_>,
    (shell, balance): (&mut Shell, &mut BalanceState),
    commands: &mut Vec<Command>,
) {
    let Shown {
        ds,
        generation,
        snap,
        theme,
        selection,
        history,
        threshold,
    } = *shown;
    let t = snap.time;
    if shell.pair_chart {
        if let (Selection::Pair(a, b), Some(history)) = (selection, history) {
            let name = |s: usize| ds.states[s].name_at(t);
            chart_window(&format!("{} – {}", name(a), name(b)), "pair-chart")
                .open(&mut shell.pair_chart)
                .show(ctx, |ui| {
                    let height = (ui.available_height() - 40.0).max(180.0);
                    history_plot(ui, ds, history, (t, theme), height, commands);
                });
        } else {
            shell.pair_chart = false;
        }
    }
    if shell.balance_chart {
        let view = balance.view(ctx, ds, snap, generation, threshold);
        chart_window("Balance over time", "balance-chart")
            .open(&mut shell.balance_chart)
            .show(ctx, |ui| {
                balance::large_chart_ui(ui, (ds, theme), &view, commands);
            });
    }
}

/// A resizable window for a chart, titled `title` (its id stays when the
/// title changes), below the menu bar.
fn chart_window<'a>(title: &str, id: &str) -> egui::Window<'a> {
    egui::Window::new(title.to_owned())
        .id(egui::Id::unique(id))
        .collapsible(false)
        .resizable(true)
        .default_pos(egui::pos2(24.0, 48.0))
        .default_size([860.0, 460.0])
}

/// A chart's x axis in years: a label every 20 years (lines every 5 and
/// 10), every 100 over the two centuries of a state system.
pub fn years_axis(plot: egui_plot::Plot<'_>, span_years: f64) -> egui_plot::Plot<'_> {
    plot.x_grid_spacer(egui_plot::uniform_grid_spacer(move |_| {
        if span_years > 120.0 {
            [10.0, 50.0, 100.0]
        } else {
            [5.0, 10.0, 20.0]
        }
    }))
    .x_axis_formatter(|mark, _| format!("{:.0}", mark.value))
}

/// The button under a chart that opens it larger, in a window of its own.
pub fn enlarge_button(ui: &mut egui::Ui) -> bool {
    ui.small_button("Open larger")
        .on_hover_text("The chart in a window of its own, as large as you make it")
        .clicked()
}

/// The height of the pair's chart in the side panel, in points.
pub const PANEL_CHART_HEIGHT: f32 = 180.0;

/// The pair's chart, `height` points high, with its key under it; a click
/// moves the date.
pub fn history_plot(
    ui: &mut egui::Ui,
    ds: &Dataset,
    history: &PairHistory,
    (t, theme): (Time, &Theme),
    height: f32,
    commands: &mut Vec<Command>,
) {
    let (a, b) = ds.pairs[history.pair];
    let events: Vec<[f64; 2]> = ds
        .events
        .iter()
        .filter(|e| e.states.contains(&a) && e.states.contains(&b))
        .map(|e| [e.time.year_frac(), 1.08])
        .collect();
    let titles: Vec<(f64, &str)> = ds
        .events
        .iter()
        .filter(|e| e.states.contains(&a) && e.states.contains(&b))
        .map(|e| (e.time.year_frac(), e.title.as_str()))
        .collect();
    let span_years = ds.end.year_frac() - ds.start.year_frac();
    // One memory for the panel's chart, one for the window's.
    let plot = Plot::new(("history", history.pair, height > PANEL_CHART_HEIGHT))
        .height(height)
        .include_y(-1.1)
        .include_y(1.15)
        .include_x(ds.start.year_frac())
        .include_x(ds.end.year_frac())
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false);
    let response = years_axis(plot, span_years)
        .label_formatter(move |hover| {
            let (name, value) = match hover {
                HoverPosition::NearDataPoint {
                    plot_name,
                    position,
                    ..
                } => (*plot_name, *position),
                HoverPosition::Elsewhere { position } => ("", *position),
            };
            let near = titles
                .iter()
                .filter(|(x, _)| (x - value.x).abs() < 0.6)
                .map(|(_, title)| *title)
                .collect::<Vec<_>>()
                .join("\n");
            Some(if name == "Events" && !near.is_empty() {
                near
            } else {
                readout(ds, (a, b), value.x)
            })
        })
        .show(ui, |plot| {
            history_lines(plot, ds, history, theme);
            plot.points(
                Points::new("Events", PlotPoints::from(events))
                    .radius(3.5)
                    .color(color(theme.text_weak)),
            );
            plot.vline(VLine::new("Now", t.year_frac()).stroke(Stroke::new(1.5, color(theme.now))));
            plot.pointer_coordinate()
        });
    // The key, under the chart (inside it, it hid decades of the lines).
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 12.0;
        key_entry(ui, color(theme.aggregate), 2.5, "Aggregate");
        for (kind, _) in &history.kinds {
            let c = color(theme.series[kind % theme.series.len()]);
            key_entry(ui, c, 1.5, &ds.kinds[*kind].name);
        }
        key_entry(ui, color(theme.text_weak), 0.0, "Events");
    });
    // Clicking the chart moves the date there.
    if response.response.clicked()
        && let Some(p) = response.inner
    {
        commands.push(Command::SetTime(ds.date_near(Time::from_year_frac(p.x))));
    }
}

/// A pair's chart lines: each kind's and the aggregate. Where the pair is
/// not related a line breaks: each stretch is its own line.
fn history_lines(
    plot: &mut egui_plot::PlotUi<'_>,
    ds: &Dataset,
    history: &PairHistory,
    theme: &Theme,
) {
    let gap = 1.5 * (ds.end.year_frac() - ds.start.year_frac()) / f64::from(HISTORY_SAMPLES);
    for (kind, points) in &history.kinds {
        for run in runs(points, gap) {
            plot.line(
                Line::new(ds.kinds[*kind].name.clone(), PlotPoints::from(run.to_vec()))
                    .color(color(theme.series[kind % theme.series.len()]))
                    .width(1.5),
            );
        }
    }
    for run in runs(&history.aggregate, gap) {
        plot.line(
            Line::new("Aggregate", PlotPoints::from(run.to_vec()))
                .color(color(theme.aggregate))
                .width(2.5),
        );
    }
}

/// The stretches of `points` (sorted by x) with no step wider than `gap`.
fn runs(points: &[[f64; 2]], gap: f64) -> impl Iterator<Item = &[[f64; 2]]> {
    points.chunk_by(move |p, q| q[0] - p[0] <= gap)
}

/// What the chart says at the fractional year `x`: the pair's aggregate
/// and each kind's score on the first day of the nearest month, where a
/// click goes (not the pointer's height).
fn readout(ds: &Dataset, (a, b): (StateIx, StateIx), x: f64) -> String {
    let t = ds.date_near(Time::from_year_frac(x));
    let snap = crate::eval::snapshot(ds, t, 0.0);
    let date = crate::date::spoken(t);
    let Some(p) = snap.pair(a, b) else {
        return format!("{date}: not related");
    };
    let mut text = format!("{date}: {:+.2} overall", p.score);
    for &(k, s) in snap.kinds_of(p) {
        let _ = write!(text, "\n{}: {s:+.2}", ds.kinds[k].name);
    }
    text
}

/// One entry of a chart's key: a swatch (a line `width` wide, or a dot
/// when 0) and its word, laid out as one item, so that the key wraps
/// between entries, never inside one, and never widens the panel.
fn key_entry(ui: &mut egui::Ui, c: Color32, width: f32, name: &str) {
    const SWATCH: f32 = 16.0;
    const GAP: f32 = 4.0;
    let text = ui.visuals().text_color();
    let galley = ui.painter().layout_no_wrap(
        name.to_owned(),
        egui::TextStyle::Body.resolve(ui.style()),
        text,
    );
    let size = vec2(SWATCH + GAP + galley.size().x, galley.size().y);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, name));
    if !ui.is_rect_visible(rect) {
        return;
    }
    let swatch = egui::Rect::from_min_size(rect.min, vec2(SWATCH, rect.height()));
    if width > 0.0 {
        let ends = [swatch.left_center(), swatch.right_center()];
        ui.painter().line_segment(ends, Stroke::new(width, c));
    } else {
        ui.painter().circle_filled(swatch.center(), 3.5, c);
    }
    let at = egui::pos2(swatch.right() + GAP, rect.top());
    ui.painter().galley(at, galley, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_reads_out_the_scores_at_the_date_not_the_pointer_height() {
        let ds = crate::load::load_str("bundled", crate::DEFAULT_DATASET).unwrap();
        let (a, b) = (
            ds.state_index("PAK").unwrap(),
            ds.state_index("RUS").unwrap(),
        );
        // Early July: the chart reads out the month it would go to.
        let x = 1985.5;
        let snap = crate::eval::snapshot(&ds, Time::from_ymd(1985, 7, 1), 0.0);
        let score = snap.pair(a, b).unwrap().score;
        let text = readout(&ds, (a, b), x);
        assert!(
            text.starts_with(&format!("July 1985: {score:+.2} overall")),
            "{text}"
        );
        assert!(text.lines().count() > 1, "each kind too: {text}");
    }
}
