//! detente: how states relate to each other over time, as a living network.
//!
//! The core (`date`, `model`, `eval`, `analysis`, `layout`, `theme`, `scene`, `import`, `synth`,
//! and the background `job`) is pure: no UI, no clock, no file system.
//! `load` reads and validates dataset files; `export` writes figures and
//! animations; `cli` and `app` are the two front ends. See ARCHITECTURE.md
//! for the map.

pub mod analysis;
pub mod app;
pub mod cli;
pub mod date;
pub mod eval;
pub mod export;
pub mod import;
pub mod job;
pub mod layout;
pub mod load;
pub mod model;
pub mod scene;
pub mod synth;
pub mod theme;

/// The bundled default dataset, embedded so the app works from any folder.
pub const DEFAULT_DATASET: &str = include_str!("../data/pakistan-russia.ron");

/// The name the bundled dataset goes by in messages.
pub const DEFAULT_DATASET_NAME: &str = "data/pakistan-russia.ron";

/// A dataset shipped inside detente: opened from File → Open Example, and by
/// name on the command line (`detente export pakistan-russia …`).
#[derive(Debug)]
pub struct Example {
    /// The name it is opened by (its file's stem in `data/`).
    pub name: &'static str,
    /// What it shows, for the menu.
    pub title: &'static str,
    pub text: &'static str,
}

/// Two examples are the same when they have the same name (not compared
/// text by text: a dataset is tens of kilobytes).
impl PartialEq for Example {
    fn eq(&self, other: &Example) -> bool {
        self.name == other.name
    }
}

impl Eq for Example {}

/// The bundled datasets; the first opens when there is nothing else.
pub const EXAMPLES: &[Example] = &[
    Example {
        name: "pakistan-russia",
        title: "Pakistan and Russia, 1947 to today",
        text: DEFAULT_DATASET,
    },
    Example {
        name: "world-blocs",
        title: "The world's blocs, 1945 to today",
        text: include_str!("../data/world-blocs.ron"),
    },
];

/// The bundled dataset named `name` (with or without `.ron`), if any.
pub fn example(name: &str) -> Option<&'static Example> {
    let name = name.strip_suffix(".ron").unwrap_or(name);
    EXAMPLES.iter().find(|e| e.name == name)
}

/// The dataset that opens when there is nothing else.
pub fn default_example() -> &'static Example {
    &EXAMPLES[0]
}
