//! A date laid out alone, with no history: the yardstick the timeline's
//! faithfulness is measured against, the fresh arrangements its checks
//! try, and the previews shown while the timeline grows.

use super::graph::{SampleGraph, graph_at};
use super::{Pins, TimelineParams, faithfulness_of, phyllotaxis};
use crate::date::Time;
use crate::model::Dataset;

/// The layout of the date `t` alone, with no history: the living states
/// start from a phyllotaxis shuffled by `seed` and settle under the edges of
/// that date. The yardstick the timeline's faithfulness is measured against.
pub fn layout_alone(ds: &Dataset, t: Time, params: &TimelineParams, seed: u64) -> Vec<[f32; 2]> {
    alone(&graph_at(ds, t), params, &Pins::new(), seed)
}

/// The most faithful of `seeds` layouts of the date `t` alone (see
/// [`layout_alone`]), and its faithfulness (`None` where undefined).
pub fn best_layout_alone(
    ds: &Dataset,
    t: Time,
    params: &TimelineParams,
    seeds: u64,
) -> (Option<f64>, Vec<[f32; 2]>) {
    best_alone(&graph_at(ds, t), params, &Pins::new(), seeds)
}

/// The most faithful of `seeds` layouts of one sample's graph alone.
pub(super) fn best_alone(
    graph: &SampleGraph,
    params: &TimelineParams,
    pins: &Pins,
    seeds: u64,
) -> (Option<f64>, Vec<[f32; 2]>) {
    let faith = |pos: &[[f32; 2]]| {
        faithfulness_of(
            graph.pairs.iter().map(|&(a, b, w)| (a, b, f64::from(w))),
            pos,
        )
    };
    let mut best: Option<(Option<f64>, Vec<[f32; 2]>)> = None;
    for seed in 0..seeds.max(1) {
        let layout = alone(graph, params, pins, seed);
        let f = faith(&layout);
        let better = best
            .as_ref()
            .is_none_or(|(b, _)| f.unwrap_or(f64::NEG_INFINITY) > b.unwrap_or(f64::NEG_INFINITY));
        if better {
            best = Some((f, layout));
        }
    }
    best.unwrap_or_default()
}

/// The layout of one sample's graph alone (see [`layout_alone`]).
pub(super) fn alone(
    graph: &SampleGraph,
    params: &TimelineParams,
    pins: &Pins,
    seed: u64,
) -> Vec<[f32; 2]> {
    let living = graph.living();
    let m = living.ids.len();
    let spiral = phyllotaxis(m);
    // A stride coprime with m visits every spiral slot once.
    let stride = (1..=m.max(1))
        .map(|s| s + seed as usize)
        .find(|&s| gcd(s, m.max(1)) == 1)
        .unwrap_or(1);
    let mut sim = living.simulation(
        params.sim.clone(),
        |i| spiral[(living.local[i] as usize * stride) % m],
        graph,
        pins,
    );
    sim.run(params.first_ticks);
    let mut out = vec![[0.0; 2]; graph.alive.len()];
    living.scatter(&sim.pos, &mut out);
    out
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}
