//! A minimal .docx writer for tests: real WordprocessingML parts in a real zip, so the
//! loader is exercised on the same structures Word writes (numbering definitions and
//! instances, styles with outline levels, merged table cells, fields, bookmarks).
#![allow(dead_code)]

use std::io::Write;

/// One numbering level: (`w:numFmt`, `w:lvlText`, `w:suff`).
pub type Lvl = (&'static str, &'static str, &'static str);

/// The usual Chinese outline as one multi-level list: 一、 （一） 1、 （1）.
pub const CN_OUTLINE: &[Lvl] = &[
    ("chineseCounting", "%1、", "nothing"),
    ("chineseCounting", "（%2）", "nothing"),
    ("decimal", "%3、", "nothing"),
    ("decimal", "（%4）", "nothing"),
];

#[derive(Default)]
pub struct Docx {
    body: String,
    abstracts: Vec<String>,
    nums: Vec<String>,
    styles: String,
    /// Omit word/document.xml (a damaged package).
    pub without_document: bool,
}

pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub fn run(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#, esc(text))
}

/// A table cell: text, horizontal span, vertical merge (`Some("restart")`, `Some("")` = continue).
pub struct Tc<'a> {
    pub text: &'a str,
    pub span: usize,
    pub vmerge: Option<&'a str>,
}

pub fn tc(text: &str) -> Tc<'_> {
    Tc { text, span: 1, vmerge: None }
}

impl Docx {
    pub fn new() -> Self {
        Docx::default()
    }

