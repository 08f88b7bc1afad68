//! Pest pairs → owned model. No pest type escapes this module.

use super::grammar::{ReportParser, Rule};
use super::model::*;
use super::number::{parse_arabic, parse_chinese};
use super::{outline, text};
use pest::iterators::Pair;
use pest::Parser;
use rust_decimal::Decimal;

/// Measure words the grammar's `count_unit` accepts, as static strings for [`CountWord`].
const COUNT_WORDS: &[&str] = &[
    "人次",
    "个",
    "人",
    "项",
    "次",
    "家",
    "户",
    "所",
    "篇",
    "条",
    "场",
    "期",
    "名",
    "件",
    "座",
    "台",
    "套",
    "份",
    "批",
    "辆",
    "处",
    "间",
    "天",
    "支",
    "本",
    "册",
    "棵",
    "株",
    "亩",
    "公里",
    "千米",
    "平方米",
    "立方米",
    "吨",
    "小时",
];

/// Characters that, right before a Chinese numeral, make it part of a word (统一, 进一步,
/// 唯一, 第一) rather than a count.
const CN_NUMERAL_WORD_PREFIX: &str = "统进唯同单第逐专之其任某每哪这那另一万千百十初整划均归合看说想试星周礼拜";

pub fn build(src: &str) -> Report {
    let mut b = Builder::new(src);
    match ReportParser::parse(Rule::report, src) {
        Ok(mut pairs) => {
            let report = pairs.next().expect("report rule always yields one pair");
            for pair in report.into_inner() {
                if pair.as_rule() == Rule::line {
                    b.line(pair);
                }
            }
        }
        // The grammar accepts any input; this is a guard, not an expected path.
        Err(_) => b.fallback_lines(),
    }
    b.finish()
}

