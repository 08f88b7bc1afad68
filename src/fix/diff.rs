//! `--diff`: a unified diff of what `--fix` would change, in the format `patch` and
//! `git apply` read.

use super::lines::{self, LineOrigins};
use similar::{Algorithm, DiffOp};
use std::fmt::Write;

/// A run of changed lines longer than this (old and new together) is shown as replaced
/// whole rather than diffed line by line: a diff costs the product of a run's lines and its
/// changes, and runs this long occur only when nearly every line is fixed.
const MAX_DIFFED_RUN: usize = 1000;

/// The unified diff from `old` to `new` with 3 lines of context; empty when they are equal.
/// `origins` (from the fixer) says which lines of `new` are lines of `old` no fix touched:
/// only the runs between them are diffed, so the time grows with the text, not with the
/// product of its lines and its fixes. With none known the whole text is one run.
pub fn unified(path: &str, old: &str, new: &str, origins: &LineOrigins) -> String {
    let (old_lines, new_lines) = (lines::split(old), lines::split(new));
    let mut ops = Vec::new();
    let (mut o, mut n) = (0, 0);
    let kept = origins.kept().filter(|&(k, i)| old_lines.get(k).is_some() && old_lines.get(k) == new_lines.get(i));
    for (k, i) in kept.chain([(old_lines.len(), new_lines.len())]) {
        if k < o || i < n {
            continue;
        }
        diff_run(&old_lines, o..k, &new_lines, n..i, &mut ops);
        if k < old_lines.len() {
            push(&mut ops, DiffOp::Equal { old_index: k, new_index: i, len: 1 });
        }
        (o, n) = (k + 1, i + 1);
    }
    render(path, (&old_lines, &new_lines), ops)
}

/// Appends the ops turning `old[o]` into `new[n]`.
fn diff_run(old: &[&str], o: std::ops::Range<usize>, new: &[&str], n: std::ops::Range<usize>, ops: &mut Vec<DiffOp>) {
    let (old_index, new_index) = (o.start, n.start);
    let (old_len, new_len) = (o.len(), n.len());
    if old_len + new_len > MAX_DIFFED_RUN {
        ops.push(match (old_len, new_len) {
            (_, 0) => DiffOp::Delete { old_index, old_len, new_index },
            (0, _) => DiffOp::Insert { old_index, new_index, new_len },
            _ => DiffOp::Replace { old_index, old_len, new_index, new_len },
        });
        return;
    }
    if old_len + new_len == 0 {
        return;
    }
    for op in similar::capture_diff_slices(Algorithm::Myers, &old[o], &new[n]) {
        let (oi, ni) = (op.old_range().start + old_index, op.new_range().start + new_index);
        push(
            ops,
            match op {
                DiffOp::Equal { len, .. } => DiffOp::Equal { old_index: oi, new_index: ni, len },
                DiffOp::Delete { old_len, .. } => DiffOp::Delete { old_index: oi, old_len, new_index: ni },
                DiffOp::Insert { new_len, .. } => DiffOp::Insert { old_index: oi, new_index: ni, new_len },
                DiffOp::Replace { old_len, new_len, .. } => {
                    DiffOp::Replace { old_index: oi, old_len, new_index: ni, new_len }
                }
            },
        );
    }
}

/// Appends `op`, joining it to an equal run before it: hunks are cut where a run of equal
/// lines is long, which a run split in pieces would hide.
fn push(ops: &mut Vec<DiffOp>, op: DiffOp) {
    if let (Some(DiffOp::Equal { len, .. }), DiffOp::Equal { len: more, .. }) = (ops.last_mut(), op) {
        *len += more;
    } else {
        ops.push(op);
    }
}

