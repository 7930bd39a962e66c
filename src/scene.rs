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

/// Days over which states and relations fade in after they start and out
/// after they end.
pub const FADE_DAYS: f64 = 240.0;

/// Label font size in points.
pub const LABEL_SIZE: f32 = 13.0;

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
}

/// Everything to draw, in drawing order (edges, then nodes; weak edges
/// first).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Scene {
    pub nodes: Vec<NodeShape>,
    pub edges: Vec<EdgeShape>,
}

impl Scene {
    /// The world-space box holding every visible node: `[x0, y0, x1, y1]`.
    pub fn bounds(&self) -> Option<[f32; 4]> {
        crate::layout::bounds_of(self.nodes.iter().filter(|n| n.alpha > 0.05).map(|n| n.pos))
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
    pub selected_pair: Option<(StateIx, StateIx)>,
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
            selected_pair: None,
            kinds_enabled: &[],
            min_strength: 0.0,
            pins,
            shift_from: None,
        }
    }
}

/// The legend's colour swatches at `t`: each bloc some living state is drawn
/// in, then each living state with a colour of its own.
pub fn legend_swatches(ds: &Dataset, t: Time) -> Vec<(Rgba, String)> {
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
    out
}

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
        let end_of = |s: StateIx| ds.states[s].lifetime.until.map_or(f64::INFINITY, |u| u.0);
        for r in &ds.relations {
            let start = r.keys.first().map_or(f64::INFINITY, |k| k.time.0);
            let end = r
                .until
                .map_or(f64::INFINITY, |u| u.0)
                .min(end_of(r.a))
                .min(end_of(r.b));
            spans[r.pair].push((start, end));
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

    /// How visible a pair is at `t`: fading in after a start, 1 while it
    /// lasts; `None` when absent.
    pub fn fade_in(&self, pair: usize, t: Time) -> f32 {
        let Some(spans) = self.spans.get(pair) else {
            return 1.0;
        };
        spans
            .iter()
            .find(|(a, b)| t.0 >= *a && t.0 < *b)
            .map_or(1.0, |(a, _)| {
                if *a <= self.start {
                    1.0
                } else {
                    ((t.0 - a) / FADE_DAYS).clamp(0.15, 1.0) as f32
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

/// How visible a state is at `t` given its lifetime (fading in after birth
/// and out after its end).
fn life_alpha(ds: &Dataset, state: StateIx, t: Time) -> f32 {
    let life = ds.states[state].lifetime;
    if let Some(until) = life.until
        && t >= until
    {
        return (1.0 - (t.0 - until.0) / FADE_DAYS).clamp(0.0, 1.0) as f32;
    }
    match life.from {
        Some(from) if t < from => 0.0,
        // Born by the start of the timeline: nothing to fade in from.
        Some(from) if from <= ds.start => 1.0,
        Some(from) => ((t.0 - from.0) / FADE_DAYS).clamp(0.1, 1.0) as f32,
        None => 1.0,
    }
}

/// The score of a pair over the enabled kinds (weighted mean), if any kind
/// is enabled and present.
pub fn filtered_score(
    ds: &Dataset,
    snap: &Snapshot,
    pair: &crate::eval::PairAt,
    kinds_enabled: &[bool],
) -> Option<(f64, usize)> {
    let enabled = || {
        snap.kinds_of(pair)
            .iter()
            .filter(|&&(k, _)| kinds_enabled.get(k).copied().unwrap_or(true))
    };
    let score = crate::eval::weighted_mean(enabled().map(|&(k, s)| (ds.kinds[k].weight, s)))?;
    // The kind that speaks loudest (the first of equals).
    let dominant = enabled()
        .fold((0usize, -1.0f64), |best, &(k, s)| {
            if s.abs() > best.1 { (k, s.abs()) } else { best }
        })
        .0;
    Some((score, dominant))
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
    let thin = (80.0 / snap.pairs.len().max(1) as f32)
        .sqrt()
        .clamp(0.35, 1.0);
    let scored = scored_pairs(ds, snap, opts);
    let emphasis = edge_emphasis(snap, &scored, ds.states.len(), thin);
    for (k, pair) in snap.pairs.iter().enumerate() {
        let Some((score, dominant)) = scored[k] else {
            continue;
        };
        strength[pair.a] += score.abs();
        strength[pair.b] += score.abs();
        let involved = focus.is_some_and(|f| f == pair.a || f == pair.b)
            || opts.selected_pair == Some((pair.a, pair.b));
        let dimmed = (focus.is_some() || opts.selected_pair.is_some()) && !involved;
        let colour = match opts.shift_from {
            Some(before) => {
                let old = before.pair(pair.a, pair.b).map_or(0.0, |p| p.score as f32);
                theme.shift_colour(score - old)
            }
            None => theme.edge_colour(score),
        };
        let fade = presence.fade_in(pair.pair, t) * if dimmed { 0.18 } else { 1.0 };
        edges.push(EdgeShape {
            pair: pair.pair,
            a: pair.a,
            b: pair.b,
            from: pos(pair.a),
            to: pos(pair.b),
            colour: colour.fade(
                fade * (0.45 + 0.55 * score.abs()) * if involved { 1.0 } else { emphasis[k] },
            ),
            width: Theme::edge_width(score.abs()) * if involved { 1.3 } else { thin },
            dash: Dash::of_kind(dominant),
            score,
            highlighted: involved,
        });
    }
    edges.extend(ghost_edges(ds, presence, theme, t, &pos));
    // Weak edges first, highlighted last, so what matters is on top.
    edges.sort_by(|x, y| {
        (x.highlighted, x.score.abs())
            .partial_cmp(&(y.highlighted, y.score.abs()))
            .unwrap_or(std::cmp::Ordering::Equal)
    });

    // Disc size: the sum of the state's relation strengths now, relative to
    // the strongest state, and smaller when many states share the canvas.
    let max_strength = strength.iter().copied().fold(0.0f32, f32::max).max(1e-3);
    let crowd = (16.0 / snap.states.len().max(1) as f32)
        .sqrt()
        .clamp(0.35, 1.0);
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
        let in_pair = opts.selected_pair.is_some_and(|(a, b)| a == i || b == i);
        let dimmed =
            (focus.is_some() && !selected && !linked) || (opts.selected_pair.is_some() && !in_pair);
        let fill = ds.colour_at(i, t).map_or(theme.node_default, Rgba::from);
        let radius = (5.0 + 10.0 * (strength[i] / max_strength).sqrt()) * crowd;
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
                2.5
            } else if pinned {
                2.0
            } else {
                1.5
            },
            label: state.name_at(t).to_owned(),
            label_priority: radius + if selected || in_pair { 1000.0 } else { 0.0 },
            selected,
            pinned,
            alpha: alpha * if dimmed { 0.3 } else { 1.0 },
        });
    }
    Scene { nodes, edges }
}

/// Above this many relations on the canvas, ties outside each state's
/// strongest fade with the crowd.
const LOD_PAIRS: f32 = 150.0;

/// The faintest the crowd's weak ties get (a fraction of their opacity).
const LOD_MIN_FADE: f32 = 0.06;

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
            filtered_score(ds, snap, pair, opts.kinds_enabled)
                .map(|(s, k)| (s as f32, k))
                .filter(|(s, _)| s.abs() >= opts.min_strength)
        })
        .collect()
}

