//! Room for every disc and its name, in screen space, for the canvas and
//! the figures alike.
//!
//! The layout puts allies near each other and rivals apart; at world scale
//! that packs an alliance of thirty states into a knot no name fits in,
//! and the states with no relation at all drift to the rim and set the
//! picture's scale. Before a scene is drawn, [`make_room`] therefore:
//!
//! 1. sets the states with no relation aside, in a row along the bottom
//!    of the area, in alphabetical order (they take no part in the fit);
//! 2. fits the related states into the rest of the area (the frame's
//!    aspect: a wide figure gets a wide network);
//! 3. evens a world out: each coordinate part of the way towards where its
//!    rank puts it, so a knot of allies gets room;
//! 4. sets enemies apart where they are nearer than friends are (1.25×
//!    the median friendly pair; the smaller of the two leaves the cluster
//!    they share: [`super::enemies`]);
//! 5. moves related states apart, as little as it can, until no two of
//!    them overlap, each counting as its disc and its name below it (as
//!    Gephi's Noverlap and Label Adjust do): an alliance stays a cluster,
//!    now of readable discs; then step 4 again against the distances as
//!    drawn, and step 5 once more if anything moved.
//!
//! The moves are in points, so they depend on the frame: zooming in the
//! window gives clusters room of their own, and the moves shrink to
//! nothing. Deterministic: the same scene and frame give the same bits.

use super::enemies::enemies_apart;
use super::{LABEL_SIZE, NodeShape, Scene, VISIBLE_ALPHA, label_width};

/// Space kept between two discs' boxes, in points: across (more than a
/// word space, so that two names side by side do not read as one), and
/// down (a name under a disc must stay nearer its own disc than the one
/// below it, with a margin, to read as its own).
const PAD: [f32; 2] = [10.0, 9.0];

/// The most rounds of pushing overlapping boxes apart (each round moves
/// the two boxes of every overlap it finds apart by the whole overlap; a
/// knot of thirty loosens in a few dozen; a crowd that cannot be resolved
/// stops sooner, see [`STALLED_ROUNDS`]).
const ROUNDS: usize = 600;

/// The height of a row of states with no relation, in points: a disc and
/// its name beside it.
pub(super) const ASIDE_ROW: f32 = 25.0;

/// Space between two states in a row of the unrelated, and above the rows,
/// in points.
const ASIDE_GAP: f32 = 14.0;

/// Where the network goes: the area (in points) its discs and names stay
/// inside, and whether names are drawn (they then take room too).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub area: [f32; 4],
    pub labels: bool,
    /// A box inside the area no disc or name may cover (a figure's
    /// legend).
    pub keep_out: Option<[f32; 4]>,
}

/// The world-to-screen map that shows the related states of `scene`
/// whole in `area` (the row of the unrelated left out): the zoom and the
/// world point at the area's centre. `None` when nothing related is drawn.
pub fn fit_related(scene: &Scene, area: [f32; 4]) -> Option<Fit> {
    Some(Fit::of(related_bounds(scene)?, area))
}

/// A uniform map from world coordinates to points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    pub zoom: f32,
    pub world_centre: [f32; 2],
    pub screen_centre: [f32; 2],
}

impl Fit {
    /// The map that shows the world box `bounds` whole in `area`,
    /// centred, at the largest scale that fits.
    pub fn of(bounds: [f32; 4], area: [f32; 4]) -> Fit {
        let (bw, bh) = (
            (bounds[2] - bounds[0]).max(1.0),
            (bounds[3] - bounds[1]).max(1.0),
        );
        let (aw, ah) = ((area[2] - area[0]).max(10.0), (area[3] - area[1]).max(10.0));
        Fit {
            zoom: (aw / bw).min(ah / bh),
            world_centre: [
                f32::midpoint(bounds[0], bounds[2]),
                f32::midpoint(bounds[1], bounds[3]),
            ],
            screen_centre: [
                f32::midpoint(area[0], area[2]),
                f32::midpoint(area[1], area[3]),
            ],
        }
    }

