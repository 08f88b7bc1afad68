//! How long .docx extraction and checking take on a large report: a department report and a
//! full 自评表 repeated 100 times (≈ 2 800 paragraphs and table rows, 870 KB of text).
//! `cargo bench --bench docx_extract` (release); `cargo test --bench docx_extract` runs it
//! once in a debug build.

#[path = "../tests/docx_writer/mod.rs"]
mod docx_writer;

use std::time::{Duration, Instant};

const SEED: &str = include_str!("../fixtures/department-natural-resources.txt");

fn time<T>(label: &str, runs: u32, mut f: impl FnMut() -> T) {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(f());
        best = best.min(t.elapsed());
    }
    println!("{label:<40} best of {runs}: {best:?}");
}

fn main() {
    let table = include_str!("../fixtures/tables/self_eval_clean.txt");
    let text = format!("{SEED}{table}").repeat(100);
    let docx = docx_writer::from_report_text(&text).to_bytes();
    let rules = jxlint::rules::RuleSet::builtin();
    let extracted = jxlint::load::docx::extract(&docx).expect("extract");
    println!(
        "docx {} KB → text {} KB, {} lines",
        docx.len() / 1024,
        extracted.text.len() / 1024,
        extracted.text.lines().count()
    );
    time("extract .docx", 5, || jxlint::load::docx::extract(&docx).map(|e| e.text.len()));
    time("parse + check extracted text", 3, || jxlint::check_text(&extracted.text, &rules).len());
}
