//! Restatements: one quantity stated twice — in the overview and again in a later section,
//! in prose and again in a sub-heading — must have one value. A copy-edit that changes one
//! of them leaves two amounts (or two counts) for the same thing.
//!
//! Two stated values restate each other when they name the same thing: the noun phrase the
//! number is attached to — the words before an amount (`重点项目补助612万元`), the words before
//! and after a count (`对评价等级为“中”的1个项目`, `分配至11个县（市、区）`) — read out of its clause
//! (quotes and brackets kept), cut after the last verb that stands before the thing named
//! (下达, 安排, 支持 …), with filler words (共, 累计, 年度, a heading mark) removed. The phrase
//! must be long enough to name one thing (`min_chars` Han characters, the measure word of a
//! count included), and its qualifiers must be the same: the owner words of its clause
//! (中央/省级, 本级/对下) and the time and stage words of its sentence before it
//! (上年, 截至6月末, a year other than the report's own; 目标, 计划, 实际, 调整后). Counts also need the same measure word,
//! and a count whose clause marks a subset (`其中`, `有3个项目滞后`, `36个已完工`) is not a
//! restatement unless it speaks of all of them (`均`, `全部`) or is the object of a verb
//! (`支持15个项目完成了…`: the verb reached them all). A count's noun that runs into the next
//! value unbroken may end anywhere: a count whose noun, written whole, begins it names the
//! same thing (weak evidence). A total and one of its own
//! parts (a sum the relation finder found) never restate each other.
//!
//! Only what is certain is reported: a statement is compared with the earlier statements of
//! the same phrase in the same project scope (`Projects`), and is a mismatch only when it
//! agrees with none of them at their precision (amounts in 元, so `万元` meets `元`). Same
//! wording is strong evidence; a phrase that matched only once its filler words were removed
//! is weak (a warning).
//!
//! Linear: each quantity reads a bounded window around it, and each phrase keeps a bounded
//! number of earlier statements.

use super::projects::Projects;
use super::relations::{Evidence, Relations};
use crate::parse::{Quantity, Report, Unit};
use regex::Regex;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// The wording the restatement finder reads, compiled from the rule's parameters.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// Verbs before the thing named (下达, 安排, 支持): the phrase starts after the last one.
    pub verbs: Option<Regex>,
    /// Words removed from a phrase wherever they stand (共, 累计, 年度, heading marks).
    pub fillers: Option<Regex>,
    /// Time and stage words (上年, 截至6月末; 目标, 计划, 实际), read in the value's sentence
    /// before it: each pattern is a category whose words must be
    /// the same in both statements.
    pub context: Vec<Regex>,
    /// Owner words (中央/省级, 本级/对下), read in the value's clause; each pattern is a
    /// category whose words must be the same in both statements.
    pub qualifiers: Vec<Regex>,
    /// Words after a count's noun that start what is said of it (共, 已, 均): the noun ends.
    pub noun_ends: Option<Regex>,
    /// Words around a count that make it a subset of what it counts (其中, 有, 已, 滞后).
    pub subsets: Option<Regex>,
    /// Words after a count's noun that speak of all of them (均, 全部): not a subset.
    pub wholes: Option<Regex>,
    /// Words in a value's sentence before it that make it one part of a breakdown (其中,
    /// 包括, 按用途分): two parts are never compared, since the totals they break down may
    /// differ (the budget's and the spending's, the first batch's and the second's).
    pub parts: Option<Regex>,
    /// Words for the report's own period (本年度, 当年): a time word that qualifies nothing.
    pub current: Option<Regex>,
    /// Marks that open a new topic inside a run-on sentence (`（二）`, `1.`): a value's phrase
    /// and the words that qualify it are read after the last one.
    pub topics: Option<Regex>,
    /// Words saying an amount did not change from one stage to the next (未进行预算调整,
    /// 无调整): in one paragraph, a value after them restates the last value of the same
    /// phrase and owner before them whatever the time and stage words of either.
    pub unchanged: Option<Regex>,
    /// Fewest Han characters a phrase needs to name one thing (with a count's measure word).
    pub min_chars: usize,
    /// Fewest Han characters of a phrase that a part of a breakdown shares with a value
    /// stated on its own: a short one (实际支出) names the part's own scope, not the total.
    pub part_min_chars: usize,
}

