//! The validated dataset: states, relations, groups, events and eras, with
//! every date already turned into [`Time`] and every id into an index.
//!
//! Only the loader builds a [`Dataset`]; everything after it can rely on the
//! invariants listed on each type (sorted keyframes, scores in [-1, 1], known
//! ids, lifetimes that end after they start).

use crate::date::{Date, Time};

/// The named levels of a relation, friendliest first: what a file may write
/// instead of a score, the score each stands for, and the word a score is
/// described by in lists and tooltips.
#[derive(serde::Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Allied,
    Friendly,
    Neutral,
    Tense,
    Hostile,
    War,
}

impl Level {
    /// Every level, friendliest first.
    pub const ALL: [Level; 6] = [
        Level::Allied,
        Level::Friendly,
        Level::Neutral,
        Level::Tense,
        Level::Hostile,
        Level::War,
    ];

    /// The levels as a file writes them.
    pub const NAMES: [&str; 6] = ["Allied", "Friendly", "Neutral", "Tense", "Hostile", "War"];

    /// The score a named level stands for.
    pub fn score(self) -> f64 {
        match self {
            Level::Allied => 0.8,
            Level::Friendly => 0.5,
            Level::Neutral => 0.0,
            Level::Tense => -0.4,
            Level::Hostile => -0.7,
            Level::War => -1.0,
        }
    }

    /// The lowest score described as this level (scores below it are the
    /// next level down): roughly halfway to the next level's score, a
    /// little towards neutral so that "friendly" and "tense" need a clear
    /// lean, and only all-out hostility (below -0.95) is "at war".
    fn lowest(self) -> f64 {
        match self {
            Level::Allied => 0.65,
            Level::Friendly => 0.3,
            Level::Neutral => -0.15,
            Level::Tense => -0.55,
            Level::Hostile => -0.95,
            Level::War => f64::NEG_INFINITY,
        }
    }

    /// The level a score is described as.
    pub fn of_score(score: f64) -> Level {
        Level::ALL
            .into_iter()
            .find(|l| match l {
                // Bounds are inclusive for the friendly levels, exclusive
                // for the hostile ones (a score of exactly -0.15 is tense).
                Level::Allied | Level::Friendly => score >= l.lowest(),
                _ => score > l.lowest(),
            })
            .unwrap_or(Level::War)
    }

    /// How a list describes this level: "allied" … "at war".
    pub fn word(self) -> &'static str {
        match self {
            Level::Allied => "allied",
            Level::Friendly => "friendly",
            Level::Neutral => "neutral",
            Level::Tense => "tense",
            Level::Hostile => "hostile",
            Level::War => "at war",
        }
    }
}

/// A short description of a score, for lists: "allied" … "at war".
pub fn describe(score: f64) -> &'static str {
    Level::of_score(score).word()
}

/// Index of a state in [`Dataset::states`].
pub type StateIx = usize;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub [u8; 3]);

impl Rgb {
    /// Parses "#rrggbb" (case-insensitive).
    pub fn parse_hex(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb([byte(0)?, byte(2)?, byte(4)?]))
    }
}

/// A value that changes at dated steps: `initial` until the first change,
/// then each change's value from its date on. Changes are sorted by time.
#[derive(Clone, Debug, PartialEq)]
pub struct Stepwise<T> {
    pub initial: T,
    pub changes: Vec<(Time, T)>,
}

impl<T> Stepwise<T> {
    /// The value in force at `t` (a change applies from its own date on).
    pub fn at(&self, t: Time) -> &T {
        let n = self.changes.partition_point(|(at, _)| *at <= t);
        match n.checked_sub(1) {
            Some(i) => &self.changes[i].1,
            None => &self.initial,
        }
    }
}

/// A span of time; `None` ends are open. `from` is included, `until` is not.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Interval {
    pub from: Option<Time>,
    pub until: Option<Time>,
}

