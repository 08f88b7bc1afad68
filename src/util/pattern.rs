//! Configured regexes (rule and fact files), compiled with errors that point at the
//! pattern in the TOML, and the did-you-mean used by every "unknown name" error.

use super::spanned::Spanned;
use regex::{Regex, RegexSet};
use std::ops::Range;

/// A pattern that does not compile, located in the TOML.
#[derive(Debug, Clone)]
pub struct PatternError {
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

/// Compiles a configured regex, pointing at it in the TOML when it is malformed.
pub fn regex(s: &Spanned<String>) -> Result<Regex, PatternError> {
    Regex::new(s.get_ref()).map_err(|e| {
        let detail = e.to_string();
        let last = detail.lines().last().unwrap_or("").trim().trim_start_matches("error: ").to_owned();
        PatternError {
            span: s.span(),
            message: format!("正则表达式写错了：{last}"),
            help: Some("jxlint 用 Rust regex 语法；不支持前后查找 (?=…)/(?<=…)，可改用 followed_by 等键".to_owned()),
        }
    })
}

pub fn regexes(list: &[Spanned<String>]) -> Result<Vec<Regex>, PatternError> {
    list.iter().map(regex).collect()
}

/// One `RegexSet` for "does any of these match". Only when the set fails to build is each
/// pattern compiled alone, so the error points at the bad one without paying for two
/// compilations of every rule at start-up.
pub fn regex_set(list: &[Spanned<String>]) -> Result<RegexSet, PatternError> {
    RegexSet::new(list.iter().map(|s| s.get_ref().as_str())).map_err(|e| match regexes(list) {
        Err(one) => one,
        Ok(_) => PatternError {
            span: list.first().map_or(0..0, |s| s.span()),
            message: format!("正则表达式写错了：{e}"),
            help: None,
        },
    })
}

/// The closest candidate to `word` by edit distance, if close enough to be a typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("severty", &["severity", "summary"]), Some("severity"));
        assert_eq!(did_you_mean("zzz", &["severity"]), None);
    }

    #[test]
    fn a_bad_pattern_points_at_itself() {
        let e = regex(&Spanned::new(4..9, "(abc".to_owned())).unwrap_err();
        assert_eq!(e.span, 4..9);
        assert!(e.message.starts_with("正则表达式写错了"), "{}", e.message);
    }
}
