//! The TOML rule-file schema (`rules/default.toml` and auditors' files).
//!
//! Unknown keys are errors (`deny_unknown_fields`), so a misspelt key never silently
//! does nothing. Kind-specific parameters sit in the same `[[rule]]` table; each kind
//! checks that it got the ones it needs (see `rules/kinds/*`).

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Schema version of the rule file; only 1 exists.
    #[serde(default)]
    pub version: Option<u32>,
    #[serde(default)]
    pub fact: Vec<FactDef>,
    #[serde(default)]
    pub rule: Vec<RuleDef>,
}

/// A named fact: which quantities in a report state it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactDef {
    pub name: Spanned<String>,
    /// What the fact is, in Chinese (for messages).
    pub description: String,
    /// `money`, `rate`, `count` or `any`.
    #[serde(default = "default_unit")]
    pub unit: Spanned<String>,
    /// Regexes; the quantity's label (text before it in its clause) must match one.
    #[serde(default)]
    pub labels: Vec<Spanned<String>>,
    /// Regexes; alternatively the text right after a count (`7个项目` → `项目`) matches one.
    #[serde(default)]
    pub nouns: Vec<Spanned<String>>,
    /// Regexes; label or noun matching one of these is a different quantity (年初, 追加 …).
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Regex on the whole sentence holding the quantity, required when set.
    pub context: Option<Spanned<String>>,
    /// Regexes on a label that mark the base of a derived total (年初 7个 … 追加 1个 ⇒ 8):
    /// such a statement and the additions after it in its sentence state the fact together.
    #[serde(default)]
    pub bases: Vec<Spanned<String>>,
    /// Regexes on a label that mark an addition to the base (追加, 新增, 年中增加).
    #[serde(default)]
    pub additions: Vec<Spanned<String>>,
    /// Regexes on a label that mark a reduction from the base (调减, 减少, 取消).
    #[serde(default)]
    pub reductions: Vec<Spanned<String>>,
    /// Regex on section titles: only quantities in a matching section (or its subsections).
    #[serde(default)]
    pub section: Option<Spanned<String>>,
    /// Only quantities at this parenthesis depth or shallower (0 = not inside brackets).
    pub max_paren_depth: Option<u8>,
    /// `first`, `last` or `all` (default): which statements count.
    #[serde(default = "default_occurrence")]
    pub occurrence: Spanned<String>,
}

fn default_unit() -> Spanned<String> {
    Spanned::new(0..0, "any".to_owned())
}

