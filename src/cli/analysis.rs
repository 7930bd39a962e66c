//! `detente shift` and `detente balance`: the analyses of
//! [`crate::analysis`] as tables for people, JSON for programs and CSV for
//! spreadsheets, R and Python.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use super::{
    EXIT_INVALID, EXIT_WRITE, When, load_or_report, parse_date, parse_size, place, place_span,
    print_json, print_text, usage,
};
use crate::analysis::{self, DEFAULT_THRESHOLD, Indices, THRESHOLDS, series_times};
use crate::date::{Date, Time};
use crate::eval::snapshot;
use crate::export::{self, Background, Step};
use crate::model::{Dataset, StateIx};
use crate::theme::Theme;

#[derive(Debug, clap::Args)]
pub struct ShiftArgs {
    #[arg(help = super::dataset_help("The dataset file"))]
    pub file: PathBuf,
    /// The earlier date: "YYYY", "YYYY-MM" or "YYYY-MM-DD".
    #[arg(long, value_parser = parse_date)]
    pub from: Date,
    /// The later date.
    #[arg(long, value_parser = parse_date)]
    pub to: Date,
    /// How many pairs to list.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    /// JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct BalanceArgs {
    #[arg(help = super::dataset_help("The dataset file"))]
    pub file: PathBuf,
    /// One date: the indices, the unbalanced triangles and each state's strain.
    #[arg(long, value_parser = parse_date, conflicts_with_all = ["from", "to"])]
    pub at: Option<Date>,
    /// The first date of a series (the data's start if left out).
    #[arg(long, value_parser = parse_date)]
    pub from: Option<Date>,
    /// The last date of a series (the data's end if left out).
    #[arg(long, value_parser = parse_date)]
    pub to: Option<Date>,
    /// The time between two dates of a series: e.g. 1y, 6m, 1q, 30d.
    #[arg(long, default_value = "1y", value_parser = Step::parse)]
    pub step: Step,
    /// The least |score| that makes a tie (0 to 1).
    #[arg(long, default_value_t = DEFAULT_THRESHOLD, value_parser = parse_threshold)]
    pub threshold: f64,
    /// JSON instead of a table.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// CSV instead of a table (a row per date).
    #[arg(long)]
    pub csv: bool,
    /// Draw the series as a chart instead: .svg or .png (a span, not --at).
    #[arg(long, conflicts_with_all = ["at", "json", "csv"])]
    pub out: Option<PathBuf>,
    /// The chart's size in points, `WIDTHxHEIGHT`.
    #[arg(long, default_value = "1200x500", value_parser = parse_size, requires = "out")]
    pub size: (u32, u32),
    /// The chart's background (and theme).
    #[arg(long, value_enum, default_value_t = Background::Light, requires = "out")]
    pub theme: Background,
}

fn parse_threshold(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(t) if THRESHOLDS.contains(&t) => Ok(t),
        _ => Err(format!("\"{text}\" is not a threshold from 0 to 1")),
    }
}

/// A score to 4 decimals, for printing.
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[derive(Serialize)]
struct JsonShift<'a> {
    from: String,
    to: String,
    unchanged: usize,
    pairs: Vec<JsonPairShift<'a>>,
    states: Vec<JsonStateShift<'a>>,
}

#[derive(Serialize)]
struct JsonPairShift<'a> {
    a: &'a str,
    b: &'a str,
    from: Option<f64>,
    to: Option<f64>,
    delta: f64,
    change: analysis::Change,
}

#[derive(Serialize)]
struct JsonStateShift<'a> {
    id: &'a str,
    delta: f64,
}

/// A state's name at `t` (the name it last had, or will first have, when
/// it is not alive then).
fn name(ds: &Dataset, s: StateIx, t: Time) -> &str {
    ds.states[s].name_at(t)
}

/// A score, or "—" for none.
fn score_text(score: Option<f64>) -> String {
    score.map_or_else(|| "—".to_owned(), |s| format!("{s:+.2}"))
}

