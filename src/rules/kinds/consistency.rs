//! `consistency`: the same fact (number of projects, of staff …) stated with different
//! values in different places, including totals the text derives itself (`年初7个 …
//! 追加1个` ⇒ 8). Only statements of the same total are compared: a count the text marks
//! as a part of it (`其中重点项目5个`, `评价为“优”的项目64个`: the `parts` patterns on the
//! text before it in its sentence, wrapped lines joined) is not a restatement. The value
//! most statements agree on is taken as the report's; every statement that differs is
//! reported, naming a few of the statements it contradicts and counting the rest.
//!
//! A count that speaks of every one of an earlier count (`6个社区均完成考评`, `上述7个村均已
//! 验收`) restates it whatever its noun's fact: it must equal the nearest earlier count of
//! that noun, unless an earlier one agrees or it is the parts of one sentence together.
//!
//! A count with the names it lists (`9座水库，分别为黄泥坑、石门冲…`; `溪桥镇、松涛乡等5个乡镇`)
//! must agree with them: as many after a `listed` word, no more after a `listed_some` one.
//!
//! Linear: one pass counts the statements per value, one pass reports; restatements look
//! back over a bounded number of counts.

use super::super::config::RuleDef;
use super::super::util::{regex_set, regexes, require};
use super::super::{Check, Context, KindError, RuleMeta};
use super::{fact_ref, line_no, written};
use crate::analysis::projects::Projects;
use crate::diagnostics::Diagnostic;
use crate::facts::{FactSet, Statement};
use crate::parse::Report;
use crate::util::Spanned;
use regex::{Regex, RegexSet};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::HashMap;

/// The parameters of a `consistency` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// The facts whose statements must agree.
    pub facts: Vec<Spanned<String>>,
    /// Regexes on the text before a count in its sentence (wrapped lines joined) that make
    /// it a part of the total, not a restatement (其中, …的项目).
    pub parts: Vec<Spanned<String>>,
    /// Regexes on the text before a count (or its noun) that qualify it as a subset
    /// whatever precedes it (评价为“优”的项目, 进度滞后).
    pub subsets: Vec<Spanned<String>>,
    /// Regexes on the words right before a count that claim it is the whole (全部, 所有):
    /// such a count restates the total even where `parts` or `subsets` match.
    pub wholes: Vec<Spanned<String>>,
    /// Regexes on the words right before a count that point back at an earlier statement of
    /// it (上述, 以上): with an `all_of` word after its noun, the count restates the nearest
    /// earlier count of that noun and must equal it (上述7个村均已验收 after 惠及7个行政村).
    pub refer_back: Vec<Spanned<String>>,
    /// Regexes on the text after a count's measure word that speak of every one of them
    /// (均, 都, 全部); the text before the match is the noun restated. A count that starts
    /// its sentence (6个社区均完成考评) or follows a `refer_back` word restates an earlier one.
    pub all_of: Vec<Spanned<String>>,
    /// Regexes for the words after a count that open the list of what it counts, name by
    /// name (分别为, 分别是): the names must be as many as the count.
    pub listed: Vec<Spanned<String>>,
    /// Regexes for words that open or close a list that may be partial (包括; `等` before the
    /// count): the names may be fewer than the count, never more.
    pub listed_some: Vec<Spanned<String>>,
    /// Any amount or count stated again under the same phrase must agree too (the wording
    /// in `restatement.rs`): one rule for "the same quantity stated twice".
    pub restated: Option<super::restatement::Params>,
}

/// How many agreeing statements a message names; the rest are counted.
const NAMED: usize = 3;

/// How far back in its sentence (and a wrapped line before it) the text before a count is
/// read for part markers, in characters.
const CONTEXT_CHARS: usize = 120;

struct ConsistencyRule {
    facts: Vec<(String, String)>,
    parts: Option<RegexSet>,
    subsets: Option<RegexSet>,
    wholes: Option<RegexSet>,
    refer_back: Option<RegexSet>,
    all_of: Vec<Regex>,
    listed: Vec<Regex>,
    listed_some: Vec<Regex>,
    restated: bool,
}

