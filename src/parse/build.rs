//! Pest pairs → owned model. No pest type escapes this module.

use super::grammar::{ReportParser, Rule};
use super::heading_mark::{self, LineHead};
use super::model::*;
use super::number::{parse_arabic, parse_chinese, plausible};
use super::number_token::{self, DigitToken, QuantityParts};
use super::{outline, scan, text};
use pest::iterators::Pair;
use pest::Parser;
use rust_decimal::Decimal;

/// Measure words the grammar's `count_unit` accepts, as static strings for [`CountWord`].
pub(super) const COUNT_WORDS: &[&str] = &[
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

/// Measures of extent (亩, 公里, 吨, 小时 …): a value in them may be rounded, unlike a
/// count of discrete things.
const EXTENTS: &[&str] =
    &["亩", "公里", "千米", "平方米", "立方米", "吨", "小时", "天", "公顷", "平方公里", "公斤", "课时", "学时", "工日"];

/// The measure word of the count a column or row name names (`实际在职人数` → 人,
/// `受益户数` → 户, `培训人次` → 人次, `项目总数` → 个), if it names a count of discrete
/// things: a whole value under it is exact, not rounded to its last digit.
pub fn counted_by(name: &str) -> Option<&'static str> {
    let words = || COUNT_WORDS.iter().chain(MEASURE_WORDS).filter(|w| !EXTENTS.contains(*w));
    let Some(stem) = name.strip_suffix('数') else {
        return words().find(|w| w.ends_with('次') && w.chars().count() > 1 && name.ends_with(**w)).copied();
    };
    let stem = stem.strip_suffix('总').unwrap_or(stem);
    let stem = stem.strip_suffix('个').filter(|s| s.ends_with("项目")).unwrap_or(stem);
    words().find(|w| stem.ends_with(**w)).copied().or_else(|| stem.ends_with("项目").then_some(COUNT_WORDS[GE]))
}

/// Whether `name` names a count of discrete things (see [`counted_by`]).
pub fn names_a_count(name: &str) -> bool {
    counted_by(name).is_some()
}

/// The grammar's `measure_unit`: measure words read only after digits (`3起`, `265宗`);
/// after a Chinese numeral they are words (一起, 一架), so `scan` does not trust them.
pub(super) const MEASURE_WORDS: &[&str] = &[
    "起",
    "宗",
    "例",
    "盏",
    "张",
    "栋",
    "幢",
    "艘",
    "架次",
    "架",
    "枚",
    "届",
    "公顷",
    "平方公里",
    "公斤",
    "课时",
    "学时",
    "剂次",
    "剂",
    "车次",
    "班次",
    "床",
    "头",
    "只",
    "趟",
    "工日",
];

/// Characters that, right before a Chinese numeral, make it part of a word (统一, 进一步,
/// 唯一, 第一) rather than a count.
const CN_NUMERAL_WORD_PREFIX: &str = "统进唯同单第逐专之其任某每哪这那另一万千百十初整划均归合看说想试星周礼拜";

/// Parses `src`: lines and plain text are scanned by hand ([`scan`]), and the grammar runs
/// on each line's head and wherever a token could begin.
pub fn build(src: &str) -> Report {
    let mut report = scan_lines(src).into_report(src.to_owned());
    finish(&mut report);
    report
}

/// What scanning the lines of a text yields, before the whole-report passes: owned, so the
/// text it was read from can then be moved into the report instead of copied.
pub struct Scanned {
    lines: Vec<Line>,
    headings: Vec<Heading>,
    quantities: Vec<Quantity>,
    artifacts: Vec<Artifact>,
    years: Vec<YearMention>,
}

/// The first half of [`build`]: each line's head and tokens. A text of
/// [`super::PARALLEL_BYTES`] or more is scanned in two halves on two threads: no line's
/// reading depends on another's, so the halves joined (the second's heading indices moved
/// past the first's) are what one pass gives.
pub fn scan_lines(src: &str) -> Scanned {
    scan_in_halves(src, src.len() >= super::PARALLEL_BYTES)
}

