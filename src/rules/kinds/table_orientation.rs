//! `table-orientation`: a 绩效自评表 measures results. All configured categories (产出,
//! 效益, 满意度) must be present, each with at least one of its 二级 (数量/质量/时效/成本;
//! 经济/社会/生态效益/可持续影响; 满意度), and a 二级 must sit under the right 一级.
//! Money and process items (资金到位率, 预算执行率, 按时拨付) used as 产出 or 效益
//! indicators are inputs, not results ("财力、人力和物力等投入数量不能作为绩效目标"), except
//! under 成本指标. Placeholders left in indicator values (`**`, `XX`, `≥**平方米`) are
//! flagged: the indicator was never filled in.

use super::super::config::RuleDef;
use super::super::util::{regex_set, regexes};
use super::super::{Check, Context, KindError, RuleMeta};
use crate::analysis::table_model::{category_name, comparator, Cell, Cmp};
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;
use crate::util::Spanned;
use regex::{Regex, RegexSet};
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `table-orientation` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Indicator categories (一级) with their allowed 二级.
    pub indicator_category: Vec<IndicatorCategoryDef>,
    /// Regexes for money or process items that are not outputs/outcomes.
    pub process_items: Vec<Spanned<String>>,
    /// Regexes on the 二级 where money items belong (成本指标).
    pub process_exempt: Vec<Spanned<String>>,
    /// Regexes for placeholders left in indicator values (`**`, `XX`).
    pub placeholders: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorCategoryDef {
    pub name: String,
    /// Regexes on the 一级指标 text.
    pub patterns: Vec<Spanned<String>>,
    /// Regexes on the 二级指标 text: the 二级 this category may hold.
    #[serde(default)]
    pub secondary: Vec<Spanned<String>>,
}

struct Category {
    name: String,
    patterns: RegexSet,
    secondary: Option<RegexSet>,
}

struct OrientationRule {
    categories: Vec<Category>,
    process: Option<RegexSet>,
    exempt: Option<RegexSet>,
    placeholders: Vec<Regex>,
}

fn opt_set(list: &[Spanned<String>]) -> Result<Option<RegexSet>, KindError> {
    if list.is_empty() {
        Ok(None)
    } else {
        regex_set(list).map(Some)
    }
}

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let p: Params = def.params()?;
    let mut categories = Vec::new();
    for c in &p.indicator_category {
        categories.push(Category {
            name: c.name.clone(),
            patterns: regex_set(&c.patterns)?,
            secondary: opt_set(&c.secondary)?,
        });
    }
    Ok(Box::new(OrientationRule {
        categories,
        process: opt_set(&p.process_items)?,
        exempt: opt_set(&p.process_exempt)?,
        placeholders: regexes(&p.placeholders)?,
    }))
}

fn text(c: &Option<Cell>) -> &str {
    c.as_ref().map_or("", |c| c.text.as_str())
}

impl Check for OrientationRule {
    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        for t in &cx.analysis.tables {
            if t.rows.is_empty() {
                continue;
            }
            let mut d = |span: crate::parse::Span, detail: String, label: &str| {
                out.push(rule.diag(span, &[("detail", &detail)]).with_label(label.to_owned()));
            };
            // Which category each row belongs to, by its 一级 text.
            let cat_of = |l1: &str| self.categories.iter().position(|c| c.patterns.is_match(l1));
            let mut missing = Vec::new();
            for (ci, c) in self.categories.iter().enumerate() {
                let rows: Vec<_> = t.rows.iter().filter(|r| cat_of(text(&r.level1)) == Some(ci)).collect();
                if rows.is_empty() {
                    missing.push(c.name.clone());
                    continue;
                }
                if let Some(sec) = &c.secondary {
                    for r in &rows {
                        let l2 = text(&r.level2);
                        if l2.is_empty() || sec.is_match(l2) {
                            continue;
                        }
                        // A 二级 that belongs to another category is misplaced.
                        let belongs =
                            self.categories.iter().find(|o| o.secondary.as_ref().is_some_and(|s| s.is_match(l2)));
                        if let (Some(o), Some(cell)) = (belongs, &r.level2) {
                            d(
                                cell.span.clone(),
                                format!("二级指标“{l2}”属于{}，却放在{}之下", o.name, c.name),
                                "二级指标归类错误",
                            );
                        }
                    }
                    if !rows.iter().any(|r| sec.is_match(text(&r.level2))) && rows.iter().any(|r| r.level2.is_some()) {
                        let cell = rows[0].level1.as_ref().map_or(rows[0].span.clone(), |c| c.span.clone());
                        d(cell, format!("{}下没有规定的二级指标", c.name), "缺少二级指标");
                    }
                }
            }
            if !missing.is_empty() && missing.len() < self.categories.len() {
                let list = missing.join("、");
                let anchor = t.rows[0].level1.as_ref().map_or(t.rows[0].span.clone(), |c| c.span.clone());
                d(anchor, format!("绩效指标缺少{list}"), "指标类别不全");
            }
            for r in &t.rows {
                let l1 = text(&r.level1);
                // Rows outside the configured categories (a 预算执行 block, 成本指标 as 一级) are
                // not results indicators.
                let result_category = cat_of(l1).is_some();
                if let (Some(process), true) = (&self.process, result_category) {
                    let exempt = self.exempt.as_ref().is_some_and(|e| e.is_match(text(&r.level2)));
                    let name = r.name_text();
                    if !exempt && !name.is_empty() && process.is_match(name) {
                        d(
                            r.anchor(&r.name),
                            format!("“{name}”是资金或过程指标，不能作为{}反映项目产出和效果", category_name(l1)),
                            "投入/过程指标",
                        );
                    }
                }
                // A satisfaction rate filed as an outcome (or an outcome as an output): the
                // indicator's own name says which category it belongs to.
                if let (Some(own), Some(name)) = (cat_of(l1), &r.name) {
                    let named = self.categories.iter().position(|c| c.patterns.is_match(&name.text));
                    if let Some(other) =
                        named.filter(|&o| o != own && !self.categories[own].patterns.is_match(&name.text))
                    {
                        d(
                            name.span.clone(),
                            format!(
                                "“{}”是{}，却作为{}",
                                name.text, self.categories[other].name, self.categories[own].name
                            ),
                            "指标类别错误",
                        );
                    }
                }
                // A cost is capped, not a floor.
                if text(&r.level2).contains("成本") {
                    if let Some(t) = &r.target {
                        if let Some((Cmp::Ge | Cmp::Gt, _)) = comparator(&t.text) {
                            d(
                                t.span.clone(),
                                format!("成本指标“{}”的指标值“{}”应为上限（≤），而不是下限", r.name_text(), t.text),
                                "成本应为上限",
                            );
                        }
                    }
                }
                for cell in [&r.target, &r.actual].into_iter().flatten() {
                    if let Some(m) = self.placeholders.iter().find_map(|p| p.find(&cell.text)) {
                        let start = cell.span.start + m.start();
                        d(
                            start..start + m.len(),
                            format!("指标值“{}”含占位符“{}”，尚未填写", cell.text, m.as_str()),
                            "占位符",
                        );
                    }
                }
            }
        }
    }
}
