//! Reading a dataset file: size and encoding checks, RON parsing, then
//! validation, with every problem reported as `path:line:col: message`.
//!
//! This is the only module of the core that touches the file system, and only
//! in [`load_path`]; [`load_str`] does the same work on text in memory.

mod explain;
mod locate;
mod raw;
mod validate;

use std::fmt;
use std::io::Read;
use std::path::Path;

use ron::error::{Error as RonError, SpannedError};

pub use validate::{FORMAT_VERSION, Problem};

use crate::model::Dataset;

/// Files larger than this are refused before they are read: room for a
/// dense world (every pair of 193 states scored every year since 1946 is
/// about 50 MiB written as keys, 10 MiB as series).
pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// Nesting deeper than this is an error, not a stack overflow.
const MAX_NESTING: usize = 64;

/// Why a dataset could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot read the file: {}", read_reason(source))]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: the file is too large ({size} bytes); detente reads data files of at most {} MiB",
        MAX_FILE_BYTES / 1024 / 1024
    )]
    TooLarge { path: String, size: u64 },
    #[error("{}", Listing { path, problems })]
    Invalid {
        path: String,
        problems: Vec<Problem>,
    },
}

impl LoadError {
    /// The problems as `path:line:col: message` lines (one line for errors
    /// that concern the whole file).
    pub fn lines(&self) -> Vec<String> {
        match self {
            LoadError::Invalid { path, problems } => problems
                .iter()
                .map(|p| format!("{path}:{}:{}: {}", p.line, p.col, p.message))
                .collect(),
            other => vec![other.to_string()],
        }
    }
}

struct Listing<'a> {
    path: &'a str,
    problems: &'a [Problem],
}

impl fmt::Display for Listing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}:{}: {}", self.path, p.line, p.col, p.message)?;
        }
        Ok(())
    }
}

/// Reads and validates the dataset at `path`.
pub fn load_path(path: &Path) -> Result<Dataset, LoadError> {
    let bytes = read_path(path)?;
    load_bytes(&path.display().to_string(), &bytes)
}

/// Reads the bytes of the file at `path` (refusing one over
/// [`MAX_FILE_BYTES`] before reading it), to be checked by [`load_bytes`].
pub fn read_path(path: &Path) -> Result<Vec<u8>, LoadError> {
    let shown = path.display().to_string();
    let read_err = |source| LoadError::Read {
        path: shown.clone(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_err)?;
    let size = file.metadata().map_err(read_err)?.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { path: shown, size });
    }
    read_all(&shown, file)
}

/// Reads and validates a dataset from `reader` (a file, the standard
/// input); `name` is used in messages.
pub fn load_reader(name: &str, reader: impl Read) -> Result<Dataset, LoadError> {
    load_bytes(name, &read_all(name, reader)?)
}

/// Every byte of `reader`, up to one past [`MAX_FILE_BYTES`] (a file that
/// grows while it is read is then refused by [`load_bytes`]).
fn read_all(name: &str, reader: impl Read) -> Result<Vec<u8>, LoadError> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| LoadError::Read {
            path: name.to_owned(),
            source,
        })?;
    Ok(bytes)
}

/// Validates a dataset given as bytes; `name` is used in messages.
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<Dataset, LoadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: name.to_owned(),
            size: bytes.len() as u64,
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(name, text),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let good = String::from_utf8_lossy(good);
            let (line, col) = explain::line_col(&good, good.len());
            let byte = bytes.get(e.valid_up_to()).copied().unwrap_or_default();
            Err(invalid(
                name,
                line,
                col,
                format!(
                    "the file is not UTF-8 text (byte 0x{byte:02x} here); save it with the UTF-8 encoding"
                ),
            ))
        }
    }
}

