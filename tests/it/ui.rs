//! The real window, driven through `egui_kittest`: the timeline, keys,
//! playback, selection, the pair chart, search and a broken file.

use detente::app::{DetenteApp, Selection, Settings};
use eframe::egui::{self, Key, Modifiers, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn harness() -> Harness<'static, DetenteApp> {
    harness_of_size(egui::vec2(1200.0, 800.0))
}

/// The bundled data in a window of `size`, its whole layout arrived.
fn harness_of_size(size: egui::Vec2) -> Harness<'static, DetenteApp> {
    let mut h = Harness::builder().with_size(size).build_ui_state(
        |ui, app: &mut DetenteApp| app.draw(ui),
        {
            let mut app = DetenteApp::with_settings(Settings::default());
            app.open_bundled();
            app
        },
    );
    // Let the whole background layout arrive (a debug build takes a few
    // seconds), so that every test sees the final picture.
    assert!(
        step_until(&mut h, 20_000, |app| app
            .layout()
            .is_some_and(detente::layout::TimelineLayout::is_complete)),
        "the layout did not finish"
    );
    h.step();
    h
}

/// Where the state with index `s` is drawn, found as assistive technology
/// finds it: by its accessible node, named as the state is at the date.
fn state_pos(h: &Harness<'_, DetenteApp>, s: usize) -> Option<egui::Pos2> {
    let app = h.state();
    let name = app.dataset()?.states[s].name_at(app.time()).to_owned();
    h.query_by_role_and_label(Role::ListItem, &name)
        .map(|n| n.rect().center())
}

/// Moves the timeline to a date, as a screen reader sets the slider.
fn set_date(h: &mut Harness<'_, DetenteApp>, year: f64) {
    h.get_by_role_and_label(Role::Slider, "Date")
        .set_value_accesskit(year);
    h.run_steps(3);
}

/// Clicks the disc of the state with `id` on the canvas; returns its index.
fn click_state(h: &mut Harness<'_, DetenteApp>, id: &str) -> usize {
    // Let the camera settle on the date's picture first.
    h.run_steps(150);
    let state = h.state().dataset().unwrap().state_index(id).unwrap();
    let at = state_pos(h, state).expect("the state is drawn");
    h.hover_at(at);
    h.drag_at(at);
    h.run_steps(1);
    h.drop_at(at);
    h.run_steps(2);
    state
}

fn shown_date(h: &Harness<'_, DetenteApp>) -> String {
    detente::date::spoken(h.state().time())
}

#[test]
fn the_timeline_and_the_arrow_keys_change_the_date() {
    let mut h = harness();
    let start = shown_date(&h);
    assert!(
        h.query_by_label(&start).is_some(),
        "the start date {start} is shown"
    );
    set_date(&mut h, 1985.45);
    assert_eq!(h.state().time().month().to_string(), "1985-06");
    assert!(h.query_by_label("June 1985").is_some());
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    assert_eq!(h.state().time().month().to_string(), "1985-07");
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    h.run_steps(2);
    assert_eq!(h.state().time().month().to_string(), "1984-07");
    h.key_press(Key::End);
    h.run_steps(2);
    assert_eq!(h.state().time(), h.state().dataset().unwrap().end);
}

#[test]
fn dragging_the_timeline_moves_the_date() {
    let mut h = harness();
    let slider = h.get_by_role_and_label(Role::Slider, "Date");
    let rect = slider.rect();
    let (from, to) = (
        rect.left_center() + egui::vec2(20.0, 0.0),
        rect.center() + egui::vec2(0.0, 10.0),
    );
    h.hover_at(from);
    h.drag_at(from);
    h.run_steps(2);
    h.hover_at(to);
    h.run_steps(2);
    h.drop_at(to);
    h.run_steps(2);
    let year = h.state().time().year_frac();
    let ds = h.state().dataset().unwrap();
    let middle = f64::midpoint(ds.start.year_frac(), ds.end.year_frac());
    assert!(
        (year - middle).abs() < 3.0,
        "dragged to {year}, middle is {middle}"
    );
}

#[test]
fn play_advances_the_date_by_the_frame_time() {
    let mut h = harness();
    h.state_mut().set_fixed_dt(Some(0.5));
    let before = h.state().time();
    h.key_press(Key::Space);
    h.run_steps(4);
    assert!(h.state().is_playing());
    let after = h.state().time();
    // 2 years a second, half a second a frame: about a year a frame.
    let years = (after.0 - before.0) / detente::date::DAYS_PER_YEAR;
    assert!((2.5..=5.5).contains(&years), "advanced {years} years");
    h.key_press(Key::Space);
    h.run_steps(2);
    assert!(!h.state().is_playing());
    // Paused on a whole day: the day the date line names.
    let t = h.state().time();
    assert_eq!(t.0, t.0.floor(), "paused between two days");
    assert!(h.query_by_label(&detente::date::spoken(t)).is_some());
}

