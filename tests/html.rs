//! The HTML review page, checked as text: self-contained, escaped, well-formed, and every
//! finding highlighted exactly over the characters it points at. (`html_browser.rs` checks
//! the same page in Chromium.)

use jxlint::diagnostics::{Diagnostic, Severity};
use jxlint::output::html::{render, ReviewFile};
use jxlint::rules::RuleSet;
use regex::Regex;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// The fixture folder checked the way the CLI does it, in path order.
fn fixture_files() -> Vec<ReviewFile> {
    let rules = RuleSet::builtin();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/review");
    let mut files = Vec::new();
    for entry in jxlint::load::collect_files(&[root]) {
        let path = entry.path().to_path_buf();
        let (text, diags) = match jxlint::load::load_file(&path, jxlint::load::DEFAULT_MAX_FILE_SIZE) {
            Ok(f) => {
                let d = jxlint::check_text(&f.text, &rules);
                (f.text, d)
            }
            Err(e) => (String::new(), jxlint::unreadable_file(&rules, &e).into_iter().collect()),
        };
        files.push(ReviewFile { path: path.display().to_string(), text, diags });
    }
    files
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// Concatenated text of the marks that carry finding `id` as a primary finding.
fn marked_text(section: &str, id: &str) -> String {
    let mark = Regex::new(r#"<mark class="hl[^"]*"(?: id="[^"]*")? data-f="([^"]*)"[^>]*>([^<]*)</mark>"#).unwrap();
    mark.captures_iter(section).filter(|c| c[1].split(' ').any(|f| f == id)).map(|c| unescape(&c[2])).collect()
}

/// The HTML of report section `i`.
fn section(page: &str, i: usize) -> &str {
    let start = page.find(&format!("<section class=\"report\" id=\"r{i}\"")).expect("section");
    let end = page[start..].find("</section>").map(|e| start + e).expect("section end");
    &page[start..end]
}

#[test]
fn every_finding_is_highlighted_over_exactly_its_text() {
    let files = fixture_files();
    let page = render(&files, &RuleSet::builtin());
    let mut checked = 0;
    for (i, f) in files.iter().enumerate() {
        let sec = section(&page, i);
        for (k, d) in f.diags.iter().enumerate() {
            let id = format!("r{i}-f{k}");
            assert!(sec.contains("<li class=\"finding "), "finding list in {}", f.path);
            assert!(sec.contains(&format!("id=\"{id}\"")), "finding card {id}");
            if d.span.is_empty() {
                assert!(f.text.is_empty() || sec.contains(&format!("data-f=\"{id}\"")), "point mark {id}");
                continue;
            }
            let expected: String = f.text[d.span.clone()].chars().filter(|c| *c != '\n' && *c != '\r').collect();
            assert_eq!(marked_text(sec, &id), expected, "{} finding {k} ({})", f.path, d.rule);
            assert!(sec.contains(&format!("id=\"{id}-t\"")), "anchor of {id}");
            checked += 1;
        }
    }
    assert!(checked >= 12, "only {checked} findings checked");
}

#[test]
fn numeric_findings_show_their_arithmetic_and_related_labels() {
    let files = fixture_files();
    let page = render(&files, &RuleSet::builtin());
    // The rate finding of 区教育局: the message states the division, the operands are listed.
    assert!(page.contains(
        "<p class=\"msg\">预算执行率与金额不符：实际支出7911.2万元 ÷ 本年度调整后预算数8650.5万元 = 91.4537%，\
         按四舍五入应为 91.45%，报告写的是 91.46%</p>"
    ));
    assert!(page.contains("第 5 行第 23 列</a> 分子：实际支出7911.2万元</li>"), "numerator");
    assert!(page.contains("第 5 行第 10 列</a> 分母：本年度调整后预算数8650.5万元</li>"), "denominator");
    // A count finding quotes the statements it disagrees with.
    assert!(page.contains("第 3 行第 12 列</a> 此处为5+1=6个：<q>5个项目，年中追加1个</q></li>"));
    // Related labels are highlighted in the text too, drawn as related.
    assert!(Regex::new(
        r#"<mark class="hl rel" data-r="r\d+-f\d+" title="分母：本年度调整后预算数8650.5万元[^"]*">8650\.5万元</mark>"#
    )
    .unwrap()
    .is_match(&page));
    // The rule's explanation is on the page once per report that needs it.
    assert!(page.contains("执行率 = 实际支出 ÷ 预算数"));
}

#[test]
fn report_text_and_messages_are_escaped() {
    let page = render(&fixture_files(), &RuleSet::builtin());
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("“文旅&amp;资讯”"));
    assert!(page.contains("&#39;单引号&#39;和&quot;双引号&quot;"));
    assert!(page.contains("书签标记“[bookmark: &lt;img src=x onerror=&quot;alert(2)&quot;&gt;]”"));
    assert!(!page.contains("alert(1)</script>"));
    assert!(!page.contains("<img"));
    // One script element: ours.
    assert_eq!(page.matches("<script").count(), 1);
}

#[test]
fn paths_with_markup_are_escaped_everywhere() {
    let rules = RuleSet::builtin();
    let evil = "报告/<b>\"x\"&'y'.txt";
    let diag = Diagnostic::new("typo", Severity::Warning, 0..3, "<i>msg</i>");
    let files = vec![
        ReviewFile { path: evil.into(), text: "截止<u>".into(), diags: vec![diag] },
        ReviewFile { path: "报告/ok.txt".into(), text: "正文".into(), diags: vec![] },
    ];
    let page = render(&files, &rules);
    assert!(!page.contains("<b>") && !page.contains("<i>") && !page.contains("<u>"));
    assert!(page.contains("&lt;b&gt;&quot;x&quot;&amp;&#39;y&#39;.txt"));
    assert_well_formed(&page);
}

#[test]
fn page_is_self_contained_and_scripts_are_pinned_by_hash() {
    let page = render(&fixture_files(), &RuleSet::builtin());
    // Only markup counts: the fixture's text mentions `src=`, escaped.
    let tag = Regex::new(r"<[a-zA-Z][^>]*>").unwrap();
    let attr = Regex::new(r#"\s([a-zA-Z-]+)(?:="([^"]*)")?"#).unwrap();
    for t in tag.find_iter(&page).map(|m| m.as_str()) {
        assert!(!t.starts_with("<link") && !t.starts_with("<iframe") && !t.starts_with("<img"), "external asset: {t}");
        for a in attr.captures_iter(t) {
            let value = a.get(2).map_or("", |v| v.as_str());
            match &a[1] {
                "src" | "srcset" | "action" | "poster" | "data" => panic!("external asset: {t}"),
                "href" => assert!(value.starts_with('#'), "link leaves the page: {t}"),
                _ => {}
            }
        }
    }
    let style = &page[page.find("<style>").unwrap()..page.find("</style>").unwrap()];
    assert!(!style.contains("url(") && !style.contains("@import") && !style.contains("@font-face"));
    assert!(!page.contains("http://") && !page.contains("https://"));
    let start = page.find("<script>").unwrap() + "<script>".len();
    let end = page[start..].find("</script>").unwrap() + start;
    let hash = Sha256::digest(&page.as_bytes()[start..end]);
    let b64 = base64(&hash);
    assert!(
        page.contains(&format!("script-src 'sha256-{b64}'")),
        "CSP must allow exactly the inline script (sha256-{b64})"
    );
    assert!(page.contains("default-src 'none'"));
}

#[test]
fn overlapping_and_nested_findings_keep_the_markup_well_formed() {
    let rules = RuleSet::builtin();
    let text = "预算执行率89.46%，\n截止2024年12月底。\r\n末行";
    let byte = |s: &str| text.find(s).unwrap();
    let d = |rule: &str, sev, a: usize, b: usize| Diagnostic::new(rule, sev, a..b, format!("{rule} {a}-{b}"));
    let a = byte("执行率");
    let b = byte("89.46%");
    let c = byte("截止");
    let diags = vec![
        d("outer", Severity::Warning, 0, byte("末行")),
        d("rate", Severity::Error, a, b + "89.46%".len()),
        d("num", Severity::Info, b, b + 2),
        d("cross", Severity::Warning, b + 3, c + "截止".len()),
        d("point", Severity::Error, c, c),
        d("dup", Severity::Error, a, b + "89.46%".len()),
    ]
    .into_iter()
    .map(|x| x.with_related(a..a + 3, "相关 <x>"))
    .collect::<Vec<_>>();
    let files = vec![ReviewFile { path: "x.txt".into(), text: text.into(), diags: diags.clone() }];
    let page = render(&files, &rules);
    assert_well_formed(&page);
    let sec = section(&page, 0);
    for (k, diag) in diags.iter().enumerate() {
        if diag.span.is_empty() {
            continue;
        }
        let expected: String = text[diag.span.clone()].chars().filter(|c| *c != '\n' && *c != '\r').collect();
        assert_eq!(marked_text(sec, &format!("r0-f{k}")), expected, "{}", diag.rule);
    }
    assert!(sec.contains("<mark class=\"hl pt sev-error\" id=\"r0-f4-t\" data-f=\"r0-f4\""));
}

/// Every element that is opened is closed in order (void elements aside); text inside
/// `<script>` and `<style>` is skipped.
fn assert_well_formed(page: &str) {
    const VOID: &[&str] = &["meta", "input", "br", "img", "hr", "link"];
    let tag = Regex::new(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>").unwrap();
    let mut stack: Vec<String> = Vec::new();
    let mut pos = 0;
    while let Some(m) = tag.captures_at(page, pos) {
        let whole = m.get(0).unwrap();
        pos = whole.end();
        let name = m[2].to_ascii_lowercase();
        if m[1].is_empty() {
            if VOID.contains(&name.as_str()) {
                continue;
            }
            if name == "script" || name == "style" {
                let close = format!("</{name}>");
                pos = page[pos..].find(&close).map(|i| pos + i + close.len()).expect("raw text closed");
                continue;
            }
            stack.push(name);
        } else {
            let open = stack.pop();
            assert_eq!(open.as_deref(), Some(name.as_str()), "mismatched </{name}> at byte {}", whole.start());
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            out.push(if i <= chunk.len() { char::from(A[((n >> (18 - 6 * i)) & 63) as usize]) } else { '=' });
        }
    }
    out
}
