// Science City, the usage page: internal/external machine-hours per instrument, drawn from the table beside it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("usage-chart");
    var table = document.getElementById("usage-table");
    if (!box || !table || typeof echarts === "undefined") {
      return;
    }
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-code]"));
    var codes = rows.map(function (r) { return r.dataset.code; });
    function column(name) {
      return rows.map(function (r) { return Math.round(Number(r.dataset[name]) * 10) / 10; });
    }
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
        { name: box.dataset.internal, type: "bar", stack: "h", data: column("internal"), itemStyle: { color: "#9aa7b6" } },
        { name: box.dataset.external, type: "bar", stack: "h", data: column("external"), itemStyle: { color: "#0b5cad" } },
        { name: box.dataset.unclassified, type: "bar", stack: "h", data: column("unclassified"), itemStyle: { color: "#d9a400" } }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
