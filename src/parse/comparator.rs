//! The comparators a target is written with (`≥95%`, `不低于95%`, `大于等于95%`): the one
//! table of their words and meanings, read by the quantity builder for prose and by the
//! indicator-table model for cells, so `≥` and `大于等于` mean the same in both.
//!
//! The grammar's `comparator` rule matches the symbol forms and the `不…于` forms at the
//! start of a quantity token (they begin with characters the scanner already stops at);
//! the forms that begin with common characters (`大于`, `小于`, `等于`) are found by
//! [`ending_at`] just before the number, so the scanner does not stop at every `大` and `小`.
//! `parse::tests` checks that every word here is read as a comparator in prose.

use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Ge,
    Gt,
    Eq,
    Lt,
    Le,
}

impl Cmp {
    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Ge => "≥",
            Cmp::Gt => "＞",
            Cmp::Eq => "＝",
            Cmp::Lt => "＜",
            Cmp::Le => "≤",
        }
    }

    /// Whether `actual` meets a target of `target` under this comparator.
    pub fn met(self, actual: Decimal, target: Decimal) -> bool {
        match self {
            Cmp::Ge => actual >= target,
            Cmp::Gt => actual > target,
            Cmp::Eq => actual == target,
            Cmp::Lt => actual < target,
            Cmp::Le => actual <= target,
        }
    }
}

/// Every comparator word and its meaning. A word that another word ends with or starts
/// with comes after it (`＞＝` before `＞` and `＝`, `大于等于` before `大于` and `等于`), so
/// the first match, read either way, is the longest.
pub const WORDS: &[(&str, Cmp)] = &[
    ("≥", Cmp::Ge),
    (">=", Cmp::Ge),
    ("＞＝", Cmp::Ge),
    ("大于等于", Cmp::Ge),
    ("大于或等于", Cmp::Ge),
    ("不低于", Cmp::Ge),
    ("不少于", Cmp::Ge),
    ("不小于", Cmp::Ge),
    ("≤", Cmp::Le),
    ("<=", Cmp::Le),
    ("＜＝", Cmp::Le),
    ("小于等于", Cmp::Le),
    ("小于或等于", Cmp::Le),
    ("不高于", Cmp::Le),
    ("不超过", Cmp::Le),
    ("不大于", Cmp::Le),
    ("＞", Cmp::Gt),
    (">", Cmp::Gt),
    ("大于", Cmp::Gt),
    ("高于", Cmp::Gt),
    ("超过", Cmp::Gt),
    ("＜", Cmp::Lt),
    ("<", Cmp::Lt),
    ("小于", Cmp::Lt),
    ("低于", Cmp::Lt),
    ("＝", Cmp::Eq),
    ("=", Cmp::Eq),
    ("等于", Cmp::Eq),
];

/// The last characters of [`WORDS`] (a test checks that it holds every one).
const LAST_CHARS: [char; 10] = ['≥', '=', '＝', '于', '过', '≤', '＞', '>', '＜', '<'];

/// The comparator a text starts with (after any spaces), and the rest after it.
pub fn leading(s: &str) -> Option<(Cmp, &str)> {
    let s = s.trim_start();
    WORDS.iter().find_map(|(w, c)| s.strip_prefix(w).map(|rest| (*c, rest.trim_start())))
}

/// The comparator that ends at byte `at` of `text`, one space allowed before `at`: its
/// meaning and where the word is. `不等于` is not `等于`, so a word preceded by `不` that is
/// not itself a `不…于` word is no comparator.
pub fn ending_at(text: &str, at: usize) -> Option<(Cmp, std::ops::Range<usize>)> {
    let head = text.get(..at)?;
    let head = head.strip_suffix([' ', '\u{3000}']).unwrap_or(head);
    // Nearly every number follows none of these: one look at the last character spares it
    // the comparison with every word.
    if !head.chars().next_back().is_some_and(|c| LAST_CHARS.contains(&c)) {
        return None;
    }
    let (word, cmp) = WORDS.iter().find(|(w, _)| head.ends_with(w))?;
    let start = head.len() - word.len();
    if head[..start].ends_with('不') {
        return None;
    }
    Some((*cmp, start..head.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_ends_in_a_character_ending_at_looks_for() {
        for (w, _) in WORDS {
            assert!(w.chars().next_back().is_some_and(|c| LAST_CHARS.contains(&c)), "{w}");
        }
        assert_eq!(ending_at("不低于95", "不低于".len()), Some((Cmp::Ge, 0.."不低于".len())));
        assert_eq!(ending_at("达到95", "达到".len()), None);
    }
}
