//! The wire: `Content-Length` frames on stdin and stdout. Every frame from
//! the client is read on the main loop's thread, parsed once and judged as
//! JSON-RPC says: a body that is not JSON, not a request, notification or
//! response, or has an unusable id is answered with the protocol's error and
//! dropped, and reading goes on (one malformed message must not leave the
//! editor without a server; `lsp-server`'s own reader would stop there). The
//! good ones reach the main loop as `lsp_server::Message`s, in order.
//!
//! Everything the server says goes through one queue ([`Out`]), framed, and
//! is written in queue order by one thread at a time, so messages never
//! interleave.

use lsp_server::Message;
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{self, BufRead, Read, Write};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, TryLockError};

/// One frame read from the client.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Frame {
    Body(Vec<u8>),
    /// Headers without a usable `Content-Length`: the reader then skips to
    /// the next `Content-Length` header.
    BadHeader,
}

/// Reads `Content-Length` frames, resynchronizing after broken headers.
pub(crate) struct Frames<R> {
    input: R,
    resync: bool,
}

const CONTENT_LENGTH: &[u8] = b"Content-Length:";

impl<R: BufRead> Frames<R> {
    pub(crate) fn new(input: R) -> Self {
        Frames {
            input,
            resync: false,
        }
    }

    /// The next frame; `None` at the end of the input (also inside a frame).
    pub(crate) fn next_frame(&mut self) -> io::Result<Option<Frame>> {
        let mut len = None;
        let mut bad = false;
        let mut seen = false;
        loop {
            let mut raw = Vec::new();
            if self.input.read_until(b'\n', &mut raw)? == 0 {
                return Ok(None);
            }
            let mut line = raw.strip_suffix(b"\n").unwrap_or(&raw);
            line = line.strip_suffix(b"\r").unwrap_or(line);
            if self.resync {
                // After garbage, a header may start anywhere in a line (a
                // short body swallowed the start of the next message).
                match line
                    .windows(CONTENT_LENGTH.len())
                    .position(|w| w == CONTENT_LENGTH)
                {
                    Some(i) => line = &line[i..],
                    None => continue,
                }
                self.resync = false;
            }
            if line.is_empty() {
                bad |= !seen;
                break;
            }
            seen = true;
            let Some((name, value)) = std::str::from_utf8(line)
                .ok()
                .and_then(|l| l.split_once(':'))
            else {
                bad = true;
                continue;
            };
            if name.trim().eq_ignore_ascii_case("content-length") {
                match value.trim().parse::<usize>() {
                    Ok(n) => len = Some(n),
                    Err(_) => bad = true,
                }
            }
        }
        match len {
            Some(len) if !bad => {
                // Grown as it arrives: a lying header allocates nothing.
                let mut body = Vec::new();
                (&mut self.input).take(len as u64).read_to_end(&mut body)?;
                Ok((body.len() == len).then_some(Frame::Body(body)))
            }
            _ => {
                self.resync = true;
                Ok(Some(Frame::BadHeader))
            }
        }
    }
}

