#!/usr/bin/env python3
"""Builds the workbook and PDF fixtures in fixtures/inputs/ the way users make them: with
LibreOffice (Debian's libreoffice-calc/-writer, headless), from flat OpenDocument files
written here; then the damaged variants a submission folder really contains.

Needs: soffice, pdftoppm (poppler-utils), img2pdf, qpdf, python3-pikepdf and a CJK font
(fonts-wqy-microhei). Run from the repository root:

    /usr/bin/python3 scripts/make_fixtures.py

It writes:
  自评表.xlsx / 自评表.fods   two project sheets (merged header cells, percentage format,
                              formulas); 项目A has planted table errors, 项目B is clean
  自评表.xls                  the same workbook in Excel 97–2003 (BIFF8) form
  自评表.txt                  the same two sheets typed as pipe tables, as they display
  自评表-缓存过期.xlsx        自评表.xlsx with one formula's cached value changed, as a
                              script that writes cells without recalculating leaves it
  报告.fodt -> 报告.pdf, 报告.docx, and 报告.txt (the same report as plain text): running
                              header, page-number footer, a table, long wrapped paragraphs,
                              planted rate and sum errors
  报告-扫描件.pdf             page images of 报告.pdf only (no text layer)
  报告-无字符映射.pdf         报告.pdf with every /ToUnicode map removed
  报告-加密.pdf               报告.pdf with an open password
  报告-炸弹-仅权限密码.pdf    a one-page PDF whose content stream is deflated twice over
                              600 MB of spaces, encrypted with an owner password only (it
                              opens without one, so its streams are ciphertext on disk)
"""
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "inputs")

# ---------------------------------------------------------------- workbook
# A cell: (display text, value type, value, style, formula, col span, row span)
# value types: "string", "float", "percentage"; style: None, "pct", "dp2".


def s(text, cols=1, rows=1):
    return dict(text=text, type="string", cols=cols, rows=rows)


def n(value, text=None, style=None, formula=None, cols=1, rows=1, kind="float"):
    return dict(text=text if text is not None else fmt_general(value), type=kind, value=value, style=style,
                formula=formula, cols=cols, rows=rows)


def fmt_general(v):
    return ("%.10f" % v).rstrip("0").rstrip(".")


COVER = None  # a cell covered by a merge


def sheet_a():
    return [
        [s("项目名称"), s("社区养老服务补贴", cols=7)] + [COVER] * 6,
        [s("项目资金（万元）"), s("年初预算数"), s("全年预算数"), s("全年执行数"), s("分值"), s("执行率"), s("得分", cols=2), COVER],
        [s("年度资金总额"), n(200), n(200), n(190), n(10),
         n(0.95, "95.00%", "pct", "of:=[.D3]/[.C3]", kind="percentage"), n(9.8, cols=2), COVER],
        [s(h) for h in ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]],
        [s("产出指标（50分）", rows=4), s("数量指标"), s("服务老人人数"), s("≥1200人"), s("1100人"), n(20), n(18), s("无")],
        [COVER, s("质量指标"), s("服务合格率"), s("95%"), s("98%"), n(15), n(15), s("")],
        [COVER, s("时效指标"), s("补贴发放及时率"), s("≥95%"), s("100%"), n(10), n(10), s("")],
        [COVER, s("成本指标"), s("人均补贴标准"), s("≤1600元"), s("1580元"), n(5), n(5), s("")],
        [s("效益指标（30分）", rows=2), s("社会效益指标"), s("老年人生活质量"), s("明显改善"), s("达成年度指标"), n(20), n(20), s("")],
        [COVER, s("可持续影响指标"), s("助餐点持续运营率"), s("≥90%"), s("100%"), n(10), n(10), s("")],
        [s("满意度指标（10分）"), s("服务对象满意度指标"), s("老人满意度"), s("≥90%"), s("95%"), n(10), n(10), s("")],
        [s("总分"), s(""), s(""), s(""), s(""), n(100, formula="of:=SUM([.E3];[.F5:.F11])"),
         n(97.8, formula="of:=SUM([.G3];[.G5:.G11])"), s("")],
    ]


