//! Windows of long lines for the `pretty` renderer.
//!
//! Report paragraphs are single lines of hundreds of characters; printing them whole under
//! every finding buries the underline. A [`Window`] keeps, for each line a finding touches,
//! only the text around its labels (`…申请预算资金384.29万元，其中…实际支出343.82万元…`),
//! and is itself a miette `SourceCode` that reports the original line numbers and
//! character columns, so the header and gutter stay true to the file.

use crate::diagnostics::LineIndex;
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::ops::Range;

/// Lines longer than this (in characters) are shown as windows.
pub const LONG_LINE: usize = 60;
/// Characters of context kept on each side of a label.
const CONTEXT: usize = 14;
const ELLIPSIS: &str = "…";

/// One kept piece of an original line and where it sits in the window text.
#[derive(Debug, Clone)]
struct Piece {
    orig: Range<usize>,
    synth_start: usize,
}

#[derive(Debug, Clone)]
struct WindowLine {
    /// Byte range of the line in the window text, including its `\n`.
    synth: Range<usize>,
    /// 0-based line number in the original text.
    orig_line: usize,
    pieces: Vec<Piece>,
}

pub struct Window<'a> {
    name: &'a str,
    original: &'a str,
    index: &'a LineIndex<'a>,
    text: String,
    lines: Vec<WindowLine>,
}

impl<'a> Window<'a> {
    /// A window over the lines `spans` touch, or `None` when every such line is short
    /// enough to show whole (or a span crosses lines).
    pub fn new(name: &'a str, original: &'a str, index: &'a LineIndex<'a>, spans: &[Range<usize>]) -> Option<Self> {
        let mut by_line: Vec<(usize, Vec<Range<usize>>)> = Vec::new();
        for s in spans {
            let line = index.line_of(s.start);
            if s.end > s.start && index.line_of(s.end - 1) != line {
                return None;
            }
            match by_line.iter_mut().find(|(l, _)| *l == line) {
                Some((_, v)) => v.push(s.clone()),
                None => by_line.push((line, vec![s.clone()])),
            }
        }
        by_line.sort_by_key(|(l, _)| *l);
        let line_text = |l: usize| {
            let start = index.line_start(l);
            let end = index.line_start(l + 1).min(original.len());
            let s = &original[start..end];
            let trimmed = s.trim_end_matches(['\n', '\r']);
            start..start + trimmed.len()
        };
        if by_line.iter().all(|(l, _)| original[line_text(*l)].chars().count() <= LONG_LINE) {
            return None;
        }
        let mut text = String::new();
        let mut lines = Vec::new();
        for (l, mut spans) in by_line {
            let bounds = line_text(l);
            spans.sort_by_key(|s| s.start);
            // Pieces: each label with CONTEXT characters around it, merged when they touch.
            let mut ranges: Vec<Range<usize>> = Vec::new();
            for s in &spans {
                let start = back_chars(original, s.start.max(bounds.start), CONTEXT, bounds.start);
                let end = forward_chars(original, s.end.min(bounds.end), CONTEXT, bounds.end);
                match ranges.last_mut() {
                    Some(last) if start <= last.end => last.end = last.end.max(end),
                    _ => ranges.push(start..end),
                }
            }
            let line_start = text.len();
            let mut pieces = Vec::new();
            for (i, r) in ranges.iter().enumerate() {
                if i == 0 && r.start > bounds.start || i > 0 {
                    text.push_str(ELLIPSIS);
                }
                pieces.push(Piece { orig: r.clone(), synth_start: text.len() });
                text.push_str(&original[r.clone()]);
            }
            if ranges.last().is_some_and(|r| r.end < bounds.end) {
                text.push_str(ELLIPSIS);
            }
            text.push('\n');
            lines.push(WindowLine { synth: line_start..text.len(), orig_line: l, pieces });
        }
        Some(Window { name, original, index, text, lines })
    }

    /// Where an original byte offset appears in the window text.
    pub fn map(&self, orig: usize) -> Option<usize> {
        self.lines
            .iter()
            .flat_map(|l| &l.pieces)
            .find(|p| p.orig.start <= orig && orig <= p.orig.end)
            .map(|p| p.synth_start + (orig - p.orig.start))
    }

    /// The original byte offset of a window offset (for the header's column).
    fn unmap(&self, synth: usize) -> usize {
        for l in &self.lines {
            for p in &l.pieces {
                let len = p.orig.end - p.orig.start;
                if p.synth_start <= synth && synth <= p.synth_start + len {
                    return p.orig.start + (synth - p.synth_start);
                }
            }
        }
        0
    }

    fn line_index_of(&self, synth: usize) -> usize {
        self.lines.iter().position(|l| synth < l.synth.end).unwrap_or(self.lines.len().saturating_sub(1))
    }
}

fn back_chars(s: &str, from: usize, n: usize, floor: usize) -> usize {
    s[floor..from].char_indices().rev().nth(n.saturating_sub(1)).map_or(floor, |(i, _)| floor + i)
}

fn forward_chars(s: &str, from: usize, n: usize, ceil: usize) -> usize {
    s[from..ceil].char_indices().nth(n).map_or(ceil, |(i, _)| from + i)
}

impl SourceCode for Window<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        _context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let start = span.offset();
        let end = start + span.len();
        if end > self.text.len() || self.lines.is_empty() {
            return Err(MietteError::OutOfBounds);
        }
        let first = self.line_index_of(start);
        let last = self.line_index_of(end.saturating_sub(1).max(start));
        let data = self.lines[first].synth.start..self.lines[last].synth.end;
        // The header shows the character column of the label in the original file.
        let column = if context_lines_before == 0 {
            let orig = self.unmap(start);
            let line_start = self.index.line_start(self.lines[first].orig_line);
            self.original.get(line_start..orig).map_or(0, |p| p.chars().count())
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            &self.text.as_bytes()[data.clone()],
            (data.start, data.len()).into(),
            self.lines[first].orig_line,
            column,
            // Lines in the data: contexts on non-adjacent original lines stay apart.
            last - first + 1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_around_labels_and_map_back() {
        let line = format!("{}预算执行率89.46%{}", "甲".repeat(100), "乙".repeat(100));
        let text = format!("短行\n{line}\n");
        let index = LineIndex::new(&text);
        let rate = text.find("89.46").unwrap();
        let span = rate..rate + 6;
        let w = Window::new("r.txt", &text, &index, std::slice::from_ref(&span)).unwrap();
        assert!(w.text.starts_with('…') && w.text.trim_end().ends_with('…'), "{}", w.text);
        assert!(w.text.chars().count() < 40, "{}", w.text);
        let m = w.map(rate).unwrap();
        assert_eq!(&w.text[m..m + 6], "89.46%");
        assert_eq!(w.unmap(m), rate);
        let c = w.read_span(&(m, 6).into(), 0, 0).unwrap();
        assert_eq!((c.line(), c.column()), (1, 105));
    }

    #[test]
    fn short_lines_and_multi_line_spans_are_not_windowed() {
        let text = "短行\n另一行\n";
        let index = LineIndex::new(text);
        let short = 0..3;
        assert!(Window::new("r", text, &index, std::slice::from_ref(&short)).is_none());
        let long = format!("{}\n{}\n", "甲".repeat(80), "乙".repeat(80));
        let index = LineIndex::new(&long);
        let across = 0..long.len() - 1;
        assert!(Window::new("r", &long, &index, std::slice::from_ref(&across)).is_none());
    }
}
