//! .docx input: the extracted text is what a reader sees (automatic numbers rendered,
//! merged cells on the grid, field instructions and bookmarks dropped), damaged files are
//! per-file findings, and findings on a .docx match those on the same report as .txt.

mod docx_writer;

use docx_writer::{from_report_text, run, tc, Docx, Tc, CN_OUTLINE};
use jxlint::load::docx::{extract, Origin};
use jxlint::rules::RuleSet;

const SEED: &str = include_str!("../../shared/seeds/000_e496dc78a1ddd639.txt");

fn text_of(d: &Docx) -> String {
    extract(&d.to_bytes()).expect("extract").text
}

#[test]
fn seed_as_docx_extracts_the_same_text_and_gives_the_same_findings() {
    let docx = from_report_text(SEED);
    // The headings really are automatic numbering in the package, not typed marks.
    let xml = docx.document_xml();
    assert!(xml.contains("<w:numId"), "headings should be list paragraphs");
    assert!(!xml.contains("二、绩效评价组织情况"), "the mark 二、 must come from numbering.xml");
    let extracted = extract(&docx.to_bytes()).expect("extract");
    assert_eq!(extracted.text, SEED);

    let rules = RuleSet::builtin();
    let key = |d: &jxlint::diagnostics::Diagnostic| (d.rule.clone(), d.span.clone(), d.message.clone());
    let from_txt: Vec<_> = jxlint::check_text(SEED, &rules).iter().map(key).collect();
    let from_docx: Vec<_> = jxlint::check_text(&extracted.text, &rules).iter().map(key).collect();
    assert!(from_txt.len() >= 17, "seed findings: {}", from_txt.len());
    assert_eq!(from_docx, from_txt);
}