def sheet_b():
    return [
        [s("项目名称"), s("社区助餐点建设", cols=7)] + [COVER] * 6,
        [s("项目资金（万元）"), s("年初预算数"), s("全年预算数"), s("全年执行数"), s("分值"), s("执行率"), s("得分", cols=2), COVER],
        [s("年度资金总额"), n(200, "200.00", "dp2"), n(200, "200.00", "dp2"), n(190, "190.00", "dp2"), n(10),
         n(0.95, "95.00%", "pct", "of:=[.D3]/[.C3]", kind="percentage"), n(9.5, cols=2), COVER],
        [s(h) for h in ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]],
        [s("产出指标（50分）", rows=4), s("数量指标"), s("新建助餐点数量"), s("≥12个"), s("12个"), n(20), n(20), s("")],
        [COVER, s("质量指标"), s("验收合格率"), s("≥95%"), s("98%"), n(15), n(15), s("")],
        [COVER, s("时效指标"), s("按期完工率"), s("≥95%"), s("100%"), n(10), n(10), s("")],
        [COVER, s("成本指标"), s("单个助餐点建设成本"), s("≤16万元"), s("15.8万元"), n(5), n(5), s("")],
        [s("效益指标（30分）", rows=2), s("社会效益指标"), s("老年人就餐便利程度"), s("明显改善"), s("达成年度指标"), n(20), n(18), s("")],
        [COVER, s("可持续影响指标"), s("助餐点持续运营率"), s("≥90%"), s("100%"), n(10), n(10), s("")],
        [s("满意度指标（10分）"), s("服务对象满意度指标"), s("老人满意度"), s("≥90%"), s("95%"), n(10), n(10), s("")],
        [s("总分"), s(""), s(""), s(""), s(""), n(100, formula="of:=SUM([.E3];[.F5:.F11])"),
         n(97.5, formula="of:=SUM([.G3];[.G5:.G11])"), s("")],
    ]


def fods(sheets):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
           'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
           'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
           'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
           'office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">',
           '<office:automatic-styles>',
           '<number:percentage-style style:name="Npct"><number:number number:decimal-places="2" '
           'number:min-decimal-places="2" number:min-integer-digits="1"/><number:text>%</number:text>'
           '</number:percentage-style>',
           '<number:number-style style:name="Ndp2"><number:number number:decimal-places="2" '
           'number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/>'
           '</number:number-style>',
           '<style:style style:name="pct" style:family="table-cell" style:data-style-name="Npct"/>',
           '<style:style style:name="dp2" style:family="table-cell" style:data-style-name="Ndp2"/>',
           '</office:automatic-styles><office:body><office:spreadsheet>']
    for name, rows in sheets:
        out.append('<table:table table:name="%s">' % escape(name))
        for row in rows:
            out.append("<table:table-row>")
            for c in row:
                if c is COVER:
                    out.append("<table:covered-table-cell/>")
                    continue
                attrs = []
                if c["cols"] > 1:
                    attrs.append('table:number-columns-spanned="%d"' % c["cols"])
                if c["rows"] > 1:
                    attrs.append('table:number-rows-spanned="%d"' % c["rows"])
                if c["type"] == "string":
                    if not c["text"]:
                        out.append("<table:table-cell/>")
                        continue
                    attrs.append('office:value-type="string"')
                else:
                    attrs.append('office:value-type="%s" office:value="%s"' % (c["type"], repr(c["value"])))
                    if c.get("style"):
                        attrs.append('table:style-name="%s"' % c["style"])
                    if c.get("formula"):
                        attrs.append('table:formula="%s"' % escape(c["formula"]))
                out.append("<table:table-cell %s><text:p>%s</text:p></table:table-cell>" % (" ".join(attrs), escape(c["text"])))
            out.append("</table:table-row>")
        out.append("</table:table>")
    out.append("</office:spreadsheet></office:body></office:document>")
    return "\n".join(out)


def pipe_text(sheets):
    """The sheets as a person types them from the screen: merged cells once, in their
    first cell, numbers as displayed."""
    lines = []
    for name, rows in sheets:
        lines.append(name)
        for row in rows:
            lines.append("|" + "|".join("" if c is COVER else c["text"] for c in row) + "|")
        lines.append("")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- report
