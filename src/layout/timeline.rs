//! A layout for every date of a dataset, coherent in time.
//!
//! The span is sampled at a fixed step (and, for small datasets, also the
//! day before and the day of every sudden change); each sample is laid out
//! with the relations of its own date, and each state's copies in
//! consecutive samples are linked by springs so that positions move only as
//! far as the relations change (see [`TimelineBuilder`]). A state that
//! appears starts near the states it is friends with. Between samples
//! positions follow a cubic Hermite spline (Catmull–Rom on even steps,
//! straight across a sudden change), so that querying a date costs
//! microseconds and gives the same answer however the date was reached.

use std::collections::BTreeMap;

use super::quality::{align_to, faithfulness_of};
use super::sim::{Edge, Params, Simulation, phyllotaxis};
use crate::date::{DAYS_PER_YEAR, Time};
use crate::eval::snapshot;
use crate::model::{Dataset, StateIx};

/// What a timeline layout depends on besides the data.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineParams {
    pub sim: Params,
    /// Days between two samples.
    pub step_days: f64,
    /// Ticks simulated per sample in the forward pass (warm-started).
    pub ticks_per_sample: usize,
    /// Ticks for the first sample, which starts from nothing, and for a
    /// date laid out alone.
    pub first_ticks: usize,
    /// Pull of each state towards its place in the neighbouring samples
    /// (the spring linking a state's consecutive copies).
    pub link: f32,
    /// Alpha each warm-started sample begins with.
    pub sample_alpha: f32,
    /// Smoothing sweeps after the forward pass: each re-settles every
    /// sample in a stretch of gradual change linked to both neighbours, so
    /// the change is prepared as much as it is followed.
    pub sweeps: usize,
    /// Ticks per sample in a smoothing sweep.
    pub sweep_ticks: usize,
    /// The forward pass compares a sample with its date laid out alone when
    /// a change ends, and every this many samples during a long one; 0
    /// never.
    pub check_every: usize,
    /// When the warm-started sample is less faithful than this fraction of
    /// the date laid out alone, it was trapped by its history: it is
    /// reheated, or if that is not enough the layout alone, turned to match
    /// it, takes its place.
    pub restart_below: f32,
    /// Starts tried when a date is laid out alone; the most faithful wins.
    pub restart_seeds: u64,
    /// Also sample the day before and the day of every sudden change (see
    /// [`crate::eval::jumps`]), so that the turn it causes takes one day
    /// instead of blending across a whole step.
    pub sample_jumps: bool,
}

impl Default for TimelineParams {
    fn default() -> TimelineParams {
        TimelineParams {
            sim: Params::default(),
            step_days: DAYS_PER_YEAR / 4.0,
            ticks_per_sample: 40,
            first_ticks: 300,
            link: 0.02,
            sample_alpha: 0.3,
            sweeps: 1,
            sweep_ticks: 20,
            check_every: 16,
            restart_below: 0.95,
            restart_seeds: 2,
            sample_jumps: false,
        }
    }
}

/// How many times the usual link pulls a restarted sample back towards
/// where history had its states.
const RESTART_PULL: f32 = 10.0;

/// Positions the user fixed, by state.
pub type Pins = BTreeMap<StateIx, [f32; 2]>;

/// Positions of every state at every sample (possibly only the first
/// `computed` samples so far).
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineLayout {
    /// The date of each sample, increasing.
    pub times: Vec<Time>,
    /// `cuts[k]`: a sudden change happens between samples `k − 1` and `k`
    /// (a day apart); positions pass straight from one to the other.
    cuts: Vec<bool>,
    pub n_states: usize,
    pub n_samples: usize,
    /// Samples of the forward pass done so far; later dates show the last
    /// of them.
    pub computed: usize,
    /// Smoothing sweeps done so far.
    pub sweeps_done: usize,
    /// Smoothing sweeps asked for.
    pub sweeps: usize,
    /// Whether the finished timeline has been turned to lie across.
    pub oriented: bool,
    /// `samples[k * n_states + i]`: state `i` at sample `k`.
    samples: Vec<[f32; 2]>,
}

impl TimelineParams {
    /// Parameters for a dataset of `n` states: the benchmark's forces are
    /// tuned for large graphs; a handful of states needs more room between
    /// friends (for their labels) and a shorter reach of hostility; it is
    /// also cheap enough to sample every month, smooth twice and look for a
    /// better arrangement after every change.
    pub fn for_states(n: usize) -> TimelineParams {
        let mut params = TimelineParams::default();
        if n <= 60 {
            params.step_days = DAYS_PER_YEAR / 12.0;
            params.sweeps = 2;
            params.check_every = 1;
            params.restart_seeds = 8;
            params.sample_jumps = true;
            params.sim.repulsion = 1500.0;
            params.sim.attraction = 5.0;
            params.sim.hostility = 0.08;
            params.sim.hostile_range = 260.0;
            params.sim.gravity = 0.02;
            // Springs towards the distance each score asks for: with few
            // states, weak ties and mild tensions must show in distances
            // too, or a state keeps sitting with its friends' friends.
            params.sim.spring = 50.0;
            params.sim.spring_length = 150.0;
        }
        params
    }
}

