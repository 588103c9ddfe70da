import datetime
import zoneinfo

import pytest
from django.core.management import call_command
from django.test import override_settings

from accounts.models import User
from meetings.models import Agreement, Document, Meeting, VoteResult
from meetings.selectors import upcoming_meetings
from tasks.choices import TaskKind
from tasks.models import Task, Unit
from tasks.selectors import task_summary

pytestmark = pytest.mark.django_db
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def demo(provinces):
    with override_settings(DEMO_MODE=True):
        call_command("load_demo")
        call_command("load_demo")  # idempotent: nothing doubles


def test_november_2021_summary_gives_80_of_122(demo):
    leader = User.objects.get(username="leader")
    summary = task_summary(user=leader, year=2021, month=11)
    assert (summary["total"], summary["completed"]) == (122, 80)
    assert summary["completion_percent"] == 65.6
    assert 8 <= len(summary["by_unit"]) <= 12
    assert sum(u["completed"] for u in summary["by_unit"]) == 80


def test_the_2021_programme_has_43_unit_tasks_and_22_submissions_open(demo):
    open_tasks = Task.objects.filter(programme__year=2021).open()
    assert open_tasks.filter(kind=TaskKind.TASK).count() == 43
    assert open_tasks.filter(kind=TaskKind.SUBMISSION).count() == 22


def test_the_review_meeting_its_documents_vote_and_agreements(demo):
    review = Meeting.objects.get(starts_at__date=datetime.date(2021, 12, 2), kind="monthly_review")
    assert review.format == "online"
    assert review.chaired_by.get_full_name() == "Nguyễn Ngọc Bảo"
    assert review.reviews_month == datetime.date(2021, 11, 1)
    assert review.participants.get(role="speaker").user.username == "staff"
    assert review.conclusions.count() == 4
    assert Task.objects.filter(conclusion__meeting=review).count() == 4
    dates = dict(Document.objects.values_list("number", "issued_on"))
    assert dates["784/TB-LMHTXVN"] == datetime.date(2021, 11, 9)
    assert dates["842/TB-LMHTXVN"] == datetime.date(2021, 11, 23)
    assert dates["105/NQ-CP"] == datetime.date(2021, 9, 9)
    assert dates["13-NQ/TW"] == datetime.date(2002, 3, 18)
    assert dates["1328/QĐ-TTg"] == datetime.date(2021, 7, 23)
    assert dates["576/KH-LMHTXVN"] == datetime.date(2021, 8, 25)
    assert dates["758/KH-LMHTX"] == datetime.date(2021, 10, 26)
    assert "503/CTr-LMHTXVN" in dates
    seed = Document.objects.filter(year__lte=2021, number_parsed=True).exclude(number="")
    assert seed.count() == 8  # the current year's notices come beside them
    vote = VoteResult.objects.get()
    assert (vote.votes_for, vote.votes_cast) == (200, 226)
    assert set(Agreement.objects.values_list("partner", "country")) == {
        ("Satake", "Nhật Bản"),
        ("Công ty cổ phần Sorimachi", "Nhật Bản"),
    }
    leader = User.objects.get(username="leader")
    after = datetime.datetime(2021, 12, 2, 12, tzinfo=HANOI)
    upcoming = [
        m.starts_at.astimezone(HANOI).date() for m in upcoming_meetings(user=leader, after=after)
    ]
    assert datetime.date(2021, 12, 7) in upcoming
    assert Unit.objects.get(code="van-phong").members.filter(username="staff").exists()
