//! `jxlint dump FILE`: the text jxlint checks (for a .docx, the extracted text) with line
//! numbers, then what the parser made of it — Word paragraphs, headings with their levels,
//! the section tree, tables and quantities with their labels — for anyone working out why
//! a finding is (or is not) reported.

use super::args::DumpArgs;
use super::configured::{config_for_file, report as report_error};
use super::dump_relations;
use super::{print_out, EXIT_ERROR, EXIT_OK};
use jxlint::load;
use jxlint::parse::{self, Report, Unit};
use std::fmt::Write;

pub fn run(args: &DumpArgs) -> u8 {
    let file = match load::load_file(&args.file, args.max_file_size) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("jxlint: 无法读取 {}：{}", args.file.display(), e.message);
            return EXIT_ERROR;
        }
    };
    // A plain text hard-wrapped at a fixed width is checked with its wrapped lines joined:
    // show that text, since it is what the positions below count in.
    let unwrapped = (file.places.is_none() && file.source_map.is_none())
        .then(|| parse::wrap::unwrap(&parse::fold::simplified(&file.text)))
        .flatten();
    let mut text = String::new();
    let report = match &unwrapped {
        Some(u) => {
            let _ = writeln!(
                text,
                "（本文按固定宽度折行：已把 {} 处折行接回原句，以下行号按接回后的文本计）",
                u.joins.len()
            );
            parse::parse(&u.text)
        }
        None => parse::parse(&file.text),
    };
    text.push_str(&render(&report, file.source_map.as_ref()));
    if let Some(places) = &file.places {
        text.push_str(&render_places(&report, places));
    }
    if args.relations {
        let config = match config_for_file(args.config.as_deref(), &args.file) {
            Ok(c) => c,
            Err(code) => return code,
        };
        let rules = match config.base_set() {
            Ok(r) => r,
            Err(e) => return report_error(e),
        };
        text.push_str(&dump_relations::render(&report, &rules));
    }
    if print_out(&text) {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}

fn one_line(s: &str) -> String {
    s.replace('\n', "⏎").replace('\t', "⇥")
}

/// Where each line of a workbook's or PDF's extracted text came from, and what extraction
/// did (sheets and formulas; pages, dropped running lines and joined wraps).
pub fn render_places(report: &Report, map: &load::place::PlaceMap) -> String {
    let mut out = String::new();
    match map.source {
        load::place::Source::Workbook => {
            let _ = writeln!(out, "\n== 工作簿（{} 个工作表）", map.sheets.len());
            for s in &map.sheets {
                let _ = writeln!(out, "{}：{} 个单元格，{} 处合并，{} 个公式", s.name, s.cells, s.merged, s.formulas);
            }
            for m in &map.formula_mismatches {
                let _ = writeln!(
                    out,
                    "公式与保存值不符：{}!{} ={}，保存 {}，计算 {}",
                    map.sheet_name(m.sheet),
                    load::place::cell_name(m.row, m.col),
                    m.formula,
                    m.cached,
                    m.computed.round_dp(10).normalize()
                );
            }
        }
        load::place::Source::Pdf => {
            let _ = writeln!(
                out,
                "\n== PDF（{} 页；去掉页眉、页脚和页码 {} 行，接合断行 {} 处）",
                map.pages, map.dropped_lines, map.joined_lines
            );
        }
    }
    let _ = writeln!(out, "\n== 每行的来源");
    for (i, l) in report.lines.iter().enumerate() {
        // A table row starts with `|`, before its first cell.
        if let Some(p) = map.place_at(l.span().start).or_else(|| map.place_at(l.span().start + 1)) {
            let _ = writeln!(out, "{:>4} ← {}", i + 1, map.describe(p));
        }
    }
    out
}

