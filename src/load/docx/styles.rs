//! Paragraph styles (`word/styles.xml`): display name, outline level and the list
//! numbering a style carries. Heading styles commonly hold the numbering themselves, so a
//! `标题 1` paragraph shows `一、` without any `w:numPr` of its own.

use super::xml::{attr, Ev, XmlReader};
use crate::load::LoadError;
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
struct StyleDef {
    name: Option<String>,
    based_on: Option<String>,
    outline: Option<u8>,
    num_id: Option<String>,
    ilvl: Option<u8>,
}

#[derive(Debug, Default)]
pub struct Styles {
    styles: HashMap<String, StyleDef>,
}

/// A style's effective properties after following `w:basedOn`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    pub name: Option<String>,
    pub outline: Option<u8>,
    pub num_id: Option<String>,
    pub ilvl: Option<u8>,
}

impl Styles {
    pub fn parse(source: impl std::io::BufRead) -> Result<Styles, LoadError> {
        let mut r = XmlReader::new(source, "word/styles.xml");
        let mut out = Styles::default();
        let mut cur: Option<(String, StyleDef)> = None;
        let mut in_ppr = false;
        loop {
            match r.next()? {
                Ev::Eof => break,
                Ev::Start { name, attrs } => {
                    let val = attr(&attrs, "val");
                    match (name.as_str(), cur.as_mut()) {
                        ("style", _) => {
                            // Numbering styles matter too: `w:numStyleLink` points at them.
                            let wanted = attr(&attrs, "type").is_none_or(|t| t == "paragraph" || t == "numbering");
                            cur =
                                wanted.then(|| (attr(&attrs, "styleId").unwrap_or("").to_owned(), StyleDef::default()));
                        }
                        ("pPr", Some(_)) => in_ppr = true,
                        ("name", Some((_, s))) => s.name = val.map(str::to_owned),
                        ("basedOn", Some((_, s))) => s.based_on = val.map(str::to_owned),
                        ("outlineLvl", Some((_, s))) if in_ppr => s.outline = val.and_then(|v| v.parse().ok()),
                        ("numId", Some((_, s))) if in_ppr => s.num_id = val.map(str::to_owned),
                        ("ilvl", Some((_, s))) if in_ppr => s.ilvl = val.and_then(|v| v.parse().ok()),
                        _ => {}
                    }
                }
                Ev::End { name } => match name.as_str() {
                    "pPr" => in_ppr = false,
                    "style" => {
                        if let Some((id, s)) = cur.take() {
                            out.styles.insert(id, s);
                        }
                    }
                    _ => {}
                },
                Ev::Text(_) => {}
            }
        }
        Ok(out)
    }

    pub fn resolve(&self, id: &str) -> Resolved {
        let mut out = Resolved::default();
        let mut next = Some(id);
        // basedOn chains are short; the cap also stops a cycle in a hostile file.
        for _ in 0..16 {
            let Some(s) = next.and_then(|id| self.styles.get(id)) else { break };
            if out.name.is_none() {
                out.name = s.name.clone();
            }
            if out.outline.is_none() {
                out.outline = s.outline;
            }
            if out.num_id.is_none() {
                out.num_id = s.num_id.clone();
            }
            if out.ilvl.is_none() {
                out.ilvl = s.ilvl;
            }
            next = s.based_on.as_deref();
        }
        if out.outline.is_none() {
            out.outline = out.name.as_deref().and_then(heading_level);
        }
        out
    }
}

/// `heading 2` / `标题 2` → outline level 1 (0-based, as in `w:outlineLvl`).
fn heading_level(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let rest = lower.strip_prefix("heading").or_else(|| lower.strip_prefix("标题"))?;
    let n: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&n).then(|| n - 1)
}
