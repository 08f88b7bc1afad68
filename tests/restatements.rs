//! Restated amounts and counts (`count-mismatch` through its `restated` table): one thing
//! stated twice under the same phrase must have one value. Each shape with its exact finding
//! (line, column, severity, message), and silence where the two statements are not the same
//! thing: plan and actual, two times, two owners, a subset, a part of a breakdown, a target.

use jxlint::diagnostics::Severity;
use jxlint::rules::RuleSet;

fn found(text: &str) -> Vec<(usize, usize, Severity, String)> {
    let rules = RuleSet::builtin();
    let diags: Vec<_> = jxlint::check_text(text, &rules).into_iter().filter(|d| d.rule == "count-mismatch").collect();
    let severities: Vec<Severity> = diags.iter().map(|d| d.severity).collect();
    jxlint::output::locate("t", text, &diags)
        .into_iter()
        .zip(severities)
        .map(|(d, s)| (d.line, d.column, s, d.message))
        .collect()
}

fn one(text: &str, line: usize, column: usize, severity: Severity, message: &str) {
    let got = found(text);
    assert_eq!(got, vec![(line, column, severity, message.to_owned())], "{text}");
}

fn silent(text: &str) {
    assert_eq!(found(text), vec![], "{text}");
}

// ---- amounts ----

#[test]
fn an_amount_restated_under_a_sub_heading_must_agree() {
    let text = "一、资金情况\n市财政下达农村饮水安全巩固提升资金860万元，用于水厂改造和管网延伸。\n（二）农村饮水安全巩固提升资金880万元，主要用于管网延伸。\n";
    one(text, 3, 16, Severity::Warning, "“农村饮水安全巩固提升资金”前后不一致：此处为880万元，而第2行为860万元");
    silent(&text.replace("880万元", "860万元"));
}

#[test]
fn the_same_wording_is_strong_evidence() {
    one(
        "一、概况\n全年到位乡村旅游发展奖补资金420万元。\n二、使用情况\n全年到位乡村旅游发展奖补资金450万元，已全部拨付。\n",
        4,
        15,
        Severity::Error,
        "“乡村旅游发展奖补资金”前后不一致：此处为450万元，而第2行为420万元",
    );
}

#[test]
fn amounts_are_compared_in_yuan_at_their_precision() {
    let text = "县财政安排老年人高龄津贴资金86.4万元。\n全年发放老年人高龄津贴资金864,000.00元。\n";
    silent(text);
    one(
        &text.replace("864,000.00元", "846,000.00元"),
        2,
        14,
        Severity::Error,
        "“老年人高龄津贴资金”前后不一致：此处为846,000.00元，而第1行为86.4万元",
    );
}

#[test]
fn a_part_of_a_breakdown_restated_on_its_own_must_agree() {
    let text = "全局支出合计5120.40万元，其中一般公共预算支出4800.00万元，政府性基金预算支出320.40万元。\n（二）政府性基金预算支出302.40万元，用于公园绿地建设。\n";
    one(text, 2, 13, Severity::Warning, "“政府性基金预算支出”前后不一致：此处为302.40万元，而第1行为320.40万元");
}

// ---- counts ----

#[test]
fn a_count_with_a_bracketed_noun_restated_must_agree() {
    let text = "市级下达流域横向补偿资金500万元，分配至9个乡（镇、街道）。\n9个乡（镇、街道）共安排治理项目30个。\n";
    silent(text);
    one(
        &text.replace("\n9个乡", "\n8个乡"),
        2,
        1,
        Severity::Error,
        "“乡（镇、街道）”前后不一致：此处为8个，而第1行为9个",
    );
}

#[test]
fn a_quoted_qualifier_belongs_to_the_phrase() {
    let text = "考核结果为“较好”的单位3个，考核结果为“一般”的单位1个。\n对考核结果为“较好”的4个单位给予通报表扬。\n";
    one(text, 2, 12, Severity::Error, "““较好”的单位”前后不一致：此处为4个，而第1行为3个");
    silent(&text.replace("的4个单位", "的3个单位"));
    // Another grade is another thing.
    silent("考核结果为“较好”的单位3个。\n对考核结果为“一般”的1个单位进行约谈。\n");
}

#[test]
fn a_count_said_of_all_of_them_restates_the_total() {
    one(
        "全镇共新建污水处理站12座。\n目前11座污水处理站均已投入运行。\n",
        2,
        3,
        Severity::Warning,
        "“污水处理站”前后不一致：此处为11座，而第1行为12座",
    );
}

// ---- not the same thing ----

#[test]
fn a_subset_is_not_a_restatement() {
    silent("全镇共新建污水处理站12座。\n其中10座污水处理站已投入运行。\n");
    silent("全镇共新建污水处理站12座。\n10座污水处理站已投入运行。\n");
    silent("全镇共新建污水处理站12座。\n有2座污水处理站进度滞后。\n");
}

#[test]
fn plan_and_actual_are_not_restatements() {
    silent("计划新建污水处理站5座。\n实际建成污水处理站4座。\n");
    silent("年度目标：培训基层农技人员300人次。\n完成情况：培训基层农技人员280人次。\n");
    silent("年初预算农机购置补贴资金500万元，调整后预算农机购置补贴资金560万元，全年执行农机购置补贴资金548万元。\n");
}

