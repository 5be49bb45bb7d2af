// Draws the stage distribution from the JSON the page embeds; the table next to
// the chart carries the same numbers for screen readers and without scripts.
(function () {
  "use strict";
  var source = document.getElementById("stage-chart-data");
  var canvas = document.getElementById("stage-chart");
  if (!source || !canvas || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  // One colour per stage, from light to dark, readable against white.
  var colours = {
    not_assessed: "#9e9e9e",
    technology_user: "#a6c3e3",
    self_reliant_user: "#5b8fc7",
    technology_proficient: "#1f5a96",
    digital_champion: "#0b2f55"
  };
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.datasets.map(function (set) {
        return {
          label: set.label,
          data: set.data,
          backgroundColor: colours[set.code] || "#555555"
        };
      })
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : undefined,
      indexAxis: data.labels.length > 6 ? "y" : "x",
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }
      },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
