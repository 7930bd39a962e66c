//! Turns the file as written ([`raw`]) into a checked [`Dataset`], or into
//! every problem found, each at the position of the value it is about.

mod links;

use std::collections::{BTreeMap, BTreeSet};

use super::locate::{Locator, Pos};
use super::raw;
use crate::date::{Date, Time};
use crate::model::{
    Bloc, Dataset, Dated, Group, Interval, Kind, Lifetime, MAX_WEIGHT, MIN_WEIGHT, Relation, Rgb,
    State, StateIx, Stepwise,
};

/// The format version this program reads.
pub const FORMAT_VERSION: u32 = 1;

/// One problem in a file: where, and what is wrong, in plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// The kinds a file gets when it declares none.
const DEFAULT_KINDS: [&str; 3] = ["diplomatic", "military", "economic"];

/// "Did you mean …?" is worked out for this many unknown names; past them a
/// file full of mistakes is not searched once more for each (that would
/// take quadratic time).
const MAX_SUGGESTIONS: usize = 50;

/// At most this many pairs of states can be related (by relations and
/// groups together): a group of 30,000 members would otherwise make every
/// one of its 450 million pairs. 500,000 is about 1,000 states all related.
pub const MAX_PAIRS: usize = 500_000;

/// At most this many keyframes (keys and series' scores together): a dense
/// world of 193 states scored yearly since 1946 has about 1.5 million, and
/// each takes some 80 bytes in memory, so a 128 MiB file of bare series
/// numbers (60 million) would not fit.
pub const MAX_KEYFRAMES: usize = 5_000_000;

/// Every lookup by id is a map, so that checking is O(n log n) in every
/// list.
struct Checker<'a> {
    loc: &'a Locator<'a>,
    problems: Vec<Problem>,
    state_ids: BTreeMap<&'a str, StateIx>,
    /// Each state's id, by index.
    ids: Vec<&'a str>,
    /// Lowercase names, for "did you mean" on a name used as an id.
    state_names: BTreeMap<String, &'a str>,
    kinds: Vec<Kind>,
    kind_ids: BTreeMap<String, usize>,
    bloc_ids: BTreeMap<&'a str, usize>,
    lifetimes: Vec<Lifetime>,
    suggestions: usize,
    /// The distinct pairs relations link.
    pairs: BTreeSet<(StateIx, StateIx)>,
}

/// Checks a parsed file and builds the dataset, or returns every problem.
/// Takes the parsed file by value: each relation's keyframes are converted
/// and their parsed form freed one relation at a time, so a large file is
/// not held twice.
pub fn validate(mut raw: raw::Dataset, loc: &Locator<'_>) -> Result<Dataset, Vec<Problem>> {
    let raw_relations = std::mem::take(&mut raw.relations);
    let raw = &raw;
    let mut c = Checker {
        loc,
        problems: Vec::new(),
        state_ids: BTreeMap::new(),
        ids: Vec::new(),
        state_names: BTreeMap::new(),
        kinds: Vec::new(),
        kind_ids: BTreeMap::new(),
        bloc_ids: BTreeMap::new(),
        lifetimes: Vec::new(),
        suggestions: 0,
        pairs: BTreeSet::new(),
    };
    if raw.version != FORMAT_VERSION {
        c.err(
            "version",
            format!(
                "unsupported format version {} (this detente reads version {FORMAT_VERSION})",
                raw.version
            ),
        );
    }
    c.non_empty("title", &raw.title, "the dataset's title");
    c.kinds(raw.kinds.as_deref());
    let blocs = c.blocs(&raw.blocs);
    let states = c.states(&raw.states, &blocs);
    let relations = c.relations(raw_relations);
    let groups = c.groups(&raw.groups);
    let events = c.events(&raw.events);
    let eras = c.eras(&raw.eras);
    let (start, end) = c.span(raw, &states, &relations, &groups, &events, &eras);
    let opens_at = c.opens_at(raw, (start, end), &relations, &groups);
    if !c.problems.is_empty() {
        c.problems.sort_by_key(|p| (p.line, p.col));
        return Err(c.problems);
    }
    let pairs = pair_table(&relations, &groups);
    let relations = relations
        .into_iter()
        .map(|mut r| {
            r.pair = pairs.binary_search(&(r.a, r.b)).unwrap_or_default();
            r
        })
        .collect();
    Ok(Dataset {
        title: raw.title.trim().to_owned(),
        description: raw.description.trim().to_owned(),
        start,
        end,
        opens_at,
        kinds: c.kinds,
        blocs,
        states,
        relations,
        groups,
        events,
        eras,
        pairs,
    })
}

