//! Fixes with their positions resolved, for formats that carry them (`sarif`, `rdjson`).
//! Each edit gets both character columns (SARIF, people) and UTF-8 byte columns (reviewdog).

use crate::diagnostics::{Fix, LineIndex};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LocatedFix {
    pub description: String,
    pub edits: Vec<LocatedEdit>,
}

/// A replacement of the text between two positions. Lines and columns are 1-based and the
/// end is exclusive (the position of the first character after the replaced text).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LocatedEdit {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_column: usize,
    pub byte_end_column: usize,
    pub replacement: String,
}

/// 1-based column of `offset` counted in UTF-8 bytes from the start of its line.
pub fn byte_column(index: &LineIndex<'_>, offset: usize) -> usize {
    let line = index.line_of(offset);
    offset.saturating_sub(index.line_start(line)) + 1
}

pub fn locate_fix(index: &LineIndex<'_>, fix: &Fix) -> LocatedFix {
    LocatedFix {
        description: fix.description.clone(),
        edits: fix
            .edits
            .iter()
            .map(|e| {
                let start = index.position(e.span.start);
                let end = index.position(e.span.end);
                LocatedEdit {
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    byte_column: byte_column(index, e.span.start),
                    byte_end_column: byte_column(index, e.span.end),
                    replacement: e.replacement.clone(),
                }
            })
            .collect(),
    }
}
