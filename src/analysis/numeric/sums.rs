//! Sums in prose: every stated total linked to the parts that should add up to it.
//!
//! Shapes read (the words are data, see [`SumVocab`]):
//! - a breakdown opened right after a total (`X，其中：A、B、C`, `X（包括A、B）`,
//!   `X，分别为A、B、C`, `X（A、B）`) or at the start of the next sentence
//!   (`X。其中：A、B。`, also when the parts follow on the next lines);
//! - parts closed by a total (`A、B，合计X`), in its sentence or the one before;
//! - a difference (`预算A，支出B，结余D`: `A = B + D`; `比上年A增加D`).
//!
//! The parts are the amounts of the total's unit class (money with money, the same count
//! word with counts) at the breakdown's bracket depth, in a bounded window that stops
//! where a new topic starts (a label with an end word such as 全年/实际, a closing total,
//! a new total with its own breakdown). Arithmetic then decides which of them belong: a
//! leading run (or, failing that, any subset) of the window that reproduces the total at
//! its precision is the breakdown; otherwise the whole window is, and the relation
//! records whether the text marks it complete (分别为, `三项` naming the part count, a
//! 其他 part, parts naming a known partition, a closing 合计).
//!
//! Work is linear: each total looks at most [`MAX_PARTS`] quantities ahead (or back),
//! and the subset search is over at most [`MAX_SUBSET`] of them.

use crate::analysis::relations::{Evidence, Label, Operand, Source, SumRelation};
use crate::parse::{Quantity, Report, Unit};
use regex::{Regex, RegexSet};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// The most parts one breakdown may have; the window stops there.
const MAX_PARTS: usize = 12;
/// Subsets are searched only in windows this short (2^10 sums at most).
const MAX_SUBSET: usize = 10;
/// How far into a clause its breakdown word is read (`按照市、区、镇三级5:3:2的比例分担`).
const WORD_CHARS: usize = 24;
/// How many lines after a breakdown word that ends its line the parts may run on.
const MAX_LIST_LINES: usize = 8;

/// The wording the sum finder reads, compiled from the `sum` rule's parameters.
#[derive(Debug, Clone)]
pub struct SumVocab {
    /// Words that open a breakdown right after a total (其中, 包括, 分别为).
    pub breakdown: RegexSet,
    /// Breakdown words after which the parts are the whole total (分别为).
    pub exhaustive: Option<RegexSet>,
    /// Labels of a total that closes a list of parts (合计, 共计).
    pub closing: Option<RegexSet>,
    /// Words in a label that start a new topic, ending a list of parts (全年, 实际).
    pub ends: Option<RegexSet>,
    /// Labels of a part that holds the rest (其他, 其余): the list is complete.
    pub rest: Option<RegexSet>,
    /// Words between the total and its parts that count them (`三项`, `两类`).
    pub counted: Option<Regex>,
    /// Known partitions: parts whose labels all name members of one are complete.
    pub partitions: Vec<RegexSet>,
    /// Labels of a difference that is the earlier amount minus the later (结余, 核减).
    pub decrease: Option<RegexSet>,
    /// Labels of a difference that is the later amount minus the earlier (超支, 增加).
    pub increase: Option<RegexSet>,
    /// Label words that mark the baseline of a comparison (比上年): the direction flips.
    pub baseline: Option<RegexSet>,
    /// Words that mark a breakdown as a selection (`主要包括`, `重点`, a list ending in `等`),
    /// read on the breakdown word and on the text after the last part.
    pub partial: Option<RegexSet>,
}

/// An operand for a quantity of the report.
/// (Its label is read from the report only when a message is built.)
pub fn operand(_report: &Report, q: &Quantity) -> Operand {
    Operand {
        span: q.number_span().start.min(q.span().start.max(q.number_span().start))..q.span().end,
        value: q.value,
        scale: q.scale(),
        magnitude: q.magnitude(),
        label: Label::text(&q.label()),
        exact: is_exact(q),
    }
}

/// A whole count is exact: 47 problems are 47, not a value rounded to 47.
pub fn is_exact(q: &Quantity) -> bool {
    q.unit.is_count() && q.scale() == 0
}

/// The unit class a total and its parts share: money, or one count word.
fn class(q: &Quantity) -> Option<Unit> {
    if q.in_range() || q.comparator().is_some() {
        return None;
    }
    match q.unit {
        Unit::Yuan => Some(q.unit),
        Unit::Count(w) => Some(Unit::Count(w.synonym())),
        _ => None,
    }
}

/// How far parts written at their precision may miss their total: half a unit in the last
/// written digit of each number. A whole number written beside decimals of the same unit
/// (`30万元` next to `29.99万元`) is exact: a writer who rounds items rounds them alike, so
/// the whole number is a round sum, not a rounded one. Counts are exact.
pub fn tolerance(total: &Operand, parts: &[&Operand]) -> Decimal {
    let all = || std::iter::once(total).chain(parts.iter().copied());
    let half = |o: &Operand| {
        // Whole counts and whole 元 are exact too: there is no finer unit they round.
        if o.scale == 0
            && (o.multiplier() == Decimal::ONE || all().any(|x| x.multiplier() == o.multiplier() && x.scale > 0))
        {
            return Decimal::ZERO;
        }
        o.half_unit()
    };
    all().map(half).sum()
}

/// Parts reproduce the total when they miss it by no more than their roundings.
pub(super) fn adds_up(total: &Quantity, parts: &[&Quantity]) -> bool {
    let sum: Decimal = parts.iter().map(|p| p.value).sum();
    let t = op(total);
    let ps: Vec<Operand> = parts.iter().map(|p| op(p)).collect();
    (sum - total.value).abs() <= tolerance(&t, &ps.iter().collect::<Vec<_>>())
}

