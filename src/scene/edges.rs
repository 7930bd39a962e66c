//! Edge geometry in screen space: arcs, and routing them around the discs
//! they would cross.

use super::Scene;
use crate::model::StateIx;

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

/// The middle of an edge's arc (where a new relation's dot goes).
pub fn arc_midpoint(a: [f32; 2], b: [f32; 2], bow: f32) -> [f32; 2] {
    let c = arc_control(a, b, bow);
    [
        0.25 * a[0] + 0.5 * c[0] + 0.25 * b[0],
        0.25 * a[1] + 0.5 * c[1] + 0.25 * b[1],
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
                let drawn = n.alpha > super::VISIBLE_ALPHA && c[0].is_finite() && c[1].is_finite();
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