#[test]
fn two_stages_said_to_be_unchanged_hold_one_amount() {
    // 申报 and 批复 are two stages; the text between them says nothing changed.
    let text = "一、资金情况\n本站申报农机购置补贴资金128.40万元。全年未进行预算调整，市财政批复农机购置补贴资金132.60万元。\n";
    one(text, 2, 45, Severity::Warning, "“农机购置补贴资金”前后不一致：此处为132.60万元，而第2行为128.40万元");
    silent(&text.replace("132.60", "128.40"));
    // Without the words, the two stages may differ.
    silent(&text.replace("全年未进行预算调整，", ""));
    // Spending after them is another thing, not a stage of the budget.
    silent(&text.replace("市财政批复农机购置补贴资金132.60万元", "实际支出农机购置补贴资金120.00万元"));
}

#[test]
fn two_times_are_not_restatements() {
    silent("上年度到位水土保持补偿资金300万元，本年度到位水土保持补偿资金350万元。\n");
    silent("2023年下达水土保持补偿资金300万元。\n2024年下达水土保持补偿资金350万元。\n");
    silent("截至6月末，累计拨付水土保持补偿资金120万元；截至年末，累计拨付水土保持补偿资金350万元。\n");
}

#[test]
fn two_owners_are_not_restatements() {
    silent("中央下达农田建设补助资金800万元。\n省级下达农田建设补助资金200万元。\n");
    silent("本级安排农田建设补助资金300万元，对下安排农田建设补助资金500万元。\n");
}

#[test]
fn parts_of_two_breakdowns_are_not_restatements() {
    silent("年初预算2330000.00元，包括：村干部报酬378000.00元，村级公共服务运行维护补助1150000.00元。\n全年实际支出2219615.60元，包括：村干部报酬355200.00元，村级公共服务运行维护补助1086415.60元。\n");
    silent("全年送审金额26.74亿元，其中预算审核17.38亿元，结算审核9.35亿元。审定金额24.67亿元，其中预算审核15.96亿元，结算审核8.71亿元。\n");
}

#[test]
fn a_short_phrase_in_a_breakdown_names_the_parts_scope() {
    silent("全年实际支出1093.66万元，预算执行率87.01%。其中：实施项目6个，预算合计412.5万元，实际支出398.2万元。\n");
}

#[test]
fn targets_ranges_rates_and_short_phrases_are_not_compared() {
    silent("完成省级示范村建设不少于5个。\n建成省级示范村建设6个。\n");
    silent("新增绿化面积3000-5000平方米。\n新增绿化面积4200平方米。\n");
    silent("项目资金支付率92.5%。\n项目资金支付率95%。\n");
    silent("下达资金500万元。\n下达资金450万元。\n");
    silent("共有项目8个。\n其中项目3个在建。\n");
}

#[test]
fn statements_of_two_projects_are_not_compared() {
    silent("项目名称：城区道路改造\n全年到位道路改造专项资金600万元。\n项目名称：乡村道路养护\n全年到位道路改造专项资金200万元。\n");
}

#[test]
fn a_noun_that_runs_into_the_next_amount_is_matched_by_its_beginning() {
    let text = "本年度省级下达文物保护专项资金900万元，包括：补助12个省级文物保护单位修缮资金600万元，补助考古调查资金300万元。\n二、完成情况\n修缮资金已全部拨付，支持13个省级文物保护单位完成了年度修缮任务。\n";
    one(text, 3, 13, Severity::Warning, "“省级文物保护单位”前后不一致：此处为13个，而第1行为12个");
    silent(&text.replace("支持13个", "支持12个"));
}

#[test]
fn what_is_said_after_the_object_of_a_preposition_still_makes_a_subset() {
    silent("全县共有乡镇卫生院12个。\n对11个乡镇卫生院开展了绩效自评。\n");
}

#[test]
fn a_quoted_category_in_a_breakdown_is_restated_later() {
    // The part `评价等级为“中”的项目1个` and the later `对…“中”的2个项目` name one group.
    let text = "三、评价结果\n对10个项目开展评价。其中评价等级为“优”的项目6个，评价等级为“良”的项目3个，评价等级为“中”的项目1个。\n四、结果应用\n对评价等级为“中”的2个项目，压减下年预算。\n";
    one(text, 4, 11, Severity::Error, "““中”的项目”前后不一致：此处为2个，而第2行为1个");
    silent(&text.replace("的2个项目", "的1个项目"));
}

#[test]
fn the_count_an_amount_is_for_is_restated_with_it() {
    // 612万元 restated alike, each time with the count it is for: 16 and 15 disagree.
    let text = "（一）资金下达\n本年度下达资金1000万元，包含16个重点项目补助612万元、培训补助388万元。\n（二）资金分解\n重点项目补助612万元：支持15个代表性项目开展保护活动。\n";
    one(text, 4, 15, Severity::Warning, "“重点项目补助”前后不一致：此处为15个，而第2行为16个");
    silent(&text.replace("支持15个", "支持16个"));
}
