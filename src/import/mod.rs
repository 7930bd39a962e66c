//! Importing the datasets researchers already use (the Correlates of War
//! state system, alliances and militarised disputes, ATOP, UN General
//! Assembly voting agreement) and plain CSV into one detente dataset.
//!
//! Pure: each format reads CSV text into an [`Import`], which gathers
//! states, lifetimes and keyframes and writes them as a RON file that is
//! deterministic (sorted; the same inputs give the same bytes), readable
//! (regular runs become `series`) and valid (keys outside a state's
//! lifetime are moved to its start within the step or left out, and
//! counted).

pub mod codes;
mod formats;
mod table;
mod write;
mod yearly;

use std::collections::{BTreeMap, BTreeSet};

pub use codes::Codes;
pub use formats::Format;

use crate::date::{Date, Step, Time};

/// Why an input cannot be imported, naming the file and, where there is
/// one, the row (1 is the header line).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("{file}:{row}: {message}")]
    Row {
        file: String,
        row: u64,
        message: String,
    },
}

/// One input file and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub format: Format,
    /// The file as messages name it (the path as the user gave it).
    pub path: String,
    /// The file's name, for the output's header (no folders of this
    /// machine).
    pub name: String,
}

/// A state as imported: its id, name and spells of existence.
#[derive(Clone, Debug, Default, PartialEq)]
struct StateOut {
    name: String,
    /// Sorted, merged spells: `from` included, `until` excluded.
    spells: Vec<(Option<Date>, Option<Date>)>,
    sources: BTreeSet<String>,
}

/// One keyframe as imported.
#[derive(Clone, Debug, PartialEq)]
struct KeyOut {
    date: Date,
    score: f64,
    note: String,
    sources: Vec<String>,
}

/// One relation (pair and kind) as imported.
#[derive(Clone, Debug, Default, PartialEq)]
struct RelationOut {
    keys: Vec<KeyOut>,
    /// Keys stand for a step of time (yearly data): one dated before a
    /// state exists may move to its start within the step.
    step: Option<Step>,
    step_interp: bool,
    until: Option<Date>,
    note: String,
    sources: BTreeSet<String>,
}

/// Everything imported so far, ready to be written.
#[derive(Default)]
pub struct Import {
    inputs: Vec<Input>,
    /// The relation kinds used, by id, with their names.
    kinds: BTreeMap<String, String>,
    states: BTreeMap<String, StateOut>,
    /// Whether a states file gave lifetimes (then keys are clipped to them).
    lifetimes_known: bool,
    relations: BTreeMap<(String, String, String), RelationOut>,
    /// Where the data ends (the day after the states file's last day, the
    /// year after yearly data's last year, the latest end of a spell), if
    /// an input says: the timeline runs to here.
    data_end: Option<Date>,
    /// Keys left out because a state did not exist at their date.
    dropped: usize,
    /// Keys moved to a state's start within their step.
    moved: usize,
}

impl Import {
    pub fn new() -> Import {
        Import::default()
    }

    /// Reads one input: `text` is the file's content.
    pub fn add(&mut self, input: Input, text: &str, codes: &Codes) -> Result<(), ImportError> {
        formats::read(self, &input, text, codes)?;
        self.settle(&input.path)?;
        self.inputs.push(input);
        Ok(())
    }

    /// After an input: every relation's keys in date order, one per day;
    /// a day scored twice (by two files, or as "1970" and "1970-01-01")
    /// must agree.
    fn settle(&mut self, file: &str) -> Result<(), ImportError> {
        for ((a, b, kind), r) in &mut self.relations {
            r.keys
                .sort_by(|x, y| x.date.start().0.total_cmp(&y.date.start().0));
            let clash = r.keys.windows(2).find(|w| {
                w[0].date.start() == w[1].date.start()
                    && (w[0].score, &w[0].note) != (w[1].score, &w[1].note)
            });
            if let Some(w) = clash {
                return Err(ImportError::File {
                    file: file.to_owned(),
                    message: format!(
                        "{a} and {b} ({kind}) have two different scores on {}: {} and {}",
                        w[0].date, w[0].score, w[1].score
                    ),
                });
            }
            r.keys.dedup_by(|x, y| x.date.start() == y.date.start());
        }
        Ok(())
    }

