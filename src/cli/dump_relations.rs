//! `jxlint dump --relations FILE`: every stated rate and total the analysis linked to the
//! operands meant to reproduce it — where, from which scope, on what evidence, and whether
//! the arithmetic agrees — then the stated values left unexplained and the statements of
//! the named facts. The rules read exactly this (`RuleSet::analyse`), so it answers why a
//! rate-mismatch or sum-mismatch is, or is not, reported.

use jxlint::analysis::relations::{Evidence, Operand, RateRelation, Source, SumRelation};
use jxlint::analysis::Analysis;
use jxlint::diagnostics::LineIndex;
use jxlint::parse::Report;
use jxlint::rules::kinds::sum::in_unit_of;
use jxlint::rules::RuleSet;
use std::fmt::Write;

pub fn render(report: &Report, rules: &RuleSet) -> String {
    let analysis = rules.analyse(report);
    let lines = LineIndex::new(&report.text);
    let at = |offset: usize| {
        let p = lines.position(offset);
        format!("{}:{}", p.line, p.column)
    };
    let written = |o: &Operand| one_line(report.text.get(o.span.clone()).unwrap_or(""));
    let operand = |role: &str, o: &Operand| {
        format!("  {role} {}“{}”（{}）", one_line(o.label.of(report)), written(o), at(o.span.start))
    };
    let rel = &analysis.relations;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n== 数值关系（比率 {} 个，合计 {} 个，未找到运算数 {} 个）",
        rel.rates.len(),
        rel.sums.len(),
        rel.unexplained.len()
    );
    for r in &rel.rates {
        let _ = writeln!(
            out,
            "比率 {} {}“{}”：{}",
            at(r.stated.span.start),
            one_line(r.name.of(report)),
            written(&r.stated),
            how(&r.source, r.evidence)
        );
        let _ = writeln!(out, "{}", operand("分子", &r.numerator));
        let _ = writeln!(out, "{}", operand("分母", &r.denominator));
        let _ = writeln!(out, "  {}", rate_verdict(r));
    }
    for s in &rel.sums {
        let whole = if s.complete { "分项完整" } else { "分项可能不全" };
        let _ = writeln!(
            out,
            "合计 {} {}“{}”：{}，{whole}",
            at(s.total.span.start),
            one_line(s.total.label.of(report)),
            written(&s.total),
            how(&s.source, s.evidence)
        );
        for p in &s.parts {
            let _ = writeln!(out, "{}", operand("分项", p));
        }
        let _ = writeln!(out, "  {}", sum_verdict(report, s));
    }
    for span in &rel.unexplained {
        // Quantities are in document order: the one the span starts at names it.
        let i = report.quantities.partition_point(|q| q.number_span().start < span.start);
        let label =
            report.quantities.get(i).filter(|q| q.number_span().start == span.start).map(|q| report.slice(&q.label()));
        let _ = writeln!(
            out,
            "未找到运算数 {} {}“{}”",
            at(span.start),
            one_line(label.unwrap_or("")),
            one_line(report.text.get(span.clone()).unwrap_or(""))
        );
    }
    out.push_str(&render_facts(report, rules, &analysis, &at));
    out
}

/// The statements of each named fact, which count-mismatch and the fact rules compare.
fn render_facts(report: &Report, rules: &RuleSet, analysis: &Analysis, at: &dyn Fn(usize) -> String) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n== 事实陈述（{} 个事实）", rules.facts.facts.len());
    for fact in &rules.facts.facts {
        let statements = analysis.facts.get(&fact.name);
        if statements.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{}（{}）：{} 处", fact.name, one_line(&fact.description), statements.len());
        for s in statements {
            let derivation = s.derivation.as_deref().map(|d| format!("，由 {d} 得出")).unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} “{}” = {}{derivation}",
                at(s.span.start),
                one_line(report.text.get(s.span.clone()).unwrap_or("")),
                s.value.normalize()
            );
        }
    }
    out
}

/// Where the operands were found, and how strongly the wording supports the link.
fn how(source: &Source, evidence: Evidence) -> String {
    let from = match source {
        Source::Prose(scope) => (*scope).to_owned(),
        Source::Table(i) => format!("表{}", i + 1),
    };
    let strength = match evidence {
        Evidence::Weak => "弱（不符时为警告）",
        Evidence::Strong => "强（不符时为错误）",
    };
    format!("{from}，证据{strength}")
}

fn rate_verdict(r: &RateRelation) -> String {
    let stated = r.stated.value.normalize();
    match r.ratio() {
        None => format!("计算 分母为零，写明 {stated}%，不符"),
        Some(exact) => {
            // Two digits past the stated ones show which way the rounding went.
            let shown = exact.round_dp(r.stated.scale.saturating_add(2)).normalize();
            let agrees = if r.reproduces() { "相符" } else { "不符" };
            format!("计算 {shown}%，写明 {stated}%，{agrees}")
        }
    }
}

fn sum_verdict(report: &Report, s: &SumRelation) -> String {
    let agrees = match (s.holds(s.tolerance()), s.complete) {
        (true, _) => "相符",
        (false, true) => "不符",
        (false, false) => "不符（分项之和超过合计）",
    };
    format!(
        "计算 {}，写明 {}，{agrees}",
        in_unit_of(s.sum(), &s.total, report),
        in_unit_of(s.total.value, &s.total, report)
    )
}

fn one_line(s: &str) -> String {
    s.replace('\n', "⏎").replace('\t', "⇥")
}
