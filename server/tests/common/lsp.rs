//! A test client for `nianbao lsp`: the real binary over stdio, with
//! `Content-Length` framing written here (the protocol needs no more).
//!
//! Every wait has a generous deadline ([`TIMEOUT`]): running out of it is a
//! failure, never a measurement. The server's stderr is captured and printed
//! when a test fails, and the process is killed when the client is dropped.

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any single wait may take before the test fails. Generous: two
/// loaded cores building in parallel must not make a test flaky.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// Write one framed message.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Read one framed message; `None` at the end of the stream.
fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                len = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .expect("numeric Content-Length"),
                );
            }
        }
    }
    let mut body = vec![0; len.expect("the server always sends Content-Length")];
    r.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server sends JSON"))
}

pub struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications (and server requests) read while waiting for something
    /// else, in arrival order.
    stash: VecDeque<Value>,
    stderr: Arc<Mutex<Vec<u8>>>,
    next_id: i64,
    /// The deadline of each wait ([`TIMEOUT`] unless a test knows it sends
    /// unusually much work).
    pub timeout: Duration,
    /// The cache folder the server writes its rule documentation into.
    pub cache: tempfile::TempDir,
    closed: bool,
}

impl Server {
    /// Start `nianbao lsp` (not yet initialized).
    pub fn start() -> Server {
        Server::start_env(&[])
    }

    /// [`Server::start`] with environment variables set.
    pub fn start_env(env: &[(&str, &std::path::Path)]) -> Server {
        let cache = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .arg("lsp")
            .env_remove("NIANBAO_EDITIONS")
            .envs(env.iter().copied())
            .env("XDG_CACHE_HOME", cache.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn nianbao lsp");
        let (tx, incoming) = mpsc::channel();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || {
            while let Some(msg) = read_message(&mut stdout) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let (sink, mut pipe) = (stderr.clone(), child.stderr.take().unwrap());
        std::thread::spawn(move || {
            let mut buf = [0; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Server {
            stdin: child.stdin.take(),
            child,
            incoming,
            stash: VecDeque::new(),
            stderr,
            next_id: 1,
            timeout: TIMEOUT,
            cache,
            closed: false,
        }
    }

    /// Start and initialize: `encodings` are the client's
    /// `general.positionEncodings` (none: the field is left out), `pull`
    /// declares `textDocument.diagnostic`. Returns the `initialize` result.
    pub fn initialized(encodings: &[&str], pull: bool) -> (Server, Value) {
        let mut s = Server::start();
        let result = s.initialize(encodings, pull);
        (s, result)
    }

    pub fn initialize(&mut self, encodings: &[&str], pull: bool) -> Value {
        self.initialize_with(init_params(encodings, pull, None))
    }

    /// `initialize` with the given params, then `initialized`.
    pub fn initialize_with(&mut self, params: Value) -> Value {
        let result = self
            .request("initialize", params)
            .unwrap_or_else(|e| panic!("initialize failed: {e}"));
        self.notify("initialized", json!({}));
        result
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    /// Write raw bytes to the server's stdin (for malformed input).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin still open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn send(&mut self, msg: &Value) {
        self.send_raw(&frame(msg.to_string().as_bytes()));
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and wait for its response: `Ok(result)` or
    /// `Err(error object)`.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.response(&json!(id))
    }

    /// Wait for the response with `id`, stashing everything else.
    pub fn response(&mut self, id: &Value) -> Result<Value, Value> {
        let msg = self.wait(&format!("the response to request {id}"), |m| {
            m.get("method").is_none() && m.get("id") == Some(id)
        });
        match msg.get("error") {
            Some(e) => Err(e.clone()),
            None => Ok(msg.get("result").cloned().expect("a response has a result")),
        }
    }

    /// The next message (stashed or new) satisfying `pred`; fails after
    /// [`TIMEOUT`].
    pub fn wait(&mut self, what: &str, mut pred: impl FnMut(&Value) -> bool) -> Value {
        if let Some(i) = self.stash.iter().position(&mut pred) {
            return self.stash.remove(i).unwrap();
        }
        let deadline = Instant::now() + self.timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(msg) => {
                    self.answer_server_request(&msg);
                    if pred(&msg) {
                        return msg;
                    }
                    self.stash.push_back(msg);
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!(
                        "timed out after {:?} waiting for {what}; stashed: {:#?}",
                        self.timeout, self.stash
                    )
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the server closed its output while we waited for {what}")
                }
            }
        }
    }

    /// Requests from the server (registrations, refreshes) get an empty
    /// success so that its handlers never wait on us.
    fn answer_server_request(&mut self, msg: &Value) {
        if let (Some(id), Some(_)) = (msg.get("id"), msg.get("method")) {
            let reply = json!({"jsonrpc": "2.0", "id": id, "result": null});
            self.send(&reply);
        }
    }

    /// The params of the next notification `method` satisfying `pred`.
    pub fn wait_notification(
        &mut self,
        method: &str,
        mut pred: impl FnMut(&Value) -> bool,
    ) -> Value {
        let msg = self.wait(&format!("a {method} notification"), |m| {
            m.get("id").is_none() && m["method"] == method && pred(&m["params"])
        });
        msg["params"].clone()
    }

    /// The diagnostics published for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params = self.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == version
        });
        params["diagnostics"].as_array().unwrap().clone()
    }

