// Shows what the chosen level means under each level choice of the appraisal
// talk; the table of levels below the form says the same without scripts.
(function () {
  "use strict";
  var source = document.getElementById("level-descriptors");
  if (!source) {
    return;
  }
  var meanings = JSON.parse(source.textContent);
  document.querySelectorAll("[data-descriptor-for]").forEach(function (target) {
    var select = document.getElementById(target.getAttribute("data-descriptor-for"));
    if (!select) {
      return;
    }
    select.addEventListener("change", function () {
      target.textContent = meanings[select.value] || "";
    });
  });
})();
