//! Properties over generated reports (proptest): the formatter is
//! idempotent and lossless (the report model before equals the model
//! after); `nianbao new` checks to its three unfinished placeholders for every year and agency; and the
//! quick fix of an arithmetic rule removes its diagnostic and adds none.
//! (Incremental sync == fresh parse is `lsp_incremental.rs`.)

#[path = "../benches/gen/mod.rs"]
mod gen;

use nianbao::analysis::Analysis;
use nianbao::check::{check_text, DiskLoader};
use nianbao::config::Config;
use nianbao::diagnostic::Diagnostic;
use nianbao::format::format;
use nianbao::model::{Block, Document};
use nianbao::skeleton::{generate, Spec};
use nianbao::template::SumCheck;
use proptest::prelude::*;

const SEED: u64 = 0x6e69_616e_6261_6f21;

fn check(text: &str) -> Vec<Diagnostic> {
    check_text(text, None, &Config::default(), &DiskLoader).1
}

/// What a report says, independent of layout: front matter, headings,
/// every cell of every table, prose lines and comments, in order.
fn model(text: &str) -> Vec<String> {
    let doc = Document::parse(text);
    let mut out = Vec::new();
    if let Some(fm) = &doc.front_matter {
        for e in &fm.entries {
            out.push(format!("front {}={}", e.key, e.value.trim()));
        }
    }
    for b in &doc.blocks {
        match b {
            Block::Heading(h) => out.push(format!("h{} {}", h.level, h.text.trim())),
            Block::Table(t) => {
                for row in std::iter::once(&t.header).chain(&t.rows) {
                    let cells: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
                    out.push(format!("row {}", cells.join("¦")));
                }
                for (i, c) in &t.comments {
                    out.push(format!("table comment {i} {}", c.body.trim()));
                }
            }
            Block::Paragraph(p) => {
                for l in &p.lines {
                    out.push(format!("p {}", doc.slice(l).trim_end()));
                }
            }
            Block::Comment(c) => out.push(format!("comment {}", c.body.trim())),
        }
    }
    out
}

/// Layout noise that must not change what a report says: padding inside
/// table cells, trailing blanks, extra blank lines, CRLF.
fn mess(text: &str, noise: &[(u16, u8)], crlf: bool) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for &(at, kind) in noise {
        if lines.is_empty() {
            break;
        }
        let i = at as usize % lines.len();
        match kind {
            0 => lines[i].push_str("  \t"),
            1 if lines[i].starts_with('|') && !lines[i].contains("--") => {
                lines[i] = lines[i].replace("| ", "|   ").replace(" |", "    |");
            }
            2 => lines.insert(i, String::new()),
            _ => lines[i] = lines[i].replace(" | ", "|"),
        }
    }
    let eol = if crlf { "\r\n" } else { "\n" };
    lines.join(eol) + eol
}

/// A generated report that checks clean.
fn clean_report(index: u64) -> String {
    (index..)
        .map(|i| gen::report(SEED, i))
        .find(|r| r.faults.is_empty())
        .expect("most generated reports are clean")
        .text
}

/// Every cell that a template sum declares as a total, with the code of
/// that sum: (span start, span end, code).
fn total_cells(text: &str) -> Vec<(usize, usize, String)> {
    let doc = Document::parse(text);
    let a = Analysis::analyze(&doc);
    let mut out = Vec::new();
    for t in &a.tables {
        let Some(tt) = t.template else { continue };
        for check in &tt.checks {
            match check {
                SumCheck::RowTotal { code, total, .. } => {
                    let Some((ci, _)) = tt.column(total) else {
                        continue;
                    };
                    for r in &t.rows {
                        // Group rows' cells are blank: no total to break.
                        if let Some(Some(c)) = r
                            .values
                            .get(ci)
                            .filter(|c| c.as_ref().is_some_and(|c| !c.text.is_empty()))
                        {
                            out.push((c.span.start, c.span.end, code.clone()));
                        }
                    }
                }
                SumCheck::ColumnTotal { code, total, .. } => {
                    if let Some(r) = t.row(total) {
                        for c in r.values.iter().flatten().filter(|c| !c.text.is_empty()) {
                            out.push((c.span.start, c.span.end, code.clone()));
                        }
                    }
                }
                SumCheck::Balance { .. } => {}
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn fmt_is_idempotent_and_keeps_the_model(
        index in 0u64..100_000,
        noise in proptest::collection::vec((any::<u16>(), 0u8..4), 0..24),
        crlf in any::<bool>(),
    ) {
        let text = mess(&gen::report(SEED, index).text, &noise, crlf);
        let once = format(&text);
        prop_assert_eq!(format(&once), once.clone(), "not idempotent");
        prop_assert_eq!(model(&text), model(&once), "the report says something else");
    }

    #[test]
    fn new_is_only_unfinished_for_every_year_and_agency(
        year in 2019i32..=2030,
        agency in "[\\p{Han}（）]{2,16}",
    ) {
        let text = generate(&Spec { agency: agency.clone(), year, edition: None }).unwrap();
        // Only the three placeholders the writer must replace (NB405).
        let codes: Vec<&str> = check(&text).iter().map(|d| d.code).collect();
        prop_assert_eq!(codes, vec!["NB405"; 3], "{} {}", year, agency);
        prop_assert_eq!(format(&text), text.clone(), "new writes formatted text");
    }

    #[test]
    fn an_arithmetic_fix_removes_its_diagnostic_and_adds_none(
        index in 0u64..100_000,
        pick in any::<prop::sample::Index>(),
        delta in 1u32..500,
    ) {
        let original = clean_report(index);
        let totals = total_cells(&original);
        prop_assume!(!totals.is_empty());
        let (start, end, code) = totals[pick.index(totals.len())].clone();
        let stated: u64 = original[start..end].parse().unwrap_or(0);
        let mut broken = original.clone();
        broken.replace_range(start..end, &(stated + u64::from(delta)).to_string());
        let diags = check(&broken);
        let target = diags
            .iter()
            .find(|d| d.code == code && d.span.start == start && d.fix.is_some());
        prop_assert!(target.is_some(), "no {} with a fix at the broken total: {:?}", code, diags);
        let fix = target.unwrap().fix.as_ref().unwrap();
        let mut fixed = broken.clone();
        let mut edits = fix.edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        for e in edits {
            fixed.replace_range(e.span.clone(), &e.new_text);
        }
        let after = check(&fixed);
        prop_assert!(after.is_empty(), "{} fix left {:?}", code, after);
    }
}