/// Every pair any relation or group can link, sorted and unique.
fn pair_table(relations: &[Relation], groups: &[Group]) -> Vec<(StateIx, StateIx)> {
    let mut pairs: Vec<(StateIx, StateIx)> = relations.iter().map(|r| (r.a, r.b)).collect();
    for g in groups {
        for (i, m) in g.members.iter().enumerate() {
            for n in &g.members[i + 1..] {
                if m.state != n.state {
                    pairs.push((m.state.min(n.state), m.state.max(n.state)));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The closest candidate to a misspelt name, if one is close enough.
fn did_you_mean<'c>(wrong: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let wrong = wrong.to_lowercase();
    candidates
        .map(|c| (strsim::jaro_winkler(&wrong, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|x, y| x.0.total_cmp(&y.0))
        .map(|(_, c)| c)
}

fn hint(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |s| format!(" (did you mean \"{s}\"?)"))
}

/// A number as a person would write it: `0.5`, `1e308`, `5e-324`.
fn short_number(x: f64) -> String {
    if x != 0.0 && !(1e-4..1e7).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

fn show(t: Time) -> String {
    t.date().to_string()
}

impl<'a> Checker<'a> {
    fn err(&mut self, path: &str, message: String) {
        let Pos { line, col } = self.loc.locate(path);
        self.problems.push(Problem { line, col, message });
    }

    fn non_empty(&mut self, path: &str, text: &str, what: &str) -> bool {
        if text.trim().is_empty() {
            self.err(path, format!("{what} is empty"));
            return false;
        }
        true
    }

    fn date(&mut self, path: &str, text: &str) -> Option<Date> {
        match Date::parse(text) {
            Ok(d) => Some(d),
            Err(e) => {
                self.err(path, e.to_string());
                None
            }
        }
    }

    fn opt_time(&mut self, path: &str, text: Option<&String>) -> Option<Time> {
        text.and_then(|t| self.date(path, t)).map(Date::start)
    }

    fn colour(&mut self, path: &str, text: &str) -> Option<Rgb> {
        let rgb = Rgb::parse_hex(text);
        if rgb.is_none() {
            self.err(
                path,
                format!("\"{text}\" is not a colour (write \"#rrggbb\", e.g. \"#1f77b4\")"),
            );
        }
        rgb
    }

    /// A score given as a number or a named level (exactly one of them).
    fn score(&mut self, path: &str, score: Option<f64>, level: Option<raw::Level>) -> Option<f64> {
        match (score, level) {
            (Some(_), Some(_)) => {
                self.err(
                    &format!("{path}.level"),
                    "give either a score or a level, not both".to_owned(),
                );
                None
            }
            (None, None) => {
                self.err(
                    path,
                    "this needs a score (a number from -1 to 1) or a level (Allied, Friendly, Neutral, Tense, Hostile, War)".to_owned(),
                );
                None
            }
            (None, Some(level)) => Some(level.score()),
            (Some(s), None) if s.is_finite() && (-1.0..=1.0).contains(&s) => Some(s),
            (Some(s), None) => {
                self.err(
                    &format!("{path}.score"),
                    format!("the score {s} is outside the range -1 (hostile) to 1 (allied)"),
                );
                None
            }
        }
    }

    fn state_ref(&mut self, path: &str, id: &str) -> Option<StateIx> {
        if let Some(&ix) = self.state_ids.get(id) {
            return Some(ix);
        }
        let by_name = self.state_names.get(&id.trim().to_lowercase()).copied();
        let suggestion = by_name.or_else(|| {
            self.may_suggest()
                .then(|| did_you_mean(id, self.state_ids.keys().copied()))
                .flatten()
        });
        self.err(path, format!("unknown state \"{id}\"{}", hint(suggestion)));
        None
    }

    /// Whether one more "did you mean" may be worked out.
    fn may_suggest(&mut self) -> bool {
        self.suggestions += 1;
        self.suggestions <= MAX_SUGGESTIONS
    }

    fn kind_ref(&mut self, path: &str, id: &str) -> Option<usize> {
        if let Some(&ix) = self.kind_ids.get(id) {
            return Some(ix);
        }
        let ids: Vec<String> = self.kinds.iter().take(20).map(|k| k.id.clone()).collect();
        let suggestion = if self.may_suggest() {
            did_you_mean(id, self.kinds.iter().map(|k| k.id.as_str())).map(str::to_owned)
        } else {
            None
        };
        let suggestion = suggestion.as_deref();
        let more = if self.kinds.len() > ids.len() {
            ", …"
        } else {
            ""
        };
        let known = ids.join(", ") + more;
        self.err(
            path,
            format!(
                "unknown relation kind \"{id}\"{} (the kinds are: {known})",
                hint(suggestion)
            ),
        );
        None
    }

    /// Reports `t` if the state does not exist then.
    fn within_life(&mut self, path: &str, state: StateIx, t: Time, what: &str) {
        let life = &self.lifetimes[state];
        if life.contains(t) {
            return;
        }
        let id = self.ids.get(state).copied().unwrap_or("");
        let next = life.spells().iter().filter_map(|s| s.from).find(|f| *f > t);
        let ended = life.spell_at(t).and_then(|s| s.until);
        let message = match (ended, next) {
            (None, Some(from)) => format!(
                "{what} {} is before \"{id}\" exists (it exists from {})",
                show(t),
                show(from)
            ),
            (Some(until), Some(from)) => format!(
                "{what} {} is while \"{id}\" does not exist (between {} and {})",
                show(t),
                show(until),
                show(from)
            ),
            (Some(until), None) => format!(
                "{what} {} is after \"{id}\" ceased to exist (on {})",
                show(t),
                show(until)
            ),
            (None, None) => return,
        };
        self.err(path, message);
    }

    fn kinds(&mut self, raw: Option<&[raw::Kind]>) {
        let Some(raw) = raw else {
            self.kinds = DEFAULT_KINDS
                .iter()
                .map(|id| Kind {
                    id: (*id).to_owned(),
                    name: Kind::default_name(id),
                    weight: 1.0,
                })
                .collect();
            self.kind_ids = DEFAULT_KINDS
                .iter()
                .enumerate()
                .map(|(i, id)| ((*id).to_owned(), i))
                .collect();
            return;
        };
        if raw.is_empty() {
            self.err("kinds", "the list of relation kinds is empty".to_owned());
        }
        for (i, k) in raw.iter().enumerate() {
            let path = format!("kinds[{i}]");
            if !self.non_empty(&format!("{path}.id"), &k.id, "the kind's id") {
                continue;
            }
            if self.kind_ids.contains_key(&k.id) {
                self.err(
                    &format!("{path}.id"),
                    format!("the kind \"{}\" is declared twice", k.id),
                );
                continue;
            }
            self.kind_ids.insert(k.id.clone(), self.kinds.len());
            let weight = k.weight.unwrap_or(1.0);
            if !(MIN_WEIGHT..=MAX_WEIGHT).contains(&weight) {
                self.err(
                    &format!("{path}.weight"),
                    format!(
                        "a kind's weight must be a number from {MIN_WEIGHT} to {MAX_WEIGHT}, not {}",
                        short_number(weight)
                    ),
                );
            }
            self.kinds.push(Kind {
                id: k.id.clone(),
                name: k.name.clone().unwrap_or_else(|| Kind::default_name(&k.id)),
                weight,
            });
        }
    }

    fn blocs(&mut self, raw: &'a [raw::Bloc]) -> Vec<Bloc> {
        let mut out: Vec<Bloc> = Vec::new();
        for (i, b) in raw.iter().enumerate() {
            let path = format!("blocs[{i}]");
            self.non_empty(&format!("{path}.id"), &b.id, "the bloc's id");
            if self.bloc_ids.contains_key(b.id.as_str()) {
                self.err(
                    &format!("{path}.id"),
                    format!("the bloc \"{}\" is declared twice", b.id),
                );
            } else {
                self.bloc_ids.insert(&b.id, out.len());
            }
            let colour = self.colour(&format!("{path}.colour"), &b.colour);
            out.push(Bloc {
                id: b.id.clone(),
                name: b.name.clone().unwrap_or_else(|| b.id.clone()),
                colour: colour.unwrap_or(Rgb([128, 128, 128])),
            });
        }
        out
    }

    fn bloc_ref(&mut self, path: &str, id: &str, blocs: &[Bloc]) -> Option<usize> {
        if id.is_empty() {
            return None;
        }
        let found = self.bloc_ids.get(id).copied();
        if found.is_none() {
            let suggestion = if self.may_suggest() {
                did_you_mean(id, blocs.iter().map(|b| b.id.as_str()))
            } else {
                None
            };
            self.err(path, format!("unknown bloc \"{id}\"{}", hint(suggestion)));
        }
        found
    }

    fn states(&mut self, raw: &'a [raw::State], blocs: &[Bloc]) -> Vec<State> {
        let mut out = Vec::new();
        for (i, s) in raw.iter().enumerate() {
            let path = format!("states[{i}]");
            for (k, alias) in s.aliases.iter().enumerate() {
                self.non_empty(&format!("{path}.aliases[{k}]"), alias, "an alias");
            }
            let id_path = format!("{path}.id");
            if self.non_empty(&id_path, &s.id, "the state's id") {
                if let Some(&first) = self.state_ids.get(s.id.as_str()) {
                    let Pos { line, col } = self.loc.locate(&format!("states[{first}].id"));
                    self.err(
                        &id_path,
                        format!(
                            "the state id \"{}\" is used twice (first at {line}:{col})",
                            s.id
                        ),
                    );
                } else {
                    self.state_ids.insert(&s.id, out.len());
                }
            }
            self.non_empty(&format!("{path}.name"), &s.name, "the state's name");
            self.state_names
                .entry(s.name.trim().to_lowercase())
                .or_insert(&s.id);
            let lifetime = self.lifetime(&path, s);
            let bloc = s
                .bloc
                .as_deref()
                .and_then(|b| self.bloc_ref(&format!("{path}.bloc"), b, blocs));
            let colour = s
                .colour
                .as_deref()
                .and_then(|c| self.colour(&format!("{path}.colour"), c));
            let mut state = State {
                id: s.id.clone(),
                names: Stepwise {
                    initial: s.name.trim().to_owned(),
                    changes: Vec::new(),
                },
                aliases: s.aliases.iter().map(|a| a.trim().to_owned()).collect(),
                blocs: Stepwise {
                    initial: bloc,
                    changes: Vec::new(),
                },
                colours: Stepwise {
                    initial: colour,
                    changes: Vec::new(),
                },
                lifetime,
                note: s.note.clone(),
                sources: s.sources.clone(),
                history: Vec::new(),
            };
            self.changes(&path, &s.changes, &mut state, blocs);
            self.lifetimes.push(state.lifetime.clone());
            self.ids.push(&s.id);
            out.push(state);
        }
        out
    }

    /// A state's lifetime: `from`/`until`, or its list of `lifetimes`.
    fn lifetime(&mut self, path: &str, s: &raw::State) -> Lifetime {
        let one = raw::Lifetime {
            from: s.from.clone(),
            until: s.until.clone(),
        };
        let (spells, path) = match &s.lifetimes {
            Some(list) => {
                if s.from.is_some() || s.until.is_some() {
                    self.err(
                        &format!("{path}.lifetimes"),
                        "write either `from`/`until` or `lifetimes`, not both".to_owned(),
                    );
                }
                if list.is_empty() {
                    self.err(
                        &format!("{path}.lifetimes"),
                        "a list of lifetimes needs at least one".to_owned(),
                    );
                }
                (list.as_slice(), format!("{path}.lifetimes"))
            }
            None => (std::slice::from_ref(&one), path.to_owned()),
        };
        let listed = s.lifetimes.is_some();
        let mut out: Vec<Interval> = Vec::new();
        for (j, spell) in spells.iter().enumerate() {
            let path = if listed {
                format!("{path}[{j}]")
            } else {
                path.clone()
            };
            let from = self.opt_time(&format!("{path}.from"), spell.from.as_ref());
            let until = self.opt_time(&format!("{path}.until"), spell.until.as_ref());
            if let (Some(f), Some(u)) = (from, until)
                && u <= f
            {
                self.err(
                    &format!("{path}.until"),
                    format!(
                        "this state's lifetime ends ({}) before it starts ({})",
                        show(u),
                        show(f)
                    ),
                );
                continue;
            }
            if let Some(prev) = out.last() {
                let problem = match (prev.until, from) {
                    (Some(u), Some(f)) if u <= f => None,
                    (Some(u), Some(_)) => Some(format!(
                        "lifetimes must be in date order and apart: the one before ends on {}",
                        show(u)
                    )),
                    (None, _) => Some(
                        "lifetimes must be in date order and apart: the one before never ends"
                            .to_owned(),
                    ),
                    (Some(_), None) => {
                        Some("only the first lifetime may leave out `from`".to_owned())
                    }
                };
                if let Some(message) = problem {
                    self.err(&format!("{path}.from"), message);
                    continue;
                }
            }
            out.push(Interval { from, until });
        }
        Lifetime::of_spells(out).unwrap_or_default()
    }

    fn changes(&mut self, path: &str, raw: &[raw::Change], state: &mut State, blocs: &[Bloc]) {
        let mut last: Option<Time> = None;
        for (j, ch) in raw.iter().enumerate() {
            let path = format!("{path}.changes[{j}]");
            let Some(t) = self
                .date(&format!("{path}.date"), &ch.date)
                .map(Date::start)
            else {
                continue;
            };
            if last.is_some_and(|l| t <= l) {
                self.err(
                    &format!("{path}.date"),
                    format!(
                        "changes must be in date order, each on its own date: {} comes after {}",
                        show(t),
                        show(last.unwrap_or(t))
                    ),
                );
            }
            last = Some(t);
            state.history.push(Dated {
                time: t,
                note: ch.note.clone(),
                sources: ch.sources.clone(),
            });
            if let Some(name) = &ch.name
                && self.non_empty(&format!("{path}.name"), name, "the new name")
            {
                state.names.changes.push((t, name.trim().to_owned()));
            }
            if let Some(b) = &ch.bloc {
                let bloc = self.bloc_ref(&format!("{path}.bloc"), b, blocs);
                state.blocs.changes.push((t, bloc));
            }
            if let Some(c) = &ch.colour {
                let colour = if c.is_empty() {
                    None
                } else {
                    self.colour(&format!("{path}.colour"), c)
                };
                state.colours.changes.push((t, colour));
            }
        }
    }
}
