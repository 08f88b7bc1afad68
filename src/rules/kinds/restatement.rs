//! The `restated` table of a `consistency` rule: an amount or a count stated again later
//! under the same phrase with another value (`重点项目补助612万元` in the overview,
//! `重点项目补助661万元` in its own section). The relation is found once per report by
//! `analysis::restatements` from this table's wording; this module reads the wording and
//! reports the statements that agree with no earlier one.
//!
//! A table of `consistency`, not a kind of its own: a user sees one rule, `count-mismatch`,
//! for "the same quantity stated with different values", whether a configured fact or any
//! restated phrase.

use super::super::config::RuleDef;
use super::super::{Check, Context, KindError, RuleMeta};
use super::{line_no, written};
use crate::analysis::relations::Evidence;
use crate::analysis::restatements::Words;
use crate::diagnostics::{Diagnostic, Severity};
use crate::util::Spanned;
use regex::Regex;
use schemars::JsonSchema;
use serde::Deserialize;

/// The keys of the `restated` table of a `consistency` rule: regexes on the text around a
/// stated value, and two lengths.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Verbs that stand before the thing named (下达, 安排, 支持, 分配至): the phrase that
    /// identifies a value starts after the last one in its clause.
    pub verbs: Vec<Spanned<String>>,
    /// Words removed from a phrase wherever they stand (共, 累计, 年度, heading marks), so
    /// that `（二）政府性基金预算支出` names what `政府性基金预算支出` names.
    pub fillers: Vec<Spanned<String>>,
    /// Time and stage words, one regex per category, read in the value's sentence before
    /// it: two statements restate each other only with the same
    /// words of every category (上年, 年初, 截至6月末, 目标, 实际; a year equal to the
    /// report's own is not a qualifier).
    pub context: Vec<Spanned<String>>,
    /// Owner words, one regex per category, read in the value's clause (中央 / 省级, 本级 /
    /// 对下): the same words of every category are needed.
    pub qualifiers: Vec<Spanned<String>>,
    /// Words after a count's noun that begin what is said of it (共, 已, 均): the noun
    /// ends there.
    pub noun_ends: Vec<Spanned<String>>,
    /// Regexes on the words before a count or after its noun that make it a subset of what
    /// it counts (其中, 有, 已完工, 滞后): such a count restates nothing.
    pub subsets: Vec<Spanned<String>>,
    /// Regexes on the words around a count that speak of all of them (均, 全部): the count
    /// is the whole even where `subsets` match.
    pub wholes: Vec<Spanned<String>>,
    /// Regexes on a value's sentence before its clause that make it one part of a breakdown
    /// (其中, 包括, 按用途分): two parts are never compared with each other, since the
    /// totals they break down may differ (the budget's and the spending's).
    pub parts: Vec<Spanned<String>>,
    /// Regexes for the words naming the report's own period (本年度, 当年): a `context` word
    /// that qualifies nothing, though it stops the search for one in the sentence's opening.
    pub current: Vec<Spanned<String>>,
    /// Regexes for marks that open a new topic inside a run-on sentence (`（二）`, `1.`): a
    /// value's phrase and what qualifies it are read after the last one.
    pub topics: Vec<Spanned<String>>,
    /// Regexes for words saying an amount did not change between stages (未进行预算调整,
    /// 无调整): in one paragraph, a value after them must equal the last value of the same
    /// phrase and owner before them, whatever the time and stage words of either.
    pub unchanged: Vec<Spanned<String>>,
    /// Fewest Han characters a phrase needs to name one thing, a count's measure word
    /// included (default 4: `个县（市、区）` yes, `个项目` no).
    pub min_chars: Option<Spanned<u32>>,
    /// Fewest Han characters of the phrase a part of a breakdown must share with a value
    /// stated on its own to restate it (default 6): a short one (`其中：…实际支出`) names the
    /// part's own scope.
    pub part_min_chars: Option<Spanned<u32>>,
}

/// Fewest Han characters of a phrase when `min_chars` is not given.
const MIN_CHARS: usize = 4;
/// Fewest Han characters shared by a part and a value on its own when `part_min_chars` is
/// not given.
const PART_MIN_CHARS: usize = 6;

/// One regex matching any of the configured ones, each checked on its own first so that an
/// error points at the one that is wrong.
fn any_of(list: &[Spanned<String>]) -> Result<Option<Regex>, KindError> {
    if list.is_empty() {
        return Ok(None);
    }
    super::super::util::regexes(list)?;
    let joined = list.iter().map(|s| format!("(?:{})", s.get_ref())).collect::<Vec<_>>().join("|");
    Regex::new(&joined).map(Some).map_err(|e| KindError::new(list[0].span(), format!("正则表达式写错了：{e}")))
}

/// The wording the analysis reads, from this kind's parameters.
pub fn words(p: &Params) -> Result<Words, KindError> {
    Ok(Words {
        verbs: any_of(&p.verbs)?,
        fillers: any_of(&p.fillers)?,
        context: super::super::util::regexes(&p.context)?,
        qualifiers: super::super::util::regexes(&p.qualifiers)?,
        noun_ends: any_of(&p.noun_ends)?,
        subsets: any_of(&p.subsets)?,
        wholes: any_of(&p.wholes)?,
        parts: any_of(&p.parts)?,
        current: any_of(&p.current)?,
        topics: any_of(&p.topics)?,
        unchanged: any_of(&p.unchanged)?,
        min_chars: p.min_chars.as_ref().map_or(MIN_CHARS, |m| *m.get_ref() as usize),
        part_min_chars: p.part_min_chars.as_ref().map_or(PART_MIN_CHARS, |m| *m.get_ref() as usize),
    })
}

/// The restatement wording of a rule definition: the `restated` table of a `consistency`
/// rule; `None` for other rules.
pub fn vocabulary(def: &RuleDef) -> Result<Option<Words>, KindError> {
    if def.kind.get_ref() != "consistency" {
        return Ok(None);
    }
    match def.params::<super::consistency::Params>()?.restated {
        Some(p) => words(&p).map(Some),
        None => Ok(None),
    }
}

/// Reports the restatements the analysis found that agree with no earlier statement.
pub struct Restated;

impl Check for Restated {
    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        for r in cx.analysis.restatements.iter() {
            let (Some(earlier), Some(later)) = (report.quantities.get(r.earlier), report.quantities.get(r.later))
            else {
                continue;
            };
            let fact = format!("“{}”", r.phrase);
            let found = written(report, later);
            let before = written(report, earlier);
            let others = format!("第{}行为{before}", line_no(report, earlier.span().start));
            let mut d = rule
                .diag(later.span(), &[("fact", &fact), ("found", &found), ("others", &others)])
                .with_related(earlier.span(), format!("前文为{before}"));
            if r.evidence == Evidence::Weak && d.severity == Severity::Error {
                d.severity = Severity::Warning;
            }
            out.push(d);
        }
    }
}
