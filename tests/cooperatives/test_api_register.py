"""The cooperative register, provincial unions and plan targets through the API."""

import datetime

import pytest

from accounts.choices import Role
from cooperatives.models import Cooperative, PlanTarget
from cooperatives.selectors import charter_approval_summary, register_discrepancies
from tests.factories.cooperatives import make_cooperative, make_submission, make_union, province

pytestmark = pytest.mark.django_db

COOPERATIVE = {
    "name": "HTX Nông nghiệp Văn Chấn",
    "registration_code": "yb-0001",
    "kind": "cooperative",
    "sector": "agricultural",
    "sub_sector": "crops",
    "province": "15",
    "established_on": "2015-03-02",
    "members": 25,
    "charter_capital": 500000000,
}


@pytest.fixture
def lao_cai(user_factory, token_client):
    return token_client(user_factory(Role.PROVINCIAL_OFFICER, province="15"))


def test_an_officer_keeps_their_provinces_register(lao_cai):
    response = lao_cai.post("/api/v1/cooperatives/", COOPERATIVE, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["province"]["name"] == "Tỉnh Yên Bái"  # code 15 in 2015
    assert body["registration_code"] == "YB-0001"
    response = lao_cai.patch(
        f"/api/v1/cooperatives/{body['id']}/",
        {"status": "dissolved", "dissolved_on": "2021-11-10"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "dissolved"


def test_an_officer_cannot_register_in_another_province(lao_cai):
    response = lao_cai.post(
        "/api/v1/cooperatives/", {**COOPERATIVE, "province": "01"}, format="json"
    )
    assert response.status_code == 403
    assert not Cooperative.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sub_sector": "transport"}, "sub_sector"),
        ({"status": "dissolved"}, "dissolved_on"),
        ({"dissolved_on": "2014-01-01", "status": "dissolved"}, "dissolved_on"),
        ({"established_on": "2030-01-01"}, "established_on"),
        ({"members": -3}, "members"),
        ({"province": "02", "established_on": "2026-01-05"}, "province"),
    ],
)
def test_register_rules(user_factory, token_client, change, field):
    staff = token_client(user_factory(Role.STAFF))
    response = staff.post("/api/v1/cooperatives/", {**COOPERATIVE, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Cooperative.objects.exists()


def test_a_registration_code_is_unique(user_factory, token_client):
    staff = token_client(user_factory(Role.STAFF))
    assert staff.post("/api/v1/cooperatives/", COOPERATIVE, format="json").status_code == 201
    response = staff.post(
        "/api/v1/cooperatives/", {**COOPERATIVE, "registration_code": "YB-0001 "}, format="json"
    )
    assert response.status_code == 400
    assert "registration_code" in response.json()


def test_an_officer_reads_only_their_register_others_read_all(lao_cai, user_factory, token_client):
    make_cooperative("15")
    make_cooperative("01")
    assert lao_cai.get("/api/v1/cooperatives/").json()["count"] == 1
    api = token_client(user_factory(Role.API_CLIENT))
    assert api.get("/api/v1/cooperatives/").json()["count"] == 2
    assert api.post("/api/v1/cooperatives/", COOPERATIVE, format="json").status_code == 403


def test_register_filters(user_factory, token_client):
    make_cooperative("15", sector="non_agricultural", name="HTX Vận tải Nghĩa Lộ")
    make_cooperative("01", name="HTX Rau sạch")
    client = token_client(user_factory(Role.STAFF))

    def names(**q):
        return [r["name"] for r in client.get("/api/v1/cooperatives/", q).json()["results"]]

    assert names(sector="non_agricultural") == ["HTX Vận tải Nghĩa Lộ"]
    assert names(province="01") == ["HTX Rau sạch"]
    assert names(q="rau") == ["HTX Rau sạch"]


def test_charter_approvals_are_a_query(user_factory, token_client):
    legacy = [province(code, 2021, 11) for code in ("01", "02", "04")]
    make_union(
        legacy[0],
        charter_decision_number="12/QĐ-UBND",
        charter_approved_on=datetime.date(2021, 3, 1),
    )
    make_union(
        legacy[1],
        charter_decision_number="7/QĐ-UBND",
        charter_approved_on=datetime.date(2022, 3, 1),
    )
    make_union(legacy[2])
    assert charter_approval_summary(on=datetime.date(2021, 11, 30)) == {"approved": 1, "total": 63}
    assert charter_approval_summary(on=datetime.date(2022, 12, 31)) == {"approved": 2, "total": 63}
    client = token_client(user_factory(Role.API_CLIENT))
    response = client.get("/api/v1/provincial-unions/charter-summary/", {"on": "2021-11-30"})
    assert response.json() == {"approved": 1, "total": 63}
    bad = client.get("/api/v1/provincial-unions/charter-summary/", {"on": "30/11/2021x"})
    assert bad.status_code == 400
    assert "on" in bad.json()
    rows = client.get("/api/v1/provincial-unions/", {"charter_approved": "true"}).json()["results"]
    assert len(rows) == 2


def test_staff_record_a_charter_approval_both_number_and_date(user_factory, token_client):
    union = make_union(province("01"))
    staff = token_client(user_factory(Role.STAFF))
    url = f"/api/v1/provincial-unions/{union.pk}/"
    bad = staff.patch(
        url, {"charter_decision_number": "1/QĐ", "charter_approved_on": None}, format="json"
    )
    assert bad.status_code == 400
    good = staff.patch(
        url,
        {"charter_decision_number": "1/QĐ-UBND", "charter_approved_on": "2021-05-04"},
        format="json",
    )
    assert good.json()["charter_approved"] is True
    officer = token_client(user_factory(Role.PROVINCIAL_OFFICER, province="01"))
    assert (
        officer.patch(
            url, {"charter_decision_number": "", "charter_approved_on": None}, format="json"
        ).status_code
        == 403
    )


def test_plan_targets(user_factory, token_client):
    admin = token_client(user_factory(Role.ADMINISTRATOR))
    response = admin.post(
        "/api/v1/plan-targets/", {"year": 2021, "active_target": 23083}, format="json"
    )
    assert response.status_code == 200, response.content
    admin.post("/api/v1/plan-targets/", {"year": 2021, "active_target": 23100}, format="json")
    admin.post(
        "/api/v1/plan-targets/",
        {"year": 2021, "province": "15", "active_target": 500},
        format="json",
    )
    assert PlanTarget.objects.get(year=2021, province=None).active_target == 23100
    assert PlanTarget.objects.get(year=2021, province__isnull=False).province.name == "Tỉnh Yên Bái"
    officer = token_client(user_factory(Role.PROVINCIAL_OFFICER, province="01"))
    assert (
        officer.post(
            "/api/v1/plan-targets/", {"year": 2022, "active_target": 1}, format="json"
        ).status_code
        == 403
    )
    rows = officer.get("/api/v1/plan-targets/").json()["results"]
    assert [row["province"] for row in rows] == [None]  # not Yên Bái's target
    national = admin.get("/api/v1/plan-targets/", {"national": "true"}).json()["results"]
    assert [row["active_target"] for row in national] == [23100]


def test_register_and_reported_counts_disagreement_per_province(provinces):
    make_submission("15", 2021, 11, status="approved", established_agricultural=1, active_total=2)
    make_cooperative("15", established_on=datetime.date(2021, 11, 3))
    make_cooperative("15", established_on=datetime.date(2019, 1, 1))
    make_cooperative(
        "15", established_on=datetime.date(2019, 1, 1), dissolved_on=datetime.date(2021, 11, 20)
    )
    rows = {row["code"]: row for row in register_discrepancies(year=2021, month=11)}
    assert len(rows) == 63
    yen_bai = rows["15"]
    # Unions of cooperatives apart; cooperative groups are compared from 07/2024 only.
    kinds = {"active_unions": 0, "active_groups": None}
    assert yen_bai["register"] == {"established": 1, "dissolved": 1, "active": 2, **kinds}
    assert yen_bai["reported"] == {"established": 1, "dissolved": 0, "active": 2, **kinds}
    assert yen_bai["difference"] == {"established": 0, "dissolved": 1, "active": 0, **kinds}
    assert not yen_bai["agrees"]
    assert rows["01"]["reported"] is None
    # After the merger Yên Bái's cooperatives are in the new Lào Cai's register.
    after = {row["code"]: row for row in register_discrepancies(year=2026, month=1)}
    assert len(after) == 34
    assert after["15"]["register"]["active"] == 2
