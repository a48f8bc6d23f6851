//! Round trip (issue 5): `render` then `import` gives back the same tables,
//! and `check` finds the same problems in them.

mod common;

use common::*;
use nianbao::analysis::Analysis;
use nianbao::check::{check_text, DiskLoader};
use nianbao::config::Config;
use nianbao::import::{import, Format};
use nianbao::model::Document;
use pretty_assertions::assert_eq;

/// A table as `check` sees it: its template, and each row's template row
/// with its cells as written. Group rows with no numbers are left out: they
/// are optional in the text, and the official layout always shows them.
type Rows = Vec<(Option<String>, Vec<String>)>;

fn tables(text: &str) -> Vec<(Option<String>, Vec<String>, Rows)> {
    let doc = Document::parse(text);
    let a = Analysis::analyze(&doc);
    a.tables
        .iter()
        .map(|t| {
            let header = t
                .table
                .header
                .cells
                .iter()
                .map(|c| c.text.to_string())
                .collect();
            let rows = t
                .table
                .rows
                .iter()
                .zip(&t.rows)
                .filter(|(r, b)| {
                    let group = b
                        .template_row
                        .zip(t.template)
                        .is_some_and(|(i, tt)| tt.rows[i].group);
                    !(group && r.cells.iter().skip(1).all(|c| c.text.is_empty()))
                })
                .map(|(r, b)| {
                    let id = b
                        .template_row
                        .zip(t.template)
                        .map(|(i, tt)| tt.rows[i].id.clone());
                    (id, r.cells.iter().map(|c| c.text.to_string()).collect())
                })
                .collect();
            (t.template.map(|tt| tt.id.clone()), header, rows)
        })
        .collect()
}

/// What `check` says about the tables (positions differ: comments are not
/// published; the messages name the rows, columns and numbers).
fn table_problems(text: &str) -> Vec<(String, String)> {
    let (_, diags) = check_text(text, None, &Config::default(), &DiskLoader);
    let mut out: Vec<(String, String)> = diags
        .iter()
        .filter(|d| {
            d.code.starts_with("NB2") || d.code.starts_with("NB3") || d.code.starts_with("NB12")
        })
        .map(|d| (d.code.to_string(), d.message.clone()))
        .collect();
    out.sort();
    out
}

fn round_trip(name: &str, text: &str) -> String {
    let html = nianbao::render::render(&Document::parse(text), None);
    let back = import(html.as_bytes(), Some(Format::Html))
        .unwrap_or_else(|e| panic!("{name}: import failed: {e}"));
    assert!(back.unplaced.is_empty(), "{name}: {:?}", back.unplaced);
    back.text
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap()
}

#[test]
fn render_then_import_gives_back_the_same_tables() {
    let valid_2019 = read("tests/fixtures/valid-2019.nianbao");
    let valid_2021 = read("tests/fixtures/valid-2021.nianbao");
    // A local extension row (Hubei's 其他主动公开文件) inside 表二's grid.
    let extended = valid_2019.replacen(
        "| 规范性文件 | 0 | 0 | 0 |\n",
        "| 规范性文件 | 0 | 0 | 0 |\n| 其他主动公开文件 | 5 | 5 | 30 |\n",
        1,
    );
    assert_ne!(extended, valid_2019);
    // Group rows left out of the text (the layout shows them anyway).
    let mut no_groups = valid_2021.clone();
    for g in [
        "三、本年度办理结果",
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
        "（六）其他处理",
    ] {
        let line = format!("| {g} |  |  |  |  |  |  |  |\n");
        assert!(no_groups.contains(&line), "{g}");
        no_groups = no_groups.replace(&line, "");
    }
    for (name, text) in [
        (EXAMPLE, example_text()),
        ("valid-2021", valid_2021.clone()),
        ("valid-2019", valid_2019.clone()),
        ("2019 with an extension row", extended),
        ("2021 without group rows", no_groups),
    ] {
        let back = round_trip(name, &text);
        let (before, after) = (tables(&text), tables(&back));
        assert!(
            before.iter().filter(|t| t.0.is_some()).count() >= 6,
            "{name}: tables bound"
        );
        assert_eq!(before, after, "{name}");
        assert_eq!(table_problems(&text), table_problems(&back), "{name}");
    }
}

#[test]
fn the_examples_errors_survive_the_round_trip() {
    let back = round_trip(EXAMPLE, &example_text());
    let problems = table_problems(&back);
    let codes: Vec<&str> = problems.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["NB302", "NB302", "NB303", "NB303"]);
}
