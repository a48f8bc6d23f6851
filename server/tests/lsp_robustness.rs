//! Robustness of `nianbao lsp`: malformed JSON-RPC, unknown methods,
//! positions outside the text, documents never opened, a 10 MB document,
//! 200 open documents. After each, the server is still alive and answers.

mod common;

use common::lsp::*;
use common::*;
use serde_json::{json, Value};

/// An initialized server with the example report open (diagnostics
/// received), and the report's URI.
fn server_with_example() -> (Server, String) {
    let (mut s, _) = Server::initialized(&[], false);
    let uri = s.open("untitled:example.nianbao", &example_text());
    assert_eq!(s.diagnostics(&uri, 1).len(), 7);
    (s, uri)
}

/// The next error response with `id` (`null` for messages whose id could
/// not be read).
fn error_for(s: &mut Server, id: Value) -> Value {
    let msg = s.wait(&format!("an error response with id {id}"), |m| {
        m.get("method").is_none() && m["id"] == id && m.get("error").is_some()
    });
    msg["error"].clone()
}

/// Error responses that arrived without anyone waiting for them.
fn unexpected_errors(s: &Server) -> Vec<Value> {
    s.stashed()
        .filter(|m| m.get("error").is_some())
        .cloned()
        .collect()
}

#[test]
fn a_body_that_is_not_json_gets_a_parse_error_and_the_server_goes_on() {
    let (mut s, uri) = server_with_example();
    s.send_raw(&frame(br#"{"jsonrpc": "2.0", "id": 1, "method": "#));
    assert_eq!(error_for(&mut s, Value::Null)["code"], -32700);
    s.send_raw(&frame(&[0xff, 0xfe, b'{', b'}']));
    assert_eq!(error_for(&mut s, Value::Null)["code"], -32700);
    s.assert_alive(&uri);
    // Edits still arrive and are checked.
    s.change(&uri, 2, json!([edit((83, 34), (83, 35), "1")]));
    assert!(!s.diagnostics(&uri, 2).is_empty());
    s.shutdown();
}

#[test]
fn a_body_shorter_than_its_content_length_costs_only_what_it_swallows() {
    let (mut s, uri) = server_with_example();
    // Ten bytes too few: the next message's first ten bytes complete it,
    // which makes neither of them readable.
    let body = json!({"jsonrpc": "2.0", "method": "nianbao/nothing", "params": {}}).to_string();
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len() + 10).into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    s.send_raw(&bytes);
    s.send(&json!({"jsonrpc": "2.0", "id": 900, "method": "shutdown"}));
    assert_eq!(error_for(&mut s, Value::Null)["code"], -32700);
    // The server finds the next message's header and answers it.
    s.assert_alive(&uri);
    s.shutdown();
}

#[test]
fn missing_fields_get_invalid_request_or_invalid_params() {
    let (mut s, uri) = server_with_example();
    // Not a request: no method, no jsonrpc, not an object.
    s.send(&json!({"jsonrpc": "2.0", "id": 7}));
    assert_eq!(error_for(&mut s, json!(7))["code"], -32600);
    s.send(&json!({"id": 8, "method": "textDocument/hover", "params": {}}));
    assert_eq!(error_for(&mut s, json!(8))["code"], -32600);
    s.send(&json!([1, 2]));
    assert_eq!(error_for(&mut s, Value::Null)["code"], -32600);
    // A request whose params are missing or incomplete.
    s.send(&json!({"jsonrpc": "2.0", "id": 9, "method": "textDocument/hover"}));
    assert_eq!(error_for(&mut s, json!(9))["code"], -32602);
    let r = s.request("textDocument/hover", json!({"textDocument": {"uri": uri}}));
    assert_eq!(r.unwrap_err()["code"], -32602);
    let r = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": -1, "character": "x"}}),
    );
    assert_eq!(r.unwrap_err()["code"], -32602);
    // A notification with bad params has nobody to answer to: ignored.
    s.notify("textDocument/didOpen", json!({"textDocument": {"uri": 5}}));
    s.notify("textDocument/didChange", json!({}));
    s.assert_alive(&uri);
    assert_eq!(unexpected_errors(&s), Vec::<Value>::new());
    s.shutdown();
}

#[test]
fn unknown_methods() {
    let (mut s, uri) = server_with_example();
    let r = s.request("nianbao/noSuchMethod", json!({}));
    assert_eq!(r.unwrap_err()["code"], -32601);
    let r = s.request("$/noSuchRequest", json!({}));
    assert_eq!(r.unwrap_err()["code"], -32601);
    // Notifications: ignored, no answer.
    s.notify("nianbao/noSuchNotification", json!({}));
    s.notify("$/noSuchNotification", json!({}));
    s.notify("$/cancelRequest", json!({"id": 12345}));
    s.assert_alive(&uri);
    assert_eq!(unexpected_errors(&s), Vec::<Value>::new());
    s.shutdown();
}

