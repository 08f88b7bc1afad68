//! Synthetic 绩效自评报告 for benchmarks and property tests. Shared by the `gen_corpus`
//! example, `benches/` and `tests/` through `#[path]`, so every one of them sees the same bytes.
//!
//! Reports land in nested folders (区/部门/年度.txt) and vary the way real archives do:
//! heading schemes (一、/（一）/1./（1）/①/第一部分/1.1), money units (元/万元/亿元, thousands
//! separators, full-width digits), encodings (UTF-8, UTF-8 with BOM, GB18030), sizes (about
//! 2–14 KB, 7 KB on average) and planted errors (truncated rates, sums that do not add up,
//! counts stated two ways, typos, stale phrases, template text, conversion leftovers,
//! half-width punctuation, stray spaces). The output depends only on N and the seed, so a
//! benchmark run can be repeated on the same bytes; no network, no clock.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const DISTRICTS: &[&str] = &[
    "丰南区",
    "路北区",
    "路南区",
    "古冶区",
    "开平区",
    "丰润区",
    "曹妃甸区",
    "滦州市",
    "遵化市",
    "迁安市",
    "滦南县",
    "乐亭县",
    "迁西县",
    "玉田县",
    "高新区",
    "海港区",
];

const DEPARTMENTS: &[&str] = &[
    "网信办",
    "财政局",
    "教育局",
    "卫生健康局",
    "民政局",
    "人社局",
    "自然资源局",
    "生态环境局",
    "住建局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文旅局",
    "应急管理局",
    "审计局",
    "统计局",
    "市场监管局",
    "医保局",
    "林业局",
    "司法局",
    "信访局",
    "档案馆",
    "科技局",
    "工信局",
    "发改局",
    "退役军人事务局",
    "城管局",
    "体育中心",
    "图书馆",
    "妇联",
    "团委",
    "残联",
    "科协",
    "文联",
    "红十字会",
    "机关事务中心",
    "公共资源交易中心",
    "融媒体中心",
    "气象局",
];

const DUTIES: &[&str] = &[
    "贯彻落实国家和省市有关方针政策和法律法规，拟订本行业发展规划并组织实施",
    "负责本部门预算编制、执行和决算工作，加强资金使用管理",
    "组织开展行业监督检查，依法查处违法违规行为",
    "统筹推进信息化建设，提升政务服务便利化水平",
    "负责干部队伍建设和教育培训，开展业务考核评价工作",
    "承担区委、区政府交办的其他任务",
    "指导基层单位开展业务工作，协调解决工作中的重大问题",
    "做好安全生产和应急处置工作，防范化解重大风险",
];

const FILLER: &[&str] = &[
    "我单位领导高度重视此项工作，成立了以主要负责同志为组长的绩效评价工作领导小组，明确职责分工，客观公正地实施评价。",
    "在执行过程中，严格遵守项目库管理办法，严格执行财务管理制度，做到有规有矩、有章有程。",
    "项目支出符合部门预算批复的用途，项目资金无截留、挤占、挪用、虚列支出、超标准开支等情况，资金拨付有完整的审批程序和手续。",
    "通过绩效自评，进一步增强了全体干部职工的绩效意识，促进了预算管理水平的提高。",
    "下一步，我们将继续加强预算绩效管理，将绩效自评结果作为以后年度预算安排的重要依据。",
    "各项工作按计划有序推进，服务对象反映良好，社会效益明显。",
    "加强与财政部门的沟通衔接，及时掌握政策变化，确保资金拨付及时、使用规范。",
    "建立健全内部控制制度，规范资产管理和政府采购行为，提高资金使用效益。",
    "坚持问题导向，对照绩效目标逐项分析完成情况，查找差距和不足，提出整改措施。",
    "通过实施预算项目绩效评价发现，预算项目绩效目标设定还需进一步详尽，绩效指标应充分体现“结果”导向原则。",
];

const PROJECTS: &[&str] = &[
    "互联网舆情监测经费",
    "网络安全保障经费",
    "信息化建设运维经费",
    "业务培训经费",
    "专项检查工作经费",
    "宣传教育经费",
    "基础设施维修改造经费",
    "公共服务购买经费",
    "档案数字化经费",
    "应急物资储备经费",
];

/// Heading schemes: the marks used for levels 1–3, as real reports mix them.
#[derive(Clone, Copy)]
enum Scheme {
    /// 一、 / （一） / 1.
    Standard,
    /// 第一部分 / 一、 / （一）
    Chapter,
    /// 一、 / （一） / 1、 / ①
    Circled,
    /// 1. / 1.1 / （1）
    Decimal,
}

/// splitmix64: small, fast, and the same numbers on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const CN_DIGITS: [&str; 11] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn cn_ordinal(n: usize) -> String {
    match n {
        0..=10 => CN_DIGITS[n].to_owned(),
        11..=19 => format!("十{}", CN_DIGITS[n - 10]),
        _ => format!("{}十{}", CN_DIGITS[n / 10], if n % 10 == 0 { "" } else { CN_DIGITS[n % 10] }),
    }
}

fn mark(scheme: Scheme, level: usize, ordinal: usize, parent: usize) -> String {
    let circled = |n: usize| char::from_u32(0x2460 + (n as u32 - 1).min(19)).unwrap_or('①').to_string();
    match (scheme, level) {
        (Scheme::Standard | Scheme::Circled, 1) | (Scheme::Chapter, 2) => format!("{}、", cn_ordinal(ordinal)),
        (Scheme::Standard | Scheme::Circled, 2) | (Scheme::Chapter, 3) => format!("（{}）", cn_ordinal(ordinal)),
        (Scheme::Chapter, _) => format!("第{}部分 ", cn_ordinal(ordinal)),
        (Scheme::Standard, _) => format!("{ordinal}."),
        (Scheme::Circled, _) => circled(ordinal),
        (Scheme::Decimal, 1) => format!("{ordinal}. "),
        (Scheme::Decimal, 2) => format!("{parent}.{ordinal} "),
        (Scheme::Decimal, _) => format!("（{ordinal}）"),
    }
}

/// Money is generated in hundredths of 万元 (100 元) so every stated figure is exact.
fn money(rng: &mut Rng, fen_wan: u64, fullwidth: bool) -> String {
    let s = match rng.below(10) {
        0 | 1 => {
            let yuan = fen_wan * 100;
            if rng.chance(50) {
                format!("{}元", thousands(yuan))
            } else {
                format!("{yuan}元")
            }
        }
        2 if fen_wan >= 10_000 => format!("{}.{:06}亿元", fen_wan / 1_000_000, fen_wan % 1_000_000),
        _ => {
            let (w, f) = (fen_wan / 100, fen_wan % 100);
            match f {
                0 => format!("{w}万元"),
                f if f % 10 == 0 => format!("{w}.{}万元", f / 10),
                f => format!("{w}.{f:02}万元"),
            }
        }
    };
    if fullwidth {
        to_fullwidth(&s)
    } else {
        s
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn to_fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c) } else { c })
        .collect()
}

/// `num / den` as a percentage with two decimals, rounded half up (or truncated).
fn percent(num: u64, den: u64, truncate: bool) -> String {
    let scaled = num as u128 * 1_000_000 / den.max(1) as u128; // hundredths of a percent × 100
    let hundredths = if truncate { scaled / 100 } else { (scaled + 50) / 100 };
    format!("{}.{:02}%", hundredths / 100, hundredths % 100)
}

struct Writer {
    out: String,
    scheme: Scheme,
    counters: [usize; 4],
}

