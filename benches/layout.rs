//! The layout engine: one simulation tick at 200, 1,000 and 10,000 nodes,
//! and the whole-span timeline layout of the bundled dataset, of a
//! generated world of 200 states over 80 years and of a dense world of 193
//! states with every pair scored every year.

use criterion::{Criterion, criterion_group, criterion_main};
use detente::layout::{
    Edge, Params, Pins, Simulation, TimelineBuilder, TimelineParams, phyllotaxis, timeline_layout,
};
use detente::load::load_str;

fn tick(c: &mut Criterion) {
    let mut group = c.benchmark_group("tick");
    for n in [200usize, 1_000, 10_000] {
        let edges: Vec<Edge> = detente::synth::signed_graph(n, 5, 42)
            .into_iter()
            .map(|(a, b, w)| Edge { a, b, w })
            .collect();
        let mut sim = Simulation::new(Params::default(), phyllotaxis(n), &edges);
        for _ in 0..10 {
            sim.tick();
        }
        group.bench_function(format!("{n}"), |b| b.iter(|| sim.tick()));
    }
    group.finish();
}

fn timeline(c: &mut Criterion) {
    let bundled = load_str("bundled", detente::DEFAULT_DATASET).expect("valid");
    let world = load_str("world", &detente::synth::world_ron(200, 30, 7)).expect("valid");
    // The parameters the window and the command line use for each.
    let small = TimelineParams::for_dataset(&bundled);
    let params = TimelineParams::for_dataset(&world);
    let mut group = c.benchmark_group("timeline");
    group.sample_size(10);
    group.bench_function("bundled", |b| {
        b.iter(|| timeline_layout(&bundled, &small, &Pins::new()));
    });
    group.bench_function("world-200", |b| {
        b.iter(|| timeline_layout(&world, &params, &Pins::new()));
    });
    // The first usable picture: the first sample, published before any
    // other.
    group.bench_function("world-200-first-picture", |b| {
        b.iter(|| {
            let mut builder = TimelineBuilder::new(&world, params.clone(), Pins::new());
            builder.step();
            builder.into_layout()
        });
    });
    // The bundled world: its whole span, and the picture of a date far
    // from the one it opens on, as after End (a preview, shown at once).
    let blocs = detente::example("world-blocs").expect("bundled");
    let blocs = load_str(blocs.name, blocs.text).expect("valid");
    let blocs_params = TimelineParams::for_dataset(&blocs);
    group.bench_function("world-blocs", |b| {
        b.iter(|| timeline_layout(&blocs, &blocs_params, &Pins::new()));
    });
    group.bench_function("world-blocs-jump", |b| {
        b.iter(|| {
            let mut builder = TimelineBuilder::new(&blocs, blocs_params.clone(), Pins::new());
            builder.step();
            builder.want(blocs.end);
            builder.into_layout()
        });
    });
    let dense = load_str("dense", &detente::synth::dense_world_ron(193, 1)).expect("valid");
    let dense_params = TimelineParams::for_dataset(&dense);
    group.bench_function("dense-193-first-picture", |b| {
        b.iter(|| {
            let mut builder = TimelineBuilder::new(&dense, dense_params.clone(), Pins::new());
            builder.step();
            builder.into_layout()
        });
    });
    group.bench_function("dense-193", |b| {
        b.iter(|| timeline_layout(&dense, &dense_params, &Pins::new()));
    });
    group.finish();
}

criterion_group!(benches, tick, timeline);
criterion_main!(benches);
