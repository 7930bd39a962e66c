//! Writing an import as a readable RON dataset: a header naming the inputs
//! and what users owe them, then kinds, states and relations sorted by id,
//! with regular yearly or monthly runs written as a `series`.

use std::fmt::Write;

use super::{Import, KeyOut, RelationOut};
use crate::date::{Date, Step};

/// A RON string literal: quotes, backslashes and line breaks escaped,
/// other control characters made spaces, everything else as it is.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            // Tabs and other control characters in a CSV cell.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A score as short as it can be written exactly to three decimals.
fn number(x: f64) -> String {
    let mut s = format!("{:.3}", (x * 1000.0).round() / 1000.0);
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.push('0');
    }
    if s == "-0.0" { "0.0".to_owned() } else { s }
}

fn sources(list: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let items: Vec<String> = list.into_iter().map(|s| quoted(s.as_ref())).collect();
    format!("[{}]", items.join(", "))
}

pub(super) fn ron(import: &Import, title: &str) -> String {
    let mut out = String::new();
    out.push_str("// Made by `detente import` from:\n");
    for input in &import.inputs {
        // A line break in a file's name would end the comment.
        let name: String = input
            .name
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let _ = writeln!(out, "//   {name} ({})", input.format.describe());
    }
    let mut cited: Vec<&str> = import
        .inputs
        .iter()
        .map(|i| i.format.citation())
        .filter(|c| !c.is_empty())
        .collect();
    cited.dedup();
    if !cited.is_empty() {
        out.push_str("// Cite what you use:\n");
        for c in &cited {
            let _ = writeln!(out, "//   {c}");
        }
    }
    let _ = writeln!(
        out,
        "Dataset(\n    version: {},",
        crate::load::FORMAT_VERSION
    );
    let _ = writeln!(out, "    title: {},", quoted(title));
    if let Some(end) = import.data_end {
        let _ = writeln!(out, "    end: {},", quoted(&end.to_string()));
    }
    // Without relations the kinds are left to their defaults (a list may
    // not be empty).
    if !import.kinds.is_empty() {
        out.push_str("    kinds: [\n");
        for (id, name) in &import.kinds {
            let _ = writeln!(
                out,
                "        Kind(id: {}, name: {}),",
                quoted(id),
                quoted(name)
            );
        }
        out.push_str("    ],\n");
    }
    out.push_str("    states: [\n");
    for (id, s) in &import.states {
        let _ = write!(
            out,
            "        State(id: {}, name: {}",
            quoted(id),
            quoted(&s.name)
        );
        let show = |d: Option<Date>| d.map(|d| quoted(&d.to_string()));
        match s.spells.as_slice() {
            [] => {}
            [(from, until)] => {
                if let Some(f) = show(*from) {
                    let _ = write!(out, ", from: {f}");
                }
                if let Some(u) = show(*until) {
                    let _ = write!(out, ", until: {u}");
                }
            }
            spells => {
                out.push_str(", lifetimes: [");
                for (i, (from, until)) in spells.iter().enumerate() {
                    let parts: Vec<String> = [("from", show(*from)), ("until", show(*until))]
                        .into_iter()
                        .filter_map(|(k, v)| v.map(|v| format!("{k}: {v}")))
                        .collect();
                    let sep = if i == 0 { "" } else { ", " };
                    let _ = write!(out, "{sep}({})", parts.join(", "));
                }
                out.push(']');
            }
        }
        if !s.sources.is_empty() {
            let _ = write!(out, ", sources: {}", sources(&s.sources));
        }
        out.push_str("),\n");
    }
    out.push_str("    ],\n    relations: [\n");
    for ((a, b, kind), r) in &import.relations {
        relation(&mut out, [a, b, kind], r);
    }
    out.push_str("    ],\n)\n");
    out
}

fn relation(out: &mut String, [a, b, kind]: [&String; 3], r: &RelationOut) {
    let _ = write!(
        out,
        "        Relation(a: {}, b: {}, kind: {}",
        quoted(a),
        quoted(b),
        quoted(kind)
    );
    if r.step_interp {
        out.push_str(", interp: Step");
    }
    if let Some(u) = r.until {
        let _ = write!(out, ", until: {}", quoted(&u.to_string()));
    }
    if !r.note.is_empty() {
        let _ = write!(out, ",\n            note: {}", quoted(&r.note));
    }
    if !r.sources.is_empty() {
        let _ = write!(out, ",\n            sources: {}", sources(&r.sources));
    }
    let (run, step) = longest_run(&r.keys);
    let in_series = |i: usize| run.contains(&i);
    let keys: Vec<&KeyOut> = (0..r.keys.len())
        .filter(|i| !in_series(*i))
        .map(|i| &r.keys[i])
        .collect();
    if !keys.is_empty() {
        out.push_str(",\n            keys: [");
        for (i, k) in keys.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            let _ = write!(
                out,
                "{sep}Key(date: {}, score: {}",
                quoted(&k.date.to_string()),
                number(k.score)
            );
            if !k.note.is_empty() {
                let _ = write!(out, ", note: {}", quoted(&k.note));
            }
            if !k.sources.is_empty() {
                let _ = write!(out, ", sources: {}", sources(&k.sources));
            }
            out.push(')');
        }
        out.push(']');
    }
    if let (Some(first), Some(unit)) = (r.keys.get(run.start), step) {
        let scores: Vec<String> = r.keys[run].iter().map(|k| number(k.score)).collect();
        let _ = write!(
            out,
            ",\n            series: (from: {}, step: \"1{unit}\", scores: [{}])",
            quoted(&first.date.to_string()),
            scores.join(", ")
        );
    }
    out.push_str("),\n");
}

/// The longest run of at least four keys without notes or sources of their
/// own, a year or a month apart and written as years or months: these are
/// written as a series. Returns the run and its unit: one year (`y`) or one
/// month (`m`) a step.
pub(super) fn longest_run(keys: &[KeyOut]) -> (std::ops::Range<usize>, Option<char>) {
    let plain = |k: &KeyOut| k.note.is_empty() && k.sources.is_empty() && k.date.day.is_none();
    let next = |d: Date| match d.month {
        None => Step::Months(12).nth_date(d, 1),
        Some(_) => Step::Months(1).nth_date(d, 1),
    };
    let mut best = 0..0;
    let mut i = 0;
    while i < keys.len() {
        if !plain(&keys[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < keys.len() && plain(&keys[j]) && keys[j].date == next(keys[j - 1].date) {
            j += 1;
        }
        if j - i > best.len() {
            best = i..j;
        }
        i = j;
    }
    if best.len() < 4 {
        return (0..0, None);
    }
    let unit = if keys[best.start].date.month.is_none() {
        'y'
    } else {
        'm'
    };
    (best, Some(unit))
}
