//! Byte offset → line / column. Columns are counted in Unicode scalar values for people
//! (`concise`, `json`, `pretty`) and in UTF-16 code units for LSP clients.

/// A position for output: 1-based line, 1-based character column, 1-based UTF-16 column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub utf16_column: usize,
}

pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the start of every line.
    starts: Vec<usize>,
    /// On lines longer than [`CHECKPOINT_EVERY`] bytes, (byte offset, char column, UTF-16
    /// column) every that many bytes, 0-based within the line, sorted by offset. Without
    /// them every position on a 1 MB line would count from the line start: quadratic in the
    /// number of findings on it.
    checkpoints: Vec<(usize, usize, usize)>,
}

const CHECKPOINT_EVERY: usize = 4096;

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        // Lines end where the parser says they do (`\n`, `\r\n`, lone `\r`).
        let starts: Vec<usize> =
            std::iter::once(0).chain(crate::parse::scan::lines_and_next(text).filter_map(|(_, next)| next)).collect();
        let mut checkpoints = Vec::new();
        for (i, &start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(text.len());
            if end - start <= CHECKPOINT_EVERY {
                continue;
            }
            let (mut chars, mut utf16, mut next) = (0, 0, start + CHECKPOINT_EVERY);
            for (j, c) in text[start..end].char_indices() {
                if start + j >= next {
                    checkpoints.push((start + j, chars, utf16));
                    next = start + j + CHECKPOINT_EVERY;
                }
                chars += 1;
                utf16 += c.len_utf16();
            }
        }
        LineIndex { text, starts, checkpoints }
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }

    /// Converts a byte offset; offsets inside a character snap back to its start.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let line_start = self.starts[line];
        let (from, chars, utf16) = match self.checkpoints.partition_point(|c| c.0 <= offset) {
            0 => (line_start, 0, 0),
            i if self.checkpoints[i - 1].0 < line_start => (line_start, 0, 0),
            i => self.checkpoints[i - 1],
        };
        let prefix = &self.text[from..offset];
        Position {
            line: line + 1,
            column: chars + prefix.chars().count() + 1,
            utf16_column: utf16 + prefix.encode_utf16().count() + 1,
        }
    }

    /// Byte offset of a 0-based line and 0-based UTF-16 column (LSP input), clamped to the line.
    pub fn offset_utf16(&self, line: usize, utf16_col: usize) -> usize {
        let start = self.line_start(line);
        let end = self.line_start(line + 1).min(self.text.len());
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= utf16_col || c == '\n' || c == '\r' {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_astral_columns() {
        let text = "第一行\n截止2024年\r\n𠀀好😀x";
        let idx = LineIndex::new(text);
        let p = idx.position(text.find("2024").unwrap());
        assert_eq!((p.line, p.column, p.utf16_column), (2, 3, 3));
        let p = idx.position(text.find('x').unwrap());
        assert_eq!((p.line, p.column, p.utf16_column), (3, 4, 6));
        // An offset inside a multi-byte char snaps to the char's start.
        let inside = text.find('好').unwrap() + 1;
        assert_eq!(idx.position(inside).column, 2);
        assert_eq!(idx.offset_utf16(2, 5), text.find('x').unwrap());
    }

    /// Positions on long lines come from checkpoints; they must equal counting from the start.
    #[test]
    fn long_lines_match_counting_from_the_line_start() {
        let text = format!("短\n{}\n尾😀", "预算𠀀a，".repeat(3000));
        let idx = LineIndex::new(&text);
        for offset in (0..=text.len()).step_by(997).chain([text.len() - 1, text.len()]) {
            let p = idx.position(offset);
            let mut snapped = offset;
            while !text.is_char_boundary(snapped) {
                snapped -= 1;
            }
            let line_start = text[..snapped].rfind('\n').map_or(0, |i| i + 1);
            let prefix = &text[line_start..snapped];
            assert_eq!(p.column, prefix.chars().count() + 1, "offset {offset}");
            assert_eq!(p.utf16_column, prefix.encode_utf16().count() + 1, "offset {offset}");
        }
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let idx = LineIndex::new("a\rb\nc");
        assert_eq!(idx.position(2).line, 2);
        assert_eq!(idx.position(4).line, 3);
    }
}
