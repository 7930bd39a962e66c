//! A figure of the network as SVG: the same [`Scene`] the window paints,
//! fitted into the figure, with the title, the date and a legend. Real
//! vector output (shapes and text); the PNG export rasterises this text.

use std::fmt::Write;

use crate::date::Time;
use crate::model::Dataset;
use crate::scene::{
    ColourKey, Fit, Frame, LABEL_SIZE, LabelSpot, Scene, arc_control, arc_midpoint, fit_related,
    label_rect_at, legend_swatches, make_room, network_area, place_labels, route_edges,
};
use crate::theme::{Dash, Rgba, Theme};

/// The font family figures are set in (shipped in `assets/fonts`).
pub const FONT_FAMILY: &str = "Ubuntu";

/// What a figure shows and how big it is.
#[derive(Clone, Debug, PartialEq)]
pub struct FigureOptions {
    /// Size in points (pixels at scale 1).
    pub width: u32,
    pub height: u32,
    /// Transparent background instead of the theme's.
    pub transparent: bool,
    pub title: bool,
    pub legend: bool,
    pub date: bool,
    pub labels: bool,
    /// World box to fit into the figure; `None` fits the scene itself.
    /// Animations fit the whole span so that the camera stays still.
    pub fit_bounds: Option<[f32; 4]>,
    /// Compare with this date: relations coloured by their change since,
    /// those that ended as ghosts, new ones marked.
    pub compare: Option<Time>,
    /// Per relation kind, shown or not (empty: all), and the weakest
    /// relation shown: the window's filters, so that a figure shows what
    /// the canvas shows.
    pub kinds_enabled: Vec<bool>,
    pub min_strength: f32,
}

impl Default for FigureOptions {
    fn default() -> FigureOptions {
        FigureOptions {
            width: super::FIGURE_SIZE.0,
            height: super::FIGURE_SIZE.1,
            transparent: false,
            title: true,
            legend: true,
            date: true,
            labels: true,
            fit_bounds: None,
            compare: None,
            kinds_enabled: Vec::new(),
            min_strength: 0.0,
        }
    }
}

pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// `fill="#rrggbb" fill-opacity="a"` (opacity left out when opaque).
pub(super) fn paint(attr: &str, c: Rgba) -> String {
    let a = c.alpha();
    if a >= 0.999 {
        format!("{attr}=\"{}\"", c.hex())
    } else {
        format!("{attr}=\"{}\" {attr}-opacity=\"{:.3}\"", c.hex(), a)
    }
}

/// Rounds a coordinate to two decimals, so output is compact and stable.
pub(super) fn r2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

/// Where a figure draws its network: the scene with every disc where it
/// goes (states with no relation set aside, the rest given room for their
/// names: [`make_room`]), the map from world to points, and each name's
/// spot. The SVG writer draws this; measurements read it.
pub struct Drawn {
    /// The scene with every disc where it is drawn (world coordinates).
    pub scene: Scene,
    /// World to points.
    pub map: Fit,
    /// The area the network and its names stay in, and the legend's box.
    pub frame: Frame,
    /// Each node's name: where it goes, if it is shown.
    pub labels: Vec<Option<LabelSpot>>,
    /// The height of the title's band, in points.
    pub top: f32,
    /// The legend's width, in points.
    pub legend_width: f32,
}

impl Drawn {
    /// The network of `scene` placed in a figure of `opts`, whose legend
    /// (if shown) is `legend_height` points tall.
    pub fn new(scene: &Scene, opts: &FigureOptions, legend_height: f32) -> Drawn {
        let (w, h) = (opts.width.max(16) as f32, opts.height.max(16) as f32);
        // Below the title; the states with no relation sit in rows at the
        // bottom; the legend's corner is kept clear (the network uses the
        // full width under it).
        let top = if opts.title || opts.date { 64.0 } else { 16.0 };
        let legend_width = if opts.legend {
            230.0_f32.min(w * 0.3)
        } else {
            0.0
        };
        let frame = Frame {
            area: [12.0, top + 8.0, w - 12.0, h - 8.0],
            labels: opts.labels,
            keep_out: opts.legend.then_some([
                w - legend_width - 12.0,
                top,
                w,
                top + 10.0 + legend_height + 8.0,
            ]),
        };
        let area = network_area(scene, &frame);
        let map = match opts.fit_bounds {
            Some(bounds) => Some(Fit::of(bounds, area)),
            None => fit_related(scene, area),
        }
        .unwrap_or_else(|| Fit::of([-1.0, -1.0, 1.0, 1.0], area));
        let mut scene = scene.clone();
        make_room(
            &mut scene,
            &frame,
            |p| map.screen_from_world(p),
            |p| map.world_from_screen(p),
        );
        let labels = if opts.labels {
            place_labels(
                &scene,
                |p| map.screen_from_world(p),
                LABEL_SIZE,
                (frame.area, frame.keep_out),
                &[],
            )
        } else {
            vec![None; scene.nodes.len()]
        };
        Drawn {
            scene,
            map,
            frame,
            labels,
            top,
            legend_width,
        }
    }

