//! The message loop. One thread owns the documents and answers requests in order; a timer
//! channel (no sleeping) wakes it when a changed document's debounce delay is over. Every
//! handler runs under `catch_unwind`: a bad request gets an error reply, a panic gets an
//! internal-error reply and a log message, and the server goes on.

use super::check::{self, check_isolated, CheckFn};
use super::config::ConfigSource;
use super::convert;
use super::document::Document;
use super::encoding::{PositionEncoding, PositionMap};
use super::rule_docs;
use crate::rules::guard::panic_message;
use crate::rules::RuleSet;
use crossbeam_channel::{select, Receiver};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response, ResponseError};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::Url;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub struct Options {
    pub config: ConfigSource,
    /// Quiet time after the last change before a document is checked again.
    pub debounce: Duration,
    /// Folder for the rule explanation pages; `None`: no links.
    pub docs_root: Option<PathBuf>,
    pub check: CheckFn,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            config: ConfigSource::default(),
            debounce: Duration::from_millis(200),
            docs_root: rule_docs::default_docs_root(),
            check: check_isolated,
        }
    }
}

/// Runs the server on a connection: initialize handshake, then messages until `exit`.
/// Returns whether the client shut down properly (see [`super::run_stdio`]).
pub fn serve(connection: &Connection, mut options: Options) -> Result<bool, String> {
    let (id, params) = connection.initialize_start().map_err(|e| format!("LSP 初始化失败：{e}"))?;
    let params: lsp::InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("LSP 初始化参数无效：{e}"))?;
    let encoding = PositionEncoding::negotiate(&params.capabilities);
    if options.config.root.is_none() {
        options.config.root = workspace_root(&params);
    }
    let result = lsp::InitializeResult { capabilities: capabilities(encoding), server_info: Some(server_info()) };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    connection.initialize_finish(id, result).map_err(|e| format!("LSP 初始化失败：{e}"))?;

    let mut server = Server::new(connection, options, encoding);
    server.hover_markdown = hover_markdown(&params.capabilities);
    server.register_watchers(&params.capabilities);
    server.reload_rules();
    Ok(server.run())
}

fn workspace_root(params: &lsp::InitializeParams) -> Option<PathBuf> {
    let folder = params.workspace_folders.as_ref().and_then(|f| f.first()).map(|f| &f.uri);
    #[allow(deprecated)]
    let uri = folder.or(params.root_uri.as_ref())?;
    uri.to_file_path().ok()
}

/// Markdown unless the client lists hover formats without it.
fn hover_markdown(caps: &lsp::ClientCapabilities) -> bool {
    let formats = caps.text_document.as_ref().and_then(|t| t.hover.as_ref()).and_then(|h| h.content_format.as_ref());
    formats.is_none_or(|f| f.is_empty() || f.contains(&lsp::MarkupKind::Markdown))
}

fn capabilities(encoding: PositionEncoding) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(lsp::TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
            save: Some(lsp::TextDocumentSyncSaveOptions::SaveOptions(lsp::SaveOptions { include_text: Some(false) })),
            ..Default::default()
        })),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(lsp::CodeActionOptions {
            code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX, lsp::CodeActionKind::SOURCE_FIX_ALL]),
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        })),
        ..Default::default()
    }
}

fn server_info() -> lsp::ServerInfo {
    lsp::ServerInfo { name: "jxlint".to_owned(), version: Some(env!("CARGO_PKG_VERSION").to_owned()) }
}

/// Why a request got no result.
type Reply = Result<Value, ResponseError>;

fn error(code: ErrorCode, message: impl Into<String>) -> ResponseError {
    ResponseError { code: code as i32, message: message.into(), data: None }
}

fn params<P: DeserializeOwned>(value: Value) -> Result<P, ResponseError> {
    serde_json::from_value(value).map_err(|e| error(ErrorCode::InvalidParams, format!("参数无效：{e}")))
}

struct Server<'a> {
    connection: &'a Connection,
    options: Options,
    encoding: PositionEncoding,
    rules: RuleSet,
    docs: HashMap<String, Url>,
    documents: HashMap<Url, Document>,
    /// Documents waiting for their debounce delay to pass, with the time it does.
    due: HashMap<Url, Instant>,
    shutting_down: bool,
    /// Whether `rules` came from the configuration (false: the built-in fallback at start).
    rules_loaded: bool,
    hover_markdown: bool,
    next_request: i32,
}

