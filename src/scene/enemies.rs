//! States at war drawn apart: a war drawn as near as an alliance would
//! read as one. Part of the room step ([`super::make_room`]), in screen
//! space.

use super::Scene;
use crate::layout::quality::distance;

/// Pairs scored at or above this are friendly (at or below its negative,
/// hostile), for keeping enemies apart and for measuring it: the data's
/// "friendly" level and up.
pub const CLEAR_SCORE: f32 = 0.3;

/// Pairs scored at or below this are enemies (the data's "hostile" level,
/// below −0.55, and war): never drawn nearer each other than the median
/// friendly pair.
pub const ENMITY_SCORE: f32 = -0.6;

/// How much farther apart than the median friendly pair [`enemies_apart`]
/// sets enemies.
const ENMITY_MARGIN: f32 = 1.25;

/// Moves enemies ([`ENMITY_SCORE`]) apart, in one pass over the ties in
/// order: where two are drawn nearer than the median friendly pair
/// ([`CLEAR_SCORE`]) times [`ENMITY_MARGIN`], the smaller disc of the two
/// (a pinned one never) moves away from the other along the line between
/// them to that distance, so that the cluster the larger one holds keeps
/// its shape; if the area's edge stops it short, the larger one (when
/// free) moves the rest of the way. A state with several enemies can end
/// nearer one it was moved from earlier in the pass: the room step calls
/// this again after making room for names. True when a disc moved.
pub(super) fn enemies_apart(
    scene: &Scene,
    centres: &mut [[f32; 2]],
    (shown, free): (&[bool], &[bool]),
    area: [f32; 4],
) -> bool {
    let mut node_of = vec![None; scene.nodes.iter().map(|m| m.state + 1).max().unwrap_or(0)];
    for (k, m) in scene.nodes.iter().enumerate() {
        node_of[m.state] = Some(k);
    }
    let ends = |(a, b, _): (usize, usize, f32)| {
        let (i, j) = (node_of.get(a).copied()??, node_of.get(b).copied()??);
        (shown[i] && shown[j]).then_some((i, j))
    };
    let mut friendly: Vec<f32> = scene
        .ties
        .iter()
        .copied()
        .filter(|tie| tie.2 >= CLEAR_SCORE)
        .filter_map(ends)
        .map(|(i, j)| distance(centres[i], centres[j]))
        .collect();
    if friendly.is_empty() {
        return false;
    }
    friendly.sort_by(f32::total_cmp);
    // With a margin: making room for names afterwards moves discs a
    // little, either way.
    let wanted = ENMITY_MARGIN * friendly[friendly.len() / 2];
    // The smaller disc moves; on equal ones, the later.
    let smaller = |a: usize, b: usize| {
        let (ra, rb) = (scene.nodes[a].radius, scene.nodes[b].radius);
        ra < rb || (ra == rb && a > b)
    };
    let mut moved = false;
    let enemies = scene
        .ties
        .iter()
        .copied()
        .filter(|tie| tie.2 <= ENMITY_SCORE);
    for (i, j) in enemies.filter_map(ends) {
        let (mover, other) = match (free[i], free[j]) {
            (true, true) if smaller(i, j) => (i, j),
            (_, true) => (j, i),
            (true, false) => (i, j),
            (false, false) => continue,
        };
        moved |= push_away(centres, (mover, other), wanted, area);
        if free[other] {
            moved |= push_away(centres, (other, mover), wanted, area);
        }
    }
    moved
}

/// How near `wanted` counts as there (float rounding).
const NEAR_ENOUGH: f32 = 1e-3;

