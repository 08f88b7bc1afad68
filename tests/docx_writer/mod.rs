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

    /// An abstract list written as raw XML (`<w:abstractNum …>…</w:abstractNum>`).
    pub fn raw_abstract(&mut self, xml: &str) {
        self.abstracts.push(xml.to_owned());
    }

    /// A style written as raw XML (`<w:style …>…</w:style>`).
    pub fn raw_style(&mut self, xml: &str) {
        self.styles.push_str(xml);
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

pub fn merged<'a>(text: &'a str, first: bool) -> Tc<'a> {
    Tc { text, span: 1, vmerge: Some(if first { "restart" } else { "" }) }
}

/// A 项目支出绩效自评表 as the national form lays it out, in one Word table.
/// `planted` swaps in errors; otherwise every number agrees.
pub fn self_evaluation(planted: bool) -> Docx {
    let mut d = Docx::new();
    let abs = d.abstract_num(CN_OUTLINE);
    let num = d.num(abs, None);
    d.heading_style("Heading1", "标题 1", 0, Some((num, 0)));
    d.para("2024年度社区养老服务补贴项目支出绩效自评报告");
    d.styled("Heading1", "项目基本情况");
    d.para(if planted {
        "本项目全年预算数为200万元，实际支出192万元，预算执行率95.00%。"
    } else {
        "本项目全年预算数为200万元，实际支出190万元，预算执行率95.00%。"
    });
    d.styled("Heading1", "绩效目标完成情况");
    d.para(if planted {
        "本项目自评总分为97.5分，等级为良。"
    } else {
        "本项目自评总分为97.5分，等级为优。"
    });
    let (quality_row_score, note) = if planted {
        ("16", "暂无")
    } else {
        ("15", "受两处助餐点装修影响，服务人数少于目标，下一步将在装修完成后恢复服务")
    };
    let process = if planted {
        ["数量指标", "资金到位率", "＝100%", "100%"]
    } else {
        ["成本指标", "人均补贴标准", "≤1600元", "1580元"]
    };
    d.table(&[
        vec![tc("项目名称"), Tc { text: "社区养老服务补贴", span: 7, vmerge: None }],
        vec![
            tc("项目资金（万元）"),
            tc("年初预算数"),
            tc("全年预算数"),
            tc("全年执行数"),
            tc("分值"),
            tc("执行率"),
            Tc { text: "得分", span: 2, vmerge: None },
        ],
        vec![
            tc("年度资金总额"),
            tc("200"),
            tc("200"),
            tc("190"),
            tc("10"),
            tc("95.00%"),
            Tc { text: "9.5", span: 2, vmerge: None },
        ],
        vec![
            tc("一级指标"),
            tc("二级指标"),
            tc("三级指标"),
            tc("年度指标值"),
            tc("实际完成值"),
            tc("分值"),
            tc("得分"),
            tc("偏差原因分析及改进措施"),
        ],
        vec![
            merged("产出指标（50分）", true),
            tc("数量指标"),
            tc("服务老人人数"),
            tc("≥1200人"),
            tc("1180人"),
            tc("20"),
            tc("19.67"),
            tc(note),
        ],
        vec![
            merged("", false),
            tc("质量指标"),
            tc("服务合格率"),
            tc("≥95%"),
            tc("98%"),
            tc("15"),
            tc(quality_row_score),
            tc(""),
        ],
        vec![
            merged("", false),
            tc("时效指标"),
            tc("补贴发放及时率"),
            tc("≥95%"),
            tc("100%"),
            tc("10"),
            tc("10"),
            tc(""),
        ],
        vec![
            merged("", false),
            tc(process[0]),
            tc(process[1]),
            tc(process[2]),
            tc(process[3]),
            tc("5"),
            tc("5"),
            tc(""),
        ],
        vec![
            merged("效益指标（30分）", true),
            tc("社会效益指标"),
            tc("老年人生活质量"),
            tc("明显改善"),
            tc("达成年度指标"),
            tc("20"),
            tc("18.33"),
            tc(""),
        ],
        vec![
            merged("", false),
            tc("可持续影响指标"),
            tc("助餐点持续运营率"),
            tc("≥90%"),
            tc("100%"),
            tc("10"),
            tc("10"),
            tc(""),
        ],
        vec![
            tc("满意度指标（10分）"),
            tc("服务对象满意度指标"),
            tc("老人满意度"),
            tc("≥90%"),
            tc("95%"),
            tc("10"),
            tc("10"),
            tc(""),
        ],
        vec![Tc { text: "总分", span: 5, vmerge: None }, tc("100"), tc("97.5"), tc("")],
    ]);
    d
}

/// Merged cells of every kind in one small table (vertical merge, horizontal span, a
/// multi-paragraph cell).
pub fn merged_cells() -> Docx {
    let mut d = Docx::new();
    d.para("绩效自评表");
    d.table(&[
        vec![tc("一级指标"), tc("二级指标"), tc("三级指标"), tc("分值")],
        vec![merged("产出指标", true), tc("数量指标"), tc("培训人次"), tc("20")],
        vec![merged("", false), tc("质量指标"), tc("合格率\n（抽检）"), tc("30")],
        vec![Tc { text: "总分", span: 3, vmerge: None }, tc("50")],
    ]);
    d
}
