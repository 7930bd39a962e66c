//! Measures how faithful and how calm the timeline layout of a dataset is.
//!
//! ```sh
//! cargo run --release --example layout_quality -- FILE [--step 3m] [--seeds 3] [--split 1991]
//! cargo run --release --example layout_quality -- --world 200      # the synthetic 200-state world
//! cargo run --release --example layout_quality -- world-blocs --from 1950-06 --to 2025-06 --step 1y --size 1600x900
//! ```
//!
//! Prints one JSON line per sample date, then a summary line. At each date:
//! `faith`, the Spearman correlation between related pairs' distances and
//! minus their scores in the timeline layout; `alone`, the same for a layout
//! of that date alone (same engine, no history, best of `--seeds` starts);
//! `ratio`, their quotient (the figure that matters). Between consecutive
//! dates: how far states move per month, relative to the layout's extent,
//! in the timeline and in the independent layouts (each aligned to the one
//! before by rotation and reflection, so only real change counts). The
//! summary adds the cost of the whole-span layout and of its first picture.
//!
//! Readability, of the figure `detente export FILE --at DATE --size WxH`
//! draws at each date (see `detente::export::measure`): `drawn` states,
//! the share `named`, `overlaps` (pairs of discs), `cut` (names reaching
//! out of the frame), `empty` (the share of the frame with no disc or name),
//! `radius_min`, and `hostile_friendly` (the median distance of hostile
//! pairs over that of friendly ones), and `enemies_nearest` (the nearest pair
//! enemies, score ≤ −0.6, over the median friendly pair). The summary gives
//! the worst and the median, `hostile_friendly` per decade, and the least
//! `enemies_nearest` with its date.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Parser;
use detente::date::{DAYS_PER_YEAR, Time};
use detente::eval::snapshot;
use detente::export::measure::{Readability, readability};
use detente::export::{Figure, FigureOptions, Step};
use detente::layout::quality::{align_to, distance, extent, faithfulness};
use detente::layout::{Pins, TimelineBuilder, TimelineParams, best_layout_alone};
use detente::model::Dataset;
use detente::scene::Presence;
use detente::theme::{Theme, ThemeKind};
use serde_json::json;
use std::collections::BTreeMap;

#[derive(Parser)]
struct Args {
    /// The dataset (RON).
    #[arg(required_unless_present = "world")]
    file: Option<PathBuf>,
    /// Instead of a file, the synthetic world of this many states.
    #[arg(long, conflicts_with = "file")]
    world: Option<usize>,
    /// Time between measured dates: e.g. 3m, 1y.
    #[arg(long, default_value = "3m", value_parser = Step::parse)]
    step: Step,
    /// Starts tried for each independent layout (the best counts).
    #[arg(long, default_value_t = 3)]
    seeds: u64,
    /// The year that splits the summary into before and after.
    #[arg(long, default_value_t = 1991)]
    split: i32,
    /// Override a parameter, e.g. `--set link=0.05` (repeatable); the
    /// names are those of `TimelineParams` and its `sim` (`ticks` for
    /// `ticks_per_sample`, `alpha` for `sample_alpha`).
    #[arg(long = "set", value_parser = parse_setting)]
    settings: Vec<(String, f64)>,
    /// Print only the summary line.
    #[arg(long, short)]
    quiet: bool,
    /// The figure whose readability is measured, `WIDTHxHEIGHT`.
    #[arg(long, default_value = "1600x900", value_parser = parse_size)]
    size: (u32, u32),
    /// The first date measured (default: the data's start).
    #[arg(long)]
    from: Option<String>,
    /// The last date measured (default: the data's end).
    #[arg(long)]
    to: Option<String>,
}

fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text
        .split_once('x')
        .ok_or_else(|| format!("\"{text}\" is not WIDTHxHEIGHT"))?;
    Ok((
        w.parse().map_err(|_| format!("bad width in \"{text}\""))?,
        h.parse().map_err(|_| format!("bad height in \"{text}\""))?,
    ))
}

