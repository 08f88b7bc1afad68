//! A small pull reader over quick-xml for WordprocessingML parts: local element names,
//! decoded text, a depth cap, and no entity resolution beyond the predefined ones.
//!
//! It reads from any `BufRead`, so a part is parsed as it is decompressed; the event
//! buffer is reused, and what bounds it is the part reader (`archive::Part`).
//!
//! Untrusted input: a DOCTYPE is ignored, so no external entity or DTD is ever fetched
//! or expanded; unknown entity references are dropped.

use crate::load::LoadError;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::io::BufRead;

/// Deeper nesting than this is treated as a damaged or hostile file (Word nests < 40).
pub const MAX_XML_DEPTH: usize = 256;

#[derive(Debug)]
pub enum Ev {
    /// An element opens; `Empty` elements are reported as `Start` followed by `End`.
    Start {
        name: String,
        attrs: Vec<(String, String)>,
    },
    End {
        name: String,
    },
    Text(String),
    Eof,
}

pub struct XmlReader<R> {
    reader: Reader<R>,
    buf: Vec<u8>,
    part: &'static str,
    depth: usize,
    pending_end: Option<String>,
}

fn local(name: &[u8]) -> String {
    let local = match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    };
    String::from_utf8_lossy(local).into_owned()
}

impl<R: BufRead> XmlReader<R> {
    pub fn new(source: R, part: &'static str) -> Self {
        XmlReader { reader: Reader::from_reader(source), buf: Vec::new(), part, depth: 0, pending_end: None }
    }

    pub fn next(&mut self) -> Result<Ev, LoadError> {
        if let Some(name) = self.pending_end.take() {
            self.depth -= 1;
            return Ok(Ev::End { name });
        }
        loop {
            self.buf.clear();
            let ev = match self.reader.read_event_into(&mut self.buf) {
                Ok(ev) => ev,
                Err(e) => return Err(read_error(self.part, e)),
            };
            match ev {
                Event::Start(ref s) | Event::Empty(ref s) => {
                    self.depth += 1;
                    if self.depth > MAX_XML_DEPTH {
                        return Err(LoadError::new(format!(
                            ".docx 文件结构异常：{} 的 XML 嵌套超过 {MAX_XML_DEPTH} 层，已拒绝读取",
                            self.part
                        )));
                    }
                    let name = local(s.name().as_ref());
                    let mut attrs = Vec::new();
                    for a in s.attributes().flatten() {
                        let raw = String::from_utf8_lossy(&a.value);
                        let value = quick_xml::escape::unescape(&raw)
                            .map(|c| c.into_owned())
                            .unwrap_or_else(|_| raw.into_owned());
                        attrs.push((local(a.key.as_ref()), value));
                    }
                    if matches!(ev, Event::Empty(_)) {
                        self.pending_end = Some(name.clone());
                    }
                    return Ok(Ev::Start { name, attrs });
                }
                Event::End(e) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(Ev::End { name: local(e.name().as_ref()) });
                }
                Event::Text(t) => {
                    let s = t.xml10_content().map_err(|e| damaged(self.part, e))?;
                    if !s.is_empty() {
                        return Ok(Ev::Text(s.into_owned()));
                    }
                }
                Event::CData(c) => {
                    let s = c.decode().map_err(|e| damaged(self.part, e))?;
                    return Ok(Ev::Text(s.into_owned()));
                }
                Event::GeneralRef(r) => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        return Ok(Ev::Text(c.to_string()));
                    }
                    let name = r.decode().map_err(|e| damaged(self.part, e))?;
                    if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                        return Ok(Ev::Text(s.to_owned()));
                    }
                    // Any other entity would need a DTD: never resolved.
                }
                Event::Eof => {
                    if self.depth != 0 {
                        return Err(damaged(self.part, "文件提前结束"));
                    }
                    return Ok(Ev::Eof);
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
    }
}

fn damaged(part: &str, what: impl std::fmt::Display) -> LoadError {
    LoadError::new(format!(".docx 文件已损坏：{part} 无法解析（{what}）"))
}

/// A read error: the part reader's refusal (too large) as it is, else damage.
fn read_error(part: &str, e: quick_xml::Error) -> LoadError {
    if let quick_xml::Error::Io(io) = &e {
        if let Some(reason) = super::archive::refused(io) {
            return LoadError::new(reason);
        }
    }
    damaged(part, e)
}

/// The value of attribute `name` (local name, any prefix).
pub fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// An OOXML on/off property: present without `w:val`, or with a true value.
pub fn on(attrs: &[(String, String)]) -> bool {
    !matches!(attr(attrs, "val"), Some("0" | "false" | "off"))
}