TITLE = "2024年度乡村道路硬化项目支出绩效自评报告"
REPORT = [
    ("h", "一、项目基本情况"),
    ("h", "（一）项目概况"),
    ("p", "本项目由县农业农村局组织实施，主要用于农村道路硬化和小型水利设施维修，覆盖全县12个乡镇的38个行政村。"
          "项目按照“先急后缓、突出重点”的原则安排建设内容，优先解决群众反映集中的断头路、泥泞路问题，同时对年久失修的"
          "灌溉渠道和小型提灌站进行维修加固，项目实施周期为2024年1月至2024年12月。"),
    ("h", "（二）项目资金情况"),
    ("p", "2024年度项目预算资金120.50万元，实际到位资金120.50万元，实际支出115.20万元，预算执行率96.60%。"
          "资金严格按照专项资金管理办法拨付使用，实行专账核算、专款专用，未发现截留、挤占和挪用资金的情况，资金支付均有"
          "完整的审批手续和原始凭证。"),
    ("p", "项目资金共1,205,000元，其中：中央资金800,000元，省级资金300,000元，县级资金205,000元。"),
    ("break", ""),
    ("h", "二、绩效目标完成情况"),
    ("h", "（一）年度绩效目标"),
    ("p", "完成农村道路硬化12公里，维修小型水利设施35处，受益群众满意度不低于90%。"),
    ("h", "（二）绩效指标完成情况"),
    ("table", [["指标", "年度指标值", "实际完成值"],
               ["道路硬化里程", "12公里", "12.3公里"],
               ["维修水利设施", "35处", "35处"],
               ["工程验收合格率", "100%", "100%"]]),
    ("p", "社会效益方面，项目改善了3个行政村的出行条件，受益群众4200人，沿线群众农产品运输成本明显下降，"
          "雨季出行难的问题得到根本解决；生态效益方面，维修后的灌溉渠道减少了渗漏损失，有效灌溉面积有所增加。"),
    ("p", "服务对象满意度96%。"),
    ("break", ""),
    ("h", "三、存在的问题"),
    ("p", "部分工程进度滞后，截至2024年10月仍有2处水利设施未完工，主要原因是汛期施工条件受限以及个别村组在占地协调上"
          "耗时较长，影响了整体进度安排。"),
    ("h", "四、改进措施"),
    ("p", "加强工程调度，安排专人跟踪项目进度，对滞后工程实行挂图作战、倒排工期，确保在下一年度汛期前全部完工并投入使用。"),
]


def report_txt():
    lines = [TITLE]
    for kind, body in REPORT:
        if kind in ("h", "p"):
            lines.append(body)
        elif kind == "table":
            lines.extend("|" + "|".join(r) + "|" for r in body)
    return "\n".join(lines) + "\n"


def fodt():
    para = []
    for kind, body in REPORT:
        if kind == "h":
            para.append('<text:p text:style-name="H">%s</text:p>' % escape(body))
        elif kind == "p":
            para.append('<text:p text:style-name="P">%s</text:p>' % escape(body))
        elif kind == "break":
            para.append('<text:p text:style-name="Break"/>')
        elif kind == "table":
            para.append('<table:table table:name="T1"><table:table-column table:number-columns-repeated="%d"/>' % len(body[0]))
            for r in body:
                para.append("<table:table-row>" + "".join(
                    '<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % escape(c)
                    for c in r) + "</table:table-row>")
            para.append("</table:table>")
    font = 'style:font-name="WenQuanYi Micro Hei" style:font-name-asian="WenQuanYi Micro Hei"'
    return """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="WenQuanYi Micro Hei" svg:font-family="'WenQuanYi Micro Hei'"/></office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph"><style:text-properties %(font)s fo:font-size="14pt" style:font-size-asian="14pt" fo:language="zh" fo:country="CN"/></style:default-style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="H" style:family="paragraph"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
 <style:style style:name="P" style:family="paragraph"><style:paragraph-properties fo:text-indent="0.99cm" fo:text-align="justify"/></style:style>
 <style:style style:name="Break" style:family="paragraph"><style:paragraph-properties fo:break-after="page"/></style:style>
 <style:style style:name="Center" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>
 <style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2.6cm" fo:margin-right="2.6cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.5cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.5cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="PL">
 <style:header><text:p text:style-name="Center">%(title)s</text:p></style:header>
 <style:footer><text:p text:style-name="Center">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>
</style:master-page></office:master-styles>
<office:body><office:text>
<text:p text:style-name="Center">%(title)s</text:p>
%(body)s
</office:text></office:body></office:document>
""" % dict(font=font, title=escape(TITLE), body="\n".join(para))