/// The arithmetic part of an operand (no label), for tolerance checks.
fn op(q: &Quantity) -> Operand {
    Operand {
        span: q.span(),
        value: q.value,
        scale: q.scale(),
        magnitude: q.magnitude(),
        label: Label::default(),
        exact: is_exact(q),
    }
}

const SKIP: &[char] = &['，', ',', '：', ':', '（', '(', ' ', '\u{3000}', '；', ';', '。'];

/// The text from the end of quantity `i` to the next quantity (or the sentence end).
fn gap_after(report: &Report, i: usize) -> &str {
    let q = &report.quantities[i];
    let sentence_end = report.sentences.get(q.sentence()).map_or(q.span().end, |s| s.span().end).max(q.span().end);
    let end = report.quantities.get(i + 1).map_or(sentence_end, |n| n.span().start.min(sentence_end)).max(q.span().end);
    &report.text[q.span().end..end]
}

/// The first `n` characters of `s`.
fn head(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

fn matches(set: &Option<RegexSet>, s: &str) -> bool {
    set.as_ref().is_some_and(|r| r.is_match(s))
}

/// A breakdown opened right after quantity `i`: (the text from the word on, in brackets).
fn marker_after<'r>(report: &'r Report, i: usize, vocab: &SumVocab) -> Option<(&'r str, bool)> {
    let q = &report.quantities[i];
    let gap = gap_after(report, i);
    // A count names what it counts after it (`为88名残疾人提供培训，其中…`): the word may
    // follow that noun. Money names itself before the amount.
    let skip = q.noun().end.saturating_sub(q.span().end);
    let gap = match gap.get(skip..) {
        Some(rest) if q.unit.is_count() && skip > 0 => rest,
        _ => gap,
    };
    let gap = gap.split(['。', '！', '？']).next().unwrap_or("");
    let lead = skip_remark(gap.trim_start_matches(|c: char| SKIP.contains(&c) && !matches!(c, '（' | '(')));
    let trimmed = lead.trim_start_matches(SKIP);
    let paren = lead[..lead.len() - trimmed.len()].contains(['（', '(']);
    if vocab.breakdown.is_match(head(trimmed, WORD_CHARS)) {
        return Some((trimmed, paren));
    }
    // `X（A a、B b）`: brackets holding amounts of the same class are a breakdown too.
    let next = report.quantities.get(i + 1)?;
    (paren
        && trimmed.chars().count() <= 12
        && next.sentence() == q.sentence()
        && next.paren_depth == q.paren_depth + 1
        && class(next) == class(q))
    .then_some((trimmed, true))
}

/// How many quantities back a breakdown that names its total (`项目支出包括…`) looks for it.
const MAX_NAMED_BACK: usize = 40;

/// A breakdown whose sentence starts by naming its total instead of stating it
/// (`项目支出分别为：社区工作经费186.00万元；…`, a paragraph after `项目支出704.38万元`):
/// the total is the nearest earlier amount of the class whose label ends with that name.
/// Linked by wording alone, the relation is weak evidence.
fn named_breakdown(report: &Report, first: usize, c: Unit, vocab: &SumVocab, out: &mut Vec<SumRelation>) {
    let qs = &report.quantities;
    let q = &qs[first];
    let Some(s) = report.sentences.get(q.sentence()) else { return };
    let head_text = report.text.get(s.span().start..q.span().start).unwrap_or("");
    // The name and the word open the sentence: look no further than that (linear work).
    let head_text = &head_text[..head_text.char_indices().nth(24).map_or(head_text.len(), |(i, _)| i)];
    // The name is the clause right before the word: no number, no punctuation, 2–12 chars.
    let Some((at, name)) = head_text.char_indices().find_map(|(at, _)| {
        let before = head_text[..at].rsplit(['，', ',', '。', '：', ':', '；', ';', '）', ')']).next().unwrap_or("");
        let before = before.trim_start_matches(SKIP).trim();
        let n = before.chars().count();
        ((2..=12).contains(&n)
            && !before.contains(|c: char| c.is_ascii_digit() || c.is_whitespace())
            && vocab.breakdown.is_match(head(&head_text[at..], WORD_CHARS)))
        .then_some((at, before))
    }) else {
        return;
    };
    let word = &head_text[at..];
    let total = (first.saturating_sub(MAX_NAMED_BACK)..first).rev().find(|&t| {
        class(&qs[t]) == Some(c) && qs[t].paren_depth == 0 && report.slice(&qs[t].label()).trim_end().ends_with(name)
    });
    let Some(t) = total else { return };
    let window = parts_after(report, first, c, q.paren_depth, q.sentence(), vocab);
    breakdown(report, &[t], &window, word, Evidence::Weak, vocab, out);
}

/// How many amounts of the paragraph before a heading may be the total of a breakdown that
/// opens the section after it.
const MAX_TOTALS_BEFORE_HEADING: usize = 4;

