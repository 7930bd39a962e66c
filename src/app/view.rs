//! What the user looks at: the selection (with the selected pair's
//! history) and the camera, which follows each date's picture until the
//! user moves it.

use eframe::egui;

use super::camera::Camera;
use super::canvas::CanvasState;
use super::command::Selection;
use crate::eval::{self, PairHistory};
use crate::model::Dataset;

/// The time constant of the camera gliding to each date's picture, in
/// seconds.
const CAMERA_GLIDE_SECS: f64 = 0.25;

/// The camera refits when the picture would fill less than this share of
/// the view's width or height: the target zoom is this much larger than
/// the one shown (below it, the view holds still while the date moves).
const REFIT_ZOOM_RATIO: f32 = 1.0 / 0.65;

/// A glide stops once the picture shows whole at no less than this share
/// of the fit's zoom.
const SETTLED_ZOOM_RATIO: f32 = 1.1;

/// How many samples a pair's history chart has (a point a month over 40
/// years).
pub(super) const HISTORY_SAMPLES: u32 = 480;

/// The selection and the camera.
#[derive(Default)]
pub struct View {
    pub selection: Selection,
    /// The selected pair's scores over time.
    pub history: Option<PairHistory>,
    pub camera: Camera,
    /// The user moved the camera: it stops following the picture.
    pub camera_touched: bool,
    /// The canvas size and data generation the camera was last fitted to
    /// at once (see [`View::follow`]).
    auto_fitted: Option<(egui::Vec2, u64)>,
    /// The camera is gliding to frame a new picture.
    gliding: bool,
    pub canvas: CanvasState,
}

impl View {
    /// A view with a remembered camera, if any (a remembered camera is one
    /// the user moved).
    pub fn with_camera(camera: Option<Camera>) -> View {
        View {
            camera: camera.unwrap_or_default(),
            camera_touched: camera.is_some(),
            ..View::default()
        }
    }

    /// Selects, and computes a selected pair's history.
    pub fn select(&mut self, ds: &Dataset, selection: Selection) {
        self.selection = selection;
        self.history = match selection {
            Selection::Pair(a, b) => ds.pair_index(a, b).map(|p| match self.history.take() {
                Some(h) if h.pair == p => h,
                _ => eval::pair_history(ds, p, HISTORY_SAMPLES),
            }),
            _ => None,
        };
    }

    /// After a reload: the history is computed again, and a selection of
    /// states that are gone is cleared.
    pub fn reloaded(&mut self, ds: &Dataset) {
        let keep = if self.selection.is_beyond(ds.states.len()) {
            Selection::None
        } else {
            self.selection
        };
        self.history = None;
        self.select(ds, keep);
    }

    /// Fits the camera to what is drawn now.
    pub fn fit(&mut self) {
        // Following the picture again, even when nothing is drawn yet.
        self.camera_touched = false;
        let canvas = &self.canvas;
        let (Some(rect), Some(area), Some(bounds)) =
            (canvas.rect, canvas.network_area, canvas.scene_bounds)
        else {
            return;
        };
        self.camera = Camera::fit(bounds, area, rect);
    }

    /// Brings a point into view: nothing moves if it is on the canvas
    /// already (the camera goes on following the picture); else the camera
    /// centres on it (and stops following).
    pub fn center_on(&mut self, state: crate::model::StateIx, p: [f32; 2]) {
        // Where it is drawn (set aside, or moved to give names room), not
        // where the layout has it.
        let drawn = self.canvas.node_screen.iter().find(|(s, _)| *s == state);
        if let (Some(rect), Some((_, at))) = (self.canvas.rect, drawn)
            && rect.shrink(20.0).contains(*at)
        {
            return;
        }
        self.camera.center = p;
        self.camera_touched = true;
    }

    /// Unless the user has moved it, the camera follows what is drawn: it
    /// fits at once on first show, on new data (`generation`) and when the
    /// canvas changes size; then it holds still while the picture of each
    /// date stays inside the view and fills most of it (so that scrubbing
    /// and playing do not breathe, and a reader can follow one state), and
    /// glides to the new picture when it leaves the view or shrinks to
    /// much less of it. `dt` is the frame time.
    // The camera's glide may use the platform's maths: it never reaches a
    // figure (the layout and the scene use libm).
    #[allow(clippy::disallowed_methods)]
    pub fn follow(&mut self, ctx: &egui::Context, generation: u64, dt: f64) {
        let canvas = &self.canvas;
        let (Some(rect), Some(area), Some(bounds)) =
            (canvas.rect, canvas.network_area, canvas.scene_bounds)
        else {
            return;
        };
        if self.camera_touched {
            return;
        }
        let target = Camera::fit(bounds, area, rect);
        let key = (rect.size(), generation);
        if self.auto_fitted != Some(key) {
            self.auto_fitted = Some(key);
            self.camera = target;
            self.gliding = false;
            ctx.request_repaint();
            return;
        }
        // Still, while the picture stays inside and fills enough of it;
        // once moving, on until the new picture is framed.
        let shown = self.camera.shows(bounds, area, rect);
        let ratio = target.zoom / self.camera.zoom;
        if shown && ratio <= REFIT_ZOOM_RATIO && !self.gliding {
            return;
        }
        // Once moving, on until the picture is framed nearly as the fit
        // would (while playing the target moves every frame: nearly is
        // enough to stop).
        if shown && ratio <= SETTLED_ZOOM_RATIO {
            self.gliding = false;
            return;
        }
        self.gliding = true;
        // A stalled frame glides at most a tenth of a second's worth.
        let k = (1.0 - (-dt.clamp(0.0, 0.1) / CAMERA_GLIDE_SECS).exp()) as f32;
        let (z0, z1) = (self.camera.zoom.ln(), target.zoom.ln());
        let moved = Camera {
            center: [
                self.camera.center[0] + (target.center[0] - self.camera.center[0]) * k,
                self.camera.center[1] + (target.center[1] - self.camera.center[1]) * k,
            ],
            zoom: (z0 + (z1 - z0) * k).exp(),
        };
        // Still visibly away (half a point at the canvas edge)?
        let off = (target.center[0] - moved.center[0]).hypot(target.center[1] - moved.center[1])
            * moved.zoom
            + (z1 - moved.zoom.ln()).abs() * rect.width();
        self.camera = if off > 0.5 { moved } else { target };
        if off > 0.5 {
            ctx.request_repaint();
        } else {
            self.gliding = false;
        }
    }
}
