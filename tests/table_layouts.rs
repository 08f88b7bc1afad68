//! The 绩效自评表 as it arrives in text: every common flattening gives the same grid, and
//! the table's rates and totals are checked (`rate-mismatch`, `sum-mismatch` at the cell).
//! Fixtures are written here, in the project's own words.

mod docx_writer;

use docx_writer::{tc, Docx};
use jxlint::rules::RuleSet;

const NUMERIC: &[&str] = &["rate-mismatch", "sum-mismatch"];

/// (rule, line, column) of the numeric findings.
fn findings(text: &str) -> Vec<(String, usize, usize)> {
    findings_of(text, NUMERIC)
}

fn f(rule: &str, line: usize, col: usize) -> (String, usize, usize) {
    (rule.to_owned(), line, col)
}

// The budget block of one table: 执行率 of row 2 is wrong (90.00 ÷ 100.00 = 90.00%, not
// 91.00%), and the 执行数 column does not add up (60.00 + 20.00 ≠ 90.00).
const PIPE: &str = "项目资金（万元） | 全年预算数（A） | 全年执行数（B） | 执行率（B/A） |
年度资金总额 | 100.00 | 90.00 | 91.00% |
其中：财政拨款 | 70.00 | 60.00 | 85.71% |
其他资金 | 30.00 | 20.00 | 66.67% |
";

#[test]
fn pipe_rows_without_outer_bars() {
    assert_eq!(findings(PIPE), vec![f("sum-mismatch", 2, 19), f("rate-mismatch", 2, 27)]);
}

#[test]
fn cell_per_line_with_trailing_bar_and_blank_lines() {
    let text = "项目资金（万元） |\n全年预算数（A） |\n\n全年执行数（B） |\n执行率（B/A） |\n年度资金总额 |\n100.00 |\n\n90.00 |\n91.00% |\n其中：财政拨款 |\n70.00 |\n60.00 |\n85.71% |\n其他资金 |\n30.00 |\n20.00 |\n66.67% |\n";
    assert_eq!(findings(text), vec![f("sum-mismatch", 9, 1), f("rate-mismatch", 10, 1)]);
}

#[test]
fn space_separated_and_whole_table_on_one_line() {
    let spaced = "项目资金（万元） 全年预算数 全年执行数 执行率\n年度资金总额 100.00 90.00 91.00%\n其中：财政拨款 70.00 60.00 85.71%\n其他资金 30.00 20.00 66.67%\n";
    assert_eq!(findings(spaced), vec![f("sum-mismatch", 2, 15), f("rate-mismatch", 2, 21)]);
    let one_line = spaced.replace('\n', " ");
    assert_eq!(findings(&one_line), vec![f("sum-mismatch", 1, 40), f("rate-mismatch", 1, 46)]);
}

#[test]
fn label_then_numbers_with_the_row_broken_over_two_lines() {
    let text = "行次 全年预算数\n（A）\n全年执行数\n（B）\n执行率\n（B/A×100%）\n列次 1 2 3\n年度资金总额： 1 100.00\n90.00 91.00%\n其中：财政拨款 2 70.00\n60.00 85.71%\n其他资金 3 30.00\n30.00 100.00%\n";
    assert_eq!(findings(text), vec![f("rate-mismatch", 9, 7)]);
}

#[test]
fn a_header_worded_as_never_seen_still_reads() {
    // 序号, 下达数, a unit in brackets and 资金使用率: no exact list holds these names.
    let text = "序号 | 专项名称 | 下达预算数（万元） | 实际支出数（万元） | 资金使用率 |\n1 | 农村道路养护 | 200 | 180 | 95.0% |\n2 | 河道保洁 | 100 | 100 | 100.0% |\n| 合计 | 300 | 280 | 93.3% |\n";
    assert_eq!(findings(text), vec![f("rate-mismatch", 2, 26)]);
}

#[test]
fn damaged_table_missing_cell_and_clean_table_give_no_false_finding() {
    let text = "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n年度资金总额 50.00 50.00 45.00 10 90.00% 9.00\n其中：当年财政拨款 50.00 50.00 45.00 — 90.00% —\n上年结转资金 — —\n其他资金 — —\n";
    assert_eq!(findings(text), vec![]);
    assert_eq!(
        findings(
            &PIPE
                .replace("91.00%", "90.00%")
                .replace("| 90.00 |", "| 80.00 |")
                .replace("| 80.00 | 90.00%", "| 80.00 | 80.00%")
        ),
        vec![]
    );
}

#[test]
fn numbers_in_table_cells_are_not_headings() {
    let text = "一、项目概况\n项目资金（万元） |\n全年预算数 |\n全年执行数 |\n执行率 |\n238.93 |\n238.93 |\n100.00% |\n二、绩效目标\n";
    let report = jxlint::parse::parse(text);
    let headings: Vec<&str> = report.headings.iter().map(|h| report.slice(&h.title())).collect();
    assert_eq!(headings, vec!["项目概况", "绩效目标"]);
    assert_eq!(report.tables.len(), 1);
    assert!(report.lines[5].table().is_some());
}

