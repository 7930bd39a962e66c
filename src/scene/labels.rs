//! Label placement in screen space: eight spots around each disc, each
//! label nearer its own disc than any other and overlapping nothing.

use super::{NodeShape, Scene};
use crate::model::StateIx;

/// Label font size in points.
pub const LABEL_SIZE: f32 = 13.0;

/// Approximate width of a label in points (the bundled font's average
/// advance is about 0.56 em).
pub fn label_width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.56
}

/// How much farther from any other disc than from its own a label must
/// be, in points, so that it reads as its own disc's.
const LABEL_OWN_MARGIN: f32 = 4.0;

/// Below this opacity a state is not labelled unless it must be.
const LABEL_MIN_ALPHA: f32 = 0.25;

/// A label area with no edge: every spot is inside.
pub const ANYWHERE: [f32; 4] = [
    f32::NEG_INFINITY,
    f32::NEG_INFINITY,
    f32::INFINITY,
    f32::INFINITY,
];

/// How many of the largest discs are named even inside a crowd (see
/// [`place_labels`]): the powers a reader looks for first.
pub const PROMINENT: usize = 6;

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
/// there is when none is free. The [`PROMINENT`] largest discs are named
/// even inside a crowd (a bloc of allies): where no spot is free they may
/// cover a neighbour's disc rather than go unnamed, but never a label.
/// A spot that reaches out of `area` (`[x0, y0, x1, y1]` in points: the
/// visible canvas or figure) or onto `keep_out` (a figure's legend) is
/// never taken while another is inside, so a label by the edge turns
/// inwards instead of being cut off. `screen` maps a world position to
/// points.
pub fn place_labels(
    scene: &Scene,
    screen: impl Fn([f32; 2]) -> [f32; 2],
    size: f32,
    (area, keep_out): ([f32; 4], Option<[f32; 4]>),
    must: &[StateIx],
) -> Vec<Option<LabelSpot>> {
    let required = |n: &NodeShape| n.selected || must.contains(&n.state);
    let order = label_order(scene, &required);
    let prominent_floor = prominent_floor(scene);
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
    // The rows of the states set aside are theirs: no other name reaches
    // into them.
    let rows_top = scene
        .nodes
        .iter()
        .filter(|n| n.aside)
        .map(|n| screen(n.pos)[1] - super::room::ASIDE_ROW / 2.0)
        .fold(f32::INFINITY, f32::min);
    let outside_of = |rect: &[f32; 4], aside: bool| {
        rect[0] < area[0]
            || rect[1] < area[1]
            || rect[2] > area[2]
            || rect[3] > area[3]
            || (!aside && rect[3] > rows_top)
            || keep_out.is_some_and(|k| overlaps(rect, &k))
    };
    let mut placed: Vec<[f32; 4]> = Vec::new();
    let mut shown = vec![None; scene.nodes.len()];
    for i in order {
        let n = &scene.nodes[i];
        if n.label.is_empty() || (n.alpha < LABEL_MIN_ALPHA && !required(n)) {
            continue;
        }
        let judge = |rect: &[f32; 4]| {
            let (covered, own) = discs_near(scene, (&centres, &discs), i, rect);
            let outside = outside_of(rect, n.aside);
            let label_clashes = placed.iter().filter(|r| overlaps(rect, r)).count();
            (covered + usize::from(outside), label_clashes, own)
        };
        let spots: &[LabelSpot] = if n.aside {
            &LabelSpot::LISTED
        } else {
            &LabelSpot::ALL
        };
        let candidates: Vec<Candidate> = spots
            .iter()
            .copied()
            .map(|spot| {
                let rect = label_rect_at(n, centres[i], size, spot);
                let (covered, labels, own) = judge(&rect);
                Candidate {
                    spot,
                    rect,
                    clashes: covered + labels,
                    label_clashes: labels,
                    own,
                    inside: !outside_of(&rect, n.aside),
                }
            })
            .collect();
        // A spot out of the area (cut off) or on the legend is never taken
        // while another is inside.
        let inside: Vec<Candidate> = if candidates.iter().any(|c| c.inside) {
            candidates.iter().copied().filter(|c| c.inside).collect()
        } else {
            candidates
        };
        let candidates = inside;
        let prominent = n.label_priority >= prominent_floor;
        let chosen = choose(&candidates, required(n), prominent);
        if let Some(&Candidate { spot, rect, .. }) = chosen {
            placed.push(rect);
            shown[i] = Some(spot);
        }
    }
    shown
}

