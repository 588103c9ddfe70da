"""The trimmed Bootstrap (``scripts/vendor/bootstrap.scss``, built by
``scripts/build_vendor.sh``) still defines every class the templates, the forms and the scripts
put on a page: a component or utility left out of the build would silently unstyle a page."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "cooperatives", "tasks", "meetings", "inspections", "reports", "search")
# Names that mark an element for a script or a test, styled by nothing.
HOOKS = {"completeness", "minutes", "search-hits", "submission-grid", "trend-provisional"}
TAG = re.compile(r"{%.*?%}|{{.*?}}")


def defined_classes() -> set[str]:
    sheets = [
        ROOT / "static/vendor/bootstrap/bootstrap.min.css",
        *(ROOT / "static/css").glob("*.css"),
    ]
    css = re.sub(r"url\([^)]*\)", "", "".join(sheet.read_text() for sheet in sheets))
    return set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", css))


def used_classes() -> dict[str, str]:
    """Each class name written out in full, and a file that uses it; a name made by a template
    tag (``alert-{{ tag }}``) is left out."""
    used = {}
    templates = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
    for path in (path for folder in templates for path in folder.glob("**/*.html")):
        for value in re.findall(r'class="([^"]*)"', path.read_text()):
            for name in TAG.sub("\0", value).split():
                if "\0" not in name:
                    used.setdefault(name, str(path.relative_to(ROOT)))
    for path in (ROOT / "static/js").glob("*.js"):
        for call in re.findall(r"classList\.(?:add|remove|toggle)\(([^)]*)\)", path.read_text()):
            for name in re.findall(r'"([\w-]+)"', call):
                used.setdefault(name, str(path.relative_to(ROOT)))
        for value in re.findall(r'className = "([^"]*)"', path.read_text()):
            for name in value.split():
                used.setdefault(name, str(path.relative_to(ROOT)))
    for path in (path for app in (*APPS, "vca_portal") for path in (ROOT / app).glob("**/*.py")):
        for name in re.findall(
            r'"(form-(?:control|select|check-input)|is-invalid)"', path.read_text()
        ):
            used.setdefault(name, str(path.relative_to(ROOT)))
    return used


def test_every_class_on_a_page_is_styled_by_the_trimmed_build():
    used = used_classes()
    assert {"navbar-toggler", "form-control", "is-invalid", "pagination"} <= used.keys()
    defined = defined_classes()
    unstyled = {name: where for name, where in used.items() if name not in defined | HOOKS}
    assert not unstyled, unstyled


def test_the_build_leaves_out_what_no_page_uses():
    defined = defined_classes()
    left_out = {
        "modal-dialog",
        "carousel-inner",
        "tooltip-inner",
        "accordion-button",
        "spinner-border",
    }
    assert not left_out & defined
