//! The README can never lie: every command it shows is run as a reader
//! would copy it (in a fresh folder holding the repository's `data/` and
//! the sample import files), and each figure it shows is what its command
//! makes now, byte for byte. Commands that are not run are listed below
//! with the reason; a command the README gains must be run or listed.
//! `UPDATE_README_FIGURES=1 cargo test readme` redraws the figures.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::text;

/// Where a command was shown.
#[derive(Debug)]
struct Shown {
    file: &'static str,
    line: usize,
    command: String,
}

/// Commands shown but not run, by how they start, and why.
const NOT_RUN: &[(&str, &str)] = &[
    (
        "cargo run --release --example",
        "checked: the example exists",
    ),
    ("cargo bench --bench", "checked: the benchmark exists"),
    (
        "cargo run --release",
        "opens the window (the window test runs the real executable)",
    ),
    ("cargo test", "this is it"),
    ("cargo fmt", "run by .ci/run"),
    ("cargo clippy", "run by .ci/run"),
    ("cargo install", "installs on the reader's machine"),
    ("cargo packager", "needs cargo-packager installed"),
    (
        "cargo +nightly fuzz",
        "needs a nightly toolchain and cargo-fuzz",
    ),
    ("mkdir -p fuzz/corpus", "prepares fuzzing (nightly)"),
    ("detente --renderer", "opens the window"),
    (
        "detente import --csv gdelt-dyads.csv",
        "needs GDELT's files, which are not shipped",
    ),
];

/// Every command in the `sh` blocks of `file` (a line each, comments left
/// out) and in its inline code that starts with `detente `.
fn commands_in(file: &'static str) -> Vec<Shown> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let markdown = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for (i, line) in markdown.lines().enumerate() {
        let shown = |command: &str| Shown {
            file,
            line: i + 1,
            command: command.trim().to_owned(),
        };
        if let Some(fence) = line.trim_start().strip_prefix("```") {
            block = match block {
                Some(_) => None,
                None => Some(fence.trim().to_owned()),
            };
            continue;
        }
        match block.as_deref() {
            Some("sh") => {
                let command = line.split(" # ").next().unwrap_or("").trim();
                if !command.is_empty() && !command.starts_with('#') {
                    out.push(shown(command));
                }
            }
            // Other blocks are data, SQL or the usage synopsis.
            Some(_) => {}
            None => {
                for (k, span) in line.split('`').enumerate() {
                    // "…" or a placeholder in capitals (FILE, DATE) is a
                    // synopsis, not a command to copy.
                    let placeholder = span
                        .split_whitespace()
                        .any(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_uppercase()));
                    let synopsis = span.contains('…') || placeholder || span == "detente import";
                    if k % 2 == 1 && span.starts_with("detente ") && !synopsis {
                        out.push(shown(span));
                    }
                }
            }
        }
    }
    out
}

/// The folder commands run in: the repository's data and the sample
/// files the README's import commands name.
fn workspace() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let copy_all = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    };
    copy_all(&root.join("data"), &dir.path().join("data"));
    copy_all(&root.join("tests/data/import"), dir.path());
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    dir
}

/// Runs a command line in `dir` with `detente` on the path, as bash does.
fn run(command: &str, dir: &Path) -> std::process::Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_detente")).parent().unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(&path));
    // A pipeline fails when any of its commands does.
    Command::new("bash")
        .args(["-o", "pipefail", "-c", command])
        .current_dir(dir)
        .env("PATH", std::env::join_paths(paths).unwrap())
        .output()
        .unwrap()
}

/// The word after `flag` in a command.
fn after<'a>(command: &'a str, flag: &str) -> Option<&'a str> {
    let mut words = command.split_whitespace();
    words.find(|w| *w == flag)?;
    words.next()
}

/// Checks a command that is not run for what it names: an example or a
/// benchmark of this crate.
fn check_named(shown: &Shown) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Some(example) = after(&shown.command, "--example") {
        let file = root.join("examples").join(format!("{example}.rs"));
        assert!(file.exists(), "{shown:?}: no example {example}");
    }
    if let Some(bench) = after(&shown.command, "--bench") {
        let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
        let declared = format!("name = \"{bench}\"");
        assert!(manifest.contains(&declared), "{shown:?}: no bench {bench}");
    }
}

#[test]
fn every_command_the_readmes_show_runs_and_makes_their_figures() {
    let dir = workspace();
    let mut shown = commands_in("README.md");
    shown.extend(commands_in("data/README.md"));
    assert!(
        shown.len() > 20,
        "the READMEs' commands were found: {shown:?}"
    );
    let mut ran = 0;
    for s in &shown {
        if let Some((_, why)) = NOT_RUN
            .iter()
            .find(|(start, _)| s.command.starts_with(start))
        {
            eprintln!("not run ({why}): {}", s.command);
            check_named(s);
            continue;
        }
        assert!(
            s.command.starts_with("detente "),
            "{}:{}: `{}` is neither run nor listed in NOT_RUN",
            s.file,
            s.line,
            s.command
        );
        let out = run(&s.command, dir.path());
        assert!(
            out.status.success(),
            "{}:{}: `{}` failed ({}):\n{}",
            s.file,
            s.line,
            s.command,
            out.status,
            text(&out.stderr)
        );
        ran += 1;
    }
    assert!(ran >= 15, "only {ran} commands ran");
    // The figures in the README are what their commands make now, byte for
    // byte (on Linux: the rasteriser uses the system's maths for circles).
    if cfg!(target_os = "linux") {
        same_figures(dir.path());
    }
}

/// Each figure the README's commands made in `dir` is the one committed,
/// and every figure the README shows was made by one of its commands.
fn same_figures(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let markdown = std::fs::read_to_string(root.join("README.md")).unwrap();
    for shown in markdown.split("](assets/").skip(1) {
        let name = shown.split(')').next().unwrap_or("");
        assert!(
            dir.join("assets").join(name).exists(),
            "the README shows assets/{name}, but none of its commands makes it"
        );
    }
    let update = std::env::var_os("UPDATE_README_FIGURES").is_some();
    let made: Vec<PathBuf> = std::fs::read_dir(dir.join("assets"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!made.is_empty(), "the README's figure commands ran");
    for figure in made {
        let name = figure.file_name().unwrap();
        let committed = root.join("assets").join(name);
        let bytes = std::fs::read(&figure).unwrap();
        if update {
            std::fs::write(&committed, &bytes).unwrap();
        } else {
            assert!(
                std::fs::read(&committed).is_ok_and(|c| c == bytes),
                "assets/{} is not what the README's command makes now (UPDATE_README_FIGURES=1 cargo test readme redraws it)",
                name.to_string_lossy()
            );
        }
    }
}

#[test]
fn the_format_documentation_example_loads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/README.md");
    let markdown = std::fs::read_to_string(path).unwrap();
    let example = markdown
        .split("```ron\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a ron block");
    assert!(example.contains("Dataset("));
    let ds = detente::load::load_str("data/README.md", example)
        .unwrap_or_else(|e| panic!("{}", e.lines().join("\n")));
    assert!(!ds.states.is_empty());
}
