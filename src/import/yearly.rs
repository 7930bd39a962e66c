//! The formats scored year by year, whose rows become one keyframe per
//! pair and year: ATOP's alliances, UN General Assembly votes and the
//! militarized disputes (MIDs).

use std::collections::{BTreeMap, HashMap};

use super::formats::{
    CONSULTATION, DEFENCE, Format, HOSTILITY, NEUTRALITY, NON_AGGRESSION, VOTES_SCALE, day_after,
    state_of, year_date, year_of, ymd,
};
use super::table::{Row, Table};
use super::{Codes, Import, ImportError, KeyOut, Spell, ordered};
use crate::date::{Date, Step};

/// One pair's score in one year, and where it came from.
#[derive(Clone, Copy, Debug)]
struct YearScore {
    score: f64,
    /// The first row that gave it (0: filled in).
    row: u64,
    /// The COW codes of that row, in order.
    codes: (i64, i64),
    /// How many rows of other codes for the same states were averaged in.
    n: u32,
}

impl YearScore {
    fn filled(score: f64) -> YearScore {
        YearScore {
            score,
            row: 0,
            codes: (0, 0),
            n: 1,
        }
    }
}

/// Yearly scores of each pair: `(pair) -> year -> score`.
type Yearly = BTreeMap<(String, String), BTreeMap<i64, YearScore>>;

/// Records a yearly score. A second row for the same pair and year must
/// agree with the first (an identical duplicate is harmless), unless it
/// comes under other COW codes of the same states (West Germany and
/// Germany in 1990): those are averaged.
fn put_yearly(
    yearly: &mut Yearly,
    row: &Row<'_>,
    (a, b): (&str, &str),
    codes: (i64, i64),
    year: i64,
    score: f64,
) -> Result<(), ImportError> {
    let codes = (codes.0.min(codes.1), codes.0.max(codes.1));
    let (a, b) = ordered(a, b);
    let years = yearly.entry((a.to_owned(), b.to_owned())).or_default();
    match years.get_mut(&year) {
        Some(old) if old.codes != codes => {
            let n = f64::from(old.n);
            old.score = (old.score * n + score) / (n + 1.0);
            old.n += 1;
            Ok(())
        }
        Some(old) if (old.score - score).abs() > 1e-9 => Err(row.error(format!(
            "{a} and {b} in {year} are scored twice, differently (first on row {})",
            old.row
        ))),
        Some(_) => Ok(()),
        None => {
            years.insert(
                year,
                YearScore {
                    score,
                    row: row.line,
                    codes,
                    n: 1,
                },
            );
            Ok(())
        }
    }
}

/// How yearly scores become relations.
struct YearlyKind<'k> {
    kind: &'k str,
    format: Format,
    /// Stepwise (alliances) or interpolated (votes).
    step_interp: bool,
    note: &'k str,
}

/// Writes yearly scores as relations: keys on each year's first day; each
/// pair's `ends` (the year after its last, if it ended) ends it.
fn yearly_relations(
    import: &mut Import,
    yearly: Yearly,
    ends: &BTreeMap<(String, String), i64>,
    how: &YearlyKind<'_>,
    codes: &Codes,
) {
    if let Some(&last) = yearly.values().filter_map(|y| y.keys().next_back()).max() {
        import.ends_at(year_of(last + 1));
    }
    for ((a, b), years) in yearly {
        import.state(&a, codes);
        import.state(&b, codes);
        let end = ends.get(&(a.clone(), b.clone())).map(|&y| year_of(y));
        let r = import.relation((&a, &b), how.kind);
        r.step = Some(Step::Months(12));
        r.step_interp = how.step_interp;
        r.until = end.or(r.until);
        how.note.clone_into(&mut r.note);
        r.sources.insert(how.format.citation().to_owned());
        r.keys.extend(
            years
                .into_iter()
                .map(|(year, YearScore { score, .. })| KeyOut {
                    date: year_of(year),
                    score,
                    note: String::new(),
                    sources: Vec::new(),
                }),
        );
    }
}

pub(super) fn atop(
    import: &mut Import,
    file: &str,
    text: &str,
    codes: &Codes,
) -> Result<(), ImportError> {
    let cols = [
        "statea", "stateb", "year", "defense", "offense", "neutral", "nonagg", "consul",
    ];
    let mut yearly = Yearly::new();
    let mut last_year = i64::MIN;
    Table::new(file, text, &cols)?.rows(|row| {
        let a = state_of(row, "statea", codes)?;
        let b = state_of(row, "stateb", codes)?;
        let year = row.int("year")?;
        year_date(year, row)?;
        last_year = last_year.max(year);
        if a == b {
            return Ok(());
        }
        let score = if row.flag("defense")? || row.flag("offense")? {
            DEFENCE
        } else if row.flag("neutral")? {
            NEUTRALITY
        } else if row.flag("nonagg")? {
            NON_AGGRESSION
        } else if row.flag("consul")? {
            CONSULTATION
        } else {
            0.0
        };
        let codes = (row.int("statea")?, row.int("stateb")?);
        put_yearly(&mut yearly, row, (a, b), codes, year, score)
    })?;
    // A dyad-year file lists allied years only: a year missing between two
    // listed ones had no alliance (0); the relation ends after its last
    // year unless that is the data's last.
    let mut ends = BTreeMap::new();
    for (pair, years) in &mut yearly {
        let (Some(&first), Some(&last)) = (years.keys().next(), years.keys().next_back()) else {
            continue;
        };
        for y in first..=last {
            years.entry(y).or_insert(YearScore::filled(0.0));
        }
        if last < last_year {
            ends.insert(pair.clone(), last + 1);
        }
    }
    import.kind("atop", "Alliance (ATOP)");
    let how = YearlyKind {
        kind: "atop",
        format: Format::Atop,
        step_interp: true,
        note: "The strongest ATOP obligation in force that year: defence or offence 0.8, neutrality 0.5, non-aggression 0.4, consultation 0.3, none 0.",
    };
    yearly_relations(import, yearly, &ends, &how, codes);
    Ok(())
}

