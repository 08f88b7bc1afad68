//! Regression tests, each named after the bug it pins. Inputs found by the fuzz targets in
//! `fuzz/` land here too (minimised, as literal bytes), so `cargo test` keeps them fixed.
//!
//! Fuzzing (see fuzz/README.md) found one crash, `a_27_digit_amount_before_a_magnitude_…`;
//! the other bugs below were found while writing the hostile-input tests.

use std::process::Command;

/// A FIFO given by name was neither checked nor reported: the walker only took regular
/// files, so `jxlint check pipe.txt` said "checked 0 files" and exited 0. Reading it would
/// have blocked forever, so it must be refused with a reason, never opened.
#[test]
fn fifo_given_by_name_was_silently_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe.txt");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    let entries = jxlint::load::collect_files(std::slice::from_ref(&fifo));
    assert_eq!(entries.len(), 1);
    let err = jxlint::load::load_file(entries[0].path(), jxlint::load::DEFAULT_MAX_FILE_SIZE).unwrap_err();
    assert_eq!(err.message, jxlint::load::walk::NOT_REGULAR);
}

/// The same FIFO inside a folder was skipped without a word, so an auditor could not tell
/// that one "report" in the folder had not been checked.
#[test]
fn fifo_in_a_folder_was_silently_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe.txt");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    let entries = jxlint::load::collect_files(&[dir.path().to_path_buf()]);
    assert_eq!(entries, vec![jxlint::load::WalkEntry::Error(fifo, jxlint::load::walk::NOT_REGULAR.to_owned())]);
}

/// A dangling link given by name was skipped silently too (`is_file()` is false for it);
/// now it is loaded and reported as missing.
#[test]
fn dangling_link_given_by_name_was_silently_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let link = dir.path().join("gone.txt");
    std::os::unix::fs::symlink(dir.path().join("missing.txt"), &link).expect("symlink");
    let entries = jxlint::load::collect_files(std::slice::from_ref(&link));
    assert_eq!(entries, vec![jxlint::load::WalkEntry::File(link.clone())]);
    let err = jxlint::load::load_file(&link, jxlint::load::DEFAULT_MAX_FILE_SIZE).unwrap_err();
    assert_eq!(err.message, "文件不存在（可能在检查过程中被删除）");
}

/// Found by the `parse` fuzz target: a 27-digit number before 千 (or 万, 亿) overflowed
/// `Decimal` when scaled, and the parser panicked. Once past the parser, a derived fact
/// (年初 … 追加 …) summed such values and panicked too. Quantities beyond 10¹⁵ are now left
/// out of the model, so no sum of quantities can overflow.
#[test]
fn a_27_digit_amount_before_a_magnitude_overflowed() {
    let fuzzed =
        "=299999999999999999999999999千米99-99999999999999999999999999999\u{1}\u{0}999999999999999999999999999<7,";
    assert!(jxlint::parse::parse(fuzzed).quantities.iter().all(|q| jxlint::parse::number::plausible(q.value)));
    let m = "79228162514264337593543950335";
    let report = format!(
        "2024年度部门整体绩效自评报告\n一、预算执行情况\n年初预算{m}元，实际支出{m}亿元，预算执行率为100%。\
         支出合计{m}元，其中：人员经费{m}元，公用经费{m}元。\n二、项目情况\n年初安排{m}个项目，追加{m}个项目。\
         共实施项目1000000000000000个，追加1000000000000000个。\n"
    );
    let parsed = jxlint::parse::parse(&report);
    // Only the two quantities at the bound (10¹⁵) and the rate are kept (with the year).
    let kept: Vec<String> = parsed.quantities.iter().map(|q| q.value.to_string()).collect();
    assert_eq!(kept, ["100", "1000000000000000", "1000000000000000"]);
    let rules = jxlint::rules::RuleSet::builtin();
    for text in [report.as_str(), fuzzed] {
        let crashed = jxlint::check_text(text, &rules).into_iter().find(|d| d.rule == "internal-error");
        assert_eq!(crashed, None);
    }
}

/// `coverage-claim` divided evaluated by total without a check: a count written with
/// fourteen decimals made the ratio overflow `Decimal`, and the panic ended the whole folder
/// check (exit 101, no output for the other files). The division is checked now, and every
/// rule runs under the per-file guard (`rules::guard`).
#[test]
fn coverage_ratio_of_a_tiny_total_overflowed_and_ended_the_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tiny = "一、基本情况\n本年度共实施项目0.00000000000001个。\n二、自评情况\n\
                对1000000000000000个项目开展了绩效自评，自评覆盖率100%。\n";
    std::fs::write(dir.path().join("a.txt"), tiny).expect("write");
    std::fs::write(dir.path().join("b.txt"), "截止2024年底，共有编制19人。\n").expect("write");
    let rules = jxlint::rules::RuleSet::builtin();
    let checked = jxlint::rules::guard::check_text(tiny, &rules);
    assert_eq!(checked.crashes, []);
    let out = Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .args(["check", "--format", "concise"])
        .arg(dir.path())
        .output()
        .expect("run jxlint");
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(!stdout.contains("internal-error"), "{stdout}");
    assert!(stdout
        .lines()
        .any(|l| l.ends_with("b.txt:1:1: warning[typo] 疑似错别字：“截止”应为“截至”（表示“到某时为止”应写“截至”）")));
}