/// A section whose first sentence opens with a breakdown word breaks down a total of the
/// paragraph before its heading: the totals are that paragraph's last amounts of the class,
/// and [`breakdown`] picks the one the parts reproduce or name. Weak evidence.
fn after_heading(report: &Report, first: usize, c: Unit, vocab: &SumVocab, out: &mut Vec<SumRelation>) {
    let qs = &report.quantities;
    let q = &qs[first];
    let line = q.line();
    let Some(s) = report.sentences.get(q.sentence()) else { return };
    let starts_line = report.lines.get(line).is_some_and(|l| l.content().start == s.span().start);
    if !starts_line || q.paren_depth != 0 || !sentence_opens_breakdown(report, first, vocab) {
        return;
    }
    // The line before is a heading, and the one before that the paragraph.
    let heading = line.checked_sub(1).and_then(|h| report.lines.get(h).map(|l| (h, l)));
    let Some((h, l)) = heading else { return };
    if !matches!(l.kind, crate::parse::LineKind::Heading(_)) || h == 0 {
        return;
    }
    let para = h - 1;
    if report.lines[para].kind != crate::parse::LineKind::Text {
        return;
    }
    let totals: Vec<usize> = (0..first)
        .rev()
        .take_while(|&k| qs[k].line() >= para)
        .filter(|&k| qs[k].line() == para && class(&qs[k]) == Some(c) && qs[k].paren_depth == 0)
        .take(MAX_TOTALS_BEFORE_HEADING)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if totals.is_empty() {
        return;
    }
    let window = parts_after(report, first, c, 0, q.sentence(), vocab);
    let word = report.text[s.span().start..].trim_start_matches(SKIP);
    breakdown(report, &totals, &window, word, Evidence::Weak, vocab, out);
}

/// `text` without a leading bracketed remark that holds no number (`（自收自支单位未计入），分为…`):
/// it qualifies the total, the breakdown word follows it.
fn skip_remark(text: &str) -> &str {
    let Some(inner) = text.strip_prefix(['（', '(']) else { return text };
    match inner.find(['）', ')']) {
        Some(close) if !inner[..close].contains(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) => {
            let after = &inner[close..];
            &after[after.chars().next().map_or(0, char::len_utf8)..]
        }
        _ => text,
    }
}

/// Whether the sentence holding quantity `i` starts with a breakdown word (`其中：…`).
fn sentence_opens_breakdown(report: &Report, i: usize, vocab: &SumVocab) -> bool {
    let q = &report.quantities[i];
    let Some(s) = report.sentences.get(q.sentence()) else { return false };
    let lead = report.text[s.span().start..q.span().start.max(s.span().start)].trim_start_matches(SKIP);
    vocab.breakdown.is_match(head(lead, WORD_CHARS))
}

/// Appends the sum relations stated in the report's prose, reading the quantities in
/// `pieces` pieces side by side (one on a short report): each quantity's sums are read from
/// the text around it alone, so the pieces' sums, in order, are those of one pass.
pub fn relations(report: &Report, vocab: &SumVocab, pieces: usize, out: &mut Vec<SumRelation>) {
    let parts = crate::util::pieces::ranges(report.quantities.len(), pieces);
    if parts.len() <= 1 {
        return relations_among(report, vocab, 0..report.quantities.len(), out);
    }
    use rayon::prelude::*;
    let found: Vec<Vec<SumRelation>> = parts
        .into_par_iter()
        .map(|r| {
            let mut found = Vec::new();
            relations_among(report, vocab, r, &mut found);
            found
        })
        .collect();
    out.reserve(found.iter().map(Vec::len).sum());
    for piece in found {
        out.extend(piece);
    }
}

/// The sums of the quantities `range` (each with its parts wherever they are).
fn relations_among(report: &Report, vocab: &SumVocab, range: std::ops::Range<usize>, out: &mut Vec<SumRelation>) {
    let qs = &report.quantities;
    for i in range {
        let Some(c) = class(&qs[i]) else { continue };
        // A total of nothing has no breakdown (`债券资金0万元；…。其中：…` is about another total).
        if qs[i].value.is_zero() {
            continue;
        }
        if let Some((word, paren)) = marker_after(report, i, vocab) {
            let depth = qs[i].paren_depth + u8::from(paren);
            let window = parts_after(report, i + 1, c, depth, qs[i].sentence(), vocab);
            // `编制42人，实有40人，其中行政编制12人，事业编制30人`: the word follows the nearest
            // total, but the parts may reproduce an earlier one of the sentence exactly.
            let parts: Vec<&Quantity> = window.iter().map(|&j| &qs[j]).collect();
            let earlier = totals_before(report, i, c);
            let reproduced = earlier.iter().rev().find(|&&t| t != i && !parts.is_empty() && adds_up(&qs[t], &parts));
            match reproduced {
                Some(&t) if !adds_up(&qs[i], &parts) => push(report, t, &window, true, Evidence::Strong, out),
                _ => breakdown(report, &[i], &window, word, Evidence::Strong, vocab, out),
            }
        } else if let Some(first) = opens_next_sentence(report, i, vocab) {
            // `X。其中：…`: the totals are the amounts of X's sentence before the word; not
            // the parts of a breakdown in it (`总投资A，其中甲a，乙b。按比例分担：…` is of A).
            let start = (0..i).rev().take(MAX_PARTS).take_while(|&k| qs[k].sentence() == qs[i].sentence()).last();
            let opened = start.and_then(|s| {
                (s..i).find(|&k| {
                    class(&qs[k]) == Some(c) && qs[k].paren_depth == 0 && marker_after(report, k, vocab).is_some()
                })
            });
            let totals = opened.map_or_else(|| totals_before(report, i, c), |k| vec![k]);
            let window = parts_after(report, first, c, qs[i].paren_depth, qs[i].sentence() + 1, vocab);
            let s = &report.sentences[qs[first].sentence()];
            let word = report.text[s.span().start..].trim_start_matches(SKIP);
            breakdown(report, &totals, &window, word, Evidence::Strong, vocab, out);
        }
        // The first amount of a sentence whose head names an earlier total before the word
        // (`项目支出分别为：A；B`): that total is broken down here.
        if i == 0 || qs[i - 1].sentence() != qs[i].sentence() {
            named_breakdown(report, i, c, vocab, out);
        }
        // The first of its class in a section that opens with 其中 (`二、自评结果` / `其中自评为
        // “优”的项目58个，财政资金…`): the totals are in the paragraph before the heading.
        if (0..i)
            .rev()
            .take(MAX_PARTS)
            .take_while(|&k| qs[k].sentence() == qs[i].sentence())
            .all(|k| class(&qs[k]) != Some(c))
        {
            after_heading(report, i, c, vocab, out);
        }
        if matches(&vocab.closing, report.slice(&qs[i].label())) {
            closing(report, i, c, out, vocab);
        }
        partition_total(report, i, c, vocab, out);
        if let Some(parts) = numbered_batches(report, i, c) {
            push(report, i, &parts, true, Evidence::Strong, out);
        }
        if matches(&vocab.decrease, report.slice(&qs[i].label())) {
            difference(report, i, c, false, vocab, out);
        } else if matches(&vocab.increase, report.slice(&qs[i].label())) {
            difference(report, i, c, true, vocab, out);
        }
    }
}