impl TimelineLayout {
    /// The box holding every position of every computed sample:
    /// `[x0, y0, x1, y1]`.
    pub fn bounds(&self) -> Option<[f32; 4]> {
        super::bounds_of(
            self.samples[..self.computed * self.n_states]
                .iter()
                .copied(),
        )
    }

    /// Whether every sample is computed, smoothed and turned.
    pub fn is_complete(&self) -> bool {
        self.computed == self.n_samples && self.sweeps_done >= self.sweeps && self.oriented
    }

    /// The fraction of the work done, in [0, 1].
    pub fn progress(&self) -> f32 {
        if self.n_samples == 0 {
            return 1.0;
        }
        // A sweep costs about half a forward pass.
        let total = 1.0 + 0.5 * self.sweeps as f32;
        let done = self.computed as f32 / self.n_samples as f32 + 0.5 * self.sweeps_done as f32;
        (done / total).clamp(0.0, 1.0)
    }

    fn sample(&self, k: usize) -> &[[f32; 2]] {
        &self.samples[k * self.n_states..(k + 1) * self.n_states]
    }

    /// The position of every state at `t`, written into `out`: a cubic
    /// Hermite spline through the samples (Catmull–Rom where they are evenly
    /// spaced), straight across a sudden change.
    pub fn positions_at(&self, t: Time, out: &mut Vec<[f32; 2]>) {
        out.clear();
        if self.computed == 0 {
            out.extend_from_slice(&phyllotaxis(self.n_states));
            return;
        }
        let after = self.times[..self.computed].partition_point(|s| s.0 <= t.0);
        if after == 0 || after >= self.computed || t.0.is_nan() {
            // Before the first sample, or past the last computed one (which
            // holds until the rest arrives).
            let k = if after == 0 || t.0.is_nan() {
                0
            } else {
                self.computed - 1
            };
            out.extend_from_slice(self.sample(k));
            return;
        }
        let k = after - 1;
        let h = self.times[k + 1].0 - self.times[k].0;
        let f = if h > 0.0 {
            ((t.0 - self.times[k].0) / h) as f32
        } else {
            0.0
        };
        let (p1, p2) = (self.sample(k), self.sample(k + 1));
        if self.cuts[k + 1] {
            out.extend(
                p1.iter()
                    .zip(p2)
                    .map(|(a, b)| [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f]),
            );
            return;
        }
        let (m1, m2) = (self.tangent(k), self.tangent(k + 1));
        let scale = h as f32;
        let (h00, h10, h01, h11) = hermite(f);
        out.extend((0..self.n_states).map(|i| {
            let c = |d: usize| {
                h00 * p1[i][d] + h10 * scale * m1[i][d] + h01 * p2[i][d] + h11 * scale * m2[i][d]
            };
            [c(0), c(1)]
        }));
    }

    /// The velocity (per day) of every state at sample `k`: the central
    /// difference, one-sided next to a cut or an end, zero where the sample
    /// equals a neighbour.
    fn tangent(&self, k: usize) -> Vec<[f32; 2]> {
        let last = self.computed - 1;
        // A sample equal to a neighbour is a resting point: the curve
        // leaves it and arrives at it flat, so nothing drifts between two
        // equal samples.
        let rests = (k > 0 && self.sample(k) == self.sample(k - 1))
            || (k < last && self.sample(k) == self.sample(k + 1));
        if rests {
            return vec![[0.0, 0.0]; self.n_states];
        }
        let lo = if k == 0 || self.cuts[k] { k } else { k - 1 };
        let hi = if k == last || self.cuts[k + 1] {
            k
        } else {
            k + 1
        };
        let dt = (self.times[hi].0 - self.times[lo].0) as f32;
        let (a, b) = (self.sample(lo), self.sample(hi));
        a.iter()
            .zip(b)
            .map(|(p, q)| {
                if dt > 0.0 {
                    [(q[0] - p[0]) / dt, (q[1] - p[1]) / dt]
                } else {
                    [0.0, 0.0]
                }
            })
            .collect()
    }
}

/// The cubic Hermite basis at `t` in [0, 1].
fn hermite(t: f32) -> (f32, f32, f32, f32) {
    let (t2, t3) = (t * t, t * t * t);
    (
        2.0 * t3 - 3.0 * t2 + 1.0,
        t3 - 2.0 * t2 + t,
        -2.0 * t3 + 3.0 * t2,
        t3 - t2,
    )
}

