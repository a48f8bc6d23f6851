//! End-to-end: `nianbao lsp` over stdio — encodings, diagnostics identical to
//! `nianbao check`, incremental edits, pull mode, cross-year checks, config.

mod common;

use common::lsp::*;
use common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

#[test]
fn position_encoding_is_utf16_unless_utf8_is_offered() {
    let (mut s, r) = Server::initialized(&[], false);
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(r["serverInfo"]["name"], "nianbao");
    s.shutdown();
    let (mut s, r) = Server::initialized(&["utf-16", "utf-8"], false);
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-8");
    s.shutdown();
    let (mut s, r) = Server::initialized(&["utf-32"], false);
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-16");
    s.shutdown();
}

fn example_path() -> PathBuf {
    std::fs::canonicalize(root().join(EXAMPLE)).unwrap()
}

/// `nianbao check --format json` on `text` as the file `path` (via stdin, so
/// unsaved edits can be compared too).
fn cli_json(path: &Path, text: &str) -> Vec<Value> {
    let run = nianbao_in(
        path.parent().unwrap(),
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            path.to_str().unwrap(),
        ],
        Some(text.as_bytes()),
    );
    assert!(run.code <= 1, "nianbao check failed: {}", run.stderr);
    run.json()
}

/// The path of a `file:` URI.
fn uri_path(uri: &str) -> PathBuf {
    let raw = uri.strip_prefix("file://").expect("a file URI").as_bytes();
    let mut bytes = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' {
            bytes.push(
                u8::from_str_radix(std::str::from_utf8(&raw[i + 1..i + 3]).unwrap(), 16).unwrap(),
            );
            i += 3;
        } else {
            bytes.push(raw[i]);
            i += 1;
        }
    }
    PathBuf::from(String::from_utf8(bytes).unwrap())
}

