//! Integration tests, one binary: bad input (`bad_input`), the command line
//! (`cli`, and its analyses: `analysis`), importing datasets (`import`), the bundled data's shape (`dataset`) and story (`story`), the picture at world scale (`picture`),
//! the second bundled dataset (`world`), exports (`export`), the layout (`layout`), properties (`props`), the
//! window driven through `egui_kittest` (`ui`), the real executable in
//! Xvfb (`window`, Linux), and every command the READMEs show (`readme`).

mod analysis;
mod bad_input;
mod cli;
mod dataset;
mod export;
mod import;
mod layout;
mod picture;
mod props;
mod readme;
mod story;
mod ui;
#[cfg(target_os = "linux")]
mod window;
mod world;

use std::path::Path;
use std::process::{Command, Output};

/// Runs the `detente` executable with `args`.
pub(crate) fn detente(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(args)
        .output()
        .expect("the detente binary runs")
}

/// Writes `bytes` to `name` in a fresh temporary folder.
pub(crate) fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    (dir, path)
}

/// The middle value (the upper one of an even count).
pub(crate) fn median(mut xs: Vec<f32>) -> f32 {
    xs.sort_by(f32::total_cmp);
    xs[xs.len() / 2]
}

/// The first instant of a date written as in data files ("1985-06").
pub(crate) fn at(date: &str) -> detente::date::Time {
    detente::date::Date::parse(date).unwrap().start()
}

/// The aggregate score of a pair (by ids) at a date, if they are linked then.
pub(crate) fn score(ds: &detente::model::Dataset, a: &str, b: &str, date: &str) -> Option<f64> {
    let snap = detente::eval::snapshot(ds, at(date), 0.0);
    let (a, b) = (ds.state_index(a).unwrap(), ds.state_index(b).unwrap());
    snap.pair(a, b).map(|p| p.score)
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The bundled dataset's path in the source tree.
pub(crate) fn bundled() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/pakistan-russia.ron"
    ))
}

/// How many distinct colours a picture has.
pub(crate) fn count_colours(png: &resvg::tiny_skia::Pixmap) -> usize {
    let mut colours: Vec<[u8; 4]> = png
        .pixels()
        .iter()
        .map(|p| [p.red(), p.green(), p.blue(), p.alpha()])
        .collect();
    colours.sort_unstable();
    colours.dedup();
    colours.len()
}