fn parse_setting(text: &str) -> Result<(String, f64), String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("\"{text}\" is not NAME=VALUE"))?;
    let value: f64 = value
        .parse()
        .map_err(|_| format!("\"{value}\" is not a number"))?;
    Ok((key.to_owned(), value))
}

/// The dataset's parameters with the `--set` overrides applied.
fn params_for(ds: &Dataset, settings: &[(String, f64)]) -> anyhow::Result<TimelineParams> {
    let mut p = TimelineParams::for_dataset(ds);
    for (key, value) in settings {
        let v = *value as f32;
        match key.as_str() {
            "link" => p.link = v,
            "ticks" => p.ticks_per_sample = *value as usize,
            "first_ticks" => p.first_ticks = *value as usize,
            "alpha" => p.sample_alpha = v,
            "sweeps" => p.sweeps = *value as usize,
            "sweep_ticks" => p.sweep_ticks = *value as usize,
            "repulsion" => p.sim.repulsion = v,
            "attraction" => p.sim.attraction = v,
            "hostility" => p.sim.hostility = v,
            "hostile_range" => p.sim.hostile_range = v,
            "gravity" => p.sim.gravity = v,
            "upright" => p.sim.upright = v,
            "spring" => p.sim.spring = v,
            "spring_length" => p.sim.spring_length = v,
            "check_every" => p.check_every = *value as usize,
            "restart_below" => p.restart_below = v,
            "restart_seeds" => p.restart_seeds = *value as u64,
            "step_days" => p.step_days = *value,
            "threads" => p.sim.threads = *value as usize,
            _ => bail!("unknown parameter \"{key}\""),
        }
    }
    Ok(p)
}

fn load(args: &Args) -> anyhow::Result<Dataset> {
    if let Some(n) = args.world {
        let text = detente::synth::world_ron(n, 30, 7);
        return Ok(detente::load::load_str("world", &text)?);
    }
    let Some(path) = &args.file else {
        bail!("give a FILE or --world N");
    };
    if let Some(example) = path.to_str().and_then(detente::example)
        && !path.exists()
    {
        return Ok(detente::load::load_str(example.name, example.text)?);
    }
    detente::load::load_path(path).with_context(|| format!("cannot load {}", path.display()))
}

/// The value at quantile `q` of `xs` (nearest rank); 0 when empty.
fn quantile(xs: &[f64], q: f64) -> f64 {
    let mut xs: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    if xs.is_empty() {
        return 0.0;
    }
    xs.sort_by(f64::total_cmp);
    xs[((xs.len() - 1) as f64 * q).round() as usize]
}

