//! rules: the rule engine. A [`RuleSet`] is compiled once from TOML and shared by all
//! threads; [`RuleSet::check`] runs every enabled rule over one parsed report.
//!
//! Architecture invariant: rules never do I/O. They read the [`Report`] and its
//! [`Analysis`] (built once per report) and return [`Diagnostic`]s.

pub mod config;
pub mod error;
pub mod guard;
pub mod kinds;
pub mod util;
pub mod workbook;

use crate::analysis::{Analysis, Vocabulary};
use crate::diagnostics::{fill, Diagnostic, Severity};
use crate::facts::FactSet;
use crate::parse::{Report, Span};
pub use error::{ConfigError, KindError};
use std::sync::Arc;

/// The built-in rule set, embedded in the binary.
pub const DEFAULT_RULES: &str = include_str!("../../rules/default.toml");
pub const DEFAULT_RULES_NAME: &str = "rules/default.toml";

/// Everything a rule may look at.
pub struct Context<'a> {
    pub report: &'a Report,
    /// Built once per report, before any rule runs.
    pub analysis: &'a Analysis,
    pub fact_set: &'a FactSet,
    /// The rule may split its own work across threads (a long report's, checked on all
    /// threads); its findings must come out the same either way.
    pub threads: bool,
}

impl Context<'_> {
    /// A fact's Chinese description, for messages (its name if it has none).
    pub fn facts_description(&self, name: &str) -> String {
        self.fact_set.get(name).map_or_else(|| name.to_owned(), |f| f.description.clone())
    }
}

/// A compiled rule kind: configuration already validated, regexes compiled.
pub trait Check: Send + Sync {
    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>);

    /// Whether the kind reads `cx.analysis`. One that does not is handed an empty analysis,
    /// always (so a kind that says so wrongly finds nothing in its own tests), and on a long
    /// report runs while the analysis is being built.
    fn reads_analysis(&self) -> bool {
        true
    }
}

/// An enabled rule and its place among the enabled rules.
type Numbered<'a> = (usize, &'a Rule);

/// What every rule has regardless of its kind.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: String,
    pub kind: String,
    pub severity: Severity,
    pub summary: String,
    pub message: String,
    pub help: Option<Arc<str>>,
    pub explanation: Option<String>,
    pub examples: Vec<config::Example>,
}

impl RuleMeta {
    /// A finding of this rule: message template filled with `vars`, help attached.
    pub fn diag(&self, span: Span, vars: &[(&str, &str)]) -> Diagnostic {
        let d = Diagnostic::new(&self.id, self.severity, span, fill(&self.message, vars));
        match &self.help {
            Some(h) if h.contains('{') => d.with_help(fill(h, vars)),
            Some(h) => d.with_shared_help(h.clone()),
            None => d,
        }
    }
}

pub struct Rule {
    pub meta: RuleMeta,
    pub enabled: bool,
    check: Box<dyn Check>,
}

pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub facts: FactSet,
    /// The wording the relation finders read, from the numeric kinds' parameters.
    pub vocabulary: Vocabulary,
    /// Where the rules came from, for `jxlint rules`.
    pub source_name: String,
}

impl RuleSet {
    /// The built-in rules. They are tested, so failing to compile them is a bug.
    pub fn builtin() -> RuleSet {
        match RuleSet::from_toml(DEFAULT_RULES_NAME, DEFAULT_RULES) {
            Ok(r) => r,
            Err(e) => panic!("built-in rules do not compile: {e:?}"),
        }
    }

    /// Compiles a rule file. Errors point into `src` with a span.
    pub fn from_toml(name: &str, src: &str) -> Result<RuleSet, Box<ConfigError>> {
        let file: config::RuleFile =
            toml::from_str(src).map_err(|e| Box::new(ConfigError::from_toml(name, src, &e)))?;
        RuleSet::compile(&file.fact, &file.rule, name).map_err(|e| Box::new(ConfigError::from_kind(name, src, e)))
    }

