//! How good a layout is at one date, and how calm it is over time.
//!
//! *Faithfulness*: the Spearman rank correlation between the distance of
//! each related pair and minus its score (friends nearer than rivals); 1 when
//! distances are in exactly the order of the relations. *Movement*: how far
//! states move between two dates, relative to the layout's extent, so that
//! figures of layouts at different scales compare.

use crate::eval::Snapshot;

/// Ranks of `xs` (0-based), ties sharing their average rank.
fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&i, &j| xs[i].total_cmp(&xs[j]));
    let mut out = vec![0.0; xs.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && xs[order[end]] == xs[order[start]] {
            end += 1;
        }
        let rank = (start + end - 1) as f64 / 2.0;
        for &i in &order[start..end] {
            out[i] = rank;
        }
        start = end;
    }
    out
}

/// Spearman's rank correlation of two equally long series; `None` with
/// fewer than three values or when either series is constant.
pub fn spearman(xs: &[f64], ys: &[f64]) -> Option<f64> {
    if xs.len() != ys.len() || xs.len() < 3 {
        return None;
    }
    let (rx, ry) = (ranks(xs), ranks(ys));
    let n = rx.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in rx.iter().zip(&ry) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// The distance between two points.
pub fn distance(p: [f32; 2], q: [f32; 2]) -> f32 {
    libm::hypotf(p[0] - q[0], p[1] - q[1])
}

/// How faithfully `pos` (indexed by state) shows the relations of `snap`:
/// Spearman's correlation between each related pair's distance and minus
/// its score. `None` when it is undefined (fewer than three pairs, or all
/// scores equal).
pub fn faithfulness(snap: &Snapshot<'_>, pos: &[[f32; 2]]) -> Option<f64> {
    faithfulness_of(snap.pairs.iter().map(|p| (p.a, p.b, p.score)), pos)
}

/// [`faithfulness`] of the pairs `(a, b, score)`.
pub fn faithfulness_of(
    pairs: impl Iterator<Item = (usize, usize, f64)>,
    pos: &[[f32; 2]],
) -> Option<f64> {
    let (dist, score): (Vec<f64>, Vec<f64>) = pairs
        .filter(|&(a, b, _)| a < pos.len() && b < pos.len())
        .map(|(a, b, s)| (f64::from(distance(pos[a], pos[b])), -s))
        .unzip();
    spearman(&dist, &score)
}

/// The diagonal of the box holding the positions of the states `alive`
/// (indexed by state); 0 when fewer than two.
pub fn extent(pos: &[[f32; 2]], alive: &[bool]) -> f32 {
    let living = pos.iter().zip(alive).filter(|(_, a)| **a).map(|(p, _)| *p);
    super::bounds_of(living).map_or(0.0, |[x0, y0, x1, y1]| libm::hypotf(x1 - x0, y1 - y0))
}

/// Rotates (and if better, reflects) and translates `pos` to lie as near as
/// possible to `target` over the states `alive` (orthogonal Procrustes, no
/// scaling), so that layouts made independently can be compared.
pub fn align_to(pos: &[[f32; 2]], target: &[[f32; 2]], alive: &[bool]) -> Vec<[f32; 2]> {
    let idx: Vec<usize> = (0..pos.len().min(target.len()))
        .filter(|&i| alive.get(i).copied().unwrap_or(false))
        .collect();
    if idx.is_empty() {
        return pos.to_vec();
    }
    let n = idx.len() as f64;
    let mean = |ps: &[[f32; 2]]| {
        let (sx, sy) = idx.iter().fold((0.0, 0.0), |(x, y), &i| {
            (x + f64::from(ps[i][0]), y + f64::from(ps[i][1]))
        });
        (sx / n, sy / n)
    };
    let (px, py) = mean(pos);
    let (tx, ty) = mean(target);
    // Cross-covariance terms of the centred point sets.
    let (mut a, mut b, mut c, mut d) = (0.0, 0.0, 0.0, 0.0);
    for &i in &idx {
        let (x, y) = (f64::from(pos[i][0]) - px, f64::from(pos[i][1]) - py);
        let (u, v) = (f64::from(target[i][0]) - tx, f64::from(target[i][1]) - ty);
        a += x * u + y * v;
        b += x * v - y * u;
        c += x * u - y * v;
        d += x * v + y * u;
    }
    // Best rotation maximises a·cos + b·sin; best reflection c·cos + d·sin.
    let (rot, refl) = (libm::hypot(a, b), libm::hypot(c, d));
    let map = |p: [f32; 2]| -> [f32; 2] {
        let (x, y) = (f64::from(p[0]) - px, f64::from(p[1]) - py);
        let (u, v) = if rot >= refl {
            let (sin, cos) = libm::sincos(libm::atan2(b, a));
            (x * cos - y * sin, x * sin + y * cos)
        } else {
            let (sin, cos) = libm::sincos(libm::atan2(d, c));
            (x * cos + y * sin, x * sin - y * cos)
        };
        [(u + tx) as f32, (v + ty) as f32]
    };
    pos.iter().map(|&p| map(p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_of_monotone_series_is_one_and_reversed_minus_one() {
        let xs = [1.0, 2.0, 3.0, 10.0];
        assert_eq!(spearman(&xs, &[0.1, 0.2, 0.5, 0.9]), Some(1.0));
        assert_eq!(spearman(&xs, &[9.0, 4.0, 1.0, 0.0]), Some(-1.0));
        assert_eq!(spearman(&xs[..2], &[1.0, 2.0]), None);
        assert_eq!(spearman(&xs, &[1.0; 4]), None);
    }

    #[test]
    fn ties_share_their_average_rank() {
        assert_eq!(ranks(&[5.0, 1.0, 5.0, 0.0]), vec![2.5, 1.0, 2.5, 0.0]);
    }

    #[test]
    fn alignment_undoes_a_rotation_a_reflection_and_a_shift() {
        let target = vec![[0.0, 0.0], [10.0, 0.0], [0.0, 5.0], [3.0, 7.0]];
        let alive = vec![true; 4];
        let rotated: Vec<[f32; 2]> = target.iter().map(|p| [-p[1] + 4.0, p[0] - 2.0]).collect();
        let reflected: Vec<[f32; 2]> = target.iter().map(|p| [p[0] + 1.0, -p[1]]).collect();
        for moved in [rotated, reflected] {
            let back = align_to(&moved, &target, &alive);
            for (p, q) in back.iter().zip(&target) {
                assert!(distance(*p, *q) < 1e-3, "{p:?} vs {q:?}");
            }
        }
    }
}
