//! `jxlint lsp` as a process: Content-Length framed JSON-RPC on stdin/stdout, nothing else on
//! stdout, and the exit codes the protocol asks for.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

fn frame(message: Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Runs `jxlint lsp ARGS` with `messages` on stdin; returns exit code and the stdout messages.
fn run(args: &[&str], messages: &[Value]) -> (i32, Vec<Value>) {
    let input: Vec<u8> = messages.iter().flat_map(|m| frame(m.clone())).collect();
    let (code, out, _) = run_raw(args, &input);
    (code, out)
}

/// Runs `jxlint lsp ARGS` with `input` on stdin; returns exit code, the stdout messages and
/// stderr.
fn run_raw(args: &[&str], input: &[u8]) -> (i32, Vec<Value>, String) {
    let cache = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .arg("lsp")
        .args(args)
        .env("XDG_CACHE_HOME", cache.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input).unwrap();
    drop(stdin);
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut out = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap() == 0 {
            break;
        }
        let len: usize =
            header.trim().strip_prefix("Content-Length: ").expect("only framed messages on stdout").parse().unwrap();
        let mut blank = String::new();
        reader.read_line(&mut blank).unwrap();
        assert_eq!(blank, "\r\n");
        let mut body = vec![0; len];
        reader.read_exact(&mut body).unwrap();
        out.push(serde_json::from_slice(&body).unwrap());
    }
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    (child.wait().unwrap().code().unwrap(), out, stderr)
}

fn initialize() -> [Value; 2] {
    [
        json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "capabilities": {} } }),
        json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }),
    ]
}

#[test]
fn shutdown_then_exit_is_a_clean_exit() {
    let [init, initialized] = initialize();
    let open = json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": {
        "uri": "file:///tmp/a.txt", "languageId": "text", "version": 1, "text": "截止2024年底" } } });
    let shutdown = json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" });
    let exit = json!({ "jsonrpc": "2.0", "method": "exit" });
    let (code, out) = run(&[], &[init, initialized, open, shutdown, exit]);
    assert_eq!(code, 0);
    assert_eq!(out[0]["id"], 1);
    assert_eq!(out[0]["result"]["capabilities"]["positionEncoding"], "utf-16");
    let published = out.iter().find(|m| m["method"] == "textDocument/publishDiagnostics").unwrap();
    let typo = published["params"]["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "typo").unwrap();
    assert_eq!(typo["range"], json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 2 } }));
    assert_eq!(out.last().unwrap(), &json!({ "jsonrpc": "2.0", "id": 2, "result": null }));
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let [init, initialized] = initialize();
    let (code, _) = run(&[], &[init, initialized, json!({ "jsonrpc": "2.0", "method": "exit" })]);
    assert_eq!(code, 1);
}

#[test]
fn a_broken_rule_file_is_shown_and_the_builtin_rules_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("rules.toml");
    std::fs::write(&config, "[[rule]]\nid = 1\n").unwrap();
    let [init, initialized] = initialize();
    let shutdown = json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" });
    let exit = json!({ "jsonrpc": "2.0", "method": "exit" });
    let (code, out) = run(&["--config", config.to_str().unwrap()], &[init, initialized, shutdown, exit]);
    assert_eq!(code, 0);
    let shown = out.iter().find(|m| m["method"] == "window/showMessage").expect("the error is shown");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("jxlint 规则文件有误，暂用内置规则：{}：规则文件有误", config.display())),
        "{message}"
    );
}

fn raw_frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// lsp-server's reader ended the server at the first body that was not a message.
#[test]
fn bodies_that_are_not_json_rpc_messages_get_errors_and_the_server_keeps_serving() {
    let [init, initialized] = initialize();
    let mut input: Vec<u8> = [init, initialized].into_iter().flat_map(frame).collect();
    for body in [&b"{"[..], b"null", b"[]", b"\"\xff\xfe\"", br#"{"jsonrpc":"2.0","id":9,"method":[]}"#] {
        input.extend(raw_frame(body));
    }
    input.extend(frame(json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" })));
    input.extend(frame(json!({ "jsonrpc": "2.0", "method": "exit" })));
    let (code, out, stderr) = run_raw(&[], &input);
    assert_eq!(code, 0, "{stderr}");
    let errors: Vec<(&Value, &Value)> =
        out.iter().filter(|m| m.get("error").is_some()).map(|m| (&m["id"], &m["error"]["code"])).collect();
    let null = Value::Null;
    assert_eq!(
        errors,
        [
            (&null, &json!(-32700)),
            (&null, &json!(-32600)),
            (&null, &json!(-32600)),
            (&null, &json!(-32700)),
            (&json!(9), &json!(-32600))
        ]
    );
    assert_eq!(out.last().unwrap(), &json!({ "jsonrpc": "2.0", "id": 2, "result": null }));
}

/// A `Content-Length` of 10^20 made lsp-server allocate it: capacity overflow, abort.
#[test]
fn a_huge_content_length_is_answered_not_allocated() {
    let [init, initialized] = initialize();
    let mut input: Vec<u8> = [init, initialized].into_iter().flat_map(frame).collect();
    input.extend(b"Content-Length: 100000000000000000000\r\n\r\n{}");
    let (code, out, stderr) = run_raw(&[], &input);
    // The body is skipped until the input ends; the client left without `shutdown`.
    assert_eq!(code, 1, "{stderr}");
    let error = out.iter().find(|m| m.get("error").is_some()).expect("an error response");
    assert_eq!(error["id"], Value::Null);
    assert_eq!(error["error"]["code"], -32600);
    assert!(
        error["error"]["message"].as_str().unwrap().starts_with("消息过大（Content-Length: 100000000000000000000，"),
        "{error}"
    );
}

/// Without a `Content-Length` the frames cannot be told apart: a parse error, then a clean
/// exit with the reason on stderr (not an abort).
#[test]
fn a_frame_without_content_length_ends_the_server_with_a_message() {
    let [init, initialized] = initialize();
    let mut input: Vec<u8> = [init, initialized].into_iter().flat_map(frame).collect();
    input.extend(b"Content-Type: application/json\r\n\r\n{}");
    let (code, out, stderr) = run_raw(&[], &input);
    assert_eq!(code, 2);
    assert_eq!(stderr.trim_end(), "jxlint: LSP 输入输出出错：LSP 输入无法分帧：消息头缺少 Content-Length");
    let error = out.iter().find(|m| m.get("error").is_some()).expect("an error response");
    assert_eq!(error["error"]["code"], -32700);
}
