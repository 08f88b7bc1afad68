// jxlint review page: sorting and filtering the report table, linking findings and text.
// Reads only the DOM the renderer wrote (data-* attributes); never builds markup from text.
(function () {
  "use strict";
  var table = document.getElementById("report-table");
  if (!table) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var text = document.getElementById("filter-text");
  var severity = document.getElementById("filter-severity");
  var rule = document.getElementById("filter-rule");
  var count = document.getElementById("filter-count");
  var noMatch = document.getElementById("no-match");
  var ruleButtons = Array.prototype.slice.call(document.querySelectorAll(".rule-filter"));
  // The filters only work with this script, so they are shown only by it.
  document.querySelector(".filters").hidden = false;
  var collator = typeof Intl !== "undefined" ? new Intl.Collator("zh-CN", { numeric: true }) : null;

  function num(row, key) { return Number(row.getAttribute("data-" + key)) || 0; }

  // Sorting: a click sorts by the column (numbers high to low first, text A to Z first); a
  // second click reverses. Ties keep the ranking order so the result is stable.
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    var key = th.getAttribute("data-key");
    if (!key) return;
    var button = th.querySelector("button");
    button.addEventListener("click", function () {
      var isText = th.getAttribute("data-type") === "text";
      var current = th.getAttribute("aria-sort");
      var dir;
      if (current === "none") dir = isText ? "ascending" : "descending";
      else dir = current === "ascending" ? "descending" : "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) {
        if (c.hasAttribute("aria-sort")) c.setAttribute("aria-sort", "none");
      });
      th.setAttribute("aria-sort", dir);
      var sign = dir === "ascending" ? 1 : -1;
      rows.sort(function (a, b) {
        var d;
        if (isText) {
          var x = a.getAttribute("data-" + key), y = b.getAttribute("data-" + key);
          d = collator ? collator.compare(x, y) : (x < y ? -1 : x > y ? 1 : 0);
        } else {
          d = num(a, key) - num(b, key);
        }
        return d * sign || num(a, "rank") - num(b, "rank");
      });
      rows.forEach(function (r) { tbody.appendChild(r); });
    });
  });
  rows.forEach(function (r, i) { r.setAttribute("data-rank", String(i)); });

  // Filtering: text (path or rule id), severity and rule; the report sections below follow.
  function matches(row) {
    var q = text.value.trim().toLowerCase();
    if (q && row.getAttribute("data-path").toLowerCase().indexOf(q) < 0 &&
        row.getAttribute("data-rules").toLowerCase().indexOf(q) < 0) return false;
    switch (severity.value) {
      case "error": if (num(row, "errors") === 0) return false; break;
      case "warning": if (num(row, "warnings") === 0) return false; break;
      case "any": if (num(row, "total") === 0) return false; break;
      case "clean": if (num(row, "total") !== 0) return false; break;
    }
    if (rule.value && row.getAttribute("data-rules").indexOf(" " + rule.value + " ") < 0) return false;
    return true;
  }
  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row);
      row.hidden = !ok;
      if (ok) shown++;
      var section = document.getElementById(row.id.replace(/^row-/, ""));
      if (section) section.hidden = !ok;
    });
    count.textContent = shown === rows.length ? "共 " + rows.length + " 份报告" : "显示 " + shown + " / " + rows.length + " 份报告";
    noMatch.hidden = shown !== 0;
    ruleButtons.forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-rule") === rule.value ? "true" : "false");
    });
  }
  text.addEventListener("input", apply);
  severity.addEventListener("change", apply);
  rule.addEventListener("change", apply);
  document.getElementById("filter-reset").addEventListener("click", function () {
    text.value = ""; severity.value = ""; rule.value = ""; apply();
  });
  ruleButtons.forEach(function (b) {
    b.addEventListener("click", function () {
      var id = b.getAttribute("data-rule");
      rule.value = rule.value === id ? "" : id;
      apply();
      if (rule.value) document.getElementById("reports").scrollIntoView();
    });
  });

  // Finding ↔ text: clicking a finding's position flashes its marks in the text; clicking a
  // mark flashes the findings it belongs to.
  function flash(elements) {
    elements.forEach(function (el) {
      el.classList.remove("flash");
      void el.offsetWidth;
      el.classList.add("flash");
      setTimeout(function () { el.classList.remove("flash"); }, 1600);
    });
  }
  function marksOf(id) {
    return Array.prototype.filter.call(document.querySelectorAll("mark.hl[data-f]"), function (m) {
      return (" " + m.getAttribute("data-f") + " ").indexOf(" " + id + " ") >= 0;
    });
  }
  document.addEventListener("click", function (e) {
    var t = e.target;
    if (!(t instanceof Element)) return;
    var loc = t.closest("a.loc");
    if (loc) { flash(marksOf(loc.getAttribute("data-target"))); return; }
    var mark = t.closest("mark.hl[data-f]");
    if (mark) {
      var ids = mark.getAttribute("data-f").split(" ");
      var items = ids.map(function (id) { return document.getElementById(id); }).filter(Boolean);
      if (items.length) {
        items[0].scrollIntoView({ block: "nearest" });
        flash(items);
      }
    }
  });
  apply();
})();
