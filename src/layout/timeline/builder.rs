//! Building the timeline: the linked forward pass, the checks against each
//! date laid out alone, and the smoothing sweeps.

use super::graph::{SampleGraph, graph_at, sample_times};
use super::{
    Pins, RESTART_PULL, TimelineLayout, TimelineParams, align_to, faithfulness_of, phyllotaxis,
};
use crate::date::Time;
use crate::model::{Dataset, StateIx};

/// Computes a timeline layout step by step, so that a caller can publish
/// partial results, report progress and stop early.
///
/// The scheme links each state's copies in consecutive samples by springs
/// (Brandes & Mader's *linking*), with no whole-span average: a forward pass
/// warm-starts every sample from the one before and pulls each state
/// towards its previous place (a sample whose network did not change is the
/// one before); checks against the date laid out alone free arrangements
/// that history trapped; then smoothing sweeps re-settle the samples of
/// each stretch of gradual change pulled towards the mean of their two
/// neighbours. Positions therefore follow the relations of their own date,
/// and move only as far as those change.
pub struct TimelineBuilder<'a> {
    ds: &'a Dataset,
    params: TimelineParams,
    pins: Pins,
    graphs: Vec<SampleGraph>,
    layout: TimelineLayout,
    /// The sample last compared with its date laid out alone.
    last_check: usize,
    /// Whether the network changed since that comparison.
    dirty: bool,
    /// Set when the last check rearranged its sample: the check before.
    restarted_since: Option<usize>,
}