    /// Where a world point is drawn, in points.
    pub fn screen_from_world(&self, p: [f32; 2]) -> [f32; 2] {
        [
            self.screen_centre[0] + (p[0] - self.world_centre[0]) * self.zoom,
            self.screen_centre[1] + (p[1] - self.world_centre[1]) * self.zoom,
        ]
    }

    /// The world point drawn at `p` (points).
    pub fn world_from_screen(&self, p: [f32; 2]) -> [f32; 2] {
        let zoom = if self.zoom.abs() > f32::EPSILON {
            self.zoom
        } else {
            1.0
        };
        [
            self.world_centre[0] + (p[0] - self.screen_centre[0]) / zoom,
            self.world_centre[1] + (p[1] - self.screen_centre[1]) / zoom,
        ]
    }
}

/// The world box of the related states drawn: `[x0, y0, x1, y1]`.
pub fn related_bounds(scene: &Scene) -> Option<[f32; 4]> {
    crate::layout::bounds_of(
        scene
            .nodes
            .iter()
            .filter(|n| n.related && n.alpha > VISIBLE_ALPHA)
            .map(|n| n.pos),
    )
}

/// The part of `area` the related states are fitted into: all of it, less
/// the row along its bottom where the unrelated ones sit (if any), less a
/// margin for names (the first and last discs' names stay inside).
pub fn network_area(scene: &Scene, frame: &Frame) -> [f32; 4] {
    let [x0, y0, x1, y1] = frame.area;
    let bottom = y1 - aside(scene, frame).1;
    let (mx, my) = if frame.labels {
        (MARGIN_X, LABEL_SIZE * 1.4)
    } else {
        (MARGIN_X / 4.0, 8.0)
    };
    [
        x0 + mx,
        y0 + my,
        (x1 - mx).max(x0 + mx + 10.0),
        (bottom - my).max(y0 + my + 10.0),
    ]
}

/// Room left at the sides for names, in points (half a long name).
const MARGIN_X: f32 = 60.0;

/// Moves the discs of `scene` to where they are drawn in `frame` (see the
/// module's documentation), given `screen` and its inverse `world`; edges
/// follow their ends. Positions stay in world coordinates.
pub fn make_room(
    scene: &mut Scene,
    frame: &Frame,
    screen: impl Fn([f32; 2]) -> [f32; 2],
    world: impl Fn([f32; 2]) -> [f32; 2],
) {
    let before: Vec<[f32; 2]> = scene.nodes.iter().map(|m| m.pos).collect();
    let mut centres: Vec<[f32; 2]> = before.iter().map(|&p| screen(p)).collect();
    let (rows, aside_height) = aside(scene, frame);
    for &(k, at) in &rows {
        centres[k] = at;
    }
    // The related states move; a pinned one stays where the user put it
    // (the others keep clear of it), and a position that is not finite
    // takes no part.
    let shown: Vec<bool> = scene
        .nodes
        .iter()
        .zip(&centres)
        .map(|(m, c)| m.related && m.alpha > VISIBLE_ALPHA && c[0].is_finite() && c[1].is_finite())
        .collect();
    let free: Vec<bool> = scene
        .nodes
        .iter()
        .zip(&shown)
        .map(|(m, &shown)| shown && !m.pinned)
        .collect();
    let [x0, y0, x1, y1] = frame.area;
    let room = [x0, y0, x1, y1 - aside_height];
    let named = name_budget(scene, &free, frame.labels, room);
    let rooms: Vec<[f32; 4]> = scene
        .nodes
        .iter()
        .zip(&named)
        .map(|(m, &named)| room_of(m, named))
        .collect();
    even_out(&mut centres, &free, room);
    enemies_apart(scene, &mut centres, (&shown, &free), room);
    let box_of = |k: usize| {
        let [l, u, r, d] = rooms[k];
        [
            centres[k][0] - l,
            centres[k][1] - u,
            centres[k][0] + r,
            centres[k][1] + d,
        ]
    };
    let mut clear: Vec<[f32; 4]> = (0..scene.nodes.len())
        .filter(|&k| shown[k] && !free[k])
        .map(box_of)
        .collect();
    clear.extend(frame.keep_out);
    spread(&mut centres, &rooms, &free, (room, &clear));
    // Making room spreads the friends too: once more, against the
    // distances as drawn.
    if enemies_apart(scene, &mut centres, (&shown, &free), room) {
        spread(&mut centres, &rooms, &free, (room, &clear));
    }
    for (k, node) in scene.nodes.iter_mut().enumerate() {
        if free[k] || !node.related {
            node.pos = world(centres[k]);
        }
    }
    for &(k, _) in &rows {
        scene.nodes[k].aside = true;
    }
    follow_discs(scene, &before);
}

