"""No N+1: every list endpoint runs the same number of queries at 3 rows and at 30."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import Role
from cooperatives.services import submissions as svc
from tests.factories.cooperatives import (
    make_cooperative,
    make_plan,
    make_submission,
    make_union,
    province,
)

pytestmark = pytest.mark.django_db

LEGACY_CODES = ["01", "02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "19", "20",
                "22", "24", "25", "26", "27", "30", "31", "33", "34", "35", "36", "37", "38",
                "40", "42", "44", "45"]  # fmt: skip


def queries(client, url, params=None) -> int:
    """The queries of one request, read from an empty cache (the most it ever sends)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return len(captured)


def submissions(rows: range):
    for i in rows:
        make_submission(LEGACY_CODES[i], 2021, 11, status="approved")


def cooperatives(rows: range):
    for i in rows:
        make_cooperative(LEGACY_CODES[i])


def unions(rows: range):
    for i in rows:
        make_union(province(LEGACY_CODES[i]))


def plans(rows: range):
    for i in rows:
        make_plan(2000 + i, 1000 + i)


def months(rows: range):
    for i in rows:
        make_submission("01", 2021 + i // 12, i % 12 + 1, status="approved")


def nothing(rows: range):
    """The provinces: always the 97."""


SERIES = {"from": "2021-01", "to": "2023-12"}
CASES = [
    ("/api/v1/submissions/", None, submissions, Role.STAFF),
    ("/api/v1/submissions/", None, submissions, Role.API_CLIENT),
    ("/api/v1/submissions/", None, months, Role.PROVINCIAL_OFFICER),
    ("/api/v1/cooperatives/", None, cooperatives, Role.STAFF),
    ("/api/v1/provincial-unions/", None, unions, Role.STAFF),
    ("/api/v1/plan-targets/", None, plans, Role.STAFF),
    ("/api/v1/statistics/monthly/", {"year": 2021, "month": 11}, submissions, Role.API_CLIENT),
    ("/api/v1/statistics/series/", SERIES, months, Role.API_CLIENT),
    ("/api/v1/statistics/series/", {**SERIES, "province": "01", "geography": "current"}, months,
     Role.API_CLIENT),
    ("/api/v1/statistics/register-discrepancies/", {"year": 2021, "month": 11}, cooperatives,
     Role.STAFF),
    ("/api/v1/provincial-unions/charter-summary/", {"on": "2021-11-30"}, unions, Role.STAFF),
    ("/api/v1/provinces/", None, nothing, Role.STAFF),
]  # fmt: skip


@pytest.mark.parametrize(
    ("url", "params", "build", "role"),
    CASES,
    ids=[f"{url}-{build.__name__}-{role}" for url, _, build, role in CASES],
)
def test_list_queries_do_not_grow_with_rows(user_factory, token_client, url, params, build, role):
    client = token_client(
        user_factory(role, province="01" if role == Role.PROVINCIAL_OFFICER else None)
    )
    build(range(3))
    few = queries(client, url, params)
    build(range(3, 30))
    assert queries(client, url, params) == few


def test_history_queries_do_not_grow_with_events(user_factory, token_client):
    officer = user_factory(Role.PROVINCIAL_OFFICER, province="01")
    client = token_client(user_factory(Role.STAFF))
    submission = svc.submission_create(
        actor=officer, province=province("01"), year=2021, month=11, active_total=1
    )
    for version in (1, 2):
        submission = svc.submission_update(
            actor=officer, submission=submission, version=version, active_total=version + 1
        )
    url = f"/api/v1/submissions/{submission.pk}/history/"
    few = queries(client, url)
    for version in range(3, 30):
        submission = svc.submission_update(
            actor=officer, submission=submission, version=version, active_total=version + 1
        )
    assert submission.history.count() == 30
    assert queries(client, url) == few
