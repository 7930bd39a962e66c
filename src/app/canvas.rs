//! The network canvas: paints a [`Scene`] and turns pointer input into
//! commands (select, pin, unpin) and camera moves (pan, zoom, fit).

// Zooming and the label halo may use the platform's maths: the screen
// only, never a figure (the scene uses libm).
#![allow(clippy::disallowed_methods)]

use std::collections::HashMap;

use eframe::egui::{self, Color32, Pos2, Rect, Sense, Stroke, Vec2, pos2, vec2};

use super::camera::Camera;
use super::canvas_nodes as nodes;
use super::command::Command;
use super::keys;
use super::paint::{color, dashed_path};
use crate::eval;
use crate::model::{Dataset, StateIx, describe};
use crate::scene::{self, LABEL_SIZE, Scene};
use crate::theme::Theme;

/// What the canvas shows this frame.
#[derive(Clone, Copy)]
pub struct Picture<'a> {
    pub ds: &'a Dataset,
    pub snap: &'a eval::Snapshot<'a>,
    pub scene: &'a Scene,
    pub theme: &'a Theme,
    /// Whether states are labelled.
    pub labels: bool,
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
    /// Where each drawn node is this frame, in points (for its accessible
    /// node).
    pub node_screen: Vec<(StateIx, Pos2)>,
    /// The canvas rectangle last frame.
    pub rect: Option<Rect>,
    /// The world box of the related states drawn last frame (the camera
    /// frames these; the states with no relation sit in a row below).
    pub scene_bounds: Option<[f32; 4]>,
    /// Where the related states are fitted on the canvas (the canvas less
    /// the row of the unrelated and a margin for names).
    pub network_area: Option<Rect>,
    /// How far each edge bows this frame (see [`scene::route_edges`]).
    pub bows: Vec<f32>,
    /// The state whose node has the keyboard focus (arrow keys then move
    /// between states, not through time).
    pub focused: Option<StateIx>,
    /// The keyboard was asked for (N): the next frame focuses the
    /// selected state, else the largest.
    pub focus_wanted: bool,
    /// How far making room moves each related state's disc on screen, as
    /// drawn: it eases towards where room puts it, so a glide or a new
    /// date never makes the picture jump.
    pub eased: HashMap<StateIx, Vec2>,
}

/// How quickly a disc follows where room puts it: the time constant, in
/// seconds (after three of these it is 95% of the way).
const EASE_SECONDS: f32 = 0.12;

/// Below this distance, in points, a disc is where room puts it.
const EASED: f32 = 0.3;

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

/// The picture's scene with every disc where it is drawn on the canvas
/// `rect`: the unrelated set aside, the rest with room for their names at
/// this zoom (as in figures, see [`scene::make_room`]); notes where the
/// camera should frame the related states. Each related disc eases
/// towards its room over `dt` seconds (see [`CanvasState::eased`]); returns
/// whether one is still on its way.
fn make_room(
    picture: &Picture<'_>,
    (camera, rect): (&Camera, Rect),
    dt: f32,
    state: &mut CanvasState,
) -> (Scene, bool) {
    let frame = scene::Frame {
        area: [rect.min.x, rect.min.y, rect.max.x, rect.max.y],
        labels: picture.labels,
        keep_out: None,
    };
    let [x0, y0, x1, y1] = scene::network_area(picture.scene, &frame);
    state.network_area = Some(Rect::from_min_max(pos2(x0, y0), pos2(x1, y1)));
    state.scene_bounds = scene::related_bounds(picture.scene);
    let mut roomy = picture.scene.clone();
    scene::make_room(
        &mut roomy,
        &frame,
        |p| {
            let s = camera.screen_from_world(rect, p);
            [s.x, s.y]
        },
        |p| camera.world_from_screen(rect, pos2(p[0], p[1])),
    );
    let moving = ease(picture.scene, &mut roomy, (camera, rect), dt, state);
    (roomy, moving)
}

