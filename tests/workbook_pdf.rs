//! Workbooks and PDFs end to end, on the fixtures `scripts/make_fixtures.py` made with
//! LibreOffice (fixtures/inputs/): the 自评表 workbook, as .xlsx and as .xls, reads as the
//! same pipe tables a person types from the screen and gives the same table findings,
//! named by sheet and cell; a stale formula cache is a finding; the report as PDF, .docx and .txt gives the
//! same numeric findings; a scan, a PDF without ToUnicode maps and an encrypted PDF each
//! give exactly one unreadable-file finding saying why; hostile files are refused quickly.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const TABLE_RULES: &str =
    "indicator-weights,indicator-scores,indicator-completion,indicator-orientation,table-prose-mismatch";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/inputs")
}

fn jxlint(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jxlint")).args(args).current_dir(dir).output().expect("run jxlint");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json_findings(dir: &Path, file: &str, select: Option<&str>) -> Vec<serde_json::Value> {
    let mut args = vec!["check", "--format", "json"];
    if let Some(s) = select {
        args.extend(["--select", s]);
    }
    args.push(file);
    let (_, out, err) = jxlint(dir, &args);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    v["diagnostics"].as_array().cloned().unwrap_or_default()
}

#[test]
fn workbook_reads_as_the_sheets_display_them() {
    let file = jxlint::load::load_file(&fixtures().join("自评表.xlsx"), u64::MAX).unwrap();
    let typed = std::fs::read_to_string(fixtures().join("自评表.txt")).unwrap();
    // Merged cells once, 0.95 under `0.00%` as 95.00%, 200 under `#,##0.00` as 200.00,
    // formulas at their cached values.
    assert_eq!(file.text, typed);
    assert!(file.text.contains("|年度资金总额|200.00|200.00|190.00|10|95.00%|9.5||"), "{}", file.text);
    let map = file.places.expect("a workbook has places");
    let names: Vec<&str> = map.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["项目A", "项目B"]);
    // 项目名称 B1:H1, 得分 G2:H2 and G3:H3, 产出指标 A5:A8, 效益指标 A9:A10.
    assert_eq!(map.sheets[0].merged, 5);
    assert_eq!(map.sheets[0].formulas, 3);
    assert!(map.formula_mismatches.is_empty(), "{:?}", map.formula_mismatches);
}

#[test]
fn workbook_and_typed_tables_give_the_same_findings_named_by_cell() {
    let dir = fixtures();
    let key = |d: &serde_json::Value| {
        (d["rule"].as_str().unwrap().to_owned(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap())
    };
    let xlsx = json_findings(&dir, "自评表.xlsx", Some(TABLE_RULES));
    let typed = json_findings(&dir, "自评表.txt", Some(TABLE_RULES));
    assert_eq!(xlsx.iter().map(key).collect::<Vec<_>>(), typed.iter().map(key).collect::<Vec<_>>());
    let places: Vec<(String, String, String)> = xlsx
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or("").to_owned();
            (s("rule"), s("sheet"), s("cell"))
        })
        .collect();
    let want = [
        ("indicator-scores", "项目A", "G3"),
        ("indicator-completion", "项目A", "H5"),
        ("indicator-completion", "项目A", "D6"),
    ];
    for (rule, sheet, cell) in want {
        assert!(
            places.contains(&(rule.to_owned(), sheet.to_owned(), cell.to_owned())),
            "missing {rule} at {sheet}!{cell} in {places:?}"
        );
    }
    // A workbook is a table, not a report: no required-section findings.
    let all = json_findings(&dir, "自评表.xlsx", None);
    assert!(all.iter().all(|d| d["rule"] != "required-section"), "{all:?}");
    // 项目B is the clean sheet: no finding is there.
    assert!(places.iter().all(|(_, sheet, _)| sheet != "项目B"), "{places:?}");
}