/// How strongly each pair's line shows (before selection): `thin` on a
/// busy canvas, and on a crowded one (level of detail) only each state's
/// strongest ties keep that; the rest fade with the crowd.
fn edge_emphasis(
    snap: &Snapshot,
    scored: &[Option<(f32, usize)>],
    n_states: usize,
    thin: f32,
) -> Vec<f32> {
    let drawn = scored.iter().filter(|s| s.is_some()).count();
    let crowded = (LOD_PAIRS / drawn.max(1) as f32).clamp(LOD_MIN_FADE, 1.0);
    strongest_ties(snap, scored, n_states)
        .into_iter()
        .map(|backbone| if backbone { thin } else { thin * crowded })
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

/// Relations that ended a moment ago, drawn as fading dotted grey lines.
fn ghost_edges(
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
                colour: theme.neutral.fade(0.6 * fade),
                width: Theme::edge_width(0.1),
                dash: Dash::Dotted,
                score: 0.0,
                highlighted: false,
            });
        }
    }
    edges
}

/// How far edges bow out of the straight line, as a fraction of their
/// length, when nothing is in the way: collinear edges then no longer run
/// through the discs between their ends.
pub const EDGE_BOW: f32 = 0.12;

/// The bows tried, in order, when an edge would cross a disc that is not one
/// of its ends: the other side, then deeper arcs.
const BOWS: [f32; 6] = [EDGE_BOW, -EDGE_BOW, 0.24, -0.24, 0.38, -0.38];

