//! The side panel: the dataset's title and description, the legend, the
//! filters, the selected state's relations or the selected pair's history
//! (its chart: `charts`), and the events near the current date.

use eframe::egui::{self, Color32, RichText, vec2};

use super::charts::{PANEL_CHART_HEIGHT, enlarge_button, history_plot};
use super::command::{Chart, Command, Selection};
use super::paint::{color, dashed_path};
use super::settings::Settings;
use crate::analysis::{Change, PairShift, Shift};
use crate::date::Time;
use crate::eval::{PairHistory, Snapshot, relation_score};
use crate::model::{Dataset, StateIx, describe};
use crate::scene::ColourKey;
use crate::theme::{Dash, Theme};

/// The side panel's least width, in points.
const SIDE_MIN: f32 = 260.0;
/// The side panel's widest default, in points (it may be dragged wider).
const SIDE_WIDEST: f32 = 560.0;

/// The side panel of a window `width` points wide: a quarter of it by
/// default (wider on a large screen), resizable by its edge, collapsed
/// with F9 or by dragging it shut.
pub fn side_panel(width: f32) -> egui::Panel {
    egui::Panel::right("side")
        .default_size((width * 0.27).clamp(SIDE_MIN, SIDE_WIDEST))
        .size_range(SIDE_MIN..=(width * 0.6).max(SIDE_MIN))
}

/// What the side panel shows this frame.
pub struct PanelInput<'a> {
    pub ds: &'a Dataset,
    pub snap: &'a Snapshot<'a>,
    pub theme: &'a Theme,
    pub selection: Selection,
    /// The selected pair's scores over time.
    pub history: Option<&'a PairHistory>,
    /// While comparing with another date: what changed since.
    pub shift: Option<&'a Shift>,
}

pub fn panel_ui(
    ui: &mut egui::Ui,
    input: &PanelInput<'_>,
    settings: &mut Settings,
    commands: &mut Vec<Command>,
    balance: &mut dyn FnMut(&mut egui::Ui, &mut f64, &mut Vec<Command>),
) {
    let PanelInput {
        ds,
        snap,
        theme,
        selection,
        history,
        shift,
    } = *input;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.heading(&ds.title);
            if !ds.description.is_empty() {
                ui.label(RichText::new(&ds.description).weak());
            }
            ui.add_space(6.0);
            match selection {
                Selection::State(s) => state_ui(ui, ds, snap, s, settings, commands),
                Selection::Pair(a, b) => pair_ui(ui, ds, snap, (a, b), history, theme, commands),
                // Its ties and why it is unbalanced are under the list it
                // was chosen from (Balance), so that the list stays put.
                Selection::Triad(t) => {
                    let names = t.map(|s| ds.states[s].name_at(snap.time));
                    ui.add(
                        egui::Label::new(
                            RichText::new(format!("Triangle {} (see Balance)", names.join(" – ")))
                                .italics(),
                        )
                        .truncate(),
                    );
                }
                Selection::None => {
                    ui.label(
                        RichText::new("Click a state or a relation to see its history.").italics(),
                    );
                }
            }
            ui.add_space(6.0);
            if let Some(shift) = shift {
                shift_ui(ui, ds, shift, commands);
            }
            events_ui(ui, ds, snap, commands);
            egui::CollapsingHeader::new("Balance")
                .default_open(false)
                .show(ui, |ui| {
                    balance(ui, &mut settings.balance_threshold, commands);
                });
            egui::CollapsingHeader::new("Legend")
                .default_open(true)
                .show(ui, |ui| legend_ui(ui, ds, snap.time, theme, shift));
            egui::CollapsingHeader::new("Filters")
                .default_open(false)
                .show(ui, |ui| filters_ui(ui, ds, settings));
        });
}

fn state_ui(
    ui: &mut egui::Ui,
    ds: &Dataset,
    snap: &Snapshot,
    s: StateIx,
    settings: &Settings,
    commands: &mut Vec<Command>,
) {
    let state = &ds.states[s];
    let t = snap.time;
    ui.horizontal(|ui| {
        ui.heading(state.name_at(t));
        ui.weak(&state.id);
    });
    if let Some(b) = *state.blocs.at(t) {
        ui.label(format!("Bloc: {}", ds.blocs[b].name));
    }
    if !state.note.is_empty() {
        ui.label(&state.note);
    }
    let enabled = settings.kinds_enabled(ds);
    let mut rows: Vec<(StateIx, f64)> = snap
        .pairs
        .iter()
        .filter(|p| p.a == s || p.b == s)
        .filter_map(|p| {
            let other = if p.a == s { p.b } else { p.a };
            snap.score_over(ds, p, &enabled)
                .map(|(score, _)| (other, score))
        })
        .collect();
    rows.sort_by(|x, y| y.1.total_cmp(&x.1));
    ui.label(RichText::new(format!("Relations, {}", crate::date::spoken(t))).strong());
    if rows.is_empty() {
        ui.weak("None at this date.");
    }
    egui::Grid::new("relations")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            for (other, score) in rows {
                let name = ds.states[other].name_at(t);
                if ui
                    .link(name)
                    .on_hover_text("Show this pair's history")
                    .clicked()
                {
                    commands.push(Command::SelectPair(s, other));
                }
                ui.label(RichText::new(format!("{score:+.2}")).monospace());
                ui.weak(describe(score));
                ui.end_row();
            }
        });
}

