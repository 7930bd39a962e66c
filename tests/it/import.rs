//! `detente import`: every format from fixture files written to the
//! published column layouts (COW State System v2016, COW Formal Alliances
//! v4.1 dyads, ATOP 5.1 dyad-years, Bailey–Strezhnev–Voeten agreement
//! scores, dyadic MID 4.02, plain CSV), merged, checked and stable.

use std::io::Write;
use std::process::{Command, Stdio};

use detente::eval::snapshot;
use detente::load::load_str;
use detente::model::Dataset;

use super::{at, detente, temp_file, text};

fn fixture(name: &str) -> String {
    format!("{}/tests/data/import/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Imports with `args` (pairs of flag and fixture name) to stdout.
fn import(args: &[(&str, &str)]) -> (String, String, Option<i32>) {
    let mut argv: Vec<String> = vec!["import".to_owned()];
    for (flag, name) in args {
        argv.push((*flag).to_owned());
        argv.push(fixture(name));
    }
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    let out = detente(&argv);
    (text(&out.stdout), text(&out.stderr), out.status.code())
}

const ALL: [(&str, &str); 6] = [
    ("--states", "states2016.csv"),
    ("--cow-alliances", "alliance_v4.1_by_dyad.csv"),
    ("--atop", "atop5_1dy.csv"),
    ("--unga", "AgreementScores.csv"),
    ("--mid", "dyadic_mid_4.02.csv"),
    ("--csv", "my-scores.csv"),
];

fn imported() -> Dataset {
    let (ron, stderr, code) = import(&ALL);
    assert_eq!(code, Some(0), "{stderr}");
    load_str("imported", &ron).expect("the import is a valid dataset")
}

/// The score of one kind of a pair at a date.
fn kind_score(ds: &Dataset, a: &str, b: &str, kind: &str, date: &str) -> Option<f64> {
    let snap = snapshot(ds, at(date), 0.0);
    let (a, b) = (ds.state_index(a)?, ds.state_index(b)?);
    let k = ds.kinds.iter().position(|k| k.id == kind)?;
    let pair = snap.pair(a, b)?;
    snap.kinds_of(pair)
        .iter()
        .find(|(kk, _)| *kk == k)
        .map(|(_, s)| *s)
}

#[test]
fn every_format_merges_into_one_valid_dataset() {
    let ds = imported();
    let ids: Vec<&str> = ds.states.iter().map(|s| s.id.as_str()).collect();
    // COW codes become ISO ids, sorted.
    assert_eq!(
        ids,
        [
            "BGD", "CHN", "DDR", "DEU", "EST", "GBR", "IND", "PAK", "RUS", "USA"
        ]
    );
    // Estonia has two spells; West Germany and Germany are one identity.
    let life = |id: &str| &ds.states[ds.state_index(id).unwrap()].lifetime;
    assert_eq!(life("EST").spells().len(), 2);
    assert!(!life("EST").contains(at("1960")));
    assert!(life("DEU").contains(at("1970")) && life("DEU").contains(at("2000")));
    assert!(!life("DEU").contains(at("1950")));
    // Censored spells stay open; ended ones end the day after COW's last day.
    assert_eq!(life("USA").until(), None);
    assert_eq!(life("DDR").until(), Some(at("1990-10-03")));
}

#[test]
fn alliances_take_the_strongest_pledge_and_end_with_the_dyad() {
    let ds = imported();
    assert_eq!(kind_score(&ds, "PAK", "USA", "alliance", "1960"), Some(0.8));
    assert_eq!(kind_score(&ds, "PAK", "USA", "alliance", "1978"), None);
    // A blank end is in force at the data's end.
    assert_eq!(kind_score(&ds, "GBR", "USA", "alliance", "2015"), Some(0.8));
    // Between two spells the pair has no pledge (0); the later one is an entente.
    assert_eq!(
        kind_score(&ds, "IND", "RUS", "alliance", "1992-06"),
        Some(0.0)
    );
    assert_eq!(kind_score(&ds, "IND", "RUS", "alliance", "2000"), Some(0.3));
    // ATOP: a year missing between two listed years has no alliance, and
    // the relation ends after its last listed year (1952 < the file's 1972).
    assert_eq!(kind_score(&ds, "PAK", "USA", "atop", "1956-06"), Some(0.0));
    assert_eq!(kind_score(&ds, "PAK", "USA", "atop", "1957-06"), Some(0.3));
    assert_eq!(kind_score(&ds, "GBR", "USA", "atop", "1952-06"), Some(0.8));
    assert_eq!(kind_score(&ds, "GBR", "USA", "atop", "1953-06"), None);
}

#[test]
fn votes_are_scored_against_the_years_typical_agreement() {
    let ds = imported();
    // 1990: agreement 0.9, 0.3, 0.5, 0.8 (US–UK given twice, identically).
    // Mean 0.625, standard deviation (of the population) 0.2385: the US and
    // the UK are 1.153 deviations above, tanh(1.153 / 2) = 0.520.
    let us_uk = kind_score(&ds, "GBR", "USA", "votes", "1990").unwrap();
    assert!((us_uk - 0.520).abs() < 1e-9, "{us_uk}");
    let us_ru = kind_score(&ds, "RUS", "USA", "votes", "1990").unwrap();
    assert!((us_ru - -0.592).abs() < 1e-9, "{us_ru}");
    let year: Vec<f64> = [
        ("GBR", "USA"),
        ("RUS", "USA"),
        ("PAK", "USA"),
        ("PAK", "RUS"),
    ]
    .iter()
    .filter_map(|(a, b)| kind_score(&ds, a, b, "votes", "1990"))
    .collect();
    assert_eq!(year.len(), 4);
    // z-scores squashed by tanh: symmetric around the year's mean.
    let mean = year.iter().sum::<f64>() / 4.0;
    assert!(mean.abs() < 0.1, "{year:?}");
    // Estonia's 1991 score moves to its independence (6 September 1991).
    let est = &ds.relations[ds
        .relations
        .iter()
        .position(|r| ds.states[r.a].id == "EST")
        .unwrap()];
    assert_eq!(est.keys[0].date.to_string(), "1991-09-06");
}

#[test]
fn disputes_are_hostile_for_their_span() {
    let ds = imported();
    assert_eq!(
        kind_score(&ds, "IND", "PAK", "conflict", "1965-09-01"),
        Some(-1.0)
    );
    assert_eq!(
        kind_score(&ds, "IND", "PAK", "conflict", "1965-10-15"),
        Some(0.0)
    );
    // Two rows (one per year) of dispute 1325 are one spell: Dec 1965 to 10 Jan 1966.
    assert_eq!(
        kind_score(&ds, "IND", "PAK", "conflict", "1966-01-05"),
        Some(-0.5)
    );
    assert_eq!(kind_score(&ds, "IND", "PAK", "conflict", "1966-02"), None);
}

#[test]
fn plain_csv_keeps_notes_and_sources() {
    let ds = imported();
    let r = ds
        .relations
        .iter()
        .find(|r| ds.states[r.a].id == "CHN" && ds.states[r.b].id == "PAK")
        .unwrap();
    assert_eq!(r.keys.len(), 2, "the duplicate row is one keyframe");
    assert_eq!(r.keys[0].note, "Sino-Pakistani boundary agreement");
    assert_eq!(r.keys[0].sources.len(), 1);
}

#[test]
fn scores_moved_into_a_states_life_are_counted() {
    let (_, stderr, code) = import(&ALL);
    assert_eq!(code, Some(0));
    assert!(
        stderr.contains("detente import: 1 yearly score(s) dated before a state existed were moved to its first day within their year; 0 dated when a state did not exist were left out"),
        "{stderr}"
    );
    // China is in the CSV but not in the states file.
    assert!(
        stderr.contains(
            "detente import: not in the states file, so shown as existing throughout: CHN"
        ),
        "{stderr}"
    );
}

#[test]
fn the_timeline_runs_to_the_datas_end() {
    // The states file is censored at 2016-12-31: the data runs to 2017.
    let ds = imported();
    assert_eq!(ds.end, at("2017-01-01"));
    let (ron, _, _) = import(&[("--unga", "AgreementScores.csv")]);
    assert!(ron.contains("end: \"1993\""), "{ron}");
}

#[test]
fn a_plain_csv_runs_to_the_end_of_its_last_period() {
    // Yearly keys: the last year runs to its end, so its value has room.
    // Mixed precision: the year 2019 runs past its June.
    for (last, end) in [
        ("2019", "2020"),
        ("2019-05", "2019-06"),
        ("2019,-0.2\nIND,RUS,2019-06", "2020"),
    ] {
        let csv = format!("a,b,date,score\nIND,PAK,2001,-0.5\nIND,PAK,{last},-0.2\n");
        let (_dir, path) = temp_file("in.csv", csv.as_bytes());
        let out = detente(&["import", "--csv", path.to_str().unwrap(), "-o", "-"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let ron = text(&out.stdout);
        assert!(ron.contains(&format!("end: \"{end}\"")), "{ron}");
    }
}

#[test]
fn ids_that_are_not_countries_are_named() {
    let (_dir, csv) = temp_file("in.csv", b"a;b;date;score\nusa;GBR;1980;0.5\n");
    let out = detente(&["import", "--csv", csv.to_str().unwrap(), "-o", "-"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Semicolons are read as the separator; "-" is the standard output.
    assert!(text(&out.stdout).contains("State(id: \"usa\""));
    assert!(
        text(&out.stderr).contains(
            "not ids of the country-code table (ISO alpha-3, e.g. USA), kept as they are: usa"
        ),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn usage_mistakes_are_refused_before_anything_is_read() {
    let states = fixture("states2016.csv");
    let out = detente(&["import", "--states", &states, "--title", " "]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("the title is empty"));
    let out = detente(&["import", "--states", &states, "-o", &states]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("is an input; write the dataset to another file"));
}

#[test]
fn reimporting_gives_the_same_bytes_and_check_reads_a_pipe() {
    let (first, _, _) = import(&ALL);
    let (second, _, _) = import(&ALL);
    assert_eq!(first, second);
    // Regular runs are written as series.
    assert!(first.contains("series: (from: \"1949\", step: \"1y\""));
    let mut check = Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(["check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    check
        .stdin
        .take()
        .unwrap()
        .write_all(first.as_bytes())
        .unwrap();
    let out = check.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(text(&out.stdout).starts_with("<stdin>: ok (10 states"));
}

#[test]
fn the_output_file_is_written_and_loads() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("world.ron");
    let result = detente(&[
        "import",
        "--states",
        &fixture("states2016.csv"),
        "--title",
        "Tiny world",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let ds = detente::load::load_path(&out).unwrap();
    assert_eq!(ds.title, "Tiny world");
    assert_eq!(ds.states.len(), 9);
}

/// An input that cannot be imported: exit 1 and `file:row: message`.
fn refused(flag: &str, csv: &str, message: &str) {
    let (_dir, path) = temp_file("in.csv", csv.as_bytes());
    let out = detente(&["import", flag, path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let expected = format!("{}{message}", path.display());
    let stderr = text(&out.stderr);
    assert!(
        stderr.lines().any(|l| l == expected),
        "expected\n  {expected}\nin\n{stderr}"
    );
}

#[test]
fn unknown_codes_are_named_with_their_row() {
    refused(
        "--states",
        "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\nUSA,2,USA,1816,1,1,2016,12,31,2016\nXXX,999,Nowhere,1816,1,1,2016,12,31,2016\n",
        ":3: ccode 999 is not a Correlates of War country code (see data/country-codes.csv)",
    );
}

#[test]
fn conflicting_duplicates_are_refused() {
    refused(
        "--csv",
        "a,b,date,score\nPAK,IND,1950,0.1\nIND,PAK,1950,-0.3\n",
        ":3: IND and PAK (diplomatic) on 1950 are given twice, differently (first on row 2)",
    );
    refused(
        "--unga",
        "ccode1,ccode2,agree,year\n2,200,0.9,1990\n200,2,0.8,1990\n",
        ":3: GBR and USA in 1990 are scored twice, differently (first on row 2)",
    );
}

#[test]
fn missing_columns_and_bad_values_are_explained() {
    refused(
        "--csv",
        "",
        ": the file is empty; its first line should name the columns (a, b, date, score)",
    );
    refused(
        "--mid",
        "disno,statea,stateb\n1,2,200\n",
        ": the header line lacks the columns strtyr, strtmnth, strtday, endyear, endmnth, endday, hihost (it has: disno, statea, stateb)",
    );
    refused(
        "--csv",
        "a,b,date,score\nPAK,IND,1950,1.5\n",
        ":2: the score 1.5 is outside -1 to 1",
    );
    refused(
        "--csv",
        "a,b,date,score\nPAK,IND,soon,0.5\n",
        ":2: \"soon\" is not a date (write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\", e.g. \"1979-12-24\")",
    );
    refused(
        "--cow-alliances",
        "ccode1,ccode2,dyad_st_day,dyad_st_month,dyad_st_year,dyad_end_day,dyad_end_month,dyad_end_year,defense,neutrality,nonaggression,entente\n2,200,1,1,1950,,,,0,0,0,0\n",
        ":2: the row names no obligation (defense, neutrality, nonaggression or entente)",
    );
}

#[test]
fn alliances_and_disputes_that_end_before_they_start_are_refused() {
    refused(
        "--cow-alliances",
        "ccode1,ccode2,dyad_st_day,dyad_st_month,dyad_st_year,dyad_end_day,dyad_end_month,dyad_end_year,defense,neutrality,nonaggression,entente\n2,200,1,1,1950,1,1,1949,1,0,0,0\n",
        ":2: the alliance ends (1949-01-01) before it starts (1950-01-01)",
    );
    refused(
        "--mid",
        "disno,statea,stateb,strtyr,strtmnth,strtday,endyear,endmnth,endday,hihost\n7,2,200,1950,5,-9,1950,-9,-9,3\n",
        ":2: the dispute ends (1950-01-01) before it starts (1950-05-01)",
    );
}

/// Imports plain CSV files given as texts, each with `--csv`.
fn import_csvs(texts: &[&str]) -> (String, String, Option<i32>) {
    let dir = tempfile::tempdir().unwrap();
    let mut argv = vec!["import".to_owned()];
    for (i, t) in texts.iter().enumerate() {
        let path = dir.path().join(format!("in{i}.csv"));
        std::fs::write(&path, t).unwrap();
        argv.push("--csv".to_owned());
        argv.push(path.display().to_string());
    }
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    let out = detente(&argv);
    (text(&out.stdout), text(&out.stderr), out.status.code())
}

#[test]
fn one_day_written_two_ways_or_in_two_files_is_one_keyframe() {
    let (ron, stderr, code) = import_csvs(&[
        "a,b,date,score\nPAK,IND,1970,0.1\nPAK,IND,1970-01-01,0.1\n",
        "a,b,date,score\nIND,PAK,1970-01,0.1\nIND,PAK,1980,0.3\n",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let ds = load_str("t", &ron).unwrap();
    assert_eq!(ds.relations.len(), 1);
    assert_eq!(ds.relations[0].keys.len(), 2);
    let (_, stderr, code) = import_csvs(&[
        "a,b,date,score\nPAK,IND,1970,0.1\n",
        "a,b,date,score\nPAK,IND,1970-01-01,0.2\n",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains(
            "in1.csv: IND and PAK (diplomatic) have two different scores on 1970: 0.1 and 0.2"
        ),
        "{stderr}"
    );
}

#[test]
fn a_kind_named_by_two_inputs_is_declared_once() {
    let (_dir, csv) = temp_file(
        "votes.csv",
        b"a,b,date,score,kind\nGBR,USA,1980,0.5,votes\n",
    );
    let out = detente(&[
        "import",
        "--unga",
        &fixture("AgreementScores.csv"),
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let ds = load_str("t", &text(&out.stdout)).unwrap();
    assert_eq!(ds.kinds.len(), 1);
    assert_eq!(ds.kinds[0].name, "UN votes");
}

#[test]
fn nothing_to_import_is_a_usage_error() {
    let out = detente(&["import"]);
    assert_eq!(out.status.code(), Some(2));
}
