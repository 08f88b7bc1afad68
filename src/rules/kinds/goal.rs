//! `goal`: a performance goal (绩效目标) must be measurable: its text — the heading's own
//! body and the paragraphs under it, or a `绩效目标：…` paragraph — needs at least one
//! target value (a number with a unit, a rate, a count) or a measurable phrase.

use super::super::config::RuleDef;
use super::super::util::{regex_set, require};
use super::super::{Check, Context, KindError, RuleMeta};
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;
use crate::parse::{LineKind, Report, Span, Unit};
use crate::util::Spanned;
use regex::RegexSet;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `goal` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Regexes on a heading title or label that introduces goals.
    pub labels: Vec<Spanned<String>>,
    /// Regexes that disqualify what `labels` matched (完成情况 is not a goal).
    pub exclude: Vec<Spanned<String>>,
    /// Regexes that make a goal measurable besides numbers (≥, 不低于 …).
    pub measurable: Vec<Spanned<String>>,
}

struct GoalRule {
    labels: RegexSet,
    exclude: Option<RegexSet>,
    measurable: Option<RegexSet>,
}

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let p: Params = def.params()?;
    let opt = |l: &[Spanned<String>]| {
        if l.is_empty() {
            Ok(None)
        } else {
            regex_set(l).map(Some)
        }
    };
    Ok(Box::new(GoalRule {
        labels: regex_set(require(&p.labels, def, "labels")?)?,
        exclude: opt(&p.exclude)?,
        measurable: opt(&p.measurable)?,
    }))
}

impl GoalRule {
    fn is_goal(&self, title: &str) -> bool {
        self.labels.is_match(title) && !self.exclude.as_ref().is_some_and(|e| e.is_match(title))
    }

    fn measurable(&self, report: &Report, body: &Span) -> bool {
        let has_value = report.quantities.iter().any(|q| {
            q.span().start >= body.start && q.span().end <= body.end && !matches!(q.unit, Unit::None) && !q.chinese()
        });
        has_value || self.measurable.as_ref().is_some_and(|m| m.is_match(report.slice(body)))
    }
}

impl Check for GoalRule {
    fn reads_analysis(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        // Goal headings: body on the heading line plus the lines until the next heading.
        for h in &report.headings {
            let title = report.slice(&h.title());
            if !self.is_goal(title) {
                continue;
            }
            let start = h.body().as_ref().map_or(h.span().end, |b| b.start);
            let end = report.lines[h.line() + 1..]
                .iter()
                .find(|l| matches!(l.kind, LineKind::Heading(_)))
                .map_or(report.text.len(), |l| l.span().start);
            let body = start..end.max(start);
            if report.slice(&body).trim().is_empty() || self.measurable(report, &body) {
                continue;
            }
            out.push(rule.diag(h.title(), &[("title", title)]).with_label("未见可衡量的目标值"));
        }
        // `绩效目标：……` paragraphs.
        for line in report.lines.iter().filter(|l| l.kind == LineKind::Text) {
            let s = report.slice(&line.content());
            let Some((i, c)) = s.char_indices().take(40).find(|(_, c)| matches!(c, '：' | ':')) else {
                continue;
            };
            let label = &s[..i];
            if !self.is_goal(label) {
                continue;
            }
            let body = line.content().start + i + c.len_utf8()..line.content().end;
            if report.slice(&body).trim().is_empty() || self.measurable(report, &body) {
                continue;
            }
            let span = line.content().start..line.content().start + i;
            out.push(rule.diag(span, &[("title", label)]).with_label("未见可衡量的目标值"));
        }
    }
}
