//! Syntax errors in the words of what the person did, at the spot where
//! they did it. ron reports where its parser gave up, which is often after
//! the mistake (a string left open swallows the lines after it; a missing
//! field is noticed at the struct's closing bracket): these rules look at
//! the text around that spot and, when they recognise the mistake, name it
//! and move the position to it.

use ron::error::Error as RonError;

use super::raw::INTERPS;
use crate::model::Level;

/// A better position (1-based line and column, in characters) and message
/// (`None`: ron's own, in words) for a syntax error ron reported at
/// `line:col`, if the mistake is one these rules recognise.
pub fn explain(
    text: &str,
    line: usize,
    col: usize,
    code: &RonError,
) -> Option<(usize, usize, Option<String>)> {
    let at = offset(text, line, col)?;
    let found = |offset: usize, message: Option<String>| {
        let (line, col) = line_col(text, offset);
        Some((line, col, message))
    };
    // A text opened before the error and running over a line end (data
    // files keep each text on one line): its closing quote is missing.
    if let Some(open) = unclosed_text(text, at) {
        return found(
            open,
            Some("this text is never closed (its closing \" is missing)".to_owned()),
        );
    }
    // Said at the `/*` that is never closed, not where the file ends.
    if matches!(code, RonError::UnclosedBlockComment) {
        return found(
            unclosed_comment(text)?,
            Some("this comment is never closed (its closing */ is missing)".to_owned()),
        );
    }
    let rest = &text[at..];
    let before = &text[..at];
    // Said at the struct that lacks the field, not at its closing bracket.
    if matches!(code, RonError::MissingStructField { .. }) {
        return found(struct_start(text, at)?, None);
    }
    // Said at the stray text, not at the bracket before it.
    if matches!(code, RonError::TrailingCharacters) {
        return found(skip_blanks(text, at), None);
    }
    // `0,6` (or `-0,6`): ron takes the comma for a separator. Not after a
    // number that already has a dot (`0.5,6` is two numbers).
    let digits_before = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits_before == 0
        && let Some(whole) = before.strip_suffix(',')
    {
        let (start, int) = number_before(whole);
        let frac: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if int
            .trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit())
            && int.chars().any(|c| c.is_ascii_digit())
            && !frac.is_empty()
        {
            return found(start, Some(format!("use a dot for decimals: {int}.{frac}")));
        }
    }
    // `60%`, `-12.5%`.
    if rest.starts_with('%') {
        let (start, number) = number_before(before);
        let value: f64 = number.parse().ok()?;
        let message = if field_before(&before[..start]) == Some("score") {
            format!(
                "a score is a number from -1 to 1, not a percentage: write {}",
                value / 100.0
            )
        } else {
            format!("numbers are written without %: {number}")
        };
        return found(start, Some(message));
    }
    // `'text'`: up to the last single quote on the line (a name may hold
    // an apostrophe: 'Côte d'Ivoire').
    if let Some(quoted) = rest.strip_prefix('\'') {
        let line = quoted.split('\n').next().unwrap_or("");
        let inner = line.rfind('\'').map_or(line, |end| &line[..end]);
        return found(
            at,
            Some(format!("texts are written in double quotes: \"{inner}\"")),
        );
    }
    // `level: "Tense"`: a level (or an interpolation) is a word, not a text.
    if let Some(field @ ("level" | "interp")) = field_before(before)
        && let Some(quoted) = rest.strip_prefix('"')
    {
        let word: String = quoted
            .chars()
            .take_while(|&c| c != '"' && c != '\n')
            .collect();
        let (what, words): (&str, &[&str]) = if field == "level" {
            ("levels", &Level::NAMES)
        } else {
            ("interpolations", &INTERPS)
        };
        let message = match words.iter().find(|w| w.eq_ignore_ascii_case(word.trim())) {
            Some(w) => format!("{what} are written without quotes: {field}: {w}"),
            None => format!(
                "{what} are written without quotes, as one of: {}",
                words.join(", ")
            ),
        };
        return found(at, Some(message));
    }
    None
}

/// The number (digits, a dot, a leading minus) that `text` ends with, and
/// where it starts.
fn number_before(text: &str) -> (usize, &str) {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    let start = digits.strip_suffix('-').map_or(digits.len(), str::len);
    (start, &text[start..])
}