/// Clearance kept between an edge and a foreign disc, in points.
const EDGE_CLEARANCE: f32 = 1.5;

/// Edges fainter than this keep the default bow (see [`route_edges`]).
const ROUTE_MIN_ALPHA: f32 = 0.2;

/// The control point of an edge's arc (a quadratic Bézier from `a` to `b`)
/// bowing by `bow` (a signed fraction of the length). The side depends only
/// on the ends and the sign of `bow`.
pub fn arc_control(a: [f32; 2], b: [f32; 2], bow: f32) -> [f32; 2] {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    [
        f32::midpoint(a[0], b[0]) - dy * bow,
        f32::midpoint(a[1], b[1]) + dx * bow,
    ]
}

/// How many straight segments draw an arc between two points `length` apart
/// (in points) smoothly: about one every 14 points, 2 to 16.
pub fn arc_segments(a: [f32; 2], b: [f32; 2]) -> usize {
    let length = libm::hypotf(b[0] - a[0], b[1] - a[1]);
    if length.is_finite() {
        ((length / 14.0) as usize).clamp(2, 16)
    } else {
        2
    }
}

/// Points along an edge's arc, `segments + 1` of them.
pub fn arc_points(a: [f32; 2], b: [f32; 2], bow: f32, segments: usize) -> Vec<[f32; 2]> {
    let c = arc_control(a, b, bow);
    let n = segments.max(1);
    (0..=n)
        .map(|i| {
            let t = i as f32 / n as f32;
            let u = 1.0 - t;
            [
                u * u * a[0] + 2.0 * u * t * c[0] + t * t * b[0],
                u * u * a[1] + 2.0 * u * t * c[1] + t * t * b[1],
            ]
        })
        .collect()
}

/// Discs on screen in a uniform grid, to find those near a point quickly.
struct DiscGrid {
    cell: f32,
    origin: [f32; 2],
    cols: usize,
    rows: usize,
    /// Disc indices by cell, `cells[row * cols + col]`.
    cells: Vec<Vec<usize>>,
    centres: Vec<[f32; 2]>,
    radii: Vec<f32>,
}

