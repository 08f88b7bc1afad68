//! .docx input: the document text as a reader sees it, read straight from the zip.
//!
//! Paragraphs come out one per line with their automatic numbers rendered (`一、`,
//! `（一）`, `1.`); table rows come out one per line as `|cell|cell|`, aligned on the
//! table grid (a merged cell's text sits in its first grid column, the columns it covers
//! stay empty) — the same shape as a flattened table in a .txt, so one table recogniser
//! (`parse::table`) serves both. A [`SourceMap`] records which paragraph or cell each
//! byte range came from.

mod archive;
mod document;
pub mod numbering;
mod source_map;
mod styles;
mod xml;

pub use source_map::{Origin, ParagraphInfo, SourceMap};

use crate::load::LoadError;
use document::{Block, Para, VMerge};
use numbering::Numbering;
use styles::Styles;

/// The text extracted from a .docx and where each part of it came from.
#[derive(Debug, Clone)]
pub struct Extracted {
    pub text: String,
    pub map: SourceMap,
}

/// Extracts a .docx with the default limit on its text ([`extract_within`]).
pub fn extract(bytes: &[u8]) -> Result<Extracted, LoadError> {
    extract_within(bytes, crate::load::DEFAULT_MAX_FILE_SIZE)
}

/// Extracts a .docx. Damage (not a zip, truncated, no document part, broken XML) and
/// hostile files (too many entries, too much decompressed data, XML nested too deeply,
/// more than `max_text` bytes of text) are [`LoadError`]s with a Chinese reason.
///
/// `max_text` is `--max-file-size` applied to the text: a small .docx can hold a great deal
/// of it (the zip compresses repetition well), so the text is held to the limit as it is
/// read, and the parts are parsed as they are decompressed, never held whole.
pub fn extract_within(bytes: &[u8], max_text: u64) -> Result<Extracted, LoadError> {
    let mut zip = archive::Archive::open(bytes)?;
    let main = main_part(&mut zip)?;
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let part = |name: &str| if dir.is_empty() { name.to_owned() } else { format!("{dir}/{name}") };
    // Numbering and styles are definitions, not text, but a run in them is bounded alike.
    let mut numbering = match zip.part(&part("numbering.xml"), max_text)? {
        Some(r) => Numbering::parse(r)?,
        None => Numbering::default(),
    };
    let styles = match zip.part(&part("styles.xml"), max_text)? {
        Some(r) => Styles::parse(r)?,
        None => Styles::default(),
    };
    numbering.resolve_style_links(|style| styles.resolve(style).num_id);
    let Some(doc) = zip.part(&main, max_text)? else {
        return Err(LoadError::new(format!(
            ".docx 文件不完整：缺少正文部分 {main}，可能不是 Word 文档或已损坏，请重新保存后再检查"
        )));
    };
    let blocks = document::parse(doc, max_text)?;
    let out = Renderer { numbering, styles, text: String::new(), map: SourceMap::default() }.render(&blocks);
    drop(blocks);
    // Numbers and table separators are added to the text: the limit holds for the result.
    if out.text.len() as u64 > max_text {
        return Err(LoadError::new(archive::text_limit_message(max_text)));
    }
    // Like an empty .txt: nothing to check is a finding, not a silent pass (often a scan
    // pasted into Word as pictures).
    if out.text.chars().all(|c| c.is_whitespace() || c == '|') {
        return Err(LoadError::new(".docx 文件中没有可检查的文字（可能只有图片或扫描件），请提供文字版"));
    }
    Ok(out)
}

/// The main document part named by the package relationships (`word/document.xml` in
/// practice). Only a path inside the package is accepted: external targets are ignored.
fn main_part(zip: &mut archive::Archive<'_>) -> Result<String, LoadError> {
    const DEFAULT: &str = "word/document.xml";
    let Some(rels) = zip.part("_rels/.rels", 1 << 20)? else { return Ok(DEFAULT.to_owned()) };
    let mut r = xml::XmlReader::new(rels, "_rels/.rels");
    loop {
        match r.next()? {
            xml::Ev::Eof => return Ok(DEFAULT.to_owned()),
            xml::Ev::Start { name, attrs } if name == "Relationship" => {
                let is_main = xml::attr(&attrs, "Type").is_some_and(|t| t.ends_with("/officeDocument"));
                let external = xml::attr(&attrs, "TargetMode") == Some("External");
                if let (true, false, Some(target)) = (is_main, external, xml::attr(&attrs, "Target")) {
                    let target = target.trim_start_matches('/');
                    if !target.contains("..") && !target.contains(':') && !target.is_empty() {
                        return Ok(target.to_owned());
                    }
                }
            }
            _ => {}
        }
    }
}

