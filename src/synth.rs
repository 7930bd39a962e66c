//! Deterministic synthetic datasets for benchmarks and tests: a "world" of
//! `n` states in blocs over 80 years, written as RON so that it goes through
//! the same loader as a person's file.

use std::fmt::Write;

/// A small deterministic generator (splitmix64): the same seed always gives
/// the same sequence, on every platform.
pub struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> SplitMix {
        SplitMix(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An integer in [0, n); 0 when n is 0.
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

const BLOCS: [(&str, &str); 6] = [
    ("a", "#2f6db5"),
    ("b", "#c8423b"),
    ("c", "#3a9a5b"),
    ("d", "#d08a1e"),
    ("e", "#7b52ab"),
    ("f", "#8c8c8c"),
];

/// A world of `n_states` states from 1945 to 2025 with about `partners`
/// relations each, keyframed every few years, blocs that change, a few
/// groups and events. Always valid.
pub fn world_ron(n_states: usize, partners: usize, seed: u64) -> String {
    let mut rng = SplitMix::new(seed);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Dataset(version: 1, title: \"Synthetic world of {n_states} states\", start: \"1945\", end: \"2025\","
    );
    out.push_str("blocs: [");
    for (id, colour) in BLOCS {
        let _ = write!(out, "Bloc(id: \"{id}\", colour: \"{colour}\"),");
    }
    out.push_str("],\nstates: [\n");
    let mut bloc_of = Vec::with_capacity(n_states);
    let mut born = Vec::with_capacity(n_states);
    for i in 0..n_states {
        let bloc = rng.below(BLOCS.len());
        bloc_of.push(bloc);
        // A quarter of the states appear later (decolonisation, break-ups).
        let from = if rng.unit() < 0.25 {
            1946 + rng.below(60)
        } else {
            1945
        };
        born.push(from);
        let _ = write!(
            out,
            "State(id: \"S{i:03}\", name: \"State {i}\", bloc: \"{}\", from: \"{from}\"",
            BLOCS[bloc].0
        );
        if rng.unit() < 0.3 {
            let year = from + 1 + rng.below(2024 - from);
            let new_bloc = BLOCS[rng.below(BLOCS.len())].0;
            let _ = write!(
                out,
                ", changes: [Change(date: \"{year}\", name: \"New State {i}\", bloc: \"{new_bloc}\")]"
            );
        }
        out.push_str("),\n");
    }
    out.push_str("],\nrelations: [\n");
    let kinds = ["diplomatic", "military", "economic"];
    let mut seen = std::collections::BTreeSet::new();
    for a in 0..n_states {
        for _ in 0..partners / 2 {
            let b = rng.below(n_states);
            let key = (a.min(b), a.max(b));
            if a == b || !seen.insert(key) {
                continue;
            }
            let same = bloc_of[a] == bloc_of[b];
            let kind = kinds[rng.below(kinds.len())];
            let interp = if rng.unit() < 0.5 { "Linear" } else { "Step" };
            let _ = write!(
                out,
                "Relation(a: \"S{a:03}\", b: \"S{b:03}\", kind: \"{kind}\", interp: {interp}, keys: ["
            );
            let mut year = born[a].max(born[b]);
            let mut score: f64 = if same { 0.5 } else { -0.2 };
            while year < 2025 {
                score = (score + (rng.unit() - 0.5) * 0.8).clamp(-1.0, 1.0);
                let _ = write!(
                    out,
                    "Key(date: \"{year}-{:02}\", score: {score:.3}, sources: [\"synthetic\"]),",
                    1 + rng.below(12)
                );
                year += 3 + rng.below(8);
            }
            out.push_str("]),\n");
        }
    }
    out.push_str("],\ngroups: [\n");
    for (g, (bloc, _)) in BLOCS.iter().enumerate().take(4) {
        let _ = write!(
            out,
            "Group(id: \"G{g}\", kind: \"military\", score: 0.6, from: \"1950\", members: ["
        );
        for i in (0..n_states).filter(|&i| bloc_of[i] == g).take(12) {
            let from = born[i].max(1950);
            let _ = write!(out, "Member(state: \"S{i:03}\", from: \"{from}\"),");
        }
        let _ = writeln!(out, "], note: \"bloc {bloc}\"),");
    }
    out.push_str("],\nevents: [\n");
    for e in 0..120 {
        let year = 1945 + rng.below(80);
        let a = rng.below(n_states);
        let year = year.max(born[a]);
        let _ = writeln!(
            out,
            "Event(date: \"{year}-{:02}\", title: \"Event {e}\", states: [\"S{a:03}\"], sources: [\"synthetic\"]),",
            1 + rng.below(12)
        );
    }
    out.push_str("],\neras: [Era(name: \"First half\", from: \"1945\", until: \"1985\"), Era(name: \"Second half\", from: \"1985\", until: \"2025\")],\n)\n");
    out
}

/// A dense world like UN voting agreement: `n_states` states in blocs,
/// every pair scored every year from 1946 to 2024 as a `series` (about
/// 18,400 relations and 1.1 million keyframes for 193 states), with states
/// born after 1946 and a few dissolved. Scores drift as slow random walks
/// around their blocs' affinity, and the blocs realign in 1991. Always
/// valid.
pub fn dense_world_ron(n_states: usize, seed: u64) -> String {
    const FIRST: usize = 1946;
    const LAST: usize = 2024;
    let mut rng = SplitMix::new(seed);
    let mut out = String::with_capacity(n_states * n_states * 280);
    let _ = writeln!(
        out,
        "Dataset(version: 1, title: \"Dense world of {n_states} states\", start: \"{FIRST}\", end: \"{}\",",
        LAST + 1
    );
    out.push_str("kinds: [Kind(id: \"votes\", name: \"UN votes\")],\nblocs: [");
    for (id, colour) in BLOCS {
        let _ = write!(out, "Bloc(id: \"{id}\", colour: \"{colour}\"),");
    }
    out.push_str("],\nstates: [\n");
    let mut bloc_of = Vec::with_capacity(n_states);
    let mut life = Vec::with_capacity(n_states);
    for i in 0..n_states {
        let bloc = rng.below(BLOCS.len());
        bloc_of.push(bloc);
        // Two in five states are born later (decolonisation, break-ups);
        // one in twenty ends (unifications, dissolutions).
        let from = if rng.unit() < 0.4 {
            FIRST + 1 + rng.below(60)
        } else {
            FIRST
        };
        let until = (rng.unit() < 0.05).then(|| from + 10 + rng.below(LAST - from - 10));
        life.push((from, until.unwrap_or(LAST + 1)));
        let _ = write!(
            out,
            "State(id: \"S{i:03}\", name: \"State {i}\", bloc: \"{}\", from: \"{from}\"",
            BLOCS[bloc].0
        );
        if let Some(u) = until {
            let _ = write!(out, ", until: \"{u}\"");
        }
        out.push_str("),\n");
    }
    out.push_str("],\nrelations: [\n");
    for a in 0..n_states {
        for b in a + 1..n_states {
            let from = life[a].0.max(life[b].0);
            let until = life[a].1.min(life[b].1);
            if from >= until {
                continue;
            }
            // Affinity by bloc before and after 1991 (blocs a and b swap).
            let affinity = |era: usize| {
                let realign = |x: usize| if era == 1 && x < 2 { 1 - x } else { x };
                let (x, y) = (realign(bloc_of[a]), realign(bloc_of[b]));
                if x == y {
                    0.5
                } else if x + y == 1 {
                    -0.5
                } else {
                    0.0
                }
            };
            let _ = write!(
                out,
                "Relation(a: \"S{a:03}\", b: \"S{b:03}\", kind: \"votes\", sources: [\"synthetic\"], series: (from: \"{from}\", step: \"1y\", scores: ["
            );
            let mut score: f64 = affinity(0);
            for year in from..until {
                let pull = affinity(usize::from(year >= 1991));
                score = (score + (pull - score) * 0.2 + (rng.unit() - 0.5) * 0.3).clamp(-1.0, 1.0);
                let _ = write!(out, "{score:.2},");
            }
            out.push_str("])),\n");
        }
    }
    out.push_str("],\n)\n");
    out
}

/// A signed graph of `n` nodes and about `edges_per_node · n` edges in
/// communities (a stochastic block model): 70 % of edges inside a community,
/// about 30 % of all edges negative, mostly across communities. Edges are
/// `(a, b, w)` with `a < b` and `w` in [-1, 1], never 0.
pub fn signed_graph(n: usize, edges_per_node: usize, seed: u64) -> Vec<(u32, u32, f32)> {
    let mut rng = SplitMix::new(seed);
    let communities = ((n as f64).sqrt() / 3.16).round().max(4.0) as usize;
    let group: Vec<usize> = (0..n).map(|_| rng.below(communities)).collect();
    let mut members = vec![Vec::new(); communities];
    for (v, &g) in group.iter().enumerate() {
        members[g].push(v);
    }
    let target = edges_per_node * n;
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::with_capacity(target);
    let mut guard = 0usize;
    while out.len() < target && n > 1 && guard < target * 50 {
        guard += 1;
        let a = rng.below(n);
        let inside = rng.unit() < 0.7;
        let b = if inside {
            let m = &members[group[a]];
            m[rng.below(m.len())]
        } else {
            rng.below(n)
        };
        let key = (a.min(b) as u32, a.max(b) as u32);
        if a == b || !seen.insert(key) {
            continue;
        }
        let same = group[a] == group[b];
        let negative = rng.unit() < if same { 0.1 } else { 0.75 };
        let magnitude = 0.05 + 0.95 * libm::pow(rng.unit(), 1.5);
        let w = if negative { -magnitude } else { magnitude } as f32;
        out.push((key.0, key.1, w));
    }
    out.sort_by_key(|e| (e.0, e.1));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_synthetic_world_is_valid_and_deterministic() {
        let text = world_ron(200, 30, 7);
        assert_eq!(text, world_ron(200, 30, 7));
        let ds = crate::load::load_str("world", &text).unwrap();
        assert_eq!(ds.states.len(), 200);
        assert!(ds.relations.len() > 2000, "{}", ds.relations.len());
    }

    #[test]
    fn the_dense_world_scores_every_pair_every_year() {
        let text = dense_world_ron(30, 3);
        assert_eq!(text, dense_world_ron(30, 3));
        let ds = crate::load::load_str("dense", &text).unwrap();
        assert_eq!(ds.states.len(), 30);
        // Every pair that coexists is related, and yearly.
        assert!(ds.relations.len() > 300, "{}", ds.relations.len());
        let r = &ds.relations[0];
        assert!(
            r.keys
                .windows(2)
                .all(|w| w[1].date.year == w[0].date.year + 1)
        );
        assert!(ds.states.iter().any(|s| s.lifetime.until().is_some()));
    }

    #[test]
    fn signed_graphs_have_the_requested_shape() {
        let g = signed_graph(1000, 5, 1);
        assert_eq!(g, signed_graph(1000, 5, 1));
        assert_eq!(g.len(), 5000);
        let negative = g.iter().filter(|e| e.2 < 0.0).count() as f64 / g.len() as f64;
        assert!((0.2..0.45).contains(&negative), "{negative}");
        assert!(
            g.iter()
                .all(|e| e.0 < e.1 && e.2 != 0.0 && e.2.abs() <= 1.0)
        );
    }
}
