"""Years, codes and ids are not quantities: the pages say "năm 2026" and link "?year=2026",
never "năm 2.026"; counts are grouped the Vietnamese way where they are figures (26.661)."""

import datetime
import io
import re

import pytest
from django.test import override_settings

from accounts.choices import Role
from cooperatives.models import Cooperative
from tests.factories.accounts import make_user

pytestmark = pytest.mark.django_db

# A year shown with a thousands separator, in text ("năm 2.026", "10/2.026") or in a link.
GROUPED_YEAR = re.compile(r"(?:năm |/|year=|year\" value=\"|Năm )2[.,]0\d\d\b")
# An id or page number grouped inside a URL or an HTML id.
GROUPED_ID = re.compile(r"(?:href=\"[^\"]*|id=\"[^\"]*)\d[.,]\d{3}")

PAGES = [
    "/",
    "/reports/dashboard/",
    "/reports/dashboard/?year=2026&month=10",
    "/reports/",
    "/tasks/",
    "/tasks/?due_year=2026",
    "/tasks/completion/?year=2026",
    "/tasks/board/",
    "/meetings/",
    "/meetings/?year=2026",
    "/meetings/calendar/?year=2026&month=11",
    "/meetings/documents/?year=2026",
    "/cooperatives/completeness/?year=2026",
    "/cooperatives/reminders/",
    "/cooperatives/register/",
    "/inspections/",
    "/inspections/complaints/",
    "/inspections/deadlines/",
]


@pytest.fixture
def demo(provinces, clock):
    from django.core.management import call_command

    clock(datetime.date(2026, 11, 20))
    with override_settings(DEMO_MODE=True):
        call_command("load_demo", stdout=io.StringIO())


def test_no_page_writes_a_year_or_an_id_as_a_figure(demo, client):
    client.force_login(make_user(Role.ADMINISTRATOR, username="admin-formats"))
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert not GROUPED_YEAR.findall(html), (path, GROUPED_YEAR.findall(html)[:3])
        assert not GROUPED_ID.findall(html), (path, GROUPED_ID.findall(html)[:3])
    completion = client.get("/tasks/completion/?year=2026").content.decode()
    assert "2026" in completion
    cooperative = Cooperative.objects.order_by("-charter_capital").first()
    detail = client.get(f"/cooperatives/register/{cooperative.pk}/").content.decode()
    capital = f"{cooperative.charter_capital:,}".replace(",", ".")
    assert capital in detail  # a figure is grouped: 4.000.000.000


def test_the_officers_year_grid_and_form_say_the_year_plainly(demo, client):
    client.force_login(make_user(Role.PROVINCIAL_OFFICER, province="15", username="lc-formats"))
    html = client.get("/cooperatives/submissions/").content.decode()
    assert "2026" in html
    assert not GROUPED_YEAR.findall(html), GROUPED_YEAR.findall(html)[:3]
    assert not GROUPED_ID.findall(html), GROUPED_ID.findall(html)[:3]
