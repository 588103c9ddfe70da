"""After 1 July 2025 an officer of a merged province sees the merged-away provinces' history
as history, labelled, never as a current province: for every pair of the 2025 mapping."""

import datetime

import pytest

from accounts.choices import Role
from cooperatives.choices import SubmissionStatus
from cooperatives.models import Province
from cooperatives.services.provinces import legacy_to_current_mapping
from tests.factories.cooperatives import make_cooperative, make_submission

pytestmark = pytest.mark.django_db

MAPPING = sorted(legacy_to_current_mapping().items())


def _current(code: str) -> Province:
    return Province.objects.current().get(code=code)


@pytest.mark.parametrize(("old", "new"), MAPPING, ids=[f"{o}->{n}" for o, n in MAPPING])
def test_every_former_province_is_labelled_history_for_its_successors_officer(
    old, new, provinces, user_factory, client, clock
):
    clock(datetime.date(2026, 12, 6))
    former = Province.objects.legacy().get(code=old)
    successor = _current(new)
    assert former.successor == successor
    make_submission(former, 2025, 6, status=SubmissionStatus.APPROVED, active_total=40)
    client.force_login(user_factory(Role.PROVINCIAL_OFFICER, province=successor))
    page = client.get("/cooperatives/submissions/", {"year": 2025}).content.decode()
    note = f"đến 30/06/2025, nay thuộc {successor.name}"
    section = page.split(f'data-testid="province-{old}"')
    # The former province's months are there, under its name and the note; the current
    # province's own row (a different section when the code was reused) has none.
    assert len(section) >= 2
    assert former.name in section[1].split("</h2>")[0]
    assert note in section[1].split("</h2>")[0]
    badge = f'data-testid="former-province">{note}</span>'
    assert page.count(badge) == sum(1 for _old, n in MAPPING if n == new)


def test_the_register_labels_a_former_provinces_cooperatives(
    provinces, user_factory, client, clock
):
    clock(datetime.date(2026, 12, 6))
    ha_giang = Province.objects.legacy().get(code="02")
    tuyen_quang = _current("08")
    cooperative = make_cooperative(ha_giang, name="HTX Chè Shan tuyết Hà Giang")
    client.force_login(user_factory(Role.PROVINCIAL_OFFICER, province=tuyen_quang))
    note = "đến 30/06/2025, nay thuộc Tỉnh Tuyên Quang"
    listing = client.get("/cooperatives/register/").content.decode()
    assert "HTX Chè Shan tuyết Hà Giang" in listing
    assert f'data-testid="former-province">{note}</span>' in listing
    # The province filter offers Hà Giang only as a former province.
    assert f"02 – Tỉnh Hà Giang ({note})" in listing
    detail = client.get(f"/cooperatives/register/{cooperative.pk}/").content.decode()
    assert note in detail
    # In 2026 the officer's year has Tuyên Quang alone: Hà Giang is not a current province.
    year = client.get("/cooperatives/submissions/", {"year": 2026}).content.decode()
    assert 'data-testid="province-02"' not in year
    assert 'data-testid="province-08"' in year


def test_before_the_merger_hà_giang_is_a_province_like_any_other(
    provinces, user_factory, client, clock
):
    clock(datetime.date(2025, 5, 20))
    ha_giang = Province.objects.legacy().get(code="02")
    make_cooperative(ha_giang, name="HTX Chè Shan tuyết Hà Giang")
    client.force_login(user_factory(Role.PROVINCIAL_OFFICER, province=ha_giang))
    listing = client.get("/cooperatives/register/").content.decode()
    assert "HTX Chè Shan tuyết Hà Giang" in listing
    assert "nay thuộc" not in listing


# The API labels them by the same rule ---------------------------------------------------------


def test_the_api_lists_every_former_province_as_history_merged_into_its_successor(
    provinces, user_factory, api_client, clock
):
    clock(datetime.date(2026, 12, 6))
    api_client.force_authenticate(user_factory(Role.API_CLIENT))
    listed = api_client.get("/api/v1/provinces/").json()
    former = {row["code"]: row for row in listed if row["valid_to"] == "2025-06-30"}
    current = {row["code"]: row for row in listed if row["valid_to"] is None}
    assert len(former) == len(MAPPING) == 63
    for old, new in MAPPING:
        assert former[old]["is_current"] is False
        assert former[old]["merged_into"] == {"code": new, "name": current[new]["name"]}
        assert former[old]["history_note"] == f"đến 30/06/2025, nay thuộc {current[new]['name']}"
    assert all(row["is_current"] and row["merged_into"] is None for row in current.values())


