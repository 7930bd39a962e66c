//! The formats `detente import` reads, each from its published column
//! layout, and how each becomes states and keyframes.

use std::collections::BTreeMap;

use super::table::{Row, Table};
use super::yearly::{atop, mid, unga};
use super::{Codes, Import, ImportError, Input, KeyOut, ordered};
use crate::date::{Date, Step, days_in_month};

/// An input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Correlates of War State System Membership (states2016.csv, v2016
    /// or v2024): each state's spells of existence.
    CowStates,
    /// Correlates of War Formal Alliances v4.1, dyad file
    /// (`alliance_v4.1_by_dyad.csv`).
    CowAlliances,
    /// ATOP 5.1 dyad-year file (`atop5_1dy.csv`).
    Atop,
    /// UN General Assembly voting agreement, dyad-year (Bailey, Strezhnev
    /// and Voeten's AgreementScores.csv).
    Unga,
    /// Correlates of War militarised interstate disputes, dyadic
    /// (`dyadic_mid_4.02.csv` or later).
    Mid,
    /// Plain CSV: a, b, date, score, and optionally kind, note, source.
    Csv,
}

impl Format {
    /// The citation a user of this format owes, written into the output.
    pub fn citation(self) -> &'static str {
        match self {
            Format::CowStates => {
                "Correlates of War Project. State System Membership List (v2016 or v2024). https://correlatesofwar.org/data-sets/state-system-membership/"
            }
            Format::CowAlliances => {
                "Gibler, Douglas M. 2009. International Military Alliances, 1648-2008. CQ Press. Correlates of War Formal Alliances v4.1. https://correlatesofwar.org/data-sets/formal-alliances/"
            }
            Format::Atop => {
                "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell and Andrew G. Long. 2002. Alliance Treaty Obligations and Provisions, 1815-1944. International Interactions 28: 237-260. ATOP 5.1. http://www.atopdata.org/"
            }
            Format::Unga => {
                "Bailey, Michael A., Anton Strezhnev and Erik Voeten. 2017. Estimating Dynamic State Preferences from United Nations Voting Data. Journal of Conflict Resolution 61(2): 430-456. https://doi.org/10.7910/DVN/LEJUQZ"
            }
            Format::Mid => {
                "Maoz, Zeev, Paul L. Johnson, Jasper Kaplan, Fiona Ogunkoya and Aaron P. Shreve. 2019. The Dyadic Militarized Interstate Disputes (MIDs) Dataset Version 3.0: Logic, Characteristics, and Comparisons to Alternative Datasets. Journal of Conflict Resolution 63(3): 811-835. https://correlatesofwar.org/data-sets/mids/"
            }
            Format::Csv => "",
        }
    }

    /// What the format is, in a few words, for the output's header.
    pub fn describe(self) -> &'static str {
        match self {
            Format::CowStates => "COW state system membership",
            Format::CowAlliances => "COW formal alliances, dyads",
            Format::Atop => "ATOP alliances, dyad-years",
            Format::Unga => "UN General Assembly voting agreement, dyad-years",
            Format::Mid => "COW militarised interstate disputes, dyadic",
            Format::Csv => "CSV of dated scores",
        }
    }
}

/// The score of each alliance obligation, strongest first: a defence pact
/// (or an ATOP offence pact) is "allied" (0.8, as [`crate::model::Level`]),
/// a neutrality pact "friendly" (0.5), a non-aggression pact 0.4, an
/// entente or consultation pact 0.3.
pub const DEFENCE: f64 = 0.8;
pub const NEUTRALITY: f64 = 0.5;
pub const NON_AGGRESSION: f64 = 0.4;
pub const CONSULTATION: f64 = 0.3;

/// Each of a dispute's highest hostility levels (MID `hihost` 1 to 5): its
/// name and score.
pub const HOSTILITY: [(&str, f64); 5] = [
    ("no militarised action", 0.0),
    ("threat of force", -0.3),
    ("display of force", -0.5),
    ("use of force", -0.75),
    ("war", -1.0),
];

/// UN voting agreement: the year's z-score `z` becomes `tanh(z / VOTES_SCALE)`,
/// so one standard deviation above the year's mean is +0.46, two are +0.76.
pub const VOTES_SCALE: f64 = 2.0;

