"""The statistics contract: national figures from approved submissions only, against plan,
with completeness, per province, and month by month across the 2025 merger."""

import pytest

from accounts.choices import Role
from cooperatives.selectors import monthly_statistics, statistics_series
from tests.factories.cooperatives import make_plan, make_submission, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def november(provinces):
    make_plan(2021, 23083)
    make_submission(
        "01",
        status="approved",
        established_agricultural=100,
        established_non_agricultural=40,
        dissolved_agricultural=20,
        dissolved_non_agricultural=9,
        active_total=20000,
    )
    make_submission(
        "15",
        status="approved",
        established_agricultural=48,
        established_non_agricultural=1,
        dissolved_agricultural=1,
        active_total=6661,
    )
    make_submission("02", status="submitted", established_agricultural=500, active_total=9999)
    make_submission("04", status="draft", active_total=7777)


def test_national_figures_count_approved_submissions_only(november, user_factory, token_client):
    client = token_client(user_factory(Role.API_CLIENT))
    response = client.get("/api/v1/statistics/monthly/", {"year": 2021, "month": 11})
    assert response.status_code == 200
    body = response.json()
    assert body["established"] == {"agricultural": 148, "non_agricultural": 41, "total": 189}
    assert body["dissolved"] == {"agricultural": 21, "non_agricultural": 9, "total": 30}
    assert body["active_total"] == 26661
    assert body["plan"] == {
        "target": 23083,
        "percent_of_target": 115.5,
        "above_target_percent": 15.5,
    }
    assert (body["provinces_reported"], body["provinces_expected"]) == (3, 63)
    rows = {row["code"]: row for row in body["provinces"]}
    assert len(rows) == 63
    assert rows["15"]["name"] == "Tỉnh Yên Bái"
    assert rows["15"]["established"]["total"] == 49
    assert rows["02"]["status"] == "submitted"
    assert rows["02"]["active_total"] is None  # not approved: no figure counts yet
    assert rows["04"]["status"] == "draft"
    assert rows["06"]["status"] == "missing"
    assert rows["06"]["is_late"] is True
    assert rows["01"]["submitted_at"] is not None


def test_a_month_after_the_merger_expects_34_provinces(provinces):
    make_submission("15", 2026, 1, status="approved", active_total=900)
    result = monthly_statistics(year=2026, month=1)
    assert result["provinces_expected"] == 34
    assert {row["code"]: row["name"] for row in result["provinces"]}["15"] == "Tỉnh Lào Cai"
    assert result["active_total"] == 900
    assert result["plan"]["target"] is None


def test_a_month_without_approved_figures_has_no_national_total(provinces):
    make_submission("01", 2021, 11, status="submitted")
    result = monthly_statistics(year=2021, month=11)
    assert result["active_total"] is None
    assert result["established"]["total"] is None


@pytest.fixture
def across_the_merger(provinces):
    """Yên Bái (15) and the old Lào Cai (10) until June 2025, the merged Lào Cai (15) after."""
    make_submission("15", 2025, 5, status="approved", active_total=300)
    make_submission("10", 2025, 5, status="approved", active_total=200)
    make_submission("15", 2025, 6, status="approved", established_agricultural=2, active_total=302)
    make_submission("10", 2025, 6, status="approved", dissolved_agricultural=1, active_total=199)
    make_submission("15", 2025, 7, status="approved", established_agricultural=4, active_total=505)
    make_submission("01", 2025, 6, status="approved", active_total=1000)


def test_series_nationally(across_the_merger, user_factory, token_client):
    client = token_client(user_factory(Role.LEADERSHIP))
    response = client.get("/api/v1/statistics/series/", {"from": "2025-05", "to": "2025-08"})
    assert response.status_code == 200
    series = response.json()
    assert [(p["month"], p["active_total"], p["provinces_expected"]) for p in series] == [
        (5, 500, 63),
        (6, 1501, 63),
        (7, 505, 34),
        (8, None, 34),
    ]


