//! End-to-end: every feature of `nianbao lsp` through the wire — each
//! advertised capability answers, and each feature does what a user sees:
//! hover, completion, code actions, formatting, symbols, folding, semantic
//! tokens, inlay hints, definition.

mod common;

use common::lsp::*;
use common::*;
use serde_json::{json, Value};
use std::path::PathBuf;

fn example_path() -> PathBuf {
    std::fs::canonicalize(root().join(EXAMPLE)).unwrap()
}

/// A server (offering `encodings`) with the example open and checked.
fn with_example(encodings: &[&str], pull: bool) -> (Server, Value, String, Vec<Value>) {
    let (mut s, init) = Server::initialized(encodings, pull);
    let path = example_path();
    let uri = s.open(path.to_str().unwrap(), &example_text());
    let diags = if pull {
        let r = s
            .request(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": uri}}),
            )
            .unwrap();
        r["items"].as_array().unwrap().clone()
    } else {
        s.diagnostics(&uri, 1)
    };
    (s, init, uri, diags)
}

/// The same edits as one `didChange`: last first, so that each event's
/// range is still right for the text the previous ones left.
fn as_changes(edits: &[Value]) -> Value {
    let mut edits = edits.to_vec();
    let key = |e: &Value| {
        let s = &e["range"]["start"];
        (
            s["line"].as_u64().unwrap(),
            s["character"].as_u64().unwrap(),
        )
    };
    edits.sort_by_key(|e| std::cmp::Reverse(key(e)));
    Value::Array(
        edits
            .iter()
            .map(|e| json!({"range": e["range"], "text": e["newText"]}))
            .collect(),
    )
}

fn cli_check(dir: &std::path::Path, text: &str) -> Vec<Value> {
    let run = nianbao_in(
        dir,
        &["check", "--format", "json", "--stdin-filename", "a.nianbao"],
        Some(text.as_bytes()),
    );
    assert!(run.code <= 1, "{}", run.stderr);
    run.json()
}

fn code_lines(d: &[Value]) -> Vec<(String, u64)> {
    codes(d)
}

fn cli_code_lines(d: &[Value]) -> Vec<(String, u64)> {
    d.iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap() - 1,
            )
        })
        .collect()
}

/// Every capability the server advertises answers a request without a
/// JSON-RPC error; a capability this test does not know fails it, so that
/// nothing is advertised untested.
#[test]
fn every_advertised_capability_answers() {
    let (mut s, init, uri, _) = with_example(&[], true);
    let caps = init["capabilities"].as_object().unwrap();
    let doc = json!({"uri": uri});
    let pos = json!({"line": 83, "character": 34});
    let range = json!({"start": {"line": 50, "character": 0}, "end": {"line": 90, "character": 0}});
    let options = json!({"tabSize": 4, "insertSpaces": true});
    let mut asked = Vec::new();
    for (name, value) in caps {
        if value.is_null() || value == &json!(false) {
            continue;
        }
        let requests: Vec<(&str, Value)> = match name.as_str() {
            // Not requests: checked by the other tests.
            "positionEncoding" | "textDocumentSync" => {
                if name == "textDocumentSync" {
                    assert_eq!(value["change"], 2, "incremental sync");
                    assert_eq!(value["openClose"], true);
                }
                continue;
            }
            "diagnosticProvider" => vec![("textDocument/diagnostic", json!({"textDocument": doc}))],
            "hoverProvider" => vec![(
                "textDocument/hover",
                json!({"textDocument": doc, "position": pos}),
            )],
            "completionProvider" => vec![(
                "textDocument/completion",
                json!({"textDocument": doc, "position": pos}),
            )],
            "codeActionProvider" => vec![(
                "textDocument/codeAction",
                json!({"textDocument": doc, "range": range, "context": {"diagnostics": []}}),
            )],
            "documentFormattingProvider" => vec![(
                "textDocument/formatting",
                json!({"textDocument": doc, "options": options}),
            )],
            "documentRangeFormattingProvider" => vec![(
                "textDocument/rangeFormatting",
                json!({"textDocument": doc, "range": range, "options": options}),
            )],
            "documentSymbolProvider" => {
                vec![("textDocument/documentSymbol", json!({"textDocument": doc}))]
            }
            "foldingRangeProvider" => {
                vec![("textDocument/foldingRange", json!({"textDocument": doc}))]
            }
            "semanticTokensProvider" => {
                let mut r = Vec::new();
                if value["full"] == true || value["full"].is_object() {
                    r.push((
                        "textDocument/semanticTokens/full",
                        json!({"textDocument": doc}),
                    ));
                }
                if value["full"]["delta"] == true {
                    r.push((
                        "textDocument/semanticTokens/full/delta",
                        json!({"textDocument": doc, "previousResultId": ""}),
                    ));
                }
                if value["range"] == true || value["range"].is_object() {
                    r.push((
                        "textDocument/semanticTokens/range",
                        json!({"textDocument": doc, "range": range}),
                    ));
                }
                assert!(
                    !r.is_empty(),
                    "semantic tokens advertised without full or range"
                );
                r
            }
            "inlayHintProvider" => vec![(
                "textDocument/inlayHint",
                json!({"textDocument": doc, "range": range}),
            )],
            "definitionProvider" => vec![(
                "textDocument/definition",
                json!({"textDocument": doc, "position": pos}),
            )],
            other => {
                panic!("capability {other} is advertised ({value}) but this test does not know it")
            }
        };
        for (method, params) in requests {
            let r = s.request(method, params);
            assert!(r.is_ok(), "{name}: {method} failed: {r:?}");
            asked.push(method);
        }
    }
    // The server must advertise at least what it implements today.
    for m in [
        "textDocument/diagnostic",
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/codeAction",
        "textDocument/formatting",
        "textDocument/rangeFormatting",
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/semanticTokens/full",
        "textDocument/inlayHint",
        "textDocument/definition",
    ] {
        assert!(asked.contains(&m), "{m} is not advertised: {caps:#?}");
    }
    s.shutdown();
}

