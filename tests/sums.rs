//! Totals and their parts in prose (`sum-mismatch`): each shape of breakdown with its exact
//! finding (line, column, message), and silence where the text adds up. The sentences are
//! the project's own; the examples are kept as they were filed.

use jxlint::rules::RuleSet;

fn run(rule: &str, text: &str) -> Vec<(usize, usize, String)> {
    let rules = RuleSet::builtin();
    let diags: Vec<_> = jxlint::check_text(text, &rules).into_iter().filter(|d| d.rule == rule).collect();
    jxlint::output::locate("t", text, &diags).into_iter().map(|d| (d.line, d.column, d.message)).collect()
}

fn sums(text: &str) -> Vec<(usize, usize, String)> {
    run("sum-mismatch", text)
}

fn one(text: &str, line: usize, column: usize, needle: &str) {
    let got = sums(text);
    assert_eq!(got.len(), 1, "{text}\n{got:?}");
    assert_eq!((got[0].0, got[0].1), (line, column), "{got:?}");
    assert!(got[0].2.contains(needle), "{}", got[0].2);
}

fn silent(text: &str) {
    assert_eq!(sums(text), vec![], "{text}");
}

// ---- the sentences of issue 15 ----

#[test]
fn breakdown_after_a_full_stop_is_linked_to_its_total() {
    one(
        "项目实际支出332.5万元。其中：工程建设支出298.3万元，设备购置支出26.2万元，培训及其他支出18万元。\n",
        1,
        7,
        "= 342.5万元，而项目实际支出332.5万元，相差 10.0万元",
    );
}

#[test]
fn amounts_before_their_labels_are_parts() {
    one(
        "本项目共完成预算资金89.97万元。其中：30万元用于预算编制；30万元用于审计；29.99万元用于设计。\n",
        1,
        11,
        "30万元 + 30万元 + 29.99万元 = 89.99万元",
    );
}

#[test]
fn counts_add_up_like_amounts() {
    one("共培训1180人次，其中干部650人次、职工320人次、群众240人次。\n", 1, 4, "= 1210人次，而共培训1180人次");
}

#[test]
fn parts_stop_where_a_new_topic_starts() {
    silent("年初预算1000万元，其中基本支出600万元，项目支出400万元，全年实际支出950万元。\n");
}

#[test]
fn a_closing_total_takes_only_its_list() {
    silent("全年预算100万元，实际支出人员经费30万元、公用经费20万元，合计50万元。\n");
    one("全年预算100万元，实际支出人员经费30万元、公用经费20万元，合计56万元。\n", 1, 35, "分项之和小于合计");
}

#[test]
fn spending_above_the_year_start_budget_is_fine_when_an_adjusted_budget_is_stated() {
    let text = "本单位年初预算1000万元，年中调整预算为1300万元，全年执行数1200万元。\n";
    assert_eq!(run("expenditure-over-budget", text), vec![]);
    assert_eq!(run("expenditure-over-budget", "本单位年初预算1000万元，实际支出1200万元。\n").len(), 1);
}

// ---- completeness ----

#[test]
fn a_partial_breakdown_only_needs_parts_within_the_total() {
    silent("下达补助资金500万元，其中用于设备购置120万元、人员培训80万元。\n");
    one("下达补助资金500万元，其中用于设备购置420万元、人员培训80.5万元。\n", 1, 7, "分项之和超过合计");
}

#[test]
fn parts_that_leave_less_than_their_smallest_unaccounted_for_are_a_whole_list() {
    // 260 + 110 + 95 = 465 of 480: the 15 left over is less than any part listed.
    let text = "购置设备资金480万元，其中检测仪器260万元，办公家具110万元，车辆95万元。\n";
    one(text, 1, 7, "分项之和小于合计");
    let d = jxlint::check_text(text, &RuleSet::builtin()).into_iter().find(|d| d.rule == "sum-mismatch").unwrap();
    assert_eq!(d.severity, jxlint::diagnostics::Severity::Warning, "weak evidence: a warning");
    // Left over more than the smallest part: a selection, nothing to say.
    silent("购置设备资金480万元，其中检测仪器260万元，办公家具110万元。\n");
    // The text says it is a selection.
    silent("购置设备资金480万元，主要包括检测仪器260万元，办公家具110万元，车辆95万元。\n");
    silent("购置设备资金480万元，其中检测仪器260万元，办公家具110万元，车辆95万元等。\n");
}

