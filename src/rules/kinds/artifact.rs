//! `artifact`: leftovers of document conversion — `[bookmark: _GoBack]`, field-code errors
//! such as `错误！未定义书签。`, raw field codes — and unfilled placeholders (XX, ××, ***).
//! The grammar recognises them; this kind reports the kinds it is configured for.
//! Bookmarks and field errors are never content, so removing them is a safe fix.

use super::super::config::RuleDef;
use super::super::{Check, Context, KindError, RuleMeta};
use crate::diagnostics::{Diagnostic, Edit};
use crate::facts::FactSet;
use crate::parse::ArtifactKind;
use crate::util::Spanned;
use schemars::JsonSchema;
use serde::Deserialize;

/// The parameters of a `artifact` rule: the keys of its `[[rule]]` table besides the
/// common ones (`config::COMMON_KEYS`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Which artefacts to flag (bookmark, field-error, field-code, placeholder); all when empty.
    pub artifacts: Vec<Spanned<String>>,
}

struct ArtifactRule {
    kinds: Vec<ArtifactKind>,
}

const NAMES: &[(&str, ArtifactKind, &str)] = &[
    ("bookmark", ArtifactKind::Bookmark, "书签标记"),
    ("field-error", ArtifactKind::FieldError, "域代码错误提示"),
    ("field-code", ArtifactKind::FieldCode, "域代码"),
    ("placeholder", ArtifactKind::Placeholder, "未填写的占位符"),
];

pub fn compile(def: &RuleDef, _: &FactSet) -> Result<Box<dyn Check>, KindError> {
    let p: Params = def.params()?;
    if p.artifacts.is_empty() {
        return Ok(Box::new(ArtifactRule { kinds: NAMES.iter().map(|n| n.1).collect() }));
    }
    let mut kinds = Vec::new();
    for a in &p.artifacts {
        match NAMES.iter().find(|n| n.0 == a.get_ref()) {
            Some(n) => kinds.push(n.1),
            None => {
                let all: Vec<&str> = NAMES.iter().map(|n| n.0).collect();
                return Err(KindError::new(a.span(), format!("未知的残留类型 `{}`", a.get_ref()))
                    .with_help(format!("可选：{}", all.join("、"))));
            }
        }
    }
    Ok(Box::new(ArtifactRule { kinds }))
}

impl Check for ArtifactRule {
    fn reads_analysis(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) {
        for a in cx.report.artifacts.iter().filter(|a| self.kinds.contains(&a.kind)) {
            let what = NAMES.iter().find(|n| n.1 == a.kind).map_or("", |n| n.2);
            let found = cx.report.slice(&a.span);
            let mut d = rule.diag(a.span.clone(), &[("found", found), ("what", what)]).with_label(what);
            if matches!(a.kind, ArtifactKind::Bookmark | ArtifactKind::FieldError) {
                d = d.with_fix(format!("删除{what}"), vec![Edit { span: a.span.clone(), replacement: String::new() }]);
            }
            out.push(d);
        }
    }
}