pub fn render(report: &Report, map: Option<&load::docx::SourceMap>) -> String {
    let mut out = String::new();
    let line_no = |offset: usize| report.line_at(offset) + 1;
    let _ = writeln!(out, "== 文本（{} 行）", report.lines.len());
    for (i, l) in report.lines.iter().enumerate() {
        let _ = writeln!(out, "{:>4} | {}", i + 1, one_line(report.slice(&l.span())));
    }
    if let Some(map) = map {
        let _ = writeln!(out, "\n== Word 段落（{} 段，{} 个表格）", map.paragraphs.len(), map.tables);
        for p in &map.paragraphs {
            let mut attrs = Vec::new();
            if let Some(s) = &p.style {
                attrs.push(format!("样式“{s}”"));
            }
            if let Some(o) = p.outline {
                attrs.push(format!("大纲级别{}", o + 1));
            }
            if let Some(n) = &p.number {
                attrs.push(format!("自动编号“{}”", one_line(n)));
            }
            if !attrs.is_empty() {
                let _ = writeln!(out, "第{}段（第{}行）：{}", p.index, line_no(p.span.start), attrs.join("，"));
            }
        }
    }
    let _ = writeln!(out, "\n== 标题（{} 个）", report.headings.len());
    for h in &report.headings {
        let depth = report.sections[h.section()].depth;
        let mut note = String::new();
        if h.style != h.effective_style {
            let _ = write!(note, "，按位置应为“{}”样式", h.effective_style.example());
        }
        let _ = writeln!(
            out,
            "第{}行  {}级  编号“{}”（{}样式{note}）  标题“{}”",
            h.line() + 1,
            depth,
            report.slice(&h.mark()),
            h.style.example(),
            report.slice(&h.title())
        );
    }
    let _ = writeln!(out, "\n== 章节");
    for (i, s) in report.sections.iter().enumerate().skip(1) {
        let indent = "  ".repeat(usize::from(s.depth.saturating_sub(1)));
        let _ = writeln!(
            out,
            "{indent}- {}（第{}–{}行）",
            report.section_title(i),
            line_no(s.span().start),
            line_no(s.span().end.saturating_sub(1).max(s.span().start))
        );
    }
    let _ = writeln!(out, "\n== 表格（{} 个）", report.tables.len());
    for (i, t) in report.tables.iter().enumerate() {
        let _ = writeln!(
            out,
            "表{}（第{}–{}行，{}，{}行×{}列）",
            i + 1,
            line_no(t.span.start),
            line_no(t.span.end.saturating_sub(1).max(t.span.start)),
            match t.shape {
                parse::table::TableShape::Pipe => "| 分隔",
                parse::table::TableShape::Tab => "Tab 分隔",
                parse::table::TableShape::Stream => "单元格流（每格一行、空格分列或整表一行）",
            },
            t.rows.len(),
            t.width()
        );
        for (r, row) in t.rows.iter().enumerate() {
            let cells: Vec<String> = row.cells.iter().map(|c| one_line(report.slice(c))).collect();
            let head = if row.header {
                "（表头）"
            } else if row.detached {
                "（本段某行的数，行未知）"
            } else {
                ""
            };
            let _ = writeln!(out, "  {:>2}: {}{head}", r + 1, cells.join(" | "));
        }
    }
    for u in &report.unread_tables {
        let _ = writeln!(
            out,
            "未能读取的表格（第{}–{}行）：{}",
            line_no(u.span.start),
            line_no(u.span.end.saturating_sub(1).max(u.span.start)),
            u.reason
        );
    }
    let _ = writeln!(out, "\n== 数量（{} 个）", report.quantities.len());
    for q in &report.quantities {
        let unit = match q.unit {
            Unit::Yuan => "元".to_owned(),
            Unit::Percent => "%".to_owned(),
            Unit::Permille => "‰".to_owned(),
            Unit::PercentPoint => "个百分点".to_owned(),
            Unit::Count(w) => w.as_str().to_owned(),
            Unit::None => String::new(),
        };
        let _ = writeln!(
            out,
            "第{}行  {}  = {}{unit}  标签“{}”{}",
            q.line() + 1,
            report.slice(&q.span()),
            q.value.normalize(),
            one_line(report.slice(&q.label())),
            if report.slice(&q.noun()).is_empty() {
                String::new()
            } else {
                format!("  名词“{}”", report.slice(&q.noun()))
            }
        );
    }
    out
}
