//! The place of a finding in a workbook or PDF, resolved once for every format: JSON gets
//! `sheet`/`cell` (or `page`/`page_line`) fields, SARIF a logical location, concise output
//! `报告.pdf:第3页:12` instead of line:column.

use super::Located;
use crate::load::place::{cell_name, Place, PlaceMap};
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LocatedPlace {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// `F7`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The line on the page, 1-based.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_line: Option<u32>,
    /// `项目A!F7`, `第3页:12`.
    #[serde(skip)]
    pub concise: String,
}

impl LocatedPlace {
    pub fn new(map: &PlaceMap, place: Place) -> LocatedPlace {
        let mut p = LocatedPlace { sheet: None, cell: None, page: None, page_line: None, concise: map.concise(place) };
        match place {
            Place::Cell { sheet, row, col } => {
                p.sheet = Some(map.sheet_name(sheet).to_owned());
                p.cell = Some(cell_name(row, col));
            }
            Place::Sheet { sheet } => p.sheet = Some(map.sheet_name(sheet).to_owned()),
            Place::Page { page, line } => {
                p.page = Some(page);
                p.page_line = Some(line);
            }
        }
        p
    }

    /// SARIF 2.1.0 `logicalLocation`: `项目A!F7` as a cell in a sheet, or a page line.
    pub fn sarif_logical(&self) -> Value {
        match (&self.sheet, &self.cell, self.page) {
            (Some(sheet), Some(cell), _) => {
                json!({ "name": cell, "fullyQualifiedName": format!("{sheet}!{cell}"), "kind": "element" })
            }
            (Some(sheet), None, _) => json!({ "name": sheet, "fullyQualifiedName": sheet, "kind": "module" }),
            _ => json!({ "name": self.concise, "fullyQualifiedName": self.concise, "kind": "element" }),
        }
    }
}

/// Fills in each finding's place from the file's map.
pub fn attach(located: &mut [Located], map: &PlaceMap) {
    for d in located {
        d.place = map.place_at(d.byte_start).map(|p| LocatedPlace::new(map, p));
    }
}
