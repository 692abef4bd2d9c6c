// Keyboard shortcuts for the review queue. The pages work without this file;
// it only finds the same buttons a mouse would press. No inline script (CSP).
(function () {
  "use strict";
  var KEY = "moderation.queue.current";

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("[data-row]")); }
  function current() { return document.querySelector("[data-row].is-current"); }

  function setCurrent(index) {
    var all = rows();
    if (!all.length) { return; }
    index = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (row, i) { row.classList.toggle("is-current", i === index); });
    all[index].scrollIntoView({ block: "nearest" });
    try { sessionStorage.setItem(KEY, String(index)); } catch (e) { /* private mode */ }
  }

  function move(step) {
    var all = rows(), now = all.indexOf(current());
    setCurrent(now < 0 ? 0 : now + step);
  }

  function press(selector) {
    var row = current() || document;
    var button = row.querySelector(selector) || document.querySelector(selector);
    if (button && !button.disabled) {
      button.click();
      return true;
    }
    return false;
  }

  function toggleHelp() {
    var help = document.getElementById("help");
    if (help) { help.hidden = !help.hidden; }
  }

  function updateSelected() {
    var boxes = document.querySelectorAll("input[name=ids]");
    var count = 0;
    boxes.forEach(function (box) {
      var row = box.closest("[data-row]");
      if (row) { row.classList.toggle("is-selected", box.checked); }
      if (box.checked) { count += 1; }
    });
    var out = document.querySelector("[data-selected-count]");
    if (out) { out.textContent = String(count); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) {
      if (event.key === "Escape" && target.blur) { target.blur(); }
      return;
    }
    var handled = true;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": handled = press("button[data-key=a]"); break;
      case "r": handled = press("button[data-key=r]"); break;
      case "h": handled = press("button[data-key=h]"); break;
      case "u": handled = press("#undo-last"); break;
      case "o":
      case "Enter": {
        var link = current() && current().querySelector("[data-open]");
        if (link) { link.click(); } else { handled = false; }
        break;
      }
      case "x": {
        var box = current() && current().querySelector("input[name=ids]");
        if (box) { box.checked = !box.checked; updateSelected(); } else { handled = false; }
        break;
      }
      case "?": toggleHelp(); break;
      case "Escape": { var help = document.getElementById("help"); if (help) { help.hidden = true; } break; }
      default: handled = false;
    }
    if (handled) { event.preventDefault(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-help-toggle]").forEach(function (el) { el.addEventListener("click", toggleHelp); });
    var all = document.querySelector("[data-select-all]");
    if (all) {
      all.addEventListener("change", function () {
        document.querySelectorAll("input[name=ids]").forEach(function (box) { box.checked = all.checked; });
        updateSelected();
      });
    }
    document.querySelectorAll("input[name=ids]").forEach(function (box) { box.addEventListener("change", updateSelected); });
    rows().forEach(function (row, i) { row.addEventListener("click", function () { setCurrent(i); }); });
    var start = 0;
    try { start = parseInt(sessionStorage.getItem(KEY) || "0", 10) || 0; } catch (e) { start = 0; }
    if (document.body.classList.contains("page-queue")) { setCurrent(start); } else { setCurrent(0); }
    document.body.classList.add("js");
  });
}());
