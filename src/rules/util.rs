//! Small helpers shared by rule kinds: compiling configured regexes, character classes.

use super::KindError;
use regex::{Regex, RegexSet};
use rust_decimal::Decimal;
use toml::Spanned;

pub fn is_kebab_case(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Compiles a configured regex, pointing at it in the TOML when it is malformed.
pub fn regex(s: &Spanned<String>) -> Result<Regex, KindError> {
    Regex::new(s.get_ref()).map_err(|e| {
        let detail = e.to_string();
        let last = detail.lines().last().unwrap_or("").trim().trim_start_matches("error: ").to_owned();
        KindError::new(s.span(), format!("正则表达式写错了：{last}"))
            .with_help("jxlint 用 Rust regex 语法；不支持前后查找 (?=…)/(?<=…)，可改用 followed_by 等键")
    })
}

pub fn regexes(list: &[Spanned<String>]) -> Result<Vec<Regex>, KindError> {
    list.iter().map(regex).collect()
}

/// One `RegexSet` for "does any of these match". Only when the set fails to build is each
/// pattern compiled alone, so the error points at the bad one without paying for two
/// compilations of every rule at start-up.
pub fn regex_set(list: &[Spanned<String>]) -> Result<RegexSet, KindError> {
    RegexSet::new(list.iter().map(|s| s.get_ref().as_str())).map_err(|e| match regexes(list) {
        Err(one) => one,
        Ok(_) => KindError::new(list.first().map_or(0..0, |s| s.span()), format!("正则表达式写错了：{e}")),
    })
}

/// Requires a non-empty list parameter.
pub fn require<'a, T>(list: &'a [T], def: &super::config::RuleDef, key: &str) -> Result<&'a [T], KindError> {
    if list.is_empty() {
        Err(KindError::new(def.kind.span(), format!("`{}` 类规则需要 `{key}` 参数", def.kind.get_ref())))
    } else {
        Ok(list)
    }
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

/// A Han ideograph (CJK Unified Ideographs and extensions, compatibility ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x30000..=0x3134F)
}

/// Han ideographs and full-width CJK punctuation: "Chinese text" around punctuation.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x2018..=0x201F)
}

/// A configured number as a decimal, pointing at it in the TOML when it is not finite.
pub fn config_dec(v: &toml::Spanned<f64>) -> Result<Decimal, KindError> {
    Decimal::from_str_exact(&v.get_ref().to_string())
        .or_else(|_| Decimal::try_from(*v.get_ref()))
        .map_err(|_| KindError::new(v.span(), "不是有效的数字"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab() {
        assert!(is_kebab_case("rate-mismatch"));
        assert!(!is_kebab_case("Rate"));
        assert!(!is_kebab_case("a--b"));
        assert!(!is_kebab_case(""));
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("severty", &["severity", "summary"]), Some("severity"));
        assert_eq!(did_you_mean("zzz", &["severity"]), None);
    }
}
