//! The server never waits: edits apply in order and a burst is checked at
//! its newest version; requests are answered while a big document is being
//! checked; a pull that a newer edit overtakes never reports an empty list.

mod common;

use common::lsp::*;
use common::*;
use serde_json::{json, Value};
use std::time::Duration;

/// The example's last line is `无` (line 104); type `n` characters after it,
/// one `didChange` each, versions 2…n+1, without waiting for anything.
fn type_at_the_end(s: &mut Server, uri: &str, n: u32) {
    for i in 0..n {
        s.change(
            uri,
            i as i64 + 2,
            json!([edit((104, 1 + i), (104, 1 + i), "另")]),
        );
    }
}

fn publishes<'a>(s: &'a Server, uri: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    s.stashed().filter(move |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
    })
}

#[test]
fn a_burst_of_two_hundred_edits_ends_in_one_publish_equal_to_a_fresh_check() {
    let (mut s, _) = Server::initialized(&[], false);
    let uri = s.open("untitled:burst.nianbao", &example_text());
    assert_eq!(s.diagnostics(&uri, 1).len(), 7);
    type_at_the_end(&mut s, &uri, 200);
    let last = s.diagnostics(&uri, 201);

    // The same text, opened fresh.
    let mut text = example_text();
    let end = text.rfind('无').unwrap() + '无'.len_utf8();
    text.insert_str(end, &"另".repeat(200));
    let fresh_uri = s.open("untitled:fresh.nianbao", &text);
    let fresh = s.diagnostics(&fresh_uri, 1);
    // Equal but for the URI their related locations name.
    let fresh = serde_json::to_string(&fresh)
        .unwrap()
        .replace(&fresh_uri, &uri);
    assert_eq!(serde_json::to_string(&last).unwrap(), fresh);

    // Anything still on its way arrives before the answer to a request
    // sent after a pause.
    std::thread::sleep(Duration::from_millis(300));
    s.assert_alive(&uri);
    let versions: Vec<i64> = publishes(&s, &uri)
        .map(|m| m["params"]["version"].as_i64().unwrap())
        .collect();
    assert!(
        !versions.contains(&201),
        "the newest version is published exactly once: {versions:?}"
    );
    // Published versions only ever increase, and the burst was coalesced:
    // most versions were overtaken before a check thread reached them.
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    assert!(
        versions.len() < 100,
        "{} publishes for 200 edits",
        versions.len()
    );
    s.shutdown();
}

/// The example followed by 10 MB of prose in section 六.
fn ten_megabytes() -> String {
    let line = "二是加强政务公开平台建设，提升政府信息公开的及时性、准确性和完整性。\n";
    let mut big = example_text();
    while big.len() < 10 << 20 {
        big.push('\n');
        big.push_str(line);
    }
    big
}

#[test]
fn requests_are_answered_while_a_ten_megabyte_document_is_checked() {
    let mut s = Server::start();
    s.timeout = 5 * TIMEOUT;
    // A client that re-requests semantic tokens when asked to.
    let mut params = init_params(&[], false, None);
    params["capabilities"]["workspace"] = json!({"semanticTokens": {"refreshSupport": true}});
    s.initialize_with(params);
    let small = s.open("untitled:small.nianbao", &example_text());
    assert_eq!(s.diagnostics(&small, 1).len(), 7);
    let big = s.open("untitled:big.nianbao", &ten_megabytes());
    // Sent right after the big document: each is answered before its check
    // is published (a check of 10 MB takes seconds in this debug build).
    let at = |uri: &str, line: u32, character: u32| json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
    let hover = s.request("textDocument/hover", at(&small, 83, 34));
    let hover = hover.expect("a hover on the small report");
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("NB302"),
        "the small report's own finding is in its hover: {hover}"
    );
    let completion = s.request("textDocument/completion", at(&small, 104, 0));
    assert!(completion.is_ok(), "{completion:?}");
    let completion = s.request("textDocument/completion", at(&big, 104, 0));
    assert!(completion.is_ok(), "{completion:?}");
    let symbols = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": big}}),
    );
    assert!(symbols.is_ok(), "{symbols:?}");
    // Semantic tokens wait half a second for the findings, then come
    // without them (and are refreshed once the check ends, below).
    let tokens = s.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": big}}),
    );
    assert!(tokens.is_ok(), "{tokens:?}");
    assert_eq!(
        publishes(&s, &big).count(),
        0,
        "the big report's check was still running when all four were answered"
    );
    // Code actions need the findings: they wait for the big report's check
    // without holding a request thread (there are four; here are five) …
    let range =
        json!({"start": {"line": 83, "character": 34}, "end": {"line": 83, "character": 35}});
    for id in 500..505 {
        s.send(&json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/codeAction",
            "params": {"textDocument": {"uri": big}, "range": range, "context": {"diagnostics": []}}}));
    }
    // … one the client cancels while it waits is answered RequestCancelled …
    s.send(
        &json!({"jsonrpc": "2.0", "id": 600, "method": "textDocument/codeAction",
        "params": {"textDocument": {"uri": big}, "range": range, "context": {"diagnostics": []}}}),
    );
    s.notify("$/cancelRequest", json!({"id": 600}));
    // … and a hover on the small report is answered before the check ends.
    let hover = s.request("textDocument/hover", at(&small, 83, 34));
    assert!(hover.is_ok(), "{hover:?}");
    assert_eq!(
        publishes(&s, &big).count(),
        0,
        "the big report's check was still running"
    );
    // Then the check arrives, with the example's findings, and the code
    // actions get their fixes.
    let d = s.diagnostics(&big, 1);
    assert!(d.len() >= 7, "{:#?}", codes(&d));
    for id in 500..505 {
        let actions = s.response(&json!(id)).expect("code actions");
        assert!(!actions.as_array().unwrap().is_empty(), "{actions}");
    }
    let cancelled = s.response(&json!(600)).expect_err("cancelled");
    assert_eq!(cancelled["code"], -32800, "{cancelled}");
    s.wait("the server asking for semantic tokens again", |m| {
        m["method"] == "workspace/semanticTokens/refresh"
    });
    s.shutdown();
}

#[test]
fn a_pull_overtaken_by_an_edit_is_cancelled_never_empty() {
    let (mut s, _) = Server::initialized(&[], true);
    let uri = s.open("untitled:pull.nianbao", &example_text());
    let pull = |s: &mut Server| {
        s.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
    };
    let first = pull(&mut s).expect("a report");
    assert_eq!(first["items"].as_array().unwrap().len(), 7);
    // Edits that keep the example's seven findings, each followed by a pull
    // sent before the answer to the previous one: every answer is the full
    // report or the protocol's "pull again", never an empty list.
    let mut ids = Vec::new();
    for i in 0..50u32 {
        s.change(
            &uri,
            i as i64 + 2,
            json!([edit((104, 1 + i), (104, 1 + i), "另")]),
        );
        let id = 1000 + i as i64;
        s.send(
            &json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/diagnostic",
            "params": {"textDocument": {"uri": uri}}}),
        );
        ids.push(id);
    }
    for id in ids {
        match s.response(&json!(id)) {
            Ok(report) => {
                let items = report["items"].as_array().unwrap();
                assert_eq!(items.len(), 7, "{report}");
            }
            Err(e) => {
                assert_eq!(e["code"], -32802, "{e}");
                assert_eq!(e["data"]["retriggerRequest"], true, "{e}");
            }
        }
    }
    // With no edit behind it, a pull gets the full report.
    let last = pull(&mut s).expect("a report");
    assert_eq!(last["items"].as_array().unwrap().len(), 7);
    s.shutdown();
}
