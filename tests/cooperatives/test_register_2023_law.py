"""The register by the 2023 Cooperative Law: kinds, statuses with their history, members by
type, the tax code, the registering authority and former names; the monthly counts by kind
and the reconciliation of the two by kind."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Role
from cooperatives.choices import CooperativeKind, CooperativeStatus, SubmissionStatus
from cooperatives.models import Cooperative, CooperativeStatusChange, MonthlySubmission
from cooperatives.selectors import monthly_statistics, register_discrepancies
from cooperatives.services.register import (
    cooperative_record_members,
    cooperative_update,
    normalise_tax_code,
)
from tests.factories.cooperatives import make_cooperative, make_submission

pytestmark = pytest.mark.django_db

COOPERATIVE = {
    "name": "HTX Nông nghiệp Văn Chấn",
    "registration_code": "yb-0001",
    "kind": "cooperative",
    "sector": "agricultural",
    "sub_sector": "crops",
    "province": "15",
    "established_on": "2015-03-02",
}


@pytest.fixture
def lao_cai(user_factory, token_client):
    return token_client(user_factory(Role.PROVINCIAL_OFFICER, province="15"))


@pytest.mark.parametrize(
    ("entered", "kept"),
    [
        ("0101234567", "0101234567"),
        ("0101234567-001", "0101234567-001"),
        ("0101234567001", "0101234567-001"),
        (" 0101 234 567 ", "0101234567"),
        ("", ""),
    ],
)
def test_a_tax_code_has_10_or_13_digits_kept_in_the_written_form(entered, kept):
    assert normalise_tax_code(entered) == kept


@pytest.mark.parametrize("bad", ["010123456", "01012345678", "0101234567-01", "MST0101234567"])
def test_a_bad_tax_code_is_refused_in_vietnamese_and_nothing_is_saved(lao_cai, bad):
    response = lao_cai.post(
        "/api/v1/cooperatives/", {**COOPERATIVE, "tax_code": bad}, format="json"
    )
    assert response.status_code == 400
    assert "Mã số HTX (mã số thuế) gồm 10 chữ số" in str(response.json()["tax_code"])
    assert not Cooperative.objects.exists()


def test_the_tax_code_authority_and_status_go_through_the_api(lao_cai):
    response = lao_cai.post(
        "/api/v1/cooperatives/",
        {
            **COOPERATIVE,
            "tax_code": "5200123456001",
            "registering_authority": "Phòng Tài chính – Kế hoạch huyện Văn Chấn",
            "status": "suspended",
            "status_on": "2021-03-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["tax_code"] == "5200123456-001"
    assert body["registering_authority"] == "Phòng Tài chính – Kế hoạch huyện Văn Chấn"
    change = CooperativeStatusChange.objects.get()
    assert (change.status, change.on) == ("suspended", datetime.date(2021, 3, 1))
    again = lao_cai.post(
        "/api/v1/cooperatives/",
        {**COOPERATIVE, "registration_code": "yb-0002", "tax_code": "5200123456-001"},
        format="json",
    )
    assert again.status_code == 400
    assert "Mã số thuế này đã có trong sổ đăng ký" in str(again.json()["tax_code"])
    assert Cooperative.objects.count() == 1


def test_bankrupt_ends_a_cooperative_with_its_date(lao_cai):
    created = lao_cai.post("/api/v1/cooperatives/", COOPERATIVE, format="json").json()
    url = f"/api/v1/cooperatives/{created['id']}/"
    response = lao_cai.patch(url, {"status": "bankrupt"}, format="json")
    assert response.status_code == 400
    assert "dissolved_on" in response.json()
    assert Cooperative.objects.get().status == "active"
    response = lao_cai.patch(
        url, {"status": "bankrupt", "dissolved_on": "2021-06-30"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert list(CooperativeStatusChange.objects.values_list("status", "on")) == [
        ("bankrupt", datetime.date(2021, 6, 30))
    ]


def test_suspended_cooperatives_are_not_counted_as_active(user_factory):
    staff = user_factory(Role.STAFF)
    kept = make_cooperative("01")
    paused = make_cooperative("01")
    cooperative_update(
        actor=staff,
        cooperative=paused,
        status=CooperativeStatus.SUSPENDED,
        status_on=datetime.date(2021, 10, 5),
    )
    cooperative_update(
        actor=staff,
        cooperative=paused,
        status=CooperativeStatus.ACTIVE,
        status_on=datetime.date(2021, 12, 1),
    )
    # Registered suspended before the history was kept: suspended whatever the month.
    make_cooperative("01", status=CooperativeStatus.SUSPENDED)
    dissolving = make_cooperative("01")
    cooperative_update(
        actor=staff,
        cooperative=dissolving,
        status=CooperativeStatus.DISSOLVING,
        status_on=datetime.date(2021, 9, 1),
    )

    def active(month):
        hanoi = {row["code"]: row for row in register_discrepancies(year=2021, month=month)}
        return hanoi["01"]["register"]["active"]

    assert active(9) == 3  # kept, paused (not yet) and the one being dissolved
    assert active(11) == 2  # paused is suspended in October and November
    assert active(12) == 3  # active again from December
    assert kept.pk


def test_members_by_type_are_kept_over_time(user_factory):
    staff = user_factory(Role.STAFF)
    cooperative = make_cooperative("01", members=7)
    cooperative_record_members(
        actor=staff, cooperative=cooperative, on=datetime.date(2021, 1, 1), official=20
    )
    cooperative_record_members(
        actor=staff,
        cooperative=cooperative,
        on=datetime.date(2021, 11, 1),
        official=24,
        associate=6,
        legal_persons=2,
    )
    cooperative.refresh_from_db()
    assert cooperative.members == 30
    assert [c.total for c in cooperative.member_counts.order_by("on")] == [20, 30]
    with pytest.raises(ValidationError) as refused:
        cooperative_record_members(
            actor=staff,
            cooperative=cooperative,
            on=datetime.date(2021, 12, 1),
            official=1,
            legal_persons=5,
        )
    assert "Số thành viên là pháp nhân" in str(refused.value)
    assert cooperative.member_counts.count() == 2


def test_a_new_name_keeps_the_former_one(user_factory, client, clock):
    clock(datetime.date(2026, 12, 6))
    staff = user_factory(Role.STAFF)
    cooperative = make_cooperative("01", name="HTX Thành Công")
    cooperative_update(actor=staff, cooperative=cooperative, name="HTX Thành Công Xanh")
    client.force_login(staff)
    page = client.get(f"/cooperatives/register/{cooperative.pk}/").content.decode()
    assert "HTX Thành Công Xanh" in page
    assert "HTX Thành Công <span" in page
    assert "đến 06/12/2026" in page


# The monthly counts by kind --------------------------------------------------------------


@pytest.fixture
def hanoi_officer(user_factory, token_client):
    return token_client(user_factory(Role.PROVINCIAL_OFFICER, province="01"))


def test_unions_beyond_the_active_total_are_refused(hanoi_officer):
    response = hanoi_officer.post(
        "/api/v1/submissions/",
        {"province": "01", "year": 2021, "month": 11, "active_total": 10, "active_unions": 11},
        format="json",
    )
    assert response.status_code == 400
    assert "không thể nhiều hơn" in str(response.json()["active_unions"])
    assert not MonthlySubmission.objects.exists()


def test_cooperative_groups_are_reported_from_july_2024_only(hanoi_officer, clock):
    clock(datetime.date(2024, 8, 10))
    before = hanoi_officer.post(
        "/api/v1/submissions/",
        {"province": "01", "year": 2024, "month": 6, "active_total": 10, "active_groups": 3},
        format="json",
    )
    assert before.status_code == 400
    assert "07/2024" in str(before.json()["active_groups"])
    assert not MonthlySubmission.objects.exists()
    after = hanoi_officer.post(
        "/api/v1/submissions/",
        {"province": "01", "year": 2024, "month": 7, "active_total": 10, "active_groups": 3},
        format="json",
    )
    assert after.status_code == 201, after.content
    assert after.json()["active_groups"] == 3


def _approved_month(year, month, rows):
    for code, total, unions, groups in rows:
        make_submission(
            code,
            year,
            month,
            status=SubmissionStatus.APPROVED,
            active_total=total,
            active_unions=unions,
            active_groups=groups,
        )


@pytest.mark.parametrize(
    ("year", "month", "groups"), [(2024, 6, None), (2024, 7, 12), (2025, 9, 12)]
)
def test_counts_by_kind_add_up_to_the_total_before_and_after_the_law(
    year, month, groups, provinces, user_factory, token_client, client
):
    from cooperatives.models import Province, month_end

    valid = list(Province.objects.valid_on(month_end(year, month)).order_by("code"))
    rows = [
        (p.code, 100 + i, i % 3, None if groups is None else groups)
        for i, p in enumerate(valid[:-1])
    ]
    _approved_month(year, month, rows)  # the last province is missing: it carries nothing
    statistics = monthly_statistics(year=year, month=month)
    kinds = statistics["active_by_kind"]
    assert kinds["cooperative"] + kinds["union_of_cooperatives"] == statistics["active_total"]
    assert kinds["union_of_cooperatives"] == sum(row[2] for row in rows)
    if groups is None:
        assert kinds["cooperative_group"] is None
        assert kinds["all_kinds"] is None
    else:
        assert kinds["cooperative_group"] == groups * len(rows)
        assert kinds["all_kinds"] == statistics["active_total"] + groups * len(rows)
    for row in statistics["provinces"][:-1]:
        by_kind = row["active_by_kind"]
        assert by_kind["cooperative"] + by_kind["union_of_cooperatives"] == row["active_total"]

    api = token_client(user_factory(Role.API_CLIENT))
    body = api.get("/api/v1/statistics/monthly/", {"year": year, "month": month}).json()
    assert body["active_by_kind"] == kinds
    series = api.get(
        "/api/v1/statistics/series/",
        {"from": f"{year}-{month:02d}", "to": f"{year}-{month:02d}"},
    ).json()
    assert series[0]["active_by_kind"] == kinds

    client.force_login(user_factory(Role.LEADERSHIP))
    page = client.get("/reports/dashboard/", {"year": year, "month": month}).content.decode()
    assert f"{kinds['cooperative']:,}".replace(",", ".") + " HTX" in page
    if groups is not None:
        assert f"{groups * len(rows)} tổ hợp tác" in page


def test_a_carried_province_carries_its_kinds(provinces):
    make_submission(
        "01", 2024, 8, status=SubmissionStatus.APPROVED, active_total=50, active_unions=2,
        active_groups=4,
    )  # fmt: skip
    september = monthly_statistics(year=2024, month=9)
    hanoi = next(row for row in september["provinces"] if row["code"] == "01")
    assert hanoi["carried"]
    assert hanoi["active_by_kind"] == {
        "cooperative": 48,
        "union_of_cooperatives": 2,
        "cooperative_group": 4,
        "all_kinds": 54,
    }


def test_the_register_and_the_counts_are_reconciled_by_kind(provinces):
    make_cooperative("01", kind=CooperativeKind.UNION_OF_COOPERATIVES)
    make_cooperative("01")
    make_cooperative("01", kind=CooperativeKind.COOPERATIVE_GROUP)
    make_submission(
        "01", 2024, 9, status=SubmissionStatus.APPROVED, active_total=2, active_unions=0,
        active_groups=1,
    )  # fmt: skip
    hanoi = next(r for r in register_discrepancies(year=2024, month=9) if r["code"] == "01")
    assert hanoi["register"] == {
        "established": 0,
        "dissolved": 0,
        "active": 2,
        "active_unions": 1,
        "active_groups": 1,
    }
    assert hanoi["difference"]["active_unions"] == 1
    assert not hanoi["agrees"]
    before = next(r for r in register_discrepancies(year=2024, month=6) if r["code"] == "01")
    assert before["register"]["active_groups"] is None


def test_members_by_type_through_the_api(lao_cai):
    created = lao_cai.post("/api/v1/cooperatives/", COOPERATIVE, format="json").json()
    url = f"/api/v1/cooperatives/{created['id']}/members/"
    refused = lao_cai.post(
        url, {"on": "2021-11-01", "official": 3, "associate": 1, "legal_persons": 9}, format="json"
    )
    assert refused.status_code == 400
    assert not lao_cai.get(url).json()
    response = lao_cai.post(
        url, {"on": "2021-11-01", "official": 30, "associate": 5, "legal_persons": 2}, format="json"
    )
    assert response.status_code == 201, response.content
    assert lao_cai.get(url).json() == [
        {"on": "2021-11-01", "official": 30, "associate": 5, "legal_persons": 2, "total": 35}
    ]
    assert lao_cai.get(f"/api/v1/cooperatives/{created['id']}/").json()["members"] == 35


def test_a_quarter_gives_its_stock_by_kind(provinces, user_factory, token_client, clock):
    clock(datetime.date(2024, 11, 10))
    for month, unions, groups in ((7, 1, 5), (8, 2, 6), (9, 3, 8)):
        make_submission(
            "01", 2024, month, status=SubmissionStatus.APPROVED, active_total=100,
            active_unions=unions, active_groups=groups,
        )  # fmt: skip
    api = token_client(user_factory(Role.API_CLIENT))
    body = api.get(
        "/api/v1/statistics/period/", {"period": "quarter", "year": 2024, "quarter": 3}
    ).json()
    assert body["active_by_kind"]["union_of_cooperatives"] == 3
    assert body["active_by_kind"]["cooperative"] + 3 == body["active_total"]
    assert [m["active_by_kind"]["cooperative_group"] for m in body["months"]] == [5, 6, 8]
    assert body["previous"]["active_by_kind"] is None  # nothing on file for 2023
