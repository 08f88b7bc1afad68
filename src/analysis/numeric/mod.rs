//! The prose relation finder: links each stated rate in the text to the operands that
//! should reproduce it, deciding by arithmetic with the wording as evidence.
//!
//! - [`candidates`] gathers the quantities around a stated value in widening scopes and
//!   reads role evidence from their wording (shared with the sum finder).
//! - [`rates`] decides which candidate pair explains each stated rate.
//! - [`sums`] finds totals and their parts (breakdowns, closing totals, differences).
//! - [`two_columns`] splits two lists flattened side by side into their columns.
//! - [`label_values`] reads a form copied one cell per line, names and values alternating.
//! - [`paired`] links rows of a count and its amount to the amount beside the count they split.
//!
//! The vocabulary (which words make a rate, a numerator, a denominator) is data: the rule
//! file's `rate` kind parameters, compiled by the rules layer into [`Vocabulary`].

pub mod balances;
pub mod candidates;
pub mod label_values;
pub mod paired;
pub mod rates;
pub mod sums;
pub mod two_columns;

use super::relations::Relations;
use crate::parse::Report;
use candidates::{Layout, Words};

/// How a rate's base may be derived when the text gives only the current value and the
/// change (`较上年减少47.16万元，降幅21.9%`: 上年 = 本年 + 减少额).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// The denominator is stated.
    Stated,
    /// Growth: 上年 = 本年 − 增加额.
    CurrentMinusChange,
    /// Decline: 上年 = 本年 + 减少额.
    CurrentPlusChange,
}

/// Which operand the rate's own name names (`立案率` names its numerator 立案;
/// `占采购合同总额的` names its denominator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameOf {
    Numerator,
    Denominator,
}

/// One family of rates, compiled from a `[[rule.rate]]` table.
#[derive(Debug, Clone)]
pub struct RateWords {
    pub name: String,
    /// Matched against the rate's label (normalised).
    pub labels: Words,
    /// Spent-like words: the numerator's wording.
    pub numerator: Words,
    /// Budget-like words: the denominator's wording.
    pub denominator: Words,
    pub base: Base,
    pub name_of: NameOf,
    /// The widest scope at which the operands may contradict the rate.
    pub reach: candidates::Scope,
}

/// Everything the numeric finder reads from the rule file.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    pub rates: Vec<RateWords>,
    /// From the first enabled `sum` rule; no prose sums are looked for without one.
    pub sums: Option<sums::SumVocab>,
    /// From the first enabled rule that checks restatements; none are looked for without one.
    pub restatements: Option<crate::analysis::restatements::Words>,
}

/// Finds the prose relations of one report and adds them to `out`, on all threads or on
/// this one (the same relations in the same order either way).
pub fn relations(report: &Report, vocab: &Vocabulary, threads: bool, out: &mut Relations) {
    let sums = |sums: &mut Vec<_>| {
        if let Some(v) = &vocab.sums {
            sums::relations(report, v, if threads { crate::util::pieces::for_threads() } else { 1 }, sums);
            two_columns::relations(report, sums);
            paired::relations(report, sums);
            label_values::relations(report, sums);
        }
    };
    let rates = |out: &mut Relations| {
        if !vocab.rates.is_empty() {
            rates::find(report, &Layout::new(report), &vocab.rates, threads, out);
        }
    };
    // Sums write only `sums`, rates everything else.
    let mut found = Vec::new();
    if threads {
        rayon::join(|| sums(&mut found), || rates(out));
    } else {
        sums(&mut found);
        rates(out);
    }
    // Moved, not copied, when the tables gave none: on a long report these are tens of MB.
    found.shrink_to_fit();
    if out.sums.is_empty() {
        out.sums = found;
    } else {
        out.sums.append(&mut found);
    }
    if let Some(v) = &vocab.sums {
        balances::relations(report, v, threads, out);
    }
}
