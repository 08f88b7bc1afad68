//! Tables in the text: the grid of a 绩效自评表 recovered from the shapes it takes once it
//! is flattened to text.
//!
//! - `|` rows, with or without outer bars, merged cells left empty (Markdown tables, web
//!   pages, and the rows the .docx loader writes);
//! - tab-separated rows (copied from Word or Excel);
//! - a *cell stream*: one cell per line (with or without a trailing ` |`, blank lines
//!   between cells), cells separated by runs of spaces, a whole table on one line (the
//!   budget system's export), a row label followed by its numbers with the row broken over
//!   two lines. The stream starts at a header — a run of column names recognised by a
//!   score ([`header_score`]), never by an exact list — and is cut into rows where a label
//!   follows a number.
//!
//! Rows are aligned to their header: a row with fewer cells than its header lost its
//! leading (merged) cells, so it is padded on the left; a header with fewer cells than its
//! rows lacks the row-label column. This is structure only: which column is 分值 or 得分 is
//! decided by `analysis::table_model` and `analysis::table_relations`. Cell spans are byte
//! ranges into the report text, trimmed; an empty cell has an empty span where its text
//! would be. A block that looks like a table but cannot be cut into rows is kept in
//! [`Tables::unread`] with the reason, so that silence never means "checked".

use super::model::{Line, Span};

mod row_numbers;

#[derive(Debug, Clone)]
pub struct Table {
    /// From the first row's start to the last row's end.
    pub span: Span,
    pub rows: Vec<TableRow>,
    pub shape: TableShape,
}

impl Table {
    /// Row ranges each opened by a header row and running to the next header: the part
    /// of the table that header's columns describe. Rows before the first header are in none.
    pub fn header_segments(&self) -> Vec<std::ops::Range<usize>> {
        let mut out: Vec<std::ops::Range<usize>> = Vec::new();
        for (i, r) in self.rows.iter().enumerate() {
            if r.header {
                if let Some(last) = out.last_mut() {
                    last.end = i;
                }
                out.push(i..self.rows.len());
            }
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableShape {
    Pipe,
    Tab,
    /// Cells one per line, separated by spaces, or run together on one line.
    Stream,
}

#[derive(Debug, Clone)]
pub struct TableRow {
    /// Index into [`super::model::Report::lines`] of the row's (first) line.
    pub line: usize,
    pub cells: Vec<Span>,
    /// A row of column names.
    pub header: bool,
    /// Values that belong to rows above it whose own cells cannot be told: a one-line
    /// export lists a block's labels with their 行次, then only the filled amounts
    /// ([`row_numbers`]). Its label and row-number cells are empty.
    pub detached: bool,
}

/// A block that looks like a table but whose rows or columns could not be read.
#[derive(Debug, Clone)]
pub struct UnreadTable {
    pub span: Span,
    pub reason: &'static str,
}

/// Everything the reader found.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    pub tables: Vec<Table>,
    pub unread: Vec<UnreadTable>,
    /// For every line, the table holding it.
    pub line_table: Vec<Option<usize>>,
    /// The line `line_table` starts at while a piece of the text is read.
    first_line: usize,
}

impl Table {
    pub fn width(&self) -> usize {
        self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0)
    }
}

/// Column names of performance and budget tables; a cell scores 2 when it holds one.
const STRONG: &[&str] = &[
    "预算数",
    "执行数",
    "决算数",
    "支出数",
    "执行率",
    "使用率",
    "到位率",
    "支付率",
    "完成率",
    "控制率",
    "分值",
    "得分",
    "指标值",
    "完成值",
    "实际值",
    "目标值",
    "偏差原因",
    "一级指标",
    "二级指标",
    "三级指标",
    "权重",
    "行次",
    "序号",
    "项目名称",
    "指标名称",
    "到位资金",
    "执行资金",
    "实际支出",
    "批复投资",
    "决算投资",
    "计量单位",
    "指标性质",
];
/// Endings of other column names (编制数, 批复金额, 计划安排资金): a cell scores 1.
const WEAK_ENDINGS: &[&str] = &["数", "率", "值", "投资", "资金", "金额", "内容", "名称"];
/// Row labels that end like a column name but name a row (a total or its parts).
const ROW_WORDS: &[&str] = &["其中", "总额", "合计", "小计", "总计", "总分"];

/// A cell's text reduced for matching: simplified characters, no spaces, no bracketed
/// marks (`（A）`, `（万元）`, `（B/A×100%）`), no leading year, no trailing colon.
pub fn header_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0u32;
    for c in s.chars() {
        match c {
            '（' | '(' | '【' | '[' => depth += 1,
            '）' | ')' | '】' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 && !c.is_whitespace() => out.push(super::fold::simplify_char(c)),
            _ => {}
        }
    }
    let out = out.trim_end_matches(['：', ':']);
    // `2023年预算数`: a year before the name.
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    let out = if digits == 4 && out[digits..].starts_with('年') { &out[digits + '年'.len_utf8()..] } else { out };
    out.to_owned()
}

