//! Structural balance of the signed network at a date: its triangles,
//! balanced or not, and indices of how balanced the whole is.
//!
//! A tie exists where a pair's aggregate score is at least the threshold in
//! size. A triangle is balanced in the strict sense (Cartwright & Harary,
//! 1956) when the product of its signs is positive — "the friend of my
//! friend is my friend, the enemy of my enemy is my friend" — and in the
//! weak sense (Davis, 1967) unless exactly one of its ties is negative
//! (three mutual enemies are balanced there). The indices:
//!
//! - the triangle index: the share of triangles that are balanced, counted,
//!   and weighted by |w₁w₂w₃|;
//! - the walk index of Estrada & Benzi (2014), tr e^{βW} / tr e^{β|W|}:
//!   closed walks of every length, the shorter weighing more;
//! - the frustration index (the fewest ties whose removal leaves a balanced
//!   network), exact on small networks, else an upper bound from a local
//!   search beside a lower bound (see [`super::frustration`]).

use std::collections::BTreeMap;

use nalgebra::DMatrix;

use super::frustration::{Frustration, frustration};
use crate::date::Time;
use crate::eval::Snapshot;
use crate::model::StateIx;

/// The least |score| that makes a tie, unless asked otherwise: below it a
/// relation is too faint to take a side.
pub const DEFAULT_THRESHOLD: f64 = 0.1;

/// The thresholds that make sense: 0 (every relation that is not exactly
/// neutral is a tie) to 1 (only the strongest).
pub const THRESHOLDS: std::ops::RangeInclusive<f64> = 0.0..=1.0;

/// The β of the walk index: 1, Estrada & Benzi's choice for unweighted
/// networks; with scores in [-1, 1] it keeps walks of length 2 and 3 (where
/// triangles are) the ones that count.
pub const WALK_BETA: f64 = 1.0;

/// A triangle of ties.
#[derive(Clone, Debug, PartialEq)]
pub struct Triad {
    /// Its states, ascending.
    pub states: [StateIx; 3],
    /// The scores of its ties: (0, 1), (0, 2), (1, 2).
    pub scores: [f64; 3],
}

impl Triad {
    fn negatives(&self) -> usize {
        self.scores.iter().filter(|s| **s < 0.0).count()
    }

    /// Balanced in the strict sense: an even number of hostile ties.
    pub fn strict(&self) -> bool {
        self.negatives().is_multiple_of(2)
    }

    /// Balanced in the weak sense: not exactly one hostile tie.
    pub fn weak(&self) -> bool {
        self.negatives() != 1
    }

    /// |w₁w₂w₃|: how much the triangle weighs.
    pub fn weight(&self) -> f64 {
        self.scores.iter().map(|s| s.abs()).product()
    }

    /// The score between two of its states, if both are in it.
    pub fn score(&self, a: StateIx, b: StateIx) -> Option<f64> {
        let i = self.states.iter().position(|&s| s == a)?;
        let j = self.states.iter().position(|&s| s == b)?;
        match (i.min(j), i.max(j)) {
            (0, 1) => Some(self.scores[0]),
            (0, 2) => Some(self.scores[1]),
            (1, 2) => Some(self.scores[2]),
            _ => None,
        }
    }
}

/// How balanced a network is.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Indices {
    /// How many ties (|score| ≥ the threshold).
    pub ties: usize,
    /// How many triangles.
    pub triads: usize,
    /// The share of triangles balanced in the strict sense (none: `None`).
    pub strict: Option<f64>,
    /// The share balanced in the weak sense.
    pub weak: Option<f64>,
    /// The strict share weighted by |w₁w₂w₃|.
    pub weighted: Option<f64>,
    /// Estrada & Benzi's walk index (no tie: `None`).
    pub walk: Option<f64>,
    /// The fewest ties whose removal balances the network.
    pub frustration: Frustration,
}

/// The balance of the network at a date.
#[derive(Clone, Debug, PartialEq)]
pub struct Balance {
    /// The date.
    pub time: Time,
    /// The least |score| that made a tie.
    pub threshold: f64,
    pub indices: Indices,
    /// The triangles unbalanced in the strict sense, heaviest first.
    pub unbalanced: Vec<Triad>,
    /// Per state, the weight of the unbalanced triangles it is in, largest
    /// first (states in none left out).
    pub strain: Vec<(StateIx, f64)>,
}

/// The ties of a snapshot: `(a, b, score)` with |score| ≥ `threshold`.
pub fn ties(snap: &Snapshot, threshold: f64) -> Vec<(StateIx, StateIx, f64)> {
    snap.pairs
        .iter()
        .filter(|p| p.score.abs() >= threshold && p.score != 0.0)
        .map(|p| (p.a, p.b, p.score))
        .collect()
}

