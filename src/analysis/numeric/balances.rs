//! The balance stated beside a rate: `全年支出341.62万元，执行率94.33%，结余20.53万元`. The
//! rate's operands, once they reproduce it, are the budget and the spending the sentence is
//! about, wherever the budget was stated (一、资金下达 for the 执行率 in 二、资金使用); an
//! amount in the rate's own sentence labelled as what is left of it (the `sum` rule's
//! `decrease` words: 结余, 未执行, 尚差) is their difference: budget = spending + balance.
//!
//! Linear: each rate looks at the [`NEAR`] quantities either side of it in its own sentence,
//! so a sentence of a million rates (a table run together on one line) costs no more per rate.

use super::sums::{operand, SumVocab};
use crate::analysis::relations::{Evidence, RateRelation, Relations, Source, SumRelation};
use crate::parse::{Report, Unit};
use regex::RegexSet;
use rust_decimal::Decimal;

/// How many quantities either side of a rate may be its balance: a balance is stated within
/// the rate's clause or the next few, never a page of numbers away.
const NEAR: usize = 8;

/// Adds to `out.sums` the balance of each reproduced rate, unless another sum already reads
/// that amount; on all threads or on this one (the same sums in the same order).
pub fn relations(report: &Report, vocab: &SumVocab, threads: bool, out: &mut Relations) {
    relations_in(report, vocab, if threads { PER_THREAD } else { usize::MAX }, out);
}

/// [`relations`], with at least `per_thread` rates looked at per thread.
fn relations_in(report: &Report, vocab: &SumVocab, per_thread: usize, out: &mut Relations) {
    let Some(decrease) = &vocab.decrease else { return };
    let mut used: Vec<usize> =
        out.sums.iter().flat_map(|s| std::iter::once(&s.total).chain(&s.parts)).map(|o| o.span.start).collect();
    used.sort_unstable();
    let of = |r: &RateRelation| balances(report, decrease, &used, r);
    // Each rate is looked up in the quantities on its own: on a long report, a serial
    // stretch of cache misses while the other thread has nothing to do.
    let found: Vec<SumRelation> = if out.rates.len() >= per_thread {
        use rayon::prelude::*;
        out.rates.par_iter().with_min_len(per_thread).flat_map_iter(of).collect()
    } else {
        out.rates.iter().flat_map(of).collect()
    };
    out.sums.extend(found);
}

/// Rates looked at per thread at least: fewer are not worth a thread.
const PER_THREAD: usize = 4096;

/// The balances stated beside rate `r` (none unless it is a strong prose rate that its
/// operands reproduce), other than the amounts in `used` (sorted).
fn balances(report: &Report, decrease: &RegexSet, used: &[usize], r: &RateRelation) -> Vec<SumRelation> {
    let qs = &report.quantities;
    let mut found = Vec::new();
    if !matches!(r.source, Source::Prose(_)) || r.evidence != Evidence::Strong || !r.reproduces() {
        return found;
    }
    let Some(qi) = quantity_at(report, r.stated.span.end) else { return found };
    let Some(sentence) = report.sentences.get(qs[qi].sentence()) else { return found };
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
    found
}

/// The quantity whose span ends at `end`.
fn quantity_at(report: &Report, end: usize) -> Option<usize> {
    let qs = &report.quantities;
    let i = qs.partition_point(|q| q.span().end < end);
    (qs.get(i)?.span().end == end).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::numeric::candidates::Layout;

    #[test]
    fn balances_found_on_all_threads_are_those_of_one_pass_in_the_same_order() {
        let text = "一、预算执行\n年初预算362.15万元，全年支出341.62万元，执行率94.33%，结余20.53万元。\n\
                    下达资金100.00万元，实际支出80.00万元，执行率80.00%，尚未执行20.00万元。\n\
                    二、项目\n项目预算50.00万元，已支付45.00万元，支付率90.00%。\n\
                    安排资金200.00万元，拨付180.00万元，拨付率90.00%，结余20.00万元。\n";
        let report = crate::parse::parse(text);
        let vocab = &crate::rules::RuleSet::builtin().vocabulary;
        let mut rates = Relations::default();
        super::super::rates::find(&report, &Layout::new(&report), &vocab.rates, false, &mut rates);
        let run = |per_thread| {
            let mut out = rates.clone();
            relations_in(&report, vocab.sums.as_ref().expect("sum vocabulary"), per_thread, &mut out);
            out.sums
        };
        let one = run(usize::MAX);
        let balances: Vec<&str> = one.iter().map(|s| report.slice(&s.parts[1].span)).collect();
        assert_eq!(balances, ["20.53万元", "20.00万元", "20.00万元"]);
        for per_thread in [1, 2, 3] {
            assert_eq!(format!("{:?}", run(per_thread)), format!("{one:?}"), "{per_thread} per thread");
        }
    }
}
