"""The acceptance date (ngày thụ lý): recorded in the form, the API and the transition, checked
(not before receipt, not in the future), and the resolution deadline counted from it."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from accounts.choices import Role
from inspections.choices import ComplaintStatus
from inspections.models import Complaint
from tests.factories.inspections import make_complaint

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2021, 11, 30)


@pytest.fixture
def inspector(user_factory, client, clock):
    clock(TODAY)
    user = user_factory(Role.INSPECTOR)
    client.force_login(user)
    return user


@pytest.fixture
def inspector_api(inspector, api_client):
    api_client.force_authenticate(inspector)
    return api_client


def _form(provinces, **fields):
    province = provinces.get_by_code("01", on=D(2021, 11, 19))
    return {
        "received_on": "2021-11-19",
        "channel": "post",
        "kind": "complaint",
        "complainant_kind": "cooperative",
        "complainant_name": "HTX Phúc Thọ",
        "complainant_province": province.pk,
        "subject": "Khiếu nại về đất",
        "summary": "Nội dung",
        **fields,
    }


def test_a_case_recorded_with_its_acceptance_date_is_accepted_and_counted_from_it(
    provinces, inspector, client
):
    response = client.post(
        reverse("inspections:complaint-create"), _form(provinces, accepted_on="2021-11-26")
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.status == ComplaintStatus.ACCEPTED
    assert complaint.accepted_on == D(2021, 11, 26)
    # Luật Khiếu nại, art. 28: 30 days from acceptance, Sunday 26 December, so Monday 27.
    assert complaint.due_on == D(2021, 12, 27)
    assert complaint.acceptance_due_on == D(2021, 11, 29)  # art. 27: 10 days from receipt
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert 'Ngày thụ lý</dt><dd class="col-sm-8" data-testid="accepted-on">26/11/2021<' in page
    assert 'data-testid="due-on">27/12/2021' in page
    assert [s.status for s in complaint.steps.all()] == ["received", "accepted"]


@pytest.mark.parametrize(
    ("accepted_on", "message"),
    [
        ("2021-11-18", "Không thể thụ lý đơn trước ngày tiếp nhận."),
        ("2021-12-01", "Ngày thụ lý không được ở tương lai."),
    ],
    ids=["before-receipt", "future"],
)
def test_a_bad_acceptance_date_in_the_form_is_explained_and_saves_nothing(
    provinces, inspector, client, accepted_on, message
):
    response = client.post(
        reverse("inspections:complaint-create"), _form(provinces, accepted_on=accepted_on)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Complaint.objects.exists()

    complaint = make_complaint(received_on=D(2021, 11, 19))
    response = client.post(
        reverse("inspections:complaint-update", args=[complaint.pk]),
        _form(provinces, accepted_on=accepted_on, subject="Đổi tên"),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    complaint.refresh_from_db()
    assert (complaint.accepted_on, complaint.status, complaint.subject) == (
        None,
        ComplaintStatus.RECEIVED,
        complaint.subject,
    )
    assert complaint.subject != "Đổi tên"
    assert complaint.steps.count() == 1


def test_giving_a_received_case_its_acceptance_date_in_the_api_accepts_it(provinces, inspector_api):
    complaint = make_complaint(received_on=D(2021, 11, 1))
    assert complaint.due_on == D(2021, 12, 1)  # counted from receipt until accepted
    response = inspector_api.patch(
        f"/api/v1/complaints/{complaint.pk}/", {"accepted_on": "2021-11-15"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["accepted_on"] == "2021-11-15"
    assert body["status"] == "accepted"
    assert body["due_on"] == "2021-12-15"
    assert body["acceptance_due_on"] == "2021-11-11"
    assert [s["status"] for s in body["steps"]] == ["received", "accepted"]
    # Corrected later: the deadline and the timeline follow.
    body = inspector_api.patch(
        f"/api/v1/complaints/{complaint.pk}/", {"accepted_on": "2021-11-16"}, format="json"
    ).json()
    assert body["due_on"] == "2021-12-16"
    assert [s["on"] for s in body["steps"]] == ["2021-11-01", "2021-11-16"]
    # An accepted case keeps an acceptance date.
    response = inspector_api.patch(
        f"/api/v1/complaints/{complaint.pk}/", {"accepted_on": None}, format="json"
    )
    assert response.status_code == 400
    assert "Đơn đã thụ lý phải có ngày thụ lý." in str(response.json())


@pytest.mark.parametrize(
    ("accepted_on", "message"),
    [
        ("2021-11-18", "Không thể thụ lý đơn trước ngày tiếp nhận."),
        ("2021-12-01", "Ngày thụ lý không được ở tương lai."),
    ],
    ids=["before-receipt", "future"],
)
def test_a_bad_acceptance_date_in_the_api_is_refused_and_saves_nothing(
    provinces, inspector_api, accepted_on, message
):
    response = inspector_api.post(
        "/api/v1/complaints/", _form(provinces, accepted_on=accepted_on), format="json"
    )
    assert response.status_code == 400
    assert response.json()["accepted_on"] == [message]
    assert not Complaint.objects.exists()

    complaint = make_complaint(received_on=D(2021, 11, 19))
    response = inspector_api.patch(
        f"/api/v1/complaints/{complaint.pk}/", {"accepted_on": accepted_on}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["accepted_on"] == [message]
    complaint.refresh_from_db()
    assert (complaint.accepted_on, complaint.status) == (None, ComplaintStatus.RECEIVED)
    assert complaint.due_on == D(2021, 12, 20)


def test_accepting_in_the_future_through_the_transition_is_refused(provinces, inspector_api):
    complaint = make_complaint(received_on=D(2021, 11, 19))
    response = inspector_api.post(
        f"/api/v1/complaints/{complaint.pk}/transition/",
        {"status": "accepted", "on": "2021-12-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["on"] == ["Ngày thụ lý không được ở tương lai."]
    complaint.refresh_from_db()
    assert (complaint.accepted_on, complaint.status) == (None, ComplaintStatus.RECEIVED)


def test_a_case_closed_without_acceptance_gets_no_acceptance_date(provinces, inspector_api):
    complaint = make_complaint(received_on=D(2021, 11, 19))
    url = f"/api/v1/complaints/{complaint.pk}/"
    inspector_api.post(
        url + "transition/",
        {"status": "rejected", "on": "2021-11-20", "outcome": "Không đủ điều kiện thụ lý."},
        format="json",
    )
    response = inspector_api.patch(url, {"accepted_on": "2021-11-22"}, format="json")
    assert response.status_code == 400
    assert "Đơn này đã kết thúc mà không được thụ lý." in str(response.json())
    complaint.refresh_from_db()
    assert complaint.accepted_on is None


def test_the_export_has_the_acceptance_date_and_deadline(provinces, inspector, client):
    complaint = make_complaint(received_on=D(2021, 11, 19), accepted_on=D(2021, 11, 22))
    response = client.get(reverse("inspections:complaint-export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Ngày thụ lý"] == "22/11/2021"
    assert record["Hạn thụ lý"] == "29/11/2021"
    assert record["Hạn giải quyết"] == complaint.due_on.strftime("%d/%m/%Y")


@pytest.mark.django_db(transaction=True)
def test_the_migration_takes_the_acceptance_date_from_the_timeline_and_counts_anew():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("inspections", "0002_plan_document_in_register")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldComplaint = old.get_model("inspections", "Complaint")
    OldStep = old.get_model("inspections", "ComplaintStep")
    particulars = {
        "channel": "post",
        "kind": "complaint",
        "complainant_kind": "cooperative",
        "complainant_name": "HTX Hợp Tiến",
        "summary": "Nội dung",
    }
    accepted = OldComplaint.objects.create(
        received_on=D(2022, 1, 17), due_on=D(2022, 2, 16), subject="Đã thụ lý", **particulars
    )
    OldStep.objects.create(complaint=accepted, status="received", on=D(2022, 1, 17))
    OldStep.objects.create(complaint=accepted, status="accepted", on=D(2022, 1, 20))
    waiting = OldComplaint.objects.create(
        received_on=D(2021, 12, 15),
        due_on=D(2022, 1, 31),
        is_complex=True,
        subject="Chưa thụ lý",
        **particulars,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    accepted = Complaint.objects.get(subject="Đã thụ lý")
    # 30 days from acceptance on 20 January: Saturday 19 February 2022, so Monday 21.
    assert (accepted.accepted_on, accepted.due_on) == (D(2022, 1, 20), D(2022, 2, 21))
    assert accepted.acceptance_due_on == D(2022, 1, 27)
    waiting = Complaint.objects.get(pk=waiting.pk)
    # 45 days from receipt end on Saturday 29 January 2022, then Tết: Monday 7 February.
    assert (waiting.accepted_on, waiting.due_on) == (None, D(2022, 2, 7))
    assert waiting.acceptance_due_on == D(2021, 12, 27)


def test_the_acceptance_date_cannot_move_after_the_case_s_later_steps(provinces, inspector_api):
    complaint = make_complaint(received_on=D(2021, 11, 1), accepted_on=D(2021, 11, 2))
    inspector_api.post(
        f"/api/v1/complaints/{complaint.pk}/transition/",
        {"status": "under_investigation", "on": "2021-11-05"},
        format="json",
    )
    response = inspector_api.patch(
        f"/api/v1/complaints/{complaint.pk}/", {"accepted_on": "2021-11-08"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["accepted_on"] == ["Đơn phải được thụ lý trước bước ngày 05/11/2021."]
    complaint.refresh_from_db()
    assert complaint.accepted_on == D(2021, 11, 2)


def test_a_case_left_unaccepted_past_its_acceptance_deadline_is_flagged(
    provinces, inspector, inspector_api, client
):
    late = make_complaint(received_on=D(2021, 11, 12), subject="Chưa thụ lý")  # due 22/11
    in_time = make_complaint(received_on=D(2021, 11, 25), subject="Mới nhận")  # due 6/12
    accepted = make_complaint(
        received_on=D(2021, 11, 12), accepted_on=D(2021, 11, 15), subject="Đã thụ lý"
    )
    flags = {
        row["subject"]: row["is_acceptance_overdue"]
        for row in inspector_api.get("/api/v1/complaints/").json()["results"]
    }
    assert flags == {late.subject: True, in_time.subject: False, accepted.subject: False}
    page = client.get(late.get_absolute_url()).content.decode()
    assert "Quá hạn thụ lý" in page
    assert "Quá hạn thụ lý" not in client.get(accepted.get_absolute_url()).content.decode()
