//! Rows of a count and its amount: `其中自评为“优”的项目64个，涉及资金2417.36万元；“良”的项目
//! 9个，涉及资金318.40万元；…` or `一等17个，资金964.38万元；二等0个，资金0万元`. The counts
//! split a count stated before; the amounts split the amount stated beside that count
//! (`预算安排项目共计86个，财政资金2905.18万元`), wherever it stood.
//!
//! When the counts add up exactly to an earlier count — whole counts do not add up by
//! chance — the rows are that count's items, and their amounts must add up to the amount
//! stated right after it in its sentence. Weak evidence: the link runs through the counts.
//!
//! Linear: each sentence's rows are read once, and each looks back a bounded number of
//! quantities for its count.

use super::sums::operand;
use crate::analysis::relations::{Evidence, Label, Operand, Source, SumRelation};
use crate::parse::{Quantity, Report};
use rust_decimal::Decimal;
use std::collections::HashSet;

/// How many quantities back the count the rows split may stand.
const LOOKBACK: usize = 96;

/// Adds the amounts of count-and-amount rows to `out`, against the amount beside the
/// count they split.
pub fn relations(report: &Report, out: &mut Vec<SumRelation>) {
    let qs = &report.quantities;
    // The amounts the sum finder already took as parts (`其中` after the total found them).
    let taken: HashSet<usize> = out.iter().flat_map(|r| r.parts.iter().map(|p| p.span.end)).collect();
    let mut i = 0;
    while i < qs.len() {
        let end = qs[i..].iter().position(|q| q.sentence() != qs[i].sentence()).map_or(qs.len(), |k| i + k);
        let rows = rows(qs, i, end);
        if rows.len() >= 2 {
            let linked = taken.contains(&qs[rows[0].1].span().end);
            if let Some(amount) = split_total(report, i, &rows).filter(|_| !linked) {
                out.push(SumRelation {
                    total: operand(report, &qs[amount]),
                    parts: rows.iter().map(|&(c, m)| row_operand(report, c, m)).collect(),
                    complete: true,
                    evidence: Evidence::Weak,
                    source: Source::Prose("个数与金额成对"),
                });
            }
        }
        i = end;
    }
}

fn is_count(q: &Quantity) -> bool {
    q.unit.is_count() && q.comparator().is_none() && !q.in_range() && q.scale() == 0
}

fn is_money(q: &Quantity) -> bool {
    q.unit.is_money() && q.comparator().is_none() && !q.in_range()
}

/// The (count, amount) rows of quantities `from..to` (one sentence) outside brackets: a
/// count, then the first amount before the next count. Rows only when every count of one
/// measure word has its amount.
fn rows(qs: &[Quantity], from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pending: Option<usize> = None;
    for j in from..to {
        let q = &qs[j];
        if q.paren_depth > 0 {
            continue;
        }
        if is_count(q) {
            if pending.is_some() {
                return Vec::new();
            }
            if out.first().is_some_and(|&(c, _): &(usize, usize)| qs[c].unit != q.unit) {
                return Vec::new();
            }
            pending = Some(j);
        } else if is_money(q) {
            if let Some(c) = pending.take() {
                out.push((c, j));
            }
        }
    }
    if pending.is_some() {
        return Vec::new();
    }
    out
}

/// The amount stated right after the earlier count the rows' counts add up to.
fn split_total(report: &Report, first: usize, rows: &[(usize, usize)]) -> Option<usize> {
    let qs = &report.quantities;
    let unit = qs[rows[0].0].unit;
    let sum: Decimal = rows.iter().map(|&(c, _)| qs[c].value).sum();
    (first.saturating_sub(LOOKBACK)..first).rev().find_map(|t| {
        let q = &qs[t];
        if !is_count(q) || q.unit != unit || q.value != sum || q.paren_depth > 0 {
            return None;
        }
        qs.get(t + 1).filter(|n| n.sentence() == q.sentence() && is_money(n) && n.paren_depth == 0)?;
        Some(t + 1)
    })
}

/// A row's amount, named by its count too (`自评为“优”的项目64个涉及资金`): the amounts'
/// own labels (涉及资金) are all alike. The count is named by the text of its row before
/// it (quotes and all, which its parser label stops at).
fn row_operand(report: &Report, c: usize, m: usize) -> Operand {
    let qs = &report.quantities;
    let q = &qs[c];
    let sentence_start = report.sentences.get(q.sentence()).map_or(q.span().start, |s| s.span().start);
    let from = c
        .checked_sub(1)
        .map(|p| &qs[p])
        .filter(|p| p.sentence() == q.sentence())
        .map_or(sentence_start, |p| p.span().end);
    let row = &report.text[from.min(q.span().start)..q.span().start];
    let name = row.rsplit(|ch: char| "，,；;。：:".contains(ch)).next().unwrap_or(row);
    let name = name.trim_start_matches(['）', ')', ' ']).trim_start_matches("其中").trim();
    let written = &report.text[operand(report, q).span];
    let mut o = operand(report, &qs[m]);
    o.label = Label::owned(format!("{name}{}{}", written.trim_end(), report.slice(&qs[m].label())));
    o
}
