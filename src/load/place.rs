//! Where each part of the text extracted from a workbook or a PDF came from, so a finding
//! names the place a user opens: `项目A!F7` in Excel, page and line in a PDF viewer.
//!
//! Like [`super::docx::SourceMap`], positions are byte ranges of the extracted text; the
//! difference is what they point at, and that workbooks also carry the formula cells the
//! loader could re-compute (see `rules::kinds::formula_cache`).

use rust_decimal::Decimal;
use std::ops::Range;

/// What the text was extracted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Workbook,
    Pdf,
}

/// One place in the original file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A worksheet cell: index into [`PlaceMap::sheets`], 0-based row and column.
    Cell { sheet: u32, row: u32, col: u32 },
    /// The line naming a worksheet, before its table.
    Sheet { sheet: u32 },
    /// A PDF page and a text line on it, both 1-based (the lines a reader counts:
    /// non-empty lines of the page, running headers included).
    Page { page: u32, line: u32 },
}

/// A formula cell whose cached value disagrees with what its formula gives.
#[derive(Debug, Clone, PartialEq)]
pub struct FormulaMismatch {
    /// The cell's text in the extracted text.
    pub span: Range<usize>,
    pub sheet: u32,
    pub row: u32,
    pub col: u32,
    /// As stored, without the leading `=`.
    pub formula: String,
    pub cached: Decimal,
    pub computed: Decimal,
}

/// A worksheet as extracted, for `jxlint dump`.
#[derive(Debug, Clone, Default)]
pub struct SheetInfo {
    pub name: String,
    pub cells: usize,
    pub merged: usize,
    pub formulas: usize,
}

#[derive(Debug, Clone)]
pub struct PlaceMap {
    pub source: Source,
    /// Sorted, non-overlapping byte ranges of the extracted text.
    entries: Vec<(Range<usize>, Place)>,
    pub sheets: Vec<SheetInfo>,
    pub pages: usize,
    /// Lines dropped from a PDF as running headers, footers and page numbers.
    pub dropped_lines: usize,
    /// Hard-wrapped PDF lines joined to the line before.
    pub joined_lines: usize,
    pub formula_mismatches: Vec<FormulaMismatch>,
}

impl PlaceMap {
    pub fn new(source: Source) -> PlaceMap {
        PlaceMap {
            source,
            entries: Vec::new(),
            sheets: Vec::new(),
            pages: 0,
            dropped_lines: 0,
            joined_lines: 0,
            formula_mismatches: Vec::new(),
        }
    }

    /// Ranges must come in text order.
    pub(crate) fn push(&mut self, range: Range<usize>, place: Place) {
        self.entries.push((range, place));
    }

    pub fn place_at(&self, offset: usize) -> Option<Place> {
        let i = self.entries.partition_point(|(r, _)| r.end <= offset);
        let (r, p) = self.entries.get(i)?;
        (r.start <= offset).then_some(*p)
    }

    pub fn sheet_name(&self, sheet: u32) -> &str {
        self.sheets.get(sheet as usize).map_or("", |s| s.name.as_str())
    }

    /// `项目A!F7`, `项目A`, `第3页第12行`: how a message names the place.
    pub fn describe(&self, place: Place) -> String {
        match place {
            Place::Cell { sheet, row, col } => format!("{}!{}", self.sheet_name(sheet), cell_name(row, col)),
            Place::Sheet { sheet } => format!("工作表“{}”", self.sheet_name(sheet)),
            Place::Page { page, line } => format!("第{page}页第{line}行"),
        }
    }

    /// `项目A!F7`, `第3页:12`: what concise output puts after the path instead of line:col.
    pub fn concise(&self, place: Place) -> String {
        match place {
            Place::Cell { sheet, row, col } => format!("{}!{}", self.sheet_name(sheet), cell_name(row, col)),
            Place::Sheet { sheet } => self.sheet_name(sheet).to_owned(),
            Place::Page { page, line } => format!("第{page}页:{line}"),
        }
    }
}

/// `A1` notation from 0-based row and column (`0, 27` → `AB1`).
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col as u64 + 1;
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.push(b'A' + rem);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row as u64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_follow_excel_columns() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 5), "F7");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(9, 16383), "XFD10");
    }

    #[test]
    fn offsets_map_to_their_place_and_gaps_to_none() {
        let mut m = PlaceMap::new(Source::Workbook);
        m.sheets.push(SheetInfo { name: "项目A".into(), ..Default::default() });
        m.push(0..3, Place::Cell { sheet: 0, row: 6, col: 5 });
        m.push(5..8, Place::Page { page: 3, line: 12 });
        assert_eq!(m.place_at(2).map(|p| m.concise(p)).as_deref(), Some("项目A!F7"));
        assert_eq!(m.place_at(3), None);
        assert_eq!(m.place_at(6).map(|p| m.concise(p)).as_deref(), Some("第3页:12"));
        assert_eq!(m.place_at(6).map(|p| m.describe(p)).as_deref(), Some("第3页第12行"));
        assert_eq!(m.place_at(8), None);
    }
}
