//! `formula-cache`: a workbook formula cell whose saved (cached) value is not what its
//! formula gives. jxlint reads workbooks at their cached values, as a reader of the file
//! sees them; when a tool wrote cells without recalculating, or a value was typed over in
//! the file, the displayed total no longer follows from its parts. The loader re-computes
//! the formulas it can evaluate exactly (`load::xlsx::formula`) and records disagreements
//! in the file's `PlaceMap`; this kind turns them into findings, so they are configurable
//! like any rule. Its examples are workbooks written as text (`load::xlsx::example_workbook`).

use super::super::config::RuleDef;
use super::super::{Check, Context, KindError, RuleMeta, RuleSet};
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;
use crate::load::place::{cell_name, PlaceMap};
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `formula-cache` rule: none besides the common keys.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {}

pub const KIND: &str = "formula-cache";

struct FormulaCacheRule;

impl Check for FormulaCacheRule {
    fn reads_analysis(&self) -> bool {
        false
    }

    fn check(&self, _: &Context<'_>, _: &RuleMeta, _: &mut Vec<Diagnostic>) {}
}

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let Params {} = def.params()?;
    Ok(Box::new(FormulaCacheRule))
}

/// The findings of every enabled rule of this kind for one workbook's recorded mismatches.
pub fn findings(rules: &RuleSet, map: &PlaceMap) -> Vec<Diagnostic> {
    rules.rules.iter().filter(|r| r.enabled && r.meta.kind == KIND).flat_map(|r| findings_of(&r.meta, map)).collect()
}

/// One rule's findings (also what its examples are checked with).
pub fn findings_of(meta: &RuleMeta, map: &PlaceMap) -> Vec<Diagnostic> {
    map.formula_mismatches
        .iter()
        .map(|m| {
            let cell = format!("{}!{}", map.sheet_name(m.sheet), cell_name(m.row, m.col));
            let formula = format!("={}", m.formula);
            let cached = m.cached.normalize().to_string();
            let computed = m.computed.round_dp(10).normalize().to_string();
            meta.diag(
                m.span.clone(),
                &[("cell", &cell), ("formula", &formula), ("cached", &cached), ("computed", &computed)],
            )
        })
        .collect()
}
