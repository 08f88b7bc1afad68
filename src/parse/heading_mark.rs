//! The grammar's `line_head` for the common heading marks, matched by hand: `一、`,
//! `（一）`, `（1）`, `1、`, `1.`, `1.1`, `①`, each with its indentation and gap. A report has
//! a dozen or more of these, and a pest call for each was the larger part of the parse
//! once tokens were matched by hand.
//!
//! Invariant: what this returns is what pest's `line_head` rule reads on the same line,
//! part for part. Lines it does not handle (Markdown prefixes, `第一部分`, `㈠`) return
//! `None` and go to pest. `tests.rs` compares both on lines dense in mark characters.

use super::model::NumberStyle;
use super::number::{parse_arabic, parse_chinese};
use super::number_token::is_digit;
use super::scan::{run_len, CN_ORDINAL, INDENT};
use std::ops::Range;

/// A line's head: offsets relative to the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineHead {
    /// Where the line's content starts: after the indentation.
    pub content_start: usize,
    /// Where the body (inline text) starts: after the mark and its gap, if any.
    pub end: usize,
    pub heading: Option<MarkParts>,
}

/// A heading mark as the grammar's `heading_head` reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkParts {
    pub mark: Range<usize>,
    pub style: NumberStyle,
    pub ordinal: u32,
    /// Levels of a decimal mark (1.2.3 → 3); 1 otherwise.
    pub depth: u8,
}

/// The head of `line`, or `None` where only the grammar can tell.
pub fn match_line_head(line: &str) -> Option<LineHead> {
    let content_start = line.len() - line.trim_start_matches(INDENT).len();
    let rest = &line[content_start..];
    let first = rest.chars().next()?;
    if matches!(first, '#' | '*' | '第' | '㈠'..='㈩') {
        return None;
    }
    let Some((len, style, ordinal, depth)) = mark(rest) else {
        return Some(LineHead { content_start, end: content_start, heading: None });
    };
    let mark = content_start..content_start + len;
    let gap = line[mark.end..].len() - line[mark.end..].trim_start_matches(INDENT).len();
    Some(LineHead { content_start, end: mark.end + gap, heading: Some(MarkParts { mark, style, ordinal, depth }) })
}

/// The `heading_mark` alternatives that can begin with `s`'s first character, in the
/// grammar's order: (length, style, ordinal, depth).
fn mark(s: &str) -> Option<(usize, NumberStyle, u32, u8)> {
    let first = s.chars().next()?;
    if CN_ORDINAL.contains(first) {
        // mark_cn_comma = cn_ordinal ~ ("、" | "．" | ".")
        let n = run_len(s, |c| CN_ORDINAL.contains(c), 4);
        let after = s[n..].chars().next().filter(|c| matches!(c, '、' | '．' | '.'))?;
        return Some((n + after.len_utf8(), NumberStyle::CnComma, cn_ordinal(&s[..n]), 1));
    }
    if matches!(first, '（' | '(') {
        let open = first.len_utf8();
        // mark_cn_paren, then mark_arabic_paren: lparen ~ ordinal ~ rparen ~ "、"?
        let (style, n, ordinal) = match run_len(&s[open..], |c| CN_ORDINAL.contains(c), 4) {
            0 => {
                let n = run_len(&s[open..], is_digit, 3);
                (NumberStyle::ArabicParen, n, arabic_ordinal(&s[open..open + n]))
            }
            n => (NumberStyle::CnParen, n, cn_ordinal(&s[open..open + n])),
        };
        if n == 0 {
            return None;
        }
        let close = s[open + n..].chars().next().filter(|c| matches!(c, '）' | ')'))?;
        let mut len = open + n + close.len_utf8();
        if s[len..].starts_with('、') {
            len += '、'.len_utf8();
        }
        return Some((len, style, ordinal, 1));
    }
    if is_digit(first) {
        return decimal(s).or_else(|| arabic_comma(s));
    }
    if let '①'..='⑳' = first {
        return Some((first.len_utf8(), NumberStyle::Circled, circled_value(first, '①'), 1));
    }
    None
}

/// mark_decimal = ordinal_digits ~ (("." | "．") ~ ordinal_digits){1,3} ~ &(gap | "、") ~ "、"?
fn decimal(s: &str) -> Option<(usize, NumberStyle, u32, u8)> {
    let mut len = run_len(s, is_digit, 3);
    let mut last = 0..len;
    let mut depth = 1u8;
    while depth < 4 {
        let Some(point) = s[len..].chars().next().filter(|c| matches!(c, '.' | '．')) else { break };
        let n = run_len(&s[len + point.len_utf8()..], is_digit, 3);
        if n == 0 {
            break;
        }
        last = len + point.len_utf8()..len + point.len_utf8() + n;
        len = last.end;
        depth += 1;
    }
    let after = &s[len..];
    if depth == 1 || !(after.starts_with(INDENT) || after.starts_with('、')) {
        return None;
    }
    if after.starts_with('、') {
        len += '、'.len_utf8();
    }
    Some((len, NumberStyle::Decimal, arabic_ordinal(&s[last]), depth))
}

/// mark_arabic_comma = ordinal_digits ~ ("、" | (("." | "．") ~ !digit))
fn arabic_comma(s: &str) -> Option<(usize, NumberStyle, u32, u8)> {
    let n = run_len(s, is_digit, 3);
    let after = s[n..].chars().next()?;
    let ok = after == '、' || (matches!(after, '.' | '．') && !s[n + after.len_utf8()..].starts_with(is_digit));
    ok.then(|| (n + after.len_utf8(), NumberStyle::ArabicComma, arabic_ordinal(&s[..n]), 1))
}

/// The value of a `cn_ordinal` (0 if it is not a well-formed numeral).
pub(super) fn cn_ordinal(s: &str) -> u32 {
    parse_chinese(s).unwrap_or(0) as u32
}

/// The value of an `ordinal_digits`.
pub(super) fn arabic_ordinal(s: &str) -> u32 {
    parse_arabic(s).and_then(|(v, _)| u32::try_from(v.mantissa()).ok()).unwrap_or(0)
}

/// The ordinal of a circled mark: `c`'s place after `first` (① or ㈠), counting from 1.
pub(super) fn circled_value(c: char, first: char) -> u32 {
    c as u32 - first as u32 + 1
}
