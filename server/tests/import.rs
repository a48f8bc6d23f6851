//! `nianbao import` on the real published reports (copies of
//! shared/corpus/real and the seed in tests/fixtures/import): every number of
//! every table lands in the right row and column as `check` binds them
//! (compared with tables written by hand from the sources), `check` then
//! finds what the corpus README says is wrong with each report, and bad
//! input gives an error or a partial result, never a panic.

mod common;

use common::import::*;
use common::*;
use nianbao::analysis::Analysis;
use nianbao::check::{check_text, DiskLoader};
use nianbao::config::Config;
use nianbao::diagnostic::Diagnostic;
use nianbao::import::{self, Format, ImportError};
use nianbao::model::Document;
use pretty_assertions::assert_eq;

fn imported(name: &str) -> import::Imported {
    import::import(&fixture(name), None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn check(text: &str) -> Vec<Diagnostic> {
    check_text(text, None, &Config::default(), &DiskLoader).1
}

/// The cells NB201 names: one warning per row, its blank cells as related
/// locations.
fn blank_cells(diags: &[Diagnostic]) -> Vec<usize> {
    diags
        .iter()
        .filter(|d| d.code == "NB201")
        .flat_map(|d| d.related.iter().map(|r| r.span.start))
        .collect()
}

fn codes(diags: &[Diagnostic]) -> std::collections::BTreeSet<&'static str> {
    diags.iter().map(|d| d.code).collect()
}

#[test]
fn seed_tables_are_imported_exactly() {
    let i = imported("seed-000_d37008fbb3c2afee.txt");
    assert_eq!(i.format, Format::Text);
    assert_eq!(bound(&i.text), expected("seed-000_d37008fbb3c2afee.tables"));
    assert!(i.unplaced.is_empty(), "{:?}", i.unplaced);
}

/// The seed's one-cell-per-line text with its cells marked by pipes
/// instead of tabs, as other copy tools write it: `cell |` (an empty cell
/// a lone `|`), or the cell then a lone `|` line (an empty cell a blank
/// line before it).
fn seed_marked(trailing: bool) -> String {
    let seed = String::from_utf8(fixture("seed-000_d37008fbb3c2afee.txt")).unwrap();
    let mut out = Vec::new();
    for line in seed.lines() {
        match line.strip_prefix('\t') {
            Some(cell) if trailing => out.push(format!("{} |", cell.trim()).trim().to_string()),
            Some(cell) => {
                out.push(cell.trim().to_string());
                out.push("|".to_string());
            }
            None => out.push(line.to_string()),
        }
    }
    out.join("\n")
}

#[test]
fn one_cell_per_line_marked_by_pipes_imports_like_the_tab_indented_seed() {
    for trailing in [true, false] {
        let text = seed_marked(trailing);
        let i = import::import(text.as_bytes(), None).unwrap();
        assert_eq!(i.format, Format::Text, "trailing {trailing}");
        assert_eq!(
            bound(&i.text),
            expected("seed-000_d37008fbb3c2afee.tables"),
            "trailing {trailing}"
        );
        assert!(
            i.unplaced.is_empty(),
            "trailing {trailing}: {:?}",
            i.unplaced
        );
        // As many table lines as the tab-indented reading writes.
        let with_tabs = imported("seed-000_d37008fbb3c2afee.txt");
        assert_eq!(
            i.text.lines().filter(|l| l.starts_with('|')).count(),
            with_tabs
                .text
                .lines()
                .filter(|l| l.starts_with('|'))
                .count()
        );
    }
}

#[test]
fn seed_gives_exactly_the_defects_of_its_transcription() {
    // The issue: check on the imported seed reports what it reports on
    // examples/gongnong-2021.nianbao (rules/testing.rs lists those): the same
    // codes on the same lines (the text of the line) at the same columns.
    let i = imported("seed-000_d37008fbb3c2afee.txt");
    let located = |text: &str| -> Vec<(&'static str, String, usize)> {
        let mut v: Vec<_> = check(text)
            .iter()
            .map(|d| {
                let line_start = text[..d.span.start].rfind('\n').map_or(0, |p| p + 1);
                let line_end = text[d.span.start..]
                    .find('\n')
                    .map_or(text.len(), |p| d.span.start + p);
                let column = text[line_start..d.span.start].chars().count();
                (d.code, text[line_start..line_end].to_string(), column)
            })
            .collect();
        v.sort();
        v
    };
    let want = located(&example_text());
    assert_eq!(located(&i.text), want);
    // And that list is the known one (guards against both being empty).
    let want_codes: Vec<&str> = want.iter().map(|w| w.0).collect();
    assert_eq!(
        want_codes,
        ["NB113", "NB114", "NB302", "NB302", "NB303", "NB303", "NB402"]
    );
    // The whole text is the hand transcription, but for its comment.
    let comment = "<!-- 本例按原文转写，保留了原文的错误：（七）总计与各项之和不符，五、六两节标题不规范。 -->\n\n";
    let transcription = example_text();
    assert!(transcription.contains(comment));
    assert_eq!(i.text, transcription.replace(comment, ""));
}

#[test]
fn shanghai_2019_tables_are_imported_exactly() {
    let i = imported("shanghai-office-2019.html");
    assert_eq!(i.format, Format::Html);
    assert_eq!(
        i.edition,
        nianbao::template::Edition::parse("2019").unwrap()
    );
    assert_eq!(bound(&i.text), expected("shanghai-office-2019.tables"));
    assert!(i.unplaced.is_empty(), "{:?}", i.unplaced);
    assert!(i
        .text
        .starts_with("---\n机关: 上海市人民政府办公厅\n年度: 2019\n---\n\n# 2019年上海市人民政府办公厅政府信息公开工作年度报告\n"));
}

#[test]
fn shanghai_2019_blank_totals_are_reported() {
    // Corpus README: the 总计 column is blank for every result row.
    let i = imported("shanghai-office-2019.html");
    let diags = check(&i.text);
    let doc = Document::parse(&i.text);
    let a = Analysis::analyze(&doc);
    let t3 = a.table("t3").unwrap();
    let tt = t3.template.unwrap();
    let (total_col, _) = tt.column("total").unwrap();
    let (first, _) = tt.row("results").unwrap();
    let (last, _) = tt.row("total").unwrap();
    let mut blank_totals = 0;
    for r in &t3.rows {
        let Some(ri) = r.template_row else { continue };
        if tt.rows[ri].group {
            continue;
        }
        let cell = r.values[total_col].as_ref().unwrap();
        let flagged = blank_cells(&diags).contains(&cell.span.start);
        let result_item = ri > first && ri < last;
        assert_eq!(flagged, result_item, "{}", tt.rows[ri].label);
        blank_totals += usize::from(flagged);
    }
    assert_eq!(blank_totals, 19);
    // Every other blank cell is NB201 too, and nothing structural is wrong:
    // the layout was read right.
    assert_eq!(codes(&diags), ["NB201"].into());
}

#[test]
fn shuyang_fgj_2023_tables_are_imported_exactly() {
    let i = imported("shuyang-fgj-2023.html");
    assert_eq!(
        i.edition,
        nianbao::template::Edition::parse("2021").unwrap()
    );
    assert_eq!(bound(&i.text), expected("shuyang-fgj-2023.tables"));
    assert!(i.unplaced.is_empty(), "{:?}", i.unplaced);
    assert!(i
        .text
        .starts_with("---\n机关: 沭阳县发展和改革局\n年度: 2023\n---\n\n# 沭阳县发展和改革局2023年政府信息公开年度报告\n"));
    // The page chrome (navigation, the metadata panel) is not report text.
    assert!(!i.text.contains("索引号"));
    assert!(i
        .notes
        .iter()
        .any(|n| n.contains("跳过了报告正文以外的页面内容")));
}

#[test]
fn shuyang_fgj_2023_problems_are_reported() {
    // Corpus README: blank legal-person cells. Also what the page gets wrong
    // besides: 规范性文件 (2019 wording) in a 2023 report and a non-standard
    // 五 heading. Section 六 says `政府信息公开未发生收费情况`: that reports
    // the fee, so NB402 (which once fired here) stays silent.
    let i = imported("shuyang-fgj-2023.html");
    assert!(i.text.contains("政府信息公开未发生收费情况"));
    let diags = check(&i.text);
    assert_eq!(codes(&diags), ["NB114", "NB128", "NB201"].into());
    let doc = Document::parse(&i.text);
    let a = Analysis::analyze(&doc);
    let t3 = a.table("t3").unwrap();
    let tt = t3.template.unwrap();
    let legal: Vec<usize> = tt
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.group.as_deref() == Some("法人或其他组织"))
        .map(|(i, _)| i)
        .collect();
    let mut expected_blanks: Vec<usize> = t3
        .rows
        .iter()
        .filter(|r| !r.template_row.is_some_and(|i| tt.rows[i].group))
        .flat_map(|r| {
            legal
                .iter()
                .map(|&c| r.values[c].as_ref().unwrap().span.start)
        })
        .collect();
    expected_blanks.sort();
    let mut nb201 = blank_cells(&diags);
    nb201.sort();
    assert_eq!(nb201, expected_blanks);
    // One warning per row with blank cells, not one per cell.
    let rows = t3
        .rows
        .iter()
        .filter(|r| !r.template_row.is_some_and(|i| tt.rows[i].group))
        .count();
    assert_eq!(diags.iter().filter(|d| d.code == "NB201").count(), rows);
    let nb128: Vec<&str> = diags
        .iter()
        .filter(|d| d.code == "NB128")
        .map(|d| &i.text[d.span.clone()])
        .collect();
    assert_eq!(nb128, ["规范性文件"]);
}

