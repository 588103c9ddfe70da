"""Every list page, API list and export costs the same number of queries at 3 rows and at 30."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from inspections import services
from inspections.choices import ComplainantKind
from tests.factories.inspections import make_complaint, make_inspection, make_plan

pytestmark = pytest.mark.django_db

LISTS = [
    reverse("inspections:inspection-list"),
    reverse("inspections:plan-list"),
    reverse("inspections:complaint-list"),
    reverse("inspections:deadlines"),
    reverse("inspections:inspection-export", args=["csv"]),
    reverse("inspections:inspection-export", args=["xlsx"]),
    reverse("inspections:complaint-export", args=["csv"]),
    reverse("inspections:complaint-export", args=["xlsx"]),
    "/api/v1/inspections/",
    "/api/v1/inspection-plans/",
    "/api/v1/recommendations/",
    "/api/v1/complaints/",
    "/api/v1/complaints/summary/?year=2021&month=11",
]


def _add_rows(count: int, lead, member) -> None:
    today = datetime.date.today()
    for n in range(count):
        plan = make_plan()
        inspection = make_inspection(plan=plan, lead=lead, members=[lead, member])
        services.recommendation_create(
            inspection=inspection,
            text=f"Kiến nghị {n}",
            responsible_party="Đơn vị",
            deadline=today,
        )
        make_complaint(
            received_on=today - datetime.timedelta(days=n),
            complainant_kind=ComplainantKind.PERSON if n % 2 else ComplainantKind.COOPERATIVE,
            handling_officer=lead,
        )


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.LEADERSHIP])
def test_query_count_does_not_grow_with_rows(
    url, role, provinces, user_factory, client, django_assert_num_queries
):
    lead = user_factory(Role.INSPECTOR)
    member = user_factory(Role.INSPECTOR)
    user = user_factory(role)
    client.force_login(user)
    _add_rows(3, lead, member)
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _add_rows(27, lead, member)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert response.status_code == 200


def test_open_complaints_reads_its_rows_in_one_query(
    provinces, user_factory, django_assert_num_queries
):
    from inspections.selectors import open_complaints

    officer = user_factory(Role.INSPECTOR)
    user = user_factory(Role.LEADERSHIP)
    for count in (3, 30):
        while len(open_complaints(user=user)) < count:
            make_complaint(handling_officer=officer)
        with django_assert_num_queries(1):
            rows = [
                (c.complainant_province.name, str(c.handling_officer), c.is_overdue)
                for c in open_complaints(user=user)
            ]
        assert len(rows) == count
