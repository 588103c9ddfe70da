"""The cached answers of the submissions and register endpoints (``vca_portal.api.read_cache``):
never stale after a change, never shared between readers who see different rows."""

import pytest

from accounts.choices import Role
from tests.factories.cooperatives import make_cooperative, make_submission

pytestmark = pytest.mark.django_db

LIST = "/api/v1/submissions/?year=2021&month=11"


@pytest.fixture
def hanoi_officer(user_factory):
    return user_factory(Role.PROVINCIAL_OFFICER, province="01")


def provinces_in(response) -> set[str]:
    return {row["province"]["code"] for row in response.json()["results"]}


def test_the_browsable_api_page_is_never_kept(provinces, user_factory, client):
    make_submission("01", status="approved")
    staff = user_factory(Role.STAFF)
    client.force_login(staff)
    page = client.get(LIST, HTTP_ACCEPT="text/html")
    assert page["Content-Type"].startswith("text/html")
    assert staff.username in page.content.decode()
    assert client.get(LIST, HTTP_ACCEPT="application/json")["Content-Type"] == "application/json"


def test_a_second_read_is_served_from_the_cache(
    provinces, user_factory, token_client, django_assert_num_queries
):
    make_submission("01", status="approved")
    client = token_client(user_factory(Role.STAFF))
    first = client.get(LIST)
    with django_assert_num_queries(1):  # the token; nothing of the submissions
        again = client.get(LIST)
    assert again.json() == first.json()


def test_an_edit_shows_at_once_in_the_list_and_the_detail(hanoi_officer, token_client):
    submission = make_submission("01", active_total=100)
    client = token_client(hanoi_officer)
    url = f"/api/v1/submissions/{submission.pk}/"
    assert client.get(url)["ETag"] == '"1"'
    again = client.get(url)  # from the cache, with its version header and JSON type
    assert again["ETag"] == '"1"'
    assert again["Content-Type"] == "application/json"
    assert client.get(LIST).json()["results"][0]["active_total"] == 100
    edited = client.patch(url, {"active_total": 104, "version": 1}, format="json")
    assert edited.status_code == 200, edited.content
    detail = client.get(url)
    assert detail.json()["active_total"] == 104
    assert detail["ETag"] == '"2"'  # the cached answer keeps its version header
    assert client.get(LIST).json()["results"][0]["active_total"] == 104


def test_officers_of_other_provinces_never_get_each_others_cached_answers(
    hanoi_officer, user_factory, token_client
):
    hanoi = make_submission("01")
    make_submission("79")
    hcmc_officer = user_factory(Role.PROVINCIAL_OFFICER, province="79")
    hanoi_client, hcmc_client = token_client(hanoi_officer), token_client(hcmc_officer)
    assert provinces_in(hanoi_client.get(LIST)) == {"01"}
    assert provinces_in(hcmc_client.get(LIST)) == {"79"}
    detail = f"/api/v1/submissions/{hanoi.pk}/"
    assert hanoi_client.get(detail).status_code == 200
    assert hcmc_client.get(detail).status_code == 404
    assert hanoi_client.get(detail).status_code == 200


def test_a_reader_moved_to_another_province_sees_the_new_one(
    hanoi_officer, token_client, provinces
):
    from cooperatives.models import Province

    make_submission("01")
    make_submission("79")
    client = token_client(hanoi_officer)
    assert provinces_in(client.get(LIST)) == {"01"}
    hanoi_officer.province = Province.objects.get(code="79", valid_to__isnull=True)
    hanoi_officer.save()
    assert provinces_in(client.get(LIST)) == {"79"}


def test_leadership_and_staff_keep_their_own_views(provinces, user_factory, token_client):
    make_submission("01", status="draft")
    make_submission("79", status="approved")
    staff = token_client(user_factory(Role.STAFF))
    leader = token_client(user_factory(Role.LEADERSHIP))
    assert provinces_in(staff.get(LIST)) == {"01", "79"}
    assert provinces_in(leader.get(LIST)) == {"79"}  # no drafts for leadership
    assert provinces_in(staff.get(LIST)) == {"01", "79"}


def test_the_register_list_follows_a_new_cooperative(provinces, user_factory, token_client):
    client = token_client(user_factory(Role.STAFF))
    url = "/api/v1/cooperatives/?province=01"
    make_cooperative("01", name="HTX Một")
    assert [row["name"] for row in client.get(url).json()["results"]] == ["HTX Một"]
    make_cooperative("01", name="HTX Hai")
    assert [row["name"] for row in client.get(url).json()["results"]] == ["HTX Hai", "HTX Một"]


def test_an_approval_and_a_reopening_show_at_once(hanoi_officer, user_factory, token_client):
    submission = make_submission("01", status="submitted")
    staff = token_client(user_factory(Role.STAFF))
    officer = token_client(hanoi_officer)
    url = f"/api/v1/submissions/{submission.pk}/"

    def statuses() -> tuple[str, str, str]:
        return (
            staff.get(url).json()["status"],
            officer.get(url).json()["status"],
            officer.get(LIST).json()["results"][0]["status"],
        )

    assert statuses() == ("submitted",) * 3
    assert staff.post(f"{url}approve/", {}, format="json").status_code == 200
    assert statuses() == ("approved",) * 3
    reopened = staff.post(f"{url}reopen/", {"reason": "Tỉnh báo lại"}, format="json")
    assert reopened.status_code == 200
    assert statuses() == ("returned",) * 3