/// When quantity `i` is the last of its class in its sentence and the next sentence
/// (on its line or the next) opens a breakdown, the first quantity of that breakdown.
fn opens_next_sentence(report: &Report, i: usize, vocab: &SumVocab) -> Option<usize> {
    let qs = &report.quantities;
    let q = &qs[i];
    let c = class(q);
    let mut j = i + 1;
    while j < qs.len() && qs[j].sentence() == q.sentence() {
        if class(&qs[j]) == c {
            return None;
        }
        j += 1;
    }
    // The first part is the first amount of the class (`按5:3:2的比例分担：市财政承担430万元`
    // holds a ratio before it).
    let word = q.sentence() + 1;
    let j =
        (j..qs.len().min(j + MAX_PARTS)).take_while(|&k| qs[k].sentence() <= word + 1).find(|&k| class(&qs[k]) == c)?;
    let first = &qs[j];
    // The word may end its line, with the parts on the line after it (one sentence later).
    if !(first.sentence() == word || first.sentence() == word + 1) || first.line() > q.line() + 1 || q.paren_depth != 0
    {
        return None;
    }
    let s = report.sentences.get(word)?;
    if !vocab.breakdown.is_match(head(report.text[s.span()].trim_start_matches(SKIP), WORD_CHARS)) {
        return ordinal_series(report, j).then_some(j);
    }
    if first.sentence() == word && !sentence_opens_breakdown(report, j, vocab) {
        return None;
    }
    Some(j)
}

/// Whether the sentence of quantity `j` sets out a numbered series from it: its label opens
/// with 第一 and a measure (`第一批`, `第一季度`), and the next amount of its class in the
/// sentence is labelled 第二 with the same measure (`合计2500万元。第一批…，第二批…`).
fn ordinal_series(report: &Report, j: usize) -> bool {
    let qs = &report.quantities;
    let q = &qs[j];
    let measure = |k: usize, ordinal: &[&str]| -> Option<String> {
        let label = report.slice(&qs[k].label()).trim_start_matches(SKIP);
        let rest = ordinal.iter().find_map(|o| label.strip_prefix(o))?;
        let m: String = rest.chars().take_while(|c| !c.is_ascii_digit()).take(3).collect();
        (!m.is_empty()).then_some(m)
    };
    let Some(first) = measure(j, &["第一", "第1"]) else { return false };
    let next = (j + 1..qs.len().min(j + MAX_PARTS))
        .take_while(|&k| qs[k].sentence() == q.sentence())
        .find(|&k| class(&qs[k]) == class(q));
    next.and_then(|k| measure(k, &["第二", "第2"])).is_some_and(|m| m == first)
}

/// The amounts of quantity `i`'s class in its sentence, up to and including it: the totals
/// a following breakdown may split column by column (`收到A，已支出B。其中：…`).
fn totals_before(report: &Report, i: usize, c: Unit) -> Vec<usize> {
    let qs = &report.quantities;
    let mut out = vec![i];
    let mut j = i;
    while j > 0 && qs[j - 1].sentence() == qs[i].sentence() && out.len() < 3 {
        j -= 1;
        if class(&qs[j]) == Some(c) && qs[j].paren_depth == 0 {
            out.insert(0, j);
        }
    }
    out
}

/// The candidate parts from quantity `from` on: same class, same bracket depth, within
/// the sentence `sentence` (or the list lines after a word that ends its line), stopping
/// where a new topic starts.
fn parts_after(report: &Report, from: usize, c: Unit, depth: u8, sentence: usize, vocab: &SumVocab) -> Vec<usize> {
    let qs = &report.quantities;
    let Some(first) = qs.get(from) else { return Vec::new() };
    // A breakdown word that ends its line: the parts are the list on the following lines,
    // up to the first that closes with 。.
    let list_end_line = if first.sentence() != sentence {
        let mut l = first.line();
        while l < first.line() + MAX_LIST_LINES && l + 1 < report.lines.len() {
            let t = report.slice(&report.lines[l].content()).trim_end();
            if t.ends_with('。') || report.lines[l + 1].kind != crate::parse::LineKind::Text {
                break;
            }
            l += 1;
        }
        Some(l)
    } else {
        None
    };
    let mut out: Vec<usize> = Vec::new();
    let mut j = from;
    while j < qs.len() && out.len() < MAX_PARTS {
        let p = &qs[j];
        let inside = match list_end_line {
            Some(l) => p.line() <= l,
            None => p.sentence() == sentence,
        };
        if !inside || p.paren_depth < depth {
            break;
        }
        if p.paren_depth == depth && class(p) == Some(c) {
            let label = report.slice(&p.label());
            // A closing total (`金额合计X`) is never a part, not even the first.
            if matches(&vocab.closing, label) || (!out.is_empty() && matches(&vocab.ends, label)) {
                break;
            }
            // An amount with its own unbracketed breakdown starts a new total.
            if !out.is_empty() && marker_after(report, j, vocab).is_some_and(|(_, paren)| !paren) {
                break;
            }
            // A count after a `；` that names what it counts (`；为148名残疾儿童提供…`) is a new
            // statement of its own, not one more part (`；社区9个`).
            if let Some(&prev) = out.last() {
                let between = report.text.get(qs[prev].span().end..p.span().start).unwrap_or("");
                if p.unit.is_count() && !p.noun().is_empty() && between.contains(['；', ';']) {
                    break;
                }
            }
            out.push(j);
        }
        j += 1;
    }
    out
}

