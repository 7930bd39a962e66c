//! The bundled story read in positions, not colours: where the timeline
//! layout puts states at the dates that matter, and that every date's
//! picture is readable (each label by its own disc, none on another, edges
//! around the discs they would cross).

use std::sync::OnceLock;

use detente::date::Time;
use detente::eval::snapshot;
use detente::export::svg::legend_height;
use detente::export::{Drawn, FigureOptions};
use detente::layout::quality::{distance, extent};
use detente::layout::{Pins, TimelineLayout, TimelineParams, timeline_layout};
use detente::load::load_str;
use detente::model::Dataset;
use detente::scene::{
    self, EDGE_BOW, LABEL_SIZE, Presence, SceneOptions, edge_crossings, label_rect_at, route_edges,
};
use detente::theme::{Theme, ThemeKind};

use super::at;

fn bundled() -> &'static (Dataset, TimelineLayout) {
    static CELL: OnceLock<(Dataset, TimelineLayout)> = OnceLock::new();
    CELL.get_or_init(|| {
        let ds = load_str("bundled", detente::DEFAULT_DATASET).expect("valid");
        let params = TimelineParams::for_dataset(&ds);
        let layout = timeline_layout(&ds, &params, &Pins::new());
        (ds, layout)
    })
}

/// The distance between two states at a date, as a fraction of the extent
/// of the living states then.
fn apart(a: &str, b: &str, date: &str) -> f32 {
    let (ds, layout) = bundled();
    let t = at(date);
    let mut pos = Vec::new();
    layout.positions_at(t, &mut pos);
    let mut alive = vec![false; ds.states.len()];
    for s in &snapshot(ds, t, 0.0).states {
        alive[s.state] = true;
    }
    let (a, b) = (ds.state_index(a).unwrap(), ds.state_index(b).unwrap());
    distance(pos[a], pos[b]) / extent(&pos, &alive)
}

#[test]
fn in_1985_pakistan_sits_with_the_united_states_and_india_with_the_soviet_union() {
    // Scores then: PAK–USA +0.7, PAK–USSR −0.6; IND–USSR +0.8, IND–USA −0.2.
    assert!(apart("PAK", "USA", "1985-06") < apart("PAK", "RUS", "1985-06"));
    assert!(apart("IND", "RUS", "1985-06") < apart("IND", "USA", "1985-06"));
    // Rivals on opposite sides: Pakistan far from India and the USSR.
    assert!(apart("IND", "PAK", "1985-06") > 0.4);
}

#[test]
fn by_2025_pakistan_sits_nearer_russia_than_the_united_states() {
    // Scores in 2025: PAK–RUS +0.5, PAK–USA +0.1. (In 2018 the triad
    // India–Russia–Pakistan is unbalanced, + + −, and US–Russia hostile:
    // no flat picture can put Pakistan by Russia and far from India then.)
    let (rus, usa) = (
        apart("PAK", "RUS", "2025-06"),
        apart("PAK", "USA", "2025-06"),
    );
    assert!(rus < usa, "PAK–RUS {rus:.2}, PAK–USA {usa:.2}");
}

#[test]
fn from_the_cold_war_to_today_pakistan_and_russia_draw_markedly_closer() {
    // PAK–USSR −0.6 in 1985; PAK–RUS +0.5 from 2016.
    let (then, now) = (
        apart("PAK", "RUS", "1985-06"),
        apart("PAK", "RUS", "2025-06"),
    );
    assert!(now < 0.6 * then, "1985 {then:.2}, 2025 {now:.2}");
    // And relative to the United States, Pakistan's Cold War partner.
    let ratio = |date| apart("PAK", "RUS", date) / apart("PAK", "USA", date);
    assert!(ratio("2025-06") < 0.25 * ratio("1985-06"));
}