pub(super) fn read(
    import: &mut Import,
    input: &Input,
    text: &str,
    codes: &Codes,
) -> Result<(), ImportError> {
    let file = input.path.as_str();
    match input.format {
        Format::CowStates => cow_states(import, file, text, codes),
        Format::CowAlliances => cow_alliances(import, file, text, codes),
        Format::Atop => atop(import, file, text, codes),
        Format::Unga => unga(import, file, text, codes),
        Format::Mid => mid(import, file, text, codes),
        Format::Csv => generic(import, file, text, codes),
    }
}

/// The detente id of a COW code in a column.
pub(super) fn state_of<'c>(
    row: &Row<'_>,
    column: &str,
    codes: &'c Codes,
) -> Result<&'c str, ImportError> {
    let code = row.int(column)?;
    u32::try_from(code)
        .ok()
        .and_then(|c| codes.by_cow(c))
        .map(|c| c.id.as_str())
        .ok_or_else(|| {
            row.error(format!(
                "{column} {code} is not a Correlates of War country code (see data/country-codes.csv)"
            ))
        })
}

/// A date from year, month and day columns; a missing or unknown (-9)
/// month or day is the first.
pub(super) fn ymd(row: &Row<'_>, cols: [&str; 3]) -> Result<Option<Date>, ImportError> {
    let Some(year) = row.opt_int(cols[0])?.filter(|y| *y > 0) else {
        return Ok(None);
    };
    let part = |c: &str, max: i64| -> Result<u8, ImportError> {
        Ok(row
            .opt_int(c)?
            .filter(|v| (1..=max).contains(v))
            .unwrap_or(1) as u8)
    };
    let year = i32::try_from(year)
        .ok()
        .filter(|y| (1..=9999).contains(y))
        .ok_or_else(|| row.error(format!("{} {year} is not a year", cols[0])))?;
    let month = part(cols[1], 12)?;
    let day = part(cols[2], 31)?.min(days_in_month(year, month));
    Ok(Some(Date {
        year,
        month: Some(month),
        day: Some(day),
    }))
}

/// The day after `date` (for COW's inclusive end days).
pub(super) fn day_after(date: Date) -> Date {
    Step::Days(1).nth_date(date, 1)
}

/// A year checked by [`year_date`] as a date.
pub(super) fn year_of(year: i64) -> Date {
    Date {
        year: year.clamp(1, 9999) as i32,
        month: None,
        day: None,
    }
}

pub(super) fn year_date(year: i64, row: &Row<'_>) -> Result<Date, ImportError> {
    i32::try_from(year)
        .ok()
        .filter(|y| (1..=9999).contains(y))
        .map(|year| Date {
            year,
            month: None,
            day: None,
        })
        .ok_or_else(|| row.error(format!("{year} is not a year")))
}

