//! Generated reports: numbers that agree, in varied wording, units, digit widths and
//! layouts, must give no numeric finding; changing one number must give exactly the
//! finding on that number. Thousands of cases from a fixed seed (deterministic).

mod common;
use common::rules;
use rust_decimal::Decimal;
use std::ops::Range;

const NUMERIC: &[&str] = &["rate-mismatch", "sum-mismatch", "count-mismatch", "coverage-claim"];

/// xorshift64*: small, deterministic, good enough to vary wording.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
            '.' => '．',
            _ => c,
        })
        .collect()
}

fn group(int: &str) -> String {
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Renders an amount given in 元 (a multiple of 100元) in a random unit and style.
fn money(rng: &mut Rng, yuan: u64) -> String {
    let d = Decimal::from(yuan);
    let text = match rng.below(4) {
        0 => {
            let s = yuan.to_string();
            format!("{}元", if rng.chance(50) { group(&s) } else { s })
        }
        1 if yuan >= 10_000_000 => {
            let v = (d / Decimal::from(100_000_000)).normalize();
            format!("{v}亿元")
        }
        _ => {
            let v = d / Decimal::from(10_000);
            let places = if rng.chance(30) { 4 } else { 2 };
            let s = format!("{:.*}", places, v);
            let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
            let int = if rng.chance(20) { group(int) } else { int.to_owned() };
            format!("{int}.{frac}万元")
        }
    };
    if rng.chance(15) {
        fullwidth(&text)
    } else {
        text
    }
}

const CN: [&str; 21] = [
    "零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六",
    "十七", "十八", "十九", "二十",
];

fn count(rng: &mut Rng, n: u64) -> String {
    if (2..=20).contains(&n) && rng.chance(25) {
        format!("{}个", CN[n as usize])
    } else {
        format!("{n}个")
    }
}

fn rate(value: Decimal, dp: u32) -> String {
    format!("{:.*}%", dp as usize, value)
}

fn round(v: Decimal, dp: u32) -> Decimal {
    v.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Which number a case changes, and the finding that must then appear.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mutation {
    Rate,
    Personnel,
    BreakdownPart,
    SubPart,
    StatedCount,
    Coverage,
}

const MUTATIONS: [Mutation; 6] = [
    Mutation::Rate,
    Mutation::Personnel,
    Mutation::BreakdownPart,
    Mutation::SubPart,
    Mutation::StatedCount,
    Mutation::Coverage,
];

impl Mutation {
    fn rule(self) -> &'static str {
        match self {
            Mutation::Rate => "rate-mismatch",
            Mutation::Personnel | Mutation::BreakdownPart | Mutation::SubPart => "sum-mismatch",
            Mutation::StatedCount => "count-mismatch",
            Mutation::Coverage => "coverage-claim",
        }
    }
}

/// A generated report and where the number to mutate sits.
struct Case {
    text: String,
    target: Range<usize>,
}

struct Builder {
    text: String,
    target: Option<Range<usize>>,
}

impl Builder {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }
    /// Pushes a number; remembers its span when it is the mutation target.
    fn num(&mut self, s: &str, is_target: bool) {
        let start = self.text.len();
        self.text.push_str(s);
        if is_target {
            self.target = Some(start..self.text.len());
        }
    }
}