/// Whether `c` is the last character of a name in [`STRONG`] or an ending in
/// [`WEAK_ENDINGS`] (`every_name_ends_in_a_character_header_score_looks_for` keeps the two
/// in step).
fn ends_a_name(c: char) -> bool {
    matches!(
        c,
        '数' | '率'
            | '值'
            | '分'
            | '因'
            | '标'
            | '重'
            | '次'
            | '号'
            | '称'
            | '金'
            | '出'
            | '资'
            | '位'
            | '质'
            | '额'
            | '容'
    )
}

/// How much a cell looks like a column name: 2 for a known name, 1 for a name-like ending,
/// 0 otherwise. Row labels (其中…, 总额, 合计) and cells with numbers outside brackets score 0.
pub fn header_score(cell: &str) -> u32 {
    let key = header_key(cell);
    // A key that holds a name holds its last character: checking those first spares nearly
    // every cell (and every heading and prose line the reader tries) the substring searches.
    if !key.chars().any(ends_a_name) {
        return 0;
    }
    let n = key.chars().count();
    if n == 0 || n > 14 || key.chars().any(|c| c.is_ascii_digit() || matches!(c, '０'..='９' | '%' | '％')) {
        return 0;
    }
    if ROW_WORDS.iter().any(|w| key.contains(w)) || cell.trim_end().ends_with(['：', ':']) {
        return 0;
    }
    if STRONG.iter().any(|w| key.ends_with(w) || (key.contains(w) && n <= 8)) {
        2
    } else if WEAK_ENDINGS.iter().any(|w| key.ends_with(w)) {
        1
    } else {
        0
    }
}

/// A cell holding a value: a number (with comparator, unit, %), or a “not applicable” mark.
pub fn is_value(cell: &str) -> bool {
    let t = cell.trim();
    if matches!(t, "—" | "——" | "-" | "－" | "/" | "／" | "--" | "―") {
        return true;
    }
    let t = t.trim_start_matches(['≥', '≤', '＞', '＜', '>', '<', '=', '＝']);
    let digits = t.chars().take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '０'..='９' | '．')).count();
    if digits == 0 {
        return false;
    }
    let rest: String = t.chars().skip(digits).collect();
    rest.chars().count() <= 4
        && !rest.chars().any(|c| c.is_ascii_digit() || matches!(c, '：' | ':' | '年' | '月' | '日' | '、' | '.'))
}

const MIN_HEADER_SCORE: u32 = 3;

