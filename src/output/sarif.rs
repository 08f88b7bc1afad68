//! `sarif`: SARIF 2.1.0 (OASIS), the format code-scanning dashboards import (GitHub code
//! scanning, Azure DevOps, Visual Studio's SARIF viewer, SonarQube).
//!
//! One run. `tool.driver.rules` describes every enabled rule (summary, explanation, help,
//! examples, default level), so a dashboard can explain a finding without jxlint. Columns
//! are Unicode characters, declared with `columnKind: unicodeCodePoints` (SARIF's default is
//! UTF-16 code units). Paths become URI references: relative paths against `%SRCROOT%`,
//! percent-encoded (Chinese file names included). The output is validated against the
//! official schema in `tests/formats.rs`.

use super::edits::LocatedFix;
use super::Located;
use crate::diagnostics::Severity;
use crate::rules::{RuleMeta, RuleSet};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::io::{self, Write};

pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The indentation of a result inside `"runs": [{ "results": [`, four levels deep.
const RESULT_INDENT: &str = "        ";
/// The indentation of the run's members (`"tool"`), three levels deep.
const RUN_INDENT: &str = "      ";

/// The SARIF document, written piece by piece, so a folder check never holds every
/// finding: [`Stream::begin`] writes the head, [`Stream::items`] one file's results,
/// [`Stream::end`] the rule descriptors and the close.
///
/// The bytes are exactly those of `serde_json::to_string_pretty` on the whole document,
/// plus a newline. serde_json sorts object keys, so a run's `results` come before its
/// `tool`: the descriptors (and so the rules that fired without being enabled, which
/// `ruleIndex` counts after the enabled ones) are complete by the time they are written.
#[derive(Debug)]
pub struct Stream {
    /// Rule ids in `ruleIndex` order: the enabled rules, then others as they first fire.
    ids: Vec<String>,
    /// Each id's place in `ids`, and whether its findings are about the whole file.
    index: HashMap<String, (usize, bool)>,
    empty: bool,
}

impl Stream {
    /// Writes the head. `srcroot` is the absolute `file://` URI relative paths are resolved
    /// against (the current folder when the CLI renders); `None` leaves `%SRCROOT%` to the
    /// consumer, as GitHub does. `rules` gives the enabled rules, which come first.
    pub fn begin(w: &mut dyn Write, rules: &RuleSet, srcroot: Option<&str>) -> io::Result<Stream> {
        let mut head = format!(
            "{{\n  \"$schema\": {},\n  \"runs\": [\n    {{\n{RUN_INDENT}\"columnKind\": \"unicodeCodePoints\",\n",
            json!(SCHEMA_URI)
        );
        if let Some(root) = srcroot {
            head.push_str(RUN_INDENT);
            head.push_str("\"originalUriBaseIds\": ");
            nest(&mut head, &json!({ "%SRCROOT%": { "uri": root } }), RUN_INDENT);
            head.push_str(",\n");
        }
        head.push_str(RUN_INDENT);
        head.push_str("\"results\": [");
        w.write_all(head.as_bytes())?;
        let enabled = rules.rules.iter().filter(|r| r.enabled).map(|r| &r.meta);
        let ids: Vec<String> = enabled.clone().map(|m| m.id.clone()).collect();
        let index = enabled.enumerate().map(|(i, m)| (m.id.clone(), (i, m.kind == "file"))).collect();
        Ok(Stream { ids, index, empty: true })
    }

    /// Writes one file's results; no finding writes nothing.
    pub fn items(&mut self, w: &mut dyn Write, rules: &RuleSet, diags: &[Located]) -> io::Result<()> {
        // One result at a time: a report with many findings never becomes one big string.
        let mut out = String::new();
        for d in diags {
            out.clear();
            let (index, whole_file) = match self.index.get(&d.rule) {
                Some(&(i, file)) => (Some(i), file),
                None => match rules.meta(&d.rule) {
                    Some(m) => {
                        self.ids.push(d.rule.clone());
                        let at = (self.ids.len() - 1, m.kind == "file");
                        self.index.insert(d.rule.clone(), at);
                        (Some(at.0), at.1)
                    }
                    None => (None, false),
                },
            };
            out.push_str(if self.empty { "\n" } else { ",\n" });
            self.empty = false;
            out.push_str(RESULT_INDENT);
            nest(&mut out, &result(d, index, whole_file), RESULT_INDENT);
            w.write_all(out.as_bytes())?;
        }
        Ok(())
    }

    /// Closes `results`, writes `tool` with a descriptor of every rule in `ruleIndex` order,
    /// and closes the document.
    pub fn end(self, w: &mut dyn Write, rules: &RuleSet) -> io::Result<()> {
        let descriptors: Vec<Value> = self.ids.iter().filter_map(|id| rules.meta(id)).map(descriptor).collect();
        let tool = json!({ "driver": {
            "name": "jxlint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": descriptors,
        }});
        let mut tail = String::from(if self.empty { "],\n" } else { "\n      ],\n" });
        tail.push_str(RUN_INDENT);
        tail.push_str("\"tool\": ");
        nest(&mut tail, &tool, RUN_INDENT);
        tail.push_str("\n    }\n  ],\n  \"version\": \"2.1.0\"\n}\n");
        w.write_all(tail.as_bytes())
    }
}

/// Appends `value` pretty-printed as serde_json prints it `indent` deep: every line but the
/// first is indented. Pretty JSON breaks lines only between tokens (a string never holds a
/// raw newline), so this nests exactly as the whole-document printer does.
fn nest(out: &mut String, value: &Value, indent: &str) {
    // Serializing a Value cannot fail.
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(indent);
        }
        out.push_str(line);
    }
}

