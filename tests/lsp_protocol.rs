//! Protocol-level tests: a client speaking JSON-RPC to the server in-process (the same
//! `serve` that `jxlint lsp` runs on stdio), checking exact ranges in every encoding.

use jxlint::lsp::{check::CheckOutcome, ConfigSource, Options};
use jxlint::rules::RuleSet;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::thread::JoinHandle;
use std::time::Duration;

const URI: &str = "file:///tmp/%E6%8A%A5%E5%91%8A.txt";
/// Line 1 (0-based) holds Chinese, an astral-plane character (𠀀), an emoji (😀) and a rare
/// name character (𪚥), so the three encodings give three different columns.
const TEXT: &str =
    "一、部门概况\n本单位负责𠀀村😀网络宣传工作,统筹协调與论引导，联系人𪚥 先生。\n截止2024年12月底，共有编制19人。\n";

struct Client {
    connection: Connection,
    server: Option<JoinHandle<Result<bool, String>>>,
    inbox: VecDeque<Message>,
    next_id: i32,
    _docs: tempfile::TempDir,
}

impl Client {
    fn start(capabilities: Value) -> (Client, Value) {
        Client::start_with(capabilities, |_| {})
    }

    fn start_with(capabilities: Value, configure: impl FnOnce(&mut Options)) -> (Client, Value) {
        let (server, client) = Connection::memory();
        let docs = tempfile::tempdir().unwrap();
        let mut options = Options {
            config: ConfigSource::default(),
            // Long enough that the quick edits of a test always fall inside one delay.
            debounce: Duration::from_millis(500),
            docs_root: Some(docs.path().to_path_buf()),
            check: jxlint::lsp::check::check_isolated,
        };
        configure(&mut options);
        let handle = std::thread::spawn(move || jxlint::lsp::serve(&server, options));
        let mut c =
            Client { connection: client, server: Some(handle), inbox: VecDeque::new(), next_id: 0, _docs: docs };
        let result =
            c.request("initialize", json!({ "capabilities": capabilities, "processId": null, "rootUri": null }));
        c.notify("initialized", json!({}));
        (c, result.unwrap())
    }

    fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.connection.sender.send(Request::new(id.clone(), method.to_owned(), params).into()).unwrap();
        id
    }

    /// Sends a request and waits for its response: `Ok(result)` or `Err((code, message))`.
    fn request(&mut self, method: &str, params: Value) -> Result<Value, (i32, String)> {
        let id = self.send_request(method, params);
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => {
                    return match r.error {
                        Some(e) => Err((e.code, e.message)),
                        None => Ok(r.result.unwrap_or(Value::Null)),
                    }
                }
                other => self.inbox.push_back(other),
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.connection.sender.send(Notification::new(method.to_owned(), params).into()).unwrap();
    }

    fn recv(&mut self) -> Message {
        self.connection.receiver.recv_timeout(Duration::from_secs(30)).expect("the server stopped answering")
    }

    /// The next notification `method` (earlier messages of other kinds are kept).
    fn notification(&mut self, method: &str) -> Value {
        if let Some(i) = self.inbox.iter().position(|m| matches!(m, Message::Notification(n) if n.method == method)) {
            if let Some(Message::Notification(n)) = self.inbox.remove(i) {
                return n.params;
            }
        }
        loop {
            match self.recv() {
                Message::Notification(n) if n.method == method => return n.params,
                other => self.inbox.push_back(other),
            }
        }
    }

    fn diagnostics(&mut self) -> Value {
        self.notification("textDocument/publishDiagnostics")
    }

    fn open(&mut self, text: &str) -> Value {
        let doc = json!({ "uri": URI, "languageId": "text", "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": doc }));
        self.diagnostics()
    }

    fn shutdown(mut self) -> bool {
        assert_eq!(self.request("shutdown", Value::Null), Ok(Value::Null));
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap().unwrap()
    }
}

fn encodings(kinds: &[&str]) -> Value {
    json!({ "general": { "positionEncodings": kinds } })
}

/// (rule, start line, start column, end line, end column) of each diagnostic.
fn summary(published: &Value) -> Vec<(String, u64, u64, u64, u64)> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap().to_owned(),
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
            )
        })
        .filter(|(rule, ..)| rule != "required-section" && rule != "missing-indicators")
        .collect()
}

fn owned(v: &[(&str, u64, u64, u64, u64)]) -> Vec<(String, u64, u64, u64, u64)> {
    v.iter().map(|(r, a, b, c, d)| ((*r).to_owned(), *a, *b, *c, *d)).collect()
}

