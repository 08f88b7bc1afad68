//! Open documents: the client's text of each report, kept in sync with full and incremental
//! `didChange` edits, and the findings for the current text (computed on demand, dropped on
//! every edit so hover and code actions never use spans of an older text).

use super::check::CheckOutcome;
use super::encoding::{PositionEncoding, PositionMap};
use lsp_types::TextDocumentContentChangeEvent;

pub struct Document {
    pub text: String,
    pub version: i32,
    /// Findings for `text` as it is now; `None` after an edit until checked again.
    pub checked: Option<CheckOutcome>,
}

impl Document {
    pub fn new(text: String, version: i32) -> Self {
        Document { text, version, checked: None }
    }

    /// Applies the edits of one `didChange`, in order: each range refers to the text as left
    /// by the edits before it.
    pub fn apply_changes(&mut self, version: i32, changes: &[TextDocumentContentChangeEvent], enc: PositionEncoding) {
        for change in changes {
            apply_change(&mut self.text, change, enc);
        }
        self.version = version;
        self.checked = None;
    }
}

/// Applies one edit. A change without a range replaces the whole text; a reversed range is
/// taken in order rather than rejected, since the client meant the characters between them.
pub fn apply_change(text: &mut String, change: &TextDocumentContentChangeEvent, enc: PositionEncoding) {
    match change.range {
        None => text.clone_from(&change.text),
        Some(range) => {
            let map = PositionMap::new(text, enc);
            let (a, b) = (map.offset(range.start), map.offset(range.end));
            text.replace_range(a.min(b)..a.max(b), &change.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn edit(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn incremental_edits_use_the_negotiated_encoding() {
        // Replace "😀" (UTF-16 columns 3..5, UTF-8 bytes 7..11, chars 2..3) with "好".
        for (enc, start, end) in
            [(PositionEncoding::Utf16, 3, 5), (PositionEncoding::Utf8, 7, 11), (PositionEncoding::Utf32, 2, 3)]
        {
            let mut doc = Document::new("一\n𠀀村😀，\n".to_owned(), 1);
            doc.apply_changes(2, &[edit(1, start, 1, end, "好")], enc);
            assert_eq!(doc.text, "一\n𠀀村好，\n", "{enc:?}");
            assert_eq!(doc.version, 2);
        }
    }

    #[test]
    fn edits_apply_in_sequence_and_full_changes_replace() {
        let mut doc = Document::new("甲乙".to_owned(), 1);
        doc.apply_changes(2, &[edit(0, 0, 0, 0, "𠀀\n"), edit(1, 2, 1, 2, "丙")], PositionEncoding::Utf16);
        assert_eq!(doc.text, "𠀀\n甲乙丙");
        let full = TextDocumentContentChangeEvent { range: None, range_length: None, text: "新".to_owned() };
        doc.apply_changes(3, &[full], PositionEncoding::Utf16);
        assert_eq!(doc.text, "新");
    }
}
