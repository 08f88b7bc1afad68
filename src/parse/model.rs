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
    /// The heading's index in [`Report::headings`] (`u32`, so a line is 32 bytes).
    Heading(u32),
    Text,
}

/// One line of the text: 32 bytes (positions and indices as `u32`), read through methods.
#[derive(Debug, Clone)]
pub struct Line {
    span: Span32,
    content_start: u32,
    section: u32,
    table: Option<u32>,
    pub kind: LineKind,
}

impl Line {
    pub(super) fn new(span: &Span, content_start: usize, kind: LineKind) -> Line {
        Line { span: Span32::new(span), content_start: pos32(content_start), section: 0, table: None, kind }
    }
    /// The line without its line terminator.
    pub fn span(&self) -> Span {
        self.span.get()
    }
    /// The line's content after its indentation.
    pub fn content(&self) -> Span {
        self.content_start as usize..self.span.end as usize
    }
    /// Index into [`Report::sections`] of the innermost section holding this line.
    pub fn section(&self) -> usize {
        self.section as usize
    }
    /// The table ([`Report::tables`]) this line is a row of: its text is cells, never a
    /// heading; prose readers skip it.
    pub fn table(&self) -> Option<usize> {
        self.table.map(|t| t as usize)
    }
    pub(super) fn set_section(&mut self, section: usize) {
        self.section = pos32(section);
    }
    pub(super) fn set_table(&mut self, table: Option<usize>) {
        self.table = table.map(pos32);
    }
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

/// A heading: 48 bytes (positions and indices as `u32`); its spans are read through methods.
#[derive(Debug, Clone)]
pub struct Heading {
    span: Span32,
    mark: Span32,
    title: Span32,
    /// Empty when the heading has no body (`has_body`).
    body: Span32,
    line: u32,
    section: u32,
    pub style: NumberStyle,
    /// The style the heading's position calls for (differs from `style` when it is
    /// written in the wrong style for its level); the section tree is built from it.
    pub effective_style: NumberStyle,
    /// The ordinal written in the mark (1 for 一、, （1）, ①…). For 1.2.3 the last part.
    pub ordinal: u32,
    /// Depth for [`NumberStyle::Decimal`] marks (1.1 → 2); 1 otherwise.
    pub depth: u8,
    has_body: bool,
}

/// A heading as the builder reads it ([`Heading::new`] packs it).
pub(super) struct HeadingFields {
    pub span: Span,
    pub mark: Span,
    pub style: NumberStyle,
    pub ordinal: u32,
    pub depth: u8,
    pub title: Span,
    pub body: Option<Span>,
    pub line: usize,
}

impl Heading {
    pub(super) fn new(f: HeadingFields) -> Heading {
        Heading {
            span: Span32::new(&f.span),
            mark: Span32::new(&f.mark),
            title: Span32::new(&f.title),
            body: f.body.as_ref().map(Span32::new).unwrap_or_default(),
            line: pos32(f.line),
            section: 0,
            style: f.style,
            effective_style: f.style,
            ordinal: f.ordinal,
            depth: f.depth,
            has_body: f.body.is_some(),
        }
    }
    /// The whole heading line content (mark, title and any body on the same line).
    pub fn span(&self) -> Span {
        self.span.get()
    }
    /// The number mark, e.g. `一、` or `（1）`.
    pub fn mark(&self) -> Span {
        self.mark.get()
    }
    /// The title: text after the mark up to the first `：`/`:`/`。` or the end of the line.
    pub fn title(&self) -> Span {
        self.title.get()
    }
    /// Body text on the same line after the title, if any.
    pub fn body(&self) -> Option<Span> {
        self.has_body.then(|| self.body.get())
    }
    pub fn line(&self) -> usize {
        self.line as usize
    }
    /// The section this heading opens.
    pub fn section(&self) -> usize {
        self.section as usize
    }
    pub(super) fn set_section(&mut self, section: usize) {
        self.section = pos32(section);
    }
}

/// A section of the tree: 28 bytes. Its children are a list threaded through their
/// `next_sibling`, read with [`Report::children`], rather than a vector per section.
#[derive(Debug, Clone)]
pub struct Section {
    heading: u32,
    parent: u32,
    first_child: u32,
    next_sibling: u32,
    span: Span32,
    /// Nesting depth in the tree (root = 0).
    pub depth: u8,
}

/// No heading, parent, child or sibling, in [`Section`]'s `u32` links.
const NONE32: u32 = u32::MAX;

impl Section {
    pub(super) fn new(heading: Option<usize>, parent: Option<usize>, span: &Span, depth: u8) -> Section {
        Section {
            heading: heading.map_or(NONE32, pos32),
            parent: parent.map_or(NONE32, pos32),
            first_child: NONE32,
            next_sibling: NONE32,
            span: Span32::new(span),
            depth,
        }
    }
    /// Heading index, or `None` for the root.
    pub fn heading(&self) -> Option<usize> {
        (self.heading != NONE32).then_some(self.heading as usize)
    }
    pub fn parent(&self) -> Option<usize> {
        (self.parent != NONE32).then_some(self.parent as usize)
    }
    /// From the heading's start to the end of the section's last line.
    pub fn span(&self) -> Span {
        self.span.get()
    }
    pub(super) fn set_end(&mut self, end: usize) {
        self.span.end = pos32(end);
    }
}

/// A sentence: never crosses a line. 16 bytes, a long report has hundreds of thousands.
#[derive(Debug, Clone)]
pub struct Sentence {
    span: Span32,
    line: u32,
    section: u32,
}

impl Sentence {
    pub fn new(span: &Span, line: usize, section: usize) -> Sentence {
        Sentence { span: Span32::new(span), line: pos32(line), section: pos32(section) }
    }
    pub fn span(&self) -> Span {
        self.span.get()
    }
    pub fn line(&self) -> usize {
        self.line as usize
    }
    pub fn section(&self) -> usize {
        self.section as usize
    }
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

/// Measure words are a closed set in the grammar: an index into its list
/// (`build::COUNT_WORDS` then `build::MEASURE_WORDS`), so a [`Unit`] is two bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CountWord(pub(super) u8);

impl CountWord {
    /// The measure word as the grammar writes it.
    pub fn as_str(self) -> &'static str {
        super::build::count_word_text(self)
    }

