//! What a Windows user has: reports saved by Notepad or WPS as GBK
//! ("ANSI"), UTF-16 ("Unicode"), UTF-8 with a BOM and CRLF line ends, and
//! editors that send `file:///c%3A/…` URIs. Each command that reads a report
//! file meets them: `check`, `fmt`, `render`, and `上年报告` read from disk by
//! `check` and by the language server.

mod common;

use common::lsp::*;
use common::*;
use serde_json::{json, Value};
use std::path::Path;

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, errors) = encoding_rs::GBK.encode(text);
    assert!(!errors, "representable in GBK");
    bytes.into_owned()
}

/// The example as Notepad on a Chinese Windows saves it: CRLF, GBK.
fn notepad_gbk() -> Vec<u8> {
    gbk(&example_text().replace('\n', "\r\n"))
}

fn one_line_about(stderr: &str, file: &str) -> String {
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains(file)).collect();
    assert_eq!(lines.len(), 1, "one message about {file}:\n{stderr}");
    lines[0].to_string()
}

#[test]
fn check_names_the_command_that_converts_a_gbk_report() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "报告/2021.nianbao", notepad_gbk());
    let run = nianbao_in(dir.path(), &["check", "报告/2021.nianbao"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let msg = one_line_about(&run.stderr, "报告/2021.nianbao");
    assert!(msg.contains("GBK"), "{msg}");
    assert!(
        msg.contains("nianbao fmt --to-utf8 报告/2021.nianbao"),
        "{msg}"
    );
    assert!(msg.contains("files.autoGuessEncoding"), "{msg}");
    // The same in every output format: the message is on stderr, the
    // output itself stays valid.
    let run = nianbao_in(dir.path(), &["check", "--format", "json", "报告"], None);
    assert_eq!(run.code, 2);
    assert_eq!(run.json(), Vec::<Value>::new());
    assert!(run.stderr.contains("--to-utf8"), "{}", run.stderr);
}

#[test]
fn binary_and_other_bytes_keep_todays_message() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bin.nianbao", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    write(dir.path(), "latin1.nianbao", b"# caf\xe9 r\xe9sum\xe9\n");
    let run = nianbao_in(dir.path(), &["check", "."], None);
    assert_eq!(run.code, 2);
    let bin = one_line_about(&run.stderr, "bin.nianbao");
    assert!(
        bin.contains("二进制") && !bin.contains("--to-utf8"),
        "{bin}"
    );
    let latin = one_line_about(&run.stderr, "latin1.nianbao");
    assert!(
        latin.contains("UTF-8") && latin.contains("第 1 行"),
        "{latin}"
    );
    assert!(!latin.contains("--to-utf8"), "{latin}");
}

