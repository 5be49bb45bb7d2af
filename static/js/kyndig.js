// Small behaviours shared by every page; each page works without them.
(function () {
  "use strict";
  // Folded parts (filters, long histories) start open where there is room.
  if (window.matchMedia("(min-width: 40rem)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (fold) {
      fold.open = true;
    });
  }
  // After htmx replaces a part of the page, keyboard and screen-reader users
  // land on the replacement (or its first invalid field), without a scroll.
  document.addEventListener("htmx:afterSwap", function (event) {
    var old = event.detail.target;
    var swapped = old && old.id ? document.getElementById(old.id) : null;
    if (!swapped) {
      return;
    }
    var focus = swapped.querySelector("[aria-invalid=true]") || swapped;
    if (focus === swapped && !swapped.hasAttribute("tabindex")) {
      swapped.setAttribute("tabindex", "-1");
    }
    focus.focus({ preventScroll: true });
  });
  // A refused htmx request (a lost right, an expired form, a server error)
  // swaps nothing; the page says so instead of staying silent.
  document.addEventListener("htmx:responseError", function (event) {
    var feedback = document.getElementById("htmx-feedback");
    if (!feedback) {
      return;
    }
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var forbidden = status === 403 || status === 404;
    feedback.textContent = feedback.dataset[forbidden ? "forbidden" : "failed"];
    feedback.hidden = false;
  });
  document.addEventListener("htmx:sendError", function () {
    var feedback = document.getElementById("htmx-feedback");
    if (feedback) {
      feedback.textContent = feedback.dataset.failed;
      feedback.hidden = false;
    }
  });
})();
