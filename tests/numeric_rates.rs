//! Rates, counts and coverage as reports word them (issue 15): each case asserts the exact
//! numeric finding (rule, line, column) or the silence of the numeric rules.

mod common;
use common::rules;

const NUMERIC: &[&str] = &["rate-mismatch", "sum-mismatch", "count-mismatch", "coverage-claim"];

/// Numeric findings of a text as (rule, line, column).
fn numeric(text: &str) -> Vec<(String, usize, usize)> {
    common::findings_in(text).into_iter().filter(|(r, _, _)| NUMERIC.contains(&r.as_str())).collect()
}

fn one(rule: &str, line: usize, column: usize) -> Vec<(String, usize, usize)> {
    vec![(rule.to_owned(), line, column)]
}

/// The finding's full diagnostic (message and related labels), for the operand checks.
fn diagnostics(text: &str, rule: &str) -> Vec<jxlint::diagnostics::Diagnostic> {
    jxlint::check_text(text, rules()).into_iter().filter(|d| d.rule == rule).collect()
}

// ---- rates ----------------------------------------------------------------------------

#[test]
fn funds_total_and_completed_payment_are_operands() {
    // 2113.63 ÷ 2179 = 97.00%: `资金共` is budget-like, `已完成拨付` spent-like.
    let text = "项目资金共2179万元，截至12月8日已完成拨付2113.63万元，执行率90%。\n";
    assert_eq!(numeric(text), one("rate-mismatch", 1, 38));
    let good = "项目资金共2179万元，截至12月8日已完成拨付2113.63万元，执行率97%。\n";
    assert_eq!(numeric(good), vec![]);
}

#[test]
fn budget_on_the_line_before_is_the_denominator() {
    // 1215.36 ÷ 1380.50 = 88.04%.
    let text = "全年预算数为1,380.50万元。\n全年实际支出1,215.36万元，预算执行率为92.15%。\n";
    assert_eq!(numeric(text), one("rate-mismatch", 2, 24));
    let good = "全年预算数为1,380.50万元。\n全年实际支出1,215.36万元，预算执行率为88.04%。\n";
    assert_eq!(numeric(good), vec![]);
}

#[test]
fn a_finding_names_both_operands() {
    let text = "本年度下达经费600万元，实际花费支出450万元，经费执行率80%。\n";
    let d = diagnostics(text, "rate-mismatch");
    assert_eq!(d.len(), 1);
    assert!(d[0].message.contains("450万元") && d[0].message.contains("600万元"), "{}", d[0].message);
    assert_eq!(d[0].related.len(), 2);
    assert_eq!(numeric("本年度下达经费600万元，实际花费支出450万元，经费执行率75%。\n"), vec![]);
}

#[test]
fn rate_before_its_amounts_in_brackets() {
    let text = "专项执行率为70%（实际支出36万元，年度预算48万元）。\n";
    assert_eq!(numeric(text), one("rate-mismatch", 1, 7));
    assert_eq!(numeric("专项执行率为75%（实际支出36万元，年度预算48万元）。\n"), vec![]);
}

#[test]
fn rate_in_another_section_than_its_amounts() {
    let text = "一、总体情况\n本单位资金执行率为91%，完成了全年任务。\n二、资金情况\n年初预算安排200.00万元。\n全年支出186.00万元。\n";
    assert_eq!(numeric(text), one("rate-mismatch", 2, 10));
    let good = text.replace("91%", "93%");
    assert_eq!(numeric(&good), vec![]);
}

#[test]
fn rate_of_counts() {
    // 108 ÷ 120 = 90%.
    assert_eq!(numeric("全年提交建议120件，立案108件，立案率92%。\n"), one("rate-mismatch", 1, 22));
    assert_eq!(numeric("全年提交建议120件，立案108件，立案率90%。\n"), vec![]);
}

#[test]
fn counts_never_meet_money_or_other_units() {
    // 12 公里 and 40 万元 are no ratio of each other; nothing to check.
    assert_eq!(numeric("年度预算40万元，改造道路12公里，完成率30%。\n"), vec![]);
}

#[test]
#[ignore = "open: 預算…亿元 with 實際支出…万元 is not linked yet; see the branch report"]
fn mixed_money_units_and_traditional_characters() {
    // 4600万元 ÷ 0.5亿元 = 92%; 預算/實際/執行 read as 预算/实际/执行.
    assert_eq!(numeric("年度預算0.5亿元，實際支出4600万元，預算執行率95%。\n"), one("rate-mismatch", 1, 29));
    assert_eq!(numeric("年度預算0.5亿元，實際支出4600万元，預算執行率92%。\n"), vec![]);
}

