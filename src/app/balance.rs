//! The balance section of the side panel: how balanced the network is at
//! the date on screen and over the whole span (a chart computed in the
//! background, once per data and threshold), and its unbalanced triangles,
//! each selectable to highlight it on the canvas and explained in words.

use std::sync::Arc;

use eframe::egui;
use egui_plot::{Line, Plot, PlotPoints, Polygon, VLine};

use super::charts::{enlarge_button, years_axis};
use super::command::{Chart, Command};
use super::paint::color;
use crate::analysis::{Balance, Indices, THRESHOLDS, Triad, balance, balance_series, series_times};
use crate::date::Time;
use crate::eval::Snapshot;
use crate::job::{End, Job, Reporter};
use crate::model::{Dataset, StateIx, describe};
use crate::theme::Theme;

/// How many unbalanced triangles the list shows.
const TRIADS_LISTED: usize = 10;

/// The balance series' step: a month, like the layout's samples.
const SERIES_MONTHS: i32 = 1;

/// A balance series: the indices at each month of the span.
type Series = Vec<(Time, Indices)>;

/// What the series and the balance of the date are for: the data's
/// generation, the threshold's bits (and the date).
type Key = (u64, u64);

/// The balance computations, cached.
#[derive(Default)]
pub struct BalanceState {
    series_key: Option<Key>,
    job: Option<Job<Series>>,
    series: SeriesState,
    now: Option<(Key, Time, Balance)>,
    /// Whether the list shows every unbalanced triangle, not only the
    /// first few.
    all_listed: bool,
}

/// Where the series over the span is.
#[derive(Default)]
enum SeriesState {
    #[default]
    Computing,
    Done(Arc<Series>),
    /// The job stopped on an internal error.
    Failed,
}

/// What the section shows this frame.
pub struct BalanceView<'a> {
    pub now: &'a Balance,
    series: &'a SeriesState,
    all_listed: &'a mut bool,
}

impl BalanceState {
    /// Starts the series for other data or another threshold, takes it
    /// when it is done, and computes the balance of the date on screen
    /// (once per date); the view of both.
    pub fn view(
        &mut self,
        ctx: &egui::Context,
        ds: &Arc<Dataset>,
        snap: &Snapshot,
        generation: u64,
        threshold: f64,
    ) -> BalanceView<'_> {
        let key = (generation, threshold.to_bits());
        if self.series_key != Some(key) {
            // Another threshold or other data: the job of the old one (if
            // still running) stops at its next date when it is dropped.
            self.series_key = Some(key);
            self.series = SeriesState::Computing;
            let ds = Arc::clone(ds);
            self.job = Some(Job::spawn(
                "detente-balance",
                move |r: &Reporter<Series>| {
                    let times = series_times(ds.start, ds.end, |t| t.add_months(SERIES_MONTHS));
                    let series = balance_series(&ds, &times, threshold, || !r.should_stop());
                    if series.len() == times.len() {
                        r.send(series);
                    }
                },
            ));
        }
        if let Some(job) = &mut self.job {
            if let Some(series) = job.poll().pop() {
                self.series = SeriesState::Done(Arc::new(series));
            }
            match job.end() {
                Some(End::Failed) => {
                    self.series = SeriesState::Failed;
                    self.job = None;
                }
                Some(_) => self.job = None,
                None => ctx.request_repaint_after(std::time::Duration::from_millis(100)),
            }
        }
        let now = match self.now.take() {
            Some(cached) if cached.0 == key && cached.1 == snap.time => self.now.insert(cached),
            _ => self.now.insert((key, snap.time, balance(snap, threshold))),
        };
        BalanceView {
            now: &now.2,
            series: &self.series,
            all_listed: &mut self.all_listed,
        }
    }
}

/// A share as a percentage, "—" when undefined.
fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |x| format!("{:.0} %", 100.0 * x))
}

