//! `table-scores`: the arithmetic of a 绩效自评表. An indicator's 得分 cannot exceed its
//! 分值; a target met in full earns the full 分值; 总分 is the sum of the row scores and
//! the budget block's score; 预算执行率 is 全年执行数 ÷ 全年预算数 and its score is
//! 执行率 × 分值, capped at the 分值; the grade (优 ≥ 90, 良 80–90, 中 60–80, 差 < 60)
//! matches the total, in the table or in the prose (`自评得分92分，等级为良`).

use super::super::config::RuleDef;
use super::super::{Check, Context, KindError, RuleMeta};
use crate::analysis::table_model::{cell_num, fmt, Cell};
use crate::diagnostics::Diagnostic;
use crate::facts::FactSet;
use crate::parse::number::{parse_arabic, round_half_up};
use crate::rules::util::config_dec;
use crate::util::Spanned;
use regex::Regex;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `table-scores` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Grade bands, highest first (优 ≥ 90 …).
    pub grade: Vec<GradeDef>,
    /// Allowed difference, in points.
    pub tolerance: Option<Spanned<f64>>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeDef {
    pub name: String,
    /// Lowest score of the band (inclusive).
    pub min: Spanned<f64>,
    /// Other ways the grade is written (优秀 for 优).
    #[serde(default)]
    pub aliases: Vec<String>,
}

struct Grade {
    name: String,
    min: Decimal,
    aliases: Vec<String>,
}

struct ScoresRule {
    tolerance: Decimal,
    grades: Vec<Grade>,
    prose_grade: Regex,
    prose_score: Regex,
}

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let p: Params = def.params()?;
    let mut grades = Vec::new();
    for g in &p.grade {
        grades.push(Grade { name: g.name.clone(), min: config_dec(&g.min)?, aliases: g.aliases.clone() });
    }
    grades.sort_by_key(|g| std::cmp::Reverse(g.min));
    let tolerance = p.tolerance.as_ref().map(config_dec).transpose()?.unwrap_or(Decimal::new(1, 1));
    let words: Vec<String> = grades
        .iter()
        .flat_map(|g| std::iter::once(g.name.clone()).chain(g.aliases.iter().cloned()))
        .map(|w| regex::escape(&w))
        .collect();
    let mut words = words;
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let prose_grade = Regex::new(&format!(
        r"(?:等级|等次|评价结果|评定)(?:为|是|：|:|评定为|确定为)?[“\x22「]?({})[”\x22」]?",
        if words.is_empty() { "优".to_owned() } else { words.join("|") }
    ))
    .map_err(|e| KindError::new(def.kind.span(), format!("等级名称无法组成正则：{e}")))?;
    let prose_score = Regex::new(r"(?:总分|得分|评分|综合得分)[为是：:]?\s*([0-9]+(?:\.[0-9]+)?)\s*分?")
        .map_err(|e| KindError::new(def.kind.span(), e.to_string()))?;
    Ok(Box::new(ScoresRule { tolerance, grades, prose_grade, prose_score }))
}

impl ScoresRule {
    fn band(&self, score: Decimal) -> Option<&Grade> {
        self.grades.iter().find(|g| score >= g.min)
    }

    fn grade_of(&self, word: &str) -> Option<&Grade> {
        self.grades.iter().find(|g| g.name == word || g.aliases.iter().any(|a| a == word))
    }

    fn band_text(&self, g: &Grade) -> String {
        let upper = self.grades.iter().rev().find(|h| h.min > g.min);
        match upper {
            Some(u) => format!("{}（{}分至{}分以下）", g.name, fmt(g.min), fmt(u.min)),
            None => format!("{}（{}分及以上）", g.name, fmt(g.min)),
        }
    }
}

fn num(c: &Option<Cell>) -> Option<Decimal> {
    cell_num(c).map(|n| n.value)
}

