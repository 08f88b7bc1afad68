//! summary: what an auditor reads first after checking a folder — totals by severity, the
//! reports in the worst shape, and how often each rule fired (`--statistics`). The same
//! numbers, and the per-report score, feed the HTML review page.

use super::Counts;
use crate::analysis::relations::RelationCounts;
use crate::diagnostics::Severity;
use crate::rules::RuleSet;
use std::collections::BTreeMap;
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// The rule id of the finding a file gets when it cannot be read.
pub const UNREADABLE_RULE: &str = "unreadable-file";
/// How many files the terminal summary lists under 问题最多的文件.
pub const TOP_FILES: usize = 10;

/// Penalty points per finding, by severity.
const WEIGHT_ERROR: u32 = 10;
const WEIGHT_WARNING: u32 = 3;
const WEIGHT_INFO: u32 = 1;
/// A rule's repeats in one report count at most this many times: forty stray spaces are one
/// habit, not forty problems, and must not outweigh a wrong execution rate.
const MAX_REPEATS_PER_RULE: u32 = 3;

/// The score of one report, 0–100: 100 minus 10 per error, 3 per warning and 1 per info,
/// each rule counted at most 3 times, never below 0. A report that could not be read
/// scores 0 — nothing in it could be verified.
pub fn score<'a>(findings: impl IntoIterator<Item = (&'a str, Severity)>) -> u32 {
    let mut per_rule: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for (rule, severity) in findings {
        if rule == UNREADABLE_RULE {
            return 0;
        }
        let weight = match severity {
            Severity::Error => WEIGHT_ERROR,
            Severity::Warning => WEIGHT_WARNING,
            Severity::Info => WEIGHT_INFO,
        };
        let entry = per_rule.entry(rule).or_insert((0, 0));
        entry.0 += 1;
        // A rule has one configured severity; keep the heaviest seen in case of overrides.
        entry.1 = entry.1.max(weight);
    }
    let penalty: u32 = per_rule.values().map(|&(n, w)| n.min(MAX_REPEATS_PER_RULE) * w).sum();
    100u32.saturating_sub(penalty)
}

/// One checked file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStats {
    pub path: String,
    pub counts: Counts,
    pub score: u32,
    pub unreadable: bool,
    /// Findings per rule in this file, most frequent first.
    pub rules: Vec<(String, usize)>,
}

/// One rule across all files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleStats {
    pub rule: String,
    pub severity: Severity,
    pub count: usize,
    /// Number of files in which the rule fired.
    pub files: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// In the order they were added (the CLI adds them in path order).
    pub files: Vec<FileStats>,
    pub totals: Counts,
    /// Most frequent first, then by rule id.
    pub rules: Vec<RuleStats>,
    /// Stated rates and totals linked to their operands, or left unexplained, in all files.
    pub relations: RelationCounts,
}

impl Summary {
    pub fn new() -> Summary {
        Summary::default()
    }

