//! `sum`: totals against their parts.
//!
//! The relations are found once per report by the analysis (`analysis::numeric::sums` for prose,
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
use crate::analysis::numeric::sums::{operand, SumVocab};
use crate::analysis::relations::{Evidence, Operand, SumRelation};
use crate::diagnostics::{Diagnostic, Severity};
use crate::facts::FactSet;
use crate::parse::number::group_thousands;
use crate::parse::Report;
use crate::util::Spanned;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::HashMap;

/// The parameters of a `sum` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Words that introduce a breakdown after a total (其中, 包含, 分别是).
    pub breakdown: Vec<Spanned<String>>,
    /// Breakdown words after which the parts are the whole total (分别是, 包括).
    pub exhaustive: Vec<Spanned<String>>,
    /// Regexes on the words that name a total (合计, 总额).
    pub labels: Vec<Spanned<String>>,
    /// Equations between named facts, e.g. `人员经费 + 公用经费 + 项目支出 = 支出`.
    pub equation: Vec<EquationDef>,
    /// Label words that start a new topic and end a list of parts (全年, 实际).
    pub ends: Vec<Spanned<String>>,
    /// Labels of a part holding the rest (其他, 其余): the list is complete.
    pub rest: Vec<Spanned<String>>,
    /// A regex whose first group is the number of parts announced (`(三)项`).
    pub counted: Vec<Spanned<String>>,
    /// Known partitions, each a list of member label regexes (基本支出 / 项目支出).
    pub partitions: Vec<Vec<Spanned<String>>>,
    /// Labels of a difference equal to the earlier amount minus the later (结余, 核减).
    pub decrease: Vec<Spanned<String>>,
    /// Labels of a difference equal to the later amount minus the earlier (超支, 增加).
    pub increase: Vec<Spanned<String>>,
    /// Label words of a comparison's baseline (比上年), which flip a difference.
    pub baseline: Vec<Spanned<String>>,
    /// Regexes marking a breakdown as a selection (`^主要`, `^等`), read on the breakdown
    /// word and on the text after its last part: such parts need only stay within the total.
    pub partial: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EquationDef {
    /// Facts on the left, added up.
    pub parts: Vec<Spanned<String>>,
    /// The fact they must add up to.
    pub total: Spanned<String>,
    /// Allowed difference in 元 (default: half a unit of the least precise number).
    #[serde(default)]
    pub tolerance: Option<f64>,
}

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
    let def: Params = def.params()?;
    if def.breakdown.is_empty() {
        return Ok(None);
    }
    let set = |l: &[Spanned<String>]| if l.is_empty() { Ok(None) } else { regex_set(l).map(Some) };
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
        partial: set(&def.partial)?,
    }))
}

pub fn compile(def: &RuleDef, facts: &FactSet) -> Result<Box<dyn Check>, KindError> {
    // Compiled here too so that a bad regex is reported against this rule.
    vocabulary(def)?;
    let p: Params = def.params()?;
    let mut equations = Vec::new();
    for e in &p.equation {
        if e.parts.is_empty() {
            return Err(KindError::new(e.total.span(), "方程需要至少一个 `parts`"));
        }
        equations.push(Equation {
            parts: e.parts.iter().map(|p| fact_ref(facts, p)).collect::<Result<_, _>>()?,
            total: fact_ref(facts, &e.total)?,
            tolerance: e.tolerance.and_then(|t| Decimal::from_str_exact(&t.to_string()).ok()),
        });
    }
    if p.breakdown.is_empty() && equations.is_empty() {
        return Err(KindError::new(def.kind.span(), "`sum` 类规则需要 `breakdown` 或 `equation` 参数"));
    }
    Ok(Box::new(SumRule { equations }))
}