/// Records the relation between `totals` and the parts in `window`.
#[allow(clippy::too_many_arguments)]
fn breakdown(
    report: &Report,
    totals: &[usize],
    window: &[usize],
    word: &str,
    evidence: Evidence,
    vocab: &SumVocab,
    out: &mut Vec<SumRelation>,
) {
    let qs = &report.quantities;
    if window.is_empty() || totals.is_empty() {
        return;
    }
    let k = totals.len();
    let parts: Vec<&Quantity> = window.iter().map(|&j| &qs[j]).collect();
    // Several totals before the word (`预算A，执行B。其中：…`): the one the parts reproduce.
    if let Some(&t) = totals.iter().rev().find(|&&t| adds_up(&qs[t], &parts)) {
        push(report, t, window, true, evidence, out);
        return;
    }
    // Several totals and rows of as many parts each: one column per total.
    if k > 1 {
        if window.len() >= 2 * k && window.len() % k == 0 && regular_rows(report, window, k) {
            let columns: Vec<Vec<usize>> =
                (0..k).map(|col| window.iter().skip(col).step_by(k).copied().collect()).collect();
            let column_adds_up = |col: usize| {
                let parts: Vec<&Quantity> = columns[col].iter().map(|&j| &qs[j]).collect();
                adds_up(&qs[totals[col]], &parts)
            };
            // One column adding up shows the rows are the whole list: the others must too.
            let rows_complete = (0..k).any(column_adds_up);
            for (col, &t) in totals.iter().enumerate() {
                let complete = rows_complete || is_complete(report, &columns[col], word, vocab);
                push(report, t, &columns[col], complete, Evidence::Weak, out);
            }
        }
        // Otherwise the total the parts are named after (`财政资金2094.18万元` for parts
        // each labelled `财政资金`), if exactly one is; else which one is unknown: no relation.
        if let Some(t) = named_total(report, totals, window) {
            let complete = is_complete(report, window, word, vocab);
            push(report, t, window, complete, Evidence::Weak, out);
            return;
        }
        // Parts that exceed even the largest total exceed whichever of them they break
        // down (`预算168.50万元，执行159.42万元。其中中央121.30万元，区级50.98万元`).
        // Not when the parts repeat a total's name (`收到A，已支出B。其中：X补助a，已支出b；…`):
        // they are rows of several columns, and the sum of them all is of nothing.
        let tail = |k: usize| -> String {
            let l = report.slice(&qs[k].label()).trim_end();
            l.chars().rev().take(2).collect()
        };
        let column_like = window.iter().any(|&j| {
            let t = tail(j);
            t.chars().count() == 2 && totals.iter().any(|&k| tail(k) == t)
        });
        let largest = totals.iter().copied().max_by_key(|&t| qs[t].value).filter(|_| !column_like);
        if let Some(t) = largest.filter(|&t| parts.len() >= 2 && !total_exceeded_by_none(&qs[t], &parts)) {
            if !adds_up(&qs[t], &parts) {
                push(report, t, window, false, Evidence::Weak, out);
            }
        }
        return;
    }
    let t = totals[k - 1];
    let total = &qs[t];
    // A leading run that reproduces the total is the breakdown; what follows is not. Small
    // whole counts coincide too easily for that, so they take the whole window; a count in
    // the hundreds reproduced exactly (612 + 3488 + 9075 = 13175起) is no coincidence.
    let run_may_end = total.unit.is_money() || total.value >= Decimal::ONE_HUNDRED;
    for m in 1..=parts.len() {
        // A shorter run needs two parts: one part equal to the total (within its rounding)
        // followed by more parts is not a breakdown that ended.
        if (m == parts.len() || (m >= 2 && run_may_end)) && adds_up(total, &parts[..m]) {
            push(report, t, &window[..m], true, evidence, out);
            return;
        }
    }
    if total.unit.is_money() && parts.len() <= MAX_SUBSET {
        if let Some(mask) = subset_adding_up(total, &parts) {
            let chosen: Vec<usize> = (0..parts.len()).filter(|b| mask & (1 << b) != 0).map(|b| window[b]).collect();
            push(report, t, &chosen, true, Evidence::Weak, out);
            return;
        }
    }
    let complete = is_complete(report, window, word, vocab);
    if !complete && window.len() < 2 && total_exceeded_by_none(total, &parts) {
        return;
    }
    // Several parts that leave less of their total unaccounted for than 1% of it, or than
    // the smallest of them, are a whole list with an error far more often than a selection:
    // a writer who picks parts out picks the large ones, and leaves out more than a sliver.
    // A warning, unless the text says it is a selection.
    let sum: Decimal = parts.iter().map(|p| p.value).sum();
    let short = total.value - sum;
    let smallest = parts.iter().map(|p| p.value).filter(|v| !v.is_zero()).min();
    if !complete
        && parts.len() >= 2
        && sum < total.value
        && (short * Decimal::ONE_HUNDRED <= total.value || smallest.is_some_and(|m| short < m))
        && !is_selection(report, window, word, vocab)
        && !has_unread_item(report, window)
    {
        push(report, t, window, true, Evidence::Weak, out);
        return;
    }
    push(report, t, window, complete, evidence, out);
}

