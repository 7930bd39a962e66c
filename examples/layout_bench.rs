//! Runs detente's layout engine on a benchmark graph (see the project's
//! shared bench folder) and prints one JSON line with the timing and the
//! layout's quality.
//!
//! ```sh
//! cargo run --release --example layout_bench -- --graph FILE [--name NAME] [--warmup 10] [--ticks 100] [--threads N]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Parser;
use detente::layout::{Edge, Params, Simulation, phyllotaxis};
use serde::Deserialize;

#[derive(Parser)]
struct Args {
    /// The graph: {"nodes": N, "edges": [[a, b, w], ...]}.
    #[arg(long)]
    graph: PathBuf,
    /// The name printed in the output (default: the file's stem).
    #[arg(long)]
    name: Option<String>,
    #[arg(long, default_value_t = 10)]
    warmup: usize,
    #[arg(long, default_value_t = 100)]
    ticks: usize,
    /// Worker threads for the force computation (1 = single-threaded).
    #[arg(long, default_value_t = 1)]
    threads: usize,
}

#[derive(Deserialize)]
struct Graph {
    nodes: usize,
    edges: Vec<(u32, u32, f32)>,
}

/// Resident and peak resident memory in MB, from /proc (Linux only).
fn rss_mb() -> (f64, f64) {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return (0.0, 0.0);
    };
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn median(mut xs: Vec<f32>) -> f32 {
    if xs.is_empty() {
        return 0.0;
    }
    xs.sort_by(f32::total_cmp);
    xs[xs.len() / 2]
}

fn run(args: &Args) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.graph)
        .with_context(|| format!("cannot read {}", args.graph.display()))?;
    let graph: Graph = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a benchmark graph", args.graph.display()))?;
    drop(text);
    if args.threads == 0 {
        bail!("--threads must be at least 1");
    }
    let edges: Vec<Edge> = graph
        .edges
        .iter()
        .map(|&(a, b, w)| Edge { a, b, w })
        .collect();
    let params = Params {
        threads: args.threads,
        ..Params::default()
    };
    let theta = params.theta;
    let mut sim = Simulation::new(params, phyllotaxis(graph.nodes), &edges);
    drop(edges);
    for _ in 0..args.warmup {
        sim.tick();
    }
    let started = Instant::now();
    for _ in 0..args.ticks {
        sim.tick();
    }
    let total_ms = started.elapsed().as_secs_f64() * 1000.0;
    let (rss, peak) = rss_mb();
    let finite = sim.pos.iter().all(|p| p[0].is_finite() && p[1].is_finite());
    let extent = sim
        .pos
        .iter()
        .map(|p| p[0].abs().max(p[1].abs()))
        .fold(0.0f32, f32::max);
    let len = |e: &&(u32, u32, f32)| {
        let (a, b) = (sim.pos[e.0 as usize], sim.pos[e.1 as usize]);
        libm::hypotf(a[0] - b[0], a[1] - b[1])
    };
    let pos_len = median(
        graph
            .edges
            .iter()
            .filter(|e| e.2 > 0.0)
            .map(|e| len(&e))
            .collect(),
    );
    let neg_len = median(
        graph
            .edges
            .iter()
            .filter(|e| e.2 < 0.0)
            .map(|e| len(&e))
            .collect(),
    );
    let name = args.name.clone().unwrap_or_else(|| {
        args.graph
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
    });
    let line = serde_json::json!({
        "peer": "detente",
        "graph": name,
        "n": graph.nodes,
        "m": graph.edges.len(),
        "ticks": args.ticks,
        "ms_per_tick": round2(total_ms / args.ticks.max(1) as f64),
        "total_ms": round2(total_ms),
        "rss_mb": round2(rss),
        "peak_rss_mb": round2(peak),
        "threads": args.threads,
        "theta": theta,
        "finite": finite,
        "extent": round2(f64::from(extent)),
        "pos_edge_len_median": round2(f64::from(pos_len)),
        "neg_edge_len_median": round2(f64::from(neg_len)),
    });
    println!("{line}");
    Ok(())
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("layout_bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}
