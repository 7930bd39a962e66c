//! The layout engine: where each state sits on the canvas at each date.
//!
//! Pure and deterministic: no egui, no clock, no file system. `sim` is the
//! signed force-directed simulation over one graph (Barnes–Hut repulsion in
//! `quadtree`); `timeline` lays out a dataset's whole span coherently in
//! time; `quality` measures how faithful and how calm a layout is; `worker` runs a timeline layout on a background thread with progress
//! and cancellation, as request → job → result.

pub mod quadtree;
pub mod quality;
pub mod sim;
pub mod timeline;
pub mod worker;

pub use sim::{Edge, Params, Simulation, phyllotaxis};
pub use timeline::{
    Pins, TimelineBuilder, TimelineLayout, TimelineParams, best_layout_alone, layout_alone,
    timeline_layout,
};
pub use worker::{LayoutJob, LayoutRequest};

/// The box `[x0, y0, x1, y1]` holding the finite points, if any.
pub fn bounds_of(points: impl Iterator<Item = [f32; 2]>) -> Option<[f32; 4]> {
    points
        .filter(|p| p[0].is_finite() && p[1].is_finite())
        .fold(None, |b, p| {
            Some(match b {
                None => [p[0], p[1], p[0], p[1]],
                Some([x0, y0, x1, y1]) => [x0.min(p[0]), y0.min(p[1]), x1.max(p[0]), y1.max(p[1])],
            })
        })
}