fn pair_ui(
    ui: &mut egui::Ui,
    ds: &Dataset,
    snap: &Snapshot,
    (a, b): (StateIx, StateIx),
    history: Option<&PairHistory>,
    theme: &Theme,
    commands: &mut Vec<Command>,
) {
    let t = snap.time;
    ui.horizontal_wrapped(|ui| {
        if ui
            .link(RichText::new(ds.states[a].name_at(t)).heading())
            .clicked()
        {
            commands.push(Command::SelectState(a));
        }
        ui.heading("–");
        if ui
            .link(RichText::new(ds.states[b].name_at(t)).heading())
            .clicked()
        {
            commands.push(Command::SelectState(b));
        }
    });
    let Some(pair) = ds.pair_index(a, b) else {
        ui.weak("These two states have no recorded relation.");
        return;
    };
    match snap.pair(a, b) {
        Some(p) => {
            ui.label(format!(
                "{}: {:+.2} ({})",
                crate::date::spoken(t),
                p.score,
                describe(p.score)
            ));
        }
        None => {
            ui.weak(format!("No relation, {}.", crate::date::spoken(t)));
        }
    }
    if let Some(history) = history.filter(|h| h.pair == pair) {
        history_plot(ui, ds, history, (t, theme), PANEL_CHART_HEIGHT, commands);
        if enlarge_button(ui) {
            commands.push(Command::EnlargeChart(Chart::Pair));
        }
    }
    // The notes and sources behind the value in force now.
    for r in ds.relations.iter().filter(|r| r.pair == pair) {
        // Only the relations in force now (not one that ended).
        let (Some(key), Some(score)) = (crate::eval::key_at(r, t), relation_score(r, t)) else {
            continue;
        };
        ui.separator();
        ui.label(
            RichText::new(format!(
                "{} since {}: {score:+.2}",
                ds.kinds[r.kind].name, key.date
            ))
            .strong(),
        );
        // A keyframe of a series speaks through its relation's note and
        // sources.
        if !r.note_for(key).is_empty() {
            ui.label(r.note_for(key));
        }
        sources_ui(ui, r.sources_for(key));
    }
    for g in &snap.groups {
        let group = &ds.groups[*g];
        let member = |s| {
            group
                .members
                .iter()
                .any(|m| m.state == s && m.span.contains(t))
        };
        if member(a) && member(b) {
            ui.separator();
            ui.label(RichText::new(format!("Both in {}", group.name)).strong());
            sources_ui(ui, &group.sources);
        }
    }
}

/// Source strings as links where they are addresses. A long address is
/// cut to the panel's width (whole on hover): it must not widen the panel.
pub fn sources_ui(ui: &mut egui::Ui, sources: &[String]) {
    for s in sources {
        if s.starts_with("http://") || s.starts_with("https://") {
            let shown = s
                .trim_start_matches("https://")
                .trim_start_matches("http://");
            let link = ui.add(
                egui::Label::new(RichText::new(shown).color(ui.visuals().hyperlink_color))
                    .truncate()
                    .sense(egui::Sense::click()),
            );
            let link = link
                .on_hover_text(s.as_str())
                .on_hover_cursor(egui::CursorIcon::PointingHand);
            link.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, shown));
            if link.clicked() {
                ui.ctx().open_url(egui::OpenUrl::new_tab(s));
            }
        } else {
            ui.add(egui::Label::new(RichText::new(s).weak()).wrap());
        }
    }
}

fn events_ui(ui: &mut egui::Ui, ds: &Dataset, snap: &Snapshot, commands: &mut Vec<Command>) {
    egui::CollapsingHeader::new("Events near this date")
        .default_open(true)
        .show(ui, |ui| {
            if snap.events.is_empty() {
                ui.weak("None within a year.");
            }
            for &e in &snap.events {
                let event = &ds.events[e];
                let past = event.time <= snap.time;
                let text = RichText::new(format!("{}  {}", event.date, event.title));
                let text = if past { text } else { text.weak() };
                let r = ui.link(text);
                let r = if event.description.is_empty() {
                    r
                } else {
                    r.on_hover_text(&event.description)
                };
                if r.clicked() {
                    commands.push(Command::SetTime(event.time));
                }
            }
        });
}

/// How many changes of each kind the comparison lists.
const SHIFTS_LISTED: usize = 8;

