// Draws the stage shares from the JSON the page embeds; the table next to the
// chart carries the same numbers for screen readers and without scripts.
(function () {
  "use strict";
  var source = document.getElementById("stage-chart-data");
  var canvas = document.getElementById("stage-chart");
  var box = document.getElementById("stage-chart-box");
  if (!source || !canvas || !box || typeof Chart === "undefined") {
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
  var narrow = box.clientWidth < 600;
  // Every department gets a label: long names wrap onto more lines instead
  // of being skipped or cut, and a sub-department starts with a dash per
  // level (the labels are aligned to the bars, so spaces would not show).
  var width = narrow ? 16 : 34;
  function wrap(name, indent) {
    var pad = new Array(indent + 1).join("– ");
    var lines = [];
    var line = "";
    name.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    lines.push(line);
    lines[0] = pad + lines[0];
    return lines;
  }
  var labels = data.labels.map(function (name, index) {
    return wrap(name, data.indents[index] || 0);
  });
  var lines = labels.reduce(function (sum, label) { return sum + label.length; }, 0);
  // Room for every bar and every label line, plus the axis and legend.
  box.style.height = Math.max(220, lines * 18 + labels.length * 10 + 110) + "px";
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: labels,
      datasets: data.datasets.map(function (set) {
        return {
          label: set.label,
          data: set.data,
          counts: set.counts,
          backgroundColor: colours[set.code] || "#555555"
        };
      })
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : undefined,
      indexAxis: "y",
      scales: {
        x: {
          stacked: true,
          min: 0,
          max: 100,
          ticks: { callback: function (value) { return value + " %"; } }
        },
        y: { stacked: true, ticks: { autoSkip: false, font: { size: narrow ? 11 : 12 } } }
      },
      plugins: {
        legend: { position: "bottom" },
        tooltip: {
          callbacks: {
            label: function (item) {
              var count = item.dataset.counts[item.dataIndex];
              return item.dataset.label + ": " + item.formattedValue + " % (" + count + ")";
            }
          }
        }
      }
    }
  });
})();
