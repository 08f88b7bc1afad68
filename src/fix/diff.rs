//! `--diff`: a unified diff of what `--fix` would change, in the format `patch` and
//! `git apply` read.

use similar::TextDiff;

/// The unified diff from `old` to `new` with 3 lines of context; empty when they are equal.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    // `a/./x` confuses some patch tools; `a/x` is what git writes.
    let path = path.strip_prefix("./").unwrap_or(path);
    let diff = TextDiff::from_lines(old, new);
    // similar marks a last line without its newline with `\ No newline at end of file`.
    diff.unified_diff().context_radius(3).header(&format!("a/{path}"), &format!("b/{path}")).to_string()
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified("a.txt", "同\n", "同\n"), "");
    }

    #[test]
    fn a_missing_final_newline_is_marked() {
        let d = unified("./a.txt", "截止", "截至");
        assert_eq!(
            d,
            "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-截止\n\\ No newline at end of file\n+截至\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn changed_line_with_context() {
        let d = unified("报告.txt", "一\n截止2024年\n三\n", "一\n截至2024年\n三\n");
        assert_eq!(d, "--- a/报告.txt\n+++ b/报告.txt\n@@ -1,3 +1,3 @@\n 一\n-截止2024年\n+截至2024年\n 三\n");
    }
}
