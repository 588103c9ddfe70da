import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import Role
from tasks.choices import TaskKind, TaskStatus
from tasks.models import Task, local_today
from tasks.selectors import overdue_tasks, task_summary
from tasks.services import task_add_progress, task_complete
from tasks.tasks import send_task_reminders
from tests.factories.tasks import make_programme, make_task, make_unit

pytestmark = pytest.mark.django_db
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
UTC = datetime.UTC


# Overdue is decided by the calendar of Hà Nội ----------------------------------------------


@pytest.mark.parametrize(
    ("moment", "overdue"),
    [
        # 30/11 23:59 in Hà Nội: the task due 30/11 is still on time.
        (datetime.datetime(2021, 11, 30, 16, 59, tzinfo=UTC), False),
        # 1/12 00:00 in Hà Nội is still 30/11 17:00 UTC: the task is already late.
        (datetime.datetime(2021, 11, 30, 17, 0, tzinfo=UTC), True),
        (datetime.datetime(2021, 12, 1, 0, 0, tzinfo=HANOI), True),
        (datetime.datetime(2021, 11, 30, 23, 59, 59, tzinfo=HANOI), False),
    ],
)
def test_overdue_follows_midnight_in_hanoi_not_utc(moment, overdue, user_factory):
    task = make_task(due_on=datetime.date(2021, 11, 30))
    today = local_today(moment)
    assert task.is_overdue(today) is overdue
    assert Task.objects.overdue(today).exists() is overdue
    leader = user_factory(Role.LEADERSHIP)
    assert list(overdue_tasks(user=leader, today=today)) == ([task] if overdue else [])


def test_overdue_uses_the_current_time_in_hanoi(monkeypatch):
    from django.utils import timezone

    task = make_task(due_on=datetime.date(2021, 11, 30))
    monkeypatch.setattr(
        timezone, "now", lambda: datetime.datetime(2021, 11, 30, 17, 30, tzinfo=UTC)
    )
    assert local_today() == datetime.date(2021, 12, 1)
    assert task.is_overdue()


def test_completed_and_cancelled_tasks_are_never_overdue():
    today = datetime.date(2021, 12, 15)
    make_task(status=TaskStatus.COMPLETED)
    make_task(status=TaskStatus.CANCELLED)
    late = make_task(status=TaskStatus.IN_PROGRESS)
    assert list(Task.objects.overdue(today)) == [late]


# The summary -----------------------------------------------------------------------------


def test_summary_counts_completion_overdue_and_breakdowns(user_factory):
    leader = user_factory(Role.LEADERSHIP)
    policy, office = make_unit("Ban Chính sách"), make_unit("Văn phòng thử")
    for _ in range(3):
        make_task(policy, status=TaskStatus.COMPLETED)
    make_task(policy)
    make_task(office, kind=TaskKind.SUBMISSION)
    make_task(office, due_on=datetime.date(2021, 12, 5))  # another month
    summary = task_summary(user=leader, year=2021, month=11, today=datetime.date(2021, 12, 1))
    assert (summary["total"], summary["completed"], summary["overdue"]) == (5, 3, 2)
    assert summary["completion_percent"] == 60.0
    assert [(u["unit_name"], u["total"], u["completed"]) for u in summary["by_unit"]] == [
        ("Ban Chính sách", 4, 3),
        ("Văn phòng thử", 1, 0),
    ]
    assert {k["kind"]: k["total"] for k in summary["by_kind"]} == {"task": 4, "submission": 1}
    only_policy = task_summary(user=leader, year=2021, month=11, unit=policy)
    assert only_policy["total"] == 4


def test_summary_adds_up_units_and_kinds_that_mix(user_factory, django_assert_num_queries):
    leader = user_factory(Role.LEADERSHIP)
    policy, office = make_unit("Ban Chính sách"), make_unit("Văn phòng thử")
    make_task(policy, kind=TaskKind.SUBMISSION, status=TaskStatus.COMPLETED)
    make_task(policy, kind=TaskKind.TASK)
    make_task(office, kind=TaskKind.SUBMISSION)
    make_task(office, kind=TaskKind.TASK, status=TaskStatus.COMPLETED)
    make_task(office, kind=TaskKind.TASK)
    with django_assert_num_queries(1):
        summary = task_summary(user=leader, year=2021, month=11, today=datetime.date(2021, 12, 1))
    assert (summary["total"], summary["completed"], summary["overdue"]) == (5, 2, 3)
    assert [
        (u["unit_name"], u["total"], u["completed"], u["overdue"], u["completion_percent"])
        for u in summary["by_unit"]
    ] == [("Ban Chính sách", 2, 1, 1, 50.0), ("Văn phòng thử", 3, 1, 2, 33.3)]
    assert [(k["kind"], k["total"], k["completed"], k["overdue"]) for k in summary["by_kind"]] == [
        ("submission", 2, 1, 1),
        ("task", 3, 1, 2),
    ]


