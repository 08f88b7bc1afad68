//! A form copied out one cell per line, names and values alternating — a 自评表's money
//! block taken from a PDF or a web page:
//!
//! ```text
//! 实际支出
//! （万元）
//! 171.3
//! 其中：省财政
//! 165
//! 其它
//! 6.3
//! ```
//!
//! A line that is only a name (no digits, no sentence mark), optionally a line that is only a
//! unit (`（万元）`), then a line that is only a number make one pair. In a run of pairs (blank
//! lines between allowed), a pair named `其中：…` opens the parts of the pair before it, and
//! the pairs after it are parts too, to the end of the run or the next total (the pair
//! before the next `其中`), at most [`MAX_PARTS`]. Parts that include a rest item
//! (其他, 其它) are the whole; otherwise they need only stay within the total.
//!
//! Linear: each line is classified once, and each pair is a part of at most one total.

use super::sums::operand;
use crate::analysis::relations::{Evidence, Label, Operand, Source, SumRelation};
use crate::parse::Report;

enum Cell {
    Name(usize),
    Unit,
    Value(usize),
    Other,
}

/// Adds the totals and parts of label/value runs to `out`.
pub fn relations(report: &Report, out: &mut Vec<SumRelation>) {
    let qs = &report.quantities;
    let mut headings = report.headings.iter().map(|h| h.line()).peekable();
    let mut q = 0;
    // Pairs of the current run: (name line, quantity).
    let mut run: Vec<(usize, usize)> = Vec::new();
    let mut name: Option<usize> = None;
    let mut unit_seen = false;
    for (l, line) in report.lines.iter().enumerate() {
        while headings.peek().is_some_and(|&h| h < l) {
            headings.next();
        }
        let text = report.slice(&line.content()).trim();
        if text.is_empty() {
            continue;
        }
        while q < qs.len() && qs[q].line() < l {
            q += 1;
        }
        let on_line = qs[q..].iter().take_while(|x| x.line() == l).count();
        let cell = if line.table().is_some() || headings.peek() == Some(&l) {
            Cell::Other
        } else if on_line == 1 && report.text[qs[q].span()].trim() == text && qs[q].comparator().is_none() {
            Cell::Value(q)
        } else if on_line == 0 && is_unit(text) {
            Cell::Unit
        } else if on_line == 0 && text.chars().count() <= 24 && !text.contains(['。', '；', ';', '，', ',']) {
            Cell::Name(l)
        } else {
            Cell::Other
        };
        match cell {
            Cell::Name(l) => {
                name = Some(l);
                unit_seen = false;
            }
            Cell::Unit if name.is_some() && !unit_seen => unit_seen = true,
            Cell::Value(v) if name.is_some() => {
                run.push((name.take().unwrap_or(l), v));
                unit_seen = false;
            }
            _ => {
                read_run(report, &run, out);
                run.clear();
                name = None;
                unit_seen = false;
            }
        }
    }
    read_run(report, &run, out);
}

/// `（万元）`, `(元)`, `单位：万元`.
fn is_unit(text: &str) -> bool {
    let inner = text.trim_start_matches(['（', '(']).trim_end_matches(['）', ')']);
    let inner = inner.trim_start_matches("单位").trim_start_matches(['：', ':']).trim();
    matches!(inner, "元" | "万元" | "亿元" | "千元")
}

/// The most parts one `其中` may open: a form's block lists a few sources, not a page.
const MAX_PARTS: usize = 12;

fn read_run(report: &Report, run: &[(usize, usize)], out: &mut Vec<SumRelation>) {
    let name = |k: usize| report.slice(&report.lines[run[k].0].content()).trim();
    let opens = |k: usize| name(k).starts_with("其中");
    for p in (1..run.len()).filter(|&k| opens(k) && !opens(k - 1)) {
        // The parts run to the end of the run or to the pair before the next `其中` (the
        // next total); a longer list is no block of a form.
        let end = (p + 1..run.len()).find(|&k| opens(k)).map_or(run.len(), |k| k - 1).max(p + 1);
        if end - p > MAX_PARTS {
            continue;
        }
        let parts: Vec<usize> = (p..end).collect();
        let complete = parts.iter().any(|&k| ["其他", "其它", "其余"].iter().any(|w| name(k).contains(w)));
        if parts.len() < 2 && !complete {
            continue;
        }
        let named = |k: usize| -> Operand {
            let mut o = operand(report, &report.quantities[run[k].1]);
            o.label = Label::owned(name(k).trim_start_matches("其中").trim_start_matches(['：', ':']));
            o
        };
        out.push(SumRelation {
            total: named(p - 1),
            parts: parts.iter().map(|&k| named(k)).collect(),
            complete,
            evidence: if complete { Evidence::Strong } else { Evidence::Weak },
            source: Source::Prose("名称与数值分行"),
        });
    }
}