/// Moves each related disc of `roomy` (made from `raw`) part of the way
/// from where it was drawn last frame, relative to `raw`, to where room
/// puts it: by screen offsets, so panning is not eased. The set-aside, the
/// pinned and the dragged go straight to their places. Returns whether a
/// disc is still on its way.
fn ease(
    raw: &Scene,
    roomy: &mut Scene,
    (camera, rect): (&Camera, Rect),
    dt: f32,
    state: &mut CanvasState,
) -> bool {
    let step = 1.0 - (-dt.clamp(0.0, 0.1) / EASE_SECONDS).exp();
    let dragged = state.dragging.map(|(i, _)| i);
    let before: Vec<[f32; 2]> = roomy.nodes.iter().map(|m| m.pos).collect();
    let mut eased = HashMap::with_capacity(roomy.nodes.len());
    let mut moving = false;
    for (m, r) in roomy.nodes.iter_mut().zip(&raw.nodes) {
        let from = camera.screen_from_world(rect, r.pos);
        let to = camera.screen_from_world(rect, m.pos);
        let target = to - from;
        if m.aside || m.pinned || dragged == Some(m.state) || !target.is_finite() {
            continue;
        }
        let shown = state
            .eased
            .get(&m.state)
            .map_or(target, |&was| was + (target - was) * step);
        if (shown - target).length() > EASED {
            moving = true;
            m.pos = camera.world_from_screen(rect, from + shown);
        }
        eased.insert(m.state, shown);
    }
    state.eased = eased;
    scene::follow_discs(roomy, &before);
    moving
}

/// Draws the scene and handles input; returns what is hovered.
pub fn canvas_ui(
    ui: &mut egui::Ui,
    picture: &Picture<'_>,
    camera: &mut Camera,
    state: &mut CanvasState,
    commands: &mut Vec<Command>,
) {
    let rect = ui.available_rect_before_wrap();
    let dt = ui.input(|i| i.stable_dt);
    let (roomy, moving) = make_room(picture, (camera, rect), dt, state);
    if moving {
        ui.ctx().request_repaint();
    }
    let picture = &Picture {
        scene: &roomy,
        ..*picture
    };
    let Picture {
        ds, snap, scene, ..
    } = *picture;
    // Clicks and drags, but no keyboard stop of its own: Tab goes to its
    // states (see `states_ui`).
    let response = ui.allocate_rect(rect, Sense::CLICK | Sense::DRAG);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Network"));
    state.rect = Some(rect);
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
        for c in [Command::Fit, Command::UnpinAll] {
            if keys::menu_item(ui, &c, None) {
                commands.push(c);
                ui.close();
            }
        }
    });

    paint(ui, picture, camera, rect, state, hit);
    nodes::states_ui(ui, (ds, snap, scene), rect, state, commands);
    if let Some(h) = hit
        && state.dragging.is_none()
    {
        let _ = response.on_hover_ui_at_pointer(|ui| hover_ui(ui, ds, snap, scene, h));
    }
}

fn paint(
    ui: &egui::Ui,
    picture: &Picture<'_>,
    camera: &Camera,
    rect: Rect,
    state: &mut CanvasState,
    hit: Option<Hit>,
) {
    let Picture {
        scene,
        theme,
        labels,
        ..
    } = *picture;
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, color(theme.background));
    shade(&painter, scene, camera, rect);
    let dragged = state.dragging;
    let world = |state: StateIx, p: [f32; 2]| match dragged {
        Some((i, at)) if i == state => at,
        _ => p,
    };
    for (k, (e, &bow)) in scene.edges.iter().zip(&state.bows).enumerate() {
        let a = camera.screen_from_world(rect, world(e.a, e.from));
        let b = camera.screen_from_world(rect, world(e.b, e.to));
        let hovered = hit == Some(Hit::Edge(k));
        let width = if hovered {
            e.width + Theme::HOVER_WIDEN
        } else {
            e.width
        };
        let ends = ([a.x, a.y], [b.x, b.y]);
        let points: Vec<Pos2> =
            scene::arc_points(ends.0, ends.1, bow, scene::arc_segments(ends.0, ends.1))
                .into_iter()
                .map(|p| pos2(p[0], p[1]))
                .collect();
        dashed_path(&painter, points, e.dash, color(e.colour), width);
        if e.new {
            let m = scene::arc_midpoint(ends.0, ends.1, bow);
            let r = width / 2.0 + Theme::NEW_DOT;
            painter.circle_filled(pos2(m[0], m[1]), r, color(e.colour));
        }
    }
    state.node_screen.clear();
    for n in &scene.nodes {
        let c = camera.screen_from_world(rect, world(n.state, n.pos));
        state.node_screen.push((n.state, c));
        let hovered = hit == Some(Hit::Node(n.state));
        let r = if hovered {
            n.radius + Theme::HOVER_GROW
        } else {
            n.radius
        };
        painter.circle_filled(c, r, color(n.fill.fade(n.alpha)));
        painter.circle_stroke(
            c,
            r,
            Stroke::new(n.stroke_width, color(n.stroke.fade(n.alpha))),
        );
        if n.pinned {
            painter.circle_filled(
                c + vec2(r, -r) * std::f32::consts::FRAC_1_SQRT_2,
                Theme::PIN_DOT,
                color(theme.pinned.fade(n.alpha)),
            );
        }
    }
    if labels {
        paint_labels(&painter, scene, theme, (camera, rect), hit, &world);
    }
}

