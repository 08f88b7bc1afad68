//! The grammar's commonest token, matched by hand: at a digit, `token_choice` is
//! `date | year | amount`, and nearly every one is a year (`2024年度`) or a lone quantity
//! (`384.29万元`, `89.46%`, `19人`). Matching those here spares a pest call each, which
//! was most of the parse once plain text was skipped.
//!
//! Invariant: whatever this returns is what pest's `token` rule would match at the same
//! place, part for part. Where the grammar could go more than one way (a date, a range)
//! it returns `None` and the caller asks pest. The property tests compare the resulting
//! model with the grammar-only parse on text dense in digits, separators and units.

use super::build::{COUNT_WORDS, MEASURE_WORDS};
use super::scan::run_len;
use std::ops::Range;

/// A token starting at a digit, with offsets relative to the text it was matched in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigitToken {
    /// The grammar's `year`: `2024年` or `2024年度`.
    Year(Range<usize>),
    /// An `amount` of one quantity, without comparator (none precedes a digit).
    Quantity(QuantityParts),
}

/// The parts of the grammar's `quantity` rule, as offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuantityParts {
    pub span: Range<usize>,
    pub comparator: Option<Range<usize>>,
    pub number: Range<usize>,
    pub magnitude: Option<Range<usize>>,
    pub unit: Option<Range<usize>>,
}

/// The grammar's `unit` alternatives in the order it tries them (`money_unit`,
/// `percent_unit`, `count_unit`): `个百分点` must come before the measure word `个`.
const NON_COUNT_UNITS: [&str; 5] = ["元", "%", "％", "‰", "个百分点"];

/// The grammar's `range_sep` characters: after one, the quantity may be half of a range.
const RANGE_SEPS: [char; 8] = ['-', '－', '—', '–', '~', '～', '至', '到'];

/// The grammar's `digit`.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '０'..='９')
}

/// Matches the token starting at `at` (a digit) in `text`, or `None` when only the grammar
/// can tell: dates, ranges, or `at` not at a digit.
pub fn match_at(text: &str, at: usize) -> Option<DigitToken> {
    let s = &text[at..];
    if !s.chars().next().is_some_and(is_digit) {
        return None;
    }
    // `year_digits`: an ASCII 19 or 20, then two digits of either width.
    if s.starts_with("19") || s.starts_with("20") {
        let end = digits(&s[2..], 2, 2).map(|n| 2 + n);
        if let Some(end) = end {
            let rest = &s[end..];
            if let Some(after) = rest.strip_prefix('年') {
                // 2024年12月 may be a date; 2024年 followed by anything else is a year.
                if after.starts_with(is_digit) {
                    return None;
                }
                let len = end + '年'.len_utf8() + if after.starts_with('度') { '度'.len_utf8() } else { 0 };
                return Some(DigitToken::Year(at..at + len));
            }
            if rest.starts_with(['-', '/', '.']) {
                return None;
            }
        }
    }
    let q = quantity(s)?;
    if s[q.span.end..].starts_with(RANGE_SEPS) {
        return None;
    }
    Some(DigitToken::Quantity(q.shifted(at)))
}

/// `number ~ " "? ~ magnitude? ~ unit?` at the start of `s`.
fn quantity(s: &str) -> Option<QuantityParts> {
    let mut end = digits(s, 1, usize::MAX)?;
    // `("," ~ digit{3} ~ !digit)*`
    while s[end..].starts_with(',') {
        let group = end + 1;
        match digits(&s[group..], 3, 3) {
            Some(n) if !s[group + n..].starts_with(is_digit) => end = group + n,
            _ => break,
        }
    }
    // `(decimal_point ~ digit+)?`
    if let Some(point) = s[end..].chars().next().filter(|c| matches!(c, '.' | '．')) {
        let frac = end + point.len_utf8();
        if let Some(n) = digits(&s[frac..], 1, usize::MAX) {
            end = frac + n;
        }
    }
    let number = 0..end;
    let mut at = end;
    if s[at..].starts_with(' ') {
        at += 1;
    }
    let magnitude = ['亿', '万', '千'].into_iter().find(|&m| s[at..].starts_with(m)).map(|m| {
        at += m.len_utf8();
        at - m.len_utf8()..at
    });
    let unit =
        NON_COUNT_UNITS.iter().chain(COUNT_WORDS).chain(MEASURE_WORDS).find(|u| s[at..].starts_with(**u)).map(|u| {
            at += u.len();
            at - u.len()..at
        });
    Some(QuantityParts { span: 0..at, comparator: None, number, magnitude, unit })
}

/// Byte length of between `min` and `max` digits at the start of `s` (as many as there are,
/// up to `max`: the grammar's repetitions are greedy and never give back).
fn digits(s: &str, min: usize, max: usize) -> Option<usize> {
    let len = run_len(s, is_digit, max);
    (s[..len].chars().count() >= min).then_some(len)
}

impl QuantityParts {
    /// The same parts `by` bytes further on.
    pub fn shifted(self, by: usize) -> QuantityParts {
        let mv = |r: Range<usize>| r.start + by..r.end + by;
        QuantityParts {
            span: mv(self.span),
            comparator: self.comparator.map(mv),
            number: mv(self.number),
            magnitude: self.magnitude.map(mv),
            unit: self.unit.map(mv),
        }
    }
}