    /// The dataset as RON text, titled `title`.
    pub fn to_ron(&mut self, title: &str) -> String {
        self.clip_to_lifetimes();
        // An end given by an input, never before a keyframe; without one
        // (plain CSV), where the last key's period ends (a yearly key runs
        // to the year's end), so that its value has room on the timeline.
        let period_end = self.data_end.is_none();
        let ends: Vec<Date> = self
            .relations
            .values()
            .flat_map(|r| {
                let last = r.keys.last().map(|k| {
                    if period_end {
                        k.date.following()
                    } else {
                        k.date
                    }
                });
                last.into_iter().chain(r.until)
            })
            .collect();
        for d in ends {
            self.ends_at(d);
        }
        write::ron(self, title)
    }

    /// What a user should know about the result, one line each: ids the
    /// country-code table does not know (a typo, or an actor that is not a
    /// state), states a states file gave no dates, and keys moved or left
    /// out (after [`Import::to_ron`]).
    pub fn notes(&self, codes: &Codes) -> Vec<String> {
        let list = |ids: Vec<&str>| {
            let shown: Vec<&str> = ids.iter().copied().take(12).collect();
            let more = ids.len().saturating_sub(shown.len());
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!("{}{tail}", shown.join(", "))
        };
        let mut out = Vec::new();
        let unknown: Vec<&str> = self
            .states
            .keys()
            .map(String::as_str)
            .filter(|id| codes.name_of(id).is_none())
            .collect();
        if !unknown.is_empty() {
            out.push(format!(
                "not ids of the country-code table (ISO alpha-3, e.g. USA), kept as they are: {}",
                list(unknown)
            ));
        }
        if self.lifetimes_known {
            let undated: Vec<&str> = self
                .states
                .iter()
                .filter(|(_, s)| s.spells.is_empty())
                .map(|(id, _)| id.as_str())
                .collect();
            if !undated.is_empty() {
                out.push(format!(
                    "not in the states file, so shown as existing throughout: {}",
                    list(undated)
                ));
            }
        }
        if self.moved + self.dropped > 0 {
            out.push(format!(
                "{} yearly score(s) dated before a state existed were moved to its first day within their year; {} dated when a state did not exist were left out",
                self.moved, self.dropped
            ));
        }
        out
    }

    pub fn state_count(&self) -> usize {
        self.states.len()
    }

    pub fn relation_count(&self) -> usize {
        self.relations.len()
    }

    /// The data runs at least to `end`.
    fn ends_at(&mut self, end: Date) {
        if self.data_end.is_none_or(|e| e.start() < end.start()) {
            self.data_end = Some(end);
        }
    }

    fn kind(&mut self, id: &str, name: &str) {
        self.kinds
            .entry(id.to_owned())
            .or_insert_with(|| name.to_owned());
    }

    /// A state, listed if new (named from the table if it knows it).
    fn state(&mut self, id: &str, codes: &Codes) -> &mut StateOut {
        self.states
            .entry(id.to_owned())
            .or_insert_with(|| StateOut {
                name: codes.name_of(id).unwrap_or(id).to_owned(),
                ..StateOut::default()
            })
    }

    /// The relation of a pair and kind, made if new.
    fn relation(&mut self, (a, b): (&str, &str), kind: &str) -> &mut RelationOut {
        let (a, b) = ordered(a, b);
        self.relations
            .entry((a.to_owned(), b.to_owned(), kind.to_owned()))
            .or_default()
    }

    /// Relations of `kind` from dated spells (alliances, disputes): where
    /// spells overlap `stronger` picks the score; the relation ends when
    /// its last spell does (unless one is still open).
    fn spell_relations(
        &mut self,
        spells: BTreeMap<(String, String), Vec<Spell>>,
        kind: &str,
        format: Format,
        stronger: fn(f64, f64) -> bool,
        codes: &Codes,
    ) {
        for ((a, b), spells) in spells {
            self.state(&a, codes);
            self.state(&b, codes);
            let (keys, until) = spells_to_keys(spells, stronger);
            if let Some(u) = until {
                self.ends_at(u);
            }
            let r = self.relation((&a, &b), kind);
            // Spells of the same pair from an earlier file: the later end.
            r.until = if r.keys.is_empty() {
                until
            } else {
                r.until.zip(until).map(|(x, y)| x.max(y))
            };
            r.keys.extend(keys);
            r.step_interp = true;
            r.sources.insert(format.citation().to_owned());
        }
    }

