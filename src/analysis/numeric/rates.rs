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

use super::candidates::{
    self, clause_around, compatible, gather, is_operand, normalise, Beyond, Layout, Limits, Scope,
};
use super::{Base, NameOf, RateWords};
use crate::analysis::relations::{self, Evidence, Label, Operand, RateRelation, Relations, Source};
use crate::parse::{Quantity, Report, Span};
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
    /// How far its ratio is from the stated value.
    off: Decimal,
    /// Its ratio is over 100% and the stated value is not, or the other way round: a
    /// changed digit moves a rate, it rarely carries it across 100%.
    across: bool,
    strength: u8,
    scope: Scope,
    distance: usize,
}

/// Rates explained per piece when explaining in parallel: large enough that the clauses a
/// piece reads twice at its edges (at most `Limits::steps` each way) cost little.
const RATES_PER_PIECE: usize = 4096;

/// One stated rate: its index in `Report::quantities`, and its relation with the scope its
/// operands were found in, if any.
type Found = (usize, Option<(RateRelation, Scope)>);

/// Links each stated rate to its operands, on all threads (in pieces of [`RATES_PER_PIECE`]
/// rates) or on this one.
pub fn find(report: &Report, layout: &Layout, families: &[RateWords], threads: bool, out: &mut Relations) {
    find_in_pieces(report, layout, families, if threads { RATES_PER_PIECE } else { usize::MAX }, out);
}

fn find_in_pieces(report: &Report, layout: &Layout, families: &[RateWords], per_piece: usize, out: &mut Relations) {
    let stated: Vec<usize> = report
        .quantities
        .iter()
        .enumerate()
        .filter(|(_, q)| q.unit.is_rate() && !q.in_range() && q.comparator().is_none())
        .map(|(i, _)| i)
        .collect();
    let pieces: Vec<Vec<Found>> = if stated.len() <= per_piece {
        let mut found = Vec::new();
        explain_all(report, layout, families, &stated, &mut found);
        vec![found]
    } else {
        // Each rate reads only the text and quantities around it: the pieces are
        // independent, and taken in order they are what one pass gives.
        use rayon::prelude::*;
        stated
            .par_chunks(per_piece)
            .map(|piece| {
                // At most one per rate: never grown, so never copied.
                let mut found = Vec::with_capacity(piece.len());
                explain_all(report, layout, families, piece, &mut found);
                found
            })
            .collect()
    };
    settle(report, pieces, out);
}

/// Keeps the relations that stand, once every rate has its operands (`pieces`, in text
/// order). An amount in a rate's own sentence that helps reproduce it is that rate's
/// operand; a rate sections before it that it would contradict only shares its words
/// (支出38.46亿元 of 二、支付情况's 支付率 is not the numerator of 一、分配情况's 分配率).
fn settle(report: &Report, pieces: Vec<Vec<Found>>, out: &mut Relations) {
    let mut claimed: Vec<usize> = Vec::new();
    for (qi, rel) in pieces.iter().flatten() {
        let (Some((r, _)), Some(sentence)) = (rel, report.sentences.get(report.quantities[*qi].sentence())) else {
            continue;
        };
        if r.reproduces() {
            claimed.extend(
                [&r.numerator, &r.denominator]
                    .into_iter()
                    .filter(|o| sentence.span().contains(&o.span.start))
                    .map(|o| o.span.start),
            );
        }
    }
    claimed.sort_unstable();
    claimed.dedup();
    let found = pieces.iter().map(Vec::len).sum::<usize>();
    let explained = pieces.iter().flatten().filter(|(_, r)| r.is_some()).count();
    out.unexplained.reserve_exact(found - explained);
    // Room for every explained rate (untouched room costs no memory): the pieces are
    // moved in and freed one by one, never all copied into one vector beside them.
    out.rates.reserve_exact(explained);
    for piece in pieces {
        for (qi, rel) in piece {
            let q = &report.quantities[qi];
            match rel {
                Some((r, scope))
                    if scope > Scope::Section
                        && !r.reproduces()
                        && [&r.numerator, &r.denominator]
                            .iter()
                            .any(|o| o.span.start > q.span().start && claimed.binary_search(&o.span.start).is_ok()) =>
                {
                    out.unexplained.push(q.number_span().start..q.span().end);
                }
                Some((r, _)) => out.rates.push(r),
                None => out.unexplained.push(q.number_span().start..q.span().end),
            }
        }
    }
}

