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

mod alone;
mod builder;
mod graph;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

pub use alone::{best_layout_alone, layout_alone};
pub use builder::{TimelineBuilder, timeline_layout};

use super::quality::{align_to, faithfulness_of};
use super::sim::{Params, phyllotaxis};
use crate::date::{DAYS_PER_YEAR, Time};
use crate::model::{Dataset, StateIx, pairs_among};

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

/// Positions of every state at every sample (possibly only the samples
/// `lo..hi` so far: the chains grow from the date the window opens on).
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineLayout {
    /// The date of each sample, increasing.
    pub times: Vec<Time>,
    /// `cuts[k]`: a sudden change happens between samples `k − 1` and `k`
    /// (a day apart); positions pass straight from one to the other.
    cuts: Vec<bool>,
    pub n_states: usize,
    pub n_samples: usize,
    /// The samples computed so far: `lo..hi` (the root's, then growing
    /// both ways); dates outside show the nearest of them, or the preview.
    pub lo: usize,
    pub hi: usize,
    /// The sample laid out first (the one of the date the window opens
    /// on), turned so that its long axis lies across.
    pub root: usize,
    /// Smoothing sweeps done so far.
    pub sweeps_done: usize,
    /// Smoothing sweeps asked for.
    pub sweeps: usize,
    /// While the chains have not reached a date the window shows, that
    /// date's sample laid out alone and turned to match the nearest sample
    /// done: what is shown there meanwhile (never part of the result).
    preview: Option<(usize, Vec<[f32; 2]>)>,
    /// `still[k]`: sample `k`'s network is sample `k − 1`'s (the states
    /// alive and their ties), so the curve rests between them.
    still: Vec<bool>,
    /// `samples[k * n_states + i]`: state `i` at sample `k`.
    samples: Vec<[f32; 2]>,
}

impl TimelineParams {
    /// Parameters for a dataset: see [`TimelineParams::for_graph`].
    pub fn for_dataset(ds: &Dataset) -> TimelineParams {
        TimelineParams::for_graph(ds.states.len(), ds.pairs.len())
    }

    /// Parameters for `n` states of which `pairs` pairs could ever be
    /// linked (by a relation, or by sharing a group: [`Dataset::pairs`]).
    ///
    /// - A handful of states (n ≤ 60) needs more room between friends (for
    ///   their labels) and a shorter reach of hostility; it is also cheap
    ///   enough to sample every month, smooth twice and look for a better
    ///   arrangement after every change.
    /// - A sparse world (fewer than three in four pairs linked: alliances,
    ///   organisations and rivalries among many states, most of which share
    ///   no tie at a given date) gets signed springs too, with a long rest
    ///   length, so that a bloc of allies stays a cluster of readable discs
    ///   instead of collapsing to a point, and the states with no tie at
    ///   all do not set the picture's scale. These forces were tuned on the
    ///   bundled world of 200 states; the step from 60 to 61 states changes
    ///   the forces and the sampling at once.
    /// - A dense world (three in four pairs or more, as with UN voting
    ///   agreement, where every pair has a score every year) keeps the
    ///   benchmark's forces: there, springs on every pair blur the blocs.
    pub fn for_graph(n: usize, pairs: usize) -> TimelineParams {
        let mut params = TimelineParams::default();
        let all_pairs = pairs_among(n);
        let sparse = pairs < all_pairs - all_pairs / 4;
        // Strong repulsion and signed springs towards the distance each
        // score asks for, so that weak ties and mild tensions show in
        // distances too (or a state keeps sitting with its friends'
        // friends); `reach` is how far hostility and the springs' scale go.
        let with_springs = |reach: f32, gravity: f32, spring: f32, spring_length: f32| Params {
            repulsion: 1500.0,
            attraction: 5.0,
            hostility: 0.08,
            hostile_range: reach,
            gravity,
            spring,
            spring_length,
            ..Params::default()
        };
        if n <= 60 {
            params.step_days = DAYS_PER_YEAR / 12.0;
            params.sweeps = 2;
            params.check_every = 1;
            params.restart_seeds = 8;
            params.sample_jumps = true;
            params.sim = Params {
                // The root is turned across, but decades later the picture
                // may stand upright: gravity holds it wide.
                upright: 2.5,
                ..with_springs(260.0, 0.02, 50.0, 150.0)
            };
        } else if sparse {
            params.sim = Params {
                // Rivals far apart: at world scale a war must read as
                // distance, not as one more line in a crowd.
                hostility: 0.3,
                ..with_springs(2000.0, 0.05, 80.0, 800.0)
            };
            // A sample every four months and one start per check: the
            // whole span of a world of 200 states in about two seconds
            // (measured with `layout_quality`: as faithful, and the
            // checks' second start never won).
            params.step_days = DAYS_PER_YEAR / 3.0;
            params.restart_seeds = 1;
        }
        params
    }
}

