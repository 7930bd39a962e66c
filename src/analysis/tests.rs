use proptest::prelude::*;

use super::frustration::{frustration, frustration_heuristic, frustration_lower_bound};
use super::*;
use crate::date::Time;
use crate::eval::snapshot;
use crate::load::load_str;
use crate::model::Dataset;

fn bundled() -> Dataset {
    load_str("bundled", crate::DEFAULT_DATASET).unwrap()
}

fn at(year: i32) -> Time {
    Time::from_ymd(year, 6, 1)
}

/// Read's Gahuku–Gama tribes (see the file for its sources).
fn gahuku_gama() -> Vec<(usize, usize, f64)> {
    include_str!("../../tests/data/gahuku-gama.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let v: Vec<i64> = l.split_whitespace().map(|x| x.parse().unwrap()).collect();
            (v[0] as usize, v[1] as usize, v[2] as f64)
        })
        .collect()
}

#[test]
fn an_all_friendly_network_is_balanced() {
    let ties = [(0, 1, 0.5), (0, 2, 0.8), (1, 2, 0.3), (2, 3, 0.9)];
    let (ix, triads) = signed_balance(&ties);
    assert_eq!(triads.len(), 1);
    assert_eq!(ix.strict, Some(1.0));
    assert_eq!(ix.weak, Some(1.0));
    assert_eq!(ix.weighted, Some(1.0));
    assert!((ix.walk.unwrap() - 1.0).abs() < 1e-12);
    assert_eq!(ix.frustration.value, 0);
}

#[test]
fn three_mutual_enemies_are_weakly_but_not_strictly_balanced() {
    let ties = [(0, 1, -1.0), (0, 2, -1.0), (1, 2, -1.0)];
    let (ix, _) = signed_balance(&ties);
    assert_eq!(ix.strict, Some(0.0));
    assert_eq!(ix.weak, Some(1.0));
    assert_eq!(ix.frustration.value, 1);
    assert!(ix.walk.unwrap() < 1.0);
}

#[test]
fn k4_with_one_hostile_tie_needs_one_removal() {
    let mut ties = vec![
        (0, 1, 1.0),
        (0, 2, 1.0),
        (0, 3, 1.0),
        (1, 2, 1.0),
        (1, 3, 1.0),
    ];
    ties.push((2, 3, -1.0));
    let (ix, triads) = signed_balance(&ties);
    assert_eq!(triads.len(), 4);
    // The hostile tie is in two of the four triangles.
    assert_eq!(ix.strict, Some(0.5));
    assert_eq!(
        ix.frustration,
        Frustration {
            value: 1,
            exact: true,
            lower: 1
        }
    );
}

#[test]
fn the_gahuku_gama_tribes_have_the_published_frustration_index() {
    let ties = gahuku_gama();
    assert_eq!(ties.len(), 58);
    assert_eq!(ties.iter().filter(|t| t.2 > 0.0).count(), 29);
    let f = frustration(&ties);
    // 7 in Aref, Mason & Wilson (2020) and signnet's frustration_exact.
    assert_eq!(f.value, 7);
    assert!(f.exact);
    assert!(frustration_heuristic(&ties) >= 7);
    assert!(frustration_lower_bound(&ties) <= 7);
}

#[test]
fn india_russia_pakistan_is_balanced_in_1985_and_not_in_2018() {
    let ds = bundled();
    let id = |s: &str| ds.state_index(s).unwrap();
    let (ind, rus, pak) = (id("IND"), id("RUS"), id("PAK"));
    let mut trio = [ind, rus, pak];
    trio.sort_unstable();
    let find = |year| {
        let snap = snapshot(&ds, at(year), 0.0);
        let b = balance(&snap, DEFAULT_THRESHOLD);
        let all = signed_balance(&balance::ties(&snap, DEFAULT_THRESHOLD)).1;
        let triad = all.into_iter().find(|t| t.states == trio);
        (b, triad)
    };
    let (b1985, t1985) = find(1985);
    let t1985 = t1985.expect("a triangle in 1985");
    assert!(t1985.strict(), "{t1985:?}");
    assert!(!b1985.unbalanced.iter().any(|t| t.states == trio));
    let (b2018, t2018) = find(2018);
    let t2018 = t2018.expect("a triangle in 2018");
    assert!(!t2018.strict(), "{t2018:?}");
    assert!(b2018.unbalanced.iter().any(|t| t.states == trio));
    assert!(b2018.strain.iter().any(|&(s, w)| s == pak && w > 0.0));
}

