//! Text hard-wrapped at a fixed width (copied out of a PDF): every full line of a paragraph
//! ends mid-clause, often mid-word or mid-number (`涉及资` / `金386.00万元`, `疾病应急救助1` /
//! `13.95万元`). Such a report is read with its wrapped lines joined, and every position
//! found in the joined text is mapped back to the text as loaded.
//!
//! A report is wrapped when at least [`MIN_FULL_LINES`] lines share one length of at least
//! [`MIN_WIDTH`] characters and end without a sentence or clause mark: prose written by a
//! person ends its paragraphs with 。, and lines of one length that do not are a wrapper's.
//! A full line (that length, or one less where a wide character did not fit) is joined to
//! the next when it does not end a sentence and the next line goes on the paragraph: not
//! blank, not a table row, not a heading (an arabic mark only counts as one after a line
//! that does not end in a digit, so `…救助1` / `13.95万元` is one number).

use super::heading_mark;

/// The fewest lines of one length that make a report wrapped.
const MIN_FULL_LINES: usize = 3;
/// The narrowest width a wrapper is believed to use.
const MIN_WIDTH: usize = 16;

/// Marks a line a person ends a paragraph or a clause with: a line ending in one is not a
/// wrapped line.
const ENDS: &[char] = &['。', '！', '？', '；', '：', '，', '、', '.', '!', '?', ';', ':', '|', '”', '）', ')'];

/// The joined text and where its joins are.
#[derive(Debug, Clone)]
pub struct Unwrapped {
    pub text: String,
    pub joins: Joins,
}

/// The line breaks removed, as offsets in the joined text (ascending) with the number of
/// bytes removed there (1 for `\n`, 2 for `\r\n`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Joins {
    at: Vec<usize>,
    /// Bytes removed at or before each join, cumulatively.
    removed: Vec<usize>,
}

impl Joins {
    /// The offset in the loaded text of a span starting at `offset` of the joined text: a
    /// span starting at a join starts after the removed break.
    pub fn start(&self, offset: usize) -> usize {
        offset + self.removed_through(self.at.partition_point(|&a| a <= offset))
    }

    /// The offset in the loaded text of a span ending at `offset`: a span ending at a join
    /// ends before the removed break.
    pub fn end(&self, offset: usize) -> usize {
        offset + self.removed_through(self.at.partition_point(|&a| a < offset))
    }

    /// Whether a join lies strictly inside `start..end` (a span spanning two loaded lines).
    pub fn crosses(&self, start: usize, end: usize) -> bool {
        let i = self.at.partition_point(|&a| a <= start);
        self.at.get(i).is_some_and(|&a| a < end)
    }

    /// How many line breaks were removed.
    pub fn len(&self) -> usize {
        self.at.len()
    }

    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    fn removed_through(&self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            self.removed[n - 1]
        }
    }
}

/// The text with its wrapped lines joined, when it is hard-wrapped; `None` otherwise (the
/// common case, decided in one pass that counts characters only of lines not ending in a mark).
pub fn unwrap(text: &str) -> Option<Unwrapped> {
    let width = wrap_width(text)?;
    let mut out = String::with_capacity(text.len());
    let mut joins = Joins::default();
    let mut removed = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let body = line.trim_end_matches(['\n', '\r']);
        let brk = &line[body.len()..];
        let join = !brk.is_empty() && lines.peek().is_some_and(|next| wrapped(body, next, width));
        out.push_str(body);
        if join {
            removed += brk.len();
            joins.at.push(out.len());
            joins.removed.push(removed);
        } else {
            out.push_str(brk);
        }
    }
    Some(Unwrapped { text: out, joins })
}

/// The length most lines ending without a mark share, if enough do.
fn wrap_width(text: &str) -> Option<usize> {
    type Counts = std::collections::HashMap<usize, usize>;
    let count = |piece: &str| {
        let mut counts = Counts::new();
        for line in piece.lines() {
            let line = line.trim_end_matches('\r');
            if line.ends_with(ENDS) || line.contains(['|', '\t']) || line.contains("  ") {
                continue;
            }
            let n = line.chars().count();
            if n >= MIN_WIDTH {
                *counts.entry(n).or_default() += 1;
            }
        }
        counts
    };
    // Every check of a long report reads this first, alone on one thread: the lengths are
    // counted in pieces of whole lines, on all threads, and the counts added.
    let counts = if text.len() >= super::PARALLEL_BYTES {
        use rayon::prelude::*;
        let add = |mut a: Counts, b: Counts| {
            for (n, c) in b {
                *a.entry(n).or_default() += c;
            }
            a
        };
        crate::util::pieces::lines(text, crate::util::pieces::for_threads())
            .into_par_iter()
            .map(count)
            .reduce(Counts::new, add)
    } else {
        count(text)
    };
    let (&width, &lines) = counts.iter().max_by_key(|&(&w, &c)| (c, w))?;
    (lines >= MIN_FULL_LINES).then_some(width)
}

/// Whether `line` (without its break) is a full line the wrapper broke, continued by `next`.
fn wrapped(line: &str, next: &str, width: usize) -> bool {
    let n = line.chars().count();
    if !(n == width || n + 1 == width) || line.ends_with(['。', '！', '？', '：', ':', '|']) || line.contains('\t')
    {
        return false;
    }
    let next = next.trim_end_matches(['\n', '\r']);
    if next.trim().is_empty() || next.contains(['|', '\t']) {
        return false;
    }
    !starts_heading(next) || {
        // `13.95万元` after `…救助1`: the rest of a number, not a heading 13.
        line.ends_with(|c: char| c.is_ascii_digit() || c == '.') && next.starts_with(|c: char| c.is_ascii_digit())
    }
}

