//! A Barnes–Hut quadtree for the all-pairs repulsion, built afresh each tick
//! in flat arrays.
//!
//! Points are copied into the tree's own order (grouped by cell) so that a
//! cell's points sit next to each other in memory. A cell holding at most
//! [`LEAF_SIZE`] points is a leaf; the repulsion from a leaf near a point is
//! summed exactly, and a far cell (size / distance < θ) acts as one body at
//! its centre of mass.

/// Cells with at most this many points are not split.
pub const LEAF_SIZE: usize = 8;

/// Below this depth limit cells stop splitting, whatever they hold (points at
/// one spot would otherwise split for ever).
const MAX_DEPTH: u32 = 24;

#[derive(Clone, Copy, Debug)]
struct Cell {
    /// Centre of mass and total mass (number of points).
    cx: f32,
    cy: f32,
    mass: f32,
    /// Side length of the square cell.
    size: f32,
    /// Points of this cell: `order[start..end]`.
    start: u32,
    end: u32,
    /// Index of the first of four children, or 0 for a leaf.
    first_child: u32,
}

/// The tree over one set of positions.
#[derive(Default)]
pub struct QuadTree {
    cells: Vec<Cell>,
    /// Point indices, grouped by cell.
    order: Vec<u32>,
    /// Positions in `order`'s order, for cache-friendly leaf sums.
    xs: Vec<f32>,
    ys: Vec<f32>,
    scratch: Vec<u32>,
    /// Forces in tree order, reused between ticks.
    sorted_force: Vec<[f32; 2]>,
}

impl QuadTree {
    /// Rebuilds the tree over `pos` (x, y pairs), reusing its buffers.
    pub fn rebuild(&mut self, pos: &[[f32; 2]]) {
        self.cells.clear();
        self.order.clear();
        self.order.extend(0..pos.len() as u32);
        if pos.is_empty() {
            return;
        }
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for p in pos {
            x0 = x0.min(p[0]);
            y0 = y0.min(p[1]);
            x1 = x1.max(p[0]);
            y1 = y1.max(p[1]);
        }
        let size = (x1 - x0).max(y1 - y0).max(1e-3) * 1.0001;
        self.cells.push(Cell {
            cx: 0.0,
            cy: 0.0,
            mass: 0.0,
            size,
            start: 0,
            end: pos.len() as u32,
            first_child: 0,
        });
        self.split(0, pos, x0, y0, 0);
        self.xs.clear();
        self.ys.clear();
        self.xs
            .extend(self.order.iter().map(|&i| pos[i as usize][0]));
        self.ys
            .extend(self.order.iter().map(|&i| pos[i as usize][1]));
        self.summarise(0);
    }

    /// Splits cell `c` (with lower corner x0, y0) into quadrants, recursively.
    fn split(&mut self, c: usize, pos: &[[f32; 2]], x0: f32, y0: f32, depth: u32) {
        let Cell {
            start, end, size, ..
        } = self.cells[c];
        if (end - start) as usize <= LEAF_SIZE || depth >= MAX_DEPTH {
            return;
        }
        let half = size * 0.5;
        let (mx, my) = (x0 + half, y0 + half);
        let quadrant = |i: u32| {
            let p = pos[i as usize];
            usize::from(p[0] >= mx) + 2 * usize::from(p[1] >= my)
        };
        // A stable counting sort of the cell's points into four quadrants.
        let slice = start as usize..end as usize;
        let mut counts = [0u32; 4];
        for &i in &self.order[slice.clone()] {
            counts[quadrant(i)] += 1;
        }
        let mut offsets = [start, 0, 0, 0];
        for q in 1..4 {
            offsets[q] = offsets[q - 1] + counts[q - 1];
        }
        let bounds = offsets;
        self.scratch.clear();
        self.scratch.extend_from_slice(&self.order[slice]);
        for k in 0..self.scratch.len() {
            let i = self.scratch[k];
            let q = quadrant(i);
            self.order[offsets[q] as usize] = i;
            offsets[q] += 1;
        }
        let first = self.cells.len() as u32;
        self.cells[c].first_child = first;
        for q in 0..4 {
            self.cells.push(Cell {
                cx: 0.0,
                cy: 0.0,
                mass: 0.0,
                size: half,
                start: bounds[q],
                end: bounds[q] + counts[q],
                first_child: 0,
            });
        }
        for q in 0..4u32 {
            let qx = if q & 1 == 1 { mx } else { x0 };
            let qy = if q & 2 == 2 { my } else { y0 };
            self.split((first + q) as usize, pos, qx, qy, depth + 1);
        }
    }

