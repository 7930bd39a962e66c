//! What changed between two dates: every pair related at either date, its
//! two scores and the change, classified; per state, the sum of its
//! changes.

use crate::date::Time;
use crate::eval::{Snapshot, snapshot};
use crate::model::{Dataset, StateIx};

/// Changes of score up to this size count as no change (a keyframe's
/// rounding, an interpolation's last steps).
pub const TOLERANCE: f64 = 0.05;

/// How a pair's relation changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Friends became rivals or rivals friends (each side of neutral by more
    /// than the tolerance).
    Flipped,
    /// Related at the second date only.
    New,
    /// Related at the first date only.
    Ended,
    /// Better by more than the tolerance, on the same side of neutral.
    Improved,
    /// Worse by more than the tolerance, on the same side of neutral.
    Worsened,
}

impl Change {
    /// The change seen the other way round (from the second date to the
    /// first).
    #[must_use]
    pub fn reversed(self) -> Change {
        match self {
            Change::Flipped => Change::Flipped,
            Change::New => Change::Ended,
            Change::Ended => Change::New,
            Change::Improved => Change::Worsened,
            Change::Worsened => Change::Improved,
        }
    }

    /// How a list heads this kind of change.
    pub fn heading(self) -> &'static str {
        match self {
            Change::Flipped => "Sign flipped",
            Change::New => "New",
            Change::Ended => "Ended",
            Change::Improved => "Improved",
            Change::Worsened => "Worsened",
        }
    }
}

/// One pair's change.
#[derive(Clone, Debug, PartialEq)]
pub struct PairShift {
    /// Index into [`Dataset::pairs`].
    pub pair: usize,
    /// Its states, `a < b`.
    pub a: StateIx,
    pub b: StateIx,
    /// The aggregate score at the first date, if related then.
    pub from: Option<f64>,
    /// The aggregate score at the second date, if related then.
    pub to: Option<f64>,
    /// `to − from`, an absent relation counting as 0.
    pub delta: f64,
    /// How it changed.
    pub change: Change,
}

/// Everything that changed between two dates.
#[derive(Clone, Debug, PartialEq)]
pub struct Shift {
    /// The first date and the second (`from` may be the later one).
    pub from: Time,
    pub to: Time,
    /// The pairs that changed, sign flips first, then by the size of the
    /// change (largest first), then by pair.
    pub pairs: Vec<PairShift>,
    /// How many pairs related at both dates did not change (within
    /// [`TOLERANCE`]).
    pub unchanged: usize,
    /// Per state, the sum of its pairs' changes (all of them, those within
    /// the tolerance too), largest in size first (states with none left
    /// out).
    pub states: Vec<(StateIx, f64)>,
}

/// The changes of every pair between `from` and `to` (aggregate scores, as
/// drawn).
pub fn shift(ds: &Dataset, from: Time, to: Time) -> Shift {
    shift_between(ds, &snapshot(ds, from, 0.0), &snapshot(ds, to, 0.0))
}

/// [`shift`] between two snapshots already taken (of `ds`).
pub fn shift_between(ds: &Dataset, before: &Snapshot, after: &Snapshot) -> Shift {
    let (from, to) = (before.time, after.time);
    let mut scores: Vec<(Option<f64>, Option<f64>)> = vec![(None, None); ds.pairs.len()];
    for p in &before.pairs {
        scores[p.pair].0 = Some(p.score);
    }
    for p in &after.pairs {
        scores[p.pair].1 = Some(p.score);
    }
    let mut pairs = Vec::new();
    let mut unchanged = 0;
    let mut per_state = vec![0.0; ds.states.len()];
    for (pair, &(old, new)) in scores.iter().enumerate() {
        let (a, b) = ds.pairs[pair];
        let delta = new.unwrap_or(0.0) - old.unwrap_or(0.0);
        // Every change counts in a state's sum, the small ones too.
        per_state[a] += delta;
        per_state[b] += delta;
        let Some(change) = classify(old, new) else {
            unchanged += usize::from(old.is_some());
            continue;
        };
        pairs.push(PairShift {
            pair,
            a,
            b,
            from: old,
            to: new,
            delta,
            change,
        });
    }
    pairs.sort_by(|x, y| {
        let not_flipped = |p: &PairShift| p.change != Change::Flipped;
        not_flipped(x)
            .cmp(&not_flipped(y))
            .then(y.delta.abs().total_cmp(&x.delta.abs()))
            .then(x.pair.cmp(&y.pair))
    });
    let mut states: Vec<(StateIx, f64)> = per_state
        .into_iter()
        .enumerate()
        .filter(|(_, d)| *d != 0.0)
        .collect();
    states.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()).then(x.0.cmp(&y.0)));
    Shift {
        from,
        to,
        pairs,
        unchanged,
        states,
    }
}

/// How a relation scored `old` then `new` changed; `None` when it did not
/// (or was absent at both dates).
fn classify(old: Option<f64>, new: Option<f64>) -> Option<Change> {
    match (old, new) {
        (None, None) => None,
        (None, Some(_)) => Some(Change::New),
        (Some(_), None) => Some(Change::Ended),
        (Some(o), Some(n)) => {
            let side = |s: f64| {
                if s > TOLERANCE {
                    1
                } else if s < -TOLERANCE {
                    -1
                } else {
                    0
                }
            };
            if side(o) * side(n) < 0 {
                Some(Change::Flipped)
            } else if (n - o).abs() <= TOLERANCE {
                None
            } else if n > o {
                Some(Change::Improved)
            } else {
                Some(Change::Worsened)
            }
        }
    }
}
