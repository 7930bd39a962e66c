//! The network of each sample date as the simulation sees it: the sample
//! dates themselves, each date's living states and weighted ties.

use super::Pins;
use crate::date::Time;
use crate::eval::snapshot;
use crate::layout::sim::{Edge, Params, Simulation};
use crate::model::{Dataset, StateIx};

/// The sample dates of a dataset: every `step_days` from its start to its
/// end, and with `jumps` the day before and the day of every sudden change.
/// Returns the dates and, for each, whether a change happens just before it.
pub(super) fn sample_times(ds: &Dataset, step_days: f64, jumps: bool) -> (Vec<Time>, Vec<bool>) {
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
pub(super) struct SampleGraph {
    pub(super) alive: Vec<bool>,
    pub(super) pairs: Vec<(StateIx, StateIx, f32)>,
}

/// The living states of a sample as a simulation sees them.
pub(super) struct Living {
    /// The living states, in state order.
    pub(super) ids: Vec<StateIx>,
    /// `local[i]`: state i's index among the living (`u32::MAX` if dead).
    pub(super) local: Vec<u32>,
}

impl SampleGraph {
    /// Whether each state has a tie in this sample.
    pub(super) fn related(&self) -> Vec<bool> {
        let mut related = vec![false; self.alive.len()];
        for &(a, b, _) in &self.pairs {
            related[a] = true;
            related[b] = true;
        }
        related
    }

    /// Whether each state is on the map: alive and tied (a state with no
    /// tie is at the rim, where nothing should start by it).
    pub(super) fn on_map(&self) -> Vec<bool> {
        let related = self.related();
        (0..self.alive.len())
            .map(|i| self.alive[i] && related[i])
            .collect()
    }

    /// The states that come into the picture since `before`: alive here
    /// and not there, or tied here and not there (a state with no tie
    /// drifts to the rim, out of the picture; on its first tie it starts
    /// by its friends instead of crossing the map to them).
    pub(super) fn newcomers(&self, before: &SampleGraph) -> Vec<StateIx> {
        let (now, then) = (self.related(), before.related());
        (0..self.alive.len())
            .filter(|&i| self.alive[i] && (!before.alive[i] || (now[i] && !then[i])))
            .collect()
    }

    pub(super) fn living(&self) -> Living {
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
    pub(super) fn simulation(
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
    pub(super) fn scatter(&self, sim_pos: &[[f32; 2]], out: &mut [[f32; 2]]) {
        for (j, &i) in self.ids.iter().enumerate() {
            out[i] = sim_pos[j];
        }
    }
}

pub(super) fn graph_at(ds: &Dataset, t: Time) -> SampleGraph {
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