/// The balance section: the threshold, the indices of the date, the chart
/// over the span, the unbalanced triangles and, under them (so that the
/// list never moves under the pointer), the selected one's ties and why it
/// is unbalanced.
pub fn balance_ui(
    ui: &mut egui::Ui,
    (ds, snap, theme): (&Dataset, &Snapshot, &Theme),
    view: &mut BalanceView<'_>,
    (threshold, selected): (&mut f64, Option<[StateIx; 3]>),
    commands: &mut Vec<Command>,
) {
    let now = view.now;
    let t = now.time;
    ui.horizontal(|ui| {
        ui.label("A tie where |score| ≥");
        ui.add(
            egui::DragValue::new(threshold)
                .range(THRESHOLDS)
                .speed(0.01)
                .fixed_decimals(2),
        )
        .on_hover_text("Weaker relations take no side and make no triangle");
    });
    let ix = &now.indices;
    ui.label(format!(
        "On {}: {} triangles, {} balanced (weighted: {})",
        crate::date::spoken(t),
        ix.triads,
        percent(ix.strict),
        percent(ix.weighted)
    ))
    .on_hover_text(
        "A triangle is balanced when the friend of a friend is a friend and the enemy of an enemy a friend (Cartwright & Harary).",
    );
    ui.label(format!(
        "Walk index {} · frustration {}",
        ix.walk.map_or_else(|| "—".to_owned(), |w| format!("{w:.2}")),
        ix.frustration
    ))
    .on_hover_text(
        "Walk index: closed walks of every length, balanced ones' share (Estrada & Benzi). Frustration: the fewest ties whose removal balances the network.",
    );
    match view.series {
        SeriesState::Done(series) => {
            chart_ui(ui, (ds, theme), series, (t, PANEL_CHART_HEIGHT), commands);
            if enlarge_button(ui) {
                commands.push(Command::EnlargeChart(Chart::Balance));
            }
        }
        SeriesState::Computing => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.weak("Computing the balance over time…");
            });
        }
        SeriesState::Failed => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                "The balance over time could not be computed (an internal error).",
            );
        }
    }
    if now.unbalanced.is_empty() {
        ui.weak("No unbalanced triangle on this date.");
        return;
    }
    ui.strong(format!("Unbalanced triangles ({})", now.unbalanced.len()));
    let listed = if *view.all_listed {
        now.unbalanced.len()
    } else {
        TRIADS_LISTED
    };
    for triad in now.unbalanced.iter().take(listed) {
        let names = triad.states.map(|s| ds.states[s].name_at(t));
        let chosen = selected == Some(triad.states);
        // The explanation is worded only when hovered (a list can be
        // long).
        let row = ui
            .selectable_label(chosen, names.join(" – "))
            .on_hover_ui(|ui| {
                ui.label(explain(ds, triad, t));
            });
        if row.clicked() {
            commands.push(if chosen {
                Command::ClearSelection
            } else {
                Command::SelectTriad(triad.states)
            });
        }
    }
    let more = now.unbalanced.len().saturating_sub(TRIADS_LISTED);
    if more > 0 {
        let text = if *view.all_listed {
            "Show fewer".to_owned()
        } else {
            format!("… and {more} more: show all")
        };
        if ui.link(text).clicked() {
            *view.all_listed = !*view.all_listed;
        }
    }
    if let Some(states) = selected {
        ui.separator();
        triad_ui(ui, ds, snap, (states, *threshold), commands);
    }
}

/// The share of balanced triangles over the span, over the eras; a click
/// moves the date.
fn chart_ui(
    ui: &mut egui::Ui,
    (ds, theme): (&Dataset, &Theme),
    series: &Series,
    (t, height): (Time, f32),
    commands: &mut Vec<Command>,
) {
    let line = |f: fn(&Indices) -> Option<f64>| -> PlotPoints<'static> {
        series
            .iter()
            .filter_map(|(t, ix)| Some([t.year_frac(), f(ix)?]))
            .collect()
    };
    let (triangles, walks) = (ui.visuals().hyperlink_color, ui.visuals().text_color());
    let now_colour = ui.visuals().weak_text_color();
    let span_years = ds.end.year_frac() - ds.start.year_frac();
    // One memory for the panel's chart, one for the window's.
    let plot = Plot::new(("balance-over-time", height > PANEL_CHART_HEIGHT));
    let response = years_axis(plot, span_years)
        .height(height)
        .width(ui.available_width())
        .include_y(0.0)
        .include_y(1.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .show_axes([true, true])
        .show(ui, |plot| {
            for (k, era) in ds.eras.iter().enumerate() {
                let (a, b) = (era.from.year_frac(), era.until.year_frac());
                let band = vec![[a, 0.0], [b, 0.0], [b, 1.0], [a, 1.0]];
                let fill = color(theme.era_colour(era.colour, k));
                plot.polygon(
                    Polygon::new(era.name.clone(), band)
                        .fill_color(fill)
                        .stroke(egui::Stroke::NONE)
                        .allow_hover(false),
                );
            }
            plot.line(Line::new("balanced triangles", line(|ix| ix.strict)).color(triangles));
            plot.line(Line::new("walk index", line(|ix| ix.walk)).color(walks));
            plot.vline(VLine::new("now", t.year_frac()).color(now_colour));
            plot.pointer_coordinate()
        });
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(triangles, "— balanced triangles");
        ui.colored_label(walks, "— walk index");
        ui.weak("· click to go there");
    });
    if response.response.clicked()
        && let Some(p) = response.inner
    {
        commands.push(Command::SetTime(ds.date_near(Time::from_year_frac(p.x))));
    }
}

