//! The balance stated beside a rate: `全年支出341.62万元，执行率94.33%，结余20.53万元`. The
//! rate's operands, once they reproduce it, are the budget and the spending the sentence is
//! about, wherever the budget was stated (一、资金下达 for the 执行率 in 二、资金使用); an
//! amount in the rate's own sentence labelled as what is left of it (the `sum` rule's
//! `decrease` words: 结余, 未执行, 尚差) is their difference: budget = spending + balance.
//!
//! Linear: each rate looks at the [`NEAR`] quantities either side of it in its own sentence,
//! so a sentence of a million rates (a table run together on one line) costs no more per rate.

use super::sums::{operand, SumVocab};
use crate::analysis::relations::{Evidence, Relations, Source, SumRelation};
use crate::parse::{Report, Unit};
use rust_decimal::Decimal;

/// How many quantities either side of a rate may be its balance: a balance is stated within
/// the rate's clause or the next few, never a page of numbers away.
const NEAR: usize = 8;

/// Adds to `out.sums` the balance of each reproduced rate, unless another sum already reads
/// that amount.
pub fn relations(report: &Report, vocab: &SumVocab, out: &mut Relations) {
    let Some(decrease) = &vocab.decrease else { return };
    let qs = &report.quantities;
    let mut used: Vec<usize> =
        out.sums.iter().flat_map(|s| std::iter::once(&s.total).chain(&s.parts)).map(|o| o.span.start).collect();
    used.sort_unstable();
    let mut found = Vec::new();
    for r in &out.rates {
        if !matches!(r.source, Source::Prose(_)) || r.evidence != Evidence::Strong || !r.reproduces() {
            continue;
        }
        let Some(qi) = quantity_at(report, r.stated.span.end) else { continue };
        let Some(sentence) = report.sentences.get(qs[qi].sentence()) else { continue };
        let first = qs.partition_point(|q| q.span().start < sentence.span().start);
        let first = first.max(qi.saturating_sub(NEAR));
        for b in qs[first..].iter().take(2 * NEAR + 1).take_while(|q| q.span().start < sentence.span().end) {
            let is_operand = [&r.numerator, &r.denominator].iter().any(|o| o.span.end == b.span().end);
            if b.unit != Unit::Yuan
                || is_operand
                || b.in_range()
                || b.comparator().is_some()
                || b.value <= Decimal::ZERO
                || b.value >= r.denominator.value
                || used.binary_search(&b.number_span().start.min(b.span().start.max(b.number_span().start))).is_ok()
                || !decrease.is_match(report.slice(&b.label()))
            {
                continue;
            }
            found.push(SumRelation {
                total: r.denominator.clone(),
                parts: vec![r.numerator.clone(), operand(report, b)],
                complete: true,
                evidence: Evidence::Strong,
                source: Source::Prose("比率同句"),
            });
        }
    }
    out.sums.extend(found);
}

/// The quantity whose span ends at `end`.
fn quantity_at(report: &Report, end: usize) -> Option<usize> {
    let qs = &report.quantities;
    let i = qs.partition_point(|q| q.span().end < end);
    (qs.get(i)?.span().end == end).then_some(i)
}