/// Positions no text has: past the end of a line, of the document, and
/// the protocol's largest numbers.
fn far_positions(text: &str) -> Vec<Value> {
    let last = text.split('\n').count() as u64 - 1;
    vec![
        json!({"line": 0, "character": 100_000}),
        json!({"line": last, "character": 99}),
        json!({"line": last + 1, "character": 0}),
        json!({"line": 1_000_000, "character": 3}),
        json!({"line": 2_147_483_647u32, "character": 2_147_483_647u32}),
    ]
}

/// Every request that takes a position or a range, at `pos`.
fn positional_requests(uri: &str, pos: &Value) -> Vec<(&'static str, Value)> {
    let doc = json!({"uri": uri});
    let range = json!({"start": pos, "end": pos});
    let wide = json!({"start": {"line": 0, "character": 0}, "end": pos});
    let options = json!({"tabSize": 4, "insertSpaces": true});
    vec![
        (
            "textDocument/hover",
            json!({"textDocument": doc, "position": pos}),
        ),
        (
            "textDocument/completion",
            json!({"textDocument": doc, "position": pos}),
        ),
        (
            "textDocument/definition",
            json!({"textDocument": doc, "position": pos}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": doc, "range": range, "context": {"diagnostics": []}}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": doc, "range": wide, "context": {"diagnostics": []}}),
        ),
        (
            "textDocument/rangeFormatting",
            json!({"textDocument": doc, "range": wide, "options": options}),
        ),
        (
            "textDocument/inlayHint",
            json!({"textDocument": doc, "range": wide}),
        ),
        (
            "textDocument/inlayHint",
            json!({"textDocument": doc, "range": range}),
        ),
    ]
}

#[test]
fn positions_past_the_end_are_clamped_everywhere() {
    let (mut s, uri) = server_with_example();
    let text = example_text();
    for pos in far_positions(&text) {
        for (method, params) in positional_requests(&uri, &pos) {
            let r = s.request(method, params.clone());
            assert!(r.is_ok(), "{method} {params}: {r:?}");
        }
    }
    // An edit past the end appends: an unterminated comment after the
    // last line, which NB001 reports there.
    let last = text.split('\n').count() as u32 - 1;
    s.change(
        &uri,
        2,
        json!([
            edit((1_000_000, 5), (2_000_000, 9), "<!-- 未完"),
            edit((0, 10_000), (0, 20_000), "")
        ]),
    );
    let d = s.diagnostics(&uri, 2);
    let nb001: Vec<_> = d.iter().filter(|d| d["code"] == "NB001").collect();
    assert_eq!(nb001.len(), 1, "{d:#?}");
    assert_eq!(nb001[0]["range"]["start"]["line"], last, "{d:#?}");
    // Backwards and mixed ranges too.
    s.change(&uri, 3, json!([edit((last + 5, 0), (last, 0), "")]));
    let d = s.diagnostics(&uri, 3);
    assert_eq!(codes(&d), codes(&fresh_example_diagnostics()), "{d:#?}");
    s.assert_alive(&uri);
    s.shutdown();
}

/// The example's diagnostics from a fresh server (for comparison).
fn fresh_example_diagnostics() -> Vec<Value> {
    let (mut s, _) = Server::initialized(&[], false);
    let uri = s.open("untitled:fresh.nianbao", &example_text());
    let d = s.diagnostics(&uri, 1);
    s.shutdown();
    d
}