pub fn compile(def: &RuleDef, facts: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let p: Params = def.params()?;
    let mut out = Vec::new();
    for f in require(&p.facts, def, "facts")? {
        let name = fact_ref(facts, f)?;
        let desc = facts.get(&name).map_or_else(String::new, |c| c.description.clone());
        out.push((name, desc));
    }
    let set = |l: &[Spanned<String>]| if l.is_empty() { Ok(None) } else { regex_set(l).map(Some) };
    Ok(Box::new(ConsistencyRule {
        facts: out,
        parts: set(&p.parts)?,
        subsets: set(&p.subsets)?,
        wholes: set(&p.wholes)?,
        refer_back: set(&p.refer_back)?,
        all_of: regexes(&p.all_of)?,
        listed: regexes(&p.listed)?,
        listed_some: regexes(&p.listed_some)?,
        restated: match &p.restated {
            Some(r) => super::restatement::words(r).map(|_| true)?,
            None => false,
        },
    }))
}

/// How a statement reads in a message: `8个` or `7+1=8个`.
pub(crate) fn describe(report: &Report, st: &Statement) -> String {
    let q = &report.quantities[*st.quantities.last().unwrap_or(&0)];
    let unit = report.slice(&q.unit_text());
    match &st.derivation {
        Some(d) => format!("{d}={}{unit}", st.value.normalize()),
        None => written(report, q),
    }
}

/// The text before the statement's first quantity in its sentence; when the sentence
/// starts a line that continues a wrapped one (the line before does not end a sentence),
/// the text of that line is read too. Bounded to [`CONTEXT_CHARS`].
fn text_before(report: &Report, st: &Statement) -> String {
    let Some(q) = st.quantities.first().and_then(|&i| report.quantities.get(i)) else {
        return String::new();
    };
    let Some(sentence) = report.sentences.get(q.sentence()) else { return String::new() };
    // Only the last CONTEXT_CHARS characters are read, so a sentence of a million numbers
    // costs no more per statement than a short one.
    let before =
        tail_chars(&report.text[sentence.span().start..q.span().start.max(sentence.span().start)], CONTEXT_CHARS);
    let mut text = before.to_owned();
    let line = &report.lines[q.line()];
    let room = CONTEXT_CHARS.saturating_sub(before.chars().count());
    if room > 0 && sentence.span().start == line.content().start && q.sentence() > 0 {
        let prev = &report.sentences[q.sentence() - 1];
        let wrapped = prev.line() + 1 == q.line()
            && !report.slice(&prev.span()).trim_end().ends_with(['。', '！', '？', '!', '?', '；', ';']);
        if wrapped {
            text.insert_str(0, tail_chars(report.slice(&prev.span()), room));
        }
    }
    text.retain(|c| c != '\n' && c != '\r');
    text
}

/// The last `n` characters of `s`.
fn tail_chars(s: &str, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    s.char_indices().rev().nth(n - 1).map_or(s, |(i, _)| &s[i..])
}

/// A count of the same measure word stated before quantity `qi` in its sentence or the two
/// before it (a line wrapped by a PDF splits a sentence in two) (at most [`WHOLE_LOOKBACK`] quantities back).
fn whole_before(report: &Report, qi: usize) -> bool {
    let Some(q) = report.quantities.get(qi) else { return false };
    let first = q.sentence().saturating_sub(2);
    report.quantities[..qi]
        .iter()
        .rev()
        .take(WHOLE_LOOKBACK)
        .take_while(|o| o.sentence() >= first)
        .any(|o| o.unit == q.unit && o.comparator().is_none() && !o.in_range())
}

/// How many quantities back a whole is looked for: bounded, so one huge sentence stays linear.
const WHOLE_LOOKBACK: usize = 64;

