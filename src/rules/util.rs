//! Small helpers shared by rule kinds: compiling configured regexes, character classes.

use super::KindError;
use crate::util::pattern;
pub use crate::util::pattern::did_you_mean;
use crate::util::Spanned;
use regex::{Regex, RegexSet};
use rust_decimal::Decimal;

pub fn is_kebab_case(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Compiles a configured regex, pointing at it in the TOML when it is malformed.
pub fn regex(s: &Spanned<String>) -> Result<Regex, KindError> {
    Ok(pattern::regex(s)?)
}

pub fn regexes(list: &[Spanned<String>]) -> Result<Vec<Regex>, KindError> {
    Ok(pattern::regexes(list)?)
}

/// One `RegexSet` for "does any of these match" (see [`pattern::regex_set`]).
pub fn regex_set(list: &[Spanned<String>]) -> Result<RegexSet, KindError> {
    Ok(pattern::regex_set(list)?)
}

/// Requires a non-empty list parameter.
pub fn require<'a, T>(list: &'a [T], def: &super::config::RuleDef, key: &str) -> Result<&'a [T], KindError> {
    if list.is_empty() {
        Err(KindError::new(def.kind.span(), format!("`{}` 类规则需要 `{key}` 参数", def.kind.get_ref())))
    } else {
        Ok(list)
    }
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
pub fn config_dec(v: &Spanned<f64>) -> Result<Decimal, KindError> {
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
}
