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
    let cache = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .arg("lsp")
        .args(args)
        .env("XDG_CACHE_HOME", cache.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for m in messages {
        stdin.write_all(&frame(m.clone())).unwrap();
    }
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
    (child.wait().unwrap().code().unwrap(), out)
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
