//! Reads the 绩效自评表 out of the generic tables of the parse stage: which column is
//! 一级/二级/三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因; which row is the
//! 总分 row; the 预算执行 block (全年预算数, 全年执行数, 执行率, 分值, 得分).
//!
//! Columns are found by their header text, never by position, so the national form, the
//! provincial variants (指标性质, 计量单位, 权重 …) and hand-made tables all work.
//! Merged 一级/二级 cells (empty below their first row) are filled down.

use crate::parse::number::{parse_arabic, plausible};
use crate::parse::{Report, Span};
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
pub struct Cell {
    pub span: Span,
    pub text: String,
}

pub use crate::parse::comparator::Cmp;

/// A cell read as `[comparator] number [unit]` (`≥95%`, `100`, `≤30万元`).
#[derive(Debug, Clone)]
pub struct Num {
    pub cmp: Option<Cmp>,
    pub value: Decimal,
    pub scale: u32,
    pub unit: String,
}

/// The comparator a text starts with, and the rest.
pub fn comparator(s: &str) -> Option<(Cmp, &str)> {
    crate::parse::comparator::leading(s)
}

pub fn parse_num(s: &str) -> Option<Num> {
    let s = s.trim();
    let (cmp, rest) = match comparator(s) {
        Some((c, r)) => (Some(c), r),
        None => (None, s),
    };
    let end = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '０'..='９' | '．')))
        .map_or(rest.len(), |(i, _)| i);
    if end == 0 {
        return None;
    }
    let (value, scale) = sane(parse_arabic(&rest[..end])?)?;
    let unit = rest[end..].trim();
    // `2024年12月31日前`, `12月底前` are dates, not numbers with a unit (`≤12个月` is one).
    let date =
        unit.contains(['日', '号', '底']) || unit.ends_with('前') || (unit.contains('月') && !unit.contains("个月"));
    if date || unit.chars().any(|c| c.is_ascii_digit() || matches!(c, '０'..='９')) || unit.chars().count() > 8 {
        return None;
    }
    Some(Num { cmp, value, scale, unit: unit.replace('％', "%") })
}

/// A weight written in a category cell: `产出指标（50分）`, `效益指标(30)`.
pub fn stated_weight(s: &str) -> Option<Decimal> {
    let open = s.find(['（', '('])?;
    let inner = &s[open..];
    let inner = inner.trim_start_matches(['（', '(']);
    let close = inner.find(['）', ')'])?;
    let body = inner[..close].trim().trim_end_matches('分').trim();
    sane(parse_arabic(body)?).map(|(v, _)| v)
}

/// Numbers no indicator table holds (beyond 10¹⁵, or more than 8 decimals) are not read,
/// so that the rules' sums, ratios and products can never overflow a `Decimal`.
fn sane((v, scale): (Decimal, u32)) -> Option<(Decimal, u32)> {
    (scale <= 8 && plausible(v)).then_some((v, scale))
}

#[derive(Debug, Clone, Default)]
pub struct IndicatorRow {
    /// The row's whole line (for findings about the row).
    pub span: Span,
    pub level1: Option<Cell>,
    pub level2: Option<Cell>,
    pub name: Option<Cell>,
    pub cmp: Option<Cell>,
    pub nature: Option<Cell>,
    pub target: Option<Cell>,
    pub unit: Option<Cell>,
    pub actual: Option<Cell>,
    pub weight: Option<Cell>,
    pub score: Option<Cell>,
    pub deviation: Option<Cell>,
}

impl IndicatorRow {
    /// Where a finding about a missing value in this row points: the cell when there is
    /// one (an empty cell has an empty span at its place), else the indicator's name.
    pub fn anchor(&self, cell: &Option<Cell>) -> Span {
        cell.as_ref().or(self.name.as_ref()).map_or(self.span.clone(), |c| {
            if c.span.is_empty() {
                c.span.start..c.span.start
            } else {
                c.span.clone()
            }
        })
    }

