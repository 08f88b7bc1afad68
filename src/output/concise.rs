//! `concise`: one finding per line, `path:line:col: severity[rule-id] message` — the shape
//! vim's errorformat, emacs compilation-mode and VS Code problem matchers parse.

use super::Located;
use std::fmt::Write;

/// Any run of findings; one file at a time when streamed (see [`super`]).
pub fn render(diags: &[Located]) -> String {
    // Sized ahead (escapes may still grow it): a long report's findings are tens of MB,
    // which doubling would copy, and page in, several times over.
    let estimate = diags.iter().map(|d| d.path.len() + d.rule.len() + d.message.len() + 32).sum();
    let mut out = String::with_capacity(estimate);
    for d in diags {
        // A message is one line by contract; make sure of it for line-based tools. Concise
        // output goes to terminals too: control characters from a report or its file name
        // are shown, never sent (`\x1b[31m` would recolour the user's terminal).
        let message = d.message.replace(['\n', '\r'], " ");
        let message = super::terminal::escape(&message);
        let path = super::terminal::escape(&d.path);
        // In a workbook or PDF the place a user opens (`项目A!F7`, `第3页:12`) stands for
        // line:column of the extracted text.
        let at = match &d.place {
            Some(p) => p.concise.clone(),
            None => format!("{}:{}", d.line, d.column),
        };
        let _ = writeln!(out, "{}:{}: {}[{}] {}", path, at, d.severity.as_str(), d.rule, message);
    }
    out
}