impl DiscGrid {
    fn new(scene: &Scene, screen: &impl Fn([f32; 2]) -> [f32; 2]) -> DiscGrid {
        let centres: Vec<[f32; 2]> = scene.nodes.iter().map(|n| screen(n.pos)).collect();
        let radii: Vec<f32> = scene
            .nodes
            .iter()
            .zip(&centres)
            .map(|(n, c)| {
                let drawn = n.alpha > 0.05 && c[0].is_finite() && c[1].is_finite();
                if drawn { n.radius } else { 0.0 }
            })
            .collect();
        let cell = 2.0 * radii.iter().copied().fold(8.0f32, f32::max) + 2.0 * EDGE_CLEARANCE;
        let live = centres
            .iter()
            .zip(&radii)
            .filter(|(_, r)| **r > 0.0)
            .map(|(c, _)| *c);
        let [x0, y0, x1, y1] = crate::layout::bounds_of(live).unwrap_or([0.0; 4]);
        // At most 257 × 257 cells, however far the view is zoomed.
        let cell = cell.max((x1 - x0).max(y1 - y0) / 256.0);
        let cols = ((x1 - x0) / cell) as usize + 1;
        let rows = ((y1 - y0) / cell) as usize + 1;
        let mut cells = vec![Vec::new(); cols * rows];
        for (i, c) in centres.iter().enumerate() {
            if radii[i] > 0.0 {
                let col = ((c[0] - x0) / cell) as usize;
                let row = ((c[1] - y0) / cell) as usize;
                cells[row.min(rows - 1) * cols + col.min(cols - 1)].push(i);
            }
        }
        DiscGrid {
            cell,
            origin: [x0, y0],
            cols,
            rows,
            cells,
            centres,
            radii,
        }
    }

    /// The range of cells (inclusive) within one cell of `lo..hi` along an
    /// axis, clamped to the grid.
    fn span(&self, lo: f32, hi: f32, axis: usize, count: usize) -> Option<(usize, usize)> {
        let a = ((lo - self.origin[axis]) / self.cell).floor() - 1.0;
        let b = ((hi - self.origin[axis]) / self.cell).floor() + 1.0;
        if !a.is_finite() || !b.is_finite() || b < 0.0 || a >= count as f32 {
            return None;
        }
        Some((a.max(0.0) as usize, (b as usize).min(count - 1)))
    }

    /// The discs other than `skip` that the polyline `points` passes through
    /// (within the clearance), counted once each.
    fn crossed(&self, points: &[[f32; 2]], skip: [usize; 2], found: &mut Vec<usize>) {
        found.clear();
        for w in points.windows(2) {
            let (p, q) = (w[0], w[1]);
            let Some((c0, c1)) = self.span(p[0].min(q[0]), p[0].max(q[0]), 0, self.cols) else {
                continue;
            };
            let Some((r0, r1)) = self.span(p[1].min(q[1]), p[1].max(q[1]), 1, self.rows) else {
                continue;
            };
            for row in r0..=r1 {
                for ids in &self.cells[row * self.cols + c0..=row * self.cols + c1] {
                    for &j in ids {
                        if skip.contains(&j) || found.contains(&j) {
                            continue;
                        }
                        if point_segment_distance(self.centres[j], p, q)
                            < self.radii[j] + EDGE_CLEARANCE
                        {
                            found.push(j);
                        }
                    }
                }
            }
        }
    }
}

