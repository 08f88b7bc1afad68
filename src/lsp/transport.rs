//! The stdio transport: `Content-Length` framed JSON-RPC, read and written by two threads
//! that feed an `lsp_server::Connection`. It replaces lsp-server's own reader, which
//! allocates whatever a `Content-Length` asks for (a huge one aborts the process) and stops
//! at the first body that is not a message (`{`, `null`, `[]`, invalid UTF-8).
//!
//! Here a well-framed body that is not a JSON-RPC message gets an error response (-32700
//! parse error, -32600 invalid request) and the server keeps serving. A body over
//! [`MAX_MESSAGE`] gets an error response and is skipped without being kept. A frame that
//! cannot be delimited (no `Content-Length`, an endless header line) leaves nothing to
//! resynchronise on: the reader answers a parse error and ends, and the server exits with
//! that message on stderr.

use crossbeam_channel::{bounded, select, unbounded, Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message};
use serde_json::{json, Value};
use std::io::{self, BufRead, Read, Write};
use std::thread::{self, JoinHandle};

/// The largest message body read (bytes). A report at `--max-file-size` (50 MB) fits, with
/// room for JSON escapes.
pub const MAX_MESSAGE: u64 = 128 << 20;
/// The longest header line; real ones are under 100 bytes.
const MAX_HEADER_LINE: u64 = 8 << 10;

/// The reader and writer threads of [`spawn`].
pub struct IoThreads {
    reader: JoinHandle<io::Result<()>>,
    writer: JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits for both threads; the first I/O or framing error, if any.
    pub fn join(self) -> io::Result<()> {
        let reader = self.reader.join().unwrap_or_else(|_| Err(io::Error::other("读取线程崩溃")));
        let writer = self.writer.join().unwrap_or_else(|_| Err(io::Error::other("写出线程崩溃")));
        reader.and(writer)
    }
}

/// A connection over stdin and stdout.
pub fn stdio() -> (Connection, IoThreads) {
    // Locks are not `Send`; only these two threads touch stdin and stdout anyway.
    spawn(io::BufReader::new(io::stdin()), io::stdout())
}

/// A connection reading frames from `input` and writing them to `output`.
pub fn spawn(input: impl BufRead + Send + 'static, output: impl Write + Send + 'static) -> (Connection, IoThreads) {
    // Unbuffered like lsp-server's: the reader reads no further ahead than the server is.
    let (to_server, from_client) = bounded::<Message>(0);
    let (to_client, from_server) = bounded::<Message>(0);
    // Error replies the reader makes itself; never blocks the reader.
    let (reply, replies) = unbounded::<Value>();
    let reader = thread::Builder::new()
        .name("jxlint-lsp-reader".to_owned())
        .spawn(move || read_loop(input, MAX_MESSAGE, &to_server, &reply))
        .expect("spawn the LSP reader thread");
    let writer = thread::Builder::new()
        .name("jxlint-lsp-writer".to_owned())
        .spawn(move || write_loop(output, &from_server, replies))
        .expect("spawn the LSP writer thread");
    (Connection { sender: to_client, receiver: from_client }, IoThreads { reader, writer })
}

/// Reads frames until the input ends or `exit` arrives; bodies over `max` bytes are skipped.
fn read_loop(mut input: impl BufRead, max: u64, server: &Sender<Message>, reply: &Sender<Value>) -> io::Result<()> {
    loop {
        let body = match read_frame(&mut input, max) {
            Ok(Frame::End) => return Ok(()),
            Ok(Frame::Body(body)) => body,
            Ok(Frame::TooLarge(len, declared)) => {
                let message = format!("消息过大（Content-Length: {declared}，上限 {max} 字节），已跳过");
                let _ = reply.send(error_response(Value::Null, ErrorCode::InvalidRequest, &message));
                // Read past it without keeping it, so the next frame is found.
                io::copy(&mut (&mut input).take(len), &mut io::sink())?;
                continue;
            }
            Err(Broken::Io(e)) => return Err(e),
            Err(Broken::Framing(message)) => {
                let _ = reply.send(error_response(Value::Null, ErrorCode::ParseError, &message));
                return Err(io::Error::new(io::ErrorKind::InvalidData, format!("LSP 输入无法分帧：{message}")));
            }
        };
        match decode(&body) {
            Ok(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if server.send(message).is_err() || exit {
                    return Ok(());
                }
            }
            Err(response) => {
                let _ = reply.send(response);
            }
        }
    }
}

