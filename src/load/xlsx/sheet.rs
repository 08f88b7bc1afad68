//! One worksheet as the loader keeps it (sparse, by position) and its rendering into the
//! extracted text: the sheet name on a line, then one `|cell|cell|` row per non-empty row,
//! on the sheet's columns — the same shape as a .docx table, so one table reader serves
//! both. A merged cell shows its text in its first cell and the cells it covers stay empty,
//! as on screen (LibreOffice keeps hidden text in covered cells; it is not shown, so it is
//! not read). Merged 一级/二级 labels are filled down by the table model, as for .docx.

use super::formula::{self, Value};
use crate::load::docx::clean_cell;
use crate::load::place::{FormulaMismatch, Place, PlaceMap, SheetInfo};
use crate::load::LoadError;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::ops::Range;

/// A sheet rendered wider and longer than this (non-empty rows × columns) is refused.
pub const MAX_GRID: u64 = 4_000_000;
/// Cells read by formula re-computation, per workbook.
pub const FORMULA_BUDGET: u64 = 2_000_000;

#[derive(Debug, Default)]
pub struct Cell {
    /// As displayed.
    pub text: String,
    /// The stored number behind the text, for formulas.
    pub value: Option<Decimal>,
    pub formula: Option<String>,
    span: Option<Range<usize>>,
}

impl Cell {
    pub fn new(text: String, value: Option<Decimal>, formula: Option<String>) -> Cell {
        Cell { text, value, formula, span: None }
    }
}

#[derive(Debug, Default)]
pub struct Sheet {
    pub name: String,
    pub cells: BTreeMap<(u32, u32), Cell>,
    /// (top, left, bottom, right), 0-based inclusive.
    pub merges: Vec<(u32, u32, u32, u32)>,
}

impl Sheet {
    /// Hides what merged cells cover, then drops cells that show nothing.
    fn settle(&mut self) {
        for &(top, left, bottom, right) in &self.merges {
            let covered: Vec<(u32, u32)> = self
                .cells
                .range((top, left)..=(bottom, right))
                .map(|(k, _)| *k)
                .filter(|&(r, c)| c >= left && c <= right && (r, c) != (top, left))
                .collect();
            for k in covered {
                self.cells.remove(&k);
            }
        }
        self.cells.retain(|_, c| !c.text.is_empty() || c.formula.is_some());
    }

    /// Appends the sheet to `text`, recording each cell's place and the formula cells whose
    /// cached value disagrees with their formula.
    pub fn render(
        mut self,
        index: u32,
        text: &mut String,
        map: &mut PlaceMap,
        budget: &mut u64,
    ) -> Result<(), LoadError> {
        self.settle();
        let info = SheetInfo {
            name: self.name.clone(),
            cells: self.cells.len(),
            merged: self.merges.len(),
            formulas: self.cells.values().filter(|c| c.formula.is_some()).count(),
        };
        map.sheets.push(info);
        let start = text.len();
        text.push_str(&clean_cell(&self.name));
        map.push(start..text.len(), Place::Sheet { sheet: index });
        text.push('\n');
        let Some(left) = self.cells.keys().map(|k| k.1).min() else {
            text.push('\n');
            return Ok(());
        };
        let right = self.cells.keys().map(|k| k.1).max().unwrap_or(left);
        let width = u64::from(right - left) + 1;
        let mut rows: Vec<u32> = self.cells.keys().map(|k| k.0).collect();
        rows.dedup();
        if rows.len() as u64 * width > MAX_GRID {
            return Err(LoadError::new(format!(
                "工作表“{}”有 {} 行 {} 列内容，超过上限（{MAX_GRID} 个单元格），疑似异常文件，已拒绝读取",
                self.name,
                rows.len(),
                width
            )));
        }
        for &r in &rows {
            text.push('|');
            for c in left..=right {
                let start = text.len();
                if let Some(cell) = self.cells.get_mut(&(r, c)) {
                    text.push_str(&clean_cell(&cell.text));
                    cell.span = Some(start..text.len());
                }
                map.push(start..text.len() + 1, Place::Cell { sheet: index, row: r, col: c });
                text.push('|');
            }
            text.push('\n');
        }
        text.push('\n');
        self.check_formulas(index, map, budget);
        Ok(())
    }

