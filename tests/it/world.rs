//! The second bundled dataset, `world-blocs`: it loads, every value is
//! sourced, it is as large as it says, and it tells what it is for: blocs
//! at 1970, the Eastern bloc gone by 1995, Russia against the West in 2023.

use detente::load::load_str;
use detente::model::Dataset;

use super::{at, score};

fn world() -> Dataset {
    let example = detente::example("world-blocs").expect("bundled");
    load_str(example.name, example.text).expect("the world dataset is valid")
}

fn alive(ds: &Dataset, date: &str) -> usize {
    ds.states
        .iter()
        .filter(|s| s.lifetime.contains(at(date)))
        .count()
}

#[test]
fn the_world_is_large_and_every_value_is_sourced() {
    let ds = world();
    // The state system had about 160 members in 1990 and 195 from 2011
    // (Correlates of War); the dataset has them all.
    assert!(alive(&ds, "1990-06") >= 160, "{}", alive(&ds, "1990-06"));
    assert!(alive(&ds, "2020") >= 190, "{}", alive(&ds, "2020"));
    assert!(ds.groups.len() >= 15);
    assert!(ds.relations.len() >= 40);
    assert!(ds.events.len() >= 40);
    for s in &ds.states {
        assert!(!s.sources.is_empty(), "{} has no source", s.id);
        for change in &s.history {
            assert!(
                !change.sources.is_empty(),
                "a change of {} has no source",
                s.id
            );
        }
    }
    for r in &ds.relations {
        for k in &r.keys {
            assert!(
                !r.sources_for(k).is_empty(),
                "a keyframe of {}-{} has no source",
                r.a,
                r.b
            );
            assert!(!k.note.is_empty());
        }
    }
    assert!(ds.groups.iter().all(|g| !g.sources.is_empty()));
    assert!(ds.events.iter().all(|e| !e.sources.is_empty()));
}

#[test]
fn in_1970_the_blocs_hold_together_and_face_each_other() {
    let ds = world();
    // Allies inside each bloc.
    for (a, b) in [
        ("FRA", "USA"),
        ("DEU", "GBR"),
        ("ITA", "NOR"),
        ("POL", "RUS"),
        ("CSK", "HUN"),
        ("BGR", "DDR"),
    ] {
        let s = score(&ds, a, b, "1970-06").unwrap_or(0.0);
        assert!(s >= 0.5, "{a}-{b} in 1970: {s}");
    }
    // Adversaries across.
    for (a, b) in [("RUS", "USA"), ("GBR", "RUS"), ("DEU", "RUS")] {
        let s = score(&ds, a, b, "1970-06").unwrap();
        assert!(s < 0.0, "{a}-{b} in 1970: {s}");
    }
}

#[test]
fn by_1995_the_eastern_bloc_has_dissolved() {
    let ds = world();
    // The Warsaw Pact and Comecon are gone: no tie holds the former members
    // to Moscow or to each other (until NATO and the EU take them in).
    for (a, b) in [
        ("POL", "RUS"),
        ("CSK", "HUN"),
        ("HUN", "POL"),
        ("BGR", "ROU"),
    ] {
        let s = score(&ds, a, b, "1995-06").unwrap_or(0.0);
        assert!(s < 0.5, "{a}-{b} in 1995: {s}");
    }
    let ru = ds.state_index("RUS").unwrap();
    assert_eq!(ds.states[ru].name_at(at("1995")), "Russia");
    assert_eq!(*ds.states[ru].blocs.at(at("1995")), None);
}

#[test]
fn in_2023_russias_ties_to_the_west_are_hostile() {
    let ds = world();
    for w in ["USA", "GBR", "FRA", "DEU", "ITA", "CAN", "JPN"] {
        let s = score(&ds, "RUS", w, "2023-06").unwrap();
        assert!(s <= -0.5, "RUS-{w} in 2023: {s}");
    }
    // And Ukraine is at war with Russia.
    assert_eq!(score(&ds, "RUS", "UKR", "2023-06"), Some(-1.0));
}
