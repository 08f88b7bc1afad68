//! html: the auditor's review page for a whole folder — one self-contained file (inline CSS
//! and JS, no network, no external assets) that still reads when mailed as an attachment
//! and opened with scripts disabled.
//!
//! Everything is rendered here as static HTML; the inline script only sorts and filters the
//! table and flashes findings. Every piece of report text, path, message and rule text goes
//! through [`escape`]; a Content-Security-Policy with the script's hash forbids any other
//! script and any network access, so even an escaping bug could not run injected code.

mod escape;
mod source;

use super::summary::{FileStats, Summary};
use crate::diagnostics::{Diagnostic, LineIndex, Severity};
use crate::rules::RuleSet;
use sha2::{Digest, Sha256};
use source::{floor_boundary, sev_class, Mark};
use std::fmt::Write;

const CSS: &str = include_str!("html/review.css");
const JS: &str = include_str!("html/review.js");
/// How many reports the overview's bar chart ranks.
const CHART_REPORTS: usize = 15;
/// Related-label quotes longer than this are shortened.
const QUOTE_CHARS: usize = 40;

/// One checked file: its decoded text (empty if it could not be read) and its findings.
#[derive(Debug, Clone)]
pub struct ReviewFile {
    pub path: String,
    pub text: String,
    pub diags: Vec<Diagnostic>,
}

/// Renders the review page of `files` (in the order given, normally path order).
pub fn render(files: &[ReviewFile], rules: &RuleSet) -> String {
    // Paths are shown relative to the folder they share; the folder is named once, on top.
    let cut = common_dir(files.iter().map(|f| f.path.as_str()));
    let folder = files.first().map(|f| &f.path[..cut]).unwrap_or("");
    let mut summary = Summary::new();
    for f in files {
        summary.add_file(&f.path[cut..], f.diags.iter().map(|d| (d.rule.as_str(), d.severity)));
    }
    let mut out = String::with_capacity(64 * 1024 + files.iter().map(|f| f.text.len() * 2).sum::<usize>());
    let script_hash = base64(&Sha256::digest(JS.as_bytes()));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; \
         script-src 'sha256-{script_hash}'; img-src data:; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"jxlint {version}\">\n\
         <title>绩效自评报告审阅 — {n} 个文件</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        version = env!("CARGO_PKG_VERSION"),
        n = files.len(),
    );
    header(&mut out, &summary, folder);
    overview(&mut out, &summary, rules);
    table(&mut out, &summary);
    out.push_str("<main id=\"details\">\n");
    for (i, f) in files.iter().enumerate() {
        report(&mut out, i, f, &summary.files[i], rules);
    }
    out.push_str("</main>\n");
    let _ = write!(out, "<script>{JS}</script>\n</body>\n</html>\n");
    out
}

fn header(out: &mut String, s: &Summary, folder: &str) {
    let c = &s.totals;
    let folder = if folder.is_empty() { String::new() } else { format!("{} · ", escape::text(folder)) };
    let _ = write!(
        out,
        "<header class=\"top\">\n<h1>绩效自评报告审阅</h1>\n\
         <p class=\"meta\">{folder}检查了 {} 个文件，发现 {} 个问题 · jxlint {}</p>\n\
         <nav><a href=\"#overview\">概览</a><a href=\"#reports\">报告列表</a><a href=\"#details\">逐份报告</a></nav>\n\
         </header>\n",
        s.files.len(),
        c.total(),
        env!("CARGO_PKG_VERSION"),
    );
}

