//! Helpers shared by the integration tests.
#![allow(dead_code)]

use jxlint::output::{locate, Located};
use jxlint::rules::RuleSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(RuleSet::builtin)
}

pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The seed report from `../shared/seeds` (present on developer machines and in CI).
pub fn seed_path() -> PathBuf {
    repo("../shared/seeds/000_e496dc78a1ddd639.txt")
}

/// Findings of one file as (rule, line, column), in output order.
pub fn findings_of(path: &Path) -> Vec<(String, usize, usize)> {
    located(path).into_iter().map(|d| (d.rule, d.line, d.column)).collect()
}

pub fn located(path: &Path) -> Vec<Located> {
    let file = jxlint::load::load_file(path, jxlint::load::DEFAULT_MAX_FILE_SIZE).expect("fixture loads");
    let diags = jxlint::check_text(&file.text, rules());
    locate(&path.display().to_string(), &file.text, &diags)
}

/// Findings of a text as (rule, line, column).
pub fn findings_in(text: &str) -> Vec<(String, usize, usize)> {
    let diags = jxlint::check_text(text, rules());
    locate("t", text, &diags).into_iter().map(|d| (d.rule, d.line, d.column)).collect()
}

pub fn expect(list: &[(&str, usize, usize)]) -> Vec<(String, usize, usize)> {
    list.iter().map(|(r, l, c)| ((*r).to_owned(), *l, *c)).collect()
}
