//! The signed force-directed simulation: one [`Simulation::tick`] moves every
//! free node by the sum of
//!
//! - repulsion between all pairs (Barnes–Hut), magnitude `repulsion / d`;
//! - attraction along positive edges, `attraction · w · ln(1 + d)` towards
//!   the partner (stronger ties sit closer; the logarithm, as in `LinLog`,
//!   keeps friendly clusters tight and far from their rivals);
//! - push along negative edges, `hostility · |w| · (range − d)` while closer
//!   than `range` and nothing beyond, so rivals sit apart without the graph
//!   expanding for ever;
//! - optionally a signed spring on every edge towards the distance its
//!   score asks for (`spring_length · (1 − 0.75·w)`), with force
//!   `spring · (d − rest) / rest`;
//! - gravity `gravity · p` towards the origin (`upright` times stronger up
//!   and down than across, so that pictures come out wider than tall, as
//!   screens are), and an optional anchor pulling
//!   each node towards a given position (the timeline's link to the
//!   neighbouring samples);
//!
//! scaled by a cooling `alpha`, integrated with velocity decay and a capped
//! step. Pinned nodes do not move. Same input, same output, bit for bit.

use super::quadtree::QuadTree;

/// The simulation's tuning. `Default` is tuned for graphs of states.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Barnes–Hut opening criterion: larger is faster and coarser.
    pub theta: f32,
    pub repulsion: f32,
    pub attraction: f32,
    pub hostility: f32,
    /// Distance beyond which hostile edges stop pushing.
    pub hostile_range: f32,
    pub gravity: f32,
    /// How many times stronger gravity pulls up and down than across (1:
    /// the same; more: wider pictures).
    pub upright: f32,
    /// Pull towards the anchor positions, when given.
    pub anchor: f32,
    /// Strength of the signed springs: each related pair is drawn towards
    /// the distance its score asks for (see [`Params::spring_length`]),
    /// so that weak ties and mild tensions also show in distances. 0 off.
    pub spring: f32,
    /// The rest length of a spring of score 0; a score `w` asks for
    /// `spring_length · (1 − 0.75·w)`: a quarter for allies, 1.75 times
    /// for enemies.
    pub spring_length: f32,
    /// Fraction of velocity lost per tick (as in d3-force).
    pub velocity_decay: f32,
    /// Per tick, `alpha += (alpha_target − alpha) · alpha_decay`.
    pub alpha_decay: f32,
    pub alpha_min: f32,
    /// The largest distance a node may move in one tick.
    pub max_step: f32,
    /// Distances below this count as this (no infinite forces).
    pub min_distance: f32,
    /// Threads for the repulsion (1: this thread only). The result does not
    /// depend on it.
    pub threads: usize,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            theta: 0.9,
            repulsion: 30.0,
            attraction: 10.0,
            hostility: 0.2,
            hostile_range: 300.0,
            gravity: 0.01,
            upright: 1.0,
            anchor: 0.0,
            spring: 0.0,
            spring_length: 200.0,
            velocity_decay: 0.4,
            alpha_decay: 0.0228,
            alpha_min: 0.001,
            max_step: 40.0,
            min_distance: 1.0,
            threads: 1,
        }
    }
}

/// An undirected edge with a signed weight in [-1, 1].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    pub a: u32,
    pub b: u32,
    pub w: f32,
}

/// What an edge's force needs besides the distance, computed once: its
/// ends, the factor of its log attraction (`attraction · w`, friends) or of
/// its bounded push (`hostility · |w|`, rivals), and the spring's
/// `spring / rest` (0 without springs).
#[derive(Clone, Copy, Debug)]
struct EdgeTerms {
    a: usize,
    b: usize,
    friendly: bool,
    factor: f32,
    spring_over_rest: f32,
}

