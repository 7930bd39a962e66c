//! What the network looks like on a date: the states that exist, their names
//! and blocs, every linked pair's score per kind and in aggregate, the groups
//! in force and the events nearby.
//!
//! Scores per kind: an explicit relation of that kind, if it has started and
//! not ended, gives its score (held or interpolated between keyframes);
//! otherwise the strongest group of that kind in which both states are
//! members gives the group's score. The aggregate of a pair is the mean of
//! its kinds' scores weighted by each kind's `weight`, over the kinds present
//! at that date; it stays in [-1, 1].
//!
//! Cost: one binary search per relation (O(relations · log keyframes)), plus
//! the member pairs of the groups in force, plus one pass over the pair table.

use crate::date::Time;
use crate::model::{Dataset, Interp, Keyframe, Relation, StateIx};

/// How far around the date events count as "near", in days.
pub const DEFAULT_EVENT_WINDOW_DAYS: f64 = 366.0;

/// A state as it is on the snapshot's date.
#[derive(Clone, Debug, PartialEq)]
pub struct StateAt<'a> {
    pub state: StateIx,
    pub id: &'a str,
    pub name: &'a str,
    pub bloc: Option<usize>,
}

/// A linked pair on the snapshot's date; `a < b`.
#[derive(Clone, Debug, PartialEq)]
pub struct PairAt {
    /// Index into [`Dataset::pairs`].
    pub pair: usize,
    pub a: StateIx,
    pub b: StateIx,
    /// The weighted mean of the kinds present, in [-1, 1].
    pub score: f64,
    /// Per-kind scores, `(kind index, score)`, in kind order; a range of
    /// [`Snapshot::kind_scores`].
    pub kinds: std::ops::Range<usize>,
}

/// The network at one date.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot<'a> {
    pub time: Time,
    /// States alive at the date, in file order.
    pub states: Vec<StateAt<'a>>,
    /// Linked pairs, sorted by `(a, b)`.
    pub pairs: Vec<PairAt>,
    /// Storage for [`PairAt::kinds`].
    pub kind_scores: Vec<(usize, f64)>,
    /// Indices of the groups in force.
    pub groups: Vec<usize>,
    /// Indices of the events within the window around the date, by time.
    pub events: Vec<usize>,
}

impl Snapshot<'_> {
    /// The per-kind scores of a pair.
    pub fn kinds_of(&self, pair: &PairAt) -> &[(usize, f64)] {
        &self.kind_scores[pair.kinds.clone()]
    }

    /// The score of a pair over the kinds shown (the weighted mean of
    /// [`weighted_mean`], as [`PairAt::score`] is over all kinds) and the
    /// kind that speaks loudest (the first of equals); `None` when no kind
    /// shown is present. `kinds_enabled` is per kind of `ds`; missing
    /// entries count as shown.
    pub fn score_over(
        &self,
        ds: &Dataset,
        pair: &PairAt,
        kinds_enabled: &[bool],
    ) -> Option<(f64, usize)> {
        let enabled = || {
            self.kinds_of(pair)
                .iter()
                .filter(|&&(k, _)| kinds_enabled.get(k).copied().unwrap_or(true))
        };
        let score = weighted_mean(enabled().map(|&(k, s)| (ds.kinds[k].weight, s)))?;
        let dominant = enabled()
            .fold((0usize, -1.0f64), |best, &(k, s)| {
                if s.abs() > best.1 { (k, s.abs()) } else { best }
            })
            .0;
        Some((score, dominant))
    }

    /// The linked pair of two states, if any.
    pub fn pair(&self, a: StateIx, b: StateIx) -> Option<&PairAt> {
        let key = (a.min(b), a.max(b));
        self.pairs
            .binary_search_by(|p| (p.a, p.b).cmp(&key))
            .ok()
            .map(|i| &self.pairs[i])
    }
}

