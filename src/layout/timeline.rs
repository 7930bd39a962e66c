//! A layout for every date of a dataset, coherent in time.
//!
//! The span is sampled at a fixed step. First a *reference* layout is made
//! from each pair's score averaged over the whole span: the mental map. Then
//! each sample, in date order, is simulated from the previous sample's
//! positions (warm start) with the edges of that date and a gentle pull
//! towards the reference, so that nodes move only as far as the change of
//! relations asks. A state that appears starts near the states it is friends
//! with. Between samples positions are interpolated (Catmull–Rom), so that
//! querying a date costs microseconds and gives the same answer however the
//! date was reached.

use std::collections::BTreeMap;

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
    /// Ticks simulated per sample (warm-started).
    pub ticks_per_sample: usize,
    /// Ticks for the whole-span reference layout.
    pub reference_ticks: usize,
    /// Pull of each node towards its reference position.
    pub anchor: f32,
    /// Alpha each warm-started sample begins with.
    pub sample_alpha: f32,
}

impl Default for TimelineParams {
    fn default() -> TimelineParams {
        TimelineParams {
            sim: Params::default(),
            step_days: DAYS_PER_YEAR / 4.0,
            ticks_per_sample: 40,
            reference_ticks: 300,
            anchor: 0.02,
            sample_alpha: 0.3,
        }
    }
}

/// Positions the user fixed, by state.
pub type Pins = BTreeMap<StateIx, [f32; 2]>;

/// Positions of every state at every sample (possibly only the first
/// `computed` samples so far), and the reference layout.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineLayout {
    pub start: Time,
    pub step_days: f64,
    pub n_states: usize,
    pub n_samples: usize,
    /// Samples done so far; later dates show the reference layout.
    pub computed: usize,
    /// `samples[k * n_states + i]`: state `i` at sample `k`.
    samples: Vec<[f32; 2]>,
    pub reference: Vec<[f32; 2]>,
}

impl TimelineParams {
    /// Parameters for a dataset of `n` states: the benchmark's forces are
    /// tuned for large graphs; a handful of states needs more room between
    /// friends (for their labels) and a shorter reach of hostility.
    pub fn for_states(n: usize) -> TimelineParams {
        let mut params = TimelineParams::default();
        if n <= 60 {
            params.sim.repulsion = 1500.0;
            params.sim.attraction = 5.0;
            params.sim.hostility = 0.08;
            params.sim.hostile_range = 260.0;
            params.sim.gravity = 0.02;
        }
        params
    }
}

impl TimelineLayout {
    /// The box holding every position of every sample: `[x0, y0, x1, y1]`.
    pub fn bounds(&self) -> Option<[f32; 4]> {
        let done = &self.samples[..self.computed * self.n_states];
        let points = if self.computed == 0 {
            &self.reference
        } else {
            done
        };
        super::bounds_of(points.iter().copied())
    }

    /// Whether every sample is computed.
    pub fn is_complete(&self) -> bool {
        self.computed == self.n_samples
    }

    /// The fraction of samples computed, in [0, 1].
    pub fn progress(&self) -> f32 {
        if self.n_samples == 0 {
            1.0
        } else {
            self.computed as f32 / self.n_samples as f32
        }
    }

    fn sample(&self, k: usize) -> &[[f32; 2]] {
        &self.samples[k * self.n_states..(k + 1) * self.n_states]
    }

    /// The position of every state at `t`, written into `out`.
    pub fn positions_at(&self, t: Time, out: &mut Vec<[f32; 2]>) {
        out.clear();
        if self.computed == 0 {
            out.extend_from_slice(&self.reference);
            return;
        }
        let x = ((t.0 - self.start.0) / self.step_days).clamp(0.0, (self.n_samples - 1) as f64);
        let x = if x.is_nan() { 0.0 } else { x };
        let k = (x.floor() as usize).min(self.n_samples - 1);
        if k + 1 >= self.computed {
            // Not yet computed this far: the last computed sample (or the
            // reference before anything) holds until the rest arrives.
            out.extend_from_slice(self.sample(self.computed - 1));
            return;
        }
        let f = (x - k as f64) as f32;
        let last = self.computed - 1;
        let p0 = self.sample(k.saturating_sub(1));
        let p1 = self.sample(k);
        let p2 = self.sample(k + 1);
        let p3 = self.sample((k + 2).min(last));
        out.extend((0..self.n_states).map(|i| {
            [
                catmull_rom(p0[i][0], p1[i][0], p2[i][0], p3[i][0], f),
                catmull_rom(p0[i][1], p1[i][1], p2[i][1], p3[i][1], f),
            ]
        }));
    }
}

