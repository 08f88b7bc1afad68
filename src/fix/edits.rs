//! Choosing and applying edits. A fix is taken whole or not at all (a bracket pair is two
//! edits that must land together), and only if none of its edits overlaps an edit already
//! taken; the rest wait for the next round, when they are recomputed on the new text.

use crate::diagnostics::{Diagnostic, Edit, Fix};

/// Rule kinds whose findings are about numbers. Their correction needs a person (which of
/// the two figures is wrong?), so a fix attached by such a rule — e.g. one from a custom
/// rule kind added later — is never applied.
pub const NUMERIC_KINDS: &[&str] = &["rate", "sum", "consistency", "coverage", "threshold"];

/// The fixes that can be applied together to `text`, in text order.
///
/// Fixes with a span outside the text, off a character boundary, or with overlapping edits of
/// their own are malformed and skipped: a bad fix must never corrupt a report.
pub fn select<'a>(text: &str, diags: &'a [Diagnostic], is_fixable: impl Fn(&Diagnostic) -> bool) -> Vec<&'a Fix> {
    let mut taken = Taken::default();
    let mut chosen = Vec::new();
    for d in diags.iter().filter(|d| is_fixable(d)) {
        let Some(fix) = d.fix.as_deref() else { continue };
        if fix.edits.is_empty() || !well_formed(text, &fix.edits) {
            continue;
        }
        if fix.edits.iter().any(|e| taken.conflicts(&e.span)) {
            continue;
        }
        fix.edits.iter().for_each(|e| taken.add(&e.span));
        chosen.push(fix);
    }
    chosen
}

/// The spans of the edits taken so far, which never [`conflict`] with one another, ordered
/// so that whether a new edit conflicts with any of them is two lookups: a report with
/// hundreds of thousands of fixes was checked pair by pair (40,000 fixes: 1.7 s; twice as
/// many, four times as long).
#[derive(Default)]
struct Taken {
    /// Insertions, by position.
    points: std::collections::BTreeSet<usize>,
    /// Replacements and deletions, start to end: disjoint, so ordered by start they are
    /// ordered by end too.
    ranges: std::collections::BTreeMap<usize, usize>,
}

impl Taken {
    fn add(&mut self, span: &std::ops::Range<usize>) {
        if span.is_empty() {
            self.points.insert(span.start);
        } else {
            self.ranges.insert(span.start, span.end);
        }
    }

    /// Whether an edit of `span` conflicts with a taken one.
    fn conflicts(&self, span: &std::ops::Range<usize>) -> bool {
        // Of the taken ranges starting before `limit`, the last reaches furthest.
        let reaches_past =
            |limit: usize, past: usize| self.ranges.range(..limit).next_back().is_some_and(|(_, &end)| end > past);
        if span.is_empty() {
            self.points.contains(&span.start) || reaches_past(span.start, span.start)
        } else {
            self.points.range(span.start + 1..span.end).next().is_some() || reaches_past(span.end, span.start)
        }
    }
}

fn well_formed(text: &str, edits: &[Edit]) -> bool {
    let in_text = |e: &Edit| {
        e.span.start <= e.span.end
            && e.span.end <= text.len()
            && text.is_char_boundary(e.span.start)
            && text.is_char_boundary(e.span.end)
    };
    edits.iter().all(in_text)
        && edits.iter().enumerate().all(|(i, a)| edits[i + 1..].iter().all(|b| !conflict(a, b)))
        && edits.iter().any(|e| text[e.span.clone()] != e.replacement)
}

/// Two edits conflict when their spans share a character, or when both insert at one point
/// (their order would be a guess).
fn conflict(a: &Edit, b: &Edit) -> bool {
    let (a, b) = (&a.span, &b.span);
    if a.is_empty() && b.is_empty() {
        return a.start == b.start;
    }
    if a.is_empty() {
        return b.start < a.start && a.start < b.end;
    }
    if b.is_empty() {
        return a.start < b.start && b.start < a.end;
    }
    a.start < b.end && b.start < a.end
}

/// Applies non-overlapping fixes (as returned by [`select`]) to `text`.
pub fn apply(text: &str, fixes: &[&Fix]) -> String {
    let mut edits: Vec<&Edit> = fixes.iter().flat_map(|f| f.edits.iter()).collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in edits {
        out.push_str(&text[pos..e.span.start]);
        out.push_str(&e.replacement);
        pos = e.span.end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    fn diag(span: std::ops::Range<usize>, edits: &[(std::ops::Range<usize>, &str)]) -> Diagnostic {
        Diagnostic::new("x", Severity::Warning, span, "m")
            .with_fix("f", edits.iter().map(|(s, r)| Edit { span: s.clone(), replacement: (*r).to_owned() }).collect())
    }

    #[test]
    fn taken_edits_conflict_exactly_as_pairs_do() {
        // Spans on a short line, so insertions, touching and nested edits all occur.
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 33) % n) as usize
        };
        for _ in 0..200 {
            let mut taken = Taken::default();
            let mut all: Vec<Edit> = Vec::new();
            for _ in 0..30 {
                let start = next(12);
                let e = Edit { span: start..start + next(4), replacement: String::new() };
                let pairwise = all.iter().any(|t| conflict(&e, t));
                assert_eq!(taken.conflicts(&e.span), pairwise, "{:?} against {:?}", e.span, all);
                if !pairwise {
                    taken.add(&e.span);
                    all.push(e);
                }
            }
        }
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_round() {
        let text = "甲;乙 丙";
        let a = diag(3..4, &[(3..4, "；")]);
        let b = diag(3..5, &[(3..5, "")]);
        let c = diag(7..8, &[(7..8, "")]);
        let diags = [a, b, c];
        let chosen = select(text, &diags, |_| true);
        assert_eq!(chosen.len(), 2);
        assert_eq!(apply(text, &chosen), "甲；乙丙");
    }

    #[test]
    fn a_pair_lands_together_or_not_at_all() {
        let text = "见(附件)说明";
        let open = text.find('(').unwrap();
        let close = text.find(')').unwrap();
        let blocker = diag(close..close + 1, &[(close..close + 1, "")]);
        let pair = diag(open..open + 1, &[(open..open + 1, "（"), (close..close + 1, "）")]);
        let diags = [blocker, pair];
        let chosen = select(text, &diags, |_| true);
        assert_eq!(chosen.len(), 1);
        assert_eq!(apply(text, &chosen), "见(附件说明");
    }

    #[test]
    fn malformed_fixes_are_skipped_not_panicked_on() {
        let text = "截止2024年";
        let off_boundary = diag(0..1, &[(1..2, "x")]);
        let past_end = diag(0..1, &[(0..100, "x")]);
        let backwards = diag(0..1, &[(std::ops::Range { start: 3, end: 0 }, "x")]);
        let self_overlap = diag(0..3, &[(0..3, "a"), (0..6, "b")]);
        let no_change = diag(0..6, &[(0..6, "截止")]);
        let diags = [off_boundary, past_end, backwards, self_overlap, no_change];
        assert!(select(text, &diags, |_| true).is_empty());
    }

    #[test]
    fn insertions_at_one_point_conflict_but_touching_edits_do_not() {
        let text = "ab";
        let i1 = diag(1..1, &[(1..1, "x")]);
        let i2 = diag(1..1, &[(1..1, "y")]);
        let del = diag(1..2, &[(1..2, "")]);
        let diags = [i1, i2, del];
        let chosen = select(text, &diags, |_| true);
        assert_eq!(apply(text, &chosen), "ax");
    }
}