#[test]
fn three_projects_with_different_budgets_give_no_cross_project_finding() {
    let one = |name: &str, a: &str, b: &str, r: &str| {
        format!("项目名称 | {name} |\n项目资金（万元） | 全年预算数 | 全年执行数 | 执行率 |\n年度资金总额 | {a} | {b} | {r} |\n")
    };
    let text = format!(
        "{}\n{}\n{}",
        one("道路养护", "100.00", "95.00", "95.00%"),
        one("河道保洁", "40.00", "40.00", "100.00%"),
        one("村庄绿化", "12.50", "10.00", "80.00%")
    );
    assert_eq!(findings(&text), vec![]);
}

#[test]
fn run_together_cells_are_reported_as_unread() {
    let text = "资金情况（万元）全年预算数（A）全年执行数（B）预算执行率（B/A）年度资金总额：13431343100%\n";
    let report = jxlint::parse::parse(text);
    assert!(report.tables.is_empty());
    assert_eq!(report.unread_tables.len(), 1);
    assert_eq!(findings(text), vec![]);
    let diags = jxlint::check_text(text, &RuleSet::builtin());
    let unread: Vec<_> = jxlint::output::locate("x", text, &diags)
        .into_iter()
        .filter(|d| d.rule == "table-unread")
        .map(|d| (d.line, d.column, d.message))
        .collect();
    assert_eq!(unread.len(), 1);
    assert_eq!((unread[0].0, unread[0].1), (1, 1));
    assert!(unread[0].2.starts_with("这里像是一张表，但无法识别其行列，表中的数字未被检查"));
    // A table that was read is not reported as unread.
    let diags = jxlint::check_text(PIPE, &RuleSet::builtin());
    assert!(diags.iter().all(|d| d.rule != "table-unread"));
}

/// (rule, message) of the numeric findings: the same whatever the layout.
fn messages(text: &str) -> Vec<(String, String)> {
    jxlint::check_text(text, &RuleSet::builtin())
        .into_iter()
        .filter(|d| NUMERIC.contains(&d.rule.as_str()))
        .map(|d| (d.rule, d.message))
        .collect()
}

#[test]
fn docx_table_and_its_flattened_text_give_the_same_findings() {
    let mut d = Docx::new();
    d.para("项目支出绩效自评表");
    let rows: Vec<Vec<&str>> =
        PIPE.lines().map(|l| l.split('|').map(str::trim).filter(|c| !c.is_empty()).collect()).collect();
    let table: Vec<Vec<_>> = rows.iter().map(|r| r.iter().map(|c| tc(c)).collect()).collect();
    d.table(&table);
    let extracted = jxlint::load::docx::extract(&d.to_bytes()).expect("extract").text;
    let from_docx = messages(&extracted);
    assert_eq!(from_docx.len(), 2, "{from_docx:?}");
    let spaced: String = rows.iter().map(|r| r.join(" ") + "\n").collect();
    assert_eq!(messages(&spaced), from_docx);
    assert_eq!(messages(&spaced.replace('\n', " ")), from_docx);
    let per_line: String = rows.iter().flatten().map(|c| format!("{c}\n\n")).collect();
    assert_eq!(messages(&per_line), from_docx);
}

#[test]
fn spent_column_named_after_the_budget_and_a_label_column_named_situation() {
    // `预算执行数` is what was spent although it starts with 预算; the first column,
    // `预算执行情况`, holds row labels, not a budget.
    let text = "| 预算执行情况（10分） | 年度预算数（万元） | 预算执行数 | 预算执行率 |\n| | 总额 | 300.00 | 270.00 | 90.00% |\n| | 其中：省级资金 | 200.00 | 190.00 | 95.00% |\n| | 县级资金 | 100.00 | 80.00 | 75.00% |\n";
    assert_eq!(findings(text), vec![f("rate-mismatch", 4, 29)]);
    assert_eq!(findings(&text.replace("75.00%", "80.00%")), vec![]);
}

#[test]
fn whole_counts_of_people_in_a_table_are_exact() {
    // 56 ÷ 50 = 112%: read as a value rounded to the unit, 55.5 ÷ 50.5 = 109.9% would
    // excuse 110.5%; a number of people is not rounded.
    let text = "编制数 |\n实际在职人数 |\n控制率 |\n50 |\n56 |\n110.50% |\n";
    assert_eq!(findings(text), vec![f("rate-mismatch", 6, 1)]);
    assert_eq!(findings(&text.replace("110.50%", "112.00%")), vec![]);
}

