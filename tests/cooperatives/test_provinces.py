import datetime

import pytest

from accounts.choices import Role
from cooperatives.models import Province
from cooperatives.services.provinces import legacy_to_current_mapping

pytestmark = pytest.mark.django_db


def test_63_legacy_and_34_current_provinces(provinces):
    assert Province.objects.legacy().count() == 63
    assert Province.objects.current().count() == 34
    assert Province.objects.valid_on(datetime.date(2025, 6, 30)).count() == 63
    assert Province.objects.valid_on(datetime.date(2025, 7, 1)).count() == 34


def test_every_legacy_province_maps_to_exactly_one_current_one(provinces):
    for province in Province.objects.legacy():
        assert province.successor is not None, province
        assert province.successor.is_current
    mapping = legacy_to_current_mapping()
    assert len(mapping) == 63
    assert set(mapping.values()) == set(Province.objects.current().values_list("code", flat=True))


def test_tien_giang_joined_dong_thap_only(provinces):
    """The package lists Tiền Giang under both Tây Ninh and Đồng Tháp; the resolution says
    Đồng Tháp (and Tây Ninh = Long An + Tây Ninh)."""
    tien_giang = Province.objects.get_by_code("82", on=datetime.date(2021, 11, 30))
    assert tien_giang.name.endswith("Tiền Giang")
    assert tien_giang.successor.name.endswith("Đồng Tháp")
    tay_ninh = Province.objects.get_by_code(80, on=datetime.date(2026, 11, 1))
    assert sorted(p.name for p in tay_ninh.predecessors.all()) == ["Tỉnh Long An", "Tỉnh Tây Ninh"]


def test_a_code_means_a_province_on_a_date(provinces):
    assert Province.objects.get_by_code("15", on=datetime.date(2021, 11, 30)).name.endswith(
        "Yên Bái"
    )
    assert Province.objects.get_by_code("15", on=datetime.date(2026, 11, 1)).name.endswith(
        "Lào Cai"
    )
    with pytest.raises(Province.DoesNotExist):
        Province.objects.get_by_code("02", on=datetime.date(2026, 11, 1))  # Hà Giang, abolished


def test_lineage_of_a_merged_province(provinces):
    lao_cai = Province.objects.get_by_code("15", on=datetime.date(2026, 11, 1))
    names = set(
        Province.objects.filter(pk__in=lao_cai.lineage_ids()).values_list("name", flat=True)
    )
    assert names == {"Tỉnh Lào Cai", "Tỉnh Yên Bái"}


def test_syncing_again_changes_nothing(provinces):
    from cooperatives.services.provinces import provinces_sync

    before = list(Province.objects.order_by("pk").values())
    assert provinces_sync() == 97
    assert list(Province.objects.order_by("pk").values()) == before


@pytest.mark.parametrize(("day", "expected"), [("2021-11-30", 63), ("2026-11-01", 34)])
def test_provinces_api_valid_on(user_factory, token_client, day, expected):
    client = token_client(user_factory(Role.API_CLIENT))
    response = client.get("/api/v1/provinces/", {"valid_on": day})
    assert response.status_code == 200
    assert len(response.json()) == expected


def test_provinces_api_refuses_a_malformed_date(user_factory, token_client):
    client = token_client(user_factory(Role.API_CLIENT))
    response = client.get("/api/v1/provinces/", {"valid_on": "30/11/2021x"})
    assert response.status_code == 400
    assert "valid_on" in response.json()


def test_provinces_api_code_and_date_identify_one_province(user_factory, token_client):
    client = token_client(user_factory(Role.PROVINCIAL_OFFICER, province="79"))
    rows = client.get("/api/v1/provinces/", {"code": "15", "valid_on": "2021-11-30"}).json()
    assert [row["name"] for row in rows] == ["Tỉnh Yên Bái"]
    assert rows[0]["successor"]["name"] == "Tỉnh Lào Cai"
