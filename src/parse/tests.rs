//! Parser behaviour on every heading style and inline token the grammar knows.

use super::*;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn headings(text: &str) -> Vec<(NumberStyle, u32, String)> {
    let r = parse(text);
    r.headings.iter().map(|h| (h.style, h.ordinal, r.slice(&h.title()).to_owned())).collect()
}

#[test]
fn every_heading_style_with_and_without_spaces() {
    use NumberStyle::*;
    let text = "第一部分 总体情况\n一、基本情况\n二.预算\n（一）职能\n(二) 人员\n㈢机构\n1、职责\n2. 人员\n3．资产\n1.1 概况\n（1）行政\n(2)事业\n①编制\n②实有\n";
    assert_eq!(
        headings(text),
        vec![
            (Chapter, 1, "总体情况".into()),
            (CnComma, 1, "基本情况".into()),
            (CnComma, 2, "预算".into()),
            (CnParen, 1, "职能".into()),
            (CnParen, 2, "人员".into()),
            (CnParen, 3, "机构".into()),
            (ArabicComma, 1, "职责".into()),
            (ArabicComma, 2, "人员".into()),
            (ArabicComma, 3, "资产".into()),
            (Decimal, 1, "概况".into()),
            (ArabicParen, 1, "行政".into()),
            (ArabicParen, 2, "事业".into()),
            (Circled, 1, "编制".into()),
            (Circled, 2, "实有".into()),
        ]
    );
}

#[test]
fn heading_with_colon_and_body_on_the_same_line() {
    let r = parse("（一）年度绩效目标：完成培训200人次。\n");
    let h = &r.headings[0];
    assert_eq!(r.slice(&h.title()), "年度绩效目标");
    assert_eq!(r.slice(h.body().as_ref().unwrap()), "完成培训200人次。");
    assert_eq!(r.quantities.len(), 1);
}

#[test]
fn numbering_inside_a_sentence_or_numbers_at_line_start_are_not_headings() {
    assert!(headings("故追加1个项目。一、根据规定开展工作。\n").is_empty());
    assert!(headings("2024年，区委网信办安排7个项目。\n").is_empty());
    assert!(headings("1.5万元用于采购。\n").is_empty());
    assert!(headings("100%完成。\n").is_empty());
}

#[test]
fn markdown_heading_prefixes() {
    assert_eq!(headings("## 第二部分 预算执行\n### （一）资金\n**一、概况**\n").len(), 3);
    let r = parse("**一、概况**\n");
    assert_eq!(r.slice(&r.headings[0].title()), "概况");
}

#[test]
fn amounts_in_every_unit_and_digit_width() {
    let r = parse("预算384.29万元，支出３４３．８２万元，合计1,234.56元，总额1.25亿元，计划5千元。\n");
    let v: Vec<(Decimal, u32)> = r.quantities.iter().map(|q| (q.value, q.scale())).collect();
    assert_eq!(v, vec![(d("3842900"), 2), (d("3438200"), 2), (d("1234.56"), 2), (d("125000000"), 2), (d("5000"), 0),]);
    assert!(r.quantities.iter().all(|q| q.unit == Unit::Yuan));
    assert_eq!(r.slice(&r.quantities[0].label()), "预算");
    assert_eq!(r.slice(&r.quantities[1].unit_text()), "万元");
}

#[test]
fn rates_counts_and_chinese_numerals() {
    let r = parse("执行率89.46%，覆盖率百分之百，增长5‰，提高3个百分点，共八个项目，十二人，两个单位。\n");
    let v: Vec<(Decimal, Unit, bool)> = r.quantities.iter().map(|q| (q.value, q.unit, q.chinese())).collect();
    assert_eq!(v[0], (d("89.46"), Unit::Percent, false));
    assert_eq!(v[1], (d("100"), Unit::Percent, true));
    assert_eq!(v[2], (d("0.5"), Unit::Permille, false));
    assert_eq!(v[3].1, Unit::PercentPoint);
    assert_eq!((v[4].0, v[4].2), (d("8"), true));
    assert_eq!(r.slice(&r.quantities[4].noun()), "项目");
    assert_eq!(v[5].0, d("12"));
    assert_eq!(v[6].0, d("2"));
}

#[test]
fn chinese_numerals_inside_words_are_not_counts() {
    let r = parse("统一项目管理，进一步加强，唯一个人账户。\n");
    assert!(r.quantities.is_empty(), "{:?}", r.quantities);
}