#[test]
fn utf16_is_the_default_and_ranges_count_surrogate_pairs() {
    let (mut client, init) = Client::start(json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);
    assert_eq!(init["serverInfo"]["name"], "jxlint");
    let published = client.open(TEXT);
    assert_eq!(published["uri"], URI);
    assert_eq!(published["version"], 1);
    // "," follows 本单位负责 (5) + 𠀀 (2 units) + 村 + 😀 (2) + 网络宣传工作 (6).
    assert_eq!(
        summary(&published),
        owned(&[
            ("halfwidth-punctuation", 1, 16, 1, 17),
            ("typo", 1, 21, 1, 23),
            ("cjk-space", 1, 31, 1, 32),
            ("typo", 2, 0, 2, 2),
        ])
    );
    assert!(client.shutdown());
}

#[test]
fn utf8_when_offered_counts_bytes() {
    let (mut client, init) = Client::start(encodings(&["utf-16", "utf-8"]));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let published = client.open(TEXT);
    assert_eq!(
        summary(&published),
        owned(&[
            ("halfwidth-punctuation", 1, 44, 1, 45),
            ("typo", 1, 57, 1, 63),
            ("cjk-space", 1, 85, 1, 86),
            ("typo", 2, 0, 2, 6),
        ])
    );
    assert!(client.shutdown());
}

#[test]
fn utf32_when_offered_counts_characters() {
    let (mut client, init) = Client::start(encodings(&["utf-32", "utf-16"]));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-32");
    let published = client.open(TEXT);
    assert_eq!(
        summary(&published),
        owned(&[
            ("halfwidth-punctuation", 1, 14, 1, 15),
            ("typo", 1, 19, 1, 21),
            ("cjk-space", 1, 28, 1, 29),
            ("typo", 2, 0, 2, 2),
        ])
    );
    assert!(client.shutdown());
}

#[test]
fn diagnostics_carry_severity_code_source_link_and_related_locations() {
    let (mut client, _) = Client::start(json!({}));
    let text = "本部门2024年度申请预算资金384.29万元，实际支出343.82万元，预算执行率为89.46%。\n";
    let published = client.open(text);
    let diags = published["diagnostics"].as_array().unwrap();
    let rate = diags.iter().find(|d| d["code"] == "rate-mismatch").expect("rate-mismatch finding");
    assert_eq!(rate["severity"], 1);
    assert_eq!(rate["source"], "jxlint");
    let href = rate["codeDescription"]["href"].as_str().unwrap();
    assert!(href.starts_with("file:///") && href.ends_with("/rate-mismatch.md"), "{href}");
    let page = std::fs::read_to_string(lsp_types::Url::parse(href).unwrap().to_file_path().unwrap()).unwrap();
    assert!(page.starts_with("# `rate-mismatch`"));
    assert_eq!(
        rate["range"],
        json!({ "start": { "line": 0, "character": 43 }, "end": { "line": 0, "character": 49 } })
    );
    let related = rate["relatedInformation"].as_array().expect("the amounts are related locations");
    assert!(!related.is_empty());
    for r in related {
        assert_eq!(r["location"]["uri"], URI);
        assert!(!r["message"].as_str().unwrap().is_empty());
    }
    let low = diags.iter().find(|d| d["code"] == "low-execution-rate").unwrap();
    assert_eq!(low["severity"], 2);
    assert!(client.shutdown());
}

#[test]
fn incremental_edits_in_utf16_are_debounced_and_rechecked() {
    let (mut client, _) = Client::start(json!({}));
    client.open(TEXT);
    // Fix the comma (UTF-16 columns 16..17 of line 1), then 與论 (21..23), then delete the
    // space after 𪚥 (31..32): three quick edits, one check after the last one.
    for (version, start, end, new) in [(2, 16, 17, "，"), (3, 21, 23, "舆论"), (4, 31, 32, "")] {
        let change = json!({
            "range": { "start": { "line": 1, "character": start }, "end": { "line": 1, "character": end } },
            "text": new
        });
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": URI, "version": version }, "contentChanges": [change] }),
        );
    }
    let published = client.diagnostics();
    assert_eq!(published["version"], 4, "only the last version is checked");
    assert_eq!(summary(&published), owned(&[("typo", 2, 0, 2, 2)]));
    // A full-text change replaces everything.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 5 }, "contentChanges": [{ "text": "绩效 目标\n" }] }),
    );
    let published = client.diagnostics();
    assert_eq!(published["version"], 5);
    assert_eq!(summary(&published), owned(&[("cjk-space", 0, 2, 0, 3)]));
    // Saving checks at once; closing clears the diagnostics.
    client.notify("textDocument/didSave", json!({ "textDocument": { "uri": URI } }));
    assert_eq!(summary(&client.diagnostics()), owned(&[("cjk-space", 0, 2, 0, 3)]));
    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": URI } }));
    assert_eq!(client.diagnostics()["diagnostics"], json!([]));
    assert!(client.shutdown());
}

