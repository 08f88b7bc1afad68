//! `jxlint lsp`: a language server over stdio. Diagnostics on open, change (debounced) and
//! save, hover with the rule's explanation, quick fixes for the certain fixes, positions in
//! the encoding the client negotiates, rules reloaded when their file changes.
//!
//! Like the CLI, this module sits at the edge: it owns the stdio connection and writes the
//! rule explanation pages it links to. Everything inside stays in byte offsets; positions are
//! converted only in [`encoding`].
//!
//! - [`server`]: the message loop, the debounce timer, request and notification handlers.
//! - [`document`]: open documents and incremental edits.
//! - [`encoding`]: UTF-8 / UTF-16 / UTF-32 positions ↔ byte offsets.
//! - [`check`]: checking that survives a panicking rule.
//! - [`convert`]: findings → LSP diagnostics, hover, code actions.
//! - [`rule_docs`]: rule explanations as Markdown pages.
//! - [`config`]: where the rules come from (the one loading function).
//! - [`transport`]: framed JSON-RPC on stdio; malformed and oversized messages get error
//!   responses instead of ending the server.

pub mod check;
pub mod config;
pub mod convert;
pub mod document;
pub mod encoding;
pub mod rule_docs;
pub mod server;
pub mod transport;

pub use config::ConfigSource;
pub use server::{serve, Options};

/// Runs the server on stdin/stdout until the client says `exit`. `Ok(true)` when the client
/// shut the server down properly (exit code 0), `Ok(false)` for `exit` without `shutdown`
/// or a vanished client (exit code 1, as the protocol asks).
pub fn run_stdio(options: Options) -> Result<bool, String> {
    let (connection, io_threads) = transport::stdio();
    let clean = serve(&connection, options)?;
    drop(connection);
    io_threads.join().map_err(|e| format!("LSP 输入输出出错：{e}"))?;
    Ok(clean)
}
