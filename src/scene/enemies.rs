//! States at war drawn apart: a war drawn as near as an alliance would
//! read as one. Part of the room step ([`super::make_room`]), in screen
//! space.

use super::Scene;

/// Pairs scored at or above this are friendly (at or below its negative,
/// hostile), for keeping enemies apart and for measuring it.
pub const CLEAR_SCORE: f32 = 0.3;

/// Pairs scored at or below this are at war (or near it): never drawn
/// nearer each other than the median friendly pair.
pub const WAR_SCORE: f32 = -0.6;

/// How much farther apart than the median friendly pair [`enemies_apart`]
/// sets states at war.
const WAR_MARGIN: f32 = 1.25;

/// Moves states at war ([`WAR_SCORE`]) apart until none is drawn nearer
/// its enemy than the median friendly pair ([`CLEAR_SCORE`]) is: the
/// smaller disc of the two (a pinned one never) moves away from the other
/// along the line between them until they are [`WAR_MARGIN`] times that
/// apart, so that the cluster the larger one holds keeps its shape. Drawing a war as near as an alliance
/// would read as one. True when a disc moved.
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
    let apart =
        |c: &[[f32; 2]], i: usize, j: usize| libm::hypotf(c[i][0] - c[j][0], c[i][1] - c[j][1]);
    let mut friendly: Vec<f32> = scene
        .ties
        .iter()
        .copied()
        .filter(|tie| tie.2 >= CLEAR_SCORE)
        .filter_map(ends)
        .map(|(i, j)| apart(centres, i, j))
        .collect();
    if friendly.is_empty() {
        return false;
    }
    friendly.sort_by(f32::total_cmp);
    // With a margin: making room for names afterwards moves discs a
    // little, either way.
    let wanted = WAR_MARGIN * friendly[friendly.len() / 2];
    let mut moved = false;
    for (i, j) in scene
        .ties
        .iter()
        .copied()
        .filter(|tie| tie.2 <= WAR_SCORE)
        .filter_map(ends)
    {
        let smaller = |a: usize, b: usize| {
            scene.nodes[a].radius < scene.nodes[b].radius
                || (scene.nodes[a].radius == scene.nodes[b].radius && a > b)
        };
        let (mover, other) = match (free[i], free[j]) {
            (true, true) if smaller(i, j) => (i, j),
            (true | false, true) => (j, i),
            (true, false) => (i, j),
            (false, false) => continue,
        };
        // The smaller moves; if the area's edge stops it short, the
        // larger (when free) moves the rest of the way.
        moved |= push_away(centres, (mover, other), wanted, area);
        if free[other] {
            moved |= push_away(centres, (other, mover), wanted, area);
        }
    }
    moved
}

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
    let d = libm::hypotf(a[0] - b[0], a[1] - b[1]);
    if d >= wanted {
        return false;
    }
    let away = if d > 1e-3 {
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
        let want = WAR_MARGIN * 100.0;
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
        let shown = [true; 4];
        let free = [true, false, true, true];
        assert!(enemies_apart(&scene, &mut centres, (&shown, &free), AREA));
        assert_eq!(centres[1], [10.0, 0.0], "pinned");
        assert!(
            (centres[0][0] - (10.0 - WAR_MARGIN * 100.0)).abs() < 1e-3,
            "{centres:?}"
        );
        // Both pinned, or one not shown: nothing moves.
        let (scene, mut centres) = war_beside_friends();
        assert!(!enemies_apart(
            &scene,
            &mut centres,
            (&shown, &[false, false, true, true]),
            AREA
        ));
        assert!(!enemies_apart(
            &scene,
            &mut centres,
            (&[true, false, true, true], &shown),
            AREA
        ));
    }
}