/// `detente shift`: the largest changes between two dates.
pub fn shift(args: &ShiftArgs) -> ExitCode {
    let Some(ds) = load_or_report(&args.file) else {
        return ExitCode::from(EXIT_INVALID);
    };
    let placed =
        place(&ds, "--from", args.from).and_then(|f| Ok((f, place(&ds, "--to", args.to)?)));
    let (from, to) = match placed {
        Ok(dates) => dates,
        Err(message) => return usage(&message),
    };
    let s = analysis::shift(&ds, from.time, to.time);
    let id = |i: StateIx| ds.states[i].id.as_str();
    if args.json {
        let json = JsonShift {
            from: from.text,
            to: to.text.clone(),
            unchanged: s.unchanged,
            pairs: s
                .pairs
                .iter()
                .take(args.top)
                .map(|p| JsonPairShift {
                    a: id(p.a),
                    b: id(p.b),
                    from: p.from.map(round4),
                    to: p.to.map(round4),
                    delta: round4(p.delta),
                    change: p.change,
                })
                .collect(),
            states: s
                .states
                .iter()
                .map(|&(st, d)| JsonStateShift {
                    id: id(st),
                    delta: round4(d),
                })
                .collect(),
        };
        return print_json(&json);
    }
    let t = to.time;
    let mut out = format!(
        "{}: {} → {} ({} pairs changed, {} unchanged)\n",
        ds.title,
        from.text,
        to.text,
        s.pairs.len(),
        s.unchanged
    );
    for p in s.pairs.iter().take(args.top) {
        let pair = format!("{} – {}", name(&ds, p.a, t), name(&ds, p.b, t));
        let _ = writeln!(
            out,
            "{pair:<48} {:>6} → {:>6}  {:+.2}  {}",
            score_text(p.from),
            score_text(p.to),
            p.delta,
            p.change.heading().to_lowercase()
        );
    }
    if s.pairs.len() > args.top {
        let _ = writeln!(
            out,
            "… and {} more (--top {} lists them all)",
            s.pairs.len() - args.top,
            s.pairs.len()
        );
    }
    print_text(&out)
}

#[derive(Serialize)]
struct JsonBalance<'a> {
    date: String,
    threshold: f64,
    indices: Indices,
    unbalanced: Vec<JsonTriad<'a>>,
    strain: Vec<JsonStrain<'a>>,
}

#[derive(Serialize)]
struct JsonStrain<'a> {
    id: &'a str,
    /// The weight of the unbalanced triangles the state is in.
    weight: f64,
}

#[derive(Serialize)]
struct JsonTriad<'a> {
    states: [&'a str; 3],
    scores: [f64; 3],
    weight: f64,
}

#[derive(Serialize)]
struct JsonIndicesAt {
    date: String,
    #[serde(flatten)]
    indices: Indices,
}

/// An index as text: "—" when undefined.
fn index_text(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |x| format!("{x:.3}"))
}

/// An index as a CSV field: empty when undefined.
fn index_csv(x: Option<f64>) -> String {
    x.map_or_else(String::new, |x| format!("{}", round4(x)))
}

/// `detente balance`: at a date, or the indices over a span.
pub fn balance(args: &BalanceArgs) -> ExitCode {
    let Some(ds) = load_or_report(&args.file) else {
        return ExitCode::from(EXIT_INVALID);
    };
    if let Some(at) = args.at {
        let at = match place(&ds, "--at", at) {
            Ok(at) => at,
            Err(message) => return usage(&message),
        };
        return if args.csv {
            balance_series(&ds, &[at.time], args)
        } else {
            balance_at(&ds, &at, args)
        };
    }
    // A series covers what of its span overlaps the data (`--from 1947`
    // for data from August 1947 starts on the data's first day).
    let from = args.from.unwrap_or_else(|| ds.start.date());
    let to = args.to.unwrap_or_else(|| ds.end.date());
    let (from, to) = match place_span(&ds, from, to) {
        Ok(span) => span,
        Err(message) => return usage(&message),
    };
    let times = series_times(from.time, to.time, |t| args.step.after(t));
    balance_series(&ds, &times, args)
}

