// Science City, the allocation pages: the Gantt of a run and its figures, drawn from the tables beside them.
//
// The tables are the accessible form of each chart and its only data source: every bar is a row
// <tr data-instrument data-kind="booked|pinned|down" data-start data-end data-label data-title data-score
// data-request>, times ISO 8601 with their offset. An officer may drag a booked bar to another start or
// instrument: the move is posted to the pin form's address (the box's data-pin-url) as an ordinary form,
// so the server answers with the same feasibility check as the form in each row.
(function () {
  "use strict";

  var COLOURS = { booked: "#0b5cad", pinned: "#7a3db8", down: "#b8c0cc" };
  var DAY = 24 * 3600 * 1000;

  function rowsOf(table) {
    return Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-instrument]"));
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // The facility's wall-clock date of an instant, given the offset (minutes) the server wrote.
  function localDate(ms, offsetMinutes) {
    var d = new Date(ms + offsetMinutes * 60000);
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate());
  }

  function localDateTime(ms, offsetMinutes) {
    var d = new Date(ms + offsetMinutes * 60000);
    return localDate(ms, offsetMinutes) + " " + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
  }

  function offsetOf(iso) {
    var m = /([+-])(\d\d):(\d\d)$/.exec(iso || "");
    return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function gantt(box, table) {
    var instruments = JSON.parse(box.dataset.instruments || "[]");
    var first = Date.parse(box.dataset.start);
    var last = Date.parse(box.dataset.end);
    var offset = offsetOf(box.dataset.start);
    var shiftMs = Number(box.dataset.shiftHours || 8) * 3600 * 1000;
    var rows = rowsOf(table);
    rows.forEach(function (r) {
      if (r.dataset.instrument !== "*" && instruments.indexOf(r.dataset.instrument) < 0) {
        instruments.push(r.dataset.instrument);
      }
    });
    // A row for "*" (the whole facility) is drawn on every instrument.
    var expanded = [];
    rows.forEach(function (r) {
      (r.dataset.instrument === "*" ? instruments : [r.dataset.instrument]).forEach(function (code) {
        expanded.push({ row: r, instrument: code });
      });
    });
    var data = expanded.map(function (e) {
      var r = e.row;
      return {
        value: [instruments.indexOf(e.instrument), Date.parse(r.dataset.start), Date.parse(r.dataset.end)],
        kind: r.dataset.kind,
        label: r.dataset.label || "",
        title: r.dataset.title || "",
        score: r.dataset.score || "",
        request: r.dataset.request || "",
        instrument: e.instrument
      };
    });
    // Down blocks first, so bookings are drawn over them.
    data.sort(function (a, b) { return (a.kind === "down" ? 0 : 1) - (b.kind === "down" ? 0 : 1); });

    function renderItem(params, api) {
      var item = data[params.dataIndex];
      var start = api.coord([api.value(1), api.value(0)]);
      var end = api.coord([api.value(2), api.value(0)]);
      var band = api.size([0, 1])[1];
      var height = item.kind === "down" ? band * 0.9 : band * 0.6;
      var shape = echarts.graphic.clipRectByRect(
        { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 2), height: height },
        { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height }
      );
      if (!shape) {
        return null;
      }
      var children = [{
        type: "rect",
        shape: shape,
        style: {
          fill: COLOURS[item.kind] || COLOURS.booked,
          opacity: item.kind === "down" ? 0.55 : 1,
          stroke: item.kind === "pinned" ? "#1b2430" : null,
          lineWidth: item.kind === "pinned" ? 2 : 0,
          lineDash: item.kind === "pinned" ? [4, 2] : null
        }
      }];
      if (item.kind !== "down" && shape.width > 60) {
        children.push({
          type: "text",
          style: {
            text: (item.kind === "pinned" ? "📌 " : "") + item.label,
            x: shape.x + 4,
            y: shape.y + shape.height / 2,
            verticalAlign: "middle",
            fill: "#fff",
            font: "11px system-ui, sans-serif",
            width: shape.width - 8,
            overflow: "truncate"
          }
        });
      }
      return { type: "group", children: children };
    }

    var phone = box.clientWidth < 600;
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      tooltip: {
        confine: true,
        formatter: function (p) {
          var item = p.data;
          var when = localDateTime(item.value[1], offset) + " – " + localDateTime(item.value[2], offset);
          if (item.kind === "down") {
            return escapeHtml(item.instrument) + "<br>" + escapeHtml(item.title) + "<br>" + when;
          }
          var lines = [
            "<strong>" + escapeHtml(item.label) + "</strong>" + (item.kind === "pinned" ? " · " + escapeHtml(box.dataset.pinnedLabel || "pinned") : ""),
            escapeHtml(item.title),
            escapeHtml(box.dataset.scoreLabel || "score") + " " + escapeHtml(item.score),
            escapeHtml(item.instrument) + " · " + when
          ];
          return lines.join("<br>");
        }
      },
      grid: { left: phone ? 64 : 80, right: 16, top: 16, bottom: 56 },
      // Where bars can be dragged, the mouse moves bars, not the axis: pan with the slider or the wheel.
      dataZoom: [
        { type: "inside", xAxisIndex: 0, filterMode: "weakFilter", moveOnMouseMove: !box.dataset.pinUrl },
        { type: "slider", xAxisIndex: 0, height: 18, bottom: 8, filterMode: "weakFilter", labelFormatter: "" }
      ],
      xAxis: {
        type: "time",
        min: first,
        max: last,
        splitNumber: phone ? 3 : 6,
        axisLabel: {
          hideOverlap: true,
          formatter: function (value) { return localDate(value, offset).slice(5); }
        }
      },
      yAxis: { type: "category", data: instruments, inverse: true, axisTick: { show: false } },
      series: [{
        type: "custom",
        renderItem: renderItem,
        encode: { x: [1, 2], y: 0 },
        data: data
      }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
    if (box.dataset.pinUrl) {
      enableDrag(box, chart, data, instruments, first, shiftMs, offset);
    }
    return chart;
  }

  // Drag a bar: on release, its new start (to the shift) and instrument are posted as a pin.
  function enableDrag(box, chart, data, instruments, first, shiftMs, offset) {
    var dragging = null;
    var zr = chart.getZr();
    chart.on("mousedown", function (p) {
      if (p.seriesType !== "custom" || !p.data || p.data.kind === "down" || !p.data.request) {
        return;
      }
      var x = p.event.offsetX;
      var y = p.event.offsetY;
      dragging = { item: p.data, x: x, y: y, from: chart.convertFromPixel({ seriesIndex: 0 }, [x, y]) };
    });
    zr.on("mouseup", function (e) {
      if (!dragging) {
        return;
      }
      var item = dragging.item;
      var moved = Math.abs(e.offsetX - dragging.x) + Math.abs(e.offsetY - dragging.y) > 4;
      var from = dragging.from;
      var to = chart.convertFromPixel({ seriesIndex: 0 }, [e.offsetX, e.offsetY]);
      dragging = null;
      if (!moved || !from || !to) {
        return;
      }
      var start = item.value[1] + (to[0] - from[0]);
      var shift = Math.max(0, Math.round((start - first) / shiftMs));
      var row = Math.min(instruments.length - 1, Math.max(0, Math.round(to[1])));
      postMove(box, item.request, instruments[row], first + shift * shiftMs, offset);
    });
  }

  function postMove(box, request, instrument, startMs, offset) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    var body = new URLSearchParams();
    body.set("request", request);
    body.set("instrument", instrument);
    var when = localDateTime(startMs, offset).split(" ");
    body.set("day", when[0]);
    body.set("time", when[1]);
    if (token) {
      body.set("csrfmiddlewaretoken", token.value);
    }
    var target = document.getElementById(box.dataset.pinTarget || "pin-answer");
    if (typeof htmx !== "undefined" && target) {
      htmx.ajax("POST", box.dataset.pinUrl, {
        target: target,
        swap: "innerHTML",
        values: Object.fromEntries(body.entries())
      });
    }
  }

  // The fairness figures: one horizontal bar per share, from its table.
  function figures(box, table) {
    var rows = rowsOf(table).filter(function (r) { return r.dataset.percent !== undefined; });
    var labels = rows.map(function (r) { return r.dataset.instrument; });
    var values = rows.map(function (r) { return Number(r.dataset.percent); });
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + " %"; } },
      grid: { left: 8, right: 32, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value} %" } },
      yAxis: { type: "category", data: labels, inverse: true, axisLabel: { width: 150, overflow: "break" } },
      series: [{ type: "bar", data: values, itemStyle: { color: "#0b5cad" }, label: { show: true, position: "right", formatter: "{c} %" } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  // A refused pin (409, 422) carries its reason: show it where the answer goes, as htmx does with a 200.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if ((status === 409 || status === 422) && event.detail.target.closest("[data-answer]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof echarts === "undefined") {
      return;
    }
    document.querySelectorAll("[data-gantt-for]").forEach(function (box) {
      var table = document.getElementById(box.dataset.ganttFor);
      if (table) {
        gantt(box, table);
      }
    });
    document.querySelectorAll("[data-figures-for]").forEach(function (box) {
      var table = document.getElementById(box.dataset.figuresFor);
      if (table) {
        figures(box, table);
      }
    });
  });
})();
