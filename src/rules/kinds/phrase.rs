//! `phrase`: text that must not appear — a misused word with its correction (typo), a
//! phrase that no longer fits the report's year (stale-phrase), sentences copied from
//! the bureau's instructions (template-text). Literal or regex, with conditions on what
//! follows and on the report's year. A single replacement becomes an automatic fix.
//!
//! When all of a rule's phrases are literal words (the typo list), they are also compiled
//! into one `RegexSet`: one scan of the report says which occur at all (usually none), and
//! only those are searched for their positions, instead of one full scan per phrase. Rules
//! with regex phrases are few and short; a set of them costs more to compile at start-up
//! than it saves per report.

use super::super::config::RuleDef;
use super::super::util::{regex, require};
use super::super::{Check, Context, KindError, RuleMeta};
use crate::diagnostics::{Diagnostic, Edit};
use crate::facts::FactSet;
use crate::util::Spanned;
use regex::{Regex, RegexSet};
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `phrase` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// The phrases to find.
    pub phrase: Vec<PhraseDef>,
    /// Report at most one finding per sentence (template text spans sentences).
    pub once_per_sentence: bool,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhraseDef {
    /// Literal text, or a regex when `regex = true`.
    pub find: Spanned<String>,
    #[serde(default)]
    pub regex: bool,
    /// The correction; a phrase with a single replacement gets an automatic fix.
    #[serde(default)]
    pub replace: Option<String>,
    /// Regex that must match right after the phrase (截止 only before a date).
    #[serde(default)]
    pub followed_by: Option<Spanned<String>>,
    /// Regex that must not match right after the phrase.
    #[serde(default)]
    pub not_followed_by: Option<Spanned<String>>,
    /// The phrase only applies to reports of this year or later …
    #[serde(default)]
    pub from_year: Option<i32>,
    /// … or of this year or earlier.
    #[serde(default)]
    pub until_year: Option<i32>,
    /// Why this phrase is wrong (filled into `{note}`).
    #[serde(default)]
    pub note: Option<String>,
}

/// The capture group that narrows a regex phrase's finding to the part at fault.
const FLAG_GROUP: &str = "flag";

struct Phrase {
    find: Regex,
    replace: Option<String>,
    followed_by: Option<Regex>,
    not_followed_by: Option<Regex>,
    from_year: Option<i32>,
    until_year: Option<i32>,
    note: String,
}

struct PhraseRule {
    phrases: Vec<Phrase>,
    /// `phrases[i].find` is pattern `i` of this set (literal rules only).
    any: Option<RegexSet>,
    once_per_sentence: bool,
}

fn anchored(s: &Spanned<String>) -> Result<Regex, KindError> {
    let wrapped = Spanned::new(s.span(), format!("^(?:{})", s.get_ref()));
    regex(&wrapped)
}

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let p: Params = def.params()?;
    let mut phrases = Vec::new();
    for p in require(&p.phrase, def, "phrase")? {
        if p.find.get_ref().is_empty() {
            return Err(KindError::new(p.find.span(), "`find` 不能为空"));
        }
        let pattern = if p.regex { p.find.get_ref().clone() } else { regex::escape(p.find.get_ref()) };
        phrases.push(Phrase {
            find: regex(&Spanned::new(p.find.span(), pattern))?,
            replace: p.replace.clone(),
            followed_by: p.followed_by.as_ref().map(anchored).transpose()?,
            not_followed_by: p.not_followed_by.as_ref().map(anchored).transpose()?,
            from_year: p.from_year,
            until_year: p.until_year,
            note: p.note.clone().unwrap_or_default(),
        });
    }
    let literal = p.phrase.iter().all(|p| !p.regex);
    let any = if literal && phrases.len() > 1 {
        Some(RegexSet::new(phrases.iter().map(|p| p.find.as_str())).map_err(|e| {
            KindError::new(p.phrase.first().map_or(0..0, |p| p.find.span()), format!("无法合并本规则的短语：{e}"))
        })?)
    } else {
        None
    };
    Ok(Box::new(PhraseRule { phrases, any, once_per_sentence: p.once_per_sentence }))
}

impl Check for PhraseRule {
    fn reads_analysis(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        let text = report.text.as_str();
        let mut found: Vec<Diagnostic> = Vec::new();
        let present: Vec<usize> = match &self.any {
            Some(set) => set.matches(text).into_iter().collect(),
            None => (0..self.phrases.len()).collect(),
        };
        for p in present.iter().map(|&i| &self.phrases[i]) {
            let year_ok = match report.year {
                Some(y) => p.from_year.is_none_or(|f| y >= f) && p.until_year.is_none_or(|u| y <= u),
                // Without a known year, a year-bound phrase cannot be judged.
                None => p.from_year.is_none() && p.until_year.is_none(),
            };
            if !year_ok {
                continue;
            }
            for caps in p.find.captures_iter(text) {
                let Some(whole) = caps.get(0) else {
                    continue;
                };
                // Groups only group (`(取得|获得)了?成效` flags all of it), unless one is
                // named `flag`: that one is the part at fault.
                let m = caps.name(FLAG_GROUP).unwrap_or(whole);
                let rest = &text[whole.end()..];
                if p.followed_by.as_ref().is_some_and(|r| !r.is_match(rest))
                    || p.not_followed_by.as_ref().is_some_and(|r| r.is_match(rest))
                {
                    continue;
                }
                let found_text = m.as_str();
                let replace = p.replace.as_deref().unwrap_or("");
                let year = report.year.map(|y| y.to_string()).unwrap_or_default();
                let mut d = rule
                    .diag(
                        m.start()..m.end(),
                        &[("found", found_text), ("replace", replace), ("note", &p.note), ("year", &year)],
                    )
                    .with_label(match &p.replace {
                        Some(r) => format!("应为“{r}”"),
                        None => "此处".to_owned(),
                    });
                if let Some(r) = &p.replace {
                    d = d.with_fix(
                        format!("将“{found_text}”改为“{r}”"),
                        vec![Edit { span: m.start()..m.end(), replacement: r.clone() }],
                    );
                }
                found.push(d);
            }
        }
        if self.once_per_sentence {
            found.sort_by_key(|d| d.span.start);
            let mut last_sentence = None;
            found.retain(|d| {
                let s = report.sentence_at(d.span.start);
                let keep = s.is_none() || s != last_sentence;
                last_sentence = s;
                keep
            });
        }
        out.extend(found);
    }
}
