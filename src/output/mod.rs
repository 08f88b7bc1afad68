//! output: renderers. Each turns checked files into text; none of them prints — the CLI
//! decides where the text goes. Byte offsets become line/column only here.
//!
//! ## Streamed and collected formats
//!
//! `jxlint check` writes a folder's results as they are ready, so its memory is bounded by
//! the files in flight, not by the folder. The formats that allow it are built from
//! per-file pieces, and their whole-slice `render` is those pieces put together — one
//! implementation for the stream and for the callers that have everything at once:
//!
//! - [`concise`], [`jsonl`], [`github`]: a line per finding, so the text of several files is
//!   the texts of each file, concatenated: `render(a ++ b) == render(a) + render(b)`.
//! - [`json`]: [`json::Stream`] writes the head (`files_checked` is known up front), each
//!   file's [`json::file_items`], and the close; [`rdjson::Stream`] likewise, writing each
//!   finding as it goes.
//! - [`sarif`]: [`sarif::Stream`] writes the head, each file's results, then the rule
//!   descriptors (serde_json sorts keys: `results` comes before `tool`) and the close.
//! - [`pretty`]: [`pretty::render_file`] per file, then [`summary::render_closing`].
//!
//! The others are rendered once, at the end, from what the CLI collected for them — only
//! the [`Located`] findings, or [`html::ReviewFile`]s for HTML — so their memory grows
//! with the folder: [`junit`] puts totals on its root element, [`html`] shows every
//! report's text and an overview first.

pub mod concise;
pub mod edits;
pub mod github;
pub mod html;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod place;
pub mod pretty;
pub mod rdjson;
pub mod sarif;
pub mod snippet;
pub mod summary;
pub mod terminal;

use crate::diagnostics::{Diagnostic, LineIndex, Severity};

/// A finding with its positions resolved, ready for any format.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Located {
    pub path: String,
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<std::sync::Arc<str>>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    #[serde(skip)]
    pub utf16_column: usize,
    #[serde(skip)]
    pub utf16_end_column: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<LocatedLabel>,
    pub fixable: bool,
    /// 1-based columns in UTF-8 bytes, for formats that count bytes (rdjson).
    #[serde(skip)]
    pub byte_column: usize,
    #[serde(skip)]
    pub byte_end_column: usize,
    /// The fix with resolved positions, for formats that carry fixes (sarif, rdjson).
    #[serde(skip)]
    pub fix: Option<edits::LocatedFix>,
    /// Where the finding is in a workbook or PDF (see [`place`]); `None` for text files.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub place: Option<place::LocatedPlace>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct LocatedLabel {
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
}

/// Resolves positions of one file's findings against its text.
pub fn locate(path: &str, text: &str, diags: &[Diagnostic]) -> Vec<Located> {
    if diags.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(text);
    let one = |d: &Diagnostic| {
        let start = index.position(d.span.start);
        let end = index.position(d.span.end);
        Located {
            path: path.to_owned(),
            rule: d.rule.clone(),
            severity: d.severity,
            message: d.message.clone(),
            help: d.help.clone(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            byte_start: d.span.start,
            byte_end: d.span.end,
            utf16_column: start.utf16_column,
            utf16_end_column: end.utf16_column,
            related: d
                .related
                .iter()
                .map(|l| {
                    let p = index.position(l.span.start);
                    LocatedLabel {
                        message: l.message.clone(),
                        line: p.line,
                        column: p.column,
                        byte_start: l.span.start,
                        byte_end: l.span.end,
                    }
                })
                .collect(),
            fixable: d.fix.is_some(),
            byte_column: edits::byte_column(&index, d.span.start),
            byte_end_column: edits::byte_column(&index, d.span.end),
            fix: d.fix.as_ref().map(|f| edits::locate_fix(&index, f)),
            place: None,
        }
    };
    // A long report's tens of thousands of findings are located on all threads, in order.
    if diags.len() >= LOCATE_IN_PARALLEL {
        use rayon::prelude::*;
        diags.par_iter().map(one).collect()
    } else {
        diags.iter().map(one).collect()
    }
}

/// Findings of one file from which they are located on all threads.
const LOCATE_IN_PARALLEL: usize = 4096;

/// Counts by severity, for summaries and exit codes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn add(&mut self, s: Severity) {
        match s {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}
