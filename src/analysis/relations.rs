//! The numeric relations of a report: each stated rate or total linked to the operands
//! that should reproduce it, with the scope and evidence of the link. The `rate` and `sum`
//! rule kinds evaluate these; `jxlint dump --relations` shows them.

use crate::parse::number::{round_half_up, truncate};
use crate::parse::{power_of_ten, Report, Span, Span32};
use rust_decimal::Decimal;

/// One number taking part in a relation.
#[derive(Debug, Clone)]
pub struct Operand {
    /// The number as written, with its unit (`343.82万元`, `89.46%`, a table cell).
    pub span: Span,
    /// Value in base units: 元 for money, percent points for rates, the count for counts.
    pub value: Decimal,
    /// Decimal places as written: the precision the value is compared at.
    pub scale: u32,
    /// The power of ten from the written value to `value` (4 for 万元): see
    /// [`Operand::multiplier`].
    pub magnitude: u8,
    /// The words that name it (`实际支出`, a table column header), for messages.
    pub label: Label,
    /// A whole count (`47个`, `46,437剂次`): exact, not a value rounded to its last digit.
    pub exact: bool,
}

/// Words naming an operand or a rate. Mostly they are text of the report (the label before
/// a number), kept as a span and read when a message is built: a long report has tens of
/// thousands of relations, and a copied string per name was a fifth of their memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    Text(Span32),
    /// Words composed for it (a table row and column header, a derived amount's arithmetic);
    /// behind one pointer, so a label is 16 bytes.
    Owned(Box<String>),
}

impl Label {
    /// The report's text at `span`.
    pub fn text(span: &Span) -> Label {
        Label::Text(Span32::new(span))
    }
    pub fn owned(s: impl Into<String>) -> Label {
        Label::Owned(Box::new(s.into()))
    }
    /// The words, read from `report` (the one the label was made from) when they are its text.
    pub fn of<'a>(&'a self, report: &'a Report) -> &'a str {
        match self {
            Label::Text(s) => report.text.get(s.get()).unwrap_or(""),
            Label::Owned(s) => s.as_str(),
        }
    }
}

impl Default for Label {
    fn default() -> Label {
        Label::Text(Span32::default())
    }
}

/// How strongly the wording supports the link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evidence {
    /// Plausible by position and unit, little wording: a mismatch is a warning.
    Weak,
    /// Role words, position and unit agree: a mismatch is an error.
    Strong,
}

/// Where a relation was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Prose: the scope the operands were gathered in (句内, 上一句, 同段 …).
    Prose(&'static str),
    /// Row or column of the table with this index in `Report::tables`.
    Table(usize),
}

/// A stated rate and the ratio meant to reproduce it: `stated ≈ numerator / denominator × 100`.
#[derive(Debug, Clone)]
pub struct RateRelation {
    /// The rate's name as written (`预算执行率`, `到位率`, a column header).
    pub name: Label,
    pub stated: Operand,
    pub numerator: Operand,
    pub denominator: Operand,
    pub evidence: Evidence,
    pub source: Source,
}

/// A stated total and its parts: `total ≈ Σ parts` (or `≥` when the breakdown may be partial).
/// A difference (结余 = 预算 − 支出) is written as a sum: `预算 = 支出 + 结余`.
#[derive(Debug, Clone)]
pub struct SumRelation {
    pub total: Operand,
    pub parts: Vec<Operand>,
    /// The text marks the breakdown as complete (分别为, 两类, a known partition): the
    /// parts must add up; otherwise they need only not exceed the total.
    pub complete: bool,
    pub evidence: Evidence,
    pub source: Source,
}

/// Every relation found in one report, plus the stated values left unexplained.
#[derive(Debug, Clone, Default)]
pub struct Relations {
    pub rates: Vec<RateRelation>,
    pub sums: Vec<SumRelation>,
    /// Stated rates and totals for which no operands were found (for `dump --relations`
    /// and `--statistics`).
    pub unexplained: Vec<Span>,
}

/// How many stated values a report's relations cover: the numbers `--statistics` adds up
/// across files, so no file's relations need outlive its check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RelationCounts {
    /// Stated rates linked to a numerator and a denominator.
    pub rates: usize,
    /// Stated totals linked to their parts.
    pub sums: usize,
    /// Stated values no operands were found for.
    pub unexplained: usize,
}

impl std::ops::AddAssign for RelationCounts {
    fn add_assign(&mut self, other: RelationCounts) {
        self.rates += other.rates;
        self.sums += other.sums;
        self.unexplained += other.unexplained;
    }
}

impl Relations {
    pub fn counts(&self) -> RelationCounts {
        RelationCounts { rates: self.rates.len(), sums: self.sums.len(), unexplained: self.unexplained.len() }
    }
}

