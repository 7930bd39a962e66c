//! Every colour and stroke the network is drawn with, for the light and the
//! dark theme, in one place. Pure: colours are plain RGBA bytes, so the same
//! theme serves the window and the exported figures.

use serde::{Deserialize, Serialize};

use crate::model::Rgb;

/// A colour with straight (not premultiplied) alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgba(pub [u8; 4]);

impl Rgba {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Rgba {
        Rgba([r, g, b, 255])
    }

    /// The same colour with its alpha multiplied by `factor` in [0, 1].
    #[must_use]
    pub fn fade(self, factor: f32) -> Rgba {
        let [r, g, b, a] = self.0;
        Rgba([
            r,
            g,
            b,
            (f32::from(a) * factor.clamp(0.0, 1.0)).round() as u8,
        ])
    }

    /// Linear blend towards `other` by `t` in [0, 1].
    #[must_use]
    pub fn lerp(self, other: Rgba, t: f32) -> Rgba {
        let t = t.clamp(0.0, 1.0);
        let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
        Rgba([
            mix(self.0[0], other.0[0]),
            mix(self.0[1], other.0[1]),
            mix(self.0[2], other.0[2]),
            mix(self.0[3], other.0[3]),
        ])
    }

    /// "#rrggbb" (alpha left out).
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0[0], self.0[1], self.0[2])
    }

    /// Alpha as a fraction.
    pub fn alpha(self) -> f32 {
        f32::from(self.0[3]) / 255.0
    }

    /// This colour laid over an opaque `below`.
    #[must_use]
    pub fn over(self, below: Rgba) -> Rgba {
        let opaque = Rgba([self.0[0], self.0[1], self.0[2], 255]);
        below.lerp(opaque, self.alpha())
    }

    /// Relative luminance (WCAG), 0 black to 1 white.
    pub fn luminance(self) -> f32 {
        let channel = |c: u8| {
            let c = f32::from(c) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                libm::powf((c + 0.055) / 1.055, 2.4)
            }
        };
        0.2126 * channel(self.0[0]) + 0.7152 * channel(self.0[1]) + 0.0722 * channel(self.0[2])
    }

    /// Black or white, whichever reads better on this (opaque) colour.
    #[must_use]
    pub fn ink(self) -> Rgba {
        // WCAG contrast against black is (L + 0.05) / 0.05, against white
        // 1.05 / (L + 0.05): equal at L ≈ 0.179.
        if self.luminance() > 0.179 {
            Rgba::rgb(0x1a, 0x1a, 0x1a)
        } else {
            Rgba::rgb(0xf2, 0xf2, 0xf2)
        }
    }
}

impl From<Rgb> for Rgba {
    fn from(c: Rgb) -> Rgba {
        Rgba([c.0[0], c.0[1], c.0[2], 255])
    }
}

/// Light or dark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeKind {
    #[default]
    Light,
    Dark,
}

/// The palette of one theme.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub kind: ThemeKind,
    pub background: Rgba,
    pub text: Rgba,
    pub text_weak: Rgba,
    /// Label halo, so labels stay readable over edges.
    pub halo: Rgba,
    pub node_stroke: Rgba,
    /// A state in no bloc and with no colour of its own.
    pub node_default: Rgba,
    pub selection: Rgba,
    pub pinned: Rgba,
    /// The diverging edge scale: hostile … neutral … cooperative.
    pub hostile: Rgba,
    pub neutral: Rgba,
    pub cooperative: Rgba,
    /// Shifts: worse … better.
    pub worse: Rgba,
    pub better: Rgba,
    pub era_alpha: f32,
    pub playhead: Rgba,
    /// Chart lines: one per relation kind, the aggregate, the current date.
    pub series: [Rgba; 3],
    pub aggregate: Rgba,
    pub now: Rgba,
}