/// After the discs of `scene` moved from `before` (one position per node,
/// in order): edges follow their states' discs, and a selected triangle's
/// shading its corners' (the discs that were where its corners are).
pub fn follow_discs(scene: &mut Scene, before: &[[f32; 2]]) {
    let mut disc_of = vec![None; scene.nodes.iter().map(|m| m.state + 1).max().unwrap_or(0)];
    for m in &scene.nodes {
        disc_of[m.state] = Some(m.pos);
    }
    let at = |state: usize, p: [f32; 2]| disc_of.get(state).copied().flatten().unwrap_or(p);
    for e in &mut scene.edges {
        (e.from, e.to) = (at(e.a, e.from), at(e.b, e.to));
    }
    let moved = |p: [f32; 2]| {
        before
            .iter()
            .position(|&b| b == p)
            .map_or(p, |k| scene.nodes[k].pos)
    };
    scene.shade = scene
        .shade
        .map(|(corners, colour)| (corners.map(moved), colour));
}

/// The room a disc takes, around its centre: `[left, up, right, down]`
/// in points: the disc, and its name under it when names are drawn.
fn room_of(node: &NodeShape, labels: bool) -> [f32; 4] {
    let r = node.radius;
    let (px, py) = (PAD[0] / 2.0, PAD[1] / 2.0);
    if !labels || node.label.is_empty() {
        return [r + px, r + py, r + px, r + py];
    }
    let half_w = (label_width(&node.label, LABEL_SIZE) / 2.0).max(r);
    let below = r + 2.0 + LABEL_SIZE * 1.2;
    [half_w + px, r + py, half_w + px, below + py]
}

/// How far [`even_out`] goes from the fitted picture (0) towards states
/// spread evenly across and down the area (1).
const EVEN_OUT: f32 = 0.6;

/// Below this many related states nothing is evened out; from
/// [`EVEN_FULL`] on, all of [`EVEN_OUT`] (in between, in proportion).
const EVEN_FROM: f32 = 15.0;
const EVEN_FULL: f32 = 60.0;

/// The width of the smooth steps [`even_out`] counts states with, as a
/// share of the area's side: the larger, the more it keeps of the picture.
const EVEN_STEP: f32 = 0.03;

/// Spreads the `free` discs more evenly over `area`, across and down
/// separately: each coordinate moves part of the way ([`EVEN_OUT`])
/// towards where its rank among the others puts it, counted with smooth
/// steps so that positions stay continuous in time. The order of the
/// states along each axis is kept; a knot of allies gets room in
/// proportion to its members, a lone rival at the rim no longer sets the
/// scale for everyone.
fn even_out(centres: &mut [[f32; 2]], free: &[bool], area: [f32; 4]) {
    let movable: Vec<usize> = (0..centres.len()).filter(|&k| free[k]).collect();
    // A handful of states keeps its picture as the layout made it; a
    // world gets the full evening out.
    let share =
        EVEN_OUT * ((movable.len() as f32 - EVEN_FROM) / (EVEN_FULL - EVEN_FROM)).clamp(0.0, 1.0);
    if share <= 0.0 {
        return;
    }
    for axis in 0..2 {
        let (lo, hi) = (area[axis], area[axis + 2]);
        let side = (hi - lo).max(1.0);
        let step = EVEN_STEP * side;
        let values: Vec<f32> = movable.iter().map(|&k| centres[k][axis]).collect();
        let n = values.len() as f32;
        for (&k, &v) in movable.iter().zip(&values) {
            // The smooth share of states before this one along the axis.
            // Far from `v` a step is 0 or 1 (to f32's precision): no need
            // to work it out.
            let before: f32 = values
                .iter()
                .map(|&w| {
                    let x = (w - v) / step;
                    if x > 20.0 {
                        0.0
                    } else if x < -20.0 {
                        1.0
                    } else {
                        1.0 / (1.0 + libm::expf(x))
                    }
                })
                .sum::<f32>()
                / n;
            let even = lo + before * side;
            centres[k][axis] = v + share * (even - v);
        }
    }
}

