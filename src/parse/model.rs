//! The report model: owned data built once from the pest parse, read by every rule.
//!
//! All positions are byte ranges into [`Report::text`]; they always fall on char
//! boundaries because they come from the parser or from char-aware scanning.

pub use super::comparator::Cmp;
use rust_decimal::Decimal;
use std::ops::Range;

/// A byte range into the report text.
pub type Span = Range<usize>;

#[derive(Debug, Clone)]
pub struct Report {
    /// The decoded text (UTF-8) as loaded, with traditional characters read as simplified
    /// ([`super::fold`]): every byte offset is the same as in the file's text.
    pub text: String,
    pub lines: Vec<Line>,
    /// The report title: the first non-empty line, when it is not a heading or body text.
    pub title: Option<Span>,
    pub headings: Vec<Heading>,
    /// Section tree as an arena; index 0 is the root (the whole report).
    pub sections: Vec<Section>,
    pub sentences: Vec<Sentence>,
    pub quantities: Vec<Quantity>,
    pub artifacts: Vec<Artifact>,
    pub years: Vec<YearMention>,
    /// The report's own year: the year it evaluates (most frequent year mentioned,
    /// preferring the title), if any.
    pub year: Option<i32>,
    /// Tables recognised in the text (`|` rows, tab-separated rows, cell streams).
    pub tables: Vec<super::table::Table>,
    /// Blocks that look like a table but whose rows or columns could not be read.
    pub unread_tables: Vec<super::table::UnreadTable>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    Title,
    Heading(usize),
    Text,
}

#[derive(Debug, Clone)]
pub struct Line {
    /// The line without its line terminator.
    pub span: Span,
    /// The line's content after its indentation.
    pub content: Span,
    pub kind: LineKind,
    /// Index into [`Report::sections`] of the innermost section holding this line.
    pub section: usize,
    /// The table ([`Report::tables`]) this line is a row of: its text is cells, never a
    /// heading; prose readers skip it.
    pub table: Option<usize>,
}

/// The numbering style of a heading, from the outermost to the innermost usual level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NumberStyle {
    /// 第一部分 / 第一章 / 第一节
    Chapter,
    /// 一、
    CnComma,
    /// （一） or ㈠
    CnParen,
    /// 1、 1. 1．
    ArabicComma,
    /// 1.1 / 1.1.1
    Decimal,
    /// （1）
    ArabicParen,
    /// ①
    Circled,
}

impl NumberStyle {
    /// Nesting rank used to build the section tree: smaller is outer.
    pub fn rank(self) -> u8 {
        self as u8
    }

    /// How the mark for `ordinal` is written in this style (the canonical form).
    pub fn render(self, ordinal: u32) -> String {
        match self {
            NumberStyle::Chapter => {
                format!("第{}部分", crate::parse::number::to_cn_ordinal(ordinal))
            }
            NumberStyle::CnComma => format!("{}、", crate::parse::number::to_cn_ordinal(ordinal)),
            NumberStyle::CnParen => format!("（{}）", crate::parse::number::to_cn_ordinal(ordinal)),
            NumberStyle::ArabicComma => format!("{ordinal}、"),
            NumberStyle::Decimal => format!("{ordinal}"),
            NumberStyle::ArabicParen => format!("（{ordinal}）"),
            NumberStyle::Circled => {
                char::from_u32(0x2460 + ordinal.saturating_sub(1)).map(String::from).unwrap_or_default()
            }
        }
    }

