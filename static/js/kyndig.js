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
})();
