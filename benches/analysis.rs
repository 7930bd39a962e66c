//! Cost of the analyses: the balance of the network at one date and the
//! whole span month by month, on the bundled dataset and on a generated
//! world of 200 states; and the shift between two dates.

use criterion::{Criterion, criterion_group, criterion_main};
use detente::analysis::{DEFAULT_THRESHOLD, balance, balance_series, series_times, shift};
use detente::date::Time;
use detente::eval::snapshot;
use detente::load::load_str;

fn analyses(c: &mut Criterion) {
    let bundled = load_str("bundled", detente::DEFAULT_DATASET).expect("bundled data is valid");
    let world = load_str("world", &detente::synth::world_ron(200, 30, 7)).expect("valid");
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    for (name, ds) in [("bundled", &bundled), ("world-200", &world)] {
        let mid = Time(f64::midpoint(ds.start.0, ds.end.0));
        let snap = snapshot(ds, mid, 0.0);
        group.bench_function(format!("balance-at-a-date/{name}"), |b| {
            b.iter(|| balance(std::hint::black_box(&snap), DEFAULT_THRESHOLD));
        });
        group.bench_function(format!("shift/{name}"), |b| {
            b.iter(|| shift(std::hint::black_box(ds), ds.start, mid));
        });
        let months = series_times(ds.start, ds.end, |t| t.add_months(1));
        group.bench_function(format!("balance-monthly-series/{name}"), |b| {
            b.iter(|| {
                balance_series(std::hint::black_box(ds), &months, DEFAULT_THRESHOLD, || {
                    true
                })
            });
        });
    }
    group.finish();
}

criterion_group!(benches, analyses);
criterion_main!(benches);