#[test]
fn ranges_negatives_comparators_years_and_dates() {
    let r = parse("满意度80%-90%，增长-5%，目标≥95%，2024年度，截至2024年12月31日，2024-12-31。\n");
    let q = &r.quantities;
    assert!(q[0].in_range() && q[1].in_range());
    assert_eq!(q[2].value, d("-5"));
    assert!(q[3].comparator().is_some());
    assert_eq!(q.len(), 4);
    assert_eq!(r.years.iter().map(|y| y.year).collect::<Vec<_>>(), vec![2024, 2024, 2024]);
    assert_eq!(r.year, Some(2024));
}

/// The prose reader and the table model read comparators from one table: every word in
/// it, before a number in a sentence, makes that number a bound with the word's meaning.
#[test]
fn every_comparator_word_is_read_in_prose_with_its_meaning() {
    for (word, cmp) in comparator::WORDS {
        for gap in ["", " "] {
            let text = format!("满意度{word}{gap}95%。\n");
            let r = parse(&text);
            assert_eq!(r.quantities.len(), 1, "{text}: {:?}", r.quantities);
            let q = &r.quantities[0];
            assert_eq!(q.cmp, Some(*cmp), "{text}");
            assert_eq!(r.slice(q.comparator().as_ref().unwrap()), *word, "{text}");
            assert_eq!(r.slice(&q.span()), format!("{word}{gap}95%"), "{text}");
            assert_eq!(r.slice(&q.label()), "满意度", "{text}");
            let cell = crate::analysis::table_model::parse_num(&format!("{word}{gap}95%")).unwrap();
            assert_eq!(cell.cmp, Some(*cmp), "{text}");
        }
    }
    // `不等于` is no bound of either kind; a number after other words is a stated value.
    for text in ["满意度不等于95%。\n", "满意度达到95%。\n", "满意度为95%。\n"] {
        let r = parse(text);
        assert_eq!(r.quantities[0].cmp, None, "{text}");
        assert_eq!(r.quantities[0].comparator(), None, "{text}");
    }
}

#[test]
fn conversion_artifacts() {
    let r = parse("[bookmark: _GoBack]详见错误！未定义书签。{ PAGE }，单位XX局，金额***元。\n");
    let kinds: Vec<ArtifactKind> = r.artifacts.iter().map(|a| a.kind).collect();
    use ArtifactKind::*;
    assert_eq!(kinds, vec![Bookmark, FieldError, FieldCode, Placeholder, Placeholder]);
}

#[test]
fn sentences_labels_and_bracket_depth() {
    let r = parse("申请预算资金384.29万元，其中：转移支付0万元（包含中央0万元、省0万元）。实际支出343.82万元。\n");
    assert_eq!(r.sentences.len(), 2);
    let labels: Vec<&str> = r.quantities.iter().map(|q| r.slice(&q.label())).collect();
    assert_eq!(labels, vec!["申请预算资金", "转移支付", "包含中央", "省", "实际支出"]);
    let depths: Vec<u8> = r.quantities.iter().map(|q| q.paren_depth).collect();
    assert_eq!(depths, vec![0, 0, 1, 1, 0]);
    assert_eq!(r.quantities[4].sentence(), 1);
}

#[test]
fn section_tree_follows_levels_and_repairs_a_misstyled_heading() {
    let r = parse(" 报告\n1、 概况\n（一）职责\n二、预算\n（一）执行\n1.收入\n三、问题\n");
    assert_eq!(r.slice(r.title.as_ref().unwrap()), "报告");
    let children = |s: usize| r.children(s).collect::<Vec<_>>();
    let top: Vec<&str> = children(0).into_iter().map(|s| r.section_title(s)).collect();
    assert_eq!(top, vec!["概况", "预算", "问题"]);
    assert_eq!(r.headings[0].effective_style, NumberStyle::CnComma);
    let budget = children(0)[1];
    let sub = children(budget)[0];
    assert_eq!(r.section_title(children(sub)[0]), "收入");
}

#[test]
fn any_input_parses_and_every_line_is_kept() {
    for text in ["", "\n", "\r\n\r\n", "\u{0}\u{1}", "（", "一、", "1.", "％％", "\u{FEFF}x", "a\rb\nc"] {
        let r = parse(text);
        let covered: usize = r.lines.iter().map(|l| l.span().len()).sum::<usize>();
        assert!(covered <= text.len());
        assert_eq!(
            r.lines.last().map(|l| l.span().end),
            Some(text.trim_end_matches(['\r', '\n']).len().max(r.lines.last().unwrap().span().start))
        );
    }
}

