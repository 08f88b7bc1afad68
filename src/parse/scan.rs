//! The fast path through the grammar: splits lines and skips plain text by hand, and runs
//! pest only where the grammar could match something other than `plain`.
//!
//! Invariant: the model built this way is the model the grammar's `report` rule yields (the
//! reference parse in [`super::build::build_reference`]); `tests.rs` and the property tests
//! compare both on fixtures and random text. Everything here only decides *where* to call
//! the grammar, never *what* matches.

use super::model::Span;
use super::number_token::is_digit;

/// Line spans without their terminators, as `report = (line ~ eol)* ~ line` splits them:
/// at `\r\n`, `\n` or a lone `\r`, and always a last (maybe empty) line.
pub fn lines(src: &str) -> impl Iterator<Item = Span> + '_ {
    lines_and_next(src).map(|(line, _)| line)
}

/// Each line (as [`lines`]) with the start of the line after it (`None` for the last).
/// The one place that decides where lines end: the parser and `diagnostics::LineIndex`
/// both split here.
pub fn lines_and_next(src: &str) -> impl Iterator<Item = (Span, Option<usize>)> + '_ {
    let bytes = src.as_bytes();
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let s = start?;
        match memchr::memchr2(b'\n', b'\r', &bytes[s..]) {
            Some(i) => {
                let end = s + i;
                let next = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') { end + 2 } else { end + 1 };
                start = Some(next);
                Some((s..end, Some(next)))
            }
            None => {
                start = None;
                Some((s..src.len(), None))
            }
        }
    })
}

/// Whether a token of the grammar could begin with `c`: the `token_start` rule of
/// `grammar/report.pest`, which `tests.rs` checks against this over every code point.
/// Characters outside it are always `plain`, so the scanner steps over them.
pub fn is_token_start(c: char) -> bool {
    // A bit per BMP code point: this runs on every character of every report.
    let u = c as u32;
    u < 0x10000 && TOKEN_START[(u >> 6) as usize] & (1 << (u & 63)) != 0
}

const TOKEN_START_CHARS: &str =
    "0123456789０１２３４５６７８９零〇一二两三四五六七八九十百千万[错{Xx×*＊某≥≤><＞＜＝=不";

static TOKEN_START: [u64; 1024] = {
    let mut bits = [0u64; 1024];
    let s = TOKEN_START_CHARS.as_bytes();
    let mut i = 0;
    while i < s.len() {
        // Decode one UTF-8 character (all of them are in the BMP: at most three bytes).
        let (u, len) = match s[i] {
            b if b < 0x80 => (b as u32, 1),
            b if b < 0xE0 => (((b as u32 & 0x1F) << 6) | (s[i + 1] as u32 & 0x3F), 2),
            b => (((b as u32 & 0x0F) << 12) | ((s[i + 1] as u32 & 0x3F) << 6) | (s[i + 2] as u32 & 0x3F), 3),
        };
        bits[(u >> 6) as usize] |= 1 << (u & 63);
        i += len;
    }
    bits
};

/// The grammar's `indent` characters.
pub const INDENT: [char; 4] = [' ', '\t', '\u{3000}', '\u{a0}'];

/// Whether `line_head` could match more than indentation on a line that reads `rest`
/// after its indentation: a Markdown prefix or a heading mark could begin there. Most body
/// lines cannot, and skipping pest there spares a call that tries eight heading styles.
/// Judged from the first character, and for the marks that begin with digits or Chinese
/// ordinals (`1、` `1.1` `一、`) from the run of them and the character after it, the way the
/// grammar's greedy repetitions read it; `tests.rs` checks this against the grammar.
pub fn may_start_heading(rest: &str) -> bool {
    let Some(c) = rest.chars().next() else { return false };
    if is_digit(c) {
        // `mark_decimal` and `mark_arabic_comma`: `digit{1,3}`, then a point or 、.
        return rest[run_len(rest, is_digit, 3)..].starts_with(['.', '．', '、']);
    }
    if CN_ORDINAL.contains(c) {
        // `mark_cn_comma`: `cn_ordinal_char{1,4}`, then 、 or a point.
        return rest[run_len(rest, |c| CN_ORDINAL.contains(c), 4)..].starts_with(['、', '．', '.']);
    }
    matches!(c, '#' | '*' | '第' | '（' | '(' | '㈠'..='㈩' | '①'..='⑳')
}

/// Byte length of the run of at most `max` characters satisfying `pred` at the start of
/// `s`: the grammar's bounded repetitions (`digit{1,3}`, `cn_ordinal_char{1,4}`) are greedy
/// and never give back, so the hand-written readers measure runs the same way.
pub fn run_len(s: &str, pred: impl Fn(char) -> bool, max: usize) -> usize {
    s.chars().take(max).take_while(|&c| pred(c)).map(char::len_utf8).sum()
}

/// The grammar's `cn_ordinal_char`.
pub const CN_ORDINAL: &str = "一二三四五六七八九十〇零";
/// The grammar's `cn_numeral_char`.
const CN_NUMERAL: &str = "零〇一二两三四五六七八九十百千万";

/// Whether a token could match at `at` (a [`candidates`] offset), judged from the next few
/// characters where that is cheap and certain; `true` when in doubt.
///
/// Chinese numerals are the commonest candidates (一般, 进一步, 万元 after a number) and
/// rarely tokens: `cn_quantity` needs `百分之` or a numeral run followed by a measure word
/// in `count_words`. `不` starts a token only as 不低于/不少于/不高于/不超过/不大于/不小于.
pub fn may_start_token(text: &str, at: usize, count_words: &[&str]) -> bool {
    let rest = &text[at..];
    let mut chars = rest.chars();
    match chars.next() {
        Some('不') => matches!(chars.next(), Some('低' | '少' | '高' | '超' | '大' | '小')),
        Some(c) if CN_NUMERAL.contains(c) => {
            if rest.starts_with("百分之") {
                return true;
            }
            let after = rest.trim_start_matches(|c| CN_NUMERAL.contains(c));
            count_words.iter().any(|w| after.starts_with(w))
        }
        _ => true,
    }
}

/// Byte offsets, within `text`, of the characters where a token could begin.
pub fn candidates(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.char_indices().filter(|&(_, c)| is_token_start(c)).map(|(i, _)| i)
}
