/* Waypoint's small page behaviours. No inline scripts anywhere (strict CSP). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function onReady(callback) {
    if (document.readyState !== "loading") { callback(); } else { document.addEventListener("DOMContentLoaded", callback); }
  }

  onReady(function () {
    // Selects that submit their form when changed (organisation and language switchers, filters).
    document.addEventListener("change", function (event) {
      var target = event.target;
      if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
        target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
      }
    });
    // Buttons that ask before doing something that cannot be undone.
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var submitter = event.submitter;
      var message = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
      if (message && !window.confirm(message)) { event.preventDefault(); }
    });
    // Print buttons.
    document.addEventListener("click", function (event) {
      var target = event.target.closest ? event.target.closest("[data-print]") : null;
      if (target) { event.preventDefault(); window.print(); }
      var copy = event.target.closest ? event.target.closest("[data-copy]") : null;
      if (copy && navigator.clipboard) {
        var source = document.getElementById(copy.getAttribute("data-copy"));
        if (source) { navigator.clipboard.writeText(source.textContent.trim()); copy.textContent = copy.getAttribute("data-copied") || "Copied"; }
      }
    });
    // Move focus to the first error summary so screen readers announce it.
    var summary = document.querySelector(".form-errors");
    if (summary) { summary.focus(); }
  });
})();