/// The operand as written (`343.82万元`), split into number and unit.
fn number_and_unit<'r>(report: &'r Report, o: &Operand) -> (&'r str, &'r str) {
    let w = report.text.get(o.span.clone()).unwrap_or("");
    // Chinese numerals (`十二个`) are the number too; 万/亿 are left to the unit (`三千万元`).
    let cut = w
        .rfind(|c: char| {
            c.is_ascii_digit() || ('０'..='９').contains(&c) || "〇零一二两三四五六七八九十百千".contains(c)
        })
        .map_or(0, |i| i + w[i..].chars().next().map_or(0, char::len_utf8));
    w.split_at(cut)
}

/// Shows a value in base units in the unit `like` was written in, grouped like it when it was.
pub fn in_unit_of(v: Decimal, like: &Operand, report: &Report) -> String {
    let (number, unit) = number_and_unit(report, like);
    let x = if like.multiplier().is_zero() { v } else { v / like.multiplier() }.normalize();
    let mut shown = if x.scale() < like.scale { format!("{:.*}", like.scale as usize, x) } else { x.to_string() };
    if number.contains(',') {
        shown = group_thousands(&shown);
    }
    format!("{shown}{unit}")
}

/// The finding for a relation that does not hold, if it does not.
fn evaluate(report: &Report, rel: &SumRelation, tolerance: Option<Decimal>, rule: &RuleMeta) -> Option<Diagnostic> {
    let (total, parts) = (&rel.total, &rel.parts);
    let tol = tolerance.unwrap_or_else(|| rel.tolerance());
    if rel.holds(tol) {
        return None;
    }
    let sum = rel.sum();
    let over = sum - total.value > tol;
    let written = |o: &Operand| report.text.get(o.span.clone()).unwrap_or("").to_owned();
    let parts_text =
        parts.iter().map(|p| format!("{}{}", p.label.of(report), written(p))).collect::<Vec<_>>().join(" + ");
    let total_text = format!("{}{}", total.label.of(report), written(total));
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
        d = d.with_related(p.span.clone(), format!("分项：{}", p.label.of(report)));
    }
    Some(d)
}

impl Check for SumRule {
    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        let mut equations = Vec::new();
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
            equations.push((rel, eq.tolerance));
        }
        let same_parts = |a: &SumRelation, b: &SumRelation| {
            a.parts.len() == b.parts.len() && a.parts.iter().zip(&b.parts).all(|(x, y)| x.span == y.span)
        };
        // Each restated value (by where it ends) with the values it was restated as: looked up
        // per relation, so many restatements and many sums stay linear.
        let qs = &report.quantities;
        let mut restated: HashMap<usize, Vec<usize>> = HashMap::new();
        for r in &cx.analysis.restatements {
            restated.entry(qs[r.earlier].span().end).or_default().push(r.later);
            restated.entry(qs[r.later].span().end).or_default().push(r.earlier);
        }
        for rel in &cx.analysis.relations.sums {
            // A guess at which total weak parts break down yields to an equation that names it.
            if rel.evidence == Evidence::Weak && equations.iter().any(|(e, _)| same_parts(e, rel)) {
                continue;
            }
            if !rel.complete && restated_as_sum(report, rel, restated.get(&rel.total.span.end)) {
                let whole = SumRelation { complete: true, ..rel.clone() };
                out.extend(evaluate(report, &whole, None, rule));
                continue;
            }
            out.extend(evaluate(report, rel, None, rule));
        }
        for (rel, tolerance) in &equations {
            out.extend(evaluate(report, rel, *tolerance, rule));
        }
    }
}

/// Whether a breakdown the text marks as a selection (`主要包括`) is the whole after all: its
/// total is stated elsewhere under the same phrase with the value its parts add up to
/// (`其中一般公共预算支出26729.57万元` … `一般公共预算支出28867.94万元，主要包括：` three
/// parts of 26729.57). Then the total that differs from both is the one in error.
fn restated_as_sum(report: &Report, rel: &SumRelation, others: Option<&Vec<usize>>) -> bool {
    let sum = rel.sum();
    let tolerance = rel.tolerance();
    (rel.total.value - sum).abs() > tolerance
        && others.is_some_and(|o| o.iter().any(|&k| (report.quantities[k].value - sum).abs() <= tolerance))
}
