// Moves focus to an error summary when a form comes back with errors, so screen reader and
// keyboard users hear and reach the errors first.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});

// A table wider than the screen scrolls inside its .table-responsive box. So that keyboard users can
// scroll it too, such a box takes focus (arrow keys then scroll it) and is named after its table's
// caption; a box that does not scroll is left alone, so it adds no stop to the tab order.
(function () {
  function label(box) {
    var caption = box.querySelector("caption");
    var text = caption ? caption.textContent.replace(/\s+/g, " ").trim() : "";
    return text ? text + " (scrolls sideways)" : "Table (scrolls sideways)";
  }
  function markScrollingTables() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", label(box));
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", markScrollingTables);
  window.addEventListener("resize", markScrollingTables);
})();

// A board pack being made in the background: ask for its state every few seconds, say it in the status
// region, and open the page again once it has finished (which then shows the pack, or why it failed).
(function () {
  var box = document.querySelector("[data-pack-status-url]");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-pack-status-url");
  var state = box.querySelector("[data-pack-state]");
  function check() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (status) {
        if (!status) {
          window.setTimeout(check, 5000);
          return;
        }
        if (state) {
          state.textContent = status.label + ".";
        }
        if (status.finished) {
          window.location.assign(status.url);
        } else {
          window.setTimeout(check, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(check, 5000);
      });
  }
  window.setTimeout(check, 1000);
})();