/// While comparing: the largest changes since the compared date, grouped
/// (sign flipped, new, ended, improved, worsened); a click selects the
/// pair and shows its chart.
fn shift_ui(ui: &mut egui::Ui, ds: &Dataset, shift: &Shift, commands: &mut Vec<Command>) {
    let title = if shift.from <= shift.to {
        format!("Changes since {}", crate::date::spoken(shift.from))
    } else {
        // The compared date is the later one: changes back in time.
        format!(
            "Changes from {} back to {}",
            crate::date::spoken(shift.from),
            crate::date::spoken(shift.to)
        )
    };
    egui::CollapsingHeader::new(title)
        .id_salt("changes")
        .default_open(true)
        .show(ui, |ui| {
            if shift.pairs.is_empty() {
                ui.weak("No relation changed.");
            }
            for change in [
                Change::Flipped,
                Change::New,
                Change::Ended,
                Change::Improved,
                Change::Worsened,
            ] {
                let pairs: Vec<&PairShift> =
                    shift.pairs.iter().filter(|p| p.change == change).collect();
                if pairs.is_empty() {
                    continue;
                }
                ui.strong(format!("{} ({})", change.heading(), pairs.len()));
                for p in pairs.iter().take(SHIFTS_LISTED) {
                    ui.horizontal(|ui| {
                        let name = |s: StateIx| ds.states[s].name_at(shift.to);
                        if ui.link(format!("{} – {}", name(p.a), name(p.b))).clicked() {
                            commands.push(Command::SelectPair(p.a, p.b));
                        }
                        let score =
                            |s: Option<f64>| s.map_or("—".to_owned(), |s| format!("{s:+.2}"));
                        ui.weak(format!("{} to {}", score(p.from), score(p.to)));
                    });
                }
                if pairs.len() > SHIFTS_LISTED {
                    ui.weak(format!("… and {} more", pairs.len() - SHIFTS_LISTED));
                }
            }
            ui.weak(format!("{} relations unchanged", shift.unchanged));
        });
}

fn legend_ui(ui: &mut egui::Ui, ds: &Dataset, t: Time, theme: &Theme, shift: Option<&Shift>) {
    let swatch = |ui: &mut egui::Ui, c: Color32, text: &str| {
        ui.horizontal(|ui| {
            let (r, _) = ui.allocate_exact_size(vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().circle_filled(r.center(), 6.0, c);
            ui.label(text);
        });
    };
    for (c, name) in crate::scene::legend_swatches(ds, t, theme) {
        swatch(ui, color(c), &name);
    }
    ui.add_space(4.0);
    let key = ColourKey::new(shift.map(|s| s.from));
    ui.label(format!("{}:", key.heading));
    let (r, _) = ui.allocate_exact_size(
        vec2(ui.available_width().min(220.0), 10.0),
        egui::Sense::hover(),
    );
    let steps = 40;
    for i in 0..steps {
        let s = -1.0 + 2.0 * i as f32 / (steps - 1) as f32;
        let x0 = r.left() + r.width() * i as f32 / steps as f32;
        let cell = egui::Rect::from_min_max(
            egui::pos2(x0, r.top()),
            egui::pos2(x0 + r.width() / steps as f32 + 0.5, r.bottom()),
        );
        ui.painter()
            .rect_filled(cell, 0.0, color(key.colour(theme, s)));
    }
    ui.horizontal(|ui| {
        ui.weak(key.words[0]);
        ui.add_space(40.0);
        ui.weak(key.words[1]);
        ui.add_space(40.0);
        ui.weak(key.words[2]);
    });
    if let Some(note) = key.note() {
        ui.weak(note);
    }
    ui.weak("Width: strength of the relation. Disc size: sum of its relations' strengths.");
    for (k, kind) in ds.kinds.iter().enumerate() {
        ui.horizontal(|ui| {
            let (r, _) = ui.allocate_exact_size(vec2(36.0, 10.0), egui::Sense::hover());
            let (a, b) = (r.left_center(), r.right_center());
            dashed_path(
                ui.painter(),
                vec![a, b],
                Dash::of_kind(k),
                ui.visuals().text_color(),
                2.0,
            );
            ui.label(format!("{} (strongest kind of the pair)", kind.name));
        });
    }
}

fn filters_ui(ui: &mut egui::Ui, ds: &Dataset, settings: &mut Settings) {
    for kind in &ds.kinds {
        let mut shown = !settings.hidden_kinds.contains(&kind.id);
        if ui.checkbox(&mut shown, &kind.name).changed() {
            if shown {
                settings.hidden_kinds.retain(|k| k != &kind.id);
            } else {
                settings.hidden_kinds.push(kind.id.clone());
            }
        }
    }
    ui.add(egui::Slider::new(&mut settings.min_strength, 0.0..=1.0).text("Minimum strength"));
    ui.checkbox(&mut settings.labels, "Show labels (L)");
}
