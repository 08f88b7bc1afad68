//! Workbook input (.xlsx, .xls, WPS .et): every sheet read with calamine, cell values as
//! the cells display them, rendered as pipe tables (see [`sheet`]) with a
//! [`PlaceMap`] from byte ranges to `Sheet!F7`.
//!
//! Formulas are taken at their cached values, as a reader of the file sees them; the
//! simple ones are re-computed ([`formula`]) and a disagreement is recorded for the
//! `formula-cache` rule kind. Untrusted input: the zip is inflated under a budget before
//! calamine sees it ([`guard`]), and sheets, cells and the rendered grid are capped.
//!
//! .xls/.et (BIFF8) files carry their number formats in records calamine does not expose;
//! [`biff`] reads them from the file's own records, so those cells show as in .xlsx
//! (BIFF5 files, from Excel 95, show as General). calamine reads a BIFF sheet into a dense
//! grid, bounded by that format's own limits (65,536 × 256).

mod biff;
mod display;
mod formula;
mod guard;
mod sheet;

use crate::load::place::{PlaceMap, Source};
use crate::load::LoadError;
use calamine::{Data, DataRef, Reader, Xls, Xlsx};
use sheet::{Cell, Sheet};
use std::io::Cursor;

pub use display::format_number;

pub const MAX_SHEETS: usize = 256;
/// Non-empty cells read from all sheets together.
pub const MAX_CELLS: usize = 1_000_000;
pub const MAX_MERGES: usize = 100_000;

#[derive(Debug, Clone)]
pub struct Extracted {
    pub text: String,
    pub map: PlaceMap,
}

pub fn extract(bytes: &[u8]) -> Result<Extracted, LoadError> {
    let sheets = if bytes.starts_with(b"PK") {
        guard::check_zip(bytes)?;
        read_xlsx(bytes)?
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        read_xls(bytes)?
    } else {
        return Err(LoadError::new(
            "不是有效的工作簿文件（既不是 .xlsx 压缩包，也不是 .xls 复合文档）；请在 Excel/WPS 中另存为 .xlsx 后再检查",
        ));
    };
    let mut text = String::new();
    let mut map = PlaceMap::new(Source::Workbook);
    let mut budget = sheet::FORMULA_BUDGET;
    for (i, s) in sheets.into_iter().enumerate() {
        s.render(i as u32, &mut text, &mut map, &mut budget)?;
    }
    if map.sheets.iter().all(|s| s.cells == 0) {
        return Err(LoadError::new("工作簿中没有可检查的内容（所有工作表都是空的）"));
    }
    Ok(Extracted { text, map })
}

/// A one-sheet workbook written as text, for the rule file's examples: one `|cell|cell|`
/// row per line, a formula cell as `=FORMULA[cached value]` (`|合计|=B1+B2[395]|`).
pub fn example_workbook(text: &str) -> PlaceMap {
    let mut s = Sheet { name: "示例".into(), ..Default::default() };
    for (r, line) in text.lines().enumerate() {
        let Some(inner) = line.trim().strip_prefix('|').and_then(|l| l.strip_suffix('|')) else { continue };
        for (c, cell) in inner.split('|').enumerate() {
            let cell = cell.trim();
            let parts = cell.strip_prefix('=').and_then(|f| f.strip_suffix(']')).and_then(|f| f.split_once('['));
            let (formula, shown) = match parts {
                Some((f, v)) => (Some(f.to_owned()), v),
                None => (None, cell),
            };
            let value = shown.parse::<rust_decimal::Decimal>().ok();
            s.cells.insert((r as u32, c as u32), Cell::new(shown.to_owned(), value, formula));
        }
    }
    let (mut out, mut map, mut budget) = (String::new(), PlaceMap::new(Source::Workbook), sheet::FORMULA_BUDGET);
    // An example is small: it cannot pass the grid cap.
    let _ = s.render(0, &mut out, &mut map, &mut budget);
    map
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, LoadError> {
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsxError::Password => encrypted(),
        e => damaged(&e),
    })?;
    let names = sheet_names(wb.sheet_names())?;
    let mut total = 0;
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let mut s = Sheet { name: name.clone(), ..Default::default() };
        {
            let mut reader = match wb.worksheet_cells_reader(&name) {
                Ok(r) => r,
                // Chart sheets have no cells.
                Err(calamine::XlsxError::WorksheetNotFound(_)) => continue,
                Err(e) => return Err(damaged(&e)),
            };
            while let Some(c) = reader.next_cell_with_formula().map_err(|e| damaged(&e))? {
                total += 1;
                if total > MAX_CELLS {
                    return Err(too_many_cells());
                }
                let (text, value) = display_ref(&c.value, None);
                s.cells.insert(c.pos, Cell::new(text, value, c.formula.filter(|f| !f.is_empty())));
            }
        }
        // A second pass for the number formats: calamine gives the style of a cell and its
        // formula in separate streams.
        {
            let mut reader = wb.worksheet_cells_reader(&name).map_err(|e| damaged(&e))?;
            while let Some((c, style)) = reader.next_cell_with_style_id().map_err(|e| damaged(&e))? {
                let code =
                    reader.styles().get(style).and_then(|s| s.number_format.as_ref()).map(|n| n.format_code.clone());
                if let (Some(code), Some(cell)) = (code, s.cells.get_mut(&c.get_position())) {
                    cell.text = display_ref(c.get_value(), Some(&code)).0;
                }
            }
        }
        let merges = wb.merge_cells_by_sheet_name(&name).map_err(|e| damaged(&e))?;
        s.merges = merge_boxes(merges.iter())?;
        out.push(s);
    }
    Ok(out)
}