fn cow_states(
    import: &mut Import,
    file: &str,
    text: &str,
    codes: &Codes,
) -> Result<(), ImportError> {
    let cols = [
        "ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday",
    ];
    let mut spells: Vec<(String, Date, Date)> = Vec::new();
    Table::new(file, text, &cols)?.rows(|row| {
        let id = state_of(row, "ccode", codes)?;
        let from = ymd(row, ["styear", "stmonth", "stday"])?
            .ok_or_else(|| row.error("styear is empty".to_owned()))?;
        let end = ymd(row, ["endyear", "endmonth", "endday"])?
            .ok_or_else(|| row.error("endyear is empty".to_owned()))?;
        if end < from {
            return Err(row.error(format!("the spell ends ({end}) before it starts ({from})")));
        }
        spells.push((id.to_owned(), from, end));
        Ok(())
    })?;
    // The data's last day stands for "still a member" (censored).
    let censor = spells.iter().map(|s| s.2).max();
    if let Some(c) = censor {
        import.ends_at(day_after(c));
    }
    spells.sort_by(|x, y| (&x.0, x.1).cmp(&(&y.0, y.1)));
    for (id, from, end) in spells {
        let until = (Some(end) != censor).then(|| day_after(end));
        let state = import.state(&id, codes);
        state
            .sources
            .insert(Format::CowStates.citation().to_owned());
        // Spells that touch or overlap (a state under two codes, like
        // West Germany and Germany) are one.
        match state.spells.last_mut() {
            Some((_, last_until)) if last_until.is_none_or(|u| u >= from) => {
                *last_until = match (*last_until, until) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
            _ => state.spells.push((Some(from), until)),
        }
    }
    import.lifetimes_known = true;
    Ok(())
}

fn cow_alliances(
    import: &mut Import,
    file: &str,
    text: &str,
    codes: &Codes,
) -> Result<(), ImportError> {
    let cols = [
        "ccode1",
        "ccode2",
        "dyad_st_year",
        "dyad_st_month",
        "dyad_st_day",
        "dyad_end_year",
        "dyad_end_month",
        "dyad_end_day",
        "defense",
        "neutrality",
        "nonaggression",
        "entente",
    ];
    let table = Table::new(file, text, &cols)?;
    let with_id = table.has("version4id");
    let mut spells: BTreeMap<(String, String), Vec<_>> = BTreeMap::new();
    table.rows(|row| {
        let a = state_of(row, "ccode1", codes)?;
        let b = state_of(row, "ccode2", codes)?;
        if a == b {
            return Ok(());
        }
        let from = ymd(row, ["dyad_st_year", "dyad_st_month", "dyad_st_day"])?
            .ok_or_else(|| row.error("dyad_st_year is empty".to_owned()))?;
        let end = ymd(row, ["dyad_end_year", "dyad_end_month", "dyad_end_day"])?;
        if let Some(end) = end.filter(|e| *e < from) {
            return Err(row.error(format!(
                "the alliance ends ({end}) before it starts ({from})"
            )));
        }
        let until = end.map(day_after);
        let (score, what) = if row.flag("defense")? {
            (DEFENCE, "defence pact")
        } else if row.flag("neutrality")? {
            (NEUTRALITY, "neutrality pact")
        } else if row.flag("nonaggression")? {
            (NON_AGGRESSION, "non-aggression pact")
        } else if row.flag("entente")? {
            (CONSULTATION, "entente")
        } else {
            return Err(row.error(
                "the row names no obligation (defense, neutrality, nonaggression or entente)"
                    .to_owned(),
            ));
        };
        let note = if with_id {
            format!("{what} (COW alliance {})", row.text("version4id"))
        } else {
            what.to_owned()
        };
        let (a, b) = ordered(a, b);
        spells
            .entry((a.to_owned(), b.to_owned()))
            .or_default()
            .push((from, until, score, note));
        Ok(())
    })?;
    import.kind("alliance", "Alliance");
    import.spell_relations(
        spells,
        "alliance",
        Format::CowAlliances,
        |new, old| new > old,
        codes,
    );
    Ok(())
}

/// Each relation's keys by day (so "1970" and "1970-01-01" are one), with
/// the row that gave each.
type CsvRows = BTreeMap<(String, String, String), BTreeMap<i64, (KeyOut, u64)>>;

fn generic(import: &mut Import, file: &str, text: &str, codes: &Codes) -> Result<(), ImportError> {
    let table = Table::new(file, text, &["a", "b", "date", "score"])?;
    let mut rows = CsvRows::new();
    table.rows(|row| {
        let (a, b) = (row.text("a"), row.text("b"));
        if a.is_empty() || b.is_empty() {
            return Err(row.error("a and b must both name a state".to_owned()));
        }
        if a == b {
            return Err(row.error(format!("a and b are both \"{a}\"")));
        }
        let date = Date::parse(row.text("date")).map_err(|e| row.error(e.to_string()))?;
        let score = row
            .opt_number("score")?
            .ok_or_else(|| row.error("score is empty".to_owned()))?;
        if !(-1.0..=1.0).contains(&score) {
            return Err(row.error(format!("the score {score} is outside -1 to 1")));
        }
        let kind = match row.text("kind") {
            "" => "diplomatic",
            k => k,
        };
        let key = KeyOut {
            date,
            score,
            note: row.text("note").to_owned(),
            sources: match row.text("source") {
                "" => Vec::new(),
                s => vec![s.to_owned()],
            },
        };
        let (a, b) = ordered(a, b);
        let keys = rows
            .entry((a.to_owned(), b.to_owned(), kind.to_owned()))
            .or_default();
        let day = date.start().0 as i64;
        match keys.get(&day) {
            Some((old, first)) if (old.score, &old.note) != (key.score, &key.note) => {
                Err(row.error(format!(
                    "{a} and {b} ({kind}) on {date} are given twice, differently (first on row {first})"
                )))
            }
            Some(_) => Ok(()),
            None => {
                keys.insert(day, (key, row.line));
                Ok(())
            }
        }
    })?;
    for ((a, b, kind), keys) in rows {
        import.state(&a, codes);
        import.state(&b, codes);
        import.kind(&kind, &crate::model::Kind::default_name(&kind));
        let r = import.relation((&a, &b), &kind);
        r.keys.extend(keys.into_values().map(|(key, _)| key));
    }
    Ok(())
}
