// Draws every follow-up chart of the page: each element with data-spec names the JSON block
// that holds its Vega-Lite spec (written by the server). No inline script or style: Vega's
// expressions run through the interpreter (no `new Function`, which the CSP forbids), and
// vega-embed and its tooltips inject no <style> (followup.css styles them).
(function () {
  "use strict";

  function json(id) {
    const block = document.getElementById(id);
    return block ? JSON.parse(block.textContent) : null;
  }

  function draw() {
    if (!window.vegaEmbed || !window.vegaInterpreter) return;
    const locale = json("chart-locale");
    const options = {
      renderer: "svg",
      actions: false,
      defaultStyle: false,
      ast: true,
      expr: window.vegaInterpreter.expressionInterpreter,
      tooltip: { disableDefaultStyle: true },
    };
    if (locale) {
      options.formatLocale = locale.number;
      options.timeFormatLocale = locale.time;
    }
    document.querySelectorAll("[data-spec]").forEach(function (element) {
      const spec = json(element.dataset.spec);
      if (!spec) return;
      window.vegaEmbed(element, spec, options).then(function (result) {
        // The container carries the text alternative (role=img): the drawing itself is
        // decoration for assistive technology, which reads the table beside it.
        const svg = result.view.container().querySelector("svg");
        if (svg) svg.setAttribute("aria-hidden", "true");
      }).catch(function (error) {
        element.textContent = element.getAttribute("data-error") || String(error);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