#[test]
fn xls_reads_with_its_number_formats_like_the_xlsx() {
    // LibreOffice's Excel 97–2003 export of the same workbook: `0.00%` (built-in format 10),
    // `#,##0.00` (built-in 4) and the formula cells display as they do in the .xlsx.
    let xls = jxlint::load::load_file(&fixtures().join("自评表.xls"), u64::MAX).unwrap();
    let typed = std::fs::read_to_string(fixtures().join("自评表.txt")).unwrap();
    assert_eq!(xls.text, typed);
    let (code, out, err) = jxlint(&fixtures(), &["dump", "自评表.xls"]);
    assert_eq!(code, 0, "{err}");
    // 项目A F3 is the formula D3/C3 under `0.00%`; 项目B's amounts are under `#,##0.00`.
    assert!(out.contains("|年度资金总额|200|200|190|10|95.00%|9.8||"), "{out}");
    assert!(out.contains("|年度资金总额|200.00|200.00|190.00|10|95.00%|9.5||"), "{out}");
}

#[test]
fn the_same_workbook_as_xlsx_and_as_xls_gives_the_same_findings() {
    let dir = fixtures();
    let key = |d: &serde_json::Value| {
        let s = |k: &str| d[k].as_str().unwrap_or("").to_owned();
        (s("rule"), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap(), s("sheet"), s("cell"), s("message"))
    };
    let xlsx: Vec<_> = json_findings(&dir, "自评表.xlsx", None).iter().map(key).collect();
    let xls: Vec<_> = json_findings(&dir, "自评表.xls", None).iter().map(key).collect();
    assert!(xlsx.iter().any(|k| k.0 == "indicator-scores"), "{xlsx:?}");
    assert_eq!(xls, xlsx);
}

#[test]
fn concise_names_the_cell_and_a_stale_formula_cache_is_a_finding() {
    let (code, out, err) = jxlint(&fixtures(), &["check", "--format", "concise", "自评表-缓存过期.xlsx"]);
    assert_eq!(code, 1, "{err}");
    let line = out.lines().find(|l| l.contains("formula-cache-mismatch")).unwrap_or_else(|| panic!("{out}"));
    assert_eq!(
        line,
        "自评表-缓存过期.xlsx:项目A!G12: error[formula-cache-mismatch] 单元格 项目A!G12 显示的值 98.8 与其公式 =SUM(G3,G5:G11) 的计算结果 97.8 不符"
    );
    assert!(out.contains("自评表-缓存过期.xlsx:项目A!G3: error[indicator-scores]"), "{out}");
    // The fresh workbook has no such finding.
    let (_, fresh, _) =
        jxlint(&fixtures(), &["check", "--format", "concise", "--select", "formula-cache-mismatch", "自评表.xlsx"]);
    assert_eq!(fresh, "");
}