    /// Fills in masses and centres of mass, children first.
    fn summarise(&mut self, c: usize) {
        let cell = self.cells[c];
        let (mut sx, mut sy, mut m) = (0.0f32, 0.0f32, 0.0f32);
        if cell.first_child == 0 {
            for k in cell.start as usize..cell.end as usize {
                sx += self.xs[k];
                sy += self.ys[k];
            }
            m = (cell.end - cell.start) as f32;
        } else {
            for q in 0..4 {
                let child = cell.first_child as usize + q;
                self.summarise(child);
                let ch = self.cells[child];
                sx += ch.cx * ch.mass;
                sy += ch.cy * ch.mass;
                m += ch.mass;
            }
        }
        let cell = &mut self.cells[c];
        cell.mass = m;
        if m > 0.0 {
            cell.cx = sx / m;
            cell.cy = sy / m;
        }
    }

    /// Adds to `force` the repulsion on every point: magnitude
    /// `strength / distance` from every other point, away from it.
    /// `min_dist2` keeps coincident points from producing infinities; exactly
    /// coincident pairs push apart along a fixed direction per pair. With a
    /// thread pool the points are shared out among its threads; each point's
    /// sum is computed in the same order either way, so the result is the same.
    pub fn repulse(
        &mut self,
        strength: f32,
        theta: f32,
        min_dist2: f32,
        force: &mut [[f32; 2]],
        pool: Option<&rayon::ThreadPool>,
    ) {
        if self.cells.is_empty() {
            return;
        }
        let mut sorted = std::mem::take(&mut self.sorted_force);
        sorted.clear();
        sorted.resize(self.order.len(), [0.0; 2]);
        let field = Field {
            tree: self,
            strength,
            theta2: theta * theta,
            min_dist2,
        };
        match pool {
            Some(pool) => pool.install(|| {
                use rayon::prelude::*;
                const CHUNK: usize = 512;
                sorted
                    .par_chunks_mut(CHUNK)
                    .enumerate()
                    .for_each(|(c, chunk)| field.fill(c * CHUNK, chunk));
            }),
            None => field.fill(0, &mut sorted),
        }
        for (k, &i) in self.order.iter().enumerate() {
            force[i as usize][0] += sorted[k][0];
            force[i as usize][1] += sorted[k][1];
        }
        self.sorted_force = sorted;
    }
}

/// The repulsion field of a built tree.
struct Field<'t> {
    tree: &'t QuadTree,
    strength: f32,
    theta2: f32,
    min_dist2: f32,
}

impl Field<'_> {
    /// Writes the force on points `first..first + out.len()` (tree order).
    fn fill(&self, first: usize, out: &mut [[f32; 2]]) {
        let mut stack: Vec<u32> = Vec::with_capacity(64);
        for (j, f) in out.iter_mut().enumerate() {
            *f = self.force_on(first + j, &mut stack);
        }
    }

    /// The force on the point at tree position `k`.
    fn force_on(&self, k: usize, stack: &mut Vec<u32>) -> [f32; 2] {
        let t = self.tree;
        let (strength, min_dist2) = (self.strength, self.min_dist2);
        let (px, py) = (t.xs[k], t.ys[k]);
        let (mut fx, mut fy) = (0.0f32, 0.0f32);
        stack.clear();
        stack.push(0);
        while let Some(c) = stack.pop() {
            let cell = &t.cells[c as usize];
            if cell.mass == 0.0 {
                continue;
            }
            let dx = px - cell.cx;
            let dy = py - cell.cy;
            let d2 = dx * dx + dy * dy;
            if cell.size * cell.size < self.theta2 * d2 {
                // Far away: the whole cell as one body.
                let inv = strength * cell.mass / d2.max(min_dist2);
                fx += dx * inv;
                fy += dy * inv;
            } else if cell.first_child == 0 {
                for j in cell.start as usize..cell.end as usize {
                    if j == k {
                        continue;
                    }
                    let dx = px - t.xs[j];
                    let dy = py - t.ys[j];
                    let d2 = dx * dx + dy * dy;
                    if d2 == 0.0 {
                        let (ux, uy) = fixed_direction(t.order[k], t.order[j]);
                        let push = strength / min_dist2.sqrt();
                        fx += ux * push;
                        fy += uy * push;
                    } else {
                        let inv = strength / d2.max(min_dist2);
                        fx += dx * inv;
                        fy += dy * inv;
                    }
                }
            } else {
                for q in 0..4 {
                    stack.push(cell.first_child + q);
                }
            }
        }
        [fx, fy]
    }
}