    /// The word that counts the same things: `家`/`所` count units as the general `个` does
    /// (`单位14家，包括全额拨款单位11个…`). Not `名`/`人`: a change between them often marks a
    /// new topic (`编制27名，…，实有在职人员25人`).
    pub fn synonym(self) -> CountWord {
        match self.as_str() {
            "家" | "所" => super::build::count_word("个"),
            _ => self,
        }
    }
}

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

/// A byte range of the report text held in 8 bytes: the parser reads no further than
/// [`MAX_MODEL_BYTES`], so every position fits in a `u32`. The model holds millions of
/// spans on a long report; at 16 bytes each they were a third of its memory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span32 {
    start: u32,
    end: u32,
}

/// How much of a text the parser reads: positions in the model are `u32`. A text longer
/// than this (no report is) is parsed up to the last line that ends within it.
pub const MAX_MODEL_BYTES: usize = u32::MAX as usize;

impl Span32 {
    pub fn new(span: &Span) -> Span32 {
        Span32 { start: pos32(span.start), end: pos32(span.end) }
    }
    pub fn get(self) -> Span {
        self.start as usize..self.end as usize
    }
}

/// A position inside the parsed part of the text (see [`MAX_MODEL_BYTES`]).
pub fn pos32(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// A sub-range of a token, as offsets from the token's start: a quantity's parts lie
/// inside its token, which is short, so 4 bytes each instead of 16.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Within {
    start: u16,
    end: u16,
}

impl Within {
    fn new(outer: &Span, inner: &Span) -> Option<Within> {
        let off = |at: usize| u16::try_from(at.checked_sub(outer.start)?).ok();
        (inner.start >= outer.start && inner.end <= outer.end && inner.start <= inner.end)
            .then_some(())
            .and(Some(Within { start: off(inner.start)?, end: off(inner.end)? }))
    }
    fn get(self, base: usize) -> Span {
        base + self.start as usize..base + self.end as usize
    }
}

