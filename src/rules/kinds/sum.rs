//! `sum`: totals against their stated parts.
//!
//! - In a sentence: `X，其中：A、B、C` / `X（包含A、B、C）` / `X，分别是A、B、C`, and parts
//!   followed by `合计/共计 X`. Parts are the amounts at the breakdown's bracket depth; a
//!   part's own bracketed breakdown is checked on its own and not counted twice. After
//!   `其中` the parts may be only some of the total, so only parts exceeding the total are
//!   wrong; after an exhaustive word (`分别是`) or before `合计` they must add up exactly.
//! - Across the report: equations between named facts (人员经费 + 公用经费 + 项目支出 = 支出).
//!
//! Amounts are compared in 元; the tolerance is what the stated precision allows (half a
//! unit in the last written digit of every number involved).

use super::super::config::RuleDef;
use super::super::util::regex_set;
use super::super::{Check, Context, KindError, RuleMeta};
use super::{fact_ref, written};
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;
use crate::parse::number::group_thousands;
use crate::parse::{Quantity, Report};
use regex::RegexSet;
use rust_decimal::Decimal;

struct Equation {
    parts: Vec<String>,
    total: String,
    tolerance: Option<Decimal>,
}

struct SumRule {
    breakdown: Option<RegexSet>,
    exhaustive: Option<RegexSet>,
    total_words: Option<RegexSet>,
    equations: Vec<Equation>,
}

pub fn compile(def: &RuleDef, facts: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let set = |l: &[toml::Spanned<String>]| {
        if l.is_empty() {
            Ok(None)
        } else {
            regex_set(l).map(Some)
        }
    };
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
    Ok(Box::new(SumRule {
        breakdown: set(&def.breakdown)?,
        exhaustive: set(&def.exhaustive)?,
        total_words: set(&def.labels)?,
        equations,
    }))
}

fn is_amount(q: &Quantity) -> bool {
    q.unit.is_money() && !q.in_range && q.comparator.is_none()
}

/// Half a unit in the last written digit, in 元.
fn half_ulp(q: &Quantity) -> Decimal {
    let unit = Decimal::new(1, q.scale.min(20));
    unit * q.multiplier / Decimal::TWO
}

/// Shows an amount in 元 in the unit `like` was written in, grouped like it when it was.
fn in_unit_of(v: Decimal, like: &Quantity, report: &Report) -> String {
    let x = (v / like.multiplier).normalize();
    let mut shown = if x.scale() < like.scale { format!("{:.*}", like.scale as usize, x) } else { x.to_string() };
    if report.slice(&like.number_span).contains(',') {
        shown = group_thousands(&shown);
    }
    format!("{}{}", shown, report.slice(&like.unit_text))
}

const SKIP: &[char] = &['，', ',', '：', ':', '（', '(', ' ', '\u{3000}', '；', ';'];

/// The breakdown word right after `q`, if any: (matched text, parenthesised).
fn breakdown_after<'r>(report: &'r Report, q: &Quantity, next_start: usize, set: &RegexSet) -> Option<(&'r str, bool)> {
    let between = &report.text[q.span.end..next_start];
    let trimmed = between.trim_start_matches(SKIP);
    let paren = between[..between.len() - trimmed.len()].contains(['（', '(']);
    let head: String = trimmed.chars().take(6).collect();
    set.matches(&head).iter().next()?;
    Some((&between[between.len() - trimmed.len()..], paren))
}