/// The centripetal-free (uniform) Catmull–Rom spline between `b` and `c`.
fn catmull_rom(a: f32, b: f32, c: f32, d: f32, t: f32) -> f32 {
    let t2 = t * t;
    let t3 = t2 * t;
    0.5 * ((2.0 * b)
        + (-a + c) * t
        + (2.0 * a - 5.0 * b + 4.0 * c - d) * t2
        + (-a + 3.0 * b - 3.0 * c + d) * t3)
}

/// Computes a timeline layout step by step, so that a caller can publish
/// partial results, report progress and stop early.
pub struct TimelineBuilder<'a> {
    ds: &'a Dataset,
    params: TimelineParams,
    pins: Pins,
    layout: TimelineLayout,
}

/// The edges of a snapshot, between states' indices, weighted by aggregate
/// score.
fn edges_at(ds: &Dataset, t: Time) -> (Vec<bool>, Vec<(StateIx, StateIx, f32)>) {
    let snap = snapshot(ds, t, 0.0);
    let mut alive = vec![false; ds.states.len()];
    for s in &snap.states {
        alive[s.state] = true;
    }
    let edges = snap
        .pairs
        .iter()
        .map(|p| (p.a, p.b, p.score as f32))
        .collect();
    (alive, edges)
}

impl<'a> TimelineBuilder<'a> {
    pub fn new(ds: &'a Dataset, params: TimelineParams, pins: Pins) -> TimelineBuilder<'a> {
        let span = (ds.end.0 - ds.start.0).max(0.0);
        let step_days = if params.step_days.is_finite() && params.step_days > 0.5 {
            params.step_days
        } else {
            TimelineParams::default().step_days
        };
        let n_samples = (span / step_days).ceil() as usize + 1;
        let n = ds.states.len();
        TimelineBuilder {
            ds,
            pins,
            layout: TimelineLayout {
                start: ds.start,
                step_days,
                n_states: n,
                n_samples,
                computed: 0,
                samples: Vec::with_capacity(n_samples * n),
                reference: Vec::new(),
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
        Time((self.layout.start.0 + k as f64 * self.layout.step_days).min(self.ds.end.0))
    }

    /// The whole-span reference layout: each pair weighted by its mean score
    /// over all samples (absent counts as 0).
    pub fn compute_reference(&mut self) {
        let n = self.ds.states.len();
        let mut sums: BTreeMap<(StateIx, StateIx), f32> = BTreeMap::new();
        let count = self.layout.n_samples.max(1);
        // A coarser pass is enough for the average.
        let stride = (count / 100).max(1);
        let mut used = 0usize;
        for k in (0..count).step_by(stride) {
            used += 1;
            for (a, b, w) in edges_at(self.ds, self.sample_time(k)).1 {
                *sums.entry((a, b)).or_insert(0.0) += w;
            }
        }
        let edges: Vec<Edge> = sums
            .into_iter()
            .map(|((a, b), s)| Edge {
                a: a as u32,
                b: b as u32,
                w: s / used as f32,
            })
            .collect();
        let mut sim = Simulation::new(self.params.sim.clone(), phyllotaxis(n), &edges);
        for (&i, &p) in &self.pins {
            sim.pin(i, p);
        }
        sim.run(self.params.reference_ticks);
        self.layout.reference = sim.pos;
    }

    /// Computes the next sample; false when all are done.
    pub fn step(&mut self) -> bool {
        if self.layout.reference.is_empty() {
            self.compute_reference();
        }
        let k = self.layout.computed;
        if k >= self.layout.n_samples {
            return false;
        }
        let n = self.layout.n_states;
        let (alive, pairs) = edges_at(self.ds, self.sample_time(k));
        let prev: Vec<[f32; 2]> = if k == 0 {
            self.layout.reference.clone()
        } else {
            self.layout.sample(k - 1).to_vec()
        };
        let was_alive = if k == 0 {
            vec![false; n]
        } else {
            edges_at(self.ds, self.sample_time(k - 1)).0
        };
        // Only the living take part; `local[i]` is state i's index in the sim.
        let ids: Vec<StateIx> = (0..n).filter(|&i| alive[i]).collect();
        let mut local = vec![u32::MAX; n];
        for (j, &i) in ids.iter().enumerate() {
            local[i] = j as u32;
        }
        let start: Vec<[f32; 2]> = ids
            .iter()
            .map(|&i| {
                if was_alive[i] || k == 0 {
                    prev[i]
                } else {
                    self.arrival(i, &pairs, &prev, &was_alive)
                }
            })
            .collect();
        let edges: Vec<Edge> = pairs
            .iter()
            .map(|&(a, b, w)| Edge {
                a: local[a],
                b: local[b],
                w,
            })
            .collect();
        let mut params = self.params.sim.clone();
        params.anchor = self.params.anchor;
        let mut sim = Simulation::new(params, start, &edges);
        sim.alpha = if k == 0 {
            1.0
        } else {
            self.params.sample_alpha
        };
        sim.set_anchors(Some(
            ids.iter().map(|&i| self.layout.reference[i]).collect(),
        ));
        for (&i, &p) in &self.pins {
            if alive[i] {
                sim.pin(local[i] as usize, p);
            }
        }
        let ticks = if k == 0 {
            self.params.reference_ticks
        } else {
            self.params.ticks_per_sample
        };
        for _ in 0..ticks {
            sim.tick();
        }
        // The dead keep their last place; they are not drawn.
        let mut row = prev;
        for (j, &i) in ids.iter().enumerate() {
            row[i] = sim.pos[j];
        }
        self.layout.samples.extend_from_slice(&row);
        self.layout.computed += 1;
        if k > 0 {
            self.backfill_births(k, &alive, &was_alive);
        }
        true
    }

    /// Where a state that appears starts: the weighted centre of its friends
    /// already on the map, else its reference position.
    fn arrival(
        &self,
        i: StateIx,
        pairs: &[(StateIx, StateIx, f32)],
        prev: &[[f32; 2]],
        was_alive: &[bool],
    ) -> [f32; 2] {
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
        if let Some(&p) = self.pins.get(&i) {
            return p;
        }
        let reference = self.layout.reference[i];
        if w > 0.0 {
            // Near the friends, nudged towards its own reference place so
            // that it does not land on top of them.
            [
                0.7 * x / w + 0.3 * reference[0],
                0.7 * y / w + 0.3 * reference[1],
            ]
        } else {
            reference
        }
    }

    /// A state born at sample `k` takes its birth position in all earlier
    /// samples, so that it fades in where it appears instead of sliding.
    fn backfill_births(&mut self, k: usize, alive: &[bool], was_alive: &[bool]) {
        let n = self.layout.n_states;
        for i in 0..n {
            if alive[i] && !was_alive[i] {
                let born_at = self.layout.samples[k * n + i];
                for earlier in 0..k {
                    self.layout.samples[earlier * n + i] = born_at;
                }
            }
        }
    }

    /// Runs to the end; `report(progress)` after each sample may return
    /// false to stop early (the partial layout is returned).
    pub fn run(mut self, mut report: impl FnMut(&TimelineLayout) -> bool) -> TimelineLayout {
        self.compute_reference();
        if !report(&self.layout) {
            return self.layout;
        }
        while self.step() {
            if !report(&self.layout) {
                break;
            }
        }
        self.layout
    }
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
            reference_ticks: 150,
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
                let moved = (p[0] - q[0]).hypot(p[1] - q[1]);
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
        builder.compute_reference();
        let mut out = Vec::new();
        builder
            .layout()
            .positions_at(Time::from_ymd(2000, 1, 1), &mut out);
        assert_eq!(out, builder.layout().reference);
        for _ in 0..5 {
            builder.step();
        }
        builder
            .layout()
            .positions_at(Time::from_ymd(2020, 1, 1), &mut out);
        assert_eq!(out.len(), ds.states.len());
        assert!(out.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
    }
}