/// The message in `body`, or `Err(response)`: the protocol's error answer
/// for a body that is not a JSON-RPC message the server can handle.
pub(crate) fn judge(body: &[u8]) -> Result<Message, Value> {
    let error = |id: &Value, code: i64, message: &str| json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}});
    let Ok(msg) = serde_json::from_slice::<Value>(body) else {
        return Err(error(&Value::Null, -32700, "Parse error"));
    };
    let Some(obj) = msg.as_object() else {
        return Err(error(&Value::Null, -32600, "Invalid request"));
    };
    let id = obj.get("id");
    // LSP's integer is 32 bits.
    let valid_id =
        id.is_none_or(|id| id.is_string() || id.as_i64().is_some_and(|n| i32::try_from(n).is_ok()));
    let answer_to = match id {
        Some(id) if valid_id => id.clone(),
        _ => Value::Null,
    };
    let invalid = |why: &str| {
        Err(error(
            &answer_to,
            -32600,
            &format!("Invalid request: {why}"),
        ))
    };
    if !valid_id {
        return invalid("id must be a string or a 32-bit integer");
    }
    if obj.get("jsonrpc") != Some(&json!("2.0")) {
        return invalid("jsonrpc must be \"2.0\"");
    }
    match obj.get("method") {
        Some(Value::String(method)) => {
            if id.is_some() && method.starts_with("$/") {
                return Err(error(
                    &answer_to,
                    -32601,
                    &format!("Method not found: {method}"),
                ));
            }
        }
        Some(_) => return invalid("method must be a string"),
        // A response to one of the server's requests.
        None if id.is_some() && (obj.contains_key("result") != obj.contains_key("error")) => {}
        None => return invalid("method is missing"),
    }
    serde_json::from_value(msg)
        .map_err(|e| error(&answer_to, -32600, &format!("Invalid request: {e}")))
}

pub(crate) fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// A message, framed.
pub(crate) fn encode(msg: Message) -> Vec<u8> {
    let mut bytes = Vec::new();
    msg.write(&mut bytes).expect("writing to a Vec cannot fail");
    bytes
}

/// A notification, framed, serialized straight from its params: going
/// through a `serde_json::Value` (as `Message` does) costs as much again as
/// writing the JSON, for a report's diagnostics on every keystroke.
pub(crate) fn notification(method: &str, params: impl serde::Serialize) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Notification<'m, P> {
        jsonrpc: &'static str,
        method: &'m str,
        params: P,
    }
    let body = serde_json::to_vec(&Notification {
        jsonrpc: "2.0",
        method,
        params,
    })
    // Only params that are no JSON fail (none of the protocol's types):
    // the notification is still sent, without them.
    .unwrap_or_else(|_| {
        json!({"jsonrpc": "2.0", "method": method})
            .to_string()
            .into_bytes()
    });
    frame(&body)
}

/// What the server says. Messages are written in the order they were
/// queued, by the thread that queued them unless another thread is writing
/// at that moment, which then writes them too: no writer thread, so a
/// check's result does not wait for one to be scheduled. A failed write
/// (the client is gone) drops everything after it.
#[derive(Clone)]
pub(crate) struct Out(Arc<OutInner>);