impl Operand {
    /// Half a unit in the last written digit, in base units: how far the value as written
    /// may be from the value it was rounded from.
    pub fn half_unit(&self) -> Decimal {
        if self.exact {
            return Decimal::ZERO;
        }
        crate::parse::number::half_unit(self.scale, self.multiplier())
    }

    /// Multiplier from the written value to `value` (10000 for 万元): a part rounded at
    /// its written precision may be off by half a unit of it.
    pub fn multiplier(&self) -> Decimal {
        power_of_ten(self.magnitude)
    }
}

impl RateRelation {
    /// numerator ÷ denominator × 100, if the denominator is not zero.
    pub fn ratio(&self) -> Option<Decimal> {
        ratio(self.numerator.value, self.denominator.value)
    }

    /// Whether the operands reproduce the stated rate: the ratio, rounded half-up at the
    /// stated decimals, equals it — allowing each operand the rounding its own written
    /// precision implies (21.37亿元 ÷ 56.84亿元 may be 37.61% when both were rounded).
    pub fn reproduces(&self) -> bool {
        reproduces(&self.numerator, &self.denominator, &self.stated)
    }
}

impl SumRelation {
    /// Σ parts, in base units.
    pub fn sum(&self) -> Decimal {
        self.parts.iter().map(|p| p.value).sum()
    }

    /// How far the parts may miss the total given the precision each is written at.
    pub fn tolerance(&self) -> Decimal {
        crate::analysis::numeric::sums::tolerance(&self.total, &self.parts.iter().collect::<Vec<_>>())
    }

    /// Whether the parts agree with the total within `tolerance`: they never exceed it, and a
    /// complete breakdown also reaches it. No parts, nothing to disagree with.
    pub fn holds(&self, tolerance: Decimal) -> bool {
        if self.parts.is_empty() {
            return true;
        }
        let sum = self.sum();
        let over = sum - self.total.value > tolerance;
        let under = self.total.value - sum > tolerance;
        !(over || (self.complete && under))
    }
}

/// n ÷ d × 100, if d is not zero and the result fits.
pub fn ratio(n: Decimal, d: Decimal) -> Option<Decimal> {
    if d.is_zero() {
        return None;
    }
    n.checked_div(d)?.checked_mul(Decimal::ONE_HUNDRED)
}

/// See [`RateRelation::reproduces`]. A stated value equal to the truncated ratio is never
/// excused by the operands' rounding: truncation is the defect it most likely is.
pub fn reproduces(numerator: &Operand, denominator: &Operand, stated: &Operand) -> bool {
    let Some(exact) = ratio(numerator.value, denominator.value) else { return false };
    reproduces_ratio(
        exact,
        (numerator.value, numerator.half_unit()),
        (denominator.value, denominator.half_unit()),
        stated.value,
        stated.scale,
    )
}

/// [`reproduces`] given the exact ratio and each operand as (value, half unit): the rate
/// finder tries thousands of pairs per report and has these at hand, so it skips
/// recomputing them per pair. The one rounding rule, whoever calls it.
pub fn reproduces_ratio(
    exact: Decimal,
    (n, hn): (Decimal, Decimal),
    (d, hd): (Decimal, Decimal),
    stated: Decimal,
    scale: u32,
) -> bool {
    if round_half_up(exact, scale) == stated {
        return true;
    }
    if truncate(exact, scale) == stated {
        return false;
    }
    let lo_d = d - hd;
    if lo_d <= Decimal::ZERO {
        return false;
    }
    let (Some(lo), Some(hi)) = (ratio(n - hn, d + hd), ratio(n + hn, lo_d)) else {
        return false;
    };
    // The stated value stands for [stated − ½ulp, stated + ½ulp) under half-up rounding.
    let half = crate::parse::number::half_unit(scale, Decimal::ONE);
    lo < stated + half && hi >= stated - half
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_stay_small() {
        // Tens of thousands per long report (issue 13).
        assert!(std::mem::size_of::<Label>() <= 16, "{}", std::mem::size_of::<Label>());
        assert!(std::mem::size_of::<Operand>() <= 56, "{}", std::mem::size_of::<Operand>());
        assert!(std::mem::size_of::<RateRelation>() <= 216, "{}", std::mem::size_of::<RateRelation>());
    }

    #[test]
    fn a_label_reads_the_report_or_its_own_words() {
        let report = crate::parse::parse("预算执行率为95%。");
        assert_eq!(Label::text(&(0..15)).of(&report), "预算执行率");
        assert_eq!(Label::owned("合计").of(&report), "合计");
        assert_eq!(Label::default().of(&report), "");
    }
}
