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

pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// `srcroot` is the absolute `file://` URI relative paths are resolved against (the current
/// folder when the CLI renders); `None` leaves `%SRCROOT%` to the consumer, as GitHub does.
pub fn render(rules: &RuleSet, diags: &[Located], srcroot: Option<&str>) -> String {
    let mut ids: Vec<&RuleMeta> = rules.rules.iter().filter(|r| r.enabled).map(|r| &r.meta).collect();
    for d in diags {
        if !ids.iter().any(|m| m.id == d.rule) {
            if let Some(m) = rules.meta(&d.rule) {
                ids.push(m);
            }
        }
    }
    let descriptors: Vec<Value> = ids.iter().map(|m| descriptor(m)).collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let index = ids.iter().position(|m| m.id == d.rule);
            let whole_file = index.is_some_and(|i| ids[i].kind == "file");
            result(d, index, whole_file)
        })
        .collect();
    let mut run = json!({
        "tool": { "driver": {
            "name": "jxlint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": descriptors,
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let Some(root) = srcroot {
        run["originalUriBaseIds"] = json!({ "%SRCROOT%": { "uri": root } });
    }
    let doc = json!({ "$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run] });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
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
