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
    )
    assert response.status_code == 302
    event = Unit.pgh_event_model.objects.filter(pgh_obj_id=unit.pk, pgh_label="update").get()
    assert event.name == "Ban Zeta"
    assert event.pgh_context.metadata["user"] == admin.pk
    assert event.pgh_context.metadata["url"] == f"/admin/tasks/unit/{unit.pk}/change/"
