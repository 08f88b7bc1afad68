//! From the lines of each page to the text a reader reads: running headers and footers
//! (the same line at the top or bottom of most pages) and page numbers (`—17—`, `- 3 -`,
//! `第 3 页 共 9 页`, `3/9`, a bare number) dropped; hard-wrapped lines joined where the
//! line before was cut at the right margin in the middle of a sentence, a number or a
//! unit (`343.` + `82万元`). Short lines (headings, table cells flattened one per line) are
//! never joined, so tables keep the flattened form the table reader understands.
//! Every piece of the output keeps its page and line.

use crate::load::place::{Place, PlaceMap};
use std::collections::HashMap;
use unicode_width::UnicodeWidthStr;

/// Lines at each edge of a page that may be a running header, footer or page number.
const EDGE: usize = 2;

/// A line as extracted: page and line within the page, both 1-based.
#[derive(Debug, Clone)]
struct Line {
    page: u32,
    line: u32,
    text: String,
}

/// Lays out `pages` (one string per page, lines separated by `\n`) into `text`, recording
/// places in `map`.
pub fn lay_out(pages: &[String], text: &mut String, map: &mut PlaceMap) {
    let pages: Vec<Vec<Line>> = pages
        .iter()
        .enumerate()
        .map(|(p, s)| {
            s.lines()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty())
                .enumerate()
                .map(|(i, l)| Line { page: p as u32 + 1, line: i as u32 + 1, text: l.to_owned() })
                .collect()
        })
        .collect();
    let running = running_lines(&pages);
    let mut kept: Vec<Line> = Vec::new();
    for page in &pages {
        let n = page.len();
        // Each running line once per page: a title that repeats the running header just
        // below it on the first page is the title.
        let mut dropped: Vec<(Edge, String)> = Vec::new();
        for (i, l) in page.iter().enumerate() {
            let at_edge = i < EDGE || i + EDGE >= n;
            let key = (edge_of(i, n), shape(&l.text));
            let running_here = running.contains_key(&key) && !dropped.contains(&key);
            if at_edge && (is_page_number(&l.text) || running_here) {
                map.dropped_lines += 1;
                dropped.push(key);
                continue;
            }
            kept.push(l.clone());
        }
    }
    // The right margin: the widest prose line of the document (the text column is the same
    // on every page; rows of a flattened table, cells apart by tabs, do not count).
    let width = kept.iter().filter(|l| !l.text.contains('\t')).map(|l| l.text.width()).max().unwrap_or(0);
    let mut prev: Option<&Line> = None;
    for l in &kept {
        let join = prev.is_some_and(|p| continues(&p.text, width, &l.text));
        if join {
            map.joined_lines += 1;
            if needs_space(prev.map_or("", |p| p.text.as_str()), &l.text) {
                text.push(' ');
            }
        } else if prev.is_some() {
            text.push('\n');
        }
        let start = text.len();
        text.push_str(&l.text);
        map.push(start..text.len(), Place::Page { page: l.page, line: l.line });
        prev = Some(l);
    }
    if prev.is_some() {
        text.push('\n');
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Edge {
    Top,
    Bottom,
}

/// Which edge a line is at; on a short page a line in both zones is at the nearer one.
fn edge_of(i: usize, n: usize) -> Edge {
    if i < EDGE && !(i + EDGE >= n && n - i <= i + 1) {
        Edge::Top
    } else {
        Edge::Bottom
    }
}

/// A line's shape for repetition: digits stand for any number, so `第3页` and `第4页`, or
/// `2024年度…报告 3` and `… 4`, are the same running line.
fn shape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_digits = false;
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            out.push(c);
            in_digits = false;
        }
    }
    out
}

/// Lines at the same edge with the same shape on most pages (at least 2, and 60% of the
/// pages when there are more than 2).
fn running_lines(pages: &[Vec<Line>]) -> HashMap<(Edge, String), usize> {
    let mut counts: HashMap<(Edge, String), usize> = HashMap::new();
    for page in pages {
        let n = page.len();
        let mut seen = Vec::new();
        for (i, l) in page.iter().enumerate() {
            if i < EDGE || i + EDGE >= n {
                let key = (edge_of(i, n), shape(&l.text));
                if !seen.contains(&key) {
                    seen.push(key.clone());
                    *counts.entry(key).or_default() += 1;
                }
            }
        }
    }
    let need = (pages.len() * 3).div_ceil(5).max(2);
    counts.retain(|_, c| *c >= need);
    counts
}

