import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import Role
from meetings.choices import MeetingFormat, MeetingKind
from meetings.models import Meeting
from meetings.selectors import meetings_held, upcoming_meetings
from meetings.services import (
    Assignment,
    conclusion_create_tasks,
    meeting_add_conclusion,
    meeting_create,
    meeting_record_vote,
    meeting_update,
)
from tasks.models import Task
from tests.factories.meetings import make_conclusion, make_meeting
from tests.factories.tasks import make_task, make_unit

pytestmark = pytest.mark.django_db
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def test_a_monthly_review_is_recorded_with_its_ordered_agenda(user_factory):
    chair = user_factory(Role.LEADERSHIP)
    meeting = meeting_create(
        kind=MeetingKind.MONTHLY_REVIEW,
        title="Hội nghị đánh giá công tác tháng 11/2021",
        starts_at=datetime.datetime(2021, 12, 2, 8, tzinfo=HANOI),
        format=MeetingFormat.ONLINE,
        chaired_by=chair,
        reviews_month=datetime.date(2021, 11, 15),
        agenda=["Khai mạc", ("Báo cáo tháng 11/2021", "Phạm Ngọc Toại"), "Kết luận"],
        speakers=[(None, "Phạm Ngọc Toại", "Báo cáo")],
        guests=["Khách mời"],
    )
    assert [(a.position, a.title) for a in meeting.agenda_items.all()] == [
        (1, "Khai mạc"),
        (2, "Báo cáo tháng 11/2021"),
        (3, "Kết luận"),
    ]
    assert meeting.reviews_month == datetime.date(2021, 11, 1)
    assert meeting.participants.count() == 2


def test_a_monthly_review_must_say_which_month_it_reviews():
    with pytest.raises(ValidationError) as error:
        meeting_create(
            kind=MeetingKind.MONTHLY_REVIEW,
            title="X",
            starts_at=datetime.datetime(2021, 12, 2, 8, tzinfo=HANOI),
            format=MeetingFormat.ONLINE,
        )
    assert "reviews_month" in error.value.message_dict
    assert not Meeting.objects.exists()


def test_conclusions_are_numbered_in_order():
    meeting = make_meeting()
    first = meeting_add_conclusion(meeting=meeting, text="Một")
    second = meeting_add_conclusion(meeting=meeting, text="Hai")
    assert (first.number, second.number) == (1, 2)


def test_a_conclusion_becomes_tasks_for_several_units_in_one_step(user_factory):
    staff = user_factory(Role.STAFF)
    conclusion = make_conclusion(text="Tổ chức Hội nghị toàn quốc ngày 7/12/2021.")
    policy, office = make_unit("Ban Chính sách"), make_unit("Văn phòng thử")
    tasks = conclusion_create_tasks(
        conclusion=conclusion,
        assignments=[
            Assignment(
                lead_unit=policy,
                due_on=datetime.date(2021, 12, 7),
                is_key=True,
                supporting_units=[office],
            ),
            Assignment(lead_unit=office, due_on=datetime.date(2021, 12, 5), title="Chuẩn bị"),
        ],
        assigned_by=staff,
    )
    assert [t.title for t in tasks] == ["Tổ chức Hội nghị toàn quốc ngày 7/12/2021.", "Chuẩn bị"]
    assert all(t.conclusion == conclusion and t.assigned_by == staff for t in tasks)
    assert tasks[0].assigned_on == datetime.date(2021, 12, 2)
    assert list(tasks[0].supporting_units.all()) == [office]


def test_a_bad_assignment_creates_no_task_at_all():
    conclusion = make_conclusion()
    unit = make_unit()
    with pytest.raises(ValidationError):
        conclusion_create_tasks(
            conclusion=conclusion,
            assignments=[
                Assignment(lead_unit=unit, due_on=datetime.date(2021, 12, 31)),
                Assignment(lead_unit=unit, due_on=datetime.date(2021, 11, 1)),  # before meeting
            ],
            assigned_by=None,
        )
    assert not Task.objects.exists()


