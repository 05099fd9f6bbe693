// Science City, the agency's voucher dashboard: each bar chart drawn from the table beside it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof echarts === "undefined") {
      return;
    }
    var charts = [];
    Array.prototype.forEach.call(document.querySelectorAll(".spend-chart"), function (box) {
      var table = document.getElementById(box.dataset.table);
      if (!table) {
        return;
      }
      var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-label]"));
      var chart = echarts.init(box, null, { renderer: "svg" });
      chart.setOption({
        animation: false,
        aria: { enabled: false },
        tooltip: { trigger: "axis" },
        grid: { left: 64, right: 12, top: 24, bottom: 64 },
        xAxis: {
          type: "category",
          data: rows.map(function (r) { return r.dataset.label; }),
          axisLabel: { interval: 0, rotate: rows.length > 2 ? 30 : 0, width: 120, overflow: "truncate" }
        },
        yAxis: { type: "value" },
        series: [{
          name: box.dataset.series,
          type: "bar",
          data: rows.map(function (r) { return Number(r.dataset.spend); }),
          itemStyle: { color: "#0b5cad" }
        }]
      });
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  });
})();
