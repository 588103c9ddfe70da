"""Quarterly and annual figures are their months' figures: flows summed, stock from the last
month, in both geographies, across the 2025 merger, and honest about a period in progress."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cooperatives.models import Province, month_end
from cooperatives.periods import period_statistics
from cooperatives.selectors import monthly_statistics
from tests.factories.cooperatives import make_plan, make_submission

pytestmark = pytest.mark.django_db


def _codes(year, month):
    return list(
        Province.objects.valid_on(month_end(year, month))
        .order_by("code")
        .values_list("code", flat=True)
    )


@pytest.fixture
def fourth_quarter_2021(provinces, clock):
    """Q4/2021: every province approved in October and November; in December three are not
    approved (one missing, two awaiting review). Q4/2020: ten provinces approved."""
    clock(datetime.date(2026, 12, 6))
    codes = _codes(2021, 11)
    make_plan(2021, 60_000)
    for index, code in enumerate(codes):
        make_submission(
            code, 2021, 10, status="approved", established_agricultural=1, active_total=1000 + index
        )
        make_submission(
            code,
            2021,
            11,
            status="approved",
            established_agricultural=2,
            established_non_agricultural=index % 3,
            dissolved_non_agricultural=1,
            active_total=1001 + index + index % 3,
        )
        if index == 0:
            continue
        make_submission(
            code,
            2021,
            12,
            status="submitted" if index in (1, 2) else "approved",
            dissolved_agricultural=index % 2,
            active_total=1001 + index + index % 3 - index % 2,
        )
    for code in codes[:10]:
        make_submission(code, 2020, 11, status="approved", established_agricultural=5)
    return codes


def test_a_quarter_sums_its_months_flows_and_takes_the_last_months_stock(fourth_quarter_2021):
    quarter = period_statistics(kind="quarter", year=2021, quarter=4)
    months = [monthly_statistics(year=2021, month=m) for m in (10, 11, 12)]
    for flow in ("established", "dissolved"):
        for part in ("agricultural", "non_agricultural", "total"):
            assert quarter[flow][part] == sum(m[flow][part] for m in months), (flow, part)
    assert quarter["active_total"] == months[-1]["active_total"]
    assert quarter["established"]["total"] == 63 + 63 * 2 + sum(i % 3 for i in range(63))
    # December is not final: the quarter is provisional and claims no plan percentage.
    assert quarter["provisional"] is True
    assert quarter["months_provisional"] == 1
    assert quarter["plan"]["target"] == 60_000
    assert quarter["plan"]["percent_of_target"] is None
    assert quarter["label"] == "quý IV/2021"
    assert quarter["complete"] is True
    assert quarter["through_month"] == 12
    assert [p["month"] for p in quarter["months"]] == [10, 11, 12]
    # The same quarter a year before: ten provinces' November flows.
    assert quarter["previous"]["established"]["total"] == 50
    assert quarter["change"]["established"] == quarter["established"]["total"] - 50


def test_a_quarters_provinces_add_up_in_both_geographies(fourth_quarter_2021):
    quarter = period_statistics(kind="quarter", year=2021, quarter=4)
    historical, current = quarter["provinces"], quarter["provinces_current"]
    assert len(historical) == 63
    assert len(current) == 34
    for rows in (historical, current):
        for flow in ("established", "dissolved"):
            assert sum(r[flow]["total"] or 0 for r in rows) == quarter[flow]["total"]
        assert sum(r["active_total"] for r in rows) == quarter["active_total"]
    missing = next(r for r in historical if r["code"] == fourth_quarter_2021[0])
    assert missing["carried"] is True
    assert (missing["months_counted"], missing["months_expected"]) == (2, 3)
    # Today's Lào Cai (15) is Yên Bái (15) and the former Lào Cai (10) in 2021.
    lao_cai = next(r for r in current if r["code"] == "15")
    parts = [r for r in historical if r["code"] in ("10", "15")]
    assert lao_cai["established"]["total"] == sum(r["established"]["total"] for r in parts)
    assert lao_cai["active_total"] == sum(r["active_total"] for r in parts)


def test_a_year_across_the_merger_keeps_both_geographies(provinces, clock):
    clock(datetime.date(2026, 12, 6))
    before, after = _codes(2025, 6), _codes(2025, 7)
    for code in before:
        make_submission(
            code, 2025, 6, status="approved", established_agricultural=3, active_total=500
        )
    for code in after:
        make_submission(
            code, 2025, 7, status="approved", established_agricultural=1, active_total=900
        )
    year = period_statistics(kind="year", year=2025)
    assert year["established"]["total"] == 3 * 63 + 34
    # Nothing is counted after July: its stock stands for the year's.
    assert (year["active_total"], year["stock_month"]) == (900 * 34, 7)
    assert year["provisional"] is True
    historical, current = year["provinces"], year["provinces_current"]
    assert len(historical) == 97
    assert len(current) == 34
    assert sum(r["established"]["total"] or 0 for r in current) == year["established"]["total"]
    assert sum(r["established"]["total"] or 0 for r in historical) == year["established"]["total"]
    assert sum(r["active_total"] for r in current) == year["active_total"]
    abolished = [r for r in historical if r["valid_to"] == datetime.date(2025, 6, 30)]
    assert len(abolished) == 63
    assert all(r["active_total"] == 500 and r["months_expected"] == 6 for r in abolished)


def test_the_current_year_runs_to_the_last_closed_month(provinces, clock):
    clock(datetime.date(2026, 12, 6))
    for code in _codes(2026, 11)[:5]:
        make_submission(code, 2026, 11, status="approved", active_total=700)
    year = period_statistics(kind="year", year=2026)
    assert (year["through_month"], year["complete"]) == (11, False)
    assert len(year["months"]) == 11
    assert year["active_total"] == monthly_statistics(year=2026, month=11)["active_total"]
    quarter = period_statistics(kind="quarter", year=2026, quarter=4)
    assert [m["month"] for m in quarter["months"]] == [10, 11]


@pytest.mark.parametrize(
    ("arguments", "field", "words"),
    [
        ({"kind": "quarter", "year": 2026, "quarter": 5}, "quarter", "quý"),
        ({"kind": "quarter", "year": 2026, "quarter": 0}, "quarter", "quý"),
        ({"kind": "year", "year": 1800}, "year", "2000"),
        ({"kind": "year", "year": 2027}, "year", "chưa"),
        ({"kind": "quarter", "year": 2027, "quarter": 1}, "quarter", "chưa"),
        ({"kind": "week", "year": 2026}, "period", "quý"),
    ],
)
def test_a_bad_period_is_refused_in_vietnamese(provinces, clock, arguments, field, words):
    clock(datetime.date(2026, 12, 6))
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        period_statistics(**arguments)
    messages = error.value.message_dict[field]
    assert words in messages[0].lower(), messages


def test_the_api_gives_a_quarter_and_refuses_a_bad_one(
    fourth_quarter_2021, user_factory, token_client
):
    from accounts.choices import Role

    api = token_client(user_factory(Role.API_CLIENT))
    response = api.get("/api/v1/statistics/period/?period=quarter&year=2021&quarter=4")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["active_total"] == monthly_statistics(year=2021, month=12)["active_total"]
    assert body["label"] == "quý IV/2021"
    assert len(body["provinces_current"]) == 34
    year = api.get("/api/v1/statistics/period/?period=year&year=2021&basis=submitted").json()
    assert year["basis"] == "submitted"
    assert year["provisional"] is True  # January to September have no figures
    for query, field in [
        ("period=quarter&year=2021&quarter=5", "quarter"),
        ("period=quarter&year=2021", "quarter"),
        ("period=year&year=1800", "year"),
        ("period=year&year=2027", "year"),
        ("period=month&year=2021", "period"),
    ]:
        response = api.get(f"/api/v1/statistics/period/?{query}", HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code == 400, query
        assert field in response.json(), (query, response.json())


def test_the_period_api_needs_the_statistics_capability(fourth_quarter_2021, client):
    response = client.get("/api/v1/statistics/period/?period=year&year=2021")
    assert response.status_code in (401, 403)