fn read_xls(bytes: &[u8]) -> Result<Vec<Sheet>, LoadError> {
    let mut wb = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsError::Password => encrypted(),
        e => damaged(&e),
    })?;
    let names = sheet_names(wb.sheet_names())?;
    let formats = biff::read(bytes);
    let mut total = 0;
    let mut out = Vec::with_capacity(names.len());
    for (index, name) in names.into_iter().enumerate() {
        let Ok(range) = wb.worksheet_range(&name) else { continue };
        let mut s = Sheet { name: name.clone(), ..Default::default() };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            total += 1;
            if total > MAX_CELLS {
                return Err(too_many_cells());
            }
            let pos = (r0 + r as u32, c0 + c as u32);
            let (text, value) = display(v, formats.code(index, &name, pos));
            s.cells.insert(pos, Cell::new(text, value, None));
        }
        if let Ok(formulas) = wb.worksheet_formula(&name) {
            let (f0, g0) = formulas.start().unwrap_or((0, 0));
            for (r, c, f) in formulas.used_cells() {
                if let Some(cell) = s.cells.get_mut(&(f0 + r as u32, g0 + c as u32)) {
                    cell.formula = Some(f.trim_start_matches('=').to_owned());
                }
            }
        }
        let merges = wb.merge_cells_by_sheet_name(&name).map_err(|e| damaged(&e))?;
        s.merges = merge_boxes(merges.iter())?;
        out.push(s);
    }
    Ok(out)
}

fn sheet_names(names: Vec<String>) -> Result<Vec<String>, LoadError> {
    if names.len() > MAX_SHEETS {
        return Err(LoadError::new(format!(
            "工作簿有 {} 个工作表，超过上限 {MAX_SHEETS}，疑似异常文件，已拒绝读取",
            names.len()
        )));
    }
    Ok(names)
}

fn merge_boxes<'a>(
    dims: impl Iterator<Item = &'a calamine::Dimensions>,
) -> Result<Vec<(u32, u32, u32, u32)>, LoadError> {
    let mut out = Vec::new();
    for d in dims {
        if out.len() >= MAX_MERGES {
            return Err(LoadError::new(format!("工作表的合并单元格超过 {MAX_MERGES} 处，疑似异常文件，已拒绝读取")));
        }
        out.push((d.start.0, d.start.1, d.end.0.max(d.start.0), d.end.1.max(d.start.1)));
    }
    Ok(out)
}

/// A number's text under its number format (General when none), and the number itself.
fn number(x: f64, format: Option<&str>) -> (String, Option<rust_decimal::Decimal>) {
    let text = match format {
        Some(f) => display::format_number(x, f),
        None => display::general(x),
    };
    (text, display::decimal(x))
}

/// A cell's text under its number format, and the number behind it.
fn display_ref(v: &DataRef<'_>, format: Option<&str>) -> (String, Option<rust_decimal::Decimal>) {
    match v {
        DataRef::Int(i) => number(*i as f64, format),
        DataRef::Float(x) => number(*x, format),
        DataRef::String(s) => (s.clone(), None),
        DataRef::SharedString(s) => ((*s).to_owned(), None),
        DataRef::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).to_owned(), None),
        DataRef::DateTime(d) => (display::format_date(d.as_f64(), false), None),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => (s.clone(), None),
        DataRef::Error(e) => (e.to_string(), None),
        DataRef::Empty => (String::new(), None),
    }
}

fn display(v: &Data, format: Option<&str>) -> (String, Option<rust_decimal::Decimal>) {
    match v {
        Data::Int(i) => number(*i as f64, format),
        Data::Float(x) => number(*x, format),
        Data::String(s) => (s.clone(), None),
        Data::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).to_owned(), None),
        Data::DateTime(d) => (display::format_date(d.as_f64(), false), None),
        Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), None),
        Data::Error(e) => (e.to_string(), None),
        Data::Empty => (String::new(), None),
    }
}

fn encrypted() -> LoadError {
    LoadError::new("工作簿已加密（设置了打开密码），无法读取内容；请提供未加密的版本")
}

fn damaged(e: &dyn std::fmt::Display) -> LoadError {
    LoadError::new(format!("工作簿文件已损坏或格式不受支持（{e}），请在 Excel/WPS 中重新保存为 .xlsx 后再检查"))
}

fn too_many_cells() -> LoadError {
    LoadError::new(format!("工作簿的非空单元格超过 {MAX_CELLS} 个，超过上限，已拒绝读取"))
}