/// The sample dates of a dataset: every `step_days` from its start to its
/// end, and with `jumps` the day before and the day of every sudden change.
/// Returns the dates and, for each, whether a change happens just before it.
fn sample_times(ds: &Dataset, step_days: f64, jumps: bool) -> (Vec<Time>, Vec<bool>) {
    let span = (ds.end.0 - ds.start.0).max(0.0);
    let count = (span / step_days).ceil() as usize + 1;
    let mut times: Vec<(f64, bool)> = (0..count)
        .map(|k| ((ds.start.0 + k as f64 * step_days).min(ds.end.0), false))
        .collect();
    if jumps {
        for d in crate::eval::jumps(ds) {
            if d.0 - 1.0 >= ds.start.0 && d.0 <= ds.end.0 {
                // Even samples inside the day of change would blur it.
                times.retain(|&(t, _)| !(t > d.0 - 1.0 && t < d.0));
                times.push((d.0 - 1.0, false));
                times.push((d.0, true));
            }
        }
    }
    times.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    // Keep the first of samples on the same date, but a cut wins.
    times.dedup_by(|later, earlier| {
        if later.0 == earlier.0 {
            earlier.1 |= later.1;
            true
        } else {
            false
        }
    });
    let mut cuts: Vec<bool> = times.iter().map(|&(_, cut)| cut).collect();
    if let Some(first) = cuts.first_mut() {
        *first = false;
    }
    // A cut needs its day-before sample right before it.
    for k in 1..times.len() {
        if cuts[k] && times[k].0 - times[k - 1].0 > 1.0 + 1e-9 {
            cuts[k] = false;
        }
    }
    (times.into_iter().map(|(t, _)| Time(t)).collect(), cuts)
}

/// The network of one sample: who is alive and the signed edges between
/// states' indices, weighted by aggregate score.
struct SampleGraph {
    alive: Vec<bool>,
    pairs: Vec<(StateIx, StateIx, f32)>,
}

/// The living states of a sample as a simulation sees them.
struct Living {
    /// The living states, in state order.
    ids: Vec<StateIx>,
    /// `local[i]`: state i's index among the living (`u32::MAX` if dead).
    local: Vec<u32>,
}

impl SampleGraph {
    fn living(&self) -> Living {
        let ids: Vec<StateIx> = (0..self.alive.len()).filter(|&i| self.alive[i]).collect();
        let mut local = vec![u32::MAX; self.alive.len()];
        for (j, &i) in ids.iter().enumerate() {
            local[i] = j as u32;
        }
        Living { ids, local }
    }
}

impl Living {
    /// A simulation of the living states of `graph`, each starting at
    /// `start(state)`, with the graph's edges and the pins of the living.
    fn simulation(
        &self,
        params: Params,
        start: impl Fn(StateIx) -> [f32; 2],
        graph: &SampleGraph,
        pins: &Pins,
    ) -> Simulation {
        let edges: Vec<Edge> = graph
            .pairs
            .iter()
            .map(|&(a, b, w)| Edge {
                a: self.local[a],
                b: self.local[b],
                w,
            })
            .collect();
        let mut sim = Simulation::new(params, self.ids.iter().map(|&i| start(i)).collect(), &edges);
        for (&i, &p) in pins {
            if let Some(&j) = self.local.get(i).filter(|j| **j != u32::MAX) {
                sim.pin(j as usize, p);
            }
        }
        sim
    }

    /// Writes the simulation's positions back by state.
    fn scatter(&self, sim_pos: &[[f32; 2]], out: &mut [[f32; 2]]) {
        for (j, &i) in self.ids.iter().enumerate() {
            out[i] = sim_pos[j];
        }
    }
}

