"""The submissions API: the contract of creating, editing and moving a submission through its
workflow, with versions, history and who sees what."""

import pytest

from accounts.choices import Role
from cooperatives.choices import SubmissionStatus
from cooperatives.models import MonthlySubmission
from tests.factories.cooperatives import make_submission

pytestmark = pytest.mark.django_db

BODY = {
    "province": "15",
    "year": 2021,
    "month": 11,
    "established_agricultural": 3,
    "established_non_agricultural": 1,
    "dissolved_agricultural": 1,
    "dissolved_non_agricultural": 0,
    "active_total": 103,
    "nil_report": False,
    "explanation": "",
}


@pytest.fixture
def lao_cai(user_factory, token_client):
    """The officer of today's Lào Cai (15), which took in Yên Bái (old 15)."""
    return token_client(user_factory(Role.PROVINCIAL_OFFICER, province="15"))


@pytest.fixture
def staff_user(user_factory):
    return user_factory(Role.STAFF, first_name="Phạm Ngọc", last_name="Toại")


@pytest.fixture
def staff(staff_user, token_client):
    return token_client(staff_user)


def test_a_code_means_the_province_of_that_month(lao_cai):
    response = lao_cai.post("/api/v1/submissions/", BODY, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["province"]["name"] == "Tỉnh Yên Bái"
    response = lao_cai.post(
        "/api/v1/submissions/", {**BODY, "year": 2026, "month": 1}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["province"]["name"] == "Tỉnh Lào Cai"


def test_an_abolished_code_is_refused_for_a_later_month(user_factory, token_client):
    ha_giang_now = token_client(user_factory(Role.PROVINCIAL_OFFICER, province="08"))
    response = ha_giang_now.post(
        "/api/v1/submissions/", {**BODY, "province": "02", "year": 2026, "month": 1}, format="json"
    )
    assert response.status_code == 400
    assert "02" in response.json()["province"][0]
    assert not MonthlySubmission.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"active_total": -1}, "active_total"),
        ({"dissolved_agricultural": "ba"}, "dissolved_agricultural"),
        ({"established_agricultural": 1.5}, "established_agricultural"),
        ({"month": 13}, "month"),
        ({"province": "abc"}, "province"),
    ],
)
def test_bad_input_is_refused_with_the_field_and_nothing_is_saved(lao_cai, change, field):
    response = lao_cai.post("/api/v1/submissions/", {**BODY, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not MonthlySubmission.objects.exists()


def test_a_future_month_is_refused_in_vietnamese_and_nothing_is_saved(any_day, lao_cai):
    year, month = (any_day.year, any_day.month + 1) if any_day.month < 12 else (any_day.year + 1, 1)
    response = lao_cai.post(
        "/api/v1/submissions/", {**BODY, "year": year, "month": month}, format="json"
    )
    assert response.status_code == 400
    assert "tương lai" in " ".join(response.json()["month"])
    assert not MonthlySubmission.objects.exists()
    current = {**BODY, "year": any_day.year, "month": any_day.month}
    assert lao_cai.post("/api/v1/submissions/", current, format="json").status_code == 201


def test_a_second_submission_for_the_province_month_is_a_conflict(lao_cai):
    assert lao_cai.post("/api/v1/submissions/", BODY, format="json").status_code == 201
    response = lao_cai.post("/api/v1/submissions/", BODY, format="json")
    assert response.status_code == 409
    assert "đã có báo cáo" in response.json()["detail"]


def test_the_workflow_through_the_api_with_history(lao_cai, staff):
    created = lao_cai.post("/api/v1/submissions/", BODY, format="json").json()
    url = f"/api/v1/submissions/{created['id']}/"
    edited = lao_cai.patch(
        url, {"active_total": 104, "established_agricultural": 4, "version": 1}, format="json"
    )
    assert edited.status_code == 200, edited.content
    assert edited["ETag"] == '"2"'
    submitted = lao_cai.post(f"{url}submit/", {}, format="json", HTTP_IF_MATCH='"2"')
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["is_late"] is True  # 11/2021 was due on 5/12/2021
    assert staff.post(f"{url}return/", {"reason": ""}, format="json").status_code == 400
    returned = staff.post(f"{url}return/", {"reason": "Sai số giải thể"}, format="json")
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_reason"] == "Sai số giải thể"
    assert lao_cai.post(f"{url}submit/", {}, format="json").status_code == 200
    approved = staff.post(f"{url}approve/", {}, format="json")
    assert approved.json()["status"] == "approved"
    assert lao_cai.patch(url, {"active_total": 1, "version": 6}, format="json").status_code == 409
    reopened = staff.post(f"{url}reopen/", {"reason": "Tỉnh báo lại"}, format="json")
    assert reopened.json()["status"] == "returned"
    assert reopened.json()["version"] == 7
    history = lao_cai.get(f"{url}history/").json()
    assert [row["action"] for row in history] == [
        "created",
        "edited",
        "submitted",
        "returned",
        "submitted",
        "approved",
        "reopened",
    ]
    assert history[1]["before"]["active_total"] == 103
    assert history[1]["after"]["active_total"] == 104
    assert history[3]["reason"] == "Sai số giải thể"
    assert history[6]["actor"]["name"] == "Phạm Ngọc Toại"


def test_illegal_transitions_answer_409_and_change_nothing(lao_cai, staff):
    draft = make_submission("15", status=SubmissionStatus.DRAFT)
    url = f"/api/v1/submissions/{draft.pk}/"
    for step in ("approve", "reopen"):
        response = staff.post(f"{url}{step}/", {"reason": "x"}, format="json")
        assert response.status_code == 409, step
    draft.refresh_from_db()
    assert (draft.status, draft.version) == ("draft", 1)


def test_a_stale_version_answers_412(lao_cai):
    draft = make_submission("15", version=3)
    url = f"/api/v1/submissions/{draft.pk}/"
    response = lao_cai.patch(url, {"active_total": 1}, format="json", HTTP_IF_MATCH='"2"')
    assert response.status_code == 412
    assert "phiên bản 3" in response.json()["detail"]
    assert lao_cai.patch(url, {"active_total": 1, "version": 2}, format="json").status_code == 412
    assert lao_cai.post(f"{url}submit/", {"version": 2}, format="json").status_code == 412
    draft.refresh_from_db()
    assert (draft.active_total, draft.status) == (100, "draft")


def test_an_edit_without_a_version_is_refused(lao_cai):
    draft = make_submission("15")
    response = lao_cai.patch(f"/api/v1/submissions/{draft.pk}/", {"active_total": 1}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


def test_a_mismatch_needs_an_explanation_to_submit(lao_cai):
    make_submission("15", 2021, 10, active_total=100, status=SubmissionStatus.APPROVED)
    created = lao_cai.post("/api/v1/submissions/", {**BODY, "active_total": 120}, format="json")
    body = created.json()
    assert body["stock_flow"] == {
        "previous_active": 100,
        "expected_active": 103,
        "difference": 17,
        "matches": False,
    }
    response = lao_cai.post(f"/api/v1/submissions/{body['id']}/submit/", {}, format="json")
    assert response.status_code == 400
    assert "103" in response.json()["explanation"][0]


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        (Role.STAFF, {"draft", "submitted", "approved", "returned"}),
        (Role.ADMINISTRATOR, {"draft", "submitted", "approved", "returned"}),
        (Role.LEADERSHIP, {"submitted", "approved"}),
        (Role.API_CLIENT, {"approved"}),
    ],
)
def test_who_sees_which_submissions(user_factory, token_client, role, visible):
    for code, status in [
        ("01", "draft"),
        ("02", "submitted"),
        ("04", "approved"),
        ("06", "returned"),
    ]:
        make_submission(code, status=status)
    client = token_client(user_factory(role))
    rows = client.get("/api/v1/submissions/").json()["results"]
    assert {row["status"] for row in rows} == visible


def test_an_officer_sees_their_province_and_predecessors_drafts_only(lao_cai):
    make_submission("15", status="draft")  # Yên Bái, now part of Lào Cai
    make_submission("10", status="draft")  # the old Lào Cai
    make_submission("01", status="approved")  # Hà Nội
    rows = lao_cai.get("/api/v1/submissions/").json()["results"]
    assert sorted(row["province"]["name"] for row in rows) == ["Tỉnh Lào Cai", "Tỉnh Yên Bái"]


def test_an_inspector_is_refused_the_submissions(user_factory, token_client):
    client = token_client(user_factory(Role.INSPECTOR))
    assert client.get("/api/v1/submissions/").status_code == 403


@pytest.mark.parametrize("role", [Role.LEADERSHIP, Role.API_CLIENT, Role.INSPECTOR])
def test_read_only_roles_cannot_write(user_factory, token_client, role):
    submission = make_submission("01", status="submitted")
    client = token_client(user_factory(role))
    assert client.post("/api/v1/submissions/", BODY, format="json").status_code == 403
    for step in ("approve", "return", "reopen", "submit"):
        response = client.post(f"/api/v1/submissions/{submission.pk}/{step}/", {"reason": "x"})
        assert response.status_code == 403


def test_filters(staff):
    make_submission("01", 2021, 11, status="approved")
    make_submission("01", 2021, 10, status="draft")
    make_submission("15", 2021, 11, status="submitted")

    def codes(**params):
        rows = staff.get("/api/v1/submissions/", params).json()["results"]
        return sorted((row["province"]["code"], row["month"]) for row in rows)

    assert codes(province="01") == [("01", 10), ("01", 11)]
    assert codes(month=11, year=2021) == [("01", 11), ("15", 11)]
    assert codes(status="submitted") == [("15", 11)]