/// The server's diagnostics are the CLI's, one for one: code, severity,
/// message, range (the CLI's character columns converted to `encoding`)
/// and related information; each links to its rule's documentation.
fn assert_same_as_cli(text: &str, uri: &str, cli: &[Value], lsp: &[Value], encoding: &str) {
    let summary = |v: &[Value]| -> Vec<String> {
        v.iter()
            .map(|d| format!("{} {}", d["code"], d["message"]))
            .collect()
    };
    assert_eq!(summary(cli), summary(lsp), "same diagnostics, same order");
    for (c, l) in cli.iter().zip(lsp) {
        let code = c["code"].as_str().unwrap();
        assert_eq!(l["range"], lsp_range(text, c, encoding), "range of {code}");
        assert_eq!(l["severity"], lsp_severity(c["severity"].as_str().unwrap()));
        assert_eq!(l["source"], "nianbao");
        let related = l["relatedInformation"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let cli_related = c["related"].as_array().unwrap();
        assert_eq!(
            related.len(),
            cli_related.len(),
            "related information of {code}"
        );
        for (r, cr) in related.iter().zip(cli_related) {
            assert_eq!(r["location"]["uri"], uri);
            assert_eq!(r["location"]["range"], lsp_range(text, cr, encoding));
            assert_eq!(r["message"], cr["message"]);
        }
        let href = l["codeDescription"]["href"]
            .as_str()
            .expect("codeDescription");
        assert!(href.ends_with(&format!("/{code}.md")), "{href}");
        let doc = std::fs::read_to_string(uri_path(href)).expect("rule documentation exists");
        assert!(
            doc.contains(&format!("## {code} ")),
            "{href} documents {code}"
        );
    }
}

fn example_matches_cli(encodings: &[&str], encoding: &str) {
    let path = example_path();
    let text = std::fs::read_to_string(&path).unwrap();
    let cli = cli_json(&path, &text);
    let codes_of = |v: &[Value]| -> Vec<String> {
        v.iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    // The known defects of the example (rules/testing.rs), so that an empty
    // CLI result cannot make this test pass.
    assert_eq!(
        codes_of(&cli),
        ["NB302", "NB303", "NB302", "NB303", "NB114", "NB113", "NB402"]
    );
    let (mut s, init) = Server::initialized(encodings, false);
    assert_eq!(init["capabilities"]["positionEncoding"], encoding);
    let uri = s.open(path.to_str().unwrap(), &text);
    assert_eq!(uri, file_uri(&path));
    let lsp = s.diagnostics(&uri, 1);
    assert_same_as_cli(&text, &uri, &cli, &lsp, encoding);
    // The arithmetic ones point at the cells they summed.
    for d in lsp
        .iter()
        .filter(|d| d["code"] == "NB302" || d["code"] == "NB303")
    {
        assert!(
            d["relatedInformation"]
                .as_array()
                .is_some_and(|r| !r.is_empty()),
            "{d:#}"
        );
    }
    s.shutdown();
}

#[test]
fn example_gives_the_cli_diagnostics_in_utf16() {
    example_matches_cli(&[], "utf-16");
}

#[test]
fn example_gives_the_cli_diagnostics_in_utf8() {
    example_matches_cli(&["utf-8", "utf-16"], "utf-8");
}

/// A text with an emoji (two UTF-16 units, four bytes) inside the headings
/// the diagnostics cover, and CRLF line ends: the columns differ in every
/// unit, so a wrong conversion shows.
#[test]
fn columns_are_right_after_emoji_and_crlf() {
    let text = example_text()
        .replace("## 五、政务公开", "## 五、政务😀公开")
        .replace("## 6、 其他", "## 6、 😀其他")
        .replace('\n', "\r\n");
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "报告.nianbao", &text);
    let path = std::fs::canonicalize(path).unwrap();
    let cli = cli_json(&path, &text);
    let lines: Vec<&str> = text.split("\r\n").collect();
    let with_emoji = cli
        .iter()
        .filter(|d| lines[d["line"].as_u64().unwrap() as usize - 1].contains('😀'))
        .count();
    assert_eq!(
        with_emoji, 4,
        "NB114 twice, NB113, NB402 cover an emoji: {cli:#?}"
    );
    for (offered, encoding) in [(&[][..], "utf-16"), (&["utf-8"][..], "utf-8")] {
        let (mut s, _) = Server::initialized(offered, false);
        let uri = s.open(path.to_str().unwrap(), &text);
        let lsp = s.diagnostics(&uri, 1);
        assert_same_as_cli(&text.replace("\r\n", "\n"), &uri, &cli, &lsp, encoding);
        s.shutdown();
    }
}

/// The example's （七）总计 row: line 84 (0-based 83); its 自然人 cell is
/// at character 10, its 总计 cell at character 34 (all BMP: UTF-16 = chars).
const TOTAL_LINE: u32 = 83;
const NATURAL_PERSON: u32 = 10;
const TOTAL: u32 = 34;

/// Codes on the total row, with their start character.
fn on_total_row(diags: &[Value]) -> Vec<(String, u64)> {
    diags
        .iter()
        .filter(|d| d["range"]["start"]["line"] == TOTAL_LINE)
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["character"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn strings(v: &[(&str, u64)]) -> Vec<(String, u64)> {
    v.iter().map(|(c, n)| (c.to_string(), *n)).collect()
}

#[test]
fn editing_the_wrong_total_clears_and_restores_its_diagnostics() {
    let path = example_path();
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text.lines().nth(TOTAL_LINE as usize).unwrap();
    assert_eq!(line, "| （七）总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |");
    let (mut s, _) = Server::initialized(&[], false);
    let uri = s.open(path.to_str().unwrap(), &text);
    let both = strings(&[("NB302", 10), ("NB303", 10), ("NB302", 34), ("NB303", 34)]);
    assert_eq!(on_total_row(&s.diagnostics(&uri, 1)), both);

    // 总计 column: 0 → 1 (what the column sums to), its NB302/NB303 go;
    // the 自然人 ones stay, and the row's own sum (NB301) now disagrees
    // until 自然人 is fixed too.
    s.change(
        &uri,
        2,
        json!([edit((TOTAL_LINE, TOTAL), (TOTAL_LINE, TOTAL + 1), "1")]),
    );
    let v2 = s.diagnostics(&uri, 2);
    assert_eq!(
        on_total_row(&v2),
        strings(&[("NB302", 10), ("NB303", 10), ("NB301", 34)])
    );
    let fixed_total = text.replacen(line, "| （七）总计 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |", 1);
    assert_same_as_cli(
        &fixed_total,
        &uri,
        &cli_json(&path, &fixed_total),
        &v2,
        "utf-16",
    );

    // Back to 0: they return.
    s.change(
        &uri,
        3,
        json!([edit((TOTAL_LINE, TOTAL), (TOTAL_LINE, TOTAL + 1), "0")]),
    );
    assert_eq!(on_total_row(&s.diagnostics(&uri, 3)), both);

    // Several events in one notification, each against the text the
    // previous one left: fix 自然人 (0 → 1), then the total (0 → 12 → 1).
    s.change(
        &uri,
        4,
        json!([
            edit(
                (TOTAL_LINE, NATURAL_PERSON),
                (TOTAL_LINE, NATURAL_PERSON + 1),
                "1"
            ),
            edit((TOTAL_LINE, TOTAL), (TOTAL_LINE, TOTAL + 1), "12"),
            edit((TOTAL_LINE, TOTAL + 1), (TOTAL_LINE, TOTAL + 2), ""),
        ]),
    );
    let v4 = s.diagnostics(&uri, 4);
    assert_eq!(on_total_row(&v4), []);
    let fixed = text.replacen(line, "| （七）总计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |", 1);
    assert_same_as_cli(&fixed, &uri, &cli_json(&path, &fixed), &v4, "utf-16");

    // A whole-document change brings the original back.
    s.change(&uri, 5, json!([{"text": text}]));
    let v5 = s.diagnostics(&uri, 5);
    assert_same_as_cli(&text, &uri, &cli_json(&path, &text), &v5, "utf-16");
    s.shutdown();
}

#[test]
fn pull_clients_get_no_pushes_and_pull_the_same_diagnostics() {
    let path = example_path();
    let text = std::fs::read_to_string(&path).unwrap();
    let (mut s, init) = Server::initialized(&[], true);
    let provider = &init["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["interFileDependencies"], true, "{init:#}");
    let uri = s.open(path.to_str().unwrap(), &text);
    let pulled = s
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .unwrap();
    assert_eq!(pulled["kind"], "full");
    let items = pulled["items"].as_array().unwrap();
    assert_same_as_cli(&text, &uri, &cli_json(&path, &text), items, "utf-16");
    // After an edit, a pull sees the new version.
    s.change(
        &uri,
        2,
        json!([edit((TOTAL_LINE, TOTAL), (TOTAL_LINE, TOTAL + 1), "1")]),
    );
    let pulled = s
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .unwrap();
    let items = pulled["items"].as_array().unwrap();
    assert_eq!(
        on_total_row(items),
        strings(&[("NB302", 10), ("NB303", 10), ("NB301", 34)])
    );
    // Everything the server sent up to its exit: not one push.
    s.shutdown();
    let pushed: Vec<_> = s
        .stashed()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert!(pushed.is_empty(), "{pushed:#?}");

    // A push client is not offered pull diagnostics.
    let (mut s, init) = Server::initialized(&[], false);
    assert!(
        init["capabilities"].get("diagnosticProvider").is_none(),
        "{init:#}"
    );
    s.shutdown();
}

/// This year (2021, 2021 edition) after last year (2020, 2019 edition):
/// both fixtures carry 1 自然人 over, so they agree.
fn cross_year_files(dir: &Path) -> (PathBuf, String, PathBuf, String) {
    let root = root();
    let this = std::fs::read_to_string(root.join(VALID))
        .unwrap()
        .replace("2022", "2021")
        .replacen("年度: 2021\n", "年度: 2021\n上年报告: 2020.nianbao\n", 1);
    let last = std::fs::read_to_string(root.join("tests/fixtures/valid-2019.nianbao")).unwrap();
    let this_path = write(dir, "2021.nianbao", &this);
    let last_path = write(dir, "2020.nianbao", &last);
    (this_path, this, last_path, last)
}

const CARRIED: &str = "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |";

fn nb305(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d["code"] == "NB305")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn last_years_open_buffer_is_used_and_its_disk_version_once_closed() {
    let dir = tempfile::tempdir().unwrap();
    let (this_path, this, last_path, last) = cross_year_files(dir.path());
    assert_eq!(cli_json(&this_path, &this), Vec::<Value>::new());
    let (mut s, _) = Server::initialized(&[], false);
    let this_uri = s.open(this_path.to_str().unwrap(), &this);
    assert_eq!(s.diagnostics(&this_uri, 1), Vec::<Value>::new());
    let last_uri = s.open(last_path.to_str().unwrap(), &last);
    s.diagnostics(&last_uri, 1);
    // Opening last year re-checks this year (same text as on disk).
    assert_eq!(s.diagnostics(&this_uri, 1), Vec::<Value>::new());

    // Last year's buffer now carries 2 over (unsaved): this year's 上年结转
    // (1) disagrees, in 自然人 and 总计.
    let line = last.lines().position(|l| l == CARRIED).unwrap() as u32;
    let cell = |i: usize| CARRIED.match_indices(" 1 ").nth(i).unwrap().0 as u32;
    let (a, b) = (
        CARRIED[..cell(0) as usize + 1].chars().count() as u32,
        CARRIED[..cell(1) as usize + 1].chars().count() as u32,
    );
    s.change(
        &last_uri,
        2,
        json!([
            edit((line, a), (line, a + 1), "2"),
            edit((line, b), (line, b + 1), "2")
        ]),
    );
    let d = s.diagnostics(&this_uri, 1);
    let msgs = nb305(&d);
    assert_eq!(msgs.len(), 2, "{d:#?}");
    assert!(msgs.iter().all(|m| m.contains("为 2")), "{msgs:#?}");
    // The CLI reads the disk, which still agrees.
    assert_eq!(cli_json(&this_path, &this), Vec::<Value>::new());

    // Closed: the disk version counts again.
    s.close(&last_uri);
    assert_eq!(s.diagnostics(&this_uri, 1), Vec::<Value>::new());
    // And it really is read from disk: save a carry-over of 3 there, touch
    // this year's report, and the difference shows.
    std::fs::write(
        &last_path,
        last.replace(CARRIED, &CARRIED.replace(" 1 ", " 3 ")),
    )
    .unwrap();
    s.change(&this_uri, 2, json!([edit((0, 0), (0, 0), "")]));
    let d = s.diagnostics(&this_uri, 2);
    let msgs = nb305(&d);
    assert_eq!(msgs.len(), 2, "{d:#?}");
    assert!(msgs.iter().all(|m| m.contains("为 3")), "{msgs:#?}");
    assert_same_as_cli(&this, &this_uri, &cli_json(&this_path, &this), &d, "utf-16");
    s.shutdown();
}

#[test]
fn nianbao_toml_beside_the_file_applies() {
    let dir = tempfile::tempdir().unwrap();
    let text = example_text();
    let path = write(dir.path(), "a.nianbao", &text);
    write(
        dir.path(),
        "nianbao.toml",
        "[rules]\nNB402 = \"off\"\nNB114 = \"error\"\n",
    );
    let (mut s, _) = Server::initialized(&[], false);
    let uri = s.open(path.to_str().unwrap(), &text);
    let d = s.diagnostics(&uri, 1);
    assert!(!d.iter().any(|d| d["code"] == "NB402"), "{d:#?}");
    let nb114: Vec<_> = d.iter().filter(|d| d["code"] == "NB114").collect();
    assert_eq!(nb114.len(), 1);
    assert_eq!(nb114[0]["severity"], 1);
    assert_same_as_cli(&text, &uri, &cli_json(&path, &text), &d, "utf-16");
    s.shutdown();
}

#[test]
fn editor_settings_apply_below_nianbao_toml() {
    let text = example_text();
    let options = json!({"rules": {"NB402": "off", "NB114": "info"}});
    let mut s = Server::start();
    s.initialize_with(init_params(&[], false, Some(options.clone())));
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.nianbao", &text);
    let uri = s.open(path.to_str().unwrap(), &text);
    let d = s.diagnostics(&uri, 1);
    assert!(!d.iter().any(|d| d["code"] == "NB402"), "{d:#?}");
    let sev = |d: &[Value], code: &str| {
        d.iter()
            .find(|d| d["code"] == code)
            .map(|d| d["severity"].clone())
    };
    assert_eq!(sev(&d, "NB114"), Some(json!(3)));
    // The other diagnostics are untouched.
    assert_eq!(d.len(), 6, "{d:#?}");
    s.shutdown();

    // nianbao.toml wins over the editor for the rules it names.
    let other = tempfile::tempdir().unwrap();
    let path = write(other.path(), "a.nianbao", &text);
    write(other.path(), "nianbao.toml", "[rules]\nNB114 = \"error\"\n");
    let mut s = Server::start();
    s.initialize_with(init_params(&[], false, Some(options)));
    let uri = s.open(path.to_str().unwrap(), &text);
    let d = s.diagnostics(&uri, 1);
    assert_eq!(sev(&d, "NB114"), Some(json!(1)));
    assert_eq!(sev(&d, "NB402"), None);

    // Changed settings re-check the open documents.
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"nianbao": {"rules": {}}}}),
    );
    let d = s.diagnostics(&uri, 1);
    assert_eq!(sev(&d, "NB402"), Some(json!(3)), "{d:#?}");
    s.shutdown();
}

#[test]
fn empty_settings_notification_keeps_initialization_options() {
    // eglot sends `{"settings": {}}` right after connecting.
    let text = example_text();
    let mut s = Server::start();
    s.initialize_with(init_params(
        &[],
        false,
        Some(json!({"rules": {"NB402": "off"}})),
    ));
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.nianbao", &text);
    s.notify("workspace/didChangeConfiguration", json!({"settings": {}}));
    let uri = s.open(path.to_str().unwrap(), &text);
    let d = s.diagnostics(&uri, 1);
    assert!(!d.is_empty());
    assert!(!d.iter().any(|d| d["code"] == "NB402"), "{d:#?}");
    s.shutdown();
}

#[test]
fn pulled_diagnostics_follow_last_years_buffer_too() {
    let dir = tempfile::tempdir().unwrap();
    let (this_path, this, last_path, last) = cross_year_files(dir.path());
    let (mut s, _) = Server::initialized(&[], true);
    let this_uri = s.open(this_path.to_str().unwrap(), &this);
    let last_uri = s.open(last_path.to_str().unwrap(), &last);
    let pull = |s: &mut Server| {
        let r = s
            .request(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": this_uri}}),
            )
            .unwrap();
        r["items"].as_array().unwrap().clone()
    };
    assert_eq!(pull(&mut s), Vec::<Value>::new());
    let line = last.lines().position(|l| l == CARRIED).unwrap() as u32;
    s.change(
        &last_uri,
        2,
        json!([{"text": last.replace(CARRIED, &CARRIED.replace(" 1 ", " 4 "))}]),
    );
    let d = pull(&mut s);
    let msgs = nb305(&d);
    assert_eq!(msgs.len(), 2, "{d:#?}");
    assert!(msgs.iter().all(|m| m.contains("为 4")), "{msgs:#?}");
    // The 总计 cell (character 40) back to 1 with an incremental edit: only
    // 自然人 differs still.
    s.change(&last_uri, 3, json!([edit((line, 40), (line, 41), "1")]));
    let d = pull(&mut s);
    assert_eq!(nb305(&d).len(), 1, "{d:#?}");
    s.shutdown();
}

/// An aggregate (县 report) of two department reports in `dir`: 教育局 with
/// the numbers of the valid fixture, 财政局 all zeros. `total` is the
/// aggregate's 行政许可 (the parts sum to 120).
fn aggregate_files(dir: &Path, total: u32) -> (PathBuf, String, PathBuf, String) {
    let valid = std::fs::read_to_string(root().join(VALID)).unwrap();
    let part = valid.replace("某某区人民政府", "某某区教育局");
    let zeros = nianbao_in(
        dir,
        &["new", "--year", "2022", "--agency", "某某区财政局"],
        None,
    )
    .stdout;
    let part_path = write(dir, "部门/教育局.nianbao", &part);
    write(dir, "部门/财政局.nianbao", &zeros);
    let agg = valid
        .replacen("年度: 2022\n", "年度: 2022\n汇总: 部门/\n", 1)
        .replace("| 行政许可 | 120 |", &format!("| 行政许可 | {total} |"));
    let agg_path = write(dir, "县.nianbao", &agg);
    (agg_path, agg, part_path, part)
}

fn nb307(diags: &[Value]) -> Vec<&Value> {
    diags.iter().filter(|d| d["code"] == "NB307").collect()
}

#[test]
fn an_aggregate_is_rechecked_when_a_part_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (agg_path, agg, part_path, part) = aggregate_files(dir.path(), 120);
    // Balanced: the CLI and the server agree there is nothing.
    assert!(nb307(&cli_json(&agg_path, &agg)).is_empty());
    let (mut s, _) = Server::initialized(&[], false);
    let agg_uri = s.open(agg_path.to_str().unwrap(), &agg);
    assert!(nb307(&s.diagnostics(&agg_uri, 1)).is_empty());

    // The part's buffer now says 125 (unsaved): the aggregate is re-checked
    // and its 行政许可 is 5 short, with both parts' cells as related places
    // in their own files.
    let part_uri = s.open(part_path.to_str().unwrap(), &part);
    s.diagnostics(&part_uri, 1);
    // Opening a part re-checks the aggregate (same text as on disk).
    assert!(nb307(&s.diagnostics(&agg_uri, 1)).is_empty());
    s.change(
        &part_uri,
        2,
        json!([{"text": part.replace("| 行政许可 | 120 |", "| 行政许可 | 125 |")}]),
    );
    let d = s.diagnostics(&agg_uri, 1);
    let found = nb307(&d);
    assert_eq!(found.len(), 1, "{d:#?}");
    assert!(
        found[0]["message"].as_str().unwrap().contains("之和为 125"),
        "{:#}",
        found[0]
    );
    let related = found[0]["relatedInformation"].as_array().unwrap();
    let uris: Vec<&str> = related
        .iter()
        .map(|r| r["location"]["uri"].as_str().unwrap())
        .collect();
    assert_eq!(uris.len(), 2);
    assert!(
        uris[0].ends_with("/%E9%83%A8%E9%97%A8/%E6%95%99%E8%82%B2%E5%B1%80.nianbao")
            || uris[0].ends_with("/部门/教育局.nianbao"),
        "{uris:?}"
    );
    assert!(uris.iter().all(|u| *u != agg_uri));
    // The related range is the part's 行政许可 cell.
    let line = part
        .lines()
        .position(|l| l == "| 行政许可 | 120 |")
        .unwrap();
    assert_eq!(related[0]["location"]["range"]["start"]["line"], line);

    // Closed without saving: the disk version (120) counts again.
    s.close(&part_uri);
    assert!(nb307(&s.diagnostics(&agg_uri, 1)).is_empty());
    s.shutdown();
}

#[test]
fn check_reports_an_unbalanced_aggregate_with_its_parts() {
    let dir = tempfile::tempdir().unwrap();
    let (agg_path, agg, _, _) = aggregate_files(dir.path(), 121);
    let cli = cli_json(&agg_path, &agg);
    let found = nb307(&cli);
    assert_eq!(found.len(), 1, "{cli:#?}");
    assert_eq!(found[0]["severity"], "error");
    let files: Vec<&str> = found[0]["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 2);
    assert!(
        files[0].ends_with("教育局.nianbao") && files[1].ends_with("财政局.nianbao"),
        "{files:?}"
    );
    // The human format shows each part's cell under its own path.
    let run = nianbao_in(dir.path(), &["check", "县.nianbao"], None);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("error[NB307]"), "{}", run.stdout);
    assert!(
        run.stdout.contains("部门/教育局.nianbao:"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("教育局.nianbao：120"), "{}", run.stdout);
}
