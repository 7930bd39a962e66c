//! Whatever loads evaluates, at any date, to finite scores in [-1, 1].
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (f64, &[u8])| {
    let (at, data) = input;
    let Ok(ds) = detente::load::load_bytes("fuzz.ron", data) else {
        return;
    };
    let f = if at.is_finite() { at.rem_euclid(1.0) } else { 0.5 };
    let t = detente::date::Time(ds.start.0 + (ds.end.0 - ds.start.0) * f);
    for p in &detente::eval::snapshot(&ds, t, 30.0).pairs {
        assert!(p.score.is_finite() && (-1.0..=1.0).contains(&p.score));
    }
});
