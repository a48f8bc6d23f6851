//! The corpus fixtures of `nianbao import` (tests/fixtures/import): the
//! inputs, the tables written by hand from them, and the tables a
//! `.nianbao` text binds to, in the same shape for comparison.

use super::root;
use nianbao::analysis::Analysis;
use nianbao::model::Document;

pub type Tables = Vec<(String, Vec<(String, Vec<String>)>)>;

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures/import").join(name)).unwrap()
}

pub fn fixture_text(name: &str) -> String {
    String::from_utf8(fixture(name)).unwrap()
}

/// A `.tables` fixture: `[id]` blocks of `label | value | …` lines.
pub fn expected(name: &str) -> Tables {
    parse_tables(&fixture_text(name))
}

/// The text of a `.tables` file.
pub fn parse_tables(text: &str) -> Tables {
    let mut out: Tables = Vec::new();
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(id) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            out.push((id.to_string(), Vec::new()));
            continue;
        }
        let mut cells = line.split('|').map(|c| c.trim().to_string());
        let label = cells.next().unwrap();
        out.last_mut()
            .expect("a row after a [table] line")
            .1
            .push((label, cells.collect()));
    }
    out
}

/// The tables of a `.nianbao` text as `check` binds them: template id, and
/// for each non-group row its label as written and its cells in template
/// column order.
pub fn bound(text: &str) -> Tables {
    let doc = Document::parse(text);
    let a = Analysis::analyze(&doc);
    a.tables
        .iter()
        .map(|bt| {
            let tt = bt
                .template
                .expect("every imported table is a template table");
            let rows = bt
                .rows
                .iter()
                .filter(|r| !r.template_row.is_some_and(|i| tt.rows[i].group))
                .map(|r| {
                    let label = r.row.cells.first().map_or("", |c| &c.text).to_string();
                    let values = r
                        .values
                        .iter()
                        .map(|v| v.as_ref().map_or(String::new(), |c| c.text.to_string()))
                        .collect();
                    (label, values)
                })
                .collect();
            (tt.id.clone(), rows)
        })
        .collect()
}

/// The rows that differ, table by table (`-` expected, `+` got), for a
/// failure message.
pub fn table_diff(want: &Tables, got: &Tables) -> String {
    let show = |t: &Tables| {
        t.iter()
            .flat_map(|(id, rows)| {
                rows.iter()
                    .map(move |(label, cells)| format!("[{id}] {label} | {}", cells.join(" | ")))
            })
            .collect::<Vec<_>>()
    };
    let (w, g) = (show(want), show(got));
    let mut out = String::new();
    for l in w.iter().filter(|l| !g.contains(l)) {
        out.push_str(&format!("  - {l}\n"));
    }
    for l in g.iter().filter(|l| !w.contains(l)) {
        out.push_str(&format!("  + {l}\n"));
    }
    out
}