impl Writer {
    fn heading(&mut self, level: usize, title: &str) {
        self.counters[level] += 1;
        for c in &mut self.counters[level + 1..] {
            *c = 0;
        }
        let m = mark(self.scheme, level, self.counters[level], self.counters[level - 1].max(self.counters[1]));
        let _ = writeln!(self.out, "{m}{title}");
    }
    fn para(&mut self, indent: bool, text: &str) {
        if indent {
            self.out.push_str("\u{3000}\u{3000}");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }
}

fn write_report(rng: &mut Rng, district: &str, dept: &str, year: u32) -> String {
    let scheme = match rng.below(4) {
        0 => Scheme::Chapter,
        1 => Scheme::Circled,
        2 => Scheme::Decimal,
        _ => Scheme::Standard,
    };
    let (top, sub) = (1, 2);
    let target_len = rng.range(2_000, 12_000) as usize;
    let fullwidth = rng.chance(8);
    let indent = rng.chance(60);
    let mut w = Writer { out: String::new(), scheme, counters: [0; 4] };
    let _ = writeln!(w.out, "{district}{dept}{year}年度部门整体支出绩效自评报告");

    w.heading(top, "部门基本情况");
    w.heading(sub, "部门职责");
    let mut duties = String::new();
    for _ in 0..rng.range(2, 5) {
        duties.push_str(rng.pick(DUTIES));
        duties.push_str(if rng.chance(10) { ";" } else { "；" });
    }
    duties.pop();
    duties.push('。');
    w.para(indent, &duties);
    w.heading(sub, "人员情况");
    let admin = rng.range(3, 40);
    let inst = rng.range(0, 60);
    let actual_admin = admin.saturating_sub(rng.below(3));
    let prefix = if rng.chance(15) { "截止" } else { "截至" };
    w.para(
        indent,
        &format!(
            "{prefix}{year}年12月底，本部门共有编制{}人，其中行政编制{admin}人，事业编制{inst}人；实有{}人。",
            admin + inst,
            actual_admin + inst
        ),
    );

    // Budget: personnel + public + projects = expenditure, stated with the rate.
    let personnel = rng.range(5_000, 80_000);
    let public = rng.range(500, 9_000);
    let projects = rng.range(1_000, 200_000);
    let spent = personnel + public + projects;
    let budget = spent + rng.range(0, spent / 4);
    let truncate = rng.chance(20);
    w.heading(top, "部门预算执行情况");
    let stated_spent = if rng.chance(10) { spent + rng.range(1, 500) } else { spent };
    w.para(
        indent,
        &format!(
            "本部门{year}年度调整后预算{}，实际支出{}，预算执行率{}。",
            money(rng, budget, fullwidth),
            money(rng, stated_spent, fullwidth),
            percent(stated_spent, budget, truncate)
        ),
    );
    w.para(
        indent,
        &format!(
            "支出中，人员经费{}，公用经费{}，项目支出{}。",
            money(rng, personnel, fullwidth),
            money(rng, public, fullwidth),
            money(rng, projects, fullwidth)
        ),
    );
    if budget * 9 > spent * 10 && rng.chance(50) {
        w.para(indent, "执行率偏低的原因是部分项目采购流程尚未完成，资金将于次年拨付。");
    }
    let planned = rng.range(2, 9) as usize;
    let added = rng.below(3) as usize;
    let evaluated = if rng.chance(15) { planned + added - 1 } else { planned + added };
    let coverage =
        if rng.chance(10) { "100%".to_owned() } else { percent(evaluated as u64, (planned + added) as u64, false) };
    w.para(
        indent,
        &format!(
            "年初预算安排项目{planned}个{}，本年度对{evaluated}个项目开展了绩效自评，自评覆盖率{coverage}。",
            if added > 0 { format!("，年中追加{added}个") } else { String::new() }
        ),
    );

    w.heading(top, "绩效目标完成情况");
    w.heading(sub, "部门整体绩效目标");
    let people = rng.range(50, 3_000);
    if rng.chance(85) {
        w.para(
            indent,
            &format!(
                "年初设定的部门整体绩效目标：完成培训{people}人次，开展专项检查{}次，服务对象满意度≥90%。",
                rng.range(4, 60)
            ),
        );
    } else {
        w.para(indent, "年初设定的部门整体绩效目标：全面完成各项工作任务，进一步提升服务水平，维护社会和谐稳定。");
    }
    w.heading(sub, "指标完成情况");
    if rng.chance(90) {
        w.para(indent, &format!("产出指标：全年实际培训{}人次，完成年度目标。", people + rng.below(100)));
        w.para(indent, "效益指标：社会效益明显，群众办事更加便利。");
        w.para(indent, &format!("满意度指标：服务对象满意度{}%。", rng.range(90, 99)));
    }
    for (i, p) in PROJECTS.iter().take(planned.min(PROJECTS.len())).enumerate() {
        let amount = rng.range(100, 20_000);
        let used = amount - rng.below(amount / 5 + 1);
        w.heading(3, p);
        w.para(
            indent,
            &format!(
                "该项目预算{}，实际支出{}，执行率{}。{}",
                money(rng, amount, fullwidth),
                money(rng, used, fullwidth),
                percent(used, amount, truncate && i == 0),
                rng.pick(FILLER)
            ),
        );
    }

    w.heading(top, "存在的问题");
    if rng.chance(20) {
        w.para(indent, "由于疫情原因，部分培训活动未能按期开展。");
    }
    if rng.chance(10) {
        w.para(indent, "资金拔付进度偏慢，與论引导工作有待加强。");
    }
    w.heading(top, "改进措施和建议");
    if rng.chance(15) {
        w.para(indent, "[bookmark: _GoBack]要提出完善改进建议，重点围绕改进预算管理、提升预算绩效提出意见建议。");
    }
    if rng.chance(10) {
        w.para(indent, "绩效 标准恰当适宜，指标设置XX项。");
    }
    // Filler up to the target size keeps the mix of sizes realistic without new structure.
    while w.out.len() < target_len {
        let mut p = String::new();
        for _ in 0..rng.range(2, 5) {
            p.push_str(rng.pick(FILLER));
        }
        w.para(indent, &p);
    }
    if rng.chance(10) {
        w.out = w.out.replace('\n', "\r\n");
    }
    w.out
}

fn encode(rng: &mut Rng, text: &str) -> Vec<u8> {
    match rng.below(10) {
        0 => encoding_rs::GB18030.encode(text).0.into_owned(),
        1 => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        _ => text.as_bytes().to_vec(),
    }
}

/// Where report `i` goes under `dir`: 区/部门/年度.txt.
pub fn path_for(dir: &Path, i: usize) -> PathBuf {
    let d = DISTRICTS[i % DISTRICTS.len()];
    let rest = i / DISTRICTS.len();
    let dept = DEPARTMENTS[rest % DEPARTMENTS.len()];
    let rest = rest / DEPARTMENTS.len();
    let year = 2020 + (rest % 5) as u32;
    let batch = rest / 5;
    let file = if batch == 0 { format!("{year}年度.txt") } else { format!("{year}年度-{batch}.txt") };
    dir.join(d).join(dept).join(file)
}

fn year_of(i: usize) -> u32 {
    2020 + ((i / DISTRICTS.len() / DEPARTMENTS.len()) % 5) as u32
}

/// The seed used when none is given, so published numbers are reproducible.
pub const DEFAULT_SEED: u64 = 20_240_101;

/// Report `i` of the corpus for `seed`, as text. Report `i` is the same whatever N is.
pub fn report_text(seed: u64, i: usize) -> String {
    let mut rng = rng_for(seed, i);
    let dept = DEPARTMENTS[(i / DISTRICTS.len()) % DEPARTMENTS.len()];
    write_report(&mut rng, DISTRICTS[i % DISTRICTS.len()], dept, year_of(i))
}

/// Report `i` as the bytes written to disk (UTF-8, UTF-8 with BOM or GB18030).
pub fn report_bytes(seed: u64, i: usize) -> Vec<u8> {
    let text = report_text(seed, i);
    // The encoding draw comes from a separate stream so the text does not depend on it.
    let mut rng = rng_for(seed ^ 0x5EED, i);
    encode(&mut rng, &text)
}

fn rng_for(seed: u64, i: usize) -> Rng {
    Rng(seed ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407))
}

/// The first report of the corpus whose UTF-8 text is 10 KB ± 5%: the single-file case.
pub fn report_of_10kb(seed: u64) -> String {
    (0..10_000)
        .map(|i| report_text(seed, i))
        .find(|t| (9_728..=10_752).contains(&t.len()))
        .unwrap_or_else(|| report_text(seed, 0))
}