    /// A short Chinese name of the style, for messages.
    pub fn example(self) -> &'static str {
        match self {
            NumberStyle::Chapter => "第一部分",
            NumberStyle::CnComma => "一、",
            NumberStyle::CnParen => "（一）",
            NumberStyle::ArabicComma => "1、",
            NumberStyle::Decimal => "1.1",
            NumberStyle::ArabicParen => "（1）",
            NumberStyle::Circled => "①",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Heading {
    /// The whole heading line content (mark, title and any body on the same line).
    pub span: Span,
    /// The number mark, e.g. `一、` or `（1）`.
    pub mark: Span,
    pub style: NumberStyle,
    /// The style the heading's position calls for (differs from `style` when it is
    /// written in the wrong style for its level); the section tree is built from it.
    pub effective_style: NumberStyle,
    /// The ordinal written in the mark (1 for 一、, （1）, ①…). For 1.2.3 the last part.
    pub ordinal: u32,
    /// Depth for [`NumberStyle::Decimal`] marks (1.1 → 2); 1 otherwise.
    pub depth: u8,
    /// The title: text after the mark up to the first `：`/`:`/`。` or the end of the line.
    pub title: Span,
    /// Body text on the same line after the title, if any.
    pub body: Option<Span>,
    pub line: usize,
    /// The section this heading opens.
    pub section: usize,
}

#[derive(Debug, Clone)]
pub struct Section {
    /// Heading index, or `None` for the root.
    pub heading: Option<usize>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// From the heading's start to the end of the section's last line.
    pub span: Span,
    /// Nesting depth in the tree (root = 0).
    pub depth: u8,
}

#[derive(Debug, Clone)]
pub struct Sentence {
    pub span: Span,
    pub line: usize,
    pub section: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Money, with the value already normalised to 元.
    Yuan,
    Percent,
    Permille,
    PercentPoint,
    /// A count with its measure word (`个`, `人`, `项` …), kept as written.
    Count(CountWord),
    /// A bare number (scores, table cells).
    None,
}

/// Measure words are a closed set in the grammar; store them as a small copyable index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CountWord(pub &'static str);

impl Unit {
    pub fn is_money(self) -> bool {
        matches!(self, Unit::Yuan)
    }
    pub fn is_rate(self) -> bool {
        matches!(self, Unit::Percent | Unit::Permille)
    }
    pub fn is_count(self) -> bool {
        matches!(self, Unit::Count(_))
    }
}

#[derive(Debug, Clone)]
pub struct Quantity {
    /// The whole token (comparator, number, magnitude and unit).
    pub span: Span,
    /// Just the digits.
    pub number_span: Span,
    /// The value in base units: 元 for money, percent points for rates (89.46 for 89.46%).
    pub value: Decimal,
    /// Decimal places as written (2 for 89.46%), the precision comparisons use.
    pub scale: u32,
    /// Multiplier from the written value to `value` (10000 for 万元).
    pub multiplier: Decimal,
    pub unit: Unit,
    /// The unit text as written (`万元`, `％`, `个`), for messages.
    pub unit_text: Span,
    /// The comparator written before it (`≥`, `不低于`, `大于等于`) and its meaning: a target
    /// or a bound, not a stated value.
    pub comparator: Option<Span>,
    pub cmp: Option<Cmp>,
    /// Text of its clause before the number (`实际支出` in `实际支出343.82万元`).
    pub label: Span,
    /// Text right after the unit up to the clause end (`项目` in `7个项目`).
    pub noun: Span,
    /// The sentence containing it.
    pub sentence: usize,
    pub line: usize,
    /// Parenthesis nesting depth inside its sentence (sub-breakdowns are deeper).
    pub paren_depth: u8,
    /// Part of a range such as `80%-90%`: not a single stated value.
    pub in_range: bool,
    /// Written in Chinese numerals (`八个`, `百分之百`).
    pub chinese: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArtifactKind {
    Bookmark,
    FieldError,
    FieldCode,
    Placeholder,
}

#[derive(Debug, Clone)]
pub struct Artifact {
    pub span: Span,
    pub kind: ArtifactKind,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct YearMention {
    pub span: Span,
    pub year: i32,
    pub line: usize,
}

impl Report {
    pub fn slice(&self, span: &Span) -> &str {
        &self.text[span.clone()]
    }

    /// The line index holding byte `offset`.
    pub fn line_at(&self, offset: usize) -> usize {
        match self.lines.binary_search_by(|l| l.span.start.cmp(&offset)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The innermost section holding byte `offset`.
    pub fn section_at(&self, offset: usize) -> usize {
        self.lines.get(self.line_at(offset)).map_or(0, |l| l.section)
    }

    /// The sentence holding byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.start <= offset);
        let i = i.checked_sub(1)?;
        (self.sentences[i].span.end > offset).then_some(i)
    }

    /// The title text of a section's heading (empty for the root).
    pub fn section_title(&self, section: usize) -> &str {
        self.sections[section].heading.map_or("", |h| self.slice(&self.headings[h].title))
    }

    /// Quantities of one sentence, in order.
    pub fn quantities_in_sentence(&self, sentence: usize) -> impl Iterator<Item = (usize, &Quantity)> {
        let start = self.quantities.partition_point(|q| q.sentence < sentence);
        self.quantities[start..]
            .iter()
            .enumerate()
            .take_while(move |(_, q)| q.sentence == sentence)
            .map(move |(i, q)| (start + i, q))
    }

    /// The section itself and all its descendants.
    pub fn section_and_descendants(&self, section: usize) -> Vec<usize> {
        let mut out = vec![section];
        let mut i = 0;
        while i < out.len() {
            out.extend(self.sections[out[i]].children.iter().copied());
            i += 1;
        }
        out
    }
}
