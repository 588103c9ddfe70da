"""Vietnamese first: the catalogue is complete and every template string goes through it."""

import re
from pathlib import Path

import polib
import pytest
from django.utils import formats, translation

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/vi/LC_MESSAGES/django.po") if ".venv" not in p.parts
)
TEMPLATES = sorted(
    p
    for p in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]
    if ".venv" not in p.parts
)


def test_every_app_and_the_shell_have_a_catalogue():
    apps = {p.parts[len(ROOT.parts)] for p in CATALOGUES}
    assert {
        "locale",
        "accounts",
        "cooperatives",
        "tasks",
        "meetings",
        "inspections",
        "reports",
        "search",
    } <= apps


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_has_no_untranslated_or_fuzzy_entry(path):
    catalogue = polib.pofile(str(path))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_matches_its_source(path):
    source = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(path)) if not e.obsolete}
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(path.with_suffix(".mo")))}
    compiled.pop((None, ""), None)
    assert {k: v for k, v in compiled.items() if k in source} == {
        k: v for k, v in source.items() if not isinstance(v, dict)
    }


def test_a_message_shared_by_catalogues_reads_the_same_in_each():
    """Django merges the apps' catalogues and the first app in INSTALLED_APPS wins, so a message
    two apps translate differently shows one app's word on the other's pages (a meeting's title
    once read "Tên đầu việc", a task's name). One text, one translation; a different meaning
    takes a context (pgettext, ``{% translate ... context ... %}``)."""
    first: dict[tuple, tuple[str, object]] = {}
    clashes = []
    for path in CATALOGUES:
        app = path.relative_to(ROOT).parts[0]
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            key = (entry.msgctxt, entry.msgid)
            value = entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
            if key in first and first[key][1] != value:
                clashes.append((key, first[key], (app, value)))
            first.setdefault(key, (app, value))
    assert clashes == []


# Text a person reads, left in a template outside {% translate %} / {% blocktranslate %}: what
# remains once translated blocks, template tags, variables, comments, scripts and HTML tags
# are taken away must hold no words; nor may the attributes a person reads (title, alt…).
_REMOVED = [
    re.compile(r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S),
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"{%.*?%}|{{.*?}}", re.S),
    re.compile(r"<(script|style)\b.*?</\1>", re.S),
]
_READ_ATTRIBUTES = re.compile(r'\s(?:title|alt|placeholder|aria-label)="([^"]*)"')
_TAG = re.compile(r"<[^>]*>", re.S)
_ENTITY = re.compile(r"&[a-z]+;|&#\d+;")
_NOT_WORDS = {"VCA"}


def _untranslated_text(template: Path) -> list[str]:
    text = template.read_text()
    for pattern in _REMOVED:
        text = pattern.sub(" ", text)
    found = [a for a in _READ_ATTRIBUTES.findall(text) if re.search(r"[^\W\d_]{2,}", a)]
    text = _ENTITY.sub(" ", _TAG.sub(" ", text))
    return found + [w for w in re.findall(r"[^\W\d_]{2,}", text) if w not in _NOT_WORDS]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_text_is_marked_for_translation(path):
    assert _untranslated_text(path) == []


def test_numbers_and_dates_read_the_vietnamese_way():
    import datetime

    with translation.override("vi"):
        assert formats.number_format(26661, use_l10n=True, force_grouping=True) == "26.661"
        assert formats.number_format(15.5, 1, use_l10n=True) == "15,5"
        assert formats.date_format(datetime.date(2021, 12, 2), "SHORT_DATE_FORMAT") == "02/12/2021"


def test_the_default_language_is_vietnamese(client):
    response = client.get("/accounts/login/")
    assert "Đăng nhập" in response.content.decode()
    assert response.headers["Content-Language"] == "vi"


def test_a_signed_out_visitor_can_switch_the_language(client, db):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/accounts/login/"}, follow=False
    )
    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    page = client.get("/accounts/login/")
    assert page.headers["Content-Language"] == "en"
    assert "Sign in" in page.content.decode()
    client.post("/i18n/setlang/", {"language": "vi", "next": "/accounts/login/"})
    assert client.get("/accounts/login/").headers["Content-Language"] == "vi"
