//! `consistency`: the same fact (number of projects, of staff …) stated with different
//! values in different places, including totals the text derives itself (`年初7个 …
//! 追加1个` ⇒ 8). The value most statements agree on is taken as the report's; every
//! statement that differs is reported, pointing at the statements it contradicts.

use super::super::config::RuleDef;
use super::super::util::require;
use super::super::{Check, Context, KindError, RuleMeta};
use super::{fact_ref, line_no, written};
use crate::diagnostics::Diagnostic;
use crate::facts::{FactSet, Statement};
use crate::parse::Report;
use crate::util::Spanned;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `consistency` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// The facts whose statements must agree.
    pub facts: Vec<Spanned<String>>,
}

struct ConsistencyRule {
    facts: Vec<(String, String)>,
}

pub fn compile(def: &RuleDef, facts: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let p: Params = def.params()?;
    let mut out = Vec::new();
    for f in require(&p.facts, def, "facts")? {
        let name = fact_ref(facts, f)?;
        let desc = facts.get(&name).map_or_else(String::new, |c| c.description.clone());
        out.push((name, desc));
    }
    Ok(Box::new(ConsistencyRule { facts: out }))
}

/// How a statement reads in a message: `8个` or `7+1=8个`.
pub(crate) fn describe(report: &Report, st: &Statement) -> String {
    let q = &report.quantities[*st.quantities.last().unwrap_or(&0)];
    let unit = report.slice(&q.unit_text);
    match &st.derivation {
        Some(d) => format!("{d}={}{unit}", st.value.normalize()),
        None => written(report, q),
    }
}

impl Check for ConsistencyRule {
    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        for (name, desc) in &self.facts {
            let statements = cx.analysis.facts.get(name);
            let Some(consensus) = cx.analysis.facts.consensus(name) else {
                continue;
            };
            if statements.iter().all(|s| s.value == consensus.value) {
                continue;
            }
            for st in statements.iter().filter(|s| s.value != consensus.value) {
                let agreeing: Vec<&Statement> = statements.iter().filter(|o| o.value == consensus.value).collect();
                let others = agreeing
                    .iter()
                    .map(|o| format!("第{}行为{}", line_no(report, o.span.start), describe(report, o)))
                    .collect::<Vec<_>>()
                    .join("、");
                let found = describe(report, st);
                let expected = describe(report, consensus);
                let vars = [
                    ("fact", desc.as_str()),
                    ("found", found.as_str()),
                    ("others", others.as_str()),
                    ("expected", expected.as_str()),
                ];
                let primary = report.quantities[*st.quantities.last().unwrap_or(&0)].span.clone();
                let mut d = rule.diag(primary, &vars).with_label(format!("此处为{found}"));
                for o in agreeing {
                    d = d.with_related(o.span.clone(), format!("此处为{}", describe(report, o)));
                }
                out.push(d);
            }
        }
    }
}