#[test]
fn clicking_a_state_selects_it_and_lists_its_relations() {
    let mut h = harness();
    set_date(&mut h, 1985.45);
    let pak = click_state(&mut h, "PAK");
    assert_eq!(h.state().selection(), Selection::State(pak));
    assert!(
        h.query_all_by_label_contains("Relations, June 1985")
            .next()
            .is_some()
    );
    // The Soviet Union is listed among Pakistan's relations, as a link.
    assert!(
        h.query_by_role_and_label(Role::Link, "Soviet Union")
            .is_some()
    );
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert_eq!(h.state().selection(), Selection::None);
}

#[test]
fn choosing_a_relation_shows_the_pair_chart_and_its_sources() {
    let mut h = harness();
    set_date(&mut h, 1985.45);
    let canvas = |h: &Harness<'_, DetenteApp>| h.state().canvas_rect().unwrap().width().round();
    let before = canvas(&h);
    click_state(&mut h, "PAK");
    h.get_by_role_and_label(Role::Link, "Soviet Union").click();
    h.run_steps(3);
    assert!(matches!(h.state().selection(), Selection::Pair(_, _)));
    // The chart's legend names the aggregate line; the source behind the
    // value in force is a link.
    assert!(h.query_all_by_label_contains("Aggregate").next().is_some());
    assert!(
        h.query_all_by_label_contains("Soviet%E2%80%93Afghan_War")
            .next()
            .is_some()
    );
    // The side panel keeps its width with the chart and after it: long
    // source addresses are cut, never widen it.
    assert_eq!(canvas(&h), before, "the chart widened the panel");
    h.key_press(Key::Escape);
    h.run_steps(3);
    assert_eq!(canvas(&h), before, "the panel stayed wider");
    // The chart opens larger in a window of its own; Esc closes it.
    click_state(&mut h, "PAK");
    h.get_by_role_and_label(Role::Link, "Soviet Union").click();
    h.run_steps(3);
    h.get_by_label("Open larger").click();
    h.run_steps(3);
    // Its title (the window itself has no bounds of its own) and, in it,
    // the chart's key, far wider apart than the side panel allows.
    let title = h
        .query_all_by_label("Pakistan – Soviet Union")
        .find_map(|n| n.accesskit_node().bounding_box());
    assert!(title.is_some(), "the chart's window is open");
    let keys: Vec<f64> = h
        .query_all_by_label("Events")
        .filter_map(|n| n.accesskit_node().bounding_box().map(|b| b.x1))
        .collect();
    assert_eq!(keys.len(), 2, "a key in the panel and one in the window");
    // The window's chart spans more than the side panel: its key ends
    // farther from the panel's.
    // The window opens over the canvas, left of the side panel, where the
    // panel's own chart cannot be.
    let panel_left = f64::from(h.state().canvas_rect().unwrap().right());
    assert!(
        keys.iter().any(|&x| x < panel_left),
        "the chart did not open in a window: {keys:?}"
    );
    h.key_press(Key::Escape);
    h.run_steps(3);
    assert!(h.query_by_label("Pakistan – Soviet Union").is_none());
}

#[test]
fn search_selects_a_state() {
    let mut h = harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run_steps(2);
    h.get_by_role(Role::TextInput).type_text("pakis");
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(3);
    let pak = h.state().dataset().unwrap().state_index("PAK").unwrap();
    assert_eq!(h.state().selection(), Selection::State(pak));
}

#[test]
fn a_broken_file_shows_its_problems_and_keeps_the_data() {
    let mut h = harness();
    let title = h.state().dataset().unwrap().title.clone();
    h.state_mut().open_text(
        "broken.ron",
        "Dataset(version: 1, title: \"x\", states: [State(id: \"A\")])",
    );
    h.run_steps(2);
    assert_eq!(h.state().dataset().unwrap().title, title);
    assert!(h.query_by_label("The file could not be loaded:").is_some());
    assert!(
        h.query_by_label_contains("broken.ron:1:42: missing field \"name\" in State")
            .is_some()
    );
    h.get_by_label("Dismiss").click();
    h.run_steps(2);
    assert!(h.query_by_label("The file could not be loaded:").is_none());
}

#[test]
fn save_screenshot_writes_the_window_as_png() {
    let mut h = harness();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shot.png");
    h.state_mut().save_screenshots_to(Some(path.clone()));
    h.key_press(Key::F12);
    for _ in 0..6 {
        h.step();
    }
    let png = resvg::tiny_skia::Pixmap::load_png(&path).expect("a PNG was written");
    assert_eq!((png.width(), png.height()), (1200, 800));
    assert_eq!(h.state().last_saved(), Some(path.as_path()));
    // The window's content, not a blank image.
    let colours = crate::count_colours(&png);
    assert!(colours > 50, "{colours} colours");
    // The notice of that save is not in the next screenshot: it hides
    // until the picture is taken, then tells the new save.
    assert!(h.query_all_by_label_contains("Saved ").next().is_some());
    let second = dir.path().join("second.png");
    h.state_mut().save_screenshots_to(Some(second.clone()));
    // The frame that takes the key (key_press runs it) asks for the
    // picture; the next is it.
    h.key_press(Key::F12);
    h.step();
    assert!(
        h.query_all_by_label_contains("Saved ").next().is_none(),
        "the notice hides while the screenshot is taken"
    );
    for _ in 0..6 {
        h.step();
    }
    assert_eq!(h.state().last_saved(), Some(second.as_path()));
    assert!(h.query_all_by_label_contains("Saved ").next().is_some());
}