impl Interval {
    pub fn contains(&self, t: Time) -> bool {
        self.from.is_none_or(|f| t >= f) && self.until.is_none_or(|u| t < u)
    }
}

/// When a state exists: one or more spells, sorted and disjoint (a state
/// that lost its independence and regained it, like the Baltic states, has
/// two). Never empty.
#[derive(Clone, Debug, PartialEq)]
pub struct Lifetime {
    spells: Vec<Interval>,
}

impl Default for Lifetime {
    fn default() -> Lifetime {
        Lifetime {
            spells: vec![Interval::default()],
        }
    }
}

impl From<Interval> for Lifetime {
    fn from(spell: Interval) -> Lifetime {
        Lifetime {
            spells: vec![spell],
        }
    }
}

impl Lifetime {
    /// A lifetime of the given spells, which must be non-empty, sorted and
    /// disjoint (the loader checks it): `None` otherwise.
    pub fn of_spells(spells: Vec<Interval>) -> Option<Lifetime> {
        let ordered = spells.windows(2).all(|w| match (w[0].until, w[1].from) {
            (Some(u), Some(f)) => u <= f,
            _ => false,
        });
        (!spells.is_empty() && ordered).then_some(Lifetime { spells })
    }

    pub fn spells(&self) -> &[Interval] {
        &self.spells
    }

    /// Whether the state exists at `t`.
    pub fn contains(&self, t: Time) -> bool {
        self.spells.iter().any(|s| s.contains(t))
    }

    /// When the state first exists (`None`: from the beginning).
    pub fn from(&self) -> Option<Time> {
        self.spells.first().and_then(|s| s.from)
    }

    /// When the state last ceases to exist (`None`: it still exists).
    pub fn until(&self) -> Option<Time> {
        self.spells.last().and_then(|s| s.until)
    }

    /// Where a spell ends and a later one follows (the start of each gap).
    pub fn gaps(&self) -> impl Iterator<Item = Time> + '_ {
        let n = self.spells.len();
        self.spells[..n.saturating_sub(1)]
            .iter()
            .filter_map(|s| s.until)
    }

    /// The spell that holds `t`, else the last one that ended before it.
    pub fn spell_at(&self, t: Time) -> Option<&Interval> {
        let n = self
            .spells
            .partition_point(|s| s.from.is_none_or(|f| f <= t));
        n.checked_sub(1).map(|i| &self.spells[i])
    }
}

/// The smallest weight a kind may have.
pub const MIN_WEIGHT: f64 = 0.001;
/// The largest weight a kind may have (with [`MIN_WEIGHT`], a range of a
/// million to one: enough to make a kind count for almost nothing, small
/// enough that the weighted mean never overflows or underflows).
pub const MAX_WEIGHT: f64 = 1000.0;

/// A relation kind (diplomatic, military, …) and its weight in the aggregate.
#[derive(Clone, Debug, PartialEq)]
pub struct Kind {
    pub id: String,
    pub name: String,
    /// Weight of this kind in the aggregate score, in
    /// [`MIN_WEIGHT`, `MAX_WEIGHT`].
    pub weight: f64,
}

impl Kind {
    /// The name of a kind whose file gives none: its id, capitalised.
    pub fn default_name(id: &str) -> String {
        let mut chars = id.chars();
        chars
            .next()
            .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
    }
}

/// A bloc that states can belong to, which gives them their colour.
#[derive(Clone, Debug, PartialEq)]
pub struct Bloc {
    pub id: String,
    pub name: String,
    pub colour: Rgb,
}

/// A state: one identity over time whose name, bloc and colour may change.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub id: String,
    pub names: Stepwise<String>,
    /// Other names people look for it by (abbreviations, common names).
    pub aliases: Vec<String>,
    /// Index into [`Dataset::blocs`], if in one.
    pub blocs: Stepwise<Option<usize>>,
    /// An explicit colour that overrides the bloc's colour.
    pub colours: Stepwise<Option<Rgb>>,
    pub lifetime: Lifetime,
    pub note: String,
    pub sources: Vec<String>,
    /// What the file says about each change (name, bloc, colour), by date.
    pub history: Vec<Dated>,
}