/// The height of the balance chart in the side panel, in points.
const PANEL_CHART_HEIGHT: f32 = 110.0;

/// The balance chart as large as `ui` (a window of its own), once the
/// series is there.
pub fn large_chart_ui(
    ui: &mut egui::Ui,
    (ds, theme): (&Dataset, &Theme),
    view: &BalanceView<'_>,
    commands: &mut Vec<Command>,
) {
    match view.series {
        SeriesState::Done(series) => {
            let height = (ui.available_height() - 30.0).max(PANEL_CHART_HEIGHT);
            chart_ui(ui, (ds, theme), series, (view.now.time, height), commands);
        }
        SeriesState::Computing => {
            ui.spinner();
        }
        SeriesState::Failed => {
            ui.weak("The balance over time could not be computed (an internal error).");
        }
    }
}

/// A selected triangle: its three ties, and why it is (un)balanced (ties
/// are relations of at least `threshold` in size).
fn triad_ui(
    ui: &mut egui::Ui,
    ds: &Dataset,
    snap: &Snapshot,
    (states, threshold): ([StateIx; 3], f64),
    commands: &mut Vec<Command>,
) {
    let t = snap.time;
    let name = |s: StateIx| ds.states[s].name_at(t);
    ui.heading(states.map(name).join(" – "));
    let Some(triad) = triad_at(snap, states, threshold) else {
        ui.weak("Not a triangle of ties on this date.");
        if ui.button("Back to the network").clicked() {
            commands.push(Command::ClearSelection);
        }
        return;
    };
    for (a, b) in [(0, 1), (0, 2), (1, 2)] {
        let (a, b) = (states[a], states[b]);
        // Wrapped, so that a long pair never widens the panel.
        ui.horizontal_wrapped(|ui| {
            if ui.link(format!("{} – {}", name(a), name(b))).clicked() {
                commands.push(Command::SelectPair(a, b));
            }
            let score = triad.score(a, b).unwrap_or(0.0);
            ui.weak(format!("{score:+.2} ({})", describe(score)));
        });
    }
    ui.label(explain(ds, &triad, t));
    if ui.button("Back to the network").clicked() {
        commands.push(Command::ClearSelection);
    }
}

/// The triangle of these states at the snapshot's date, if all three are
/// ties (at least `threshold` in size, and not neutral).
fn triad_at(snap: &Snapshot, states: [StateIx; 3], threshold: f64) -> Option<Triad> {
    let score = |a, b| {
        snap.pair(a, b)
            .map(|p| p.score)
            .filter(|s| s.abs() >= threshold && *s != 0.0)
    };
    Some(Triad {
        states,
        scores: [
            score(states[0], states[1])?,
            score(states[0], states[2])?,
            score(states[1], states[2])?,
        ],
    })
}

/// Why a triangle is balanced or not, in words.
pub fn explain(ds: &Dataset, triad: &Triad, t: Time) -> String {
    let name = |s: StateIx| ds.states[s].name_at(t);
    let [a, b, c] = triad.states;
    let ties = [(a, b, c), (a, c, b), (b, c, a)];
    let hostile: Vec<(StateIx, StateIx, StateIx)> = ties
        .into_iter()
        .filter(|&(x, y, _)| triad.score(x, y).is_some_and(|s| s < 0.0))
        .collect();
    match hostile.as_slice() {
        [] => format!(
            "{}, {} and {} are all friends: balanced.",
            name(a),
            name(b),
            name(c)
        ),
        [(x, y, z)] => format!(
            "{} is a friend of both {} and {}, who are rivals: unbalanced (the friend of a friend is an enemy).",
            name(*z),
            name(*x),
            name(*y)
        ),
        // Two hostile ties share the state across from the friendly one.
        [(x1, y1, _), (x2, y2, _)] => {
            let rival = [*x1, *y1]
                .into_iter()
                .find(|s| s == x2 || s == y2)
                .unwrap_or(*x1);
            let friends: Vec<&str> = triad
                .states
                .iter()
                .filter(|&&s| s != rival)
                .map(|&s| name(s))
                .collect();
            format!(
                "{} are friends, and both rivals of {}: balanced (the enemy of a friend is an enemy).",
                friends.join(" and "),
                name(rival)
            )
        }
        _ => format!(
            "{}, {} and {} are all rivals: unbalanced in the strict sense (two enemies of one state are not friends), balanced in Davis's weak sense.",
            name(a),
            name(b),
            name(c)
        ),
    }
}