#[test]
fn sarif_and_pretty_carry_the_cell() {
    let (_, out, _) = jxlint(
        &fixtures(),
        &["check", "--format", "sarif", "--select", "formula-cache-mismatch", "自评表-缓存过期.xlsx"],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let logical = &v["runs"][0]["results"][0]["locations"][0]["logicalLocations"][0];
    assert_eq!(logical["fullyQualifiedName"], "项目A!G12");
    let (_, out, _) = jxlint(
        &fixtures(),
        &["check", "--format", "jsonl", "--select", "formula-cache-mismatch", "自评表-缓存过期.xlsx"],
    );
    assert!(out.contains("不符（项目A!G12）"), "{out}");
}

/// (rule, message with spaces removed and the place annotation cut) of the numeric rules.
fn numeric(dir: &Path, file: &str) -> Vec<(String, String)> {
    json_findings(dir, file, Some("rate-mismatch,sum-mismatch,count-mismatch"))
        .iter()
        .map(|d| {
            let mut m: String = d["message"].as_str().unwrap().chars().filter(|c| !c.is_whitespace()).collect();
            // A .docx finding names its paragraph: `（第6段）`.
            if m.ends_with("段）") {
                m.truncate(m.rfind("（第").unwrap_or(m.len()));
            }
            (d["rule"].as_str().unwrap().to_owned(), m)
        })
        .collect()
}

#[test]
fn the_report_as_pdf_docx_and_txt_gives_the_same_numeric_findings() {
    let dir = fixtures();
    let txt = numeric(&dir, "报告.txt");
    let rules: Vec<&str> = txt.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(rules, ["rate-mismatch", "sum-mismatch"], "{txt:?}");
    assert_eq!(numeric(&dir, "报告.pdf"), txt);
    assert_eq!(numeric(&dir, "报告.docx"), txt);
}

#[test]
fn pdf_findings_name_page_and_line_and_running_lines_are_gone() {
    let file = jxlint::load::load_file(&fixtures().join("报告.pdf"), u64::MAX).unwrap();
    let map = file.places.as_ref().unwrap();
    assert_eq!(map.pages, 3);
    // The header on each page and the `—N—` footers.
    assert_eq!(map.dropped_lines, 6, "{}", file.text);
    assert!(!file.text.contains("—1—"), "{}", file.text);
    // `省级资金 3` / `00,000 元` cut at the margin is one number again.
    assert!(file.text.contains("300,000"), "{}", file.text);
    let (_, out, _) = jxlint(&fixtures(), &["check", "--format", "concise", "--select", "rate-mismatch", "报告.pdf"]);
    assert!(out.starts_with("报告.pdf:第1页:"), "{out}");
}

fn unreadable_only(file: &str, reason: &str) {
    let findings = json_findings(&fixtures(), file, None);
    assert_eq!(findings.len(), 1, "{file}: {findings:?}");
    assert_eq!(findings[0]["rule"], "unreadable-file");
    let msg = findings[0]["message"].as_str().unwrap();
    assert!(msg.contains(reason), "{file}: {msg}");
}

#[test]
fn a_scan_is_one_unreadable_file_finding() {
    unreadable_only("报告-扫描件.pdf", "没有文字层");
}

#[test]
fn a_pdf_without_tounicode_is_one_unreadable_file_finding() {
    unreadable_only("报告-无字符映射.pdf", "ToUnicode");
}

#[test]
fn an_encrypted_pdf_is_one_unreadable_file_finding() {
    unreadable_only("报告-加密.pdf", "已加密");
}

#[test]
fn fix_never_writes_a_workbook_or_pdf() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["自评表.xlsx", "报告.pdf"] {
        std::fs::copy(fixtures().join(f), dir.path().join(f)).unwrap();
    }
    let before: Vec<Vec<u8>> =
        ["自评表.xlsx", "报告.pdf"].iter().map(|f| std::fs::read(dir.path().join(f)).unwrap()).collect();
    let (_, _, err) = jxlint(dir.path(), &["check", "--fix", "."]);
    assert!(err.contains("工作簿不能自动修正") && err.contains("PDF 不能自动修正"), "{err}");
    let after: Vec<Vec<u8>> =
        ["自评表.xlsx", "报告.pdf"].iter().map(|f| std::fs::read(dir.path().join(f)).unwrap()).collect();
    assert!(before == after);
}

#[test]
fn dump_shows_the_extracted_text_and_where_it_came_from() {
    let (code, out, err) = jxlint(&fixtures(), &["dump", "自评表.xlsx"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("|年度资金总额|200|200|190|10|95.00%|9.8||"), "{out}");
    assert!(out.contains("== 工作簿（2 个工作表）"), "{out}");
    assert!(out.contains("项目A：") && out.contains("← 项目A!A3"), "{out}");
    let (code, out, _) = jxlint(&fixtures(), &["dump", "报告.pdf"]);
    assert_eq!(code, 0);
    assert!(out.contains("== PDF（3 页"), "{out}");
    assert!(out.contains("← 第1页第"), "{out}");
}

// ---------------------------------------------------------------- hostile files

fn within(limit: Duration, dir: &Path, file: &str, reason: &str) {
    let start = Instant::now();
    let findings = json_findings(dir, file, None);
    assert!(start.elapsed() < limit, "{file} took {:?}", start.elapsed());
    assert_eq!(findings.len(), 1, "{file}: {findings:?}");
    assert_eq!(findings[0]["rule"], "unreadable-file");
    let msg = findings[0]["message"].as_str().unwrap();
    assert!(msg.contains(reason), "{file}: {msg}");
}

#[test]
fn a_zip_bomb_workbook_is_refused_within_the_budget() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let block = vec![b' '; 1024 * 1024];
    for _ in 0..300 {
        z.write_all(&block).unwrap();
    }
    z.finish().unwrap();
    let bytes = buf.into_inner();
    assert!(bytes.len() < 2 * 1024 * 1024, "{}", bytes.len());
    std::fs::write(dir.path().join("炸弹.xlsx"), bytes).unwrap();
    within(Duration::from_secs(30), dir.path(), "炸弹.xlsx", "压缩炸弹");
}