#[test]
fn a_known_partition_must_add_up() {
    one("全年支出900.00万元，其中基本支出600.00万元，项目支出280.00万元。\n", 1, 5, "分项之和小于合计");
}

#[test]
fn a_rest_part_makes_the_list_complete() {
    one("收到资金76.40万元，其中上级补助50.00万元，其他资金16.40万元。\n", 1, 5, "分项之和小于合计");
}

// ---- rounding ----

#[test]
fn parts_rounded_each_may_miss_by_their_rounding() {
    silent("总投资26.74亿元，其中中央补助17.38亿元，地方配套9.35亿元。\n");
    silent("资金3.52亿元，分别为省级3.468亿元、市级520.00万元。\n");
}

// ---- differences ----

#[test]
fn balances_overspending_and_changes_are_differences() {
    silent("年度预算260.00万元，全年支出241.35万元，结余18.65万元。\n");
    one("年度预算260.00万元，全年支出241.35万元，结余19.65万元。\n", 1, 5, "全年支出241.35万元 + 结余19.65万元");
    one("预算80.00万元，实际支出86.20万元，超支7.20万元。\n", 1, 15, "预算80.00万元 + 超支7.20万元");
    silent("本年支出总额512.30万元，比上年470.10万元增加42.20万元。\n");
    one("本年支出总额512.30万元，比上年470.10万元增加45.20万元。\n", 1, 7, "相差 3.00万元");
}

// ---- layouts ----

#[test]
fn parts_on_the_lines_after_the_word() {
    let text = "收到专项资金300.00万元，已支出210.00万元。其中：\n道路补助200.00万元，已支出150.00万元；\n桥梁补助90.00万元，已支出60.00万元。\n";
    let got = sums(text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1), (1, 7), "{got:?}");
    silent("收到专项资金290.00万元，已支出210.00万元。其中：\n道路补助200.00万元，已支出150.00万元；\n桥梁补助90.00万元，已支出60.00万元。\n");
}

#[test]
fn brackets_hold_parts() {
    silent("下达资金180.50万元（其中中央补助120.00万元，省级补助60.50万元），用于设施改造。\n");
    one("下达资金190.50万元（其中中央补助120.00万元，省级补助60.50万元），用于设施改造。\n", 1, 5, "小于合计");
}

#[test]
fn money_and_other_quantities_are_never_mixed() {
    silent("改造道路12.5公里，其中新建4.5公里、改建8公里，投入资金300万元。\n");
}

/// Counts in any measure word after digits (起, 宗, 盏 …); a run of parts that reproduces a
/// count in the hundreds ends the breakdown, and the next clause is no part of it.
#[test]
fn a_count_breakdown_in_cases_ends_where_it_adds_up() {
    silent("全年接处警13175起，其中刑事类警情612起，治安类警情3488起，其他警情9075起；破获刑事案件214起。\n");
    one("全年接处警13174起，其中刑事类警情612起，治安类警情3488起，其他警情9075起。\n", 1, 6, "13175起");
}

/// The balance beside a rate is what is left of the rate's own budget, wherever that budget
/// was stated: budget = spending + balance.
#[test]
fn a_balance_beside_a_reproduced_rate_is_its_budget_less_its_spending() {
    let text = |balance: &str| {
        format!("一、资金下达\n上级下达补助资金362.15万元。\n二、资金使用\n全年支出341.62万元，执行率94.33%，结余{balance}万元。\n")
    };
    silent(&text("20.53"));
    one(&text("22.17"), 2, 9, "全年支出341.62万元 + 结余22.17万元 = 363.79万元");
    // Without a rate that ties them, amounts sections apart are not read as one budget.
    silent("一、资金下达\n上级下达补助资金362.15万元。\n二、资金使用\n全年支出341.62万元，结余22.17万元。\n");
}

