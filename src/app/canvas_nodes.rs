//! The states of the network as assistive technology and the keyboard
//! reach them: each drawn state is a node of its own, named, with its bloc
//! and a summary of its relations; Tab reaches it, the arrows move to the
//! nearest state that way, Enter selects.

use eframe::egui::{self, Key, Modifiers, Pos2, Rect, Sense, Stroke, accesskit, vec2};

use super::canvas::CanvasState;
use super::command::Command;
use crate::eval;
use crate::model::{Dataset, Level, StateIx};
use crate::scene::{self, Scene};
use crate::theme::Theme;

/// The id of a state's node on the canvas.
fn node_id(state: StateIx) -> egui::Id {
    egui::Id::unique(("detente-state", state))
}

/// Every drawn state as a node of its own for assistive technology and
/// the keyboard: named, with its bloc and a summary of its relations;
/// Tab reaches it, arrow keys move to the next or previous state, Enter
/// (or a screen reader's "click") selects it. The pointer goes through to
/// the canvas (the nodes sense focus only).
pub fn states_ui(
    ui: &mut egui::Ui,
    (ds, snap, scene): (&Dataset, &eval::Snapshot, &Scene),
    rect: Rect,
    state: &mut CanvasState,
    commands: &mut Vec<Command>,
) {
    let drawn: Vec<(StateIx, Pos2, f32)> = scene
        .nodes
        .iter()
        .zip(&state.node_screen)
        .filter(|(n, _)| n.alpha > scene::VISIBLE_ALPHA)
        .map(|(n, &(_, c))| (n.state, c, n.radius))
        .collect();
    let counts = tie_counts(ds, snap);
    let mut focused = None;
    for (k, &(s, c, r)) in drawn.iter().enumerate() {
        let id = node_id(s);
        let disc = Rect::from_center_size(c, vec2(2.0 * r, 2.0 * r)).intersect(rect);
        let response = ui.interact(disc, id, Sense::FOCUSABLE);
        let selected = scene.node(s).is_some_and(|n| n.selected);
        ui.ctx().accesskit_node_builder(id, |node| {
            node.set_role(accesskit::Role::ListItem);
            node.set_label(ds.states[s].name_at(snap.time));
            node.set_description(summary(ds, snap.time, s, counts[s]));
            node.set_selected(selected);
            node.add_action(accesskit::Action::Click);
        });
        let activated = ui.input(|i| i.has_accesskit_action_request(id, accesskit::Action::Click));
        if activated {
            commands.push(Command::SelectState(s));
        }
        if response.has_focus() {
            focused = Some(k);
            // A ring a keyboard user can find at a glance.
            let ring = Stroke::new(Theme::SELECTED_STROKE, ui.visuals().selection.bg_fill);
            ui.painter_at(rect)
                .circle_stroke(c, r + Theme::FOCUS_GAP, ring);
            // Arrow keys are the canvas's while a state has the focus.
            let arrows = egui::EventFilter {
                horizontal_arrows: true,
                vertical_arrows: true,
                ..Default::default()
            };
            ui.memory_mut(|m| m.set_focus_lock_filter(id, arrows));
        }
    }
    state.focused = focused.map(|k| drawn[k].0);
    if std::mem::take(&mut state.focus_wanted) {
        let selected = drawn
            .iter()
            .find(|d| scene.node(d.0).is_some_and(|n| n.selected));
        let largest = drawn.iter().max_by(|a, b| a.2.total_cmp(&b.2));
        if let Some(&(s, ..)) = selected.or(largest) {
            ui.memory_mut(|m| m.request_focus(node_id(s)));
            ui.ctx().request_repaint();
        }
    }
    let Some(k) = focused else { return };
    let (enter, arrows) = ui.input_mut(|i| {
        let mut pressed = |key| i.count_and_consume_key(Modifiers::NONE, key) > 0;
        let enter = pressed(Key::Enter);
        let arrows = [
            (Key::ArrowRight, vec2(1.0, 0.0)),
            (Key::ArrowLeft, vec2(-1.0, 0.0)),
            (Key::ArrowDown, vec2(0.0, 1.0)),
            (Key::ArrowUp, vec2(0.0, -1.0)),
        ]
        .into_iter()
        .filter(|(key, _)| pressed(*key))
        .fold(vec2(0.0, 0.0), |sum, (_, d)| sum + d);
        (enter, arrows)
    });
    if enter {
        commands.push(Command::SelectState(drawn[k].0));
    }
    if let Some(next) = nearest_towards(&drawn, k, arrows) {
        ui.memory_mut(|m| m.request_focus(node_id(drawn[next].0)));
    }
}

/// The drawn state nearest to the `from`-th in the direction `towards`
/// (a sum of arrow directions): ahead of it, off the line counting double.
fn nearest_towards(
    drawn: &[(StateIx, Pos2, f32)],
    from: usize,
    towards: egui::Vec2,
) -> Option<usize> {
    if towards == vec2(0.0, 0.0) {
        return None;
    }
    let d = towards.normalized();
    let origin = drawn[from].1;
    drawn
        .iter()
        .enumerate()
        .filter(|&(k, _)| k != from)
        .filter_map(|(k, &(_, c, _))| {
            let v = c - origin;
            let ahead = v.dot(d);
            let aside = (v - d * ahead).length();
            (ahead > 0.0).then_some((ahead + 2.0 * aside, k))
        })
        .min_by(|x, y| x.0.total_cmp(&y.0))
        .map(|(_, k)| k)
}

/// How many allies, rivals and tense relations each state has at the
/// snapshot's date (by state), counted in one pass over its pairs.
fn tie_counts(ds: &Dataset, snap: &eval::Snapshot) -> Vec<[usize; 3]> {
    let mut counts = vec![[0; 3]; ds.states.len()];
    for p in &snap.pairs {
        let slot = match Level::of_score(p.score) {
            Level::Allied | Level::Friendly => 0,
            Level::Hostile | Level::War => 1,
            Level::Tense => 2,
            Level::Neutral => continue,
        };
        counts[p.a][slot] += 1;
        counts[p.b][slot] += 1;
    }
    counts
}

/// What a screen reader says of a state besides its name: its bloc and
/// how many allies, rivals and tense relations it has (`counts`, from
/// [`tie_counts`]).
fn summary(ds: &Dataset, t: crate::date::Time, s: StateIx, counts: [usize; 3]) -> String {
    let [allies, rivals, tense] = counts;
    let bloc = ds.states[s].blocs.at(t).map_or_else(
        || "no bloc".to_owned(),
        |b| format!("{} bloc", ds.blocs[b].name),
    );
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{bloc}; {}, {}, {}",
        count(allies, "ally", "allies"),
        count(rivals, "rival", "rivals"),
        count(tense, "tense relation", "tense relations")
    )
}