/// The knowledge base's meaning of a label (labels.toml).
fn label_meaning(label: &str) -> String {
    let text = std::fs::read_to_string(root().join("server/knowledge/labels.toml")).unwrap();
    let kb: toml::Table = toml::from_str(&text).unwrap();
    kb["label"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["label"].as_str() == Some(label))
        .and_then(|l| l["meaning"].as_str())
        .unwrap_or_else(|| panic!("{label} is in labels.toml"))
        .trim()
        .to_string()
}

#[test]
fn hover_explains_a_row_label_and_a_wrong_total() {
    for (offered, encoding) in [(&[][..], "utf-16"), (&["utf-8"][..], "utf-8")] {
        let (mut s, _, uri, _) = with_example(offered, false);
        let text = example_text();
        let line = "| （三）不予公开 |  |  |  |  |  |  |  |";
        assert_eq!(text.lines().nth(60), Some(line));
        // On the 不 of 不予公开.
        let pos = lsp_position(&text, 61, 6, encoding);
        let h = s
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri}, "position": pos}),
            )
            .unwrap();
        assert_eq!(h["contents"]["kind"], "markdown");
        let md = h["contents"]["value"].as_str().unwrap();
        assert!(md.contains("（三）不予公开"), "{md}");
        assert!(md.contains(&label_meaning("（三）不予公开")), "{md}");
        // The hovered range is the label, in the negotiated unit.
        assert_eq!(
            h["range"],
            json!({"start": lsp_position(&text, 61, 3, encoding), "end": lsp_position(&text, 61, 10, encoding)})
        );
        // On the wrong 总计: how it is derived and what it should be.
        let pos = lsp_position(&text, 84, 35, encoding);
        let h = s
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri}, "position": pos}),
            )
            .unwrap();
        let md = h["contents"]["value"].as_str().unwrap();
        assert!(
            md.contains("（一）予以公开 1") && md.contains("应为 1"),
            "{md}"
        );
        // Nothing to say on a blank line.
        let h = s
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri}, "position": {"line": 4, "character": 0}}),
            )
            .unwrap();
        assert_eq!(h, Value::Null);
        s.shutdown();
    }
}

