//! Automatic list numbering (`word/numbering.xml`) rendered to the text a reader sees.
//!
//! In Word, `一、` and `（一）` are usually list numbering, not typed characters; the
//! heading rules must see them. A paragraph refers to a list instance (`w:numId`) and a
//! level (`w:ilvl`); the instance points at an abstract definition whose level gives the
//! format (`w:numFmt`), the template (`w:lvlText`, `%1` = this list's level-1 counter),
//! the start value and the suffix. Counters are kept per list instance and level; a level
//! restarts after a higher level is used unless `w:lvlRestart` says otherwise.

use super::xml::{attr, Ev, XmlReader};
use crate::load::LoadError;
use std::collections::HashMap;

const LEVELS: usize = 9;

#[derive(Debug, Clone, Default)]
pub struct Level {
    pub fmt: String,
    pub text: String,
    pub start: u32,
    /// `w:lvlRestart`: restart after a level numbered at most this (1-based); 0 = never.
    pub restart: Option<u32>,
    /// What follows the number: `tab` (Word's default), `space` or `nothing`.
    pub suffix: String,
    /// `w:isLgl`: all levels shown as decimal numbers (1.1.1).
    pub legal: bool,
}

#[derive(Debug, Clone, Default)]
struct Instance {
    abstract_id: String,
    /// Level overrides: a new start value and/or a whole replacement level.
    start_override: HashMap<usize, u32>,
    level_override: HashMap<usize, Level>,
}

#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, Vec<Option<Level>>>,
    /// `w:numStyleLink`: an abstract list whose levels live in a numbering style.
    style_links: HashMap<String, String>,
    instances: HashMap<String, Instance>,
    counters: HashMap<String, [Option<u32>; LEVELS]>,
}

