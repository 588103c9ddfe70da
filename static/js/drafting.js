// A drafted document's page while its Word file and PDF render: the progress bar follows the
// Celery task and the page reloads when the files are ready or the rendering failed.
(function () {
  "use strict";
  var waiting = document.querySelector("[data-draft-status-url]");
  if (!waiting) {
    return;
  }
  var bar = waiting.querySelector("[data-progress-bar]");
  var show = function (progress) {
    if (!bar) {
      return;
    }
    bar.style.width = progress + "%";
    bar.textContent = progress + "%";
    bar.parentElement.setAttribute("aria-valuenow", progress);
  };
  show(Number(bar && bar.parentElement.getAttribute("aria-valuenow")) || 0);
  var poll = function () {
    fetch(waiting.getAttribute("data-draft-status-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        show(state.progress);
        if (state.ready || state.state === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  };
  window.setTimeout(poll, 700);
})();
