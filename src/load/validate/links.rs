//! Checking what links states: relations and their keyframes, groups and
//! their members, events and eras, and the spans they cover.

use std::collections::BTreeSet;

use super::{Checker, MAX_KEYFRAMES, MAX_PAIRS, raw, show};
use crate::date::{DAYS_PER_YEAR, Date, Step, Time};
use crate::model::{
    Era, Event, Group, Interp, Interval, Keyframe, Member, Relation, State, StateIx, pairs_among,
};

impl Checker<'_> {
    pub(super) fn relations(&mut self, raw: Vec<raw::Relation>) -> Vec<Relation> {
        let mut out = Vec::new();
        let mut total = 0usize;
        for (i, r) in raw.into_iter().enumerate() {
            let path = format!("relations[{i}]");
            total += r.keys.len() + r.series.as_ref().map_or(0, |s| s.scores.len());
            if total > MAX_KEYFRAMES {
                self.err(
                    &path,
                    format!(
                        "the relations up to here have more than {MAX_KEYFRAMES} keyframes, more than detente reads"
                    ),
                );
                break;
            }
            let a = self.state_ref(&format!("{path}.a"), &r.a);
            let b = self.state_ref(&format!("{path}.b"), &r.b);
            let kind = self.kind_ref(&format!("{path}.kind"), &r.kind);
            if a.is_some() && a == b {
                self.err(
                    &format!("{path}.b"),
                    format!(
                        "a relation links two different states, but both ends are \"{}\"",
                        r.a
                    ),
                );
            }
            let series_len = r.series.as_ref().map_or(0, |s| s.scores.len());
            if r.keys.is_empty() && series_len == 0 {
                self.err(
                    &format!("{path}.keys"),
                    "a relation needs at least one keyframe (in `keys` or a `series`)".to_owned(),
                );
            }
            let n_keys = r.keys.len() + series_len;
            let mut keys = self.keys(&path, r.keys, [a, b]);
            if let Some(series) = r.series {
                let from_keys = keys.len();
                keys.extend(self.series(&path, &series, [a, b]));
                if from_keys > 0 {
                    self.merge_keys(&path, &mut keys);
                }
            }
            let until = self.opt_time(&format!("{path}.until"), r.until.as_ref());
            if let (Some(u), Some(last)) = (until, keys.last())
                && u <= last.time
            {
                self.err(
                    &format!("{path}.until"),
                    format!(
                        "the relation ends ({}) before its last keyframe ({})",
                        show(u),
                        last.date
                    ),
                );
            }
            if let (Some(a), Some(b), Some(kind)) = (a, b, kind)
                && a != b
                && keys.len() == n_keys
            {
                self.pairs.insert((a.min(b), a.max(b)));
                out.push(Relation {
                    a: a.min(b),
                    b: a.max(b),
                    kind,
                    interp: match r.interp {
                        Some(raw::Interp::Step) => Interp::Step,
                        _ => Interp::Linear,
                    },
                    keys,
                    until,
                    note: r.note,
                    sources: r.sources,
                    breaks: self.breaks([a, b]),
                    pair: 0,
                });
            }
        }
        out
    }

    fn keys(
        &mut self,
        path: &str,
        raw: Vec<raw::Key>,
        ends: [Option<StateIx>; 2],
    ) -> Vec<Keyframe> {
        let mut keys: Vec<Keyframe> = Vec::with_capacity(raw.len());
        for (j, k) in raw.into_iter().enumerate() {
            let path = format!("{path}.keys[{j}]");
            let date_path = format!("{path}.date");
            let date = self.date(&date_path, &k.date);
            let score = self.score(&path, k.score, k.level);
            let (Some(date), Some(score)) = (date, score) else {
                continue;
            };
            let time = date.start();
            if let Some(prev) = keys.last() {
                if time == prev.time {
                    self.err(
                        &date_path,
                        format!("two keyframes on the same date ({date})"),
                    );
                    continue;
                }
                if time < prev.time {
                    self.err(
                        &date_path,
                        format!(
                            "keyframes must be in date order: {date} comes after {}",
                            prev.date
                        ),
                    );
                    continue;
                }
            }
            for state in ends.into_iter().flatten() {
                self.within_life(&date_path, state, time, "the keyframe's date");
            }
            keys.push(Keyframe {
                time,
                date,
                score,
                note: k.note,
                sources: k.sources,
            });
        }
        keys
    }

    /// Where a spell of either state ends and a later one follows.
    fn breaks(&self, ends: [StateIx; 2]) -> Vec<Time> {
        let mut out: Vec<Time> = ends
            .iter()
            .flat_map(|&s| self.lifetimes[s].gaps())
            .collect();
        out.sort_by(|x, y| x.0.total_cmp(&y.0));
        out.dedup();
        out
    }

    /// The keyframes of a series, each at its step from `from`.
    fn series(
        &mut self,
        path: &str,
        series: &raw::Series,
        ends: [Option<StateIx>; 2],
    ) -> Vec<Keyframe> {
        let path = format!("{path}.series");
        let from = self.date(&format!("{path}.from"), &series.from);
        let step = match Step::parse(&series.step) {
            Ok(step) => Some(step),
            Err(message) => {
                self.err(&format!("{path}.step"), message);
                None
            }
        };
        let (Some(from), Some(step)) = (from, step) else {
            return Vec::new();
        };
        let mut keys: Vec<Keyframe> = Vec::with_capacity(series.scores.len());
        let score_path = |j: usize| format!("{path}.scores[{j}]");
        for (j, &score) in series.scores.iter().enumerate() {
            if !(score.is_finite() && (-1.0..=1.0).contains(&score)) {
                self.err(
                    &score_path(j),
                    format!("the score {score} is outside the range -1 (hostile) to 1 (allied)"),
                );
                continue;
            }
            let date = step.nth_date(from, j as u32);
            let time = date.start();
            if keys.last().is_some_and(|k| k.time >= time) {
                self.err(
                    &score_path(j),
                    "the series runs past the last date detente knows (the year 9999)".to_owned(),
                );
                break;
            }
            for state in ends.into_iter().flatten() {
                if !self.lifetimes[state].contains(time) {
                    self.within_life(&score_path(j), state, time, "this score's date");
                }
            }
            keys.push(Keyframe {
                time,
                date,
                score,
                note: String::new(),
                sources: Vec::new(),
            });
        }
        keys
    }

    /// Puts a relation's `keys` and its series' keyframes in one date
    /// order; two on one date are an error.
    fn merge_keys(&mut self, path: &str, keys: &mut Vec<Keyframe>) {
        keys.sort_by(|x, y| x.time.0.total_cmp(&y.time.0));
        let clash = keys
            .windows(2)
            .find(|w| w[0].time == w[1].time)
            .map(|w| w[0].date);
        if let Some(date) = clash {
            self.err(
                &format!("{path}.series"),
                format!("the series and the keys both have a keyframe on {date}"),
            );
            keys.clear();
        }
    }

    pub(super) fn groups(&mut self, raw: &[raw::Group]) -> Vec<Group> {
        let mut out: Vec<Group> = Vec::new();
        let mut seen = BTreeSet::new();
        // Groups relate their members pairwise: the pairs they can make are
        // bounded before any is made, by the sum over groups and by the
        // pairs among all their members, whichever is smaller.
        let mut in_groups: BTreeSet<StateIx> = BTreeSet::new();
        let mut sum = 0usize;
        let mut largest: Option<(usize, String)> = None;
        for (i, g) in raw.iter().enumerate() {
            let path = format!("groups[{i}]");
            if self.non_empty(&format!("{path}.id"), &g.id, "the group's id")
                && !seen.insert(g.id.as_str())
            {
                self.err(
                    &format!("{path}.id"),
                    format!("the group id \"{}\" is used twice", g.id),
                );
            }
            let kind = self.kind_ref(&format!("{path}.kind"), &g.kind);
            let score = self.score(&path, g.score, g.level);
            let from = self.date(&format!("{path}.from"), &g.from).map(Date::start);
            let until = self.opt_time(&format!("{path}.until"), g.until.as_ref());
            let span = Interval { from, until };
            if let (Some(f), Some(u)) = (from, until)
                && u <= f
            {
                self.err(
                    &format!("{path}.until"),
                    format!(
                        "the group ends ({}) before it starts ({})",
                        show(u),
                        show(f)
                    ),
                );
            }
            let members = self.members(&path, &g.members, span);
            let distinct: BTreeSet<StateIx> = members.iter().map(|m| m.state).collect();
            let m = distinct.len();
            sum = sum.saturating_add(pairs_among(m));
            in_groups.extend(distinct);
            if largest.as_ref().is_none_or(|(n, _)| m > *n) {
                largest = Some((m, format!("{path}.members")));
            }
            if let (Some(kind), Some(score), Some(_)) = (kind, score, from) {
                out.push(Group {
                    id: g.id.clone(),
                    name: g.name.clone().unwrap_or_else(|| g.id.clone()),
                    kind,
                    score,
                    span,
                    members,
                    note: g.note.clone(),
                    sources: g.sources.clone(),
                });
            }
        }
        let from_groups = sum.min(pairs_among(in_groups.len()));
        let total = self.pairs.len().saturating_add(from_groups);
        if total > MAX_PAIRS
            && let Some((m, path)) = largest
        {
            self.err(
                &path,
                format!(
                    "the groups would relate up to {from_groups} pairs of states (this one has {m} members), more than the {MAX_PAIRS} pairs detente can hold (about 1,000 states all related)"
                ),
            );
        }
        out
    }

    fn members(&mut self, path: &str, raw: &[raw::Member], group: Interval) -> Vec<Member> {
        let mut out = Vec::new();
        for (j, m) in raw.iter().enumerate() {
            let path = format!("{path}.members[{j}]");
            let state = self.state_ref(&format!("{path}.state"), &m.state);
            let from_path = format!("{path}.from");
            let from = self.opt_time(&from_path, m.from.as_ref()).or(group.from);
            let own_until = self.opt_time(&format!("{path}.until"), m.until.as_ref());
            // The end of the spell the membership starts in.
            let life_end = state.and_then(|s| {
                let life = &self.lifetimes[s];
                from.and_then(|f| life.spell_at(f))
                    .or(life.spells().first())
                    .and_then(|spell| spell.until)
            });
            // A membership left open ends with the group or with the state.
            let until = own_until.or(match (group.until, life_end) {
                (Some(g), Some(l)) => Some(if g < l { g } else { l }),
                (g, l) => g.or(l),
            });
            let Some(state) = state else { continue };
            if let (Some(f), Some(u)) = (from, until)
                && u <= f
            {
                self.err(
                    &format!("{path}.until"),
                    format!(
                        "the membership ends ({}) before it starts ({})",
                        show(u),
                        show(f)
                    ),
                );
                continue;
            }
            if let (Some(f), Some(gf)) = (from, group.from)
                && f < gf
            {
                self.err(
                    &from_path,
                    format!(
                        "the membership starts ({}) before the group exists ({})",
                        show(f),
                        show(gf)
                    ),
                );
            }
            if let Some(f) = from {
                self.within_life(&from_path, state, f, "the membership's start");
            }
            if let (Some(u), Some(life_end)) = (own_until, life_end)
                && u > life_end
            {
                self.err(
                    &format!("{path}.until"),
                    format!(
                        "the membership ends ({}) after \"{}\" ceased to exist (on {})",
                        show(u),
                        m.state,
                        show(life_end)
                    ),
                );
            }
            out.push(Member {
                state,
                span: Interval { from, until },
            });
        }
        out
    }

    pub(super) fn events(&mut self, raw: &[raw::Event]) -> Vec<Event> {
        let mut out = Vec::new();
        for (i, e) in raw.iter().enumerate() {
            let path = format!("events[{i}]");
            let date = self.date(&format!("{path}.date"), &e.date);
            self.non_empty(&format!("{path}.title"), &e.title, "the event's title");
            let states: Vec<StateIx> = e
                .states
                .iter()
                .enumerate()
                .filter_map(|(j, s)| self.state_ref(&format!("{path}.states[{j}]"), s))
                .collect();
            if let Some(date) = date {
                out.push(Event {
                    time: date.start(),
                    date,
                    title: e.title.trim().to_owned(),
                    states,
                    description: e.description.trim().to_owned(),
                    kind: e.kind.clone(),
                    sources: e.sources.clone(),
                });
            }
        }
        out.sort_by(|x, y| x.time.0.total_cmp(&y.time.0));
        out
    }

    pub(super) fn eras(&mut self, raw: &[raw::Era]) -> Vec<Era> {
        let mut out = Vec::new();
        for (i, e) in raw.iter().enumerate() {
            let path = format!("eras[{i}]");
            self.non_empty(&format!("{path}.name"), &e.name, "the era's name");
            let from = self.date(&format!("{path}.from"), &e.from).map(Date::start);
            let until = self
                .date(&format!("{path}.until"), &e.until)
                .map(Date::start);
            let colour = e
                .colour
                .as_deref()
                .and_then(|c| self.colour(&format!("{path}.colour"), c));
            let (Some(from), Some(until)) = (from, until) else {
                continue;
            };
            if until <= from {
                self.err(
                    &format!("{path}.until"),
                    format!(
                        "the era \"{}\" ends ({}) before it starts ({})",
                        e.name,
                        show(until),
                        show(from)
                    ),
                );
                continue;
            }
            out.push(Era {
                name: e.name.trim().to_owned(),
                from,
                until,
                colour,
                note: e.note.clone(),
            });
        }
        out
    }

    /// The date the window opens on: as declared (inside the span), else
    /// the first date on which two states are related (a relation's first
    /// keyframe, a group's second member joining), else the span's start.
    pub(super) fn opens_at(
        &mut self,
        raw: &raw::Dataset,
        (start, end): (Time, Time),
        relations: &[Relation],
        groups: &[Group],
    ) -> Time {
        if let Some(declared) = self.opt_time("opens_at", raw.opens_at.as_ref()) {
            if declared < start || declared > end {
                self.err(
                    "opens_at",
                    format!(
                        "the dataset opens at {} outside its span ({} to {})",
                        show(declared),
                        show(start),
                        show(end)
                    ),
                );
            }
            return declared;
        }
        let first_keys = relations
            .iter()
            .filter_map(|r| r.keys.first().map(|k| k.time));
        let second_members = groups.iter().filter_map(|g| {
            let mut joined: Vec<Time> = g
                .members
                .iter()
                .map(|m| m.span.from.or(g.span.from).unwrap_or(start))
                .collect();
            joined.sort_by(f64_order);
            joined.get(1).copied()
        });
        first_keys
            .chain(second_members)
            .min_by(f64_order)
            .map_or(start, |t| Time(t.0.clamp(start.0, end.0)))
    }

    /// The span the timeline covers: as declared, else from the earliest to
    /// the latest date in the file.
    pub(super) fn span(
        &mut self,
        raw: &raw::Dataset,
        states: &[State],
        relations: &[Relation],
        groups: &[Group],
        events: &[Event],
        eras: &[Era],
    ) -> (Time, Time) {
        let start = self.opt_time("start", raw.start.as_ref());
        let end = self.opt_time("end", raw.end.as_ref());
        let mut dates: Vec<Time> = Vec::new();
        for s in states {
            for spell in s.lifetime.spells() {
                dates.extend(spell.from);
                dates.extend(spell.until);
            }
        }
        for r in relations {
            dates.extend(r.keys.iter().map(|k| k.time));
        }
        for g in groups {
            dates.extend(g.span.from);
        }
        dates.extend(events.iter().map(|e| e.time));
        for e in eras {
            dates.extend([e.from, e.until]);
        }
        let earliest = dates
            .iter()
            .copied()
            .reduce(|x, y| if y < x { y } else { x });
        let latest = dates
            .iter()
            .copied()
            .reduce(|x, y| if y > x { y } else { x });
        let start = start.or(earliest).unwrap_or(Time(0.0));
        let end = end.or(latest).unwrap_or(start);
        if raw.end.is_some() && end <= start {
            self.err(
                "end",
                format!(
                    "the dataset ends ({}) before it starts ({})",
                    show(end),
                    show(start)
                ),
            );
        }
        let end = if end <= start {
            Time(start.0 + DAYS_PER_YEAR)
        } else {
            end
        };
        (start, end)
    }
}

/// Times in order (they are finite: parsed from dates).
#[allow(clippy::trivially_copy_pass_by_ref)] // as `sort_by` and `min_by` pass them
fn f64_order(a: &Time, b: &Time) -> std::cmp::Ordering {
    a.0.total_cmp(&b.0)
}
