//! `nianbao review` on real published reports: pairing across years without
//! front matter, what the pages mark, the figures, bad input.

mod common;

use common::{nianbao_in, on_terminal, root};
use std::collections::BTreeMap;
use std::path::Path;

/// A report copied into the folder: from, to, and how it is edited.
type Copy<'a> = (&'a str, &'a str, &'a dyn Fn(String) -> String);

/// Copy real reports into a fresh folder, each edited by `edit`.
fn folder(files: &[Copy]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (from, to, edit) in files {
        let text = std::fs::read_to_string(root().join(from)).unwrap();
        std::fs::write(dir.path().join(to), edit(text)).unwrap();
    }
    dir
}

/// The names of the files and folders in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// Pingtan's real 2022 and 2023 reports as `2022.nianbao`, `2023.nianbao`.
fn pingtan_2022_2023() -> tempfile::TempDir {
    folder(&[
        (
            "tests/fixtures/real/pingtan-2022.nianbao",
            "2022.nianbao",
            &same,
        ),
        (
            "tests/fixtures/real/pingtan-2023.nianbao",
            "2023.nianbao",
            &same,
        ),
    ])
}

fn same(s: String) -> String {
    s
}

/// `review --figures json` of `dir`: (exit code, the JSON).
fn figures(dir: &Path) -> (i32, serde_json::Value) {
    let run = nianbao_in(dir, &["review", ".", "--figures", "json", "--quiet"], None);
    let v = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr));
    (run.code, v)
}

fn report<'a>(v: &'a serde_json::Value, file: &str) -> &'a serde_json::Value {
    v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["file"] == file)
        .unwrap_or_else(|| panic!("no {file} in {v}"))
}

