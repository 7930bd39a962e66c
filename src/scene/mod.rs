//! What to draw at a date, independent of how it is drawn: discs, edges and
//! labels in world coordinates, with colours from the theme. The window's
//! canvas paints a [`Scene`]; the exporter writes the same scene to SVG/PNG,
//! so screen and file show the same picture by construction.
//!
//! Sizes (node radius, edge width, label size) are in points, not world
//! units: nodes keep their size when the view zooms.

use crate::date::Time;
use crate::eval::Snapshot;
use crate::layout::Pins;
use crate::model::{Dataset, StateIx};
use crate::theme::{Dash, Rgba, Theme};

mod edges;
mod enemies;
mod ghosts;
mod labels;
mod presence;
mod room;
#[cfg(test)]
mod tests;

pub use edges::*;
pub use enemies::{CLEAR_SCORE, ENMITY_SCORE};
use ghosts::{ended_edges, ghost_edges};
pub use labels::*;
use presence::life_alpha;
pub use presence::{FADE_DAYS, Presence};
pub use room::{Fit, Frame, fit_related, follow_discs, make_room, network_area, related_bounds};

/// A disc for a state.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeShape {
    pub state: StateIx,
    pub pos: [f32; 2],
    pub radius: f32,
    pub fill: Rgba,
    pub stroke: Rgba,
    pub stroke_width: f32,
    pub label: String,
    /// Higher labels win when labels would overlap.
    pub label_priority: f32,
    pub selected: bool,
    pub pinned: bool,
    /// 0 (invisible) … 1, combining lifetime fades and dimming.
    pub alpha: f32,
    /// Whether it has a relation shown at the date (states with none are
    /// set aside: see [`make_room`]).
    pub related: bool,
    /// Set aside in the rows of the unrelated (by [`make_room`]): its name
    /// goes to its right, as in a list.
    pub aside: bool,
}

/// A line for a linked pair.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeShape {
    pub pair: usize,
    pub a: StateIx,
    pub b: StateIx,
    pub from: [f32; 2],
    pub to: [f32; 2],
    pub colour: Rgba,
    pub width: f32,
    pub dash: Dash,
    /// The aggregate score over the enabled kinds.
    pub score: f32,
    pub highlighted: bool,
    /// In a comparison, a relation the reference date did not have: drawn
    /// with a dot at its middle.
    pub new: bool,
}

/// Everything to draw, in drawing order (edges, then nodes; weak edges
/// first).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Scene {
    pub nodes: Vec<NodeShape>,
    pub edges: Vec<EdgeShape>,
    /// A selected triangle, shaded under everything: its corners (world)
    /// and colour.
    pub shade: Option<([[f32; 2]; 3], Rgba)>,
    /// Every related pair over the kinds shown and at the minimum strength
    /// or more, drawn or not (the level of detail leaves weak lines out):
    /// its states and aggregate score. The room step keeps enemies apart by
    /// them, and a figure's readability is measured by them.
    pub ties: Vec<(StateIx, StateIx, f32)>,
}

impl Scene {
    /// The world-space box holding every visible node: `[x0, y0, x1, y1]`.
    pub fn bounds(&self) -> Option<[f32; 4]> {
        crate::layout::bounds_of(
            self.nodes
                .iter()
                .filter(|n| n.alpha > VISIBLE_ALPHA)
                .map(|n| n.pos),
        )
    }

    /// The node drawn for a state, if any.
    pub fn node(&self, state: StateIx) -> Option<&NodeShape> {
        self.nodes.iter().find(|n| n.state == state)
    }
}

/// What the user chose to see.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneOptions<'a> {
    pub selected_state: Option<StateIx>,
    /// A selected pair or triangle: the ties among these states stand out,
    /// the rest dims (empty: none).
    pub selected_group: &'a [StateIx],
    /// Per kind: shown or not. Missing entries count as shown.
    pub kinds_enabled: &'a [bool],
    /// Relations weaker than this (|score|) are hidden.
    pub min_strength: f32,
    pub pins: &'a Pins,
    /// Compare with the network at this date instead of colouring by score.
    pub shift_from: Option<&'a Snapshot<'a>>,
}

