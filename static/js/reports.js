// Reports and the leadership dashboard: charts drawn from the API, sortable tables, the
// progress of a report being built, printing. No inline scripts: pages opt in with data-*.
(function () {
  "use strict";

  var COLOURS = { active: "#1f5c99", established: "#198754", dissolved: "#dc3545", open: "#adb5bd" };

  function monthLabel(row) {
    return (row.month < 10 ? "0" : "") + row.month + "/" + row.year;
  }

  // Diagonal stripes of a colour on white: a bar whose figures are provisional.
  function hatch(colour) {
    var tile = document.createElement("canvas");
    tile.width = tile.height = 8;
    var context = tile.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, 8, 8);
    context.strokeStyle = colour;
    context.lineWidth = 2;
    context.beginPath();
    context.moveTo(0, 8);
    context.lineTo(8, 0);
    context.moveTo(-2, 2);
    context.lineTo(2, -2);
    context.moveTo(6, 10);
    context.lineTo(10, 6);
    context.stroke();
    return context.createPattern(tile, "repeat");
  }

  function draw(canvasId, config) {
    var canvas = document.getElementById(canvasId);
    if (!canvas || typeof window.Chart === "undefined") {
      return null;
    }
    config.options = Object.assign(
      { responsive: true, maintainAspectRatio: false, animation: false },
      config.options || {}
    );
    var chart = new window.Chart(canvas, config);
    canvas.setAttribute("data-drawn", "true");
    return chart;
  }

  function drawDashboard(root, data) {
    var labels = root.dataset;
    var locale = document.documentElement.lang === "en" ? "en" : "vi-VN";
    var numberTicks = { ticks: { callback: function (v) { return Number(v).toLocaleString(locale); } } };
    if (data.trend && data.trend.available) {
      var months = data.trend.months;
      var provisional = function (index) { return Boolean(months[index] && months[index].provisional); };
      // A provisional month (not every province approved) is drawn dashed / hatched, and its
      // tooltip says why, as the table view does.
      var reason = function (index) {
        var m = months[index];
        if (!m || !m.provisional) {
          return "";
        }
        return (labels.labelProvisional || "")
          .replace("{approved}", Number(m.provinces_approved).toLocaleString(locale))
          .replace("{expected}", Number(m.provinces_expected).toLocaleString(locale));
      };
      var tooltip = { callbacks: { afterLabel: function (context) { return reason(context.dataIndex); } } };
      draw("chart-active", {
        type: "line",
        data: {
          labels: months.map(monthLabel),
          datasets: [{
            label: labels.labelActive,
            data: months.map(function (m) { return m.active_total; }),
            borderColor: COLOURS.active,
            backgroundColor: COLOURS.active,
            pointStyle: months.map(function (m) { return m.provisional ? "rectRot" : "circle"; }),
            pointRadius: months.map(function (m) { return m.provisional ? 5 : 3; }),
            pointBackgroundColor: months.map(function (m) { return m.provisional ? "#ffffff" : COLOURS.active; }),
            segment: { borderDash: function (context) { return provisional(context.p1DataIndex) ? [6, 4] : undefined; } },
            tension: 0.2,
          }],
        },
        options: { locale: locale, scales: { y: numberTicks }, plugins: { tooltip: tooltip } },
      });
      var fill = function (colour) {
        return months.map(function (m) { return m.provisional ? hatch(colour) : colour; });
      };
      draw("chart-flows", {
        type: "bar",
        data: {
          labels: months.map(monthLabel),
          datasets: [
            { label: labels.labelEstablished, data: months.map(function (m) { return m.established; }), backgroundColor: fill(COLOURS.established), borderColor: COLOURS.established, borderWidth: 1 },
            { label: labels.labelDissolved, data: months.map(function (m) { return m.dissolved; }), backgroundColor: fill(COLOURS.dissolved), borderColor: COLOURS.dissolved, borderWidth: 1 },
          ],
        },
        options: { locale: locale, scales: { y: numberTicks }, plugins: { tooltip: tooltip } },
      });
      root.setAttribute("data-provisional-months", String(months.filter(function (m) { return m.provisional; }).length));
    }
    if (data.tasks && data.tasks.available && data.tasks.summary) {
      var units = data.tasks.summary.by_unit || [];
      draw("chart-tasks", {
        type: "bar",
        data: {
          labels: units.map(function (u) { return u.unit_name; }),
          datasets: [
            { label: labels.labelCompleted, data: units.map(function (u) { return u.completed; }), backgroundColor: COLOURS.established },
            { label: labels.labelOpen, data: units.map(function (u) { return (u.total || 0) - (u.completed || 0); }), backgroundColor: COLOURS.open },
          ],
        },
        options: { locale: locale, indexAxis: "y", scales: { x: { stacked: true }, y: { stacked: true } } },
      });
    }
    root.setAttribute("data-loaded", "true");
  }

  // Chart.js (the heaviest file of the portal) is fetched once the page itself has loaded: the
  // figures and tables are served in the page, the charts only draw them, so a slow line shows
  // the page first and the charts after, fetched beside their data.
  function loadChartScript(url) {
    return new Promise(function (resolve, reject) {
      var add = function () {
        var script = document.createElement("script");
        script.src = url;
        script.onload = resolve;
        script.onerror = function () { reject(new Error("could not load " + url)); };
        document.head.appendChild(script);
      };
      if (document.readyState === "complete") {
        add();
      } else {
        window.addEventListener("load", add, { once: true });
      }
    });
  }

  var dashboard = document.querySelector("[data-dashboard-api]");
  if (dashboard) {
    var figures = fetch(dashboard.getAttribute("data-dashboard-api"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("dashboard API answered " + response.status);
      }
      return response.json();
    });
    var chartScript = dashboard.getAttribute("data-chart-script");
    Promise.all([figures, chartScript ? loadChartScript(chartScript) : null])
      .then(function (loaded) { drawDashboard(dashboard, loaded[0]); })
      .catch(function (error) {
        dashboard.setAttribute("data-loaded", "error");
        console.error(error);
      });
  }

  // Sortable tables: each header button sorts by its column, numbers as numbers.
  function cellValue(row, column) {
    var cell = row.children[column];
    var value = cell ? cell.getAttribute("data-value") : "";
    if (value === null) {
      value = cell.textContent.trim();
    }
    var number = Number(value);
    return value !== "" && !isNaN(number) ? number : value.toLocaleLowerCase();
  }

  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    table.querySelectorAll("[data-sort-column]").forEach(function (button) {
      button.addEventListener("click", function () {
        var column = Number(button.getAttribute("data-sort-column"));
        var header = button.closest("th");
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, column);
          var y = cellValue(b, column);
          var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "vi");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });

  // A report being built: poll its status and show the progress; reload when it is done.
  var building = document.querySelector("[data-report-status-url]");
  if (building) {
    var bar = building.querySelector("[data-progress-bar]");
    var show = function (progress) {
      bar.style.width = progress + "%";
      bar.textContent = progress + "%";
      bar.parentElement.setAttribute("aria-valuenow", progress);
    };
    if (bar) {
      show(Number(bar.parentElement.getAttribute("aria-valuenow")) || 0);
    }
    var poll = function () {
      fetch(building.getAttribute("data-report-status-url"), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.json(); })
        .then(function (report) {
          if (bar) {
            show(report.progress);
          }
          if (report.status === "ready" || report.status === "failed") {
            window.location.reload();
          } else {
            window.setTimeout(poll, 1500);
          }
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    };
    window.setTimeout(poll, 1000);
  }

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
