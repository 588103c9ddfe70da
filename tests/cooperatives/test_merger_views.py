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
