//! `threshold`: a rate below a bound (预算执行率 < 90%) must come with a stated reason in
//! the same paragraph (由于、原因、受……影响 …).

use super::super::config::RuleDef;
use super::super::util::{regex_set, require};
use super::super::{Check, Context, KindError, RuleMeta};
use super::written;
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;
use crate::util::Spanned;
use regex::RegexSet;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `threshold` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Regexes on the rate's label.
    pub labels: Vec<Spanned<String>>,
    /// The bound, in percent.
    pub threshold: Option<Spanned<f64>>,
    /// Regexes; any of them in the same paragraph counts as a stated reason.
    pub reasons: Vec<Spanned<String>>,
}

struct ThresholdRule {
    labels: RegexSet,
    threshold: Decimal,
    reasons: Option<RegexSet>,
}

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let p: Params = def.params()?;
    let Some(t) = &p.threshold else {
        return Err(KindError::new(def.kind.span(), "`threshold` 类规则需要 `threshold` 参数（百分数，如 90）"));
    };
    let threshold = Decimal::from_str_exact(&t.get_ref().to_string())
        .map_err(|_| KindError::new(t.span(), "阈值不是有效的数字"))?;
    Ok(Box::new(ThresholdRule {
        labels: regex_set(require(&p.labels, def, "labels")?)?,
        threshold,
        reasons: if p.reasons.is_empty() { None } else { Some(regex_set(&p.reasons)?) },
    }))
}

impl Check for ThresholdRule {
    fn reads_analysis(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        // Whether the current line gives a reason, computed once per line: quantities come
        // in text order, and rescanning a huge line per low rate on it was quadratic.
        let mut reason_on: Option<(usize, bool)> = None;
        for q in &report.quantities {
            if !q.unit.is_rate() || q.in_range() || q.comparator().is_some() || q.value >= self.threshold {
                continue;
            }
            if !self.labels.is_match(report.slice(&q.label())) {
                continue;
            }
            let has_reason = match reason_on {
                Some((line, has)) if line == q.line() => has,
                _ => {
                    let paragraph = report.slice(&report.lines[q.line()].content());
                    let has = self.reasons.as_ref().is_some_and(|r| r.is_match(paragraph));
                    reason_on = Some((q.line(), has));
                    has
                }
            };
            if has_reason {
                continue;
            }
            let stated = written(report, q);
            let threshold = format!("{}%", self.threshold.normalize());
            let label = report.slice(&q.label()).to_owned();
            out.push(
                rule.diag(
                    q.number_span().start..q.span().end,
                    &[("stated", &stated), ("threshold", &threshold), ("label", &label)],
                )
                .with_label(format!("低于{threshold}")),
            );
        }
    }
}