# ---------------------------------------------------------------- helpers
def soffice(src, fmt, outdir):
    profile = tempfile.mkdtemp(prefix="jxlint-lo-")
    try:
        subprocess.run(["soffice", "-env:UserInstallation=file://" + profile, "--headless", "--convert-to", fmt,
                        "--outdir", outdir, src], check=True, stdout=subprocess.DEVNULL)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def stale_cache(src, dst, sheet_xml, cell, new_value):
    """Rewrites one cell's cached value, leaving its formula: what a tool that edits cells
    without recalculating leaves behind."""
    import re
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == sheet_xml:
                text = data.decode("utf-8")
                pattern = r'(<c r="%s"[^>]*>\s*<f[^>]*>[^<]*</f>\s*<v>)[^<]*(</v>)' % cell
                text, count = re.subn(pattern, r"\g<1>%s\g<2>" % new_value, text)
                if count != 1:
                    sys.exit("stale_cache: cell %s not found with a formula in %s" % (cell, sheet_xml))
                data = text.encode("utf-8")
            zout.writestr(item, data)


def bomb_pdf():
    """One page whose content stream, [/FlateDecode /FlateDecode], decodes to 600 MB."""
    import zlib
    inner = zlib.compress(b" " * (600 * 1024 * 1024) + b"BT /F1 12 Tf 72 700 Td (hello) Tj ET", 9)
    data = zlib.compress(inner, 9)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(data) + data + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def encrypted_bomb(tmp):
    """qpdf, not pikepdf: pikepdf re-encodes the streams of a file it encrypts, so the
    doubled Flate would be saved as one."""
    plain = os.path.join(tmp, "炸弹.pdf")
    with open(plain, "wb") as f:
        f.write(bomb_pdf())
    subprocess.run(["qpdf", "--stream-data=preserve", "--encrypt", "", "jxlint-owner", "256", "--", plain,
                    os.path.join(OUT, "报告-炸弹-仅权限密码.pdf")], check=True)


def main():
    import pikepdf
    os.makedirs(OUT, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="jxlint-fixtures-")
    sheets = [("项目A", sheet_a()), ("项目B", sheet_b())]
    with open(os.path.join(OUT, "自评表.fods"), "w", encoding="utf-8") as f:
        f.write(fods(sheets))
    with open(os.path.join(OUT, "自评表.txt"), "w", encoding="utf-8") as f:
        f.write(pipe_text(sheets))
    soffice(os.path.join(OUT, "自评表.fods"), "xlsx", OUT)
    soffice(os.path.join(OUT, "自评表.fods"), "xls", OUT)
    stale_cache(os.path.join(OUT, "自评表.xlsx"), os.path.join(OUT, "自评表-缓存过期.xlsx"),
                "xl/worksheets/sheet1.xml", "G12", "98.8")

    with open(os.path.join(OUT, "报告.txt"), "w", encoding="utf-8") as f:
        f.write(report_txt())
    src = os.path.join(tmp, "报告.fodt")
    with open(src, "w", encoding="utf-8") as f:
        f.write(fodt())
    soffice(src, "pdf", OUT)
    soffice(src, "docx:MS Word 2007 XML", OUT)
    pdf = os.path.join(OUT, "报告.pdf")

    # A scan: the pages as pictures, nothing else.
    subprocess.run(["pdftoppm", "-r", "60", "-gray", "-png", pdf, os.path.join(tmp, "page")], check=True)
    pngs = sorted(os.path.join(tmp, p) for p in os.listdir(tmp) if p.startswith("page"))
    subprocess.run(["img2pdf", "-o", os.path.join(OUT, "报告-扫描件.pdf")] + pngs, check=True)

    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            for _, font in (page.Resources.get("/Font") or {}).items():
                if "/ToUnicode" in font:
                    del font["/ToUnicode"]
        doc.save(os.path.join(OUT, "报告-无字符映射.pdf"))
    with pikepdf.open(pdf) as doc:
        doc.save(os.path.join(OUT, "报告-加密.pdf"),
                 encryption=pikepdf.Encryption(user="jxlint", owner="jxlint-owner", R=4))
    encrypted_bomb(tmp)
    shutil.rmtree(tmp, ignore_errors=True)
    print("fixtures written to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
