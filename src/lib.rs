//! jxlint — a linter for Chinese government performance self-evaluation reports
//! (绩效自评报告).
//!
//! The pipeline: [`load`] (files, encodings) → [`parse`] (pest grammar → [`parse::Report`])
//! → [`analysis`] ([`facts`], tables, numeric relations; once per report) → [`rules`] (engine, one module per rule kind) →
//! [`diagnostics`] (findings as byte spans) → [`output`] (renderers).
//!
//! The library never prints and never touches files except through [`load`]; the CLI
//! (`src/cli`) owns all I/O.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod analysis;
pub mod config;
pub mod diagnostics;
pub mod expr;
pub mod facts;
pub mod fix;
pub mod load;
pub mod lsp;
pub mod output;
pub mod parse;
pub mod rules;
pub mod util;

use diagnostics::Diagnostic;
use rules::RuleSet;

/// Parses and checks one report's text with a rule set. A panic in the parser or a rule
/// becomes an `internal-error` finding ([`rules::guard`]), never a crash of the caller.
pub fn check_text(text: &str, rules: &RuleSet) -> Vec<Diagnostic> {
    rules::guard::check_text(text, rules).findings
}

/// The finding for a file that could not be read, or `None` when that rule is disabled.
pub fn unreadable_file(rules: &RuleSet, error: &load::LoadError) -> Option<Diagnostic> {
    const ID: &str = "unreadable-file";
    let rule = rules.get(ID).filter(|r| r.enabled)?;
    Some(rule.meta.diag(0..0, &[("reason", &error.message)]).with_label(error.message.clone()))
}