/// The one total whose label ends with the words every part's label ends with (at least two
/// characters), if exactly one does.
fn named_total(report: &Report, totals: &[usize], window: &[usize]) -> Option<usize> {
    let qs = &report.quantities;
    let labels: Vec<&str> = window.iter().map(|&j| report.slice(&qs[j].label()).trim_end()).collect();
    let first = labels.first()?;
    // The longest tail every label shares, in characters.
    let mut tail = first.len();
    for l in &labels[1..] {
        let common =
            first.chars().rev().zip(l.chars().rev()).take_while(|(a, b)| a == b).map(|(a, _)| a.len_utf8()).sum();
        tail = tail.min(common);
    }
    let word = &first[first.len() - tail..];
    if word.chars().count() < 2 {
        return None;
    }
    let mut named = totals.iter().filter(|&&t| report.slice(&qs[t].label()).trim_end().ends_with(word));
    let t = *named.next()?;
    named.next().is_none().then_some(t)
}

/// Rows of `k` parts: the parts of one row are joined by commas within a clause group, and
/// rows are separated by `；` or a line break.
fn regular_rows(report: &Report, window: &[usize], k: usize) -> bool {
    let qs = &report.quantities;
    window.windows(2).enumerate().all(|(n, w)| {
        let between = &report.text[qs[w[0]].span().end..qs[w[1]].span().start.max(qs[w[0]].span().end)];
        let row_break = between.contains(['；', ';', '\n']);
        row_break == ((n + 1) % k == 0)
    })
}

fn total_exceeded_by_none(total: &Quantity, parts: &[&Quantity]) -> bool {
    parts.iter().map(|p| p.value).sum::<Decimal>() <= total.value
}

/// A subset of two or more parts (bitmask) that reproduces the total, if any.
fn subset_adding_up(total: &Quantity, parts: &[&Quantity]) -> Option<u32> {
    let n = parts.len();
    (1u32..(1 << n)).filter(|m| m.count_ones() >= 2).find(|&m| {
        let chosen: Vec<&Quantity> = (0..n).filter(|b| m & (1 << b) != 0).map(|b| parts[b]).collect();
        adds_up(total, &chosen)
    })
}

/// Whether a bare number (`公共法律服务0.84`, no unit) sits among the parts: an item the
/// list has that the sum cannot count, so what the parts leave over says nothing.
fn has_unread_item(report: &Report, window: &[usize]) -> bool {
    let (Some(&first), Some(&last)) = (window.first(), window.last()) else { return false };
    report.quantities[first..=last].iter().any(|q| q.unit == Unit::None)
}

/// Whether the text marks the parts in `window` as a selection: the breakdown word says so
/// (`主要包括`), or the list ends in `等`.
fn is_selection(report: &Report, window: &[usize], word: &str, vocab: &SumVocab) -> bool {
    let Some(partial) = &vocab.partial else { return false };
    let Some(&last) = window.last() else { return false };
    let q = &report.quantities[last];
    let end = report.sentences.get(q.sentence()).map_or(q.span().end, |s| s.span().end).max(q.span().end);
    let after = report.text.get(q.span().end..end).unwrap_or("");
    partial.is_match(head(word, 8)) || partial.is_match(head(after, 8).trim_start_matches(SKIP))
}

/// Whether the text marks the parts in `window` as the whole of the total.
fn is_complete(report: &Report, window: &[usize], word: &str, vocab: &SumVocab) -> bool {
    let qs = &report.quantities;
    if window.len() < 2 {
        return false;
    }
    let lead = head(word, WORD_CHARS);
    if matches(&vocab.exhaustive, lead) {
        return true;
    }
    // A list set out item by item — each part after a `；`, the last one ending its
    // sentence (`其中：A 128.60万元；B 46.35万元；C 212.18万元。`) — is an enumeration of the
    // whole, not a few parts picked out.
    // Every item must be a part: an item whose number was not read as one (`公共法律服务0.84`
    // with no unit) leaves the list incomplete.
    let enumerated = window.windows(2).all(|w| {
        let between = report.text.get(qs[w[0]].span().end..qs[w[1]].span().start).unwrap_or("");
        w[1] == w[0] + 1 && between.contains(['；', ';'])
    });
    let last = &qs[window[window.len() - 1]];
    let rest = report
        .sentences
        .get(last.sentence())
        .and_then(|s| report.text.get(last.span().end..s.span().end.max(last.span().end)))
        .unwrap_or("");
    if enumerated && !rest.contains(['；', ';', '，', ',']) {
        return true;
    }
    // The whole text since the previous number of the part's class: quotes (`“优”的项目`) end
    // a label but still name the part, and in rows of a count and an amount
    // (`“优”的项目5个，涉及资金3862.50万元；“良”的…`) the row's words name both.
    let labels: Vec<&str> = window
        .iter()
        .map(|&j| {
            let start = report.sentences.get(qs[j].sentence()).map_or(0, |s| s.span().start);
            let from = (0..j)
                .rev()
                .take(MAX_PARTS)
                .take_while(|&k| qs[k].span().end > start)
                .find(|&k| class(&qs[k]) == class(&qs[j]))
                .map_or(start, |k| qs[k].span().end);
            &report.text[from.min(qs[j].span().start)..qs[j].span().start]
        })
        .collect();
    if labels.iter().any(|l| matches(&vocab.rest, l)) {
        return true;
    }
    if let Some(re) = &vocab.counted {
        let before_first = &word[..word.len().min(word.find(|c: char| c.is_ascii_digit()).unwrap_or(word.len()))];
        if let Some(n) = re
            .captures(before_first)
            .and_then(|c| c.get(1))
            .and_then(|m| crate::parse::number::parse_chinese(m.as_str()))
        {
            if n as usize == window.len() {
                return true;
            }
        }
    }
    names_partition(vocab, &labels)
}