/// A later statement that agrees with none of the earlier statements of the same thing
/// (only these are kept: a long report restates much, and only mismatches are reported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restatement {
    /// Index into `Report::quantities` of the nearest earlier statement.
    pub earlier: usize,
    /// Index of the later statement.
    pub later: usize,
    /// The phrase both name, normalised.
    pub phrase: String,
    /// Strong when both are worded alike; weak when they matched only once normalised.
    pub evidence: Evidence,
}

/// How many characters around a value are read for its phrase.
const WINDOW_CHARS: usize = 40;
/// How far back in its sentence the time words of a value are read, in characters.
const SENTENCE_CHARS: usize = 60;
/// Earlier statements kept per phrase (the nearest ones).
const KEEP: usize = 16;

/// What the matcher compares of a value, read with its phrase (on all threads) so that
/// matching it against the earlier statements touches no other quantity.
#[derive(Clone, Copy)]
struct Value {
    at: usize,
    /// Where its token ends (sums are keyed by it).
    end: usize,
    line: usize,
    value: Decimal,
    /// Half a unit of its last written digit.
    half: Decimal,
}

impl Value {
    fn of(qi: usize, q: &Quantity) -> Value {
        Value {
            at: qi,
            end: q.span().end,
            line: q.line(),
            value: q.value,
            half: crate::parse::number::half_unit(q.scale(), q.multiplier()),
        }
    }

    /// Whether two values are equal at the precision of the less precise one.
    fn same(&self, other: &Value) -> bool {
        let tolerance = self.half.max(other.half);
        self.value.checked_sub(other.value).is_some_and(|d| d.abs() < tolerance) || self.value == other.value
    }
}

/// A value's identity, as read from its text.
struct Stated {
    v: Value,
    key: String,
    phrase: String,
    /// The phrase as written, before the filler words were removed.
    raw: String,
    /// One part of a breakdown.
    part: bool,
    /// Han characters of the phrase.
    han: usize,
    /// A count's key without its noun (empty for an amount), and its noun.
    stem: String,
    noun: String,
    /// The count's noun ran into the next value: it may end anywhere.
    runon: bool,
    /// The key without time and stage words, for a value stated unchanged (`unchanged`).
    across_stages: String,
}

/// An earlier statement of a phrase.
struct Earlier {
    v: Value,
    /// Its phrase as written.
    raw: String,
    part: bool,
}

/// An earlier count, for matching a noun that ran into the next value.
struct Noun {
    v: Value,
    noun: String,
    runon: bool,
    part: bool,
}

/// The count an amount is for, stated in its clause: right before its label (`16个重点项目
/// 补助612万元`) or right after it past a colon (`612万元：支持16个项目`).
fn attached_count(report: &Report, qi: usize) -> Option<usize> {
    let qs = &report.quantities;
    let q = &qs[qi];
    let clause = |a: usize, b: usize| !report.text[a.min(b)..b].contains(['，', ',', '；', ';', '。']);
    let before = qi.checked_sub(1).filter(|&k| {
        let c = &qs[k];
        c.unit.is_count() && c.sentence() == q.sentence() && clause(c.span().end, q.span().start)
    });
    let after = Some(qi + 1).filter(|&k| {
        qs.get(k).is_some_and(|c| {
            c.unit.is_count()
                && c.sentence() == q.sentence()
                && report.text[q.span().end..c.span().start.max(q.span().end)].starts_with(['：', ':'])
                && clause(q.span().end, c.span().start)
        })
    });
    before.or(after)
}

/// Values whose phrases are read together (on all threads for a long report).
const BATCH: usize = 4096;

