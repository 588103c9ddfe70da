"""The statistics contract: national figures from approved submissions only, against plan,
with completeness, per province, and month by month across the 2025 merger."""

import pytest

from accounts.choices import Role
from cooperatives.models import Province, month_end
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
    # Two provinces of 63 approved: the month is provisional and claims no plan percentage.
    assert body["provisional"] is True
    assert body["basis"] == "approved"
    assert body["plan"] == {
        "target": 23083,
        "percent_of_target": None,
        "above_target_percent": None,
    }
    counts = ("approved", "submitted", "missing", "reported", "expected", "counted", "carried")
    assert {key: body[f"provinces_{key}"] for key in counts} == {
        "approved": 2,
        "submitted": 1,
        "missing": 60,
        "reported": 3,
        "expected": 63,
        "counted": 2,
        "carried": 0,  # no province has an earlier approved month to carry
    }
    rows = {row["code"]: row for row in body["provinces"]}
    assert len(rows) == 63
    assert rows["15"]["name"] == "Tỉnh Yên Bái"
    assert rows["15"]["established"]["total"] == 49
    assert rows["02"]["status"] == "submitted"
    assert rows["02"]["active_total"] is None  # not approved: no figure counts yet
    assert rows["02"]["carried"] is False
    assert rows["04"]["status"] == "draft"
    assert rows["06"]["status"] == "missing"
    assert rows["06"]["is_late"] is True
    assert rows["01"]["submitted_at"] is not None


def test_submitted_figures_count_when_asked_for(november, user_factory, token_client):
    client = token_client(user_factory(Role.API_CLIENT))
    query = {"year": 2021, "month": 11, "basis": "submitted"}
    body = client.get("/api/v1/statistics/monthly/", query).json()
    assert body["basis"] == "submitted"
    assert body["established"]["agricultural"] == 148 + 500  # Hà Giang's, not yet reviewed
    assert body["active_total"] == 26661 + 9999
    assert body["provinces_counted"] == 3
    assert body["provisional"] is True  # submitted is not approved
    assert monthly_statistics(year=2021, month=11)["active_total"] == 26661  # the default


@pytest.mark.parametrize("basis", ["reviewed", "APPROVED", "approved,submitted"])
def test_an_unknown_basis_is_refused_in_vietnamese(provinces, basis, user_factory, token_client):
    client = token_client(user_factory(Role.API_CLIENT))
    response = client.get(
        "/api/v1/statistics/monthly/", {"year": 2021, "month": 11, "basis": basis}
    )
    assert response.status_code == 400
    assert "basis" in response.json()
    assert "không phải là lựa chọn hợp lệ" in " ".join(response.json()["basis"])


@pytest.mark.parametrize(
    ("query", "field"),
    [({"year": 2021, "month": 13}, "month"), ({"year": 1800, "month": 1}, "year")],
)
def test_a_month_13_or_a_year_1800_is_refused(provinces, query, field, user_factory, token_client):
    client = token_client(user_factory(Role.API_CLIENT))
    response = client.get("/api/v1/statistics/monthly/", query)
    assert response.status_code == 400
    assert field in response.json()


def test_a_complete_month_is_final_and_against_plan(provinces):
    """Every province approved: the seed's November 2021, 15,5 % above the plan."""
    make_plan(2021, 23083)
    make_submission("01", status="approved", established_agricultural=148, active_total=20000)
    for other in Province.objects.valid_on(month_end(2021, 11)).exclude(code="01"):
        make_submission(other, status="approved", active_total=6661 if other.code == "79" else 0)
    result = monthly_statistics(year=2021, month=11)
    assert result["provisional"] is False
    assert (result["provinces_approved"], result["provinces_expected"]) == (63, 63)
    assert result["active_total"] == 26661
    assert result["plan"]["above_target_percent"] == 15.5


def _month_of(code_totals: dict, year: int, month: int, status: str = "approved") -> None:
    for code, total in code_totals.items():
        make_submission(code, year, month, status=status, active_total=total)


@pytest.mark.parametrize(
    ("before", "month"),
    [((2021, 10), (2021, 11)), ((2026, 9), (2026, 10))],
    ids=["before-the-merger", "after-the-merger"],
)
def test_a_missing_province_carries_its_last_approved_total_so_nothing_falls(
    provinces, before, month
):
    """The 17 % collapse that never happened: a month with provinces not yet in shows the
    previous month's stock for them, marked carried, never a fall that is only missing data."""
    day = month_end(*before)
    codes = list(Province.objects.valid_on(day).order_by("code").values_list("code", flat=True))
    _month_of(dict.fromkeys(codes, 1000), *before)
    missing, waiting = codes[:4], codes[4:6]
    _month_of(dict.fromkeys(codes[6:], 1010), *month)
    _month_of(dict.fromkeys(waiting, 1500), *month, status="submitted")
    earlier = monthly_statistics(year=before[0], month=before[1])
    result = monthly_statistics(year=month[0], month=month[1])
    assert earlier["provisional"] is False
    assert earlier["active_total"] == 1000 * len(codes)
    assert result["provisional"] is True
    assert result["active_total"] == 1010 * (len(codes) - 6) + 1000 * 6  # no drop
    assert result["active_total"] > earlier["active_total"]
    assert (result["provinces_approved"], result["provinces_submitted"]) == (len(codes) - 6, 2)
    assert (result["provinces_missing"], result["provinces_carried"]) == (4, 6)
    assert result["carried_active_total"] == 6000
    rows = {row["code"]: row for row in result["provinces"]}
    for code in missing + waiting:
        assert rows[code]["carried"] is True
        assert rows[code]["carried_from"] == {"year": before[0], "month": before[1]}
        assert rows[code]["active_total"] == 1000
    assert rows[codes[6]]["carried"] is False
    point = statistics_series(start=before, end=month)[-1]
    assert point["active_total"] == result["active_total"]
    assert point["provisional"] is True


def test_a_province_formed_in_the_merger_carries_its_predecessors_totals(provinces):
    _month_of({"15": 300, "10": 200}, 2025, 6)  # Yên Bái and the old Lào Cai
    result = monthly_statistics(year=2025, month=7)
    lao_cai = {row["code"]: row for row in result["provinces"]}["15"]
    assert lao_cai["name"] == "Tỉnh Lào Cai"
    assert (lao_cai["carried"], lao_cai["active_total"]) == (True, 500)
    assert lao_cai["carried_from"] == {"year": 2025, "month": 6}
    assert result["active_total"] is None  # nothing approved for July yet: no national figure
    assert result["provinces_carried"] == 1  # the other provinces have no history here


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
        (7, 1505, 34),  # the merged Hà Nội carries the former Hà Nội's June total
        (8, None, 34),  # nothing approved: no national figure
    ]
    assert [p["provinces_carried"] for p in series] == [0, 0, 1, 2]
    assert all(p["provisional"] for p in series)


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
