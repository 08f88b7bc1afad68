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
    let results = jxlint::rules::examples::run_examples(rules);
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
    let list = |v: &[toml::Spanned<String>]| v.iter().map(|s| s.get_ref().as_str()).collect::<Vec<_>>().join("、");
    let mut out = String::new();
    if let Some(t) = &def.threshold {
        let _ = writeln!(out, "  阈值：{}", t.get_ref());
    }
    for s in &def.section {
        let req = if s.required { "" } else { "（可选）" };
        let _ = writeln!(out, "  章节“{}”{req}：{}", s.name, list(&s.titles));
    }
    for r in &def.rate {
        let _ = writeln!(out, "  比率“{}”：{}", r.name, list(&r.labels));
    }
    for c in &def.category {
        let _ = writeln!(out, "  指标类别“{}”：{}", c.name, list(&c.patterns));
    }
    if !def.phrase.is_empty() {
        let shown: Vec<String> = def
            .phrase
            .iter()
            .take(12)
            .map(|p| match &p.replace {
                Some(r) => format!("{}→{r}", p.find.get_ref()),
                None => p.find.get_ref().clone(),
            })
            .collect();
        let more =
            if def.phrase.len() > 12 { format!(" …（共 {} 条）", def.phrase.len()) } else { String::new() };
        let _ = writeln!(out, "  短语：{}{more}", shown.join("，"));
    }
    for (name, v) in
        [("标签", &def.labels), ("原因", &def.reasons), ("可衡量表述", &def.measurable), ("排除", &def.exclude)]
    {
        if !v.is_empty() {
            let _ = writeln!(out, "  {name}：{}", list(v));
        }
    }
    if !def.facts.is_empty() {
        let _ = writeln!(out, "  事实：{}", list(&def.facts));
    }
    if let Some(c) = &def.chars {
        let _ = writeln!(out, "  字符：{}", c.get_ref());
    }
    out
}