/// The balance of the network of `snap`.
pub fn balance(snap: &Snapshot, threshold: f64) -> Balance {
    let ties = ties(snap, threshold);
    let (indices, mut triads) = signed_balance(&ties);
    triads.retain(|t| !t.strict());
    triads.sort_by(|x, y| {
        y.weight()
            .total_cmp(&x.weight())
            .then(x.states.cmp(&y.states))
    });
    let mut strain: BTreeMap<StateIx, f64> = BTreeMap::new();
    for t in &triads {
        for s in t.states {
            *strain.entry(s).or_default() += t.weight();
        }
    }
    let mut strain: Vec<(StateIx, f64)> = strain.into_iter().collect();
    strain.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    Balance {
        time: snap.time,
        threshold,
        indices,
        unbalanced: triads,
        strain,
    }
}

/// The indices and every triangle of a signed network given as ties
/// `(a, b, w)` (nodes are whatever indices the ties use; a pair at most
/// once).
pub fn signed_balance(ties: &[(usize, usize, f64)]) -> (Indices, Vec<Triad>) {
    let triads = triangles(ties);
    let share = |ok: &dyn Fn(&Triad) -> bool, weight: &dyn Fn(&Triad) -> f64| {
        let all: f64 = triads.iter().map(weight).sum();
        let good: f64 = triads.iter().filter(|t| ok(t)).map(weight).sum();
        (all > 0.0).then(|| good / all)
    };
    let indices = Indices {
        ties: ties.len(),
        triads: triads.len(),
        strict: share(&Triad::strict, &|_| 1.0),
        weak: share(&Triad::weak, &|_| 1.0),
        weighted: share(&Triad::strict, &Triad::weight),
        walk: walk_index(ties, WALK_BETA),
        frustration: frustration(ties),
    };
    (indices, triads)
}

/// Every triangle of the ties, each once, states ascending, in order.
fn triangles(ties: &[(usize, usize, f64)]) -> Vec<Triad> {
    let mut adjacent: BTreeMap<usize, BTreeMap<usize, f64>> = BTreeMap::new();
    for &(a, b, w) in ties {
        adjacent.entry(a).or_default().insert(b, w);
        adjacent.entry(b).or_default().insert(a, w);
    }
    let mut out = Vec::new();
    for (&a, next) in &adjacent {
        for (&b, &ab) in next.range(a + 1..) {
            let Some(of_b) = adjacent.get(&b) else {
                continue;
            };
            for (&c, &ac) in next.range(b + 1..) {
                if let Some(&bc) = of_b.get(&c) {
                    out.push(Triad {
                        states: [a, b, c],
                        scores: [ab, ac, bc],
                    });
                }
            }
        }
    }
    out
}

/// tr e^{βW} / tr e^{β|W|} over the nodes with a tie; `None` without ties.
fn walk_index(ties: &[(usize, usize, f64)], beta: f64) -> Option<f64> {
    let mut nodes: Vec<usize> = ties.iter().flat_map(|&(a, b, _)| [a, b]).collect();
    nodes.sort_unstable();
    nodes.dedup();
    if nodes.is_empty() {
        return None;
    }
    let at = |x: usize| nodes.binary_search(&x).unwrap_or(0);
    let n = nodes.len();
    let (mut signed, mut unsigned) = (DMatrix::zeros(n, n), DMatrix::zeros(n, n));
    for &(a, b, w) in ties {
        let (i, j) = (at(a), at(b));
        signed[(i, j)] = w;
        signed[(j, i)] = w;
        unsigned[(i, j)] = w.abs();
        unsigned[(j, i)] = w.abs();
    }
    let trace_exp = |m: DMatrix<f64>| -> f64 {
        // The eigenvalues alone (no eigenvectors): a third of the work.
        m.symmetric_eigenvalues()
            .iter()
            .map(|l| libm::exp(beta * l))
            .sum()
    };
    let index = trace_exp(signed) / trace_exp(unsigned);
    Some(index.clamp(0.0, 1.0))
}

/// The indices at each of `times`, for a chart, the dates shared out over
/// the cores (the same result as one by one); `go_on` is asked before each
/// date (false stops early: the dates not computed are left out).
pub fn balance_series(
    ds: &crate::model::Dataset,
    times: &[Time],
    threshold: f64,
    go_on: impl Fn() -> bool + Sync,
) -> Vec<(Time, Indices)> {
    use rayon::prelude::*;
    times
        .par_iter()
        .filter_map(|&t| {
            go_on().then(|| {
                let snap = crate::eval::snapshot(ds, t, 0.0);
                (t, signed_balance(&ties(&snap, threshold)).0)
            })
        })
        .collect()
}

/// The dates of a series: `from`, then each `next` date, up to `to` (at
/// most 10,000; a step that does not advance ends it).
pub fn series_times(from: Time, to: Time, next: impl Fn(Time) -> Time) -> Vec<Time> {
    let mut out = Vec::new();
    let mut t = from;
    while t <= to && out.len() < 10_000 {
        out.push(t);
        let after = next(t);
        if after <= t {
            break;
        }
        t = after;
    }
    out
}