#[test]
fn india_stays_near_moscow_throughout() {
    for year in ["1971-12-20", "1985-06", "1995-06", "2018-06", "2025-06"] {
        assert!(
            apart("IND", "RUS", year) < apart("IND", "PAK", year),
            "{year}"
        );
    }
}

fn overlap(a: &[f32; 4], b: &[f32; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// The distance from `p` to the box `r`.
fn to_rect(r: &[f32; 4], p: [f32; 2]) -> f32 {
    let dx = (r[0] - p[0]).max(p[0] - r[2]).max(0.0);
    let dy = (r[1] - p[1]).max(p[1] - r[3]).max(0.0);
    libm::hypotf(dx, dy)
}

#[test]
fn every_year_labels_sit_by_their_own_disc_and_edges_go_round_other_discs() {
    let (ds, layout) = bundled();
    let theme = Theme::new(ThemeKind::Light);
    let presence = Presence::new(ds);
    let pins = Pins::new();
    let mut pos = Vec::new();
    let mut crossings = [0usize; 2];
    for year in 1948..=2025 {
        let t = Time::from_ymd(year, 6, 1);
        layout.positions_at(t, &mut pos);
        let snap = snapshot(ds, t, 0.0);
        let scene = scene::build(
            ds,
            &snap,
            &pos,
            &presence,
            &theme,
            &SceneOptions::plain(&pins),
        );
        // As a 1600×1000 figure draws it.
        let opts = FigureOptions {
            width: 1600,
            height: 1000,
            ..FigureOptions::default()
        };
        let drawn = Drawn::new(&scene, &opts, legend_height(ds, t, &theme, None));
        let (scene, shown) = (&drawn.scene, &drawn.labels);
        let screen = |p| drawn.screen(p);
        let mut labels = Vec::new();
        for (i, (n, spot)) in scene.nodes.iter().zip(shown).enumerate() {
            let Some(spot) = spot else { continue };
            let c = screen(n.pos);
            let rect = label_rect_at(n, c, LABEL_SIZE, *spot);
            let own = to_rect(&rect, c) - n.radius;
            assert!(
                own <= 8.0,
                "{year}: {} label is {own} pt from its disc",
                n.label
            );
            for (_, m) in scene.nodes.iter().enumerate().filter(|(j, _)| *j != i) {
                let cm = screen(m.pos);
                let disc = [
                    cm[0] - m.radius,
                    cm[1] - m.radius,
                    cm[0] + m.radius,
                    cm[1] + m.radius,
                ];
                assert!(
                    !overlap(&rect, &disc),
                    "{year}: {} label covers {}",
                    n.label,
                    m.label
                );
                assert!(
                    to_rect(&rect, cm) - m.radius > own,
                    "{year}: {} label is nearer {}",
                    n.label,
                    m.label
                );
            }
            labels.push((rect, n.label.clone()));
        }
        for (k, (a, name_a)) in labels.iter().enumerate() {
            for (b, name_b) in &labels[k + 1..] {
                assert!(
                    !overlap(a, b),
                    "{year}: labels {name_a} and {name_b} overlap"
                );
            }
        }
        // Edges bend around the discs they would run through.
        let bows = route_edges(scene, screen);
        let straight = vec![EDGE_BOW; scene.edges.len()];
        crossings[0] += edge_crossings(scene, screen, &straight);
        crossings[1] += edge_crossings(scene, screen, &bows);
        // The three states with the strongest relations are always named.
        let mut strongest: Vec<usize> = (0..scene.nodes.len()).collect();
        strongest.sort_by(|&a, &b| scene.nodes[b].radius.total_cmp(&scene.nodes[a].radius));
        for &i in strongest.iter().take(3) {
            assert!(
                shown[i].is_some(),
                "{year}: {} has no label",
                scene.nodes[i].label
            );
        }
    }
    let [plain, routed] = crossings;
    assert!(plain > 0, "the check sees crossings");
    assert!(
        routed * 10 <= plain,
        "edges through foreign discs: {plain} unrouted, {routed} routed"
    );
}
