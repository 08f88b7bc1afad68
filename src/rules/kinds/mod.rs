//! Rule kinds: one module each. A kind turns a `[[rule]]` table into a [`Check`].
//! To add a kind: write the module (its `Params` type and `compile`), then add one line
//! to [`KINDS`]. The JSON schema, `[rules.ID]` changes and the unknown-key errors all
//! follow from `Params`.

use super::config::RuleDef;
use super::{Check, KindError};
use crate::facts::FactSet;
use schemars::{JsonSchema, Schema, SchemaGenerator};

pub mod artifact;
pub mod consistency;
pub mod coverage;
pub mod equation;
pub mod file;
pub mod formula_cache;
pub mod goal;
pub mod indicators;
pub mod numbering;
pub mod outline;
pub mod phrase;
pub mod punctuation;
pub mod rate;
pub mod restatement;
pub mod spacing;
pub mod sum;
pub mod suppression;
pub mod table_completion;
pub mod table_orientation;
pub mod table_prose;
pub mod table_scores;
pub mod table_unread;
pub mod table_weights;
pub mod threshold;

type Compile = fn(&RuleDef, &FactSet) -> Result<Box<dyn Check>, KindError>;
type ParamsSchema = fn(&mut SchemaGenerator) -> Schema;

/// The schema of a kind's `Params` (for `jxlint schema`).
fn schema<P: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    P::json_schema(generator)
}

/// The registry: kind name, what it checks (Chinese), its compiler, its parameters' schema.
pub const KINDS: &[(&str, &str, Compile, ParamsSchema)] = &[
    ("outline", "报告必须包含的章节（按标题匹配，不看编号）", outline::compile, schema::<outline::Params>),
    ("numbering", "标题编号的层级样式与连续性", numbering::compile, schema::<numbering::Params>),
    ("rate", "比率与其分子分母金额是否相符", rate::compile, schema::<rate::Params>),
    ("sum", "合计与分项之和是否相符", sum::compile, schema::<sum::Params>),
    ("consistency", "同一数量在不同位置的表述是否一致", consistency::compile, schema::<consistency::Params>),
    ("coverage", "自评覆盖率是否达到100%且与评价数量相符", coverage::compile, schema::<coverage::Params>),
    ("threshold", "比率低于阈值时是否说明原因", threshold::compile, schema::<threshold::Params>),
    ("equation", "审核人员自定义的事实表达式（如 实有人数 ≤ 编制数）", equation::compile, schema::<equation::Params>),
    ("goal", "绩效目标是否有可衡量的目标值", goal::compile, schema::<goal::Params>),
    ("indicators", "是否包含各类结果导向的绩效指标", indicators::compile, schema::<indicators::Params>),
    ("phrase", "禁用、替换或过时的词句（支持正则与年度条件）", phrase::compile, schema::<phrase::Params>),
    ("artifact", "文档转换残留（书签、域代码、占位符）", artifact::compile, schema::<artifact::Params>),
    ("punctuation", "中文之间的半角标点", punctuation::compile, schema::<punctuation::Params>),
    ("spacing", "中文之间多余的空格", spacing::compile, schema::<spacing::Params>),
    ("table-weights", "绩效自评表的分值（权重）设置与合计", table_weights::compile, schema::<table_weights::Params>),
    ("table-scores", "绩效自评表的得分、总分、执行率得分与等级", table_scores::compile, schema::<table_scores::Params>),
    (
        "table-completion",
        "绩效自评表指标的计算符号、单位、完成值与偏差说明",
        table_completion::compile,
        schema::<table_completion::Params>,
    ),
    (
        "table-orientation",
        "绩效自评表指标是否结果导向（类别、二级、资金过程、占位符）",
        table_orientation::compile,
        schema::<table_orientation::Params>,
    ),
    (
        "table-prose",
        "正文复述的预算数、执行数、执行率、总分与自评表是否一致",
        table_prose::compile,
        schema::<table_prose::Params>,
    ),
    (
        "table-unread",
        "像表格但无法识别行列的文本块（其中的数字未被检查）",
        table_unread::compile,
        schema::<table_unread::Params>,
    ),
    ("file", "无法读取或解码的文件（由读取阶段报告）", file::compile, schema::<file::Params>),
    (
        "formula-cache",
        "工作簿公式单元格保存的值与公式计算结果不符（由读取阶段计算）",
        formula_cache::compile,
        schema::<formula_cache::Params>,
    ),
    (
        "suppression",
        "无效或无用的抑制（[[ignore]] 与 jxlint-disable-next-line 注释）",
        suppression::compile,
        schema::<suppression::Params>,
    ),
];

pub fn compile(def: &RuleDef, facts: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let kind = def.kind.get_ref();
    match KINDS.iter().find(|(name, ..)| name == kind) {
        Some((_, _, compile, _)) => compile(def, facts),
        None => {
            let names: Vec<&str> = KINDS.iter().map(|(n, ..)| *n).collect();
            let help = match super::util::did_you_mean(kind, &names) {
                Some(s) => format!("是不是想写 `{s}`？可用的类型：{}", names.join("、")),
                None => format!("可用的类型：{}", names.join("、")),
            };
            Err(KindError::new(def.kind.span(), format!("未知的规则类型 `{kind}`")).with_help(help))
        }
    }
}

/// Looks up a fact a rule refers to, pointing at the reference when it does not exist.
pub(crate) fn fact_ref(facts: &FactSet, name: &crate::util::Spanned<String>) -> Result<String, KindError> {
    let n = name.get_ref();
    if facts.get(n).is_some() {
        return Ok(n.clone());
    }
    let names: Vec<&str> = facts.facts.iter().map(|f| f.name.as_str()).collect();
    let mut e = KindError::new(name.span(), format!("未定义的事实 `{n}`"));
    if let Some(s) = super::util::did_you_mean(n, &names) {
        e = e.with_help(format!("是不是想写 `{s}`？"));
    }
    Err(e)
}

/// The quantity as written, without any comparator (`343.82万元`), with its minus sign
/// (`-20万元`), which the parser reads before the number span.
pub(crate) fn written(report: &crate::parse::Report, q: &crate::parse::Quantity) -> String {
    let mut start = q.number_span().start.min(q.span().start.max(q.number_span().start));
    // `百分之百`: the rate's words come before its number.
    let lead = &report.text[q.span().start.min(start)..start];
    if let Some(w) = ["百分之", "千分之"].iter().find(|w| lead.ends_with(**w)) {
        start -= w.len();
    }
    if q.value.is_sign_negative() {
        if let Some(sign) = report.text[..start].chars().next_back().filter(|c| matches!(c, '-' | '－')) {
            start -= sign.len_utf8();
        }
    }
    report.text[start..q.span().end].trim_end().to_owned()
}

/// 1-based line number of a byte offset, for messages that refer to other lines.
pub(crate) fn line_no(report: &crate::parse::Report, offset: usize) -> usize {
    report.line_at(offset) + 1
}