impl<'a> SceneOptions<'a> {
    /// Everything shown, nothing selected: what figures draw.
    pub fn plain(pins: &'a Pins) -> SceneOptions<'a> {
        SceneOptions {
            selected_state: None,
            selected_group: &[],
            kinds_enabled: &[],
            min_strength: 0.0,
            pins,
            shift_from: None,
        }
    }
}

/// The colour scale of the lines as a legend shows it: by score, or, when
/// comparing with another date, by change.
pub struct ColourKey {
    /// What the bar shows, e.g. "Relation" or "Change since June 1985".
    pub heading: String,
    /// The words under its left end, its middle and its right end.
    pub words: [&'static str; 3],
    compare: bool,
}

impl ColourKey {
    /// The key of a picture compared with `compare`, if any.
    pub fn new(compare: Option<Time>) -> ColourKey {
        match compare {
            Some(from) => ColourKey {
                heading: format!("Change since {}", crate::date::spoken(from)),
                words: ["worse", "no change", "better"],
                compare: true,
            },
            None => ColourKey {
                heading: "Relation".to_owned(),
                words: ["hostile", "neutral", "allied"],
                compare: false,
            },
        }
    }

    /// The colour at `s` in [-1, 1] along the bar.
    pub fn colour(&self, theme: &Theme, s: f32) -> Rgba {
        if self.compare {
            theme.shift_colour(2.0 * s)
        } else {
            theme.edge_colour(s)
        }
    }

    /// What else the lines say, when comparing.
    pub fn note(&self) -> Option<&'static str> {
        self.compare
            .then_some("Dotted grey: a relation that ended since. A dot: a new one.")
    }
}

/// The legend's colour swatches at `t`: each bloc some living state is drawn
/// in, then each living state with a colour of its own, then the grey of
/// states in no bloc, if any is drawn so.
pub fn legend_swatches(ds: &Dataset, t: Time, theme: &Theme) -> Vec<(Rgba, String)> {
    let alive = |s: &&crate::model::State| s.lifetime.contains(t);
    let mut out: Vec<(Rgba, String)> = ds
        .blocs
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            ds.states
                .iter()
                .filter(alive)
                .any(|s| *s.blocs.at(t) == Some(*i) && s.colours.at(t).is_none())
        })
        .map(|(_, b)| (Rgba::from(b.colour), b.name.clone()))
        .collect();
    out.extend(ds.states.iter().filter(alive).filter_map(|s| {
        s.colours
            .at(t)
            .map(|c| (Rgba::from(c), s.name_at(t).to_owned()))
    }));
    let states = ds.states.iter().enumerate();
    if states
        .filter(|(_, s)| alive(s))
        .any(|(i, _)| ds.colour_at(i, t).is_none())
    {
        out.push((theme.node_default, "No bloc".to_owned()));
    }
    out
}