/// Parts set out item by item, each after a `；`, the last ending the sentence, enumerate
/// the whole; parts picked out with commas, or a list an item of which was not read, may
/// be only some of it.
#[test]
fn a_list_set_out_item_by_item_must_reach_its_total() {
    one(
        "（2）项目支出418.10万元，其中：办案业务经费128.60万元；检察技术装备维护46.35万元；智慧检务建设212.18万元。\n",
        1,
        8,
        "387.13万元",
    );
    silent(
        "（2）项目支出387.13万元，其中：办案业务经费128.60万元；检察技术装备维护46.35万元；智慧检务建设212.18万元。\n",
    );
    // Picked out with commas: they leave less over than either of them, so it is probably
    // the whole list with an error, but only probably — a warning.
    let picked = "（2）项目支出418.10万元，其中办案业务经费128.60万元，智慧检务建设212.18万元。\n";
    one(picked, 1, 8, "340.78万元");
    let d = jxlint::check_text(picked, &RuleSet::builtin()).into_iter().find(|d| d.rule == "sum-mismatch").unwrap();
    assert_eq!(d.severity, jxlint::diagnostics::Severity::Warning);
    silent("（2）项目支出418.10万元，其中办案业务经费128.60万元，智慧检务建设12.18万元。\n");
    // An item whose unit was left out is in the unit of the items around it.
    one(
        "（2）项目支出418.10万元，其中：办案业务经费128.60万元；检察技术装备维护46.35；智慧检务建设212.18万元。\n",
        1,
        8,
        "检察技术装备维护46.35 + 智慧检务建设212.18万元 = 387.13万元",
    );
}

/// A bare number takes the unit of its list only between items of one unit, written alike.
#[test]
fn a_unit_left_out_in_a_list() {
    silent("公用经费8.40万元，包括办公费2.10万元；差旅费1.30；会议费0.80万元；维修费4.20。\n");
    one(
        "公用经费9.40万元，包括办公费2.10万元；差旅费1.30；会议费0.80万元；维修费4.20。\n",
        1,
        5,
        "= 8.40万元，而公用经费9.40万元",
    );
    // Not between amounts of one unit: a score, a count, a year are left alone.
    silent("公用经费8.40万元，其中办公费2.10万元，得分95，差旅费6.30万元。\n");
}

/// A count names what it counts after the number; its breakdown follows that noun.
#[test]
fn a_count_breakdown_follows_the_counted_noun() {
    let text = "全年为64名退役军人提供技能培训，其中电工培训30名、厨师培训36名；为120名老年人提供上门服务。\n";
    one(text, 1, 4, "= 66名，而全年为64名");
    silent(&text.replace("64名退役军人", "66名退役军人"));
}

/// `分为` sets out the whole; a bracketed remark without numbers between the total and the
/// word does not hide it.
#[test]
fn fen_wei_after_a_remark_must_add_up() {
    one("机关人员编制52名（不含工勤人员），分为行政编制30名，事业编制20名。\n", 1, 7, "分项之和小于合计");
    silent("机关人员编制52名（不含工勤人员），分为行政编制30名，事业编制22名。\n");
}

/// 执行 ends a list as the verb or its amount (`全年执行`, `执行数`), not inside a part's name.
#[test]
fn a_name_holding_zhixing_is_still_a_part() {
    let text = "项目支出1560.00万元，其中侦查业务经费420.00万元，执行业务经费310.00万元，信息化建设830.00万元。\n";
    silent(text);
    one(&text.replace("830.00", "880.00"), 1, 5, "= 1610.00万元");
    silent("年初预算1000万元，其中基本支出600万元，项目支出400万元，执行950万元。\n");
}

