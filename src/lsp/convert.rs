//! jxlint findings → LSP values: diagnostics, hover text and quick-fix code actions. Spans are
//! byte offsets into the document text; [`PositionMap`] turns them into client positions.

use super::encoding::PositionMap;
use super::rule_docs::rule_markdown;
use crate::diagnostics::{Diagnostic, Edit, Severity};
use crate::parse::Span;
use crate::rules::RuleSet;
use lsp_types as lsp;
use lsp_types::Url;
use std::collections::HashMap;

pub const SOURCE: &str = "jxlint";

pub fn range(map: &PositionMap<'_>, span: &Span) -> lsp::Range {
    lsp::Range { start: map.position(span.start), end: map.position(span.end) }
}

pub fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    }
}

/// One finding as an LSP diagnostic; `docs` links rule ids to their explanation pages.
pub fn diagnostic(d: &Diagnostic, map: &PositionMap<'_>, uri: &Url, docs: &HashMap<String, Url>) -> lsp::Diagnostic {
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|l| lsp::DiagnosticRelatedInformation {
            location: lsp::Location { uri: uri.clone(), range: range(map, &l.span) },
            message: if l.message.is_empty() { "相关位置".to_owned() } else { l.message.clone() },
        })
        .collect();
    lsp::Diagnostic {
        range: range(map, &d.span),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.rule.clone())),
        code_description: docs.get(&d.rule).map(|href| lsp::CodeDescription { href: href.clone() }),
        source: Some(SOURCE.to_owned()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// Whether a finding covers the byte `offset` (an empty span covers its own position).
fn covers(span: &Span, offset: usize) -> bool {
    span.contains(&offset) || (span.is_empty() && span.start == offset)
}

/// Hover over the characters of one or more findings: each finding's message and help, then
/// its rule's explanation. Markdown, or the same text as plain text for clients without
/// Markdown (it reads well either way).
pub fn hover(
    findings: &[Diagnostic],
    offset: usize,
    map: &PositionMap<'_>,
    rules: &RuleSet,
    markdown: bool,
) -> Option<lsp::Hover> {
    let here: Vec<&Diagnostic> = findings.iter().filter(|d| covers(&d.span, offset)).collect();
    let first = here.first()?;
    let mut parts = Vec::new();
    for d in &here {
        let mut part = format!("**{}[{}]** {}", severity_name(d.severity), d.rule, d.message);
        if let Some(help) = &d.help {
            part.push_str(&format!("\n\n{help}"));
        }
        if let Some(meta) = rules.meta(&d.rule) {
            part.push_str(&format!("\n\n{}", rule_markdown(meta).trim_end()));
        }
        parts.push(part);
    }
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: if markdown { lsp::MarkupKind::Markdown } else { lsp::MarkupKind::PlainText },
            value: parts.join("\n\n---\n\n"),
        }),
        range: Some(range(map, &first.span)),
    })
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

/// Code actions for `wanted` (a byte range): a quick fix for every fixable finding that
/// touches it, and one action fixing everything fixable in the document. Numeric findings
/// carry no fix, so they never get an action.
pub fn code_actions(
    findings: &[Diagnostic],
    wanted: Span,
    only: Option<&[lsp::CodeActionKind]>,
    map: &PositionMap<'_>,
    uri: &Url,
    docs: &HashMap<String, Url>,
) -> Vec<lsp::CodeActionOrCommand> {
    let allowed = |kind: &lsp::CodeActionKind| {
        only.is_none_or(|only| {
            only.iter().any(|o| kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str())))
        })
    };
    let mut actions = Vec::new();
    if allowed(&lsp::CodeActionKind::QUICKFIX) {
        for d in findings {
            let Some(fix) = &d.fix else { continue };
            if d.span.start > wanted.end || wanted.start > d.span.end {
                continue;
            }
            actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!("{}（{}）", fix.description, d.rule),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(d, map, uri, docs)]),
                edit: Some(workspace_edit(uri, map, &fix.edits)),
                is_preferred: Some(true),
                ..Default::default()
            }));
        }
    }
    let all = non_overlapping_edits(findings);
    if !all.is_empty() && allowed(&lsp::CodeActionKind::SOURCE_FIX_ALL) {
        actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
            title: format!("修复本文件中全部可自动修复的问题（{} 处）", all.len()),
            kind: Some(lsp::CodeActionKind::SOURCE_FIX_ALL),
            edit: Some(workspace_edit(uri, map, &all.into_iter().flat_map(|f| f.iter().cloned()).collect::<Vec<_>>())),
            ..Default::default()
        }));
    }
    actions
}

/// Every finding's fix, in document order, skipping a fix whose edits overlap an earlier one
/// (the client applies all edits of a workspace edit to the same original text).
fn non_overlapping_edits(findings: &[Diagnostic]) -> Vec<&[Edit]> {
    let mut fixes: Vec<&[Edit]> = findings.iter().filter_map(|d| d.fix.as_ref()).map(|f| f.edits.as_slice()).collect();
    fixes.sort_by_key(|edits| edits.iter().map(|e| e.span.start).min());
    let mut taken: Vec<Span> = Vec::new();
    fixes.retain(|edits| {
        let clash = edits.iter().any(|e| {
            taken.iter().any(|t| {
                e.span.start < t.end && t.start < e.span.end || (e.span.start == t.start && e.span.end == t.end)
            })
        });
        if !clash {
            taken.extend(edits.iter().map(|e| e.span.clone()));
        }
        !clash
    });
    fixes
}

fn workspace_edit(uri: &Url, map: &PositionMap<'_>, edits: &[Edit]) -> lsp::WorkspaceEdit {
    let edits =
        edits.iter().map(|e| lsp::TextEdit { range: range(map, &e.span), new_text: e.replacement.clone() }).collect();
    lsp::WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..Default::default() }
}