def test_a_month_counts_the_tasks_due_from_its_first_to_its_last_day(user_factory):
    leader = user_factory(Role.LEADERSHIP)
    for day in (
        datetime.date(2021, 10, 31),
        datetime.date(2021, 11, 1),
        datetime.date(2021, 11, 30),
        datetime.date(2021, 12, 1),
        datetime.date(2020, 11, 15),
    ):
        make_task(due_on=day, assigned_on=min(day, datetime.date(2021, 10, 1)))
    assert task_summary(user=leader, year=2021, month=11)["total"] == 2
    assert task_summary(user=leader, month=11)["total"] == 3  # every November
    assert task_summary(user=leader, year=2021)["total"] == 4


def test_summary_is_empty_for_those_who_may_not_see_work(user_factory):
    make_task()
    officer = user_factory(Role.PROVINCIAL_OFFICER)
    assert task_summary(user=officer)["total"] == 0


def test_summary_endpoint_takes_the_list_filters(user_factory, token_client):
    programme = make_programme()
    unit = make_unit()
    make_task(unit, programme=programme, status=TaskStatus.COMPLETED)
    make_task(unit, programme=programme)
    make_task(unit)
    client = token_client(user_factory(Role.LEADERSHIP))
    body = client.get(
        f"/api/v1/tasks/summary/?due_year=2021&due_month=11&programme={programme.pk}"
    ).json()
    assert (body["total"], body["completed"], body["completion_percent"]) == (2, 1, 50.0)
    assert set(body) == {
        "total",
        "completed",
        "completion_percent",
        "overdue",
        "by_unit",
        "by_kind",
    }
    listed = client.get(
        f"/api/v1/tasks/?due_year=2021&due_month=11&programme={programme.pk}"
    ).json()
    assert listed["count"] == body["total"]
    assert client.get("/api/v1/tasks/summary/?due_month=13").status_code == 400
    assert client.get("/api/v1/tasks/summary/?status=done").status_code == 400


def test_summary_query_count_does_not_grow_with_units(user_factory, django_assert_num_queries):
    leader = user_factory(Role.LEADERSHIP)
    for _ in range(3):
        make_task()
    with CaptureQueriesContext(connection) as few:
        task_summary(user=leader, year=2021)
    for _ in range(27):
        make_task()
    with django_assert_num_queries(len(few.captured_queries)):
        assert task_summary(user=leader, year=2021)["total"] == 30


# Units update their own tasks --------------------------------------------------------------


def test_a_unit_reports_progress_and_completes_its_own_task(user_factory):
    unit = make_unit()
    member = user_factory(Role.STAFF, unit=unit)
    task = make_task(unit, assigned_on=datetime.date(2021, 11, 1))
    task_add_progress(task=task, user=member, percent=40, note="Đã có dự thảo")
    task.refresh_from_db()
    assert (task.status, task.percent_complete) == (TaskStatus.IN_PROGRESS, 40)
    task_complete(task=task, user=member, completed_on=datetime.date(2021, 11, 20))
    task.refresh_from_db()
    assert (task.status, task.completed_on) == (TaskStatus.COMPLETED, datetime.date(2021, 11, 20))
    assert task.progress_updates.count() == 2


def test_staff_of_another_unit_cannot_update_the_task(user_factory):
    task = make_task(make_unit())
    outsider = user_factory(Role.STAFF, unit=make_unit())
    without_unit = user_factory(Role.STAFF)
    for user in (outsider, without_unit, user_factory(Role.LEADERSHIP)):
        with pytest.raises(PermissionDenied):
            task_add_progress(task=task, user=user, percent=10)
        with pytest.raises(PermissionDenied):
            task_complete(task=task, user=user)
    assert not task.progress_updates.exists()