#[test]
fn truncation_is_named_and_not_excused_by_rounding() {
    // 106.07 ÷ 109.6 = 96.779…%: 96.77 is truncated, not rounded.
    let text = "项目资金合计109.6万元，实际支出106.07万元，执行率为96.77%。\n";
    let d = diagnostics(text, "rate-mismatch");
    assert_eq!(d.len(), 1);
    assert!(d[0].message.contains("截断"), "{}", d[0].message);
}

#[test]
fn operands_rounded_coarsely_may_explain_the_last_digit() {
    // 21.37 ÷ 56.84 = 37.597%; with both amounts rounded to 0.01亿元 37.61% is possible.
    assert_eq!(numeric("年度下达资金总量56.84亿元，已支出21.37亿元，支付率为37.61%。\n"), vec![]);
}

#[test]
#[ignore = "open: the derived base is not chosen here yet (10 ÷ 90 and 10 ÷ 100 compete); see the branch report"]
fn decline_with_the_base_derived_from_current_and_change() {
    // Last year = 90 + 10 = 100; the decline is 10% (10 ÷ 90 would be 11.1%).
    assert_eq!(numeric("本年度会议费90万元，较上年减少10万元，下降12%。\n"), one("rate-mismatch", 1, 24));
    assert_eq!(numeric("本年度会议费90万元，较上年减少10万元，下降10%。\n"), vec![]);
}

#[test]
fn share_of_a_named_total() {
    // 45 ÷ 150 = 30%.
    let text = "采购合同总额150万元。授予小型企业合同45万元，占合同总额的35%。\n";
    assert_eq!(numeric(text), one("rate-mismatch", 1, 32));
    assert_eq!(numeric("采购合同总额150万元。授予小型企业合同45万元，占合同总额的30%。\n"), vec![]);
}

#[test]
fn a_bare_wan_meets_money() {
    assert_eq!(numeric("工作经费预算50.00万元，实际支出40.00万，执行率85%。\n"), one("rate-mismatch", 1, 29));
}

// ---- counts -----------------------------------------------------------------------------

#[test]
fn subsets_are_not_restatements_of_the_total() {
    let text = "本年度共有项目15个。\n其中有3个项目进度滞后。\n我们对11个项目开展了绩效自评。\n其中重点项目5个。\n";
    assert_eq!(numeric(text), vec![]);
}

#[test]
fn a_restated_total_that_differs_is_reported() {
    let text = "本年度共有项目15个。\n全年实施项目14个。\n";
    assert_eq!(numeric(text), one("count-mismatch", 2, 7));
}

#[test]
fn a_count_after_qizhong_with_no_whole_before_it_is_the_total() {
    // 8 after 其中 (no count before it) and 7+1 agree; `涉及到的7个项目` claims all of them.
    let text = "预算执行率为90%。其中：项目8个。\n年初安排7个项目，追加1个项目。\n对涉及到的7个项目进行了评价。\n";
    assert_eq!(numeric(text), one("count-mismatch", 3, 6));
}

#[test]
fn a_count_message_names_a_few_places_and_counts_the_rest() {
    let mut text = String::new();
    for _ in 0..6 {
        text.push_str("共有项目8个。\n");
    }
    text.push_str("共有项目9个。\n");
    let d = diagnostics(&text, "count-mismatch");
    assert_eq!(d.len(), 1);
    assert!(d[0].message.contains("等6处"), "{}", d[0].message);
    assert_eq!(d[0].related.len(), 3);
}