/// Explains the stated rates `stated` (indices into `Report::quantities`, ascending).
fn explain_all(report: &Report, layout: &Layout, families: &[RateWords], stated: &[usize], out: &mut Vec<Found>) {
    let mut clauses = Clauses::default();
    for &qi in stated {
        let q = &report.quantities[qi];
        let label = normalise(report.slice(&q.label()));
        let Some(f) = families.iter().position(|d| d.labels.is_match(&label)) else {
            continue;
        };
        out.push((qi, explain(report, layout, qi, families, f, &label, &mut clauses)));
    }
}

/// The clause wording of the quantities around the rates being explained, read once:
/// neighbouring rates gather mostly the same candidates, and reading a clause (normalising
/// it, matching each family's words) is most of a rate's cost. Only the quantities within
/// reach of the current rate are kept, so memory does not grow with the report.
#[derive(Default)]
struct Clauses {
    /// The clause of quantity `first + k` at `k`, once read: rates come in text order and
    /// reach a bounded number of quantities each way, so this is a sliding window.
    read: std::collections::VecDeque<Option<Clause>>,
    first: usize,
}

struct Clause {
    /// The clause before the quantity, normalised.
    before: String,
    after: Span,
    /// Each pair of neighbouring characters of `before`, for the rate's name pieces.
    bigrams: Vec<Bigram>,
    /// Per family (index into the families), the role its words give, before the rate's
    /// own name is consulted.
    words: Vec<Option<Role>>,
}

impl Clauses {
    /// Forgets the clauses of quantities before `first`: no later rate reaches them.
    fn forget_before(&mut self, first: usize) {
        if first <= self.first {
            return;
        }
        let gone = (first - self.first).min(self.read.len());
        self.read.drain(..gone);
        self.first = first;
    }

    fn role(&mut self, report: &Report, j: usize, families: &[RateWords], f: usize, pieces: &[Bigram]) -> Role {
        if j < self.first {
            // Behind the window (only a rate's own backward reach can be): start it here.
            self.read.clear();
            self.first = j;
        }
        let k = j - self.first;
        if self.read.len() <= k {
            self.read.resize_with(k + 1, || None);
        }
        let c = self.read[k].get_or_insert_with(|| {
            let (before, after) = clause_around(report, &report.quantities[j]);
            let before = normalise(report.slice(&before));
            Clause { bigrams: bigrams(&before), before, after, words: vec![None; families.len()] }
        });
        let def = &families[f];
        let mut r = match c.words[f] {
            Some(r) => r,
            None => {
                let r = words_role(report, &c.before, &c.after, def);
                c.words[f] = Some(r);
                r
            }
        };
        if !r.num && !r.den && pieces.iter().any(|p| c.bigrams.contains(p)) {
            match def.name_of {
                NameOf::Numerator => r.num = true,
                NameOf::Denominator => r.den = true,
            }
        }
        r
    }
}

/// The rate's name as written: its label up to the last 率 (`预算执行率`), else the label.
/// `label` is `q`'s label normalised; when normalising left it as written, the name is a
/// span of it.
fn rate_name(report: &Report, q: &Quantity, label: &str, def: &RateWords) -> Label {
    let clause = label.rsplit(['，', ',', '；', ';']).next().unwrap_or(label);
    let name = match clause.rfind('率') {
        Some(i) => clause[..i + '率'.len_utf8()].trim_start_matches(['其', '中']),
        None if !clause.is_empty() && clause.chars().count() <= 16 => clause,
        None => return Label::owned(def.name.as_str()),
    };
    let written = q.label();
    if report.slice(&written) == label {
        // `name` is a slice of `label`: its offset in it is its offset in the text.
        let start = written.start + (name.as_ptr() as usize - label.as_ptr() as usize);
        return Label::text(&(start..start + name.len()));
    }
    Label::owned(name)
}

/// Two neighbouring characters: a text holds a two-character piece exactly when the piece
/// is one of its bigrams, so a clause is split once rather than searched per rate.
type Bigram = (char, char);

fn bigrams(s: &str) -> Vec<Bigram> {
    s.chars().zip(s.chars().skip(1)).collect()
}

/// Two-character pieces of the rate's own name, without the rate word itself: 立案 of 立案率.
fn name_pieces(label: &str) -> Vec<Bigram> {
    let stem: String =
        label.chars().filter(|c| !matches!(c, '率' | '为' | '是' | '达' | '到' | '的' | '了' | '占' | '比')).collect();
    bigrams(&stem)
}

