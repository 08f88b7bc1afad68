//! Numbers in tables → relations (`Source::Table(i)`), evaluated by the `rate` and `sum`
//! kinds like the relations found in prose.
//!
//! Columns are given a role by their header text (scored names, not an exact list):
//! budget (预算数, 批复, 计划, 编制; 全年/调整后 preferred over 年初), actual (执行, 支出,
//! 决算, 实际, 到位), rate (…率), weight (分值, 权重), score (得分), row number (行次, 序号)
//! and targets (指标值, 完成值), which take part in nothing. `（A）(B)` marks and a
//! `（B/A×100%）` formula on a rate column name its operands exactly.
//!
//! - **Row rates**: every rate column, in every data row, against its numerator ÷
//!   denominator at the precision of the rate cell (with or without `%`). A zero
//!   denominator is no relation.
//! - **Column totals**: a total row (总额, 合计, 总计) at the top of its block takes the rows
//!   below it up to the next total; at the bottom it takes the rows above it, a 小计 row
//!   standing for the rows it sums. 总分 adds the budget-execution weight and score.

use super::relations::{Evidence, Label, Operand, RateRelation, Relations, Source, SumRelation};
use super::table_model::parse_num;
use crate::parse::table::{header_key, Table};
use crate::parse::{Report, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Budget { preferred: bool, initial: bool },
    Actual { arrival: bool },
    Rate,
    Weight,
    Score,
    RowNumber,
    Target,
    Other,
}

fn role(key: &str) -> Role {
    let has = |w: &[&str]| w.iter().any(|x| key.contains(x));
    if has(&["得分"]) {
        Role::Score
    } else if has(&["分值", "权重"]) {
        Role::Weight
    } else if has(&["行次", "序号", "列次", "栏次"]) {
        Role::RowNumber
    } else if has(&["指标值", "目标值", "完成值", "实际值", "指标"]) {
        Role::Target
    } else if key.ends_with('率') {
        Role::Rate
    } else if has(&["情况", "名称", "内容", "类别", "说明", "原因"]) {
        // The row-label column (`预算执行情况（10分）`, `项目名称`) holds no amounts.
        Role::Other
    } else if has(&["执行数", "执行额", "执行金额", "支出数", "支出额", "决算数", "实际支出", "实际执行"])
    {
        // The amount spent, also when its name starts with 预算 (`预算执行数`).
        Role::Actual { arrival: false }
    } else if has(&["年初预算"]) {
        Role::Budget { preferred: false, initial: true }
    } else if has(&["预算", "批复", "计划", "编制"]) {
        Role::Budget { preferred: has(&["全年", "调整"]), initial: false }
    } else if has(&["执行", "支出", "决算", "实际", "到位", "使用"]) {
        Role::Actual { arrival: key.contains("到位") }
    } else {
        Role::Other
    }
}

/// A single-letter mark in the header text (`全年预算数（A）` → A).
fn letter_mark(s: &str) -> Option<char> {
    let inner = s.split(['（', '(']).nth(1)?.split(['）', ')']).next()?.trim();
    let mut cs = inner.chars();
    let c = cs.next()?;
    (c.is_ascii_uppercase() && cs.next().is_none()).then_some(c)
}

/// The formula on a rate column (`执行率（B/A×100%）` → (B, A)).
fn formula(s: &str) -> Option<(char, char)> {
    let inner = s.split(['（', '(']).nth(1)?;
    let slash = inner.find('/')?;
    let num = inner[..slash].trim().chars().next_back()?;
    let den = inner[slash + 1..].trim().chars().next()?;
    (num.is_ascii_uppercase() && den.is_ascii_uppercase()).then_some((num, den))
}

struct Col {
    role: Role,
    name: String,
    mark: Option<char>,
    formula: Option<(char, char)>,
}

/// A cell's number (`412.56`, `83%`, `2550.25万`), or `None`.
fn number(report: &Report, span: &Span, label: &str) -> Option<Operand> {
    let n = parse_num(report.slice(span))?;
    if n.cmp.is_some() {
        return None;
    }
    Some(Operand {
        span: span.clone(),
        value: n.value,
        scale: n.scale,
        magnitude: 0,
        label: Label::owned(label),
        // A whole number of people or things (`实际在职人数`) is exact.
        exact: n.scale == 0 && crate::parse::build::names_a_count(label),
    })
}