/// A simulation in progress over a fixed graph.
pub struct Simulation {
    params: Params,
    pub pos: Vec<[f32; 2]>,
    vel: Vec<[f32; 2]>,
    force: Vec<[f32; 2]>,
    edges: Vec<Edge>,
    /// Each edge's constant terms, worked out once from the parameters.
    terms: Vec<EdgeTerms>,
    pinned: Vec<bool>,
    anchors: Option<Vec<[f32; 2]>>,
    pub alpha: f32,
    tree: QuadTree,
    pool: Option<rayon::ThreadPool>,
}

/// Replaces a non-finite number by 0.
fn finite_or_zero(x: f32) -> f32 {
    if x.is_finite() { x } else { 0.0 }
}

impl Simulation {
    /// A simulation of `pos.len()` nodes from the given positions. Edges out
    /// of range or to themselves are dropped; weights are clamped to [-1, 1]
    /// (NaN counts as 0: a neutral tie, which only springs act on);
    /// non-finite positions start at the origin.
    pub fn new(params: Params, pos: Vec<[f32; 2]>, edges: &[Edge]) -> Simulation {
        let n = pos.len();
        let pos: Vec<[f32; 2]> = pos
            .into_iter()
            .map(|p| [finite_or_zero(p[0]), finite_or_zero(p[1])])
            .collect();
        let edges: Vec<Edge> = edges
            .iter()
            .filter(|e| e.a != e.b && (e.a as usize) < n && (e.b as usize) < n)
            .map(|e| Edge {
                w: if e.w.is_nan() {
                    0.0
                } else {
                    e.w.clamp(-1.0, 1.0)
                },
                ..*e
            })
            .collect();
        let pool = (params.threads > 1)
            .then(|| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(params.threads)
                    .build()
                    .ok()
            })
            .flatten();
        let terms = edges
            .iter()
            .map(|e: &Edge| {
                let rest = params.spring_length * (1.0 - 0.75 * e.w);
                EdgeTerms {
                    a: e.a as usize,
                    b: e.b as usize,
                    friendly: e.w > 0.0,
                    factor: if e.w > 0.0 {
                        params.attraction * e.w
                    } else {
                        params.hostility * -e.w
                    },
                    spring_over_rest: if params.spring > 0.0 && rest > 0.0 {
                        params.spring / rest
                    } else {
                        0.0
                    },
                }
            })
            .collect();
        Simulation {
            pool,
            terms,
            params,
            vel: vec![[0.0; 2]; n],
            force: vec![[0.0; 2]; n],
            pinned: vec![false; n],
            anchors: None,
            pos,
            edges,
            alpha: 1.0,
            tree: QuadTree::default(),
        }
    }

    /// Fixes node `i` at `at` (it keeps that position).
    pub fn pin(&mut self, i: usize, at: [f32; 2]) {
        if i < self.pos.len() {
            self.pinned[i] = true;
            self.pos[i] = [finite_or_zero(at[0]), finite_or_zero(at[1])];
            self.vel[i] = [0.0; 2];
        }
    }

    /// Sets positions each node is gently pulled towards (one per node).
    pub fn set_anchors(&mut self, anchors: Option<Vec<[f32; 2]>>) {
        self.anchors = anchors.filter(|a| a.len() == self.pos.len());
    }

    /// The parameters it runs with.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Whether the simulation has cooled down.
    pub fn settled(&self) -> bool {
        self.alpha < self.params.alpha_min
    }

    /// The edges in use (after cleaning).
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// Advances the simulation by one step.
    pub fn tick(&mut self) {
        let Params {
            theta,
            repulsion,
            attraction: _,
            hostility: _,
            hostile_range,
            gravity,
            upright,
            anchor,
            spring,
            spring_length: _,
            velocity_decay,
            alpha_decay,
            alpha_min: _,
            max_step,
            min_distance,
            threads: _,
        } = self.params;
        self.alpha += (0.0 - self.alpha) * alpha_decay;
        let alpha = self.alpha;
        for f in &mut self.force {
            *f = [0.0; 2];
        }
        self.tree.rebuild(&self.pos);
        self.tree.repulse(
            repulsion,
            theta,
            min_distance * min_distance,
            &mut self.force,
            self.pool.as_ref(),
        );
        for e in &self.terms {
            let (a, b) = (e.a, e.b);
            let dx = self.pos[b][0] - self.pos[a][0];
            let dy = self.pos[b][1] - self.pos[a][1];
            // Pull factor along (dx, dy): positive draws a and b together.
            let d = (dx * dx + dy * dy).sqrt().max(min_distance);
            let inv = 1.0 / d;
            let mut k = if e.friendly {
                e.factor * libm::logf(1.0 + d) * inv
            } else {
                -e.factor * (hostile_range - d).max(0.0) * inv
            };
            // spring · (d − rest) / (rest · d); none where the rest length
            // is not positive.
            if e.spring_over_rest > 0.0 {
                k += e.spring_over_rest - spring * inv;
            }
            self.force[a][0] += dx * k;
            self.force[a][1] += dy * k;
            self.force[b][0] -= dx * k;
            self.force[b][1] -= dy * k;
        }
        let anchors = self.anchors.as_deref();
        let keep = 1.0 - velocity_decay;
        for i in 0..self.pos.len() {
            if self.pinned[i] {
                continue;
            }
            let p = self.pos[i];
            let mut f = self.force[i];
            f[0] -= gravity * p[0];
            f[1] -= gravity * upright * p[1];
            if let Some(anchors) = anchors {
                f[0] += anchor * (anchors[i][0] - p[0]);
                f[1] += anchor * (anchors[i][1] - p[1]);
            }
            let mut v = [
                (self.vel[i][0] + f[0] * alpha) * keep,
                (self.vel[i][1] + f[1] * alpha) * keep,
            ];
            let speed2 = v[0] * v[0] + v[1] * v[1];
            if !speed2.is_finite() {
                v = [0.0; 2];
            } else if speed2 > max_step * max_step {
                let s = max_step / speed2.sqrt();
                v = [v[0] * s, v[1] * s];
            }
            self.vel[i] = v;
            self.pos[i] = [p[0] + v[0], p[1] + v[1]];
        }
    }

    /// Runs until settled or `max_ticks`, whichever comes first.
    pub fn run(&mut self, max_ticks: usize) {
        for _ in 0..max_ticks {
            if self.settled() {
                break;
            }
            self.tick();
        }
    }
}

