// Science City, the officer's call dashboard: the oversubscription chart, drawn from the table beside it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("demand-chart");
    var table = document.getElementById("demand-table");
    if (!box || !table || typeof echarts === "undefined") {
      return;
    }
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-code]"));
    var codes = rows.map(function (r) { return r.dataset.code; });
    var requested = rows.map(function (r) { return Number(r.dataset.requested); });
    var offered = rows.map(function (r) { return Number(r.dataset.offered); });
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 48, right: 12, top: 36, bottom: 48 },
      xAxis: { type: "category", data: codes, axisLabel: { interval: 0, rotate: codes.length > 4 ? 30 : 0 } },
      yAxis: { type: "value" },
      series: [
        { name: box.dataset.requested, type: "bar", data: requested, itemStyle: { color: "#0b5cad" } },
        { name: box.dataset.offered, type: "bar", data: offered, itemStyle: { color: "#9aa7b6" } }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
