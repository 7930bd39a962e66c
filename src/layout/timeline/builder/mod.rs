//! Building the timeline: the sample of the date the window opens on
//! first, then two linked chains growing from it (forwards and backwards
//! in time), the checks against each date laid out alone, and the
//! smoothing sweeps.

use super::alone::best_alone;
use super::graph::{SampleGraph, graph_at, sample_times};
use super::{Pins, TimelineLayout, TimelineParams, align_to, phyllotaxis};
use std::cell::OnceCell;

use crate::date::Time;
use crate::model::Dataset;

mod births;
mod checks;

/// Computes a timeline layout step by step, so that a caller can publish
/// partial results, report progress and stop early.
///
/// The scheme links each state's copies in consecutive samples by springs
/// (Brandes & Mader's *linking*), with no whole-span average. The root —
/// the sample of the date the window opens on (`Dataset::opens_at`) — is
/// laid out alone (best of a few starts) and turned so that its long axis
/// lies across: the first picture is the final one there. Two chains then
/// grow from it, one towards the end and one towards the start, each
/// warm-starting a sample from its neighbour nearer the root and pulling
/// each state towards its place there (a sample whose network did not
/// change is its neighbour's). Checks against the date laid out alone free
/// arrangements that history trapped; then smoothing sweeps re-settle the
/// samples of each stretch of gradual change pulled towards the mean of
/// their two neighbours. The chains depend only on the root and on their
/// own samples, so the order they are grown in (the window grows first the
/// one towards the date on screen) never changes the result.
pub struct TimelineBuilder<'a> {
    ds: &'a Dataset,
    params: TimelineParams,
    pins: Pins,
    /// Each sample's network, once needed.
    graphs: Vec<OnceCell<SampleGraph>>,
    layout: TimelineLayout,
    /// The chain towards the end (0) and towards the start (1).
    chains: [Chain; 2],
    /// The date the window shows: its chain grows first, and until it gets
    /// there a preview holds.
    wanted: Option<Time>,
}

/// One of the two chains growing from the root.
#[derive(Clone, Copy, Debug)]
struct Chain {
    /// +1 towards the end, −1 towards the start.
    dir: isize,
    /// The next sample to compute; `None` when the chain is done.
    next: Option<usize>,
    /// The sample last compared with its date laid out alone.
    last_check: usize,
    /// Whether the network changed since that comparison.
    dirty: bool,
    /// Set when the last check rearranged its sample: the check before.
    restarted_since: Option<usize>,
}

impl Chain {
    /// The sample `steps` away from `k` in this chain's direction.
    fn beyond(&self, k: usize, steps: usize) -> usize {
        k.wrapping_add_signed(self.dir * steps as isize)
    }

    /// How many samples `k` lies beyond `from` in this chain's direction.
    fn distance(&self, from: usize, k: usize) -> usize {
        if self.dir > 0 {
            k.saturating_sub(from)
        } else {
            from.saturating_sub(k)
        }
    }
}