/// Whether every label names a different member of one known partition (中央/省级/县级,
/// 基本/项目支出).
fn names_partition(vocab: &SumVocab, labels: &[&str]) -> bool {
    vocab.partitions.iter().any(|set| {
        let mut seen = std::collections::BTreeSet::new();
        labels.iter().all(|l| {
            let m = set.matches(l);
            let first = m.iter().next();
            first.is_some_and(|f| seen.insert(f))
        })
    })
}

/// `省级下拨A；县级安排B；全年应发放C`: amounts naming the members of a known partition, one
/// after another in a sentence, then an amount for the whole period or a total (an `ends`
/// word: 全年, 合计) — that amount is their sum, though no word says so. Not when the
/// total is what was spent or done (实际, 支出, 执行, 完成): the sources of a budget do not
/// add up to its spending. A warning.
fn partition_total(report: &Report, t: usize, c: Unit, vocab: &SumVocab, out: &mut Vec<SumRelation>) {
    const DONE: [&str; 6] = ["实际", "支出", "执行", "完成", "使用", "结余"];
    let qs = &report.quantities;
    let total = &qs[t];
    let label = report.slice(&total.label());
    if !matches(&vocab.ends, label) || DONE.iter().any(|w| label.contains(w)) {
        return;
    }
    let Some(first) = (0..t)
        .rev()
        .take(MAX_PARTS)
        .take_while(|&k| qs[k].sentence() == total.sentence() && class(&qs[k]) == Some(c))
        .last()
    else {
        return;
    };
    let run: Vec<usize> = (first..t).filter(|&k| qs[k].paren_depth == total.paren_depth).collect();
    if run.len() < 2 || marker_after(report, run[0], vocab).is_some() {
        return;
    }
    let labels: Vec<&str> = run.iter().map(|&k| report.slice(&qs[k].label())).collect();
    if labels.iter().any(|l| matches(&vocab.ends, l)) || !names_partition(vocab, &labels) {
        return;
    }
    push(report, t, &run, true, Evidence::Weak, out);
}

fn push(
    report: &Report,
    total: usize,
    parts: &[usize],
    complete: bool,
    evidence: Evidence,
    out: &mut Vec<SumRelation>,
) {
    let qs = &report.quantities;
    out.push(SumRelation {
        total: operand(report, &qs[total]),
        parts: parts.iter().map(|&j| operand(report, &qs[j])).collect(),
        complete,
        evidence,
        source: Source::Prose(if parts.iter().all(|&j| qs[j].sentence() == qs[total].sentence()) {
            "句内"
        } else {
            "下一句"
        }),
    });
}

/// Parts before a closing total (`A、B，合计X`), nearest first: a trailing run that adds up
/// is the list; otherwise the run back to the label that starts the topic.
fn closing(report: &Report, t: usize, c: Unit, out: &mut Vec<SumRelation>, vocab: &SumVocab) {
    let qs = &report.quantities;
    let total = &qs[t];
    let mut run: Vec<usize> = Vec::new();
    let mut j = t;
    let mut started = false;
    while j > 0 && run.len() < MAX_PARTS {
        j -= 1;
        let p = &qs[j];
        // The sentence before may hold the list when X's sentence holds none.
        let near = p.sentence() == total.sentence()
            || (run.is_empty() && p.sentence() + 1 == total.sentence())
            || (!run.is_empty() && p.sentence() == qs[run[0]].sentence());
        if !near || p.line() + 1 < total.line() {
            break;
        }
        if p.paren_depth != total.paren_depth || class(p) != Some(c) {
            continue;
        }
        if marker_after(report, j, vocab).is_some() {
            break;
        }
        run.insert(0, j);
        let parts: Vec<&Quantity> = run.iter().map(|&k| &qs[k]).collect();
        if run.len() >= 2 && adds_up(total, &parts) {
            push(report, t, &run, true, Evidence::Strong, out);
            return;
        }
        if matches(&vocab.ends, report.slice(&p.label())) {
            started = true;
            break;
        }
    }
    if run.len() >= 2 {
        push(report, t, &run, true, if started { Evidence::Strong } else { Evidence::Weak }, out);
    }
}

