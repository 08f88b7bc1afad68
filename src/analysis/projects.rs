//! The projects of a file that holds several: a department report ending with one
//! 项目支出绩效自评表 per project, or a county's file of project reports one after another.
//! Statements of one project are compared only with statements of the same project: its
//! budget, counts and scores are not another's.
//!
//! A project starts where a line names it: `项目名称：…` (or a `|项目名称|…|` row), or a title
//! such as `…项目支出绩效自评表` / `…项目绩效自评报告`. A name given again (the report's
//! prose and its own 自评表, or a project named again further on) is the same project, and
//! a file that names fewer than two projects is one scope, as before: only a second
//! distinct name partitions it. The text before the first project is the department's own
//! (scope 0).

use crate::parse::Report;

/// Where each project starts; empty when the file holds at most one.
#[derive(Debug, Default, Clone)]
pub struct Projects {
    /// Where a project's text starts, and which project it is (one number per distinct
    /// name, from 1): a project named again later continues the same scope.
    starts: Vec<(usize, usize)>,
}

/// Longest line read as a project title or name row, in characters.
const MAX_LINE_CHARS: usize = 80;
/// Title endings that make a line a single project's report or table.
const TITLE_ENDINGS: &[&str] =
    &["项目支出绩效自评表", "项目绩效自评表", "项目支出绩效自评报告", "项目绩效自评报告", "项目支出绩效自评结果"];

impl Projects {
    pub fn new(report: &Report) -> Projects {
        let mut named: Vec<(usize, String)> = Vec::new();
        for line in &report.lines {
            let text = report.slice(&line.content());
            if text.len() > MAX_LINE_CHARS * 4 || text.chars().count() > MAX_LINE_CHARS {
                continue;
            }
            if let Some(name) = project_name(text) {
                if named.last().is_none_or(|(_, last)| *last != name) {
                    named.push((line.span().start, name));
                }
            }
        }
        let mut ids: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let starts: Vec<(usize, usize)> = named
            .iter()
            .map(|(start, name)| {
                let next = ids.len() + 1;
                (*start, *ids.entry(name.as_str()).or_insert(next))
            })
            .collect();
        if ids.len() < 2 {
            return Projects::default();
        }
        Projects { starts }
    }

    /// The project holding byte `offset`: 0 before the first one (the department's own text),
    /// k within the k-th distinct project named.
    pub fn scope_of(&self, offset: usize) -> usize {
        match self.starts.partition_point(|&(s, _)| s <= offset) {
            0 => 0,
            i => self.starts[i - 1].1,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

/// The project a line names, normalised so that the title and the name row of one project
/// agree: `2024年度乡村道路养护项目支出绩效自评表` and `项目名称：乡村道路养护项目` both give
/// `乡村道路养护`.
fn project_name(line: &str) -> Option<String> {
    let t = line.trim_matches(|c: char| c.is_whitespace() || matches!(c, '|' | '｜' | '#' | '*'));
    if let Some(rest) = t.strip_prefix("项目名称") {
        let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '：' | ':' | '|' | '｜'));
        let name = rest.split(['|', '｜', '\t']).next().unwrap_or("").trim();
        // A header row of a list of projects (项目名称 | 预算数 | 执行数 …) names no project.
        let cells = t.split(['|', '｜']).filter(|c| !c.trim().is_empty()).count();
        if cells > 4 || is_column_name(name) {
            return None;
        }
        return normalise(name);
    }
    let title = TITLE_ENDINGS.iter().find_map(|e| t.strip_suffix(e).map(|head| (head, e)))?;
    normalise(&format!("{}项目", title.0))
}

fn is_column_name(s: &str) -> bool {
    s.ends_with(['数', '率', '值', '额', '分']) || s.contains("预算") || s.contains("单位")
}

/// Without a leading year (`2024年度`, `2024年`) or a trailing 项目 / 资金, and at least two
/// characters.
fn normalise(name: &str) -> Option<String> {
    let mut n = name.trim();
    let digits = n.len() - n.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 4 {
        n = n[4..].trim_start_matches("年度").trim_start_matches('年');
    }
    for suffix in ["项目", "资金", "专项"] {
        n = n.strip_suffix(suffix).unwrap_or(n);
    }
    (n.chars().count() >= 2).then(|| n.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(text: &str) -> Vec<usize> {
        let report = crate::parse::parse(text);
        let p = Projects::new(&report);
        report.lines.iter().map(|l| p.scope_of(l.span().start)).collect()
    }

    #[test]
    fn each_named_project_is_a_scope_after_the_departments_own_text() {
        let text = "部门整体情况\n附件1\n项目名称：乡村道路养护项目\n培训6个社区\n附件2\n|项目名称|农村饮水安全|\n饮水8个村\n2024年度图书馆免费开放项目支出绩效自评表\n读者5万人次\n";
        assert_eq!(scopes(text), vec![0, 0, 1, 1, 1, 2, 2, 3, 3, 3]);
        // Named again further on, a project continues its own scope.
        let again = "项目名称：乡村道路养护\n修路\n项目名称：农村饮水安全\n供水\n项目名称：乡村道路养护\n验收\n";
        assert_eq!(scopes(again), vec![1, 1, 2, 2, 1, 1, 1]);
    }

    #[test]
    fn one_project_named_twice_is_one_scope() {
        let text = "2024年度乡村道路养护项目支出绩效自评报告\n修路8公里\n项目名称：乡村道路养护项目\n";
        assert!(Projects::new(&crate::parse::parse(text)).is_empty());
        // A list of projects is no project.
        let list = "|项目名称|预算数|执行数|\n|道路养护|10|9|\n|饮水安全|20|19|\n";
        assert!(Projects::new(&crate::parse::parse(list)).is_empty());
    }
}
