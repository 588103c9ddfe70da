"""Days off the government announces, recorded by an administrator in the Django admin."""

import datetime

import pytest

from accounts.choices import Role
from inspections.choices import DayOffKind
from inspections.models import DayOff
from tests.factories.inspections import make_complaint

pytestmark = pytest.mark.django_db
D = datetime.date
ADD = "/admin/inspections/dayoff/add/"


@pytest.fixture
def admin_client(client, user_factory):
    client.force_login(user_factory(Role.ADMINISTRATOR, is_staff=True, is_superuser=True))
    return client


def _add(client, on, kind=DayOffKind.DAY_OFF, reason="Thông báo nghỉ của Chính phủ"):
    return client.post(ADD, {"on": on, "kind": kind, "reason": reason}, follow=True)


def test_a_day_off_added_in_the_admin_moves_the_deadline_of_an_open_case(provinces, admin_client):
    complaint = make_complaint(received_on=D(2021, 11, 1))
    assert complaint.due_on == D(2021, 12, 1)
    response = _add(admin_client, "01/12/2021")
    assert response.status_code == 200
    assert "Hạn của 1 đơn đang xử lý đã được tính lại." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.due_on == D(2021, 12, 2)
    page = admin_client.get(complaint.get_absolute_url()).content.decode()
    assert "02/12/2021" in page

    # Removing it again gives the case its deadline back.
    day_off = DayOff.objects.get()
    admin_client.post(f"/admin/inspections/dayoff/{day_off.pk}/delete/", {"post": "yes"})
    complaint.refresh_from_db()
    assert complaint.due_on == D(2021, 12, 1)


def test_the_same_day_added_twice_is_refused_and_changes_nothing(provinces, admin_client):
    complaint = make_complaint(received_on=D(2021, 11, 1))
    _add(admin_client, "01/12/2021")
    complaint.refresh_from_db()
    due = complaint.due_on
    response = _add(admin_client, "01/12/2021", reason="Lần thứ hai")
    assert response.status_code == 200
    assert "Ngày này đã có trong lịch." in response.content.decode()
    assert list(DayOff.objects.values_list("on", "reason")) == [
        (D(2021, 12, 1), "Thông báo nghỉ của Chính phủ")
    ]
    complaint.refresh_from_db()
    assert complaint.due_on == due


@pytest.mark.parametrize(
    ("on", "kind", "message"),
    [
        ("29/01/2025", DayOffKind.DAY_OFF, "29/01/2025 đã là ngày nghỉ lễ (Tết Nguyên Đán)."),
        ("04/12/2021", DayOffKind.DAY_OFF, "04/12/2021 đã là ngày nghỉ (thứ Bảy hoặc Chủ nhật)."),
        ("01/12/2021", DayOffKind.WORKING_DAY, "01/12/2021 đã là ngày làm việc."),
    ],
    ids=["public-holiday", "weekend", "working-day"],
)
def test_a_day_the_calendar_already_has_is_refused(admin_client, on, kind, message):
    response = _add(admin_client, on, kind=kind)
    assert message in response.content.decode()
    assert not DayOff.objects.exists()


def test_only_an_administrator_reaches_the_days_off(client, user_factory):
    client.force_login(user_factory(Role.INSPECTOR))
    response = client.get(ADD)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not DayOff.objects.exists()