    /// Adds one file and its findings (rule id, severity).
    pub fn add_file<'a>(&mut self, path: &str, findings: impl IntoIterator<Item = (&'a str, Severity)>) {
        let findings: Vec<(&str, Severity)> = findings.into_iter().collect();
        let mut counts = Counts::default();
        let mut per_rule: Vec<(String, usize)> = Vec::new();
        for &(rule, severity) in &findings {
            counts.add(severity);
            self.totals.add(severity);
            match per_rule.iter_mut().find(|(r, _)| r == rule) {
                Some(entry) => entry.1 += 1,
                None => per_rule.push((rule.to_owned(), 1)),
            }
            match self.rules.iter_mut().find(|r| r.rule == rule) {
                Some(r) => {
                    r.count += 1;
                    r.severity = r.severity.max(severity);
                }
                None => self.rules.push(RuleStats { rule: rule.to_owned(), severity, count: 1, files: 0 }),
            }
        }
        for (rule, _) in &per_rule {
            if let Some(r) = self.rules.iter_mut().find(|r| &r.rule == rule) {
                r.files += 1;
            }
        }
        per_rule.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        self.rules.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
        let unreadable = findings.iter().any(|(r, _)| *r == UNREADABLE_RULE);
        self.files.push(FileStats {
            path: path.to_owned(),
            counts,
            score: score(findings.iter().copied()),
            unreadable,
            rules: per_rule,
        });
    }

    pub fn files_with_errors(&self) -> usize {
        self.files.iter().filter(|f| f.counts.errors > 0).count()
    }

    pub fn files_with_findings(&self) -> usize {
        self.files.iter().filter(|f| f.counts.total() > 0).count()
    }

    /// Mean score over all files, rounded; `None` when no file was checked.
    pub fn mean_score(&self) -> Option<u32> {
        let n = u32::try_from(self.files.len()).ok().filter(|&n| n > 0)?;
        let sum: u32 = self.files.iter().map(|f| f.score).sum();
        Some((sum + n / 2) / n)
    }

    /// Files in the worst shape first: by errors, then warnings, then infos, then path.
    pub fn ranked(&self) -> Vec<&FileStats> {
        let mut v: Vec<&FileStats> = self.files.iter().collect();
        v.sort_by(|a, b| {
            (b.counts.errors, b.counts.warnings, b.counts.infos)
                .cmp(&(a.counts.errors, a.counts.warnings, a.counts.infos))
                .then_with(|| a.path.cmp(&b.path))
        });
        v
    }
}

/// The closing lines of `pretty` output: one sentence, and for more than one file the table
/// of totals and the files with the most findings.
pub fn render_pretty(s: &Summary) -> String {
    let mut out = String::new();
    let files = s.files.len();
    let c = &s.totals;
    if c.total() == 0 {
        let _ = writeln!(out, "检查了 {files} 个文件，未发现问题。");
    } else {
        let _ = writeln!(
            out,
            "检查了 {files} 个文件，发现 {} 个问题：{} 个错误，{} 个警告，{} 个提示。",
            c.total(),
            c.errors,
            c.warnings,
            c.infos
        );
    }
    if files <= 1 {
        return out;
    }
    let mean = s.mean_score().map(|m| m.to_string()).unwrap_or_default();
    let rows: [(&str, String); 7] = [
        ("检查的文件", files.to_string()),
        ("有错误的文件", s.files_with_errors().to_string()),
        ("有问题的文件", s.files_with_findings().to_string()),
        ("错误", c.errors.to_string()),
        ("警告", c.warnings.to_string()),
        ("提示", c.infos.to_string()),
        ("平均得分", mean),
    ];
    let _ = writeln!(out, "\n汇总");
    for (label, value) in &rows {
        let _ = writeln!(out, "  {}{value:>6}", pad(label, 12));
    }
    let worst: Vec<&FileStats> = s.ranked().into_iter().filter(|f| f.counts.total() > 0).collect();
    if worst.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\n问题最多的文件（按错误、警告、提示数排序；得分满分 100）");
    let _ = writeln!(
        out,
        "  {}  {}  {}  {}  文件",
        pad_left("错误", 6),
        pad_left("警告", 6),
        pad_left("提示", 6),
        pad_left("得分", 4)
    );
    for f in worst.iter().take(TOP_FILES) {
        let _ = writeln!(
            out,
            "  {:>6}  {:>6}  {:>6}  {:>4}  {}{}",
            f.counts.errors,
            f.counts.warnings,
            f.counts.infos,
            f.score,
            super::terminal::escape(&f.path),
            if f.unreadable { "（无法读取）" } else { "" }
        );
    }
    if worst.len() > TOP_FILES {
        let _ = writeln!(out, "  ……另有 {} 个文件有问题（--format html 可查看全部）", worst.len() - TOP_FILES);
    }
    out
}

