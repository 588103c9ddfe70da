"""The demo data: November 2021 exactly as the source article reports it, read through the
statistics API, and figures that hold together month to month and across the merger."""

import datetime
import io

import pytest
import time_machine
from django.db import connection, transaction

from accounts.choices import Role
from cooperatives import demo
from cooperatives.models import Cooperative, MonthlySubmission, ProvincialUnion
from cooperatives.selectors import (
    charter_approval_summary,
    monthly_statistics,
    register_discrepancies,
    statistics_series,
)

pytestmark = pytest.mark.django_db


# The day the module's demo is loaded on: its latest month is October 2026.
LOADED_ON = datetime.datetime(
    2026, 11, 20, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
)


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """Loaded once for the module, on ``LOADED_ON``, inside a transaction that is rolled back at
    its end; each test runs in its own savepoint on top."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        with time_machine.travel(LOADED_ON, tick=False):
            demo.load(io.StringIO())
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def test_november_2021_through_the_statistics_api(demo_data, user_factory, token_client):
    client = token_client(user_factory(Role.API_CLIENT))
    body = client.get("/api/v1/statistics/monthly/", {"year": 2021, "month": 11}).json()
    assert body["established"] == {"agricultural": 148, "non_agricultural": 41, "total": 189}
    assert body["dissolved"] == {"agricultural": 21, "non_agricultural": 9, "total": 30}
    assert body["active_total"] == 26661
    assert body["plan"] == {
        "target": 23083,
        "percent_of_target": 115.5,
        "above_target_percent": 15.5,
    }
    assert body["provinces_reported"] == body["provinces_expected"] == 63
    assert len(body["provinces"]) == 63
    assert sum(row["active_total"] for row in body["provinces"]) == 26661


def test_21_of_63_provincial_charters_approved_in_november_2021(demo_data):
    assert charter_approval_summary(on=datetime.date(2021, 11, 30)) == {"approved": 21, "total": 63}
    assert ProvincialUnion.objects.count() == 97


def test_every_month_from_2021_to_october_2026_for_every_valid_province(demo_data):
    assert MonthlySubmission.objects.filter(year__lt=2025).count() == 63 * 48
    assert MonthlySubmission.objects.filter(year=2025, month__lte=6).count() == 63 * 6
    assert MonthlySubmission.objects.filter(year=2025, month__gte=7).count() == 34 * 6
    # October 2026, the latest month, has two provinces that have entered nothing yet.
    assert MonthlySubmission.objects.filter(year=2026).count() == 34 * 10 - 2
    assert not MonthlySubmission.objects.filter(year=2026, month__gt=10).exists()


def test_the_stock_flow_identity_holds_everywhere_including_the_merger(demo_data):
    """previous active + established − dissolved = active, for every row with a previous month
    (a new province's previous month being its predecessors' June 2025)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH territory AS (
                SELECT s.*, COALESCE(CASE WHEN s.year * 12 + s.month >= 2025 * 12 + 7
                    THEN s.province_id END, p.successor_id, s.province_id) AS t,
                    s.year * 12 + s.month AS period
                FROM cooperatives_monthlysubmission s JOIN cooperatives_province p
                    ON p.id = s.province_id
            ), totals AS (
                SELECT t, period, SUM(active_total) AS active,
                    SUM(established_agricultural + established_non_agricultural
                        - dissolved_agricultural - dissolved_non_agricultural) AS net
                FROM territory WHERE period >= 2025 * 12 + 6
                GROUP BY t, period
            )
            SELECT count(*) FROM totals a JOIN totals b ON a.t = b.t AND b.period = a.period + 1
            WHERE a.active + b.net <> b.active
            """
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            """
            SELECT count(*), count(*) FILTER (WHERE p.active_total + c.established_agricultural
                + c.established_non_agricultural - c.dissolved_agricultural
                - c.dissolved_non_agricultural <> c.active_total)
            FROM cooperatives_monthlysubmission c JOIN cooperatives_monthlysubmission p
              ON p.province_id = c.province_id
             AND p.year * 12 + p.month = c.year * 12 + c.month - 1
            """
        )
        pairs, broken = cursor.fetchone()
    assert pairs == 63 * 53 + 34 * 15 - 2  # two provinces have no October 2026 yet
    assert broken == 0


def test_national_series_runs_near_the_published_year_ends(demo_data):
    series = statistics_series(start=(2021, 1), end=(2026, 10))
    december = {point["year"]: point["active_total"] for point in series if point["month"] == 12}
    assert december[2022] == 29400
    assert december[2023] == 31400
    assert december[2024] == 33600
    assert december[2021] > 26661
    totals = [point["active_total"] for point in series]
    assert None not in totals
    # The number of cooperatives grows throughout, October 2026 too: it counts the 26 provinces
    # approved so far and carries the others' September totals, provisionally.
    assert totals == sorted(totals)
    assert series[-1]["provinces_approved"] == 24
    assert [point["provisional"] for point in series[-2:]] == [False, True]


def test_the_current_geography_series_is_unbroken_across_the_merger(demo_data):
    lao_cai = statistics_series(
        start=(2025, 5), end=(2025, 8), province_code="15", geography="current"
    )
    actives = [point["active_total"] for point in lao_cai]
    assert all(actives)
    june, july = lao_cai[1], lao_cai[2]
    assert july["active_total"] == (
        june["active_total"] + july["established"]["total"] - july["dissolved"]["total"]
    )


def test_the_latest_month_has_missing_drafts_a_returned_and_a_late_submission(demo_data):
    october = monthly_statistics(year=2026, month=10)
    statuses = [row["status"] for row in october["provinces"]]
    assert statuses.count("draft") == 5
    assert statuses.count("returned") == 1
    assert statuses.count("submitted") == 2
    assert october["provinces_expected"] == 34
    late = [row for row in october["provinces"] if row["is_late"] and row["status"] == "submitted"]
    assert len(late) == 1
    assert statuses.count("missing") == 2
    # National figures count the approved 24 and carry September's totals of the other 10.
    approved = [row for row in october["provinces"] if row["status"] == "approved"]
    carried = [row for row in october["provinces"] if row["carried"]]
    assert (len(approved), len(carried), october["provisional"]) == (24, 10, True)
    assert {row["carried_from"]["month"] for row in carried} == {9}
    assert october["active_total"] == sum(row["active_total"] for row in approved + carried)
    september = monthly_statistics(year=2026, month=9)
    assert october["active_total"] > september["active_total"]  # no fall from missing data


def test_demo_submissions_have_a_history(demo_data, user_factory, token_client):
    submission = MonthlySubmission.objects.get(year=2021, month=11, province__code="01")
    client = token_client(user_factory(Role.STAFF))
    history = client.get(f"/api/v1/submissions/{submission.pk}/history/").json()
    assert [row["action"] for row in history] == ["created", "submitted", "approved"]


def test_the_register_matches_the_reports_except_where_it_lags(demo_data):
    rows = {row["code"]: row for row in register_discrepancies(year=2021, month=11)}
    disagreeing = sorted(code for code, row in rows.items() if not row["agrees"])
    assert disagreeing == ["01", "38"]
    assert rows["01"]["difference"]["established"] == -1
    assert rows["01"]["register"]["active"] == rows["01"]["reported"]["active"] - 1
    assert register_discrepancies(year=2021, month=10)[0]["agrees"]
    after = [row for row in register_discrepancies(year=2026, month=10) if not row["agrees"]]
    # Hà Nội and Thanh Hóa lag since 11/2021, Lào Cai since 9/2026; Thái Nguyên and Hưng Yên
    # have not reported October yet, so there is nothing to agree with.
    assert sorted(row["code"] for row in after) == ["01", "15", "19", "33", "38"]
    assert {row["code"]: row["reported"] for row in after}["19"] is None
    assert Cooperative.objects.count() > 30000


def test_loading_again_changes_nothing(demo_data, django_assert_max_num_queries):
    def counts():
        return (
            MonthlySubmission.objects.count(),
            Cooperative.objects.count(),
            ProvincialUnion.objects.count(),
        )

    before = counts()
    with django_assert_max_num_queries(12):  # a handful of existence checks, no rewrite
        demo.load(io.StringIO())
    assert counts() == before


def test_the_counts_by_kind_add_up_before_and_after_the_2023_law(demo_data):
    november = monthly_statistics(year=2021, month=11)
    kinds = november["active_by_kind"]
    assert kinds["cooperative"] + kinds["union_of_cooperatives"] == 26661
    assert 0 < kinds["union_of_cooperatives"] < 1000
    assert kinds["cooperative_group"] is None  # not reported before 07/2024
    for year, month in ((2024, 7), (2026, 9), (2026, 10)):
        statistics = monthly_statistics(year=year, month=month)
        kinds = statistics["active_by_kind"]
        total = statistics["active_total"]
        assert kinds["cooperative"] + kinds["union_of_cooperatives"] == total
        assert kinds["cooperative_group"] > 0
        assert kinds["all_kinds"] == total + kinds["cooperative_group"]
        rows = statistics["provinces"]
        assert (
            sum(r["active_by_kind"]["union_of_cooperatives"] or 0 for r in rows)
            == kinds["union_of_cooperatives"]
        )
    # The register and the counts agree by kind too, cooperative groups included.
    rows = register_discrepancies(year=2026, month=9)
    assert all(r["difference"]["active_unions"] == 0 for r in rows)
    assert all(r["difference"]["active_groups"] == 0 for r in rows)
    assert sum(r["register"]["active_groups"] for r in rows) > 0