#[test]
fn completion_in_an_empty_file_inserts_what_nianbao_new_writes() {
    let (mut s, _) = Server::initialized(&[], false);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.nianbao");
    let uri = s.open(path.to_str().unwrap(), "");
    assert_eq!(
        s.diagnostics(&uri, 1).len(),
        cli_check(dir.path(), "").len()
    );
    let r = s
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
        )
        .unwrap();
    let items = r.as_array().expect("a list of items");
    let first = &items[0];
    assert_eq!(first["preselect"], true, "{first:#}");
    assert!(
        first["label"].as_str().unwrap().contains("年度报告框架"),
        "{first:#}"
    );
    // No snippet support declared: plain text.
    assert_eq!(first["insertTextFormat"], 1);
    let year = first["filterText"].as_str().unwrap();
    let new = nianbao_in(
        dir.path(),
        &["new", "--year", year, "--agency", "某某机关"],
        None,
    );
    assert_eq!(new.code, 0, "{}", new.stderr);
    let edit = &first["textEdit"];
    assert_eq!(edit["newText"], new.stdout, "the skeleton is nianbao new's");
    // Accepting it: the server checks what the CLI checks.
    s.change(
        &uri,
        2,
        json!([{"range": edit["range"], "text": edit["newText"]}]),
    );
    let d = s.diagnostics(&uri, 2);
    assert_eq!(
        code_lines(&d),
        cli_code_lines(&cli_check(dir.path(), &new.stdout))
    );
    s.shutdown();

    // A client with snippets gets tab stops.
    let mut s = Server::start();
    let mut params = init_params(&[], false, None);
    params["capabilities"]["textDocument"]["completion"] =
        json!({"completionItem": {"snippetSupport": true}});
    s.initialize_with(params);
    let uri = s.open("untitled:empty.nianbao", "");
    let r = s
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
        )
        .unwrap();
    let first = &r[0];
    assert_eq!(first["insertTextFormat"], 2, "{first:#}");
    assert!(
        first["textEdit"]["newText"]
            .as_str()
            .unwrap()
            .contains("${1:"),
        "{first:#}"
    );
    s.shutdown();
}

#[test]
fn the_quick_fix_of_the_wrong_total_fixes_it() {
    let (mut s, _, uri, diags) = with_example(&[], false);
    let text = example_text();
    let nb302 = diags
        .iter()
        .find(|d| d["code"] == "NB302" && d["range"]["start"]["character"] == 34)
        .unwrap()
        .clone();
    let r = s
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": nb302["range"],
                   "context": {"diagnostics": [nb302], "only": ["quickfix"]}}),
        )
        .unwrap();
    let actions = r.as_array().unwrap();
    assert!(
        actions.iter().all(|a| a["kind"] == "quickfix"),
        "{actions:#?}"
    );
    let fix = actions
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == "NB302")
        .expect("a quick fix for NB302");
    assert_eq!(fix["title"], "改为 1");
    let edits = fix["edit"]["changes"][&uri].as_array().unwrap();
    s.change(&uri, 2, as_changes(edits));
    let d = s.diagnostics(&uri, 2);
    let fixed = apply_edits(&text, edits, "utf-16");
    assert!(fixed.contains("| （七）总计 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |"));
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        code_lines(&d),
        cli_code_lines(&cli_check(dir.path(), &fixed))
    );
    assert!(
        !d.iter()
            .any(|d| d["code"] == "NB302" && d["range"]["start"]["character"] == 34),
        "{d:#?}"
    );

    // Fix all: every safe fix at once; afterwards none is left to apply.
    let r = s
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                   "context": {"diagnostics": [], "only": ["source.fixAll.nianbao"]}}),
        )
        .unwrap();
    let all = r.as_array().unwrap();
    assert_eq!(all.len(), 1, "{all:#?}");
    let edits = all[0]["edit"]["changes"][&uri].as_array().unwrap();
    let after = apply_edits(&fixed, edits, "utf-16");
    s.change(&uri, 3, as_changes(edits));
    let d = s.diagnostics(&uri, 3);
    let cli = cli_check(dir.path(), &after);
    assert_eq!(code_lines(&d), cli_code_lines(&cli));
    assert!(d.len() < diags.len(), "{:#?}", code_lines(&d));
    assert!(
        !cli.iter().any(|d| d["fix"]["safe"] == true),
        "safe fixes left: {cli:#?}"
    );
    s.shutdown();
}

