//! What part of the world the canvas shows, and fitting it to a picture.

use eframe::egui::{Pos2, Rect, vec2};
use serde::{Deserialize, Serialize};

/// What part of the world the canvas shows: the world point at the canvas
/// centre and the points per world unit.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Camera {
    pub center: [f32; 2],
    pub zoom: f32,
}

impl Default for Camera {
    fn default() -> Camera {
        Camera {
            center: [0.0, 0.0],
            zoom: 1.0,
        }
    }
}

impl Camera {
    pub fn screen_from_world(&self, rect: Rect, p: [f32; 2]) -> Pos2 {
        rect.center() + vec2(p[0] - self.center[0], p[1] - self.center[1]) * self.zoom
    }

    pub fn world_from_screen(&self, rect: Rect, p: Pos2) -> [f32; 2] {
        let d = (p - rect.center()) / self.zoom;
        [self.center[0] + d.x, self.center[1] + d.y]
    }

    /// A camera that shows `bounds` (`[x0, y0, x1, y1]`) inside `area` (a
    /// part of the canvas `rect` that leaves room for names: see
    /// [`crate::scene::network_area`]).
    pub fn fit(bounds: [f32; 4], area: Rect, rect: Rect) -> Camera {
        let avail = area.size().max(vec2(50.0, 50.0));
        let (w, h) = (
            (bounds[2] - bounds[0]).max(1.0),
            (bounds[3] - bounds[1]).max(1.0),
        );
        let zoom = (avail.x / w).min(avail.y / h).clamp(0.01, 50.0);
        // The world point at the canvas's centre, so that the bounds' centre
        // falls on the area's.
        let offset = (rect.center() - area.center()) / zoom;
        Camera {
            center: [
                f32::midpoint(bounds[0], bounds[2]) + offset.x,
                f32::midpoint(bounds[1], bounds[3]) + offset.y,
            ],
            zoom,
        }
    }

    /// Whether `bounds` shows whole inside `area` (of the canvas `rect`).
    pub fn shows(&self, bounds: [f32; 4], area: Rect, rect: Rect) -> bool {
        let corners = [[bounds[0], bounds[1]], [bounds[2], bounds[3]]];
        corners
            .iter()
            .all(|&p| area.expand(1.0).contains(self.screen_from_world(rect, p)))
    }

    /// Zooms by `factor` keeping the world point under `anchor` in place.
    pub fn zoom_around(&mut self, rect: Rect, anchor: Pos2, factor: f32) {
        let before = self.world_from_screen(rect, anchor);
        self.zoom = (self.zoom * factor).clamp(0.01, 50.0);
        let after = self.world_from_screen(rect, anchor);
        self.center[0] += before[0] - after[0];
        self.center[1] += before[1] - after[1];
    }
}
