import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import Role
from tasks.choices import TaskStatus
from tests.factories.accounts import PASSWORD
from tests.factories.tasks import make_task, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, user_factory):
    def sign_in(role=Role.STAFF, **fields):
        user = user_factory(role, **fields)
        client.login(username=user.username, password=PASSWORD)
        return client

    return sign_in


@pytest.mark.parametrize("url", ["/tasks/", "/tasks/board/", "/tasks/completion/"])
def test_pages_need_sign_in_and_the_capability(client, signed_in, url):
    assert client.get(url).status_code == 302
    assert signed_in(Role.PROVINCIAL_OFFICER).get(url).status_code == 403


def test_the_list_states_completion_for_its_filters(signed_in):
    unit = make_unit()
    for _ in range(2):
        make_task(unit, status=TaskStatus.COMPLETED)
    make_task(unit)
    make_task(unit, due_on=datetime.date(2021, 12, 20))
    page = signed_in(Role.LEADERSHIP).get("/tasks/?due_year=2021&due_month=11").content.decode()
    assert "2/3 hoàn thành" in page


def test_a_unit_member_completes_its_task_in_the_browser(signed_in):
    unit = make_unit()
    task = make_task(unit)
    client = signed_in(Role.STAFF, unit=unit)
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    assert "Đánh dấu hoàn thành" in page
    client.post(f"/tasks/{task.pk}/progress/", {"percent": 60, "note": "Đã có dự thảo"})
    client.post(f"/tasks/{task.pk}/complete/", {"completed_on": "2021-11-29"})
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED
    assert task.progress_updates.count() == 2


def test_another_units_staff_cannot_update_the_task(signed_in):
    task = make_task(make_unit())
    client = signed_in(Role.STAFF, unit=make_unit())
    assert "Đánh dấu hoàn thành" not in client.get(f"/tasks/{task.pk}/").content.decode()
    assert client.post(f"/tasks/{task.pk}/progress/", {"percent": 60}).status_code == 403
    assert client.post(f"/tasks/{task.pk}/complete/", {}).status_code == 403
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED


def test_completion_by_unit_and_month(signed_in):
    unit = make_unit("Ban Kế hoạch thử")
    make_task(unit, status=TaskStatus.COMPLETED)
    make_task(unit)
    make_task(unit, due_on=datetime.date(2021, 3, 10), assigned_on=datetime.date(2021, 3, 1))
    page = signed_in(Role.LEADERSHIP).get("/tasks/completion/?year=2021").content.decode()
    assert "Ban Kế hoạch thử" in page
    assert "1/2" in page
    assert "0/1" in page
    assert "1/3" in page
    assert 'id="completion-data"' in page


@pytest.mark.parametrize("url", ["/tasks/", "/tasks/board/", "/tasks/completion/?year=2021"])
def test_task_pages_query_count_is_constant(signed_in, url, django_assert_num_queries):
    client = signed_in(Role.LEADERSHIP)
    supporting = make_unit()

    def add(count):
        for _ in range(count):
            make_task().supporting_units.add(supporting)

    add(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(27)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_staff_cancel_a_task_from_its_page(signed_in):
    task = make_task(make_unit())
    client = signed_in(Role.STAFF)
    assert "Hủy đầu việc" in client.get(f"/tasks/{task.pk}/").content.decode()
    response = client.post(
        f"/tasks/{task.pk}/cancel/", {"reason": "Không còn phù hợp"}, follow=True
    )
    assert "Đã hủy đầu việc." in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED
