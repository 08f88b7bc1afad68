//! The indicator-table rules one behaviour at a time, on small `|` tables: exact rule,
//! line and column, and silence where the table is right.

use jxlint::rules::RuleSet;

fn run(rules: &RuleSet, rule: &str, text: &str) -> Vec<(usize, usize, String)> {
    let diags: Vec<_> = jxlint::check_text(text, rules).into_iter().filter(|d| d.rule == rule).collect();
    jxlint::output::locate("t", text, &diags).into_iter().map(|d| (d.line, d.column, d.message)).collect()
}

fn at(rule: &str, text: &str) -> Vec<(usize, usize)> {
    run(&RuleSet::builtin(), rule, text).into_iter().map(|(l, c, _)| (l, c)).collect()
}

const HEAD: &str = "|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分|偏差原因分析及改进措施|\n";
const BUDGET: &str =
    "|项目资金（万元）|年初预算数|全年预算数|全年执行数|分值|执行率|得分|\n|年度资金总额|100|100|100|10|100.00%|10|\n";

#[test]
fn level2_weight_must_equal_its_rows() {
    let text = format!(
        "{HEAD}|产出指标|数量指标（20分）|培训人次|≥200人次|210人次|15|15||\n||数量指标（20分）|培训场次|≥4场|4场|10|10||\n"
    );
    let got = run(&RuleSet::builtin(), "indicator-weights", &text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1), (2, 7));
    assert!(got[0].2.contains("“数量指标（20分）”标明20分，但其下各指标分值合计为25分"), "{}", got[0].2);
}

fn split(p: u32, e: u32, s: u32) -> String {
    format!(
        "{BUDGET}{HEAD}|产出指标|数量指标|培训人次|≥200人次|210人次|{p}|{p}||\n|效益指标|社会效益指标|知晓率|≥80%|85%|{e}|{e}||\n|满意度指标|服务对象满意度指标|满意度|≥90%|95%|{s}|{s}||\n"
    )
}

#[test]
fn weight_split_must_match_a_profile() {
    assert_eq!(at("indicator-weights", &split(50, 30, 10)), vec![]);
    let got = run(&RuleSet::builtin(), "indicator-weights", &split(60, 20, 10));
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].0, got[0].1), (4, 2));
    assert!(got[0].2.contains("产出指标 60、效益指标 20、满意度指标 10、预算执行 10"), "{}", got[0].2);
    // Not 100 in all: the sum is reported, not the profile.
    let got = run(&RuleSet::builtin(), "indicator-weights", &split(50, 30, 20));
    assert!(got[0].2.contains("合计为110分"), "{}", got[0].2);
}

#[test]
fn a_province_profile_is_configuration() {
    let toml = jxlint::rules::DEFAULT_RULES.replace(
        "[[rule.profile]]\nname = \"财政部通用",
        "[[rule.profile]]\nname = \"四川：预算执行10、其余自定\"\nweights = [{ category = \"预算执行\", weight = 10 }]\n\n[[rule.profile]]\nname = \"财政部通用",
    );
    let rules = RuleSet::from_toml("sichuan.toml", &toml).expect("rules compile");
    assert_eq!(run(&rules, "indicator-weights", &split(60, 20, 10)), vec![]);
}

#[test]
fn grade_in_a_table_cell_and_in_prose() {
    let text = "|一级指标|三级指标|分值|得分|\n|产出指标|培训人次|100|85|\n|总分||100|85|\n|自评等级|优|||\n";
    assert_eq!(at("indicator-scores", text), vec![(4, 7)]);
    // `评价结果中…` is not a grade, whatever the score.
    let text = "本项目自评得分85分。评价结果中发现的问题已整改。\n";
    assert_eq!(at("indicator-scores", text), vec![]);
    let text = "本项目自评得分85分，评价等级为“优秀”。\n";
    assert_eq!(at("indicator-scores", text), vec![(1, 18)]);
}

