//! Figures and animations: the [`Scene`] at a date written as SVG, rasterised
//! to PNG with resvg (and a font shipped with the program, so text looks the
//! same everywhere), and sequences of frames encoded as an animated GIF or
//! numbered PNGs. Every file is written atomically: to a temporary file in
//! the target folder, then renamed into place.
//!
//! Output is a function of the inputs only (no timestamps, no randomness),
//! so the same inputs give byte-identical files.

pub mod chart;
pub mod measure;
pub mod svg;

use std::io::Write;
use std::path::{Path, PathBuf};

use resvg::{tiny_skia, usvg};

pub use svg::{Drawn, FigureOptions, figure_svg};

pub use crate::date::Step;
use crate::date::Time;
use crate::eval::snapshot;
use crate::layout::{Pins, TimelineLayout};
use crate::model::Dataset;
use crate::scene::{self, Presence, Scene, SceneOptions};
use crate::theme::{Theme, ThemeKind};

/// The font figures are set in.
const FONT: &[u8] = include_bytes!("../../assets/fonts/Ubuntu-Light.ttf");

/// A figure's size in points when none is asked for: 16:9, large enough
/// for a slide or a page at print resolution.
pub const FIGURE_SIZE: (u32, u32) = (1600, 900);

/// The full-HD size offered beside the canvas's own.
pub const HD_SIZE: (u32, u32) = (1920, 1080);

/// An animation's frame size when none is asked for: 16:9, small enough
/// that a GIF of the whole span stays a few megabytes.
pub const ANIMATION_SIZE: (u32, u32) = (960, 540);

/// The widths and heights a figure or a frame may have, in points: from a
/// thumbnail to a poster (the raster is also bounded by [`MAX_PIXELS`]).
pub const SIDES: std::ops::RangeInclusive<u32> = 16..=16_384;

/// The frames per second an animation may play at: GIF delays are in
/// hundredths of a second, and browsers slow anything faster than 50.
pub const FPS: std::ops::RangeInclusive<u32> = 1..=50;

/// `fps` brought into [`FPS`]: the one place an asked rate is clamped.
pub fn playable_fps(fps: u32) -> u32 {
    fps.clamp(*FPS.start(), *FPS.end())
}

/// The frames per second of an animation when none is asked for: a year a
/// quarter second reads as history, not as a flicker.
pub const DEFAULT_FPS: u32 = 4;

/// A figure's background: the light or the dark theme's, or none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Background {
    Light,
    Dark,
    Transparent,
}

impl Background {
    /// The theme the figure is drawn in (a transparent one in the light
    /// theme's colours).
    pub fn theme(self) -> ThemeKind {
        match self {
            Background::Dark => ThemeKind::Dark,
            Background::Light | Background::Transparent => ThemeKind::Light,
        }
    }

    pub fn is_transparent(self) -> bool {
        self == Background::Transparent
    }
}

/// The largest raster we agree to make, in pixels (about 16k × 8k).
pub const MAX_PIXELS: u64 = 134_217_728;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: cannot write the file: {}", io_reason(source))]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: the folder does not exist")]
    NoFolder { path: String },
    #[error("the image would be {width}×{height} pixels, more than detente makes (at most {} megapixels)", MAX_PIXELS / 1_000_000)]
    TooLarge { width: u64, height: u64 },
    #[error("cannot draw the figure: {0}")]
    Render(String),
    #[error("cancelled")]
    Cancelled,
}

/// Why a write failed, in words, without naming the temporary file it
/// went through (the user asked for another path): "permission denied",
/// "the disk is full".
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        ErrorKind::ReadOnlyFilesystem => "the disk is read-only".to_owned(),
        ErrorKind::StorageFull => "the disk is full".to_owned(),
        _ => {
            // tempfile adds the temporary file's path to its errors: keep
            // the error it wraps.
            let inner = e
                .get_ref()
                .and_then(|wrapped| wrapped.source())
                .and_then(|source| source.downcast_ref::<std::io::Error>());
            inner.unwrap_or(e).to_string()
        }
    }
}

