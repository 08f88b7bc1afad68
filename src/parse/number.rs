//! Number normalisation: full-width digits, thousands separators, Chinese numerals.
//!
//! Values are `rust_decimal::Decimal` so that money and rates compare exactly.

use rust_decimal::Decimal;
use std::str::FromStr;

/// Parses a number as the grammar's `number` rule accepts it: ASCII or full-width digits,
/// `,` thousands separators, `.` or `．` decimal point. Returns the value and its scale
/// (decimal places as written). `None` only for absurdly long digit strings.
pub fn parse_arabic(s: &str) -> Option<(Decimal, u32)> {
    let mut ascii = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '0'..='9' | '.' => ascii.push(c),
            '０'..='９' => ascii.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            '．' => ascii.push('.'),
            ',' => {}
            _ => return None,
        }
    }
    let scale = ascii.split_once('.').map_or(0, |(_, f)| f.len() as u32);
    // Decimal holds 28–29 significant digits; longer strings are not amounts anyone wrote.
    let value = Decimal::from_str(&ascii).ok()?;
    Some((value, scale))
}

/// Whether `v` is a magnitude a report can mean: at most 10¹⁵ (a thousand trillion 元,
/// beyond any budget). Larger numbers (ID numbers, digit runs) are left out of the model,
/// so that sums and differences of quantities can never overflow a `Decimal`.
pub fn plausible(v: Decimal) -> bool {
    v.abs() <= Decimal::from(1_000_000_000_000_000u64)
}

fn cn_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The ordinals of `measure` written in `text`, in order: `首批` is 1, `第二批` 2, `第3批` 3
/// (Arabic or Chinese numerals).
pub fn ordinals<'a>(text: &'a str, measure: &'a str) -> impl Iterator<Item = u64> + 'a {
    let first = text.match_indices('首').filter(move |(i, m)| text[i + m.len()..].starts_with(measure)).map(|_| 1);
    let nth = text.match_indices('第').filter_map(move |(i, m)| {
        let rest = &text[i + m.len()..];
        let digits =
            rest.find(|c: char| !(c.is_ascii_digit() || "一二两三四五六七八九十".contains(c))).unwrap_or(rest.len());
        let (n, tail) = rest.split_at(digits);
        if n.is_empty() || !tail.starts_with(measure) {
            return None;
        }
        n.parse::<u64>().ok().or_else(|| parse_chinese(n))
    });
    first.chain(nth)
}

/// Parses a Chinese numeral (`八`, `十二`, `一百零五`, `两千`, `三万五千`).
/// Returns `None` for strings that are not a well-formed numeral.
pub fn parse_chinese(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    // Digit-by-digit form (二〇二四) when it has no unit characters.
    if s.chars().all(|c| cn_digit(c).is_some()) && s.chars().count() > 1 {
        return s.chars().try_fold(0u64, |acc, c| acc.checked_mul(10)?.checked_add(cn_digit(c)?));
    }
    let mut total: u64 = 0; // completed 万 groups
    let mut section: u64 = 0; // below 万
    let mut digit: Option<u64> = None;
    for c in s.chars() {
        if let Some(d) = cn_digit(c) {
            if digit.is_some_and(|p| p != 0) {
                return None; // two digits in a row without a unit between them
            }
            digit = Some(d);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => {
                let n = section + digit.take().unwrap_or(0);
                if n == 0 && total == 0 {
                    return None;
                }
                total = (total + n).checked_mul(10_000)?;
                section = 0;
                continue;
            }
            _ => return None,
        };
        // 十 alone means 10; 百/千 need an explicit digit except in 百分之百 (handled by caller).
        let d = match digit.take() {
            Some(d) => d,
            None if unit == 10 => 1,
            None if section == 0 && total == 0 => 1,
            None => return None,
        };
        section += d * unit;
    }
    section += digit.unwrap_or(0);
    total.checked_add(section)
}