/// A breakdown that names its total instead of restating it (`项目支出分别为：…`) is linked
/// to the nearest earlier amount so labelled; by wording alone, so a warning.
#[test]
fn a_breakdown_naming_an_earlier_total() {
    let text = "全年支出合计980.00万元，包括人员经费520.00万元和项目支出460.00万元。\n项目支出分别为：道路养护经费210.00万元；绿化管护经费150.00万元；环卫保洁经费100.00万元。\n";
    silent(text);
    one(&text.replace("150.00", "170.00"), 1, 35, "= 480.00万元，而和项目支出460.00万元");
    // A name no earlier amount carries: nothing to check against.
    silent("全年支出合计980.00万元。\n专项经费分别为：道路养护经费210.00万元；绿化管护经费150.00万元。\n");
}

/// `未执行完的X` is what is left of the budget, as `未执行X` is.
#[test]
fn what_was_left_unspent_is_budget_minus_spending() {
    let text = "本年下达预算520万元，全年实际支出519.6380万元，执行率99.93%。未执行完的0.3620万元结转下年使用。\n";
    silent(text);
    let got = sums(&text.replace("0.3620", "0.4620"));
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].2.contains("0.4620万元"), "{}", got[0].2);
}

/// A total followed by a numbered series (`第一批…，第二批…`) is broken down by it, without 其中.
#[test]
fn a_numbered_series_after_a_total() {
    let text = "上级分两批下达奖补资金，合计860.00万元。第一批500.00万元，第二批360.00万元。\n";
    silent(text);
    one(&text.replace("360.00", "380.00"), 1, 15, "= 880.00万元");
    // Not a series: 第一 without a 第二 of the same measure.
    silent("上级下达奖补资金，合计860.00万元。第一批500.00万元，年中追加360.00万元。\n");
}

/// Text hard-wrapped at a fixed width (copied out of a PDF) is read with its lines joined —
/// a label or a number broken by the wrap reads whole — and the finding points at the
/// characters of the text as loaded.
#[test]
fn a_report_wrapped_at_a_fixed_width() {
    let lines = [
        "二、评价结果",
        "县财政局委托第三方评估机构对十三个重点项目开展了评价，涉",
        "及资金6664.88万元。其中评价等级为优的项目五个，涉",
        "及资金3862.50万元；评价等级为良的项目七个，涉及资",
        "金2416.38万元；等级为中的项目共一个，涉及资金38",
        "6.00万元。评价发现问题共四十七个，已整改四十三个。",
        "三、结果应用",
    ];
    let widths: Vec<usize> = lines[1..5].iter().map(|l| l.chars().count()).collect();
    assert!(widths.iter().all(|&w| w == widths[0]), "{widths:?}");
    let text = lines.join("\n") + "\n";
    silent(&text);
    // Counts in Chinese numerals add up too, and are shown as numbers.
    one(&text.replace("十三个", "十四个"), 2, 15, "= 13个，而县财政局委托第三方评估机构对十四个");
    let broken = text.replace("2416.38", "2516.38");
    // The total 6664.88万元 is on line 3 at column 5 of the loaded text.
    one(&broken, 3, 4, "= 6764.88万元，而涉及资金6664.88万元");
    let d = jxlint::check_text(&broken, &RuleSet::builtin()).into_iter().find(|d| d.rule == "sum-mismatch").unwrap();
    assert_eq!(&broken[d.span.clone()], "6664.88万元");
    // The part `386.00万元` broken as `38` / `6.00万元` is one amount spanning the break.
    assert!(d.related.iter().any(|l| &broken[l.span.clone()] == "38\n6.00万元"), "{:?}", d.related);
}

/// Rows of a count and an amount (`评为“优”的项目5个，涉及资金…；评为“良”的…`): the grade
/// names both, so the amounts name a known partition and must add up.
#[test]
fn rows_of_a_count_and_an_amount_name_their_grade() {
    let text = "共评价项目9个，涉及资金800.00万元。其中评为“优”的项目5个，涉及资金500.00万元；评为“良”的项目3个，涉及资金200.00万元；评为“中”的项目1个，涉及资金100.00万元。\n";
    silent(text);
    one(&text.replace("800.00", "1000.00"), 1, 13, "分项之和小于合计");
}

