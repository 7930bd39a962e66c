//! When states and relations are there: the fades in after they start and
//! out after they end, computed once per dataset.

use crate::date::Time;
use crate::model::{Dataset, StateIx};

/// Days over which states and relations fade in after they start and out
/// after they end.
pub const FADE_DAYS: f64 = 240.0;

/// When each pair's relation starts and ends: sorted, disjoint intervals of
/// days, computed once per dataset for the fades.
#[derive(Clone, Debug, PartialEq)]
pub struct Presence {
    spans: Vec<Vec<(f64, f64)>>,
    /// The timeline's start: relations there from the start do not fade in.
    start: f64,
}

impl Presence {
    pub fn new(ds: &Dataset) -> Presence {
        let mut spans: Vec<Vec<(f64, f64)>> = vec![Vec::new(); ds.pairs.len()];
        let end_of = |s: StateIx| ds.states[s].lifetime.until().map_or(f64::INFINITY, |u| u.0);
        for r in &ds.relations {
            let last = end_of(r.a).min(end_of(r.b));
            spans[r.pair].extend(
                r.spans()
                    .into_iter()
                    .map(|(a, b)| (a, b.min(last)))
                    .filter(|(a, b)| a < b),
            );
        }
        for g in &ds.groups {
            let g_from = g.span.from.map_or(f64::NEG_INFINITY, |t| t.0);
            let g_until = g.span.until.map_or(f64::INFINITY, |t| t.0);
            for (i, m) in g.members.iter().enumerate() {
                for n in &g.members[i + 1..] {
                    let Some(p) = ds.pair_index(m.state, n.state) else {
                        continue;
                    };
                    let from =
                        |x: &crate::model::Member| x.span.from.map_or(f64::NEG_INFINITY, |t| t.0);
                    let until =
                        |x: &crate::model::Member| x.span.until.map_or(f64::INFINITY, |t| t.0);
                    let start = g_from.max(from(m)).max(from(n));
                    let end = g_until.min(until(m)).min(until(n));
                    if start < end {
                        spans[p].push((start, end));
                    }
                }
            }
        }
        for s in &mut spans {
            s.sort_by(|x, y| x.0.total_cmp(&y.0));
            let mut merged: Vec<(f64, f64)> = Vec::with_capacity(s.len());
            for &(a, b) in s.iter() {
                match merged.last_mut() {
                    Some(last) if a <= last.1 => last.1 = last.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            *s = merged;
        }
        Presence {
            spans,
            start: ds.start.0,
        }
    }

    /// How visible a pair is at `t`: rising from 0.15 to 1 over
    /// [`FADE_DAYS`] (or a quarter of a shorter span) after a start (not for a relation there from the
    /// timeline's start), 1 while it lasts, and 1 when it is not present
    /// (its line is then not drawn at all; see [`Presence::fading_out`]).
    pub fn fade_in(&self, pair: usize, t: Time) -> f32 {
        let Some(spans) = self.spans.get(pair) else {
            return 1.0;
        };
        spans
            .iter()
            .find(|(a, b)| t.0 >= *a && t.0 < *b)
            .map_or(1.0, |(a, b)| {
                if *a <= self.start {
                    1.0
                } else {
                    // A short relation (a dispute of a few weeks) is there
                    // in full for most of its span.
                    let fade = FADE_DAYS.min((b - a) / 4.0).max(1.0);
                    ((t.0 - a) / fade).clamp(0.15, 1.0) as f32
                }
            })
    }

    /// Pairs whose relation ended less than [`FADE_DAYS`] before `t`, with
    /// the remaining visibility.
    pub fn fading_out(&self, t: Time) -> impl Iterator<Item = (usize, f32)> + '_ {
        self.spans.iter().enumerate().filter_map(move |(p, spans)| {
            let ended = spans.iter().rev().find(|(_, b)| *b <= t.0)?.1;
            let present = spans.iter().any(|(a, b)| t.0 >= *a && t.0 < *b);
            let since = t.0 - ended;
            (!present && since < FADE_DAYS).then(|| (p, (1.0 - since / FADE_DAYS) as f32))
        })
    }
}

/// Days over which a new state fades in: two months, so a state born just
/// before the picture opens (West Germany in May 1955) is soon whole.
pub const BIRTH_FADE_DAYS: f64 = 60.0;

/// How visible a state is at `t` given its lifetime (fading in over
/// [`BIRTH_FADE_DAYS`] after birth, from a quarter, and out over
/// [`FADE_DAYS`] after its end).
pub(super) fn life_alpha(ds: &Dataset, state: StateIx, t: Time) -> f32 {
    let Some(life) = ds.states[state].lifetime.spell_at(t) else {
        return 0.0;
    };
    if let Some(until) = life.until
        && t >= until
    {
        return (1.0 - (t.0 - until.0) / FADE_DAYS).clamp(0.0, 1.0) as f32;
    }
    match life.from {
        // Born by the start of the timeline: nothing to fade in from.
        Some(from) if from <= ds.start => 1.0,
        Some(from) => ((t.0 - from.0) / BIRTH_FADE_DAYS).clamp(0.25, 1.0) as f32,
        None => 1.0,
    }
}