/// The first rule of `docs/config.md`'s own example as a rule set.
fn phrase_rule(find: &str, flagged: &str) -> jxlint::rules::RuleSet {
    let toml = format!(
        "[[rule]]\nid = \"banned\"\nkind = \"phrase\"\nsummary = \"s\"\nmessage = \"请勿使用“{{found}}”\"\n\
         [[rule.phrase]]\nfind = '{find}'\nregex = true\n\
         [[rule.example]]\nbad = \"本年度取得了显著成效。\"\nflagged = \"{flagged}\"\ngood = \"本年度完成培训12期。\"\n"
    );
    jxlint::rules::RuleSet::from_toml("t.toml", &toml).expect("rule file compiles")
}

/// A `phrase` regex with groups flagged only its first group: `(取得|获得)了?(显著|明显)成效`
/// reported “取得”. The whole match is flagged; a group named `flag` narrows it on purpose.
#[test]
fn phrase_regex_with_groups_flagged_only_the_first_group() {
    let text = "本年度取得了显著成效。";
    let found = |rules: &jxlint::rules::RuleSet| -> Vec<(std::ops::Range<usize>, String)> {
        jxlint::check_text(text, rules)
            .into_iter()
            .filter(|d| d.rule == "banned")
            .map(|d| (d.span, d.message))
            .collect()
    };
    let whole = phrase_rule("(取得|获得)了?(显著|明显)成效", "取得了显著成效");
    assert_eq!(found(&whole), [(9..30, "请勿使用“取得了显著成效”".to_owned())]);
    let narrowed = phrase_rule("(?<flag>取得|获得)了?(显著|明显)成效", "取得");
    assert_eq!(found(&narrowed), [(9..15, "请勿使用“取得”".to_owned())]);
    for rules in [&whole, &narrowed] {
        assert!(jxlint::config::examples::run_examples(rules).iter().all(|r| r.passed));
    }
    // The built-in template-text's grouped regexes too.
    let template = "三、存在的问题\n请根据实际情况如实填写。要提出合理的建议。\n";
    let flagged: Vec<&str> = jxlint::check_text(template, &jxlint::rules::RuleSet::builtin())
        .into_iter()
        .filter(|d| d.rule == "template-text")
        .map(|d| &template[d.span])
        .collect();
    assert_eq!(flagged, ["请根据实际情况如实填写", "要提出合理的建议"]);
}

/// `jxlint rules --test` passed an example whose finding flagged the wrong text: it only
/// asked whether the rule fired. An example's `flagged` text must be what is flagged.
#[test]
fn rule_examples_did_not_check_what_was_flagged() {
    let results = jxlint::config::examples::run_examples(&phrase_rule("(取得|获得)了?(显著|明显)成效", "取得"));
    let failed: Vec<(bool, &str)> = results.iter().filter(|r| !r.passed).map(|r| (r.bad, r.detail.as_str())).collect();
    assert_eq!(failed, [(true, "：示例应标出“取得”，但标出的是“取得了显著成效”")]);
}

/// After `一、…二、…三、`, a trailing `4、` was taken for the first item under 三 and
/// `heading-numbering` said it should be `1、`; it continues the 一、二、三 sequence.
#[test]
fn heading_after_three_cn_headings_was_told_to_be_1() {
    let text = "一、基本情况\n正文。\n二、预算执行情况\n正文。\n三、存在的问题\n正文。\n4、改进措施\n正文。\n";
    let rules = jxlint::rules::RuleSet::builtin();
    let found: Vec<_> =
        jxlint::check_text(text, &rules).into_iter().filter(|d| d.rule == "heading-numbering").collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    let at = text.find("4、").unwrap();
    assert_eq!(d.span, at..at + "4、".len());
    assert_eq!(d.message, "标题编号有误：“4、”与同级标题的编号样式（“一、”式）不一致，应为“四、”");
    let fix = d.fix.as_ref().expect("a fix");
    assert_eq!((fix.edits[0].span.clone(), fix.edits[0].replacement.as_str()), (at..at + "4、".len(), "四、"));
    // Numbered on across sections (`3、` came before), it is not taken for a top heading.
    let across = "一、基本情况\n1、职能\n2、机构\n二、预算执行情况\n3、收入\n4、支出\n";
    let found: Vec<String> = jxlint::check_text(across, &rules)
        .into_iter()
        .filter(|d| d.rule == "heading-numbering")
        .map(|d| d.message)
        .collect();
    assert!(found.iter().all(|m| !m.contains("四、")), "{found:?}");
}

/// `expenditure-over-budget` (an `equation` rule) printed `-50万元` as `50万元`: the minus
/// sign is read before the number's span and the message quoted only the span.
#[test]
fn negative_amounts_lost_their_sign_in_equation_messages() {
    let text = "本部门全年预算数-100万元，实际支出-50万元。\n";
    let rules = jxlint::rules::RuleSet::builtin();
    let found: Vec<String> = jxlint::check_text(text, &rules)
        .into_iter()
        .filter(|d| d.rule == "expenditure-over-budget")
        .map(|d| d.message)
        .collect();
    assert_eq!(found, ["实际支出超过预算数：实际支出-50万元（第1行）、预算数-100万元（第1行）"]);
}

/// Concise output is read in terminals too: a file name holding `\x1b[31m` recoloured the
/// terminal of whoever ran `jxlint check --format concise` on the folder.
#[test]
fn concise_output_passed_control_characters_from_a_file_name_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let name = "报告\u{1b}[31m红.txt";
    std::fs::write(dir.path().join(name), "截止2024年底，本单位完成了全部工作。\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .args(["check", "--format", "concise", "--select", "typo"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.contains("报告␛[31m红.txt:1:1: warning[typo]"), "{text:?}");
}
