//! The network canvas: paints a [`Scene`] and turns pointer input into
//! commands (select, pin, unpin) and camera moves (pan, zoom, fit).

// Zooming and the label halo may use the platform's maths: the screen
// only, never a figure (the scene uses libm).
#![allow(clippy::disallowed_methods)]

use eframe::egui::{self, Color32, Pos2, Rect, Sense, Stroke, pos2, vec2};
use serde::{Deserialize, Serialize};

use super::Command;
use crate::model::{Dataset, StateIx};
use crate::scene::{self, LABEL_SIZE, Scene};
use crate::theme::{Dash, Rgba, Theme};

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

    /// A camera that shows `bounds` (`[x0, y0, x1, y1]`) inside `rect`, with
    /// room for discs and labels.
    pub fn fit(bounds: [f32; 4], rect: Rect) -> Camera {
        let margin = vec2(90.0, 60.0);
        let avail = (rect.size() - 2.0 * margin).max(vec2(50.0, 50.0));
        let (w, h) = (
            (bounds[2] - bounds[0]).max(1.0),
            (bounds[3] - bounds[1]).max(1.0),
        );
        let zoom = (avail.x / w).min(avail.y / h).clamp(0.01, 50.0);
        Camera {
            center: [
                f32::midpoint(bounds[0], bounds[2]),
                f32::midpoint(bounds[1], bounds[3]),
            ],
            zoom,
        }
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

pub fn color(c: Rgba) -> Color32 {
    let [r, g, b, a] = c.0;
    Color32::from_rgba_unmultiplied(r, g, b, a)
}

/// What is under the pointer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hit {
    Node(StateIx),
    /// An edge, by its index in the scene.
    Edge(usize),
}

/// Canvas state kept between frames.
#[derive(Default)]
pub struct CanvasState {
    /// The node being dragged and where it is now (world).
    pub dragging: Option<(StateIx, [f32; 2])>,
    /// The node the context menu was opened on.
    pub context: Option<StateIx>,
    /// Where each drawn node was last frame, for tests and search.
    pub node_screen: Vec<(StateIx, Pos2)>,
    /// The canvas rectangle last frame.
    pub rect: Option<Rect>,
    /// The world box of what was drawn last frame.
    pub scene_bounds: Option<[f32; 4]>,
    /// How far each edge bows this frame (see [`scene::route_edges`]).
    pub bows: Vec<f32>,
}

fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    if len2 < 1e-6 {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / len2).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

fn hit_test(scene: &Scene, bows: &[f32], camera: &Camera, rect: Rect, p: Pos2) -> Option<Hit> {
    let node = scene
        .nodes
        .iter()
        .rev()
        .filter(|n| n.alpha > 0.2)
        .find(|n| camera.screen_from_world(rect, n.pos).distance(p) <= n.radius + 3.0);
    if let Some(n) = node {
        return Some(Hit::Node(n.state));
    }
    scene
        .edges
        .iter()
        .enumerate()
        .rev()
        .find(|(k, e)| {
            let a = camera.screen_from_world(rect, e.from);
            let b = camera.screen_from_world(rect, e.to);
            let (a, b) = ([a.x, a.y], [b.x, b.y]);
            let bow = bows.get(*k).copied().unwrap_or(scene::EDGE_BOW);
            let points = scene::arc_points(a, b, bow, scene::arc_segments(a, b));
            e.colour.alpha() > 0.1
                && points.windows(2).any(|w| {
                    distance_to_segment(p, pos2(w[0][0], w[0][1]), pos2(w[1][0], w[1][1]))
                        <= e.width / 2.0 + 4.0
                })
        })
        .map(|(i, _)| Hit::Edge(i))
}

