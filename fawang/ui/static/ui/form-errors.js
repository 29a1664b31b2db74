// The error banner of a re-rendered form (ui/form_errors.html). When the page loads, focus moves to the
// banner, so a screen reader reads the list of errors and a keyboard user starts from it. A link in the
// banner moves focus to its field (following a link to an input only scrolls to it) and shows the
// field's label with it. A file, not inline script: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  function start() {
    var banner = document.querySelector("[data-error-summary]");
    if (!banner) return;
    banner.focus();
    document.querySelectorAll("[data-error-summary] a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var input = document.getElementById(link.getAttribute("href").slice(1));
        if (!input) return;
        event.preventDefault();
        var around = input.closest(".field") || input;
        around.scrollIntoView();
        input.focus({ preventScroll: true });
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
