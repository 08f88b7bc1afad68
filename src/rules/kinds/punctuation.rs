//! `punctuation`: half-width punctuation (`;` `,` `:` `(` …) between Chinese characters,
//! where official writing uses the full-width form. The fix is the full-width character;
//! a half-width bracket pair is fixed as a pair so brackets stay balanced.

use super::super::config::RuleDef;
use super::super::util::{is_cjk, is_han};
use super::super::{Check, Context, KindError, RuleMeta};
use crate::diagnostics::{Diagnostic, Edit};
use crate::facts::FactSet;
use crate::parse::LineKind;
use crate::util::Spanned;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `punctuation` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// The half-width characters to flag (default `;,:()?!`).
    pub chars: Option<Spanned<String>>,
}

struct PunctuationRule {
    chars: Vec<char>,
}

fn full_width(c: char) -> Option<char> {
    Some(match c {
        ';' => '；',
        ',' => '，',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        '?' => '？',
        '!' => '！',
        _ => return None,
    })
}

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let p: Params = def.params()?;
    let chars: Vec<char> = match &p.chars {
        Some(s) => {
            for c in s.get_ref().chars() {
                if full_width(c).is_none() {
                    return Err(
                        KindError::new(s.span(), format!("不支持检查半角字符 `{c}`")).with_help("可选：; , : ( ) ? !")
                    );
                }
            }
            s.get_ref().chars().collect()
        }
        None => ";,:()?!".chars().collect(),
    };
    Ok(Box::new(PunctuationRule { chars }))
}

impl Check for PunctuationRule {
    fn reads_analysis(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        let report = cx.report;
        for line in report.lines.iter().filter(|l| l.kind != LineKind::Blank) {
            let s = report.slice(&line.content());
            // Markdown tables and pipe-separated cells use ASCII punctuation as structure.
            if s.contains('|') {
                continue;
            }
            // Every checked mark is ASCII; most lines hold none, and need no char table.
            if !s.bytes().any(|b| b.is_ascii() && self.chars.contains(&char::from(b))) {
                continue;
            }
            let chars: Vec<(usize, char)> = s.char_indices().collect();
            let at = |i: usize| chars.get(i).map(|&(_, c)| c);
            let brackets = Brackets::new(&chars);
            let mut i = 0;
            while i < chars.len() {
                let (off, c) = chars[i];
                if !self.chars.contains(&c) || c == ')' {
                    i += 1;
                    continue;
                }
                let start = line.content().start + off;
                if c == '(' {
                    if let Some(close) = brackets.next_close(i) {
                        let inner_han = brackets.han_between(i + 1, close);
                        let outside =
                            i.checked_sub(1).and_then(at).is_some_and(is_cjk) || at(close + 1).is_some_and(is_cjk);
                        if inner_han && outside && self.chars.contains(&')') {
                            let end = line.content().start + chars[close].0;
                            let d = rule
                                .diag(start..start + 1, &[("found", "()"), ("replace", "（）")])
                                .with_label("半角括号")
                                .with_related(end..end + 1, "配对的半角括号")
                                .with_fix(
                                    "改为全角括号“（）”",
                                    vec![
                                        Edit { span: start..start + 1, replacement: "（".into() },
                                        Edit { span: end..end + 1, replacement: "）".into() },
                                    ],
                                );
                            out.push(d);
                        }
                    }
                    i += 1;
                    continue;
                }
                let prev_han = i.checked_sub(1).and_then(at).is_some_and(is_han);
                // Allow one space after the mark (`工作; 网络`): it goes away with the fix.
                let (next_i, spaced) = if at(i + 1) == Some(' ') { (i + 2, true) } else { (i + 1, false) };
                let next_han = at(next_i).is_some_and(is_han);
                if prev_han && next_han {
                    let fw = full_width(c).unwrap_or(c);
                    let end = start + 1 + usize::from(spaced);
                    let found = c.to_string();
                    let replace = fw.to_string();
                    let d = rule
                        .diag(start..start + 1, &[("found", &found), ("replace", &replace)])
                        .with_label(format!("应为全角“{fw}”"))
                        .with_fix(
                            format!("改为全角“{fw}”"),
                            vec![Edit { span: start..end, replacement: replace.clone() }],
                        );
                    out.push(d);
                }
                i += 1;
            }
        }
    }
}

/// Per-line tables that answer "where is the next `)`" and "is there a Han character
/// between" in constant time. Searching forward from each `(` instead was quadratic in the
/// unmatched ones (`中(` repeated: every `(` scanned the rest of the line).
struct Brackets {
    /// `next_close[i]`: index of the first `)` at or after char `i`, `usize::MAX` for none.
    next_close: Vec<usize>,
    /// `han_before[i]`: Han characters among the first `i` chars.
    han_before: Vec<usize>,
}

impl Brackets {
    fn new(chars: &[(usize, char)]) -> Brackets {
        let mut next_close = vec![usize::MAX; chars.len() + 1];
        for i in (0..chars.len()).rev() {
            next_close[i] = if chars[i].1 == ')' { i } else { next_close[i + 1] };
        }
        let mut han_before = Vec::with_capacity(chars.len() + 1);
        han_before.push(0);
        let mut n = 0;
        for &(_, c) in chars {
            n += usize::from(is_han(c));
            han_before.push(n);
        }
        Brackets { next_close, han_before }
    }

    /// The first `)` after the `(` at `open`.
    fn next_close(&self, open: usize) -> Option<usize> {
        self.next_close.get(open + 1).copied().filter(|&j| j != usize::MAX)
    }

    /// Whether chars `from..to` hold a Han character.
    fn han_between(&self, from: usize, to: usize) -> bool {
        self.han_before[to] > self.han_before[from]
    }
}

#[cfg(test)]
mod tests {
    use super::Brackets;

    #[test]
    fn bracket_tables_match_a_forward_search() {
        for line in ["中(", "中(文)字(", "((中))", "(a)中(b)", "", ")(", "中(a(中)b)"] {
            let chars: Vec<(usize, char)> = line.char_indices().collect();
            let b = Brackets::new(&chars);
            for i in (0..chars.len()).filter(|&i| chars[i].1 == '(') {
                let expected = (i + 1..chars.len()).find(|&j| chars[j].1 == ')');
                assert_eq!(b.next_close(i), expected, "{line} at {i}");
                if let Some(close) = expected {
                    let han = chars[i + 1..close].iter().any(|&(_, c)| super::is_han(c));
                    assert_eq!(b.han_between(i + 1, close), han, "{line} at {i}");
                }
            }
        }
    }
}