def test_series_of_a_code_in_historical_and_current_geography(across_the_merger):
    historical = statistics_series(start=(2025, 5), end=(2025, 7), province_code="15")
    # 15 is Yên Bái until June, the merged Lào Cai from July.
    assert [p["active_total"] for p in historical] == [300, 302, 505]
    assert [p["provinces_expected"] for p in historical] == [1, 1, 1]
    current = statistics_series(
        start=(2025, 5), end=(2025, 7), province_code="15", geography="current"
    )
    # Today's Lào Cai: Yên Bái + old Lào Cai before the merger, unbroken across it.
    assert [p["active_total"] for p in current] == [500, 501, 505]
    assert [p["established"]["total"] for p in current] == [0, 2, 4]
    assert [p["dissolved"]["total"] for p in current] == [0, 1, 0]
    assert [p["provinces_expected"] for p in current] == [2, 2, 1]


def test_series_of_an_abolished_code_in_current_geography_is_refused(
    across_the_merger, user_factory, token_client
):
    client = token_client(user_factory(Role.API_CLIENT))
    response = client.get(
        "/api/v1/statistics/series/",
        {"from": "2021-01", "to": "2021-12", "province": "10", "geography": "current"},
    )
    assert response.status_code == 400
    assert "province" in response.json()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2021-13", "to": "2021-12"}, "from"),
        ({"from": "2021/01", "to": "2021-12"}, "from"),
        ({"from": "2021-05", "to": "2021-01"}, "to"),
        ({"from": "2021-01"}, "to"),
        ({"from": "2021-01", "to": "2021-02", "geography": "future"}, "geography"),
    ],
)
def test_series_refuses_bad_queries(provinces, user_factory, token_client, params, field):
    client = token_client(user_factory(Role.API_CLIENT))
    response = client.get("/api/v1/statistics/series/", params)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    "params", [{"year": 2021}, {"year": 2021, "month": 13}, {"year": "x", "month": 1}]
)
def test_monthly_refuses_bad_queries(provinces, user_factory, token_client, params):
    client = token_client(user_factory(Role.API_CLIENT))
    assert client.get("/api/v1/statistics/monthly/", params).status_code == 400


def test_every_signed_in_role_reads_statistics(provinces, user_factory, token_client):
    for role in Role.values:
        client = token_client(user_factory(role))
        response = client.get("/api/v1/statistics/monthly/", {"year": 2021, "month": 11})
        assert response.status_code == 200, role


def test_register_discrepancies_are_for_staff(provinces, user_factory, token_client):
    params = {"year": 2021, "month": 11}
    url = "/api/v1/statistics/register-discrepancies/"
    assert token_client(user_factory(Role.STAFF)).get(url, params).status_code == 200
    assert token_client(user_factory(Role.API_CLIENT)).get(url, params).status_code == 403


def test_statistics_series_query_count_does_not_grow_with_months(
    across_the_merger, django_assert_num_queries
):
    with django_assert_num_queries(1):
        statistics_series(start=(2025, 5), end=(2025, 7))
    with django_assert_num_queries(1):
        statistics_series(start=(2021, 1), end=(2026, 10))
    with django_assert_num_queries(1):
        monthly_statistics(year=2025, month=6)
    assert province("15", 2025, 7).name == "Tỉnh Lào Cai"


def test_completeness_matrix_and_an_officers_year_grid(provinces, user_factory):
    from accounts.access import officer_province_ids
    from cooperatives.selectors import provinces_not_reported, submission_completeness

    make_submission("15", 2025, 3, status="approved")
    make_submission("10", 2025, 3, status="draft")
    make_submission("15", 2025, 8, status="submitted")
    matrix = submission_completeness(year=2025)
    assert len(matrix) == 63 + 34  # the former provinces until June, the current from July
    officer = user_factory(Role.PROVINCIAL_OFFICER, province="15")
    rows = submission_completeness(year=2025, province_ids=officer_province_ids(officer))
    assert len(rows) == 3
    yen_bai = next(row for row in rows if row["name"] == "Tỉnh Yên Bái")
    assert yen_bai["months"][3]["status"] == "approved"
    assert yen_bai["months"][4]["status"] == "missing"
    assert yen_bai["months"][4]["is_late"] is True
    assert yen_bai["months"][7] is None  # Yên Bái no longer exists
    new_lao_cai = next(row for row in rows if row["months"][8] is not None)
    assert new_lao_cai["months"][8]["status"] == "submitted"
    assert new_lao_cai["months"][6] is None
    not_reported = list(provinces_not_reported(year=2025, month=3).values_list("code", flat=True))
    assert "15" not in not_reported
    assert "10" in not_reported  # a draft is not a report
    assert len(not_reported) == 62
