//! `detente snapshot`: the network at a date as JSON.

use std::collections::BTreeMap;
use std::process::ExitCode;

use serde::Serialize;

use super::{EXIT_INVALID, When, load_or_report, place, print_json, usage};
use crate::date::Date;
use crate::eval;
use crate::model::Dataset;

#[derive(Serialize)]
struct JsonSnapshot<'a> {
    date: String,
    title: &'a str,
    states: Vec<JsonState<'a>>,
    pairs: Vec<JsonPair<'a>>,
    groups: Vec<&'a str>,
    events: Vec<JsonEvent<'a>>,
}

#[derive(Serialize)]
struct JsonState<'a> {
    id: &'a str,
    name: &'a str,
    bloc: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonPair<'a> {
    a: &'a str,
    b: &'a str,
    score: f64,
    kinds: BTreeMap<&'a str, f64>,
}

#[derive(Serialize)]
struct JsonEvent<'a> {
    date: String,
    title: &'a str,
}

/// Rounds a score for printing; 4 decimals are plenty for a [-1, 1] value.
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn snapshot_json(ds: &Dataset, at: When, window_days: f64) -> JsonSnapshot<'_> {
    let snap = eval::snapshot(ds, at.time, window_days);
    let id = |i: usize| ds.states[i].id.as_str();
    let mut pairs: Vec<JsonPair> = snap
        .pairs
        .iter()
        .map(|p| {
            let (a, b) = if id(p.a) <= id(p.b) {
                (id(p.a), id(p.b))
            } else {
                (id(p.b), id(p.a))
            };
            JsonPair {
                a,
                b,
                score: round4(p.score),
                kinds: snap
                    .kinds_of(p)
                    .iter()
                    .map(|&(k, s)| (ds.kinds[k].id.as_str(), round4(s)))
                    .collect(),
            }
        })
        .collect();
    pairs.sort_by(|x, y| (x.a, x.b).cmp(&(y.a, y.b)));
    let mut states: Vec<JsonState> = snap
        .states
        .iter()
        .map(|s| JsonState {
            id: s.id,
            name: s.name,
            bloc: s.bloc.map(|b| ds.blocs[b].id.as_str()),
        })
        .collect();
    states.sort_by_key(|s| s.id);
    JsonSnapshot {
        date: at.text,
        title: &ds.title,
        states,
        pairs,
        groups: snap
            .groups
            .iter()
            .map(|&g| ds.groups[g].id.as_str())
            .collect(),
        events: snap
            .events
            .iter()
            .map(|&e| JsonEvent {
                date: ds.events[e].date.to_string(),
                title: &ds.events[e].title,
            })
            .collect(),
    }
}

pub fn snapshot(file: &std::path::Path, at: Date, window_days: f64) -> ExitCode {
    let Some(ds) = load_or_report(file) else {
        return ExitCode::from(EXIT_INVALID);
    };
    match place(&ds, "--at", at) {
        Ok(at) => print_json(&snapshot_json(&ds, at, window_days)),
        Err(message) => usage(&message),
    }
}
