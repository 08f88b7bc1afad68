//! Where each piece of the extracted text came from in the .docx, so a finding can name
//! the paragraph or the table cell a Word user will look for.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A body paragraph, 1-based, counted outside tables.
    Paragraph(usize),
    /// A table cell: table, row and grid column, 1-based.
    Cell { table: usize, row: usize, col: usize },
}

impl Origin {
    /// `第12段`, `第3个表格第2行第4列`.
    pub fn describe(&self) -> String {
        match *self {
            Origin::Paragraph(n) => format!("第{n}段"),
            Origin::Cell { table, row, col } => format!("第{table}个表格第{row}行第{col}列"),
        }
    }
}

/// One body paragraph as extracted, for `jxlint dump`.
#[derive(Debug, Clone)]
pub struct ParagraphInfo {
    pub index: usize,
    /// Its line in the extracted text, number label included.
    pub span: Range<usize>,
    pub style: Option<String>,
    /// 0-based outline level (`w:outlineLvl`, from the paragraph or its style).
    pub outline: Option<u8>,
    /// The automatic number shown before the text (`一、`), when there is one.
    pub number: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// Sorted, non-overlapping byte ranges of the extracted text.
    entries: Vec<(Range<usize>, Origin)>,
    pub paragraphs: Vec<ParagraphInfo>,
    pub tables: usize,
}

impl SourceMap {
    pub(super) fn push(&mut self, range: Range<usize>, origin: Origin) {
        self.entries.push((range, origin));
    }

    /// The paragraph or cell holding byte `offset` of the extracted text.
    pub fn origin_at(&self, offset: usize) -> Option<Origin> {
        let i = self.entries.partition_point(|(r, _)| r.end <= offset);
        let (r, o) = self.entries.get(i)?;
        (r.start <= offset).then_some(*o)
    }

    /// `第3个表格第2行第4列` for the text at `offset`, if it came from the document body.
    pub fn describe(&self, offset: usize) -> Option<String> {
        self.origin_at(offset).map(|o| o.describe())
    }
}
