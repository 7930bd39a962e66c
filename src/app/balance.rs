//! The balance section of the side panel: how balanced the network is at
//! the date on screen and over the whole span (a chart computed in the
//! background, once per data and threshold), and its unbalanced triangles,
//! each selectable to highlight it on the canvas and explained in words.

use std::sync::Arc;

use eframe::egui;
use egui_plot::{Line, Plot, PlotPoints, VLine};

use super::command::Command;
use crate::analysis::{Balance, Indices, Triad, balance, balance_series};
use crate::date::Time;
use crate::eval::Snapshot;
use crate::job::{Job, Reporter};
use crate::model::{Dataset, StateIx, describe};

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
    series: Option<Arc<Series>>,
    now: Option<(Key, Time, Balance)>,
}

/// What the section shows this frame.
pub struct BalanceView<'a> {
    pub now: &'a Balance,
    /// `None` while it is being computed.
    pub series: Option<&'a Series>,
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
            self.series_key = Some(key);
            self.series = None;
            let ds = Arc::clone(ds);
            self.job = Some(Job::spawn(
                "detente-balance",
                move |r: &Reporter<Series>| {
                    let mut times = Vec::new();
                    let mut t = ds.start;
                    while t <= ds.end {
                        times.push(t);
                        t = t.add_months(SERIES_MONTHS);
                    }
                    r.send(balance_series(&ds, &times, threshold));
                },
            ));
        }
        if let Some(job) = &mut self.job {
            if let Some(series) = job.poll().pop() {
                self.series = Some(Arc::new(series));
            }
            if job.end().is_some() {
                self.job = None;
            } else {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
        }
        let fresh = self
            .now
            .as_ref()
            .is_some_and(|(k, t, _)| *k == key && *t == snap.time);
        if !fresh {
            self.now = Some((key, snap.time, balance(snap, threshold)));
        }
        let now = self.now.as_ref().map(|(.., b)| b);
        BalanceView {
            now: now.unwrap_or_else(|| unreachable!("just computed")),
            series: self.series.as_deref(),
        }
    }
}

/// A share as a percentage, "—" when undefined.
fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |x| format!("{:.0} %", 100.0 * x))
}

/// The balance section: the threshold, the indices of the date, the chart
/// over the span, and the unbalanced triangles.
pub fn balance_ui(
    ui: &mut egui::Ui,
    ds: &Dataset,
    view: &BalanceView<'_>,
    threshold: &mut f64,
    commands: &mut Vec<Command>,
) {
    let now = view.now;
    let t = now.time;
    ui.horizontal(|ui| {
        ui.label("A tie where |score| ≥");
        ui.add(
            egui::DragValue::new(threshold)
                .range(0.01..=0.9)
                .speed(0.01)
                .fixed_decimals(2),
        )
        .on_hover_text("Weaker relations take no side and make no triangle");
    });
    let ix = &now.indices;
    ui.label(format!(
        "{} triangles, {} balanced (weighted: {})",
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
        Some(series) => chart_ui(ui, series, t, commands),
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.weak("Computing the balance over time…");
            });
        }
    }
    if now.unbalanced.is_empty() {
        ui.weak("No unbalanced triangle on this date.");
        return;
    }
    ui.strong(format!("Unbalanced triangles ({})", now.unbalanced.len()));
    for triad in now.unbalanced.iter().take(TRIADS_LISTED) {
        let names = triad.states.map(|s| ds.states[s].name_at(t));
        let link = ui
            .link(names.join(" – "))
            .on_hover_text(explain(ds, triad, t));
        if link.clicked() {
            commands.push(Command::SelectTriad(triad.states));
        }
    }
    if now.unbalanced.len() > TRIADS_LISTED {
        ui.weak(format!(
            "… and {} more",
            now.unbalanced.len() - TRIADS_LISTED
        ));
    }
}

/// The share of balanced triangles over the span; a click moves the date.
fn chart_ui(ui: &mut egui::Ui, series: &Series, t: Time, commands: &mut Vec<Command>) {
    let line = |f: fn(&Indices) -> Option<f64>| -> PlotPoints<'static> {
        series
            .iter()
            .filter_map(|(t, ix)| Some([t.year_frac(), f(ix)?]))
            .collect()
    };
    let response = Plot::new("balance-over-time")
        .height(110.0)
        .include_y(0.0)
        .include_y(1.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .show_axes([true, true])
        .legend(egui_plot::Legend::default())
        .show(ui, |plot| {
            plot.line(Line::new("balanced triangles", line(|ix| ix.strict)));
            plot.line(Line::new("walk index", line(|ix| ix.walk)));
            plot.vline(VLine::new("now", t.year_frac()));
            plot.pointer_coordinate()
        });
    if response.response.clicked()
        && let Some(p) = response.inner
    {
        commands.push(Command::SetTime(Time::from_year_frac(p.x)));
    }
}

/// A selected triangle: its three ties, and why it is (un)balanced.
pub fn triad_ui(
    ui: &mut egui::Ui,
    ds: &Dataset,
    snap: &Snapshot,
    states: [StateIx; 3],
    commands: &mut Vec<Command>,
) {
    let t = snap.time;
    let name = |s: StateIx| ds.states[s].name_at(t);
    ui.heading(states.map(name).join(" – "));
    let Some(triad) = triad_at(snap, states) else {
        ui.weak("Not a triangle of ties on this date.");
        return;
    };
    for (a, b) in [(0, 1), (0, 2), (1, 2)] {
        let (a, b) = (states[a], states[b]);
        ui.horizontal(|ui| {
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

/// The triangle of these states at the snapshot's date, if all three ties
/// exist (any strength).
fn triad_at(snap: &Snapshot, states: [StateIx; 3]) -> Option<Triad> {
    let score = |a, b| snap.pair(a, b).map(|p| p.score);
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
        [_, _] => {
            let (x, y, _) = ties
                .into_iter()
                .find(|&(x, y, _)| triad.score(x, y).is_some_and(|s| s > 0.0))
                .unwrap_or(ties[0]);
            format!(
                "{} and {} are friends with a common rival: balanced (the enemy of a friend is an enemy).",
                name(x),
                name(y)
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
