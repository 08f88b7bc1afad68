//! fix: applies the fixes rules attach to their findings. Pure — text and rules in, text
//! out; reading and writing files is the CLI's job (`src/cli/fix.rs`).
//!
//! Fixes are applied in rounds: check, take every fix that does not overlap another, apply,
//! check again. Re-checking matters because one fix can make or end another finding (a
//! deleted bookmark joins two characters that now have a half-width `;` between them), and
//! because spans of the remaining findings are stale once the text changes. The rounds are
//! bounded, so two rules that undo each other cannot loop forever; fixing a fixed text
//! changes nothing, so `--fix` is idempotent.

pub mod diff;
pub mod edits;
pub mod lines;

use crate::analysis::relations::RelationCounts;
use crate::diagnostics::{Diagnostic, Edit};
use crate::rules::RuleSet;

/// More rounds than any real report needs: each round applies every non-overlapping fix,
/// and fixes overlap only where two rules flag the same characters.
pub const MAX_ROUNDS: usize = 10;

/// What fixing one report produced.
#[derive(Debug, Clone)]
pub struct FixOutcome {
    /// The fixed text (equal to the input when nothing was fixable).
    pub text: String,
    /// Fixes applied, over all rounds.
    pub applied: usize,
    /// Findings in the fixed text: what is left for a person.
    pub remaining: Vec<Diagnostic>,
    /// Findings in the input text, for reporting when the fixed text is not written.
    pub initial: Vec<Diagnostic>,
    /// False when fixes were still pending after [`MAX_ROUNDS`] rounds.
    pub converged: bool,
    /// What the analysis linked in the input text (fixes never touch numbers), for
    /// `--statistics`.
    pub relations: RelationCounts,
    /// Which lines of `text` are lines of the input no fix touched, for `--diff`.
    pub origins: lines::LineOrigins,
}

/// Whether the finding's fix may be applied automatically: it has one, and its rule is not
/// about numbers.
pub fn is_auto_fixable(rules: &RuleSet, d: &Diagnostic) -> bool {
    d.fix.is_some() && rules.meta(&d.rule).is_some_and(|m| !edits::NUMERIC_KINDS.contains(&m.kind.as_str()))
}

/// Checks `text` and applies every safe fix, round after round, until none is left.
pub fn fix_text(text: &str, rules: &RuleSet) -> FixOutcome {
    let mut current = text.to_owned();
    let mut applied = 0;
    let mut origins = lines::LineOrigins::of(text);
    let checked = crate::rules::guard::check_text(&current, rules);
    let (initial, relations) = (checked.findings, checked.relations);
    let mut diags = initial.clone();
    for _ in 0..MAX_ROUNDS {
        let chosen = edits::select(&current, &diags, |d| is_auto_fixable(rules, d));
        if chosen.is_empty() {
            return FixOutcome {
                text: current,
                applied,
                remaining: diags,
                initial,
                converged: true,
                relations,
                origins,
            };
        }
        applied += chosen.len();
        let all: Vec<&Edit> = chosen.iter().flat_map(|f| f.edits.iter()).collect();
        origins = origins.after(&current, &all);
        current = edits::apply(&current, &chosen);
        diags = crate::check_text(&current, rules);
    }
    let converged = edits::select(&current, &diags, |d| is_auto_fixable(rules, d)).is_empty();
    FixOutcome { text: current, applied, remaining: diags, initial, converged, relations, origins }
}