fn graph_at(ds: &Dataset, t: Time) -> SampleGraph {
    let snap = snapshot(ds, t, 0.0);
    let mut alive = vec![false; ds.states.len()];
    for s in &snap.states {
        alive[s.state] = true;
    }
    let pairs = snap
        .pairs
        .iter()
        .map(|p| (p.a, p.b, p.score as f32))
        .collect();
    SampleGraph { alive, pairs }
}

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
                    .map(|i| super::quality::distance(layout[i], row[i]))
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
            let [x0, y0, x1, y1] = super::bounds_of(living).unwrap_or([0.0; 4]);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::load::load_str;

    fn small() -> Dataset {
        load_str("bundled", crate::DEFAULT_DATASET).unwrap()
    }

    fn quick() -> TimelineParams {
        TimelineParams {
            step_days: DAYS_PER_YEAR,
            ticks_per_sample: 20,
            first_ticks: 150,
            ..TimelineParams::default()
        }
    }

    #[test]
    fn same_date_same_picture_whatever_the_path() {
        let ds = small();
        let layout = timeline_layout(&ds, &quick(), &Pins::new());
        let t = Date::parse("1985-06-15").unwrap().start();
        let mut jumped = Vec::new();
        layout.positions_at(t, &mut jumped);
        let mut scrubbed = Vec::new();
        // Forwards from the start, then backwards from the end.
        let mut x = ds.start.0;
        while x < t.0 {
            layout.positions_at(Time(x), &mut scrubbed);
            x += 17.0;
        }
        layout.positions_at(t, &mut scrubbed);
        assert_eq!(jumped, scrubbed);
        let mut x = ds.end.0;
        while x > t.0 {
            layout.positions_at(Time(x), &mut scrubbed);
            x -= 23.0;
        }
        layout.positions_at(t, &mut scrubbed);
        assert_eq!(jumped, scrubbed);
        // And a second computation gives the same bits.
        let again = timeline_layout(&ds, &quick(), &Pins::new());
        assert_eq!(layout, again);
    }

    #[test]
    fn positions_are_continuous_in_time() {
        let ds = small();
        let layout = timeline_layout(&ds, &quick(), &Pins::new());
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let mut x = ds.start.0;
        while x < ds.end.0 {
            layout.positions_at(Time(x), &mut a);
            layout.positions_at(Time(x + 1.0), &mut b);
            for (p, q) in a.iter().zip(&b) {
                let moved = libm::hypotf(p[0] - q[0], p[1] - q[1]);
                assert!(moved < 5.0, "a node jumped {moved} in one day at {x}");
            }
            x += 5.0;
        }
    }

    #[test]
    fn pins_hold_at_every_date() {
        let ds = small();
        let pak = ds.state_index("PAK").unwrap();
        let pins = Pins::from([(pak, [123.0, -45.0])]);
        let layout = timeline_layout(&ds, &quick(), &pins);
        let mut out = Vec::new();
        for year in [1950, 1980, 2020] {
            layout.positions_at(Time::from_ymd(year, 6, 1), &mut out);
            assert_eq!(out[pak], [123.0, -45.0]);
        }
    }

    #[test]
    fn partial_layouts_answer_every_date() {
        let ds = small();
        let mut builder = TimelineBuilder::new(&ds, quick(), Pins::new());
        builder.step();
        let mut out = Vec::new();
        builder
            .layout()
            .positions_at(Time::from_ymd(2000, 1, 1), &mut out);
        // Only the first sample so far: it holds at every date.
        assert_eq!(out, builder.layout().sample(0));
        for _ in 0..5 {
            builder.step();
        }
        builder
            .layout()
            .positions_at(Time::from_ymd(2020, 1, 1), &mut out);
        assert_eq!(out.len(), ds.states.len());
        assert!(out.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
    }

    #[test]
    fn a_sudden_change_turns_the_picture_within_its_day_and_quiet_years_stay_still() {
        let ds = small();
        let params = TimelineParams::for_states(ds.states.len());
        let layout = timeline_layout(&ds, &params, &Pins::new());
        // The Taliban take Kabul on 15 August 2021: sampled the day before
        // and the day itself.
        let d = Date::parse("2021-08-15").unwrap().start();
        let k = layout.times.iter().position(|t| *t == d).unwrap();
        assert_eq!(layout.times[k - 1].0, d.0 - 1.0);
        assert!(layout.cuts[k]);
        // Where the network does not change, states do not move.
        let (mut p, mut q) = (Vec::new(), Vec::new());
        let mut quiet = 0;
        for w in layout.times.windows(2) {
            let (a, b) = (snapshot(&ds, w[0], 0.0), snapshot(&ds, w[1], 0.0));
            if a.pairs != b.pairs || a.states != b.states {
                continue;
            }
            quiet += 1;
            layout.positions_at(w[0], &mut p);
            // Between two equal samples too (no overshoot of the spline).
            layout.positions_at(Time(f64::midpoint(w[0].0, w[1].0)), &mut q);
            let mid = q.clone();
            layout.positions_at(w[1], &mut q);
            assert_eq!(p, q, "two samples with the same network differ");
            q = mid;
            let alive: Vec<bool> = (0..ds.states.len())
                .map(|i| a.states.iter().any(|s| s.state == i))
                .collect();
            let size = super::super::quality::extent(&p, &alive);
            for i in (0..p.len()).filter(|&i| alive[i]) {
                let moved = super::super::quality::distance(p[i], q[i]);
                assert!(
                    moved < 1e-4 * size,
                    "{} moved {moved} of {size} in a quiet step at {}",
                    ds.states[i].id,
                    w[0].date()
                );
            }
        }
        assert!(quiet > 100, "only {quiet} quiet steps");
    }
}