struct Builder<'a> {
    src: &'a str,
    lines: Vec<Line>,
    headings: Vec<Heading>,
    quantities: Vec<Quantity>,
    artifacts: Vec<Artifact>,
    years: Vec<YearMention>,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str) -> Self {
        Builder {
            src,
            lines: Vec::new(),
            headings: Vec::new(),
            quantities: Vec::new(),
            artifacts: Vec::new(),
            years: Vec::new(),
        }
    }

    fn line(&mut self, pair: Pair<'_, Rule>) {
        let span = pair.as_span().start()..pair.as_span().end();
        let line_idx = self.lines.len();
        let mut content = span.clone();
        let mut kind = LineKind::Blank;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::indent | Rule::md_prefix => content.start = part.as_span().end(),
                Rule::heading => {
                    kind = LineKind::Heading(self.headings.len());
                    self.heading(part, line_idx);
                }
                Rule::text => {
                    kind = LineKind::Text;
                    self.inline(part, line_idx);
                }
                _ => {}
            }
        }
        if kind == LineKind::Text && self.src[content.clone()].trim().is_empty() {
            kind = LineKind::Blank;
        }
        self.lines.push(Line { span, content, kind, section: 0 });
    }

    fn heading(&mut self, pair: Pair<'_, Rule>, line: usize) {
        let span = pair.as_span().start()..pair.as_span().end();
        let mut mark = span.start..span.start;
        let mut style = NumberStyle::ArabicComma;
        let mut ordinal = 0u32;
        let mut depth = 1u8;
        let mut rest_start = span.end;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::mark_chapter
                | Rule::mark_cn_comma
                | Rule::mark_cn_paren
                | Rule::mark_cn_circled
                | Rule::mark_decimal
                | Rule::mark_arabic_paren
                | Rule::mark_arabic_comma
                | Rule::mark_circled => {
                    mark = part.as_span().start()..part.as_span().end();
                    rest_start = mark.end;
                    (style, ordinal, depth) = mark_info(part);
                }
                Rule::gap => rest_start = part.as_span().end(),
                Rule::text => self.inline(part, line),
                _ => {}
            }
        }
        let (title, body) = split_title(self.src, rest_start..span.end);
        self.headings.push(Heading {
            span,
            mark,
            style,
            effective_style: style,
            ordinal,
            depth,
            title,
            body,
            line,
            section: 0,
        });
    }

    fn inline(&mut self, pair: Pair<'_, Rule>, line: usize) {
        for tok in pair.into_inner() {
            match tok.as_rule() {
                Rule::artifact => {
                    let inner = tok.into_inner().next();
                    if let Some(a) = inner {
                        let kind = match a.as_rule() {
                            Rule::bookmark => ArtifactKind::Bookmark,
                            Rule::field_error => ArtifactKind::FieldError,
                            Rule::field_code => ArtifactKind::FieldCode,
                            _ => ArtifactKind::Placeholder,
                        };
                        let span = a.as_span().start()..a.as_span().end();
                        self.artifacts.push(Artifact { span, kind, line });
                    }
                }
                Rule::year | Rule::date => {
                    let s = tok.as_str();
                    let digits: String = s.chars().take(4).collect();
                    if let Some((y, _)) = parse_arabic(&digits) {
                        let year = i32::try_from(y.mantissa()).unwrap_or(0);
                        let span = tok.as_span().start()..tok.as_span().end();
                        self.years.push(YearMention { span, year, line });
                    }
                }
                Rule::amount => {
                    let parts: Vec<_> = tok.into_inner().collect();
                    let in_range = parts.iter().any(|p| p.as_rule() == Rule::range_sep);
                    for q in parts {
                        if q.as_rule() == Rule::quantity {
                            if let Some(mut q) = self.quantity(q, line) {
                                q.in_range = in_range;
                                self.quantities.push(q);
                            }
                        }
                    }
                }
                Rule::cn_quantity => {
                    if let Some(q) = self.cn_quantity(tok, line) {
                        self.quantities.push(q);
                    }
                }
                _ => {}
            }
        }
    }

    fn quantity(&self, pair: Pair<'_, Rule>, line: usize) -> Option<Quantity> {
        let span = pair.as_span().start()..pair.as_span().end();
        let mut number_span = span.clone();
        let mut comparator = None;
        let mut written = Decimal::ZERO;
        let mut scale = 0;
        let mut multiplier = Decimal::ONE;
        let mut unit = Unit::None;
        let mut unit_text = span.end..span.end;
        for part in pair.into_inner() {
            let pspan = part.as_span().start()..part.as_span().end();
            match part.as_rule() {
                Rule::comparator => comparator = Some(pspan),
                Rule::number => {
                    (written, scale) = parse_arabic(part.as_str())?;
                    number_span = pspan;
                }
                Rule::magnitude => {
                    multiplier = magnitude(part.as_str());
                    unit_text = pspan;
                }
                Rule::unit => {
                    if unit_text.start == unit_text.end {
                        unit_text = pspan.clone();
                    } else {
                        unit_text.end = pspan.end;
                    }
                    unit = unit_of(part);
                }
                _ => {}
            }
        }
        let mut value = written * multiplier;
        let mut scale_out = scale;
        if unit == Unit::Permille {
            value /= Decimal::TEN;
            scale_out += 1;
        }
        // A minus sign right before the number, not after a digit or letter (not a range).
        if comparator.is_none() {
            let before: Vec<char> = self.src[..number_span.start].chars().rev().take(2).collect();
            if matches!(before.first(), Some('-' | '－'))
                && !before.get(1).is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '%' | '％' | '０'..='９'))
            {
                value = -value;
            }
        }
        Some(Quantity {
            span,
            number_span,
            value,
            written,
            scale: scale_out,
            multiplier,
            unit,
            unit_text,
            comparator,
            label: 0..0,
            noun: 0..0,
            sentence: 0,
            line,
            paren_depth: 0,
            in_range: false,
            chinese: false,
        })
    }

    fn cn_quantity(&self, pair: Pair<'_, Rule>, line: usize) -> Option<Quantity> {
        let span = pair.as_span().start()..pair.as_span().end();
        let inner = pair.into_inner().next()?;
        let is_percent = inner.as_rule() == Rule::cn_percent;
        let mut numeral = None;
        let mut unit = if is_percent { Unit::Percent } else { Unit::None };
        let mut unit_text = span.end..span.end;
        for part in inner.into_inner() {
            let pspan = part.as_span().start()..part.as_span().end();
            match part.as_rule() {
                Rule::cn_numeral => numeral = Some(pspan),
                Rule::count_unit => {
                    unit = Unit::Count(count_word(part.as_str()));
                    unit_text = pspan;
                }
                _ => {}
            }
        }
        let numeral = numeral?;
        if !is_percent {
            let prev = self.src[..span.start].chars().next_back();
            if prev.is_some_and(|c| CN_NUMERAL_WORD_PREFIX.contains(c)) {
                return None;
            }
        }
        let n = parse_chinese(&self.src[numeral.clone()])?;
        let value = Decimal::from(n);
        if is_percent {
            unit_text = span.start..numeral.start;
        }
        Some(Quantity {
            span: span.clone(),
            number_span: numeral,
            value,
            written: value,
            scale: 0,
            multiplier: Decimal::ONE,
            unit,
            unit_text,
            comparator: None,
            label: 0..0,
            noun: 0..0,
            sentence: 0,
            line,
            paren_depth: 0,
            in_range: false,
            chinese: true,
        })
    }

    /// Only reached if the grammar ever rejects input: keep every line as plain text.
    fn fallback_lines(&mut self) {
        let mut start = 0;
        for piece in self.src.split_inclusive('\n') {
            let body = piece.trim_end_matches(['\n', '\r']);
            let span = start..start + body.len();
            let kind = if body.trim().is_empty() { LineKind::Blank } else { LineKind::Text };
            self.lines.push(Line { span: span.clone(), content: span, kind, section: 0 });
            start += piece.len();
        }
        if self.lines.is_empty() || self.src.ends_with('\n') {
            let e = self.src.len();
            self.lines.push(Line { span: e..e, content: e..e, kind: LineKind::Blank, section: 0 });
        }
    }

    fn finish(self) -> Report {
        let mut report = Report {
            text: self.src.to_owned(),
            lines: self.lines,
            title: None,
            headings: self.headings,
            sections: Vec::new(),
            sentences: Vec::new(),
            quantities: self.quantities,
            artifacts: self.artifacts,
            years: self.years,
            year: None,
            tables: Vec::new(),
        };
        report.title = find_title(&mut report);
        outline::build_sections(&mut report);
        text::split_sentences(&mut report);
        text::attach_labels(&mut report);
        report.year = report_year(&report);
        report.tables = super::table::recognise(&report);
        report
    }
}

