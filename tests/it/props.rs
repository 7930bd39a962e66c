//! Properties that hold for any input: loading never panics, and a valid
//! dataset evaluates to scores in [-1, 1] at every date.

use std::fmt::Write;

use detente::date::Time;
use detente::eval::snapshot;
use detente::load::{load_bytes, load_str};
use proptest::prelude::*;

/// A random valid dataset: states with optional lifetimes, relations with
/// ordered keyframes inside both lifetimes, and a group.
fn dataset() -> impl Strategy<Value = String> {
    (2usize..8, proptest::collection::vec((any::<u64>(), -1.0f64..=1.0), 1..40)).prop_map(
        |(n, keys)| {
            let mut s = String::from("Dataset(version: 1, title: \"p\", states: [");
            for i in 0..n {
                let from = 1950 + (i * 7) % 20;
                let _ = write!(s, "State(id: \"S{i}\", name: \"State {i}\", from: \"{from}\"");
                if i % 3 == 2 {
                    let _ = write!(s, ", until: \"{}\"", 2000 + i);
                }
                s.push_str("),");
            }
            s.push_str("], relations: [");
            for (j, chunk) in keys.chunks(4).enumerate() {
                let a = j % n;
                let b = (j * 5 + 1) % n;
                if a == b {
                    continue;
                }
                let interp = if chunk[0].0 % 2 == 0 { "Linear" } else { "Step" };
                let _ = write!(s, "Relation(a: \"S{a}\", b: \"S{b}\", kind: \"diplomatic\", interp: {interp}, keys: [");
                for (k, (_, score)) in chunk.iter().enumerate() {
                    let _ = write!(s, "Key(date: \"{}-{:02}\", score: {score}),", 1970 + k * 7, 1 + k);
                }
                s.push_str("]),");
            }
            let _ = write!(s, "], groups: [Group(id: \"G\", kind: \"military\", score: {}, from: \"1975\", members: [", keys[0].1);
            for i in 0..n {
                let _ = write!(s, "Member(state: \"S{i}\", from: \"1975\"),");
            }
            s.push_str("])])");
            s
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn evaluation_never_panics_and_scores_stay_in_range(text in dataset(), t in -40_000.0f64..40_000.0) {
        let ds = load_str("p", &text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let snap = snapshot(&ds, Time(t), 365.0);
        for p in &snap.pairs {
            prop_assert!((-1.0..=1.0).contains(&p.score), "{}", p.score);
            for (_, s) in snap.kinds_of(p) {
                prop_assert!((-1.0..=1.0).contains(s));
            }
        }
    }

    #[test]
    fn evaluation_survives_odd_times(text in dataset()) {
        let ds = load_str("p", &text).unwrap();
        for t in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MAX, -f64::MAX, 0.0] {
            let snap = snapshot(&ds, Time(t), 365.0);
            prop_assert!(snap.pairs.iter().all(|p| p.score.is_finite()));
        }
    }

    #[test]
    fn loading_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = load_bytes("fuzz", &bytes);
    }

    #[test]
    fn loading_damaged_datasets_never_panics(text in dataset(), cut in any::<prop::sample::Index>(), junk in "[(){}\\[\\],:\"a-z0-9 ]{0,8}") {
        let at = cut.index(text.len());
        let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        let damaged = format!("{}{junk}{}", &text[..at], &text[at..]);
        if let Err(e) = load_str("fuzz", &damaged) {
            prop_assert!(!e.lines().is_empty());
        }
    }
}
