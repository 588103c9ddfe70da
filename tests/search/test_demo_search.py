"""What a Vietnamese user typing without accents expects to find in the demo data."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings

from accounts.models import User
from search import engine

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(provinces, clock):
    clock(datetime.date(2026, 11, 20))
    with override_settings(DEMO_MODE=True):
        call_command("load_demo", stdout=None)


def hits(username, text, kind):
    results = engine.search(User.objects.get(username=username), text, kind=kind)
    return results.groups[0].count, results.groups[0].page.object_list


def test_hop_tac_xa_nong_nghiep_finds_farming_cooperatives_first(demo):
    count, found = hits("staff", "hop tac xa nong nghiep", "cooperative")
    assert count > 100
    assert all("nông nghiệp" in hit.title.lower() for hit in found)
    assert found[0].rank >= 2  # whole words: "HTX" stands for "hợp tác xã"


def test_ha_noi_finds_the_capitals_register(demo):
    count, found = hits("staff", "ha noi", "cooperative")
    assert count > 0
    assert all("Hà Nội" in hit.meta for hit in found)
    officer_count, officer_found = hits("tinh-79", "ha noi", "cooperative")
    assert officer_count == 0  # not their province


def test_thong_bao_ket_luan_finds_the_conclusion_notices(demo):
    count, found = hits("staff", "thong bao ket luan", "document")
    assert count >= 2
    assert all(hit.title.startswith("Thông báo kết luận") for hit in found[:2])


def test_784_finds_the_november_notice_first(demo):
    _count, found = hits("leader", "784", "document")
    assert found[0].meta.startswith("784/TB-LMHTXVN")


def test_one_letter_off_still_finds_the_notices(demo):
    _count, found = hits("staff", "thong bao ket lun", "document")
    assert found[0].title.startswith("Thông báo kết luận")
