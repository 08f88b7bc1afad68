//! `coverage`: 自评覆盖率 must be 100% (every project evaluated), and a claimed coverage
//! must agree with the numbers: evaluated ÷ total, from named facts (the total is the
//! value the report's statements of it agree on).

use super::super::config::RuleDef;
use super::super::util::{regex_set, require};
use super::super::{Check, Context, KindError, RuleMeta};
use super::consistency::describe;
use super::{fact_ref, line_no, written};
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;
use crate::parse::number::{format_dp, round_half_up};
use crate::util::Spanned;
use regex::RegexSet;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `coverage` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Regexes on the coverage rate's label.
    pub labels: Vec<Spanned<String>>,
    /// The fact holding the number evaluated.
    pub evaluated: Option<Spanned<String>>,
    /// The fact holding the total.
    pub total: Option<Spanned<String>>,
}

struct CoverageRule {
    labels: RegexSet,
    evaluated: Option<String>,
    total: Option<String>,
    evaluated_desc: String,
    total_desc: String,
}

pub fn compile(def: &RuleDef, facts: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let p: Params = def.params()?;
    let evaluated = p.evaluated.as_ref().map(|f| fact_ref(facts, f)).transpose()?;
    let total = p.total.as_ref().map(|f| fact_ref(facts, f)).transpose()?;
    let desc = |n: &Option<String>| {
        n.as_deref().and_then(|n| facts.get(n)).map_or_else(String::new, |f| f.description.clone())
    };
    Ok(Box::new(CoverageRule {
        labels: regex_set(require(&p.labels, def, "labels")?)?,
        evaluated_desc: desc(&evaluated),
        total_desc: desc(&total),
        evaluated,
        total,
    }))
}

impl Check for CoverageRule {
    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        let evaluated = self.evaluated.as_deref().map(|n| cx.analysis.facts.get(n)).unwrap_or_default();
        let totals = self.total.as_deref().map(|n| cx.analysis.facts.get(n)).unwrap_or_default();
        // The totals of each level of the project tree (一级, 二级, 三级), in text order.
        let mut by_level: [Vec<&crate::facts::Statement>; 3] = Default::default();
        for t in totals {
            if let Some(l) = level(report, t) {
                by_level[l].push(t);
            }
        }
        let consensus = self.total.as_deref().and_then(|n| cx.analysis.facts.consensus(n));
        for q in &report.quantities {
            if !q.unit.is_rate()
                || q.in_range()
                || q.comparator().is_some()
                || !self.labels.is_match(report.slice(&q.label()))
            {
                continue;
            }
            let stated = written(report, q);
            let span = q.number_span().start..q.span().end;
            let hundred = Decimal::ONE_HUNDRED;
            if q.value < hundred {
                let detail = format!("自评覆盖率为{stated}，未达到100%");
                out.push(rule.diag(span.clone(), &[("stated", &stated), ("detail", &detail)]).with_label("应为100%"));
                continue;
            }
            // The claim is about the evaluated count stated nearest before it (`开展自评项目数 |
            // 3 |` over `自评覆盖率 | 100% |`), else the first after it.
            let before = evaluated.partition_point(|st| st.span.start < q.span().start);
            let ev = before.checked_sub(1).and_then(|i| evaluated.get(i)).or_else(|| evaluated.get(before));
            // `对全部14个二级项目开展自评`: the total is the count of 二级项目, not of 一级项目.
            let total = ev.and_then(|ev| Some((ev, level(report, ev)?))).map_or(consensus, |(ev, l)| {
                let before = by_level[l].partition_point(|t| t.span.start < ev.span.start);
                before.checked_sub(1).map(|i| by_level[l][i])
            });
            let (Some(ev), Some(tot)) = (ev, total) else {
                continue;
            };
            // Counts written with fractions (0.00000000000001个) make the ratio overflow.
            let Some(actual) = ev.value.checked_div(tot.value).and_then(|r| r.checked_mul(hundred)) else {
                continue;
            };
            if round_half_up(actual, q.scale()) == q.value {
                continue;
            }
            let computed = format!("{}%", format_dp(actual, 2));
            let detail = format!(
                "声称自评覆盖率{stated}，但{}为{}（第{}行），{}为{}（第{}行），实际覆盖率为{computed}",
                self.evaluated_desc,
                describe(report, ev),
                line_no(report, ev.span.start),
                self.total_desc,
                describe(report, tot),
                line_no(report, tot.span.start),
            );
            out.push(
                rule.diag(span, &[("stated", &stated), ("detail", &detail), ("computed", &computed)])
                    .with_label(format!("按数量计算为 {computed}"))
                    .with_related(ev.span.clone(), "评价的数量")
                    .with_related(tot.span.clone(), "总数"),
            );
        }
    }
}

/// The level of the project tree a count statement names (`二级项目14个`, `14个二级项目`):
/// 一级, 二级 or 三级 in the words right before or after its number.
fn level(report: &crate::parse::Report, st: &crate::facts::Statement) -> Option<usize> {
    let q = report.quantities.get(*st.quantities.first()?)?;
    let (label, noun) = (report.slice(&q.label()), report.slice(&q.noun()));
    ["一级", "二级", "三级"].iter().position(|w| label.contains(w) || noun.contains(w))
}
