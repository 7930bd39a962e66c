//! One line per kind of mistake: the input (with `¦` marking where the error
//! must point) and the exact message `detente check` must print there.

use super::{detente, temp_file, text};

/// A valid beginning that the cases complete; `{rest}` is replaced.
const BASE: &str = r#"Dataset(
    version: 1,
    title: "Test",
    states: [
        State(id: "PAK", name: "Pakistan", from: "1947-08-14"),
        State(id: "IND", name: "India", from: "1947-08-15"),
        State(id: "BGD", name: "Bangladesh", from: "1971-03-26"),
        State(id: "DDR", name: "East Germany", from: "1949-10-07", until: "1990-10-03"),
    ],
    {rest}
)
"#;

const MARK: char = '¦';

/// The 1-based line and column of the marker, and the text without it.
fn unmark(marked: &str) -> (usize, usize, String) {
    let at = marked
        .find(MARK)
        .expect("the case marks where the error is");
    let before = &marked[..at];
    let line = 1 + before.matches('\n').count();
    let col = 1 + before.rsplit('\n').next().unwrap().chars().count();
    (line, col, marked.replacen(MARK, "", 1))
}

/// Checks a whole file: `detente check` exits 1 and prints `path:line:col: message`.
fn check_file(marked: &str, message: &str) {
    let (line, col, clean) = unmark(marked);
    let (_dir, path) = temp_file("case.ron", clean.as_bytes());
    let out = detente(&["check", path.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    let expected = format!("{}:{line}:{col}: {message}", path.display());
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.lines().any(|l| l == expected),
        "expected the line\n  {expected}\nin\n{stderr}"
    );
}

/// Checks the base file completed with `rest`.
fn check(rest: &str, message: &str) {
    check_file(&BASE.replace("{rest}", rest), message);
}

#[test]
fn syntax_error_missing_comma() {
    check_file(
        "Dataset(\n    version: 1\n    ¦title: \"x\",\n)",
        "expected a comma here",
    );
}

#[test]
fn syntax_error_unclosed_list() {
    check_file(
        "Dataset(version: 1, title: \"t\",\n  events: [Event(date: \"1950\", title: \"x\"),\n¦)",
        "unexpected character ')' here",
    );
}

#[test]
fn unknown_field_with_suggestion() {
    check(
        r#"eras: [Era(name: "Cold War", from: "1947", ¦untill: "1991")]"#,
        "unknown field \"untill\" in Era (did you mean \"until\"?) (the fields are: name, from, until, colour, note)",
    );
}

#[test]
fn wrong_type() {
    check_file(
        "Dataset(version: 1, title: ¦5)",
        "expected a text in double quotes here",
    );
}

#[test]
fn missing_field() {
    check(
        r#"events: [¦Event(date: "1950")]"#,
        "missing field \"title\" in Event",
    );
}

#[test]
fn unsupported_version() {
    check_file(
        "Dataset(\n  version: ¦2,\n  title: \"x\",\n  future_field: 3,\n)",
        "unsupported format version 2 (this detente reads version 1)",
    );
}

#[test]
fn missing_version() {
    check_file(
        "¦Dataset(title: \"x\")",
        "the dataset has no version (add `version: 1,` at its top)",
    );
}

#[test]
fn month_out_of_range() {
    check(
        r#"events: [Event(date: ¦"2019-13-01", title: "x")]"#,
        "\"2019-13-01\" is not a valid date: there is no month 13",
    );
}

#[test]
fn not_a_date() {
    check(
        r#"events: [Event(date: ¦"soon", title: "x")]"#,
        "\"soon\" is not a date (write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\", e.g. \"1979-12-24\")",
    );
}

#[test]
fn day_out_of_range() {
    check(
        r#"eras: [Era(name: "x", from: ¦"1990-02-30", until: "1991")]"#,
        "\"1990-02-30\" is not a valid date: February 1990 has 28 days",
    );
}

#[test]
fn duplicate_state_id() {
    check_file(
        "Dataset(version: 1, title: \"t\", states: [\n  State(id: \"PAK\", name: \"Pakistan\"),\n  State(id: ¦\"PAK\", name: \"Pakistan again\"),\n])",
        "the state id \"PAK\" is used twice (first at 2:13)",
    );
}

#[test]
fn unknown_state_in_relation_with_suggestion() {
    check(
        r#"relations: [Relation(a: ¦"PAKK", b: "IND", kind: "diplomatic", keys: [Key(date: "1950", score: 0)])]"#,
        "unknown state \"PAKK\" (did you mean \"PAK\"?)",
    );
}

#[test]
fn state_named_instead_of_its_id() {
    check(
        r#"relations: [Relation(a: "PAK", b: ¦"India", kind: "diplomatic", keys: [Key(date: "1950", score: 0)])]"#,
        "unknown state \"India\" (did you mean \"IND\"?)",
    );
}

#[test]
fn unknown_state_in_group() {
    check(
        r#"groups: [Group(id: "SEATO", kind: "military", score: 0.5, from: "1954", members: [Member(state: ¦"THA")])]"#,
        "unknown state \"THA\"",
    );
}

#[test]
fn unknown_state_in_event() {
    check(
        r#"events: [Event(date: "1950", title: "x", states: ["PAK", ¦"USA"])]"#,
        "unknown state \"USA\"",
    );
}

#[test]
fn relation_with_itself() {
    check(
        r#"relations: [Relation(a: "PAK", b: ¦"PAK", kind: "diplomatic", keys: [Key(date: "1950", score: 0)])]"#,
        "a relation links two different states, but both ends are \"PAK\"",
    );
}

#[test]
fn unknown_kind() {
    check(
        r#"relations: [Relation(a: "PAK", b: "IND", kind: ¦"militray", keys: [Key(date: "1950", score: 0)])]"#,
        "unknown relation kind \"militray\" (did you mean \"military\"?) (the kinds are: diplomatic, military, economic)",
    );
}

#[test]
fn score_above_one() {
    check(
        r#"relations: [Relation(a: "PAK", b: "IND", kind: "military", keys: [Key(date: "1950", score: ¦1.5)])]"#,
        "the score 1.5 is outside the range -1 (hostile) to 1 (allied)",
    );
}

#[test]
fn score_not_a_number() {
    check(
        r#"relations: [Relation(a: "PAK", b: "IND", kind: "military", keys: [Key(date: "1950", score: ¦NaN)])]"#,
        "the score NaN is outside the range -1 (hostile) to 1 (allied)",
    );
}

#[test]
fn score_infinite() {
    check(
        r#"relations: [Relation(a: "PAK", b: "IND", kind: "military", keys: [Key(date: "1950", score: ¦-inf)])]"#,
        "the score -inf is outside the range -1 (hostile) to 1 (allied)",
    );
}

#[test]
fn unknown_level_with_suggestion() {
    check(
        r#"relations: [Relation(a: "PAK", b: "IND", kind: "military", keys: [Key(date: "1950", level: ¦Hostle)])]"#,
        "unknown value \"Hostle\" (did you mean \"Hostile\"?) (write one of: Allied, Friendly, Neutral, Tense, Hostile, War)",
    );
}

#[test]
fn score_and_level_both() {
    check(
        r#"relations: [Relation(a: "PAK", b: "IND", kind: "military", keys: [Key(date: "1950", score: 0.1, level: ¦War)])]"#,
        "give either a score or a level, not both",
    );
}

#[test]
fn keyframes_out_of_order() {
    check(
        r#"relations: [Relation(a: "PAK", b: "IND", kind: "military", keys: [Key(date: "1965", level: War), Key(date: ¦"1948", level: War)])]"#,
        "keyframes must be in date order: 1948 comes after 1965",
    );
}

#[test]
fn keyframes_on_the_same_date() {
    check(
        r#"relations: [Relation(a: "PAK", b: "IND", kind: "military", keys: [Key(date: "1965-09", level: War), Key(date: ¦"1965-09", level: Tense)])]"#,
        "two keyframes on the same date (1965-09)",
    );
}

#[test]
fn keyframe_before_a_state_exists() {
    check(
        r#"relations: [Relation(a: "PAK", b: "BGD", kind: "diplomatic", keys: [Key(date: ¦"1965", score: 0)])]"#,
        "the keyframe's date 1965-01-01 is before \"BGD\" exists (it exists from 1971-03-26)",
    );
}

#[test]
fn keyframe_after_a_state_ceased() {
    check(
        r#"relations: [Relation(a: "PAK", b: "DDR", kind: "diplomatic", keys: [Key(date: "1972", score: 0), Key(date: ¦"1995", score: 0.2)])]"#,
        "the keyframe's date 1995-01-01 is after \"DDR\" ceased to exist (on 1990-10-03)",
    );
}

#[test]
fn membership_before_a_state_exists() {
    check(
        r#"groups: [Group(id: "SCO", kind: "diplomatic", score: 0.3, from: "1950", members: [Member(state: "BGD", from: ¦"1960")])]"#,
        "the membership's start 1960-01-01 is before \"BGD\" exists (it exists from 1971-03-26)",
    );
}

#[test]
fn membership_after_a_state_ceased() {
    check(
        r#"groups: [Group(id: "WP", kind: "military", score: 0.8, from: "1955", members: [Member(state: "DDR", until: ¦"1991-07-01")])]"#,
        "the membership ends (1991-07-01) after \"DDR\" ceased to exist (on 1990-10-03)",
    );
}

#[test]
fn lifetime_ends_before_it_starts() {
    check_file(
        "Dataset(version: 1, title: \"t\", states: [State(id: \"X\", name: \"X\", from: \"1990\", until: ¦\"1980\")])",
        "this state's lifetime ends (1980-01-01) before it starts (1990-01-01)",
    );
}

#[test]
fn empty_state_name() {
    check_file(
        "Dataset(version: 1, title: \"t\", states: [State(id: \"X\", name: ¦\"  \")])",
        "the state's name is empty",
    );
}

#[test]
fn empty_title() {
    check_file(
        "Dataset(version: 1, title: ¦\"\")",
        "the dataset's title is empty",
    );
}

#[test]
fn empty_event_title() {
    check(
        r#"events: [Event(date: "1950", title: ¦"")]"#,
        "the event's title is empty",
    );
}

#[test]
fn era_ends_before_it_starts() {
    check(
        r#"eras: [Era(name: "Cold War", from: "1991", until: ¦"1947")]"#,
        "the era \"Cold War\" ends (1947-01-01) before it starts (1991-01-01)",
    );
}

#[test]
fn bad_colour() {
    check(
        r#"blocs: [Bloc(id: "west", colour: ¦"blue")]"#,
        "\"blue\" is not a colour (write \"#rrggbb\", e.g. \"#1f77b4\")",
    );
}

#[test]
fn unknown_bloc() {
    check_file(
        "Dataset(version: 1, title: \"t\", blocs: [Bloc(id: \"west\", colour: \"#0000ff\")], states: [State(id: \"X\", name: \"X\", bloc: ¦\"wset\")])",
        "unknown bloc \"wset\" (did you mean \"west\"?)",
    );
}

#[test]
fn empty_file() {
    check_file(
        "¦  \n// only a comment\n",
        "the file is empty (a dataset starts with `Dataset(version: 1, title: \"…\", …)`)",
    );
}

#[test]
fn nesting_too_deep() {
    let deep = format!(
        "Dataset(version: 1, title: \"t\", states: {}",
        "[".repeat(200)
    );
    let (_dir, path) = temp_file("deep.ron", deep.as_bytes());
    let out = detente(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("the data is nested too deeply (more than 64 levels)"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn not_utf8() {
    let (_dir, path) = temp_file("latin1.ron", b"Dataset(version: 1,\n  title: \"Caf\xe9\")");
    let out = detente(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let expected = format!(
        "{}:2:14: the file is not UTF-8 text (byte 0xe9 here); save it with the UTF-8 encoding",
        path.display()
    );
    assert_eq!(text(&out.stderr).trim_end(), expected);
}

#[test]
fn a_huge_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    // A sparse 1 GiB file: instant to make, and fatal if it were read whole.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let out = detente(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let expected = format!(
        "{}: the file is too large (1073741824 bytes); detente reads data files of at most 128 MiB",
        path.display()
    );
    assert_eq!(text(&out.stderr).trim_end(), expected);
}

#[test]
fn several_problems_are_reported_at_once() {
    let rest = r#"events: [Event(date: "soon", title: ""), Event(date: "1950", title: "x", states: ["USA"])]"#;
    let (_dir, path) = temp_file("many.ron", BASE.replace("{rest}", rest).as_bytes());
    let out = detente(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 3, "{stderr}");
    // In file order.
    let cols: Vec<usize> = stderr
        .lines()
        .map(|l| {
            l.rsplit_once(".ron:")
                .unwrap()
                .1
                .split(':')
                .nth(1)
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert!(cols.windows(2).all(|w| w[0] < w[1]), "{stderr}");
}

#[test]
fn missing_field_is_said_at_the_struct_that_lacks_it_not_at_its_end() {
    check(
        "groups: [\n        ¦Group(\n            id: \"G\",\n            kind: \"military\",\n            level: Allied,\n            // a long group\n            members: [\n                Member(state: \"PAK\"),\n            ],\n        ),\n    ],",
        "missing field \"from\" in Group",
    );
}

#[test]
fn a_text_left_open_is_said_at_its_opening_quote() {
    check(
        "relations: [\n        Relation(a: \"PAK\", b: \"IND\", kind: \"diplomatic\", keys: [\n            Key(date: \"1950\", score: -0.5, note: ¦\"War over Kashmir),\n            Key(date: \"1960\", score: -0.2, note: \"Indus Waters Treaty\"),\n        ]),\n    ],",
        "this text is never closed (its closing \" is missing)",
    );
}

#[test]
fn a_text_left_open_to_the_end_of_the_file() {
    check_file(
        "Dataset(version: 1, title: ¦\"Test,\n  states: [],\n)\n",
        "this text is never closed (its closing \" is missing)",
    );
}

#[test]
fn a_block_comment_left_open_is_said_at_its_start() {
    check_file(
        "Dataset(version: 1, title: \"T /* not a comment */\",\n  /* closed */\n  states: [],\n  ¦/* the rest is left out\n  events: [],\n)\n",
        "this comment is never closed (its closing */ is missing)",
    );
}

#[test]
fn an_empty_alias_is_named() {
    check_file(
        r#"Dataset(version: 1, title: "T", states: [State(id: "PAK", name: "Pakistan", aliases: ["Pak", ¦" "])])"#,
        "an alias is empty",
    );
}

#[test]
fn decimal_comma() {
    check(
        r#"relations: [Relation(a: "PAK", b: "IND", kind: "diplomatic", keys: [Key(date: "1950", score: ¦-0,6)])],"#,
        "use a dot for decimals: -0.6",
    );
}

#[test]
fn percentage_with_a_fraction_and_a_sign() {
    check(
        r#"relations: [Relation(a: "PAK", b: "IND", kind: "diplomatic", keys: [Key(date: "1950", score: ¦-12.5%)])],"#,
        "a score is a number from -1 to 1, not a percentage: write -0.125",
    );
}

#[test]
fn a_percentage_that_is_not_a_score() {
    check(
        r#"kinds: [Kind(id: "a", weight: ¦50%)],"#,
        "numbers are written without %: 50",
    );
}

#[test]
fn a_decimal_comma_after_a_decimal_is_not_one() {
    // `0.5,6`: two numbers, not a decimal comma; ron's own message stands.
    let (_dir, path) = temp_file(
        "case.ron",
        br#"Dataset(version: 1, title: "t", kinds: [Kind(id: "a", weight: 0.5,6)])"#,
    );
    let out = detente(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !text(&out.stderr).contains("use a dot"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn single_quotes_around_a_name_with_an_apostrophe() {
    check(
        r#"relations: [Relation(a: ¦'Côte d'Ivoire', b: "IND", kind: "diplomatic", keys: [Key(date: "1950", score: 0.6)])],"#,
        "texts are written in double quotes: \"Côte d'Ivoire\"",
    );
}

#[test]
fn a_quoted_word_that_is_no_interpolation() {
    check(
        r#"relations: [Relation(a: "PAK", b: "IND", kind: "diplomatic", interp: ¦"Smooth", keys: [Key(date: "1950", score: 0.6)])],"#,
        "interpolations are written without quotes, as one of: Linear, Step",
    );
}

#[test]
fn a_closed_text_over_two_lines_is_not_blamed_for_a_later_mistake() {
    check_file(
        "Dataset(version: 1, title: \"t\", description: \"two\nlines\" // a comment\n, states: [State(id: \"A\" ¦name: \"A\")])",
        "expected a comma here",
    );
}

#[test]
fn percentage() {
    check(
        r#"relations: [Relation(a: "PAK", b: "IND", kind: "diplomatic", keys: [Key(date: "1950", score: ¦60%)])],"#,
        "a score is a number from -1 to 1, not a percentage: write 0.6",
    );
}

#[test]
fn single_quotes() {
    check(
        r#"relations: [Relation(a: ¦'PAK', b: "IND", kind: "diplomatic", keys: [Key(date: "1950", score: 0.6)])],"#,
        "texts are written in double quotes: \"PAK\"",
    );
}

#[test]
fn quoted_level() {
    check(
        r#"relations: [Relation(a: "PAK", b: "IND", kind: "diplomatic", keys: [Key(date: "1950", level: ¦"Tense")])],"#,
        "levels are written without quotes: level: Tense",
    );
}

#[test]
fn stray_text_after_the_dataset_is_pointed_at() {
    check_file(
        "Dataset(version: 1, title: \"x\")\n\n// the end\n¦and more",
        "unexpected text after the end of the dataset",
    );
}

#[test]
fn extreme_kind_weights() {
    check(
        r#"kinds: [Kind(id: "a", weight: ¦1e308)],"#,
        "a kind's weight must be a number from 0.001 to 1000, not 1e308",
    );
    check(
        r#"kinds: [Kind(id: "a", weight: ¦5e-324)],"#,
        "a kind's weight must be a number from 0.001 to 1000, not 5e-324",
    );
}

/// `n` states `S0`, `S1` … and a member list of all of them, as RON.
fn states_and_members(n: usize) -> (String, String) {
    let states: Vec<String> = (0..n)
        .map(|i| format!("State(id: \"S{i}\", name: \"S{i}\")"))
        .collect();
    let members: Vec<String> = (0..n).map(|i| format!("Member(state: \"S{i}\")")).collect();
    (states.join(", "), members.join(", "))
}

#[test]
fn a_group_too_large_to_relate_pairwise_is_refused_before_any_pair_is_made() {
    let (states, members) = states_and_members(1_200);
    let file = format!(
        "Dataset(version: 1, title: \"t\", states: [{states}],\n groups: [Group(id: \"G\", kind: \"diplomatic\", level: Friendly, from: \"1960\", members: ¦[{members}])])"
    );
    check_file(
        &file,
        "the groups would relate up to 719400 pairs of states (this one has 1200 members), more than the 500000 pairs detente can hold (about 1,000 states all related)",
    );
}

#[test]
fn overlapping_groups_count_their_pairs_once() {
    // Three groups of the same 900 states: 1.2 million pairs counted group
    // by group, 404,550 distinct: accepted.
    let (states, members) = states_and_members(900);
    let groups: Vec<String> = ["A", "B", "C"]
        .iter()
        .map(|id| {
            format!(
                "Group(id: \"{id}\", kind: \"diplomatic\", level: Friendly, from: \"1960\", members: [{members}])"
            )
        })
        .collect();
    let file = format!(
        "Dataset(version: 1, title: \"t\", states: [{states}],\n groups: [{}])",
        groups.join(", ")
    );
    let ds = detente::load::load_str("groups.ron", &file).expect("accepted");
    assert_eq!(ds.pairs.len(), 404_550);
}

#[test]
fn series_score_out_of_range_points_at_the_number() {
    check(
        r#"relations: [Relation(a: "PAK", b: "IND", kind: "diplomatic", series: (from: "1950", step: "1y", scores: [0.1, -0.2, ¦1.5, 0.3]))]"#,
        "the score 1.5 is outside the range -1 (hostile) to 1 (allied)",
    );
}

#[test]
fn series_step_is_checked() {
    check(
        r#"relations: [Relation(a: "PAK", b: "IND", kind: "diplomatic", series: (from: "1950", step: ¦"1w", scores: [0.1]))]"#,
        "\"1w\" is not a step (write e.g. 1y, 6m, 1q or 30d)",
    );
}

#[test]
fn series_before_a_state_exists() {
    check(
        r#"relations: [Relation(a: "PAK", b: "BGD", kind: "diplomatic", series: (from: "1969", step: "1y", scores: [¦0.1, 0.2, 0.3]))]"#,
        "this score's date 1969-01-01 is before \"BGD\" exists (it exists from 1971-03-26)",
    );
}

#[test]
fn series_and_keys_on_one_date() {
    check(
        r#"relations: [Relation(a: "PAK", b: "IND", kind: "diplomatic", keys: [Key(date: "1951", score: 0.0)], series: ¦(from: "1950", step: "1y", scores: [0.1, 0.2]))]"#,
        "the series and the keys both have a keyframe on 1951",
    );
}

#[test]
fn a_relation_without_keys_or_series() {
    check(
        r#"relations: [¦Relation(a: "PAK", b: "IND", kind: "diplomatic")]"#,
        "a relation needs at least one keyframe (in `keys` or a `series`)",
    );
}

#[test]
fn lifetimes_out_of_order() {
    check_file(
        r#"Dataset(version: 1, title: "t", states: [State(id: "EST", name: "Estonia", lifetimes: [(from: "1991-09-06"), (from: ¦"1918", until: "1940-06-17")])])"#,
        "lifetimes must be in date order and apart: the one before never ends",
    );
}

#[test]
fn lifetimes_and_from_together() {
    check_file(
        r#"Dataset(version: 1, title: "t", states: [State(id: "EST", name: "Estonia", from: "1918", lifetimes: ¦[(from: "1991-09-06")])])"#,
        "write either `from`/`until` or `lifetimes`, not both",
    );
}

#[test]
fn keyframe_between_two_lifetimes() {
    check_file(
        r#"Dataset(version: 1, title: "t", states: [State(id: "EST", name: "Estonia", lifetimes: [(from: "1918", until: "1940-06-17"), (from: "1991-09-06")]), State(id: "FIN", name: "Finland")],
        relations: [Relation(a: "EST", b: "FIN", kind: "diplomatic", keys: [Key(date: ¦"1960", score: 0.5)])])"#,
        "the keyframe's date 1960-01-01 is while \"EST\" does not exist (between 1940-06-17 and 1991-09-06)",
    );
}

#[test]
fn series_past_the_year_9999() {
    check(
        r#"relations: [Relation(a: "PAK", b: "IND", kind: "diplomatic", series: (from: "9000", step: "1000y", scores: [0.0, 0.5, ¦0.1]))]"#,
        "the series runs past the last date detente knows (the year 9999)",
    );
}

#[test]
fn too_many_keyframes() {
    let scores = "0,".repeat(5_000_001);
    check(
        &format!(
            r#"relations: [¦Relation(a: "PAK", b: "IND", kind: "diplomatic", series: (from: "1950-01-01", step: "1d", scores: [{scores}]))]"#
        ),
        "the relations up to here have more than 5000000 keyframes, more than detente reads",
    );
}

#[test]
fn a_later_lifetime_without_a_start() {
    check_file(
        r#"Dataset(version: 1, title: "t", states: [State(id: "EST", name: "Estonia", lifetimes: [(from: "1918", until: "1940-06-17"), ¦(until: "1999")])])"#,
        "only the first lifetime may leave out `from`",
    );
}
