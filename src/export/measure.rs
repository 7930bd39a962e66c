//! How readable a figure is, measured on what it draws ([`Drawn`]): how
//! many of the states drawn are named, whether discs overlap, how much of
//! the frame is left empty, and whether rivals are drawn farther apart
//! than friends. `examples/layout_quality.rs` prints these per date; the
//! tests hold the bundled datasets to them.

use super::svg::Drawn;
use crate::layout::quality::distance;
use crate::scene::{CLEAR_SCORE, ENMITY_SCORE, VISIBLE_ALPHA, label_rect_at};

/// The side of the cells the frame is cut into to measure empty space, in
/// points (about a name's height and a half, a short name's width).
const CELL: f32 = 24.0;

/// What a figure shows, and how readably.
#[derive(Clone, Debug, PartialEq)]
pub struct Readability {
    /// States drawn (visible discs).
    pub drawn: usize,
    /// Of those, named.
    pub named: usize,
    /// States drawn that have a relation, and of those, named.
    pub related: usize,
    pub related_named: usize,
    /// Pairs of discs that overlap.
    pub disc_overlaps: usize,
    /// Names that reach out of the frame.
    pub labels_cut: usize,
    /// The smallest disc's radius, in points.
    pub smallest_radius: f32,
    /// The share of the frame with no disc and no name in it (cells of
    /// [`CELL`] points).
    pub empty_share: f64,
    /// The median distance of hostile pairs (score ≤ −0.3) over that of
    /// friendly ones (≥ 0.3), as drawn; `None` without both.
    pub hostile_over_friendly: Option<f64>,
    /// The distance of the nearest enemies (score ≤ [`ENMITY_SCORE`]) over
    /// the median friendly pair, as drawn: below 1, two enemies are drawn
    /// nearer than friends usually are. `None` without both.
    pub nearest_enemies_over_friendly: Option<f64>,
}

impl Readability {
    /// The share of the states drawn that are named (1 when none is
    /// drawn).
    pub fn named_share(&self) -> f64 {
        share(self.named, self.drawn)
    }

    /// The share of the related states drawn that are named.
    pub fn related_named_share(&self) -> f64 {
        share(self.related_named, self.related)
    }
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// The middle value of `xs` (the mean of the two middle ones); `None` when
/// empty.
fn median(mut xs: Vec<f64>) -> Option<f64> {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(xs[n / 2]),
        _ => Some(f64::midpoint(xs[n / 2 - 1], xs[n / 2])),
    }
}

/// Measures a figure as drawn (its scene's ties give who is a friend and
/// who an enemy, over the kinds shown).
pub fn readability(drawn: &Drawn) -> Readability {
    let scene = &drawn.scene;
    let visible: Vec<usize> = (0..scene.nodes.len())
        .filter(|&k| scene.nodes[k].alpha > VISIBLE_ALPHA)
        .collect();
    let centre = |k: usize| drawn.screen(scene.nodes[k].pos);
    let named = |k: usize| drawn.labels[k].is_some();
    let labels: Vec<[f32; 4]> = visible
        .iter()
        .filter_map(|&k| {
            let spot = drawn.labels[k]?;
            Some(label_rect_at(
                &scene.nodes[k],
                centre(k),
                crate::scene::LABEL_SIZE,
                spot,
            ))
        })
        .collect();
    let mut disc_overlaps = 0;
    for (x, &i) in visible.iter().enumerate() {
        for &j in &visible[x + 1..] {
            let (a, b) = (centre(i), centre(j));
            let d = distance(a, b);
            if d < scene.nodes[i].radius + scene.nodes[j].radius {
                disc_overlaps += 1;
            }
        }
    }
    let [x0, y0, x1, y1] = drawn.frame.area;
    let labels_cut = labels
        .iter()
        .filter(|r| r[0] < x0 - 0.5 || r[1] < y0 - 0.5 || r[2] > x1 + 0.5 || r[3] > y1 + 0.5)
        .count();
    // Empty space: the cells no disc and no name touches.
    let (cols, rows) = (
        ((x1 - x0) / CELL).ceil().max(1.0) as usize,
        ((y1 - y0) / CELL).ceil().max(1.0) as usize,
    );
    let mut taken = vec![false; cols * rows];
    let mut mark = |r: [f32; 4]| {
        let cell =
            |v: f32, lo: f32, n: usize| (((v - lo) / CELL).floor().max(0.0) as usize).min(n - 1);
        for row in cell(r[1], y0, rows)..=cell(r[3], y0, rows) {
            for col in cell(r[0], x0, cols)..=cell(r[2], x0, cols) {
                taken[row * cols + col] = true;
            }
        }
    };
    for &k in &visible {
        let (c, r) = (centre(k), scene.nodes[k].radius);
        mark([c[0] - r, c[1] - r, c[0] + r, c[1] + r]);
    }
    for r in &labels {
        mark(*r);
    }
    let empty = taken.iter().filter(|t| !**t).count();
    // Rivals and friends, as drawn.
    let drawn_at = |state: usize| {
        visible
            .iter()
            .find(|&&k| scene.nodes[k].state == state)
            .map(|&k| centre(k))
    };
    let (mut hostile, mut friendly, mut enemies) = (Vec::new(), Vec::new(), Vec::new());
    for &(a, b, score) in &scene.ties {
        let (Some(a), Some(b)) = (drawn_at(a), drawn_at(b)) else {
            continue;
        };
        let d = f64::from(distance(a, b));
        if score <= ENMITY_SCORE {
            enemies.push(d);
        }
        if score <= -CLEAR_SCORE {
            hostile.push(d);
        } else if score >= CLEAR_SCORE {
            friendly.push(d);
        }
    }
    let friendly = median(friendly).filter(|f| *f > 0.0);
    let hostile_over_friendly = median(hostile).zip(friendly).map(|(h, f)| h / f);
    let nearest_enemies = enemies.into_iter().reduce(f64::min);
    let nearest_enemies_over_friendly = nearest_enemies.zip(friendly).map(|(w, f)| w / f);
    let related: Vec<usize> = visible
        .iter()
        .copied()
        .filter(|&k| scene.nodes[k].related)
        .collect();
    Readability {
        drawn: visible.len(),
        named: visible.iter().filter(|&&k| named(k)).count(),
        related: related.len(),
        related_named: related.iter().filter(|&&k| named(k)).count(),
        disc_overlaps,
        labels_cut,
        smallest_radius: visible
            .iter()
            .map(|&k| scene.nodes[k].radius)
            .fold(f32::INFINITY, f32::min),
        empty_share: share(empty, cols * rows),
        hostile_over_friendly,
        nearest_enemies_over_friendly,
    }
}
