// Shared behaviour of the portal's pages. No inline scripts: pages opt in with data attributes.
(function () {
  "use strict";
  document.querySelectorAll("[data-confirm]").forEach(function (element) {
    element.addEventListener("click", function (event) {
      if (!window.confirm(element.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });
})();