/// Finds every value stated again later under the same phrase that agrees with none of the
/// earlier statements, in text order.
pub fn find(
    report: &Report,
    words: &Words,
    projects: &Projects,
    relations: &Relations,
    threads: bool,
) -> Vec<Restatement> {
    // A total and a part of it are never the same thing, whatever their wording.
    let mut in_sum: HashSet<(usize, usize)> = HashSet::new();
    let mut parts: HashSet<usize> = HashSet::new();
    let mut summed: HashSet<usize> = HashSet::new();
    for s in &relations.sums {
        for p in &s.parts {
            parts.insert(p.span.end);
            summed.insert(p.span.end);
            summed.insert(s.total.span.end);
            in_sum.insert((s.total.span.end, p.span.end));
            in_sum.insert((p.span.end, s.total.span.end));
        }
    }
    let mut m = Matcher {
        summed,
        report,
        words,
        in_sum,
        parts,
        seen: HashMap::new(),
        stems: HashMap::new(),
        last_across: HashMap::new(),
        out: Vec::new(),
    };
    // Reading each value's phrase is most of the work and needs nothing from the others: a
    // batch is read on all threads while the batch before it is matched in text order.
    let qs = &report.quantities;
    // Into a vector kept from batch to batch: a fresh one each time (a MB per batch) was
    // paged in again after each was freed, a fifth of a long report's page faults.
    let read = |from: usize, into: &mut Vec<Option<Stated>>| {
        let end = (from + BATCH).min(qs.len());
        if threads {
            use rayon::prelude::*;
            (from..end).into_par_iter().map(|k| stated(report, words, projects, k, &qs[k])).collect_into_vec(into);
        } else {
            into.clear();
            into.extend((from..end).map(|k| stated(report, words, projects, k, &qs[k])));
        }
    };
    let (mut batch, mut spare) = (Vec::new(), Vec::new());
    read(0, &mut batch);
    let mut from = 0;
    while from < qs.len() {
        let next = from + BATCH;
        let read_next = |into: &mut Vec<Option<Stated>>| {
            if next < qs.len() {
                read(next, into);
            } else {
                into.clear();
            }
        };
        let match_this = |m: &mut Matcher<'_>, this: &mut Vec<Option<Stated>>| {
            for (k, st) in this.drain(..).enumerate() {
                if let Some(st) = st {
                    m.see(from + k, st);
                }
            }
        };
        if threads {
            rayon::join(|| match_this(&mut m, &mut batch), || read_next(&mut spare));
        } else {
            match_this(&mut m, &mut batch);
            read_next(&mut spare);
        }
        std::mem::swap(&mut batch, &mut spare);
        from = next;
    }
    m.out
}

/// Values matched so far: the earlier statements of each phrase, and what was found.
struct Matcher<'a> {
    report: &'a Report,
    words: &'a Words,
    /// (total, part) and (part, total) ends of every sum.
    in_sum: HashSet<(usize, usize)>,
    /// Ends of every part of a sum.
    parts: HashSet<usize>,
    /// Ends of every total and part of a sum.
    summed: HashSet<usize>,
    seen: HashMap<String, Vec<Earlier>>,
    stems: HashMap<String, Vec<Noun>>,
    /// The last value of each phrase and owner, whatever its stage, and whether it is a part.
    last_across: HashMap<String, (Value, bool)>,
    out: Vec<Restatement>,
}

impl Matcher<'_> {
    /// Matches value `qi`, read as `st`, against the values before it.
    fn see(&mut self, qi: usize, mut st: Stated) {
        let (report, words) = (self.report, self.words);
        let qs = &report.quantities;
        let v = st.v;
        let (in_sum, parts, out) = (&self.in_sum, &self.parts, &mut self.out);
        let (seen, stems, last_across) = (&mut self.seen, &mut self.stems, &mut self.last_across);
        st.part |= parts.contains(&v.end);
        // A value in no sum is the total or part of none: its pairs need not be looked up.
        let summed = self.summed.contains(&v.end);
        let in_sum = |e: &Value| summed && in_sum.contains(&(e.end, v.end));
        let across = std::mem::take(&mut st.across_stages);
        if let Some((e, part)) = last_across.get(&across) {
            // `申报项目资金239.50万元 … 未进行预算调整，批复项目资金239.50万元`: the text says
            // the two stages hold one amount.
            let said_unchanged = e.line == v.line
                && words.unchanged.as_ref().is_some_and(|u| u.is_match(&report.text[e.end..qs[qi].span().start]));
            if said_unchanged && (!part || !st.part) && !in_sum(e) && !e.same(&v) {
                out.push(Restatement { earlier: e.at, later: qi, phrase: st.phrase.clone(), evidence: Evidence::Weak });
            }
        }
        last_across.insert(across, (v, st.part));
        let earlier = seen.entry(st.key).or_default();
        let candidates: Vec<&Earlier> = earlier
            .iter()
            .filter(|e| {
                let parts_ok = match (e.part, st.part) {
                    (true, true) => false,
                    (false, false) => true,
                    // A quoted category (`评价等级为“中”的项目`) names one group however short.
                    _ => st.han >= words.part_min_chars || st.phrase.contains(['“', '"', '「']),
                };
                parts_ok && !in_sum(&e.v)
            })
            .collect();
        if let Some(last) = candidates.last() {
            if !candidates.iter().any(|e| e.v.same(&v)) {
                out.push(Restatement {
                    earlier: last.v.at,
                    later: qi,
                    phrase: st.phrase.clone(),
                    evidence: if last.raw == st.raw { Evidence::Strong } else { Evidence::Weak },
                });
            } else if let Some(e) = candidates.iter().rev().find(|e| e.v.same(&v)) {
                // The same amount restated, each time with the count it is for (`16个重点项目
                // 补助612万元` … `重点项目补助612万元：支持16个项目`): the counts must agree too.
                if let (Some(a), Some(b)) = (attached_count(report, e.v.at), attached_count(report, qi)) {
                    if qs[a].unit == qs[b].unit && qs[a].value != qs[b].value {
                        out.push(Restatement {
                            earlier: a,
                            later: b,
                            phrase: st.phrase.clone(),
                            evidence: Evidence::Weak,
                        });
                    }
                }
            }
        } else if !st.stem.is_empty() {
            // A noun that ran into the next value may end anywhere: a count whose noun is
            // written whole and begins it names the same thing, on weak evidence.
            let nouns = stems.get(&st.stem).map_or(&[][..], Vec::as_slice);
            let candidates: Vec<&Noun> = nouns
                .iter()
                .filter(|e| {
                    let (short, long) = if e.runon { (&st.noun, &e.noun) } else { (&e.noun, &st.noun) };
                    let short_han = short.chars().filter(|c| is_han(*c)).count() + 1;
                    e.runon != st.runon
                        && long.len() > short.len()
                        && long.starts_with(short.as_str())
                        && short_han >= words.min_chars.max(1)
                        && !(e.part && st.part)
                        && (e.part == st.part || short_han >= words.part_min_chars)
                        && !in_sum(&e.v)
                })
                .collect();
            if let Some(last) = candidates.last() {
                if !candidates.iter().any(|e| e.v.same(&v)) {
                    let short = if last.runon { &st.noun } else { &last.noun };
                    out.push(Restatement {
                        earlier: last.v.at,
                        later: qi,
                        phrase: short.clone(),
                        evidence: Evidence::Weak,
                    });
                }
            }
        }
        if earlier.len() == KEEP {
            earlier.remove(0);
        }
        earlier.push(Earlier { v, raw: st.raw, part: st.part });
        if !st.stem.is_empty() {
            let nouns = stems.entry(st.stem).or_default();
            if nouns.len() == KEEP {
                nouns.remove(0);
            }
            nouns.push(Noun { v, noun: st.noun, runon: st.runon, part: st.part });
        }
    }
}

/// A Han ideograph (the ranges of `rules::util::is_han`: analysis sits below rules).
fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x30000..=0x3134F)
}

fn is_boundary(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '。' | '；' | ';' | '：' | ':' | '、' | '！' | '？' | '!' | '?' | '|' | '｜' | '\t' | '\n' | '\r'
    )
}

fn is_open(c: char) -> bool {
    matches!(c, '（' | '(' | '“' | '「' | '『' | '《' | '【')
}

fn is_close(c: char) -> bool {
    matches!(c, '）' | ')' | '”' | '」' | '』' | '》' | '】')
}