/// The whole window as a picture, to catch visual regressions: the default
/// data in 1985 (light) and in 2018 (dark). `UPDATE_SNAPSHOTS=1 cargo test`
/// rewrites them after an intended change.
#[test]
fn window_snapshots() {
    let mut h = harness();
    set_date(&mut h, 1985.45);
    h.run_steps(200);
    h.snapshot("window-1985-light");
    h.key_press_modifiers(Modifiers::COMMAND, Key::T);
    set_date(&mut h, 2018.45);
    h.run_steps(200);
    h.snapshot("window-2018-dark");
}

#[test]
fn every_arrow_press_counts_even_several_in_one_frame() {
    let mut h = harness();
    set_date(&mut h, 1985.45);
    for _ in 0..3 {
        h.key_press(Key::ArrowRight);
    }
    for _ in 0..2 {
        h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    }
    h.key_press(Key::ArrowLeft);
    h.run_steps(1);
    assert_eq!(h.state().time().month().to_string(), "1987-08");
}

/// The box `[x0, y0, x1, y1]` of every drawn disc's centre, in points.
fn drawn_box(h: &Harness<'_, DetenteApp>) -> [f32; 4] {
    let n = h.state().dataset().unwrap().states.len();
    (0..n)
        .filter_map(|i| state_pos(h, i))
        .fold([f32::MAX, f32::MAX, f32::MIN, f32::MIN], |b, p| {
            [b[0].min(p.x), b[1].min(p.y), b[2].max(p.x), b[3].max(p.y)]
        })
}

#[test]
fn the_network_fills_the_canvas_and_refits_when_the_window_grows() {
    let mut h = harness();
    set_date(&mut h, 2018.45);
    h.run_steps(200);
    let small = drawn_box(&h);
    let (w, ht) = (small[2] - small[0], small[3] - small[1]);
    // The canvas is the window less the side panel and the timeline.
    assert!(
        w > 0.5 * 900.0 || ht > 0.5 * 650.0,
        "drawn {w}×{ht} of 1200×800"
    );
    h.set_size(egui::vec2(1800.0, 1100.0));
    h.run_steps(5);
    let big = drawn_box(&h);
    let grown = (big[3] - big[1]) / ht;
    assert!(grown > 1.3, "the network grew {grown}× with the window");
}

#[test]
fn a_pin_keeps_the_picture_until_its_layout_is_ready_and_the_state_stays_put() {
    let mut h = harness();
    set_date(&mut h, 1985.45);
    h.run_steps(200);
    let ds = h.state().dataset().unwrap().clone();
    let (pak, ind) = (
        ds.state_index("PAK").unwrap(),
        ds.state_index("IND").unwrap(),
    );
    let india_before = state_pos(&h, ind).unwrap();
    let from = state_pos(&h, pak).unwrap();
    let to = from + egui::vec2(-60.0, 40.0);
    h.hover_at(from);
    h.drag_at(from);
    h.run_steps(1);
    h.hover_at(to);
    h.run_steps(1);
    h.drop_at(to);
    h.run_steps(2);
    assert!(h.state().pins().contains_key(&pak));
    // The re-layout runs in the background; meanwhile nothing else jumps.
    let india_now = state_pos(&h, ind).unwrap();
    assert!(
        india_now.distance(india_before) < 1.0,
        "India jumped at once"
    );
    assert!(!h.state().layout_settled());
    assert!(step_until(&mut h, 2_000, DetenteApp::layout_settled));
    h.run_steps(60);
    let dropped = state_pos(&h, pak).unwrap();
    assert!(
        dropped.distance(to) < 2.0,
        "Pakistan is at {dropped:?}, dropped at {to:?}"
    );
}

