// Moves focus to an error summary when a form comes back with errors, so screen reader and
// keyboard users hear and reach the errors first.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