/// The batches a total names by count (`三批资金合计1675万元`, `两次下达合计`): the amounts
/// before it in its section labelled 首批 (首次), 第二批 (第二次) … up to that count, the
/// latest of each, each the first amount of its sentence (what follows it is its breakdown).
/// Found only when every batch from the first to the count is there.
fn numbered_batches(report: &Report, t: usize, c: Unit) -> Option<Vec<usize>> {
    const MEASURES: [char; 3] = ['批', '次', '笔'];
    let qs = &report.quantities;
    let total = &qs[t];
    // `三批`: a count of batches just before the total's label, read as a count.
    let count = t.checked_sub(1).map(|k| &qs[k]).filter(|k| {
        k.sentence() == total.sentence()
            && k.unit.is_count()
            && report.slice(&k.unit_text()).starts_with(MEASURES)
            && k.span().end <= total.label().start
            && !report.text[k.span().end..total.label().start].contains(['，', '。', '；'])
    })?;
    let n = count.value.to_u64().filter(|_| count.value.fract().is_zero())?;
    if !(2..=MAX_PARTS as u64).contains(&n) {
        return None;
    }
    let ordinal =
        |l: &str| MEASURES.iter().find_map(|m| crate::parse::number::ordinals(l, m.encode_utf8(&mut [0; 4])).next());
    let section = report.lines[total.line()].section();
    let mut found: Vec<Option<usize>> = vec![None; n as usize];
    for j in (t.saturating_sub(8 * MAX_PARTS)..t).rev() {
        let p = &qs[j];
        if report.lines[p.line()].section() != section {
            break;
        }
        let first_of_sentence = j == 0 || qs[j - 1].sentence() != p.sentence();
        if class(p) != Some(c) || !first_of_sentence || p.paren_depth != total.paren_depth {
            continue;
        }
        if let Some(k) = ordinal(report.slice(&p.label())).filter(|&k| (1..=n).contains(&k)) {
            found[k as usize - 1].get_or_insert(j);
        }
    }
    found.into_iter().collect()
}

/// Whether two amounts' labels start with the same level of government (`镇财政承担`,
/// `镇级资金到位`; `省级`, `省财政`).
fn same_owner(report: &Report, a: usize, b: usize) -> bool {
    const LEVELS: &str = "中省市县区镇乡村";
    let owner = |k: usize| {
        let label = report.slice(&report.quantities[k].label()).trim_start_matches(SKIP);
        let mut cs = label.chars();
        let first = cs.next().filter(|c| LEVELS.contains(*c))?;
        let next = cs.next()?;
        matches!(next, '级' | '财' | '本' | '央').then_some(first)
    };
    owner(a).is_some_and(|o| owner(b) == Some(o))
}

/// A difference `D` (quantity `d`) of two earlier amounts of its class: a pair that
/// reproduces it is the relation; otherwise the two nearest amounts in its sentence (or
/// the sentence before) are, ordered by the word.
fn difference(report: &Report, d: usize, c: Unit, increase: bool, vocab: &SumVocab, out: &mut Vec<SumRelation>) {
    let qs = &report.quantities;
    let dq = &qs[d];
    let mut cands: Vec<usize> = Vec::new();
    let mut j = d;
    while j > 0 && cands.len() < MAX_PARTS {
        j -= 1;
        if qs[j].line() + 3 < dq.line() {
            break;
        }
        if class(&qs[j]) == Some(c) && qs[j].paren_depth == dq.paren_depth {
            cands.push(j);
        }
    }
    for (x, &b) in cands.iter().enumerate() {
        for &a in &cands[x + 1..] {
            let (big, small) = if qs[a].value >= qs[b].value { (a, b) } else { (b, a) };
            if adds_up(&qs[big], &[&qs[small], dq]) {
                push(report, big, &[small, d], true, Evidence::Weak, out);
                return;
            }
        }
    }
    let [b, a] = match cands[..] {
        [b, a, ..] => [b, a],
        _ => return,
    };
    if qs[a].sentence() + 1 < dq.sentence() || qs[a].line() != dq.line() {
        // `镇财政承担172万元` … `镇级资金到位150万元，尚差22万元`: what one level of government
        // still owes is what it was to pay less what it paid, wherever the first was stated.
        if !increase && qs[b].sentence() == dq.sentence() && same_owner(report, a, b) {
            push(report, a, &[b, d], true, Evidence::Weak, out);
        }
        return;
    }
    // `A，B，结余D`: A = B + D; `A，B，超支D`: B = A + D; a baseline (`比上年B`) flips it.
    let flipped = matches(&vocab.baseline, report.slice(&qs[b].label()));
    let later_is_total = increase != flipped;
    let (total, other) = if later_is_total { (b, a) } else { (a, b) };
    let evidence = if qs[a].sentence() == dq.sentence() { Evidence::Strong } else { Evidence::Weak };
    push(report, total, &[other, d], true, evidence, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_read_in_pieces_on_all_threads_are_those_of_one_pass() {
        let text = [
            include_str!("../../../fixtures/clean-agriculture.txt"),
            include_str!("../../../fixtures/department-natural-resources.txt"),
            include_str!("../../../fixtures/project-county-road.txt"),
            include_str!("../../../fixtures/department-education.md"),
            "全年收入500万元，支出480万元。其中：人员支出200万元，公用支出180万元，项目支出100万元。\n\
             项目8个，其中基础设施项目3个，公共服务项目5个。资金分三批下达：第一批10万元，第二批20万元，第三批30万元，合计60万元。",
        ]
        .join("\n");
        let report = crate::parse::parse(&text);
        let vocab = crate::rules::RuleSet::builtin().vocabulary.sums.expect("sum vocabulary");
        let run = |pieces| {
            let mut out = Vec::new();
            relations(&report, &vocab, pieces, &mut out);
            out
        };
        let one = run(1);
        assert!(one.len() >= 5, "{one:?}");
        for pieces in [2, 3, 5, 16, report.quantities.len()] {
            assert_eq!(format!("{:?}", run(pieces)), format!("{one:?}"), "{pieces} pieces");
        }
    }
}
