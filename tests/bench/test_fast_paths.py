"""The fast paths (statistics and dashboard from Redis, the cooperative list from ``.values()``,
the streamed exports) return exactly what a plain recomputation gives, including after an
approval, a reopening and a revision."""

import csv
import io

import pytest
from django.urls import reverse

from accounts.choices import Role
from bench.verify import recompute_monthly, summarise
from cooperatives import selectors
from cooperatives.api.serializers import (
    COOPERATIVE_LIST_VALUES,
    CooperativeSerializer,
    cooperative_row,
)
from cooperatives.models import Cooperative
from cooperatives.services import submissions as services
from tests.factories.cooperatives import make_cooperative, make_plan, province

pytestmark = pytest.mark.django_db


def _agrees(year: int = 2026, month: int = 10) -> dict:
    first = selectors.monthly_statistics(year=year, month=month)
    again = selectors.monthly_statistics(year=year, month=month)  # from the cache
    expected = recompute_monthly(year=year, month=month)
    assert summarise(first) == expected
    assert summarise(again) == expected
    assert again == first
    series = selectors.statistics_series(start=(2026, 9), end=(2026, 10))
    assert series == selectors._statistics_series(start=(2026, 9), end=(2026, 10))
    return again


def test_cached_statistics_follow_an_approval_a_reopening_and_a_revision(
    provinces, user_factory, django_capture_on_commit_callbacks
):
    officer = user_factory(Role.PROVINCIAL_OFFICER, province="01")
    staff = user_factory(Role.STAFF)
    make_plan(2026, 1000)
    hanoi = province("01", 2026, 10)
    assert _agrees()["active_total"] is None
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_create(
            actor=officer,
            province=hanoi,
            year=2026,
            month=10,
            established_agricultural=5,
            active_total=1200,
        )
    assert _agrees()["provinces"][0]["status"] == "draft"
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_submit(
            actor=officer, submission=submission, version=submission.version
        )
        submission = services.submission_approve(
            actor=staff, submission=submission, version=submission.version
        )
    approved = _agrees()
    assert approved["active_total"] == 1200
    assert approved["established"]["agricultural"] == 5
    assert approved["provisional"] is True  # one province of 34: no plan percentage yet
    assert approved["plan"] == {
        "target": 1000,
        "percent_of_target": None,
        "above_target_percent": None,
    }
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_reopen(
            actor=staff, submission=submission, reason="Sai số liệu", version=submission.version
        )
    assert _agrees()["active_total"] is None
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_update(
            actor=officer, submission=submission, version=submission.version, active_total=1300
        )
        submission = services.submission_submit(
            actor=officer, submission=submission, version=submission.version
        )
        submission = services.submission_approve(
            actor=staff, submission=submission, version=submission.version
        )
    revised = _agrees()
    assert revised["active_total"] == 1300
    assert selectors.statistics_series(start=(2026, 10), end=(2026, 10))[0]["active_total"] == 1300