impl Numbering {
    pub fn parse(source: impl std::io::BufRead) -> Result<Numbering, LoadError> {
        let mut r = XmlReader::new(source, "word/numbering.xml");
        let mut n = Numbering::default();
        let mut abs: Option<(String, Vec<Option<Level>>)> = None;
        let mut inst: Option<(String, Instance)> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut override_lvl: Option<usize> = None;
        loop {
            match r.next()? {
                Ev::Eof => break,
                Ev::Start { name, attrs } => match name.as_str() {
                    "abstractNum" => {
                        abs = Some((attr(&attrs, "abstractNumId").unwrap_or("").to_owned(), vec![None; LEVELS]))
                    }
                    "num" => inst = Some((attr(&attrs, "numId").unwrap_or("").to_owned(), Instance::default())),
                    "abstractNumId" => {
                        if let Some((_, i)) = inst.as_mut() {
                            i.abstract_id = attr(&attrs, "val").unwrap_or("").to_owned();
                        }
                    }
                    "lvlOverride" => override_lvl = attr(&attrs, "ilvl").and_then(|v| v.parse().ok()),
                    "startOverride" => {
                        if let (Some((_, i)), Some(l)) = (inst.as_mut(), override_lvl) {
                            if let Some(v) = attr(&attrs, "val").and_then(|v| v.parse().ok()) {
                                i.start_override.insert(l, v);
                            }
                        }
                    }
                    "lvl" => {
                        let ilvl: usize = attr(&attrs, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        let lvl = Level { start: 1, fmt: "decimal".into(), suffix: "tab".into(), ..Level::default() };
                        level = (ilvl < LEVELS).then_some((ilvl, lvl));
                    }
                    _ => {
                        if let Some((_, l)) = level.as_mut() {
                            let val = attr(&attrs, "val");
                            match name.as_str() {
                                "start" => l.start = val.and_then(|v| v.parse().ok()).unwrap_or(1),
                                "numFmt" => l.fmt = val.unwrap_or("decimal").to_owned(),
                                "lvlText" => l.text = val.unwrap_or("").to_owned(),
                                "lvlRestart" => l.restart = val.and_then(|v| v.parse().ok()),
                                "suff" => l.suffix = val.unwrap_or("tab").to_owned(),
                                "isLgl" => l.legal = super::xml::on(&attrs),
                                _ => {}
                            }
                        } else if let (Some((id, _)), "numStyleLink", Some(v)) =
                            (abs.as_ref(), name.as_str(), attr(&attrs, "val"))
                        {
                            n.style_links.insert(id.clone(), v.to_owned());
                        }
                    }
                },
                Ev::End { name } => match name.as_str() {
                    "lvl" => {
                        if let Some((i, l)) = level.take() {
                            if let Some((_, levels)) = abs.as_mut() {
                                levels[i] = Some(l);
                            } else if let Some((_, inst)) = inst.as_mut() {
                                inst.level_override.insert(i, l);
                            }
                        }
                    }
                    "abstractNum" => {
                        if let Some((id, levels)) = abs.take() {
                            n.abstracts.insert(id, levels);
                        }
                    }
                    "num" => {
                        if let Some((id, i)) = inst.take() {
                            n.instances.insert(id, i);
                        }
                    }
                    "lvlOverride" => override_lvl = None,
                    _ => {}
                },
                Ev::Text(_) => {}
            }
        }
        Ok(n)
    }

    /// Gives abstract lists that only point at a numbering style (`w:numStyleLink`) the
    /// levels of the list that style uses; `style_num` maps a style id to its `w:numId`.
    pub fn resolve_style_links(&mut self, style_num: impl Fn(&str) -> Option<String>) {
        let links: Vec<(String, String)> = self.style_links.iter().map(|(a, s)| (a.clone(), s.clone())).collect();
        for (abstract_id, style) in links {
            let target = style_num(&style)
                .and_then(|num| self.instances.get(&num))
                .map(|i| i.abstract_id.clone())
                .filter(|a| *a != abstract_id);
            if let Some(levels) = target.and_then(|a| self.abstracts.get(&a)).cloned() {
                self.abstracts.insert(abstract_id, levels);
            }
        }
    }

    fn level(&self, num_id: &str, ilvl: usize) -> Option<Level> {
        let inst = self.instances.get(num_id)?;
        let mut l = match inst.level_override.get(&ilvl) {
            Some(l) => l.clone(),
            None => self.abstracts.get(&inst.abstract_id)?.get(ilvl)?.clone()?,
        };
        if let Some(s) = inst.start_override.get(&ilvl) {
            l.start = *s;
        }
        Some(l)
    }

    /// Advances the counter of (`num_id`, `ilvl`) and returns the number text the reader
    /// sees, suffix included (`一、`, `（二）`, `1.2 `), or `None` when the paragraph shows
    /// no number (numId 0, an unknown list, a bullet).
    pub fn next_label(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let ilvl = usize::from(ilvl).min(LEVELS - 1);
        if num_id == "0" {
            return None;
        }
        let levels: Vec<Option<Level>> = (0..LEVELS).map(|i| self.level(num_id, i)).collect();
        let this = levels[ilvl].clone()?;
        let counters = self.counters.entry(num_id.to_owned()).or_insert([None; LEVELS]);
        counters[ilvl] = Some(match counters[ilvl] {
            Some(c) => c.saturating_add(1),
            None => this.start,
        });
        for (j, lvl) in levels.iter().enumerate().skip(ilvl + 1) {
            let restart = lvl.as_ref().and_then(|l| l.restart);
            // lvlRestart=k restarts level j after any level numbered k or above (1-based).
            let resets = match restart {
                None => true,
                Some(0) => false,
                Some(k) => (ilvl as u32) < k,
            };
            if resets {
                counters[j] = None;
            }
        }
        if this.fmt == "bullet" || this.fmt == "none" {
            return None;
        }
        let counters = *counters;
        let mut out = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let k = (d as usize).saturating_sub(1).min(LEVELS - 1);
                    let lvl = levels[k].as_ref();
                    let value = counters[k].unwrap_or_else(|| lvl.map_or(1, |l| l.start));
                    let fmt = if this.legal { "decimal" } else { lvl.map_or("decimal", |l| l.fmt.as_str()) };
                    out.push_str(&format_number(value, fmt));
                    continue;
                }
            }
            out.push(c);
        }
        match this.suffix.as_str() {
            "space" => out.push(' '),
            "nothing" => {}
            _ => out.push('\t'),
        }
        Some(out)
    }
}

