//! A CSV file read by column name: headers in any case and any order, each
//! row with its line number for messages.

use std::collections::HashMap;

use super::ImportError;

pub(super) struct Table<'t> {
    file: &'t str,
    columns: HashMap<String, usize>,
    reader: csv::Reader<&'t [u8]>,
}

/// One row: its line in the file and its fields.
pub(super) struct Row<'r> {
    pub line: u64,
    record: csv::StringRecord,
    columns: &'r HashMap<String, usize>,
    file: &'r str,
}

impl<'t> Table<'t> {
    /// Reads the header line; `required` columns must be there. Columns
    /// are separated by commas, or by semicolons or tabs if the header line
    /// has more of those (spreadsheets in many languages write semicolons).
    pub fn new(file: &'t str, text: &'t str, required: &[&str]) -> Result<Table<'t>, ImportError> {
        let header = text
            .trim_start_matches('\u{feff}')
            .lines()
            .next()
            .unwrap_or("");
        if header.trim().is_empty() {
            return Err(ImportError::File {
                file: file.to_owned(),
                message: format!(
                    "the file is empty; its first line should name the columns ({})",
                    required.join(", ")
                ),
            });
        }
        let delimiter = [b',', b';', b'\t']
            .into_iter()
            .max_by_key(|d| (header.bytes().filter(|b| b == d).count(), *d == b','))
            .unwrap_or(b',');
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = reader.headers().map_err(|e| ImportError::File {
            file: file.to_owned(),
            message: format!("cannot read the header line: {e}"),
        })?;
        let columns: HashMap<String, usize> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim_start_matches('\u{feff}').to_lowercase(), i))
            .collect();
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|c| !columns.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            return Err(ImportError::File {
                file: file.to_owned(),
                message: format!(
                    "the header line lacks the column{} {} (it has: {})",
                    if missing.len() == 1 { "" } else { "s" },
                    missing.join(", "),
                    headers.iter().collect::<Vec<_>>().join(", ")
                ),
            });
        }
        Ok(Table {
            file,
            columns,
            reader,
        })
    }

    pub fn has(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    /// Calls `each` on every row, in order, stopping at the first error.
    pub fn rows(
        mut self,
        mut each: impl FnMut(&Row<'_>) -> Result<(), ImportError>,
    ) -> Result<(), ImportError> {
        let mut record = csv::StringRecord::new();
        loop {
            match self.reader.read_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {}
                Err(e) => {
                    return Err(ImportError::Row {
                        file: self.file.to_owned(),
                        row: e.position().map_or(0, csv::Position::line),
                        message: format!("cannot read this row: {e}"),
                    });
                }
            }
            if record.iter().all(str::is_empty) {
                continue;
            }
            let row = Row {
                line: record.position().map_or(0, csv::Position::line),
                record: std::mem::take(&mut record),
                columns: &self.columns,
                file: self.file,
            };
            each(&row)?;
            record = row.record;
        }
    }
}

impl Row<'_> {
    /// The text in a column ("" if the column or the field is missing).
    pub fn text(&self, column: &str) -> &str {
        self.columns
            .get(column)
            .and_then(|&i| self.record.get(i))
            .unwrap_or("")
    }

    /// An error about this row.
    pub fn error(&self, message: String) -> ImportError {
        ImportError::Row {
            file: self.file.to_owned(),
            row: self.line,
            message,
        }
    }

    /// A whole number in a column; `None` if blank, "NA" or "." (how
    /// statistics packages write missing values).
    pub fn opt_int(&self, column: &str) -> Result<Option<i64>, ImportError> {
        let text = self.text(column);
        if is_missing(text) {
            return Ok(None);
        }
        // Some exports write whole numbers as "1990.0".
        let number = text.parse::<i64>().ok().or_else(|| {
            text.parse::<f64>()
                .ok()
                .filter(|x| x.fract() == 0.0 && x.abs() < 1e15)
                .map(|x| x as i64)
        });
        number
            .map(Some)
            .ok_or_else(|| self.error(format!("{column} is \"{text}\", not a whole number")))
    }

    /// A whole number that must be there.
    pub fn int(&self, column: &str) -> Result<i64, ImportError> {
        self.opt_int(column)?
            .ok_or_else(|| self.error(format!("{column} is empty")))
    }

    /// A yes/no column coded 1/0 (blank is no).
    pub fn flag(&self, column: &str) -> Result<bool, ImportError> {
        Ok(self.opt_int(column)?.unwrap_or(0) > 0)
    }

    /// A number in a column; `None` if missing.
    pub fn opt_number(&self, column: &str) -> Result<Option<f64>, ImportError> {
        let text = self.text(column);
        if is_missing(text) {
            return Ok(None);
        }
        match text.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Some(x)),
            _ => Err(self.error(format!("{column} is \"{text}\", not a number"))),
        }
    }
}

fn is_missing(text: &str) -> bool {
    text.is_empty() || text.eq_ignore_ascii_case("na") || text == "." || text == "NaN"
}
