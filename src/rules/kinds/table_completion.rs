//! `table-completion`: each indicator of a 绩效自评表 must be checkable. A quantitative
//! indicator needs a comparator (≥ ≤ ＝ ＞ ＜), a unit, a numeric target and a numeric
//! actual value; an unmet target, or an actual beyond 130% of the target (a target set too
//! low inflates the score), needs a deviation note that gives both a cause and a measure —
//! 无, 暂无 or an empty cell do not count. A qualitative indicator's actual value is one of
//! the standard phrases (达成年度指标 …) and its score lies in that phrase's band.

use super::super::config::RuleDef;
use super::super::util::regex_set;
use super::super::{Check, Context, KindError, RuleMeta};
use crate::analysis::table_model::{cell_num, comparator, fmt, has_placeholder, Cmp, IndicatorRow};
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;
use crate::rules::util::config_dec;
use crate::util::Spanned;
use regex::RegexSet;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `table-completion` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// The standard actual values of qualitative indicators and the score band (share of the weight) each allows.
    pub qualitative: Vec<QualitativeDef>,
    /// Actual ÷ target at or above this needs an explanation (1.3).
    pub over_completion: Option<Spanned<f64>>,
    /// Regexes; a deviation note must match one to state a measure.
    pub measures: Vec<Spanned<String>>,
    /// Texts that do not count as an explanation (无, 暂无, —).
    pub non_answers: Vec<String>,
    /// Regexes; a deviation note must match one to state a cause.
    pub reasons: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QualitativeDef {
    pub phrase: String,
    /// Score band as a share of the weight: min inclusive, max exclusive (inclusive at 1).
    pub min: Spanned<f64>,
    pub max: Spanned<f64>,
}

struct Band {
    phrase: String,
    min: Decimal,
    max: Decimal,
}

struct CompletionRule {
    over: Decimal,
    reasons: RegexSet,
    measures: RegexSet,
    non_answers: Vec<String>,
    bands: Vec<Band>,
}

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let p: Params = def.params()?;
    let mut bands = Vec::new();
    for q in &p.qualitative {
        bands.push(Band { phrase: q.phrase.clone(), min: config_dec(&q.min)?, max: config_dec(&q.max)? });
    }
    Ok(Box::new(CompletionRule {
        over: p.over_completion.as_ref().map(config_dec).transpose()?.unwrap_or(Decimal::new(13, 1)),
        reasons: regex_set(&p.reasons)?,
        measures: regex_set(&p.measures)?,
        non_answers: p.non_answers.clone(),
        bands,
    }))
}

fn is_qualitative(row: &IndicatorRow) -> bool {
    let says = |c: &Option<crate::analysis::table_model::Cell>| c.as_ref().is_some_and(|c| c.text.contains("定性"));
    if says(&row.nature) || says(&row.cmp) || says(&row.target) {
        return true;
    }
    let explicit_quant = row.nature.as_ref().is_some_and(|c| c.text.contains("定量"));
    let target = row.target.as_ref().map_or("", |c| c.text.as_str());
    !explicit_quant && !target.is_empty() && !target.chars().any(|c| c.is_ascii_digit() || matches!(c, '０'..='９'))
}

impl CompletionRule {
    /// What a deviation note lacks: `None` when it gives a cause and a measure.
    /// An over-completion needs an explanation, not necessarily a corrective measure.
    fn missing(&self, note: &str, either: bool) -> Option<&'static str> {
        let t = note.trim().trim_end_matches(['。', '.', '；', ';']);
        if t.is_empty() || self.non_answers.iter().any(|n| n == t) {
            return Some("未填写偏差原因分析及改进措施");
        }
        if either && (self.reasons.is_match(note) || self.measures.is_match(note)) {
            return None;
        }
        match (self.reasons.is_match(note), self.measures.is_match(note)) {
            (true, true) => None,
            (false, true) => Some("偏差说明没有分析原因"),
            (true, false) => Some("偏差说明没有提出改进措施"),
            (false, false) => Some("偏差说明既没有分析原因，也没有提出改进措施"),
        }
    }
}

