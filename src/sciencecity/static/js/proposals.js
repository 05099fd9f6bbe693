// Science City, proposal pages: deadlines in the reader's own time, rows added to the proposal form.
(function () {
  "use strict";

  // <time datetime="..." data-local-time> then <span data-local-for>: write the reader's local time there.
  function showLocalTimes(root) {
    root.querySelectorAll("time[data-local-time]").forEach(function (el) {
      var target = el.parentElement && el.parentElement.querySelector("[data-local-for]");
      var when = new Date(el.getAttribute("datetime"));
      if (!target || isNaN(when.getTime())) {
        return;
      }
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
      var text = when.toLocaleString(document.documentElement.lang || undefined, {
        year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit"
      });
      target.textContent = (target.dataset.label || target.textContent.split(/\d/)[0]).trim() + " " + text + " (" + zone + ")";
    });
  }

  // A button data-add-row="requests" copies <template id="requests-empty"> as row number TOTAL_FORMS.
  function addRow(prefix) {
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-empty");
    var rows = document.getElementById(prefix);
    if (!total || !template || !rows) {
      return;
    }
    var index = parseInt(total.value, 10) || 0;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    var number = row.querySelector("[data-row-number]");
    if (number) {
      number.textContent = String(rows.querySelectorAll("[data-row]").length + 1);
    }
    rows.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input, select, textarea");
    if (first) {
      first.focus();
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-add-row]");
    if (button) {
      addRow(button.getAttribute("data-add-row"));
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-local-for]").forEach(function (el) {
      el.dataset.label = el.textContent.split(/\d/)[0];
    });
    showLocalTimes(document);
  });
})();