/// A number as read from the text, with its unit: 68 bytes, since a long report holds
/// hundreds of thousands (`tests::quantity_stays_small`). Positions are read through
/// the methods ([`Quantity::span`], [`Quantity::label`] …), which return ordinary spans.
#[derive(Debug, Clone)]
pub struct Quantity {
    /// The value in base units: 元 for money, percent points for rates (89.46 for 89.46%).
    pub value: Decimal,
    /// Where the whole token (comparator, number, magnitude and unit) starts.
    start: u32,
    label: Span32,
    noun: Span32,
    sentence: u32,
    line: u32,
    /// The token's length; it is at most `u16::MAX` bytes (longer tokens are not read as
    /// quantities: no amount anyone writes is that long).
    len: u16,
    number: Within,
    unit_text: Within,
    comparator: Within,
    scale: u16,
    pub unit: Unit,
    /// The power of ten from the written value to `value` (4 for 万元).
    magnitude: u8,
    /// The comparator written before it (`≥`, `不低于`, `大于等于`) and its meaning: a target
    /// or a bound, not a stated value.
    pub cmp: Option<Cmp>,
    /// Parenthesis nesting depth inside its sentence (sub-breakdowns are deeper).
    pub paren_depth: u8,
    flags: u8,
}

const IN_RANGE: u8 = 1;
const CHINESE: u8 = 2;
const HAS_COMPARATOR: u8 = 4;

/// What the builder reads of a quantity, as ordinary spans ([`Quantity::new`] packs it).
pub(super) struct QuantityFields {
    pub span: Span,
    pub number_span: Span,
    pub value: Decimal,
    pub scale: u32,
    /// The power of ten of the magnitude word (亿 8, 万 4, 千 3, none 0).
    pub magnitude: u8,
    pub unit: Unit,
    pub unit_text: Span,
    pub comparator: Option<Span>,
    pub cmp: Option<Cmp>,
    pub line: usize,
    pub chinese: bool,
}

impl Quantity {
    /// Packs a quantity; `None` when its token is too long to be an amount (see `len`).
    pub(super) fn new(f: QuantityFields) -> Option<Quantity> {
        let span = &f.span;
        let comparator = match &f.comparator {
            Some(c) => Within::new(span, c)?,
            None => Within::default(),
        };
        let flags = if f.chinese { CHINESE } else { 0 } | if f.comparator.is_some() { HAS_COMPARATOR } else { 0 };
        Some(Quantity {
            value: f.value,
            start: pos32(span.start),
            label: Span32::default(),
            noun: Span32::default(),
            sentence: 0,
            line: pos32(f.line),
            len: u16::try_from(span.end.checked_sub(span.start)?).ok()?,
            number: Within::new(span, &f.number_span)?,
            unit_text: Within::new(span, &f.unit_text)?,
            comparator,
            scale: u16::try_from(f.scale).ok()?,
            unit: f.unit,
            magnitude: f.magnitude,
            cmp: f.cmp,
            paren_depth: 0,
            flags,
        })
    }

    /// The whole token (comparator, number, magnitude and unit).
    pub fn span(&self) -> Span {
        let start = self.start as usize;
        start..start + self.len as usize
    }
    /// Just the digits.
    pub fn number_span(&self) -> Span {
        self.number.get(self.start as usize)
    }
    /// The unit text as written (`万元`, `％`, `个`), for messages.
    pub fn unit_text(&self) -> Span {
        self.unit_text.get(self.start as usize)
    }
    /// The comparator's words, when one is written before the number.
    pub fn comparator(&self) -> Option<Span> {
        (self.flags & HAS_COMPARATOR != 0).then(|| self.comparator.get(self.start as usize))
    }
    /// Text of its clause before the number (`实际支出` in `实际支出343.82万元`).
    pub fn label(&self) -> Span {
        self.label.get()
    }
    /// Text right after the unit up to the clause end (`项目` in `7个项目`).
    pub fn noun(&self) -> Span {
        self.noun.get()
    }
    /// The sentence containing it.
    pub fn sentence(&self) -> usize {
        self.sentence as usize
    }
    pub fn line(&self) -> usize {
        self.line as usize
    }
    /// Decimal places as written (2 for 89.46%), the precision comparisons use.
    pub fn scale(&self) -> u32 {
        u32::from(self.scale)
    }
    /// Multiplier from the written value to `value` (10000 for 万元).
    pub fn multiplier(&self) -> Decimal {
        power_of_ten(self.magnitude)
    }
    /// The power of ten of [`Quantity::multiplier`].
    pub fn magnitude(&self) -> u8 {
        self.magnitude
    }
    /// Gives a bare number the money unit `like` is written in (`parse::list_units`).
    pub(super) fn take_unit_of(&mut self, like: &Quantity) {
        self.value *= like.multiplier();
        self.magnitude = like.magnitude;
        self.unit = like.unit;
    }
    /// Part of a range such as `80%-90%`: not a single stated value.
    pub fn in_range(&self) -> bool {
        self.flags & IN_RANGE != 0
    }
    /// Written in Chinese numerals (`八个`, `百分之百`).
    pub fn chinese(&self) -> bool {
        self.flags & CHINESE != 0
    }

