//! The report text with every finding highlighted in place.
//!
//! Findings may overlap or nest (a typo inside a sentence copied from a template; a rate that
//! is both wrong and low). Nested `<mark>`s would break on partial overlaps, so the text is
//! cut at every span boundary and every line end into flat segments; each segment is one
//! `<mark>` listing all the findings that cover it. The markup is therefore always well
//! formed, whatever the spans.

use super::escape;
use crate::diagnostics::{LineIndex, Severity};
use std::fmt::Write;

/// A highlighted range: a finding's primary span, or one of its related labels.
#[derive(Debug, Clone)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    /// Element id of the finding this belongs to (`r3-f1`).
    pub finding: String,
    pub severity: Severity,
    /// Related labels are drawn lighter than the finding itself.
    pub related: bool,
    /// Tooltip: the finding's message (or the label's text for related labels).
    pub title: String,
}

/// Moves an offset to the nearest char boundary at or before it, within the text. Spans come
/// from the parser and are on boundaries already; this keeps a bad span from panicking.
pub fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

/// Renders the text as one `<div class="line">` per line; `file_id` prefixes the line ids.
pub fn render(out: &mut String, text: &str, marks: &[Mark], file_id: &str) {
    let index = LineIndex::new(text);
    let line_count = index.line_of(text.len()) + 1;
    let mut marks: Vec<Mark> = marks
        .iter()
        .map(|m| {
            let start = floor_boundary(text, m.start);
            let end = floor_boundary(text, m.end).max(start);
            Mark { start, end, ..m.clone() }
        })
        .collect();
    marks.sort_by_key(|m| (m.start, m.end));
    // Marks per line: a span over several lines is drawn on each of them.
    let mut per_line: Vec<Vec<usize>> = vec![Vec::new(); line_count];
    for (i, m) in marks.iter().enumerate() {
        let first = index.line_of(m.start);
        let last = if m.end > m.start { index.line_of(m.end - 1) } else { first };
        for bucket in per_line.iter_mut().take(last + 1).skip(first) {
            bucket.push(i);
        }
    }
    // The first segment of each finding carries an anchor so the findings list can link to it.
    let mut anchored: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (line, bucket) in per_line.iter().enumerate() {
        let ls = index.line_start(line);
        let next = if line + 1 < line_count { index.line_start(line + 1) } else { text.len() };
        let le = content_end(text, ls, next);
        // The empty "line" after a final line break is not part of the report.
        if line > 0 && line + 1 == line_count && ls == text.len() && bucket.is_empty() {
            break;
        }
        let n = line + 1;
        let _ = write!(out, "<div class=\"line\" id=\"{file_id}-L{n}\" data-n=\"{n}\"><span class=\"lt\">");
        let line_marks: Vec<&Mark> = bucket.iter().map(|&i| &marks[i]).collect();
        let mut cuts: Vec<usize> = vec![ls, le];
        for m in &line_marks {
            for p in [m.start, m.end] {
                if p > ls && p < le {
                    cuts.push(p);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            point_marks(out, &line_marks, a, a, le, &mut anchored);
            let covering: Vec<&Mark> =
                line_marks.iter().copied().filter(|m| m.start < m.end && m.start <= a && m.end >= b).collect();
            for m in covering.iter().filter(|m| !m.related) {
                if anchored.insert(m.finding.as_str()) {
                    let _ = write!(out, "<span class=\"anchor\" id=\"{}-t\"></span>", m.finding);
                }
            }
            segment(out, &text[a..b], &covering);
        }
        // Points at the end of the line or inside its line break.
        point_marks(out, &line_marks, le, next.saturating_sub(1).max(le), le, &mut anchored);
        out.push_str("</span></div>\n");
    }
}

/// End of a line's content: before its `\n`, `\r\n` or `\r`.
fn content_end(text: &str, start: usize, next: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = next;
    if end > start && bytes.get(end - 1) == Some(&b'\n') {
        end -= 1;
    }
    if end > start && bytes.get(end - 1) == Some(&b'\r') {
        end -= 1;
    }
    end
}

/// Zero-width findings (an insertion point, a file-level finding) at offsets `lo..=hi`, and
/// findings that cover only a line break (content ends at `le`): drawn as a small caret so
/// they are still visible and clickable.
fn point_marks<'m>(
    out: &mut String,
    marks: &[&'m Mark],
    lo: usize,
    hi: usize,
    le: usize,
    anchored: &mut std::collections::HashSet<&'m str>,
) {
    let point_like = |m: &Mark| m.start == m.end || m.start >= le;
    for m in marks.iter().filter(|m| point_like(m) && (lo..=hi).contains(&m.start) && !m.related) {
        let id = if anchored.insert(m.finding.as_str()) { format!(" id=\"{}-t\"", m.finding) } else { String::new() };
        let _ = write!(
            out,
            "<mark class=\"hl pt {}\"{id} data-f=\"{}\" title=\"{}\"></mark>",
            sev_class(m.severity),
            m.finding,
            escape::text(&m.title)
        );
    }
}

fn segment(out: &mut String, text: &str, covering: &[&Mark]) {
    if covering.is_empty() {
        escape::push(out, text);
        return;
    }
    let primary: Vec<&Mark> = covering.iter().copied().filter(|m| !m.related).collect();
    let related: Vec<&Mark> = covering.iter().copied().filter(|m| m.related).collect();
    let mut class = String::from("hl");
    match primary.iter().map(|m| m.severity).max() {
        Some(s) => {
            class.push(' ');
            class.push_str(sev_class(s));
            let distinct = {
                let mut ids: Vec<&str> = primary.iter().map(|m| m.finding.as_str()).collect();
                ids.dedup();
                ids.len()
            };
            if distinct > 1 {
                class.push_str(" multi");
            }
        }
        None => class.push_str(" rel"),
    }
    let ids = |ms: &[&Mark]| {
        let mut v: Vec<&str> = ms.iter().map(|m| m.finding.as_str()).collect();
        v.sort_unstable();
        v.dedup();
        v.join(" ")
    };
    let mut titles: Vec<&str> = primary.iter().chain(&related).map(|m| m.title.as_str()).collect();
    titles.dedup();
    let _ = write!(out, "<mark class=\"{class}\"");
    if !primary.is_empty() {
        let _ = write!(out, " data-f=\"{}\"", ids(&primary));
    }
    if !related.is_empty() {
        let _ = write!(out, " data-r=\"{}\"", ids(&related));
    }
    let _ = write!(out, " title=\"{}\">", escape::text(&titles.join("\n")));
    escape::push(out, text);
    out.push_str("</mark>");
}

pub fn sev_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: usize, end: usize, id: &str, severity: Severity) -> Mark {
        Mark { start, end, finding: id.into(), severity, related: false, title: format!("msg {id}") }
    }

    fn render_str(text: &str, marks: &[Mark]) -> String {
        let mut out = String::new();
        render(&mut out, text, marks, "r0");
        out
    }

    #[test]
    fn overlapping_findings_become_flat_segments() {
        // 执行率 [0,9) overlaps 率为 [6,12): three flat segments, no nesting.
        let text = "执行率为九十";
        let html = render_str(text, &[mark(0, 9, "r0-f0", Severity::Warning), mark(6, 12, "r0-f1", Severity::Error)]);
        assert_eq!(
            html,
            "<div class=\"line\" id=\"r0-L1\" data-n=\"1\"><span class=\"lt\">\
             <span class=\"anchor\" id=\"r0-f0-t\"></span>\
             <mark class=\"hl sev-warning\" data-f=\"r0-f0\" title=\"msg r0-f0\">执行</mark>\
             <span class=\"anchor\" id=\"r0-f1-t\"></span>\
             <mark class=\"hl sev-error multi\" data-f=\"r0-f0 r0-f1\" title=\"msg r0-f0\nmsg r0-f1\">率</mark>\
             <mark class=\"hl sev-error\" data-f=\"r0-f1\" title=\"msg r0-f1\">为</mark>九十</span></div>\n"
        );
    }

    #[test]
    fn spans_across_lines_are_cut_at_line_ends_and_text_is_escaped() {
        let text = "a<b\r\nc&d\n";
        let html = render_str(text, &[mark(1, 7, "r0-f0", Severity::Info)]);
        assert!(html.contains("id=\"r0-L1\""));
        assert!(
            html.contains("<mark class=\"hl sev-info\" data-f=\"r0-f0\" title=\"msg r0-f0\">&lt;b</mark></span></div>")
        );
        assert!(html.contains("data-n=\"2\"><span class=\"lt\"><mark class=\"hl sev-info\" data-f=\"r0-f0\" title=\"msg r0-f0\">c&amp;</mark>d</span>"));
        assert!(!html.contains("id=\"r0-L3\""), "no empty line after the final newline");
        assert!(render_str("a\n\n", &[]).contains("id=\"r0-L2\""), "an empty line inside the text is kept");
        assert!(!html.contains('\r'));
    }

    #[test]
    fn points_and_line_breaks_become_carets_on_their_line() {
        // A point at the end of line 1, and a finding covering only the \r\n of line 1.
        let text = "甲乙\r\n丙";
        let html = render_str(text, &[mark(6, 6, "r0-f0", Severity::Warning), mark(6, 8, "r0-f1", Severity::Info)]);
        let line1 = html.lines().next().unwrap();
        assert!(line1.contains("id=\"r0-f0-t\" data-f=\"r0-f0\""), "{line1}");
        assert!(line1.contains("<mark class=\"hl pt sev-info\" id=\"r0-f1-t\" data-f=\"r0-f1\""), "{line1}");
        assert_eq!(html.matches("r0-f1-t").count(), 1);
    }

    #[test]
    fn bad_spans_are_clamped_to_char_boundaries() {
        let text = "预算";
        let html = render_str(text, &[mark(1, 100, "r0-f0", Severity::Error), mark(0, 0, "r0-f1", Severity::Error)]);
        assert!(html.contains("<mark class=\"hl pt sev-error\" id=\"r0-f1-t\" data-f=\"r0-f1\""));
        assert!(html.contains(">预算</mark>"));
    }
}