#[test]
fn html_labels_split_across_spans_are_joined() {
    // shuyang-fgj writes 自然人 as <span>自然</span><span>人</span>.
    let src = String::from_utf8(fixture("shuyang-fgj-2023.html")).unwrap();
    assert!(
        src.contains("自然</span>") || src.contains("自然</font>"),
        "fixture changed"
    );
    let i = imported("shuyang-fgj-2023.html");
    assert!(i.text.contains("| 申请人情况 | 自然人 | 商业企业 |"));
}

#[test]
fn every_corpus_file_imports_or_says_why() {
    for name in [
        "pingtan-2019.txt",
        "pingtan-2021.txt",
        "seed-000_d37008fbb3c2afee.txt",
        "shanghai-office-2019.html",
        "shanghai-office-2025.md",
        "shuyang-2025.md",
        "shuyang-fgj-2023.html",
    ] {
        match import::import(&fixture(name), None) {
            Ok(i) => assert!(i.text.contains("## "), "{name}"),
            Err(e) => assert!(!e.to_string().is_empty(), "{name}"),
        }
    }
}

/// Every number in `input` is in the output or in the unplaced report.
fn assert_nothing_lost(input: &str, i: &import::Imported) {
    let mut have: std::collections::HashMap<String, usize> = Default::default();
    for n in digit_runs(&i.text)
        .into_iter()
        .chain(i.unplaced.iter().flat_map(|u| digit_runs(&u.text)))
    {
        *have.entry(n).or_default() += 1;
    }
    for n in digit_runs(input) {
        let k = have.entry(n.clone()).or_default();
        assert!(*k > 0, "{n} lost:\n{}\n{:?}", i.text, i.unplaced);
        *k -= 1;
    }
}