/// Recognises the tables of a text whose lines are `lines`. A long text is read in pieces
/// on all threads, cut at prose lines: no table holds one (a `|` run ends at a line
/// without bars, a cell stream at a line with a sentence's punctuation), so each piece
/// reads what one pass would, and the pieces are joined in order.
pub fn recognise(text: &str, lines: &[Line]) -> Tables {
    if text.len() < crate::parse::PARALLEL_BYTES {
        return recognise_lines(text, lines, 0..lines.len());
    }
    let pieces = crate::util::pieces::for_threads();
    let mut cuts = vec![0];
    for k in 1..pieces {
        let from = (lines.len() * k / pieces).max(cuts[cuts.len() - 1] + 1);
        if let Some(cut) = (from..lines.len()).find(|&i| is_prose_line(&text[lines[i].span()])) {
            if cut > cuts[cuts.len() - 1] {
                cuts.push(cut);
            }
        }
    }
    cuts.push(lines.len());
    cuts.dedup();
    use rayon::prelude::*;
    let parts: Vec<Tables> = cuts.par_windows(2).map(|w| recognise_lines(text, lines, w[0]..w[1])).collect();
    let mut out = Tables { line_table: Vec::with_capacity(lines.len()), ..Tables::default() };
    for part in parts {
        let offset = out.tables.len();
        out.line_table.extend(part.line_table.into_iter().map(|t| t.map(|t| t + offset)));
        out.tables.extend(part.tables);
        out.unread.extend(part.unread);
    }
    out
}

/// A line no table holds: no `|` or tab, and a sentence's punctuation.
fn is_prose_line(line: &str) -> bool {
    !line.contains(['|', '\t']) && line.contains(['。', '，', '；', ';'])
}

/// The tables among lines `range` (which start and end outside any table); `line_table`
/// holds those lines only.
fn recognise_lines(text: &str, lines: &[Line], range: std::ops::Range<usize>) -> Tables {
    let base = range.start;
    let lines = &lines[..range.end];
    let mut out = Tables { line_table: vec![None; range.len()], first_line: base, ..Tables::default() };
    let line_text = |i: usize| &text[lines[i].span()];
    let mut i = base;
    while i < lines.len() {
        let t = line_text(i);
        if let Some(sep) = row_separator(t) {
            let start = i;
            let mut rows = Vec::new();
            while i < lines.len() && row_separator(line_text(i)) == Some(sep) {
                let span = lines[i].span();
                let l = &text[span.clone()];
                if !(sep == '|' && is_markdown_rule(l)) {
                    rows.push(TableRow {
                        line: i,
                        cells: split_cells(l, span.start, sep),
                        header: false,
                        detached: false,
                    });
                }
                i += 1;
            }
            // One cell per line with a trailing ` |`: a cell stream, not rows.
            let single = rows.iter().all(|r| r.cells.iter().filter(|c| !c.is_empty()).count() <= 1);
            // Its table may start on any of its lines; the run is read once, not once per
            // line, so a long run of such lines stays linear.
            if single && sep == '|' {
                if let Some(next) = (start..i).find_map(|j| stream(text, lines, j, &mut out).map(|n| n.max(j + 1))) {
                    i = next;
                }
                continue;
            }
            // A single tab-separated line is more likely aligned prose than a table.
            if rows.len() >= 2 || (sep == '|' && !rows.is_empty()) {
                let span = lines[start].span().start..lines[i - 1].span().end;
                push(
                    &mut out,
                    text,
                    lines,
                    Table { span, rows, shape: if sep == '|' { TableShape::Pipe } else { TableShape::Tab } },
                );
            }
            continue;
        }
        if let Some(next) = stream(text, lines, i, &mut out) {
            i = next.max(i + 1);
            continue;
        }
        if let Some(reason) = run_together_header(t) {
            out.unread.push(UnreadTable { span: lines[i].span(), reason });
        }
        i += 1;
    }
    out
}

/// Aligns the table's rows to their headers and records it.
fn push(out: &mut Tables, text: &str, lines: &[Line], mut table: Table) {
    align(text, &mut table);
    let idx = out.tables.len();
    // Every line of the table is cells, also the second line of a broken row.
    let first = table.rows.first().map_or(0, |r| r.line);
    let slots = out.line_table.iter_mut().skip(first - out.first_line);
    for (slot, line) in slots.zip(&lines[first..]) {
        if line.span().start >= table.span.end {
            break;
        }
        *slot = Some(idx);
    }
    out.tables.push(table);
}