#[test]
fn pakistan_and_russia_are_among_the_largest_improvements_from_1985_to_2018() {
    let ds = bundled();
    let s = shift(&ds, at(1985), at(2018));
    let pair = ds
        .pair_index(
            ds.state_index("PAK").unwrap(),
            ds.state_index("RUS").unwrap(),
        )
        .unwrap();
    let rank = s.pairs.iter().position(|p| p.pair == pair).unwrap();
    assert!(rank < 5, "ranked {rank}: {:?}", s.pairs[rank]);
    assert!(s.pairs[rank].delta > 0.5);
}

/// The frustration index by trying every split (for small graphs).
fn brute_force_frustration(ties: &[(usize, usize, f64)]) -> usize {
    let n = ties.iter().map(|t| t.0.max(t.1) + 1).max().unwrap_or(0);
    (0u32..(1 << n))
        .map(|mask| {
            ties.iter()
                .filter(|&&(a, b, w)| {
                    let same = (mask >> a & 1) == (mask >> b & 1);
                    (w > 0.0) != same
                })
                .count()
        })
        .min()
        .unwrap_or(0)
}

#[test]
fn a_part_too_large_to_solve_exactly_is_bounded_and_said_so() {
    // A ring of 24 states, all friends but one hostile tie: one removal
    // balances it, but the part is over the exact limit.
    let n = 24;
    let ties: Vec<(usize, usize, f64)> = (0..n)
        .map(|i| {
            (
                i.min((i + 1) % n),
                i.max((i + 1) % n),
                if i == 0 { -1.0 } else { 1.0 },
            )
        })
        .collect();
    let f = frustration(&ties);
    assert_eq!(f.value, 1, "{f:?}");
    // No triangle: the lower bound cannot see the odd cycle.
    assert_eq!(f.lower, 0);
    assert!(!f.exact);
    assert_eq!(f.to_string(), "≤ 1 (≥ 0)");
}

fn signed_graph() -> impl Strategy<Value = Vec<(usize, usize, f64)>> {
    proptest::collection::btree_map((0usize..9, 0usize..9), -1.0f64..1.0, 0..30).prop_map(|m| {
        m.into_iter()
            .filter(|&((a, b), w)| a < b && w.abs() > 0.01)
            .map(|((a, b), w)| (a, b, w))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn indices_are_shares_and_the_bounds_hold(ties in signed_graph()) {
        let (ix, _) = signed_balance(&ties);
        for x in [ix.strict, ix.weak, ix.weighted, ix.walk].into_iter().flatten() {
            prop_assert!((0.0..=1.0).contains(&x), "{ix:?}");
        }
        let f = frustration(&ties);
        prop_assert!(f.exact);
        prop_assert_eq!(f.value, brute_force_frustration(&ties));
        let (lower, upper) = (frustration_lower_bound(&ties), frustration_heuristic(&ties));
        prop_assert!(lower <= f.value && f.value <= upper && upper <= ties.len());
    }

    #[test]
    fn a_shift_reversed_is_the_other_way_round(a in 1950i32..2024, b in 1950i32..2024) {
        let ds = bundled();
        let forth = shift(&ds, at(a), at(b));
        let back = shift(&ds, at(b), at(a));
        prop_assert_eq!(forth.pairs.len(), back.pairs.len());
        for p in &forth.pairs {
            let q = back.pairs.iter().find(|q| q.pair == p.pair).unwrap();
            prop_assert_eq!(q.change, p.change.reversed());
            prop_assert_eq!((q.from, q.to), (p.to, p.from));
            prop_assert!((q.delta + p.delta).abs() < 1e-12);
        }
        let same = shift(&ds, at(a), at(a));
        prop_assert!(same.pairs.is_empty() && same.states.is_empty());
    }
}