impl<'a> Server<'a> {
    fn new(connection: &'a Connection, options: Options, encoding: PositionEncoding) -> Self {
        Server {
            connection,
            options,
            encoding,
            rules: RuleSet::builtin(),
            docs: HashMap::new(),
            documents: HashMap::new(),
            due: HashMap::new(),
            shutting_down: false,
            rules_loaded: false,
            hover_markdown: true,
            next_request: 0,
        }
    }

    /// Until `exit` (true after `shutdown`) or until the client disconnects (false).
    fn run(&mut self) -> bool {
        let receiver: Receiver<Message> = self.connection.receiver.clone();
        loop {
            let timer = match self.due.values().min() {
                Some(at) => crossbeam_channel::at(*at),
                None => crossbeam_channel::never(),
            };
            select! {
                recv(receiver) -> message => match message {
                    Ok(message) => {
                        if let Some(clean) = self.handle(message) {
                            return clean;
                        }
                    }
                    Err(_) => return false,
                },
                recv(timer) -> _ => {
                    if let Err(payload) = catch_unwind(AssertUnwindSafe(|| self.publish_due(Instant::now()))) {
                        let message = format!("jxlint 发布检查结果时出错：{}", panic_message(&*payload));
                        self.log(lsp::MessageType::ERROR, &message);
                    }
                }
            }
        }
    }

    fn handle(&mut self, message: Message) -> Option<bool> {
        match message {
            Message::Request(request) => {
                let id = request.id.clone();
                let response = match catch_unwind(AssertUnwindSafe(|| self.request(request))) {
                    Ok(Ok(result)) => Response { id, result: Some(result), error: None },
                    Ok(Err(err)) => Response { id, result: None, error: Some(err) },
                    Err(payload) => {
                        let message = format!("jxlint 处理请求时出错：{}", panic_message(&*payload));
                        self.log(lsp::MessageType::ERROR, &message);
                        Response { id, result: None, error: Some(error(ErrorCode::InternalError, message)) }
                    }
                };
                self.send(response.into());
            }
            Message::Notification(note) if note.method == lsp::notification::Exit::METHOD => {
                return Some(self.shutting_down);
            }
            Message::Notification(note) => {
                let method = note.method.clone();
                if let Err(payload) = catch_unwind(AssertUnwindSafe(|| self.notification(note))) {
                    let message = format!("jxlint 处理 {method} 时出错：{}", panic_message(&*payload));
                    self.log(lsp::MessageType::ERROR, &message);
                }
            }
            // Replies to our own requests (watcher registration): only failures matter.
            Message::Response(response) => {
                if let Some(err) = response.error {
                    self.log(lsp::MessageType::WARNING, &format!("客户端拒绝了请求：{}", err.message));
                }
            }
        }
        None
    }

    fn request(&mut self, request: Request) -> Reply {
        if self.shutting_down {
            return Err(error(ErrorCode::InvalidRequest, "服务器正在关闭"));
        }
        match request.method.as_str() {
            lsp::request::Shutdown::METHOD => {
                self.shutting_down = true;
                Ok(Value::Null)
            }
            lsp::request::HoverRequest::METHOD => {
                let p: lsp::HoverParams = params(request.params)?;
                to_value(self.hover(&p.text_document_position_params))
            }
            lsp::request::CodeActionRequest::METHOD => {
                let p: lsp::CodeActionParams = params(request.params)?;
                to_value(self.code_actions(&p))
            }
            other => Err(error(ErrorCode::MethodNotFound, format!("jxlint 不支持请求 {other}"))),
        }
    }

