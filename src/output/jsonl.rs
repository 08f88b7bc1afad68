//! `jsonl`: one JSON object per line per finding, with the same fields as the objects in
//! `json`'s `diagnostics` array — for `jq -c`, log shippers and streaming consumers.

use super::Located;

/// Any run of findings; one file at a time when streamed (see [`super`]).
pub fn render(diags: &[Located]) -> String {
    let mut out = String::new();
    for d in diags {
        // Serializing a plain struct of strings and integers cannot fail.
        if let Ok(line) = serde_json::to_string(d) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}
