//! `detente export`: a figure at a date or an animation over a span,
//! drawn by the same code as the window's exports.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{
    EXIT_INVALID, EXIT_WRITE, load_or_report, parse_date, parse_scale, parse_size, place,
    place_span, usage,
};
use crate::date::{Date, Time};
use crate::export::{self, Animation, Background, FigureOptions, Step};
use crate::layout::{Pins, TimelineParams, timeline_layout};
use crate::model::Dataset;
use crate::scene::Presence;
use crate::theme::Theme;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[arg(help = super::dataset_help("The dataset file"))]
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
    /// Compare with this date: relations coloured by how they changed
    /// since, those that ended as ghosts, new ones marked (a figure).
    #[arg(long, value_parser = parse_date, requires = "at")]
    pub compare: Option<Date>,
    /// Leave out relations of this kind (its id, as in the data's `kinds`;
    /// repeatable), as the window's filters do.
    #[arg(long = "hide-kind", value_name = "KIND")]
    pub hide_kinds: Vec<String>,
    /// Leave out relations weaker than this (|score|, 0 to 1), as the
    /// window's filter does.
    #[arg(long, default_value_t = 0.0, value_parser = parse_strength)]
    pub min_strength: f32,
}

fn parse_strength(text: &str) -> Result<f32, String> {
    match text.trim().parse::<f32>() {
        Ok(s) if (0.0..=1.0).contains(&s) => Ok(s),
        _ => Err(format!("\"{text}\" is not a strength from 0 to 1")),
    }
}

/// Per kind of `ds`, shown or not; an id the data does not have is an
/// error naming those it has.
fn kinds_shown(ds: &Dataset, hidden: &[String]) -> Result<Vec<bool>, String> {
    if let Some(unknown) = hidden
        .iter()
        .find(|h| !ds.kinds.iter().any(|k| &k.id == *h))
    {
        let known: Vec<&str> = ds.kinds.iter().map(|k| k.id.as_str()).collect();
        return Err(format!(
            "--hide-kind {unknown}: the data has no such kind (it has {})",
            known.join(", ")
        ));
    }
    Ok(ds.kinds.iter().map(|k| !hidden.contains(&k.id)).collect())
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

/// The animation asked for: steps from the date written (`--from 1947`
/// steps from 1 January 1947), each frame inside the data's span, to the
/// last date placed in it.
fn animation_of(args: &ExportArgs, ds: &Dataset, (from, to): (Time, Time)) -> Animation {
    Animation {
        from: args.from.map_or(from, Date::start),
        to,
        step: args.step,
        fps: export::playable_fps(args.fps),
        within: Some((ds.start, ds.end)),
    }
}

fn export_animation(
    args: &ExportArgs,
    anim: &Animation,
    frame: impl Fn(Time) -> String,
) -> Result<usize, export::ExportError> {
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
        anim,
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

/// The figure's date, the animation's span and the date compared with,
/// placed in the data.
type Dates = (Option<Time>, Option<(Time, Time)>, Option<Time>);

fn dates(ds: &Dataset, args: &ExportArgs) -> Result<Dates, String> {
    let at = args.at.map(|d| place(ds, "--at", d)).transpose()?;
    let span = match (args.from, args.to) {
        (Some(from), Some(to)) => Some(place_span(ds, from, to)?),
        _ => None,
    };
    let compare = args
        .compare
        .map(|d| place(ds, "--compare", d))
        .transpose()?;
    Ok((
        at.map(|w| w.time),
        span.map(|(a, b)| (a.time, b.time)),
        compare.map(|w| w.time),
    ))
}

pub fn export(args: &ExportArgs) -> ExitCode {
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
    let (at, span, compare) = match dates(&ds, args) {
        Ok(dates) => dates,
        Err(message) => return usage(&message),
    };
    let kinds_enabled = match kinds_shown(&ds, &args.hide_kinds) {
        Ok(kinds) => kinds,
        Err(message) => return usage(&message),
    };
    let layout = timeline_layout(&ds, &TimelineParams::for_dataset(&ds), &Pins::new());
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
        fit_bounds: None,
        compare,
        kinds_enabled,
        min_strength: args.min_strength,
    };
    let pins = Pins::new();
    let figure = export::Figure {
        ds: &ds,
        layout: &layout,
        presence: &presence,
        pins: &pins,
    };
    let result = match (at, span) {
        (Some(at), _) => export_figure(args, &ext, &figure.svg(&theme, at, &opts)),
        (None, Some(span)) => {
            let anim = animation_of(args, &ds, span);
            export_animation(args, &anim, figure.animation_frames(&theme, &anim, &opts))
        }
        (None, None) => return usage(WHICH_EXPORT),
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
