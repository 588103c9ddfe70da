// The portal's Bootstrap JavaScript: only the collapse plugin (the navigation menu on a phone,
// data-bs-toggle="collapse"); no page uses another plugin or Popper.
import "bootstrap/js/src/collapse.js";
