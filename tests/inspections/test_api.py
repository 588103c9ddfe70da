"""The committee's endpoints: filters, writes through the services, the dashboard summary."""

import datetime

import pytest

from accounts.choices import Role
from inspections import selectors
from inspections.choices import ComplaintStatus, InspectionStatus
from inspections.models import Complaint
from tests.factories.inspections import make_complaint, make_inspection, make_plan

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def inspector_api(user_factory, api_client):
    api_client.force_authenticate(user_factory(Role.INSPECTOR))
    return api_client


def test_an_inspector_records_a_complaint_and_the_deadline_is_computed(provinces, inspector_api):
    province = provinces.get_by_code("01", on=D(2021, 11, 5))
    response = inspector_api.post(
        "/api/v1/complaints/",
        {
            "received_on": "2021-11-05",
            "channel": "post",
            "kind": "complaint",
            "complainant_kind": "cooperative",
            "complainant_name": "HTX Phúc Thọ",
            "complainant_province": province.pk,
            "contact_phone": "0243 000 000",
            "subject": "Khiếu nại về đất đai",
            "summary": "Đề nghị xem xét.",
            "due_on": "2030-01-01",  # ignored: the law decides
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["due_on"] == "2021-12-06"
    assert body["status"] == "received"
    assert body["complainant"]["contact"]["contact_phone"] == "0243 000 000"


def test_bad_input_gets_a_clear_error_and_saves_nothing(provinces, inspector_api):
    response = inspector_api.post(
        "/api/v1/complaints/",
        {"received_on": "2021-11-05", "channel": "post", "kind": "complaint"},
        format="json",
    )
    assert response.status_code == 400
    assert "subject" in response.json()
    assert not Complaint.objects.exists()


def test_the_case_moves_through_its_statuses_and_closing_needs_an_outcome(provinces, inspector_api):
    complaint = make_complaint()
    url = f"/api/v1/complaints/{complaint.pk}/transition/"
    assert inspector_api.post(url, {"status": "resolved", "on": "2021-11-10"}).status_code == 409
    assert inspector_api.post(url, {"status": "accepted", "on": "2021-11-02"}).status_code == 200
    response = inspector_api.post(url, {"status": "resolved", "on": "2021-11-20"})
    assert response.status_code == 400
    assert "outcome" in response.json()
    response = inspector_api.post(
        url, {"status": "resolved", "on": "2021-11-20", "outcome": "Đã giải quyết dứt điểm."}
    )
    assert response.status_code == 200
    assert response.json()["closed_on"] == "2021-11-20"
    detail = inspector_api.get(f"/api/v1/complaints/{complaint.pk}/").json()
    assert [s["status"] for s in detail["steps"]] == ["received", "accepted", "resolved"]
    # A closed case does not reopen.
    assert inspector_api.post(url, {"status": "accepted", "on": "2021-11-21"}).status_code == 409


def test_filters_by_status_and_overdue(provinces, inspector_api):
    old = make_complaint(received_on=D(2021, 11, 1))
    recent = make_complaint(received_on=selectors.local_today())
    overdue = inspector_api.get("/api/v1/complaints/", {"overdue": "true"}).json()
    assert [row["id"] for row in overdue["results"]] == [old.pk]
    assert overdue["results"][0]["is_overdue"] is True
    received = inspector_api.get("/api/v1/complaints/", {"status": "received"}).json()
    assert {row["id"] for row in received["results"]} == {old.pk, recent.pk}


def test_inspections_are_created_with_their_subject_rule(provinces, inspector_api):
    plan = make_plan(document_number="758/KH-LMHTX")
    response = inspector_api.post(
        "/api/v1/inspections/",
        {
            "title": "Kiểm tra LMHTX tỉnh",
            "kind": "inspection",
            "plan": plan.pk,
            "subject_kind": "provincial_union",
            "start_date": "2021-11-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "subject_province" in response.json()
    province = provinces.get_by_code("67", on=D(2021, 11, 1))
    response = inspector_api.post(
        "/api/v1/inspections/",
        {
            "title": "Kiểm tra LMHTX tỉnh",
            "kind": "inspection",
            "plan": plan.pk,
            "subject_kind": "provincial_union",
            "subject_province": province.pk,
            "start_date": "2021-11-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["subject"] == "Liên minh HTX Tỉnh Đắk Nông"
    listed = inspector_api.get("/api/v1/inspections/", {"plan": plan.pk}).json()
    assert listed["count"] == 1


def test_recommendations_are_followed_up(provinces, inspector_api):
    inspection = make_inspection()
    response = inspector_api.post(
        "/api/v1/recommendations/",
        {
            "inspection": inspection.pk,
            "text": "Hoàn thiện sổ sách kế toán",
            "responsible_party": "Công ty Thắng Lợi",
            "deadline": "2021-12-31",
            "status": "done",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "completed_on" in response.json()
    response = inspector_api.post(
        "/api/v1/recommendations/",
        {
            "inspection": inspection.pk,
            "text": "Hoàn thiện sổ sách kế toán",
            "responsible_party": "Công ty Thắng Lợi",
            "deadline": "2021-12-31",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["is_overdue"] is True
    body = inspector_api.get(f"/api/v1/inspections/{inspection.pk}/").json()
    assert body["recommendations"][0]["responsible_party"] == "Công ty Thắng Lợi"


def test_the_summary_counts_a_month(provinces, user_factory, api_client):
    make_inspection(status=InspectionStatus.IN_PROGRESS)
    make_inspection(status=InspectionStatus.PLANNED, start_date=D(2021, 11, 20))
    make_inspection(start_date=D(2022, 1, 5))  # later: not in November
    make_complaint(received_on=D(2021, 10, 1))  # due 1 November: overdue at the end of it
    make_complaint(received_on=D(2021, 11, 3))
    resolved = make_complaint(received_on=D(2021, 11, 4))
    from inspections import services

    services.complaint_transition(
        complaint=resolved, status=ComplaintStatus.ACCEPTED, on=D(2021, 11, 5)
    )
    services.complaint_transition(
        complaint=resolved,
        status=ComplaintStatus.RESOLVED,
        on=D(2021, 11, 25),
        outcome="Xong.",
    )
    api_client.force_authenticate(user_factory(Role.LEADERSHIP))
    body = api_client.get("/api/v1/complaints/summary/", {"year": 2021, "month": 11}).json()
    assert body["inspections"]["by_status"] == {"planned": 1, "in_progress": 1, "concluded": 0}
    assert body["complaints"] == {"open": 2, "overdue": 1, "received": 2, "resolved": 1}
    assert api_client.get("/api/v1/complaints/summary/", {"year": 2021}).status_code == 400
    assert (
        api_client.get("/api/v1/complaints/summary/", {"year": 2021, "month": 13}).status_code
        == 400
    )


def test_open_complaints_for_the_dashboard(provinces, user_factory):
    staff = user_factory(Role.STAFF)
    first = make_complaint(received_on=D(2021, 11, 1))
    second = make_complaint(received_on=D(2021, 10, 1))
    rows = list(selectors.open_complaints(user=staff, today=D(2021, 11, 15)))
    assert [(c.pk, c.is_overdue) for c in rows] == [(second.pk, True), (first.pk, False)]
    officer = user_factory(Role.PROVINCIAL_OFFICER)
    assert not selectors.open_complaints(user=officer).exists()


def test_editing_a_case_moves_its_deadline_but_never_its_status(provinces, inspector_api):
    complaint = make_complaint(received_on=D(2021, 11, 1))
    response = inspector_api.patch(
        f"/api/v1/complaints/{complaint.pk}/",
        {"kind": "denunciation", "is_complex": True, "status": "resolved"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["due_on"] == "2021-12-31"
    assert response.json()["status"] == "received"


def test_the_summary_is_empty_for_those_who_may_not_see_the_casework(provinces, user_factory):
    make_inspection()
    make_complaint()
    officer = user_factory(Role.PROVINCIAL_OFFICER)
    summary = selectors.inspection_summary(user=officer, year=2021, month=11)
    assert summary["inspections"]["total"] == 0
    assert summary["complaints"] == {"open": 0, "overdue": 0, "received": 0, "resolved": 0}


def test_the_summary_reads_a_month_in_one_query(provinces, user_factory, django_assert_num_queries):
    make_inspection()
    make_complaint(received_on=D(2021, 11, 3))
    leader = user_factory(Role.LEADERSHIP)
    with django_assert_num_queries(1):
        summary = selectors.inspection_summary(
            user=leader, year=2021, month=11, today=D(2021, 12, 20)
        )
    assert summary["inspections"]["total"] == 1
    assert summary["complaints"]["received"] == 1