    pub(super) fn set_in_range(&mut self, in_range: bool) {
        self.flags = (self.flags & !IN_RANGE) | if in_range { IN_RANGE } else { 0 };
    }
    /// The name a key–value table row gives its value (`项目总数 | 4`), and the count it
    /// makes of a bare whole number.
    pub(super) fn set_row_name(&mut self, label: &Span, count: Option<CountWord>) {
        self.label = Span32::new(label);
        if let Some(w) = count {
            self.unit = Unit::Count(w);
        }
    }
    /// Its place in the text around it, once the sentences are known.
    pub(super) fn set_context(&mut self, sentence: usize, label: &Span, noun: &Span, paren_depth: u8) {
        self.sentence = pos32(sentence);
        self.label = Span32::new(label);
        self.noun = Span32::new(noun);
        self.paren_depth = paren_depth;
    }
}

/// 10^k for the magnitudes a quantity can carry (0, 3, 4, 8).
pub fn power_of_ten(k: u8) -> Decimal {
    match k {
        0 => Decimal::ONE,
        k => Decimal::from(10u64.pow(u32::from(k.min(18)))),
    }
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
        match self.lines.binary_search_by(|l| l.span().start.cmp(&offset)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The innermost section holding byte `offset`.
    pub fn section_at(&self, offset: usize) -> usize {
        self.lines.get(self.line_at(offset)).map_or(0, |l| l.section())
    }

    /// The sentence holding byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span().start <= offset);
        let i = i.checked_sub(1)?;
        (self.sentences[i].span().end > offset).then_some(i)
    }

    /// The title text of a section's heading (empty for the root).
    pub fn section_title(&self, section: usize) -> &str {
        self.sections[section].heading().map_or("", |h| self.slice(&self.headings[h].title()))
    }

    /// Quantities of one sentence, in order.
    pub fn quantities_in_sentence(&self, sentence: usize) -> impl Iterator<Item = (usize, &Quantity)> {
        let start = self.quantities.partition_point(|q| q.sentence() < sentence);
        self.quantities[start..]
            .iter()
            .enumerate()
            .take_while(move |(_, q)| q.sentence() == sentence)
            .map(move |(i, q)| (start + i, q))
    }

    /// The section itself and all its descendants.
    pub fn section_and_descendants(&self, section: usize) -> Vec<usize> {
        let mut out = vec![section];
        let mut i = 0;
        while i < out.len() {
            out.extend(self.children(out[i]));
            i += 1;
        }
        out
    }

    /// The sections directly under `section`, in order.
    pub fn children(&self, section: usize) -> impl Iterator<Item = usize> + '_ {
        let first = self.sections.get(section).map_or(NONE32, |s| s.first_child);
        std::iter::successors((first != NONE32).then_some(first), |&s| {
            let next = self.sections[s as usize].next_sibling;
            (next != NONE32).then_some(next)
        })
        .map(|s| s as usize)
    }

    /// Appends section `child` to `parent`'s children, whose last is `last` (if any).
    pub(super) fn link_child(&mut self, parent: usize, last: Option<usize>, child: usize) {
        match last {
            Some(l) => self.sections[l].next_sibling = pos32(child),
            None => self.sections[parent].first_child = pos32(child),
        }
    }
}
