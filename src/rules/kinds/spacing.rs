//! `spacing`: a stray space between two Chinese characters (`绩效 标准`), usually left by
//! line-wrapping or copy-paste. Only a single space is flagged: runs of spaces and tabs
//! align table columns in flattened tables, and in a line the table reader holds a space
//! separates cells. The fix deletes the space.

use super::super::config::RuleDef;
use super::super::util::is_han;
use super::super::{Check, Context, KindError, RuleMeta};
use crate::diagnostics::{Diagnostic, Edit};
use crate::facts::FactSet;
use crate::parse::LineKind;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `spacing` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {}

struct SpacingRule;

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let Params {} = def.params()?;
    Ok(Box::new(SpacingRule))
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\u{a0}')
}

impl Check for SpacingRule {
    fn reads_analysis(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        // The gap after a heading mark (`第一部分 基本情况`) separates number and title.
        let gaps: Vec<usize> = report.headings.iter().map(|h| h.mark().end).collect();
        // In a table's lines (a one-line export, columns split by spaces) a space separates
        // cells: deleting it would merge them.
        for line in report.lines.iter().filter(|l| l.kind != LineKind::Blank && l.table().is_none()) {
            let s = report.slice(&line.content());
            // Most lines hold no space at all past their indentation: no char table needed.
            if s.contains('|') || s.contains('\t') || !s.contains(is_space) {
                continue;
            }
            let chars: Vec<(usize, char)> = s.char_indices().collect();
            for w in chars.windows(3) {
                let [(_, a), (off, sp), (_, b)] = [w[0], w[1], w[2]];
                let start = line.content().start + off;
                if is_space(sp) && is_han(a) && is_han(b) && gaps.binary_search(&start).is_err() {
                    let span = start..start + sp.len_utf8();
                    let context: String = [a, sp, b].iter().collect();
                    out.push(
                        rule.diag(span.clone(), &[("found", &context)])
                            .with_label("多余的空格")
                            .with_fix("删除空格", vec![Edit { span, replacement: String::new() }]),
                    );
                }
            }
        }
    }
}
