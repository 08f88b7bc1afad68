//! Sums in prose: every stated total linked to the parts that should add up to it.
//!
//! - `X，其中：A、B、C` / `X（包含A、B、C）` / `X，分别是A、B、C`, and parts followed by
//!   `合计/共计 X`. Parts are the amounts at the breakdown's bracket depth; a part's own
//!   bracketed breakdown is a relation of its own and not counted twice.
//!
//! The wording (breakdown words, exhaustive words, total words) is data: the `sum` rule's
//! parameters in the rule file, compiled into a [`SumVocab`].

use crate::analysis::relations::{Evidence, Operand, Source, SumRelation};
use crate::parse::{Quantity, Report};
use regex::RegexSet;

/// The wording the sum finder reads, compiled from the `sum` rule's parameters.
#[derive(Debug, Clone)]
pub struct SumVocab {
    /// Words that open a breakdown right after a total (其中, 包括, 分别为).
    pub breakdown: RegexSet,
    /// Breakdown words after which the parts are the whole total (分别为).
    pub exhaustive: Option<RegexSet>,
    /// Labels of a total that closes a list of parts (合计, 共计).
    pub closing: Option<RegexSet>,
}

/// An operand for a quantity of the report.
pub fn operand(report: &Report, q: &Quantity) -> Operand {
    Operand {
        span: q.number_span.start.min(q.span.start.max(q.number_span.start))..q.span.end,
        value: q.value,
        scale: q.scale,
        multiplier: q.multiplier,
        label: report.slice(&q.label).to_owned(),
    }
}

fn is_amount(q: &Quantity) -> bool {
    q.unit.is_money() && !q.in_range && q.comparator.is_none()
}

const SKIP: &[char] = &['，', ',', '：', ':', '（', '(', ' ', '\u{3000}', '；', ';'];

/// The breakdown word right after `q`, if any: (text from the word on, parenthesised).
fn breakdown_after<'r>(report: &'r Report, q: &Quantity, next_start: usize, set: &RegexSet) -> Option<(&'r str, bool)> {
    let between = &report.text[q.span.end..next_start];
    let trimmed = between.trim_start_matches(SKIP);
    let paren = between[..between.len() - trimmed.len()].contains(['（', '(']);
    let head: String = trimmed.chars().take(6).collect();
    set.matches(&head).iter().next()?;
    Some((trimmed, paren))
}

/// Appends the sum relations stated in the report's prose.
pub fn relations(report: &Report, vocab: &SumVocab, out: &mut Vec<SumRelation>) {
    let mut start = 0;
    while start < report.quantities.len() {
        let s = report.quantities[start].sentence;
        let end = start + report.quantities[start..].iter().take_while(|q| q.sentence == s).count();
        sentence(report, &report.quantities[start..end], vocab, out);
        start = end;
    }
}

fn sentence(report: &Report, qs: &[Quantity], vocab: &SumVocab, out: &mut Vec<SumRelation>) {
    let sentence_end = report.sentences.get(qs[0].sentence).map_or(report.text.len(), |s| s.span.end);
    let next_start = |k: usize| qs.get(k + 1).map_or(sentence_end, |n| n.span.start).max(qs[k].span.end);
    for (k, total) in qs.iter().enumerate() {
        if !is_amount(total) {
            continue;
        }
        let Some((word, paren)) = breakdown_after(report, total, next_start(k), &vocab.breakdown) else {
            continue;
        };
        let complete = vocab.exhaustive.as_ref().is_some_and(|e| e.is_match(&word.chars().take(6).collect::<String>()));
        let depth = total.paren_depth + u8::from(paren);
        let mut parts = Vec::new();
        for (m, p) in qs.iter().enumerate().skip(k + 1) {
            if p.paren_depth < depth {
                break;
            }
            if p.paren_depth > depth || !is_amount(p) {
                continue;
            }
            // A same-depth amount with its own unbracketed breakdown starts a new total.
            if breakdown_after(report, p, next_start(m), &vocab.breakdown).is_some_and(|(_, par)| !par) {
                break;
            }
            parts.push(operand(report, p));
        }
        if parts.is_empty() || (complete && parts.len() < 2) {
            continue;
        }
        out.push(SumRelation {
            total: operand(report, total),
            parts,
            complete,
            evidence: Evidence::Strong,
            source: Source::Prose("句内"),
        });
    }
    // Parts followed by 合计/共计 X: the parts must add up to X.
    if let Some(closing) = &vocab.closing {
        for (k, total) in qs.iter().enumerate() {
            if !is_amount(total) || !closing.is_match(report.slice(&total.label)) {
                continue;
            }
            let parts: Vec<Operand> = qs[..k]
                .iter()
                .filter(|p| is_amount(p) && p.paren_depth == total.paren_depth)
                .map(|p| operand(report, p))
                .collect();
            if parts.len() >= 2 {
                out.push(SumRelation {
                    total: operand(report, total),
                    parts,
                    complete: true,
                    evidence: Evidence::Strong,
                    source: Source::Prose("句内"),
                });
            }
        }
    }
}