#[test]
fn formatting_gives_what_nianbao_fmt_writes() {
    // The valid fixture with its tables squeezed out of alignment.
    let valid = std::fs::read_to_string(root().join(VALID)).unwrap();
    let messy: String = valid
        .split_inclusive('\n')
        .map(|l| {
            if l.starts_with('|') {
                let squeezed = l.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>();
                format!("{}\n", squeezed.join(" ").trim_end())
            } else {
                l.to_string()
            }
        })
        .collect();
    assert_ne!(messy, valid);
    let dir = tempfile::tempdir().unwrap();
    let fmt = nianbao_in(dir.path(), &["fmt", "-"], Some(messy.as_bytes()));
    assert_eq!(fmt.code, 0, "{}", fmt.stderr);
    assert_ne!(fmt.stdout, messy);

    let (mut s, _) = Server::initialized(&[], false);
    let uri = s.open("untitled:messy.nianbao", &messy);
    let options = json!({"tabSize": 4, "insertSpaces": true});
    let edits = s
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": options}),
        )
        .unwrap();
    let edits = edits.as_array().unwrap();
    assert_eq!(apply_edits(&messy, edits, "utf-16"), fmt.stdout);

    // Range formatting over 表三's rows aligns that table only.
    let first = messy
        .lines()
        .position(|l| l.starts_with("| 申请人情况"))
        .unwrap() as u64;
    let range = json!({"start": {"line": first + 5, "character": 0}, "end": {"line": first + 6, "character": 0}});
    let edits = s
        .request(
            "textDocument/rangeFormatting",
            json!({"textDocument": {"uri": uri}, "range": range, "options": options}),
        )
        .unwrap();
    let ranged = apply_edits(&messy, edits.as_array().unwrap(), "utf-16");
    let table = |t: &str| -> Vec<String> {
        t.lines()
            .skip_while(|l| !l.starts_with("| 申请人情况"))
            .take_while(|l| l.starts_with('|'))
            .map(String::from)
            .collect()
    };
    assert_eq!(table(&ranged), table(&fmt.stdout));
    assert_ne!(ranged, fmt.stdout, "other tables are left alone");

    // The formatted document needs nothing more.
    s.change(&uri, 2, json!([{"text": fmt.stdout}]));
    let again = s
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": options}),
        )
        .unwrap();
    assert_eq!(again, json!([]));
    s.shutdown();
}