/// The Chinese ordinal used in heading marks (1 → 一, 12 → 十二, 20 → 二十).
pub fn to_cn_ordinal(n: u32) -> String {
    const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    match n {
        0 => "零".into(),
        1..=9 => D[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        20..=99 => {
            let tail = if n % 10 == 0 { String::new() } else { D[(n % 10) as usize].to_string() };
            format!("{}十{}", D[(n / 10) as usize], tail)
        }
        _ => n.to_string(),
    }
}

/// How far the true value of a number written with `scale` decimal places may be from
/// it: half a unit in the last written digit, times the unit's `multiplier` (万 → 10000).
/// The one definition of a stated value's tolerance (sums, expressions, `round`).
pub fn half_unit(scale: u32, multiplier: Decimal) -> Decimal {
    Decimal::new(5, scale.min(20) + 1) * multiplier
}

/// Rounds half away from zero at `dp` decimal places (the 四舍五入 of reports).
pub fn round_half_up(v: Decimal, dp: u32) -> Decimal {
    v.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Truncates toward zero at `dp` decimal places.
pub fn truncate(v: Decimal, dp: u32) -> Decimal {
    v.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::ToZero)
}

/// Formats a decimal for messages: no trailing zeros beyond `dp`, at least `dp` places.
pub fn format_dp(v: Decimal, dp: u32) -> String {
    let r = round_half_up(v, dp);
    format!("{:.*}", dp as usize, r)
}

/// Inserts `,` every three digits in the integer part (`1305000.5` → `1,305,000.5`).
pub fn group_thousands(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    if !int.bytes().all(|b| b.is_ascii_digit()) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros_free::dec;

    mod rust_decimal_macros_free {
        macro_rules! dec {
            ($s:literal) => {
                rust_decimal::Decimal::from_str_exact($s).unwrap()
            };
        }
        pub(crate) use dec;
    }

    #[test]
    fn arabic_halfwidth_fullwidth_and_separators() {
        assert_eq!(parse_arabic("384.29"), Some((dec!("384.29"), 2)));
        assert_eq!(parse_arabic("３８４．２９"), Some((dec!("384.29"), 2)));
        assert_eq!(parse_arabic("1,234.56"), Some((dec!("1234.56"), 2)));
        assert_eq!(parse_arabic("19"), Some((dec!("19"), 0)));
        assert_eq!(parse_arabic("100.0"), Some((dec!("100.0"), 1)));
        assert_eq!(parse_arabic("9".repeat(60).as_str()), None);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(parse_chinese("八"), Some(8));
        assert_eq!(parse_chinese("两"), Some(2));
        assert_eq!(parse_chinese("十"), Some(10));
        assert_eq!(parse_chinese("十二"), Some(12));
        assert_eq!(parse_chinese("二十"), Some(20));
        assert_eq!(parse_chinese("一百零五"), Some(105));
        assert_eq!(parse_chinese("百"), Some(100));
        assert_eq!(parse_chinese("两千"), Some(2000));
        assert_eq!(parse_chinese("三万五千"), Some(35000));
        assert_eq!(parse_chinese("二〇二四"), Some(2024));
        assert_eq!(parse_chinese("八八"), Some(88));
        assert_eq!(parse_chinese("万"), None);
        assert_eq!(parse_chinese(""), None);
    }

    #[test]
    fn ordinals_round_trip() {
        for n in 1..=99 {
            assert_eq!(parse_chinese(&to_cn_ordinal(n)), Some(n as u64), "{n}");
        }
    }

    #[test]
    fn thousands_grouping() {
        assert_eq!(group_thousands("1305000"), "1,305,000");
        assert_eq!(group_thousands("100000.25"), "100,000.25");
        assert_eq!(group_thousands("-1234"), "-1,234");
        assert_eq!(group_thousands("999"), "999");
    }

    #[test]
    fn rounding_and_truncation() {
        let r = dec!("89.4689");
        assert_eq!(round_half_up(r, 2), dec!("89.47"));
        assert_eq!(truncate(r, 2), dec!("89.46"));
        assert_eq!(round_half_up(dec!("96.775"), 2), dec!("96.78"));
        assert_eq!(round_half_up(dec!("96.5"), 0), dec!("97"));
        assert_eq!(truncate(dec!("96.5"), 0), dec!("96"));
        assert_eq!(round_half_up(dec!("96.45"), 1), dec!("96.5"));
        assert_eq!(truncate(dec!("96.45"), 1), dec!("96.4"));
        assert_eq!(format_dp(dec!("87.5"), 2), "87.50");
    }
}