def test_a_vote_cannot_have_more_votes_for_than_cast():
    meeting = make_meeting()
    assert (
        meeting_record_vote(
            meeting=meeting, question="Bầu", votes_for=200, votes_cast=226
        ).percent_for
        == 88.5
    )
    with pytest.raises(ValidationError):
        meeting_record_vote(meeting=meeting, question="Bầu", votes_for=227, votes_cast=226)


def test_upcoming_and_held_meetings(user_factory):
    leader = user_factory(Role.LEADERSHIP)
    review = make_meeting(starts_at=datetime.datetime(2021, 12, 2, 8, tzinfo=HANOI))
    conference = make_meeting(starts_at=datetime.datetime(2021, 12, 7, 8, tzinfo=HANOI))
    # 1 December 2021, 00:30 in Hà Nội is still 30 November in UTC.
    early = make_meeting(starts_at=datetime.datetime(2021, 12, 1, 0, 30, tzinfo=HANOI))
    after = datetime.datetime(2021, 12, 2, 12, tzinfo=HANOI)
    assert list(upcoming_meetings(user=leader, after=after)) == [conference]
    assert list(meetings_held(user=leader, year=2021, month=12)) == [early, review, conference]
    assert list(meetings_held(user=leader, year=2021, month=11)) == []
    officer = user_factory(Role.PROVINCIAL_OFFICER)
    assert list(upcoming_meetings(user=officer, after=after)) == []


# API -------------------------------------------------------------------------------------


