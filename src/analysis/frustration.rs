//! The frustration index (line index of balance) of a signed network: the
//! fewest ties whose removal leaves it balanced — equivalently, over every
//! split of the states into two camps, the fewest friendly ties across the
//! camps plus hostile ties within one (Harary, 1959).
//!
//! Each connected part of the network is split on its own. A part of at
//! most [`EXACT_UP_TO`] states is solved exactly by visiting every split
//! (in Gray-code order, so each step moves one state and costs its ties);
//! a larger one gets the best of a few greedy splits improved by moving
//! single states while that helps (an upper bound), beside a lower bound:
//! as many tie-disjoint unbalanced triangles as a greedy pass finds (each
//! needs a tie of its own removed).

/// The largest connected part solved exactly (2^(n−1) splits: half a
/// million at 20 states, a few milliseconds).
pub const EXACT_UP_TO: usize = 20;

/// How many greedy splits the heuristic starts from (spread over the
/// states): more rarely helps once the local search has run.
const HEURISTIC_STARTS: usize = 8;

/// The frustration index, exact or bounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Frustration {
    /// The exact value, or the best found (an upper bound).
    pub value: usize,
    /// Whether `value` is exact.
    pub exact: bool,
    /// A lower bound (`value` itself when exact).
    pub lower: usize,
}

impl std::fmt::Display for Frustration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.exact {
            write!(f, "{}", self.value)
        } else {
            write!(f, "≤ {} (≥ {})", self.value, self.lower)
        }
    }
}

/// A network as adjacency lists over local indices: `(neighbour, friendly)`.
struct Graph {
    adjacent: Vec<Vec<(usize, bool)>>,
}

/// The frustration index of the ties `(a, b, w)` (a pair at most once).
pub fn frustration(ties: &[(usize, usize, f64)]) -> Frustration {
    let mut total = Frustration {
        value: 0,
        exact: true,
        lower: 0,
    };
    for part in parts(ties) {
        let f = if part.adjacent.len() <= EXACT_UP_TO {
            let value = exact(&part);
            Frustration {
                value,
                exact: true,
                lower: value,
            }
        } else {
            let (value, lower) = (heuristic(&part), lower_bound(&part));
            Frustration {
                value,
                // The bounds met: the best split found is the best.
                exact: value == lower,
                lower,
            }
        };
        total.value += f.value;
        total.lower += f.lower;
        total.exact &= f.exact;
    }
    total
}

/// The best split found by the local search alone (an upper bound on the
/// frustration index, for any size).
#[cfg(test)]
pub(crate) fn frustration_heuristic(ties: &[(usize, usize, f64)]) -> usize {
    parts(ties).iter().map(heuristic).sum()
}

/// The lower bound alone.
#[cfg(test)]
pub(crate) fn frustration_lower_bound(ties: &[(usize, usize, f64)]) -> usize {
    parts(ties).iter().map(lower_bound).sum()
}

/// The connected parts of the network, each on local indices.
fn parts(ties: &[(usize, usize, f64)]) -> Vec<Graph> {
    let mut nodes: Vec<usize> = ties.iter().flat_map(|&(a, b, _)| [a, b]).collect();
    nodes.sort_unstable();
    nodes.dedup();
    let at = |x: usize| nodes.binary_search(&x).unwrap_or(0);
    let mut adjacent = vec![Vec::new(); nodes.len()];
    for &(a, b, w) in ties {
        let (i, j) = (at(a), at(b));
        adjacent[i].push((j, w > 0.0));
        adjacent[j].push((i, w > 0.0));
    }
    let mut part_of = vec![usize::MAX; nodes.len()];
    let mut out = Vec::new();
    for start in 0..nodes.len() {
        if part_of[start] != usize::MAX {
            continue;
        }
        let mut members = vec![start];
        part_of[start] = out.len();
        let mut k = 0;
        while let Some(&v) = members.get(k) {
            for &(u, _) in &adjacent[v] {
                if part_of[u] == usize::MAX {
                    part_of[u] = out.len();
                    members.push(u);
                }
            }
            k += 1;
        }
        members.sort_unstable();
        let local = |v: usize| members.binary_search(&v).unwrap_or(0);
        out.push(Graph {
            adjacent: members
                .iter()
                .map(|&v| adjacent[v].iter().map(|&(u, f)| (local(u), f)).collect())
                .collect(),
        });
    }
    out
}

