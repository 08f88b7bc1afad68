//! `numbering`: heading numbers. A heading written in the style of another level (`1、`
//! where its siblings are `二、三、`) is reported with the right mark as a fix; within
//! one parent, headings of one style must count 1, 2, 3 … without gaps or repeats.

use super::super::config::RuleDef;
use super::super::{Check, Context, KindError, RuleMeta};
use crate::diagnostics::{Diagnostic, Edit};
use crate::facts::FactSet;
use crate::parse::NumberStyle;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `numbering` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {}

struct NumberingRule;

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let Params {} = def.params()?;
    Ok(Box::new(NumberingRule))
}

impl Check for NumberingRule {
    fn reads_analysis(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        for h in &report.headings {
            if h.style != h.effective_style {
                let found = report.slice(&h.mark());
                let expected = h.effective_style.render(h.ordinal);
                let detail = format!(
                    "“{found}”与同级标题的编号样式（“{}”式）不一致，应为“{expected}”",
                    h.effective_style.example()
                );
                let msg_vars = [("found", found), ("expected", expected.as_str()), ("detail", detail.as_str())];
                out.push(rule.diag(h.mark(), &msg_vars).with_label(format!("应为“{expected}”")).with_fix(
                    format!("改为“{expected}”"),
                    vec![Edit { span: h.mark(), replacement: expected.clone() }],
                ));
            }
        }
        // Sequence within each parent, per style.
        for section in 0..report.sections.len() {
            let mut last: Vec<(NumberStyle, u8, u32, usize)> = Vec::new();
            for child in report.children(section) {
                let Some(hi) = report.sections[child].heading() else {
                    continue;
                };
                let h = &report.headings[hi];
                if h.ordinal == 0 {
                    continue;
                }
                let key = (h.effective_style, h.depth);
                let prev = last.iter_mut().find(|(s, d, _, _)| (*s, *d) == key);
                let expected = prev.as_ref().map_or(1, |p| p.2 + 1);
                if h.ordinal != expected {
                    let found = report.slice(&h.mark());
                    let exp = h.effective_style.render(expected);
                    let detail = format!("编号不连续，此处为“{found}”，按顺序应为“{exp}”");
                    let mut d = rule
                        .diag(h.mark(), &[("found", found), ("expected", &exp), ("detail", &detail)])
                        .with_label(format!("应为“{exp}”"));
                    if let Some(p) = &prev {
                        let ph = &report.headings[p.3];
                        d = d.with_related(ph.mark(), "上一个同级标题");
                    }
                    out.push(d);
                }
                match prev {
                    Some(p) => {
                        p.2 = h.ordinal;
                        p.3 = hi;
                    }
                    None => last.push((key.0, key.1, h.ordinal, hi)),
                }
            }
        }
    }
}