impl ConsistencyRule {
    /// A statement of the total itself, not of a part of it.
    fn of_total(&self, report: &Report, st: &Statement) -> bool {
        if self.parts.is_none() && self.subsets.is_none() {
            return true;
        }
        let Some(&qi) = st.quantities.first() else { return true };
        let label = report.quantities.get(qi).map_or("", |q| report.slice(&q.label()));
        if self.wholes.as_ref().is_some_and(|w| w.is_match(label)) {
            return true;
        }
        let noun = report.quantities.get(qi).map_or("", |q| report.slice(&q.noun()));
        let before = text_before(report, st);
        if let Some(sub) = &self.subsets {
            if sub.is_match(noun) || sub.is_match(&before) {
                return false;
            }
        }
        // A part needs a whole: after 其中 with no count before it (`…执行率89.46%。其中：
        // 项目8个`) the count is the total of its own kind.
        !(self.parts.as_ref().is_some_and(|p| p.is_match(&before)) && whole_before(report, qi))
    }
}

/// How many earlier counts of the same measure word a restatement looks back over.
const RESTATED_LOOKBACK: usize = 32;
/// The longest noun a restatement names, in characters (社区, 残疾儿童, 县（市、区）).
const RESTATED_NOUN_CHARS: usize = 12;

impl ConsistencyRule {
    /// The noun a count restates (`社区` of `6个社区均完成`), when it restates one: an
    /// `all_of` word after the noun, and the count starts its sentence or follows a
    /// `refer_back` word.
    fn restated_noun<'r>(&self, report: &'r Report, qi: usize) -> Option<&'r str> {
        let q = &report.quantities[qi];
        if !q.unit.is_count() || q.in_range() || q.comparator().is_some() {
            return None;
        }
        let sentence = report.sentences.get(q.sentence())?;
        let lead = report.text.get(sentence.span().start..q.span().start)?;
        let label = report.slice(&q.label());
        let starts = lead.trim().is_empty();
        if !starts && !self.refer_back.as_ref().is_some_and(|r| r.is_match(label)) {
            return None;
        }
        let after = report.text.get(q.span().end..sentence.span().end)?;
        let at = self.all_of.iter().filter_map(|r| r.find(after)).map(|m| m.start()).min()?;
        let noun = after[..at].trim();
        let chars = noun.chars().count();
        (chars > 0 && chars <= RESTATED_NOUN_CHARS && !noun.contains(['，', '。', '；', ',', ';'])).then_some(noun)
    }

    /// Counts that restate an earlier count of the same noun with another value: the
    /// restating quantity, and the nearest earlier statement it contradicts.
    fn contradicted_restatements<'r>(&self, report: &'r Report, projects: &Projects) -> Vec<(usize, usize, &'r str)> {
        let mut found = Vec::new();
        if self.all_of.is_empty() {
            return found;
        }
        // The recent counts of each measure word, bounded so the lookback stays linear.
        let mut by_unit: HashMap<crate::parse::Unit, Vec<usize>> = HashMap::new();
        for (qi, q) in report.quantities.iter().enumerate() {
            if !q.unit.is_count() || q.in_range() || q.comparator().is_some() {
                continue;
            }
            let earlier = by_unit.entry(q.unit).or_default();
            if let Some(noun) = self.restated_noun(report, qi) {
                let names = |o: &crate::parse::Quantity| {
                    report.slice(&o.noun()).contains(noun) || report.slice(&o.label()).ends_with(noun)
                };
                let same: Vec<usize> = earlier
                    .iter()
                    .rev()
                    .take(RESTATED_LOOKBACK)
                    .copied()
                    .filter(|&o| {
                        let e = &report.quantities[o];
                        e.sentence() < q.sentence()
                            && names(e)
                            && projects.scope_of(e.span().start) == projects.scope_of(q.span().start)
                    })
                    .collect();
                if let Some(&nearest) = same.first() {
                    let agrees = same.iter().any(|&o| report.quantities[o].value == q.value);
                    // 3个村 … 4个村 … 上述7个村均: the parts of one sentence, restated together.
                    let sentence = report.quantities[nearest].sentence();
                    let together: Decimal = same
                        .iter()
                        .take_while(|&&o| report.quantities[o].sentence() == sentence)
                        .map(|&o| report.quantities[o].value)
                        .sum();
                    if !agrees && together != q.value {
                        found.push((qi, nearest, noun));
                    }
                }
            }
            earlier.push(qi);
            if earlier.len() > 2 * RESTATED_LOOKBACK {
                earlier.drain(..RESTATED_LOOKBACK);
            }
        }
        found
    }
}