#[test]
fn symbols_and_folding_follow_the_sections_and_tables() {
    let (mut s, _, uri, _) = with_example(&[], false);
    let text = example_text();
    let lines: Vec<&str> = text.lines().collect();
    let symbols = s
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .unwrap();
    let symbols = symbols.as_array().unwrap();
    let headings: Vec<(usize, String)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            l.strip_prefix("## ")
                .or_else(|| l.strip_prefix("# "))
                .map(|h| (i, h.to_string()))
        })
        .collect();
    let top: Vec<(usize, String)> = symbols
        .iter()
        .map(|s| {
            (
                s["selectionRange"]["start"]["line"].as_u64().unwrap() as usize,
                s["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(top, headings, "the outline is the title and the sections");
    for sym in symbols {
        let (r, sel) = (&sym["range"], &sym["selectionRange"]);
        assert!(
            r["start"]["line"].as_u64() <= sel["start"]["line"].as_u64(),
            "{sym}"
        );
        assert!(
            r["end"]["line"].as_u64() >= sel["end"]["line"].as_u64(),
            "{sym}"
        );
    }
    // Section 二 holds the four 表二 sub-tables, 三 holds 表三.
    let children = |name: &str| -> Vec<String> {
        symbols.iter().find(|s| s["name"] == name).unwrap()["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    let captions: Vec<String> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("### ").map(String::from))
        .collect();
    assert_eq!(children("二、主动公开政府信息情况"), captions);
    assert_eq!(children("三、收到和处理政府信息公开申请情况").len(), 1);

    let folds = s
        .request(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": uri}}),
        )
        .unwrap();
    let folds: Vec<(u64, u64)> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    // The front matter, and every section from its heading.
    assert!(folds.contains(&(0, 3)), "{folds:?}");
    for (line, _) in headings.iter().filter(|(_, h)| !h.contains("报告")) {
        assert!(
            folds.iter().any(|f| f.0 == *line as u64 && f.1 > f.0),
            "{line}: {folds:?}"
        );
    }
    // 表三 folds from its caption line to its last row.
    let t3_end = lines
        .iter()
        .position(|l| l.starts_with("| 四、结转下年度"))
        .unwrap() as u64;
    assert!(folds.iter().any(|f| f.1 == t3_end && f.0 > 49), "{folds:?}");
    s.shutdown();
}

/// Decoded semantic tokens: (line, start, length, type name, modifiers).
fn decode(data: &Value, legend: &Value) -> Vec<(u64, u64, u64, String, Vec<String>)> {
    let types = legend["tokenTypes"].as_array().unwrap();
    let mods = legend["tokenModifiers"].as_array().unwrap();
    let data: Vec<u64> = data
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    assert_eq!(data.len() % 5, 0);
    let (mut line, mut start) = (0, 0);
    data.chunks(5)
        .map(|c| {
            line += c[0];
            start = if c[0] == 0 { start + c[1] } else { c[1] };
            let t = types[c[3] as usize].as_str().unwrap().to_string();
            let m = (0..mods.len())
                .filter(|i| c[4] & (1 << i) != 0)
                .map(|i| mods[i].as_str().unwrap().to_string())
                .collect();
            (line, start, c[2], t, m)
        })
        .collect()
}

#[test]
fn semantic_tokens_mark_headings_labels_and_the_wrong_total() {
    for (offered, encoding) in [(&[][..], "utf-16"), (&["utf-8"][..], "utf-8")] {
        let (mut s, init, uri, _) = with_example(offered, false);
        let text = example_text();
        let legend = &init["capabilities"]["semanticTokensProvider"]["legend"];
        let r = s
            .request(
                "textDocument/semanticTokens/full",
                json!({"textDocument": {"uri": uri}}),
            )
            .unwrap();
        let tokens = decode(&r["data"], legend);
        let at = |line: u64, col: u64| {
            let p = lsp_position(&text, line, col, encoding);
            let (l, c) = (
                p["line"].as_u64().unwrap(),
                p["character"].as_u64().unwrap(),
            );
            tokens
                .iter()
                .find(|t| t.0 == l && t.1 <= c && c < t.1 + t.2)
                .cloned()
                .unwrap_or_else(|| panic!("no token at {line}:{col} ({encoding})"))
        };
        let units = |s: &str| if encoding == "utf-8" { s.len() } else { s.encode_utf16().count() } as u64;
        // The heading of section 一 (line 12) is one token.
        let h = at(12, 4);
        assert_eq!(h.2, units("## 一、总体情况"), "{h:?}");
        // The wrong 总计 (line 84, column 35): a number, a total, invalid.
        let t = at(84, 35);
        assert_eq!((t.2, t.3.as_str()), (1, "number"), "{t:?}");
        assert!(
            t.4.contains(&"invalid".to_string()) && t.4.contains(&"total".to_string()),
            "{t:?}"
        );
        // A right value on the line above (`| 3.其他 | 0 |`) is a plain
        // number.
        let v = at(83, 10);
        assert_eq!((v.3.as_str(), v.4.len()), ("number", 0), "{v:?}");
        // Its row label is one token, of another type.
        let label = at(84, 3);
        assert_eq!(label.2, units("（七）总计"), "{label:?}");
        assert_ne!(label.3, "number");
        // Tokens never overlap and stay inside their line.
        for w in tokens.windows(2) {
            assert!(w[0].0 < w[1].0 || w[0].1 + w[0].2 <= w[1].1, "{w:?}");
        }
        for t in &tokens {
            let line = text.lines().nth(t.0 as usize).unwrap();
            assert!(t.1 + t.2 <= units(line), "{t:?}");
        }
        s.shutdown();
    }
}

#[test]
fn inlay_hints_show_the_expected_totals_after_the_cells() {
    for (offered, encoding) in [(&[][..], "utf-16"), (&["utf-8"][..], "utf-8")] {
        let (mut s, _, uri, diags) = with_example(offered, false);
        let whole =
            json!({"start": {"line": 0, "character": 0}, "end": {"line": 200, "character": 0}});
        let hints = s
            .request(
                "textDocument/inlayHint",
                json!({"textDocument": {"uri": uri}, "range": whole}),
            )
            .unwrap();
        let hints = hints.as_array().unwrap();
        // One `= 1` right after each wrong total NB302 reports.
        for d in diags.iter().filter(|d| d["code"] == "NB302") {
            let h = hints
                .iter()
                .find(|h| h["position"] == d["range"]["end"])
                .unwrap_or_else(|| panic!("no hint after {d}: {hints:#?}"));
            assert_eq!(h["label"], "= 1");
            assert!(h["tooltip"]["value"].as_str().unwrap().contains("应为 1"));
        }
        // The one after the 总计 cell (line 84, column 35), in the
        // negotiated unit.
        let text = example_text();
        let after_total = lsp_position(&text, 84, 36, encoding);
        assert!(
            hints.iter().any(|h| h["position"] == after_total),
            "{after_total} {hints:#?}"
        );
        // And the balance of the 总计 column, which fails.
        assert!(
            hints.iter().any(|h| h["label"]
                .as_str()
                .is_some_and(|l| l.contains("一+二") && l.contains('≠'))),
            "{hints:#?}"
        );
        // A range that misses 表三 shows none of them.
        let top =
            json!({"start": {"line": 0, "character": 0}, "end": {"line": 20, "character": 0}});
        let hints = s
            .request(
                "textDocument/inlayHint",
                json!({"textDocument": {"uri": uri}, "range": top}),
            )
            .unwrap();
        assert_eq!(hints, json!([]));
        s.shutdown();
    }
}

#[test]
fn definition_leads_from_the_previous_report_line_to_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let last = write(
        dir.path(),
        "2020.nianbao",
        std::fs::read_to_string(root().join("tests/fixtures/valid-2019.nianbao")).unwrap(),
    );
    let text = "---\n机关: 某某区人民政府\n年度: 2021\n上年报告: 2020.nianbao\n---\n";
    let this = write(dir.path(), "2021.nianbao", text);
    let (mut s, _) = Server::initialized(&[], false);
    let uri = s.open(this.to_str().unwrap(), text);
    let r = s
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": {"line": 3, "character": 8}}),
        )
        .unwrap();
    let target = if r.is_array() { r[0].clone() } else { r };
    assert_eq!(target["uri"], file_uri(&last));
    // Elsewhere: nowhere to go.
    let r = s
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 1}}),
        )
        .unwrap();
    assert_eq!(r, Value::Null);
    s.shutdown();
}

