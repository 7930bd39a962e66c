//! The command line: `detente [FILE]`, `detente check FILE...`,
//! `detente snapshot FILE --at DATE` and `detente export …`. Parsing is
//! declared with clap; every argument is checked before any data is loaded
//! or laid out; the subcommands print to stdout/stderr and return the
//! process exit code: 0 success, 1 invalid data (or a file that cannot be
//! read), 2 a wrong command line (including a date outside the data's
//! span), 3 output that cannot be written. A closed pipe (`… | head`) ends
//! quietly.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod analysis;
mod export;
mod import;
mod snapshot;

pub use analysis::{BalanceArgs, ShiftArgs};
pub use export::ExportArgs;
pub use import::ImportArgs;

use crate::date::{Date, Time};
use crate::eval::DEFAULT_EVENT_WINDOW_DAYS;
use crate::export::SIDES;
use crate::load;
use crate::model::{Dataset, Placed};

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
    // A dataset file, or a bundled dataset by name.
    #[arg(help = dataset_help("A dataset file (.ron) to open in the window"))]
    pub file: Option<PathBuf>,
    /// How the window is drawn: wgpu (Vulkan, Metal, DirectX), OpenGL
    /// (glow), or auto: wgpu, and OpenGL when wgpu cannot start. Without
    /// it, the environment variable `DETENTE_RENDERER` decides.
    #[arg(long, value_enum)]
    pub renderer: Option<Renderer>,
}

impl Cli {
    /// The renderer asked for: `--renderer`, else `DETENTE_RENDERER` (read
    /// only when the window opens, so that a bad value never stops a
    /// subcommand; it is reported and ignored), else automatic.
    pub fn renderer(&self) -> Renderer {
        if let Some(r) = self.renderer {
            return r;
        }
        let Ok(value) = std::env::var("DETENTE_RENDERER") else {
            return Renderer::Auto;
        };
        if let Ok(r) = <Renderer as clap::ValueEnum>::from_str(value.trim(), true) {
            return r;
        }
        eprintln!(
            "detente: DETENTE_RENDERER={value} is not auto, wgpu or glow; choosing automatically"
        );
        Renderer::Auto
    }
}

/// The window's renderer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Renderer {
    Auto,
    Wgpu,
    Glow,
}

impl std::fmt::Display for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Renderer::Auto => "automatic",
            Renderer::Wgpu => "wgpu",
            Renderer::Glow => "OpenGL (glow)",
        })
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate dataset files and print every problem as `file:line:col: message`.
    ///
    /// Exits 0 when every file is valid, 1 when any is not.
    Check {
        // The files to check, or bundled datasets by name.
        #[arg(required = true, help = format!(
            "The files to check, or bundled datasets by name ({}); \"-\" reads the standard input",
            bundled_names()
        ))]
        files: Vec<PathBuf>,
    },
    /// Print the network at a date as JSON.
    Snapshot {
        #[arg(help = dataset_help("The dataset file"))]
        file: PathBuf,
        /// The date: "YYYY", "YYYY-MM" or "YYYY-MM-DD".
        #[arg(long, value_parser = parse_date)]
        at: Date,
        /// Events this many days around the date are listed.
        #[arg(long, default_value_t = DEFAULT_EVENT_WINDOW_DAYS, value_parser = parse_days)]
        window_days: f64,
    },
    /// Export a figure (PNG or SVG) at a date, or an animation (GIF and/or
    /// PNG frames) over a span. No window is needed.
    ///
    /// Exits 0 on success, 1 on invalid data, 2 on usage errors, 3 when the
    /// file cannot be written.
    Export(ExportArgs),
    /// What changed between two dates: the pairs whose relation changed
    /// most (sign flips first), as a table or JSON.
    Shift(ShiftArgs),
    /// Structural balance: at a date (the indices, the unbalanced
    /// triangles, each state's strain) or over a span (the indices at each
    /// step), as a table, JSON or CSV.
    Balance(BalanceArgs),
    /// Convert downloaded datasets (COW states, alliances and disputes,
    /// ATOP, UN voting agreement, plain CSV) into one detente dataset,
    /// checked before it is written.
    ///
    /// Exits 0 on success, 1 when an input cannot be read (with the file, the row
    /// and why), 2 on usage errors, 3 when the output cannot be written.
    #[command(after_help = import::HELP)]
    Import(ImportArgs),
}

fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let bad = || format!("\"{text}\" is not a size (write WIDTHxHEIGHT, e.g. 1920x1080)");
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, h): (u32, u32) = (
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    );
    if !SIDES.contains(&w) || !SIDES.contains(&h) {
        return Err(format!(
            "{w}x{h}: width and height must be between {} and {}",
            SIDES.start(),
            SIDES.end()
        ));
    }
    Ok((w, h))
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|e| e.to_string())
}

fn parse_days(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(d) if d.is_finite() && (0.0..=36_525.0).contains(&d) => Ok(d),
        _ => Err(format!(
            "\"{text}\" is not a number of days from 0 to 36525"
        )),
    }
}

fn parse_scale(text: &str) -> Result<f32, String> {
    match text.trim().parse::<f32>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 16.0 => Ok(s),
        _ => Err(format!(
            "\"{text}\" is not a scale above 0 and at most 16 (e.g. 1, 2, 4)"
        )),
    }
}

/// A date from the command line, placed in the data.
#[derive(Clone, Debug, PartialEq)]
struct When {
    time: Time,
    /// The date as written, or the exact day used when it was moved into
    /// the data's span.
    text: String,
}