/// Characters that end a list of names: the clause ends there.
const LIST_END: [char; 8] = ['，', ',', '；', ';', '。', '：', ':', '\n'];
/// The most names a list is read for; a longer run is no list of names.
const MAX_NAMES: usize = 64;

/// How far from a count its list of names is read, in characters: a long sentence with many
/// counts stays linear.
const LIST_CHARS: usize = 200;

fn head_chars(s: &str) -> &str {
    s.char_indices().nth(LIST_CHARS).map_or(s, |(i, _)| &s[..i])
}

/// The number of names in `segment` (`黄泥坑、石门冲和大塘湾` → 3), when it is a list of
/// names: two or more, separated by `、` (the last may be joined by 和, 及 or 与), no digits.
fn names_in(segment: &str) -> Option<usize> {
    let segment = segment.trim();
    if !segment.contains('、') || segment.chars().any(|c| c.is_ascii_digit() || matches!(c, '０'..='９')) {
        return None;
    }
    let mut items: Vec<&str> = segment.split('、').collect();
    if items.len() > MAX_NAMES {
        return None;
    }
    let last = items.pop().unwrap_or_default();
    let joined = last.split(['和', '及', '与']).filter(|s| !s.trim().is_empty()).count().clamp(1, 2);
    items.iter().all(|i| !i.trim().is_empty()).then_some(items.len() + joined)
}

/// How many items a list opened at byte `opener` sets out when the count `qi` and the list
/// word are separated only by one or two amounts (the money the items share out) and every
/// item is one amount of that unit at the count's depth, to the end of the sentence.
fn items_with_amounts(report: &Report, qi: usize, opener: usize) -> Option<usize> {
    let qs = &report.quantities;
    let q = &qs[qi];
    let between: Vec<_> = qs[qi + 1..].iter().take_while(|o| o.span().start < opener).collect();
    if between.is_empty()
        || between.len() > 2
        || !between.iter().all(|o| o.unit.is_money() && o.sentence() == q.sentence())
    {
        return None;
    }
    let items: Vec<_> = qs[qi + 1 + between.len()..].iter().take_while(|o| o.sentence() == q.sentence()).collect();
    let all_amounts =
        items.iter().all(|o| o.unit.is_money() && o.paren_depth == q.paren_depth && o.comparator().is_none());
    (items.len() >= 2 && all_amounts).then_some(items.len())
}

/// How many items the table right after a count lists, when the count is of all of them
/// (`共涉及五项重点专项资金`, `共有项目12个`) and the table is a list of that noun: its first
/// column is named for it (`专项名称` for 专项资金, `项目名称` for 项目) and it starts within two
/// lines (a heading between). Its rows other than the header and the totals (合计, 小计, 总计,
/// 其中) are the items.
fn table_rows_after(report: &Report, qi: usize, lists: &mut HashMap<usize, Option<(String, usize)>>) -> Option<usize> {
    let q = &report.quantities[qi];
    let sentence = report.sentences.get(q.sentence())?;
    let before = report.text.get(sentence.span().start..q.span().start)?;
    if !before.contains(['共', '全']) {
        return None;
    }
    let after = report.lines.get(q.line() + 1..(q.line() + 4).min(report.lines.len()))?;
    let first_table_line = after.iter().position(|l| l.table().is_some())?;
    if after[..first_table_line].iter().any(|l| report.slice(&l.content()).contains(['。', '；'])) {
        return None;
    }
    let ti = after[first_table_line].table()?;
    // Read once per table, however many counts stand before it: what its first column
    // names, and how many items it lists.
    let (stem, items) = lists.entry(ti).or_insert_with(|| list_of(report, ti)).as_ref()?;
    report.slice(&q.noun()).contains(stem.as_str()).then_some(*items)
}