fn scan_in_halves(src: &str, halves: bool) -> Scanned {
    let lines = || scan::lines(src).take_while(|l| l.end <= MAX_MODEL_BYTES);
    // One pass counts the lines (for the line vector's size) and where the second half
    // starts: at the first line that starts in the second half of the text.
    let middle = if halves { src.len() / 2 } else { usize::MAX };
    let (mut count, mut second) = (0, None);
    for l in lines() {
        if second.is_none() && l.start >= middle && count > 0 {
            second = Some((count, l.start));
        }
        count += 1;
    }
    let Some((split_line, split_at)) = second else {
        let mut b = Builder::new(src, 0, count);
        b.scan(lines(), 0..src.len(), src.len());
        return b.scanned();
    };
    let (first, rest) = rayon::join(
        || {
            // Sized for the whole text, so the second half is appended without a copy.
            let mut b = Builder::new(src, 0, count);
            b.scan(lines().take(split_line), 0..split_at, src.len());
            b
        },
        || {
            let mut b = Builder::new(src, split_line, count - split_line);
            b.scan(lines().skip(split_line), split_at..src.len(), src.len() - split_at);
            b
        },
    );
    let mut b = first;
    let headings = b.headings.len();
    b.lines.extend(rest.lines.into_iter().map(|mut l| {
        if let LineKind::Heading(h) = &mut l.kind {
            *h += pos32(headings);
        }
        l
    }));
    b.headings.extend(rest.headings);
    b.quantities.extend(rest.quantities);
    b.artifacts.extend(rest.artifacts);
    b.years.extend(rest.years);
    b.scanned()
}

/// Texts from this long on have their vectors sized ahead (see [`scan_lines`]).
const SIZE_AHEAD_BYTES: usize = 1 << 20;

impl Scanned {
    /// The report of `text`, which must be the text these lines were scanned from; the
    /// whole-report passes ([`finish`]) are still to run.
    pub fn into_report(self, text: String) -> Report {
        Report {
            text,
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
            unread_tables: Vec::new(),
        }
    }
}

/// The second half of [`build`]: tables, title, outline, sentences, labels and the year.
pub fn finish(report: &mut Report) {
    cells_are_not_headings(report);
    report.title = find_title(report);
    outline::build_sections(report);
    text::split_sentences(report);
    text::attach_labels(report);
    super::key_values::name_values(report);
    super::list_units::infer(report);
    report.year = report_year(report);
}

pub fn build_reference(src: &str) -> Option<Report> {
    let mut b = Builder::new(src, 0, scan::lines(src).count());
    let report = ReportParser::parse(Rule::report, src).ok()?.next()?;
    for line in report.into_inner().filter(|p| p.as_rule() == Rule::line) {
        let span = b.span(&line);
        let mut parts = line.into_inner();
        let head = parts.next()?;
        let body = b.line_head(head, span.clone());
        if let Some(text) = parts.next() {
            for tok in text.into_inner() {
                b.token(tok, body.line);
            }
        }
        b.end_line(body);
    }
    let mut report = b.scanned().into_report(src.to_owned());
    finish(&mut report);
    Some(report)
}

struct Builder<'a> {
    src: &'a str,
    /// The index in the report of the first line this builder reads.
    first_line: usize,
    /// Offset in `src` of the text pest is running on: pest spans are relative to it.
    base: usize,
    lines: Vec<Line>,
    headings: Vec<Heading>,
    quantities: Vec<Quantity>,
    artifacts: Vec<Artifact>,
    years: Vec<YearMention>,
}

/// A line whose head is parsed, waiting for its body's tokens.
struct LineBody {
    line: usize,
    span: Span,
    content_start: usize,
    body: Span,
    heading: Option<usize>,
}

impl<'a> Builder<'a> {
    /// A builder for the lines from `first_line` on, `lines` of them: counted first, since
    /// on a long report the line vector is tens of MB, and growing it by doubling copies it
    /// and leaves it up to twice its size.
    fn new(src: &'a str, first_line: usize, lines: usize) -> Self {
        Builder {
            src,
            base: 0,
            first_line,
            lines: Vec::with_capacity(lines),
            headings: Vec::new(),
            quantities: Vec::new(),
            artifacts: Vec::new(),
            years: Vec::new(),
        }
    }