/// 家 and 所 count units as 个 does: a total in 家 and parts in 个 are one breakdown.
#[test]
fn units_counted_in_jia_and_ge_add_up() {
    let text = "全县共有卫生院12家，包括中心卫生院3个、乡镇卫生院9个。\n";
    silent(text);
    one(&text.replace("12家", "13家"), 1, 8, "= 12家，而全县共有卫生院13家");
}

/// A section that opens with 其中 breaks down a total of the paragraph before its heading;
/// the parts pick their total by arithmetic, or by the name they share with it.
#[test]
fn a_breakdown_opening_the_next_section() {
    let text = "一、基本情况\n本年安排项目共计9个，财政资金800.00万元。截至年底执行金额720.00万元，执行率90.00%。\n二、自评结果\n其中自评为“优”的项目6个，财政资金500.00万元；自评为“良”的项目3个，财政资金300.00万元。\n";
    silent(text);
    // No total reproduced: the one named 财政资金 like every part.
    one(&text.replace("300.00万元。\n", "340.00万元。\n"), 2, 16, "= 840.00万元，而财政资金800.00万元");
}

/// `从支出构成看` / `从资金用途来看` opens a breakdown of the total before it, here with the
/// amounts before their labels.
#[test]
fn a_breakdown_by_composition() {
    let text = "全年共使用资金96.50万元。从支出构成看，40.00万元用于设备购置；31.50万元用于人员培训；25.00万元用于宣传推广。\n";
    silent(text);
    one(&text.replace("25.00万元", "28.00万元"), 1, 8, "= 99.50万元");
}

#[test]
fn parts_over_every_total_of_the_sentence_before() {
    // Which of the two totals 其中 breaks down is unknown, but the parts exceed both.
    one(
        "本项目全年预算数200.00万元，全年执行数180.00万元。其中省级补助150.00万元，县级安排60.00万元。",
        1,
        9,
        "相差 10.00万元",
    );
    silent("本项目全年预算数200.00万元，全年执行数180.00万元。其中省级补助150.00万元，县级安排50.00万元。");
    // Rows of the same columns as the totals: the sum of all of them is of nothing.
    silent("收到资金500.00万元，已支出300.00万元。其中：道路补助300.00万元，已支出200.00万元；养护补助200.00万元，已支出100.00万元。");
}

#[test]
fn two_columns_flattened_line_by_line() {
    // 按收入性质分 and 按支出性质分 side by side in the form, alternating once copied out.
    let text = "按收入性质分：500.00\n\n按支出性质分：480.00\n\n其中：一般公共预算：300.00\n\n其中：基本支出：200.00\n\n政府性基金拨款：120.00\n\n项目支出：290.00\n\n其他资金：80.00\n";
    one(text, 3, 8, "基本支出200.00 + 项目支出290.00 = 490.00，而按支出性质分480.00");
    silent(&text.replace("290.00", "280.00"));
    // Neither column adds up: nothing shows the lines alternate, so nothing is said.
    silent(&text.replace("290.00", "250.00").replace("80.00", "60.00"));
}

#[test]
fn a_total_of_the_batches_it_counts() {
    // `三批资金合计`: the amounts labelled 首批, 第二次, 第三次 in its section, each the first
    // of its sentence (what follows is that batch's breakdown).
    let text = "一、资金下达情况\n首批下达资金500.00万元，其中：道路300.00万元，桥梁200.00万元。\n第二次下达资金300.00万元。\n第三次下达资金100.00万元，全部用于养护。\n三批资金合计900.00万元。\n";
    silent(text);
    one(
        &text.replace("合计900.00", "合计950.00"),
        5,
        7,
        "首批下达资金500.00万元 + 第二次下达资金300.00万元 + 第三次下达资金100.00万元 = 900.00万元",
    );
    // A batch missing from the section: which amounts are meant is unknown.
    silent(&text.replace("第二次下达资金300.00万元。\n", "").replace("合计900.00", "合计950.00"));
}

