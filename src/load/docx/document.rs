//! `word/document.xml` → blocks in reading order: paragraphs (style, direct numbering,
//! outline level, visible text) and tables (rows of cells with their merge marks).
//!
//! What is not text a reader sees is left out: field instructions (`w:instrText`, the
//! part of a complex field before `w:fldChar separate`), deleted revisions, hidden runs,
//! bookmarks, drawings and embedded objects. A field's displayed result is kept.

use super::xml::{attr, on, Ev, XmlReader};
use crate::load::LoadError;
use std::io::BufRead;

#[derive(Debug, Clone, Default)]
pub struct Para {
    pub style: Option<String>,
    pub num_id: Option<String>,
    pub ilvl: Option<u8>,
    pub outline: Option<u8>,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VMerge {
    #[default]
    None,
    Restart,
    Continue,
}

#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub paras: Vec<Para>,
    pub grid_span: usize,
    pub vmerge: VMerge,
}

#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Grid columns skipped before the first cell (`w:gridBefore`).
    pub grid_before: usize,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
pub enum Block {
    Para(Para),
    Table(Vec<Row>),
}

/// Elements whose whole content is not body text.
const SKIPPED: &[&str] = &[
    "del",
    "moveFrom",
    "delText",
    "instrText",
    "drawing",
    "pict",
    "object",
    "AlternateContent",
    "pPrChange",
    "rPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "sectPr",
    "footnoteReference",
    "endnoteReference",
    "commentReference",
];

#[derive(Default)]
struct Walker {
    stack: Vec<String>,
    /// Depth at which a skipped element opened; everything below is ignored.
    skip_at: Option<usize>,
    blocks: Vec<Block>,
    para: Option<Para>,
    /// Open tables: rows so far, the current row, the current cell.
    tables: Vec<(Vec<Row>, Option<Row>, Option<Cell>)>,
    /// Complex fields: `true` while in the instruction part.
    fields: Vec<bool>,
    run_hidden: bool,
    /// Bytes of text kept so far, held to the extraction limit as they are read.
    kept: u64,
}

impl Walker {
    fn parent(&self, n: usize) -> Option<&str> {
        self.stack.len().checked_sub(n + 1).map(|i| self.stack[i].as_str())
    }

    fn push_text(&mut self, s: &str) {
        if self.run_hidden || self.fields.iter().any(|&instr| instr) {
            return;
        }
        if let Some(p) = self.para.as_mut() {
            p.text.push_str(s);
            self.kept += s.len() as u64;
        }
    }

