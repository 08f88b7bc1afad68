//! `rdjson`: reviewdog's Diagnostic Format (`reviewdog -f=rdjson`), so reviewdog can post
//! findings as pull-request review comments and turn fixes into suggested changes.
//!
//! reviewdog counts columns in UTF-8 bytes (its `Position.column`), not characters, so this
//! format uses [`Located::byte_column`]; ranges end exclusively, like everywhere in jxlint.

use super::Located;
use crate::diagnostics::Severity;
use serde_json::{json, Value};

pub fn render(diags: &[Located]) -> String {
    let diagnostics: Vec<Value> = diags.iter().map(diagnostic).collect();
    let doc = json!({
        "source": { "name": "jxlint" },
        "diagnostics": diagnostics,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn diagnostic(d: &Located) -> Value {
    let severity = match d.severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    };
    let message = match &d.help {
        Some(help) => format!("{}\n建议：{help}", d.message),
        None => d.message.clone(),
    };
    let mut v = json!({
        "message": message,
        "location": {
            "path": d.path,
            "range": range(d.line, d.byte_column, d.end_line, d.byte_end_column),
        },
        "severity": severity,
        "source": { "name": "jxlint" },
        "code": { "value": d.rule },
    });
    if let Some(fix) = &d.fix {
        let suggestions: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| json!({ "range": range(e.line, e.byte_column, e.end_line, e.byte_end_column), "text": e.replacement }))
            .collect();
        v["suggestions"] = Value::Array(suggestions);
    }
    if !d.related.is_empty() {
        // Related labels carry character columns only; a line is what review comments use.
        let related: Vec<Value> = d
            .related
            .iter()
            .map(|l| json!({ "message": l.message, "location": { "path": d.path, "range": { "start": { "line": l.line } } } }))
            .collect();
        v["related_locations"] = Value::Array(related);
    }
    v
}

fn range(line: usize, column: usize, end_line: usize, end_column: usize) -> Value {
    json!({
        "start": { "line": line, "column": column },
        "end": { "line": end_line, "column": end_column },
    })
}