    /// Scans `lines`, which cover `range` of the text, sizing the vectors ahead for `total`
    /// bytes once an eighth of the range is read (texts of [`SIZE_AHEAD_BYTES`] or more):
    /// grown by doubling, a long report's quantities and headings (hundreds of MB for 50 MB
    /// of text) are copied into fresh memory again and again, and having the kernel fault
    /// that memory in was a third of the run. Sized at the density seen so far, never more
    /// than a text that dense needs; if the rest is denser they still grow.
    fn scan(&mut self, lines: impl Iterator<Item = Span>, range: Span, total: usize) {
        let mut sized = range.len() < SIZE_AHEAD_BYTES;
        for span in lines {
            if !sized && span.start - range.start >= range.len() / 8 {
                sized = true;
                self.size_for(total, span.start - range.start);
            }
            self.scan_line(span);
        }
    }

    /// The report's index of the next line.
    fn next_line(&self) -> usize {
        self.first_line + self.lines.len()
    }

    /// Reserves room for the quantities and headings of `total` bytes of text at the
    /// density of the first `read` bytes, plus an eighth.
    fn size_for(&mut self, total: usize, read: usize) {
        let room = |n: usize| {
            let expected = n.saturating_mul(total) / read.max(1);
            expected.saturating_add(expected / 8).saturating_sub(n)
        };
        self.quantities.reserve_exact(room(self.quantities.len()));
        self.headings.reserve_exact(room(self.headings.len()));
    }