def test_the_api_labels_former_provinces_in_their_statistics(
    provinces, user_factory, api_client, clock
):
    clock(datetime.date(2026, 12, 6))
    ha_giang = Province.objects.legacy().get(code="02")
    make_submission(ha_giang, 2025, 6, status=SubmissionStatus.APPROVED, active_total=40)
    make_submission(_current("08"), 2025, 7, status=SubmissionStatus.APPROVED, active_total=90)
    api_client.force_authenticate(user_factory(Role.ADMINISTRATOR))
    merged = {"code": "08", "name": "Tỉnh Tuyên Quang"}

    def row(rows, code, valid_to=None):
        return next(
            r for r in rows if r["code"] == code and r.get("valid_to", valid_to) == valid_to
        )

    june = api_client.get("/api/v1/statistics/monthly/", {"year": 2025, "month": 6}).json()
    assert (
        row(june["provinces"], "02")["is_current"],
        row(june["provinces"], "02")["active_total"],
    ) == (False, 40)
    assert row(june["provinces"], "02")["merged_into"] == merged
    july = api_client.get("/api/v1/statistics/monthly/", {"year": 2025, "month": 7}).json()
    assert {r["is_current"] for r in july["provinces"]} == {True}
    year = api_client.get("/api/v1/statistics/period/", {"period": "year", "year": 2025}).json()
    assert row(year["provinces"], "02", "2025-06-30")["merged_into"] == merged
    assert row(year["provinces"], "08", None)["is_current"] is True
    on_time = api_client.get("/api/v1/statistics/on-time/", {"year": 2025}).json()
    assert row(on_time["provinces"], "02", "2025-06-30")["is_current"] is False
    discrepancies = api_client.get(
        "/api/v1/statistics/register-discrepancies/", {"year": 2025, "month": 6}
    ).json()
    assert row(discrepancies, "02")["merged_into"] == merged
    # Before the merger Hà Giang was a current province, and the API says so.
    clock(datetime.date(2025, 5, 20))
    listed = api_client.get("/api/v1/provinces/", {"valid_on": "2025-05-20"}).json()
    assert row(listed, "02", "2025-06-30")["is_current"] is True
    assert row(listed, "02", "2025-06-30")["merged_into"] is None


def test_a_change_to_a_province_shows_in_the_labels_at_once(
    provinces, user_factory, api_client, clock
):
    # The labels are kept (in the cache and in the process) while no province changes.
    clock(datetime.date(2026, 12, 6))
    api_client.force_authenticate(user_factory(Role.ADMINISTRATOR))

    def label(rows):
        return next(r for r in rows if r["code"] == "02")["history_note"]

    def june():
        return api_client.get("/api/v1/statistics/monthly/", {"year": 2025, "month": 6}).json()

    assert label(june()["provinces"]) == "đến 30/06/2025, nay thuộc Tỉnh Tuyên Quang"
    successor = _current("08")
    successor.name = "Tỉnh Tuyên Quang (mới)"
    successor.save()
    assert label(june()["provinces"]) == "đến 30/06/2025, nay thuộc Tỉnh Tuyên Quang (mới)"


def test_the_api_labels_a_former_province_wherever_it_names_one(
    provinces, user_factory, api_client, clock
):
    # A Tuyên Quang officer reads Hà Giang's cooperatives and submissions as history.
    clock(datetime.date(2026, 12, 6))
    ha_giang = Province.objects.legacy().get(code="02")
    tuyen_quang = _current("08")
    make_cooperative(ha_giang, name="HTX Chè Shan tuyết Hà Giang")
    make_cooperative(tuyen_quang, name="HTX Cam sành Hàm Yên")
    make_submission(ha_giang, 2025, 6, status=SubmissionStatus.APPROVED, active_total=40)
    make_submission(tuyen_quang, 2025, 7, status=SubmissionStatus.APPROVED, active_total=90)
    api_client.force_authenticate(user_factory(Role.PROVINCIAL_OFFICER, province=tuyen_quang))
    former = {
        "is_current": False,
        "merged_into": {"code": "08", "name": "Tỉnh Tuyên Quang"},
        "history_note": "đến 30/06/2025, nay thuộc Tỉnh Tuyên Quang",
    }
    current = {"is_current": True, "merged_into": None, "history_note": ""}

    def labels(rows):
        return {
            row["province"]["valid_to"]: {k: row["province"][k] for k in current} for row in rows
        }

    cooperatives = api_client.get("/api/v1/cooperatives/").json()["results"]
    assert labels(cooperatives) == {"2025-06-30": former, None: current}
    submissions = api_client.get("/api/v1/submissions/", {"year": 2025}).json()["results"]
    assert labels(submissions) == {"2025-06-30": former, None: current}