    pub fn name_text(&self) -> &str {
        self.name.as_ref().map_or("", |c| c.text.as_str())
    }
}

#[derive(Debug, Clone, Default)]
pub struct BudgetRow {
    pub span: Span,
    pub initial: Option<Cell>,
    pub budget: Option<Cell>,
    pub executed: Option<Cell>,
    pub weight: Option<Cell>,
    pub rate: Option<Cell>,
    pub score: Option<Cell>,
    /// Multiplier to 元 of the block's amounts (10000 when the header says 万元).
    pub multiplier: Decimal,
}

#[derive(Debug, Clone, Default)]
pub struct TotalRow {
    pub span: Span,
    pub label: Option<Cell>,
    pub weight: Option<Cell>,
    pub score: Option<Cell>,
}

#[derive(Debug, Clone, Default)]
pub struct IndicatorTable {
    pub span: Span,
    /// Index in [`Report::tables`].
    pub table: usize,
    pub rows: Vec<IndicatorRow>,
    pub budget: Option<BudgetRow>,
    pub total: Option<TotalRow>,
    /// A grade written in the table (`等级 | 良`).
    pub grade: Option<Cell>,
}

#[derive(Default, Clone, Copy)]
struct IndicatorCols {
    level1: Option<usize>,
    level2: Option<usize>,
    name: Option<usize>,
    cmp: Option<usize>,
    nature: Option<usize>,
    target: Option<usize>,
    unit: Option<usize>,
    actual: Option<usize>,
    weight: Option<usize>,
    score: Option<usize>,
    deviation: Option<usize>,
}