/// Whether files can be written in `folder` (a temporary file is made
/// there and removed at once): the reason, in words, when not.
pub fn check_writable(folder: &Path) -> Result<(), String> {
    tempfile::Builder::new()
        .prefix(".detente-")
        .tempfile_in(folder)
        .map(drop)
        .map_err(|e| io_reason(&e))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder,
/// flushed, then renamed over the target. On any failure the target is left
/// as it was and no temporary file remains.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// Like [`write_atomic`], with the content written by `fill`.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(), ExportError> {
    let shown = path.display().to_string();
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(ExportError::NoFolder { path: shown });
    }
    let err = |source| ExportError::Write {
        path: shown.clone(),
        source,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".detente-")
        .suffix(".part")
        .tempfile_in(&folder)
        .map_err(err)?;
    fill(tmp.as_file_mut()).map_err(err)?;
    tmp.as_file_mut().sync_all().map_err(err)?;
    // Temporary files are private; the result is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(err)?;
    }
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// What figures are drawn from: the data, its whole-span layout, when
/// relations start and end, and the pins. The command line and the window
/// both draw through this, so the same settings give the same file.
pub struct Figure<'a> {
    pub ds: &'a Dataset,
    pub layout: &'a TimelineLayout,
    pub presence: &'a Presence,
    pub pins: &'a Pins,
}

impl Figure<'_> {
    /// The scene at `t` with the filters of `opts`, nothing selected;
    /// compared with the date `opts.compare`, if any.
    pub fn scene(&self, theme: &Theme, t: Time, opts: &FigureOptions) -> Scene {
        let snap = snapshot(self.ds, t, 0.0);
        let before = opts.compare.map(|c| snapshot(self.ds, c, 0.0));
        let mut positions = Vec::new();
        self.layout.positions_at(t, &mut positions);
        for (&i, &p) in self.pins {
            if let Some(slot) = positions.get_mut(i) {
                *slot = p;
            }
        }
        let scene_opts = SceneOptions {
            shift_from: before.as_ref(),
            kinds_enabled: &opts.kinds_enabled,
            min_strength: opts.min_strength,
            ..SceneOptions::plain(self.pins)
        };
        scene::build(
            self.ds,
            &snap,
            &positions,
            self.presence,
            theme,
            &scene_opts,
        )
    }

    /// Where the figure at `t` draws its network (see [`Drawn`]).
    pub fn drawn(&self, theme: &Theme, t: Time, opts: &FigureOptions) -> Drawn {
        let legend = svg::legend_height(self.ds, t, theme, opts.compare);
        Drawn::new(&self.scene(theme, t, opts), opts, legend)
    }

    /// The frames of an animation as SVG documents, by time: each fitted
    /// to the related states of the frames around it (the union of their
    /// boxes over [`FIT_WINDOW`] frames each side), so that the network
    /// fills the frame while the zoom changes only slowly.
    pub fn animation_frames<'f>(
        &'f self,
        theme: &'f Theme,
        anim: &Animation,
        opts: &'f FigureOptions,
    ) -> impl Fn(Time) -> String + 'f {
        let times = anim.times();
        let own: Vec<Option<[f32; 4]>> = times
            .iter()
            .map(|&t| scene::related_bounds(&self.scene(theme, t, opts)))
            .collect();
        let fits: Vec<Option<[f32; 4]>> = (0..own.len())
            .map(|k| {
                let around =
                    &own[k.saturating_sub(FIT_WINDOW)..(k + FIT_WINDOW + 1).min(own.len())];
                crate::layout::bounds_of(
                    around
                        .iter()
                        .flatten()
                        .flat_map(|b| [[b[0], b[1]], [b[2], b[3]]]),
                )
            })
            .collect();
        move |t: Time| {
            let k = times
                .partition_point(|s| s.0 < t.0)
                .min(fits.len().saturating_sub(1));
            let opts = FigureOptions {
                fit_bounds: fits.get(k).copied().flatten(),
                ..opts.clone()
            };
            self.svg(theme, t, &opts)
        }
    }

    /// The figure at `t` as an SVG document.
    pub fn svg(&self, theme: &Theme, t: Time, opts: &FigureOptions) -> String {
        figure_svg(self.ds, &self.scene(theme, t, opts), t, theme, opts)
    }
}

