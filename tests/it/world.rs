//! The second bundled dataset, `world-blocs`: it loads, every value is
//! sourced, it is as large as it says, and it tells what it is for: blocs
//! at 1970, the Eastern bloc gone by 1995, Russia against the West in 2023,
//! in the scores and in the picture.

use detente::layout::quality::{distance, extent};
use detente::layout::{TimelineParams, layout_alone};
use detente::load::load_str;
use detente::model::{Dataset, pairs_among};

use super::{at, median, score};

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
    assert!(ds.relations.len() >= 60, "{}", ds.relations.len());
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

/// Where the states sit at `date` in a layout of that date alone, with the
/// forces the window and `export` use for this dataset, in units of the
/// extent of the living states. (The window shows the timeline layout,
/// whose samples follow the date alone closely — `layout_quality` measures
/// it — but costs seconds in a debug build.)
fn picture(ds: &Dataset, date: &str, params: &TimelineParams) -> Vec<[f32; 2]> {
    let t = at(date);
    let pos = layout_alone(ds, t, params, 1);
    let alive: Vec<bool> = ds.states.iter().map(|s| s.lifetime.contains(t)).collect();
    let e = extent(&pos, &alive);
    pos.iter().map(|p| [p[0] / e, p[1] / e]).collect()
}

fn indices(ds: &Dataset, ids: &[&str]) -> Vec<usize> {
    ids.iter().map(|id| ds.state_index(id).unwrap()).collect()
}

/// The median distance between members of `a` and members of `b` (pairs
/// of distinct states).
fn median_distance(pos: &[[f32; 2]], a: &[usize], b: &[usize]) -> f32 {
    let d = a.iter().flat_map(|&i| {
        b.iter()
            .filter(move |&&j| j != i)
            .map(move |&j| distance(pos[i], pos[j]))
    });
    median(d.collect())
}

/// The median distance from each member to its nearest fellow member.
fn median_nearest_distance(pos: &[[f32; 2]], a: &[usize]) -> f32 {
    let d = a.iter().map(|&i| {
        a.iter()
            .filter(|&&j| j != i)
            .map(|&j| distance(pos[i], pos[j]))
            .fold(f32::INFINITY, f32::min)
    });
    median(d.collect())
}

/// NATO's fifteen members in 1970.
const NATO_1970: [&str; 15] = [
    "USA", "GBR", "FRA", "DEU", "ITA", "CAN", "NLD", "BEL", "LUX", "NOR", "DNK", "ISL", "PRT",
    "TUR", "GRC",
];
/// The Warsaw Pact in 1970 (Albania had left in 1968).
const WARSAW_1970: [&str; 7] = ["RUS", "POL", "CSK", "HUN", "BGR", "ROU", "DDR"];

#[test]
fn the_world_takes_the_forces_of_a_sparse_world_with_room_to_spare() {
    let ds = world();
    assert!(TimelineParams::for_dataset(&ds).sim.spring > 0.0);
    // Dense worlds (every pair scored) take other forces: the bundled world
    // stays well short of them, or a few more groups would collapse its
    // blocs to points.
    let share = ds.pairs.len() as f64 / pairs_among(ds.states.len()) as f64;
    assert!(share < 0.6, "{:.0} % of pairs linked", 100.0 * share);
}

#[test]
fn the_picture_shows_the_blocs_form_dissolve_and_face_each_other() {
    let ds = world();
    let params = TimelineParams::for_dataset(&ds);
    let (west, east) = (indices(&ds, &NATO_1970), indices(&ds, &WARSAW_1970));

    // 1970: each bloc is a cluster, far from the other, and a cluster of
    // discs one can tell apart, not a point: neighbours at least 0.8 % of
    // the picture's diagonal apart, about a disc's width in a 1600×900
    // figure (the generic large-graph forces put each alliance's members
    // within a thousandth of the picture).
    let p = picture(&ds, "1970-06", &params);
    let across = median_distance(&p, &west, &east);
    for (name, bloc) in [("NATO", &west), ("Warsaw Pact", &east)] {
        let inside = median_distance(&p, bloc, bloc);
        assert!(
            inside < 0.3 * across,
            "{name} spread {inside}, {across} apart"
        );
        let gap = median_nearest_distance(&p, bloc);
        assert!(gap >= 0.008, "{name} members {gap} from each other");
    }

    // 1995: the former Warsaw Pact states have drifted apart, across the
    // picture.
    let former_1970 = indices(&ds, &["RUS", "POL", "CSK", "HUN", "BGR", "ROU"]);
    let former_1995 = indices(&ds, &["RUS", "POL", "CZE", "HUN", "BGR", "ROU"]);
    let then = median_distance(&p, &former_1970, &former_1970);
    let now = median_distance(
        &picture(&ds, "1995-06", &params),
        &former_1995,
        &former_1995,
    );
    assert!(
        now > 3.0 * then && now > 0.2,
        "{then} in 1970, {now} in 1995"
    );

    // 2023: Russia sits far from the West, and nearer China.
    let p = picture(&ds, "2023-06", &params);
    let russia = indices(&ds, &["RUS"]);
    let west = median_distance(&p, &russia, &west);
    let china = median_distance(&p, &russia, &indices(&ds, &["CHN"]));
    assert!(
        west > 0.1 && west > 2.0 * china,
        "Russia {west} from the West, {china} from China"
    );
}