    /// Where a world point is drawn, in points.
    pub fn screen(&self, p: [f32; 2]) -> [f32; 2] {
        self.map.screen_from_world(p)
    }
}

/// The figure as an SVG document.
pub fn figure_svg(
    ds: &Dataset,
    scene: &Scene,
    time: Time,
    theme: &Theme,
    opts: &FigureOptions,
) -> String {
    let (w, h) = (opts.width.max(16) as f32, opts.height.max(16) as f32);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT_FAMILY}, sans-serif">"#
    );
    let _ = writeln!(
        out,
        "<title>{} — {}</title>",
        esc(&ds.title),
        crate::date::spoken(time)
    );
    if !opts.transparent {
        let _ = writeln!(
            out,
            r#"<rect width="{w}" height="{h}" {}/>"#,
            paint("fill", theme.background)
        );
    }
    let legend_h = legend_height(ds, time, theme, opts.compare);
    let drawn = Drawn::new(scene, opts, legend_h);
    network(&mut out, &drawn, theme);
    let (top, legend_w) = (drawn.top, drawn.legend_width);
    if opts.title {
        let _ = writeln!(
            out,
            r#"<text x="24" y="42" font-size="26" {}>{}</text>"#,
            paint("fill", theme.text),
            esc(&ds.title)
        );
    }
    if opts.date {
        let date = match opts.compare {
            Some(from) => format!(
                "{} – {}",
                crate::date::spoken(from),
                crate::date::spoken(time)
            ),
            None => crate::date::spoken(time),
        };
        let _ = writeln!(
            out,
            r#"<text x="{}" y="44" font-size="30" text-anchor="end" {}>{}</text>"#,
            w - 24.0,
            paint("fill", theme.text),
            date
        );
    }
    if opts.legend && !opts.transparent {
        // Over the lines that pass under it, on the background's colour.
        let _ = writeln!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="4" {}/>"#,
            r2(w - legend_w - 8.0),
            r2(top + 2.0),
            r2(legend_w),
            r2(legend_h + 14.0),
            paint("fill", theme.background.fade(0.92))
        );
    }
    if opts.legend {
        legend(
            &mut out,
            ds,
            time,
            theme,
            (w - legend_w, top + 10.0),
            opts.compare,
        );
    }
    out.push_str("</svg>\n");
    out
}