/// A direction for pushing apart two points at the same spot: fixed for the
/// pair, opposite for (b, a), so the result is deterministic and symmetric.
fn fixed_direction(a: u32, b: u32) -> (f32, f32) {
    let (lo, hi, sign) = if a < b { (a, b, 1.0) } else { (b, a, -1.0) };
    let h = (u64::from(lo) << 32 | u64::from(hi)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let angle = (h >> 40) as f32 / (1u64 << 24) as f32 * std::f32::consts::TAU;
    (libm::cosf(angle) * sign, libm::sinf(angle) * sign)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(pos: &[[f32; 2]], strength: f32) -> Vec<[f32; 2]> {
        let mut f = vec![[0.0; 2]; pos.len()];
        for i in 0..pos.len() {
            for j in 0..pos.len() {
                if i != j {
                    let dx = pos[i][0] - pos[j][0];
                    let dy = pos[i][1] - pos[j][1];
                    let d2 = dx * dx + dy * dy;
                    f[i][0] += dx * strength / d2;
                    f[i][1] += dy * strength / d2;
                }
            }
        }
        f
    }

    fn spiral(n: usize) -> Vec<[f32; 2]> {
        (0..n)
            .map(|i| {
                let r = 10.0 * (0.5 + i as f32).sqrt();
                let a = i as f32 * 2.399_963;
                [r * libm::cosf(a), r * libm::sinf(a)]
            })
            .collect()
    }

    #[test]
    fn theta_zero_is_exact() {
        let pos = spiral(300);
        let mut tree = QuadTree::default();
        tree.rebuild(&pos);
        let mut f = vec![[0.0; 2]; pos.len()];
        tree.repulse(30.0, 0.0, 1e-6, &mut f, None);
        for (a, b) in f.iter().zip(exact(&pos, 30.0)) {
            assert!((a[0] - b[0]).abs() < 1e-3 && (a[1] - b[1]).abs() < 1e-3);
        }
    }

    #[test]
    fn barnes_hut_is_close_to_exact() {
        let pos = spiral(2000);
        let mut tree = QuadTree::default();
        tree.rebuild(&pos);
        let mut f = vec![[0.0; 2]; pos.len()];
        tree.repulse(30.0, 0.9, 1e-6, &mut f, None);
        let truth = exact(&pos, 30.0);
        let (mut err, mut norm) = (0.0f64, 0.0f64);
        for (a, b) in f.iter().zip(&truth) {
            err += f64::from(libm::hypotf(a[0] - b[0], a[1] - b[1]));
            norm += f64::from(libm::hypotf(b[0], b[1]));
        }
        assert!(err / norm < 0.05, "relative error {}", err / norm);
    }

    #[test]
    fn coincident_points_push_apart_finitely() {
        let pos = vec![[5.0, 5.0]; 50];
        let mut tree = QuadTree::default();
        tree.rebuild(&pos);
        let mut f = vec![[0.0; 2]; pos.len()];
        tree.repulse(30.0, 0.9, 1.0, &mut f, None);
        assert!(f.iter().all(|v| v[0].is_finite() && v[1].is_finite()));
        assert!(f.iter().any(|v| v[0] != 0.0 || v[1] != 0.0));
    }
}