fn min_of(xs: &[f64]) -> f64 {
    xs.iter().copied().fold(f64::INFINITY, f64::min)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Displacement per month of every state alive at both dates, relative to
/// the extent at the first.
fn movements(p0: &[[f32; 2]], p1: &[[f32; 2]], alive: &[bool], months: f64, out: &mut Vec<f64>) {
    let size = f64::from(extent(p0, alive));
    if size <= 0.0 || months <= 0.0 {
        return;
    }
    for i in (0..alive.len()).filter(|&i| alive[i]) {
        out.push(f64::from(distance(p0[i], p1[i])) / size / months);
    }
}

/// What the previous measured date left for the movement figures.
struct Measured {
    t: Time,
    pos: Vec<[f32; 2]>,
    alone: Vec<[f32; 2]>,
    alive: Vec<bool>,
}

#[derive(Default)]
struct Series {
    ratio: Vec<f64>,
    faith: Vec<f64>,
    alone: Vec<f64>,
}

/// The readability of every figure measured, and by decade.
struct Readable {
    named: Vec<f64>,
    related_named: Vec<f64>,
    overlaps: usize,
    cut: usize,
    empty: Vec<f64>,
    radius_min: f64,
    hostile_friendly: BTreeMap<i32, Vec<f64>>,
    /// The nearest enemies over the median friendly pair, least first,
    /// with its date.
    enemies_nearest: Option<(f64, String)>,
}

impl Default for Readable {
    fn default() -> Readable {
        Readable {
            named: Vec::new(),
            related_named: Vec::new(),
            overlaps: 0,
            cut: 0,
            empty: Vec::new(),
            radius_min: f64::INFINITY,
            hostile_friendly: BTreeMap::new(),
            enemies_nearest: None,
        }
    }
}

impl Readable {
    fn add(&mut self, t: Time, r: &Readability) {
        let year = t.ymd().0;
        self.named.push(r.named_share());
        self.related_named.push(r.related_named_share());
        self.overlaps += r.disc_overlaps;
        self.cut += r.labels_cut;
        self.empty.push(r.empty_share);
        self.radius_min = self.radius_min.min(f64::from(r.smallest_radius));
        if let Some(hf) = r.hostile_over_friendly {
            let decade = year.div_euclid(10) * 10;
            self.hostile_friendly.entry(decade).or_default().push(hf);
        }
        if let Some(w) = r.nearest_enemies_over_friendly
            && self
                .enemies_nearest
                .as_ref()
                .is_none_or(|(least, _)| w < *least)
        {
            self.enemies_nearest = Some((w, t.month().to_string()));
        }
    }

    fn summary(&self) -> serde_json::Value {
        let decades: BTreeMap<String, f64> = self
            .hostile_friendly
            .iter()
            .map(|(d, xs)| (format!("{d}s"), round3(quantile(xs, 0.5))))
            .collect();
        json!({
            "named_min": round3(min_of(&self.named)),
            "named_median": round3(quantile(&self.named, 0.5)),
            "related_named_min": round3(min_of(&self.related_named)),
            "overlaps": self.overlaps,
            "cut": self.cut,
            "empty_median": round3(quantile(&self.empty, 0.5)),
            "radius_min": round3(self.radius_min),
            "hostile_friendly_by_decade": decades,
            "hostile_friendly_min_decade": round3(decades.values().copied().fold(f64::INFINITY, f64::min)),
            "enemies_nearest_over_friendly": self.enemies_nearest.as_ref().map(|(w, _)| round3(*w)),
            "enemies_nearest_date": self.enemies_nearest.as_ref().map(|(_, d)| d),
        })
    }
}

impl Series {
    fn summary(&self) -> serde_json::Value {
        json!({
            "samples": self.ratio.len(),
            "ratio_min": round3(min_of(&self.ratio)),
            "ratio_median": round3(quantile(&self.ratio, 0.5)),
            "faith_median": round3(quantile(&self.faith, 0.5)),
            "alone_median": round3(quantile(&self.alone, 0.5)),
        })
    }
}

// One pass over the dates that measures everything, read top to bottom.
#[allow(clippy::too_many_lines)]
fn run(args: &Args) -> anyhow::Result<()> {
    let ds = load(args)?;
    let params = params_for(&ds, &args.settings)?;
    let started = Instant::now();
    let mut first_picture_ms = None;
    let layout = TimelineBuilder::new(&ds, params.clone(), Pins::new()).run(|_| {
        first_picture_ms.get_or_insert_with(|| started.elapsed().as_secs_f64() * 1000.0);
        true
    });
    let layout_ms = started.elapsed().as_secs_f64() * 1000.0;

    let presence = Presence::new(&ds);
    let no_pins = Pins::new();
    let figure = Figure {
        ds: &ds,
        layout: &layout,
        presence: &presence,
        pins: &no_pins,
    };
    let theme = Theme::new(ThemeKind::Light);
    let figure_opts = FigureOptions {
        width: args.size.0,
        height: args.size.1,
        ..FigureOptions::default()
    };
    let mut readable = Readable::default();
    let date = |text: &Option<String>, default: Time| -> anyhow::Result<Time> {
        Ok(match text {
            Some(d) => ds.clamp(detente::date::Date::parse(d)?.start()),
            None => default,
        })
    };
    let (first, last) = (date(&args.from, ds.start)?, date(&args.to, ds.end)?);
    let split = Time::from_ymd(args.split, 1, 1);
    let (mut before, mut after, mut all) =
        (Series::default(), Series::default(), Series::default());
    let (mut moves, mut moves_alone) = (Vec::new(), Vec::new());
    let mut prev: Option<Measured> = None;
    let mut pos = Vec::new();
    let mut t = first;
    while t <= last {
        layout.positions_at(t, &mut pos);
        let snap = snapshot(&ds, t, 0.0);
        let mut alive = vec![false; ds.states.len()];
        for s in &snap.states {
            alive[s.state] = true;
        }
        let faith = faithfulness(&snap, &pos);
        let (alone_faith, mut alone) = best_layout_alone(&ds, t, &params, args.seeds);
        let ratio = match (faith, alone_faith) {
            (Some(f), Some(a)) if a > 0.0 => Some(f / a),
            _ => None,
        };
        let (mut step_move, mut step_move_alone) = (Vec::new(), Vec::new());
        if let Some(Measured {
            t: t0,
            pos: p0,
            alone: a0,
            alive: alive0,
        }) = &prev
        {
            let both: Vec<bool> = alive.iter().zip(alive0).map(|(a, b)| *a && *b).collect();
            let months = (t.0 - t0.0) / (DAYS_PER_YEAR / 12.0);
            movements(p0, &pos, &both, months, &mut step_move);
            alone = align_to(&alone, a0, &both);
            movements(a0, &alone, &both, months, &mut step_move_alone);
        }
        if let (Some(f), Some(a), Some(r)) = (faith, alone_faith, ratio) {
            for series in [&mut all, if t < split { &mut before } else { &mut after }] {
                series.ratio.push(r);
                series.faith.push(f);
                series.alone.push(a);
            }
        }
        let drawn = figure.drawn(&theme, t, &figure_opts);
        let read = readability(&drawn);
        readable.add(t, &read);
        if !args.quiet {
            let line = json!({
                "date": t.month().to_string(),
                "states": snap.states.len(),
                "pairs": snap.pairs.len(),
                "faith": faith.map(round3),
                "alone": alone_faith.map(round3),
                "ratio": ratio.map(round3),
                "move_median": round3(quantile(&step_move, 0.5) * 1000.0),
                "alone_move_median": round3(quantile(&step_move_alone, 0.5) * 1000.0),
                "drawn": read.drawn,
                "named": round3(read.named_share()),
                "related_named": round3(read.related_named_share()),
                "overlaps": read.disc_overlaps,
                "cut": read.labels_cut,
                "empty": round3(read.empty_share),
                "radius_min": round3(f64::from(read.smallest_radius)),
                "hostile_friendly": read.hostile_over_friendly.map(round3),
                "enemies_nearest": read.nearest_enemies_over_friendly.map(round3),
            });
            println!("{line}");
        }
        moves.extend(step_move);
        moves_alone.extend(step_move_alone);
        prev = Some(Measured {
            t,
            pos: pos.clone(),
            alone,
            alive,
        });
        let next = args.step.after(t);
        if next <= t {
            break;
        }
        t = next;
    }
    let summary = json!({
        "summary": true,
        "dataset": ds.title,
        "states": ds.states.len(),
        "step": format!("{:?}", args.step),
        "all": all.summary(),
        format!("before_{}", args.split): before.summary(),
        format!("from_{}", args.split): after.summary(),
        // Per mille of the extent per month.
        "move_median": round3(quantile(&moves, 0.5) * 1000.0),
        "move_p95": round3(quantile(&moves, 0.95) * 1000.0),
        "alone_move_median": round3(quantile(&moves_alone, 0.5) * 1000.0),
        "alone_move_p95": round3(quantile(&moves_alone, 0.95) * 1000.0),
        "readability": readable.summary(),
        "size": format!("{}x{}", args.size.0, args.size.1),
        "layout_ms": round3(layout_ms),
        "first_picture_ms": first_picture_ms.map(round3),
    });
    println!("{summary}");
    Ok(())
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("layout_quality: {e:#}");
            ExitCode::FAILURE
        }
    }
}
