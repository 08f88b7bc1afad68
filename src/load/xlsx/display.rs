//! A number as the cell shows it, from its number format code: `0.00%` shows 0.955791 as
//! `95.58%`, `#,##0.00` shows 1234.5 as `1,234.50`, `0.00"万元"` as `12.50万元`. The rules
//! then read what the user reads, not the binary fraction behind it.
//!
//! Covered: sections (`pos;neg;zero;text`), `0 # ?` placeholders, decimals, thousands
//! separators and `,` scaling, `%`, quoted and escaped literals, `[Red]`/`[$¥-804]`
//! brackets, `_x` padding. Scientific formats and fractions fall back to General.

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};

/// The cell's text for `value` under `format` (`General` when there is none).
pub fn format_number(value: f64, format: &str) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let Some(section) = pick_section(format, value) else { return general(value) };
    match Pattern::parse(section.text) {
        Some(p) => p.render(if section.absolute { value.abs() } else { value }),
        None => general(value),
    }
}

/// Excel's General: the value without binary noise (15 significant digits, trailing zeros
/// dropped), never in exponent form for the magnitudes reports carry.
pub fn general(value: f64) -> String {
    let Some(d) = decimal(value) else { return format!("{value}") };
    let digits = significant_digits_before_point(d);
    let dp = 15u32.saturating_sub(digits);
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero).normalize().to_string()
}

/// Excel's cells hold doubles; as decimals they are the shortest text that reads back as
/// the same double.
pub fn decimal(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    format!("{value}").parse::<Decimal>().ok().or_else(|| Decimal::from_f64(value))
}

fn significant_digits_before_point(d: Decimal) -> u32 {
    let int = d.trunc().abs();
    if int.is_zero() {
        0
    } else {
        int.to_u128().map_or(28, |n| n.to_string().len() as u32)
    }
}

struct Section<'a> {
    text: &'a str,
    /// The section for negatives shows its own sign (or none), so it formats |value|.
    absolute: bool,
}

fn pick_section(format: &str, value: f64) -> Option<Section<'_>> {
    let sections = split_sections(format);
    let general = |s: &str| s.trim().eq_ignore_ascii_case("general") || s.trim().is_empty();
    let (text, absolute) = match sections.len() {
        0 => return None,
        1 => (sections[0], false),
        2 if value < 0.0 => (sections[1], true),
        _ if value < 0.0 => (sections[1], true),
        n if n >= 3 && value == 0.0 => (sections[2], false),
        _ => (sections[0], false),
    };
    (!general(text)).then_some(Section { text, absolute })
}