/// `scan::is_token_start` must be the grammar's `token_start` exactly: a character the
/// scanner steps over could otherwise begin a token the grammar would have matched. `plain`
/// runs over two copies of a character only when it is outside `token_start`.
#[test]
fn scanner_token_start_is_the_grammars() {
    use super::grammar::{ReportParser, Rule};
    use pest::Parser;
    let mut checked = 0;
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        // All of the BMP, then a sample of the astral planes (none holds a token start).
        if c as u32 > 0xFFFF && c as u32 % 97 != 0 || matches!(c, '\n' | '\r') {
            continue;
        }
        let two = format!("{c}{c}");
        let run = ReportParser::parse(Rule::plain, &two).map(|mut p| p.next().unwrap().as_str().len()).unwrap();
        assert_eq!(run < two.len(), scan::is_token_start(c), "{c:?} (U+{:04X})", c as u32);
        checked += 1;
    }
    assert!(checked > 60_000);
}

/// The fast path and the grammar's `report` rule build the same model on every fixture.
#[test]
fn scanner_builds_the_reference_model_on_fixtures() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    let dirs = [root.join("fixtures"), root.join("fixtures/tables")];
    for dir in dirs.iter().filter_map(|d| std::fs::read_dir(d).ok()) {
        for entry in dir.flatten() {
            let Ok(bytes) = std::fs::read(entry.path()) else { continue };
            let Ok((text, _)) = crate::load::decode(&bytes) else { continue };
            let reference = build::build_reference(&text).expect("the grammar accepts any text");
            assert_eq!(format!("{:?}", parse(&text)), format!("{reference:?}"), "{}", entry.path().display());
            seen += 1;
        }
    }
    assert!(seen >= 5, "only {seen} fixtures read");
}

#[test]
fn scanner_splits_lines_like_the_grammar() {
    let spans: Vec<_> = scan::lines("a\r\nb\rc\n\nd").collect();
    assert_eq!(spans, vec![0..1, 3..4, 5..6, 7..7, 8..9]);
    assert_eq!(scan::lines("").collect::<Vec<_>>(), vec![0..0]);
    assert_eq!(scan::lines("x\n").collect::<Vec<_>>(), vec![0..1, 2..2]);
}

/// The grammar's `line_head` on `line`, as text.
fn grammar_line_head(line: &str) -> String {
    use super::grammar::{ReportParser, Rule};
    use pest::Parser;
    ReportParser::parse(Rule::line_head, line).unwrap().next().unwrap().as_str().to_owned()
}

/// `scan::may_start_heading` may say yes too often but never too rarely: for every code
/// point `c`, where it says no to `c` and a suffix that completes one `line_head`
/// alternative, the grammar's head is the indentation alone.
#[test]
fn scanner_line_head_filter_keeps_every_head() {
    use super::grammar::{ReportParser, Rule};
    use pest::Parser;
    use rayon::prelude::*;
    let suffixes =
        ["", "、", " x", "*一、", "一部分", "一）", "1）", ".1 ", "1、", "11.", "111、", "．", "二三、", "二三四、"];
    let chars: Vec<char> = (0..=0x10FFFFu32)
        .filter(|&u| u <= 0xFFFF || u % 97 == 0)
        .filter_map(char::from_u32)
        .filter(|c| !matches!(c, '\n' | '\r'))
        .collect();
    chars.par_iter().for_each(|&c| {
        let indent = scan::INDENT.contains(&c);
        let one = ReportParser::parse(Rule::indent, &c.to_string()).is_ok_and(|mut p| p.next().is_some());
        assert_eq!(indent, one, "{c:?} and the grammar's indent");
        if indent {
            return;
        }
        // Behind indentation (sampled: the grammar reads it the same before any character).
        let indents: &[&str] = if c as u32 % 31 == 0 { &["", "\u{3000}\u{3000}", " \t\u{a0}"] } else { &[""] };
        for s in suffixes {
            let rest = format!("{c}{s}");
            if scan::may_start_heading(&rest) {
                continue;
            }
            for indent in indents {
                let line = format!("{indent}{rest}");
                assert_eq!(grammar_line_head(&line), *indent, "{line:?}");
            }
        }
    });
}

