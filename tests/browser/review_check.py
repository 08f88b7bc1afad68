#!/usr/bin/env python3
"""Checks jxlint's HTML review page in headless Chromium through chromedriver.

Run by tests/html_browser.rs; usable by hand:

    python3 tests/browser/review_check.py --page review.html --expect expect.json \
        --screenshot target/html-review.png

Speaks the W3C WebDriver protocol with the standard library only (no Selenium, nothing to
download), so CI needs just Debian's `chromium` and `chromium-driver`. Exits 0 when every
check passes; otherwise prints what failed and exits 1.
"""

import argparse
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,800",
]
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
DEADLINE = time.monotonic() + 180


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)
    print("ok   " + what)


class WebDriver:
    def __init__(self, port):
        self.base = "http://127.0.0.1:%d" % port
        self.session = None

    def call(self, method, path, body=None):
        if time.monotonic() > DEADLINE:
            raise Failure("browser check took longer than 180 s")
        url = self.base + path
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.load(r).get("value")
        except urllib.error.HTTPError as e:
            payload = json.load(e)
            raise WebDriverError(payload.get("value", {}).get("error", str(e)), payload) from None

    def s(self, method, path, body=None):
        return self.call(method, "/session/%s%s" % (self.session, path), body)

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        value = self.s("POST", "/element", {"using": "css selector", "value": css})
        if not isinstance(value, dict) or ELEMENT not in value:
            raise Failure("no element %s: %r" % (css, value))
        return value[ELEMENT]

    def click(self, css):
        el = self.find(css)
        self.js("arguments[0].scrollIntoView({block: 'center'});", {ELEMENT: el})
        self.s("POST", "/element/%s/click" % el, {})

    def type(self, css, text):
        el = self.find(css)
        self.s("POST", "/element/%s/clear" % el, {})
        self.s("POST", "/element/%s/value" % el, {"text": text})


class WebDriverError(Exception):
    def __init__(self, error, payload):
        super().__init__(error)
        self.error = error
        self.payload = payload


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_driver(chromedriver):
    port = free_port()
    proc = subprocess.Popen([chromedriver, "--port=%d" % port], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wd = WebDriver(port)
    for _ in range(100):
        try:
            if wd.call("GET", "/status").get("ready"):
                return proc, wd
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.1)
    proc.kill()
    raise Failure("chromedriver did not start")


def no_alert(wd):
    try:
        text = wd.s("GET", "/alert/text")
    except WebDriverError as e:
        return e.error == "no such alert"
    print("alert opened: %r" % text)
    return False


def visible_rows(wd):
    return wd.js(
        "return Array.from(document.querySelectorAll('#report-table tbody tr'))"
        ".filter(r => !r.hidden).map(r => r.getAttribute('data-path'));"
    )


def column(wd, key):
    return wd.js(
        "return Array.from(document.querySelectorAll('#report-table tbody tr'))"
        ".map(r => r.getAttribute('data-' + arguments[0]));",
        key,
    )


def run(args, wd):
    expect = json.load(open(args.expect, encoding="utf-8"))
    # The viewport of a 1280×800 laptop screen, whatever the window decorations.
    wd.s("POST", "/goog/cdp/execute", {"cmd": "Emulation.setDeviceMetricsOverride",
                                       "params": {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False}})
    wd.s("POST", "/url", {"url": "file://" + os.path.abspath(args.page)})

    # Injection: the fixture's report text holds <script>alert(1)</script> and an
    # <img onerror=alert(2)>; neither may run, both must show as text.
    check(no_alert(wd), "no alert opened by report text")
    check(wd.js("return document.scripts.length;") == 1, "the page has exactly one script, its own")
    check(wd.js("return document.images.length;") == 0, "no <img> element was created from report text")
    body = wd.js("return document.body.textContent;")
    for literal in expect["literals"]:
        check(literal in body, "shown literally: %s" % literal)
    errors = wd.js("return document.querySelectorAll('.finding').length;")
    check(errors == len(expect["findings"]), "%d findings listed (expected %d)" % (errors, len(expect["findings"])))

    # Every finding is highlighted over exactly its text, in a visible colour.
    for f in expect["findings"]:
        got = wd.js(
            "var id = arguments[0];"
            "var marks = Array.from(document.querySelectorAll('mark.hl[data-f]'))"
            "  .filter(m => m.getAttribute('data-f').split(' ').indexOf(id) >= 0);"
            "return {text: marks.map(m => m.textContent).join(''), n: marks.length,"
            "  bg: marks.length ? getComputedStyle(marks[0]).backgroundColor : '',"
            "  border: marks.length ? getComputedStyle(marks[0]).borderLeftColor + getComputedStyle(marks[0]).borderBottomColor : '',"
            "  card: !!document.getElementById(id)};",
            f["id"],
        )
        check(got["card"], "%s (%s) has a card" % (f["id"], f["rule"]))
        if f["text"]:
            check(got["text"] == f["text"], "%s (%s) highlights %r (got %r)" % (f["id"], f["rule"], f["text"], got["text"]))
            check(got["bg"] not in ("", "rgba(0, 0, 0, 0)", "transparent"), "%s is drawn with a background" % f["id"])
        elif expect["has_text"][f["id"].split("-")[0]]:
            check(got["n"] >= 1 and got["border"], "%s is drawn as a caret" % f["id"])

    # Screenshot of the overview, as a person first sees it at 1280×800.
    os.makedirs(os.path.dirname(os.path.abspath(args.screenshot)), exist_ok=True)
    png = base64.b64decode(wd.s("GET", "/screenshot"))
    open(args.screenshot, "wb").write(png)
    check(png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10000, "screenshot saved to %s" % args.screenshot)
    size = (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big"))
    check(size == (1280, 800), "screenshot is 1280×800 (got %d×%d)" % size)
    width = wd.js("return document.documentElement.scrollWidth;")
    check(width <= 1280, "no horizontal scrolling at 1280 px (page is %d px wide)" % width)

    # Sorting: scripted clicks on the headers.
    n = len(expect["paths"])
    check(len(visible_rows(wd)) == n, "all %d reports listed" % n)
    wd.click('th[data-key="score"] button')
    scores = [int(x) for x in column(wd, "score")]
    check(scores == sorted(scores, reverse=True), "score sorted high to low: %s" % scores)
    wd.click('th[data-key="score"] button')
    scores = [int(x) for x in column(wd, "score")]
    check(scores == sorted(scores), "second click sorts low to high: %s" % scores)
    check(wd.js("return document.querySelector('th[data-key=\"score\"]').getAttribute('aria-sort');") == "ascending",
          "aria-sort tells the direction")
    wd.click('th[data-key="path"] button')
    paths = column(wd, "path")
    check(paths == expect["paths_sorted"], "reports sorted by name: %s" % paths)
    wd.click('th[data-key="errors"] button')
    errs = [int(x) for x in column(wd, "errors")]
    check(errs == sorted(errs, reverse=True), "errors sorted high to low: %s" % errs)

    # Filtering: text, severity, rule (from the chart), reset.
    wd.type("#filter-text", expect["filter_text"]["query"])
    check(visible_rows(wd) == expect["filter_text"]["rows"], "text filter keeps %s" % expect["filter_text"]["rows"])
    hidden_sections = wd.js("return Array.from(document.querySelectorAll('section.report')).filter(s => s.hidden).length;")
    check(hidden_sections == n - len(expect["filter_text"]["rows"]), "report sections follow the filter")
    wd.click("#filter-reset")
    check(len(visible_rows(wd)) == n, "reset shows all reports")
    wd.click('#filter-severity option[value="error"]')
    check(sorted(visible_rows(wd)) == sorted(expect["with_errors"]), "severity filter keeps reports with errors")
    wd.click("#filter-reset")
    rule = expect["filter_rule"]
    wd.click('button.rule-filter[data-rule="%s"]' % rule["rule"])
    check(sorted(visible_rows(wd)) == sorted(rule["rows"]), "clicking %s in the chart keeps %s" % (rule["rule"], rule["rows"]))
    shown = wd.js("return document.getElementById('filter-count').textContent;")
    check(shown == "显示 %d / %d 份报告" % (len(rule["rows"]), n), "count says %r" % shown)
    check(wd.js("return document.getElementById('filter-rule').value;") == rule["rule"], "rule select follows the chart")
    wd.type("#filter-text", "不存在的报告")
    check(wd.js("return !document.getElementById('no-match').hidden;"), "an empty result says so")
    wd.click("#filter-reset")
    check(len(visible_rows(wd)) == n, "reset again shows all reports")

    # From a finding to its text: the marks flash.
    first = next(f for f in expect["findings"] if f["text"])
    wd.click('a.loc[data-target="%s"]' % first["id"])
    flashed = wd.js(
        "return Array.from(document.querySelectorAll('mark.flash')).map(m => m.getAttribute('data-f'));"
    )
    check(flashed and all(first["id"] in f.split(" ") for f in flashed), "clicking a finding flashes its marks")
    wd.js("document.getElementById(arguments[0]).scrollIntoView();", expect["report_view"])
    png = base64.b64decode(wd.s("GET", "/screenshot"))
    report_shot = args.screenshot.replace(".png", "-report.png")
    open(report_shot, "wb").write(png)
    check(len(png) > 10000, "report screenshot saved to %s" % report_shot)

    # Printable: Chromium prints it to PDF, one page or more per report.
    pdf = base64.b64decode(wd.s("POST", "/print", {"background": True}))
    pdf_path = args.screenshot.replace(".png", ".pdf")
    open(pdf_path, "wb").write(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    check(pdf[:5] == b"%PDF-" and pages >= n, "print to PDF gives %d pages (%s)" % (pages, pdf_path))
    check(no_alert(wd), "still no alert at the end")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--page", required=True)
    ap.add_argument("--expect", required=True)
    ap.add_argument("--screenshot", required=True)
    ap.add_argument("--chromium", default=os.environ.get("JXLINT_CHROMIUM", "/usr/bin/chromium"))
    ap.add_argument("--chromedriver", default=os.environ.get("JXLINT_CHROMEDRIVER", shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    args = ap.parse_args()
    for exe in (args.chromium, args.chromedriver):
        if not (os.path.isfile(exe) and os.access(exe, os.X_OK)):
            print("missing %s (apt-get install -y chromium chromium-driver)" % exe)
            return 1
    profile = tempfile.mkdtemp(prefix="jxlint-chromium-")
    proc, wd = start_driver(args.chromedriver)
    try:
        caps = {
            "browserName": "chrome",
            "unhandledPromptBehavior": "ignore",
            "goog:chromeOptions": {"binary": args.chromium, "args": CHROMIUM_FLAGS + ["--user-data-dir=" + profile]},
        }
        value = wd.call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})
        wd.session = value["sessionId"]
        run(args, wd)
        print("browser checks passed")
        return 0
    except (Failure, WebDriverError) as e:
        print("FAIL " + str(e))
        return 1
    finally:
        if wd.session:
            try:
                wd.call("DELETE", "/session/" + wd.session)
            except Exception:
                pass
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