fn balance_at(ds: &Dataset, at: &When, args: &BalanceArgs) -> ExitCode {
    let t = at.time;
    let snap = snapshot(ds, t, 0.0);
    let b = analysis::balance(&snap, args.threshold);
    let id = |i: StateIx| ds.states[i].id.as_str();
    if args.json {
        let json = JsonBalance {
            date: at.text.clone(),
            threshold: args.threshold,
            indices: b.indices.clone(),
            unbalanced: b
                .unbalanced
                .iter()
                .map(|tr| JsonTriad {
                    states: tr.states.map(id),
                    scores: tr.scores.map(round4),
                    weight: round4(tr.weight()),
                })
                .collect(),
            strain: b
                .strain
                .iter()
                .map(|&(s, w)| JsonStrain {
                    id: id(s),
                    weight: round4(w),
                })
                .collect(),
        };
        return print_json(&json);
    }
    let ix = &b.indices;
    let at = &at.text;
    let mut out = format!(
        "{}: balance on {at} (ties: |score| ≥ {})\n\
         {} ties, {} triangles\n\
         balanced triangles: {} (weak: {}, weighted: {})\n\
         walk index: {}\n\
         frustration index: {}\n",
        ds.title,
        args.threshold,
        ix.ties,
        ix.triads,
        index_text(ix.strict),
        index_text(ix.weak),
        index_text(ix.weighted),
        index_text(ix.walk),
        ix.frustration
    );
    if !b.unbalanced.is_empty() {
        out.push_str("unbalanced triangles, heaviest first:\n");
    }
    for tr in &b.unbalanced {
        let [a, b, c] = tr.states.map(|s| name(ds, s, t));
        let [ab, ac, bc] = tr.scores;
        let _ = writeln!(
            out,
            "  {a} – {b} {ab:+.2} · {a} – {c} {ac:+.2} · {b} – {c} {bc:+.2}"
        );
    }
    if !b.strain.is_empty() {
        out.push_str("strain (weight of the unbalanced triangles a state is in):\n");
    }
    for &(s, w) in &b.strain {
        let _ = writeln!(out, "  {:<32} {w:.3}", name(ds, s, t));
    }
    print_text(&out)
}

fn balance_series(ds: &Dataset, times: &[Time], args: &BalanceArgs) -> ExitCode {
    let rows = analysis::balance_series(ds, times, args.threshold, || true);
    if let Some(path) = &args.out {
        return balance_chart(ds, &rows, args, path);
    }
    let date = |t: Time| t.date().to_string();
    if args.json {
        let json: Vec<JsonIndicesAt> = rows
            .into_iter()
            .map(|(t, indices)| JsonIndicesAt {
                date: date(t),
                indices,
            })
            .collect();
        return print_json(&json);
    }
    let mut out = String::new();
    if args.csv {
        out.push_str(
            "date,ties,triads,strict,weak,weighted,walk,frustration,frustration_exact,frustration_lower\n",
        );
        for (t, ix) in &rows {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{}",
                date(*t),
                ix.ties,
                ix.triads,
                index_csv(ix.strict),
                index_csv(ix.weak),
                index_csv(ix.weighted),
                index_csv(ix.walk),
                ix.frustration.value,
                ix.frustration.exact,
                ix.frustration.lower
            );
        }
    } else {
        let _ = writeln!(
            out,
            "{:<12} {:>5} {:>7} {:>7} {:>7} {:>8} {:>7}  frustration",
            "date", "ties", "triads", "strict", "weak", "weighted", "walk"
        );
        for (t, ix) in &rows {
            let _ = writeln!(
                out,
                "{:<12} {:>5} {:>7} {:>7} {:>7} {:>8} {:>7}  {}",
                date(*t),
                ix.ties,
                ix.triads,
                index_text(ix.strict),
                index_text(ix.weak),
                index_text(ix.weighted),
                index_text(ix.walk),
                ix.frustration
            );
        }
    }
    print_text(&out)
}

/// Writes the series as a chart at `path` (.svg or .png), atomically.
fn balance_chart(
    ds: &Dataset,
    rows: &[(Time, Indices)],
    args: &BalanceArgs,
    path: &std::path::Path,
) -> ExitCode {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext != "svg" && ext != "png" {
        return usage(&format!(
            "{}: a chart is written as .svg or .png",
            path.display()
        ));
    }
    let theme = Theme::new(args.theme.theme());
    let look = (&theme, args.theme.is_transparent());
    let svg = export::chart::balance_chart_svg(ds, rows, look, args.size);
    let written = if ext == "svg" {
        export::write_atomic(path, svg.as_bytes())
    } else {
        export::png_bytes(&svg, 1.0).and_then(|png| export::write_atomic(path, &png))
    };
    match written {
        Ok(()) => {
            // As `export` tells what it wrote.
            eprintln!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("detente: {e}");
            ExitCode::from(EXIT_WRITE)
        }
    }
}