fn default_occurrence() -> Spanned<String> {
    Spanned::new(0..0, "all".to_owned())
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Text that must trigger the rule.
    pub bad: Option<String>,
    /// Text that must not trigger the rule.
    pub good: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    #[serde(default)]
    pub severity: Option<Spanned<String>>,
    #[serde(default = "yes")]
    pub enabled: bool,
    /// One line: what the rule checks.
    pub summary: String,
    /// The finding's message; `{name}` placeholders are filled by the kind.
    pub message: String,
    #[serde(default)]
    pub help: Option<String>,
    /// Why the rule exists (for `jxlint explain`).
    #[serde(default)]
    pub explanation: Option<String>,
    #[serde(default)]
    pub example: Vec<Example>,

    // ---- kind parameters ----
    /// phrase: the phrases to find.
    #[serde(default)]
    pub phrase: Vec<PhraseDef>,
    /// outline: the sections a report must have.
    #[serde(default)]
    pub section: Vec<SectionDef>,
    /// rate: the rates to recompute.
    #[serde(default)]
    pub rate: Vec<RateDef>,
    /// indicators: the indicator categories that must appear.
    #[serde(default)]
    pub category: Vec<CategoryDef>,
    /// sum: equations between named facts, e.g. `人员经费 + 公用经费 + 项目支出 = 支出`.
    #[serde(default)]
    pub equation: Vec<EquationDef>,
    /// sum: words that introduce a breakdown after a total (其中, 包含, 分别是).
    #[serde(default)]
    pub breakdown: Vec<Spanned<String>>,
    /// sum: breakdown words after which the parts are the whole total (分别是, 包括).
    #[serde(default)]
    pub exhaustive: Vec<Spanned<String>>,
    /// consistency / coverage: facts to compare.
    #[serde(default)]
    pub facts: Vec<Spanned<String>>,
    /// consistency: regexes on the text before a count in its sentence (wrapped lines
    /// joined) that make it a part of the total, not a restatement (其中, …的项目).
    #[serde(default)]
    pub parts: Vec<Spanned<String>>,
    /// consistency: regexes on the text before a count (or its noun) that qualify it as a
    /// subset whatever precedes it (评价为“优”的项目, 进度滞后).
    #[serde(default)]
    pub subsets: Vec<Spanned<String>>,
    /// coverage: the fact holding the number evaluated, and the total.
    #[serde(default)]
    pub evaluated: Option<Spanned<String>>,
    #[serde(default)]
    pub total: Option<Spanned<String>>,
    /// threshold / coverage / goal: regexes on a quantity's label or a heading title.
    #[serde(default)]
    pub labels: Vec<Spanned<String>>,
    /// threshold: the bound (in percent for rates).
    #[serde(default)]
    pub threshold: Option<Spanned<f64>>,
    /// threshold: regexes; any of them in the same paragraph counts as a stated reason.
    #[serde(default)]
    pub reasons: Vec<Spanned<String>>,
    /// goal: regexes that make a goal measurable besides numbers (≥, 不低于 …).
    #[serde(default)]
    pub measurable: Vec<Spanned<String>>,
    /// Regexes that disqualify what `labels` matched (goal: 完成情况 is not a goal).
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// phrase: report at most one finding per sentence (template text spans sentences).
    #[serde(default)]
    pub once_per_sentence: bool,
    /// equation: an expression over facts that must hold (see `grammar/expr.pest`).
    #[serde(default)]
    pub expr: Option<Spanned<String>>,
    /// punctuation: the half-width characters to flag.
    #[serde(default)]
    pub chars: Option<Spanned<String>>,
    /// artifact: which artefacts to flag (bookmark, field-error, field-code, placeholder).
    #[serde(default)]
    pub artifacts: Vec<Spanned<String>>,

    // ---- indicator table (绩效自评表) kinds: table-weights, table-scores, table-completion,
    // table-orientation, table-prose (src/rules/kinds/table_*.rs) ----
    /// table-weights: accepted splits of the 100 points; a table must match one.
    #[serde(default)]
    pub profile: Vec<WeightProfileDef>,
    /// table-weights / table-scores / table-prose: allowed difference (points; 万元 for money).
    #[serde(default)]
    pub tolerance: Option<Spanned<f64>>,
    /// table-scores: grade bands, highest first (优 ≥ 90 …).
    #[serde(default)]
    pub grade: Vec<GradeDef>,
    /// table-completion: the standard actual values of qualitative indicators and the
    /// score band (share of the weight) each allows.
    #[serde(default)]
    pub qualitative: Vec<QualitativeDef>,
    /// table-completion: actual ÷ target at or above this needs an explanation (1.3).
    #[serde(default)]
    pub over_completion: Option<Spanned<f64>>,
    /// table-completion: regexes; a deviation note must match one to state a measure
    /// (the cause is matched by `reasons`).
    #[serde(default)]
    pub measures: Vec<Spanned<String>>,
    /// table-completion: texts that do not count as an explanation (无, 暂无, —).
    #[serde(default)]
    pub non_answers: Vec<String>,
    /// table-orientation: indicator categories (一级) with their allowed 二级.
    #[serde(default)]
    pub indicator_category: Vec<IndicatorCategoryDef>,
    /// table-orientation: regexes for money or process items that are not outputs/outcomes.
    #[serde(default)]
    pub process_items: Vec<Spanned<String>>,
    /// table-orientation: regexes on the 二级 where money items belong (成本指标).
    #[serde(default)]
    pub process_exempt: Vec<Spanned<String>>,
    /// table-orientation: regexes for placeholders left in indicator values (`**`, `XX`).
    #[serde(default)]
    pub placeholders: Vec<Spanned<String>>,
    /// table-prose: prose statements that restate a table value.
    #[serde(default)]
    pub restate: Vec<RestateDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightProfileDef {
    pub name: String,
    pub weights: Vec<WeightDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightDef {
    /// Regex on the 一级指标 text; `预算执行` names the budget-execution block's 分值.
    pub category: Spanned<String>,
    pub weight: Spanned<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeDef {
    pub name: String,
    /// Lowest score of the band (inclusive).
    pub min: Spanned<f64>,
    /// Other ways the grade is written (优秀 for 优).
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualitativeDef {
    pub phrase: String,
    /// Score band as a share of the weight: min inclusive, max exclusive (inclusive at 1).
    pub min: Spanned<f64>,
    pub max: Spanned<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorCategoryDef {
    pub name: String,
    /// Regexes on the 一级指标 text.
    pub patterns: Vec<Spanned<String>>,
    /// Regexes on the 二级指标 text: the 二级 this category may hold.
    #[serde(default)]
    pub secondary: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestateDef {
    /// What is restated, in messages (预算数).
    pub name: String,
    /// Regexes on the prose quantity's label (text before it in its clause).
    pub labels: Vec<Spanned<String>>,
    /// The table value: `budget`, `initial`, `executed`, `rate` or `score`.
    pub value: Spanned<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionDef {
    /// The section's name in messages.
    pub name: String,
    /// Regexes; a heading title matching any of them is this section.
    pub titles: Vec<Spanned<String>>,
    #[serde(default = "yes")]
    pub required: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateDef {
    /// The rate's name in messages (执行率).
    pub name: String,
    /// Regexes on the rate's label.
    pub labels: Vec<Spanned<String>>,
    /// Regexes on the label of the numerator amount (实际支出).
    pub numerator: Vec<Spanned<String>>,
    /// Regexes on the label of the denominator amount (预算).
    pub denominator: Vec<Spanned<String>>,
    /// How the base may be derived when only the current value and the change are
    /// written: `stated` (default), `current-minus-change` (growth), `current-plus-change`
    /// (decline).
    pub base: Option<Spanned<String>>,
    /// Which operand the rate's own name names: `numerator` (default: 立案率 names 立案)
    /// or `denominator` (占采购合同总额的 names the total).
    pub named: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryDef {
    pub name: String,
    /// Regexes; any match in the report text means the category is present.
    pub patterns: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EquationDef {
    /// Facts on the left, added up.
    pub parts: Vec<Spanned<String>>,
    /// The fact they must add up to.
    pub total: Spanned<String>,
    /// Allowed difference in 元 (default: half a unit of the least precise number).
    #[serde(default)]
    pub tolerance: Option<f64>,
}