fn mark_info(pair: Pair<'_, Rule>) -> (NumberStyle, u32, u8) {
    let rule = pair.as_rule();
    let text = pair.as_str();
    let mut ordinal = 0u32;
    let mut depth = 0u8;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::cn_ordinal => ordinal = parse_chinese(part.as_str()).unwrap_or(0) as u32,
            Rule::ordinal_digits => {
                ordinal = parse_arabic(part.as_str()).and_then(|(v, _)| u32::try_from(v.mantissa()).ok()).unwrap_or(0);
                depth += 1;
            }
            Rule::cn_circled => ordinal = circled_value(part.as_str(), '㈠'),
            Rule::circled => ordinal = circled_value(part.as_str(), '①'),
            _ => {}
        }
    }
    let style = match rule {
        Rule::mark_chapter => NumberStyle::Chapter,
        Rule::mark_cn_comma => NumberStyle::CnComma,
        Rule::mark_cn_paren | Rule::mark_cn_circled => NumberStyle::CnParen,
        Rule::mark_decimal => NumberStyle::Decimal,
        Rule::mark_arabic_paren => NumberStyle::ArabicParen,
        Rule::mark_circled => NumberStyle::Circled,
        _ => NumberStyle::ArabicComma,
    };
    let _ = text;
    (style, ordinal, depth.max(1))
}

fn circled_value(s: &str, first: char) -> u32 {
    s.chars().next().map_or(0, |c| c as u32 - first as u32 + 1)
}

fn magnitude(s: &str) -> Decimal {
    match s {
        "亿" => Decimal::from(100_000_000u64),
        "万" => Decimal::from(10_000u64),
        "千" => Decimal::from(1000u64),
        _ => Decimal::ONE,
    }
}

fn unit_of(pair: Pair<'_, Rule>) -> Unit {
    let Some(inner) = pair.into_inner().next() else {
        return Unit::None;
    };
    match inner.as_rule() {
        Rule::money_unit => Unit::Yuan,
        Rule::percent_unit => match inner.as_str() {
            "‰" => Unit::Permille,
            "个百分点" => Unit::PercentPoint,
            _ => Unit::Percent,
        },
        Rule::count_unit => Unit::Count(count_word(inner.as_str())),
        _ => Unit::None,
    }
}

fn count_word(s: &str) -> CountWord {
    CountWord(COUNT_WORDS.iter().find(|w| **w == s).copied().unwrap_or("个"))
}

/// Splits a heading's text into its title and the body that follows on the same line.
fn split_title(src: &str, rest: Span) -> (Span, Option<Span>) {
    let s = &src[rest.clone()];
    let cut = s.char_indices().find(|(_, c)| matches!(c, '：' | ':' | '。'));
    match cut {
        Some((i, c)) => {
            let title = rest.start..rest.start + i;
            let body_start = rest.start + i + c.len_utf8();
            let body = src[body_start..rest.end].trim_start();
            let body_start = rest.end - body.len();
            let body = (!body.is_empty()).then_some(body_start..rest.end);
            (trim_span(src, title), body)
        }
        None => (trim_span(src, rest), None),
    }
}

/// Trims whitespace, and Markdown emphasis/heading markers left around a title.
fn trim_span(src: &str, span: Span) -> Span {
    let s = &src[span.clone()];
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.start + s.trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '#').len();
    start..end.max(start)
}

/// The title is the first non-blank line when it is short text without sentence punctuation.
fn find_title(report: &mut Report) -> Option<Span> {
    let idx = report.lines.iter().position(|l| l.kind != LineKind::Blank)?;
    let line = report.lines[idx].clone();
    if line.kind != LineKind::Text {
        return None;
    }
    let s = report.text[line.content.clone()].trim_end();
    let looks_like_title = s.chars().count() <= 60 && !s.ends_with(['。', '；', ';', '，', ',', '：', ':']);
    if !looks_like_title {
        return None;
    }
    report.lines[idx].kind = LineKind::Title;
    Some(line.content.start..line.content.start + s.len())
}

/// The year the report evaluates: a year in the title wins, else the most mentioned year.
fn report_year(report: &Report) -> Option<i32> {
    if let Some(t) = &report.title {
        if let Some(y) = report.years.iter().find(|y| y.span.start >= t.start && y.span.end <= t.end) {
            return Some(y.year);
        }
    }
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for y in &report.years {
        match counts.iter_mut().find(|(v, _)| *v == y.year) {
            Some((_, n)) => *n += 1,
            None => counts.push((y.year, 1)),
        }
    }
    // Most mentions; on a tie the later year (a 2024 report also mentions 2023 as 上年).
    counts.into_iter().max_by_key(|&(y, n)| (n, y)).map(|(y, _)| y)
}