pub(super) fn unga(
    import: &mut Import,
    file: &str,
    text: &str,
    codes: &Codes,
) -> Result<(), ImportError> {
    let table = Table::new(file, text, &["ccode1", "ccode2", "agree"])?;
    let year_col = if table.has("year") {
        "year"
    } else if table.has("session") {
        "session"
    } else {
        return Err(ImportError::File {
            file: file.to_owned(),
            message: "the header line lacks a year or session column".to_owned(),
        });
    };
    // First the raw agreement of each pair and year, then each year's mean
    // and spread.
    let mut raw: Yearly = Yearly::new();
    table.rows(|row| {
        let a = state_of(row, "ccode1", codes)?;
        let b = state_of(row, "ccode2", codes)?;
        let Some(agree) = row.opt_number("agree")? else {
            return Ok(());
        };
        if !(0.0..=1.0).contains(&agree) {
            return Err(row.error(format!("agree is {agree}, not a share from 0 to 1")));
        }
        let n = row.int(year_col)?;
        // Session 1 met in 1946.
        let year = if year_col == "session" { n + 1945 } else { n };
        year_date(year, row)?;
        if a == b {
            return Ok(());
        }
        let codes = (row.int("ccode1")?, row.int("ccode2")?);
        put_yearly(&mut raw, row, (a, b), codes, year, agree)
    })?;
    let mut stats: HashMap<i64, (f64, f64, f64)> = HashMap::new();
    for years in raw.values() {
        for (y, YearScore { score: x, .. }) in years {
            let s = stats.entry(*y).or_default();
            *s = (s.0 + 1.0, s.1 + x, s.2 + x * x);
        }
    }
    for years in raw.values_mut() {
        for (y, YearScore { score: x, .. }) in years.iter_mut() {
            let (n, sum, sq) = stats[y];
            let mean = sum / n;
            let sd = (sq / n - mean * mean).max(0.0).sqrt();
            let z = if sd > 1e-12 { (*x - mean) / sd } else { 0.0 };
            *x = (libm::tanh(z / VOTES_SCALE) * 1000.0).round() / 1000.0;
        }
    }
    import.kind("votes", "UN votes");
    let how = YearlyKind {
        kind: "votes",
        format: Format::Unga,
        step_interp: false,
        note: "Agreement in UN General Assembly roll-call votes, as a z-score within the year (0 is the year's mean over all pairs) squashed by tanh(z / 2).",
    };
    yearly_relations(import, raw, &BTreeMap::new(), &how, codes);
    Ok(())
}

pub(super) fn mid(
    import: &mut Import,
    file: &str,
    text: &str,
    codes: &Codes,
) -> Result<(), ImportError> {
    let cols = [
        "disno", "statea", "stateb", "strtyr", "strtmnth", "strtday", "endyear", "endmnth",
        "endday", "hihost",
    ];
    // One spell per dispute and pair: the dyadic file has a row per year.
    let mut disputes: BTreeMap<(String, String, i64), (Date, Date, i64)> = BTreeMap::new();
    Table::new(file, text, &cols)?.rows(|row| {
        let a = state_of(row, "statea", codes)?;
        let b = state_of(row, "stateb", codes)?;
        let disno = row.int("disno")?;
        let from = ymd(row, ["strtyr", "strtmnth", "strtday"])?
            .ok_or_else(|| row.error("strtyr is empty".to_owned()))?;
        let end = ymd(row, ["endyear", "endmnth", "endday"])?.unwrap_or(from);
        if end < from {
            return Err(row.error(format!(
                "the dispute ends ({end}) before it starts ({from})"
            )));
        }
        let level = row.int("hihost")?;
        if !(1..=5).contains(&level) {
            return Err(row.error(format!(
                "hihost is {level}, not a hostility level from 1 to 5"
            )));
        }
        if a == b {
            return Ok(());
        }
        let (a, b) = ordered(a, b);
        let spell = disputes
            .entry((a.to_owned(), b.to_owned(), disno))
            .or_insert((from, end, level));
        *spell = (spell.0.min(from), spell.1.max(end), spell.2.max(level));
        Ok(())
    })?;
    let mut spells: BTreeMap<(String, String), Vec<Spell>> = BTreeMap::new();
    for ((a, b, disno), (from, end, level)) in disputes {
        let (what, score) = HOSTILITY[(level - 1) as usize];
        spells.entry((a, b)).or_default().push((
            from,
            Some(day_after(end)),
            score,
            format!("MID {disno}: {what}"),
        ));
    }
    import.kind("conflict", "Conflict");
    import.spell_relations(spells, "conflict", Format::Mid, |new, old| new < old, codes);
    Ok(())
}