#[derive(Default, Clone, Copy)]
struct BudgetCols {
    initial: Option<usize>,
    budget: Option<usize>,
    executed: Option<usize>,
    weight: Option<usize>,
    rate: Option<usize>,
    score: Option<usize>,
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn indicator_header(cells: &[String]) -> Option<IndicatorCols> {
    let mut c = IndicatorCols::default();
    for (i, t) in cells.iter().enumerate() {
        let set = |slot: &mut Option<usize>| {
            if slot.is_none() {
                *slot = Some(i)
            }
        };
        if t.contains("一级指标") {
            set(&mut c.level1)
        } else if t.contains("二级指标") {
            set(&mut c.level2)
        } else if t.contains("三级指标") || t == "指标名称" || t == "指标内容" {
            set(&mut c.name)
        } else if t.contains("计算符号") || t.contains("指标方向") {
            set(&mut c.cmp)
        } else if t.contains("指标性质") || t.contains("指标类型") {
            set(&mut c.nature)
        } else if t.contains("完成值") || t.contains("实际完成") || t.contains("完成情况") || t.contains("实际值")
        {
            set(&mut c.actual)
        } else if (t.contains("指标值") || t.contains("目标值")) && t.contains("调整") {
            // 重庆: 年初指标值 | 调整指标值 — the adjusted target is the one to meet.
            c.target = Some(i)
        } else if t.contains("指标值") || t.contains("目标值") {
            set(&mut c.target)
        } else if t.contains("单位") && t.chars().count() <= 4 {
            set(&mut c.unit)
        } else if t.starts_with("分值") || t.starts_with("权重") || t == "指标权重" {
            set(&mut c.weight)
        } else if (t.starts_with("得分") || t == "指标得分") && !t.contains("系数") {
            set(&mut c.score)
        } else if t.contains("偏差") || t.contains("原因") {
            set(&mut c.deviation)
        }
    }
    let has_name = c.level1.is_some() || c.name.is_some();
    let has_values = c.target.is_some() || c.actual.is_some() || c.score.is_some();
    (has_name && has_values).then_some(c)
}

fn budget_header(cells: &[String]) -> Option<BudgetCols> {
    let mut c = BudgetCols::default();
    for (i, t) in cells.iter().enumerate() {
        let set = |slot: &mut Option<usize>| {
            if slot.is_none() {
                *slot = Some(i)
            }
        };
        // 重庆 writes 执行率权重 and 执行率得分: weight and score before the rate itself.
        if t.starts_with("分值") || t.contains("权重") {
            set(&mut c.weight)
        } else if t.contains("得分") {
            set(&mut c.score)
        } else if t.contains("执行率") {
            set(&mut c.rate)
        } else if t.contains("年初预算") {
            set(&mut c.initial)
        } else if t.contains("执行数") || t.contains("实际支出") || t.contains("支出数") {
            set(&mut c.executed)
        } else if t.contains("预算数") || t.contains("调整后预算") || t.contains("全年预算") || t.contains("调整）预算")
        {
            set(&mut c.budget)
        }
    }
    (c.executed.is_some() && c.budget.is_some()).then_some(c)
}

const TOTAL_WORDS: &[&str] = &["总分", "合计", "总计", "得分合计", "合计得分", "总得分"];
const BUDGET_TOTAL_WORDS: &[&str] = &["年度资金总额", "资金总额", "总额", "合计", "预算执行情况", "项目资金"];
const GRADES: &[&str] = &["优秀", "良好", "优", "良", "中", "差", "合格", "不合格"];

thread_local! {
    static BUILDS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many times this thread has read indicator tables out of a report. The analysis
/// is built on the thread that checks the report, so a test can read this before and
/// after one check to hold the invariant that each report's tables are read once.
pub fn builds_on_this_thread() -> usize {
    BUILDS.with(std::cell::Cell::get)
}

/// The indicator tables of a report (tables with an indicator header or a budget block).
pub fn indicator_tables(report: &Report) -> Vec<IndicatorTable> {
    BUILDS.with(|b| b.set(b.get() + 1));
    let mut out = Vec::new();
    for (ti, table) in report.tables.iter().enumerate() {
        let mut it = IndicatorTable { span: table.span.clone(), table: ti, ..IndicatorTable::default() };
        let mut ind: Option<IndicatorCols> = None;
        let mut bud: Option<(BudgetCols, Decimal)> = None;
        let mut money_multiplier = Decimal::ONE;
        let (mut last1, mut last2): (Option<Cell>, Option<Cell>) = (None, None);
        for row in &table.rows {
            let cells: Vec<Cell> =
                row.cells.iter().map(|s| Cell { span: s.clone(), text: report.slice(s).trim().to_owned() }).collect();
            let texts: Vec<String> = cells.iter().map(|c| norm(&c.text)).collect();
            if texts.iter().any(|t| t.contains("万元")) && money_multiplier == Decimal::ONE {
                money_multiplier = Decimal::from(10000);
            }
            let row_span = report.lines[row.line].span();
            // Grade: a cell holding only a grade word right after a cell naming 等级.
            for w in cells.windows(2) {
                if w[0].text.contains("等级") && GRADES.contains(&w[1].text.as_str()) {
                    it.grade = Some(w[1].clone());
                }
            }
            // `预算执行率 | 分值10 | 执行率96% | 得分 9.6`: the block in one row of labelled
            // cells, anywhere in the table (often above the indicator header).
            if it.budget.is_none() {
                if let Some(b) = labelled_budget_row(&cells, row_span.clone()) {
                    it.budget = Some(b);
                    continue;
                }
            }
            if let Some(c) = indicator_header(&texts) {
                ind = Some(c);
                bud = None;
                continue;
            }
            if let Some(c) = budget_header(&texts) {
                bud = Some((c, money_multiplier));
                ind = None;
                continue;
            }
            let get = |i: Option<usize>| i.and_then(|i| cells.get(i)).cloned();
            if let Some((c, mult)) = bud {
                // The first row with amounts is the total (年度资金总额, or unlabelled as in
                // 重庆's form); the 其中 rows below it are parts.
                let numeric =
                    |i: Option<usize>| i.and_then(|i| cells.get(i)).is_some_and(|x| parse_num(&x.text).is_some());
                let first = texts.iter().find(|t| !t.is_empty()).map(String::as_str).unwrap_or("");
                let labelled = BUDGET_TOTAL_WORDS.iter().any(|w| first.starts_with(w));
                let part = first.starts_with("其中") || first.contains("财政拨款") || first.contains("结转");
                // Unlabelled, the first row is the project's own budget only in a block
                // that scores it (分值/得分); a list of projects with their budgets is not.
                let scored = c.weight.is_some() || c.score.is_some();
                if it.budget.is_none() && !part && (labelled || (scored && numeric(c.budget) && numeric(c.executed))) {
                    it.budget = Some(BudgetRow {
                        span: row_span.clone(),
                        initial: get(c.initial),
                        budget: get(c.budget),
                        executed: get(c.executed),
                        weight: get(c.weight),
                        rate: get(c.rate),
                        score: get(c.score),
                        multiplier: mult,
                    });
                }
                continue;
            }
            let Some(c) = ind else { continue };
            let before_values = c.weight.or(c.score).or(c.target).unwrap_or(usize::MAX);
            let total_label =
                cells.iter().take(before_values).find(|x| TOTAL_WORDS.iter().any(|w| norm(&x.text).starts_with(w)));
            if let Some(label) = total_label {
                it.total = Some(TotalRow {
                    span: row_span.clone(),
                    label: Some(label.clone()),
                    weight: get(c.weight),
                    score: get(c.score),
                });
                continue;
            }
            // `预算执行率 | | | 10 | 9.6` under the indicator header: the budget block's 分值
            // and 得分 in the indicator columns, part of the total like the rows.
            let label = cells.iter().find(|x| !x.text.is_empty());
            // An indicator named 预算执行率 (under 产出, merged cells empty) has its name in
            // the 三级 column and a target; the block has neither.
            let unnamed =
                get(c.name).is_none_or(|n| n.text.is_empty()) && get(c.target).is_none_or(|t| t.text.is_empty());
            if it.budget.is_none() && unnamed && label.is_some_and(|l| names_budget_execution(&l.text)) {
                it.budget = Some(BudgetRow {
                    span: row_span.clone(),
                    weight: get(c.weight),
                    score: get(c.score),
                    multiplier: Decimal::ONE,
                    ..BudgetRow::default()
                });
                continue;
            }
            let own1 = get(c.level1).filter(|x| !x.text.is_empty());
            if own1.is_some() {
                last1 = own1.clone();
                last2 = None;
            }
            let own2 = get(c.level2).filter(|x| !x.text.is_empty());
            if own2.is_some() {
                last2 = own2;
            }
            let name = get(c.name);
            if name.as_ref().is_none_or(|n| n.text.is_empty()) && get(c.target).is_none_or(|t| t.text.is_empty()) {
                continue;
            }
            it.rows.push(IndicatorRow {
                span: row_span,
                level1: last1.clone(),
                level2: last2.clone(),
                name,
                cmp: get(c.cmp),
                nature: get(c.nature),
                target: get(c.target),
                unit: get(c.unit),
                actual: get(c.actual),
                weight: get(c.weight),
                score: get(c.score),
                deviation: get(c.deviation),
            });
        }
        if !it.rows.is_empty() || it.budget.is_some() {
            out.push(it);
        }
    }
    // The national form is often flattened into two tables (资金 block, then 指标 block,
    // with a blank line between): an indicator table without a budget block takes the
    // budget-only table right before it.
    let mut i = 1;
    while i < out.len() {
        let prev_budget_only = out[i - 1].rows.is_empty() && out[i - 1].budget.is_some();
        if prev_budget_only && out[i].budget.is_none() && !out[i].rows.is_empty() {
            let prev = out.remove(i - 1);
            let t = &mut out[i - 1];
            t.budget = prev.budget;
            t.span = prev.span.start..t.span.end;
            t.grade = t.grade.take().or(prev.grade);
        } else {
            i += 1;
        }
    }
    out
}

/// A row label naming the budget-execution block (预算执行率, 资金执行率, 预算执行情况).
fn names_budget_execution(label: &str) -> bool {
    let k = norm(category_name(label));
    k.starts_with("预算执行") || k.starts_with("预算资金执行") || k.starts_with("资金执行率") || k == "执行率"
}

/// The budget block as one row of labelled cells: a first cell naming it, then cells that
/// each hold a column name and its number (`分值10`, `执行率96%`, `得分 9.6`). Each cell
/// is narrowed to its number, so the rules read it like a cell of a header-led block.
fn labelled_budget_row(cells: &[Cell], span: Span) -> Option<BudgetRow> {
    let mut filled = cells.iter().filter(|c| !c.text.is_empty());
    if !names_budget_execution(&filled.next()?.text) {
        return None;
    }
    let mut b = BudgetRow { span, multiplier: Decimal::ONE, ..BudgetRow::default() };
    for c in filled {
        let at = c.text.find(|ch: char| ch.is_ascii_digit() || matches!(ch, '０'..='９'))?;
        let name = norm(c.text[..at].trim_end_matches(['：', ':']));
        let rest = c.text[at..].trim();
        parse_num(rest)?;
        let off = c.text.len() - c.text[at..].trim_start().len();
        let value = Cell { span: c.span.start + off..c.span.start + off + rest.len(), text: rest.to_owned() };
        let slot = if name.starts_with("分值") || name.contains("权重") {
            &mut b.weight
        } else if name.contains("得分") {
            &mut b.score
        } else if name.contains("执行率") {
            &mut b.rate
        } else if name.contains("执行数") || name.contains("支出数") {
            &mut b.executed
        } else if name.contains("预算数") {
            &mut b.budget
        } else {
            return None;
        };
        *slot = Some(value);
    }
    (b.weight.is_some() || b.score.is_some()).then_some(b)
}

/// A category cell's name without its weight: `产出指标（50分）` → `产出指标`.
pub fn category_name(s: &str) -> &str {
    s.split(['（', '(']).next().unwrap_or(s).trim()
}

/// An indicator value still holding a template placeholder (`≥**个`, `XX`).
pub fn has_placeholder(s: &str) -> bool {
    s.contains(['*', '＊']) || s.contains("XX") || s.contains("xx") || s.contains("××")
}

/// A cell's number, if it holds exactly one.
pub fn cell_num(c: &Option<Cell>) -> Option<Num> {
    c.as_ref().and_then(|c| parse_num(&c.text))
}

/// Formats a decimal without trailing zeros (`50`, `8.95`).
pub fn fmt(v: Decimal) -> String {
    v.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_comparator_number_unit() {
        let n = parse_num("≥95％").unwrap();
        assert_eq!((n.cmp, n.value, n.scale, n.unit.as_str()), (Some(Cmp::Ge), Decimal::new(95, 0), 0, "%"));
        let n = parse_num("不超过 1,600.50元").unwrap();
        assert_eq!((n.cmp, n.value, n.unit.as_str()), (Some(Cmp::Le), Decimal::new(160050, 2), "元"));
        assert_eq!(parse_num("≤12个月").map(|n| n.unit), Some("个月".to_owned()));
        for date in ["12月底前", "2024年12月31日前", "6月30日", "完成", "≥**个", ""] {
            assert!(parse_num(date).is_none(), "{date}");
        }
        assert_eq!(stated_weight("产出指标（50分）"), Some(Decimal::new(50, 0)));
        assert_eq!(stated_weight("效益指标(30)"), Some(Decimal::new(30, 0)));
        assert_eq!(stated_weight("满意度指标"), None);
        // Absurd values are not numbers the rules compute with (no overflow on ÷ and ×).
        assert!(parse_num("99999999999999999999").is_none());
        assert!(parse_num("0.0000000001").is_none());
    }
}