struct Renderer {
    numbering: Numbering,
    styles: Styles,
    text: String,
    map: SourceMap,
}

impl Renderer {
    fn render(mut self, blocks: &[Block]) -> Extracted {
        let mut para_no = 0;
        for block in blocks {
            match block {
                Block::Para(p) => {
                    para_no += 1;
                    let start = self.text.len();
                    let (label, resolved) = self.label(p);
                    if let Some(l) = &label {
                        self.text.push_str(l);
                    }
                    self.text.push_str(&p.text);
                    self.map.push(start..self.text.len(), Origin::Paragraph(para_no));
                    self.map.paragraphs.push(source_map::ParagraphInfo {
                        index: para_no,
                        span: start..self.text.len(),
                        // The display name, or the id when styles.xml does not define it.
                        style: resolved.name.or_else(|| p.style.clone()),
                        outline: p.outline.or(resolved.outline),
                        number: label,
                    });
                    self.text.push('\n');
                }
                Block::Table(rows) => {
                    self.map.tables += 1;
                    self.table(rows);
                }
            }
        }
        Extracted { text: self.text, map: self.map }
    }

    /// The automatic number of a paragraph (advancing its list counter) and its style.
    fn label(&mut self, p: &Para) -> (Option<String>, styles::Resolved) {
        let resolved = p.style.as_deref().map(|s| self.styles.resolve(s)).unwrap_or_default();
        let num_id = p.num_id.clone().or_else(|| resolved.num_id.clone());
        let ilvl = p.ilvl.or(resolved.ilvl).unwrap_or(0);
        let label = num_id.and_then(|id| self.numbering.next_label(&id, ilvl));
        (label, resolved)
    }

    fn table(&mut self, rows: &[document::Row]) {
        let table = self.map.tables;
        // Lay the cells on the grid: a cell covers `grid_span` columns after `grid_before`.
        let mut grid: Vec<Vec<String>> = Vec::with_capacity(rows.len());
        for row in rows {
            let mut line = vec![String::new(); row.grid_before];
            for cell in &row.cells {
                let mut parts = Vec::new();
                for p in &cell.paras {
                    let (label, _) = self.label(p);
                    let t = format!("{}{}", label.unwrap_or_default(), p.text);
                    let t = t.trim();
                    if !t.is_empty() {
                        parts.push(t.to_owned());
                    }
                }
                // A continued vertical merge shows nothing of its own: the text is in the
                // first cell of the merge, as the reader sees it.
                let text = if cell.vmerge == VMerge::Continue { String::new() } else { clean_cell(&parts.join(" ")) };
                line.push(text);
                line.extend(std::iter::repeat_n(String::new(), cell.grid_span - 1));
            }
            grid.push(line);
        }
        let width = grid.iter().map(Vec::len).max().unwrap_or(0);
        for (r, line) in grid.iter_mut().enumerate() {
            line.resize(width, String::new());
            self.text.push('|');
            for (c, cell) in line.iter().enumerate() {
                let start = self.text.len();
                self.text.push_str(cell);
                self.map.push(start..self.text.len() + 1, Origin::Cell { table, row: r + 1, col: c + 1 });
                self.text.push('|');
            }
            self.text.push('\n');
        }
    }
}

/// Cell text on one line: line breaks and tabs become spaces, a `|` inside the text
/// becomes `｜` so it cannot be read as a column separator. Workbooks render their cells
/// with it too, so both give the table reader the same `|cell|` rows.
pub(crate) fn clean_cell(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            '|' => '｜',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_owned()
}
