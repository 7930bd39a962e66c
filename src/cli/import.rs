//! `detente import`: converts the datasets researchers download into one
//! detente dataset, checked before it is written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{EXIT_INVALID, EXIT_WRITE, print_out};
use crate::import::{Codes, Format, Import, Input};

/// Examples and what plain CSV holds, under `detente import --help`.
pub const HELP: &str = "\
A states file and any number of relation files make one dataset; states
get ISO alpha-3 ids (USA, PAK, RUS) from their Correlates of War codes.

Examples:
  detente import --states states2016.csv --unga AgreementScores.csv -o votes.ron
  detente import --states states2016.csv --cow-alliances alliance_v4.1_by_dyad.csv --mid dyadic_mid_4.02.csv -o world.ron
  detente import --csv my-scores.csv --title \"My data\" | detente check -

Plain CSV: one row per score, with the columns a, b, date and score (and
optionally kind, note, source) in any order, separated by commas or
semicolons. a and b are state ids as in detente files (ISO alpha-3);
date is YYYY, YYYY-MM or YYYY-MM-DD; score is from -1 (hostile) to 1
(allied); kind defaults to diplomatic.

A yearly score dated before a state existed (by the states file) moves to
the state's first day that year; one from when it did not exist is left
out. See the README, \"Import your data\", for how each format is scored
and what to cite.";

/// Inputs by format; several of each may be given, and all are merged into
/// one dataset (states first).
// The help text names the files users download, as they are named.
#[allow(clippy::doc_markdown)]
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// COW State System Membership (states2016.csv or v2024): each state's
    /// spells of existence; keys outside them are moved or left out.
    #[arg(long, value_name = "CSV")]
    pub states: Vec<PathBuf>,
    /// COW Formal Alliances v4.1, dyad file (alliance_v4.1_by_dyad.csv).
    #[arg(long = "cow-alliances", value_name = "CSV")]
    pub cow_alliances: Vec<PathBuf>,
    /// ATOP 5.1 dyad-year file (atop5_1dy.csv).
    #[arg(long, value_name = "CSV")]
    pub atop: Vec<PathBuf>,
    /// UN General Assembly voting agreement, dyad-year (AgreementScores.csv).
    #[arg(long, value_name = "CSV")]
    pub unga: Vec<PathBuf>,
    /// Militarised interstate disputes, dyadic (dyadic_mid_4.02.csv or later).
    #[arg(long, value_name = "CSV")]
    pub mid: Vec<PathBuf>,
    /// Plain CSV with the columns a, b, date, score and optionally kind,
    /// note, source (headers in any case and order).
    #[arg(long, value_name = "CSV")]
    pub csv: Vec<PathBuf>,
    /// The dataset's title.
    #[arg(long, default_value = "Imported data")]
    pub title: String,
    /// Where to write the dataset (written atomically); the standard
    /// output if left out or "-".
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

impl ImportArgs {
    fn inputs(&self) -> Vec<(Format, &Path)> {
        [
            (Format::CowStates, &self.states),
            (Format::CowAlliances, &self.cow_alliances),
            (Format::Atop, &self.atop),
            (Format::Unga, &self.unga),
            (Format::Mid, &self.mid),
            (Format::Csv, &self.csv),
        ]
        .into_iter()
        .flat_map(|(format, files)| files.iter().map(move |f| (format, f.as_path())))
        .collect()
    }
}

pub fn import(args: &ImportArgs) -> ExitCode {
    let inputs = args.inputs();
    if inputs.is_empty() {
        return super::usage("give at least one file to import (see detente import --help)");
    }
    if args.title.trim().is_empty() {
        return super::usage("the title is empty: give the dataset a name with --title");
    }
    // "-" is the standard output; anything else must not be an input.
    let out = args.out.as_ref().filter(|p| p.as_os_str() != "-");
    if let Some(out) = out {
        let same = |p: &Path| {
            p == out.as_path()
                || p.canonicalize()
                    .ok()
                    .is_some_and(|c| out.canonicalize().ok() == Some(c))
        };
        if let Some((_, input)) = inputs.iter().find(|(_, p)| same(p)) {
            return super::usage(&format!(
                "{} is an input; write the dataset to another file",
                input.display()
            ));
        }
    }
    let codes = Codes::bundled();
    let mut import = Import::new();
    for (format, path) in inputs {
        let text = match std::fs::read(path).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                eprintln!(
                    "{}: the file is not UTF-8 text (save it from the spreadsheet as CSV UTF-8)",
                    path.display()
                );
                return ExitCode::from(EXIT_INVALID);
            }
            Err(e) => {
                eprintln!("{}: cannot read the file: {e}", path.display());
                return ExitCode::from(EXIT_INVALID);
            }
        };
        let input = Input {
            format,
            // Messages name the file as the user gave it; the header
            // names files, not this machine's folders.
            path: path.display().to_string(),
            name: path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
        };
        if let Err(e) = import.add(input, &text, &codes) {
            eprintln!("{e}");
            return ExitCode::from(EXIT_INVALID);
        }
    }
    let ron = import.to_ron(&args.title);
    for note in import.notes(&codes) {
        eprintln!("detente import: {note}");
    }
    // What is written must load: a bug here is caught before a user sees it.
    if let Err(e) = crate::load::load_str("imported", &ron) {
        super::report(&e);
        eprintln!("detente import: the result is not valid; please report this as a bug");
        return ExitCode::from(EXIT_INVALID);
    }
    match out {
        Some(path) => match crate::export::write_atomic(path, ron.as_bytes()) {
            Ok(()) => {
                eprintln!(
                    "detente import: wrote {} ({} states, {} relations)",
                    path.display(),
                    import.state_count(),
                    import.relation_count()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("detente: {e}");
                ExitCode::from(EXIT_WRITE)
            }
        },
        None => match print_out(&ron) {
            Ok(_) => ExitCode::SUCCESS,
            Err(code) => code,
        },
    }
}
