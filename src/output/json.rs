//! `json`: one object, `{"files_checked": N, "diagnostics": [...]}` (see SPEC.md).
//!
//! Written as a stream, so a folder check never holds every finding: [`Stream::begin`]
//! writes the head (the number of files is known before any is checked), [`Stream::items`]
//! one file's findings as [`file_items`] renders them, [`Stream::end`] the close. The bytes
//! are exactly those of `serde_json::to_string_pretty` on the whole object, plus a newline;
//! [`render`] is the same stream written into memory.

use super::Located;
use std::io::{self, Write};

/// The indentation of a finding inside `"diagnostics": [`, two levels deep.
const ITEM_INDENT: &str = "    ";

/// One file's findings as elements of the `diagnostics` array, separated by `,\n` and
/// without a separator before the first or after the last; empty for no finding.
pub fn file_items(diags: &[Located]) -> String {
    let mut out = String::new();
    for (i, d) in diags.iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        // Serializing a plain struct of strings and integers cannot fail.
        let item = serde_json::to_string_pretty(d).unwrap_or_default();
        // Pretty JSON breaks lines only between tokens (a string never holds a raw newline),
        // so indenting every line nests the object exactly as the whole-document printer does.
        for (j, line) in item.split('\n').enumerate() {
            if j > 0 {
                out.push('\n');
            }
            out.push_str(ITEM_INDENT);
            out.push_str(line);
        }
    }
    out
}

/// The `json` document, written piece by piece.
#[derive(Debug)]
pub struct Stream {
    empty: bool,
}

impl Stream {
    /// Writes the head: `files_checked` and the opening of `diagnostics`.
    pub fn begin(w: &mut dyn Write, files_checked: usize) -> io::Result<Stream> {
        write!(w, "{{\n  \"files_checked\": {files_checked},\n  \"diagnostics\": [")?;
        Ok(Stream { empty: true })
    }

    /// Writes one file's findings, as [`file_items`] rendered them; `""` writes nothing.
    pub fn items(&mut self, w: &mut dyn Write, items: &str) -> io::Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        w.write_all(if self.empty { b"\n" } else { b",\n" })?;
        w.write_all(items.as_bytes())?;
        self.empty = false;
        Ok(())
    }

    /// Closes the array and the object.
    pub fn end(self, w: &mut dyn Write) -> io::Result<()> {
        w.write_all(if self.empty { b"]\n}\n" } else { b"\n  ]\n}\n" })
    }
}

/// The whole document for findings already collected.
pub fn render(files_checked: usize, diags: &[Located]) -> String {
    let mut out: Vec<u8> = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = Stream::begin(&mut out, files_checked).and_then(|mut s| {
        s.items(&mut out, &file_items(diags))?;
        s.end(&mut out)
    });
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, Severity};

    /// What `render` printed before it was a stream: serde_json on the whole object.
    fn whole(files_checked: usize, diags: &[Located]) -> String {
        #[derive(serde::Serialize)]
        struct JsonReport<'a> {
            files_checked: usize,
            diagnostics: &'a [Located],
        }
        let mut s = serde_json::to_string_pretty(&JsonReport { files_checked, diagnostics: diags }).unwrap();
        s.push('\n');
        s
    }

    fn findings(path: &str, n: usize) -> Vec<Located> {
        let text = "第一行，\"引号\"与\\反斜杠\t制表\n".repeat(n.max(1));
        let line = text.len() / n.max(1);
        let diags: Vec<Diagnostic> = (0..n)
            .map(|i| {
                let at = line * i;
                let mut d = Diagnostic::new("typo", Severity::Warning, at..at + 3, format!("消息{i}\n换行"));
                if i % 2 == 0 {
                    d.help = Some("建议 \u{1}".into());
                    d.related.push(crate::diagnostics::Label { span: at + 3..at + 6, message: "另见".to_owned() });
                }
                d
            })
            .collect();
        crate::output::locate(path, &text, &diags)
    }

    #[test]
    fn the_stream_is_byte_identical_to_serde_on_the_whole_object() {
        for counts in [vec![], vec![0], vec![1], vec![0, 2, 0, 1, 0], vec![3, 0, 0], vec![0, 0, 2]] {
            let files: Vec<Vec<Located>> =
                counts.iter().enumerate().map(|(i, &n)| findings(&format!("报告{i}.txt"), n)).collect();
            let all: Vec<Located> = files.iter().flatten().cloned().collect();
            let mut streamed: Vec<u8> = Vec::new();
            let mut s = Stream::begin(&mut streamed, files.len()).unwrap();
            for f in &files {
                s.items(&mut streamed, &file_items(f)).unwrap();
            }
            s.end(&mut streamed).unwrap();
            let expected = whole(files.len(), &all);
            assert_eq!(String::from_utf8(streamed).unwrap(), expected, "files with {counts:?} findings");
            assert_eq!(render(files.len(), &all), expected);
        }
    }
}
