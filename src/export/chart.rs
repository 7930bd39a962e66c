//! A chart of the network's balance over time, as SVG (and PNG through
//! [`super::png_bytes`]): the share of balanced triangles and the walk
//! index, 0 to 1, over the eras of the data.

use std::fmt::Write;

use super::svg::{FONT_FAMILY, esc, paint, r2};
use crate::analysis::Indices;
use crate::date::Time;
use crate::model::Dataset;
use crate::theme::{Rgba, Theme};

/// The margins around the plot, in points: left (for the axis), top (for
/// the title), right, bottom (for the years and the key).
const MARGINS: [f32; 4] = [56.0, 64.0, 24.0, 64.0];

/// Years between two labelled ticks.
const YEAR_TICKS: i32 = 10;

/// Where the plot sits: its box in points and the span of time it shows.
struct Plot {
    x0: f32,
    x1: f32,
    y0: f32,
    y1: f32,
    t0: f64,
    t1: f64,
}

impl Plot {
    fn x(&self, t: f64) -> f32 {
        self.x0 + (self.x1 - self.x0) * ((t - self.t0) / (self.t1 - self.t0)).clamp(0.0, 1.0) as f32
    }

    fn y(&self, v: f64) -> f32 {
        self.y0 + (self.y1 - self.y0) * v.clamp(0.0, 1.0) as f32
    }
}

/// One line of the chart: its name, the index it draws, its colour.
type Series = (&'static str, fn(&Indices) -> Option<f64>, Rgba);

/// The chart of `series` (dates ascending) for `ds`, `size` points large,
/// on the theme's background unless `transparent`.
pub fn balance_chart_svg(
    ds: &Dataset,
    series: &[(Time, Indices)],
    (theme, transparent): (&Theme, bool),
    size: (u32, u32),
) -> String {
    let (w, h) = (size.0.max(16) as f32, size.1.max(16) as f32);
    let [left, top, right, bottom] = MARGINS;
    let (t0, t1) = match (series.first(), series.last()) {
        (Some(a), Some(b)) if b.0 > a.0 => (a.0.0, b.0.0),
        _ => (ds.start.0, ds.end.0.max(ds.start.0 + 1.0)),
    };
    let plot = Plot {
        x0: left,
        x1: w - right,
        y0: h - bottom,
        y1: top,
        t0,
        t1,
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT_FAMILY}, sans-serif">"#
    );
    let title = format!("{}: structural balance", ds.title);
    let _ = writeln!(out, "<title>{}</title>", esc(&title));
    if !transparent {
        let _ = writeln!(
            out,
            r#"<rect width="{w}" height="{h}" {}/>"#,
            paint("fill", theme.background)
        );
    }
    let _ = writeln!(
        out,
        r#"<text x="24" y="40" font-size="24" {}>{}</text>"#,
        paint("fill", theme.text),
        esc(&title)
    );
    eras(&mut out, ds, &plot, theme);
    axes(&mut out, &plot, theme);
    let lines: [Series; 2] = [
        ("balanced triangles", |ix| ix.strict, theme.better),
        ("walk index", |ix| ix.walk, theme.text),
    ];
    for (k, line) in lines.iter().enumerate() {
        let key = (plot.x0 + 200.0 * k as f32, h - 20.0, theme.text);
        polyline(&mut out, series, &plot, line, key);
    }
    out.push_str("</svg>\n");
    out
}

/// The eras, as bands behind the lines, named at their top.
fn eras(out: &mut String, ds: &Dataset, plot: &Plot, theme: &Theme) {
    for (k, era) in ds.eras.iter().enumerate() {
        let (a, b) = (plot.x(era.from.0), plot.x(era.until.0));
        if b - a < 1.0 {
            continue;
        }
        let _ = writeln!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" {}/>"#,
            r2(a),
            r2(plot.y1),
            r2(b - a),
            r2(plot.y0 - plot.y1),
            paint("fill", theme.era_colour(era.colour, k))
        );
        // Named where the name fits.
        if crate::scene::label_width(&era.name, 11.0) + 8.0 <= b - a {
            let _ = writeln!(
                out,
                r#"<text x="{}" y="{}" font-size="11" {}>{}</text>"#,
                r2(a + 4.0),
                r2(plot.y1 + 13.0),
                paint("fill", theme.text_weak),
                esc(&era.name)
            );
        }
    }
}

/// The axes: 0, ½ and 1; a year every decade.
fn axes(out: &mut String, plot: &Plot, theme: &Theme) {
    for v in [0.0, 0.5, 1.0] {
        let _ = writeln!(
            out,
            r#"<line x1="{}" y1="{py}" x2="{}" y2="{py}" stroke-width="0.5" {}/>"#,
            plot.x0,
            plot.x1,
            paint("stroke", theme.neutral),
            py = r2(plot.y(v))
        );
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" font-size="12" text-anchor="end" {}>{v}</text>"#,
            r2(plot.x0 - 8.0),
            r2(plot.y(v) + 4.0),
            paint("fill", theme.text_weak)
        );
    }
    let first = Time(plot.t0).ymd().0.div_euclid(YEAR_TICKS) * YEAR_TICKS + YEAR_TICKS;
    for year in (first..=Time(plot.t1).ymd().0).step_by(YEAR_TICKS as usize) {
        let px = r2(plot.x(Time::from_ymd(year, 1, 1).0));
        let _ = writeln!(
            out,
            r#"<text x="{px}" y="{}" font-size="12" text-anchor="middle" {}>{year}</text>"#,
            r2(plot.y0 + 18.0),
            paint("fill", theme.text_weak)
        );
    }
}

/// One index over time, and its key at `key` (x, y, the colour of its
/// words).
fn polyline(
    out: &mut String,
    series: &[(Time, Indices)],
    plot: &Plot,
    line: &Series,
    key: (f32, f32, Rgba),
) {
    let (name, value, colour) = *line;
    let points: Vec<String> = series
        .iter()
        .filter_map(|(t, ix)| Some(format!("{},{}", r2(plot.x(t.0)), r2(plot.y(value(ix)?)))))
        .collect();
    let _ = writeln!(
        out,
        r#"<polyline points="{}" fill="none" stroke-width="2" {}/>"#,
        points.join(" "),
        paint("stroke", colour)
    );
    let (kx, ky, text) = key;
    let _ = writeln!(
        out,
        r#"<line x1="{kx}" y1="{ky}" x2="{}" y2="{ky}" stroke-width="2" {}/>"#,
        kx + 24.0,
        paint("stroke", colour)
    );
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{}" font-size="13" {}>{name}</text>"#,
        kx + 30.0,
        ky + 4.0,
        paint("fill", text)
    );
}
