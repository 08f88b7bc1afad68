//! Stated rates (执行率 89.46%, 核减率, 占比, 增长/下降) linked to the numerator and the
//! denominator that reproduce them.
//!
//! For each rate whose label names a configured rate family, the candidates around it are
//! gathered in widening scopes (before and after it: `执行率80%（实际支出…/预算…）`), each
//! read for its role (spent-like or budget-like wording anywhere in its clause, the rate's
//! own name). Then arithmetic decides: a pair with some role evidence that reproduces the
//! stated value at its precision explains it (consistent); otherwise the best-supported
//! pair — strongest evidence, nearest scope, then the ratio closest to the stated value —
//! is recorded as contradicting it. Weak evidence far from the rate is no relation at all:
//! the rate is left unexplained rather than checked against a guess.

use super::candidates::{self, clause_around, compatible, gather, is_operand, normalise, Layout, Limits, Scope};
use super::{Base, NameOf, RateWords};
use crate::analysis::relations::{self, Evidence, Operand, RateRelation, Relations, Source};
use crate::parse::{Quantity, Report};
use rust_decimal::Decimal;

/// What a candidate's wording says about its role in one rate family.
#[derive(Debug, Clone, Copy, Default)]
struct Role {
    num: bool,
    den: bool,
}

/// A candidate denominator: stated, or derived from the current value and the change.
#[derive(Debug, Clone, Copy)]
enum Den {
    Stated(usize),
    Derived { current: usize, plus: bool },
}

#[derive(Debug, Clone)]
struct Pick {
    num: usize,
    den: Den,
    value: Decimal,
    strength: u8,
    scope: Scope,
    distance: usize,
}

pub fn find(report: &Report, layout: &Layout, families: &[RateWords], out: &mut Relations) {
    let mut found: Vec<(usize, Option<(RateRelation, Scope)>)> = Vec::new();
    for (qi, q) in report.quantities.iter().enumerate() {
        if !q.unit.is_rate() || q.in_range || q.comparator.is_some() {
            continue;
        }
        let label = normalise(report.slice(&q.label));
        let Some(def) = families.iter().find(|d| d.labels.is_match(&label)) else {
            continue;
        };
        found.push((qi, explain(report, layout, qi, def, &label)));
    }
    // An amount in a rate's own sentence that helps reproduce it is that rate's operand. A
    // rate sections before it that it would contradict only shares its words (支出38.46亿元
    // of 二、支付情况's 支付率 is not the numerator of 一、分配情况's 分配率).
    let claimed: std::collections::HashSet<usize> = found
        .iter()
        .filter_map(|(qi, r)| Some((report.sentences.get(report.quantities[*qi].sentence)?, &r.as_ref()?.0)))
        .filter(|(_, r)| r.reproduces())
        .flat_map(|(sentence, r)| {
            [&r.numerator, &r.denominator]
                .into_iter()
                .filter(|o| sentence.span.contains(&o.span.start))
                .map(|o| o.span.start)
                .collect::<Vec<_>>()
        })
        .collect();
    for (qi, rel) in found {
        let q = &report.quantities[qi];
        match rel {
            Some((r, scope))
                if scope > Scope::Section
                    && !r.reproduces()
                    && [&r.numerator, &r.denominator]
                        .iter()
                        .any(|o| o.span.start > q.span.start && claimed.contains(&o.span.start)) =>
            {
                out.unexplained.push(q.number_span.start..q.span.end)
            }
            Some((r, _)) => out.rates.push(r),
            None => out.unexplained.push(q.number_span.start..q.span.end),
        }
    }
}

/// The rate's name as written: its label up to the last 率 (`预算执行率`), else the label.
fn rate_name(label: &str, def: &RateWords) -> String {
    let clause = label.rsplit(['，', ',', '；', ';']).next().unwrap_or(label);
    match clause.rfind('率') {
        Some(i) => clause[..i + '率'.len_utf8()].trim_start_matches(['其', '中']).to_owned(),
        None if !clause.is_empty() && clause.chars().count() <= 16 => clause.to_owned(),
        None => def.name.clone(),
    }
}

/// Two-character pieces of the rate's own name, without the rate word itself: 立案 of 立案率.
fn name_pieces(label: &str) -> Vec<String> {
    let stem: Vec<char> =
        label.chars().filter(|c| !matches!(c, '率' | '为' | '是' | '达' | '到' | '的' | '了' | '占' | '比')).collect();
    stem.windows(2).map(|w| w.iter().collect()).collect()
}