/// What table `ti` lists (its first column's name without 名称) and how many items: its
/// rows after the header other than totals (合计, 小计, 总计, 其中), when two or more.
fn list_of(report: &Report, ti: usize) -> Option<(String, usize)> {
    let table = report.tables.get(ti)?;
    let header = table.rows.iter().position(|r| r.header)?;
    let name = crate::parse::table::header_key(report.slice(table.rows[header].cells.first()?));
    let stem = name.trim_end_matches("名称").trim_end_matches('名');
    if stem.chars().count() < 2 {
        return None;
    }
    let items = table.rows[header + 1..]
        .iter()
        .take_while(|r| !r.header)
        .filter(|r| {
            let label = r.cells.iter().map(|c| report.slice(c).trim()).find(|t| !t.is_empty()).unwrap_or("");
            !label.is_empty() && !["合计", "小计", "总计", "其中", "总额"].iter().any(|w| label.starts_with(w))
        })
        .count();
    (items >= 2).then(|| (stem.to_owned(), items))
}

/// How many batches (stages, rounds) a count of them split into (`分三批`, `分2次`) numbers
/// after it: `第一批`, `第二批` … (or `首批`) in its sentence and the two after, when the
/// series starts at one and runs without a gap. A count whose measure word is not preceded by
/// 分 (`下达了三批资金`) divides nothing, and a series that skips a number is no list.
fn numbered_after(report: &Report, qi: usize) -> Option<usize> {
    let q = &report.quantities[qi];
    let measure = report.slice(&q.unit_text());
    if measure.is_empty() || !report.text[..q.span().start].ends_with('分') {
        return None;
    }
    let last = report.sentences.get(q.sentence() + 2).or_else(|| report.sentences.last())?;
    let after = head_chars(report.text.get(q.span().end..last.span().end.max(q.span().end)).unwrap_or(""));
    let mut seen: Vec<u64> = crate::parse::number::ordinals(after, measure).collect();
    seen.sort_unstable();
    seen.dedup();
    let runs = seen.len() >= 2 && seen.iter().enumerate().all(|(i, &k)| k == i as u64 + 1);
    runs.then_some(seen.len())
}

/// What a count is checked against: the names listed after or before it, the rows of the
/// table after it, or the batches numbered after it.
#[derive(Debug, Clone, Copy)]
enum Listed {
    NamesAfter,
    NamesBefore,
    TableRows,
    Numbered,
}

impl ConsistencyRule {
    /// Counts that contradict what is listed with them: the count, how many items, and what
    /// they were counted in, for the message.
    fn contradicted_lists(&self, report: &Report, pieces: usize) -> Vec<(usize, usize, Listed)> {
        if self.listed.is_empty() && self.listed_some.is_empty() {
            return Vec::new();
        }
        let parts = crate::util::pieces::ranges(report.quantities.len(), pieces);
        if parts.len() <= 1 {
            return self.lists_among(report, 0..report.quantities.len());
        }
        // Each count is read on its own (a table is read once per piece that reaches it):
        // in pieces side by side, joined in order.
        use rayon::prelude::*;
        let found: Vec<Vec<_>> = parts.into_par_iter().map(|r| self.lists_among(report, r)).collect();
        found.concat()
    }

