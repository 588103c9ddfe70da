"""The demo reaches the day it is loaded on: monthly figures up to last month for the provinces
valid in each month (both geographies across 1 July 2025), a latest month with provinces
missing, late or awaiting review, and this year's reviews, notices and tasks; loading it twice
changes nothing."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from cooperatives.models import MonthlySubmission, Province, SubmissionEvent, month_end
from cooperatives.selectors import monthly_statistics, submission_deadline
from meetings.choices import MeetingKind
from meetings.models import Document, Meeting
from tasks.models import Task
from vca_portal import clock

pytestmark = pytest.mark.django_db


def _counts() -> tuple:
    return (
        MonthlySubmission.objects.count(),
        SubmissionEvent.objects.count(),
        Meeting.objects.count(),
        Document.objects.count(),
        Task.objects.count(),
    )


@override_settings(DEMO_MODE=True)
def test_the_demo_runs_up_to_last_month_and_lives_in_the_present(any_day, provinces):
    call_command("load_demo", stdout=io.StringIO())
    loaded = _counts()
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == loaded  # idempotent

    last = clock.last_closed_month()
    latest = MonthlySubmission.objects.order_by("-year", "-month").values_list("year", "month")
    assert latest.first() == last
    # Every month before the latest: every province valid that month, approved.
    before = (last[0], last[1] - 1) if last[1] > 1 else (last[0] - 1, 12)
    expected = Province.objects.valid_on(month_end(*before)).count()
    rows = MonthlySubmission.objects.filter(year=before[0], month=before[1])
    assert rows.filter(status="approved").count() == expected
    if last > (2025, 7):  # both geographies, each complete in its months
        assert MonthlySubmission.objects.filter(year=2025, month=6).count() == 63
        assert MonthlySubmission.objects.filter(year=2025, month=7).count() == 34
    assert expected == (63 if before < (2025, 7) else 34)

    # The latest month is in progress: some missing, drafts, one returned, some awaiting review.
    statistics = monthly_statistics(year=last[0], month=last[1])
    statuses = [row["status"] for row in statistics["provinces"]]
    assert statuses.count("missing") == 2
    assert statuses.count("draft") == 5
    assert statistics["provisional"] is True
    assert statistics["provinces_submitted"] == 2
    previous = monthly_statistics(year=before[0], month=before[1])
    assert previous["provisional"] is False
    assert statistics["active_total"] >= previous["active_total"] - 100  # no collapse
    overdue = any_day > submission_deadline(year=last[0], month=last[1])
    late = [row for row in statistics["provinces"] if row["is_late"]]
    assert bool(late) is overdue  # missing provinces are late once the deadline has passed
    # Nothing happened after now.
    now = clock.now()
    assert not MonthlySubmission.objects.filter(submitted_at__gt=now).exists()
    assert not MonthlySubmission.objects.filter(created_at__gt=now).exists()
    assert not SubmissionEvent.objects.filter(at__gt=now).exists()

    # This year's leadership reviews, their notices and tasks, and the next review to come.
    reviews = Meeting.objects.filter(kind=MeetingKind.MONTHLY_REVIEW, starts_at__year=any_day.year)
    assert reviews.filter(starts_at__lte=now).exists()
    assert Meeting.objects.filter(starts_at__gt=now).exists()
    assert reviews.filter(starts_at__gt=now, conclusions__isnull=False).count() == 0
    assert Document.objects.filter(year=any_day.year, number__contains="/TB-").exists()
    assert not Document.objects.filter(issued_on__gt=any_day).exists()
    this_year = Task.objects.filter(assigned_on__year=any_day.year)
    assert this_year.filter(status="completed").exists()
    assert this_year.exclude(status="completed").exists()  # overdue or still running
    assert not this_year.filter(completed_on__gt=any_day).exists()
    assert not Task.objects.filter(assigned_on__gt=any_day).exists()


def test_a_demo_loaded_long_ago_says_how_to_bring_it_up_to_date(clock, provinces):
    from cooperatives import demo

    clock(datetime.date(2026, 11, 20))
    demo.load(io.StringIO())
    clock(datetime.date(2027, 3, 2))
    out = io.StringIO()
    demo.load(out)
    assert "10/2026" in out.getvalue()
    assert MonthlySubmission.objects.order_by("-year", "-month").first().month == 10