/// The role the family's words give a quantity whose clause reads `before` (normalised)
/// and `after`.
fn words_role(report: &Report, before: &str, after: &Span, def: &RateWords) -> Role {
    // A spent-like word wins: 预算执行数 and 拨付资金 are spent, not budget.
    if def.numerator.is_match(before) {
        Role { num: true, den: false }
    } else if def.denominator.is_match(before) {
        Role { num: false, den: true }
    } else {
        // Amount before its label: `30万元用于…`.
        let after = normalise(report.slice(after));
        Role { num: def.numerator.is_match(&after), den: def.denominator.is_match(&after) }
    }
}

/// The arithmetic of one candidate, read once per rate rather than once per pair.
struct Arith {
    value: Decimal,
    half: Decimal,
}

fn explain(
    report: &Report,
    layout: &Layout,
    qi: usize,
    families: &[RateWords],
    f: usize,
    label: &str,
    clauses: &mut Clauses,
) -> Option<(RateRelation, Scope)> {
    let q = &report.quantities[qi];
    let def = &families[f];
    let limits = Limits::default();
    clauses.forget_before(qi.saturating_sub(limits.steps));
    let mut around = Around { report, layout, qi, families, f, label, pieces: name_pieces(label), clauses };
    // The rate's section first: candidates are ordered by scope, so those within it are the
    // first of all the candidates, and when no pair reaching past the section could beat
    // what they give, the rest of the report (up to `steps` quantities each way, where a
    // rate's own amounts are mostly beside it) need not be read.
    let (cands, role_at) = around.candidates(Limits { widest: Scope::Section, ..limits });
    let mut picks = weigh(report, q, def, &cands, &role_at);
    if limits.widest > Scope::Section && !picks.hopeless(2, Scope::Report, 2) {
        let (cands, role_at) = around.candidates(limits);
        picks = weigh(report, q, def, &cands, &role_at);
    }
    let Picks { explained, best } = picks;
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

/// What one rate's candidates are read with.
struct Around<'a, 'c> {
    report: &'a Report,
    layout: &'a Layout,
    qi: usize,
    families: &'a [RateWords],
    f: usize,
    label: &'a str,
    /// The rate's name in two-character pieces ([`name_pieces`]).
    pieces: Vec<Bigram>,
    clauses: &'c mut Clauses,
}

impl Around<'_, '_> {
    /// The rate's candidates within `limits`, and the role of each.
    fn candidates(&mut self, limits: Limits) -> (Vec<candidates::Candidate>, Vec<Role>) {
        let Around { report, layout, qi, families, f, label, ref pieces, ref mut clauses } = *self;
        let def = &families[f];
        // Within the paragraph any operand may take part; beyond it only worded ones, so the
        // wider scopes reach the amounts the text names rather than the nearest numbers.
        let clauses = std::cell::RefCell::new(&mut **clauses);
        let roles = std::cell::RefCell::new(Vec::new());
        // A rate named for a count (`项目个数占比`, `受益人数比例`) is a ratio of counts.
        let of_counts = names_a_count_within(label);
        // What `accept` can take past the section (see its first two tests).
        let beyond_section = if of_counts { Beyond::Nothing } else { Beyond::Money };
        #[cfg(test)]
        let beyond_section = if tests::EXHAUSTIVE.get() { Beyond::Any } else { beyond_section };
        let cands = gather(report, layout, qi, Limits { beyond_section, ..limits }, &|j, o, scope| {
            // Zeros (`中央0万元` in a list of empty sources) never explain a rate.
            if !is_operand(o) || o.value.is_zero() || (of_counts && !o.unit.is_count()) {
                return false;
            }
            // Counts are compared where they are stated: a rate of counts never reaches past
            // its paragraph for them.
            // A rate named for counts reaches its section for them: what it counts was counted
            // where the section opened (`实施项目17个` … `一等17个，项目个数占比100%`).
            let near = scope <= Scope::Paragraph || (of_counts && scope <= Scope::Section);
            if !near && o.unit.is_count() {
                return false;
            }
            let r = clauses.borrow_mut().role(report, j, families, f, pieces);
            let keep = near || r.num || r.den;
            if keep {
                roles.borrow_mut().push((j, r));
            }
            keep
        });
        let roles = roles.into_inner();
        // Each candidate's role, aligned with `cands`.
        let mut role_at: Vec<Role> = cands
            .iter()
            .map(|c| roles.iter().find(|(k, _)| *k == c.index).map_or(Role::default(), |(_, r)| *r))
            .collect();
        // A family with no numerator words (占比): the numerator is the amount just before the
        // rate in its sentence (`中标金额96.45万元，占合同总额的53.17%`).
        // Only when the rate's clause names no subject of its own (it starts with 占): in
        // `使用资金占比达到62.8%` the share's numerator is not written.
        let own_subject = !label.trim_start().starts_with('占');
        if def.numerator.is_empty() {
            let widest = if own_subject && !of_counts { Scope::Clause } else { Scope::Sentence };
            let nearest = cands
                .iter()
                .enumerate()
                .filter(|(_, c)| c.index < qi && c.scope <= widest)
                .min_by_key(|(_, c)| c.distance);
            if let Some((k, _)) = nearest {
                role_at[k].num = true;
            }
        }
        (cands, role_at)
    }
}

/// The best pair of candidates, and the best that reproduces the stated value.
#[derive(Default)]
struct Picks {
    explained: Option<Pick>,
    best: Option<Pick>,
}

impl Picks {
    /// Whether a pair of this evidence, scope and distance could change neither pick.
    fn hopeless(&self, strength: u8, scope: Scope, distance: usize) -> bool {
        beaten(self.explained.as_ref(), strength, scope, distance)
            && beaten(self.best.as_ref(), strength, scope, distance)
    }
}

/// Weighs the pairs of `cands` (with their roles, `role_at`) as numerator and denominator of
/// the stated rate `q`.
fn weigh(report: &Report, q: &Quantity, def: &RateWords, cands: &[candidates::Candidate], role_at: &[Role]) -> Picks {
    let arith: Vec<Arith> = cands
        .iter()
        .map(|c| {
            let o = &report.quantities[c.index];
            let half = if super::sums::is_exact(o) { Decimal::ZERO } else { half_unit(o.scale(), o.multiplier()) };
            Arith { value: o.value, half }
        })
        .collect();
    let mut picks = Picks::default();
    let stated_over = q.value > Decimal::ONE_HUNDRED;
    // `cands` is ordered by scope, then distance: once the best pair a candidate could still
    // form is beaten by both picks, so is every pair after it.
    for (a, ca) in cands.iter().enumerate() {
        // Every pair has a distance of at least one step more than its numerator's.
        if picks.hopeless(2, ca.scope, ca.distance + 1) {
            break;
        }
        let n = &report.quantities[ca.index];
        let rn = role_at[a];
        let num_strength = u8::from(rn.num && !rn.den) + u8::from(rn.num && rn.den);
        // Without a numerator word only a denominator word gives evidence: one point.
        let strongest = if rn.num { 2 } else { 1 };
        for (b, cb) in cands.iter().enumerate() {
            let rd = role_at[b];
            // A pair with no word for either role has no evidence, stated or derived.
            if a == b || (!rn.num && !rd.den) {
                continue;
            }
            let scope = ca.scope.max(cb.scope);
            let distance = ca.distance + cb.distance;
            if picks.hopeless(strongest, scope, distance) {
                // From here on the pair's scope is the denominator's, and the order of
                // `cands` is the order of the pairs.
                if cb.scope >= ca.scope {
                    break;
                }
                continue;
            }
            let d = &report.quantities[cb.index];
            if !compatible(n, d) {
                continue;
            }
            let mut consider = |den: Den, base: Decimal, strength: u8| {
                if strength == 0 || base.is_zero() || base.is_sign_negative() {
                    return;
                }
                if picks.hopeless(strength, scope, distance) {
                    return;
                }
                let Some(value) = relations::ratio(n.value, base) else {
                    return;
                };
                // Beyond Decimal's range only for ratios no pick is ever close to.
                let off = value.checked_sub(q.value).map_or(Decimal::MAX, |d| d.abs());
                let across = (value > Decimal::ONE_HUNDRED) != stated_over;
                let pick = Pick { num: ca.index, den, off, across, strength, scope, distance };
                if better(&pick, picks.explained.as_ref()) {
                    // A derived base is read at the precision of the amount it comes from.
                    let reproduces = relations::reproduces_ratio(
                        value,
                        (arith[a].value, arith[a].half),
                        (base, arith[b].half),
                        q.value,
                        q.scale(),
                    );
                    if reproduces {
                        picks.explained = Some(pick.clone());
                    }
                }
                if better(&pick, picks.best.as_ref()) {
                    picks.best = Some(pick);
                }
            };
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
    picks
}

/// Whether a pair of this evidence, scope and distance can be no better than the pick `p`
/// (see [`better`]), whatever its ratio. Evidence and scope come before the ratio: a pair
/// beaten on them changes nothing, even on the stated value's side of 100%. Nor does one
/// ranked the same as a pick that reproduces the value exactly on its side of 100%, and no
/// nearer than it: its ratio cannot be closer (the many equal amounts of a long report tie
/// so).
fn beaten(p: Option<&Pick>, strength: u8, scope: Scope, distance: usize) -> bool {
    #[cfg(test)]
    if tests::EXHAUSTIVE.get() {
        return false;
    }
    p.is_some_and(|p| {
        let rank = (std::cmp::Reverse(strength), false, scope);
        let at = (std::cmp::Reverse(p.strength), p.across, p.scope);
        rank > at || (rank == at && p.off.is_zero() && distance >= p.distance)
    })
}

/// Whether `p` is a better explanation than `than`: stronger evidence, then a ratio on the
/// stated value's side of 100%, then nearer scope, then the value closer to the stated one,
/// then nearer in the text.
fn better(p: &Pick, than: Option<&Pick>) -> bool {
    let Some(t) = than else { return true };
    let key = |x: &Pick| (std::cmp::Reverse(x.strength), x.across, x.scope, x.off, x.distance);
    key(p) < key(t)
}

/// [`Operand::half_unit`] of a quantity, without building its operand.
fn half_unit(scale: u32, multiplier: Decimal) -> Decimal {
    Decimal::new(5, scale.min(27).saturating_add(1)) * multiplier
}

fn operand(report: &Report, q: &Quantity) -> Operand {
    let (before, _) = clause_around(report, q);
    let label = if q.label().is_empty() { candidates::joined_label(report, &before) } else { Label::text(&q.label()) };
    Operand {
        span: q.number_span().start..q.span().end,
        value: q.value,
        scale: q.scale(),
        magnitude: q.magnitude(),
        label,
        exact: super::sums::is_exact(q),
    }
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
            o.label = Label::owned(format!(
                "（{}{} {sign} {}{}）",
                o.label.of(report),
                report.slice(&o.span),
                numerator.label.of(report),
                report.slice(&numerator.span)
            ));
            o.value = if plus { c.value + n.value } else { c.value - n.value };
            o
        }
    };
    let evidence = if p.strength >= 2 { Evidence::Strong } else { Evidence::Weak };
    RateRelation {
        name: rate_name(report, q, label, def),
        stated: operand(report, q),
        numerator,
        denominator,
        evidence,
        source: Source::Prose(p.scope.name()),
    }
}

/// Whether a rate's label names a count of things (`项目个数占比`: 项目个数; `受益户数比例`):
/// some `…数` in it names a count (see [`crate::parse::build::counted_by`]).
fn names_a_count_within(label: &str) -> bool {
    label.match_indices('数').any(|(i, m)| crate::parse::build::names_a_count(&label[..i + m.len()]))
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// Every pair weighed, none skipped as [`beaten`], and every quantity within reach
        /// offered to the acceptor: the search the skipping must equal.
        pub static EXHAUSTIVE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// Skipping pairs that cannot win, and quantities past the section that cannot be
    /// taken, changes no relation: on paragraphs dense in equal and
    /// near-equal amounts of every role (ties at every rank, rates on both sides of 100%, all
    /// four kinds of base), the relations are those of weighing every pair.
    #[test]
    fn skipping_beaten_pairs_links_what_weighing_every_pair_links() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        const WORDS: &[&str] = &[
            "年初预算",
            "全年执行",
            "实际支出",
            "资金",
            "上年",
            "增长",
            "下降",
            "减少",
            "占总额的",
            "完成",
            "计划",
            "项目",
            "共计",
            "其中",
            "合计",
            "送审",
            "核减",
        ];
        const AMOUNTS: &[&str] = &["100", "100.00", "95", "95.00", "50", "200", "120", "5", "0"];
        const UNITS: &[&str] = &["万元", "元", "个", "人"];
        const RATES: &[&str] = &["预算执行率为", "执行率", "增长", "下降", "占比", "完成率", "核减率", "其中占"];
        const VALUES: &[&str] = &["100%", "95%", "95.00%", "50%", "200%", "5%", "47.5%", "105.26%"];
        const BREAKS: &[&str] = &["，", "，", "。", "；", "\n", "\n一、概况\n", "\n（二）执行\n"];
        let piece = prop_oneof![
            (prop::sample::select(WORDS), prop::sample::select(AMOUNTS), prop::sample::select(UNITS))
                .prop_map(|(w, a, u)| format!("{w}{a}{u}")),
            (prop::sample::select(RATES), prop::sample::select(VALUES)).prop_map(|(r, v)| format!("{r}{v}")),
            prop::sample::select(BREAKS).prop_map(str::to_owned),
        ];
        let texts = prop::collection::vec(piece, 1..60).prop_map(|v| v.concat());
        let families = &crate::rules::RuleSet::builtin().vocabulary.rates;
        let run = |report: &Report, exhaustive: bool| {
            EXHAUSTIVE.set(exhaustive);
            let mut out = Relations::default();
            find(report, &Layout::new(report), families, false, &mut out);
            EXHAUSTIVE.set(false);
            format!("{out:?}")
        };
        let linked = std::cell::Cell::new(0);
        let mut runner = TestRunner::new(Config { cases: 1024, failure_persistence: None, ..Config::default() });
        runner
            .run(&texts, |text| {
                let report = crate::parse::parse(&text);
                let skipping = run(&report, false);
                linked.set(linked.get() + usize::from(skipping.contains("RateRelation")));
                prop_assert_eq!(skipping, run(&report, true), "{}", text);
                Ok(())
            })
            .unwrap();
        assert!(linked.get() > 300, "only {} texts had a rate linked", linked.get());
    }

    /// Several reports one after another: rates explained, contradicted and unexplained, with
    /// candidates on both sides of every piece boundary.
    fn reports() -> Report {
        let text = [
            include_str!("../../../fixtures/clean-agriculture.txt"),
            include_str!("../../../fixtures/department-natural-resources.txt"),
            include_str!("../../../fixtures/project-county-road.txt"),
            include_str!("../../../fixtures/department-education.md"),
            include_str!("../../../fixtures/relations/培训项目.txt"),
        ]
        .join("\n");
        crate::parse::parse(&text)
    }

    #[test]
    fn rates_explained_in_pieces_on_all_threads_are_those_of_one_pass() {
        let report = reports();
        let layout = Layout::new(&report);
        let families = &crate::rules::RuleSet::builtin().vocabulary.rates;
        let run = |per_piece| {
            let mut out = Relations::default();
            find_in_pieces(&report, &layout, families, per_piece, &mut out);
            out
        };
        let whole = run(usize::MAX);
        assert!(whole.rates.len() >= 8 && !whole.unexplained.is_empty(), "{whole:?}");
        for per_piece in [1, 2, 3, 5] {
            assert_eq!(format!("{:?}", run(per_piece)), format!("{whole:?}"), "pieces of {per_piece}");
        }
    }

    #[test]
    fn a_better_worded_pair_beyond_the_section_is_still_found() {
        // In its own section the rate has only a weakly worded pair (no spending word on
        // 95.00万元); the section before names both. The search must read past the section.
        let text = "一、预算\n年初预算100.00万元，全年执行95.00万元。\n\
                    二、执行\n项目资金100.00万元，其他95.00万元，预算执行率为95.00%。\n";
        let report = crate::parse::parse(text);
        let families = &crate::rules::RuleSet::builtin().vocabulary.rates;
        let mut out = Relations::default();
        find(&report, &Layout::new(&report), families, false, &mut out);
        let [r] = &out.rates[..] else { panic!("{out:?}") };
        assert_eq!(r.numerator.span.start, text.find("95.00万元").unwrap());
        assert_eq!(r.evidence, Evidence::Strong);
        assert!(r.reproduces());
    }

    #[test]
    fn a_clause_read_for_one_rate_gives_the_next_rate_the_same_roles() {
        // Two rates of one family whose candidates overlap: the second reads the shared
        // clauses from the window, and must link the same amounts a fresh read links.
        let text = "年初预算100.00万元，全年执行95.00万元，预算执行率为95.00%。\n\
                    调整预算120.00万元，实际支出90.00万元，预算执行率为75.00%。\n";
        let report = crate::parse::parse(text);
        let families = &crate::rules::RuleSet::builtin().vocabulary.rates;
        let mut out = Relations::default();
        find(&report, &Layout::new(&report), families, false, &mut out);
        let pairs: Vec<(&str, &str, &str)> = out
            .rates
            .iter()
            .map(|r| (report.slice(&r.stated.span), report.slice(&r.numerator.span), report.slice(&r.denominator.span)))
            .collect();
        assert_eq!(pairs, [("95.00%", "95.00万元", "100.00万元"), ("75.00%", "90.00万元", "120.00万元")]);
        assert!(out.rates.iter().all(|r| r.reproduces()));
        assert!(out.unexplained.is_empty());
    }
}