/// The text of `q`'s clause before it, back to the previous value of its sentence: brackets
/// and quotes are kept whole (`评价等级为“中”的`), a clause boundary outside them ends it.
fn before(report: &Report, qi: usize, q: &Quantity) -> usize {
    let sentence_start =
        report.sentences.get(q.sentence()).map_or(q.span().start, |s| s.span().start.min(q.span().start));
    let prev_end = qi
        .checked_sub(1)
        .map(|p| report.quantities[p].span().end)
        .filter(|&e| e > sentence_start && e <= q.span().start)
        .unwrap_or(sentence_start);
    let text = &report.text[prev_end..q.span().start];
    let mut depth = 0usize;
    let mut start = q.span().start;
    for (n, (i, c)) in text.char_indices().rev().enumerate() {
        if n >= WINDOW_CHARS {
            break;
        }
        if is_close(c) {
            depth += 1;
        } else if is_open(c) {
            if depth == 0 {
                break;
            }
            depth -= 1;
        } else if depth == 0 && is_boundary(c) {
            break;
        }
        start = prev_end + i;
    }
    start
}

/// The end of a count's noun (brackets kept whole, up to a clause boundary, a digit or the
/// next value), and whether it ran into the next value with no boundary between them
/// (`14个国家级代表性项目年度保护资金528万元`: where the noun ends is not written).
fn after(report: &Report, qi: usize, q: &Quantity) -> (usize, bool) {
    let sentence_end = report.sentences.get(q.sentence()).map_or(q.span().end, |s| s.span().end.max(q.span().end));
    let next = report.quantities.get(qi + 1).map_or(sentence_end, |n| n.span().start.clamp(q.span().end, sentence_end));
    let text = &report.text[q.span().end..next];
    let mut depth = 0usize;
    let mut end = q.span().end;
    for (n, (i, c)) in text.char_indices().enumerate() {
        if n >= WINDOW_CHARS {
            return (end, false);
        }
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            if depth == 0 {
                return (end, false);
            }
            depth -= 1;
        } else if c.is_ascii_digit() {
            return (end, true);
        } else if depth == 0 && is_boundary(c) {
            return (end, false);
        }
        end = q.span().end + i + c.len_utf8();
    }
    (end, next < sentence_end)
}