/// How many discs (but the `i`-th's) the label spot `rect` covers, and
/// whether it is nearer its own disc than any other (by a margin); given
/// every disc's centre and box in points.
fn discs_near(
    scene: &Scene,
    (centres, discs): (&[[f32; 2]], &[[f32; 4]]),
    i: usize,
    rect: &[f32; 4],
) -> (usize, bool) {
    let own = rect_distance(rect, centres[i]) - scene.nodes[i].radius;
    let mut covered = 0usize;
    let mut own_nearest = true;
    // Only discs that reach within `own + margin` of the spot can clash with
    // it or be nearer to it.
    let reach = own + LABEL_OWN_MARGIN;
    for (j, m) in scene.nodes.iter().enumerate() {
        if j == i || m.alpha <= super::VISIBLE_ALPHA {
            continue;
        }
        let c = centres[j];
        let far = c[0] + m.radius < rect[0] - reach
            || c[0] - m.radius > rect[2] + reach
            || c[1] + m.radius < rect[1] - reach
            || c[1] - m.radius > rect[3] + reach;
        if far {
            continue;
        }
        if overlaps(rect, &discs[j]) {
            covered += 1;
        }
        if rect_distance(rect, c) - m.radius < own + LABEL_OWN_MARGIN {
            own_nearest = false;
        }
    }
    (covered, own_nearest)
}

/// The order labels are placed in: the required first, then by priority
/// (a tie by scene order).
fn label_order(scene: &Scene, required: &impl Fn(&NodeShape) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scene.nodes.len()).collect();
    order.sort_by(|&a, &b| {
        let (na, nb) = (&scene.nodes[a], &scene.nodes[b]);
        required(nb)
            .cmp(&required(na))
            .then(nb.label_priority.total_cmp(&na.label_priority))
            .then(a.cmp(&b))
    });
    order
}

/// Of a label's spots, the first free one that reads as its own disc's;
/// else, for a label that must show, the least crowded (preferring one
/// that reads as its own); else, for a prominent state in a crowd, the
/// spot over the fewest neighbours' discs, never over a label.
fn choose(candidates: &[Candidate], required: bool, prominent: bool) -> Option<&Candidate> {
    let free = candidates.iter().find(|c| c.clashes == 0 && c.own);
    free.or_else(|| {
        required
            .then(|| candidates.iter().min_by_key(|c| (!c.own, c.clashes)))
            .flatten()
    })
    .or_else(|| {
        prominent
            .then(|| {
                candidates
                    .iter()
                    .filter(|c| c.label_clashes == 0)
                    .min_by_key(|c| (c.clashes, !c.own))
            })
            .flatten()
    })
}

/// The label priority of the [`PROMINENT`]-th largest visible disc (every
/// priority counts when there are fewer).
fn prominent_floor(scene: &Scene) -> f32 {
    let mut sizes: Vec<f32> = scene
        .nodes
        .iter()
        .filter(|n| n.alpha >= LABEL_MIN_ALPHA && !n.label.is_empty())
        .map(|n| n.label_priority)
        .collect();
    sizes.sort_by(|a, b| b.total_cmp(a));
    sizes
        .get(PROMINENT - 1)
        .copied()
        .unwrap_or(f32::NEG_INFINITY)
}

/// A spot a label could take, and what it would cover there.
#[derive(Clone, Copy)]
struct Candidate {
    spot: LabelSpot,
    rect: [f32; 4],
    /// Discs, labels and the area's edge it would overlap.
    clashes: usize,
    /// Labels it would overlap.
    label_clashes: usize,
    /// Whether it is nearer its own disc than any other.
    own: bool,
    /// Whether it lies inside the area, off the legend.
    inside: bool,
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
    /// A disc in a list (the rows of the unrelated): its name to its right
    /// only.
    pub const LISTED: [LabelSpot; 1] = [LabelSpot::Right];

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
