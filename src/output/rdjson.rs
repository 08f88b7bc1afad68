//! `rdjson`: reviewdog's Diagnostic Format (`reviewdog -f=rdjson`), so reviewdog can post
//! findings as pull-request review comments and turn fixes into suggested changes.
//!
//! reviewdog counts columns in UTF-8 bytes (its `Position.column`), not characters, so this
//! format uses [`Located::byte_column`]; ranges end exclusively, like everywhere in jxlint.

use super::Located;
use crate::diagnostics::Severity;
use serde_json::{json, Value};
use std::io::{self, Write};

/// The indentation of a diagnostic inside `"diagnostics": [`, two levels deep.
const ITEM_INDENT: &str = "    ";

/// The rdjson document, written piece by piece so a folder check never holds every
/// finding. The bytes are exactly those of `serde_json::to_string_pretty` on the whole
/// document plus a newline: serde_json sorts keys, so `diagnostics` comes before `source`.
#[derive(Debug)]
pub struct Stream {
    empty: bool,
}

impl Stream {
    pub fn begin(w: &mut dyn Write) -> io::Result<Stream> {
        w.write_all(b"{\n  \"diagnostics\": [")?;
        Ok(Stream { empty: true })
    }

    /// Writes one file's findings, one at a time: a report with many findings never
    /// becomes one big string.
    pub fn items(&mut self, w: &mut dyn Write, diags: &[Located]) -> io::Result<()> {
        let mut out = String::new();
        for d in diags {
            out.clear();
            out.push_str(if self.empty { "\n" } else { ",\n" });
            self.empty = false;
            // Serializing a Value cannot fail.
            let item = serde_json::to_string_pretty(&diagnostic(d)).unwrap_or_default();
            // Pretty JSON breaks lines only between tokens, so indenting every line nests
            // the object exactly as the whole-document printer does.
            for (j, line) in item.split('\n').enumerate() {
                if j > 0 {
                    out.push('\n');
                }
                out.push_str(ITEM_INDENT);
                out.push_str(line);
            }
            w.write_all(out.as_bytes())?;
        }
        Ok(())
    }

    pub fn end(self, w: &mut dyn Write) -> io::Result<()> {
        w.write_all(if self.empty { b"]" } else { b"\n  ]" })?;
        w.write_all(b",\n  \"source\": {\n    \"name\": \"jxlint\"\n  }\n}\n")
    }
}

/// The whole document for findings already collected: the same stream written into memory.
pub fn render(diags: &[Located]) -> String {
    let mut out: Vec<u8> = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = Stream::begin(&mut out).and_then(|mut s| {
        s.items(&mut out, diags)?;
        s.end(&mut out)
    });
    String::from_utf8(out).unwrap_or_default()
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
