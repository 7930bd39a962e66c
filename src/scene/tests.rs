use super::*;
use crate::eval::snapshot;
use crate::load::load_str;
use crate::theme::ThemeKind;

fn bundled() -> Dataset {
    load_str("b", crate::DEFAULT_DATASET).unwrap()
}

fn scene_at(ds: &Dataset, year: i32, opts: &SceneOptions) -> Scene {
    let snap = snapshot(ds, Time::from_ymd(year, 6, 1), 0.0);
    let positions: Vec<[f32; 2]> = (0..ds.states.len())
        .map(|i| [i as f32 * 50.0, 0.0])
        .collect();
    build(
        ds,
        &snap,
        &positions,
        &Presence::new(ds),
        &Theme::new(ThemeKind::Light),
        opts,
    )
}

fn opts(pins: &Pins) -> SceneOptions<'_> {
    SceneOptions::plain(pins)
}

#[test]
fn a_selected_state_is_drawn_whole_on_the_day_it_is_born() {
    let ds = crate::load::load_str("bundled", crate::DEFAULT_DATASET).unwrap();
    let pins = Pins::new();
    let bgd = ds.state_index("BGD").unwrap();
    let born = ds.states[bgd].lifetime.from().unwrap();
    let snap = snapshot(&ds, born, 0.0);
    let positions = vec![[0.0, 0.0]; ds.states.len()];
    let alpha_of = |o: &SceneOptions| {
        build(
            &ds,
            &snap,
            &positions,
            &Presence::new(&ds),
            &Theme::new(ThemeKind::Light),
            o,
        )
        .nodes
        .iter()
        .find(|n| n.state == bgd)
        .map(|n| n.alpha)
    };
    let faded = alpha_of(&opts(&pins)).unwrap();
    assert!(faded < 0.5, "fading in: {faded}");
    let chosen = SceneOptions {
        selected_state: Some(bgd),
        ..opts(&pins)
    };
    assert_eq!(alpha_of(&chosen), Some(1.0));
}

#[test]
fn hostile_edges_are_red_and_friendly_blue() {
    let ds = bundled();
    let pins = Pins::new();
    let scene = scene_at(&ds, 1985, &opts(&pins));
    let (pak, rus, ind) = (
        ds.state_index("PAK").unwrap(),
        ds.state_index("RUS").unwrap(),
        ds.state_index("IND").unwrap(),
    );
    let edge = |a: usize, b: usize| {
        scene
            .edges
            .iter()
            .find(|e| (e.a, e.b) == (a.min(b), a.max(b)))
            .unwrap()
    };
    let hostile = edge(pak, rus);
    assert!(hostile.score < 0.0 && hostile.colour.0[0] > hostile.colour.0[2]);
    let friendly = edge(ind, rus);
    assert!(friendly.score > 0.0 && friendly.colour.0[2] > friendly.colour.0[0]);
}

#[test]
fn states_appear_with_their_lifetime_and_names_change() {
    let ds = bundled();
    let pins = Pins::new();
    let bgd = ds.state_index("BGD").unwrap();
    assert!(scene_at(&ds, 1965, &opts(&pins)).node(bgd).is_none());
    assert!(scene_at(&ds, 1975, &opts(&pins)).node(bgd).is_some());
    let rus = ds.state_index("RUS").unwrap();
    assert_eq!(
        scene_at(&ds, 1985, &opts(&pins)).node(rus).unwrap().label,
        "Soviet Union"
    );
    assert_eq!(
        scene_at(&ds, 1995, &opts(&pins)).node(rus).unwrap().label,
        "Russia"
    );
}