/// How many of `keys` are at or before `t` (their partition point). Dense
/// data is regular (a series), so the index is first guessed from where
/// `t` falls between the first and last keyframe and corrected by a few
/// steps; irregular keys fall back to a binary search. Either way the
/// answer is exact.
pub fn keys_up_to(keys: &[Keyframe], t: Time) -> usize {
    const STEPS: usize = 3;
    let (Some(first), Some(last)) = (keys.first(), keys.last()) else {
        return 0;
    };
    if t < first.time {
        return 0;
    }
    if t >= last.time {
        return keys.len();
    }
    // first.time <= t < last.time, so there are two keys or more.
    let span = last.time.0 - first.time.0;
    let frac = (t.0 - first.time.0) / span;
    let mut i = ((frac * (keys.len() - 1) as f64) as usize).min(keys.len() - 2);
    // Wanted: keys[i].time <= t < keys[i + 1].time; then the answer is i + 1.
    for _ in 0..STEPS {
        if keys[i].time > t {
            i -= 1;
        } else if keys[i + 1].time <= t {
            i += 1;
        } else {
            return i + 1;
        }
    }
    keys.partition_point(|k| k.time <= t)
}

/// The keyframe in force at `t` (the last at or before it), if any.
pub fn key_at(r: &Relation, t: Time) -> Option<&Keyframe> {
    keys_up_to(&r.keys, t).checked_sub(1).map(|i| &r.keys[i])
}

/// A relation's score at `t`, if it is in force then: `None` before the
/// first keyframe, from `until` on, and from the end of one of its states'
/// spells until the next keyframe; held after the last keyframe.
pub fn relation_score(r: &Relation, t: Time) -> Option<f64> {
    if r.until.is_some_and(|u| t >= u) {
        return None;
    }
    let next = keys_up_to(&r.keys, t);
    let prev = next.checked_sub(1)?;
    let k0 = &r.keys[prev];
    // Not held across a gap in one of its states' existence.
    if r.broken_between(k0.time, t) {
        return None;
    }
    let Some(k1) = r.keys.get(next) else {
        return Some(k0.score);
    };
    match r.interp {
        Interp::Step => Some(k0.score),
        Interp::Linear => {
            let f = ((t.0 - k0.time.0) / (k1.time.0 - k0.time.0)).clamp(0.0, 1.0);
            Some(k0.score + (k1.score - k0.score) * f)
        }
    }
}

/// The weighted mean of `(weight, score)` pairs, `None` if there are none.
/// Always in [-1, 1] for scores in [-1, 1] and weights in the range the
/// loader accepts ([`crate::model::MIN_WEIGHT`], [`crate::model::MAX_WEIGHT`]);
/// exact when one score is present or all present scores are equal (the
/// mean does not round a keyframe's value).
pub fn weighted_mean(items: impl IntoIterator<Item = (f64, f64)>) -> Option<f64> {
    let (mut sum, mut weights, mut n) = (0.0, 0.0, 0usize);
    let mut same: Option<f64> = None;
    let mut all_same = true;
    for (w, s) in items {
        sum += w * s;
        weights += w;
        n += 1;
        match same {
            None => same = Some(s),
            Some(first) => all_same &= first == s,
        }
    }
    if n == 0 || weights.is_nan() || weights <= 0.0 {
        return None;
    }
    if all_same {
        return same;
    }
    Some((sum / weights).clamp(-1.0, 1.0))
}