fn role(report: &Report, q: &Quantity, def: &RateWords, pieces: &[String]) -> Role {
    let (before, after) = clause_around(report, q);
    let before = normalise(report.slice(&before));
    let n = def.numerator.last_end(&before);
    let d = def.denominator.last_end(&before);
    let mut r = match (n, d) {
        // A spent-like word wins: 预算执行数 and 拨付资金 are spent, not budget.
        (Some(_), Some(_)) => Role { num: true, den: false },
        (Some(_), None) => Role { num: true, den: false },
        (None, Some(_)) => Role { num: false, den: true },
        (None, None) => {
            // Amount before its label: `30万元用于…`.
            let after = normalise(report.slice(&after));
            Role { num: def.numerator.is_match(&after), den: def.denominator.is_match(&after) }
        }
    };
    if !r.num && !r.den && pieces.iter().any(|p| before.contains(p.as_str())) {
        match def.name_of {
            NameOf::Numerator => r.num = true,
            NameOf::Denominator => r.den = true,
        }
    }
    r
}

fn explain(report: &Report, layout: &Layout, qi: usize, def: &RateWords, label: &str) -> Option<(RateRelation, Scope)> {
    let q = &report.quantities[qi];
    let pieces = name_pieces(label);
    // Within the paragraph any operand may take part; beyond it only worded ones, so the
    // wider scopes reach the amounts the text names rather than the nearest numbers.
    let roles = std::cell::RefCell::new(Vec::new());
    let cands = gather(report, layout, qi, Limits::default(), &|j, o, scope| {
        // Zeros (`中央0万元` in a list of empty sources) never explain a rate.
        if !is_operand(o) || o.value.is_zero() {
            return false;
        }
        let r = role(report, o, def, &pieces);
        // Counts are compared where they are stated: a rate of counts never reaches past
        // its paragraph for them.
        let keep = scope <= Scope::Paragraph || ((r.num || r.den) && !o.unit.is_count());
        if keep {
            roles.borrow_mut().push((j, r));
        }
        keep
    });
    let mut roles = roles.into_inner();
    // A family with no numerator words (占比): the numerator is the amount just before the
    // rate in its sentence (`中标金额96.45万元，占合同总额的53.17%`).
    // Only when the rate's clause names no subject of its own (it starts with 占): in
    // `使用资金占比达到62.8%` the share's numerator is not written.
    let own_subject = !label.trim_start().starts_with('占');
    if def.numerator.is_empty() {
        let widest = if own_subject { Scope::Clause } else { Scope::Sentence };
        let nearest = cands.iter().filter(|c| c.index < qi && c.scope <= widest).min_by_key(|c| c.distance);
        if let Some(c) = nearest {
            if let Some((_, r)) = roles.iter_mut().find(|(k, _)| *k == c.index) {
                r.num = true;
            }
        }
    }
    let role_of = |j: usize| roles.iter().find(|(k, _)| *k == j).map_or(Role::default(), |(_, r)| *r);
    let stated = operand(report, q);
    let ops: Vec<Operand> = cands.iter().map(|c| operand(report, &report.quantities[c.index])).collect();
    let mut best: Option<Pick> = None;
    let mut explained: Option<Pick> = None;
    for (a, ca) in cands.iter().enumerate() {
        let n = &report.quantities[ca.index];
        let rn = role_of(ca.index);
        for (b, cb) in cands.iter().enumerate() {
            if a == b {
                continue;
            }
            let d = &report.quantities[cb.index];
            if !compatible(n, d) {
                continue;
            }
            let rd = role_of(cb.index);
            let scope = ca.scope.max(cb.scope);
            let distance = ca.distance + cb.distance;
            let mut consider = |den: Den, base: Decimal, strength: u8| {
                if strength == 0 || base <= Decimal::ZERO {
                    return;
                }
                let Some(value) = n.value.checked_div(base).and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED)) else {
                    return;
                };
                let den_op = Operand { value: base, ..ops[b].clone() };
                let reproduces = relations::reproduces(&ops[a], &den_op, &stated);
                let pick = Pick { num: ca.index, den, value, strength, scope, distance };
                if reproduces && better(&pick, explained.as_ref(), q.value) {
                    explained = Some(pick.clone());
                }
                if better(&pick, best.as_ref(), q.value) {
                    best = Some(pick);
                }
            };
            let num_strength = u8::from(rn.num && !rn.den) + u8::from(rn.num && rn.den);
            consider(Den::Stated(cb.index), d.value, num_strength.min(1) + u8::from(rd.den));
            match def.base {
                Base::Stated => {}
                // The current value is the stated amount nearest the change, whatever its words.
                Base::CurrentMinusChange | Base::CurrentPlusChange if cb.scope <= Scope::Sentence && !rd.num => {
                    let plus = def.base == Base::CurrentPlusChange;
                    let base = if plus { d.value.checked_add(n.value) } else { d.value.checked_sub(n.value) };
                    if let Some(base) = base {
                        consider(Den::Derived { current: cb.index, plus }, base, num_strength.min(1) * 2);
                    }
                }
                _ => {}
            }
        }
    }
    // An alternative explains the rate only where it could be meant: in the rate's section,
    // or stated before the rate (a budget given in 一、资金到位情况 for the 执行率 in 二、);
    // amounts in a later section that happen to reproduce it (公用支出114.89 ÷ 一般公共
    // 预算155.46 = 74%) are a coincidence. And, when it is worded more weakly than the best pair, no
    // farther from the rate than that pair (项目支出 ÷ 人员经费 in the next sentence does
    // not excuse the budget and the spending named beside the rate).
    let before_rate = |p: &Pick| {
        let den = match p.den {
            Den::Stated(j) | Den::Derived { current: j, .. } => j,
        };
        p.num < qi && den < qi
    };
    let plausible = |p: &Pick| {
        (p.scope <= Scope::Section || before_rate(p))
            && best.as_ref().is_none_or(|b| p.strength >= b.strength || p.scope <= b.scope)
    };
    let pick = match explained.filter(plausible) {
        Some(p) => p,
        None => {
            let p = best?;
            // A guess far away is no relation: too little evidence to contradict the text.
            if p.strength < 2 && p.scope > Scope::Sentence {
                return None;
            }
            // The family says how far its operands may be to contradict it: a generic
            // `…率` (合格率, 满意率) is no ratio of the budget's amounts paragraphs away.
            if p.scope > def.reach {
                return None;
            }
            p
        }
    };
    Some((relation(report, q, def, label, &pick), pick.scope))
}