#[test]
fn selecting_a_state_highlights_its_edges_and_dims_the_rest() {
    let ds = bundled();
    let pins = Pins::new();
    let pak = ds.state_index("PAK").unwrap();
    let o = SceneOptions {
        selected_state: Some(pak),
        ..opts(&pins)
    };
    let scene = scene_at(&ds, 1985, &o);
    assert!(
        scene
            .edges
            .iter()
            .all(|e| e.highlighted == (e.a == pak || e.b == pak))
    );
    let last = scene.edges.last().unwrap();
    assert!(last.highlighted, "highlighted edges are drawn last");
    let unrelated = ds.state_index("UKR").unwrap();
    assert!(scene_at(&ds, 1995, &o).node(unrelated).unwrap().alpha < 0.5);
}

#[test]
fn filters_hide_kinds_and_weak_relations() {
    let ds = bundled();
    let pins = Pins::new();
    let all = scene_at(&ds, 1985, &opts(&pins)).edges.len();
    let strong = SceneOptions {
        min_strength: 0.6,
        ..opts(&pins)
    };
    assert!(scene_at(&ds, 1985, &strong).edges.len() < all);
    let only_economic = [false, false, true];
    let econ = SceneOptions {
        kinds_enabled: &only_economic,
        ..opts(&pins)
    };
    assert!(scene_at(&ds, 1985, &econ).edges.len() < all);
}

/// The boxes of the labels shown (the scene's positions taken as points),
/// checked never to overlap one another.
fn shown_label_rects(scene: &Scene, shown: &[Option<LabelSpot>]) -> Vec<[f32; 4]> {
    let rects: Vec<[f32; 4]> = scene
        .nodes
        .iter()
        .zip(shown)
        .filter_map(|(n, s)| s.map(|spot| label_rect_at(n, n.pos, LABEL_SIZE, spot)))
        .collect();
    for (i, a) in rects.iter().enumerate() {
        for b in &rects[i + 1..] {
            assert!(!(a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]));
        }
    }
    rects
}

#[test]
fn labels_never_overlap() {
    let ds = bundled();
    let pins = Pins::new();
    let mut scene = scene_at(&ds, 2000, &opts(&pins));
    // Crowd every node into a small area.
    for (i, n) in scene.nodes.iter_mut().enumerate() {
        n.pos = [(i % 3) as f32 * 8.0, (i / 3) as f32 * 8.0];
    }
    let shown = place_labels(&scene, |p| p, LABEL_SIZE, (ANYWHERE, None), &[]);
    let rects = shown_label_rects(&scene, &shown);
    assert!(!rects.is_empty() && rects.len() < scene.nodes.len());
}

#[test]
fn the_largest_state_is_named_even_in_the_middle_of_a_crowd() {
    let ds = bundled();
    let pins = Pins::new();
    let mut scene = scene_at(&ds, 2000, &opts(&pins));
    let largest = (0..scene.nodes.len())
        .max_by(|&a, &b| {
            let (a, b) = (&scene.nodes[a], &scene.nodes[b]);
            a.label_priority.total_cmp(&b.label_priority)
        })
        .unwrap();
    // Every other state on a ring close around it: no spot is free of
    // discs.
    let others = scene.nodes.len() - 1;
    let mut k = 0;
    for (i, n) in scene.nodes.iter_mut().enumerate() {
        n.radius = 6.0;
        if i == largest {
            n.pos = [0.0, 0.0];
        } else {
            let a = std::f32::consts::TAU * k as f32 / others as f32;
            n.pos = [18.0 * libm::cosf(a), 18.0 * libm::sinf(a)];
            k += 1;
        }
    }
    let shown = place_labels(&scene, |p| p, LABEL_SIZE, (ANYWHERE, None), &[]);
    assert!(
        shown[largest].is_some(),
        "{} unnamed",
        scene.nodes[largest].label
    );
    shown_label_rects(&scene, &shown);
}

