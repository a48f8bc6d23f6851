//! A minimal client for the process-level benchmarks (`lsp-latency`,
//! `lsp-soak`): spawns `nianbao lsp`, frames JSON-RPC with
//! `Content-Length`, and reads the server's messages on a thread. (The
//! tests have their own, stricter harness in `tests/common/lsp.rs`.)

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

pub struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: u64,
}

impl Server {
    pub fn start(binary: &str) -> Server {
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

    pub fn send(&mut self, msg: Value) {
        let body = serde_json::to_vec(&msg).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait(|m| m["id"] == id)
    }

    pub fn wait(&mut self, want: impl Fn(&Value) -> bool) -> Value {
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

    pub fn wait_diagnostics(&mut self, uri: &str, version: i64) -> Value {
        self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        })
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "nianbao", "version": 1, "text": text } }),
        );
        self.wait_diagnostics(uri, 1);
    }

    /// Send one change and wait for the diagnostics of its version.
    pub fn edit(&mut self, uri: &str, version: i64, change: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }),
        );
        self.wait_diagnostics(uri, version);
    }

    pub fn rss_mb(&self) -> f64 {
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
pub fn typing_position(text: &str) -> Value {
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

/// The `i`-th keystroke at `pos`: even ones type a digit, odd ones delete
/// it again, so the text returns to where it started every two edits.
pub fn keystroke(i: usize, pos: &Value) -> Value {
    if i.is_multiple_of(2) {
        json!({ "range": { "start": pos, "end": pos }, "text": "1" })
    } else {
        let after =
            json!({ "line": pos["line"], "character": pos["character"].as_u64().unwrap() + 1 });
        json!({ "range": { "start": pos, "end": after }, "text": "" })
    }
}