impl Check for ScoresRule {
    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        let mut d = |span: crate::parse::Span, detail: String, label: &str| {
            out.push(rule.diag(span, &[("detail", &detail)]).with_label(label.to_owned()));
        };
        let mut totals = Vec::new();
        for t in &cx.analysis.tables {
            let mut sum = Decimal::ZERO;
            let mut scored = false;
            for row in &t.rows {
                let (w, s) = (num(&row.weight), num(&row.score));
                if let Some(s) = s {
                    sum += s;
                    scored = true;
                }
                let (Some(w), Some(s)) = (w, s) else { continue };
                let score_span = row.anchor(&row.score);
                if s > w {
                    d(score_span, format!("“{}”得分{}超过其分值{}", row.name_text(), fmt(s), fmt(w)), "得分超过分值");
                    continue;
                }
                let target = cell_num(&row.target);
                let actual = cell_num(&row.actual);
                if let (Some(tg), Some(a)) = (target, actual) {
                    let cmp = tg.cmp.or_else(|| {
                        row.cmp.as_ref().and_then(|c| crate::analysis::table_model::comparator(&c.text)).map(|(c, _)| c)
                    });
                    if let Some(cmp) = cmp {
                        if cmp.met(a.value, tg.value) && s < w {
                            d(
                                score_span,
                                format!(
                                    "“{}”已达成年度指标值（{}{}，实际{}），应得满分{}，却只得{}",
                                    row.name_text(),
                                    cmp.symbol(),
                                    fmt(tg.value),
                                    fmt(a.value),
                                    fmt(w),
                                    fmt(s)
                                ),
                                "达成目标应得满分",
                            );
                        }
                    }
                }
            }
            if let Some(b) = &t.budget {
                if let Some(s) = num(&b.score) {
                    sum += s;
                    scored = true;
                }
                let (budget, executed) = (num(&b.budget), num(&b.executed));
                let rate_cell = cell_num(&b.rate);
                if let (Some(a), Some(e), Some(r)) = (budget, executed, rate_cell.as_ref()) {
                    if !a.is_zero() {
                        let exact = e / a * Decimal::from(100);
                        let expect = round_half_up(exact, r.scale);
                        if expect != r.value {
                            d(
                                b.rate.as_ref().map_or(b.span.clone(), |c| c.span.clone()),
                                format!(
                                    "执行率应为 {} ÷ {} = {}%，表中写的是{}%",
                                    fmt(e),
                                    fmt(a),
                                    fmt(expect),
                                    fmt(r.value)
                                ),
                                "执行率与金额不符",
                            );
                        }
                    }
                }
                if let (Some(w), Some(s)) = (num(&b.weight), num(&b.score)) {
                    let rate = rate_cell.map(|r| r.value / Decimal::from(100)).or_else(|| match (budget, executed) {
                        (Some(a), Some(e)) if !a.is_zero() => Some(e / a),
                        _ => None,
                    });
                    if let Some(rate) = rate {
                        let expect = round_half_up(rate.min(Decimal::ONE) * w, 2);
                        if (expect - s).abs() > self.tolerance {
                            d(
                                b.score.as_ref().map_or(b.span.clone(), |c| c.span.clone()),
                                format!(
                                    "预算执行得分应为 执行率{}% × 分值{} = {}（不超过分值），表中写的是{}",
                                    fmt(round_half_up(rate * Decimal::from(100), 2)),
                                    fmt(w),
                                    fmt(expect),
                                    fmt(s)
                                ),
                                "执行率得分有误",
                            );
                        }
                    }
                }
            }
            let total = t.total.as_ref().and_then(|x| num(&x.score));
            if let (Some(total), true) = (total, scored) {
                if (total - sum).abs() > self.tolerance {
                    let span =
                        t.total.as_ref().and_then(|x| x.score.as_ref()).map_or(t.span.clone(), |c| c.span.clone());
                    d(span, format!("总分写作{}，但各项得分合计为{}", fmt(total), fmt(sum)), "与各项得分之和不符");
                }
            }
            let total = total.or(scored.then_some(sum));
            if let (Some(score), Some(g)) = (total, &t.grade) {
                self.check_grade(score, g.span.clone(), &g.text, &mut d);
            }
            if let Some(t) = total {
                totals.push(t);
            }
        }
        // Grades in the prose: the score in the same sentence, else the table's total.
        for caps in self.prose_grade.captures_iter(&report.text) {
            let Some(m) = caps.get(1) else { continue };
            // `评价结果中发现…`, `中等`: the word goes on, so it is not a grade.
            if report.text[m.end()..].chars().next().is_some_and(crate::rules::util::is_han) {
                continue;
            }
            let sentence = report.sentence_at(m.start()).map(|i| report.sentences[i].span());
            let score =
                sentence.and_then(|s| self.prose_score(&report.text[s.start..m.start()])).or(match totals.as_slice() {
                    [one] => Some(*one),
                    _ => None,
                });
            if let Some(score) = score {
                self.check_grade(score, m.range(), m.as_str(), &mut d);
            }
        }
    }
}

impl ScoresRule {
    /// The last score (`92分`, `得分92.5`) written before the grade in its sentence.
    fn prose_score(&self, s: &str) -> Option<Decimal> {
        let caps = self.prose_score.captures_iter(s).last()?;
        parse_arabic(caps.get(1)?.as_str()).map(|(v, _)| v)
    }

    fn check_grade(
        &self,
        score: Decimal,
        span: crate::parse::Span,
        written: &str,
        d: &mut impl FnMut(crate::parse::Span, String, &str),
    ) {
        let (Some(stated), Some(band)) = (self.grade_of(written), self.band(score)) else { return };
        if stated.name != band.name {
            d(
                span,
                format!("总分{}分对应的等级是{}，而不是“{}”", fmt(score), self.band_text(band), written),
                "等级与得分不符",
            );
        }
    }
}
