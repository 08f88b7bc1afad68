//! Report text made safe for a terminal. A report (or its file name) may hold control
//! characters: `\x1b[31m` would recolour or rewrite the user's terminal, `\x07` rings it, a
//! lone `\r` overwrites the line already printed. The `pretty` renderer and the summary show
//! each control character as one visible character instead: C0 controls as their Unicode
//! Control Picture (`\x1b` → `␛`, `\x07` → `␇`), DEL as `␡`, C1 controls as `�`.
//!
//! One character for one: character columns stay those of the file, so the header, the
//! gutter and the underlines still point at the right place. Only the byte offsets move,
//! and [`Visible`] maps them.

use std::borrow::Cow;

/// The visible stand-in for a character that must not reach a terminal, `None` for the
/// others. Tabs and line feeds are kept (miette lays them out); a lone `\r` is handled by
/// [`Visible`], which knows what follows it.
fn stand_in(c: char) -> Option<char> {
    match c {
        '\t' | '\n' => None,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// A message, label, help text or path with its control characters shown, on one line or
/// several (`\n` kept, `\r` shown).
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c == '\r' || stand_in(c).is_some()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| if c == '\r' { '␍' } else { stand_in(c).unwrap_or(c) }).collect())
}

/// A report's text as shown, and the map from its byte offsets to the original's.
pub struct Visible<'a> {
    pub text: Cow<'a, str>,
    /// (original offset just after a replaced character, bytes added up to there), sorted.
    shifts: Vec<(usize, usize)>,
}

impl<'a> Visible<'a> {
    pub fn new(original: &'a str) -> Self {
        let needs = |c: char| c == '\r' || stand_in(c).is_some();
        if !original.chars().any(needs) {
            return Visible { text: Cow::Borrowed(original), shifts: Vec::new() };
        }
        let mut text = String::with_capacity(original.len() + 16);
        let mut shifts = Vec::new();
        let mut chars = original.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            // A lone `\r` ends a line for jxlint's line numbers (`LineIndex`); shown as a
            // line break it keeps them, and it cannot move the cursor back.
            let shown = match c {
                '\r' if chars.peek().is_some_and(|&(_, n)| n == '\n') => c,
                '\r' => '\n',
                _ => stand_in(c).unwrap_or(c),
            };
            text.push(shown);
            if shown.len_utf8() != c.len_utf8() {
                // Stand-ins are never shorter than what they stand for.
                let end = i + c.len_utf8();
                shifts.push((end, text.len() - end));
            }
        }
        Visible { text: Cow::Owned(text), shifts }
    }

    /// The offset in [`Visible::text`] of an original offset (on a char boundary).
    pub fn offset(&self, original: usize) -> usize {
        let before = self.shifts.partition_point(|&(end, _)| end <= original);
        original + before.checked_sub(1).map_or(0, |i| self.shifts[i].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_one_visible_character_each() {
        assert_eq!(escape("红\x1b[31m字\x07"), "红␛[31m字␇");
        assert_eq!(escape("a\u{7f}\u{9b}b\r\nc\td"), "a␡�b␍\nc\td");
        assert!(matches!(escape("普通文字\n第二行"), Cow::Borrowed(_)));
    }

    #[test]
    fn offsets_follow_the_longer_stand_ins() {
        let original = "甲\x1b[31m乙\u{9b}丙\r丁\r\n";
        let v = Visible::new(original);
        assert_eq!(v.text, "甲␛[31m乙�丙\n丁\r\n");
        for (orig, c) in original.char_indices() {
            let shown = &v.text[v.offset(orig)..];
            match c {
                '\x1b' => assert!(shown.starts_with('␛')),
                '\u{9b}' => assert!(shown.starts_with('�')),
                '\r' if orig == 16 => assert!(shown.starts_with('\n')),
                _ => assert!(shown.starts_with(c), "{orig} {c:?}"),
            }
        }
        assert_eq!(v.offset(original.len()), v.text.len());
        assert_eq!(Visible::new("无控制字符").offset(6), 6);
    }
}