    /// Compiles already-parsed definitions (a rule file, or the effective rules of a
    /// `jxlint.toml`). Error spans are those the definitions carry.
    pub fn compile(fact_defs: &[config::FactDef], defs: &[config::RuleDef], name: &str) -> Result<RuleSet, KindError> {
        let facts = FactSet::compile(fact_defs)?;
        let mut rules: Vec<Rule> = Vec::with_capacity(defs.len());
        let mut vocabulary = Vocabulary::default();
        for def in defs {
            let id = def.id.get_ref();
            if !util::is_kebab_case(id) {
                return Err(KindError::new(
                    def.id.span(),
                    format!("规则 id `{id}` 应为小写英文单词加连字符（如 `rate-mismatch`）"),
                ));
            }
            if rules.iter().any(|r| r.meta.id == *id) {
                return Err(KindError::new(def.id.span(), format!("规则 id `{id}` 重复定义")));
            }
            let severity = match &def.severity {
                None => Severity::Warning,
                Some(s) => s.get_ref().parse().map_err(|m: String| KindError::new(s.span(), m))?,
            };
            let check = kinds::compile(def, &facts)?;
            if let Some(key) = def.missing {
                return Err(KindError::new(def.kind.span(), format!("缺少必填的键 `{key}`")));
            }
            if def.enabled && def.kind.get_ref() == "sum" && vocabulary.sums.is_none() {
                vocabulary.sums = kinds::sum::vocabulary(def)?;
            }
            if def.enabled && vocabulary.restatements.is_none() {
                vocabulary.restatements = kinds::restatement::vocabulary(def)?;
            }
            if def.enabled && def.kind.get_ref() == "rate" {
                vocabulary.rates.extend(kinds::rate::vocabulary(def)?);
            }
            rules.push(Rule {
                meta: RuleMeta {
                    id: id.clone(),
                    kind: def.kind.get_ref().clone(),
                    severity,
                    summary: def.summary.clone(),
                    message: def.message.clone(),
                    help: def.help.as_deref().map(Arc::from),
                    explanation: def.explanation.clone(),
                    examples: def.example.clone(),
                },
                enabled: def.enabled,
                check,
            });
        }
        Ok(RuleSet { rules, facts, vocabulary, source_name: name.to_owned() })
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.meta.id == id)
    }

    pub fn meta(&self, id: &str) -> Option<&RuleMeta> {
        self.get(id).map(|r| &r.meta)
    }

    /// Runs every enabled rule, each under the [`guard`]: a rule that panics gives an
    /// [`guard::INTERNAL_ERROR`] finding instead of its own. Findings come back sorted by
    /// position, then rule id.
    pub fn check(&self, report: &Report) -> Vec<Diagnostic> {
        self.check_guarded(report).findings
    }

    /// [`RuleSet::check`], also saying which rules crashed.
    pub fn check_guarded(&self, report: &Report) -> guard::Checked {
        self.check_with_threads(report, crate::analysis::uses_threads(report))
    }

    /// [`RuleSet::check_guarded`], on all threads or on this one: the same findings in the
    /// same order either way.
    pub fn check_with_threads(&self, report: &Report, threads: bool) -> guard::Checked {
        let analyse = || {
            guard::guarded(guard::ANALYSIS, || Analysis::with_threads(report, &self.facts, &self.vocabulary, threads))
        };
        let enabled: Vec<&Rule> = self.rules.iter().filter(|r| r.enabled).collect();
        let (reading, report_only): (Vec<Numbered<'_>>, Vec<Numbered<'_>>) =
            enabled.iter().copied().enumerate().partition(|(_, r)| r.check.reads_analysis());
        // Each rule on its own, its findings and crashes joined below in rule order: what one
        // pass over the rules gives, so the sort below orders ties the same.
        let run = |rules: &[Numbered<'_>], analysis: &Analysis| -> Vec<(usize, guard::Checked)> {
            let cx = Context { report, analysis, fact_set: &self.facts, threads };
            let one = |&(i, r): &(usize, &Rule)| {
                let mut c = guard::run_each([r], |r| r.meta.id.as_str(), |r, out| r.check.check(&cx, &r.meta, out));
                // Held beside the analysis until every rule is done: no growth slack (a
                // long report's heading-numbering findings alone were 25 MB for 18).
                c.findings.shrink_to_fit();
                (i, c)
            };
            if threads {
                use rayon::prelude::*;
                rules.par_iter().map(one).collect()
            } else {
                rules.iter().map(one).collect()
            }
        };
        let nothing = Analysis::default();
        // The rules that read only the report run on whatever threads the analysis leaves
        // idle (its serial stretches) rather than after it.
        let (analysis, early) = if threads {
            rayon::join(analyse, || run(&report_only, &nothing))
        } else {
            (analyse(), run(&report_only, &nothing))
        };
        let analysis = match analysis {
            Ok(analysis) => analysis,
            Err(crash) => {
                return guard::Checked { findings: vec![crash.finding()], crashes: vec![crash], ..Default::default() }
            }
        };
        let mut each: Vec<Option<guard::Checked>> = (0..enabled.len()).map(|_| None).collect();
        for (i, c) in early.into_iter().chain(run(&reading, &analysis)) {
            each[i] = Some(c);
        }
        let relations = analysis.relations.counts();
        // Freed before the findings are joined into one vector, which would otherwise sit
        // beside it and the rules' own vectors at once.
        drop(analysis);
        let mut checked = guard::Checked::default();
        checked.findings.reserve_exact(each.iter().flatten().map(|c| c.findings.len()).sum());
        for c in each.into_iter().flatten() {
            checked.findings.extend(c.findings);
            checked.crashes.extend(c.crashes);
        }
        let out = &mut checked.findings;
        out.sort_by(|a, b| (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule)));
        out.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
        checked.relations = relations;
        checked
    }

    /// What every rule of this set reads about `report` (facts, tables, numeric relations),
    /// for tools that show it (`jxlint dump --relations`). Not guarded: the caller decides
    /// what a crash means.
    pub fn analyse(&self, report: &Report) -> Analysis {
        Analysis::new(report, &self.facts, &self.vocabulary)
    }

    /// Runs only the rule `id` (used by rule examples), under the [`guard`].
    pub fn check_one(&self, report: &Report, id: &str) -> Vec<Diagnostic> {
        let Some(rule) = self.get(id) else {
            return Vec::new();
        };
        let analysis = if rule.check.reads_analysis() { self.analyse(report) } else { Analysis::default() };
        let cx = Context { report, analysis: &analysis, fact_set: &self.facts, threads: false };
        guard::run_each([rule], |r| r.meta.id.as_str(), |r, out| r.check.check(&cx, &r.meta, out)).findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule kind that exists only in this test: the guard's seam is `Check` itself.
    struct Divides;

    impl Check for Divides {
        fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
            out.push(rule.diag(0..1, &[]));
            let zero = cx.report.quantities.len() - cx.report.quantities.len();
            out.push(rule.diag(0..1 / zero, &[]));
        }
    }

    #[test]
    fn a_panicking_rule_gives_an_internal_error_and_the_other_rules_still_report() {
        let mut rules = RuleSet::builtin();
        let mut meta = rules.rules[0].meta.clone();
        meta.id = "divides".to_owned();
        rules.rules.push(Rule { meta, enabled: true, check: Box::new(Divides) });
        let report = crate::parse::parse("截止2024年底，共有编制19人。");
        let checked = rules.check_guarded(&report);
        let found: Vec<(&str, Span)> = checked
            .findings
            .iter()
            .filter(|d| d.rule == guard::INTERNAL_ERROR || d.rule == "typo")
            .map(|d| (d.rule.as_str(), d.span.clone()))
            .collect();
        assert_eq!(found, [(guard::INTERNAL_ERROR, 0..0), ("typo", 0..6)]);
        assert!(checked.findings.iter().all(|d| d.rule != "divides"), "a crashed rule's findings are dropped");
        assert!(checked.findings[0].message.starts_with("内部错误，请报告：规则 divides 检查本文件时崩溃（"));
        assert_eq!(checked.crashes.len(), 1);
        assert_eq!(checked.crashes[0].stage, "divides");
        assert_eq!(rules.check(&report), checked.findings);
    }

    #[test]
    fn checking_on_all_threads_gives_the_findings_and_crashes_of_one_thread_in_the_same_order() {
        let mut rules = RuleSet::builtin();
        let mut meta = rules.rules[0].meta.clone();
        meta.id = "divides".to_owned();
        rules.rules.insert(3, Rule { meta, enabled: true, check: Box::new(Divides) });
        let text = [
            include_str!("../../fixtures/department-natural-resources.txt"),
            include_str!("../../fixtures/project-county-road.txt"),
            include_str!("../../fixtures/department-education.md"),
            // Lists whose names the count contradicts, read in pieces on all threads.
            "实施重点项目3个，分别为甲项目、乙项目。\n涉及溪桥镇、松涛乡、石门镇等2个乡镇。\n\
             共完成整治工程4个，分别是东湖、西湖、南湖。",
        ]
        .join("\n");
        let report = crate::parse::parse(&text);
        let one = rules.check_with_threads(&report, false);
        let all = rules.check_with_threads(&report, true);
        assert!(one.findings.len() > 20, "{:?}", one.findings);
        let lists = one.findings.iter().filter(|d| d.message.starts_with("数量与所列名称")).count();
        assert!(lists >= 3, "{:?}", one.findings);
        assert_eq!(all.findings, one.findings);
        assert_eq!(all.crashes, one.crashes);
        assert_eq!(all.relations, one.relations);
        let [a, b] = [true, false].map(|t| Analysis::with_threads(&report, &rules.facts, &rules.vocabulary, t));
        assert_eq!(format!("{:?}", a.relations), format!("{:?}", b.relations));
        assert_eq!(format!("{:?}", a.tables), format!("{:?}", b.tables));
        // Facts are kept by name in a hash map: compared fact by fact.
        for f in &rules.facts.facts {
            assert_eq!(format!("{:?}", a.facts.get(&f.name)), format!("{:?}", b.facts.get(&f.name)));
        }
    }

    #[test]
    fn a_help_without_placeholders_is_shared_and_one_with_them_is_filled() {
        let mut meta = RuleSet::builtin().rules[0].meta.clone();
        meta.help = Some(Arc::from("改为规范用语"));
        let [a, b] = [meta.diag(0..1, &[]), meta.diag(2..3, &[])];
        let (ha, hb) = (a.help.expect("help"), b.help.expect("help"));
        assert!(Arc::ptr_eq(&ha, &hb), "one help for every finding of the rule");
        meta.help = Some(Arc::from("把“{found}”改为“{expected}”"));
        let d = meta.diag(0..1, &[("found", "截止"), ("expected", "截至")]);
        assert_eq!(d.help.as_deref(), Some("把“截止”改为“截至”"));
    }
}