impl<'a> TimelineBuilder<'a> {
    /// A builder of the timeline layout of `ds`, nothing done yet (the
    /// first step lays out the root).
    pub fn new(ds: &'a Dataset, params: TimelineParams, pins: Pins) -> TimelineBuilder<'a> {
        let step_days = if params.step_days.is_finite() && params.step_days > 0.5 {
            params.step_days
        } else {
            TimelineParams::default().step_days
        };
        let (times, cuts) = sample_times(ds, step_days, params.sample_jumps);
        let n_samples = times.len();
        let n = ds.states.len();
        let mut layout = TimelineLayout {
            times,
            cuts,
            n_states: n,
            n_samples,
            lo: 0,
            hi: 0,
            root: 0,
            sweeps_done: 0,
            sweeps: params.sweeps,
            preview: None,
            still: vec![false; n_samples],
            samples: vec![[0.0; 2]; n_samples * n],
        };
        let root = layout.sample_near(ds.opens_at);
        layout.root = root;
        let chain = |dir: isize, next: Option<usize>| Chain {
            dir,
            next,
            last_check: root,
            dirty: false,
            restarted_since: None,
        };
        let forward = (root + 1 < n_samples).then_some(root + 1);
        let backward = root.checked_sub(1);
        TimelineBuilder {
            ds,
            pins,
            graphs: (0..n_samples).map(|_| OnceCell::new()).collect(),
            layout,
            chains: [chain(1, forward), chain(-1, backward)],
            wanted: None,
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

    /// The network of sample `k`, computed on first use.
    pub(super) fn graph(&self, k: usize) -> &SampleGraph {
        self.graphs[k].get_or_init(|| graph_at(self.ds, self.layout.times[k]))
    }

    /// The date the window shows: its chain grows first, and while the
    /// samples done have not reached it, a preview of it holds there: the
    /// nearest sample done reheated with its relations if that is faithful
    /// enough, else its sample laid out alone, turned to match.
    /// True when a preview was made (worth showing at once).
    pub fn want(&mut self, t: Time) -> bool {
        self.wanted = Some(t);
        if self.layout.hi == self.layout.lo || self.layout.covers(t) {
            return false;
        }
        let k = self.layout.sample_near(t);
        let done = (self.layout.lo..self.layout.hi).contains(&k);
        if done || self.layout.preview.as_ref().is_some_and(|(p, _)| *p == k) {
            return false;
        }
        let near = if k < self.layout.lo {
            self.layout.lo
        } else {
            self.layout.hi - 1
        };
        let (graph, reference) = (self.graph(k), self.layout.sample(near).to_vec());
        let (best, fresh) = best_alone(graph, &self.params, &self.pins, self.params.restart_seeds);
        // As the chains will: reheat the nearest sample done (newcomers
        // placed by their ties), so that the preview is near what the
        // chains will make.
        let was_alive = &self.graph(near).alive;
        let on_map = self.graph(near).on_map();
        let mut start = reference.clone();
        for i in graph.newcomers(self.graph(near)) {
            start[i] = self.arrival(i, &graph.pairs, &reference, &on_map);
        }
        let warm = self.settle(k, &start, Some(&start), 1.0, self.params.first_ticks);
        let faithful = |pos: &[[f32; 2]]| {
            self.faithful_enough(self.faith(k, pos).unwrap_or(f64::NEG_INFINITY), best)
        };
        let both: Vec<bool> = (0..fresh.len())
            .map(|i| graph.alive[i] && was_alive[i])
            .collect();
        let mut preview = if faithful(&warm) {
            warm
        } else if self.pins.is_empty() {
            align_to(&fresh, &reference, &both)
        } else {
            fresh
        };
        for i in (0..preview.len()).filter(|&i| !graph.alive[i]) {
            preview[i] = reference[i];
        }
        self.layout.preview = Some((k, preview));
        true
    }

    /// Does the next piece of work: the root, one sample of a chain (the
    /// one towards the date wanted first), or one whole smoothing sweep;
    /// false when all is done.
    pub fn step(&mut self) -> bool {
        if self.layout.hi == self.layout.lo {
            self.root();
            return true;
        }
        let towards_start = self
            .wanted
            .is_some_and(|t| t.0 < self.layout.times[self.layout.root].0);
        let order = if towards_start { [1, 0] } else { [0, 1] };
        if let Some(c) = order.into_iter().find(|&c| self.chains[c].next.is_some()) {
            self.grow(c);
            self.finish_if_done();
            return true;
        }
        if self.layout.sweeps_done < self.params.sweeps {
            self.sweep();
            self.finish_if_done();
            return true;
        }
        false
    }

    /// Lays out the root alone and turns it so that its long axis lies
    /// across (screens are wider than tall); with pins the user's frame is
    /// kept.
    fn root(&mut self) {
        let k = self.layout.root;
        let start = phyllotaxis(self.layout.n_states);
        let mut row = self.check(k, &start, None);
        if self.pins.is_empty() {
            turn_across(&mut row, &self.graph(k).alive);
        }
        self.write(k, &row);
        (self.layout.lo, self.layout.hi) = (k, k + 1);
    }

    fn write(&mut self, k: usize, row: &[[f32; 2]]) {
        let n = self.layout.n_states;
        self.layout.samples[k * n..(k + 1) * n].copy_from_slice(row);
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
        let graph = self.graph(k);
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

    /// Grows chain `c` by one sample, warm-started from its neighbour
    /// nearer the root; when the network has not changed since, that
    /// neighbour is kept as it is (nothing moves).
    fn grow(&mut self, c: usize) {
        let Some(k) = self.chains[c].next else { return };
        let chain = self.chains[c];
        let prev_k = chain.beyond(k, 0).wrapping_add_signed(-chain.dir);
        let prev = self.layout.sample(prev_k).to_vec();
        let same = {
            let (graph, before) = (self.graph(k), self.graph(prev_k));
            graph.pairs == before.pairs && graph.alive == before.alive
        };
        let row = if same {
            // A change just ended: now is the time to look for a better
            // arrangement of the network it left.
            if chain.dirty && self.params.check_every > 0 {
                self.check(k, &prev, Some(c))
            } else {
                prev
            }
        } else {
            let mut start = prev.clone();
            let on_map = self.graph(prev_k).on_map();
            for i in self.graph(k).newcomers(self.graph(prev_k)) {
                start[i] = self.arrival(i, &self.graph(k).pairs, &prev, &on_map);
            }
            let warm = self.settle(
                k,
                &start,
                Some(&start),
                self.params.sample_alpha,
                self.params.ticks_per_sample,
            );
            self.chains[c].dirty = true;
            let every = self.params.check_every;
            if every > 0 && chain.distance(self.chains[c].last_check, k) >= every {
                self.check(k, &warm, Some(c))
            } else {
                warm
            }
        };
        self.write(k, &row);
        self.layout.still[k.max(prev_k)] = same;
        self.layout.lo = self.layout.lo.min(k);
        self.layout.hi = self.layout.hi.max(k + 1);
        self.hold_unborn(k, prev_k);
        let next = chain.beyond(k, 1);
        self.chains[c].next = (next < self.layout.n_samples).then_some(next);
        if let Some(since) = self.chains[c].restarted_since.take() {
            self.carry_back(c, since, k);
        }
        if self
            .layout
            .preview
            .as_ref()
            .is_some_and(|(p, _)| self.layout.covers(self.layout.times[*p]))
        {
            self.layout.preview = None;
        }
    }

    /// One smoothing sweep over every sample, alternately forwards and
    /// backwards so neither direction of time is favoured.
    fn sweep(&mut self) {
        let count = self.layout.n_samples;
        let n = self.layout.n_states;
        let backwards = self.layout.sweeps_done % 2 == 1;
        for step in 0..count {
            let k = if backwards { count - 1 - step } else { step };
            // The root stays as it was first shown: the first picture is
            // the final one there.
            if k == self.layout.root {
                continue;
            }
            // A sample whose network equals a neighbour's stays as it is:
            // where nothing changes nothing moves, and a change shows as
            // the turn between the two samples it falls between.
            let same = |j: usize| {
                j < count
                    && self.graph(j).pairs == self.graph(k).pairs
                    && self.graph(j).alive == self.graph(k).alive
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
            let start = self.layout.sample(k).to_vec();
            // A neighbour where the state is not alive counts as where it
            // is now (where the dead are drawn is no history).
            let at = |j: usize, i: usize| {
                if self.graph(j).alive[i] {
                    self.layout.sample(j)[i]
                } else {
                    start[i]
                }
            };
            let anchors: Vec<[f32; 2]> = (0..n)
                .map(|i| {
                    let (b, a) = (at(lo, i), at(hi, i));
                    [f32::midpoint(b[0], a[0]), f32::midpoint(b[1], a[1])]
                })
                .collect();
            let row = self.settle(
                k,
                &start,
                Some(&anchors),
                self.params.sample_alpha,
                self.params.sweep_ticks,
            );
            self.write(k, &row);
        }
        self.layout.sweeps_done += 1;
        for k in 0..count {
            for prev in [k.wrapping_sub(1), k + 1] {
                if prev < count {
                    self.hold_unborn(k, prev);
                }
            }
        }
    }

    /// Runs to the end; `report(layout)` after each piece of work (the
    /// root comes first, alone) may return false to stop early (the
    /// partial layout is returned).
    pub fn run(mut self, mut report: impl FnMut(&TimelineLayout) -> bool) -> TimelineLayout {
        while self.step() {
            if !report(&self.layout) {
                break;
            }
        }
        self.layout
    }

    /// Like [`TimelineBuilder::run`], but before each piece of work asks
    /// `wanted()` for the date the window shows (see
    /// [`TimelineBuilder::want`]); a preview made is reported at once.
    pub fn run_wanting(
        mut self,
        wanted: impl Fn() -> Option<Time>,
        mut report: impl FnMut(&TimelineLayout) -> bool,
    ) -> TimelineLayout {
        loop {
            if let Some(t) = wanted()
                && self.want(t)
                && !report(&self.layout)
            {
                break;
            }
            if !self.step() || !report(&self.layout) {
                break;
            }
        }
        self.layout
    }
}

/// Turns `row` about the centre of the living states so that their long
/// axis lies across.
fn turn_across(row: &mut [[f32; 2]], alive: &[bool]) {
    let living: Vec<[f32; 2]> = row
        .iter()
        .zip(alive)
        .filter(|(_, a)| **a)
        .map(|(p, _)| *p)
        .collect();
    if living.len() < 2 {
        return;
    }
    let n = living.len() as f64;
    let (mx, my) = living.iter().fold((0.0, 0.0), |(x, y), p| {
        (x + f64::from(p[0]) / n, y + f64::from(p[1]) / n)
    });
    let (mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0);
    for p in &living {
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
    for p in row.iter_mut() {
        let (dx, dy) = (f64::from(p[0]) - mx, f64::from(p[1]) - my);
        *p = [
            (mx + dx * cos - dy * sin) as f32,
            (my + dx * sin + dy * cos) as f32,
        ];
    }
}

/// The whole timeline layout of a dataset, computed in the calling thread.
pub fn timeline_layout(ds: &Dataset, params: &TimelineParams, pins: &Pins) -> TimelineLayout {
    TimelineBuilder::new(ds, params.clone(), pins.clone()).run(|_| true)
}
