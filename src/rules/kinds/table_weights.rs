//! `table-weights`: the 100 points of a 绩效自评表 are split by rule — nationally
//! 产出 50 / 效益 30 / 满意度 10 / 预算执行 10 (财政部 2016 notice), provinces use other
//! splits (profiles). Checks that the 一级 weights plus the budget block's 分值 add up to
//! 100, that each 一级's rows add up to the weight written in its cell (`产出指标（50分）`)
//! and likewise for a weighted 二级, that a 总分 row's 分值 is the sum, and that the
//! split matches one of the configured profiles.

use super::super::config::RuleDef;
use super::super::util::regex;
use super::super::{Check, Context, KindError, RuleMeta};
use crate::analysis::table_model::{category_name, cell_num, fmt, stated_weight, Cell, IndicatorTable};
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;
use crate::rules::util::config_dec;
use crate::util::Spanned;
use regex::Regex;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `table-weights` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Accepted splits of the 100 points; a table must match one.
    pub profile: Vec<WeightProfileDef>,
    /// Allowed difference, in points.
    pub tolerance: Option<Spanned<f64>>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WeightProfileDef {
    pub name: String,
    pub weights: Vec<WeightDef>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WeightDef {
    /// Regex on the 一级指标 text; `预算执行` names the budget-execution block's 分值.
    pub category: Spanned<String>,
    pub weight: Spanned<f64>,
}

const BUDGET: &str = "预算执行";

struct Profile {
    name: String,
    weights: Vec<(Regex, String, Decimal)>,
}

struct WeightsRule {
    profiles: Vec<Profile>,
    total: Decimal,
    tolerance: Decimal,
}

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let p: Params = def.params()?;
    let mut profiles = Vec::new();
    for p in &p.profile {
        let mut weights = Vec::new();
        for w in &p.weights {
            weights.push((regex(&w.category)?, w.category.get_ref().clone(), config_dec(&w.weight)?));
        }
        profiles.push(Profile { name: p.name.clone(), weights });
    }
    let tolerance = p.tolerance.as_ref().map(config_dec).transpose()?.unwrap_or(Decimal::new(1, 2));
    Ok(Box::new(WeightsRule { profiles, total: Decimal::from(100), tolerance }))
}

/// A 一级 (or 二级) group: its cell, the weight written in it, and the sum of its rows.
struct Group {
    cell: Cell,
    stated: Option<Decimal>,
    sum: Decimal,
}

/// Rows group by the text of their 一级 (and 二级) cell: a merged cell is filled down, and
/// a flattened table often repeats the name on every row instead.
fn groups(t: &IndicatorTable, level2: bool) -> Vec<Group> {
    let mut out: Vec<(String, Group)> = Vec::new();
    for row in &t.rows {
        let cell = if level2 { &row.level2 } else { &row.level1 };
        let Some(cell) = cell else { continue };
        let parent = if level2 { row.level1.as_ref().map_or("", |c| c.text.as_str()) } else { "" };
        let key = format!("{parent}\u{0}{}", cell.text);
        let w = cell_num(&row.weight).map_or(Decimal::ZERO, |n| n.value);
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, g)) => g.sum += w,
            None => out.push((key, Group { cell: cell.clone(), stated: stated_weight(&cell.text), sum: w })),
        }
    }
    out.into_iter().map(|(_, g)| g).collect()
}

/// The 一级 groups as the table states them. A 一级 cell that states its weight
/// (`产出指标（50分）`) owns the rows after it until they reach that weight: a category
/// cell met while it is still short is one of its 二级 — 成本指标 under 产出 and 满意度
/// under 效益 in the older forms — which a flattened table leaves in the 一级 column once
/// the merged cells are gone. Returns the 一级 groups and the groups folded into them.
fn fold_stated(groups: Vec<Group>, tolerance: Decimal) -> (Vec<Group>, Vec<Group>) {
    let (mut level1, mut folded): (Vec<Group>, Vec<Group>) = (Vec::new(), Vec::new());
    for g in groups {
        if let Some(open) = level1.last_mut() {
            if let Some(stated) = open.stated {
                if open.sum < stated - tolerance && open.sum + g.sum <= stated + tolerance {
                    open.sum += g.sum;
                    folded.push(g);
                    continue;
                }
            }
        }
        level1.push(g);
    }
    (level1, folded)
}