/// Validates a dataset given as text; `name` is used in messages.
pub fn load_str(name: &str, text: &str) -> Result<Dataset, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if is_blank(text) {
        return Err(invalid(
            name,
            1,
            1,
            "the file is empty (a dataset starts with `Dataset(version: 1, title: \"…\", …)`)"
                .to_owned(),
        ));
    }
    let options = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING);
    let locator = locate::Locator::new(text);
    let raw: raw::Dataset = match options.from_str(text) {
        Ok(raw) => raw,
        // A newer (or unversioned) file gets "unsupported version" rather
        // than a complaint about a field this version does not know: the
        // version is looked at only when the whole does not parse, so a
        // valid file is parsed once.
        Err(e) => {
            let probe: raw::Probe = options
                .from_str(text)
                .map_err(|e| syntax_error(name, text, &e))?;
            return Err(match probe.version {
                Some(FORMAT_VERSION) => syntax_error(name, text, &e),
                Some(v) => {
                    let pos = locator.locate("version");
                    invalid(
                        name,
                        pos.line,
                        pos.col,
                        format!(
                            "unsupported format version {v} (this detente reads version {FORMAT_VERSION})"
                        ),
                    )
                }
                None => {
                    let pos = locator.locate("");
                    invalid(
                        name,
                        pos.line,
                        pos.col,
                        format!(
                            "the dataset has no version (add `version: {FORMAT_VERSION},` at its top)"
                        ),
                    )
                }
            });
        }
    };
    validate::validate(raw, &locator).map_err(|problems| LoadError::Invalid {
        path: name.to_owned(),
        problems,
    })
}

/// Why a file cannot be read, in words (not "os error 2").
fn read_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "there is no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "it is a folder".to_owned(),
        _ => e.to_string(),
    }
}

fn invalid(name: &str, line: usize, col: usize, message: String) -> LoadError {
    LoadError::Invalid {
        path: name.to_owned(),
        problems: vec![Problem { line, col, message }],
    }
}

/// Whether a text holds nothing but whitespace and comments.
fn is_blank(text: &str) -> bool {
    let mut rest = text.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("//") {
            rest = r.split_once('\n').map_or("", |(_, r)| r).trim_start();
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r.split_once("*/").map_or("", |(_, r)| r).trim_start();
        } else {
            return rest.is_empty();
        }
    }
}

fn syntax_error(name: &str, text: &str, e: &SpannedError) -> LoadError {
    let (line, col) = past_blanks(text, e.span.start.line, e.span.start.col);
    match explain::explain(text, line, col, &e.code) {
        Some((line, col, message)) => invalid(
            name,
            line,
            col,
            message.unwrap_or_else(|| ron_message(&e.code)),
        ),
        None => invalid(name, line, col, ron_message(&e.code)),
    }
}

/// The position of the first non-blank character at or after `line:col`:
/// ron reports some errors where the cursor was before a value's leading
/// whitespace, and people want to be pointed at the value itself.
fn past_blanks(text: &str, line: usize, col: usize) -> (usize, usize) {
    let Some(line_text) = text.split('\n').nth(line.saturating_sub(1)) else {
        return (line, col);
    };
    let rest = line_text.chars().skip(col.saturating_sub(1));
    let blanks = rest.take_while(|c| *c == ' ' || *c == '\t').count();
    let at_end = line_text.chars().count() < col + blanks;
    if at_end {
        (line, col)
    } else {
        (line, col + blanks)
    }
}

fn suggestion(found: &str, expected: &[&str]) -> String {
    let found = found.to_lowercase();
    expected
        .iter()
        .map(|c| (strsim::jaro_winkler(&found, &c.to_lowercase()), *c))
        .filter(|(s, _)| *s >= 0.8)
        .max_by(|x, y| x.0.total_cmp(&y.0))
        .map_or_else(String::new, |(_, c)| format!(" (did you mean \"{c}\"?)"))
}