/// Rasterises an SVG figure at `scale` (pixels per point).
pub fn rasterise(svg_text: &str, scale: f32) -> Result<tiny_skia::Pixmap, ExportError> {
    let mut opt = usvg::Options::default();
    opt.fontdb_mut().load_font_data(FONT.to_vec());
    if let Some(family) = opt
        .fontdb
        .faces()
        .next()
        .and_then(|f| f.families.first())
        .map(|(name, _)| name.clone())
    {
        opt.font_family = family;
    }
    let tree =
        usvg::Tree::from_str(svg_text, &opt).map_err(|e| ExportError::Render(e.to_string()))?;
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).round().max(1.0) as u64,
        (size.height() * scale).round().max(1.0) as u64,
    );
    if w * h > MAX_PIXELS {
        return Err(ExportError::TooLarge {
            width: w,
            height: h,
        });
    }
    let mut pixmap = tiny_skia::Pixmap::new(w as u32, h as u32)
        .ok_or_else(|| ExportError::Render("cannot allocate the image".to_owned()))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// An SVG figure as PNG bytes.
pub fn png_bytes(svg_text: &str, scale: f32) -> Result<Vec<u8>, ExportError> {
    rasterise(svg_text, scale)?
        .encode_png()
        .map_err(|e| ExportError::Render(e.to_string()))
}