/// The network at `t`, with events within `event_window_days` around it.
pub fn snapshot(ds: &Dataset, t: Time, event_window_days: f64) -> Snapshot<'_> {
    let alive: Vec<bool> = ds.states.iter().map(|s| s.lifetime.contains(t)).collect();
    let states = ds
        .states
        .iter()
        .enumerate()
        .filter(|(i, _)| alive[*i])
        .map(|(i, s)| StateAt {
            state: i,
            id: &s.id,
            name: s.name_at(t),
            bloc: *s.blocs.at(t),
        })
        .collect();

    let n_kinds = ds.kinds.len();
    let mut explicit = vec![f64::NAN; ds.pairs.len() * n_kinds];
    let mut implied = vec![f64::NAN; ds.pairs.len() * n_kinds];
    for r in &ds.relations {
        if alive[r.a]
            && alive[r.b]
            && let Some(s) = relation_score(r, t)
        {
            explicit[r.pair * n_kinds + r.kind] = s;
        }
    }
    let mut groups = Vec::new();
    let mut in_group: Vec<StateIx> = Vec::new();
    for (gi, g) in ds.groups.iter().enumerate() {
        if !g.span.contains(t) {
            continue;
        }
        groups.push(gi);
        in_group.clear();
        in_group.extend(
            g.members
                .iter()
                .filter(|m| m.span.contains(t) && alive[m.state])
                .map(|m| m.state),
        );
        for (i, &a) in in_group.iter().enumerate() {
            for &b in &in_group[i + 1..] {
                let Some(p) = ds.pair_index(a, b) else {
                    continue;
                };
                let slot = &mut implied[p * n_kinds + g.kind];
                if slot.is_nan() || g.score > *slot {
                    *slot = g.score;
                }
            }
        }
    }

    let mut pairs = Vec::new();
    let mut kind_scores = Vec::new();
    for (p, &(a, b)) in ds.pairs.iter().enumerate() {
        let first = kind_scores.len();
        for k in 0..n_kinds {
            let e = explicit[p * n_kinds + k];
            let s = if e.is_nan() {
                implied[p * n_kinds + k]
            } else {
                e
            };
            if s.is_nan() {
                continue;
            }
            kind_scores.push((k, s));
        }
        let present = kind_scores[first..]
            .iter()
            .map(|&(k, s)| (ds.kinds[k].weight, s));
        if let Some(score) = weighted_mean(present) {
            pairs.push(PairAt {
                pair: p,
                a,
                b,
                score,
                kinds: first..kind_scores.len(),
            });
        }
    }

    let lo = ds
        .events
        .partition_point(|e| e.time.0 < t.0 - event_window_days);
    let hi = ds
        .events
        .partition_point(|e| e.time.0 <= t.0 + event_window_days);
    Snapshot {
        time: t,
        states,
        pairs,
        kind_scores,
        groups,
        events: (lo..hi).collect(),
    }
}

/// A pair's scores over the whole span, sampled evenly, for charts.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PairHistory {
    pub pair: usize,
    /// `(fractional year, aggregate score)` where the pair is linked.
    pub aggregate: Vec<[f64; 2]>,
    /// Per explicit relation: its kind and `(fractional year, score)`.
    pub kinds: Vec<(usize, Vec<[f64; 2]>)>,
}

/// Samples a pair's history at `samples + 1` evenly spaced dates.
pub fn pair_history(ds: &Dataset, pair: usize, samples: u32) -> PairHistory {
    let Some(&(a, b)) = ds.pairs.get(pair) else {
        return PairHistory::default();
    };
    let times: Vec<Time> = (0..=samples)
        .map(|i| {
            Time(ds.start.0 + (ds.end.0 - ds.start.0) * f64::from(i) / f64::from(samples.max(1)))
        })
        .collect();
    let aggregate = times
        .iter()
        .filter_map(|&t| {
            snapshot(ds, t, 0.0)
                .pair(a, b)
                .map(|p| [t.year_frac(), p.score])
        })
        .collect();
    let kinds = ds
        .relations
        .iter()
        .filter(|r| r.pair == pair)
        .map(|r| {
            let points = times
                .iter()
                .filter_map(|&t| relation_score(r, t).map(|s| [t.year_frac(), s]))
                .collect();
            (r.kind, points)
        })
        .collect();
    PairHistory {
        pair,
        aggregate,
        kinds,
    }
}