    /// [`Self::contradicted_lists`] of the quantities `range`.
    fn lists_among(&self, report: &Report, range: std::ops::Range<usize>) -> Vec<(usize, usize, Listed)> {
        let mut found = Vec::new();
        let mut lists = HashMap::new();
        for (qi, q) in report.quantities.iter().enumerate().take(range.end).skip(range.start) {
            if !q.unit.is_count() || q.in_range() || q.comparator().is_some() {
                continue;
            }
            let Some(sentence) = report.sentences.get(q.sentence()) else { continue };
            let n = q.value;
            // After the count: 9座水库，分别为黄泥坑、石门冲…
            let after = head_chars(report.text.get(q.span().end..sentence.span().end.max(q.span().end)).unwrap_or(""));
            let next = report.quantities.get(qi + 1).filter(|o| o.sentence() == q.sentence()).map(|o| o.span().start);
            let opener =
                |res: &[Regex]| res.iter().filter_map(|r| r.find(after)).min_by_key(|m| m.start()).map(|m| m.end());
            for (res, exact) in [(&self.listed, true), (&self.listed_some, false)] {
                let Some(at) = opener(res) else { continue };
                // The list belongs to the count only when no other number stands between —
                // or only the amount the listed items share out (`项目7个，资金799.60万元，
                // 分别为：A 320.00万元；B …`): then each item is one amount.
                if next.is_some_and(|s| s < q.span().end + at) {
                    if let Some(k) = exact.then(|| items_with_amounts(report, qi, q.span().end + at)).flatten() {
                        if Decimal::from(k) != n {
                            found.push((qi, k, Listed::NamesAfter));
                        }
                        break;
                    }
                    continue;
                }
                let segment = after[at..].trim_start_matches(['：', ':', ' ']);
                let segment = &segment[..segment.find(LIST_END).unwrap_or(segment.len())];
                if let Some(names) = names_in(segment) {
                    let k = Decimal::from(names);
                    if (exact && k != n) || (!exact && k > n) {
                        found.push((qi, names, Listed::NamesAfter));
                    }
                }
                break;
            }
            // `共涉及五项重点专项资金` and the table of them that follows.
            if let Some(k) = table_rows_after(report, qi, &mut lists) {
                if Decimal::from(k) != n {
                    found.push((qi, k, Listed::TableRows));
                }
            }
            // `分三批下达…第一批…第二批…第三批`: the batches numbered after it.
            if let Some(k) = numbered_after(report, qi) {
                if Decimal::from(k) != n {
                    found.push((qi, k, Listed::Numbered));
                }
            }
            // Before the count, closed by a partial word: 溪桥镇、松涛乡…等5个乡镇.
            let label =
                tail_chars(report.text.get(sentence.span().start..q.span().start).unwrap_or(""), LIST_CHARS + 1);
            if let Some(m) = self.listed_some.iter().filter_map(|r| r.find(label)).find(|m| m.end() == label.len()) {
                let head = &label[..m.start()];
                let segment =
                    &head[head.rfind(LIST_END).map_or(0, |i| i + head[i..].chars().next().map_or(1, char::len_utf8))..];
                if let Some(k) = names_in(segment) {
                    if Decimal::from(k) > n {
                        found.push((qi, k, Listed::NamesBefore));
                    }
                }
            }
        }
        found
    }
}

impl Check for ConsistencyRule {
    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        if self.restated {
            super::restatement::Restated.check(cx, rule, out);
        }
        // Lists, restated nouns and facts are read from the report independently: on a
        // long report they are read side by side (this rule was the last to finish, alone
        // on one thread). Joined in this order either way.
        let each = |f: fn(&Self, &Context<'_>, &RuleMeta, &mut Vec<Diagnostic>)| {
            let mut found = Vec::new();
            f(self, cx, rule, &mut found);
            found
        };
        let (lists, (nouns, facts)) = if cx.threads {
            rayon::join(
                || each(Self::check_lists),
                || rayon::join(|| each(Self::check_nouns), || each(Self::check_facts)),
            )
        } else {
            (each(Self::check_lists), (each(Self::check_nouns), each(Self::check_facts)))
        };
        out.extend(lists.into_iter().chain(nouns).chain(facts));
    }
}

impl ConsistencyRule {
    /// Counts that disagree with the names, table rows or numbered batches listed with them.
    fn check_lists(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        let pieces = if cx.threads { crate::util::pieces::for_threads() } else { 1 };
        for (qi, k, listed) in self.contradicted_lists(report, pieces) {
            let q = &report.quantities[qi];
            let found = written(report, q);
            let (fact, others) = match listed {
                Listed::NamesAfter => ("数量与所列名称", format!("其后列出的名称有{k}个")),
                Listed::NamesBefore => ("数量与所列名称", format!("其前列出的名称有{k}个")),
                Listed::TableRows => ("数量与表中行数", format!("其后的表中列出{k}行")),
                Listed::Numbered => ("批次数与编号", format!("其后依次编号到第{k}{}", report.slice(&q.unit_text()))),
            };
            let expected = k.to_string();
            let vars = [
                ("fact", fact),
                ("found", found.as_str()),
                ("others", others.as_str()),
                ("expected", expected.as_str()),
            ];
            out.push(rule.diag(q.span(), &vars).with_label(format!("此处为{found}，而{others}")));
        }
    }