#[test]
fn a_label_by_the_edge_turns_inwards() {
    let ds = bundled();
    let pins = Pins::new();
    let mut scene = scene_at(&ds, 2000, &opts(&pins));
    let area = [0.0, 0.0, 600.0, 400.0];
    // One state close to the left edge, the others far away.
    for (i, n) in scene.nodes.iter_mut().enumerate() {
        n.pos = if i == 0 {
            [8.0, 200.0]
        } else {
            [400.0 + 40.0 * (i % 4) as f32, 40.0 + 60.0 * (i / 4) as f32]
        };
    }
    let shown = place_labels(&scene, |p| p, LABEL_SIZE, (area, None), &[]);
    let spot = shown[0].expect("room to the right");
    let r = label_rect_at(&scene.nodes[0], scene.nodes[0].pos, LABEL_SIZE, spot);
    assert!(r[0] >= area[0], "{} cut off: {r:?}", scene.nodes[0].label);
}

#[test]
fn states_there_from_the_start_do_not_fade_in() {
    let ds = bundled();
    let pins = Pins::new();
    let positions = vec![[0.0, 0.0]; ds.states.len()];
    let theme = Theme::new(ThemeKind::Light);
    let presence = Presence::new(&ds);
    let at = |t: Time| {
        let snap = crate::eval::snapshot(&ds, t, 0.0);
        build(&ds, &snap, &positions, &presence, &theme, &opts(&pins))
    };
    let pak = ds.state_index("PAK").unwrap();
    assert_eq!(at(ds.start).node(pak).unwrap().alpha, 1.0);
    // Bangladesh, born later, fades in.
    let born = crate::date::Date::parse("1971-03-26").unwrap().start();
    let bgd = ds.state_index("BGD").unwrap();
    assert!(at(Time(born.0 + 10.0)).node(bgd).unwrap().alpha < 0.5);
}

#[test]
fn legends_list_the_colours_in_use() {
    let ds = bundled();
    let names = |year| -> Vec<String> {
        legend_swatches(
            &ds,
            Time::from_ymd(year, 6, 1),
            &Theme::new(ThemeKind::Light),
        )
        .into_iter()
        .map(|(_, n)| n)
        .collect()
    };
    assert!(names(1985).contains(&"Soviet bloc".to_owned()));
    let now = names(2018);
    assert!(!now.contains(&"Soviet bloc".to_owned()), "{now:?}");
    assert!(now.contains(&"Russia".to_owned()) && now.contains(&"China".to_owned()));
    // Every state has a colour here: no grey entry.
    assert!(!now.contains(&"No bloc".to_owned()), "{now:?}");
    // Grey discs have their entry: the states of the world in no bloc.
    let world = crate::example("world-blocs").unwrap();
    let world = load_str(world.name, world.text).unwrap();
    let theme = Theme::new(ThemeKind::Light);
    let swatches = legend_swatches(&world, Time::from_ymd(2023, 6, 1), &theme);
    assert!(
        swatches.contains(&(theme.node_default, "No bloc".to_owned())),
        "{swatches:?}"
    );
}

#[test]
fn relations_fade_in_after_they_start() {
    let ds = bundled();
    let presence = Presence::new(&ds);
    let (bgd, ind) = (
        ds.state_index("BGD").unwrap(),
        ds.state_index("IND").unwrap(),
    );
    let p = ds.pair_index(bgd, ind).unwrap();
    let start = crate::date::Date::parse("1971-03-26").unwrap().start();
    assert!(presence.fade_in(p, Time(start.0 + 10.0)) < 0.5);
    assert_eq!(presence.fade_in(p, Time(start.0 + 2.0 * FADE_DAYS)), 1.0);
}

