//! Tables flattened to text (Markdown / `|` rows, tab-separated rows, one cell per line)
//! are recognised in the parse stage, and the indicator-table rules find exactly the
//! planted errors — and nothing on a clean table.

use jxlint::parse::table::TableShape;
use jxlint::rules::RuleSet;

const TABLE_RULES: &[&str] =
    &["indicator-weights", "indicator-scores", "indicator-completion", "indicator-orientation", "table-prose-mismatch"];

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/fixtures/tables/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

/// (rule, line, column) of the table rules' findings, in order.
fn findings(text: &str) -> Vec<(String, usize, usize)> {
    let diags = jxlint::check_text(text, &RuleSet::builtin());
    jxlint::output::locate("x", text, &diags)
        .into_iter()
        .filter(|d| TABLE_RULES.contains(&d.rule.as_str()))
        .map(|d| (d.rule, d.line, d.column))
        .collect()
}

fn concise(name: &str) -> String {
    let text = fixture(name);
    let diags: Vec<_> = jxlint::check_text(&text, &RuleSet::builtin())
        .into_iter()
        .filter(|d| TABLE_RULES.contains(&d.rule.as_str()))
        .collect();
    jxlint::output::concise::render(&jxlint::output::locate(name, &text, &diags))
}

fn f(rule: &str, line: usize, col: usize) -> (String, usize, usize) {
    (rule.to_owned(), line, col)
}

#[test]
fn markdown_self_evaluation_table_with_planted_errors() {
    let got = findings(&fixture("self_eval_planted.md"));
    assert_eq!(
        got,
        vec![
            f("table-prose-mismatch", 4, 25),   // 实际支出188万元, table 190
            f("table-prose-mismatch", 4, 36),   // 执行率94.00%, table 95.00%
            f("indicator-scores", 6, 17),       // 92.8分 is 优, not 良
            f("indicator-scores", 10, 44),      // 95% × 10 = 9.5, not 9.8
            f("indicator-completion", 14, 58),  // unmet target, note “无”
            f("indicator-completion", 15, 21),  // 95% without comparator
            f("indicator-orientation", 17, 13), // 资金到位率 as an output
            f("indicator-weights", 18, 3),      // 效益 30 stated, rows 35
            f("indicator-completion", 18, 55),  // 达成 but 20 of 30
            f("indicator-orientation", 19, 6),  // 质量指标 under 效益
            f("indicator-orientation", 19, 25), // ≥**个
            f("indicator-completion", 20, 60),  // 95% vs ≥60%: over 130%, no note
        ]
    );
    insta::assert_snapshot!("planted_concise", concise("self_eval_planted.md"));
}

#[test]
fn clean_table_has_no_table_findings() {
    assert_eq!(findings(&fixture("self_eval_clean.txt")), vec![]);
}

#[test]
fn tab_separated_rows_are_a_table() {
    let text = fixture("tab_separated.txt");
    let report = jxlint::parse::parse(&text);
    assert_eq!(report.tables.len(), 1);
    assert_eq!(report.tables[0].shape, TableShape::Tab);
    assert_eq!(report.tables[0].rows.len(), 4);
    assert_eq!(report.slice(&report.tables[0].rows[1].cells[2]), "培训人次");
    assert_eq!(findings(&text), vec![f("indicator-scores", 2, 32)]);
}

#[test]
fn one_cell_per_line_after_a_known_header_is_a_table() {
    let text = fixture("cell_per_line.txt");
    let report = jxlint::parse::parse(&text);
    assert_eq!(report.tables.len(), 1);
    let t = &report.tables[0];
    assert_eq!(t.shape, TableShape::Stream);
    assert_eq!((t.rows.len(), t.width()), (4, 7));
    assert_eq!(report.slice(&t.rows[3].cells[4]), "96%");
    assert_eq!(findings(&text), vec![f("indicator-completion", 13, 1)]);
}

#[test]
fn prose_without_a_header_is_not_cut_into_a_table() {
    let text = "一级指标\n二级指标\n三级指标\n本段是正文，不是表格。\n";
    assert!(jxlint::parse::parse(text).tables.is_empty());
    let text = "甲\t乙\n说明文字。\n";
    assert!(jxlint::parse::parse(text).tables.is_empty());
}

#[test]
fn markdown_rule_rows_are_not_data_and_empty_cells_keep_their_column() {
    let text = "| 一级指标 | 三级指标 | 分值 |\n|:---|---:|---|\n|  | 培训人次 | 20 |\n";
    let report = jxlint::parse::parse(text);
    let t = &report.tables[0];
    assert_eq!(t.rows.len(), 2);
    let cells: Vec<&str> = t.rows[1].cells.iter().map(|c| report.slice(c)).collect();
    assert_eq!(cells, ["", "培训人次", "20"]);
}