/// The states' names, each at its free spot (hovered states always), with
/// a halo in the background's colour.
fn paint_labels(
    painter: &egui::Painter,
    scene: &Scene,
    theme: &Theme,
    (camera, rect): (&Camera, Rect),
    hit: Option<Hit>,
    world: &impl Fn(StateIx, [f32; 2]) -> [f32; 2],
) {
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
        ([rect.min.x, rect.min.y, rect.max.x, rect.max.y], None),
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
        let galley = painter.layout_no_wrap(n.label.clone(), font.clone(), Color32::PLACEHOLDER);
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

/// A selected triangle's shading, under everything.
fn shade(painter: &egui::Painter, scene: &Scene, camera: &Camera, rect: Rect) {
    if let Some((corners, colour)) = scene.shade {
        let corners = corners
            .iter()
            .map(|&p| camera.screen_from_world(rect, p))
            .collect();
        painter.add(egui::Shape::convex_polygon(
            corners,
            color(colour),
            Stroke::NONE,
        ));
    }
}

/// The tooltip of what is under the pointer: a state and its strongest
/// relations, or a relation, its kinds and its latest note.
fn hover_ui(ui: &mut egui::Ui, ds: &Dataset, snap: &eval::Snapshot, scene: &Scene, hit: Hit) {
    let t = snap.time;
    match hit {
        Hit::Node(s) => {
            ui.strong(ds.states[s].name_at(t));
            let mut rel: Vec<(f64, StateIx)> = snap
                .pairs
                .iter()
                .filter(|p| p.a == s || p.b == s)
                .map(|p| (p.score, if p.a == s { p.b } else { p.a }))
                .collect();
            rel.sort_by(|x, y| y.0.abs().total_cmp(&x.0.abs()));
            for (score, other) in rel.into_iter().take(4) {
                ui.label(format!(
                    "{:+.2}  {} ({})",
                    score,
                    ds.states[other].name_at(t),
                    describe(score)
                ));
            }
        }
        Hit::Edge(e) => {
            let edge = &scene.edges[e];
            ui.strong(format!(
                "{} – {}",
                ds.states[edge.a].name_at(t),
                ds.states[edge.b].name_at(t)
            ));
            if let Some(p) = snap.pair(edge.a, edge.b) {
                ui.label(format!("{:+.2} ({})", p.score, describe(p.score)));
                for &(k, s) in snap.kinds_of(p) {
                    ui.label(format!("{}: {s:+.2}", ds.kinds[k].name));
                }
            }
            if let Some(r) = ds.relations.iter().find(|r| r.pair == edge.pair)
                && let Some(key) = crate::eval::key_at(r, t)
                && !r.note_for(key).is_empty()
            {
                ui.weak(format!("{}: {}", key.date, r.note_for(key)));
            }
            ui.weak("Click for the history");
        }
    }
}

/// The canvas with nothing loaded: what to do next. `failed`: a file was
/// asked for and did not load (its problems are in the banner).
pub fn empty_canvas_ui(
    ui: &mut egui::Ui,
    theme: &Theme,
    failed: bool,
    commands: &mut Vec<Command>,
) {
    let rect = ui.max_rect();
    ui.painter().rect_filled(rect, 0.0, color(theme.background));
    let mut content = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect.shrink(24.0))
            .layout(egui::Layout::top_down(egui::Align::Center)),
    );
    content.add_space(rect.height() * 0.35);
    content.heading("Nothing to show yet");
    content.label(if failed {
        "The file could not be loaded (see above): fix or create it and save, and it loads by itself."
            .to_owned()
    } else {
        format!(
            "Open a dataset ({}) or drop a .ron file here.",
            keys::shortcut_text(ui.ctx(), &Command::OpenDialog).unwrap_or_default()
        )
    });
    content.add_space(8.0);
    if content.button("Show the bundled dataset").clicked() {
        commands.push(Command::OpenExample(crate::default_example()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Time;
    use crate::eval::snapshot;
    use crate::layout::timeline::Pins;
    use crate::scene::{Presence, SceneOptions};
    use crate::theme::{Theme, ThemeKind};

    fn bundled_scene() -> Scene {
        let ds = crate::load::load_str("b", crate::DEFAULT_DATASET).unwrap();
        let snap = snapshot(&ds, Time::from_ymd(1985, 6, 1), 0.0);
        let positions: Vec<[f32; 2]> = (0..ds.states.len())
            .map(|i| [i as f32 * 50.0, (i % 3) as f32 * 40.0])
            .collect();
        let pins = Pins::new();
        scene::build(
            &ds,
            &snap,
            &positions,
            &Presence::new(&ds),
            &Theme::new(ThemeKind::Light),
            &SceneOptions::plain(&pins),
        )
    }

    /// The scene with its first related disc moved `by` (world).
    fn moved(raw: &Scene, by: [f32; 2]) -> (Scene, usize) {
        let mut roomy = raw.clone();
        let k = roomy.nodes.iter().position(|m| m.related).unwrap();
        let before: Vec<[f32; 2]> = roomy.nodes.iter().map(|m| m.pos).collect();
        let p = &mut roomy.nodes[k].pos;
        *p = [p[0] + by[0], p[1] + by[1]];
        scene::follow_discs(&mut roomy, &before);
        (roomy, k)
    }

    #[test]
    fn a_disc_eases_to_its_new_room_and_its_edges_follow() {
        let raw = bundled_scene();
        let rect = Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0));
        let camera = Camera::default();
        let mut state = CanvasState::default();
        let dt = 1.0 / 60.0;
        // Seen for the first time: straight to its room.
        let (mut roomy, k) = moved(&raw, [40.0, 0.0]);
        assert!(!ease(&raw, &mut roomy, (&camera, rect), dt, &mut state));
        assert_eq!(roomy.nodes[k].pos[0], raw.nodes[k].pos[0] + 40.0);
        // Its room moves on: it goes part of the way, and its edges with it.
        let (mut roomy, _) = moved(&raw, [100.0, 0.0]);
        assert!(ease(&raw, &mut roomy, (&camera, rect), dt, &mut state));
        let x = roomy.nodes[k].pos[0] - raw.nodes[k].pos[0];
        assert!(x > 40.0 && x < 100.0, "part of the way: {x}");
        let state_k = roomy.nodes[k].state;
        let edge = roomy.edges.iter().find(|e| e.a == state_k).unwrap();
        assert_eq!(edge.from, roomy.nodes[k].pos);
        // It settles.
        let mut frames = 0;
        loop {
            let (mut roomy, _) = moved(&raw, [100.0, 0.0]);
            if !ease(&raw, &mut roomy, (&camera, rect), dt, &mut state) {
                assert_eq!(roomy.nodes[k].pos[0], raw.nodes[k].pos[0] + 100.0);
                break;
            }
            frames += 1;
            assert!(frames < 120, "still moving after two seconds");
        }
        // Panning moves the whole picture at once: nothing eases.
        let panned = Camera {
            center: [300.0, -200.0],
            ..camera
        };
        let (mut roomy, _) = moved(&raw, [100.0, 0.0]);
        assert!(!ease(&raw, &mut roomy, (&panned, rect), dt, &mut state));
    }
}