/// The row's label: its first cell that is text, not a number or a mark.
fn row_label(report: &Report, cells: &[Span]) -> String {
    cells
        .iter()
        .map(|c| report.slice(c).trim())
        .find(|t| !t.is_empty() && !crate::parse::table::is_value(t))
        .map(|t| t.split_whitespace().collect::<String>())
        .unwrap_or_default()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TotalKind {
    Sub,
    Grand,
}

fn total_kind(label: &str) -> Option<TotalKind> {
    let key = header_key(label);
    if key.contains("小计") {
        Some(TotalKind::Sub)
    } else if ["总额", "合计", "总计", "总分"].iter().any(|w| key.contains(w)) {
        Some(TotalKind::Grand)
    } else {
        None
    }
}

/// Appends the relations of every table of `report` to `out`.
pub fn relations(report: &Report, out: &mut Relations) {
    for (ti, table) in report.tables.iter().enumerate() {
        table_relations(report, ti, table, out);
    }
}

fn table_relations(report: &Report, ti: usize, table: &Table, out: &mut Relations) {
    let budget_extra = budget_weight_and_score(report, table);
    for std::ops::Range { start: s, end: e } in table.header_segments() {
        let cols: Vec<Col> = table.rows[s]
            .cells
            .iter()
            .map(|c| {
                let raw = report.slice(c);
                let key = header_key(raw);
                Col { role: role(&key), name: key, mark: letter_mark(raw), formula: formula(raw) }
            })
            .collect();
        // Under a 行次/序号 column a row whose cell there is not a row number was cut
        // or aligned wrongly: its numbers are not read (totals are often unnumbered).
        let numbered = cols.iter().position(|c| c.role == Role::RowNumber);
        let rows: Vec<(String, &[Span])> = table.rows[s + 1..e]
            .iter()
            .map(|r| (r.detached, row_label(report, &r.cells), r.cells.as_slice()))
            .filter(|(_, l, _)| !["列次", "栏次", "行次"].iter().any(|w| l.starts_with(w)))
            // Amounts of a block whose rows are unknown are still parts of the total below.
            .filter(|&(detached, ref l, cells)| {
                detached
                    || numbered.is_none_or(|k| {
                        cells.get(k).is_some_and(|c| {
                            let t = report.slice(c).trim();
                            (t.is_empty() && total_kind(l).is_some())
                                || (!t.is_empty() && t.chars().all(|ch| ch.is_ascii_digit()))
                        })
                    })
            })
            .map(|(_, l, cells)| (l, cells))
            .collect();
        rates(report, ti, &cols, &rows, out);
        sums(report, ti, &cols, &rows, &budget_extra, out);
    }
}

fn rates(report: &Report, ti: usize, cols: &[Col], rows: &[(String, &[Span])], out: &mut Relations) {
    for (r, col) in cols.iter().enumerate() {
        if col.role != Role::Rate {
            continue;
        }
        let Some((ni, di)) = operands(cols, r) else { continue };
        for (label, cells) in rows {
            if cells.len() != cols.len() {
                continue;
            }
            let name = |i: usize| format!("{label}{}", cols[i].name);
            let (Some(stated), Some(num), Some(den)) = (
                number(report, &cells[r], &name(r)),
                number(report, &cells[ni], &name(ni)),
                number(report, &cells[di], &name(di)),
            ) else {
                continue;
            };
            if den.value.is_zero() {
                continue;
            }
            out.rates.push(RateRelation {
                name: Label::owned(col.name.as_str()),
                stated,
                numerator: num,
                denominator: den,
                evidence: Evidence::Strong,
                source: Source::Table(ti),
            });
        }
    }
}

/// The numerator and denominator columns of rate column `r`.
fn operands(cols: &[Col], r: usize) -> Option<(usize, usize)> {
    if let Some((n, d)) = cols[r].formula {
        let find = |m: char| cols.iter().position(|c| c.mark == Some(m));
        if let (Some(ni), Some(di)) = (find(n), find(d)) {
            return Some((ni, di));
        }
    }
    let budget = |pref: bool, init: bool| {
        cols.iter()
            .position(|c| matches!(c.role, Role::Budget { preferred, initial } if preferred == pref && initial == init))
    };
    let di = budget(true, false).or_else(|| budget(false, false)).or_else(|| budget(false, true))?;
    let arrival = cols[r].name.contains("到位");
    let ni = cols
        .iter()
        .position(|c| c.role == Role::Actual { arrival })
        .or_else(|| (0..r).rev().find(|&i| i != di && matches!(cols[i].role, Role::Actual { .. } | Role::Other)))?;
    (ni != di).then_some((ni, di))
}

/// Columns whose cells add up down the table.
fn summable(role: Role) -> bool {
    matches!(role, Role::Budget { .. } | Role::Actual { .. } | Role::Weight | Role::Score | Role::Other)
}

fn sums(
    report: &Report,
    ti: usize,
    cols: &[Col],
    rows: &[(String, &[Span])],
    budget_extra: &(Option<Operand>, Option<Operand>),
    out: &mut Relations,
) {
    for (c, col) in cols.iter().enumerate() {
        if !summable(col.role) {
            continue;
        }
        let value = |k: usize| -> Option<Operand> {
            let (label, cells) = &rows[k];
            // `指标分值小计 90`: a lone number in a total row belongs to the column its
            // label names.
            let numbers: Vec<usize> =
                (0..cells.len()).filter(|&i| parse_num(report.slice(&cells[i])).is_some()).collect();
            let i = if numbers.len() == 1 && total_kind(label).is_some() {
                let named = if label.contains("分值") || label.contains("权重") {
                    Some(Role::Weight)
                } else if label.contains("得分") {
                    Some(Role::Score)
                } else {
                    None
                };
                match named {
                    Some(role) if col.role == role => numbers[0],
                    Some(_) => return None,
                    None => c,
                }
            } else {
                if cells.len() != cols.len() {
                    return None;
                }
                c
            };
            number(report, cells.get(i)?, &format!("{label}{}", col.name))
        };
        let mut top: Vec<usize> = Vec::new();
        let mut since: Vec<usize> = Vec::new();
        let mut k = 0;
        while k < rows.len() {
            let kind = total_kind(&rows[k].0);
            let Some(kind) = kind else {
                since.push(k);
                top.push(k);
                k += 1;
                continue;
            };
            let Some(total) = value(k) else {
                k += 1;
                continue;
            };
            if top.is_empty() && kind == TotalKind::Grand {
                // A total at the top of its block: the rows below it, to the next total.
                let mut parts = Vec::new();
                let mut j = k + 1;
                while j < rows.len() && total_kind(&rows[j].0).is_none() {
                    parts.extend(value(j));
                    j += 1;
                }
                if j > k + 1 {
                    push_sum(out, ti, total, parts);
                }
                k = j;
                continue;
            }
            let members: Vec<usize> = if kind == TotalKind::Sub { since.clone() } else { top.clone() };
            let mut parts: Vec<Operand> = members.iter().filter_map(|&m| value(m)).collect();
            if kind == TotalKind::Grand && header_key(&rows[k].0).contains("总分") {
                let extra = if col.role == Role::Weight { &budget_extra.0 } else { &budget_extra.1 };
                parts.extend(extra.clone());
            }
            if !members.is_empty() {
                push_sum(out, ti, total, parts);
            }
            if kind == TotalKind::Sub {
                top.retain(|m| !since.contains(m));
                top.push(k);
            } else {
                top.clear();
            }
            since.clear();
            k += 1;
        }
    }
}

fn push_sum(out: &mut Relations, ti: usize, total: Operand, parts: Vec<Operand>) {
    if parts.is_empty() {
        return;
    }
    out.sums.push(SumRelation { total, parts, complete: true, evidence: Evidence::Strong, source: Source::Table(ti) });
}

/// The weight and score of budget execution in a table (`预算执行率 | 分值10 | 得分 9.6`, or
/// the 分值 and 得分 cells of the 年度资金总额 row): part of the 总分.
fn budget_weight_and_score(report: &Report, table: &Table) -> (Option<Operand>, Option<Operand>) {
    let mut weight = None;
    let mut score = None;
    let mut header: Option<&[Span]> = None;
    for row in &table.rows {
        if row.header {
            header = Some(&row.cells);
            continue;
        }
        for c in &row.cells {
            let t = report.slice(c).trim();
            for (word, slot) in [("分值", &mut weight), ("得分", &mut score)] {
                if let Some(rest) = t.strip_prefix(word) {
                    if let Some(n) = parse_num(rest.trim_start_matches(['：', ':', ' '])) {
                        if slot.is_none() {
                            *slot = Some(Operand {
                                span: c.clone(),
                                value: n.value,
                                scale: n.scale,
                                magnitude: 0,
                                label: Label::owned(format!("预算执行{word}")),
                                exact: false,
                            });
                        }
                    }
                }
            }
        }
        let label = row_label(report, &row.cells);
        if let (Some(h), true) = (header, header_key(&label).contains("资金总额")) {
            for (i, hc) in h.iter().enumerate() {
                let role = role(&header_key(report.slice(hc)));
                let slot = match role {
                    Role::Weight => &mut weight,
                    Role::Score => &mut score,
                    _ => continue,
                };
                if slot.is_none() && row.cells.len() == h.len() {
                    *slot = number(report, &row.cells[i], &format!("预算执行{}", header_key(report.slice(hc))));
                }
            }
        }
    }
    (weight, score)
}