/// Whether a tie is frustrated by a split.
fn frustrated(friendly: bool, same_side: bool) -> bool {
    friendly != same_side
}

/// The frustrated ties of a split.
fn cost(g: &Graph, side: &[bool]) -> usize {
    let mut c = 0;
    for (v, next) in g.adjacent.iter().enumerate() {
        for &(u, friendly) in next {
            if u > v && frustrated(friendly, side[u] == side[v]) {
                c += 1;
            }
        }
    }
    c
}

/// How the frustrated ties change when `v` changes sides.
fn flip_gain(g: &Graph, side: &[bool], v: usize) -> i64 {
    g.adjacent[v]
        .iter()
        .map(|&(u, friendly)| {
            let now = frustrated(friendly, side[u] == side[v]);
            if now { -1 } else { 1 }
        })
        .sum()
}

/// Every split, state 0 fixed on one side, in Gray-code order.
fn exact(g: &Graph) -> usize {
    let n = g.adjacent.len();
    if n <= 1 {
        return 0;
    }
    let mut side = vec![false; n];
    let mut c = cost(g, &side) as i64;
    let mut best = c;
    for step in 1u64..(1u64 << (n - 1)) {
        let v = step.trailing_zeros() as usize + 1;
        c += flip_gain(g, &side, v);
        side[v] = !side[v];
        best = best.min(c);
    }
    best.max(0) as usize
}

/// The best of greedy splits from a few starts, each improved by moving
/// single states while that helps.
fn heuristic(g: &Graph) -> usize {
    let n = g.adjacent.len();
    let starts = n.clamp(1, HEURISTIC_STARTS);
    (0..starts)
        .map(|k| {
            let mut side = greedy_split(g, k * n / starts);
            improve(g, &mut side);
            cost(g, &side)
        })
        .min()
        .unwrap_or(0)
}

/// A split grown breadth-first from `start`: friends on one's side, rivals
/// across (the first placement wins where they disagree).
fn greedy_split(g: &Graph, start: usize) -> Vec<bool> {
    let n = g.adjacent.len();
    let mut side = vec![false; n];
    let mut placed = vec![false; n];
    let mut queue = std::collections::VecDeque::from([start]);
    placed[start] = true;
    while let Some(v) = queue.pop_front() {
        for &(u, friendly) in &g.adjacent[v] {
            if !placed[u] {
                placed[u] = true;
                side[u] = if friendly { side[v] } else { !side[v] };
                queue.push_back(u);
            }
        }
    }
    side
}

/// Moves single states to the other side while that lowers the cost (the
/// best move first; each state's gain kept up to date as its neighbours
/// move, so a move costs its ties, not the whole network).
fn improve(g: &Graph, side: &mut [bool]) {
    let mut gain: Vec<i64> = (0..side.len()).map(|v| flip_gain(g, side, v)).collect();
    loop {
        let best = gain
            .iter()
            .enumerate()
            .min_by_key(|&(v, &d)| (d, v))
            .map(|(v, &d)| (v, d));
        let Some((v, d)) = best.filter(|&(_, d)| d < 0) else {
            return;
        };
        // Each tie of v changes state: its part of a neighbour's gain turns.
        for &(u, friendly) in &g.adjacent[v] {
            let was = frustrated(friendly, side[u] == side[v]);
            gain[u] += if was { 2 } else { -2 };
        }
        side[v] = !side[v];
        gain[v] = -d;
    }
}

/// As many tie-disjoint unbalanced triangles as a greedy pass finds.
fn lower_bound(g: &Graph) -> usize {
    let n = g.adjacent.len();
    let sign = |a: usize, b: usize| g.adjacent[a].iter().find(|(u, _)| *u == b).map(|x| x.1);
    let mut used = std::collections::BTreeSet::new();
    let key = |a: usize, b: usize| (a.min(b), a.max(b));
    let mut count = 0;
    for a in 0..n {
        for &(b, ab) in &g.adjacent[a] {
            if b <= a {
                continue;
            }
            for &(c, ac) in &g.adjacent[a] {
                if c <= b {
                    continue;
                }
                let Some(bc) = sign(b, c) else { continue };
                let hostile = [ab, ac, bc].iter().filter(|f| !**f).count();
                let edges = [key(a, b), key(a, c), key(b, c)];
                if hostile % 2 == 1 && edges.iter().all(|e| !used.contains(e)) {
                    used.extend(edges);
                    count += 1;
                }
            }
        }
    }
    count
}
