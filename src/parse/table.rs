//! Tables in the text: rows of cells recognised from the shapes a table takes once it is
//! flattened to text — `|`-separated cells (Markdown tables, and the rows the .docx
//! loader writes), tab-separated cells (copied from Word or Excel), and one cell per line
//! after a header of known column names (the usual result of "save as text").
//!
//! This is structure only: which column is 分值 or 得分 is decided by the rules that read
//! tables (`rules/kinds/table_model.rs`). Cell spans are byte ranges into the report text,
//! trimmed; an empty cell has an empty span where its text would be.

use super::model::{Report, Span};

#[derive(Debug, Clone)]
pub struct Table {
    /// From the first row's start to the last row's end.
    pub span: Span,
    pub rows: Vec<TableRow>,
    pub shape: TableShape,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableShape {
    Pipe,
    Tab,
    CellPerLine,
}

#[derive(Debug, Clone)]
pub struct TableRow {
    /// Index into [`Report::lines`] of the row's (first) line.
    pub line: usize,
    pub cells: Vec<Span>,
}

impl Table {
    pub fn width(&self) -> usize {
        self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0)
    }
}

/// Column names of performance tables, for recognising a header written one cell per line.
const HEADER_WORDS: &[&str] = &[
    "一级指标",
    "二级指标",
    "三级指标",
    "指标名称",
    "指标内容",
    "年度指标值",
    "指标值",
    "年度目标值",
    "年初目标值",
    "目标值",
    "实际完成值",
    "完成值",
    "全年完成值",
    "分值",
    "权重",
    "得分",
    "偏差原因分析及改进措施",
    "偏差原因",
    "未完成原因分析",
    "计量单位",
    "度量单位",
    "计算符号",
    "指标性质",
    "年初预算数",
    "全年预算数",
    "调整后预算数",
    "全年执行数",
    "预算执行数",
    "执行数",
    "执行率",
    "预算执行率",
];

/// The characters [`HEADER_WORDS`] begin with: a line beginning otherwise (nearly every
/// line) is rejected with one short search instead of a comparison per word.
static HEADER_FIRST_CHARS: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
    let mut chars: Vec<char> = HEADER_WORDS.iter().filter_map(|w| w.chars().next()).collect();
    chars.sort_unstable();
    chars.dedup();
    chars
});

/// A header needs this many known column names in a row to start a one-cell-per-line table.
const MIN_HEADER_CELLS: usize = 4;

pub fn recognise(report: &Report) -> Vec<Table> {
    let mut tables = Vec::new();
    let lines = &report.lines;
    let mut i = 0;
    while i < lines.len() {
        let text = report.slice(&lines[i].span);
        if let Some(shape) = row_shape(text) {
            let start = i;
            let mut rows = Vec::new();
            while i < lines.len() && row_shape(report.slice(&lines[i].span)) == Some(shape) {
                let span = lines[i].span.clone();
                let t = report.slice(&span);
                if !(shape == TableShape::Pipe && is_markdown_rule(t)) {
                    rows.push(TableRow { line: i, cells: split_cells(t, span.start, shape) });
                }
                i += 1;
            }
            // A single tab-separated line is more likely aligned prose than a table.
            if rows.len() >= 2 || (shape == TableShape::Pipe && !rows.is_empty()) {
                let span = lines[start].span.start..lines[i - 1].span.end;
                tables.push(Table { span, rows, shape });
            }
            continue;
        }
        if let Some((table, next)) = cell_per_line(report, i) {
            tables.push(table);
            i = next;
            continue;
        }
        i += 1;
    }
    tables
}

fn row_shape(line: &str) -> Option<TableShape> {
    let t = line.trim();
    if t.starts_with('|') && t.len() > 1 && t[1..].contains('|') {
        return Some(TableShape::Pipe);
    }
    // Two or more cells separated by tabs, with text in at least two of them.
    let cells = t.split('\t').filter(|c| !c.trim().is_empty()).count();
    (t.contains('\t') && cells >= 3).then_some(TableShape::Tab)
}

/// The delimiter row of a Markdown table (`|---|:--:|`). A row of single `-` cells is
/// data (“not applicable” marks), so one cell needs three dashes.
fn is_markdown_rule(line: &str) -> bool {
    let t = line.trim();
    t.contains("---") && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

fn split_cells(line: &str, base: usize, shape: TableShape) -> Vec<Span> {
    let sep = if shape == TableShape::Pipe { '|' } else { '\t' };
    let mut cells = Vec::new();
    let mut start = 0;
    for (i, c) in line.char_indices().chain(std::iter::once((line.len(), sep))) {
        if c == sep {
            cells.push(trimmed(line, start, i, base));
            start = i + c.len_utf8();
        }
    }
    if shape == TableShape::Pipe {
        // `|a|b|`: a pipe row starts with a bar, so the first piece is only indentation;
        // the piece after a closing bar is not a cell either.
        if !cells.is_empty() {
            cells.remove(0);
        }
        if line.trim_end().ends_with('|') {
            cells.pop();
        }
    }
    cells
}

/// The cell `line[from..to]` without surrounding spaces, as a span into the report.
fn trimmed(line: &str, from: usize, to: usize, base: usize) -> Span {
    let cell = &line[from..to];
    let lead = cell.len() - cell.trim_start().len();
    let body = cell.trim();
    let s = base + from + lead;
    if body.is_empty() {
        // Empty: point where the text would be (the separator after it).
        let at = base + to;
        return at..at;
    }
    s..s + body.len()
}

/// A header of ≥ [`MIN_HEADER_CELLS`] known column names, one per line, then the data
/// rows one cell per line (empty lines are empty cells). Accepted only when the data
/// fills whole rows, so ordinary prose is never cut into a table.
fn cell_per_line(report: &Report, at: usize) -> Option<(Table, usize)> {
    let lines = &report.lines;
    let is_header = |i: usize| {
        lines.get(i).is_some_and(|l| {
            let t = report.slice(&l.content).trim();
            // Asked of every line of the report: compare whole words only when the first
            // character can begin one.
            let Some(first) = t.chars().next() else { return false };
            HEADER_FIRST_CHARS.contains(&first)
                && HEADER_WORDS
                    .iter()
                    .filter(|w| w.starts_with(first))
                    .any(|w| t == *w || t.strip_prefix(w).is_some_and(|r| r.starts_with(['（', '(', '（'])))
        })
    };
    let mut n = 0;
    while is_header(at + n) {
        n += 1;
    }
    if n < MIN_HEADER_CELLS {
        return None;
    }
    // Data runs until a heading or two blank lines in a row.
    let mut end = at + n;
    while end < lines.len() {
        let l = &lines[end];
        if matches!(l.kind, super::model::LineKind::Heading(_)) {
            break;
        }
        let blank = report.slice(&l.content).trim().is_empty();
        if blank && lines.get(end + 1).is_none_or(|m| report.slice(&m.content).trim().is_empty()) {
            break;
        }
        end += 1;
    }
    let data = end - (at + n);
    if data == 0 || data % n != 0 {
        return None;
    }
    let rows: Vec<TableRow> = (at..end)
        .step_by(n)
        .map(|first| TableRow {
            line: first,
            cells: (first..first + n)
                .map(|k| {
                    let c = &lines[k].content;
                    let t = report.slice(c);
                    trimmed(t, 0, t.len(), c.start)
                })
                .collect(),
        })
        .collect();
    let span = lines[at].span.start..lines[end - 1].span.end;
    Some((Table { span, rows, shape: TableShape::CellPerLine }, end))
}
