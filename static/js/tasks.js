// Tasks: the completion-by-unit chart, drawn from the data the page embeds (no inline script).
(function () {
  "use strict";
  var canvas = document.getElementById("completion-chart");
  var source = document.getElementById("completion-data");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.completedLabel, data: data.completed, backgroundColor: "#198754" },
        { label: data.openLabel, data: data.open, backgroundColor: "#dc3545" }
      ]
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true } }
    }
  });
})();