/// The whole document for findings already collected: the same stream written into memory.
pub fn render(rules: &RuleSet, diags: &[Located], srcroot: Option<&str>) -> String {
    let mut out: Vec<u8> = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = Stream::begin(&mut out, rules, srcroot).and_then(|mut s| {
        s.items(&mut out, rules, diags)?;
        s.end(&mut out, rules)
    });
    String::from_utf8(out).unwrap_or_default()
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn descriptor(m: &RuleMeta) -> Value {
    let explanation = m.explanation.as_deref().map(str::trim).filter(|e| !e.is_empty());
    // Help templates name per-finding values (`{found}`); unfilled they would confuse.
    let help = m.help.as_deref().filter(|h| !h.contains('{'));
    let mut text = String::new();
    let mut markdown = String::new();
    if let Some(e) = explanation {
        text.push_str(&format!("为什么要查：{e}\n"));
        markdown.push_str(&format!("**为什么要查**\n\n{e}\n\n"));
    }
    if let Some(h) = help {
        text.push_str(&format!("怎么改：{h}\n"));
        markdown.push_str(&format!("**怎么改**\n\n{h}\n\n"));
    }
    for ex in &m.examples {
        if let Some(bad) = &ex.bad {
            text.push_str(&format!("有问题：{}\n", bad.trim()));
            markdown.push_str(&format!("有问题：\n\n```text\n{}\n```\n\n", bad.trim()));
        }
        if let Some(good) = &ex.good {
            text.push_str(&format!("正确：{}\n", good.trim()));
            markdown.push_str(&format!("正确：\n\n```text\n{}\n```\n\n", good.trim()));
        }
    }
    text.push_str(&format!("详见 `jxlint explain {}`。", m.id));
    markdown.push_str(&format!("详见 `jxlint explain {}`。", m.id));
    json!({
        "id": m.id,
        "shortDescription": { "text": m.summary },
        "fullDescription": { "text": explanation.unwrap_or(&m.summary) },
        "help": { "text": text, "markdown": markdown },
        "defaultConfiguration": { "level": level(m.severity) },
        "properties": { "kind": m.kind },
    })
}

fn result(d: &Located, rule_index: Option<usize>, whole_file: bool) -> Value {
    let artifact = artifact_location(&d.path);
    let mut physical = json!({ "artifactLocation": artifact });
    if !whole_file {
        physical["region"] = json!({
            "startLine": d.line,
            "startColumn": d.column,
            "endLine": d.end_line,
            "endColumn": d.end_column,
        });
    }
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(d.rule));
    if let Some(i) = rule_index {
        r.insert("ruleIndex".into(), json!(i));
    }
    r.insert("level".into(), json!(level(d.severity)));
    r.insert("message".into(), json!({ "text": d.message }));
    let mut location = json!({ "physicalLocation": physical });
    if let Some(p) = &d.place {
        location["logicalLocations"] = json!([p.sarif_logical()]);
    }
    r.insert("locations".into(), json!([location]));
    if !d.related.is_empty() {
        let related: Vec<Value> = d
            .related
            .iter()
            .enumerate()
            .map(|(i, l)| {
                json!({
                    "id": i,
                    "message": { "text": l.message },
                    "physicalLocation": {
                        "artifactLocation": artifact_location(&d.path),
                        "region": { "startLine": l.line, "startColumn": l.column },
                    },
                })
            })
            .collect();
        r.insert("relatedLocations".into(), Value::Array(related));
    }
    if let Some(fix) = &d.fix {
        r.insert("fixes".into(), json!([sarif_fix(&d.path, fix)]));
    }
    if let Some(help) = &d.help {
        r.insert("properties".into(), json!({ "help": help }));
    }
    Value::Object(r)
}

fn sarif_fix(path: &str, fix: &LocatedFix) -> Value {
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|e| {
            let mut rep = json!({ "deletedRegion": {
                "startLine": e.line,
                "startColumn": e.column,
                "endLine": e.end_line,
                "endColumn": e.end_column,
            }});
            if !e.replacement.is_empty() {
                rep["insertedContent"] = json!({ "text": e.replacement });
            }
            rep
        })
        .collect();
    json!({
        "description": { "text": fix.description },
        "artifactChanges": [{ "artifactLocation": artifact_location(path), "replacements": replacements }],
    })
}

fn artifact_location(path: &str) -> Value {
    let (uri, relative) = path_to_uri(path);
    if relative {
        json!({ "uri": uri, "uriBaseId": "%SRCROOT%" })
    } else {
        json!({ "uri": uri })
    }
}

/// A path as a URI reference: `/` separators, every byte outside RFC 3986's unreserved set
/// percent-encoded. Absolute paths become `file://` URIs; the flag says whether it is relative.
pub fn path_to_uri(path: &str) -> (String, bool) {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    let absolute = p.starts_with('/');
    let encoded = percent_encode_path(p);
    if absolute {
        (format!("file://{encoded}"), false)
    } else {
        (encoded, true)
    }
}

/// A folder path as the `file://` URI of that folder (ending in `/`), for `%SRCROOT%`.
pub fn dir_uri(dir: &str) -> String {
    let mut p = dir.replace('\\', "/");
    if !p.ends_with('/') {
        p.push('/');
    }
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    format!("file://{}", percent_encode_path(&p))
}

fn percent_encode_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(path_to_uri("报告/a b.txt"), ("%E6%8A%A5%E5%91%8A/a%20b.txt".to_owned(), true));
        assert_eq!(path_to_uri("./x/y.md"), ("x/y.md".to_owned(), true));
        assert_eq!(path_to_uri("/srv/r#1.txt"), ("file:///srv/r%231.txt".to_owned(), false));
        assert_eq!(dir_uri("/work/报告"), "file:///work/%E6%8A%A5%E5%91%8A/");
    }
}