/// Builds the scene at the snapshot's date from the positions of every
/// state (indexed by state).
pub fn build(
    ds: &Dataset,
    snap: &Snapshot,
    positions: &[[f32; 2]],
    presence: &Presence,
    theme: &Theme,
    opts: &SceneOptions,
) -> Scene {
    let t = snap.time;
    let pos = |s: StateIx| positions.get(s).copied().unwrap_or([0.0, 0.0]);
    let focus = opts.selected_state;
    let mut strength = vec![0.0f32; ds.states.len()];
    let mut edges = Vec::with_capacity(snap.pairs.len());
    // Many relations on one canvas: thinner and fainter lines, so that the
    // strong ones still stand out of the crowd.
    let thin = (BUSY_PAIRS / snap.pairs.len().max(1) as f32)
        .sqrt()
        .clamp(MIN_SHRINK, 1.0);
    let scored = scored_pairs(ds, snap, opts);
    // Compared with another date: each pair's score then (0 if unrelated).
    let before: Option<Vec<f32>> = opts.shift_from.map(|before| {
        snap.pairs
            .iter()
            .map(|pair| {
                before
                    .pair(pair.a, pair.b)
                    .and_then(|p| before.score_over(ds, p, opts.kinds_enabled))
                    .map_or(0.0, |(s, _)| s as f32)
            })
            .collect()
    });
    // What the level of detail keeps first: the strongest ties, or when
    // comparing the largest changes.
    let weight: Vec<f32> = scored
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let score = s.map_or(0.0, |(score, _)| score);
            before
                .as_ref()
                .map_or(score.abs(), |b| (score - b[k]).abs())
        })
        .collect();
    let emphasis = edge_emphasis(snap, &scored, &weight, ds.states.len(), thin);
    for (k, pair) in snap.pairs.iter().enumerate() {
        let Some((score, dominant)) = scored[k] else {
            continue;
        };
        strength[pair.a] += score.abs();
        strength[pair.b] += score.abs();
        let involved = focus.is_some_and(|f| f == pair.a || f == pair.b)
            || (opts.selected_group.contains(&pair.a) && opts.selected_group.contains(&pair.b));
        if emphasis[k] == 0.0 && !involved {
            continue;
        }
        let dimmed = (focus.is_some() || !opts.selected_group.is_empty()) && !involved;
        let colour = match &before {
            // Over the same kinds as now.
            Some(old) => theme.shift_colour(score - old[k]),
            None => theme.edge_colour(score),
        };
        let fade = presence.fade_in(pair.pair, t) * if dimmed { Theme::DIMMED_EDGE } else { 1.0 };
        edges.push(EdgeShape {
            pair: pair.pair,
            a: pair.a,
            b: pair.b,
            from: pos(pair.a),
            to: pos(pair.b),
            colour: colour.fade(
                fade * Theme::edge_alpha(score.abs()) * if involved { 1.0 } else { emphasis[k] },
            ),
            width: Theme::edge_width(score.abs())
                * if involved {
                    Theme::HIGHLIGHT_WIDEN
                } else {
                    thin
                },
            dash: Dash::of_kind(dominant),
            score,
            highlighted: involved,
            new: opts
                .shift_from
                .is_some_and(|before| before.pair(pair.a, pair.b).is_none()),
        });
    }
    match opts.shift_from {
        // Compared with another date: the relations it had that ended.
        Some(before) => edges.extend(ended_edges(ds, before, snap, theme, &pos)),
        None => edges.extend(ghost_edges(ds, presence, theme, t, &pos)),
    }
    // Weak edges first, highlighted last, so what matters is on top.
    edges.sort_by(|x, y| {
        (x.highlighted, x.score.abs())
            .partial_cmp(&(y.highlighted, y.score.abs()))
            .unwrap_or(std::cmp::Ordering::Equal)
    });

    let nodes = discs(ds, snap, &strength, &pos, theme, opts);
    let shade = match opts.selected_group {
        &[a, b, c] => Some(([pos(a), pos(b), pos(c)], theme.selection.fade(SHADE_ALPHA))),
        _ => None,
    };
    let ties = snap
        .pairs
        .iter()
        .zip(&scored)
        .filter_map(|(pair, s)| s.map(|(score, _)| (pair.a, pair.b, score)))
        .collect();
    Scene {
        nodes,
        edges,
        shade,
        ties,
    }
}