fn generate(rng: &mut Rng, mutate: Option<Mutation>) -> Case {
    let m = |x: Mutation| mutate == Some(x);
    let mut b = Builder { text: String::new(), target: None };
    let year = rng.range(2021, 2025);
    let dept = rng.pick(&["区教育局", "县农业农村局", "市卫生健康委员会", "区网信办", "县水利局"]);
    b.push(&format!("{year}年度{dept}部门整体绩效自评报告\n\n"));

    let (h1, h2) = match rng.below(3) {
        0 => ("一、部门基本情况\n", "二、预算执行情况\n"),
        1 => ("## 第一部分 部门概况\n", "## 第二部分 资金使用情况\n"),
        _ => ("（一）单位概况\n", "（二）部门预算执行情况\n"),
    };
    b.push(h1);
    b.push(&format!("{dept}主要负责本行业的规划与管理工作。\n"));
    b.push(h2);

    // Budget, actual and the rate between them.
    let budget = rng.range(1_000, 500_000) * 100;
    let actual = budget * rng.range(50, 100) / 100 / 100 * 100;
    let dp = rng.range(0, 2) as u32;
    let exact = Decimal::from(actual) / Decimal::from(budget) * Decimal::ONE_HUNDRED;
    let mut r = round(exact, dp);
    if m(Mutation::Rate) {
        let step = Decimal::new(rng.range(1, 5) as i64, dp);
        r = if rng.chance(50) || r < Decimal::from(2) { r + step } else { r - step };
    }
    let budget_label = rng.pick(&["申请预算资金", "全年预算数", "年初预算", "调整后预算数", "预算资金"]);
    let actual_label = rng.pick(&["实际支出", "执行数", "实际执行"]);
    let rate_label = rng.pick(&["预算执行率", "执行率为", "资金执行率为"]);
    b.push(&format!("本部门{year}年度{budget_label}"));
    b.num(&money(rng, budget), false);
    b.push(&format!("，{actual_label}"));
    b.num(&money(rng, actual), false);
    b.push(&format!("，{rate_label}"));
    b.num(&rate(r, dp), m(Mutation::Rate));
    b.push("，主要原因是部分项目年底验收。\n");

    // Expenditure = personnel + public + project.
    let personnel = actual * rng.range(20, 60) / 100 / 100 * 100;
    let public = (actual - personnel) * rng.range(10, 50) / 100 / 100 * 100;
    let project = actual - personnel - public;
    let personnel_stated = if m(Mutation::Personnel) { personnel + rng.range(1, 50) * 10_000 } else { personnel };
    b.push(rng.pick(&["其中：", "支出中，", "按经济分类，"]));
    b.push(rng.pick(&["人员经费", "人员经费支出"]));
    b.num(&money(rng, personnel_stated), m(Mutation::Personnel));
    b.push(rng.pick(&["，", "；", "、"]));
    b.push(rng.pick(&["公用经费", "日常公用支出"]));
    b.num(&money(rng, public), false);
    b.push(rng.pick(&["，", "；", "、"]));
    b.push("项目支出");
    b.num(&money(rng, project), false);
    b.push("。\n");

    // A complete breakdown after 其中, with a bracketed sub-breakdown of one part.
    b.push("三、专项资金情况\n");
    let total = rng.range(1_000, 200_000) * 100;
    let a = total * rng.range(20, 50) / 100 / 100 * 100;
    let bb = (total - a) * rng.range(30, 90) / 100 / 100 * 100;
    let c1 = bb * rng.range(10, 90) / 100 / 100 * 100;
    let c2 = bb - c1;
    let total_label = rng.pick(&["共投入资金", "项目资金总额", "专项资金"]);
    b.push(total_label);
    b.num(&money(rng, total), false);
    b.push(rng.pick(&["，其中：", "，其中", "（其中"]));
    let closing = if b.text.ends_with("（其中") { "）" } else { "" };
    b.push("中央资金");
    let a_stated = if m(Mutation::BreakdownPart) { total + rng.range(1, 100) * 100 } else { a };
    b.num(&money(rng, a_stated), m(Mutation::BreakdownPart));
    b.push("，省级资金");
    b.num(&money(rng, bb), false);
    b.push("（包含一般公共预算");
    let c1_stated = if m(Mutation::SubPart) { bb + rng.range(1, 100) * 100 } else { c1 };
    b.num(&money(rng, c1_stated), m(Mutation::SubPart));
    b.push("、政府性基金");
    b.num(&money(rng, c2), false);
    // 中央/省级/市级 name a known partition: such a breakdown is the whole total.
    b.push("），市级资金");
    b.num(&money(rng, total - a - bb), false);
    b.push(&format!("{closing}。\n"));

    // Project counts: a base and an addition, a total, and the number evaluated.
    b.push("四、绩效自评开展情况\n");
    let base = rng.range(2, 15);
    let added = rng.range(1, 5);
    let all = base + added;
    b.push(&format!("年初安排{}项目，", count(rng, base)));
    b.push(rng.pick(&["年中追加", "年中新增", "追加"]));
    b.push(&format!("{}项目。", count(rng, added)));
    b.push(rng.pick(&["全年共实施项目", "全年共有项目"]));
    let stated = if m(Mutation::StatedCount) { all + rng.range(1, 3) } else { all };
    b.num(&count(rng, stated), m(Mutation::StatedCount));
    b.push("。\n");
    b.push(&format!("我单位对涉及到的{}项目全部开展了绩效自评，自评覆盖率", count(rng, all)));
    let cov = if m(Mutation::Coverage) { format!("{}%", rng.range(50, 99)) } else { "100%".to_owned() };
    b.num(&cov, m(Mutation::Coverage));
    b.push("。\n");
    b.push("五、存在的问题\n部分项目进度偏慢。\n六、改进措施\n加强项目管理。\n");
    let target = b.target.clone().unwrap_or(0..0);
    Case { text: b.text, target }
}

fn numeric_findings(text: &str) -> Vec<jxlint::diagnostics::Diagnostic> {
    jxlint::check_text(text, rules()).into_iter().filter(|d| NUMERIC.contains(&d.rule.as_str())).collect()
}

#[test]
fn agreeing_numbers_give_no_numeric_finding() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for i in 0..2000 {
        let case = generate(&mut rng, None);
        let found = numeric_findings(&case.text);
        assert!(
            found.is_empty(),
            "case {i}: unexpected {:?}\n{}",
            found.iter().map(|d| (&d.rule, &d.message)).collect::<Vec<_>>(),
            case.text
        );
    }
}

#[test]
fn one_changed_number_gives_exactly_its_finding() {
    let mut rng = Rng(0x5eed_1234_abcd_0002);
    for i in 0..2400 {
        let mutation = MUTATIONS[i % MUTATIONS.len()];
        let case = generate(&mut rng, Some(mutation));
        let found = numeric_findings(&case.text);
        let ok = found.len() == 1
            && found[0].rule == mutation.rule()
            && (found[0].span == case.target || found[0].related.iter().any(|l| l.span == case.target));
        assert!(
            ok,
            "case {i} ({mutation:?}) on {:?} = {:?}: got {:?}\n{}",
            case.target,
            &case.text[case.target.clone()],
            found.iter().map(|d| (&d.rule, &d.span, &d.message)).collect::<Vec<_>>(),
            case.text
        );
    }
}