/// Whether `p` is a better explanation than `than`: stronger evidence, then nearer scope,
/// then the value closer to the stated one, then nearer in the text.
fn better(p: &Pick, than: Option<&Pick>, stated: Decimal) -> bool {
    let Some(t) = than else { return true };
    let key = |x: &Pick| (std::cmp::Reverse(x.strength), x.scope, (x.value - stated).abs(), x.distance);
    key(p) < key(t)
}

fn operand(report: &Report, q: &Quantity) -> Operand {
    let (before, _) = clause_around(report, q);
    let label = report.slice(&q.label);
    let label = if label.is_empty() { candidates::joined(report, &before) } else { label.to_owned() };
    Operand { span: q.number_span.start..q.span.end, value: q.value, scale: q.scale, multiplier: q.multiplier, label }
}

fn relation(report: &Report, q: &Quantity, def: &RateWords, label: &str, p: &Pick) -> RateRelation {
    let n = &report.quantities[p.num];
    let numerator = operand(report, n);
    let denominator = match p.den {
        Den::Stated(j) => operand(report, &report.quantities[j]),
        Den::Derived { current, plus } => {
            let c = &report.quantities[current];
            let mut o = operand(report, c);
            let sign = if plus { '+' } else { '−' };
            // Self-contained: the label already shows the written amounts it is derived from.
            o.label = format!(
                "（{}{} {sign} {}{}）",
                o.label,
                report.slice(&o.span),
                numerator.label,
                report.slice(&numerator.span)
            );
            o.value = if plus { c.value + n.value } else { c.value - n.value };
            o
        }
    };
    let evidence = if p.strength >= 2 { Evidence::Strong } else { Evidence::Weak };
    RateRelation {
        name: rate_name(label, def),
        stated: operand(report, q),
        numerator,
        denominator,
        evidence,
        source: Source::Prose(p.scope.name()),
    }
}
