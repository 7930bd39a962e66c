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