/// Splits on `;` outside quotes and escapes.
fn split_sections(format: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in format.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if !quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                out.push(&format[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&format[start..]);
    out
}

#[derive(Debug, Default)]
struct Pattern {
    prefix: String,
    suffix: String,
    decimals: u32,
    /// Digits always shown before the point (`0` placeholders): `#.00` shows `.5`.
    min_int_digits: usize,
    grouping: bool,
    /// `%` multiplies by 100 for each occurrence; trailing `,` divides by 1000 each.
    percent: u32,
    thousands_scale: u32,
    literal_only: bool,
}

impl Pattern {
    /// `None` for what is not a plain number pattern (dates, text `@`, exponents,
    /// fractions): those fall back to General.
    fn parse(section: &str) -> Option<Pattern> {
        let mut p = Pattern::default();
        let chars: Vec<char> = section.chars().collect();
        let (mut i, mut seen_digit, mut after_point) = (0, false, false);
        let mut pending_commas = 0;
        while i < chars.len() {
            let c = chars[i];
            let lit = |p: &mut Pattern, s: &str, seen: bool| {
                if seen {
                    p.suffix.push_str(s)
                } else {
                    p.prefix.push_str(s)
                }
            };
            match c {
                '0' | '#' | '?' => {
                    if pending_commas > 0 {
                        // A comma between placeholders groups thousands.
                        p.grouping = true;
                        pending_commas = 0;
                    }
                    if !p.suffix.is_empty() {
                        return None;
                    }
                    seen_digit = true;
                    if after_point {
                        p.decimals += 1;
                    } else if c == '0' {
                        p.min_int_digits += 1;
                    }
                }
                '.' if !after_point => {
                    after_point = true;
                    seen_digit = true;
                }
                ',' if seen_digit => pending_commas += 1,
                '%' => {
                    p.percent += 1;
                    lit(&mut p, "%", seen_digit);
                }
                '"' => {
                    let end = chars[i + 1..].iter().position(|&q| q == '"').map_or(chars.len(), |e| i + 1 + e);
                    let s: String = chars[i + 1..end.min(chars.len())].iter().collect();
                    lit(&mut p, &s, seen_digit);
                    i = end;
                }
                '\\' => {
                    if let Some(&n) = chars.get(i + 1) {
                        lit(&mut p, &n.to_string(), seen_digit);
                    }
                    i += 1;
                }
                '_' => {
                    // Padding the width of the next character: a space on screen.
                    lit(&mut p, " ", seen_digit);
                    i += 1;
                }
                '*' => i += 1,
                '[' => {
                    let end = chars[i..].iter().position(|&q| q == ']').map_or(chars.len(), |e| i + e);
                    let inner: String = chars[i + 1..end.min(chars.len())].iter().collect();
                    // `[$¥-804]`: a currency symbol and a locale; colours and conditions show nothing.
                    if let Some(sym) = inner.strip_prefix('$') {
                        lit(&mut p, sym.split('-').next().unwrap_or(""), seen_digit);
                    }
                    i = end;
                }
                'E' | 'e' | '/' | '@' => return None,
                c if c.is_ascii_alphabetic() => {
                    // Date and time letters (y m d h s), handled by the date path.
                    if matches!(c.to_ascii_lowercase(), 'y' | 'm' | 'd' | 'h' | 's' | 'a' | 'b' | 'g') {
                        return None;
                    }
                    lit(&mut p, &c.to_string(), seen_digit);
                }
                c => lit(&mut p, &c.to_string(), seen_digit),
            }
            i += 1;
        }
        if !seen_digit {
            // A section of text alone (`"-"` for zero) shows that text.
            return (!p.prefix.is_empty()).then_some(Pattern { literal_only: true, ..p });
        }
        p.thousands_scale = pending_commas;
        p.suffix = p.suffix.trim_end().to_owned();
        p.prefix = p.prefix.trim_start().to_owned();
        Some(p)
    }

    fn render(&self, value: f64) -> String {
        if self.literal_only {
            return self.prefix.clone();
        }
        let Some(mut d) = decimal(value) else { return general(value) };
        for _ in 0..self.percent {
            d *= Decimal::ONE_HUNDRED;
        }
        for _ in 0..self.thousands_scale {
            d /= Decimal::ONE_THOUSAND;
        }
        let d = d.round_dp_with_strategy(self.decimals, RoundingStrategy::MidpointAwayFromZero);
        let negative = d.is_sign_negative() && !d.is_zero();
        let abs = d.abs();
        let s = format!("{:.*}", self.decimals as usize, abs);
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let mut int = int.trim_start_matches('0').to_owned();
        while int.len() < self.min_int_digits {
            int.insert(0, '0');
        }
        if self.grouping {
            int = group_thousands(&int);
        }
        let mut out = String::new();
        if negative {
            out.push('-');
        }
        out.push_str(&self.prefix);
        out.push_str(&int);
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
        out.push_str(&self.suffix);
        out
    }
}

fn group_thousands(int: &str) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An Excel serial date as `2024-12-31` (with `08:30` when it has a time of day).
pub fn format_date(serial: f64, is_1904: bool) -> String {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return general(serial);
    }
    let days = serial.trunc() as i64;
    // Days since 1970-01-01. The 1900 system counts a 29 Feb 1900 that never was.
    let unix_days = if is_1904 {
        days - 24107
    } else if days < 61 {
        days - 25568
    } else {
        days - 25569
    };
    let (y, m, d) = civil_from_days(unix_days);
    let minutes = ((serial.fract() * 1440.0).round()) as i64;
    if minutes == 0 || minutes == 1440 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", minutes / 60, minutes % 60)
    }
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_show_their_decimals() {
        assert_eq!(format_number(0.955_791_234, "0.00%"), "95.58%");
        assert_eq!(format_number(0.955, "0%"), "96%");
        assert_eq!(format_number(1.0, "0.0%"), "100.0%");
    }

    #[test]
    fn fixed_decimals_and_thousands() {
        assert_eq!(format_number(1234.5, "#,##0.00"), "1,234.50");
        assert_eq!(format_number(1_234_567.0, "#,##0"), "1,234,567");
        assert_eq!(format_number(343.815, "0.00"), "343.82");
        assert_eq!(format_number(-2.5, "0.00"), "-2.50");
        assert_eq!(format_number(0.5, "#.00"), ".50");
        assert_eq!(format_number(12_345_678.0, "#,##0.0,,"), "12.3");
    }

    #[test]
    fn literals_brackets_and_sections() {
        assert_eq!(format_number(12.5, "0.00\"万元\""), "12.50万元");
        assert_eq!(format_number(-3.0, "0.00_);[Red]\\(0.00\\)"), "(3.00)");
        assert_eq!(format_number(0.0, "0.00;-0.00;\"-\""), "-");
        assert_eq!(format_number(1234.0, "[$¥-804]#,##0.00"), "¥1,234.00");
    }

    #[test]
    fn general_drops_binary_noise() {
        assert_eq!(format_number(0.1 + 0.2, "General"), "0.3");
        assert_eq!(general(190.0), "190");
        assert_eq!(general(0.955_791_234_567_89), "0.95579123456789");
        assert_eq!(format_number(2.0, "@"), "2");
    }

    #[test]
    fn serial_dates() {
        assert_eq!(format_date(45657.0, false), "2024-12-31");
        assert_eq!(format_date(45657.5, false), "2024-12-31 12:00");
        assert_eq!(format_date(1.0, false), "1900-01-01");
    }
}
