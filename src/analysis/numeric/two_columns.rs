//! Two lists printed side by side and flattened line by line. The 部门整体支出绩效自评表
//! sets 按收入性质分 beside 按支出性质分, each a total with its parts below it; copied out
//! of the form, the two columns alternate:
//!
//! ```text
//! 按收入性质分：2230.47
//! 按支出性质分：2145.40
//! 其中：一般公共预算：1486.72
//! 其中：基本支出：1046.88
//! 政府性基金拨款：132.40
//! 项目支出：1098.52
//! 其他资金：611.35
//! ```
//!
//! Two `label：number` lines that open a breakdown (其中) one after the other, right after
//! two that do not, show the interleaving: every other line from there on belongs to one
//! column. Each column is its first line's total and the lines below it. The split is taken
//! only when one of the columns adds up: that is the evidence two lists were interleaved,
//! and then the other column must add up too.
//!
//! Linear: each quantity is looked at once, and each run of such lines is split once.

use super::sums::{adds_up, operand};
use crate::analysis::relations::{Evidence, Label, Operand, Source, SumRelation};
use crate::parse::{Quantity, Report};

/// A `label：number` line: its quantity and whether it opens a breakdown (`其中：…`).
struct Entry {
    line: usize,
    q: usize,
    opens: bool,
}

/// Adds the sums of interleaved two-column lists to `out`.
pub fn relations(report: &Report, out: &mut Vec<SumRelation>) {
    let qs = &report.quantities;
    let mut run: Vec<Entry> = Vec::new();
    let mut i = 0;
    while i < qs.len() {
        let line = qs[i].line();
        let alone = qs.get(i + 1).is_none_or(|n| n.line() != line);
        let entry = alone.then(|| key_value(report, i)).flatten();
        match entry {
            Some(opens) => {
                let adjacent = run.last().is_some_and(|e| only_blank_between(report, e.line, line));
                if !adjacent {
                    split(report, &run, out);
                    run.clear();
                }
                run.push(Entry { line, q: i, opens });
            }
            None => {
                split(report, &run, out);
                run.clear();
            }
        }
        i = qs[i..].iter().position(|q| q.line() != line).map_or(qs.len(), |k| i + k);
    }
    split(report, &run, out);
}

/// Whether quantity `i` ends a line of the form `[其中：]label：number`, the label holding no
/// other number; `Some(opens)` says whether it opens a breakdown.
fn key_value(report: &Report, i: usize) -> Option<bool> {
    let q = &report.quantities[i];
    let line = report.lines.get(q.line())?;
    if line.table().is_some() {
        return None;
    }
    let text = report.slice(&line.content());
    let end = line.content().start + text.trim_end().len();
    if q.span().end < end && !report.text[q.span().end..end].trim().is_empty() {
        return None;
    }
    let before = report.text[line.content().start..q.span().start.max(line.content().start)].trim();
    let label = before.strip_suffix(['：', ':'])?;
    if label.is_empty() || label.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(label.starts_with("其中"))
}

fn only_blank_between(report: &Report, a: usize, b: usize) -> bool {
    b > a && report.lines[a + 1..b].iter().all(|l| report.slice(&l.content()).trim().is_empty())
}

/// Splits a run at its interleaving, if it has one, and records both columns.
fn split(report: &Report, run: &[Entry], out: &mut Vec<SumRelation>) {
    let Some(p) = (2..run.len().saturating_sub(1))
        .find(|&p| run[p].opens && run[p + 1].opens && !run[p - 2].opens && !run[p - 1].opens)
    else {
        return;
    };
    let qs = &report.quantities;
    let column = |first: usize| -> Vec<&Quantity> { run[first..].iter().step_by(2).map(|e| &qs[e.q]).collect() };
    let columns = [column(p - 2), column(p - 1)];
    let holds = |c: &[&Quantity]| c.len() >= 3 && adds_up(c[0], &c[1..]);
    if !columns.iter().any(|c| holds(c)) {
        return;
    }
    for c in columns.iter().filter(|c| c.len() >= 3) {
        out.push(SumRelation {
            total: named(report, c[0]),
            parts: c[1..].iter().map(|q| named(report, q)).collect(),
            complete: true,
            evidence: Evidence::Strong,
            source: Source::Prose("两栏交错"),
        });
    }
}

/// The operand of a `label：number` line, named by its label (`其中：` dropped).
fn named(report: &Report, q: &Quantity) -> Operand {
    let mut o = operand(report, q);
    let start = report.lines[q.line()].content().start;
    let before = report.text[start..q.span().start.max(start)].trim();
    let label = before.trim_end_matches(['：', ':']).trim_start_matches("其中").trim_start_matches(['：', ':']);
    o.label = Label::owned(label);
    o
}
