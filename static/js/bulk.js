// Says, as HR ticks people, how many get a seat and how many would be
// waitlisted; without scripts the summary states the free seats.
(function () {
  "use strict";
  var form = document.getElementById("bulk-form");
  var summary = document.getElementById("seat-summary");
  if (!form || !summary) {
    return;
  }
  var free = parseInt(summary.getAttribute("data-free"), 10) || 0;
  var text = summary.getAttribute("data-text");
  function update() {
    var chosen = form.querySelectorAll("input[name=employees]:checked").length;
    var seats = Math.min(chosen, free);
    summary.textContent = text
      .replace("__SEATS__", seats)
      .replace("__CHOSEN__", chosen)
      .replace("__WAITLISTED__", chosen - seats);
    summary.classList.toggle("seat-warning", chosen > free);
  }
  form.addEventListener("change", update);
  update();
})();
