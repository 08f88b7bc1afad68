//! `outline`: sections the bureau's outline requires (基本情况, 预算执行, 问题, 措施 …),
//! matched by heading title against synonym patterns — never by number, because every
//! city numbers its outline differently. Short unnumbered lines count as headings too.

use super::super::config::RuleDef;
use super::super::util::{regex_set, require};
use super::super::{Check, Context, KindError, RuleMeta};
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;
use crate::parse::{LineKind, Report};
use crate::util::Spanned;
use regex::RegexSet;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `outline` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// The sections a report must have.
    pub section: Vec<SectionDef>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionDef {
    /// The section's name in messages.
    pub name: String,
    /// Regexes; a heading title matching any of them is this section.
    pub titles: Vec<Spanned<String>>,
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}

struct Section {
    name: String,
    titles: RegexSet,
}

struct OutlineRule {
    sections: Vec<Section>,
}

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let p: Params = def.params()?;
    let mut sections = Vec::new();
    for s in require(&p.section, def, "section")?.iter().filter(|s| s.required) {
        if s.titles.is_empty() {
            return Err(KindError::new(def.id.span(), format!("章节“{}”没有 `titles`", s.name)));
        }
        sections.push(Section { name: s.name.clone(), titles: regex_set(&s.titles)? });
    }
    Ok(Box::new(OutlineRule { sections }))
}

/// Titles of numbered headings, and of short unnumbered lines that look like headings.
fn heading_titles(report: &Report) -> Vec<&str> {
    let mut titles: Vec<&str> = report.headings.iter().map(|h| report.slice(&h.title())).collect();
    for line in &report.lines {
        if line.kind == LineKind::Text {
            let s = report.slice(&line.content()).trim();
            let short = s.chars().count() <= 30;
            if short && !s.ends_with(['。', '；', ';', '，', ',']) {
                titles.push(s.trim_end_matches(['：', ':']));
            }
        }
    }
    titles
}

/// Where a whole-report finding points: the title, else the first non-blank line.
pub(crate) fn report_anchor(report: &Report) -> std::ops::Range<usize> {
    if let Some(t) = &report.title {
        return t.clone();
    }
    report.lines.iter().find(|l| l.kind != LineKind::Blank).map_or(0..0, |l| {
        let s = report.slice(&l.content());
        let first = s.chars().next().map_or(0, char::len_utf8);
        l.content().start..l.content().start + first
    })
}

impl Check for OutlineRule {
    fn reads_analysis(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        if report.lines.iter().all(|l| l.kind == LineKind::Blank) {
            return;
        }
        let titles = heading_titles(report);
        for s in &self.sections {
            if !titles.iter().any(|t| s.titles.is_match(t)) {
                out.push(
                    rule.diag(report_anchor(report), &[("section", &s.name)]).with_label(format!("缺少“{}”", s.name)),
                );
            }
        }
    }
}
