//! The layout engine on the benchmark's `states` graph and on random graphs:
//! hostile pairs end up farther apart than friendly ones, and no input makes
//! a coordinate non-finite or the result depend on anything but the input.

use detente::layout::{Edge, Params, Simulation, phyllotaxis};
use proptest::prelude::*;

use super::median;

#[derive(serde::Deserialize)]
struct Graph {
    nodes: usize,
    edges: Vec<(u32, u32, f32)>,
}

fn states_graph() -> (usize, Vec<Edge>) {
    let text = include_str!("../data/states.json");
    let g: Graph = serde_json::from_str(text).unwrap();
    (
        g.nodes,
        g.edges
            .into_iter()
            .map(|(a, b, w)| Edge { a, b, w })
            .collect(),
    )
}

#[test]
fn on_the_states_graph_rivals_sit_at_least_twice_as_far_as_friends() {
    let (n, edges) = states_graph();
    let mut sim = Simulation::new(Params::default(), phyllotaxis(n), &edges);
    for _ in 0..300 {
        sim.tick();
    }
    let len = |e: &Edge| {
        let (a, b) = (sim.pos[e.a as usize], sim.pos[e.b as usize]);
        libm::hypotf(a[0] - b[0], a[1] - b[1])
    };
    let pos = median(edges.iter().filter(|e| e.w > 0.0).map(len).collect());
    let neg = median(edges.iter().filter(|e| e.w < 0.0).map(len).collect());
    assert!(
        neg >= 2.0 * pos,
        "negative median {neg}, positive median {pos}"
    );
}

#[test]
fn threads_do_not_change_the_result() {
    // Large enough that two threads share the repulsion out in several
    // chunks (of 512 points): a smaller graph runs on one either way.
    let n = 2000;
    let edges: Vec<Edge> = detente::synth::signed_graph(n, 3, 11)
        .into_iter()
        .map(|(a, b, w)| Edge { a, b, w })
        .collect();
    let run = |threads| {
        let params = Params {
            threads,
            ..Params::default()
        };
        let mut sim = Simulation::new(params, phyllotaxis(n), &edges);
        for _ in 0..30 {
            sim.tick();
        }
        sim.pos
    };
    assert_eq!(run(1), run(2));
}

/// Random graphs, including the degenerate shapes: no nodes, one node,
/// everything at one point, no edges, all-negative, extreme weights.
fn graph() -> impl Strategy<Value = (Vec<[f32; 2]>, Vec<Edge>)> {
    let weight = prop_oneof![
        -1.0f32..=1.0,
        Just(-1.0f32),
        Just(1.0f32),
        Just(f32::NAN),
        Just(f32::INFINITY),
        Just(-1e30f32),
    ];
    (0usize..60, any::<bool>(), any::<bool>()).prop_flat_map(move |(n, same_spot, all_negative)| {
        let coord = if same_spot {
            Just(3.0f32).boxed()
        } else {
            (-1e4f32..1e4).boxed()
        };
        let pos = proptest::collection::vec([coord.clone(), coord], n);
        let edges = proptest::collection::vec(
            (0..n.max(1) as u32, 0..n.max(1) as u32, weight.clone()),
            0..(n * 4 + 1),
        )
        .prop_map(move |es| {
            es.into_iter()
                .map(|(a, b, w)| Edge {
                    a,
                    b,
                    w: if all_negative { -w.abs() } else { w },
                })
                .collect::<Vec<_>>()
        });
        (pos, edges)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn positions_stay_finite_and_bounded((pos, edges) in graph(), pins in proptest::collection::vec(0usize..60, 0..3)) {
        let mut sim = Simulation::new(Params::default(), pos, &edges);
        for p in pins {
            sim.pin(p, [1.0, 2.0]);
        }
        for _ in 0..120 {
            sim.tick();
            prop_assert!(sim.pos.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
        }
        prop_assert!(sim.pos.iter().all(|p| p[0].abs() < 1e6 && p[1].abs() < 1e6));
    }

    #[test]
    fn the_same_input_gives_the_same_bits((pos, edges) in graph()) {
        let run = || {
            let mut sim = Simulation::new(Params::default(), pos.clone(), &edges);
            for _ in 0..40 {
                sim.tick();
            }
            sim.pos
        };
        let (a, b) = (run(), run());
        prop_assert!(a.iter().zip(&b).all(|(p, q)| p[0].to_bits() == q[0].to_bits() && p[1].to_bits() == q[1].to_bits()));
    }
}
