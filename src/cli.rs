//! The command line: `detente [FILE]`, `detente check FILE...`,
//! `detente snapshot FILE --at DATE` and `detente export …`. Parsing is
//! declared with clap; every argument is checked before any data is loaded
//! or laid out; the subcommands print to stdout/stderr and return the
//! process exit code: 0 success, 1 invalid data (or a file that cannot be
//! read), 2 a wrong command line (including a date outside the data's
//! span), 3 output that cannot be written. A closed pipe (`… | head`) ends
//! quietly.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::date::Date;
use crate::eval::{self, DEFAULT_EVENT_WINDOW_DAYS};
use crate::export::{self, Animation, Background, FigureOptions, Step};
use crate::layout::{Pins, TimelineParams, timeline_layout};
use crate::load;
use crate::model::Dataset;
use crate::scene::Presence;
use crate::theme::Theme;

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
        #[arg(long, default_value_t = DEFAULT_EVENT_WINDOW_DAYS, value_parser = parse_days)]
        window_days: f64,
    },
    /// Export a figure (PNG or SVG) at a date, or an animation (GIF and/or
    /// PNG frames) over a span. No window is needed.
    ///
    /// Exits 0 on success, 1 on invalid data, 2 on usage errors, 3 when the
    /// file cannot be written.
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The dataset file.
    pub file: PathBuf,
    /// The date of a figure: "YYYY", "YYYY-MM" or "YYYY-MM-DD".
    #[arg(long, value_parser = parse_date, conflicts_with_all = ["from", "to"])]
    pub at: Option<Date>,
    /// The first date of an animation.
    #[arg(long, value_parser = parse_date, requires = "to")]
    pub from: Option<Date>,
    /// The last date of an animation.
    #[arg(long, value_parser = parse_date, requires = "from")]
    pub to: Option<Date>,
    /// Time between frames: e.g. 1y, 6m, 1q, 30d.
    #[arg(long, default_value = "1y", value_parser = Step::parse)]
    pub step: Step,
    /// Where to write: .png or .svg for a figure, .gif for an animation.
    #[arg(long)]
    pub out: PathBuf,
    /// Size in points, `WIDTHxHEIGHT` (default 1600x900, 960x540 for animations).
    #[arg(long, value_parser = parse_size)]
    pub size: Option<(u32, u32)>,
    /// Pixels per point for PNG figures: 1, 2, 4 … (above 0, at most 16).
    #[arg(long, default_value_t = 1.0, value_parser = parse_scale)]
    pub scale: f32,
    /// The figure's background (and theme).
    #[arg(long, value_enum, default_value_t = Background::Light)]
    pub theme: Background,
    /// Leave out the legend.
    #[arg(long)]
    pub no_legend: bool,
    /// Leave out the title.
    #[arg(long)]
    pub no_title: bool,
    /// Leave out the date stamp.
    #[arg(long)]
    pub no_date: bool,
    /// Leave out the states' names.
    #[arg(long)]
    pub no_labels: bool,
    /// Frames per second of an animation (1 to 50).
    #[arg(long, default_value_t = export::DEFAULT_FPS,
          value_parser = clap::value_parser!(u32).range(i64::from(*export::FPS.start())..=i64::from(*export::FPS.end())))]
    pub fps: u32,
    /// Also write each frame of an animation as a numbered PNG in this folder.
    #[arg(long)]
    pub frames: Option<PathBuf>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let bad = || format!("\"{text}\" is not a size (write WIDTHxHEIGHT, e.g. 1920x1080)");
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, h): (u32, u32) = (
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    );
    if !export::SIDES.contains(&w) || !export::SIDES.contains(&h) {
        return Err(format!(
            "{w}x{h}: width and height must be between {} and {}",
            export::SIDES.start(),
            export::SIDES.end()
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

/// An error unless every date lies within the data's span.
fn check_span(ds: &Dataset, dates: &[(&str, Date)]) -> Result<(), String> {
    let (lo, hi) = (ds.start, ds.end);
    for (flag, date) in dates {
        let t = date.start();
        if t < lo || t > hi {
            return Err(format!(
                "{flag} {date} is outside the data's span ({} to {}): nothing would be shown",
                lo.date(),
                hi.date()
            ));
        }
    }
    Ok(())
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

/// Runs a subcommand and returns the exit code.
pub fn run(command: &Command) -> ExitCode {
    match command {
        Command::Check { files } => check(files),
        Command::Snapshot {
            file,
            at,
            window_days,
        } => snapshot(file, *at, *window_days),
        Command::Export(args) => export(args),
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

fn export_figure(
    args: &ExportArgs,
    ext: &str,
    svg_text: &str,
) -> Result<usize, export::ExportError> {
    let bytes = if ext == "svg" {
        svg_text.as_bytes().to_vec()
    } else {
        export::png_bytes(svg_text, args.scale)?
    };
    export::write_atomic(&args.out, &bytes).map(|()| 1)
}

fn export_animation(
    args: &ExportArgs,
    from: Date,
    to: Date,
    frame: impl Fn(crate::date::Time) -> String,
) -> Result<usize, export::ExportError> {
    let anim = Animation {
        from: from.start(),
        to: to.start(),
        step: args.step,
        fps: args.fps.clamp(*export::FPS.start(), *export::FPS.end()),
    };
    let bar = if args.quiet {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(anim.times().len() as u64)
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} frames")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message("rendering");
    let written = export::write_animation(
        &anim,
        frame,
        Some(&args.out),
        args.frames.as_deref(),
        |done, _| {
            bar.set_position(done as u64);
            true
        },
    );
    bar.finish_and_clear();
    written
}

const WHICH_EXPORT: &str = "give --at DATE for a figure, or --from DATE --to DATE for an animation";

/// Checks an export's arguments before anything is loaded: whether it is
/// an animation and the output's extension, or what is wrong.
fn export_kind(args: &ExportArgs) -> Result<(bool, String), String> {
    let ext = args
        .out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let animation = match (args.at, args.from, args.to) {
        (Some(_), _, _) => false,
        (None, Some(_), Some(_)) => true,
        _ => return Err(WHICH_EXPORT.to_owned()),
    };
    match (animation, ext.as_str()) {
        (false, "png" | "svg") | (true, "gif") => {}
        (false, _) => {
            return Err(format!(
                "{}: a figure is written as .png or .svg",
                args.out.display()
            ));
        }
        (true, _) => {
            return Err(format!(
                "{}: an animation is written as .gif",
                args.out.display()
            ));
        }
    }
    if let (Some(from), Some(to)) = (args.from, args.to)
        && to.start() < from.start()
    {
        return Err("--to must not be before --from".to_owned());
    }
    if let Some(dir) = &args.frames
        && dir.exists()
        && !dir.is_dir()
    {
        return Err(format!("--frames {}: not a folder", dir.display()));
    }
    Ok((animation, ext))
}

fn export(args: &ExportArgs) -> ExitCode {
    let (animation, ext) = match export_kind(args) {
        Ok(kind) => kind,
        Err(message) => return usage(&message),
    };
    // A folder that is not there fails now, not after the layout.
    if args
        .out
        .parent()
        .is_some_and(|f| !f.as_os_str().is_empty() && !f.is_dir())
    {
        let e = export::ExportError::NoFolder {
            path: args.out.display().to_string(),
        };
        eprintln!("detente: {e}");
        return ExitCode::from(EXIT_WRITE);
    }
    let Some(ds) = load_or_report(&args.file) else {
        return ExitCode::from(EXIT_INVALID);
    };
    let dates: Vec<(&str, Date)> = [("--at", args.at), ("--from", args.from), ("--to", args.to)]
        .into_iter()
        .filter_map(|(flag, d)| Some((flag, d?)))
        .collect();
    if let Err(message) = check_span(&ds, &dates) {
        return usage(&message);
    }
    let layout = timeline_layout(
        &ds,
        &TimelineParams::for_states(ds.states.len()),
        &Pins::new(),
    );
    let presence = Presence::new(&ds);
    let theme = Theme::new(args.theme.theme());
    let default_size = if animation {
        export::ANIMATION_SIZE
    } else {
        export::FIGURE_SIZE
    };
    let (width, height) = args.size.unwrap_or(default_size);
    let opts = FigureOptions {
        width,
        height,
        transparent: args.theme.is_transparent(),
        title: !args.no_title,
        legend: !args.no_legend,
        date: !args.no_date,
        labels: !args.no_labels,
        fit_bounds: animation.then(|| layout.bounds()).flatten(),
    };
    let pins = Pins::new();
    let figure = export::Figure {
        ds: &ds,
        layout: &layout,
        presence: &presence,
        pins: &pins,
    };
    let frame = |t| figure.svg(&theme, t, &opts);
    let result = match (animation, args.at, args.from, args.to) {
        (false, Some(at), _, _) => export_figure(args, &ext, &frame(at.start())),
        (true, _, Some(from), Some(to)) => export_animation(args, from, to, frame),
        _ => return usage(WHICH_EXPORT),
    };
    match result {
        Ok(frames) => {
            if !args.quiet {
                let what = if animation {
                    format!("{frames} frames")
                } else {
                    "figure".to_owned()
                };
                eprintln!("wrote {} ({what})", args.out.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("detente: {e}");
            ExitCode::from(EXIT_WRITE)
        }
    }
}

/// Prints a load error's lines to stderr.
fn report(e: &load::LoadError) {
    for line in e.lines() {
        eprintln!("{line}");
    }
}

/// Loads a dataset, or prints why it cannot be loaded.
fn load_or_report(path: &std::path::Path) -> Option<Dataset> {
    load::load_path(path).map_err(|e| report(&e)).ok()
}

fn check(files: &[PathBuf]) -> ExitCode {
    let mut all_ok = true;
    // After a closed pipe, the files are still checked (the exit code
    // says whether all are valid), quietly.
    let mut listening = true;
    for file in files {
        match load::load_path(file) {
            Ok(_) if !listening => {}
            Ok(ds) => {
                let line = format!(
                    "{}: ok ({} states, {} relations, {} groups, {} events)\n",
                    file.display(),
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
    let Some(ds) = load_or_report(file) else {
        return ExitCode::from(EXIT_INVALID);
    };
    if let Err(message) = check_span(&ds, &[("--at", at)]) {
        return usage(&message);
    }
    let json = snapshot_json(&ds, at, window_days);
    let text = match serde_json::to_string_pretty(&json) {
        Ok(text) => text + "\n",
        Err(e) => {
            eprintln!("detente: cannot write the snapshot: {e}");
            return ExitCode::from(EXIT_WRITE);
        }
    };
    match print_out(&text) {
        Ok(_) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}