    /// Moves or drops keys dated when one of their states did not exist.
    fn clip_to_lifetimes(&mut self) {
        if !self.lifetimes_known {
            return;
        }
        let states = &self.states;
        let alive = |id: &str, t: Time| {
            states.get(id).is_none_or(|s| {
                s.spells.is_empty()
                    || s.spells.iter().any(|(f, u)| {
                        f.is_none_or(|f| t >= f.start()) && u.is_none_or(|u| t < u.start())
                    })
            })
        };
        // The first day within (t, end) on which both exist, if any.
        let start_within = |ids: [&str; 2], t: Time, end: Time| {
            ids.iter()
                .flat_map(|id| states.get(*id).map_or(&[][..], |s| s.spells.as_slice()))
                .filter_map(|(f, _)| *f)
                .filter(|f| f.start() > t && f.start() < end)
                .filter(|f| ids.iter().all(|id| alive(id, f.start())))
                .min_by(|x, y| x.start().0.total_cmp(&y.start().0))
        };
        for ((a, b, _), r) in &mut self.relations {
            let mut kept: Vec<KeyOut> = Vec::with_capacity(r.keys.len());
            for mut key in std::mem::take(&mut r.keys) {
                let t = key.date.start();
                if alive(a, t) && alive(b, t) {
                    kept.push(key);
                    continue;
                }
                let end = r.step.map_or(t, |s| s.after(t));
                match start_within([a, b], t, end) {
                    Some(start) if kept.last().is_none_or(|k| k.date.start() < start.start()) => {
                        key.date = start;
                        kept.push(key);
                        self.moved += 1;
                    }
                    _ => self.dropped += 1,
                }
            }
            r.keys = kept;
        }
        self.relations.retain(|_, r| !r.keys.is_empty());
    }
}

/// A dated spell of an alliance or a dispute: from, until (excluded; `None`
/// while in force at the data's end), score and note.
type Spell = (Date, Option<Date>, f64, String);

/// Two ids in order: a relation's ends are kept sorted.
fn ordered<'s>(a: &'s str, b: &'s str) -> (&'s str, &'s str) {
    if a <= b { (a, b) } else { (b, a) }
}

/// Keyframes of a step function made of dated spells (alliances, disputes):
/// where spells overlap, `stronger` picks the score; between spells the
/// score is 0; the relation ends when the last spell ends, unless one is
/// still open. Returns the keys and the end.
fn spells_to_keys(
    mut spells: Vec<Spell>,
    stronger: fn(f64, f64) -> bool,
) -> (Vec<KeyOut>, Option<Date>) {
    // A spell that ends before it starts says nothing (the formats refuse
    // such rows; this keeps the keys ordered whatever comes in).
    spells.retain(|(f, u, _, _)| u.is_none_or(|u| u.start() > f.start()));
    spells.sort_by_key(|s| s.0);
    let mut bounds: Vec<Date> = spells
        .iter()
        .flat_map(|(f, u, _, _)| std::iter::once(*f).chain(*u))
        .collect();
    bounds.sort_by(|x, y| x.start().0.total_cmp(&y.start().0));
    bounds.dedup_by(|x, y| x.start() == y.start());
    let mut keys: Vec<KeyOut> = Vec::new();
    let mut until = None;
    for at in bounds {
        let t = at.start();
        let active = spells
            .iter()
            .filter(|(f, u, _, _)| f.start() <= t && u.is_none_or(|u| t < u.start()));
        let best = active.fold(None::<(f64, &str)>, |best, (_, _, s, note)| match best {
            Some((b, _)) if !stronger(*s, b) => best,
            _ => Some((*s, note.as_str())),
        });
        let (score, note) = best.unwrap_or((0.0, ""));
        until = best.is_none().then_some(at);
        if best.is_none()
            && spells
                .iter()
                .all(|(_, u, _, _)| u.is_some_and(|u| u.start() <= t))
        {
            break;
        }
        if keys
            .last()
            .is_some_and(|k| k.score == score && k.note == note)
        {
            continue;
        }
        keys.push(KeyOut {
            date: at,
            score,
            note: note.to_owned(),
            sources: Vec::new(),
        });
    }
    (keys, until)
}

#[cfg(test)]
mod tests;