/// d3's phyllotaxis start: node `i` at radius `10·sqrt(0.5 + i)`, angle
/// `i·π·(3 − √5)`.
pub fn phyllotaxis(n: usize) -> Vec<[f32; 2]> {
    let angle = std::f64::consts::PI * (3.0 - 5f64.sqrt());
    (0..n)
        .map(|i| {
            let r = 10.0 * (0.5 + i as f64).sqrt();
            let a = i as f64 * angle;
            [(r * libm::cos(a)) as f32, (r * libm::sin(a)) as f32]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist(p: &[[f32; 2]], a: usize, b: usize) -> f32 {
        libm::hypotf(p[a][0] - p[b][0], p[a][1] - p[b][1])
    }

    fn quiet() -> Params {
        // No gravity and no repulsion: only the term under test acts.
        Params {
            repulsion: 0.0,
            gravity: 0.0,
            ..Params::default()
        }
    }

    #[test]
    fn a_positive_edge_attracts() {
        let mut sim = Simulation::new(
            quiet(),
            vec![[-50.0, 0.0], [50.0, 0.0]],
            &[Edge { a: 0, b: 1, w: 1.0 }],
        );
        sim.tick();
        assert!(dist(&sim.pos, 0, 1) < 100.0);
    }

    #[test]
    fn a_spring_settles_at_the_distance_its_score_asks_for() {
        for (w, rest) in [(0.0, 100.0), (0.8, 40.0), (-0.8, 160.0)] {
            let params = Params {
                attraction: 0.0,
                hostility: 0.0,
                spring: 5.0,
                spring_length: 100.0,
                ..quiet()
            };
            let mut sim = Simulation::new(
                params,
                vec![[-5.0, 0.0], [5.0, 0.0]],
                &[Edge { a: 0, b: 1, w }],
            );
            for _ in 0..400 {
                sim.tick();
            }
            let d = dist(&sim.pos, 0, 1);
            assert!(
                (d - rest).abs() < 2.0,
                "score {w}: distance {d}, asked {rest}"
            );
        }
    }

    #[test]
    fn a_stronger_tie_pulls_harder() {
        let run = |w| {
            let mut sim = Simulation::new(
                quiet(),
                vec![[-50.0, 0.0], [50.0, 0.0]],
                &[Edge { a: 0, b: 1, w }],
            );
            sim.tick();
            dist(&sim.pos, 0, 1)
        };
        assert!(run(0.9) < run(0.2));
    }

    #[test]
    fn a_negative_edge_repels_within_its_range_only() {
        let p = Params::default();
        let near = p.hostile_range / 4.0;
        let mut sim = Simulation::new(
            quiet(),
            vec![[0.0, 0.0], [near, 0.0]],
            &[Edge {
                a: 0,
                b: 1,
                w: -1.0,
            }],
        );
        sim.tick();
        assert!(dist(&sim.pos, 0, 1) > near);
        let far = p.hostile_range * 2.0;
        let mut sim = Simulation::new(
            quiet(),
            vec![[0.0, 0.0], [far, 0.0]],
            &[Edge {
                a: 0,
                b: 1,
                w: -1.0,
            }],
        );
        sim.tick();
        assert_eq!(dist(&sim.pos, 0, 1), far);
    }

    #[test]
    fn all_pairs_repel() {
        let params = Params {
            gravity: 0.0,
            ..Params::default()
        };
        let mut sim = Simulation::new(params, vec![[0.0, 0.0], [5.0, 0.0], [0.0, 5.0]], &[]);
        sim.tick();
        assert!(dist(&sim.pos, 0, 1) > 5.0 && dist(&sim.pos, 0, 2) > 5.0);
    }

    #[test]
    fn gravity_pulls_to_the_centre() {
        let params = Params {
            repulsion: 0.0,
            ..Params::default()
        };
        let mut sim = Simulation::new(params, vec![[100.0, 0.0]], &[]);
        sim.tick();
        assert!(sim.pos[0][0] < 100.0 && sim.pos[0][0] > 0.0);
    }

    #[test]
    fn anchors_pull_towards_their_position() {
        let params = Params {
            repulsion: 0.0,
            gravity: 0.0,
            anchor: 0.1,
            ..Params::default()
        };
        let mut sim = Simulation::new(params, vec![[0.0, 0.0]], &[]);
        sim.set_anchors(Some(vec![[10.0, 10.0]]));
        sim.tick();
        assert!(sim.pos[0][0] > 0.0 && sim.pos[0][1] > 0.0);
    }

    #[test]
    fn pinned_nodes_stay() {
        let mut sim = Simulation::new(
            Params::default(),
            vec![[0.0, 0.0], [3.0, 0.0]],
            &[Edge {
                a: 0,
                b: 1,
                w: -1.0,
            }],
        );
        sim.pin(0, [7.0, 7.0]);
        for _ in 0..50 {
            sim.tick();
        }
        assert_eq!(sim.pos[0], [7.0, 7.0]);
        assert_ne!(sim.pos[1], [3.0, 0.0]);
    }

    #[test]
    fn cooling_settles() {
        let mut sim = Simulation::new(Params::default(), phyllotaxis(20), &[]);
        sim.run(10_000);
        assert!(sim.settled());
    }
}