/// The unified diff of `ops` over the lines of the old and the new text, as `similar`
/// writes it; empty when every op is an equal run.
fn render(path: &str, (old_lines, new_lines): (&[&str], &[&str]), ops: Vec<DiffOp>) -> String {
    if ops.iter().all(|op| matches!(op, DiffOp::Equal { .. })) {
        return String::new();
    }
    // `a/./x` confuses some patch tools; `a/x` is what git writes.
    let path = path.strip_prefix("./").unwrap_or(path);
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    for hunk in similar::group_diff_ops(ops, 3) {
        if hunk.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{}", similar::udiff::UnifiedHunkHeader::new(&hunk));
        for op in &hunk {
            for change in op.iter_changes(old_lines, new_lines) {
                let _ = write!(out, "{}{}", change.tag(), change.value());
                // A last line without its newline is marked `\ No newline at end of file`.
                if !change.value().ends_with(['\n', '\r']) {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Edit;

    /// `old` with the unified diff `diff` applied, as `patch` would (lines end in `\n` or
    /// `\r\n`).
    fn patched(old: &str, diff: &str) -> String {
        let old_lines = lines::split(old);
        let mut out = String::new();
        let mut next = 0;
        let mut records = diff.split_inclusive('\n').skip(2).peekable();
        while let Some(r) = records.next() {
            if let Some(header) = r.strip_prefix("@@ -") {
                let range = header.split(' ').next().unwrap();
                let mut parts = range.split(',').map(|x| x.parse::<usize>().unwrap());
                let start = parts.next().unwrap();
                let start = if parts.next() == Some(0) { start } else { start - 1 };
                old_lines[next..start].iter().for_each(|l| out.push_str(l));
                next = start;
                continue;
            }
            let (tag, mut value) = r.split_at(1);
            if records.peek().is_some_and(|n| n.starts_with('\\')) {
                records.next();
                value = value.strip_suffix('\n').unwrap();
            }
            match tag {
                " " | "-" => {
                    assert_eq!(old_lines[next], value, "{diff}");
                    if tag == " " {
                        out.push_str(value);
                    }
                    next += 1;
                }
                "+" => out.push_str(value),
                _ => panic!("{r:?} in {diff}"),
            }
        }
        old_lines[next..].iter().for_each(|l| out.push_str(l));
        out
    }

    #[test]
    fn the_diff_of_fixes_over_rounds_patches_the_original_into_the_fixed_text() {
        let mut seed = 11u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n
        };
        let pieces = ["甲\n", "乙\r\n", "截止\n", "丙\n", "\n", "甲", "丁\r"];
        let replacements = ["", "x", "\n", "截至", "甲\n乙", "\r\n"];
        for _ in 0..300 {
            let old: String = (0..next(40)).map(|_| pieces[next(pieces.len())]).collect();
            let (mut text, mut origins) = (old.clone(), LineOrigins::of(&old));
            for _ in 0..1 + next(3) {
                let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
                let mut at = 0;
                let mut edits = Vec::new();
                while at < bounds.len() && edits.len() < 6 {
                    let s = at + next(8);
                    let e = s + next(3);
                    if e >= bounds.len() {
                        break;
                    }
                    let r = replacements[next(replacements.len())];
                    edits.push(Edit { span: bounds[s]..bounds[e], replacement: r.to_owned() });
                    at = e + 1;
                }
                let refs: Vec<&Edit> = edits.iter().collect();
                origins = origins.after(&text, &refs);
                let fix = crate::diagnostics::Fix { description: String::new(), edits };
                text = super::super::edits::apply(&text, &[&fix]);
            }
            let (a, b) = (lines::split(&old), lines::split(&text));
            for (k, i) in origins.kept() {
                assert_eq!(a.get(k), b.get(i), "line {k} kept as {i}: {old:?} -> {text:?}");
            }
            if text.replace("\r\n", "").contains('\r') || old.replace("\r\n", "").contains('\r') {
                // A lone `\r` ends a line but not a diff record: `patched` cannot read it.
                continue;
            }
            let diff = unified("a.txt", &old, &text, &origins);
            assert_eq!(patched(&old, &diff), text, "{old:?} -> {text:?}\n{diff}");
            assert_eq!(patched(&old, &unified("a.txt", &old, &text, &LineOrigins::default())), text);
        }
    }

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified("a.txt", "同\n", "同\n", &LineOrigins::default()), "");
    }

    #[test]
    fn a_missing_final_newline_is_marked() {
        let d = unified("./a.txt", "截止", "截至", &LineOrigins::default());
        assert_eq!(
            d,
            "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-截止\n\\ No newline at end of file\n+截至\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn changed_line_with_context() {
        let d = unified("报告.txt", "一\n截止2024年\n三\n", "一\n截至2024年\n三\n", &LineOrigins::default());
        assert_eq!(d, "--- a/报告.txt\n+++ b/报告.txt\n@@ -1,3 +1,3 @@\n 一\n-截止2024年\n+截至2024年\n 三\n");
    }
}