#[test]
fn hover_shows_the_finding_and_the_rule_explanation() {
    let (mut client, _) = Client::start(json!({}));
    client.open(TEXT);
    let at = |line: u32, character: u32| json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } });
    // UTF-16 column 22 is 论 in 與论 (after 𠀀 and 😀, two units each).
    let hover = client.request("textDocument/hover", at(1, 22)).unwrap();
    assert_eq!(hover["contents"]["kind"], "markdown");
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("**警告[typo]** 疑似错别字：“與论”应为“舆论”"), "{value}");
    assert!(value.contains("\n\n# `typo`\n\n") && value.contains("## 为什么要查"), "{value}");
    assert_eq!(
        hover["range"],
        json!({ "start": { "line": 1, "character": 21 }, "end": { "line": 1, "character": 23 } })
    );
    // Nothing at 网 (column 10).
    assert_eq!(client.request("textDocument/hover", at(1, 10)).unwrap(), Value::Null);
    assert!(client.shutdown());

    let (mut plain, _) = Client::start(json!({ "textDocument": { "hover": { "contentFormat": ["plaintext"] } } }));
    plain.open(TEXT);
    let hover = plain.request("textDocument/hover", at(1, 22)).unwrap();
    assert_eq!(hover["contents"]["kind"], "plaintext");
    assert!(plain.shutdown());
}

#[test]
fn code_actions_apply_fixes_and_numeric_findings_have_none() {
    let (mut client, _) = Client::start(json!({}));
    client.open(TEXT);
    let range = |line: u32, a: u32, b: u32| json!({ "start": { "line": line, "character": a }, "end": { "line": line, "character": b } });
    let ask = |range: Value, only: Option<&[&str]>| {
        let mut context = json!({ "diagnostics": [] });
        if let Some(only) = only {
            context["only"] = json!(only);
        }
        json!({ "textDocument": { "uri": URI }, "range": range, "context": context })
    };
    let actions = client.request("textDocument/codeAction", ask(range(1, 16, 16), Some(&["quickfix"]))).unwrap();
    assert_eq!(
        actions,
        json!([{
            "title": actions[0]["title"],
            "kind": "quickfix",
            "diagnostics": [actions[0]["diagnostics"][0]],
            "edit": { "changes": { URI: [{ "range": range(1, 16, 17), "newText": "，" }] } },
            "isPreferred": true
        }])
    );
    assert_eq!(actions[0]["diagnostics"][0]["code"], "halfwidth-punctuation");
    let all = client.request("textDocument/codeAction", ask(range(0, 0, 0), Some(&["source.fixAll"]))).unwrap();
    assert_eq!(all[0]["kind"], "source.fixAll");
    let edits = all[0]["edit"]["changes"][URI].as_array().unwrap();
    let summary: Vec<(Value, Value)> = edits.iter().map(|e| (e["range"].clone(), e["newText"].clone())).collect();
    assert_eq!(
        summary,
        [
            (range(1, 16, 17), json!("，")),
            (range(1, 21, 23), json!("舆论")),
            (range(1, 31, 32), json!("")),
            (range(2, 0, 2), json!("截至")),
        ]
    );

    let (mut client2, _) = Client::start(json!({}));
    client2.open("本部门2024年度申请预算资金384.29万元，实际支出343.82万元，预算执行率为89.46%。\n");
    let numeric = client2.request("textDocument/codeAction", ask(range(0, 43, 49), None)).unwrap();
    assert_eq!(numeric, json!([]));
    assert!(client.shutdown());
    assert!(client2.shutdown());
}

#[test]
fn bad_requests_get_errors_and_the_server_keeps_going() {
    let (mut client, _) = Client::start(json!({}));
    let (code, message) = client.request("textDocument/definition", json!({})).unwrap_err();
    assert_eq!(code, -32601);
    assert!(message.contains("textDocument/definition"));
    let (code, _) = client.request("textDocument/hover", json!({ "position": "这不是位置" })).unwrap_err();
    assert_eq!(code, -32602);
    // A malformed notification is logged, not fatal.
    client.notify("textDocument/didOpen", json!({ "textDocument": 42 }));
    assert_eq!(client.notification("window/logMessage")["type"], 1);
    assert_eq!(summary(&client.open(TEXT)).len(), 4);
    assert!(client.shutdown());
}

fn panicking_check(text: &str, rules: &RuleSet) -> CheckOutcome {
    if text.contains("崩溃") {
        panic!("检查器出错");
    }
    jxlint::lsp::check::check_isolated(text, rules)
}