/// The same on lines dense in what heading marks are made of, where the filter's look past
/// the first character (runs of digits and ordinals) decides.
#[test]
fn scanner_line_head_filter_on_mark_like_lines() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    const ATOMS: &[&str] = &[
        "1", "12", "２", "一", "二三", "十", "、", ".", "．", " ", "\u{3000}", "（", "）", "(", "第", "章", "#", "*",
        "x", "1.1", "万元",
    ];
    let refused = std::cell::Cell::new(0);
    let lines = prop::collection::vec(prop::sample::select(ATOMS), 1..10).prop_map(|v| v.concat());
    let mut runner = TestRunner::new(Config { cases: 2048, failure_persistence: None, ..Config::default() });
    runner
        .run(&lines, |line| {
            let rest = line.trim_start_matches(scan::INDENT);
            if !scan::may_start_heading(rest) {
                refused.set(refused.get() + 1);
                prop_assert_eq!(grammar_line_head(&line), &line[..line.len() - rest.len()], "{:?}", line);
            }
            Ok(())
        })
        .unwrap();
    assert!(refused.get() > 500, "the filter refused only {} lines", refused.get());
}

/// `COUNT_WORDS` (which `scan::may_start_token` trusts) lists the grammar's `count_unit`.
#[test]
fn count_words_are_the_grammars_count_unit() {
    let grammar = include_str!("../../grammar/report.pest");
    let rule = grammar.split("\ncount_unit = @{").nth(1).unwrap().split('}').next().unwrap();
    let mut in_grammar: Vec<&str> = rule.split('"').skip(1).step_by(2).collect();
    let mut ours = build::COUNT_WORDS.to_vec();
    in_grammar.sort_unstable();
    ours.sort_unstable();
    assert_eq!(in_grammar, ours);
    let rule = grammar.split("\nmeasure_unit = @{").nth(1).unwrap().split('}').next().unwrap();
    let mut in_grammar: Vec<&str> = rule.split('"').skip(1).step_by(2).collect();
    let mut ours = build::MEASURE_WORDS.to_vec();
    in_grammar.sort_unstable();
    ours.sort_unstable();
    assert_eq!(in_grammar, ours);
}

#[test]
fn measure_words_count_after_digits_and_are_words_after_chinese_numerals() {
    let r = parse("全年接处警13175起，审定265宗，安装路灯410盏，治理5.2平方公里。大家一起研究。\n");
    let units: Vec<&str> = r.quantities.iter().map(|q| r.slice(&q.unit_text())).collect();
    assert_eq!(units, vec!["起", "宗", "盏", "平方公里"]);
}

/// Chinese numerals and 不 are skipped without pest only where no token can start.
#[test]
fn scanner_token_filter_on_chinese_numerals() {
    let keeps = |s: &str| scan::may_start_token(s, 0, build::COUNT_WORDS);
    for yes in ["八个项目", "十二人", "两名", "百分之百", "不低于90%", "不少于3个", "一公里"] {
        assert!(keeps(yes), "{yes}");
    }
    for no in ["一般", "一步", "万元", "不断", "三年", "十分", "三千米"] {
        assert!(!keeps(no), "{no}");
    }
    // 三千米: the numeral run takes 千, and 米 is no measure word, so the grammar agrees.
    assert!(parse("三千米").quantities.is_empty());
}

/// Pieces of text around numbers where the grammar has choices to make: years and dates,
/// thousands groups, decimal points of both widths, spaces, magnitudes, every unit, range
/// separators and comparators.
const NUMBER_ATOMS: &[&str] = &[
    "0",
    "1",
    "2",
    "9",
    "19",
    "20",
    "２",
    "０",
    "９",
    "12",
    ",",
    ",123",
    ".",
    "．",
    " ",
    "年",
    "度",
    "月",
    "日",
    "号",
    "-",
    "/",
    "－",
    "—",
    "～",
    "~",
    "至",
    "到",
    "万",
    "亿",
    "千",
    "元",
    "%",
    "％",
    "‰",
    "个百分点",
    "个",
    "人次",
    "人",
    "公里",
    "千米",
    "米",
    "小时",
    "≥",
    "不低于",
    "x",
    "、",
    "（",
    "\n",
];

fn number_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop::collection::vec(prop::sample::select(NUMBER_ATOMS), 1..24).prop_map(|v| v.concat())
}

