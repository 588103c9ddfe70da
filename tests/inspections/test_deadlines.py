"""The legal deadlines, counted on the working-day calendar, and the overdue flag."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from inspections import selectors, services
from inspections.choices import ComplaintKind, ComplaintStatus, DayOffKind
from inspections.models import DayOff
from inspections.workdays import WorkingCalendar, working_calendar
from tests.factories.inspections import make_complaint

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_complaint_received_on_a_friday_whose_period_ends_on_a_sunday_is_due_monday():
    friday = D(2021, 11, 5)
    assert friday.weekday() == 4
    # 30 days later is Sunday 5 December: the period ends on the next working day.
    assert services.complaint_due_on(received_on=friday, kind=ComplaintKind.COMPLAINT) == D(
        2021, 12, 6
    )


def test_a_friday_receipt_with_a_weekday_end_is_not_moved():
    friday = D(2021, 11, 19)
    assert services.complaint_due_on(received_on=friday, kind=ComplaintKind.COMPLAINT) == D(
        2021, 12, 20
    )


def test_the_period_runs_across_the_end_of_the_year_and_past_tet():
    received = D(2021, 12, 15)
    assert services.complaint_due_on(received_on=received, kind=ComplaintKind.COMPLAINT) == D(
        2022, 1, 14
    )
    # A complex case has 45 days: Saturday 29 January 2022, then Tết Nhâm Dần from Monday 31
    # January to Friday 4 February, so Monday 7 February.
    assert services.complaint_due_on(
        received_on=received, kind=ComplaintKind.COMPLAINT, is_complex=True
    ) == D(2022, 2, 7)


def test_each_kind_has_its_own_period():
    received = D(2021, 11, 1)  # a Monday
    due = {
        (kind, complex_): services.complaint_due_on(
            received_on=received, kind=kind, is_complex=complex_
        )
        for kind in ComplaintKind.values
        for complex_ in (False, True)
    }
    assert due[(ComplaintKind.COMPLAINT, False)] == D(2021, 12, 1)
    assert due[(ComplaintKind.COMPLAINT, True)] == D(2021, 12, 16)
    assert due[(ComplaintKind.DENUNCIATION, True)] == D(2021, 12, 31)
    assert due[(ComplaintKind.PETITION, False)] == D(2021, 11, 16)


def test_a_complaint_from_a_remote_area_has_the_longer_period():
    received = D(2021, 11, 1)
    remote = {
        complex_: services.complaint_due_on(
            received_on=received,
            kind=ComplaintKind.COMPLAINT,
            is_complex=complex_,
            is_remote_area=True,
        )
        for complex_ in (False, True)
    }
    assert remote == {False: D(2021, 12, 16), True: D(2021, 12, 31)}
    # Remote areas lengthen complaints only (Luật Khiếu nại); a denunciation keeps 30 days.
    assert services.complaint_due_on(
        received_on=received, kind=ComplaintKind.DENUNCIATION, is_remote_area=True
    ) == D(2021, 12, 1)


def test_resolution_is_counted_from_acceptance_for_complaints_and_denunciations_only():
    received, accepted = D(2021, 11, 1), D(2021, 11, 10)
    due = {
        kind: services.complaint_due_on(received_on=received, kind=kind, accepted_on=accepted)
        for kind in ComplaintKind.values
    }
    assert due == {
        ComplaintKind.COMPLAINT: D(2021, 12, 10),
        ComplaintKind.DENUNCIATION: D(2021, 12, 10),
        ComplaintKind.PETITION: D(2021, 11, 16),  # from receipt: the committee's convention
    }


@override_settings(COMPLAINT_HANDLING_DAYS={ComplaintKind.PETITION: (10, 20)})
def test_the_periods_can_be_configured_per_kind():
    received = D(2021, 11, 1)
    assert services.complaint_due_on(received_on=received, kind=ComplaintKind.PETITION) == D(
        2021, 11, 11
    )
    # Kinds not overridden keep the statutory default.
    assert services.complaint_due_on(received_on=received, kind=ComplaintKind.COMPLAINT) == D(
        2021, 12, 1
    )


# Tết -------------------------------------------------------------------------------------

# The last working day before Tết, and the deadlines of a case received that day. Tết Ất Tỵ:
# Monday 27 January to Saturday 1 February 2025; Tết Bính Ngọ: Monday 16 to Friday 20 February
# 2026.
TET = {
    "tet-2025": {
        "received": D(2025, 1, 24),
        # Luật Tố cáo, art. 24: 7 working days, not counting the five days of Tết.
        "denunciation_acceptance": D(2025, 2, 11),
        "denunciation_acceptance_verified": D(2025, 2, 14),
        # Luật Khiếu nại, art. 27: 10 days, ending on a working day.
        "complaint_acceptance": D(2025, 2, 3),
        # 30 days from acceptance on the day of receipt: Sunday 23 February, so Monday.
        "resolution": D(2025, 2, 24),
    },
    "tet-2026": {
        "received": D(2026, 2, 13),
        "denunciation_acceptance": D(2026, 3, 3),
        "denunciation_acceptance_verified": D(2026, 3, 6),
        # 10 days later is Monday 23 February, the first working day after Tết.
        "complaint_acceptance": D(2026, 2, 23),
        # Sunday 15 March, so Monday 16 March.
        "resolution": D(2026, 3, 16),
    },
}


@pytest.mark.parametrize("tet", TET.values(), ids=TET.keys())
def test_a_case_received_the_day_before_tet_is_counted_past_the_holiday(
    tet, provinces, user_factory, clock
):
    today = clock(tet["received"])
    inspector = user_factory("inspector")
    denunciation = make_complaint(
        received_on=today, kind=ComplaintKind.DENUNCIATION, subject="Tố cáo trước Tết"
    )
    assert denunciation.acceptance_due_on == tet["denunciation_acceptance"]
    verified = make_complaint(received_on=today, kind=ComplaintKind.DENUNCIATION, is_complex=True)
    assert verified.acceptance_due_on == tet["denunciation_acceptance_verified"]
    complaint = make_complaint(received_on=today, kind=ComplaintKind.COMPLAINT)
    assert complaint.acceptance_due_on == tet["complaint_acceptance"]
    services.complaint_transition(
        complaint=complaint, status=ComplaintStatus.ACCEPTED, on=today, by=inspector
    )
    complaint.refresh_from_db()
    assert complaint.accepted_on == today
    assert complaint.due_on == tet["resolution"]


def test_a_period_whose_last_day_falls_in_tet_ends_on_the_first_working_day_after_it():
    calendar = working_calendar()
    # 10 days after Friday 17 January 2025 is Monday 27 January, the first day of Tết.
    assert calendar.period_end(D(2025, 1, 17), 10) == D(2025, 2, 3)
    # 10 days after Friday 6 February 2026 is Monday 16 February, Giao thừa.
    assert calendar.period_end(D(2026, 2, 6), 10) == D(2026, 2, 23)
    assert calendar.holiday_name(D(2026, 2, 17)) == "Tết Nguyên Đán"


def test_the_calendar_knows_the_compensatory_saturdays_the_government_moved():
    calendar = WorkingCalendar()
    # Friday 2 May 2025 was a day off, worked on Saturday 26 April instead.
    assert not calendar.is_working_day(D(2025, 5, 2))
    assert calendar.is_working_day(D(2025, 4, 26))
    assert not calendar.is_working_day(D(2025, 4, 19))  # an ordinary Saturday


# Days off an administrator records -----------------------------------------------------------


def test_a_recorded_day_off_moves_the_deadlines_of_open_cases_only(provinces):
    open_case = make_complaint(received_on=D(2021, 11, 1))  # due Wednesday 1 December 2021
    closed_case = make_complaint(received_on=D(2021, 11, 1))
    services.complaint_transition(
        complaint=closed_case, status=ComplaintStatus.REJECTED, on=D(2021, 11, 3), outcome="Không"
    )
    DayOff.objects.create(on=D(2021, 12, 1), reason="Nghỉ theo thông báo của Chính phủ")
    assert services.complaint_deadlines_recount() == 1
    open_case.refresh_from_db()
    closed_case.refresh_from_db()
    assert open_case.due_on == D(2021, 12, 2)
    assert closed_case.due_on == D(2021, 12, 1)
    # A case recorded afterwards is counted with the day off too.
    assert make_complaint(received_on=D(2021, 11, 1)).due_on == D(2021, 12, 2)


def test_a_recorded_working_saturday_ends_a_period_that_would_move_to_monday(provinces):
    received = D(2021, 11, 4)  # 30 days later is Saturday 4 December 2021
    assert services.complaint_due_on(received_on=received, kind="complaint") == D(2021, 12, 6)
    DayOff.objects.create(on=D(2021, 12, 4), kind=DayOffKind.WORKING_DAY, reason="Làm bù")
    assert services.complaint_due_on(received_on=received, kind="complaint") == D(2021, 12, 4)


# The overdue flag ------------------------------------------------------------------------------


def test_recording_a_case_sets_its_deadline_and_editing_the_kind_moves_it(provinces):
    complaint = make_complaint(received_on=D(2021, 11, 5))
    assert complaint.due_on == D(2021, 12, 6)
    assert complaint.steps.get().status == ComplaintStatus.RECEIVED
    services.complaint_update(complaint=complaint, is_complex=True)
    complaint.refresh_from_db()
    assert complaint.due_on == D(2021, 12, 20)


def test_overdue_is_derived_from_the_deadline_and_the_status(provinces, user_factory):
    inspector = user_factory("inspector")
    complaint = make_complaint(received_on=D(2021, 11, 1))  # due 1 December 2021
    flags = {
        day: selectors.complaints(user=inspector, today=day).get(pk=complaint.pk).is_overdue
        for day in (D(2021, 12, 1), D(2021, 12, 2))
    }
    assert flags == {D(2021, 12, 1): False, D(2021, 12, 2): True}
    services.complaint_transition(
        complaint=complaint, status=ComplaintStatus.ACCEPTED, on=D(2021, 11, 2)
    )
    services.complaint_transition(
        complaint=complaint,
        status=ComplaintStatus.RESOLVED,
        on=D(2021, 12, 10),
        outcome="Đã giải quyết.",
    )
    closed = selectors.complaints(user=inspector, today=D(2021, 12, 20)).get(pk=complaint.pk)
    assert closed.is_overdue is False


def test_overdue_counts_days_in_vietnam_not_in_utc(provinces, user_factory, monkeypatch):
    inspector = user_factory("inspector")
    complaint = make_complaint(received_on=D(2021, 11, 1))  # due 1 December 2021
    # 18:00 UTC on 1 December is already 01:00 on 2 December in Hà Nội.
    moment = datetime.datetime(2021, 12, 1, 18, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert selectors.local_today() == D(2021, 12, 2)
    assert selectors.complaints(user=inspector).get(pk=complaint.pk).is_overdue is True
    assert [c.pk for c in selectors.open_complaints(user=inspector)] == [complaint.pk]