def test_task_edit_scoping_through_the_api(user_factory, token_client):
    unit = make_unit()
    task = make_task(unit)
    other = token_client(user_factory(Role.STAFF, unit=make_unit()))
    assert other.post(f"/api/v1/tasks/{task.pk}/progress/", {"percent": 30}).status_code == 403
    assert other.post(f"/api/v1/tasks/{task.pk}/complete/", {}).status_code == 403
    leader = token_client(user_factory(Role.LEADERSHIP))
    assert leader.get(f"/api/v1/tasks/{task.pk}/").status_code == 200
    assert leader.post(f"/api/v1/tasks/{task.pk}/progress/", {"percent": 30}).status_code == 403
    own = token_client(user_factory(Role.STAFF, unit=unit))
    assert own.post(f"/api/v1/tasks/{task.pk}/progress/", {"percent": 30}).status_code == 201
    assert own.post(f"/api/v1/tasks/{task.pk}/progress/", {"percent": 130}).status_code == 400
    done = own.post(f"/api/v1/tasks/{task.pk}/complete/", {"completed_on": "2021-11-30"})
    assert done.status_code == 200
    assert done.json()["status"] == "completed"
    assert own.post(f"/api/v1/tasks/{task.pk}/complete/", {}).status_code == 409
    admin = token_client(user_factory(Role.ADMINISTRATOR))
    assert admin.post(f"/api/v1/tasks/{make_task(unit).pk}/complete/", {}).status_code == 200


def test_staff_assign_a_task_through_the_api(user_factory, token_client):
    unit = make_unit()
    client = token_client(user_factory(Role.STAFF))
    response = client.post(
        "/api/v1/tasks/",
        {
            "title": "Chuẩn bị Tờ trình",
            "kind": "submission",
            "lead_unit": unit.pk,
            "assigned_on": "2021-12-02",
            "due_on": "2021-12-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "due_on" in response.json()
    response = client.post(
        "/api/v1/tasks/",
        {
            "title": "Chuẩn bị Tờ trình",
            "kind": "submission",
            "lead_unit": unit.pk,
            "assigned_on": "2021-12-02",
            "due_on": "2021-12-20",
        },
        format="json",
    )
    assert response.status_code == 201
    assert Task.objects.get().assigned_by.role == Role.STAFF


def test_task_list_query_count_is_constant(user_factory, token_client, django_assert_num_queries):
    client = token_client(user_factory(Role.LEADERSHIP))
    supporting = make_unit()
    for _ in range(3):
        make_task().supporting_units.add(supporting)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/tasks/")
    for _ in range(27):
        make_task().supporting_units.add(supporting)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/tasks/").json()["count"] == 30


# The daily reminder ----------------------------------------------------------------------


def test_each_lead_unit_is_mailed_its_due_and_overdue_tasks(user_factory, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2021, 12, 2, 1, tzinfo=UTC))
    office = make_unit("Văn phòng thử", email="vanphong@vca.org.vn")
    user_factory(Role.STAFF, unit=office, email="toai@vca.org.vn")
    make_task(office, title="Báo cáo tháng 11", due_on=datetime.date(2021, 11, 30))
    make_task(office, title="Hội nghị toàn quốc", due_on=datetime.date(2021, 12, 5))
    make_task(office, title="Việc xa", due_on=datetime.date(2021, 12, 20))
    make_task(office, title="Đã xong", status=TaskStatus.COMPLETED)
    quiet = make_unit(email="quiet@vca.org.vn")
    make_task(quiet, due_on=datetime.date(2021, 12, 31))
    assert send_task_reminders() == 1
    (message,) = mail.outbox
    assert sorted(message.to) == ["toai@vca.org.vn", "vanphong@vca.org.vn"]
    assert "1 đầu việc quá hạn" in message.subject
    assert "Báo cáo tháng 11 (hạn 30/11/2021)" in message.body
    assert "Hội nghị toàn quốc (hạn 05/12/2021)" in message.body
    assert "Việc xa" not in message.body
    assert "Đã xong" not in message.body


def test_the_reminder_is_scheduled_daily_in_celery_beat():
    from django_celery_beat.models import PeriodicTask

    scheduled = PeriodicTask.objects.get(task="tasks.send_task_reminders")
    assert scheduled.enabled
    assert (scheduled.crontab.hour, str(scheduled.crontab.timezone)) == ("7", "Asia/Ho_Chi_Minh")


def test_staff_cancel_a_task_with_a_reason_and_it_is_no_longer_late(user_factory, token_client):
    task = make_task(due_on=datetime.date(2021, 11, 30))
    leader = token_client(user_factory(Role.LEADERSHIP))
    assert leader.post(f"/api/v1/tasks/{task.pk}/cancel/", {"reason": "x"}).status_code == 403
    staff = token_client(user_factory(Role.STAFF))
    assert staff.post(f"/api/v1/tasks/{task.pk}/cancel/", {"reason": ""}).status_code == 400
    response = staff.post(f"/api/v1/tasks/{task.pk}/cancel/", {"reason": "Không còn phù hợp"})
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert not Task.objects.overdue(datetime.date(2021, 12, 15)).exists()
    assert task.progress_updates.get().note == "Không còn phù hợp"
    assert staff.post(f"/api/v1/tasks/{task.pk}/cancel/", {"reason": "x"}).status_code == 409