/// The field name of `name:` that `text` ends with (blanks allowed).
fn field_before(text: &str) -> Option<&str> {
    let name = text.trim_end().strip_suffix(':')?.trim_end();
    let start = name
        .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_')
        .len();
    Some(&name[start..])
}

/// The byte offset of a 1-based line and column (in characters).
fn offset(text: &str, line: usize, col: usize) -> Option<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let line_text = text.get(start..)?;
    let within: usize = line_text
        .chars()
        .take(col.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    Some((start + within).min(text.len()))
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = 1 + before.matches('\n').count();
    let col = 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, col)
}

/// What the scanner meets, byte by byte: outside anything, or in a text.
enum Token {
    /// A text from its opening quote to its closing one (exclusive end).
    Text {
        open: usize,
        close: Option<usize>,
    },
    Open(usize),
    Close,
}

/// The texts and brackets of `text` up to `end`, skipping comments.
fn tokens(text: &str, end: usize, mut visit: impl FnMut(Token) -> bool) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < end.min(bytes.len()) {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(bytes.len(), |n| i + n + 4);
            }
            b'"' => {
                let open = i;
                i += 1;
                let mut close = None;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            close = Some(i);
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                if !visit(Token::Text { open, close }) {
                    return;
                }
            }
            b'(' | b'[' => {
                if !visit(Token::Open(i)) {
                    return;
                }
                i += 1;
            }
            b')' | b']' => {
                if !visit(Token::Close) {
                    return;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
}

/// The opening quote of the last text that starts at or before `at` and
/// looks left open: it runs to the end of the file, or over a line end to a
/// quote that is not followed by what follows a text (`,` `)` `]`) but by
/// more words — the opening quote of the next text, taken for a closing one.
fn unclosed_text(text: &str, at: usize) -> Option<usize> {
    let mut found = None;
    tokens(text, at + 1, |t| {
        if let Token::Text { open, close } = t {
            let suspect = match close {
                None => true,
                Some(close) => {
                    let after = text[close + 1..].trim_start_matches([' ', '\t']);
                    text[open..close].contains('\n')
                        && !after.starts_with([',', ')', ']', '\n', '\r', '/'])
                        && !after.is_empty()
                }
            };
            if suspect {
                found = Some(open);
            }
        }
        true
    });
    found
}

/// Where the struct whose closing bracket is at `at` begins: its name, or
/// its opening bracket if it has none.
fn struct_start(text: &str, at: usize) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    tokens(text, at, |t| {
        match t {
            Token::Open(i) => open.push(i),
            Token::Close => {
                open.pop();
            }
            Token::Text { .. } => {}
        }
        true
    });
    let bracket = *open.last()?;
    let name = text[..bracket].trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
    Some(if name.len() < bracket {
        name.len()
    } else {
        bracket
    })
}

/// Where the block comment that is never closed opens: the first `/*`
/// (outside texts and line comments) whose nested comments and own `*/`
/// do not all close.
fn unclosed_comment(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'/', Some(b'/')) => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            (b'/', Some(b'*')) => {
                let open = i;
                let mut depth = 0usize;
                while i < bytes.len() {
                    match (bytes[i], bytes.get(i + 1)) {
                        (b'/', Some(b'*')) => {
                            depth += 1;
                            i += 2;
                        }
                        (b'*', Some(b'/')) => {
                            depth -= 1;
                            i += 2;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => i += 1,
                    }
                }
                if depth > 0 {
                    return Some(open);
                }
            }
            (b'"', _) => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// The first offset at or after `at` that is not blank or a comment.
fn skip_blanks(text: &str, at: usize) -> usize {
    let mut i = at;
    loop {
        let rest = &text[i..];
        let trimmed = rest.trim_start();
        i += rest.len() - trimmed.len();
        if let Some(r) = trimmed.strip_prefix("//") {
            i += 2 + r.find('\n').unwrap_or(r.len());
        } else if let Some(r) = trimmed.strip_prefix("/*") {
            i += 2 + r.find("*/").map_or(r.len(), |n| n + 2);
        } else {
            return i;
        }
    }
}
