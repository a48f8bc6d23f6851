//! The wire: `Content-Length` frames on stdin and stdout, on two plain
//! threads. Every frame from the client is parsed once and judged as
//! JSON-RPC says: a body that is not JSON, not a request, notification or
//! response, or has an unusable id is answered with the protocol's error and
//! dropped, and reading goes on (one malformed message must not leave the
//! editor without a server; `lsp-server`'s own reader would stop there). The
//! good ones reach the main loop as `lsp_server::Message`s, in order.
//!
//! Everything the server says goes through one channel to the writer
//! thread, already framed, so messages never interleave.

use crossbeam_channel::{Receiver, Sender};
use lsp_server::Message;
use serde_json::{json, Value};
use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

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

/// What the server says, framed; an empty buffer tells the writer to stop.
pub(crate) type Out = Sender<Vec<u8>>;

/// One message, framed for [`Out`].
pub(crate) fn encode(msg: Message) -> Vec<u8> {
    let mut out = Vec::new();
    msg.write(&mut out).expect("writing to a Vec cannot fail");
    out
}

/// Start the reader and writer threads on stdin and stdout. The reader's
/// channel is bounded: a client that sends faster than edits apply waits.
pub(crate) fn stdio() -> (Receiver<Message>, Out, JoinHandle<()>) {
    let (in_tx, in_rx) = crossbeam_channel::bounded::<Message>(64);
    let (out_tx, out_rx) = crossbeam_channel::unbounded::<Vec<u8>>();
    let answers = out_tx.clone();
    // Never joined: the client may never close stdin.
    std::thread::spawn(move || {
        let mut frames = Frames::new(io::stdin().lock());
        while let Ok(Some(f)) = frames.next_frame() {
            let sent = match f {
                Frame::Body(body) => match judge(&body) {
                    Ok(msg) => in_tx.send(msg).is_ok(),
                    Err(answer) => answers.send(frame(answer.to_string().as_bytes())).is_ok(),
                },
                Frame::BadHeader => {
                    let answer = json!({"jsonrpc": "2.0", "id": null,
                        "error": {"code": -32700, "message": "Parse error: no valid Content-Length header"}});
                    answers.send(frame(answer.to_string().as_bytes())).is_ok()
                }
            };
            if !sent {
                break;
            }
        }
        // Dropping `in_tx` is the end of input for the main loop.
    });
    let writer = std::thread::spawn(move || {
        let mut stdout = io::stdout().lock();
        for bytes in out_rx {
            if bytes.is_empty() || stdout.write_all(&bytes).is_err() || stdout.flush().is_err() {
                break;
            }
        }
    });
    (in_rx, out_tx, writer)
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