/// The distance from `c` to the segment from `p` to `q`.
fn point_segment_distance(c: [f32; 2], p: [f32; 2], q: [f32; 2]) -> f32 {
    let (dx, dy) = (q[0] - p[0], q[1] - p[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((c[0] - p[0]) * dx + (c[1] - p[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    libm::hypotf(c[0] - p[0] - t * dx, c[1] - p[1] - t * dy)
}

/// The bow of each edge of the scene (in scene order) on a screen mapped by
/// `screen`: [`EDGE_BOW`] unless that arc runs through a disc other than its
/// ends, then the first of a few other arcs that does not, or failing that
/// the one through the fewest. Faint edges are left as they are.
pub fn route_edges(scene: &Scene, screen: impl Fn([f32; 2]) -> [f32; 2]) -> Vec<f32> {
    let grid = DiscGrid::new(scene, &screen);
    let index: std::collections::HashMap<StateIx, usize> = scene
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.state, i))
        .collect();
    let mut found = Vec::new();
    scene
        .edges
        .iter()
        .map(|e| {
            let skip = [
                index.get(&e.a).copied().unwrap_or(usize::MAX),
                index.get(&e.b).copied().unwrap_or(usize::MAX),
            ];
            // Faint lines (the crowd's weak ties) are not worth the search.
            if e.colour.alpha() < ROUTE_MIN_ALPHA {
                return EDGE_BOW;
            }
            let (a, b) = (screen(e.from), screen(e.to));
            let segments = arc_segments(a, b);
            let mut best = (usize::MAX, EDGE_BOW);
            for bow in BOWS {
                grid.crossed(&arc_points(a, b, bow, segments), skip, &mut found);
                if found.len() < best.0 {
                    best = (found.len(), bow);
                }
                if found.is_empty() {
                    break;
                }
            }
            best.1
        })
        .collect()
}

/// How many (edge, foreign disc) crossings the scene has with these bows:
/// the figure edge routing lowers.
pub fn edge_crossings(scene: &Scene, screen: impl Fn([f32; 2]) -> [f32; 2], bows: &[f32]) -> usize {
    let grid = DiscGrid::new(scene, &screen);
    let mut found = Vec::new();
    let mut total = 0;
    for (e, &bow) in scene.edges.iter().zip(bows) {
        let skip = [
            scene
                .nodes
                .iter()
                .position(|n| n.state == e.a)
                .unwrap_or(usize::MAX),
            scene
                .nodes
                .iter()
                .position(|n| n.state == e.b)
                .unwrap_or(usize::MAX),
        ];
        let (a, b) = (screen(e.from), screen(e.to));
        grid.crossed(
            &arc_points(a, b, bow, arc_segments(a, b) * 2),
            skip,
            &mut found,
        );
        total += found.len();
    }
    total
}

/// Approximate width of a label in points (the bundled font's average
/// advance is about 0.56 em).
pub fn label_width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.56
}

/// How much farther from any other disc than from its own a label must
/// be, in points, so that it reads as its own disc's.
const LABEL_OWN_MARGIN: f32 = 4.0;

/// The distance from point `p` to the box `r` (0 inside).
fn rect_distance(r: &[f32; 4], p: [f32; 2]) -> f32 {
    let dx = (r[0] - p[0]).max(p[0] - r[2]).max(0.0);
    let dy = (r[1] - p[1]).max(p[1] - r[3]).max(0.0);
    libm::hypotf(dx, dy)
}

fn overlaps(a: &[f32; 4], b: &[f32; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Which labels to show, and where: greedy by priority, in screen space.
/// A label sits next to its own disc, nearer to it than to any other disc
/// (so it cannot be read as another state's), and overlaps no disc and no
/// label placed before it. The states in `must` (e.g. the hovered one) and
/// selected states come first and are always labelled, at the best spot
/// there is when none is free. `screen` maps a world position to points.
pub fn place_labels(
    scene: &Scene,
    screen: impl Fn([f32; 2]) -> [f32; 2],
    size: f32,
    must: &[StateIx],
) -> Vec<Option<LabelSpot>> {
    let required = |n: &NodeShape| n.selected || must.contains(&n.state);
    let mut order: Vec<usize> = (0..scene.nodes.len()).collect();
    order.sort_by(|&a, &b| {
        let (na, nb) = (&scene.nodes[a], &scene.nodes[b]);
        required(nb)
            .cmp(&required(na))
            .then(nb.label_priority.total_cmp(&na.label_priority))
            .then(a.cmp(&b))
    });
    let centres: Vec<[f32; 2]> = scene.nodes.iter().map(|n| screen(n.pos)).collect();
    let discs: Vec<[f32; 4]> = scene
        .nodes
        .iter()
        .zip(&centres)
        .map(|(n, p)| {
            [
                p[0] - n.radius,
                p[1] - n.radius,
                p[0] + n.radius,
                p[1] + n.radius,
            ]
        })
        .collect();
    let mut placed: Vec<[f32; 4]> = Vec::new();
    let mut shown = vec![None; scene.nodes.len()];
    for i in order {
        let n = &scene.nodes[i];
        if n.label.is_empty() || (n.alpha < 0.25 && !required(n)) {
            continue;
        }
        // How many discs and labels a spot would overlap, and whether it is
        // nearer its own disc than any other.
        let judge = |rect: &[f32; 4]| {
            let own = rect_distance(rect, centres[i]) - n.radius;
            let mut clashes = 0usize;
            let mut own_nearest = true;
            for (j, m) in scene.nodes.iter().enumerate() {
                if j == i || m.alpha <= 0.05 {
                    continue;
                }
                if overlaps(rect, &discs[j]) {
                    clashes += 1;
                }
                if rect_distance(rect, centres[j]) - m.radius < own + LABEL_OWN_MARGIN {
                    own_nearest = false;
                }
            }
            clashes += placed.iter().filter(|r| overlaps(rect, r)).count();
            (clashes, own_nearest)
        };
        let candidates: Vec<(LabelSpot, [f32; 4], usize, bool)> = LabelSpot::ALL
            .into_iter()
            .map(|spot| {
                let rect = label_rect_at(n, centres[i], size, spot);
                let (clashes, own) = judge(&rect);
                (spot, rect, clashes, own)
            })
            .collect();
        let free = candidates.iter().find(|c| c.2 == 0 && c.3);
        let chosen = free.or_else(|| {
            required(n).then(|| {
                // The least crowded spot, preferring one that reads as its
                // own disc's.
                candidates
                    .iter()
                    .min_by_key(|c| (!c.3, c.2))
                    .unwrap_or(&candidates[0])
            })
        });
        if let Some(&(spot, rect, _, _)) = chosen {
            placed.push(rect);
            shown[i] = Some(spot);
        }
    }
    shown
}

/// Where a label sits around its disc.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelSpot {
    Below,
    Above,
    Right,
    Left,
    BelowRight,
    BelowLeft,
    AboveRight,
    AboveLeft,
}

impl LabelSpot {
    /// In order of preference.
    pub const ALL: [LabelSpot; 8] = [
        LabelSpot::Below,
        LabelSpot::Above,
        LabelSpot::Right,
        LabelSpot::Left,
        LabelSpot::BelowRight,
        LabelSpot::BelowLeft,
        LabelSpot::AboveRight,
        LabelSpot::AboveLeft,
    ];
}

/// The box a node's label takes at `spot`: `[x0, y0, x1, y1]`.
pub fn label_rect_at(n: &NodeShape, at: [f32; 2], size: f32, spot: LabelSpot) -> [f32; 4] {
    let w = label_width(&n.label, size);
    let h = size * 1.2;
    let gap = n.radius + 2.0;
    // Diagonal spots start at the disc's 45° point.
    let diag = n.radius * std::f32::consts::FRAC_1_SQRT_2 + 1.0;
    let (x0, y0) = match spot {
        LabelSpot::Below => (at[0] - w / 2.0, at[1] + gap),
        LabelSpot::Above => (at[0] - w / 2.0, at[1] - gap - h),
        LabelSpot::Right => (at[0] + gap + 2.0, at[1] - h / 2.0),
        LabelSpot::Left => (at[0] - gap - 2.0 - w, at[1] - h / 2.0),
        LabelSpot::BelowRight => (at[0] + diag, at[1] + diag),
        LabelSpot::BelowLeft => (at[0] - diag - w, at[1] + diag),
        LabelSpot::AboveRight => (at[0] + diag, at[1] - diag - h),
        LabelSpot::AboveLeft => (at[0] - diag - w, at[1] - diag - h),
    };
    [x0, y0, x0 + w, y0 + h]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::snapshot;
    use crate::load::load_str;
    use crate::theme::ThemeKind;

    fn bundled() -> Dataset {
        load_str("b", crate::DEFAULT_DATASET).unwrap()
    }

    fn scene_at(ds: &Dataset, year: i32, opts: &SceneOptions) -> Scene {
        let snap = snapshot(ds, Time::from_ymd(year, 6, 1), 0.0);
        let positions: Vec<[f32; 2]> = (0..ds.states.len())
            .map(|i| [i as f32 * 50.0, 0.0])
            .collect();
        build(
            ds,
            &snap,
            &positions,
            &Presence::new(ds),
            &Theme::new(ThemeKind::Light),
            opts,
        )
    }

    fn opts(pins: &Pins) -> SceneOptions<'_> {
        SceneOptions::plain(pins)
    }

    #[test]
    fn a_selected_state_is_drawn_whole_on_the_day_it_is_born() {
        let ds = crate::load::load_str("bundled", crate::DEFAULT_DATASET).unwrap();
        let pins = Pins::new();
        let bgd = ds.state_index("BGD").unwrap();
        let born = ds.states[bgd].lifetime.from.unwrap();
        let snap = snapshot(&ds, born, 0.0);
        let positions = vec![[0.0, 0.0]; ds.states.len()];
        let alpha_of = |o: &SceneOptions| {
            build(
                &ds,
                &snap,
                &positions,
                &Presence::new(&ds),
                &Theme::new(ThemeKind::Light),
                o,
            )
            .nodes
            .iter()
            .find(|n| n.state == bgd)
            .map(|n| n.alpha)
        };
        let faded = alpha_of(&opts(&pins)).unwrap();
        assert!(faded < 0.5, "fading in: {faded}");
        let chosen = SceneOptions {
            selected_state: Some(bgd),
            ..opts(&pins)
        };
        assert_eq!(alpha_of(&chosen), Some(1.0));
    }

    #[test]
    fn hostile_edges_are_red_and_friendly_blue() {
        let ds = bundled();
        let pins = Pins::new();
        let scene = scene_at(&ds, 1985, &opts(&pins));
        let (pak, rus, ind) = (
            ds.state_index("PAK").unwrap(),
            ds.state_index("RUS").unwrap(),
            ds.state_index("IND").unwrap(),
        );
        let edge = |a: usize, b: usize| {
            scene
                .edges
                .iter()
                .find(|e| (e.a, e.b) == (a.min(b), a.max(b)))
                .unwrap()
        };
        let hostile = edge(pak, rus);
        assert!(hostile.score < 0.0 && hostile.colour.0[0] > hostile.colour.0[2]);
        let friendly = edge(ind, rus);
        assert!(friendly.score > 0.0 && friendly.colour.0[2] > friendly.colour.0[0]);
    }

    #[test]
    fn states_appear_with_their_lifetime_and_names_change() {
        let ds = bundled();
        let pins = Pins::new();
        let bgd = ds.state_index("BGD").unwrap();
        assert!(scene_at(&ds, 1965, &opts(&pins)).node(bgd).is_none());
        assert!(scene_at(&ds, 1975, &opts(&pins)).node(bgd).is_some());
        let rus = ds.state_index("RUS").unwrap();
        assert_eq!(
            scene_at(&ds, 1985, &opts(&pins)).node(rus).unwrap().label,
            "Soviet Union"
        );
        assert_eq!(
            scene_at(&ds, 1995, &opts(&pins)).node(rus).unwrap().label,
            "Russia"
        );
    }

    #[test]
    fn selecting_a_state_highlights_its_edges_and_dims_the_rest() {
        let ds = bundled();
        let pins = Pins::new();
        let pak = ds.state_index("PAK").unwrap();
        let o = SceneOptions {
            selected_state: Some(pak),
            ..opts(&pins)
        };
        let scene = scene_at(&ds, 1985, &o);
        assert!(
            scene
                .edges
                .iter()
                .all(|e| e.highlighted == (e.a == pak || e.b == pak))
        );
        let last = scene.edges.last().unwrap();
        assert!(last.highlighted, "highlighted edges are drawn last");
        let unrelated = ds.state_index("UKR").unwrap();
        assert!(scene_at(&ds, 1995, &o).node(unrelated).unwrap().alpha < 0.5);
    }

    #[test]
    fn filters_hide_kinds_and_weak_relations() {
        let ds = bundled();
        let pins = Pins::new();
        let all = scene_at(&ds, 1985, &opts(&pins)).edges.len();
        let strong = SceneOptions {
            min_strength: 0.6,
            ..opts(&pins)
        };
        assert!(scene_at(&ds, 1985, &strong).edges.len() < all);
        let only_economic = [false, false, true];
        let econ = SceneOptions {
            kinds_enabled: &only_economic,
            ..opts(&pins)
        };
        assert!(scene_at(&ds, 1985, &econ).edges.len() < all);
    }

    #[test]
    fn labels_never_overlap() {
        let ds = bundled();
        let pins = Pins::new();
        let mut scene = scene_at(&ds, 2000, &opts(&pins));
        // Crowd every node into a small area.
        for (i, n) in scene.nodes.iter_mut().enumerate() {
            n.pos = [(i % 3) as f32 * 8.0, (i / 3) as f32 * 8.0];
        }
        let shown = place_labels(&scene, |p| p, LABEL_SIZE, &[]);
        let rects: Vec<[f32; 4]> = scene
            .nodes
            .iter()
            .zip(&shown)
            .filter_map(|(n, s)| s.map(|spot| label_rect_at(n, n.pos, LABEL_SIZE, spot)))
            .collect();
        assert!(!rects.is_empty() && rects.len() < scene.nodes.len());
        for (i, a) in rects.iter().enumerate() {
            for b in &rects[i + 1..] {
                assert!(!(a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]));
            }
        }
    }

    #[test]
    fn states_there_from_the_start_do_not_fade_in() {
        let ds = bundled();
        let pins = Pins::new();
        let positions = vec![[0.0, 0.0]; ds.states.len()];
        let theme = Theme::new(ThemeKind::Light);
        let presence = Presence::new(&ds);
        let at = |t: Time| {
            let snap = crate::eval::snapshot(&ds, t, 0.0);
            build(&ds, &snap, &positions, &presence, &theme, &opts(&pins))
        };
        let pak = ds.state_index("PAK").unwrap();
        assert_eq!(at(ds.start).node(pak).unwrap().alpha, 1.0);
        // Bangladesh, born later, fades in.
        let born = crate::date::Date::parse("1971-03-26").unwrap().start();
        let bgd = ds.state_index("BGD").unwrap();
        assert!(at(Time(born.0 + 10.0)).node(bgd).unwrap().alpha < 0.5);
    }

    #[test]
    fn legends_list_the_colours_in_use() {
        let ds = bundled();
        let names = |year| -> Vec<String> {
            legend_swatches(&ds, Time::from_ymd(year, 6, 1))
                .into_iter()
                .map(|(_, n)| n)
                .collect()
        };
        assert!(names(1985).contains(&"Soviet bloc".to_owned()));
        let now = names(2018);
        assert!(!now.contains(&"Soviet bloc".to_owned()), "{now:?}");
        assert!(now.contains(&"Russia".to_owned()) && now.contains(&"China".to_owned()));
    }

    #[test]
    fn relations_fade_in_after_they_start() {
        let ds = bundled();
        let presence = Presence::new(&ds);
        let (bgd, ind) = (
            ds.state_index("BGD").unwrap(),
            ds.state_index("IND").unwrap(),
        );
        let p = ds.pair_index(bgd, ind).unwrap();
        let start = crate::date::Date::parse("1971-03-26").unwrap().start();
        assert!(presence.fade_in(p, Time(start.0 + 10.0)) < 0.5);
        assert_eq!(presence.fade_in(p, Time(start.0 + 2.0 * FADE_DAYS)), 1.0);
    }
}
