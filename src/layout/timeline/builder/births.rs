//! Where states that appear start, and where the states that are not alive
//! at a sample are kept (out of every simulation, but where they fade in
//! and out), and those alive with no tie (drawn in the rows of the
//! unrelated, so where they are in the layout is never seen, but the
//! months into and out of a tie blend from it).

use super::TimelineBuilder;
use crate::model::StateIx;

impl TimelineBuilder<'_> {
    /// Once every sample is done and smoothed: each state, through a spell
    /// with no tie, holds a place it has tied ([`Self::hold_untied`]); then,
    /// where it is not alive, the place it has at the nearest sample where
    /// it is (the later one on a tie), so that it fades in and out where it
    /// appears and goes. While the chains grow, [`TimelineBuilder::hold_unborn`]
    /// does as much for the samples done; this fixes the result whatever
    /// order they grew in (the dead take no part in any simulation).
    pub(super) fn finish_if_done(&mut self) {
        let done = self.chains.iter().all(|c| c.next.is_none())
            && self.layout.sweeps_done >= self.params.sweeps;
        if !done {
            return;
        }
        self.hold_untied();
        let (n, count) = (self.layout.n_states, self.layout.n_samples);
        for i in 0..n {
            let alive: Vec<bool> = (0..count).map(|k| self.graph(k).alive[i]).collect();
            let nearest = |k: usize| {
                let before = (0..k).rev().find(|&j| alive[j]);
                let after = (k + 1..count).find(|&j| alive[j]);
                match (before, after) {
                    (Some(b), Some(a)) => Some(if k - b < a - k { b } else { a }),
                    (b, a) => a.or(b),
                }
            };
            for k in (0..count).filter(|&k| !alive[k]) {
                if let Some(j) = nearest(k) {
                    self.layout.samples[k * n + i] = self.layout.samples[j * n + i];
                }
            }
        }
    }

    /// A state alive but with no tie drifts to the rim, where it is not
    /// seen; the months between a tied sample and an untied one blend
    /// between them. So through each spell with no tie it holds the place
    /// of its last tie until the network first changes within the spell
    /// (the months out of a tie keep it by its friends), and from then on
    /// the place of its next tie (the months into one start by its new
    /// friends instead of crossing the map). A spell whose network never
    /// changes holds one place: the next tie's, else the last's.
    fn hold_untied(&mut self) {
        let (n, count) = (self.layout.n_states, self.layout.n_samples);
        let tied: Vec<Vec<bool>> = (0..count).map(|k| self.graph(k).related()).collect();
        let untied: Vec<Vec<bool>> = (0..count)
            .map(|k| {
                let alive = &self.graph(k).alive;
                (0..n).map(|i| alive[i] && !tied[k][i]).collect()
            })
            .collect();
        let changed: Vec<bool> = (0..count)
            .map(|k| {
                k > 0 && {
                    let (now, before) = (self.graph(k), self.graph(k - 1));
                    now.pairs != before.pairs || now.alive != before.alive
                }
            })
            .collect();
        for i in 0..n {
            let mut k = 0;
            while k < count {
                if !untied[k][i] {
                    k += 1;
                    continue;
                }
                let end = (k..count).find(|&e| !untied[e][i]).unwrap_or(count);
                let next = (end < count && tied[end][i]).then_some(end);
                let last = (k > 0 && tied[k - 1][i]).then(|| k - 1);
                // The last tie's place until the first change inside.
                let turn = match (last, next) {
                    (Some(_), Some(_)) => (k + 1..end).find(|&m| changed[m]).unwrap_or(k),
                    (Some(_), None) => end,
                    _ => k,
                };
                for m in k..end {
                    let from = if m < turn { last } else { next.or(last) };
                    if let Some(j) = from {
                        self.layout.samples[m * n + i] = self.layout.samples[j * n + i];
                    }
                }
                k = end;
            }
        }
    }

    /// Where a state that appears (or gets its first tie) starts: the
    /// weighted centre of its friends already on the map (`on_map`: alive
    /// and tied in `prev`), a little aside; with no friends there, on the
    /// rim of the map.
    pub(super) fn arrival(
        &self,
        i: StateIx,
        pairs: &[(StateIx, StateIx, f32)],
        prev: &[[f32; 2]],
        on_map: &[bool],
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
            if s > 0.0 && on_map[other] {
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
                .zip(on_map)
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

    /// A state alive at sample `k` but not at its neighbour `prev` takes
    /// its place at `k` in every sample done beyond `prev` where it is not
    /// alive, so that it fades in (or out) where it appears (or goes)
    /// instead of sliding. Only the dead are moved: nothing the
    /// simulation sees.
    pub(super) fn hold_unborn(&mut self, k: usize, prev: usize) {
        let n = self.layout.n_states;
        let (lo, hi) = (self.layout.lo, self.layout.hi);
        let step: isize = if prev < k { -1 } else { 1 };
        for i in 0..n {
            if !self.graph(k).alive[i] || self.graph(prev).alive[i] {
                continue;
            }
            let here = self.layout.samples[k * n + i];
            let mut j = prev;
            while (lo..hi).contains(&j) && self.graphs[j].get().is_some_and(|g| !g.alive[i]) {
                self.layout.samples[j * n + i] = here;
                j = j.wrapping_add_signed(step);
            }
        }
    }
}
