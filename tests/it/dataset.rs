//! The bundled dataset: it loads, every keyframe and event is sourced, and
//! the story it tells holds at the dates that matter.

use detente::eval::snapshot;
use detente::load::load_str;
use detente::model::Dataset;

use super::{at, score};

fn bundled() -> Dataset {
    load_str("bundled", detente::DEFAULT_DATASET).expect("the bundled dataset is valid")
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Sign {
    Pos,
    Neg,
}
use Sign::{Neg, Pos};

/// (a, b, date, expected sign of the aggregate score).
const STORY: &[(&str, &str, &str, Sign)] = &[
    // Pakistan and the USSR on opposite sides of the Cold War.
    ("PAK", "RUS", "1955", Neg),
    ("PAK", "RUS", "1960-06", Neg),
    // …except for the rapprochement of the late 1960s: Kosygin's visit
    // (April 1968), Soviet arms (1968) and credits (a steel mill, 1971)
    // until the Indo-Soviet treaty of August 1971 (sources in the data).
    ("PAK", "RUS", "1969", Pos),
    ("PAK", "RUS", "1971-06", Pos),
    ("PAK", "RUS", "1971-12", Neg),
    ("PAK", "RUS", "1980", Neg),
    ("PAK", "RUS", "1985-06", Neg),
    ("PAK", "RUS", "1988-12", Neg),
    // Russia's turn towards Pakistan.
    ("PAK", "RUS", "2016-10", Pos),
    ("PAK", "RUS", "2018", Pos),
    ("PAK", "RUS", "2022-03", Pos),
    ("PAK", "RUS", "2025", Pos),
    // India: Moscow's old friend throughout.
    ("IND", "RUS", "1948", Pos),
    ("IND", "RUS", "1965", Pos),
    ("IND", "RUS", "1971-12", Pos),
    ("IND", "RUS", "1985", Pos),
    ("IND", "RUS", "1995", Pos),
    ("IND", "RUS", "2018", Pos),
    ("IND", "RUS", "2025", Pos),
    // Pakistan with Washington in the Cold War.
    ("PAK", "USA", "1955", Pos),
    ("PAK", "USA", "1985", Pos),
    // India and Pakistan: rivals throughout.
    ("IND", "PAK", "1950", Neg),
    ("IND", "PAK", "1990", Neg),
    ("IND", "PAK", "2018", Neg),
    // China: Pakistan's all-weather friend, India's rival after 1962.
    ("CHN", "PAK", "1970", Pos),
    ("CHN", "PAK", "2018", Pos),
    ("CHN", "IND", "1963", Neg),
    // The superpowers.
    ("RUS", "USA", "1985", Neg),
    ("RUS", "USA", "2022-06", Neg),
    // Afghanistan: Pakistan against the Soviet-backed government.
    ("AFG", "PAK", "1985", Neg),
    ("AFG", "RUS", "1985", Pos),
];

#[test]
fn the_story_holds() {
    let ds = bundled();
    for &(a, b, date, sign) in STORY {
        let s =
            score(&ds, a, b, date).unwrap_or_else(|| panic!("{a}–{b} has no relation in {date}"));
        let got = if s > 0.0 { Pos } else { Neg };
        assert!(
            s != 0.0 && got == sign,
            "{a}–{b} in {date}: score {s}, expected {sign:?}"
        );
    }
}

#[test]
fn the_ussr_becomes_russia_as_one_node() {
    let ds = bundled();
    let rus = ds.state_index("RUS").unwrap();
    assert_eq!(ds.states[rus].name_at(at("1991-12-25")), "Soviet Union");
    assert_eq!(ds.states[rus].name_at(at("1991-12-26")), "Russia");
    assert_eq!(
        ds.states
            .iter()
            .filter(|s| s.name_at(at("2000")) == "Russia")
            .count(),
        1
    );
}

#[test]
fn states_appear_when_they_are_born() {
    let ds = bundled();
    let alive = |id: &str, date: &str| {
        snapshot(&ds, at(date), 0.0)
            .states
            .iter()
            .any(|s| s.id == id)
    };
    assert!(!alive("BGD", "1970"));
    assert!(alive("BGD", "1972"));
    assert!(!alive("UKR", "1990"));
    assert!(alive("UKR", "1992"));
    assert!(!alive("CHN", "1949-01"));
}

#[test]
fn every_keyframe_and_event_has_a_source() {
    let ds = bundled();
    let mut unsourced = Vec::new();
    let mut keys = 0;
    for r in &ds.relations {
        for k in &r.keys {
            keys += 1;
            if k.sources.iter().all(|s| s.trim().is_empty()) {
                unsourced.push(format!(
                    "{}–{} {} {}",
                    ds.states[r.a].id, ds.states[r.b].id, ds.kinds[r.kind].id, k.date
                ));
            }
        }
    }
    for e in &ds.events {
        if e.sources.iter().all(|s| s.trim().is_empty()) {
            unsourced.push(format!("event {} {}", e.date, e.title));
        }
    }
    for g in &ds.groups {
        if g.sources.is_empty() {
            unsourced.push(format!("group {}", g.id));
        }
    }
    assert!(unsourced.is_empty(), "without a source: {unsourced:#?}");
    assert!(keys >= 150, "{keys} keyframes");
}

#[test]
fn the_dataset_is_as_rich_as_the_story_needs() {
    let ds = bundled();
    assert!(ds.events.len() >= 50, "{} events", ds.events.len());
    for id in [
        "PAK", "RUS", "USA", "IND", "CHN", "IRN", "AFG", "UKR", "GBR", "SAU", "BGD", "TUR",
    ] {
        assert!(ds.state_index(id).is_some(), "{id}");
    }
    for g in ["SEATO", "CENTO", "NATO", "WARSAW", "SCO"] {
        assert!(ds.groups.iter().any(|x| x.id == g), "{g}");
    }
    for era in [
        "Cold War",
        "Soviet–Afghan war",
        "After the Cold War",
        "War on terror",
        "Recent years",
    ] {
        assert!(ds.eras.iter().any(|e| e.name == era), "{era}");
    }
    // Every pair of states that has a relation is at some point linked.
    assert!(ds.relations.len() >= 30);
}

/// Crises that chilled a relation, and the thaws after them, many of which
/// never changed the relation's sign: (a, b, before, after, does the
/// aggregate score rise?). Each is a keyframe of the pair, with its source,
/// dated after `before` and no later than `after`.
const TURNS: &[(&str, &str, &str, &str, bool)] = &[
    // US arms to India after the Sino-Indian war (November 1962).
    ("PAK", "USA", "1962-06", "1963-06", false),
    // The arms embargo lifted (24 February 1975).
    ("PAK", "USA", "1974-06", "1975-06", true),
    // Symington cut-off (April 1979), the embassy burned (21 November 1979).
    ("PAK", "USA", "1979-01", "1979-06", false),
    ("PAK", "USA", "1979-06", "1979-12", false),
    // Salala (26 November 2011) and the supply routes reopened (July 2012).
    ("PAK", "USA", "2011-06", "2011-12", false),
    ("PAK", "USA", "2012-06", "2012-08", true),
    // Brasstacks (January 1987) and Zia's cricket visit (February 1987).
    ("IND", "PAK", "1986-06", "1987-01-15", false),
    ("IND", "PAK", "1987-01-15", "1987-06", true),
    // The Line of Control ceasefire (26 November 2003).
    ("IND", "PAK", "2003-06", "2003-12", true),
    // Modi's Lahore visit (25 December 2015), then Pathankot (2 January
    // 2016) and Uri (18 September 2016).
    ("IND", "PAK", "2015-06", "2015-12-28", true),
    ("IND", "PAK", "2015-12-28", "2016-01-10", false),
    ("IND", "PAK", "2016-03", "2016-10", false),
    // Taiwan Strait crises (1954, 1958, 1995) and the Belgrade embassy (1999).
    ("CHN", "USA", "1954-06", "1954-10", false),
    ("CHN", "USA", "1995-06", "1995-08", false),
    ("CHN", "USA", "1998-06", "1999-06", false),
    // Ping-pong diplomacy (April 1971).
    ("CHN", "USA", "1971-03", "1971-05", true),
];

#[test]
fn crises_chill_relations_and_thaws_warm_them() {
    let ds = bundled();
    for &(a, b, before, after, rises) in TURNS {
        let (s0, s1) = (
            score(&ds, a, b, before).unwrap(),
            score(&ds, a, b, after).unwrap(),
        );
        assert_eq!(
            s1 > s0,
            rises,
            "{a}-{b}: {s0:.2} at {before}, {s1:.2} at {after}"
        );
        assert!(
            (s1 - s0).abs() >= 0.05,
            "{a}-{b} barely moves: {s0} to {s1}"
        );
        let (ia, ib) = (ds.state_index(a).unwrap(), ds.state_index(b).unwrap());
        let keyed = ds
            .relations
            .iter()
            .filter(|r| (r.a, r.b) == (ia.min(ib), ia.max(ib)))
            .flat_map(|r| &r.keys)
            .any(|k| at(before) < k.time && k.time <= at(after));
        assert!(keyed, "{a}-{b}: no keyframe between {before} and {after}");
    }
}