/// Whether `line` opens with a heading mark (`一、`, `（一）`, `1.`, `第一部分`, `#`).
fn starts_heading(line: &str) -> bool {
    match heading_mark::match_line_head(line) {
        Some(head) => head.heading.is_some(),
        // The marks the grammar reads alone: Markdown, `第一部分`/`第二章`, `㈠`.
        None => {
            let rest = line.trim_start_matches(super::scan::INDENT);
            let ordinal =
                rest.strip_prefix('第').map(|r| r.trim_start_matches(|c| super::scan::CN_ORDINAL.contains(c)));
            rest.starts_with(['#', '*', '㈠', '㈡', '㈢', '㈣', '㈤', '㈥', '㈦', '㈧', '㈨', '㈩'])
                || ordinal.is_some_and(|r| r.len() < rest.len() - '第'.len_utf8() && r.starts_with(['部', '章', '节']))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRAPPED: &str = "三、评价结果\n县财政局委托第三方机构对十二个重点项目开展评价，涉\n及资金六千万元。其中评价等级为优的项目五个，涉及资\n金三千万元；评价等级为良的项目七个，涉及资金二千九\n百万元，共计五千九百万元，余款已拨付到项目单位手中\n。\n四、结果应用\n";

    #[test]
    fn a_long_text_is_measured_in_pieces_as_in_one_pass() {
        // Past the size read in pieces: the wrapped paragraph's 25-character lines outnumber
        // the 18-character ones when it is repeated often enough, and not otherwise.
        let other = "本单位全年共实施项目十二个并全部完成\n"; // 18 characters, no end mark
        let long = |wrapped: usize, others: usize| {
            let filler = "。\n".repeat(crate::parse::PARALLEL_BYTES / 4);
            [filler, WRAPPED.repeat(wrapped), other.repeat(others)].concat()
        };
        assert_eq!(wrap_width(&long(100, 50)), Some(25));
        assert_eq!(wrap_width(&long(10, 100)), Some(18));
    }

    #[test]
    fn joins_the_lines_of_a_wrapped_paragraph_and_maps_back() {
        let u = unwrap(WRAPPED).expect("wrapped");
        assert_eq!(
            u.text,
            "三、评价结果\n县财政局委托第三方机构对十二个重点项目开展评价，涉及资金六千万元。其中评价等级为优的项目五个，涉及资金三千万元；评价等级为良的项目七个，涉及资金二千九百万元，共计五千九百万元，余款已拨付到项目单位手中。\n四、结果应用\n"
        );
        // `涉及资金` in the joined text is `涉\n及资金` in the loaded one.
        let at = u.text.find("涉及资金").unwrap();
        let (s, e) = (u.joins.start(at), u.joins.end(at + "涉及资金".len()));
        assert_eq!(&WRAPPED[s..e], "涉\n及资金");
        assert!(u.joins.crosses(at, at + "涉及资金".len()));
        // A span starting right at a join starts after the break; one ending there ends before it.
        let j = u.text.find("及资金六").unwrap();
        assert_eq!(&WRAPPED[u.joins.start(j)..u.joins.start(j) + 3], "及");
        assert_eq!(&WRAPPED[u.joins.end(j) - 3..u.joins.end(j)], "涉");
        assert!(!u.joins.crosses(j, j + 3));
    }

    #[test]
    fn a_number_split_by_the_wrap_is_one_number() {
        let text = "具体为城乡医疗救助七百三十四万元、疾病应急救助1\n13.95万元，均未列入年初预算，由年中追加安排\n解决。各项目单位在规定期限内完成了支付工作，资金\n使用情况良好。\n使用情况良好。\n";
        let u = unwrap(text).expect("wrapped");
        assert!(u.text.contains("疾病应急救助113.95万元"), "{}", u.text);
        let at = u.text.find("113.95").unwrap();
        assert_eq!(&text[u.joins.start(at)..u.joins.end(at + 6)], "1\n13.95");
    }

    #[test]
    fn prose_that_ends_its_paragraphs_is_left_alone() {
        let text = "一、基本情况\n本单位全年预算一千二百万元，实际支出一千一百万元。\n二、绩效目标\n全年完成培训任务三千人次，群众满意度达到预期目标。\n";
        assert!(unwrap(text).is_none());
        // Equal-length headings or table rows are not a wrapper's lines.
        let rows = "| 项目名称 | 预算数 | 执行数 | 执行率 |\n| 道路养护 | 100.00 | 95.00 | 95.00% |\n| 绿化管护 | 100.00 | 95.00 | 95.00% |\n| 环卫保洁 | 100.00 | 95.00 | 95.00% |\n";
        assert!(unwrap(rows).is_none());
    }

    #[test]
    fn headings_and_blank_lines_are_never_joined() {
        let text = "县财政局委托第三方机构对十二个重点项目开展了评价工作\n二、结果应用\n县财政局委托第三方机构对十二个重点项目开展了评价工作\n\n县财政局委托第三方机构对十二个重点项目开展了评价工作\n（一）整改情况\n";
        let u = unwrap(text).expect("three lines of one length");
        assert_eq!(u.text, text);
        assert_eq!(u.joins, Joins::default());
    }
}
