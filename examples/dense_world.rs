//! Writes the dense synthetic world (every pair of `--states` states scored
//! every year from 1946 to 2024, like UN voting agreement) to a file, for
//! measuring detente at world scale.
//!
//! ```sh
//! cargo run --release --example dense_world -- --states 193 /tmp/dense.ron
//! ```

use std::path::PathBuf;

use clap::Parser;

#[derive(Parser)]
struct Args {
    /// Where to write the dataset.
    out: PathBuf,
    #[arg(long, default_value_t = 193)]
    states: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let text = detente::synth::dense_world_ron(args.states, args.seed);
    std::fs::write(&args.out, &text)?;
    eprintln!("{}: {} bytes", args.out.display(), text.len());
    Ok(())
}
