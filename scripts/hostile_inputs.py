#!/usr/bin/env python3
"""Writes the hostile inputs of issue 13 (items 3-4) for scripts/bench.sh --hostile.

Usage: hostile_inputs.py OUT_DIR CASE SCALE
Prints the arguments jxlint check takes for the case (one per line). SCALE is 1 for the
size the issue names and 2 for the doubling check. Only the standard library is used, and
every text is written here, in the project's own words.
"""
import os
import sys
import zipfile

# One paragraph block of a report: headings, counts, rates, amounts, as such reports read.
BLOCK = (
    "一、基本情况\n"
    "本年度共实施项目8个，涉及资金120.00万元。其中基础设施项目3个，公共服务项目5个。\n"
    "二、预算执行情况\n"
    "年初预算100.00万元，全年执行95.00万元，预算执行率为95.00%。\n"
    "三、绩效目标完成情况\n"
    "（一）产出指标：完成道路维修12公里，完成率100%；培训人员300人次。\n"
    "（二）效益指标：群众满意度达到96%，较上年提高2个百分点。\n"
    "四、存在的问题\n"
    "部分项目前期准备不足，资金拨付进度偏慢。\n"
)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
        f.write(data)


def repeat_to(unit, size):
    n = max(1, size // len(unit.encode("utf-8")))
    return unit * n


def docx(path, text_bytes):
    """A .docx whose document.xml holds about text_bytes of text; repetition compresses
    it to a few hundred KB."""
    para = "<w:p><w:r><w:t>" + "本单位认真开展绩效自评工作，各项指标均已完成。" * 20 + "</w:t></w:r></w:p>"
    per = len(("本单位认真开展绩效自评工作，各项指标均已完成。" * 20).encode("utf-8"))
    head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("word/document.xml", "w") as f:
            f.write(head.encode())
            chunk = (para * 1000).encode("utf-8")
            for _ in range(max(1, text_bytes // (per * 1000))):
                f.write(chunk)
            f.write(b"</w:body></w:document>")


def folder(out, n, text):
    for i in range(n):
        write(os.path.join(out, "d%02d" % (i % 100), "r%05d.txt" % i), text)


def main():
    out, case, scale = sys.argv[1], sys.argv[2], int(sys.argv[3])
    mb = 1024 * 1024
    d = os.path.join(out, "%s-x%d" % (case, scale))
    args = []
    if case in ("report-50mb", "report-25mb"):
        # 49 MB: just under the default --max-file-size; the 25 MB one doubles to it.
        size = (49 * mb if case == "report-50mb" else 49 * mb // 2) * scale
        p = os.path.join(d, "r.txt")
        write(p, repeat_to(BLOCK, size))
        args = ["--max-file-size", str(200 * mb), p]
    elif case == "consensus":
        p = os.path.join(d, "r.txt")
        write(p, repeat_to("项目8个，\n", 2 * mb * scale))
        args = [p]
    elif case == "rate-line":
        p = os.path.join(d, "r.txt")
        write(p, repeat_to("预算100万元，执行95万元，执行率为95%，", 2 * mb * scale) + "\n")
        args = [p]
    elif case == "cell-lines":
        # One cell per line with a trailing ` |` and no header: a table-like run that is
        # read once, not once per line.
        p = os.path.join(d, "r.txt")
        write(p, repeat_to("项目 |\n100 |\n95 |\n95% |\n", 2 * mb * scale))
        args = [p]
    elif case == "count-sentence":
        # One 2 MB sentence of counts: each statement's context is read near it only.
        p = os.path.join(d, "r.txt")
        write(p, repeat_to("自评覆盖率100%，开展自评项目12个，共有项目三个，", 2 * mb * scale) + "\n")
        args = [p]
    elif case == "fix-diff":
        # A fix on every line: `--diff` compares only the lines the fixes touched.
        p = os.path.join(d, "r.txt")
        write(p, repeat_to("截止2024年底，共有编制19人。\n", 4 * mb * scale))
        args = ["--diff", p]
    elif case == "halfwidth-paren":
        p = os.path.join(d, "r.txt")
        write(p, "中(" * (200000 * scale) + "\n")
        args = [p]
    elif case == "count-mismatch-4mb":
        p = os.path.join(d, "r.txt")
        write(p, repeat_to(BLOCK, 4 * mb * scale))
        args = [p]
    elif case in ("junit-20k", "sarif-20k", "rdjson-20k"):
        folder(d, 20000 * scale, "本单位工作有成效;群众满意(较高)。\n")
        fmt = case.split("-")[0]
        args = ["--format", fmt, d]
    elif case in ("sarif-5mb", "rdjson-5mb"):
        # Two findings a line and no numbers: what is measured is the output's memory, not
        # the numeric rules (count-mismatch-4mb and consensus measure those).
        p = os.path.join(d, "r.txt")
        write(p, repeat_to("截止目前，各项工作;全部完成。\n", 5 * mb * scale))
        args = ["--format", case.split("-")[0], p]
    elif case == "docx-100mb-text":
        p = os.path.join(d, "r.docx")
        docx(p, 100 * mb * scale)
        args = [p]
    elif case == "docx-two":
        for name in ("a.docx", "b.docx"):
            docx(os.path.join(d, name), 100 * mb * scale)
        args = [d]
    elif case in ("overrides-1k", "overrides-10k"):
        n = (1000 if case == "overrides-1k" else 10000) * scale
        cfg = "".join(
            '[[override]]\nfiles = ["d%d/**"]\n[override.rules.typo]\nseverity = "%s"\n'
            % (i, "error" if i % 2 else "info") for i in range(n))
        write(os.path.join(d, "jxlint.toml"), cfg)
        for i in range(10):
            write(os.path.join(d, "d%d" % i, "r.txt"), BLOCK)
        args = [d]
    else:
        sys.exit("unknown case " + case)
    print("\n".join(args))


if __name__ == "__main__":
    main()