/// The grammar's `token` at `at`, within the line, as the hand matcher reports tokens.
fn grammar_digit_token(text: &str, at: usize) -> number_token::DigitToken {
    use super::grammar::{ReportParser, Rule};
    use number_token::{DigitToken, QuantityParts};
    use pest::Parser;
    let tok = ReportParser::parse(Rule::token, &text[at..]).unwrap().next().unwrap().into_inner().next().unwrap();
    let span = |p: &pest::iterators::Pair<'_, Rule>| at + p.as_span().start()..at + p.as_span().end();
    match tok.as_rule() {
        Rule::year => DigitToken::Year(span(&tok)),
        Rule::amount => {
            let quantities: Vec<_> = tok.into_inner().filter(|p| p.as_rule() == Rule::quantity).collect();
            assert_eq!(quantities.len(), 1, "a range at {at} in {text:?}");
            let q = &quantities[0];
            let mut parts =
                QuantityParts { span: span(q), comparator: None, number: 0..0, magnitude: None, unit: None };
            for p in q.clone().into_inner() {
                match p.as_rule() {
                    Rule::comparator => parts.comparator = Some(span(&p)),
                    Rule::number => parts.number = span(&p),
                    Rule::magnitude => parts.magnitude = Some(span(&p)),
                    Rule::unit => parts.unit = Some(span(&p)),
                    _ => {}
                }
            }
            DigitToken::Quantity(parts)
        }
        other => panic!("{other:?} at {at} in {text:?}, where the hand matcher saw a digit token"),
    }
}

/// Wherever `number_token::match_at` answers, it answers what the grammar's `token` rule
/// matches at the same place, part for part; and it answers at most digits.
#[test]
fn number_token_is_the_grammars_token() {
    use proptest::test_runner::{Config, TestRunner};
    let (answered, asked) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    let mut runner = TestRunner::new(Config { cases: 1024, failure_persistence: None, ..Config::default() });
    runner
        .run(&number_text(), |text| {
            for line in text.split('\n') {
                for (at, _) in line.char_indices().filter(|&(_, c)| number_token::is_digit(c)) {
                    asked.set(asked.get() + 1);
                    if let Some(tok) = number_token::match_at(line, at) {
                        proptest::prop_assert_eq!(&tok, &grammar_digit_token(line, at), "at {} in {:?}", at, line);
                        answered.set(answered.get() + 1);
                    }
                }
            }
            Ok(())
        })
        .unwrap();
    let (answered, asked) = (answered.get(), asked.get());
    assert!(answered * 2 > asked, "the hand matcher answered only {answered} of {asked}");
}

#[test]
fn number_token_leaves_dates_and_ranges_to_the_grammar() {
    use number_token::{match_at, DigitToken};
    for unsure in ["2024年12月", "2024-12-31", "2024.5万元", "80%-90%", "10~20万元", "3至5个"] {
        assert_eq!(match_at(unsure, 0), None, "{unsure}");
    }
    assert_eq!(match_at("2024年度预算", 0), Some(DigitToken::Year(0..10)));
    // A year is an ASCII 19 or 20 and two more digits: full-width ２０２４ is a number.
    let Some(DigitToken::Quantity(q)) = match_at("x２０２４年", 1) else { panic!() };
    assert_eq!((q.number, q.unit), (1..13, None));
    let Some(DigitToken::Quantity(q)) = match_at("1,234.56 万元）", 0) else { panic!() };
    assert_eq!((q.number, q.magnitude, q.unit, q.span), (0..8, Some(9..12), Some(12..15), 0..15));
    // `千米` is a unit, but after a number the magnitude 千 is tried first, as the grammar does.
    let Some(DigitToken::Quantity(q)) = match_at("5千米", 0) else { panic!() };
    assert_eq!((q.magnitude, q.unit), (Some(1..4), None));
    assert_eq!(match_at("年5", 0), None);
}