#[test]
fn compared_with_another_date_edges_show_the_change_and_ended_and_new_relations() {
    let ds = bundled();
    let pins = Pins::new();
    let before = snapshot(&ds, Time::from_ymd(1985, 6, 1), 0.0);
    let snap = snapshot(&ds, Time::from_ymd(2018, 6, 1), 0.0);
    let positions = vec![[0.0, 0.0]; ds.states.len()];
    let theme = Theme::new(ThemeKind::Light);
    let opts = SceneOptions {
        shift_from: Some(&before),
        ..opts(&pins)
    };
    let scene = build(&ds, &snap, &positions, &Presence::new(&ds), &theme, &opts);
    let id = |s: &str| ds.state_index(s).unwrap();
    let edge = |a, b| {
        scene
            .edges
            .iter()
            .find(|e| (e.a, e.b) == (id(a).min(id(b)), id(a).max(id(b))))
            .unwrap()
    };
    // Pakistan–Russia improved: coloured by its change, on the "better"
    // side of the scale.
    let pak_rus = edge("PAK", "RUS");
    let old = before.pair(id("PAK"), id("RUS")).unwrap().score as f32;
    let change = theme.shift_colour(pak_rus.score - old);
    assert!(pak_rus.score - old > 0.5);
    assert_eq!(pak_rus.colour.0[..3], change.0[..3]);
    assert_ne!(change, theme.shift_colour(old - pak_rus.score));
    assert!(!pak_rus.new);
    // Ukraine did not exist in 1985: its relations are new.
    assert!(
        scene
            .edges
            .iter()
            .any(|e| e.new && (e.a == id("UKR") || e.b == id("UKR")))
    );
    // No relation of 1985 between states alive in 2018 has ended in the
    // bundled story, so no ghost.
    assert!(
        scene
            .edges
            .iter()
            .all(|e| e.dash != Dash::Dotted || e.score != 0.0)
    );
}

#[test]
fn compared_with_an_earlier_date_a_relation_that_ended_is_a_ghost() {
    let ds = load_str(
        "t",
        r#"Dataset(version: 1, title: "t",
            states: [State(id: "A", name: "A"), State(id: "B", name: "B"), State(id: "C", name: "C")],
            relations: [
                Relation(a: "A", b: "B", kind: "diplomatic", until: "1970", keys: [Key(date: "1950", score: 0.8)]),
                Relation(a: "B", b: "C", kind: "diplomatic", keys: [Key(date: "1960", score: -0.5)]),
            ])"#,
    )
    .unwrap();
    let pins = Pins::new();
    let before = snapshot(&ds, Time::from_ymd(1965, 1, 1), 0.0);
    let snap = snapshot(&ds, Time::from_ymd(1975, 1, 1), 0.0);
    let opts = SceneOptions {
        shift_from: Some(&before),
        ..opts(&pins)
    };
    let theme = Theme::new(ThemeKind::Light);
    let positions = vec![[0.0, 0.0]; 3];
    let scene = build(&ds, &snap, &positions, &Presence::new(&ds), &theme, &opts);
    let ab = ds.pair_index(0, 1).unwrap();
    let ghost = scene.edges.iter().find(|e| e.pair == ab).expect("a ghost");
    assert_eq!(ghost.dash, Dash::Dotted);
    assert!(!ghost.new);
    // B–C did not change: the middle of the change scale, no dot.
    let bc = scene.edges.iter().find(|e| e.pair != ab).unwrap();
    assert_eq!(bc.colour.0[..3], theme.shift_colour(0.0).0[..3]);
    assert!(!bc.new);
}

#[test]
fn a_selected_triangle_is_shaded_and_its_ties_stand_out() {
    let ds = bundled();
    let pins = Pins::new();
    let trio = {
        let mut t = ["PAK", "RUS", "IND"].map(|s| ds.state_index(s).unwrap());
        t.sort_unstable();
        t
    };
    let triangle = SceneOptions {
        selected_group: &trio,
        ..opts(&pins)
    };
    let scene = scene_at(&ds, 2018, &triangle);
    let (corners, _) = scene.shade.expect("the triangle is shaded");
    assert_eq!(corners.len(), 3);
    let highlighted: Vec<_> = scene.edges.iter().filter(|e| e.highlighted).collect();
    assert_eq!(highlighted.len(), 3, "its three ties");
    assert!(
        highlighted
            .iter()
            .all(|e| trio.contains(&e.a) && trio.contains(&e.b))
    );
    // A pair is not shaded.
    let pair = [trio[0], trio[1]];
    let two = SceneOptions {
        selected_group: &pair,
        ..opts(&pins)
    };
    assert!(scene_at(&ds, 2018, &two).shade.is_none());
}

