//! The checks of a chain against its date laid out alone, and carrying a
//! rearranged sample's arrangement back towards the root.

use super::super::alone::{alone, best_alone};
use super::super::{RESTART_PULL, align_to, faithfulness_of};
use super::TimelineBuilder;

impl TimelineBuilder<'_> {
    /// After sample `k` of chain `c` was rearranged, carries the new
    /// arrangement back towards the root over the samples since the
    /// previous check (`since`), each warm-started from its neighbour
    /// farther out, as long as that is more faithful than what they had:
    /// the turn then happens where the relations changed, not at the
    /// check. A sample with the same network as its neighbour farther out
    /// simply takes its positions (nothing moves where nothing changes),
    /// back to the root (never the root itself).
    pub(super) fn carry_back(&mut self, c: usize, since: usize, k: usize) {
        let chain = self.chains[c];
        let root = self.layout.root;
        let mut j = k;
        while chain.distance(root, j) > 1 {
            let outer = j;
            j = j.wrapping_add_signed(-chain.dir);
            let next = self.layout.sample(outer).to_vec();
            let (graph, after) = (self.graph(j), self.graph(outer));
            if graph.pairs == after.pairs && graph.alive == after.alive {
                self.write(j, &next);
                continue;
            }
            if chain.distance(since, j) == 0 {
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
            self.write(j, &candidate);
        }
    }

    /// How faithful `pos` is to the relations of sample `k`.
    pub(super) fn faith(&self, k: usize, pos: &[[f32; 2]]) -> Option<f64> {
        let pairs = &self.graph(k).pairs;
        faithfulness_of(pairs.iter().map(|&(a, b, w)| (a, b, f64::from(w))), pos)
    }

    /// Whether a layout of faithfulness `warm` may stand against `best`,
    /// its date laid out alone: at least [`TimelineParams::restart_below`]
    /// of it. Any may when `best` is none or not above 0 (a fraction of a
    /// faithfulness only means something above 0).
    pub(super) fn faithful_enough(&self, warm: f64, best: Option<f64>) -> bool {
        let best = best.unwrap_or(f64::NEG_INFINITY);
        best.is_nan() || best <= 0.0 || warm >= f64::from(self.params.restart_below) * best
    }

    /// Compares `row`, sample `k` as its chain `c` left it, with the date
    /// laid out alone (best of a few starts) and keeps the more faithful: a
    /// history can trap states in an arrangement that no longer fits. The
    /// layout alone is turned and shifted to sit as near `row` as it can,
    /// so the jump is as small as it can be; the sweeps then spread it.
    /// With no chain (the root) the best layout alone is taken.
    pub(super) fn check(&mut self, k: usize, row: &[[f32; 2]], c: Option<usize>) -> Vec<[f32; 2]> {
        let since = match c {
            Some(c) => {
                self.chains[c].dirty = false;
                Some(std::mem::replace(&mut self.chains[c].last_check, k))
            }
            None => None,
        };
        let graph = self.graph(k);
        let faith = |pos: &[[f32; 2]]| self.faith(k, pos).unwrap_or(f64::NEG_INFINITY);
        let row = row.to_vec();
        let (best, fresh) = best_alone(graph, &self.params, &self.pins, self.params.restart_seeds);
        let Some(since) = since else {
            return fresh;
        };
        if self.faithful_enough(faith(&row), best) {
            return row;
        }
        let restarted = Some(since);
        // First a gentler way out: the same arrangement, reheated.
        let reheated = self.settle(k, &row, Some(&row), 1.0, self.params.first_ticks);
        if self.faithful_enough(faith(&reheated), best) {
            self.set_restarted(c, restarted);
            return reheated;
        }
        let pinned = self
            .pins
            .keys()
            .any(|&i| graph.alive.get(i).copied().unwrap_or(false));
        // Pins fix the frame; otherwise each fresh layout is turned into the
        // warm one's. Of the fresh layouts faithful enough, the one that
        // moves the states least wins: several arrangements often fit about
        // as well, and the nearest keeps the picture recognisable.
        let candidates = (0..self.params.restart_seeds.max(1)).filter_map(|seed| {
            let layout = alone(graph, &self.params, &self.pins, seed);
            let layout = if pinned {
                layout
            } else {
                align_to(&layout, &row, &graph.alive)
            };
            self.faithful_enough(faith(&layout), best).then_some(layout)
        });
        let moved = |layout: &Vec<[f32; 2]>| -> f32 {
            (0..row.len())
                .filter(|&i| graph.alive[i])
                .map(|i| crate::layout::quality::distance(layout[i], row[i]))
                .sum()
        };
        let mut fresh = candidates
            .min_by(|x, y| moved(x).total_cmp(&moved(y)))
            .unwrap_or(fresh);
        for i in (0..row.len()).filter(|&i| !graph.alive[i]) {
            fresh[i] = row[i];
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
        let chosen = if self.faithful_enough(faith(&pulled), best) {
            pulled
        } else {
            fresh
        };
        self.set_restarted(c, restarted);
        chosen
    }

    pub(super) fn set_restarted(&mut self, c: Option<usize>, since: Option<usize>) {
        if let Some(c) = c {
            self.chains[c].restarted_since = since;
        }
    }
}