/// Straight (not premultiplied) RGBA pixels of a pixmap.
pub fn straight_rgba(pixmap: &tiny_skia::Pixmap) -> Vec<u8> {
    let mut out = Vec::with_capacity(pixmap.data().len());
    for p in pixmap.pixels() {
        let c = p.demultiply();
        out.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    out
}

/// How many frames on each side of a frame its fit takes in (see
/// [`Figure::animation_frames`]): about a second of playback at the
/// default rate.
pub const FIT_WINDOW: usize = 4;

/// What an animation covers and how it plays.
#[derive(Clone, Debug, PartialEq)]
pub struct Animation {
    pub from: Time,
    pub to: Time,
    pub step: Step,
    pub fps: u32,
    /// The data's span: a frame that falls outside it shows its first (or
    /// last) day instead, so `--from 1947` over data from August 1947
    /// starts on the data's first day and keeps to whole years after.
    pub within: Option<(Time, Time)>,
}

impl Animation {
    /// The frame times: every step from `from` to `to` inclusive, each
    /// moved into `within` (the same day twice counts once); at most
    /// 10,000.
    pub fn times(&self) -> Vec<Time> {
        let mut out: Vec<Time> = Vec::new();
        let mut t = self.from;
        while t <= self.to && out.len() < 10_000 {
            let shown = match self.within {
                Some((lo, hi)) => Time(t.0.clamp(lo.0, hi.0)),
                None => t,
            };
            if out.last() != Some(&shown) {
                out.push(shown);
            }
            let next = self.step.after(t);
            if next <= t {
                break;
            }
            t = next;
        }
        out
    }
}

/// Writes an animation: an animated GIF at `gif` and/or numbered PNGs in
/// `frames_dir`. `frame_svg(t)` draws one frame; `progress(done, total)`
/// returns false to cancel: the GIF is not written (its temporary file is
/// removed), the frames this run wrote are removed, and so is the frames
/// folder if this run made it (frames of an earlier export are left); the
/// result is then [`ExportError::Cancelled`].
pub fn write_animation(
    anim: &Animation,
    frame_svg: impl Fn(Time) -> String,
    gif_path: Option<&Path>,
    frames_dir: Option<&Path>,
    mut progress: impl FnMut(usize, usize) -> bool,
) -> Result<usize, ExportError> {
    let times = anim.times();
    let total = times.len();
    let made_dir = frames_dir.filter(|d| !d.exists());
    if let Some(dir) = frames_dir {
        std::fs::create_dir_all(dir).map_err(|source| ExportError::Write {
            path: dir.display().to_string(),
            source,
        })?;
    }
    // The frames this run created, removed if the animation is not
    // finished (frames of an earlier export it replaced are left).
    let mut written: Vec<PathBuf> = Vec::new();
    let delay = (100.0 / f64::from(playable_fps(anim.fps))).round() as u16;
    let mut encode = |file: Option<&mut std::fs::File>| -> Result<(), ExportError> {
        let mut encoder: Option<gif::Encoder<&mut std::fs::File>> = None;
        let mut file = file;
        for (k, &t) in times.iter().enumerate() {
            if !progress(k, total) {
                return Err(ExportError::Cancelled);
            }
            let svg_text = frame_svg(t);
            let pixmap = rasterise(&svg_text, 1.0)?;
            if let Some(dir) = frames_dir {
                let png = pixmap
                    .encode_png()
                    .map_err(|e| ExportError::Render(e.to_string()))?;
                let frame_path = dir.join(format!("frame-{k:05}.png"));
                let new = !frame_path.exists();
                write_atomic(&frame_path, &png)?;
                if new {
                    written.push(frame_path);
                }
            }
            if let Some(f) = file.take() {
                let mut e =
                    gif::Encoder::new(f, pixmap.width() as u16, pixmap.height() as u16, &[])
                        .map_err(|e| ExportError::Render(e.to_string()))?;
                e.set_repeat(gif::Repeat::Infinite)
                    .map_err(|e| ExportError::Render(e.to_string()))?;
                encoder = Some(e);
            }
            if let Some(e) = encoder.as_mut() {
                let mut rgba = straight_rgba(&pixmap);
                let mut frame = gif::Frame::from_rgba_speed(
                    pixmap.width() as u16,
                    pixmap.height() as u16,
                    &mut rgba,
                    10,
                );
                frame.delay = delay;
                e.write_frame(&frame)
                    .map_err(|e| ExportError::Render(e.to_string()))?;
            }
        }
        progress(total, total);
        Ok(())
    };
    let result = match gif_path {
        Some(path) => {
            let mut failure = None;
            let done = write_atomic_with(path, |f| {
                encode(Some(f)).map_err(|e| {
                    failure = Some(e);
                    std::io::Error::other("animation not written")
                })
            });
            match failure {
                Some(e) => Err(e),
                None => done,
            }
        }
        None => encode(None),
    };
    if result.is_err() {
        // Cancelled or failed: leave nothing behind.
        for frame in &written {
            let _ = std::fs::remove_file(frame);
        }
        if let Some(dir) = made_dir {
            let _ = std::fs::remove_dir(dir);
        }
    }
    result.map(|()| total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn animation_times_cover_the_span() {
        let anim = Animation {
            from: Time::from_ymd(1980, 1, 1),
            to: Time::from_ymd(1990, 1, 1),
            step: Step::Months(12),
            fps: 4,
            within: None,
        };
        let times = anim.times();
        assert_eq!(times.len(), 11);
        assert_eq!(times.last().copied(), Some(Time::from_ymd(1990, 1, 1)));
        // Data from mid-1980: the first frame on its first day, then the
        // first of each year.
        let mid = Time::from_ymd(1980, 8, 15);
        let within = Animation {
            within: Some((mid, Time::from_ymd(2000, 1, 1))),
            ..anim
        };
        let times = within.times();
        assert_eq!(times[..2], [mid, Time::from_ymd(1981, 1, 1)]);
        assert_eq!(times.len(), 11);
    }

    #[test]
    fn atomic_writes_replace_whole_files_and_leave_no_debris() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let failed = write_atomic_with(&path, |f| {
            f.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(matches!(
            write_atomic(&dir.path().join("no/such/dir/x.png"), b"x"),
            Err(ExportError::NoFolder { .. })
        ));
    }

    #[test]
    fn text_is_rendered_with_the_shipped_font() {
        let with_text = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="10" y="40" font-size="30" font-family="Ubuntu">Tashkent</text></svg>"#;
        let without = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"></svg>"#;
        let inked = |svg: &str| {
            rasterise(svg, 1.0)
                .unwrap()
                .pixels()
                .iter()
                .filter(|p| p.alpha() > 0)
                .count()
        };
        assert!(inked(with_text) > 200);
        assert_eq!(inked(without), 0);
    }
}