    fn notification(&mut self, note: Notification) {
        use lsp::notification::*;
        let lsp_server::Notification { method, params } = note;
        let parsed = |e: serde_json::Error| format!("{method} 的参数无效：{e}");
        let outcome: Result<(), String> = match method.as_str() {
            DidOpenTextDocument::METHOD => serde_json::from_value(params).map_err(parsed).map(|p| self.did_open(p)),
            DidChangeTextDocument::METHOD => serde_json::from_value(params).map_err(parsed).map(|p| self.did_change(p)),
            DidSaveTextDocument::METHOD => serde_json::from_value(params).map_err(parsed).map(|p| self.did_save(p)),
            DidCloseTextDocument::METHOD => serde_json::from_value(params).map_err(parsed).map(|p| self.did_close(p)),
            DidChangeWatchedFiles::METHOD => {
                serde_json::from_value(params).map_err(parsed).map(|p| self.did_change_watched_files(p))
            }
            // `initialized`, `$/cancelRequest` (requests are answered in order anyway) and
            // notifications of features jxlint does not have need no answer.
            _ => Ok(()),
        };
        if let Err(message) = outcome {
            self.log(lsp::MessageType::ERROR, &message);
        }
    }

    fn did_open(&mut self, p: lsp::DidOpenTextDocumentParams) {
        let doc = p.text_document;
        if self.is_config_uri(&doc.uri) {
            return;
        }
        self.documents.insert(doc.uri.clone(), Document::new(doc.text, doc.version));
        self.publish(&doc.uri);
    }

    fn did_change(&mut self, p: lsp::DidChangeTextDocumentParams) {
        let uri = p.text_document.uri;
        let Some(doc) = self.documents.get_mut(&uri) else { return };
        doc.apply_changes(p.text_document.version, &p.content_changes, self.encoding);
        self.due.insert(uri, Instant::now() + self.options.debounce);
    }

    fn did_save(&mut self, p: lsp::DidSaveTextDocumentParams) {
        if self.is_config_uri(&p.text_document.uri) {
            self.reload_rules();
        } else if self.documents.contains_key(&p.text_document.uri) {
            self.publish(&p.text_document.uri);
        }
    }

    fn did_close(&mut self, p: lsp::DidCloseTextDocumentParams) {
        let uri = p.text_document.uri;
        self.due.remove(&uri);
        if self.documents.remove(&uri).is_some() {
            let params = lsp::PublishDiagnosticsParams { uri, diagnostics: Vec::new(), version: None };
            self.notify::<lsp::notification::PublishDiagnostics>(params);
        }
    }

    fn did_change_watched_files(&mut self, p: lsp::DidChangeWatchedFilesParams) {
        if p.changes.iter().any(|c| self.is_config_uri(&c.uri)) {
            self.reload_rules();
        }
    }

    fn is_config_uri(&self, uri: &Url) -> bool {
        uri.to_file_path().is_ok_and(|path| self.options.config.is_config_file(&path))
    }

    /// Loads the rules (on start and when a configuration file changes), regenerates the
    /// explanation pages and checks every open document again. A broken file keeps the
    /// rules in force and tells the user why.
    fn reload_rules(&mut self) {
        match self.options.config.load() {
            Ok(rules) => {
                self.rules = rules;
                self.rules_loaded = true;
            }
            Err(message) => {
                let kept = if self.rules_loaded {
                    "规则未更新，仍用之前的规则"
                } else {
                    "规则文件有误，暂用内置规则"
                };
                self.show(lsp::MessageType::ERROR, &format!("jxlint {kept}：{message}"));
                return;
            }
        }
        self.docs = match &self.options.docs_root {
            None => HashMap::new(),
            Some(root) => rule_docs::write_rule_docs(root, &self.rules).unwrap_or_else(|e| {
                self.log(lsp::MessageType::WARNING, &format!("无法生成规则说明页（{}）：{e}", root.display()));
                HashMap::new()
            }),
        };
        let open: Vec<Url> = self.documents.keys().cloned().collect();
        for (uri, doc) in &mut self.documents {
            doc.checked = None;
            self.due.remove(uri);
        }
        for uri in open {
            self.publish(&uri);
        }
    }