#[test]
fn a_panic_while_checking_is_reported_and_the_server_survives() {
    let (mut client, _) = Client::start_with(json!({}), |o| o.check = panicking_check);
    let published = client.open("崩溃\n");
    let codes: Vec<&Value> = published["diagnostics"].as_array().unwrap().iter().map(|d| &d["code"]).collect();
    assert_eq!(codes, [&json!("internal-error")]);
    let shown = client.notification("window/showMessage");
    assert_eq!(shown["type"], 1);
    assert!(shown["message"].as_str().unwrap().contains("检查器出错"), "{shown}");
    // The same server still checks the next document.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "text": TEXT }] }),
    );
    assert_eq!(summary(&client.diagnostics()).len(), 4);
    assert!(client.shutdown());
}

#[test]
fn the_rule_file_is_reloaded_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("jxlint.toml");
    std::fs::write(&config, jxlint::rules::DEFAULT_RULES).unwrap();
    let explicit = config.clone();
    let caps = json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    let (mut client, _) =
        Client::start_with(caps, move |o| o.config = ConfigSource { explicit: Some(explicit), root: None });
    // The server asks the client to watch jxlint.toml files.
    let register = loop {
        match client.recv() {
            Message::Request(r) if r.method == "client/registerCapability" => break r,
            other => client.inbox.push_back(other),
        }
    };
    let watchers = &register.params["registrations"][0]["registerOptions"]["watchers"];
    assert_eq!(watchers[0]["globPattern"], "**/jxlint.toml");
    client.connection.sender.send(lsp_server::Response::new_ok(register.id, Value::Null).into()).unwrap();
    assert_eq!(summary(&client.open(TEXT)).len(), 4);

    let uri = lsp_types::Url::from_file_path(&config).unwrap().to_string();
    let changed = json!({ "changes": [{ "uri": uri, "type": 2 }] });
    // Disable typo: the open document is checked again without it.
    let without_typo = jxlint::rules::DEFAULT_RULES.replacen("id = \"typo\"\n", "id = \"typo\"\nenabled = false\n", 1);
    assert_ne!(without_typo, jxlint::rules::DEFAULT_RULES);
    std::fs::write(&config, without_typo).unwrap();
    client.notify("workspace/didChangeWatchedFiles", changed.clone());
    let rules: Vec<String> = summary(&client.diagnostics()).into_iter().map(|s| s.0).collect();
    assert_eq!(rules, ["halfwidth-punctuation", "cjk-space"]);
    // A broken file keeps the rules in force and says why.
    std::fs::write(&config, "[[rule]]\nid = 1\n").unwrap();
    client.notify("workspace/didChangeWatchedFiles", changed);
    let shown = client.notification("window/showMessage");
    assert!(shown["message"].as_str().unwrap().starts_with("jxlint 规则未更新，仍用之前的规则："), "{shown}");
    client.notify("textDocument/didSave", json!({ "textDocument": { "uri": URI } }));
    assert_eq!(summary(&client.diagnostics()).len(), 2);
    assert!(client.shutdown());
}

#[test]
fn requests_after_shutdown_are_refused_and_exit_without_shutdown_is_unclean() {
    let (mut client, _) = Client::start(json!({}));
    assert_eq!(client.request("shutdown", Value::Null), Ok(Value::Null));
    let (code, _) = client.request("textDocument/hover", json!({})).unwrap_err();
    assert_eq!(code, -32600);
    client.notify("exit", Value::Null);
    assert!(client.server.take().unwrap().join().unwrap().unwrap());

    let (mut client, _) = Client::start(json!({}));
    client.notify("exit", Value::Null);
    assert!(!client.server.take().unwrap().join().unwrap().unwrap());
}

/// The whole of what a client receives for the fixture report, and a hover, as snapshots.
#[test]
fn fixture_report_diagnostics_and_hover_snapshots() {
    let (mut client, _) = Client::start(json!({}));
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/lsp/report.txt")).unwrap();
    let published = client.open(&text);
    // The pages live in a temporary folder named by a hash: keep only the file name.
    let links = regex::Regex::new(r"file:///[^\s\x22]*/rules-[0-9a-f]+/").unwrap();
    let rendered = serde_json::to_string_pretty(&published).unwrap();
    insta::assert_snapshot!("fixture_diagnostics_utf16", links.replace_all(&rendered, "file:///[docs]/"));
    let at = json!({ "textDocument": { "uri": URI }, "position": { "line": 4, "character": 1 } });
    let hover = client.request("textDocument/hover", at).unwrap();
    insta::assert_snapshot!("fixture_hover_typo", hover["contents"]["value"].as_str().unwrap());
    assert!(client.shutdown());
}