    fn check_formulas(&self, index: u32, map: &mut PlaceMap, budget: &mut u64) {
        let read = |r: u32, c: u32| match self.cells.get(&(r, c)) {
            None => Value::Empty,
            Some(cell) => match cell.value {
                Some(n) => Value::Number(n),
                None if cell.text.is_empty() => Value::Empty,
                None => Value::Other,
            },
        };
        for (&(row, col), cell) in &self.cells {
            let (Some(f), Some(cached), Some(span)) = (&cell.formula, cell.value, &cell.span) else { continue };
            let Some(computed) = formula::evaluate(f, &read, budget) else { continue };
            if differs(cached, computed) {
                map.formula_mismatches.push(FormulaMismatch {
                    span: span.clone(),
                    sheet: index,
                    row,
                    col,
                    formula: f.clone(),
                    cached,
                    computed,
                });
            }
        }
    }
}

/// Cached values are doubles: a difference below one part in 10^9 of the larger is
/// binary noise, not a stale value.
fn differs(cached: Decimal, computed: Decimal) -> bool {
    let scale = cached.abs().max(computed.abs()).max(Decimal::ONE);
    (cached - computed).abs() > scale * Decimal::new(1, 9)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::place::Source;
    use std::str::FromStr;

    fn cell(text: &str, value: Option<&str>, formula: Option<&str>) -> Cell {
        Cell {
            text: text.into(),
            value: value.map(|v| Decimal::from_str(v).unwrap()),
            formula: formula.map(Into::into),
            span: None,
        }
    }

    #[test]
    fn renders_rows_on_the_sheet_columns_with_merges_shown_once() {
        let mut s = Sheet { name: "项目A".into(), ..Default::default() };
        s.cells.insert((0, 1), cell("项目资金", None, None));
        s.cells.insert((0, 2), cell("隐藏的文字", None, None));
        s.cells.insert((2, 1), cell("预算数", None, None));
        s.cells.insert((2, 3), cell("200", Some("200"), None));
        s.cells.insert((3, 3), cell("195", Some("195"), Some("SUM(D3:D3)")));
        s.merges.push((0, 1, 0, 3));
        let (mut text, mut map, mut budget) = (String::new(), PlaceMap::new(Source::Workbook), 100);
        s.render(0, &mut text, &mut map, &mut budget).unwrap();
        assert_eq!(text, "项目A\n|项目资金|||\n|预算数||200|\n|||195|\n\n");
        let at = |needle: &str| map.place_at(text.find(needle).unwrap()).map(|p| map.concise(p));
        assert_eq!(at("200").as_deref(), Some("项目A!D3"));
        assert_eq!(at("项目资金").as_deref(), Some("项目A!B1"));
        assert_eq!(at("项目A\n").as_deref(), Some("项目A"));
        let m = &map.formula_mismatches;
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].row, m[0].col, m[0].cached, m[0].computed), (3, 3, Decimal::from(195), Decimal::from(200)));
        assert_eq!(&text[m[0].span.clone()], "195");
    }

    #[test]
    fn float_noise_is_not_a_mismatch() {
        assert!(!differs(Decimal::from_str("0.30000000000000004").unwrap(), Decimal::from_str("0.3").unwrap()));
        assert!(differs(Decimal::from_str("190.01").unwrap(), Decimal::from(190)));
    }

    #[test]
    fn a_sparse_hostile_sheet_is_refused() {
        let mut s = Sheet { name: "x".into(), ..Default::default() };
        s.cells.insert((0, 0), cell("a", None, None));
        // 301 non-empty rows across all 16,384 columns: 4.9 million cells to render.
        for r in 1..=300 {
            s.cells.insert((r * 3000, 16_383), cell("b", None, None));
        }
        let (mut text, mut map, mut budget) = (String::new(), PlaceMap::new(Source::Workbook), 100);
        let e = s.render(0, &mut text, &mut map, &mut budget).unwrap_err();
        assert!(e.message.contains("超过上限"), "{}", e.message);
    }
}