/// The time a date given as `flag` stands for in the data
/// ([`Dataset::place`], which every command goes through): a year or a
/// month that overlaps the data's span is inside it, moved to the span's
/// first day if it starts before it (stderr says so); a period wholly
/// outside is an error.
fn place(ds: &Dataset, flag: &str, date: Date) -> Result<When, String> {
    let placed = ds.place(date).ok_or_else(|| outside(ds, flag, date))?;
    Ok(told(ds, flag, date, placed))
}

/// The times a span given as `--from`/`--to` stands for
/// ([`Dataset::place_span`]): each end moved into the data's span if it
/// lies outside (stderr says so); an error if the span misses the data.
fn place_span(ds: &Dataset, from: Date, to: Date) -> Result<(When, When), String> {
    if to.start() < from.start() {
        return Err(format!("--to {to} is before --from {from}"));
    }
    let (a, b) = ds.place_span(from, to).ok_or_else(|| {
        format!(
            "--from {from} --to {to} covers none of the data's span ({} to {}): nothing would be shown",
            ds.start.date(),
            ds.end.date()
        )
    })?;
    Ok((told(ds, "--from", from, a), told(ds, "--to", to, b)))
}

fn outside(ds: &Dataset, flag: &str, date: Date) -> String {
    format!(
        "{flag} {date} is outside the data's span ({} to {}): nothing would be shown",
        ds.start.date(),
        ds.end.date()
    )
}

/// `placed` as a [`When`]; a date moved into the span is told on stderr.
fn told(ds: &Dataset, flag: &str, date: Date, placed: Placed) -> When {
    if !placed.moved {
        return When {
            time: placed.time,
            text: date.to_string(),
        };
    }
    let day = placed.time.date();
    if placed.time <= ds.start {
        eprintln!("detente: {flag} {date} starts before the data; using its first day, {day}");
    } else {
        eprintln!("detente: {flag} {date} is after the data; using its last day, {day}");
    }
    When {
        time: placed.time,
        text: day.to_string(),
    }
}

/// Prints `text` to stdout: a closed pipe ends quietly (`Ok(false)`), any
/// other failure is reported and exits 3.
fn print_out(text: &str) -> Result<bool, ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => {
            eprintln!("detente: cannot write to the standard output: {e}");
            Err(ExitCode::from(EXIT_WRITE))
        }
    }
}

/// Prints `value` as pretty JSON to stdout.
fn print_json(value: &impl serde::Serialize) -> ExitCode {
    let text = match serde_json::to_string_pretty(value) {
        Ok(json) => json + "\n",
        Err(e) => {
            eprintln!("detente: cannot write the result: {e}");
            return ExitCode::from(EXIT_WRITE);
        }
    };
    print_text(&text)
}

/// Prints a whole text (a table, CSV, JSON) to stdout.
fn print_text(text: &str) -> ExitCode {
    match print_out(text) {
        Ok(_) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// Runs a subcommand and returns the exit code.
pub fn run(command: &Command) -> ExitCode {
    match command {
        Command::Check { files } => check(files),
        Command::Snapshot {
            file,
            at,
            window_days,
        } => snapshot::snapshot(file, *at, *window_days),
        Command::Export(args) => export::export(args),
        Command::Shift(args) => analysis::shift(args),
        Command::Balance(args) => analysis::balance(args),
        Command::Import(args) => import::import(args),
    }
}

/// Exit code: the output could not be written.
pub const EXIT_WRITE: u8 = 3;
/// Exit code: the command line is wrong.
pub const EXIT_USAGE: u8 = 2;

fn usage(message: &str) -> ExitCode {
    eprintln!("detente: error: {message}");
    ExitCode::from(EXIT_USAGE)
}

/// Prints a load error's lines to stderr.
fn report(e: &load::LoadError) {
    for line in e.lines() {
        eprintln!("{line}");
    }
}

/// Loads a dataset, or prints why it cannot be loaded.
fn load_or_report(path: &std::path::Path) -> Option<Dataset> {
    load_named(path).map_err(|e| report(&e)).ok()
}

/// The bundled datasets' names, as a help text lists them (from
/// [`crate::EXAMPLES`], so that a new one is listed everywhere).
fn bundled_names() -> String {
    let names: Vec<&str> = crate::EXAMPLES.iter().map(|e| e.name).collect();
    names.join(", ")
}

/// The help of a dataset argument: `what`, or a bundled dataset by name.
pub(crate) fn dataset_help(what: &str) -> String {
    format!("{what}, or a bundled dataset by name ({})", bundled_names())
}

/// Loads a dataset file, or a bundled dataset by name ([`crate::EXAMPLES`])
/// when no file has that name; "-" is the standard input.
fn load_named(path: &std::path::Path) -> Result<Dataset, load::LoadError> {
    if path.as_os_str() == "-" {
        return load::load_reader("<stdin>", std::io::stdin().lock());
    }
    match path.to_str().and_then(crate::example) {
        Some(example) if !path.exists() => load::load_str(example.name, example.text),
        _ => load::load_path(path),
    }
}

fn check(files: &[PathBuf]) -> ExitCode {
    let mut all_ok = true;
    // After a closed pipe, the files are still checked (the exit code
    // says whether all are valid), quietly.
    let mut listening = true;
    for file in files {
        // "-" is the standard input (e.g. `detente import … | detente check -`).
        match load_named(file) {
            Ok(_) if !listening => {}
            Ok(ds) => {
                let shown = if file.as_os_str() == "-" {
                    "<stdin>".to_owned()
                } else {
                    file.display().to_string()
                };
                let line = format!(
                    "{shown}: ok ({} states, {} relations, {} groups, {} events)\n",
                    ds.states.len(),
                    ds.relations.len(),
                    ds.groups.len(),
                    ds.events.len()
                );
                match print_out(&line) {
                    Ok(open) => listening = open,
                    Err(code) => return code,
                }
            }
            Err(e) => {
                all_ok = false;
                report(&e);
            }
        }
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    }
}
