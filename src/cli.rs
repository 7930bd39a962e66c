//! The command line: `detente [FILE]`, `detente check FILE...` and
//! `detente snapshot FILE --at DATE`. Parsing is declared with clap; the
//! subcommands print to stdout/stderr and return the process exit code.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::date::Date;
use crate::eval::{self, DEFAULT_EVENT_WINDOW_DAYS};
use crate::load;
use crate::model::Dataset;

/// Exit code: the data is invalid (or could not be read).
pub const EXIT_INVALID: u8 = 1;

#[derive(Debug, Parser)]
#[command(
    name = "detente",
    version,
    about = "See how states relate to each other over time",
    long_about = "See how states relate to each other over time.\n\nWith no command, opens the window on FILE (or on the bundled dataset).",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A dataset file (.ron) to open in the window.
    pub file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate dataset files and print every problem as `file:line:col: message`.
    ///
    /// Exits 0 when every file is valid, 1 when any is not.
    Check {
        /// The files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the network at a date as JSON.
    Snapshot {
        /// The dataset file.
        file: PathBuf,
        /// The date: "YYYY", "YYYY-MM" or "YYYY-MM-DD".
        #[arg(long, value_parser = parse_date)]
        at: Date,
        /// Events this many days around the date are listed.
        #[arg(long, default_value_t = DEFAULT_EVENT_WINDOW_DAYS)]
        window_days: f64,
    },
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|e| e.to_string())
}

/// Runs a subcommand and returns the exit code.
pub fn run(command: &Command) -> ExitCode {
    match command {
        Command::Check { files } => check(files),
        Command::Snapshot {
            file,
            at,
            window_days,
        } => snapshot(file, *at, *window_days),
    }
}

fn check(files: &[PathBuf]) -> ExitCode {
    let mut all_ok = true;
    for file in files {
        match load::load_path(file) {
            Ok(ds) => println!(
                "{}: ok ({} states, {} relations, {} groups, {} events)",
                file.display(),
                ds.states.len(),
                ds.relations.len(),
                ds.groups.len(),
                ds.events.len()
            ),
            Err(e) => {
                all_ok = false;
                for line in e.lines() {
                    eprintln!("{line}");
                }
            }
        }
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    }
}

#[derive(Serialize)]
struct JsonSnapshot<'a> {
    date: String,
    title: &'a str,
    states: Vec<JsonState<'a>>,
    pairs: Vec<JsonPair<'a>>,
    groups: Vec<&'a str>,
    events: Vec<JsonEvent<'a>>,
}

#[derive(Serialize)]
struct JsonState<'a> {
    id: &'a str,
    name: &'a str,
    bloc: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonPair<'a> {
    a: &'a str,
    b: &'a str,
    score: f64,
    kinds: BTreeMap<&'a str, f64>,
}

#[derive(Serialize)]
struct JsonEvent<'a> {
    date: String,
    title: &'a str,
}

/// Rounds a score for printing; 4 decimals are plenty for a [-1, 1] value.
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn snapshot_json(ds: &Dataset, at: Date, window_days: f64) -> JsonSnapshot<'_> {
    let snap = eval::snapshot(ds, at.start(), window_days);
    let id = |i: usize| ds.states[i].id.as_str();
    let mut pairs: Vec<JsonPair> = snap
        .pairs
        .iter()
        .map(|p| {
            let (a, b) = if id(p.a) <= id(p.b) {
                (id(p.a), id(p.b))
            } else {
                (id(p.b), id(p.a))
            };
            JsonPair {
                a,
                b,
                score: round4(p.score),
                kinds: snap
                    .kinds_of(p)
                    .iter()
                    .map(|&(k, s)| (ds.kinds[k].id.as_str(), round4(s)))
                    .collect(),
            }
        })
        .collect();
    pairs.sort_by(|x, y| (x.a, x.b).cmp(&(y.a, y.b)));
    let mut states: Vec<JsonState> = snap
        .states
        .iter()
        .map(|s| JsonState {
            id: s.id,
            name: s.name,
            bloc: s.bloc.map(|b| ds.blocs[b].id.as_str()),
        })
        .collect();
    states.sort_by_key(|s| s.id);
    JsonSnapshot {
        date: at.to_string(),
        title: &ds.title,
        states,
        pairs,
        groups: snap
            .groups
            .iter()
            .map(|&g| ds.groups[g].id.as_str())
            .collect(),
        events: snap
            .events
            .iter()
            .map(|&e| JsonEvent {
                date: ds.events[e].date.to_string(),
                title: &ds.events[e].title,
            })
            .collect(),
    }
}

fn snapshot(file: &std::path::Path, at: Date, window_days: f64) -> ExitCode {
    let ds = match load::load_path(file) {
        Ok(ds) => ds,
        Err(e) => {
            for line in e.lines() {
                eprintln!("{line}");
            }
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let json = snapshot_json(&ds, at, window_days.max(0.0));
    let mut out = std::io::stdout().lock();
    let written = serde_json::to_writer_pretty(&mut out, &json)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("detente: cannot write the snapshot: {e}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}
