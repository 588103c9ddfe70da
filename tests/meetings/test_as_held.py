"""Meetings as they are held: who was invited and who attended, the quorum, the speakers of
each item, and votes with their parts and result."""

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Role
from meetings.choices import Attendance, QuorumRule, VoteThreshold
from meetings.models import Participant, VoteResult
from meetings.services import meeting_record_attendance, meeting_record_vote
from tests.factories.accounts import make_user
from tests.factories.meetings import make_meeting

pytestmark = pytest.mark.django_db


def attend(meeting, name, attendance=Attendance.PRESENT, **fields):
    return meeting_record_attendance(meeting=meeting, name=name, attendance=attendance, **fields)


def test_the_quorum_is_counted_from_the_voting_members(provinces):
    meeting = make_meeting()
    assert meeting.quorum() is None  # no attendance kept
    attend(meeting, "Nguyễn Ngọc Bảo")
    attend(meeting, "Phạm Ngọc Toại", Attendance.ONLINE)
    attend(meeting, "Đại biểu C", Attendance.ABSENT, absence_reason="Đi công tác")
    attend(meeting, "Đại biểu D", Attendance.INVITED)
    attend(meeting, "Khách mời", is_voting_member=False)
    quorum = meeting.quorum()
    assert (quorum["members"], quorum["attending"], quorum["required"]) == (4, 2, 3)
    assert not quorum["reached"]
    attend(meeting, "Đại biểu E")
    assert make_meeting_quorum(meeting) == (5, 3, 3, True)
    meeting.quorum_rule = QuorumRule.TWO_THIRDS
    assert make_meeting_quorum(meeting) == (5, 3, 4, False)


def make_meeting_quorum(meeting):
    quorum = meeting.quorum()
    return quorum["members"], quorum["attending"], quorum["required"], quorum["reached"]


def test_a_person_is_listed_once_and_an_absence_has_its_reason(provinces):
    meeting = make_meeting()
    user = make_user(Role.STAFF)
    meeting_record_attendance(meeting=meeting, user=user)
    attend(meeting, "Phạm Ngọc Toại")
    with pytest.raises(ValidationError, match="đã có trong danh sách dự họp"):
        meeting_record_attendance(meeting=meeting, user=user, attendance=Attendance.ONLINE)
    with pytest.raises(ValidationError, match="đã có trong danh sách dự họp"):
        attend(meeting, "  phạm ngọc toại ")
    with pytest.raises(ValidationError, match="lý do vắng mặt"):
        attend(meeting, "Đại biểu C", Attendance.ABSENT)
    assert Participant.objects.filter(meeting=meeting).count() == 2


def test_a_votes_parts_must_fit_the_voters(provinces):
    meeting = make_meeting()
    with pytest.raises(ValidationError, match="nhiều hơn 226 phiếu biểu quyết"):
        meeting_record_vote(
            meeting=meeting,
            question="Q",
            votes_for=200,
            votes_against=20,
            votes_abstain=10,
            votes_cast=226,
        )
    with pytest.raises(ValidationError, match="người có quyền biểu quyết"):
        meeting_record_vote(meeting=meeting, question="Q", votes_for=1, votes_cast=10, voters=9)
    with pytest.raises(ValidationError, match="hãy nhập số người"):
        meeting_record_vote(
            meeting=meeting,
            question="Q",
            votes_for=1,
            votes_cast=1,
            threshold=VoteThreshold.TWO_THIRDS_OF_VOTERS,
        )
    assert not VoteResult.objects.exists()


def test_the_result_follows_the_threshold(provinces):
    meeting = make_meeting()
    # The seed's 200 of 226 stays as it was reported.
    seed = meeting_record_vote(meeting=meeting, question="Bầu", votes_for=200, votes_cast=226)
    assert seed.passed
    assert seed.percent_for == 88.5
    assert seed.not_voting is None
    vote = meeting_record_vote(
        meeting=meeting,
        question="Sửa Điều lệ",
        votes_for=150,
        votes_against=40,
        votes_abstain=10,
        votes_cast=200,
        voters=240,
        is_secret=True,
        threshold=VoteThreshold.TWO_THIRDS_OF_VOTERS,
    )
    assert vote.not_voting == 40
    assert not vote.passed  # 150 of 240 is less than two thirds (160)
    vote.threshold = VoteThreshold.MAJORITY_OF_VOTERS
    assert vote.passed  # more than 120


def test_the_api_records_attendance_and_votes_and_refuses_bad_input(
    provinces, api_client, user_factory
):
    meeting = make_meeting()
    api_client.force_authenticate(user_factory(Role.STAFF))
    url = f"/api/v1/meetings/{meeting.pk}/"
    created = api_client.post(
        url + "attendance/", {"name": "Nguyễn Ngọc Bảo", "attendance": "present"}, format="json"
    )
    assert created.status_code == 201, created.content
    twice = api_client.post(url + "attendance/", {"name": "NGUYỄN NGỌC BẢO"}, format="json")
    assert twice.status_code == 400
    assert "đã có trong danh sách" in str(twice.json())
    bad = api_client.post(
        url + "votes/",
        {"question": "Q", "votes_for": 5, "votes_against": 6, "votes_cast": 10},
        format="json",
    )
    assert bad.status_code == 400
    assert "votes_cast" in bad.json()
    good = api_client.post(
        url + "votes/",
        {"question": "Q", "votes_for": 5, "votes_against": 4, "votes_cast": 10, "voters": 12},
        format="json",
    )
    assert good.json()["not_voting"] == 2
    assert good.json()["passed"] is False
    detail = api_client.get(url).json()
    assert detail["quorum"]["attending"] == 1
    assert detail["quorum"]["reached"] is True
    assert Participant.objects.count() == 1
    assert VoteResult.objects.count() == 1
    api_client.force_authenticate(user_factory(Role.LEADERSHIP))
    assert api_client.post(url + "attendance/", {"name": "X"}, format="json").status_code == 403


def test_the_pages_record_attendance_and_say_why_a_vote_is_refused(provinces, client):
    meeting = make_meeting()
    client.force_login(make_user(Role.STAFF))
    client.post(
        f"/meetings/{meeting.pk}/attendance/",
        {"name": "Đại biểu C", "role": "attendee", "attendance": "absent", "absence_reason": ""},
    )
    assert not Participant.objects.exists()
    response = client.post(
        f"/meetings/{meeting.pk}/attendance/",
        {
            "name": "Đại biểu C",
            "role": "attendee",
            "attendance": "online",
            "is_voting_member": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Đã thêm Đại biểu C vào danh sách dự họp." in page
    assert 'data-testid="quorum"' in page
    assert "1/1 thành viên" in page
    refused = client.post(
        f"/meetings/{meeting.pk}/votes/",
        {
            "question": "Q",
            "votes_for": 8,
            "votes_against": 5,
            "votes_cast": 10,
            "threshold": "cast_majority",
        },
        follow=True,
    )
    assert "nhiều hơn 10 phiếu biểu quyết" in refused.content.decode()
    assert not VoteResult.objects.exists()
