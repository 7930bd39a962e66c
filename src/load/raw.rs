//! The RON file exactly as written, before validation: ids, dates and
//! colours are still strings so that the validator can point at each one.
//!
//! The struct names are the names people write in the file (`State(...)`),
//! and every struct rejects unknown fields so that a typo is an error, not a
//! silently ignored value.

use serde::Deserialize;

/// Just enough of a file to read its version before anything else.
#[derive(Deserialize)]
#[serde(rename = "Dataset")]
pub struct Probe {
    pub version: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    pub version: u32,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub start: Option<String>,
    pub end: Option<String>,
    /// The date the window opens on (a meaningful first picture).
    pub opens_at: Option<String>,
    pub kinds: Option<Vec<Kind>>,
    #[serde(default)]
    pub blocs: Vec<Bloc>,
    #[serde(default)]
    pub states: Vec<State>,
    #[serde(default)]
    pub relations: Vec<Relation>,
    #[serde(default)]
    pub groups: Vec<Group>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub eras: Vec<Era>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    pub id: String,
    pub name: Option<String>,
    pub weight: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bloc {
    pub id: String,
    pub name: Option<String>,
    pub colour: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    pub id: String,
    pub name: String,
    /// Other names people look for it by ("USSR", "UK"): Find knows them.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub bloc: Option<String>,
    pub colour: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
    /// Instead of `from`/`until`: the spells of a state that existed more
    /// than once.
    pub lifetimes: Option<Vec<Lifetime>>,
    #[serde(default)]
    pub changes: Vec<Change>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// One spell of a state's existence.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lifetime {
    pub from: Option<String>,
    pub until: Option<String>,
}

/// From `date` on, the given attributes of a state change.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub date: String,
    pub name: Option<String>,
    /// `Some("")` leaves every bloc.
    pub bloc: Option<String>,
    /// `Some("")` goes back to the bloc's colour.
    pub colour: Option<String>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub sources: Vec<String>,
}

pub use crate::model::Level;

/// The words an `interp:` may be, as written.
pub const INTERPS: [&str; 2] = ["Linear", "Step"];

#[derive(Deserialize, Clone, Copy)]
pub enum Interp {
    Linear,
    Step,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub a: String,
    pub b: String,
    pub kind: String,
    pub interp: Option<Interp>,
    pub until: Option<String>,
    #[serde(default)]
    pub keys: Vec<Key>,
    /// Scores at regular steps, beside or instead of `keys`.
    pub series: Option<Series>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// Keyframes at regular steps: `scores[i]` is the score `i` steps after
/// `from`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    pub from: String,
    pub step: String,
    pub scores: Vec<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Key {
    pub date: String,
    pub score: Option<f64>,
    pub level: Option<Level>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    pub name: Option<String>,
    pub kind: String,
    pub score: Option<f64>,
    pub level: Option<Level>,
    pub from: String,
    pub until: Option<String>,
    pub members: Vec<Member>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub state: String,
    pub from: Option<String>,
    pub until: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub date: String,
    pub title: String,
    #[serde(default)]
    pub states: Vec<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Era {
    pub name: String,
    pub from: String,
    pub until: String,
    pub colour: Option<String>,
    #[serde(default)]
    pub note: String,
}
