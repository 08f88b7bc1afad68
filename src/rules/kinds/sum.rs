//! `sum`: totals against their parts.
//!
//! The relations are found once per report by the analysis (`analysis::sums` for prose,
//! the table reader for table rows and columns); this kind evaluates every
//! [`SumRelation`] there, whatever its source: a complete breakdown must add up, a
//! possibly partial one must not exceed its total. Weak evidence lowers the finding to a
//! warning. It also checks equations between named facts (人员经费 + 公用经费 + 项目支出 =
//! 支出).
//!
//! Amounts are compared in 元; the tolerance is what the stated precision allows (half a
//! unit in the last written digit of every number involved).

use super::super::config::RuleDef;
use super::super::util::regex_set;
use super::super::{Check, Context, KindError, RuleMeta};
use super::fact_ref;
use crate::analysis::relations::{Evidence, Operand, SumRelation};
use crate::analysis::sums::{self, operand, SumVocab};
use crate::diagnostics::{Diagnostic, Severity};
use crate::facts::FactSet;
use crate::parse::number::group_thousands;
use crate::parse::Report;
use rust_decimal::Decimal;

struct Equation {
    parts: Vec<String>,
    total: String,
    tolerance: Option<Decimal>,
}

struct SumRule {
    equations: Vec<Equation>,
}

/// The prose vocabulary of a `sum` rule (`breakdown`, `exhaustive`, `labels`), for the
/// analysis; `None` when the rule has no breakdown words.
pub fn vocabulary(def: &RuleDef) -> Result<Option<SumVocab>, KindError> {
    if def.breakdown.is_empty() {
        return Ok(None);
    }
    let set = |l: &[toml::Spanned<String>]| if l.is_empty() { Ok(None) } else { regex_set(l).map(Some) };
    let counted = match def.counted.first() {
        Some(c) => Some(
            regex::Regex::new(c.get_ref()).map_err(|e| KindError::new(c.span(), format!("正则表达式写错了：{e}")))?,
        ),
        None => None,
    };
    Ok(Some(SumVocab {
        breakdown: regex_set(&def.breakdown)?,
        exhaustive: set(&def.exhaustive)?,
        closing: set(&def.labels)?,
        ends: set(&def.ends)?,
        rest: set(&def.rest)?,
        counted,
        partitions: def.partitions.iter().filter(|p| p.len() >= 2).map(|p| regex_set(p)).collect::<Result<_, _>>()?,
        decrease: set(&def.decrease)?,
        increase: set(&def.increase)?,
        baseline: set(&def.baseline)?,
    }))
}

pub fn compile(def: &RuleDef, facts: &FactSet) -> Result<Box<dyn Check>, KindError> {
    // Compiled here too so that a bad regex is reported against this rule.
    vocabulary(def)?;
    let mut equations = Vec::new();
    for e in &def.equation {
        if e.parts.is_empty() {
            return Err(KindError::new(e.total.span(), "方程需要至少一个 `parts`"));
        }
        equations.push(Equation {
            parts: e.parts.iter().map(|p| fact_ref(facts, p)).collect::<Result<_, _>>()?,
            total: fact_ref(facts, &e.total)?,
            tolerance: e.tolerance.and_then(|t| Decimal::from_str_exact(&t.to_string()).ok()),
        });
    }
    if def.breakdown.is_empty() && equations.is_empty() {
        return Err(KindError::new(def.kind.span(), "`sum` 类规则需要 `breakdown` 或 `equation` 参数"));
    }
    Ok(Box::new(SumRule { equations }))
}

/// The operand as written (`343.82万元`), split into number and unit.
fn number_and_unit<'r>(report: &'r Report, o: &Operand) -> (&'r str, &'r str) {
    let w = report.text.get(o.span.clone()).unwrap_or("");
    let cut = w
        .rfind(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
        .map_or(0, |i| i + w[i..].chars().next().map_or(0, char::len_utf8));
    w.split_at(cut)
}

/// Shows a value in base units in the unit `like` was written in, grouped like it when it was.
fn in_unit_of(v: Decimal, like: &Operand, report: &Report) -> String {
    let (number, unit) = number_and_unit(report, like);
    let x = if like.multiplier.is_zero() { v } else { v / like.multiplier }.normalize();
    let mut shown = if x.scale() < like.scale { format!("{:.*}", like.scale as usize, x) } else { x.to_string() };
    if number.contains(',') {
        shown = group_thousands(&shown);
    }
    format!("{shown}{unit}")
}

/// The finding for a relation that does not hold, if it does not.
fn evaluate(report: &Report, rel: &SumRelation, tolerance: Option<Decimal>, rule: &RuleMeta) -> Option<Diagnostic> {
    let (total, parts) = (&rel.total, &rel.parts);
    if parts.is_empty() {
        return None;
    }
    let sum: Decimal = parts.iter().map(|p| p.value).sum();
    let tol = tolerance.unwrap_or_else(|| sums::tolerance(total, &parts.iter().collect::<Vec<_>>()));
    let over = sum - total.value > tol;
    let under = total.value - sum > tol;
    if !(over || (rel.complete && under)) {
        return None;
    }
    let written = |o: &Operand| report.text.get(o.span.clone()).unwrap_or("").to_owned();
    let parts_text = parts.iter().map(|p| format!("{}{}", p.label, written(p))).collect::<Vec<_>>().join(" + ");
    let total_text = format!("{}{}", total.label, written(total));
    let sum_text = in_unit_of(sum, total, report);
    let diff_text = in_unit_of((sum - total.value).abs(), total, report);
    let relation = if over { "分项之和超过合计" } else { "分项之和小于合计" };
    let stated = written(total);
    let vars = [
        ("total", total_text.as_str()),
        ("parts", parts_text.as_str()),
        ("sum", sum_text.as_str()),
        ("stated", stated.as_str()),
        ("diff", diff_text.as_str()),
        ("relation", relation),
    ];
    let mut d = rule.diag(total.span.clone(), &vars).with_label(format!("分项之和为 {sum_text}"));
    if rel.evidence == Evidence::Weak && d.severity == Severity::Error {
        d.severity = Severity::Warning;
    }
    for p in parts {
        d = d.with_related(p.span.clone(), format!("分项：{}", p.label));
    }
    Some(d)
}

impl Check for SumRule {
    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        for rel in &cx.analysis.relations.sums {
            out.extend(evaluate(report, rel, None, rule));
        }
        for eq in &self.equations {
            let Some(total) = cx.analysis.facts.get(&eq.total).first() else {
                continue;
            };
            let tq = total.quantities[0];
            let parts: Option<Vec<usize>> =
                eq.parts.iter().map(|p| cx.analysis.facts.get(p).first().map(|s| s.quantities[0])).collect();
            let Some(parts) = parts else { continue };
            if parts.contains(&tq) {
                continue;
            }
            let rel = SumRelation {
                total: operand(report, &report.quantities[tq]),
                parts: parts.iter().map(|&p| operand(report, &report.quantities[p])).collect(),
                complete: true,
                evidence: Evidence::Strong,
                source: crate::analysis::relations::Source::Prose("全文"),
            };
            out.extend(evaluate(report, &rel, eq.tolerance, rule));
        }
    }
}
