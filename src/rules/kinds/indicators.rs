//! `indicators`: a self-evaluation is results-oriented only if it reports output (产出),
//! outcome (效益) and satisfaction (满意度) indicators. Each configured category must
//! appear somewhere in the report; one finding lists all that are missing.

use super::super::config::RuleDef;
use super::super::util::{regex_set, require};
use super::super::{Check, Context, KindError, RuleMeta};
use super::outline::report_anchor;
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;
use crate::parse::LineKind;
use crate::util::Spanned;
use regex::RegexSet;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `indicators` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// The indicator categories that must appear.
    pub category: Vec<CategoryDef>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryDef {
    pub name: String,
    /// Regexes; any match in the report text means the category is present.
    pub patterns: Vec<Spanned<String>>,
}

struct IndicatorsRule {
    categories: Vec<(String, RegexSet)>,
}

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let p: Params = def.params()?;
    let mut categories = Vec::new();
    for c in require(&p.category, def, "category")? {
        categories.push((c.name.clone(), regex_set(&c.patterns)?));
    }
    Ok(Box::new(IndicatorsRule { categories }))
}

impl Check for IndicatorsRule {
    fn reads_analysis(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        if report.lines.iter().all(|l| l.kind == LineKind::Blank) {
            return;
        }
        let missing: Vec<&str> =
            self.categories.iter().filter(|(_, set)| !set.is_match(&report.text)).map(|(n, _)| n.as_str()).collect();
        if missing.is_empty() {
            return;
        }
        let list = missing.join("、");
        out.push(rule.diag(report_anchor(report), &[("missing", &list)]).with_label(format!("缺少{list}")));
    }
}