    /// A pair's span in `src`.
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        self.base + pair.as_span().start()..self.base + pair.as_span().end()
    }

    fn scan_line(&mut self, span: Span) {
        self.base = span.start;
        let line = &self.src[span.clone()];
        let rest = line.trim_start_matches(scan::INDENT);
        let body = if !scan::may_start_heading(rest) {
            self.plain_line_head(span, line.len() - rest.len())
        } else if let Some(head) = heading_mark::match_line_head(line) {
            self.matched_line_head(head, span)
        } else {
            match ReportParser::parse(Rule::line_head, line).ok().and_then(|mut p| p.next()) {
                Some(head) => self.line_head(head, span),
                // `line_head` matches the empty string: a guard, not a path.
                None => self.plain_line_head(span, 0),
            }
        };
        let text = &self.src[body.body.clone()];
        let mut next = 0;
        for at in scan::candidates(text) {
            if at < next || !scan::may_start_token(text, at, COUNT_WORDS) {
                continue;
            }
            if let Some(tok) = number_token::match_at(text, at) {
                next = self.digit_token(tok, body.body.start, body.line) - body.body.start;
                continue;
            }
            self.base = body.body.start + at;
            let Ok(mut pairs) = ReportParser::parse(Rule::token, &text[at..]) else {
                continue;
            };
            if let Some(tok) = pairs.next().and_then(|t| t.into_inner().next()) {
                next = at + tok.as_span().end();
                self.token(tok, body.line);
            }
        }
        self.end_line(body);
    }

    /// A line whose head is at most `indent` bytes of indentation: no prefix, no heading.
    fn plain_line_head(&self, span: Span, indent: usize) -> LineBody {
        let content_start = span.start + indent;
        LineBody { line: self.next_line(), content_start, body: content_start..span.end, span, heading: None }
    }

    /// A line head the hand matcher read (offsets relative to the line at `span`).
    fn matched_line_head(&mut self, head: LineHead, span: Span) -> LineBody {
        let line = self.next_line();
        let heading = head.heading.map(|m| {
            let mark = span.start + m.mark.start..span.start + m.mark.end;
            self.push_heading(mark, (m.style, m.ordinal, m.depth), span.start + head.end, span.end, line)
        });
        let content_start = span.start + head.content_start;
        LineBody { line, body: span.start + head.end..span.end, span, content_start, heading }
    }

    /// Reads indentation, Markdown prefix and heading mark; the heading, if any, is recorded
    /// now (its title and body run to the end of the line).
    fn line_head(&mut self, head: Pair<'_, Rule>, span: Span) -> LineBody {
        let line = self.next_line();
        let head_end = self.span(&head).end;
        let mut content_start = span.start;
        let mut heading = None;
        for part in head.into_inner() {
            match part.as_rule() {
                Rule::indent | Rule::md_prefix => content_start = self.span(&part).end,
                Rule::heading_head => heading = Some(self.heading(part, span.end, line)),
                _ => {}
            }
        }
        LineBody { line, body: head_end..span.end, span, content_start, heading }
    }

    fn end_line(&mut self, body: LineBody) {
        let kind = match body.heading {
            Some(h) => LineKind::Heading(pos32(h)),
            None if self.src[body.content_start..body.span.end].trim().is_empty() => LineKind::Blank,
            None => LineKind::Text,
        };
        let content = body.content_start..body.span.end;
        self.lines.push(Line::new(&body.span, content.start, kind));
    }

    /// Records the heading whose mark `head` is; its text runs to `line_end`.
    fn heading(&mut self, head: Pair<'_, Rule>, line_end: usize, line: usize) -> usize {
        let start = self.span(&head).start;
        let mut mark = start..start;
        let mut info = (NumberStyle::ArabicComma, 0, 1);
        let mut rest_start = line_end;
        for part in head.into_inner() {
            match part.as_rule() {
                Rule::mark_chapter
                | Rule::mark_cn_comma
                | Rule::mark_cn_paren
                | Rule::mark_cn_circled
                | Rule::mark_decimal
                | Rule::mark_arabic_paren
                | Rule::mark_arabic_comma
                | Rule::mark_circled => {
                    mark = self.span(&part);
                    rest_start = mark.end;
                    info = mark_info(part);
                }
                Rule::gap => rest_start = self.span(&part).end,
                _ => {}
            }
        }
        self.push_heading(mark, info, rest_start, line_end, line)
    }

    /// Records a heading: its mark, (style, ordinal, depth), where its title starts and
    /// where its line ends. Returns its index.
    fn push_heading(
        &mut self,
        mark: Span,
        (style, ordinal, depth): (NumberStyle, u32, u8),
        rest_start: usize,
        line_end: usize,
        line: usize,
    ) -> usize {
        let (title, body) = split_title(self.src, rest_start..line_end);
        self.headings.push(Heading::new(HeadingFields {
            span: mark.start..line_end,
            mark,
            style,
            ordinal,
            depth,
            title,
            body,
            line,
        }));
        self.headings.len() - 1
    }

    /// Records one inline token (`plain` text carries nothing and is passed over).
    fn token(&mut self, tok: Pair<'_, Rule>, line: usize) {
        match tok.as_rule() {
            Rule::artifact => {
                if let Some(a) = tok.into_inner().next() {
                    let kind = match a.as_rule() {
                        Rule::bookmark => ArtifactKind::Bookmark,
                        Rule::field_error => ArtifactKind::FieldError,
                        Rule::field_code => ArtifactKind::FieldCode,
                        _ => ArtifactKind::Placeholder,
                    };
                    let span = self.span(&a);
                    self.artifacts.push(Artifact { span, kind, line });
                }
            }
            Rule::year | Rule::date => self.year(self.span(&tok), line),
            Rule::amount => {
                let parts: Vec<_> = tok.into_inner().collect();
                let in_range = parts.iter().any(|p| p.as_rule() == Rule::range_sep);
                for q in parts {
                    if q.as_rule() == Rule::quantity {
                        let parts = self.quantity_parts(q);
                        if let Some(mut q) = self.quantity(parts, line) {
                            q.set_in_range(in_range);
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

    /// Records a token the hand matcher read; returns where it ends in `src`.
    fn digit_token(&mut self, tok: DigitToken, base: usize, line: usize) -> usize {
        match tok {
            DigitToken::Year(span) => {
                self.year(span.start + base..span.end + base, line);
                span.end + base
            }
            DigitToken::Quantity(q) => {
                let parts = q.shifted(base);
                let end = parts.span.end;
                if let Some(q) = self.quantity(parts, line) {
                    self.quantities.push(q);
                }
                end
            }
        }
    }

    /// A year or date token: its year is its first four characters, always digits.
    fn year(&mut self, span: Span, line: usize) {
        let digits: String = self.src[span.clone()].chars().take(4).collect();
        if let Some((y, _)) = parse_arabic(&digits) {
            let year = i32::try_from(y.mantissa()).unwrap_or(0);
            self.years.push(YearMention { span, year, line });
        }
    }

    /// The parts of a `quantity` pair, in `src` offsets.
    fn quantity_parts(&self, pair: Pair<'_, Rule>) -> QuantityParts {
        let span = self.span(&pair);
        let mut parts = QuantityParts { number: span.clone(), span, comparator: None, magnitude: None, unit: None };
        for part in pair.into_inner() {
            let pspan = self.span(&part);
            match part.as_rule() {
                Rule::comparator => parts.comparator = Some(pspan),
                Rule::number => parts.number = pspan,
                Rule::magnitude => parts.magnitude = Some(pspan),
                Rule::unit => parts.unit = Some(pspan),
                _ => {}
            }
        }
        parts
    }

    fn quantity(&self, parts: QuantityParts, line: usize) -> Option<Quantity> {
        let QuantityParts { mut span, mut comparator, number: number_span, magnitude, unit } = parts;
        let cmp = match &comparator {
            Some(c) => super::comparator::leading(&self.src[c.clone()]).map(|(c, _)| c),
            None => super::comparator::ending_at(self.src, number_span.start).map(|(cmp, word)| {
                span.start = word.start;
                comparator = Some(word);
                cmp
            }),
        };
        let (written, scale) = parse_arabic(&self.src[number_span.clone()])?;
        let unit_text = match (&magnitude, &unit) {
            (Some(m), Some(u)) => m.start..u.end,
            (Some(r), None) | (None, Some(r)) => r.clone(),
            (None, None) => span.end..span.end,
        };
        let magnitude = magnitude.map_or(0, |m| magnitude_exponent(&self.src[m]));
        let multiplier = power_of_ten(magnitude);
        let unit = unit.map_or(Unit::None, |u| unit_of(&self.src[u]));
        let mut value = written.checked_mul(multiplier).filter(|v| plausible(*v))?;
        let mut scale_out = scale;
        if unit == Unit::Permille {
            value /= Decimal::TEN;
            scale_out += 1;
        }
        // A minus sign right before the number, not after a digit or letter (not a range).
        if comparator.is_none() {
            let mut before = self.src[..number_span.start].chars().rev();
            if matches!(before.next(), Some('-' | '－'))
                && !before.next().is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '%' | '％' | '０'..='９'))
            {
                value = -value;
            }
        }
        Quantity::new(QuantityFields {
            span,
            number_span,
            value,
            scale: scale_out,
            magnitude,
            unit,
            unit_text,
            comparator,
            cmp,
            line,
            chinese: false,
        })
    }

    fn cn_quantity(&self, pair: Pair<'_, Rule>, line: usize) -> Option<Quantity> {
        let span = self.span(&pair);
        let inner = pair.into_inner().next()?;
        let is_percent = inner.as_rule() == Rule::cn_percent;
        let mut numeral = None;
        let mut unit = if is_percent { Unit::Percent } else { Unit::None };
        let mut unit_text = span.end..span.end;
        for part in inner.into_inner() {
            let pspan = self.span(&part);
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
        let value = Some(Decimal::from(n)).filter(|v| plausible(*v))?;
        if is_percent {
            unit_text = span.start..numeral.start;
        }
        Quantity::new(QuantityFields {
            span,
            number_span: numeral,
            value,
            scale: 0,
            magnitude: 0,
            unit,
            unit_text,
            comparator: None,
            cmp: None,
            line,
            chinese: true,
        })
    }

    fn scanned(self) -> Scanned {
        Scanned {
            lines: self.lines,
            headings: self.headings,
            quantities: self.quantities,
            artifacts: self.artifacts,
            years: self.years,
        }
    }
}

/// Reads the tables, marks their lines, and drops the headings read on them (`238.93 |`
/// is a cell, not heading 238), before the outline is built from the headings.
fn cells_are_not_headings(report: &mut Report) {
    let found = super::table::recognise(&report.text, &report.lines);
    let mut keep = vec![true; report.headings.len()];
    for (line, t) in report.lines.iter_mut().zip(&found.line_table) {
        line.set_table(*t);
        if let (Some(_), LineKind::Heading(h)) = (t, &line.kind) {
            keep[*h as usize] = false;
            line.kind = LineKind::Text;
        }
    }
    if keep.iter().any(|k| !k) {
        let mut new_index = vec![0; keep.len()];
        let mut n = 0;
        for (i, k) in keep.iter().enumerate() {
            new_index[i] = n;
            n += usize::from(*k);
        }
        let mut i = 0;
        report.headings.retain(|_| {
            i += 1;
            keep[i - 1]
        });
        for line in &mut report.lines {
            if let LineKind::Heading(h) = &mut line.kind {
                *h = pos32(new_index[*h as usize]);
            }
        }
    }
    report.tables = found.tables;
    report.unread_tables = found.unread;
}

fn mark_info(pair: Pair<'_, Rule>) -> (NumberStyle, u32, u8) {
    let rule = pair.as_rule();
    let mut ordinal = 0u32;
    let mut depth = 0u8;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::cn_ordinal => ordinal = heading_mark::cn_ordinal(part.as_str()),
            Rule::ordinal_digits => {
                ordinal = heading_mark::arabic_ordinal(part.as_str());
                depth += 1;
            }
            Rule::cn_circled => {
                ordinal = part.as_str().chars().next().map_or(0, |c| heading_mark::circled_value(c, '㈠'))
            }
            Rule::circled => ordinal = part.as_str().chars().next().map_or(0, |c| heading_mark::circled_value(c, '①')),
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
    (style, ordinal, depth.max(1))
}

/// The power of ten a magnitude word stands for.
fn magnitude_exponent(s: &str) -> u8 {
    match s {
        "亿" => 8,
        "万" => 4,
        "千" => 3,
        _ => 0,
    }
}

/// The unit a `unit` token's text names: the text alone decides, since the grammar's
/// money, percent and count words are disjoint.
fn unit_of(s: &str) -> Unit {
    match s {
        "元" => Unit::Yuan,
        "%" | "％" => Unit::Percent,
        "‰" => Unit::Permille,
        "个百分点" => Unit::PercentPoint,
        _ => Unit::Count(count_word(s)),
    }
}

pub(super) fn count_word(s: &str) -> CountWord {
    let i = COUNT_WORDS.iter().chain(MEASURE_WORDS).position(|w| *w == s).unwrap_or(GE);
    CountWord(u8::try_from(i).unwrap_or(GE as u8))
}

/// `个`'s index in [`COUNT_WORDS`], the word an unknown measure word is read as.
const GE: usize = 1;

/// The text of a [`CountWord`] made by [`count_word`].
pub(super) fn count_word_text(w: CountWord) -> &'static str {
    COUNT_WORDS.iter().chain(MEASURE_WORDS).nth(usize::from(w.0)).copied().unwrap_or(COUNT_WORDS[GE])
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
    let s = report.text[line.content()].trim_end();
    let looks_like_title = s.chars().count() <= 60 && !s.ends_with(['。', '；', ';', '，', ',', '：', ':']);
    if !looks_like_title {
        return None;
    }
    report.lines[idx].kind = LineKind::Title;
    Some(line.content().start..line.content().start + s.len())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_scanned_in_halves_gives_what_one_pass_gives() {
        // Headings, quantities, a table, CRLF and a Markdown file, on both sides of the middle.
        let text = [
            include_str!("../../fixtures/clean-agriculture.txt"),
            include_str!("../../fixtures/department-education.md"),
            "一、表\r\n| 项目 | 预算数 | 执行数 |\r\n| 甲 | 10 | 9 |\r\n",
            include_str!("../../fixtures/department-natural-resources.txt"),
            include_str!("../../fixtures/project-county-road.txt"),
        ]
        .join("\n");
        let read = |halves| format!("{:?}", scan_in_halves(&text, halves).into_report(text.clone()));
        let whole = read(false);
        assert!(whole.contains("Heading(") && whole.contains("Quantity"), "{whole}");
        assert_eq!(read(true), whole);
    }
}