/// (rule, line, column) of the findings of `rules`.
fn findings_of(text: &str, rules: &[&str]) -> Vec<(String, usize, usize)> {
    let diags = jxlint::check_text(text, &RuleSet::builtin());
    jxlint::output::locate("x", text, &diags)
        .into_iter()
        .filter(|d| rules.contains(&d.rule.as_str()))
        .map(|d| (d.rule, d.line, d.column))
        .collect()
}

#[test]
fn key_value_rows_name_their_values_and_count_what_they_name() {
    // `项目总数 | 6 |` is 项目6个 in prose; the 100% is about the evaluated count just above it.
    let text = "一、自评范围\n本年度共有预算项目6个。\n二、自评覆盖情况\n项目总数 | 6 |\n开展自评项目数 | 5 |\n自评覆盖率 | 100% |\n";
    assert_eq!(findings_of(text, &["count-mismatch", "coverage-claim"]), vec![f("coverage-claim", 6, 9)]);
    let restated = text.replace("项目总数 | 6 |", "项目总数 | 7 |").replace("| 5 |", "| 7 |");
    // 7 restates 6; against the 6 stated first, 7 evaluated is no 100% either.
    assert_eq!(
        findings_of(&restated, &["count-mismatch", "coverage-claim"]),
        vec![f("count-mismatch", 4, 8), f("coverage-claim", 6, 9)]
    );
    let clean = text.replace("| 5 |", "| 6 |");
    assert_eq!(findings_of(&clean, &["count-mismatch", "coverage-claim"]), vec![]);
}

// The budget system's 决算 export copied out of a PDF: each label with its 行次, and the
// filled amounts only after the block of rows, empty cells left out. Which income row each
// of the three amounts is cannot be told; that 本年收入合计 (first of its block) holds the
// first amount after it and 总计 (last) the last can.
const EXPORT: &str = "收入决算表（单位：元）\n项目 行次 金额 一、财政拨款收入 1 二、上级补助收入 2 三、事业收入 3 四、其他收入 4 5,000,000.00 1,200,000.00 300,000.00 5 6 本年收入合计 7 年初结转和结余 8 总计 9 6,500,000.00 6,500,000.00\n";

#[test]
fn one_line_export_with_row_numbers_and_the_amounts_after_their_rows() {
    assert_eq!(findings(EXPORT), vec![]);
    // 5,000,000 + 1,200,000 + 300,000 = 6,500,000, not 6,800,000.
    let wrong = EXPORT.replacen("6,500,000.00", "6,800,000.00", 1);
    assert_eq!(findings(&wrong), vec![f("sum-mismatch", 2, 115)]);
    // Spaces between cells are no stray spaces between Han characters.
    assert_eq!(findings_of(EXPORT, &["cjk-space"]), vec![]);
}

#[test]
fn one_line_export_rows_are_cut_by_their_row_numbers() {
    let report = jxlint::parse::parse(EXPORT);
    let t = &report.tables[0];
    let grid: Vec<Vec<&str>> =
        t.rows.iter().map(|r| r.cells.iter().map(|c| report.slice(c).trim()).collect()).collect();
    let detached: Vec<bool> = t.rows.iter().map(|r| r.detached).collect();
    assert_eq!(grid[1], ["一、财政拨款收入", "1", ""]);
    assert_eq!(grid[5], ["", "", "5,000,000.00"]);
    assert_eq!(grid[8], ["", "5", ""]);
    assert_eq!(grid[10], ["本年收入合计", "7", "6,500,000.00"]);
    assert_eq!(grid[11], ["年初结转和结余", "8", ""]);
    assert_eq!(grid[12], ["总计", "9", "6,500,000.00"]);
    assert_eq!(detached.iter().filter(|d| **d).count(), 3);
    assert_eq!(grid.len(), 13);
}

#[test]
fn one_line_export_with_as_many_amounts_as_rows_after_the_block() {
    // Every row filled, the amounts still written after the block: one per row, in order.
    let text = "支出决算表（单位：万元）\n项目 行次 金额 一、基本支出 1 二、项目支出 2 80.00 45.00 支出合计 3 125.00\n";
    assert_eq!(findings(text), vec![]);
    // 80.00 + 45.00 = 125.00, not 130.00.
    assert_eq!(findings(&text.replace("125.00", "130.00")), vec![f("sum-mismatch", 2, 47)]);
    let report = jxlint::parse::parse(text);
    let grid: Vec<Vec<&str>> =
        report.tables[0].rows.iter().map(|r| r.cells.iter().map(|c| report.slice(c).trim()).collect()).collect();
    assert_eq!(grid[1], ["一、基本支出", "1", "80.00"]);
    assert_eq!(grid[2], ["二、项目支出", "2", "45.00"]);
    assert_eq!(grid[3], ["支出合计", "3", "125.00"]);
}
