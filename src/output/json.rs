//! `json`: one object, `{"files_checked": N, "diagnostics": [...]}` (see SPEC.md).

use super::Located;

#[derive(serde::Serialize)]
struct JsonReport<'a> {
    files_checked: usize,
    diagnostics: &'a [Located],
}

pub fn render(files_checked: usize, diags: &[Located]) -> String {
    let mut s = serde_json::to_string_pretty(&JsonReport { files_checked, diagnostics: diags })
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