/// Renders a counter value in a `w:numFmt` style.
pub fn format_number(n: u32, fmt: &str) -> String {
    const CIRCLED: u32 = 0x2460; // ①
    const PAREN: u32 = 0x2474; // ⑴
    const FULLSTOP: u32 = 0x2488; // ⒈
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "koreanCounting" => cn_counting(n),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|d| ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'][d as usize - '0' as usize])
            .collect(),
        "chineseLegalSimplified" | "ideographLegalTraditional" | "japaneseLegal" => cn_legal(n),
        "ideographTraditional" => cycle(n, &['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸']),
        "ideographZodiac" => cycle(n, &['子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥']),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" | "ideographEnclosedCircle"
            if (1..=20).contains(&n) =>
        {
            char::from_u32(CIRCLED + n - 1).map(String::from).unwrap_or_default()
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32(PAREN + n - 1).map(String::from).unwrap_or_default()
        }
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => {
            char::from_u32(FULLSTOP + n - 1).map(String::from).unwrap_or_default()
        }
        "decimalFullWidth" | "decimalFullWidth2" => {
            n.to_string().chars().map(|d| char::from_u32(d as u32 - '0' as u32 + 0xFF10).unwrap_or(d)).collect()
        }
        "decimalZero" if n < 10 => format!("0{n}"),
        "lowerLetter" => letters(n, b'a'),
        "upperLetter" => letters(n, b'A'),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

fn cycle(n: u32, set: &[char]) -> String {
    let i = (n.max(1) - 1) as usize % set.len();
    set[i].to_string()
}

/// 一 … 十, 十一, 二十, 一百, 一百零一, 一千 …: how Word writes chineseCounting.
fn cn_counting(n: u32) -> String {
    const D: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n == 0 {
        return "〇".into();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let units = ["千", "百", "十", ""];
    let mut out = String::new();
    let mut zero = false;
    for (i, &d) in digits.iter().enumerate() {
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        // 十一 rather than 一十一 when the number starts at the tens.
        if !(i == 2 && d == 1 && out.is_empty()) {
            out.push(D[d as usize]);
        }
        out.push_str(units[i]);
    }
    out
}

fn cn_legal(n: u32) -> String {
    let plain = cn_counting(n);
    plain
        .chars()
        .map(|c| match c {
            '一' => '壹',
            '二' => '贰',
            '三' => '叁',
            '四' => '肆',
            '五' => '伍',
            '六' => '陆',
            '七' => '柒',
            '八' => '捌',
            '九' => '玖',
            '十' => '拾',
            '百' => '佰',
            '千' => '仟',
            other => other,
        })
        .collect()
}

fn letters(n: u32, base: u8) -> String {
    // Word repeats the letter: a … z, aa … zz. A hostile start value must not make a
    // megabyte label, so past 30 repeats it is a plain number.
    if n > 26 * 30 {
        return n.to_string();
    }
    let n = n.max(1) - 1;
    let c = char::from(base + (n % 26) as u8);
    std::iter::repeat_n(c, (n / 26 + 1) as usize).collect()
}

fn roman(mut n: u32) -> String {
    const T: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let mut out = String::new();
    for (v, s) in T {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting_matches_word() {
        let got: Vec<String> = [1, 10, 11, 20, 21, 100, 101, 110, 1000, 1010].iter().map(|&n| cn_counting(n)).collect();
        assert_eq!(got, ["一", "十", "十一", "二十", "二十一", "一百", "一百零一", "一百一十", "一千", "一千零一十"]);
    }

    #[test]
    fn formats() {
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(11, "ideographTraditional"), "甲");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
        assert_eq!(format_number(21, "decimalEnclosedCircle"), "21");
        assert_eq!(format_number(4, "lowerRoman"), "iv");
        assert_eq!(format_number(28, "upperLetter"), "BB");
        assert_eq!(format_number(u32::MAX, "lowerLetter"), u32::MAX.to_string());
        assert_eq!(format_number(12, "chineseLegalSimplified"), "拾贰");
        assert_eq!(format_number(7, "decimalFullWidth"), "７");
        assert_eq!(format_number(10, "ideographDigital"), "一〇");
    }
}