    /// Counts that restate an earlier count of the same noun with another value.
    fn check_nouns(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        for (qi, earlier, noun) in self.contradicted_restatements(report, &cx.analysis.projects) {
            let (q, e) = (&report.quantities[qi], &report.quantities[earlier]);
            let found = written(report, q);
            let before = written(report, e);
            let fact = format!("“{noun}”的数量");
            let others = format!("第{}行为{before}", line_no(report, e.span().start));
            let vars = [
                ("fact", fact.as_str()),
                ("found", found.as_str()),
                ("others", others.as_str()),
                ("expected", before.as_str()),
            ];
            out.push(
                rule.diag(q.span(), &vars)
                    .with_label(format!("此处为{found}"))
                    .with_related(e.span(), format!("此处为{before}")),
            );
        }
    }

    /// Statements of one fact that disagree with what most of them say.
    fn check_facts<'a>(&self, cx: &Context<'a>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        let projects = &cx.analysis.projects;
        // One project's statements are compared with each other only: bucketed in one pass.
        let scoped = self.facts.iter().flat_map(|(name, desc)| {
            let statements = cx.analysis.facts.get(name);
            // Whether each states the total (its context read with regexes) and its project:
            // on a long report, hundreds of thousands of statements, read side by side.
            let read = |s: &'a Statement| self.of_total(report, s).then(|| (projects.scope_of(s.span.start), s));
            let read: Vec<(usize, &Statement)> = if cx.threads {
                use rayon::prelude::*;
                statements.par_iter().with_min_len(4096).filter_map(read).collect()
            } else {
                statements.iter().filter_map(read).collect()
            };
            let mut by_scope: std::collections::BTreeMap<usize, Vec<&Statement>> = Default::default();
            for (scope, s) in read {
                by_scope.entry(scope).or_default().push(s);
            }
            by_scope.into_values().map(move |statements| (desc, statements))
        });
        for (desc, statements) in scoped {
            let mut counts: HashMap<Decimal, usize> = HashMap::new();
            for s in &statements {
                *counts.entry(s.value.normalize()).or_default() += 1;
            }
            if counts.len() < 2 {
                continue;
            }
            // The value most statements agree on; ties go to the one stated first.
            let mut consensus: Option<(&Statement, usize)> = None;
            for s in &statements {
                let n = counts[&s.value.normalize()];
                if consensus.is_none_or(|(_, bn)| n > bn) {
                    consensus = Some((s, n));
                }
            }
            let Some((consensus, agree)) = consensus else { continue };
            let agreeing: Vec<&Statement> =
                statements.iter().filter(|o| o.value == consensus.value).take(NAMED).copied().collect();
            let mut others = agreeing
                .iter()
                .map(|o| format!("第{}行为{}", line_no(report, o.span.start), describe(report, o)))
                .collect::<Vec<_>>()
                .join("、");
            if agree > agreeing.len() {
                others.push_str(&format!("等{agree}处"));
            }
            let expected = describe(report, consensus);
            for st in statements.iter().filter(|s| s.value != consensus.value) {
                let found = describe(report, st);
                let vars = [
                    ("fact", desc.as_str()),
                    ("found", found.as_str()),
                    ("others", others.as_str()),
                    ("expected", expected.as_str()),
                ];
                let primary = report.quantities[*st.quantities.last().unwrap_or(&0)].span();
                let mut d = rule.diag(primary, &vars).with_label(format!("此处为{found}"));
                for o in &agreeing {
                    d = d.with_related(o.span.clone(), format!("此处为{}", describe(report, o)));
                }
                out.push(d);
            }
        }
    }
}
