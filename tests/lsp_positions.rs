//! Property tests for the LSP position mapping: on random text mixing ASCII, Chinese,
//! astral-plane characters, emoji and line breaks, byte offsets ↔ UTF-8 / UTF-16 / UTF-32
//! positions round-trip, and agree with the columns the CLI prints.

use jxlint::diagnostics::LineIndex;
use jxlint::lsp::encoding::{PositionEncoding, PositionMap};
use proptest::prelude::*;

const ENCODINGS: [PositionEncoding; 3] = [PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ,.;:%]{1,4}",
        "[\u{4e00}-\u{9fa5}，。、；：（）]{1,4}",
        "[\u{20000}-\u{2a6df}]{1,2}",
        "[\u{1f300}-\u{1f64f}]{1,2}",
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\r".to_owned()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|p| p.concat())
}

/// Offsets between "\r" and "\n" are inside a line break: no position names them.
fn inside_crlf(text: &str, offset: usize) -> bool {
    offset > 0 && text.as_bytes()[offset - 1] == b'\r' && text.as_bytes().get(offset) == Some(&b'\n')
}

proptest! {
    #[test]
    fn byte_offsets_round_trip_through_every_encoding(text in text()) {
        let index = LineIndex::new(&text);
        for offset in (0..=text.len()).filter(|o| text.is_char_boundary(*o) && !inside_crlf(&text, *o)) {
            let cli = index.position(offset);
            for enc in ENCODINGS {
                let map = PositionMap::new(&text, enc);
                let pos = map.position(offset);
                prop_assert_eq!(map.offset(pos), offset, "{:?} at {:?}", enc, pos);
                prop_assert_eq!(pos.line as usize, cli.line - 1);
                let line_start = index.line_start(cli.line - 1);
                let expected = match enc {
                    PositionEncoding::Utf8 => offset - line_start,
                    PositionEncoding::Utf16 => cli.utf16_column - 1,
                    PositionEncoding::Utf32 => cli.column - 1,
                };
                prop_assert_eq!(pos.character as usize, expected, "{:?}", enc);
            }
        }
    }

    #[test]
    fn utf16_and_utf32_positions_convert_into_each_other(text in text()) {
        let utf16 = PositionMap::new(&text, PositionEncoding::Utf16);
        let utf32 = PositionMap::new(&text, PositionEncoding::Utf32);
        for offset in (0..=text.len()).filter(|o| text.is_char_boundary(*o) && !inside_crlf(&text, *o)) {
            let p16 = utf16.position(offset);
            let p32 = utf32.position(offset);
            prop_assert_eq!(utf32.position(utf16.offset(p16)), p32);
            prop_assert_eq!(utf16.position(utf32.offset(p32)), p16);
        }
    }

    /// Any position a client may send, however wrong, becomes a char boundary in the text.
    #[test]
    fn arbitrary_positions_land_on_char_boundaries(text in text(), line in 0u32..50, character in 0u32..200) {
        for enc in ENCODINGS {
            let offset = PositionMap::new(&text, enc).offset(lsp_types::Position { line, character });
            prop_assert!(offset <= text.len() && text.is_char_boundary(offset));
        }
    }
}
