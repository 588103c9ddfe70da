"""The audit trail records every insert, update and delete with who did it."""

import pytest

from accounts.choices import Role
from tasks.models import Unit

pytestmark = pytest.mark.django_db


def test_insert_update_and_delete_are_recorded():
    unit = Unit.objects.create(code="ban-x", name="Ban X", kind="department")
    unit.name = "Ban Y"
    unit.save()
    unit_id = unit.pk
    unit.delete()
    events = Unit.pgh_event_model.objects.filter(pgh_obj_id=unit_id).order_by("pgh_id")
    assert [(e.pgh_label, e.name) for e in events] == [
        ("insert", "Ban X"),
        ("update", "Ban Y"),
        ("delete", "Ban Y"),
    ]


def test_a_change_through_a_request_records_the_user(client, user_factory):
    admin = user_factory(Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)
    unit = Unit.objects.create(code="ban-z", name="Ban Z", kind="department")
    response = client.post(
        f"/admin/tasks/unit/{unit.pk}/change/",
        {"code": "ban-z", "name": "Ban Zeta", "kind": "department", "is_active": "on"},
        HTTP_X_REQUEST_ID="req-2021-11-abc",
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "req-2021-11-abc"
    event = Unit.pgh_event_model.objects.filter(pgh_obj_id=unit.pk, pgh_label="update").get()
    assert event.name == "Ban Zeta"
    assert event.pgh_context.metadata["user"] == admin.pk
    assert event.pgh_context.metadata["url"] == f"/admin/tasks/unit/{unit.pk}/change/"
    assert event.pgh_context.metadata["request_id"] == "req-2021-11-abc"
    assert event.pgh_created_at.utcoffset().total_seconds() == 0  # stored in UTC


def test_a_bulk_update_records_one_event_per_changed_row():
    units = Unit.objects.bulk_create(
        [Unit(code=f"ban-{i}", name=f"Ban {i}", kind="department") for i in range(5)]
    )
    Unit.objects.filter(pk__in=[u.pk for u in units[:3]]).update(is_active=False)
    events = Unit.pgh_event_model.objects.filter(pgh_label="update")
    assert sorted(e.pgh_obj_id for e in events) == sorted(u.pk for u in units[:3])


def test_an_unsafe_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="bad\nid")
    assert response["X-Request-ID"] != "bad\nid"
    assert len(response["X-Request-ID"]) == 32
