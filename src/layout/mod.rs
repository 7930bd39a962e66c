//! The layout engine: where each state sits on the canvas at each date.
//!
//! Pure and deterministic: no egui, no clock, no file system. `sim` is the
//! signed force-directed simulation over one graph (Barnes–Hut repulsion in
//! `quadtree`); `timeline` lays out a dataset's whole span coherently in
//! time; `worker` runs a timeline layout on a background thread with progress
//! and cancellation, as request → job → result.

pub mod quadtree;
pub mod sim;
pub mod timeline;
pub mod worker;

pub use sim::{Edge, Params, Simulation, phyllotaxis};
pub use timeline::{Pins, TimelineBuilder, TimelineLayout, TimelineParams, timeline_layout};
pub use worker::{LayoutJob, LayoutRequest};