fn codes(r: &serde_json::Value) -> Vec<&str> {
    r["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect()
}

/// (code, line, column) of every finding a page lists, counted.
fn listed(html: &str) -> BTreeMap<(String, u64, u64), usize> {
    let re =
        regex::Regex::new(r#"data-code="(NB\d+)" data-line="(\d+)" data-column="(\d+)""#).unwrap();
    let mut out = BTreeMap::new();
    for c in re.captures_iter(html) {
        *out.entry((
            c[1].to_string(),
            c[2].parse().unwrap(),
            c[3].parse().unwrap(),
        ))
        .or_default() += 1;
    }
    out
}

/// The same from `check --format json`.
fn checked(dir: &Path, file: &str) -> BTreeMap<(String, u64, u64), usize> {
    let run = nianbao_in(dir, &["check", "--format", "json", file], None);
    let mut out = BTreeMap::new();
    for d in run.json() {
        let key = (
            d["code"].as_str().unwrap().to_string(),
            d["line"].as_u64().unwrap(),
            d["column"].as_u64().unwrap(),
        );
        *out.entry(key).or_default() += 1;
    }
    out
}

const CARRIED_2023: &str = "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";

#[test]
fn a_carry_over_that_disagrees_across_years_gives_nb305_without_front_matter() {
    // Pingtan's real 2022 report carries 0 into 2023, and its 2023 report
    // says 0 came over. Here the 2023 one claims 2.
    let dir = folder(&[
        (
            "tests/fixtures/real/pingtan-2022.nianbao",
            "2022.nianbao",
            &same,
        ),
        (
            "tests/fixtures/real/pingtan-2023.nianbao",
            "2023.nianbao",
            &|t: String| {
                assert!(t.contains(CARRIED_2023));
                t.replace(
                    CARRIED_2023,
                    "| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
                )
            },
        ),
    ]);
    assert!(!std::fs::read_to_string(dir.path().join("2023.nianbao"))
        .unwrap()
        .contains("上年报告"));
    // Alone, the 2023 report cannot be compared with anything.
    assert!(!checked(dir.path(), "2023.nianbao")
        .keys()
        .any(|k| k.0 == "NB305"));

    let (code, v) = figures(dir.path());
    assert_eq!(code, 1, "{v}");
    let later = report(&v, "2023.nianbao");
    assert_eq!(later["previous"], "2022.nianbao");
    assert!(codes(later).contains(&"NB305"), "{later}");
    assert!(!codes(report(&v, "2022.nianbao")).contains(&"NB305"));

    // The page of 2023 says so, and the two pages link to each other.
    let site = dir.path().join("site");
    let run = nianbao_in(dir.path(), &["review", ".", "-o", "site"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let p2022 = std::fs::read_to_string(site.join("reports/r0001.html")).unwrap();
    let p2023 = std::fs::read_to_string(site.join("reports/r0002.html")).unwrap();
    assert!(
        p2022.contains("<a rel=\"next\" href=\"r0002.html\">"),
        "{p2022}"
    );
    assert!(p2023.contains("<a rel=\"prev\" href=\"r0001.html\">"));
    let marks = listed(&p2023);
    assert!(marks.keys().any(|k| k.0 == "NB305"), "{marks:?}");
    assert!(p2023.contains("上年报告的“四、结转下年度”为 0"), "{p2023}");
    // Nothing was written next to the reports but the site asked for.
    let names = names_in(dir.path());
    assert_eq!(names, ["2022.nianbao", "2023.nianbao", "site"]);
}

#[test]
fn agencies_with_similar_names_are_not_paired_and_the_near_miss_is_listed() {
    let agency = |name: &'static str| {
        move |t: String| t.replacen("机关: 平潭综合实验区", &format!("机关: {name}"), 1)
    };
    let dir = folder(&[
        (
            "tests/fixtures/real/pingtan-2022.nianbao",
            "a-2022.nianbao",
            &agency("洪泽区人民政府"),
        ),
        (
            "tests/fixtures/real/pingtan-2023.nianbao",
            "a-2023.nianbao",
            &agency("淮安市洪泽区人民政府"),
        ),
        (
            "tests/fixtures/real/pingtan-2023.nianbao",
            "b-2023.nianbao",
            &agency("洪泽区人民政府办公室"),
        ),
    ]);
    let (_, v) = figures(dir.path());
    for f in ["a-2023.nianbao", "b-2023.nianbao"] {
        let r = report(&v, f);
        assert!(r["previous"].is_null(), "{f} was paired: {r}");
        assert!(!codes(r).contains(&"NB306"), "{r}");
        assert!(r["indicators"]["new-growth"].is_null());
    }
    let run = nianbao_in(dir.path(), &["review", ".", "-o", "site", "-q"], None);
    let index = std::fs::read_to_string(dir.path().join("site/index.html")).unwrap();
    let ambiguous = index
        .split("<ul id=\"nb-ambiguous\">")
        .nth(1)
        .unwrap_or_else(|| panic!("no ambiguous list: {}", run.stderr))
        .split("</ul>")
        .next()
        .unwrap();
    // The region written out: listed. A department of it: another agency.
    assert!(
        ambiguous.contains("洪泽区人民政府 2022 年")
            && ambiguous.contains("淮安市洪泽区人民政府 2023 年"),
        "{ambiguous}"
    );
    assert!(!ambiguous.contains("办公室"), "{ambiguous}");
}

#[test]
fn figures_are_the_tables_numbers_and_the_indicators_computed_from_them() {
    let dir = pingtan_2022_2023();
    let (_, v) = figures(dir.path());
    let r = report(&v, "2023.nianbao");
    // Read off the 2023 report's 表三 and 表四 by hand: 81 new (74 the year
    // before), 22 予以公开 and 20 部分公开 of 81 closed; 复议 1 corrected
    // of 2; suits 0 of 5 + 2.
    assert_eq!(r["cells"]["t3/new/total"], 81.0);
    assert_eq!(r["cells"]["t3/public/natural"], 22.0);
    assert_eq!(r["cells"]["t4/lit-direct/pending"], 1.0);
    let ind = &r["indicators"];
    assert_eq!(ind["new"], 81.0);
    assert_eq!(ind["new-growth"], 0.094595); // (81 − 74) ÷ 74
    assert_eq!(ind["public-share"], 0.271605); // 22 ÷ 81
    assert_eq!(ind["partial-share"], 0.246914); // 20 ÷ 81
    assert_eq!(ind["review-corrected"], 0.5);
    assert_eq!(ind["suit-corrected"], 0.0);
    assert!(report(&v, "2022.nianbao")["indicators"]["new-growth"].is_null());

    let run = nianbao_in(dir.path(), &["review", ".", "--figures", "csv", "-q"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = &run.stdout;
    assert!(
        csv.starts_with('\u{feff}'),
        "Excel needs the BOM to read UTF-8"
    );
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 3, "a header and one row per report");
    let header: Vec<&str> = lines[0].trim_start_matches('\u{feff}').split(',').collect();
    let row: Vec<&str> = lines[2].split(',').collect();
    assert_eq!(header.len(), row.len());
    let col = |name: &str| {
        row[header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no {name}"))]
    };
    assert_eq!(col("文件"), "2023.nianbao");
    assert_eq!(col("机关"), "平潭综合实验区");
    assert_eq!(col("上年报告"), "2022.nianbao");
    assert_eq!(col("新收申请增长率"), "9.46%");
    assert_eq!(col("予以公开占比"), "27.16%");
    assert_eq!(col("行政复议纠错率"), "50%");
    assert_eq!(col("表三 一、本年新收 总计"), "81");
    assert_eq!(col("表四 行政复议 结果纠正"), "1");
}

#[test]
fn a_report_page_marks_exactly_what_check_reports() {
    let dir = folder(&[
        (
            "examples/gongnong-2021.nianbao",
            "gongnong-2021.nianbao",
            &same,
        ),
        (
            "tests/fixtures/real/pingtan-2020.nianbao",
            "pingtan-2020.nianbao",
            &same,
        ),
    ]);
    let run = nianbao_in(dir.path(), &["review", ".", "-o", "site"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (page, file) in [
        ("r0001.html", "gongnong-2021.nianbao"),
        ("r0002.html", "pingtan-2020.nianbao"),
    ] {
        let html = std::fs::read_to_string(dir.path().join("site/reports").join(page)).unwrap();
        let expected = checked(dir.path(), file);
        assert!(!expected.is_empty());
        assert_eq!(listed(&html), expected, "{file}");
        // The marks in the tables point at the listed findings.
        assert!(html.matches("class=\"nb-ref\"").count() >= expected.len().min(1));
        // Each code found is explained.
        for (code, _, _) in expected.keys() {
            assert!(
                html.contains(&format!("<dt>{code} ")),
                "{code} not explained"
            );
        }
    }
    // `check --format html`: the same findings on one page.
    let run = nianbao_in(dir.path(), &["check", "--format", "html", "."], None);
    assert_eq!(run.code, 1);
    let mut expected = checked(dir.path(), "gongnong-2021.nianbao");
    for (k, n) in checked(dir.path(), "pingtan-2020.nianbao") {
        *expected.entry(k).or_default() += n;
    }
    assert_eq!(listed(&run.stdout), expected);
    assert!(run
        .stdout
        .contains("<table class=\"nb-list\" id=\"nb-index\">"));
    assert!(run.stdout.contains("href=\"#r2\""));
    // Ids stay unique with several reports on the page.
    let ids = regex::Regex::new(r#" id="([^"]+)""#).unwrap();
    let mut seen = std::collections::HashSet::new();
    for c in ids.captures_iter(&run.stdout) {
        assert!(seen.insert(c[1].to_string()), "id {} twice", &c[1]);
    }
}

#[test]
fn published_pdfs_are_imported_in_memory_and_their_audit_shown() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["hongze-2023.pdf", "huaian-2024.pdf"] {
        std::fs::copy(
            root().join("tests/fixtures/real").join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    let run = nianbao_in(dir.path(), &["review", ".", "-o", "site", "-q"], None);
    assert!(run.code <= 1, "{}", run.stderr);
    let index = std::fs::read_to_string(dir.path().join("site/index.html")).unwrap();
    assert!(
        index.contains("data-agency=\"洪泽区人民政府\" data-year=\"2023\""),
        "{index}"
    );
    assert!(index.contains("data-form=\"pdf\""));
    let page = std::fs::read_to_string(dir.path().join("site/reports/r0001.html")).unwrap();
    assert!(page.contains("id=\"nb-audit\""));
    assert!(page.contains("按PDF读取"), "{page}");
    // The render of the imported report: 表三's rows are on the page.
    assert!(page.contains("本年新收政府信息公开申请数量"));
    let names = names_in(dir.path());
    assert_eq!(names, ["hongze-2023.pdf", "huaian-2024.pdf", "site"]);
}

#[test]
fn bad_input_is_listed_with_the_reason_and_the_review_completes() {
    let dir = folder(&[
        (
            "tests/fixtures/real/pingtan-2022.nianbao",
            "good.nianbao",
            &same,
        ),
        // The same agency and year, with a different 新收: two reports.
        (
            "tests/fixtures/real/pingtan-2022.nianbao",
            "copy.nianbao",
            &|t: String| {
                let row = "| 一、本年新收政府信息公开申请数量 | 71 | 3 | 0 | 0 | 0 | 0 | 74 |";
                assert!(t.contains(row));
                t.replace(
                    row,
                    "| 一、本年新收政府信息公开申请数量 | 72 | 3 | 0 | 0 | 0 | 0 | 75 |",
                )
            },
        ),
    ]);
    let p = dir.path();
    std::fs::write(p.join("broken.pdf"), b"%PDF-1.4\n this is not a PDF").unwrap();
    std::fs::write(
        p.join("minutes.txt"),
        "会议纪要\n\n会议研究了2023年的工作安排。\n",
    )
    .unwrap();
    // GBK bytes of 政府信息公开 in a .nianbao.
    std::fs::write(
        p.join("gbk.nianbao"),
        b"# \xd5\xfe\xb8\xae\xd0\xc5\xcf\xa2\xb9\xab\xbf\xaa\n",
    )
    .unwrap();
    std::fs::write(
        p.join("old.doc"),
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
    )
    .unwrap();
    std::fs::write(p.join("photo.jpg"), [0xFF, 0xD8, 0xFF]).unwrap();

    let run = nianbao_in(p, &["review", ".", "missing-folder", "-o", "site"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let index = std::fs::read_to_string(p.join("site/index.html")).unwrap();
    let failed = index
        .split("<table class=\"nb-list\" id=\"nb-failed\">")
        .nth(1)
        .expect("a table of files not reviewed")
        .split("</table>")
        .next()
        .unwrap();
    for (file, why) in [
        ("broken.pdf", "无法导入"),
        ("minutes.txt", "没有找到政府信息公开工作年度报告"),
        ("gbk.nianbao", "GBK"),
        ("old.doc", ".docx"),
        ("missing-folder", "不存在"),
    ] {
        let row = failed
            .split("<tr>")
            .find(|r| r.contains(file))
            .unwrap_or_else(|| panic!("{file} not listed: {failed}"));
        assert!(row.contains(why), "{file}: {row}");
        assert!(run.stderr.contains(file), "{file} not said on stderr");
    }
    assert!(
        !failed.contains("photo.jpg"),
        "a picture is not a report's form"
    );
    // Two files claim Pingtan's 2022: both reviewed, listed, neither paired.
    let dups = index
        .split("<ul id=\"nb-duplicates\">")
        .nth(1)
        .expect("duplicates listed");
    assert!(dups.contains("copy.nianbao") && dups.contains("good.nianbao"));
    assert_eq!(index.matches("<tr data-order=").count(), 2);
    assert!(run.stderr.contains("平潭综合实验区 2022 年有 2 份报告"));

    // Duplicates alone: the review finds a problem (1), not a failure (2).
    std::fs::remove_dir_all(p.join("site")).unwrap();
    for f in ["broken.pdf", "minutes.txt", "gbk.nianbao", "old.doc"] {
        std::fs::remove_file(p.join(f)).unwrap();
    }
    let run = nianbao_in(p, &["review", ".", "-o", "site", "-q"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn an_output_folder_that_is_not_a_review_is_not_overwritten() {
    let dir = folder(&[(
        "tests/fixtures/real/pingtan-2022.nianbao",
        "a.nianbao",
        &same,
    )]);
    let out = dir.path().join("www");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("index.html"), "<html>our portal</html>").unwrap();
    let run = nianbao_in(dir.path(), &["review", ".", "-o", "www"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("不是 nianbao review 生成的"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "<html>our portal</html>"
    );
    std::fs::remove_dir_all(&out).unwrap();
    // A second review into its own folder replaces it, and does not read
    // its own pages as reports.
    let run = nianbao_in(dir.path(), &["review", ".", "-o", "site", "-q"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = nianbao_in(dir.path(), &["review", ".", "-o", "site", "-q"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = std::fs::read_to_string(dir.path().join("site/index.html")).unwrap();
    assert_eq!(index.matches("<tr data-order=").count(), 1);
    // Without -o or --figures there is nothing to do.
    let run = nianbao_in(dir.path(), &["review", "."], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("-o"));
}

#[test]
fn progress_shows_on_a_terminal_and_nowhere_else() {
    let dir = pingtan_2022_2023();
    let shown = on_terminal(dir.path(), "review . -o site");
    assert!(
        shown.contains("读取") && shown.contains("检查"),
        "{shown:?}"
    );
    assert!(shown.contains("2/2"), "{shown:?}");
    assert!(
        shown.contains("2023.nianbao"),
        "the current file is named: {shown:?}"
    );
    assert!(shown.contains("已审阅 2 份报告"));
    // --quiet on a terminal, and any run whose stderr is not a terminal.
    let quiet = on_terminal(dir.path(), "review . -o site --quiet");
    assert!(!quiet.contains("读取") && !quiet.contains('█'), "{quiet:?}");
    let piped = nianbao_in(dir.path(), &["review", ".", "-o", "site"], None);
    assert!(
        !piped.stderr.contains('█') && !piped.stderr.contains("\u{1b}["),
        "{:?}",
        piped.stderr
    );
    assert!(piped.stderr.contains("已审阅 2 份报告"));
}

#[test]
fn files_a_nianbao_toml_excludes_are_left_out_as_check_leaves_them() {
    let dir = folder(&[
        (
            "tests/fixtures/real/pingtan-2022.nianbao",
            "a.nianbao",
            &same,
        ),
        (
            "examples/gongnong-2021.nianbao",
            "a.nianbao.bak.nianbao",
            &same,
        ),
    ]);
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    std::fs::copy(
        root().join("examples/gongnong-2021.nianbao"),
        dir.path().join("drafts/draft.nianbao"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("nianbao.toml"),
        "exclude = [\"drafts/**\"]\n",
    )
    .unwrap();
    let (_, v) = figures(dir.path());
    let files: Vec<&str> = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["a.nianbao", "a.nianbao.bak.nianbao"]);
    // Named on the command line, it is reviewed.
    let run = nianbao_in(
        dir.path(),
        &["review", "drafts/draft.nianbao", "--figures", "json"],
        None,
    );
    assert!(
        run.stdout.contains("drafts/draft.nianbao"),
        "{}",
        run.stderr
    );
}

#[test]
fn one_report_in_two_forms_is_one_report_and_pairs_once() {
    // Pingtan's 2022 report as transcribed and as a crawler saved it (the
    // crawl leaves a row it cannot split blank: fewer figures, none differ).
    let dir = folder(&[
        (
            "tests/fixtures/real/pingtan-2022.nianbao",
            "2022.nianbao",
            &same,
        ),
        (
            "tests/fixtures/real/pingtan-2022.txt",
            "2022-网页抓取.txt",
            &same,
        ),
        (
            "tests/fixtures/real/pingtan-2023.nianbao",
            "2023.nianbao",
            &same,
        ),
    ]);
    let (code, v) = figures(dir.path());
    assert_eq!(code, 0, "not a duplicate: {v}");
    assert_eq!(report(&v, "2022-网页抓取.txt")["same_as"], "2022.nianbao");
    assert!(report(&v, "2022.nianbao")["same_as"].is_null());
    assert_eq!(report(&v, "2023.nianbao")["previous"], "2022.nianbao");
    let run = nianbao_in(dir.path(), &["review", ".", "-o", "site", "-q"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = std::fs::read_to_string(dir.path().join("site/index.html")).unwrap();
    let same_list = index.split("<ul id=\"nb-same\">").nth(1).expect("listed");
    assert!(same_list.contains("2022-网页抓取.txt") && same_list.contains("2022.nianbao"));
    assert!(!index.contains("nb-duplicates"));
}

#[test]
fn a_review_never_reads_its_own_pages_and_never_writes_over_the_reports() {
    let dir = pingtan_2022_2023();
    let p = dir.path();
    // Into the reviewed folder itself: refused, nothing written.
    let run = nianbao_in(p, &["review", ".", "-o", "."], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("文件夹不是空的"), "{}", run.stderr);
    assert!(!p.join("index.html").exists());
    // A site inside the folder, then a review elsewhere or of figures
    // only: the site's pages are not reports.
    assert_eq!(
        nianbao_in(p, &["review", ".", "-o", "site", "-q"], None).code,
        0
    );
    let (code, v) = figures(p);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["reports"].as_array().unwrap().len(), 2);
    let other = tempfile::tempdir().unwrap();
    let out = other.path().join("out");
    let run = nianbao_in(p, &["review", ".", "-o", out.to_str().unwrap(), "-q"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A page of `nianbao render` is a report, and is read.
    let run = nianbao_in(p, &["render", "2023.nianbao", "-o", "2023-网页.html"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (_, v) = figures(p);
    assert_eq!(report(&v, "2023-网页.html")["same_as"], "2023.nianbao");
    // A browser's folder of a saved page's assets is not looked in.
    std::fs::create_dir(p.join("2023-网页_files")).unwrap();
    std::fs::write(
        p.join("2023-网页_files/frame.html"),
        "<html><body>广告</body></html>",
    )
    .unwrap();
    let (code, v) = figures(p);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["reports"].as_array().unwrap().len(), 3);
}

#[test]
fn the_figures_use_the_previous_report_the_front_matter_names() {
    // The 2022 report is elsewhere; the 2023 one names it.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("a")).unwrap();
    std::fs::create_dir_all(p.join("b")).unwrap();
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/real/pingtan-2023.nianbao")).unwrap();
    std::fs::write(
        p.join("a/2023.nianbao"),
        text.replacen(
            "年度: 2023\n",
            "年度: 2023\n上年报告: ../b/2022.nianbao\n",
            1,
        ),
    )
    .unwrap();
    std::fs::copy(
        root().join("tests/fixtures/real/pingtan-2022.nianbao"),
        p.join("b/2022.nianbao"),
    )
    .unwrap();
    let run = nianbao_in(p, &["review", "a", "--figures", "json", "-q"], None);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let r = report(&v, "a/2023.nianbao");
    assert_eq!(r["previous"], "b/2022.nianbao");
    assert_eq!(r["indicators"]["new-growth"], 0.094595, "(81 − 74) ÷ 74");
    assert!(codes(r).contains(&"NB306"), "checked against it: {r}");
}
