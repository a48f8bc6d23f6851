//! `nianbao render --format docx` as a user runs it: the real binary's
//! `.docx` unzipped and its tables read back the way Word lays them out
//! (`gridSpan` widens a cell, `vMerge` continues the cell above), then
//! compared with the official layout of domain.md §2.3 / §3.3. Also: the
//! same bytes on every run, the page and styles an officer gets, comments
//! under `--annotate`, and the failures. LibreOffice opening the file is
//! scripts/test-render-docx.sh.

mod common;

use common::*;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::process::{Command, Stdio};

/// Run the binary and keep stdout as bytes (a `.docx` is binary).
fn render(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn docx_of(file: &str, extra: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.docx");
    let mut args = vec![
        "render",
        "--format",
        "docx",
        file,
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let (code, _, stderr) = render(&args);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("已写入"), "{stderr}");
    std::fs::read(&out).unwrap()
}

/// The parts of a `.docx`, by name.
fn parts(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        out.insert(f.name().unwrap().to_string(), s);
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[derive(Debug, Clone)]
struct WCell {
    text: String,
    span: usize,
    /// `Some(true)` restarts a vertical merge, `Some(false)` continues one.
    vmerge: Option<bool>,
}

#[derive(Debug)]
struct WRow {
    header: bool,
    cells: Vec<WCell>,
}

#[derive(Debug)]
struct WTable {
    columns: usize,
    rows: Vec<WRow>,
}

impl WTable {
    /// Every cell's text in row order (continuation cells left out).
    fn texts(&self) -> Vec<&str> {
        self.rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| c.vmerge != Some(false))
            .map(|c| c.text.as_str())
            .collect()
    }
    fn head(&self) -> usize {
        self.rows.iter().take_while(|r| r.header).count()
    }
}

/// The tables of `word/document.xml` (the writer's own output: regular
/// enough for a small reader).
fn tables(document: &str) -> Vec<WTable> {
    let tbl = Regex::new(r"(?s)<w:tbl>(.*?)</w:tbl>").unwrap();
    let grid_col = Regex::new(r#"<w:gridCol w:w="\d+"/>"#).unwrap();
    let tr = Regex::new(r"(?s)<w:tr>(.*?)</w:tr>").unwrap();
    let tc = Regex::new(r"(?s)<w:tc>(.*?)</w:tc>").unwrap();
    let span = Regex::new(r#"<w:gridSpan w:val="(\d+)"/>"#).unwrap();
    let t = Regex::new(r"(?s)<w:t(?: [^>]*)?>(.*?)</w:t>").unwrap();
    tbl.captures_iter(document)
        .map(|m| {
            let inner = &m[1];
            WTable {
                columns: grid_col.find_iter(inner).count(),
                rows: tr
                    .captures_iter(inner)
                    .map(|r| WRow {
                        header: r[1].contains("<w:tblHeader/>"),
                        cells: tc
                            .captures_iter(&r[1])
                            .map(|c| WCell {
                                text: unescape(
                                    &t.captures_iter(&c[1])
                                        .map(|x| x[1].to_string())
                                        .collect::<String>(),
                                ),
                                span: span.captures(&c[1]).map_or(1, |s| s[1].parse().unwrap()),
                                vmerge: if c[1].contains("<w:vMerge w:val=\"restart\"/>") {
                                    Some(true)
                                } else if c[1].contains("<w:vMerge/>") {
                                    Some(false)
                                } else {
                                    None
                                },
                            })
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The grid Word lays out: slot → text of the cell covering it. A
/// continuation cell must sit exactly under a cell of the same width that
/// restarts or continues a merge; every row must fill the grid.
fn resolve(t: &WTable) -> Vec<Vec<String>> {
    let mut grid: Vec<Vec<String>> = Vec::new();
    // Column → (width, text) of the merge open at that column.
    let mut open: BTreeMap<usize, (usize, String)> = BTreeMap::new();
    for (y, row) in t.rows.iter().enumerate() {
        let mut line = Vec::new();
        for c in &row.cells {
            let x = line.len();
            let text = match c.vmerge {
                Some(false) => {
                    let (w, text) = open
                        .get(&x)
                        .unwrap_or_else(|| panic!("row {y}: continuation at {x} under no merge"));
                    assert_eq!(
                        *w, c.span,
                        "row {y}: continuation at {x} is not as wide as its merge"
                    );
                    text.clone()
                }
                Some(true) => {
                    open.insert(x, (c.span, c.text.clone()));
                    c.text.clone()
                }
                None => {
                    open.remove(&x);
                    c.text.clone()
                }
            };
            line.extend(std::iter::repeat_n(text, c.span));
        }
        assert_eq!(
            line.len(),
            t.columns,
            "row {y} does not fill the {} grid columns",
            t.columns
        );
        grid.push(line);
    }
    grid
}

/// Slots (row, column) covered by the cell with this text.
fn slots(t: &WTable, text: &str) -> BTreeSet<(usize, usize)> {
    let found = t.texts().iter().filter(|s| **s == text).count();
    assert_eq!(found, 1, "{text} is in {found} cells");
    let mut out = BTreeSet::new();
    for (y, row) in resolve(t).iter().enumerate() {
        for (x, s) in row.iter().enumerate() {
            if s == text {
                out.insert((y, x));
            }
        }
    }
    out
}

fn rect(rows: std::ops::Range<usize>, cols: std::ops::Range<usize>) -> BTreeSet<(usize, usize)> {
    rows.flat_map(|y| cols.clone().map(move |x| (y, x)))
        .collect()
}

fn table_with<'t>(ts: &'t [WTable], text: &str) -> &'t WTable {
    let found: Vec<&WTable> = ts.iter().filter(|t| t.texts().contains(&text)).collect();
    assert_eq!(found.len(), 1, "tables holding {text}");
    found[0]
}

const NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

#[test]
fn table3_has_the_official_merged_header_and_group_cells_in_both_editions() {
    for (file, edition, results) in [
        (EXAMPLE, "2021", 22),
        ("tests/fixtures/valid-2019.nianbao", "2019", 20),
    ] {
        let doc = &parts(&docx_of(file, &[]))["word/document.xml"];
        let ts = tables(doc);
        let t3 = table_with(&ts, "申请人情况");
        assert_eq!(t3.columns, 10, "{edition}: 3 label + 7 value columns");
        assert_eq!(
            t3.head(),
            3,
            "{edition}: three header rows, repeated on every page"
        );
        assert!(t3.rows[3..].iter().all(|r| !r.header), "{edition}");
        assert_eq!(slots(t3, NOTE), rect(0..3, 0..3), "{edition}");
        assert_eq!(slots(t3, "申请人情况"), rect(0..1, 3..10), "{edition}");
        assert_eq!(slots(t3, "自然人"), rect(1..3, 3..4), "{edition}");
        assert_eq!(slots(t3, "法人或其他组织"), rect(1..2, 4..9), "{edition}");
        for (i, leaf) in [
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
        ]
        .iter()
        .enumerate()
        {
            assert_eq!(
                slots(t3, leaf),
                rect(2..3, 4 + i..5 + i),
                "{edition} {leaf}"
            );
        }
        assert_eq!(slots(t3, "总计"), rect(1..3, 9..10), "{edition}");
        // Group cells: 三 runs down the first column over every result row.
        assert_eq!(
            slots(t3, "三、本年度办理结果"),
            rect(5..5 + results, 0..1),
            "{edition}"
        );
        assert_eq!(slots(t3, "（三）不予公开"), rect(7..15, 1..2), "{edition}");
        assert_eq!(slots(t3, "（四）无法提供"), rect(15..18, 1..2), "{edition}");
        assert_eq!(slots(t3, "（五）不予处理"), rect(18..23, 1..2), "{edition}");
        assert_eq!(slots(t3, "（一）予以公开"), rect(5..6, 1..3), "{edition}");
        assert_eq!(slots(t3, "1.属于国家秘密"), rect(7..8, 2..3), "{edition}");
        assert_eq!(
            slots(t3, "一、本年新收政府信息公开申请数量"),
            rect(3..4, 0..3),
            "{edition}"
        );
        let last = t3.rows.len() - 1;
        assert_eq!(
            slots(t3, "四、结转下年度继续办理"),
            rect(last..last + 1, 0..3),
            "{edition}"
        );
        if edition == "2021" {
            assert_eq!(slots(t3, "（六）其他处理"), rect(23..26, 1..2));
        } else {
            assert_eq!(slots(t3, "（六）其他处理"), rect(23..24, 1..3));
        }
        // The note paragraph above the table is not printed twice.
        assert_eq!(doc.matches(NOTE).count(), 1, "{edition}");
    }
}

#[test]
fn table3_values_are_the_written_numbers_in_their_rows() {
    let doc = &parts(&docx_of(EXAMPLE, &[]))["word/document.xml"];
    let ts = tables(doc);
    let g = resolve(table_with(&ts, "申请人情况"));
    let row = |label: &str| {
        g.iter()
            .find(|r| r[2] == label)
            .unwrap_or_else(|| panic!("no row {label}"))[3..]
            .to_vec()
    };
    assert_eq!(row("（一）予以公开"), ["1", "0", "0", "0", "0", "0", "1"]);
    // As written, wrong: nothing is corrected.
    assert_eq!(row("（七）总计"), ["0"; 7]);
}

#[test]
fn table4_is_one_row_of_fifteen_under_three_header_rows() {
    for file in [EXAMPLE, VALID, "tests/fixtures/valid-2019.nianbao"] {
        let doc = &parts(&docx_of(file, &[]))["word/document.xml"];
        let ts = tables(doc);
        let t4 = table_with(&ts, "行政复议");
        assert_eq!(t4.columns, 15, "{file}");
        assert_eq!(
            t4.rows.len(),
            4,
            "{file}: three header rows and one of values"
        );
        assert_eq!(
            t4.head(),
            3,
            "{file}: the three header rows repeat on every page"
        );
        assert_eq!(slots(t4, "行政复议"), rect(0..2, 0..5), "{file}");
        assert_eq!(slots(t4, "行政诉讼"), rect(0..1, 5..15), "{file}");
        assert_eq!(slots(t4, "未经复议直接起诉"), rect(1..2, 5..10), "{file}");
        assert_eq!(slots(t4, "复议后起诉"), rect(1..2, 10..15), "{file}");
        let g = resolve(t4);
        let five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
        assert_eq!(g[2], five.repeat(3), "{file}");
    }
    let doc = &parts(&docx_of(EXAMPLE, &[]))["word/document.xml"];
    let ts = tables(doc);
    assert_eq!(
        resolve(table_with(&ts, "行政复议"))[3],
        ["0", "0", "0", "0", "0", "0", "0", "9", "2", "11", "0", "0", "0", "0", "0"]
    );
}

#[test]
fn table2_sub_tables_share_one_grid_with_their_captions() {
    let doc = &parts(&docx_of(EXAMPLE, &[]))["word/document.xml"];
    let ts = tables(doc);
    let t2 = table_with(&ts, "第二十条第（一）项");
    assert_eq!(t2.columns, 4);
    let g = resolve(t2);
    for caption in [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ] {
        let y = g.iter().position(|r| r[0] == caption).unwrap();
        assert_eq!(slots(t2, caption), rect(y..y + 1, 0..4), "{caption}");
    }
    let y = g.iter().position(|r| r[0] == "行政许可").unwrap();
    assert_eq!(
        g[y],
        ["行政许可", "1151", "1151", "1151"],
        "one value over three columns"
    );
    // The captions are rows of the table, not headings as well.
    assert!(!doc.contains("<w:pStyle w:val=\"Heading2\"/>"));
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    let a = docx_of(EXAMPLE, &[]);
    let b = docx_of(EXAMPLE, &[]);
    assert!(a == b, "two runs differ");
    let a = docx_of(EXAMPLE, &["--annotate"]);
    let b = docx_of(EXAMPLE, &["--annotate"]);
    assert!(a == b, "two annotated runs differ");
    // Standard output (not a terminal here) gives the same file as -o.
    let (code, stdout, stderr) = render(&["render", "--format", "docx", EXAMPLE]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout == docx_of(EXAMPLE, &[]), "stdout and -o differ");
    // -o with a .docx name and no --format writes Word too.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("报告.docx");
    let (code, _, stderr) = render(&["render", EXAMPLE, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::read(&out).unwrap() == docx_of(EXAMPLE, &[]));
}

#[test]
fn the_document_is_an_official_a4_report_with_heading_styles() {
    let p = parts(&docx_of(EXAMPLE, &[]));
    let doc = &p["word/document.xml"];
    assert!(doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "A4");
    let para = Regex::new(r#"(?s)<w:p><w:pPr><w:pStyle w:val="(\w+)"/>.*?</w:p>"#).unwrap();
    let t = Regex::new(r"<w:t[^>]*>([^<]*)</w:t>").unwrap();
    let styled: Vec<(String, String)> = para
        .captures_iter(doc)
        .map(|c| {
            (
                c[1].to_string(),
                t.captures_iter(&c[0]).map(|x| x[1].to_string()).collect(),
            )
        })
        .filter(|(s, _)| s != "TableText" && s != "TableGap")
        .collect();
    assert_eq!(
        styled[0],
        ("Title".into(), "2021年度政府信息公开工作报告".into())
    );
    let headings: Vec<&str> = styled
        .iter()
        .filter(|(s, _)| s == "Heading1")
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        headings,
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、政务公开工作存在的主要问题",
            "6、 其他需要报告的事项",
        ],
        "sections as written, in Word's heading 1 (navigation pane)"
    );
    assert_eq!(styled.iter().filter(|(s, _)| s == "BodyText").count(), 9);
    let styles = &p["word/styles.xml"];
    // Outline levels for the navigation pane, East Asian fonts, the
    // two-character first-line indent of the prose.
    assert!(styles.contains("<w:name w:val=\"heading 1\"/>"));
    assert!(styles.contains("<w:outlineLvl w:val=\"0\"/>"));
    assert!(styles.contains("w:eastAsia=\"方正小标宋简体\""));
    assert!(styles.contains("w:eastAsia=\"仿宋_GB2312\""));
    assert!(styles.contains("<w:ind w:firstLineChars=\"200\""));
    assert!(p["word/fontTable.xml"].contains("<w:altName w:val=\"仿宋\"/>"));
    // Comments only with --annotate.
    assert!(!p.contains_key("word/comments.xml"));
}

#[test]
fn annotate_puts_each_diagnostic_in_a_comment_on_its_cell() {
    let p = parts(&docx_of(EXAMPLE, &["--annotate"]));
    let comments = &p["word/comments.xml"];
    let check = nianbao(&["check", "--format", "json", EXAMPLE]).json();
    for d in &check {
        let code = d["code"].as_str().unwrap();
        assert!(comments.contains(code), "{code} has no comment");
    }
    assert!(comments.contains("发现 4 个错误、2 个警告、1 个提示"));
    // NB302 on the two （七）总计 cells: the comment holding it is anchored in
    // a cell of the （七）总计 row.
    let doc = &p["word/document.xml"];
    let comment = Regex::new(r#"(?s)<w:comment w:id="(\d+)"[^>]*>(.*?)</w:comment>"#).unwrap();
    let nb302: Vec<String> = comment
        .captures_iter(comments)
        .filter(|c| c[2].contains("NB302") && !c[2].contains("发现"))
        .map(|c| c[1].to_string())
        .collect();
    assert_eq!(nb302.len(), 2, "one comment per flagged cell");
    let row_of = |id: &str| {
        let at = doc
            .find(&format!("<w:commentRangeStart w:id=\"{id}\"/>"))
            .unwrap();
        let start = doc[..at].rfind("<w:tr>").unwrap();
        let end = at + doc[at..].find("</w:tr>").unwrap();
        doc[start..end].to_string()
    };
    for id in &nb302 {
        assert!(row_of(id).contains("（七）总计"), "comment {id}");
        assert!(doc.contains(&format!("<w:commentReference w:id=\"{id}\"/>")));
    }
}

#[test]
fn docx_is_not_written_to_a_terminal_and_failures_exit_2() {
    // A terminal cannot be faked without a pty here; what can be checked:
    // HTML and --html stay the default, --html conflicts with --format docx.
    let (code, stdout, _) = render(&["render", EXAMPLE]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with(b"<!DOCTYPE html>"));
    let (code, _, stderr) = render(&["render", "--html", "--format", "docx", EXAMPLE]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = render(&[
        "render",
        "--format",
        "docx",
        "missing.nianbao",
        "-o",
        "/tmp/x.docx",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("文件不存在"), "{stderr}");
    let (code, _, stderr) = render(&[
        "render",
        "--format",
        "docx",
        EXAMPLE,
        "-o",
        "/no/such/dir/r.docx",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("错误："), "{stderr}");
}
