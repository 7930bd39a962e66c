//! Cost of loading the bundled world (`world-blocs`) and a dense world, and
//! of evaluating the network at a date: on pakistan-russia, on a
//! generated world of 200 states over 80 years, and on a dense world of 193
//! states with every pair scored every year (as UN voting agreement is).

use criterion::{Criterion, criterion_group, criterion_main};
use detente::date::Time;
use detente::eval::{DEFAULT_EVENT_WINDOW_DAYS, snapshot};
use detente::load::load_str;

fn evaluate(c: &mut Criterion) {
    let bundled = load_str("bundled", detente::DEFAULT_DATASET).expect("bundled data is valid");
    let world = load_str("world", &detente::synth::world_ron(200, 30, 7)).expect("valid");
    let dense_text = detente::synth::dense_world_ron(193, 1);
    let dense = load_str("dense", &dense_text).expect("valid");
    let mut load = c.benchmark_group("load");
    load.sample_size(10);
    let blocs = detente::example("world-blocs").expect("bundled");
    load.bench_function("world-blocs", |b| {
        b.iter(|| load_str(blocs.name, std::hint::black_box(blocs.text)).map(|ds| ds.pairs.len()));
    });
    load.bench_function("dense-193", |b| {
        b.iter(|| {
            load_str("dense", std::hint::black_box(&dense_text)).map(|ds| ds.relations.len())
        });
    });
    load.finish();
    let mut group = c.benchmark_group("snapshot");
    for (name, ds) in [
        ("bundled", &bundled),
        ("world-200", &world),
        ("dense-193", &dense),
    ] {
        let mid = Time(f64::midpoint(ds.start.0, ds.end.0));
        group.bench_function(name, |b| {
            b.iter(|| snapshot(std::hint::black_box(ds), mid, DEFAULT_EVENT_WINDOW_DAYS));
        });
    }
    group.finish();
}

criterion_group!(benches, evaluate);
criterion_main!(benches);
