//! Traditional characters read as simplified (`萬元` as `万元`, `預算執行率` as `预算执行率`),
//! so that a report written in traditional characters is parsed, measured and checked by
//! the same grammar and vocabulary as any other.
//!
//! Invariant: the fold maps one character to one character of the same UTF-8 length (every
//! pair in the table is a three-byte BMP character), so every byte offset and span in the
//! folded text is the same in the text as loaded; diagnostics point into the original file.

use std::borrow::Cow;
use std::sync::LazyLock;

/// The text with traditional characters replaced by their simplified forms; borrowed when
/// it has none, which is the common case and costs one pass over the characters.
///
/// Only a text written in traditional characters is folded: a simplified report with a
/// stray variant (`與论`) keeps it, for the `typo` rule to point at.
pub fn simplified(text: &str) -> Cow<'_, str> {
    if !written_in_traditional(text) {
        return Cow::Borrowed(text);
    }
    let mut own: Cow<'_, str> = Cow::Borrowed(text);
    for (t, s) in EXTRA {
        if own.contains(*t) {
            own = Cow::Owned(own.replace(*t, s.encode_utf8(&mut [0; 4])));
        }
    }
    let folded = fast2s::convert(&own);
    // The table maps three-byte characters to three-byte characters; if a future table did
    // not, offsets would move, and reading the original is the safe failure.
    if folded.len() != text.len() || !same_boundaries(text, &folded) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(folded)
}

/// Whether traditional characters are the text's script rather than strays: at least one
/// in ten of its CJK characters (a traditional text has far more: 項 資 預 執 萬 … are one
/// in four or five of its characters) and at least three.
fn written_in_traditional(text: &str) -> bool {
    let count = |piece: &str| {
        let (mut cjk, mut traditional) = (0usize, 0usize);
        for c in piece.chars() {
            if ('\u{3400}'..='\u{9fff}').contains(&c) || ('\u{f900}'..='\u{faff}').contains(&c) {
                cjk += 1;
                traditional += usize::from(is_traditional(c));
            }
        }
        (cjk, traditional)
    };
    // Every check of a long report starts here, alone on one thread: counted in pieces.
    let (cjk, traditional) = if text.len() >= super::PARALLEL_BYTES {
        use rayon::prelude::*;
        crate::util::pieces::lines(text, crate::util::pieces::for_threads())
            .par_iter()
            .map(|p| count(p))
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    } else {
        count(text)
    };
    traditional >= 3 && traditional * 10 >= cjk
}

fn same_boundaries(a: &str, b: &str) -> bool {
    a.chars().zip(b.chars()).all(|(x, y)| x.len_utf8() == y.len_utf8())
}

/// The simplified form of one character (`預` → `预`), for matching words in a cell or a
/// label that may be written either way; the character itself when it has none.
pub fn simplify_char(c: char) -> char {
    if !is_traditional(c) {
        return c;
    }
    if let Some((_, s)) = EXTRA.iter().find(|(t, _)| *t == c) {
        return *s;
    }
    let mut buf = [0u8; 4];
    fast2s::convert(c.encode_utf8(&mut buf)).chars().next().unwrap_or(c)
}

/// Whether `c` has a different simplified form.
pub fn is_traditional(c: char) -> bool {
    let u = c as u32;
    // Every traditional character of the table is a CJK ideograph or compatibility ideograph
    // in the BMP; the bitmap is built once, by asking the table about each of them.
    if !(0x3400..0x10000).contains(&u) {
        return false;
    }
    TRADITIONAL[(u >> 6) as usize] & (1 << (u & 63)) != 0
}

/// Read before the table: forms it lacks (the Japanese 値 some spreadsheet fonts put for
/// 值) and the account sense of 帳 (帳戶, 帳目: 账), which the general table reads as 帐.
const EXTRA: &[(char, char)] = &[('値', '值'), ('帳', '账')];

static TRADITIONAL: LazyLock<Box<[u64; 1024]>> = LazyLock::new(|| {
    let mut bits = Box::new([0u64; 1024]);
    let mut buf = [0u8; 4];
    for u in 0x3400u32..0x10000 {
        let Some(c) = char::from_u32(u) else { continue };
        let s: &str = c.encode_utf8(&mut buf);
        if fast2s::convert(s) != s {
            bits[(u >> 6) as usize] |= 1 << (u & 63);
        }
    }
    for (t, _) in EXTRA {
        bits[(*t as u32 >> 6) as usize] |= 1 << (*t as u32 & 63);
    }
    bits
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_counted_in_pieces_as_in_one_pass() {
        // Past the size read in pieces; traditional just above and just below one in ten.
        let filler = "本单位项目资金执行良好，".repeat(crate::parse::PARALLEL_BYTES / 36 + 1);
        let some = |k: usize| format!("{filler}{}", "預".repeat(k));
        let han = filler.chars().filter(|c| *c != '，').count();
        assert!(written_in_traditional(&some(han / 9 + 1)));
        assert!(!written_in_traditional(&some(han / 11)));
    }

    #[test]
    fn folds_traditional_and_keeps_every_offset() {
        let t = "我單位共申報項目資金239.50萬元，預算執行率95.51%。";
        let s = simplified(t);
        assert_eq!(s, "我单位共申报项目资金239.50万元，预算执行率95.51%。");
        assert_eq!(s.len(), t.len());
        assert!(t.char_indices().map(|(i, _)| i).eq(s.char_indices().map(|(i, _)| i)));
    }

    #[test]
    fn every_character_of_the_old_word_tables_folds() {
        // The characters the column-name and role-word tables folded by hand before.
        let pairs = "個个値值備备價价億亿劃划務务區区單单執执報报場场學学實实審审專专帳账幣币復复應应戶户撥拨擔担數数於于業业標标權权歸归決决況况減减準准產产畫画療疗發发確确稱称節节約约級级結结經经維维編编縣县總总織织與与萬万蓋盖號号補补計计設设評评調调護护負负財财費费資资賬账購购轉转辦办農农進进運运達达鄉乡鎮镇長长門门開开際际險险項项預预額额餘余點点";
        let mut chars = pairs.chars();
        while let (Some(t), Some(s)) = (chars.next(), chars.next()) {
            assert_eq!(simplify_char(t), s, "{t}");
        }
        assert_eq!(simplify_char('预'), '预');
        assert_eq!(simplify_char('A'), 'A');
    }

    #[test]
    fn simplified_text_is_borrowed() {
        assert!(matches!(simplified("预算执行率95.51%，共12个项目。"), Cow::Borrowed(_)));
        // A stray variant in a simplified text is a typo to report, not the text's script.
        let stray = "统筹协调组织互联网宣传管理和與论引导工作，组织开展网上评论，指导推动网络评论队伍建设。";
        assert!(matches!(simplified(stray), Cow::Borrowed(_)));
        assert!(matches!(simplified(""), Cow::Borrowed(_)));
    }
}
