//! `rate`: a stated rate (执行率 89.46%) against the ratio of the amounts it refers to,
//! found by label in the same sentence (nearest numerator before the rate, nearest
//! denominator before that), or in the sentence before. The ratio is rounded half-up at
//! the stated precision; a stated value equal to the truncated ratio is called out as
//! truncation. Zero denominators and missing operands give no finding.

use super::super::config::RuleDef;
use super::super::util::{regex_set, require};
use super::super::{Check, Context, KindError, RuleMeta};
use super::written;
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;
use crate::parse::number::{format_dp, round_half_up, truncate};
use crate::parse::{Quantity, Report};
use regex::RegexSet;
use rust_decimal::Decimal;

struct RateDef {
    name: String,
    labels: RegexSet,
    numerator: RegexSet,
    denominator: RegexSet,
}

struct RateRule {
    rates: Vec<RateDef>,
}

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let mut rates = Vec::new();
    for r in require(&def.rate, def, "rate")? {
        rates.push(RateDef {
            name: r.name.clone(),
            labels: regex_set(&r.labels)?,
            numerator: regex_set(&r.numerator)?,
            denominator: regex_set(&r.denominator)?,
        });
    }
    Ok(Box::new(RateRule { rates }))
}

/// Same kind of operand: money with money, counts with counts.
fn same_kind(a: &Quantity, b: &Quantity) -> bool {
    (a.unit.is_money() && b.unit.is_money()) || (a.unit.is_count() && b.unit.is_count() && a.unit == b.unit)
}

fn is_operand(q: &Quantity) -> bool {
    (q.unit.is_money() || q.unit.is_count()) && !q.in_range && q.comparator.is_none()
}

/// Finds (numerator, denominator) before quantity `qi`: within its sentence first, then
/// extending to the previous sentence of the same line.
fn operands(report: &Report, def: &RateDef, qi: usize) -> Option<(usize, usize)> {
    let q = &report.quantities[qi];
    let first_sentence = q.sentence.saturating_sub(1);
    let in_scope = |j: usize| {
        let o = &report.quantities[j];
        o.sentence == q.sentence
            || (o.sentence >= first_sentence && report.sentences[o.sentence].line == report.sentences[q.sentence].line)
    };
    let mut j = qi;
    let num = loop {
        j = j.checked_sub(1)?;
        if !in_scope(j) {
            return None;
        }
        let o = &report.quantities[j];
        if is_operand(o) && o.paren_depth <= q.paren_depth && def.numerator.is_match(report.slice(&o.label)) {
            break j;
        }
    };
    let den = loop {
        j = j.checked_sub(1)?;
        if !in_scope(j) {
            return None;
        }
        let o = &report.quantities[j];
        if is_operand(o)
            && o.paren_depth <= q.paren_depth
            && same_kind(o, &report.quantities[num])
            && def.denominator.is_match(report.slice(&o.label))
        {
            break j;
        }
    };
    Some((num, den))
}

impl Check for RateRule {
    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        super::table_relation_eval::rates(cx, rule, out);
        let report = cx.report;
        for (qi, q) in report.quantities.iter().enumerate() {
            if !q.unit.is_rate() || q.in_range || q.comparator.is_some() {
                continue;
            }
            let label = report.slice(&q.label);
            let Some(def) = self.rates.iter().find(|d| d.labels.is_match(label)) else {
                continue;
            };
            let Some((ni, di)) = operands(report, def, qi) else {
                continue;
            };
            let (n, d) = (&report.quantities[ni], &report.quantities[di]);
            if d.value.is_zero() {
                continue;
            }
            let Some(ratio) = n.value.checked_div(d.value).and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED)) else {
                continue;
            };
            let dp = q.scale;
            let rounded = round_half_up(ratio, dp);
            if rounded == q.value {
                continue;
            }
            let truncated = truncate(ratio, dp) == q.value;
            let computed = format!("{}%", format_dp(ratio, dp));
            let exact = format!("{}%", format_dp(ratio, (dp + 2).max(4)));
            let stated = written(report, q);
            let diff = format_dp((q.value - rounded).abs(), dp);
            let note = if truncated { "（截断而非四舍五入）" } else { "" };
            let num = format!("{}{}", report.slice(&n.label), written(report, n));
            let den = format!("{}{}", report.slice(&d.label), written(report, d));
            let vars = [
                ("name", def.name.as_str()),
                ("numerator", num.as_str()),
                ("denominator", den.as_str()),
                ("computed", computed.as_str()),
                ("exact", exact.as_str()),
                ("stated", stated.as_str()),
                ("diff", diff.as_str()),
                ("note", note),
            ];
            let label = if truncated {
                format!("四舍五入应为 {computed}，此处截断了")
            } else {
                format!("按金额计算应为 {computed}")
            };
            out.push(
                rule.diag(q.number_span.start..q.span.end, &vars)
                    .with_label(label)
                    .with_related(n.number_span.start..n.span.end, format!("分子：{num}"))
                    .with_related(d.number_span.start..d.span.end, format!("分母：{den}")),
            );
        }
    }
}