/// The disc of every state alive (or fading) at the snapshot's date. Disc
/// size: the sum of the state's relation strengths (`strength`, by state)
/// relative to the strongest state, and smaller when many states share the
/// canvas.
fn discs(
    ds: &Dataset,
    snap: &Snapshot,
    strength: &[f32],
    pos: &impl Fn(StateIx) -> [f32; 2],
    theme: &Theme,
    opts: &SceneOptions,
) -> Vec<NodeShape> {
    let max_strength = strength.iter().copied().fold(0.0f32, f32::max).max(1e-3);
    let crowd = (CROWDED_STATES / snap.states.len().max(1) as f32)
        .sqrt()
        .clamp(MIN_SHRINK, 1.0);
    let t = snap.time;
    let focus = opts.selected_state;
    let mut nodes = Vec::new();
    for (i, state) in ds.states.iter().enumerate() {
        let selected = focus == Some(i);
        // A selected state is drawn whole from its first day (found with
        // search on the day it was born, it must be seen).
        let alpha = match life_alpha(ds, i, t) {
            a if a > 0.0 && selected && ds.states[i].lifetime.contains(t) => 1.0,
            a => a,
        };
        if alpha <= 0.0 {
            continue;
        }
        let linked = focus.is_some_and(|f| snap.pair(f, i).is_some());
        let in_pair = opts.selected_group.contains(&i);
        let dimmed = (focus.is_some() && !selected && !linked)
            || (!opts.selected_group.is_empty() && !in_pair);
        let fill = ds.colour_at(i, t).map_or(theme.node_default, Rgba::from);
        // Never smaller than MIN_RADIUS (to see and to hit); a crowd
        // narrows the range above it.
        let radius = MIN_RADIUS + RADIUS_RANGE * crowd * (strength[i] / max_strength).sqrt();
        let pinned = opts.pins.contains_key(&i);
        nodes.push(NodeShape {
            state: i,
            pos: pos(i),
            radius,
            fill,
            stroke: if selected || in_pair {
                theme.selection
            } else if pinned {
                theme.pinned
            } else {
                theme.node_stroke
            },
            stroke_width: if selected || in_pair {
                Theme::SELECTED_STROKE
            } else if pinned {
                Theme::PINNED_STROKE
            } else {
                Theme::NODE_STROKE
            },
            label: state.name_at(t).to_owned(),
            label_priority: radius
                + if selected || in_pair {
                    SELECTED_LABEL_FIRST
                } else if linked {
                    LINKED_LABEL_NEXT
                } else {
                    0.0
                },
            selected,
            pinned,
            alpha: alpha * if dimmed { Theme::DIMMED_NODE } else { 1.0 },
            related: strength[i] > 0.0,
            aside: false,
        });
    }
    nodes
}

/// Below this opacity a disc counts as not drawn: it takes no room in the
/// view, in labels' or edges' way, nor in the keyboard's order (a state
/// fading in or out is a faint ghost until then).
pub const VISIBLE_ALPHA: f32 = 0.05;

/// Up to this many relations on the canvas, lines have their full width
/// and opacity; above it they thin as 1/√n (80 is where the bundled story's
/// busiest years started to look like a hairball).
const BUSY_PAIRS: f32 = 80.0;

/// Up to this many states, discs have their full range of sizes; above it
/// the range shrinks as 1/√n, so a world of 200 states does not cover its
/// own canvas (the smallest disc keeps its size).
const CROWDED_STATES: f32 = 16.0;

/// The most lines and discs shrink on a crowded canvas (below about a third
/// they stop being legible).
const MIN_SHRINK: f32 = 0.35;

/// A disc's radius in points: the least (a state with no relation: about
/// the least a reader sees and a pointer hits) and how much more the
/// strongest state gets, on an uncrowded canvas.
const MIN_RADIUS: f32 = 5.0;
const RADIUS_RANGE: f32 = 10.0;

/// The opacity of a selected triangle's shading: enough to find it, faint
/// enough to read the lines over it.
const SHADE_ALPHA: f32 = 0.12;

/// Added to a selected state's label priority so that it wins over any
/// radius.
const SELECTED_LABEL_FIRST: f32 = 1000.0;

/// Added to the label priority of the states related to the selected one:
/// after it, before the rest (its highlighted neighbours are named).
const LINKED_LABEL_NEXT: f32 = 500.0;

/// Above this many relations on the canvas, ties outside each state's
/// strongest fade with the crowd.
const LOD_PAIRS: f32 = 150.0;

/// The faintest the crowd's weak ties get (a fraction of their opacity).
const LOD_MIN_FADE: f32 = 0.06;