fn write_loop(mut output: impl Write, server: &Receiver<Message>, replies: Receiver<Value>) -> io::Result<()> {
    let mut replies = Some(replies);
    loop {
        let Some(own) = replies.clone() else {
            // The reader is gone: only the server's messages are left.
            match server.recv() {
                Ok(message) => message.write(&mut output)?,
                Err(_) => return Ok(()),
            }
            continue;
        };
        select! {
            recv(server) -> message => match message {
                Ok(message) => message.write(&mut output)?,
                Err(_) => {
                    // The server is done; the reader's last error reply still goes out.
                    while let Ok(reply) = own.try_recv() {
                        write_frame(&mut output, &reply)?;
                    }
                    return Ok(());
                }
            },
            recv(own) -> reply => match reply {
                Ok(reply) => write_frame(&mut output, &reply)?,
                Err(_) => replies = None,
            },
        }
    }
}

fn write_frame(output: &mut impl Write, message: &Value) -> io::Result<()> {
    let text = message.to_string();
    write!(output, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    output.flush()
}

fn error_response(id: Value, code: ErrorCode, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code as i32, "message": message } })
}

/// A body as a message, or the error response it gets.
fn decode(body: &[u8]) -> Result<Message, Value> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        error_response(Value::Null, ErrorCode::ParseError, &format!("消息不是有效的 JSON（UTF-8）：{e}"))
    })?;
    if !value.is_object() {
        let message = "不是 JSON-RPC 消息：应为一个对象（jxlint 不接受批量请求）";
        return Err(error_response(Value::Null, ErrorCode::InvalidRequest, message));
    }
    let id = value.get("id").filter(|id| id.is_string() || id.is_number()).cloned().unwrap_or(Value::Null);
    let invalid = |why: String| error_response(id.clone(), ErrorCode::InvalidRequest, &why);
    // By its members, not by trying each shape: `{"id":7,"method":3}` would pass for a
    // response with neither result nor error.
    let has = |key: &str| value.get(key).is_some();
    let parsed = if has("method") && has("id") {
        serde_json::from_value(value).map(Message::Request)
    } else if has("method") {
        serde_json::from_value(value).map(Message::Notification)
    } else if has("id") && (has("result") || has("error")) {
        serde_json::from_value(value).map(Message::Response)
    } else {
        return Err(invalid("不是 JSON-RPC 消息：既没有 method，也没有 result 或 error".to_owned()));
    };
    parsed.map_err(|e| invalid(format!("不是有效的 JSON-RPC 消息：{e}")))
}

enum Frame {
    Body(Vec<u8>),
    /// A `Content-Length` over the limit (as a number, as written); the body is still to be
    /// skipped.
    TooLarge(u64, String),
    /// The input ended between frames.
    End,
}

enum Broken {
    Io(io::Error),
    /// Frames can no longer be told apart.
    Framing(String),
}

impl From<io::Error> for Broken {
    fn from(e: io::Error) -> Self {
        Broken::Io(e)
    }
}

fn read_frame(input: &mut impl BufRead, max: u64) -> Result<Frame, Broken> {
    let mut length: Option<(u64, String)> = None;
    let mut headers = 0;
    loop {
        let mut line = Vec::new();
        input.by_ref().take(MAX_HEADER_LINE + 1).read_until(b'\n', &mut line)?;
        if line.is_empty() {
            return if headers == 0 {
                Ok(Frame::End)
            } else {
                Err(Broken::Framing("输入在消息头中途结束".to_owned()))
            };
        }
        if !line.ends_with(b"\n") {
            return Err(Broken::Framing(if line.len() as u64 > MAX_HEADER_LINE {
                format!("消息头超过 {MAX_HEADER_LINE} 字节")
            } else {
                "输入在消息头中途结束".to_owned()
            }));
        }
        let line = line.trim_ascii();
        if line.is_empty() {
            if headers == 0 {
                continue;
            }
            break;
        }
        headers += 1;
        let text = String::from_utf8_lossy(line);
        let Some((name, value)) = text.split_once(':') else {
            return Err(Broken::Framing(format!("无法识别的消息头：{text}")));
        };
        if name.trim().eq_ignore_ascii_case("Content-Length") {
            let value = value.trim();
            let n = parse_length(value).ok_or_else(|| Broken::Framing(format!("Content-Length 不是数字：{value}")))?;
            length = Some((n, value.to_owned()));
        }
    }
    let Some((length, declared)) = length else {
        return Err(Broken::Framing("消息头缺少 Content-Length".to_owned()));
    };
    if length > max {
        return Ok(Frame::TooLarge(length, declared));
    }
    // Grown as bytes arrive: a client that announces much and sends little costs little.
    let mut body = Vec::new();
    input.by_ref().take(length).read_to_end(&mut body)?;
    if (body.len() as u64) < length {
        return Err(Broken::Framing(format!("消息体不完整：声明 {length} 字节，只收到 {} 字节", body.len())));
    }
    Ok(Frame::Body(body))
}