#[test]
fn documents_never_opened() {
    let (mut s, uri) = server_with_example();
    let never = "untitled:never-opened.nianbao";
    // A change to it: logged, not applied, nothing published.
    s.change(never, 2, json!([edit((0, 0), (0, 0), "x")]));
    let log = s.wait_notification("window/logMessage", |p| {
        p["message"]
            .as_str()
            .is_some_and(|m| m.contains("never-opened"))
    });
    assert_eq!(log["type"], 2, "a warning");
    // Requests about it: the protocol's error, for each of them.
    let pos = json!({"line": 0, "character": 0});
    let mut requests = positional_requests(never, &pos);
    let doc = json!({"uri": never});
    let options = json!({"tabSize": 4, "insertSpaces": true});
    requests.extend([
        (
            "textDocument/formatting",
            json!({"textDocument": doc, "options": options}),
        ),
        ("textDocument/documentSymbol", json!({"textDocument": doc})),
        ("textDocument/foldingRange", json!({"textDocument": doc})),
        (
            "textDocument/semanticTokens/full",
            json!({"textDocument": doc}),
        ),
    ]);
    for (method, params) in requests {
        let r = s.request(method, params);
        let e = r.expect_err(method);
        assert_eq!(e["code"], -32602, "{method}: {e}");
        assert!(e["message"].as_str().unwrap().contains("未打开"), "{e}");
    }
    // Closing it is harmless.
    s.close(never);
    s.assert_alive(&uri);
    assert!(
        !s.stashed().any(|m| m["params"]["uri"] == never
            && m["method"] == "textDocument/publishDiagnostics"
            && !m["params"]["diagnostics"].as_array().unwrap().is_empty()),
        "nothing is checked for a document never opened"
    );
    s.shutdown();
}

#[test]
fn a_ten_megabyte_document() {
    // The example, with section 六's "无" followed by 10 MB of prose.
    let text = example_text();
    let line =
        "二是加强政务公开平台建设，提升政府信息公开的及时性、准确性和完整性，方便群众查询。\n";
    let mut big = String::with_capacity(11 << 20);
    big.push_str(&text);
    while big.len() < 10 << 20 {
        big.push('\n');
        big.push_str(line);
    }
    let mut s = Server::start();
    // A debug build checks 10 MB in seconds; on a loaded machine, more.
    s.timeout = 5 * TIMEOUT;
    s.initialize(&[], false);
    let uri = s.open("untitled:big.nianbao", &big);
    let d = s.diagnostics(&uri, 1);
    let on_total: Vec<_> = d
        .iter()
        .filter(|d| d["range"]["start"]["line"] == 83)
        .map(|d| d["range"]["start"]["character"].clone())
        .collect();
    assert_eq!(on_total, [10, 10, 34, 34], "{:#?}", codes(&d));
    // Fix the 自然人 and 总计 cells near the top: their four diagnostics go.
    s.change(
        &uri,
        2,
        json!([edit((83, 10), (83, 11), "1"), edit((83, 34), (83, 35), "1")]),
    );
    let d = s.diagnostics(&uri, 2);
    assert!(
        !d.iter().any(|d| d["range"]["start"]["line"] == 83),
        "{:#?}",
        codes(&d)
    );
    // An edit at the very end too.
    let last = big.split('\n').count() as u32 - 1;
    s.change(&uri, 3, json!([edit((last, 0), (last, 0), "<!--")]));
    let d = s.diagnostics(&uri, 3);
    assert!(d.iter().any(|d| d["code"] == "NB001"), "{:#?}", codes(&d));
    s.assert_alive(&uri);
    s.shutdown();
}

#[test]
fn two_hundred_open_documents() {
    let (mut s, _) = Server::initialized(&[], false);
    let dir = tempfile::tempdir().unwrap();
    let valid = std::fs::read_to_string(root().join(VALID)).unwrap();
    let mut uris = Vec::new();
    for i in 0..200 {
        // Every other one carries the example's defects.
        let text = if i % 2 == 0 {
            valid.clone()
        } else {
            example_text()
        };
        let uri = s.open(
            dir.path().join(format!("r{i}.nianbao")).to_str().unwrap(),
            &text,
        );
        uris.push((uri, i % 2));
    }
    for (uri, broken) in &uris {
        let d = s.diagnostics(uri, 1);
        assert_eq!(
            d.len(),
            if *broken == 1 { 7 } else { 0 },
            "{uri}: {:#?}",
            codes(&d)
        );
    }
    let last = &uris.last().unwrap().0.clone();
    let r = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": last}, "position": {"line": 83, "character": 34}}),
    );
    assert!(r.is_ok(), "{r:?}");
    // Closing them all clears their diagnostics.
    for (uri, _) in &uris {
        s.close(uri);
    }
    for (uri, _) in &uris {
        let p = s.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == *uri);
        assert_eq!(p["diagnostics"], json!([]));
    }
    s.shutdown();
}

#[test]
fn exit_without_shutdown_and_eof_end_the_process() {
    // `exit` before `shutdown`: exit status 1 (the protocol's rule) or 0,
    // but the process must end.
    let (mut s, _) = Server::initialized(&[], false);
    s.notify("exit", Value::Null);
    s.wait_for_exit();
    // Closing stdin ends the server too.
    let (mut s, _) = Server::initialized(&[], false);
    s.close_stdin();
    s.wait_for_exit();
}