#[test]
fn reverse_indicators_and_separate_comparator_and_unit_columns() {
    let text = "|一级指标|三级指标|计算符号|指标值|计量单位|实际完成值|分值|得分|偏差原因分析及改进措施|\n\
                |产出指标|人均成本|≤|1600|元|1700|10|9|暂无|\n\
                |产出指标|培训人次|≥|200|人次|210|10|10||\n";
    let got = run(&RuleSet::builtin(), "indicator-completion", text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1), (2, 31));
    assert!(got[0].2.contains("未达成年度指标值（≤1600，实际1700）"), "{}", got[0].2);
}

#[test]
fn deviation_notes_need_a_cause_and_a_measure() {
    let row = |note: &str| format!("{HEAD}|产出指标|数量指标|培训人次|≥200人次|150人次|30|22.5|{note}|\n");
    let msg = |note: &str| run(&RuleSet::builtin(), "indicator-completion", &row(note)).pop().map(|d| d.2);
    assert!(msg("暂无").unwrap().contains("未填写偏差原因分析及改进措施"));
    assert!(msg("由于场地改造，两期培训未办").unwrap().contains("没有提出改进措施"));
    assert!(msg("下一步抓紧组织").unwrap().contains("没有分析原因"));
    assert_eq!(msg("由于场地改造两期未办，下一步将于一季度补办"), None);
    // No deviation column: the explanation may be in the prose; nothing to check here.
    let text = "|一级指标|三级指标|年度指标值|实际完成值|\n|产出指标|培训人次|≥200人次|150人次|\n";
    assert_eq!(at("indicator-completion", text), vec![]);
}

#[test]
fn qualitative_partial_achievement_needs_its_band_and_a_note() {
    let text = format!(
        "{HEAD}|效益指标|社会效益指标|群众知晓度|明显提升|部分达成年度指标并具有一定效果|10|9||\n|效益指标|社会效益指标|服务水平|有效提升|基本达成|10|8|说明|\n"
    );
    let got = run(&RuleSet::builtin(), "indicator-completion", &text);
    let got: Vec<(usize, usize, bool, bool)> = got
        .iter()
        .map(|(l, c, m)| (*l, *c, m.contains("60%至80%"), m.contains("非标准") || m.contains("不是标准表述")))
        .collect();
    assert_eq!(got, vec![(2, 44, true, false), (2, 46, false, false), (3, 24, false, true)]);
}

#[test]
fn satisfaction_as_an_outcome_and_a_cost_with_a_floor_are_flagged() {
    let text = format!(
        "{HEAD}|产出指标|成本指标|人均补贴标准|≥1600元|1580元|10|10||\n|效益指标|社会效益指标|群众满意度|≥90%|95%|30|30||\n|满意度指标|服务对象满意度指标|老人满意度|≥90%|95%|10|10||\n"
    );
    let got = run(&RuleSet::builtin(), "indicator-orientation", &text);
    let got: Vec<(usize, usize, &str)> = got.iter().map(|(l, c, m)| (*l, *c, m.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (2, 19, "指标设置有误：成本指标“人均补贴标准”的指标值“≥1600元”应为上限（≤），而不是下限"),
            (3, 14, "指标设置有误：“群众满意度”是满意度指标，却作为效益指标"),
        ]
    );
}

#[test]
fn prose_about_the_whole_department_is_not_compared_with_a_project_table() {
    let table =
        "|项目资金（万元）|年初预算数|全年预算数|全年执行数|分值|执行率|得分|\n|年度资金总额|100|120|96|10|80.00%|8|\n";
    let dept = format!("本部门2024年度预算资金384.29万元，实际支出343.82万元，预算执行率89.47%。\n{table}");
    assert_eq!(at("table-prose-mismatch", &dept), vec![]);
    let project = format!("本项目全年预算120万元，实际支出98万元，预算执行率81.67%。\n{table}");
    assert_eq!(at("table-prose-mismatch", &project), vec![(1, 18), (1, 28)]);
}

#[test]
fn department_report_with_a_project_table_is_not_compared_with_department_figures() {
    // A 部门整体 report: its 预算/支出/执行率 paragraphs are about the department.
    let seed = include_str!("../fixtures/department-natural-resources.txt");
    let table = include_str!("../fixtures/tables/self_eval_clean.txt");
    assert_eq!(at("table-prose-mismatch", &format!("{seed}{table}")), vec![]);
}