/// Which discs get room for their name: as many as fit in a share
/// ([`NAMED_SHARE`]) of the area, the most prominent first (the selected
/// ones before all): on a small canvas the rest go unnamed rather than
/// crowd the picture into the area's edges (zooming in names them).
fn name_budget(scene: &Scene, free: &[bool], labels: bool, area: [f32; 4]) -> Vec<bool> {
    let mut named = vec![false; scene.nodes.len()];
    if !labels {
        return named;
    }
    let mut order: Vec<usize> = (0..scene.nodes.len()).filter(|&k| free[k]).collect();
    order.sort_by(|&a, &b| {
        let (na, nb) = (&scene.nodes[a], &scene.nodes[b]);
        nb.label_priority
            .total_cmp(&na.label_priority)
            .then(a.cmp(&b))
    });
    let budget = NAMED_SHARE * (area[2] - area[0]).max(0.0) * (area[3] - area[1]).max(0.0);
    let mut used = 0.0;
    for k in order {
        let [l, u, r, d] = room_of(&scene.nodes[k], true);
        used += (l + r) * (u + d);
        if used > budget {
            break;
        }
        named[k] = true;
    }
    named
}

/// The most of the area the discs with room for their names may take
/// together (about the densest a picture stays readable at).
const NAMED_SHARE: f32 = 0.75;

/// Where the states with no relation go: in rows along the bottom of the
/// area, in alphabetical order (by name), each disc with its name to its
/// right, as a list reads; and how high the rows are (0 when there are
/// none).
fn aside(scene: &Scene, frame: &Frame) -> (Vec<(usize, [f32; 2])>, f32) {
    let mut aside: Vec<usize> = (0..scene.nodes.len())
        .filter(|&k| !scene.nodes[k].related && scene.nodes[k].alpha > VISIBLE_ALPHA)
        .collect();
    if aside.is_empty() {
        return (Vec::new(), 0.0);
    }
    aside.sort_by(|&a, &b| {
        (scene.nodes[a].label.as_str(), scene.nodes[a].state)
            .cmp(&(scene.nodes[b].label.as_str(), scene.nodes[b].state))
    });
    // The rows start half a gap in, so the first disc's edge is clear of
    // the frame's.
    let [x0, _, x1, y1] = frame.area;
    let x0 = x0 + ASIDE_GAP / 2.0;
    let width = |k: usize| {
        let node = &scene.nodes[k];
        let name = if frame.labels {
            label_width(&node.label, LABEL_SIZE) + 6.0
        } else {
            0.0
        };
        2.0 * node.radius + name + ASIDE_GAP
    };
    // Rows from the top of the block down, filled left to right.
    let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut x = x0;
    for &k in &aside {
        let w = width(k);
        if x + w > x1 && !rows.last().is_some_and(Vec::is_empty) {
            rows.push(Vec::new());
            x = x0;
        }
        if let Some(row) = rows.last_mut() {
            row.push(k);
        }
        x += w;
    }
    // At most a third of the frame: beyond, the rows overlap (a small
    // frame with a crowd of states unrelated at the date).
    let most = ((frame.area[3] - frame.area[1]) / 3.0 / ASIDE_ROW)
        .floor()
        .max(1.0);
    let row_height = ASIDE_ROW.min(ASIDE_ROW * most / rows.len() as f32);
    let height = ASIDE_GAP + row_height * rows.len() as f32;
    let top = y1 - height + ASIDE_GAP;
    let mut at = Vec::with_capacity(aside.len());
    for (r, row) in rows.iter().enumerate() {
        let y = top + row_height * (r as f32 + 0.5);
        let mut x = x0;
        for &k in row {
            at.push((k, [x + scene.nodes[k].radius, y]));
            x += width(k);
        }
    }
    (at, height)
}