#[test]
fn rows_of_a_count_and_its_amount_split_the_amount_beside_the_count() {
    // The grades' counts add up to the 20 projects: their amounts split the 800.00万元
    // stated beside that count, in another section.
    let text = "一、基本情况\n本年度预算安排项目共计20个，财政资金800.00万元。\n二、自评结果\n自评为“优”的项目15个，涉及资金600.00万元；自评为“良”的项目4个，涉及资金150.00万元；自评为“中”的项目1个，涉及资金50.00万元。\n";
    silent(text);
    one(&text.replace("150.00万元", "170.00万元"), 2, 20, "自评为“良”的项目4个涉及资金170.00万元");
    // Counts that add up to no earlier count: no link to any amount.
    silent(&text.replace("项目1个", "项目2个").replace("150.00万元", "170.00万元"));
}

#[test]
fn shares_in_proportion_split_the_total_not_its_parts() {
    // The sentence before holds a total and its breakdown: the shares are of the total.
    let text = "本工程总投资500.00万元，其中工程费300.00万元，其他费用200.00万元。按照市、县两级3:2的比例分担：市财政承担300.00万元，县财政承担200.00万元。\n";
    silent(text);
    one(
        &text.replace("县财政承担200.00", "县财政承担220.00"),
        1,
        7,
        "市财政承担300.00万元 + 县财政承担220.00万元 = 520.00万元，而本工程总投资500.00万元",
    );
}

#[test]
fn members_of_a_partition_then_the_whole_year() {
    let text =
        "2025年省级下拨护理补助资金6.00万元；县级安排护理补助资金4.00万元；全年应发放10.00万元，实际发放10.00万元。\n";
    silent(text);
    one(
        &text.replace("应发放10.00", "应发放11.00"),
        1,
        45,
        "县级安排护理补助资金4.00万元 = 10.00万元，而全年应发放11.00万元",
    );
    // Sources of a budget are not its spending.
    silent("中央下达资金100.00万元，省级配套资金50.00万元，全年实际支出120.00万元。\n");
}

#[test]
fn a_selection_whose_parts_add_up_to_the_total_stated_before() {
    // 主要包括 marks a selection, but the parts add up to the 300.00 stated before under the
    // same phrase: the 320.00 that differs from both is the error.
    let text = "部门支出合计400.00万元，其中一般公共预算支出300.00万元，政府性基金支出100.00万元。\n（一）一般公共预算支出320.00万元，主要包括：教育经费200.00万元，资助经费100.00万元。\n";
    one(text, 2, 12, "教育经费200.00万元 + 资助经费100.00万元 = 300.00万元，而一般公共预算支出320.00万元");
    silent(&text.replace("320.00", "300.00"));
    // Parts that add up to neither: a selection, as the text says.
    silent(&text.replace("资助经费100.00", "资助经费90.00"));
}

#[test]
fn what_one_level_still_owes_is_what_it_was_to_pay_less_what_it_paid() {
    let text = "一、资金筹措\n市财政承担300.00万元，镇财政承担100.00万元。\n二、资金到位情况\n市级资金已全部到位；镇级资金到位80.00万元，尚差20.00万元。\n";
    silent(text);
    one(
        &text.replace("尚差20.00", "尚差25.00"),
        2,
        20,
        "镇级资金到位80.00万元 + 尚差25.00万元 = 105.00万元，而镇财政承担100.00万元",
    );
    // Another level's amount is no base for it.
    silent(&text.replace("镇财政承担100.00万元", "县财政承担100.00万元").replace("尚差20.00", "尚差25.00"));
}

#[test]
fn names_and_values_one_cell_per_line() {
    // A form's money block copied one cell per line: 其中 opens the parts of the pair before.
    let text = "计划安排资金\n\n（万元）\n\n200\n\n实际支出\n\n（万元）\n\n180\n\n其中：省财政\n\n150\n\n其它\n\n30\n\n二、项目支出明细\n";
    silent(text);
    one(&text.replace("\n30\n", "\n35\n"), 11, 1, "省财政150 + 其它35 = 185，而实际支出180");
    // Prose lines are no pairs: nothing is read.
    silent("全年实际支出180万元。\n其中省财政150万元，其它资金35万元，主要用于补助。\n");
}