fn overview(out: &mut String, s: &Summary, rules: &RuleSet) {
    let c = &s.totals;
    let mean = s.mean_score().map(|m| m.to_string()).unwrap_or_else(|| "—".into());
    out.push_str("<section id=\"overview\">\n<h2>概览</h2>\n<div class=\"cards\">\n");
    for (label, value, class) in [
        ("检查的文件", s.files.len().to_string(), ""),
        ("有错误的文件", s.files_with_errors().to_string(), "sev-error"),
        ("错误", c.errors.to_string(), "sev-error"),
        ("警告", c.warnings.to_string(), "sev-warning"),
        ("提示", c.infos.to_string(), "sev-info"),
        ("平均得分", mean, ""),
    ] {
        let _ = writeln!(
            out,
            "<div class=\"card {class}\"><span class=\"v\">{value}</span><span class=\"k\">{label}</span></div>"
        );
    }
    out.push_str("</div>\n<div class=\"charts\">\n");

    // Reports ranked by errors: one stacked bar per report, scaled to the worst.
    let ranked: Vec<&FileStats> = s.ranked().into_iter().filter(|f| f.counts.total() > 0).collect();
    out.push_str("<figure class=\"chart\" id=\"chart-reports\">\n<figcaption>问题最多的报告（按错误、警告、提示数排序）</figcaption>\n");
    if ranked.is_empty() {
        out.push_str("<p class=\"empty\">没有发现问题。</p>\n");
    } else {
        let max = ranked.iter().map(|f| f.counts.total()).max().unwrap_or(1).max(1);
        out.push_str("<ol class=\"bars\">\n");
        for f in ranked.iter().take(CHART_REPORTS) {
            let idx = s.files.iter().position(|x| std::ptr::eq(x, *f)).unwrap_or(0);
            let _ = write!(
                out,
                "<li><a class=\"name\" href=\"#r{idx}\" title=\"{p}\">{p}</a><span class=\"bar\" role=\"img\" aria-label=\"{e} 个错误，{w} 个警告，{i} 个提示\">",
                p = escape::text(&f.path),
                e = f.counts.errors,
                w = f.counts.warnings,
                i = f.counts.infos
            );
            for (n, class) in
                [(f.counts.errors, "sev-error"), (f.counts.warnings, "sev-warning"), (f.counts.infos, "sev-info")]
            {
                if n > 0 {
                    let _ = write!(out, "<span class=\"seg {class}\" style=\"width:{}%\"></span>", percent(n, max));
                }
            }
            let _ = writeln!(
                out,
                "</span><span class=\"n\">{} / {} / {}</span><span class=\"score\">{}分</span></li>",
                f.counts.errors, f.counts.warnings, f.counts.infos, f.score
            );
        }
        out.push_str("</ol>\n");
        if ranked.len() > CHART_REPORTS {
            let _ = writeln!(
                out,
                "<p class=\"more\">另有 {} 份报告有问题，见下方报告列表。</p>",
                ranked.len() - CHART_REPORTS
            );
        }
    }
    out.push_str("</figure>\n");

    // Rules by frequency; a click filters the table to the reports where the rule fired.
    out.push_str(
        "<figure class=\"chart\" id=\"chart-rules\">\n<figcaption>规则出现频率（点击规则筛选报告）</figcaption>\n",
    );
    if s.rules.is_empty() {
        out.push_str("<p class=\"empty\">没有发现问题。</p>\n");
    } else {
        let max = s.rules.first().map(|r| r.count).unwrap_or(1).max(1);
        out.push_str("<ol class=\"bars\">\n");
        for r in &s.rules {
            let summary = rules.meta(&r.rule).map(|m| m.summary.as_str()).unwrap_or("");
            let _ = writeln!(
                out,
                "<li><span class=\"name\" title=\"{id}：{sum}\"><button type=\"button\" class=\"rule-filter\" \
                 data-rule=\"{id}\">{id}</button> <span class=\"sum\">{sum}</span></span>\
                 <span class=\"bar\"><span class=\"seg {sev}\" style=\"width:{w}%\"></span></span>\
                 <span class=\"n\">{c} 次 · {f} 份</span></li>",
                id = escape::text(&r.rule),
                sum = escape::text(summary),
                sev = sev_class(r.severity),
                w = percent(r.count, max),
                c = r.count,
                f = r.files
            );
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</figure>\n</div>\n");
    out.push_str(
        "<p class=\"note\">得分：满分 100，每个错误扣 10 分、警告扣 3 分、提示扣 1 分；同一规则在一份报告中最多计 3 次；\
         无法读取的文件记 0 分。得分只用于排序和比较，不代替逐条核实。</p>\n</section>\n",
    );
}

fn table(out: &mut String, s: &Summary) {
    out.push_str(
        "<section id=\"reports\">\n<h2>报告列表</h2>\n<div class=\"filters\" hidden>\n\
         <label>筛选 <input type=\"search\" id=\"filter-text\" placeholder=\"文件名或规则\" autocomplete=\"off\"></label>\n\
         <label>严重程度 <select id=\"filter-severity\"><option value=\"\">全部报告</option>\
         <option value=\"error\">有错误</option><option value=\"warning\">有警告</option>\
         <option value=\"any\">有问题</option><option value=\"clean\">无问题</option></select></label>\n\
         <label>规则 <select id=\"filter-rule\"><option value=\"\">全部规则</option>",
    );
    for r in &s.rules {
        let _ = write!(out, "<option value=\"{id}\">{id}（{}）</option>", r.count, id = escape::text(&r.rule));
    }
    let _ = write!(
        out,
        "</select></label>\n<button type=\"button\" id=\"filter-reset\">清除筛选</button>\n\
         <span id=\"filter-count\" aria-live=\"polite\">共 {n} 份报告</span>\n</div>\n\
         <table id=\"report-table\">\n<thead><tr>\
         <th data-key=\"path\" data-type=\"text\" aria-sort=\"none\"><button type=\"button\">报告</button></th>\
         <th data-key=\"score\" data-type=\"num\" aria-sort=\"none\" title=\"满分 100：错误扣 10 分、警告扣 3 分、提示扣 1 分，同一规则最多计 3 次\"><button type=\"button\">得分</button></th>\
         <th data-key=\"errors\" data-type=\"num\" aria-sort=\"descending\"><button type=\"button\">错误</button></th>\
         <th data-key=\"warnings\" data-type=\"num\" aria-sort=\"none\"><button type=\"button\">警告</button></th>\
         <th data-key=\"infos\" data-type=\"num\" aria-sort=\"none\"><button type=\"button\">提示</button></th>\
         <th data-key=\"total\" data-type=\"num\" aria-sort=\"none\"><button type=\"button\">合计</button></th>\
         <th>主要问题</th></tr></thead>\n<tbody>\n",
        n = s.files.len()
    );
    // Each report's place in `files` (its anchor), looked up rather than searched for: a
    // search per row was quadratic in reports.
    let index: std::collections::HashMap<*const FileStats, usize> =
        s.files.iter().enumerate().map(|(i, f)| (std::ptr::from_ref(f), i)).collect();
    // Initial order is the ranking, so the page reads right even with scripts disabled.
    for f in s.ranked() {
        let idx = index.get(&std::ptr::from_ref(f)).copied().unwrap_or(0);
        let rules: Vec<String> = f.rules.iter().map(|(r, _)| escape::text(r)).collect();
        let _ = write!(
            out,
            "<tr id=\"row-r{idx}\" data-path=\"{p}\" data-score=\"{sc}\" data-errors=\"{e}\" data-warnings=\"{w}\" \
             data-infos=\"{i}\" data-total=\"{t}\" data-rules=\" {rules} \">\
             <td class=\"path\"><a href=\"#r{idx}\">{p}</a>{unreadable}</td><td class=\"num score\">{sc}</td>\
             <td class=\"num sev-error\">{e}</td><td class=\"num sev-warning\">{w}</td><td class=\"num sev-info\">{i}</td>\
             <td class=\"num\">{t}</td><td class=\"top-rules\">",
            p = escape::text(&f.path),
            sc = f.score,
            e = f.counts.errors,
            w = f.counts.warnings,
            i = f.counts.infos,
            t = f.counts.total(),
            rules = rules.join(" "),
            unreadable = if f.unreadable { " <span class=\"tag\">无法读取</span>" } else { "" }
        );
        for (rule, n) in f.rules.iter().take(3) {
            let _ = write!(out, "<code>{}</code>×{n} ", escape::text(rule));
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n<p id=\"no-match\" hidden>没有符合筛选条件的报告。</p>\n</section>\n");
}

fn report(out: &mut String, i: usize, f: &ReviewFile, stats: &FileStats, rules: &RuleSet) {
    let rid = format!("r{i}");
    let index = LineIndex::new(&f.text);
    let c = &stats.counts;
    let _ = write!(
        out,
        "<section class=\"report\" id=\"{rid}\" data-rules=\" {rules} \">\n<h2><span class=\"path\" title=\"{full}\">{p}</span>\
         <span class=\"score\" title=\"得分（满分 100）\">{sc} 分</span></h2>\n\
         <p class=\"counts\"><span class=\"sev-error\">{e} 个错误</span> · <span class=\"sev-warning\">{w} 个警告</span> · \
         <span class=\"sev-info\">{n} 个提示</span> · <a href=\"#reports\">返回报告列表</a></p>\n",
        rules = stats.rules.iter().map(|(r, _)| escape::text(r)).collect::<Vec<_>>().join(" "),
        p = escape::text(&stats.path),
        full = escape::text(&f.path),
        sc = stats.score,
        e = c.errors,
        w = c.warnings,
        n = c.infos
    );
    out.push_str("<div class=\"report-body\">\n<div class=\"findings-col\">\n");
    if f.diags.is_empty() {
        out.push_str("<p class=\"empty\">没有发现问题。</p>\n");
    } else {
        out.push_str("<ol class=\"findings\">\n");
        for (k, d) in f.diags.iter().enumerate() {
            finding(out, &rid, k, d, &f.text, &index);
        }
        out.push_str("</ol>\n");
        explanations(out, &rid, f, rules);
    }
    out.push_str("</div>\n<div class=\"source\" lang=\"zh-CN\">\n");
    if f.text.is_empty() {
        out.push_str("<p class=\"empty\">（没有可显示的文本）</p>\n");
    } else {
        let mut marks = Vec::new();
        for (k, d) in f.diags.iter().enumerate() {
            let id = format!("{rid}-f{k}");
            marks.push(Mark {
                start: d.span.start,
                end: d.span.end,
                finding: id.clone(),
                severity: d.severity,
                related: false,
                title: format!("[{}] {}", d.rule, d.message),
            });
            for l in &d.related {
                marks.push(Mark {
                    start: l.span.start,
                    end: l.span.end,
                    finding: id.clone(),
                    severity: d.severity,
                    related: true,
                    title: format!("{}（与第 {} 条问题相关）", l.message, k + 1),
                });
            }
        }
        source::render(out, &f.text, &marks, &rid);
    }
    out.push_str("</div>\n</div>\n</section>\n");
}

fn finding(out: &mut String, rid: &str, k: usize, d: &Diagnostic, text: &str, index: &LineIndex<'_>) {
    let id = format!("{rid}-f{k}");
    let p = index.position(d.span.start);
    let _ = write!(
        out,
        "<li class=\"finding {sev}\" id=\"{id}\" data-f=\"{id}\" data-rule=\"{rule}\">\n<div class=\"fhead\">\
         <span class=\"badge {sev}\">{sev_zh}</span> <code class=\"rule\">{rule}</code> \
         <a class=\"loc\" href=\"#{id}-t\" data-target=\"{id}\">第 {line} 行第 {col} 列</a></div>\n\
         <p class=\"msg\">{msg}</p>\n",
        sev = sev_class(d.severity),
        sev_zh = severity_zh(d.severity),
        rule = escape::text(&d.rule),
        line = p.line,
        col = p.column,
        msg = escape::text(&d.message)
    );
    if d.span.end > d.span.start || !d.label.is_empty() {
        out.push_str("<p class=\"at\">");
        if d.span.end > d.span.start {
            let _ = write!(out, "原文：<q>{}</q>", escape::text(&quote(text, d.span.start, d.span.end)));
        }
        if !d.label.is_empty() {
            let _ = write!(out, " <span class=\"label\">{}</span>", escape::text(&d.label));
        }
        out.push_str("</p>\n");
    }
    if !d.related.is_empty() {
        out.push_str("<ul class=\"related\">\n");
        for l in &d.related {
            let lp = index.position(l.span.start);
            // Labels such as “分子：实际支出343.82万元” already quote their text.
            let q = quote(text, l.span.start, l.span.end);
            let q = if q.is_empty() || l.message.contains(&q) {
                String::new()
            } else {
                format!("：<q>{}</q>", escape::text(&q))
            };
            let _ = writeln!(
                out,
                "<li><a href=\"#{rid}-L{line}\">第 {line} 行第 {col} 列</a> {msg}{q}</li>",
                line = lp.line,
                col = lp.column,
                msg = escape::text(&l.message),
            );
        }
        out.push_str("</ul>\n");
    }
    if let Some(h) = &d.help {
        let _ = writeln!(out, "<p class=\"help\">怎么改：{}</p>", escape::text(h));
    }
    if let Some(fix) = &d.fix {
        let _ = writeln!(out, "<p class=\"fix\">可自动修复：{}</p>", escape::text(&fix.description));
    }
    let _ = write!(out, "<a class=\"why\" href=\"#{rid}-rule-{}\">规则说明</a>\n</li>\n", escape::ident(&d.rule));
}

/// Each rule that fired in the report, explained once (`jxlint explain` text).
fn explanations(out: &mut String, rid: &str, f: &ReviewFile, rules: &RuleSet) {
    let mut seen: Vec<&str> = Vec::new();
    for d in &f.diags {
        if !seen.contains(&d.rule.as_str()) {
            seen.push(&d.rule);
        }
    }
    out.push_str("<details class=\"explanations\" open>\n<summary>本报告涉及的规则</summary>\n<dl>\n");
    for id in seen {
        let meta = rules.meta(id);
        let _ = write!(
            out,
            "<dt id=\"{rid}-rule-{anchor}\"><code>{id_e}</code> {sum}</dt>\n<dd>{exp}</dd>\n",
            anchor = escape::ident(id),
            id_e = escape::text(id),
            sum = escape::text(meta.map(|m| m.summary.as_str()).unwrap_or("")),
            exp = escape::text(meta.and_then(|m| m.explanation.as_deref()).unwrap_or("（此规则没有说明）").trim())
        );
    }
    out.push_str("</dl>\n</details>\n");
}

/// Byte length of the folder prefix (up to and including a `/` or `\\`) that all paths share;
/// 0 for a single file, so its name stays complete.
fn common_dir<'a>(mut paths: impl Iterator<Item = &'a str>) -> usize {
    let Some(first) = paths.next() else { return 0 };
    let mut len = first.len();
    let mut many = false;
    for p in paths {
        many = true;
        len = first
            .char_indices()
            .zip(p.chars())
            .find(|((_, a), b)| a != b)
            .map_or(len.min(p.len()), |((i, _), _)| i)
            .min(len);
    }
    if !many {
        return 0;
    }
    first[..len].rfind(['/', '\\']).map_or(0, |i| i + 1)
}

/// The text of a span, shortened in the middle if long, on char boundaries.
fn quote(text: &str, start: usize, end: usize) -> String {
    let s = floor_boundary(text, start);
    let e = floor_boundary(text, end).max(s);
    let q: String = text[s..e].chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
    let n = q.chars().count();
    if n <= QUOTE_CHARS {
        return q;
    }
    let head: String = q.chars().take(QUOTE_CHARS / 2).collect();
    let tail: String = q.chars().skip(n - QUOTE_CHARS / 2).collect();
    format!("{head}……{tail}")
}

fn severity_zh(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

/// Bar width in percent with one decimal, at least 1% so a single finding stays visible.
fn percent(n: usize, max: usize) -> String {
    let mut tenths = (n * 1000 + max / 2) / max.max(1);
    if n > 0 {
        tenths = tenths.max(10);
    }
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Standard base64 with padding (for the CSP script hash).
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(A[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_relative_to_their_common_folder() {
        assert_eq!(common_dir(["报告/区财政局.txt", "报告/区教育局.txt"].into_iter()), "报告/".len());
        assert_eq!(common_dir(["a/b/x.txt", "a/c/y.txt", "a/b/z.txt"].into_iter()), 2);
        assert_eq!(common_dir(["a/b/x.txt"].into_iter()), 0);
        assert_eq!(common_dir(["x.txt", "y.txt"].into_iter()), 0);
        assert_eq!(common_dir(["ab/x.txt", "abc/x.txt"].into_iter()), 0);
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn bar_widths_are_proportional_and_visible() {
        assert_eq!(percent(5, 5), "100.0");
        assert_eq!(percent(1, 3), "33.3");
        assert_eq!(percent(1, 1000), "1.0");
    }

    #[test]
    fn quotes_are_shortened_on_char_boundaries() {
        let text = "预算执行率".repeat(20);
        let q = quote(&text, 0, text.len());
        assert_eq!(q.chars().count(), QUOTE_CHARS + 2);
        assert!(q.starts_with("预算执行率") && q.contains("……"));
        assert_eq!(quote("执行率", 1, 4), "执");
    }
}
