use super::*;

#[test]
fn stepwise_changes_on_its_dates() {
    let s = Stepwise {
        initial: "USSR",
        changes: vec![(Time(10.0), "Russia")],
    };
    assert_eq!(*s.at(Time(9.9)), "USSR");
    assert_eq!(*s.at(Time(10.0)), "Russia");
    assert_eq!(*s.at(Time(1e9)), "Russia");
}

#[test]
fn intervals_include_start_exclude_end() {
    let i = Interval {
        from: Some(Time(1.0)),
        until: Some(Time(2.0)),
    };
    assert!(!i.contains(Time(0.5)));
    assert!(i.contains(Time(1.0)));
    assert!(!i.contains(Time(2.0)));
    assert!(Interval::default().contains(Time(-1e9)));
}

#[test]
fn lifetimes_of_several_spells() {
    let spell = |f: f64, u: Option<f64>| Interval {
        from: Some(Time(f)),
        until: u.map(Time),
    };
    let life = Lifetime::of_spells(vec![spell(0.0, Some(10.0)), spell(20.0, None)]).unwrap();
    assert!(life.contains(Time(5.0)));
    assert!(!life.contains(Time(15.0)));
    assert!(life.contains(Time(1e6)));
    assert_eq!(life.from(), Some(Time(0.0)));
    assert_eq!(life.until(), None);
    assert_eq!(life.spell_at(Time(15.0)), Some(&spell(0.0, Some(10.0))));
    assert_eq!(life.spell_at(Time(-1.0)), None);
    assert!(Lifetime::of_spells(vec![spell(20.0, None), spell(0.0, Some(10.0))]).is_none());
    assert!(Lifetime::of_spells(vec![spell(0.0, Some(10.0)), spell(5.0, None)]).is_none());
    assert!(Lifetime::of_spells(Vec::new()).is_none());
}

#[test]
fn a_date_is_placed_in_the_span_when_its_period_overlaps_it() {
    let ds = crate::load::load_str(
        "t",
        "Dataset(version: 1, title: \"T\", start: \"1947-08-15\", end: \"2026\", states: [State(id: \"A\", name: \"A\")])",
    )
    .unwrap();
    let date = |s: &str| Date::parse(s).unwrap();
    let first = Time::from_ymd(1947, 8, 15);
    for overlapping in ["1947", "1947-08"] {
        let p = ds.place(date(overlapping)).unwrap();
        assert_eq!((p.time, p.moved), (first, true), "{overlapping}");
    }
    let p = ds.place(date("1985-06")).unwrap();
    assert_eq!((p.time, p.moved), (Time::from_ymd(1985, 6, 1), false));
    assert_eq!(ds.place(date("2026")).unwrap().time, ds.end);
    for outside in ["1946", "1947-07", "1947-08-14", "2027", "2026-01-02"] {
        assert_eq!(ds.place(date(outside)), None, "{outside}");
    }
    let (from, to) = ds.place_span(date("1900"), date("2030")).unwrap();
    assert_eq!((from.time, to.time), (first, ds.end));
    assert!(from.moved && to.moved);
    assert_eq!(ds.place_span(date("1900"), date("1946")), None);
    assert_eq!(ds.place_span(date("2027"), date("2030")), None);
    // A pointer means the nearest month's first day, inside the span.
    assert_eq!(
        ds.date_near(Time::from_ymd(1985, 6, 14)),
        Time::from_ymd(1985, 6, 1)
    );
    assert_eq!(ds.date_near(Time::from_ymd(1947, 8, 1)), first);
}

#[test]
fn a_short_span_moves_by_days() {
    let ds = crate::load::load_str(
        "t",
        "Dataset(version: 1, title: \"T\", start: \"1962-10-14\", end: \"1962-10-28\", states: [State(id: \"A\", name: \"A\")])",
    )
    .unwrap();
    let noon = Time(Time::from_ymd(1962, 10, 20).0 + 0.4);
    assert_eq!(ds.date_near(noon), Time::from_ymd(1962, 10, 20));
}

#[test]
fn hex_colours() {
    assert_eq!(Rgb::parse_hex("#1f77B4"), Some(Rgb([0x1f, 0x77, 0xb4])));
    assert_eq!(Rgb::parse_hex("1f77b4"), None);
    assert_eq!(Rgb::parse_hex("#1f77b"), None);
    assert_eq!(Rgb::parse_hex("#éé77b4"), None);
}
