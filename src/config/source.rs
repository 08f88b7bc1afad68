//! One span space for several TOML files. The effective rules of a configuration mix
//! definitions from the built-in rule file and from the user's `jxlint.toml`; each file is
//! parsed at its own base offset, so every span a definition carries names its file, and
//! an error found while compiling the merged rules still points at the right character.

use crate::rules::error::clamp;
use crate::rules::{ConfigError, KindError};
use serde::de::DeserializeOwned;
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
    pub base: usize,
}

#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    sources: Vec<Source>,
    next: usize,
}

impl SourceMap {
    /// Registers a file; returns its index.
    pub fn add(&mut self, name: &str, text: &str) -> usize {
        // Two bytes of room so that every source starts after a "#…\n" padding line.
        let base = if self.next == 0 { 0 } else { self.next + 2 };
        self.sources.push(Source { name: name.to_owned(), text: text.to_owned(), base });
        self.next = base + text.len() + 1;
        self.sources.len() - 1
    }

    pub fn get(&self, index: usize) -> &Source {
        &self.sources[index]
    }

    /// Parses source `index`; spans in the result are global.
    pub fn parse<T: DeserializeOwned>(&self, index: usize) -> Result<T, Box<ConfigError>> {
        let s = &self.sources[index];
        let result = if s.base == 0 {
            toml::from_str(&s.text)
        } else {
            // A comment line exactly `base` bytes long shifts every span by `base` and
            // changes nothing else in the document.
            let mut padded = String::with_capacity(s.base + s.text.len());
            padded.push('#');
            padded.extend(std::iter::repeat_n(' ', s.base - 2));
            padded.push('\n');
            padded.push_str(&s.text);
            toml::from_str(&padded)
        };
        result.map_err(|e| {
            let local = e.span().map(|r| r.start.saturating_sub(s.base)..r.end.saturating_sub(s.base));
            let mut err = ConfigError::from_toml(&s.name, &s.text, &e);
            err.span = local.map(|r| clamp(&s.text, r).into());
            if let Some(m) = crate::rules::error::explain_type(e.message()) {
                err.message = m;
            }
            Box::new(err)
        })
    }

    /// The source a global span falls in, and the span local to it.
    pub fn locate(&self, span: &Range<usize>) -> Option<(&Source, Range<usize>)> {
        let s = self.sources.iter().rev().find(|s| s.base <= span.start && span.start <= s.base + s.text.len())?;
        Some((s, span.start - s.base..span.end.saturating_sub(s.base).min(s.text.len())))
    }

    /// Turns a compile error with a global span into a miette error on the right file.
    pub fn error(&self, e: KindError) -> Box<ConfigError> {
        match self.locate(&e.span) {
            Some((s, local)) => Box::new(ConfigError::from_kind(&s.name, &s.text, KindError { span: local, ..e })),
            None => {
                let name = self.sources.last().map_or("jxlint.toml", |s| s.name.as_str());
                let mut err = ConfigError::plain(name, e.message);
                err.help = e.help;
                Box::new(err)
            }
        }
    }

    /// An error at a global span, with a help line.
    pub fn error_at(&self, span: Range<usize>, message: impl Into<String>, help: Option<String>) -> Box<ConfigError> {
        let mut e = KindError::new(span, message);
        e.help = help;
        self.error(e)
    }

    /// The text under a global span.
    pub fn text(&self, span: &Range<usize>) -> &str {
        self.locate(span).and_then(|(s, r)| s.text.get(r)).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct T {
        a: toml::Spanned<String>,
    }

    #[test]
    fn spans_are_global_and_map_back() {
        let mut map = SourceMap::default();
        map.add("one.toml", "a = \"x\"\n");
        let i = map.add("two.toml", "\n\na = \"格式\"\n");
        let t: T = map.parse(i).unwrap();
        let (s, local) = map.locate(&t.a.span()).unwrap();
        assert_eq!(s.name, "two.toml");
        assert_eq!(&s.text[local], "\"格式\"");
        assert_eq!(map.text(&t.a.span()), "\"格式\"");
    }

    #[test]
    fn syntax_error_span_is_local() {
        let mut map = SourceMap::default();
        map.add("one.toml", "a = 1\n");
        let i = map.add("two.toml", "a = \n");
        let e = map.parse::<T>(i).unwrap_err();
        assert_eq!(e.src.name(), "two.toml");
        assert!(e.span.unwrap().offset() <= 5);
    }
}