impl SumRule {
    fn check_sentence(&self, report: &Report, idx: &[usize], rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let Some(bset) = &self.breakdown else { return };
        let qs: Vec<&Quantity> = idx.iter().map(|&i| &report.quantities[i]).collect();
        let sentence_end = report.sentences[qs[0].sentence].span.end;
        let next_start = |k: usize| qs.get(k + 1).map_or(sentence_end, |n| n.span.start);
        for (k, total) in qs.iter().enumerate() {
            if !is_amount(total) {
                continue;
            }
            let Some((word, paren)) = breakdown_after(report, total, next_start(k), bset) else {
                continue;
            };
            let exhaustive =
                self.exhaustive.as_ref().is_some_and(|e| e.is_match(&word.chars().take(6).collect::<String>()));
            let depth = total.paren_depth + u8::from(paren);
            let mut parts: Vec<&Quantity> = Vec::new();
            for (m, p) in qs.iter().enumerate().skip(k + 1) {
                if p.paren_depth < depth {
                    break;
                }
                if p.paren_depth > depth || !is_amount(p) {
                    continue;
                }
                // A same-depth amount with its own unbracketed breakdown starts a new total.
                if breakdown_after(report, p, next_start(m), bset).is_some_and(|(_, par)| !par) {
                    break;
                }
                parts.push(p);
            }
            self.compare(report, total, &parts, exhaustive, None, rule, out);
        }
        // Parts followed by 合计/共计 X: the parts must add up to X.
        if let Some(tw) = &self.total_words {
            for (k, total) in qs.iter().enumerate() {
                if !is_amount(total) || !tw.is_match(report.slice(&total.label)) {
                    continue;
                }
                let parts: Vec<&Quantity> =
                    qs[..k].iter().filter(|p| is_amount(p) && p.paren_depth == total.paren_depth).copied().collect();
                if parts.len() >= 2 {
                    self.compare(report, total, &parts, true, None, rule, out);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn compare(
        &self,
        report: &Report,
        total: &Quantity,
        parts: &[&Quantity],
        exhaustive: bool,
        tolerance: Option<Decimal>,
        rule: &RuleMeta,
        out: &mut Vec<Diagnostic>,
    ) {
        if parts.is_empty() || (exhaustive && parts.len() < 2 && tolerance.is_none()) {
            return;
        }
        let sum: Decimal = parts.iter().map(|p| p.value).sum();
        let tol = tolerance.unwrap_or_else(|| half_ulp(total) + parts.iter().map(|p| half_ulp(p)).sum::<Decimal>());
        let over = sum - total.value > tol;
        let under = total.value - sum > tol;
        if !(over || (exhaustive && under)) {
            return;
        }
        let parts_text = parts
            .iter()
            .map(|p| format!("{}{}", report.slice(&p.label), written(report, p)))
            .collect::<Vec<_>>()
            .join(" + ");
        let total_text = format!("{}{}", report.slice(&total.label), written(report, total));
        let sum_text = in_unit_of(sum, total, report);
        let diff_text = in_unit_of((sum - total.value).abs(), total, report);
        let relation = if over { "分项之和超过合计" } else { "分项之和小于合计" };
        let vars = [
            ("total", total_text.as_str()),
            ("parts", parts_text.as_str()),
            ("sum", sum_text.as_str()),
            ("stated", &written(report, total)),
            ("diff", diff_text.as_str()),
            ("relation", relation),
        ];
        let mut d =
            rule.diag(total.number_span.start..total.span.end, &vars).with_label(format!("分项之和为 {sum_text}"));
        for p in parts {
            d = d.with_related(p.number_span.start..p.span.end, format!("分项：{}", report.slice(&p.label)));
        }
        out.push(d);
    }
}

impl Check for SumRule {
    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        super::table_relation_eval::sums(cx, rule, out);
        let report = cx.report;
        let mut start = 0;
        while start < report.quantities.len() {
            let s = report.quantities[start].sentence;
            let end = start + report.quantities[start..].iter().take_while(|q| q.sentence == s).count();
            let idx: Vec<usize> = (start..end).collect();
            self.check_sentence(report, &idx, rule, out);
            start = end;
        }
        for eq in &self.equations {
            let Some(total) = cx.analysis.facts.get(&eq.total).first() else {
                continue;
            };
            let parts: Option<Vec<&Quantity>> = eq
                .parts
                .iter()
                .map(|p| cx.analysis.facts.get(p).first().map(|s| &report.quantities[s.quantities[0]]))
                .collect();
            let Some(parts) = parts else { continue };
            let tq = &report.quantities[total.quantities[0]];
            if parts.iter().any(|p| std::ptr::eq(*p, tq)) {
                continue;
            }
            self.compare(report, tq, &parts, true, eq.tolerance, rule, out);
        }
    }
}
