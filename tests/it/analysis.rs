//! `detente shift` and `detente balance` as a user runs them, on the
//! bundled story.

use super::{bundled, detente, text};

fn run(args: &[&str]) -> String {
    let mut all = vec![args[0], bundled().to_str().unwrap()];
    all.extend(&args[1..]);
    let out = detente(&all);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn shift_lists_pakistan_and_russia_among_the_largest_changes_since_1985() {
    let json: serde_json::Value = serde_json::from_str(&run(&[
        "shift", "--from", "1985", "--to", "2018", "--json", "--top", "5",
    ]))
    .unwrap();
    let pairs = json["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 5);
    let pak_rus = pairs
        .iter()
        .find(|p| p["a"] == "PAK" && p["b"] == "RUS" || p["a"] == "RUS" && p["b"] == "PAK")
        .expect("Pakistan–Russia among the five largest shifts");
    assert_eq!(pak_rus["change"], "flipped");
    assert!(pak_rus["delta"].as_f64().unwrap() > 0.5);
    // The table says the same in words.
    let table = run(&["shift", "--from", "1985", "--to", "2018"]);
    assert!(table.contains("Pakistan – Russia"), "{table}");
}

#[test]
fn balance_prints_a_csv_row_per_year_and_finds_the_unbalanced_triangle_of_2018() {
    let csv = run(&[
        "balance", "--from", "1947", "--to", "2025", "--step", "1y", "--csv",
    ]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "date,ties,triads,strict,weak,weighted,walk,frustration,frustration_exact,frustration_lower"
        )
    );
    // The data starts in August 1947: a row for each year 1947…2024.
    assert_eq!(lines.clone().count(), 78);
    assert!(lines.all(|l| l.split(',').count() == 10));

    let json: serde_json::Value =
        serde_json::from_str(&run(&["balance", "--at", "2018", "--json"])).unwrap();
    let unbalanced = json["unbalanced"].as_array().unwrap();
    assert!(unbalanced.iter().any(|t| {
        let mut s: Vec<&str> = t["states"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        s.sort_unstable();
        s == ["IND", "PAK", "RUS"]
    }));
    assert!(json["indices"]["frustration"]["exact"].as_bool().unwrap());
}

#[test]
fn balance_refuses_a_bad_threshold_or_a_span_outside_the_data() {
    let path = bundled().to_str().unwrap().to_owned();
    let out = detente(&["balance", &path, "--threshold", "2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("threshold"));
    let out = detente(&["balance", &path, "--from", "1900", "--to", "1920"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("covers none"));
}

#[test]
fn balance_draws_its_series_as_a_chart() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("balance.svg");
    run(&["balance", "--step", "1y", "--out", svg.to_str().unwrap()]);
    let chart = std::fs::read_to_string(&svg).unwrap();
    assert!(chart.contains("structural balance"));
    assert_eq!(chart.matches("<polyline").count(), 2, "two lines");
    let png = dir.path().join("balance.png");
    run(&[
        "balance",
        "--step",
        "1y",
        "--size",
        "600x300",
        "--out",
        png.to_str().unwrap(),
    ]);
    let image = resvg::tiny_skia::Pixmap::load_png(&png).unwrap();
    assert_eq!((image.width(), image.height()), (600, 300));
    // Neither a single date nor another format.
    let path = bundled().to_str().unwrap().to_owned();
    let out = detente(&[
        "balance",
        &path,
        "--at",
        "2018",
        "--out",
        png.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = detente(&["balance", &path, "--out", "chart.gif"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains(".svg or .png"));
}