#[test]
fn fix_all_offered_in_the_lightbulb_is_computed_when_chosen() {
    // A client that resolves a code action's edit (as VS Code does).
    let mut params = init_params(&[], false, None);
    params["capabilities"]["textDocument"]["codeAction"] =
        json!({"resolveSupport": {"properties": ["edit"]}});
    let mut s = Server::start();
    let init = s.initialize_with(params);
    assert_eq!(
        init["capabilities"]["codeActionProvider"]["resolveProvider"],
        true
    );
    let text = example_text();
    let uri = s.open("untitled:resolve.nianbao", &text);
    s.diagnostics(&uri, 1);
    let at_start =
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
    let ask = |s: &mut Server, only: Value| {
        let mut context = json!({"diagnostics": []});
        if !only.is_null() {
            context["only"] = only;
        }
        let r = s.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": at_start, "context": context}),
        );
        r.unwrap().as_array().unwrap().clone()
    };
    // Asked for explicitly (fix all on save): the edit comes at once.
    let eager = ask(&mut s, json!(["source.fixAll.nianbao"]));
    let eager_edit = eager[0]["edit"].clone();
    assert!(eager_edit["changes"][&uri].is_array(), "{eager:#?}");
    // Offered among the others: without its edit, until chosen.
    let offered = ask(&mut s, Value::Null);
    let lazy = offered
        .iter()
        .find(|a| a["kind"] == "source.fixAll.nianbao")
        .expect("fix all is offered")
        .clone();
    assert!(lazy.get("edit").is_none(), "{lazy:#}");
    let resolved = s.request("codeAction/resolve", lazy.clone()).unwrap();
    assert_eq!(resolved["edit"], eager_edit);
    assert_eq!(resolved["title"], lazy["title"]);
    // Once the text has moved on, its edit would not apply …
    s.change(&uri, 2, json!([edit((104, 1), (104, 1), "另")]));
    let stale = s.request("codeAction/resolve", lazy.clone()).unwrap_err();
    assert_eq!(stale["code"], -32801, "{stale}");
    // … also after the file was closed and opened again with the same
    // version number and another text.
    s.close(&uri);
    let mut other = text.clone();
    other.push_str("\n另起一段。\n");
    s.open("untitled:resolve.nianbao", &other);
    let reopened = s.request("codeAction/resolve", lazy).unwrap_err();
    assert_eq!(reopened["code"], -32801, "{reopened}");
    s.shutdown();
}