#[test]
fn a_dense_world_draws_its_backbone_and_the_strongest_of_the_crowd() {
    let ds = load_str("dense", &crate::synth::dense_world_ron(120, 5)).unwrap();
    let pins = Pins::new();
    let snap = snapshot(&ds, Time::from_ymd(1990, 6, 1), 0.0);
    let plain = scene_at(&ds, 1990, &opts(&pins));
    let backbone_most = ds.states.len() * (BACKBONE_FRIENDS + BACKBONE_RIVALS);
    assert!(snap.pairs.len() > 5000, "{}", snap.pairs.len());
    assert!(
        plain.edges.len() <= backbone_most + CROWD_BUDGET,
        "{}",
        plain.edges.len()
    );
    assert!(plain.edges.len() >= CROWD_BUDGET);
    // The crowd kept is the strongest: the strongest tie of all is drawn.
    let strongest = snap
        .pairs
        .iter()
        .max_by(|x, y| x.score.abs().total_cmp(&y.score.abs()))
        .unwrap();
    assert!(plain.edges.iter().any(|e| e.pair == strongest.pair));
    // Compared with 1970, the largest change is drawn.
    let before = snapshot(&ds, Time::from_ymd(1970, 6, 1), 0.0);
    let compared = scene_at(
        &ds,
        1990,
        &SceneOptions {
            shift_from: Some(&before),
            ..opts(&pins)
        },
    );
    let change =
        |p: &crate::eval::PairAt| (p.score - before.pair(p.a, p.b).map_or(0.0, |q| q.score)).abs();
    let largest = snap
        .pairs
        .iter()
        .max_by(|x, y| change(x).total_cmp(&change(y)))
        .unwrap();
    assert!(compared.edges.iter().any(|e| e.pair == largest.pair));
    // A selected state keeps every one of its ties.
    let s = snap.states[0].state;
    let chosen = SceneOptions {
        selected_state: Some(s),
        ..opts(&pins)
    };
    let ties = snap.pairs.iter().filter(|p| p.a == s || p.b == s).count();
    let drawn = scene_at(&ds, 1990, &chosen)
        .edges
        .iter()
        .filter(|e| e.highlighted)
        .count();
    assert_eq!(drawn, ties);
}

#[test]
fn a_short_relation_is_there_in_full_for_most_of_its_span() {
    let ds = load_str(
        "t",
        r#"Dataset(version: 1, title: "t", start: "1960", end: "1970",
            states: [State(id: "A", name: "A"), State(id: "B", name: "B")],
            relations: [Relation(a: "A", b: "B", kind: "military", interp: Step, until: "1965-09-23",
                keys: [Key(date: "1965-08-05", score: -1.0)])])"#,
    )
    .unwrap();
    let presence = Presence::new(&ds);
    let start = crate::date::Date::parse("1965-08-05").unwrap().start();
    // 49 days long: faded in after 12 days, not 240.
    assert!(presence.fade_in(0, Time(start.0 + 1.0)) < 0.5);
    assert_eq!(presence.fade_in(0, Time(start.0 + 13.0)), 1.0);
}

#[test]
fn a_new_state_is_whole_two_months_after_its_birth() {
    let ds = bundled();
    let bgd = ds.state_index("BGD").unwrap();
    let born = ds.states[bgd].lifetime.from().unwrap();
    let at = |days: f64| presence::life_alpha(&ds, bgd, Time(born.0 + days));
    assert!(at(0.0) > 0.2 && at(0.0) < 0.3, "born: {}", at(0.0));
    assert!(at(30.0) < 1.0, "a month on: {}", at(30.0));
    assert_eq!(at(presence::BIRTH_FADE_DAYS), 1.0);
}