/// Steps the harness until `done` holds, at most `steps` frames (each
/// yields a few milliseconds to the background threads); whether it held.
fn step_until(
    h: &mut Harness<'_, DetenteApp>,
    steps: usize,
    done: impl Fn(&DetenteApp) -> bool,
) -> bool {
    for _ in 0..steps {
        h.step();
        if done(h.state()) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    false
}

#[test]
fn saving_the_file_in_an_editor_reloads_it_and_mistakes_keep_the_last_good_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    let good = |title: &str| {
        format!(
            "Dataset(version: 1, title: \"{title}\", states: [State(id: \"A\", name: \"Aland\"), State(id: \"B\", name: \"Bland\")],\n relations: [Relation(a: \"A\", b: \"B\", kind: \"diplomatic\", keys: [Key(date: \"1950\", score: 0.5)])])"
        )
    };
    std::fs::write(&path, good("First")).unwrap();
    let mut h = harness();
    h.state_mut().open_path(&path);
    h.step();
    assert_eq!(h.state().dataset().unwrap().title, "First");
    // A mistake: the banner names the line and column, the data stays.
    std::fs::write(
        &path,
        "Dataset(version: 1,\n  title: \"Second\",\n  states: [State(id: \"A\")])",
    )
    .unwrap();
    assert!(
        step_until(&mut h, 1_000, |app| !app.problems().is_empty()),
        "the change was noticed"
    );
    assert_eq!(h.state().dataset().unwrap().title, "First");
    h.step();
    assert!(
        h.query_all_by_label_contains("mine.ron:3:12: missing field \"name\" in State")
            .next()
            .is_some()
    );
    // Fixed: the new data replaces the old and the banner goes.
    std::fs::write(&path, good("Third")).unwrap();
    assert!(step_until(&mut h, 1_000, |app| app
        .dataset()
        .is_some_and(|d| d.title == "Third")));
    assert!(h.state().problems().is_empty());
}

/// A file dropped on the window, as the windowing system hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_ron_file_on_the_window_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dropped.ron");
    std::fs::write(
        &path,
        "Dataset(version: 1, title: \"Dropped data\", states: [State(id: \"A\", name: \"Aland\")])",
    )
    .unwrap();
    let mut h = harness();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path)));
    h.run_steps(2);
    assert_eq!(h.state().dataset().unwrap().title, "Dropped data");
    assert!(h.query_by_label("Dropped data").is_some());
}

/// A small valid dataset titled `title`.
fn tiny(title: &str) -> String {
    format!(
        "Dataset(version: 1, title: \"{title}\", states: [State(id: \"A\", name: \"Aland\"), State(id: \"B\", name: \"Bland\")],\n relations: [Relation(a: \"A\", b: \"B\", kind: \"diplomatic\", keys: [Key(date: \"1950\", score: 0.5)])])"
    )
}

/// The app as `detente FILE` launches it.
fn launched_on(path: &std::path::Path) -> Harness<'static, DetenteApp> {
    let path = path.to_path_buf();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_eframe(move |cc| DetenteApp::new(cc, Some(path)));
    h.run_steps(3);
    h
}

#[test]
fn launching_on_a_broken_file_shows_its_problems_and_offers_the_bundled_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    std::fs::write(
        &path,
        "Dataset(version: 1,\n  title: \"Mine\",\n  states: [State(id: \"A\")])",
    )
    .unwrap();
    let mut h = launched_on(&path);
    // Not silently replaced by the bundled data.
    assert!(h.state().dataset().is_none());
    assert!(h.query_by_label("The file could not be loaded:").is_some());
    assert!(
        h.query_all_by_label_contains("mine.ron:3:12: missing field \"name\" in State")
            .next()
            .is_some()
    );
    // The file is watched: fixing it loads it.
    std::fs::write(&path, tiny("Mine, fixed")).unwrap();
    assert!(step_until(&mut h, 1_000, |app| app
        .dataset()
        .is_some_and(|d| d.title == "Mine, fixed")));
    assert!(h.state().problems().is_empty());
}

#[test]
fn launching_on_a_missing_file_says_so_and_the_bundled_data_is_one_click_away() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("not-yet.ron");
    let mut h = launched_on(&path);
    assert!(h.state().dataset().is_none());
    assert!(
        h.query_all_by_label_contains("not-yet.ron: cannot read the file")
            .next()
            .is_some()
    );
    h.get_all_by_label("Show the bundled dataset")
        .next()
        .unwrap()
        .click();
    h.run_steps(2);
    assert_eq!(
        h.state().dataset().unwrap().title,
        detente::load::load_str("bundled", detente::DEFAULT_DATASET)
            .unwrap()
            .title
    );
    assert!(h.state().problems().is_empty());
}

