// Monthly submission form: the stock-flow check, live. The server repeats the check when the
// month is submitted (the service decides); this only shows the figure while typing.
(function () {
  "use strict";
  var form = document.querySelector("form[data-stock-flow]");
  if (!form) {
    return;
  }
  var numbers = new Intl.NumberFormat(document.documentElement.lang || "vi");
  var expectedOut = form.querySelector("[data-stock-flow-expected]");
  var statusOut = form.querySelector("[data-stock-flow-status]");
  var explanation = form.querySelector("[name=explanation]");
  var nilReport = form.querySelector("[name=nil_report]");
  var movementNames = [
    "established_agricultural",
    "established_non_agricultural",
    "dissolved_agricultural",
    "dissolved_non_agricultural",
  ];

  function value(name) {
    var input = form.querySelector("[name=" + name + "]");
    var text = input ? input.value.trim() : "";
    return /^\d+$/.test(text) ? parseInt(text, 10) : null;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? values[key] : match;
    });
  }

  function update() {
    var previousText = form.getAttribute("data-previous-active");
    var nil = nilReport && nilReport.checked;
    movementNames.forEach(function (name) {
      var input = form.querySelector("[name=" + name + "]");
      if (input) {
        input.readOnly = nil;
        if (nil) {
          input.value = "0";
        }
      }
    });
    statusOut.classList.remove("text-success", "text-danger");
    if (previousText === "") {
      expectedOut.textContent = "";
      statusOut.textContent = form.getAttribute("data-msg-unknown");
      explanation.required = false;
      return;
    }
    var previous = parseInt(previousText, 10);
    var established = (value("established_agricultural") || 0) + (value("established_non_agricultural") || 0);
    var dissolved = (value("dissolved_agricultural") || 0) + (value("dissolved_non_agricultural") || 0);
    var expected = previous + established - dissolved;
    expectedOut.textContent = fill(form.getAttribute("data-msg-expected"), {
      expected: numbers.format(expected),
      previous: numbers.format(previous),
      established: numbers.format(established),
      dissolved: numbers.format(dissolved),
    });
    var active = value("active_total");
    if (active === null) {
      statusOut.textContent = "";
      explanation.required = false;
      return;
    }
    if (active === expected) {
      statusOut.textContent = form.getAttribute("data-msg-match");
      statusOut.classList.add("text-success");
      explanation.required = false;
    } else {
      statusOut.textContent = fill(form.getAttribute("data-msg-mismatch"), {
        expected: numbers.format(expected),
        difference: numbers.format(active - expected),
      });
      statusOut.classList.add("text-danger");
      explanation.required = true;
    }
    form.setAttribute("data-stock-flow-matches", active === expected ? "true" : "false");
  }

  // The message under the explanation, tied to it for screen readers (aria-describedby).
  function showExplanationError(show) {
    var id = explanation.id + "-client-error";
    var message = document.getElementById(id);
    var described = (explanation.getAttribute("aria-describedby") || "").split(" ").filter(
      function (token) { return token && token !== id; }
    );
    if (!show) {
      explanation.classList.remove("is-invalid");
      explanation.removeAttribute("aria-invalid");
      if (message) {
        message.remove();
      }
      explanation.setAttribute("aria-describedby", described.join(" "));
      return;
    }
    if (!message) {
      message = document.createElement("div");
      message.id = id;
      message.className = "invalid-feedback d-block";
      message.setAttribute("data-error-for", "explanation");
      explanation.insertAdjacentElement("afterend", message);
    }
    message.textContent = form.getAttribute("data-msg-explanation-required");
    explanation.classList.add("is-invalid");
    explanation.setAttribute("aria-invalid", "true");
    described.push(id);
    explanation.setAttribute("aria-describedby", described.join(" "));
  }

  // Submitting a mismatch needs an explanation; saving a draft does not.
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.value === "submit" && explanation.required && !explanation.value.trim()) {
      event.preventDefault();
      showExplanationError(true);
      explanation.focus();
    }
  });
  explanation.addEventListener("input", function () {
    if (explanation.value.trim()) {
      showExplanationError(false);
    }
  });
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