def test_statistics_take_one_query_cold_and_none_warm(provinces, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.monthly_statistics(year=2021, month=11)
    with django_assert_num_queries(0):
        selectors.monthly_statistics(year=2021, month=11)


def test_a_province_code_written_either_way_reads_one_cached_series(
    provinces, django_assert_num_queries
):
    with django_assert_num_queries(1):
        padded = selectors.statistics_series(start=(2025, 5), end=(2025, 7), province_code="08")
    with django_assert_num_queries(0):
        bare = selectors.statistics_series(start=(2025, 5), end=(2025, 7), province_code=8)
    assert bare == padded
    with pytest.raises(ValueError, match="invalid literal"):
        selectors.statistics_series(start=(2025, 5), end=(2025, 7), province_code="x8")


def test_a_plan_target_change_reaches_the_cached_statistics(provinces):
    assert selectors.monthly_statistics(year=2021, month=11)["plan"]["target"] is None
    make_plan(2021, 23083)
    assert selectors.monthly_statistics(year=2021, month=11)["plan"]["target"] == 23083


def test_the_dashboard_cache_follows_the_tasks(provinces, user_factory):
    from reports.selectors import _dashboard_data, dashboard_data
    from tests.factories.tasks import make_task

    leader = user_factory(Role.LEADERSHIP)
    before = dashboard_data(user=leader, year=2026, month=10)
    assert before == dashboard_data(user=leader, year=2026, month=10)
    make_task()
    after = dashboard_data(user=leader, year=2026, month=10)
    assert after == _dashboard_data(user=leader, year=2026, month=10)


def test_the_cooperative_list_rows_are_what_the_serializer_gives(provinces, user_factory):
    from rest_framework.renderers import JSONRenderer

    make_cooperative("01", members=12, charter_capital=1_500_000_000)
    make_cooperative(province("15", 2021, 1), sector="non_agricultural")
    for cooperative in Cooperative.objects.select_related("province"):
        row = Cooperative.objects.filter(pk=cooperative.pk).values(*COOPERATIVE_LIST_VALUES)[0]
        history = selectors.province_history_by_id()
        assert JSONRenderer().render(cooperative_row(row, history)) == JSONRenderer().render(
            CooperativeSerializer(cooperative).data
        )


def test_the_cooperative_list_api_keeps_its_order_and_shape(provinces, user_factory, client):
    from cooperatives.models import Province

    hanoi = province("01", 2021, 1)
    for name in ("HTX Cúc", "HTX An", "HTX Bình"):
        make_cooperative(hanoi, name=name)
    make_cooperative("02", name="HTX Khác")
    client.force_login(user_factory(Role.STAFF))
    body = client.get(
        "/api/v1/cooperatives/", {"province_id": hanoi.pk, "sector": "agricultural"}
    ).json()
    assert [row["name"] for row in body["results"]] == ["HTX An", "HTX Bình", "HTX Cúc"]
    assert body["count"] == 3
    assert body["results"][0]["province"]["code"] == "01"
    everything = client.get("/api/v1/cooperatives/").json()
    codes = [row["province"]["code"] for row in everything["results"]]
    assert codes == sorted(codes)
    assert Province.objects.filter(pk=hanoi.pk).exists()


def test_the_streamed_csv_export_has_every_row_with_its_labels(provinces, user_factory, client):
    make_cooperative("01", name="=HTX công thức", members=9)
    make_cooperative("02", name="HTX Vận tải", sector="non_agricultural", sub_sector="transport")
    client.force_login(user_factory(Role.STAFF))
    response = client.get(reverse("cooperatives:cooperative-export", args=["csv"]))
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert len(rows) == 3
    by_name = {row[1]: row for row in rows[1:]}
    assert "'=HTX công thức" in by_name  # never read as a formula
    transport = by_name["HTX Vận tải"]
    cooperative = Cooperative.objects.get(name="HTX Vận tải")
    assert transport[2:5] == [
        cooperative.get_kind_display(),
        cooperative.get_sector_display(),
        cooperative.get_sub_sector_display(),
    ]
    assert transport[7] == cooperative.get_status_display()


def test_the_xlsx_export_streams_a_workbook_with_every_row(provinces, user_factory, client):
    from openpyxl import load_workbook

    for number in range(5):
        make_cooperative("01", name=f"HTX {number}")
    client.force_login(user_factory(Role.STAFF))
    response = client.get(reverse("cooperatives:cooperative-export", args=["xlsx"]))
    assert response.streaming
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.active.max_row == 6


def test_a_deep_page_of_the_list_is_the_same_slice_of_the_whole_order(
    provinces, user_factory, client
):
    # Pages past the middle are read backwards; two cooperatives share each name, so the order
    # must break ties the same way in both directions.
    hanoi = province("01", 2021, 1)
    for number in range(60):
        make_cooperative(hanoi, name=f"HTX {(number * 37) % 30:02d}")
    client.force_login(user_factory(Role.STAFF))
    params = {"province_id": hanoi.pk, "sector": "agricultural", "page_size": 25}
    pages = [client.get("/api/v1/cooperatives/", {**params, "page": n}).json() for n in (1, 2, 3)]
    codes = [row["registration_code"] for page in pages for row in page["results"]]
    assert codes == list(
        Cooperative.objects.filter(province=hanoi)
        .order_by("name", "pk")
        .values_list("registration_code", flat=True)
    )
    assert [len(page["results"]) for page in pages] == [25, 25, 10]
    assert pages[2]["next"] is None
    assert pages[1]["next"]
    assert pages[1]["previous"]