#[test]
fn chongqing_style_columns_are_recognised() {
    // 重庆 部门整体绩效自评表: 执行率 in percent without a sign, 执行率权重/执行率得分,
    // 年初/调整指标值, 得分系数 (not a score).
    let text = "|年初预算数|全年（调整）预算数|全年执行数|执行率（%）|执行率权重|执行率得分|\n\
                |100|120|96|80.00|10|9|\n\
                |指标名称|计量单位|指标性质|年初指标值|调整指标值|全年完成值|得分系数（%）|指标权重|指标得分|偏差原因分析及改进措施|\n\
                |培训人次|人次|定量|≥100|≥150|150|100|20|20||\n";
    let got = run(&RuleSet::builtin(), "indicator-scores", text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1), (2, 22));
    assert!(got[0].2.contains("执行率80% × 分值10 = 8"), "{}", got[0].2);
    assert_eq!(at("indicator-completion", text), vec![]);
}

#[test]
fn absurd_numbers_do_not_overflow() {
    let text = "|项目资金（万元）|年初预算数|全年预算数|全年执行数|分值|执行率|得分|\n\
                |年度资金总额|0.00000001|0.00000001|999999999999999|999999999999999|100.00%|999999999999999|\n\
                |一级指标|三级指标|年度指标值|实际完成值|分值|得分|偏差原因分析及改进措施|\n\
                |产出指标|培训人次|≥0.00000001人|999999999999999人|0.00000001|999999999999999|无|\n\
                |总分|||||999999999999999999999999999|\n\
                本项目全年预算99999999999999999999999万元。\n";
    let diags = jxlint::check_text(text, &RuleSet::builtin());
    assert!(diags.iter().any(|d| d.rule == "indicator-scores"));
}

/// A consistent table whose budget-execution block is one row: labelled cells above the
/// header, or the indicator columns below it. `total` is the 总分 row's 得分.
fn with_budget_row(budget: &str, total: &str) -> String {
    format!(
        "|一级指标|二级指标|三级指标|分值|得分|\n\
         |产出指标|数量指标|培训人次|50|48|\n\
         |效益指标|社会效益指标|知晓率|30|29|\n\
         |满意度指标|服务对象满意度指标|学员满意度|10|9.2|\n\
         {budget}\
         |总分|||100|{total}|\n"
    )
}

#[test]
fn total_includes_a_budget_execution_row_in_labelled_cells() {
    let above = "|预算执行率|分值10|执行率96%|得分 9.6|\n";
    let text = format!("{above}{}", with_budget_row("", "95.8"));
    assert_eq!(at("indicator-scores", &text), vec![]);
    assert_eq!(at("indicator-weights", &text), vec![]);
    let text = format!("{above}{}", with_budget_row("", "96.8"));
    let got = run(&RuleSet::builtin(), "indicator-scores", &text);
    assert_eq!((got.len(), got[0].0, got[0].1), (1, 6, 11), "{got:?}");
    assert!(got[0].2.contains("总分写作96.8，但各项得分合计为95.8"), "{}", got[0].2);
    // The block's own arithmetic is checked too: 96% × 10 is 9.6, not 8.6.
    let text = format!("|预算执行率|分值10|执行率96%|得分 8.6|\n{}", with_budget_row("", "94.8"));
    assert_eq!(at("indicator-scores", &text), vec![(1, 23)]);
}

#[test]
fn total_includes_a_budget_execution_row_in_the_indicator_columns() {
    let row = "|预算执行率|||10|9.6|\n";
    let text = with_budget_row(row, "95.8");
    assert_eq!(at("indicator-scores", &text), vec![]);
    assert_eq!(at("indicator-weights", &text), vec![]);
    assert_eq!(at("indicator-scores", &with_budget_row(row, "85.8")), vec![(6, 11)]);
}

