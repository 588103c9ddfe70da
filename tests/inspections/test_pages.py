"""The browser pages: forms go through the services, bad input saves nothing, exports are safe."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from accounts.choices import Role
from inspections.choices import ComplaintStatus
from inspections.exports import safe_text
from inspections.models import Complaint, Inspection, InspectionPlan
from tests.factories.inspections import make_complaint, make_inspection

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def inspector(user_factory, client):
    user = user_factory(Role.INSPECTOR)
    client.force_login(user)
    return user


def test_recording_a_complaint_in_the_browser(provinces, inspector, client):
    province = provinces.get_by_code("01", on=D(2021, 11, 19))
    response = client.post(
        reverse("inspections:complaint-create"),
        {
            "received_on": "2021-11-19",
            "channel": "post",
            "kind": "complaint",
            "complainant_kind": "cooperative",
            "complainant_name": "HTX Phúc Thọ",
            "complainant_province": province.pk,
            "subject": "Khiếu nại về đất",
            "summary": "Nội dung",
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == complaint.get_absolute_url()
    assert complaint.due_on == D(2021, 12, 20)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "20/12/2021" in page
    assert "Đã tiếp nhận" in page


def test_a_form_with_errors_explains_them_in_vietnamese_and_saves_nothing(
    provinces, inspector, client
):
    response = client.post(
        reverse("inspections:inspection-create"),
        {
            "title": "Kiểm tra",
            "kind": "inspection",
            "subject_kind": "provincial_union",
            "start_date": "2021-11-10",
            "end_date": "2021-11-01",
            "status": "concluded",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Hãy chọn tỉnh, thành phố của Liên minh HTX." in text
    assert "Ngày kết thúc không được trước ngày bắt đầu." in text
    assert "Cuộc kiểm tra đã kết luận cần có ngày kết luận." in text
    assert not Inspection.objects.exists()


def test_plans_and_recommendations_are_recorded(provinces, inspector, client):
    response = client.post(
        reverse("inspections:plan-create"),
        {
            "year": 2021,
            "title": "Giám sát thực hành tiết kiệm",
            "document_number": "758/KH-LMHTX",
            "document_date": "2021-10-26",
        },
    )
    assert response.status_code == 302
    plan = InspectionPlan.objects.get()
    inspection = make_inspection(plan=plan)
    response = client.post(
        reverse("inspections:recommendation-create", args=[inspection.pk]),
        {
            "text": "Rà soát chi phí",
            "responsible_party": "Văn phòng",
            "deadline": "2021-12-31",
            "status": "pending",
        },
    )
    assert response.status_code == 302
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert "Rà soát chi phí" in page
    assert "26/10/2021" in page  # the plan in the timeline
    assert "31/12/2021" in page


def test_resolving_needs_an_outcome(provinces, inspector, client):
    complaint = make_complaint()
    url = reverse("inspections:complaint-transition", args=[complaint.pk])
    assert client.post(url, {"status": "accepted", "on": "2021-11-02"}).status_code == 302
    response = client.post(url, {"status": "resolved", "on": "2021-11-20"})
    assert response.status_code == 200
    assert "Hãy nhập kết quả giải quyết" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ACCEPTED


def test_deadline_page_shows_what_falls_due_this_week(provinces, inspector, client):
    from inspections.selectors import local_today

    today = local_today()
    overdue = make_complaint(received_on=today - datetime.timedelta(days=60), subject="Cũ")
    page = client.get(reverse("inspections:deadlines")).content.decode()
    assert overdue.subject in page
    assert "Quá hạn" in page


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "\tcmd", "\0x"]
)
def test_safe_text_never_leaves_a_formula(text):
    assert safe_text(text) == "'" + text
    assert safe_text("HTX Hợp Tiến") == "HTX Hợp Tiến"
    assert safe_text(5) == 5


def test_exports_write_formulas_as_text(provinces, inspector, client):
    make_complaint(subject='=HYPERLINK("http://evil","x")', summary="+cmd|' /C calc'!A0")
    response = client.get(reverse("inspections:complaint-export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert '\'=HYPERLINK("http://evil","x")' in rows[1]
    assert "'+cmd|' /C calc'!A0" in rows[1]
    response = client.get(reverse("inspections:complaint-export", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [c for c in sheet[2] if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells
    assert all(c.data_type == "s" and c.value.startswith("'=") for c in cells)
    assert client.get("/inspections/complaints/export.pdf").status_code == 404


@override_settings(DEMO_MODE=True)
def test_the_demo_has_the_committees_november_2021_work(provinces, user_factory):
    call_command("load_demo")
    call_command("load_demo")  # idempotent
    assert InspectionPlan.objects.get().document_number == "758/KH-LMHTX"
    # The article's five activities; the sixth, from December, is the follow-up inspection.
    november = Inspection.objects.filter(cooperative__isnull=True)
    assert november.count() == 5
    assert Inspection.objects.count() == 6
    assert set(november.values_list("kind", flat=True)) == {
        "training",
        "inspection",
        "supervision",
        "survey",
    }
    complaints = Complaint.objects.order_by("complainant_name")
    assert [(c.complainant_name, c.complainant_province.code) for c in complaints] == [
        ("HTX Hợp Tiến", "67"),
        ("HTX Phúc Thọ", "01"),
    ]
    assert {c.status for c in complaints} == {ComplaintStatus.UNDER_INVESTIGATION}
    # Linked oversight: the cases and the December inspection link to the register, whose
    # entries took the article's names; the enterprise and the school have their records.
    assert [c.cooperative.name for c in complaints] == ["HTX Hợp Tiến", "HTX Phúc Thọ"]
    phuc_tho = complaints[1].cooperative
    assert phuc_tho.former_names.count() == 1
    followed = phuc_tho.inspections.get().recommendations.order_by("deadline")
    assert [r.status for r in followed] == ["done", "in_progress", "pending"]
    assert all(r.follow_up for r in followed if r.status != "pending")
    assert set(
        Inspection.objects.filter(organisation__isnull=False).values_list(
            "organisation__kind", flat=True
        )
    ) == {"enterprise", "school"}
