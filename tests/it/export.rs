//! `detente export` as a user runs it: figures and animations that look
//! right, are reproducible, and errors that leave nothing behind.

use super::{bundled, detente, text};
use resvg::tiny_skia::Pixmap;

fn export(args: &[&str]) -> std::process::Output {
    let mut all = vec!["export", bundled().to_str().unwrap()];
    all.extend_from_slice(args);
    detente(&all)
}

#[test]
fn a_png_figure_has_the_size_asked_for_and_is_not_blank() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fig.png");
    let o = export(&[
        "--at",
        "1985-06",
        "--out",
        out.to_str().unwrap(),
        "--size",
        "800x450",
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let png = Pixmap::load_png(&out).unwrap();
    assert_eq!((png.width(), png.height()), (800, 450));
    // Many colours: edges, discs and text, not an empty background.
    let colours = crate::count_colours(&png);
    assert!(colours > 100, "{colours} colours");
    // Reddish pixels: the hostile Pakistan–USSR edges of 1985.
    let red = png
        .pixels()
        .iter()
        .filter(|p| p.red() > 180 && p.green() < 110 && p.blue() < 110)
        .count();
    assert!(red > 200, "{red} red pixels");
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.png"), dir.path().join("b.png"));
    for out in [&a, &b] {
        let o = export(&[
            "--at",
            "2018",
            "--out",
            out.to_str().unwrap(),
            "--size",
            "640x360",
            "--quiet",
        ]);
        assert_eq!(o.status.code(), Some(0));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn scale_multiplies_the_pixels() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fig2x.png");
    let o = export(&[
        "--at",
        "2000",
        "--out",
        out.to_str().unwrap(),
        "--size",
        "400x300",
        "--scale",
        "2",
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let png = Pixmap::load_png(&out).unwrap();
    assert_eq!((png.width(), png.height()), (800, 600));
}

#[test]
fn an_svg_figure_is_vector_with_title_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fig.svg");
    let o = export(&[
        "--at",
        "1971-12",
        "--out",
        out.to_str().unwrap(),
        "--theme",
        "dark",
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains("Pakistan and Russia, 1947 to today"));
    assert!(svg.contains("December 1971"));
    assert!(svg.contains("<circle") && svg.contains("<path") && svg.contains("<text"));
    assert!(!svg.contains("<image"), "no embedded bitmap");
    resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).expect("valid SVG");
}

#[test]
fn a_gif_animation_has_one_frame_per_step() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shift.gif");
    let frames = dir.path().join("frames");
    let o = export(&[
        "--from",
        "1980",
        "--to",
        "1990",
        "--step",
        "2y",
        "--out",
        out.to_str().unwrap(),
        "--size",
        "320x180",
        "--fps",
        "5",
        "--frames",
        frames.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options
        .read_info(std::fs::File::open(&out).unwrap())
        .unwrap();
    assert_eq!((decoder.width(), decoder.height()), (320, 180));
    let mut count = 0;
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        assert_eq!(frame.delay, 20);
        count += 1;
    }
    assert_eq!(count, 6, "1980, 1982, …, 1990");
    assert_eq!(std::fs::read_dir(&frames).unwrap().count(), 6);
}

#[test]
fn an_unwritable_path_exits_3_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/folder/fig.png");
    let o = export(&[
        "--at",
        "1985",
        "--out",
        missing.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        text(&o.stderr).contains("the folder does not exist"),
        "{}",
        text(&o.stderr)
    );
    // A folder in the way of the output: the write fails, no debris remains.
    let blocker = dir.path().join("taken.png");
    std::fs::create_dir(&blocker).unwrap();
    let o = export(&[
        "--at",
        "1985",
        "--out",
        blocker.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("cannot write the file"),
        "{}",
        text(&o.stderr)
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["taken.png"], "only the folder in the way remains");
    assert_eq!(std::fs::read_dir(&blocker).unwrap().count(), 0);
}

#[test]
fn usage_mistakes_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("x.png");
    let jpg = dir.path().join("x.jpg");
    let gif = dir.path().join("x.gif");
    for args in [
        vec!["--at", "1985-13", "--out", png.to_str().unwrap()],
        vec!["--at", "1985", "--out", jpg.to_str().unwrap()],
        vec!["--at", "1985", "--out", gif.to_str().unwrap()],
        vec!["--from", "1985", "--out", gif.to_str().unwrap()],
        vec!["--out", png.to_str().unwrap()],
        vec![
            "--at",
            "1985",
            "--out",
            png.to_str().unwrap(),
            "--size",
            "big",
        ],
        vec![
            "--from",
            "1990",
            "--to",
            "1980",
            "--out",
            gif.to_str().unwrap(),
        ],
        vec![
            "--from",
            "1980",
            "--to",
            "1990",
            "--step",
            "1w",
            "--out",
            gif.to_str().unwrap(),
        ],
    ] {
        let o = export(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn invalid_data_exits_1() {
    let (_dir, bad) = super::temp_file("bad.ron", b"Dataset(version: 1, title: \"\")");
    let out = bad.with_extension("png");
    let o = detente(&[
        "export",
        bad.to_str().unwrap(),
        "--at",
        "1985",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn argument_mistakes_are_found_before_the_data_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let gif = dir.path().join("x.gif");
    let png = dir.path().join("x.png");
    // The data file does not exist: a usage error must come first (2, not 1).
    for args in [
        vec![
            "--from",
            "1990",
            "--to",
            "1980",
            "--out",
            gif.to_str().unwrap(),
        ],
        vec![
            "--at",
            "1985",
            "--out",
            png.to_str().unwrap(),
            "--scale",
            "0",
        ],
        vec![
            "--at",
            "1985",
            "--out",
            png.to_str().unwrap(),
            "--scale",
            "NaN",
        ],
        vec![
            "--from",
            "1980",
            "--to",
            "1990",
            "--fps",
            "0",
            "--out",
            gif.to_str().unwrap(),
        ],
        vec![
            "--from",
            "1980",
            "--to",
            "1990",
            "--fps",
            "500",
            "--out",
            gif.to_str().unwrap(),
        ],
    ] {
        let mut all = vec!["export", "/no/such/data.ron"];
        all.extend(&args);
        let o = detente(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
    }
    // An output folder that is not there: found before the data (3, not 1).
    let o = detente(&[
        "export",
        "/no/such/data.ron",
        "--at",
        "1985",
        "--out",
        "/no/such/folder/x.png",
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("the folder does not exist"));
}

#[test]
fn a_date_outside_the_data_is_a_usage_error_not_an_empty_figure() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("x.png");
    let gif = dir.path().join("x.gif");
    for args in [
        vec!["--at", "1900", "--out", png.to_str().unwrap()],
        vec!["--at", "2200-06", "--out", png.to_str().unwrap()],
        vec![
            "--from",
            "1930",
            "--to",
            "1940",
            "--out",
            gif.to_str().unwrap(),
        ],
    ] {
        let o = export(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains("the data's span"),
            "{}",
            text(&o.stderr)
        );
    }
    let o = detente(&["snapshot", bundled().to_str().unwrap(), "--at", "1900"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_cancelled_animation_removes_the_frames_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    let gif = dir.path().join("a.gif");
    let anim = detente::export::Animation {
        from: detente::date::Time::from_ymd(1980, 1, 1),
        to: detente::date::Time::from_ymd(1990, 1, 1),
        step: detente::export::Step::Months(12),
        fps: 4,
        within: None,
    };
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"10\"><rect width=\"20\" height=\"10\" fill=\"#123\"/></svg>";
    let result = detente::export::write_animation(
        &anim,
        |_| svg.to_owned(),
        Some(&gif),
        Some(&frames),
        |done, _| done < 4,
    );
    assert!(matches!(
        result,
        Err(detente::export::ExportError::Cancelled)
    ));
    assert!(!frames.exists());
    assert!(!gif.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_compare_figure_colours_by_change_and_says_since_when() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shift.svg");
    let o = detente(&[
        "export",
        bundled().to_str().unwrap(),
        "--at",
        "2018-06",
        "--compare",
        "1985-06",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains("Change since June 1985"), "the legend says so");
    assert!(svg.contains("June 1985 – June 2018"), "the date says so");
    // The same figure without --compare uses the relation scale.
    let plain = dir.path().join("plain.svg");
    let o = detente(&[
        "export",
        bundled().to_str().unwrap(),
        "--at",
        "2018-06",
        "--out",
        plain.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let plain = std::fs::read_to_string(&plain).unwrap();
    assert!(!plain.contains("Change since"));
    assert_ne!(plain, svg);
    // A date to compare with outside the data is a usage error.
    let o = detente(&[
        "export",
        bundled().to_str().unwrap(),
        "--at",
        "2018",
        "--compare",
        "1900",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_figure_leaves_out_the_kinds_and_the_weak_relations_the_view_hides() {
    let dir = tempfile::tempdir().unwrap();
    let svg = |extra: &[&str]| {
        let out = dir.path().join("f.svg");
        let mut args = vec![
            "export",
            bundled().to_str().unwrap(),
            "--at",
            "1985-06",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = detente(&args);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        std::fs::read_to_string(&out).unwrap()
    };
    // Economic ties are dotted (the third kind of the bundled data).
    let dotted = |s: &str| s.matches("stroke-dasharray=\"0 ").count();
    let edges = |s: &str| s.matches("<path d=\"M").count();
    let all = svg(&[]);
    assert!(dotted(&all) > 0, "the bundled figure has economic ties");
    let no_economic = svg(&["--hide-kind", "economic"]);
    assert_eq!(dotted(&no_economic), 0);
    assert!(edges(&no_economic) > 0 && edges(&no_economic) < edges(&all));
    let strong = svg(&["--min-strength", "0.7"]);
    assert!(edges(&strong) < edges(&all));
    // A kind the data does not have is a usage error naming those it has.
    let o = detente(&[
        "export",
        bundled().to_str().unwrap(),
        "--at",
        "1985",
        "--hide-kind",
        "trade",
        "--out",
        dir.path().join("g.svg").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("it has diplomatic, military, economic"),
        "{}",
        text(&o.stderr)
    );
}
