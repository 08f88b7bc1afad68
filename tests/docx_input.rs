//! .docx input: the extracted text is what a reader sees (automatic numbers rendered,
//! merged cells on the grid, field instructions and bookmarks dropped), damaged files are
//! per-file findings, and findings on a .docx match those on the same report as .txt.

mod docx_writer;

use docx_writer::{from_report_text, run, tc, Docx, Tc, CN_OUTLINE};
use jxlint::load::docx::{extract, Origin};
use jxlint::rules::RuleSet;

const DEPARTMENT: &str = include_str!("../fixtures/department-natural-resources.txt");

fn text_of(d: &Docx) -> String {
    extract(&d.to_bytes()).expect("extract").text
}

#[test]
fn department_report_as_docx_extracts_the_same_text_and_gives_the_same_findings() {
    let docx = from_report_text(DEPARTMENT);
    // The headings really are automatic numbering in the package, not typed marks.
    let xml = docx.document_xml();
    assert!(xml.contains("<w:numId"), "headings should be list paragraphs");
    assert!(!xml.contains("二、绩效目标及组织情况"), "the mark 二、 must come from numbering.xml");
    let extracted = extract(&docx.to_bytes()).expect("extract");
    assert_eq!(extracted.text, DEPARTMENT);

    let rules = RuleSet::builtin();
    let key = |d: &jxlint::diagnostics::Diagnostic| (d.rule.clone(), d.span.clone(), d.message.clone());
    let from_txt: Vec<_> = jxlint::check_text(DEPARTMENT, &rules).iter().map(key).collect();
    let from_docx: Vec<_> = jxlint::check_text(&extracted.text, &rules).iter().map(key).collect();
    assert!(from_txt.len() >= 17, "department report findings: {}", from_txt.len());
    assert_eq!(from_docx, from_txt);
}

#[test]
fn heading_styles_carry_list_numbering_and_counters_restart_per_level() {
    let mut d = Docx::new();
    let abs = d.abstract_num(CN_OUTLINE);
    let num = d.num(abs, None);
    d.heading_style("Heading1", "heading 1", 0, Some((num, 0)));
    d.heading_style("Heading2", "heading 2", 1, Some((num, 1)));
    d.para("2024年度部门整体支出绩效自评报告");
    d.styled("Heading1", "部门基本情况");
    d.styled("Heading2", "主要职能");
    d.styled("Heading2", "人员情况");
    d.para("正文。");
    d.styled("Heading1", "预算执行情况");
    d.styled("Heading2", "收入情况");
    // numId 0 on the paragraph switches the style's numbering off.
    d.raw_para(
        r#"<w:pStyle w:val="Heading2"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="0"/></w:numPr>"#,
        &run("不编号的小标题"),
    );
    // "Restart numbering at 三" is a new list instance with a start override.
    let restarted = d.num(abs, Some((0, 3)));
    d.numbered(restarted, 0, "绩效目标完成情况");
    let extracted = extract(&d.to_bytes()).expect("extract");
    assert_eq!(
        extracted.text,
        "2024年度部门整体支出绩效自评报告\n一、部门基本情况\n（一）主要职能\n（二）人员情况\n正文。\n二、预算执行情况\n（一）收入情况\n不编号的小标题\n三、绩效目标完成情况\n"
    );
    let p = &extracted.map.paragraphs;
    assert_eq!(
        (p[1].style.as_deref(), p[1].outline, p[1].number.as_deref()),
        (Some("heading 1"), Some(0), Some("一、"))
    );
    assert_eq!((p[2].outline, p[2].number.as_deref()), (Some(1), Some("（一）")));
    assert_eq!(p[7].number, None);
    let report = jxlint::parse::parse(&extracted.text);
    let marks: Vec<&str> = report.headings.iter().map(|h| report.slice(&h.mark())).collect();
    assert_eq!(marks, ["一、", "（一）", "（二）", "二、", "（一）", "三、"]);
}