    fn register_watchers(&mut self, caps: &lsp::ClientCapabilities) {
        let dynamic = caps.workspace.as_ref().and_then(|w| w.did_change_watched_files.as_ref());
        if dynamic.and_then(|d| d.dynamic_registration) != Some(true) {
            return;
        }
        let watchers = self
            .options
            .config
            .watch_patterns()
            .into_iter()
            .map(|pattern| lsp::FileSystemWatcher { glob_pattern: lsp::GlobPattern::String(pattern), kind: None })
            .collect();
        let options = lsp::DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = lsp::Registration {
            id: "jxlint-config".to_owned(),
            method: lsp::notification::DidChangeWatchedFiles::METHOD.to_owned(),
            register_options: serde_json::to_value(options).ok(),
        };
        self.next_request += 1;
        let request = Request::new(
            RequestId::from(format!("jxlint-{}", self.next_request)),
            lsp::request::RegisterCapability::METHOD.to_owned(),
            lsp::RegistrationParams { registrations: vec![registration] },
        );
        self.send(request.into());
    }

    fn publish_due(&mut self, now: Instant) {
        let due: Vec<Url> = self.due.iter().filter(|(_, at)| **at <= now).map(|(uri, _)| uri.clone()).collect();
        for uri in due {
            self.publish(&uri);
        }
    }

    /// Checks the current text if needed; reports crashed rules once per document version.
    fn ensure_checked(&mut self, uri: &Url) {
        let check = self.options.check;
        let Some(doc) = self.documents.get_mut(uri) else { return };
        if doc.checked.is_none() {
            let outcome = catch_unwind(AssertUnwindSafe(|| check(&doc.text, &self.rules)))
                .unwrap_or_else(|payload| check::crashed("检查", &*payload));
            let crashes = outcome.crashes.clone();
            doc.checked = Some(outcome);
            for crash in crashes {
                let (rule, why) = (crash.stage, crash.message);
                let message = format!("jxlint：{rule} 在检查 {uri} 时崩溃（{why}），其他规则的结果照常显示");
                self.show(lsp::MessageType::ERROR, &message);
            }
        }
    }

    fn publish(&mut self, uri: &Url) {
        self.due.remove(uri);
        self.ensure_checked(uri);
        let Some(doc) = self.documents.get(uri) else { return };
        let map = PositionMap::new(&doc.text, self.encoding);
        let findings = doc.checked.as_ref().map(|c| c.findings.as_slice()).unwrap_or_default();
        let diagnostics = findings.iter().map(|d| convert::diagnostic(d, &map, uri, &self.docs)).collect();
        let params = lsp::PublishDiagnosticsParams { uri: uri.clone(), diagnostics, version: Some(doc.version) };
        self.notify::<lsp::notification::PublishDiagnostics>(params);
    }

    fn hover(&mut self, at: &lsp::TextDocumentPositionParams) -> Option<lsp::Hover> {
        self.ensure_checked(&at.text_document.uri);
        let doc = self.documents.get(&at.text_document.uri)?;
        let map = PositionMap::new(&doc.text, self.encoding);
        let findings = doc.checked.as_ref().map(|c| c.findings.as_slice()).unwrap_or_default();
        convert::hover(findings, map.offset(at.position), &map, &self.rules, self.hover_markdown)
    }

    fn code_actions(&mut self, p: &lsp::CodeActionParams) -> Option<Vec<lsp::CodeActionOrCommand>> {
        let uri = &p.text_document.uri;
        self.ensure_checked(uri);
        let doc = self.documents.get(uri)?;
        let map = PositionMap::new(&doc.text, self.encoding);
        let findings = doc.checked.as_ref().map(|c| c.findings.as_slice()).unwrap_or_default();
        let (a, b) = (map.offset(p.range.start), map.offset(p.range.end));
        let wanted = a.min(b)..a.max(b);
        Some(convert::code_actions(findings, wanted, p.context.only.as_deref(), &map, uri, &self.docs))
    }

    fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_owned(), params).into());
    }

    fn log(&self, typ: lsp::MessageType, message: &str) {
        self.notify::<lsp::notification::LogMessage>(lsp::LogMessageParams { typ, message: message.to_owned() });
    }

    fn show(&self, typ: lsp::MessageType, message: &str) {
        self.log(typ, message);
        self.notify::<lsp::notification::ShowMessage>(lsp::ShowMessageParams { typ, message: message.to_owned() });
    }

    /// A closed connection surfaces in the loop as a disconnected receiver; nothing to do here.
    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }
}

fn to_value<T: serde::Serialize>(value: T) -> Reply {
    serde_json::to_value(value).map_err(|e| error(ErrorCode::InternalError, e.to_string()))
}
