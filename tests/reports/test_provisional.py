"""A month with provinces not yet in, before and after the 2025 merger: the statistics API, the
dashboard, the report's narrative and its workbook state the same figures, say how many
provinces are in, carry the missing ones' last approved totals, never show a fall that is only
missing data, and claim no plan percentage."""

import io

import openpyxl
import pytest
from django.urls import reverse

from accounts.choices import Role
from cooperatives.models import Province, month_end
from reports import services
from tests.factories.cooperatives import make_plan, make_submission

pytestmark = pytest.mark.django_db

MONTHS = {
    "before-the-merger": ((2021, 10), (2021, 11)),
    "after-the-merger": ((2026, 9), (2026, 10)),
}


@pytest.fixture(params=list(MONTHS.values()), ids=list(MONTHS))
def provisional(request, provinces, settings, tmp_path):
    """Every province approved at 1.000 the month before; this month four provinces have sent
    nothing, two are awaiting review and the others grew by two to 1.002."""
    settings.MEDIA_ROOT = str(tmp_path)
    before, month = request.param
    codes = list(
        Province.objects.valid_on(month_end(*month)).order_by("code").values_list("code", flat=True)
    )
    make_plan(month[0], 900 * len(codes))
    for code in codes:
        make_submission(code, *before, status="approved", active_total=1000)
    for code in codes[4:6]:
        make_submission(code, *month, status="submitted", active_total=1500)
    for code in codes[6:]:
        make_submission(
            code, *month, status="approved", established_agricultural=2, active_total=1002
        )
    return {
        "year": month[0],
        "month": month[1],
        "before": before,
        "expected": len(codes),
        "approved": len(codes) - 6,
        "active": 1002 * (len(codes) - 6) + 1000 * 6,
        "established": 2 * (len(codes) - 6),
        "missing_code": codes[0],
    }


def test_api_dashboard_narrative_and_workbook_agree(
    provisional, user_factory, token_client, client
):
    year, month = provisional["year"], provisional["month"]
    approved, expected = provisional["approved"], provisional["expected"]
    api = token_client(user_factory(Role.API_CLIENT))
    body = api.get("/api/v1/statistics/monthly/", {"year": year, "month": month}).json()
    assert body["provisional"] is True
    assert body["active_total"] == provisional["active"]
    assert body["active_total"] > 1000 * expected  # no fall that is only missing data
    assert body["established"]["total"] == provisional["established"]
    assert (body["provinces_approved"], body["provinces_submitted"]) == (approved, 2)
    assert (body["provinces_missing"], body["provinces_carried"]) == (4, 6)
    assert body["plan"]["percent_of_target"] is None

    report = services.report_request(year=year, month=month)
    services.report_build(report_id=report.pk)
    report.refresh_from_db()
    statistics = report.snapshot["statistics"]
    for key in ("active_total", "established", "dissolved", "provisional", "provinces_carried"):
        assert statistics[key] == body[key], key
    period = f"{month}/{year}"
    assert report.narrative.startswith(
        f"Trong tháng {period} (số liệu tạm tính, {approved}/{expected} tỉnh, thành phố đã được "
        f"phê duyệt), cả nước thành lập mới {provisional['established']} HTX"
    )
    assert "Số HTX đang hoạt động của 6 tỉnh, thành phố chưa được phê duyệt" in report.narrative
    assert "kế hoạch)" not in report.narrative  # no "vượt …% kế hoạch" for a provisional month

    book = openpyxl.load_workbook(io.BytesIO(report.workbook.read()))
    summary = {
        row[0].value.strip(): row[1].value
        for row in book["Tổng hợp"].iter_rows(min_row=4, max_col=2)
        if row[0].value and row[1].value is not None
    }
    assert summary["Số liệu"] == "Tạm tính"
    assert summary["Tổng số HTX đang hoạt động"] == body["active_total"]
    assert summary["Số tỉnh, thành phố đã được phê duyệt"] == approved
    assert "Tỷ lệ so với kế hoạch (%)" not in summary  # left empty
    rows = {row[0].value: row for row in book["Theo tỉnh"].iter_rows(min_row=4)}
    before_year, before_month = provisional["before"]
    carried = rows[provisional["missing_code"]]
    assert carried[8].value == 1000
    assert carried[-1].value == f"{before_month:02d}/{before_year}"

    client.force_login(user_factory(Role.LEADERSHIP))
    page = client.get(reverse("reports:dashboard"), {"year": year, "month": month})
    html = page.content.decode()
    assert 'data-testid="provisional"' in html
    assert f'data-testid="completeness">{approved}/{expected}<' in html
    assert f'data-testid="active-total">{body["active_total"]:,}<'.replace(",", ".") in html
    assert f"Tạm tính: {approved}/{expected} tỉnh" in html  # the trend table
    assert "khi tất cả các tỉnh, thành phố đã được phê duyệt" in html  # no plan percentage
    assert "so với kế hoạch" not in html
    dashboard = client.get("/api/v1/dashboard/", {"year": year, "month": month}).json()
    last = dashboard["trend"]["months"][-1]
    assert (last["active_total"], last["provisional"]) == (body["active_total"], True)
    assert dashboard["trend"]["months"][-2]["provisional"] is False