#[test]
fn a_change_on_disk_wakes_the_window_without_any_input() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    std::fs::write(&path, tiny("First")).unwrap();
    let mut h = launched_on(&path);
    // Idle: nothing left to draw.
    let mut idle = false;
    for _ in 0..500 {
        h.step();
        if !h.ctx.has_requested_repaint() {
            idle = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(idle, "the window never went idle");
    // An editor saves by writing a temporary file and renaming it over.
    let temporary = dir.path().join(".mine.ron.swp");
    std::fs::write(&temporary, tiny("Second")).unwrap();
    std::fs::rename(&temporary, &path).unwrap();
    let mut woken = false;
    for _ in 0..250 {
        if h.ctx.has_requested_repaint() {
            woken = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(woken, "the watcher did not wake the window");
    h.step();
    assert_eq!(h.state().dataset().unwrap().title, "Second");
    // Deleting it is said, and the last good data stays.
    std::fs::remove_file(&path).unwrap();
    assert!(step_until(&mut h, 1_000, |app| !app.problems().is_empty()));
    assert!(h.state().problems()[0].contains("deleted or renamed"));
    assert_eq!(h.state().dataset().unwrap().title, "Second");
}

/// Steps the window until it asks for no more frames and its layout is
/// final, at most `steps` frames; whether it did.
fn went_idle(h: &mut Harness<'_, DetenteApp>, steps: usize) -> bool {
    step_until(h, steps, DetenteApp::layout_settled) && {
        for _ in 0..steps {
            if !h.ctx.has_requested_repaint() {
                return true;
            }
            h.step();
        }
        false
    }
}

/// Watches the idle window for `millis` of wall time (the file watcher
/// reports on its own thread): how many frames it asked for meanwhile.
fn frames_asked_while_idle(h: &mut Harness<'_, DetenteApp>, millis: u64) -> usize {
    let until = std::time::Instant::now() + std::time::Duration::from_millis(millis);
    let mut frames = 0;
    while std::time::Instant::now() < until {
        if h.ctx.has_requested_repaint() {
            frames += 1;
            h.step();
        }
        std::thread::yield_now();
    }
    frames
}

#[test]
fn one_save_reloads_once_then_the_window_goes_idle() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    std::fs::write(&path, tiny("First")).unwrap();
    let mut h = launched_on(&path);
    assert!(went_idle(&mut h, 2_000), "idle after launch");
    let reads = h.state().reads();
    // Saved from an editor, once.
    std::fs::write(&path, tiny("Second")).unwrap();
    assert!(step_until(&mut h, 1_000, |app| app
        .dataset()
        .is_some_and(|d| d.title == "Second")));
    assert!(went_idle(&mut h, 2_000), "idle after the reload");
    // The reload's own reading of the file is no change: nothing more
    // happens, however long one waits.
    let frames = frames_asked_while_idle(&mut h, 1_000);
    assert_eq!(h.state().reads(), reads + 1, "exactly one reload");
    assert!(frames <= 2, "the idle window asked for {frames} frames");
    assert!(!h.ctx.has_requested_repaint());
    // Ctrl+R on an unchanged file changes nothing either, and says so.
    h.key_press_modifiers(Modifiers::COMMAND, Key::R);
    h.step();
    let notice = h.state().notice().expect("Ctrl+R is answered");
    assert!(
        notice.ends_with("unchanged since it was loaded"),
        "{notice}"
    );
    h.key_press(Key::Escape);
    h.step();
    assert!(went_idle(&mut h, 200), "idle after Ctrl+R");
    let frames = frames_asked_while_idle(&mut h, 1_000);
    assert_eq!(
        h.state().reads(),
        reads + 1,
        "the same bytes are not read as new"
    );
    assert!(
        frames <= 2,
        "after Ctrl+R the window asked for {frames} frames"
    );
}

#[test]
fn esc_closes_an_open_menu_then_the_help_then_clears_the_selection() {
    let mut h = harness();
    let pak = click_state(&mut h, "PAK");
    assert_eq!(h.state().selection(), Selection::State(pak));
    h.get_by_label("File").click();
    h.run_steps(2);
    assert!(h.query_by_label("Export Animation…").is_some());
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(
        h.query_by_label("Export Animation…").is_none(),
        "menu closed"
    );
    assert_eq!(h.state().selection(), Selection::State(pak));
    h.key_press(Key::F1);
    h.run_steps(2);
    assert!(h.query_by_label("Keyboard shortcuts").is_some());
    // An export dialog opened after the help closes first.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(2);
    assert!(h.query_by_label("Export Figure").is_some());
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.query_by_label("Export Figure").is_none(), "dialog closed");
    assert!(h.query_by_label("Keyboard shortcuts").is_some());
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(
        h.query_by_label("Keyboard shortcuts").is_none(),
        "help closed"
    );
    // The other way round: the help, opened last, closes first.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.key_press(Key::F1);
    h.run_steps(2);
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.query_by_label("Keyboard shortcuts").is_none());
    assert!(h.query_by_label("Export Figure").is_some());
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.query_by_label("Export Figure").is_none());
    assert_eq!(h.state().selection(), Selection::State(pak));
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert_eq!(h.state().selection(), Selection::None);
}

#[test]
fn search_finds_a_state_by_an_earlier_or_later_name_and_goes_to_when_it_exists() {
    let mut h = harness();
    set_date(&mut h, 1960.5);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run_steps(2);
    h.get_by_role(Role::TextInput).type_text("bangla");
    h.run_steps(2);
    assert!(
        h.query_all_by_label_contains("Bangladesh, 1971–")
            .next()
            .is_some()
    );
    h.key_press(Key::Enter);
    h.run_steps(3);
    let bgd = h.state().dataset().unwrap().state_index("BGD").unwrap();
    assert_eq!(h.state().selection(), Selection::State(bgd));
    assert_eq!(h.state().time().month().to_string(), "1971-03");
    // A later name, in 1985.
    set_date(&mut h, 1985.5);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run_steps(2);
    h.get_by_role(Role::TextInput).type_text("russia");
    h.run_steps(2);
    assert!(
        h.query_all_by_label_contains("Soviet Union (later Russia)")
            .next()
            .is_some()
    );
}

