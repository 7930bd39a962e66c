//! Where each value of a RON text starts, by path (`states[3].id`), so that
//! validation errors can name the line and column of the offending value.
//!
//! serde forgets positions once a value is deserialised, so after a
//! successful parse this module scans the same text once more, structurally:
//! it follows parentheses, brackets, braces, field names and commas, skipping
//! strings, numbers and comments, and records the start of every value. It is
//! lenient (the text has already been parsed) and never panics. The scan is
//! made only when a position is first asked for, so a valid file (no
//! problem to place) never pays for it in time or memory.

use std::collections::HashMap;

/// A 1-based line and column (in characters), as ron reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// Deeper than this, values are skipped without recording their positions.
const MAX_DEPTH: usize = 256;

/// The start position of every value in a RON text, by path (scanned on
/// first use).
pub struct Locator<'t> {
    text: &'t str,
    positions: std::cell::OnceCell<HashMap<String, Pos>>,
}

impl<'t> Locator<'t> {
    pub fn new(text: &'t str) -> Locator<'t> {
        Locator {
            text,
            positions: std::cell::OnceCell::new(),
        }
    }

    fn positions(&self) -> &HashMap<String, Pos> {
        self.positions.get_or_init(|| {
            let mut scan = Scanner {
                src: self.text.as_bytes(),
                i: 0,
                pos: Pos { line: 1, col: 1 },
                positions: HashMap::new(),
            };
            scan.skip_trivia();
            scan.value(String::new(), 0);
            scan.positions
        })
    }

    /// Where the value at `path` starts; if the path was not written (a field
    /// left to its default), where its nearest written parent starts.
    pub fn locate(&self, path: &str) -> Pos {
        let positions = self.positions();
        let mut path = path;
        loop {
            if let Some(pos) = positions.get(path) {
                return *pos;
            }
            match path.rfind(['.', '[']) {
                Some(cut) => path = &path[..cut],
                None => {
                    return positions
                        .get("")
                        .copied()
                        .unwrap_or(Pos { line: 1, col: 1 });
                }
            }
        }
    }
}

struct Scanner<'a> {
    src: &'a [u8],
    i: usize,
    pos: Pos,
    positions: HashMap<String, Pos>,
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn child(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.i).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.src.get(self.i + ahead).copied()
    }

    fn bump(&mut self) {
        let Some(b) = self.peek() else { return };
        self.i += 1;
        if b == b'\n' {
            self.pos.line += 1;
            self.pos.col = 1;
        } else if b & 0xC0 != 0x80 {
            // Count characters, not bytes: continuation bytes add nothing.
            self.pos.col += 1;
        }
    }

    /// Skips whitespace, comments and `#![...]` attributes.
    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(b), _) if b.is_ascii_whitespace() => self.bump(),
                (Some(b'/'), Some(b'/')) => {
                    while self.peek().is_some_and(|b| b != b'\n') {
                        self.bump();
                    }
                }
                (Some(b'/'), Some(b'*')) => self.block_comment(),
                (Some(b'#'), Some(b'!')) => {
                    while self.peek().is_some_and(|b| b != b']') {
                        self.bump();
                    }
                    self.bump();
                }
                _ => return,
            }
        }
    }

    fn block_comment(&mut self) {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            if b == b'/' && self.peek_at(1) == Some(b'*') {
                depth += 1;
                self.bump();
            } else if b == b'*' && self.peek_at(1) == Some(b'/') {
                depth -= 1;
                self.bump();
                if depth == 0 {
                    self.bump();
                    return;
                }
            }
            self.bump();
        }
    }

    /// Skips a quoted string or char starting at the quote `q`.
    fn quoted(&mut self, q: u8) {
        self.bump();
        while let Some(b) = self.peek() {
            self.bump();
            if b == b'\\' {
                self.bump();
            } else if b == q {
                return;
            }
        }
    }

    /// Skips `r#"..."#` starting at the `r`.
    fn raw_string(&mut self) {
        self.bump();
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.bump();
        }
        if self.peek() != Some(b'"') {
            // A raw identifier (r#name), not a string.
            while self.peek().is_some_and(is_ident_byte) {
                self.bump();
            }
            return;
        }
        self.bump();
        while let Some(b) = self.peek() {
            self.bump();
            if b == b'"' {
                let closes = (0..hashes).all(|k| self.peek_at(k) == Some(b'#'));
                if closes {
                    for _ in 0..hashes {
                        self.bump();
                    }
                    return;
                }
            }
        }
    }

    fn ident(&mut self) -> String {
        let start = self.i;
        while self.peek().is_some_and(is_ident_byte) {
            self.bump();
        }
        String::from_utf8_lossy(&self.src[start..self.i]).into_owned()
    }

    /// Scans one value at the cursor (trivia already skipped).
    fn value(&mut self, path: String, depth: usize) {
        if depth < MAX_DEPTH {
            self.positions.entry(path.clone()).or_insert(self.pos);
        }
        let Some(b) = self.peek() else { return };
        match b {
            b'(' => self.items(&path, depth, b')'),
            b'[' => self.items(&path, depth, b']'),
            b'{' => self.items(&path, depth, b'}'),
            b'"' | b'\'' => self.quoted(b),
            b'r' if matches!(self.peek_at(1), Some(b'"' | b'#')) => self.raw_string(),
            b'b' if matches!(self.peek_at(1), Some(b'"' | b'\'')) => {
                self.bump();
                self.quoted(self.peek().unwrap_or(b'"'));
            }
            b if is_ident_byte(b) && !b.is_ascii_digit() => {
                let name = self.ident();
                self.skip_trivia();
                if self.peek() == Some(b'(') {
                    if name == "Some" {
                        // `Some(x)` is transparent: x keeps the path.
                        self.bump();
                        self.skip_trivia();
                        self.value(path, depth + 1);
                        self.skip_trivia();
                        if self.peek() == Some(b')') {
                            self.bump();
                        }
                    } else {
                        self.items(&path, depth, b')');
                    }
                }
            }
            b if b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.') => {
                self.bump();
                while self
                    .peek()
                    .is_some_and(|b| is_ident_byte(b) || matches!(b, b'.' | b'+' | b'-'))
                {
                    self.bump();
                }
            }
            _ => self.bump(),
        }
    }

    /// Scans the items of `( … )`, `[ … ]` or `{ … }` at the cursor: fields
    /// `name: value` get `path.name`, map entries and positional items get
    /// `path[index]`.
    fn items(&mut self, path: &str, depth: usize, close: u8) {
        self.bump();
        let mut index = 0usize;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(b) if b == close => {
                    self.bump();
                    return;
                }
                _ => {}
            }
            let before = self.i;
            if close == b')' && self.at_field_name() {
                let name = self.ident();
                self.skip_trivia();
                self.bump(); // the ':'
                self.skip_trivia();
                self.value(child(path, &name), depth + 1);
            } else if close == b'}' {
                self.value(format!("{path}{{{index}}}"), depth + 1);
                self.skip_trivia();
                if self.peek() == Some(b':') {
                    self.bump();
                    self.skip_trivia();
                }
                self.value(format!("{path}[{index}]"), depth + 1);
                index += 1;
            } else {
                self.value(format!("{path}[{index}]"), depth + 1);
                index += 1;
            }
            self.skip_trivia();
            if self.peek() == Some(b',') {
                self.bump();
            }
            if self.i == before {
                // Unexpected byte: step over it so the scan always ends.
                self.bump();
            }
        }
    }

    /// Whether the cursor is at `identifier :` (a struct field).
    fn at_field_name(&self) -> bool {
        let mut j = self.i;
        let starts_ident = self
            .src
            .get(j)
            .is_some_and(|&b| is_ident_byte(b) && !b.is_ascii_digit());
        if !starts_ident {
            return false;
        }
        while self.src.get(j).is_some_and(|&b| is_ident_byte(b)) {
            j += 1;
        }
        while self.src.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        self.src.get(j) == Some(&b':')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values_by_path() {
        let text = "#![enable(implicit_some)]\n// comment\nDataset(\n    title: \"A (b) [c]\",\n    states: [\n        State(id: \"PAK\", name: r#\"x\"#),\n        /* nested /* block */ */ (id: \"IND\", from: Some(\"1947\")),\n    ],\n)";
        let loc = Locator::new(text);
        assert_eq!(loc.locate("title"), Pos { line: 4, col: 12 });
        assert_eq!(loc.locate("states"), Pos { line: 5, col: 13 });
        assert_eq!(loc.locate("states[0]"), Pos { line: 6, col: 9 });
        assert_eq!(loc.locate("states[0].id"), Pos { line: 6, col: 19 });
        assert_eq!(loc.locate("states[0].name"), Pos { line: 6, col: 32 });
        assert_eq!(loc.locate("states[1].id"), Pos { line: 7, col: 39 });
        assert_eq!(loc.locate("states[1].from"), Pos { line: 7, col: 52 });
    }

    #[test]
    fn missing_paths_fall_back_to_the_parent() {
        let loc = Locator::new("(a: [1, 2], b: (c: 3))");
        assert_eq!(loc.locate("a[1]"), Pos { line: 1, col: 9 });
        assert_eq!(loc.locate("b.d"), loc.locate("b"));
        assert_eq!(loc.locate("zz[3].q"), Pos { line: 1, col: 1 });
    }

    #[test]
    fn columns_count_characters() {
        let loc = Locator::new("(t: \"é\", u: 1)");
        assert_eq!(loc.locate("u"), Pos { line: 1, col: 13 });
    }

    #[test]
    fn garbage_never_hangs_or_panics() {
        for text in [
            "", "(", "[[[", "(a: ", "r#", "\"abc", "/* x", "(: , ;)", "{1: }",
        ] {
            let _ = Locator::new(text).locate("a.b");
        }
    }
}