impl<'a> TimelineBuilder<'a> {
    pub fn new(ds: &'a Dataset, params: TimelineParams, pins: Pins) -> TimelineBuilder<'a> {
        let step_days = if params.step_days.is_finite() && params.step_days > 0.5 {
            params.step_days
        } else {
            TimelineParams::default().step_days
        };
        let (times, cuts) = sample_times(ds, step_days, params.sample_jumps);
        let n_samples = times.len();
        let n = ds.states.len();
        TimelineBuilder {
            ds,
            pins,
            graphs: Vec::with_capacity(n_samples),
            last_check: 0,
            dirty: false,
            restarted_since: None,
            layout: TimelineLayout {
                times,
                cuts,
                n_states: n,
                n_samples,
                computed: 0,
                sweeps_done: 0,
                sweeps: params.sweeps,
                oriented: false,
                samples: Vec::with_capacity(n_samples * n),
            },
            params,
        }
    }

    /// The layout so far.
    pub fn layout(&self) -> &TimelineLayout {
        &self.layout
    }

    /// Consumes the builder, giving the layout so far.
    pub fn into_layout(self) -> TimelineLayout {
        self.layout
    }

    fn sample_time(&self, k: usize) -> Time {
        self.layout.times[k]
    }

    /// Does the next piece of work: one sample of the forward pass, or one
    /// whole smoothing sweep; false when all is done.
    pub fn step(&mut self) -> bool {
        if self.layout.computed < self.layout.n_samples {
            self.forward();
            true
        } else if self.layout.sweeps_done < self.params.sweeps {
            self.sweep();
            true
        } else if !self.layout.oriented {
            self.orient();
            true
        } else {
            false
        }
    }

    /// Turns the whole timeline (every sample alike, so nothing moves
    /// relative to anything else) so that its long axis lies across: screens
    /// are wider than tall. With pins the user's frame is kept.
    fn orient(&mut self) {
        self.layout.oriented = true;
        let points = &self.layout.samples;
        if !self.pins.is_empty() || points.is_empty() {
            return;
        }
        let n = points.len() as f64;
        let (mx, my) = points.iter().fold((0.0, 0.0), |(x, y), p| {
            (x + f64::from(p[0]) / n, y + f64::from(p[1]) / n)
        });
        let (mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0);
        for p in points {
            let (dx, dy) = (f64::from(p[0]) - mx, f64::from(p[1]) - my);
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        // The angle of the principal axis; turn it onto the x axis.
        let angle = 0.5 * libm::atan2(2.0 * sxy, sxx - syy);
        if !angle.is_finite() {
            return;
        }
        let (sin, cos) = libm::sincos(-angle);
        for p in &mut self.layout.samples {
            let (dx, dy) = (f64::from(p[0]) - mx, f64::from(p[1]) - my);
            *p = [
                (mx + dx * cos - dy * sin) as f32,
                (my + dx * sin + dy * cos) as f32,
            ];
        }
    }

    /// Settles the living states of sample `k` from `start` (indexed by
    /// state) with the edges of its date, pulled towards `anchors`, and
    /// writes the result into `row`.
    fn settle(
        &self,
        k: usize,
        start: &[[f32; 2]],
        anchors: Option<&[[f32; 2]]>,
        alpha: f32,
        ticks: usize,
    ) -> Vec<[f32; 2]> {
        self.settle_with(k, start, anchors, alpha, ticks, self.params.link)
    }

    /// [`TimelineBuilder::settle`] with a pull of `link` towards the anchors.
    fn settle_with(
        &self,
        k: usize,
        start: &[[f32; 2]],
        anchors: Option<&[[f32; 2]]>,
        alpha: f32,
        ticks: usize,
        link: f32,
    ) -> Vec<[f32; 2]> {
        let graph = &self.graphs[k];
        let mut params = self.params.sim.clone();
        params.anchor = link;
        let living = graph.living();
        let mut sim = living.simulation(params, |i| start[i], graph, &self.pins);
        sim.alpha = alpha;
        if let Some(anchors) = anchors {
            sim.set_anchors(Some(living.ids.iter().map(|&i| anchors[i]).collect()));
        }
        for _ in 0..ticks {
            sim.tick();
        }
        // The dead keep their place; they are not drawn.
        let mut row = start.to_vec();
        living.scatter(&sim.pos, &mut row);
        row
    }

    /// The forward pass: sample `k` warm-started from sample `k − 1`; when
    /// the network has not changed since, the sample before is kept as it
    /// is (nothing moves).
    fn forward(&mut self) {
        let k = self.layout.computed;
        let n = self.layout.n_states;
        self.graphs.push(graph_at(self.ds, self.sample_time(k)));
        let row = if k == 0 {
            let start = phyllotaxis(n);
            self.check(0, &start)
        } else {
            let prev = self.layout.sample(k - 1).to_vec();
            let (graph, before) = (&self.graphs[k], &self.graphs[k - 1]);
            if graph.pairs == before.pairs && graph.alive == before.alive {
                // A change just ended: now is the time to look for a better
                // arrangement of the network it left.
                if self.dirty && self.params.check_every > 0 {
                    self.check(k, &prev)
                } else {
                    prev
                }
            } else {
                let mut start = prev.clone();
                for i in (0..n).filter(|&i| graph.alive[i] && !before.alive[i]) {
                    start[i] = self.arrival(i, &graph.pairs, &prev, &before.alive);
                }
                let warm = self.settle(
                    k,
                    &start,
                    Some(&start),
                    self.params.sample_alpha,
                    self.params.ticks_per_sample,
                );
                self.dirty = true;
                let every = self.params.check_every;
                if every > 0 && k >= self.last_check + every {
                    self.check(k, &warm)
                } else {
                    warm
                }
            }
        };
        self.layout.samples.extend_from_slice(&row);
        self.layout.computed += 1;
        if k > 0 {
            self.backfill_births(k);
        }
        if let Some(since) = self.restarted_since.take() {
            self.carry_back(since, k);
        }
    }

    /// After sample `k` was rearranged, carries the new arrangement back
    /// over the samples since the previous check (`since`), each
    /// warm-started from the one after it, as long as that is more faithful
    /// than what they had: the turn then happens where the relations
    /// changed, not at the check. A sample with the same network as the one
    /// after it simply takes its positions (nothing moves where nothing
    /// changes), before `since` too.
    fn carry_back(&mut self, since: usize, k: usize) {
        let n = self.layout.n_states;
        for j in (0..k).rev() {
            let next = self.layout.sample(j + 1).to_vec();
            let (graph, after) = (&self.graphs[j], &self.graphs[j + 1]);
            if graph.pairs == after.pairs && graph.alive == after.alive {
                self.layout.samples[j * n..(j + 1) * n].copy_from_slice(&next);
                continue;
            }
            if j <= since {
                break;
            }
            let candidate = self.settle(
                j,
                &next,
                Some(&next),
                self.params.sample_alpha,
                self.params.ticks_per_sample,
            );
            let faith = |pos: &[[f32; 2]]| self.faith(j, pos).unwrap_or(f64::NEG_INFINITY);
            if faith(&candidate) < faith(self.layout.sample(j)) {
                break;
            }
            self.layout.samples[j * n..(j + 1) * n].copy_from_slice(&candidate);
        }
    }

    /// How faithful `pos` is to the relations of sample `k`.
    fn faith(&self, k: usize, pos: &[[f32; 2]]) -> Option<f64> {
        let pairs = &self.graphs[k].pairs;
        faithfulness_of(pairs.iter().map(|&(a, b, w)| (a, b, f64::from(w))), pos)
    }

    /// Compares `row`, sample `k` as history left it, with the date laid
    /// out alone (best of a few starts) and keeps the more faithful: a
    /// history can trap states in an arrangement that no longer fits. The
    /// layout alone is turned and shifted to sit as near `row` as it can,
    /// so the jump is as small as it can be; the sweeps then spread it.
    fn check(&mut self, k: usize, row: &[[f32; 2]]) -> Vec<[f32; 2]> {
        let since = std::mem::replace(&mut self.last_check, k);
        self.dirty = false;
        let graph = &self.graphs[k];
        let faith = |pos: &[[f32; 2]]| self.faith(k, pos).unwrap_or(f64::NEG_INFINITY);
        let row = row.to_vec();
        let warm = if k == 0 {
            f64::NEG_INFINITY
        } else {
            faith(&row)
        };
        let (best, fresh) = best_alone(graph, &self.params, &self.pins, self.params.restart_seeds);
        let best = best.unwrap_or(f64::NEG_INFINITY);
        let enough = f64::from(self.params.restart_below) * best;
        // A fraction of a faithfulness only means something above 0.
        if k > 0 && (warm >= enough || best.is_nan() || best <= 0.0) {
            return row;
        }
        if k > 0 {
            // First a gentler way out: the same arrangement, reheated.
            let reheated = self.settle(k, &row, Some(&row), 1.0, self.params.first_ticks);
            if faith(&reheated) >= enough {
                self.restarted_since = Some(since);
                return reheated;
            }
        }
        let pinned = self
            .pins
            .keys()
            .any(|&i| graph.alive.get(i).copied().unwrap_or(false));
        // Pins fix the frame; otherwise each fresh layout is turned into the
        // warm one's. Of the fresh layouts faithful enough, the one that
        // moves the states least wins: several arrangements often fit about
        // as well, and the nearest keeps the picture recognisable.
        let mut fresh = if k == 0 {
            fresh
        } else {
            let candidates = (0..self.params.restart_seeds.max(1)).filter_map(|seed| {
                let layout = alone(graph, &self.params, &self.pins, seed);
                let layout = if pinned {
                    layout
                } else {
                    align_to(&layout, &row, &graph.alive)
                };
                (faith(&layout) >= enough).then_some(layout)
            });
            let moved = |layout: &Vec<[f32; 2]>| -> f32 {
                (0..row.len())
                    .filter(|&i| graph.alive[i])
                    .map(|i| crate::layout::quality::distance(layout[i], row[i]))
                    .sum()
            };
            candidates
                .min_by(|x, y| moved(x).total_cmp(&moved(y)))
                .unwrap_or(fresh)
        };
        for i in (0..row.len()).filter(|&i| !graph.alive[i]) {
            fresh[i] = row[i];
        }
        if k == 0 {
            return fresh;
        }
        // Then drawn back towards where history had the states, as far as
        // that stays faithful enough: a small change should not turn the
        // whole picture.
        let pulled = self.settle_with(
            k,
            &fresh,
            Some(&row),
            self.params.sample_alpha,
            self.params.ticks_per_sample,
            self.params.link * RESTART_PULL,
        );
        let chosen = if faith(&pulled) >= enough {
            pulled
        } else {
            fresh
        };
        self.restarted_since = Some(since);
        chosen
    }

    /// One smoothing sweep over every sample, alternately forwards and
    /// backwards so neither direction of time is favoured.
    fn sweep(&mut self) {
        let count = self.layout.n_samples;
        let n = self.layout.n_states;
        let backwards = self.layout.sweeps_done % 2 == 1;
        for step in 0..count {
            let k = if backwards { count - 1 - step } else { step };
            // A sample whose network equals a neighbour's stays as it is:
            // where nothing changes nothing moves, and a change shows as
            // the turn between the two samples it falls between.
            let same = |j: usize| {
                j < count
                    && self.graphs[j].pairs == self.graphs[k].pairs
                    && self.graphs[j].alive == self.graphs[k].alive
            };
            if (k > 0 && same(k - 1)) || same(k + 1) {
                continue;
            }
            // Neighbours across a sudden change are not linked: the
            // network may turn there.
            let lo = if k == 0 || self.layout.cuts[k] {
                k
            } else {
                k - 1
            };
            let hi = if k + 1 == count || self.layout.cuts[k + 1] {
                k
            } else {
                k + 1
            };
            let before = self.layout.sample(lo);
            let after = self.layout.sample(hi);
            let anchors: Vec<[f32; 2]> = (0..n)
                .map(|i| {
                    [
                        f32::midpoint(before[i][0], after[i][0]),
                        f32::midpoint(before[i][1], after[i][1]),
                    ]
                })
                .collect();
            let start = self.layout.sample(k).to_vec();
            let row = self.settle(
                k,
                &start,
                Some(&anchors),
                self.params.sample_alpha,
                self.params.sweep_ticks,
            );
            self.layout.samples[k * n..(k + 1) * n].copy_from_slice(&row);
        }
        self.layout.sweeps_done += 1;
        for k in 1..count {
            self.backfill_births(k);
        }
    }

    /// Where a state that appears starts: the weighted centre of its friends
    /// already on the map, a little aside; with no friends there, on the
    /// rim of the map.
    fn arrival(
        &self,
        i: StateIx,
        pairs: &[(StateIx, StateIx, f32)],
        prev: &[[f32; 2]],
        was_alive: &[bool],
    ) -> [f32; 2] {
        if let Some(&p) = self.pins.get(&i) {
            return p;
        }
        let (mut x, mut y, mut w) = (0.0f32, 0.0f32, 0.0f32);
        for &(a, b, s) in pairs {
            let other = if a == i {
                b
            } else if b == i {
                a
            } else {
                continue;
            };
            if s > 0.0 && was_alive[other] {
                x += prev[other][0] * s;
                y += prev[other][1] * s;
                w += s;
            }
        }
        // A direction of its own, so that arrivals do not stack.
        let angle = i as f32 * std::f32::consts::PI * (3.0 - 5f32.sqrt());
        let (dx, dy) = (libm::cosf(angle), libm::sinf(angle));
        if w > 0.0 {
            [x / w + 30.0 * dx, y / w + 30.0 * dy]
        } else {
            let living = prev
                .iter()
                .zip(was_alive)
                .filter(|(_, a)| **a)
                .map(|(p, _)| *p);
            let [x0, y0, x1, y1] = crate::layout::bounds_of(living).unwrap_or([0.0; 4]);
            let r = 0.5 * libm::hypotf(x1 - x0, y1 - y0) + 30.0;
            [
                f32::midpoint(x0, x1) + r * dx,
                f32::midpoint(y0, y1) + r * dy,
            ]
        }
    }

    /// A state alive at sample `k` but not at `k − 1` takes its place at
    /// `k` in all earlier samples, so that it fades in where it appears
    /// instead of sliding.
    fn backfill_births(&mut self, k: usize) {
        let n = self.layout.n_states;
        for i in 0..n {
            if self.graphs[k].alive[i] && !self.graphs[k - 1].alive[i] {
                let born_at = self.layout.samples[k * n + i];
                for earlier in 0..k {
                    self.layout.samples[earlier * n + i] = born_at;
                }
            }
        }
    }

    /// Runs to the end; `report(layout)` after each piece of work (the
    /// first sample comes first, alone) may return false to stop early (the
    /// partial layout is returned).
    pub fn run(mut self, mut report: impl FnMut(&TimelineLayout) -> bool) -> TimelineLayout {
        while self.step() {
            if !report(&self.layout) {
                break;
            }
        }
        self.layout
    }
}

/// The layout of the date `t` alone, with no history: the living states
/// start from a phyllotaxis shuffled by `seed` and settle under the edges of
/// that date. The yardstick the timeline's faithfulness is measured against.
pub fn layout_alone(ds: &Dataset, t: Time, params: &TimelineParams, seed: u64) -> Vec<[f32; 2]> {
    alone(&graph_at(ds, t), params, &Pins::new(), seed)
}

/// The most faithful of `seeds` layouts of the date `t` alone (see
/// [`layout_alone`]), and its faithfulness (`None` where undefined).
pub fn best_layout_alone(
    ds: &Dataset,
    t: Time,
    params: &TimelineParams,
    seeds: u64,
) -> (Option<f64>, Vec<[f32; 2]>) {
    best_alone(&graph_at(ds, t), params, &Pins::new(), seeds)
}

/// The most faithful of `seeds` layouts of one sample's graph alone.
fn best_alone(
    graph: &SampleGraph,
    params: &TimelineParams,
    pins: &Pins,
    seeds: u64,
) -> (Option<f64>, Vec<[f32; 2]>) {
    let faith = |pos: &[[f32; 2]]| {
        faithfulness_of(
            graph.pairs.iter().map(|&(a, b, w)| (a, b, f64::from(w))),
            pos,
        )
    };
    let mut best: Option<(Option<f64>, Vec<[f32; 2]>)> = None;
    for seed in 0..seeds.max(1) {
        let layout = alone(graph, params, pins, seed);
        let f = faith(&layout);
        let better = best
            .as_ref()
            .is_none_or(|(b, _)| f.unwrap_or(f64::NEG_INFINITY) > b.unwrap_or(f64::NEG_INFINITY));
        if better {
            best = Some((f, layout));
        }
    }
    best.unwrap_or_default()
}

/// The layout of one sample's graph alone (see [`layout_alone`]).
fn alone(graph: &SampleGraph, params: &TimelineParams, pins: &Pins, seed: u64) -> Vec<[f32; 2]> {
    let living = graph.living();
    let m = living.ids.len();
    let spiral = phyllotaxis(m);
    // A stride coprime with m visits every spiral slot once.
    let stride = (1..=m.max(1))
        .map(|s| s + seed as usize)
        .find(|&s| gcd(s, m.max(1)) == 1)
        .unwrap_or(1);
    let mut sim = living.simulation(
        params.sim.clone(),
        |i| spiral[(living.local[i] as usize * stride) % m],
        graph,
        pins,
    );
    sim.run(params.first_ticks);
    let mut out = vec![[0.0; 2]; graph.alive.len()];
    living.scatter(&sim.pos, &mut out);
    out
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The whole timeline layout of a dataset, computed in the calling thread.
pub fn timeline_layout(ds: &Dataset, params: &TimelineParams, pins: &Pins) -> TimelineLayout {
    TimelineBuilder::new(ds, params.clone(), pins.clone()).run(|_| true)
}