/// The end of `pretty` output after the files: the summary, and with `statistics` (the rule
/// set to describe the rules with) the per-rule table.
pub fn render_closing(s: &Summary, statistics: Option<&RuleSet>) -> String {
    let mut out = render_pretty(s);
    if let Some(rules) = statistics {
        out.push('\n');
        out.push_str(&render_statistics(s, rules));
    }
    out
}

/// `--statistics`: findings per rule, most frequent first, with the rule's summary; then
/// how many stated rates and totals the numeric rules could check.
pub fn render_statistics(s: &Summary, rules: &RuleSet) -> String {
    let mut out = render_rules(s, rules);
    let r = &s.relations;
    let _ = writeln!(
        out,
        "数值关系：{} 个比率、{} 个合计找到了运算数，{} 个未找到运算数（jxlint dump --relations 可查看）",
        r.rates, r.sums, r.unexplained
    );
    out
}

fn render_rules(s: &Summary, rules: &RuleSet) -> String {
    let mut out = String::new();
    if s.rules.is_empty() {
        let _ = writeln!(out, "按规则统计：未发现问题。");
        return out;
    }
    let _ = writeln!(out, "按规则统计（{} 个问题，{} 条规则）", s.totals.total(), s.rules.len());
    let id_width = s.rules.iter().map(|r| r.rule.len()).max().unwrap_or(0).max(4);
    let _ = writeln!(
        out,
        "  {}  {}  {}  {}  说明",
        pad_left("次数", 6),
        pad_left("文件数", 6),
        pad("级别", 7),
        pad("规则", id_width)
    );
    for r in &s.rules {
        let summary = rules.meta(&r.rule).map(|m| m.summary.as_str()).unwrap_or("");
        let _ = writeln!(
            out,
            "  {:>6}  {:>6}  {:<7}  {:<id_width$}  {}",
            r.count,
            r.files,
            r.severity.as_str(),
            r.rule,
            super::terminal::escape(summary)
        );
    }
    out
}

/// Pads to a display width (CJK characters are two columns wide).
fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn pad_left(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{}{s}", " ".repeat(width.saturating_sub(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_weights_severities_and_caps_repeats() {
        assert_eq!(score([]), 100);
        assert_eq!(score([("rate-mismatch", Severity::Error)]), 90);
        assert_eq!(score([("typo", Severity::Warning), ("cjk-space", Severity::Info)]), 96);
        let spaces = vec![("cjk-space", Severity::Info); 40];
        assert_eq!(score(spaces), 97);
        let errors = [("a", Severity::Error), ("b", Severity::Error), ("c", Severity::Error)];
        let many: Vec<_> = errors.iter().cycle().take(12).copied().collect();
        assert_eq!(score(many), 10);
        let worse: Vec<_> = (0..20).map(|_| ("x", Severity::Error)).chain([("y", Severity::Error)]).collect();
        assert_eq!(score(worse), 60);
        assert_eq!(score([("unreadable-file", Severity::Error)]), 0);
    }

    #[test]
    fn score_never_goes_below_zero() {
        let ids: Vec<String> = (0..20).map(|i| format!("r{i}")).collect();
        assert_eq!(score(ids.iter().map(|s| (s.as_str(), Severity::Error))), 0);
    }

    #[test]
    fn rules_are_ordered_by_count_then_id() {
        let mut s = Summary::new();
        s.add_file("a.txt", [("typo", Severity::Warning), ("cjk-space", Severity::Info)]);
        s.add_file("b.txt", [("cjk-space", Severity::Info), ("cjk-space", Severity::Info)]);
        s.add_file("c.txt", []);
        let order: Vec<(&str, usize, usize)> = s.rules.iter().map(|r| (r.rule.as_str(), r.count, r.files)).collect();
        assert_eq!(order, [("cjk-space", 3, 2), ("typo", 1, 1)]);
        assert_eq!(s.files_with_findings(), 2);
        assert_eq!(s.files_with_errors(), 0);
        assert_eq!(s.mean_score(), Some(98));
        assert_eq!(s.files[1].rules, [("cjk-space".to_owned(), 2)]);
    }
}