struct OutInner {
    queue: Mutex<VecDeque<Vec<u8>>>,
    /// `None` once a write failed.
    sink: Mutex<Option<Box<dyn Write + Send>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Out {
    pub(crate) fn new(sink: impl Write + Send + 'static) -> Out {
        Out(Arc::new(OutInner {
            queue: Mutex::default(),
            sink: Mutex::new(Some(Box::new(sink))),
        }))
    }

    /// Queue a message without writing it: queueing while holding another
    /// lock fixes its order among the messages, [`Out::flush`] after
    /// releasing that lock writes it (a write may block on a client that
    /// does not read; no lock but the output's own is held then).
    pub(crate) fn queue(&self, framed: Vec<u8>) {
        lock(&self.0.queue).push_back(framed);
    }

    /// Queue and write a framed message ([`encode`], [`notification`]).
    pub(crate) fn send(&self, framed: Vec<u8>) {
        self.queue(framed);
        self.flush();
    }

    /// Queue and write a JSON-RPC body that is no `Message` (the answers to
    /// malformed input, whose id may be `null`).
    fn send_body(&self, body: &Value) {
        self.send(frame(body.to_string().as_bytes()));
    }

    /// Write everything queued, waiting for a thread that is writing: the
    /// end of the session, after which the process exits.
    pub(crate) fn finish(&self) {
        let mut sink = lock(&self.0.sink);
        loop {
            let next = lock(&self.0.queue).pop_front();
            let Some(bytes) = next else { break };
            if let Some(w) = sink.as_mut() {
                if w.write_all(&bytes).is_err() {
                    *sink = None;
                }
            }
        }
        if let Some(w) = sink.as_mut() {
            let _ = w.flush();
        }
    }

    /// Write everything queued, unless another thread is writing: that one
    /// writes it (it looks at the queue again after letting go).
    pub(crate) fn flush(&self) {
        loop {
            let mut sink = match self.0.sink.try_lock() {
                Ok(s) => s,
                Err(TryLockError::Poisoned(p)) => p.into_inner(),
                Err(TryLockError::WouldBlock) => return,
            };
            let mut wrote = false;
            loop {
                let next = lock(&self.0.queue).pop_front();
                let Some(bytes) = next else { break };
                if let Some(w) = sink.as_mut() {
                    if w.write_all(&bytes).is_err() {
                        *sink = None;
                    }
                    wrote = true;
                }
            }
            if wrote {
                if let Some(w) = sink.as_mut() {
                    if w.flush().is_err() {
                        *sink = None;
                    }
                }
            }
            drop(sink);
            // A message queued while this thread was finishing found the
            // output taken and left it to this thread.
            if lock(&self.0.queue).is_empty() {
                return;
            }
        }
    }
}

/// Standard output without Rust's line buffering, so that a framed message
/// goes out in one `write`: the line buffer writes a frame's header and its
/// body apart, which wakes the client's reader twice per message. (On a
/// Windows console the raw handle shows UTF-8 as bytes, where Rust's handle
/// would convert it; a language server talks through a pipe.)
pub(crate) fn stdout() -> Box<dyn Write + Send> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    #[cfg(windows)]
    {
        use std::os::windows::io::AsHandle;
        if let Ok(h) = io::stdout().as_handle().try_clone_to_owned() {
            return Box::new(std::fs::File::from(h));
        }
    }
    Box::new(io::stdout())
}