def test_staff_record_a_meeting_a_conclusion_and_its_tasks_through_the_api(
    user_factory, token_client
):
    client = token_client(user_factory(Role.STAFF))
    unit = make_unit()
    response = client.post(
        "/api/v1/meetings/",
        {
            "kind": "conference",
            "title": "Hội nghị toàn quốc",
            "starts_at": "2021-12-07T08:00:00+07:00",
            "format": "in_person",
            "agenda": [{"title": "Khai mạc"}, {"title": "Tổng kết", "presenter": "Ban"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    meeting_id = response.json()["id"]
    conclusion = client.post(
        f"/api/v1/meetings/{meeting_id}/conclusions/", {"text": "Hoàn thành"}, format="json"
    )
    assert conclusion.status_code == 201
    tasks = client.post(
        f"/api/v1/conclusions/{conclusion.json()['id']}/create-tasks/",
        {"assignments": [{"lead_unit": unit.pk, "due_on": "2021-12-31"}]},
        format="json",
    )
    assert tasks.status_code == 201, tasks.content
    detail = client.get(f"/api/v1/meetings/{meeting_id}/").json()
    assert [a["title"] for a in detail["agenda"]] == ["Khai mạc", "Tổng kết"]
    assert detail["conclusions"][0]["tasks"] == [tasks.json()[0]["id"]]


def test_leadership_cannot_turn_conclusions_into_tasks(user_factory, token_client):
    conclusion = make_conclusion()
    client = token_client(user_factory(Role.LEADERSHIP))
    response = client.post(
        f"/api/v1/conclusions/{conclusion.pk}/create-tasks/",
        {"assignments": [{"lead_unit": make_unit().pk}]},
        format="json",
    )
    assert response.status_code == 403
    assert client.get(f"/api/v1/meetings/{conclusion.meeting_id}/").status_code == 200


def test_meeting_list_query_count_is_constant(
    user_factory, token_client, django_assert_num_queries
):
    client = token_client(user_factory(Role.STAFF, username="chair-x"))
    for _ in range(3):
        make_conclusion(make_meeting(chaired_by=user_factory(Role.LEADERSHIP)))
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/meetings/")
    for _ in range(27):
        make_conclusion(make_meeting(chaired_by=user_factory(Role.LEADERSHIP)))
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/meetings/").json()["count"] == 30
    task = make_task(conclusion=make_conclusion())
    assert task.source == task.conclusion


def test_tasks_from_an_early_morning_meeting_are_assigned_on_its_day_in_hanoi():
    # 06:30 in Hà Nội on 2/12 is still 1/12 in UTC.
    meeting = make_meeting(starts_at=datetime.datetime(2021, 12, 2, 6, 30, tzinfo=HANOI))
    (task,) = conclusion_create_tasks(
        conclusion=make_conclusion(meeting),
        assignments=[Assignment(lead_unit=make_unit(), due_on=datetime.date(2021, 12, 2))],
        assigned_by=None,
    )
    assert task.assigned_on == datetime.date(2021, 12, 2)


def test_minutes_are_written_once_the_meeting_has_begun(user_factory, token_client):
    client = token_client(user_factory(Role.STAFF))
    held = make_meeting(starts_at=datetime.datetime(2021, 12, 2, 8, tzinfo=HANOI))
    response = client.post(f"/api/v1/meetings/{held.pk}/minutes/", {"minutes": "Biên bản"})
    assert response.status_code == 200
    assert response.json()["minutes"] == "Biên bản"
    future = make_meeting(starts_at=datetime.datetime(2100, 1, 1, 8, tzinfo=HANOI))
    assert (
        client.post(f"/api/v1/meetings/{future.pk}/minutes/", {"minutes": "X"}).status_code == 400
    )
    leader = token_client(user_factory(Role.LEADERSHIP))
    assert leader.post(f"/api/v1/meetings/{held.pk}/minutes/", {"minutes": "Y"}).status_code == 403
    held.refresh_from_db()
    assert held.minutes == "Biên bản"


def test_staff_correct_a_meeting_through_the_api_and_bad_input_changes_nothing(
    user_factory, token_client
):
    meeting = make_meeting(title="Giao ban thang 11")
    meeting_add_conclusion(meeting=meeting, text="Hoàn thành kế hoạch")
    client = token_client(user_factory(Role.STAFF))
    url = f"/api/v1/meetings/{meeting.pk}/"

    bad = client.patch(url, {"ends_at": "2021-12-02T07:00:00+07:00"}, format="json")
    assert bad.status_code == 400
    assert "ends_at" in bad.json()
    monthly = client.patch(url, {"kind": "monthly_review"}, format="json")
    assert monthly.status_code == 400
    assert "reviews_month" in monthly.json()
    meeting.refresh_from_db()
    assert (meeting.kind, meeting.ends_at) == (MeetingKind.OTHER, None)

    response = client.patch(
        url,
        {
            "title": "Giao ban tháng 11/2021",
            "kind": "monthly_review",
            "reviews_month": "2021-11-20",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Giao ban tháng 11/2021"
    assert body["reviews_month"] == "2021-11-01"
    assert [c["text"] for c in body["conclusions"]] == ["Hoàn thành kế hoạch"]

    leader = token_client(user_factory(Role.LEADERSHIP))
    assert leader.patch(url, {"title": "X"}, format="json").status_code == 403
    assert client.put(url, {"title": "X"}, format="json").status_code == 405
    meeting.refresh_from_db()
    assert meeting.title == "Giao ban tháng 11/2021"


def test_meeting_update_changes_only_the_particulars():
    meeting = make_meeting()
    with pytest.raises(TypeError):
        meeting_update(meeting=meeting, minutes="Biên bản")
    with pytest.raises(ValidationError) as error:
        meeting_update(meeting=meeting, title="  ")
    assert "title" in error.value.message_dict
    meeting.refresh_from_db()
    assert meeting.title.startswith("Hội nghị")


def test_only_leadership_or_staff_chair_a_meeting_whichever_way_it_is_written(
    user_factory, token_client
):
    from cooperatives.models import Province

    officer = user_factory(Role.PROVINCIAL_OFFICER, province=Province.objects.first())
    leader = user_factory(Role.LEADERSHIP)
    client = token_client(user_factory(Role.STAFF))
    created = client.post(
        "/api/v1/meetings/",
        {
            "kind": "conference",
            "title": "Hội nghị",
            "starts_at": "2021-12-07T08:00:00+07:00",
            "format": "online",
            "chaired_by": officer.pk,
        },
        format="json",
    )
    assert created.status_code == 400
    assert "chaired_by" in created.json()
    assert not Meeting.objects.exists()

    meeting = make_meeting(chaired_by=leader)
    patched = client.patch(
        f"/api/v1/meetings/{meeting.pk}/", {"chaired_by": officer.pk}, format="json"
    )
    assert patched.status_code == 400
    meeting.refresh_from_db()
    assert meeting.chaired_by == leader
