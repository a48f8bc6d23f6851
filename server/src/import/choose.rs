//! Choosing the reading of an input whose form is not given (`--from`
//! absent). A clear web page is read as HTML and nothing else is tried.
//! Text could be any of the text layouts, and the cheap signs
//! ([`super::detect`]) can be fooled (a copied page with tabs between cells
//! and a crawler's long line look alike at first sight), so every text
//! front-end reads it and the reading that places the most numbers in the
//! template's tables with their sums holding is kept: each value cell the
//! checker binds to a template table counts one, each sum the checker
//! finds broken (NB301–NB304, the template's `checks`) takes off the cells
//! of its row. A note says which reading was kept and why.

use super::draft::Draft;
use super::emit::{self, Emitted};
use super::{detect, read, Format, ImportError};
use crate::analysis::Analysis;
use crate::check::{check_text, Loader};
use crate::config::Config;
use crate::model::Document;
use std::path::Path;

/// A reading of the input by one front-end.
pub(super) struct Reading {
    pub format: Format,
    pub draft: Draft,
    pub emitted: Emitted,
    /// Why it was chosen over the others (Chinese), when others were tried.
    pub note: Option<String>,
}

impl Reading {
    /// The reading of the front-end the user named (or the only one that
    /// applies): emitted, no choice to explain.
    pub fn of(format: Format, draft: Draft) -> Result<Reading, ImportError> {
        if !emit::looks_like_report(&draft) {
            return Err(ImportError::NoReport { format });
        }
        let emitted = emit::emit(&draft);
        Ok(Reading {
            format,
            draft,
            emitted,
            note: None,
        })
    }
}

/// How good a reading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Score {
    /// Value cells bound to template tables.
    placed: usize,
    /// Sums the checker finds broken.
    broken: usize,
    /// Pieces of the input left out of the tables.
    unplaced: usize,
}

impl Score {
    /// Placed numbers, less the cells of every row whose sum is broken.
    fn key(&self) -> (isize, isize) {
        (
            self.placed as isize - 8 * self.broken as isize,
            -(self.unplaced as isize),
        )
    }
}

/// No file is read while scoring (cross-year and aggregate checks need
/// none: only the report's own sums count).
struct NoFiles;

impl Loader for NoFiles {
    fn load(&self, _: &Path) -> std::io::Result<String> {
        Err(std::io::Error::from(std::io::ErrorKind::NotFound))
    }
}

fn score(r: &Reading) -> Score {
    let doc = Document::parse(&r.emitted.text);
    let analysis = Analysis::analyze(&doc);
    let placed = analysis
        .tables
        .iter()
        .filter(|t| t.template.is_some())
        .flat_map(|t| &t.rows)
        .flat_map(|row| &row.values)
        .filter(|v| v.as_ref().is_some_and(|c| !c.text.trim().is_empty()))
        .count();
    let diags = check_text(&r.emitted.text, None, &Config::default(), &NoFiles).1;
    let broken = diags
        .iter()
        .filter(|d| matches!(d.code, "NB301" | "NB302" | "NB303" | "NB304"))
        .count();
    Score {
        placed,
        broken,
        unplaced: r.draft.unplaced.len() + r.emitted.unplaced.len(),
    }
}

/// The text front-ends that could have made this input, the detected one
/// first.
fn candidates(text: &str) -> Vec<Format> {
    let first = detect(text);
    if first == Format::Html {
        return vec![Format::Html];
    }
    let mut out = vec![first];
    for f in [Format::PdfText, Format::Runs, Format::Text] {
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// Read `text` with every front-end that could apply and keep the best
/// reading; the error of the detected front-end when none reads a report.
pub(super) fn best(text: &str) -> Result<Reading, ImportError> {
    let formats = candidates(text);
    let mut readings: Vec<(Reading, Score)> = Vec::new();
    let mut first_err: Option<ImportError> = None;
    for &format in &formats {
        let draft = match read(format, text) {
            Ok(d) => d,
            Err(e) => {
                first_err.get_or_insert(e);
                continue;
            }
        };
        if !emit::looks_like_report(&draft) {
            first_err.get_or_insert(ImportError::NoReport { format });
            continue;
        }
        let emitted = emit::emit(&draft);
        let reading = Reading {
            format,
            draft,
            emitted,
            note: None,
        };
        let s = if formats.len() > 1 {
            score(&reading)
        } else {
            Score {
                placed: 0,
                broken: 0,
                unplaced: 0,
            }
        };
        readings.push((reading, s));
    }
    if readings.is_empty() {
        return Err(first_err.unwrap_or(ImportError::NoReport { format: formats[0] }));
    }
    // The best key; on a tie the earlier (the detected) reading.
    let best = (0..readings.len())
        .rev()
        .max_by_key(|&i| readings[i].1.key())
        .expect("not empty");
    let others: Vec<String> = readings
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != best)
        .map(|(_, (r, s))| describe(r.format, s))
        .collect();
    let (mut chosen, s) = readings.swap_remove(best);
    if !others.is_empty() {
        chosen.note = Some(format!(
            "输入格式未指定，已按各种文本格式分别读取，选用{}：{}；其他读法：{}。如需指定，请用 --from",
            chosen.format.said_zh(None),
            describe_counts(&s),
            others.join("；")
        ));
    }
    Ok(chosen)
}

fn describe_counts(s: &Score) -> String {
    let mut t = format!("表格中放入数字 {} 个", s.placed);
    t.push_str(&if s.broken == 0 {
        "，合计关系均成立".to_string()
    } else {
        format!("，合计关系不符 {} 处", s.broken)
    });
    if s.unplaced > 0 {
        t.push_str(&format!("，未能放入 {} 处", s.unplaced));
    }
    t
}

fn describe(f: Format, s: &Score) -> String {
    format!("{}{}", f.said_zh(None), describe_counts(s))
}