#[test]
fn an_indicator_named_like_the_budget_block_stays_an_indicator() {
    let text = format!(
        "{HEAD}|产出指标|质量指标|培训人次|≥200人次|210人次|40|40||\n\
         |||预算执行率|≥90%|95%|10|10||\n|总分||||||50|\n"
    );
    assert_eq!(at("indicator-scores", &text), vec![]);
}

/// The older form: 成本指标 is a 二级 of 产出, 满意度 a 二级 of 效益; flattened, their
/// cells stand in the 一级 column.
#[test]
fn a_stated_weight_owns_the_categories_met_while_it_is_short() {
    let text = format!(
        "{BUDGET}{HEAD}|产出指标（50分）|数量指标|培训人次|≥200人次|210人次|40|40||\n\
         |成本指标||人均成本|≤500元|480元|10|10||\n\
         |效益指标（40分）|社会效益指标|知晓率|≥80%|85%|30|30||\n\
         |满意度指标（10分）||学员满意度|≥90%|96%|10|10||\n"
    );
    let got = run(&RuleSet::builtin(), "indicator-weights", &text);
    assert_eq!(got.len(), 1, "{got:?}");
    // Folded in, the parts are 产出 50 and 效益 40: only the profile remains to differ.
    assert!(got[0].2.contains("产出指标 50、效益指标 40、预算执行 10，不符合"), "{}", got[0].2);
    // A category that does not fit the shortfall is a 一级 of its own: 产出 stays short.
    let text = format!(
        "{BUDGET}{HEAD}|产出指标（50分）|数量指标|培训人次|≥200人次|210人次|40|40||\n\
         |成本指标（20分）||人均成本|≤500元|480元|20|20||\n"
    );
    // (The parts then reach 80, not 100: reported at the table's start.)
    assert_eq!(at("indicator-weights", &text), vec![(1, 1), (4, 2)]);
}

#[test]
fn a_profile_without_cost_counts_cost_in_output() {
    let text = format!(
        "{BUDGET}{HEAD}|产出指标|数量指标|培训人次|≥200人次|210人次|40|40||\n\
         |成本指标||人均成本|≤500元|480元|10|10||\n\
         |效益指标|社会效益指标|知晓率|≥80%|85%|30|30||\n\
         |满意度指标|服务对象满意度指标|学员满意度|≥90%|96%|10|10||\n"
    );
    assert_eq!(at("indicator-weights", &text), vec![]);
}

/// One analysis per report: every table rule reads the indicator tables the analysis read
/// once, none reads them again.
#[test]
fn the_indicator_tables_are_read_once_per_report_for_all_rules() {
    use jxlint::analysis::table_model::builds_on_this_thread;
    let rules = RuleSet::builtin();
    // Wrong weights (60/20/10 fits no profile), a score above its weight and a target
    // missed without a cause: several table rules have something to say.
    let text = format!(
        "{BUDGET}{HEAD}|产出指标|数量指标|培训人次|≥200人次|150人次|60|70||\n|效益指标|社会效益指标|知晓率|≥80%|85%|20|20||\n|满意度指标|服务对象满意度指标|满意度|≥90%|95%|10|10||\n"
    );
    let before = builds_on_this_thread();
    let diags = jxlint::check_text(&text, &rules);
    assert_eq!(builds_on_this_thread() - before, 1);
    let mut table_rules: Vec<&str> =
        diags.iter().map(|d| d.rule.as_str()).filter(|r| r.starts_with("indicator-")).collect();
    table_rules.dedup();
    assert!(table_rules.len() >= 2, "{:?}", diags.iter().map(|d| &d.rule).collect::<Vec<_>>());
}

/// A header names the actual column in several ways (实际完成值, 全年实际值, 完成情况): a
/// missed target is read from each.
#[test]
fn the_actual_column_is_found_by_any_of_its_names() {
    for actual in ["实际完成值", "全年实际值", "实际值", "完成情况"] {
        let text = format!(
            "|一级指标|二级指标|三级指标|年度指标值|{actual}|分值|得分|偏差原因分析及改进措施|\n|产出指标|数量指标|培训人次|≥200人次|150人次|30|22.5|暂无|\n"
        );
        assert_eq!(at("indicator-completion", &text), vec![(2, 38)], "{actual}");
    }
}