#[test]
fn count_consistency_is_linear() {
    // 20 000 statements: the old consensus compared every statement with every other.
    let text = "项目8个，\n".repeat(20_000);
    let start = std::time::Instant::now();
    assert_eq!(numeric(&text), vec![]);
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

// ---- coverage ---------------------------------------------------------------------------

#[test]
fn insurance_coverage_is_not_self_evaluation_coverage() {
    assert_eq!(numeric("全县医疗保险参保覆盖率98.5%。\n"), vec![]);
    assert_eq!(numeric("本年度绩效自评覆盖率为85%。\n"), one("coverage-claim", 1, 12));
}

#[test]
fn a_budget_stated_in_an_earlier_section_explains_the_rate() {
    // 237.5 ÷ 250 = 95%; the 30万元 beside the rate is another fund, not its denominator.
    let text = "一、资金下达情况\n市财政下达本项目资金250.00万元。\n二、资金使用情况\n全年支出237.50万元，执行率95%。单位另安排自有资金30.00万元，不在本项目内。\n";
    assert_eq!(numeric(text), vec![]);
}

#[test]
fn a_coincidence_in_a_later_section_does_not_excuse_a_rate() {
    // 80 ÷ 100 = 80%, written 75%; 公用支出30 ÷ 一般公共预算40 = 75% further on is chance.
    let text = "（一）预算执行\n本年预算资金100万元，实际支出80万元，执行率为75%。\n二、其他资金\n日常公用支出30万元，一般公共预算40万元。\n";
    assert_eq!(numeric(text), one("rate-mismatch", 2, 26));
}

#[test]
fn a_generic_rate_is_not_checked_against_amounts_in_another_section() {
    let text = "一、预算执行情况\n年度预算资金500万元，实际支出480万元，预算执行率96%。\n二、绩效目标完成情况\n质量指标：设备验收合格率99.5%，群众满意率为93%。\n";
    assert_eq!(numeric(text), vec![]);
}

// ---- traditional characters -----------------------------------------------------------

#[test]
fn a_report_in_traditional_characters_is_checked_like_a_simplified_one() {
    // 30 + 80 = 110 exceeds 100; 90 ÷ 100 = 90.00%, not 95.00%.
    let traditional = "我單位共申報項目資金100.00萬元，其中：辦公經費30.00萬元，設備購置經費80.00萬元。\n年度實際支出90.00萬元，預算執行率95.00%。\n";
    let simplified = "我单位共申报项目资金100.00万元，其中：办公经费30.00万元，设备购置经费80.00万元。\n年度实际支出90.00万元，预算执行率95.00%。\n";
    let expected = vec![("sum-mismatch".to_owned(), 1, 11), ("rate-mismatch".to_owned(), 2, 20)];
    assert_eq!(numeric(traditional), expected);
    assert_eq!(numeric(simplified), expected);
    let good = "我單位共申報項目資金110.00萬元，其中：辦公經費30.00萬元，設備購置經費80.00萬元。\n年度實際支出104.50萬元，預算執行率95.00%。\n";
    assert_eq!(numeric(good), vec![]);
}

// ---- operands claimed by another rate ---------------------------------------------------

#[test]
fn an_amount_that_explains_its_own_rate_does_not_contradict_an_earlier_section() {
    // 30 ÷ 50 = 60% is the 支付率's; the 分配率 sections before it names no amount of its own.
    let text = "一、资金分配情况\n全市直达资金总额50.00亿元，分配率98.0%。\n二、资金支付情况\n截至年底支出30.00亿元，支付率为60.0%。\n";
    assert_eq!(numeric(text), vec![]);
    // An amount no other rate explains still answers a summary rate stated before it.
    let summary = "一、基本情况\n补助资金执行率为90%。\n二、资金情况\n下达补助资金50.00万元，全年支出48.00万元。\n";
    assert_eq!(numeric(summary), one("rate-mismatch", 2, 9));
}

// ---- counts restated ----------------------------------------------------------------------

#[test]
fn a_count_that_speaks_of_all_of_an_earlier_one_must_equal_it() {
    let text = "柳塘街道辖6个社区，分别为东溪、西溪、南岭、北岭、柳湾、桥头社区。\n5个社区均完成年度综合考评。\n";
    assert_eq!(numeric(text), one("count-mismatch", 2, 1));
    let d = diagnostics(text, "count-mismatch");
    assert!(d[0].message.contains("“社区”的数量前后不一致：此处为5个，而第1行为6个"), "{}", d[0].message);
    let good = "柳塘街道辖6个社区，分别为东溪、西溪、南岭、北岭、柳湾、桥头社区。\n6个社区均完成年度综合考评。\n";
    assert_eq!(numeric(good), vec![]);
    // 上述 points back; the earlier noun may be longer (行政村 → 村).
    let back = "全年修复山塘23处，惠及7个行政村。上述6个村均已完成竣工验收。\n";
    assert_eq!(numeric(back), one("count-mismatch", 1, 21));
}

#[test]
fn a_subset_or_the_parts_restated_together_are_no_contradiction() {
    // A count inside its sentence, or after 其中, may be some of them.
    for text in [
        "柳塘街道辖6个社区，3个社区均完成改造。\n",
        "柳塘街道辖6个社区。其中3个社区均完成改造。\n",
        // Two parts restated as one: 3 + 4 = 7.
        "东片3个村、西片4个村完成改造。上述7个村均已验收。\n",
        // No noun named before 均: nothing to compare.
        "共实施项目8个。5个均已完工。\n",
    ] {
        assert_eq!(numeric(text), vec![], "{text}");
    }
}

/// A file holding several projects: one project's counts are never compared with another's,
/// and a contradiction inside one project is still found.
#[test]
fn counts_are_compared_within_their_own_project() {
    let text = "\
2024年度部门整体绩效自评报告
全局共实施项目3个。
项目名称：社区养老服务项目
本项目覆盖8个社区，全年服务老人1200人次。
项目名称：社区卫生提升项目
5个社区均完成环境整治。
项目名称：社区文化活动项目
本项目覆盖6个社区。
4个社区均开展了文化活动。
";
    assert_eq!(numeric(text), one("count-mismatch", 9, 1));
    // The same text as one project: the second project's 5 restates the first's 8.
    let one_project = text.replace("项目名称：社区卫生提升项目\n", "").replace("项目名称：社区文化活动项目\n", "");
    assert_eq!(numeric(&one_project), vec![("count-mismatch".to_owned(), 5, 1), ("count-mismatch".to_owned(), 7, 1)]);
}

/// A count and the names listed with it: after 分别为 as many names as the count; after 包括
/// or before 等 no more.
#[test]
fn a_count_and_the_names_it_lists_agree() {
    let reservoirs = |n: &str| {
        format!("我县实施{n}座小型水库除险加固工程，分别为黄泥坑、石门冲、大塘湾、枫树坳、鲤鱼塘、茶山、长岭、白水岩、竹子冲水库。\n")
    };
    assert_eq!(numeric(&reservoirs("9")), vec![]);
    assert_eq!(numeric(&reservoirs("8")), one("count-mismatch", 1, 5));
    let towns = |n: &str| format!("工程涉及溪桥镇、松涛乡、白沙湾镇、石砚乡、柳塘街道等{n}个乡镇。\n");
    assert_eq!(numeric(&towns("4")), one("count-mismatch", 1, 27));
    // 等 may stop short of the count: five named of six is no contradiction.
    assert_eq!(numeric(&towns("5")), vec![]);
    assert_eq!(numeric(&towns("6")), vec![]);
    let projects = |n: &str| format!("批复项目{n}个，其中包括实用技术培训、致富带头人培训和职业教育补助项目。\n");
    assert_eq!(numeric(&projects("2")), one("count-mismatch", 1, 5));
    assert_eq!(numeric(&projects("3")), vec![]);
    assert_eq!(numeric(&projects("4")), vec![]);
    // Amounts or counts in the list: it lists parts of a total, not names.
    assert_eq!(numeric("共有编制19人，分别为行政编制10人、事业编制9人。\n"), vec![]);
    // Items that share out the amount stated beside the count: one amount per item.
    let shared = |n: &str| {
        format!("全年实施项目{n}个，项目资金300.00万元，分别为：道路养护120.00万元；绿化管护100.00万元；环卫保洁80.00万元。\n")
    };
    assert_eq!(numeric(&shared("3")), vec![]);
    assert_eq!(numeric(&shared("4")), one("count-mismatch", 1, 7));
}

/// Whole counts are exact: 43 of 47 is 91.49%, and 90.23% is not excused by rounding 43 and
/// 47 as if they were 42.5–43.5 and 46.5–47.5. Compound measure words (剂次) are counts.
#[test]
fn rates_of_whole_counts_are_exact() {
    assert_eq!(numeric("评价发现问题47个，已督促整改43个，整改完成率为91.49%。\n"), vec![]);
    assert_eq!(numeric("评价发现问题47个，已督促整改43个，整改完成率为90.23%。\n"), one("rate-mismatch", 1, 26));
    assert_eq!(numeric("全年应种3,120剂次，实种3,002剂次，接种率96.2%。\n"), vec![]);
    assert_eq!(numeric("全年应种3,120剂次，实种3,002剂次，接种率95.2%。\n"), one("rate-mismatch", 1, 26));
}

/// 发放 (paying out a subsidy) is spending: its amount is a numerator, also with the budget
/// stated in an earlier section and both in 元 with thousands separators.
#[test]
fn paid_out_subsidies_are_spending() {
    let text = "一、资金安排\n县财政安排救助资金预算3,640,000.00元。\n二、资金使用\n全年累计发放救助金3,512,600.00元，预算执行率96.50%。\n";
    assert_eq!(numeric(text), vec![]);
    assert_eq!(numeric(&text.replace("96.50%", "95.60%")), one("rate-mismatch", 4, 29));
}

/// A whole (总投资, 总户数) is denominator-like for any rate of two quantities.
#[test]
fn a_total_is_the_base_of_a_completion_rate() {
    let text = "工程总投资860.00万元，全年完成投资817.00万元，投资完成率95.00%。\n";
    assert_eq!(numeric(text), vec![]);
    assert_eq!(numeric(&text.replace("95.00%", "94.00%")), one("rate-mismatch", 1, 35));
}

/// A count of batches the money was split into, and the batches numbered after it.
#[test]
fn batches_split_into_and_the_batches_numbered() {
    let batches = |n: &str| {
        format!("县财政分{n}批拨付专项资金，合计900.00万元。第一批400.00万元，第二批300.00万元，第三批200.00万元。\n")
    };
    assert_eq!(numeric(&batches("三")), vec![]);
    assert_eq!(numeric(&batches("3")), vec![]);
    assert_eq!(numeric(&batches("两")), one("count-mismatch", 1, 5));
    // Not a split (no 分), or a series that skips a number: nothing is said of a count.
    assert_eq!(numeric("县财政拨付了两批资金。第一批400.00万元，第三批200.00万元。\n"), vec![]);
    assert_eq!(numeric("县财政分两批拨付资金。第一批400.00万元，第三批200.00万元。\n"), vec![]);
}

/// A share named for a count (`项目个数占比`) is a ratio of counts, reaching back to the
/// count stated where the section opened; the amount beside it is not its numerator.
#[test]
fn a_share_named_for_a_count_takes_counts() {
    let text = |first: &str| {
        format!("（一）总体情况\n本年度实施项目12个，项目支出总额500.00万元。其中本级项目5个，对下项目7个。\n全部项目均已完成自评：优秀{first}个，资金500.00万元，项目个数占比100%；良好0个。\n")
    };
    assert_eq!(numeric(&text("12")), vec![]);
    let got = diagnostics(&text("11"), "rate-mismatch");
    assert_eq!(got.len(), 1, "{got:?}");
    // Against the 12 projects of the section, not the 5 of its first part: 11 ÷ 12.
    assert!(got[0].message.contains("本年度实施项目12个 = 91.6667%"), "{}", got[0].message);
    assert_eq!(numeric(&text("11")), one("rate-mismatch", 3, 35));
}

/// A count of all the items, and the table of them right after it.
#[test]
fn a_count_of_all_items_and_the_table_that_lists_them() {
    let text = |n: &str| {
        format!("一、总体情况\n本县共涉及{n}项专项资金，资金使用规范。\n二、专项资金一览表\n专项名称 | 预算数（万元） | 支出数（万元） |\n道路养护 | 100 | 90 |\n河道保洁 | 50 | 50 |\n村庄绿化 | 30 | 30 |\n合计 | 180 | 170 |\n")
    };
    assert_eq!(numeric(&text("三")), vec![]);
    assert_eq!(numeric(&text("四")), one("count-mismatch", 2, 6));
    // A table of something else (its first column is not named for the items): no count.
    assert_eq!(numeric(&text("四").replace("专项名称", "乡镇名称")), vec![]);
}

/// Coverage of the 二级项目 is counted against the 二级项目, not the 一级项目 stated first.
#[test]
fn coverage_of_a_level_of_the_project_tree() {
    let text = |n: &str| {
        format!("本局共设一级项目2个，其下二级项目9个。按照全覆盖的要求，对全部{n}个二级项目逐一开展自评，自评覆盖率达到百分之百。\n")
    };
    assert!(diagnostics(&text("9"), "coverage-claim").is_empty());
    let got = diagnostics(&text("8"), "coverage-claim");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].message.contains("声称自评覆盖率百分之百，但开展自评的项目个数为8个"), "{}", got[0].message);
    assert!(got[0].message.contains("项目个数为9个"), "{}", got[0].message);
}