/// The most ties outside the states' strongest that are drawn (the
/// strongest of them): a dense world relates every pair, and 18,000 lines
/// at a few percent opacity cost a frame's time to draw and add only a
/// haze. The selection's ties are drawn whatever the budget.
const CROWD_BUDGET: usize = 1500;

/// How many of each state's strongest friendly and hostile ties always
/// show in full: friends give a crowded picture its structure, so more of
/// them.
const BACKBONE_FRIENDS: usize = 2;
const BACKBONE_RIVALS: usize = 1;

/// Each pair's score and dominant kind over the enabled kinds, or `None`
/// when it is not drawn (no enabled kind, or weaker than the minimum).
fn scored_pairs(ds: &Dataset, snap: &Snapshot, opts: &SceneOptions) -> Vec<Option<(f32, usize)>> {
    snap.pairs
        .iter()
        .map(|pair| {
            snap.score_over(ds, pair, opts.kinds_enabled)
                .map(|(s, k)| (s as f32, k))
                .filter(|(s, _)| s.abs() >= opts.min_strength)
        })
        .collect()
}

/// How strongly each pair's line shows (before selection): `thin` on a
/// busy canvas, and on a crowded one (level of detail) only each state's
/// strongest ties keep that; the rest fade with the crowd, and beyond
/// [`CROWD_BUDGET`] those of least `weight` (strength, or change when
/// comparing) get 0 (not drawn).
fn edge_emphasis(
    snap: &Snapshot,
    scored: &[Option<(f32, usize)>],
    weight: &[f32],
    n_states: usize,
    thin: f32,
) -> Vec<f32> {
    let drawn = scored.iter().filter(|s| s.is_some()).count();
    let crowded = (LOD_PAIRS / drawn.max(1) as f32).clamp(LOD_MIN_FADE, 1.0);
    let backbone = strongest_ties(snap, scored, n_states);
    // Beyond the budget, the crowd's weakest ties are left out.
    let mut crowd: Vec<(f32, usize)> = scored
        .iter()
        .enumerate()
        .filter(|(k, s)| s.is_some() && !backbone[*k])
        .map(|(k, _)| (weight[k], k))
        .collect();
    let mut left_out = vec![false; scored.len()];
    if crowd.len() > CROWD_BUDGET {
        crowd.select_nth_unstable_by(CROWD_BUDGET, |x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        for &(_, k) in &crowd[CROWD_BUDGET..] {
            left_out[k] = true;
        }
    }
    backbone
        .into_iter()
        .zip(left_out)
        .map(|(backbone, out)| match (backbone, out) {
            (true, _) => thin,
            (false, true) => 0.0,
            (false, false) => thin * crowded,
        })
        .collect()
}

/// For each pair of the snapshot: whether it is among the
/// [`BACKBONE_FRIENDS`] strongest friendly or the [`BACKBONE_RIVALS`]
/// strongest hostile ties of either of its states.
fn strongest_ties(snap: &Snapshot, scored: &[Option<(f32, usize)>], n_states: usize) -> Vec<bool> {
    let mut by_state: Vec<Vec<(f32, usize)>> = vec![Vec::new(); n_states];
    for (k, pair) in snap.pairs.iter().enumerate() {
        if let Some((score, _)) = scored[k] {
            for s in [pair.a, pair.b] {
                if let Some(list) = by_state.get_mut(s) {
                    list.push((score, k));
                }
            }
        }
    }
    let mut out = vec![false; snap.pairs.len()];
    for list in &mut by_state {
        list.sort_by(|x, y| y.0.abs().total_cmp(&x.0.abs()).then(x.1.cmp(&y.1)));
        let friends = list.iter().filter(|(s, _)| *s > 0.0).take(BACKBONE_FRIENDS);
        let rivals = list.iter().filter(|(s, _)| *s < 0.0).take(BACKBONE_RIVALS);
        for &(_, k) in friends.chain(rivals) {
            out[k] = true;
        }
    }
    out
}
