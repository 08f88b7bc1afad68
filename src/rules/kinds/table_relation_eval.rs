//! Evaluates the relations read out of tables (`Source::Table`) for the `rate` and `sum`
//! kinds: a rate against numerator ÷ denominator at the rate's precision (half-up), a
//! total against the sum of its parts within half a unit of every written last digit.
//!
//! Stop-gap owned by the tables work: once the numeric engine evaluates every relation
//! whatever its source, the two calls to this module go.

use super::super::{Context, RuleMeta};
use crate::analysis::relations::{Evidence, Operand, Source};
use crate::diagnostics::{Diagnostic, Severity};
use crate::parse::number::{format_dp, round_half_up, truncate};
use rust_decimal::Decimal;

fn shown(o: &Operand) -> String {
    format_dp(o.value, o.scale)
}

fn severity(rule: &RuleMeta, e: Evidence) -> Severity {
    if e == Evidence::Weak && rule.severity == Severity::Error {
        Severity::Warning
    } else {
        rule.severity
    }
}

pub fn rates(cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
    for r in &cx.analysis.relations.rates {
        if !matches!(r.source, Source::Table(_)) || r.denominator.value.is_zero() {
            continue;
        }
        let Some(ratio) =
            r.numerator.value.checked_div(r.denominator.value).and_then(|x| x.checked_mul(Decimal::ONE_HUNDRED))
        else {
            continue;
        };
        let dp = r.stated.scale;
        let rounded = round_half_up(ratio, dp);
        if rounded == r.stated.value {
            continue;
        }
        let truncated = truncate(ratio, dp) == r.stated.value;
        let computed = format!("{}%", format_dp(ratio, dp));
        let exact = format!("{}%", format_dp(ratio, (dp + 2).max(4)));
        let stated = cx.report.slice(&r.stated.span).trim().to_owned();
        let diff = format_dp((r.stated.value - rounded).abs(), dp);
        let note = if truncated { "（截断而非四舍五入）" } else { "" };
        let num = format!("{}{}", r.numerator.label, shown(&r.numerator));
        let den = format!("{}{}", r.denominator.label, shown(&r.denominator));
        let vars = [
            ("name", r.name.as_str()),
            ("numerator", num.as_str()),
            ("denominator", den.as_str()),
            ("computed", computed.as_str()),
            ("exact", exact.as_str()),
            ("stated", stated.as_str()),
            ("diff", diff.as_str()),
            ("note", note),
        ];
        let mut d = rule
            .diag(r.stated.span.clone(), &vars)
            .with_label(format!("按表中金额计算应为 {computed}"))
            .with_related(r.numerator.span.clone(), format!("分子：{num}"))
            .with_related(r.denominator.span.clone(), format!("分母：{den}"));
        d.severity = severity(rule, r.evidence);
        out.push(d);
    }
}

pub fn sums(cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
    let half = |o: &Operand| Decimal::new(1, o.scale.min(20)) * o.multiplier / Decimal::TWO;
    for s in &cx.analysis.relations.sums {
        if !matches!(s.source, Source::Table(_)) || s.parts.is_empty() {
            continue;
        }
        let sum: Decimal = s.parts.iter().map(|p| p.value * p.multiplier).sum();
        let total = s.total.value * s.total.multiplier;
        let tol = half(&s.total) + s.parts.iter().map(half).sum::<Decimal>();
        let over = sum - total > tol;
        let under = total - sum > tol;
        if !(over || (s.complete && under)) {
            continue;
        }
        let dp = s.parts.iter().map(|p| p.scale).chain([s.total.scale]).max().unwrap_or(0);
        let parts_text = s.parts.iter().map(|p| format!("{}{}", p.label, shown(p))).collect::<Vec<_>>().join(" + ");
        let total_text = format!("{}{}", s.total.label, shown(&s.total));
        let sum_text = format_dp(sum / s.total.multiplier, dp);
        let diff_text = format_dp((sum - total).abs() / s.total.multiplier, dp);
        let relation = if over { "分项之和超过合计" } else { "分项之和小于合计" };
        let stated = cx.report.slice(&s.total.span).trim().to_owned();
        let vars = [
            ("total", total_text.as_str()),
            ("parts", parts_text.as_str()),
            ("sum", sum_text.as_str()),
            ("stated", stated.as_str()),
            ("diff", diff_text.as_str()),
            ("relation", relation),
        ];
        let mut d = rule.diag(s.total.span.clone(), &vars).with_label(format!("分项之和为 {sum_text}"));
        for p in &s.parts {
            d = d.with_related(p.span.clone(), format!("分项：{}", p.label));
        }
        d.severity = severity(rule, s.evidence);
        out.push(d);
    }
}
