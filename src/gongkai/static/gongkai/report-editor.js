// The report editor: a live character count under each narrative textarea (``data-count`` names the
// <output> to update). Without JavaScript the page shows the count as saved.
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-count]").forEach(function (area) {
    var output = document.getElementById(area.getAttribute("data-count"));
    if (!output) { return; }
    var words = output.getAttribute("data-words") || "{n}";
    function update() { output.textContent = words.replace("{n}", String(area.value.length)); }
    area.addEventListener("input", update);
  });
})();