fn digit_runs(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn truncated_copied_text_loses_no_number() {
    let full = String::from_utf8(fixture("seed-000_d37008fbb3c2afee.txt")).unwrap();
    let mut cut = 0;
    while cut < full.len() {
        if full.is_char_boundary(cut) {
            let part = &full[..cut];
            match import::import(part.as_bytes(), Some(Format::Text)) {
                Ok(i) => assert_nothing_lost(part, &i),
                Err(e) => assert!(
                    matches!(e, ImportError::NoReport { .. }),
                    "cut at {cut}: {e}"
                ),
            }
        }
        cut += 53;
    }
}

#[test]
fn truncated_html_gives_a_partial_report() {
    let full = fixture("shanghai-office-2019.html");
    // Cut inside 表三 (after 1.属于国家秘密): the tables before it are whole,
    // 表三 has what was published up to the cut.
    let text = String::from_utf8(full).unwrap();
    let at = text.find("2.其他法律行政法规禁止公开").unwrap();
    let i = import::import(&text.as_bytes()[..at], None).unwrap();
    let tables = bound(&i.text);
    let t3 = &tables.iter().find(|t| t.0 == "t3").unwrap().1;
    assert_eq!(t3.last().unwrap().0, "1.属于国家秘密");
    assert_eq!(t3.last().unwrap().1[0], "14");
    assert!(tables.iter().any(|t| t.0 == "t2-9"));
    assert!(i.unplaced.is_empty(), "{:?}", i.unplaced);
    let diags = check(&i.text);
    assert!(codes(&diags).contains("NB124"), "missing rows are reported");
    assert!(
        codes(&diags).contains("NB110"),
        "missing sections are reported"
    );
}

#[test]
fn html_truncated_anywhere_loses_no_number() {
    // The report body of shuyang-fgj starts at <ucapcontent>; cut the page
    // at many points after it: every number of the body text read so far
    // (tags crudely stripped) is in the output or reported as unplaced.
    let full = String::from_utf8(fixture("shuyang-fgj-2023.html")).unwrap();
    let body = full.find("<ucapcontent>").unwrap();
    // Block tags separate words, inline tags (<span>, <font>) do not.
    let blocks =
        regex::Regex::new(r"(?i)</?(p|td|th|tr|div|br|h[1-6]|table|tbody|li)\b[^>]*>|&[a-z]+;")
            .unwrap();
    let inline = regex::Regex::new(r"<[^>]*>|<[^>]*$").unwrap();
    let mut cut = body + 1;
    while cut < full.len() {
        if full.is_char_boundary(cut) {
            let read = blocks.replace_all(&full[body..cut], " ");
            let read = inline.replace_all(&read, "");
            match import::import(&full.as_bytes()[..cut], None) {
                Ok(i) => assert_nothing_lost(&read, &i),
                Err(e) => assert!(matches!(e, ImportError::NoReport { .. }), "{cut}: {e}"),
            }
        }
        cut += 1499;
    }
}

#[test]
fn inputs_that_are_no_report_are_errors() {
    // A PDF cut short: read directly, it is refused as damaged.
    let mut pdf = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n".to_vec();
    pdf.extend(std::iter::repeat_n(0u8, 100));
    assert_eq!(
        import::import(&pdf, None).unwrap_err(),
        ImportError::PdfCorrupt
    );
    // A page with no report in it.
    let page = "<!DOCTYPE html><html><head><title>首页</title></head><body>\
                <div class=nav><a href=/>首页</a><a href=/x>政府信息公开</a></div>\
                <table><tr><td>联系电话</td><td>0527-83593059</td></tr></table>\
                <p>版权所有 2024</p></body></html>";
    let e = import::import(page.as_bytes(), None).unwrap_err();
    assert_eq!(
        e,
        ImportError::NoReport {
            format: Format::Html
        }
    );
    assert!(e.to_string().contains("没有找到"));
    // Empty input.
    assert!(import::import(b"", None).is_err());
}

#[test]
fn fifty_megabytes_of_html_is_refused_quickly() {
    let mut big = String::from("<html><body>");
    let row = "<tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr>";
    while big.len() < 50 * 1_048_576 {
        big.push_str(row);
    }
    let t = std::time::Instant::now();
    let e = import::import(big.as_bytes(), None).unwrap_err();
    assert!(matches!(e, ImportError::TooLarge { .. }));
    assert!(e.to_string().contains("输入过大"));
    assert!(t.elapsed().as_secs() < 5);
}

#[test]
fn deeply_nested_html_is_read_or_refused_quickly() {
    let report = String::from_utf8(fixture("shanghai-office-2019.html")).unwrap();
    let nest = |depth: usize| {
        format!(
            "{}{report}{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        )
    };
    // Deep but plausible: read.
    let i = import::import(nest(500).as_bytes(), None).unwrap();
    assert_eq!(bound(&i.text), expected("shanghai-office-2019.tables"));
    // Absurd (html5ever's tree building is quadratic in the depth): refused.
    let t = std::time::Instant::now();
    let e = import::import(nest(200_000).as_bytes(), None).unwrap_err();
    assert!(matches!(e, ImportError::TooDeep { .. }), "{e}");
    assert!(e.to_string().contains("嵌套过深"));
    assert!(t.elapsed().as_secs() < 5);
}

#[test]
fn cli_writes_the_report_and_says_what_it_did() {
    let dir = tempfile::tempdir().unwrap();
    let input = root().join("tests/fixtures/import/shuyang-fgj-2023.html");
    let out = dir.path().join("out.nianbao");
    let run = nianbao(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("表格按 2021 版格式导入"),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(bound(&text), expected("shuyang-fgj-2023.tables"));
    // An existing output is not overwritten without --force.
    let again = nianbao(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("文件已存在"), "{}", again.stderr);
    // Standard input, --from, standard output.
    let seed = fixture("seed-000_d37008fbb3c2afee.txt");
    let run = nianbao_in(&root(), &["import", "-", "--from", "text"], Some(&seed));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        bound(&run.stdout),
        expected("seed-000_d37008fbb3c2afee.tables")
    );
}

#[test]
fn cli_reports_unplaced_numbers_and_strict_makes_them_an_error() {
    // Two numbers under one header cell: one of them has no column.
    let page = "<p>2022年某某局政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p>\
        <table><tr><td colspan=3>第二十条第（五）项</td></tr>\
        <tr><td>信息内容</td><td colspan=2>本年处理决定数量</td></tr>\
        <tr><td>行政许可</td><td>7</td><td>8</td></tr></table>";
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.html", page);
    let run = nianbao(&["import", input.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("| 行政许可 | 7 |"), "{}", run.stdout);
    assert!(
        run.stderr.contains("表格1 第3行 第3格：“8”"),
        "{}",
        run.stderr
    );
    let strict = nianbao(&["import", input.to_str().unwrap(), "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(strict.stdout.is_empty());
    assert!(
        strict
            .stderr
            .contains("错误：以下 1 处内容含数字但未能放入报告"),
        "{}",
        strict.stderr
    );
}

#[test]
fn cli_explains_a_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.pdf", b"%PDF-1.4\n\x00\x01binary");
    let run = nianbao(&["import", input.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("PDF 文件已损坏"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

/// Without `--from`, every text front-end reads the input and the reading
/// that places the most numbers with the sums holding is kept, with a note
/// saying which and why: hongze-2023 (pdftotext -layout text of a real PDF)
/// reads as PDF text, with its two published 表四 totals that do not add up
/// counted against it like against every reading.
#[test]
fn the_best_reading_is_kept_and_named() {
    let bytes = std::fs::read(root().join("tests/fixtures/real/hongze-2023.txt")).unwrap();
    let chosen = import::import(&bytes, None).unwrap();
    let pdf = import::import(&bytes, Some(Format::PdfText)).unwrap();
    assert_eq!(chosen.format, Format::PdfText);
    assert_eq!(chosen.text, pdf.text);
    let note = chosen
        .notes
        .iter()
        .find(|n| n.contains("输入格式未指定"))
        .expect("a note on the choice");
    assert!(note.contains("选用纯文本（--from pdf-text）"), "{note}");
    assert!(note.contains("合计关系不符 2 处"), "{note}");
    assert!(note.contains("runs") && note.contains("text"), "{note}");
    // Every other reading places fewer numbers in template tables.
    let placed = |text: &str| {
        let doc = Document::parse(text);
        let a = Analysis::analyze(&doc);
        a.tables
            .iter()
            .filter(|t| t.template.is_some())
            .flat_map(|t| &t.rows)
            .flat_map(|r| &r.values)
            .filter(|v| v.is_some())
            .count()
    };
    for f in [Format::Runs, Format::Text] {
        if let Ok(other) = import::import(&bytes, Some(f)) {
            assert!(placed(&other.text) < placed(&chosen.text), "{f:?}");
        }
    }
    // A clear web page is read as HTML, nothing else tried.
    let html = imported("shuyang-fgj-2023.html");
    assert_eq!(html.format, Format::Html);
    assert!(!html.notes.iter().any(|n| n.contains("输入格式未指定")));
    // The crawler's run-together text is read as such.
    assert_eq!(imported("pingtan-2021.txt").format, Format::Runs);
}