impl Theme {
    pub fn new(kind: ThemeKind) -> Theme {
        match kind {
            ThemeKind::Light => Theme {
                kind,
                background: Rgba::rgb(0xfa, 0xfa, 0xf7),
                text: Rgba::rgb(0x22, 0x24, 0x2a),
                text_weak: Rgba::rgb(0x6b, 0x6f, 0x78),
                halo: Rgba([0xfa, 0xfa, 0xf7, 0xf2]),
                node_stroke: Rgba::rgb(0xff, 0xff, 0xff),
                node_default: Rgba::rgb(0x8c, 0x8c, 0x8c),
                selection: Rgba::rgb(0x11, 0x11, 0x11),
                pinned: Rgba::rgb(0x33, 0x33, 0x33),
                // Colour-blind-safe diverging pair (orange-red … blue).
                hostile: Rgba::rgb(0xd7, 0x30, 0x27),
                neutral: Rgba::rgb(0xb8, 0xb8, 0xb8),
                cooperative: Rgba::rgb(0x21, 0x66, 0xac),
                worse: Rgba::rgb(0xe0, 0x6c, 0x00),
                better: Rgba::rgb(0x1b, 0x9e, 0x77),
                era_alpha: 0.9,
                playhead: Rgba::rgb(0x22, 0x24, 0x2a),
                series: [
                    Rgba::rgb(0x4c, 0x72, 0xb0),
                    Rgba::rgb(0xdd, 0x84, 0x52),
                    Rgba::rgb(0x55, 0xa8, 0x68),
                ],
                aggregate: Rgba::rgb(0x55, 0x58, 0x60),
                now: Rgba::rgb(0xc0, 0x30, 0x30),
            },
            ThemeKind::Dark => Theme {
                kind,
                background: Rgba::rgb(0x1b, 0x1d, 0x22),
                text: Rgba::rgb(0xe8, 0xe8, 0xe8),
                text_weak: Rgba::rgb(0x9a, 0x9e, 0xa6),
                halo: Rgba([0x1b, 0x1d, 0x22, 0xf2]),
                node_stroke: Rgba::rgb(0x1b, 0x1d, 0x22),
                node_default: Rgba::rgb(0x9a, 0x9a, 0x9a),
                selection: Rgba::rgb(0xf5, 0xf5, 0xf5),
                pinned: Rgba::rgb(0xdd, 0xdd, 0xdd),
                hostile: Rgba::rgb(0xf4, 0x6d, 0x43),
                neutral: Rgba::rgb(0x6a, 0x6d, 0x73),
                cooperative: Rgba::rgb(0x6b, 0xae, 0xd6),
                worse: Rgba::rgb(0xfd, 0x8d, 0x3c),
                better: Rgba::rgb(0x66, 0xc2, 0xa5),
                era_alpha: 0.25,
                playhead: Rgba::rgb(0xf0, 0xf0, 0xf0),
                series: [
                    Rgba::rgb(0x6b, 0x9b, 0xd8),
                    Rgba::rgb(0xf0, 0x9a, 0x68),
                    Rgba::rgb(0x7c, 0xc4, 0x8c),
                ],
                aggregate: Rgba::rgb(0xc8, 0xcb, 0xd0),
                now: Rgba::rgb(0xf0, 0x60, 0x60),
            },
        }
    }

    /// The colour of a relation with `score` in [-1, 1] on the diverging
    /// scale.
    pub fn edge_colour(&self, score: f32) -> Rgba {
        let s = if score.is_finite() {
            score.clamp(-1.0, 1.0)
        } else {
            0.0
        };
        // Perceptually, weak scores should stay close to grey.
        let t = libm::powf(s.abs(), 0.8);
        if s < 0.0 {
            self.neutral.lerp(self.hostile, t)
        } else {
            self.neutral.lerp(self.cooperative, t)
        }
    }

    /// The colour of a change of score (`delta` in [-2, 2]) in the shift view.
    pub fn shift_colour(&self, delta: f32) -> Rgba {
        let d = if delta.is_finite() {
            (delta / 1.2).clamp(-1.0, 1.0)
        } else {
            0.0
        };
        let t = libm::powf(d.abs(), 0.7);
        if d < 0.0 {
            self.neutral.lerp(self.worse, t)
        } else {
            self.neutral.lerp(self.better, t)
        }
    }

    /// The width of the halo around label text, in points (half of it on
    /// each side of the glyphs' outline).
    pub const LABEL_HALO_WIDTH: f32 = 5.0;

    /// A disc's outline width in points: plain, pinned, and selected (or in
    /// the selected pair); each a step bolder than the last.
    pub const NODE_STROKE: f32 = 1.5;
    pub const PINNED_STROKE: f32 = 2.0;
    pub const SELECTED_STROKE: f32 = 2.5;

    /// How much wider the lines of the selection are than the rest.
    pub const HIGHLIGHT_WIDEN: f32 = 1.3;

    /// How many points wider a hovered line is drawn, and how many points
    /// larger a hovered disc's radius.
    pub const HOVER_WIDEN: f32 = 2.0;
    pub const HOVER_GROW: f32 = 2.0;