/// A decimal length; one too large for `u64` is `u64::MAX` (over the cap all the same).
fn parse_length(digits: &str) -> Option<u64> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse().unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(bodies: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        for b in bodies {
            out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", b.len()).as_bytes());
            out.extend_from_slice(b);
        }
        out
    }

    fn read_all(input: &[u8]) -> Vec<Result<Frame, Broken>> {
        let mut r = io::BufReader::new(input);
        let mut out = Vec::new();
        loop {
            let f = read_frame(&mut r, MAX_MESSAGE);
            let stop = !matches!(f, Ok(Frame::Body(_)));
            out.push(f);
            if stop {
                return out;
            }
        }
    }

    #[test]
    fn frames_are_read_one_after_the_other() {
        let input = frames(&[b"{}", "体".as_bytes()]);
        let got: Vec<Option<Vec<u8>>> = read_all(&input)
            .into_iter()
            .map(|f| match f {
                Ok(Frame::Body(b)) => Some(b),
                _ => None,
            })
            .collect();
        assert_eq!(got, [Some(b"{}".to_vec()), Some("体".as_bytes().to_vec()), None]);
    }

    #[test]
    fn a_huge_content_length_is_too_large_not_an_allocation() {
        for length in ["99999999999999999999999999", "18446744073709551615", "134217729"] {
            let input = format!("Content-Length: {length}\r\n\r\n{{}}");
            let got = read_frame(&mut io::BufReader::new(input.as_bytes()), MAX_MESSAGE);
            assert!(matches!(got, Ok(Frame::TooLarge(n, d)) if n > MAX_MESSAGE && d == length), "{length}");
        }
    }

    #[test]
    fn broken_headers_are_framing_errors() {
        for input in [&b"Content-Type: x\r\n\r\n{}"[..], b"Content-Length: -3\r\n\r\n", b"Content-Length: 5\r\n\r\n{}"]
        {
            assert!(matches!(read_frame(&mut io::BufReader::new(input), MAX_MESSAGE), Err(Broken::Framing(_))));
        }
        let endless = vec![b'x'; (MAX_HEADER_LINE as usize) * 2];
        let got = read_frame(&mut io::BufReader::new(&endless[..]), MAX_MESSAGE);
        assert!(matches!(got, Err(Broken::Framing(m)) if m.contains("超过")));
    }

    #[test]
    fn bodies_that_are_not_messages_get_error_responses() {
        let code = |body: &[u8]| decode(body).err().map(|r| (r["error"]["code"].clone(), r["id"].clone()));
        assert_eq!(code(b"{"), Some((json!(-32700), Value::Null)));
        assert_eq!(code(b"\"\xff\""), Some((json!(-32700), Value::Null)));
        assert_eq!(code(b"null"), Some((json!(-32600), Value::Null)));
        assert_eq!(code(b"[]"), Some((json!(-32600), Value::Null)));
        assert_eq!(code(br#"{"jsonrpc":"2.0","id":7,"method":3}"#), Some((json!(-32600), json!(7))));
        assert_eq!(code(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#), None);
    }

    #[test]
    fn an_oversized_message_is_answered_skipped_and_the_next_one_served() {
        let shutdown = br#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#;
        let input = frames(&[&[b' '; 100], b"[]", shutdown]);
        let (server, from_client) = unbounded();
        let (reply, replies) = unbounded();
        read_loop(io::BufReader::new(&input[..]), 64, &server, &reply).unwrap();
        let codes: Vec<Value> = replies.try_iter().map(|r| r["error"]["code"].clone()).collect();
        assert_eq!(codes, [json!(-32600), json!(-32600)]);
        let served: Vec<Message> = from_client.try_iter().collect();
        assert!(matches!(&served[..], [Message::Request(r)] if r.method == "shutdown"), "{served:?}");
    }
}
