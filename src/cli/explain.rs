//! `jxlint rules` and `jxlint explain`: what each rule checks and why, with its examples.

use super::args::{ExplainArgs, RulesArgs};
use super::configured::{config_for_cwd, report};
use super::{print_out, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use jxlint::rules::RuleSet;
use std::fmt::Write;

pub fn rules(args: &RulesArgs) -> u8 {
    let config = match config_for_cwd(args.file.as_deref()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let rules = match config.base_set() {
        Ok(r) => r,
        Err(e) => return report(e),
    };
    let sources = config.rule_sources();
    let source = |id: &str| sources.iter().find(|(r, _)| r == id).map_or("", |(_, s)| s.as_str()).to_owned();
    if args.test {
        return test_examples(&rules, &source);
    }
    let mut out = String::new();
    let _ = writeln!(out, "{:<24} {:<12} {:<8} {:<24} 说明", "规则", "类型", "级别", "来源");
    for r in &rules.rules {
        let state = if r.enabled { "" } else { "（已停用）" };
        let _ = writeln!(
            out,
            "{:<24} {:<12} {:<8} {:<24} {}{state}",
            r.meta.id,
            r.meta.kind,
            r.meta.severity.as_str(),
            source(&r.meta.id),
            r.meta.summary
        );
    }
    let _ = writeln!(out, "\n配置：{}", rules.source_name);
    if print_out(&out) {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}

pub fn explain(args: &ExplainArgs) -> u8 {
    let config = match config_for_cwd(args.config.as_deref()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let rules = match config.base_set() {
        Ok(r) => r,
        Err(e) => return report(e),
    };
    let sources = config.rule_sources();
    let Some(rule) = rules.get(&args.rule) else {
        let ids: Vec<&str> = rules.rules.iter().map(|r| r.meta.id.as_str()).collect();
        let hint = jxlint::rules::util::did_you_mean(&args.rule, &ids)
            .map(|s| format!("，是不是 `{s}`？"))
            .unwrap_or_default();
        eprintln!("jxlint: 未知的规则 `{}`{hint}", args.rule);
        return EXIT_ERROR;
    };
    let m = &rule.meta;
    let mut out = String::new();
    let state = if rule.enabled { "" } else { "，已停用" };
    let _ = writeln!(out, "{}（{}，级别：{}{state}）", m.id, m.kind, m.severity.as_str());
    if let Some((_, from)) = sources.iter().find(|(id, _)| *id == m.id) {
        let _ = writeln!(out, "来源：{from}");
    }
    out.push('\n');
    let _ = writeln!(out, "{}\n", m.summary);
    if let Some(e) = &m.explanation {
        let _ = writeln!(out, "为什么要查：\n{}\n", e.trim());
    }
    if let Some(h) = &m.help {
        let _ = writeln!(out, "怎么改：\n{}\n", h);
    }
    if let Some(def) = config.definition(&m.id) {
        let settings = settings(def);
        if !settings.is_empty() {
            let _ = writeln!(out, "当前设置：\n{settings}");
        }
    }
    for (i, ex) in m.examples.iter().enumerate() {
        let _ = writeln!(out, "示例 {}：", i + 1);
        if let Some(b) = &ex.bad {
            let _ = writeln!(out, "  有问题：{}", b.trim_end().replace('\n', "\n          "));
        }
        if let Some(g) = &ex.good {
            let _ = writeln!(out, "  正确：  {}", g.trim_end().replace('\n', "\n          "));
        }
    }
    if print_out(&out) {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}

/// Runs every rule's examples: `bad` must trigger the rule, `good` must not.
fn test_examples(rules: &RuleSet, source: &dyn Fn(&str) -> String) -> u8 {
    let results = jxlint::config::examples::run_examples(rules);
    let mut out = String::new();
    let _ = writeln!(out, "{:<24} {:<6} {:<6} {:<24} 结果", "规则", "示例", "类别", "来源");
    for r in &results {
        let mark = if r.passed { "通过" } else { "失败" };
        let _ = writeln!(
            out,
            "{:<24} {:<6} {:<6} {:<24} {mark}{}",
            r.rule,
            r.index + 1,
            if r.bad { "bad" } else { "good" },
            source(&r.rule),
            r.detail
        );
    }
    let untested: Vec<&str> = rules
        .rules
        .iter()
        .filter(|r| r.meta.examples.iter().all(|e| e.bad.is_none()) || r.meta.examples.iter().all(|e| e.good.is_none()))
        .map(|r| r.meta.id.as_str())
        .collect();
    if !untested.is_empty() {
        let _ = writeln!(out, "\n缺少 bad 或 good 示例的规则：{}", untested.join("、"));
    }
    let failed = results.iter().filter(|r| !r.passed).count();
    let _ = writeln!(out, "\n{} passed, {} failed", results.len() - failed, failed);
    print_out(&out);
    if failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// The rule's parameters as configured, so an auditor can see that a change took effect.
fn settings(def: &jxlint::rules::config::RuleDef) -> String {
    use jxlint::rules::kinds::{indicators, outline, phrase, rate};
    use jxlint::util::toml_table::RawValue;
    let list =
        |v: &[jxlint::util::Spanned<String>]| v.iter().map(|s| s.get_ref().as_str()).collect::<Vec<_>>().join("、");
    let strings =
        |key: &str| def.params.strings(key).iter().filter_map(|v| v.get_ref().as_str()).collect::<Vec<_>>().join("、");
    let kind = def.kind.get_ref().as_str();
    let mut out = String::new();
    match def.params.get("threshold").map(|t| t.get_ref()) {
        Some(RawValue::Float(t)) => {
            let _ = writeln!(out, "  阈值：{t}");
        }
        Some(RawValue::Integer(t)) => {
            let _ = writeln!(out, "  阈值：{t}");
        }
        _ => {}
    }
    if kind == "outline" {
        for s in def.params::<outline::Params>().map(|p| p.section).unwrap_or_default() {
            let req = if s.required { "" } else { "（可选）" };
            let _ = writeln!(out, "  章节“{}”{req}：{}", s.name, list(&s.titles));
        }
    }
    if kind == "rate" {
        for r in def.params::<rate::Params>().map(|p| p.rate).unwrap_or_default() {
            let _ = writeln!(out, "  比率“{}”：{}", r.name, list(&r.labels));
        }
    }
    if kind == "indicators" {
        for c in def.params::<indicators::Params>().map(|p| p.category).unwrap_or_default() {
            let _ = writeln!(out, "  指标类别“{}”：{}", c.name, list(&c.patterns));
        }
    }
    let phrases = if kind == "phrase" {
        def.params::<phrase::Params>().map(|p| p.phrase).unwrap_or_default()
    } else {
        Vec::new()
    };
    if !phrases.is_empty() {
        let shown: Vec<String> = phrases
            .iter()
            .take(12)
            .map(|p| match &p.replace {
                Some(r) => format!("{}→{r}", p.find.get_ref()),
                None => p.find.get_ref().clone(),
            })
            .collect();
        let more = if phrases.len() > 12 { format!(" …（共 {} 条）", phrases.len()) } else { String::new() };
        let _ = writeln!(out, "  短语：{}{more}", shown.join("，"));
    }
    for (name, key) in [("标签", "labels"), ("原因", "reasons"), ("可衡量表述", "measurable"), ("排除", "exclude")]
    {
        let v = strings(key);
        if !v.is_empty() {
            let _ = writeln!(out, "  {name}：{v}");
        }
    }
    let facts = strings("facts");
    if !facts.is_empty() {
        let _ = writeln!(out, "  事实：{facts}");
    }
    if let Some(c) = def.params.get("chars").and_then(|c| c.get_ref().as_str()) {
        let _ = writeln!(out, "  字符：{c}");
    }
    out
}
