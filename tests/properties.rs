//! Property tests: on random Unicode and on random mixtures of report fragments, checking
//! never panics, every finding's span (and related label) lies inside the text on char
//! boundaries, position resolution agrees with the span, and the output is deterministic.

use jxlint::rules::RuleSet;
use proptest::prelude::*;
use std::sync::OnceLock;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(RuleSet::builtin)
}

/// Pieces real reports are made of, including the awkward ones: every heading style,
/// amounts in every unit and width, rates, counts, artefacts, odd whitespace and newlines.
const FRAGMENTS: &[&str] = &[
    "一、",
    "（一）",
    "(二)",
    "1、",
    "1.",
    "1.1 ",
    "（1）",
    "①",
    "㈠",
    "第一部分",
    "第三章：",
    "二十、",
    "\n",
    "\r\n",
    "\r",
    "\u{3000}\u{3000}",
    " ",
    "\t",
    "预算资金",
    "384.29万元",
    "1,234.56元",
    "３８４．２９万元",
    "0.5亿元",
    "实际支出",
    "343.82万元",
    "预算执行率",
    "89.46%",
    "１００％",
    "5‰",
    "3个百分点",
    "项目8个",
    "7个项目",
    "追加1个",
    "八个项目",
    "百分之百",
    "三千米",
    "十二人",
    "两",
    "一",
    "万",
    "不少于",
    "不断",
    "统一",
    "公里",
    "平方米",
    "其中：",
    "人员经费",
    "公用经费",
    "项目支出",
    "合计",
    "分别为",
    "（包含",
    "）",
    "自评覆盖率",
    "≥90%",
    "不低于",
    "80%-90%",
    "10~20万元",
    "2024年",
    "2024年12月31日",
    "2024-12-31",
    "截止",
    "只能配置",
    "與论",
    "由于疫情原因",
    "要提出完善改进建议",
    "[bookmark: _GoBack]",
    "错误！未定义书签。",
    "{ PAGE }",
    "XX",
    "××",
    "某某",
    "***",
    "；",
    ";",
    "，",
    ",",
    "：",
    ":",
    "。",
    "绩效 标准",
    "产出指标",
    "效益指标",
    "满意度指标",
    "绩效目标：",
    "存在的问题",
    "建议",
    "部门整体绩效自评报告",
    "-",
    "－",
    "—",
    "～",
    "至",
    "𠀀",
    "é",
    "\u{200B}",
    "\u{FEFF}",
];

fn fragments() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..120).prop_map(|v| v.concat())
}

fn assert_well_formed(text: &str) {
    // The scanner is only an accelerator: it must build exactly the grammar's own model.
    let fast = format!("{:?}", jxlint::parse::build::build(text));
    let reference = jxlint::parse::build::build_reference(text).expect("the grammar accepts any text");
    assert_eq!(fast, format!("{reference:?}"), "scanner and grammar disagree on {text:?}");
    let diags = jxlint::check_text(text, rules());
    // The guard turns a panicking rule into a finding; here that is a failure.
    let crashed = diags.iter().find(|d| d.rule == jxlint::rules::guard::INTERNAL_ERROR);
    assert!(crashed.is_none(), "{crashed:?} on {text:?}");
    for d in &diags {
        let spans = std::iter::once(&d.span).chain(d.related.iter().map(|l| &l.span));
        for s in spans {
            assert!(s.start <= s.end && s.end <= text.len(), "{}: span {s:?} outside {} bytes", d.rule, text.len());
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "{}: span {s:?}", d.rule);
        }
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                assert!(
                    e.span.end <= text.len()
                        && text.is_char_boundary(e.span.start)
                        && text.is_char_boundary(e.span.end)
                );
            }
        }
    }
    let located = jxlint::output::locate("p.txt", text, &diags);
    for (l, d) in located.iter().zip(&diags) {
        assert_eq!((l.byte_start, l.byte_end), (d.span.start, d.span.end));
        assert!(l.line >= 1 && l.column >= 1 && (l.end_line, l.end_column) >= (l.line, l.column));
    }
    // Same input twice, same output: no dependence on hash order or thread timing.
    let again = jxlint::check_text(text, rules());
    assert_eq!(diags, again);
    let a = jxlint::output::json::render(1, &located);
    let b = jxlint::output::json::render(1, &jxlint::output::locate("p.txt", text, &again));
    assert_eq!(a, b);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_unicode(text in any::<String>()) {
        assert_well_formed(&text);
    }

    #[test]
    fn random_report_fragments(text in fragments()) {
        assert_well_formed(&text);
    }

    #[test]
    fn fragments_with_random_unicode(a in fragments(), noise in "\\PC{0,8}", b in fragments()) {
        assert_well_formed(&format!("{a}{noise}{b}"));
    }

    #[test]
    fn decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Ok((text, _)) = jxlint::load::decode(&bytes) {
            assert_well_formed(&text);
        }
    }
}
