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
        // Bytes that are no dataset get an error naming the file and
        // saying something, never a panic nor a silent nothing.
        if let Err(e) = load_bytes("fuzz", &bytes) {
            let lines = e.lines();
            prop_assert!(!lines.is_empty());
            for line in &lines {
                prop_assert!(line.starts_with("fuzz") && line.len() > "fuzz: ".len() + 3, "{}", line);
            }
        }
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

/// Pieces of the mistakes people make, spliced into the bundled file.
const MISTAKES: &[&str] = &[
    "\"",
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "0,6",
    "60%",
    "'",
    "1e308",
    "5e-324",
    "-",
    "NaN",
    "inf",
    "level: \"Tense\"",
    "//",
    "/*",
    "\n",
    "Key(date: \"1950\")",
    "score: 2.0",
    "date: \"1985-13-40\"",
    "\u{feff}",
    "é",
    "\\",
    "Allied",
    "until: \"1900\"",
];

/// A small deterministic generator (the cases must be the same on every run).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // SplitMix64.
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The nearest character boundary at or before `i`.
fn boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One mutation of `text`: a piece deleted, duplicated or moved, or a
/// mistake inserted.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let at = boundary(text, rng.below(text.len()));
    let len = boundary(text, at + 1 + rng.below(40)) - at;
    let mut out = text.to_owned();
    match rng.below(4) {
        0 => {
            out.replace_range(at..at + len, "");
        }
        1 => {
            let piece = text[at..at + len].to_owned();
            out.insert_str(at, &piece);
        }
        2 => {
            let piece = text[at..at + len].to_owned();
            out.replace_range(at..at + len, "");
            let to = boundary(&out, rng.below(out.len()));
            out.insert_str(to, &piece);
        }
        _ => {
            let mistake = MISTAKES[rng.below(MISTAKES.len())];
            out.insert_str(at, mistake);
        }
    }
    out
}

/// Thousands of mutations of the bundled dataset: loading never panics,
/// every problem is placed at `file:line:col` within the file, and whatever
/// loads evaluates to finite scores in [-1, 1].
#[test]
fn mutations_of_the_bundled_file_never_panic_and_every_error_is_placed() {
    let original = detente::DEFAULT_DATASET;
    let mut rng = Rng(0x5eed_d37e);
    let mut loaded = 0;
    for case in 0..4_000 {
        let mut text = mutate(original, &mut rng);
        if case % 3 == 0 {
            text = mutate(&text, &mut rng);
        }
        let lines = text.lines().count() + 1;
        match load_str("m.ron", &text) {
            Ok(ds) => {
                loaded += 1;
                for k in 0..4 {
                    let t = Time(ds.start.0 + (ds.end.0 - ds.start.0) * f64::from(k) / 3.0);
                    for p in &snapshot(&ds, t, 0.0).pairs {
                        assert!(
                            p.score.is_finite() && (-1.0..=1.0).contains(&p.score),
                            "case {case}: score {}",
                            p.score
                        );
                    }
                }
            }
            Err(e) => {
                for line in e.lines() {
                    let mut parts = line.splitn(4, ':');
                    assert_eq!(parts.next(), Some("m.ron"), "case {case}: {line}");
                    let l: usize = parts.next().and_then(|x| x.parse().ok()).unwrap_or(0);
                    let c: usize = parts.next().and_then(|x| x.parse().ok()).unwrap_or(0);
                    assert!(
                        (1..=lines).contains(&l) && c >= 1,
                        "case {case}: not placed in the file: {line}"
                    );
                    assert!(
                        parts.next().is_some_and(|m| m.trim().len() > 3),
                        "case {case}: no message: {line}"
                    );
                }
            }
        }
    }
    // Some mutations (in notes and comments) leave the file valid.
    assert!(loaded > 50, "{loaded} of 4000 loaded");
}