/// Moves `centres[mover]` away from `centres[other]` until they are
/// `wanted` apart (not past the edge of `area`); nothing if they are.
/// True when it moved (at the area's edge it may not).
fn push_away(
    centres: &mut [[f32; 2]],
    (mover, other): (usize, usize),
    wanted: f32,
    area: [f32; 4],
) -> bool {
    let (a, b) = (centres[mover], centres[other]);
    let d = distance(a, b);
    if d >= wanted - NEAR_ENOUGH {
        return false;
    }
    let away = if d > NEAR_ENOUGH {
        [(a[0] - b[0]) / d, (a[1] - b[1]) / d]
    } else {
        [1.0, 0.0]
    };
    let [x0, y0, x1, y1] = area;
    centres[mover] = [
        (b[0] + away[0] * wanted).clamp(x0, x1),
        (b[1] + away[1] * wanted).clamp(y0, y1),
    ];
    centres[mover] != a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::NodeShape;
    use crate::theme::Rgba;

    fn disc(state: usize, pos: [f32; 2], radius: f32) -> NodeShape {
        NodeShape {
            state,
            pos,
            radius,
            fill: Rgba::rgb(0, 0, 0),
            stroke: Rgba::rgb(0, 0, 0),
            stroke_width: 1.0,
            label: String::new(),
            label_priority: 0.0,
            selected: false,
            pinned: false,
            alpha: 1.0,
            related: true,
            aside: false,
        }
    }

    /// A large state, a small enemy beside it, and two friends 100 points
    /// apart each.
    fn war_beside_friends() -> (Scene, Vec<[f32; 2]>) {
        let nodes = vec![
            disc(0, [0.0, 0.0], 10.0),
            disc(1, [10.0, 0.0], 5.0),
            disc(2, [0.0, 100.0], 5.0),
            disc(3, [0.0, 200.0], 5.0),
        ];
        let centres = nodes.iter().map(|n| n.pos).collect();
        let scene = Scene {
            nodes,
            ties: vec![(0, 1, -0.9), (0, 2, 0.8), (2, 3, 0.8), (1, 3, 0.1)],
            ..Scene::default()
        };
        (scene, centres)
    }

    const AREA: [f32; 4] = [-500.0, -500.0, 500.0, 500.0];

    #[test]
    fn the_smaller_enemy_leaves_the_larger_one() {
        let (scene, mut centres) = war_beside_friends();
        let all = [true; 4];
        assert!(enemies_apart(&scene, &mut centres, (&all, &all), AREA));
        assert_eq!(centres[0], [0.0, 0.0], "the larger one stays");
        let want = ENMITY_MARGIN * 100.0;
        assert!(
            (centres[1][0] - want).abs() < 1e-3 && centres[1][1].abs() < 1e-3,
            "{centres:?}"
        );
        // Far enough now: nothing moves again.
        assert!(!enemies_apart(&scene, &mut centres, (&all, &all), AREA));
    }

    #[test]
    fn a_pinned_enemy_stays_and_the_other_one_moves() {
        let (scene, mut centres) = war_beside_friends();
        let all = [true; 4];
        let free = [true, false, true, true];
        assert!(enemies_apart(&scene, &mut centres, (&all, &free), AREA));
        assert_eq!(centres[1], [10.0, 0.0], "pinned");
        assert!(
            (centres[0][0] - (10.0 - ENMITY_MARGIN * 100.0)).abs() < 1e-3,
            "{centres:?}"
        );
        // Both pinned, or one not shown: nothing moves.
        let (scene, mut centres) = war_beside_friends();
        assert!(!enemies_apart(
            &scene,
            &mut centres,
            (&all, &[false, false, true, true]),
            AREA
        ));
        assert!(!enemies_apart(
            &scene,
            &mut centres,
            (&[true, false, true, true], &all),
            AREA
        ));
    }

    #[test]
    fn at_the_edge_the_larger_enemy_moves_the_rest_of_the_way() {
        let (scene, mut centres) = war_beside_friends();
        let all = [true; 4];
        // The small enemy cannot go past x = 50: the large one moves left.
        let area = [-500.0, -500.0, 50.0, 500.0];
        assert!(enemies_apart(&scene, &mut centres, (&all, &all), area));
        assert_eq!(centres[1], [50.0, 0.0]);
        let apart = distance(centres[0], centres[1]);
        assert!((apart - ENMITY_MARGIN * 100.0).abs() < 1e-3, "{centres:?}");
    }
}
