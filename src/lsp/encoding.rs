//! Position encodings: LSP positions are (line, column) where the column counts UTF-8 bytes,
//! UTF-16 code units or Unicode scalar values, whichever the client and server agreed on.
//! jxlint's byte offsets become LSP positions here and nowhere else, and incoming positions
//! become byte offsets here, so Chinese text, characters outside the Basic Multilingual Plane
//! (𠀀, rare name characters) and emoji land on the same characters in every encoding.

use crate::diagnostics::LineIndex;
use lsp_types::{ClientCapabilities, Position, PositionEncodingKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionEncoding {
    Utf8,
    Utf16,
    Utf32,
}

impl PositionEncoding {
    /// Chooses from the client's `general.positionEncodings`: UTF-8 when offered (jxlint's own
    /// offsets, nothing to convert), else UTF-32, else UTF-16, which every client must support.
    pub fn negotiate(caps: &ClientCapabilities) -> PositionEncoding {
        let offered: Vec<PositionEncoding> = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .into_iter()
            .flatten()
            .filter_map(PositionEncoding::from_kind)
            .collect();
        [PositionEncoding::Utf8, PositionEncoding::Utf32]
            .into_iter()
            .find(|e| offered.contains(e))
            .unwrap_or(PositionEncoding::Utf16)
    }

    pub fn from_kind(kind: &PositionEncodingKind) -> Option<PositionEncoding> {
        match kind.as_str() {
            "utf-8" => Some(PositionEncoding::Utf8),
            "utf-16" => Some(PositionEncoding::Utf16),
            "utf-32" => Some(PositionEncoding::Utf32),
            _ => None,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
            PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
            PositionEncoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    /// How many columns `c` occupies in this encoding.
    fn width(self, c: char) -> usize {
        match self {
            PositionEncoding::Utf8 => c.len_utf8(),
            PositionEncoding::Utf16 => c.len_utf16(),
            PositionEncoding::Utf32 => 1,
        }
    }
}

/// Converts between byte offsets into one text and LSP positions in one encoding.
pub struct PositionMap<'a> {
    text: &'a str,
    lines: LineIndex<'a>,
    encoding: PositionEncoding,
}

impl<'a> PositionMap<'a> {
    pub fn new(text: &'a str, encoding: PositionEncoding) -> Self {
        PositionMap { text, lines: LineIndex::new(text), encoding }
    }

    /// The LSP position of a byte offset; offsets past the end or inside a character snap
    /// to the end or to the character's start.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        // The output's index, long-line checkpoints included: one conversion for both.
        let p = self.lines.position(offset);
        let column = match self.encoding {
            PositionEncoding::Utf8 => offset - self.lines.line_start(p.line - 1),
            PositionEncoding::Utf16 => p.utf16_column - 1,
            PositionEncoding::Utf32 => p.column - 1,
        };
        Position { line: saturate(p.line - 1), character: saturate(column) }
    }

    /// The byte offset of an LSP position. A column past the end of its line means the end
    /// of the line (before its terminator), a line past the end means the end of the text,
    /// and a column inside a character (half of a surrogate pair, a byte inside a UTF-8
    /// sequence) snaps back to the character's start, so the result is always a char boundary.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        let start = self.lines.line_start(line);
        let end = self.content_end(line, start);
        let wanted = position.character as usize;
        let mut column = 0;
        for (i, c) in self.text[start..end].char_indices() {
            let next = column + self.encoding.width(c);
            if next > wanted {
                return start + i;
            }
            column = next;
        }
        end
    }

    /// End of a line's content: its start of the next line minus the line terminator.
    fn content_end(&self, line: usize, start: usize) -> usize {
        let next = self.lines.line_start(line + 1).max(start);
        let line_text = &self.text[start..next];
        let content = line_text
            .strip_suffix("\r\n")
            .or_else(|| line_text.strip_suffix('\n'))
            .or_else(|| line_text.strip_suffix('\r'))
            .unwrap_or(line_text);
        start + content.len()
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::GeneralClientCapabilities;

    fn caps(kinds: &[&str]) -> ClientCapabilities {
        ClientCapabilities {
            general: Some(GeneralClientCapabilities {
                position_encodings: Some(kinds.iter().map(|k| PositionEncodingKind::from(k.to_string())).collect()),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn negotiation_prefers_utf8_then_utf32_and_defaults_to_utf16() {
        assert_eq!(PositionEncoding::negotiate(&ClientCapabilities::default()), PositionEncoding::Utf16);
        assert_eq!(PositionEncoding::negotiate(&caps(&["utf-16"])), PositionEncoding::Utf16);
        assert_eq!(PositionEncoding::negotiate(&caps(&["utf-16", "utf-8"])), PositionEncoding::Utf8);
        assert_eq!(PositionEncoding::negotiate(&caps(&["utf-32", "utf-16"])), PositionEncoding::Utf32);
        assert_eq!(PositionEncoding::negotiate(&caps(&["latin-1"])), PositionEncoding::Utf16);
    }

    #[test]
    fn astral_characters_and_emoji_per_encoding() {
        let text = "标题\n𠀀村😀x\r\n";
        let x = text.find('x').unwrap();
        let cols = |e| PositionMap::new(text, e).position(x);
        assert_eq!(cols(PositionEncoding::Utf8), Position { line: 1, character: 11 });
        assert_eq!(cols(PositionEncoding::Utf16), Position { line: 1, character: 5 });
        assert_eq!(cols(PositionEncoding::Utf32), Position { line: 1, character: 3 });
        let map = PositionMap::new(text, PositionEncoding::Utf16);
        // Column 1 is the low surrogate of 𠀀: it snaps back to the character's start.
        assert_eq!(map.offset(Position { line: 1, character: 1 }), text.find('𠀀').unwrap());
        // Past the end of the line: before "\r\n"; past the last line: end of text.
        assert_eq!(map.offset(Position { line: 1, character: 99 }), x + 1);
        assert_eq!(map.offset(Position { line: 9, character: 0 }), text.len());
    }

    /// Positions far into a long line come from the line index's checkpoints and must equal
    /// counting from the line start, in every encoding.
    #[test]
    fn long_lines_agree_with_counting() {
        let text = format!("短\n{}尾", "预算𠀀a，".repeat(3000));
        let offset = text.find('尾').unwrap();
        let start = text.find('\n').unwrap() + 1;
        for e in [PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32] {
            let want: usize = text[start..offset].chars().map(|c| e.width(c)).sum();
            let p = PositionMap::new(&text, e).position(offset);
            assert_eq!((p.line, p.character as usize), (1, want), "{e:?}");
        }
    }
}
