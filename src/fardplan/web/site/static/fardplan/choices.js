/* Filter boxes for long lists of checkboxes (organisations), by progressive enhancement:
 * without this script every group is shown; with it, typing narrows the list (case and
 * accents ignored, every word must match the option or its group), and a list that follows a
 * county select (data-county-select) shows only that county's organisations. */
(function () {
  "use strict";

  function fold(text) {
    return text.toLocaleLowerCase("sv").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function setUp(root) {
    var box = root.querySelector(".choice-filter__box");
    var input = root.querySelector(".choice-filter__input");
    var count = root.querySelector(".choice-filter__count");
    var pickCounty = root.querySelector(".choice-filter__pick-county");
    var countySelect = root.dataset.countySelect ? document.getElementById(root.dataset.countySelect) : null;
    var groups = Array.prototype.slice.call(root.querySelectorAll(".choice-group"));
    if (!box || !input || !count) { return; }
    box.hidden = false;

    function apply(announce) {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var county = countySelect ? countySelect.value : "";
      var shown = 0;
      var total = 0;
      groups.forEach(function (group) {
        var legend = group.querySelector("legend");
        var heading = legend ? fold(legend.textContent) : "";
        var visible = 0;
        group.querySelectorAll("li").forEach(function (item) {
          var checkbox = item.querySelector("input");
          var inCounty = !countySelect || (county !== "" && checkbox.dataset.county === county);
          var text = heading + " " + fold(item.textContent);
          var matches = words.every(function (word) { return text.indexOf(word) !== -1; });
          if (inCounty) { total += 1; }
          item.hidden = !(inCounty && matches);
          if (!item.hidden) { visible += 1; }
        });
        group.hidden = visible === 0;
        shown += visible;
      });
      if (pickCounty) { pickCounty.hidden = !countySelect || county !== ""; }
      box.hidden = Boolean(countySelect) && county === "";
      if (announce) {
        count.textContent = root.dataset.shown.replace("%(shown)s", shown).replace("%(total)s", total);
      }
    }

    input.addEventListener("input", function () { apply(true); });
    // Enter in the filter box would submit the whole form: keep the user in the list.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    if (countySelect) { countySelect.addEventListener("change", function () { apply(false); }); }
    apply(false);
  }

  function start() {
    document.querySelectorAll("[data-choice-filter]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