/// Opens the Export Figure dialog and sets where it saves.
fn export_figure_to(h: &mut Harness<'_, DetenteApp>, path: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(2);
    let field = h
        .get_all_by_role(Role::TextInput)
        .next()
        .expect("a path field");
    field.focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_all_by_role(Role::TextInput)
        .next()
        .unwrap()
        .type_text(path);
    h.run_steps(2);
    h.get_by_label("Export").click();
    h.run_steps(2);
}

#[test]
fn an_exported_figure_hides_what_the_view_hides() {
    let mut h = harness();
    set_date(&mut h, 1985.45);
    h.get_by_label("Filters").click();
    h.run_steps(2);
    h.get_by_label("Economic").click();
    h.run_steps(2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("figure.svg");
    export_figure_to(&mut h, path.to_str().unwrap());
    assert!(step_until(&mut h, 1_000, |app| app.last_saved().is_some()));
    let svg = std::fs::read_to_string(&path).unwrap();
    // Economic ties are the dotted ones: none, while other ties are drawn.
    assert_eq!(svg.matches("stroke-dasharray=\"0 ").count(), 0);
    assert!(svg.matches("<path d=\"M").count() > 0);
}

#[test]
fn an_export_reports_its_outcome_in_its_own_place_never_in_the_load_banner() {
    let mut h = harness();
    // A folder that does not exist: the dialog says so and stays open.
    export_figure_to(&mut h, "/no/such/folder/figure.png");
    assert!(
        h.query_by_label_contains("There is no folder /no/such/folder")
            .is_some()
    );
    h.key_press(Key::Escape);
    h.run_steps(2);
    // A folder that cannot be written (even by root): the dialog says
    // why, naming the folder, and stays open.
    export_figure_to(&mut h, "/sys/detente-figure.png");
    assert!(
        h.query_by_label_contains("Cannot write in /sys: permission denied")
            .is_some()
    );
    assert!(h.state().notice().is_none());
    assert!(h.state().problems().is_empty());
    assert!(h.query_by_label("The file could not be loaded:").is_none());
    h.key_press(Key::Escape);
    h.run_steps(2);
    // A writable place: saved.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("figure.png");
    export_figure_to(&mut h, path.to_str().unwrap());
    assert!(step_until(&mut h, 1_000, |app| app.last_saved().is_some()));
    assert_eq!(h.state().last_saved(), Some(path.as_path()));
    assert!(path.exists());
}

#[test]
fn a_cancelled_animation_export_is_not_an_error_and_leaves_nothing_behind() {
    let mut h = harness();
    let dir = tempfile::tempdir().unwrap();
    let gif = dir.path().join("story.gif");
    // A person moves to the menu item before clicking it.
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Export Animation…").hover();
    h.run_steps(1);
    h.get_by_label("Export Animation…").click();
    h.run_steps(3);
    h.get_by_label("month").click();
    h.get_by_label("also numbered PNG frames").click();
    let field = h.get_all_by_role(Role::TextInput).last().unwrap();
    field.focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_all_by_role(Role::TextInput)
        .last()
        .unwrap()
        .type_text(gif.to_str().unwrap());
    h.run_steps(2);
    h.get_by_label("Export").click();
    h.run_steps(1);
    // Some frames are written, then the user cancels.
    let frames = gif.with_extension("frames");
    for _ in 0..500 {
        if std::fs::read_dir(&frames).is_ok_and(|d| d.count() >= 2) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.step();
    h.get_by_label("Cancel").click();
    assert!(step_until(&mut h, 1_000, |app| app.notice().is_some()));
    assert_eq!(
        h.state().notice().unwrap(),
        "Export cancelled; nothing was written."
    );
    assert!(h.state().problems().is_empty());
    assert!(!gif.exists(), "no GIF");
    assert!(!frames.exists(), "no frames");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// Settings storage holding one text, as a settings file on disk would.
struct Stored(String);

impl eframe::Storage for Stored {
    fn get_string(&self, _key: &str) -> Option<String> {
        Some(self.0.clone())
    }

    fn set_string(&mut self, _key: &str, value: String) {
        self.0 = value;
    }

    fn remove_string(&mut self, _key: &str) {
        self.0.clear();
    }

    fn flush(&mut self) {}
}

#[test]
fn corrupted_or_old_settings_start_with_defaults() {
    for text in [
        "",
        "(((",
        "(theme: Purple)",
        "(labels: \"yes\", min_strength: 1e999)",
        "\u{0}\u{1}garbage",
    ] {
        let s = Settings::from_storage(Some(&Stored(text.to_owned())));
        assert_eq!(s, Settings::default(), "{text:?}");
    }
    // An older file with fewer fields keeps what it has.
    let s = Settings::from_storage(Some(&Stored("(labels: false)".to_owned())));
    assert!(!s.labels);
    assert_eq!(s.theme, Settings::default().theme);
}

#[test]
fn events_just_passed_show_beside_the_date_not_over_the_network() {
    let mut h = harness();
    set_date(&mut h, 1971.1);
    for _ in 0..3 {
        h.key_press(Key::ArrowRight);
        h.run_steps(1);
    }
    let ds = h.state().dataset().unwrap();
    let passed = ds
        .events
        .iter()
        .find(|e| e.date.to_string().starts_with("1971-03"))
        .expect("an event in March 1971")
        .title
        .clone();
    let play = h.get_by_label("Play").rect();
    // In the timeline's row, beside the play button: below the canvas
    // (the side panel lists it too, as an event near the date).
    let shown: Vec<egui::Rect> = h
        .get_all_by_label_contains(&passed)
        .map(|n| n.rect())
        .collect();
    assert!(
        shown
            .iter()
            .any(|r| (r.center().y - play.center().y).abs() < 30.0 && r.left() > play.right()),
        "{shown:?} vs the play button at {play:?}"
    );
}

#[test]
fn a_state_is_found_by_its_accessible_name_with_a_summary_and_selected_by_its_action() {
    let mut h = harness();
    set_date(&mut h, 1985.45);
    h.run_steps(150);
    let pakistan = h.get_by_role_and_label(Role::ListItem, "Pakistan");
    let summary = pakistan.accesskit_node().description().unwrap_or_default();
    // In 1985 Pakistan is the West's ally against the Soviet war in
    // Afghanistan, and India's and the USSR's rival.
    assert!(summary.contains("bloc"), "{summary}");
    assert!(
        summary.contains("rivals") && !summary.contains("0 rivals"),
        "{summary}"
    );
    assert!(!summary.contains("0 allies"), "{summary}");
    pakistan.click_accesskit();
    h.run_steps(2);
    let pak = h.state().dataset().unwrap().state_index("PAK").unwrap();
    assert_eq!(h.state().selection(), Selection::State(pak));
    assert!(
        h.get_by_role_and_label(Role::ListItem, "Pakistan")
            .accesskit_node()
            .is_selected()
            == Some(true)
    );
}

#[test]
fn the_keyboard_moves_between_states_and_enter_selects_without_moving_the_date() {
    let mut h = harness();
    set_date(&mut h, 1985.45);
    h.run_steps(150);
    let date = h.state().time();
    h.get_by_role_and_label(Role::ListItem, "Pakistan").focus();
    h.run_steps(2);
    let focused = |h: &Harness<'_, DetenteApp>| {
        h.query_all_by_role(Role::ListItem)
            .find(|n| n.accesskit_node().is_focused())
            .and_then(|n| n.accesskit_node().label())
    };
    assert_eq!(focused(&h).as_deref(), Some("Pakistan"));
    let x_of = |h: &Harness<'_, DetenteApp>, name: &str| {
        h.get_by_role_and_label(Role::ListItem, name)
            .rect()
            .center()
            .x
    };
    let pakistan_x = x_of(&h, "Pakistan");
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    let next = focused(&h).expect("a state has the focus");
    assert_ne!(next, "Pakistan", "the arrow moved to another state");
    assert!(
        x_of(&h, &next) > pakistan_x,
        "{next} is to the right of Pakistan"
    );
    assert_eq!(h.state().time(), date, "the arrow did not move the date");
    h.key_press(Key::Enter);
    h.run_steps(2);
    let chosen = h.state().selection();
    let ds = h.state().dataset().unwrap();
    assert!(
        matches!(chosen, Selection::State(s) if ds.states[s].name_at(date) == next),
        "{chosen:?}"
    );
    // Back to Pakistan, and the side panel follows its selection.
    h.get_by_role_and_label(Role::ListItem, "Pakistan").focus();
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(2);
    let pak = h.state().dataset().unwrap().state_index("PAK").unwrap();
    assert_eq!(h.state().selection(), Selection::State(pak));
    assert!(
        h.query_all_by_label_contains("Relations, June 1985")
            .next()
            .is_some()
    );
    // Tab goes on to the next state.
    h.key_press(Key::Tab);
    h.run_steps(2);
    assert!(focused(&h).is_some_and(|n| n != "Pakistan"));
    // The other keys still work while a state has the focus.
    h.key_press(Key::Space);
    h.run_steps(2);
    assert!(h.state().is_playing(), "Space plays");
}

#[test]
fn comparing_with_an_earlier_date_lists_the_shifts_and_a_click_shows_the_pair() {
    let mut h = harness();
    set_date(&mut h, 1985.45);
    h.key_press(Key::C);
    h.run_steps(2);
    assert!(
        h.query_by_role_and_label(Role::Slider, "Compare with")
            .is_some(),
        "the compared date has its marker"
    );
    set_date(&mut h, 2018.45);
    assert!(
        h.query_all_by_label_contains("Changes since June 1985")
            .next()
            .is_some()
    );
    h.get_by_role_and_label(Role::Link, "Pakistan – Russia")
        .click();
    h.run_steps(3);
    let ds = h.state().dataset().unwrap();
    let (pak, rus) = (
        ds.state_index("PAK").unwrap(),
        ds.state_index("RUS").unwrap(),
    );
    assert_eq!(
        h.state().selection(),
        Selection::Pair(pak.min(rus), pak.max(rus))
    );
    // The marker moves the compared date like the playhead moves the date.
    h.get_by_role_and_label(Role::Slider, "Compare with")
        .set_value_accesskit(1971.0);
    h.run_steps(3);
    assert!(
        h.query_all_by_label_contains("Changes since January 1971")
            .next()
            .is_some()
    );
    // C again: no comparison.
    h.key_press(Key::C);
    h.run_steps(2);
    assert!(
        h.query_by_role_and_label(Role::Slider, "Compare with")
            .is_none()
    );
    assert!(
        h.query_all_by_label_contains("Changes since")
            .next()
            .is_none()
    );
}

/// What a node says: its label, else its value (egui gives a label's text
/// as its value).
fn node_text(n: &egui_kittest::Node<'_>) -> String {
    let node = n.accesskit_node();
    node.label().or_else(|| node.value()).unwrap_or_default()
}

/// The rows of the list of unbalanced triangles: each name and where it is.
fn triangle_rows(h: &Harness<'_, DetenteApp>) -> Vec<(String, egui::Rect)> {
    h.query_all_by_label_contains(" – ")
        .filter_map(|n| {
            let label = node_text(&n);
            let three = label.matches(" – ").count() == 2 && !label.starts_with("Triangle");
            three.then(|| (label, n.rect()))
        })
        .collect()
}

#[test]
fn every_unbalanced_triangle_can_be_listed() {
    // Tall enough that the whole list is on screen (what scrolls out of
    // view is not in the accessibility tree).
    let mut h = harness_of_size(egui::vec2(1200.0, 1800.0));
    set_date(&mut h, 2018.37);
    h.get_by_label("Balance").click();
    h.run_steps(3);
    let count = h
        .query_all_by_label_contains("Unbalanced triangles (")
        .next()
        .map(|n| node_text(&n))
        .and_then(|l| l.split(['(', ')']).nth(1)?.parse::<usize>().ok())
        .expect("the count of unbalanced triangles");
    assert!(count > 10, "May 2018 has more than a screenful: {count}");
    assert_eq!(triangle_rows(&h).len(), 10, "{:?}", triangle_rows(&h));
    h.get_by_label_contains("more: show all").click();
    h.run_steps(3);
    assert_eq!(triangle_rows(&h).len(), count);
    h.get_by_label("Show fewer").click();
    h.run_steps(3);
    assert_eq!(triangle_rows(&h).len(), 10);
}

#[test]
fn the_balance_section_lists_the_unbalanced_triangle_of_2018_and_explains_it() {
    let mut h = harness();
    set_date(&mut h, 2018.45);
    h.get_by_label("Balance").click();
    h.run_steps(3);
    assert!(
        h.query_all_by_label_contains("balanced (weighted")
            .next()
            .is_some(),
        "the indices of the date"
    );
    // The list stays put under the pointer when one is chosen.
    let rows_before = triangle_rows(&h);
    assert!(rows_before.len() >= 2, "{rows_before:?}");
    h.get_by_label("Pakistan – Russia – India").click();
    h.run_steps(3);
    let rows = triangle_rows(&h);
    assert_eq!(rows[..rows_before.len()], rows_before, "the list moved");
    let ds = h.state().dataset().unwrap();
    let mut trio = ["PAK", "RUS", "IND"].map(|s| ds.state_index(s).unwrap());
    trio.sort_unstable();
    assert_eq!(h.state().selection(), Selection::Triad(trio));
    assert!(
        h.query_all_by_label_contains("Russia is a friend of both")
            .next()
            .is_some(),
        "the triangle is explained"
    );
    // The chart over the whole span arrives from the background.
    for _ in 0..1_000 {
        h.step();
        if h.query_all_by_label_contains("Computing the balance")
            .next()
            .is_none()
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(
        h.query_all_by_label_contains("Computing the balance")
            .next()
            .is_none()
    );
    assert!(
        h.query_all_by_label_contains("balanced triangles")
            .next()
            .is_some(),
        "the chart's key shows under the chart"
    );
}

#[test]
fn file_open_example_opens_a_bundled_dataset() {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_ui_state(|ui, app: &mut DetenteApp| app.draw(ui), {
            let mut app = DetenteApp::with_settings(Settings::default());
            app.open_text("broken.ron", "Dataset(");
            app
        });
    h.run_steps(2);
    assert!(h.state().dataset().is_none());
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Open Example").hover();
    h.run_steps(2);
    let example = detente::default_example();
    h.get_by_label(example.title).hover();
    h.run_steps(1);
    h.get_by_label(example.title).click();
    h.run_steps(2);
    assert_eq!(
        h.state().dataset().map(|d| d.title.as_str()),
        Some(example.title)
    );
}
