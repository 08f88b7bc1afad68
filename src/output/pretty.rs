//! `pretty`: miette's graphical report, one per finding, labels under the exact characters.
//!
//! Two miette pitfalls are handled here: its `[file:line:col]` header counts bytes (our
//! [`ReportSource`] reports character columns instead), and its default source lookup
//! rescans the file from the start for every span (ours uses a line index).
//!
//! Report text never reaches the terminal raw: control characters in the text, the path,
//! messages and labels are shown as visible stand-ins ([`super::terminal`]).

use super::snippet::Window;
use super::terminal::{self, Visible};
use crate::diagnostics::{Diagnostic, LineIndex, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};
use std::fmt;

/// Rendering options chosen by the CLI.
#[derive(Debug, Clone, Copy)]
pub struct PrettyOptions {
    pub color: bool,
    pub width: usize,
}

impl Default for PrettyOptions {
    fn default() -> Self {
        PrettyOptions { color: false, width: 100 }
    }
}

/// A report's text as a miette source, with character columns and a line index.
pub struct ReportSource<'a> {
    name: &'a str,
    text: &'a str,
    pub(crate) index: LineIndex<'a>,
}

impl<'a> ReportSource<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        ReportSource { name, text, index: LineIndex::new(text) }
    }

    /// End of line `line` including its terminator.
    fn line_end_incl(&self, line: usize) -> usize {
        self.index.line_start(line + 1)
    }
}

impl SourceCode for ReportSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let start = span.offset();
        let end = start + span.len();
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first_line = self.index.line_of(start);
        let last_line = self.index.line_of(end.saturating_sub(1).max(start));
        let ctx_first = first_line.saturating_sub(context_lines_before);
        let ctx_last = last_line + context_lines_after;
        let (data_start, column) = if context_lines_before == 0 {
            let col = self.text[self.index.line_start(first_line)..start].chars().count();
            (start, col)
        } else {
            (self.index.line_start(ctx_first), 0)
        };
        let data_end = self.line_end_incl(ctx_last).min(self.text.len()).max(end);
        let line_count = self.index.line_of(data_end.saturating_sub(1).max(data_start)) + 1;
        let line = if context_lines_before == 0 { first_line } else { ctx_first };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            &self.text.as_bytes()[data_start..data_end],
            (data_start, data_end - data_start).into(),
            line,
            column,
            line_count,
        )))
    }
}

/// One finding as a miette diagnostic, with its labels already placed in `source`.
struct Finding<'a> {
    d: &'a Diagnostic,
    /// `d.message` as shown.
    message: &'a str,
    source: &'a dyn SourceCode,
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl fmt::Display for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl std::error::Error for Finding<'_> {}

impl miette::Diagnostic for Finding<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.d.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = terminal::escape(self.d.help.as_deref()?);
        match &self.d.fix {
            Some(fix) => Some(Box::new(format!("{help}\n可自动修正（--fix）：{}", terminal::escape(&fix.description)))),
            None => Some(Box::new(help)),
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// Renders every finding of one file.
pub fn render_file(path: &str, text: &str, diags: &[Diagnostic], opts: PrettyOptions) -> String {
    if diags.is_empty() {
        return String::new();
    }
    let path = &*terminal::escape(path);
    let visible = Visible::new(text);
    let text = &*visible.text;
    let source = ReportSource::new(path, text);
    let theme = || if opts.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let whole = GraphicalReportHandler::new_themed(theme()).with_width(opts.width).with_context_lines(1);
    // Windows have no neighbouring lines to show.
    let windowed = GraphicalReportHandler::new_themed(theme()).with_width(opts.width).with_context_lines(0);
    let mut out = String::new();
    for d in diags {
        let spans = label_spans(d, &visible);
        let message = &*terminal::escape(&d.message);
        let rendered = match Window::new(
            path,
            text,
            &source.index,
            &spans.iter().map(|(s, _, _)| s.clone()).collect::<Vec<_>>(),
        ) {
            Some(window) => {
                let labels = spans
                    .iter()
                    .filter_map(|(span, label, primary)| {
                        let start = window.map(span.start)?;
                        Some(labeled(start..start + span.len(), label.clone(), *primary))
                    })
                    .collect();
                let finding = Finding { d, message, source: &window, labels };
                windowed.render_report(&mut out, &finding)
            }
            None => {
                let labels = spans.into_iter().map(|(span, label, primary)| labeled(span, label, primary)).collect();
                let finding = Finding { d, message, source: &source, labels };
                whole.render_report(&mut out, &finding)
            }
        };
        if rendered.is_err() {
            // A finding miette cannot draw still gets a line.
            out.push_str(&format!("{path}: {}[{}] {message}\n", d.severity.as_str(), d.rule));
        }
        out.push('\n');
    }
    out
}

/// The primary span (at least one character wide, so it can be underlined) and the related
/// spans, each with its label text, in the shown text.
fn label_spans(d: &Diagnostic, visible: &Visible<'_>) -> Vec<(std::ops::Range<usize>, Option<String>, bool)> {
    let text = &*visible.text;
    let shown = |s: &std::ops::Range<usize>| visible.offset(s.start)..visible.offset(s.end);
    let mut primary = shown(&d.span);
    primary = primary.start.min(text.len())..primary.end.min(text.len());
    if primary.is_empty() {
        let width = text[primary.start..].chars().next().map_or(0, char::len_utf8);
        primary.end = primary.start + width;
    }
    let label = (!d.label.is_empty()).then(|| terminal::escape(&d.label).into_owned());
    std::iter::once((primary, label, true))
        .chain(d.related.iter().map(|l| (shown(&l.span), Some(terminal::escape(&l.message).into_owned()), false)))
        .collect()
}

fn labeled(span: std::ops::Range<usize>, label: Option<String>, primary: bool) -> LabeledSpan {
    if primary {
        LabeledSpan::new_primary_with_span(label, (span.start, span.len()))
    } else {
        LabeledSpan::new_with_span(label, (span.start, span.len()))
    }
}
