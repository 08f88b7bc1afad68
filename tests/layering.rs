//! Layers point one way: util → load → parse → (diagnostics, expr) → facts → analysis →
//! rules → config → (fix, output) → lsp, each importing only from its own layer or the
//! ones before it (ARCHITECTURE.md "The pipeline"). This reads every `crate::` path in the
//! library's sources (test modules excepted) and fails on one that reaches up.

use std::path::{Path, PathBuf};

/// Rank of each top-level module; a module may use those of equal or lower rank.
/// `check_text` and `unreadable_file` are the crate root's pipeline entry points.
const LAYERS: &[(&str, u8)] = &[
    ("util", 0),
    ("load", 1),
    ("parse", 2),
    ("diagnostics", 3),
    ("expr", 3),
    ("facts", 4),
    ("analysis", 5),
    ("rules", 6),
    ("check_text", 6),
    ("unreadable_file", 6),
    ("config", 7),
    ("fix", 8),
    ("output", 8),
    ("lsp", 9),
];

fn rank(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, r)| *r)
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The `crate::NAME` paths of a source file, with their line numbers, up to its test module.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            // `use crate::{a, b}` names several modules.
            if name.is_empty() && after.starts_with('{') {
                let group = after[1..].split('}').next().unwrap_or("");
                for item in group.split(',') {
                    let m: String =
                        item.trim().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                    if !m.is_empty() {
                        out.push((i + 1, m));
                    }
                }
            } else if !name.is_empty() {
                out.push((i + 1, name));
            }
            rest = after;
        }
    }
    out
}

#[test]
fn no_module_imports_from_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    let mut checked = 0;
    let mut violations = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let top = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_owned();
        if rel.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        // The binary (main.rs, cli/) sits above everything and uses `jxlint::`.
        let Some(own) = rank(&top) else { continue };
        let text = std::fs::read_to_string(file).unwrap();
        for (line, used) in crate_paths(&text) {
            checked += 1;
            match rank(&used) {
                Some(r) if r > own => violations
                    .push(format!("src/{}:{line}: `{top}` uses `crate::{used}` (a layer above it)", rel.display())),
                Some(_) => {}
                None => violations.push(format!("src/{}:{line}: `crate::{used}` is in no layer", rel.display())),
            }
        }
    }
    assert!(checked > 100, "read only {checked} crate paths: is the scan broken?");
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_scan_sees_grouped_and_inline_paths() {
    let text = "use crate::{parse::Report, facts};\nlet x = crate::load::decode(b);\n// crate::lsp\n#[cfg(test)]\nuse crate::config;\n";
    let found: Vec<String> = crate_paths(text).into_iter().map(|(_, m)| m).collect();
    assert_eq!(found, ["parse", "facts", "load"]);
}