#[test]
fn fmt_to_utf8_converts_in_place_without_loss_and_keeps_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.nianbao", notepad_gbk());
    let before = std::fs::read(&path).unwrap();

    // Without the flag: refused, untouched, the command named.
    let run = nianbao_in(dir.path(), &["fmt", "a.nianbao"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nianbao fmt --to-utf8 a.nianbao"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // --check says it would change, and changes nothing.
    let run = nianbao_in(
        dir.path(),
        &["fmt", "--check", "--to-utf8", "a.nianbao"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("a.nianbao") && run.stdout.contains("GBK"),
        "{}",
        run.stdout
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // --diff says so above the diff, and changes nothing either.
    let run = nianbao_in(
        dir.path(),
        &["fmt", "--diff", "--to-utf8", "a.nianbao"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("需要转为 UTF-8：a.nianbao（GBK 编码"),
        "{}",
        run.stdout
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let run = nianbao_in(dir.path(), &["fmt", "--to-utf8", "a.nianbao"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("转为 UTF-8"), "{}", run.stderr);
    let after = String::from_utf8(std::fs::read(&path).unwrap()).expect("UTF-8 now");
    // Every character kept: the same as formatting the UTF-8 original,
    // CRLF and all, no BOM added.
    let original = example_text().replace('\n', "\r\n");
    assert_eq!(after, nianbao::format::format(&original));
    assert!(after.contains("\r\n") && !after.starts_with('\u{feff}'));
    // And it checks like the original.
    let run = nianbao_in(
        dir.path(),
        &["check", "--format", "json", "a.nianbao"],
        None,
    );
    assert_eq!(run.code, 1);
    assert!(run.json().iter().any(|d| d["code"] == "NB302"));

    // With --fix: converted and fixed in one go, as fmt --fix does to UTF-8.
    let fixed = write(dir.path(), "b.nianbao", notepad_gbk());
    let run = nianbao_in(
        dir.path(),
        &["fmt", "--to-utf8", "--fix", "b.nianbao"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    write(dir.path(), "c.nianbao", &original);
    nianbao_in(dir.path(), &["fmt", "--fix", "c.nianbao"], None);
    assert_eq!(
        std::fs::read_to_string(&fixed).unwrap(),
        std::fs::read_to_string(dir.path().join("c.nianbao")).unwrap()
    );

    // Run again: nothing left to convert.
    let run = nianbao_in(
        dir.path(),
        &["fmt", "--check", "--to-utf8", "a.nianbao"],
        None,
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn fmt_to_utf8_on_stdin_and_utf16_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# 某某区人民政府2022年政府信息公开工作年度报告\r\n\r\n## 一、总体情况\r\n\r\n本年度共收到政府信息公开申请6件。\r\n";
    let run = nianbao_in(dir.path(), &["fmt", "--to-utf8", "-"], Some(&gbk(text)));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, nianbao::format::format(text));

    // UTF-16 from Notepad's "Unicode", with its BOM.
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let path = write(dir.path(), "u.nianbao", &utf16);
    let run = nianbao_in(dir.path(), &["check", "u.nianbao"], None);
    assert_eq!(run.code, 2);
    let msg = one_line_about(&run.stderr, "u.nianbao");
    assert!(
        msg.contains("UTF-16") && msg.contains("--to-utf8 u.nianbao"),
        "{msg}"
    );
    let run = nianbao_in(dir.path(), &["fmt", "--to-utf8", "u.nianbao"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        nianbao::format::format(text)
    );

    // What cannot be decoded whole is refused and left as it was.
    let bad: &[u8] = b"# \xd5\xfe\xb8\xae\r\n\xff\xfe\xff\r\n";
    let path = write(dir.path(), "bad.nianbao", bad);
    let run = nianbao_in(dir.path(), &["fmt", "--to-utf8", "bad.nianbao"], None);
    assert_eq!(run.code, 2);
    let msg = one_line_about(&run.stderr, "bad.nianbao");
    assert!(msg.contains("未做改动"), "{msg}");
    assert_eq!(std::fs::read(&path).unwrap(), bad);
    let bin = write(dir.path(), "bin.nianbao", b"| a |\0\n");
    let run = nianbao_in(dir.path(), &["fmt", "--to-utf8", "bin.nianbao"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("二进制"), "{}", run.stderr);
    assert_eq!(std::fs::read(&bin).unwrap(), b"| a |\0\n");
}

#[test]
fn render_names_the_command_too() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.nianbao", notepad_gbk());
    let run = nianbao_in(dir.path(), &["render", "a.nianbao", "-o", "a.html"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nianbao fmt --to-utf8 a.nianbao"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("a.html").exists());
}

/// This year (2021) after last year (2020); both carry 1 自然人 over.
fn cross_year(dir: &Path, last: impl AsRef<[u8]>) {
    let this = std::fs::read_to_string(root().join(VALID))
        .unwrap()
        .replace("2022", "2021")
        .replacen("年度: 2021\n", "年度: 2021\n上年报告: 2020.nianbao\n", 1);
    write(dir, "2021.nianbao", this);
    write(dir, "2020.nianbao", last);
}

fn last_year() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/valid-2019.nianbao")).unwrap()
}

#[test]
fn last_years_report_with_bom_and_crlf_counts_and_in_gbk_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let run_on = |last: Vec<u8>| {
        cross_year(dir.path(), last);
        nianbao_in(
            dir.path(),
            &["check", "--format", "json", "2021.nianbao"],
            None,
        )
        .json()
    };
    // Carrying 2 over last year: NB305 (this year says 1).
    let carried = last_year().replace(
        "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        "| 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
    );
    let plain = run_on(carried.clone().into_bytes());
    assert!(plain.iter().any(|d| d["code"] == "NB305"), "{plain:#?}");
    let windows = format!("\u{feff}{}", carried.replace('\n', "\r\n"));
    assert_eq!(run_on(windows.into_bytes()), plain);

    let items = run_on(gbk(&carried));
    let nb101: Vec<&Value> = items.iter().filter(|d| d["code"] == "NB101").collect();
    assert_eq!(nb101.len(), 1, "{items:#?}");
    let msg = nb101[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("GBK") && msg.contains("nianbao fmt --to-utf8 2020.nianbao"),
        "{msg}"
    );
    assert!(!items.iter().any(|d| d["code"] == "NB305"));
}

#[test]
fn check_and_fmt_keep_bom_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let text = example_text();
    write(dir.path(), "lf.nianbao", &text);
    write(
        dir.path(),
        "win.nianbao",
        format!("\u{feff}{}", text.replace('\n', "\r\n")),
    );
    let json =
        |f: &str| triples(&nianbao_in(dir.path(), &["check", "--format", "json", f], None).json());
    assert_eq!(json("win.nianbao"), json("lf.nianbao"));
    let run = nianbao_in(dir.path(), &["fmt", "win.nianbao"], None);
    assert_eq!(run.code, 0);
    let after = std::fs::read_to_string(dir.path().join("win.nianbao")).unwrap();
    assert!(after.starts_with('\u{feff}'));
    assert_eq!(after.matches('\n').count(), after.matches("\r\n").count());
}

// --- The language server and Windows URIs ------------------------------

#[test]
fn windows_uris_get_their_diagnostics_back_as_sent() {
    let (mut s, _) = Server::initialized(&[], false);
    let text = example_text().replace('\n', "\r\n");
    for uri in [
        "file:///c%3A/Users/%E5%BC%A0%E4%B8%89/%E5%B9%B4%E6%8A%A5/2021.nianbao",
        "file:///C:/Users/a/2021.nianbao",
        "file://server/share/2021.nianbao",
        "untitled:Untitled-1",
    ] {
        s.open(uri, &text);
        let d = s.diagnostics(uri, 1);
        assert!(d.iter().any(|d| d["code"] == "NB302"), "{uri}: {d:#?}");
    }
    s.shutdown();
}

#[test]
fn windows_uris_resolve_last_years_report_beside_them() {
    // On Linux `file:///c%3A/报告/2021.nianbao` is the path /c:/报告/…,
    // which does not exist: last year's report is found among the open
    // buffers by the path joined from the URI, as on Windows.
    let (mut s, _) = Server::initialized(&[], false);
    let this = std::fs::read_to_string(root().join(VALID))
        .unwrap()
        .replace("2022", "2021")
        .replacen("年度: 2021\n", "年度: 2021\n上年报告: 2020.nianbao\n", 1)
        .replace('\n', "\r\n");
    let this_uri = "file:///c%3A/Users/%E5%BC%A0%E4%B8%89/2021.nianbao";
    s.open(this_uri, &this);
    let d = s.diagnostics(this_uri, 1);
    // Not open, not on disk: said on the 上年报告 line, nothing crashes.
    let nb101: Vec<&Value> = d.iter().filter(|d| d["code"] == "NB101").collect();
    assert_eq!(nb101.len(), 1, "{d:#?}");
    assert!(nb101[0]["message"]
        .as_str()
        .unwrap()
        .contains("2020.nianbao"));

    // Last year opened under the other spelling of the same folder.
    let last = last_year().replace(
        "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        "| 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
    );
    let last_uri = "file:///c%3A/Users/%E5%BC%A0%E4%B8%89/2020.nianbao";
    s.open(last_uri, &last);
    s.diagnostics(last_uri, 1);
    // This year is checked again against it: the carry-over differs.
    let d = s.diagnostics(this_uri, 1);
    assert!(!d.iter().any(|d| d["code"] == "NB101"), "{d:#?}");
    assert_eq!(
        d.iter().filter(|d| d["code"] == "NB305").count(),
        2,
        "{d:#?}"
    );
    // Go to definition on the 上年报告 line: no file on disk, no answer,
    // no error.
    let line = this
        .lines()
        .position(|l| l.starts_with("上年报告"))
        .unwrap();
    let r = s.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": this_uri}, "position": {"line": line, "character": 2}}),
    );
    assert_eq!(r, Ok(Value::Null));
    s.assert_alive(this_uri);
    s.shutdown();
}

#[test]
fn a_bom_from_the_editor_is_text_like_any_other() {
    // Editors strip the BOM, but a client may send it: the server checks
    // the text as it is, with positions that count the BOM.
    let (mut s, _) = Server::initialized(&[], false);
    let text = example_text();
    let plain = s.open("file:///tmp/plain.nianbao", &text);
    let bom = s.open(
        "file:///tmp/bom.nianbao",
        &format!("\u{feff}{}", text.replace('\n', "\r\n")),
    );
    let a = s.diagnostics(&plain, 1);
    let b = s.diagnostics(&bom, 1);
    let codes = |d: &[Value]| -> Vec<(String, u64)> {
        d.iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap_or("").to_string(),
                    d["range"]["start"]["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(codes(&a), codes(&b));
    s.shutdown();
}

#[test]
fn a_gbk_file_opened_as_utf8_is_named_with_the_fix() {
    // What VS Code sends for a GBK file it decoded as UTF-8: replacement
    // characters. The server reads the file once and says what it is.
    let dir = tempfile::tempdir().unwrap();
    let gbk_path = write(dir.path(), "年报 2021.nianbao", notepad_gbk());
    let utf8_path = write(dir.path(), "ok.nianbao", example_text());
    let (mut s, _) = Server::initialized(&[], false);
    let garbled = String::from_utf8_lossy(&notepad_gbk()).into_owned();
    assert!(garbled.contains('\u{fffd}'));
    let uri = s.open(gbk_path.to_str().unwrap(), &garbled);
    let shown = s.wait_notification("window/showMessage", |_| true);
    let message = shown["message"].as_str().unwrap();
    let quoted = format!("nianbao fmt --to-utf8 \"{}\"", gbk_path.display());
    assert!(
        message.contains("GBK") && message.contains(&quoted),
        "{message}"
    );
    assert!(message.contains("files.autoGuessEncoding"), "{message}");
    assert_eq!(shown["type"], 2, "a warning");
    s.diagnostics(&uri, 1);
    // A UTF-8 file whose text happens to hold U+FFFD: nothing said.
    let ok = s.open(
        utf8_path.to_str().unwrap(),
        &format!("{}\u{fffd}\n", example_text()),
    );
    s.diagnostics(&ok, 1);
    assert!(
        !s.stashed().any(|m| m["method"] == "window/showMessage"),
        "{:#?}",
        s.stashed().collect::<Vec<_>>()
    );
    s.shutdown();
}

#[test]
fn formatting_in_the_editor_keeps_bom_and_crlf() {
    let messy = "\u{feff}# 标题  \r\n\r\n\r\n| 信息内容 | 本年处理决定数量 |\r\n| --- | ---: |\r\n| 行政许可 | 120 |\r\n";
    let (mut s, _) = Server::initialized(&[], false);
    let uri = s.open("file:///c%3A/%E6%8A%A5%E5%91%8A/a.nianbao", messy);
    let edits = s
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
        )
        .unwrap();
    let formatted = apply_edits(messy, edits.as_array().unwrap(), "utf-16");
    assert_eq!(formatted, nianbao::format::format(messy));
    assert!(
        formatted.starts_with('\u{feff}') && formatted.contains("|\r\n| ----"),
        "{formatted:?}"
    );
    s.shutdown();
}

/// A county's report of two departments' (named, not a folder): 教育局
/// with the valid fixture's numbers, 财政局 all zeros; the county says
/// `total` for 行政许可 (the parts sum to 120).
fn aggregate(dir: &Path, total: u32) -> (String, String, String) {
    let valid = std::fs::read_to_string(root().join(VALID)).unwrap();
    let part = valid.replace("某某区人民政府", "某某区教育局");
    let zeros = nianbao_in(
        dir,
        &["new", "--year", "2022", "--agency", "某某区财政局"],
        None,
    )
    .stdout;
    let agg = valid
        .replacen(
            "年度: 2022\n",
            "年度: 2022\n汇总: [教育局.nianbao, 财政局.nianbao]\n",
            1,
        )
        .replace("| 行政许可 | 120 |", &format!("| 行政许可 | {total} |"));
    (agg, part, zeros)
}

#[test]
fn aggregate_parts_beside_a_windows_uri_and_in_gbk() {
    let dir = tempfile::tempdir().unwrap();
    let (agg, part, zeros) = aggregate(dir.path(), 125);
    // The parts spelled as other clients might (the colon as is or escaped
    // in lower case, lower-case escapes), unlike a URI made from their path.
    let (agg_uri, part_uri, zeros_uri) = (
        "file:///c%3A/Users/%E5%BC%A0%E4%B8%89/%E5%8E%BF/%E5%8E%BF.nianbao".to_string(),
        "file:///c:/Users/%e5%bc%a0%e4%b8%89/%e5%8e%bf/%e6%95%99%e8%82%b2%e5%b1%80.nianbao"
            .to_string(),
        "file:///c%3a/Users/%E5%BC%A0%E4%B8%89/%E5%8E%BF/%E8%B4%A2%E6%94%BF%E5%B1%80.nianbao"
            .to_string(),
    );
    let (mut s, _) = Server::initialized(&[], false);
    s.open(&part_uri, &part);
    s.diagnostics(&part_uri, 1);
    s.open(&zeros_uri, &zeros);
    s.diagnostics(&zeros_uri, 1);
    s.open(&agg_uri, &agg);
    let d = s.diagnostics(&agg_uri, 1);
    let nb307: Vec<&Value> = d.iter().filter(|d| d["code"] == "NB307").collect();
    assert_eq!(nb307.len(), 1, "{d:#?}");
    assert!(
        nb307[0]["message"].as_str().unwrap().contains("之和为 120"),
        "{:#}",
        nb307[0]
    );
    let related: Vec<&str> = nb307[0]["relatedInformation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["location"]["uri"].as_str().unwrap())
        .collect();
    // The parts' URIs as the client opened them.
    assert_eq!(related, [part_uri.as_str(), zeros_uri.as_str()]);
    s.shutdown();

    // On disk, a part saved as GBK: said on the 汇总 value with the command.
    write(dir.path(), "县.nianbao", &agg);
    write(dir.path(), "教育局.nianbao", gbk(&part));
    write(dir.path(), "财政局.nianbao", &zeros);
    let items = nianbao_in(
        dir.path(),
        &["check", "--format", "json", "县.nianbao"],
        None,
    )
    .json();
    let nb307: Vec<&Value> = items.iter().filter(|d| d["code"] == "NB307").collect();
    assert_eq!(nb307.len(), 1, "{items:#?}");
    let msg = nb307[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("GBK") && msg.contains("nianbao fmt --to-utf8 教育局.nianbao"),
        "{msg}"
    );
}

#[test]
fn render_reads_bom_and_crlf_like_lf() {
    let dir = tempfile::tempdir().unwrap();
    let text = example_text();
    write(dir.path(), "lf.nianbao", &text);
    write(
        dir.path(),
        "win.nianbao",
        format!("\u{feff}{}", text.replace('\n', "\r\n")),
    );
    let html = |f: &str| {
        let run = nianbao_in(dir.path(), &["render", f, "-o", "-"], None);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    assert_eq!(html("win.nianbao"), html("lf.nianbao"));
}

#[test]
fn go_to_definition_answers_with_the_clients_uri_for_last_years_report() {
    let dir = tempfile::tempdir().unwrap();
    cross_year(&dir.path().join("年报"), last_year());
    let folder = std::fs::canonicalize(dir.path().join("年报")).unwrap();
    let this = std::fs::read_to_string(folder.join("2021.nianbao")).unwrap();
    // Lower-case escapes: a URI made from the path would have upper-case.
    let spell = |name: &str| {
        let parent = file_uri(folder.parent().unwrap());
        format!("{parent}/%e5%b9%b4%e6%8a%a5/{name}")
    };
    let (this_uri, last_uri) = (spell("2021.nianbao"), spell("2020.nianbao"));
    let (mut s, _) = Server::initialized(&[], false);
    s.open(&this_uri, &this);
    s.diagnostics(&this_uri, 1);
    let line = this
        .lines()
        .position(|l| l.starts_with("上年报告"))
        .unwrap();
    let at = json!({"textDocument": {"uri": this_uri}, "position": {"line": line, "character": 2}});
    // Not open: a URI made from the path, naming the same file.
    let made = s.request("textDocument/definition", at.clone()).unwrap();
    assert_ne!(made["uri"], last_uri.as_str());
    assert_eq!(
        made["uri"].as_str().unwrap().to_lowercase(),
        last_uri.to_lowercase()
    );
    // Open: the client's own URI.
    s.open(&last_uri, &last_year());
    s.diagnostics(&last_uri, 1);
    let got = s.request("textDocument/definition", at).unwrap();
    assert_eq!(got["uri"], last_uri.as_str(), "{got:#}");
    s.shutdown();
}