impl TimelineLayout {
    /// The box holding every position of every computed sample:
    /// `[x0, y0, x1, y1]`.
    pub fn bounds(&self) -> Option<[f32; 4]> {
        super::bounds_of(
            self.samples[self.lo * self.n_states..self.hi * self.n_states]
                .iter()
                .copied(),
        )
    }

    /// Whether every sample is computed and smoothed.
    pub fn is_complete(&self) -> bool {
        self.lo == 0 && self.hi == self.n_samples && self.sweeps_done >= self.sweeps
    }

    /// Whether the sample of `t` is computed (not a preview, nor a nearer
    /// date's picture held).
    pub fn covers(&self, t: Time) -> bool {
        self.hi > self.lo && t.0 >= self.times[self.lo].0 && t.0 <= self.times[self.hi - 1].0
    }

    /// The sample the preview shows, if there is one.
    pub fn preview_sample(&self) -> Option<usize> {
        self.preview.as_ref().map(|(k, _)| *k)
    }

    /// The fraction of the work done, in [0, 1].
    pub fn progress(&self) -> f32 {
        if self.n_samples == 0 {
            return 1.0;
        }
        // A sweep costs about half a pass over the samples.
        let total = 1.0 + 0.5 * self.sweeps as f32;
        let computed = (self.hi - self.lo) as f32 / self.n_samples as f32;
        let done = computed + 0.5 * self.sweeps_done as f32;
        (done / total).clamp(0.0, 1.0)
    }

    fn sample(&self, k: usize) -> &[[f32; 2]] {
        &self.samples[k * self.n_states..(k + 1) * self.n_states]
    }

    /// The sample whose date is nearest `t`.
    pub fn sample_near(&self, t: Time) -> usize {
        let after = self.times.partition_point(|s| s.0 <= t.0);
        match after {
            0 => 0,
            _ if after >= self.times.len() => self.times.len().saturating_sub(1),
            _ if t.0 - self.times[after - 1].0 <= self.times[after].0 - t.0 => after - 1,
            _ => after,
        }
    }

    /// The position of every state at `t`, written into `out`: a cubic
    /// Hermite spline through the samples (Catmull–Rom where they are evenly
    /// spaced), straight across a sudden change. Outside the samples done
    /// so far: the preview of that side if there is one, else the nearest
    /// sample done.
    pub fn positions_at(&self, t: Time, out: &mut Vec<[f32; 2]>) {
        out.clear();
        if self.hi == self.lo {
            match &self.preview {
                Some((_, row)) => out.extend_from_slice(row),
                None => out.extend_from_slice(&phyllotaxis(self.n_states)),
            }
            return;
        }
        let (lo, hi) = (self.lo, self.hi);
        let after = lo + self.times[lo..hi].partition_point(|s| s.0 <= t.0);
        if after == lo || after >= hi || t.0.is_nan() {
            // Outside the samples done: a preview of that side holds there,
            // else the nearest sample done (until the rest arrives).
            let k = if after == lo || t.0.is_nan() {
                lo
            } else {
                hi - 1
            };
            let preview = self.preview.as_ref().filter(|(p, _)| {
                !self.covers(t) && ((after == lo && *p < lo) || (after >= hi && *p >= hi))
            });
            match preview {
                Some((_, row)) if !t.0.is_nan() => out.extend_from_slice(row),
                _ => out.extend_from_slice(self.sample(k)),
            }
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
        let (first, last) = (self.lo, self.hi - 1);
        // A sample whose network is a neighbour's is a resting point: the
        // curve leaves it and arrives at it flat, so nothing drifts
        // between two equal samples (where the dead are kept is no
        // matter).
        let rests = (k > first && self.still[k]) || (k < last && self.still[k + 1]);
        if rests {
            return vec![[0.0, 0.0]; self.n_states];
        }
        let lo = if k == first || self.cuts[k] { k } else { k - 1 };
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