/// The client's messages, read and judged on the calling thread (the main
/// loop's): malformed input is answered through `out` and skipped. Reading
/// waits while the main loop applies a message, so a client that sends
/// faster than edits apply is held back by the pipe.
pub(crate) fn messages(input: impl BufRead, out: Out) -> impl Iterator<Item = Message> {
    let mut frames = Frames::new(input);
    std::iter::from_fn(move || loop {
        match frames.next_frame() {
            Ok(Some(Frame::Body(body))) => match judge(&body) {
                Ok(msg) => return Some(msg),
                Err(answer) => out.send_body(&answer),
            },
            Ok(Some(Frame::BadHeader)) => out.send_body(&json!({"jsonrpc": "2.0", "id": null,
                "error": {"code": -32700, "message": "Parse error: no valid Content-Length header"}})),
            Ok(None) | Err(_) => return None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut f = Frames::new(input);
        std::iter::from_fn(|| f.next_frame().unwrap()).collect()
    }

    fn body(s: &str) -> Frame {
        Frame::Body(s.as_bytes().to_vec())
    }

    #[test]
    fn frames_with_any_header_order_and_case() {
        let input = b"Content-Length: 2\r\n\r\n{}Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 3\r\n\r\n[1]";
        assert_eq!(frames(input), [body("{}"), body("[1]")]);
    }

    #[test]
    fn a_short_body_swallows_the_next_header_then_reading_resynchronizes() {
        // The first frame claims 5 more bytes than it has: it takes
        // "Conte" of the next header, whose rest is garbage; the third
        // frame is read normally.
        let input =
            b"Content-Length: 7\r\n\r\n{}Content-Length: 2\r\n\r\n{}Content-Length: 4\r\n\r\nnull";
        assert_eq!(
            frames(input),
            [body("{}Conte"), Frame::BadHeader, body("null")]
        );
    }

    #[test]
    fn broken_headers_and_truncated_input() {
        assert_eq!(
            frames(b"Content-Length: x\r\n\r\n{}Content-Length: 2\r\n\r\n{}"),
            [Frame::BadHeader, body("{}")]
        );
        assert_eq!(
            frames(b"\r\nContent-Length: 1\r\n\r\n1"),
            [Frame::BadHeader, body("1")]
        );
        // EOF in the middle of a body or of the headers: nothing more.
        assert_eq!(frames(b"Content-Length: 10\r\n\r\n{}"), []);
        assert_eq!(frames(b"Content-Len"), []);
        // A huge announced length allocates nothing up front.
        assert_eq!(frames(b"Content-Length: 999999999999\r\n\r\n{}"), []);
    }

    /// A sink that takes a few bytes per `write` and yields in between, so
    /// that two writers at once would interleave their frames, and is slow
    /// to flush, so that messages arrive while the writing thread finishes.
    #[derive(Clone, Default)]
    struct Trickle(Arc<Mutex<Vec<u8>>>);

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = buf.len().min(7);
            lock(&self.0).extend_from_slice(&buf[..n]);
            std::thread::yield_now();
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            std::thread::sleep(std::time::Duration::from_micros(50));
            Ok(())
        }
    }

    #[test]
    fn concurrent_senders_lose_nothing_and_never_interleave() {
        let sink = Trickle::default();
        let out = Out::new(sink.clone());
        let (threads, each) = (6, 150);
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let out = out.clone();
                std::thread::spawn(move || {
                    for i in 0..each {
                        let n = lsp_server::Notification::new("t".into(), json!([t, i]));
                        out.send(encode(Message::Notification(n)));
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        // Every send has returned: everything is written, with no flush.
        let bytes = lock(&sink.0).clone();
        let mut next = vec![0; threads];
        for f in frames(&bytes) {
            let Frame::Body(b) = f else {
                panic!("broken frame")
            };
            let v: Value = serde_json::from_slice(&b).expect("an intact frame");
            let (t, i) = (
                v["params"][0].as_u64().unwrap() as usize,
                v["params"][1].as_u64().unwrap(),
            );
            assert_eq!(i, next[t], "thread {t}'s messages in order");
            next[t] += 1;
        }
        assert_eq!(next, vec![each as u64; threads]);
    }

    /// A sink whose first flush waits until the test lets it go.
    struct Gate {
        data: Arc<Mutex<Vec<u8>>>,
        entered: std::sync::mpsc::Sender<()>,
        proceed: std::sync::mpsc::Receiver<()>,
        first: bool,
    }

    impl Write for Gate {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            lock(&self.data).extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            if std::mem::take(&mut self.first) {
                self.entered.send(()).unwrap();
                self.proceed.recv().unwrap();
            }
            Ok(())
        }
    }

    /// An output on a [`Gate`], with the bytes written, the signal that the
    /// first flush has begun, and the sender that lets it end.
    struct Gated {
        out: Out,
        data: Arc<Mutex<Vec<u8>>>,
        entered: std::sync::mpsc::Receiver<()>,
        proceed: std::sync::mpsc::Sender<()>,
    }

    fn gated() -> Gated {
        let (entered_tx, entered) = std::sync::mpsc::channel();
        let (proceed, proceed_rx) = std::sync::mpsc::channel();
        let data = Arc::new(Mutex::new(Vec::new()));
        let out = Out::new(Gate {
            data: data.clone(),
            entered: entered_tx,
            proceed: proceed_rx,
            first: true,
        });
        Gated {
            out,
            data,
            entered,
            proceed,
        }
    }

    /// The method of each frame written, in order.
    fn methods(bytes: &[u8]) -> Vec<String> {
        frames(bytes)
            .into_iter()
            .map(|f| {
                let Frame::Body(b) = f else {
                    panic!("broken frame")
                };
                serde_json::from_slice::<Value>(&b).unwrap()["method"]
                    .as_str()
                    .unwrap()
                    .into()
            })
            .collect()
    }

    /// A gated output whose first message (`first`) another thread is
    /// writing: it holds the output until `proceed`.
    fn writing_first() -> (Gated, std::thread::JoinHandle<()>) {
        let g = gated();
        let writer = {
            let out = g.out.clone();
            std::thread::spawn(move || out.send(notification("first", Value::Null)))
        };
        g.entered.recv().unwrap();
        (g, writer)
    }

    #[test]
    fn a_message_sent_while_another_thread_writes_is_written_by_that_thread() {
        let (
            Gated {
                out, data, proceed, ..
            },
            writer,
        ) = writing_first();
        // The other thread holds the output, finishing its write: this
        // send only queues, and returns at once.
        out.send(notification("second", Value::Null));
        proceed.send(()).unwrap();
        writer.join().unwrap();
        assert_eq!(methods(&lock(&data)), ["first", "second"]);
    }

    #[test]
    fn finishing_waits_for_the_thread_writing_and_writes_everything() {
        let (
            Gated {
                out, data, proceed, ..
            },
            writer,
        ) = writing_first();
        out.queue(notification("second", Value::Null));
        let finisher = {
            let out = out.clone();
            std::thread::spawn(move || out.finish())
        };
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(
            !finisher.is_finished(),
            "finish returned while a write was under way"
        );
        proceed.send(()).unwrap();
        finisher.join().unwrap();
        assert_eq!(methods(&lock(&data)), ["first", "second"]);
        writer.join().unwrap();
    }

    #[test]
    fn a_failed_write_drops_the_rest_without_blocking() {
        struct Gone;
        impl Write for Gone {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let out = Out::new(Gone);
        for _ in 0..3 {
            out.send(notification("t", Value::Null));
        }
        assert!(lock(&out.0.queue).is_empty());
        assert!(lock(&out.0.sink).is_none());
    }

    #[test]
    fn a_notification_written_directly_is_the_message_lsp_server_writes() {
        let params = json!({"uri": "file:///a.nianbao", "version": 3,
            "diagnostics": [{"range": {"start": {"line": 1, "character": 2},
                "end": {"line": 1, "character": 5}}, "message": "“合计”不等于各项之和", "code": "NB301"}]});
        let ours = notification("textDocument/publishDiagnostics", &params);
        let theirs = encode(Message::Notification(lsp_server::Notification::new(
            "textDocument/publishDiagnostics".into(),
            params.clone(),
        )));
        let body = |bytes: &[u8]| match frames(bytes).as_slice() {
            [Frame::Body(b)] => serde_json::from_slice::<Value>(b).unwrap(),
            other => panic!("one frame expected: {other:?}"),
        };
        assert_eq!(body(&ours), body(&theirs));
        let raw = serde_json::to_vec(&body(&ours)).unwrap();
        assert!(matches!(judge(&raw), Ok(Message::Notification(_))));
    }

    fn code(body: &str) -> Option<(i64, Value)> {
        judge(body.as_bytes())
            .err()
            .map(|e| (e["error"]["code"].as_i64().unwrap(), e["id"].clone()))
    }

    #[test]
    fn judged_like_json_rpc_says() {
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":1,"#),
            Some((-32700, Value::Null))
        );
        assert_eq!(code("[]"), Some((-32600, Value::Null)));
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":4}"#),
            Some((-32600, json!(4)))
        );
        assert_eq!(
            code(r#"{"id":"a","method":"initialize"}"#),
            Some((-32600, json!("a")))
        );
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":{},"method":"x"}"#),
            Some((-32600, Value::Null))
        );
        // LSP's integer ids are 32 bits.
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":4294967296,"method":"x"}"#),
            Some((-32600, Value::Null))
        );
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":2,"method":7}"#),
            Some((-32600, json!(2)))
        );
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":3,"method":"$/x"}"#),
            Some((-32601, json!(3)))
        );
        // What the server handles itself.
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#),
            None
        );
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":5,"method":"textDocument/hover"}"#),
            None
        );
        assert_eq!(code(r#"{"jsonrpc":"2.0","id":6,"result":null}"#), None);
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":6,"result":null,"error":{}}"#),
            Some((-32600, json!(6)))
        );
    }
}