    fn start(&mut self, name: &str, attrs: &[(String, String)]) {
        let val = attr(attrs, "val");
        let in_ppr = self.parent(0) == Some("pPr") && self.parent(1) == Some("p");
        let in_numpr = self.parent(0) == Some("numPr") && self.parent(2) == Some("p");
        let in_tcpr = self.parent(0) == Some("tcPr");
        match name {
            "p" => self.para = Some(Para::default()),
            "pStyle" if in_ppr => self.with_para(|p| p.style = val.map(str::to_owned)),
            "outlineLvl" if in_ppr => self.with_para(|p| p.outline = val.and_then(|v| v.parse().ok())),
            "numId" if in_numpr => self.with_para(|p| p.num_id = val.map(str::to_owned)),
            "ilvl" if in_numpr => self.with_para(|p| p.ilvl = val.and_then(|v| v.parse().ok())),
            "r" => self.run_hidden = false,
            "vanish" if self.parent(0) == Some("rPr") && self.parent(1) == Some("r") => self.run_hidden = on(attrs),
            "fldChar" => match attr(attrs, "fldCharType") {
                Some("begin") => self.fields.push(true),
                Some("separate") => {
                    if let Some(f) = self.fields.last_mut() {
                        *f = false;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            "tab" if self.parent(0) == Some("r") => self.push_text("\t"),
            // A page or column break starts no new line of text.
            "br" | "cr" if self.parent(0) == Some("r") && !matches!(attr(attrs, "type"), Some("page" | "column")) => {
                self.push_text("\n")
            }
            "noBreakHyphen" if self.parent(0) == Some("r") => self.push_text("-"),
            "tbl" => self.tables.push((Vec::new(), None, None)),
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.1 = Some(Row::default());
                }
            }
            "gridBefore" if self.parent(0) == Some("trPr") => {
                if let Some(row) = self.tables.last_mut().and_then(|t| t.1.as_mut()) {
                    row.grid_before = val.and_then(|v| v.parse().ok()).unwrap_or(0).min(64);
                }
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.2 = Some(Cell { grid_span: 1, ..Cell::default() });
                }
            }
            "gridSpan" if in_tcpr => {
                if let Some(c) = self.tables.last_mut().and_then(|t| t.2.as_mut()) {
                    // A hostile span must not blow up the grid.
                    c.grid_span = val.and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 64);
                }
            }
            "vMerge" if in_tcpr => {
                if let Some(c) = self.tables.last_mut().and_then(|t| t.2.as_mut()) {
                    c.vmerge = if val == Some("restart") { VMerge::Restart } else { VMerge::Continue };
                }
            }
            _ => {}
        }
    }

    fn with_para(&mut self, f: impl FnOnce(&mut Para)) {
        if let Some(p) = self.para.as_mut() {
            f(p);
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "p" => {
                let Some(p) = self.para.take() else { return };
                match self.tables.last_mut() {
                    Some((_, _, Some(cell))) => cell.paras.push(p),
                    // A paragraph directly in a table but outside a cell: keep it as body text.
                    _ => self.blocks.push(Block::Para(p)),
                }
            }
            "tc" => {
                if let Some((_, Some(row), cell)) = self.tables.last_mut() {
                    if let Some(c) = cell.take() {
                        row.cells.push(c);
                    }
                }
            }
            "tr" => {
                if let Some((rows, row, _)) = self.tables.last_mut() {
                    if let Some(r) = row.take() {
                        rows.push(r);
                    }
                }
            }
            "tbl" => {
                let Some((rows, _, _)) = self.tables.pop() else { return };
                match self.tables.last_mut() {
                    // A table nested in a cell: its text joins the outer cell, row by row.
                    Some((_, _, Some(cell))) => {
                        for row in rows {
                            let text: Vec<String> = row
                                .cells
                                .iter()
                                .map(|c| c.paras.iter().map(|p| p.text.trim()).collect::<Vec<_>>().join(" "))
                                .collect();
                            cell.paras.push(Para { text: text.join(" "), ..Para::default() });
                        }
                    }
                    _ => self.blocks.push(Block::Table(rows)),
                }
            }
            _ => {}
        }
    }
}

/// The blocks of `word/document.xml`, read from `source` as it is decompressed. More than
/// `max_text` bytes of text is an error as soon as it is read, not after.
pub fn parse(source: impl BufRead, max_text: u64) -> Result<Vec<Block>, LoadError> {
    let mut r = XmlReader::new(source, "word/document.xml");
    let mut w = Walker::default();
    let mut saw_body = false;
    loop {
        if w.kept > max_text {
            return Err(LoadError::new(super::archive::text_limit_message(max_text)));
        }
        match r.next()? {
            Ev::Eof => break,
            Ev::Start { name, attrs } => {
                if w.skip_at.is_none() {
                    if SKIPPED.contains(&name.as_str()) {
                        w.skip_at = Some(w.stack.len());
                    } else {
                        saw_body |= name == "body";
                        w.start(&name, &attrs);
                    }
                }
                w.stack.push(name);
            }
            Ev::End { name } => {
                w.stack.pop();
                match w.skip_at {
                    Some(d) if d == w.stack.len() => w.skip_at = None,
                    Some(_) => {}
                    None => w.end(&name),
                }
            }
            Ev::Text(t) => {
                if w.skip_at.is_none() && w.stack.last().is_some_and(|n| n == "t") {
                    w.push_text(&t);
                }
            }
        }
    }
    if !saw_body {
        return Err(LoadError::new(".docx 文件已损坏：word/document.xml 中没有正文（w:body）"));
    }
    Ok(w.blocks)
}