/// Draws the scene and handles input; returns what is hovered.
#[allow(clippy::too_many_arguments)]
pub fn canvas_ui(
    ui: &mut egui::Ui,
    ds: &Dataset,
    scene: &Scene,
    theme: &Theme,
    camera: &mut Camera,
    state: &mut CanvasState,
    labels: bool,
    commands: &mut Vec<Command>,
    hover_ui: impl FnOnce(&mut egui::Ui, Hit),
) {
    let rect = ui.available_rect_before_wrap();
    let response = ui.allocate_rect(rect, Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Network"));
    state.rect = Some(rect);
    state.scene_bounds = scene.bounds();
    // Edges bend around foreign discs; hit testing and painting use the
    // same bends.
    state.bows = scene::route_edges(scene, |p| {
        let s = camera.screen_from_world(rect, p);
        [s.x, s.y]
    });
    let pointer = response.hover_pos();
    let hit = pointer.and_then(|p| hit_test(scene, &state.bows, camera, rect, p));

    // Zoom with the wheel or a pinch, around the pointer.
    if let Some(p) = pointer {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = pinch * (scroll * 0.002).exp();
        if (factor - 1.0).abs() > 1e-4 {
            camera.zoom_around(rect, p, factor);
        }
    }
    // Drag a node to pin it; drag the background to pan.
    // What was under the pointer where the button went down, not where the
    // drag is first noticed: a quick drag from a small disc moves the disc.
    let pressed_at = ui.input(|i| i.pointer.press_origin());
    if response.drag_started()
        && let Some(Hit::Node(i)) = pressed_at
            .or_else(|| response.interact_pointer_pos())
            .and_then(|p| hit_test(scene, &state.bows, camera, rect, p))
    {
        let at = scene.node(i).map_or([0.0, 0.0], |n| n.pos);
        state.dragging = Some((i, at));
    }
    if response.dragged() {
        if let (Some((_, at)), Some(p)) = (&mut state.dragging, response.interact_pointer_pos()) {
            *at = camera.world_from_screen(rect, p);
        } else {
            let d = response.drag_delta() / camera.zoom;
            camera.center[0] -= d.x;
            camera.center[1] -= d.y;
        }
    }
    if response.drag_stopped()
        && let Some((i, at)) = state.dragging.take()
    {
        commands.push(Command::Pin(i, at));
    }
    if response.double_clicked() {
        if let Some(Hit::Node(i)) = hit {
            commands.push(Command::Unpin(i));
        }
    } else if response.clicked() {
        commands.push(match hit {
            Some(Hit::Node(i)) => Command::SelectState(i),
            Some(Hit::Edge(e)) => Command::SelectPair(scene.edges[e].a, scene.edges[e].b),
            None => Command::ClearSelection,
        });
    }
    if response.secondary_clicked() {
        state.context = match hit {
            Some(Hit::Node(i)) => Some(i),
            _ => None,
        };
    }
    let context = state.context;
    response.context_menu(|ui| {
        if let Some(i) = context {
            ui.label(egui::RichText::new(&ds.states[i].id).strong());
            if ui.button("Select").clicked() {
                commands.push(Command::SelectState(i));
                ui.close();
            }
            if ui.button("Unpin").clicked() {
                commands.push(Command::Unpin(i));
                ui.close();
            }
            ui.separator();
        }
        if ui.button("Fit to view").clicked() {
            commands.push(Command::Fit);
            ui.close();
        }
        if ui.button("Unpin all").clicked() {
            commands.push(Command::UnpinAll);
            ui.close();
        }
    });

    paint(ui, scene, theme, camera, rect, state, labels, hit);
    if let Some(h) = hit
        && state.dragging.is_none()
    {
        let _ = response.on_hover_ui_at_pointer(|ui| hover_ui(ui, h));
    }
}

#[allow(clippy::too_many_arguments)]
fn paint(
    ui: &egui::Ui,
    scene: &Scene,
    theme: &Theme,
    camera: &Camera,
    rect: Rect,
    state: &mut CanvasState,
    labels: bool,
    hit: Option<Hit>,
) {
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, color(theme.background));
    let dragged = state.dragging;
    let world = |state: StateIx, p: [f32; 2]| match dragged {
        Some((i, at)) if i == state => at,
        _ => p,
    };
    for (k, (e, &bow)) in scene.edges.iter().zip(&state.bows).enumerate() {
        let a = camera.screen_from_world(rect, world(e.a, e.from));
        let b = camera.screen_from_world(rect, world(e.b, e.to));
        let hovered = hit == Some(Hit::Edge(k));
        let width = if hovered { e.width + 2.0 } else { e.width };
        let stroke = Stroke::new(width, color(e.colour));
        let ends = ([a.x, a.y], [b.x, b.y]);
        let points: Vec<Pos2> =
            scene::arc_points(ends.0, ends.1, bow, scene::arc_segments(ends.0, ends.1))
                .into_iter()
                .map(|p| pos2(p[0], p[1]))
                .collect();
        match e.dash {
            Dash::Solid => {
                painter.add(egui::Shape::line(points, stroke));
            }
            Dash::Dashed => {
                painter.extend(egui::Shape::dashed_line(&points, stroke, 9.0, 5.0));
            }
            Dash::Dotted => {
                painter.extend(egui::Shape::dotted_line(
                    &points,
                    color(e.colour),
                    6.0,
                    width * 0.6,
                ));
            }
        }
    }
    state.node_screen.clear();
    for n in &scene.nodes {
        let c = camera.screen_from_world(rect, world(n.state, n.pos));
        state.node_screen.push((n.state, c));
        let hovered = hit == Some(Hit::Node(n.state));
        let r = if hovered { n.radius + 2.0 } else { n.radius };
        painter.circle_filled(c, r, color(n.fill.fade(n.alpha)));
        painter.circle_stroke(
            c,
            r,
            Stroke::new(n.stroke_width, color(n.stroke.fade(n.alpha))),
        );
        if n.pinned {
            painter.circle_filled(
                c + vec2(r * 0.7, -r * 0.7),
                2.5,
                color(theme.pinned.fade(n.alpha)),
            );
        }
    }
    if labels {
        let hovered: Vec<StateIx> = match hit {
            Some(Hit::Node(i)) => vec![i],
            _ => Vec::new(),
        };
        let shown = scene::place_labels(
            scene,
            |p| {
                let s = camera.screen_from_world(rect, p);
                [s.x, s.y]
            },
            LABEL_SIZE,
            &hovered,
        );
        let font = egui::FontId::proportional(LABEL_SIZE);
        for (n, spot) in scene.nodes.iter().zip(shown) {
            let Some(spot) = spot else {
                continue;
            };
            let c = camera.screen_from_world(rect, world(n.state, n.pos));
            let r = scene::label_rect_at(n, [c.x, c.y], LABEL_SIZE, spot);
            // Laid out without a colour, so one galley paints both the halo
            // and the text.
            let galley =
                painter.layout_no_wrap(n.label.clone(), font.clone(), Color32::PLACEHOLDER);
            let centre = pos2(f32::midpoint(r[0], r[2]), f32::midpoint(r[1], r[3]));
            let at = centre - galley.size() / 2.0;
            // The halo figures draw as a stroke around the glyphs: the text
            // repeated around its place in the background colour.
            let halo = color(theme.halo.fade(n.alpha));
            for k in 0..8 {
                let angle = k as f32 * std::f32::consts::FRAC_PI_4;
                let offset = vec2(angle.cos(), angle.sin()) * Theme::LABEL_HALO_WIDTH / 2.0;
                painter.galley(at + offset, galley.clone(), halo);
            }
            painter.galley(at, galley, color(theme.text.fade(n.alpha)));
        }
    }
}