/// Pushes the boxes (centres and rooms) of the `free` discs apart until
/// none overlaps another or a box kept clear (the legend, pinned discs), or
/// the rounds run out; each pair moves apart along the axis where they
/// overlap least (an overlap across counts less in a wide area), by half
/// the overlap each; boxes stay inside `area`. Pairs are found by sweeping
/// the boxes in order of their left edges. In a fixed order:
/// deterministic.
fn spread(
    centres: &mut [[f32; 2]],
    rooms: &[[f32; 4]],
    free: &[bool],
    (area, clear): ([f32; 4], &[[f32; 4]]),
) {
    let mut movable: Vec<usize> = (0..centres.len()).filter(|&k| free[k]).collect();
    let aspect = ((area[2] - area[0]) / (area[3] - area[1]).max(1.0)).clamp(0.5, 3.0);
    let boxed = |k: usize, c: &[[f32; 2]]| {
        let [l, u, r, d] = rooms[k];
        [c[k][0] - l, c[k][1] - u, c[k][0] + r, c[k][1] + d]
    };
    // How far `b` must move to clear `a`, along one axis, signed.
    let apart = |a: [f32; 4], b: [f32; 4]| -> Option<(usize, f32)> {
        let ox = a[2].min(b[2]) - a[0].max(b[0]);
        let oy = a[3].min(b[3]) - a[1].max(b[1]);
        if ox <= 0.0 || oy <= 0.0 {
            return None;
        }
        let axis = usize::from(ox >= oy * aspect);
        let middle = |r: [f32; 4]| f32::midpoint(r[axis], r[axis + 2]);
        let sign = if middle(b) < middle(a) { -1.0 } else { 1.0 };
        Some((axis, sign * if axis == 0 { ox } else { oy }))
    };
    // Rounds that found no fewer overlaps than the best round so far: a
    // crowd that cannot be resolved (a small frame) stops early.
    let (mut fewest, mut stalled) = (usize::MAX, 0);
    for _ in 0..ROUNDS {
        let mut any = false;
        let mut overlaps = 0usize;
        movable.sort_by(|&a, &b| {
            boxed(a, centres)[0]
                .total_cmp(&boxed(b, centres)[0])
                .then(a.cmp(&b))
        });
        for x in 0..movable.len() {
            let i = movable[x];
            for &j in &movable[x + 1..] {
                let (a, b) = (boxed(i, centres), boxed(j, centres));
                if b[0] >= a[2] {
                    // Sorted by left edge: no later box reaches back.
                    break;
                }
                if let Some((axis, push)) = apart(a, b) {
                    any = true;
                    overlaps += 1;
                    centres[i][axis] -= push / 2.0;
                    centres[j][axis] += push / 2.0;
                }
            }
        }
        for &k in &movable {
            for &fixed in clear {
                if let Some((axis, push)) = apart(fixed, boxed(k, centres)) {
                    any = true;
                    centres[k][axis] += push;
                }
            }
            let [x0, y0, x1, y1] = area;
            let [l, u, r, d] = rooms[k];
            centres[k][0] = centres[k][0].clamp(x0 + l, (x1 - r).max(x0 + l));
            centres[k][1] = centres[k][1].clamp(y0 + u, (y1 - d).max(y0 + u));
        }
        if !any {
            break;
        }
        if overlaps < fewest {
            (fewest, stalled) = (overlaps, 0);
        } else {
            stalled += 1;
            if stalled >= STALLED_ROUNDS {
                break;
            }
        }
    }
}

/// How many rounds in a row may find no fewer overlaps than the best
/// before [`spread`] gives up (the rest stay, and their names unplaced).
const STALLED_ROUNDS: usize = 100;
