//! Which findings a workbook gets. A 自评表 workbook is a table, not a report: the checks
//! of a report's structure (required sections, heading numbers, the report naming its
//! indicator categories) would only say that a table is not a report. Every other rule —
//! table, numeric, wording — applies as to any text; `formula-cache` adds its own.

use super::RuleSet;
use crate::diagnostics::Diagnostic;

/// Rule kinds about a report's structure, which a workbook does not have.
pub const REPORT_STRUCTURE_KINDS: &[&str] = &["outline", "numbering", "indicators"];

pub fn retain_applicable(rules: &RuleSet, diags: &mut Vec<Diagnostic>) {
    diags.retain(|d| rules.meta(&d.rule).is_none_or(|m| !REPORT_STRUCTURE_KINDS.contains(&m.kind.as_str())));
}
