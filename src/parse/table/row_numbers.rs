//! A table under a 行次 column read by its row numbers: the shape of the budget system's
//! 决算 export copied out of a PDF, where each label is followed by its 行次 and the filled
//! amounts come after a whole block of rows, empty cells left out:
//!
//! ```text
//! 项目 行次 金额 一、财政拨款收入 1 二、事业收入 2 三、其他收入 3 600.00 400.00 4 5 本年收入合计 6 总计 7 1000.00 1000.00
//! ```
//!
//! Row numbers rise through the table (a bare one with no label is a blank row), so they
//! cut it into rows whatever the values do. Values that follow a single row are that
//! row's. Values that follow a block of rows are that block's in order: one per row when
//! there are as many as rows; fewer, and which row each belongs to is unknown, except that
//! a total row opening or closing the block is filled whenever anything in it is (a total
//! of nonzero parts is not empty), so it takes the first or the last. The rest become
//! [`TableRow::detached`] rows: amounts of the block without a label, enough for the total
//! below them to be checked against, and never given a row they may not belong to.

use super::{is_value, TableRow, Token, ROW_WORDS};
use crate::parse::model::Span;

/// The rows of the data tokens under a 行次 header with `value_cols` value columns after
/// 行次, or `None` when they are not laid out this way (no rising row numbers, or no block
/// whose values were written after it: row by row, the general reader cuts them).
pub(super) fn cut(text: &str, tokens: &[Token], value_cols: usize) -> Option<Vec<TableRow>> {
    if value_cols == 0 {
        return None;
    }
    let mut reader = Reader { text, value_cols, rows: Vec::new(), block_start: 0, values: Vec::new(), blocks_after: 0 };
    let mut open: Option<usize> = None;
    let mut last_no: Option<u32> = None;
    let mut numbered = 0;
    // After 列次/栏次 the numbers are the columns' own, not rows.
    let mut column_numbers = false;
    for t in tokens {
        let s = text[t.span.clone()].trim();
        if let Some(n) = row_number(s).filter(|_| !column_numbers) {
            if let Some(r) = open.filter(|_| last_no.is_none_or(|l| n > l)) {
                reader.rows[r].no = Some(t.span.clone());
                last_no = Some(n);
                open = None;
                numbered += 1;
                continue;
            }
            if open.is_none() && last_no.is_some_and(|l| n == l + 1) {
                reader.flush()?;
                reader.rows.push(Row { label: None, no: Some(t.span.clone()), values: Vec::new(), line: t.line });
                last_no = Some(n);
                continue;
            }
        }
        if is_value(s) {
            open = None;
            reader.values.push((t.span.clone(), t.line));
            continue;
        }
        // A label split by spaces (`项目（按功能 分类）`) is one label.
        if let Some(r) = open {
            if let Some(label) = reader.rows[r].label.as_mut() {
                label.end = t.span.end;
            }
            continue;
        }
        reader.flush()?;
        column_numbers = s.starts_with("列次") || s.starts_with("栏次");
        reader.rows.push(Row { label: Some(t.span.clone()), no: None, values: Vec::new(), line: t.line });
        open = (!column_numbers).then(|| reader.rows.len() - 1);
    }
    reader.flush()?;
    if numbered < 2 || reader.blocks_after == 0 {
        return None;
    }
    Some(reader.rows.into_iter().map(|r| r.into_table_row(value_cols)).collect())
}

/// A bare row number: a whole number of at most four digits.
fn row_number(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

struct Row {
    label: Option<Span>,
    no: Option<Span>,
    values: Vec<(Span, usize)>,
    line: usize,
}

impl Row {
    fn detached(values: Vec<(Span, usize)>) -> Row {
        let line = values.first().map_or(0, |v| v.1);
        Row { label: None, no: None, values, line }
    }

    fn into_table_row(self, value_cols: usize) -> TableRow {
        let at = self.values.first().map_or(0, |v| v.0.start);
        let start = self.label.as_ref().or(self.no.as_ref()).map_or(at, |s| s.start);
        let detached = self.label.is_none() && self.no.is_none();
        let mut cells = vec![self.label.unwrap_or(start..start), self.no.unwrap_or(start..start)];
        let end = self.values.last().map_or(cells[1].end, |v| v.0.end);
        cells.extend(self.values.into_iter().map(|v| v.0));
        // A row with fewer values than columns keeps its label and number in place.
        while cells.len() < 2 + value_cols {
            cells.push(end..end);
        }
        TableRow { line: self.line, cells, header: false, detached }
    }
}

struct Reader<'a> {
    text: &'a str,
    value_cols: usize,
    rows: Vec<Row>,
    /// The first row not yet given values.
    block_start: usize,
    /// Values read since the last row.
    values: Vec<(Span, usize)>,
    /// Blocks whose values were written after the block, not row by row.
    blocks_after: usize,
}

impl Reader<'_> {
    fn is_total(&self, row: &Row) -> bool {
        let label = row.label.as_ref().map_or("", |l| &self.text[l.clone()]);
        ROW_WORDS.iter().any(|w| *w != "其中" && label.contains(w))
    }

    /// Gives the values read since the last row to the rows of the block they close.
    /// `None` when they cannot belong to it (more values than its rows hold, or a
    /// partial row in a block of several).
    fn flush(&mut self) -> Option<()> {
        if self.values.is_empty() {
            return Some(());
        }
        let values = std::mem::take(&mut self.values);
        let block: Vec<usize> = (self.block_start..self.rows.len()).filter(|&r| self.rows[r].label.is_some()).collect();
        let (&first, &last) = (block.first()?, block.last()?);
        let v = self.value_cols;
        if values.len() > v {
            self.blocks_after += 1;
        }
        if values.len() <= v {
            self.rows[last].values = values;
        } else if values.len() % v != 0 || values.len() / v > block.len() {
            return None;
        } else if values.len() / v == block.len() {
            for (r, chunk) in block.iter().zip(values.chunks(v)) {
                self.rows[*r].values = chunk.to_vec();
            }
        } else {
            let mut chunks: Vec<Vec<(Span, usize)>> = values.chunks(v).map(<[_]>::to_vec).collect();
            if self.is_total(&self.rows[first]) {
                self.rows[first].values = chunks.remove(0);
            }
            let closing = last != first && !chunks.is_empty() && self.is_total(&self.rows[last]);
            if closing {
                self.rows[last].values = chunks.pop().unwrap_or_default();
            }
            let at = if closing { last } else { self.rows.len() };
            let detached: Vec<Row> = chunks.into_iter().map(Row::detached).collect();
            self.rows.splice(at..at, detached);
        }
        self.block_start = self.rows.len();
        Some(())
    }
}
