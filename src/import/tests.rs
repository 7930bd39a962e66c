use super::*;

fn key(date: &str, score: f64) -> KeyOut {
    KeyOut {
        date: Date::parse(date).unwrap(),
        score,
        note: String::new(),
        sources: Vec::new(),
    }
}

#[test]
fn overlapping_spells_keep_the_strongest_and_end_with_the_last() {
    let d = |s: &str| Date::parse(s).unwrap();
    let spells = vec![
        (d("1950-01-01"), Some(d("1960-01-01")), 0.4, "a".to_owned()),
        (d("1955-01-01"), Some(d("1958-01-01")), 0.8, "b".to_owned()),
        (d("1965-01-01"), Some(d("1970-01-01")), 0.3, "c".to_owned()),
    ];
    let (keys, until) = spells_to_keys(spells, |new, old| new > old);
    let got: Vec<(String, f64)> = keys.iter().map(|k| (k.date.to_string(), k.score)).collect();
    assert_eq!(
        got,
        [
            ("1950-01-01".to_owned(), 0.4),
            ("1955-01-01".to_owned(), 0.8),
            ("1958-01-01".to_owned(), 0.4),
            ("1960-01-01".to_owned(), 0.0),
            ("1965-01-01".to_owned(), 0.3),
        ]
    );
    assert_eq!(until, Some(d("1970-01-01")));
}

#[test]
fn an_open_spell_has_no_end() {
    let d = |s: &str| Date::parse(s).unwrap();
    let (keys, until) =
        spells_to_keys(vec![(d("1949-04-04"), None, 0.8, String::new())], |n, o| {
            n > o
        });
    assert_eq!(keys.len(), 1);
    assert_eq!(until, None);
}

#[test]
fn regular_runs_become_a_series() {
    let keys: Vec<KeyOut> = ["1946", "1950", "1951", "1952", "1953", "1954"]
        .iter()
        .map(|d| key(d, 0.1))
        .collect();
    let (run, step) = write::longest_run(&keys);
    assert_eq!(run, 1..6);
    assert_eq!(step, Some('y'));
    let months: Vec<KeyOut> = ["1990-11", "1990-12", "1991-01", "1991-02"]
        .iter()
        .map(|d| key(d, 0.1))
        .collect();
    assert_eq!(write::longest_run(&months).1, Some('m'));
    assert_eq!(write::longest_run(&keys[..3]).1, None);
}