    /// Defines an abstract list; returns its id.
    pub fn abstract_num(&mut self, levels: &[Lvl]) -> usize {
        let id = self.abstracts.len() + 1;
        let mut x = format!(r#"<w:abstractNum w:abstractNumId="{id}"><w:multiLevelType w:val="multilevel"/>"#);
        for (i, (fmt, text, suff)) in levels.iter().enumerate() {
            x.push_str(&format!(
                r#"<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:suff w:val="{suff}"/><w:lvlText w:val="{}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>"#,
                esc(text)
            ));
        }
        x.push_str("</w:abstractNum>");
        self.abstracts.push(x);
        id
    }

    /// A list instance of an abstract list, optionally restarting level `.0` at `.1`.
    pub fn num(&mut self, abstract_id: usize, start_override: Option<(usize, u32)>) -> usize {
        let id = self.nums.len() + 1;
        let ov = start_override
            .map(|(l, s)| format!(r#"<w:lvlOverride w:ilvl="{l}"><w:startOverride w:val="{s}"/></w:lvlOverride>"#))
            .unwrap_or_default();
        self.nums.push(format!(r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{abstract_id}"/>{ov}</w:num>"#));
        id
    }

    /// A paragraph style with an outline level and, optionally, list numbering.
    pub fn heading_style(&mut self, id: &str, name: &str, outline: u8, num: Option<(usize, u8)>) {
        let np = num
            .map(|(n, l)| format!(r#"<w:numPr><w:ilvl w:val="{l}"/><w:numId w:val="{n}"/></w:numPr>"#))
            .unwrap_or_default();
        self.styles.push_str(&format!(
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/>{np}<w:outlineLvl w:val="{outline}"/></w:pPr></w:style>"#
        ));
    }

    pub fn para(&mut self, text: &str) -> &mut Self {
        self.raw_para("", &run(text))
    }

    /// A paragraph with arbitrary run XML.
    pub fn raw_para(&mut self, ppr: &str, runs: &str) -> &mut Self {
        self.body.push_str(&format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"));
        self
    }

    pub fn numbered(&mut self, num: usize, ilvl: u8, text: &str) -> &mut Self {
        let ppr = format!(r#"<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>"#);
        self.raw_para(&ppr, &run(text))
    }

    pub fn styled(&mut self, style: &str, text: &str) -> &mut Self {
        self.raw_para(&format!(r#"<w:pStyle w:val="{style}"/>"#), &run(text))
    }

    pub fn table(&mut self, rows: &[Vec<Tc<'_>>]) -> &mut Self {
        let cols: usize = rows.first().map_or(0, |r| r.iter().map(|c| c.span).sum());
        self.body.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>");
        for _ in 0..cols {
            self.body.push_str("<w:gridCol w:w=\"1000\"/>");
        }
        self.body.push_str("</w:tblGrid>");
        for row in rows {
            self.body.push_str("<w:tr>");
            for c in row {
                let mut pr = String::new();
                if c.span > 1 {
                    pr.push_str(&format!(r#"<w:gridSpan w:val="{}"/>"#, c.span));
                }
                match c.vmerge {
                    Some("restart") => pr.push_str(r#"<w:vMerge w:val="restart"/>"#),
                    Some(_) => pr.push_str("<w:vMerge/>"),
                    None => {}
                }
                let paras: String = c
                    .text
                    .split('\n')
                    .map(|t| format!("<w:p>{}</w:p>", if t.is_empty() { String::new() } else { run(t) }))
                    .collect();
                self.body.push_str(&format!("<w:tc><w:tcPr>{pr}</w:tcPr>{paras}</w:tc>"));
            }
            self.body.push_str("</w:tr>");
        }
        self.body.push_str("</w:tbl>");
        self
    }

    pub fn document_xml(&self) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#,
            self.body
        )
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
        let mut files: Vec<(&str, String)> = vec![
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.into(),
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.into(),
            ),
            (
                "word/numbering.xml",
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}>{}{}</w:numbering>"#, self.abstracts.concat(), self.nums.concat()),
            ),
            (
                "word/styles.xml",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {W}><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>{}</w:styles>"#,
                    self.styles
                ),
            ),
        ];
        if !self.without_document {
            files.push(("word/document.xml", self.document_xml()));
        }
        zip_bytes(&files)
    }

    /// Writes the package to `path`.
    pub fn save(&self, path: &std::path::Path) {
        std::fs::write(path, self.to_bytes()).expect("write docx");
    }
}

pub fn zip_bytes(files: &[(&str, String)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in files {
            z.start_file(*name, opts).expect("zip entry");
            z.write_all(content.as_bytes()).expect("zip write");
        }
        z.finish().expect("zip finish");
    }
    buf.into_inner()
}

/// Saves a plain-text report as a .docx the way a department's Word file looks: every
/// line a paragraph, headings (`一、` `（一）` `1、` `（1）`) as automatic list numbering of
/// one multi-level list, restarted where the typed numbers jump, so the number a reader
/// sees is exactly the number in the text.
pub fn from_report_text(text: &str) -> Docx {
    let mut d = Docx::new();
    let abs = d.abstract_num(CN_OUTLINE);
    let mut num = d.num(abs, None);
    // Simulated counters of the current list instance (None = level not used yet).
    let mut counters: [Option<u32>; 4] = [None; 4];
    for line in text.lines() {
        match heading_mark(line) {
            Some((ilvl, ordinal, mark_len)) => {
                let expected = counters[ilvl].map_or(1, |c| c + 1);
                if expected != ordinal {
                    num = d.num(abs, Some((ilvl, ordinal)));
                    counters = [None; 4];
                }
                counters[ilvl] = Some(ordinal);
                for c in counters.iter_mut().skip(ilvl + 1) {
                    *c = None;
                }
                d.numbered(num, ilvl as u8, &line[mark_len..]);
            }
            None => {
                d.para(line);
            }
        }
    }
    d
}

/// (level, ordinal, byte length of the mark) of a heading line written with a typed mark.
fn heading_mark(line: &str) -> Option<(usize, u32, usize)> {
    let cn = |s: &str| -> Option<u32> {
        let v: Vec<u32> =
            s.chars().map(|c| "一二三四五六七八九十".find(c).map(|i| (i / 3) as u32 + 1)).collect::<Option<_>>()?;
        match v.as_slice() {
            [d] => Some(*d),
            [10, d] => Some(10 + d),
            [t, 10] => Some(t * 10),
            [t, 10, d] => Some(t * 10 + d),
            _ => None,
        }
    };
    let take = |s: &str, f: fn(char) -> bool| s.char_indices().find(|&(_, c)| !f(c)).map_or(s.len(), |(i, _)| i);
    let is_cn = |c: char| "一二三四五六七八九十".contains(c);
    let is_d = |c: char| c.is_ascii_digit();
    if let Some(rest) = line.strip_prefix('（') {
        for (lvl, f) in [(1usize, is_cn as fn(char) -> bool), (3, is_d as fn(char) -> bool)] {
            let n = take(rest, f);
            if n > 0 && rest[n..].starts_with('）') {
                let v = if lvl == 1 { cn(&rest[..n])? } else { rest[..n].parse().ok()? };
                return Some((lvl, v, '（'.len_utf8() + n + '）'.len_utf8()));
            }
        }
        return None;
    }
    for (lvl, f) in [(0usize, is_cn as fn(char) -> bool), (2, is_d as fn(char) -> bool)] {
        let n = take(line, f);
        if n > 0 && line[n..].starts_with('、') {
            let v = if lvl == 0 { cn(&line[..n])? } else { line[..n].parse().ok()? };
            return Some((lvl, v, n + '、'.len_utf8()));
        }
    }
    None
}
