//! Finding a state by any name it ever had, an alias the data gives it
//! ("USSR"), or its id, at any date; and the window that asks.

use eframe::egui::{self, Key};

use super::command::Command;
use super::paint::field_window;
use crate::date::Time;
use crate::model::{Dataset, StateIx};

/// A state found by [`search`].
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub state: StateIx,
    /// Its name at the date, with the name that matched if it was another
    /// and its years if it does not exist at the date.
    pub label: String,
    /// Where to go to see it, when it does not exist at the date: the
    /// nearest date of its lifetime.
    pub jump: Option<Time>,
}

/// States with a name (at any date) or an id containing `query`
/// (case-insensitive): those present at `t` first, then names starting
/// with the query, then alphabetically.
pub fn search(ds: &Dataset, t: Time, query: &str) -> Vec<Found> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(bool, bool, String, Found)> = Vec::new();
    for (i, s) in ds.states.iter().enumerate() {
        let names = std::iter::once((None, &s.names.initial))
            .chain(s.names.changes.iter().map(|(at, n)| (Some(*at), n)));
        let matched = names
            .filter(|(_, n)| n.to_lowercase().contains(&q))
            .min_by_key(|(_, n)| !n.to_lowercase().starts_with(&q));
        // An alias ("USSR") or the id is matched whole, or from its start.
        let alias = s.aliases.iter().find(|a| a.to_lowercase().starts_with(&q));
        let by_id = s.id.to_lowercase() == q;
        let Some((named_at, matched)) = matched
            .map(|(at, n)| (at, n.as_str()))
            .or(alias.map(|a| (None, a.as_str())))
            .or(by_id.then(|| (None, s.name_at(t))))
        else {
            continue;
        };
        let is_alias = alias.is_some_and(|a| a == matched);
        // Where it exists nearest to `t`.
        let alive = s.lifetime.contains(t);
        let life = &s.lifetime;
        let jump = (!alive).then(|| {
            // The next spell's start, else the last day of the last spell.
            let next = life
                .spells()
                .iter()
                .filter_map(|sp| sp.from)
                .find(|f| *f > t);
            next.or_else(|| life.until().map(|u| Time(u.0 - 1.0)))
                .unwrap_or(t)
        });
        let shown_at = jump.unwrap_or(t);
        let name = s.name_at(shown_at);
        let mut label = name.to_owned();
        if is_alias {
            label = format!("{label} ({matched})");
        } else if matched != name {
            let when = if named_at.is_some_and(|at| at > shown_at) {
                "later"
            } else {
                "formerly"
            };
            label = format!("{label} ({when} {matched})");
        }
        if jump.is_some() {
            let years = |x: Option<Time>| x.map_or(String::new(), |x| x.ymd().0.to_string());
            label = format!("{label}, {}–{}", years(life.from()), years(life.until()));
        }
        found.push((
            !alive,
            !matched.to_lowercase().starts_with(&q),
            label.clone(),
            Found {
                state: i,
                label,
                jump,
            },
        ));
    }
    found.sort_by(|x, y| (x.0, x.1, &x.2).cmp(&(y.0, y.1, &y.2)));
    found.into_iter().map(|(_, _, _, f)| f).collect()
}

/// The "Find a state" window, while `query` is `Some`: typing lists the
/// matches, Enter or a click chooses one (it is selected, and the date
/// moves to when it exists if it does not now). Closing it sets `query`
/// to `None`.
pub fn search_ui(
    ctx: &egui::Context,
    query: &mut Option<String>,
    ds: Option<&Dataset>,
    t: Time,
    commands: &mut Vec<Command>,
) {
    /// The most matches listed.
    const SHOWN: usize = 10;
    let Some(text) = query else { return };
    let mut open = true;
    let mut chosen = None;
    field_window("Find a state", &mut open).show(ctx, |ui| {
        let edit = ui.add(
            egui::TextEdit::singleline(text)
                .hint_text("name or id")
                .desired_width(240.0),
        );
        edit.request_focus();
        let matches = ds.map(|ds| search(ds, t, text)).unwrap_or_default();
        let enter = ui.input(|i| i.key_pressed(Key::Enter));
        if enter && let Some(found) = matches.first() {
            chosen = Some(found.clone());
        }
        for found in matches.iter().take(SHOWN) {
            let label = ui.selectable_label(false, &found.label);
            let label = match found.jump {
                Some(t) => label.on_hover_text(format!(
                    "Not there on this date: goes to {}",
                    crate::date::spoken(t)
                )),
                None => label,
            };
            if label.clicked() {
                chosen = Some(found.clone());
            }
        }
        if matches.is_empty() && !text.is_empty() {
            ui.weak("No state matches.");
        }
    });
    if let Some(found) = chosen {
        commands.push(Command::SelectState(found.state));
        if let Some(t) = found.jump {
            // Another date, another picture: show all of it.
            commands.push(Command::SetTime(t));
            commands.push(Command::Fit);
        } else {
            commands.push(Command::CenterOn(found.state));
        }
        open = false;
    }
    if !open {
        *query = None;
    }
}
