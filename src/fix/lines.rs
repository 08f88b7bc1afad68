//! Which lines the fixes left alone. `--diff` compares the original text with the fixed one;
//! a general line diff costs the product of the lines and the changes, so a report with a
//! hundred thousand fixed lines took minutes. The fixer knows what it changed: each round's
//! edits say which lines they touch, and every other line of the fixed text is a line of
//! the original, unchanged. Only the runs between such lines need a diff of their own.

use crate::diagnostics::Edit;

/// The lines of `text` as `--diff` counts them: each with its terminator (`\n`, `\r\n` or
/// a lone `\r`), the last one with or without.
pub fn split(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(k) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
        let at = i + k;
        let end = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') { at + 2 } else { at + 1 };
        lines.push(&text[start..end]);
        start = end;
        i = end;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// For each line of an edited text, the line of the original it is when no edit touched
/// it. The default knows no line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineOrigins(Vec<Option<u32>>);

impl LineOrigins {
    /// The original text: every line is itself.
    pub fn of(text: &str) -> LineOrigins {
        LineOrigins((0..split(text).len()).map(|i| Some(u32::try_from(i).unwrap_or(u32::MAX))).collect())
    }

    /// The origins of the lines of `text` with `edits` applied (as [`super::edits::apply`]
    /// applies them: non-overlapping), where `self` are those of `text`.
    ///
    /// A line is touched when an edit starts in it or reaches its start: an edit that
    /// takes a line break touches the lines on both sides. A run of touched lines then ends
    /// with its last line's old terminator (or the text's end) and begins after a complete
    /// one (a lone `\r` before an edit counts its line in): its edited text splits into
    /// lines on its own, and the untouched lines around it stay whole.
    pub fn after(&self, text: &str, edits: &[&Edit]) -> LineOrigins {
        let lines = split(text);
        let mut starts = Vec::with_capacity(lines.len() + 1);
        let mut at = 0;
        for l in &lines {
            starts.push(at);
            at += l.len();
        }
        starts.push(text.len());
        let mut edits: Vec<&Edit> = edits.to_vec();
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        // Runs of touched lines, first to last, in order and merged.
        let mut runs: Vec<(usize, usize, Vec<&Edit>)> = Vec::new();
        for e in edits {
            let (s, end) = (e.span.start, e.span.end.max(e.span.start));
            // The line holding `s` (and the one before when it ends in a lone `\r` that a
            // `\n` put at `s` would join), to the last line starting at or before `end`.
            let n = lines.len();
            let mut first = starts[..n].partition_point(|&x| x <= s).saturating_sub(1);
            if first > 0 && starts[first] == s && lines[first - 1].ends_with('\r') {
                first -= 1;
            }
            let last = starts[..n].partition_point(|&x| x <= end).saturating_sub(1).max(first);
            match runs.last_mut() {
                Some(run) if first <= run.1 + 1 => {
                    run.1 = run.1.max(last);
                    run.2.push(e);
                }
                _ => runs.push((first, last, vec![e])),
            }
        }
        let mut out = Vec::with_capacity(lines.len());
        let mut next = 0;
        for (first, last, edits) in runs {
            out.extend(self.0.get(next..first.min(self.0.len())).unwrap_or_default().iter().copied());
            let (from, to) = (starts[first.min(lines.len())], starts[(last + 1).min(lines.len())]);
            let mut edited = String::with_capacity(to - from);
            let mut pos = from;
            for e in edits {
                edited.push_str(&text[pos..e.span.start.max(pos)]);
                edited.push_str(&e.replacement);
                pos = pos.max(e.span.end);
            }
            edited.push_str(&text[pos.min(to)..to]);
            out.extend(std::iter::repeat_n(None, split(&edited).len()));
            next = last + 1;
        }
        out.extend(self.0.get(next..).unwrap_or_default().iter().copied());
        LineOrigins(out)
    }

    /// Pairs (original line, edited line) of the untouched lines, ascending in both.
    pub fn kept(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.0.iter().enumerate().filter_map(|(i, o)| o.map(|k| (k as usize, i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(span: std::ops::Range<usize>, replacement: &str) -> Edit {
        Edit { span, replacement: replacement.to_owned() }
    }

    #[test]
    fn lines_split_after_each_kind_of_break() {
        assert_eq!(split("甲\n乙\r\n丙\r丁"), ["甲\n", "乙\r\n", "丙\r", "丁"]);
        assert_eq!(split("甲\n"), ["甲\n"]);
        assert!(split("").is_empty());
    }

    #[test]
    fn an_edited_line_loses_its_origin_and_the_others_keep_theirs() {
        let text = "一\n截止\n三\n";
        let at = text.find('截').unwrap();
        let origins = LineOrigins::of(text).after(text, &[&edit(at..at + 6, "截至")]);
        assert_eq!(origins.kept().collect::<Vec<_>>(), [(0, 0), (2, 2)]);
    }

    #[test]
    fn an_edit_at_a_line_break_touches_both_lines_and_new_lines_are_counted() {
        let text = "一\n二\n三\n四\n";
        // Joins 二 and 三: both touched, one line in their place.
        let joined = LineOrigins::of(text).after(text, &[&edit(7..8, "")]);
        assert_eq!(joined.kept().collect::<Vec<_>>(), [(0, 0), (3, 2)]);
        // A line break inserted in 二: two lines in its place (and 一, whose end it is not, kept).
        let broken = LineOrigins::of(text).after(text, &[&edit(7..7, "\n")]);
        assert_eq!(broken.kept().collect::<Vec<_>>(), [(0, 0), (2, 3), (3, 4)]);
    }

    #[test]
    fn origins_follow_the_lines_through_rounds() {
        let text = "一\n二\n三\n";
        let first = LineOrigins::of(text).after(text, &[&edit(4..7, "贰")]);
        let second_text = "一\n贰\n三\n";
        let second = first.after(second_text, &[&edit(0..3, "壹")]);
        assert_eq!(second.kept().collect::<Vec<_>>(), [(2, 2)]);
        // Edits of an empty text: every line is new.
        assert_eq!(LineOrigins::of("").after("", &[&edit(0..0, "甲\n乙")]).kept().count(), 0);
    }
}
