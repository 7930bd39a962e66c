//! The lines of relations that ended: fading after their end, or, in a
//! comparison, those the reference date had.

use super::EdgeShape;
use super::presence::{Presence, life_alpha};
use crate::date::Time;
use crate::eval::Snapshot;
use crate::model::{Dataset, StateIx};
use crate::theme::{Dash, Theme};

/// The strength a relation that just ended is drawn with (a thin line).
const GHOST_STRENGTH: f32 = 0.1;

/// Relations that ended a moment ago, drawn as fading dotted grey lines.
pub(super) fn ghost_edges(
    ds: &Dataset,
    presence: &Presence,
    theme: &Theme,
    t: Time,
    pos: &impl Fn(StateIx) -> [f32; 2],
) -> Vec<EdgeShape> {
    let mut edges = Vec::new();
    for (p, fade) in presence.fading_out(t) {
        let (a, b) = ds.pairs[p];
        if life_alpha(ds, a, t) > 0.0 && life_alpha(ds, b, t) > 0.0 {
            edges.push(EdgeShape {
                pair: p,
                a,
                b,
                from: pos(a),
                to: pos(b),
                colour: theme.neutral.fade(Theme::GHOST_ALPHA * fade),
                width: Theme::edge_width(GHOST_STRENGTH),
                dash: Dash::Dotted,
                score: 0.0,
                highlighted: false,
                new: false,
            });
        }
    }
    edges
}

/// In a comparison, the relations the reference date `before` had that
/// `now` has not (between states alive now), as dotted grey ghosts as
/// strong as they were.
pub(super) fn ended_edges(
    ds: &Dataset,
    before: &Snapshot,
    now: &Snapshot,
    theme: &Theme,
    pos: &impl Fn(StateIx) -> [f32; 2],
) -> Vec<EdgeShape> {
    let t = now.time;
    before
        .pairs
        .iter()
        .filter(|p| now.pair(p.a, p.b).is_none())
        .filter(|p| life_alpha(ds, p.a, t) > 0.0 && life_alpha(ds, p.b, t) > 0.0)
        .map(|p| EdgeShape {
            pair: p.pair,
            a: p.a,
            b: p.b,
            from: pos(p.a),
            to: pos(p.b),
            colour: theme.neutral.fade(Theme::GHOST_ALPHA),
            width: Theme::edge_width(p.score.abs() as f32),
            dash: Dash::Dotted,
            score: 0.0,
            highlighted: false,
            new: false,
        })
        .collect()
}