fn network(out: &mut String, drawn: &Drawn, theme: &Theme) {
    let scene = &drawn.scene;
    let screen = |p| drawn.screen(p);
    out.push_str("<g stroke-linecap=\"round\">\n");
    let bows = route_edges(scene, screen);
    for (e, &bow) in scene.edges.iter().zip(&bows) {
        let (a, b) = (screen(e.from), screen(e.to));
        let dash = match e.dash {
            Dash::Solid => String::new(),
            Dash::Dashed => format!(" stroke-dasharray=\"{} {}\"", Dash::DASH[0], Dash::DASH[1]),
            Dash::Dotted => format!(" stroke-dasharray=\"0 {:.1}\"", Dash::dot_spacing(e.width)),
        };
        let c = arc_control(a, b, bow);
        let _ = writeln!(
            out,
            r#"<path d="M{} {} Q{} {} {} {}" fill="none" stroke-width="{}" {}{dash}/>"#,
            r2(a[0]),
            r2(a[1]),
            r2(c[0]),
            r2(c[1]),
            r2(b[0]),
            r2(b[1]),
            r2(e.width),
            paint("stroke", e.colour)
        );
        if e.new {
            let m = arc_midpoint(a, b, bow);
            let _ = writeln!(
                out,
                r#"<circle cx="{}" cy="{}" r="{}" {}/>"#,
                r2(m[0]),
                r2(m[1]),
                r2(e.width / 2.0 + Theme::NEW_DOT),
                paint("fill", e.colour)
            );
        }
    }
    out.push_str("</g>\n<g>\n");
    for n in &scene.nodes {
        let c = screen(n.pos);
        let _ = writeln!(
            out,
            r#"<circle cx="{}" cy="{}" r="{}" {} {} stroke-width="{}"/>"#,
            r2(c[0]),
            r2(c[1]),
            r2(n.radius),
            paint("fill", n.fill.fade(n.alpha)),
            paint("stroke", n.stroke.fade(n.alpha)),
            r2(n.stroke_width)
        );
    }
    out.push_str("</g>\n");
    if drawn.labels.iter().any(Option::is_some) {
        out.push_str("<g font-size=\"13\" text-anchor=\"middle\">\n");
        for (n, &spot) in scene.nodes.iter().zip(&drawn.labels) {
            let Some(spot) = spot else {
                continue;
            };
            let r = label_rect_at(n, screen(n.pos), LABEL_SIZE, spot);
            let (x, y) = (f32::midpoint(r[0], r[2]), r[3] - LABEL_SIZE * 0.3);
            let _ = writeln!(
                out,
                r#"<text x="{}" y="{}" {} {} stroke-width="{}" stroke-linejoin="round" paint-order="stroke">{}</text>"#,
                r2(x),
                r2(y),
                paint("fill", theme.text.fade(n.alpha)),
                paint("stroke", theme.halo.fade(n.alpha)),
                Theme::LABEL_HALO_WIDTH,
                esc(&n.label)
            );
        }
        out.push_str("</g>\n");
    }
}

/// Writes the legend at `(x, y)`: the blocs' colours, then the relation
/// scale (or, comparing with a date, the scale of change and what ghosts
/// and dots mean); returns where it ends (its bottom).
fn legend(
    out: &mut String,
    ds: &Dataset,
    t: Time,
    theme: &Theme,
    (x, y): (f32, f32),
    compare: Option<Time>,
) -> f32 {
    let mut y = y;
    let text = paint("fill", theme.text);
    let weak = paint("fill", theme.text_weak);
    let _ = writeln!(out, r#"<g font-size="13">"#);
    let swatches = legend_swatches(ds, t, theme);
    for (c, name) in swatches {
        let _ = writeln!(
            out,
            r#"<circle cx="{}" cy="{}" r="6" {}/>"#,
            x + 8.0,
            y + 8.0,
            paint("fill", c)
        );
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" {text}>{}</text>"#,
            x + 22.0,
            y + 13.0,
            esc(&name)
        );
        y += 22.0;
    }
    y += 10.0;
    let key = ColourKey::new(compare);
    let _ = writeln!(
        out,
        r#"<text x="{x}" y="{}" {text}>{}</text>"#,
        y + 12.0,
        esc(&key.heading)
    );
    y += 20.0;
    let steps = 24;
    let bar_w = 180.0;
    for i in 0..steps {
        let s = -1.0 + 2.0 * i as f32 / (steps - 1) as f32;
        let _ = writeln!(
            out,
            r#"<rect x="{}" y="{y}" width="{}" height="10" {}/>"#,
            r2(x + bar_w * i as f32 / steps as f32),
            r2(bar_w / steps as f32 + 0.5),
            paint("fill", key.colour(theme, s))
        );
    }
    y += 24.0;
    for (k, (word, anchor)) in key.words.iter().zip(["start", "middle", "end"]).enumerate() {
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{y}" font-size="11" text-anchor="{anchor}" {weak}>{word}</text>"#,
            x + bar_w * k as f32 / 2.0
        );
    }
    if let Some(note) = key.note() {
        y += 4.0;
        for sentence in note.split(". ") {
            y += 14.0;
            let _ = writeln!(
                out,
                r#"<text x="{x}" y="{y}" font-size="11" {weak}>{}</text>"#,
                esc(sentence)
            );
        }
    }
    y += 18.0;
    let _ = writeln!(
        out,
        r#"<text x="{x}" y="{y}" font-size="11" {weak}>width: strength · disc: sum of strengths</text>"#
    );
    let _ = writeln!(out, "</g>");
    y + 4.0
}

/// How tall the legend of the figure at `t` is, in points.
pub fn legend_height(ds: &Dataset, t: Time, theme: &Theme, compare: Option<Time>) -> f32 {
    legend(&mut String::new(), ds, t, theme, (0.0, 0.0), compare)
}