impl Check for CompletionRule {
    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        for t in &cx.analysis.tables {
            for row in &t.rows {
                // An unfilled template row is `indicator-orientation`'s finding.
                if [&row.target, &row.actual].iter().any(|c| c.as_ref().is_some_and(|c| has_placeholder(&c.text))) {
                    continue;
                }
                let name = row.name_text().to_owned();
                let mut d = |span: crate::parse::Span, detail: String, label: &str| {
                    out.push(rule.diag(span, &[("detail", &detail), ("name", &name)]).with_label(label.to_owned()));
                };
                // Without a deviation column the explanation may be in the prose: not checked.
                let has_note_column = row.deviation.is_some();
                let note = row.deviation.as_ref().map_or("", |c| c.text.as_str());
                let note_span = row.anchor(&row.deviation);
                if is_qualitative(row) {
                    let actual = row.actual.as_ref().map_or("", |c| c.text.trim());
                    if self.bands.is_empty() || actual.is_empty() {
                        continue;
                    }
                    let Some(band) = self.bands.iter().find(|b| b.phrase == actual) else {
                        let list = self.bands.iter().map(|b| format!("“{}”", b.phrase)).collect::<Vec<_>>().join("、");
                        d(
                            row.anchor(&row.actual),
                            format!("定性指标的实际完成值“{actual}”不是标准表述（{list}之一）"),
                            "非标准表述",
                        );
                        continue;
                    };
                    if let (Some(w), Some(s)) = (cell_num(&row.weight), cell_num(&row.score)) {
                        if !w.value.is_zero() {
                            let share = s.value / w.value;
                            let inside = share >= band.min
                                && (share < band.max || (band.max >= Decimal::ONE && share <= band.max));
                            if !inside {
                                d(
                                    row.anchor(&row.score),
                                    format!(
                                        "“{name}”实际完成值为“{}”，得分应在分值的{}%至{}%之间（{}至{}分），表中为{}分",
                                        band.phrase,
                                        fmt(band.min * Decimal::from(100)),
                                        fmt(band.max * Decimal::from(100)),
                                        fmt(band.min * w.value),
                                        fmt(band.max * w.value),
                                        fmt(s.value)
                                    ),
                                    "得分不在该档区间",
                                );
                            }
                        }
                    }
                    if has_note_column && band.min < self.bands.iter().map(|b| b.min).max().unwrap_or(Decimal::ONE) {
                        if let Some(why) = self.missing(note, false) {
                            d(
                                note_span,
                                format!("“{name}”未完全达成（{}），{why}", band.phrase),
                                "需说明偏差原因和措施",
                            );
                        }
                    }
                    continue;
                }
                let Some(target_cell) = &row.target else { continue };
                if target_cell.text.is_empty() {
                    d(row.anchor(&row.target), "定量指标没有填写年度指标值".into(), "缺少指标值");
                    continue;
                }
                let Some(target) = cell_num(&row.target) else { continue };
                let cmp = target.cmp.or_else(|| row.cmp.as_ref().and_then(|c| comparator(&c.text)).map(|(c, _)| c));
                let Some(cmp) = cmp else {
                    d(
                        target_cell.span.clone(),
                        format!("指标值“{}”缺少计算符号（≥、≤、＝、＞、＜）", target_cell.text),
                        "缺少计算符号",
                    );
                    continue;
                };
                let unit_cell = row.unit.as_ref().map_or("", |c| c.text.trim());
                if target.unit.is_empty() && unit_cell.is_empty() {
                    d(target_cell.span.clone(), format!("指标值“{}”没有计量单位", target_cell.text), "缺少计量单位");
                }
                let actual_text = row.actual.as_ref().map_or("", |c| c.text.trim());
                let Some(actual) = cell_num(&row.actual) else {
                    let detail = if actual_text.is_empty() {
                        "定量指标没有填写实际完成值".to_owned()
                    } else {
                        format!("定量指标的实际完成值“{actual_text}”不是数值，无法与指标值{}比较", target_cell.text)
                    };
                    d(row.anchor(&row.actual), detail, "应填写数值");
                    continue;
                };
                let met = cmp.met(actual.value, target.value);
                let over = matches!(cmp, Cmp::Ge | Cmp::Gt)
                    && target.value > Decimal::ZERO
                    && actual.value >= target.value * self.over;
                let situation = if !met {
                    format!(
                        "未达成年度指标值（{}{}{}，实际{}{}）",
                        cmp.symbol(),
                        fmt(target.value),
                        target.unit,
                        fmt(actual.value),
                        actual.unit
                    )
                } else if over {
                    format!(
                        "实际完成值{}{}超过指标值{}{}的{}%",
                        fmt(actual.value),
                        actual.unit,
                        fmt(target.value),
                        target.unit,
                        fmt(self.over * Decimal::from(100))
                    )
                } else {
                    continue;
                };
                if !has_note_column {
                    continue;
                }
                if let Some(why) = self.missing(note, met) {
                    d(note_span, format!("“{name}”{situation}，{why}"), "需说明偏差原因和措施");
                }
            }
        }
    }
}