/// A dated note with its sources.
#[derive(Clone, Debug, PartialEq)]
pub struct Dated {
    pub time: Time,
    pub note: String,
    pub sources: Vec<String>,
}

impl State {
    pub fn name_at(&self, t: Time) -> &str {
        self.names.at(t)
    }
}

/// How a relation's score moves between two keyframes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Interp {
    /// Straight line from one keyframe's score to the next.
    #[default]
    Linear,
    /// Keep a keyframe's score until the next keyframe.
    Step,
}

/// One dated score of a relation, with what backs it.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyframe {
    pub time: Time,
    pub date: Date,
    /// In [-1, 1]: hostile … allied.
    pub score: f64,
    pub note: String,
    pub sources: Vec<String>,
}

/// A relation of one kind between two different states. `a < b`; keyframes
/// are strictly increasing in time and non-empty.
#[derive(Clone, Debug, PartialEq)]
pub struct Relation {
    pub a: StateIx,
    pub b: StateIx,
    pub kind: usize,
    pub interp: Interp,
    pub keys: Vec<Keyframe>,
    /// The relation ends here, if given (after its last keyframe).
    pub until: Option<Time>,
    /// What the relation as a whole is (e.g. how an imported score was made).
    pub note: String,
    /// What backs the relation as a whole (a keyframe without sources of its
    /// own, such as one of a series, is backed by these).
    pub sources: Vec<String>,
    /// Where one of its states' spells ends and a later one follows: no
    /// keyframe's value is held across such a gap (sorted).
    pub breaks: Vec<Time>,
    /// Index into [`Dataset::pairs`].
    pub pair: usize,
}

impl Relation {
    /// What a keyframe says: its own note, else the relation's.
    pub fn note_for<'r>(&'r self, key: &'r Keyframe) -> &'r str {
        if key.note.is_empty() {
            &self.note
        } else {
            &key.note
        }
    }

    /// What backs a keyframe: its own sources, else the relation's.
    pub fn sources_for<'r>(&'r self, key: &'r Keyframe) -> &'r [String] {
        if key.sources.is_empty() {
            &self.sources
        } else {
            &key.sources
        }
    }

    /// Whether a state's spell ends after `from` and by `to`: a value set at
    /// `from` is not held to `to`.
    pub fn broken_between(&self, from: Time, to: Time) -> bool {
        let i = self.breaks.partition_point(|b| *b <= from);
        self.breaks.get(i).is_some_and(|b| *b <= to)
    }

    /// The spans (in days) in which the relation is in force, ignoring its
    /// states' final ends: from its first keyframe, cut at each break and
    /// resumed at the next keyframe after it, until `until`.
    pub fn spans(&self) -> Vec<(f64, f64)> {
        let end = self.until.map_or(f64::INFINITY, |u| u.0);
        let mut out = Vec::new();
        let mut start = self.keys.first().map(|k| k.time.0);
        for b in &self.breaks {
            let Some(s) = start else { break };
            if b.0 <= s {
                continue;
            }
            out.push((s, b.0.min(end)));
            start = self.keys.iter().map(|k| k.time.0).find(|t| *t >= b.0);
        }
        if let Some(s) = start.filter(|s| *s < end) {
            out.push((s, end));
        }
        out
    }
}

/// A state's membership of a group over an interval.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub state: StateIx,
    pub span: Interval,
}

/// An alliance or organisation. While two states are both members, they have
/// an implied relation of `kind` with `score`.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub kind: usize,
    pub score: f64,
    pub span: Interval,
    pub members: Vec<Member>,
    pub note: String,
    pub sources: Vec<String>,
}

/// Something that happened on a date.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub time: Time,
    pub date: Date,
    pub title: String,
    pub states: Vec<StateIx>,
    pub description: String,
    pub kind: String,
    pub sources: Vec<String>,
}