/// The dates at which the network changes at once rather than gradually,
/// sorted and without repeats: a state is born or ends, a relation starts
/// or ends, a stepwise relation moves to its next keyframe, a group or a
/// membership begins or ends.
pub fn jumps(ds: &Dataset) -> Vec<Time> {
    let mut out: Vec<Time> = Vec::new();
    let mut span = |i: &crate::model::Interval| out.extend(i.from.into_iter().chain(i.until));
    for s in &ds.states {
        for spell in s.lifetime.spells() {
            span(spell);
        }
    }
    for g in &ds.groups {
        span(&g.span);
        for m in &g.members {
            span(&m.span);
        }
    }
    for r in &ds.relations {
        match r.interp {
            Interp::Step => out.extend(r.keys.iter().map(|k| k.time)),
            Interp::Linear => out.extend(r.keys.first().map(|k| k.time)),
        }
        out.extend(r.until);
    }
    out.retain(|t| t.0.is_finite());
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::load::load_str;

    fn at(text: &str) -> Time {
        Date::parse(text).unwrap().start()
    }

    const DATA: &str = r##"Dataset(
        version: 1,
        title: "t",
        kinds: [Kind(id: "diplomatic"), Kind(id: "military", weight: 3.0)],
        blocs: [Bloc(id: "east", colour: "#cc0000")],
        states: [
            State(id: "PAK", name: "Pakistan", from: "1947-08-14"),
            State(id: "RUS", name: "Soviet Union", bloc: "east",
                  changes: [Change(date: "1991-12-26", name: "Russia", bloc: "")]),
            State(id: "BGD", name: "Bangladesh", from: "1971-03-26"),
            State(id: "DDR", name: "East Germany", from: "1949-10-07", until: "1990-10-03"),
        ],
        relations: [
            Relation(a: "RUS", b: "PAK", kind: "diplomatic", keys: [
                Key(date: "1950", score: -0.5),
                Key(date: "1960", score: 0.5),
            ]),
            Relation(a: "PAK", b: "RUS", kind: "military", interp: Step, until: "2000", keys: [
                Key(date: "1950", level: Hostile),
                Key(date: "1960", level: Friendly),
            ]),
        ],
        groups: [
            Group(id: "WP", kind: "military", level: Allied, from: "1955-05-14", until: "1991-07-01",
                  members: [Member(state: "RUS"), Member(state: "DDR", from: "1956-01-28")]),
            Group(id: "X", kind: "diplomatic", score: 0.2, from: "1980",
                  members: [Member(state: "RUS"), Member(state: "PAK")]),
        ],
        events: [
            Event(date: "1979-12-24", title: "Soviet intervention in Afghanistan"),
            Event(date: "1955", title: "Warsaw Pact"),
        ],
    )"##;

    fn pair_score(ds: &Dataset, t: &str, a: &str, b: &str) -> Option<f64> {
        let snap = snapshot(ds, at(t), 30.0);
        let (a, b) = (ds.state_index(a).unwrap(), ds.state_index(b).unwrap());
        snap.pair(a, b).map(|p| p.score)
    }

    fn kind_score(ds: &Dataset, t: &str, kind: usize) -> Option<f64> {
        let snap = snapshot(ds, at(t), 30.0);
        let (a, b) = (
            ds.state_index("PAK").unwrap(),
            ds.state_index("RUS").unwrap(),
        );
        let pair = snap.pair(a, b)?;
        snap.kinds_of(pair)
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, s)| *s)
    }

    #[test]
    fn interpolated_keyframes_are_exact_at_keys_and_linear_between() {
        let ds = load_str("t", DATA).unwrap();
        assert_eq!(kind_score(&ds, "1950", 0), Some(-0.5));
        assert_eq!(kind_score(&ds, "1960", 0), Some(0.5));
        let mid = kind_score(&ds, "1955", 0).unwrap();
        assert!(mid.abs() < 0.01, "{mid}");
    }

    #[test]
    fn held_keyframes_step() {
        let ds = load_str("t", DATA).unwrap();
        assert_eq!(kind_score(&ds, "1959-12", 1), Some(-0.7));
        assert_eq!(kind_score(&ds, "1960", 1), Some(0.5));
    }

    #[test]
    fn nothing_before_the_first_key_and_held_after_the_last() {
        let ds = load_str("t", DATA).unwrap();
        assert_eq!(pair_score(&ds, "1949-12", "PAK", "RUS"), None);
        assert_eq!(kind_score(&ds, "1975", 0), Some(0.5));
        // The military relation ends in 2000; the diplomatic one is held.
        assert_eq!(kind_score(&ds, "1999", 1), Some(0.5));
        assert_eq!(kind_score(&ds, "2000", 1), None);
        assert_eq!(kind_score(&ds, "2020", 0), Some(0.5));
    }

    #[test]
    fn aggregate_is_the_weighted_mean_of_kinds() {
        let ds = load_str("t", DATA).unwrap();
        // 1955: diplomatic 0.0 (interpolated), military -0.7 (held), weights 1 and 3.
        let s = pair_score(&ds, "1955", "PAK", "RUS").unwrap();
        let expected = (0.0 + 3.0 * -0.7) / 4.0;
        assert!((s - expected).abs() < 0.01, "{s} vs {expected}");
    }

    fn find<'a>(s: &Snapshot<'a>, i: usize) -> StateAt<'a> {
        s.states.iter().find(|x| x.state == i).cloned().unwrap()
    }

    #[test]
    fn names_and_blocs_change_under_one_identity() {
        let ds = load_str("t", DATA).unwrap();
        let rus = ds.state_index("RUS").unwrap();
        let before = snapshot(&ds, at("1991-12-25"), 0.0);
        let after = snapshot(&ds, at("1991-12-26"), 0.0);
        assert_eq!(find(&before, rus).name, "Soviet Union");
        assert_eq!(find(&before, rus).bloc, Some(0));
        assert_eq!(find(&after, rus).name, "Russia");
        assert_eq!(find(&after, rus).bloc, None);
        assert_eq!(find(&after, rus).id, "RUS");
    }

    #[test]
    fn the_guessed_key_index_is_the_partition_point() {
        let key = |d: f64| Keyframe {
            time: Time(d),
            date: Time(d).date(),
            score: 0.0,
            note: String::new(),
            sources: Vec::new(),
        };
        // Regular, then irregular keys (the guess misses by many).
        let regular: Vec<Keyframe> = (0..50).map(|i| key(f64::from(i) * 365.0)).collect();
        let irregular: Vec<Keyframe> = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 1000.0]
            .into_iter()
            .map(key)
            .collect();
        for keys in [&regular[..], &irregular[..], &regular[..1], &[]] {
            for t in (-10..20_000).step_by(7) {
                let t = Time(f64::from(t));
                assert_eq!(keys_up_to(keys, t), keys.partition_point(|k| k.time <= t));
            }
        }
    }

    #[test]
    fn lifetimes_decide_who_exists() {
        let ds = load_str("t", DATA).unwrap();
        let ids = |t| -> Vec<String> {
            snapshot(&ds, at(t), 0.0)
                .states
                .iter()
                .map(|s| s.id.to_owned())
                .collect()
        };
        assert_eq!(ids("1947-01"), ["RUS"]);
        assert_eq!(ids("1960"), ["PAK", "RUS", "DDR"]);
        assert_eq!(ids("1980"), ["PAK", "RUS", "BGD", "DDR"]);
        assert_eq!(ids("1990-10-03"), ["PAK", "RUS", "BGD"]);
    }

    #[test]
    fn groups_imply_relations_while_both_are_members() {
        let ds = load_str("t", DATA).unwrap();
        assert_eq!(pair_score(&ds, "1955-06", "RUS", "DDR"), None);
        assert_eq!(pair_score(&ds, "1956-06", "RUS", "DDR"), Some(0.8));
        // The group ends in 1991, and East Germany ceased to exist in 1990.
        assert_eq!(pair_score(&ds, "1990-10-03", "RUS", "DDR"), None);
        let snap = snapshot(&ds, at("1960"), 0.0);
        assert_eq!(snap.groups, [0]);
    }

    #[test]
    fn explicit_relations_override_groups_of_the_same_kind() {
        let ds = load_str("t", DATA).unwrap();
        // Group X says 0.2 diplomatic from 1980; the explicit 0.5 wins.
        assert_eq!(kind_score(&ds, "1985", 0), Some(0.5));
    }

    #[test]
    fn events_near_the_date_in_time_order() {
        let ds = load_str("t", DATA).unwrap();
        assert_eq!(ds.events[0].title, "Warsaw Pact");
        assert_eq!(snapshot(&ds, at("1979-12-01"), 30.0).events, [1]);
        assert!(snapshot(&ds, at("1979-10-01"), 30.0).events.is_empty());
    }

    #[test]
    fn scores_move_continuously_between_linear_keys() {
        let ds = load_str("t", DATA).unwrap();
        let r = &ds.relations[0];
        let mut t = at("1950").0;
        let mut prev = relation_score(r, Time(t)).unwrap();
        while t < at("1960").0 {
            t += 1.0;
            let s = relation_score(r, Time(t)).unwrap();
            assert!((s - prev).abs() < 0.001);
            prev = s;
        }
    }

    #[test]
    fn jumps_are_the_sudden_changes_sorted_once_each() {
        let ds = load_str("bundled", crate::DEFAULT_DATASET).unwrap();
        let jumps = jumps(&ds);
        assert!(jumps.windows(2).all(|w| w[0].0 < w[1].0));
        // Bangladesh is born; the Taliban take Kabul (stepwise relations).
        let bgd = ds.states[ds.state_index("BGD").unwrap()]
            .lifetime
            .from()
            .unwrap();
        assert!(jumps.contains(&bgd));
        assert!(jumps.contains(&at("2021-08-15")));
        // A date inside a linear stretch is no jump.
        assert!(!jumps.contains(&at("1986-03-17")));
    }
}
