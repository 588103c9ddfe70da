"""Who may see and change the committee's casework."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from tests.factories.inspections import make_complaint, make_inspection, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(provinces):
    plan = make_plan()
    inspection = make_inspection(plan=plan)
    complaint = make_complaint()
    return plan, inspection, complaint


def _pages(objects):
    plan, inspection, complaint = objects
    return [
        reverse("inspections:inspection-list"),
        reverse("inspections:inspection-detail", args=[inspection.pk]),
        reverse("inspections:inspection-export", args=["csv"]),
        reverse("inspections:plan-list"),
        reverse("inspections:complaint-list"),
        reverse("inspections:complaint-detail", args=[complaint.pk]),
        reverse("inspections:complaint-export", args=["xlsx"]),
        reverse("inspections:deadlines"),
    ]


def _forms(objects):
    plan, inspection, complaint = objects
    return [
        reverse("inspections:inspection-create"),
        reverse("inspections:inspection-update", args=[inspection.pk]),
        reverse("inspections:recommendation-create", args=[inspection.pk]),
        reverse("inspections:plan-create"),
        reverse("inspections:plan-update", args=[plan.pk]),
        reverse("inspections:complaint-create"),
        reverse("inspections:complaint-update", args=[complaint.pk]),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(objects, client):
    for url in _pages(objects) + _forms(objects):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.PROVINCIAL_OFFICER, Role.API_CLIENT])
def test_roles_without_the_capability_are_refused(role, objects, user_factory, client, api_client):
    user = user_factory(role)
    client.force_login(user)
    for url in _pages(objects) + _forms(objects):
        assert client.get(url).status_code == 403, url
    api_client.force_authenticate(user)
    for url in ["/api/v1/inspections/", "/api/v1/complaints/", "/api/v1/inspection-plans/"]:
        assert api_client.get(url).status_code == 403, url
    assert api_client.get("/api/v1/complaints/summary/?year=2021&month=11").status_code == 403


@pytest.mark.parametrize("role", [Role.STAFF, Role.LEADERSHIP])
def test_readers_read_but_do_not_change(role, objects, user_factory, client, api_client):
    user = user_factory(role)
    client.force_login(user)
    for url in _pages(objects):
        assert client.get(url).status_code == 200, url
    for url in _forms(objects):
        assert client.get(url).status_code == 403, url
    complaint = objects[2]
    transition = reverse("inspections:complaint-transition", args=[complaint.pk])
    assert client.post(transition, {"status": "accepted", "on": "2021-11-02"}).status_code == 403
    api_client.force_authenticate(user)
    assert api_client.get("/api/v1/inspections/").status_code == 200
    assert api_client.post("/api/v1/inspection-plans/", {}).status_code == 403
    assert (
        api_client.post(
            f"/api/v1/complaints/{complaint.pk}/transition/",
            {"status": "accepted", "on": "2021-11-02"},
        ).status_code
        == 403
    )
    complaint.refresh_from_db()
    assert complaint.status == "received"


def test_casework_cannot_be_deleted_through_the_api(objects, user_factory, api_client):
    api_client.force_authenticate(user_factory(Role.INSPECTOR))
    assert api_client.delete(f"/api/v1/complaints/{objects[2].pk}/").status_code == 405
