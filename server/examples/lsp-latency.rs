//! End-to-end latency and memory of `nianbao lsp`, measured from the client's
//! side of a real process over stdio (so framing, JSON and scheduling are
//! included): the time from writing a one-character `didChange` to reading
//! the `publishDiagnostics` of that version, for a typical report and a 1 MB
//! report; and the server's resident memory with 1 and 200 open reports and
//! along 10,000 edits.
//!
//! `cargo run --release --example lsp-latency -- [BINARY] [EDITS]`
//! (BINARY defaults to target/release/nianbao, EDITS to 1000). Prints a
//! Markdown table; scripts/bench.sh runs it for docs/performance.md.

#[path = "../benches/gen/mod.rs"]
mod gen;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

const SEED: u64 = 0x6e69_616e_6261_6f21;

struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: u64,
}

impl Server {
    fn start(binary: &str) -> Server {
        let mut child = Command::new(binary)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the server");
        let stdin = child.stdin.take().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = channel();
        std::thread::spawn(move || loop {
            let mut len = 0;
            loop {
                let mut line = String::new();
                if out.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length:") {
                    len = v.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; len];
            out.read_exact(&mut body).unwrap();
            if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        });
        let mut s = Server {
            child,
            stdin,
            rx,
            next_id: 0,
        };
        s.request("initialize", json!({ "capabilities": {} }));
        s.notify("initialized", json!({}));
        s
    }

    fn send(&mut self, msg: Value) {
        let body = serde_json::to_vec(&msg).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait(|m| m["id"] == id)
    }

    fn wait(&mut self, want: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self
                .rx
                .recv_timeout(Duration::from_secs(120))
                .expect("the server answers");
            if want(&m) {
                return m;
            }
        }
    }

    fn wait_diagnostics(&mut self, uri: &str, version: i64) -> Value {
        self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        })
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "nianbao", "version": 1, "text": text } }),
        );
        self.wait_diagnostics(uri, 1);
    }

    fn rss_mb(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kb: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap();
        kb / 1024.0
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where to type: right after the first digit of the （七）总计 row.
fn typing_position(text: &str) -> Value {
    let row = text.find("| （七）总计 |").expect("the report has 表三");
    let at = row + text[row..].find(|c: char| c.is_ascii_digit()).unwrap() + 1;
    let line = text[..at].matches('\n').count();
    let col: usize = text[..at]
        .rsplit('\n')
        .next()
        .unwrap()
        .encode_utf16()
        .count();
    json!({ "line": line, "character": col })
}

/// Type and delete one digit, `edits` times; the latency of each.
fn latencies(server: &mut Server, uri: &str, text: &str, edits: usize) -> Vec<Duration> {
    server.open(uri, text);
    let pos = typing_position(text);
    let after = json!({ "line": pos["line"], "character": pos["character"].as_u64().unwrap() + 1 });
    let mut out = Vec::with_capacity(edits);
    for i in 0..edits {
        let version = i as i64 + 2;
        let change = if i % 2 == 0 {
            json!({ "range": { "start": pos, "end": pos }, "text": "1" })
        } else {
            json!({ "range": { "start": pos, "end": after }, "text": "" })
        };
        let t0 = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }),
        );
        server.wait_diagnostics(uri, version);
        out.push(t0.elapsed());
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1e3
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let binary = args
        .first()
        .cloned()
        .unwrap_or_else(|| "target/release/nianbao".into());
    let edits: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let typical = include_str!("../../examples/gongnong-2021.nianbao");
    let big = gen::big_report(SEED, 1_000_000).text;

    println!("| measure | median | p99 | max |\n| --- | --- | --- | --- |");
    for (name, text) in [("typical report", typical), ("1 MB report", big.as_str())] {
        let mut server = Server::start(&binary);
        let mut l = latencies(&mut server, "file:///bench/report.nianbao", text, edits);
        l.sort();
        println!(
            "| didChange → publishDiagnostics, {name} ({} bytes, {edits} edits) | {:.3} ms | {:.3} ms | {:.3} ms |",
            text.len(),
            percentile(&l, 0.5),
            percentile(&l, 0.99),
            percentile(&l, 1.0),
        );
    }

    println!("\n| memory (VmRSS of the server) | MB |\n| --- | --- |");
    let mut server = Server::start(&binary);
    println!("| started, no document | {:.1} |", server.rss_mb());
    server.open("file:///bench/0.nianbao", &gen::report(SEED, 0).text);
    println!("| 1 open report | {:.1} |", server.rss_mb());
    for i in 1..200 {
        server.open(
            &format!("file:///bench/{i}.nianbao"),
            &gen::report(SEED, i).text,
        );
    }
    println!("| 200 open reports | {:.1} |", server.rss_mb());
    drop(server);

    let mut server = Server::start(&binary);
    let uri = "file:///bench/soak.nianbao";
    let mut samples = Vec::new();
    server.open(uri, typical);
    let pos = typing_position(typical);
    let after = json!({ "line": pos["line"], "character": pos["character"].as_u64().unwrap() + 1 });
    for i in 0..10_000 {
        let change = if i % 2 == 0 {
            json!({ "range": { "start": pos, "end": pos }, "text": "1" })
        } else {
            json!({ "range": { "start": pos, "end": after }, "text": "" })
        };
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": i + 2 }, "contentChanges": [change] }),
        );
        server.wait_diagnostics(uri, i + 2);
        if (i + 1) % 1000 == 0 {
            samples.push(format!("{:.1}", server.rss_mb()));
        }
    }
    println!(
        "| typical report, after every 1,000 of 10,000 edits | {} |",
        samples.join(" → ")
    );
}