/// A PDF with `pages` pages whose page tree is written by `kids` (object numbers).
fn pdf_with_pages(pages: usize, cyclic: bool) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut objs: Vec<String> = Vec::new();
    objs.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", i + 3)).collect();
    // A cycle: the tree lists itself among its kids.
    let extra = if cyclic { " 2 0 R" } else { "" };
    objs.push(format!("<< /Type /Pages /Kids [{}{extra}] /Count {pages} >>", kids.join(" ")));
    for _ in 0..pages {
        objs.push("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".into());
    }
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1).as_bytes(),
    );
    out
}

#[test]
fn ten_thousand_pages_are_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("万页.pdf"), pdf_with_pages(10_000, false)).unwrap();
    within(Duration::from_secs(30), dir.path(), "万页.pdf", "页上限");
}

#[test]
fn a_cyclic_page_tree_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("循环.pdf"), pdf_with_pages(3, true)).unwrap();
    within(Duration::from_secs(30), dir.path(), "循环.pdf", "循环");
}

#[test]
fn deeply_nested_objects_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut pdf = pdf_with_pages(1, false);
    let deep = format!("99 0 obj\n{}{}\nendobj\n", "[".repeat(200_000), "]".repeat(200_000));
    pdf.splice(9..9, deep.into_bytes());
    std::fs::write(dir.path().join("嵌套.pdf"), pdf).unwrap();
    within(Duration::from_secs(30), dir.path(), "嵌套.pdf", "嵌套");
}

#[test]
fn a_bomb_behind_a_filter_chain_is_refused_within_the_budget() {
    use std::io::Write;
    // 600 MB of spaces, deflated, then ASCII85-encoded: a chain whose body does not start
    // like zlib data, decoded by lopdf in full.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![b' '; 1024 * 1024];
    for _ in 0..600 {
        z.write_all(&block).unwrap();
    }
    let packed = z.finish().unwrap();
    let mut a85 = Vec::new();
    for chunk in packed.chunks(4) {
        let mut b = [0u8; 4];
        b[..chunk.len()].copy_from_slice(chunk);
        let mut n = u32::from_be_bytes(b);
        let mut digits = [0u8; 5];
        for d in digits.iter_mut().rev() {
            *d = (n % 85) as u8 + b'!';
            n /= 85;
        }
        a85.extend_from_slice(&digits[..chunk.len() + 1]);
    }
    a85.extend_from_slice(b"~>");
    let mut pdf = pdf_with_pages(1, false);
    let mut obj =
        format!("99 0 obj\n<< /Length {} /Filter [/ASCII85Decode /FlateDecode] >>\nstream\n", a85.len()).into_bytes();
    obj.extend_from_slice(&a85);
    obj.extend_from_slice(b"\nendstream\nendobj\n");
    pdf.splice(9..9, obj);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("炸弹.pdf"), pdf).unwrap();
    within(Duration::from_secs(30), dir.path(), "炸弹.pdf", "压缩炸弹");
}

#[test]
fn a_bomb_in_a_pdf_encrypted_with_an_owner_password_only_is_refused() {
    // On disk its streams are ciphertext; it opens without a password, and lopdf decrypts
    // them as it loads, so they are counted after loading.
    within(Duration::from_secs(30), &fixtures(), "报告-炸弹-仅权限密码.pdf", "压缩炸弹");
}