fn stated(report: &Report, words: &Words, projects: &Projects, qi: usize, q: &Quantity) -> Option<Stated> {
    let count = match q.unit {
        Unit::Yuan => None,
        Unit::Count(w) => Some(w.as_str()),
        _ => return None,
    };
    if q.in_range()
        || q.cmp.is_some()
        || q.paren_depth > 0
        || report.lines.get(q.line()).is_some_and(|l| l.table().is_some())
    {
        return None;
    }
    let mut label_start = before(report, qi, q);
    let sentence_start = report.sentences.get(q.sentence()).map_or(label_start, |s| s.span().start.min(label_start));
    let mut from = q.span().start.saturating_sub(SENTENCE_CHARS * 3).max(sentence_start);
    while !report.text.is_char_boundary(from) {
        from += 1;
    }
    if let Some(m) = words.topics.as_ref().and_then(|t| t.find_iter(&report.text[from..q.span().start]).last()) {
        from += m.start();
        label_start = label_start.max(from);
    }
    let label = &report.text[label_start..q.span().start];
    let mut noun = "";
    let mut runon = false;
    // The end of the last verb of a count's label, once read (see `named` below).
    let mut last_verb = None;
    if count.is_some() {
        let (clause_end, ran) = after(report, qi, q);
        let rest = &report.text[q.span().end..clause_end];
        let cut = words.noun_ends.as_ref().and_then(|r| r.find(rest)).map_or(rest.len(), |m| m.start());
        noun = &rest[..cut];
        runon = ran && cut == rest.len();
        let predicate = &rest[cut..];
        // The object of a verb (支持15个项目完成了…) is all that the verb reached: what is said
        // after it does not make it a subset. 对 only introduces the object of the verb after.
        let verb = words.verbs.as_ref().and_then(|v| v.find_iter(label).last());
        last_verb = Some(verb.map_or(0, |m| m.end()));
        let object = verb.is_some_and(|m| label[m.end()..].trim().is_empty() && m.as_str() != "对");
        let subset = |t: &str| words.subsets.as_ref().is_some_and(|r| r.is_match(t));
        let whole = || words.wholes.as_ref().is_some_and(|r| r.is_match(predicate) || r.is_match(label));
        if (subset(label) || (!object && subset(predicate))) && !whole() {
            return None;
        }
    }
    // The thing named starts after the last verb; an amount's label is its noun, so a verb
    // that ends it (重点项目补助) is part of the name. A count's is any last verb, read above.
    let named = match (&words.verbs, last_verb) {
        (Some(_), Some(cut)) => &label[cut..],
        (Some(verbs), None) => {
            let cut =
                verbs.find_iter(label).filter(|m| !label[m.end()..].trim().is_empty()).last().map_or(0, |m| m.end());
            &label[cut..]
        }
        (None, _) => label,
    };
    let raw = normalised(&[named, noun].concat());
    let phrase = without_fillers(words, &raw);
    let han = phrase.chars().filter(|c| is_han(*c)).count() + usize::from(count.is_some());
    if han < words.min_chars.max(1) || phrase.chars().all(|c| !is_han(c)) {
        return None;
    }
    let clause = [label, noun].concat();
    let mut key = String::new();
    for category in &words.qualifiers {
        push_words(&mut key, category, &clause, None, None);
    }
    let owners = key.clone();
    // The words since the previous value qualify it; where they say nothing of a category,
    // the sentence's opening words do (`上年度…300万元，本年度…350万元`: 本年度 is the
    // report's own time, 上年度 not). Not the section's title: 预算执行情况 and
    // 绩效目标完成情况 head the overview and the results whatever they restate.
    let near_start = qi
        .checked_sub(1)
        .map(|p| report.quantities[p].span().end)
        .filter(|&e| e > from && e <= label_start)
        .unwrap_or(from);
    let near = [&report.text[near_start..q.span().start], noun].concat();
    let far = &report.text[from..near_start];
    for category in &words.context {
        let current = words.current.as_ref();
        if !push_words(&mut key, category, &near, report.year, current) {
            // Nothing of the category near: only its separator was written.
            key.pop();
            push_words(&mut key, category, far, report.year, current);
        }
    }
    let part = words.parts.as_ref().is_some_and(|r| r.is_match(&report.text[from.min(label_start)..label_start]));
    let scope = projects.scope_of(q.span().start).to_string();
    let unit = count.unwrap_or("元");
    // Built by concatenation: `format!` costs several times as much, once per value.
    let joined = |name: &str, qualifiers: &str| [&scope, "\u{1}", unit, "\u{1}", name, "\u{1}", qualifiers].concat();
    let stem = match count {
        Some(_) => joined(&without_fillers(words, &normalised(named)), &key),
        None => String::new(),
    };
    let across_stages = joined(&phrase, &owners);
    let key = joined(&phrase, &key);
    Some(Stated {
        v: Value::of(qi, q),
        key,
        phrase,
        raw,
        part,
        han,
        stem,
        noun: normalised(noun),
        runon,
        across_stages,
    })
}

/// Whitespace dropped, half-width brackets read as full-width.
fn normalised(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

/// The phrase without its filler words; fillers anchored at the start may stand behind one
/// another (`（二）共`).
fn without_fillers(words: &Words, raw: &str) -> String {
    let mut phrase = raw.to_owned();
    if let Some(f) = &words.fillers {
        for _ in 0..4 {
            match f.replace_all(&phrase, "") {
                std::borrow::Cow::Owned(next) if next != phrase => phrase = next,
                _ => break,
            }
        }
    }
    phrase
}

/// Appends the words of one category found in `text` to `key`, sorted, after a separator:
/// a year equal to the report's own and a `current` word are the report's default time, not
/// a qualifier. Says whether the category occurs at all (qualifying or not).
fn push_words(key: &mut String, category: &Regex, text: &str, own_year: Option<i32>, current: Option<&Regex>) -> bool {
    let all: Vec<&str> = category.find_iter(text).map(|m| m.as_str()).collect();
    let occurs = !all.is_empty();
    let mut found: Vec<&str> = all
        .into_iter()
        .filter(|w| {
            let digits = &w[..w.bytes().take_while(u8::is_ascii_digit).count()];
            let own = digits.len() == 4 && digits.parse::<i32>().ok() == own_year;
            !(own || current.is_some_and(|c| c.is_match(w)))
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    key.push('\u{2}');
    for w in found {
        key.push_str(w);
        key.push('\u{3}');
    }
    occurs
}