/// `—17—`, `- 3 -`, `第 3 页 共 9 页`, `第3页/共9页`, `3/9`, `Page 3 of 9`, `17`.
fn is_page_number(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let dashes = |c: char| matches!(c, '-' | '—' | '–' | '－' | '─' | '~' | '·' | '•');
    let core = t.trim_matches(dashes);
    let digits = |s: &str| !s.is_empty() && s.len() <= 5 && s.chars().all(|c| c.is_ascii_digit());
    if digits(core) {
        return true;
    }
    if let Some((a, b)) = core.split_once('/') {
        if digits(a) && digits(b) {
            return true;
        }
    }
    let lower = core.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        return rest.split("of").all(digits);
    }
    // 第3页 / 第3页共9页 / 第3页,共9页
    if let Some(rest) = core.strip_prefix('第') {
        if let Some((n, rest)) = rest.split_once('页') {
            let rest = rest.trim_matches(|c| matches!(c, ',' | '，' | '/' | '、'));
            let total_ok =
                rest.is_empty() || rest.strip_prefix('共').and_then(|r| r.strip_suffix('页')).is_some_and(digits);
            return digits(n) && total_ok;
        }
    }
    false
}

/// Whether `next` continues `prev`, cut at the right margin (`width` is the page's widest
/// prose line): `prev` fills the line, does not end a sentence, and `next` does not start a
/// heading, a list item or a table row.
fn continues(prev: &str, width: usize, next: &str) -> bool {
    if width < 20 || prev.width() * 10 < width * 8 {
        return false;
    }
    let Some(last) = prev.chars().last() else { return false };
    if matches!(last, '。' | '！' | '？' | '；' | '：' | '!' | '?' | ';' | ':' | '”' | '）' | ')' | '|' | '…')
    {
        return false;
    }
    if prev.contains(['|', '\t']) || next.contains(['|', '\t']) || starts_heading(next) {
        return false;
    }
    true
}

fn starts_heading(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else { return false };
    let second = chars.next();
    match first {
        '（' | '(' => true,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' => {
            matches!(second, Some('、' | '是'))
        }
        '第' => s.contains('章') || s.contains("部分") || s.contains('节'),
        '①'..='⑳' => true,
        c if c.is_ascii_digit() => {
            let head: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
            let after = s[head.len()..].chars().next();
            // `1、` `1.` followed by text, but not `343.82`.
            matches!(after, Some('、'))
                || (after == Some('.') && !s[head.len() + 1..].starts_with(|c: char| c.is_ascii_digit()))
        }
        _ => false,
    }
}

fn needs_space(prev: &str, next: &str) -> bool {
    let a = prev.chars().last().is_some_and(|c| c.is_ascii_alphabetic());
    let b = next.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    a && b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::place::Source;

    fn run(pages: &[&str]) -> (String, PlaceMap) {
        let pages: Vec<String> = pages.iter().map(|s| s.to_string()).collect();
        let mut text = String::new();
        let mut map = PlaceMap::new(Source::Pdf);
        lay_out(&pages, &mut text, &mut map);
        (text, map)
    }

    #[test]
    fn page_numbers_in_their_usual_forms() {
        for s in ["—17—", "- 3 -", "第 3 页 共 9 页", "第3页，共9页", "3/9", "Page 3 of 9", "12", "－ 2 －"]
        {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["2024年", "一、项目概况", "100%", "第三部分", "343.82万元"] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn running_headers_footers_and_numbers_go_wrapped_lines_join() {
        let header = "某区财政局2024年度项目支出绩效自评报告";
        let p1 = format!(
            "{header}\n一、项目基本情况\n本项目由区农业农村局组织实施，全年预算资金共计343.\n82万元，主要用于道路硬化。\n—1—"
        );
        let p2 = format!("{header}\n二、绩效目标完成情况\n完成道路硬化12公里。\n—2—");
        let p3 = format!("{header}\n三、存在的问题\n无。\n—3—");
        let (text, map) = run(&[&p1, &p2, &p3]);
        assert_eq!(
            text,
            "一、项目基本情况\n本项目由区农业农村局组织实施，全年预算资金共计343.82万元，主要用于道路硬化。\n二、绩效目标完成情况\n完成道路硬化12公里。\n三、存在的问题\n无。\n"
        );
        assert_eq!((map.dropped_lines, map.joined_lines), (6, 1));
        let at = |needle: &str| map.place_at(text.find(needle).unwrap()).map(|p| map.concise(p));
        assert_eq!(at("82万元").as_deref(), Some("第1页:4"));
        assert_eq!(at("本项目").as_deref(), Some("第1页:3"));
        assert_eq!(at("完成道路").as_deref(), Some("第2页:3"));
    }

    #[test]
    fn short_lines_and_headings_are_not_joined() {
        let (text, map) = run(&["项目名称\n乡村道路\n预算数\n120.50\n（一）项目概况\n本项目"]);
        assert_eq!(text, "项目名称\n乡村道路\n预算数\n120.50\n（一）项目概况\n本项目\n");
        assert_eq!(map.joined_lines, 0);
    }

    #[test]
    fn a_single_page_has_no_running_lines_but_loses_its_number() {
        let (text, _) = run(&["标题\n正文。\n1"]);
        assert_eq!(text, "标题\n正文。\n");
    }
}