/// The separator of a row of cells: `|` when the line holds a bar between two pieces of
/// text or starts/ends with one, a tab when it holds ≥ 3 tab-separated cells.
fn row_separator(line: &str) -> Option<char> {
    // Nearly every line has neither a bar nor a tab: one memchr each says so.
    let (bar, tab) = (memchr::memchr(b'|', line.as_bytes()), memchr::memchr(b'\t', line.as_bytes()));
    if bar.is_none() && tab.is_none() {
        return None;
    }
    let t = line.trim();
    // `a | b |`, `| a | b`, `a | b | c`; a lone bar inside prose (`正文|含竖线`) is text.
    let bars = t.matches('|').count();
    if bars >= 1 && t.chars().count() > 1 && (t.starts_with('|') || t.ends_with('|') || bars >= 2) {
        return Some('|');
    }
    let cells = t.split('\t').filter(|c| !c.trim().is_empty()).count();
    (t.contains('\t') && cells >= 3).then_some('\t')
}

/// The delimiter row of a Markdown table (`|---|:--:|`). A row of single `-` cells is
/// data (“not applicable” marks), so one cell needs three dashes.
fn is_markdown_rule(line: &str) -> bool {
    let t = line.trim();
    t.contains("---") && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

fn split_cells(line: &str, base: usize, sep: char) -> Vec<Span> {
    let mut cells = Vec::new();
    let mut start = 0;
    for (i, c) in line.char_indices().chain(std::iter::once((line.len(), sep))) {
        if c == sep {
            cells.push(trimmed(line, start, i, base));
            start = i + c.len_utf8();
        }
    }
    if sep == '|' {
        // `|a|b|`: the piece before an opening bar is indentation, the piece after a
        // closing bar is not a cell.
        if line.trim_start().starts_with('|') && !cells.is_empty() {
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

/// Pads rows to the width of their header segment. Trailing empty cells beyond the widest
/// filled row are dropped (`| a | b | |||||`).
fn align(text: &str, table: &mut Table) {
    let filled = |cells: &[Span]| cells.iter().rposition(|c| !c.is_empty()).map_or(0, |p| p + 1);
    let width = table.rows.iter().map(|r| filled(&r.cells)).max().unwrap_or(0);
    for r in &mut table.rows {
        let keep = filled(&r.cells).max(r.cells.len().min(width));
        r.cells.truncate(keep);
        r.header = is_header_row(text, &r.cells);
    }
    for std::ops::Range { start: s, end: e } in table.header_segments() {
        // A header's trailing empty cells are noise; a data row's keep their column.
        let n = filled(&table.rows[s].cells);
        table.rows[s].cells.truncate(n);
        for r in &mut table.rows[s + 1..e] {
            let keep = filled(&r.cells).max(n);
            r.cells.truncate(keep);
        }
        let w = table.rows[s..e].iter().map(|r| r.cells.len()).max().unwrap_or(0);
        for r in &mut table.rows[s..e] {
            let n = r.cells.len();
            if n < w {
                let at = r.cells.first().map_or(0, |c| c.start);
                let pad = vec![at..at; w - n];
                r.cells.splice(0..0, pad);
            }
        }
    }
}

/// A row of column names: enough score, and no value cells.
fn is_header_row(text: &str, cells: &[Span]) -> bool {
    let mut score = 0;
    let mut names = 0;
    for c in cells {
        let t = &text[c.clone()];
        if is_value(t) {
            return false;
        }
        let s = header_score(t);
        score += s;
        names += usize::from(s > 0);
    }
    names >= 2 && score >= MIN_HEADER_SCORE
}

/// One token of a cell stream.
struct Token {
    span: Span,
    line: usize,
}

/// A cell stream starting at line `at`: a header run (on this line or one cell per line
/// from here), then rows. Returns the line after the stream when a table was recorded
/// (or an unread block noted).
fn stream(text: &str, lines: &[Line], at: usize, out: &mut Tables) -> Option<usize> {
    // Tokens of the lines from `at`, until a line that is prose or a heading.
    let mut tokens: Vec<Token> = Vec::new();
    let mut end = at;
    let mut blank_run = 0;
    while end < lines.len() {
        let span = lines[end].span();
        let l = &text[span.clone()];
        let body = l.trim_end().trim_end_matches('|').trim_end();
        if body.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 && tokens.is_empty() {
                return None;
            }
            end += 1;
            continue;
        }
        blank_run = 0;
        let mut line_tokens = Vec::new();
        // Punctuation that ends a clause makes the whole line prose, whichever piece holds it.
        let mut prose = has_prose_mark(body);
        let base = span.start;
        for (start, piece) in pieces(if prose { "" } else { body }) {
            if piece.chars().count() > 40 || is_key_value(piece) {
                prose = true;
                break;
            }
            line_tokens.push(Token { span: base + start..base + start + piece.len(), line: end });
        }
        // The stream must begin with a header: either on its first line or one cell per
        // line from it.
        if prose || (end > at && starts_section(l)) {
            break;
        }
        tokens.extend(line_tokens);
        if tokens.len() > 4 && !has_header(text, &tokens) && end >= at + 12 {
            return None;
        }
        end += 1;
    }
    let first_header = header_start(text, &tokens)?;
    // The stream belongs to the table from the line of its first header cell.
    let first_line = tokens[first_header].line;
    if first_line != at && tokens[..first_header].iter().any(|t| t.line >= at) && first_line > at + 1 {
        return None;
    }
    let rows = cut_rows(text, &tokens[first_header..]);
    let data = rows.iter().filter(|r| !r.header).count();
    let last_line = tokens.last().map_or(at, |t| t.line);
    let span = lines[first_line].span().start..lines[last_line].span().end;
    if data == 0 {
        out.unread.push(UnreadTable { span, reason: "找到了表头，但其后没有可按列读取的数据行" });
        return Some(last_line + 1);
    }
    // Rows start at the first header; the lines before it on the same line are a title.
    let span = lines[rows[0].line].span().start..lines[last_line].span().end;
    push(out, text, lines, Table { span, rows, shape: TableShape::Stream });
    Some(last_line + 1)
}

/// Whether `s` holds a mark that makes a line prose rather than cells: `。` `；` `;` `，`.
/// Looked for by their lead bytes, which most Han characters do not share, rather than
/// decoding every character of every line.
fn has_prose_mark(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr3_iter(b';', 0xE3, 0xEF, b).any(|i| match b[i] {
        b';' => true,
        0xE3 => b[i + 1..].starts_with(&[0x80, 0x82]),
        _ => b[i + 1..].starts_with(&[0xBC, 0x8C]) || b[i + 1..].starts_with(&[0xBC, 0x9B]),
    })
}

/// The whitespace-separated pieces of `s` with their byte offsets (any whitespace, also
/// the ideographic space, which is three bytes).
fn pieces(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = None;
    s.char_indices().chain(std::iter::once((s.len(), ' '))).filter_map(move |(i, c)| {
        if c.is_whitespace() {
            start.take().map(|b| (b, &s[b..i]))
        } else {
            if start.is_none() {
                start = Some(i);
            }
            None
        }
    })
}

/// `按收入性质分：2230.47`: a label and its value in one cell — prose, not a table cell.
fn is_key_value(piece: &str) -> bool {
    piece.split_once(['：', ':']).is_some_and(|(k, v)| !k.is_empty() && v.chars().any(|c| c.is_ascii_digit()))
}

/// A line that opens a new part of the report (`二、…`, `附件2`), ending a cell stream.
fn starts_section(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with("附件") {
        return true;
    }
    let mut chars = t.chars();
    let first = chars.next();
    let second = chars.next();
    matches!(first, Some('一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')) && second == Some('、')
}

/// Where the next header run at or after `from` begins (the end of `tokens` if none).
fn next_header(text: &str, tokens: &[Token], from: usize) -> usize {
    from + header_start(text, &tokens[from..]).unwrap_or(tokens.len() - from)
}

fn has_header(text: &str, tokens: &[Token]) -> bool {
    header_start(text, tokens).is_some()
}

/// Where the first header run (≥ 2 column names in a row, score ≥ 3, at least one known
/// name) begins; bracketed marks on their own (`（A）`, `（万元）`) belong to the name before.
fn header_start(text: &str, tokens: &[Token]) -> Option<usize> {
    // A run is two names or more: a heading or one cell alone is never scored.
    if tokens.len() < 2 {
        return None;
    }
    let mut i = 0;
    while i < tokens.len() {
        let (len, score, strong) = header_run(text, tokens, i);
        if len >= 2 && score >= MIN_HEADER_SCORE && strong {
            return Some(i);
        }
        i += len.max(1);
    }
    None
}

/// The header run at `i`: (tokens, score, holds a known name).
fn header_run(text: &str, tokens: &[Token], i: usize) -> (usize, u32, bool) {
    let mut j = i;
    let mut score = 0;
    let mut names = 0;
    let mut strong = false;
    while j < tokens.len() {
        let t = &text[tokens[j].span.clone()];
        if j > i && is_mark(t) {
            j += 1;
            continue;
        }
        let s = header_score(t);
        if s == 0 {
            break;
        }
        score += s;
        names += 1;
        strong |= s == 2;
        j += 1;
    }
    (if names >= 2 { j - i } else { 0 }, score, strong)
}

/// A bracketed mark standing alone: `（A）`, `（万元）`, `（B/A×100%）`.
fn is_mark(t: &str) -> bool {
    let t = t.trim();
    (t.starts_with(['（', '(']) && t.ends_with(['）', ')'])) && t.chars().count() <= 14
}

/// Cuts a stream into rows: header runs are rows; otherwise a row is labels then values,
/// and a label after a value starts the next row.
fn cut_rows(text: &str, tokens: &[Token]) -> Vec<TableRow> {
    let mut rows: Vec<TableRow> = Vec::new();
    let mut cur: Vec<Span> = Vec::new();
    let mut cur_line = 0;
    let mut seen_value = false;
    let mut numbered = false;
    let mut value_cols = 0;
    let mut header_width = usize::MAX;
    let mut first_value: Option<usize> = None;
    let mut i = 0;
    let flush = |rows: &mut Vec<TableRow>, cur: &mut Vec<Span>, line: usize| {
        if !cur.is_empty() {
            rows.push(TableRow { line, cells: std::mem::take(cur), header: false, detached: false });
        }
    };
    while i < tokens.len() {
        let (len, score, strong) = header_run(text, tokens, i);
        if len >= 2 && score >= MIN_HEADER_SCORE && strong {
            flush(&mut rows, &mut cur, cur_line);
            seen_value = false;
            let mut cells: Vec<Span> = Vec::new();
            for t in &tokens[i..i + len] {
                let s = &text[t.span.clone()];
                match cells.last_mut() {
                    // A mark joins the name before it (`全年预算数` + `（A）`).
                    Some(last) if is_mark(s) => last.end = t.span.end,
                    _ => cells.push(t.span.clone()),
                }
            }
            value_cols = cells.len() - leading_label_columns(text, &cells);
            header_width = cells.len();
            first_value = None;
            numbered = cells.first().is_some_and(|c| {
                let k = header_key(&text[c.clone()]);
                k.contains("序号") || k.contains("行次")
            });
            let row_no = cells.iter().position(|c| header_key(&text[c.clone()]).contains("行次"));
            let value_cols_after_no = row_no.map(|p| cells.len() - p - 1);
            rows.push(TableRow { line: tokens[i].line, cells, header: true, detached: false });
            i += len;
            if let Some(v) = value_cols_after_no {
                let end = next_header(text, tokens, i);
                if let Some(cut) = row_numbers::cut(text, &tokens[i..end], v) {
                    rows.extend(cut);
                    i = end;
                }
            }
            continue;
        }
        let t = &tokens[i];
        let s = &text[t.span.clone()];
        let value = is_value(s);
        // Under a 序号 column, a bare row number before a label starts the next row.
        let row_number = value
            && numbered
            && s.chars().all(|c| c.is_ascii_digit())
            && s.len() <= 4
            && tokens.get(i + 1).is_some_and(|n| !is_value(&text[n.span.clone()]));
        if row_number && seen_value {
            flush(&mut rows, &mut cur, cur_line);
            seen_value = false;
            first_value = None;
        }
        if is_mark(s) && !value {
            if let Some(last) = cur.last_mut() {
                last.end = t.span.end;
                i += 1;
                continue;
            }
        }
        // A label after a value starts the next row once the row has as many cells after
        // its first value as the header has value columns (text values such as 按季 or
        // 明显提升 stay in their row), or at once when it names a total or its parts.
        let since_first_value = cur.len() - first_value.unwrap_or(cur.len());
        let row_word = ROW_WORDS.iter().any(|w| header_key(s).contains(w));
        if !value && seen_value && (since_first_value >= value_cols || cur.len() >= header_width || row_word) {
            flush(&mut rows, &mut cur, cur_line);
            seen_value = false;
        }
        if cur.is_empty() {
            first_value = None;
        }
        if value && first_value.is_none() {
            first_value = Some(cur.len());
        }
        if cur.is_empty() {
            cur_line = t.line;
        }
        seen_value |= value;
        cur.push(t.span.clone());
        i += 1;
    }
    flush(&mut rows, &mut cur, cur_line);
    // Rows are padded to their header's width: values right-aligned under it.
    let mut s = 0;
    while s < rows.len() {
        let mut e = s + 1;
        while e < rows.len() && !rows[e].header {
            e += 1;
        }
        if rows[s].header {
            let w = rows[s..e].iter().map(|r| r.cells.len()).max().unwrap_or(0);
            // A first-level category (产出指标 …) stays under the 一级指标 column when the
            // row lost the merged cells after it.
            let level1 = rows[s].cells.iter().position(|c| header_key(&text[c.clone()]).contains("一级指标"));
            for r in &mut rows[s..e] {
                let n = r.cells.len();
                if n < w {
                    let at = r.cells[0].start;
                    let first = header_key(&text[r.cells[0].clone()]);
                    let category = ["产出", "效益", "满意度", "成本指标"].iter().any(|w| first.starts_with(w));
                    let keep = match level1 {
                        Some(a) if category && a < w - n => a + 1,
                        _ => 0,
                    };
                    let at = if keep > 0 { r.cells[keep - 1].end } else { at };
                    r.cells.splice(keep..keep, vec![at..at; w - n]);
                }
            }
        }
        s = e;
    }
    rows
}

/// How many header cells name the row rather than hold its values: 一级/二级/三级指标,
/// 名称, 内容, and a first cell that is no known column name (项目资金（万元）).
fn leading_label_columns(text: &str, cells: &[Span]) -> usize {
    cells
        .iter()
        .enumerate()
        .take_while(|(i, c)| {
            let t = &text[(*c).clone()];
            let k = header_key(t);
            (k.contains("指标") && !k.ends_with('值'))
                || k.contains("名称")
                || k.contains("内容")
                || (*i == 0 && header_score(t) < 2)
        })
        .count()
}

/// Column names run together with no separator (`全年预算数（A）全年执行数（B）…`): a table
/// that cannot be cut into cells.
fn run_together_header(line: &str) -> Option<&'static str> {
    if line.contains('|') || line.contains('\t') {
        return None;
    }
    // Two adjacent pairs need three names, and each name below ends in its own 数, 率, 分 or
    // 值: a line with fewer of them (nearly every line) is no header, without building
    // its key.
    line.chars().filter(|c| matches!(super::fold::simplify_char(*c), '数' | '率' | '分' | '值')).nth(2)?;
    let key: String = line.chars().map(super::fold::simplify_char).collect();
    // Positions of column names; two of them with only a mark or a short word between
    // (`全年预算数（A）全年执行数`) are a header run together, not a sentence.
    let mut at: Vec<(usize, usize)> = Vec::new();
    for w in ["预算数", "执行数", "执行率", "分值", "得分", "指标值", "完成值"] {
        at.extend(key.match_indices(w).map(|(i, m)| (i, i + m.len())));
    }
    at.sort_unstable();
    let adjacent = at
        .windows(2)
        .filter(|p| {
            let gap = key.get(p[0].1..p[1].0).unwrap_or("，");
            gap.chars().count() <= 8
                && !gap.chars().any(|c| c.is_ascii_digit() || matches!(c, '，' | '。' | '、' | ',' | ' '))
        })
        .count();
    // Scoring every piece of every line is a tenth of parsing a long report: only where
    // names run together does it decide anything.
    if adjacent < 2 {
        return None;
    }
    let spaced = line.split_whitespace().filter(|p| header_score(p) > 0).count();
    (spaced < 2).then_some("表头的列名连写在一起，单元格之间没有分隔，无法分列")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prose_mark_is_found_by_its_bytes_and_only_then() {
        for s in ["甲，乙", "甲。", "；", "a;b", "一、（二）：“三”"] {
            assert_eq!(has_prose_mark(s), s.contains(['。', '；', ';', '，']), "{s}");
        }
        // Characters sharing a lead byte with a mark: ：（）、「」 and the ideographic space.
        assert!(!has_prose_mark("：（）、「」\u{3000}"));
    }

    #[test]
    fn every_name_ends_in_a_character_header_score_looks_for() {
        for w in STRONG.iter().chain(WEAK_ENDINGS) {
            assert!(w.chars().next_back().is_some_and(ends_a_name), "{w}");
        }
        assert_eq!(header_score("预算执行率"), 2);
        assert_eq!(header_score("年度預算數（万元）"), 2);
        assert_eq!(header_score("编制数"), 1);
        assert_eq!(header_score("基本情况"), 0);
        assert_eq!(header_score("合计"), 0);
    }

    #[test]
    fn a_long_text_read_in_pieces_gives_what_one_pass_gives() {
        // Tables of every shape between prose, and a run-together header, past the length
        // that is read on all threads.
        let block = "一、预算执行情况\n本年度预算资金100万元，执行90万元。\n\
项目 | 全年预算数 | 全年执行数 | 执行率 |\n年度资金总额 | 100 | 90 | 90% |\n说明：竖线表。\n\
项目资金（万元） 全年预算数 全年执行数 执行率\n年度资金总额 100.00 90.00 90.00%\n说明：空格分列。\n\
项目 行次 金额 一、收入 1 二、支出 2 3 100.00 50.00 4 合计 5 150.00\n说明：决算表。\n\
全年预算数（A）全年执行数（B）执行率（B/A）\n说明：连写。\n\
分值 |\n得分 |\n10 |\n9 |\n说明：以上为示例。\n";
        let text = block.repeat(crate::parse::PARALLEL_BYTES / block.len() + 2);
        let report = crate::parse::parse(&text);
        let pieces = recognise(&text, &report.lines);
        let one = recognise_lines(&text, &report.lines, 0..report.lines.len());
        assert!(one.tables.len() > 1000 && !one.unread.is_empty());
        assert_eq!(format!("{:?}", pieces.tables), format!("{:?}", one.tables));
        assert_eq!(format!("{:?}", pieces.unread), format!("{:?}", one.unread));
        assert_eq!(pieces.line_table, one.line_table);
    }

    #[test]
    fn names_run_together_are_found_and_prose_with_rates_is_not() {
        assert!(run_together_header("全年预算数（A）全年执行数（B）执行率（B/A）").is_some());
        assert_eq!(run_together_header("预算执行率为95%，完成率100%，得分9分。"), None);
        assert_eq!(run_together_header("预算数 执行数 执行率"), None);
    }
}