/// ron's error, said in words for someone who writes data, not Rust.
fn ron_message(code: &RonError) -> String {
    let inside = |outer: &Option<String>| {
        outer
            .as_ref()
            .map_or_else(String::new, |o| format!(" in {o}"))
    };
    match code {
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "unknown field \"{found}\"{}{} (the fields are: {})",
            inside(outer),
            suggestion(found, expected),
            expected.join(", ")
        ),
        RonError::MissingStructField { field, outer } => {
            format!("missing field \"{field}\"{}", inside(outer))
        }
        RonError::DuplicateStructField { field, outer } => {
            format!("the field \"{field}\" is given twice{}", inside(outer))
        }
        RonError::NoSuchEnumVariant {
            expected, found, ..
        } => format!(
            "unknown value \"{found}\"{} (write one of: {})",
            suggestion(found, expected),
            expected.join(", ")
        ),
        RonError::InvalidValueForType { expected, found } => {
            format!("expected {expected} here, but found {found}")
        }
        RonError::ExpectedDifferentStructName { expected, found } => {
            format!("expected {expected}(…) here, but found {found}(…)")
        }
        RonError::ExpectedString | RonError::ExpectedStringEnd => {
            "expected a text in double quotes here".to_owned()
        }
        RonError::ExpectedComma => "expected a comma here".to_owned(),
        RonError::ExpectedArray => "expected a list `[ … ]` here".to_owned(),
        RonError::ExpectedArrayEnd => "expected `]` to close the list here".to_owned(),
        RonError::ExpectedStructLikeEnd => "expected `)` to close the parentheses here".to_owned(),
        RonError::ExpectedMapColon => "expected a colon `:` after the field name".to_owned(),
        RonError::ExpectedFloat | RonError::ExpectedInteger => "expected a number here".to_owned(),
        RonError::Eof => {
            "the file ends too early (a closing bracket or quote may be missing)".to_owned()
        }
        RonError::TrailingCharacters => "unexpected text after the end of the dataset".to_owned(),
        RonError::ExceededRecursionLimit => {
            format!("the data is nested too deeply (more than {MAX_NESTING} levels)")
        }
        RonError::UnclosedBlockComment => "a /* comment is never closed".to_owned(),
        RonError::UnexpectedChar(c) => format!("unexpected character '{c}' here"),
        RonError::ExpectedIdentifier => "expected a field name here".to_owned(),
        RonError::Message(m) => lower_first(m),
        other => lower_first(&other.to_string()),
    }
    .replace("\"`", "\"")
    .replace("`\"", "\"")
    .trim_end_matches('.')
    .to_owned()
}

/// Lower-cases the first letter (ron's messages start with a capital).
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::load_str;
    use crate::date::{Date, Time};
    use crate::eval::snapshot;

    fn at(date: &str) -> Time {
        Date::parse(date).unwrap().start()
    }

    const SERIES: &str = r#"Dataset(version: 1, title: "t",
        states: [
            State(id: "EST", name: "Estonia", lifetimes: [(from: "1918-02-24", until: "1940-06-17"), (from: "1991-09-06")]),
            State(id: "FIN", name: "Finland"),
        ],
        relations: [Relation(a: "EST", b: "FIN", kind: "diplomatic", interp: Step,
            note: "made up for the test", sources: ["a test"],
            keys: [Key(date: "1920", score: 0.5)],
            series: (from: "1992", step: "1y", scores: [0.1, 0.2, 0.3]))],
    )"#;

    #[test]
    fn a_series_is_keyframes_at_its_steps() {
        let ds = load_str("t", SERIES).unwrap();
        let r = &ds.relations[0];
        let dates: Vec<String> = r.keys.iter().map(|k| k.date.to_string()).collect();
        assert_eq!(dates, ["1920", "1992", "1993", "1994"]);
        assert_eq!(r.keys[2].score, 0.2);
        assert_eq!(r.sources, ["a test"]);
        assert_eq!(r.note, "made up for the test");
    }

    #[test]
    fn a_state_of_two_spells_is_absent_between_them() {
        let ds = load_str("t", SERIES).unwrap();
        let life = &ds.states[0].lifetime;
        assert_eq!(life.spells().len(), 2);
        assert!(life.contains(at("1930")));
        assert!(!life.contains(at("1960")));
        assert!(life.contains(at("2020")));
        let score = |d: &str| snapshot(&ds, at(d), 0.0).pair(0, 1).map(|p| p.score);
        assert_eq!(score("1930"), Some(0.5));
        assert_eq!(score("1960"), None);
        // The 1920 score is not held across the gap: nothing until the
        // series starts.
        assert_eq!(score("1991-10"), None);
        assert_eq!(score("1993-06"), Some(0.2));
        let spans = ds.relations[0].spans();
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0], (at("1920").0, at("1940-06-17").0));
        assert_eq!(spans[1], (at("1992").0, f64::INFINITY));
    }

    #[test]
    fn a_membership_ends_with_the_spell_it_starts_in() {
        let text = r#"Dataset(version: 1, title: "t",
            states: [
                State(id: "EST", name: "Estonia", lifetimes: [(from: "1918-02-24", until: "1940-06-17"), (from: "1991-09-06")]),
                State(id: "FIN", name: "Finland"),
            ],
            groups: [Group(id: "G", kind: "diplomatic", score: 0.5, from: "1920",
                members: [Member(state: "EST"), Member(state: "FIN")])],
        )"#;
        let ds = load_str("t", text).unwrap();
        let linked = |d: &str| snapshot(&ds, at(d), 0.0).pair(0, 1).is_some();
        assert!(linked("1930"));
        assert!(!linked("1995"));
    }
}
