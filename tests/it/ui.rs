//! The real window, driven through `egui_kittest`.

use detente::app::DetenteApp;
use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, DetenteApp> {
    Harness::builder()
        .with_size(eframe::egui::vec2(1000.0, 700.0))
        .build_eframe(|cc| DetenteApp::new(cc, None))
}

#[test]
fn moving_the_slider_changes_the_date_shown() {
    let mut h = harness();
    h.run();
    let start = h.state().time().month().to_string();
    assert!(
        h.query_by_label(&start).is_some(),
        "the start date {start} is shown"
    );
    h.get_by_role_and_label(Role::Slider, "Date")
        .set_value_accesskit(1985.45);
    h.run();
    assert_eq!(h.state().time().month().to_string(), "1985-06");
    assert!(h.query_by_label("1985-06").is_some());
    assert!(h.query_by_label(&start).is_none());
    // The lists follow the date: in 1985 the Soviet Union is listed.
    assert!(
        h.query_all_by_label_contains("Soviet Union")
            .next()
            .is_some()
    );
}

#[test]
fn a_broken_file_shows_its_problems_and_keeps_the_data() {
    let mut h = harness();
    h.run();
    let title = h.state().dataset().unwrap().title.clone();
    h.state_mut().open_text(
        "broken.ron",
        "Dataset(version: 1, title: \"x\", states: [State(id: \"A\")])",
    );
    h.run();
    assert_eq!(h.state().dataset().unwrap().title, title);
    assert!(h.query_by_label("The file could not be loaded:").is_some());
    assert!(
        h.query_by_label_contains("broken.ron:1:55: missing field \"name\" in State")
            .is_some()
    );
    h.get_by_label("Dismiss").click();
    h.run();
    assert!(h.query_by_label("The file could not be loaded:").is_none());
}
