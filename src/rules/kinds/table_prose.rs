//! `table-prose`: the report's text restates the 自评表 — 预算数, 执行数, 执行率, 总分 —
//! and the two must agree ("数据准确", 财预〔2011〕285号 第二十五条). A prose quantity whose
//! label says it is one of these values, but which equals no such value in any indicator
//! table of the report, is flagged and the table cell is shown beside it.

use super::super::config::RuleDef;
use super::super::util::regex_set;
use super::super::{Check, Context, KindError, RuleMeta};
use crate::analysis::table_model::{cell_num, fmt, Cell};
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;
use crate::parse::number::round_half_up;
use crate::parse::Unit;
use crate::rules::util::config_dec;
use crate::util::Spanned;
use regex::RegexSet;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `table-prose` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Prose statements that restate a table value.
    pub restate: Vec<RestateDef>,
    /// Allowed difference (万元 for money, points for scores).
    pub tolerance: Option<Spanned<f64>>,
    /// Regexes on a sentence that make it no restatement.
    pub exclude: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RestateDef {
    /// What is restated, in messages (预算数).
    pub name: String,
    /// Regexes on the prose quantity's label (text before it in its clause).
    pub labels: Vec<Spanned<String>>,
    /// The table value: `budget`, `initial`, `executed`, `rate` or `score`.
    pub value: Spanned<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Value {
    Budget,
    Initial,
    Executed,
    Rate,
    Score,
}

struct Restate {
    name: String,
    labels: RegexSet,
    value: Value,
}

struct ProseRule {
    restates: Vec<Restate>,
    /// Paragraphs about another scope (the department as a whole, not this table's project).
    exclude: Option<RegexSet>,
    /// In 万元 for money, points for scores, percent points for rates.
    tolerance: Decimal,
}

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let p: Params = def.params()?;
    let mut restates = Vec::new();
    for r in &p.restate {
        let value = match r.value.get_ref().as_str() {
            "budget" => Value::Budget,
            "initial" => Value::Initial,
            "executed" => Value::Executed,
            "rate" => Value::Rate,
            "score" => Value::Score,
            other => {
                return Err(KindError::new(r.value.span(), format!("未知的表格数值 `{other}`"))
                    .with_help("可用：budget（全年预算数）、initial（年初预算数）、executed（全年执行数）、rate（执行率）、score（总分）"))
            }
        };
        restates.push(Restate { name: r.name.clone(), labels: regex_set(&r.labels)?, value });
    }
    let tolerance = p.tolerance.as_ref().map(config_dec).transpose()?.unwrap_or(Decimal::ZERO);
    let exclude = if p.exclude.is_empty() { None } else { Some(regex_set(&p.exclude)?) };
    Ok(Box::new(ProseRule { restates, exclude, tolerance }))
}

/// A table value: its cell, the value in base units (元, percent, points), the scale.
struct TableValue {
    cell: Cell,
    value: Decimal,
    scale: u32,
    multiplier: Decimal,
}

impl Check for ProseRule {
    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        let tables = &cx.analysis.tables;
        if tables.is_empty() {
            return;
        }
        let mut values: Vec<(Value, TableValue)> = Vec::new();
        for t in tables {
            let mut push = |v: Value, c: &Option<Cell>, mult: Decimal| {
                if let (Some(cell), Some(n)) = (c, cell_num(c)) {
                    values.push((
                        v,
                        TableValue { cell: cell.clone(), value: n.value * mult, scale: n.scale, multiplier: mult },
                    ));
                }
            };
            if let Some(b) = &t.budget {
                push(Value::Budget, &b.budget, b.multiplier);
                push(Value::Initial, &b.initial, b.multiplier);
                push(Value::Executed, &b.executed, b.multiplier);
                push(Value::Rate, &b.rate, Decimal::ONE);
            }
            if let Some(total) = &t.total {
                push(Value::Score, &total.score, Decimal::ONE);
            }
        }
        // Tables are in text order and do not overlap: a binary search, not a scan per number.
        let in_table = |offset: usize| {
            let i = report.tables.partition_point(|t| t.span.end <= offset);
            report.tables.get(i).is_some_and(|t| t.span.contains(&offset))
        };
        for q in &report.quantities {
            if q.in_range() || in_table(q.span().start) {
                continue;
            }
            let label = report.slice(&q.label());
            // The paragraph, not the sentence: `本部门预算…。其中：项目…` is about the department throughout.
            let paragraph = report.lines.get(q.line()).map_or("", |l| report.slice(&l.content()));
            if self.exclude.as_ref().is_some_and(|x| x.is_match(paragraph)) {
                continue;
            }
            let Some(r) = self.restates.iter().find(|r| r.labels.is_match(label)) else { continue };
            let unit_ok = match r.value {
                Value::Budget | Value::Initial | Value::Executed => q.unit.is_money(),
                Value::Rate => q.unit.is_rate(),
                Value::Score => matches!(q.unit, Unit::None) || report.slice(&q.unit_text()).contains('分'),
            };
            if !unit_ok {
                continue;
            }
            let candidates: Vec<&TableValue> = values
                .iter()
                .filter(|(v, _)| *v == r.value || (r.value == Value::Budget && *v == Value::Initial))
                .map(|(_, t)| t)
                .collect();
            if candidates.is_empty() {
                continue;
            }
            // Compare at the precision both were written to, in the table's unit.
            let agrees = |t: &TableValue| {
                let dp = q.scale().min(t.scale);
                let a = round_half_up(q.value / t.multiplier, dp);
                let b = round_half_up(t.value / t.multiplier, dp);
                (a - b).abs() <= self.tolerance
            };
            if candidates.iter().any(|t| agrees(t)) {
                continue;
            }
            let t = candidates[0];
            let stated = report.slice(&(q.number_span().start..q.span().end)).to_owned();
            let table_text = match r.value {
                Value::Rate => t.cell.text.clone(),
                _ if t.multiplier == Decimal::ONE => fmt(t.value),
                _ => format!("{}万元", fmt(t.value / t.multiplier)),
            };
            let detail = format!("正文中的{}为{stated}，而自评表中为{table_text}", r.name);
            out.push(
                rule.diag(q.number_span().start..q.span().end, &[("detail", &detail), ("name", &r.name)])
                    .with_label("与自评表不符")
                    .with_related(t.cell.span.clone(), format!("自评表中的{}：{table_text}", r.name)),
            );
        }
    }
}
