// Shared behaviour of the portal's pages. No inline scripts: pages opt in with data attributes.
(function () {
  "use strict";
  // "/" puts the cursor in the header's search box, unless one is already typing somewhere.
  var search = document.getElementById("portal-search-q");
  if (search) {
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        search.focus();
        search.select();
      }
    });
  }
  document.querySelectorAll("[data-confirm]").forEach(function (element) {
    element.addEventListener("click", function (event) {
      if (!window.confirm(element.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });
})();