/// A named span drawn as a band on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Era {
    pub name: String,
    pub from: Time,
    pub until: Time,
    pub colour: Option<Rgb>,
    pub note: String,
}

/// A written date placed in the data's span ([`Dataset::place`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placed {
    /// The time to show.
    pub time: Time,
    /// Whether the date's first day lay outside the span and was moved to
    /// the span's first or last day.
    pub moved: bool,
}

/// The unordered pairs among `n` states (saturating, never overflowing).
pub fn pairs_among(n: usize) -> usize {
    n.saturating_mul(n.saturating_sub(1)) / 2
}

/// A whole validated dataset. Events are sorted by time; `pairs` lists every
/// unordered pair `(a, b)`, `a < b`, that any relation or group can link,
/// sorted.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    pub title: String,
    pub description: String,
    pub start: Time,
    pub end: Time,
    /// The date the window opens on: as the file says, else the first
    /// date with a relation (inside the span).
    pub opens_at: Time,
    pub kinds: Vec<Kind>,
    pub blocs: Vec<Bloc>,
    pub states: Vec<State>,
    pub relations: Vec<Relation>,
    pub groups: Vec<Group>,
    pub events: Vec<Event>,
    pub eras: Vec<Era>,
    pub pairs: Vec<(StateIx, StateIx)>,
}

impl Dataset {
    /// The index of a state by id.
    pub fn state_index(&self, id: &str) -> Option<StateIx> {
        self.states.iter().position(|s| s.id == id)
    }

    /// The index into [`Dataset::pairs`] of an unordered pair.
    pub fn pair_index(&self, a: StateIx, b: StateIx) -> Option<usize> {
        let key = if a < b { (a, b) } else { (b, a) };
        self.pairs.binary_search(&key).ok()
    }

    /// `t` moved into the data's span (its first or last day if outside).
    pub fn clamp(&self, t: Time) -> Time {
        Time(t.0.clamp(self.start.0, self.end.0))
    }

    /// The date a pointer or a slider at `t` means: the first day of the
    /// nearest month, so that the date on screen is the date `--at
    /// YYYY-MM` means (the nearest day when the data spans less than two
    /// years, where months are too coarse), inside the span.
    pub fn date_near(&self, t: Time) -> Time {
        let short = self.end.0 - self.start.0 < 2.0 * crate::date::DAYS_PER_YEAR;
        let snapped = if short {
            Time(t.0.round())
        } else {
            t.nearest_month_start()
        };
        self.clamp(snapped)
    }

    /// The time a written date stands for in this data: its first day; or,
    /// when the period it names ("1947", "1947-08") overlaps the span but
    /// starts before it, the span's first day. `None` when the period lies
    /// wholly before or after the span. Every command that takes a date
    /// places it here, so that they all agree.
    pub fn place(&self, date: Date) -> Option<Placed> {
        self.place_span(date, date).map(|(from, _)| from)
    }

    /// The times a span written as two dates stands for: from the first
    /// day of `from` to the first day of `to`, each moved into the data's
    /// span if outside it. `None` when the whole period (from the start of
    /// `from` to the end of `to`) misses the span.
    pub fn place_span(&self, from: Date, to: Date) -> Option<(Placed, Placed)> {
        if from.start() > self.end || to.end() <= self.start {
            return None;
        }
        let placed = |t: Time| Placed {
            time: self.clamp(t),
            moved: self.clamp(t) != t,
        };
        Some((placed(from.start()), placed(to.start())))
    }

    /// The colour a state has at `t`: its own, else its bloc's, else none.
    pub fn colour_at(&self, state: StateIx, t: Time) -> Option<Rgb> {
        let s = &self.states[state];
        s.colours
            .at(t)
            .or_else(|| s.blocs.at(t).map(|b| self.blocs[b].colour))
    }
}

#[cfg(test)]
mod tests;