#[test]
fn number_formats_suffixes_and_multi_level_templates() {
    let mut d = Docx::new();
    let abs = d.abstract_num(&[
        ("decimal", "%1.", "tab"),
        ("decimal", "%1.%2", "space"),
        ("ideographTraditional", "%3、", "nothing"),
        ("decimalEnclosedCircle", "%4", "nothing"),
    ]);
    let n = d.num(abs, None);
    d.numbered(n, 0, "总体情况").numbered(n, 1, "资金").numbered(n, 1, "项目").numbered(n, 2, "甲项");
    d.numbered(n, 2, "乙项").numbered(n, 3, "要点").numbered(n, 0, "问题");
    assert_eq!(text_of(&d), "1.\t总体情况\n1.1 资金\n1.2 项目\n甲、甲项\n乙、乙项\n①要点\n2.\t问题\n");
}

#[test]
fn merged_cells_are_laid_on_the_grid_and_cells_are_named() {
    let mut d = Docx::new();
    d.para("绩效自评表");
    d.table(&[
        vec![tc("一级指标"), tc("二级指标"), tc("三级指标"), tc("分值")],
        vec![Tc { text: "产出指标", span: 1, vmerge: Some("restart") }, tc("数量指标"), tc("培训人次"), tc("20")],
        vec![Tc { text: "", span: 1, vmerge: Some("") }, tc("质量指标"), tc("合格率\n（抽检）"), tc("30")],
        vec![Tc { text: "总分", span: 3, vmerge: None }, tc("50")],
    ]);
    d.para("表后正文|含竖线");
    let e = extract(&d.to_bytes()).expect("extract");
    assert_eq!(
        e.text,
        "绩效自评表\n|一级指标|二级指标|三级指标|分值|\n|产出指标|数量指标|培训人次|20|\n||质量指标|合格率 （抽检）|30|\n|总分|||50|\n表后正文|含竖线\n"
    );
    let at = |s: &str| e.map.origin_at(e.text.find(s).expect("present"));
    assert_eq!(at("合格率"), Some(Origin::Cell { table: 1, row: 3, col: 3 }));
    assert_eq!(at("50|"), Some(Origin::Cell { table: 1, row: 4, col: 4 }));
    assert_eq!(at("表后正文"), Some(Origin::Paragraph(2)));
    assert_eq!(e.map.describe(e.text.find("合格率").unwrap()).as_deref(), Some("第1个表格第3行第3列"));
    // The parse stage sees the same rows and cells.
    let report = jxlint::parse::parse(&e.text);
    assert_eq!(report.tables.len(), 1);
    assert_eq!(report.tables[0].rows.len(), 4);
    assert_eq!(report.slice(&report.tables[0].rows[2].cells[0]), "");
}

#[test]
fn fields_bookmarks_revisions_and_hidden_text_are_not_text() {
    let mut d = Docx::new();
    d.raw_para(
        "",
        concat!(
            r#"<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:r><w:t>截至</w:t></w:r><w:bookmarkEnd w:id="0"/>"#,
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DATE \@ "yyyy年M月d日" </w:instrText></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2024年12月31日</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
            r#"<w:r><w:t>，第</w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple><w:r><w:t>页</w:t></w:r>"#,
            r#"<w:del w:id="1" w:author="a"><w:r><w:delText>删除的字</w:delText></w:r></w:del>"#,
            r#"<w:ins w:id="2" w:author="a"><w:r><w:t>，新增的字</w:t></w:r></w:ins>"#,
            r#"<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"#,
            r#"<w:r><w:t>A&amp;B&#x4E2D;</w:t><w:tab/><w:t>C</w:t><w:br/><w:t>D</w:t></w:r>"#,
            r#"<w:r><w:drawing><w:p><w:r><w:t>图中文字</w:t></w:r></w:p></w:drawing></w:r>"#,
        ),
    );
    // A field whose result is itself a field: only the innermost result shows.
    d.raw_para(
        "",
        concat!(
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref1 \h </w:instrText></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF x </w:instrText></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>表1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>见附表</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
        ),
    );
    assert_eq!(text_of(&d), "截至2024年12月31日，第3页，新增的字A&B中\tC\nD\n见附表\n");
}