/// Wherever `heading_mark::match_line_head` answers, the model is the one the grammar
/// alone builds, on lines dense in what heading marks are made of.
#[test]
fn heading_mark_is_the_grammars_line_head() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    const ATOMS: &[&str] = &[
        "1",
        "12",
        "123",
        "２",
        "一",
        "二三",
        "十",
        "〇",
        "、",
        ".",
        "．",
        " ",
        "\t",
        "\u{3000}",
        "（",
        "）",
        "(",
        ")",
        "①",
        "⑳",
        "㈠",
        "第",
        "部分",
        "x",
        "1.1",
        "：",
        "万元",
        "#",
        "**",
        "一、",
        "（一）、",
        "(1)、",
        "1.1.1.1",
        "1、",
        "1.",
    ];
    let headings = std::cell::Cell::new(0);
    let line = prop::collection::vec(prop::sample::select(ATOMS), 1..8).prop_map(|v| v.concat());
    let text = prop::collection::vec(line, 1..6).prop_map(|v| v.join("\n"));
    let mut runner = TestRunner::new(Config { cases: 2048, failure_persistence: None, ..Config::default() });
    runner
        .run(&text, |text| {
            for line in text.split('\n') {
                if heading_mark::match_line_head(line).is_some_and(|h| h.heading.is_some()) {
                    headings.set(headings.get() + 1);
                }
            }
            let reference = build::build_reference(&text).expect("the grammar accepts any text");
            prop_assert_eq!(format!("{:?}", parse(&text)), format!("{reference:?}"), "{:?}", text);
            Ok(())
        })
        .unwrap();
    assert!(headings.get() > 1000, "the hand matcher read only {} heading marks", headings.get());
}

#[test]
fn heading_mark_reads_the_common_marks() {
    use heading_mark::match_line_head;
    let mark = |line: &str| match_line_head(line).and_then(|h| h.heading).map(|m| (m.style, m.ordinal, m.depth));
    assert_eq!(mark("一、总体情况"), Some((NumberStyle::CnComma, 1, 1)));
    assert_eq!(mark("\u{3000}（十二）、其他"), Some((NumberStyle::CnParen, 12, 1)));
    assert_eq!(mark("(3) 项目"), Some((NumberStyle::ArabicParen, 3, 1)));
    assert_eq!(mark("2.3.1 指标"), Some((NumberStyle::Decimal, 1, 3)));
    assert_eq!(mark("４．项目"), Some((NumberStyle::ArabicComma, 4, 1)));
    assert_eq!(mark("⑳其他"), Some((NumberStyle::Circled, 20, 1)));
    // Not marks: an amount, a decimal number without a gap, a sentence starting with 一.
    for plain in ["1.5万元", "2.3指标", "一是加强管理", "（注：单位万元）"] {
        assert_eq!(mark(plain), None, "{plain}");
    }
    // Left to the grammar.
    for other in ["第一部分 概况", "## 一、概况", "**一、概况**", "㈠概况"] {
        assert_eq!(match_line_head(other), None, "{other}");
    }
}

#[test]
fn quantity_stays_small() {
    // A long report holds hundreds of thousands of quantities (issue 13: 50 MB under 400 MB).
    assert!(std::mem::size_of::<Quantity>() <= 68, "{}", std::mem::size_of::<Quantity>());
}

#[test]
fn sentence_stays_small() {
    assert!(std::mem::size_of::<Sentence>() <= 16, "{}", std::mem::size_of::<Sentence>());
}

#[test]
fn outline_and_lines_stay_small() {
    use std::mem::size_of;
    assert!(size_of::<Line>() <= 32, "{}", size_of::<Line>());
    assert!(size_of::<Heading>() <= 48, "{}", size_of::<Heading>());
    assert!(size_of::<Section>() <= 28, "{}", size_of::<Section>());
}

#[test]
fn names_of_counts_give_their_measure_word() {
    use super::build::counted_by;
    assert_eq!(counted_by("实际在职人数"), Some("人"));
    assert_eq!(counted_by("受益户数"), Some("户"));
    assert_eq!(counted_by("培训人次"), Some("人次"));
    assert_eq!(counted_by("项目总数"), Some("个"));
    assert_eq!(counted_by("开展自评项目数"), Some("个"));
    assert_eq!(counted_by("项目个数"), Some("个"));
    // Amounts and extents are not counts.
    assert_eq!(counted_by("全年预算数"), None);
    assert_eq!(counted_by("改造里程公里数"), None);
    assert_eq!(counted_by("编制数"), None);
}

#[test]
fn ordinals_of_a_measure_word() {
    use super::number::ordinals;
    let got: Vec<u64> = ordinals("首批下达，第二批拨付，第3批结清，第四次会议", "批").collect();
    assert_eq!(got, vec![1, 2, 3]);
    assert_eq!(ordinals("第一季度", "批").count(), 0);
}
