//! `rate`: every stated rate linked to its operands (`cx.analysis.relations.rates`, from
//! prose and from tables alike) is recomputed: numerator ÷ denominator × 100, rounded
//! half-up at the stated precision. A stated value equal to the truncated ratio is called
//! out as truncation. A relation the wording supports only weakly gives a warning.
//!
//! The `[[rule.rate]]` tables are the vocabulary of the prose finder
//! (`analysis::numeric`): which labels make a rate, which words are spent-like
//! (numerator) and budget-like (denominator). [`vocabulary`] compiles them.

use super::super::config::RuleDef;
use super::super::util::require;
use super::super::{Check, Context, KindError, RuleMeta};
use crate::analysis::numeric::candidates::{Scope, Words};
use crate::analysis::numeric::{Base, NameOf, RateWords};
use crate::analysis::relations::{Evidence, Operand};
use crate::diagnostics::{Diagnostic, Severity};
use crate::facts::FactSet;
use crate::parse::number::{format_dp, round_half_up, truncate};
use crate::parse::Report;
use crate::util::Spanned;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `rate` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// The rate families: each is vocabulary for the prose relation finder.
    pub rate: Vec<RateParam>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateParam {
    /// The rate's name in messages (执行率).
    pub name: String,
    /// Regexes on the rate's label.
    pub labels: Vec<Spanned<String>>,
    /// Regexes on the wording of the numerator amount (spent-like: 实际支出, 拨付).
    pub numerator: Vec<Spanned<String>>,
    /// Regexes on the wording of the denominator amount (budget-like: 预算, 下达).
    pub denominator: Vec<Spanned<String>>,
    /// How the base may be derived when only the current value and the change are
    /// written: `stated` (default), `current-minus-change` (growth), `current-plus-change`
    /// (decline).
    #[serde(default)]
    pub base: Option<Spanned<String>>,
    /// Which operand the rate's own name names: `numerator` (default: 立案率 names 立案)
    /// or `denominator` (占采购合同总额的 names the total).
    #[serde(default)]
    pub named: Option<Spanned<String>>,
    /// How far from the rate its operands may stand for a mismatch to be reported:
    /// `sentence`, `paragraph`, `section` or `report` (default). A generic family (any
    /// `…率`) should stay near: its words fit amounts that are about something else.
    #[serde(default)]
    pub reach: Option<Spanned<String>>,
}

struct RateRule;

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    vocabulary(def)?;
    Ok(Box::new(RateRule))
}

fn words(list: &[Spanned<String>]) -> Result<Words, KindError> {
    // Each pattern alone first, so an error points at the one that is wrong.
    super::super::util::regexes(list)?;
    Words::new(&list.iter().map(|s| s.get_ref().as_str()).collect::<Vec<_>>())
        .map_err(|e| KindError::new(list.first().map_or(0..0, |s| s.span()), format!("正则表达式写错了：{e}")))
}

/// The rate families a `rate` rule defines, for the prose relation finder.
pub fn vocabulary(def: &RuleDef) -> Result<Vec<RateWords>, KindError> {
    let p: Params = def.params()?;
    let mut out = Vec::new();
    for r in require(&p.rate, def, "rate")? {
        let base = match r.base.as_ref().map(|b| (b.get_ref().as_str(), b.span())) {
            None | Some(("stated", _)) => Base::Stated,
            Some(("current-minus-change", _)) => Base::CurrentMinusChange,
            Some(("current-plus-change", _)) => Base::CurrentPlusChange,
            Some((other, span)) => {
                return Err(KindError::new(span, format!("未知的分母来源 `{other}`"))
                    .with_help("可选：stated、current-minus-change、current-plus-change"))
            }
        };
        let name_of = match r.named.as_ref().map(|b| (b.get_ref().as_str(), b.span())) {
            None | Some(("numerator", _)) => NameOf::Numerator,
            Some(("denominator", _)) => NameOf::Denominator,
            Some((other, span)) => {
                return Err(
                    KindError::new(span, format!("未知的取值 `{other}`")).with_help("可选：numerator、denominator")
                )
            }
        };
        let reach = match r.reach.as_ref().map(|b| (b.get_ref().as_str(), b.span())) {
            None | Some(("report", _)) => Scope::Report,
            Some(("section", _)) => Scope::Section,
            Some(("paragraph", _)) => Scope::Paragraph,
            Some(("sentence", _)) => Scope::Sentence,
            Some((other, span)) => {
                return Err(KindError::new(span, format!("未知的范围 `{other}`"))
                    .with_help("可选：sentence、paragraph、section、report"))
            }
        };
        out.push(RateWords {
            reach,
            name: r.name.clone(),
            labels: words(&r.labels)?,
            numerator: words(&r.numerator)?,
            denominator: words(&r.denominator)?,
            base,
            name_of,
        });
    }
    Ok(out)
}

/// How an operand reads in a message: its label and the amount as written (a derived
/// operand's label already shows its arithmetic).
fn describe(report: &Report, o: &Operand) -> String {
    let written = report.text.get(o.span.clone()).unwrap_or("");
    let label = o.label.of(report);
    if label.contains(written) {
        label.to_owned()
    } else {
        format!("{label}{written}")
    }
}

impl Check for RateRule {
    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        for rel in &cx.analysis.relations.rates {
            let Some(ratio) = rel.ratio() else { continue };
            if rel.reproduces() {
                continue;
            }
            let dp = rel.stated.scale;
            let rounded = round_half_up(ratio, dp);
            let truncated = truncate(ratio, dp) == rel.stated.value;
            let computed = format!("{}%", format_dp(ratio, dp));
            let exact = format!("{}%", format_dp(ratio, (dp + 2).max(4)));
            let stated = report.text.get(rel.stated.span.clone()).unwrap_or("").to_owned();
            let diff = format_dp((rel.stated.value - rounded).abs(), dp);
            let note = if truncated { "（截断而非四舍五入）" } else { "" };
            let num = describe(report, &rel.numerator);
            let den = describe(report, &rel.denominator);
            let vars = [
                ("name", rel.name.of(report)),
                ("numerator", num.as_str()),
                ("denominator", den.as_str()),
                ("computed", computed.as_str()),
                ("exact", exact.as_str()),
                ("stated", stated.as_str()),
                ("diff", diff.as_str()),
                ("note", note),
            ];
            let label = if truncated {
                format!("四舍五入应为 {computed}，此处截断了")
            } else {
                format!("按分子分母计算应为 {computed}")
            };
            let mut d = rule
                .diag(rel.stated.span.clone(), &vars)
                .with_label(label)
                .with_related(rel.numerator.span.clone(), format!("分子：{num}"))
                .with_related(rel.denominator.span.clone(), format!("分母：{den}"));
            if rel.evidence == Evidence::Weak && d.severity == Severity::Error {
                d.severity = Severity::Warning;
            }
            out.push(d);
        }
    }
}