    /// The radius of the dot that marks a pinned state, in points (on its
    /// disc's rim, upper right).
    pub const PIN_DOT: f32 = 2.5;

    /// How much wider than its line the dot marking a new relation is (in
    /// a comparison), in points of radius.
    pub const NEW_DOT: f32 = 2.5;

    /// The gap between a disc and the ring of keyboard focus, in points.
    pub const FOCUS_GAP: f32 = 4.0;

    /// The opacity kept by relations outside the selection (enough to see
    /// the network's shape, too little to compete).
    pub const DIMMED_EDGE: f32 = 0.18;

    /// The opacity kept by states outside the selection (labels stay
    /// readable).
    pub const DIMMED_NODE: f32 = 0.3;

    /// The opacity of a relation that has just ended, as it starts to fade.
    pub const GHOST_ALPHA: f32 = 0.6;

    /// The opacity of a relation line of strength `|score|`: weak ones are
    /// fainter, but never below about half.
    pub fn edge_alpha(strength: f32) -> f32 {
        0.45 + 0.55 * strength.clamp(0.0, 1.0)
    }

    /// Stroke width (in screen points at zoom 1) of a relation of strength
    /// `|score|`.
    pub fn edge_width(strength: f32) -> f32 {
        0.75 + 4.5 * strength.clamp(0.0, 1.0)
    }

    /// The colour of an era band, by its index or its own colour.
    pub fn era_colour(&self, own: Option<Rgb>, index: usize) -> Rgba {
        const PALETTE: [Rgba; 5] = [
            Rgba::rgb(0xdf, 0xe4, 0xef),
            Rgba::rgb(0xf2, 0xd7, 0xd5),
            Rgba::rgb(0xe4, 0xee, 0xe2),
            Rgba::rgb(0xf3, 0xea, 0xd6),
            Rgba::rgb(0xe8, 0xe2, 0xf0),
        ];
        own.map_or(PALETTE[index % PALETTE.len()], Rgba::from)
            .fade(self.era_alpha)
    }
}

/// How an edge of a kind is stroked, so kinds can be told apart without
/// colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    Solid,
    Dashed,
    Dotted,
}

impl Dash {
    /// The length of a dash and of the gap after it, in points.
    pub const DASH: [f32; 2] = [9.0, 5.0];

    /// The distance between the centres of the dots of a dotted line
    /// `width` points wide (its dots are `width` across).
    pub fn dot_spacing(width: f32) -> f32 {
        6.0 + width
    }

    /// The dash style of the `kind`-th kind: solid, dashed, dotted, repeating.
    pub fn of_kind(kind: usize) -> Dash {
        match kind % 3 {
            0 => Dash::Solid,
            1 => Dash::Dashed,
            _ => Dash::Dotted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_edge_scale_diverges_through_grey() {
        let t = Theme::new(ThemeKind::Light);
        assert_eq!(t.edge_colour(0.0), t.neutral);
        assert_eq!(t.edge_colour(-1.0), t.hostile);
        assert_eq!(t.edge_colour(1.0), t.cooperative);
        // Text on an era band reads in both themes: dark ink on the light
        // theme's pastel, light ink on the dark theme's veiled one.
        let light = Theme::new(ThemeKind::Light);
        let dark = Theme::new(ThemeKind::Dark);
        let pastel = light.era_colour(None, 1);
        assert!(pastel.over(light.background).ink().luminance() < 0.1);
        let veiled = dark.era_colour(None, 1);
        assert!(veiled.over(dark.background).ink().luminance() > 0.8);
        assert_eq!(t.edge_colour(f32::NAN), t.neutral);
        // Red grows with hostility.
        assert!(t.edge_colour(-0.8).0[0] >= t.edge_colour(-0.2).0[0]);
    }

    #[test]
    fn stronger_relations_are_wider() {
        assert!(Theme::edge_width(0.9) > Theme::edge_width(0.1));
        assert!(Theme::edge_width(5.0).is_finite());
    }

    #[test]
    fn fading_and_blending() {
        assert_eq!(Rgba::rgb(10, 20, 30).fade(0.5).0[3], 128);
        assert_eq!(
            Rgba::rgb(0, 0, 0).lerp(Rgba::rgb(200, 100, 50), 0.5),
            Rgba::rgb(100, 50, 25)
        );
        assert_eq!(Rgba::rgb(0x12, 0xab, 0xef).hex(), "#12abef");
    }
}
