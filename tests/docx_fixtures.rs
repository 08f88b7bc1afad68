//! The sample .docx files in `fixtures/docx/` are built by the test writer
//! (`tests/docx_writer`), so anyone can try `jxlint check fixtures/docx/` on real Word
//! files. This test keeps them in step with the builders: the committed file must extract
//! to the same text as a fresh build. `JXLINT_BLESS=1 cargo test --test docx_fixtures`
//! rewrites them after a deliberate change.

mod docx_writer;

use docx_writer::{from_report_text, merged_cells, self_evaluation, Docx};
use jxlint::load::docx::extract;

const DEPARTMENT: &str = include_str!("../fixtures/department-natural-resources.txt");

#[test]
fn committed_docx_fixtures_match_their_builders() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/docx");
    let fixtures: [(&str, Docx); 4] = [
        ("department_auto_numbered.docx", from_report_text(DEPARTMENT)),
        ("self_eval_planted.docx", self_evaluation(true)),
        ("self_eval_clean.docx", self_evaluation(false)),
        ("merged_cells.docx", merged_cells()),
    ];
    let bless = std::env::var_os("JXLINT_BLESS").is_some();
    for (name, doc) in fixtures {
        let path = dir.join(name);
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            doc.save(&path);
        }
        let committed = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e} (JXLINT_BLESS=1 writes it)"));
        let want = extract(&doc.to_bytes()).unwrap().text;
        assert_eq!(extract(&committed).unwrap().text, want, "{name} is stale: JXLINT_BLESS=1 rewrites it");
    }
}
