// The script an HTML report runs in the browser: it reads the chart specs (charts.ts) from the
// page's JSON block and draws each with Chart.js on its <canvas>. Axis formats become tick
// callbacks (functions cannot travel in JSON), phases become dashed vertical lines drawn by a small
// plugin, and after Chart.js has rendered a chart its canvas gets data-drawn="true" and the body
// counts them (data-charts-drawn, data-ready once all are drawn; data-error on a script error), so
// a headless browser can check from the DOM that every chart was really drawn; data-resources
// counts what the page fetched once loaded (0: nothing). Plain ES5-style
// JavaScript, no template literals, so that it sits in a TypeScript string as written.
export const CLIENT_JS = `
(function () {
  "use strict";
  var body = document.body;
  window.addEventListener("error", function (e) {
    body.setAttribute("data-error", String(e.message || e));
  });
  if (typeof Chart === "undefined") {
    body.setAttribute("data-error", "Chart.js did not load");
    return;
  }
  var data = JSON.parse(document.getElementById("cachelab-data").textContent);
  var specs = data.charts;
  var drawn = 0;

  function bytes(v) {
    var units = ["B", "KiB", "MiB", "GiB", "TiB"];
    var i = 0;
    while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (Math.round(v * 10) / 10) + " " + units[i];
  }
  function count(v) {
    var a = Math.abs(v);
    if (a >= 1e9) return (v / 1e9).toFixed(a >= 1e10 ? 0 : 1) + "G";
    if (a >= 1e6) return (v / 1e6).toFixed(a >= 1e7 ? 0 : 1) + "M";
    if (a >= 1e3) return (v / 1e3).toFixed(a >= 1e4 ? 0 : 1) + "k";
    return String(Math.round(v * 100) / 100);
  }
  function formatter(f) {
    switch (f) {
      case "ratio": return function (v) { return Number(v).toFixed(2); };
      case "percent": return function (v) { return (Number(v) * 100).toFixed(0) + "%"; };
      case "bytes": return function (v) { return bytes(Number(v)); };
      case "objects": case "count": return function (v) { return count(Number(v)); };
      case "ms": return function (v) { return Number(v) + " ms"; };
      case "joules": return function (v) { return Number(v) === 0 ? "0" : Number(v).toPrecision(2) + " J"; };
      case "kwh": return function (v) { return Number(v).toPrecision(3); };
      default: return null;
    }
  }
  // log axes: label 1, 2 and 5 times a power of ten only
  function logTicks(fmt) {
    return function (v) {
      var x = Number(v);
      if (!(x > 0)) return "";
      var lead = x / Math.pow(10, Math.floor(Math.log10(x) + 1e-9));
      var shown = [1, 2, 5].some(function (k) { return Math.abs(lead - k) < 1e-6; });
      return shown ? (fmt ? fmt(x) : String(x)) : "";
    };
  }
  function axis(a) {
    var o = { type: a.type, title: { display: true, text: a.title }, stacked: !!a.stacked, ticks: {} };
    if (a.min !== undefined) o.min = a.min;
    if (a.max !== undefined) o.max = a.max;
    var fmt = formatter(a.format);
    if (a.type === "logarithmic") o.ticks.callback = logTicks(fmt);
    else if (a.type !== "category" && fmt) o.ticks.callback = fmt;
    if (a.type === "category") o.ticks.autoSkip = false;
    return o;
  }
  function alpha(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + a + ")";
  }

  var markers = {
    id: "cachelabMarkers",
    afterDatasetsDraw: function (chart) {
      var list = chart.options.plugins.cachelabMarkers && chart.options.plugins.cachelabMarkers.list;
      if (!list || !list.length) return;
      var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = "#374151";
      ctx.fillStyle = "#374151";
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 1;
      ctx.font = "11px sans-serif";
      list.forEach(function (m, i) {
        var px = x.getPixelForValue(m.at);
        if (px < area.left || px > area.right) return;
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
        ctx.fillText(m.label, Math.min(px + 4, area.right - ctx.measureText(m.label).width), area.top + 12 + (i % 3) * 13);
      });
      ctx.restore();
    }
  };
  var done = {
    id: "cachelabDone",
    afterRender: function (chart) {
      var c = chart.canvas;
      if (c.getAttribute("data-drawn") === "true") return;
      c.setAttribute("data-drawn", "true");
      drawn++;
      body.setAttribute("data-charts-drawn", String(drawn));
      if (drawn === specs.length) body.setAttribute("data-ready", "true");
    }
  };

  function config(s) {
    var xy = s.type === "line";
    var datasets = s.datasets.map(function (d) {
      return {
        label: d.label,
        data: d.data,
        borderColor: d.color,
        backgroundColor: s.type !== "bar" ? d.color : d.barColors ? d.barColors.map(function (c) { return alpha(c, 0.8); }) : alpha(d.color, 0.8),
        borderWidth: s.type === "bar" ? 0 : 2,
        borderDash: d.dashed ? [6, 4] : undefined,
        pointRadius: d.noPoints ? 0 : 3,
        pointHoverRadius: 4,
        tension: 0,
        spanGaps: true
      };
    });
    return {
      type: s.type,
      data: s.labels ? { labels: s.labels, datasets: datasets } : { datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: xy ? "nearest" : "index", intersect: false },
        scales: { x: axis(s.x), y: axis(s.y) },
        plugins: {
          legend: { position: "bottom", labels: xy ? { boxWidth: 14, boxHeight: 2 } : { boxWidth: 12 } },
          title: { display: false },
          cachelabMarkers: { list: s.markers || [] }
        }
      },
      plugins: [markers, done]
    };
  }

  // what the page fetched (scripts, styles, images, fetch/XHR): a self-contained page fetches nothing
  window.addEventListener("load", function () {
    body.setAttribute("data-resources", String(performance.getEntriesByType("resource").length));
  });
  if (specs.length === 0) body.setAttribute("data-ready", "true");
  body.setAttribute("data-charts", String(specs.length));
  // one chart that cannot be drawn is reported (data-error) and does not stop the others
  specs.forEach(function (s) {
    try {
      var canvas = document.getElementById("chart-" + s.id);
      if (!canvas || canvas.tagName !== "CANVAS") throw new Error("no canvas for chart " + s.id);
      var chart = new Chart(canvas, config(s));
      if (!chart.ctx) throw new Error("no 2d context for chart " + s.id);
    } catch (e) {
      body.setAttribute("data-error", String(e && e.message ? e.message : e));
    }
  });
})();
`;