/// The split as a profile reads it: a 成本 part the profile does not weigh on its own is
/// part of 产出 (the older forms put 成本指标 under 产出指标).
fn split_for(p: &Profile, split: &[(String, Decimal)]) -> Vec<(String, Decimal)> {
    let loose = |n: &str| n.starts_with("成本") && !p.weights.iter().any(|(re, _, _)| re.is_match(n));
    let cost: Decimal = split.iter().filter(|(n, _)| loose(n)).map(|(_, w)| *w).sum();
    let mut out: Vec<(String, Decimal)> = split.iter().filter(|(n, _)| !loose(n)).cloned().collect();
    match out.iter_mut().find(|(n, _)| n.starts_with("产出")) {
        Some(output) => output.1 += cost,
        None if !cost.is_zero() => return split.to_vec(),
        None => {}
    }
    out
}

impl Check for WeightsRule {
    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        for t in &cx.analysis.tables {
            if t.rows.iter().all(|r| cell_num(&r.weight).is_none()) {
                continue;
            }
            let mut d = |span: crate::parse::Span, detail: String, label: &str| {
                out.push(rule.diag(span, &[("detail", &detail)]).with_label(label.to_owned()));
            };
            let (level1, folded) = fold_stated(groups(t, false), self.tolerance);
            for g in level1.iter().chain(&folded).chain(groups(t, true).iter()) {
                if let Some(stated) = g.stated {
                    if (stated - g.sum).abs() > self.tolerance {
                        d(
                            g.cell.span.clone(),
                            format!("“{}”标明{}分，但其下各指标分值合计为{}分", g.cell.text, fmt(stated), fmt(g.sum)),
                            "下级分值之和与此不符",
                        );
                    }
                }
            }
            let budget = t.budget.as_ref().and_then(|b| cell_num(&b.weight)).map(|n| n.value);
            let split: Vec<(String, Decimal)> = level1
                .iter()
                .map(|g| (category_name(&g.cell.text).to_owned(), g.stated.unwrap_or(g.sum)))
                .chain(budget.map(|b| (BUDGET.to_owned(), b)))
                .collect();
            let sum: Decimal = split.iter().map(|(_, w)| *w).sum();
            let listing = split.iter().map(|(n, w)| format!("{n} {}", fmt(*w))).collect::<Vec<_>>().join("、");
            let anchor = t.total.as_ref().and_then(|x| x.weight.clone()).filter(|c| !c.text.is_empty());
            let anchor_span = anchor.as_ref().map_or(t.span.start..t.span.start, |c| c.span.clone());
            if let Some(total) = t.total.as_ref().and_then(|x| cell_num(&x.weight)) {
                if (total.value - sum).abs() > self.tolerance {
                    d(
                        anchor_span.clone(),
                        format!("总分的分值写作{}，但各部分分值合计为{}（{listing}）", fmt(total.value), fmt(sum)),
                        "与各部分之和不符",
                    );
                    continue;
                }
            }
            // Only a complete table (budget block present) must reach 100.
            if budget.is_some() && (sum - self.total).abs() > self.tolerance {
                d(anchor_span, format!("各部分分值合计为{}分，应为100分（{listing}）", fmt(sum)), "合计不是100分");
                continue;
            }
            if budget.is_none() || self.profiles.is_empty() {
                continue;
            }
            let matches = |p: &Profile| {
                let split = split_for(p, &split);
                p.weights.iter().all(|(re, _, w)| {
                    let got: Decimal = split.iter().filter(|(n, _)| re.is_match(n)).map(|(_, v)| *v).sum();
                    got == *w
                })
            };
            if !self.profiles.iter().any(matches) {
                let names = self.profiles.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join("；");
                let first = level1.first().map_or(anchor_span.clone(), |g| g.cell.span.clone());
                d(first, format!("一级指标权重为{listing}，不符合规定的权重设置（{names}）"), "权重设置与规定不符");
            }
        }
    }
}