    /// Everything received so far that nobody waited for.
    pub fn stashed(&self) -> impl Iterator<Item = &Value> {
        self.stash.iter()
    }

    /// Open a document (version 1). `path_or_uri`: a URI (`scheme:…`) or a
    /// file path, made absolute. Returns the URI.
    pub fn open(&mut self, path_or_uri: &str, text: &str) -> String {
        let uri = if path_or_uri.contains(':') && !Path::new(path_or_uri).is_absolute() {
            path_or_uri.to_string()
        } else {
            file_uri(Path::new(path_or_uri))
        };
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "nianbao", "version": 1, "text": text}}),
        );
        uri
    }

    /// Send `didChange` with these `contentChangeEvents`.
    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// The server's resident memory (VmRSS), in MB.
    pub fn rss_mb(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the server is running");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<f64>().ok())
            .expect("VmRSS in /proc/PID/status")
            / 1024.0
    }

    pub fn close(&mut self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }

    /// A hover at the start of `uri`: answered (with anything) means alive.
    pub fn assert_alive(&mut self, uri: &str) {
        let r = self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
        );
        assert!(r.is_ok(), "hover failed: {r:?}");
    }

    /// `shutdown`, `exit`, and the process must end with status 0. Messages
    /// the server sent until then stay readable through [`Server::stashed`].
    pub fn shutdown(&mut self) {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r, Ok(Value::Null));
        self.notify("exit", Value::Null);
        let status = self.wait_for_exit();
        assert_eq!(status.code(), Some(0), "exit status");
    }

    /// Close the server's stdin (end of input).
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Wait until the process has ended; then collect what it sent until
    /// its output closed.
    pub fn wait_for_exit(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + self.timeout;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not exit within {:?}",
                self.timeout
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        self.closed = true;
        // The reader thread ends at EOF, which follows the exit.
        while let Ok(msg) = self.incoming.recv_timeout(self.timeout) {
            self.stash.push_back(msg);
        }
        status
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("---- nianbao lsp stderr ----\n{}", self.stderr());
        }
        if !self.closed {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `initialize` params for a client offering `encodings` (left out when
/// empty) and, with `pull`, pull diagnostics.
pub fn init_params(encodings: &[&str], pull: bool, options: Option<Value>) -> Value {
    let mut caps = json!({"textDocument": {}});
    if !encodings.is_empty() {
        caps["general"] = json!({"positionEncodings": encodings});
    }
    if pull {
        caps["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
    }
    let mut params = json!({"processId": null, "rootUri": null, "capabilities": caps});
    if let Some(o) = options {
        params["initializationOptions"] = o;
    }
    params
}

/// The `file:` URI of an absolute path (percent-encoding what URIs cannot
/// carry raw, such as CJK file names).
pub fn file_uri(path: &Path) -> String {
    let path = std::path::absolute(path).unwrap();
    let mut uri = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// The LSP position of a 1-based (line, character column) pair in `text`,
/// in `encoding` ("utf-16" or "utf-8").
pub fn lsp_position(text: &str, line: u64, column: u64, encoding: &str) -> Value {
    let content = text.split('\n').nth(line as usize - 1).unwrap_or("");
    let prefix = content.chars().take(column as usize - 1);
    let character: usize = match encoding {
        "utf-8" => prefix.map(char::len_utf8).sum(),
        "utf-16" => prefix.map(char::len_utf16).sum(),
        other => panic!("unknown encoding {other}"),
    };
    json!({"line": line - 1, "character": character})
}

/// The LSP range of a JSON item with 1-based `line`/`column`/`end_line`/
/// `end_column` (the CLI's JSON output).
pub fn lsp_range(text: &str, item: &Value, encoding: &str) -> Value {
    let n = |k: &str| item[k].as_u64().unwrap();
    json!({
        "start": lsp_position(text, n("line"), n("column"), encoding),
        "end": lsp_position(text, n("end_line"), n("end_column"), encoding),
    })
}

/// The LSP severity number of a CLI severity name.
pub fn lsp_severity(name: &str) -> u64 {
    match name {
        "error" => 1,
        "warning" => 2,
        "info" => 3,
        other => panic!("unknown severity {other}"),
    }
}

/// `(code, start line)` of each protocol diagnostic, for readable asserts.
pub fn codes(diags: &[Value]) -> Vec<(String, u64)> {
    diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A change event replacing `range` ((line, character) pairs) with `text`.
pub fn edit(start: (u32, u32), end: (u32, u32), text: &str) -> Value {
    json!({
        "range": {
            "start": {"line": start.0, "character": start.1},
            "end": {"line": end.0, "character": end.1},
        },
        "text": text,
    })
}

/// The byte offset of an LSP position (`encoding`: `utf-8` or `utf-16`)
/// in a text with `\n` or `\r\n` line ends, clamped to the line.
pub fn byte_offset(text: &str, pos: &Value, encoding: &str) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let want = pos["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, ch) in text[start..].char_indices() {
        if units >= want || ch == '\r' || ch == '\n' {
            return start + i;
        }
        units += if encoding == "utf-8" {
            ch.len_utf8()
        } else {
            ch.len_utf16()
        };
    }
    text.len()
}

/// Apply text edits (all against `text`, not overlapping) as a client does.
pub fn apply_edits(text: &str, edits: &[Value], encoding: &str) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                byte_offset(text, &e["range"]["start"], encoding),
                byte_offset(text, &e["range"]["end"], encoding),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, t);
    }
    out
}