#[test]
fn external_entities_are_never_resolved() {
    let doc = r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>甲&xxe;乙</w:t></w:r></w:p></w:body></w:document>"#;
    let bytes = docx_writer::zip_bytes(&[("word/document.xml", doc.to_owned())]);
    assert_eq!(extract(&bytes).expect("extract").text, "甲乙\n");
}

#[test]
fn hostile_packages_are_refused_with_a_reason() {
    let deep = format!(
        r#"<w:document xmlns:w="x"><w:body>{}{}</w:body></w:document>"#,
        "<w:sdt>".repeat(300),
        "</w:sdt>".repeat(300)
    );
    let err = extract(&docx_writer::zip_bytes(&[("word/document.xml", deep)])).unwrap_err();
    assert!(err.message.contains("嵌套超过 256 层"), "{}", err.message);

    let names: Vec<String> = (0..10_001).map(|i| format!("x/{i}.xml")).collect();
    let files: Vec<(&str, String)> = names.iter().map(|n| (n.as_str(), String::new())).collect();
    let err = extract(&docx_writer::zip_bytes(&files)).unwrap_err();
    assert!(err.message.contains("10001 个条目"), "{}", err.message);
}

#[test]
fn damaged_packages_are_refused_with_a_reason() {
    let good = from_report_text("报告\n一、基本情况\n正文。\n").to_bytes();
    let reason = |bytes: &[u8]| extract(bytes).unwrap_err().message;
    assert!(reason(b"just text, not a zip").contains("不是 zip 压缩包"));
    assert!(reason(&good[..good.len() / 2]).contains("已损坏或不完整"));
    let mut nodoc = from_report_text("报告\n");
    nodoc.without_document = true;
    assert!(reason(&nodoc.to_bytes()).contains("缺少正文部分 word/document.xml"));
    let pictures_only = Docx::new().raw_para("", r#"<w:r><w:drawing><w:inline/></w:drawing></w:r>"#).to_bytes();
    assert!(reason(&pictures_only).contains("没有可检查的文字"));
    let broken = docx_writer::zip_bytes(&[("word/document.xml", "<w:document><w:body><w:p>".to_owned())]);
    assert!(reason(&broken).contains("word/document.xml 无法解析"), "{}", reason(&broken));
}

#[test]
fn lists_defined_through_a_numbering_style_and_lists_without_levels() {
    let mut d = Docx::new();
    let outline = d.abstract_num(CN_OUTLINE); // abstract 1, its instance is numId 1
    let styled_instance = d.num(outline, None);
    d.raw_style(&format!(
        r#"<w:style w:type="numbering" w:styleId="ReportList"><w:name w:val="报告编号"/><w:pPr><w:numPr><w:numId w:val="{styled_instance}"/></w:numPr></w:pPr></w:style>"#
    ));
    // Abstract 2 only points at the numbering style; abstract 3 defines nothing.
    d.raw_abstract(r#"<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="ReportList"/></w:abstractNum>"#);
    d.raw_abstract(
        r#"<w:abstractNum w:abstractNumId="3"><w:multiLevelType w:val="hybridMultilevel"/></w:abstractNum>"#,
    );
    let linked = d.num(2, None);
    let empty = d.num(3, None);
    d.numbered(linked, 0, "基本情况").numbered(linked, 1, "职能").numbered(empty, 0, "无编号");
    assert_eq!(text_of(&d), "一、基本情况\n（一）职能\n无编号\n");
}

#[test]
fn mutated_and_truncated_packages_never_panic() {
    let good = from_report_text(DEPARTMENT).to_bytes();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..300 {
        let mut b = good.clone();
        for _ in 0..4 {
            let i = (next() % b.len() as u64) as usize;
            b[i] = next() as u8;
        }
        let _ = extract(&b);
    }
    // Every prefix of the XML itself: unbalanced, cut inside a tag, an entity, a UTF-8 char.
    let xml = from_report_text("报告\n一、基本情况\n正文&amp;。\n").document_xml();
    for cut in (0..xml.len()).filter(|&i| xml.is_char_boundary(i)).step_by(7) {
        let _ = extract(&docx_writer::zip_bytes(&[("word/document.xml", xml[..cut].to_owned())]));
    }
}
